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
    // Checked by `simdutf8` first (already built for encoding_rs): Chinese text is mostly
    // multi-byte characters, where the standard library's check is slowest. Only a file that
    // fails is checked again for where.
    let checked = simdutf8::basic::from_utf8(bytes).or_else(|_| std::str::from_utf8(bytes));
    let text = match checked {
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

/// The TOML parser's explanation (English) as a message argument, in the catalogue's words: each
/// message the parser (`toml_parser`) or the settings' reader (serde: unknown, missing or mistyped
/// keys) can give has an entry, so a clerk reads every TOML error in Chinese; English keeps the
/// parser's own words. A message not known here (a newer parser) is still said in Chinese, with
/// the parser's words beside it.
pub fn toml_reason(message: &str) -> Arg {
    // Longer prefixes before the shorter ones they start with.
    const KNOWN: [(&str, &str); 51] = [
        ("duplicate key", "toml-duplicate-key"),
        ("duplicate field", "toml-duplicate-key"),
        ("string values must be quoted", "toml-unquoted-string"),
        ("invalid basic string", "toml-unclosed-string"),
        ("invalid string", "toml-unclosed-string"),
        ("missing opening quote", "toml-unclosed-string"),
        ("invalid literal string", "toml-unclosed-literal"),
        ("invalid multi-line", "toml-unclosed-multiline"),
        ("unclosed table", "toml-unclosed-table"),
        ("unclosed array table", "toml-unclosed-array-table"),
        ("unclosed array", "toml-unclosed-array"),
        ("unclosed inline table", "toml-unclosed-inline-table"),
        ("unexpected key or value", "toml-unexpected"),
        ("unexpected content", "toml-unexpected"),
        ("key with no value", "toml-key-no-value"),
        ("missing assignment", "toml-key-no-value"),
        ("missing value", "toml-key-no-value"),
        ("extra assignment", "toml-extra-eq"),
        ("extra `=`", "toml-extra-eq"),
        ("unexpected `=`", "toml-extra-eq"),
        ("extra comma", "toml-extra-comma"),
        ("missing comma", "toml-missing-comma"),
        ("unexpected leading zero", "toml-leading-zero"),
        ("invalid fraction", "toml-bad-number"),
        ("invalid exponent", "toml-bad-number"),
        ("invalid float", "toml-bad-number"),
        ("invalid mantissa", "toml-bad-number"),
        ("invalid integer", "toml-bad-number"),
        ("invalid hexadecimal", "toml-bad-number"),
        ("invalid octal", "toml-bad-number"),
        ("invalid binary", "toml-bad-number"),
        ("integers with a radix", "toml-bad-number"),
        ("radix must be", "toml-bad-number"),
        ("redundant", "toml-bad-number"),
        ("unexpected sign", "toml-bad-number"),
        ("`_` may only go", "toml-bad-number"),
        ("integer number overflowed", "toml-bad-number"),
        ("invalid date", "toml-bad-date"),
        ("invalid time", "toml-bad-date"),
        ("invalid boolean", "toml-bad-boolean"),
        ("invalid comment", "toml-comment-char"),
        ("missing escaped value", "toml-escape"),
        ("too few unicode", "toml-escape"),
        ("invalid unquoted key", "toml-bad-key"),
        ("unquoted keys cannot be empty", "toml-bad-key"),
        ("keys cannot be", "toml-bad-key"),
        ("missing key", "toml-bad-key"),
        ("carriage return", "toml-cr"),
        ("cannot recurse", "toml-too-deep"),
        ("invalid type", "toml-invalid-type"),
        ("invalid value", "toml-invalid-value"),
    ];
    let original = message.trim().trim_end_matches('.');
    let first = original.lines().next().unwrap_or("");
    if let Some(m) = serde_reason(first) {
        return m.arg("original", original).into();
    }
    let id = KNOWN
        .iter()
        .filter(|(start, _)| first.starts_with(start))
        .max_by_key(|(start, _)| start.len())
        .map_or("toml-other", |(_, id)| *id);
    let mut m = Msg::new(id).arg("original", original);
    if id == "toml-invalid-type"
        && let Some((found, expected)) = first
            .strip_prefix("invalid type: ")
            .and_then(|r| r.split_once(", expected "))
    {
        m = Msg::new("toml-wrong-type")
            .arg("original", original)
            .arg("found", type_word(found))
            .arg("expected", type_word(expected));
    }
    m.into()
}

/// The settings' reader's (serde's) messages that name a key or value: unknown, missing, not one
/// of the choices.
fn serde_reason(first: &str) -> Option<Msg> {
    let quoted = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    for (start, id) in [
        ("unknown field `", "toml-unknown-field"),
        ("unknown variant `", "toml-unknown-variant"),
        ("missing field `", "toml-missing-field"),
    ] {
        if first.starts_with(start) {
            let names = quoted(first);
            let (name, choices) = names.split_first()?;
            let known: Vec<&str> = choices.iter().map(String::as_str).collect();
            let guess =
                super::parse::did_you_mean(name, &known).filter(|_| id == "toml-unknown-field");
            let m = Msg::new(if guess.is_some() {
                "toml-unknown-field-guess"
            } else {
                id
            });
            return Some(
                m.arg("key", name.as_str())
                    .arg("keys", Arg::List(choices.to_vec()))
                    .arg("guess", guess.unwrap_or_default()),
            );
        }
    }
    None
}

/// A serde type description ("a boolean", "string \"x\"", "integer `3`") in the catalogue's
/// words where it names a TOML type.
fn type_word(s: &str) -> Arg {
    let s = s.trim();
    let word = s.trim_start_matches("a ").trim_start_matches("an ");
    let id = if word.starts_with("string") || word.starts_with("str") {
        "type-string"
    } else if word.starts_with("integer") || word.starts_with('i') || word.starts_with('u') {
        "type-integer"
    } else if word.starts_with("bool") {
        "type-boolean"
    } else if word.starts_with("float") || word.starts_with("f64") {
        "type-decimal"
    } else if word.starts_with("sequence") || word.starts_with("array") {
        "type-array"
    } else if word.starts_with("map") || word.starts_with("struct") || word.starts_with("table") {
        "type-table"
    } else if word.starts_with("date") {
        "type-date"
    } else {
        return Arg::Text(s.to_string());
    };
    Arg::Ref(id)
}

/// Line starts of a text, to turn byte offsets into places.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
    /// The line found last: a report's values are looked up in the order they are written, so
    /// the next one is on the same line or the one after.
    last: std::cell::Cell<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        // A byte loop, not a search per line: a report's lines are short, and searching for
        // each one cost more than looking at its bytes.
        let mut starts = Vec::with_capacity(text.len() / 24 + 2);
        starts.push(0);
        for (i, &b) in text.as_bytes().iter().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex {
            starts,
            len: text.len(),
            last: std::cell::Cell::new(1),
        }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        // Line `n` holds the offsets from its start up to the next line's start.
        let holds = |n: u32| {
            let i = n as usize;
            i >= 1
                && self.starts.get(i - 1).is_some_and(|&s| s <= offset)
                && self.starts.get(i).is_none_or(|&s| s > offset)
        };
        let last = self.last.get();
        let line = if holds(last) {
            last
        } else if holds(last + 1) {
            last + 1
        } else {
            self.starts.partition_point(|&s| s <= offset) as u32
        };
        self.last.set(line);
        line
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
        assert!(other.text(Lang::Zh).contains("不符合 TOML 格式"));
        assert!(other.text(Lang::Zh).contains("something new"));
    }

    /// Every mistake a clerk can make in TOML, as the real parser reports it, reads in Chinese
    /// of its own (not the generic sentence with the parser's English).
    #[test]
    fn every_toml_error_a_clerk_can_cause_reads_in_chinese() {
        let cases = [
            "a = \"x\"\na = \"y\"\n",
            "a = x\n",
            "a = [1, 2\n",
            "a = \"x\n",
            "a = 'x\n",
            "a = '''x\n",
            "[a\n",
            "[[a]\n",
            "a = {x = 1\n",
            "a = 1,2\n",
            "a = 1\nb\n",
            "a = {x 1}\n",
            "a = 01\n",
            "a = 1.\n",
            "a = 1e\n",
            "a = -0x1\n",
            "a = 1_\n",
            "a = +-1\n",
            "a = 0b2\n",
            "a = 2025-13-01\n",
            "a = tru\n",
            "a = [1,,2]\n",
            "a = 1 # c\u{7}\n",
            "a = \"\\q\"\n",
            "a = \"\\u12\"\n",
            "年 = 1\n",
            "= 1\n",
            "a = inf1\n",
            "a = [1 2]\n",
            "a = 1 = 2\n",
        ];
        for text in cases {
            let e = text.parse::<toml::Table>().expect_err(text);
            let zh =
                crate::msg!("front-invalid-toml", error = toml_reason(e.message())).text(Lang::Zh);
            assert!(
                !zh.contains("解析器的原文") && !zh.is_ascii(),
                "{text:?}: {} -> {zh}",
                e.message()
            );
        }
        // The settings' reader: an unknown key, a wrong type, a value not among the choices.
        for text in ["tilte = \"x\"\n", "publish_with_errors = \"是\"\n"] {
            let e = crate::config::SiteConfig::parse(text).unwrap_err();
            let zh = e[0].message.text(Lang::Zh);
            assert!(
                !zh.contains("解析器的原文") && !zh.contains("unknown"),
                "{zh}"
            );
        }
        let e = crate::config::SiteConfig::parse("tilte = \"x\"\n").unwrap_err();
        assert!(
            e[0].message
                .text(Lang::Zh)
                .contains("没有“tilte”这个键，是不是“title”？")
        );
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
