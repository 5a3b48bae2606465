//! One build at a time per output folder. Two builds into one output used to stage into the same
//! folder, and the second removed the first's as "left over": the live output lost most of its
//! files while one of them reported success. Now a build holds an exclusive lock on a file beside
//! the output (`.NAME.gongkai-lock`) from before it looks at the previous output until its
//! commit is done; a second build is refused at once with a message that says why. The kernel
//! releases the lock when the process ends, however it ends, so a killed build never blocks the
//! next (its lock file stays, and the next build takes it over).
//!
//! The file is removed when the build is done, while still locked, so that a site folder does not
//! keep it. A build that opened the file just before it was removed would lock a file no longer
//! there: after locking, a build checks that the path still names the file it locked, and
//! otherwise is refused as well (the other build was just then finishing or starting).

use crate::error::Error;
use std::path::{Path, PathBuf};

/// The lock beside an output folder, held while this value lives.
pub(super) struct OutputLock {
    file: std::fs::File,
    path: PathBuf,
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        if same_file(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Whether `path` names the open `file`.
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// The name every build's staging folder of the output `name` starts with; the build's own
/// process id and a clock reading follow, so two builds' folders never share a name.
pub(super) fn staging_prefix(name: &str) -> String {
    format!(".{name}.gongkai-new-")
}

impl OutputLock {
    /// Take the lock of the output `target` (named `name`, in `parent`), or say who holds it.
    pub(super) fn take(parent: &Path, name: &str, target: &Path) -> Result<OutputLock, Error> {
        let path: PathBuf = parent.join(format!(".{name}.gongkai-lock"));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        if !try_lock(&file) || !same_file(&file, &path) {
            return Err(Error::OutputBusy {
                target: target.to_path_buf(),
                lock: path,
            });
        }
        Ok(OutputLock { file, path })
    }
}

/// An exclusive lock on `file` without waiting: false when another process holds it.
fn try_lock(file: &std::fs::File) -> bool {
    match file.try_lock() {
        Ok(()) => true,
        Err(std::fs::TryLockError::WouldBlock) => false,
        // A file system without locks: building without one is what gongkai did before.
        Err(std::fs::TryLockError::Error(_)) => true,
    }
}

/// Remove the staging folders of the output `name` that builds left when they were interrupted
/// (killed, out of power): with the lock held, no running build owns one. Returns whether there
/// was any. The staging folder of gongkai before 0.1 had no suffix (`.NAME.gongkai-new`).
pub(super) fn remove_leftovers(parent: &Path, name: &str) -> Result<bool, Error> {
    let prefix = staging_prefix(name);
    let old_name = format!(".{name}.gongkai-new");
    let mut removed = false;
    let entries = std::fs::read_dir(parent).map_err(|e| Error::io(parent, e))?;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else {
            continue;
        };
        let ours = n == old_name
            || n.strip_prefix(&prefix).is_some_and(|rest| {
                !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'-')
            });
        if ours && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let path = entry.path();
            std::fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
            removed = true;
        }
    }
    Ok(removed)
}
