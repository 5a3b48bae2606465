//! Page contexts: what each template is given. Everything shown is taken from the site model
//! and the schema; templates only lay it out (and tera escapes every string).

use super::{Page, Renderer, Urls, charts, data, feeds, markdown, paths, sha256_hex, tables};
use crate::content::Report;
use crate::schema::{
    self, APPLICANT_COLUMNS, Edition, KEY_FIGURES, REVIEW_COLUMNS, RULES, SectionKind,
};
use crate::site::model::{DepartmentInfo, Figures, Model, YearInfo};
use crate::site::supervision::{span, unpublished};
use serde::Serialize;
use tera::Context;

/// What every page shares: site settings, the navigation, the key-figure headers.
pub fn base_context(m: &Model, urls: &Urls) -> Context {
    let c = &m.site.config;
    let mut ctx = Context::new();
    ctx.insert(
        "site",
        &serde_json::json!({
            "title": c.title,
            "description": c.description,
            "language": c.language,
            "region": c.region,
        }),
    );
    ctx.insert("root", &urls.root);
    ctx.insert("feed_url", &urls.link(paths::FEED));
    ctx.insert("departments_url", &urls.link(paths::DEPARTMENTS));
    ctx.insert("about_url", &urls.link(paths::ABOUT));
    ctx.insert("search_url", &urls.link(paths::SEARCH));
    ctx.insert(
        "supervision_url",
        &urls.link(super::supervision::paths::INDEX),
    );
    ctx.insert("supervision_in_nav", &c.supervision_in_navigation);
    let years: Vec<YearLink> = m
        .years
        .iter()
        .rev()
        .map(|y| YearLink {
            year: y.year,
            url: urls.link(&paths::year_dir(y.year)),
        })
        .collect();
    ctx.insert("nav_years", &years);
    let labels: Vec<&str> = KEY_FIGURES.iter().map(|f| f.label()).collect();
    ctx.insert("figure_labels", &labels);
    ctx
}

#[derive(Serialize)]
struct YearLink {
    year: i32,
    url: String,
}

/// A report in a listing.
#[derive(Serialize)]
struct Card {
    year: i32,
    slug: String,
    department: String,
    title: String,
    url: String,
    edition: &'static str,
    figures: Vec<String>,
    errors: usize,
    warnings: usize,
    example: bool,
    /// The publication date the report states (`published`).
    published: Option<String>,
}

/// A year of a department's history: its report, or why there is none (未发布).
#[derive(Serialize)]
struct HistoryYear {
    year: i32,
    report: Option<Card>,
    gap: Option<&'static str>,
}

fn fig(v: &Option<i64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_else(|| "—".into())
}

fn figs(f: &Figures) -> Vec<String> {
    f.iter().map(fig).collect()
}

impl Renderer<'_> {
    fn card(&self, i: usize) -> Card {
        let info = &self.model.reports[i];
        let r = info.report;
        let errors = info.errors();
        Card {
            year: r.year,
            slug: r.slug.clone(),
            department: r.department.clone(),
            title: r.title.clone(),
            url: self.urls.link(&paths::report_dir(r.year, &r.slug)),
            edition: r.edition.id(),
            figures: figs(&info.figures),
            errors,
            warnings: info.findings.len() - errors,
            example: r.example,
            published: r.published.clone(),
        }
    }

    fn ctx(&self) -> Context {
        self.base.clone()
    }
}

/// The source document's output name, when the report names one that exists beside it.
pub fn source_name<'m>(m: &'m Model, i: usize) -> Option<&'m str> {
    let r = m.reports[i].report;
    let name = r.source.as_deref()?;
    let plain = !name.is_empty() && !name.contains(['/', '\\', '\0']) && !name.starts_with('.');
    let path = m.site.root.join(&r.file).with_file_name(name);
    (plain && path.symlink_metadata().is_ok_and(|md| md.is_file())).then_some(name)
}

