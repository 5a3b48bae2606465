//! The front matter as a tree of spanned values, read by a small parser for the plain TOML that
//! reports are written in, and by the `toml` crate for everything else.
//!
//! A report's front matter is a few `[table]` headers, `key = value` lines and dotted keys, with
//! integers, decimals, strings, dates, arrays and one-line inline tables. The general TOML
//! parser spends a third of `check`'s time on 100,000 of them (it lexes into events, then builds
//! a map per table); [`parse`] reads this plain subset in one pass and gives up (`None`) at the
//! first thing outside it — an escape, a comment inside an array, a multi-line string, a
//! redefined key, any error — so that the `toml` crate reads the file instead ([`from_toml`]),
//! with its errors and their spans. Both give the same tree with the same spans (the key's
//! span for a key, the token's for a scalar, `[`…`]` or `{`…`}` for an array or inline table,
//! the header's `[`…`]` for a table opened by one, the first key's for a table made by a dotted
//! key), and the same order (tables sorted by key, as the `toml` crate's map is).

use std::borrow::Cow;
use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml::value::Datetime;

/// A key with its span.
pub type Key<'i> = Spanned<Cow<'i, str>>;

/// A TOML value as a report reads it.
#[derive(Debug, PartialEq)]
pub enum TomlValue<'i> {
    String(Cow<'i, str>),
    Integer(Int<'i>),
    Float(Float<'i>),
    Boolean(bool),
    Datetime(Datetime),
    Array(Vec<Spanned<TomlValue<'i>>>),
    Table(TomlTable<'i>),
}

/// An integer as written (the `toml` crate's decoded text), with its radix and its value.
#[derive(Debug, PartialEq)]
pub struct Int<'i> {
    text: Cow<'i, str>,
    radix: u32,
    /// Read once, where the text is read: a report has some 200 of them.
    value: Option<i64>,
}

impl<'i> Int<'i> {
    fn new(text: Cow<'i, str>, radix: u32) -> Self {
        let value = parse_int(&text, radix);
        Int { text, radix, value }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The value; `None` beyond `i64`.
    pub fn value(&self) -> Option<i64> {
        self.value
    }
}

/// An integer's text (`-12`, `1_000`, `0x1F`, as the `toml` crate gives it) in `radix`.
fn parse_int(s: &str, radix: u32) -> Option<i64> {
    // Underscores (`1_000`) are rare: only then is a copy without them made.
    let s = match s.contains('_') {
        true => Cow::Owned(s.replace('_', "")),
        false => Cow::Borrowed(s),
    };
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s.strip_prefix('+').unwrap_or(&s)),
    };
    let digits = match radix {
        16 => digits.trim_start_matches("0x"),
        8 => digits.trim_start_matches("0o"),
        2 => digits.trim_start_matches("0b"),
        _ => digits,
    };
    let n = i64::from_str_radix(digits, radix).ok()?;
    Some(if neg { -n } else { n })
}

/// A float as written.
#[derive(Debug, PartialEq)]
pub struct Float<'i> {
    text: Cow<'i, str>,
}

impl Float<'_> {
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// A table: its entries sorted by key.
#[derive(Debug, Default, PartialEq)]
pub struct TomlTable<'i> {
    entries: Vec<(Key<'i>, Spanned<TomlValue<'i>>)>,
}

impl<'i> TomlTable<'i> {
    pub fn get(&self, key: &str) -> Option<&Spanned<TomlValue<'i>>> {
        let i = self.position(key).ok()?;
        Some(&self.entries[i].1)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Key<'i>, &Spanned<TomlValue<'i>>)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|(k, _)| k.get_ref().as_ref().cmp(key))
    }

    /// Insert a new key; `None` when it is already there (a duplicate: the `toml` crate says so).
    fn insert(
        &mut self,
        key: Key<'i>,
        value: Spanned<TomlValue<'i>>,
    ) -> Option<&mut Spanned<TomlValue<'i>>> {
        let i = self.position(key.get_ref()).err()?;
        self.entries.insert(i, (key, value));
        Some(&mut self.entries[i].1)
    }
}

/// The front matter as read: the tree, and whether its keys and strings may hold escapes.
pub struct Front<'i> {
    pub table: TomlTable<'i>,
    /// Only the `toml` crate decodes escapes (`"\u001B"`): the plain subset has none, so its
    /// strings are the file's text as it was checked.
    pub escapes: bool,
}

/// The front matter as a tree: the plain subset read here, anything else by the `toml` crate.
/// `Err` carries the `toml` crate's error.
pub fn read(front: &str) -> Result<Front<'_>, toml::de::Error> {
    if let Some(table) = parse(front) {
        return Ok(Front {
            table,
            escapes: false,
        });
    }
    DeTable::parse(front).map(|t| Front {
        table: from_toml_table(t.into_inner()),
        escapes: true,
    })
}

