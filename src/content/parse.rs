//! Parsing one report file: front matter (TOML, with spans) and narrative, against the schema.
//!
//! Every problem becomes a diagnostic with the line of the offending key or value; parsing goes
//! on past a bad row so that one run shows every problem in the file. A row with a bad cell is
//! left out of the model (`None`), so the arithmetic rules never run on half-read numbers.

use super::narrative;
use super::report::*;
use super::source::{LineIndex, decode};
use crate::diagnostics::{Diagnostic, Place};
use crate::schema::{
    self, APPLICANT_COLUMNS, APPLICANT_PARTS, ActiveRow, Edition, FieldKind, META_KEYS, NOTES_KEY,
    REVIEW_COLUMNS, REVIEW_GROUPS, RuleId, TableId,
};
use std::collections::BTreeMap;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

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
            Diagnostic::new(
                file,
                RuleId::FileFormat,
                "no front matter: a report must start with a line `+++`",
            )
            .at_line(1)
            .help("put the report's TOML front matter between two `+++` lines at the top"),
        );
        return None;
    }
    let front_offset = first.len() + 1;
    let mut offset = front_offset;
    for (i, line) in text[front_offset.min(text.len())..].split('\n').enumerate() {
        if line.trim_end() == "+++" {
            let body_start = (offset + line.len() + 1).min(text.len());
            return Some(Split {
                front: &text[front_offset..offset],
                front_offset,
                body: &text[body_start..],
                body_line: i as u32 + 3,
            });
        }
        offset += line.len() + 1;
    }
    diags.push(
        Diagnostic::new(
            file,
            RuleId::FileFormat,
            "the front matter is not closed: no second `+++` line",
        )
        .at_line(1),
    );
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

    fn diag(&self, rule: RuleId, at: Place, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.file, rule, message).at(Some(at))
    }

    /// R-SHAPE for an unknown key, with a "did you mean" among the known keys.
    fn unknown_key(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        within: &str,
        known: &[&str],
    ) {
        let name = key.get_ref();
        let mut d = self.diag(
            RuleId::RShape,
            self.place(key),
            format!("unknown key `{name}` in {within}"),
        );
        d = match did_you_mean(name, known) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help(format!("expected one of: {}", known.join(", "))),
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

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn parse_int(s: &str, radix: u32) -> Option<i64> {
    let s = s.replace('_', "");
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
    /// Read one cell of a given kind; `None` (with a diagnostic) when it is unusable.
    fn cell(&mut self, v: &Spanned<DeValue<'_>>, kind: FieldKind, what: &str) -> Option<Cell> {
        let place = self.place(v);
        let value = match (v.get_ref(), kind) {
            (DeValue::String(s), _) if s.is_empty() => Value::Blank,
            (DeValue::Integer(i), FieldKind::Count | FieldKind::SignedCount) => {
                let Some(n) = parse_int(i.as_str(), i.radix()) else {
                    self.push(self.diag(
                        RuleId::RNonneg,
                        place,
                        format!("{what}: `{}` is not a whole number we can read", i.as_str()),
                    ));
                    return None;
                };
                if n.abs() > MAX_COUNT {
                    self.push(self.diag(
                        RuleId::RShape,
                        place,
                        format!("{what} is {n}: too large to be a count"),
                    ));
                    return None;
                }
                if n < 0 && kind == FieldKind::Count {
                    self.push(self.diag(
                        RuleId::RNonneg,
                        place,
                        format!("{what} is {n}: a count cannot be negative"),
                    ));
                    return None;
                }
                Value::Count(n)
            }
            (DeValue::Float(f), FieldKind::Count | FieldKind::SignedCount) => {
                self.push(self.diag(
                    RuleId::RNonneg,
                    place,
                    format!("{what} is {}: a count must be a whole number", f.as_str()),
                ));
                return None;
            }
            (DeValue::Integer(i), FieldKind::Decimal) => self.decimal(i.as_str(), place, what)?,
            (DeValue::Float(f), FieldKind::Decimal) => self.decimal(f.as_str(), place, what)?,
            (DeValue::String(s), FieldKind::Decimal) => self.decimal(s, place, what)?,
            (DeValue::String(s), FieldKind::Text) => Value::Text(s.to_string()),
            (DeValue::Integer(i), FieldKind::Text) => Value::Text(i.as_str().to_string()),
            (DeValue::Float(f), FieldKind::Text) => Value::Text(f.as_str().to_string()),
            (DeValue::String(s), _) => {
                let mut d = self.diag(
                    RuleId::RShape,
                    place,
                    format!("{what} is the text \"{s}\", not a number"),
                );
                let ascii = ascii_digits(s);
                if ascii.trim().parse::<i64>().is_ok() {
                    d = d.help(format!("write {} without quotes", ascii.trim()));
                } else {
                    d = d.help(
                        "write the number; put any remark in [notes] (\"\" marks a blank cell)",
                    );
                }
                self.push(d);
                return None;
            }
            (other, _) => {
                self.push(self.diag(
                    RuleId::RShape,
                    place,
                    format!("{what} is {}, expected a number", type_name(other)),
                ));
                return None;
            }
        };
        Some(Cell {
            value,
            place: Some(place),
        })
    }

    fn decimal(&mut self, s: &str, place: Place, what: &str) -> Option<Value> {
        let t = s.trim();
        if is_decimal(t) {
            return Some(Value::Decimal(t.to_string()));
        }
        let msg = if t.starts_with('-') {
            (
                RuleId::RNonneg,
                format!("{what} is {t}: an amount cannot be negative"),
            )
        } else {
            (
                RuleId::RShape,
                format!("{what} is \"{s}\", expected a decimal number such as \"190.45\""),
            )
        };
        let mut d = self.diag(msg.0, place, msg.1);
        if has_fullwidth_digit(s) {
            d = d.help(format!(
                "full-width digits: write \"{}\"",
                ascii_digits(s).trim()
            ));
        }
        self.push(d);
        None
    }
}

/// A key path with the spanned key and value it came from.
type Flat<'v, 'i> = (
    String,
    &'v Spanned<std::borrow::Cow<'i, str>>,
    &'v Spanned<DeValue<'i>>,
);

/// Flatten a table of rows into key paths (`withheld.state_secret`) with their values.
fn flatten<'v, 'i>(prefix: &str, table: &'v DeTable<'i>, out: &mut Vec<Flat<'v, 'i>>) {
    for (k, v) in table.iter() {
        let path = if prefix.is_empty() {
            k.get_ref().to_string()
        } else {
            format!("{prefix}.{}", k.get_ref())
        };
        match v.get_ref() {
            DeValue::Table(t) => flatten(&path, t, out),
            _ => out.push((path, k, v)),
        }
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
        lines: LineIndex::new(text),
        offset: split.front_offset,
        diags,
    };
    let root = parse_toml(&mut ctx, text, split.front)?;
    let root = root.get_ref();
    let places = top_level_keys(&mut ctx, root);
    let meta = parse_meta(&mut ctx, root, &places, folder_year, slug);
    let edition = meta.edition;

    let tables = template_tables(&mut ctx, root, edition);
    let table_of = |t: TableId| tables.get(&t).map(|tb| (*tb, places[t.key()]));
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
fn parse_toml<'i>(ctx: &mut Ctx, text: &str, front: &'i str) -> Option<Spanned<DeTable<'i>>> {
    let e = match DeTable::parse(front) {
        Ok(t) => return Some(t),
        Err(e) => e,
    };
    let place = e
        .span()
        .map(|r| ctx.lines.place(r.start + ctx.offset, r.end + ctx.offset));
    let line_text = place
        .map(|p| text.lines().nth(p.line as usize - 1).unwrap_or(""))
        .unwrap_or("");
    let mut d = Diagnostic::new(
        ctx.file,
        RuleId::FileFormat,
        format!(
            "invalid TOML in the front matter: {}",
            e.message().trim().trim_end_matches('.')
        ),
    )
    .at(place);
    if has_fullwidth_digit(line_text) {
        d.message = "full-width digits (０–９) in the front matter: numbers must be written with ASCII digits".into();
        d = d.help(format!("write `{}`", ascii_digits(line_text).trim()));
    }
    ctx.push(d);
    None
}

