//! Rules across reports: S-YEAR (one report per department and year), X-CARRY and X-INFORCE
//! (each department against its own previous year).

use crate::content::{Cell, Departments, Report};
use crate::diagnostics::Diagnostic;
use crate::msg;
use crate::schema::{APPLICANT_COLUMNS, Edition, IN_FORCE_FIELDS, IN_FORCE_ROWS, RowRole, RuleId};
use rustc_hash::FxHashMap;

/// The identity of a report's department: the slug in departments.toml whose name or alias is
/// the report's `department` (the first such slug), else the name itself: two files that name
/// the same body in one year are two reports of it, whatever their file names. A map from
/// names, so a site of thousands of departments is not searched once per report.
fn identities(departments: &Departments) -> FxHashMap<&str, &str> {
    let mut by_name = FxHashMap::default();
    for (slug, d) in &departments.by_slug {
        for name in std::iter::once(&d.name).chain(&d.aliases) {
            by_name.entry(name.as_str()).or_insert(slug.as_str());
        }
    }
    by_name
}

/// S-YEAR: two files for one department in one year.
pub fn duplicates(reports: &[&Report], departments: &Departments, out: &mut Vec<Diagnostic>) {
    let by_name = identities(departments);
    // Hashed, not sorted: 100,000 reports on one thread before the pairs can be checked. Each
    // group keeps the order of `reports`, and the findings are sorted later.
    let mut seen: FxHashMap<(i32, &str), Vec<&Report>> = FxHashMap::default();
    for r in reports {
        let identity = by_name
            .get(r.department.as_str())
            .copied()
            .unwrap_or(&r.department);
        seen.entry((r.year, identity)).or_default().push(r);
    }
    let mut groups: Vec<_> = seen.into_iter().filter(|(_, g)| g.len() > 1).collect();
    groups.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for ((year, _), group) in groups {
        for r in &group {
            let others: Vec<&str> = group
                .iter()
                .filter(|o| o.file != r.file)
                .map(|o| o.file.as_str())
                .collect();
            out.push(
                Diagnostic::new(
                    &r.file,
                    RuleId::SYear,
                    msg!(
                        "s-year-duplicate",
                        department = r.department.as_str(),
                        year = year.to_string(),
                        others = others.join(", ")
                    ),
                )
                .at(r.place("department"))
                .help(msg!("s-year-duplicate-help")),
            );
        }
    }
}

/// The short name of a report's table-三 row with a role ("上年结转").
fn short(r: &Report, role: RowRole) -> &'static str {
    crate::schema::application_row(r.edition, role)
        .map(|row| row.short)
        .unwrap_or_default()
}

/// X-CARRY and X-INFORCE between a report and the same department's report of the year before.
pub fn against_previous(r: &Report, prev: &Report, out: &mut Vec<Diagnostic>) {
    if prev.year != r.year - 1 || !r.edition.has_tables() || !prev.edition.has_tables() {
        return;
    }
    if let (Some(now), Some(before)) = (
        r.application_by_role(RowRole::CarriedOver),
        prev.application_by_role(RowRole::CarriedForward),
    ) {
        for (k, col) in APPLICANT_COLUMNS.iter().enumerate() {
            let (a, b) = (now.cells[k].num(), before.cells[k].num());
            if a != b {
                out.push(
                    Diagnostic::new(
                        &r.file,
                        RuleId::XCarry,
                        msg!(
                            "x-carry",
                            row = short(r, RowRole::CarriedOver),
                            column = col.label,
                            value = a,
                            prev_year = prev.year.to_string(),
                            prev_value = b,
                            prev_row = short(prev, RowRole::CarriedForward),
                            prev_file = prev.file.as_str()
                        ),
                    )
                    .at(now.cells[k].place().or(Some(now.place)))
                    .cell(format!("applications.carried_over.{}", col.key)),
                );
            }
        }
    }
    if r.edition != Edition::E2021 || prev.edition != Edition::E2021 {
        return;
    }
    let (issued, repealed, in_force) = IN_FORCE_FIELDS;
    for row in IN_FORCE_ROWS {
        fn cell<'r>(rep: &'r Report, row: &str, f: &str) -> Option<(i64, &'r Cell)> {
            rep.active_cell(row, Some(f)).map(|c| (c.num(), c))
        }
        let (Some((i, _)), Some((x, _)), Some((now, now_cell)), Some((before, _))) = (
            cell(r, row, issued),
            cell(r, row, repealed),
            cell(r, row, in_force),
            cell(prev, row, in_force),
        ) else {
            continue;
        };
        if now != before + i - x {
            let active_row = crate::schema::ACTIVE_2021.iter().find(|a| a.key == row);
            let label = active_row.map(|a| a.label).unwrap_or(row);
            let field_label = |key: &str| {
                active_row
                    .and_then(|a| a.fields.iter().find(|f| f.key == Some(key)))
                    .map(|f| f.label)
                    .unwrap_or_default()
            };
            out.push(
                Diagnostic::new(
                    &r.file,
                    RuleId::XInforce,
                    msg!(
                        "x-inforce",
                        row = label,
                        in_force_label = field_label(in_force),
                        value = now,
                        prev_year = prev.year.to_string(),
                        prev_value = before,
                        issued_label = field_label(issued),
                        issued = i,
                        repealed_label = field_label(repealed),
                        repealed = x,
                        expected = before + i - x
                    ),
                )
                .at(now_cell.place())
                .cell(format!("active.{row}.{in_force}"))
                .help(msg!("x-inforce-help")),
            );
        }
    }
}
