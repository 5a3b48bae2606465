//! The saved reports' own files, served from memory from the moment they are rendered until
//! they are on disk. The disk the dev build is on may be busy (a site-wide pass writes the data
//! files of every report: 1.4 GB at 100,000 reports, and other programs write too): writing a
//! page can then wait tens of milliseconds, and the clerk's page should not.
//!
//! Only the serve loop's thread adds and removes files, around its own writes of them
//! ([`crate::serve::rebuild`]); a site-wide pass puts nothing in place while it does (the save
//! cancelled it first), so what is shown from memory is what the disk holds a moment later.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// Files by their full path, as [`super::http::resolve`] gives it (canonical).
#[derive(Default)]
pub struct Shown {
    files: RwLock<HashMap<PathBuf, Arc<[u8]>>>,
}

impl Shown {
    /// Serve `bytes` as the file at `path` until [`Shown::written`].
    pub fn show(&self, path: PathBuf, bytes: &[u8]) {
        let mut files = self.files.write().unwrap_or_else(|e| e.into_inner());
        files.insert(path, bytes.into());
    }

    /// The file at `path` is on disk now (or was not written: the disk's is served again).
    pub fn written(&self, path: &Path) {
        let mut files = self.files.write().unwrap_or_else(|e| e.into_inner());
        files.remove(path);
    }

    /// The file at `path`, when it is shown from memory.
    pub fn get(&self, path: &Path) -> Option<Arc<[u8]>> {
        let files = self.files.read().unwrap_or_else(|e| e.into_inner());
        files.get(path).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_shown_until_written() {
        let shown = Shown::default();
        let path = PathBuf::from("/dev-build/2023/x/index.html");
        assert!(shown.get(&path).is_none());
        shown.show(path.clone(), b"new");
        assert_eq!(shown.get(&path).as_deref(), Some(&b"new"[..]));
        shown.written(&path);
        assert!(shown.get(&path).is_none());
    }
}
