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

/// The first forbidden character of `s` and its byte offset. Every report is scanned whole, so
/// this looks at bytes, not chars: in UTF-8 the forbidden characters are the bytes below 0x20
/// (bar tab and newline) and 0x7F, the C1 controls `C2 80`–`C2 9F`, and `EF BF BE`/`EF BF BF`;
/// `C2` and `EF` only ever start a character, so a match is always on a char boundary.
pub fn find(s: &str) -> Option<(usize, char)> {
    let b = s.as_bytes();
    let forbidden_at = |i: usize| match b[i] {
        b'\t' | b'\n' => false,
        0..0x20 | 0x7f => true,
        0xc2 => matches!(b.get(i + 1), Some(0x80..=0x9f)),
        0xef => b.get(i + 1) == Some(&0xbf) && matches!(b.get(i + 2), Some(0xbe | 0xbf)),
        _ => false,
    };
    // A byte that may start a forbidden character, judged with the byte after it: Chinese text
    // is full of `EF` (the full-width ，：（）all start with it), but `EF BF` is rare. After
    // `C2` comes a continuation byte, so below `A0` means `80`–`9F`.
    let candidate = |c: u8, next: u8| {
        (c < 0x20 && c != b'\t' && c != b'\n')
            || c == 0x7f
            || (c == 0xc2 && next < 0xa0)
            || (c == 0xef && next == 0xbf)
    };
    // Whole chunks without a candidate are passed over (fixed-size arrays: a loop the compiler
    // vectorises); a chunk is looked at with the byte after it, so it needs one byte more.
    const CHUNK: usize = 32;
    let mut start = 0;
    while start + CHUNK < b.len() {
        let here: &[u8; CHUNK] = b[start..start + CHUNK].try_into().ok()?;
        let after: &[u8; CHUNK] = b[start + 1..start + CHUNK + 1].try_into().ok()?;
        let any = (0..CHUNK).fold(false, |any, k| any | candidate(here[k], after[k]));
        if any && let Some(at) = (start..start + CHUNK).find(|&i| forbidden_at(i)) {
            return s[at..].chars().next().map(|c| (at, c));
        }
        start += CHUNK;
    }
    let at = (start..b.len()).find(|&i| forbidden_at(i))?;
    s[at..].chars().next().map(|c| (at, c))
}

/// Bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and
/// zero-width or invisible characters (U+180E, U+200B–U+200D, U+2060–U+2064, U+FEFF): allowed
/// in content (`check` warns about them in names and titles, F-INVISIBLE), but they reorder or
/// hide what a reader sees (`甲局\u{202E}` …), so every output drops them and the terminal shows
/// them as escapes.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{61c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// The length in bytes of the invisible character ([`is_invisible`]) that starts at byte `i` of
/// `b`, or 0. On bytes, for the pages' escaping: `E2 80 8B`–`8F`, `E2 80 AA`–`AE`, `E2 81 A0`–`A4`,
/// `E2 81 A6`–`A9`, `EF BB BF`, `D8 9C`, `E1 A0 8E`.
pub fn invisible_len(b: &[u8], i: usize) -> usize {
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match b[i] {
        0xe2 => match (at(1), at(2)) {
            (0x80, 0x8b..=0x8f | 0xaa..=0xae) | (0x81, 0xa0..=0xa4 | 0xa6..=0xa9) => 3,
            _ => 0,
        },
        0xef if at(1) == 0xbb && at(2) == 0xbf => 3,
        0xd8 if at(1) == 0x9c => 2,
        0xe1 if at(1) == 0xa0 && at(2) == 0x8e => 3,
        _ => 0,
    }
}

/// The first invisible character ([`is_invisible`]) of `s` and its byte offset. On bytes, as
/// [`find`]: pages and data pass every text through it. The lead bytes looked at only ever
/// start a character, so a match is on a char boundary.
pub fn find_invisible(s: &str) -> Option<(usize, char)> {
    let at = invisible_at(s.as_bytes(), 0)?;
    s[at..].chars().next().map(|c| (at, c))
}

/// The byte offset of the first invisible character of `b` at or after `from`. Chunks with no
/// byte pair that can start one are passed over whole (a loop the compiler vectorises, as in
/// [`find`]): Chinese text is full of `E2` and `EF` (“”, ，：), but the pairs that begin an
/// invisible character (`E2 80`/`E2 81`, `EF BB`, `D8 9C`, `E1 A0`) are rarer, and every output
/// file was scanned byte by byte.
fn invisible_at(b: &[u8], from: usize) -> Option<usize> {
    let candidate = |c: u8, next: u8| {
        (c == 0xe2 && (next == 0x80 || next == 0x81))
            || (c == 0xef && next == 0xbb)
            || (c == 0xd8 && next == 0x9c)
            || (c == 0xe1 && next == 0xa0)
    };
    let found = |i: usize| matches!(b[i], 0xe2 | 0xef | 0xd8 | 0xe1) && invisible_len(b, i) > 0;
    const CHUNK: usize = 32;
    let mut start = from;
    while start + CHUNK < b.len() {
        let here: &[u8; CHUNK] = b[start..start + CHUNK].try_into().ok()?;
        let after: &[u8; CHUNK] = b[start + 1..start + CHUNK + 1].try_into().ok()?;
        let any = (0..CHUNK).fold(false, |any, k| any | candidate(here[k], after[k]));
        if any && let Some(at) = (start..start + CHUNK).find(|&i| found(i)) {
            return Some(at);
        }
        start += CHUNK;
    }
    (start..b.len()).find(|&i| found(i))
}

