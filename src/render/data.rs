//! The data behind the pages: per-report JSON (the model, stable and documented by a JSON
//! Schema generated from the template) and CSV (its tables as the template prints them), and
//! per-year / all-years CSV with one row per report and one column per cell, headed by the
//! schema's labels. Each CSV also comes as a
//! UTF-8-with-BOM copy, which Excel needs to open Chinese text without 乱码.

use super::parts::Assembly;
use crate::content::{Cell, Report, ValueRef};
use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use crate::schema::{
    self, APPLICANT_COLUMNS, APPLICANT_TOTAL, Edition, FieldKind, KEY_FIGURES, REVIEW_COLUMNS,
    REVIEW_GROUPS, TableId,
};
use crate::site::model::Figures;
use serde::Serialize;
use serde_json::{Map, Value as Json, json};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Identifies the JSON layout; bumped on incompatible changes.
pub const FORMAT: &str = "gongkai-report/1";

/// One cell of the flat view: its key path, its header label and the parts of that label (the
/// table, the row and the column as the template prints them), for the Excel sheets and the
/// long CSV.
pub struct CellColumn {
    pub path: String,
    pub label: String,
    pub table: TableId,
    pub row: String,
    pub column: &'static str,
}

impl CellColumn {
    fn new(table: TableId, path: String, row: String, column: &'static str) -> CellColumn {
        let label = format!("{}·{row}·{column}", table_numeral(table));
        CellColumn {
            path,
            label,
            table,
            row,
            column,
        }
    }
}

fn table_numeral(t: TableId) -> &'static str {
    schema::section_of(t).numeral
}

/// Every cell of an edition's tables, in template order (computed once per edition).
pub fn cell_columns(edition: Edition) -> &'static [CellColumn] {
    static CACHE: [OnceLock<Vec<CellColumn>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    CACHE[edition_index(edition)].get_or_init(|| columns_of(edition))
}

fn columns_of(edition: Edition) -> Vec<CellColumn> {
    let mut out = vec![];
    for row in schema::active_rows(edition) {
        for f in row.fields {
            let (path, label) = (row.path(f), row.label.to_string());
            out.push(CellColumn::new(TableId::Active, path, label, f.label));
        }
    }
    for row in schema::application_rows(edition) {
        for c in &APPLICANT_COLUMNS {
            let path = format!("{}.{}", row.path(), c.key);
            let label = row.short.to_string();
            out.push(CellColumn::new(TableId::Applications, path, label, c.label));
        }
    }
    if edition.has_tables() {
        for g in &REVIEW_GROUPS {
            for c in &REVIEW_COLUMNS {
                let path = format!("{}.{}", g.path(), c.key);
                out.push(CellColumn::new(
                    TableId::ReviewLitigation,
                    path,
                    g.name(),
                    c.label,
                ));
            }
        }
    }
    out
}

/// A report's cells aligned with [`cell_columns`] of its edition: the cell and whether it was
/// computed.
pub fn report_cells(r: &Report) -> Vec<(Option<&Cell>, bool)> {
    // Sized at once: a report has some 300 cells, and this runs several times per report.
    let mut out = Vec::with_capacity(cell_columns(r.edition).len());
    for (row, cells) in r.active_rows() {
        for j in 0..row.fields.len() {
            out.push((cells.and_then(|c| c.get(j)), false));
        }
    }
    for (_, v) in r.application_rows() {
        for i in 0..APPLICANT_COLUMNS.len() {
            out.push((
                v.map(|v| &v.cells[i]),
                i == APPLICANT_TOTAL && v.is_some_and(|v| v.total_computed),
            ));
        }
    }
    if r.edition.has_tables() {
        for (_, v) in r.review_groups() {
            for j in 0..REVIEW_COLUMNS.len() {
                out.push((v.map(|v| &v.cells[j]), false));
            }
        }
    }
    out
}

/// A source document published beside a report.
pub struct SourceDoc {
    /// File name in the report's output folder.
    pub file: String,
    pub sha256: String,
}

