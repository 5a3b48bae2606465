//! Rules on the narrative: S-SECTIONS (sections present), N-TEXT (counts stated in the text agree
//! with the tables) and N-YEAR (this year's plans and figures dated with another year).
//!
//! The narrative rules are deliberately conservative: a pattern only fires where the sentence
//! names one table figure unambiguously, and a number that matches any reasonable reading of the
//! table is accepted. A false warning teaches clerks to ignore warnings.

use crate::content::{ApplicationValues, Report};
use crate::diagnostics::Diagnostic;
use crate::i18n::Msg;
use crate::msg;
use crate::schema::{self, ApplicationRow, Edition, FigureSource, RowRole, RuleId, TableId};
use regex::Regex;
use std::sync::LazyLock;

pub fn check(r: &Report, out: &mut Vec<Diagnostic>) {
    sections(r, out);
    if r.edition.has_tables() {
        counts(r, out);
    }
    years(r, out);
}

/// S-SECTIONS: 一、五、六 present and not empty (editions with the template).
fn sections(r: &Report, out: &mut Vec<Diagnostic>) {
    if !r.edition.has_tables() {
        return;
    }
    for s in schema::narrative_sections() {
        match r.narrative.section(s.key) {
            None => out.push(
                Diagnostic::new(
                    &r.file,
                    RuleId::SSections,
                    msg!("section-missing", heading = s.heading()),
                )
                .at_line(r.narrative.preamble_line)
                .help(msg!("section-missing-help", heading = s.heading())),
            ),
            Some(sec) if sec.body.trim().is_empty() => out.push(
                Diagnostic::new(
                    &r.file,
                    RuleId::SSections,
                    msg!("section-empty", heading = s.heading()),
                )
                .at_line(sec.heading_line),
            ),
            Some(_) => {}
        }
    }
}

/// The narrative pieces with the line each starts on.
fn pieces(r: &Report) -> impl Iterator<Item = (Option<&'static str>, &str, u32)> {
    std::iter::once((
        None,
        r.narrative.preamble.as_str(),
        r.narrative.preamble_line,
    ))
    .chain(
        r.narrative
            .sections
            .iter()
            .map(|s| (s.key, s.body.as_str(), s.body_line)),
    )
}

/// Place of a byte range within a piece that starts at `first_line`.
fn place_in(text: &str, first_line: u32, start: usize, end: usize) -> crate::diagnostics::Place {
    let before = &text[..start];
    let line = first_line + before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = text[start..]
        .find('\n')
        .map(|i| start + i)
        .unwrap_or(text.len());
    crate::diagnostics::Place {
        line,
        start: (start - line_start) as u32,
        end: (end.min(line_end) - line_start) as u32,
    }
}

/// The figure of a row as the narrative would state it: the printed 总计, or the sum of the
/// applicant columns where 总计 was left blank.
fn figure(v: &ApplicationValues) -> i64 {
    if v.total().is_blank() {
        v.parts().iter().map(|c| c.num()).sum()
    } else {
        v.total().num()
    }
}

/// The figure of a source as the narrative would state it (blank 总计 read as the sum of its
/// columns). Every table-三 source sums the rows it covers; table 四 sums its groups' 总计.
fn value(r: &Report, source: &FigureSource) -> Option<i64> {
    let rows = |pick: &dyn Fn(&ApplicationRow) -> bool| -> Option<i64> {
        let mut any = false;
        let mut sum = 0;
        for (row, v) in r.application_rows() {
            if pick(row) {
                sum += figure(v?);
                any = true;
            }
        }
        any.then_some(sum)
    };
    match source {
        FigureSource::Role(role) => rows(&|row| row.role == *role),
        // A key names a row, or in the 2019 edition the single row that replaces a group.
        FigureSource::Row(key) => rows(&|row| row.key == *key),
        FigureSource::Group(g) => rows(&|row| {
            (row.role == RowRole::Result && row.group.is_some_and(|x| x.key == g.key))
                || row.key == g.key
        }),
        FigureSource::Review(kind) => schema::REVIEW_GROUPS
            .iter()
            .filter(|g| g.kind == *kind)
            .map(|g| {
                let v = r.review_group(g.key)?;
                Some(if v.total().is_blank() {
                    v.cells[..schema::REVIEW_TOTAL]
                        .iter()
                        .map(|c| c.num())
                        .sum()
                } else {
                    v.total().num()
                })
            })
            .sum(),
        FigureSource::Decisions(_) => None,
    }
}

