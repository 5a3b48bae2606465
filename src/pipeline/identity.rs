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

use crate::output::{Key, Recorded};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How much older than the record a file's times must be for them to stand for its bytes: the
/// coarsest file-system clock in use (FAT's two seconds).
pub(super) const RACY: Duration = Duration::from_secs(2);

/// What a build reads under the site's folder.
const INPUTS: [&str; 5] = ["site.toml", "content", "templates", "static", "themes"];

/// The identity of the inputs now, to record with the build about to load them; `None` when a
/// file cannot be read (then nothing is recorded and the next build loads the site).
pub fn take(root: &Path, base_url: Option<&str>) -> Option<(i64, u32, Key)> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?;
    let taken = (i64::try_from(now.as_secs()).ok()?, now.subsec_nanos());
    Some((taken.0, taken.1, digest(root, base_url, taken)?))
}

/// Whether the inputs are the ones `recorded` was taken of.
pub fn same(root: &Path, base_url: Option<&str>, recorded: &Recorded) -> bool {
    digest(root, base_url, recorded.taken).is_some_and(|d| d == recorded.inputs)
}

fn digest(root: &Path, base_url: Option<&str>, taken: (i64, u32)) -> Option<Key> {
    let racy_from = Duration::new(u64::try_from(taken.0).ok()?, taken.1).saturating_sub(RACY);
    let mut h = Sha256::new_with_prefix(b"gongkai inputs 1\n");
    h.update(env!("CARGO_PKG_VERSION"));
    h.update(super::inputs::binary_identity()?);
    h.update(format!("{}\n{base_url:?}\n", crate::clock::Date::today()));
    for input in INPUTS {
        let walker = walkdir::WalkDir::new(root.join(input))
            .follow_links(false)
            .sort_by_file_name();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                // An input that is not there is part of the identity too.
                Err(e) if e.depth() == 0 && e.io_error().is_some_and(not_found) => {
                    h.update(format!("{input} absent\n"));
                    continue;
                }
                Err(_) => return None,
            };
            h.update(
                entry
                    .path()
                    .strip_prefix(root)
                    .ok()?
                    .as_os_str()
                    .as_encoded_bytes(),
            );
            h.update(b"\0");
            let meta = entry.metadata().ok()?;
            if meta.is_dir() {
                h.update(b"dir\n");
                continue;
            }
            h.update(file_identity(entry.path(), &meta, racy_from)?);
            if meta.is_symlink() {
                // What a link leads to may change without the link changing.
                match std::fs::metadata(entry.path()) {
                    Ok(target) => h.update(file_identity(entry.path(), &target, racy_from)?),
                    Err(e) if not_found(&e) => h.update(b"dangling\n"),
                    Err(_) => return None,
                }
            }
        }
    }
    Some(h.finalize().into())
}

fn not_found(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::NotFound
}

/// A file's size and times, or its size and bytes when its times are too recent to tell
/// (see the module's documentation).
#[cfg(unix)]
fn file_identity(path: &Path, meta: &std::fs::Metadata, racy_from: Duration) -> Option<Vec<u8>> {
    use std::os::unix::fs::MetadataExt;
    let time = |s: i64, ns: i64| {
        Some(Duration::new(
            u64::try_from(s).ok()?,
            u32::try_from(ns).ok()?,
        ))
    };
    let times_tell = time(meta.mtime(), meta.mtime_nsec()).is_some_and(|t| t < racy_from)
        && time(meta.ctime(), meta.ctime_nsec()).is_some_and(|t| t < racy_from);
    if times_tell {
        return Some(
            format!(
                "{:o} {} {} {} {}.{} {}.{}\n",
                meta.mode(),
                meta.len(),
                meta.dev(),
                meta.ino(),
                meta.mtime(),
                meta.mtime_nsec(),
                meta.ctime(),
                meta.ctime_nsec()
            )
            .into_bytes(),
        );
    }
    let mut line = format!("{:o} {} ", meta.mode(), meta.len()).into_bytes();
    if meta.is_file() {
        let bytes = std::fs::read(path).ok()?;
        line.extend_from_slice(&Sha256::digest(&bytes));
    }
    line.push(b'\n');
    Some(line)
}

/// Elsewhere times are not trusted: every file counts by its bytes.
#[cfg(not(unix))]
fn file_identity(path: &Path, meta: &std::fs::Metadata, _racy_from: Duration) -> Option<Vec<u8>> {
    let mut line = format!("{}\n", meta.len()).into_bytes();
    if meta.is_file() {
        line.extend_from_slice(&Sha256::digest(std::fs::read(path).ok()?));
    }
    Some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
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
            inputs: digest(root, None, taken).unwrap(),
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
