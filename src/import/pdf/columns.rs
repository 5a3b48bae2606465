//! Where table 三's columns stand, from its header cells: the x-range of each applicant column's
//! label (自然人, 商业企业, … 总计), a label wrapped in its cell ("商业" over "企业") followed
//! down its cell. With the columns fixed, a row printing fewer numbers than seven has blank
//! cells, and each number goes under the column it stands in.

use super::super::labels::normalize;
use super::lines::Line;
use crate::schema::{APPLICANT_COLUMNS, APPLICANT_HEADER, REVIEW, REVIEW_COLUMNS, REVIEW_GROUPS};

/// How many lines below 申请人情况 the column labels may stand (a label wrapped a character a
/// line in a narrow column).
const HEADER_LINES: usize = 12;

/// How many lines below 申请人情况 table 三's header may reach when the table's first row
/// (its numbered label, 一、…) ends it: a label wrapped a character a line in a narrow column
/// (社会公益组织 over six lines, the other columns' characters on lines between them) takes
/// more lines than [`HEADER_LINES`].
const TALL_HEADER_LINES: usize = 2 * HEADER_LINES;

/// The lines of table 三's header from the line naming 申请人情况: up to the table's first row
/// (a line starting with a numbered label), or [`HEADER_LINES`] when none starts within
/// [`TALL_HEADER_LINES`].
fn header_block(lines: &[Line], start: usize) -> &[Line] {
    let numbered = |l: &Line| {
        l.words
            .first()
            .is_some_and(|w| super::super::tables::starts_numbered(&normalize(&w.text)))
    };
    let end = (start + 1..lines.len().min(start + TALL_HEADER_LINES))
        .find(|&i| numbered(&lines[i]))
        .unwrap_or_else(|| lines.len().min(start + HEADER_LINES));
    &lines[start..end]
}

/// The x-range of each applicant column's label (tenths of a point, as
/// [`super::super::Val::pos`]), when every label is found once, left to right, under the first
/// 申请人情况.
pub fn header_spans(lines: &[Line]) -> Option<Vec<(usize, usize)>> {
    let header = normalize(APPLICANT_HEADER);
    let start = lines
        .iter()
        .position(|l| normalize(&l.text()).contains(&header))?;
    let block = header_block(lines, start);
    let mut spans: Vec<(usize, usize)> = vec![];
    for col in &APPLICANT_COLUMNS {
        let Some(span) = find_label(block, &normalize(col.label)) else {
            return glyph_spans(block);
        };
        if spans.last().is_some_and(|&(_, end)| end >= span.0) {
            return glyph_spans(block);
        }
        spans.push(span);
    }
    Some(spans)
}

/// The applicant columns' label x-ranges followed character by character, for a header whose
/// words run over the cells' edges ("社 会法 律" over "公 益服 务其他": 社会公益组织 and
/// 法律服务机构 side by side): each label's first place to the right of the label before it.
fn glyph_spans(block: &[Line]) -> Option<Vec<(usize, usize)>> {
    let chars: Vec<Vec<Glyph>> = block.iter().map(glyphs).collect();
    let mut spans: Vec<(f64, f64)> = vec![];
    for col in &APPLICANT_COLUMNS {
        let mut found = find_glyph_label(&chars, &normalize(col.label));
        found.sort_by(|a, b| a.0.total_cmp(&b.0));
        let after = spans.last().map_or(f64::MIN, |s| s.1);
        spans.push(found.into_iter().find(|s| s.0 >= after)?);
    }
    let tenths = |x: f64| (x * 10.0).round() as usize;
    Some(spans.iter().map(|&(a, b)| (tenths(a), tenths(b))).collect())
}

/// The x-range of the first place `label` is printed in `block`: as one word, or as a word
/// continued by the words below it (overlapping it horizontally).
fn find_label(block: &[Line], label: &str) -> Option<(usize, usize)> {
    for (i, line) in block.iter().enumerate() {
        for w in &line.words {
            let mut text = normalize(&w.text);
            if text.is_empty() || !label.starts_with(&text) {
                continue;
            }
            let mut parts = vec![(w.x0, w.x1)];
            let (x0, x1) = (w.x0, w.x1);
            // Down the cell: a line with nothing under the word (the next header row's line
            // between two of its lines) is passed over; a word there that does not continue
            // the label ends it.
            for next in &block[i + 1..] {
                if text.len() >= label.len() {
                    break;
                }
                let Some(b) = next.words.iter().find(|b| b.x0 < x1 && b.x1 > x0) else {
                    continue;
                };
                let more = normalize(&b.text);
                if more.is_empty() || !label[text.len()..].starts_with(&more) {
                    break;
                }
                text.push_str(&more);
                parts.push((b.x0, b.x1));
            }
            if text == label {
                let x0 = parts.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
                let x1 = parts.iter().map(|p| p.1).fold(0.0, f64::max);
                let tenths = |x: f64| (x * 10.0).round() as usize;
                return Some((tenths(x0), tenths(x1)));
            }
        }
    }
    None
}