/// The table a source's figure is in, and its name there ("表三 本年新收").
fn name(sources: &[FigureSource]) -> String {
    let table = match sources.first() {
        Some(FigureSource::Review(_)) => TableId::ReviewLitigation,
        _ => TableId::Applications,
    };
    let labels: Vec<&str> = sources.iter().map(|s| s.label()).collect();
    format!("{} {}", schema::table_name(table), labels.join(" + "))
}

/// The cell path a source's figure comes from, for `--format json`.
fn cell_of(source: &FigureSource) -> String {
    match source {
        FigureSource::Role(role) => schema::application_row(Edition::E2021, *role)
            .map(|row| format!("{}.total", row.path()))
            .unwrap_or_default(),
        FigureSource::Row(key) => format!("applications.{key}.total"),
        FigureSource::Group(g) => format!("applications.{}", g.key),
        FigureSource::Review(kind) => schema::REVIEW_GROUPS
            .iter()
            .find(|g| g.kind == *kind)
            .map(|g| format!("{}.total", g.path()))
            .unwrap_or_default(),
        FigureSource::Decisions(row) => format!("active.{row}"),
    }
}

/// A count the narrative states: the phrase that states it and the figures it is the sum of.
struct Claim {
    /// A regex that ends where the number starts.
    pattern: &'static str,
    sources: &'static [FigureSource],
    /// "受理…申请N件" may count last year's carried-over applications too.
    or_with_carried_over: bool,
}

const NUM: &str = r"(?<n>\d+)\s*(?:件|项|宗|起|个)";

const fn claim(pattern: &'static str, sources: &'static [FigureSource]) -> Claim {
    Claim {
        pattern,
        sources,
        or_with_carried_over: false,
    }
}

static CLAIMS: &[Claim] = &[
    Claim {
        pattern: r"(?:收到|受理|新收|接收)[^。；;，,、\d]{0,15}?申请[^。；;，,、\d]{0,4}?",
        sources: &[FigureSource::Role(RowRole::New)],
        or_with_carried_over: true,
    },
    claim(
        r"上一?年度?结转(?:的)?(?:政府信息公开)?(?:申请)?\s*",
        &[FigureSource::Role(RowRole::CarriedOver)],
    ),
    claim(
        r"结转(?:到|至)?下一?年度(?:继续办理)?(?:的)?(?:申请)?\s*",
        &[FigureSource::Role(RowRole::CarriedForward)],
    ),
    claim(
        r"答复[^。；;，,、\d]{0,10}?申请\s*",
        &[FigureSource::Role(RowRole::Total)],
    ),
    claim(
        r"予以公开(?:及|和|与)部分公开\s*",
        &[FigureSource::Row("disclosed"), FigureSource::Row("partial")],
    ),
    claim(r"予以公开\s*", &[FigureSource::Row("disclosed")]),
    claim(r"不予公开\s*", &[FigureSource::Group(&schema::WITHHELD)]),
    claim(r"无法提供\s*", &[FigureSource::Group(&schema::UNAVAILABLE)]),
    claim(
        r"不予处理\s*",
        &[FigureSource::Group(&schema::NOT_PROCESSED)],
    ),
    claim(r"其他处理\s*", &[FigureSource::Group(&schema::OTHER)]),
    claim(
        r"行政复议(?:案件|申请)?\s*",
        &[FigureSource::Review(schema::REVIEW)],
    ),
    claim(
        r"(?:行政)?诉讼(?:案件)?\s*",
        &[FigureSource::Review(schema::LITIGATION)],
    ),
];