/// The `toml` crate's tree as ours.
pub fn from_toml_table(t: DeTable<'_>) -> TomlTable<'_> {
    // The crate's map iterates in key order: pushed in that order, the entries are sorted.
    TomlTable {
        entries: t.into_iter().map(|(k, v)| (k, from_toml(v))).collect(),
    }
}

fn from_toml(v: Spanned<DeValue<'_>>) -> Spanned<TomlValue<'_>> {
    let span = v.span();
    let value = match v.into_inner() {
        DeValue::String(s) => TomlValue::String(s),
        DeValue::Integer(i) => {
            TomlValue::Integer(Int::new(Cow::Owned(i.as_str().to_string()), i.radix()))
        }
        DeValue::Float(f) => TomlValue::Float(Float {
            text: Cow::Owned(f.as_str().to_string()),
        }),
        DeValue::Boolean(b) => TomlValue::Boolean(b),
        DeValue::Datetime(d) => TomlValue::Datetime(d),
        DeValue::Array(a) => TomlValue::Array(a.into_iter().map(from_toml).collect()),
        DeValue::Table(t) => TomlValue::Table(from_toml_table(t)),
    };
    Spanned::new(span, value)
}

/// The plain subset, or `None` for anything else (then the `toml` crate reads the text).
pub fn parse(front: &str) -> Option<TomlTable<'_>> {
    let mut p = Parser {
        s: front,
        b: front.as_bytes(),
        at: 0,
    };
    let mut root = TomlTable::default();
    // The table the key/value lines go into: the root, or a header's (a top-level key), by its
    // place among the root's entries (which stays put until the next header).
    let mut current: Option<usize> = None;
    loop {
        p.skip_ws();
        let Some(c) = p.peek() else {
            break;
        };
        match c {
            b'\n' => {
                p.at += 1;
                continue;
            }
            b'#' => p.comment()?,
            b'[' => {
                let start = p.at;
                p.at += 1;
                if p.peek() == Some(b'[') {
                    return None;
                }
                p.skip_ws();
                let key = p.bare_key()?;
                p.skip_ws();
                p.eat(b']')?;
                let span = start..p.at;
                // A header must open a new top-level table (a dotted key's or a header's twice
                // is for the `toml` crate to judge).
                let i = root.position(key_str(&key)).err()?;
                let table = Spanned::new(span, TomlValue::Table(TomlTable::default()));
                root.entries.insert(i, (key, table));
                current = Some(i);
                p.end_of_line()?;
            }
            _ => {
                let path = p.dotted_key()?;
                p.skip_ws();
                p.eat(b'=')?;
                p.skip_ws();
                let value = p.value()?;
                p.end_of_line()?;
                let table = match current {
                    None => &mut root,
                    Some(i) => table_mut(&mut root.entries[i].1)?,
                };
                insert_dotted(p.b, table, path, value)?;
            }
        }
    }
    Some(root)
}

fn table_mut<'t, 'i>(v: &'t mut Spanned<TomlValue<'i>>) -> Option<&'t mut TomlTable<'i>> {
    match v.get_mut() {
        TomlValue::Table(t) => Some(t),
        _ => None,
    }
}

/// A key's text borrowed from the input (keys read here are bare, so never owned).
fn key_str<'i>(k: &Key<'i>) -> &'i str {
    match k.get_ref() {
        Cow::Borrowed(s) => s,
        Cow::Owned(_) => unreachable!("bare keys borrow the input"),
    }
}

/// `a.b.c = value` into `table` (a top-level table, or the root): `a` and `b` are made as
/// dotted tables or must be ones already; `c` must be new. A table made by a dotted key is told
/// by its span, which is its first key's (a header's starts at `[`, an inline table's at `{`):
/// only such a table may be added to by another dotted key.
fn insert_dotted<'i>(
    front: &[u8],
    mut table: &mut TomlTable<'i>,
    mut path: impl Iterator<Item = Key<'i>>,
    value: Spanned<TomlValue<'i>>,
) -> Option<()> {
    // Each key but the last names a table on the way.
    let mut last = path.next()?;
    for next in path {
        let key = std::mem::replace(&mut last, next);
        match table.position(key_str(&key)) {
            Ok(i) => {
                let existing = &mut table.entries[i].1;
                if !front
                    .get(existing.span().start)
                    .copied()
                    .is_some_and(is_bare)
                {
                    return None;
                }
                table = table_mut(existing)?;
            }
            Err(_) => {
                let span = key.span();
                table = table_mut(table.insert(
                    key,
                    Spanned::new(span, TomlValue::Table(TomlTable::default())),
                )?)?;
            }
        }
    }
    table.insert(last, value)?;
    Some(())
}

