//! Input-method typos in TOML: the full-width punctuation a Chinese input method types
//! (，：；［］｛｝＝“”‘’（）) and dates written the Chinese way (`2025年1月22日`), found outside
//! quoted strings and comments, named in Chinese, and rewritten by `gongkai check --fix`.
//!
//! Outside a string or a comment none of these characters is valid TOML, so the parser rejects
//! the line with a message about something else ("string values must be quoted" for `，`): this
//! module says what the clerk actually typed. Inside a string (`"某某局（办公室）"`) or a comment
//! they are text and are never touched. The fix never changes a number's value: a full-width comma
//! between two digits (`1，234`) may be a thousands separator, so it is named but left to the clerk.

use crate::diagnostics::Diagnostic;
use crate::i18n::Msg;
use crate::msg;
use crate::schema::RuleId;

/// What kind of typo, for its message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A full-width character with one half-width equivalent (，［］｛｝＝“”‘’（）).
    Punct,
    /// `：` where `=` belongs (between a key and its value), else `:`.
    Colon,
    /// `；`: a comma inside an array or inline table, nothing at the end of a line.
    Semicolon,
    /// `，` between two digits: a thousands separator or a missing space; not fixed.
    DigitComma,
    /// `2025年1月22日`: a TOML date (`2025-01-22`).
    Date,
}

/// One typo: where it is (byte range of the text scanned), what was typed and what to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Typo {
    pub start: usize,
    pub end: usize,
    pub found: String,
    /// The replacement (possibly empty: a `；` at the end of a line goes); `None` when only the
    /// clerk can tell (a comma between digits).
    pub fix: Option<String>,
    pub kind: Kind,
}

/// The half-width equivalent of a full-width character that has exactly one.
fn half_width(c: char) -> Option<char> {
    Some(match c {
        '，' => ',',
        '［' => '[',
        '］' => ']',
        '｛' => '{',
        '｝' => '}',
        '＝' => '=',
        '（' => '(',
        '）' => ')',
        '“' | '”' => '"',
        '‘' | '’' => '\'',
        _ => return None,
    })
}

