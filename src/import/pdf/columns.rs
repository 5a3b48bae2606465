//! Where table 三's columns stand, from its header cells: the x-range of each applicant column's
//! label (自然人, 商业企业, … 总计), a label wrapped in its cell ("商业" over "企业") followed
//! down its cell. With the columns fixed, a row printing fewer numbers than seven has blank
//! cells, and each number goes under the column it stands in.

use super::super::labels::normalize;
use super::lines::Line;
use crate::schema::{APPLICANT_COLUMNS, APPLICANT_HEADER};

/// How many lines below 申请人情况 the column labels may stand (a label wrapped a character a
/// line in a narrow column).
const HEADER_LINES: usize = 12;

/// The x-range of each applicant column's label (tenths of a point, as
/// [`super::super::Val::pos`]), when every label is found once, left to right, under the first
/// 申请人情况.
pub fn header_spans(lines: &[Line]) -> Option<Vec<(usize, usize)>> {
    let header = normalize(APPLICANT_HEADER);
    let start = lines
        .iter()
        .position(|l| normalize(&l.text()).contains(&header))?;
    let block = &lines[start..lines.len().min(start + HEADER_LINES)];
    let mut spans: Vec<(usize, usize)> = vec![];
    for col in &APPLICANT_COLUMNS {
        let span = find_label(block, &normalize(col.label))?;
        if spans.last().is_some_and(|&(_, end)| end >= span.0) {
            return None;
        }
        spans.push(span);
    }
    Some(spans)
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
