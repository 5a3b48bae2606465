//! The downloads of the supervision view: every finding of every report (CSV, its Excel copy,
//! JSON), placed by the schema's labels, and every body's publication record (CSV).

use super::{Renderer, Status, Supervision, body_row};
use crate::control_chars::strip_owned;
use crate::diagnostics::Diagnostic;
use crate::render::data;
use crate::schema::{self, Edition, Severity};
use crate::site::model::Model;
use serde::Serialize;
use std::io::Write as _;

/// One finding as the downloads give it.
#[derive(Serialize)]
pub(super) struct FindingRow {
    year: i32,
    slug: String,
    body: String,
    rule: &'static str,
    severity: Severity,
    /// The table's section heading ("三、收到和处理政府信息公开申请情况"), when the finding is
    /// about a table.
    table: String,
    row: String,
    column: String,
    message: String,
    file: String,
    line: Option<u32>,
}

/// Every finding of every published report, by year and department order.
pub(super) fn finding_rows<'m>(m: &'m Model) -> impl Iterator<Item = FindingRow> + 'm {
    let lang = m.site.config.lang();
    m.years.iter().flat_map(|y| &y.reports).flat_map(move |&i| {
        let info = &m[i];
        let rep = info.report;
        // The JSON download carries names and messages as they are written: without bidi or
        // zero-width characters (F-INVISIBLE), as every output (the CSV's records drop them).
        let body = strip_owned(
            m.department(&rep.slug)
                .map_or(rep.department.clone(), |d| d.name.clone()),
        );
        info.findings.iter().map(move |d| {
            let (table, row, column) = place_of(rep.edition, d);
            FindingRow {
                year: rep.year,
                slug: rep.slug.clone(),
                body: body.clone(),
                rule: d.rule.code(),
                severity: d.severity(),
                table,
                row,
                column,
                message: strip_owned(d.message.text(lang)),
                file: d.file.clone(),
                line: d.line,
            }
        })
    })
}

