//! The build pipeline as a library stage: the rendered site model written into an output folder.
//!
//! Both commands call it: `gongkai build` for the whole portal, and `gongkai serve` (through
//! [`crate::serve::rebuild`]) for its first and its full rebuilds. Before it run the stages `check`
//! runs too ([`crate::site::Site::load`]: load → validate), then [`crate::site::model::Model::new`]
//! and [`crate::render::Renderer::new`]; after it, only printing, which is the commands' work.

use crate::error::Error;
use crate::i18n::cli_lang;
use crate::msg;
use crate::output::{self, Recorded, Staging, State, Stats, Summary};
use crate::render::{Body, Job, Page, Renderer};
use rayon::prelude::*;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

pub mod cache;
pub mod identity;
mod inputs;

/// Render every job into a fresh folder and swap it in for `target`. On any error nothing is
/// swapped and the fresh folder is removed. `progress` shows a counter on stderr for large sites.
///
/// Over a previous output built from the same shared inputs (see [`inputs`]), only the jobs
/// whose inputs changed are rendered: the others' files are kept as the manifest lists them,
/// and the rendered files are moved into the previous output ([`Staging::keep`]). The result is
/// byte for byte what a fresh build writes.
pub fn build_site(renderer: &Renderer, target: &Path, progress: bool) -> Result<Stats, Error> {
    build(renderer, target, progress, None, None, false)
}

/// [`build_site`], keeping with the build state what `build` took of its inputs before loading
/// them and what it will print ([`identity`]), so that the next build can tell at once, with
/// [`unchanged`], that it has nothing to do; when the site was loaded with [`cache::load`], the
/// report cache for the next build to load from; and the parts of the site-wide files, so that
/// the next build assembles them from the unchanged reports' parts.
pub fn build_site_recorded(
    renderer: &Renderer,
    target: &Path,
    progress: bool,
    recorded: Option<Recorded>,
    loaded: Option<&cache::Loaded>,
) -> Result<Stats, Error> {
    build(renderer, target, progress, recorded, loaded, true)
}