/// Every typo in a TOML text (a report's front matter, site.toml, departments.toml), in order.
pub fn find(text: &str) -> Vec<Typo> {
    let mut out = vec![];
    // The brackets open at this point (`[` arrays and table names, `{` inline tables), and
    // whether a key's `=` comes next (at a line's start, after `{` or a comma inside one).
    let mut open: Vec<char> = vec![];
    let mut expect_eq = true;
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let n = c.len_utf8();
        let punct = |out: &mut Vec<Typo>, at: usize, c: char, fix: &str, kind: Kind| {
            out.push(Typo {
                start: at,
                end: at + c.len_utf8(),
                found: c.to_string(),
                fix: Some(fix.to_string()),
                kind,
            })
        };
        match c {
            '\n' => {
                expect_eq |= open.is_empty();
                i += 1;
            }
            '#' => i = line_end(text, i),
            '"' | '\'' => i = skip_string(text, i, c, &mut out),
            '“' | '‘' => {
                // A string opened with a full-width quote: its content is text, up to the closing
                // quote (full- or half-width) on the same line.
                let ascii = half_width(c).unwrap_or('"');
                punct(&mut out, i, c, &ascii.to_string(), Kind::Punct);
                let end = line_end(text, i + n);
                let closers = if c == '“' {
                    ['”', '"']
                } else {
                    ['’', '\'']
                };
                match text[i + n..end].find(closers) {
                    Some(j) => {
                        let at = i + n + j;
                        let close = text[at..].chars().next().unwrap_or(ascii);
                        if close != ascii {
                            punct(&mut out, at, close, &ascii.to_string(), Kind::Punct);
                        }
                        i = at + close.len_utf8();
                    }
                    None => i = end,
                }
            }
            '，' => {
                let before = text[..i].chars().next_back();
                let after = text[i + n..].chars().next();
                if before.is_some_and(|b| b.is_ascii_digit())
                    && after.is_some_and(|a| a.is_ascii_digit())
                {
                    out.push(Typo {
                        start: i,
                        end: i + n,
                        found: c.to_string(),
                        fix: None,
                        kind: Kind::DigitComma,
                    });
                } else {
                    punct(&mut out, i, c, ",", Kind::Punct);
                }
                expect_eq = open.last() == Some(&'{');
                i += n;
            }
            ',' => {
                expect_eq = open.last() == Some(&'{');
                i += n;
            }
            '：' => {
                punct(
                    &mut out,
                    i,
                    c,
                    if expect_eq { "=" } else { ":" },
                    Kind::Colon,
                );
                expect_eq = false;
                i += n;
            }
            '；' => {
                punct(
                    &mut out,
                    i,
                    c,
                    if open.is_empty() { "" } else { "," },
                    Kind::Semicolon,
                );
                i += n;
            }
            '=' | '＝' => {
                if c == '＝' {
                    punct(&mut out, i, c, "=", Kind::Punct);
                }
                expect_eq = false;
                i += n;
            }
            '[' | '{' | '［' | '｛' => {
                let h = half_width(c).unwrap_or(c);
                if h != c {
                    punct(&mut out, i, c, &h.to_string(), Kind::Punct);
                }
                // An inline table expects its first key; an array (or a table's name) none.
                expect_eq = h == '{';
                open.push(h);
                i += n;
            }
            ']' | '}' | '］' | '｝' => {
                if let Some(h) = half_width(c) {
                    punct(&mut out, i, c, &h.to_string(), Kind::Punct);
                }
                open.pop();
                expect_eq = false;
                i += n;
            }
            '0'..='9' if !text[..i].ends_with(|p: char| p.is_ascii_digit()) => {
                match chinese_date(&text[i..]) {
                    Some((len, iso)) => {
                        out.push(Typo {
                            start: i,
                            end: i + len,
                            found: text[i..i + len].to_string(),
                            fix: Some(iso),
                            kind: Kind::Date,
                        });
                        i += len;
                    }
                    None => i += n,
                }
            }
            _ => {
                if let Some(h) = half_width(c) {
                    punct(&mut out, i, c, &h.to_string(), Kind::Punct);
                }
                i += n;
            }
        }
    }
    out
}

/// The text with every fixable typo rewritten, and how many were.
pub fn apply(text: &str, typos: &[Typo]) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut fixed = 0;
    for t in typos {
        let Some(fix) = &t.fix else { continue };
        out.push_str(&text[at..t.start]);
        out.push_str(fix);
        at = t.end;
        fixed += 1;
    }
    out.push_str(&text[at..]);
    (out, fixed)
}

/// The typos of a whole file, with offsets into it: a report's front matter only (the text
/// between its `+++` lines; the Markdown narrative is Chinese prose and stays as written), or a
/// whole TOML file (site.toml, departments.toml).
pub fn find_in_file(text: &str, is_report: bool) -> Vec<Typo> {
    let (from, to) = if is_report {
        match front_range(text) {
            Some(r) => r,
            None => return vec![],
        }
    } else {
        (0, text.len())
    };
    let mut typos = find(&text[from..to]);
    for t in &mut typos {
        t.start += from;
        t.end += from;
    }
    typos
}

/// The byte range of a report's front matter: after the first `+++` line, up to the next.
fn front_range(text: &str) -> Option<(usize, usize)> {
    let first = text.lines().next()?;
    if first.trim_end() != "+++" {
        return None;
    }
    let start = (first.len() + 1).min(text.len());
    let mut at = start;
    for line in text[start..].split('\n') {
        if line.trim_end() == "+++" {
            return Some((start, at));
        }
        at += line.len() + 1;
    }
    None
}