/// The report as JSON (documented by [`json_schema`]), with its final newline.
pub fn report_json(
    r: &Report,
    url: &str,
    source: Option<&SourceDoc>,
    figures: &Figures,
    findings: &[Diagnostic],
    lang: Lang,
) -> Vec<u8> {
    let cells = report_cells(r);
    let computed = (cell_columns(r.edition).iter().zip(&cells))
        .filter(|(_, (_, was_computed))| *was_computed)
        .map(|(col, _)| col.path.as_str())
        .collect();
    let tables = json_layout(r.edition).each_ref().map(|rows| TableJson {
        rows,
        cells: &cells,
    });
    let [active, applications, review] = tables;
    let json = ReportJson {
        active: r.active.is_some().then_some(active),
        applications: r.applications.is_some().then_some(applications),
        computed,
        department: &r.department,
        department_slug: &r.slug,
        edition: r.edition.id(),
        example: r.example,
        findings: findings
            .iter()
            .map(|d| FindingJson {
                cell: d.cell.as_deref(),
                line: d.line,
                message: d.message.reader_text(lang),
                rule: d.rule.code(),
                severity: d.severity().as_str(),
            })
            .collect(),
        format: FORMAT,
        key_figures: KEY_FIGURES.iter().map(|f| f.key).zip(figures).collect(),
        narrative: NarrativeJson {
            preamble: &r.narrative.preamble,
            sections: r
                .narrative
                .sections
                .iter()
                .map(|s| SectionJson {
                    heading: &s.heading,
                    key: s.key,
                    markdown: &s.body,
                })
                .collect(),
        },
        notes: &r.notes,
        published: r.published.as_deref(),
        review_litigation: r.review.is_some().then_some(review),
        source: source.map(|s| SourceJson {
            file: &s.file,
            sha256: &s.sha256,
        }),
        title: &r.title,
        url,
        year: r.year,
    };
    // Names, titles and narrative may hold bidi or zero-width characters (F-INVISIBLE): every
    // output drops them.
    let mut out = crate::control_chars::drop_invisible(serde_json::to_vec(&json).expect("json"));
    out.push(b'\n');
    out
}

/// The report JSON, borrowed from the report and written straight out. Every object's keys are
/// in alphabetical order, as serde_json's maps keep them (the layout the files always had).
#[derive(Serialize)]
struct ReportJson<'r> {
    active: Option<TableJson<'r>>,
    applications: Option<TableJson<'r>>,
    computed: Vec<&'r str>,
    department: &'r str,
    department_slug: &'r str,
    edition: &'static str,
    example: bool,
    findings: Vec<FindingJson<'r>>,
    format: &'static str,
    key_figures: BTreeMap<&'static str, &'r Option<i64>>,
    narrative: NarrativeJson<'r>,
    notes: &'r BTreeMap<String, String>,
    published: Option<&'r str>,
    review_litigation: Option<TableJson<'r>>,
    source: Option<SourceJson<'r>>,
    title: &'r str,
    url: &'r str,
    year: i32,
}

#[derive(Serialize)]
struct FindingJson<'r> {
    cell: Option<&'r str>,
    line: Option<u32>,
    message: String,
    rule: &'static str,
    severity: &'static str,
}

#[derive(Serialize)]
struct NarrativeJson<'r> {
    preamble: &'r str,
    sections: Vec<SectionJson<'r>>,
}

#[derive(Serialize)]
struct SectionJson<'r> {
    heading: &'r str,
    key: Option<&'static str>,
    markdown: &'r str,
}

#[derive(Serialize)]
struct SourceJson<'r> {
    file: &'r str,
    sha256: &'r str,
}

