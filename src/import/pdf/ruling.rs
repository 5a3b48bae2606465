//! The cells of a PDF's ruled tables, from the table's own borders.
//!
//! `pdftotext -bbox` gives words and drops everything else; the rest of the reader has to guess
//! from the words' positions which cell a number belongs to (a label wrapped over three lines, a
//! number wrapped in a narrow cell, a blank beside a remark). But LibreOffice, Word/WPS and
//! Chromium draw every cell border as a path (a stroked line, or a thin filled rectangle), and
//! those borders say where each cell is. Poppler's `pdftocairo -svg` (the same package as
//! `pdftotext`, so no new dependency) writes each page's paths in page coordinates, the same
//! points, origin top left, that `pdftotext` gives the words in; cairo writes paths only as
//! absolute `M`/`L`/`C`/`Z`, each with its own transform, so they are read exactly.
//!
//! Here the borders become tables: horizontal and vertical rules joined, every rectangle they
//! close a cell (a cell merged over rows or columns is one cell), and every word of the page
//! placed in the cell its box lies in. A table is given only when that holds for every word in
//! it and its frame is closed: a word straddling a border (text overflowing its cell, a table
//! drawn with borders between rows only, a page rotated one way for the text and another for
//! the paths) means the ruling and the words disagree, and the table is not given: the line
//! reader ([`super::lines`]) reads it as before.
//!
//! The tables come out as [`Item`]s laid out on the shared [`crate::import::grid::Grid`], as a
//! Word table's are: a cell's text is all its words, line after line, however it wraps; a cell
//! with no word is blank; a cell spanning rows repeats in each.

use super::super::grid::Grid;
use super::super::labels::normalize;
use super::super::text::value_like;
use super::super::{Doc, Item};
use super::lines::{raw, visual_lines};
use super::words::{Page, Word};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// The thickest filled rectangle taken for a rule (points): a border is drawn 0.5–1.5 pt
/// wide; a wider fill is a cell's shading, no border.
const THIN: f64 = 3.0;
/// How near (points) two rules' positions must be to be one rule (a double border, the two
/// edges of a thick one).
const SAME: f64 = 2.0;
/// How far apart (points) two pieces of a rule along it, or a rule's end and the rule it
/// meets, may be and still join (Chromium draws a border a cell at a time; cairo ends a
/// stroked line at its centre, half a width short of the one it meets).
const JOIN: f64 = 2.0;
/// The narrowest cell (points): closer rules are one border drawn twice.
const MIN_SIDE: f64 = 4.0;
/// The most rules a page may draw for its ruling to be read ([`page_rules`]): table 三 drawn
/// cell by cell (Chromium draws each cell's four sides) is about a thousand.
const MAX_RULES: usize = 5_000;

/// A straight rule across (`at` its y, `from`–`to` its x-range) or down the page (`at` its x).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Rule {
    at: f64,
    from: f64,
    to: f64,
}

/// The rules of one page.
#[derive(Clone, Debug, Default)]
struct Rules {
    across: Vec<Rule>,
    down: Vec<Rule>,
}

/// A cell of a ruled table: its box (points) and its place in the table's grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
}

/// A ruled table of one page: the positions of its rules across (`ys`) and down (`xs`), and its
/// cells, each grid slot in exactly one. `open` says whether its first and its last row are
/// closed by the page instead of a rule ([`open_ends`]).
#[derive(Clone, Debug)]
pub struct Table {
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    pub cells: Vec<Cell>,
    pub open: (bool, bool),
}

/// What the cell borders give: the tables' rows, and the rows a page break cuts whose rest was
/// not read.
#[derive(Clone, Debug, Default)]
pub struct Ruled {
    pub doc: Doc,
    /// Rows run over a page break whose rest, on the next page, was not read (that page's part
    /// of the table was not read, or is not in the file): each its place in `doc` (a line of
    /// its text, so that the table holding it is not taken from the borders) and its cells as
    /// printed. Its first part alone is no row: a number wrapped "1" / "9（…" would be read as 1.
    pub broken: Vec<(usize, String)>,
    /// Rows run over a page break joined by piecing a number together from its two pages ("1" /
    /// "8（含来信1件）": 18): each its place in `doc` (after its table's rows) and its cells as
    /// joined. Whether "1" ended the number or the page cut it, the borders cannot tell: the
    /// table holding it is taken only where the template's sums confirm every cell.
    pub pieced: Vec<(usize, String)>,
}

/// The ruled tables of the pages (the words `pdftotext` read, page by page) as rows of cells, in
/// page order, read from `svgs` (`pdftocairo -svg` of a stretch of pages, with those pages'
/// words; `after`, the page that follows them, when there is one): a table whose words do not
/// all lie inside its cells is left out, a row broken by a page is put back together
/// ([`join_broken_row`]), and a row a page break cuts whose rest was not read is named
/// ([`Ruled::broken`]). None when an SVG does not give its pages.
pub fn read(svgs: &[(String, &[Page])], after: Option<&Page>) -> Option<Ruled> {
    let mut rules: Vec<Rules> = vec![];
    let mut pages: Vec<&Page> = vec![];
    for (svg, run) in svgs {
        let r = page_rules(svg)?;
        if r.len() != run.len() {
            return None;
        }
        rules.extend(r);
        pages.extend(run.iter());
    }
    Some(read_rules(&rules, &pages, after))
}

/// A rule found elsewhere than in a PDF's paths (a scan's, from its image: [`super::grid`]): its
/// position across it and its extent along it, in points.
pub type Drawn = (f64, f64, f64);

/// The ruled tables of pages whose rules, across and down, are given with their words, as
/// [`read`] gives them from a PDF's paths. A row a page break cuts is left to the lines there
/// (its place a line of text in the doc), as the scan's pages are all given.
pub fn read_drawn(pages: &[(Vec<Drawn>, Vec<Drawn>, &Page)]) -> Doc {
    let rule = |&(at, from, to): &Drawn| Rule { at, from, to };
    let rules: Vec<Rules> = pages
        .iter()
        .map(|(across, down, _)| Rules {
            across: across.iter().map(rule).collect(),
            down: down.iter().map(rule).collect(),
        })
        .collect();
    let words: Vec<&Page> = pages.iter().map(|p| p.2).collect();
    read_rules(&rules, &words, None).doc
}

/// The boxes `(x0, y0, x1, y1)` of the cells of the tables drawn by rules found elsewhere
/// ([`read_drawn`]), a cell merged over rows or columns one box.
pub fn drawn_cells(across: &[Drawn], down: &[Drawn]) -> Vec<(f64, f64, f64, f64)> {
    let rule = |&(at, from, to): &Drawn| Rule { at, from, to };
    let rules = Rules {
        across: across.iter().map(rule).collect(),
        down: down.iter().map(rule).collect(),
    };
    tables(&rules)
        .iter()
        .flat_map(|t| t.cells.iter().map(|c| (c.x0, c.y0, c.x1, c.y1)))
        .collect()
}

