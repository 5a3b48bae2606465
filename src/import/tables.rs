//! Finding tables 二, 三 and 四 in a [`Doc`] by their header cells and row labels (never by
//! section numbers, which some bodies renumber), and reading their cells exactly as printed.

use super::labels::{contains, contains_where, core, found_where, normalize, similar};
use super::{Doc, Imported, Item, Row, Val, narrative};
use crate::content::Value;
use crate::i18n::Msg;
use crate::msg;
use crate::schema::{
    self, APPLICANT_COLUMNS, APPLICANT_HEADER, APPLICATIONS_CORNER, ActiveRow, Edition, FieldKind,
    OTHER, REVIEW, REVIEW_COLUMNS, REVIEW_GROUPS, TableId,
};

/// A label must match at least this well (see [`contains`]) to be taken as a template row.
const MATCH: f64 = 0.6;

/// Where each table stands in the document (item indices).
#[derive(Clone, Copy, Debug, Default)]
pub struct Regions {
    pub active: Option<(usize, usize)>,
    pub applications: Option<(usize, usize)>,
    pub review: Option<(usize, usize)>,
}

impl Regions {
    /// The first and last item of the table part of the document.
    pub fn span(&self) -> Option<(usize, usize)> {
        let all = [self.active, self.applications, self.review];
        let start = all.iter().flatten().map(|r| r.0).min()?;
        let end = all.iter().flatten().map(|r| r.1).max()?;
        Some((start, end))
    }
}

fn find_from(doc: &Doc, from: usize, pred: impl Fn(&str) -> bool) -> Option<usize> {
    (from..doc.items.len()).find(|&i| pred(&normalize(doc.items[i].text())))
}

/// Locate the tables by their headers: table 二 by its 条例 clause blocks, table 三 by
/// 申请人情况 or its corner cell, table 四 by 行政复议; each ends where the next begins, the last
/// at the next narrative section heading.
pub fn regions(doc: &Doc) -> Regions {
    let blocks: Vec<String> = [Edition::E2021, Edition::E2019]
        .iter()
        .flat_map(|e| schema::active_rows(*e).iter().map(|r| normalize(r.block)))
        .collect();
    let applicant = normalize(APPLICANT_HEADER);
    let corner: String = normalize(APPLICATIONS_CORNER).chars().take(10).collect();
    let review = normalize(REVIEW);
    let t2 = find_from(doc, 0, |t| blocks.iter().any(|b| t.contains(b.as_str())));
    let t3 = find_from(doc, t2.unwrap_or(0), |t| {
        t.contains(&applicant) || t.contains(&corner)
    });
    let t4 = find_from(doc, t3.or(t2).unwrap_or(0), |t| t.contains(&review));
    let end = |from: usize| {
        narrative::next_heading(doc, from, &["problems", "other"]).unwrap_or(doc.items.len())
    };
    let t4_end = t4.map(|s| end(s + 1));
    let stop = |s: usize, next: &[Option<usize>]| {
        next.iter()
            .flatten()
            .copied()
            .filter(|&n| n > s)
            .min()
            .unwrap_or_else(|| end(s + 1))
    };
    Regions {
        active: t2.map(|s| (s, stop(s, &[t3, t4]))),
        applications: t3.map(|s| (s, stop(s, &[t4]))),
        review: t4.map(|s| (s, t4_end.unwrap_or(doc.items.len()))),
    }
}

/// The lines of a table read from a PDF that print numbers but were read as text (a line ending
/// in a remark's wrapped part, "2件）"), or with numbers in the row's label (before a remark's
/// part, "0 0 上申请110"): their numbers were not read, so the table is not read as printed.
/// Each such line as printed.
fn numbers_not_read(doc: &Doc, region: (usize, usize), pdf: Option<Geometry<'_>>) -> Vec<String> {
    lines_holding(doc, region, pdf, |t| t.chars().all(|c| c.is_ascii_digit()))
}

/// The lines of a table read from a PDF that print digits inside a word of text other than a
/// row's numbering ("1.属于…"): the piece of a remark wrapped a character a line ("请8" of
/// "（其中网上申请8件）" under its cell), whose cell's number was read without it, its remark
/// lost. Looked at once nothing else in the table is wrong (the other reasons say more).
fn remark_pieces_not_read(
    doc: &Doc,
    region: (usize, usize),
    pdf: Option<Geometry<'_>>,
) -> Vec<String> {
    lines_holding(doc, region, pdf, |t| {
        let c: Vec<char> = t.chars().collect();
        c.iter().enumerate().any(|(k, d)| {
            d.is_ascii_digit()
                && !c
                    .get(k + 1)
                    .is_some_and(|n| n.is_ascii_digit() || ".、．".contains(*n))
        })
    })
}

/// The lines of a table read from a PDF with a word `number` holds, in a line read as text or
/// in a row's label, each as printed.
fn lines_holding(
    doc: &Doc,
    (s, e): (usize, usize),
    pdf: Option<Geometry<'_>>,
    number: impl Fn(&str) -> bool,
) -> Vec<String> {
    if pdf.is_none() || !doc.layout {
        return vec![];
    }
    let number = |t: &str| t.split_whitespace().any(&number);
    doc.items[s..e.min(doc.items.len())]
        .iter()
        .filter_map(|i| match i {
            Item::Para { text, .. } if number(text) => Some(text.trim().to_string()),
            // A number before the row's numbers, in what was read as its label.
            Item::Row(r) if number(&r.label) => Some(r.raw.trim().to_string()),
            _ => None,
        })
        .collect()
}

/// The numeral a table is known by (二, 三, 四): the number of its section in the template.
fn table_numeral(id: TableId) -> &'static str {
    schema::section_of(id).numeral
}

/// Read a document: title, tables, narrative.
pub fn extract(doc: &Doc) -> Imported {
    extract_with(doc, None)
}

/// What a PDF's reader knows beyond the words: the table's geometry. With it, a column with
/// nothing printed under it in a table whose columns are fixed is a blank cell, and a table
/// with a line not understood has every cell confirmed by the arithmetic ([`super::confirm`]);
/// without it (text, Word, web pages) such a row is refused as before.
#[derive(Clone, Copy, Debug, Default)]
pub struct Geometry<'a> {
    /// The x-range of each of table 三's column labels in its header (in the unit of
    /// [`Val::pos`]).
    pub header: Option<&'a [(usize, usize)]>,
    /// The x-range of each of table 四's fifteen column labels in its header: a row printing
    /// fewer than fifteen numbers has them placed under their columns, the rest blank.
    pub review: Option<&'a [(usize, usize)]>,
    /// The words were read by OCR: a row is taken only when its own line names it clearly
    /// (the arithmetic cannot tell two result rows apart: R-SUM holds with them swapped).
    pub ocr: bool,
    /// Every word the pages print, as the PDF gives them (before lines are formed): a cell
    /// whose box holds none of them is blank as printed, not a number the reader lost.
    pub ink: Option<&'a [Ink]>,
    /// Numbers the reader pieced together from parts printed on two lines, where another
    /// reading was possible (a number wrapped in a cell aligned to its top, a row's end wrapped
    /// onto the next line: [`super::pdf`]), each its box: a cell holding one is taken only
    /// where the arithmetic over its column confirms it; table 二, with no arithmetic, never
    /// takes one.
    pub guessed: Option<&'a [Ink]>,
    /// The PDF's tables drawn with cell borders, read by their cells as a Word table's rows
    /// are ([`super::pdf::ruling`]): a table read whole from them is taken as printed
    /// ([`from_ruling`]).
    pub ruled: Option<&'a Doc>,
}

impl Geometry<'_> {
    /// Whether a value printed on a line within `band` holds a number pieced together by a
    /// guess (its centre inside one's box).
    fn guessed(&self, band: Option<(usize, usize)>, v: &Val) -> bool {
        let (Some(guessed), Some((top, bottom)), Some(x)) = (self.guessed, band, v.pos) else {
            return false;
        };
        guessed
            .iter()
            .any(|g| g.x0 <= x && x <= g.x1 && g.y0 < bottom && top < g.y1)
    }
}

/// How far down the document each page of a PDF starts, in tenths of a point: each page's
/// lines are put below the page before, so that rows' places ([`Row::band`]) and the raw words
/// ([`Ink`]) compare over the whole document and nothing of one page is taken for part of
/// another.
pub const PAGE_STEP: usize = 1_000_000;

/// A word's box as the PDF gives it, in tenths of a point (x across the page, y down the
/// whole document, each page below the one before, as [`Row::band`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ink {
    pub x0: usize,
    pub x1: usize,
    pub y0: usize,
    pub y1: usize,
}

/// Whether no word of `ink` reaches into the box `x0..x1` × `y0..y1` (open: a word that only
/// touches its edge stands outside it).
fn no_ink(ink: &[Ink], x: (usize, usize), y: (usize, usize)) -> bool {
    !ink.iter().any(|w| in_box(w, x, y))
}

/// Whether a word stands in the box `x0..x1` × `y0..y1` as a cell's content does: the box's
/// x-range holds its centre (a cell's text lies inside the cell; a wide number of the cell
/// beside may reach a point over the halfway line between the labels that [`cell_x`] draws),
/// and it reaches into the box's height. A word more than three times as wide as the box is a
/// line across the table (a heading below it, "五、存在的主要问题…", a line of narrative), never
/// what one cell prints (a cell wraps its text inside its own width).
fn in_box(w: &Ink, (x0, x1): (usize, usize), (y0, y1): (usize, usize)) -> bool {
    let centre = (w.x0 + w.x1) / 2;
    (x0..x1).contains(&centre) && w.y1 > y0 && w.y0 < y1 && w.x1 - w.x0 <= 3 * (x1 - x0)
}

/// Whether nothing at all is printed in the box of column `k`'s cell over `reach` (its
/// column's x-range from the header's labels, [`cell_x`]), among the words as the PDF gives
/// them. The one test of a blank cell, for every table and every place a blank is inferred
/// (a row printing fewer numbers than columns, a row printing none, table 四 placed by its
/// header): a cell is blank only when its box on the page is empty. Ink there (a number the
/// reader lost, a remark wrapped above or below the row's line, "3（其中网上申请1" over "件）")
/// means something is printed, whatever the table's sums say. OCR's words are no proof that
/// nothing is printed (it misses faint digits): never blank by this test.
fn nothing_printed(
    pdf: Option<Geometry<'_>>,
    columns: &[(usize, usize)],
    k: usize,
    reach: (usize, usize),
) -> bool {
    let Some(ink) = pdf.filter(|g| !g.ocr).and_then(|g| g.ink) else {
        return false;
    };
    columns.len() >= 2 && k < columns.len() && no_ink(ink, cell_x(columns, k), reach)
}

/// Whether a number read under column `k` is read at a certain place: its box stands under
/// column `k`'s header label alone, it was not pieced together by a guess, and the cell's box
/// over the row's reach holds nothing printed but the number itself (on the row's own lines
/// `band`, within the number's own x-extent). A number wrapped in its cell ("300" over "1"), a
/// remark wrapped around the row's line or a row's number printed lower all leave other ink in
/// the box: such a cell stays in doubt ([`super::confirm`]). Never for OCR.
fn printed_alone(
    pdf: Option<Geometry<'_>>,
    columns: &[(usize, usize)],
    k: usize,
    v: &Val,
    band: (usize, usize),
    reach: (usize, usize),
) -> bool {
    let Some(g) = pdf.filter(|g| !g.ocr) else {
        return false;
    };
    let (Some(ink), Some(x)) = (g.ink, v.pos) else {
        return false;
    };
    if columns.len() < 2
        || under_label(Some(columns), x, v.half) != Some(k)
        || g.guessed(Some(band), v)
    {
        return false;
    }
    // A point of slack for the rounding of the boxes.
    const SLACK: usize = 10;
    let (x0, x1) = cell_x(columns, k);
    let (v0, v1) = (x.saturating_sub(v.half), x + v.half);
    let mut own = 0;
    let alone = ink.iter().filter(|w| in_box(w, (x0, x1), reach)).all(|w| {
        let centre = (w.y0 + w.y1) / 2;
        let mine = (band.0..=band.1).contains(&centre) && w.x0 + SLACK >= v0 && w.x1 <= v1 + SLACK;
        own += usize::from(mine);
        mine
    });
    alone && own > 0
}

/// The x-range of column `k`'s cells: from halfway between its header label and the label
/// before it to halfway to the label after it (the first and last column reach as far out as
/// the half gap beside them on the other side).
fn cell_x(header: &[(usize, usize)], k: usize) -> (usize, usize) {
    let gap = |a: usize| header[a + 1].0.saturating_sub(header[a].1);
    let left = if k == 0 {
        header[0].0.saturating_sub(gap(0) / 2)
    } else {
        (header[k - 1].1 + header[k].0) / 2
    };
    let right = if k + 1 == header.len() {
        header[k].1 + gap(k - 1) / 2
    } else {
        (header[k].1 + header[k + 1].0) / 2
    };
    (left, right)
}

/// How well a row's own printed label must match the template's when read by OCR.
const OCR_LABEL: f64 = 0.75;

/// Read a document with its PDF geometry (`None` for other forms).
pub fn extract_with(doc: &Doc, pdf: Option<Geometry<'_>>) -> Imported {
    let doc = &narrative::split_run_in_headings(doc);
    let mut out = Imported::default();
    narrative::title(doc, &mut out);
    let regions = regions(doc);
    let edition = detect_edition(doc, &regions, out.year);
    out.edition = Some(edition);
    let mut ruled = vec![];
    if edition.has_tables() {
        for id in [
            TableId::Active,
            TableId::Applications,
            TableId::ReviewLitigation,
        ] {
            if from_ruling(pdf, id, edition, &mut out) {
                ruled.push(id);
            }
        }
        match regions.active.filter(|_| !ruled.contains(&TableId::Active)) {
            Some(r) => active(doc, r, edition, pdf, &mut out),
            None if ruled.contains(&TableId::Active) => {}
            None => out.missing.push(msg!(
                "imp-table-not-found",
                table = table_numeral(TableId::Active),
                title = schema::section_of(TableId::Active).title
            )),
        }
        match regions
            .applications
            .filter(|_| !ruled.contains(&TableId::Applications))
        {
            Some(r) => applications(doc, r, edition, pdf, &mut out),
            None if ruled.contains(&TableId::Applications) => {}
            None => out.missing.push(msg!(
                "imp-table-not-found",
                table = table_numeral(TableId::Applications),
                title = schema::section_of(TableId::Applications).title
            )),
        }
        match regions
            .review
            .filter(|_| !ruled.contains(&TableId::ReviewLitigation))
        {
            Some(r) => review(doc, r, pdf, &mut out),
            None if ruled.contains(&TableId::ReviewLitigation) => {}
            None => out.missing.push(msg!(
                "imp-table-not-found",
                table = table_numeral(TableId::ReviewLitigation),
                title = schema::section_of(TableId::ReviewLitigation).title
            )),
        }
    }
    // A free-text report has no tables to cut out of its narrative (a sentence there naming
    // 行政复议 is not table 四).
    let tables = if edition.has_tables() {
        regions.span()
    } else {
        None
    };
    narrative::sections(doc, tables, &mut out);
    out
}

