//! The Excel workbook of a year (and of all years): one sheet per table of the template (表二,
//! 表三, 表四), one row per report, headed as the template heads its tables: the row label merged
//! over its columns, the column labels below it. Counts are written as numbers, so a reader can
//! sum and sort at once; amounts (万元) and text stay exactly as published.
//!
//! Written with `rust_xlsxwriter` rather than by hand: a valid workbook with merged cells and
//! frozen panes is a large format to get right, and the crate is maintained and light (no default
//! features; it shares the `zip` the importer already uses).

use super::Renderer;
use super::data::{self, CellColumn};
use super::parts::{Assembly, Piece};
use crate::clock::Date;
use crate::content::{Cell, Report, ValueRef};
use crate::error::Error;
use crate::output::Key;
use crate::schema::TableId;
use crate::site::model::Model;
use rayon::prelude::*;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// The columns before the cells on every sheet.
const META: [&str; 4] = ["年度", "部门", "版式", "发布日期"];
/// Header rows: the row label, then the column label.
const HEADER_ROWS: u32 = 2;

/// The workbook of `reports`, written to `rel`, dated the build's date (so that the same content
/// and `SOURCE_DATE_EPOCH` give the same bytes).
pub fn reports_xlsx(r: &Renderer, rel: &str, reports: &[&Report]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    workbook(r, rel, reports, &mut out).map_err(|e| Error::Xlsx(e.to_string()))?;
    Ok(out)
}

/// [`reports_xlsx`] written into `w` as it is made, a sheet at a time: the all-years workbook
/// is some 200 MB at 100,000 reports, and held whole (twice, while it was put together) it was
/// a fifth of a large build's peak memory.
pub fn write_reports_xlsx(
    r: &Renderer,
    rel: &str,
    reports: &[&Report],
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    workbook(r, rel, reports, w).map_err(|e| match e {
        XlsxError::IoError(e) => e,
        e => std::io::Error::other(e.to_string()),
    })
}

/// The workbook in two steps. `rust_xlsxwriter` writes it with the header rows only (the
/// styles, the merged header cells, the frozen panes: the parts of the format that are hard to
/// get right); then each sheet's rows are put in before `</sheetData>`, and the file is zipped
/// again here. The rows are deflated a block of reports at a time, each block on its own (no
/// back-references into the block before, ended at a byte boundary by a sync flush): a block
/// whose reports are unchanged is the same bytes as in the previous workbook and is taken from
/// it ([`super::parts`]), and the blocks are compressed in parallel. Blocks of [`BLOCK`] reports
/// compress almost as well as one stream.
///
/// Each zip entry is written into `w` once made: at most one sheet's blocks are held at a time
/// (its local header, which comes first, needs their CRC and length).
fn workbook(
    r: &Renderer,
    rel: &str,
    reports: &[&Report],
    w: &mut dyn std::io::Write,
) -> Result<(), XlsxError> {
    let columns = data::union_columns(reports);
    let align = data::Aligner::new(&columns);
    // Each sheet's columns (indexes into `columns`); sheets of tables no report has are left out.
    let sheets: Vec<Vec<usize>> = TableId::ALL
        .iter()
        .map(|&table| {
            (0..columns.len())
                .filter(|&i| columns[i].table == table)
                .collect::<Vec<usize>>()
        })
        .filter(|picked| !picked.is_empty())
        .collect();
    let skeleton = skeleton(&columns, &sheets, r.model.site.today)?;
    let variant = format!(
        "xlsx {LEVEL} {BLOCK} by-year no-refs {}",
        data::reports_csv_variant(reports)
    );
    let mut asm = r.assemble(rel, rel, &variant, true);
    let sheets: Vec<Sheet> = sheets
        .into_iter()
        .enumerate()
        .map(|(k, places)| Sheet {
            number: k + 1,
            columns: places.iter().map(|&i| columns[i]).collect(),
            places,
        })
        .collect();
    let blocks = blocks_of(reports);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(skeleton))?;
    let mut zip = ZipOut::new(w);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i)?;
        let name = file.name()?.to_string();
        let mut bytes = Vec::with_capacity(file.size() as usize);
        std::io::Read::read_to_end(&mut file, &mut bytes)?;
        drop(file);
        let sheet = name
            .strip_prefix("xl/worksheets/sheet")
            .and_then(|n| n.strip_suffix(".xml"))
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| sheets.get(n.wrapping_sub(1)));
        let entry = match sheet {
            Some(sheet) => {
                let xml = String::from_utf8(bytes)
                    .map_err(|e| XlsxError::ParameterError(e.to_string()))?;
                let rows = rows(r, sheet, &blocks, &align, &mut asm);
                asm.skip(LOCAL_HEADER + name.len());
                sheet.deflate(&xml, reports.len(), rows, &mut asm)?
            }
            None => {
                asm.skip(LOCAL_HEADER + name.len());
                let mut data = Vec::new();
                let crc = deflate(&bytes, true, &mut data);
                asm.skip(data.len());
                Deflated {
                    data: vec![data],
                    crc,
                    len: bytes.len() as u64,
                }
            }
        };
        zip.add(&name, entry)?;
    }
    asm.finish();
    zip.finish()
}

