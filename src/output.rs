//! Writing the output folder atomically: everything goes into a fresh folder next to the
//! output, which is swapped in only when the build has succeeded. A failed build leaves the
//! previous output untouched, and files of deleted reports disappear because nothing is reused.
//!
//! On this kind of machine creating directories and files dominates a large build, so the
//! folders are created once, up front, and each file is written exactly once.

use crate::error::Error;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// A file in every output folder, so that a later build knows it may replace the folder (and
/// refuses to replace a folder that holds anything else).
pub const MARKER: &str = ".gongkai-output";

fn io_err(path: &Path, e: io::Error) -> Error {
    Error::io(path, e)
}

/// What a build wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub dirs: usize,
    pub files: usize,
    pub bytes: u64,
    /// An interrupted build (killed, out of power) had left its unfinished folder; it was removed.
    pub leftover_removed: bool,
}

/// Which folders to create up front and which each job creates itself.
///
/// A folder that only one job writes into, and that holds no other folder, is that job's own
/// (a report's folder): the job creates it while rendering, so the folders are made in parallel
/// with the rendering. Every other folder (and each ancestor) is shared and made first.
/// `outputs[j]` are job j's output paths; the second value lists each job's own folders.
pub fn plan_dirs(outputs: &[&[String]]) -> (BTreeSet<String>, Vec<Vec<String>>) {
    let mut owner: BTreeMap<&str, Option<usize>> = BTreeMap::new();
    let mut shared: BTreeSet<String> = BTreeSet::new();
    for (j, outs) in outputs.iter().enumerate() {
        for out in outs.iter() {
            let Some((dir, _)) = out.rsplit_once('/') else {
                continue;
            };
            owner
                .entry(dir)
                .and_modify(|o| {
                    if *o != Some(j) {
                        *o = None;
                    }
                })
                .or_insert(Some(j));
            let mut p = dir;
            while let Some((parent, _)) = p.rsplit_once('/') {
                if !shared.insert(parent.to_string()) {
                    break;
                }
                p = parent;
            }
        }
    }
    let mut own = vec![vec![]; outputs.len()];
    for (dir, o) in owner {
        match o {
            Some(j) if !shared.contains(dir) => own[j].push(dir.to_string()),
            _ => {
                shared.insert(dir.to_string());
            }
        }
    }
    (shared, own)
}

/// A new output folder being filled.
pub struct Staging {
    tmp: PathBuf,
    target: PathBuf,
    dirs: AtomicUsize,
    files: AtomicUsize,
    bytes: AtomicU64,
    committed: bool,
    leftover_removed: bool,
}

/// Refuse output folders whose replacement would destroy something: the site itself, a folder
/// containing it, a file that is not a folder, or a non-empty folder that was not written by
/// gongkai. Checked before anything is created or moved.
pub fn check_target(site_root: &Path, target: &Path) -> Result<(), Error> {
    if let Ok(meta) = std::fs::metadata(target)
        && !meta.is_dir()
    {
        return Err(Error::OutputIsFile(target.to_path_buf()));
    }
    let abs = |p: &Path| std::fs::canonicalize(p).or_else(|_| std::path::absolute(p));
    let root = abs(site_root).map_err(|e| io_err(site_root, e))?;
    let t = abs(target).map_err(|e| io_err(target, e))?;
    if root.starts_with(&t) || t.starts_with(root.join("content")) {
        return Err(Error::OutputContainsSite(target.to_path_buf()));
    }
    if let Ok(mut entries) = std::fs::read_dir(target)
        && entries.next().is_some()
        && !target.join(MARKER).exists()
    {
        return Err(Error::OutputNotOurs(target.to_path_buf()));
    }
    Ok(())
}

