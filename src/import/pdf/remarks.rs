//! A count printed with a remark in its cell ("22（其中修订16件）", "3（含来信2件）") or with
//! thousands separators ("4,518", "1，234"), put back together as the one cell it is.
//!
//! The text layer rarely gives such a cell as one word: Latin digits set in another font than
//! the CJK text are words of their own ("21（其中简易程序" "15" "件）"), and a narrow cell wraps
//! the remark over two to four lines, the row's other numbers on any of them (cells aligned to
//! the top or the middle). The pieces are found by geometry: set against each other on a line
//! (no space between them), or stacked in the cell's width on the lines right below, until the
//! bracket closes at the end of a piece. The whole is put on the row's line, the one of its
//! lines printing the row's other numbers, and is read as a remark is in every other form
//! ([`super::super::tables::read_cell`]: the number, and the remark for `[notes]`). A remark
//! that does not close so is left as printed: its row is refused, never read from its parts.

use super::super::text::value_like;
use super::lines::Line;
use super::words::Word;
use std::collections::HashSet;

/// What a cell's text read so far is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cell {
    /// Digits, possibly grouped by thousands separators ("4,518"; "4," while reading on).
    Number,
    /// A number and a remark whose bracket is not closed yet ("22（其中修订").
    Open,
    /// A number and a remark whose bracket closes at its end ("22（其中修订16件）").
    Whole,
    /// Anything else.
    No,
}

fn separator(c: char) -> bool {
    c == ',' || c == '，'
}

fn cell(t: &str) -> Cell {
    let mut chars = t.chars().peekable();
    if !chars.peek().is_some_and(char::is_ascii_digit) {
        return Cell::No;
    }
    let mut prev_sep = false;
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            prev_sep = false;
        } else if separator(c) && !prev_sep {
            prev_sep = true;
        } else {
            break;
        }
        chars.next();
    }
    let Some(open) = chars.next() else {
        return Cell::Number;
    };
    if prev_sep || !matches!(open, '（' | '(') {
        return Cell::No;
    }
    let mut depth = 1;
    while let Some(c) = chars.next() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            return if chars.next().is_none() {
                Cell::Whole
            } else {
                Cell::No
            };
        }
    }
    Cell::Open
}

/// A number with thousands separators, every group after one of three digits ("1,219").
fn grouped(t: &str) -> bool {
    let n = super::super::labels::normalize(t);
    n.contains(',') && super::super::tables::without_separators(&n).is_some()
}

/// A number whose separators say it goes on ("1," or "1,21": wrapped in a narrow cell): no cell
/// ends so, so the digits below it in its cell are its rest.
fn unfinished(t: &str) -> bool {
    let n = super::super::labels::normalize(t);
    n.chars().all(|c| c.is_ascii_digit() || c == ',')
        && n.rsplit_once(',').is_some_and(|(_, last)| last.len() < 3)
}

/// Whether `b` is set right against `a` on its line: no space between them (a font change
/// inside one cell), their boxes side by side at one height.
fn glued(a: &Word, b: &Word) -> bool {
    let h = a.height().min(b.height());
    let gap = b.x0 - a.x1;
    let overlap = a.y1.min(b.y1) - a.y0.max(b.y0);
    gap > -0.25 * h && gap < 0.25 * h && overlap > 0.5 * h
}

/// A word by its line and place in it.
type At = (usize, usize);

/// Every word of `n` lines from line `from`.
fn nearby(lines: &[Line], from: usize, n: usize) -> impl Iterator<Item = At> + '_ {
    (from..lines.len().min(from + n)).flat_map(|i| (0..lines[i].words.len()).map(move |k| (i, k)))
}

/// The most characters a line of a cell's wrapped remark holds (a wide cell of table 二 holds
/// "（其中简易程序15件）", eleven).
const CELL_LINE: usize = 16;

/// The most lines a cell's remark is wrapped over: a remark of eleven characters a character a
/// line in the narrowest cell ("2" over "（" "其" "中" "网" "上" "申" "请" "1" "件" "）", eleven
/// lines in all, pdfgen's s8-001), its number's digits over up to three more.
const MOST_LINES: usize = 14;

