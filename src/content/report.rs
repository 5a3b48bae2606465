//! The model of one annual report, as read from its content file.
//!
//! Tables are stored aligned with the schema's rows for the report's edition, so every consumer
//! walks `schema::application_rows(edition)` and the values side by side; a row the file lacks is
//! `None` (and was reported as R-SHAPE when the file was read).

use crate::diagnostics::Place;
use crate::schema::{
    self, APPLICANT_PARTS, APPLICANT_TOTAL, ActiveRow, ApplicationRow, Edition, META_KEYS,
    NOTES_KEY, REVIEW_GROUPS, REVIEW_TOTAL, RowRole, TableId,
};
use std::collections::BTreeMap;

/// One cell value, exactly as written: what a cell is made from, and given back by
/// [`Cell::to_value`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Count(i64),
    /// `""`: left blank in the published report. Counts as 0 in rules.
    Blank,
    /// An amount kept as written ("190.457379").
    Decimal(String),
    /// Free text (2019 `procurement.amount`).
    Text(String),
}

/// A cell's value, borrowed from it: see [`Value`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueRef<'a> {
    Count(i64),
    Blank,
    Decimal(&'a str),
    Text(&'a str),
}

impl ValueRef<'_> {
    pub fn to_value(self) -> Value {
        match self {
            ValueRef::Count(n) => Value::Count(n),
            ValueRef::Blank => Value::Blank,
            ValueRef::Decimal(s) => Value::Decimal(s.to_string()),
            ValueRef::Text(s) => Value::Text(s.to_string()),
        }
    }
}

/// One cell of a table: its value and where it stands in the file, in 12 bytes.
///
/// A report has some 200 cells, and a large site's reports are most of its memory. A cell is
/// three 32-bit words (so that an array of cells has no padding), as bits from the lowest:
/// - 0..2, the kind: a count, blank, an amount or text;
/// - 2..30, the line (0 for a computed cell; kept as 2^28 − 1 past that, which a report, at
///   most 2 MiB, never reaches), 30..46 the column it starts at (kept as 65,535 past that, where
///   no real front matter reaches) and 46..54 its length in bytes (kept as 255 past that): a
///   diagnostic then still points at the line;
/// - 54..96, the count (a signed 42-bit number: the parser takes none beyond ±10^12), or for an
///   amount or text its number in [`TEXTS`] (they are rare: a few cells of table 二).
///
/// A computed cell (a 总计 the file left out) has no place, and its count in bits 32..96.
#[derive(Clone, PartialEq, Eq)]
pub struct Cell([u32; 3]);

const KIND_BITS: u32 = 2;
const KIND_COUNT: u128 = 0;
const KIND_BLANK: u128 = 1;
const KIND_DECIMAL: u128 = 2;
const KIND_TEXT: u128 = 3;
const LINE_SHIFT: u32 = KIND_BITS;
const LINE_MAX: u32 = (1 << 28) - 1;
const START_SHIFT: u32 = LINE_SHIFT + 28;
const LEN_SHIFT: u32 = START_SHIFT + 16;
const PAYLOAD_SHIFT: u32 = LEN_SHIFT + 8;
const PAYLOAD_BITS: u32 = 96 - PAYLOAD_SHIFT;

/// The amounts and texts of cells ("190.457379"), each kept once for the whole run and never
/// freed: a cell holds its number in this list. A site has a few per report, mostly the same
/// few, so the list stays short; `serve` adds only the values a clerk types anew.
static TEXTS: std::sync::LazyLock<std::sync::Mutex<Texts>> =
    std::sync::LazyLock::new(Default::default);

#[derive(Default)]
struct Texts {
    all: Vec<&'static str>,
    number: std::collections::HashMap<&'static str, u32>,
}

/// The number of a text in [`TEXTS`], adding it if new.
fn intern(s: &str) -> u32 {
    let mut texts = TEXTS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&n) = texts.number.get(s) {
        return n;
    }
    let kept: &'static str = Box::leak(s.into());
    let n = u32::try_from(texts.all.len()).expect("fewer than 2^32 distinct texts");
    texts.all.push(kept);
    texts.number.insert(kept, n);
    n
}

fn interned(n: u32) -> &'static str {
    let texts = TEXTS.lock().unwrap_or_else(|e| e.into_inner());
    texts.all[n as usize]
}

impl Cell {
    fn pack(bits: u128) -> Cell {
        Cell([bits as u32, (bits >> 32) as u32, (bits >> 64) as u32])
    }

