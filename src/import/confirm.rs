//! Cells read with doubt, kept only where the template's arithmetic confirms them.
//!
//! Two readers cannot be certain of a cell: OCR of a scan misreads digits (3 for 8, 1 for 7),
//! and a PDF row printing fewer numbers than the table has columns may have a blank cell or a
//! number lost to the print. Such cells are listed in [`Imported::doubtful`]. The imported tables
//! are then checked by the validator's own rules (R-COL over the row, R-BAL and R-SUM over the
//! column of table 三, R-T4 over a group of table 四), nothing re-implemented here: a doubtful
//! cell is taken when no equation it is a term of fails and at least one can be evaluated and
//! closes; a cell whose column was placed by geometry around a blank, or whose row was placed by
//! less than its own label, needs an equation over its column (R-BAL, R-SUM) to close, as a number
//! put under the wrong column or a row put under the wrong label keeps its row's sum.
//!
//! The sums confirm placement that is in doubt; they are never required where the text layer
//! is certain. A blank cell whose box on the page holds nothing printed
//! ([`Imported::certain_blanks`]) is blank as printed where none of its equations fails, and a
//! number read alone in its cell under
//! its column's header label on its row's line ([`Imported::certain_numbers`]) is the number as
//! printed, whether the table's printed totals add up or not (about a third of real reports'
//! do not; `check` flags them). A blank cell in doubt whose box is not known to be empty is
//! never taken, in any table, whatever the sums say (a printed number the reader did not place
//! leaves its cell empty, and a published total that does not add up makes the blank "close").
//! A table whose result rows print no 总计 at all states neither their
//! R-COL nor R-SUM over 总计 (as report 001 prints it). A row
//! with a cell no equation confirms is not written and is listed by cell in
//! [`Imported::missing`] with what was read, so that `--partial` marks it for review. Table 二
//! has no arithmetic: a doubtful cell there is never confirmed.

use super::{Imported, write};
use crate::content::Value;
use crate::content::{Departments, parse_report};
use crate::i18n::Msg;
use crate::msg;
use crate::schema::{
    self, APPLICANT_COLUMNS, APPLICANT_TOTAL, REVIEW_COLUMNS, REVIEW_GROUPS, RowRole, RuleId,
    TableId,
};
use std::collections::HashSet;

