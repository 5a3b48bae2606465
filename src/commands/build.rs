//! `gongkai build [SITE] [--output DIR] [--base-url URL]`: the whole portal as static files.
//!
//! The pipeline is the one `check` runs (load → validate) followed by the site model, the
//! renderer's jobs (rendered in parallel) and the atomic output folder. `serve` reuses
//! [`build_site`]'s parts: `Model::new`, `Renderer::jobs` and `Renderer::render`.

use crate::diagnostics::{self, Printer};
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
    let started = Instant::now();
    if !opts.site.is_dir() {
        eprintln!("error: {} is not a site folder", opts.site.display());
        return 2;
    }
    let site = match Site::load(&opts.site) {
        Ok(s) => s,
        Err(e) => {
            print_diagnostics(&opts.site, &e.0);
            return 1;
        }
    };
    let blocking = site.blocking_errors().len();
    if blocking > 0 {
        print_diagnostics(&site.root, &site.diagnostics);
        eprintln!(
            "{}",
            diagnostics::summary_line(site.files, &site.diagnostics)
        );
        let s = if blocking == 1 { "" } else { "s" };
        if site.config.publish_with_errors {
            eprintln!(
                "error: not built: {blocking} error{s} in files that cannot be published (fix them; reports that only break rules are published with their findings)"
            );
        } else {
            eprintln!(
                "error: not built: {blocking} error{s} (set `publish_with_errors = true` in site.toml to publish reports with their findings shown)"
            );
        }
        return 1;
    }
    let target = opts
        .output
        .clone()
        .unwrap_or_else(|| site.root.join(&site.config.output_dir));
    let model = Model::new(&site);
    let renderer = match Renderer::new(&model, opts.base_url.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    match build_site(&renderer, &target, std::io::stderr().is_terminal()) {
        Ok(stats) => {
            if stats.leftover_removed {
                eprintln!(
                    "note: an earlier build of {} was interrupted; the unfinished folder it left was removed",
                    target.display()
                );
            }
            eprintln!(
                "{}",
                diagnostics::summary_line(site.files, &site.diagnostics)
            );
            let flagged = model.reports.iter().filter(|r| r.errors() > 0).count();
            if flagged > 0 {
                eprintln!(
                    "note: {flagged} report{} with errors published with their findings shown",
                    if flagged == 1 { "" } else { "s" }
                );
            }
            eprintln!(
                "built {} report{} into {}: {} files in {} folders ({:.1} MB) in {:.2}s",
                model.reports.len(),
                if model.reports.len() == 1 { "" } else { "s" },
                target.display(),
                stats.files,
                stats.dirs,
                stats.bytes as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("the previous output (if any) was left untouched");
            1
        }
    }
}

fn print_diagnostics(root: &Path, diags: &[diagnostics::Diagnostic]) {
    let mut printer = Printer::new(root, Printer::color_wanted(std::io::stderr().is_terminal()));
    for d in diags {
        eprintln!("{}", printer.render(d));
    }
}

/// Render every job into a fresh folder and swap it in for `target`. On any error nothing is
/// swapped and the fresh folder is removed.
pub fn build_site(renderer: &Renderer, target: &Path, progress: bool) -> Result<Stats, String> {
    output::check_target(&renderer.model.site.root, target).map_err(|e| e.to_string())?;
    let jobs: Vec<Job> = renderer.jobs();
    let mut staging = Staging::new(target).map_err(|e| e.to_string())?;
    let outputs: Vec<&[String]> = jobs.iter().map(|j| j.outputs.as_slice()).collect();
    let (shared, own) = output::plan_dirs(&outputs);
    staging.create_dirs(&shared).map_err(|e| e.to_string())?;
    let done = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        if progress && jobs.len() >= 1000 {
            scope.spawn(|| show_progress(&done, &finished, jobs.len()));
        }
        let r = jobs
            .par_iter()
            .zip(&own)
            .try_for_each(|(job, dirs)| -> Result<(), String> {
                let files = renderer.render(job).map_err(|e| e.to_string())?;
                for d in dirs {
                    staging.create_dir(d).map_err(|e| e.to_string())?;
                }
                for out in files {
                    staging
                        .write(&out.path, &out.bytes)
                        .map_err(|e| e.to_string())?;
                }
                done.fetch_add(1, Ordering::Relaxed);
                Ok(())
            });
        finished.store(true, Ordering::Relaxed);
        r
    });
    result?;
    staging.commit().map_err(|e| e.to_string())
}

/// `rendering 1234/10051` on one terminal line, updated a few times a second.
fn show_progress(done: &AtomicUsize, finished: &AtomicBool, total: usize) {
    while !finished.load(Ordering::Relaxed) {
        eprint!("\rrendering {}/{total}", done.load(Ordering::Relaxed));
        std::thread::sleep(Duration::from_millis(200));
    }
    eprint!("\r\x1b[2K");
}
