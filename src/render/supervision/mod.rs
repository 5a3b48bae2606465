//! The supervision pages (监督视图, `/jiandu/`): an index across years and a page per year, built
//! from [`Supervision`]; the downloads for the office's assessment are in [`downloads`]. The views
//! below are all the templates get.

mod downloads;

use super::{Body, Deps, Job, Page, Renderer, data, paths as site_paths};
use crate::error::Error;
use crate::schema::Severity;
use crate::site::model::{DepartmentInfo, DeptId, Model};
use crate::site::supervision::{Counts, Entry, Status, Supervision, YearView};
use serde::Serialize;

/// Output paths of the supervision pages and downloads.
pub mod paths {
    pub const INDEX: &str = "jiandu/";
    pub const CSV: &str = "jiandu/findings.csv";
    pub const CSV_EXCEL: &str = "jiandu/findings-excel.csv";
    pub const JSON: &str = "jiandu/findings.json";
    pub const STATUS_CSV: &str = "jiandu/status.csv";
    pub const STATUS_CSV_EXCEL: &str = "jiandu/status-excel.csv";
    pub fn year(year: i32) -> String {
        format!("jiandu/{year}/")
    }
}

/// The jobs of the supervision pages, with what each reads. The index and the downloads read
/// every report's publication record and findings, not its figures ([`Deps::Records`]); so does
/// a year's page: its bodies are those expected that year, which a report added in another year
/// changes (`serve`, telling dependencies by file, must render it again then), and its findings
/// come from the year before too (X-CARRY, X-INFORCE).
pub fn jobs(m: &Model) -> Vec<Job> {
    let mut jobs = vec![Job {
        page: Page::Supervision,
        outputs: vec![
            site_paths::index(paths::INDEX),
            paths::CSV.into(),
            paths::CSV_EXCEL.into(),
            paths::JSON.into(),
            paths::STATUS_CSV.into(),
            paths::STATUS_CSV_EXCEL.into(),
        ],
        deps: Deps::Records,
    }];
    jobs.extend(m.years.iter().map(|y| Job {
        page: Page::SupervisionYear(y.year),
        outputs: vec![site_paths::index(&paths::year(y.year))],
        deps: Deps::Records,
    }));
    jobs
}

/// The supervision pages for the sitemap: listed with the rest, unless site.toml leaves them out
/// of the navigation.
pub fn sitemap_urls(r: &Renderer) -> Vec<String> {
    if !r.model.site.config.supervision_in_navigation {
        return vec![];
    }
    let years = r
        .model
        .years
        .iter()
        .map(|y| r.urls.abs(&paths::year(y.year)));
    std::iter::once(r.urls.abs(paths::INDEX))
        .chain(years)
        .collect()
}

/// Render a supervision job into its outputs (in the order of [`jobs`]). The downloads of every
/// finding are written as streams: at 100,000 reports they are hundreds of megabytes, which a
/// build must not hold in memory.
pub fn render<'s>(r: &'s Renderer<'_>, page: &Page) -> Result<Vec<Body<'s>>, Error> {
    // Made by the first supervision job of a build and read by the others (a job per year and
    // the index), instead of each walking every report of the site again.
    let s = r.supervision.get_or_init(|| Supervision::new(r.model));
    match page {
        Page::SupervisionYear(year) => {
            let y = s
                .year(*year)
                .ok_or_else(|| Error::Internal("a supervision job has a year".into()))?;
            let page = page_html(r, "supervision_year.html", year_page(r, s, y))?;
            let rows = move || y.entries.iter().map(move |e| body_row(r, y, e));
            Ok(vec![Body::Stream(Box::new(move |w| {
                write_with_rows(w, r, &page, "supervision_year_row.html", rows)
            }))])
        }
        _ => {
            // The page without its table of bodies, whose rows are rendered one at a time as
            // the file is written: at 100,000 reports (10,000 bodies over 10 years) the page is
            // 15 MB, and its view as one template's context was 100 MB more while it was
            // rendered, the highest memory of a build. The status download after the page: the
            // two held at once were the highest before.
            let page = page_html(r, "supervision.html", index_page(r, s))?;
            let rows = move || {
                (r.model.department_ids()).map(move |(d, dept)| body_history(r, s, d, dept))
            };
            let status = downloads::status_csv(r, s);
            let excel = data::with_bom(&status);
            let m = r.model;
            Ok(vec![
                Body::Stream(Box::new(move |w| {
                    write_with_rows(w, r, &page, "supervision_row.html", rows)
                })),
                Body::Stream(Box::new(move |w| downloads::write_findings_csv(w, m))),
                Body::CopyOf {
                    of: 1,
                    prefix: data::BOM,
                },
                Body::Stream(Box::new(move |w| downloads::write_findings_json(w, m))),
                Body::Bytes(status.into_bytes()),
                Body::Bytes(excel),
            ])
        }
    }
}