/// UTF-8 text (a serialised JSON file: serde_json writes these characters as they are) without
/// its invisible characters ([`is_invisible`]), which would reorder or hide what a script shows
/// of it (a search result's title).
pub fn drop_invisible(text: Vec<u8>) -> Vec<u8> {
    let Some(first) = invisible_at(&text, 0) else {
        return text;
    };
    let mut out = Vec::with_capacity(text.len());
    let mut from = 0;
    let mut next = Some(first);
    while let Some(at) = next {
        out.extend_from_slice(&text[from..at]);
        from = at + invisible_len(&text, at);
        next = invisible_at(&text, from);
    }
    out.extend_from_slice(&text[from..]);
    out
}

/// `U+001B`: how a message names one.
pub fn code(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// `s` without its forbidden and invisible characters.
pub fn strip(s: &str) -> Cow<'_, str> {
    if find(s).is_none() && find_invisible(s).is_none() {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter(|&c| !is_forbidden(c) && !is_invisible(c))
            .collect(),
    )
}

/// [`strip`] of an owned string, which is given back when it has none.
pub fn strip_owned(s: String) -> String {
    match strip(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(stripped) => stripped,
    }
}

/// `s` with each forbidden or invisible character written as `\u{1b}`, so a terminal shows it
/// instead of obeying it.
pub fn visible(s: &str) -> Cow<'_, str> {
    if find(s).is_none() && find_invisible(s).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_forbidden(c) || is_invisible(c) {
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

    /// Issue 25, item 11: bidi overrides and zero-width characters are shown, not obeyed, in the
    /// terminal, and dropped from outputs; the byte test agrees with the char test everywhere.
    #[test]
    fn invisible_characters_are_escaped_and_stripped() {
        assert_eq!(visible("甲局\u{202e}txt.exe"), "甲局\\u{202e}txt.exe");
        let json = "[\"甲局\u{202e}txt.exe\u{200b}\",\"乙\"]"
            .as_bytes()
            .to_vec();
        assert_eq!(drop_invisible(json), "[\"甲局txt.exe\",\"乙\"]".as_bytes());
        assert_eq!(visible("甲\u{200b}局"), "甲\\u{200b}局");
        assert_eq!(strip("甲\u{200b}局\u{2066}乙\u{feff}"), "甲局乙");
        assert_eq!(find_invisible("“公开”—"), None);
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            assert_eq!(invisible_len(s.as_bytes(), 1) > 0, is_invisible(c), "{c:?}");
            assert_eq!(find_invisible(&s).is_some(), is_invisible(c), "{c:?}");
        }
    }

    /// The byte scan of `find` agrees with a char-by-char scan for every character, alone and
    /// between others.
    #[test]
    fn find_agrees_with_a_scan_of_chars_for_every_char() {
        let by_chars = |s: &str| s.char_indices().find(|&(_, c)| is_forbidden(c));
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            for s in [
                format!("{c}"),
                format!("a公{c}開\u{80}"),
                format!("\u{fffd}{c}"),
            ] {
                assert_eq!(find(&s), by_chars(&s), "{c:?}");
            }
        }
    }

    /// The same at every offset of a long Chinese text, across the chunks the scan skips by.
    #[test]
    fn find_agrees_with_a_scan_of_chars_at_every_offset() {
        let by_chars = |s: &str| s.char_indices().find(|&(_, c)| is_forbidden(c));
        let text: Vec<char> = "公开，（一）：申请·￥100\t结转\n"
            .chars()
            .cycle()
            .take(90)
            .collect();
        for bad in [
            '\u{1b}', '\r', '\u{7f}', '\u{85}', '\u{9f}', '\u{fffe}', '\u{ffff}', '·',
        ] {
            for at in 0..=text.len() {
                let mut t = text.clone();
                t.insert(at, bad);
                let s: String = t.into_iter().collect();
                assert_eq!(find(&s), by_chars(&s), "{bad:?} at {at}");
                // And without its last character.
                let cut = &s[..s.char_indices().last().map_or(0, |(i, _)| i)];
                assert_eq!(find(cut), by_chars(cut));
            }
        }
    }

    /// `find_invisible` and `drop_invisible` agree with a char-by-char scan at every offset of a
    /// long Chinese text (with “” and full-width punctuation, whose lead bytes are those of the
    /// invisible characters), across the chunks the scan skips by, with one or two of them.
    #[test]
    fn invisible_scan_agrees_with_a_scan_of_chars_at_every_offset() {
        let by_chars = |s: &str| s.char_indices().find(|&(_, c)| is_invisible(c));
        let text: Vec<char> = "公开“申请”，（一）：结转—…\u{2014}ab\n"
            .chars()
            .cycle()
            .take(90)
            .collect();
        for bad in [
            '\u{200b}', '\u{202e}', '\u{2069}', '\u{feff}', '\u{61c}', '\u{180e}',
        ] {
            for at in 0..=text.len() {
                let mut t = text.clone();
                t.insert(at, bad);
                t.insert(t.len() - at / 2, bad);
                let s: String = t.into_iter().collect();
                assert_eq!(find_invisible(&s), by_chars(&s), "{bad:?} at {at}");
                let kept: String = s.chars().filter(|&c| !is_invisible(c)).collect();
                assert_eq!(drop_invisible(s.clone().into_bytes()), kept.into_bytes());
            }
        }
    }
}