/// Where each cell of an edition goes in the JSON's tables (二, 三, 四): each table's rows in
/// key order, a row one cell or its fields in key order, each cell a place in
/// [`report_cells`]. The same for every report of the edition, so made once.
type JsonTables = [Vec<(&'static str, JsonRow)>; 3];

/// A row of a table in the JSON: one cell, or an object of its fields (places in
/// [`report_cells`]).
enum JsonRow {
    Cell(usize),
    Fields(Vec<(&'static str, usize)>),
}

fn json_layout(edition: Edition) -> &'static JsonTables {
    static CACHE: [OnceLock<JsonTables>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    CACHE[edition_index(edition)].get_or_init(|| {
        enum Row {
            Cell(usize),
            Fields(BTreeMap<&'static str, usize>),
        }
        let mut tables: [BTreeMap<&str, Row>; 3] = Default::default();
        for (at, col) in cell_columns(edition).iter().enumerate() {
            // path = "<table>.<row…>.<field>"; rows keep their dotted key, fields are the
            // last part.
            let (table, rest) = col.path.split_once('.').expect("paths have a table");
            let t = match table {
                "active" => 0,
                "applications" => 1,
                _ => 2,
            };
            match rest.rsplit_once('.') {
                Some((row, field)) if t != 0 || schema_has_field(edition, row, field) => {
                    let entry = tables[t]
                        .entry(row)
                        .or_insert_with(|| Row::Fields(BTreeMap::new()));
                    if let Row::Fields(m) = entry {
                        m.insert(field, at);
                    }
                }
                _ => {
                    tables[t].insert(rest, Row::Cell(at));
                }
            }
        }
        tables.map(|rows| {
            (rows.into_iter())
                .map(|(key, row)| {
                    let row = match row {
                        Row::Cell(at) => JsonRow::Cell(at),
                        Row::Fields(m) => JsonRow::Fields(m.into_iter().collect()),
                    };
                    (key, row)
                })
                .collect()
        })
    })
}

/// A table of one report in the JSON: its rows ([`json_layout`]) with the report's cells.
struct TableJson<'r> {
    rows: &'static [(&'static str, JsonRow)],
    cells: &'r [(Option<&'r Cell>, bool)],
}

impl Serialize for TableJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let cell = |at: usize| CellJson(self.cells.get(at).and_then(|c| c.0));
        let mut map = s.serialize_map(Some(self.rows.len()))?;
        for (key, row) in self.rows {
            match row {
                JsonRow::Cell(at) => map.serialize_entry(key, &cell(*at))?,
                JsonRow::Fields(fields) => map.serialize_entry(
                    key,
                    &FieldsJson {
                        fields,
                        cell: &cell,
                    },
                )?,
            }
        }
        map.end()
    }
}

/// A row's fields in the JSON.
struct FieldsJson<'a, F: Fn(usize) -> CellJson<'a>> {
    fields: &'a [(&'static str, usize)],
    cell: &'a F,
}

impl<'a, F: Fn(usize) -> CellJson<'a>> Serialize for FieldsJson<'a, F> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.fields.len()))?;
        for (key, at) in self.fields {
            map.serialize_entry(key, &(self.cell)(*at))?;
        }
        map.end()
    }
}

/// A cell in the JSON: a count as a number, an amount or text as a string, blank or missing as
/// null.
struct CellJson<'r>(Option<&'r Cell>);

impl Serialize for CellJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.map(Cell::value) {
            None | Some(ValueRef::Blank) => s.serialize_none(),
            Some(ValueRef::Count(n)) => s.serialize_i64(n),
            Some(ValueRef::Decimal(t)) | Some(ValueRef::Text(t)) => s.serialize_str(t),
        }
    }
}

/// Whether `field` is a field key of the table-二 row `row` (as opposed to part of a row key).
fn schema_has_field(edition: Edition, row: &str, field: &str) -> bool {
    schema::active_rows(edition)
        .iter()
        .any(|r| r.key == row && r.fields.iter().any(|f| f.key == Some(field)))
}

/// The JSON Schema of one cell of table 二.
fn cell_schema(kind: FieldKind) -> Json {
    match kind {
        FieldKind::Count | FieldKind::SignedCount => json!({"type": ["integer", "null"]}),
        FieldKind::Decimal | FieldKind::Text => json!({"type": ["string", "null"]}),
    }
}