/// The finding (F-FORMAT) for one typo, without its place: the character typed and what to write.
pub fn diagnostic(file: &str, t: &Typo) -> Diagnostic {
    let fix = t.fix.clone().unwrap_or_default();
    let (message, help): (Msg, Msg) = match t.kind {
        Kind::Punct => (
            msg!(
                "typo-fullwidth",
                found = t.found.as_str(),
                fix = fix.as_str()
            ),
            msg!("typo-fix-help", fix = fix.as_str()),
        ),
        Kind::Colon if fix == "=" => (
            msg!("typo-colon"),
            msg!("typo-fix-help", fix = fix.as_str()),
        ),
        Kind::Colon => (
            msg!(
                "typo-fullwidth",
                found = t.found.as_str(),
                fix = fix.as_str()
            ),
            msg!("typo-fix-help", fix = fix.as_str()),
        ),
        Kind::Semicolon if fix.is_empty() => (msg!("typo-semicolon-end"), msg!("typo-delete-help")),
        Kind::Semicolon => (
            msg!("typo-semicolon-array"),
            msg!("typo-fix-help", fix = fix.as_str()),
        ),
        Kind::DigitComma => (msg!("typo-digit-comma"), msg!("typo-by-hand-help")),
        Kind::Date => (
            msg!("typo-date", found = t.found.as_str(), fix = fix.as_str()),
            msg!("typo-date-help", fix = fix.as_str()),
        ),
    };
    Diagnostic::new(file, RuleId::FileFormat, message).help(help)
}

/// `2025年1月22日` (or without 日) at the start of `s`: its length in bytes and the ISO date.
pub fn chinese_date(s: &str) -> Option<(usize, String)> {
    let digits = |s: &str, max: usize| {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        (n >= 1 && n <= max).then(|| (n, s[..n].parse::<u32>().ok()))
    };
    let (ny, year) = digits(s, 4)?;
    let rest = s[ny..].strip_prefix('年')?;
    let (nm, month) = digits(rest, 2)?;
    let rest = rest[nm..].strip_prefix('月')?;
    let (nd, day) = digits(rest, 2)?;
    let (year, month, day) = (year?, month?, day?);
    if ny != 4 || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut len = ny + '年'.len_utf8() + nm + '月'.len_utf8() + nd;
    if rest[nd..].starts_with('日') {
        len += '日'.len_utf8();
    }
    Some((len, format!("{year:04}-{month:02}-{day:02}")))
}

fn line_end(text: &str, from: usize) -> usize {
    text[from..].find('\n').map_or(text.len(), |j| from + j)
}

/// Past the string starting at `at` (quote `q`): a multi-line string to its closing triple quote,
/// else to the closing quote on the line. A one-line string closed by a full-width quote
/// (`"某某局”`) is a typo at that quote.
fn skip_string(text: &str, at: usize, q: char, out: &mut Vec<Typo>) -> usize {
    let triple: String = std::iter::repeat_n(q, 3).collect();
    if text[at..].starts_with(&triple) {
        let from = at + 3;
        return text[from..]
            .find(&triple)
            .map_or(text.len(), |j| from + j + 3);
    }
    let end = line_end(text, at + 1);
    let mut escaped = false;
    for (j, c) in text[at + 1..end].char_indices() {
        match c {
            '\\' if q == '"' && !escaped => escaped = true,
            c if c == q && !escaped => {
                let close = at + 1 + j + 1;
                published_in_quotes(text, at, close, out);
                return close;
            }
            _ => escaped = false,
        }
    }
    let full = if q == '"' { '”' } else { '’' };
    if let Some(j) = text[at + 1..end].rfind(full) {
        let start = at + 1 + j;
        out.push(Typo {
            start,
            end: start + full.len_utf8(),
            found: full.to_string(),
            fix: Some(q.to_string()),
            kind: Kind::Punct,
        });
    }
    end
}

