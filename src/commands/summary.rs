//! `gongkai check --summary`: the supervision overview in the terminal — per year, how many
//! bodies, how many published (on time, late, date unknown), how many did not, how many reports
//! have errors — then the bodies behind each gap, so the office knows whom to call.

use crate::site::Site;
use crate::site::model::{DeptId, Model};
use crate::site::supervision::{Status, Supervision, YearView};
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// The columns of the overview table.
const HEADERS: [&str; 9] = [
    "年度",
    "发布期限",
    "单位",
    "已发布",
    "按期",
    "逾期",
    "日期未知",
    "未发布",
    "有错误",
];

/// The overview of a loaded site, as text.
pub fn overview(site: &Site) -> String {
    let model = Model::new(site);
    let s = Supervision::new(&model);
    let mut rows: Vec<[String; 9]> = vec![HEADERS.map(String::from)];
    for y in &s.years {
        let c = y.counts;
        rows.push([
            y.year.to_string(),
            y.deadline.to_string(),
            c.bodies.to_string(),
            c.published.to_string(),
            c.on_time.to_string(),
            c.late.to_string(),
            c.undated.to_string(),
            (c.missing + c.pending).to_string(),
            c.with_errors.to_string(),
        ]);
    }
    let widths: Vec<usize> = (0..HEADERS.len())
        .map(|k| rows.iter().map(|r| r[k].width()).max().unwrap_or(0))
        .collect();
    let mut out = format!("政府信息公开工作年度报告发布情况（截至 {}）\n", s.today);
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{}{cell}", " ".repeat(w - cell.width())))
            .collect();
        let _ = writeln!(out, "{}", cells.join("  ").trim_end());
    }
    for y in s.years.iter().rev() {
        attention(&model, y, &mut out);
    }
    out
}

/// The bodies of a year that were late, did not publish, or published with errors.
fn attention(m: &Model, y: &YearView, out: &mut String) {
    let name = |d: DeptId| m[d].name.as_str();
    let list = |pick: &dyn Fn(&crate::site::supervision::Entry) -> Option<String>| {
        y.entries.iter().filter_map(pick).collect::<Vec<_>>()
    };
    let late = list(&|e| {
        (e.status == Status::Late).then(|| {
            let date = e.published.map(|d| d.to_string()).unwrap_or_default();
            format!("{}（{date}）", name(e.department))
        })
    });
    let missing = list(&|e| (e.status == Status::Missing).then(|| name(e.department).to_string()));
    let errors = list(&|e| {
        (e.errors > 0).then(|| {
            let rules: Vec<&str> = e
                .by_rule
                .iter()
                .filter(|(r, _)| r.severity() == crate::schema::Severity::Error)
                .map(|(r, _)| r.code())
                .collect();
            format!("{}（{}）", name(e.department), rules.join("、"))
        })
    });
    for (label, names) in [("逾期发布", late), ("未发布", missing), ("有错误", errors)] {
        if !names.is_empty() {
            let _ = writeln!(out, "{}年度 {label}：{}", y.year, names.join("；"));
        }
    }
}
