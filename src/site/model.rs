//! The site model: what the pages show beyond single reports — reports by year and by
//! department, previous-year links, 未发布 gaps, key figures and region totals. Everything is
//! computed from the `Report` accessors and the schema; labels are never re-derived here.

use super::Site;
use crate::content::{Departments, Report};
use crate::diagnostics::{Diagnostic, findings_of};
use crate::schema::{DECISION_FIELDS, FigureSource, KEY_FIGURES, RowRole, Severity};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

/// A report of the model: its place in `Site::reports` and in [`Model::reports`], which are
/// parallel. A type of its own so that it cannot index the departments by mistake.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReportId(usize);

/// A department of the model: its place in [`Model::departments`] (listing order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeptId(usize);

/// One value per entry of [`KEY_FIGURES`]; `None` where a report has no such table or row.
pub type Figures = Vec<Option<i64>>;

/// What the site model knows about one report.
pub struct ReportInfo<'a> {
    pub report: &'a Report,
    /// The same department's report of the year before.
    pub prev: Option<ReportId>,
    pub figures: Figures,
    /// The findings `check` gives for this report's file: one run of `Site::diagnostics`
    /// (sorted by file), so attaching them makes no list per report.
    pub findings: &'a [Diagnostic],
}

impl ReportInfo<'_> {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .count()
    }
}

#[derive(Debug, PartialEq)]
pub struct YearInfo {
    pub year: i32,
    /// Reports of the year, in department order.
    pub reports: Vec<ReportId>,
    /// Departments that published the year before but not this year (未发布), in department order.
    pub missing: Vec<String>,
    /// The year's reports of other regions (see [`Model::is_local`]), in department order: shown
    /// apart and never added into `totals`.
    pub elsewhere: Vec<ReportId>,
    /// Sum of each key figure over the year's reports of the site's own region: a total never
    /// adds bodies of two regions (a city and one of its districts would count twice).
    pub totals: Figures,
}

#[derive(Debug, PartialEq)]
pub struct DepartmentInfo {
    pub slug: String,
    /// Display name: `departments.toml`, else the name on its latest report.
    pub name: String,
    pub aliases: Vec<String>,
    /// Reports by year, oldest first.
    pub reports: Vec<ReportId>,
}

pub struct Model<'a> {
    pub site: &'a Site,
    /// Parallel to `site.reports`; index with a [`ReportId`] (`model[id]`).
    pub reports: Vec<ReportInfo<'a>>,
    /// Oldest year first.
    pub years: Vec<YearInfo>,
    /// In listing order (`order`, then slug); index with a [`DeptId`] (`model[id]`).
    pub departments: Vec<DepartmentInfo>,
    dept_index: HashMap<String, DeptId>,
    /// The memory of the lists the model was made from, emptied (see [`Spare`]).
    spare: Spare,
}

/// What of the model depends only on which reports exist (their files and department names),
/// `departments.toml` and `site.toml`, not on their figures or findings: `serve` keeps it across
/// edits that change only what reports say, so such an edit does not rebuild it.
#[derive(Debug, PartialEq)]
pub struct Layout {
    /// Parallel to `site.reports`: the same department's report of the year before.
    prev: Vec<Option<ReportId>>,
    /// With their `totals` as last summed; empty where they must be summed again
    /// ([`Layout::refigure`]).
    years: Vec<YearInfo>,
    departments: Vec<DepartmentInfo>,
    dept_index: HashMap<String, DeptId>,
    spare: Spare,
}

/// The memory of a model's per-report lists, kept empty between the models `serve` makes
/// after each save, so that the next model fills it instead of asking for new memory: at
/// 100,000 reports the lists take 11 MB, and on a busy machine, where freed memory goes back
/// to the system and comes again page by page, making them anew took 10–80 ms of a save (1 ms
/// when quiet). Not part of what a layout says: any two are equal.
#[derive(Default)]
struct Spare {
    reports: Vec<ReportInfo<'static>>,
    prev: Vec<Option<ReportId>>,
    figures: Vec<Figures>,
}