/// Read table `id` from the PDF's tables drawn with cell borders ([`Geometry::ruled`]: each
/// cell's whole text, however it wraps, a cell with nothing in its box blank), as a Word
/// table's rows are read. Taken only when every row of the template is read from them with
/// nothing refused, nothing in doubt, and, in table 三, every row with cells under a label of
/// its own that starts with its numbering (a row broken by a page prints the rest of its label,
/// unnumbered, in a row of its own on the next page); its cells are then certain as printed
/// ([`Imported::certain_numbers`]), whatever the table's sums. Otherwise nothing is taken here
/// and the table is read from the lines as before.
fn from_ruling(
    pdf: Option<Geometry<'_>>,
    id: TableId,
    edition: Edition,
    out: &mut Imported,
) -> bool {
    let Some(doc) = pdf.and_then(|g| g.ruled) else {
        return false;
    };
    // A scan's cells are read by OCR ([`super::pdf`]'s `ocr`): its rows are matched as OCR's
    // are, and only what [`scanned_certainty`] allows is taken as printed.
    let ocr = pdf.is_some_and(|g| g.ocr);
    let reader = ocr.then(|| Geometry {
        ocr: true,
        ..Geometry::default()
    });
    let regions = regions(doc);
    let Some(region) = (match id {
        TableId::Active => regions.active,
        TableId::Applications => regions.applications,
        TableId::ReviewLitigation => regions.review,
    }) else {
        return false;
    };
    let header_read = (id == TableId::Applications).then(|| header_rows_as_text(doc, region));
    let doc = header_read.as_ref().unwrap_or(doc);
    // A scan's row OCR gives no cells (a line of text) is refused by name, never passed over:
    // the template's rows are matched one by one. Table 四 is one row still.
    let scanned = ocr && id != TableId::ReviewLitigation;
    if !scanned && !all_ink_read(doc, region, id) {
        return false;
    }
    let mut read = Imported::default();
    let mut paths: Vec<String> = vec![];
    // A scan's table is taken with the rows it reads when they are half the table's and more,
    // the others refused by name: OCR garbles a label or a digit here and there, and the line
    // reader, which reads the same words with no column fixed by its borders, reads no more.
    let mut unread = 0;
    match id {
        TableId::Active => {
            active(doc, region, edition, reader, &mut read);
            for (row, cells) in &read.active {
                if cells.is_none() {
                    unread += 1;
                    continue;
                }
                paths.extend(row.fields.iter().map(|f| row.path(f)));
            }
        }
        TableId::Applications => {
            if !ocr && !rows_numbered(doc, region) {
                return false;
            }
            applications(doc, region, edition, reader, &mut read);
            for (key, cells) in &read.applications {
                if cells.is_none() {
                    unread += 1;
                    continue;
                }
                paths.extend(
                    APPLICANT_COLUMNS
                        .iter()
                        .map(|c| format!("applications.{key}.{}", c.key)),
                );
            }
        }
        TableId::ReviewLitigation => {
            review(doc, region, reader, &mut read);
            for (key, cells) in &read.review {
                if cells.is_none() {
                    unread += 1;
                    continue;
                }
                paths.extend(
                    REVIEW_COLUMNS
                        .iter()
                        .map(|c| format!("review_litigation.{key}.{}", c.key)),
                );
            }
        }
    }
    let rows = read.active.len() + read.applications.len() + read.review.len();
    if ocr {
        // Fewer than half the rows read: OCR's reading of the cells failed more than the
        // line reader's would (a cut-out part of a table), which reads it instead.
        if 2 * (rows.saturating_sub(unread)) < rows {
            return false;
        }
        paths = scanned_certainty(doc, region, &mut read);
        out.missing.append(&mut read.missing);
        out.doubtful.append(&mut read.doubtful);
        out.doubtful_columns.append(&mut read.doubtful_columns);
    } else if unread > 0
        || !read.missing.is_empty()
        || !read.doubtful.is_empty()
        || !read.doubtful_columns.is_empty()
    {
        return false;
    }
    match id {
        TableId::Active => out.active = read.active,
        TableId::Applications => out.applications = read.applications,
        TableId::ReviewLitigation => out.review = read.review,
    }
    out.notes.extend(read.notes);
    out.certain_blanks.extend(read.certain_blanks);
    out.found.extend(read.found);
    out.warnings.extend(read.warnings);
    out.certain_numbers.extend(paths);
    out.found.push(msg!("imp-ruled", table = table_numeral(id)));
    true
}

/// What of a scan's table read by its cell borders is certain as printed, the paths of
/// [`Imported::certain_numbers`]; the rest is left to the arithmetic ([`super::confirm`]). A cell
/// of a scan's ruled table holds digits only where its readings agree and nothing where no ink
/// is printed inside its borders (`super::pdf::ocr`): a blank cell in a row printing a number is
/// blank as printed ([`Imported::certain_blanks`], taken where no equation fails), and a row of table 二, which
/// has no arithmetic, is taken as read where its own label cell reads the template's label
/// whole, on one row of the table only (a label garbled by OCR may be matched to the wrong row).
fn scanned_certainty(doc: &Doc, region: (usize, usize), read: &mut Imported) -> Vec<String> {
    let mut certain = vec![];
    let rows = rows_in(doc, region);
    for (srow, cells) in &read.active {
        let Some(cells) = cells else { continue };
        let whole: Vec<&Row> = rows
            .iter()
            .filter(|(_, r)| contains(&normalize(&r.label), &core(srow.label)) >= 1.0)
            .map(|(_, r)| *r)
            .collect();
        let alone = |r: &Row| read_active_row(srow, r, &mut Imported::default());
        if let [row] = whole[..]
            && alone(row).as_ref() == Some(cells)
        {
            certain.extend(srow.fields.iter().map(|f| srow.path(f)));
        }
    }
    // A row all blank may be none the scan printed (（六）其他处理 printed as one row leaves its
    // two 2021 rows blank): its blanks are not certain.
    let printed = |cells: &Option<Vec<Value>>| {
        cells
            .as_ref()
            .is_some_and(|v| v.iter().any(|c| *c != Value::Blank))
    };
    for (key, cells) in read.applications.iter().filter(|(_, c)| printed(c)) {
        for (c, v) in APPLICANT_COLUMNS.iter().zip(cells.iter().flatten()) {
            if *v == Value::Blank {
                read.certain_blanks
                    .push(format!("applications.{key}.{}", c.key));
            }
        }
    }
    for (key, cells) in read.review.iter().filter(|(_, c)| printed(c)) {
        for (c, v) in REVIEW_COLUMNS.iter().zip(cells.iter().flatten()) {
            if *v == Value::Blank {
                read.certain_blanks
                    .push(format!("review_litigation.{key}.{}", c.key));
            }
        }
    }
    certain
}

/// Table 三's `doc` with the rows of `region` before its first row printing a digit that print
/// no digit and nothing in their first cell as lines of text: they are the header's, a line of
/// its column labels parted from the rest by a border LibreOffice draws through it ("商业" over
/// "企业": " |  | 企业 | 机构 |  | …"). No number is read from them, and every row of the
/// template prints its label or its group's in the first cell (a row printed blank keeps its
/// own).
fn header_rows_as_text(doc: &Doc, (s, e): (usize, usize)) -> Doc {
    let mut doc = doc.clone();
    let e = e.min(doc.items.len());
    let digit =
        |i: &Item| matches!(i, Item::Row(r) if r.raw.contains(|c: char| c.is_ascii_digit()));
    let first = doc.items[s..e].iter().position(digit).map_or(e, |k| s + k);
    for item in &mut doc.items[s..first] {
        if let Item::Row(r) = item
            && r.raw
                .split(" | ")
                .next()
                .is_some_and(|c| c.trim().is_empty())
        {
            let text: Vec<&str> = r
                .raw
                .split(" | ")
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .collect();
            *item = Item::Para {
                text: text.join(" "),
                indent: 0,
                heading: None,
                band: None,
            };
        }
    }
    doc
}

/// Whether every cell of a ruled table's region that prints a digit is read: no line of text
/// (a header row) holds a digit, and in table 四 one row alone has cells (a remark continued in
/// a row of its own, "（其中1件已办结）" on the next page, would otherwise be passed over).
fn all_ink_read(doc: &Doc, (s, e): (usize, usize), id: TableId) -> bool {
    let text_digits = doc.items[s..e.min(doc.items.len())]
        .iter()
        .any(|i| matches!(i, Item::Para { text, .. } if text.chars().any(|c| c.is_ascii_digit())));
    let rows = doc.items[s..e.min(doc.items.len())]
        .iter()
        .filter(|i| matches!(i, Item::Row(_)))
        .count();
    !text_digits && (id != TableId::ReviewLitigation || rows == 1)
}

/// Whether every row of table 三 with cells (in a table read by its cell borders, a Word
/// table's rows: cells joined by ` | `) has a label cell of its own, right before its cells,
/// that starts with a numbering ("1.属于国家秘密", "（一）予以公开", "四、结转下年度继续办理").
fn rows_numbered(doc: &Doc, (s, e): (usize, usize)) -> bool {
    rows_in(doc, (s, e)).iter().all(|(_, r)| {
        let cells: Vec<&str> = r.raw.split(" | ").collect();
        cells.len() > r.values.len()
            && starts_numbered(&normalize(cells[cells.len() - r.values.len() - 1]))
    })
}

/// The edition, from the shape of table 二 (its column headers differ between 2019 and 2021),
/// else from the rows of table 三 (2021 splits （六）其他处理 into three rows), else from the
/// year. A 2020 report printed in the 2021 template (some bodies adopted it early) whose table 二
/// is not read would otherwise be written as the 2019 edition its year suggests.
fn detect_edition(doc: &Doc, regions: &Regions, year: Option<i32>) -> Edition {
    // How many of an edition's labels the region's text holds; labels both editions share
    // count alike for both, so the edition-specific ones decide.
    let hits = |region: Option<(usize, usize)>, labels: &dyn Fn(Edition) -> Vec<&'static str>| {
        let (s, e) = region?;
        let text: String = doc.items[s..e.min(doc.items.len())]
            .iter()
            .map(|i| normalize(i.text()))
            .collect();
        let count = |ed: Edition| {
            let mut labels: Vec<String> = labels(ed).into_iter().map(normalize).collect();
            labels.sort();
            labels.dedup();
            labels.iter().filter(|l| text.contains(l.as_str())).count()
        };
        let (h21, h19) = (count(Edition::E2021), count(Edition::E2019));
        (h21 != h19).then_some(if h21 > h19 {
            Edition::E2021
        } else {
            Edition::E2019
        })
    };
    let active_labels = |ed: Edition| -> Vec<&'static str> {
        schema::active_rows(ed)
            .iter()
            .flat_map(|r| r.fields.iter().map(|f| f.label))
            .collect()
    };
    // A row's label and the label of its group (2021's （六）其他处理 is a group over three
    // rows, 2019's a row: both print it).
    let application_labels = |ed: Edition| -> Vec<&'static str> {
        schema::application_rows(ed)
            .flat_map(|r| std::iter::once(r.label).chain(r.group.map(|g| g.label)))
            .collect()
    };
    hits(regions.active, &active_labels)
        .or_else(|| hits(regions.applications, &application_labels))
        .unwrap_or_else(|| year.map(Edition::for_year).unwrap_or(Edition::E2021))
}

/// Rows with values inside a region.
fn rows_in(doc: &Doc, (s, e): (usize, usize)) -> Vec<(usize, &Row)> {
    (s..e)
        .filter_map(|i| match &doc.items[i] {
            Item::Row(r) if !r.values.is_empty() => Some((i, r)),
            _ => None,
        })
        .collect()
}

/// Monotone alignment of printed rows (in order) with template rows (in order), maximising the
/// number of matches, then the label similarity. Returns for each template row the printed row.
fn align(scores: &[Vec<f64>], m: usize) -> Vec<Option<usize>> {
    let n = scores.len();
    let mut dp = vec![vec![0.0f64; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let mut best = dp[i + 1][j].max(dp[i][j + 1]);
            if scores[i][j] >= MATCH {
                best = best.max(10.0 + scores[i][j] + dp[i + 1][j + 1]);
            }
            dp[i][j] = best;
        }
    }
    let mut assign = vec![None; m];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if scores[i][j] >= MATCH && dp[i][j] == 10.0 + scores[i][j] + dp[i + 1][j + 1] {
            assign[j] = Some(i);
            i += 1;
            j += 1;
        } else if dp[i][j] == dp[i + 1][j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    assign
}

/// A printed cell read as the schema's kind. A count with a remark ("22（其中修订16件）") gives
/// the number and the remark for `[notes]`.
pub fn read_cell(text: &str, kind: FieldKind) -> Result<(Value, Option<String>), Msg> {
    let t = text.trim();
    if t.is_empty() || ["-", "—", "/", "／"].contains(&t) {
        return Ok((Value::Blank, None));
    }
    let n = normalize(t);
    match kind {
        FieldKind::Text => Ok((Value::Text(t.to_string()), None)),
        FieldKind::Decimal => {
            // An amount printed with its unit ("73802895.90元"): the amount exactly as printed,
            // the cell as printed kept as a note (the unit may not be the template's 万元).
            let unit = ["万元", "元"].into_iter().find(|u| n.ends_with(u));
            let (n, note) = match unit {
                Some(u) => (
                    n[..n.len() - u.len()].trim().to_string(),
                    Some(t.to_string()),
                ),
                None => (n, None),
            };
            let n = without_separators(&n).ok_or_else(|| msg!("imp-not-amount", text = t))?;
            let ok = !n.is_empty()
                && n.chars().all(|c| c.is_ascii_digit() || c == '.')
                && n.matches('.').count() <= 1
                && !n.starts_with('.')
                && !n.ends_with('.');
            if ok {
                Ok((Value::Decimal(n), note))
            } else {
                Err(msg!("imp-not-amount", text = t))
            }
        }
        FieldKind::Count | FieldKind::SignedCount => {
            let digits_end = n
                .char_indices()
                .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-') || c == ','))
                .map_or(n.len(), |(i, _)| i);
            let (num, rest) = n.split_at(digits_end);
            let num = without_separators(num).ok_or_else(|| msg!("imp-not-whole", text = t))?;
            let num = num.as_str();
            let value: i64 = num.parse().map_err(|_| msg!("imp-not-whole", text = t))?;
            // "000000": cells printed without a separator, never read as one number.
            if num.trim_start_matches('-').len() > 1 && num.trim_start_matches('-').starts_with('0')
            {
                return Err(msg!("imp-leading-zero", text = t));
            }
            if value < 0 && kind == FieldKind::Count {
                return Err(msg!("imp-negative", text = t));
            }
            if rest.is_empty() {
                return Ok((Value::Count(value), None));
            }
            match rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
                Some(note) if !note.is_empty() => {
                    // The remark as printed (full-width brackets removed, digits kept).
                    let printed = t
                        .trim_start_matches(|c: char| {
                            c.is_ascii_digit() || c == '-' || c == ',' || c == '，'
                        })
                        .trim();
                    let inner = printed
                        .trim_start_matches(['（', '('])
                        .trim_end_matches(['）', ')']);
                    Ok((Value::Count(value), Some(inner.to_string())))
                }
                _ => Err(msg!("imp-not-whole", text = t)),
            }
        }
    }
}