    fn bits(&self) -> u128 {
        let [a, b, c] = self.0;
        u128::from(a) | u128::from(b) << 32 | u128::from(c) << 64
    }

    fn kind(&self) -> u128 {
        self.bits() & ((1 << KIND_BITS) - 1)
    }

    fn line(&self) -> u32 {
        ((self.bits() >> LINE_SHIFT) as u32) & LINE_MAX
    }

    /// The count or text number, for a cell read from the file.
    fn payload(&self) -> i64 {
        // Sign-extended from its 42 bits.
        ((self.bits() >> PAYLOAD_SHIFT) as i64) << (64 - PAYLOAD_BITS) >> (64 - PAYLOAD_BITS)
    }

    pub fn computed(n: i64) -> Cell {
        Cell::pack(KIND_COUNT | u128::from(n as u64) << 32)
    }

    /// A value read from the file at `place`.
    pub fn read(value: Value, place: Place) -> Cell {
        let (kind, payload) = match value {
            Value::Count(n) => (KIND_COUNT, n),
            Value::Blank => (KIND_BLANK, 0),
            Value::Decimal(s) => (KIND_DECIMAL, i64::from(intern(&s))),
            Value::Text(s) => (KIND_TEXT, i64::from(intern(&s))),
        };
        let limit = 1i64 << (PAYLOAD_BITS - 1);
        if kind == KIND_COUNT && (place.line == 0 || !(-limit..limit).contains(&payload)) {
            // A count with no line has no place (as a computed one). One too large for its bits
            // never comes (the parser takes none beyond ±10^12): its number is kept exactly,
            // its place is not.
            return Cell::computed(payload);
        }
        let line = place.line.min(LINE_MAX);
        let start = u16::try_from(place.start).unwrap_or(u16::MAX);
        let len = u8::try_from(place.end.saturating_sub(place.start)).unwrap_or(u8::MAX);
        let payload = u128::from(payload as u64) & ((1 << PAYLOAD_BITS) - 1);
        Cell::pack(
            kind | u128::from(line) << LINE_SHIFT
                | u128::from(start) << START_SHIFT
                | u128::from(len) << LEN_SHIFT
                | payload << PAYLOAD_SHIFT,
        )
    }

    pub fn value(&self) -> ValueRef<'static> {
        match self.kind() {
            KIND_COUNT => ValueRef::Count(self.num()),
            KIND_BLANK => ValueRef::Blank,
            KIND_DECIMAL => ValueRef::Decimal(interned(self.payload() as u32)),
            _ => ValueRef::Text(interned(self.payload() as u32)),
        }
    }

    pub fn to_value(&self) -> Value {
        self.value().to_value()
    }

    /// Where the value stands in the file (None for computed cells).
    pub fn place(&self) -> Option<Place> {
        let line = self.line();
        let bits = self.bits();
        let start = ((bits >> START_SHIFT) as u32) & 0xffff;
        let len = ((bits >> LEN_SHIFT) as u32) & 0xff;
        (line > 0).then_some(Place {
            line,
            start,
            end: start + len,
        })
    }

    /// The number the rules use: blank is 0; text is 0.
    pub fn num(&self) -> i64 {
        match (self.kind(), self.line()) {
            (KIND_COUNT, 0) => (self.bits() >> 32) as u64 as i64,
            (KIND_COUNT, _) => self.payload(),
            _ => 0,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.kind() == KIND_BLANK
    }

    /// The cell as printed: blank stays empty.
    pub fn display(&self) -> String {
        match self.value() {
            ValueRef::Count(n) => n.to_string(),
            ValueRef::Blank => String::new(),
            ValueRef::Decimal(s) | ValueRef::Text(s) => s.to_string(),
        }
    }
}

/// A cell taken apart, for the report cache (`crate::pipeline::cache`): a text's number in
/// [`TEXTS`] holds only in this run, so the text itself is kept. [`Cell::from_parts`] of a
/// cell's parts is that cell, bit for bit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CellParts<'a> {
    /// A count the file left out (no place).
    Computed(i64),
    /// A value read from the file.
    Read {
        /// 0 a count, 1 blank, 2 an amount, 3 text.
        kind: u8,
        line: u32,
        start: u16,
        len: u8,
        /// The count (0 for any other kind).
        count: i64,
        /// The amount or text.
        text: Option<&'a str>,
    },
}

