//! Inline SVG charts drawn at build time: no script, no external file. One chart per measure,
//! each on its own scale, drawn as horizontal bars (a row per year: the label, the bar, the
//! number), so that every bar is labelled and any number of years fits a phone without
//! overlapping text. The SVG is `aria-hidden` decoration: the figure carries a table of the
//! same numbers (its text alternative) beside it.
//!
//! A value far above the others (a spike year) would flatten every other bar; such bars are
//! cut short with a break mark, their number still printed in full, and the chart says so in
//! words ([`Chart::note`]).

use super::esc;
use serde::Serialize;
use std::fmt::Write as _;

/// The drawing's width in SVG units. The page shows charts at least 18rem (288 px) wide, so
/// the text below (14 units) is never drawn smaller than 12 px.
const W: f64 = 320.0;
const FONT: f64 = 14.0;
const ROW: f64 = 26.0;
const LABEL_W: f64 = 52.0;
const VALUE_W: f64 = 84.0;
/// A value more than this many times the next largest is drawn cut short.
const OUTLIER_RATIO: i64 = 4;

/// One chart, ready for the template: the drawing, the note about cut bars, and the numbers
/// for the table beside it.
#[derive(Serialize)]
pub struct Chart {
    pub label: String,
    pub svg: String,
    pub note: Option<String>,
    /// `(label, the number as printed)`: the chart's data table.
    pub rows: Vec<(String, String)>,
}

/// A number with thousands separators: 3,991,698.
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The top of the scale: the largest value, unless the largest few (at most half of the bars)
/// are each more than [`OUTLIER_RATIO`] times the rest; then a little above the rest.
fn scale_top(points: &[(String, Option<i64>)]) -> (i64, bool) {
    let mut values: Vec<i64> = points
        .iter()
        .filter_map(|p| p.1)
        .filter(|v| *v > 0)
        .collect();
    values.sort_unstable_by(|a, b| b.cmp(a));
    let max = values.first().copied().unwrap_or(0).max(1);
    match values
        .windows(2)
        .position(|w| w[0] > w[1].saturating_mul(OUTLIER_RATIO))
    {
        Some(i) if i < values.len() / 2 => (values[i + 1] + values[i + 1] / 4 + 1, true),
        _ => (max, false),
    }
}

/// A horizontal bar chart of one measure: `(label, value)` in order; a missing value is shown
/// as "—" with no bar.
pub fn bars(title: &str, points: &[(String, Option<i64>)]) -> Chart {
    let (top, cut) = scale_top(points);
    let span = W - LABEL_W - VALUE_W;
    let h = ROW * points.len().max(1) as f64 + 4.0;
    let mut svg = String::with_capacity(512 + points.len() * 320);
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {W} {h}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" aria-hidden=\"true\" focusable=\"false\" font-size=\"{FONT}\"><line x1=\"{LABEL_W}\" y1=\"0\" x2=\"{LABEL_W}\" y2=\"{h}\" class=\"axis\"/>"
    );
    let mut clipped = vec![];
    let mut rows = vec![];
    for (i, (label, value)) in points.iter().enumerate() {
        let y = ROW * i as f64 + 2.0;
        let mid = y + ROW / 2.0 + FONT * 0.35;
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{mid:.1}\" text-anchor=\"end\" class=\"tick\">{}</text>",
            LABEL_W - 6.0,
            esc(label)
        );
        let shown = value.map(grouped).unwrap_or_else(|| "—".into());
        let len = match value {
            Some(v) if *v > top => {
                clipped.push(format!("{label}（{shown}）"));
                span
            }
            Some(v) if *v > 0 => (*v as f64 / top as f64 * span).max(1.0),
            _ => 0.0,
        };
        if len > 0.0 {
            let _ = write!(
                svg,
                "<rect x=\"{LABEL_W}\" y=\"{:.1}\" width=\"{len:.1}\" height=\"{:.1}\" class=\"bar\"/>",
                y + 4.0,
                ROW - 8.0
            );
        }
        if value.is_some_and(|v| v > top) {
            // Two slanted strokes across the bar: the bar is longer than drawn.
            let bx = LABEL_W + span * 0.8;
            for dx in [0.0, 6.0] {
                let _ = write!(
                    svg,
                    "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"break\"/>",
                    bx + dx - 3.0,
                    y + ROW - 2.0,
                    bx + dx + 3.0,
                    y + 2.0
                );
            }
        }
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{mid:.1}\" class=\"value\">{}</text>",
            LABEL_W + len + 5.0,
            esc(&shown)
        );
        rows.push((label.clone(), shown));
    }
    svg.push_str("</svg>");
    let note = (cut && !clipped.is_empty()).then(|| {
        format!(
            "{}远高于其他年份，柱形已截断（断开处），以免其他年份的柱形过短；数字为实际值。",
            clipped.join("、")
        )
    });
    Chart {
        label: title.to_string(),
        svg,
        note,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(v: &[Option<i64>]) -> Vec<(String, Option<i64>)> {
        v.iter()
            .enumerate()
            .map(|(i, v)| (format!("{}年", 2020 + i), *v))
            .collect()
    }

    #[test]
    fn draws_a_labelled_bar_per_value_and_escapes_labels() {
        let c = bars("新收", &[("<2022>".into(), Some(3)), ("2023".into(), None)]);
        assert_eq!(c.svg.matches("<rect").count(), 1);
        assert!(c.svg.contains("&lt;2022&gt;"));
        assert!(c.svg.contains(">3</text>") && c.svg.contains(">—</text>"));
        assert_eq!(c.rows[1], ("2023".into(), "—".into()));
        assert!(c.note.is_none());
    }

    #[test]
    fn an_outlier_is_cut_short_and_said_so() {
        let c = bars(
            "行政处罚",
            &pts(&[Some(120), Some(3_991_698), Some(100), Some(0)]),
        );
        let note = c.note.expect("a note");
        assert!(note.contains("2021年（3,991,698）"), "{note}");
        assert_eq!(c.svg.matches("class=\"break\"").count(), 2);
        // The others keep most of the width: 120 of a scale topped at 151.
        let w120: f64 = c
            .svg
            .split("width=\"")
            .nth(2)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(w120 > (W - LABEL_W - VALUE_W) * 0.7, "{w120}");
        // Close values are drawn to scale with no note.
        assert!(
            bars("x", &pts(&[Some(120), Some(300), Some(100)]))
                .note
                .is_none()
        );
    }

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(grouped(3_991_698), "3,991,698");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(-1000), "-1,000");
    }
}