/// The pieces of the cell starting with the word at `start`, in reading order, when they make
/// a whole remark or a number with separators. A remark that opens but does not close where
/// its cell ends (broken by the page, run into something else) gives its pieces up to the end
/// of the line it opens on (the number above it too, when it opens on the line below or at the
/// top of the next page): its digits ("21（其中修订" "13", "22" over "（其中修订") are never a
/// cell of their own, and the row, holding no number for that cell, is refused naming it.
/// None otherwise.
fn pieces(
    lines: &[Line],
    start: At,
    used: &HashSet<At>,
    page_step: Option<f64>,
) -> Option<(Vec<At>, bool)> {
    let word = |at: At| &lines[at.0].words[at.1];
    let mut parts = vec![start];
    let mut text = word(start).text.clone();
    let mut wrapped = 0;
    // The number's own digits wrapped onto the line of its remark ("30" over "6（其中"): the
    // piece that line starts with.
    let mut digits_wrapped: Option<At> = None;
    // The pieces on the first line, when they open a remark.
    let mut first_line: Option<usize> = None;
    // (A number's digits wrapped onto the remark's first line are taken as they are when it
    // closes: stacked as a cell's lines, and a guess.)
    let unclosed = |first_line: Option<usize>, parts: &[At], text: &str, digits: Option<At>| {
        if grouped(text) && parts.len() > 1 {
            return Some((parts.to_vec(), false));
        }
        let n = first_line.filter(|&n| n > 1)?;
        let kept = &parts[..n];
        match digits.filter(|d| kept.contains(d)) {
            None => Some((kept.to_vec(), false)),
            Some(d) => stacked_evenly(lines, kept, d).then(|| (kept.to_vec(), true)),
        }
    };
    loop {
        let state = cell(&text);
        match state {
            Cell::Whole => break,
            Cell::No => return unclosed(first_line, &parts, &text, digits_wrapped),
            Cell::Number | Cell::Open => {}
        }
        let last = word(*parts.last()?);
        // Set right against the last piece (on its line, or on a line formed apart from it).
        let near = nearby(lines, parts.last()?.0.saturating_sub(2), 5)
            .find(|&at| !parts.contains(&at) && !used.contains(&at) && glued(last, word(at)));
        if let Some(at) = near {
            let next = &word(at).text;
            // Two numbers set close are two cells, unless a separator or a remark joins them.
            let joins = state == Cell::Open
                || text.ends_with(separator)
                || next.starts_with(separator)
                || next.starts_with(['（', '(']);
            if joins {
                text.push_str(next);
                parts.push(at);
                continue;
            }
            // A number with text set right after it ("2024" "年") is no cell of its own.
            return unclosed(first_line, &parts, &text, digits_wrapped)
                .filter(|_| state == Cell::Open);
        }
        // Wrapped in the cell: the words of the next line below in the cell's width. The
        // pieces read when the remark is first open at a line's end ("22（其中修订" on one
        // line, or "22" over "（其中修订" at the top of the next page): what a remark that
        // never closes is kept as, so that its number is never read without it. (A page's own
        // pass keeps only a remark open on its number's line, set on that line: one opening
        // below it may go on at the top of the next page, and the pass over the whole
        // document needs its pieces where they were printed to follow it there.)
        if first_line.is_none() && state == Cell::Open && (wrapped == 0 || page_step.is_some()) {
            first_line = Some(parts.len());
        }
        wrapped += 1;
        let below = (wrapped < MOST_LINES)
            .then(|| wrapped_below(lines, &parts, used, page_step))
            .flatten()
            .filter(|below| {
                // A cell's line holds a few characters; a line of text far under a number is
                // not its remark. A number printed last on its page whose remark starts at the
                // top of the next page in its width ([`wrapped_below`]: nothing more of its
                // page below it there) goes on there.
                let chars: usize = below.iter().map(|&at| word(at).text.chars().count()).sum();
                let (from_y, to_y) = (last.centre_y(), word(below[0]).centre_y());
                let next_page =
                    page_step.is_some_and(|step| (to_y / step).floor() > (from_y / step).floor());
                let across = to_y - from_y > 4.0 * word(below[0]).height().max(last.height());
                chars <= CELL_LINE
                    && (state == Cell::Open
                        || (!across || next_page)
                            && (word(below[0]).text.starts_with(['（', '(']) || unfinished(&text))
                        || digits_wrap(lines, &parts, &text, below, used))
            });
        let Some(below) = below else {
            return unclosed(first_line, &parts, &text, digits_wrapped);
        };
        if state == Cell::Number
            && word(below[0])
                .text
                .starts_with(|c: char| c.is_ascii_digit())
        {
            digits_wrapped = Some(below[0]);
        }
        for at in below {
            text.push_str(&word(at).text);
            parts.push(at);
        }
    }
    match digits_wrapped {
        None => Some((parts, false)),
        Some(d) => stacked_evenly(lines, &parts, d).then_some((parts, true)),
    }
}

