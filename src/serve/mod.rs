//! `gongkai serve`: build the site into a temporary folder, serve it, watch the sources, rebuild
//! what an edit touches through the build pipeline, and tell the open pages.
//!
//! - [`http`]: request paths → files under the root, content types.
//! - [`server`]: a small HTTP/1.1 server: a thread per connection, bounded, with deadlines.
//! - [`reload`]: the event stream, the page script and the error overlay.
//! - [`watch`]: notify, debounce, and what a batch of edits requires.
//! - [`rebuild`]: the dev build, kept in memory between edits.
//!
//! The command line around them (printing, exit codes, opening a browser) is
//! [`crate::commands::serve`].

pub mod editor;
pub mod guard;
pub mod http;
pub mod rebuild;
pub mod reload;
pub mod server;
pub mod watch;

use std::path::PathBuf;

/// A temporary folder that is removed when dropped: the dev build never touches the site's own
/// output folder, and leaves nothing behind. Only its owner may read it (0700): it holds drafts,
/// and /tmp is shared with every account on the machine.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> std::io::Result<TempDir> {
        let base = std::env::temp_dir();
        for n in 0..1000u32 {
            let path = base.join(format!("gongkai-serve-{}-{n}", std::process::id()));
            let mut dir = std::fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut dir, 0o700);
            match dir.create(&path) {
                Ok(()) => return Ok(TempDir(path)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("no free temporary folder name"))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
