//! 与上年对比: tables 二/三/四 of a report against the same department's report of the year
//! before, laid out as the template prints them (table 三 and 四 with the template's own header
//! rows, from `tables`). A cell that changed shows this year's number with last year's and the
//! change beneath it and is highlighted; an unchanged cell shows its number, quiet; rows that are
//! 0 in both years are folded into one line under the table, so the changes stand out.

use super::tables::{self, ResultsHeading};
use super::{esc, esc_into};
use crate::content::{Cell, Report, ValueRef};
use crate::schema::{self, APPLICANT_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS, TableId};
use rustc_hash::FxHashMap;
use std::fmt::Write as _;

/// One table compared: its HTML (`| safe`), how many cells changed, the labels of the rows
/// that are 0 in both years (folded).
pub struct Compared {
    pub table: TableId,
    pub html: String,
    pub changed: usize,
    pub folded: Vec<String>,
}

/// Last year's cells by key path: `None` when last year's edition has no such cell. Fx hashing:
/// a comparison page builds and queries this map for every cell (hundreds), and the keys are
/// the schema's own paths, not content an attacker picks.
struct Before<'r>(FxHashMap<&'static str, Option<&'r Cell>>);

impl<'r> Before<'r> {
    fn of(prev: &'r Report) -> Self {
        let cells = super::data::cell_columns(prev.edition)
            .iter()
            .zip(super::data::report_cells(prev))
            .map(|(c, (cell, _))| (c.path.as_str(), cell))
            .collect();
        Before(cells)
    }

    /// `Some(cell)` when last year had the cell (`Some(None)`: its table was absent).
    fn get(&self, path: &str) -> Option<Option<&'r Cell>> {
        self.0.get(path).copied()
    }
}

/// A cell as a number, with the decimals it was written with (amounts in 万元 keep theirs).
pub fn number(c: &Cell) -> Option<(f64, usize)> {
    match c.value() {
        ValueRef::Count(n) => Some((n as f64, 0)),
        ValueRef::Decimal(s) => {
            let decimals = s.split_once('.').map_or(0, |(_, f)| f.len());
            s.parse().ok().map(|v| (v, decimals))
        }
        _ => None,
    }
}

/// The change in per cent of last year's number, when both are numbers, last year's is not 0
/// and they differ.
fn percent(now: Option<&Cell>, was: Option<&Cell>) -> String {
    match (now.and_then(number), was.and_then(number)) {
        (Some((a, _)), Some((b, _))) if b != 0.0 && a != b => {
            format!("{:+.1}%", (a - b) * 100.0 / b)
        }
        _ => String::new(),
    }
}

fn is_zero(c: Option<&Cell>) -> bool {
    c.is_none_or(|c| c.is_blank() || number(c).is_some_and(|(v, _)| v == 0.0))
}

/// How one cell compares with last year.
enum Change {
    Same,
    /// Last year's value as printed, and the change (`+3`, `−185.28`; empty for text).
    Changed {
        was: String,
        delta: String,
        up: bool,
    },
    /// Last year's edition has no such cell.
    New,
}

fn change(now: Option<&Cell>, was: Option<Option<&Cell>>) -> Change {
    let Some(was) = was else {
        return Change::New;
    };
    // Two counts, most cells: compared and printed without floats or `format!` (a comparison
    // page has hundreds of cells).
    if let (Some(ValueRef::Count(a)), Some(ValueRef::Count(b))) =
        (now.map(Cell::value), was.map(Cell::value))
    {
        if a == b {
            return Change::Same;
        }
        let (mut shown, mut delta) = (String::new(), String::from(if a > b { "+" } else { "" }));
        super::push_int(&mut shown, b);
        super::push_int(&mut delta, a - b);
        return Change::Changed {
            was: shown,
            delta,
            up: a > b,
        };
    }
    let shown = |c: Option<&Cell>| c.map(Cell::display).unwrap_or_default();
    match (now.and_then(number), was.and_then(number)) {
        (Some((a, da)), Some((b, db))) if a != b => {
            let decimals = da.max(db);
            Change::Changed {
                was: shown(was),
                delta: format!("{:+.decimals$}", a - b),
                up: a > b,
            }
        }
        (Some(_), Some(_)) => Change::Same,
        _ if shown(now) == shown(was) => Change::Same,
        _ => Change::Changed {
            was: shown(was),
            delta: String::new(),
            up: false,
        },
    }
}