/// A number's digits without its thousands separators ("4,518", "1，234" normalized, "1,234.5"):
/// every group after a separator has three digits, the first one to three (a cell of two
/// numbers run together with a comma, "1,2", is no number). None when it is grouped otherwise.
pub fn without_separators(n: &str) -> Option<String> {
    if !n.contains(',') {
        return Some(n.to_string());
    }
    let (whole, fraction) = n.split_once('.').map_or((n, None), |(w, f)| (w, Some(f)));
    let mut groups = whole.trim_start_matches('-').split(',');
    let first = groups.next()?;
    let grouped = (1..=3).contains(&first.len())
        && !first.starts_with('0')
        && first.chars().all(|c| c.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
    let digits: String = n.chars().filter(|&c| c != ',').collect();
    (grouped && fraction.is_none_or(|f| !f.contains(','))).then_some(digits)
}

fn active(
    doc: &Doc,
    region: (usize, usize),
    edition: Edition,
    pdf: Option<Geometry<'_>>,
    out: &mut Imported,
) {
    let rows = rows_in(doc, region);
    let schema_rows = schema::active_rows(edition);
    let scores: Vec<Vec<f64>> = rows
        .iter()
        .map(|&(i, r)| {
            let label = core(&r.label);
            let window = normalize(&adjacent_label(doc, i, r));
            schema_rows
                .iter()
                .map(|s| {
                    let c = core(s.label);
                    similar(&label, &c)
                        .max(0.85 * contains(&label, &c))
                        .max(0.8 * contains(&window, &c))
                })
                .collect()
        })
        .collect();
    let assign = align(&scores, schema_rows.len());
    let mut found = 0;
    for (j, srow) in schema_rows.iter().enumerate() {
        let Some(i) = assign[j] else {
            out.missing.push(msg!(
                "imp-row-not-found",
                table = table_numeral(TableId::Active),
                row = srow.label
            ));
            out.active.push((srow, None));
            continue;
        };
        let row = rows[i].1;
        let cells = read_active_row(srow, row, out);
        // Table 二 has no arithmetic to confirm a number pieced together by a guess.
        if cells.is_some() && pdf.is_some_and(|g| row.values.iter().any(|v| g.guessed(row.band, v)))
        {
            out.doubtful
                .extend(srow.fields.iter().map(|f| srow.path(f)));
        }
        found += usize::from(cells.is_some());
        out.active.push((srow, cells));
    }
    for (i, (_, r)) in rows.iter().enumerate() {
        if !assign.contains(&Some(i)) {
            out.missing.push(msg!(
                "imp-row-unmatched",
                table = table_numeral(TableId::Active),
                line = r.raw.trim()
            ));
        }
    }
    out.found.push(msg!(
        "imp-rows-found",
        table = table_numeral(TableId::Active),
        found = found,
        total = schema_rows.len()
    ));
}

/// A row's label with the text lines right above and below it: a label wrapped in its cell
/// ("行政规范性文" over "件"), with the numbers printed beside either part or between them.
fn adjacent_label(doc: &Doc, i: usize, r: &Row) -> String {
    let para = |k: Option<usize>| match k.and_then(|k| doc.items.get(k)) {
        Some(Item::Para { text, .. }) => text.as_str(),
        _ => "",
    };
    format!("{}{}{}", para(i.checked_sub(1)), r.label, para(Some(i + 1)))
}

fn read_active_row(srow: &ActiveRow, row: &Row, out: &mut Imported) -> Option<Vec<Value>> {
    if row.values.len() != srow.fields.len() {
        out.missing.push(msg!(
            "imp-row-width",
            table = table_numeral(TableId::Active),
            row = srow.label,
            cells = row.values.len(),
            expected = srow.fields.len()
        ));
        return None;
    }
    let mut cells = vec![];
    for (f, v) in srow.fields.iter().zip(&row.values) {
        match read_cell(&v.text, f.kind) {
            Ok((value, note)) => {
                if let Some(note) = note {
                    out.notes.insert(srow.path(f), note);
                }
                cells.push(value);
            }
            Err(e) => {
                out.missing.push(msg!(
                    "imp-cell",
                    table = table_numeral(TableId::Active),
                    row = srow.label,
                    column = f.label,
                    reason = e
                ));
                return None;
            }
        }
    }
    Some(cells)
}

/// A printed row of table 三 with its 7 cells (None: nothing printed in that column).
struct Candidate {
    /// Its own label, and in layout text the label fragments on the lines around it.
    label: String,
    /// The label fragments around it, normalized, with where its own lines stand in them
    /// (character offsets).
    windows: [(String, (usize, usize)); READINGS],
    /// Per window: where each item's text starts in it (item index, character offset).
    window_items: [Vec<(usize, usize)>; READINGS],
    cells: Vec<Option<Val>>,
    first: usize,
    last: usize,
    raw: String,
    /// The table's columns are fixed by its other rows: a column with nothing printed under it
    /// is a blank cell, kept only where the arithmetic confirms it ([`super::confirm`]).
    fixed: bool,
    /// Two cells' numbers printed so close that they read as one word ("00" under 其他 and
    /// 总计), split by the header's columns: every cell of the row is then in doubt.
    split: bool,
    /// Every number of the row stands under exactly one of the header's column labels.
    by_header: bool,
    /// Per column: nothing printed in its cell's box at all ([`certain_blanks`]).
    no_ink: Vec<bool>,
}

const WIDTH: usize = APPLICANT_COLUMNS.len();

impl Candidate {
    fn new(i: usize, r: &Row, cells: Vec<Option<Val>>) -> Candidate {
        let cells_len = cells.len();
        Candidate {
            label: r.label.clone(),
            windows: Default::default(),
            window_items: Default::default(),
            cells,
            first: i,
            last: i,
            raw: r.raw.clone(),
            fixed: false,
            split: false,
            by_header: false,
            no_ink: vec![false; cells_len],
        }
    }
}

/// The printed rows of table 三. In layout text (and PDF word boxes) a row's numbers may be
/// split over several lines (a wrapped label, cells aligned differently); the position of each
/// number decides its cell.
fn candidates(
    doc: &Doc,
    region: (usize, usize),
    pdf: Option<Geometry<'_>>,
    out: &mut Imported,
) -> Vec<Candidate> {
    let rows = rows_in(doc, region);
    if !doc.layout {
        return rows
            .into_iter()
            .filter(|(_, r)| r.values.len() >= 2)
            .map(|(i, r)| Candidate::new(i, r, r.values.iter().cloned().map(Some).collect()))
            .collect();
    }
    let mut cands = placed_rows(doc, &rows, pdf, out);
    report_empty_columns(&cands, out);
    label_windows(doc, region, &mut cands);
    cands
}

/// The column centres of the complete rows (all seven numbers printed), by item index.
fn column_centres(rows: &[(usize, &Row)]) -> Vec<(usize, Vec<usize>)> {
    rows.iter()
        .filter(|(_, r)| r.values.len() == WIDTH)
        .filter_map(|(i, r)| Some((*i, r.values.iter().map(|v| v.pos).collect::<Option<_>>()?)))
        .collect()
}

/// The column centres from every number of the table, when no row prints all seven: the
/// numbers' centres fall into exactly seven groups, each much narrower than the gaps between
/// them (else the columns are not fixed, and nothing is placed by them).
fn cluster_centres(rows: &[(usize, &Row)]) -> Option<Vec<usize>> {
    let mut xs: Vec<usize> = rows
        .iter()
        .flat_map(|(_, r)| r.values.iter().filter_map(|v| v.pos))
        .collect();
    xs.sort_unstable();
    if xs.len() < 2 * WIDTH {
        return None;
    }
    let mut gaps: Vec<(usize, usize)> = xs.windows(2).map(|w| w[1] - w[0]).zip(1..).collect();
    gaps.sort_by_key(|g| std::cmp::Reverse(g.0));
    let (between, within) = gaps.split_at(WIDTH - 1);
    let narrowest_between = between.iter().map(|g| g.0).min()?;
    let widest_within = within.first().map_or(0, |g| g.0);
    if narrowest_between < 40 || narrowest_between < 3 * widest_within {
        return None;
    }
    let mut cuts: Vec<usize> = between.iter().map(|g| g.1).collect();
    cuts.sort_unstable();
    let mut centres = vec![];
    let mut from = 0;
    for cut in cuts.into_iter().chain([xs.len()]) {
        let group = &xs[from..cut];
        centres.push((group[0] + group[group.len() - 1]) / 2);
        from = cut;
    }
    Some(centres)
}

/// The column of a number at `x` on item `i`: the nearest centre of the nearest complete row
/// (pages can shift the columns), if within half the narrowest column gap.
fn column_of(full: &[(usize, Vec<usize>)], i: usize, x: usize) -> Option<usize> {
    let (_, centres) = full.iter().min_by_key(|(j, _)| j.abs_diff(i))?;
    let (k, d) = centres
        .iter()
        .enumerate()
        .map(|(k, &c)| (k, x.abs_diff(c)))
        .min_by_key(|&(_, d)| d)?;
    let gap = centres
        .windows(2)
        .map(|w| w[1].abs_diff(w[0]))
        .min()
        .unwrap_or(0);
    (d <= gap / 2 + 1).then_some(k)
}

/// The column whose header label a number's box (centred at `x`, `half` its half width)
/// overlaps, when it overlaps exactly one: the label lies inside its cell, and so does the
/// number, so an overlap puts the number in that label's column however the cells align their
/// numbers (left-aligned ones stand far from the label's centre, nearer the column before).
/// Two cells' numbers run together into one word overlap two labels and are not placed here.
fn under_label(header: Option<&[(usize, usize)]>, x: usize, half: usize) -> Option<usize> {
    let (x0, x1) = (x.saturating_sub(half), x + half);
    let mut over = header?
        .iter()
        .enumerate()
        .filter(|(_, (a, b))| *a < x1 && x0 < *b)
        .map(|(k, _)| k);
    let k = over.next()?;
    over.next().is_none().then_some(k)
}

/// A word of digits whose box overlaps two or more of the header's column labels ("00": the
/// numbers of two narrow cells with too little space between them for a word break), split
/// where its characters (each its share of the box) stand under different labels; None when
/// it overlaps fewer than two, or a part would start with 0 (not a number as printed).
fn run_together(header: Option<&[(usize, usize)]>, v: &Val) -> Option<Vec<Val>> {
    let header = header?;
    let digits: Vec<char> = v.text.chars().collect();
    if digits.len() < 2 || !digits.iter().all(char::is_ascii_digit) {
        return None;
    }
    let (x0, x1) = (v.pos?.saturating_sub(v.half), v.pos? + v.half);
    let over: Vec<(usize, usize)> = header
        .iter()
        .copied()
        .filter(|&(a, b)| a < x1 && x0 < b)
        .collect();
    if over.len() < 2 {
        return None;
    }
    let step = (x1 - x0) as f64 / digits.len() as f64;
    let column = |k: usize| {
        let centre = x0 as f64 + step * (k as f64 + 0.5);
        over.iter()
            .enumerate()
            .min_by(|a, b| {
                let d = |s: &(usize, usize)| (centre - (s.0 + s.1) as f64 / 2.0).abs();
                d(a.1).total_cmp(&d(b.1))
            })
            .map_or(0, |(c, _)| c)
    };
    let mut parts: Vec<(usize, usize, usize)> = vec![]; // (column, first, last)
    for k in 0..digits.len() {
        match parts.last_mut() {
            Some(p) if p.0 == column(k) => p.2 = k,
            _ => parts.push((column(k), k, k)),
        }
    }
    if parts.len() < 2 {
        return None;
    }
    parts
        .iter()
        .map(|&(_, a, b)| {
            let text: String = digits[a..=b].iter().collect();
            if text.len() > 1 && text.starts_with('0') {
                return None;
            }
            let (p0, p1) = (
                x0 as f64 + step * a as f64,
                x0 as f64 + step * (b + 1) as f64,
            );
            Some(Val {
                text,
                pos: Some(((p0 + p1) / 2.0).round() as usize),
                half: ((p1 - p0) / 2.0).round() as usize,
            })
        })
        .collect()
}

/// How many lines apart the numbers of one row may be printed: a label wrapped onto three or
/// four lines beside a group label stacked a character a line puts six lines between them.
const ROW_SPREAD: usize = 6;

/// Each line's numbers put under their columns; a line holding the rest of the row above
/// (its numbers in the columns that row left empty) joins it.
fn placed_rows(
    doc: &Doc,
    rows: &[(usize, &Row)],
    pdf: Option<Geometry<'_>>,
    out: &mut Imported,
) -> Vec<Candidate> {
    let header = pdf.and_then(|g| g.header).filter(|h| h.len() == WIDTH);
    let mut full = column_centres(rows);
    if full.is_empty()
        && pdf.is_some()
        && let Some(centres) = header
            .map(|h| h.iter().map(|&(a, b)| (a + b) / 2).collect())
            .or_else(|| cluster_centres(rows))
    {
        full = vec![(0, centres)];
    }
    let placeable = !full.is_empty();
    let fixed = placeable && pdf.is_some();
    let mut cands: Vec<Candidate> = vec![];
    // A line's numbers under their columns: the cells, whether a number was split in two by
    // the header, whether every number stands under a header label; None when a number falls
    // in no column or two in one.
    let place = |i: usize, r: &Row| -> Option<Placed> {
        let values: Vec<Val> = r
            .values
            .iter()
            .flat_map(|v| run_together(header, v).unwrap_or_else(|| vec![v.clone()]))
            .collect();
        if values.len() > WIDTH {
            return None;
        }
        let split = values.len() > r.values.len();
        let mut cells: Vec<Option<Val>> = vec![None; WIDTH];
        let mut by_header = true;
        for v in &values {
            let labelled = v.pos.and_then(|x| under_label(header, x, v.half));
            by_header &= labelled.is_some();
            match labelled.or_else(|| v.pos.and_then(|x| column_of(&full, i, x))) {
                Some(k) if cells[k].is_none() => cells[k] = Some(v.clone()),
                _ => return None,
            }
        }
        Some((cells, split, by_header))
    };
    for (n, &(i, r)) in rows.iter().enumerate() {
        if r.values.len() == WIDTH || !placeable {
            cands.push(Candidate {
                fixed,
                ..Candidate::new(i, r, r.values.iter().cloned().map(Some).collect())
            });
            continue;
        }
        let Some((cells, split, by_header)) = place(i, r) else {
            out.missing
                .push(msg!("imp-column-unknown", line = r.raw.trim()));
            continue;
        };
        if let Some(prev) = cands.last_mut()
            && i - prev.last <= ROW_SPREAD
            && row_starts(doc, prev.first, i) < 2
            && !across_pages(doc, prev.last, i)
            && !fits_below(doc, prev.last, rows.get(n + 1), (i, r), &cells, &place)
            && prev.cells.iter().any(Option::is_none)
            && prev
                .cells
                .iter()
                .zip(&cells)
                .all(|(a, b)| a.is_none() || b.is_none())
        {
            for (a, b) in prev.cells.iter_mut().zip(cells) {
                if b.is_some() {
                    *a = b;
                }
            }
            prev.label = format!("{} {}", prev.label, r.label);
            prev.raw = format!("{} / {}", prev.raw.trim(), r.raw.trim());
            prev.last = i;
            prev.split |= split;
            prev.by_header &= by_header;
            continue;
        }
        cands.push(Candidate {
            fixed,
            split,
            by_header,
            ..Candidate::new(i, r, cells)
        });
    }
    cands
}

/// A line's numbers under their columns ([`placed_rows`]): the cells, whether the header split
/// a number in two, whether every number stands under a header label.
type Placed = (Vec<Option<Val>>, bool, bool);

/// Whether a line of numbers that would fill blank cells of the row above (its line item
/// `above`) fits as well the blank cells of the next row, whose label starts right below it,
/// and stands no nearer the row above than that row: a 总计 printed at the top of its cell,
/// half a line above its row's other cells and as far from the row above, whose 总计 is blank
/// (pdf-findings 11, held-out s8-017). A row of zeros sums alike either way, so such a line is
/// joined to neither: it stays a row of its own, refused unless it matches one.
fn fits_below(
    doc: &Doc,
    above: usize,
    next: Option<&(usize, &Row)>,
    (i, line): (usize, &Row),
    cells: &[Option<Val>],
    place: &dyn Fn(usize, &Row) -> Option<Placed>,
) -> bool {
    let Some(&(j, below)) = next else {
        return false;
    };
    if j - i > ROW_SPREAD || below.values.len() >= WIDTH || row_starts(doc, i + 1, j) == 0 {
        return false;
    }
    let centre = |k: usize| match &doc.items[k] {
        Item::Row(r) => r.band.map(|(a, b)| (a + b) / 2),
        _ => None,
    };
    let (Some(up), Some(here), Some(down)) = (
        centre(above),
        line.band.map(|(a, b)| (a + b) / 2),
        centre(j),
    ) else {
        return false;
    };
    // Nearer the row above by a third or more: that row's.
    if 4 * here.abs_diff(up) <= 3 * down.abs_diff(here) {
        return false;
    }
    let Some((taken, ..)) = place(j, below) else {
        return false;
    };
    cells
        .iter()
        .zip(&taken)
        .all(|(c, t)| c.is_none() || t.is_none())
}

/// Whether items `a` and `b` print on different pages of a PDF. Numbers at the top of a page
/// are never the missing cells of the row that ended the page before: a row whose 总计 prints
/// half a line above its other cells (a wider column aligned otherwise) would give its 总计 to
/// the last row of the previous page, whose 总计 is blank (pdf-findings 11), and the sums of a
/// row of zeros cannot tell the two apart. Such a line stays a row of its own, refused unless
/// it matches one.
fn across_pages(doc: &Doc, a: usize, b: usize) -> bool {
    let page = |i: usize| match &doc.items[i] {
        Item::Row(r) => r.band.map(|(top, _)| top / PAGE_STEP),
        _ => None,
    };
    matches!((page(a), page(b)), (Some(p), Some(q)) if p != q)
}

/// How many rows' labels start on the lines from item `first` to item `last`: lines whose own
/// label (pieces of a group label stacked beside the rows left out) begins with a numbering
/// ("5.要求行政机关…", "1.申请人无正当理由…"). A line holding the rest of the row above never
/// follows a second row's label: with cells of a row aligned differently (its 总计 printed with
/// the first line of its wrapped label, its other cells lower), the numbers printed before the
/// label are another row's, not the start of this one.
fn row_starts(doc: &Doc, first: usize, last: usize) -> usize {
    doc.items[first..=last]
        .iter()
        .filter(|i| {
            let label = match i {
                Item::Para { text, .. } => text.as_str(),
                Item::Row(r) => r.label.as_str(),
            };
            starts_numbered(&without_group_fragments(label, false))
        })
        .count()
}

/// How many of its own heights above and below a row's line its cells may reach, where no
/// row with numbers bounds them nearer.
const CELL_REACH: usize = 4;

/// Where the lines of a printed row (items `first` to `last`) stand: from the top of the first
/// to the bottom of the last.
fn lines_band(doc: &Doc, first: usize, last: usize) -> Option<(usize, usize)> {
    let bands: Vec<(usize, usize)> = doc.items[first..=last]
        .iter()
        .filter_map(|i| match i {
            Item::Row(r) => r.band,
            _ => None,
        })
        .collect();
    Some((
        bands.iter().map(|b| b.0).min()?,
        bands.iter().map(|b| b.1).max()?,
    ))
}

/// The vertical extent a row's cells may have: from the row with numbers printed above it to
/// the one below (their lines left out), within [`CELL_REACH`] of its own line. A wrapped
/// label's lines and a number printed higher or lower in its cell fall inside.
fn row_reach(doc: &Doc, first: usize, last: usize) -> Option<(usize, usize)> {
    let band = |i: usize| match doc.items.get(i) {
        Some(Item::Row(r)) => r.band,
        _ => None,
    };
    let (top, _) = band(first)?;
    let (_, bottom) = band(last)?;
    let reach = CELL_REACH * (bottom - top).max(1);
    let above = (0..first).rev().find_map(band).map_or(0, |b| b.1);
    let below = (last + 1..doc.items.len())
        .find_map(band)
        .map_or(usize::MAX, |b| b.0);
    Some((
        above.max(top.saturating_sub(reach)),
        below.min(bottom + reach),
    ))
}

/// [`row_reach`] of printed row `k` of table 三, bounded only by the rows matched to the
/// template: a line of numbers matched to no row (the first parts of numbers wrapped in their
/// cells, "115" over "10") is within the row's reach, and its ink in the row's cells' boxes.
fn matched_reach(
    doc: &Doc,
    cands: &[Candidate],
    assign: &[Option<usize>],
    k: usize,
) -> Option<(usize, usize)> {
    let band = |i: usize| match doc.items.get(i) {
        Some(Item::Row(r)) => r.band,
        _ => None,
    };
    let c = &cands[k];
    let (top, _) = band(c.first)?;
    let (_, bottom) = band(c.last)?;
    let reach = CELL_REACH * (bottom - top).max(1);
    let matched = || assign.iter().flatten().map(|&m| &cands[m]);
    let above = matched()
        .filter(|m| m.last < c.first)
        .filter_map(|m| band(m.last))
        .map(|b| b.1)
        .max()
        .unwrap_or(0);
    let below = matched()
        .filter(|m| m.first > c.last)
        .filter_map(|m| band(m.first))
        .map(|b| b.0)
        .min()
        .unwrap_or(usize::MAX);
    Some((
        above.max(top.saturating_sub(reach)),
        below.min(bottom + reach),
    ))
}

/// Which empty cells of each row printed on one line are blank as printed: the table's columns
/// are fixed by its header (every number of the row stands under exactly one label) and the
/// page prints nothing at all in the cell's box, its column's x-range over the row's reach
/// between the rows matched to the template ([`matched_reach`]), among the words as the PDF
/// gives them. A number the reader lost (grouped
/// into another line, dropped with a running head, cut at the edge) still stands there, so its
/// cell is never taken for blank.
fn certain_blanks(
    doc: &Doc,
    pdf: Option<Geometry<'_>>,
    cands: &mut [Candidate],
    assign: &[Option<usize>],
) {
    let Some(header) = pdf.and_then(|g| g.header).filter(|h| h.len() == WIDTH) else {
        return;
    };
    for k in 0..cands.len() {
        let Some(reach) = matched_reach(doc, cands, assign, k) else {
            continue;
        };
        let c = &mut cands[k];
        if !c.fixed || !c.by_header || c.split || c.cells.len() != WIDTH {
            continue;
        }
        c.no_ink = (0..WIDTH)
            .map(|k| c.cells[k].is_none() && nothing_printed(pdf, header, k, reach))
            .collect();
    }
}

/// Which columns of a template row printed with no number at all are blank as printed: the
/// pages print nothing in their columns between the rows with numbers above and below it.
fn unprinted_no_ink(
    pdf: Option<Geometry<'_>>,
    doc: &Doc,
    cands: &[Candidate],
    assign: &[Option<usize>],
    j: usize,
) -> Vec<bool> {
    let none = vec![false; WIDTH];
    let Some(header) = pdf.and_then(|g| g.header).filter(|h| h.len() == WIDTH) else {
        return none;
    };
    let band = |i: usize| match doc.items.get(i) {
        Some(Item::Row(r)) => r.band,
        _ => None,
    };
    // The table's first rows (一、本年新收… printing no number) begin where the last line with
    // numbers before the table ends (table 二's last row): the header between prints only its
    // labels, which are no ink ([`Geometry::ink`]).
    let above = assign[..j]
        .iter()
        .flatten()
        .max()
        .map(|&i| cands[i].last)
        .or_else(|| {
            let first = cands.iter().map(|c| c.first).min()?;
            (0..first).rev().find(|&i| {
                matches!(doc.items.get(i), Some(Item::Row(r)) if !r.values.is_empty() && r.band.is_some())
            })
        });
    // The last rows of the table (四、结转下年度继续办理 printing no number) end where the next
    // line with numbers begins (table 四's row, below its header).
    let below = assign[j + 1..]
        .iter()
        .flatten()
        .min()
        .map(|&i| cands[i].first)
        .or_else(|| above.and_then(|a| (a + 1..doc.items.len()).find(|&i| band(i).is_some())));
    let (Some((_, bottom_a)), Some((top_b, _))) = (above.and_then(band), below.and_then(band))
    else {
        return none;
    };
    // However far apart (several such rows with wrapped labels, a page break or two between):
    // the whole stretch is looked at, which holds the row's cells (the space between pages
    // holds nothing, and the running heads and feet are no ink).
    if top_b <= bottom_a {
        return none;
    }
    (0..WIDTH)
        .map(|k| nothing_printed(pdf, header, k, (bottom_a, top_b)))
        .collect()
}

/// A column with nothing printed under it may be a blank cell, a cut line or a number printed
/// elsewhere: not guessed.
fn report_empty_columns(cands: &[Candidate], out: &mut Imported) {
    for c in cands.iter().filter(|c| !c.fixed) {
        let empty: Vec<&str> = APPLICANT_COLUMNS
            .iter()
            .zip(&c.cells)
            .filter(|(_, v)| v.is_none())
            .map(|(col, _)| col.label)
            .collect();
        if !empty.is_empty() && c.cells.len() == WIDTH {
            out.missing.push(msg!(
                "imp-empty-columns",
                columns = empty,
                line = c.raw.trim()
            ));
        }
    }
}

/// How many readings of the label fragments around a row are tried ([`label_windows`]).
const READINGS: usize = 3;

/// The label fragments around each row: wrapped labels sit on the lines above and below.
fn label_windows(doc: &Doc, region: (usize, usize), cands: &mut [Candidate]) {
    for k in 0..cands.len() {
        let from = if k == 0 {
            region.0
        } else {
            cands[k - 1].last + 1
        };
        let to = cands.get(k + 1).map_or(region.1, |c| c.first);
        let (first, last) = (cands[k].first, cands[k].last);
        for (reading, (merged, keep_last)) in [(false, false), (true, false), (false, true)]
            .into_iter()
            .enumerate()
        {
            let mut window = String::new();
            let mut own = (0, 0);
            let mut starts = vec![];
            for i in from..to {
                starts.push((i, window.chars().count()));
                if i == first {
                    own.0 = window.chars().count();
                }
                let line = match &doc.items[i] {
                    Item::Para { text, .. } => text.as_str(),
                    Item::Row(r) => r.label.as_str(),
                };
                // A group label stacked beside the rows is no part of any row's label; in the
                // third reading the last word of a line is the row label's own (a label wrapped
                // beside the group label: "理结 公开" is 三、本年度办理结果's piece and the end
                // of （一）予以公开, although 公开 is a piece of （三）不予公开 too; "3.其" over
                // "他" is 3.其他, although 他 is a piece of （六）其他处理).
                let text = if keep_last {
                    without_group_fragments_but_last(line)
                } else {
                    without_group_fragments(line, merged)
                };
                window.push_str(&text);
                if i == last {
                    own.1 = window.chars().count();
                }
            }
            cands[k].windows[reading] = (window, own);
            cands[k].window_items[reading] = starts;
        }
    }
}

/// How many characters apart a row's label read from the lines around it may end before (or
/// start after) the row's own lines.
const NEAR: usize = 3;

/// Align the printed rows with the template rows of `edition`: (assignment, unmatched printed
/// rows, unmatched template rows, total score).
fn align_applications(
    cands: &[Candidate],
    edition: Edition,
) -> (Vec<Option<usize>>, usize, usize, f64) {
    let rows: Vec<_> = schema::application_rows(edition).collect();
    let scores: Vec<Vec<f64>> = cands
        .iter()
        .map(|c| {
            let own = without_group_fragments(&c.label, false);
            // A label read from the lines around must reach the row's own lines (a few
            // characters apart at most): the lines between two rows with numbers may hold the
            // labels of rows printed with none.
            let around = |l: &str| {
                c.windows
                    .iter()
                    .map(|(window, (a, b))| {
                        contains_where(window, l, |s, e| s <= b + NEAR && e + NEAR >= *a)
                    })
                    .fold(0.0, f64::max)
            };
            rows.iter()
                .map(|r| {
                    if numbering_differs(&own, r.label) {
                        return 0.0;
                    }
                    let l = core(r.label);
                    contains(&own, &l).max(0.9 * around(&l))
                })
                .collect()
        })
        .collect();
    let assign = align(&scores, rows.len());
    let matched = assign.iter().flatten().count();
    let score: f64 = assign
        .iter()
        .enumerate()
        .filter_map(|(j, a)| a.map(|i| scores[i][j]))
        .sum();
    (assign, cands.len() - matched, rows.len() - matched, score)
}

/// Printed rows matched by the labels around their numbers, not by their own line, where the
/// template row next to the match is printed with no number and its label stands as near the
/// numbers on their other side: a number at the top of a tall cell whose label is centred lower,
/// just under the label of a blank row (held-out s10-039: the 1 of 5.要求行政机关确认… below
/// 4.无正当理由大量反复申请), stands between the two labels as a number at the bottom of the row
/// above would. The sums cannot tell the two apart (rows of one group: R-SUM holds with them
/// swapped); where they print, the lines can: the numbers belong to the row whose label line
/// they stand on (half their height or more inside its line, less than half inside the other),
/// and the match is moved there if need be. Where neither label's line holds them (or both
/// do), neither row is taken: returns those (matched row, blank row, printed row).
fn between_labels(
    doc: &Doc,
    cands: &[Candidate],
    assign: &mut [Option<usize>],
    rows: &[&schema::ApplicationRow],
) -> Vec<(usize, usize, usize)> {
    let mut moves = vec![];
    let mut refused = vec![];
    for (j, a) in assign.iter().enumerate() {
        let Some(i) = *a else { continue };
        let c = &cands[i];
        let own = without_group_fragments(&c.label, false);
        // A label's best match where `at` allows it, and the lines it is printed on (their
        // band, the numbers' own lines left out).
        let found = |l: &str, at: Allowed<'_>| {
            let mut best = (0.0, None);
            for ((window, (a, b)), items) in c.windows.iter().zip(&c.window_items) {
                let (score, span) = found_where(window, l, |s, e| at(s, e, *a, *b));
                if score > best.0 {
                    best = (score, span.map(|sp| (sp, items)));
                }
            }
            let lines: Vec<usize> = best.1.map_or(vec![], |((s, e), items)| {
                (0..items.len())
                    .filter(|&n| {
                        let end = items.get(n + 1).map_or(usize::MAX, |x| x.1);
                        items[n].1 < e && s < end && !(c.first..=c.last).contains(&items[n].0)
                    })
                    .map(|n| items[n].0)
                    .collect()
            });
            let bands: Vec<(usize, usize)> =
                lines.iter().filter_map(|&t| band_of(doc, t)).collect();
            let band = bands
                .iter()
                .map(|b| b.0)
                .min()
                .zip(bands.iter().map(|b| b.1).max());
            (best.0, lines, band)
        };
        // Its label printed on the numbers' own lines (the end of a wrapped label beside them,
        // "形，不计其他情形） 12 12") or around them, at its best there: its numbers.
        let matched = core(rows[j].label);
        let anywhere = found(&matched, &|_, _, _, _| true);
        let on_lines = found(&matched, &|s, e, a, b| {
            if a < b {
                s < b && e > a
            } else {
                s < a && e > a
            }
        });
        if contains(&own, &matched) >= MATCH || (on_lines.0 >= MATCH && on_lines.0 >= anywhere.0) {
            continue;
        }
        // The blank row's label ends where the numbers' lines start, or starts where they end.
        let ends_at =
            |s: usize, e: usize, a: usize, _: usize| s < a && e <= a + NEAR && e + NEAR >= a;
        let starts_at =
            |s: usize, e: usize, _: usize, b: usize| e > b && s + NEAR >= b && s <= b + NEAR;
        let sides: [(Option<usize>, Allowed<'_>); 2] =
            [(j.checked_sub(1), &ends_at), (Some(j + 1), &starts_at)];
        for (k, at) in sides {
            let Some(k) = k.filter(|&k| k < rows.len() && assign[k].is_none()) else {
                continue;
            };
            let blank = found(&core(rows[k].label), at);
            // Another label, not the matched row's read loosely ("…政府信息公开申请数量" of
            // 一、本年新收 as 二、上年结转's).
            let apart = !blank.1.iter().any(|t| anywhere.1.contains(t));
            if numbering_differs(&own, rows[k].label) || blank.0 < MATCH || !apart {
                continue;
            }
            // How much of the numbers' height stands inside each label's lines.
            let inside = |line: Option<(usize, usize)>| {
                let (Some((top, bottom)), Some(line)) = (lines_band(doc, c.first, c.last), line)
                else {
                    return 0.0;
                };
                let overlap = bottom.min(line.1).saturating_sub(top.max(line.0));
                overlap as f64 / (bottom - top).max(1) as f64
            };
            let (on_matched, on_blank) = (inside(anywhere.2), inside(blank.2));
            if on_matched >= 0.5 && on_blank < 0.5 {
                continue;
            }
            if on_blank >= 0.5 && on_matched < 0.5 {
                moves.push((j, k, i));
            } else {
                refused.push((j, k, i));
            }
        }
    }
    for &(j, k, i) in &moves {
        if assign[j] == Some(i) && !refused.iter().any(|r| r.2 == i) {
            assign[j] = None;
            assign[k] = Some(i);
        }
    }
    refused
}

/// Where a label's match may stand in a printed row's window ([`between_labels`]): from its
/// start and end and the start and end of the row's own lines (character offsets).
type Allowed<'a> = &'a dyn Fn(usize, usize, usize, usize) -> bool;

/// Where a PDF printed item `i`'s line ([`Row::band`], a label line's band).
fn band_of(doc: &Doc, i: usize) -> Option<(usize, usize)> {
    match doc.items.get(i)? {
        Item::Row(r) => r.band,
        Item::Para { band, .. } => *band,
    }
}

/// Whether a printed row's own line states the template row's label word for word (a label of
/// under four characters with its numbering: "3.其他" is part of many).
fn labelled_exactly(c: &Candidate, label: &str) -> bool {
    let own = without_group_fragments(&c.label, false);
    let core = core(label);
    let whole = if core.chars().count() < 4 {
        normalize(label)
    } else {
        core
    };
    own.contains(&whole) && !numbering_differs(&own, label)
}

/// The numberings printed in a label (normalized): `1.` (a digit run before a dot, not a
/// decimal), `(一)`, `一、`, each with its kind.
fn numberings(n: &str) -> Vec<(char, String)> {
    let c: Vec<char> = n.chars().collect();
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let mut out = vec![];
    let mut i = 0;
    while i < c.len() {
        let run = |pred: &dyn Fn(char) -> bool| c[i..].iter().take_while(|&&x| pred(x)).count();
        let digits = run(&|x: char| x.is_ascii_digit());
        let numerals = run(&|x: char| numeral(x));
        let after_number = i > 0 && (c[i - 1].is_ascii_digit() || c[i - 1] == '.');
        if digits > 0
            && !after_number
            && c.get(i + digits) == Some(&'.')
            && !c.get(i + digits + 1).is_some_and(char::is_ascii_digit)
        {
            out.push(('d', c[i..i + digits].iter().collect()));
            i += digits + 1;
        } else if c[i] == '(' {
            let inner = c[i + 1..]
                .iter()
                .take_while(|&&x| numeral(x) || x.is_ascii_digit())
                .count();
            if inner > 0 && c.get(i + 1 + inner) == Some(&')') {
                out.push(('p', c[i + 1..i + 1 + inner].iter().collect()));
                i += inner + 2;
            } else {
                i += 1;
            }
        } else if numerals > 0 && c.get(i + numerals) == Some(&'、') {
            out.push(('c', c[i..i + numerals].iter().collect()));
            i += numerals + 1;
        } else {
            i += digits.max(1);
        }
    }
    out
}

/// Whether a line (normalized) begins with a numbering (`一、`, `(一)`, `1.`).
pub(crate) fn starts_numbered(line: &str) -> bool {
    let n = numberings(line);
    n.first().is_some_and(|(kind, number)| {
        let printed = match kind {
            'd' => format!("{number}."),
            'p' => format!("({number})"),
            _ => format!("{number}、"),
        };
        line.starts_with(&printed)
    })
}

/// Whether a printed row's own label states a numbering of the template row's kind and none of
/// them is the template row's ("5.要求行政" is not "1.申请人无正当理由…", however much of that
/// label its neighbouring lines hold): a row is known by its number before its wrapped words.
fn numbering_differs(own: &str, label: &str) -> bool {
    let Some((kind, number)) = numberings(&normalize(label)).into_iter().next() else {
        return false;
    };
    let printed: Vec<String> = numberings(own)
        .into_iter()
        .filter(|(k, _)| *k == kind)
        .map(|(_, n)| n)
        .collect();
    !printed.is_empty() && !printed.contains(&number)
}

fn applications(
    doc: &Doc,
    region: (usize, usize),
    edition: Edition,
    pdf: Option<Geometry<'_>>,
    out: &mut Imported,
) {
    let trouble_before = out.missing.len();
    for line in numbers_not_read(doc, region, pdf) {
        out.missing.push(msg!(
            "imp-row-unmatched",
            table = table_numeral(TableId::Applications),
            line = line
        ));
    }
    let doc = &without_repeated_header(doc, region);
    let cands = candidates(doc, region, pdf, out);
    let blank_table = cands.is_empty() && printed_blank(doc, region, pdf);
    let mut use_edition = edition;
    let mut best = align_applications(&cands, edition);
    // A 2021 report may print （六）其他处理 as one row, as the 2019 template did.
    let mut one_row_other = false;
    if edition == Edition::E2021 {
        let mut alt = align_applications(&cands, Edition::E2019);
        // Rows printed with no number count as found, in both editions.
        for (ed, a) in [(Edition::E2021, &mut best), (Edition::E2019, &mut alt)] {
            let labels: Vec<&str> = schema::application_rows(ed).map(|r| r.label).collect();
            a.2 -= (0..labels.len())
                .filter(|&j| {
                    a.0[j].is_none()
                        && printed_without_numbers(
                            doc,
                            region,
                            &cands,
                            &a.0,
                            j,
                            labels[j],
                            blank_table,
                        )
                })
                .count();
        }
        if (alt.1, alt.2) < (best.1, best.2) {
            best = alt;
            use_edition = Edition::E2019;
            one_row_other = true;
        }
    }
    let (mut assign, ..) = best;
    let rows: Vec<_> = schema::application_rows(use_edition).collect();
    let between = between_labels(doc, &cands, &mut assign, &rows);
    let mut cands = cands;
    let (placed_tails, tail_cells) = if pdf.is_some() {
        tails_placed(&mut cands, &assign, &rows)
    } else {
        (vec![], vec![])
    };
    certain_blanks(doc, pdf, &mut cands, &assign);
    let mut values: Vec<(&'static str, Option<Vec<Value>>)> = vec![];
    // Rows read with a column where nothing was printed.
    let mut unprinted: Vec<usize> = vec![];
    for (j, srow) in rows.iter().enumerate() {
        let cells = match assign[j] {
            Some(i)
                if pdf.is_some_and(|g| g.ocr)
                    && contains(&normalize(&cands[i].label), &core(srow.label)) < OCR_LABEL =>
            {
                out.missing.push(msg!(
                    "imp-ocr-label",
                    row = srow.label,
                    line = cands[i].raw.trim()
                ));
                None
            }
            Some(i) => {
                let before = out.doubtful_columns.len();
                let ocr = pdf.is_some_and(|g| g.ocr);
                let cells = read_application_row(srow, &cands[i], ocr, out);
                if let Some(g) = pdf {
                    let c = &cands[i];
                    for (col, cell) in APPLICANT_COLUMNS.iter().zip(&c.cells) {
                        if cell
                            .as_ref()
                            .is_some_and(|v| g.guessed(lines_band(doc, c.first, c.last), v))
                        {
                            out.doubtful_columns
                                .push(format!("{}.{}", srow.path(), col.key));
                        }
                    }
                }
                if out.doubtful_columns.len() > before {
                    unprinted.push(j);
                }
                if cells.is_some()
                    && let Some(reach) = matched_reach(doc, &cands, &assign, i)
                {
                    certain_numbers(doc, pdf, srow, &cands[i], reach, out);
                }
                // A row placed by anything less than its own label (its neighbours' words, a
                // label matched approximately) may stand under the wrong template row, and its
                // own R-COL still closes there: its cells need an equation over their columns.
                if pdf.is_some() && cells.is_some() && !labelled_exactly(&cands[i], srow.label) {
                    out.doubtful_columns.extend(
                        APPLICANT_COLUMNS
                            .iter()
                            .map(|col| format!("{}.{}", srow.path(), col.key)),
                    );
                }
                cells
            }
            None if printed_without_numbers(
                doc,
                region,
                &cands,
                &assign,
                j,
                srow.label,
                blank_table,
            ) =>
            {
                unprinted.push(j);
                let no_ink = if blank_table {
                    vec![true; WIDTH]
                } else {
                    unprinted_no_ink(pdf, doc, &cands, &assign, j)
                };
                for (col, blank) in APPLICANT_COLUMNS.iter().zip(no_ink) {
                    let path = format!("{}.{}", srow.path(), col.key);
                    if blank {
                        out.certain_blanks.push(path.clone());
                    }
                    out.doubtful_columns.push(path);
                }
                Some(vec![Value::Blank; WIDTH])
            }
            None => {
                out.missing.push(msg!(
                    "imp-row-not-found",
                    table = table_numeral(TableId::Applications),
                    row = srow.label
                ));
                None
            }
        };
        values.push((srow.key, cells));
    }
    for (j, k, i) in between {
        values[j].1 = None;
        values[k].1 = None;
        out.missing.push(msg!(
            "imp-numbers-between-labels",
            above = rows[j.min(k)].label,
            below = rows[j.max(k)].label,
            line = cands[i].raw.trim()
        ));
    }
    // A row with numbers above or below it that match no row may have digits wrapped onto
    // that line ("105" as "10" over "5", in its 总计 too, so that the row still adds up): not
    // taken.
    for j in report_unmatched(&cands, &assign, &placed_tails, &rows, out) {
        values[j].1 = None;
    }
    // A cell put together from a line between two rows is never certain as printed: the
    // arithmetic confirms it.
    out.certain_numbers.retain(|p| !tail_cells.contains(p));
    out.doubtful.extend(tail_cells);
    let found = values.iter().filter(|(_, v)| v.is_some()).count();
    if one_row_other {
        values = other_as_one_row(values);
        out.found.push(msg!(
            "imp-other-one-row",
            label = OTHER.label,
            key = OTHER.key
        ));
    }
    out.found.push(msg!(
        "imp-rows-found",
        table = table_numeral(TableId::Applications),
        found = found,
        total = rows.len()
    ));
    if out.missing.len() == trouble_before {
        for line in remark_pieces_not_read(doc, region, pdf) {
            out.missing.push(msg!(
                "imp-piece-not-read",
                table = table_numeral(TableId::Applications),
                line = line
            ));
        }
    }
    // A line of the table not understood (numbers under no column, under no row) means the
    // layout was not read as printed: every cell read is then taken only where the arithmetic
    // confirms it (a number wrapped in a narrow column, "300" over "1", is never read as 300).
    if pdf.is_some() && out.missing.len() > trouble_before {
        // Nor is a column with nothing printed read as blank then: its number may be elsewhere.
        for j in unprinted {
            if let Some(cells) = values[j].1.take() {
                let empty: Vec<&str> = APPLICANT_COLUMNS
                    .iter()
                    .zip(&cells)
                    .filter(|(_, v)| **v == Value::Blank)
                    .map(|(c, _)| c.label)
                    .collect();
                out.missing.push(msg!(
                    "imp-unconfirmed",
                    table = table_numeral(TableId::Applications),
                    row = rows[j].label,
                    cells = empty.join("、")
                ));
            }
        }
        for (key, cells) in &values {
            if cells.is_some() {
                out.doubtful.extend(
                    APPLICANT_COLUMNS
                        .iter()
                        .map(|c| format!("applications.{key}.{}", c.key)),
                );
            }
        }
    }
    out.applications = values;
}

/// The numbers of a printed row of table 三 read at a certain place ([`printed_alone`]), each
/// recorded in [`Imported::certain_numbers`]: the row stands under its own label word for word
/// (a row placed by its neighbours' words may be the wrong row), prints its numbers on one
/// line, and was not split by the header's columns.
fn certain_numbers(
    doc: &Doc,
    pdf: Option<Geometry<'_>>,
    srow: &schema::ApplicationRow,
    c: &Candidate,
    reach: (usize, usize),
    out: &mut Imported,
) {
    let Some(header) = pdf.and_then(|g| g.header).filter(|h| h.len() == WIDTH) else {
        return;
    };
    // A row pieced together from two lines (the rest of a row printed lower) may have taken
    // another row's number: its numbers are left to the sums.
    if c.split || c.first != c.last || c.cells.len() != WIDTH || !labelled_exactly(c, srow.label) {
        return;
    }
    let Some(band) = lines_band(doc, c.first, c.last) else {
        return;
    };
    for (k, (col, cell)) in APPLICANT_COLUMNS.iter().zip(&c.cells).enumerate() {
        if let Some(v) = cell
            && printed_alone(pdf, header, k, v, band, reach)
        {
            out.certain_numbers
                .push(format!("{}.{}", srow.path(), col.key));
        }
    }
}

/// Table 三 with its header lines blanked where a page break repeats them (a browser repeats a
/// table's head on every page it runs onto, an office suite its heading rows): a label broken by
/// the page then reads on from its first part to its last, and no repeated header is taken for
/// a label.
fn without_repeated_header(doc: &Doc, (s, e): (usize, usize)) -> Doc {
    let mut doc = doc.clone();
    if !doc.layout {
        return doc;
    }
    let texts: Vec<String> = doc.items.iter().map(|i| normalize(i.text())).collect();
    let text = |i: usize| texts[i].clone();
    let Some(first_row) = (s..e).find(|&i| matches!(doc.items[i], Item::Row(_))) else {
        return doc;
    };
    // The header ends where the first row's label begins ("一、本年新收…" wrapped above its
    // numbers).
    let header: Vec<String> = (s..first_row)
        .map(text)
        .take_while(|t| !starts_numbered(t))
        .filter(|t| !t.is_empty())
        .collect();
    let Some(head) = header.first().cloned() else {
        return doc;
    };
    let mut i = first_row;
    while i < e {
        if text(i) != head {
            i += 1;
            continue;
        }
        // The header again, line for line, from here (the lines above the first row may end
        // in the first part of its label, which is not repeated).
        let mut k = i;
        let mut matched = 0;
        while k < e && matched < header.len() && text(k) == header[matched] {
            matched += 1;
            k += 1;
        }
        if matched >= header.len().min(2) {
            // The rest of it, its lines grouped otherwise (the wrapped header cells' words
            // fall into lines by their heights): each word a piece of the header.
            let whole: String = header.concat();
            while k < e
                && matches!(doc.items[k], Item::Para { .. })
                && doc.items[k]
                    .text()
                    .split_whitespace()
                    .all(|w| whole.contains(&normalize(w)))
            {
                k += 1;
            }
            for item in &mut doc.items[i..k] {
                *item = Item::Para {
                    text: String::new(),
                    indent: 0,
                    heading: None,
                    band: None,
                };
            }
        }
        i = k.max(i + 1);
    }
    doc
}

/// Whether template row `j`, matched to no printed row with numbers, is printed with no number
/// at all (every cell blank): its label stands between the printed rows matched to the
/// template rows around it, with no number there, in a table whose columns are fixed. Its
/// blanks are then kept only where the columns' sums confirm them ([`super::confirm`]).
fn printed_without_numbers(
    doc: &Doc,
    region: (usize, usize),
    cands: &[Candidate],
    assign: &[Option<usize>],
    j: usize,
    label: &str,
    blank_table: bool,
) -> bool {
    if !doc.layout || !(blank_table || cands.iter().any(|c| c.fixed)) {
        return false;
    }
    let (full, wanted) = (label, core(label));
    let from = assign[..j]
        .iter()
        .flatten()
        .max()
        .map_or(region.0, |&i| cands[i].last + 1);
    let to = assign[j + 1..]
        .iter()
        .flatten()
        .min()
        .map_or(region.1, |&i| cands[i].first);
    let items = doc.items.get(from..to).unwrap_or_default();
    if items.iter().any(|i| matches!(i, Item::Row(_))) {
        return false;
    }
    [(false, false), (true, false), (false, true)]
        .into_iter()
        .any(|(merged, keep_last)| {
            // A group label stacked beside the rows ("（六）", "其他处", "理") is no part of them
            // (but for the last word of a line, in the third reading: see [`label_windows`]).
            let lines: Vec<String> = items
                .iter()
                .map(|i| {
                    if keep_last {
                        without_group_fragments_but_last(i.text())
                    } else {
                        without_group_fragments(i.text(), merged)
                    }
                })
                .collect();
            // A short label ("3.其他") only as the end of a line of its own, with its numbering
            // (the lines between two rows with numbers may hold several rows printed without any),
            // or wrapped in a narrow cell: its numbering ending one line, its end the whole next
            // ("3.其" over "他").
            if wanted.chars().count() < 4 {
                let numbered = normalize(full);
                return lines.iter().any(|l| l.ends_with(&numbered))
                    || lines.windows(2).any(|w| {
                        !w[1].is_empty()
                            && numbered.ends_with(&w[1])
                            && w[0].ends_with(&numbered[..numbered.len() - w[1].len()])
                            && numbered.len() - w[1].len() > numbered.find('.').unwrap_or(0) + 1
                    });
            }
            contains(&lines.concat(), &wanted) >= 0.9
        })
        || {
            // Or word for word as printed: the end of a row's label may be a piece of a group
            // label too ("2.其他法律行政法规禁止" over "公开", beside "（三）不予" over "公开").
            let printed: String = items.iter().map(|i| normalize(i.text())).collect();
            wanted.chars().count() >= 4 && contains(&printed, &wanted) >= 1.0
        }
}

/// Whether table 三 prints no number at all (a body that had no application prints every cell
/// blank): no line of it holds a number, its header fixes the columns, and the page prints
/// nothing in them (among the words as the PDF gives them, before any is read into a line) from
/// the last row with numbers before the table (table 二's) to the first after it (table 四's).
/// Its rows, printed with no number, are then blank as printed, each as its label is found.
fn printed_blank(doc: &Doc, (s, e): (usize, usize), pdf: Option<Geometry<'_>>) -> bool {
    // OCR's words are no proof that nothing is printed: it misses faint digits.
    let Some((header, ink)) = pdf
        .filter(|g| !g.ocr)
        .and_then(|g| Some((g.header.filter(|h| h.len() == WIDTH)?, g.ink?)))
    else {
        return false;
    };
    let band = |i: usize| match doc.items.get(i) {
        Some(Item::Row(r)) if !r.values.is_empty() => r.band,
        _ => None,
    };
    let numbers = (s..e).any(|i| band(i).is_some())
        || !numbers_not_read(doc, (s, e), pdf).is_empty()
        || !remark_pieces_not_read(doc, (s, e), pdf).is_empty();
    let above = (0..s).rev().find_map(band);
    let below = (e..doc.items.len()).find_map(band);
    let (Some((_, top)), Some((bottom, _))) = (above, below) else {
        return false;
    };
    let columns = (cell_x(header, 0).0, cell_x(header, WIDTH - 1).1);
    !numbers && top < bottom && no_ink(ink, columns, (top, bottom))
}

/// Whether a line (normalized) is no more than a piece of a label over several rows (
/// 三、本年度办理结果, （四）无法提供…), printed a few characters a line in its narrow cell.
fn group_fragment(line: &str) -> bool {
    !line.is_empty()
        // The 2019 template's （六）其他处理 is a row of its own.
        && !schema::APPLICATION_ROWS.iter().any(|r| normalize(r.label) == line)
        && schema::APPLICATION_ROWS
            .iter()
            .filter_map(|r| r.group.map(|g| g.label))
            .chain([schema::RESULTS_HEADING])
            .any(|g| normalize(g).contains(line))
}

/// A line's label text (normalized) without the pieces of labels over several rows printed
/// beside the row's own label: the words (apart by a space) that are such a piece ("其他处 理由逾期
/// 不补" is "理由逾期不补" of 1.申请人无正当理由逾期不补正…); and with `merged`, the longest
/// start of a word that is such a piece, of two characters or more (a narrow table runs the two
/// cells together: "不予处投诉类申请"). Both readings are tried: the start of a row's own label
/// may be a piece of a group label too ("公开出版物").
fn without_group_fragments(line: &str, merged: bool) -> String {
    line.split_whitespace()
        .map(normalize)
        .filter(|w| !group_fragment(w))
        .map(|w| {
            if !merged {
                return w;
            }
            let starts: Vec<usize> = w.char_indices().map(|(i, _)| i).skip(2).collect();
            starts
                .into_iter()
                .rev()
                .find(|&i| group_fragment(&w[..i]))
                .map_or(w.clone(), |i| w[i..].to_string())
        })
        .collect()
}

/// [`without_group_fragments`] (words apart, not merged) keeping the last word of a line:
/// group labels stand left of the row labels, so the last word is in the row label's column
/// unless the line prints no row label at all (the other readings are tried as well).
fn without_group_fragments_but_last(line: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.split_last() {
        Some((last, before)) => {
            without_group_fragments(&before.join(" "), false) + &normalize(last)
        }
        None => String::new(),
    }
}

/// Printed rows matched to no template row, each named by the template row printed above it
/// (numbers wrapped in a narrow column land on a line of their own there). Returns the
/// template rows (indices) printed next to such numbers, above and below: a number wrapped in a
/// cell aligned to its bottom leaves its first digits on a line above its row's ("4" over
/// "0（涉及8人）" for 40, held-out s10-026), one aligned to its top its last digits below, and
/// with the row's 总计 wrapped alike ("4" over "0（其中…）") its sums still close on the digits
/// left.
fn report_unmatched(
    cands: &[Candidate],
    assign: &[Option<usize>],
    placed: &[usize],
    rows: &[&schema::ApplicationRow],
    out: &mut Imported,
) -> Vec<usize> {
    let mut beside_strays = vec![];
    let row_of = |p: usize| assign.iter().position(|a| *a == Some(p));
    for (i, c) in cands.iter().enumerate() {
        if assign.contains(&Some(i)) || placed.contains(&i) {
            continue;
        }
        let above = (0..i).rev().find_map(row_of);
        let below = (i + 1..cands.len()).find_map(row_of);
        beside_strays.extend(above);
        beside_strays.extend(below);
        let line = c.raw.trim();
        out.missing.push(match (above, below) {
            (Some(a), Some(b)) => msg!(
                "imp-numbers-between-rows",
                above = rows[a].label,
                below = rows[b].label,
                line = line
            ),
            (Some(a), None) => msg!("imp-numbers-under-row", row = rows[a].label, line = line),
            (None, Some(b)) => msg!("imp-numbers-over-row", row = rows[b].label, line = line),
            (None, None) => msg!(
                "imp-row-unmatched",
                table = table_numeral(TableId::Applications),
                line = line
            ),
        });
    }
    beside_strays
}

/// A line of numbers printed between the lines of two consecutive rows of table 三 and matched
/// to neither (a cell wrapped in a narrow column, or aligned otherwise than its row: "10" on
/// the row's line, "6（涉及61人）" under it) holds, in each of its columns, the end of the row
/// above's cell or the start of the row below's: every word printed in a column between two
/// rows' lines lies in one of their two cells, a cell's text reads on from line to line, and a
/// line of the page lies in one row's band, so all its numbers go one way. The line is put
/// where only one way reads every one of its numbers as part of a cell: a remark closes its
/// cell ("6（涉及61人）187" is none), a count starts with neither 0 nor "-" and ends in neither
/// ("0"+"5", "-"+"136"), and digits never follow a line of digits in one cell where they would
/// have fit on it ([`room_for_next`]: "3" over "10" are two cells). A line read either way, or
/// neither, is left as printed (refused by [`report_unmatched`]), as is a number pieced together
/// from two lines. Returns the lines placed and the paths of the cells they went to, taken only
/// where the arithmetic confirms them ([`super::confirm`]).
fn tails_placed(
    cands: &mut [Candidate],
    assign: &[Option<usize>],
    rows: &[&schema::ApplicationRow],
) -> (Vec<usize>, Vec<String>) {
    let row_of = |p: usize| assign.iter().position(|a| *a == Some(p));
    let strays: Vec<usize> = (0..cands.len()).filter(|&i| row_of(i).is_none()).collect();
    let valid = |t: &str| read_cell(t, FieldKind::Count).is_ok();
    let mut placed = vec![];
    let mut paths = vec![];
    for &i in &strays {
        let Some(a) = (0..i).rev().find(|&p| row_of(p).is_some()) else {
            continue;
        };
        let Some(b) = (i + 1..cands.len()).find(|&p| row_of(p).is_some()) else {
            continue;
        };
        let (Some(ja), Some(jb)) = (row_of(a), row_of(b)) else {
            continue;
        };
        // One line alone between two rows printed one after the other in the template.
        let line = cands[i].first == cands[i].last;
        let widths = [a, i, b].iter().all(|&p| cands[p].cells.len() == WIDTH);
        if !line || !widths || jb != ja + 1 || strays.iter().any(|&o| o != i && a < o && o < b) {
            continue;
        }
        // Every number of the line read as the end of the row above's cell, or every one as
        // the start of the row below's: a line of the page lies in one row's band.
        let (mut up_ok, mut down_ok) = (true, true);
        for (k, s) in cands[i].cells.iter().enumerate() {
            let Some(s) = s else { continue };
            let (up, down) = (&cands[a].cells[k], &cands[b].cells[k]);
            up_ok &= valid(
                &up.as_ref()
                    .map_or(s.text.clone(), |u| format!("{}{}", u.text, s.text)),
            ) && !up.as_ref().is_some_and(|u| room_for_next(u, s));
            down_ok &= valid(
                &down
                    .as_ref()
                    .map_or(s.text.clone(), |d| format!("{}{}", s.text, d.text)),
            ) && !down.as_ref().is_some_and(|d| room_for_next(s, d));
        }
        if up_ok == down_ok {
            continue;
        }
        let (target, j) = if up_ok { (a, ja) } else { (b, jb) };
        for (k, col) in APPLICANT_COLUMNS.iter().enumerate() {
            let Some(s) = cands[i].cells[k].take() else {
                continue;
            };
            let cell = &mut cands[target].cells[k];
            *cell = Some(match cell.take() {
                None => s,
                Some(c) => Val {
                    text: if up_ok {
                        format!("{}{}", c.text, s.text)
                    } else {
                        format!("{}{}", s.text, c.text)
                    },
                    half: c.half.max(s.half),
                    ..c
                },
            });
            paths.push(format!("{}.{}", rows[j].path(), col.key));
        }
        placed.push(i);
    }
    (placed, paths)
}

/// Whether the digits `next` (the next line of a cell, as its number's lines are printed: the
/// first the widest) could not follow the digits `line` in one cell: `line`, at its widest,
/// leaves room for `next`'s first digit (nine tenths of one), and a cell wraps a number only
/// where the next digit does not fit.
fn room_for_next(line: &Val, next: &Val) -> bool {
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let n = next.text.chars().count();
    digits(&line.text)
        && digits(&next.text)
        && line.half > 0
        && next.half > 0
        && 20 * line.half * n + 18 * next.half <= 20 * next.half * n
}

/// The seven cells of a template row of table 三 from the printed row matched to it.
fn read_application_row(
    srow: &schema::ApplicationRow,
    c: &Candidate,
    ocr: bool,
    out: &mut Imported,
) -> Option<Vec<Value>> {
    if c.cells.len() != WIDTH {
        out.missing.push(msg!(
            "imp-row-width",
            table = table_numeral(TableId::Applications),
            row = srow.label,
            cells = c.cells.len(),
            expected = WIDTH
        ));
        return None;
    }
    let mut cells = vec![];
    // A column with nothing printed: a blank cell, and the row's numbers placed by position.
    if c.split {
        out.doubtful.extend(
            APPLICANT_COLUMNS
                .iter()
                .map(|col| format!("{}.{}", srow.path(), col.key)),
        );
    }
    if c.fixed && c.cells.iter().any(Option::is_none) {
        for (k, col) in APPLICANT_COLUMNS.iter().enumerate() {
            let path = format!("{}.{}", srow.path(), col.key);
            if c.no_ink.get(k).copied().unwrap_or(false) {
                out.certain_blanks.push(path.clone());
            }
            out.doubtful_columns.push(path);
        }
    }
    for (col, cell) in APPLICANT_COLUMNS.iter().zip(&c.cells) {
        let text = cell.as_ref().map_or("", |v| v.text.as_str());
        match read_cell(text, FieldKind::Count) {
            Ok((v, note)) => {
                if let Some(note) = note {
                    out.notes
                        .insert(format!("{}.{}", srow.path(), col.key), note);
                }
                // A mark printed for nothing ("-") is a blank as printed, as an empty box is
                // (not when read by OCR, which may have misread a digit so).
                if cell.is_some() && v == Value::Blank && !ocr {
                    out.certain_blanks
                        .push(format!("{}.{}", srow.path(), col.key));
                }
                cells.push(v);
            }
            Err(e) => {
                out.missing.push(msg!(
                    "imp-cell",
                    table = table_numeral(TableId::Applications),
                    row = srow.label,
                    column = col.label,
                    reason = e
                ));
                return None;
            }
        }
    }
    Some(cells)
}

/// format-spec A.4: （六）其他处理 printed as one row (2019 style) is written as other.other;
/// the two 2021 rows the report does not print are blank.
fn other_as_one_row(
    mut values: Vec<(&'static str, Option<Vec<Value>>)>,
) -> Vec<(&'static str, Option<Vec<Value>>)> {
    let single = values
        .iter()
        .position(|(k, _)| *k == OTHER.key)
        .map(|p| values.remove(p).1);
    schema::application_rows(Edition::E2021)
        .map(|r| {
            let v = if r.group == Some(&OTHER) {
                if r.key.ends_with(".other") {
                    single.clone().flatten()
                } else {
                    Some(vec![Value::Blank; WIDTH])
                }
            } else {
                values
                    .iter()
                    .find(|(k, _)| *k == r.key)
                    .and_then(|(_, v)| v.clone())
            };
            (r.key, v)
        })
        .collect()
}

/// The 15 cells of table 四: its one row of 15 (any other line of numbers in the table is the
/// rest of its cells, wrapped in a narrow column or broken by the page, where it reads so
/// ([`rest_of_cells`]), else refused), or the table printed as two or three
/// tables (rows of 5 or 10 cells, in order), each under a header that names its group
/// (行政复议, 未经复议直接起诉, 复议后起诉) — never pieced together from rows whose group is not
/// named. With the cells, those read on over a line of their own (in doubt).
fn review_cells(doc: &Doc, region: (usize, usize)) -> Result<(Vec<Val>, Vec<usize>), Msg> {
    let group = REVIEW_COLUMNS.len();
    let width = REVIEW_GROUPS.len() * group;
    // A header row of its own with empty cells after the group's name holds no numbers.
    let rows: Vec<(usize, &Row)> = rows_in(doc, region)
        .into_iter()
        .filter(|(_, r)| r.label.is_empty() || r.values.iter().any(|v| !v.text.trim().is_empty()))
        .collect();
    let not_found = || {
        let best = rows.iter().map(|(_, r)| r.values.len()).max().unwrap_or(0);
        msg!("imp-review-no-row", width = width, best = best)
    };
    if let Some(k) = rows.iter().position(|(_, r)| r.values.len() == width) {
        let mut values = rows[k].1.values.clone();
        let mut rest = vec![];
        for (j, (_, extra)) in rows.iter().enumerate().filter(|(j, _)| *j != k) {
            match rest_of_cells(&mut values, extra, j > k) {
                Some(columns) => rest.extend(columns),
                None => {
                    return Err(msg!(
                        "imp-review-outside",
                        width = width,
                        line = extra.raw.trim()
                    ));
                }
            }
        }
        return Ok((values, rest));
    }
    let mut cells: Vec<Val> = vec![];
    let mut from = region.0;
    for (i, row) in &rows {
        let n = row.values.len();
        if n % group != 0 || cells.len() + n > width {
            return Err(not_found());
        }
        let header: String = (from..=*i)
            .map(|k| match &doc.items[k] {
                Item::Para { text, .. } => normalize(text),
                Item::Row(r) => normalize(&r.label),
            })
            .collect();
        let g = &REVIEW_GROUPS[cells.len() / group];
        let name = g.sub.unwrap_or(g.kind);
        if !header.contains(&normalize(name)) {
            return Err(msg!(
                "imp-review-header",
                line = row.raw.trim(),
                name = name
            ));
        }
        cells.extend(row.values.iter().cloned());
        from = i + 1;
    }
    if cells.len() == width {
        Ok((cells, vec![]))
    } else {
        Err(not_found())
    }
}

/// A line of numbers in table 四 besides its one row of 15 cells, with no label (a PDF's
/// line of a cell wrapped in a narrow column, or broken by the page: "34" ending the row's
/// line, "1（其中256件已办结）" at the top of the next page): the table has no other row, so
/// each of its numbers is the rest of the row's cell in its column (the one whose number it
/// stands nearest, within half the narrowest gap between them), read on from the row's text
/// when `below` it, before it when above. Taken only when every number goes to a column of
/// its own and each cell then reads as a cell ([`read_cell`]: "34" + "1（其中…）" is one,
/// "0" + "5" none); the columns it went to, else None (and `values` as they were).
fn rest_of_cells(values: &mut [Val], extra: &Row, below: bool) -> Option<Vec<usize>> {
    if !extra.label.trim().is_empty() || extra.values.is_empty() {
        return None;
    }
    let centres: Vec<usize> = values.iter().map(|v| v.pos).collect::<Option<_>>()?;
    let full = [(0, centres)];
    let mut joined: Vec<(usize, String)> = vec![];
    for v in &extra.values {
        let k = column_of(&full, 0, v.pos?)?;
        if v.text.trim().is_empty() || joined.iter().any(|(c, _)| *c == k) {
            return None;
        }
        let text = if below {
            format!("{}{}", values[k].text, v.text)
        } else {
            format!("{}{}", v.text, values[k].text)
        };
        read_cell(&text, FieldKind::Count).ok()?;
        joined.push((k, text));
    }
    for (k, text) in &joined {
        values[*k].text.clone_from(text);
    }
    Some(joined.into_iter().map(|(k, _)| k).collect())
}

/// The numbers of table 四 read at a certain place ([`printed_alone`]) under the header's
/// fifteen columns, each on the line of the table's one row with numbers, recorded in
/// [`Imported::certain_numbers`]. A table printed as two or three tables (several rows with
/// numbers) is left to the sums.
fn review_certain_numbers(
    doc: &Doc,
    region: (usize, usize),
    pdf: Option<Geometry<'_>>,
    values: &[Val],
    out: &mut Imported,
) {
    let Some(spans) = pdf.and_then(|g| g.review) else {
        return;
    };
    let rows: Vec<(usize, &Row)> = rows_in(doc, region)
        .into_iter()
        .filter(|(_, r)| r.values.iter().any(|v| !v.text.trim().is_empty()))
        .collect();
    let [(i, _)] = rows[..] else {
        return;
    };
    let (Some(band), Some(reach)) = (lines_band(doc, i, i), row_reach(doc, i, i)) else {
        return;
    };
    for (k, v) in values.iter().enumerate() {
        let (g, c) = (k / REVIEW_COLUMNS.len(), k % REVIEW_COLUMNS.len());
        if g < REVIEW_GROUPS.len()
            && !v.text.is_empty()
            && printed_alone(pdf, spans, k, v, band, reach)
        {
            out.certain_numbers.push(format!(
                "{}.{}",
                REVIEW_GROUPS[g].path(),
                REVIEW_COLUMNS[c].key
            ));
        }
    }
}

/// Table 四 printed as one row with blank cells: each number of its one row with numbers put
/// under the column whose label its box overlaps (or whose label's centre is nearest, within
/// half the narrowest gap between them), the other cells blank. None when a number falls
/// under no column, or two under one.
fn review_by_columns(
    doc: &Doc,
    region: (usize, usize),
    spans: &[(usize, usize)],
) -> Option<(usize, Vec<Val>)> {
    let width = REVIEW_GROUPS.len() * REVIEW_COLUMNS.len();
    let rows: Vec<(usize, &Row)> = rows_in(doc, region)
        .into_iter()
        .filter(|(_, r)| r.values.iter().any(|v| !v.text.trim().is_empty()))
        .collect();
    let [(i, row)] = rows[..] else {
        return None;
    };
    if spans.len() != width || row.values.len() >= width {
        return None;
    }
    let centres: Vec<usize> = spans.iter().map(|&(a, b)| (a + b) / 2).collect();
    let full = [(i, centres)];
    let mut cells: Vec<Option<Val>> = vec![None; width];
    for v in &row.values {
        let k = v
            .pos
            .and_then(|x| under_label(Some(spans), x, v.half).or_else(|| column_of(&full, i, x)))?;
        if cells[k].replace(v.clone()).is_some() {
            return None;
        }
    }
    Some((
        i,
        cells
            .into_iter()
            .map(|c| {
                c.unwrap_or(Val {
                    text: String::new(),
                    pos: None,
                    half: 0,
                })
            })
            .collect(),
    ))
}

fn review(doc: &Doc, region: (usize, usize), pdf: Option<Geometry<'_>>, out: &mut Imported) {
    // Numbers printed on a line not read as a row: the table is not read as printed (its
    // groups printing nothing readable would be taken for blank).
    let stray = numbers_not_read(doc, region, pdf);
    if !stray.is_empty() {
        for line in stray {
            out.missing.push(msg!(
                "imp-row-unmatched",
                table = table_numeral(TableId::ReviewLitigation),
                line = line
            ));
        }
        for g in &REVIEW_GROUPS {
            out.review.push((g.key, None));
        }
        return;
    }
    let spans = pdf.and_then(|g| g.review);
    let placed = || spans.and_then(|s| review_by_columns(doc, region, s));
    // A number of the table pieced together by a guess: every group is taken only where its
    // sum closes.
    let guessed = pdf.is_some_and(|g| {
        rows_in(doc, region)
            .iter()
            .any(|(_, r)| r.values.iter().any(|v| g.guessed(r.band, v)))
    });
    if guessed {
        for g in &REVIEW_GROUPS {
            out.doubtful.extend(
                REVIEW_COLUMNS
                    .iter()
                    .map(|c| format!("{}.{}", g.path(), c.key)),
            );
        }
    }
    let path = |k: usize| {
        let (g, c) = (k / REVIEW_COLUMNS.len(), k % REVIEW_COLUMNS.len());
        format!("{}.{}", REVIEW_GROUPS[g].path(), REVIEW_COLUMNS[c].key)
    };
    let values = match review_cells(doc, region).map_err(|e| (e, placed())) {
        Ok((values, rest)) => {
            review_certain_numbers(doc, region, pdf, &values, out);
            // A mark printed for nothing ("/", "-") in the row of fifteen cells stands in its
            // cell by the row's order, whatever a number pieced elsewhere in it: no digit is
            // wrapped to or from a mark. Set at a cell's edge (aligned left or right), it may
            // stand clear of its column's label, where a number is placed by overlapping it
            // ([`printed_alone`]).
            if guessed {
                for (k, v) in values.iter().enumerate() {
                    if !rest.contains(&k) && matches!(v.text.trim(), "-" | "—" | "/" | "／") {
                        out.certain_numbers.push(path(k));
                    }
                }
            }
            // A cell read on over a line of its own is taken only where its group's sum
            // closes.
            for k in rest {
                out.certain_numbers.retain(|p| *p != path(k));
                out.doubtful.push(path(k));
            }
            values
        }
        // Placed by the header's columns, every cell is in doubt: taken where its group's sum
        // closes ([`super::confirm`]). A cell with no number is blank only when nothing is
        // printed in its box ([`nothing_printed`]): a remark wrapped above and below the row's
        // line leaves its cell empty on that line, and the group's sum may still close.
        Err((_, Some((i, values)))) => {
            for g in &REVIEW_GROUPS {
                out.doubtful.extend(
                    REVIEW_COLUMNS
                        .iter()
                        .map(|c| format!("{}.{}", g.path(), c.key)),
                );
            }
            if let (Some(spans), Some(reach)) = (spans, row_reach(doc, i, i)) {
                for (k, v) in values.iter().enumerate() {
                    if v.text.is_empty() && nothing_printed(pdf, spans, k, reach) {
                        out.certain_blanks.push(path(k));
                    }
                }
            }
            review_certain_numbers(doc, region, pdf, &values, out);
            values
        }
        Err((e, None)) => {
            out.missing.push(e);
            for g in &REVIEW_GROUPS {
                out.review.push((g.key, None));
            }
            return;
        }
    };
    // A piece of a remark wrapped a character a line, not read: its cell's remark would be
    // lost, and its number may be one of the pieces.
    let pieces = remark_pieces_not_read(doc, region, pdf);
    if !pieces.is_empty() {
        for line in pieces {
            out.missing.push(msg!(
                "imp-piece-not-read",
                table = table_numeral(TableId::ReviewLitigation),
                line = line
            ));
        }
        for g in &REVIEW_GROUPS {
            out.review.push((g.key, None));
        }
        return;
    }
    for (gi, g) in REVIEW_GROUPS.iter().enumerate() {
        let mut cells = vec![];
        let mut ok = true;
        for (ci, col) in REVIEW_COLUMNS.iter().enumerate() {
            let v = &values[gi * REVIEW_COLUMNS.len() + ci];
            match read_cell(&v.text, FieldKind::Count) {
                Ok((value, note)) => {
                    if let Some(note) = note {
                        out.notes.insert(format!("{}.{}", g.path(), col.key), note);
                    }
                    // A mark printed for nothing ("-") is a blank as printed (not when read by
                    // OCR, which may have misread a digit so).
                    if value == Value::Blank
                        && !v.text.trim().is_empty()
                        && !pdf.is_some_and(|g| g.ocr)
                    {
                        out.certain_blanks.push(format!("{}.{}", g.path(), col.key));
                    }
                    cells.push(value);
                }
                Err(e) => {
                    out.missing.push(msg!(
                        "imp-review-cell",
                        group = g.name(),
                        column = col.label,
                        reason = e
                    ));
                    ok = false;
                    break;
                }
            }
        }
        out.review.push((g.key, ok.then_some(cells)));
    }
    out.found.push(msg!(
        "imp-review-found",
        cells = REVIEW_GROUPS.len() * REVIEW_COLUMNS.len()
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A label wrapped beside a group label: the last word of a line is the row label's own in
    /// the third reading, though it is a piece of a group label too.
    #[test]
    fn the_last_word_of_a_line_is_read_as_the_row_label_s_own() {
        assert_eq!(without_group_fragments("理结 公开", false), "");
        assert_eq!(without_group_fragments_but_last("理结 公开"), "公开");
        assert_eq!(without_group_fragments_but_last("他"), "他");
        assert_eq!(without_group_fragments_but_last("（六） 其他处 理"), "理");
    }

    /// A row is known by its numbering before its wrapped words.
    #[test]
    fn numbering_of_the_printed_row_must_be_the_template_rows() {
        let own = normalize("5.要求行政");
        assert!(numbering_differs(
            &own,
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        ));
        assert!(!numbering_differs(
            &own,
            "5.要求行政机关确认或重新出具已获取信息"
        ));
        // A group's numbering beside the row's is of another kind.
        assert!(!numbering_differs(
            &normalize("（五） 1.信访举报"),
            "1.信访举报投诉类申请"
        ));
        assert!(!numbering_differs(
            &normalize("不予公  秘密"),
            "1.属于国家秘密"
        ));
        // An amount's decimal point is no numbering.
        assert!(numberings("3.5万元").is_empty());
        assert!(starts_numbered("一、本年新收"));
        assert!(!starts_numbered("申请人情况"));
    }

    /// "00" over the labels of 其他 and 总计 is two cells; a number under one label is not split,
    /// nor is a split that would give a part starting with 0.
    #[test]
    fn two_cells_run_together_are_split_by_the_header() {
        let header = [(3588, 3726), (3775, 3913)];
        let v = |text: &str, pos: usize, half: usize| Val {
            text: text.into(),
            pos: Some(pos),
            half,
        };
        let parts = run_together(Some(&header), &v("00", 3717, 94)).unwrap();
        let texts: Vec<&str> = parts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["0", "0"]);
        assert!(parts[0].pos < parts[1].pos);
        assert!(run_together(Some(&header), &v("120", 3657, 40)).is_none());
        assert!(run_together(Some(&header), &v("1005", 3750, 150)).is_none());
        assert!(run_together(None, &v("00", 3717, 94)).is_none());
    }

    /// Table 二 unread: table 三's rows tell the edition before the year does (a 2020 report in
    /// the 2021 template has （六）其他处理's three rows; a 2019 template has only the one).
    #[test]
    fn edition_from_table_three_when_table_two_says_nothing() {
        let para = |text: &str| Item::Para {
            text: text.into(),
            indent: 0,
            heading: None,
            band: None,
        };
        let doc_of = |rows: Vec<&'static str>| Doc {
            items: rows.into_iter().map(para).collect(),
            layout: false,
        };
        let labels = |ed: Edition| -> Vec<&'static str> {
            schema::application_rows(ed).map(|r| r.label).collect()
        };
        let of_rows = |ed: Edition, year: i32| {
            let doc = doc_of(labels(ed));
            let regions = Regions {
                applications: Some((0, doc.items.len())),
                ..Regions::default()
            };
            detect_edition(&doc, &regions, Some(year))
        };
        assert_eq!(of_rows(Edition::E2021, 2020), Edition::E2021);
        assert_eq!(of_rows(Edition::E2021, 2023), Edition::E2021);
        assert_eq!(of_rows(Edition::E2019, 2020), Edition::E2019);
        // Only the rows both editions share (2019's （六）其他处理 is printed by 2021 too, over
        // its three rows): the year decides.
        let shared: Vec<&'static str> = labels(Edition::E2019)
            .into_iter()
            .filter(|l| labels(Edition::E2021).contains(l))
            .collect();
        let doc = doc_of(shared);
        let regions = Regions {
            applications: Some((0, doc.items.len())),
            ..Regions::default()
        };
        assert_eq!(detect_edition(&doc, &regions, Some(2020)), Edition::E2019);
        assert_eq!(detect_edition(&doc, &regions, Some(2022)), Edition::E2021);
    }

    #[test]
    fn cells_as_printed() {
        assert_eq!(read_cell("", FieldKind::Count).unwrap().0, Value::Blank);
        assert_eq!(read_cell("-", FieldKind::Count).unwrap().0, Value::Blank);
        assert_eq!(
            read_cell("12", FieldKind::Count).unwrap().0,
            Value::Count(12)
        );
        assert_eq!(
            read_cell("22（其中修订16件）", FieldKind::Count).unwrap(),
            (Value::Count(22), Some("其中修订16件".to_string()))
        );
        // Thousands separators (finding 09): one number, never two cells.
        assert_eq!(
            read_cell("4,518", FieldKind::Count).unwrap().0,
            Value::Count(4518)
        );
        assert_eq!(
            read_cell("1，234", FieldKind::Count).unwrap().0,
            Value::Count(1234)
        );
        assert_eq!(
            read_cell("12,345（其中网上申请1,200件）", FieldKind::Count).unwrap(),
            (Value::Count(12345), Some("其中网上申请1,200件".into()))
        );
        assert_eq!(
            read_cell("1,234.50", FieldKind::Decimal).unwrap().0,
            Value::Decimal("1234.50".into())
        );
        for run_together in ["1,2", "12,34", "0,123", "1,2345", "1,"] {
            assert!(
                read_cell(run_together, FieldKind::Count).is_err(),
                "{run_together}"
            );
        }
        assert_eq!(
            read_cell("190.457379", FieldKind::Decimal).unwrap().0,
            Value::Decimal("190.457379".into())
        );
        assert_eq!(
            read_cell("73802895.90元", FieldKind::Decimal).unwrap(),
            (
                Value::Decimal("73802895.90".into()),
                Some("73802895.90元".to_string())
            )
        );
        assert!(read_cell("1O", FieldKind::Count).is_err());
        assert!(read_cell("000000", FieldKind::Count).is_err());
        assert!(read_cell("07", FieldKind::Count).is_err());
        assert_eq!(read_cell("0", FieldKind::Count).unwrap().0, Value::Count(0));
        assert!(read_cell("abc", FieldKind::Count).is_err());
        assert_eq!(
            read_cell("-3", FieldKind::SignedCount).unwrap().0,
            Value::Count(-3)
        );
    }

    /// A printed table 三 as a PDF gives it: each template row a line with its label and its
    /// seven numbers (every result row 1 in 自然人 and 总计, `(key, label, n)` changing one),
    /// the rows in `lost` not printed, each number at its column's x.
    fn printed_table(change: (&str, &str, i64), lost: &[&str]) -> Doc {
        let rows: Vec<_> = schema::application_rows(Edition::E2021).collect();
        let results = rows.iter().filter(|r| r.role == schema::RowRole::Result);
        let n = results.count() as i64 + change.2 - 1;
        let mut items = vec![
            Item::Para {
                text: "某某局2023年政府信息公开工作年度报告".into(),
                indent: 0,
                heading: None,
                band: None,
            },
            Item::Para {
                text: APPLICANT_HEADER.into(),
                indent: 0,
                heading: None,
                band: None,
            },
        ];
        for (k, r) in rows.iter().enumerate() {
            if lost.contains(&r.key) {
                continue;
            }
            let (label, v) = match r.role {
                schema::RowRole::New | schema::RowRole::Total => (r.label, n),
                schema::RowRole::Result if r.key == change.0 => (change.1, change.2),
                schema::RowRole::Result => (r.label, 1),
                _ => (r.label, 0),
            };
            let cells = [v, 0, 0, 0, 0, 0, v];
            items.push(Item::Row(Row {
                label: label.to_string(),
                values: cells
                    .iter()
                    .enumerate()
                    .map(|(c, v)| Val {
                        text: v.to_string(),
                        pos: Some(3000 + 400 * c),
                        half: 40,
                    })
                    .collect(),
                raw: format!("{label} {cells:?}"),
                band: Some((1000 + 200 * k, 1140 + 200 * k)),
            }));
        }
        Doc {
            items,
            layout: true,
        }
    }

    fn row_of<'a>(out: &'a Imported, key: &str) -> Option<&'a Vec<Value>> {
        out.applications
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| v.as_ref())
    }

    /// A printed row placed under a template row by an approximate label ("属于国家秘" for
    /// 1.属于国家秘密, whose own line is lost) keeps its own R-COL there, and the row it really
    /// is goes missing, so that R-SUM over the result rows cannot be evaluated: its numbers
    /// were written under the wrong label. A row placed by anything less than its own label
    /// needs an equation over its columns: it is refused, naming the row, and never written.
    #[test]
    fn a_row_placed_by_an_inexact_label_needs_its_columns_to_close() {
        let pdf = Some(Geometry::default());
        let doc = printed_table(
            ("withheld.law_forbidden", "属于国家秘", 2),
            &["withheld.state_secret"],
        );
        let mut out = extract_with(&doc, pdf);
        // The wrong placement: 2.其他法律行政法规禁止公开's numbers under 1.属于国家秘密.
        assert_eq!(
            row_of(&out, "withheld.state_secret").map(|v| v[0].clone()),
            Some(Value::Count(2))
        );
        super::super::confirm::confirm(&mut out);
        assert_eq!(row_of(&out, "withheld.state_secret"), None);
        let missing: Vec<String> = out.missing.iter().map(|m| m.en()).collect();
        assert!(
            missing
                .iter()
                .any(|m| m.contains("1.属于国家秘密") && m.contains("not confirmed")),
            "{missing:?}"
        );
        // Every other row is read by its own label and written.
        assert_eq!(
            row_of(&out, "withheld.security_stability").map(|v| v[0].clone()),
            Some(Value::Count(1))
        );
        // The same table with every row printed under its own label is written whole.
        let doc = printed_table(
            ("withheld.law_forbidden", "2.其他法律行政法规禁止公开", 2),
            &[],
        );
        let mut out = extract_with(&doc, pdf);
        super::super::confirm::confirm(&mut out);
        // (Tables 二 and 四 are not printed here.)
        let about_three: Vec<String> = out
            .missing
            .iter()
            .map(|m| m.en())
            .filter(|m| m.contains("table 三"))
            .collect();
        assert!(about_three.is_empty(), "{about_three:?}");
        assert_eq!(
            row_of(&out, "withheld.law_forbidden").map(|v| v[0].clone()),
            Some(Value::Count(2))
        );
    }
}
