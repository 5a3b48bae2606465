//! `gongkai serve`: build the site into a temporary folder, serve it, watch the sources, rebuild
//! what an edit touches through the build pipeline, and tell the open pages.
//!
//! - [`http`]: request paths → files under the root, content types.
//! - [`server`]: a small HTTP/1.1 server: a thread per connection, bounded, with deadlines.
//! - [`limits`]: those bounds, with their defaults (`[serve]` in site.toml).
//! - [`reload`]: the event stream, the page script and the error overlay.
//! - [`watch`]: notify, debounce, and what a batch of edits requires.
//! - [`rebuild`]: the dev build, kept in memory between edits.
//! - [`sitewide`]: the pages that list or sum the saved reports, rendered on a thread of their
//!   own so that the next save's page does not wait for them.
//! - [`shown`]: the saved reports' own files, served from memory until they are on disk.
//!
//! The command line around them (printing, exit codes, opening a browser) is
//! [`crate::commands::serve`].

pub mod editor;
pub mod guard;
pub mod http;
pub mod limits;
pub mod rebuild;
pub mod reload;
pub mod server;
pub mod shown;
pub mod sitewide;
pub mod watch;

use std::path::PathBuf;

/// A temporary folder that is removed when dropped: the dev build never touches the site's own
/// output folder, and leaves nothing behind. Only its owner may read it (0700): it holds drafts,
/// and /tmp is shared with every account on the machine.
pub struct TempDir(pub PathBuf);

/// The name of a dev folder: `gongkai-serve-<pid>-<n>`.
const PREFIX: &str = "gongkai-serve-";

impl TempDir {
    pub fn new() -> std::io::Result<TempDir> {
        let base = std::env::temp_dir();
        sweep_stale(&base);
        for n in 0..1000u32 {
            let path = base.join(format!("{PREFIX}{}-{n}", std::process::id()));
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

/// Remove the dev folders that a `serve` killed without a chance to clean up (SIGKILL, a power
/// cut) left in `base`: only folders named as ours, owned by this account, whose process is gone.
/// A folder whose process still runs (another `serve`, or a process that took the number since)
/// is left alone; so is anything the folder links to (the removal does not follow links).
pub fn sweep_stale(base: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(PREFIX))
            .and_then(|rest| rest.split_once('-'))
            .filter(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(meta) = std::fs::symlink_metadata(e.path()) else {
            continue;
        };
        if meta.is_dir() && owned_by_us(&meta) && pid != std::process::id() && !alive(pid) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(unix)]
fn owned_by_us(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: getuid has no preconditions.
    meta.uid() == unsafe { libc::getuid() }
}

#[cfg(not(unix))]
fn owned_by_us(_: &std::fs::Metadata) -> bool {
    false
}

/// Whether a process with this id exists (kill with signal 0 checks without sending; EPERM
/// means it exists under another account).
#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: signal 0 sends nothing.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn alive(_: u32) -> bool {
    true
}