impl Cell {
    pub(crate) fn parts(&self) -> CellParts<'static> {
        let kind = self.kind();
        if kind == KIND_COUNT && self.line() == 0 {
            return CellParts::Computed(self.num());
        }
        let bits = self.bits();
        let (count, text) = match self.value() {
            ValueRef::Count(n) => (n, None),
            ValueRef::Blank => (0, None),
            ValueRef::Decimal(s) | ValueRef::Text(s) => (0, Some(s)),
        };
        CellParts::Read {
            kind: kind as u8,
            line: self.line(),
            start: (bits >> START_SHIFT) as u16,
            len: (bits >> LEN_SHIFT) as u8,
            count,
            text,
        }
    }

    /// The cell of these parts; `None` when no cell has them (a count out of range, a text
    /// missing or where none belongs).
    pub(crate) fn from_parts(parts: CellParts<'_>) -> Option<Cell> {
        let (kind, line, start, len, count, text) = match parts {
            CellParts::Computed(n) => return Some(Cell::computed(n)),
            CellParts::Read {
                kind,
                line,
                start,
                len,
                count,
                text,
            } => (u128::from(kind), line, start, len, count, text),
        };
        let limit = 1i64 << (PAYLOAD_BITS - 1);
        let payload = match (kind, text) {
            (KIND_COUNT, None) if line > 0 && (-limit..limit).contains(&count) => count,
            (KIND_BLANK, None) if count == 0 => 0,
            (KIND_DECIMAL | KIND_TEXT, Some(s)) if count == 0 => i64::from(intern(s)),
            _ => return None,
        };
        if line > LINE_MAX {
            return None;
        }
        let payload = u128::from(payload as u64) & ((1 << PAYLOAD_BITS) - 1);
        Some(Cell::pack(
            kind | u128::from(line) << LINE_SHIFT
                | u128::from(start) << START_SHIFT
                | u128::from(len) << LEN_SHIFT
                | payload << PAYLOAD_SHIFT,
        ))
    }
}

impl std::fmt::Debug for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Cell")
            .field(&self.value())
            .field(&self.place())
            .finish()
    }
}

/// A row of table 三: seven cells (总计 last), the total possibly computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicationValues {
    pub cells: [Cell; 7],
    /// The file gave 6 values and 总计 was computed.
    pub total_computed: bool,
    pub place: Place,
}

impl ApplicationValues {
    pub fn parts(&self) -> &[Cell] {
        &self.cells[..APPLICANT_PARTS]
    }

    pub fn total(&self) -> &Cell {
        &self.cells[APPLICANT_TOTAL]
    }
}

/// A group of table 四: five cells, 总计 last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewValues {
    pub cells: [Cell; 5],
    pub place: Place,
}

impl ReviewValues {
    pub fn total(&self) -> &Cell {
        &self.cells[REVIEW_TOTAL]
    }
}

/// Table 二: per schema row, its fields' cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActiveTable {
    pub rows: Vec<Option<Vec<Cell>>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApplicationsTable {
    pub rows: Vec<Option<ApplicationValues>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReviewTable {
    pub groups: Vec<Option<ReviewValues>>,
}

/// A `##` section of the narrative.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NarrativeSection {
    /// The heading as written, without `##`.
    pub heading: String,
    /// The schema section it was recognised as (`overview`, `problems`, `other`), if any.
    pub key: Option<&'static str>,
    pub heading_line: u32,
    /// Markdown body.
    pub body: String,
    /// Line of the body's first line.
    pub body_line: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Narrative {
    pub preamble: String,
    pub preamble_line: u32,
    pub sections: Vec<NarrativeSection>,
}

impl Narrative {
    pub fn section(&self, key: &str) -> Option<&NarrativeSection> {
        self.sections.iter().find(|s| s.key == Some(key))
    }
}

/// Where a report's content comes from (`origin` in the front matter). A report imported from a
/// published document is a record of what was published: its numbers are kept as printed,
/// errors included, so its errors are shown (on its page, in `check`) but never stop `build` or
/// the preview. A report written here is the site's own work: its errors stop `build` unless
/// site.toml's `publish_with_errors` says otherwise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Origin {
    /// Written here (the default: no `origin`, or `origin = "authored"`).
    #[default]
    Authored,
    /// `origin = "published"`: imported from a document already published (`gongkai import`
    /// writes it).
    Published,
}

impl Origin {
    pub const ALL: [Origin; 2] = [Origin::Authored, Origin::Published];