/// The ruled tables of `pages` drawn by `rules` (one per page), as [`read`] gives them.
fn read_rules(rules: &[Rules], pages: &[&Page], after: Option<&Page>) -> Ruled {
    // Every table of every page, with its cells' texts when its words agree with its cells.
    let mut read: Vec<(usize, Table, Option<Vec<String>>)> = vec![];
    for (p, (rules, page)) in rules.iter().zip(pages).enumerate() {
        for table in tables(rules) {
            let (table, texts) = placed(table, &page.words);
            read.push((p, table, texts));
        }
    }
    // Whether each table opens its page and whether it ends it (nothing printed above it, or
    // below it, but the running heads and feet), and whether the one after it continues it on
    // the next page (opening that page, its frame the same).
    // (A box of one cell, a frame drawn round a word, is no table that opens or ends a page.)
    let ends: Vec<(bool, bool)> = (0..read.len())
        .map(|k| {
            let (p, t, _) = &read[k];
            let table = |e: &(usize, Table, Option<Vec<String>>)| e.0 == *p && e.1.cells.len() > 1;
            let first = !read[..k].iter().any(table);
            let last = !read[k + 1..].iter().any(table);
            (
                first && opens(pages[*p], t),
                last && ends_page(pages[*p], t),
            )
        })
        .collect();
    let continued: Vec<bool> = (0..read.len())
        .map(|k| {
            read.get(k + 1).is_some_and(|b| {
                let a = &read[k];
                a.0 + 1 == b.0 && ends[k].1 && ends[k + 1].0 && same_frame(&a.1, &b.1)
            })
        })
        .collect();
    let mut broken: Vec<(usize, String)> = vec![];
    let mut pieced: Vec<(usize, String)> = vec![];
    // Tables whose last row was settled by the page break after them.
    let mut ended = vec![false; read.len()];
    for k in 1..read.len() {
        let (before, after_) = read.split_at_mut(k);
        let (a, b) = (&mut before[k - 1], &mut after_[0]);
        let next = a.0 + 1 == b.0;
        let cut = a.1.open.1;
        let outcome = match (next, a.2.as_mut(), b.2.as_mut()) {
            (true, Some(ta), Some(tb)) => join_broken_row((&a.1, ta), (&mut b.1, tb)),
            _ => Break::Apart,
        };
        // A row the page cuts off whose rest is not joined to it is not read: its rest is
        // missing. A table opening a page is a row of its own when the table before ended with
        // a rule.
        let rest_unread = cut || continued[k - 1] && b.2.is_none();
        match outcome {
            // The row cut at the page's foot is whole now.
            Break::Joined => a.1.open.1 = false,
            Break::Pieced(pairs) if cut || continued[k - 1] => {
                if let (Some(ta), Some(tb)) = (a.2.as_mut(), b.2.as_mut()) {
                    join_rest(ta, (&mut b.1, tb), &pairs);
                }
                a.1.open.1 = false;
                if let Some(row) = last_row(&a.1, a.2.as_deref()) {
                    pieced.push((k - 1, row));
                }
            }
            Break::Pieced(_) | Break::Apart => {
                // Its rest printed on the next page but not read here: the row is left to the
                // lines, which read both pages.
                if rest_unread {
                    without_row(&mut a.1, a.2.as_mut(), false);
                    ended[k - 1] = true;
                }
                if b.1.open.0 && (!next || cut) {
                    without_row(&mut b.1, b.2.as_mut(), true);
                }
            }
        }
    }
    // A table ending its page with no table continuing it on the next (or cut there by
    // Chromium with none after it): the next page that prints something opens with what
    // follows it, a heading. When it opens with digits (a rest not drawn as a table's row) or
    // with a table not read, the last row is left to the lines; when no page after it prints
    // anything (a print cut short), its rest is nowhere: the row is broken.
    for k in 0..read.len() {
        let (p, t, texts) = &read[k];
        if texts.is_none() || ended[k] {
            continue;
        }
        let opening = read.get(k + 1).filter(|n| n.0 == *p + 1 && ends[k + 1].0);
        if !t.open.1 && (!ends[k].1 || continued[k] || opening.is_some_and(|n| n.2.is_some())) {
            // Ended with a rule before something else on its page; continued; or whether a
            // table read opening the next page starts with its rest was decided above.
            continue;
        }
        // (A blank page, a section's break before a landscape page, is passed over.)
        let next = pages[*p + 1..]
            .iter()
            .copied()
            .chain(after)
            .find_map(first_line);
        let digits = |line: &Vec<&Word>| {
            line.iter()
                .any(|w| w.text.contains(|c: char| c.is_ascii_digit()))
        };
        if !t.open.1 && opening.is_none() && next.as_ref().is_some_and(|l| !digits(l)) {
            continue;
        }
        let (_, t, texts) = &mut read[k];
        if next.is_none()
            && let Some(row) = last_row(t, texts.as_deref())
        {
            broken.push((k, row));
        }
        without_row(t, texts.as_mut(), false);
    }
    if let Some((_, t, texts)) = read.first_mut()
        && t.open.0
    {
        without_row(t, texts.as_mut(), true);
    }
    let mut items = vec![];
    let mut places = vec![];
    let mut joined = vec![];
    for (k, (_, table, texts)) in read.iter().enumerate() {
        if let Some(rows) = texts.as_ref().and_then(|t| layout(table, t)) {
            items.extend(rows);
        }
        for (_, row) in pieced.iter().filter(|p| p.0 == k) {
            joined.push((items.len(), row.clone()));
        }
        for (_, row) in broken.iter().filter(|b| b.0 == k) {
            places.push((items.len(), row.clone()));
            items.push(Item::Para {
                text: row.clone(),
                indent: 0,
                heading: None,
                band: None,
            });
        }
    }
    Ruled {
        doc: Doc {
            items,
            layout: false,
        },
        broken: places,
        pieced: joined,
    }
}

/// The share of a page's height at its top and at its foot that holds its running heads and
/// feet (a browser's date, title, address and page count), never body text.
const FURNITURE: f64 = 0.05;

/// Whether `w` is printed in the body of `page` (not in its running heads or feet).
fn in_body(page: &Page, w: &Word) -> bool {
    w.y0 > page.height * FURNITURE && w.y1 < page.height * (1.0 - FURNITURE)
}

/// Whether nothing is printed above `t` on its page but the running heads.
fn opens(page: &Page, t: &Table) -> bool {
    !page
        .words
        .iter()
        .any(|w| in_body(page, w) && w.centre_y() < t.ys[0])
}

/// Whether nothing is printed below `t` on its page but the running feet and a page number
/// ("- 3 -", "第3页"): a row may run on to the next page.
fn ends_page(page: &Page, t: &Table) -> bool {
    let page_number = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "-—–－/第页共()（）".contains(c))
    };
    let bottom = t.ys[t.ys.len() - 1];
    !page
        .words
        .iter()
        .any(|w| in_body(page, w) && w.centre_y() > bottom && !page_number(&w.text))
}

/// The first line of `page`'s body (its words), None when it prints nothing there. What opens
/// a page after a table ending the one before is a heading, never a number.
fn first_line(page: &Page) -> Option<Vec<&Word>> {
    let body: Vec<&Word> = page.words.iter().filter(|w| in_body(page, w)).collect();
    let first = body.iter().min_by(|a, b| a.y0.total_cmp(&b.y0))?;
    Some(
        body.iter()
            .filter(|w| w.centre_y() < first.y1)
            .copied()
            .collect(),
    )
}

/// Whether two tables have the same frame at the sides (one table run over two pages).
fn same_frame(a: &Table, b: &Table) -> bool {
    (a.xs[0] - b.xs[0]).abs() <= 2.0 * SAME
        && (a.xs[a.xs.len() - 1] - b.xs[b.xs.len() - 1]).abs() <= 2.0 * SAME
}

/// The printed cells of `table`'s last row, left to right, as the refusal names them; None when
/// the row prints nothing (nothing of it could be taken).
fn last_row(table: &Table, texts: Option<&[String]>) -> Option<String> {
    let texts = texts?;
    let rows = table.ys.len().checked_sub(1)?;
    let mut cells: Vec<(usize, &str)> = table
        .cells
        .iter()
        .zip(texts)
        .filter(|(c, t)| c.row + c.rows == rows && !t.is_empty())
        .map(|(c, t)| (c.col, t.as_str()))
        .collect();
    cells.sort_by_key(|c| c.0);
    let row: Vec<&str> = cells.iter().map(|c| c.1).collect();
    (!row.is_empty()).then(|| row.join("  "))
}

/// `table` with its cells' texts ([`place`]); a table open at an end whose words do not agree
/// with its cells is tried again without its open rows (a word over a border there does not
/// lose the rest of the table).
fn placed(table: Table, words: &[Word]) -> (Table, Option<Vec<String>>) {
    let texts = |t: &Table| -> Option<Vec<String>> {
        place(t, words).map(|cells| cells.iter().map(|w| cell_text(w)).collect())
    };
    if let Some(t) = texts(&table) {
        return (table, Some(t));
    }
    if table.open == (false, false) {
        return (table, None);
    }
    let mut closed = table;
    for first in [true, false] {
        if closed.open.0 && first || closed.open.1 && !first {
            without_row(&mut closed, None, first);
        }
    }
    let t = texts(&closed);
    (closed, t)
}

/// `table` (and its cells' `texts`) without its first or its last row, which is no longer open.
/// A cell spanning that row and others keeps the others.
fn without_row(table: &mut Table, mut texts: Option<&mut Vec<String>>, first: bool) {
    let rows = table.ys.len() - 1;
    if rows < 2 {
        // Nothing left: no cell.
        table.cells.clear();
        if let Some(t) = texts {
            t.clear();
        }
        table.ys.truncate(1);
    } else {
        let mut cells = vec![];
        let mut kept = vec![];
        for (k, c) in table.cells.iter().enumerate() {
            let in_row = if first {
                c.row == 0
            } else {
                c.row + c.rows == rows
            };
            let cell = match (in_row, c.rows) {
                (true, 1) => continue,
                (true, n) if first => Cell {
                    y0: table.ys[1],
                    rows: n - 1,
                    ..c.clone()
                },
                (true, n) => Cell {
                    y1: table.ys[rows - 1],
                    rows: n - 1,
                    ..c.clone()
                },
                (false, _) if first => Cell {
                    row: c.row - 1,
                    ..c.clone()
                },
                (false, _) => c.clone(),
            };
            cells.push(cell);
            kept.push(k);
        }
        if let Some(t) = texts.as_mut() {
            **t = kept.iter().map(|&k| t[k].clone()).collect();
        }
        table.cells = cells;
        if first {
            table.ys.remove(0);
        } else {
            table.ys.pop();
        }
    }
    if first {
        table.open.0 = false;
    } else {
        table.open.1 = false;
    }
}

