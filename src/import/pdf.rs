//! PDF reports, through poppler's `pdftotext -bbox`: every word of the text layer with its box.
//!
//! Agencies make their PDFs from Word (by WPS, LibreOffice or MS Word) or print a web page from a
//! browser. The tables keep no structure in the PDF, only words at positions, so the words are
//! regrouped into visual lines by their vertical position (a row label wrapped onto three lines
//! gives three lines; the numbers of the row sit on one of them, or are spread over several when
//! the cells are aligned differently). Each number keeps the horizontal centre of its box, which
//! [`super::tables`] uses to put it under its column, as pdfplumber and camelot do; spaces in
//! `-layout` text are not relied on.

use super::{Doc, ImportError, Item, Row, Val, labels, text};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::path::Path;

/// A word of the text layer with its box (PDF points, origin top left).
#[derive(Clone, Debug)]
struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

impl Word {
    fn height(&self) -> f64 {
        (self.y1 - self.y0).max(1.0)
    }
    fn centre_y(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
}

#[derive(Clone)]
struct Page {
    height: f64,
    words: Vec<Word>,
}

/// Words on one visual line, left to right.
#[derive(Clone, Debug)]
struct Line {
    words: Vec<Word>,
}

impl Line {
    fn centre_y(&self) -> f64 {
        self.words.first().map_or(0.0, Word::centre_y)
    }
    fn x0(&self) -> f64 {
        self.words.first().map_or(0.0, |w| w.x0)
    }
    fn height(&self) -> f64 {
        self.words.iter().map(Word::height).fold(0.0, f64::max)
    }
    fn text(&self) -> String {
        self.words.iter().map(|w| w.text.as_str()).collect()
    }
}

pub fn read(path: &Path) -> Result<Doc, ImportError> {
    let xml = run_pdftotext(path)?;
    let pages = parse_pages(&xml);
    let has_text = pages
        .iter()
        .flat_map(|p| &p.words)
        .any(|w| w.text.chars().any(|c| c.is_alphanumeric()));
    if !has_text {
        return Err(ImportError(crate::msg!(
            "imp-pdf-no-text",
            path = super::shown(path)
        )));
    }
    Ok(doc_of(pages))
}

/// The pages' words as a document: visual lines, running heads and feet dropped, in order.
fn doc_of(pages: Vec<Page>) -> Doc {
    let mut pages: Vec<(f64, Vec<Line>)> = pages
        .into_iter()
        .map(|p| {
            let mut lines = visual_lines(p.words);
            join_wrapped_remarks(&mut lines);
            lines.retain(|l| !text::is_footer(&l.text()));
            (p.height, lines)
        })
        .collect();
    drop_running_lines(&mut pages);
    let lines: Vec<Line> = pages.into_iter().flat_map(|(_, l)| l).collect();
    items(&lines)
}

/// pdftotext's XHTML of every word with its box, within [`super::external`]'s bounds: a
/// crafted PDF can make pdftotext work for hours or print without end.
fn run_pdftotext(path: &Path) -> Result<String, ImportError> {
    use super::external::{self, Failure};
    let limits = external::Limits {
        deadline: std::time::Duration::from_secs(120),
        // A 100-page report is about 5 MB of boxes.
        max_stdout: 64 * 1024 * 1024,
        max_stderr: 16 * 1024,
        max_memory: Some(2 * 1024 * 1024 * 1024),
    };
    let mut cmd = std::process::Command::new("pdftotext");
    cmd.args(["-bbox", "-enc", "UTF-8"]).arg(path).arg("-");
    let output = external::run(&mut cmd, &limits).map_err(|e| match e {
        Failure::NotInstalled => ImportError(crate::msg!("imp-needs-pdftotext")),
        Failure::CannotStart(e) => ImportError(crate::msg!(
            "imp-cannot-run-pdftotext",
            reason = crate::error::io_reason(&e)
        )),
        other => ImportError(crate::msg!(
            "imp-pdftotext-failed",
            path = super::shown(path),
            reason = other.reason()
        )),
    })?;
    if !output.status.success() {
        return Err(ImportError(crate::msg!(
            "imp-pdftotext-failed",
            path = super::shown(path),
            reason = output.stderr_text()
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn coord(e: &BytesStart, name: &str) -> f64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.value.parse().ok())
        .unwrap_or(0.0)
}

/// The words of each page, from pdftotext's XHTML (`<page>` … `<word xMin=… >text</word>`).
fn parse_pages(xml: &str) -> Vec<Page> {
    let mut reader = Reader::from_str(xml);
    let mut pages: Vec<Page> = vec![];
    let mut word: Option<Word> = None;
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) if e.local_name().as_ref() == "page" => pages.push(Page {
                height: coord(&e, "height"),
                words: vec![],
            }),
            Event::Start(e) if e.local_name().as_ref() == "word" => {
                word = Some(Word {
                    x0: coord(&e, "xMin"),
                    y0: coord(&e, "yMin"),
                    x1: coord(&e, "xMax"),
                    y1: coord(&e, "yMax"),
                    text: String::new(),
                });
            }
            Event::Text(t) => {
                if let Some(w) = word.as_mut() {
                    w.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(w) = word.as_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => w.text.push(c),
                        _ => w.text.push_str(super::xml_entity(r.into_inner().as_ref())),
                    }
                }
            }
            Event::End(e) if e.local_name().as_ref() == "word" => {
                if let (Some(mut w), Some(page)) = (word.take(), pages.last_mut())
                    && !w.text.trim().is_empty()
                {
                    w.text = labels::fold_radicals(&w.text);
                    page.words.push(w);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    pages
}

/// Group a page's words into visual lines: a word joins the line whose first word's vertical
/// centre is within a third of the line pitch (cells of one table row printed on slightly
/// different baselines stay together; the next line of a wrapped label, a pitch lower, does
/// not; numbers centred between two label lines make a line of their own).
fn visual_lines(mut words: Vec<Word>) -> Vec<Line> {
    let tolerance = pitch(&words) / 3.0;
    words.sort_by(|a, b| a.centre_y().total_cmp(&b.centre_y()));
    let mut lines: Vec<(f64, Vec<Word>)> = vec![];
    for w in words {
        let c = w.centre_y();
        match lines.last_mut() {
            Some((seed, ws)) if c - *seed <= tolerance => ws.push(w),
            _ => lines.push((c, vec![w])),
        }
    }
    lines
        .into_iter()
        .map(|(_, mut words)| {
            words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            Line { words }
        })
        .collect()
}

/// The distance between consecutive lines of text on a page: for each word, the nearest word
/// below it that overlaps it horizontally; the lower quartile of those distances (a word's box
/// height is no measure: browsers' boxes include the line spacing and overlap the next line).
fn pitch(words: &[Word]) -> f64 {
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
fn drop_running_lines(pages: &mut [(f64, Vec<Line>)]) {
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
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for (height, lines) in pages.iter() {
        let keys: std::collections::HashSet<String> = lines
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

/// A count with a remark wrapped inside its cell ("22（其中修订" over "16件）") is one cell: the
/// end of the remark is the word just below, overlapping it horizontally.
fn join_wrapped_remarks(lines: &mut [Line]) {
    for i in 0..lines.len().saturating_sub(1) {
        for k in 0..lines[i].words.len() {
            let w = &lines[i].words[k];
            if !opens_remark(&w.text) {
                continue;
            }
            let (x0, x1) = (w.x0, w.x1);
            let below = lines[i + 1]
                .words
                .iter()
                .position(|b| b.x0 < x1 && b.x1 > x0 && b.text.trim_end().ends_with(['）', ')']));
            if let Some(j) = below {
                let b = lines[i + 1].words.remove(j);
                let w = &mut lines[i].words[k];
                w.text.push_str(&b.text);
                w.x0 = w.x0.min(b.x0);
                w.x1 = w.x1.max(b.x1);
            }
        }
    }
}

/// "22（其中修订": digits, then an opening bracket that is not closed.
fn opens_remark(t: &str) -> bool {
    let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.len() < t.len() && rest.starts_with(['（', '(']) && !rest.contains(['）', ')'])
}

/// The line as text: words apart by more than a third of the line height get spaces between
/// them, about one per half em of gap (the way `-layout` text looks, for messages).
fn raw(line: &Line) -> String {
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
fn margin(lines: &[Line]) -> f64 {
    let mut counts: std::collections::BTreeMap<i64, usize> = Default::default();
    for l in lines {
        *counts.entry(l.x0().round() as i64).or_default() += l.text().chars().count();
    }
    counts
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map_or(0.0, |(x, _)| x as f64)
}

/// Lines into items: a line ending in numbers is a row (each number with the centre of its box,
/// in tenths of a point), any other line a paragraph line with its indent in half ems.
fn items(lines: &[Line]) -> Doc {
    let left = margin(lines);
    let mut items = vec![];
    for line in lines {
        let n = line
            .words
            .iter()
            .rev()
            .take_while(|w| text::value_like(&w.text))
            .count();
        let raw = raw(line);
        if n == 0 {
            let indent = ((line.x0() - left) / (line.height() / 2.0))
                .round()
                .max(0.0) as usize;
            if let Some(p) = text::para(&raw, indent) {
                items.push(p);
            }
            continue;
        }
        let split = line.words.len() - n;
        let label = Line {
            words: line.words[..split].to_vec(),
        };
        items.push(Item::Row(Row {
            label: raw_or_empty(&label),
            values: line.words[split..]
                .iter()
                .map(|w| Val {
                    text: w.text.clone(),
                    pos: Some(((w.x0 + w.x1) * 5.0).round() as usize),
                })
                .collect(),
            raw,
        }));
    }
    Doc {
        items,
        layout: true,
    }
}

fn raw_or_empty(l: &Line) -> String {
    if l.words.is_empty() {
        String::new()
    } else {
        raw(l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(x0: f64, y0: f64, text: &str) -> Word {
        Word {
            x0,
            y0,
            x1: x0 + 8.0 * text.chars().count() as f64,
            y1: y0 + 10.0,
            text: text.into(),
        }
    }

    #[test]
    fn words_regrouped_into_lines_and_remarks_joined() {
        let words = vec![
            w(300.0, 101.5, "7"),
            w(100.0, 100.0, "（二）部分公开（区分"),
            w(200.0, 100.0, "22（其中修订"),
            w(100.0, 115.0, "处理的）"),
            w(200.0, 115.0, "16件）"),
        ];
        let mut lines = visual_lines(words);
        assert_eq!(lines.len(), 2);
        join_wrapped_remarks(&mut lines);
        let doc = items(&lines);
        let Item::Row(r) = &doc.items[0] else {
            panic!("{:?}", doc.items)
        };
        assert_eq!(r.values[0].text, "22（其中修订16件）");
        assert_eq!(r.values[1].text, "7");
        assert!(matches!(&doc.items[1], Item::Para { text, .. } if text == "处理的）"));
    }

    /// The tables of an import, as written (front matter from `[active]` on), or None when the
    /// import is refused.
    fn tables_written(doc: &Doc) -> Option<String> {
        let imported = crate::import::tables::extract(doc);
        if !imported.missing.is_empty() {
            return None;
        }
        let year = imported.year.unwrap_or(2000);
        let file = crate::import::write::content_file(&imported, year, "x", None);
        let start = file.find("[active]")?;
        let end = start + file[start..].find("+++")?;
        Some(file[start..end].to_string())
    }

    /// Never a wrong number: with any one number of a published PDF lost, or moved a line down
    /// (as a cell aligned differently would print it), the import is refused or reads every
    /// table exactly as from the whole PDF.
    #[test]
    fn every_lost_or_moved_number_is_refused_or_harmless() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
        for name in [
            "huaian-hongze-district-gov-2023.pdf",
            "pdf/024_chromium-a4-12pt.pdf",
        ] {
            let pages = parse_pages(&run_pdftotext(&dir.join(name)).unwrap());
            let whole = tables_written(&doc_of(pages.clone())).expect("the whole PDF imports");
            let (mut refused, mut tried) = (0, 0);
            for (p, page) in pages.iter().enumerate() {
                let pitch = pitch(&page.words);
                for (k, w) in page.words.iter().enumerate() {
                    if !text::value_like(&w.text) {
                        continue;
                    }
                    let mut lost = pages.clone();
                    lost[p].words.remove(k);
                    let mut moved = pages.clone();
                    moved[p].words[k].y0 += pitch;
                    moved[p].words[k].y1 += pitch;
                    for variant in [lost, moved] {
                        tried += 1;
                        match tables_written(&doc_of(variant)) {
                            None => refused += 1,
                            Some(t) => assert_eq!(t, whole, "{name}: “{}” changed", w.text),
                        }
                    }
                }
            }
            assert!(refused > tried / 3, "{name}: {refused} of {tried} refused");
        }
    }
}
