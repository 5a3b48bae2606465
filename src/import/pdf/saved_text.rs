//! A print of a report saved as text by Word: each table cell a line of its own, indented by a
//! tab, and a blank line after each row (the form of `000_gongshu-tongjiju-2023.txt`). Printed,
//! every cell stands at the same tab stop, one under another, so the words' positions say
//! nothing of columns; the lines' indents and the blank lines between them say what the text
//! said. The print is turned back into that text and read as the text itself is
//! ([`super::super::text::read`]).

use super::super::{Doc, text};
use super::lines::{Line, raw};

/// How many lines of a lone number, at the same indent as the line above, make a print of
/// saved text (a table printed as a table never stacks its numbers under its labels).
const STACKED: usize = 10;

/// The document of a print of saved text (its pages' lines in order, running heads and feet
/// dropped), or None when the print is not one: at least [`STACKED`] lines are a lone number
/// indented as the line above it, and most lines of a lone number are so.
pub fn read(pages: &[(f64, Vec<Line>)]) -> Option<Doc> {
    let lines: Vec<&Line> = pages.iter().flat_map(|(_, l)| l).collect();
    let lone = |l: &Line| l.words.len() == 1 && text::value_like(&l.words[0].text);
    let lone_lines = lines.iter().filter(|l| lone(l)).count();
    let stacked = lines
        .windows(2)
        .filter(|w| lone(w[1]) && (w[1].x0() - w[0].x0()).abs() <= 1.0)
        .count();
    if stacked < STACKED || stacked * 5 < lone_lines * 4 {
        return None;
    }
    Some(text::read(&as_text(pages)))
}

/// The text a print of saved text was printed from: a line indented by a tab stop or more is a
/// cell (`\t` before it); a gap between two lines of more than half a line is a blank line, as
/// is the space above a page's first line below the text's top, or a line's height and more
/// left below a page's last line above the text's bottom (a blank line at the page break,
/// printed at the top of one page or the foot of the one before); a line of text continues the one above when that one reaches the
/// right edge (a paragraph wrapped by the print).
fn as_text(pages: &[(f64, Vec<Line>)]) -> String {
    let all = || pages.iter().flat_map(|(_, l)| l);
    let left = all().map(Line::x0).fold(f64::MAX, f64::min);
    let right = all().map(Line::x1).fold(f64::MIN, f64::max);
    let top = pages
        .iter()
        .filter_map(|(_, l)| l.first().map(|l| l.span().0))
        .fold(f64::MAX, f64::min);
    let bottom = pages
        .iter()
        .filter_map(|(_, l)| l.last().map(|l| l.span().1))
        .fold(f64::MIN, f64::max);
    let mut out: Vec<String> = vec![];
    // Whether the last line written is a line of text reaching the right edge.
    let mut runs_on = false;
    // The space left below the last page's text.
    let mut left_below = 0.0;
    for (_, lines) in pages {
        let mut above: Option<&Line> = None;
        for line in lines {
            let h = line.height();
            let gap = match above {
                Some(a) => line.span().0 - a.span().1,
                None => line.span().0 - top,
            };
            // A blank line at the foot of the page above took a whole line there.
            let blank = gap > h / 2.0 || (above.is_none() && left_below > h);
            let cell = line.x0() > left + h;
            let text = raw(line).trim().to_string();
            if blank {
                out.push(String::new());
            }
            match out.last_mut() {
                Some(last) if !blank && !cell && runs_on => last.push_str(&text),
                _ => out.push(if cell { format!("\t{text}") } else { text }),
            }
            runs_on = !cell && line.x1() >= right - 2.0 * h;
            above = Some(line);
        }
        left_below = above.map_or(0.0, |a| bottom - a.span().1);
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::super::words::Word;
    use super::*;

    fn line(x0: f64, y0: f64, text: &str) -> Line {
        let chars = text.chars().count() as f64;
        Line {
            words: vec![Word {
                x0,
                y0,
                x1: x0 + 10.0 * chars,
                y1: y0 + 13.0,
                text: text.into(),
            }],
        }
    }

    /// Cells stacked at the tab stop, rows apart by a blank line (one carried over the page
    /// break), a paragraph wrapped at the right edge: the text as saved.
    #[test]
    fn a_print_of_saved_text_is_read_back_as_that_text() {
        let page1 = vec![
            line(56.8, 58.8, "一二三四五六七八九十一二三四五六七八九十"),
            line(56.8, 73.4, "续行。"),
            line(92.3, 100.0, "规章"),
            line(92.3, 111.3, "0"),
            line(92.3, 122.6, "5"),
            line(92.3, 150.0, "行政许可"),
            line(92.3, 161.3, "7"),
        ];
        let page2 = vec![line(92.3, 72.0, "行政处罚"), line(92.3, 83.3, "3")];
        let page3 = vec![line(92.3, 58.8, "行政强制"), line(92.3, 70.1, "0")];
        let pages = vec![(841.9, page1), (841.9, page2), (841.9, page3)];
        assert_eq!(
            as_text(&pages),
            "一二三四五六七八九十一二三四五六七八九十续行。\n\n\t规章\n\t0\n\t5\n\n\t行政许可\n\t7\n\n\t行政处罚\n\t3\n\n\t行政强制\n\t0"
        );
        // Three stacked numbers are not enough to call it saved text.
        assert!(read(&pages).is_none());
    }
}
