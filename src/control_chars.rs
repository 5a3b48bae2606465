//! Control characters in content: invisible on a page, not allowed in XML (an Atom feed with one
//! is rejected by readers), and able to drive a terminal (`ESC [` sequences). `check` rejects a
//! file that holds one ([`crate::content::source`]); every output strips them ([`strip`]), and
//! the terminal printer shows them as escapes ([`visible`]).

use std::borrow::Cow;

/// U+0000–U+001F except tab and newline, U+007F, the C1 controls U+0080–U+009F, and U+FFFE and
/// U+FFFF (not characters in XML).
pub fn is_forbidden(c: char) -> bool {
    matches!(
        c,
        '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}'
    )
}

/// The first forbidden character of `s` and its byte offset.
pub fn find(s: &str) -> Option<(usize, char)> {
    s.char_indices().find(|&(_, c)| is_forbidden(c))
}

/// `U+001B`: how a message names one.
pub fn code(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// `s` without its forbidden characters.
pub fn strip(s: &str) -> Cow<'_, str> {
    if find(s).is_none() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|&c| !is_forbidden(c)).collect())
}

/// `s` with each forbidden character written as `\u{1b}`, so a terminal shows it instead of
/// obeying it.
pub fn visible(s: &str) -> Cow<'_, str> {
    if find(s).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_forbidden(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A terminal writer that shows control characters instead of passing them on (formatting writes
/// whole `str` pieces, so a character is never split between two writes).
pub struct Visible<W>(pub W);

impl<W: std::io::Write> std::io::Write for Visible<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match std::str::from_utf8(buf) {
            Ok(s) => self.0.write_all(visible(s).as_bytes()),
            Err(_) => self.0.write_all(buf),
        }?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_and_newline_are_allowed_the_rest_is_not() {
        assert!(find("甲\t乙\n丙").is_none());
        for c in [
            '\0', '\u{8}', '\r', '\u{1b}', '\u{7f}', '\u{85}', '\u{ffff}',
        ] {
            assert!(is_forbidden(c), "{c:?}");
        }
        assert_eq!(strip("a\u{1b}[31mb\u{7}"), "a[31mb");
        assert_eq!(visible("a\u{1b}[2J"), "a\\u{1b}[2J");
        assert_eq!(code('\u{1b}'), "U+001B");
        let mut out = Visible(Vec::new());
        std::io::Write::write_all(&mut out, "部门\u{1b}]0;x\u{7}\n".as_bytes()).unwrap();
        assert_eq!(String::from_utf8(out.0).unwrap(), "部门\\u{1b}]0;x\\u{7}\n");
    }
}