impl Claim {
    /// The figures the stated number may equal, the first being the table's own.
    fn accepted(&self, r: &Report) -> Option<Vec<i64>> {
        let sum = self
            .sources
            .iter()
            .map(|s| value(r, s))
            .sum::<Option<i64>>()?;
        let mut ok = vec![sum];
        if self.or_with_carried_over {
            ok.push(sum + value(r, &FigureSource::Role(RowRole::CarriedOver)).unwrap_or(0));
        }
        Some(ok)
    }
}

/// "N件…顺延/结转到下年度": the number before the phrase.
static FORWARD_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?<n>\d+)\s*件[^。；;，,\d]{0,12}?(?:顺延|结转)(?:到|至)下一?年度").unwrap()
});

static CLAIM_RES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    CLAIMS
        .iter()
        .map(|c| Regex::new(&format!("{}{NUM}", c.pattern)).unwrap())
        .collect()
});

/// A count as every claim ends ([`NUM`]'s last digit and unit): a piece without one states no
/// count, and the claims' patterns need not be tried on it (most pieces of a large site).
static ANY_COUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d\s*(?:件|项|宗|起|个)").unwrap());

/// N-TEXT: counts stated in the narrative that disagree with their cell.
fn counts(r: &Report, out: &mut Vec<Diagnostic>) {
    for (_, text, first_line) in pieces(r) {
        if !ANY_COUNT.is_match(text) {
            continue;
        }
        let mut found: Vec<(usize, usize, &Claim, i64)> = vec![];
        for (claim, re) in CLAIMS.iter().zip(CLAIM_RES.iter()) {
            for m in re.captures_iter(text) {
                let whole = m.get(0).unwrap();
                // A longer claim already covers this text ("予以公开及部分公开" vs "予以公开").
                if found
                    .iter()
                    .any(|(s, e, _, _)| whole.start() < *e && *s < whole.end())
                {
                    continue;
                }
                let Ok(n) = m["n"].parse::<i64>() else {
                    continue;
                };
                found.push((whole.start(), whole.end(), claim, n));
            }
        }
        for m in FORWARD_AFTER.captures_iter(text) {
            let whole = m.get(0).unwrap();
            if let Ok(n) = m["n"].parse::<i64>() {
                found.push((whole.start(), whole.end(), &CLAIMS[2], n));
            }
        }
        found.sort_by_key(|(s, _, _, _)| *s);
        for (start, end, claim, n) in found {
            let Some(accepted) = claim.accepted(r) else {
                continue;
            };
            if accepted.contains(&n) {
                continue;
            }
            let quote: String = text[start..end].split_whitespace().collect();
            out.push(
                Diagnostic::new(
                    &r.file,
                    RuleId::NText,
                    msg!(
                        "n-text",
                        quote = quote,
                        figure = name(claim.sources),
                        value = accepted[0]
                    ),
                )
                .at(Some(place_in(text, first_line, start, end)))
                .cell(cell_of(&claim.sources[0])),
            );
        }
    }
}

/// Plans in section 五 dated this year or earlier: "2023年我局将继续…" in the 2023 report.
static PLAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?<y>\d{4})\s*年[^。；;，,、！？\n\d]{0,12}?(?:将|计划|拟|力争)").unwrap()
});
/// The statistical period: "统计期限自2022年1月1日起…".
static PERIOD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"统计[^。\d]{0,20}?(?<y>\d{4})\s*年\s*1\s*月\s*1\s*日").unwrap());
/// The opening of section 一: "2022年，我局…".
static OPENING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?<y>\d{4})\s*年(?:以来|至|到|—|-)?").unwrap());