/// Whether the line `below` starts with the rest of the number `text` (its only piece so far,
/// digits alone on their line) and opens its remark ("30" over "6（其中", a narrow cell
/// wrapping "306（其中网上申请192件）" inside the number): the two lined up as the cell aligns
/// its text, right below it (a line's pitch: [`stacked_evenly`] checks it against the
/// remark's own lines), no digit printed right above the number in its width (the digits
/// before it, or the row above's cell; a header's label may stand there, over a table's first
/// row), and no label left of it on its line (the row's own line: the number is that row's
/// cell); a count never starts with 0. Two rows' cells can print so too (the row above's
/// number alone at the foot of a tall row): the whole is a guess, taken only where the
/// arithmetic confirms it.
fn digits_wrap(lines: &[Line], parts: &[At], text: &str, below: &[At], used: &HashSet<At>) -> bool {
    let word = |at: At| &lines[at.0].words[at.1];
    let (&[n], Some(&d)) = (parts, below.first()) else {
        return false;
    };
    let (n_word, d_word) = (word(n), word(d));
    let rest: String = below.iter().map(|&at| word(at).text.as_str()).collect();
    let h = n_word.height().min(d_word.height());
    let above = nearby(lines, n.0.saturating_sub(3), 4).any(|at| {
        let w = word(at);
        at != n
            && !used.contains(&at)
            && w.text.chars().any(|c| c.is_ascii_digit())
            && w.x0 < n_word.x1
            && n_word.x0 < w.x1
            && n_word.centre_y() - w.centre_y() > 0.3 * h
            && n_word.centre_y() - w.centre_y() < 1.9 * h
    });
    // The row's label printed beside the number, left of it at its height: the number is that
    // row's cell. (Pieces of cells put together already, a wrapped remark of a column to its
    // left, are no label.)
    let labelled = nearby(lines, n.0.saturating_sub(2), 5).any(|at| {
        let w = word(at);
        let overlap = w.y1.min(n_word.y1) - w.y0.max(n_word.y0);
        at != n
            && !used.contains(&at)
            && !value_like(&w.text)
            && w.x1 <= n_word.x0
            && overlap > 0.5 * w.height().min(n_word.height())
    });
    cell(text) == Cell::Number
        && !text.contains(separator)
        && !text.starts_with('0')
        && !labelled
        && rest.starts_with(|c: char| c.is_ascii_digit())
        && matches!(cell(&format!("{text}{rest}")), Cell::Open | Cell::Whole)
        && super::lines::lined_up(n_word, d_word)
        && !above
}

