//! Page views: what each template is given, built as the typed structs of [`super::views`].
//! Everything shown is taken from the site model and the schema; templates only lay it out
//! (and tera escapes every string).

use super::theme::Theme;
use super::views::*;
use super::{
    Body, Page, Renderer, Urls, charts, compare::LastYear, data, feeds, markdown, paths, tables,
    xlsx,
};
use crate::content::Report;
use crate::error::Error;
use crate::i18n::Lang;
use crate::schema::{
    self, APPLICANT_COLUMNS, Edition, KEY_FIGURES, REVIEW_COLUMNS, RULES, SectionKind, TableId,
};
use crate::site::model::{DepartmentInfo, DeptId, Figures, Model, ReportId, YearInfo};
use crate::site::supervision::{span, unpublished};
use serde::Serialize;
use tera::Context;

/// What every page shares: site settings, the navigation, the key-figure headers, and the site's
/// header and footer rendered once from those.
pub fn base_context(m: &Model, urls: &Urls, theme: &Theme) -> Result<Context, Error> {
    let c = &m.site.config;
    let base = BaseView {
        site: SiteMeta {
            title: c.title.clone(),
            description: c.description.clone(),
            language: c.language.clone(),
            region: c.region.clone(),
            other_regions: given(&c.other_regions),
            sponsor: given(&c.sponsor),
            operator: given(&c.operator),
            contact: given(&c.contact),
            site_code: given(&c.site_code),
            icp: given(&c.icp),
            police_record: given(&c.police_record),
            police_record_code: given(&c.police_record)
                .map(|r| r.chars().filter(char::is_ascii_digit).collect()),
            public_hints: c.public_hints,
        },
        root: urls.root.clone(),
        feed_url: if urls.is_absolute() {
            urls.link(paths::FEED)
        } else {
            String::new()
        },
        departments_url: urls.link(paths::DEPARTMENTS),
        about_url: urls.link(paths::ABOUT),
        search_url: urls.link(paths::SEARCH),
        supervision_url: urls.link(super::supervision::paths::INDEX),
        supervision_in_nav: c.supervision_in_navigation,
        manual_url: urls.link(super::manual::DIR),
        nav_years: m
            .years
            .iter()
            .rev()
            .map(|y| YearLink {
                year: y.year,
                url: urls.link(&paths::year_dir(y.year)),
            })
            .collect(),
        figure_labels: KEY_FIGURES.iter().map(|f| f.label()).collect(),
        site_header: String::new(),
        site_footer: String::new(),
    };
    let mut ctx = Context::from_serialize(&base).map_err(|e| Error::Template(e.to_string()))?;
    for part in ["site_header", "site_footer"] {
        let html = theme.render_bytes(&format!("{part}.html"), &ctx)?;
        let html = String::from_utf8(html).map_err(|e| Error::Template(e.to_string()))?;
        ctx.insert(part, &html);
    }
    Ok(ctx)
}

