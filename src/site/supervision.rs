//! The supervision view (监督视图): what the office that supervises 政务公开 checks every year —
//! whether each body published its report, whether by the deadline ([`schema::deadline`]), in the
//! template in force, and with numbers that add up. Computed from the site model; the pages, the
//! downloads and `check --summary` all read it.
//!
//! A body is expected to report in a year from its `since` in departments.toml, else from the
//! year of its first report (a body without any report: from the site's first year), up to its
//! `until`, else the site's latest year.

use super::model::{DepartmentInfo, DeptId, Model, ReportId};
use crate::clock::Date;
use crate::schema::{self, Edition, RULES, RuleId, Severity};
use serde::Serialize;

/// Where a body stands for one year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Published by the deadline.
    OnTime,
    /// Published after the deadline.
    Late,
    /// Published; the report does not say when (no `published`).
    Undated,
    /// No report yet, and the deadline has not passed.
    Pending,
    /// No report, and the deadline has passed (未发布).
    Missing,
}

impl Status {
    /// The status as the pages and the terminal say it.
    pub fn label(self) -> &'static str {
        match self {
            Status::OnTime => "按期发布",
            Status::Late => "逾期发布",
            Status::Undated => "已发布，日期未知",
            Status::Pending => "尚未发布（未到期限）",
            Status::Missing => "未发布",
        }
    }

    pub fn published(self) -> bool {
        matches!(self, Status::OnTime | Status::Late | Status::Undated)
    }
}

/// One body in one year.
#[derive(Clone, Debug)]
pub struct Entry {
    pub department: DeptId,
    /// The body's report, when it published.
    pub report: Option<ReportId>,
    pub status: Status,
    /// The publication date, when the report states a valid one.
    pub published: Option<Date>,
    /// The edition the report uses (`None`: no report).
    pub edition: Option<Edition>,
    pub errors: usize,
    pub warnings: usize,
    /// How many findings of each rule, in the order of [`RULES`]; rules without findings left out.
    pub by_rule: Vec<(RuleId, usize)>,
}

/// Counts over a year's bodies, as `check --summary` prints them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub bodies: usize,
    pub published: usize,
    pub on_time: usize,
    pub late: usize,
    pub undated: usize,
    pub missing: usize,
    pub pending: usize,
    pub with_errors: usize,
}

pub struct YearView {
    pub year: i32,
    pub deadline: Date,
    /// The article of the 《条例》 that sets the deadline.
    pub basis: &'static str,
    /// The edition in force for the year's reports.
    pub edition: Edition,
    /// Every body expected this year (or that published), in department order.
    pub entries: Vec<Entry>,
    pub counts: Counts,
}

/// How many reports break a rule, year by year (parallel to `Supervision::years`).
pub struct RuleTrend {
    pub rule: RuleId,
    pub reports: Vec<usize>,
}

pub struct Supervision {
    pub today: Date,
    /// Oldest year first, the years of `Model::years`.
    pub years: Vec<YearView>,
    /// The rules some report breaks, in the order of [`RULES`].
    pub rules: Vec<RuleTrend>,
}

impl Supervision {
    pub fn new(m: &Model) -> Supervision {
        let today = m.site.today;
        let spans: Vec<(i32, i32)> = m.departments.iter().map(|d| span(m, d)).collect();
        let years: Vec<YearView> = m
            .years
            .iter()
            .map(|y| year_view(m, y.year, &spans, today))
            .collect();
        let rules = RULES
            .iter()
            .map(|rule| RuleTrend {
                rule: rule.id,
                reports: years
                    .iter()
                    .map(|y| {
                        y.entries
                            .iter()
                            .filter(|e| e.by_rule.iter().any(|(r, _)| *r == rule.id))
                            .count()
                    })
                    .collect(),
            })
            .filter(|t| t.reports.iter().any(|&n| n > 0))
            .collect();
        Supervision {
            today,
            years,
            rules,
        }
    }

    pub fn year(&self, year: i32) -> Option<&YearView> {
        self.years.iter().find(|y| y.year == year)
    }
}

/// The first and last years a body is expected to report (see the module's doc): its `since`,
/// else its first report's year, else the site's first year; its `until`, else the site's
/// latest year.
pub fn span(m: &Model, d: &DepartmentInfo) -> (i32, i32) {
    let (first, last) = match (m.years.first(), m.years.last()) {
        (Some(f), Some(l)) => (f.year, l.year),
        _ => (0, -1),
    };
    let described = m.site.departments.get(&d.slug);
    let first_report = d.reports.first().map(|&i| m[i].report.year);
    let since = described
        .and_then(|x| x.since)
        .or(first_report)
        .unwrap_or(first);
    let until = described.and_then(|x| x.until).unwrap_or(last);
    (since, until)
}

/// Where a body stands in a year it has no report for: 未发布 once the deadline has passed.
pub fn unpublished(year: i32, today: Date) -> Status {
    if today > schema::deadline(year).date {
        Status::Missing
    } else {
        Status::Pending
    }
}

impl YearView {
    /// A body's entry this year; `None` when it was not expected to report.
    pub fn entry(&self, department: DeptId) -> Option<&Entry> {
        self.entries
            .binary_search_by_key(&department, |e| e.department)
            .ok()
            .map(|i| &self.entries[i])
    }
}