/// Where each top-level key is; R-SHAPE for a key that is neither metadata, a table nor notes.
fn top_level_keys(ctx: &mut Ctx, root: &DeTable) -> BTreeMap<String, Place> {
    let mut places = BTreeMap::new();
    let mut known: Vec<&str> = META_KEYS.to_vec();
    known.extend(TableId::ALL.iter().map(|t| t.key()));
    known.push(NOTES_KEY);
    for (k, _) in root.iter() {
        if !known.contains(&k.get_ref().as_ref()) {
            ctx.unknown_key(k, "the front matter", &known);
        }
        places.insert(k.get_ref().to_string(), ctx.place(k));
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
}

/// The metadata stage: each key read and checked on its own, in the order the template lists
/// them, so a wrong key gives one finding and a usable fallback.
fn parse_meta(
    ctx: &mut Ctx,
    root: &DeTable,
    places: &BTreeMap<String, Place>,
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
    Meta {
        year,
        department,
        edition,
        edition_given,
        published,
        title,
        source,
        example,
    }
}

/// A metadata key whose value is a string; R-SHAPE if it is anything else.
fn string_meta(ctx: &mut Ctx, root: &DeTable, key: &str) -> Option<String> {
    let v = root.get(key)?;
    match v.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        other => {
            let d = ctx.diag(
                RuleId::RShape,
                ctx.place(v),
                format!("`{key}` is {}, expected a string", type_name(other)),
            );
            ctx.push(d);
            None
        }
    }
}

