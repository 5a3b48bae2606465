//! Whether anything a build reads has changed since the previous build, told from the files'
//! identity without reading them: what lets `build` with nothing changed stop before loading
//! the site (parsing and validating every report is most of its time).
//!
//! The identity is one SHA-256 over every file and folder under the inputs the build reads
//! (`site.toml`, `content/`, `templates/`, `static/`, `themes/`): its path, kind, size, inode and
//! modification and status-change times (the status-change time moves on any write, rename or
//! link, and no user can set it back). A file added, removed, renamed or written changes it, as
//! do the binary (see [`super::inputs`]), the build's date and the `--base-url` given.
//!
//! File times come from a coarse clock (a tick of a few milliseconds, one or two seconds on some
//! file systems): a file written again within the tick of the time recorded would keep that
//! time. So a file whose times are not at least [`RACY`] older than the moment the identity was
//! taken counts by its bytes (their SHA-256) instead of its times, then and at every later
//! comparison against that record.
//!
//! The identity is taken before the site is loaded: an edit made while the build reads the
//! files gives them a later time than the one recorded, and the next build loads the site.
//!
//! One walk ([`Walk`]) serves the whole build: the comparison with the previous build's record,
//! the record of this one, and each report file's identity for the report cache
//! ([`super::cache`]), taken before the file is read as the cache needs.

use crate::output::{Key, Recorded};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How much older than the record a file's times must be for them to stand for its bytes: the
/// coarsest file-system clock in use (FAT's two seconds).
pub(super) const RACY: Duration = Duration::from_secs(2);

/// What a build reads under the site's folder.
const INPUTS: [&str; 5] = ["site.toml", "content", "templates", "static", "themes"];

/// A file's identity: what any write, rename or replacement of it changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Stat {
    pub mode: u32,
    pub len: u64,
    pub dev: u64,
    pub ino: u64,
    pub mtime: (i64, i64),
    pub ctime: (i64, i64),
}

impl Stat {
    /// The identity of the file at `path` (following a link), `None` if it cannot be had.
    pub fn of(path: &Path) -> Option<Stat> {
        Stat::from(&std::fs::metadata(path).ok()?)
    }

    #[cfg(unix)]
    fn from(m: &std::fs::Metadata) -> Option<Stat> {
        use std::os::unix::fs::MetadataExt;
        Some(Stat {
            mode: m.mode(),
            len: m.len(),
            dev: m.dev(),
            ino: m.ino(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
        })
    }

    /// Elsewhere file times are not trusted: every file counts by its bytes.
    #[cfg(not(unix))]
    fn from(_: &std::fs::Metadata) -> Option<Stat> {
        None
    }

    /// Whether both times are before `before` (since 1970): then they stand for the bytes.
    pub fn settled(&self, before: Duration) -> bool {
        let time = |(s, ns): (i64, i64)| {
            Some(Duration::new(
                u64::try_from(s).ok()?,
                u32::try_from(ns).ok()?,
            ))
        };
        [self.mtime, self.ctime]
            .into_iter()
            .all(|t| time(t).is_some_and(|t| t < before))
    }
}

/// Every file and folder under the inputs, as one walk found them.
pub struct Walk {
    root: PathBuf,
    /// When the walk began (since 1970): before any file's identity was taken.
    began: Duration,
    found: Vec<Found>,
}

enum Found {
    /// An input that is not there.
    Absent(&'static str),
    Dir(PathBuf),
    /// A file or a link: its own identity (`None` where there is none, see [`Stat::from`]) and,
    /// for a link, what it leads to (`None` when nothing).
    File {
        path: PathBuf,
        is_file: bool,
        len: u64,
        stat: Option<Stat>,
        target: Option<Option<Box<Found>>>,
    },
}

impl Walk {
    /// Walk the inputs of the site at `root`; `None` when a file cannot be read (then nothing is
    /// recorded or compared, and the next build loads the site).
    pub fn new(root: &Path) -> Option<Walk> {
        use rayon::prelude::*;
        let began = SystemTime::now().duration_since(UNIX_EPOCH).ok()?;
        // The folders read, each input's entries put in the order of their paths' bytes (any
        // order serves that is the same for the same files: the binary is in the identity),
        // then every file's metadata in parallel. Not sorted folder by folder by the walk:
        // its comparisons take each name from its path again, some 2 million times at
        // 100,000 reports.
        let mut entries = vec![];
        for input in INPUTS {
            let walker = walkdir::WalkDir::new(root.join(input)).follow_links(false);
            let mut found = vec![];
            for entry in walker {
                match entry {
                    Ok(entry) => found.push(entry),
                    // An input that is not there is part of the identity too.
                    Err(e) if e.depth() == 0 && e.io_error().is_some_and(not_found) => {
                        entries.push(Err(input));
                    }
                    Err(_) => return None,
                }
            }
            found.par_sort_unstable_by(|a, b| {
                (a.path().as_os_str().as_encoded_bytes())
                    .cmp(b.path().as_os_str().as_encoded_bytes())
            });
            entries.extend(found.into_iter().map(Ok));
        }
        let found = entries
            .into_par_iter()
            .map(|entry| {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(input) => return Some(Found::Absent(input)),
                };
                if entry.file_type().is_dir() {
                    return Some(Found::Dir(entry.into_path()));
                }
                let meta = entry.metadata().ok()?;
                // What a link leads to may change without the link changing.
                let target = if meta.is_symlink() {
                    match std::fs::metadata(entry.path()) {
                        Ok(m) => Some(Some(Box::new(Found::file(entry.path(), &m)))),
                        Err(e) if not_found(&e) => Some(None),
                        Err(_) => return None,
                    }
                } else {
                    None
                };
                let mut file = Found::file(entry.path(), &meta);
                if let Found::File { target: t, .. } = &mut file {
                    *t = target;
                }
                Some(file)
            })
            .collect::<Option<Vec<Found>>>()?;
        Some(Walk {
            root: root.to_path_buf(),
            began,
            found,
        })
    }