impl Staging {
    /// Start a fresh folder beside `target` (a stale one from an interrupted build is removed).
    pub fn new(target: &Path) -> Result<Staging, Error> {
        let target = std::path::absolute(target).map_err(|e| io_err(target, e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = target.parent().unwrap_or(Path::new("/"));
        std::fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
        let tmp = parent.join(format!(".{name}.gongkai-new"));
        let leftover_removed = tmp.symlink_metadata().is_ok();
        if leftover_removed {
            std::fs::remove_dir_all(&tmp).map_err(|e| io_err(&tmp, e))?;
        }
        std::fs::create_dir(&tmp).map_err(|e| io_err(&tmp, e))?;
        spread_subfolders(&tmp);
        std::fs::write(tmp.join(MARKER), b"").map_err(|e| io_err(&tmp, e))?;
        Ok(Staging {
            tmp,
            target,
            dirs: AtomicUsize::new(1),
            files: AtomicUsize::new(1),
            bytes: AtomicU64::new(0),
            committed: false,
            leftover_removed,
        })
    }

    /// Create the shared folders (see [`plan_dirs`]), parents first, each once.
    pub fn create_dirs(&mut self, dirs: &BTreeSet<String>) -> Result<(), Error> {
        // Top-level folders are created under a name unique to this build and renamed: the file
        // system places a folder by a hash of its name (see `spread_subfolders`), and a fresh
        // place avoids the inodes the previous output freed moments ago.
        let nonce = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
            ^ u64::from(std::process::id());
        // Sorted order puts every parent before its children.
        for (i, d) in dirs.iter().enumerate() {
            let path = self.tmp.join(d);
            if d.contains('/') {
                std::fs::create_dir(&path).map_err(|e| io_err(&path, e))?;
            } else {
                let fresh = self.tmp.join(format!(".new-{nonce:x}-{i}"));
                std::fs::create_dir(&fresh).map_err(|e| io_err(&fresh, e))?;
                std::fs::rename(&fresh, &path).map_err(|e| io_err(&path, e))?;
            }
            self.dirs.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    /// Create one folder whose parent exists (a job's own folder). Safe from many threads.
    pub fn create_dir(&self, dir: &str) -> Result<(), Error> {
        let path = self.tmp.join(dir);
        std::fs::create_dir(&path).map_err(|e| io_err(&path, e))?;
        self.dirs.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Write one file (its folder exists). Safe to call from many threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        debug_assert!(!rel.split('/').any(|c| c == ".." || c.is_empty()));
        let path = self.tmp.join(rel);
        std::fs::write(&path, bytes).map_err(|e| io_err(&path, e))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Write one file that `fill` produces piece by piece (a file too large to hold in memory,
    /// such as the long CSV of a large portal), through a buffer. Safe from many threads.
    pub fn write_stream(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<(), Error> {
        debug_assert!(!rel.split('/').any(|c| c == ".." || c.is_empty()));
        let path = self.tmp.join(rel);
        let write = || -> io::Result<u64> {
            let file = std::fs::File::create(&path)?;
            let mut w = io::BufWriter::with_capacity(1 << 20, file);
            fill(&mut w)?;
            io::Write::flush(&mut w)?;
            w.get_ref().metadata().map(|m| m.len())
        };
        let len = write().map_err(|e| io_err(&path, e))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(len, Ordering::Relaxed);
        Ok(())
    }

    pub fn stats(&self) -> Stats {
        Stats {
            dirs: self.dirs.load(Ordering::Relaxed),
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            leftover_removed: self.leftover_removed,
        }
    }

    /// Swap the new folder in for the target and remove the old one.
    pub fn commit(mut self) -> Result<Stats, Error> {
        let stats = self.stats();
        if !self.target.exists() {
            std::fs::rename(&self.tmp, &self.target).map_err(|e| io_err(&self.target, e))?;
        } else {
            exchange(&self.tmp, &self.target).map_err(|e| io_err(&self.target, e))?;
            // `tmp` now holds the previous output.
            std::fs::remove_dir_all(&self.tmp).map_err(|e| io_err(&self.tmp, e))?;
        }
        self.committed = true;
        Ok(stats)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Mark a folder as the top of a hierarchy (`chattr +T`), so that ext4 spreads the folders made
/// in it over block groups instead of packing them next to their parent.
///
/// Why: on a file system without a journal, ext4 avoids reusing inodes freed in the last minutes,
/// and scans past every one of them for each new inode. Right after the previous output (tens of
/// thousands of inodes) was deleted, creating the next one next to it becomes quadratic and
/// dominates a large build. Elsewhere this is a no-op (the flag is a placement hint only).
fn spread_subfolders(dir: &Path) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        const FS_TOPDIR_FL: libc::c_int = 0x0002_0000;
        let Ok(f) = std::fs::File::open(dir) else {
            return;
        };
        let mut flags: libc::c_int = 0;
        // SAFETY: FS_IOC_GETFLAGS/SETFLAGS read and write one int through a valid pointer on an
        // open directory descriptor; failure (unsupported file system) is ignored.
        unsafe {
            if libc::ioctl(f.as_raw_fd(), libc::FS_IOC_GETFLAGS, &mut flags) == 0 {
                flags |= FS_TOPDIR_FL;
                libc::ioctl(f.as_raw_fd(), libc::FS_IOC_SETFLAGS, &flags);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = dir;
}

/// Write one file in place so that a reader sees the old or the new content, never a part: a
/// temporary file beside it (`.<name>.tmp`, a name the dev server's watcher ignores), renamed
/// over it. The dev server's incremental rebuilds use it, where a whole new folder per edit would
/// be too slow (a full build goes through [`Staging`]), and so do `import` and `new` for content
/// files.
pub fn write_atomic(path: &Path, bytes: impl AsRef<[u8]>) -> io::Result<()> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(io::Error::other(format!(
            "not a file path: {}",
            path.display()
        )));
    };
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{}.tmp", name.to_string_lossy()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// Atomically exchange two paths (Linux `renameat2(RENAME_EXCHANGE)`); elsewhere, or on file
/// systems without it, two renames.
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let ca = CString::new(a.as_os_str().as_bytes())?;
        let cb = CString::new(b.as_os_str().as_bytes())?;
        // SAFETY: both are valid NUL-terminated paths; AT_FDCWD is a valid directory fd.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
            return Ok(());
        }
    }
    let old = a.with_extension("gongkai-old");
    std::fs::rename(b, &old)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&old, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_in_a_new_folder_and_removes_the_old() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join(MARKER), "").unwrap();
        std::fs::write(target.join("stale.html"), "old").unwrap();
        let mut s = Staging::new(&target).unwrap();
        let outputs = [
            vec!["a/b/index.html".to_string()],
            vec!["a/c.json".to_string()],
        ];
        let refs: Vec<&[String]> = outputs.iter().map(Vec::as_slice).collect();
        let (shared, own) = plan_dirs(&refs);
        assert_eq!(shared.iter().collect::<Vec<_>>(), ["a"]);
        assert_eq!(own, [vec!["a/b".to_string()], vec![]]);
        s.create_dirs(&shared).unwrap();
        s.create_dir("a/b").unwrap();
        s.write("a/b/index.html", b"new").unwrap();
        let stats = s.commit().unwrap();
        assert_eq!((stats.dirs, stats.files), (3, 2));
        assert!(!target.join("stale.html").exists());
        assert_eq!(
            std::fs::read(target.join("a/b/index.html")).unwrap(),
            b"new"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_abandoned_build_leaves_the_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("keep"), "x").unwrap();
        {
            let s = Staging::new(&target).unwrap();
            s.write("x.html", b"partial").unwrap();
        }
        assert!(target.join("keep").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_foreign_or_enclosing_folders() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        assert!(check_target(&site, &site).is_err());
        assert!(check_target(&site, dir.path()).is_err());
        let foreign = dir.path().join("docs");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("a.txt"), "").unwrap();
        assert!(check_target(&site, &foreign).is_err());
        assert!(check_target(&site, &site.join("public")).is_ok());
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, "keep").unwrap();
        let e = check_target(&site, &file).unwrap_err();
        assert!(matches!(e, Error::OutputIsFile(_)), "{e:?}");
    }
}