/// Whether a number's digits wrapped onto its remark's first line (`digits`, [`digits_wrap`])
/// stand a line of the cell above it: no further above than the remark's own lines stand
/// apart (the longest step between them, a twentieth more: the Latin digits' boxes and the CJK
/// ones differ so) and no nearer than nine tenths of the shortest; or, the remark on that one
/// line, within one and a half boxes. A cell's lines are set by one line spacing (uneven when
/// fonts of two heights alternate); a row's number above a remark starting the row below
/// stands further, by the cells' padding and rules (about a seventh of the pitch in the prints
/// seen).
fn stacked_evenly(lines: &[Line], parts: &[At], digits: At) -> bool {
    let word = |at: At| &lines[at.0].words[at.1];
    let first = word(parts[0]);
    let d = word(digits);
    let up = d.centre_y() - first.centre_y();
    let h = first.height().min(d.height());
    // The remark's lines from `digits` on, by their centres, one per line.
    let mut centres: Vec<f64> = parts
        .iter()
        .map(|&at| word(at).centre_y())
        .filter(|&y| y >= d.centre_y() - 0.3 * h)
        .collect();
    centres.sort_by(f64::total_cmp);
    centres.dedup_by(|b, a| *b - *a < 0.3 * h);
    // (A step across a page break is none.)
    let steps: Vec<f64> = centres
        .windows(2)
        .map(|p| p[1] - p[0])
        .filter(|&step| step < 3.0 * h)
        .collect();
    let longest = steps.iter().copied().fold(f64::MIN, f64::max);
    let shortest = steps.iter().copied().fold(f64::MAX, f64::min);
    if steps.is_empty() {
        up <= 1.6 * h
    } else {
        up <= 1.05 * longest && up >= 0.9 * shortest
    }
}

/// The words of the cell's next line of text: the nearest words below the last piece within the
/// pieces' width (a line's pitch at most), with the words set right against them; each set
/// against the one before (a cell's line holds no space).
fn wrapped_below(
    lines: &[Line],
    parts: &[At],
    used: &HashSet<At>,
    page_step: Option<f64>,
) -> Option<Vec<At>> {
    let word = |at: At| &lines[at.0].words[at.1];
    let x0 = parts.iter().map(|&p| word(p).x0).fold(f64::MAX, f64::min);
    let x1 = parts.iter().map(|&p| word(p).x1).fold(f64::MIN, f64::max);
    let last = word(*parts.last()?);
    let from = parts.iter().map(|p| p.0).max()?;
    let page = |w: &Word| page_step.map(|step| (w.centre_y() / step).floor() as i64);
    let reach = if page_step.is_some() { 8 } else { 4 };
    let below: Vec<At> = nearby(lines, from, reach)
        .filter(|at| !used.contains(at) && !parts.contains(at))
        .filter(|&at| {
            let w = word(at);
            w.x0 < x1
                && x0 < w.x1
                && w.centre_y() - last.centre_y() > 0.3 * w.height().min(last.height())
        })
        .collect();
    // A cell broken by the page goes on at the top of the next: when nothing more of its page
    // is printed below it in its width.
    let page_ends = page_step.is_some() && below.iter().all(|&at| page(word(at)) != page(last));
    let candidates: Vec<At> = below
        .into_iter()
        .filter(|&at| {
            let w = word(at);
            let d = w.centre_y() - last.centre_y();
            d <= 2.2 * w.height().min(last.height())
                || (page_ends && page(w).zip(page(last)).is_some_and(|(p, q)| p == q + 1))
        })
        .collect();
    let nearest = candidates
        .iter()
        .copied()
        .min_by(|&a, &b| word(a).centre_y().total_cmp(&word(b).centre_y()))?;
    let n = word(nearest);
    let mut row: Vec<At> = candidates
        .into_iter()
        .filter(|&at| {
            (word(at).centre_y() - n.centre_y()).abs() <= 0.3 * word(at).height().min(n.height())
        })
        .collect();
    row.sort_by(|&a, &b| word(a).x0.total_cmp(&word(b).x0));
    // Extended by the words set against its right end (a Latin-font number just past the
    // width: "申请" "29").
    while let Some(&right) = row.last()
        && let Some(more) = nearby(lines, from, 4).find(|&at| {
            !used.contains(&at)
                && !parts.contains(&at)
                && !row.contains(&at)
                && glued(word(right), word(at))
        })
    {
        row.push(more);
    }
    // The cell's line starts with its first word: one set right after another word ("3" "（含")
    // continues that word's cell, not this one. (A piece of this cell is no other word: a
    // browser's CJK box is a line's pitch taller than its glyphs, so "结）" under "1件已办"
    // reaches up beside that line's "1", as if set right after it.)
    let continues = nearby(lines, from.saturating_sub(2), 6)
        .any(|at| !row.contains(&at) && !parts.contains(&at) && glued(word(at), word(row[0])));
    (!continues && row.windows(2).all(|p| glued(word(p[0]), word(p[1])))).then_some(row)
}