/// A site.toml text setting, when it says something.
fn given(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

fn fig(v: &Option<i64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_else(|| "—".into())
}

fn figs(f: &Figures) -> Vec<String> {
    f.iter().map(fig).collect()
}

/// Figures as the cells of a table row ([`Card::figure_cells`]).
fn figure_cells(figures: &[String]) -> String {
    let mut h = String::with_capacity(figures.len() * 28);
    for f in figures {
        h.push_str("<td class=\"num\">");
        super::esc_into(&mut h, f);
        h.push_str("</td>");
    }
    h
}

impl Renderer<'_> {
    fn card(&self, i: ReportId) -> Card {
        let info = &self.model[i];
        let r = info.report;
        let errors = info.errors();
        let figures = figs(&info.figures);
        Card {
            figure_cells: figure_cells(&figures),
            year: r.year,
            slug: r.slug.clone(),
            department: r.department.clone(),
            title: r.title.clone(),
            url: self.urls.link(&paths::report_dir(r.year, &r.slug)),
            edition: r.edition.id(),
            figures,
            errors,
            warnings: if self.model.site.config.public_hints {
                info.findings.len() - errors
            } else {
                0
            },
            example: r.example,
            published: r.published.clone(),
        }
    }

    /// Render a template with the shared [`BaseView`] and the page's view. The view's entries
    /// are put into a copy of the base context taken from a pool and removed after, so that
    /// the base (the header, the footer, the navigation) is not copied for every page.
    ///
    /// A view given by value is dropped once turned into the template's values: the home page's
    /// view (a card per report of the latest year, a link per department) is tens of megabytes
    /// at 100,000 reports, and the page renders while the whole site is held.
    pub(super) fn render_view(
        &self,
        template: &str,
        view: impl Serialize,
    ) -> Result<Vec<u8>, Error> {
        let fail = |e: &dyn std::fmt::Display| Error::Template(format!("{template}: {e}"));
        let value = serde_json::to_value(&view).map_err(|e| fail(&e));
        drop(view);
        let view = value?;
        let keys: Vec<String> = match &view {
            serde_json::Value::Object(map) => map.keys().cloned().collect(),
            _ => vec![],
        };
        let view = Context::from_value(view).map_err(|e| fail(&e))?;
        // A view that names a key of the base replaces it: that copy is not put back.
        let reusable = !keys.iter().any(|k| self.base.contains_key(k));
        let mut ctx = match reusable {
            true => self
                .contexts
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .pop(),
            false => None,
        }
        .unwrap_or_else(|| self.base.clone());
        ctx.extend(view);
        let html = self.tera_render(template, &ctx);
        if reusable {
            for k in &keys {
                ctx.remove(k);
            }
            (self.contexts.lock().unwrap_or_else(|e| e.into_inner())).push(ctx);
        }
        html
    }
}

/// The source document's output name, when the report names one that exists beside it.
pub fn source_name<'m>(m: &'m Model, i: ReportId) -> Option<&'m str> {
    let r = m[i].report;
    let name = r.source.as_deref()?;
    let plain = !name.is_empty() && !name.contains(['/', '\\', '\0']) && !name.starts_with('.');
    let path = m.site.root.join(&r.file).with_file_name(name);
    // Only a type that is safe on the portal's address (F-SOURCE): a disallowed one is neither
    // copied nor linked, even when the site publishes reports with errors.
    (plain
        && path.symlink_metadata().is_ok_and(|md| md.is_file())
        && crate::validate::attachment::judge(name, &path).is_ok())
    .then_some(name)
}

pub fn render(r: &Renderer, page: &Page) -> Result<Vec<Vec<u8>>, Error> {
    match page {
        Page::Home => one(r.render_view("index.html", home(r))),
        Page::Departments => one(r.render_view(
            "departments.html",
            DepartmentsView {
                departments: department_links(r),
            },
        )),
        Page::About => one(r.render_view("about.html", about(r))),
        Page::NotFound => one(r.tera_render("404.html", &r.base)),
        Page::Year(y) => year(r, *y),
        Page::Department(d) => department(r, *d),
        Page::Report(i) => report(r, *i),
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
            urls.extend(super::manual::sitemap_urls(r));
            for info in &r.model.reports {
                let rep = info.report;
                urls.push(r.urls.abs(&paths::report_dir(rep.year, &rep.slug)));
            }
            Ok(vec![feeds::sitemap(&urls).into_bytes()])
        }
        Page::Feed => {
            let idx: Vec<ReportId> = r.model.report_ids().rev().map(|(i, _)| i).collect();
            let xml = feeds::atom(
                &r.model.site.config.title,
                &r.urls.abs(paths::FEED),
                &r.urls.abs(""),
                &entries(r, &idx),
            );
            Ok(vec![xml.into_bytes()])
        }
        Page::Robots if !r.urls.is_absolute() => Ok(vec![b"User-agent: *\nAllow: /\n".to_vec()]),
        Page::Robots => Ok(vec![
            format!(
                "User-agent: *\nAllow: /\nSitemap: {}\n",
                r.urls.abs(paths::SITEMAP)
            )
            .into_bytes(),
        ]),
        Page::Static(_)
        | Page::Data
        | Page::Supervision
        | Page::SupervisionYear(_)
        | Page::Search
        | Page::SearchText(_)
        | Page::Manual => {
            unreachable!("Renderer::render_parts renders these itself")
        }
    }
}

