//! The arithmetic rules of one report's tables: R-COL, R-BAL, R-SUM, R-T4, R-EMPTY, R-BLANK,
//! and S-REGS (which needs the body's kind).

use crate::content::departments::Kind;
use crate::content::{ApplicationValues, Cell, Report};
use crate::diagnostics::{Diagnostic, Place};
use crate::i18n::Arg;
use crate::msg;
use crate::schema::{
    APPLICANT_COLUMNS, APPLICANT_PARTS, APPLICANT_TOTAL, REGULATIONS_KEY, REVIEW_COLUMNS,
    REVIEW_TOTAL, RowRole, RuleId, TableId,
};

/// The place of cell `i` of a row, falling back to the row's place (computed cells).
fn cell_place(cells: &[Cell], i: usize, row: Place) -> Place {
    cells[i].place().unwrap_or(row)
}

/// A cell's value as a message argument: its number, or "blank" / “空白”.
fn shown(cell: &Cell) -> Arg {
    if cell.is_blank() {
        Arg::Ref("cell-blank")
    } else {
        Arg::Num(cell.num())
    }
}

/// The equation of a sum as printed in a finding ("男 1 + 女 2"). Built only once a sum is found
/// wrong: on the hot path of a 100,000-report check nothing is formatted.
fn terms<'a>(parts: impl Iterator<Item = (&'a str, i64)>) -> String {
    let text: Vec<String> = parts.map(|(label, n)| format!("{label} {n}")).collect();
    text.join(" + ")
}

pub fn check(r: &Report, kind: Option<Kind>, out: &mut Vec<Diagnostic>) {
    if !r.edition.has_tables() {
        return;
    }
    applications(r, out);
    review(r, out);
    blanks(r, out);
    if let Some(kind) = kind {
        regulations(r, kind, out);
    }
}

fn applications(r: &Report, out: &mut Vec<Diagnostic>) {
    column_totals(r, out);
    let by_role = |role| r.application_by_role(role);
    let (Some(new), Some(carried), Some(total), Some(forward)) = (
        by_role(RowRole::New),
        by_role(RowRole::CarriedOver),
        by_role(RowRole::Total),
        by_role(RowRole::CarriedForward),
    ) else {
        return;
    };
    // R-SUM only when every result row was given.
    let all_leaves = r
        .application_rows()
        .all(|(row, v)| row.role != RowRole::Result || v.is_some());
    for k in 0..APPLICANT_COLUMNS.len() {
        balance(r, k, [new, carried, total, forward], out);
        if all_leaves {
            results_sum(r, k, total, out);
        }
    }
}

/// The result rows of table 三 (R-SUM's terms), with their values.
fn leaves(r: &Report) -> impl Iterator<Item = (&'static str, &ApplicationValues)> {
    r.application_rows()
        .filter(|(row, _)| row.role == RowRole::Result)
        .filter_map(|(row, v)| Some((row.short, v?)))
}

/// R-COL: 总计 = the six applicant columns, in every row whose 总计 was given.
fn column_totals(r: &Report, out: &mut Vec<Diagnostic>) {
    for (row, values) in r.application_rows() {
        let Some(v) = values else { continue };
        if v.total_computed {
            continue;
        }
        let sum: i64 = v.parts().iter().map(Cell::num).sum();
        if v.total().num() != sum {
            let eq = terms(
                APPLICANT_COLUMNS[..APPLICANT_PARTS]
                    .iter()
                    .zip(v.parts())
                    .map(|(c, cell)| (c.label, cell.num())),
            );
            out.push(
                Diagnostic::new(
                    &r.file,
                    RuleId::RCol,
                    msg!(
                        "r-col",
                        row = row.short,
                        total = shown(v.total()),
                        terms = eq,
                        sum = sum
                    ),
                )
                .at(Some(cell_place(&v.cells, APPLICANT_TOTAL, v.place)))
                .cell(format!("{}.total", row.path())),
            );
        }
    }
}

/// The short label of the edition's table 三 row with `role`.
fn short_label(r: &Report, role: RowRole) -> &'static str {
    crate::schema::application_row(r.edition, role)
        .map(|row| row.short)
        .unwrap_or_default()
}