/// A sheet's blocks of rows, deflated, with their keys: taken from the previous workbook when
/// kept there, or from the other workbook of this build that made the same block (see
/// [`Blocks`]), else made (in parallel).
fn rows(
    r: &Renderer,
    sheet: &Sheet,
    blocks: &[&[&Report]],
    align: &data::Aligner,
    asm: &mut Assembly,
) -> Vec<(Option<Key>, Piece)> {
    let extra = format!("sheet {}", sheet.number);
    let keys: Vec<Option<Key>> = blocks
        .iter()
        .map(|block| asm.key_of_all(block.iter().map(|r| r.file.as_str()), extra.as_bytes()))
        .collect();
    let mut kept: Vec<Option<Piece>> = keys
        .iter()
        .map(|k| k.as_ref().and_then(|k| asm.fetch(k)))
        .collect();
    // Only `build` shares blocks between workbooks: it renders every workbook that could take
    // one (`serve` renders what a save changed, and would leave the others' blocks behind).
    let shared = r.parts().map(|_| &r.workbook_blocks);
    let mut both: std::collections::HashMap<i32, bool> = Default::default();
    let ids: Vec<Option<BlockId>> = (blocks.iter())
        .map(|block| {
            let year = block[0].year;
            let in_both = *both
                .entry(year)
                .or_insert_with(|| in_both_workbooks(r.model, sheet, year));
            (shared.is_some() && in_both).then(|| sheet.block_id(block))
        })
        .collect();
    for (piece, id) in kept.iter_mut().zip(&ids) {
        if let (None, Some(shared), Some(id)) = (&piece, shared, id) {
            *piece = shared.take(id);
        }
    }
    let made: Vec<(Piece, bool)> = kept
        .into_par_iter()
        .zip(blocks)
        .map(|(kept, block)| match kept {
            Some(piece) => (piece, false),
            None => {
                let cells: Vec<Vec<Option<&Cell>>> = block.iter().map(|r| align.row(r)).collect();
                (sheet.block(block, &cells), true)
            }
        })
        .collect();
    let mut out = Vec::with_capacity(made.len());
    for ((piece, new), (key, id)) in made.into_iter().zip(keys.into_iter().zip(&ids)) {
        if let (true, Some(shared), Some(id)) = (new, shared, id) {
            shared.offer(id, &piece);
        }
        out.push((key, piece));
    }
    out
}

/// The blocks of rows of `reports`: a year's reports (which follow each other) [`BLOCK`] at a
/// time, so that the all-years workbook's blocks are those of the year workbooks.
fn blocks_of<'r, 'a>(reports: &'r [&'a Report]) -> Vec<&'r [&'a Report]> {
    reports
        .chunk_by(|a, b| a.year == b.year)
        .flat_map(|year| year.chunks(BLOCK))
        .collect()
}

/// Whether the year workbook of `year` and the all-years workbook both have a sheet with the
/// columns of `sheet` (not when the year's reports use fewer editions than the site's): their
/// blocks of the year's rows in that sheet are then the same.
fn in_both_workbooks(m: &Model, sheet: &Sheet, year: i32) -> bool {
    let table = sheet.columns[0].table;
    let columns = |reports: &mut dyn Iterator<Item = &Report>| -> Vec<*const CellColumn> {
        let reports: Vec<&Report> = reports.collect();
        (data::union_columns(&reports).into_iter())
            .filter(|c| c.table == table)
            .map(|c| c as *const CellColumn)
            .collect()
    };
    let Some(y) = m.year(year) else {
        return false;
    };
    columns(&mut m.reports.iter().map(|info| info.report))
        == columns(&mut y.reports.iter().map(|&i| m[i].report))
}

