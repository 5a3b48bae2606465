//! Parsing one report file: front matter (TOML, with spans) and narrative, against the schema.
//!
//! Every problem becomes a diagnostic with the line of the offending key or value; parsing goes
//! on past a bad row so that one run shows every problem in the file. A row with a bad cell is
//! left out of the model (`None`), so the arithmetic rules never run on half-read numbers.

use super::front::{TomlTable, TomlValue};
use super::narrative;
use super::report::*;
use super::source::{LineIndex, control_char, decode, toml_reason};
use crate::diagnostics::{Diagnostic, Place};
use crate::i18n::{Arg, Msg};
use crate::msg;
use crate::schema::{
    self, APPLICANT_COLUMNS, APPLICANT_PARTS, ActiveRow, Edition, FieldKind, META_KEYS, NOTES_KEY,
    REVIEW_COLUMNS, REVIEW_GROUPS, RuleId, TableId,
};
use std::collections::BTreeMap;
use toml::Spanned;

/// The largest count we accept: far above any real figure, and small enough that sums of a
/// table's cells cannot overflow.
const MAX_COUNT: i64 = 1_000_000_000_000;

/// The result of reading one file: a report when the front matter could be read at all.
pub struct Parsed {
    pub report: Option<Report>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parse a report from its bytes. `folder_year` and `slug` come from its path
/// (`content/<year>/<slug>.md`); a file checked outside a year folder has no `folder_year`.
pub fn parse_report(file: &str, bytes: &[u8], folder_year: Option<i32>, slug: &str) -> Parsed {
    let mut diags = Vec::new();
    let report = decode(file, bytes, &mut diags)
        .and_then(|text| parse_text(file, &text, folder_year, slug, &mut diags));
    Parsed {
        report,
        diagnostics: diags,
    }
}

/// Where the front matter and the body are in the text.
struct Split<'t> {
    front: &'t str,
    front_offset: usize,
    body: &'t str,
    body_line: u32,
}

fn split_front_matter<'t>(
    file: &str,
    text: &'t str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Split<'t>> {
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "+++" {
        diags.push(
            Diagnostic::new(file, RuleId::FileFormat, msg!("front-missing"))
                .at_line(1)
                .help(msg!("front-missing-help")),
        );
        return None;
    }
    let front_offset = first.len() + 1;
    // The closing line is the first that is `+++` and spaces: looked for where `+++` starts a
    // line, not line by line.
    let rest = &text[front_offset.min(text.len())..];
    let mut from = 0;
    while let Some(at) = rest[from..].find("+++").map(|i| from + i) {
        from = at + 3;
        if at > 0 && rest.as_bytes()[at - 1] != b'\n' {
            continue;
        }
        let line = rest[at..].split('\n').next().unwrap_or("");
        if line.trim_end() == "+++" {
            let offset = front_offset + at;
            let body_start = (offset + line.len() + 1).min(text.len());
            let lines_before = rest.as_bytes()[..at].iter().filter(|&&b| b == b'\n');
            return Some(Split {
                front: &text[front_offset..offset],
                front_offset,
                body: &text[body_start..],
                body_line: lines_before.count() as u32 + 3,
            });
        }
    }
    diags.push(Diagnostic::new(file, RuleId::FileFormat, msg!("front-unclosed")).at_line(1));
    None
}

/// The context of one parse: file name, line index and the diagnostics collected.
struct Ctx<'a> {
    file: &'a str,
    lines: LineIndex,
    offset: usize,
    diags: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn place<T>(&self, s: &Spanned<T>) -> Place {
        let r = s.span();
        self.lines.place(r.start + self.offset, r.end + self.offset)
    }

    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn diag(&self, rule: RuleId, at: Place, message: Msg) -> Diagnostic {
        Diagnostic::new(self.file, rule, message).at(Some(at))
    }

    /// R-SHAPE for an unknown key, with a "did you mean" among the known keys.
    fn unknown_key(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        within: Arg,
        known: &[&str],
    ) {
        let name = key.get_ref();
        let mut d = self.diag(
            RuleId::RShape,
            self.place(key),
            msg!("unknown-key", key = name.as_ref(), within = within),
        );
        d = match did_you_mean(name, known) {
            Some(s) => d.help(msg!("did-you-mean", key = s)),
            None => d.help(msg!("expected-one-of", keys = known.join(", "))),
        };
        self.push(d);
    }
}