/// The full label of the edition's 总计 row (the rows check reports an edition without one).
fn total_label(r: &Report) -> &'static str {
    crate::schema::application_row(r.edition, RowRole::Total).map_or("", |row| row.label)
}

/// R-BAL in column `k`: new + carried_over = total + carried_forward.
fn balance(r: &Report, k: usize, rows: [&ApplicationValues; 4], out: &mut Vec<Diagnostic>) {
    let [new, carried, total, forward] = rows;
    let col = &APPLICANT_COLUMNS[k];
    let (n, c, t, f) = (
        new.cells[k].num(),
        carried.cells[k].num(),
        total.cells[k].num(),
        forward.cells[k].num(),
    );
    if n + c == t + f {
        return;
    }
    out.push(
        Diagnostic::new(
            &r.file,
            RuleId::RBal,
            msg!(
                "r-bal",
                column = col.label,
                new_label = short_label(r, RowRole::New),
                new = n,
                carried_label = short_label(r, RowRole::CarriedOver),
                carried = c,
                received = n + c,
                total_label = total_label(r),
                total = t,
                forward_label = short_label(r, RowRole::CarriedForward),
                forward = f,
                handled = t + f
            ),
        )
        .at(Some(cell_place(&forward.cells, k, forward.place)))
        .cell(format!("applications.carried_forward.{}", col.key)),
    );
}

/// R-SUM in column `k`: total = sum of the result leaves.
fn results_sum(r: &Report, k: usize, total: &ApplicationValues, out: &mut Vec<Diagnostic>) {
    let col = &APPLICANT_COLUMNS[k];
    let sum: i64 = leaves(r).map(|(_, v)| v.cells[k].num()).sum();
    if sum == total.cells[k].num() {
        return;
    }
    let eq = terms(
        leaves(r)
            .map(|(l, v)| (l, v.cells[k].num()))
            .filter(|(_, n)| *n != 0),
    );
    out.push(
        Diagnostic::new(
            &r.file,
            RuleId::RSum,
            msg!(
                "r-sum",
                column = col.label,
                total_label = total_label(r),
                total = shown(&total.cells[k]),
                rows = leaves(r).count(),
                sum = sum,
                // "none" selects the catalogue's variant without the terms.
                terms = if eq.is_empty() { "none".into() } else { eq }
            ),
        )
        .at(Some(cell_place(&total.cells, k, total.place)))
        .cell(format!("applications.total.{}", col.key)),
    );
}

fn review(r: &Report, out: &mut Vec<Diagnostic>) {
    for (group, values) in r.review_groups() {
        let Some(v) = values else { continue };
        let sum: i64 = v.cells[..REVIEW_TOTAL].iter().map(Cell::num).sum();
        if v.total().num() != sum {
            let eq = terms(
                REVIEW_COLUMNS[..REVIEW_TOTAL]
                    .iter()
                    .zip(&v.cells)
                    .map(|(c, cell)| (c.short, cell.num())),
            );
            out.push(
                Diagnostic::new(
                    &r.file,
                    RuleId::RT4,
                    msg!(
                        "r-t4",
                        group = group.name(),
                        total = shown(v.total()),
                        terms = eq,
                        sum = sum
                    ),
                )
                .at(Some(cell_place(&v.cells, REVIEW_TOTAL, v.place)))
                .cell(format!("{}.total", group.path())),
            );
        }
    }
}

/// R-EMPTY for a table whose cells are all blank; otherwise R-BLANK, one warning per row. A table
/// without a blank cell (nearly all of them) is passed over without building its rows' names.
fn blanks(r: &Report, out: &mut Vec<Diagnostic>) {
    for table in TableId::ALL {
        if !has_blank(r, table) {
            continue;
        }
        blanks_in(r, table, named_rows(r, table), out);
    }
}

