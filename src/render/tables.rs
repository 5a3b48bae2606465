//! Tables 二, 三 and 四 as HTML, laid out as the template prints them: merged header cells as
//! rowspan/colspan, every header a `<th>` with an id and every data cell naming its row and
//! column headers (`headers`), so a screen reader announces both. Built from the schema, never
//! from labels written here. Computed totals are marked, blank cells stay blank and `[notes]`
//! become footnotes under the table. Given last year's report, each cell also carries the
//! comparison with it, shown only in the page's 与上年对比 view (see `compare`).

use super::compare::{Change, LastYear};
use super::{esc, esc_into};
use crate::content::{ApplicationValues, Cell, Report, ValueRef};
use crate::schema::{
    self, ACTIVE_CONTENT_HEADER, APPLICANT_COLUMNS, APPLICANT_HEADER, APPLICANT_TOTAL,
    APPLICATIONS_CORNER, ApplicationRow, Edition, RESULTS_HEADING, REVIEW_COLUMNS, REVIEW_GROUPS,
    TableId,
};
use std::fmt::Write as _;
use std::sync::OnceLock;

/// Footnotes of one table: `[notes]` entries in the order their cells appear.
struct Notes<'r> {
    prefix: &'static str,
    items: Vec<&'r str>,
}

impl<'r> Notes<'r> {
    fn new(prefix: &'static str) -> Self {
        Notes {
            prefix,
            items: vec![],
        }
    }

    /// The reference mark for a note, if the report has one on `path` (made only when the report
    /// has notes at all: most have none).
    fn mark(&mut self, report: &'r Report, path: impl FnOnce() -> String) -> String {
        if report.notes.is_empty() {
            return String::new();
        }
        let Some(note) = report.note(&path()) else {
            return String::new();
        };
        self.items.push(note);
        let n = self.items.len();
        format!(
            "<sup class=\"fnref\"><a href=\"#{p}-n{n}\" id=\"{p}-r{n}\" aria-label=\"注{n}\">[{n}]</a></sup>",
            p = self.prefix
        )
    }

    fn finish(self, out: &mut String) {
        if self.items.is_empty() {
            return;
        }
        out.push_str("<ol class=\"table-notes\">");
        for (i, note) in self.items.iter().enumerate() {
            let n = i + 1;
            let _ = write!(
                out,
                "<li id=\"{p}-n{n}\">{} <a href=\"#{p}-r{n}\" aria-label=\"返回表格\">↩</a></li>",
                esc(note),
                p = self.prefix
            );
        }
        out.push_str("</ol>");
    }
}

/// Whether any cell was computed, to print the legend once.
#[derive(Default)]
struct Legend {
    computed: bool,
}

impl Legend {
    fn finish(self, out: &mut String) {
        if self.computed {
            out.push_str(
                "<p class=\"table-legend\"><span class=\"computed-mark\" aria-hidden=\"true\">*</span> 报告未列出该总计，由各列相加得出（计算值）。</p>",
            );
        }
    }
}

/// The scrollable region, the table and its caption (表N and the section title).
pub fn open_table(out: &mut String, table: TableId, class: &str) {
    let section = schema::section_of(table);
    let _ = write!(
        out,
        "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"{k}-caption\" tabindex=\"0\"><table class=\"report-table {class}\" id=\"table-{k}\"><caption id=\"{k}-caption\">表{n}　{t}</caption>",
        k = section.key,
        n = section.numeral,
        t = esc(section.title),
    );
}