/// One data cell: this year's value; if it changed, last year's and the change beneath (two
/// unclassed spans: the stylesheet knows the first from the second). An unchanged cell has no
/// class: most cells are unchanged, and the stylesheet makes them quiet. End tags of cells are
/// left out, as in the report's tables.
fn cell(
    out: &mut String,
    headers: &[&str],
    now: Option<&Cell>,
    was: Option<Option<&Cell>>,
) -> bool {
    out.push_str("<td");
    tables::push_headers(out, headers);
    match change(now, was) {
        Change::Same => {
            out.push('>');
            tables::push_cell(out, now);
            false
        }
        Change::New => {
            out.push_str(" class=\"new\">");
            tables::push_cell(out, now);
            out.push_str("<span>上年无此项</span>");
            false
        }
        Change::Changed { was, delta, up } => {
            out.push_str(if delta.is_empty() {
                " class=\"changed\">"
            } else if up {
                " class=\"changed up\">"
            } else {
                " class=\"changed down\">"
            });
            tables::push_cell(out, now);
            out.push_str("<span>上年 ");
            esc_into(out, &was);
            out.push_str("</span>");
            if !delta.is_empty() {
                let _ = write!(out, "<span>{delta}</span>");
            }
            true
        }
    }
}

/// Last year's cell of `prefix.key` (a reused buffer for the path).
fn lookup<'r>(
    before: &Before<'r>,
    buf: &mut String,
    prefix: &str,
    key: &str,
) -> Option<Option<&'r Cell>> {
    buf.clear();
    buf.push_str(prefix);
    buf.push('.');
    buf.push_str(key);
    before.get(buf)
}

fn open(out: &mut String, table: TableId, class: &str) {
    super::tables::open_table(out, table, &format!("compare-grid {class}"), "：本年与上年");
}

