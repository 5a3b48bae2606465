//! The form, generated from the schema: tables 二, 三 and 四 laid out as the template prints
//! them (table 三 and 四 with the very header code of the public pages), an input per cell
//! named by its cell path and labelled with its table, row and column, the narrative sections as
//! text areas and 发布日期 as a date. An edition brings no form code of its own: its rows come
//! from `schema`, and `free` has no tables.

use super::edit::{CellPlace, HEADING_KEY, PREAMBLE_KEY, cell_places, current, shown};
use crate::content::Report;
use crate::i18n::{self, Lang};
use crate::render::esc;
use crate::render::tables::{
    ResultsHeading, application_row_header, applications_head, open_table, review_head,
};
use crate::schema::{
    self, ACTIVE_CONTENT_HEADER, APPLICANT_COLUMNS, APPLICANT_TOTAL, ApplicationRow, Edition,
    FieldKind, REVIEW_COLUMNS, REVIEW_GROUPS, TableId,
};
use std::collections::HashMap;
use std::fmt::Write as _;
use toml_edit::DocumentMut;

/// What a form is about.
pub struct FormInput<'a> {
    pub year: i32,
    pub slug: &'a str,
    pub department: &'a str,
    pub edition: Edition,
    /// The file's front matter (a new report: the skeleton's).
    pub doc: &'a DocumentMut,
    /// The file parsed, for computed totals and the narrative.
    pub report: Option<&'a Report>,
    /// The file's hash when the form was made (`new`: no file yet).
    pub base: &'a str,
    pub secret: &'a str,
    pub is_new: bool,
    /// The imported draft this form reviews (saved, it is written with its original).
    pub draft: Option<&'a str>,
    pub lang: Lang,
}

/// The report's sections that are not the template's narrative (text under 二, 三, 四, or a
/// heading of its own), with their place among the report's sections.
fn own_sections<'a>(
    f: &'a FormInput,
) -> impl Iterator<Item = (usize, &'a crate::content::NarrativeSection)> {
    f.report
        .into_iter()
        .flat_map(|r| r.narrative.sections.iter().enumerate())
        .filter(|(_, s)| s.key.is_none())
}

/// A text area for a section the template does not name, sent under its heading.
fn own_area(out: &mut String, i: usize, heading: &str, body: &str, lang: Lang) {
    let label = i18n::Msg::new("editor-section-text")
        .arg("heading", heading)
        .text(lang);
    let _ = write!(
        out,
        "<div class=\"narrative own\"><p><label for=\"s-own-{i}\">{label}</label></p><textarea id=\"s-own-{i}\" name=\"s-own-{i}\" data-section=\"{key}\" rows=\"4\">{text}</textarea></div>",
        label = esc(&label),
        key = esc(&format!("{HEADING_KEY}{heading}")),
        text = esc(body),
    );
}

/// The id of a cell's input (`c-applications-new-natural`).
pub fn input_id(path: &str) -> String {
    format!("c-{}", path.replace(['.', '_'], "-"))
}

struct Cells<'a> {
    places: HashMap<String, CellPlace>,
    doc: &'a DocumentMut,
    report: Option<&'a Report>,
}

impl Cells<'_> {
    /// The input of one cell, with its accessible name and the place its findings go.
    fn input(&self, out: &mut String, path: &str, label: &str) {
        let Some(place) = self.places.get(path) else {
            return;
        };
        let value = current(self.doc, place)
            .map(|v| shown(&v))
            .unwrap_or_default();
        let mode = match place.kind {
            FieldKind::Count => "numeric",
            FieldKind::SignedCount | FieldKind::Decimal => "decimal",
            FieldKind::Text => "text",
        };
        let id = input_id(path);
        let mut placeholder = String::new();
        if let Some(total) = self.computed_total(path) {
            placeholder = format!(" placeholder=\"{total}\"");
        }
        let _ = write!(
            out,
            "<input type=\"text\" id=\"{id}\" name=\"{p}\" data-cell=\"{p}\" inputmode=\"{mode}\" autocomplete=\"off\" value=\"{v}\"{placeholder} aria-label=\"{l}\" aria-describedby=\"f-{id}\"><span class=\"finding\" id=\"f-{id}\"></span>",
            p = esc(path),
            v = esc(&value),
            l = esc(label),
        );
    }

    /// A 总计 the file leaves out (a row of six values): what it is computed as.
    fn computed_total(&self, path: &str) -> Option<i64> {
        let rest = path.strip_prefix("applications.")?;
        let (row, col) = rest.rsplit_once('.')?;
        if col != APPLICANT_COLUMNS[APPLICANT_TOTAL].key {
            return None;
        }
        let v = self.report?.application(row)?;
        v.total_computed.then(|| v.cells[APPLICANT_TOTAL].num())
    }
}

