//! F-SOURCE: the original document published beside a report (`source`) must be a type that is
//! safe on the portal's own address: PDF, Word (.docx, .doc) or plain text (a saved web page is
//! kept as text). Anything else, an .svg, .html, .xml or .mht above all, would run its scripts
//! with the portal's authority once a web server hands it out by its name. The type is judged
//! by the name (what the server will send it as) and by the content (its first bytes), and the
//! two must agree: a web page renamed .pdf is refused like one named .html.
//!
//! `check` reports a refused file; `build` neither copies nor links it (with
//! `publish_with_errors`), and `import` keeps an original only as one of these types.

use crate::content::{Report, ReportFile};
use crate::diagnostics::Diagnostic;
use crate::schema::RuleId;
use std::io::Read;
use std::path::Path;

/// A type that may be published as an original.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Docx,
    Doc,
    Text,
}

impl Kind {
    /// The extension a file of this kind is published under.
    pub fn ext(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Docx => "docx",
            Kind::Doc => "doc",
            Kind::Text => "txt",
        }
    }
}

/// The extensions allowed, as the messages list them.
pub const ALLOWED: &str = ".pdf、.docx、.doc、.txt";

/// How many leading bytes decide the content.
const HEAD: usize = 8192;

/// The kind a name says (its extension, in any case); None for any other extension.
pub fn by_name(name: &str) -> Option<Kind> {
    let (_, ext) = name.rsplit_once('.')?;
    match ext.to_ascii_lowercase().as_str() {
        "pdf" => Some(Kind::Pdf),
        "docx" => Some(Kind::Docx),
        "doc" => Some(Kind::Doc),
        "txt" => Some(Kind::Text),
        _ => None,
    }
}

/// The kind the first bytes of a file show: a PDF header, a zip (a .docx is one), an OLE2
/// compound file (a .doc), or text (no control characters but tab, line ends and form feed;
/// UTF-8 or a legacy Chinese encoding alike). None for anything else.
pub fn by_content(head: &[u8]) -> Option<Kind> {
    if head.starts_with(b"%PDF-") {
        Some(Kind::Pdf)
    } else if head.starts_with(b"PK\x03\x04") {
        Some(Kind::Docx)
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(Kind::Doc)
    } else if !head.is_empty()
        && !head
            .iter()
            .any(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
    {
        Some(Kind::Text)
    } else {
        None
    }
}

/// The first bytes of a file.
pub fn head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(HEAD);
    std::fs::File::open(path)?
        .take(HEAD as u64)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// Why a file may not be published as an original.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Its name is not one of the allowed types.
    Name,
    /// Its content is not what its name says (or not any allowed type).
    Content(Option<Kind>),
}

/// Whether the file at `path`, published under `name`, is an allowed original.
pub fn judge(name: &str, path: &Path) -> Result<Kind, Refusal> {
    let named = by_name(name).ok_or(Refusal::Name)?;
    let found = head(path).ok().and_then(|h| by_content(&h));
    if found == Some(named) {
        Ok(named)
    } else {
        Err(Refusal::Content(found))
    }
}

/// F-SOURCE for a report whose `source` exists beside it but may not be published.
pub fn check(file: &ReportFile, r: &Report) -> Option<Diagnostic> {
    let name = r.source.as_deref()?;
    let path = file.path.with_file_name(name);
    // A missing or misplaced source is F-PATH's (site::check_source).
    if !path.symlink_metadata().is_ok_and(|m| m.is_file()) {
        return None;
    }
    let message = match judge(name, &path) {
        Ok(_) => return None,
        Err(Refusal::Name) => crate::msg!("source-type-refused", source = name, allowed = ALLOWED),
        Err(Refusal::Content(found)) => crate::msg!(
            "source-content-mismatch",
            source = name,
            found = found.map_or("?", Kind::ext)
        ),
    };
    Some(
        Diagnostic::new(&file.rel, RuleId::FileSource, message)
            .at(r.place("source"))
            .cell("source"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_contents_are_judged_together() {
        assert_eq!(by_name("a.PDF"), Some(Kind::Pdf));
        assert_eq!(by_name("a.html.txt"), Some(Kind::Text));
        for bad in [
            "a.svg",
            "a.html",
            "a.xht",
            "a.mht",
            "a.xml",
            "a",
            "a.pdf.html",
        ] {
            assert_eq!(by_name(bad), None, "{bad}");
        }
        assert_eq!(by_content(b"%PDF-1.7\n"), Some(Kind::Pdf));
        assert_eq!(by_content(b"PK\x03\x04rest"), Some(Kind::Docx));
        assert_eq!(
            by_content(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Some(Kind::Doc)
        );
        assert_eq!(
            by_content("年报\r\n<p>网页</p>".as_bytes()),
            Some(Kind::Text)
        );
        // GBK text is text too.
        assert_eq!(
            by_content(&[0xC4, 0xEA, 0xB1, 0xA8, b'\n']),
            Some(Kind::Text)
        );
        assert_eq!(by_content(b"\x00\x01binary"), None);
        assert_eq!(by_content(b""), None);
    }
}
