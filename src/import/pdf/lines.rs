//! Words regrouped into visual lines by geometry, not by exact coordinates.
//!
//! Chinese government documents set the text in a CJK font and Latin digits in another (Times
//! New Roman): the year of a title is then a shorter box on its own baseline inside the taller
//! CJK line ("沭阳县人民政府" y 15.9–78.3, "2025" y 39.2–67.2). Such a box belongs to the line it
//! sits in; it is put in its place by x, so "2025年" is never read as "年…2025".

use super::super::labels::{core, normalize};
use super::words::Word;
use crate::schema::{self, Edition};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Words on one visual line, left to right.
#[derive(Clone, Debug)]
pub struct Line {
    pub words: Vec<Word>,
}

impl Line {
    pub fn centre_y(&self) -> f64 {
        let (top, bottom) = self.span();
        (top + bottom) / 2.0
    }
    /// The line's vertical extent: from the highest top to the lowest bottom of its words.
    pub fn span(&self) -> (f64, f64) {
        let top = self.words.iter().map(|w| w.y0).fold(f64::MAX, f64::min);
        let bottom = self.words.iter().map(|w| w.y1).fold(f64::MIN, f64::max);
        (top, bottom)
    }
    pub fn x0(&self) -> f64 {
        self.words.first().map_or(0.0, |w| w.x0)
    }
    /// The right end of its last word.
    pub fn x1(&self) -> f64 {
        self.words.last().map_or(0.0, |w| w.x1)
    }
    pub fn height(&self) -> f64 {
        self.words.iter().map(Word::height).fold(0.0, f64::max)
    }
    pub fn text(&self) -> String {
        self.words.iter().map(|w| w.text.as_str()).collect()
    }
}

/// Whether `w` belongs to the line seeded by `seed`: its centre within a third of the line pitch
/// of the seed's (cells of one table row printed on slightly different baselines), or its box
/// lying inside the seed's box (a Latin-font word set in a taller CJK line, on its own baseline)
/// — most of its height inside, its centre in the middle half of the seed. The next line of a
/// wrapped label, a pitch lower, is neither; numbers centred between two label lines overlap each
/// by less than half their height and make a line of their own.
fn belongs(seed: &Word, w: &Word, tolerance: f64) -> bool {
    let (c, s) = (w.centre_y(), seed.centre_y());
    // Never a third of the shorter box apart or more: on a page of sparse table rows the pitch
    // measured is several lines, while words of one line differ only by their fonts' ascents
    // (a point or two). A number wrapped in a cell centred on its row's line ("115" over "10")
    // prints its parts half a line above and below that line, which with the tall boxes of CJK
    // fonts (Noto's box 1.17 em, its line 1.04 em) is 0.45 of a box: never the row's line.
    if (c - s).abs() < tolerance.min(SAME_LINE * w.height().min(seed.height())) {
        return true;
    }
    let overlap = w.y1.min(seed.y1) - w.y0.max(seed.y0);
    overlap >= 0.8 * w.height() && (c - s).abs() <= seed.height() / 4.0
}

/// How far apart (a share of the shorter box's height) the centres of two words on one line
/// may be ([`belongs`]).
const SAME_LINE: f64 = 0.35;

/// Group a page's words into visual lines, each ordered by x.
pub fn visual_lines(mut words: Vec<Word>) -> Vec<Line> {
    let tolerance = pitch(&words) / 3.0;
    // Tallest first within a band, so that a CJK line seeds before its shorter Latin words.
    words.sort_by(|a, b| a.centre_y().total_cmp(&b.centre_y()));
    let mut lines: Vec<(Word, Vec<Word>)> = vec![];
    for w in words {
        // The line it belongs to among the last few (a tall title line may still be open while
        // a shorter word below its centre has started another).
        let at = lines
            .iter()
            .rev()
            .take(3)
            .position(|(seed, _)| belongs(seed, &w, tolerance) || belongs(&w, seed, tolerance));
        match at {
            Some(k) => {
                let n = lines.len() - 1 - k;
                // The taller word seeds the line.
                if w.height() > lines[n].0.height() * 1.2 && belongs(&w, &lines[n].0, tolerance) {
                    lines[n].0 = w.clone();
                }
                lines[n].1.push(w);
            }
            None => lines.push((w.clone(), vec![w])),
        }
    }
    let mut lines: Vec<Line> = lines
        .into_iter()
        .map(|(_, mut words)| {
            words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            Line { words }
        })
        .collect();
    lines.sort_by(|a, b| a.centre_y().total_cmp(&b.centre_y()));
    lines
}

/// The distance between consecutive lines of text on a page: for each word, the nearest word
/// below it that overlaps it horizontally; the lower quartile of those distances (a word's box
/// height is no measure: browsers' boxes include the line spacing and overlap the next line).
pub fn pitch(words: &[Word]) -> f64 {
    let mut below: Vec<f64> = words
        .iter()
        .filter_map(|w| {
            words
                .iter()
                .filter(|b| b.x0 < w.x1 && b.x1 > w.x0)
                .map(|b| b.centre_y() - w.centre_y())
                .filter(|&d| d > 1.0)
                .min_by(f64::total_cmp)
        })
        .collect();
    below.sort_by(f64::total_cmp);
    below
        .get(below.len() / 4)
        .copied()
        .unwrap_or_else(|| words.iter().map(Word::height).fold(10.0, f64::max))
}

