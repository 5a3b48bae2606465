//! `gongkai build [SITE] [--output DIR] [--base-url URL]`: the whole portal as static files.
//!
//! Thin: load and validate the site, make the model and the renderer, hand them to
//! [`pipeline::build_site`], print what happened and return the exit code.

use crate::diagnostics::{self, Printer};
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
        // The setting publishes reports that break rules; it cannot help when no blocking error
        // is in a report (an empty folder, a bad departments.toml, an unreadable file).
        let in_reports = site
            .blocking_errors()
            .iter()
            .any(|d| site.reports.iter().any(|r| r.file == d.file));
        if site.config.publish_with_errors {
            eprintln!(
                "error: not built: {blocking} error{s} in files that cannot be published (fix them; reports that only break rules are published with their findings)"
            );
        } else if !in_reports {
            eprintln!("error: not built: {blocking} error{s} (fix them first)");
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
    if let Some(w) = crate::render::base_url_warning(&renderer.urls) {
        eprintln!("{w}");
    }
    match pipeline::build_site(&renderer, &target, std::io::stderr().is_terminal()) {
        Ok(stats) => {
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
