//! The bytes of one report file's own part ([`Own`]) in the report cache: written by hand, not
//! derived, because the data is plain (strings, small numbers, options and lists) and its odd
//! parts need care a derive would not give them: a cell's text stands in a list of this run's
//! own ([`CellParts`]), and a message's id and argument names are `&'static str`. Numbers are
//! LEB128 varints (signed ones zigzagged), strings their length and UTF-8, an option or a flag
//! one byte. A cell is a byte of kind and flags, then its line (left out when it is the previous
//! cell's: a row of table 三 stands on one line), column, length and count or text: 4 bytes for
//! most cells where the report keeps 12.
//!
//! Decoding checks everything it reads (lengths against what is left, every tag, every
//! enumeration), and gives `None` rather than a report no parse would give; the caller then
//! parses the file.

use crate::content::{
    ActiveTable, ApplicationValues, ApplicationsTable, Cell, CellParts, KeyPlaces, Narrative,
    NarrativeSection, Origin, Report, ReviewTable, ReviewValues,
};
use crate::diagnostics::{Diagnostic, Place};
use crate::i18n::{Arg, Msg};
use crate::schema::{self, Edition, RuleId};
use crate::site::Own;
use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, LazyLock, Mutex};

/// How deep messages may nest in a cache (a message as an argument of another): deeper than any
/// the rules write, shallow enough for the stack.
pub(super) const MAX_NESTING: usize = 8;

/// Cell header bits: the kind (two bits), computed, on the previous cell's line.
const CELL_COMPUTED: u8 = 1 << 2;
const CELL_SAME_LINE: u8 = 1 << 3;

/// One file's own part, as bytes (the cache writes it from its parts, [`encode_with`]).
#[cfg(test)]
pub(super) fn encode(own: &Own) -> Vec<u8> {
    encode_with(own.report.as_deref(), &encode_findings(own))
}

/// The findings of an own part as [`encode`] ends with them: what the report cache keeps of a
/// loaded file besides its report (shared with the site), a tenth of their size in memory.
pub(super) fn encode_findings(own: &Own) -> Vec<u8> {
    let mut w = Writer::default();
    w.diagnostics(&own.parse);
    w.diagnostics(&own.rules);
    w.buf
}

/// An own part's bytes from its report and its findings as [`encode_findings`] gave them.
pub(super) fn encode_with(report: Option<&Report>, findings: &[u8]) -> Vec<u8> {
    let mut w = Writer::default();
    match report {
        Some(r) => {
            w.u8(1);
            w.report(r);
        }
        None => w.u8(0),
    }
    w.bytes(findings);
    w.buf
}

/// The own part in `bytes`; `None` unless they are exactly one, as [`encode`] writes it.
pub(super) fn decode(bytes: &[u8]) -> Option<Own> {
    let mut r = Reader::new(bytes);
    let report = match r.u8()? {
        0 => None,
        1 => Some(Arc::new(r.report()?)),
        _ => return None,
    };
    let parse = r.diagnostics()?;
    let rules = r.diagnostics()?;
    r.buf.is_empty().then_some(Own {
        report,
        parse,
        rules,
    })
}

#[derive(Default)]
pub(super) struct Writer {
    pub(super) buf: Vec<u8>,
    /// The line of the last cell read from the file.
    line: u32,
}

impl Writer {
    pub(super) fn u8(&mut self, b: u8) {
        self.buf.push(b);
    }

    pub(super) fn bool(&mut self, b: bool) {
        self.u8(u8::from(b));
    }