/// The whole form page.
pub fn page(f: &FormInput, departments_select: &str) -> String {
    let lang = f.lang;
    let t = |id: &str| i18n::t(lang, id);
    let cells = Cells {
        places: cell_places(f.edition).into_iter().collect(),
        doc: f.doc,
        report: f.report,
    };
    let title = schema::default_title(f.department, f.year);
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!doctype html><html lang=\"{tag}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{h}：{title}</title><link rel=\"stylesheet\" href=\"{assets}editor.css\"></head><body><header class=\"bar\"><a href=\"/{y}/{s}/\">{back}</a></header><main><h1>{h}：{title}</h1>",
        tag = lang.tag(),
        h = esc(&t(if f.is_new {
            "editor-title-new"
        } else {
            "editor-title-edit"
        })),
        title = esc(&title),
        assets = super::ASSETS,
        y = f.year,
        s = esc(f.slug),
        back = esc(&t("editor-back")),
    );
    let _ = write!(
        out,
        "<form id=\"gongkai-editor\" method=\"post\" novalidate data-year=\"{y}\" data-slug=\"{s}\" data-base=\"{b}\" data-secret=\"{secret}\" data-new=\"{n}\" data-draft=\"{draft}\" data-edition=\"{ed}\"><p class=\"hint\">{hint}</p><div id=\"findings\" role=\"status\" aria-live=\"polite\"></div>",
        y = f.year,
        s = esc(f.slug),
        b = esc(f.base),
        secret = esc(f.secret),
        n = f.is_new,
        draft = esc(f.draft.unwrap_or("")),
        ed = f.edition.id(),
        hint = esc(&t("editor-hint")),
    );
    // The basics: the body (fixed by the file's place), the edition, 发布日期.
    let published = f
        .doc
        .get("published")
        .and_then(toml_edit::Item::as_value)
        .map(shown)
        .unwrap_or_default();
    let _ = write!(
        out,
        "<fieldset class=\"basics\"><legend>{legend}</legend><p><span class=\"k\">{dept}</span> {departments_select}</p><p><span class=\"k\">{year}</span> {y}</p>{edition_line}<p><label for=\"published\">{pub_label}</label> <input type=\"date\" id=\"published\" name=\"published\" value=\"{published}\" aria-describedby=\"f-published\"><span class=\"finding\" id=\"f-published\"></span></p></fieldset>",
        legend = esc(&t("editor-basics")),
        dept = esc(&t("editor-department")),
        year = esc(&t("editor-year")),
        y = f.year,
        edition_line = if f.is_new && f.draft.is_none() {
            String::new()
        } else {
            format!(
                "<p><span class=\"k\">{}</span> {}</p>",
                esc(&t("editor-edition")),
                esc(f.edition.describe())
            )
        },
        pub_label = esc(&t("editor-published")),
        published = esc(&published),
    );
    let sections = |out: &mut String, key: &str| {
        let Some(s) = schema::SECTIONS.iter().find(|s| s.key == key) else {
            return;
        };
        if let Some(table) = s.table() {
            if !f.edition.has_tables() {
                return;
            }
            let _ = write!(
                out,
                "<section class=\"table-section\"><h2>{}</h2>",
                esc(&s.heading())
            );
            match table {
                TableId::Active => active(out, &cells, f.edition),
                TableId::Applications => applications(out, &cells, f.edition),
                TableId::ReviewLitigation => review(out, &cells),
            }
            // The text the report has under this table's own heading (notes on the table).
            for (i, sec) in own_sections(f) {
                if sec.heading.contains(s.title) {
                    own_area(out, i, &sec.heading, &sec.body, lang);
                }
            }
            out.push_str("</section>");
        } else {
            let text = f
                .report
                .and_then(|r| r.narrative.section(s.key))
                .map(|n| n.body.as_str())
                .unwrap_or("");
            let _ = write!(
                out,
                "<section class=\"narrative\"><h2><label for=\"s-{k}\">{h}</label></h2><textarea id=\"s-{k}\" name=\"s-{k}\" data-section=\"{k}\" rows=\"8\" aria-describedby=\"f-s-{k}\">{text}</textarea><span class=\"finding\" id=\"f-s-{k}\"></span></section>",
                k = s.key,
                h = esc(&s.heading()),
                text = esc(text),
            );
        }
    };
    // The preamble: text before the first heading.
    let preamble = f
        .report
        .map_or("", |r| r.narrative.preamble.as_str())
        .trim();
    let _ = write!(
        out,
        "<section class=\"narrative\"><h2><label for=\"s-preamble\">{h}</label></h2><textarea id=\"s-preamble\" name=\"s-preamble\" data-section=\"{k}\" rows=\"3\">{text}</textarea></section>",
        h = esc(&t("editor-preamble")),
        k = PREAMBLE_KEY,
        text = esc(preamble),
    );
    for s in &schema::SECTIONS {
        sections(&mut out, s.key);
    }
    // Sections of the report's own (a heading the template does not have).
    let tables: Vec<&str> = schema::SECTIONS
        .iter()
        .filter(|s| s.table().is_some())
        .map(|s| s.title)
        .collect();
    for (i, sec) in own_sections(f) {
        if !tables.iter().any(|t| sec.heading.contains(t)) {
            own_area(&mut out, i, &sec.heading, &sec.body, lang);
        }
    }
    let _ = write!(
        out,
        "<p class=\"actions\"><button type=\"submit\" id=\"save\">{save}</button> <span id=\"save-status\" role=\"status\" aria-live=\"polite\"></span></p></form></main>",
        save = esc(&t("editor-save")),
    );
    let texts: serde_json::Map<String, serde_json::Value> = super::SCRIPT_TEXTS
        .iter()
        .map(|id| (id.to_string(), serde_json::Value::String(t(id))))
        .collect();
    let json = serde_json::to_string(&texts)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    let _ = write!(
        out,
        "<script type=\"application/json\" id=\"gongkai-editor-texts\">{json}</script><script src=\"{}editor.js\"></script></body></html>",
        super::ASSETS
    );
    out
}