impl Spare {
    /// The memory of a model's emptied list of reports, for the next model (whose lifetime is
    /// not this one's).
    fn reports(mut reports: Vec<ReportInfo<'_>>) -> Vec<ReportInfo<'static>> {
        reports.clear();
        // Collecting from a list into one of the same layout reuses its memory.
        reports
            .into_iter()
            .map(|_| unreachable!("the list was emptied"))
            .collect()
    }
}

impl PartialEq for Spare {
    fn eq(&self, _: &Spare) -> bool {
        true
    }
}

impl std::fmt::Debug for Spare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Spare")
    }
}

impl Layout {
    pub fn new(site: &Site) -> Layout {
        let prev = previous_years(&site.reports);
        let departments = departments(site);
        let dept_index: HashMap<String, DeptId> = departments
            .iter()
            .enumerate()
            .map(|(i, d)| (d.slug.clone(), DeptId(i)))
            .collect();
        let years = years(site, &prev, &dept_index);
        Layout {
            prev,
            years,
            departments,
            dept_index,
            spare: Spare::default(),
        }
    }

    /// The figures of a report of `year` changed: the next [`Model::with_layout`] sums that
    /// year again (and only the years so marked: at 100,000 reports, summing every year is
    /// most of what a save makes again).
    pub fn refigure(&mut self, year: i32) {
        if let Some(y) = self.years.iter_mut().find(|y| y.year == year) {
            y.totals.clear();
        }
    }
}