/// Whether any given cell of a table is blank.
fn has_blank(r: &Report, table: TableId) -> bool {
    match table {
        TableId::Active => r
            .active_rows()
            .any(|(_, cells)| cells.is_some_and(|c| c.iter().any(Cell::is_blank))),
        TableId::Applications => r
            .application_rows()
            .any(|(_, v)| v.is_some_and(|v| v.cells.iter().any(Cell::is_blank))),
        TableId::ReviewLitigation => r
            .review_groups()
            .any(|(_, v)| v.is_some_and(|v| v.cells.iter().any(Cell::is_blank))),
    }
}

/// A row as R-BLANK names it: label, cell path, its cells by column label, and its place.
type NamedRow<'a> = (String, String, Vec<(&'static str, &'a Cell)>, Option<Place>);

fn named_rows(r: &Report, table: TableId) -> Vec<NamedRow<'_>> {
    match table {
        TableId::Active => r
            .active_rows()
            .filter_map(|(row, cells)| {
                let cells = cells?;
                let named = row.fields.iter().map(|f| f.label).zip(cells).collect();
                Some((
                    row.label.to_string(),
                    format!("active.{}", row.key),
                    named,
                    cells.first().and_then(|c| c.place()),
                ))
            })
            .collect(),
        TableId::Applications => r
            .application_rows()
            .filter_map(|(row, v)| {
                let v = v?;
                let named = APPLICANT_COLUMNS
                    .iter()
                    .map(|c| c.label)
                    .zip(v.cells.iter())
                    .filter(|(_, c)| c.place().is_some())
                    .collect();
                Some((row.short.to_string(), row.path(), named, Some(v.place)))
            })
            .collect(),
        TableId::ReviewLitigation => r
            .review_groups()
            .filter_map(|(g, v)| {
                let v = v?;
                let named = REVIEW_COLUMNS
                    .iter()
                    .map(|c| c.short)
                    .zip(v.cells.iter())
                    .collect();
                Some((g.name(), g.path(), named, Some(v.place)))
            })
            .collect(),
    }
}

fn blanks_in(r: &Report, table: TableId, rows: Vec<NamedRow>, out: &mut Vec<Diagnostic>) {
    let (key, heading) = (table.key(), crate::schema::table_name(table));
    let at = r.place(key);
    let cells = rows.iter().flat_map(|(_, _, c, _)| c).count();
    let blank = rows
        .iter()
        .flat_map(|(_, _, c, _)| c)
        .filter(|(_, c)| c.is_blank())
        .count();
    if cells > 0 && blank == cells {
        out.push(
            Diagnostic::new(
                &r.file,
                RuleId::REmpty,
                msg!("r-empty", table = key, heading = &heading),
            )
            .at(at)
            .cell(key),
        );
        return;
    }
    for (label, path, cells, place) in rows {
        let blank: Vec<&str> = cells
            .iter()
            .filter(|(_, c)| c.is_blank())
            .map(|(l, _)| *l)
            .collect();
        if blank.is_empty() {
            continue;
        }
        let first = cells
            .iter()
            .find(|(_, c)| c.is_blank())
            .and_then(|(_, c)| c.place());
        out.push(
            Diagnostic::new(
                &r.file,
                RuleId::RBlank,
                msg!(
                    "r-blank",
                    row = label,
                    count = blank.len(),
                    cells = blank,
                    heading = &heading
                ),
            )
            .at(first.or(place))
            .cell(path),
        );
    }
}

/// S-REGS: streets, towns and departments do not make 规章.
fn regulations(r: &Report, kind: Kind, out: &mut Vec<Diagnostic>) {
    if !kind.makes_no_regulations() {
        return;
    }
    let Some((row, Some(cells))) = r.active_rows().find(|(row, _)| row.key == REGULATIONS_KEY)
    else {
        return;
    };
    if let Some((field, cell)) = row.fields.iter().zip(cells).find(|(_, c)| c.num() != 0) {
        out.push(
            Diagnostic::new(
                &r.file,
                RuleId::SRegs,
                msg!(
                    "s-regs",
                    kind = kind.label(),
                    row = row.label,
                    field = field.label,
                    value = cell.num()
                ),
            )
            .at(cell.place())
            .cell(row.path(field))
            .help(msg!("s-regs-help")),
        );
    }
}