/// What a block of rows of a sheet is made from: the sheet's columns and the reports, in order
/// (by address: the same within one build).
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct BlockId {
    columns: Vec<usize>,
    reports: Vec<usize>,
}

/// Blocks of rows made by one workbook of a build for another to take: the all-years workbook
/// has every year workbook's blocks (rows carry no row number, see [`Sheet::row`]), and the
/// rows of a block were a third of the workbooks' time. A block is offered once made and
/// taken once; the two may come in either order, or at once (then both make it).
#[derive(Default)]
pub(crate) struct Blocks(std::sync::Mutex<std::collections::HashMap<BlockId, Offer>>);

enum Offer {
    /// Made by one workbook, not yet taken by the other.
    Made(Piece),
    /// Taken (or made by both): whoever comes later makes it.
    Gone,
}

impl Blocks {
    /// The block `id`, when another workbook made it.
    fn take(&self, id: &BlockId) -> Option<Piece> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match map.get_mut(id)? {
            offer @ Offer::Made(_) => match std::mem::replace(offer, Offer::Gone) {
                Offer::Made(piece) => Some(piece),
                Offer::Gone => None,
            },
            Offer::Gone => None,
        }
    }

    /// A block made here, for the other workbook to take (unless it made the block too).
    fn offer(&self, id: &BlockId, piece: &Piece) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match map.entry(id.clone()) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(Offer::Made(Piece {
                    bytes: piece.bytes.clone(),
                    crc: piece.crc,
                    plain: piece.plain,
                }));
            }
            // Both made it, or the other took a piece offered before: nothing to keep.
            std::collections::hash_map::Entry::Occupied(mut o) => {
                o.insert(Offer::Gone);
            }
        }
    }
}

/// Reports whose rows of a sheet are deflated as one block.
const BLOCK: usize = 64;

/// The compression level: 2 rather than zlib's 6, about half the time for a file about a tenth
/// larger (`rust_xlsxwriter`'s own measurements, and the level it was given here before).
const LEVEL: u32 = 2;

/// The workbook with the header rows only, as `rust_xlsxwriter` writes it.
fn skeleton(
    columns: &[&CellColumn],
    sheets: &[Vec<usize>],
    today: Date,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(today.year as u16, today.month as u8, today.day as u8)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("政府信息公开工作年度报告数据")
            .set_creation_datetime(&created),
    );
    for picked in sheets {
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(data::table_name(columns[picked[0]].table))?;
        ws.set_column_width(1, 28)?;
        ws.set_freeze_panes(HEADER_ROWS, META.len() as u16)?;
        let sheet_columns: Vec<&CellColumn> = picked.iter().map(|&i| columns[i]).collect();
        headers(ws, &sheet_columns)?;
    }
    wb.save_to_buffer()
}

/// A data sheet: its number in the workbook, its columns, and their places among the
/// workbook's columns.
struct Sheet<'c> {
    number: usize,
    columns: Vec<&'c CellColumn>,
    places: Vec<usize>,
}