/// Running heads and feet are no part of the report: a line in the top or bottom margin of a
/// page (the outer twentieth) that recurs on another page, digits aside — a browser's date,
/// title, address and "3/5", an office suite's running title. Body text never sits there.
pub fn drop_running_lines(pages: &mut [(f64, Vec<Line>)]) {
    let in_margin = |height: f64, l: &Line| {
        let y = l.centre_y();
        height > 0.0 && (y < height / 20.0 || y > height * 19.0 / 20.0)
    };
    let key = |l: &Line| -> String {
        l.text()
            .chars()
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .collect()
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (height, lines) in pages.iter() {
        let keys: HashSet<String> = lines
            .iter()
            .filter(|l| in_margin(*height, l))
            .map(key)
            .collect();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    for (height, lines) in pages.iter_mut() {
        let h = *height;
        lines.retain(|l| !(in_margin(h, l) && seen.get(&key(l)).is_some_and(|&n| n >= 2)));
    }
}

/// A table's header printed again at the top of each page it runs onto (a browser repeats
/// `<thead>`): the lines at the top of a page, before anything new, that hold no number and were
/// printed as they are, one after another in the same order, on an earlier page. Dropped, so
/// that a row label broken by the page ("国家秘" · header · "密") reads whole. A row label's
/// lines that follow the header and happen to repeat lines printed elsewhere (two rows ending
/// alike, "再处理其 / 政府信息 / 公开申请") are not part of it: the header never ran on into
/// them before.
pub fn drop_repeated_headers(pages: &mut [(f64, Vec<Line>)]) {
    let number = |l: &Line| {
        l.words
            .iter()
            .any(|w| super::super::text::value_like(&w.text))
    };
    let mut earlier: Vec<Vec<String>> = vec![];
    for (_, lines) in pages.iter_mut() {
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        let candidates = lines.iter().take_while(|l| !number(l)).count();
        let printed_before = |run: &[String]| {
            earlier
                .iter()
                .any(|page| page.windows(run.len()).any(|w| w == run))
        };
        let repeated = (2..=candidates)
            .rev()
            .find(|&r| printed_before(&texts[..r]))
            .unwrap_or(0);
        earlier.push(texts);
        lines.drain(..repeated);
    }
}

/// A row too long for the page, wrapped as plain text wraps (an office suite printing a text
/// report): the numbers that did not fit start the next line at the text's left edge. They are
/// the end of the row above when that row ends in a number near the right edge (in its last
/// fifth: the spaces between the columns that did not fit are lost at the break), and starts
/// with its label or, a row of numbers only, far right of them. They are put after it, as the
/// row was written. Table 四's row with one of its cells printed lower than the others is not
/// continued so (that cell stands a column gap from the row's first number), nor is a
/// number-only line elsewhere (a cell wrapped inside a table) taken.
///
/// A row of numbers only that starts at the left edge itself (table 四 of a text report, no
/// label before its numbers) is continued by a line of numbers starting under its first
/// number: that column is filled, so the line is no cell of the row printed lower. But the
/// line could still be another row, so the numbers joined so are returned, taken only where
/// the arithmetic confirms them ([`super::super::tables::Geometry::guessed`]).
pub fn join_wrapped_numbers(lines: &mut Vec<Line>) -> Vec<Word> {
    let left = margin(lines);
    let right = lines.iter().map(Line::x1).fold(f64::MIN, f64::max);
    let number = |w: &Word| super::super::text::value_like(&w.text);
    let mut guessed = vec![];
    let mut k = 1;
    while k < lines.len() {
        let (above, line) = (&lines[k - 1], &lines[k]);
        // A row of numbers only (its label on the lines above) is indented far right of where
        // its wrapped end starts; a cell printed lower than the rest of its row stands a column
        // gap from the next cell.
        let labelled = !above.words.first().is_some_and(number)
            || above.x0() - line.x1() >= 4.0 * line.height();
        let under_first = match (above.words.first(), line.words.first()) {
            (Some(a), Some(b)) => a.x0 < b.x1 && b.x0 < a.x1,
            _ => false,
        };
        let wrapped = line.x0() <= left + 1.0
            && line.words.iter().all(number)
            && above.words.last().is_some_and(number)
            && (labelled || under_first)
            && above.x1() > left + 0.8 * (right - left);
        if !wrapped {
            k += 1;
            continue;
        }
        let line = lines.remove(k);
        let above = &mut lines[k - 1];
        let shift = above.x1() + above.height() / 2.0 - line.x0();
        let moved: Vec<Word> = line
            .words
            .into_iter()
            .map(|mut w| {
                w.x0 += shift;
                w.x1 += shift;
                w
            })
            .collect();
        if !labelled {
            guessed.extend(moved.iter().cloned());
        }
        above.words.extend(moved);
    }
    guessed
}

/// A number too wide for its cell, wrapped inside a cell that aligns its text to the top
/// ("105" as "10" over "5", LibreOffice's print of a Word table with narrow columns): the first
/// part prints on the row's line beside the row's other numbers, the rest on the next line of
/// text right below it, lined up with it (left, centre or right, as the cell aligns its text),
/// with nothing else in that column on either line. The first part fills its cell
/// ([`fills_cell`]: `printed` is the page's words before any was joined). Run after [`join_wrapped_digits`], whose rows' lines hold the first parts of
/// numbers wrapped around them. The parts are joined onto the row's
/// line. A row below printing a number in that column looks alike (its label may sit beside
/// it, as a wrapped label's end does), so each number joined so is returned: it is taken only
/// where the arithmetic over its column confirms it
/// ([`super::super::tables::Geometry::guessed`]).
pub fn join_digits_wrapped_below(lines: &mut Vec<Line>, printed: &[Word]) -> Vec<Word> {
    let digits = |w: &Word| !w.text.is_empty() && w.text.chars().all(|c| c.is_ascii_digit());
    let value = |w: &Word| super::super::text::value_like(&w.text);
    let overlaps = |w: &Word, x0: f64, x1: f64| w.x0 < x1 && x0 < w.x1;
    let mut joined = vec![];
    let mut i = 0;
    while i + 1 < lines.len() {
        let row = &lines[i];
        if row.words.iter().filter(|w| value(w)).count() < 2 {
            i += 1;
            continue;
        }
        // The row's label printed lower than its numbers, on a line of its own that still
        // overlaps theirs (its cell centres or pads it; LibreOffice's print of a Word table),
        // with nothing over it on the numbers' line (a piece of a group label stacked to its
        // left, "果", aside): that line is inside the row's band, so it is the row's label, and
        // a part below overlapping that line is inside the row too. The parts are then on the
        // line after it.
        let own_label = {
            let below = &lines[i + 1];
            (i + 2 < lines.len()
                && !row
                    .words
                    .iter()
                    .any(|w| !value(w) && below.words.iter().any(|b| overlaps(w, b.x0, b.x1)))
                && !below.words.is_empty()
                && !below.words.iter().any(value)
                && overlap_y(row, below) > SLACK * row.height().min(below.height()))
            .then_some(i + 1)
        };
        let n = own_label.map_or(i + 1, |k| k + 1);
        let next = &lines[n];
        let label_line = own_label.map_or(row, |k| &lines[k]);
        let pair_of = |(kb, b): (usize, &Word)| {
            row.words
                .iter()
                .enumerate()
                .find(|(_, a)| {
                    let h = a.height().min(b.height());
                    let d = b.centre_y() - a.centre_y();
                    digits(a)
                        && digits(b)
                        && overlaps(a, b.x0, b.x1)
                        && lined_up(a, b)
                        && (0.8 * h..1.9 * h).contains(&d)
                        && as_printed(a, printed)
                        && fills_cell(a, printed)
                        && own_label.is_none_or(|_| {
                            let l = Line {
                                words: vec![b.clone()],
                            };
                            overlap_y(label_line, &l) > SLACK * b.height()
                        })
                })
                .map(|(ka, _)| (ka, kb))
        };
        let pairs: Option<Vec<(usize, usize)>> = next
            .words
            .iter()
            .enumerate()
            .filter(|(_, w)| value(w))
            .map(pair_of)
            .collect();
        let pairs = pairs.unwrap_or_default();
        let alone = pairs.iter().all(|&(ka, kb)| {
            let (a, b) = (&row.words[ka], &next.words[kb]);
            let (x0, x1) = (a.x0.min(b.x0), a.x1.max(b.x1));
            row.words
                .iter()
                .enumerate()
                .all(|(k, w)| k == ka || !overlaps(w, x0, x1))
                && next
                    .words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| k == kb || !overlaps(w, x0, x1))
                && own_label.is_none_or(|_| !label_line.words.iter().any(|w| overlaps(w, x0, x1)))
        });
        // Text on the line below, where the row's label is or right of it (a group label
        // printed wholly left of the rows' labels, "（四）", aside), is the start of a row below
        // ("2.没有现成信息…", "四、结转下年度…", "规范性文件") unless it continues the row's label
        // wrapped in its cell ("息"): not numbered, and the row's label filling its cell, up to
        // within an em and a half of the row's first number.
        let labels: Vec<&Word> = label_line.words.iter().filter(|w| !value(w)).collect();
        // The row's own label is the last text before its numbers (a group label's piece,
        // "（五）不", stands left of it, and its end below, "予处理", is no row's).
        let label_x0 = labels.last().map(|w| w.x0);
        let label_below: Vec<&Word> = next
            .words
            .iter()
            .filter(|w| !value(w) && label_x0.is_none_or(|x| w.x1 > x))
            .collect();
        let fills_label_cell = labels.last().is_some_and(|l| {
            let em = (l.x1 - l.x0) / l.text.chars().count().max(1) as f64;
            row.words
                .iter()
                .find(|w| value(w) && w.x0 > l.x0)
                .is_some_and(|v| v.x0 - l.x1 < 1.5 * em)
        });
        let continues_label = labels.last().is_some_and(|l| {
            let below: String = label_below.iter().map(|w| w.text.as_str()).collect();
            continues_a_label(&l.text, &below)
        });
        let new_row = !label_below.is_empty()
            && (!(fills_label_cell || continues_label)
                || label_below
                    .iter()
                    .any(|w| super::super::tables::starts_numbered(&normalize(&w.text))));
        if pairs.is_empty() || !alone || new_row {
            i += 1;
            continue;
        }
        let gone: HashSet<usize> = pairs.iter().map(|&(_, kb)| kb).collect();
        for &(ka, kb) in &pairs {
            let b = lines[n].words[kb].clone();
            let a = &mut lines[i].words[ka];
            a.text.push_str(&b.text);
            a.x0 = a.x0.min(b.x0);
            a.x1 = a.x1.max(b.x1);
            joined.push(a.clone());
        }
        let mut k = 0;
        lines[n].words.retain(|_| {
            k += 1;
            !gone.contains(&(k - 1))
        });
        if lines[n].words.is_empty() {
            lines.remove(n);
        }
        i += 1;
    }
    joined
}

/// A number too wide for its cell, wrapped inside it ("3001" as "300" over "1", LibreOffice's
/// print of a Word table with narrow columns): its two parts are digits on consecutive lines of
/// text, overlapping horizontally, and the row's other cells, centred vertically, print on the
/// line between them with nothing under the parts. Such parts are one number, put on the row's
/// line. Two numbers of rows above and below a blank cell are not: rows are at least a box
/// height apart, so they stand two box heights apart or more, while consecutive lines of text
/// stand less than two (line spacing under double); and those rows print numbers over and
/// under the middle row's, where the lines of a wrapped row have none.
///
/// A row printing no other number (its other cells blank) has only its label on the line
/// between the parts: they are joined there too, but as a guess (the lines around a label
/// could be two rows' numbers), returned to be taken only where the arithmetic confirms them
/// ([`super::super::tables::Geometry::guessed`]), and only when the first part fills its cell
/// ([`fills_cell`]).
///
/// Cells of one row may align their text differently (a Word cell centred beside one aligned
/// to the top): a number wrapped around the row's label line ("128" over "5") then shares its
/// lower line with the first parts of numbers wrapped around the line below ("128" of
/// 自然人). The lines are read twice: once those are joined onto their row's line, the lower
/// part stands alone and is joined as above. Only parts as printed are joined, never a number
/// already pieced together.
pub fn join_wrapped_digits(lines: &mut Vec<Line>, printed: &[Word]) -> Vec<Word> {
    let mut guessed = join_wrapped_digits_once(lines, printed);
    guessed.extend(join_wrapped_digits_once(lines, printed));
    guessed
}

fn join_wrapped_digits_once(lines: &mut Vec<Line>, printed: &[Word]) -> Vec<Word> {
    let mut guessed = vec![];
    let digits = |w: &Word| !w.text.is_empty() && w.text.chars().all(|c| c.is_ascii_digit());
    let value = |w: &Word| super::super::text::value_like(&w.text);
    let mut i = 1;
    while i + 1 < lines.len() {
        let mid = &lines[i];
        let m = mid.centre_y();
        let mut joined = vec![];
        let over_mid_values = |l: &Line| {
            l.words.iter().any(|w| {
                mid.words
                    .iter()
                    .any(|v| value(v) && v.x0 < w.x1 && w.x0 < v.x1)
            })
        };
        if over_mid_values(&lines[i - 1]) || over_mid_values(&lines[i + 1]) {
            i += 1;
            continue;
        }
        for (ka, a) in lines[i - 1]
            .words
            .iter()
            .enumerate()
            .filter(|(_, w)| digits(w))
        {
            let pair = lines[i + 1].words.iter().enumerate().find(|(_, b)| {
                let h = a.height().min(b.height());
                let d = b.centre_y() - a.centre_y();
                digits(b)
                    && as_printed(a, printed)
                    && as_printed(b, printed)
                    && b.x0 < a.x1
                    && a.x0 < b.x1
                    && d >= 0.8 * h
                    && d < 1.9 * h
                    && ((a.centre_y() + b.centre_y()) / 2.0 - m).abs() <= 0.25 * h
            });
            let Some((kb, b)) = pair else { continue };
            let (x0, x1) = (a.x0.min(b.x0), a.x1.max(b.x1));
            let others_above = lines[i - 1]
                .words
                .iter()
                .enumerate()
                .any(|(k, w)| k != ka && w.x0 < x1 && x0 < w.x1);
            let others_below = lines[i + 1]
                .words
                .iter()
                .enumerate()
                .any(|(k, w)| k != kb && w.x0 < x1 && x0 < w.x1);
            let row_line =
                mid.words.iter().any(value) || (!mid.words.is_empty() && fills_cell(a, printed));
            if row_line
                && !mid.words.iter().any(|w| w.x0 < x1 && x0 < w.x1)
                && !others_above
                && !others_below
            {
                joined.push((ka, kb));
            }
        }
        // With only a label between them, the lines above and below hold nothing but the
        // parts (a row's line holds its label, a group label's line sits between two rows).
        let guess = !lines[i].words.iter().any(value);
        let (ka, kb): (HashSet<usize>, HashSet<usize>) = joined.iter().copied().unzip();
        let only_parts =
            ka.len() == lines[i - 1].words.len() && kb.len() == lines[i + 1].words.len();
        if joined.is_empty() || (guess && !only_parts) {
            i += 1;
            continue;
        }
        let mut taken = vec![];
        for (a, b) in joined {
            let (wa, wb) = (&lines[i - 1].words[a], &lines[i + 1].words[b]);
            taken.push(Word {
                x0: wa.x0.min(wb.x0),
                x1: wa.x1.max(wb.x1),
                y0: m - wa.height() / 2.0,
                y1: m + wa.height() / 2.0,
                text: format!("{}{}", wa.text, wb.text),
            });
        }
        if guess {
            guessed.extend(taken.iter().cloned());
        }
        let keep = |words: &mut Vec<Word>, gone: &HashSet<usize>| {
            let mut k = 0;
            words.retain(|_| {
                k += 1;
                !gone.contains(&(k - 1))
            });
        };
        keep(&mut lines[i - 1].words, &ka);
        keep(&mut lines[i + 1].words, &kb);
        let mid = &mut lines[i];
        mid.words.extend(taken);
        mid.words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let before = lines.len();
        lines.retain(|l| !l.words.is_empty());
        // The line above gone: the row now stands at i - 1.
        i = (i + 1).saturating_sub(before - lines.len()).max(1);
    }
    guessed
}

/// Whether text printed right below a row's label is that label's end, wrapped in its cell: the
/// two read together (numbering aside) stand inside a label of the template's tables
/// ("1.本机关不掌握相关政府信" over "息"), and the text below starts no numbered label. A row
/// below starts its own ("规章" over "规范性文件" stand in no label together).
fn continues_a_label(label: &str, below: &str) -> bool {
    let (a, b) = (core(label), normalize(below));
    if a.chars().count() < 2 || b.is_empty() || super::super::tables::starts_numbered(&b) {
        return false;
    }
    let both = format!("{a}{b}");
    let labels = schema::APPLICATION_ROWS.iter().map(|r| r.label).chain(
        [Edition::E2021, Edition::E2019]
            .into_iter()
            .flat_map(|e| schema::active_rows(e).iter().map(|r| r.label)),
    );
    labels.map(core).any(|l| l.contains(&both))
}

/// How much of the shorter box two lines must overlap vertically to be in one table row: more
/// than the boxes of consecutive lines of text overlap (a CJK font's box is taller than its
/// line: Noto's 1.17 em on a 1.04 em line).
const SLACK: f64 = 0.25;

/// How far two lines overlap vertically (negative: the gap between them).
fn overlap_y(a: &Line, b: &Line) -> f64 {
    let ((a0, a1), (b0, b1)) = (a.span(), b.span());
    a1.min(b1) - a0.max(b0)
}

/// Whether a word stands in `printed` (a page's words before any was joined) as it is: a number
/// already pieced together from parts above and below its row's line ([`join_wrapped_digits`])
/// is whole, and a number printed lower (the next row's, half a line off) is never its third
/// part.
fn as_printed(a: &Word, printed: &[Word]) -> bool {
    printed
        .iter()
        .any(|p| p.text == a.text && p.x0 == a.x0 && p.y0 == a.y0 && p.y1 == a.y1)
}

/// Whether a number (the first part of one wrapped in its cell) fills its cell: it does not
/// start with 0, and no number lined up with it (left, centre or right, as cells align their text) in `printed`, a page's words
/// before any was joined, is printed wider.
fn fills_cell(a: &Word, printed: &[Word]) -> bool {
    let digits = |w: &Word| !w.text.is_empty() && w.text.chars().all(|c| c.is_ascii_digit());
    // A number's first part never starts with 0 ("0" over "5" is two cells).
    !a.text.starts_with('0')
        && printed
            .iter()
            .filter(|w| digits(w) && w.x0 < a.x1 && a.x0 < w.x1 && lined_up(a, w))
            .all(|w| w.text.len() <= a.text.len())
}

/// Whether two words in one column are lined up as a cell aligns its text: on their left or
/// right edges or their centres (within a quarter of the shorter box's height).
pub fn lined_up(a: &Word, b: &Word) -> bool {
    let tol = 0.25 * a.height().min(b.height());
    (a.x0 - b.x0).abs() <= tol
        || (a.x1 - b.x1).abs() <= tol
        || ((a.x0 + a.x1) - (b.x0 + b.x1)).abs() / 2.0 <= tol
}

/// How near the paper's edge (in points) a word is cut there: poppler drops the characters
/// that start beyond the edge and keeps the one across it.
const EDGE: f64 = 0.5;

/// The lines of a page of `width` points that reach the paper's edge (a table wider than the
/// page, cut by the office suite that printed it), as printed; the numbers at the edge, which
/// may have lost digits ("3119" kept as "31"), are dropped from them, so that none is ever read
/// smaller than printed. Body text never touches the edge.
pub fn cut_at_edge(lines: &mut [Line], width: f64) -> Vec<String> {
    if width <= 0.0 {
        return vec![];
    }
    let at_edge = |w: &Word| w.x0 < EDGE || w.x1 > width - EDGE;
    let mut cut = vec![];
    for line in lines.iter_mut().filter(|l| l.words.iter().any(at_edge)) {
        cut.push(raw(line).trim().to_string());
        line.words
            .retain(|w| !(at_edge(w) && super::super::text::value_like(&w.text)));
    }
    cut
}

/// A count and its remark or unit printed as separate words on one line ("22" "（其中修订16件）",
/// "251000" "元": the digits in a Latin font, the rest in a CJK one): one cell, as a reader
/// sees it.
pub fn join_adjacent_remarks(line: &mut Line) {
    let mut k = 1;
    while k < line.words.len() {
        let (a, b) = (&line.words[k - 1], &line.words[k]);
        let gap = b.x0 - a.x1;
        let remark = b.text.starts_with(['（', '(']) && b.text.ends_with(['）', ')']);
        let unit = ["元", "万元", "件", "个", "项", "次"].contains(&b.text.as_str());
        if !a.text.is_empty()
            && a.text.chars().all(|c| c.is_ascii_digit() || c == '.')
            && (remark && gap < a.height() / 2.0 || unit && gap < a.height() / 4.0)
        {
            let b = line.words.remove(k);
            let a = &mut line.words[k - 1];
            a.text.push_str(&b.text);
            a.x1 = a.x1.max(b.x1);
        } else {
            k += 1;
        }
    }
}

/// The line as text: words apart by more than a third of the line height get spaces between
/// them, about one per half em of gap (the way `-layout` text looks, for messages).
pub fn raw(line: &Line) -> String {
    let h = line.height();
    let mut s = String::new();
    let mut prev: Option<f64> = None;
    for w in &line.words {
        if let Some(p) = prev {
            let gap = w.x0 - p;
            if gap > h / 3.0 {
                let n = ((gap / (h / 2.0)).round() as usize).clamp(1, 40);
                s.push_str(&" ".repeat(n));
            }
        }
        s.push_str(&w.text);
        prev = Some(w.x1);
    }
    s
}

/// The body's left edge: the most common left edge of the lines.
pub fn margin(lines: &[Line]) -> f64 {
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for l in lines {
        *counts.entry(l.x0().round() as i64).or_default() += l.text().chars().count();
    }
    counts
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map_or(0.0, |(x, _)| x as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(x0: f64, y0: f64, x1: f64, y1: f64, text: &str) -> Word {
        Word {
            x0,
            y0,
            x1,
            y1,
            text: text.into(),
        }
    }

    /// The title: the year a shorter Times New Roman box on its own baseline inside the
    /// CJK line, the last character wrapped onto the next line.
    #[test]
    fn latin_digits_on_another_baseline_stay_in_their_line() {
        let words = vec![
            word(90.0, 15.9, 300.0, 78.3, "沭阳县人民政府"),
            word(470.0, 15.9, 560.0, 78.3, "年政府信息公开工作年度报"),
            word(305.0, 39.2, 465.0, 67.2, "2025"),
            word(90.0, 95.0, 130.0, 157.4, "告"),
        ];
        let lines = visual_lines(words);
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(texts, ["沭阳县人民政府2025年政府信息公开工作年度报", "告"]);
    }

    #[test]
    fn narrative_digits_in_reading_order() {
        let words = vec![
            word(90.0, 100.0, 102.0, 112.0, "年，我县"),
            word(60.0, 101.2, 88.0, 110.6, "2025"),
            word(60.0, 122.0, 200.0, 134.0, "下一行"),
        ];
        let texts: Vec<String> = visual_lines(words).iter().map(Line::text).collect();
        assert_eq!(texts, ["2025年，我县", "下一行"]);
    }

    /// A row of table 三 cut at the right edge of an A5 page: "3119" kept as "31" is dropped,
    /// never read as 31, and the line is named; a line inside the page is left alone.
    #[test]
    fn numbers_at_the_paper_edge_are_dropped_and_the_line_named() {
        let mut lines = vec![
            Line {
                words: vec![
                    word(-5.5, 100.0, 105.0, 111.0, "年新收政府信息公开申请数量"),
                    word(300.0, 100.0, 312.0, 111.0, "61"),
                    word(412.0, 100.0, 421.0, 111.0, "31"),
                ],
            },
            Line {
                words: vec![
                    word(40.0, 120.0, 100.0, 131.0, "（一）予以公开"),
                    word(300.0, 120.0, 312.0, 131.0, "50"),
                ],
            },
        ];
        let cut = cut_at_edge(&mut lines, 419.5);
        assert_eq!(cut.len(), 1);
        assert!(cut[0].starts_with("年新收政府信息公开申请数量"), "{cut:?}");
        assert_eq!(lines[0].text(), "年新收政府信息公开申请数量61");
        assert_eq!(lines[1].text(), "（一）予以公开50");
    }

    /// A row wider than the page wrapped as plain text wraps: "4 3119" at the left edge is the
    /// end of the row above, which reaches the last fifth of the width; a number-only line
    /// under a row that ends short of it (table 四's numbers under its header), or under a row of
    /// numbers only (table 四's, one of its cells printed lower), is left alone.
    #[test]
    fn numbers_wrapped_to_the_left_edge_rejoin_their_row() {
        let mut lines = vec![
            Line {
                words: vec![
                    word(
                        56.8,
                        100.0,
                        250.0,
                        113.0,
                        "一、本年新收政府信息公开申请数量",
                    ),
                    word(270.0, 100.0, 294.0, 113.0, "3001"),
                    word(507.0, 100.0, 519.0, 113.0, "61"),
                ],
            },
            Line {
                words: vec![
                    word(56.8, 112.2, 62.8, 125.2, "4"),
                    word(92.9, 112.2, 117.0, 125.2, "3119"),
                ],
            },
            Line {
                words: vec![word(
                    56.8,
                    140.0,
                    538.5,
                    153.0,
                    "二、上年结转政府信息公开申请数量很长的一行",
                )],
            },
            Line {
                words: vec![word(56.8, 160.0, 100.0, 173.0, "行政复议")],
            },
            Line {
                words: vec![word(56.8, 180.0, 62.8, 193.0, "5")],
            },
            Line {
                words: vec![
                    word(86.8, 200.0, 98.8, 213.0, "64"),
                    word(526.5, 200.0, 538.5, 213.0, "20"),
                ],
            },
            Line {
                words: vec![word(56.8, 214.0, 68.8, 227.0, "72")],
            },
            Line {
                words: vec![
                    word(56.8, 300.0, 68.8, 313.0, "72"),
                    word(86.8, 300.0, 98.8, 313.0, "64"),
                    word(530.8, 300.0, 536.8, 313.0, "1"),
                ],
            },
            Line {
                words: vec![
                    word(56.8, 311.4, 62.8, 324.4, "6"),
                    word(104.8, 311.4, 116.8, 324.4, "20"),
                ],
            },
        ];
        let guessed = join_wrapped_numbers(&mut lines);
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(
            texts,
            [
                "一、本年新收政府信息公开申请数量30016143119",
                "二、上年结转政府信息公开申请数量很长的一行",
                "行政复议",
                "5",
                "6420",
                "72",
                "72641620"
            ]
        );
        let xs: Vec<f64> = lines[0].words.iter().map(|w| w.x0).collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
        // The row of numbers only, its end wrapped under its first number: joined, as a guess.
        let guessed: Vec<&str> = guessed.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(guessed, ["6", "20"]);
    }

    /// "105" wrapped in a cell aligned to its top: "10" on the row's line, "5" right below it;
    /// "74" over "6" beside the wrapped end of the row's label ("息"). Joined, each returned as
    /// a guess. A row below starting its numbered label is not joined, nor a part narrower
    /// than a number printed in its column elsewhere.
    #[test]
    fn a_number_wrapped_in_a_top_aligned_cell_is_joined_as_a_guess() {
        let line = |words: Vec<Word>| Line { words };
        // A label as LibreOffice prints it (13 pt a character, "1." narrower).
        let row = |y: f64, label: &str, a: &str, b: &str| {
            let x1 = 264.0 + 13.0 * (label.chars().count() as f64 - 0.7);
            line(vec![
                word(264.0, y + 2.7, x1, y + 19.6, label),
                word(427.7, y, 427.7 + 9.9 * a.len() as f64, y + 20.2, a),
                word(462.0, y, 471.9, y + 20.2, "0"),
                word(633.3, y, 633.3 + 9.9 * b.len() as f64, y + 20.2, b),
            ])
        };
        let below = |y: f64, label: Option<&str>, a: &str, b: &str| {
            let mut words = vec![
                word(427.7, y, 427.7 + 9.9 * a.len() as f64, y + 20.2, a),
                word(633.3, y, 633.3 + 9.9 * b.len() as f64, y + 20.2, b),
            ];
            if let Some(l) = label {
                words.insert(0, word(264.0, y + 2.6, 277.0, y + 19.5, l));
            }
            line(words)
        };
        let mut lines = vec![
            row(250.8, "8.属于行政查询事项", "10", "10"),
            below(282.0, None, "5", "5"),
            row(314.8, "1.本机关不掌握相关政府信", "74", "76"),
            below(346.0, Some("息"), "6", "9"),
        ];
        let printed: Vec<Word> = lines.iter().flat_map(|l| l.words.clone()).collect();
        let guessed = join_digits_wrapped_below(&mut lines, &printed);
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(
            texts,
            [
                "8.属于行政查询事项1050105",
                "1.本机关不掌握相关政府信7460769",
                "息"
            ]
        );
        let guessed: Vec<&str> = guessed.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(guessed, ["105", "105", "746", "769"]);

        let mut new_row = vec![
            row(250.8, "8.属于行政查询事项", "10", "10"),
            below(282.0, Some("9.其他"), "5", "5"),
        ];
        let printed: Vec<Word> = new_row.iter().flat_map(|l| l.words.clone()).collect();
        assert!(join_digits_wrapped_below(&mut new_row, &printed).is_empty());
        // A short label ends far from its row's numbers: the text below starts a row.
        let mut short = vec![
            row(250.8, "规章", "13", "52"),
            below(282.0, Some("规范性文件"), "6", "3"),
        ];
        let printed: Vec<Word> = short.iter().flat_map(|l| l.words.clone()).collect();
        assert!(join_digits_wrapped_below(&mut short, &printed).is_empty());
        let mut wider = vec![
            row(250.8, "8.属于行政查询事项", "10", "10"),
            below(282.0, None, "5", "5"),
            row(314.8, "1.本机关不掌握相关政府信", "746", "769"),
        ];
        let printed: Vec<Word> = wider.iter().flat_map(|l| l.words.clone()).collect();
        assert!(join_digits_wrapped_below(&mut wider, &printed).is_empty());
    }

    /// A row's label wrapped in its cell ends on the line below its numbers; a row below starts
    /// its own label there.
    #[test]
    fn the_end_of_a_wrapped_label_is_told_from_a_row_below() {
        assert!(continues_a_label("1.本机关不掌握相关政府信", "息"));
        assert!(continues_a_label("2.没有现成信息需要另行制", "作"));
        assert!(!continues_a_label("规章", "规范性文件"));
        assert!(!continues_a_label("8.属于行政查询事项", "9.其他"));
        assert!(!continues_a_label("1.信访举报投诉类申请", "予处理"));
    }

    /// "3001" wrapped in its cell as "300" over "1", the row's other cells centred on the line
    /// between: one number on the row's line. Three single-line rows with a blank cell in the
    /// middle one are never joined: their numbers are two row heights apart, not one line.
    #[test]
    fn a_number_wrapped_in_its_cell_is_joined_and_blank_cells_are_not() {
        let line = |words: Vec<Word>| Line { words };
        let mut wrapped = vec![
            line(vec![word(304.4, 372.4, 322.4, 388.0, "300")]),
            line(vec![
                word(
                    56.9,
                    380.2,
                    250.0,
                    395.8,
                    "一、本年新收政府信息公开申请数量",
                ),
                word(340.0, 380.2, 352.0, 395.8, "53"),
            ]),
            line(vec![word(304.4, 388.0, 310.4, 403.6, "1")]),
        ];
        let printed: Vec<Word> = wrapped.iter().flat_map(|l| l.words.clone()).collect();
        assert!(join_wrapped_digits(&mut wrapped, &printed).is_empty());
        let texts: Vec<String> = wrapped.iter().map(Line::text).collect();
        assert_eq!(texts, ["一、本年新收政府信息公开申请数量300153"]);

        let mut blank = vec![
            line(vec![
                word(56.9, 100.0, 120.0, 115.6, "规章"),
                word(304.4, 100.0, 310.4, 115.6, "5"),
            ]),
            line(vec![
                word(56.9, 117.6, 120.0, 133.2, "行政规范性文件"),
                word(340.0, 117.6, 346.0, 133.2, "0"),
            ]),
            line(vec![
                word(56.9, 135.2, 120.0, 150.8, "行政许可"),
                word(304.4, 135.2, 310.4, 150.8, "7"),
            ]),
        ];
        let printed: Vec<Word> = blank.iter().flat_map(|l| l.words.clone()).collect();
        assert!(join_wrapped_digits(&mut blank, &printed).is_empty());
        let texts: Vec<String> = blank.iter().map(Line::text).collect();
        assert_eq!(texts, ["规章5", "行政规范性文件0", "行政许可7"]);
    }

    /// A table's header repeated at the top of the next page is dropped, so that a label broken
    /// by the page reads on; a heading that recurs alone, or a line with numbers, is kept.
    #[test]
    fn a_table_header_repeated_on_the_next_page_is_dropped() {
        let line = |y: f64, texts: &[&str]| Line {
            words: texts
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    word(
                        50.0 + 60.0 * k as f64,
                        y,
                        100.0 + 60.0 * k as f64,
                        y + 12.0,
                        t,
                    )
                })
                .collect(),
        };
        let mut pages = vec![
            (
                800.0,
                vec![
                    line(100.0, &["申请人情况"]),
                    line(120.0, &["自然人", "总计"]),
                    line(140.0, &["1.属于", "2", "2"]),
                    line(160.0, &["国家秘"]),
                ],
            ),
            (
                800.0,
                vec![
                    line(30.0, &["申请人情况"]),
                    line(50.0, &["自然人", "总计"]),
                    line(70.0, &["密"]),
                ],
            ),
            (
                800.0,
                vec![
                    line(30.0, &["申请人情况"]),
                    line(50.0, &["1.属于", "2", "2"]),
                ],
            ),
        ];
        drop_repeated_headers(&mut pages);
        let texts: Vec<Vec<String>> = pages
            .iter()
            .map(|(_, l)| l.iter().map(Line::text).collect())
            .collect();
        assert_eq!(texts[1], ["密"]);
        assert_eq!(texts[2], ["申请人情况", "1.属于22"]);
    }
}