/// `published = "2025年1月22日"`: the publication date quoted as text, which `published` does
/// not take; the whole string (quotes included) becomes the TOML date. Only for `published`, and
/// only when the string is nothing but the date: other text in quotes is never touched.
fn published_in_quotes(text: &str, open: usize, close: usize, out: &mut Vec<Typo>) {
    let line_start = text[..open].rfind('\n').map_or(0, |i| i + 1);
    let key = text[line_start..open].trim_end();
    let Some(key) = key.strip_suffix('=').or_else(|| key.strip_suffix('＝')) else {
        return;
    };
    if key.trim() != "published" {
        return;
    }
    let inner = &text[open + 1..close - 1];
    if let Some((len, iso)) = chinese_date(inner)
        && len == inner.len()
    {
        out.push(Typo {
            start: open,
            end: close,
            found: text[open..close].to_string(),
            fix: Some(iso),
            kind: Kind::Date,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn fixed(text: &str) -> String {
        apply(text, &find(text)).0
    }

    #[test]
    fn full_width_punctuation_outside_strings_is_rewritten() {
        assert_eq!(fixed("a ＝ 1\n"), "a = 1\n");
        assert_eq!(fixed("a：1\n"), "a=1\n");
        assert_eq!(fixed("［active］\n"), "[active]\n");
        assert_eq!(
            fixed("r = ｛ issued = 0， repealed = 0 ｝\n"),
            "r = { issued = 0, repealed = 0 }\n"
        );
        assert_eq!(fixed("new = [1， 2； 3]\n"), "new = [1, 2, 3]\n");
        assert_eq!(
            fixed("r = { issued：0， in_force：2 }\nt = 12：30\n"),
            "r = { issued=0, in_force=2 }\nt = 12:30\n"
        );
        assert_eq!(
            fixed("new = [\n  1；\n  2\n]\nx：1\n"),
            "new = [\n  1,\n  2\n]\nx=1\n"
        );
        assert_eq!(fixed("x = 1；\n"), "x = 1\n");
        assert_eq!(fixed("d = “某某局”\n"), "d = \"某某局\"\n");
        assert_eq!(fixed("d = ‘某某局’\n"), "d = '某某局'\n");
        assert_eq!(fixed("d = \"某某局”\n"), "d = \"某某局\"\n");
        assert_eq!(fixed("d = “某某局\"\n"), "d = \"某某局\"\n");
    }

    #[test]
    fn strings_comments_and_numbers_are_never_touched() {
        let text = "d = \"某某局（办公室），二〇二五年\"  # 注：“原文”；［附］\nn = [1，234, 0]\nt = '''\n甲，乙\n'''\n";
        let typos = find(text);
        assert_eq!(typos.len(), 1, "{typos:?}");
        assert_eq!(typos[0].kind, Kind::DigitComma);
        assert_eq!(typos[0].fix, None);
        assert_eq!(fixed(text), text);
        assert_eq!(fixed("d = “甲，乙”\n"), "d = \"甲，乙\"\n");
    }

    #[test]
    fn chinese_dates_become_toml_dates() {
        assert_eq!(
            fixed("published = 2025年1月22日\n"),
            "published = 2025-01-22\n"
        );
        assert_eq!(
            fixed("published = 2025年01月2日 # x\n"),
            "published = 2025-01-02 # x\n"
        );
        assert_eq!(
            fixed("published = \"2025年1月22日\"\n"),
            "published = 2025-01-22\n"
        );
        for kept in [
            "title = \"2025年1月22日\"\n",
            "published = \"2025年1月22日发布\"\n",
        ] {
            assert_eq!(fixed(kept), kept);
        }
        assert_eq!(chinese_date("2025年13月1日"), None);
        assert!(find("published = 2025-01-22\n").is_empty());
    }

    #[test]
    fn only_a_reports_front_matter_is_scanned() {
        let text = "+++\nyear ＝ 2024\n+++\n\n## 一、总体情况\n\n本机关（办公室）：好。\n";
        let typos = find_in_file(text, true);
        assert_eq!(typos.len(), 1);
        assert_eq!(&text[typos[0].start..typos[0].end], "＝");
        assert_eq!(find_in_file("title ＝ \"x\"\n", false).len(), 1);
    }

    #[test]
    fn messages_name_the_character_and_the_fix_in_chinese() {
        let t = &find("a = 1，\n")[0];
        let d = diagnostic("f.md", t);
        assert_eq!(d.rule, RuleId::FileFormat);
        let zh = d.message.text(Lang::Zh);
        assert!(zh.contains("“，”") && zh.contains("“,”"), "{zh}");
        assert!(
            d.help
                .unwrap()
                .text(Lang::Zh)
                .contains("gongkai check --fix")
        );
        let date = diagnostic("f.md", &find("p = 2025年1月22日\n")[0]);
        assert!(date.message.text(Lang::Zh).contains("2025-01-22"));
    }
}