struct Parser<'i> {
    s: &'i str,
    b: &'i [u8],
    at: usize,
}

fn is_bare(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// Where a scalar written without quotes ends.
fn ends_token(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b',' | b']' | b'}' | b'#')
}

impl<'i> Parser<'i> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek() == Some(c)).then(|| self.at += 1)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// A comment to the end of the line: tab and printable characters (the file has no other
    /// control characters by now, but DEL and a lone CR are the `toml` crate's to name).
    fn comment(&mut self) -> Option<()> {
        while let Some(c) = self.peek() {
            match c {
                b'\n' => break,
                b'\t' | 0x20..=0x7e | 0x80.. => self.at += 1,
                _ => return None,
            }
        }
        Some(())
    }

    /// After a header or a key/value: spaces, a comment, then the line's end.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_ws();
        if self.peek() == Some(b'#') {
            self.comment()?;
        }
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.at += 1;
                Some(())
            }
            _ => None,
        }
    }

    fn bare_key(&mut self) -> Option<Key<'i>> {
        let start = self.at;
        while self.peek().is_some_and(is_bare) {
            self.at += 1;
        }
        (self.at > start)
            .then(|| Spanned::new(start..self.at, Cow::Borrowed(&self.s[start..self.at])))
    }

    /// `a` or `a.b.c` (no spaces around the dots: those are the `toml` crate's), as the keys
    /// with their spans.
    fn dotted_key(&mut self) -> Option<impl Iterator<Item = Key<'i>> + use<'i>> {
        let start = self.at;
        self.bare_key()?;
        while self.peek() == Some(b'.') {
            self.at += 1;
            self.bare_key()?;
        }
        let s = self.s;
        let mut at = start;
        Some(s[start..self.at].split('.').map(move |k| {
            let key = Spanned::new(at..at + k.len(), Cow::Borrowed(&s[at..at + k.len()]));
            at += k.len() + 1;
            key
        }))
    }

    fn value(&mut self) -> Option<Spanned<TomlValue<'i>>> {
        let start = self.at;
        let value = match self.peek()? {
            b'"' => self.basic_string()?,
            b'[' => self.array()?,
            b'{' => self.inline_table()?,
            _ => {
                while self.peek().is_some_and(|c| !ends_token(c)) {
                    self.at += 1;
                }
                scalar(&self.s[start..self.at])?
            }
        };
        Some(Spanned::new(start..self.at, value))
    }

    /// `"…"` on one line without escapes.
    fn basic_string(&mut self) -> Option<TomlValue<'i>> {
        self.at += 1;
        let start = self.at;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' | b'\n' | 0x7f => return None,
                c if c < 0x20 && c != b'\t' => return None,
                _ => self.at += 1,
            }
        }
        let text = &self.s[start..self.at];
        self.at += 1;
        // `"""` opens a multi-line string.
        if text.is_empty() && self.peek() == Some(b'"') {
            return None;
        }
        Some(TomlValue::String(Cow::Borrowed(text)))
    }

    /// `[v, v, …]`, over lines, a comma after the last allowed; no comments inside.
    fn array(&mut self) -> Option<TomlValue<'i>> {
        self.at += 1;
        // A row of table 三 has 7 cells, one of table 四 5: room for them at once.
        let mut items = Vec::with_capacity(8);
        loop {
            self.skip_ws_newlines();
            if self.eat(b']').is_some() {
                break;
            }
            items.push(self.value()?);
            self.skip_ws_newlines();
            if self.eat(b',').is_none() {
                self.eat(b']')?;
                break;
            }
        }
        Some(TomlValue::Array(items))
    }

    fn skip_ws_newlines(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n')) {
            self.at += 1;
        }
    }

    /// `{ k = v, … }` on one line, bare keys, no comma after the last.
    fn inline_table(&mut self) -> Option<TomlValue<'i>> {
        self.at += 1;
        let mut table = TomlTable::default();
        self.skip_ws();
        if self.eat(b'}').is_some() {
            return Some(TomlValue::Table(table));
        }
        loop {
            self.skip_ws();
            let key = self.bare_key()?;
            self.skip_ws();
            self.eat(b'=')?;
            self.skip_ws();
            // Nested arrays and tables in an inline table are the `toml` crate's.
            let start = self.at;
            let value = match self.peek()? {
                b'"' => self.basic_string()?,
                b'[' | b'{' => return None,
                _ => {
                    while self.peek().is_some_and(|c| !ends_token(c)) {
                        self.at += 1;
                    }
                    scalar(&self.s[start..self.at])?
                }
            };
            table.insert(key, Spanned::new(start..self.at, value))?;
            self.skip_ws();
            if self.eat(b',').is_none() {
                self.eat(b'}')?;
                break;
            }
        }
        Some(TomlValue::Table(table))
    }
}

