//! Reading report files: one file's bytes, and every file of a site with many reads in flight.
//!
//! A large site is 100,000 small files. From a cold page cache each read waits on the disk, so
//! reading them one per core leaves the disk idle most of the time: [`read_all`] keeps
//! [`READERS`] reads in flight on threads of their own and parses on the rayon pool meanwhile.

use super::{ReportFile, source};
use crate::diagnostics::Diagnostic;
use crate::msg;
use crate::schema::RuleId;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// Reads in flight at once: enough to keep a virtual or network disk busy; the threads only
/// wait on the disk, so more of them than cores costs little.
pub const READERS: usize = 24;

/// Files a reader reads before handing them over: fewer hand-overs when the files are cached.
const BATCH: usize = 32;

/// Read every file and turn each into a `T` with `each` on the rayon pool, while the next ones
/// are read; the results are in the order of `files`.
pub fn read_all<T, F>(files: &[ReportFile], each: F) -> Vec<T>
where
    T: Send,
    F: Fn(&ReportFile, Result<Vec<u8>, Box<Diagnostic>>) -> T + Sync,
{
    let readers = READERS.min(files.len() / BATCH + 1);
    if readers == 1 {
        return files
            .par_iter()
            .map(|f| each(f, read_report_bytes(f)))
            .collect();
    }
    let next = AtomicUsize::new(0);
    // Bounded: readers ahead of the parsers wait instead of holding the whole site in memory.
    let (tx, rx) = mpsc::sync_channel(readers * 2);
    let mut done: Vec<(usize, Vec<T>)> = std::thread::scope(|scope| {
        for _ in 0..readers {
            let (tx, next) = (tx.clone(), &next);
            scope.spawn(move || {
                loop {
                    let start = next.fetch_add(BATCH, Ordering::Relaxed);
                    let Some(batch) = files.get(start..(start + BATCH).min(files.len())) else {
                        break;
                    };
                    let read: Vec<_> = batch.iter().map(read_report_bytes).collect();
                    if batch.is_empty() || tx.send((start, read)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        rx.into_iter()
            .par_bridge()
            .map(|(start, read)| {
                let parsed = files[start..].iter().zip(read).map(|(f, b)| each(f, b));
                (start, parsed.collect())
            })
            .collect()
    });
    done.sort_unstable_by_key(|(start, _)| *start);
    done.into_iter().flat_map(|(_, t)| t).collect()
}

/// The buffer a report is read into: real reports are 5–30 KB, most under this.
const READ_BUFFER: usize = 16 * 1024;

/// A report file's bytes, or the finding that says why they cannot be had. The size is checked
/// on the open file before reading (one lookup of the path, not two).
pub fn read_report_bytes(file: &ReportFile) -> Result<Vec<u8>, Box<Diagnostic>> {
    use std::io::Read as _;
    let cannot = |e: std::io::Error| {
        Box::new(Diagnostic::new(
            &file.rel,
            RuleId::FileFormat,
            msg!("file-cannot-read", error = e.to_string()),
        ))
    };
    let too_big = |size: u64| {
        Box::new(Diagnostic::new(
            &file.rel,
            RuleId::FileFormat,
            msg!(
                "file-too-big",
                size = format!("{:.1}", size as f64 / 1048576.0),
                limit = source::MAX_REPORT_BYTES / 1048576
            ),
        ))
    };
    let f = std::fs::File::open(&file.path).map_err(cannot)?;
    // Room for a usual report at once (its size is not asked for: a system call per file, a
    // fiftieth of `check`'s time), and one allocation size for them all; a larger one grows.
    let mut bytes = Vec::with_capacity(READ_BUFFER);
    let mut f = f.take(source::MAX_REPORT_BYTES + 1);
    f.read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > source::MAX_REPORT_BYTES {
        // The message says how large the file is: only now is its size asked for.
        let size = f.into_inner().metadata().map_err(cannot)?.len();
        return Err(too_big(size.max(bytes.len() as u64)));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_of(dir: &std::path::Path, bytes: &[u8]) -> ReportFile {
        let path = dir.join("x.md");
        std::fs::write(&path, bytes).unwrap();
        ReportFile {
            path,
            rel: "content/2024/x.md".into(),
            year: 2024,
            slug: "x".into(),
        }
    }

    /// A file past the limit is refused with its size; one larger than the buffer is read whole.
    #[test]
    fn files_are_read_whole_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let big = vec![b'a'; READ_BUFFER * 3 + 7];
        assert_eq!(read_report_bytes(&file_of(dir.path(), &big)).unwrap(), big);
        let huge = vec![b'a'; 3 * 1024 * 1024];
        let d = read_report_bytes(&file_of(dir.path(), &huge)).unwrap_err();
        assert_eq!(
            d.message.en(),
            "the file is 3.0 MiB; a report is at most 2 MiB"
        );
    }
}