/// One data cell. `headers` are the ids of its header cells, in order; `change` how it compares
/// with last year (its class and spans, for the comparison view), `percent` whether that view
/// gives the change in per cent too.
#[allow(clippy::too_many_arguments)]
fn td(
    out: &mut String,
    cell: Option<&Cell>,
    headers: &[&str],
    span: usize,
    computed: bool,
    mark: &str,
    legend: &mut Legend,
    change: Option<(Change, bool)>,
) {
    // Counts are right-aligned by the stylesheet; only other cells carry a class. End tags of
    // cells are optional in HTML and left out: a large site has millions of cells.
    let class = match cell.map(Cell::value) {
        None => "missing",
        Some(ValueRef::Blank) => "blank",
        Some(ValueRef::Text(_)) => "text",
        Some(ValueRef::Count(_)) | Some(ValueRef::Decimal(_)) => "",
    };
    out.push_str("<td");
    if span > 1 {
        out.push_str(" colspan=\"");
        super::push_int(out, span);
        out.push('"');
    }
    push_headers(out, headers);
    let classes = [
        computed.then_some("computed"),
        (!class.is_empty()).then_some(class),
        change.as_ref().and_then(|(c, _)| c.class()),
    ];
    for (i, c) in classes.iter().flatten().enumerate() {
        out.push_str(if i == 0 { " class=\"" } else { " " });
        out.push_str(c);
    }
    if classes.iter().any(Option::is_some) {
        out.push('"');
    }
    out.push('>');
    push_cell(out, cell);
    if let Some((c, percent)) = &change {
        c.push_spans(out, *percent);
    }
    if computed {
        legend.computed = true;
        out.push_str(
            "<span class=\"computed-mark\" aria-hidden=\"true\">*</span><span class=\"vh\">（计算值）</span>",
        );
    }
    out.push_str(mark);
}

/// ` headers="a b c"`.
fn push_headers(out: &mut String, ids: &[&str]) {
    out.push_str(" headers=\"");
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(id);
    }
    out.push('"');
}

/// A cell's text as printed, escaped (blank and missing cells: nothing).
fn push_cell(out: &mut String, cell: Option<&Cell>) {
    match cell.map(Cell::value) {
        Some(ValueRef::Count(n)) => super::push_int(out, n),
        Some(ValueRef::Decimal(s)) | Some(ValueRef::Text(s)) => esc_into(out, s),
        Some(ValueRef::Blank) | None => {}
    }
}

/// Table 二 — 主动公开政府信息情况: a block per 条例 clause, each with its own header row;
/// compared with `last` year's when given (with the change in per cent).
pub fn active(report: &Report, mut last: Option<&mut LastYear>) -> String {
    let mut out = String::with_capacity(4096);
    let mut notes = Notes::new("t2");
    let mut legend = Legend::default();
    let width = schema::active_rows(report.edition)
        .iter()
        .map(|r| r.fields.len())
        .max()
        .unwrap_or(1);
    open_table(&mut out, TableId::Active, "t2");
    let rows: Vec<_> = report.active_rows().collect();
    let mut b = 0;
    let mut i = 0;
    while i < rows.len() {
        let block = rows[i].0.block;
        let fields = rows[i].0.fields;
        b += 1;
        let bid = format!("b{b}");
        let _ = write!(
            out,
            "<tbody><tr><th id=\"{bid}\" colspan=\"{}\" scope=\"colgroup\" class=\"block\">{}</th></tr><tr><th id=\"{bid}h\" scope=\"col\" headers=\"{bid}\">{}</th>",
            width + 1,
            esc(block),
            esc(ACTIVE_CONTENT_HEADER)
        );
        for (j, f) in fields.iter().enumerate() {
            let span = if j + 1 == fields.len() {
                width - fields.len() + 1
            } else {
                1
            };
            let colspan = if span > 1 {
                format!(" colspan=\"{span}\"")
            } else {
                String::new()
            };
            let _ = write!(
                out,
                "<th id=\"{bid}f{j}\" scope=\"col\" headers=\"{bid}\"{colspan}>{}</th>",
                esc(f.label)
            );
        }
        out.push_str("</tr>");
        let field_ids: Vec<String> = (0..fields.len()).map(|j| format!("{bid}f{j}")).collect();
        while i < rows.len() && rows[i].0.block == block {
            let (row, cells) = rows[i];
            let rid = format!("s{i}");
            let _ = write!(
                out,
                "<tr><th id=\"{rid}\" scope=\"row\" headers=\"{bid}h\">{}</th>",
                esc(row.label)
            );
            for (j, f) in row.fields.iter().enumerate() {
                let span = if j + 1 == row.fields.len() {
                    width - row.fields.len() + 1
                } else {
                    1
                };
                let cell = cells.and_then(|c| c.get(j));
                let mark = notes.mark(report, || row.path(f));
                let headers = [bid.as_str(), &field_ids[j], &rid];
                let change = last
                    .as_deref_mut()
                    .map(|l| (l.change(&row.path(f), "", cell), true));
                td(
                    &mut out,
                    cell,
                    &headers,
                    span,
                    false,
                    &mark,
                    &mut legend,
                    change,
                );
            }
            out.push_str("</tr>");
            i += 1;
        }
        out.push_str("</tbody>");
    }
    out.push_str("</table></div>");
    legend.finish(&mut out);
    notes.finish(&mut out);
    out
}

