//! Where the narrative's lines stand on the page, which a PDF keeps as positions only: the
//! text's left edge (a paragraph's first line is indented from it), its right edge (a wrapped
//! line runs to it; a line ending short of it ends its paragraph), the lines printed as
//! sub-headings ("（一）主动公开", on a line of their own), and a title wrapped over two lines.
//!
//! A body's left edge is not where most of its characters start: the paragraphs of a report are
//! often one or two lines long, so their indented first lines can hold more characters than the
//! lines at the edge (a portal page printed by Chromium: every line was then read as
//! continuing the one before, headings and all). The edge is found from wrapped paragraphs: the
//! line after a line that runs to the right edge starts at the left one.

use super::super::labels::{normalize, strip_numbering};
use super::super::narrative::heading_of;
use super::lines::Line;
use super::words::Word;
use std::collections::BTreeMap;

/// The left and right edges of the body text, in points, and the distance from one of its
/// lines to the next (a paragraph's lines; one and a half line spacing is common).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edges {
    pub left: f64,
    pub right: f64,
    pub pitch: f64,
}

/// The most characters a sub-heading holds (as a paragraph of them is one,
/// [`super::super::narrative`]).
const SUB_HEADING: usize = 25;

/// Whether a line is a run of text: its words set one after another with no gap a column of a
/// table would leave (the Latin digits of a line are words of their own in another font), at
/// least six characters. Table rows and headers print their cells apart.
fn running(l: &Line) -> bool {
    let h = l.height();
    l.text().chars().count() >= 6 && l.words.windows(2).all(|p| p[1].x0 - p[0].x1 < 0.6 * h)
}

/// The body's edges from its running lines: the right edge is where most of them end (within
/// an em: a browser does not justify Chinese text, and a line may end a character short where
/// punctuation may not start the next); the left edge is where a line starts right below one
/// that ran to the right edge (a paragraph's wrapped line), and the pitch the median distance
/// between the two. None without two such lines.
pub fn edges(lines: &[Line]) -> Option<Edges> {
    let ends: Vec<(f64, f64)> = lines
        .iter()
        .filter(|l| running(l) && l.text().chars().count() >= 8)
        .map(|l| (l.x1(), l.height()))
        .collect();
    let right = ends
        .iter()
        .map(|&(v, _)| {
            let n = ends
                .iter()
                .filter(|&&(x, h)| x <= v + 0.1 && x >= v - h)
                .count();
            (n, v)
        })
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .filter(|&(n, _)| n >= 3)?
        .1;
    let mut starts: BTreeMap<i64, usize> = BTreeMap::new();
    let mut pitches = vec![];
    for pair in lines.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let h = a.height().min(b.height());
        let down = b.centre_y() - a.centre_y();
        if running(a) && running(b) && a.x1() >= right - 1.5 * h && down > 0.5 * h && down < 4.0 * h
        {
            *starts.entry(b.x0().round() as i64).or_default() += 1;
            pitches.push(down);
        }
    }
    pitches.sort_by(f64::total_cmp);
    let pitch = *pitches.get(pitches.len() / 2)?;
    // The most common start, a point either way (the ones beside it count with it).
    let count = |x: i64| {
        (x - 1..=x + 1)
            .filter_map(|k| starts.get(&k))
            .sum::<usize>()
    };
    let (n, left) = starts
        .keys()
        .map(|&x| (count(x), x))
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))?;
    let left = starts
        .range(left - 1..=left + 1)
        .map(|(&x, _)| x)
        .min()
        .unwrap_or(left);
    (n >= 2).then_some(Edges {
        left: left as f64,
        right,
        pitch,
    })
}

/// Whether a line ends short of the right edge: by more than two ems and more than the
/// Latin run the next line starts with would take (a number or a word of Latin letters is
/// never broken, so a line may end short of it).
fn ends_short(l: &Line, next: Option<&Line>, edges: Edges) -> bool {
    let h = l.height();
    let latin = next.map_or(0, |n| {
        n.text()
            .chars()
            .take_while(|c| c.is_ascii_graphic())
            .count()
    });
    edges.right - l.x1() > 2.0 * h + 0.6 * h * latin as f64
}

/// Whether a line ends its paragraph: it ends a sentence, or ends short of the right edge, or
/// is no running text at all (a table's row, a title).
fn ends_paragraph(l: &Line, next: Option<&Line>, edges: Edges) -> bool {
    !running(l)
        || l.text().ends_with(['。', '！', '？', '；', '：', ':', ';'])
        || ends_short(l, next, edges)
}