impl Sheet<'_> {
    /// The sheet file with the reports' rows, deflated: the skeleton's XML up to
    /// `</sheetData>`, the blocks of rows ([`rows`]), the rest.
    fn deflate(
        &self,
        xml: &str,
        reports: usize,
        blocks: Vec<(Option<Key>, Piece)>,
        asm: &mut Assembly,
    ) -> Result<Deflated, XlsxError> {
        let Some(end) = xml.find("</sheetData>") else {
            return Err(XlsxError::ParameterError("no sheetData".into()));
        };
        let last_row = HEADER_ROWS as usize + reports;
        let last_col = rust_xlsxwriter::utility::column_number_to_name(
            (META.len() + self.columns.len() - 1) as u16,
        );
        let head = dimension(&xml[..end], &format!("A1:{last_col}{last_row}"));
        let mut data = Vec::with_capacity(blocks.len() + 2);
        let mut crc = crc32fast::Hasher::new();
        let mut len = 0u64;
        let mut add = |data: &mut Vec<Vec<u8>>, part: Vec<u8>, part_crc: u32, part_len: u64| {
            data.push(part);
            crc.combine(&crc32fast::Hasher::new_with_initial_len(part_crc, part_len));
            len += part_len;
        };
        let mut first = Vec::new();
        let head_crc = deflate(head.as_bytes(), false, &mut first);
        asm.skip(first.len());
        add(&mut data, first, head_crc, head.len() as u64);
        for (key, piece) in blocks {
            asm.add(key, &piece);
            add(&mut data, piece.bytes, piece.plain.0, piece.plain.1);
        }
        let tail = &xml[end..];
        let mut last = Vec::new();
        let tail_crc = deflate(tail.as_bytes(), true, &mut last);
        asm.skip(last.len());
        add(&mut data, last, tail_crc, tail.len() as u64);
        Ok(Deflated {
            data,
            crc: crc.finalize(),
            len,
        })
    }

    /// What [`Sheet::block`] makes of `block`, for [`Blocks`].
    fn block_id(&self, block: &[&Report]) -> BlockId {
        BlockId {
            columns: self
                .columns
                .iter()
                .map(|c| *c as *const CellColumn as usize)
                .collect(),
            reports: block.iter().map(|r| *r as *const Report as usize).collect(),
        }
    }

    /// The rows of a block of reports, their cells aligned with the workbook's columns,
    /// deflated on their own.
    fn block(&self, block: &[&Report], cells: &[Vec<Option<&Cell>>]) -> Piece {
        let mut xml = String::with_capacity(block.len() * 4096);
        for (r, cells) in block.iter().zip(cells) {
            self.row(&mut xml, r, cells);
        }
        let mut bytes = Vec::with_capacity(xml.len() / 4);
        let crc = deflate(xml.as_bytes(), false, &mut bytes);
        // Held with the sheet's other blocks until the sheet is written: kept with the room made
        // for deflating (a third of the rows' text, several times what they deflate to), the
        // all-years workbook's blocks took 98 MB more at its highest, at 100,000 reports, the
        // highest memory of a build; cut to size, 18 MB.
        bytes.shrink_to_fit();
        Piece {
            bytes,
            crc: None,
            plain: (crc, xml.len() as u64),
        }
    }

    /// One report's row: the year as a number, the department, edition and date as inline
    /// strings, then the cells. Without cell references (`r="B7"`), which the format leaves
    /// optional (a row follows the one before, a cell the one before it, an empty `<c/>` holds
    /// an empty cell's place): a row is then the same bytes in every workbook and place, and
    /// the files are smaller.
    fn row(&self, out: &mut String, r: &Report, row: &[Option<&Cell>]) {
        out.push_str("<row>");
        let mut cells = RowCells { out, gap: 0 };
        cells.number(r.year);
        let published = r.published.as_deref().unwrap_or("");
        for v in [r.department.as_str(), r.edition.id(), published] {
            cells.text(&fitted(v));
        }
        for &i in &self.places {
            match row[i].map(Cell::value) {
                // Excel keeps 15 significant digits: a larger count is written as its digits.
                Some(ValueRef::Count(n)) if n.unsigned_abs() > EXACT_IN_EXCEL => {
                    cells.text(&n.to_string());
                }
                Some(ValueRef::Count(n)) => cells.number(n),
                Some(ValueRef::Decimal(s)) | Some(ValueRef::Text(s)) => cells.text(&fitted(s)),
                Some(ValueRef::Blank) | None => cells.gap += 1,
            }
        }
        out.push_str("</row>");
    }
}

/// A row's cells written in order, without references: an empty cell is an empty `<c/>`,
/// written only when a cell with a value follows it.
struct RowCells<'o> {
    out: &'o mut String,
    /// Empty cells since the last one written.
    gap: usize,
}

impl RowCells<'_> {
    fn open(&mut self) {
        for _ in 0..self.gap {
            self.out.push_str("<c/>");
        }
        self.gap = 0;
        self.out.push_str("<c");
    }

    fn number(&mut self, n: impl itoa::Integer) {
        self.open();
        self.out.push_str("><v>");
        super::push_int(self.out, n);
        self.out.push_str("</v></c>");
    }

    /// A text cell as an inline string (an empty text is an empty cell, as `rust_xlsxwriter`
    /// writes it).
    fn text(&mut self, s: &str) {
        if s.is_empty() {
            self.gap += 1;
            return;
        }
        self.open();
        let whitespace = ['\t', '\n', ' '];
        self.out.push_str(" t=\"inlineStr\"><is><t");
        if s.starts_with(whitespace) || s.ends_with(whitespace) {
            self.out.push_str(" xml:space=\"preserve\"");
        }
        self.out.push('>');
        escape(self.out, s);
        self.out.push_str("</t></is></c>");
    }
}