/// The known key closest to `name`, if it is close enough to be a typo.
pub fn did_you_mean<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (strsim::normalized_damerau_levenshtein(name, k), *k))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// A control character in a key or string value of the front matter (the file's text has none,
/// so it was written as a TOML escape such as `"\u001B"`), with where it stands.
fn escaped_control_char<'a>(
    table: &'a TomlTable<'_>,
) -> Option<(&'a Spanned<TomlValue<'a>>, char)> {
    fn in_value<'a>(v: &'a Spanned<TomlValue<'a>>) -> Option<(&'a Spanned<TomlValue<'a>>, char)> {
        match v.get_ref() {
            TomlValue::String(s) => crate::control_chars::find(s).map(|(_, c)| (v, c)),
            TomlValue::Array(items) => items.iter().find_map(in_value),
            TomlValue::Table(t) => escaped_control_char(t),
            _ => None,
        }
    }
    table.iter().find_map(|(k, v)| {
        crate::control_chars::find(k.get_ref())
            .map(|(_, c)| (v, c))
            .or_else(|| in_value(v))
    })
}

/// The kind of a TOML value in words, as a catalogue entry.
fn type_name(v: &TomlValue<'_>) -> Arg {
    Arg::Ref(match v {
        TomlValue::String(_) => "type-string",
        TomlValue::Integer(_) => "type-integer",
        TomlValue::Float(_) => "type-decimal",
        TomlValue::Boolean(_) => "type-boolean",
        TomlValue::Datetime(_) => "type-date",
        TomlValue::Array(_) => "type-array",
        TomlValue::Table(_) => "type-table",
    })
}

fn is_decimal(s: &str) -> bool {
    let mut parts = s.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

fn has_fullwidth_digit(s: &str) -> bool {
    s.chars().any(|c| ('０'..='９').contains(&c))
}

/// ASCII form of a string with full-width digits, for the help text.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            c => c,
        })
        .collect()
}

impl Ctx<'_> {
    /// Read one cell of a given kind; `None` (with a diagnostic) when it is unusable. `what` names
    /// the cell in a finding; it is only called when there is one.
    fn cell(
        &mut self,
        v: &Spanned<TomlValue<'_>>,
        kind: FieldKind,
        what: impl Fn() -> String,
    ) -> Option<Cell> {
        let place = self.place(v);
        let value = match (v.get_ref(), kind) {
            (TomlValue::String(s), _) if s.is_empty() => Value::Blank,
            (TomlValue::Integer(i), FieldKind::Count | FieldKind::SignedCount) => {
                let Some(n) = i.value() else {
                    self.push(self.diag(
                        RuleId::RNonneg,
                        place,
                        msg!("cell-unreadable-int", what = what(), value = i.as_str()),
                    ));
                    return None;
                };
                if n.abs() > MAX_COUNT {
                    self.push(self.diag(
                        RuleId::RShape,
                        place,
                        msg!("cell-too-large", what = what(), value = n),
                    ));
                    return None;
                }
                if n < 0 && kind == FieldKind::Count {
                    self.push(self.diag(
                        RuleId::RNonneg,
                        place,
                        msg!("cell-negative", what = what(), value = n),
                    ));
                    return None;
                }
                Value::Count(n)
            }
            (TomlValue::Float(f), FieldKind::Count | FieldKind::SignedCount) => {
                self.push(self.diag(
                    RuleId::RNonneg,
                    place,
                    msg!("cell-fraction", what = what(), value = f.as_str()),
                ));
                return None;
            }
            (TomlValue::Integer(i), FieldKind::Decimal) => {
                self.decimal(i.as_str(), place, &what)?
            }
            (TomlValue::Float(f), FieldKind::Decimal) => self.decimal(f.as_str(), place, &what)?,
            (TomlValue::String(s), FieldKind::Decimal) => self.decimal(s, place, &what)?,
            (TomlValue::String(s), FieldKind::Text) => Value::Text(s.to_string()),
            (TomlValue::Integer(i), FieldKind::Text) => Value::Text(i.as_str().into()),
            (TomlValue::Float(f), FieldKind::Text) => Value::Text(f.as_str().into()),
            (TomlValue::String(s), _) => {
                let mut d = self.diag(
                    RuleId::RShape,
                    place,
                    msg!("cell-text", what = what(), value = s.as_ref()),
                );
                let ascii = ascii_digits(s);
                if ascii.trim().parse::<i64>().is_ok() {
                    d = d.help(msg!("write-without-quotes", value = ascii.trim()));
                } else {
                    d = d.help(msg!("cell-text-help"));
                }
                self.push(d);
                return None;
            }
            (other, _) => {
                self.push(self.diag(
                    RuleId::RShape,
                    place,
                    msg!("cell-not-number", what = what(), kind = type_name(other)),
                ));
                return None;
            }
        };
        Some(Cell::read(value, place))
    }

    fn decimal(&mut self, s: &str, place: Place, what: impl Fn() -> String) -> Option<Value> {
        let t = s.trim();
        if is_decimal(t) {
            return Some(Value::Decimal(t.to_string()));
        }
        let (rule, message) = if t.starts_with('-') {
            (
                RuleId::RNonneg,
                msg!("amount-negative", what = what(), value = t),
            )
        } else {
            (
                RuleId::RShape,
                msg!("amount-invalid", what = what(), value = s),
            )
        };
        let mut d = self.diag(rule, place, message);
        if has_fullwidth_digit(s) {
            d = d.help(msg!("fullwidth-write", value = ascii_digits(s).trim()));
        }
        self.push(d);
        None
    }
}

