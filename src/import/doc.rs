//! Legacy Word 97 documents (.doc), common in older years, through a maintained converter when
//! one is installed: LibreOffice (converted to .docx, so merged cells are laid out as the Word
//! importer does), else `antiword` (its text, tables drawn with `|`).

use super::external::{self, Scratch};
use super::{Doc, ImportError, docx, shown, text};
use crate::i18n::Arg;
use crate::msg;
use std::io::Read;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// How long a converter may take on one document (LibreOffice starting with a fresh profile
/// takes a few seconds; a real report converts in under a minute on a busy machine).
const TIMEOUT: Duration = Duration::from_secs(180);

/// The first bytes of an OLE2 compound file, the container of every Word 97–2003 document.
const OLE2_MAGIC: [u8; 4] = [0xD0, 0xCF, 0x11, 0xE0];

/// A .doc through the first converter that reads it: LibreOffice, else antiword. Only a real
/// Word 97 file (by its magic bytes) reaches a converter: a web page, RTF or ODF file named .doc
/// would make LibreOffice load the images and style sheets it names from the network.
pub fn read(path: &Path) -> Result<Doc, ImportError> {
    let mut head = [0u8; 4];
    let n = std::fs::File::open(path)
        .and_then(|mut f| read_head(&mut f, &mut head))
        .map_err(|e| super::cannot_read(path, &e))?;
    if head[..n] != OLE2_MAGIC {
        if head[..n].starts_with(b"PK\x03\x04") {
            // A .docx saved under the old extension: read as what it is.
            return docx::read(path);
        }
        return Err(ImportError(msg!("imp-doc-not-word97", path = shown(path))));
    }
    let mut failed: Option<ImportError> = None;
    for office in ["soffice", "libreoffice"] {
        match with_libreoffice(office, path) {
            Some(Ok(doc)) => return Ok(doc),
            Some(Err(e)) => {
                failed = Some(e);
                break;
            }
            None => {}
        }
    }
    match (with_antiword(path), failed) {
        (Some(Ok(doc)), _) => Ok(doc),
        // Both failed: LibreOffice's reason first (it reads tables antiword loses).
        (Some(Err(second)), Some(first)) => Err(ImportError(msg!(
            "imp-doc-converters-failed",
            first = first.0,
            second = second.0
        ))),
        (Some(Err(e)), None) => Err(e),
        (None, Some(first)) => Err(ImportError(msg!("imp-doc-try-antiword", reason = first.0))),
        (None, None) => Err(ImportError(msg!(
            "imp-doc-needs-converter",
            path = shown(path)
        ))),
    }
}

/// Up to `head.len()` bytes from the start of `f`; fewer when the file is shorter.
fn read_head(f: &mut impl Read, head: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Limits of one converter run: output is a few MB of text at most (LibreOffice writes its
/// result to a file and prints a line).
fn limits(max_memory: Option<u64>) -> external::Limits {
    external::Limits {
        deadline: TIMEOUT,
        max_stdout: 32 * 1024 * 1024,
        max_stderr: 16 * 1024,
        max_memory,
    }
}

/// LibreOffice's settings for a conversion, written into its fresh profile before it starts:
/// every fetch goes to a proxy on a closed local port (so nothing named in the document is
/// loaded even where no network namespace can be made), links are never updated and macros
/// never run.
const PROFILE_SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetProxyType" oor:op="fuse"><value>1</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPProxyName" oor:op="fuse"><value>127.0.0.1</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPProxyPort" oor:op="fuse"><value>9</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPSProxyName" oor:op="fuse"><value>127.0.0.1</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPSProxyPort" oor:op="fuse"><value>9</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetFTPProxyName" oor:op="fuse"><value>127.0.0.1</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetFTPProxyPort" oor:op="fuse"><value>9</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetNoProxy" oor:op="fuse"><value></value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Field" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

/// The proxy variables of the environment, pointed at a closed local port for the converter.
const PROXY_VARS: [&str; 8] = [
    "http_proxy",
    "https_proxy",
    "ftp_proxy",
    "all_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "FTP_PROXY",
    "ALL_PROXY",
];

fn with_libreoffice(program: &str, path: &Path) -> Option<Result<Doc, ImportError>> {
    let cannot = |e: std::io::Error| {
        Some(Err(ImportError(msg!(
            "imp-cannot-convert",
            path = shown(path),
            reason = crate::error::io_reason(&e)
        ))))
    };
    // Removed when this function returns, after LibreOffice's whole process group is dead.
    let scratch = match Scratch::new("doc") {
        Ok(s) => s,
        Err(e) => return cannot(e),
    };
    // Its own profile, so a LibreOffice the clerk has open (or a parallel import) is not in
    // the way, with the settings above.
    let profile = scratch.path().join("profile");
    let settings = profile.join("user").join("registrymodifications.xcu");
    if let Err(e) = std::fs::create_dir_all(profile.join("user"))
        .and_then(|()| std::fs::write(&settings, PROFILE_SETTINGS))
    {
        return cannot(e);
    }
    let out_dir = scratch.path().join("out");
    if let Err(e) = std::fs::create_dir(&out_dir) {
        return cannot(e);
    }
    let mut cmd = Command::new(program);
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.display()
    ))
    .args([
        "--headless",
        "--norestore",
        "--nolockcheck",
        // Read as Word 97 whatever LibreOffice would detect.
        "--infilter=MS Word 97",
        "--convert-to",
        "docx",
        "--outdir",
    ])
    .arg(&out_dir)
    .arg(path)
    .env("HOME", scratch.path());
    for var in PROXY_VARS {
        cmd.env(var, "http://127.0.0.1:9");
    }
    cmd.env_remove("no_proxy").env_remove("NO_PROXY");
    let failed = |why: Arg| {
        Some(Err(ImportError(msg!(
            "imp-libreoffice-failed",
            path = shown(path),
            reason = why
        ))))
    };
    let output = match external::run(&mut cmd, &limits(None)) {
        Ok(o) => o,
        Err(external::Failure::NotInstalled) => return None,
        Err(e) => return failed(e.reason()),
    };
    let stem = path.file_stem().unwrap_or_default();
    let converted = out_dir.join(stem).with_extension("docx");
    if !output.status.success() || !converted.is_file() {
        let why = output.stderr_text();
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
    let mut cmd = Command::new("antiword");
    cmd.args(["-w", "0", "-m", "UTF-8.txt"]).arg(path);
    let output = match external::run(&mut cmd, &limits(Some(1024 * 1024 * 1024))) {
        Ok(o) if o.status.success() => o,
        Ok(o) => {
            return Some(Err(ImportError(msg!(
                "imp-antiword-failed",
                path = shown(path),
                reason = o.stderr_text()
            ))));
        }
        Err(external::Failure::NotInstalled) => return None,
        Err(e) => {
            return Some(Err(ImportError(msg!(
                "imp-antiword-error",
                path = shown(path),
                reason = e.reason()
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