/// What became of the last row of a table ending a page and the first of the table opening the
/// next ([`join_broken_row`]).
#[derive(Clone, Debug, PartialEq)]
enum Break {
    /// One row broken by the page, put back together.
    Joined,
    /// Two rows (or not known to be one).
    Apart,
    /// One row broken by the page whose rest starts with a digit where its first part printed
    /// something in the same cell ("1" / "8（含来信1件）"): joined, the two piece a number from
    /// two pages ([`Ruled::pieced`]). The pairs of cells (first part, rest) to join.
    Pieced(Vec<(usize, usize)>),
}

/// A row broken by a page: the last row of a table that ends a page (`a`) continued in the first
/// row of the table that starts the next (`b`). Word and LibreOffice let a row run over a page
/// break, each part closed by the page; Chromium leaves the first part open at the bottom and
/// the rest open at the top ([`open_ends`]). The rest of its label (not numbered) or of its
/// cells' texts ("件）" of "17（其中网上申请5" / "件）") stands in `b`'s first row. Its texts are
/// put after the first part's, cell by cell (cells of the same left and right borders), and
/// the row dropped from `b`, when the first part is a row of the template (its label, its last
/// cell that starts with a numbering, "2.申请人逾期未按收费通知要求缴", is numbered; or, as table
/// 四's, it has no label and every cell it prints starts with a digit) and no cell of the rest
/// is numbered ("纳费用、…"), every cell of the rest that prints something stands under a cell
/// of the first part's last row (a number in a cell one row high in both), and no cell of the
/// rest starts with a digit where the first part printed something (a number is never pieced
/// together from two pages: [`Break::Pieced`] when the rest prints only under the first part's
/// numbers and, words that are no number, under its label: joined by the caller,
/// [`join_rest`]). A label cell spanning rows on both pages
/// ("（四）无法提" / "供") reads whole in each.
fn join_broken_row(a: (&Table, &mut [String]), b: (&mut Table, &mut Vec<String>)) -> Break {
    let ((ta, texts_a), (tb, texts_b)) = (a, b);
    if tb.ys.len() < 2 || ta.ys.len() < 2 || tb.open.0 != ta.open.1 {
        return Break::Apart;
    }
    let bottom = ta.ys.len() - 1;
    let numbered = |t: &str| crate::import::tables::starts_numbered(&normalize(t));
    // A number's cell: blank, a mark for none, or starting with a digit ("3（其中网上").
    let number = |t: &str| {
        let n = normalize(t);
        n.is_empty()
            || matches!(n.as_str(), "-" | "—" | "/" | "／")
            || n.starts_with(|c: char| c.is_ascii_digit())
    };
    let last: Vec<usize> = (0..ta.cells.len())
        .filter(|&k| ta.cells[k].row + ta.cells[k].rows == bottom)
        .collect();
    // The first part's label: the last of its row's cells, left to right, that is numbered.
    let label = last
        .iter()
        .filter(|&&k| numbered(&texts_a[k]))
        .max_by(|&&d, &&e| ta.cells[d].x0.total_cmp(&ta.cells[e].x0));
    let unlabelled =
        last.iter().any(|&k| !texts_a[k].is_empty()) && last.iter().all(|&k| number(&texts_a[k]));
    if label.is_none() && !unlabelled {
        return Break::Apart;
    }
    let mut pairs: Vec<(usize, usize)> = vec![];
    for (kb, c) in tb.cells.iter().enumerate().filter(|(_, c)| c.row == 0) {
        let text = &texts_b[kb];
        if text.is_empty() {
            continue;
        }
        if numbered(text) {
            return Break::Apart;
        }
        // A label cell spanning rows may run over the page too ("（四）无法提" / "供"); a number
        // is joined to a cell of one row only.
        let value = value_like(text);
        if value && c.rows > 1 {
            return Break::Apart;
        }
        let Some(&ka) = last.iter().find(|&&k| {
            let d = &ta.cells[k];
            (d.rows == 1 || !value) && (d.x0 - c.x0).abs() <= SAME && (d.x1 - c.x1).abs() <= SAME
        }) else {
            return Break::Apart;
        };
        pairs.push((ka, kb));
    }
    // A rest printing nothing is dropped where the page's cut is drawn (Chromium's open ends).
    if pairs.is_empty() && !tb.open.0 {
        return Break::Apart;
    }
    // The rest a number, or its digits continuing the first part's ("12（其中网上申请1" / "2件）"):
    // digits of the first part's closed by a bracket or a word ("10（其中" / "4件已办结）") are not.
    let pieced = |a: &str, b: &str| {
        let (a, b) = (normalize(a), normalize(b));
        !a.is_empty()
            && (value_like(&b)
                || a.ends_with(|c: char| c.is_ascii_digit())
                    && b.starts_with(|c: char| c.is_ascii_digit()))
    };
    if pairs
        .iter()
        .any(|&(ka, kb)| pieced(&texts_a[ka], &texts_b[kb]))
    {
        // The rest of the label may run on beside the rest of the numbers ("一、本年新收政府信息
        // 公开申请" / "数量" over "10" / "607"): its words are no number.
        let under_numbers = pairs.iter().all(|&(ka, kb)| {
            number(&texts_a[ka]) || label == Some(&ka) && !value_like(&texts_b[kb])
        });
        return if unlabelled || under_numbers {
            Break::Pieced(pairs)
        } else {
            Break::Apart
        };
    }
    join_rest(texts_a, (tb, texts_b), &pairs);
    Break::Joined
}

/// The rest of a row broken by a page (`b`'s first row) put after its first part's texts
/// (`texts_a`), cell by cell (`pairs`: first part's cell, rest's cell), and dropped from `b`.
fn join_rest(texts_a: &mut [String], b: (&mut Table, &mut Vec<String>), pairs: &[(usize, usize)]) {
    let (tb, texts_b) = b;
    for &(ka, kb) in pairs {
        texts_a[ka] = format!("{}{}", texts_a[ka], texts_b[kb]);
        // A cell spanning rows below the rest keeps the whole text there too.
        texts_b[kb] = texts_a[ka].clone();
    }
    without_row(tb, Some(texts_b), true);
}