    pub(super) fn uint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.buf.push(n as u8 | 0x80);
            n >>= 7;
        }
        self.buf.push(n as u8);
    }

    pub(super) fn int(&mut self, n: i64) {
        self.uint(((n << 1) ^ (n >> 63)) as u64);
    }

    pub(super) fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }

    pub(super) fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }

    fn opt<T>(&mut self, v: Option<T>, mut each: impl FnMut(&mut Self, T)) {
        match v {
            Some(v) => {
                self.u8(1);
                each(self, v);
            }
            None => self.u8(0),
        }
    }

    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.uint(items.len() as u64);
        for item in items {
            each(self, item);
        }
    }

    fn place(&mut self, p: Place) {
        self.uint(p.line.into());
        self.uint(p.start.into());
        self.uint(p.end.into());
    }

    fn cell(&mut self, cell: &Cell) {
        match cell.parts() {
            CellParts::Computed(n) => {
                self.u8(CELL_COMPUTED);
                self.int(n);
            }
            CellParts::Read {
                kind,
                line,
                start,
                len,
                count,
                text,
            } => {
                let same = line == self.line;
                self.u8(kind | if same { CELL_SAME_LINE } else { 0 });
                if !same {
                    self.uint(line.into());
                    self.line = line;
                }
                self.uint(start.into());
                self.u8(len);
                match text {
                    Some(text) => self.str(text),
                    None => self.int(count),
                }
            }
        }
    }

    fn cells(&mut self, cells: &[Cell]) {
        for c in cells {
            self.cell(c);
        }
    }

    fn report(&mut self, r: &Report) {
        let Report {
            file,
            year,
            slug,
            department,
            edition,
            edition_given,
            published,
            title,
            source,
            example,
            origin,
            active,
            applications,
            review,
            notes,
            narrative,
            places,
        } = r;
        self.str(file);
        self.int((*year).into());
        self.str(slug);
        self.str(department);
        self.u8(index(&Edition::ALL, edition));
        self.bool(*edition_given);
        self.opt(published.as_deref(), Self::str);
        self.str(title);
        self.opt(source.as_deref(), Self::str);
        self.bool(*example);
        self.u8(index(&Origin::ALL, origin));
        self.opt(active.as_ref(), |w, t| {
            w.list(&t.rows, |w, row| {
                w.opt(row.as_ref(), |w, cells| {
                    w.uint(cells.len() as u64);
                    w.cells(cells);
                });
            });
        });
        self.opt(applications.as_ref(), |w, t| {
            w.list(&t.rows, |w, row| {
                w.opt(row.as_ref(), |w, v| {
                    w.cells(&v.cells);
                    w.bool(v.total_computed);
                    w.place(v.place);
                });
            });
        });
        self.opt(review.as_ref(), |w, t| {
            w.list(&t.groups, |w, group| {
                w.opt(group.as_ref(), |w, v| {
                    w.cells(&v.cells);
                    w.place(v.place);
                });
            });
        });
        self.uint(notes.len() as u64);
        for (k, v) in notes {
            self.str(k);
            self.str(v);
        }
        self.str(&narrative.preamble);
        self.uint(narrative.preamble_line.into());
        self.list(&narrative.sections, |w, s| {
            w.str(&s.heading);
            w.opt(s.key, Self::str);
            w.uint(s.heading_line.into());
            w.str(&s.body);
            w.uint(s.body_line.into());
        });
        self.list(places.slots(), |w, p| w.opt(*p, Self::place));
    }

    fn diagnostics(&mut self, diags: &[Diagnostic]) {
        self.list(diags, |w, d| {
            w.str(&d.file);
            w.opt(d.line, |w, l| w.uint(l.into()));
            w.opt(d.columns, |w, (a, b)| {
                w.uint(a.into());
                w.uint(b.into());
            });
            w.str(d.rule.code());
            w.msg(&d.message);
            w.opt(d.cell.as_deref(), Self::str);
            w.opt(d.help.as_ref(), Self::msg);
        });
    }

    fn msg(&mut self, m: &Msg) {
        self.str(m.id);
        self.list(&m.args, |w, (name, arg)| {
            w.str(name);
            match arg {
                Arg::Text(s) => {
                    w.u8(0);
                    w.str(s);
                }
                Arg::Num(n) => {
                    w.u8(1);
                    w.int(*n);
                }
                Arg::Ref(id) => {
                    w.u8(2);
                    w.str(id);
                }
                Arg::Nested(m) => {
                    w.u8(3);
                    w.msg(m);
                }
                Arg::List(items) => {
                    w.u8(4);
                    w.list(items, |w, s| w.str(s));
                }
                Arg::Msgs(items) => {
                    w.u8(5);
                    w.list(items, Self::msg);
                }
            }
        });
    }
}

