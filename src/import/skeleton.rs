//! A new report's content file, as `gongkai new` and the editor's 新建报告 make it: every cell
//! 0, 上年结转 copied from last year's 结转下年度, 现行有效件数 from last year, the narrative
//! headings in place.

use super::{Imported, write};
use crate::content::{Report, Value, parse_report};
use crate::schema::{self, APPLICANT_COLUMNS, Edition, REVIEW_COLUMNS, REVIEW_GROUPS, RowRole};
use std::path::Path;

/// Last year's report of the department, if there is a file; an error if it cannot be read.
pub fn last_report(last_path: &Path, year: i32, slug: &str) -> Result<Option<Report>, Unreadable> {
    let Ok(bytes) = std::fs::read(last_path) else {
        return Ok(None);
    };
    let parsed = parse_report(&last_path.to_string_lossy(), &bytes, Some(year), slug);
    parsed.report.map(Some).ok_or(Unreadable)
}

/// Last year's file is there but is not a report that can be read.
#[derive(Debug)]
pub struct Unreadable;

/// The content file of a new report: [`skeleton`] written out, with the commented `published`
/// line for the editor.
pub fn text(year: i32, department: &str, last: Option<&Report>) -> String {
    let r = skeleton(year, department, last);
    published_placeholder(&write::content_file(&r, year, department, None), year)
}

/// The year's report with every cell 0, except what carries over from `last`: 上年结转 (from
/// 结转下年度) and 现行有效件数.
pub fn skeleton(year: i32, department: &str, last: Option<&Report>) -> Imported {
    let edition = Edition::for_year(year);
    let mut r = Imported {
        department: department.to_string(),
        year: Some(year),
        edition: Some(edition),
        ..Imported::default()
    };
    // 现行有效件数 carries over like 结转 (X-INFORCE): with nothing issued or repealed yet, it is
    // last year's figure.
    let (_, _, in_force) = schema::IN_FORCE_FIELDS;
    for row in schema::active_rows(edition) {
        let cells = row
            .fields
            .iter()
            .map(|f| match f.kind {
                schema::FieldKind::Decimal => Value::Decimal("0".into()),
                schema::FieldKind::Text => Value::Text(String::new()),
                _ if f.key == Some(in_force) && edition == Edition::E2021 => last
                    .filter(|l| l.edition == Edition::E2021)
                    .and_then(|l| l.active_cell(row.key, Some(in_force)))
                    .map(|c| c.to_value())
                    .unwrap_or(Value::Count(0)),
                _ => Value::Count(0),
            })
            .collect();
        r.active.push((row, Some(cells)));
    }
    let carried = last
        .and_then(|l| l.application_by_role(RowRole::CarriedForward))
        .map(|v| v.cells.iter().map(|c| c.to_value()).collect::<Vec<_>>());
    for row in schema::application_rows(edition) {
        let zeros = vec![Value::Count(0); APPLICANT_COLUMNS.len()];
        let v = match (row.role, &carried) {
            (RowRole::CarriedOver, Some(c)) => c.clone(),
            _ => zeros,
        };
        r.applications.push((row.key, Some(v)));
    }
    for g in &REVIEW_GROUPS {
        r.review
            .push((g.key, Some(vec![Value::Count(0); REVIEW_COLUMNS.len()])));
    }
    for s in schema::narrative_sections() {
        r.sections.push((s.key, vec![]));
    }
    r
}

/// The skeleton leaves the publication date to the editor: a commented `published` line under
/// `edition`, with the legal deadline beside it (S-PUBLISHED asks for it once that has passed).
fn published_placeholder(text: &str, year: i32) -> String {
    let deadline = schema::deadline(year);
    let line = format!(
        "# published = {}   # 发布后改为实际发布日期并去掉行首的 #；期限：{}（{}）\n",
        deadline.date, deadline.date, deadline.basis
    );
    match text
        .find("\nedition = ")
        .and_then(|i| text[i + 1..].find('\n').map(|j| i + 2 + j))
    {
        Some(end) => format!("{}{line}{}", &text[..end], &text[end..]),
        None => text.to_string(),
    }
}