/// `year`: a four-digit integer equal to the folder's (S-YEAR). When it is missing or unusable,
/// the folder's year (0 outside a year folder) stands in, so the tables are still checked.
fn meta_year(ctx: &mut Ctx, value: Option<&Spanned<DeValue>>, folder_year: Option<i32>) -> i32 {
    let fallback_year = folder_year.unwrap_or(0);
    let Some(v) = value else {
        let mut d = Diagnostic::new(
            ctx.file,
            RuleId::RShape,
            "missing `year` in the front matter",
        )
        .at_line(2);
        if let Some(y) = folder_year {
            d = d.help(format!("add `year = {y}`"));
        }
        ctx.push(d);
        return fallback_year;
    };
    match v.get_ref() {
        DeValue::Integer(i) => match parse_int(i.as_str(), i.radix()) {
            Some(y) if (1000..=9999).contains(&y) => {
                if let Some(folder_year) = folder_year
                    && y as i32 != folder_year
                {
                    let d = ctx
                        .diag(
                            RuleId::SYear,
                            ctx.place(v),
                            format!(
                                "the front matter says year = {y} but the file is in the folder {folder_year}"
                            ),
                        )
                        .cell("year")
                        .help("move the file to the folder of its year, or correct `year`");
                    ctx.push(d);
                }
                y as i32
            }
            _ => {
                let d = ctx.diag(
                    RuleId::RShape,
                    ctx.place(v),
                    format!("`year` is {}, not a four-digit year", i.as_str()),
                );
                ctx.push(d);
                fallback_year
            }
        },
        other => {
            let mut d = ctx.diag(
                RuleId::RShape,
                ctx.place(v),
                format!("`year` is {}, expected an integer", type_name(other)),
            );
            if let DeValue::String(s) = other {
                d = d.help(format!("write year = {} without quotes", ascii_digits(s)));
            }
            ctx.push(d);
            fallback_year
        }
    }
}

/// `department`: the body's full name, trimmed; the slug stands in when it is missing or empty.
fn meta_department(
    ctx: &mut Ctx,
    root: &DeTable,
    places: &BTreeMap<String, Place>,
    slug: &str,
) -> String {
    match string_meta(ctx, root, "department") {
        Some(d) if !d.trim().is_empty() => d.trim().to_string(),
        Some(_) => {
            let d = ctx.diag(
                RuleId::RShape,
                places["department"],
                "`department` is empty",
            );
            ctx.push(d);
            slug.to_string()
        }
        None => {
            if root.get("department").is_none() {
                ctx.push(
                    Diagnostic::new(
                        ctx.file,
                        RuleId::RShape,
                        "missing `department` in the front matter",
                    )
                    .at_line(2)
                    .help("add the body's full name, e.g. department = \"杭州市拱墅区统计局\""),
                );
            }
            slug.to_string()
        }
    }
}

