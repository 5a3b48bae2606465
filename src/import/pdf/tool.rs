//! The one place PDF import starts another program (poppler's `pdftotext`, `pdfinfo` and
//! `pdftoppm`, and `tesseract` for scans), each within [`super::super::external`]'s bounds: a
//! deadline, capped output, its own process group killed whole (a crafted PDF can make a tool
//! work for hours or print without end).

use super::super::external::{self, Failure, Limits};
use crate::i18n::Arg;
use std::ffi::OsStr;
use std::process::Command;
use std::time::Duration;

/// Why a program gave no output.
#[derive(Debug)]
pub enum RunError {
    /// Not installed (not on PATH).
    Missing,
    /// Could not be started.
    Io(std::io::Error),
    /// Ran and failed, or was stopped: why, in words.
    Failed(Arg),
}

/// Run `program` with `args` for at most `seconds`; its standard output.
pub fn run<S: AsRef<OsStr>>(program: &str, args: &[S], seconds: u64) -> Result<Vec<u8>, RunError> {
    let limits = Limits {
        deadline: Duration::from_secs(seconds),
        // A 100-page report is about 5 MB of boxes; a page image at 300 dpi is no output.
        max_stdout: 64 * 1024 * 1024,
        max_stderr: 16 * 1024,
        max_memory: Some(2 * 1024 * 1024 * 1024),
    };
    let mut cmd = Command::new(program);
    cmd.args(args);
    let out = external::run(&mut cmd, &limits).map_err(|e| match e {
        Failure::NotInstalled => RunError::Missing,
        Failure::CannotStart(e) => RunError::Io(e),
        other => RunError::Failed(other.reason()),
    })?;
    if !out.status.success() {
        return Err(RunError::Failed(Arg::from(out.stderr_text())));
    }
    Ok(out.stdout)
}