/// The properties of table 二: a row is one value or an object of fields, and differs by edition
/// (each variant is one `anyOf` entry).
fn active_schema() -> Map<String, Json> {
    let editions = [Edition::E2021, Edition::E2019];
    let mut active = Map::new();
    for e in editions {
        for row in schema::active_rows(e) {
            let variant = if row.fields.len() == 1 && row.fields[0].key.is_none() {
                cell_schema(row.fields[0].kind)
            } else {
                let props: Map<String, Json> = row
                    .fields
                    .iter()
                    .map(|f| (f.key.unwrap_or_default().to_string(), cell_schema(f.kind)))
                    .collect();
                json!({"type": "object", "properties": props, "additionalProperties": false,
                       "description": row.fields.iter().map(|f| f.label).collect::<Vec<_>>().join(" · ")})
            };
            let entry = active
                .entry(row.key.to_string())
                .or_insert_with(|| json!({"title": row.label, "anyOf": []}));
            let any = entry["anyOf"].as_array_mut().expect("anyOf is an array");
            if !any.contains(&variant) {
                any.push(variant);
            }
        }
    }
    active
}

/// JSON Schema (draft 2020-12) of [`report_json`], generated from the template.
pub fn json_schema() -> Json {
    let active = active_schema();
    let app_row = counts_object(APPLICANT_COLUMNS.iter().map(|c| (c.key, c.label)));
    let mut applications = Map::new();
    for row in schema::APPLICATION_ROWS {
        let mut s = app_row.clone();
        s["title"] = json!(row.label);
        s["description"] = json!(format!(
            "版式：{}",
            row.editions
                .iter()
                .map(|e| e.id())
                .collect::<Vec<_>>()
                .join("、")
        ));
        applications.insert(row.key.to_string(), s);
    }
    let review_row = counts_object(REVIEW_COLUMNS.iter().map(|c| (c.key, c.label)));
    let review: Map<String, Json> = REVIEW_GROUPS
        .iter()
        .map(|g| {
            let mut s = review_row.clone();
            s["title"] = json!(g.name());
            (g.key.to_string(), s)
        })
        .collect();
    let figures: Map<String, Json> = KEY_FIGURES
        .iter()
        .map(|f| {
            (
                f.key.to_string(),
                json!({"title": f.label(), "type": ["integer", "null"]}),
            )
        })
        .collect();
    let table = |title: &str, props: Map<String, Json>| json!({"title": title, "type": ["object", "null"], "properties": props, "additionalProperties": false});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": FORMAT,
        "title": "政府信息公开工作年度报告（gongkai 数据格式）",
        "description": "空白单元格为 null；computed 列出由各列相加得出的总计单元格；findings 为校验结果。",
        "type": "object",
        "required": ["format", "year", "department_slug", "department", "title", "edition",
                     "active", "applications", "review_litigation", "computed", "notes",
                     "key_figures", "narrative", "findings"],
        "properties": {
            "format": {"const": FORMAT},
            "year": {"type": "integer"},
            "department_slug": {"type": "string", "pattern": "^[a-z0-9-]+$"},
            "department": {"type": "string"},
            "title": {"type": "string"},
            "edition": {"enum": Edition::ALL.iter().map(|e| e.id()).collect::<Vec<_>>()},
            "published": {"type": ["string", "null"]},
            "example": {"type": "boolean"},
            "url": {"type": "string"},
            "source": {"type": ["object", "null"], "properties": {
                "file": {"type": "string"}, "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}},
            "active": table(schema::section_of(TableId::Active).title, active),
            "applications": table(schema::section_of(TableId::Applications).title, applications),
            "review_litigation": table(schema::section_of(TableId::ReviewLitigation).title, review),
            "computed": {"type": "array", "items": {"type": "string"}},
            "notes": {"type": "object", "additionalProperties": {"type": "string"}},
            "key_figures": {"type": "object", "properties": figures, "additionalProperties": false},
            "narrative": {"type": "object", "properties": {
                "preamble": {"type": "string"},
                "sections": {"type": "array", "items": {"type": "object", "properties": {
                    "heading": {"type": "string"},
                    "key": {"enum": schema::narrative_sections().map(|s| Json::from(s.key)).chain([Json::Null]).collect::<Vec<_>>()},
                    "markdown": {"type": "string"}}}}}},
            "findings": {"type": "array", "items": {"type": "object", "properties": {
                "rule": {"enum": schema::RULES.iter().map(|r| r.code).collect::<Vec<_>>()},
                "severity": {"enum": ["error", "warning"]},
                "message": {"type": "string"},
                "line": {"type": ["integer", "null"]},
                "cell": {"type": ["string", "null"]}}}}
        }
    })
}

