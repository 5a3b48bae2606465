//! `gongkai build [SITE] [--output DIR] [--base-url URL]`: the whole portal as static files.
//!
//! Thin: load and validate the site, make the model and the renderer, hand them to
//! [`pipeline::build_site_recorded`], print what happened and return the exit code. First, when
//! nothing it reads has changed since it built the output ([`pipeline::unchanged`]), it only
//! says so, as that build did, without loading the site.

use crate::diagnostics::{self, Printer};
use crate::error::{self, Error};
use crate::i18n::{self, cli_lang};
use crate::msg;
use crate::output::{self, Recorded, Stats, Summary};
use crate::pipeline;
use crate::render::{Renderer, Urls};
use crate::schema::Severity;
use crate::site::model::Model;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub struct Options {
    pub site: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
}

pub fn run(opts: &Options) -> i32 {
    match build(opts) {
        Ok(()) => 0,
        Err(e) => error::report(&e),
    }
}

fn build(opts: &Options) -> Result<(), Error> {
    let started = Instant::now();
    if !opts.site.is_dir() {
        return Err(Error::NotASite(opts.site.clone()));
    }
    // Before the site is read: an edit made while it is read makes the next build read it again.
    let walk = pipeline::identity::Walk::new(&opts.site);
    if let Some(walk) = &walk
        && unchanged(opts, walk, started)
    {
        return Ok(());
    }
    let taken = walk.as_ref().and_then(|w| w.take(opts.base_url.as_deref()));
    let loaded = pipeline::cache::load(&opts.site, |config| target(opts, config), walk.as_ref());
    drop(walk);
    let (site, loaded) = match loaded {
        Ok(s) => s,
        Err(e) => {
            print_diagnostics(&opts.site, &e.0);
            return Err(Error::Config);
        }
    };
    i18n::follow_site(site.config.lang());
    let lang = cli_lang();
    let blocking = site.blocking_errors().len();
    if blocking > 0 {
        print_diagnostics(&site.root, &site.diagnostics);
        eprintln!(
            "{}",
            diagnostics::summary_line(site.files, &site.diagnostics, lang)
        );
        // publish_with_errors publishes reports that break rules; it cannot help when no
        // blocking error is in a report (an empty folder, a bad departments.toml).
        let in_reports = site
            .blocking_errors()
            .iter()
            .any(|d| site.reports.iter().any(|r| r.file == d.file));
        if !site.config.publish_with_errors && !in_reports {
            return Err(Error::NotBuiltFixFirst { errors: blocking });
        }
        return Err(Error::NotBuilt {
            errors: blocking,
            publishable: site.config.publish_with_errors,
        });
    }
    let target = target(opts, &site.config);
    let model = Model::new(&site);
    let renderer = Renderer::new(&model, opts.base_url.as_deref())?;
    if !renderer.urls.is_absolute() {
        error::warn(&crate::render::base_url_warning(&renderer.urls));
    }
    let flagged = model.reports.iter().filter(|r| r.errors() > 0).count();
    let summary = Summary {
        files: site.files,
        errors: diagnostics::count(&site.diagnostics, Severity::Error),
        warnings: diagnostics::count(&site.diagnostics, Severity::Warning),
        flagged,
        reports: model.reports.len(),
    };
    let recorded = taken.map(|(secs, nanos, inputs)| Recorded {
        taken: (secs, nanos),
        inputs,
        summary,
    });
    let progress = std::io::stderr().is_terminal();
    let stats = pipeline::build_site_recorded(&renderer, &target, progress, recorded, Some(loaded))
        .inspect_err(|_| {
            eprintln!("{}", i18n::t(lang, "build-untouched"));
        })?;
    print_done(&target, &stats, &summary, started);
    // The site is written: freeing its model report by report would only delay the exit, which
    // returns the memory at once.
    std::mem::forget(renderer);
    std::mem::forget(model);
    std::mem::forget(site);
    Ok(())
}

/// Nothing to do: the output is as the last build left it and nothing it read has changed.
/// Says what that build said (the site's settings are read for the language and the output).
fn unchanged(opts: &Options, walk: &pipeline::identity::Walk, started: Instant) -> bool {
    let Ok(config) = crate::config::SiteConfig::load(&opts.site) else {
        return false;
    };
    let target = target(opts, &config);
    let base_url = opts.base_url.as_deref();
    let Some((stats, summary)) = pipeline::unchanged(walk, &opts.site, &target, base_url) else {
        return false;
    };
    i18n::follow_site(config.lang());
    let urls = Urls::new(base_url.unwrap_or(&config.base_url));
    if !urls.is_absolute() {
        error::warn(&crate::render::base_url_warning(&urls));
    }
    print_done(&target, &stats, &summary, started);
    true
}

/// The output folder: `--output`, else the site's `output_dir`.
fn target(opts: &Options, config: &crate::config::SiteConfig) -> PathBuf {
    opts.output
        .clone()
        .unwrap_or_else(|| opts.site.join(&config.output_dir))
}

/// What a finished build prints: the findings' summary, the reports published with errors, what
/// was written and what was kept.
fn print_done(target: &Path, stats: &Stats, summary: &Summary, started: Instant) {
    let lang = cli_lang();
    if stats.leftover_removed {
        eprintln!(
            "{}{}",
            i18n::t(lang, "label-note"),
            msg!(
                "build-leftover-removed",
                target = target.display().to_string()
            )
            .text(lang)
        );
    }
    eprintln!(
        "{}",
        diagnostics::summary_of(summary.files, summary.errors, summary.warnings, lang)
    );
    let flagged = summary.flagged;
    if flagged > 0 {
        eprintln!(
            "{}{}",
            i18n::t(lang, "label-note"),
            msg!("build-flagged", count = flagged).text(lang)
        );
    }
    let done = msg!(
        "build-done",
        reports = summary.reports,
        target = target.display().to_string(),
        files = stats.files,
        dirs = stats.dirs,
        size = format!("{:.1}", stats.bytes as f64 / 1e6),
        seconds = format!("{:.2}", started.elapsed().as_secs_f64())
    );
    eprintln!("{}", done.text(lang));
    let changes = msg!(
        "build-changes",
        written = stats.files - stats.kept,
        kept = stats.kept,
        removed = stats.removed.len(),
        manifest = target.join(output::MANIFEST_SHA256).display().to_string()
    );
    eprintln!("{}", changes.text(lang));
}

fn print_diagnostics(root: &Path, diags: &[diagnostics::Diagnostic]) {
    let color = Printer::color_wanted(std::io::stderr().is_terminal());
    let mut printer = Printer::new(root, color, cli_lang());
    for d in diags {
        eprintln!("{}", printer.render(d));
    }
}