/// Table 三 in the template's grid; rows 0 in both years folded.
fn applications(cur: &Report, before: &Before) -> Compared {
    let mut out = String::with_capacity(16 * 1024);
    open(&mut out, TableId::Applications, "t3");
    let col_headers = tables::applications_head(&mut out);
    let all: Vec<_> = cur.application_rows().collect();
    let mut buf = String::new();
    let mut zero = |(row, values): &(
        &schema::ApplicationRow,
        Option<&crate::content::ApplicationValues>,
    )| {
        let prefix = row.path();
        APPLICANT_COLUMNS.iter().enumerate().all(|(i, c)| {
            is_zero(values.map(|v| &v.cells[i]))
                && is_zero(lookup(before, &mut buf, &prefix, c.key).flatten())
        })
    };
    let (folded, rows): (Vec<_>, Vec<_>) = all.into_iter().partition(|r| zero(r));
    let mut results = ResultsHeading {
        rows: rows.iter().filter(|(r, _)| r.under_results()).count(),
        open: false,
    };
    let mut changed = 0;
    out.push_str("<tbody>");
    for (r, (row, values)) in rows.iter().enumerate() {
        let rid = format!("r{r}");
        out.push_str("<tr>");
        let row_headers =
            tables::application_row_header(&mut out, &rows, row, &rid, "", &mut results);
        let prefix = row.path();
        for (i, c) in APPLICANT_COLUMNS.iter().enumerate() {
            let headers = [row_headers.as_str(), &col_headers[i]];
            let now = values.map(|v| &v.cells[i]);
            let was = lookup(before, &mut buf, &prefix, c.key);
            changed += usize::from(cell(&mut out, &headers, now, was));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    Compared {
        table: TableId::Applications,
        html: fit_label_columns(out, &rows),
        changed,
        folded: folded.iter().map(|(r, _)| r.short.to_string()).collect(),
    }
}

/// The template's three label columns (block, group, row) less those no shown row uses: with
/// only 一、二 shown, or no group, the header and row labels span fewer columns (an HTML table
/// column must have a cell that begins in it).
fn fit_label_columns(
    html: String,
    rows: &[(
        &schema::ApplicationRow,
        Option<&crate::content::ApplicationValues>,
    )],
) -> String {
    let levels = if rows
        .iter()
        .any(|(r, _)| r.under_results() && r.group.is_some())
    {
        return html;
    } else if rows.iter().any(|(r, _)| r.under_results()) {
        2
    } else {
        1
    };
    html.replace(
        "class=\"corner\" colspan=\"3\"",
        &format!("class=\"corner\" colspan=\"{levels}\""),
    )
    .replace(
        "colspan=\"3\" scope=\"row\" class=\"lv0\"",
        &format!("colspan=\"{levels}\" scope=\"row\" class=\"lv0\""),
    )
    .replace(
        "colspan=\"2\" scope=\"row\" class=\"lv1\"",
        "scope=\"row\" class=\"lv1\"",
    )
}

/// Table 四 in the template's grid: this year's row, last year's, and the change.
fn review(cur: &Report, prev: &Report, before: &Before) -> Compared {
    let mut out = String::with_capacity(8 * 1024);
    open(&mut out, TableId::ReviewLitigation, "t4");
    // The row labels take one column before the template's fifteen.
    let mut head = String::new();
    let col_headers = tables::review_head(&mut head);
    out.push_str(&head.replacen(
        "<thead><tr>",
        "<thead><tr><th id=\"y4\" rowspan=\"3\" scope=\"col\" class=\"corner\">年度</th>",
        1,
    ));
    let cells: Vec<(String, Option<&Cell>)> = cur
        .review_groups()
        .flat_map(|(g, v)| {
            REVIEW_COLUMNS
                .iter()
                .enumerate()
                .map(move |(j, c)| (format!("{}.{}", g.path(), c.key), v.map(|v| &v.cells[j])))
        })
        .collect();
    let zero = cells
        .iter()
        .all(|(p, c)| is_zero(*c) && is_zero(before.get(p).flatten()));
    let mut changed = 0;
    let _ = write!(
        out,
        "<tbody><tr><th id=\"v4\" scope=\"row\">{}年</th>",
        cur.year
    );
    for (k, (p, now)) in cells.iter().enumerate() {
        let headers = ["v4", col_headers[k].as_str()];
        changed += usize::from(cell(&mut out, &headers, *now, before.get(p)));
    }
    let _ = write!(
        out,
        "</tr><tr class=\"previous\"><th id=\"w4\" scope=\"row\">{}年</th>",
        prev.year
    );
    for (k, (p, _)) in cells.iter().enumerate() {
        let was = before.get(p).flatten();
        out.push_str("<td");
        tables::push_headers(&mut out, &["w4", &col_headers[k]]);
        out.push('>');
        tables::push_cell(&mut out, was);
    }
    out.push_str("</tr></tbody></table></div>");
    let folded = if zero {
        REVIEW_GROUPS.iter().map(|g| g.name()).collect()
    } else {
        vec![]
    };
    Compared {
        table: TableId::ReviewLitigation,
        html: if zero { String::new() } else { out },
        changed,
        folded,
    }
}

/// Table 二: each row of the template with its fields; this year, last year and the change
/// side by side.
fn active(cur: &Report, prev: &Report, before: &Before) -> Compared {
    let mut out = String::with_capacity(8 * 1024);
    open(&mut out, TableId::Active, "t2");
    let _ = write!(
        out,
        "<thead><tr><th scope=\"col\" colspan=\"2\" id=\"i2\">{}</th><th scope=\"col\" id=\"v2\">{}年</th><th scope=\"col\" id=\"w2\">{}年</th><th scope=\"col\" id=\"d2\">增减</th><th scope=\"col\" id=\"p2\">增减幅度</th></tr></thead><tbody>",
        esc(schema::ACTIVE_CONTENT_HEADER),
        cur.year,
        prev.year
    );
    let (mut changed, mut folded) = (0, vec![]);
    for (r, (row, cells)) in cur.active_rows().enumerate() {
        let fields: Vec<_> = row
            .fields
            .iter()
            .enumerate()
            .map(|(j, f)| (f, cells.and_then(|c| c.get(j)), before.get(&row.path(f))))
            .collect();
        if fields
            .iter()
            .all(|(_, now, was)| is_zero(*now) && is_zero(was.flatten()))
        {
            folded.push(row.label.to_string());
            continue;
        }
        for (j, (f, now, was)) in fields.iter().enumerate() {
            let rid = format!("s{r}f{j}");
            out.push_str("<tr>");
            if j == 0 {
                let _ = write!(
                    out,
                    "<th id=\"s{r}\" scope=\"rowgroup\" rowspan=\"{}\">{}</th>",
                    fields.len(),
                    esc(row.label)
                );
            }
            let _ = write!(
                out,
                "<th id=\"{rid}\" scope=\"row\" headers=\"s{r}\">{}</th>",
                esc(f.label)
            );
            let h = format!("s{r} {rid}");
            let now_text = esc(&now.map(Cell::display).unwrap_or_default());
            let was_text = match was {
                Some(w) => esc(&w.map(Cell::display).unwrap_or_default()),
                None => "上年无此项".to_string(),
            };
            let (class, delta) = match change(*now, *was) {
                Change::Same => ("", String::new()),
                Change::New => (" class=\"new\"", String::new()),
                Change::Changed { delta, up, .. } => {
                    changed += 1;
                    let class = if up {
                        " class=\"changed up\""
                    } else {
                        " class=\"changed down\""
                    };
                    (class, delta)
                }
            };
            let _ = write!(
                out,
                "<td headers=\"{h} v2\"{class}>{now_text}<td headers=\"{h} w2\" class=\"was-col\">{was_text}<td headers=\"{h} d2\"{class}>{}<td headers=\"{h} p2\"{class}>{}</tr>",
                esc(&delta),
                percent(*now, was.flatten())
            );
        }
    }
    out.push_str("</tbody></table></div>");
    Compared {
        table: TableId::Active,
        html: out,
        changed,
        folded,
    }
}

/// Tables 二, 三 and 四 compared, in template order (table 四 only when both editions have it).
pub fn tables(cur: &Report, prev: &Report) -> Vec<Compared> {
    let before = Before::of(prev);
    let mut out = vec![active(cur, prev, &before), applications(cur, &before)];
    if cur.edition.has_tables() {
        out.push(review(cur, prev, &before));
    }
    out
}
