//! Scanned reports (图片版): pages without a text layer, read by Tesseract OCR.
//!
//! Each page is rasterised by poppler's `pdftoppm` and read by `tesseract` with the Simplified
//! Chinese model into TSV: every word with its box and confidence. The words go to the same line
//! and table reader as a text layer's. A scan is often slightly rotated; the angle is measured
//! from Tesseract's own lines and the boxes turned back, so that a table row stays on one line
//! and a column keeps one x. OCR misreads digits: what it reads is only taken where the
//! template's arithmetic confirms it (`super::super::confirm`).

use super::super::confirm::unconfirmed;
use super::super::text::value_like;
use super::super::{Doc, ImportError, Imported, external, labels, shown};
use super::grid::{self, Cell, Gray, Skew};
use super::lines;
use super::ruling;
use super::tool::{self, RunError};
use super::words::{Page, Word};
use crate::content::Value;
use crate::msg;
use crate::schema::{self, APPLICANT_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS};
use std::collections::BTreeMap;
use std::path::Path;

/// Resolution of the page images: Tesseract reads 10.5 pt Chinese best at about 300 dpi.
const DPI: f64 = 300.0;
/// The most pages read (a report has a dozen; OCR costs seconds a page).
const MAX_PAGES: usize = 40;
/// The Tesseract model: Simplified Chinese (it reads Latin digits too).
const LANG: &str = "chi_sim";