fn year_view(m: &Model, year: i32, spans: &[(i32, i32)], today: Date) -> YearView {
    let due = schema::deadline(year);
    let deadline = due.date;
    let entries: Vec<Entry> = m
        .department_ids()
        .zip(spans)
        .filter_map(|((d, dept), &(since, until))| {
            let report = m.find(year, &dept.slug);
            if report.is_none() && !(since..=until).contains(&year) {
                return None;
            }
            Some(match report {
                Some(i) => published_entry(m, d, i, deadline),
                None => Entry {
                    department: d,
                    report: None,
                    status: unpublished(year, today),
                    published: None,
                    edition: None,
                    errors: 0,
                    warnings: 0,
                    by_rule: vec![],
                },
            })
        })
        .collect();
    let mut counts = Counts {
        bodies: entries.len(),
        ..Counts::default()
    };
    for e in &entries {
        match e.status {
            Status::OnTime => counts.on_time += 1,
            Status::Late => counts.late += 1,
            Status::Undated => counts.undated += 1,
            Status::Pending => counts.pending += 1,
            Status::Missing => counts.missing += 1,
        }
        counts.published += usize::from(e.status.published());
        counts.with_errors += usize::from(e.errors > 0);
    }
    YearView {
        year,
        deadline,
        basis: due.basis,
        edition: Edition::for_year(year),
        entries,
        counts,
    }
}

fn published_entry(m: &Model, department: DeptId, i: ReportId, deadline: Date) -> Entry {
    let info = &m[i];
    let published = info.report.published.as_deref().and_then(Date::parse);
    let status = match published {
        Some(d) if d <= deadline => Status::OnTime,
        Some(_) => Status::Late,
        None => Status::Undated,
    };
    let by_rule = RULES
        .iter()
        .map(|rule| {
            let n = info.findings.iter().filter(|f| f.rule == rule.id).count();
            (rule.id, n)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let errors = info.errors();
    Entry {
        department,
        report: Some(i),
        status,
        published,
        edition: Some(info.report.edition),
        errors,
        warnings: info
            .findings
            .iter()
            .filter(|f| f.severity() == Severity::Warning)
            .count(),
        by_rule,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::Site;

    fn write(root: &std::path::Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn report(dept: &str, year: i32, published: Option<&str>) -> String {
        let date = published.map_or(String::new(), |p| format!("published = {p}\n"));
        format!(
            "+++\ndepartment = \"{dept}\"\nyear = {year}\nedition = \"free\"\n{date}+++\n\n## 一、总体情况\n\n无。\n"
        )
    }

    #[test]
    fn deadlines_follow_the_law_of_the_year() {
        // The 2019 revision (in force from 2019-05-15) moved the deadline from 31 March to 31
        // January: the 2018 reports were still due by 31 March 2019.
        assert_eq!(schema::deadline(2018).date, Date::new(2019, 3, 31));
        assert_eq!(schema::deadline(2019).date, Date::new(2020, 1, 31));
        assert!(schema::deadline(2019).basis.contains("第五十条"));
    }

    #[test]
    fn statuses_follow_the_deadline_and_the_span_of_each_body() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "content/departments.toml",
            "[a]\nname = \"甲\"\norder = 1\n[b]\nname = \"乙\"\norder = 2\nuntil = 2020\n[c]\nname = \"丙\"\norder = 3\nsince = 2021\n",
        );
        write(
            root,
            "content/2020/a.md",
            &report("甲", 2020, Some("2021-01-31")),
        );
        write(root, "content/2020/b.md", &report("乙", 2020, None));
        write(
            root,
            "content/2021/a.md",
            &report("甲", 2021, Some("2022-02-01")),
        );
        write(
            root,
            "content/2022/c.md",
            &report("丙", 2022, Some("2023-01-10")),
        );
        let mut site = Site::load(root).unwrap();
        site.today = Date::new(2023, 1, 20);
        let m = Model::new(&site);
        let s = Supervision::new(&m);
        let index = |d: DeptId| m.department_ids().position(|(id, _)| id == d).unwrap();
        let statuses = |year: i32| -> Vec<(usize, Status)> {
            s.year(year)
                .unwrap()
                .entries
                .iter()
                .map(|e| (index(e.department), e.status))
                .collect()
        };
        // 丙 is expected from its `since`, before its first report; 乙 not after its `until`.
        assert_eq!(statuses(2020), [(0, Status::OnTime), (1, Status::Undated)]);
        assert_eq!(statuses(2021), [(0, Status::Late), (2, Status::Missing)]);
        // 2022 reports are due by 2023-01-31, after "today".
        assert_eq!(statuses(2022), [(0, Status::Pending), (2, Status::OnTime)]);
        let c = s.year(2020).unwrap().counts;
        assert_eq!((c.bodies, c.published, c.undated), (2, 2, 1));
        site.today = Date::new(2023, 2, 1);
        let m = Model::new(&site);
        let s = Supervision::new(&m);
        let id = |n: usize| m.department_ids().nth(n).unwrap().0;
        assert_eq!(
            s.year(2022).unwrap().entry(id(0)).unwrap().status,
            Status::Missing
        );
        assert_eq!(s.year(2022).unwrap().counts.missing, 1);
        assert!(s.year(2021).unwrap().entry(id(1)).is_none());
    }
}
