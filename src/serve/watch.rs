//! Watching a site for edits: notify on the folders a build reads, a short debounce, and a
//! classification of each batch of paths into what has to be rebuilt.
//!
//! Editors save in many ways (write in place; write a temp file and rename it over the original;
//! vim's `4913` probe and `file~` backup). So events only say *which paths* to look at; what
//! changed is read from the disk after the debounce, never from the event kinds.

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// The folders under the site root that a build reads.
pub const WATCHED_DIRS: [&str; 4] = ["content", "templates", "static", "themes"];

/// After the first event, wait for this much quiet before rebuilding…
const QUIET: Duration = Duration::from_millis(10);
/// …or only this much once every file written to since is closed (the save is whole: waiting
/// longer would only add to the time until the clerk sees the page)…
const SETTLED: Duration = Duration::from_millis(2);
/// …but never longer than this in all.
const MAX_WAIT: Duration = Duration::from_millis(100);

/// What the serve loop receives.
pub enum Msg {
    /// Paths that may have changed.
    Fs(Vec<PathBuf>),
    /// Files closed after being opened for writing: what was written to them is whole (see
    /// [`debounce`]). Not an edit by itself.
    Closed(Vec<PathBuf>),
    /// Ctrl-C.
    Stop,
    /// A site-wide pass ended (see [`super::sitewide`]).
    Rendered,
}

/// What a batch of edits requires.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// Templates, themes, configuration, departments or attachments: rebuild everything.
    Everything,
    /// Only these report files (`content/<year>/<slug>.md`, relative) changed, appeared or went.
    Reports(BTreeSet<String>),
    /// Only files under `static/` or stylesheets changed; `css_only` lets pages swap stylesheets.
    Assets { css_only: bool },
}

pub struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    watched: BTreeSet<PathBuf>,
}

impl Watch {
    /// Watch `root` (itself, for `site.toml` and folders that appear later) and each folder of
    /// [`WATCHED_DIRS`] that exists. Relevant paths are sent to `tx`, and `sent` is set: a
    /// rebuild still running can tell that a newer edit waits.
    pub fn new(root: &Path, tx: Sender<Msg>, sent: Arc<AtomicBool>) -> notify::Result<Watch> {
        let base = root.to_path_buf();
        // Symbolic links are not followed: a link to /usr in content/ would otherwise take
        // thousands of inotify watches, and the build does not read through such links anyway.
        let config = notify::Config::default().with_follow_symlinks(false);
        let mut watcher = RecommendedWatcher::new(
            move |res: notify::Result<notify::Event>| {
                let Ok(event) = res else {
                    return;
                };
                // Reads (the build's own among them) change nothing; a file closed after
                // writing says that the edit it ends is whole.
                let closed = matches!(
                    event.kind,
                    EventKind::Access(AccessKind::Close(AccessMode::Write))
                );
                if matches!(event.kind, EventKind::Access(_)) && !closed {
                    return;
                }
                let paths: Vec<PathBuf> = event
                    .paths
                    .into_iter()
                    .filter(|p| relevant(&base, p))
                    .collect();
                if paths.is_empty() {
                    return;
                }
                if closed {
                    let _ = tx.send(Msg::Closed(paths));
                } else {
                    sent.store(true, Ordering::Relaxed);
                    let _ = tx.send(Msg::Fs(paths));
                }
            },
            config,
        )?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut w = Watch {
            root: root.to_path_buf(),
            watcher,
            watched: BTreeSet::new(),
        };
        w.refresh()?;
        Ok(w)
    }

    /// Start watching folders of [`WATCHED_DIRS`] created since the last call, and return the
    /// files already in them: a file written between the folder's creation and its watch would
    /// otherwise be missed.
    pub fn refresh(&mut self) -> notify::Result<Vec<PathBuf>> {
        let mut found = vec![];
        for dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            if path.is_dir() && !self.watched.contains(&path) {
                self.watcher.watch(&path, RecursiveMode::Recursive)?;
                found.extend(
                    walkdir::WalkDir::new(&path)
                        .follow_links(false)
                        .into_iter()
                        .filter_map(Result::ok)
                        .filter(|e| e.file_type().is_file())
                        .map(|e| e.into_path()),
                );
                self.watched.insert(path);
            }
        }
        self.watched.retain(|p| p.is_dir());
        Ok(found)
    }
}