/// An equation of the template over imported cells.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Equation {
    /// R-COL over a row of table 三 (its key).
    Col(String),
    /// R-BAL over a column of table 三 (its key).
    Bal(&'static str),
    /// R-SUM over a column of table 三.
    Sum(&'static str),
    /// R-T4 over a group of table 四 (its key).
    T4(&'static str),
}

/// Every cell of the tables read is in doubt (a scan read by OCR).
pub fn all_cells_doubtful(out: &mut Imported) {
    for id in TableId::ALL {
        table_doubtful(out, id);
    }
}

/// Every cell of table `id` as read is in doubt (a number of it pieced together from two
/// pages).
pub fn table_doubtful(out: &mut Imported, id: TableId) {
    // Each row read of table 三 or 四 by its key, with its table's columns.
    let keyed = |rows: &[(&str, Option<Vec<Value>>)], columns: &[&str]| -> Vec<String> {
        rows.iter()
            .filter(|(_, cells)| cells.is_some())
            .flat_map(|(key, _)| {
                columns
                    .iter()
                    .map(move |c| format!("{}.{key}.{c}", id.key()))
            })
            .collect()
    };
    let paths = match id {
        TableId::Active => out
            .active
            .iter()
            .filter(|(_, cells)| cells.is_some())
            .flat_map(|(row, _)| row.fields.iter().map(|f| row.path(f)))
            .collect(),
        TableId::Applications => keyed(&out.applications, &APPLICANT_COLUMNS.map(|c| c.key)),
        TableId::ReviewLitigation => keyed(&out.review, &REVIEW_COLUMNS.map(|c| c.key)),
    };
    out.doubtful.extend(paths);
}

/// The equations that can be evaluated over the rows read (every term read): those that close
/// (with at least one term not blank), and those that fail, by the validator's findings on the
/// import as written.
struct Evaluated {
    closed: HashSet<Equation>,
    failed: HashSet<Equation>,
}

impl Evaluated {
    /// A blank cell whose box holds nothing printed ([`Imported::certain_blanks`]) needs no
    /// equation to close, only none of its equations to fail: a number the reader put in
    /// another row's cells (its line grouped with that row's) leaves this cell's box empty, and
    /// makes its row's or column's sum fail.
    fn allows(&self, eqs: &[Equation]) -> bool {
        !eqs.iter().any(|e| self.failed.contains(e))
    }

    /// A cell that is a term of `eqs` is confirmed when none of them fails and one closes; when
    /// its column is in doubt, one of the column's equations (R-BAL, R-SUM) must close.
    fn confirms(&self, eqs: &[Equation], column_in_doubt: bool) -> bool {
        let column = |e: &&Equation| matches!(e, Equation::Bal(_) | Equation::Sum(_));
        !eqs.iter().any(|e| self.failed.contains(e))
            && eqs.iter().any(|e| self.closed.contains(e))
            && (!column_in_doubt || eqs.iter().filter(column).any(|e| self.closed.contains(e)))
    }
}

fn evaluate(out: &Imported) -> Evaluated {
    let edition = out.edition.unwrap_or(schema::Edition::E2021);
    let year = out.year.unwrap_or(2021);
    let file = write::content_file(
        &Imported {
            missing: vec![],
            ..out.clone()
        },
        year,
        "import",
        None,
    );
    let Some(report) = parse_report("import.md", file.as_bytes(), Some(year), "import").report
    else {
        return Evaluated {
            closed: HashSet::new(),
            failed: HashSet::new(),
        };
    };
    let failed: HashSet<Equation> = crate::validate::check_report(&report, &Departments::default())
        .into_iter()
        .filter_map(|d| {
            let cell = d.cell?;
            let parts: Vec<&str> = cell.split('.').collect();
            let column = |k: &str| APPLICANT_COLUMNS.iter().find(|c| c.key == k).map(|c| c.key);
            match d.rule {
                RuleId::RCol => Some(Equation::Col(
                    cell.strip_prefix("applications.")?
                        .strip_suffix(".total")?
                        .to_string(),
                )),
                RuleId::RBal => Some(Equation::Bal(column(parts.last()?)?)),
                RuleId::RSum => Some(Equation::Sum(column(parts.last()?)?)),
                RuleId::RT4 => REVIEW_GROUPS
                    .iter()
                    .find(|g| cell == format!("{}.total", g.path()))
                    .map(|g| Equation::T4(g.key)),
                _ => None,
            }
        })
        .collect();
    let read = |key: &str| {
        out.applications
            .iter()
            .any(|(k, v)| *k == key && v.is_some())
    };
    let rows: Vec<_> = schema::application_rows(edition).collect();
    let have = |role: RowRole| rows.iter().filter(|r| r.role == role).all(|r| read(r.key));
    let balance = [
        RowRole::New,
        RowRole::CarriedOver,
        RowRole::Total,
        RowRole::CarriedForward,
    ]
    .into_iter()
    .all(have);
    let sum = have(RowRole::Result) && have(RowRole::Total);
    // A table whose result rows print no 总计 at all (each cell's box empty on the page) states
    // neither those rows' R-COL nor R-SUM over 总计: evaluated, they would fail on the report's
    // own omission, not on anything misread. One number lost from such a cell leaves the
    // others printed, and its row's R-COL and the column's R-SUM are evaluated as ever.
    let total_key = APPLICANT_COLUMNS[APPLICANT_TOTAL].key;
    let no_result_totals = rows.iter().filter(|r| r.role == RowRole::Result).all(|r| {
        out.certain_blanks
            .contains(&format!("applications.{}.{total_key}", r.key))
    });
    let unstated = |e: &Equation| {
        no_result_totals
            && match e {
                Equation::Col(key) => rows
                    .iter()
                    .any(|r| r.key == key && r.role == RowRole::Result),
                Equation::Sum(col) => *col == total_key,
                _ => false,
            }
    };
    let mut eqs = vec![];
    for (key, v) in &out.applications {
        if v.is_some() {
            eqs.push(Equation::Col(key.to_string()));
        }
    }
    for c in &APPLICANT_COLUMNS {
        if balance {
            eqs.push(Equation::Bal(c.key));
        }
        if sum {
            eqs.push(Equation::Sum(c.key));
        }
    }
    eqs.retain(|e| !unstated(e));
    for (key, v) in &out.review {
        if v.is_some() {
            eqs.push(Equation::T4(key));
        }
    }
    // An equation over blanks only (0 = 0, nothing printed) is no evidence of anything.
    let blank = |v: &Value| *v == Value::Blank;
    let row_blank = |key: &str| {
        out.applications
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| v.as_ref())
            .is_none_or(|v| v.iter().all(blank))
    };
    let column_blank = |col: &str, roles: &[RowRole]| {
        let k = APPLICANT_COLUMNS
            .iter()
            .position(|c| c.key == col)
            .unwrap_or(0);
        rows.iter().filter(|r| roles.contains(&r.role)).all(|r| {
            out.applications
                .iter()
                .find(|(key, _)| *key == r.key)
                .and_then(|(_, v)| v.as_ref())
                .is_none_or(|v| blank(&v[k]))
        })
    };
    // A column printed blank in every row of a table read whole holds no number that could
    // have been lost or put elsewhere: its blanks are what was printed ("" for each, as the
    // print shows them).
    let all_roles = [
        RowRole::New,
        RowRole::CarriedOver,
        RowRole::Result,
        RowRole::Total,
        RowRole::CarriedForward,
    ];
    let whole =
        out.applications.len() == rows.len() && out.applications.iter().all(|(_, v)| v.is_some());
    let blank_throughout = |col: &str| whole && column_blank(col, &all_roles);
    let evidence = |e: &Equation| match e {
        Equation::Col(key) => !row_blank(key),
        Equation::Bal(col) => {
            blank_throughout(col)
                || !column_blank(
                    col,
                    &[
                        RowRole::New,
                        RowRole::CarriedOver,
                        RowRole::Total,
                        RowRole::CarriedForward,
                    ],
                )
        }
        Equation::Sum(col) => {
            blank_throughout(col) || !column_blank(col, &[RowRole::Result, RowRole::Total])
        }
        Equation::T4(key) => out
            .review
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.as_ref())
            .is_some_and(|v| !v.iter().all(blank)),
    };
    Evaluated {
        closed: eqs
            .iter()
            .filter(|e| !failed.contains(e) && evidence(e))
            .cloned()
            .collect(),
        failed: eqs.into_iter().filter(|e| failed.contains(e)).collect(),
    }
}

