//! PDF reports, through `pdftotext -layout` (poppler-utils): the layout text keeps each number in
//! the character column of its table cell, which [`super::tables`] uses to place it.

use super::{Doc, ImportError, text};
use std::path::Path;
use std::process::Command;

pub fn read(path: &Path) -> Result<Doc, ImportError> {
    let output = Command::new("pdftotext")
        .arg("-layout")
        .arg("-enc")
        .arg("UTF-8")
        .arg(path)
        .arg("-")
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                ImportError(
                    "reading a PDF needs `pdftotext` from the poppler-utils package \
                     (Debian/Ubuntu: apt-get install poppler-utils; macOS: brew install poppler)"
                        .into(),
                )
            } else {
                ImportError(format!("cannot run pdftotext: {e}"))
            }
        })?;
    if !output.status.success() {
        return Err(ImportError(format!(
            "pdftotext could not read {}: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let s = String::from_utf8_lossy(&output.stdout);
    // pdftotext separates pages with a form feed.
    let s = s.replace('\u{c}', "\n");
    if s.trim().is_empty() {
        return Err(ImportError(format!(
            "{} has no text layer (a scanned document?): nothing to import",
            path.display()
        )));
    }
    let lines: Vec<&str> = s.lines().collect();
    Ok(text::layout(&lines))
}