/// The position of `v` in an enumeration's list of every value.
fn index<T: PartialEq>(all: &[T], v: &T) -> u8 {
    all.iter().position(|a| a == v).unwrap_or(0) as u8
}

pub(super) struct Reader<'a> {
    pub(super) buf: &'a [u8],
    /// The line of the last cell read from the file.
    line: u32,
    /// Messages within messages being read.
    depth: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader {
            buf,
            line: 0,
            depth: 0,
        }
    }

    pub(super) fn u8(&mut self) -> Option<u8> {
        let (&b, rest) = self.buf.split_first()?;
        self.buf = rest;
        Some(b)
    }

    pub(super) fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    pub(super) fn uint(&mut self) -> Option<u64> {
        // Most numbers here are below 128: one byte.
        if let Some((&b, rest)) = self.buf.split_first()
            && b < 0x80
        {
            self.buf = rest;
            return Some(b.into());
        }
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            n |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    pub(super) fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.uint()?).ok()
    }

    pub(super) fn int(&mut self) -> Option<i64> {
        let n = self.uint()?;
        Some((n >> 1) as i64 ^ -((n & 1) as i64))
    }

    pub(super) fn str(&mut self) -> Option<&'a str> {
        let len = usize::try_from(self.uint()?).ok()?;
        // Checked as UTF-8 by `simdutf8` (already built for encoding_rs): most of a cache is
        // Chinese text, whose check was a quarter of the decoding with the standard library's.
        simdutf8::basic::from_utf8(self.bytes(len)?).ok()
    }

    pub(super) fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let (b, rest) = self.buf.split_at_checked(n)?;
        self.buf = rest;
        Some(b)
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }

    /// A string that the code holds as `&'static str` (a message's id, an argument's name).
    fn static_str(&mut self) -> Option<&'static str> {
        self.str().map(statics)
    }

    pub(super) fn opt<T>(
        &mut self,
        each: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<Option<T>> {
        match self.u8()? {
            0 => Some(None),
            1 => each(self).map(Some),
            _ => None,
        }
    }

    /// A list's length: each item takes a byte at least, so no longer than what is left.
    pub(super) fn len(&mut self) -> Option<usize> {
        let n = usize::try_from(self.uint()?).ok()?;
        (n <= self.buf.len()).then_some(n)
    }

    fn list<T>(&mut self, mut each: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.len()?;
        let mut items = Vec::with_capacity(n.min(1024));
        for _ in 0..n {
            items.push(each(self)?);
        }
        Some(items)
    }

    fn place(&mut self) -> Option<Place> {
        Some(Place {
            line: self.u32()?,
            start: self.u32()?,
            end: self.u32()?,
        })
    }

    fn cell(&mut self) -> Option<Cell> {
        let head = self.u8()?;
        if head & !(3 | CELL_COMPUTED | CELL_SAME_LINE) != 0 {
            return None;
        }
        if head & CELL_COMPUTED != 0 {
            if head != CELL_COMPUTED {
                return None;
            }
            return Some(Cell::computed(self.int()?));
        }
        let kind = head & 3;
        if head & CELL_SAME_LINE == 0 {
            self.line = self.u32()?;
        }
        let start = u16::try_from(self.uint()?).ok()?;
        let len = self.u8()?;
        let (count, text) = match kind {
            2 | 3 => (0, Some(self.str()?)),
            _ => (self.int()?, None),
        };
        Cell::from_parts(CellParts::Read {
            kind,
            line: self.line,
            start,
            len,
            count,
            text,
        })
    }

    fn cells<const N: usize>(&mut self) -> Option<[Cell; N]> {
        let mut cells = std::array::from_fn(|_| Cell::computed(0));
        for c in &mut cells {
            *c = self.cell()?;
        }
        Some(cells)
    }

    fn report(&mut self) -> Option<Report> {
        let file = self.string()?;
        let year = i32::try_from(self.int()?).ok()?;
        let slug = self.string()?;
        let department = self.string()?;
        let edition = *Edition::ALL.get(usize::from(self.u8()?))?;
        let edition_given = self.bool()?;
        let published = self.opt(Self::string)?;
        let title = self.string()?;
        let source = self.opt(Self::string)?;
        let example = self.bool()?;
        let origin = *Origin::ALL.get(usize::from(self.u8()?))?;
        let active = self.opt(|r| {
            let rows = r.list(|r| {
                r.opt(|r| {
                    let n = r.len()?;
                    let mut cells = Vec::with_capacity(n.min(64));
                    for _ in 0..n {
                        cells.push(r.cell()?);
                    }
                    Some(cells)
                })
            })?;
            Some(ActiveTable { rows })
        })?;
        let applications = self.opt(|r| {
            let rows = r.list(|r| {
                r.opt(|r| {
                    Some(ApplicationValues {
                        cells: r.cells()?,
                        total_computed: r.bool()?,
                        place: r.place()?,
                    })
                })
            })?;
            Some(ApplicationsTable { rows })
        })?;
        let review = self.opt(|r| {
            let groups = r.list(|r| {
                r.opt(|r| {
                    Some(ReviewValues {
                        cells: r.cells()?,
                        place: r.place()?,
                    })
                })
            })?;
            Some(ReviewTable { groups })
        })?;
        let mut notes = BTreeMap::new();
        for _ in 0..self.len()? {
            notes.insert(self.string()?, self.string()?);
        }
        let preamble = self.string()?;
        let preamble_line = self.u32()?;
        let sections = self.list(|r| {
            Some(NarrativeSection {
                heading: r.string()?,
                key: r.opt(|r| {
                    let key = r.str()?;
                    schema::narrative_sections()
                        .map(|s| s.key)
                        .find(|k| *k == key)
                })?,
                heading_line: r.u32()?,
                body: r.string()?,
                body_line: r.u32()?,
            })
        })?;
        let places = self.list(|r| r.opt(Self::place))?;
        Some(Report {
            file,
            year,
            slug,
            department,
            edition,
            edition_given,
            published,
            title,
            source,
            example,
            origin,
            active,
            applications,
            review,
            notes,
            narrative: Narrative {
                preamble,
                preamble_line,
                sections,
            },
            places: KeyPlaces::from_slots(&places)?,
        })
    }

    fn diagnostics(&mut self) -> Option<Vec<Diagnostic>> {
        self.list(|r| {
            Some(Diagnostic {
                file: r.string()?,
                line: r.opt(Self::u32)?,
                columns: r.opt(|r| Some((r.u32()?, r.u32()?)))?,
                rule: RuleId::from_code(r.str()?)?,
                message: r.msg()?,
                cell: r.opt(Self::string)?,
                help: r.opt(Self::msg)?,
            })
        })
    }

    fn msg(&mut self) -> Option<Msg> {
        if self.depth >= MAX_NESTING {
            return None;
        }
        self.depth += 1;
        let id = self.static_str()?;
        let args = self.list(|r| {
            let name = r.static_str()?;
            let arg = match r.u8()? {
                0 => Arg::Text(r.string()?),
                1 => Arg::Num(r.int()?),
                2 => Arg::Ref(r.static_str()?),
                3 => Arg::Nested(Box::new(r.msg()?)),
                4 => Arg::List(r.list(Self::string)?),
                5 => Arg::Msgs(r.list(Self::msg)?),
                _ => return None,
            };
            Some((name, arg))
        })?;
        self.depth -= 1;
        Some(Msg { id, args })
    }
}

/// Strings the code holds as `&'static str`, kept once for the run: a cache written by this
/// binary names only its own message ids and argument names, a few dozen.
fn statics(s: &str) -> &'static str {
    static KEPT: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(Default::default);
    let mut kept = KEPT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&k) = kept.get(s) {
        return k;
    }
    let k: &'static str = Box::leak(s.into());
    kept.insert(k);
    k
}