/// The equations a cell of table 三 is a term of.
fn equations_of_application(row: &schema::ApplicationRow, col: &'static str) -> Vec<Equation> {
    let mut eqs = vec![Equation::Col(row.key.to_string())];
    if matches!(
        row.role,
        RowRole::New | RowRole::CarriedOver | RowRole::Total | RowRole::CarriedForward
    ) {
        eqs.push(Equation::Bal(col));
    }
    if matches!(row.role, RowRole::Result | RowRole::Total) {
        eqs.push(Equation::Sum(col));
    }
    eqs
}

/// A cell's value as read, for the message.
fn shown(v: &Value) -> String {
    match v {
        Value::Count(n) => n.to_string(),
        Value::Blank => "\"\"".to_string(),
        Value::Decimal(s) | Value::Text(s) => s.clone(),
    }
}

/// The refusal of a row whose cells are not written: its table, its label, and each cell
/// (`(column label, value)`) as read.
pub(super) fn unconfirmed<'v>(
    table: schema::TableId,
    row: &str,
    cells: impl Iterator<Item = (&'v str, &'v Value)>,
) -> Msg {
    let read: Vec<String> = cells.map(|(c, v)| format!("{c} {}", shown(v))).collect();
    msg!(
        "imp-unconfirmed",
        table = schema::section_of(table).numeral,
        row = row,
        cells = read.join("、")
    )
}