/// One CSV field. Text that a spreadsheet would run as a formula (a department name or a text
/// cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, as
/// OWASP recommends against CSV injection; a number (`-3`, `+1.5`) is left a number. Control
/// characters are dropped, as everywhere.
fn field(out: &mut String, s: &str) {
    if plain(s) {
        out.push_str(s);
        return;
    }
    let s = &*crate::control_chars::strip(s);
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(s);
    if formula || s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        if formula {
            out.push('\'');
        }
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// Whether a field is written as it is (most labels, names and numbers): nothing to quote, to
/// neutralise or to drop. One pass over the bytes; [`super::control_len`] is asked only at the
/// bytes where a control character can start (`NEEDS_LOOK`, as [`super::esc_into`] does), not at
/// each byte of the Chinese labels and names.
fn plain(s: &str) -> bool {
    let b = s.as_bytes();
    !b.first()
        .is_some_and(|c| matches!(c, b'=' | b'+' | b'-' | b'@' | b'\t'))
        && !(0..b.len()).any(|i| {
            matches!(b[i], b',' | b'"' | b'\n')
                || (super::NEEDS_LOOK[usize::from(b[i])] && super::control_len(b, i) > 0)
        })
}

/// A cell as printed (a count's digits, an amount or text as written; blank or missing: empty).
fn cell_field(out: &mut String, cell: Option<&Cell>) {
    match cell.map(Cell::value) {
        Some(ValueRef::Count(n)) => super::push_int(out, n),
        Some(ValueRef::Decimal(s)) | Some(ValueRef::Text(s)) => field(out, s),
        Some(ValueRef::Blank) | None => {}
    }
}

/// A plain decimal number with an optional sign: what a spreadsheet reads as a number only.
fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// One CSV line (RFC 4180 quoting, CRLF).
pub(crate) fn record<'s>(out: &mut String, fields: impl IntoIterator<Item = &'s str>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, f);
    }
    out.push_str("\r\n");
}

/// The header row shared by every reports CSV: the metadata columns, then one per cell.
fn header<'a>(out: &mut String, columns: impl IntoIterator<Item = &'a CellColumn>) {
    record(
        out,
        CSV_META
            .iter()
            .copied()
            .chain(columns.into_iter().map(|c| c.label.as_str())),
    );
}

fn edition_index(edition: Edition) -> usize {
    Edition::ALL
        .iter()
        .position(|e| *e == edition)
        .expect("every edition is in ALL")
}

/// One CSV line: the report's metadata columns, then its cells.
fn report_line<'c>(
    out: &mut String,
    r: &Report,
    cells: impl IntoIterator<Item = Option<&'c Cell>>,
) {
    let year = r.year.to_string();
    record(out, meta(r, &year));
    out.truncate(out.len() - 2);
    for cell in cells {
        out.push(',');
        cell_field(out, cell);
    }
    out.push_str("\r\n");
}