/// The words of line `i` that are no piece of a cell put together.
fn others<'a>(
    lines: &'a [Line],
    used: &'a HashSet<At>,
    i: usize,
) -> impl Iterator<Item = &'a Word> {
    lines[i]
        .words
        .iter()
        .enumerate()
        .filter(move |(k, _)| !used.contains(&(i, *k)))
        .map(|(_, w)| w)
}

/// The cells [`join_cells`] put together.
#[derive(Debug, Default)]
pub struct Joined {
    /// Every piece: they are their cell's ink, not a neighbouring blank cell's (a remark
    /// wrapped down past its row's line lies in the box of the cell below).
    pub pieces: Vec<Word>,
    /// The cells whose number was put together across a wrap another reading could give
    /// ([`digits_wrap`]), each as placed on its row's line: taken only where the arithmetic
    /// confirms them ([`super::super::tables::Geometry::guessed`]).
    pub guessed: Vec<Word>,
}

/// Each cell printed in pieces (a remark, a number with separators) put together into one word
/// on its row's line; the pieces removed from the lines they were on. The lines of one page.
pub fn join_cells(lines: &mut Vec<Line>) -> Joined {
    join(lines, None)
}

/// [`join_cells`] over the lines of the whole document, each page `page_step` points below the
/// one before: a remark broken by the page ("9（其中网上" at the foot of one, "申请2件）" at the
/// top of the next) goes on at the top of the next page in its cell's width, when nothing more
/// is printed below it on its own page.
pub fn join_across_pages(lines: &mut Vec<Line>, page_step: f64) -> Joined {
    join(lines, Some(page_step))
}