/// What both pages' templates print (`jiandu.body_rows`) where the rows of their table of
/// bodies go, put in by [`write_with_rows`]: nothing a page says otherwise (private-use
/// characters around it), and printed as it is whether escaped or not.
const BODY_ROWS: &str = "\u{f8ff}gongkai:supervision-rows\u{f8ff}";

/// `page` as its template rendered it, with the rows of its table of bodies in place of each
/// [`BODY_ROWS`]: each of `rows` rendered by `template` (given it as `body`) and written into
/// `w` in turn. At 100,000 reports (10,000 bodies over 10 years) the index page is 15 MB, and
/// its rows' views as one page's context were 100 MB more while it was rendered, the highest
/// memory of a build; a row's view is a few kilobytes.
fn write_with_rows<T: Serialize, I: Iterator<Item = T>>(
    w: &mut dyn std::io::Write,
    r: &Renderer,
    page: &[u8],
    template: &str,
    rows: impl Fn() -> I,
) -> std::io::Result<()> {
    let page = std::str::from_utf8(page).map_err(std::io::Error::other)?;
    let mut pieces = page.split(BODY_ROWS);
    w.write_all(pieces.next().unwrap_or_default().as_bytes())?;
    for piece in pieces {
        for row in rows() {
            let mut ctx = tera::Context::new();
            ctx.insert("body", &row);
            let html = (r.tera_render(template, &ctx))
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            w.write_all(&html)?;
        }
        w.write_all(piece.as_bytes())?;
    }
    Ok(())
}

/// A page from its view, which is dropped once in the template's context (a copy of it): the
/// index's view is large.
fn page_html(r: &Renderer, template: &str, view: impl Serialize) -> Result<Vec<u8>, Error> {
    let mut ctx = r.base.clone();
    ctx.insert("jiandu", &view);
    drop(view);
    r.tera_render(template, &ctx)
}

/// Links shared by both pages.
#[derive(Serialize)]
struct Links {
    index: String,
    csv: String,
    csv_excel: String,
    json: String,
    status_csv: String,
    status_csv_excel: String,
    rules: String,
}

fn links(r: &Renderer) -> Links {
    Links {
        index: r.urls.link(paths::INDEX),
        csv: r.urls.link(paths::CSV),
        csv_excel: r.urls.link(paths::CSV_EXCEL),
        json: r.urls.link(paths::JSON),
        status_csv: r.urls.link(paths::STATUS_CSV),
        status_csv_excel: r.urls.link(paths::STATUS_CSV_EXCEL),
        rules: format!("{}#rules", r.urls.link(site_paths::ABOUT)),
    }
}

#[derive(Serialize)]
struct YearLink {
    year: i32,
    url: String,
}

/// `/jiandu/<year>/`: every body of the year.
#[derive(Serialize)]
struct YearPage {
    year: i32,
    today: String,
    deadline: String,
    /// The article of the 《条例》 that sets the deadline.
    basis: &'static str,
    /// The edition in force for the year ("2021年版格式（…）").
    edition: &'static str,
    counts: Counts,
    /// Where the table of bodies has its rows, each a [`BodyRow`] rendered by
    /// `supervision_year_row.html` (printed with `| safe`).
    body_rows: &'static str,
    prev: Option<YearLink>,
    next: Option<YearLink>,
    links: Links,
}

/// A body's row of a year's page, the view of `supervision_year_row.html`.
#[derive(Serialize)]
struct BodyRow {
    name: String,
    department_url: String,
    /// `on_time`, `late`, `undated`, `pending` or `missing`: for styling and filtering.
    status: Status,
    /// 已发布 / 未发布 / 尚未到期.
    published: &'static str,
    /// The date, 未知, or — (no report).
    date: String,
    /// 按期 / 逾期 N 天 / 未知 / —.
    timely: String,
    /// Days after the deadline (0: on time or unknown), for sorting.
    days_late: i64,
    /// The edition used ("2021"), or — (no report).
    edition: String,
    /// Whether the edition used is the one in force for the year.
    edition_ok: bool,
    errors: usize,
    warnings: usize,
    rules: Vec<RuleCount>,
    report_url: Option<String>,
    /// The report page's findings, when there are any.
    findings_url: Option<String>,
}

#[derive(Serialize)]
struct RuleCount {
    code: &'static str,
    error: bool,
    count: usize,
}

fn year_page(r: &Renderer, s: &Supervision, y: &YearView) -> YearPage {
    let link = |year: i32| {
        s.year(year).map(|_| YearLink {
            year,
            url: r.urls.link(&paths::year(year)),
        })
    };
    YearPage {
        year: y.year,
        today: s.today.to_string(),
        deadline: y.deadline.to_string(),
        basis: y.basis,
        edition: y.edition.describe(),
        counts: y.counts,
        body_rows: BODY_ROWS,
        prev: link(y.year - 1),
        next: link(y.year + 1),
        links: links(r),
    }
}