/// Collect the rest of a burst of events that began with `first`: until no event came for
/// [`QUIET`], or for [`SETTLED`] once every path an event named since `first` was closed after
/// writing (a save in place: open, write, close; `first` included). A path that is removed or
/// renamed gets no close, so such a batch waits for the quiet as before. Returns the paths,
/// and whether a stop was asked for meanwhile.
pub fn debounce(rx: &Receiver<Msg>, first: Vec<PathBuf>) -> (BTreeSet<PathBuf>, bool) {
    let start = Instant::now();
    let mut paths: BTreeSet<PathBuf> = first.into_iter().collect();
    // Named by an event and not closed since.
    let mut open = paths.clone();
    loop {
        let left = MAX_WAIT.saturating_sub(start.elapsed());
        if left.is_zero() {
            return (paths, false);
        }
        let quiet = if open.is_empty() { SETTLED } else { QUIET };
        match rx.recv_timeout(quiet.min(left)) {
            Ok(Msg::Fs(more)) => {
                open.extend(more.iter().cloned());
                paths.extend(more);
            }
            Ok(Msg::Closed(done)) => {
                for p in &done {
                    open.remove(p);
                }
            }
            // The serve loop looks for an ended pass after every rebuild.
            Ok(Msg::Rendered) => {}
            Ok(Msg::Stop) => return (paths, true),
            Err(RecvTimeoutError::Timeout) => return (paths, false),
            Err(RecvTimeoutError::Disconnected) => return (paths, true),
        }
    }
}

/// Editor droppings: swap files, backups, lock files and atomic-save temporaries.
pub fn ignored(name: &str) -> bool {
    const SUFFIXES: [&str; 9] = [
        ".swp",
        ".swo",
        ".swx",
        ".swpx",
        "~",
        ".tmp",
        ".bak",
        "___jb_tmp___",
        "___jb_old___",
    ];
    name == "4913"
        || name == ".DS_Store"
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".goutputstream-")
        || name.ends_with(".crswap")
        || SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// The site-relative, `/`-separated form of `path`, if it is under `root`.
fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Whether a path is something a build reads (and not an editor's temporary file).
fn relevant(root: &Path, path: &Path) -> bool {
    let Some(rel) = relative(root, path) else {
        return false;
    };
    let name = rel.rsplit('/').next().unwrap_or("");
    if ignored(name) || rel.split('/').any(|seg| seg == ".git") {
        return false;
    }
    let top = rel.split('/').next().unwrap_or("");
    rel == crate::config::CONFIG_FILE || WATCHED_DIRS.contains(&top)
}

/// What a batch of changed paths requires.
pub fn classify(root: &Path, paths: &BTreeSet<PathBuf>) -> Option<Change> {
    let mut reports = BTreeSet::new();
    let mut assets = false;
    let mut css_only = true;
    let mut everything = false;
    for path in paths.iter().filter(|p| relevant(root, p)) {
        // A file without an extension that is already gone is a tool's temporary (sed -i,
        // some editors' atomic saves): the rename that follows it is in the batch too.
        if path.extension().is_none() && std::fs::symlink_metadata(path).is_err() {
            continue;
        }
        // A folder appearing changes nothing by itself; the files in it come as paths of their own.
        if path.is_dir() {
            continue;
        }
        let rel = relative(root, path).expect("relevant paths are under the root");
        let parts: Vec<&str> = rel.split('/').collect();
        let is_css = rel.ends_with(".css");
        match parts.as_slice() {
            // A report, or a badly named one that the update hands to a full load.
            _ if crate::content::parse_report_path(&rel).is_some() => {
                reports.insert(rel.clone());
            }
            ["static", ..] => {
                assets = true;
                css_only &= is_css;
            }
            ["themes", ..] if is_css => assets = true,
            _ => everything = true,
        }
    }
    if everything || (assets && !reports.is_empty()) {
        Some(Change::Everything)
    } else if !reports.is_empty() {
        Some(Change::Reports(reports))
    } else if assets {
        Some(Change::Assets { css_only })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(paths: &[&str]) -> Option<Change> {
        let root = Path::new("/site");
        let set = paths.iter().map(|p| root.join(p)).collect();
        classify(root, &set)
    }

    #[test]
    fn editor_files_are_ignored() {
        for name in [
            ".tongjiju.md.swp",
            "tongjiju.md~",
            ".#tongjiju.md",
            "#tongjiju.md#",
            "4913",
            "tongjiju.md.tmp",
            "tongjiju.md___jb_tmp___",
        ] {
            assert!(ignored(name), "{name}");
            assert_eq!(batch(&[&format!("content/2023/{name}")]), None, "{name}");
        }
        assert!(!ignored("tongjiju.md"));
    }

    #[test]
    fn batches_are_classified() {
        let one = |s: &str| Some(Change::Reports([s.to_string()].into()));
        assert_eq!(batch(&["content/2023/a.md"]), one("content/2023/a.md"));
        assert_eq!(
            batch(&["content/2023/a.md", "content/2023/.a.md.swp"]),
            one("content/2023/a.md")
        );
        assert_eq!(
            batch(&["content/departments.toml"]),
            Some(Change::Everything)
        );
        assert_eq!(batch(&["site.toml"]), Some(Change::Everything));
        assert_eq!(batch(&["templates/report.html"]), Some(Change::Everything));
        assert_eq!(
            batch(&["content/2023/original.pdf"]),
            Some(Change::Everything)
        );
        assert_eq!(
            batch(&["static/site.css"]),
            Some(Change::Assets { css_only: true })
        );
        assert_eq!(
            batch(&["static/site.css", "static/logo.png"]),
            Some(Change::Assets { css_only: false })
        );
        assert_eq!(
            batch(&["themes/default/static/site.css"]),
            Some(Change::Assets { css_only: true })
        );
        assert_eq!(batch(&["public/index.html", "README.md"]), None);
        assert_eq!(
            batch(&["content/2023/sedX1b2c3", "content/2023/a.md"]),
            one("content/2023/a.md")
        );
        assert_eq!(
            batch(&["static/site.css", "content/2023/a.md"]),
            Some(Change::Everything)
        );
    }

    /// A save's events are taken in one batch, closes included; a file closed without an
    /// event before it (opened for writing, nothing written) is no edit of the batch.
    #[test]
    fn a_closed_file_ends_its_batch_and_is_no_edit_by_itself() {
        let (tx, rx) = std::sync::mpsc::channel();
        let (a, b, c) = (
            PathBuf::from("a.md"),
            PathBuf::from("b.md"),
            PathBuf::from("c.md"),
        );
        // The first event (`a` written) was taken by the serve loop.
        tx.send(Msg::Closed(vec![a.clone(), c.clone()])).unwrap();
        tx.send(Msg::Fs(vec![b.clone()])).unwrap();
        tx.send(Msg::Closed(vec![b.clone()])).unwrap();
        let (paths, stopping) = debounce(&rx, vec![a.clone()]);
        assert!(!stopping);
        assert_eq!(paths, BTreeSet::from([a, b]));
        assert!(rx.try_recv().is_err(), "every event of the batch was taken");
    }

    /// A symbolic link in content/ to a folder outside the site is not followed: files written
    /// there are not watched (nor listed when the folder is first watched). Events arrive in
    /// order, so once the edit made inside the site after it is seen, one from outside would
    /// have been seen first.
    #[cfg(unix)]
    #[test]
    fn a_symlink_out_of_the_site_is_not_followed() {
        let base = std::env::temp_dir().join(format!("gongkai-watch-link-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let (root, outside) = (base.join("site"), base.join("outside"));
        std::fs::create_dir_all(root.join("content/2023")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("before.md"), "x").unwrap();
        std::os::unix::fs::symlink(&outside, root.join("content/linked")).unwrap();
        let root = root.canonicalize().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let mut w = Watch::new(&root, tx, Arc::new(AtomicBool::new(false))).unwrap();
        assert!(w.refresh().unwrap().is_empty());
        std::fs::write(outside.join("after.md"), "y").unwrap();
        let inside = root.join("content/2023/a.md");
        std::fs::write(&inside, "z").unwrap();
        let mut seen = vec![];
        while !seen.contains(&inside) {
            match rx
                .recv_timeout(Duration::from_secs(30))
                .expect("the edit inside is seen")
            {
                Msg::Fs(paths) => seen.extend(paths),
                Msg::Closed(_) => {}
                Msg::Stop | Msg::Rendered => unreachable!(),
            }
        }
        assert!(
            seen.iter()
                .all(|p| !p.starts_with(root.join("content/linked")) && !p.starts_with(&outside)),
            "{seen:?}"
        );
        drop(w);
        std::fs::remove_dir_all(&base).unwrap();
    }
}