/// A key path with the spanned key and value it came from; the path is a range of the
/// [`Flattened`] names.
type Flat<'v, 'i> = (
    std::ops::Range<usize>,
    &'v Spanned<std::borrow::Cow<'i, str>>,
    &'v Spanned<TomlValue<'i>>,
);

/// A table of rows flattened: its key paths written one after the other in one string (twenty
/// strings of their own per report added up over a large site), and each leaf with its path.
#[derive(Default)]
struct Flattened<'v, 'i> {
    names: String,
    leaves: Vec<Flat<'v, 'i>>,
}

impl<'v, 'i> Flattened<'v, 'i> {
    fn of(table: &'v TomlTable<'i>) -> Self {
        let mut f = Flattened {
            names: String::with_capacity(1024),
            leaves: Vec::with_capacity(32),
        };
        f.add(None, table);
        f
    }

    /// The leaves of `table`, whose path is the range `prefix` of the names (none at the top).
    fn add(&mut self, prefix: Option<std::ops::Range<usize>>, table: &'v TomlTable<'i>) {
        for (k, v) in table.iter() {
            let start = self.names.len();
            if let Some(p) = &prefix {
                self.names.extend_from_within(p.clone());
                self.names.push('.');
            }
            self.names.push_str(k.get_ref());
            let path = start..self.names.len();
            match v.get_ref() {
                TomlValue::Table(t) => self.add(Some(path), t),
                _ => self.leaves.push((path, k, v)),
            }
        }
    }

    fn path(&self, leaf: &Flat) -> &str {
        &self.names[leaf.0.clone()]
    }
}

/// The stages of reading one report, as Zola reads a page (split → front matter → page): the
/// `+++` split, the TOML, the metadata ([`parse_meta`]), the tables ([`template_tables`] and a
/// parser per table), the notes, and the narrative body.
fn parse_text(
    file: &str,
    text: &str,
    folder_year: Option<i32>,
    slug: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Report> {
    let split = split_front_matter(file, text, diags)?;
    let mut ctx = Ctx {
        file,
        // Every place found while parsing is in the front matter: its lines (up to where the body
        // starts) are all the index needs, not the whole narrative's.
        lines: LineIndex::new(&text[..text.len() - split.body.len()]),
        offset: split.front_offset,
        diags,
    };
    let front = parse_toml(&mut ctx, text, split.front)?;
    let root = &front.table;
    if let Some((at, c)) = front.escapes.then(|| escaped_control_char(root)).flatten() {
        let d = control_char(file, None, c).at(Some(ctx.place(at)));
        ctx.push(d);
        return None;
    }
    let places = top_level_keys(&mut ctx, root);
    let meta = parse_meta(&mut ctx, root, &places, folder_year, slug);
    let edition = meta.edition;

    let tables = template_tables(&mut ctx, root, edition);
    let table_of = |t: TableId| {
        let at = || places.get(t.key()).expect("a table found has a place");
        tables.get(&t).map(|tb| (*tb, at()))
    };
    let active = table_of(TableId::Active).map(|(t, at)| parse_active(&mut ctx, t, at, edition));
    let applications =
        table_of(TableId::Applications).map(|(t, at)| parse_applications(&mut ctx, t, at, edition));
    let review = table_of(TableId::ReviewLitigation).map(|(t, at)| parse_review(&mut ctx, t, at));

    let notes = match root.get(NOTES_KEY) {
        None => BTreeMap::new(),
        Some(v) => parse_notes(&mut ctx, v, edition),
    };

    let narrative = narrative::split(split.body, split.body_line);
    Some(Report {
        file: file.to_string(),
        year: meta.year,
        slug: slug.to_string(),
        department: meta.department,
        edition,
        edition_given: meta.edition_given,
        published: meta.published,
        title: meta.title,
        source: meta.source,
        example: meta.example,
        origin: meta.origin,
        active,
        applications,
        review,
        notes,
        narrative,
        places,
    })
}

/// The front matter as a TOML table with spans, or F-FORMAT where it is not TOML (with a hint
/// for full-width digits, the usual cause in text pasted from a Word report).
fn parse_toml<'i>(ctx: &mut Ctx, text: &str, front: &'i str) -> Option<super::front::Front<'i>> {
    let e = match super::front::read(front) {
        Ok(t) => return Some(t),
        Err(e) => e,
    };
    // Full-width punctuation or a Chinese date typed with an input method: name each one (the
    // parser's own message would be about something else).
    let typos = super::fix::find(front);
    if !typos.is_empty() {
        for t in &typos {
            let place = ctx.lines.place(t.start + ctx.offset, t.end + ctx.offset);
            let d = super::fix::diagnostic(ctx.file, t).at(Some(place));
            ctx.push(d);
        }
        return None;
    }
    let place = e
        .span()
        .map(|r| ctx.lines.place(r.start + ctx.offset, r.end + ctx.offset));
    let line_text = place
        .map(|p| text.lines().nth(p.line as usize - 1).unwrap_or(""))
        .unwrap_or("");
    let mut d = Diagnostic::new(
        ctx.file,
        RuleId::FileFormat,
        msg!("front-invalid-toml", error = toml_reason(e.message())),
    )
    .at(place);
    if has_fullwidth_digit(line_text) {
        d.message = msg!("front-fullwidth");
        d = d.help(msg!("write-code", code = ascii_digits(line_text).trim()));
    }
    ctx.push(d);
    None
}