/// The all-years files, in the order of the job's outputs: the reports CSV (and its Excel copy),
/// the JSON Schema, the workbook and the long CSV, which is written as a stream.
pub fn data<'s, 'a: 's>(r: &'s Renderer<'a>) -> Result<Vec<Body<'s>>, Error> {
    let all: Vec<&'a Report> = r.model.site.reports.iter().map(|r| &**r).collect();
    let schema = serde_json::to_string_pretty(&data::json_schema()).expect("json");
    // The workbook lists each year's reports as the year's page and workbook do (departments
    // in their order), so that its rows are the year workbooks' rows (see `xlsx::Blocks`).
    let by_year: Vec<&Report> = (r.model.years.iter())
        .flat_map(|y| y.reports.iter().map(|&i| r.model[i].report))
        .collect();
    let (plain, long) = (all.clone(), all);
    let variant = data::reports_csv_variant(&plain);
    let plain_asm = r.assemble(paths::ALL_CSV, paths::ALL_CSV, &variant, true);
    let long_asm = r.assemble(paths::LONG_CSV, paths::LONG_CSV, "long-csv", true);
    Ok(vec![
        Body::Stream(Box::new(move |w| {
            data::write_reports_csv(w, &plain, plain_asm)
        })),
        // The Excel copy: the same lines after a byte-order mark, copied from the file above.
        Body::CopyOf {
            of: 0,
            prefix: data::BOM,
        },
        Body::Bytes((schema + "\n").into_bytes()),
        Body::Stream(Box::new(move |w| {
            xlsx::write_reports_xlsx(r, paths::ALL_XLSX, &by_year, w)
        })),
        Body::Stream(Box::new(move |w| data::write_long_csv(w, &long, long_asm))),
        Body::Bytes(data::cells_csv()),
    ])
}

fn one(html: Result<Vec<u8>, Error>) -> Result<Vec<Vec<u8>>, Error> {
    Ok(vec![html?])
}