    /// The identity of the inputs when the walk began, to record with the build about to load
    /// them: `(seconds, nanoseconds, digest)`; `None` when a file cannot be read.
    pub fn take(&self, base_url: Option<&str>) -> Option<(i64, u32, Key)> {
        let taken = (
            i64::try_from(self.began.as_secs()).ok()?,
            self.began.subsec_nanos(),
        );
        Some((taken.0, taken.1, self.digest(base_url, taken)?))
    }

    /// Whether the inputs are the ones `recorded` was taken of.
    pub fn same(&self, base_url: Option<&str>, recorded: &Recorded) -> bool {
        self.digest(base_url, recorded.taken)
            .is_some_and(|d| d == recorded.inputs)
    }

    /// When the walk began: before any file's identity was taken.
    pub(super) fn began(&self) -> SystemTime {
        UNIX_EPOCH + self.began
    }

    /// Every file's identity, by its path (as the walk joined it to the site's root).
    pub(super) fn stats(&self) -> HashMap<&Path, Stat> {
        self.found
            .iter()
            .filter_map(|f| match f {
                Found::File {
                    path,
                    stat: Some(stat),
                    target: None,
                    ..
                } => Some((path.as_path(), *stat)),
                _ => None,
            })
            .collect()
    }

    fn digest(&self, base_url: Option<&str>, taken: (i64, u32)) -> Option<Key> {
        let racy_from = Duration::new(u64::try_from(taken.0).ok()?, taken.1).saturating_sub(RACY);
        let mut h = Sha256::new_with_prefix(b"gongkai inputs 1\n");
        h.update(env!("CARGO_PKG_VERSION"));
        h.update(super::inputs::binary_identity()?);
        h.update(format!("{}\n{base_url:?}\n", crate::clock::Date::today()));
        for f in &self.found {
            let path = match f {
                Found::Absent(input) => {
                    h.update(format!("{input} absent\n"));
                    continue;
                }
                Found::Dir(path) | Found::File { path, .. } => path,
            };
            h.update(
                path.strip_prefix(&self.root)
                    .ok()?
                    .as_os_str()
                    .as_encoded_bytes(),
            );
            h.update(b"\0");
            let Found::File { target, .. } = f else {
                h.update(b"dir\n");
                continue;
            };
            h.update(f.identity(racy_from)?);
            match target {
                Some(Some(target)) => h.update(target.identity(racy_from)?),
                Some(None) => h.update(b"dangling\n"),
                None => {}
            }
        }
        Some(h.finalize().into())
    }
}

impl Found {
    fn file(path: &Path, meta: &std::fs::Metadata) -> Found {
        Found::File {
            path: path.to_path_buf(),
            is_file: meta.is_file(),
            len: meta.len(),
            stat: Stat::from(meta),
            target: None,
        }
    }