/// Where each top-level key is; R-SHAPE for a key that is neither metadata, a table nor notes.
fn top_level_keys(ctx: &mut Ctx, root: &TomlTable) -> KeyPlaces {
    let mut places = KeyPlaces::default();
    let mut known: Vec<&str> = META_KEYS.to_vec();
    known.extend(TableId::ALL.iter().map(|t| t.key()));
    known.push(NOTES_KEY);
    for (k, _) in root.iter() {
        if !known.contains(&k.get_ref().as_ref()) {
            ctx.unknown_key(k, Arg::Ref("within-front-matter"), &known);
        }
        places.insert(k.get_ref(), ctx.place(k));
    }
    places
}

/// What the front matter says about the report besides its tables.
struct Meta {
    year: i32,
    department: String,
    edition: Edition,
    edition_given: bool,
    published: Option<String>,
    title: String,
    source: Option<String>,
    example: bool,
    origin: Origin,
}

/// The metadata stage: each key read and checked on its own, in the order the template lists
/// them, so a wrong key gives one finding and a usable fallback.
fn parse_meta(
    ctx: &mut Ctx,
    root: &TomlTable,
    places: &KeyPlaces,
    folder_year: Option<i32>,
    slug: &str,
) -> Meta {
    let year = meta_year(ctx, root.get("year"), folder_year);
    let department = meta_department(ctx, root, places, slug);
    let (edition, edition_given) = meta_edition(ctx, root.get("edition"), year);
    let published = root.get("published").and_then(|v| meta_published(ctx, v));
    let title =
        string_meta(ctx, root, "title").unwrap_or_else(|| schema::default_title(&department, year));
    let source = string_meta(ctx, root, "source");
    let example = root.get("example").is_some_and(|v| meta_example(ctx, v));
    let origin = root
        .get("origin")
        .map_or(Origin::Authored, |v| meta_origin(ctx, v));
    Meta {
        year,
        department,
        edition,
        edition_given,
        published,
        title,
        source,
        example,
        origin,
    }
}

/// A metadata key whose value is a string; R-SHAPE if it is anything else.
fn string_meta(ctx: &mut Ctx, root: &TomlTable, key: &str) -> Option<String> {
    let v = root.get(key)?;
    match v.get_ref() {
        TomlValue::String(s) => Some(s.to_string()),
        other => {
            let d = ctx.diag(
                RuleId::RShape,
                ctx.place(v),
                msg!("meta-not-string", key = key, kind = type_name(other)),
            );
            ctx.push(d);
            None
        }
    }
}