/// One report's CSV, laid out as the template prints its tables, so that it reads in Excel as
/// the report does and names every number without a header row per cell: the metadata (年度,
/// 部门标识, 部门, 版式, 发布日期) and its values, then each table after an empty line — a line
/// of the template's column labels, first field the table's name (表三), then one line per row of
/// the template, first field its label, then its cells. Table 二 repeats its column line per
/// 条例 clause (表二·第二十条第（一）项), as the template does; table 四's groups are its rows.
pub fn report_csv(r: &Report) -> String {
    let mut out = String::with_capacity(3 * 1024);
    let year = r.year.to_string();
    record(&mut out, CSV_META);
    record(&mut out, meta(r, &year));
    let mut block = "";
    for (row, cells) in r.active_rows() {
        if row.block != block {
            if block.is_empty() {
                out.push_str("\r\n");
            }
            block = row.block;
            let name = format!("{}·{}", table_name(TableId::Active), row.block);
            record(
                &mut out,
                std::iter::once(name.as_str()).chain(row.fields.iter().map(|f| f.label)),
            );
        }
        let values = (0..row.fields.len()).map(|j| cells.and_then(|c| c.get(j)));
        table_line(&mut out, row.label, values);
    }
    if r.edition.has_tables() {
        let name = table_name(TableId::Applications);
        out.push_str("\r\n");
        record(
            &mut out,
            std::iter::once(name.as_str()).chain(APPLICANT_COLUMNS.iter().map(|c| c.label)),
        );
        for (row, values) in r.application_rows() {
            let cells = (0..APPLICANT_COLUMNS.len()).map(|i| values.map(|v| &v.cells[i]));
            table_line(&mut out, row.short, cells);
        }
        let name = table_name(TableId::ReviewLitigation);
        out.push_str("\r\n");
        record(
            &mut out,
            std::iter::once(name.as_str()).chain(REVIEW_COLUMNS.iter().map(|c| c.label)),
        );
        for (group, values) in r.review_groups() {
            let cells = (0..REVIEW_COLUMNS.len()).map(|j| values.map(|v| &v.cells[j]));
            table_line(&mut out, &group.name(), cells);
        }
    }
    out
}

/// One row of a table in [`report_csv`]: its label, then its cells.
fn table_line<'c>(out: &mut String, label: &str, cells: impl Iterator<Item = Option<&'c Cell>>) {
    field(out, label);
    for cell in cells {
        out.push(',');
        cell_field(out, cell);
    }
    out.push_str("\r\n");
}

/// The columns before the cells in every CSV: 年度, 部门标识, 部门, 版式, 发布日期.
const CSV_META: [&str; 5] = ["年度", "部门标识", "部门", "版式", "发布日期"];

fn meta<'r>(r: &'r Report, year: &'r str) -> [&'r str; 5] {
    [
        year,
        &r.slug,
        &r.department,
        r.edition.id(),
        r.published.as_deref().unwrap_or(""),
    ]
}

/// The columns of several reports: every cell of the editions they use, in template order.
pub(crate) fn union_columns(reports: &[&Report]) -> Vec<&'static CellColumn> {
    let mut columns: Vec<&CellColumn> = vec![];
    for e in Edition::ALL {
        if reports.iter().any(|r| r.edition == e) {
            for c in cell_columns(e) {
                if !columns.iter().any(|o| o.path == c.path) {
                    columns.push(c);
                }
            }
        }
    }
    columns
}

/// Lines up a report's cells with `columns` (from [`union_columns`]), one report at a time, so
/// that the files of every report never hold every report's cells at once.
pub(crate) struct Aligner {
    width: usize,
    /// For each edition (in [`Edition::ALL`] order), the column of each of its cells.
    places: Vec<Vec<usize>>,
}