/// "表三 （一）予以公开 · 自然人": a cell's accessible name.
fn label(table: TableId, row: &str, column: &str) -> String {
    format!("{} {row} · {column}", schema::table_name(table))
}

/// Table 二: a block per 条例 clause, each with its own header row, as the public page has it.
fn active(out: &mut String, cells: &Cells, edition: Edition) {
    open_table(out, TableId::Active, "t2 form");
    let rows = schema::active_rows(edition);
    let width = rows.iter().map(|r| r.fields.len()).max().unwrap_or(1);
    let mut i = 0;
    while i < rows.len() {
        let (block, fields) = (rows[i].block, rows[i].fields);
        let _ = write!(
            out,
            "<tbody><tr><th colspan=\"{}\" scope=\"colgroup\" class=\"block\">{}</th></tr><tr><th scope=\"col\">{}</th>",
            width + 1,
            esc(block),
            esc(ACTIVE_CONTENT_HEADER)
        );
        for (j, fl) in fields.iter().enumerate() {
            let span = if j + 1 == fields.len() {
                width - fields.len() + 1
            } else {
                1
            };
            let _ = write!(
                out,
                "<th scope=\"col\" colspan=\"{span}\">{}</th>",
                esc(fl.label)
            );
        }
        out.push_str("</tr>");
        while i < rows.len() && rows[i].block == block {
            let row = &rows[i];
            let _ = write!(out, "<tr><th scope=\"row\">{}</th>", esc(row.label));
            for (j, fl) in row.fields.iter().enumerate() {
                let span = if j + 1 == row.fields.len() {
                    width - row.fields.len() + 1
                } else {
                    1
                };
                let _ = write!(out, "<td colspan=\"{span}\">");
                cells.input(
                    out,
                    &row.path(fl),
                    &label(TableId::Active, row.label, fl.label),
                );
                out.push_str("</td>");
            }
            out.push_str("</tr>");
            i += 1;
        }
        out.push_str("</tbody>");
    }
    out.push_str("</table></div>");
}

/// Table 三 with the public page's merged headers.
fn applications(out: &mut String, cells: &Cells, edition: Edition) {
    open_table(out, TableId::Applications, "t3 form");
    applications_head(out);
    out.push_str("<tbody>");
    let rows: Vec<(&ApplicationRow, _)> = schema::application_rows(edition)
        .map(|r| (r, None))
        .collect();
    let mut results = ResultsHeading {
        rows: rows.iter().filter(|(r, _)| r.under_results()).count(),
        open: false,
    };
    for (r, (row, _)) in rows.iter().enumerate() {
        out.push_str("<tr>");
        application_row_header(out, &rows, row, &format!("t3r{r}"), "", &mut results);
        let row_label = match row.group {
            Some(g) => format!("{} {}", g.label, row.label),
            None => row.label.to_string(),
        };
        for col in &APPLICANT_COLUMNS {
            out.push_str("<td>");
            let path = format!("{}.{}", row.path(), col.key);
            cells.input(
                out,
                &path,
                &label(TableId::Applications, &row_label, col.label),
            );
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

/// Table 四: fifteen cells under the public page's three header rows.
fn review(out: &mut String, cells: &Cells) {
    open_table(out, TableId::ReviewLitigation, "t4 form");
    review_head(out);
    out.push_str("<tbody><tr>");
    for g in &REVIEW_GROUPS {
        for c in &REVIEW_COLUMNS {
            out.push_str("<td>");
            let path = format!("{}.{}", g.path(), c.key);
            cells.input(
                out,
                &path,
                &label(TableId::ReviewLitigation, &g.name(), c.label),
            );
            out.push_str("</td>");
        }
    }
    out.push_str("</tr></tbody></table></div>");
}