/// The words of every page, read by OCR: Tesseract's reading of the whole page, where the page
/// has ruled tables with each numeric cell read again alone ([`read_cells`]); and the tables
/// read by their cell borders ([`super::ruling`]), from the rules of the page image
/// ([`grid`]) and what each cell holds ([`ruled_words`]).
pub fn read_pages(path: &Path) -> Result<(Vec<Page>, Doc), ImportError> {
    let dir = external::Scratch::new("ocr").map_err(|e| super::super::cannot_read(path, &e))?;
    let prefix = dir.path().join("page");
    let last = MAX_PAGES.to_string();
    let dpi = (DPI as u32).to_string();
    // Greyscale PGM (no `-png`): a header and the pixels, read here without an image library.
    let args: Vec<&std::ffi::OsStr> = vec![
        "-r".as_ref(),
        dpi.as_ref(),
        "-gray".as_ref(),
        "-l".as_ref(),
        last.as_ref(),
        path.as_os_str(),
        prefix.as_os_str(),
    ];
    tool::run("pdftoppm", &args, 300).map_err(|e| super::poppler_error("pdftoppm", path, e))?;
    let mut images: Vec<_> = std::fs::read_dir(dir.path())
        .map_err(|e| super::super::cannot_read(path, &e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pgm"))
        .collect();
    // page-01.pgm … page-12.pgm: zero-padded, so name order is page order.
    images.sort();
    let mut pages = vec![];
    let mut cells = vec![];
    // Per page: its rules, and its cells with nothing printed inside.
    let mut ruling: Vec<Option<PageRuling>> = vec![];
    for (k, image) in images.iter().enumerate() {
        let args: Vec<&std::ffi::OsStr> = vec![
            image.as_os_str(),
            "stdout".as_ref(),
            "-l".as_ref(),
            LANG.as_ref(),
            "--dpi".as_ref(),
            dpi.as_ref(),
            "tsv".as_ref(),
        ];
        let tsv = tool::run("tesseract", &args, 300).map_err(|e| ocr_error(path, e))?;
        let (height, read) = reads_of_tsv(&String::from_utf8_lossy(&tsv));
        let skew = Skew(skew(&read));
        let bytes = std::fs::read(image).map_err(|e| super::super::cannot_read(path, &e))?;
        let mut words = straightened(read, skew);
        let mut drawn = None;
        if let Some(img) = Gray::parse(&bytes) {
            let skew = grid::refine(&img, skew);
            if skew.0 != 0.0 {
                // The rules measure the page's skew better than Tesseract's lines.
                words = straightened(reads_of_tsv(&String::from_utf8_lossy(&tsv)).1, skew);
            }
            let rules = grid::rules(&img, skew);
            let mut empty = vec![];
            for cell in grid::cells(&rules) {
                // Nothing printed: what Tesseract read there (if anything) is left as it is.
                match grid::crop(&img, skew, &cell) {
                    Some((image, ink)) => cells.push((k, CellImage { cell, image, ink })),
                    None => empty.push(cell),
                }
            }
            let inked = inked_cells(&img, skew, &rules);
            drawn = Some((rules, empty, inked));
        }
        ruling.push(drawn);
        pages.push((height, words));
    }
    // Cells Tesseract cannot read (stopped on a busy machine, a crop it refuses) leave the
    // page's reading as it is: that is what a scan gave before its cells were read alone.
    let read = read_cells(path, dir.path(), cells).unwrap_or_default();
    let mut in_cells: Vec<Vec<(Cell, Word)>> = vec![vec![]; pages.len()];
    for CellRead {
        page: k,
        cell,
        mut word,
        label,
        readings,
        free,
    } in read
    {
        // The cell's reading replaces what Tesseract read there with the page; a label keeps
        // the page's reading of it (Tesseract reads Chinese better in its page's context, in
        // grey), joined into the one word.
        let words = &mut pages[k].1;
        let inside = |w: &Word| cell.contains((w.x0 + w.x1) / 2.0, w.centre_y());
        let page: Vec<Word> = words.iter().filter(|w| inside(w)).cloned().collect();
        if label {
            let text: String = lines::visual_lines(page.clone())
                .iter()
                .map(|l| l.text())
                .collect();
            if chinese(text.chars()) >= 2
                && template_likeness(&text) >= template_likeness(&word.text)
            {
                word.text = text;
            }
        }
        // The page's reading of the cell's digits, a rule read with them ("|0") no part of them.
        let page_digits: String = page
            .iter()
            .flat_map(|w| w.text.chars())
            .filter(|&c| !rule_mark(c))
            .collect();
        in_cells[k].push((
            cell,
            certain_word(&word, label, &readings, &free, &page_digits),
        ));
        if !label && word.text.is_empty() {
            // The cell's two readings differ: the page's reading decides between them, or,
            // matching neither, stays as it is (what the arithmetic makes of it).
            if page_digits.is_empty() || !readings.contains(&page_digits) {
                continue;
            }
            word.text = page_digits;
        }
        words.retain(|w| !inside(w));
        words.push(word);
    }
    let scale = 72.0 / DPI;
    let ruled_pages: Vec<(Vec<ruling::Drawn>, Vec<ruling::Drawn>, Page)> = ruling
        .into_iter()
        .zip(&pages)
        .zip(in_cells)
        .map(|((drawn, (height, words)), read)| {
            let (rules, empty, inked) = drawn.unwrap_or_default();
            let (across, down) = rules.drawn(scale);
            let page = Page {
                width: 0.0,
                height: height * scale,
                words: ruled_words(words, &empty, read, &inked)
                    .into_iter()
                    .map(|w| scaled(w, scale))
                    .collect(),
            };
            (across, down, page)
        })
        .collect();
    let drawn: Vec<_> = ruled_pages
        .iter()
        .map(|(a, d, p)| (a.clone(), d.clone(), p))
        .collect();
    let ruled = ruling::read_drawn(&drawn);
    let pages = pages
        .into_iter()
        .map(|(height, words)| Page {
            width: 0.0,
            height: height * scale,
            words: words.into_iter().map(|w| scaled(w, scale)).collect(),
        })
        .collect();
    Ok((pages, ruled))
}

/// The words a page gives the cell-border reader: each cell read alone as its one word
/// ([`certain_word`]), nothing in a cell with no ink printed inside its borders, and the
/// page's reading elsewhere (a label in a cell spanning rows, the text around the tables)
/// where it lies clear of the cells read alone (Tesseract reading a page runs a label into the
/// numbers beside it: "缴 |0").
fn ruled_words(
    page: &[Word],
    empty: &[Cell],
    read: Vec<(Cell, Word)>,
    inked: &[Cell],
) -> Vec<Word> {
    let centred = |w: &Word, c: &Cell| c.contains((w.x0 + w.x1) / 2.0, w.centre_y());
    let overlaps = |w: &Word, c: &Cell| w.x0 < c.u1 && c.u0 < w.x1 && w.y0 < c.v1 && c.v0 < w.y1;
    // A number read with the page is read in no cell of its own (a label spanning rows, "（四）
    // 无法提供" read as "2"): no number is taken from it.
    let mut out: Vec<Word> = page
        .iter()
        .filter(|w| !empty.iter().any(|c| centred(w, c)))
        .filter(|w| !read.iter().any(|(c, _)| overlaps(w, c)))
        .map(|w| Word {
            text: if holds_number(&w.text) {
                UNREAD.to_string()
            } else {
                w.text.clone()
            },
            ..w.clone()
        })
        .collect();
    out.extend(read.into_iter().map(|(_, w)| w));
    // A cell of the cell-border reader with ink that no word stands in (one the rules close
    // only when their pieces are joined over a wider gap than [`grid::cells`] allows, a digit
    // Tesseract's page reading passed over) is read as no number, never as blank.
    for c in inked {
        if !out.iter().any(|w| centred(w, c)) {
            out.push(Word {
                x0: (c.u0 + c.u1) / 2.0 - 1.0,
                y0: (c.v0 + c.v1) / 2.0 - 1.0,
                x1: (c.u0 + c.u1) / 2.0 + 1.0,
                y1: (c.v0 + c.v1) / 2.0 + 1.0,
                text: UNREAD.to_string(),
            });
        }
    }
    out
}

/// The cells of the cell-border reader ([`ruling::drawn_cells`]) of a page's rules with ink
/// printed inside their borders ([`grid::crop`]), in the straightened page's pixels.
fn inked_cells(img: &Gray, skew: Skew, rules: &grid::Rules) -> Vec<Cell> {
    // In points, as the reader is given them: its tolerances are in points.
    let scale = 72.0 / DPI;
    let (across, down) = rules.drawn(scale);
    ruling::drawn_cells(&across, &down)
        .into_iter()
        .map(|(x0, y0, x1, y1)| Cell {
            u0: x0 / scale,
            v0: y0 / scale,
            u1: x1 / scale,
            v1: y1 / scale,
        })
        .filter(|c| grid::crop(img, skew, c).is_some())
        .collect()
}

/// A cell read alone, as the cell-border reader takes it: a label as read; digits only where
/// they are certain, both digit readings agreeing and the free reading or the page's reading
/// giving the same digits and nothing else (a remark beside a number, "8（含废止5件）", gives
/// more); anything else a mark no number reads as ([`UNREAD`]), so that its row is refused,
/// never read as blank.
fn certain_word(word: &Word, label: bool, readings: &[String; 2], free: &str, page: &str) -> Word {
    let text = if label {
        // A rule's remnant read at either end ("|1.属于国家秘密") is no part of the label.
        let text = word.text.trim_matches(rule_mark);
        if holds_number(text) {
            UNREAD.to_string()
        } else {
            text.to_string()
        }
    } else {
        let [a, b] = readings;
        let agreed = !a.is_empty() && a == b;
        let again = digits_only(free).as_ref() == Some(a) || page.trim_matches('.') == a;
        if agreed && again {
            a.clone()
        } else {
            UNREAD.to_string()
        }
    };
    Word {
        text,
        ..word.clone()
    }
}

/// Whether a reading holds a number ("45（含来信2件）", "45《含来信2件)" with a bracket misread),
/// not only a label's numbering ("1.属于国家秘密", "2没有现成信息" with its point lost).
fn holds_number(text: &str) -> bool {
    let after = text.trim_start_matches(|c: char| c.is_ascii_digit());
    let remark = after.len() < text.len() && after.starts_with(|c| "(（《〈[【<".contains(c));
    value_like(text) || remark
}

/// A page's rules, its cells with no ink, and the cell-border reader's cells with ink.
type PageRuling = (grid::Rules, Vec<Cell>, Vec<Cell>);

/// What a cell with ink the readings do not agree on reads as: no number.
const UNREAD: &str = "?";

fn ocr_error(path: &Path, e: RunError) -> ImportError {
    match e {
        RunError::Missing => ImportError(msg!("imp-needs-tesseract")),
        RunError::Failed(crate::i18n::Arg::Text(t)) if t.contains(LANG) => {
            ImportError(msg!("imp-needs-tesseract"))
        }
        RunError::Failed(reason) => {
            ImportError(msg!("imp-ocr-failed", path = shown(path), reason = reason))
        }
        RunError::Io(e) => ImportError(msg!(
            "imp-ocr-failed",
            path = shown(path),
            reason = crate::error::io_reason(&e)
        )),
    }
}

fn scaled(w: Word, scale: f64) -> Word {
    Word {
        x0: w.x0 * scale,
        y0: w.y0 * scale,
        x1: w.x1 * scale,
        y1: w.y1 * scale,
        text: w.text,
    }
}

/// A cell read alone.
struct CellRead {
    page: usize,
    cell: Cell,
    /// What it is taken to hold ([`agreed`]), in its ink's box.
    word: Word,
    /// Whether it holds a label (two Chinese characters and more).
    label: bool,
    /// Its two digit readings.
    readings: [String; 2],
    /// Its free reading (Chinese model, every character).
    free: String,
}

/// A cell of a ruled table to read alone: where it is, its ink cut out, and the ink's box.
struct CellImage {
    cell: Cell,
    image: Gray,
    ink: Cell,
}

/// How near a label read by OCR comes to a row label of the template's tables (1 when it
/// holds one exactly): of two readings of a label cell, the nearer is taken. Tesseract reads a
/// label best with its page around it, and sometimes garbles it there ("相关不各6xBRE鸟" for
/// 1.本机关不掌握相关政府信息) where the cell read alone gives it whole; the table reader
/// still matches the label taken against the template as ever.
fn template_likeness(text: &str) -> f64 {
    let text = labels::normalize(text);
    let rows = [schema::Edition::E2021, schema::Edition::E2019]
        .into_iter()
        .flat_map(|e| {
            let active = schema::active_rows(e).iter().map(|r| r.label);
            active.chain(schema::application_rows(e).map(|r| r.label))
        });
    rows.map(|label| labels::contains(&text, &labels::core(label)))
        .fold(0.0, f64::max)
}

fn chinese(text: impl Iterator<Item = char>) -> usize {
    text.filter(|c| ('\u{3400}'..='\u{9fff}').contains(c))
        .count()
}

/// Read every candidate cell of every page alone, in one Tesseract process per reading (a list
/// of images, each its own page of the TSV): with the Chinese model as a block, and digits
/// only with the Chinese and the English model as one line (`--psm 7`). A cell the free
/// reading finds two Chinese characters in holds a label: it becomes one word (`true`). Else the cell becomes one word with its ink's box, which the table reader puts
/// in its row and under its column as a text layer's word: the digits both models read, or
/// the one that read any; an empty word when they read different digits or none, which the
/// page's reading decides ([`read_pages`]). What is read is still taken only where the
/// arithmetic confirms it.
fn read_cells(
    path: &Path,
    dir: &Path,
    cells: Vec<(usize, CellImage)>,
) -> Result<Vec<CellRead>, ImportError> {
    if cells.is_empty() {
        return Ok(vec![]);
    }
    let mut list = String::new();
    for (n, (_, c)) in cells.iter().enumerate() {
        let file = dir.join(format!("cell-{n:05}.pgm"));
        std::fs::write(&file, c.image.pgm()).map_err(|e| super::super::cannot_read(path, &e))?;
        list.push_str(&file.to_string_lossy());
        list.push('\n');
    }
    let listed = dir.join("cells.txt");
    std::fs::write(&listed, list).map_err(|e| super::super::cannot_read(path, &e))?;
    let read = |lang: &str, digits: bool, psm: &str| -> Result<Vec<String>, ImportError> {
        let dpi = (DPI as u32).to_string();
        let mut args: Vec<&std::ffi::OsStr> = vec![
            listed.as_os_str(),
            "stdout".as_ref(),
            "-l".as_ref(),
            lang.as_ref(),
            "--dpi".as_ref(),
            dpi.as_ref(),
            "--psm".as_ref(),
            psm.as_ref(),
        ];
        if digits {
            args.push("-c".as_ref());
            args.push(DIGITS.as_ref());
        }
        args.push("tsv".as_ref());
        let seconds = 120 + 2 * cells.len() as u64;
        let tsv = tool::run("tesseract", &args, seconds).map_err(|e| ocr_error(path, e))?;
        Ok(cell_texts(&String::from_utf8_lossy(&tsv), cells.len()))
    };
    // A label may wrap over lines in its cell: read as a block (`--psm 6`).
    let free = read(LANG, false, "6")?;
    let chi = read(LANG, true, "7")?;
    // The English model ships with Tesseract itself; without it the Chinese reading alone.
    let eng = read(DIGITS_LANG, true, "7").unwrap_or_else(|_| chi.clone());
    let mut out = vec![];
    for (n, (k, c)) in cells.into_iter().enumerate() {
        let label = chinese(free[n].chars()) >= 2;
        let text = if label {
            free[n].clone()
        } else {
            agreed(&chi[n], &eng[n], &free[n])
        };
        // At the cell's middle height, a label as one line however it wraps in its cell: the
        // label and numbers of a row on one line, however each cell aligns its own (a table 四
        // prints some numbers at the top of their cells).
        let middle = (c.cell.v0 + c.cell.v1) / 2.0;
        let half = ((c.ink.v1 - c.ink.v0) / 2.0).min(LINE / 2.0);
        let word = Word {
            x0: c.ink.u0,
            y0: middle - half,
            x1: c.ink.u1,
            y1: middle + half,
            text,
        };
        let readings = [
            chi[n].trim_matches('.').to_string(),
            eng[n].trim_matches('.').to_string(),
        ];
        out.push(CellRead {
            page: k,
            cell: c.cell,
            word,
            label,
            readings,
            free: free[n].clone(),
        });
    }
    Ok(out)
}

/// What two readings of one cell's digits give: the digits both read (a stray point at either
/// end dropped), or the only one read; nothing when they differ. When neither reads a digit
/// (Tesseract read as one line finds nothing in some crops of a tall cell), the free reading
/// `free` gives them where it read digits only (a rule's remnant beside them dropped).
fn agreed(a: &str, b: &str, free: &str) -> String {
    let (a, b) = (a.trim_matches('.'), b.trim_matches('.'));
    match (a.is_empty(), b.is_empty()) {
        (false, true) => a.to_string(),
        (true, false) => b.to_string(),
        _ if a == b && !a.is_empty() => a.to_string(),
        (true, true) => digits_only(free).unwrap_or_default(),
        _ => String::new(),
    }
}

/// The digits of a reading that holds digits (and a decimal point) and nothing else but the
/// marks Tesseract reads a table's rule as ([`rule_mark`]); `None` for anything else.
fn digits_only(read: &str) -> Option<String> {
    let kept: String = read.chars().filter(|&c| !rule_mark(c)).collect();
    let kept = kept.trim_matches('.');
    (!kept.is_empty() && kept.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .then(|| kept.to_string())
}

/// The height of a line of 10.5 pt text at [`DPI`], in pixels.
const LINE: f64 = 10.5 / 72.0 * DPI;

/// Tesseract's option reading digits only (and a decimal point: 表二's 收费金额).
const DIGITS: &str = "tessedit_char_whitelist=0123456789.";
/// The second model reading a cell's digits.
const DIGITS_LANG: &str = "eng";

/// The text of each of `n` images of a TSV read from a list (`page_num` counts them from 1).
fn cell_texts(tsv: &str, n: usize) -> Vec<String> {
    let mut out = vec![String::new(); n];
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let page = f[1].trim().parse::<usize>().unwrap_or(0);
        if let Some(t) = page.checked_sub(1).and_then(|k| out.get_mut(k)) {
            t.push_str(f[11].trim());
        }
    }
    out
}

/// A blank written from a scan is a number OCR may have missed (a faint digit, a cell it could
/// not read): the rows of tables 三 and 四 holding one are refused by name, whatever the sums
/// say (a group of table 四 printing nothing is taken as blank from a text layer, never from
/// a scan), but where the cell's borders close round no ink ([`Imported::certain_blanks`],
/// which the arithmetic has checked).
pub fn refuse_blanks(out: &mut Imported) {
    let edition = out.edition.unwrap_or(schema::Edition::E2021);
    let certain = &out.certain_blanks;
    let unprinted =
        |table: &str, key: &str, columns: &mut dyn Iterator<Item = &str>, v: &[Value]| {
            columns
                .zip(v)
                .all(|(c, v)| *v != Value::Blank || certain.contains(&format!("{table}.{key}.{c}")))
        };
    let mut refused = vec![];
    for (key, cells) in out.applications.iter_mut() {
        let Some(values) = cells.as_ref().filter(|v| {
            !unprinted(
                "applications",
                key,
                &mut APPLICANT_COLUMNS.iter().map(|c| c.key),
                v,
            )
        }) else {
            continue;
        };
        let Some(row) = schema::application_rows(edition).find(|r| r.key == *key) else {
            continue;
        };
        let read = APPLICANT_COLUMNS.iter().map(|c| c.label).zip(values);
        refused.push(unconfirmed(schema::TableId::Applications, row.label, read));
        *cells = None;
    }
    for (key, cells) in out.review.iter_mut() {
        let Some(values) = cells.as_ref().filter(|v| {
            !unprinted(
                "review_litigation",
                key,
                &mut REVIEW_COLUMNS.iter().map(|c| c.key),
                v,
            )
        }) else {
            continue;
        };
        let Some(group) = REVIEW_GROUPS.iter().find(|g| g.key == *key) else {
            continue;
        };
        let read = REVIEW_COLUMNS.iter().map(|c| c.short).zip(values);
        refused.push(unconfirmed(
            schema::TableId::ReviewLitigation,
            &group.name(),
            read,
        ));
        *cells = None;
    }
    out.missing.extend(refused);
}

/// A word read by Tesseract, in pixels, with the line Tesseract put it on.
struct Read {
    line: (u32, u32, u32, u32),
    word: Word,
}

/// Table rules and cell borders read as characters: no text.
fn is_rule(t: &str) -> bool {
    t.chars().all(|c| rule_mark(c) || c == '!')
}

/// A character Tesseract reads a rule as, also glued to a cell's digits ("|0", "0_"); not `!`,
/// which it reads a faint 1 as too.
fn rule_mark(c: char) -> bool {
    "|[]_丨‖¦".contains(c)
}

/// One page of Tesseract TSV (`level page block par line word left top width height conf
/// text`) as words in points, the page's skew turned back.
#[cfg(test)]
fn page_of_tsv(tsv: &str) -> Page {
    let scale = 72.0 / DPI;
    let (height, read) = reads_of_tsv(tsv);
    let slope = skew(&read);
    Page {
        width: 0.0,
        height: height * scale,
        words: straightened(read, Skew(slope))
            .into_iter()
            .map(|w| scaled(w, scale))
            .collect(),
    }
}

/// The page's height and words (in pixels) of Tesseract's TSV.
fn reads_of_tsv(tsv: &str) -> (f64, Vec<Read>) {
    let mut height = 0.0;
    let mut read: Vec<Read> = vec![];
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 {
            continue;
        }
        let n = |i: usize| f[i].trim().parse::<f64>().unwrap_or(0.0);
        let id = |i: usize| f[i].trim().parse::<u32>().unwrap_or(0);
        match f[0] {
            "1" => height = n(7) + n(9),
            "5" => {
                let text = labels::fold_radicals(f[11].trim());
                if text.is_empty() || is_rule(&text) {
                    continue;
                }
                read.push(Read {
                    line: (id(1), id(2), id(3), id(4)),
                    word: Word {
                        x0: n(6),
                        y0: n(7),
                        x1: n(6) + n(8),
                        y1: n(7) + n(9),
                        text,
                    },
                });
            }
            _ => {}
        }
    }
    (height, read)
}

/// The words moved into the straightened page ([`grid::Skew::flat`], by their centres).
fn straightened(read: Vec<Read>, skew: Skew) -> Vec<Word> {
    read.into_iter()
        .map(|r| {
            let mut w = r.word;
            let (cx, cy) = ((w.x0 + w.x1) / 2.0, w.centre_y());
            let (u, v) = skew.flat(cx, cy);
            let (dx, dy) = (u - cx, v - cy);
            w.x0 += dx;
            w.x1 += dx;
            w.y0 += dy;
            w.y1 += dy;
            w
        })
        .collect()
}

/// The page's skew as a slope (rise per unit of x): the median over Tesseract's lines of the
/// slope from a line's first word to its last, for lines long enough to measure.
fn skew(read: &[Read]) -> f64 {
    let mut lines: BTreeMap<(u32, u32, u32, u32), Vec<&Word>> = BTreeMap::new();
    for r in read {
        lines.entry(r.line).or_default().push(&r.word);
    }
    let mut slopes: Vec<f64> = lines
        .values()
        .filter_map(|ws| {
            let first = ws.iter().min_by(|a, b| a.x0.total_cmp(&b.x0))?;
            let last = ws.iter().max_by(|a, b| a.x1.total_cmp(&b.x1))?;
            let run = (last.x0 + last.x1 - first.x0 - first.x1) / 2.0;
            (run > 100.0).then(|| (last.centre_y() - first.centre_y()) / run)
        })
        .filter(|s| s.abs() < 0.1)
        .collect();
    if slopes.is_empty() {
        return 0.0;
    }
    slopes.sort_by(f64::total_cmp);
    slopes[slopes.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_read_by_both_digit_readings_or_the_one_that_read_any() {
        assert_eq!(agreed("12", "12", "x"), "12");
        assert_eq!(agreed("12.", "", ""), "12");
        assert_eq!(agreed("", "7", "1"), "7");
        // Two readings that differ give nothing, whatever the free reading says.
        assert_eq!(agreed("04", "64", "04"), "");
        // Neither digit reading read anything: the free reading's digits, a rule's mark
        // beside them dropped; nothing when it read anything else.
        assert_eq!(agreed("", ".", "0_"), "0");
        assert_eq!(agreed("", "", "|50"), "50");
        assert_eq!(agreed("", "", "上"), "");
        assert_eq!(agreed("", "", "[1"), "1");
        assert_eq!(agreed("", "", "1!"), "");
        assert_eq!(agreed("", "", "["), "");
    }

    fn word(x0: f64, y0: f64, x1: f64, text: &str) -> Word {
        Word {
            x0,
            y0,
            x1,
            y1: y0 + 40.0,
            text: text.into(),
        }
    }

    #[test]
    fn a_cell_s_digits_are_certain_only_where_two_models_and_a_third_reading_agree() {
        let w = word(0.0, 0.0, 50.0, "");
        let number = |a: &str, b: &str, free: &str, page: &str| {
            certain_word(&w, false, &[a.into(), b.into()], free, page).text
        };
        assert_eq!(number("12", "12", "12", ""), "12");
        assert_eq!(number("12", "12", "|12", ""), "12");
        assert_eq!(number("12", "12", "", "12"), "12");
        // The English model read another digit: the Chinese readings alone are no certainty.
        assert_eq!(number("55375", "59375", "55375", "55375"), UNREAD);
        // One reading only, or the free reading finding more than digits (a remark).
        assert_eq!(number("7", "", "7", "7"), UNREAD);
        assert_eq!(number("85", "85", "8含废止5件", ""), UNREAD);
        assert_eq!(number("", "", "", ""), UNREAD);
        let label = |text: &str| {
            let w = word(0.0, 0.0, 50.0, text);
            certain_word(&w, true, &[String::new(), String::new()], text, "").text
        };
        assert_eq!(label("|1.属于国家秘密"), "1.属于国家秘密");
        assert_eq!(label("（三）不予公开"), "（三）不予公开");
        // A number with its remark is read as a label's text: never a number.
        assert_eq!(label("8（含废止5件）"), UNREAD);
        assert_eq!(label("45《含来信2件)"), UNREAD);
    }

    #[test]
    fn the_cell_border_reader_gets_each_cell_s_own_reading_and_nothing_in_an_empty_cell() {
        let cell = |u0: f64, u1: f64| Cell {
            u0,
            v0: 100.0,
            u1,
            v1: 170.0,
        };
        let page = [
            // Speckle read in a cell with no ink: dropped.
            word(20.0, 110.0, 40.0, "丨一"),
            // The page's reading run from a label into the cell read alone: dropped.
            word(110.0, 110.0, 260.0, "缴 |0"),
            // A number read with the page in no cell read alone: no number.
            word(420.0, 110.0, 440.0, "2"),
            word(320.0, 110.0, 380.0, "行政许可"),
        ];
        let read = vec![(cell(200.0, 300.0), word(240.0, 115.0, 260.0, "0"))];
        // Two cells with ink: one holding the cell read alone, one no word stands in.
        let inked = [cell(200.0, 300.0), cell(500.0, 600.0)];
        let got = ruled_words(&page, &[cell(0.0, 100.0)], read, &inked);
        let texts: Vec<&str> = got.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, [UNREAD, "行政许可", "0", UNREAD]);
        assert!((got[3].x0 - 549.0).abs() < 1e-9);
    }

    #[test]
    fn a_label_reading_nearer_the_template_is_nearer() {
        let garbled = template_likeness("相关不各6xBRE鸟");
        let whole = template_likeness("1.本机关不掌握相关政府信息");
        assert!((whole - 1.0).abs() < 1e-9, "{whole}");
        assert!(garbled < 0.5, "{garbled}");
    }

    #[test]
    fn a_skewed_page_is_turned_back() {
        // Two words of one line, the right one 20 px lower (a page turned by ~1°).
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n\
            5\t1\t1\t1\t1\t1\t100\t1000\t200\t40\t95\t予以公开\n\
            5\t1\t1\t1\t1\t2\t1300\t1020\t60\t40\t91\t12\n\
            5\t1\t1\t1\t1\t3\t1400\t1030\t20\t40\t20\t|\n";
        let p = page_of_tsv(tsv);
        assert_eq!(p.words.len(), 2);
        assert!((p.words[0].centre_y() - p.words[1].centre_y()).abs() < 0.5);
        assert!((p.height - 3508.0 * 72.0 / 300.0).abs() < 0.01);
    }
}