fn join(lines: &mut Vec<Line>, page_step: Option<f64>) -> Joined {
    let mut used: HashSet<At> = HashSet::new();
    let mut cells: Vec<(Vec<At>, bool)> = vec![];
    for i in 0..lines.len() {
        for k in 0..lines[i].words.len() {
            let w = &lines[i].words[k];
            // A cell's first word stands apart from what is left of it ("共" "22" is text).
            let after_text =
                nearby(lines, i.saturating_sub(2), 5).any(|at| glued(&lines[at.0].words[at.1], w));
            if used.contains(&(i, k)) || cell(&w.text) == Cell::No || after_text {
                continue;
            }
            if let Some((parts, guess)) = pieces(lines, (i, k), &used, page_step)
                && parts.len() > 1
            {
                used.extend(parts.iter().copied());
                cells.push((parts, guess));
            }
        }
    }
    if cells.is_empty() {
        return Joined::default();
    }
    let pieces: Vec<Word> = cells
        .iter()
        .flat_map(|(parts, _)| parts)
        .map(|&(i, k)| lines[i].words[k].clone())
        .collect();
    let mut placed: Vec<(usize, Word)> = vec![];
    let mut guessed = vec![];
    for (parts, guess) in &cells {
        let words: Vec<&Word> = parts.iter().map(|&(i, k)| &lines[i].words[k]).collect();
        let (first, last) = (
            parts.iter().map(|p| p.0).min().unwrap_or(0),
            parts.iter().map(|p| p.0).max().unwrap_or(0),
        );
        let top = words.iter().map(|w| w.y0).fold(f64::MAX, f64::min);
        let bottom = words.iter().map(|w| w.y1).fold(f64::MIN, f64::max);
        let centre = (top + bottom) / 2.0;
        let others = |i: usize| others(lines, &used, i);
        // The row's line: the one printing most of the row's other numbers; else the one with
        // its label; the nearest the cell's middle among equals.
        let distance = |i: usize| (lines[i].centre_y() - centre).abs();
        let target = (first..=last)
            .max_by(|&a, &b| {
                let score = |i: usize| {
                    (
                        others(i).filter(|w| value_like(&w.text)).count(),
                        usize::from(others(i).next().is_some()),
                    )
                };
                score(a)
                    .cmp(&score(b))
                    .then(distance(b).total_cmp(&distance(a)))
            })
            .unwrap_or(first);
        let on_line: Vec<&Word> = if others(target).next().is_some() {
            others(target).collect()
        } else {
            parts
                .iter()
                .filter(|p| p.0 == target)
                .map(|&(i, k)| &lines[i].words[k])
                .collect()
        };
        let text: String = words.iter().map(|w| w.text.as_str()).collect();
        let whole = Word {
            x0: words.iter().map(|w| w.x0).fold(f64::MAX, f64::min),
            x1: words.iter().map(|w| w.x1).fold(f64::MIN, f64::max),
            y0: on_line.iter().map(|w| w.y0).fold(f64::MAX, f64::min),
            y1: on_line.iter().map(|w| w.y1).fold(f64::MIN, f64::max),
            text,
        };
        if *guess {
            guessed.push(whole.clone());
        }
        placed.push((target, whole));
    }
    for (i, line) in lines.iter_mut().enumerate() {
        let mut k = 0;
        line.words.retain(|_| {
            k += 1;
            !used.contains(&(i, k - 1))
        });
    }
    for (i, w) in placed {
        lines[i].words.push(w);
        lines[i].words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    lines.retain(|l| !l.words.is_empty());
    Joined { pieces, guessed }
}

#[cfg(test)]
mod tests {
    use super::super::{confirm, doc_of, words::parse_pages};
    use super::*;
    use std::path::Path;

    /// A print's text layer kept in `tests/fixtures/import/pdf-bbox/` imported: the front matter
    /// as written, and what was not read; with the front matter of the expected file beside it.
    fn import(bbox: &str) -> (toml::Table, Vec<String>, toml::Table) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/pdf-bbox");
        let xml = std::fs::read_to_string(dir.join(format!("{bbox}.html"))).unwrap();
        let read = doc_of(parse_pages(&xml));
        let mut imported =
            crate::import::tables::extract_with(&read.doc, Some(read.geometry(false)));
        confirm::confirm(&mut imported);
        let missing = imported.missing.iter().map(|m| m.en()).collect();
        let file = crate::import::write::content_file(&imported, 2000, "x", None);
        let front = |file: &str| -> toml::Table {
            toml::from_str(file.split("+++").nth(1).unwrap()).unwrap()
        };
        let expected = std::fs::read_to_string(dir.join(format!("{bbox}.expected.md"))).unwrap();
        (front(&file), missing, front(&expected))
    }

    /// A portal page printed by Chromium (pdfgen's never-seen s5-015, A4 at 70 %, Noto Sans CJK
    /// SC and Liberation Serif digits): counts with thousands separators ("4,518", "57,181") and
    /// remarks in cells of tables 三 and 四 ("5（其中网上申请5件）", "（含来信2件）", "（涉及52人）"),
    /// their digits words of their own in the Latin font. Every table and every note read as
    /// printed, nothing refused.
    #[test]
    fn separators_and_remarks_of_a_portal_print_are_read_exactly() {
        let (got, missing, want) = import("unseen-s5-015_html_chromium-a4-70-separators");
        assert!(missing.is_empty(), "{missing:?}");
        for table in ["active", "applications", "review_litigation", "notes"] {
            assert_eq!(got.get(table), want.get(table), "{table}");
        }
        assert_eq!(got["active"]["licensing"].as_integer(), Some(4518));
        assert_eq!(
            got["notes"]["review_litigation.litigation_after_review.total"].as_str(),
            Some("涉及52人")
        );
    }

    /// pdfgen's never-seen s1-000, a portal page printed by Chromium on A5 at 115 % (pdf-findings
    /// 01): table 二's "24（含废止17件）" wraps in its cell ("24" "（含废止" "17" on one line, the
    /// Latin digits shorter boxes inside the CJK ones, "件）" below), and "6（其中1件为联合发文）"
    /// prints in four words on one line. Both are read as the number and its note.
    #[test]
    fn remarks_of_table_two_in_a_browser_print_are_the_number_and_a_note() {
        let (got, _, want) = import("unseen-s1-000_html_chromium-a5-115-remarks");
        assert_eq!(got.get("active"), want.get("active"));
        assert_eq!(
            got["active"]["regulations"]["in_force"].as_integer(),
            Some(24)
        );
        assert_eq!(got["active"]["punishment"].as_integer(), Some(6));
        assert_eq!(got.get("notes"), want.get("notes"));
    }

    /// pdfgen's never-seen s2-000 (Word, LibreOffice, landscape at 130 %; pages 3 and 4): table
    /// 二's "21（其中修订13件）" is broken by the page after "13", "件）" at the top of page 4. It
    /// is read across the page: 21 and its note. Without its end (a remark that never closes),
    /// its "13" is never the cell (it was written as the number before): the row is refused
    /// naming it, and the remark of 行政许可 after it is still read.
    #[test]
    fn a_remark_broken_by_the_page_is_read_across_it_or_refused() {
        let bbox = "unseen-s2-000_word_libreoffice-remark-broken-by-page.p3-4";
        let (got, missing, want) = import(bbox);
        // (Pages 3 and 4 print table 二 only.)
        assert!(
            !missing.iter().any(|m| m.contains("table 二")),
            "{missing:?}"
        );
        assert_eq!(got.get("active"), want.get("active"));
        let notes = |t: &toml::Table| {
            t["notes"]
                .as_table()
                .unwrap()
                .iter()
                .filter(|(k, _)| k.starts_with("active."))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(notes(&got), notes(&want));
        assert_eq!(
            got["notes"]["active.normative_docs.issued"].as_str(),
            Some("其中修订13件")
        );

        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/pdf-bbox");
        let xml = std::fs::read_to_string(dir.join(format!("{bbox}.html"))).unwrap();
        let mut pages = parse_pages(&xml);
        let end = pages[1]
            .words
            .iter()
            .position(|w| w.text == "件）")
            .unwrap();
        pages[1].words.remove(end);
        let read = doc_of(pages);
        let mut imported =
            crate::import::tables::extract_with(&read.doc, Some(read.geometry(false)));
        confirm::confirm(&mut imported);
        let missing: Vec<String> = imported.missing.iter().map(|m| m.en()).collect();
        assert!(
            missing
                .iter()
                .any(|m| m.contains("table 二") && m.contains("行政规范性文件")),
            "{missing:?}"
        );
        let row = imported
            .active
            .iter()
            .find(|(r, _)| r.label == "行政规范性文件")
            .unwrap();
        assert_eq!(row.1, None);
        assert_eq!(
            imported.notes.get("active.licensing").map(String::as_str),
            Some("其中简易程序19件")
        );
    }

    fn w(x0: f64, y0: f64, text: &str) -> Word {
        Word {
            x0,
            y0,
            x1: x0 + 6.0 * text.chars().count() as f64,
            y1: y0 + 12.0,
            text: text.into(),
        }
    }

    /// "1,219" wrapped in a narrow cell as "1," over "21" over "9" (pdfgen's never-seen s5-026,
    /// LibreOffice), the row's label beside it: one number on the label's line. "4" "," "518"
    /// set against each other on a line: one number. Two numbers of a column, "1,219" and "5"
    /// below it, stay two.
    #[test]
    fn a_number_with_separators_in_pieces_is_one_cell() {
        let words = vec![
            w(439.0, 404.6, "1,"),
            w(241.2, 405.6, "一、本年新收政府信息公开申请"),
            w(439.0, 420.2, "21"),
            w(439.0, 435.8, "9"),
            w(241.2, 436.8, "数量"),
            w(100.0, 500.0, "行政许可"),
            w(300.0, 500.0, "4"),
            w(306.0, 500.0, ","),
            w(312.0, 500.0, "518"),
            w(100.0, 530.0, "行政处罚"),
            w(300.0, 530.0, "1,219"),
            w(300.0, 545.0, "5"),
        ];
        let mut lines = super::super::lines::visual_lines(words);
        join_cells(&mut lines);
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(
            texts,
            [
                "一、本年新收政府信息公开申请1,219",
                "数量",
                "行政许可4,518",
                "行政处罚1,219",
                "5"
            ]
        );
    }

    /// A word's box as the PDF gives it.
    fn b(x0: f64, y0: f64, x1: f64, y1: f64, text: &str) -> Word {
        Word {
            x0,
            y0,
            x1,
            y1,
            text: text.into(),
        }
    }

    fn joined(words: Vec<Word>, page_step: Option<f64>) -> Vec<String> {
        let mut lines = super::super::lines::visual_lines(words);
        match page_step {
            Some(step) => join_across_pages(&mut lines, step),
            None => join_cells(&mut lines),
        };
        lines.iter().map(Line::text).collect()
    }

    /// A number printed last on its page whose remark opens at the top of the next ("22" over
    /// "（其中修订") and never closes: once the number was read alone and the remark dropped
    /// without a word; now the pieces read are the cell, which no number is read from (its row
    /// refused naming it).
    #[test]
    fn a_remark_opening_on_the_next_page_that_never_closes_stays_with_its_number() {
        let words = vec![
            w(100.0, 900.0, "行政规范性文件"),
            w(300.0, 900.0, "22"),
            w(300.0, 1040.0, "（其中修订"),
            w(100.0, 1080.0, "行政许可"),
            w(300.0, 1080.0, "5"),
        ];
        assert_eq!(
            joined(words, Some(1000.0)),
            ["行政规范性文件22（其中修订", "行政许可5"]
        );
    }

    /// A browser's CJK boxes are a line's pitch taller than their glyphs (pdfgen's s6-049,
    /// Chromium, A5 85 %): "2（其中" over "1件已办" over "结）" in a cell of table 三, where the
    /// box of "结）" reaches up beside the "1" of the line above as if set right after it. The
    /// three lines are one cell, "2（其中1件已办结）", on the row's line.
    #[test]
    fn a_remark_in_tall_browser_boxes_is_one_cell() {
        let words = vec![
            b(346.5, 390.0, 352.2, 400.4, "2"),
            b(352.2, 381.3, 379.0, 404.5, "（其中"),
            b(123.5, 402.7, 132.0, 413.1, "6."),
            b(132.0, 394.0, 212.3, 417.2, "属于四类过程性信息"),
            b(331.3, 401.2, 337.0, 411.6, "0"),
            b(346.5, 402.7, 352.2, 413.1, "1"),
            b(352.2, 394.0, 379.0, 417.2, "件已办"),
            b(353.8, 406.8, 371.7, 430.0, "结）"),
            b(123.5, 431.9, 132.0, 442.3, "7."),
            b(132.0, 423.3, 212.3, 446.5, "属于行政执法案卷"),
            b(346.5, 430.5, 352.2, 440.9, "1"),
        ];
        let lines = joined(words, None);
        assert!(
            lines.contains(&"6.属于四类过程性信息02（其中1件已办结）".to_string()),
            "{lines:?}"
        );
    }

    /// A remark wrapped a character a line in the narrowest cell, eleven lines in all with its
    /// number ("2" over "（" "其" "中" "网" "上" "申" "请" "1" "件" "）", pdfgen's s8-001, table
    /// 四 in a landscape section): one cell, its digits never a number of their own.
    #[test]
    fn a_remark_wrapped_a_character_a_line_is_one_cell() {
        let mut words = vec![
            w(100.0, 100.0, "复议后起诉"),
            w(300.0, 100.0, "2"),
            w(340.0, 100.0, "17"),
        ];
        for (k, c) in ["（", "其", "中", "网", "上", "申", "请", "1", "件", "）"]
            .iter()
            .enumerate()
        {
            words.push(w(300.0, 114.0 + 14.0 * k as f64, c));
        }
        assert_eq!(joined(words, None), ["复议后起诉2（其中网上申请1件）17"]);
    }

    #[test]
    fn cells_read_so_far() {
        assert_eq!(cell("22"), Cell::Number);
        assert_eq!(cell("4,"), Cell::Number);
        assert_eq!(cell("4,518"), Cell::Number);
        assert_eq!(cell("1，234"), Cell::Number);
        assert_eq!(cell("4,,5"), Cell::No);
        assert_eq!(cell("22（其中修订"), Cell::Open);
        assert_eq!(cell("22（其中修订16件）"), Cell::Whole);
        assert_eq!(cell("3(含来信2件)"), Cell::Whole);
        assert_eq!(cell("12（一）予以公开"), Cell::No);
        assert_eq!(cell("4,（"), Cell::No);
        assert_eq!(cell("件）"), Cell::No);
        assert_eq!(cell("一、"), Cell::No);
    }
}