/// Table 三 — 收到和处理政府信息公开申请情况, with the template's merged cells: the corner over
/// three label columns, 申请人情况 over seven columns, 法人或其他组织 over five, 三、本年度办理结果
/// and （三）…（六） spanning their rows; compared with `last` year's when given.
pub fn applications(report: &Report, mut last: Option<&mut LastYear>) -> String {
    let mut out = String::with_capacity(24 * 1024);
    let mut notes = Notes::new("t3");
    let mut legend = Legend::default();
    open_table(&mut out, TableId::Applications, "t3");
    let col_headers = applications_head(&mut out);
    out.push_str("<tbody>");
    let rows: Vec<_> = report.application_rows().collect();
    let mut results = ResultsHeading {
        rows: rows.iter().filter(|(r, _)| r.under_results()).count(),
        open: false,
    };
    let heads = application_row_heads(report.edition);
    for (r, (row, values)) in rows.iter().enumerate() {
        out.push_str("<tr>");
        let mark = notes.mark(report, || row.path());
        let made;
        let row_headers: &str = match heads.get(r) {
            Some((html, ids)) if mark.is_empty() => {
                out.push_str(html);
                results.open |= row.under_results();
                ids
            }
            _ => {
                let rid = format!("r{r}");
                made = application_row_header(&mut out, &rows, row, &rid, &mark, &mut results);
                &made
            }
        };
        let prefix = if last.is_some() {
            row.path()
        } else {
            String::new()
        };
        for (i, col) in APPLICANT_COLUMNS.iter().enumerate() {
            let cell = values.map(|v| &v.cells[i]);
            let computed = i == APPLICANT_TOTAL && values.is_some_and(|v| v.total_computed);
            let mark = notes.mark(report, || format!("{}.{}", row.path(), col.key));
            let headers = [row_headers, &col_headers[i]];
            let change = last
                .as_deref_mut()
                .map(|l| (l.change(&prefix, col.key, cell), false));
            td(
                &mut out,
                cell,
                &headers,
                1,
                computed,
                &mark,
                &mut legend,
                change,
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    legend.finish(&mut out);
    notes.finish(&mut out);
    out
}

/// The header cells of each row of table 三 of an edition and the row's `headers` ids, as
/// [`application_row_header`] writes them for a row without a note mark: the same on every page
/// of the edition, so made once (they were made anew for every row of every page).
fn application_row_heads(edition: Edition) -> &'static [(String, String)] {
    static HEADS: [OnceLock<Vec<(String, String)>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let at = Edition::ALL.iter().position(|e| *e == edition).unwrap_or(0);
    HEADS[at].get_or_init(|| {
        let rows: Vec<(&ApplicationRow, Option<&ApplicationValues>)> =
            schema::application_rows(edition)
                .map(|r| (r, None))
                .collect();
        let mut results = ResultsHeading {
            rows: rows.iter().filter(|(r, _)| r.under_results()).count(),
            open: false,
        };
        (rows.iter().enumerate())
            .map(|(r, (row, _))| {
                let mut html = String::new();
                let rid = format!("r{r}");
                let ids = application_row_header(&mut html, &rows, row, &rid, "", &mut results);
                (html, ids)
            })
            .collect()
    })
}

/// The three header rows of table 三 (the same on every page: made once); returns each column's
/// `headers` ids.
pub fn applications_head(out: &mut String) -> &'static [String] {
    static HEAD: OnceLock<(String, Vec<String>)> = OnceLock::new();
    let (html, ids) = HEAD.get_or_init(|| {
        let mut html = String::new();
        let ids = make_applications_head(&mut html);
        (html, ids)
    });
    out.push_str(html);
    ids
}

fn make_applications_head(out: &mut String) -> Vec<String> {
    let _ = write!(
        out,
        "<thead><tr><th id=\"t3-corner\" class=\"corner\" colspan=\"3\" rowspan=\"3\" scope=\"col\">{}</th><th id=\"a\" colspan=\"{}\" scope=\"colgroup\">{}</th></tr><tr>",
        esc(APPLICATIONS_CORNER),
        APPLICANT_COLUMNS.len(),
        esc(APPLICANT_HEADER)
    );
    let mut col_headers = Vec::with_capacity(APPLICANT_COLUMNS.len());
    let mut third = String::new();
    for (i, c) in APPLICANT_COLUMNS.iter().enumerate() {
        let cid = format!("c{i}");
        match c.group {
            None => {
                let _ = write!(
                    out,
                    "<th id=\"{cid}\" rowspan=\"2\" scope=\"col\" headers=\"a\">{}</th>",
                    esc(c.label)
                );
                col_headers.push(format!("a {cid}"));
            }
            Some(group) => {
                let first = APPLICANT_COLUMNS
                    .iter()
                    .position(|o| o.group == Some(group))
                    .unwrap_or(i);
                let gid = format!("l{first}");
                if first == i {
                    let span = APPLICANT_COLUMNS
                        .iter()
                        .filter(|o| o.group == Some(group))
                        .count();
                    let _ = write!(
                        out,
                        "<th id=\"{gid}\" colspan=\"{span}\" scope=\"colgroup\" headers=\"a\">{}</th>",
                        esc(group)
                    );
                }
                let _ = write!(
                    third,
                    "<th id=\"{cid}\" scope=\"col\" headers=\"a {gid}\">{}</th>",
                    esc(c.label)
                );
                col_headers.push(format!("a {gid} {cid}"));
            }
        }
    }
    let _ = write!(out, "</tr><tr>{third}</tr></thead>");
    col_headers
}

/// 三、本年度办理结果, which spans the result rows: how many, and whether its cell is written.
pub struct ResultsHeading {
    pub rows: usize,
    pub open: bool,
}

/// The header cells of one row of table 三 (its label; before the first result row the
/// 本年度办理结果 cell, before the first row of a group the group's cell); returns the row's
/// `headers` ids.
pub fn application_row_header(
    out: &mut String,
    rows: &[(&ApplicationRow, Option<&ApplicationValues>)],
    row: &ApplicationRow,
    rid: &str,
    mark: &str,
    results: &mut ResultsHeading,
) -> String {
    let mut row_headers = String::new();
    if !row.under_results() {
        let _ = write!(
            out,
            "<th id=\"{rid}\" colspan=\"3\" scope=\"row\" class=\"lv0\">{}{mark}</th>",
            esc(row.label)
        );
    } else {
        if !results.open {
            results.open = true;
            let _ = write!(
                out,
                "<th id=\"x\" rowspan=\"{}\" scope=\"rowgroup\" class=\"lv0\">{}</th>",
                results.rows,
                esc(RESULTS_HEADING)
            );
        }
        row_headers.push_str("x ");
        match row.group {
            Some(g) => {
                let members: Vec<_> = rows
                    .iter()
                    .filter(|(r, _)| r.group.is_some_and(|rg| rg.key == g.key))
                    .collect();
                // By the position of its first row: a cell names it, and short ids keep pages small.
                let first = rows
                    .iter()
                    .position(|(r, _)| r.group.is_some_and(|rg| rg.key == g.key))
                    .unwrap_or(0);
                let gid = format!("g{first}");
                if members.first().is_some_and(|(r, _)| r.key == row.key) {
                    let _ = write!(
                        out,
                        "<th id=\"{gid}\" rowspan=\"{}\" scope=\"rowgroup\" class=\"lv1\">{}</th>",
                        members.len(),
                        esc(g.label)
                    );
                }
                let _ = write!(row_headers, "{gid} ");
                let _ = write!(
                    out,
                    "<th id=\"{rid}\" scope=\"row\" class=\"lv2\">{}{mark}</th>",
                    esc(row.label)
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<th id=\"{rid}\" colspan=\"2\" scope=\"row\" class=\"lv1\">{}{mark}</th>",
                    esc(row.label)
                );
            }
        }
    }
    row_headers.push_str(rid);
    row_headers
}

/// Table 四 — 政府信息公开行政复议、行政诉讼情况: one row of fifteen cells under three header rows;
/// compared with `last` year's when given.
pub fn review(report: &Report, mut last: Option<&mut LastYear>) -> String {
    let mut out = String::with_capacity(8 * 1024);
    let mut notes = Notes::new("t4");
    let mut legend = Legend::default();
    open_table(&mut out, TableId::ReviewLitigation, "t4");
    let col_headers = review_head(&mut out);
    out.push_str("<tbody><tr>");
    let mut k = 0;
    for (g, values) in report.review_groups() {
        let prefix = if last.is_some() {
            g.path()
        } else {
            String::new()
        };
        for (j, c) in REVIEW_COLUMNS.iter().enumerate() {
            let cell = values.map(|v| &v.cells[j]);
            let mark = notes.mark(report, || format!("{}.{}", g.path(), c.key));
            let headers = [col_headers[k].as_str()];
            let change = last
                .as_deref_mut()
                .map(|l| (l.change(&prefix, c.key, cell), false));
            td(
                &mut out,
                cell,
                &headers,
                1,
                false,
                &mark,
                &mut legend,
                change,
            );
            k += 1;
        }
    }
    out.push_str("</tr></tbody></table></div>");
    legend.finish(&mut out);
    notes.finish(&mut out);
    out
}

/// The three header rows of table 四 (行政复议; 行政诉讼 over its two kinds; the five result
/// columns under each; the same on every page: made once); returns each column's `headers` ids.
pub fn review_head(out: &mut String) -> &'static [String] {
    static HEAD: OnceLock<(String, Vec<String>)> = OnceLock::new();
    let (html, ids) = HEAD.get_or_init(|| {
        let mut html = String::new();
        let ids = make_review_head(&mut html);
        (html, ids)
    });
    out.push_str(html);
    ids
}

fn make_review_head(out: &mut String) -> Vec<String> {
    out.push_str("<thead><tr>");
    let mut second = String::new();
    let mut third = String::new();
    let mut col_headers = vec![];
    let mut i = 0;
    while i < REVIEW_GROUPS.len() {
        let kind = REVIEW_GROUPS[i].kind;
        let members: Vec<_> = REVIEW_GROUPS[i..]
            .iter()
            .take_while(|g| g.kind == kind)
            .collect();
        let kid = format!("k{i}");
        let n = REVIEW_COLUMNS.len();
        if members.len() == 1 && members[0].sub.is_none() {
            let _ = write!(
                out,
                "<th id=\"{kid}\" colspan=\"{n}\" rowspan=\"2\" scope=\"colgroup\">{}</th>",
                esc(kind)
            );
        } else {
            let _ = write!(
                out,
                "<th id=\"{kid}\" colspan=\"{}\" scope=\"colgroup\">{}</th>",
                n * members.len(),
                esc(kind)
            );
        }
        for (m, g) in members.iter().enumerate() {
            // Ids by position, not by key: a cell names three of them.
            let gid = format!("m{}", i + m);
            let mut group_headers = kid.clone();
            if let Some(sub) = g.sub {
                let _ = write!(
                    second,
                    "<th id=\"{gid}\" colspan=\"{n}\" scope=\"colgroup\" headers=\"{kid}\">{}</th>",
                    esc(sub)
                );
                group_headers = format!("{kid} {gid}");
            }
            for c in &REVIEW_COLUMNS {
                let cid = format!("n{}", col_headers.len());
                let _ = write!(
                    third,
                    "<th id=\"{cid}\" scope=\"col\" headers=\"{group_headers}\">{}</th>",
                    esc(c.label)
                );
                col_headers.push(format!("{group_headers} {cid}"));
            }
        }
        i += members.len();
    }
    let _ = write!(out, "</tr><tr>{second}</tr><tr>{third}</tr></thead>");
    col_headers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse_report;
    use crate::schema::{ActiveRow, Edition, FieldKind, REVIEW_COLUMNS};
    use std::collections::BTreeSet;

    /// A report of `edition` written from the schema: table-三 cell (r, c) holds 100·r + c, so a
    /// cell in the wrong place shows; `rows` replaces whole rows of any table by key, `notes` is
    /// the body of `[notes]`.
    fn report(edition: Edition, rows: &[(&str, &str)], notes: &str) -> Report {
        let value = |key: &str, default: String| {
            rows.iter()
                .find(|(k, _)| *k == key)
                .map_or(default, |(_, v)| v.to_string())
        };
        let field = |f: FieldKind| match f {
            FieldKind::Decimal | FieldKind::Text => "\"1.5\"".to_string(),
            _ => "3".to_string(),
        };
        let mut s = format!(
            "+++\ndepartment = \"测试局\"\nyear = 2023\nedition = \"{}\"\n\n[active]\n",
            edition.id()
        );
        for row in schema::active_rows(edition) {
            let default = match row.fields {
                [f] if f.key.is_none() => field(f.kind),
                fields => {
                    let parts: Vec<String> = fields
                        .iter()
                        .map(|f| format!("{} = {}", f.key.unwrap(), field(f.kind)))
                        .collect();
                    format!("{{ {} }}", parts.join(", "))
                }
            };
            s += &format!("{} = {}\n", row.key, value(row.key, default));
        }
        s += "\n[applications]\n";
        for (r, row) in schema::application_rows(edition).enumerate() {
            let cells: Vec<String> = (0..7).map(|c| (100 * r + c).to_string()).collect();
            let default = format!("[{}]", cells.join(", "));
            s += &format!("{} = {}\n", row.key, value(row.key, default));
        }
        s += "\n[review_litigation]\n";
        for (g, group) in REVIEW_GROUPS.iter().enumerate() {
            let cells: Vec<String> = (0..5).map(|c| (10 * g + c).to_string()).collect();
            let default = format!("[{}]", cells.join(", "));
            s += &format!("{} = {}\n", group.key, value(group.key, default));
        }
        s += &format!("\n[notes]\n{notes}\n+++\n\n## 一、总体情况\n\n无。\n");
        let parsed = parse_report("content/2023/a.md", s.as_bytes(), Some(2023), "a");
        parsed.report.expect("the test report parses")
    }

    /// The values of an attribute on every element of one tag, in document order.
    fn attrs<'h>(html: &'h str, tag: &str, attr: &str) -> Vec<&'h str> {
        html.split(&format!("<{tag}"))
            .skip(1)
            .filter_map(|el| {
                let el = &el[..el.find('>').unwrap_or(el.len())];
                let at = el.find(&format!(" {attr}=\""))? + attr.len() + 3;
                Some(&el[at..at + el[at..].find('"')?])
            })
            .collect()
    }

    /// The text of every data cell (end tags are left out, so a cell ends at the next tag).
    fn cells(html: &str) -> Vec<&str> {
        html.split("<td")
            .skip(1)
            .map(|c| {
                let c = &c[c.find('>').unwrap() + 1..];
                &c[..c.find('<').unwrap_or(c.len())]
            })
            .collect()
    }

    #[test]
    fn every_data_cell_names_header_cells_of_its_table() {
        for edition in [Edition::E2019, Edition::E2021] {
            let r = report(edition, &[], "");
            for html in [active(&r, None), applications(&r, None), review(&r, None)] {
                let ids: BTreeSet<&str> = attrs(&html, "th", "id").into_iter().collect();
                let headers = attrs(&html, "td", "headers");
                assert!(!headers.is_empty());
                for h in headers.iter().flat_map(|h| h.split(' ')) {
                    assert!(ids.contains(h), "{}: `{h}` is no header id", edition.id());
                }
            }
        }
    }

    #[test]
    fn table_three_puts_each_cell_under_its_row_and_column() {
        for edition in [Edition::E2019, Edition::E2021] {
            let r = report(edition, &[], "");
            let html = applications(&r, None);
            let rows = schema::application_rows(edition).count();
            let expected: Vec<String> = (0..rows)
                .flat_map(|r| (0..7).map(move |c| (100 * r + c).to_string()))
                .collect();
            assert_eq!(cells(&html), expected, "{}", edition.id());
            // 三、本年度办理结果 spans exactly the result rows of the edition.
            let results = schema::application_rows(edition)
                .filter(|r| r.under_results())
                .count();
            assert!(html.contains(&format!("id=\"x\" rowspan=\"{results}\"")));
        }
    }

    #[test]
    fn other_handling_is_one_row_in_2019_and_a_group_of_three_in_2021() {
        let group = format!(
            "rowspan=\"3\" scope=\"rowgroup\" class=\"lv1\">{}</th>",
            schema::OTHER.label
        );
        assert!(!applications(&report(Edition::E2019, &[], ""), None).contains(&group));
        assert!(applications(&report(Edition::E2021, &[], ""), None).contains(&group));
    }

    #[test]
    fn a_computed_total_is_marked_and_explained_once() {
        let r = report(Edition::E2021, &[("new", "[1, 2, 0, 0, 0, 4]")], "");
        let html = applications(&r, None);
        let computed: Vec<&str> = attrs(&html, "td", "class")
            .into_iter()
            .filter(|c| c.contains("computed"))
            .collect();
        assert_eq!(computed, ["computed"]);
        assert_eq!(cells(&html)[6], "7");
        assert_eq!(html.matches("class=\"table-legend\"").count(), 1);
        let printed = applications(&report(Edition::E2021, &[], ""), None);
        assert!(!printed.contains("computed") && !printed.contains("table-legend"));
    }

    #[test]
    fn a_blank_cell_stays_blank() {
        let r = report(Edition::E2021, &[("new", "[1, \"\", 0, 0, 0, 0, 1]")], "");
        let html = applications(&r, None);
        assert_eq!(&cells(&html)[..3], ["1", "", "0"]);
        assert_eq!(attrs(&html, "td", "class"), ["blank"]);
    }

    #[test]
    fn notes_become_numbered_escaped_footnotes_in_cell_order() {
        let notes = "\"applications.total.natural\" = \"second <b>\"\n\
                     \"applications.new\" = \"first & row\"";
        let html = applications(&report(Edition::E2021, &[], notes), None);
        let marks = attrs(&html, "a", "id");
        assert_eq!(marks, ["t3-r1", "t3-r2"]);
        let first = html.find("id=\"t3-r1\"").unwrap();
        assert!(first < html.find("id=\"t3-r2\"").unwrap());
        assert!(html.contains("<li id=\"t3-n1\">first &amp; row "));
        assert!(html.contains("<li id=\"t3-n2\">second &lt;b&gt; "));
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn table_four_is_one_row_of_every_group_and_column() {
        let html = review(&report(Edition::E2021, &[], ""), None);
        let expected: Vec<String> = (0..REVIEW_GROUPS.len())
            .flat_map(|g| (0..REVIEW_COLUMNS.len()).map(move |c| (10 * g + c).to_string()))
            .collect();
        assert_eq!(cells(&html), expected);
        assert_eq!(html.matches("<tbody><tr>").count(), 1);
    }

    #[test]
    fn table_two_has_a_block_per_clause_and_keeps_amounts_as_written() {
        for edition in [Edition::E2019, Edition::E2021] {
            let html = active(&report(edition, &[], ""), None);
            let rows: &[ActiveRow] = schema::active_rows(edition);
            let row_headers = attrs(&html, "th", "scope")
                .into_iter()
                .filter(|s| *s == "row")
                .count();
            assert_eq!(row_headers, rows.len(), "{}", edition.id());
            assert!(cells(&html).contains(&"1.5"));
        }
    }
}