/// The lines printed as sub-headings (by index): a numbered line ("（一）主动公开", "1.加强组织
/// 领导") of a few characters, no sentence (no full stop at its end), on a line of its own —
/// ending short of the right edge, the line before it ending its paragraph — and no heading of
/// a section of the template (those are found by their words). A numbered line of a paragraph
/// (a list item the text wraps into) runs to the edge, or follows a line that does.
pub fn sub_headings(lines: &[Line], edges: Edges) -> Vec<bool> {
    (0..lines.len())
        .map(|i| {
            let l = &lines[i];
            let text = l.text();
            let n = normalize(&text);
            let before = i.checked_sub(1).map(|k| &lines[k]);
            running(l)
                && text.chars().count() <= SUB_HEADING
                && strip_numbering(&n) != n
                && !text.ends_with('。')
                && heading_of(&text).is_none()
                && ends_short(l, lines.get(i + 1), edges)
                && before.is_none_or(|b| {
                    l.centre_y() - b.centre_y() > 1.5 * edges.pitch
                        || ends_paragraph(b, Some(l), edges)
                })
        })
        .collect()
}

/// A title wrapped over two lines ("福建省三明市三元区人力资源和社会保障" over "局2020年政府信息公开
/// 工作年度报告"), each line read alone would give the wrong body ("局"): the first line of the
/// document printed larger than the body text and running to the right edge, with the next one
/// right below it in the same size, is joined with it. A title set in about the body's size
/// (a large body font: "广西壮族自治区玉林市北流市人民防空办" over "公室", then the year's line)
/// is the document's first line, joined when it runs to the right edge and the next line, in its
/// size, is centred between the edges (a body paragraph's last line starts at the left edge).
/// (A title set on two lines on purpose, the body over the year, ends short of the edge: it is
/// read over two lines, as before.)
pub fn join_wrapped_title(lines: &mut Vec<Line>, edges: Edges) {
    let mut body: Vec<f64> = lines
        .iter()
        .filter(|l| running(l))
        .map(Line::height)
        .collect();
    body.sort_by(f64::total_cmp);
    let Some(&body) = body.get(body.len() / 2) else {
        return;
    };
    let large = |l: &Line| l.height() > 1.2 * body;
    let first = lines.iter().position(large).unwrap_or(0);
    // The title is the first large line, above any running text of the body's size.
    if lines[..first].iter().any(|l| running(l) && !large(l)) || first + 1 >= lines.len() {
        return;
    }
    let (a, b) = (&lines[first], &lines[first + 1]);
    let h = a.height().min(b.height());
    let down = b.centre_y() - a.centre_y();
    // Short of both edges by as much either side (an indented first line runs to the right edge).
    let centred = |l: &Line| {
        let (before, after) = (l.x0() - edges.left, edges.right - l.x1());
        before > h && after > h && (before - after).abs() < h
    };
    let wrapped = running(a)
        && (large(a) && large(b) || centred(b))
        && (a.height() - b.height()).abs() < 0.2 * h
        && down > 0.5 * h
        && down < 2.5 * h
        && a.x1() >= edges.right - h;
    if wrapped {
        let b = lines.remove(first + 1);
        // Set after the first line, on its baseline: one line of text.
        let shift = lines[first].x1() - b.x0();
        let (y0, y1) = (lines[first].words[0].y0, lines[first].words[0].y1);
        lines[first].words.extend(b.words.into_iter().map(|w| Word {
            x0: w.x0 + shift,
            x1: w.x1 + shift,
            y0,
            y1,
            ..w
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(x0: f64, y: f64, text: &str) -> Line {
        Line {
            words: vec![Word {
                x0,
                x1: x0 + 14.0 * text.chars().count() as f64,
                y0: y,
                y1: y + 14.0,
                text: text.into(),
            }],
        }
    }

    /// A portal page printed by Chromium (pdfgen's s2-003): paragraphs of one to three lines,
    /// their first lines indented two ems, so the indented lines hold most characters; the
    /// sub-headings indented too, and one line each. (Full lines end at 440, a character's
    /// width either way.)
    #[test]
    fn edges_from_wrapped_lines_and_sub_headings_on_their_own_lines() {
        let ending = |x0: f64, y: f64, text: &str, x1: f64| {
            let mut l = line(x0, y, text);
            l.words[0].x1 = x1;
            l
        };
        let lines = vec![
            ending(
                76.0,
                100.0,
                "2022年，我局坚持以习近平新时代中国特色社会主义",
                440.0,
            ),
            ending(
                48.0,
                125.0,
                "思想为指导，全面贯彻落实《条例》和上级关于政务公开",
                431.0,
            ),
            line(48.0, 150.0, "各项工作取得新成效。"),
            line(76.0, 175.0, "（一）主动公开"),
            ending(
                76.0,
                200.0,
                "全年通过政府门户网站、政务新媒体等渠道主动公开政",
                439.0,
            ),
            line(48.0, 225.0, "府信息5535条。"),
            line(76.0, 250.0, "（二）依申请公开"),
            ending(
                76.0,
                275.0,
                "2022年共收到政府信息公开申请20899件，上年结转",
                440.0,
            ),
            ending(
                48.0,
                300.0,
                "0件。所有申请均在法定期限内答复，答复率100%，比",
                440.0,
            ),
            line(48.0, 325.0, "（1）加强栏目日常维护"),
        ];
        let edges = edges(&lines).unwrap();
        assert_eq!(
            edges,
            Edges {
                left: 48.0,
                right: 440.0,
                pitch: 25.0
            }
        );
        let subs = sub_headings(&lines, edges);
        let marked: Vec<usize> = (0..lines.len()).filter(|&i| subs[i]).collect();
        // The last line is a numbered line of the paragraph it follows (that line ran on).
        assert_eq!(marked, [3, 6]);
    }

    #[test]
    fn a_title_wrapped_in_the_body_s_name_is_one_line() {
        let big = |x0: f64, y: f64, text: &str| {
            let mut l = line(x0, y, text);
            l.words[0].y1 = y + 30.0;
            l.words[0].x1 = x0 + 23.0 * text.chars().count() as f64;
            l
        };
        let mut lines = vec![
            big(90.0, 100.0, "福建省三明市三元区人力资源和社会保障"),
            big(106.0, 147.0, "局2020年政府信息公开工作年度报告"),
            line(111.0, 200.0, "本报告根据《中华人民共和国政府信息公开条例》"),
            line(
                90.0,
                225.0,
                "简称《条例》）和《国务院办公厅政府信息与政务公开",
            ),
            line(
                90.0,
                250.0,
                "室关于印发〈中华人民共和国政府信息公开工作年度报",
            ),
            line(
                90.0,
                275.0,
                "式〉的通知》（国办公开办函〔2021〕30号）要求编制",
            ),
        ];
        let edges = Edges {
            left: 90.0,
            right: 90.0 + 23.0 * 18.0,
            pitch: 25.0,
        };
        join_wrapped_title(&mut lines, edges);
        assert_eq!(
            lines[0].text(),
            "福建省三明市三元区人力资源和社会保障局2020年政府信息公开工作年度报告"
        );
        assert_eq!(lines.len(), 5);
    }

    /// pdfgen's s17-006 (LibreOffice, A4 at 130 %, a 13 pt body): the title's lines are hardly
    /// larger than the body's (29.9 against 26.65 points high), its body's name wrapped with
    /// "公室" centred on the next line, the year's line below: the two are one line (the body was
    /// read as "公室"). A body paragraph's last line, at the left edge, is not joined so.
    #[test]
    fn a_title_in_the_body_s_size_wrapped_to_a_centred_line_is_one_line() {
        let sized = |x0: f64, x1: f64, y: f64, text: &str| {
            let mut l = line(x0, y, text);
            l.words[0].y1 = y + 29.9;
            l.words[0].x1 = x1;
            l
        };
        let body = |x0: f64, y: f64, text: &str| {
            let mut l = line(x0, y, text);
            l.words[0].y1 = y + 26.65;
            l.words[0].x1 = 504.6;
            l
        };
        let rest = [
            body(111.1, 315.4, "2020年，我办坚持以习近平新时代中国特"),
            body(90.1, 362.2, "色社会主义思想为指导，全面贯彻落实《条"),
            body(90.1, 409.0, "例》和上级关于政务公开的各项部署，围"),
        ];
        let edges = Edges {
            left: 90.1,
            right: 504.6,
            pitch: 46.8,
        };
        // Centred; at the left edge (a paragraph's last line); indented, running to the right
        // edge (a paragraph's first line).
        for (x0, x1, joined) in [
            (274.8, 320.8, true),
            (90.8, 136.8, false),
            (111.1, 504.6, false),
        ] {
            let mut lines = vec![
                sized(90.8, 504.8, 111.35, "广西壮族自治区玉林市北流市人民防空办"),
                sized(x0, x1, 158.15, "公室"),
                sized(114.0, 481.6, 204.85, "2020年政府信息公开工作年度报告"),
            ];
            lines.extend(rest.iter().cloned());
            join_wrapped_title(&mut lines, edges);
            if joined {
                assert_eq!(lines[0].text(), "广西壮族自治区玉林市北流市人民防空办公室");
                assert_eq!(lines.len(), 5);
            } else {
                assert_eq!(lines.len(), 6);
            }
        }
    }
}