/// `year`: a four-digit integer equal to the folder's (S-YEAR). When it is missing or unusable,
/// the folder's year (0 outside a year folder) stands in, so the tables are still checked.
fn meta_year(ctx: &mut Ctx, value: Option<&Spanned<TomlValue>>, folder_year: Option<i32>) -> i32 {
    let fallback_year = folder_year.unwrap_or(0);
    let Some(v) = value else {
        let mut d = Diagnostic::new(ctx.file, RuleId::RShape, msg!("year-missing")).at_line(2);
        if let Some(y) = folder_year {
            d = d.help(msg!("year-missing-help", year = y.to_string()));
        }
        ctx.push(d);
        return fallback_year;
    };
    match v.get_ref() {
        TomlValue::Integer(i) => match i.value() {
            Some(y) if (1000..=9999).contains(&y) => {
                if let Some(folder_year) = folder_year
                    && y as i32 != folder_year
                {
                    let d = ctx
                        .diag(
                            RuleId::SYear,
                            ctx.place(v),
                            msg!(
                                "year-folder",
                                year = y.to_string(),
                                folder = folder_year.to_string()
                            ),
                        )
                        .cell("year")
                        .help(msg!("year-folder-help"));
                    ctx.push(d);
                }
                y as i32
            }
            _ => {
                let d = ctx.diag(
                    RuleId::RShape,
                    ctx.place(v),
                    msg!("year-not-four-digits", value = i.as_str()),
                );
                ctx.push(d);
                fallback_year
            }
        },
        other => {
            let mut d = ctx.diag(
                RuleId::RShape,
                ctx.place(v),
                msg!("year-not-integer", kind = type_name(other)),
            );
            if let TomlValue::String(s) = other {
                d = d.help(msg!("year-unquote", year = ascii_digits(s)));
            }
            ctx.push(d);
            fallback_year
        }
    }
}

/// `department`: the body's full name, trimmed; the slug stands in when it is missing or empty.
fn meta_department(ctx: &mut Ctx, root: &TomlTable, places: &KeyPlaces, slug: &str) -> String {
    match string_meta(ctx, root, "department") {
        Some(d) if !d.trim().is_empty() => d.trim().to_string(),
        Some(_) => {
            let d = ctx.diag(
                RuleId::RShape,
                places.get("department").expect("department is there"),
                msg!("department-empty"),
            );
            ctx.push(d);
            slug.to_string()
        }
        None => {
            if root.get("department").is_none() {
                ctx.push(
                    Diagnostic::new(ctx.file, RuleId::RShape, msg!("department-missing"))
                        .at_line(2)
                        .help(msg!("department-missing-help")),
                );
            }
            slug.to_string()
        }
    }
}

/// `edition`, and whether it was given; by default (or when unknown) the year's edition.
fn meta_edition(ctx: &mut Ctx, value: Option<&Spanned<TomlValue>>, year: i32) -> (Edition, bool) {
    let Some(v) = value else {
        return (Edition::for_year(year), false);
    };
    let text = match v.get_ref() {
        TomlValue::String(s) => s.to_string(),
        TomlValue::Integer(i) => i.as_str().to_string(),
        _ => String::new(),
    };
    if let Some(e) = Edition::from_id(&text) {
        return (e, true);
    }
    let ids: Vec<&str> = Edition::ALL.iter().map(|e| e.id()).collect();
    let d = ctx
        .diag(
            RuleId::RShape,
            ctx.place(v),
            msg!("edition-unknown", edition = text),
        )
        .help(msg!("edition-one-of", editions = ids.join("\", \"")));
    ctx.push(d);
    (Edition::for_year(year), false)
}

/// `published`: a date, as a TOML date or an ISO date string.
fn meta_published(ctx: &mut Ctx, v: &Spanned<TomlValue>) -> Option<String> {
    match v.get_ref() {
        TomlValue::Datetime(dt) if dt.date.is_some() && dt.time.is_none() => Some(dt.to_string()),
        TomlValue::String(s) if is_iso_date(s) => Some(s.to_string()),
        other => {
            // `"2025年1月22日"`: the date the clerk meant, written as TOML writes it.
            let help = match other {
                TomlValue::String(s) => super::fix::chinese_date(s)
                    .filter(|(len, _)| *len == s.len())
                    .map(|(_, iso)| msg!("typo-date-help", fix = format!("published = {iso}"))),
                _ => None,
            };
            let d = ctx
                .diag(
                    RuleId::RShape,
                    ctx.place(v),
                    msg!("published-not-date", kind = type_name(other)),
                )
                .help(help.unwrap_or_else(|| msg!("published-help")));
            ctx.push(d);
            None
        }
    }
}

/// `example`: true or false.
fn meta_example(ctx: &mut Ctx, v: &Spanned<TomlValue>) -> bool {
    match v.get_ref() {
        TomlValue::Boolean(b) => *b,
        other => {
            let d = ctx.diag(
                RuleId::RShape,
                ctx.place(v),
                msg!("example-not-bool", kind = type_name(other)),
            );
            ctx.push(d);
            false
        }
    }
}