impl Aligner {
    pub(crate) fn new(columns: &[&CellColumn]) -> Aligner {
        let index: std::collections::HashMap<&str, usize> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.path.as_str(), i))
            .collect();
        let places = Edition::ALL
            .iter()
            .map(|&e| {
                cell_columns(e)
                    .iter()
                    .map(|c| index.get(c.path.as_str()).copied().unwrap_or(usize::MAX))
                    .collect()
            })
            .collect();
        Aligner {
            width: columns.len(),
            places,
        }
    }

    /// The report's cells in the order of the columns: `None` where its edition has no such
    /// cell.
    pub(crate) fn row<'r>(&self, r: &'r Report) -> Vec<Option<&'r Cell>> {
        let mut row = vec![None; self.width];
        let places = &self.places[edition_index(r.edition)];
        for (&at, (cell, _)) in places.iter().zip(report_cells(r)) {
            if let Some(slot) = row.get_mut(at) {
                *slot = cell;
            }
        }
        row
    }
}

/// Several reports, one per line, one column per cell of the editions they use. Each line is
/// a part ([`super::parts`]), taken from the previous file of `asm` when kept there.
pub fn reports_csv(reports: &[&Report], asm: Assembly) -> String {
    let mut out = Vec::with_capacity(reports.len() * 1024 + 4096);
    write_reports_csv(&mut out, reports, asm).expect("writing into memory");
    String::from_utf8(out).expect("the CSV is UTF-8")
}

/// The layout of a reports CSV of `reports` (its columns), for [`super::parts`].
pub fn reports_csv_variant(reports: &[&Report]) -> String {
    let editions: Vec<&str> = Edition::ALL
        .iter()
        .filter(|&&e| reports.iter().any(|r| r.edition == e))
        .map(|e| e.id())
        .collect();
    format!("reports-csv {}", editions.join(","))
}

/// [`reports_csv`] written piece by piece: the file of every report is tens of megabytes on a
/// large portal (its Excel copy is this file after a byte-order mark, see
/// [`super::Body::CopyOf`]).
pub fn write_reports_csv(
    w: &mut dyn std::io::Write,
    reports: &[&Report],
    mut asm: Assembly,
) -> std::io::Result<()> {
    let columns = union_columns(reports);
    let align = Aligner::new(&columns);
    let mut head = String::new();
    header(&mut head, columns.iter().copied());
    w.write_all(head.as_bytes())?;
    asm.skip(head.len());
    asm.write_parts(
        w,
        reports,
        |asm, r| asm.key_of(&r.file, b""),
        |r| {
            let mut line = String::with_capacity(2048);
            report_line(&mut line, r, align.row(r));
            line.into_bytes()
        },
    )?;
    asm.finish();
    Ok(())
}

/// A table's short name, as the sheets of the Excel file and the long CSV call it: 表三.
pub fn table_name(t: TableId) -> String {
    format!("表{}", table_numeral(t))
}

/// The "tidy" long CSV for analysts: one line per cell of every report (年度, 部门标识, 单元格,
/// 值), so a pivot table or `group by` needs no reshaping. Blank cells are empty. A cell is
/// named by its number in [`cells_csv`] (its table, row and column there): the labels written
/// out on every line were 14.7 KB a report and most of the file, which every edit rewrites.
/// Written report by report: for a large portal the file is larger than the memory a build
/// should take.
pub fn write_long_csv(
    w: &mut dyn std::io::Write,
    reports: &[&Report],
    mut asm: Assembly,
) -> std::io::Result<()> {
    let mut head = String::new();
    record(&mut head, ["年度", "部门标识", "单元格", "值"]);
    w.write_all(head.as_bytes())?;
    asm.skip(head.len());
    asm.write_parts(
        w,
        reports,
        |asm, r| asm.key_of(&r.file, b""),
        |r| {
            let mut lines = String::with_capacity(8192);
            long_lines(&mut lines, r);
            lines.into_bytes()
        },
    )?;
    asm.finish();
    Ok(())
}

/// One report's lines of the long CSV.
fn long_lines(out: &mut String, r: &Report) {
    // The first two fields of each of the report's lines: only the cell and its value
    // differ from line to line.
    let mut who = String::new();
    let year = r.year.to_string();
    record(&mut who, [year.as_str(), &r.slug]);
    who.truncate(who.len() - 2);
    who.push(',');
    let first = first_cell_number(r.edition);
    let cells = cell_columns(r.edition).iter().zip(report_cells(r));
    for (n, (_, (cell, _))) in (first..).zip(cells) {
        out.push_str(&who);
        super::push_int(out, n);
        out.push(',');
        cell_field(out, cell);
        out.push_str("\r\n");
    }
}

