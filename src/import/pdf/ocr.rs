//! Scanned reports (图片版): pages without a text layer, read by Tesseract OCR.
//!
//! Each page is rasterised by poppler's `pdftoppm` and read by `tesseract` with the Simplified
//! Chinese model into TSV: every word with its box and confidence. The words go to the same line
//! and table reader as a text layer's. A scan is often slightly rotated; the angle is measured
//! from Tesseract's own lines and the boxes turned back, so that a table row stays on one line
//! and a column keeps one x. OCR misreads digits: what it reads is only taken where the
//! template's arithmetic confirms it (`super::super::confirm`).

use super::super::{ImportError, external, labels, shown};
use super::tool::{self, RunError};
use super::words::{Page, Word};
use crate::msg;
use std::collections::BTreeMap;
use std::path::Path;

/// Resolution of the page images: Tesseract reads 10.5 pt Chinese best at about 300 dpi.
const DPI: f64 = 300.0;
/// The most pages read (a report has a dozen; OCR costs seconds a page).
const MAX_PAGES: usize = 40;
/// The Tesseract model: Simplified Chinese (it reads Latin digits too).
const LANG: &str = "chi_sim";

/// The words of every page, read by OCR.
pub fn read_pages(path: &Path) -> Result<Vec<Page>, ImportError> {
    let dir = external::Scratch::new("ocr").map_err(|e| super::super::cannot_read(path, &e))?;
    let prefix = dir.path().join("page");
    let last = MAX_PAGES.to_string();
    let dpi = (DPI as u32).to_string();
    let args: Vec<&std::ffi::OsStr> = vec![
        "-r".as_ref(),
        dpi.as_ref(),
        "-gray".as_ref(),
        "-png".as_ref(),
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
        .filter(|p| p.extension().is_some_and(|x| x == "png"))
        .collect();
    // page-01.png … page-12.png: zero-padded, so name order is page order.
    images.sort();
    let mut pages = vec![];
    for image in images {
        let args: Vec<&std::ffi::OsStr> = vec![
            image.as_os_str(),
            "stdout".as_ref(),
            "-l".as_ref(),
            LANG.as_ref(),
            "--dpi".as_ref(),
            dpi.as_ref(),
            "tsv".as_ref(),
        ];
        let tsv = tool::run("tesseract", &args, 300).map_err(|e| match e {
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
        })?;
        pages.push(page_of_tsv(&String::from_utf8_lossy(&tsv)));
    }
    Ok(pages)
}

/// A word read by Tesseract, in pixels, with the line Tesseract put it on.
struct Read {
    line: (u32, u32, u32, u32),
    word: Word,
}

/// Table rules and cell borders read as characters: no text.
fn is_rule(t: &str) -> bool {
    t.chars().all(|c| "|[]_丨‖!¦".contains(c))
}

/// One page of Tesseract TSV (`level page block par line word left top width height conf
/// text`) as words in points, the page's skew turned back.
pub fn page_of_tsv(tsv: &str) -> Page {
    let scale = 72.0 / DPI;
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
            "1" => height = (n(7) + n(9)) * scale,
            "5" => {
                let text = labels::fold_radicals(f[11].trim());
                if text.is_empty() || is_rule(&text) {
                    continue;
                }
                read.push(Read {
                    line: (id(1), id(2), id(3), id(4)),
                    word: Word {
                        x0: n(6) * scale,
                        y0: n(7) * scale,
                        x1: (n(6) + n(8)) * scale,
                        y1: (n(7) + n(9)) * scale,
                        text,
                    },
                });
            }
            _ => {}
        }
    }
    let slope = skew(&read);
    let words = read
        .into_iter()
        .map(|r| {
            let mut w = r.word;
            // Turn back by the small angle: y less the rise along x, x plus the run along y.
            let (cx, cy) = ((w.x0 + w.x1) / 2.0, w.centre_y());
            let (dx, dy) = (slope * cy, -slope * cx);
            w.x0 += dx;
            w.x1 += dx;
            w.y0 += dy;
            w.y1 += dy;
            w
        })
        .collect();
    Page {
        width: 0.0,
        height,
        words,
    }
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
