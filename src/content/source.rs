//! Turning a file's bytes into text we can parse, and byte offsets into lines.
//!
//! Agencies save reports from many editors: a BOM, CRLF line ends, GBK bytes, an empty file. The
//! first two are accepted with a warning; the others are errors that name the file and line.

use crate::control_chars;
use crate::diagnostics::{Diagnostic, Place};
use crate::i18n::{Arg, Msg};
use crate::msg;
use crate::schema::RuleId;
use std::borrow::Cow;

/// The largest report file we read. Real reports are 5–30 KB; a multi-megabyte file is a mistake
/// (a PDF renamed to .md, a log) and reading it whole would only waste memory.
pub const MAX_REPORT_BYTES: u64 = 2 * 1024 * 1024;

/// Decode a file as UTF-8 text with LF line ends. Returns `None` (with an error) when unusable.
/// The text borrows the bytes unless line ends had to be changed.
pub fn decode<'b>(
    file: &str,
    bytes: &'b [u8],
    diags: &mut Vec<Diagnostic>,
) -> Option<Cow<'b, str>> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        diags.push(
            Diagnostic::new(file, RuleId::FileFormat, msg!("file-empty"))
                .help(msg!("file-empty-help")),
        );
        return None;
    }
    let mut bytes = bytes;
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        diags.push(
            Diagnostic::new(file, RuleId::FileStyle, msg!("file-bom"))
                .at_line(1)
                .help(msg!("file-bom-help")),
        );
        bytes = rest;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let bad = bytes[e.valid_up_to()];
            diags.push(
                Diagnostic::new(
                    file,
                    RuleId::FileFormat,
                    msg!("file-not-utf8", byte = format!("0x{bad:02X}")),
                )
                .at_line(line)
                .help(msg!("file-not-utf8-help")),
            );
            return None;
        }
    };
    let text = if text.contains("\r\n") {
        diags.push(Diagnostic::new(file, RuleId::FileStyle, msg!("file-crlf")).at_line(1));
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    };
    if let Some((at, c)) = control_chars::find(&text) {
        let place = LineIndex::new(&text).place(at, at + c.len_utf8());
        diags.push(control_char(file, None, c).at(Some(place)));
        return None;
    }
    Some(text)
}

/// F-FORMAT for a control character in `what` (the file, or a value written with a TOML escape
/// such as `"\u001B"`, named by its key): the one message for it.
pub fn control_char(file: &str, what: Option<&str>, c: char) -> Diagnostic {
    let message = match what {
        None => msg!("control-char-file", code = control_chars::code(c)),
        Some(key) => msg!(
            "control-char-value",
            key = key,
            code = control_chars::code(c)
        ),
    };
    Diagnostic::new(file, RuleId::FileFormat, message).help(msg!("control-char-help"))
}

/// The TOML parser's explanation (English) as a message argument: the common mistakes in the
/// catalogue's words, the rest as the parser says them.
pub fn toml_reason(message: &str) -> Arg {
    const KNOWN: [(&str, &str); 6] = [
        ("duplicate key", "toml-duplicate-key"),
        ("string values must be quoted", "toml-unquoted-string"),
        ("invalid basic string", "toml-unclosed-string"),
        ("unclosed table", "toml-unclosed-table"),
        ("unclosed array", "toml-unclosed-array"),
        ("unexpected key or value", "toml-unexpected"),
    ];
    let original = message.trim().trim_end_matches('.');
    match KNOWN.iter().find(|(start, _)| original.starts_with(start)) {
        Some((_, id)) => Msg::new(id).arg("original", original).into(),
        None => Arg::Text(original.to_string()),
    }
}

/// Line starts of a text, to turn byte offsets into places.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        self.starts.partition_point(|&s| s <= offset) as u32
    }

    /// The place of a byte range, clipped to its first line.
    pub fn place(&self, start: usize, end: usize) -> Place {
        let line = self.line(start);
        let line_start = self.starts[line as usize - 1];
        let line_end = self
            .starts
            .get(line as usize)
            .map(|s| s - 1)
            .unwrap_or(self.len);
        Place {
            line,
            start: (start - line_start) as u32,
            end: (end.min(line_end).max(start) - line_start) as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;

    #[test]
    fn common_toml_mistakes_are_explained_in_chinese_and_kept_in_english() {
        let m = crate::msg!("front-invalid-toml", error = toml_reason("duplicate key\n"));
        assert_eq!(m.text(Lang::Zh), "前言的 TOML 语法有误：同一个键写了两次");
        assert_eq!(
            m.text(Lang::En),
            "invalid TOML in the front matter: duplicate key"
        );
        let other = crate::msg!("front-invalid-toml", error = toml_reason("something new."));
        assert!(other.text(Lang::Zh).ends_with("something new"));
    }

    use super::*;

    #[test]
    fn lines_and_places() {
        let idx = LineIndex::new("ab\ncde\n\nf");
        assert_eq!(idx.line(0), 1);
        assert_eq!(idx.line(3), 2);
        assert_eq!(idx.line(8), 4);
        assert_eq!(
            idx.place(4, 20),
            Place {
                line: 2,
                start: 1,
                end: 3
            }
        );
    }

    #[test]
    fn bom_and_crlf_are_accepted_with_warnings() {
        let mut d = vec![];
        let t = decode("f.md", b"\xEF\xBB\xBF+++\r\nyear = 1\r\n+++\r\n", &mut d).unwrap();
        assert_eq!(t, "+++\nyear = 1\n+++\n");
        assert_eq!(d.len(), 2);
        assert!(d.iter().all(|d| d.rule == RuleId::FileStyle));
    }

    #[test]
    fn non_utf8_names_the_line() {
        let mut d = vec![];
        assert!(decode("f.md", b"+++\nx = 1\n\xB2\xE2\n", &mut d).is_none());
        assert_eq!(d[0].rule, RuleId::FileFormat);
        assert_eq!(d[0].line, Some(3));
        assert!(d[0].message.en().contains("0xB2"));
    }

    #[test]
    fn empty_is_an_error() {
        let mut d = vec![];
        assert!(decode("f.md", b"  \n", &mut d).is_none());
        assert_eq!(d[0].message.en(), "the file is empty");
    }
}