impl<'a> Model<'a> {
    pub fn new(site: &'a Site) -> Model<'a> {
        Model::with_figures(site, site.reports.par_iter().map(|r| figures(r)).collect())
    }

    /// [`Model::new`] with the key figures of each report (parallel to `site.reports`) computed
    /// before: `serve` keeps them, and computes them again only for edited reports.
    pub fn with_figures(site: &'a Site, all_figures: Vec<Figures>) -> Model<'a> {
        Model::with_layout(site, all_figures, Layout::new(site))
    }

    /// [`Model::with_figures`] with the [`Layout`] of `site` built before (`serve` keeps it
    /// while edits change only what reports say): what is left to do is attaching each report's
    /// figures and findings and summing the years whose figures changed
    /// ([`Layout::refigure`]).
    pub fn with_layout(site: &'a Site, all_figures: Vec<Figures>, layout: Layout) -> Model<'a> {
        Model::with_findings(site, all_figures, layout, &finding_runs(site))
    }

    /// [`Model::with_layout`] with each report's [`finding_runs`] found before: `serve` keeps
    /// them up to date with each edit, as finding them again takes a look-up per report.
    pub fn with_findings(
        site: &'a Site,
        all_figures: Vec<Figures>,
        layout: Layout,
        runs: &[Range<usize>],
    ) -> Model<'a> {
        let Layout {
            mut prev,
            mut years,
            departments,
            dept_index,
            spare,
        } = layout;
        let mut all_figures = all_figures;
        // A layout given back by `into_layout` (serve's, after each save) has the memory of the
        // last model's lists: the lists this model is made from are kept for the next one too.
        let again = spare.reports.capacity() > 0;
        let mut infos: Vec<ReportInfo<'a>> = spare.reports;
        infos.extend(
            site.reports
                .iter()
                .zip(all_figures.drain(..))
                .zip(prev.drain(..))
                .zip(runs)
                .map(|(((r, figures), prev), run)| ReportInfo {
                    report: r,
                    prev,
                    figures,
                    findings: &site.diagnostics[run.clone()],
                }),
        );
        for y in years
            .iter_mut()
            .filter(|y| y.totals.len() != KEY_FIGURES.len())
        {
            y.totals = totals(y, &infos);
        }
        let spare = match again {
            true => Spare {
                reports: vec![],
                prev,
                figures: all_figures,
            },
            false => Spare::default(),
        };
        Model {
            site,
            reports: infos,
            years,
            departments,
            dept_index,
            spare,
        }
    }

    /// The model's [`Layout`] (with the years' totals) and figures back, for
    /// [`Model::with_layout`] after the next edit (when it does not change which reports exist).
    pub fn into_layout(self) -> (Layout, Vec<Figures>) {
        let Spare {
            mut prev,
            mut figures,
            ..
        } = self.spare;
        let mut reports = self.reports;
        prev.reserve(reports.len());
        figures.reserve(reports.len());
        for r in reports.drain(..) {
            prev.push(r.prev);
            figures.push(r.figures);
        }
        let layout = Layout {
            prev,
            years: self.years,
            departments: self.departments,
            dept_index: self.dept_index,
            spare: Spare {
                reports: Spare::reports(reports),
                ..Spare::default()
            },
        };
        (layout, figures)
    }

    /// The report of a department in a year.
    pub fn find(&self, year: i32, slug: &str) -> Option<ReportId> {
        find(self.site, year, slug)
    }

    pub fn department(&self, slug: &str) -> Option<&DepartmentInfo> {
        self.dept_index.get(slug).map(|&d| &self[d])
    }

    /// The id of the department `slug`.
    pub fn department_id(&self, slug: &str) -> Option<DeptId> {
        self.dept_index.get(slug).copied()
    }

    /// Every report with its id, in `Site::reports` order.
    pub fn report_ids(&self) -> impl DoubleEndedIterator<Item = (ReportId, &ReportInfo<'a>)> {
        self.reports
            .iter()
            .enumerate()
            .map(|(i, r)| (ReportId(i), r))
    }

    /// Every department with its id, in listing order.
    pub fn department_ids(&self) -> impl Iterator<Item = (DeptId, &DepartmentInfo)> {
        self.departments
            .iter()
            .enumerate()
            .map(|(i, d)| (DeptId(i), d))
    }

    pub fn year(&self, year: i32) -> Option<&YearInfo> {
        self.years.iter().find(|y| y.year == year)
    }

    /// Whether a department belongs to the site's own region (its reports are added into the
    /// totals); see [`is_local`].
    pub fn is_local(&self, slug: &str) -> bool {
        is_local(self.site, slug)
    }

    /// How many reports have at least one finding (error or warning).
    pub fn reports_with_findings(&self) -> usize {
        self.reports
            .iter()
            .filter(|r| !r.findings.is_empty())
            .count()
    }
}

impl<'a> std::ops::Index<ReportId> for Model<'a> {
    type Output = ReportInfo<'a>;
    fn index(&self, id: ReportId) -> &ReportInfo<'a> {
        &self.reports[id.0]
    }
}

impl std::ops::Index<DeptId> for Model<'_> {
    type Output = DepartmentInfo;
    fn index(&self, id: DeptId) -> &DepartmentInfo {
        &self.departments[id.0]
    }
}

/// Where each report's findings are in `site.diagnostics` (sorted by file: each file's are
/// one run), parallel to `site.reports`; a report without findings has `0..0`, which stays
/// within the list whatever edits do to it.
pub fn finding_runs(site: &Site) -> Vec<Range<usize>> {
    let diags = &site.diagnostics;
    debug_assert!(diags.windows(2).all(|w| w[0].file <= w[1].file));
    site.reports
        .par_iter()
        .map(|r| match findings_of(diags, &r.file) {
            run if run.is_empty() => 0..0,
            run => run,
        })
        .collect()
}