    /// A file's size and times, or its size and bytes when its times are too recent to tell
    /// (see the module's documentation).
    fn identity(&self, racy_from: Duration) -> Option<Vec<u8>> {
        let Found::File {
            path,
            is_file,
            len,
            stat,
            ..
        } = self
        else {
            return Some(vec![]);
        };
        if let Some(s) = stat.filter(|s| s.settled(racy_from)) {
            return Some(
                format!(
                    "{:o} {} {} {} {}.{} {}.{}\n",
                    s.mode, s.len, s.dev, s.ino, s.mtime.0, s.mtime.1, s.ctime.0, s.ctime.1
                )
                .into_bytes(),
            );
        }
        let mode = stat.map_or(0, |s| s.mode);
        let mut line = format!("{mode:o} {len} ").into_bytes();
        if *is_file {
            line.extend_from_slice(&Sha256::digest(std::fs::read(path).ok()?));
        }
        line.push(b'\n');
        Some(line)
    }
}

fn not_found(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::NotFound
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn take(root: &Path, base_url: Option<&str>) -> Option<(i64, u32, Key)> {
        Walk::new(root)?.take(base_url)
    }

    fn same(root: &Path, base_url: Option<&str>, recorded: &Recorded) -> bool {
        Walk::new(root).is_some_and(|w| w.same(base_url, recorded))
    }

    fn record(root: &Path) -> Recorded {
        let (s, ns, inputs) = take(root, None).unwrap();
        Recorded {
            taken: (s, ns),
            inputs,
            summary: Default::default(),
        }
    }

    /// Every kind of change is seen, also within the clock's tick of the record (the files here
    /// were all written just now, so they count by their bytes).
    #[test]
    fn any_change_to_the_inputs_changes_the_identity() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "site.toml", "title = \"x\"\n");
        write(root, "content/2023/a.md", "aaaa");
        write(root, "templates/404.html", "x");
        let before = record(root);
        assert!(same(root, None, &before));
        assert!(!same(root, Some("https://example.gov.cn/"), &before));
        let changes: [&dyn Fn(); 6] = [
            // Same size, same second.
            &|| write(root, "content/2023/a.md", "aaab"),
            &|| write(root, "content/2023/b.md", ""),
            &|| std::fs::create_dir(root.join("content/2024")).unwrap(),
            &|| std::fs::rename(root.join("content/2023"), root.join("content/2022")).unwrap(),
            &|| std::fs::remove_file(root.join("templates/404.html")).unwrap(),
            &|| write(root, "static/x.css", ""),
        ];
        for (i, change) in changes.iter().enumerate() {
            let before = record(root);
            change();
            assert!(!same(root, None, &before), "change {i}");
        }
    }

    /// Files older than the record count by their times: a write (even of the same size with
    /// its modification time set back) changes the status-change time.
    #[cfg(unix)]
    #[test]
    fn old_files_count_by_their_times() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "content/2023/a.md", "aaaa");
        let path = root.join("content/2023/a.md");
        let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
        // As if taken three seconds later: the file is old enough to count by its times.
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap() + RACY * 3 / 2;
        let taken = (now.as_secs() as i64, now.subsec_nanos());
        let recorded = Recorded {
            taken,
            inputs: Walk::new(root).unwrap().digest(None, taken).unwrap(),
            summary: Default::default(),
        };
        assert!(same(root, None, &recorded));
        std::thread::sleep(Duration::from_millis(20));
        let f = std::fs::File::options().write(true).open(&path).unwrap();
        std::io::Write::write_all(&mut &f, b"b").unwrap();
        f.set_modified(mtime).unwrap();
        drop(f);
        assert!(!same(root, None, &recorded));
    }
}
