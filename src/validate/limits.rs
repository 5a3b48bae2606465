//! F-LIMIT: the limits of what `build` writes, checked before it runs, so that `check` and
//! `build` agree and one report cannot fail the whole portal. An Excel cell holds at most
//! 32,767 characters (the workbooks carry the department and every amount and text cell), and
//! block quotes and lists nest at most [`MAX_NESTING`] deep on a page (deeper is rendered flat).
//!
//! F-INVISIBLE: names and titles with bidirectional controls or zero-width characters (warned
//! about; dropped from pages and data, shown escaped in the terminal).

use crate::content::{Cell, Report, ValueRef};
use crate::diagnostics::Diagnostic;
use crate::msg;
use crate::render::markdown::{MAX_NESTING, first_too_deep};
use crate::schema::{ActiveField, ActiveRow, ApplicationRow, ReviewGroup, RuleId};

/// The most characters an Excel cell holds (Excel's specifications and limits), counted as Excel
/// counts them, in UTF-16 units (a character outside the BMP, 𠮷, is two).
pub const EXCEL_CELL_CHARS: usize = 32_767;

pub fn check(r: &Report, out: &mut Vec<Diagnostic>) {
    let long = |field: &str, value: &str, place| {
        let chars = if value.len() <= EXCEL_CELL_CHARS {
            value.len()
        } else {
            value.encode_utf16().count()
        };
        (chars > EXCEL_CELL_CHARS).then(|| {
            Diagnostic::new(
                &r.file,
                RuleId::FileLimit,
                msg!(
                    "limit-excel-cell",
                    field = field,
                    chars = chars,
                    max = EXCEL_CELL_CHARS
                ),
            )
            .at(place)
            .cell(field)
        })
    };
    out.extend(long("department", &r.department, r.place("department")));
    for (path, cell) in text_cells(r) {
        if let ValueRef::Decimal(s) | ValueRef::Text(s) = cell.value() {
            out.extend(long(&path.to_string(), s, cell.place()));
        }
    }
    let pieces = std::iter::once((&r.narrative.preamble, r.narrative.preamble_line))
        .chain(r.narrative.sections.iter().map(|s| (&s.body, s.body_line)));
    for (text, line) in pieces {
        if let Some(n) = first_too_deep(text) {
            out.push(
                Diagnostic::new(
                    &r.file,
                    RuleId::FileLimit,
                    msg!("limit-nesting", max = MAX_NESTING),
                )
                .at_line(line + n as u32),
            );
        }
    }
    invisible(r, out);
}

/// A cell's key path, written out only for the rare cell that needs it (an amount or text):
/// formatting one for each of a report's 200 cells was a tenth of `check`'s time.
enum CellPath {
    Active(&'static ActiveRow, &'static ActiveField),
    Application(&'static ApplicationRow, usize),
    Review(&'static ReviewGroup, usize),
}

impl std::fmt::Display for CellPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CellPath::Active(row, field) => f.write_str(&row.path(field)),
            CellPath::Application(row, i) => write!(f, "{}[{i}]", row.path()),
            CellPath::Review(group, i) => write!(f, "{}[{i}]", group.path()),
        }
    }
}

/// Every table cell that holds an amount or text, with its key path. Loops, not a chain of
/// iterators: they look at each of a report's 200 cells.
fn text_cells(r: &Report) -> Vec<(CellPath, &Cell)> {
    let mut found = vec![];
    let text = |c: &Cell| matches!(c.value(), ValueRef::Decimal(_) | ValueRef::Text(_));
    for (row, cells) in r.active_rows() {
        for (f, c) in row.fields.iter().zip(cells.into_iter().flatten()) {
            if text(c) {
                found.push((CellPath::Active(row, f), c));
            }
        }
    }
    for (row, v) in r.application_rows() {
        for (i, c) in v.into_iter().flat_map(|v| v.cells.iter()).enumerate() {
            if text(c) {
                found.push((CellPath::Application(row, i), c));
            }
        }
    }
    for (g, v) in r.review_groups() {
        for (i, c) in v.into_iter().flat_map(|v| v.cells.iter()).enumerate() {
            if text(c) {
                found.push((CellPath::Review(g, i), c));
            }
        }
    }
    found
}

/// F-INVISIBLE on the department's name and the title.
fn invisible(r: &Report, out: &mut Vec<Diagnostic>) {
    for (key, value) in [("department", &r.department), ("title", &r.title)] {
        // A title not written is made from the department's name (found there).
        if key == "title" && r.place(key).is_none() {
            continue;
        }
        if let Some((_, c)) = crate::control_chars::find_invisible(value) {
            out.push(
                Diagnostic::new(
                    &r.file,
                    RuleId::FileInvisible,
                    msg!(
                        "invisible-char",
                        key = key,
                        code = crate::control_chars::code(c)
                    ),
                )
                .at(r.place(key))
                .cell(key),
            );
        }
    }
}