/// The years of the site with their reports and 未发布 gaps (their totals left empty).
fn years(
    site: &Site,
    prev: &[Option<ReportId>],
    dept_index: &HashMap<String, DeptId>,
) -> Vec<YearInfo> {
    let mut has_next = vec![false; site.reports.len()];
    for p in prev.iter().flatten() {
        has_next[p.0] = true;
    }
    let mut by_year: BTreeMap<i32, Vec<ReportId>> = BTreeMap::new();
    for (i, r) in site.reports.iter().enumerate() {
        by_year.entry(r.year).or_default().push(ReportId(i));
    }
    let order = |slug: &str| dept_index.get(slug).map_or(usize::MAX, |d| d.0);
    by_year
        .iter()
        .map(|(&year, idx)| {
            let mut reports = idx.clone();
            reports.sort_by_cached_key(|&i| order(&site.reports[i.0].slug));
            let mut missing: Vec<String> = by_year
                .get(&(year - 1))
                .into_iter()
                .flatten()
                .filter(|i| !has_next[i.0])
                .map(|&i| site.reports[i.0].slug.as_str())
                // Not after the last year departments.toml expects a report (`until`).
                .filter(|s| {
                    let until = site.departments.get(s).and_then(|d| d.until);
                    until.is_none_or(|u| year <= u)
                })
                .map(String::from)
                .collect();
            missing.sort_by_cached_key(|s| order(s));
            let elsewhere: Vec<ReportId> = reports
                .iter()
                .copied()
                .filter(|&i| !is_local(site, &site.reports[i.0].slug))
                .collect();
            YearInfo {
                year,
                reports,
                elsewhere,
                missing,
                totals: vec![],
            }
        })
        .collect()
}

/// A year's totals: its reports' figures summed, but those of other regions.
fn totals(y: &YearInfo, infos: &[ReportInfo]) -> Figures {
    let elsewhere: HashSet<ReportId> = y.elsewhere.iter().copied().collect();
    sum(y
        .reports
        .iter()
        .filter(|i| !elsewhere.contains(i))
        .map(|&i| &infos[i.0].figures))
}

/// A report by year and department: `Site::reports` is sorted by both.
fn find(site: &Site, year: i32, slug: &str) -> Option<ReportId> {
    site.reports
        .binary_search_by(|r| (r.year, r.slug.as_str()).cmp(&(year, slug)))
        .ok()
        .map(ReportId)
}

/// For each report, the same department's report of the year before. `reports` is sorted by
/// year then slug, so each year is merged with the one before in one pass.
fn previous_years(reports: &[std::sync::Arc<crate::content::Report>]) -> Vec<Option<ReportId>> {
    let mut prev = vec![None; reports.len()];
    let mut before = 0..0;
    let mut start = 0;
    while start < reports.len() {
        let year = reports[start].year;
        let end = start + reports[start..].partition_point(|r| r.year == year);
        if !before.is_empty() && reports[before.start].year == year - 1 {
            let mut j = before.start;
            for i in start..end {
                let slug = &reports[i].slug;
                while j < before.end && reports[j].slug < *slug {
                    j += 1;
                }
                if j < before.end && reports[j].slug == *slug {
                    prev[i] = Some(ReportId(j));
                }
            }
        }
        before = start..end;
        start = end;
    }
    prev
}

/// Every department with a report or an entry in departments.toml, in listing order, with its
/// reports by year and the names it published under.
fn departments(site: &Site) -> Vec<DepartmentInfo> {
    // Departments: every slug with a report or an entry in departments.toml.
    let mut slugs: BTreeMap<&str, Vec<ReportId>> = BTreeMap::new();
    for (i, r) in site.reports.iter().enumerate() {
        slugs.entry(r.slug.as_str()).or_default().push(ReportId(i));
    }
    for slug in site.departments.by_slug.keys() {
        slugs.entry(slug.as_str()).or_default();
    }
    let mut departments: Vec<DepartmentInfo> = slugs
        .into_iter()
        .map(|(slug, reports)| {
            let described = site.departments.get(slug);
            let name = described
                .map(|d| d.name.clone())
                .or_else(|| {
                    reports
                        .last()
                        .map(|&i| site.reports[i.0].department.clone())
                })
                .unwrap_or_else(|| slug.to_string());
            let mut aliases: Vec<String> = described.map(|d| d.aliases.clone()).unwrap_or_default();
            for &i in &reports {
                let n = &site.reports[i.0].department;
                if *n != name && !aliases.contains(n) {
                    aliases.push(n.clone());
                }
            }
            DepartmentInfo {
                slug: slug.to_string(),
                name,
                aliases,
                reports,
            }
        })
        .collect();
    departments.sort_by_cached_key(|d| department_sort_key(&site.departments, &d.slug));
    departments
}

