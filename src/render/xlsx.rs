//! The Excel workbook of a year (and of all years): one sheet per table of the template (表二,
//! 表三, 表四), one row per report, headed as the template heads its tables: the row label merged
//! over its columns, the column labels below it. Counts are written as numbers, so a reader can
//! sum and sort at once; amounts (万元) and text stay exactly as published.
//!
//! Written with `rust_xlsxwriter` rather than by hand: a valid workbook with merged cells and
//! frozen panes is a large format to get right, and the crate is maintained and light (no default
//! features; it shares the `zip` the importer already uses).

use super::data::{self, CellColumn};
use crate::clock::Date;
use crate::content::{Cell, Report, ValueRef};
use crate::error::Error;
use crate::schema::TableId;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// The columns before the cells on every sheet.
const META: [&str; 4] = ["年度", "部门", "版式", "发布日期"];
/// Header rows: the row label, then the column label.
const HEADER_ROWS: u32 = 2;

/// The workbook of `reports`, dated `today` (the build's date, so that the same content and
/// `SOURCE_DATE_EPOCH` give the same bytes).
pub fn reports_xlsx(reports: &[&Report], today: Date) -> Result<Vec<u8>, Error> {
    workbook(reports, today).map_err(|e| Error::Xlsx(e.to_string()))
}

fn workbook(reports: &[&Report], today: Date) -> Result<Vec<u8>, XlsxError> {
    let columns = data::union_columns(reports);
    let align = data::Aligner::new(&columns);
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(today.year as u16, today.month as u8, today.day as u8)?;
    // Level 2 instead of the default 6: about half the time to save for a file about a tenth
    // larger (the crate's own measurements); a build writes a workbook per year and one of all.
    wb.set_zip_compression_level(2);
    wb.set_properties(
        &DocProperties::new()
            .set_title("政府信息公开工作年度报告数据")
            .set_creation_datetime(&created),
    );
    // Each sheet's columns (indexes into `columns`); sheets of tables no report has are left out.
    let mut sheets: Vec<Vec<usize>> = vec![];
    for table in TableId::ALL {
        let picked: Vec<usize> = (0..columns.len())
            .filter(|&i| columns[i].table == table)
            .collect();
        if picked.is_empty() {
            continue;
        }
        // Row by row to a temporary file ("constant memory"): the sheet of all reports of a
        // large portal has tens of millions of cells, which held in memory took gigabytes.
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(data::table_name(table))?;
        ws.set_column_width(1, 28)?;
        ws.set_freeze_panes(HEADER_ROWS, META.len() as u16)?;
        let sheet_columns: Vec<&CellColumn> = picked.iter().map(|&i| columns[i]).collect();
        headers(ws, &sheet_columns)?;
        sheets.push(picked);
    }
    // Report by report, each row to every sheet (each sheet still gets its rows in order): a
    // report's cells are aligned to the columns once, not once per sheet.
    for (n, r) in reports.iter().enumerate() {
        let at = HEADER_ROWS + n as u32;
        let row = align.row(r);
        for (k, picked) in sheets.iter().enumerate() {
            let ws = wb.worksheet_from_index(k)?;
            // The year as a number (it sorts and filters as one); the rest as written.
            ws.write_number(at, 0, r.year)?;
            let published = r.published.as_deref().unwrap_or("");
            let meta = [r.department.as_str(), r.edition.id(), published];
            for (c, v) in meta.into_iter().enumerate() {
                ws.write_string(at, c as u16 + 1, &*fitted(v))?;
            }
            for (c, &i) in picked.iter().enumerate() {
                write_cell(ws, at, (META.len() + c) as u16, row[i])?;
            }
        }
    }
    wb.save_to_buffer()
}

/// The two header rows: the meta labels merged down, each row label merged across its columns.
/// Written in row order (the sheet is flushed row by row): all of the first row, then the second.
fn headers(ws: &mut Worksheet, columns: &[&CellColumn]) -> Result<(), XlsxError> {
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    ws.set_row_height(1, 45)?;
    for (c, label) in META.iter().enumerate() {
        ws.merge_range(0, c as u16, 1, c as u16, label, &head)?;
    }
    let first = META.len();
    // The runs of columns under one row label: (first, last) column.
    let mut runs = vec![];
    let mut start = 0;
    while start < columns.len() {
        let row = &columns[start].row;
        let len = columns[start..]
            .iter()
            .take_while(|c| &c.row == row)
            .count();
        runs.push(((first + start) as u16, (first + start + len - 1) as u16));
        start += len;
    }
    for &(a, b) in &runs {
        let row = &columns[usize::from(a) - first].row;
        if a == b {
            ws.write_string_with_format(0, a, row, &head)?;
        } else {
            ws.merge_range(0, a, 0, b, row, &head)?;
        }
    }
    for (k, col) in columns.iter().enumerate() {
        ws.write_string_with_format(1, (first + k) as u16, col.column, &head)?;
    }
    Ok(())
}

/// The largest count Excel holds exactly (15 significant digits).
const EXACT_IN_EXCEL: u64 = 999_999_999_999_999;

/// Text as a cell holds it: without control, bidi and zero-width characters, and cut to Excel's
/// 32,767 characters with a note saying so (`check` reports such a value, F-LIMIT; the workbook
/// of every other report must still be written, and the CSV and JSON keep it whole).
fn fitted(s: &str) -> std::borrow::Cow<'_, str> {
    use crate::validate::limits::EXCEL_CELL_CHARS;
    let s = crate::control_chars::strip(s);
    if s.len() <= EXCEL_CELL_CHARS || s.encode_utf16().count() <= EXCEL_CELL_CHARS {
        return s;
    }
    let note = crate::i18n::t(crate::i18n::Lang::Zh, "xlsx-cell-cut");
    let mut room = EXCEL_CELL_CHARS - note.encode_utf16().count();
    let mut out = String::with_capacity(room * 3);
    for c in s.chars() {
        let Some(left) = room.checked_sub(c.len_utf16()) else {
            break;
        };
        room = left;
        out.push(c);
    }
    out.push_str(&note);
    std::borrow::Cow::Owned(out)
}

/// A count as a number; an amount or text exactly as written; a blank stays empty.
fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: Option<&Cell>,
) -> Result<(), XlsxError> {
    match cell.map(Cell::value) {
        // Excel keeps 15 significant digits: a larger count is written as its digits.
        Some(ValueRef::Count(n)) if n.unsigned_abs() > EXACT_IN_EXCEL => {
            ws.write_string(row, col, n.to_string())?;
        }
        Some(ValueRef::Count(n)) => {
            ws.write_number(row, col, n as f64)?;
        }
        Some(ValueRef::Decimal(s)) | Some(ValueRef::Text(s)) => {
            ws.write_string(row, col, &*fitted(s))?;
        }
        Some(ValueRef::Blank) | None => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 25, item 9: a value over Excel's limit failed the whole build.
    #[test]
    fn an_oversize_value_is_cut_with_a_note() {
        let long = "局".repeat(40_000);
        let cut = fitted(&long);
        assert_eq!(cut.encode_utf16().count(), 32_767);
        // Excel counts UTF-16 units: a character outside the BMP is two.
        let wide = "𠮷".repeat(20_000);
        assert!(fitted(&wide).encode_utf16().count() <= 32_767);
        assert!(cut.ends_with(&crate::i18n::t(crate::i18n::Lang::Zh, "xlsx-cell-cut")));
        assert_eq!(fitted("甲\u{202e}局"), "甲局");
    }
}
