//! `gongkai build [SITE] [--output DIR] [--base-url URL]`: the whole portal as static files.
//!
//! The pipeline is the one `check` runs (load → validate) followed by the site model, the
//! renderer's jobs (rendered in parallel) and the atomic output folder. `serve` reuses
//! [`build_site`]'s parts: `Model::new`, `Renderer::jobs` and `Renderer::render`.

use crate::diagnostics::{self, Printer};
use crate::error::{self, Error};
use crate::i18n::{self, cli_lang};
use crate::msg;
use crate::output::{self, Staging, Stats};
use crate::render::{Job, Renderer};
use crate::site::Site;
use crate::site::model::Model;
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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
    let stats =
        build_site(&renderer, &target, std::io::stderr().is_terminal()).inspect_err(|_| {
            eprintln!("{}", i18n::t(lang, "build-untouched"));
        })?;
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
    Ok(())
}

fn print_diagnostics(root: &Path, diags: &[diagnostics::Diagnostic]) {
    let color = Printer::color_wanted(std::io::stderr().is_terminal());
    let mut printer = Printer::new(root, color, cli_lang());
    for d in diags {
        eprintln!("{}", printer.render(d));
    }
}

/// Render every job into a fresh folder and swap it in for `target`. On any error nothing is
/// swapped and the fresh folder is removed.
pub fn build_site(renderer: &Renderer, target: &Path, progress: bool) -> Result<Stats, Error> {
    output::check_target(&renderer.model.site.root, target)?;
    let jobs: Vec<Job> = renderer.jobs();
    let mut staging = Staging::new(target)?;
    let outputs: Vec<&[String]> = jobs.iter().map(|j| j.outputs.as_slice()).collect();
    let (shared, own) = output::plan_dirs(&outputs);
    staging.create_dirs(&shared)?;
    let done = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        if progress && jobs.len() >= 1000 {
            scope.spawn(|| show_progress(&done, &finished, jobs.len()));
        }
        let r = jobs
            .par_iter()
            .zip(&own)
            .try_for_each(|(job, dirs)| -> Result<(), Error> {
                let files = renderer.render(job)?;
                for d in dirs {
                    staging.create_dir(d)?;
                }
                for out in files {
                    staging.write(&out.path, &out.bytes)?;
                }
                done.fetch_add(1, Ordering::Relaxed);
                Ok(())
            });
        finished.store(true, Ordering::Relaxed);
        r
    });
    result?;
    staging.commit()
}

/// `rendering 1234/10051` on one terminal line, updated a few times a second.
fn show_progress(done: &AtomicUsize, finished: &AtomicBool, total: usize) {
    while !finished.load(Ordering::Relaxed) {
        let done = done.load(Ordering::Relaxed);
        eprint!(
            "\r{}",
            msg!("build-progress", done = done, total = total).text(cli_lang())
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    eprint!("\r\x1b[2K");
}