/// The build; with `keep_parts`, the site-wide files are assembled from parts kept beside the
/// output ([`crate::render::parts`]). `serve` does not keep them: its output is a temporary
/// folder, and the folder of parts would outlive it.
fn build(
    renderer: &Renderer,
    target: &Path,
    progress: bool,
    recorded: Option<Recorded>,
    loaded: Option<&cache::Loaded>,
    keep_parts: bool,
) -> Result<Stats, Error> {
    output::check_target(&renderer.model.site.root, target)?;
    let staging = Staging::new(target)?;
    let (result, cached) = std::thread::scope(|scope| {
        // The report cache (hundreds of megabytes at 100,000 reports) meanwhile, from the start:
        // after a one-report edit, telling the jobs to keep and rendering the few others leave a
        // core free now and then.
        let staging = &staging;
        let cache = loaded.map(|loaded| scope.spawn(move || loaded.save(staging)));
        let r = render_into(
            renderer, staging, target, progress, recorded, loaded, keep_parts,
        );
        let cached = cache.map(|c| c.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        (r, cached)
    });
    result?;
    cached.transpose()?;
    let stats = staging.commit()?;
    // The indexes of the parts describe the files now in place.
    if let Some(parts) = renderer.parts() {
        parts.save();
    }
    Ok(stats)
}

/// The jobs of [`build`] into `staging`: those whose inputs changed since the previous output
/// rendered, the others kept.
fn render_into(
    renderer: &Renderer,
    staging: &Staging,
    target: &Path,
    progress: bool,
    recorded: Option<Recorded>,
    loaded: Option<&cache::Loaded>,
    keep_parts: bool,
) -> Result<(), Error> {
    let jobs: Vec<Job> = renderer.jobs();
    let digests = loaded.map(cache::Loaded::digests);
    let keys = inputs::keys(renderer, &jobs, digests.as_ref());
    let todo: Vec<&Job> = match (&keys, staging.previous_state()) {
        (Some(keys), Some(prev)) if prev.shared == keys.shared => jobs
            .par_iter()
            .zip(&keys.jobs)
            .enumerate()
            .filter(|(at, (job, key))| {
                let same = prev.key(*at, &job.outputs[0]) == Some(*key);
                !(same && staging.keep(&job.outputs))
            })
            .map(|(_, (job, _))| job)
            .collect(),
        _ => jobs.iter().collect(),
    };
    if let Some(keys) = keys.as_ref().filter(|_| keep_parts) {
        let reports = keys.reports.iter().map(|(f, k)| (f.as_str(), k));
        if let Some(parts) = crate::render::parts::Parts::new(target, &keys.shared, reports) {
            renderer.keep_parts(std::sync::Arc::new(parts));
        }
    }
    if let Some(keys) = keys {
        let mut state = State::new(keys.shared);
        state.recorded = recorded;
        for (job, key) in jobs.iter().zip(keys.jobs) {
            state.push(&job.outputs[0], key);
        }
        staging.set_state(state);
    }
    let outputs: Vec<&[String]> = todo.iter().map(|j| j.outputs.as_slice()).collect();
    let (shared, own) = output::plan_dirs(&outputs);
    staging.create_dirs(&shared)?;
    let done = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        if progress && todo.len() >= 1000 {
            scope.spawn(|| show_progress(&done, &finished, todo.len()));
        }
        // The heavy jobs first, and every job a task of its own (`with_max_len(1)`): the first
        // core takes them in order while the other starts on the pages, and whichever finishes
        // first takes the rest of the other's list piece by piece, so that neither waits at the
        // end behind a long run of pages. A core waiting for a piece of a job (the files of the
        // site-wide data job are written in parallel) takes other jobs meanwhile.
        let order = heaviest_first(&todo);
        let r = order
            .par_iter()
            .with_max_len(1)
            .try_for_each(|&k| -> Result<(), Error> {
                let files = renderer.render_parts(todo[k])?;
                for d in &own[k] {
                    staging.create_dir(d)?;
                }
                // In parallel: the site-wide data job writes several large files (the long CSV
                // alone is a hundred megabytes at 10,000 reports), and after a one-report edit
                // it is most of what is left to do.
                files
                    .into_par_iter()
                    .try_for_each(|(path, body)| match body {
                        Body::Bytes(bytes) => staging.write(&path, &bytes),
                        Body::Stream(fill) => staging.write_stream(&path, fill),
                    })?;
                done.fetch_add(1, Ordering::Relaxed);
                Ok(())
            });
        finished.store(true, Ordering::Relaxed);
        r
    })
}

/// When nothing `build` reads has changed since it built `target` (the site's files as `walk`
/// found them, the binary, the date, `base_url`: see [`identity`]) and the output is still as that build left it
/// ([`output::unchanged`]): what that build reported. Nothing is loaded, rendered or written.
pub fn unchanged(
    walk: &identity::Walk,
    root: &Path,
    target: &Path,
    base_url: Option<&str>,
) -> Option<(Stats, Summary)> {
    output::check_target(root, target).ok()?;
    let mut summary = None;
    let stats = output::unchanged(target, |state| {
        let recorded = state.recorded.as_ref();
        summary = recorded
            .filter(|r| walk.same(base_url, r))
            .map(|r| r.summary);
        summary.is_some()
    })?;
    Some((stats, summary?))
}

/// The indices of `jobs`, those that take long first (the site-wide files, the year workbooks,
/// the supervision pages, the search index, the lists), then the many pages of one report or
/// department each, in their order. The first core takes the heavy ones one after the other, so
/// the two largest, the site-wide files and the search index (whose memory grows with the
/// portal), do not run at once.
fn heaviest_first(jobs: &[&Job]) -> Vec<usize> {
    let weight = |page: &Page| match page {
        Page::Data => 0,
        Page::Year(_) => 1,
        Page::Supervision | Page::SupervisionYear(_) => 2,
        Page::Search => 3,
        Page::Manual | Page::Home | Page::Departments => 4,
        Page::SearchText(_) | Page::Sitemap | Page::Feed => 5,
        _ => 6,
    };
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&k| weight(&jobs[k].page));
    order
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