/// Feed entries for reports (newest first as given).
fn entries(r: &Renderer, idx: &[ReportId]) -> Vec<feeds::Entry> {
    idx.iter()
        .map(|&i| {
            let rep = r.model[i].report;
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

fn home(r: &Renderer) -> HomeView {
    let m = r.model;
    let latest = m.years.last();
    HomeView {
        latest_year: latest.map(|y| y.year),
        latest: latest.map(|y| local_cards(r, y)).unwrap_or_default(),
        latest_elsewhere: latest.map(|y| elsewhere_cards(r, y)).unwrap_or_default(),
        latest_totals: latest.map(|y| figs(&y.totals)).unwrap_or_default(),
        years: m
            .years
            .iter()
            .rev()
            .map(|y| YearSummary {
                year: y.year,
                url: r.urls.link(&paths::year_dir(y.year)),
                count: y.reports.len() - y.elsewhere.len(),
                missing: y.missing.len(),
                totals: figs(&y.totals),
            })
            .collect(),
        departments: department_links(r),
        charts: series_charts(
            m.years.iter().map(|y| (format!("{}年", y.year), &y.totals)),
            &[0, 1, 7],
        ),
        with_findings: m.reports_with_findings(),
        with_errors: m.reports.iter().filter(|r| r.errors() > 0).count(),
        with_warnings: if m.site.config.public_hints {
            m.reports
                .iter()
                .filter(|r| r.findings.len() > r.errors())
                .count()
        } else {
            0
        },
        report_count: m.reports.len(),
        all_csv: r.urls.link(paths::ALL_CSV),
        all_csv_excel: r.urls.link(paths::ALL_CSV_EXCEL),
        all_xlsx: r.urls.link(paths::ALL_XLSX),
        long_csv: r.urls.link(paths::LONG_CSV),
        json_schema: r.urls.link(paths::JSON_SCHEMA),
    }
}

fn department_links(r: &Renderer) -> Vec<DepartmentLink> {
    r.model
        .departments
        .iter()
        .map(|d| DepartmentLink {
            name: d.name.clone(),
            slug: d.slug.clone(),
            url: r.urls.link(&paths::department_dir(&d.slug)),
            count: d.reports.len(),
            years: d.reports.iter().map(|&i| r.model[i].report.year).collect(),
            local: r.model.is_local(&d.slug),
        })
        .collect()
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
    years.extend(dept.reports.iter().map(|&i| m[i].report.year));
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
) -> Vec<Chart> {
    which
        .iter()
        .map(|&k| {
            let label = KEY_FIGURES[k].label();
            let pts: Vec<(String, Option<i64>)> = points.clone().map(|(l, f)| (l, f[k])).collect();
            charts::bars(label, &pts)
        })
        .collect()
}

fn year(r: &Renderer, year: i32) -> Result<Vec<Vec<u8>>, Error> {
    let m = r.model;
    let y = m.year(year).expect("a year job has a year");
    let link = |year: i32| {
        m.year(year).map(|_| YearLink {
            year,
            url: r.urls.link(&paths::year_dir(year)),
        })
    };
    let view = YearView {
        year,
        reports: local_cards(r, y),
        elsewhere: elsewhere_cards(r, y),
        missing: y
            .missing
            .iter()
            .map(|slug| {
                let d = m.department(slug).expect("missing departments are listed");
                let last = m.find(year - 1, slug);
                MissingDepartment {
                    name: d.name.clone(),
                    url: r.urls.link(&paths::department_dir(slug)),
                    last_url: last.map(|_| r.urls.link(&paths::report_dir(year - 1, slug))),
                }
            })
            .collect(),
        totals: figs(&y.totals),
        csv: r.urls.link(&paths::year_csv(year, false)),
        csv_excel: r.urls.link(&paths::year_csv(year, true)),
        xlsx: r.urls.link(&paths::year_xlsx(year)),
        prev_year: link(year - 1),
        next_year: link(year + 1),
    };
    let html = r.render_view("year.html", &view)?;
    let reports: Vec<&Report> = y.reports.iter().map(|&i| m[i].report).collect();
    let csv_path = paths::year_csv(year, false);
    let variant = data::reports_csv_variant(&reports);
    let csv = data::reports_csv(&reports, r.assemble(&csv_path, &csv_path, &variant, true));
    Ok(vec![
        html,
        csv.clone().into_bytes(),
        data::with_bom(&csv),
        xlsx::reports_xlsx(r, &paths::year_xlsx(year), &reports)?,
    ])
}

fn department(r: &Renderer, d: DeptId) -> Result<Vec<Vec<u8>>, Error> {
    let m = r.model;
    let dept = &m[d];
    let view = DepartmentView {
        department: DepartmentMeta {
            name: dept.name.clone(),
            slug: dept.slug.clone(),
            aliases: dept.aliases.clone(),
            kind: m.site.departments.get(&dept.slug).map(|x| x.kind.label()),
        },
        reports: dept.reports.iter().rev().map(|&i| r.card(i)).collect(),
        history: history(r, dept),
        charts: series_charts(
            dept.reports
                .iter()
                .map(|&i| (format!("{}年", m[i].report.year), &m[i].figures)),
            &[0, 1, 7],
        ),
        feed: if r.urls.is_absolute() {
            r.urls.link(&paths::department_feed(&dept.slug))
        } else {
            String::new()
        },
    };
    let html = r.render_view("department.html", &view)?;
    if !r.urls.is_absolute() {
        return Ok(vec![html]);
    }
    let idx: Vec<ReportId> = dept.reports.iter().rev().copied().collect();
    let feed = feeds::atom(
        &format!("{} — {}", dept.name, m.site.config.title),
        &r.urls.abs(&paths::department_feed(&dept.slug)),
        &r.urls.abs(&paths::department_dir(&dept.slug)),
        &entries(r, &idx),
    );
    Ok(vec![html, feed.into_bytes()])
}

/// The six sections of a report as HTML, in template order, and how many cells of its tables
/// differ from `last` year's (compared when given: see `compare`). Narrative sections the parser
/// did not recognise stay with the recognised section before them (or the preamble).
/// `previous` is last year's report page, when the page has the 与上年对比 view.
fn sections(
    rep: &Report,
    mut last: Option<LastYear>,
    previous: Option<&str>,
) -> (String, Vec<SectionView>, usize) {
    let mut preamble = markdown::to_html(&rep.narrative.preamble);
    let mut extra: std::collections::HashMap<&str, String> = Default::default();
    let mut last_key: Option<&str> = None;
    for s in &rep.narrative.sections {
        match s.key {
            Some(k) => last_key = Some(k),
            None => {
                let html = format!(
                    "<h3>{}</h3>{}",
                    super::esc(&s.heading),
                    markdown::to_html(&s.body)
                );
                match last_key {
                    Some(k) => extra.entry(k).or_default().push_str(&html),
                    None => preamble.push_str(&html),
                }
            }
        }
    }
    let views = schema::SECTIONS
        .iter()
        .map(|sec| {
            let (html, absent) = match sec.kind {
                SectionKind::Narrative { .. } => {
                    let (mut h, absent) = match rep.narrative.section(sec.key) {
                        Some(s) if !s.body.trim().is_empty() => (markdown::to_html(&s.body), None),
                        _ => (String::new(), Some(Absent::Section)),
                    };
                    if let Some(x) = extra.get(sec.key) {
                        h.push_str(x);
                    }
                    (h, absent)
                }
                SectionKind::Table(t) => table_html(rep, t, last.as_mut()),
            };
            let is_table = sec.table().is_some();
            let heading = sec.heading();
            SectionView {
                numeral: sec.numeral,
                key: sec.key,
                head: section_head(sec.key, &heading, is_table),
                previous_url: previous
                    .filter(|_| !is_table)
                    .map(|url| format!("{url}#{}", sec.key)),
                heading,
                html,
                absent,
                is_table,
            }
        })
        .collect();
    (preamble, views, last.map_or(0, |l| l.changed))
}

/// A section's opening tag and heading ([`SectionView::head`]), each followed by a line break.
fn section_head(key: &str, heading: &str, is_table: bool) -> String {
    let mut h = String::with_capacity(128 + heading.len());
    h.push_str("<section id=\"");
    super::esc_into(&mut h, key);
    h.push_str(if is_table {
        "\" class=\"section section-table\" aria-labelledby=\""
    } else {
        "\" class=\"section\" aria-labelledby=\""
    });
    super::esc_into(&mut h, key);
    h.push_str("-h\">\n<h2 id=\"");
    super::esc_into(&mut h, key);
    h.push_str("-h\">");
    super::esc_into(&mut h, heading);
    h.push_str("</h2>\n");
    h
}

/// The table of contents' items ([`ReportView::toc`]): a link to each section.
fn toc(sections: &[SectionView]) -> String {
    let mut h = String::with_capacity(sections.len() * 96);
    for s in sections {
        h.push_str("<li><a href=\"#");
        super::esc_into(&mut h, s.key);
        h.push_str("\">");
        super::esc_into(&mut h, &s.heading);
        h.push_str("</a></li>");
    }
    h
}

/// The department's years as list items ([`ReportView::other_years_html`]).
fn other_years_html(years: &[OtherYear]) -> String {
    let mut h = String::with_capacity(years.len() * 48);
    for y in years {
        if y.current {
            h.push_str("<li><span aria-current=\"page\">");
            super::push_int(&mut h, y.year);
            h.push_str("</span></li>");
        } else {
            h.push_str("<li><a href=\"");
            super::esc_into(&mut h, &y.url);
            h.push_str("\">");
            super::push_int(&mut h, y.year);
            h.push_str("</a></li>");
        }
    }
    h
}

/// A table of the report as the template prints it, or why there is none.
fn table_html(rep: &Report, t: TableId, last: Option<&mut LastYear>) -> (String, Option<Absent>) {
    if !rep.edition.has_tables() {
        return (String::new(), Some(Absent::FreeFormat));
    }
    let present = match t {
        TableId::Active => rep.active.is_some(),
        TableId::Applications => rep.applications.is_some(),
        TableId::ReviewLitigation => rep.review.is_some(),
    };
    if !present {
        return (String::new(), Some(Absent::Table));
    }
    let html = match t {
        TableId::Active => tables::active(rep, last),
        TableId::Applications => tables::applications(rep, last),
        TableId::ReviewLitigation => tables::review(rep, last),
    };
    (html, None)
}

/// Tables 二/三/四 as data: the cells of [`data::cell_columns`], grouped by table.
fn table_data(rep: &Report) -> Vec<TableData> {
    let mut out: Vec<TableData> = vec![];
    let columns = data::cell_columns(rep.edition);
    for (col, (cell, computed)) in columns.iter().zip(data::report_cells(rep)) {
        let key = col.path.split('.').next().unwrap_or_default();
        let Some(t) = TableId::ALL.into_iter().find(|t| t.key() == key) else {
            continue;
        };
        if out.last().is_none_or(|d| d.key != t.key()) {
            let sec = schema::section_of(t);
            out.push(TableData {
                key: t.key(),
                numeral: sec.numeral,
                title: sec.title,
                cells: vec![],
            });
        }
        let label = col
            .label
            .split_once('·')
            .map_or(col.label.as_str(), |x| x.1);
        out.last_mut().expect("pushed above").cells.push(CellData {
            path: col.path.clone(),
            label: label.to_string(),
            value: cell.map(|c| c.display()).unwrap_or_default(),
            blank: cell.is_some_and(|c| c.is_blank()),
            missing: cell.is_none(),
            computed,
        });
    }
    out
}

/// Where on the report page a finding about cell `path` points: the row of table 三 it is in
/// (`#r4`, the ids `render::tables` gives its row headers), else the table's section.
fn cell_anchor(rep: &Report, path: &str) -> Option<String> {
    let (table, rest) = path.split_once('.').unwrap_or((path, ""));
    if !TableId::ALL.iter().any(|id| id.key() == table) {
        return None;
    }
    if table == TableId::Applications.key() {
        let row = schema::application_rows(rep.edition)
            .position(|row| rest == row.key || rest.starts_with(&format!("{}.", row.key)));
        if let Some(i) = row {
            return Some(format!("#r{i}"));
        }
    }
    Some(format!("#{table}"))
}

/// A finding as a reader sees it, in the site's language: what does not add up and where, in
/// plain words (no rule id, no source line: those are for editors, in `check` and the dev
/// overlay), linking to the table row when it is about a cell.
fn finding_view(rep: &Report, d: &crate::diagnostics::Diagnostic, lang: Lang) -> FindingView {
    FindingView {
        severity: d.severity().as_str(),
        severity_label: d.severity().label(lang),
        summary: d.rule.rule().summary(lang),
        message: d.message.reader_text(lang),
        anchor: d.cell.as_deref().and_then(|c| cell_anchor(rep, c)),
    }
}

/// What kind of document an original is, by its name, for the link's words (the template names
/// it): `pdf`, `word`, `html` (a web page, kept as `.html.txt`), else `text`.
fn source_format(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".pdf") {
        "pdf"
    } else if lower.ends_with(".docx") || lower.ends_with(".doc") || lower.ends_with(".wps") {
        "word"
    } else if lower.ends_with(".html.txt") || lower.ends_with(".html") || lower.ends_with(".htm") {
        "html"
    } else {
        "text"
    }
}

/// A file's size as a reader reads it: `312 KB`, `1.4 MB` (1 KB = 1,024 bytes, rounded up, so
/// a small file is never "0 KB").
fn file_size(bytes: usize) -> String {
    const KB: usize = 1024;
    if bytes < KB * KB {
        format!("{} KB", bytes.div_ceil(KB).max(1))
    } else {
        format!("{:.1} MB", bytes as f64 / (KB * KB) as f64)
    }
}

fn report(r: &Renderer, i: ReportId) -> Result<Vec<Vec<u8>>, Error> {
    let m = r.model;
    let info = &m[i];
    let rep = info.report;
    let source = match source_name(m, i) {
        Some(name) => {
            let path = m.site.root.join(&rep.file).with_file_name(name);
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            Some((bytes, name))
        }
        None => None,
    };
    let doc = source.as_ref().map(|(bytes, name)| data::SourceDoc {
        file: format!("source-{name}"),
        sha256: crate::output::sha256_hex(<sha2::Sha256 as sha2::Digest>::new_with_prefix(bytes)),
    });
    let url = r.urls.link(&paths::report_dir(rep.year, &rep.slug));
    let view = report_view(
        r,
        i,
        &url,
        doc.as_ref().zip(source.as_ref().map(|s| (s.1, s.0.len()))),
    );
    let html = r.render_view("report.html", &view)?;
    let lang = m.site.config.lang();
    let json = data::report_json(rep, &url, doc.as_ref(), &info.figures, info.findings, lang);
    let csv = data::report_csv(rep);
    let mut out = vec![html, json, data::with_bom(&csv)];
    if let Some((bytes, _)) = source {
        out.push(bytes);
    }
    Ok(out)
}

/// The report page's view, with its 与上年对比 view when the department has a report of the year
/// before; `source` is the source document and its name, if there is one.
fn report_view(
    r: &Renderer,
    i: ReportId,
    url: &str,
    source: Option<(&data::SourceDoc, (&str, usize))>,
) -> ReportView {
    let m = r.model;
    let info = &m[i];
    let rep = info.report;
    let dept = m.department(&rep.slug).expect("listed");
    let lang = m.site.config.lang();
    // Errors first (a reader needs those), then warnings.
    let (errors, mut warnings): (Vec<_>, Vec<_>) = info
        .findings
        .iter()
        .partition(|d| d.severity() == crate::schema::Severity::Error);
    // A site may keep hints off its public pages (`public_hints = false`): they stay in `check`
    // and on the supervision pages.
    if !m.site.config.public_hints {
        warnings.clear();
    }
    let prev = info.prev.map(|p| &m[p]);
    let prev_url = prev.map(|p| {
        r.urls
            .link(&paths::report_dir(p.report.year, &p.report.slug))
    });
    let (preamble, sections, changed) = sections(
        rep,
        prev.map(|p| LastYear::of(p.report)),
        prev_url.as_deref(),
    );
    let other_years: Vec<OtherYear> = dept
        .reports
        .iter()
        .map(|&j| {
            let o = m[j].report;
            OtherYear {
                year: o.year,
                url: r.urls.link(&paths::report_dir(o.year, &o.slug)),
                current: j == i,
            }
        })
        .collect();
    ReportView {
        report: ReportMeta {
            title: rep.title.clone(),
            department: rep.department.clone(),
            department_name: dept.name.clone(),
            year: rep.year,
            edition: rep.edition.id(),
            edition_describe: rep.edition.describe(),
            published: rep.published.clone(),
            example: rep.example,
            url: url.to_string(),
            department_url: r.urls.link(&paths::department_dir(&rep.slug)),
            year_url: r.urls.link(&paths::year_dir(rep.year)),
            json: r.urls.link(&paths::report_json(rep.year, &rep.slug)),
            csv: r.urls.link(&paths::report_csv(rep.year, &rep.slug)),
        },
        source: source.map(|(doc, (name, bytes))| SourceLink {
            url: r.urls.link(&format!(
                "{}{}",
                paths::report_dir(rep.year, &rep.slug),
                doc.file
            )),
            name: name.to_string(),
            sha256: doc.sha256.clone(),
            format: source_format(name),
            size: file_size(bytes),
        }),
        findings: errors.len() + warnings.len(),
        errors: errors.len(),
        error_findings: errors
            .into_iter()
            .map(|d| finding_view(rep, d, lang))
            .collect(),
        warning_findings: warnings
            .into_iter()
            .map(|d| finding_view(rep, d, lang))
            .collect(),
        preamble,
        toc: toc(&sections),
        sections,
        compare_url: prev.map(|_| format!("{url}#{}", paths::COMPARE_FRAGMENT)),
        comparison: prev.map(|p| Comparison {
            previous: CompareReport {
                title: p.report.title.clone(),
                year: p.report.year,
                url: prev_url.clone().unwrap_or_default(),
                errors: p.errors(),
            },
            changed,
        }),
        other_years_html: other_years_html(&other_years),
        other_years,
        table_data: if r.table_data {
            table_data(rep)
        } else {
            vec![]
        },
    }
}

fn about(r: &Renderer) -> AboutView {
    AboutView {
        editions: Edition::ALL
            .iter()
            .map(|e| EditionInfo {
                id: e.id(),
                describe: e.describe(),
            })
            .collect(),
        sections: schema::SECTIONS
            .iter()
            .map(|s| SectionInfo {
                heading: s.heading(),
                key: s.key,
                table: s.table().is_some(),
            })
            .collect(),
        rules: RULES
            .iter()
            .map(|x| RuleInfo {
                code: x.code,
                severity: x.severity.as_str(),
                summary: x.summary(r.model.site.config.lang()),
            })
            .collect(),
        glossary: glossary(),
        applicant_columns: APPLICANT_COLUMNS
            .iter()
            .map(|c| ColumnInfo {
                label: c.label,
                key: c.key,
                group: Some(c.group),
            })
            .collect(),
        review_columns: REVIEW_COLUMNS
            .iter()
            .map(|c| ColumnInfo {
                label: c.label,
                key: c.key,
                group: None,
            })
            .collect(),
        review_groups: schema::REVIEW_GROUPS
            .iter()
            .map(|g| ReviewGroupInfo {
                name: g.name(),
                key: g.key,
            })
            .collect(),
        json_schema: r.urls.link(paths::JSON_SCHEMA),
        all_csv: r.urls.link(paths::ALL_CSV),
        all_csv_excel: r.urls.link(paths::ALL_CSV_EXCEL),
        all_xlsx: r.urls.link(paths::ALL_XLSX),
        long_csv: r.urls.link(paths::LONG_CSV),
        cells_csv: r.urls.link(paths::CELLS_CSV),
    }
}

/// Every key of tables 二 and 三 with its label, for the about page.
fn glossary() -> Vec<GlossaryEntry> {
    let mut glossary = vec![];
    for e in [Edition::E2021, Edition::E2019] {
        for row in schema::active_rows(e) {
            for f in row.fields {
                glossary.push(GlossaryEntry {
                    table: "二",
                    edition: e.id().to_string(),
                    label: format!("{} · {}", row.label, f.label),
                    key: row.path(f),
                    block: row.block,
                });
            }
        }
    }
    for row in schema::APPLICATION_ROWS {
        let group = row.group.map(|g| g.label).unwrap_or("");
        glossary.push(GlossaryEntry {
            table: "三",
            edition: row
                .editions
                .iter()
                .map(|e| e.id())
                .collect::<Vec<_>>()
                .join("、"),
            label: if group.is_empty() {
                row.label.to_string()
            } else {
                format!("{group} › {}", row.label)
            },
            key: row.path(),
            block: if row.under_results() {
                schema::RESULTS_HEADING
            } else {
                ""
            },
        });
    }
    glossary
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fragments made in Rust print what the built-in templates' loops printed before them
    /// (the loops are kept here as the reference), markup in the text escaped the same way.
    #[test]
    fn fragments_print_what_the_template_loops_printed() {
        let sections: Vec<SectionView> = [
            ("overview", "一、总体<情况>", false),
            ("active", "二、表", true),
        ]
        .into_iter()
        .map(|(key, heading, is_table)| SectionView {
            numeral: "一",
            key,
            heading: heading.to_string(),
            html: String::new(),
            absent: None,
            is_table,
            head: section_head(key, heading, is_table),
            previous_url: None,
        })
        .collect();
        let years = vec![
            OtherYear {
                year: 2022,
                url: "/2022/a&b/".into(),
                current: false,
            },
            OtherYear {
                year: 2023,
                url: "/2023/a/".into(),
                current: true,
            },
        ];
        let figures = vec!["12".to_string(), "—".to_string(), "<1>".to_string()];
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(super::super::esc);
        tera.add_raw_templates([
            (
                "head.html",
                "{% for s in sections %}<section id=\"{{ s.key }}\" class=\"section{% if s.is_table %} section-table{% endif %}\" aria-labelledby=\"{{ s.key }}-h\">\n<h2 id=\"{{ s.key }}-h\">{{ s.heading }}</h2>\n{% endfor %}",
            ),
            (
                "toc.html",
                "{% for s in sections %}<li><a href=\"#{{ s.key }}\">{{ s.heading }}</a></li>{% endfor %}",
            ),
            (
                "years.html",
                "{% for y in other_years %}<li>{% if y.current %}<span aria-current=\"page\">{{ y.year }}</span>{% else %}<a href=\"{{ y.url }}\">{{ y.year }}</a>{% endif %}</li>{% endfor %}",
            ),
            (
                "cells.html",
                "{% for f in figures %}<td class=\"num\">{{ f }}</td>{% endfor %}",
            ),
        ])
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("sections", &sections);
        ctx.insert("other_years", &years);
        ctx.insert("figures", &figures);
        let heads: String = sections.iter().map(|s| s.head.as_str()).collect();
        assert_eq!(heads, tera.render("head.html", &ctx).unwrap());
        assert!(heads.contains("一、总体&lt;情况&gt;"), "{heads}");
        assert_eq!(toc(&sections), tera.render("toc.html", &ctx).unwrap());
        assert_eq!(
            other_years_html(&years),
            tera.render("years.html", &ctx).unwrap()
        );
        assert_eq!(
            figure_cells(&figures),
            tera.render("cells.html", &ctx).unwrap()
        );
    }
}