/// An unquoted scalar: `true`, `false`, a decimal integer, a decimal with a fraction, or a date
/// (`2024-01-31`); anything else is the `toml` crate's.
#[inline]
fn scalar(t: &str) -> Option<TomlValue<'_>> {
    // Most scalars are small counts: read at once (18 digits cannot overflow an `i64`).
    let b = t.as_bytes();
    let (negative, digits) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, b),
    };
    if (1..=18).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit) {
        // No leading zero, as TOML says.
        if digits.len() > 1 && digits[0] == b'0' {
            return None;
        }
        let n = digits
            .iter()
            .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
        return Some(TomlValue::Integer(Int {
            text: Cow::Borrowed(t),
            radix: 10,
            value: Some(if negative { -n } else { n }),
        }));
    }
    match t {
        "true" => return Some(TomlValue::Boolean(true)),
        "false" => return Some(TomlValue::Boolean(false)),
        _ => {}
    }
    let b = t.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let digits = b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        return digits
            .then(|| t.parse::<Datetime>().ok().map(TomlValue::Datetime))
            .flatten();
    }
    let unsigned = t.strip_prefix('-').unwrap_or(t);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    // No leading zero, as TOML says.
    if !digits(int) || (int.len() > 1 && int.starts_with('0')) {
        return None;
    }
    match frac {
        None => {
            // Beyond i64 the `toml` crate reports an overflow.
            let n = t.parse::<i64>().ok()?;
            Some(TomlValue::Integer(Int {
                text: Cow::Borrowed(t),
                radix: 10,
                value: Some(n),
            }))
        }
        Some(f) if digits(f) => Some(TomlValue::Float(Float {
            text: Cow::Borrowed(t),
        })),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml(front: &str) -> Option<TomlTable<'_>> {
        DeTable::parse(front)
            .ok()
            .map(|t| from_toml_table(t.into_inner()))
    }

    /// The plain subset gives the `toml` crate's tree, spans included; the rest is left to it.
    #[test]
    fn the_subset_reads_as_the_toml_crate_does() {
        let same = [
            "department = \"东城区 局\"\nyear = 2020\nedition = \"2019\"\npublished = 2021-01-15\n",
            "a = 1 # c\n# x\n\n[active]\nregulations = { new_made = 1, new_published = -0, total = 18 }\nfees = {}\nprocurement = { projects = 5, amount = \"641万元\" }\n",
            "[applications]\nnew = [26, 4, 1, 0, 0, 0, 31]\nwithheld.state_secret = [0, 0]\nwithheld.law = [1,\n  2 ,3,\n]\nx.y.z = 1.25\n[review_litigation]\nreview = []\n",
            "[ notes ]\n\"q\" = 1\n",
            "example = true\nb = false\nt = \"\\t\"\n",
            "a = \"\"\nb = '' \n",
        ];
        for front in same {
            let ours = parse(front);
            assert_eq!(read(front).ok().map(|f| f.table), toml(front), "{front}");
            if let Some(ours) = ours {
                assert_eq!(Some(ours), toml(front), "{front}");
            }
        }
        // Read here: no fall-back to the crate for the usual report.
        assert!(parse(same[0]).is_some() && parse(same[1]).is_some() && parse(same[2]).is_some());
        // Left to the crate: errors, escapes, redefinitions, other number forms.
        for front in [
            "a = 1\na = 2\n",
            "[a]\n[a]\n",
            "a.b = 1\n[a]\n",
            "a = { b = 1 }\na.c = 2\n",
            "a = \"\\u001B\"\n",
            "a = 1_000\nb = 0x1F\nc = 1e5\nd = +1\ne = 01\n",
            "a = 99999999999999999999\n",
            "a = [1, # c\n 2]\n",
            "a = \"\"\"x\"\"\"\n",
            "a = 2024-13-45\n",
            "a = 1979-05-27T07:32:00\n",
            "a = 1979-05-27 07:32:00\n",
            "a = { b = 1, }\n",
            "a = 1 b\n",
            "[[t]]\n",
        ] {
            assert!(parse(front).is_none(), "{front}");
            assert_eq!(read(front).ok().map(|f| f.table), toml(front), "{front}");
        }
    }
}
