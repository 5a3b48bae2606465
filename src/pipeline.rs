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
/// report cache for the next build to load from (`loaded`, let go as it is written); and the
/// parts of the site-wide files, so that the next build assembles them from the unchanged
/// reports' parts.
pub fn build_site_recorded(
    renderer: &Renderer,
    target: &Path,
    progress: bool,
    recorded: Option<Recorded>,
    loaded: Option<cache::Loaded>,
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
    mut loaded: Option<cache::Loaded>,
    keep_parts: bool,
) -> Result<Stats, Error> {
    output::check_target(&renderer.model.site.root, target)?;
    let ahead = loaded.as_mut().and_then(cache::Loaded::ahead);
    let staging = Staging::new_with(target, ahead)?;
    let jobs: Vec<Job> = renderer.jobs();
    // The keys before the report cache is written: they take each report file's SHA-256 from
    // what was loaded, which the writing lets go as it goes.
    let digests = loaded.as_ref().map(cache::Loaded::digests);
    let keys = inputs::keys(renderer, &jobs, digests.as_ref());
    drop(digests);
    let (result, cached) = std::thread::scope(|scope| {
        // The report cache (hundreds of megabytes at 100,000 reports) meanwhile: after a
        // one-report edit, telling the jobs to keep and rendering the few others leave a core
        // free now and then. On a pool of its own: the pages' pool takes work given from
        // outside only once its workers have none, and in a full build the cache, its entries
        // held meanwhile, was written after the last page.
        let staging = &staging;
        let cache = loaded.map(|loaded| scope.spawn(move || on_own_pool(|| loaded.save(staging))));
        let r = render_into(
            renderer, staging, target, progress, recorded, jobs, keys, keep_parts,
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

/// `f` on a rayon pool of as many threads as the global one, made for it (on the global pool
/// when one cannot be made).
fn on_own_pool<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new()
        .num_threads(rayon::current_num_threads())
        .build()
    {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

/// The jobs of [`build`] into `staging`: those whose inputs changed since the previous output
/// rendered (by `keys`, see [`inputs`]), the others kept.
#[allow(clippy::too_many_arguments)]
fn render_into(
    renderer: &Renderer,
    staging: &Staging,
    target: &Path,
    progress: bool,
    recorded: Option<Recorded>,
    jobs: Vec<Job>,
    keys: Option<inputs::Keys>,
    keep_parts: bool,
) -> Result<(), Error> {
    staging.reserve(jobs.iter().map(|j| j.outputs.len()).sum());
    let render: Vec<bool> = match (&keys, staging.previous_state()) {
        (Some(keys), Some(prev)) if prev.shared == keys.shared => jobs
            .par_iter()
            .zip(&keys.jobs)
            .enumerate()
            .map(|(at, (job, key))| {
                let same = prev.key(at, &job.outputs[0]) == Some(key);
                !(same && staging.keep(&job.outputs))
            })
            .collect(),
        _ => vec![true; jobs.len()],
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
    // Only the jobs to render are kept: after a one-report edit the others' paths (tens of
    // megabytes at 100,000 reports) are let go before the site-wide jobs run.
    let mut todo: Vec<Job> = (jobs.into_iter().zip(render))
        .filter_map(|(job, render)| render.then_some(job))
        .collect();
    todo.shrink_to_fit();
    let outputs: Vec<&[String]> = todo.iter().map(|j| j.outputs.as_slice()).collect();
    let (shared, own) = output::plan_dirs(&outputs);
    staging.create_dirs(&shared)?;
    let done = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let finished = AtomicBool::new(false);
    // One job and its files; `Err(None)` when it was not started because another job failed.
    let run = |k: usize| -> Result<(), Option<Error>> {
        if failed.load(Ordering::Relaxed) {
            return Err(None);
        }
        let job = &todo[k];
        let r = renderer.render_parts(job).and_then(|files| {
            for d in &own[k] {
                staging.create_dir(d)?;
            }
            // In parallel: the site-wide data job writes several large files (the long CSV
            // alone is a hundred megabytes at 10,000 reports), and after a one-report edit it
            // is most of what is left to do.
            // The copies of other files after them, from the files written.
            let (copies, files): (Vec<_>, Vec<_>) =
                (files.into_iter()).partition(|(_, body)| matches!(body, Body::CopyOf { .. }));
            files
                .into_par_iter()
                .try_for_each(|(path, body)| match body {
                    Body::Bytes(bytes) => staging.write(&path, &bytes),
                    Body::Stream(fill) => staging.write_stream(&path, fill),
                    Body::CopyOf { .. } => unreachable!("copies were set apart"),
                })?;
            copies
                .into_par_iter()
                .try_for_each(|(path, body)| match body {
                    Body::CopyOf { of, prefix } => {
                        staging.write_copy(&path, &job.outputs[of], prefix)
                    }
                    _ => unreachable!("only copies"),
                })
        });
        if r.is_err() {
            failed.store(true, Ordering::Relaxed);
        }
        done.fetch_add(1, Ordering::Relaxed);
        r.map_err(Some)
    };
    let (site_wide, pages) = site_wide_first(&todo);
    let (a, b) = std::thread::scope(|scope| {
        if progress && todo.len() >= 1000 {
            scope.spawn(|| show_progress(&done, &finished, todo.len()));
        }
        // The site-wide jobs one after the other (in the order of `site_wide_first`) on one
        // core (each takes memory that grows with the portal: two at once made the peak of a
        // one-report rebuild), while the other renders the pages, every page a task of its own
        // (`with_max_len(1)`). Whichever core finishes first helps the other: with the pages
        // left, or with the pieces of a site-wide job (the files of the data job are written
        // in parallel).
        let r = rayon::join(
            || site_wide.iter().try_for_each(|&k| run(k)),
            || pages.par_iter().with_max_len(1).try_for_each(|&k| run(k)),
        );
        finished.store(true, Ordering::Relaxed);
        r
    });
    match (a, b) {
        (Err(Some(e)), _) | (_, Err(Some(e))) => Err(e),
        _ => Ok(()),
    }
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

/// The indices of the site-wide jobs (the search index, the site-wide files, the year
/// workbooks, the lists, the supervision pages), and of the others: the search texts, sitemap
/// and feed, then the many pages of one report or department each, in their order.
///
/// The site-wide jobs come in the order that keeps the build's memory lowest (each takes memory
/// that grows with the portal, on top of what the jobs before it left held), measured at
/// 100,000 reports: the search index first, while the pages' core starts on the search texts,
/// so that each report's text one of them makes is taken by the other soon after (offered texts
/// are held up to [`crate::render::search::text`]'s budget, 48 MB: with the index later, every
/// job before it ran with them held); the supervision pages last, as what they share
/// ([`crate::site::supervision::Supervision`], 18 MB) is held from the first of them to the end.
fn site_wide_first(jobs: &[Job]) -> (Vec<usize>, Vec<usize>) {
    let weight = |page: &Page| match page {
        Page::Search => 0,
        Page::Data => 1,
        Page::Year(_) => 2,
        Page::Manual | Page::Home | Page::Departments => 3,
        Page::Supervision | Page::SupervisionYear(_) => 4,
        Page::SearchText(_) | Page::Sitemap | Page::Feed => 5,
        _ => 6,
    };
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&k| weight(&jobs[k].page));
    // Up to the lists: the site-wide jobs.
    order.into_iter().partition(|&k| weight(&jobs[k].page) <= 4)
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