/// `edition`, and whether it was given; by default (or when unknown) the year's edition.
fn meta_edition(ctx: &mut Ctx, value: Option<&Spanned<DeValue>>, year: i32) -> (Edition, bool) {
    let Some(v) = value else {
        return (Edition::for_year(year), false);
    };
    let text = match v.get_ref() {
        DeValue::String(s) => s.to_string(),
        DeValue::Integer(i) => i.as_str().to_string(),
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
            format!("unknown edition `{text}`"),
        )
        .help(format!("edition is one of: \"{}\"", ids.join("\", \"")));
    ctx.push(d);
    (Edition::for_year(year), false)
}

/// `published`: a date, as a TOML date or an ISO date string.
fn meta_published(ctx: &mut Ctx, v: &Spanned<DeValue>) -> Option<String> {
    match v.get_ref() {
        DeValue::Datetime(dt) if dt.date.is_some() && dt.time.is_none() => Some(dt.to_string()),
        DeValue::String(s) if is_iso_date(s) => Some(s.to_string()),
        other => {
            let d = ctx
                .diag(
                    RuleId::RShape,
                    ctx.place(v),
                    format!("`published` is {}, expected a date", type_name(other)),
                )
                .help("write published = 2024-01-18");
            ctx.push(d);
            None
        }
    }
}

/// `example`: true or false.
fn meta_example(ctx: &mut Ctx, v: &Spanned<DeValue>) -> bool {
    match v.get_ref() {
        DeValue::Boolean(b) => *b,
        other => {
            let d = ctx.diag(
                RuleId::RShape,
                ctx.place(v),
                format!("`example` is {}, expected true or false", type_name(other)),
            );
            ctx.push(d);
            false
        }
    }
}