/// The x-range of each of table 四's fifteen column labels (结果维持 … 总计, once per group, left
/// to right), when the lines below a line naming 行政复议 print each label exactly once per
/// group. Narrow columns wrap a label a character or two a line ("结果维" over "持"), and the
/// labels of neighbouring columns may run together into one word ("结果维结果纠其他结"): the
/// label is followed character by character, each character given its share of its word's
/// width (CJK characters are set full width).
pub fn review_spans(lines: &[Line]) -> Option<Vec<(usize, usize)>> {
    let review = normalize(REVIEW);
    let chars: Vec<Vec<Glyph>> = lines.iter().map(glyphs).collect();
    for start in (0..lines.len()).filter(|&i| normalize(&lines[i].text()).contains(&review)) {
        let block = &chars[start..chars.len().min(start + HEADER_LINES)];
        let mut spans: Vec<Vec<(f64, f64)>> = vec![];
        for col in &REVIEW_COLUMNS {
            let mut found = find_glyph_label(block, &normalize(col.label));
            found.sort_by(|a, b| a.0.total_cmp(&b.0));
            spans.push(found);
        }
        if spans.iter().any(|s| s.len() != REVIEW_GROUPS.len()) {
            continue;
        }
        let ordered: Vec<(f64, f64)> = (0..REVIEW_GROUPS.len())
            .flat_map(|g| spans.iter().map(move |s| s[g]))
            .collect();
        if ordered.windows(2).all(|w| w[0].1 <= w[1].0) {
            let tenths = |x: f64| (x * 10.0).round() as usize;
            return Some(
                ordered
                    .iter()
                    .map(|&(a, b)| (tenths(a), tenths(b)))
                    .collect(),
            );
        }
    }
    None
}

/// One printed character and its share of its word's box.
#[derive(Clone, Copy)]
struct Glyph {
    c: char,
    x0: f64,
    x1: f64,
}

/// A line's characters (whitespace left out), left to right.
fn glyphs(line: &Line) -> Vec<Glyph> {
    let mut out = vec![];
    for w in &line.words {
        let cs: Vec<char> = w.text.chars().collect();
        let step = (w.x1 - w.x0) / cs.len().max(1) as f64;
        for (k, &c) in cs.iter().enumerate() {
            if !c.is_whitespace() {
                let x0 = w.x0 + step * k as f64;
                out.push(Glyph {
                    c,
                    x0,
                    x1: x0 + step,
                });
            }
        }
    }
    out
}

/// Every place `label` is printed in `block`: a run of characters on one line continued by the
/// characters right below it (overlapping it horizontally) on the lines that follow; the
/// x-range of each.
fn find_glyph_label(block: &[Vec<Glyph>], label: &str) -> Vec<(f64, f64)> {
    let want: Vec<char> = label.chars().collect();
    let mut found = vec![];
    for (i, line) in block.iter().enumerate() {
        for p in 0..line.len() {
            // The longest run from here that starts the label.
            let run = line[p..]
                .iter()
                .zip(&want)
                .take_while(|(g, c)| g.c == **c)
                .count();
            if run == 0 {
                continue;
            }
            let (mut x0, mut x1) = (line[p].x0, line[p + run - 1].x1);
            let mut got = run;
            for next in &block[i + 1..] {
                if got == want.len() {
                    break;
                }
                let under: Vec<&Glyph> = next
                    .iter()
                    .filter(|g| (g.x0 + g.x1) / 2.0 >= x0 && (g.x0 + g.x1) / 2.0 <= x1)
                    .collect();
                if under.is_empty() {
                    continue;
                }
                let more = under
                    .iter()
                    .zip(&want[got..])
                    .take_while(|(g, c)| g.c == **c)
                    .count();
                if more == 0 {
                    break;
                }
                x0 = x0.min(under[0].x0);
                x1 = x1.max(under[more - 1].x1);
                got += more;
            }
            if got == want.len() {
                found.push((x0, x1));
            }
        }
    }
    found
}