/// The table, row and column a finding is about, named by the schema's labels; empty where the
/// finding is not about a cell.
fn place_of(edition: Edition, d: &Diagnostic) -> (String, String, String) {
    let Some(path) = d.cell.as_deref() else {
        return Default::default();
    };
    let Some(section) = path
        .split('.')
        .next()
        .and_then(|t| schema::TableId::ALL.into_iter().find(|id| id.key() == t))
        .map(schema::section_of)
    else {
        return Default::default();
    };
    let columns = data::cell_columns(edition);
    let exact = columns.iter().find(|c| c.path == path);
    let within = || {
        let prefix = format!("{path}.");
        columns.iter().find(|c| c.path.starts_with(&prefix))
    };
    let mut parts = exact
        .or_else(within)
        .map(|c| {
            c.label
                .splitn(3, '·')
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    if exact.is_none() {
        // A whole row: keep the row, not the first column.
        parts.truncate(2);
    }
    let mut parts = parts.into_iter().skip(1);
    (
        section.heading(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    )
}

/// The CSV headers, in the order of [`FindingRow`]'s fields.
const CSV_HEADERS: [&str; 11] = [
    "年度",
    "部门标识",
    "单位",
    "规则",
    "级别",
    "表",
    "行",
    "列",
    "说明",
    "文件",
    "行号",
];

/// The findings CSV, written as it is made: a buffer's worth at a time (its Excel copy is this
/// file after a byte-order mark, see [`super::Body::CopyOf`]).
pub(super) fn write_findings_csv(w: &mut dyn std::io::Write, m: &Model) -> std::io::Result<()> {
    let mut out = String::with_capacity(BUFFER + 1024);
    data::record(&mut out, CSV_HEADERS);
    for f in finding_rows(m) {
        finding_record(&mut out, &f);
        if out.len() >= BUFFER {
            w.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    w.write_all(out.as_bytes())
}

/// One finding's line of the CSV.
fn finding_record(out: &mut String, f: &FindingRow) {
    let year = f.year.to_string();
    let line = f.line.map(|l| l.to_string()).unwrap_or_default();
    let severity = match f.severity {
        Severity::Error => "错误",
        Severity::Warning => "提示",
    };
    data::record(
        out,
        [
            year.as_str(),
            &f.slug,
            &f.body,
            f.rule,
            severity,
            &f.table,
            &f.row,
            &f.column,
            &f.message,
            &f.file,
            &line,
        ],
    );
}

/// What a streamed download gathers before writing.
const BUFFER: usize = 64 * 1024;

/// The findings as a JSON array (as `serde_json::to_string_pretty` writes a list), and a line end.
pub(super) fn write_findings_json(w: &mut dyn std::io::Write, m: &Model) -> std::io::Result<()> {
    /// The rows serialized as a sequence, one at a time.
    struct Rows<'m>(std::cell::RefCell<Option<Box<dyn Iterator<Item = FindingRow> + 'm>>>);
    impl Serialize for Rows<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let rows = self.0.borrow_mut().take().into_iter().flatten();
            s.collect_seq(rows)
        }
    }
    let mut buffered = std::io::BufWriter::with_capacity(BUFFER, w);
    let rows = Rows(std::cell::RefCell::new(Some(Box::new(finding_rows(m)))));
    serde_json::to_writer_pretty(&mut buffered, &rows)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// The headers of the status CSV: one line per body and year, as the year pages show them.
const STATUS_HEADERS: [&str; 12] = [
    "年度",
    "部门标识",
    "单位",
    "发布情况",
    "发布日期",
    "发布期限",
    "逾期天数",
    "使用版式",
    "应用版式",
    "错误",
    "提示",
    "问题规则",
];

/// Every body of every year: published or not, when, in which edition, with how many findings.
pub(super) fn status_csv(r: &Renderer, s: &Supervision) -> String {
    let mut out = String::new();
    data::record(&mut out, STATUS_HEADERS);
    for y in &s.years {
        for e in &y.entries {
            let b = body_row(r, y, e);
            let dept = &r.model[e.department];
            let rules: Vec<String> = b
                .rules
                .iter()
                .map(|x| format!("{}×{}", x.code, x.count))
                .collect();
            let (errors, warnings) = match e.report {
                Some(_) => (e.errors.to_string(), e.warnings.to_string()),
                None => (String::new(), String::new()),
            };
            let fields = [
                y.year.to_string(),
                dept.slug.clone(),
                b.name,
                e.status.label().to_string(),
                e.published.map(|d| d.to_string()).unwrap_or_default(),
                y.deadline.to_string(),
                if e.status == Status::Late {
                    b.days_late.to_string()
                } else {
                    String::new()
                },
                e.edition.map(|ed| ed.id().to_string()).unwrap_or_default(),
                y.edition.id().to_string(),
                errors,
                warnings,
                rules.join(" "),
            ];
            data::record(&mut out, fields.iter().map(String::as_str));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::RuleId;

    fn about(cell: Option<&str>) -> Diagnostic {
        let mut d = Diagnostic::new("x.md", RuleId::RCol, crate::msg!("file-empty"));
        d.cell = cell.map(String::from);
        d
    }

    #[test]
    fn findings_are_placed_by_the_schema_labels() {
        let place = |cell| place_of(Edition::E2021, &about(cell));
        let t3 = schema::section_of(schema::TableId::Applications).heading();
        assert_eq!(
            place(Some("applications.disclosed.total")),
            (t3.clone(), "予以公开".into(), "总计".into())
        );
        // A whole row: its table and row, no column.
        assert_eq!(
            place(Some("applications.carried_over")),
            (t3, "上年结转".into(), String::new())
        );
        let t4 = schema::section_of(schema::TableId::ReviewLitigation).heading();
        assert_eq!(place(Some("review_litigation.review.total")).0, t4);
        assert_eq!(place(Some("edition")), Default::default());
        assert_eq!(place(None), Default::default());
    }

    #[test]
    fn csv_has_a_header_and_one_line_per_finding() {
        let row = FindingRow {
            year: 2023,
            slug: "a".into(),
            body: "甲局".into(),
            rule: "R-COL",
            severity: Severity::Error,
            table: "三".into(),
            row: "予以公开".into(),
            column: "总计".into(),
            message: "总计 is 6, but 5".into(),
            file: "content/2023/a.md".into(),
            line: Some(12),
        };
        let mut csv = String::new();
        data::record(&mut csv, CSV_HEADERS);
        finding_record(&mut csv, &row);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], CSV_HEADERS.join(","));
        assert_eq!(
            lines[1],
            "2023,a,甲局,R-COL,错误,三,予以公开,总计,\"总计 is 6, but 5\",content/2023/a.md,12"
        );
    }
}