/// `origin`: "published" (a record of a published document) or "authored" (written here); an
/// unknown value is R-SHAPE and the report counts as written here, whose errors stop a build.
fn meta_origin(ctx: &mut Ctx, v: &Spanned<TomlValue>) -> Origin {
    let found = match v.get_ref() {
        TomlValue::String(s) => Origin::from_id(s).ok_or_else(|| Arg::Text(s.to_string())),
        other => Err(type_name(other)),
    };
    found.unwrap_or_else(|value| {
        let ids: Vec<&str> = Origin::ALL.iter().map(|o| o.id()).collect();
        let d = ctx
            .diag(
                RuleId::RShape,
                ctx.place(v),
                msg!("origin-unknown", origin = value),
            )
            .help(msg!("origin-one-of", origins = ids.join("\", \"")));
        ctx.push(d);
        Origin::Authored
    })
}

/// The table stage's first step: which of the template's tables are there as TOML tables. A
/// table the edition has but the file lacks, one the free edition must not have, or one that is
/// not a table is R-SHAPE.
fn template_tables<'v, 'i>(
    ctx: &mut Ctx,
    root: &'v TomlTable<'i>,
    edition: Edition,
) -> BTreeMap<TableId, &'v TomlTable<'i>> {
    let mut tables = BTreeMap::new();
    for t in TableId::ALL {
        let Some(v) = root.get(t.key()) else {
            if edition.has_tables() {
                ctx.push(
                    Diagnostic::new(
                        ctx.file,
                        RuleId::RShape,
                        msg!(
                            "table-missing",
                            heading = schema::section_of(t).heading(),
                            key = t.key(),
                            edition = edition.id()
                        ),
                    )
                    .at_line(2),
                );
            }
            continue;
        };
        if !edition.has_tables() {
            let d = ctx
                .diag(
                    RuleId::RShape,
                    ctx.place(v),
                    msg!("table-in-free-edition", key = t.key()),
                )
                .help(msg!("table-in-free-edition-help"));
            ctx.push(d);
            continue;
        }
        match v.get_ref() {
            TomlValue::Table(tb) => {
                tables.insert(t, tb);
            }
            other => {
                let d = ctx.diag(
                    RuleId::RShape,
                    ctx.place(v),
                    msg!("table-not-table", key = t.key(), kind = type_name(other)),
                );
                ctx.push(d);
            }
        }
    }
    tables
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn missing_rows(ctx: &mut Ctx, table: TableId, at: Place, edition: Edition, missing: Vec<&str>) {
    if missing.is_empty() {
        return;
    }
    let d = ctx
        .diag(
            RuleId::RShape,
            at,
            msg!(
                "rows-missing",
                table = table.key(),
                heading = schema::table_name(table),
                count = missing.len(),
                edition = edition.id(),
                rows = missing.join(", ")
            ),
        )
        .help(msg!("rows-missing-help"));
    ctx.push(d);
}

fn parse_active(ctx: &mut Ctx, table: &TomlTable, at: Place, edition: Edition) -> ActiveTable {
    let rows = schema::active_rows(edition);
    let keys: Vec<&str> = rows.iter().map(|r| r.key).collect();
    for (k, _) in table.iter() {
        if !keys.contains(&k.get_ref().as_ref()) {
            let within = msg!("within-active", edition = edition.id());
            ctx.unknown_key(k, within.into(), &keys);
        }
    }
    let mut missing = vec![];
    let values = rows
        .iter()
        .map(|row| match table.get(row.key) {
            None => {
                missing.push(row.key);
                None
            }
            Some(v) => parse_active_row(ctx, row, v),
        })
        .collect();
    missing_rows(ctx, TableId::Active, at, edition, missing);
    ActiveTable { rows: values }
}

fn parse_active_row(ctx: &mut Ctx, row: &ActiveRow, v: &Spanned<TomlValue>) -> Option<Vec<Cell>> {
    if let [field] = row.fields
        && field.key.is_none()
    {
        let what = || format!("{} ({})", row.label, row.path(field));
        return ctx.cell(v, field.kind, what).map(|c| vec![c]);
    }
    let TomlValue::Table(t) = v.get_ref() else {
        let fields: Vec<String> = row
            .fields
            .iter()
            .map(|f| format!("{} = 0", f.key.unwrap_or("")))
            .collect();
        let d = ctx
            .diag(
                RuleId::RShape,
                ctx.place(v),
                msg!(
                    "active-not-table",
                    row = row.key,
                    kind = type_name(v.get_ref())
                ),
            )
            .help(msg!(
                "write-code",
                code = format!("{} = {{ {} }}", row.key, fields.join(", "))
            ));
        ctx.push(d);
        return None;
    };
    let field_keys: Vec<&str> = row.fields.iter().filter_map(|f| f.key).collect();
    for (k, _) in t.iter() {
        if !field_keys.contains(&k.get_ref().as_ref()) {
            ctx.unknown_key(k, format!("active.{}", row.key).into(), &field_keys);
        }
    }
    let mut ok = true;
    let mut cells = vec![];
    for f in row.fields {
        let key = f.key.unwrap_or("");
        match t.get(key) {
            Some(cv) => {
                let what = || format!("{} {} ({})", row.label, f.label, row.path(f));
                match ctx.cell(cv, f.kind, what) {
                    Some(c) => cells.push(c),
                    None => ok = false,
                }
            }
            None => {
                let d = ctx.diag(
                    RuleId::RShape,
                    ctx.place(v),
                    msg!(
                        "active-field-missing",
                        row = row.key,
                        key = key,
                        label = f.label
                    ),
                );
                ctx.push(d);
                ok = false;
            }
        }
    }
    ok.then_some(cells)
}

fn parse_applications(
    ctx: &mut Ctx,
    table: &TomlTable,
    at: Place,
    edition: Edition,
) -> ApplicationsTable {
    let flat = Flattened::of(table);
    let rows: Vec<_> = schema::application_rows(edition).collect();
    // Each row's first entry, found by the schema's map of the edition's rows (a search of the
    // rows for each entry compared 27 × 27 keys); R-SHAPE for the entries that are no row.
    let mut first: Vec<Option<usize>> = vec![None; rows.len()];
    for (i, leaf) in flat.leaves.iter().enumerate() {
        let path = flat.path(leaf);
        match schema::application_row_position(edition, path) {
            Some(row) => {
                first[row].get_or_insert(i);
            }
            None => unknown_application_row(ctx, path, leaf.1, &rows, edition),
        }
    }
    let mut missing = vec![];
    let values = rows
        .iter()
        .zip(first)
        .map(|(row, first)| {
            let Some(i) = first else {
                missing.push(row.key);
                return None;
            };
            application_row(ctx, row, flat.leaves[i].2)
        })
        .collect();
    missing_rows(ctx, TableId::Applications, at, edition, missing);
    ApplicationsTable { rows: values }
}

/// R-SHAPE for a key of [applications] that is not a row of the edition, saying so when it is a
/// row of the other edition.
fn unknown_application_row(
    ctx: &mut Ctx,
    path: &str,
    k: &Spanned<std::borrow::Cow<'_, str>>,
    rows: &[&schema::ApplicationRow],
    edition: Edition,
) {
    let other_edition = schema::APPLICATION_ROWS.iter().any(|r| r.key == path);
    if other_edition {
        let help = if edition == Edition::E2019 {
            msg!("other-row-2019")
        } else {
            msg!("other-row-2021")
        };
        let d = ctx
            .diag(
                RuleId::RShape,
                ctx.place(k),
                msg!("row-other-edition", row = path, edition = edition.id()),
            )
            .help(help);
        ctx.push(d);
    } else {
        let mut d = ctx.diag(
            RuleId::RShape,
            ctx.place(k),
            msg!("row-unknown", row = path),
        );
        let keys: Vec<&str> = rows.iter().map(|r| r.key).collect();
        if let Some(s) = did_you_mean(path, &keys) {
            d = d.help(msg!("did-you-mean", key = s));
        }
        ctx.push(d);
    }
}

/// One row of table 三: 7 cells, or 6 with 总计 computed; `None` (after a finding) otherwise.
fn application_row(
    ctx: &mut Ctx,
    row: &schema::ApplicationRow,
    v: &Spanned<TomlValue>,
) -> Option<ApplicationValues> {
    let TomlValue::Array(items) = v.get_ref() else {
        let d = ctx.diag(
            RuleId::RShape,
            ctx.place(v),
            msg!(
                "applications-not-array",
                row = row.key,
                kind = type_name(v.get_ref())
            ),
        );
        ctx.push(d);
        return None;
    };
    let place = ctx.place(v);
    if items.len() != 7 && items.len() != APPLICANT_PARTS {
        let d = ctx
            .diag(
                RuleId::RShape,
                place,
                msg!(
                    "applications-width",
                    row = row.label,
                    count = items.len(),
                    columns = APPLICANT_COLUMNS.map(|c| c.label).join("、"),
                    total = APPLICANT_COLUMNS[schema::APPLICANT_TOTAL].label
                ),
            )
            .cell(row.path());
        ctx.push(d);
        return None;
    }
    // Every cell is read (one run shows every bad cell) before the row is given up.
    let mut cells: [Cell; 7] = std::array::from_fn(|_| Cell::computed(0));
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let what = || format!("{} {}", row.short, APPLICANT_COLUMNS[i].label);
        match ctx.cell(item, FieldKind::Count, what) {
            Some(c) => cells[i] = c,
            None => ok = false,
        }
    }
    if !ok {
        return None;
    }
    let total_computed = items.len() == APPLICANT_PARTS;
    if total_computed {
        let parts = &cells[..APPLICANT_PARTS];
        cells[schema::APPLICANT_TOTAL] = Cell::computed(parts.iter().map(Cell::num).sum());
    }
    Some(ApplicationValues {
        cells,
        total_computed,
        place,
    })
}