pub fn render(r: &Renderer, page: &Page) -> Result<Vec<Vec<u8>>, String> {
    match page {
        Page::Home => one(r.tera_render("index.html", &home(r))),
        Page::Departments => one(r.tera_render("departments.html", &departments(r))),
        Page::About => one(r.tera_render("about.html", &about(r))),
        Page::NotFound => one(r.tera_render("404.html", &r.ctx())),
        Page::Year(y) => year(r, *y),
        Page::Department(d) => department(r, *d),
        Page::Report(i) => report(r, *i),
        Page::Data => {
            let all: Vec<&Report> = r.model.site.reports.iter().collect();
            let csv = data::reports_csv(&all);
            let schema = serde_json::to_string_pretty(&data::json_schema()).expect("json");
            Ok(vec![
                csv.clone().into_bytes(),
                data::with_bom(&csv),
                (schema + "\n").into_bytes(),
            ])
        }
        Page::Sitemap => {
            let mut urls = vec![
                r.urls.abs(""),
                r.urls.abs(paths::DEPARTMENTS),
                r.urls.abs(paths::ABOUT),
            ];
            urls.extend(
                r.model
                    .years
                    .iter()
                    .map(|y| r.urls.abs(&paths::year_dir(y.year))),
            );
            urls.extend(
                r.model
                    .departments
                    .iter()
                    .map(|d| r.urls.abs(&paths::department_dir(&d.slug))),
            );
            urls.extend(super::supervision::sitemap_urls(r));
            for info in &r.model.reports {
                let rep = info.report;
                urls.push(r.urls.abs(&paths::report_dir(rep.year, &rep.slug)));
                if info.prev.is_some() {
                    urls.push(r.urls.abs(&paths::compare(rep.year, &rep.slug)));
                }
            }
            Ok(vec![feeds::sitemap(&urls).into_bytes()])
        }
        Page::Feed => {
            let idx: Vec<usize> = (0..r.model.reports.len()).rev().collect();
            let xml = feeds::atom(
                &r.model.site.config.title,
                &r.urls.abs(paths::FEED),
                &r.urls.abs(""),
                &entries(r, &idx),
            );
            Ok(vec![xml.into_bytes()])
        }
        Page::Robots => Ok(vec![
            format!(
                "User-agent: *\nAllow: /\nSitemap: {}\n",
                r.urls.abs(paths::SITEMAP)
            )
            .into_bytes(),
        ]),
        Page::Static(_)
        | Page::Supervision
        | Page::SupervisionYear(_)
        | Page::Search
        | Page::SearchText(_) => {
            unreachable!("Renderer::render copies static files and renders supervision and search")
        }
    }
}

fn one(html: Result<String, String>) -> Result<Vec<Vec<u8>>, String> {
    Ok(vec![html?.into_bytes()])
}

/// Feed entries for reports (newest first as given).
fn entries(r: &Renderer, idx: &[usize]) -> Vec<feeds::Entry> {
    idx.iter()
        .map(|&i| {
            let rep = r.model.reports[i].report;
            feeds::Entry {
                url: r.urls.abs(&paths::report_dir(rep.year, &rep.slug)),
                title: rep.title.clone(),
                date: rep
                    .published
                    .clone()
                    .unwrap_or_else(|| format!("{}-12-31", rep.year)),
                summary: format!("{}　{}年", rep.department, rep.year),
            }
        })
        .collect()
}

fn home(r: &Renderer) -> Context {
    let m = r.model;
    let mut ctx = r.ctx();
    let latest = m.years.last();
    ctx.insert("latest_year", &latest.map(|y| y.year));
    ctx.insert(
        "latest",
        &latest.map(|y| local_cards(r, y)).unwrap_or_default(),
    );
    ctx.insert(
        "latest_elsewhere",
        &latest.map(|y| elsewhere_cards(r, y)).unwrap_or_default(),
    );
    ctx.insert(
        "latest_totals",
        &latest.map(|y| figs(&y.totals)).unwrap_or_default(),
    );
    let years: Vec<serde_json::Value> = m
        .years
        .iter()
        .rev()
        .map(|y| {
            serde_json::json!({
                "year": y.year,
                "url": r.urls.link(&paths::year_dir(y.year)),
                "count": y.reports.len() - y.elsewhere.len(),
                "missing": y.missing.len(),
                "totals": figs(&y.totals),
            })
        })
        .collect();
    ctx.insert("years", &years);
    ctx.insert("departments", &department_links(r));
    ctx.insert(
        "charts",
        &series_charts(
            m.years.iter().map(|y| (y.year.to_string(), &y.totals)),
            &[0, 1, 7],
        ),
    );
    ctx.insert("with_findings", &m.reports_with_findings());
    ctx.insert("report_count", &m.reports.len());
    ctx.insert("all_csv", &r.urls.link(paths::ALL_CSV));
    ctx.insert("all_csv_excel", &r.urls.link(paths::ALL_CSV_EXCEL));
    ctx.insert("json_schema", &r.urls.link(paths::JSON_SCHEMA));
    ctx
}