/// N-YEAR: this year's plans or figures dated with another year.
fn years(r: &Report, out: &mut Vec<Diagnostic>) {
    let y = r.year;
    let mut warn = |text: &str, line: u32, start: usize, end: usize, message: Msg| {
        out.push(
            Diagnostic::new(&r.file, RuleId::NYear, message)
                .at(Some(place_in(text, line, start, end))),
        );
    };
    for (key, text, line) in pieces(r) {
        for m in PERIOD.captures_iter(text) {
            let stated: i32 = m["y"].parse().unwrap_or(y);
            if stated != y {
                let g = m.name("y").unwrap();
                warn(
                    text,
                    line,
                    g.start(),
                    g.end(),
                    msg!(
                        "n-year-period",
                        stated = stated.to_string(),
                        year = y.to_string()
                    ),
                );
            }
        }
        if key == Some("problems") {
            for m in PLAN.captures_iter(text) {
                let stated: i32 = m["y"].parse().unwrap_or(y + 1);
                if stated <= y {
                    let g = m.get(0).unwrap();
                    warn(
                        text,
                        line,
                        g.start(),
                        g.end(),
                        msg!(
                            "n-year-plan",
                            stated = stated.to_string(),
                            quote = g.as_str(),
                            year = y.to_string(),
                            next = (y + 1).to_string()
                        ),
                    );
                }
            }
        }
        if key == Some("overview") {
            // The first paragraph of text (sub-headings skipped).
            let mut offset = 0;
            for para in text.split('\n') {
                let t = para.trim_start();
                let lead = para.len() - t.len();
                if t.is_empty() || t.starts_with('#') || is_subheading(t) {
                    offset += para.len() + 1;
                    continue;
                }
                let t = t.trim_start_matches("**");
                if let Some(m) = OPENING.captures(t) {
                    let stated: i32 = m["y"].parse().unwrap_or(y);
                    let whole = m.get(0).unwrap().as_str();
                    if stated != y && whole.ends_with('年') {
                        let start = offset + lead + (para.trim_start().len() - t.len());
                        warn(
                            text,
                            line,
                            start,
                            start + whole.len(),
                            msg!(
                                "n-year-opening",
                                stated = stated.to_string(),
                                year = y.to_string()
                            ),
                        );
                    }
                }
                break;
            }
        }
    }
}

/// "（一）主动公开" or "**（一）主动公开**" on a line of its own.
fn is_subheading(t: &str) -> bool {
    let t = t.trim_matches('*').trim();
    (t.starts_with('（') || t.starts_with('(')) && t.chars().count() <= 20 && !t.contains('。')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse_report;

    fn report(front_extra: &str, body: &str, year: i32) -> Report {
        let text = format!(
            "+++\ndepartment = \"测试局\"\nyear = {year}\nedition = \"free\"\n{front_extra}+++\n{body}"
        );
        parse_report("t.md", text.as_bytes(), Some(year), "t")
            .report
            .unwrap()
    }

    fn nyear(body: &str) -> Vec<Diagnostic> {
        let mut out = vec![];
        years(&report("", body, 2023), &mut out);
        out
    }

    #[test]
    fn plans_dated_this_year_are_flagged() {
        let d = nyear(
            "## 五、存在的主要问题及改进情况\n问题。\n针对上述问题，2023年我局将继续努力。\n",
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].rule, RuleId::NYear);
        assert_eq!(d[0].line, Some(8));
        assert!(d[0].message.en().contains("dated 2023"));
    }

    #[test]
    fn plans_for_next_year_pass() {
        assert!(
            nyear(
                "## 五、存在的主要问题\n2024年，我局将继续。2023年，工作有序开展，但仍将努力。\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn statistical_period_of_another_year_is_flagged() {
        let d = nyear("本报告统计期限自2022年1月1日至2022年12月31日。\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.en().contains("2022"));
        assert!(nyear("本报告统计期限自 2023 年 1 月 1 日至 12 月 31 日。\n").is_empty());
    }

    #[test]
    fn overview_opening_with_another_year_is_flagged() {
        let d = nyear("## 一、总体情况\n### （一）主动公开\n2022年，我局公开信息44条。\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(8));
        assert!(nyear("## 一、总体情况\n2023年，我局公开信息。\n").is_empty());
        assert!(nyear("## 一、总体情况\n2019年以来，我局持续推进。\n").is_empty());
    }

    #[test]
    fn is_subheading_recognises_numbered_headings() {
        assert!(is_subheading("（一）主动公开"));
        assert!(is_subheading("**（二）依申请公开**"));
        assert!(!is_subheading(
            "（一）主动公开情况。主要通过政府门户网站主动公开政府文件。"
        ));
    }
}
