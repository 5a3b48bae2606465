//! Legacy Word 97 documents (.doc), common in older years, through a maintained converter when
//! one is installed: LibreOffice (converted to .docx, so merged cells are laid out as the Word
//! importer does), else `antiword` (its text, tables drawn with `|`).

use super::{Doc, ImportError, docx, shown, text};
use crate::i18n::Arg;
use crate::msg;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a converter may take on one document.
const TIMEOUT: Duration = Duration::from_secs(180);

pub fn read(path: &Path) -> Result<Doc, ImportError> {
    for office in ["soffice", "libreoffice"] {
        if let Some(result) = with_libreoffice(office, path) {
            return result;
        }
    }
    if let Some(result) = with_antiword(path) {
        return result;
    }
    Err(ImportError(msg!(
        "imp-doc-needs-converter",
        path = shown(path)
    )))
}

/// Run a command to its end within [`TIMEOUT`]; None when the program is not installed.
fn run(cmd: &mut Command) -> Option<Result<std::process::Output, Arg>> {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => return Some(Err(e.to_string().into())),
    };
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => {
                return Some(child.wait_with_output().map_err(|e| e.to_string().into()));
            }
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                let seconds = TIMEOUT.as_secs();
                return Some(Err(msg!("imp-timeout", seconds = seconds).into()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Some(Err(e.to_string().into())),
        }
    }
}

/// A fresh folder for a conversion, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn with_libreoffice(program: &str, path: &Path) -> Option<Result<Doc, ImportError>> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let scratch =
        Scratch(std::env::temp_dir().join(format!("gongkai-doc-{}-{nanos}", std::process::id())));
    if let Err(e) = std::fs::create_dir_all(&scratch.0) {
        return Some(Err(ImportError(msg!(
            "imp-cannot-convert",
            path = shown(path),
            reason = crate::error::io_reason(&e)
        ))));
    }
    // Its own profile, so a LibreOffice the clerk has open (or a parallel import) is not in
    // the way.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        scratch.0.join("profile").display()
    );
    let output = run(Command::new(program)
        .arg(profile)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
        ])
        .arg(&scratch.0)
        .arg(path))?;
    let failed = |why: Arg| {
        Some(Err(ImportError(msg!(
            "imp-libreoffice-failed",
            path = shown(path),
            reason = why
        ))))
    };
    let output = match output {
        Ok(o) => o,
        Err(e) => return failed(e),
    };
    let stem = path.file_stem().unwrap_or_default();
    let converted = scratch.0.join(stem).with_extension("docx");
    if !output.status.success() || !converted.is_file() {
        let why = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return failed(if why.is_empty() {
            Arg::Ref("imp-no-docx-written")
        } else {
            Arg::Text(why)
        });
    }
    // The converted file is a scratch copy: errors name the clerk's file.
    let (from, to) = (shown(&converted), shown(path));
    Some(docx::read(&converted).map_err(|mut e| {
        for (_, arg) in &mut e.0.args {
            if let Arg::Text(s) = arg {
                *s = s.replace(&from, &to);
            }
        }
        e
    }))
}

fn with_antiword(path: &Path) -> Option<Result<Doc, ImportError>> {
    let output = run(Command::new("antiword")
        .args(["-w", "0", "-m", "UTF-8.txt"])
        .arg(path))?;
    let output = match output {
        Ok(o) if o.status.success() => o,
        Ok(o) => {
            return Some(Err(ImportError(msg!(
                "imp-antiword-failed",
                path = shown(path),
                reason = String::from_utf8_lossy(&o.stderr).trim()
            ))));
        }
        Err(e) => {
            return Some(Err(ImportError(msg!(
                "imp-antiword-error",
                path = shown(path),
                reason = e
            ))));
        }
    };
    let s = String::from_utf8_lossy(&output.stdout);
    Some(Ok(text::read(&piped(&s))))
}

/// antiword draws a table row as `|cell   |cell   |`; the text reader takes ` | ` between
/// cells.
fn piped(s: &str) -> String {
    s.lines()
        .map(|line| {
            let t = line.trim_end();
            match t.strip_prefix('|').and_then(|r| r.strip_suffix('|')) {
                Some(inner) => inner
                    .split('|')
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join(" | "),
                None => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn antiword_rows_become_piped_rows() {
        assert_eq!(
            piped("|规章      |1     |0    |11   |\n正文"),
            "规章 | 1 | 0 | 11\n正文"
        );
    }
}