/// The table stage's first step: which of the template's tables are there as TOML tables. A
/// table the edition has but the file lacks, one the free edition must not have, or one that is
/// not a table is R-SHAPE.
fn template_tables<'v, 'i>(
    ctx: &mut Ctx,
    root: &'v DeTable<'i>,
    edition: Edition,
) -> BTreeMap<TableId, &'v DeTable<'i>> {
    let mut tables = BTreeMap::new();
    for t in TableId::ALL {
        let Some(v) = root.get(t.key()) else {
            if edition.has_tables() {
                ctx.push(
                    Diagnostic::new(
                        ctx.file,
                        RuleId::RShape,
                        format!(
                            "missing table {} ([{}]): the {} edition has it",
                            schema::section_of(t).heading(),
                            t.key(),
                            edition.id()
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
                    format!(
                        "[{}]: a report in the free edition has no template tables",
                        t.key()
                    ),
                )
                .help("set edition = \"2019\" or \"2021\" if the report follows the template");
            ctx.push(d);
            continue;
        }
        match v.get_ref() {
            DeValue::Table(tb) => {
                tables.insert(t, tb);
            }
            other => {
                let d = ctx.diag(
                    RuleId::RShape,
                    ctx.place(v),
                    format!("`{}` is {}, expected a table", t.key(), type_name(other)),
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

fn missing_rows(ctx: &mut Ctx, table: &str, at: Place, edition: Edition, missing: Vec<&str>) {
    if missing.is_empty() {
        return;
    }
    let d = ctx
        .diag(
            RuleId::RShape,
            at,
            format!(
                "[{table}] lacks {} row{} of the {} edition: {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                edition.id(),
                missing.join(", ")
            ),
        )
        .help("every row of the template must be given; write \"\" for a cell left blank");
    ctx.push(d);
}

fn parse_active(ctx: &mut Ctx, table: &DeTable, at: Place, edition: Edition) -> ActiveTable {
    let rows = schema::active_rows(edition);
    let keys: Vec<&str> = rows.iter().map(|r| r.key).collect();
    for (k, _) in table.iter() {
        if !keys.contains(&k.get_ref().as_ref()) {
            let within = format!("[active] ({} edition)", edition.id());
            ctx.unknown_key(k, &within, &keys);
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
    missing_rows(ctx, "active", at, edition, missing);
    ActiveTable { rows: values }
}

fn parse_active_row(ctx: &mut Ctx, row: &ActiveRow, v: &Spanned<DeValue>) -> Option<Vec<Cell>> {
    if let [field] = row.fields
        && field.key.is_none()
    {
        let what = format!("{} ({})", row.label, row.path(field));
        return ctx.cell(v, field.kind, &what).map(|c| vec![c]);
    }
    let DeValue::Table(t) = v.get_ref() else {
        let fields: Vec<String> = row
            .fields
            .iter()
            .map(|f| format!("{} = 0", f.key.unwrap_or("")))
            .collect();
        let d = ctx
            .diag(
                RuleId::RShape,
                ctx.place(v),
                format!(
                    "`active.{}` is {}, expected an inline table",
                    row.key,
                    type_name(v.get_ref())
                ),
            )
            .help(format!("{} = {{ {} }}", row.key, fields.join(", ")));
        ctx.push(d);
        return None;
    };
    let field_keys: Vec<&str> = row.fields.iter().filter_map(|f| f.key).collect();
    for (k, _) in t.iter() {
        if !field_keys.contains(&k.get_ref().as_ref()) {
            ctx.unknown_key(k, &format!("`active.{}`", row.key), &field_keys);
        }
    }
    let mut ok = true;
    let mut cells = vec![];
    for f in row.fields {
        let key = f.key.unwrap_or("");
        match t.get(key) {
            Some(cv) => {
                let what = format!("{} {} ({})", row.label, f.label, row.path(f));
                match ctx.cell(cv, f.kind, &what) {
                    Some(c) => cells.push(c),
                    None => ok = false,
                }
            }
            None => {
                let d = ctx.diag(
                    RuleId::RShape,
                    ctx.place(v),
                    format!("`active.{}` lacks `{key}` ({})", row.key, f.label),
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
    table: &DeTable,
    at: Place,
    edition: Edition,
) -> ApplicationsTable {
    let mut flat = vec![];
    flatten("", table, &mut flat);
    let rows: Vec<_> = schema::application_rows(edition).collect();
    let keys: Vec<&str> = rows.iter().map(|r| r.key).collect();
    unknown_application_rows(ctx, &flat, &keys, edition);
    let mut missing = vec![];
    let values = rows
        .iter()
        .map(|row| {
            let Some((_, _, v)) = flat.iter().find(|(p, _, _)| p == row.key) else {
                missing.push(row.key);
                return None;
            };
            application_row(ctx, row, v)
        })
        .collect();
    missing_rows(ctx, "applications", at, edition, missing);
    ApplicationsTable { rows: values }
}

/// R-SHAPE for each key of [applications] that is not a row of the edition, saying so when it
/// is a row of the other edition.
fn unknown_application_rows(ctx: &mut Ctx, flat: &[Flat], keys: &[&str], edition: Edition) {
    for (path, k, _) in flat {
        if !keys.contains(&path.as_str()) {
            let other_edition = schema::APPLICATION_ROWS.iter().any(|r| r.key == path);
            if other_edition {
                let help = if edition == Edition::E2019 {
                    "the 2019 edition prints （六）其他处理 as one row: `other = [...]`"
                } else {
                    "the 2021 edition splits （六）其他处理 into other.no_correction, other.fee_unpaid and other.other"
                };
                let d = ctx
                    .diag(
                        RuleId::RShape,
                        ctx.place(k),
                        format!(
                            "`applications.{path}` is not a row of the {} edition",
                            edition.id()
                        ),
                    )
                    .help(help);
                ctx.push(d);
            } else {
                let mut d = ctx.diag(
                    RuleId::RShape,
                    ctx.place(k),
                    format!("unknown row `{path}` in [applications]"),
                );
                if let Some(s) = did_you_mean(path, keys) {
                    d = d.help(format!("did you mean `{s}`?"));
                }
                ctx.push(d);
            }
        }
    }
}

/// One row of table 三: 7 cells, or 6 with 总计 computed; `None` (after a finding) otherwise.
fn application_row(
    ctx: &mut Ctx,
    row: &schema::ApplicationRow,
    v: &Spanned<DeValue>,
) -> Option<ApplicationValues> {
    let DeValue::Array(items) = v.get_ref() else {
        let d = ctx.diag(
            RuleId::RShape,
            ctx.place(v),
            format!(
                "`applications.{}` is {}, expected an array of 7 values",
                row.key,
                type_name(v.get_ref())
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
                format!(
                    "{} has {} values; a row of table 三 has 7 ({}), or 6 with {} omitted",
                    row.label,
                    items.len(),
                    APPLICANT_COLUMNS.map(|c| c.label).join(", "),
                    APPLICANT_COLUMNS[schema::APPLICANT_TOTAL].label
                ),
            )
            .cell(row.path());
        ctx.push(d);
        return None;
    }
    let mut cells = vec![];
    for (i, item) in items.iter().enumerate() {
        let what = format!("{} {}", row.short, APPLICANT_COLUMNS[i].label);
        cells.push(ctx.cell(item, FieldKind::Count, &what));
    }
    let mut cells: Vec<Cell> = cells.into_iter().collect::<Option<_>>()?;
    let total_computed = cells.len() == APPLICANT_PARTS;
    if total_computed {
        cells.push(Cell::computed(cells.iter().map(Cell::num).sum()));
    }
    Some(ApplicationValues {
        cells: cells.try_into().expect("7 cells"),
        total_computed,
        place,
    })
}

fn parse_review(ctx: &mut Ctx, table: &DeTable, at: Place) -> ReviewTable {
    let keys: Vec<&str> = REVIEW_GROUPS.iter().map(|g| g.key).collect();
    for (k, _) in table.iter() {
        if !keys.contains(&k.get_ref().as_ref()) {
            ctx.unknown_key(k, "[review_litigation]", &keys);
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
                DeValue::Array(items) if items.len() == REVIEW_COLUMNS.len() => items,
                other => {
                    let found = match other {
                        DeValue::Array(items) => format!("{} values", items.len()),
                        other => type_name(other).to_string(),
                    };
                    let cols: Vec<&str> = REVIEW_COLUMNS.iter().map(|c| c.short).collect();
                    let d = ctx
                        .diag(
                            RuleId::RShape,
                            place,
                            format!(
                                "{} has {found}; a group of table 四 has 5 values ({})",
                                g.name(),
                                cols.join(", ")
                            ),
                        )
                        .cell(g.path());
                    ctx.push(d);
                    return None;
                }
            };
            let cells: Option<Vec<Cell>> = items
                .iter()
                .zip(REVIEW_COLUMNS.iter())
                .map(|(item, col)| {
                    ctx.cell(
                        item,
                        FieldKind::Count,
                        &format!("{} {}", g.name(), col.short),
                    )
                })
                .collect::<Vec<_>>()
                .into_iter()
                .collect();
            Some(ReviewValues {
                cells: cells?.try_into().expect("5 cells"),
                place,
            })
        })
        .collect();
    missing_rows(ctx, "review_litigation", at, Edition::E2021, missing);
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

fn parse_notes(ctx: &mut Ctx, v: &Spanned<DeValue>, edition: Edition) -> BTreeMap<String, String> {
    let mut notes = BTreeMap::new();
    let DeValue::Table(t) = v.get_ref() else {
        let d = ctx.diag(
            RuleId::RShape,
            ctx.place(v),
            format!("`notes` is {}, expected a table", type_name(v.get_ref())),
        );
        ctx.push(d);
        return notes;
    };
    let paths = cell_paths(edition);
    let path_refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let mut flat = vec![];
    flatten("", t, &mut flat);
    for (path, k, val) in flat {
        if !paths.contains(&path) {
            let mut d = ctx.diag(
                RuleId::RShape,
                ctx.place(k),
                format!(
                    "[notes]: `{path}` is not a cell of the {} edition",
                    edition.id()
                ),
            );
            if let Some(s) = did_you_mean(&path, &path_refs) {
                d = d.help(format!("did you mean `{s}`?"));
            }
            ctx.push(d);
            continue;
        }
        match val.get_ref() {
            DeValue::String(s) => {
                notes.insert(path, s.to_string());
            }
            other => {
                let d = ctx.diag(
                    RuleId::RShape,
                    ctx.place(val),
                    format!(
                        "the note on `{path}` is {}, expected a string",
                        type_name(other)
                    ),
                );
                ctx.push(d);
            }
        }
    }
    notes
}