/// Keep the doubtful cells the arithmetic confirms; refuse the rows of the others by cell.
pub fn confirm(out: &mut Imported) {
    if out.doubtful.is_empty() && out.doubtful_columns.is_empty() {
        return;
    }
    let doubtful: HashSet<String> = out.doubtful.iter().cloned().collect();
    let columns: HashSet<String> = out.doubtful_columns.iter().cloned().collect();
    let certain: HashSet<String> = out.certain_blanks.iter().cloned().collect();
    let printed: HashSet<String> = out.certain_numbers.iter().cloned().collect();
    let evaluated = evaluate(out);
    let edition = out.edition.unwrap_or(schema::Edition::E2021);
    let mut refused: Vec<Msg> = vec![];
    for (row, cells) in out.active.iter_mut() {
        let Some(values) = cells else { continue };
        let mut unread = row
            .fields
            .iter()
            .zip(values.iter())
            .filter(|(f, _)| doubtful.contains(&row.path(f)) && !printed.contains(&row.path(f)))
            .map(|(f, v)| (f.label, v))
            .peekable();
        if unread.peek().is_some() {
            refused.push(unconfirmed(schema::TableId::Active, row.label, unread));
            *cells = None;
        }
    }
    for (key, cells) in out.applications.iter_mut() {
        let Some(values) = cells else { continue };
        let Some(row) = schema::application_rows(edition).find(|r| r.key == *key) else {
            continue;
        };
        let mut unread = APPLICANT_COLUMNS
            .iter()
            .zip(values.iter())
            .filter(|(c, v)| {
                let path = format!("applications.{key}.{}", c.key);
                let eqs = equations_of_application(row, c.key);
                (doubtful.contains(&path) || columns.contains(&path))
                    && !printed.contains(&path)
                    && !if certain.contains(&path) {
                        evaluated.allows(&eqs)
                    } else {
                        // A blank with something printed in its box is never confirmed.
                        **v != Value::Blank && evaluated.confirms(&eqs, columns.contains(&path))
                    }
            })
            .map(|(c, v)| (c.label, v))
            .peekable();
        if unread.peek().is_some() {
            refused.push(unconfirmed(
                schema::TableId::Applications,
                row.label,
                unread,
            ));
            *cells = None;
        }
    }
    // A blank of table 四 in doubt is blank as printed only when its box holds nothing printed
    // ([`Imported::certain_blanks`]); with ink there (a remark wrapped around the row's line)
    // its group is refused, whatever the sums say.
    let unprinted = |key: &str, values: &[Value]| {
        REVIEW_COLUMNS.iter().zip(values).all(|(c, v)| {
            *v != Value::Blank || certain.contains(&format!("review_litigation.{key}.{}", c.key))
        })
    };
    // A group of table 四 printed with no number at all, its columns placed by the header: blank
    // as printed when every group with numbers closes (the columns were placed right, and no
    // number of it stands elsewhere) and nothing is printed in any of its boxes.
    let blank_group = |v: &Option<Vec<Value>>| {
        v.as_ref()
            .is_some_and(|v| v.iter().all(|c| *c == Value::Blank))
    };
    let with_numbers: Vec<&str> = out
        .review
        .iter()
        .filter(|(_, v)| v.is_some() && !blank_group(v))
        .map(|(k, _)| *k)
        .collect();
    let all_printed_close = !with_numbers.is_empty()
        && with_numbers
            .iter()
            .all(|k| evaluated.confirms(&[Equation::T4(k)], false));
    for (key, cells) in out.review.iter_mut() {
        let unprinted = cells.as_deref().is_some_and(|v| unprinted(key, v));
        if blank_group(cells) && all_printed_close && unprinted {
            continue;
        }
        let Some(values) = cells else { continue };
        let Some(group) = REVIEW_GROUPS.iter().find(|g| g.key == *key) else {
            continue;
        };
        // A number read alone in its box is certain; a blank with nothing printed in its box
        // is blank as printed where its group's sum does not fail (as in table 三).
        let allowed = evaluated.allows(&[Equation::T4(group.key)]);
        let in_doubt = REVIEW_COLUMNS.iter().zip(values.iter()).any(|(c, v)| {
            let path = format!("review_litigation.{key}.{}", c.key);
            doubtful.contains(&path)
                && !printed.contains(&path)
                && !(*v == Value::Blank && certain.contains(&path) && allowed)
        });
        if in_doubt && !(unprinted && evaluated.confirms(&[Equation::T4(group.key)], false)) {
            let read = REVIEW_COLUMNS.iter().map(|c| c.short).zip(values.iter());
            refused.push(unconfirmed(
                schema::TableId::ReviewLitigation,
                &group.name(),
                read,
            ));
            *cells = None;
        }
    }
    out.missing.extend(refused);
}