/// Text as XML character data, with Excel's own escapes: `_xHHHH_` for control characters,
/// and `_x005F` before text that would read as one.
fn escape(out: &mut String, s: &str) {
    for (i, c) in s.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' => out.push(c),
            '\0'..='\x1f' | '\u{FFFE}' | '\u{FFFF}' => {
                out.push_str(&format!("_x{:04X}_", c as u32));
            }
            '_' if is_escape(&s[i..]) => out.push_str("_x005F_"),
            c => out.push(c),
        }
    }
}

/// Whether text starts with something Excel reads as an escape: `_x`, four hex digits, `_`.
fn is_escape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

/// The sheet's XML with its `<dimension ref="…"/>` set to `range`.
fn dimension(xml: &str, range: &str) -> String {
    const OPEN: &str = "<dimension ref=\"";
    match xml.find(OPEN).and_then(|a| {
        let from = a + OPEN.len();
        xml[from..].find('"').map(|len| (from, from + len))
    }) {
        Some((from, to)) => format!("{}{range}{}", &xml[..from], &xml[to..]),
        None => xml.to_string(),
    }
}

/// Raw deflate of `bytes` with a fresh dictionary, appended to `out`: ended by a sync flush
/// (more blocks follow) or as the stream's last block. Returns the CRC-32 of `bytes`.
fn deflate(bytes: &[u8], last: bool, out: &mut Vec<u8>) -> u32 {
    use flate2::{Compress, Compression};
    // One compressor per thread, reset between streams: making one allocates and zeroes its
    // tables, 108 of the 222 million instructions deflating took (1,000 reports, callgrind); a
    // reset zeroes less. A reset stream writes the same bytes as a new one.
    thread_local! {
        static COMPRESS: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::new(LEVEL), false));
    }
    COMPRESS.with_borrow_mut(|z| {
        z.reset();
        deflate_with(z, bytes, last, out)
    })
}

/// [`deflate`] with the compressor `z`, freshly reset.
fn deflate_with(z: &mut flate2::Compress, bytes: &[u8], last: bool, out: &mut Vec<u8>) -> u32 {
    use flate2::{FlushCompress, Status};
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    out.reserve(bytes.len() / 3 + 64);
    loop {
        let read = z.total_in() as usize;
        let status = z
            .compress_vec(&bytes[read..], out, flush)
            .expect("deflate into memory");
        let done = z.total_in() as usize == bytes.len()
            && match status {
                Status::StreamEnd => true,
                // A sync flush is complete when it left room in the output.
                _ => !last && out.len() < out.capacity(),
            };
        if done {
            break;
        }
        out.reserve(64 * 1024);
    }
    crc32fast::hash(bytes)
}

/// A zip entry's deflated data, in the pieces it was made in, and the CRC-32 and length of
/// what it stands for.
struct Deflated {
    data: Vec<Vec<u8>>,
    crc: u32,
    len: u64,
}

/// The length of a zip local file header but its name.
const LOCAL_HEADER: usize = 30;

/// A zip archive written into `w` an entry at a time, then its central directory.
struct ZipOut<'w> {
    w: &'w mut dyn std::io::Write,
    /// Bytes written so far.
    at: u64,
    central: Vec<u8>,
    entries: u16,
}