/// The rules of each page of a `pdftocairo -svg` document (`<pageSet><page>…`, or one page
/// under `<svg>`). None when a path is placed by a transform on a group (not written by cairo as
/// this reader knows it: nothing is guessed).
fn page_rules(svg: &str) -> Option<Vec<Rules>> {
    let mut reader = Reader::from_str(svg);
    let mut pages: Vec<Rules> = vec![];
    let mut in_defs = 0usize;
    let mut paged = false;
    let mut svg = false;
    loop {
        let ev = reader.read_event().ok()?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let name: &str = e.local_name().into_inner();
                let empty = matches!(ev, Event::Empty(_));
                match name {
                    "defs" | "symbol" | "clipPath" | "mask" | "pattern" if !empty => in_defs += 1,
                    "svg" => svg = true,
                    "page" if !empty => {
                        paged = true;
                        pages.push(Rules::default());
                    }
                    "g" if in_defs == 0 && attr(e, "transform").is_some() => return None,
                    "path" if in_defs == 0 => {
                        if !paged && pages.is_empty() {
                            pages.push(Rules::default());
                        }
                        if let Some(page) = pages.last_mut() {
                            path_rules(e, page);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if matches!(
                    e.local_name().as_ref(),
                    "defs" | "symbol" | "clipPath" | "mask" | "pattern"
                ) {
                    in_defs = in_defs.saturating_sub(1);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // One page written without `<pageSet>` (cairo's SVG of a single page) that draws no path:
    // a page of narrative, with no rule.
    if svg && !paged && pages.is_empty() {
        pages.push(Rules::default());
    }
    // A page drawing more rules than any report's tables do is not read by its ruling: the
    // slots of a table are checked against every rule, and a hostile PDF could draw millions.
    if pages
        .iter()
        .any(|p| p.across.len() + p.down.len() > MAX_RULES)
    {
        return None;
    }
    (!pages.is_empty()).then_some(pages)
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.to_string())
}

/// A colour of a style (`stroke:rgb(0%,0%,0%)`): Some(visible) when painted, None for `none`.
/// White (every channel above 95 %) paints nothing on paper.
fn painted(style: &str, key: &str) -> Option<bool> {
    let value = style
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim())?;
    if value == "none" {
        return None;
    }
    let white = value
        .strip_prefix("rgb(")
        .and_then(|v| v.strip_suffix(')'))
        .map(|v| {
            v.split(',').all(|c| {
                let c = c.trim();
                match c.strip_suffix('%') {
                    Some(p) => p.parse::<f64>().is_ok_and(|p| p > 95.0),
                    None => c.parse::<f64>().is_ok_and(|n| n > 242.0),
                }
            })
        })
        .unwrap_or(false);
    Some(!white)
}

/// The affine transform of a path (`matrix(a,b,c,d,e,f)`), None when it is not one that keeps
/// rules horizontal and vertical.
fn transform(t: Option<&str>) -> Option<[f64; 6]> {
    let Some(t) = t else {
        return Some([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
    };
    let inner = t.trim().strip_prefix("matrix(")?.strip_suffix(')')?;
    let v: Vec<f64> = inner
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().ok())
        .collect::<Option<_>>()?;
    let m: [f64; 6] = v.try_into().ok()?;
    // Only scaling and moving (cairo flips y): a turned path is not read.
    (m[1].abs() < 1e-9 && m[2].abs() < 1e-9).then_some(m)
}

/// The rules a `<path>` draws: each straight horizontal or vertical piece of a stroked path,
/// and each thin filled axis-aligned rectangle (Chromium draws borders so).
fn path_rules(e: &BytesStart, page: &mut Rules) {
    let style = attr(e, "style").unwrap_or_default();
    let Some(m) = transform(attr(e, "transform").as_deref()) else {
        return;
    };
    let Some(d) = attr(e, "d") else { return };
    let stroked = painted(&style, "stroke") == Some(true);
    // SVG fills a path black unless its style says otherwise.
    let filled = match painted(&style, "fill") {
        Some(visible) => visible,
        None => !style.replace(' ', "").contains("fill:none"),
    };
    if !stroked && !filled {
        return;
    }
    let at = |x: f64, y: f64| (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]);
    // Subpaths: their points, and whether any piece is a curve.
    let mut subpaths: Vec<Subpath> = vec![];
    let tokens: Vec<&str> = d.split_whitespace().collect();
    let mut i = 0;
    let num = |k: usize| tokens.get(k).and_then(|t| t.parse::<f64>().ok());
    while i < tokens.len() {
        match tokens[i] {
            "M" => {
                let (Some(x), Some(y)) = (num(i + 1), num(i + 2)) else {
                    return;
                };
                subpaths.push((vec![at(x, y)], false, false));
                i += 3;
            }
            "L" => {
                let (Some(x), Some(y)) = (num(i + 1), num(i + 2)) else {
                    return;
                };
                let Some(s) = subpaths.last_mut() else { return };
                s.0.push(at(x, y));
                i += 3;
            }
            "C" => {
                let (Some(x), Some(y)) = (num(i + 5), num(i + 6)) else {
                    return;
                };
                let Some(s) = subpaths.last_mut() else { return };
                s.0.push(at(x, y));
                s.1 = true;
                i += 7;
            }
            "Z" | "z" => {
                if let Some(s) = subpaths.last_mut() {
                    s.2 = true;
                }
                i += 1;
            }
            // Any other command: not a path as cairo writes it.
            _ => return,
        }
    }
    for (points, curved, closed) in subpaths {
        if points.len() < 2 {
            continue;
        }
        if stroked {
            let mut pieces: Vec<((f64, f64), (f64, f64))> =
                points.windows(2).map(|w| (w[0], w[1])).collect();
            if closed {
                pieces.push((points[points.len() - 1], points[0]));
            }
            if !curved {
                for (a, b) in pieces {
                    add_piece(page, a, b);
                }
            }
        }
        if filled
            && !curved
            && let Some((x0, y0, x1, y1)) = rectangle(&points)
        {
            let (w, h) = (x1 - x0, y1 - y0);
            if h <= THIN && w > 2.0 * h {
                page.across.push(Rule {
                    at: (y0 + y1) / 2.0,
                    from: x0,
                    to: x1,
                });
            } else if w <= THIN && h > 2.0 * w {
                page.down.push(Rule {
                    at: (x0 + x1) / 2.0,
                    from: y0,
                    to: y1,
                });
            }
        }
    }
}

/// A subpath's points, whether any piece of it is a curve, and whether it is closed.
type Subpath = (Vec<(f64, f64)>, bool, bool);

/// A straight piece of a stroked path from `a` to `b`, kept when horizontal or vertical.
fn add_piece(page: &mut Rules, a: (f64, f64), b: (f64, f64)) {
    let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
    if dy < 0.3 && dx > 0.3 {
        page.across.push(Rule {
            at: (a.1 + b.1) / 2.0,
            from: a.0.min(b.0),
            to: a.0.max(b.0),
        });
    } else if dx < 0.3 && dy > 0.3 {
        page.down.push(Rule {
            at: (a.0 + b.0) / 2.0,
            from: a.1.min(b.1),
            to: a.1.max(b.1),
        });
    }
}

/// The box of a subpath that is an axis-aligned rectangle (four corners, the first repeated or
/// not at the end).
fn rectangle(points: &[(f64, f64)]) -> Option<(f64, f64, f64, f64)> {
    let mut p = points.to_vec();
    if p.len() == 5 && (p[0].0 - p[4].0).abs() < 0.01 && (p[0].1 - p[4].1).abs() < 0.01 {
        p.pop();
    }
    if p.len() != 4 {
        return None;
    }
    let straight = (0..4).all(|k| {
        let (a, b) = (p[k], p[(k + 1) % 4]);
        (a.0 - b.0).abs() < 0.01 || (a.1 - b.1).abs() < 0.01
    });
    if !straight {
        return None;
    }
    let x0 = p.iter().map(|q| q.0).fold(f64::INFINITY, f64::min);
    let x1 = p.iter().map(|q| q.0).fold(f64::NEG_INFINITY, f64::max);
    let y0 = p.iter().map(|q| q.1).fold(f64::INFINITY, f64::min);
    let y1 = p.iter().map(|q| q.1).fold(f64::NEG_INFINITY, f64::max);
    Some((x0, y0, x1, y1))
}

/// Rules at the same place ([`SAME`]) whose pieces touch or overlap ([`JOIN`]) as one rule.
fn merge(mut rules: Vec<Rule>) -> Vec<Rule> {
    rules.sort_by(|a, b| a.at.total_cmp(&b.at));
    // Groups of the same place.
    let mut groups: Vec<Vec<Rule>> = vec![];
    for r in rules {
        match groups.last_mut() {
            Some(g) if r.at - g[g.len() - 1].at <= SAME => g.push(r),
            _ => groups.push(vec![r]),
        }
    }
    let mut out = vec![];
    for mut g in groups {
        let at = g.iter().map(|r| r.at).sum::<f64>() / g.len() as f64;
        g.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut cur: Option<Rule> = None;
        for r in g {
            cur = match cur {
                Some(mut c) if r.from <= c.to + JOIN => {
                    c.to = c.to.max(r.to);
                    Some(c)
                }
                Some(c) => {
                    out.push(c);
                    Some(Rule { at, ..r })
                }
                None => Some(Rule { at, ..r }),
            };
        }
        out.extend(cur);
    }
    out
}

/// Whether rule `r` covers `a..b` along it (its ends within [`JOIN`]).
fn covers(r: &Rule, a: f64, b: f64) -> bool {
    r.from <= a + JOIN && r.to >= b - JOIN
}

/// How much of `a..b` the rules at `at` cover, from 0 to 1.
fn coverage(rules: &[Rule], at: f64, a: f64, b: f64) -> f64 {
    let len = (b - a).max(1e-9);
    rules
        .iter()
        .filter(|r| (r.at - at).abs() <= SAME)
        .map(|r| (r.to.min(b) - r.from.max(a)).max(0.0))
        .sum::<f64>()
        / len
}

/// The ruled tables of a page: the rules joined into groups that meet, each group whose frame
/// is closed and whose every slot between neighbouring rules is whole or cleanly merged with
/// its neighbours (a rule covering part of a slot's side is no table this reader knows).
fn tables(page: &Rules) -> Vec<Table> {
    let across = merge(page.across.clone());
    let down = merge(page.down.clone());
    // Groups of rules that meet (union-find over across ++ down).
    let n = across.len() + down.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for (i, h) in across.iter().enumerate() {
        for (j, v) in down.iter().enumerate() {
            let meet = v.at >= h.from - JOIN
                && v.at <= h.to + JOIN
                && h.at >= v.from - JOIN
                && h.at <= v.to + JOIN;
            if meet {
                let (a, b) = (find(&mut parent, i), find(&mut parent, across.len() + j));
                parent[a] = b;
            }
        }
    }
    let mut out = vec![];
    let roots: Vec<usize> = (0..n).map(|i| find(&mut parent, i)).collect();
    let mut seen = vec![];
    for &root in &roots {
        if seen.contains(&root) {
            continue;
        }
        seen.push(root);
        let mut h: Vec<Rule> = (0..across.len())
            .filter(|&i| roots[i] == root)
            .map(|i| across[i])
            .collect();
        let v: Vec<Rule> = (0..down.len())
            .filter(|&j| roots[across.len() + j] == root)
            .map(|j| down[j])
            .collect();
        let open = open_ends(&mut h, &v);
        if let Some(mut t) = table(&h, &v) {
            t.open = open;
            out.push(t);
        }
    }
    out.sort_by(|a, b| a.ys[0].total_cmp(&b.ys[0]));
    out
}

/// Where a table runs over a page break, Chromium closes neither part with a rule: the frame's
/// sides run past the last rule across to the page's cut (a row broken there), and on the next
/// page start above the first (the rest of the row, or a row whose top border ended the page
/// before). A rule across is put where both sides end, so that the rows the page cuts are read
/// ([`join_broken_row`]); whether the table is so opened at its top and at its bottom.
fn open_ends(across: &mut Vec<Rule>, down: &[Rule]) -> (bool, bool) {
    let (Some(top), Some(bottom)) = (
        across.iter().map(|r| r.at).min_by(f64::total_cmp),
        across.iter().map(|r| r.at).max_by(f64::total_cmp),
    ) else {
        return (false, false);
    };
    let (Some(left), Some(right)) = (
        down.iter().map(|r| r.at).min_by(f64::total_cmp),
        down.iter().map(|r| r.at).max_by(f64::total_cmp),
    ) else {
        return (false, false);
    };
    if right - left < MIN_SIDE {
        return (false, false);
    }
    // How far each side reaches up and down.
    let side = |x: f64| {
        let pieces = down.iter().filter(|r| (r.at - x).abs() <= SAME);
        let from = pieces.clone().map(|r| r.from).fold(f64::INFINITY, f64::min);
        let to = pieces.map(|r| r.to).fold(f64::NEG_INFINITY, f64::max);
        (from, to)
    };
    let ((lf, lt), (rf, rt)) = (side(left), side(right));
    let mut open = (false, false);
    if lf < top - MIN_SIDE && rf < top - MIN_SIDE && (lf - rf).abs() <= JOIN {
        across.push(Rule {
            at: lf.max(rf),
            from: left,
            to: right,
        });
        open.0 = true;
    }
    if lt > bottom + MIN_SIDE && rt > bottom + MIN_SIDE && (lt - rt).abs() <= JOIN {
        across.push(Rule {
            at: lt.min(rt),
            from: left,
            to: right,
        });
        open.1 = true;
    }
    open
}

/// Positions closer than [`MIN_SIDE`] as one.
fn distinct(mut at: Vec<f64>) -> Vec<f64> {
    at.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = vec![];
    for a in at {
        match out.last() {
            Some(&l) if a - l < MIN_SIDE => {}
            _ => out.push(a),
        }
    }
    out
}

/// The table a group of rules that meet draws, when its frame is closed and every side of
/// every slot is drawn whole or not at all.
fn table(across: &[Rule], down: &[Rule]) -> Option<Table> {
    let ys = distinct(across.iter().map(|r| r.at).collect());
    let xs = distinct(down.iter().map(|r| r.at).collect());
    if ys.len() < 2 || xs.len() < 2 {
        return None;
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    // Whether the side between slots is drawn: across at ys[i] over column j; down at xs[j]
    // over row i. Part of a side drawn: not a table this reader knows.
    let mut side_h = vec![vec![false; cols]; rows + 1];
    let mut side_v = vec![vec![false; cols + 1]; rows];
    for (i, &y) in ys.iter().enumerate() {
        for j in 0..cols {
            let c = coverage(across, y, xs[j], xs[j + 1]);
            let whole = across
                .iter()
                .any(|r| (r.at - y).abs() <= SAME && covers(r, xs[j], xs[j + 1]));
            if !whole && c > 0.1 {
                return None;
            }
            side_h[i][j] = whole;
        }
    }
    for (j, &x) in xs.iter().enumerate() {
        for i in 0..rows {
            let c = coverage(down, x, ys[i], ys[i + 1]);
            let whole = down
                .iter()
                .any(|r| (r.at - x).abs() <= SAME && covers(r, ys[i], ys[i + 1]));
            if !whole && c > 0.1 {
                return None;
            }
            side_v[i][j] = whole;
        }
    }
    // The frame is closed at the sides. Its top and bottom may be open where a cell spanning
    // rows runs over a page break (Chromium leaves it open there): the page ends the cell.
    side_h[0].fill(true);
    side_h[rows].fill(true);
    if !(0..rows).all(|i| side_v[i][0] && side_v[i][cols]) {
        return None;
    }
    // Slots joined where no side parts them.
    let mut id: Vec<Vec<usize>> = (0..rows)
        .map(|i| (0..cols).map(|j| i * cols + j).collect())
        .collect();
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..rows {
            for j in 0..cols {
                if j + 1 < cols && !side_v[i][j + 1] && id[i][j] != id[i][j + 1] {
                    let m = id[i][j].min(id[i][j + 1]);
                    id[i][j] = m;
                    id[i][j + 1] = m;
                    changed = true;
                }
                if i + 1 < rows && !side_h[i + 1][j] && id[i][j] != id[i + 1][j] {
                    let m = id[i][j].min(id[i + 1][j]);
                    id[i][j] = m;
                    id[i + 1][j] = m;
                    changed = true;
                }
            }
        }
    }
    let mut cells = vec![];
    let mut done = vec![];
    for i in 0..rows {
        for j in 0..cols {
            let k = id[i][j];
            if done.contains(&k) {
                continue;
            }
            done.push(k);
            let slots: Vec<(usize, usize)> = (0..rows)
                .flat_map(|a| (0..cols).map(move |b| (a, b)))
                .filter(|&(a, b)| id[a][b] == k)
                .collect();
            let (r0, r1) = (
                slots.iter().map(|s| s.0).min()?,
                slots.iter().map(|s| s.0).max()?,
            );
            let (c0, c1) = (
                slots.iter().map(|s| s.1).min()?,
                slots.iter().map(|s| s.1).max()?,
            );
            // A merged cell is a rectangle, with no side drawn inside it.
            if slots.len() != (r1 - r0 + 1) * (c1 - c0 + 1) {
                return None;
            }
            cells.push(Cell {
                x0: xs[c0],
                y0: ys[r0],
                x1: xs[c1 + 1],
                y1: ys[r1 + 1],
                row: r0,
                col: c0,
                rows: r1 - r0 + 1,
                cols: c1 - c0 + 1,
            });
        }
    }
    Some(Table {
        xs,
        ys,
        cells,
        open: (false, false),
    })
}

/// Whether a character is set full width in a CJK font (a label's character, never a digit):
/// such a word run over a border ("结果维结果纠", neighbouring header labels printed with too
/// little space for a word break) is cut at the border by each character's share of its box.
fn full_width(c: char) -> bool {
    ('\u{3000}'..='\u{303f}').contains(&c)
        || ('\u{3400}'..='\u{9fff}').contains(&c)
        || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

/// The words of `words` placed in `table`'s cells: each cell's words (a word run over a border,
/// all of full-width characters, cut there). None when a word inside the table's frame does
/// not lie in one cell: the ruling and the words disagree.
pub fn place(table: &Table, words: &[Word]) -> Option<Vec<Vec<Word>>> {
    let (tx0, tx1) = (table.xs[0], table.xs[table.xs.len() - 1]);
    let (ty0, ty1) = (table.ys[0], table.ys[table.ys.len() - 1]);
    let mut cells: Vec<Vec<Word>> = vec![vec![]; table.cells.len()];
    for w in words {
        let h = w.height();
        // Outside the frame (a heading above it whose box touches the top rule).
        let dy = (w.y1.min(ty1) - w.y0.max(ty0)).max(0.0);
        let dx = (w.x1.min(tx1) - w.x0.max(tx0)).max(0.0);
        if dy <= 0.4 * h || dx <= 0.5 {
            continue;
        }
        // Partly outside: disagree.
        let cy = w.centre_y();
        if cy < ty0 || cy > ty1 || w.x0 < tx0 - JOIN || w.x1 > tx1 + JOIN {
            return None;
        }
        let home = |x0: f64, x1: f64| -> Option<usize> {
            let cx = (x0 + x1) / 2.0;
            let k = table
                .cells
                .iter()
                .position(|c| c.x0 <= cx && cx < c.x1 && c.y0 <= cy && cy < c.y1)?;
            let c = &table.cells[k];
            // Inside its cell but for a point of slack, across and down (a CJK font's box is
            // taller than its glyphs: a third of it may reach over a rule).
            let inside = x0 >= c.x0 - 1.0
                && x1 <= c.x1 + 1.0
                && w.y0 >= c.y0 - 0.35 * h
                && w.y1 <= c.y1 + 0.35 * h;
            inside.then_some(k)
        };
        if let Some(k) = home(w.x0, w.x1) {
            cells[k].push(w.clone());
            continue;
        }
        let chars: Vec<char> = w.text.chars().collect();
        if chars.is_empty() || !chars.iter().all(|&c| full_width(c)) {
            return None;
        }
        // A label's last line run over the rule below its cell (LibreOffice lets it overflow a
        // cell spanning rows where a row is broken by the page: "持" of "结果维持" over table
        // 四's header): text flows down from its cell's top, so the word is the cell's whose
        // box holds its top. Never a digit.
        let top = w.y0 + h / 4.0;
        let cx = (w.x0 + w.x1) / 2.0;
        if let Some(k) = table.cells.iter().position(|c| {
            c.x0 <= cx
                && cx < c.x1
                && c.y0 <= top
                && top < c.y1
                && w.x0 >= c.x0 - 1.0
                && w.x1 <= c.x1 + 1.0
                && w.y0 >= c.y0 - 0.35 * h
                && w.y1 > c.y1
        }) {
            cells[k].push(w.clone());
            continue;
        }
        // Cut at the borders it runs over, each character its share of the box.
        let step = (w.x1 - w.x0) / chars.len() as f64;
        let mut pieces: Vec<(usize, Word)> = vec![];
        for (k, &c) in chars.iter().enumerate() {
            let (a, b) = (w.x0 + step * k as f64, w.x0 + step * (k + 1) as f64);
            // A character's centre a quarter of it from a border is not placed by a share.
            let mid = (a + b) / 2.0;
            if table.xs.iter().any(|&x| (x - mid).abs() < step / 4.0) {
                return None;
            }
            let cell = home(a + step * 0.1, b - step * 0.1)?;
            match pieces.last_mut() {
                Some((at, p)) if *at == cell => {
                    p.text.push(c);
                    p.x1 = b;
                }
                _ => pieces.push((
                    cell,
                    Word {
                        x0: a,
                        x1: b,
                        text: c.to_string(),
                        ..w.clone()
                    },
                )),
            }
        }
        for (k, p) in pieces {
            cells[k].push(p);
        }
    }
    Some(cells)
}

/// A cell's text: its words in visual lines, top to bottom, the lines run together (a cell
/// wraps its text without a space: "37（其中网上" over "申请29件）", "13" over "2").
fn cell_text(words: &[Word]) -> String {
    visual_lines(words.to_vec())
        .iter()
        .map(|l| raw(l).trim().to_string())
        .collect()
}

/// The table's rows as a Word table's ([`Grid`]), or None when its words disagree with its
/// cells ([`place`]).
pub fn rows(table: &Table, words: &[Word]) -> Option<Vec<Item>> {
    let placed = place(table, words)?;
    let texts: Vec<String> = placed.iter().map(|w| cell_text(w)).collect();
    layout(table, &texts)
}

/// The table's rows from its cells' texts, laid out as a Word table's ([`Grid`]).
fn layout(table: &Table, texts: &[String]) -> Option<Vec<Item>> {
    let mut order: Vec<usize> = (0..table.cells.len()).collect();
    order.sort_by_key(|&k| (table.cells[k].row, table.cells[k].col));
    let mut grid = Grid::new(0);
    let mut row = usize::MAX;
    for k in order {
        let c = &table.cells[k];
        if c.row != row {
            grid.row().ok()?;
            row = c.row;
        }
        grid.cell(&texts[k], c.cols, c.rows).ok()?;
    }
    grid.finish().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(x0: f64, y0: f64, x1: f64, text: &str) -> Word {
        Word {
            x0,
            y0,
            x1,
            y1: y0 + 10.0,
            text: text.into(),
        }
    }

    /// A 3×3 grid drawn as cairo writes LibreOffice's stroked lines (y flipped by the
    /// transform), the first column's two lower cells merged.
    fn svg() -> String {
        let line = |x0: f64, y0: f64, x1: f64, y1: f64| {
            format!(
                r#"<path style="fill:none;stroke-width:1;stroke:rgb(0%,0%,0%);" d="M {x0} {y0} L {x1} {y1} " transform="matrix(1,0,0,-1,0,800)"/>"#
            )
        };
        let mut paths = String::new();
        // Rows at y (page) 100, 120, 140, 160: flipped 700, 680, 660, 640.
        for (y, from) in [(700.0, 50.0), (680.0, 50.0), (660.0, 150.0), (640.0, 50.0)] {
            paths.push_str(&line(from, y, 350.0, y));
        }
        for x in [50.0, 150.0, 250.0, 350.0] {
            paths.push_str(&line(x, 700.0, x, 640.0));
        }
        format!(
            r#"<svg><defs><g><symbol id="glyph0-1"><path style="stroke:none;" d="M 0 0 L 1 0 L 1 1 Z"/></symbol></g></defs><pageSet><page>{paths}</page></pageSet></svg>"#
        )
    }

    /// A line drawn from `(x0, y0)` to `(x1, y1)` (page coordinates).
    type Line = (f64, f64, f64, f64);

    /// An SVG page of stroked lines.
    fn page_of(lines: &[Line]) -> String {
        let paths: String = lines
            .iter()
            .map(|(x0, y0, x1, y1)| {
                format!(
                    r#"<path style="fill:none;stroke-width:1;stroke:rgb(0%,0%,0%);" d="M {x0} {y0} L {x1} {y1} "/>"#
                )
            })
            .collect();
        format!("<page>{paths}</page>")
    }

    /// A page of words.
    fn page(words: Vec<Word>) -> Page {
        Page {
            width: 600.0,
            height: 800.0,
            words,
        }
    }

    /// What `read` gives for pages drawn as `lines` with `words`, followed by `after`: the
    /// rows (and each broken row's line), and the broken rows.
    fn read_with(
        pages: &[(Vec<Line>, Vec<Word>)],
        after: Option<&Page>,
    ) -> (Vec<String>, Vec<String>, Vec<String>) {
        let svg: String = pages.iter().map(|(l, _)| page_of(l)).collect();
        let svg = format!("<svg><pageSet>{svg}</pageSet></svg>");
        let pages: Vec<Page> = pages.iter().map(|(_, w)| page(w.clone())).collect();
        let ruled = read(&[(svg, &pages[..])], after).unwrap();
        let items = ruled
            .doc
            .items
            .iter()
            .map(|i| i.text().to_string())
            .collect();
        let rows = |places: Vec<(usize, String)>| places.into_iter().map(|b| b.1).collect();
        (items, rows(ruled.broken), rows(ruled.pieced))
    }

    /// The rows `read` gives for pages drawn as `lines` with `words`, a heading opening the page
    /// after them.
    fn read_pages(pages: &[(Vec<Line>, Vec<Word>)]) -> Vec<String> {
        let heading = page(vec![word(
            60.0,
            60.0,
            300.0,
            "五、存在的主要问题及改进情况",
        )]);
        read_with(pages, Some(&heading)).0
    }

    /// Columns at x 50, 150, 250, 350: the lines down from `top` to `bottom`, and a line
    /// across at each of `ys`.
    fn grid(top: f64, bottom: f64, ys: &[f64]) -> Vec<Line> {
        let mut lines: Vec<_> = [50.0, 150.0, 250.0, 350.0]
            .iter()
            .map(|&x| (x, top, x, bottom))
            .collect();
        lines.extend(ys.iter().map(|&y| (50.0, y, 350.0, y)));
        lines
    }

    /// Chromium closes neither part of a table run over a page break: the sides run on to the
    /// page's cut. The row cut there ("9（其中网上" / "申请2件）") is read whole, its rest
    /// joined; a row opening the next page after a rule (the table before closed) is a row of
    /// its own.
    #[test]
    fn a_row_chromium_breaks_over_two_pages_is_read_whole() {
        let a = grid(100.0, 200.0, &[100.0, 120.0, 140.0]);
        let rules = page_rules(&format!("<svg><pageSet>{}</pageSet></svg>", page_of(&a)));
        let t = tables(&rules.unwrap()[0]);
        assert_eq!(t[0].ys, vec![100.0, 120.0, 140.0, 200.0]);
        assert_eq!(t[0].open, (false, true));
        let words_a = vec![
            word(60.0, 105.0, 100.0, "项目"),
            word(160.0, 105.0, 200.0, "甲"),
            word(260.0, 105.0, 300.0, "乙"),
            word(60.0, 125.0, 140.0, "二、上年结转"),
            word(160.0, 125.0, 170.0, "1"),
            word(260.0, 125.0, 270.0, "2"),
            word(60.0, 150.0, 140.0, "一、本年新收"),
            word(160.0, 150.0, 240.0, "9（其中网上"),
            word(260.0, 150.0, 270.0, "3"),
        ];
        let b = grid(40.0, 100.0, &[70.0, 100.0]);
        let words_b = vec![
            word(160.0, 45.0, 240.0, "申请2件）"),
            word(60.0, 75.0, 140.0, "三、结转"),
            word(160.0, 75.0, 170.0, "4"),
            word(260.0, 75.0, 270.0, "5"),
        ];
        assert_eq!(
            read_pages(&[(a.clone(), words_a.clone()), (b.clone(), words_b.clone())]),
            [
                "项目 甲 乙",
                "二、上年结转 | 1 | 2",
                "一、本年新收 | 9（其中网上申请2件） | 3",
                "三、结转 | 4 | 5",
            ]
        );
        // The table before closed by a rule: the row opening the page is whole.
        let closed = grid(100.0, 140.0, &[100.0, 120.0, 140.0]);
        let words_b = vec![
            word(60.0, 45.0, 140.0, "一、本年新收"),
            word(160.0, 45.0, 170.0, "9"),
            word(60.0, 75.0, 140.0, "三、结转"),
            word(160.0, 75.0, 170.0, "4"),
            word(260.0, 75.0, 270.0, "5"),
        ];
        assert_eq!(
            read_pages(&[(closed, words_a[..6].to_vec()), (b, words_b)]),
            [
                "项目 甲 乙",
                "二、上年结转 | 1 | 2",
                "一、本年新收 | 9 | ",
                "三、结转 | 4 | 5",
            ]
        );
    }

    /// A row cut by the page that cannot be joined to what opens the next page (a numbered
    /// label there: a row of its own) is not read, on either page: the table then lacks that
    /// row and is read from the lines. With a number in both parts it is joined, and named as
    /// pieced (the import takes its table only where the sums confirm every cell).
    #[test]
    fn a_row_cut_by_the_page_and_not_joined_is_not_read() {
        let a = grid(100.0, 200.0, &[100.0, 120.0, 140.0]);
        let words_a = vec![
            word(60.0, 105.0, 100.0, "项目"),
            word(60.0, 125.0, 140.0, "二、上年结转"),
            word(160.0, 125.0, 170.0, "1"),
            word(260.0, 125.0, 270.0, "2"),
            word(60.0, 150.0, 140.0, "一、本年新收"),
            word(160.0, 150.0, 170.0, "12"),
        ];
        let b = grid(40.0, 100.0, &[70.0, 100.0]);
        for rest in ["2.重复申请", "3"] {
            let x = if rest == "3" { 160.0 } else { 60.0 };
            let words_b = vec![
                word(x, 45.0, x + 40.0, rest),
                word(60.0, 75.0, 140.0, "三、结转"),
                word(160.0, 75.0, 170.0, "4"),
                word(260.0, 75.0, 270.0, "5"),
            ];
            let heading = page(vec![word(60.0, 60.0, 300.0, "五、存在的主要问题")]);
            let (rows, broken, pieced) = read_with(
                &[(a.clone(), words_a.clone()), (b.clone(), words_b)],
                Some(&heading),
            );
            assert!(broken.is_empty(), "{rest}");
            if rest == "3" {
                // A number in both parts: "12" / "3", joined and named as pieced.
                assert_eq!(
                    rows,
                    [
                        "项目",
                        "二、上年结转 | 1 | 2",
                        "一、本年新收 | 123 | ",
                        "三、结转 | 4 | 5"
                    ]
                );
                assert_eq!(pieced, ["一、本年新收  123"]);
            } else {
                assert_eq!(rows, ["项目", "二、上年结转 | 1 | 2", "三、结转 | 4 | 5"]);
                assert!(pieced.is_empty());
            }
        }
    }

    /// LibreOffice closes both parts of a row broken by a page: the rest of its cells
    /// ("件）") stands in the next page's first row, its label cell blank; a label spanning rows
    /// is broken too ("（四）无法提" / "供") and reads whole in every row it spans.
    #[test]
    fn a_row_libreoffice_breaks_over_two_pages_is_read_whole() {
        let mut a = vec![
            (50.0, 100.0, 50.0, 160.0),
            (100.0, 100.0, 100.0, 160.0),
            (200.0, 100.0, 200.0, 160.0),
            (300.0, 100.0, 300.0, 160.0),
            (50.0, 100.0, 300.0, 100.0),
            (50.0, 160.0, 300.0, 160.0),
        ];
        a.push((100.0, 120.0, 300.0, 120.0));
        a.push((100.0, 140.0, 300.0, 140.0));
        let words_a = vec![
            word(55.0, 125.0, 95.0, "（四）无法提"),
            word(105.0, 105.0, 190.0, "1.属于"),
            word(210.0, 105.0, 220.0, "1"),
            word(105.0, 125.0, 190.0, "2.本机关"),
            word(210.0, 125.0, 220.0, "5"),
            word(105.0, 145.0, 190.0, "3.补正"),
            word(210.0, 145.0, 220.0, "17（其中网上"),
        ];
        let b = vec![
            (50.0, 40.0, 50.0, 80.0),
            (100.0, 40.0, 100.0, 80.0),
            (200.0, 40.0, 200.0, 80.0),
            (300.0, 40.0, 300.0, 80.0),
            (50.0, 40.0, 300.0, 40.0),
            (100.0, 60.0, 300.0, 60.0),
            (50.0, 80.0, 300.0, 80.0),
        ];
        let words_b = vec![
            word(55.0, 55.0, 95.0, "供"),
            word(105.0, 45.0, 190.0, "申请"),
            word(210.0, 45.0, 220.0, "件）"),
            word(105.0, 65.0, 190.0, "4.其他"),
            word(210.0, 65.0, 220.0, "2"),
        ];
        let rows = read_pages(&[(a, words_a), (b, words_b)]);
        assert_eq!(
            rows,
            [
                "（四）无法提供 | 1.属于 | 1",
                "（四）无法提供 | 2.本机关 | 5",
                "（四）无法提供 | 3.补正申请 | 17（其中网上件）",
                "（四）无法提供 | 4.其他 | 2",
            ]
        );
    }

    /// Table 四's row of numbers, no label, ending page A at its foot (LibreOffice closes it
    /// with a rule): its rest is joined when it continues its cells' text ("3（其中网上" /
    /// "申请2件）"); when the rest starts with a digit where the first part printed one ("1" /
    /// "8（含来信1件）": 18) it is joined too and the row named as pieced; when no page follows
    /// (a print cut short) the row is broken: not read, named; when the next page's part is not
    /// read here (a word over a border), the row is not read here.
    #[test]
    fn a_row_at_a_page_foot_is_read_only_with_its_rest() {
        // Page A: a header row and the row of numbers, the table ending the page.
        let a = grid(600.0, 700.0, &[600.0, 640.0, 700.0]);
        let words_a = |second: &str| {
            vec![
                word(60.0, 50.0, 300.0, "四、行政复议"),
                word(60.0, 610.0, 100.0, "维持"),
                word(160.0, 610.0, 200.0, "纠正"),
                word(260.0, 610.0, 300.0, "总计"),
                word(60.0, 650.0, 70.0, "3"),
                word(160.0, 650.0, 200.0, second),
                word(260.0, 650.0, 270.0, "21"),
            ]
        };
        // Page B: the rest, one row, then the narrative.
        let b = grid(40.0, 80.0, &[40.0, 80.0]);
        let words_b = |rest: &str| {
            vec![
                word(160.0, 45.0, 240.0, rest),
                word(60.0, 100.0, 300.0, "五、存在的主要问题"),
            ]
        };
        let heading = page(vec![word(60.0, 60.0, 300.0, "六、其他")]);
        let (rows, broken, pieced) = read_with(
            &[
                (a.clone(), words_a("18（其中网上")),
                (b.clone(), words_b("申请2件）")),
            ],
            Some(&heading),
        );
        assert_eq!(rows, ["维持 纠正 总计", "3 | 18（其中网上申请2件） | 21"]);
        assert!(broken.is_empty() && pieced.is_empty());

        let named = vec!["3  1  21".to_string()];
        let (rows, broken, pieced) = read_with(
            &[
                (a.clone(), words_a("1")),
                (b.clone(), words_b("8（含来信1件）")),
            ],
            Some(&heading),
        );
        assert_eq!(rows, ["维持 纠正 总计", "3 | 18（含来信1件） | 21"]);
        assert!(broken.is_empty());
        assert_eq!(pieced, ["3  18（含来信1件）  21"]);
        // The next page's part not read (a word over its border): the row is left to the
        // lines, which read both pages.
        let mut over = words_b("8（含来信1件）");
        over.push(word(140.0, 60.0, 170.0, "12"));
        let (rows, broken, _) = read_with(&[(a.clone(), words_a("1")), (b, over)], Some(&heading));
        assert_eq!(rows, ["维持 纠正 总计"]);
        assert!(broken.is_empty());
        // No next page: the print ends with the table.
        let (rows, broken, _) = read_with(&[(a.clone(), words_a("1"))], None);
        assert_eq!(rows, ["维持 纠正 总计", "3  1  21"]);
        assert_eq!(broken, named);
        // The table ends the page and a heading opens the next: the row is whole.
        let (rows, broken, _) = read_with(&[(a.clone(), words_a("1"))], Some(&heading));
        assert_eq!(rows, ["维持 纠正 总计", "3 | 1 | 21"]);
        assert!(broken.is_empty());
        // Printed below the table on its page: the table ended there.
        let mut below = words_a("1");
        below.push(word(60.0, 720.0, 300.0, "五、存在的主要问题"));
        let (rows, broken, _) = read_with(&[(a, below)], None);
        assert_eq!(rows, ["维持 纠正 总计", "3 | 1 | 21"]);
        assert!(broken.is_empty());
    }

    /// A scan's pages are all given: a scan ending with a table, nothing after it, may have
    /// lost the page that holds its last row's rest, and that row is left to the lines (its
    /// place a line of its text), as a PDF's is; a heading after the table ends it whole.
    #[test]
    fn a_scan_ending_with_a_table_leaves_its_last_row_to_the_lines() {
        // Columns at x 50, 150, 250, 350; rules across at 600, 640 and 700.
        let ys = [600.0, 640.0, 700.0];
        let across: Vec<Drawn> = ys.iter().map(|&y| (y, 50.0, 350.0)).collect();
        let down: Vec<Drawn> = [50.0, 150.0, 250.0, 350.0]
            .iter()
            .map(|&x| (x, 600.0, 700.0))
            .collect();
        let mut words = vec![
            word(60.0, 610.0, 100.0, "维持"),
            word(160.0, 610.0, 200.0, "纠正"),
            word(260.0, 610.0, 300.0, "总计"),
            word(60.0, 650.0, 70.0, "3"),
            word(160.0, 650.0, 170.0, "1"),
            word(260.0, 650.0, 270.0, "21"),
        ];
        let rows = |words: &[Word]| -> Vec<String> {
            let table = page(words.to_vec());
            read_drawn(&[(across.clone(), down.clone(), &table)])
                .items
                .iter()
                .map(|i| i.text().to_string())
                .collect()
        };
        assert_eq!(rows(&words), ["维持 纠正 总计", "3  1  21"]);
        words.push(word(60.0, 720.0, 300.0, "五、存在的主要问题"));
        assert_eq!(rows(&words), ["维持 纠正 总计", "3 | 1 | 21"]);
    }

    /// cairo writes the SVG of one page without `<pageSet>`; a page of narrative draws no
    /// path at all, and is still a page (once no page, and no table of the print was read by
    /// its borders: the stretch of pages after a landscape section was such a page).
    #[test]
    fn a_single_page_drawing_nothing_is_a_page_without_rules() {
        let rules = page_rules(r##"<svg><defs><g><symbol id="glyph0-1"><path style="stroke:none;" d="M 0 0 L 1 0 L 1 1 Z"/></symbol></g></defs><g><use xlink:href="#glyph0-1" x="1" y="2"/></g></svg>"##)
            .expect("one page");
        assert_eq!(rules.len(), 1);
        assert!(rules[0].across.is_empty() && rules[0].down.is_empty());
        assert!(page_rules("").is_none());
    }

    /// A page drawing more rules than [`MAX_RULES`] (a hostile PDF: the check of every slot
    /// against every rule would run for hours) is not read by its ruling; the reader falls back
    /// to the lines.
    #[test]
    fn a_page_drawing_too_many_rules_is_not_read_by_its_ruling() {
        let line = |y: usize| {
            format!(
                r#"<path style="fill:none;stroke-width:1;stroke:rgb(0%,0%,0%);" d="M 50 {y} L 350 {y} "/>"#
            )
        };
        let page = |n: usize| {
            let paths: String = (0..n).map(|k| line(100 + k % 600)).collect();
            format!("<svg><pageSet><page>{paths}</page></pageSet></svg>")
        };
        assert!(page_rules(&page(MAX_RULES)).is_some());
        assert!(page_rules(&page(MAX_RULES + 1)).is_none());
    }

    #[test]
    fn cells_from_stroked_lines_with_a_merged_cell() {
        let rules = page_rules(&svg()).unwrap();
        let t = tables(&rules[0]);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].ys, vec![100.0, 120.0, 140.0, 160.0]);
        assert_eq!(t[0].cells.len(), 8);
        let merged = t[0]
            .cells
            .iter()
            .find(|c| c.row == 1 && c.col == 0)
            .unwrap();
        assert_eq!((merged.rows, merged.cols), (2, 1));
    }

    #[test]
    fn words_go_to_their_cells_and_a_wrapped_label_reads_whole() {
        let rules = page_rules(&svg()).unwrap();
        let t = &tables(&rules[0])[0];
        let words = vec![
            word(60.0, 105.0, 100.0, "项目"),
            word(160.0, 105.0, 200.0, "甲"),
            word(260.0, 105.0, 300.0, "乙"),
            word(60.0, 122.0, 140.0, "（一）予以"),
            word(60.0, 131.0, 90.0, "公开"),
            word(160.0, 125.0, 200.0, "一行"),
            word(260.0, 125.0, 280.0, "12"),
            word(160.0, 145.0, 200.0, "二行"),
            word(260.0, 143.0, 275.0, "3（其中"),
            word(260.0, 150.0, 280.0, "网上2件）"),
            // A heading below the frame.
            word(50.0, 170.0, 300.0, "五、存在的主要问题"),
        ];
        let items = rows(t, &words).unwrap();
        let texts: Vec<&str> = items.iter().map(Item::text).collect();
        assert_eq!(
            texts,
            [
                "项目 甲 乙",
                "（一）予以公开 | 一行 | 12",
                "（一）予以公开 | 二行 | 3（其中网上2件）",
            ]
        );
        // A blank cell: nothing printed in it, nothing read (a row whose one cell is blank
        // reads as a line of text, as a Word table's does).
        let items = rows(t, &words[..6]).unwrap();
        assert_eq!(items[1].text(), "（一）予以公开 一行");
    }

    #[test]
    fn a_word_over_a_border_means_no_table() {
        let rules = page_rules(&svg()).unwrap();
        let t = &tables(&rules[0])[0];
        // "12" overflowing its cell into the next.
        let words = vec![word(140.0, 125.0, 170.0, "12")];
        assert!(rows(t, &words).is_none());
        // Full-width labels run together are cut at the border.
        let words = vec![word(230.0, 105.0, 270.0, "甲甲乙乙")];
        let cells = place(t, &words).unwrap();
        let texts: Vec<String> = cells.iter().flatten().map(|w| w.text.clone()).collect();
        assert_eq!(texts, ["甲甲", "乙乙"]);
    }

    #[test]
    fn borders_between_rows_only_are_no_table() {
        let line = |y: f64| {
            format!(r#"<path style="fill:none;stroke:rgb(0%,0%,0%);" d="M 50 {y} L 350 {y} "/>"#)
        };
        let svg = format!(
            "<svg><pageSet><page>{}{}{}</page></pageSet></svg>",
            line(100.0),
            line(120.0),
            line(140.0)
        );
        let rules = page_rules(&svg).unwrap();
        assert!(tables(&rules[0]).is_empty());
    }

    #[test]
    fn chromium_borders_as_thin_filled_rectangles() {
        let rect = |x0: f64, y0: f64, x1: f64, y1: f64| {
            format!(
                r#"<path style=" stroke:none;fill-rule:nonzero;fill:rgb(0%,0%,0%);fill-opacity:1;" d="M {x0} {y0} L {x1} {y0} L {x1} {y1} L {x0} {y1} Z M {x0} {y0} "/>"#
            )
        };
        let mut paths = String::new();
        for y in [100.0, 120.0, 140.0] {
            paths.push_str(&rect(50.0, y, 250.75, y + 0.75));
        }
        for x in [50.0, 150.0, 250.0] {
            paths.push_str(&rect(x, 100.0, x + 0.75, 140.75));
        }
        // A shaded cell is no rule.
        paths.push_str(&rect(50.75, 100.75, 150.0, 120.0));
        let svg = format!("<svg><pageSet><page>{paths}</page></pageSet></svg>");
        let rules = page_rules(&svg).unwrap();
        let t = tables(&rules[0]);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].cells.len(), 4);
    }
}