/// A department is of the site's own region when `departments.toml` gives it no `region` or the
/// `region` of `site.toml`. Bodies of other regions (a demo's real reports from elsewhere, a
/// city's portal hosting a district's report) are listed apart and never totalled.
fn is_local(site: &Site, slug: &str) -> bool {
    let region = site.departments.get(slug).and_then(|d| d.region.as_deref());
    region.is_none_or(|r| Some(r) == site.config.region.as_deref())
}

/// Listing order of departments: `order` from departments.toml (undescribed ones last), then slug.
fn department_sort_key(deps: &Departments, slug: &str) -> (i64, String) {
    let order = deps.get(slug).and_then(|d| d.order).unwrap_or(i64::MAX);
    (order, slug.to_string())
}

/// The key figures of one report.
pub fn figures(r: &Report) -> Figures {
    KEY_FIGURES
        .iter()
        .map(|f| match &f.source {
            FigureSource::Role(role) => total_by_role(r, *role),
            FigureSource::Row(key) => r.application(key).map(|v| v.total().num()),
            FigureSource::Group(g) => {
                let cells: Vec<i64> = r
                    .application_rows()
                    .filter(|(row, _)| row.group.is_some_and(|rg| rg.key == g.key))
                    .filter_map(|(_, v)| v.map(|v| v.total().num()))
                    .collect();
                (!cells.is_empty()).then(|| cells.iter().sum())
            }
            FigureSource::Review(kind) => {
                let cells: Vec<i64> = r
                    .review_groups()
                    .filter(|(g, _)| g.kind == *kind)
                    .filter_map(|(_, v)| v.map(|v| v.total().num()))
                    .collect();
                (!cells.is_empty()).then(|| cells.iter().sum())
            }
            FigureSource::Decisions(row) => DECISION_FIELDS
                .iter()
                .find_map(|field| r.active_cell(row, *field))
                .map(|c| c.num()),
        })
        .collect()
}

fn total_by_role(r: &Report, role: RowRole) -> Option<i64> {
    r.application_by_role(role).map(|v| v.total().num())
}

/// Sum figure by figure; `None` where no report has the figure.
pub fn sum<'f>(rows: impl Iterator<Item = &'f Figures>) -> Figures {
    let mut out: Figures = vec![None; KEY_FIGURES.len()];
    for row in rows {
        for (o, v) in out.iter_mut().zip(row) {
            if let Some(v) = v {
                *o = Some(o.unwrap_or(0) + v);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On the demo site (departments that start, stop and skip years): the previous years found
    /// in one merge pass and the 未发布 lists are those a lookup of each report finds.
    #[test]
    fn previous_years_and_gaps_match_a_lookup() {
        let site = Site::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let m = Model::new(&site);
        let lookup = |year: i32, slug: &str| {
            site.reports
                .iter()
                .position(|r| r.year == year && r.slug == slug)
                .map(ReportId)
        };
        let mut linked = 0;
        for (_, info) in m.report_ids() {
            let r = info.report;
            assert_eq!(info.prev, lookup(r.year - 1, &r.slug), "{}", r.file);
            assert_eq!(
                m.find(r.year, &r.slug).map(|i| m[i].report.file.as_str()),
                Some(r.file.as_str())
            );
            linked += usize::from(info.prev.is_some());
        }
        assert!(linked > 0, "the demo has reports with a previous year");
        let mut gaps = 0;
        for y in &m.years {
            let mut want: Vec<&str> = site
                .reports
                .iter()
                .filter(|r| r.year == y.year - 1 && lookup(y.year, &r.slug).is_none())
                .filter(|r| {
                    let until = site.departments.get(&r.slug).and_then(|d| d.until);
                    until.is_none_or(|u| y.year <= u)
                })
                .map(|r| r.slug.as_str())
                .collect();
            let mut got: Vec<&str> = y.missing.iter().map(String::as_str).collect();
            want.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, want, "{}", y.year);
            gaps += got.len();
        }
        assert!(gaps > 0, "the demo has a body that did not publish");
    }
}
