//! `gongkai build [SITE] [--output DIR] [--base-url URL]`: the whole portal as static files.
//!
//! Thin: load and validate the site, make the model and the renderer, hand them to
//! [`pipeline::build_site`], print what happened and return the exit code.

use crate::diagnostics::{self, Printer};
use crate::error::{self, Error};
use crate::i18n::{self, cli_lang};
use crate::msg;
use crate::output;
use crate::pipeline;
use crate::render::Renderer;
use crate::site::Site;
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
    let site = match Site::load(&opts.site) {
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
    let target = opts
        .output
        .clone()
        .unwrap_or_else(|| site.root.join(&site.config.output_dir));
    let model = Model::new(&site);
    let renderer = Renderer::new(&model, opts.base_url.as_deref())?;
    if !renderer.urls.is_absolute() {
        error::warn(&crate::render::base_url_warning(&renderer.urls));
    }
    let stats = pipeline::build_site(&renderer, &target, std::io::stderr().is_terminal())
        .inspect_err(|_| {
            eprintln!("{}", i18n::t(lang, "build-untouched"));
        })?;
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
        diagnostics::summary_line(site.files, &site.diagnostics, lang)
    );
    let flagged = model.reports.iter().filter(|r| r.errors() > 0).count();
    if flagged > 0 {
        eprintln!(
            "{}{}",
            i18n::t(lang, "label-note"),
            msg!("build-flagged", count = flagged).text(lang)
        );
    }
    let done = msg!(
        "build-done",
        reports = model.reports.len(),
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
    // The site is written: freeing its model report by report would only delay the exit, which
    // returns the memory at once.
    std::mem::forget(renderer);
    std::mem::forget(model);
    std::mem::forget(site);
    Ok(())
}

fn print_diagnostics(root: &Path, diags: &[diagnostics::Diagnostic]) {
    let color = Printer::color_wanted(std::io::stderr().is_terminal());
    let mut printer = Printer::new(root, color, cli_lang());
    for d in diags {
        eprintln!("{}", printer.render(d));
    }
}