/// The number of an edition's first cell in [`cells_csv`]: the cells of every edition are
/// numbered from 1, edition by edition in the order of [`Edition::ALL`], each in template order.
fn first_cell_number(edition: Edition) -> usize {
    let before = &Edition::ALL[..edition_index(edition)];
    1 + before.iter().map(|&e| cell_columns(e).len()).sum::<usize>()
}

/// What the long CSV's cell numbers stand for: 单元格 (the number), 版式, 表, 行, 列, 字段 (the
/// cell's key in the report JSON), one line per cell of every edition; with a byte-order mark,
/// so that Excel reads its Chinese.
pub fn cells_csv() -> Vec<u8> {
    let mut out = String::new();
    record(&mut out, ["单元格", "版式", "表", "行", "列", "字段"]);
    for &edition in Edition::ALL.iter() {
        let first = first_cell_number(edition);
        for (n, col) in (first..).zip(cell_columns(edition)) {
            let (n, table) = (n.to_string(), table_name(col.table));
            let fields = [
                n.as_str(),
                edition.id(),
                &table,
                &col.row,
                col.column,
                &col.path,
            ];
            record(&mut out, fields);
        }
    }
    with_bom(&out)
}

/// UTF-8's byte-order mark, which tells Excel the file is UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The Excel copy of a CSV: the same bytes after a UTF-8 byte-order mark.
pub fn with_bom(csv: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(csv.len() + 3);
    out.extend_from_slice(BOM);
    out.extend_from_slice(csv.as_bytes());
    out
}

/// The JSON Schema of a row of counts: one nullable integer (null: blank) per column.
fn counts_object<'a>(columns: impl Iterator<Item = (&'a str, &'a str)>) -> Json {
    let props: Map<String, Json> = columns
        .map(|(key, label)| {
            (
                key.to_string(),
                json!({"title": label, "type": ["integer", "null"]}),
            )
        })
        .collect();
    json!({"type": "object", "properties": props, "additionalProperties": false})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_unique_and_labelled_from_the_schema() {
        for e in [Edition::E2021, Edition::E2019] {
            let cols = cell_columns(e);
            let mut paths: Vec<_> = cols.iter().map(|c| c.path.as_str()).collect();
            paths.sort();
            paths.dedup();
            assert_eq!(paths.len(), cols.len());
            let mut labels: Vec<_> = cols.iter().map(|c| c.label.as_str()).collect();
            labels.sort();
            labels.dedup();
            assert_eq!(labels.len(), cols.len(), "{e:?}");
        }
        assert!(
            cell_columns(Edition::E2021)
                .iter()
                .any(|c| c.label == "三·本年新收·自然人")
        );
    }

    #[test]
    fn csv_fields_are_quoted() {
        let mut s = String::new();
        record(&mut s, ["a,b", "c\"d", "e"]);
        assert_eq!(s, "\"a,b\",\"c\"\"d\",e\r\n");
        assert_eq!(&with_bom("x")[..3], b"\xEF\xBB\xBF");
    }

    #[test]
    fn csv_fields_drop_control_and_invisible_characters() {
        let mut s = String::new();
        record(
            &mut s,
            ["甲\u{1b}乙\u{85}", "a\u{200b}b\u{feff}", "（全角）\u{ffff}"],
        );
        assert_eq!(s, "甲乙,ab,（全角）\r\n");
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        let mut s = String::new();
        record(
            &mut s,
            [
                "=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "-3", "+1.5", "-0.25", "甲=1",
            ],
        );
        assert_eq!(
            s,
            "\"'=1+1\",\"'+cmd\",\"'-2+3\",\"'@SUM(A1)\",\"'\tx\",-3,+1.5,-0.25,甲=1\r\n"
        );
    }
}