impl<'w> ZipOut<'w> {
    fn new(w: &'w mut dyn std::io::Write) -> ZipOut<'w> {
        ZipOut {
            w,
            at: 0,
            central: Vec::new(),
            entries: 0,
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), XlsxError> {
        self.w.write_all(bytes)?;
        self.at += bytes.len() as u64;
        Ok(())
    }

    fn add(&mut self, name: &str, e: Deflated) -> Result<(), XlsxError> {
        let too_large = || XlsxError::ParameterError("workbook over 4 GB".into());
        let offset = u32::try_from(self.at).map_err(|_| too_large())?;
        let size: usize = e.data.iter().map(Vec::len).sum();
        let size = u32::try_from(size).map_err(|_| too_large())?;
        let len = u32::try_from(e.len).map_err(|_| too_large())?;
        let name_len = u16::try_from(name.len()).map_err(|_| too_large())?;
        // Version 2.0, no flags, deflate, 1980-01-01 00:00 (the date is in the workbook).
        let common = |out: &mut Vec<u8>| {
            for v in [20u16, 0, 8, 0, 0x21] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            for v in [e.crc, size, len] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            out.extend_from_slice(&name_len.to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
        };
        let mut local = Vec::with_capacity(LOCAL_HEADER + name.len());
        local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut local);
        local.extend_from_slice(name.as_bytes());
        self.write(&local)?;
        for part in &e.data {
            self.write(part)?;
        }
        self.central
            .extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        self.central.extend_from_slice(&20u16.to_le_bytes());
        common(&mut self.central);
        // Comment length, disk, internal and external attributes, offset.
        for v in [0u16, 0, 0] {
            self.central.extend_from_slice(&v.to_le_bytes());
        }
        self.central.extend_from_slice(&0u32.to_le_bytes());
        self.central.extend_from_slice(&offset.to_le_bytes());
        self.central.extend_from_slice(name.as_bytes());
        self.entries += 1;
        Ok(())
    }

    fn finish(mut self) -> Result<(), XlsxError> {
        let too_large = || XlsxError::ParameterError("workbook over 4 GB".into());
        let at = u32::try_from(self.at).map_err(|_| too_large())?;
        let size = u32::try_from(self.central.len()).map_err(|_| too_large())?;
        let mut end = std::mem::take(&mut self.central);
        end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for v in [0u16, 0, self.entries, self.entries] {
            end.extend_from_slice(&v.to_le_bytes());
        }
        end.extend_from_slice(&size.to_le_bytes());
        end.extend_from_slice(&at.to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes());
        self.write(&end)?;
        self.w.flush()?;
        Ok(())
    }
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

    /// Blocks deflated on their own, each ended by a sync flush and the last one final, are one
    /// deflate stream of the whole, whose CRC-32 is the blocks' combined.
    #[test]
    fn blocks_deflated_apart_are_one_stream() {
        let blocks: [&[u8]; 3] = [
            b"<row r=\"3\"/>".repeat(50).as_slice(),
            b"",
            b"tail</worksheet>",
        ]
        .map(|b| b.to_vec().leak() as &[u8]);
        let mut stream = vec![];
        let mut crc = crc32fast::Hasher::new();
        for (i, b) in blocks.iter().enumerate() {
            let c = deflate(b, i == blocks.len() - 1, &mut stream);
            crc.combine(&crc32fast::Hasher::new_with_initial_len(c, b.len() as u64));
        }
        let mut plain = vec![];
        std::io::Read::read_to_end(
            &mut flate2::read::DeflateDecoder::new(&stream[..]),
            &mut plain,
        )
        .unwrap();
        assert_eq!(plain, blocks.concat());
        assert_eq!(crc.finalize(), crc32fast::hash(&plain));
    }

    /// Cells carry no reference: an empty one holds its place with `<c/>`, and only before a
    /// cell with a value (a row's trailing empty cells are not written).
    #[test]
    fn empty_cells_hold_their_place() {
        let mut out = String::new();
        let mut cells = RowCells {
            out: &mut out,
            gap: 0,
        };
        cells.number(2023);
        cells.text("");
        cells.gap += 1;
        cells.text("甲");
        cells.text("");
        assert_eq!(
            out,
            "<c><v>2023</v></c><c/><c/><c t=\"inlineStr\"><is><t>甲</t></is></c>"
        );
    }

    #[test]
    fn text_is_escaped_as_excel_reads_it() {
        let mut s = String::new();
        escape(&mut s, "a&b<c>_x0041_ _x12_\u{1}\t");
        assert_eq!(s, "a&amp;b&lt;c&gt;_x005F_x0041_ _x12__x0001_\t");
        assert_eq!(
            dimension(r#"<a><dimension ref="A1:B2"/>"#, "A1:C9"),
            r#"<a><dimension ref="A1:C9"/>"#
        );
    }
}
