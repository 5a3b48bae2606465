//! The one place PDF import starts another program (poppler's `pdftotext`, `pdfinfo` and
//! `pdftoppm`, and `tesseract` for scans), so that a deadline and bounded output can be added
//! in one place.

use std::ffi::OsStr;
use std::process::Command;

/// Why a program gave no output.
#[derive(Debug)]
pub enum RunError {
    /// Not installed (not on PATH).
    Missing,
    /// Could not be started.
    Io(std::io::Error),
    /// Ran and failed: what it wrote to stderr.
    Failed(String),
}

/// Run `program` with `args`; its standard output.
pub fn run<S: AsRef<OsStr>>(program: &str, args: &[S]) -> Result<Vec<u8>, RunError> {
    let output = Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                RunError::Missing
            } else {
                RunError::Io(e)
            }
        })?;
    if !output.status.success() {
        return Err(RunError::Failed(
            String::from_utf8_lossy(&output.stderr).trim().to_string(),
        ));
    }
    Ok(output.stdout)
}