fn parse_review(ctx: &mut Ctx, table: &TomlTable, at: Place) -> ReviewTable {
    let keys: Vec<&str> = REVIEW_GROUPS.iter().map(|g| g.key).collect();
    for (k, _) in table.iter() {
        if !keys.contains(&k.get_ref().as_ref()) {
            ctx.unknown_key(k, "[review_litigation]".into(), &keys);
        }
    }
    let mut missing = vec![];
    let groups = REVIEW_GROUPS
        .iter()
        .map(|g| {
            let Some(v) = table.get(g.key) else {
                missing.push(g.key);
                return None;
            };
            let place = ctx.place(v);
            let items = match v.get_ref() {
                TomlValue::Array(items) if items.len() == REVIEW_COLUMNS.len() => items,
                other => {
                    let found = match other {
                        TomlValue::Array(items) => msg!("n-values", count = items.len()),
                        other => msg!("a-kind", kind = type_name(other)),
                    };
                    let cols: Vec<&str> = REVIEW_COLUMNS.iter().map(|c| c.short).collect();
                    let d = ctx
                        .diag(
                            RuleId::RShape,
                            place,
                            msg!(
                                "review-width",
                                group = g.name(),
                                found = found,
                                columns = cols.join("、")
                            ),
                        )
                        .cell(g.path());
                    ctx.push(d);
                    return None;
                }
            };
            let mut cells: [Cell; 5] = std::array::from_fn(|_| Cell::computed(0));
            let mut ok = true;
            for ((item, col), cell) in items.iter().zip(&REVIEW_COLUMNS).zip(&mut cells) {
                match ctx.cell(item, FieldKind::Count, || {
                    format!("{} {}", g.name(), col.short)
                }) {
                    Some(c) => *cell = c,
                    None => ok = false,
                }
            }
            ok.then_some(ReviewValues { cells, place })
        })
        .collect();
    missing_rows(ctx, TableId::ReviewLitigation, at, Edition::E2021, missing);
    ReviewTable { groups }
}

