//! Inline SVG charts drawn at build time: no script, no external file. Each chart is
//! `aria-hidden` decoration beside the table that holds the same numbers (its text alternative),
//! which the page links to.

use super::esc;
use std::fmt::Write as _;

/// A bar chart of one series: `(label, value)` in order; a missing value leaves a gap.
pub fn bars(title: &str, points: &[(String, Option<i64>)]) -> String {
    const W: f64 = 640.0;
    const H: f64 = 220.0;
    const LEFT: f64 = 48.0;
    const BOTTOM: f64 = 28.0;
    const TOP: f64 = 24.0;
    let max = points.iter().filter_map(|p| p.1).max().unwrap_or(0).max(1) as f64;
    let n = points.len().max(1) as f64;
    let slot = (W - LEFT - 8.0) / n;
    let bar = (slot * 0.6).min(48.0);
    let plot = H - BOTTOM - TOP;
    let mut out = String::with_capacity(1024 + points.len() * 200);
    let _ = write!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" aria-hidden=\"true\" focusable=\"false\"><text x=\"{LEFT}\" y=\"14\" class=\"chart-title\">{}</text><line x1=\"{LEFT}\" y1=\"{y0}\" x2=\"{W}\" y2=\"{y0}\" class=\"axis\"/><text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" class=\"tick\">{max}</text><text x=\"{lx}\" y=\"{y0}\" text-anchor=\"end\" class=\"tick\">0</text>",
        esc(title),
        y0 = H - BOTTOM,
        lx = LEFT - 6.0,
        ty = TOP + 4.0,
        max = max as i64,
    );
    for (i, (label, value)) in points.iter().enumerate() {
        let cx = LEFT + slot * (i as f64 + 0.5);
        if let Some(v) = value {
            let h = (*v as f64 / max * plot).max(if *v > 0 { 1.0 } else { 0.0 });
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\" class=\"bar\"/><text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"value\">{v}</text>",
                cx - bar / 2.0,
                H - BOTTOM - h,
                H - BOTTOM - h - 3.0,
            );
        }
        let _ = write!(
            out,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"tick\">{}</text>",
            H - 10.0,
            esc(label)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn draws_a_bar_per_value_and_escapes_labels() {
        let svg = super::bars(
            "新收<申请>",
            &[
                ("2022".into(), Some(3)),
                ("2023".into(), None),
                ("2024".into(), Some(0)),
            ],
        );
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("新收&lt;申请&gt;"));
    }
}