fn body_row(r: &Renderer, y: &YearView, e: &Entry) -> BodyRow {
    let m = r.model;
    let dept = &m[e.department];
    let report_url = e
        .report
        .map(|_| r.urls.link(&site_paths::report_dir(y.year, &dept.slug)));
    let days_late = e
        .published
        .map_or(0, |d| (d.days() - y.deadline.days()).max(0));
    let timely = match e.status {
        Status::OnTime => "按期".to_string(),
        Status::Late => format!("逾期 {days_late} 天"),
        Status::Undated => "未知".to_string(),
        Status::Pending | Status::Missing => "—".to_string(),
    };
    let published = match e.status {
        Status::Missing => "未发布",
        Status::Pending => "尚未发布",
        _ => "已发布",
    };
    let date = match (e.report, e.published) {
        (_, Some(d)) => d.to_string(),
        (Some(_), None) => "未知".to_string(),
        (None, None) => "—".to_string(),
    };
    BodyRow {
        name: dept.name.clone(),
        department_url: r.urls.link(&site_paths::department_dir(&dept.slug)),
        status: e.status,
        published,
        date,
        timely,
        days_late,
        edition: e.edition.map_or("—".into(), |ed| ed.id().to_string()),
        edition_ok: e.edition.is_none_or(|ed| ed == y.edition),
        errors: e.errors,
        warnings: e.warnings,
        rules: e
            .by_rule
            .iter()
            .map(|(rule, count)| RuleCount {
                code: rule.code(),
                error: rule.severity() == Severity::Error,
                count: *count,
            })
            .collect(),
        findings_url: report_url
            .as_ref()
            .filter(|_| e.errors + e.warnings > 0)
            .map(|u| format!("{u}#findings")),
        report_url,
    }
}

/// `/jiandu/`: the years side by side.
#[derive(Serialize)]
struct IndexPage {
    today: String,
    years: Vec<YearSummary>,
    /// Where the table of bodies has its rows, each a [`BodyHistory`] rendered by
    /// `supervision_row.html` (printed with `| safe`).
    body_rows: &'static str,
    rules: Vec<RuleHistory>,
    links: Links,
}

#[derive(Serialize)]
struct YearSummary {
    year: i32,
    url: String,
    deadline: String,
    counts: Counts,
}

/// A body's row of the index, the view of `supervision_row.html`.
#[derive(Serialize)]
struct BodyHistory {
    name: String,
    url: String,
    /// One cell per year of the site, oldest first.
    cells: Vec<HistoryCell>,
    /// Years late, missing or with errors: the bodies that keep failing sort to the top.
    problems: usize,
}

#[derive(Serialize)]
struct HistoryCell {
    year: i32,
    /// `None`: no report was expected that year.
    status: Option<Status>,
    /// 按期 / 逾期 / 日期未知 / 未发布 / 未到期 / 不要求.
    label: &'static str,
    errors: usize,
    url: Option<String>,
}

#[derive(Serialize)]
struct RuleHistory {
    code: &'static str,
    error: bool,
    summary: String,
    /// Reports breaking the rule, per year of the site.
    counts: Vec<usize>,
}

fn index_page(r: &Renderer, s: &Supervision) -> IndexPage {
    let years = s
        .years
        .iter()
        .map(|y| YearSummary {
            year: y.year,
            url: r.urls.link(&paths::year(y.year)),
            deadline: y.deadline.to_string(),
            counts: y.counts,
        })
        .collect();
    let rules = s
        .rules
        .iter()
        .map(|t| {
            let rule = t.rule.rule();
            RuleHistory {
                code: rule.code,
                error: rule.severity == Severity::Error,
                summary: rule.summary(r.model.site.config.lang()),
                counts: t.reports.clone(),
            }
        })
        .collect();
    IndexPage {
        today: s.today.to_string(),
        years,
        body_rows: BODY_ROWS,
        rules,
        links: links(r),
    }
}

fn body_history(r: &Renderer, s: &Supervision, d: DeptId, dept: &DepartmentInfo) -> BodyHistory {
    let cells: Vec<HistoryCell> = s
        .years
        .iter()
        .map(|y| history_cell(r, y, y.entry(d), &dept.slug))
        .collect();
    let problems = cells
        .iter()
        .filter(|c| c.errors > 0 || matches!(c.status, Some(Status::Late | Status::Missing)))
        .count();
    BodyHistory {
        name: dept.name.clone(),
        url: r.urls.link(&site_paths::department_dir(&dept.slug)),
        cells,
        problems,
    }
}

fn history_cell(r: &Renderer, y: &YearView, e: Option<&Entry>, slug: &str) -> HistoryCell {
    let label = match e.map(|e| e.status) {
        None => "不要求",
        Some(Status::OnTime) => "按期",
        Some(Status::Late) => "逾期",
        Some(Status::Undated) => "日期未知",
        Some(Status::Pending) => "未到期",
        Some(Status::Missing) => "未发布",
    };
    HistoryCell {
        year: y.year,
        status: e.map(|e| e.status),
        label,
        errors: e.map_or(0, |e| e.errors),
        url: e
            .and_then(|e| e.report)
            .map(|_| r.urls.link(&site_paths::report_dir(y.year, slug))),
    }
}