/// The cards of a year's reports of the site's own region: the rows its totals add up.
fn local_cards(r: &Renderer, y: &YearInfo) -> Vec<Card> {
    y.reports
        .iter()
        .filter(|i| !y.elsewhere.contains(i))
        .map(|&i| r.card(i))
        .collect()
}

/// The cards of a year's reports of other regions: listed apart, never totalled.
fn elsewhere_cards(r: &Renderer, y: &YearInfo) -> Vec<Card> {
    y.elsewhere.iter().map(|&i| r.card(i)).collect()
}

fn department_links(r: &Renderer) -> Vec<serde_json::Value> {
    r.model
        .departments
        .iter()
        .map(|d| {
            serde_json::json!({
                "name": d.name,
                "slug": d.slug,
                "local": r.model.is_local(&d.slug),
                "url": r.urls.link(&paths::department_dir(&d.slug)),
                "count": d.reports.len(),
                "years": d.reports.iter().map(|&i| r.model.reports[i].report.year).collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn departments(r: &Renderer) -> Context {
    let mut ctx = r.ctx();
    ctx.insert("departments", &department_links(r));
    ctx
}

/// A department's years, newest first: each report, and each year it was expected to report
/// (the supervision pages' span) without one, as 未发布 (or 尚未发布 before the deadline).
fn history(r: &Renderer, dept: &DepartmentInfo) -> Vec<HistoryYear> {
    let m = r.model;
    let (since, until) = span(m, dept);
    let mut years: Vec<i32> = m
        .years
        .iter()
        .map(|y| y.year)
        .filter(|y| (since..=until).contains(y))
        .collect();
    years.extend(dept.reports.iter().map(|&i| m.reports[i].report.year));
    years.sort_unstable();
    years.dedup();
    years
        .into_iter()
        .rev()
        .map(|year| {
            let report = m.find(year, &dept.slug).map(|i| r.card(i));
            let gap = report
                .is_none()
                .then(|| unpublished(year, m.site.today).label());
            HistoryYear { year, report, gap }
        })
        .collect()
}

/// Bar charts of chosen key figures (by index) over labelled points.
fn series_charts<'f>(
    points: impl Iterator<Item = (String, &'f Figures)> + Clone,
    which: &[usize],
) -> Vec<serde_json::Value> {
    which
        .iter()
        .map(|&k| {
            let label = KEY_FIGURES[k].label();
            let pts: Vec<(String, Option<i64>)> = points.clone().map(|(l, f)| (l, f[k])).collect();
            serde_json::json!({"label": label, "svg": charts::bars(label, &pts)})
        })
        .collect()
}

fn year(r: &Renderer, year: i32) -> Result<Vec<Vec<u8>>, String> {
    let m = r.model;
    let y = m.year(year).expect("a year job has a year");
    let mut ctx = r.ctx();
    ctx.insert("year", &year);
    ctx.insert("reports", &local_cards(r, y));
    ctx.insert("elsewhere", &elsewhere_cards(r, y));
    let missing: Vec<serde_json::Value> = y
        .missing
        .iter()
        .map(|slug| {
            let d = m.department(slug).expect("missing departments are listed");
            let last = m.find(year - 1, slug);
            serde_json::json!({
                "name": d.name,
                "url": r.urls.link(&paths::department_dir(slug)),
                "last_url": last.map(|_| r.urls.link(&paths::report_dir(year - 1, slug))),
            })
        })
        .collect();
    ctx.insert("missing", &missing);
    ctx.insert("totals", &figs(&y.totals));
    ctx.insert("csv", &r.urls.link(&paths::year_csv(year, false)));
    ctx.insert("csv_excel", &r.urls.link(&paths::year_csv(year, true)));
    ctx.insert(
        "prev_year",
        &m.year(year - 1).map(|_| YearLink {
            year: year - 1,
            url: r.urls.link(&paths::year_dir(year - 1)),
        }),
    );
    ctx.insert(
        "next_year",
        &m.year(year + 1).map(|_| YearLink {
            year: year + 1,
            url: r.urls.link(&paths::year_dir(year + 1)),
        }),
    );
    let html = r.tera_render("year.html", &ctx)?;
    let reports: Vec<&Report> = y.reports.iter().map(|&i| m.reports[i].report).collect();
    let mut sorted = reports.clone();
    sorted.sort_by(|a, b| a.slug.cmp(&b.slug));
    let csv = data::reports_csv(&reports);
    Ok(vec![
        html.into_bytes(),
        csv.clone().into_bytes(),
        data::with_bom(&csv),
    ])
}

fn department(r: &Renderer, d: usize) -> Result<Vec<Vec<u8>>, String> {
    let m = r.model;
    let dept = &m.departments[d];
    let mut ctx = r.ctx();
    ctx.insert(
        "department",
        &serde_json::json!({
            "name": dept.name,
            "slug": dept.slug,
            "aliases": dept.aliases,
            "kind": m.site.departments.get(&dept.slug).map(|x| x.kind.label()),
        }),
    );
    let cards: Vec<Card> = dept.reports.iter().rev().map(|&i| r.card(i)).collect();
    ctx.insert("reports", &cards);
    ctx.insert("history", &history(r, dept));
    ctx.insert(
        "charts",
        &series_charts(
            dept.reports
                .iter()
                .map(|&i| (m.reports[i].report.year.to_string(), &m.reports[i].figures)),
            &[0, 1, 7],
        ),
    );
    ctx.insert("feed", &r.urls.link(&paths::department_feed(&dept.slug)));
    let html = r.tera_render("department.html", &ctx)?;
    let idx: Vec<usize> = dept.reports.iter().rev().copied().collect();
    let feed = feeds::atom(
        &format!("{} — {}", dept.name, m.site.config.title),
        &r.urls.abs(&paths::department_feed(&dept.slug)),
        &r.urls.abs(&paths::department_dir(&dept.slug)),
        &entries(r, &idx),
    );
    Ok(vec![html.into_bytes(), feed.into_bytes()])
}

#[derive(Serialize)]
struct SectionView {
    numeral: &'static str,
    key: &'static str,
    heading: String,
    html: String,
    is_table: bool,
}

/// The six sections of a report as HTML, in template order. Narrative sections the parser did
/// not recognise stay with the recognised section before them (or the preamble).
fn sections(rep: &Report) -> (String, Vec<SectionView>) {
    let mut preamble = markdown::to_html(&rep.narrative.preamble);
    let mut extra: std::collections::HashMap<&str, String> = Default::default();
    let mut last: Option<&str> = None;
    for s in &rep.narrative.sections {
        match s.key {
            Some(k) => last = Some(k),
            None => {
                let html = format!(
                    "<h3>{}</h3>{}",
                    super::esc(&s.heading),
                    markdown::to_html(&s.body)
                );
                match last {
                    Some(k) => extra.entry(k).or_default().push_str(&html),
                    None => preamble.push_str(&html),
                }
            }
        }
    }
    let views = schema::SECTIONS
        .iter()
        .map(|sec| {
            let html = match sec.kind {
                SectionKind::Narrative { .. } => {
                    let mut h = match rep.narrative.section(sec.key) {
                        Some(s) if !s.body.trim().is_empty() => markdown::to_html(&s.body),
                        _ => "<p class=\"absent\">（报告未包含此部分。）</p>".to_string(),
                    };
                    if let Some(x) = extra.get(sec.key) {
                        h.push_str(x);
                    }
                    h
                }
                SectionKind::Table(t) => {
                    if !rep.edition.has_tables() {
                        "<p class=\"absent\">（本报告采用2019年以前的自由格式，没有统一的统计表格。）</p>".into()
                    } else {
                        let present = match t {
                            schema::TableId::Active => rep.active.is_some(),
                            schema::TableId::Applications => rep.applications.is_some(),
                            schema::TableId::ReviewLitigation => rep.review.is_some(),
                        };
                        if !present {
                            "<p class=\"absent\">（报告缺少此表。）</p>".into()
                        } else {
                            match t {
                                schema::TableId::Active => tables::active(rep),
                                schema::TableId::Applications => tables::applications(rep),
                                schema::TableId::ReviewLitigation => tables::review(rep),
                            }
                        }
                    }
                }
            };
            SectionView {
                numeral: sec.numeral,
                key: sec.key,
                heading: sec.heading(),
                html,
                is_table: sec.table().is_some(),
            }
        })
        .collect();
    (preamble, views)
}

fn report(r: &Renderer, i: usize) -> Result<Vec<Vec<u8>>, String> {
    let m = r.model;
    let info = &m.reports[i];
    let rep = info.report;
    let mut ctx = r.ctx();
    let source = match source_name(m, i) {
        Some(name) => {
            let path = m.site.root.join(&rep.file).with_file_name(name);
            let bytes = std::fs::read(&path)
                .map_err(|e| format!("cannot read source {}: {e}", path.display()))?;
            Some((bytes, name))
        }
        None => None,
    };
    let doc = source.as_ref().map(|(bytes, name)| data::SourceDoc {
        file: format!("source-{name}"),
        sha256: sha256_hex(bytes),
    });
    let dept = m.department(&rep.slug).expect("listed");
    let url = r.urls.link(&paths::report_dir(rep.year, &rep.slug));
    ctx.insert(
        "report",
        &serde_json::json!({
            "title": rep.title,
            "department": rep.department,
            "department_name": dept.name,
            "year": rep.year,
            "edition": rep.edition.id(),
            "edition_describe": rep.edition.describe(),
            "published": rep.published,
            "example": rep.example,
            "url": url,
            "department_url": r.urls.link(&paths::department_dir(&rep.slug)),
            "year_url": r.urls.link(&paths::year_dir(rep.year)),
            "json": r.urls.link(&paths::report_json(rep.year, &rep.slug)),
            "csv": r.urls.link(&paths::report_csv(rep.year, &rep.slug)),
        }),
    );
    ctx.insert(
        "source",
        &doc.as_ref().map(|d| {
            serde_json::json!({
                "url": r.urls.link(&format!("{}{}", paths::report_dir(rep.year, &rep.slug), d.file)),
                "name": source.as_ref().map(|s| s.1),
                "sha256": d.sha256,
            })
        }),
    );
    // Errors first (a reader needs those), then warnings; each links to its table when the
    // finding is about a cell.
    let finding = |d: &&crate::diagnostics::Diagnostic| {
        let table = d
            .cell
            .as_deref()
            .and_then(|c| c.split('.').next())
            .filter(|t| schema::TableId::ALL.iter().any(|id| id.key() == *t));
        serde_json::json!({
            "severity": d.severity().as_str(),
            "rule": d.rule.code(),
            "summary": d.rule.rule().summary,
            "message": d.message,
            "line": d.line,
            "anchor": table,
        })
    };
    let (errors, warnings): (Vec<_>, Vec<_>) = info
        .findings
        .iter()
        .partition(|d| d.severity() == crate::schema::Severity::Error);
    let errors: Vec<serde_json::Value> = errors.iter().map(finding).collect();
    let warnings: Vec<serde_json::Value> = warnings.iter().map(finding).collect();
    ctx.insert("findings", &(errors.len() + warnings.len()));
    ctx.insert("errors", &errors.len());
    ctx.insert("error_findings", &errors);
    ctx.insert("warning_findings", &warnings);
    let (preamble, secs) = sections(rep);
    ctx.insert("preamble", &preamble);
    ctx.insert("sections", &secs);
    ctx.insert(
        "compare_url",
        &info
            .prev
            .map(|_| r.urls.link(&paths::compare(rep.year, &rep.slug))),
    );
    let years: Vec<serde_json::Value> = dept
        .reports
        .iter()
        .map(|&j| {
            let o = m.reports[j].report;
            serde_json::json!({
                "year": o.year,
                "url": r.urls.link(&paths::report_dir(o.year, &o.slug)),
                "current": j == i,
            })
        })
        .collect();
    ctx.insert("other_years", &years);
    let html = r.tera_render("report.html", &ctx)?;
    let json = data::report_json(rep, &url, doc.as_ref(), &info.figures, &info.findings);
    let mut out = vec![
        html.into_bytes(),
        (serde_json::to_string(&json).expect("json") + "\n").into_bytes(),
        data::report_csv(rep).into_bytes(),
    ];
    if info.prev.is_some() {
        out.push(r.tera_render("compare.html", &compare(r, i))?.into_bytes());
    }
    if let Some((bytes, _)) = source {
        out.push(bytes);
    }
    Ok(out)
}

/// One row of a comparison table, as HTML: built here rather than in the template because a
/// large site has millions of them (end tags of cells are optional and left out).
fn compare_row(
    out: &mut String,
    label: &str,
    current: &str,
    previous: &str,
    delta: &str,
    percent: &str,
    class: &str,
) {
    use std::fmt::Write as _;
    out.push_str("<tr");
    if !class.is_empty() {
        let _ = write!(out, " class=\"{class}\"");
    }
    let _ = write!(
        out,
        "><th scope=\"row\">{}<td>{}<td>{}<td>{delta}<td>{percent}",
        super::esc(label),
        super::esc(current),
        super::esc(previous)
    );
}

fn compare(r: &Renderer, i: usize) -> Context {
    let m = r.model;
    let cur = m.reports[i].report;
    let p = m.reports[i]
        .prev
        .expect("compare jobs have a previous year");
    let prev = m.reports[p].report;
    let mut ctx = r.ctx();
    ctx.insert(
        "report",
        &serde_json::json!({
            "title": cur.title, "department": cur.department, "year": cur.year,
            "url": r.urls.link(&paths::report_dir(cur.year, &cur.slug)),
        }),
    );
    ctx.insert(
        "previous",
        &serde_json::json!({
            "title": prev.title, "year": prev.year,
            "url": r.urls.link(&paths::report_dir(prev.year, &prev.slug)),
        }),
    );
    // Cells by path: the current edition's cells, matched with last year's by key path.
    let cur_cells = data::cell_columns(cur.edition)
        .iter()
        .zip(data::report_cells(cur))
        .collect::<Vec<_>>();
    // Last year's cells: as printed, and as a number.
    type Shown = (String, Option<(f64, usize)>);
    let prev_cells: std::collections::HashMap<String, Option<Shown>> =
        data::cell_columns(prev.edition)
            .iter()
            .zip(data::report_cells(prev))
            .map(|(c, (cell, _))| {
                let shown = cell
                    .filter(|c| !c.is_blank())
                    .map(|c| (c.display(), number(c)));
                (c.path.clone(), shown)
            })
            .collect();
    let mut groups: Vec<(String, String)> = vec![];
    for (col, (cell, _)) in cur_cells {
        let table = col.label.split('·').next().unwrap_or_default().to_string();
        let label = col
            .label
            .split_once('·')
            .map(|x| x.1)
            .unwrap_or(&col.label)
            .to_string();
        let now = cell.filter(|c| !c.is_blank()).and_then(number);
        let before = prev_cells
            .get(&col.path)
            .and_then(|p| p.as_ref())
            .and_then(|p| p.1);
        let (delta, percent, class) = match (now, before) {
            (Some((a, da)), Some((b, db))) => {
                // Amounts keep the decimals they were written with: 7545 − 7730.28 = −185.28.
                let decimals = da.max(db);
                let d = a - b;
                let pct = if b != 0.0 {
                    format!("{:+.1}%", d * 100.0 / b)
                } else {
                    "—".into()
                };
                let class = if d > 0.0 {
                    "up"
                } else if d < 0.0 {
                    "down"
                } else {
                    "same"
                };
                (format!("{d:+.decimals$}"), pct, class)
            }
            _ => ("—".into(), "—".into(), ""),
        };
        let previous = match prev_cells.get(&col.path) {
            Some(Some((shown, _))) => shown.clone(),
            Some(None) => String::new(),
            None => "（上年无此项）".into(),
        };
        let current = cell.map(|c| c.display()).unwrap_or_default();
        if groups.last().is_none_or(|(t, _)| *t != table) {
            groups.push((table, String::with_capacity(16 * 1024)));
        }
        let (_, html) = groups.last_mut().expect("just pushed");
        compare_row(html, &label, &current, &previous, &delta, &percent, class);
    }
    let tables: Vec<serde_json::Value> = groups
        .into_iter()
        .map(|(numeral, rows_html)| {
            let sec = schema::SECTIONS.iter().find(|s| s.numeral == numeral);
            serde_json::json!({
                "key": sec.map(|s| s.key),
                "heading": sec.map(|s| s.heading()).unwrap_or(numeral),
                "rows_html": rows_html,
            })
        })
        .collect();
    ctx.insert("tables", &tables);
    let narrative: Vec<serde_json::Value> = schema::narrative_sections()
        .map(|s| {
            let body = |rep: &Report| {
                rep.narrative
                    .section(s.key)
                    .map(|x| markdown::to_html(&x.body))
                    .unwrap_or_else(|| "<p class=\"absent\">（未包含此部分。）</p>".into())
            };
            serde_json::json!({
                "key": s.key, "heading": s.heading(),
                "current": body(cur), "previous": body(prev),
            })
        })
        .collect();
    ctx.insert("narrative", &narrative);
    ctx
}

/// A cell as a number for comparison, with the decimals it was written with: counts, and
/// amounts in 万元 ("190.457379"); text cells have none.
fn number(c: &crate::content::Cell) -> Option<(f64, usize)> {
    match &c.value {
        crate::content::Value::Count(n) => Some((*n as f64, 0)),
        crate::content::Value::Decimal(s) => {
            let decimals = s.split_once('.').map_or(0, |(_, f)| f.len());
            s.parse().ok().map(|v| (v, decimals))
        }
        _ => None,
    }
}

fn about(r: &Renderer) -> Context {
    let mut ctx = r.ctx();
    let editions: Vec<serde_json::Value> = Edition::ALL
        .iter()
        .map(|e| serde_json::json!({"id": e.id(), "describe": e.describe()}))
        .collect();
    ctx.insert("editions", &editions);
    let sections: Vec<serde_json::Value> = schema::SECTIONS
        .iter()
        .map(|s| serde_json::json!({"heading": s.heading(), "key": s.key, "table": s.table().is_some()}))
        .collect();
    ctx.insert("sections", &sections);
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|x| serde_json::json!({"code": x.code, "severity": x.severity.as_str(), "summary": x.summary}))
        .collect();
    ctx.insert("rules", &rules);
    let mut glossary = vec![];
    for e in [Edition::E2021, Edition::E2019] {
        for row in schema::active_rows(e) {
            for f in row.fields {
                glossary.push(serde_json::json!({"table": "二", "edition": e.id(), "label": format!("{} · {}", row.label, f.label), "key": row.path(f), "block": row.block}));
            }
        }
    }
    for row in schema::APPLICATION_ROWS {
        let group = row.group.map(|g| g.label).unwrap_or("");
        glossary.push(serde_json::json!({
            "table": "三",
            "edition": row.editions.iter().map(|e| e.id()).collect::<Vec<_>>().join("、"),
            "label": if group.is_empty() { row.label.to_string() } else { format!("{group} › {}", row.label) },
            "key": row.path(),
            "block": if row.under_results() { schema::RESULTS_HEADING } else { "" },
        }));
    }
    ctx.insert("glossary", &glossary);
    ctx.insert(
        "applicant_columns",
        &APPLICANT_COLUMNS
            .iter()
            .map(|c| serde_json::json!({"label": c.label, "key": c.key, "group": c.group}))
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "review_columns",
        &REVIEW_COLUMNS
            .iter()
            .map(|c| serde_json::json!({"label": c.label, "key": c.key}))
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "review_groups",
        &schema::REVIEW_GROUPS
            .iter()
            .map(|g| serde_json::json!({"name": g.name(), "key": g.key}))
            .collect::<Vec<_>>(),
    );
    ctx.insert("json_schema", &r.urls.link(paths::JSON_SCHEMA));
    ctx.insert("all_csv", &r.urls.link(paths::ALL_CSV));
    ctx.insert("all_csv_excel", &r.urls.link(paths::ALL_CSV_EXCEL));
    ctx
}