    /// The value in the front matter.
    pub fn id(self) -> &'static str {
        match self {
            Origin::Authored => "authored",
            Origin::Published => "published",
        }
    }

    pub fn from_id(s: &str) -> Option<Origin> {
        Origin::ALL.into_iter().find(|o| o.id() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// Path relative to the site root, with `/` separators (`content/2023/tongjiju.md`).
    pub file: String,
    pub year: i32,
    pub slug: String,
    pub department: String,
    pub edition: Edition,
    /// Whether `edition` was written in the file (else derived from the year).
    pub edition_given: bool,
    pub published: Option<String>,
    pub title: String,
    pub source: Option<String>,
    pub example: bool,
    /// Written here or kept as published (see [`Origin`]).
    pub origin: Origin,
    pub active: Option<ActiveTable>,
    pub applications: Option<ApplicationsTable>,
    pub review: Option<ReviewTable>,
    pub notes: BTreeMap<String, String>,
    pub narrative: Narrative,
    /// Places of top-level keys (`year`, `edition`, `department`, table headers).
    pub places: KeyPlaces,
}

/// Where each known top-level key of the front matter stands: metadata, tables and notes (an
/// unknown key is a finding when read, and never looked up). A fixed array, not a map with a
/// string per key: a large site holds one per report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyPlaces([Option<Place>; META_KEYS.len() + TableId::ALL.len() + 1]);

impl KeyPlaces {
    /// The slot of a known key.
    fn slot(key: &str) -> Option<usize> {
        META_KEYS
            .iter()
            .copied()
            .chain(TableId::ALL.map(TableId::key))
            .chain([NOTES_KEY])
            .position(|k| k == key)
    }

    pub fn get(&self, key: &str) -> Option<Place> {
        Self::slot(key).and_then(|i| self.0[i])
    }

    /// Record a key's place; an unknown key is not kept.
    pub fn insert(&mut self, key: &str, place: Place) {
        if let Some(i) = Self::slot(key) {
            self.0[i] = Some(place);
        }
    }
}

impl KeyPlaces {
    /// Every slot, in the order of the known keys (for the report cache).
    pub(crate) fn slots(&self) -> &[Option<Place>] {
        &self.0
    }

    /// The places of [`KeyPlaces::slots`]; `None` unless there is one per known key.
    pub(crate) fn from_slots(slots: &[Option<Place>]) -> Option<KeyPlaces> {
        Some(KeyPlaces(slots.try_into().ok()?))
    }
}

impl Report {
    pub fn place(&self, key: &str) -> Option<Place> {
        self.places.get(key)
    }

    /// The rows of table 三 with their values.
    pub fn application_rows(
        &self,
    ) -> impl Iterator<Item = (&'static ApplicationRow, Option<&ApplicationValues>)> {
        let rows = self.applications.as_ref().map(|t| t.rows.as_slice());
        schema::application_rows(self.edition)
            .enumerate()
            .map(move |(i, r)| (r, rows.and_then(|rows| rows.get(i)?.as_ref())))
    }

    /// Values of the table-三 row with a key path (`withheld.state_secret`).
    pub fn application(&self, key: &str) -> Option<&ApplicationValues> {
        self.application_rows()
            .find(|(r, _)| r.key == key)
            .and_then(|(_, v)| v)
    }

    /// Values of the unique table-三 row with a role (new, carried over, total, carried forward).
    pub fn application_by_role(&self, role: RowRole) -> Option<&ApplicationValues> {
        self.application_rows()
            .find(|(r, _)| r.role == role)
            .and_then(|(_, v)| v)
    }

    pub fn active_rows(&self) -> impl Iterator<Item = (&'static ActiveRow, Option<&Vec<Cell>>)> {
        let rows = self.active.as_ref().map(|t| t.rows.as_slice());
        schema::active_rows(self.edition)
            .iter()
            .enumerate()
            .map(move |(i, r)| (r, rows.and_then(|rows| rows.get(i)?.as_ref())))
    }

    /// A table-二 cell by row key and field key (`None` for single-value rows).
    pub fn active_cell(&self, row: &str, field: Option<&str>) -> Option<&Cell> {
        let (schema_row, cells) = self.active_rows().find(|(r, _)| r.key == row)?;
        let i = schema_row.fields.iter().position(|f| f.key == field)?;
        cells?.get(i)
    }

    pub fn review_groups(
        &self,
    ) -> impl Iterator<Item = (&'static schema::ReviewGroup, Option<&ReviewValues>)> {
        let groups = self.review.as_ref().map(|t| t.groups.as_slice());
        REVIEW_GROUPS
            .iter()
            .enumerate()
            .map(move |(i, g)| (g, groups.and_then(|gs| gs.get(i)?.as_ref())))
    }

    pub fn review_group(&self, key: &str) -> Option<&ReviewValues> {
        self.review_groups()
            .find(|(g, _)| g.key == key)
            .and_then(|(_, v)| v)
    }

    /// The note attached to a cell path, if any.
    pub fn note(&self, path: &str) -> Option<&str> {
        self.notes.get(path).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_keeps_its_value_and_place_in_12_bytes() {
        let at = |line, start, end| Place { line, start, end };
        let cell = Cell::read(Value::Count(3), at(12, 9, 11));
        assert_eq!(cell.place(), Some(at(12, 9, 11)));
        assert_eq!((cell.value(), cell.num()), (ValueRef::Count(3), 3));
        assert_eq!(Cell::computed(3).place(), None);
        let amount = Cell::read(Value::Decimal("190.45".into()), at(3, 7, 15));
        assert_eq!(amount.value(), ValueRef::Decimal("190.45"));
        assert_eq!(amount.to_value(), Value::Decimal("190.45".into()));
        assert!(Cell::read(Value::Blank, at(1, 0, 2)).is_blank());
        // Past 65,535 bytes into its line, or 255 long, a value keeps its line.
        let far = Cell::read(Value::Blank, at(7, 70_000, 70_002));
        assert_eq!(far.place(), Some(at(7, 65_535, 65_537)));
        let long = Cell::read(Value::Text("长".repeat(100)), at(8, 4, 304));
        assert_eq!(long.place(), Some(at(8, 4, 259)));
        assert_eq!(std::mem::size_of::<Cell>(), 12);
        // The largest counts either way, read and computed, and a negative change.
        for n in [1_000_000_000_000, -1_000_000_000_000, 6_000_000_000_000, -3] {
            assert_eq!(Cell::computed(n).num(), n);
        }
        for n in [1_000_000_000_000, -1_000_000_000_000, -3, 0] {
            let c = Cell::read(Value::Count(n), at(9, 1, 2));
            assert_eq!((c.num(), c.place()), (n, Some(at(9, 1, 2))));
        }
        // Texts are kept once; cells of the same text are equal.
        let again = Cell::read(Value::Decimal("190.45".into()), at(3, 7, 15));
        assert_eq!(again, amount);
        assert_eq!(amount.num(), 0);
    }

    /// The report cache keeps a cell as its parts: every kind of cell comes back bit for bit,
    /// and parts no cell has are refused.
    #[test]
    fn a_cell_comes_back_from_its_parts() {
        let at = |line, start, end| Place { line, start, end };
        let cells = [
            Cell::read(Value::Count(3), at(12, 9, 11)),
            Cell::read(
                Value::Count(-1_000_000_000_000),
                at(LINE_MAX + 5, 70_000, 70_400),
            ),
            Cell::read(Value::Count(6_000_000_000_000), at(4, 1, 2)),
            Cell::computed(-7),
            Cell::computed(6_000_000_000_000),
            Cell::read(Value::Blank, at(1, 0, 2)),
            Cell::read(Value::Blank, at(0, 3, 4)),
            Cell::read(Value::Decimal("190.457379".into()), at(3, 7, 17)),
            Cell::read(Value::Text("长".repeat(100)), at(8, 4, 304)),
        ];
        for cell in cells {
            assert_eq!(
                Cell::from_parts(cell.parts()).as_ref(),
                Some(&cell),
                "{cell:?}"
            );
            assert_eq!(Cell::from_parts(cell.parts()).unwrap().0, cell.0);
        }
        let read = |kind, line, count, text| CellParts::Read {
            kind,
            line,
            start: 0,
            len: 1,
            count,
            text,
        };
        for bad in [
            read(0, 0, 3, None),
            read(0, 1, 1 << 41, None),
            read(0, 1, 3, Some("x")),
            read(1, 1, 3, None),
            read(2, 1, 0, None),
            read(3, LINE_MAX + 1, 0, Some("x")),
            read(4, 1, 0, None),
        ] {
            assert_eq!(Cell::from_parts(bad), None, "{bad:?}");
        }
    }
}