/// Every cell path a note may be attached to, for an edition.
pub fn cell_paths(edition: Edition) -> Vec<String> {
    let mut paths = vec![];
    for row in schema::active_rows(edition) {
        paths.extend(row.fields.iter().map(|f| row.path(f)));
    }
    for row in schema::application_rows(edition) {
        paths.push(row.path());
        paths.extend(
            APPLICANT_COLUMNS
                .iter()
                .map(|c| format!("{}.{}", row.path(), c.key)),
        );
    }
    for g in &REVIEW_GROUPS {
        paths.push(g.path());
        paths.extend(
            REVIEW_COLUMNS
                .iter()
                .map(|c| format!("{}.{}", g.path(), c.key)),
        );
    }
    paths
}

fn parse_notes(
    ctx: &mut Ctx,
    v: &Spanned<TomlValue>,
    edition: Edition,
) -> BTreeMap<String, String> {
    let mut notes = BTreeMap::new();
    let TomlValue::Table(t) = v.get_ref() else {
        let d = ctx.diag(
            RuleId::RShape,
            ctx.place(v),
            msg!("notes-not-table", kind = type_name(v.get_ref())),
        );
        ctx.push(d);
        return notes;
    };
    let paths = cell_paths(edition);
    let path_refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let flat = Flattened::of(t);
    for leaf in &flat.leaves {
        let (path, k, val) = (flat.path(leaf).to_string(), leaf.1, leaf.2);
        if !paths.contains(&path) {
            let mut d = ctx.diag(
                RuleId::RShape,
                ctx.place(k),
                msg!("note-not-a-cell", path = &path, edition = edition.id()),
            );
            if let Some(s) = did_you_mean(&path, &path_refs) {
                d = d.help(msg!("did-you-mean", key = s));
            }
            ctx.push(d);
            continue;
        }
        match val.get_ref() {
            TomlValue::String(s) => {
                notes.insert(path, s.to_string());
            }
            other => {
                let d = ctx.diag(
                    RuleId::RShape,
                    ctx.place(val),
                    msg!("note-not-string", path = &path, kind = type_name(other)),
                );
                ctx.push(d);
            }
        }
    }
    notes
}
