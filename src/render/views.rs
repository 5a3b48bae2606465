//! The theme API: what each template is given, one serialisable struct per page kind.
//!
//! Every template receives the fields of [`BaseView`] and those of its page's view, at the top
//! level (`{{ site.title }}`, `{{ report.year }}`). These structs are the contract between gongkai
//! and a theme: a field is added here with a doc comment, never slipped into an ad-hoc JSON
//! object. URLs are ready to use in `href` (relative to the site root, or absolute with
//! `base_url`); every string is escaped by tera unless a field says it is HTML (then use
//! `| safe`). Wording is the templates' own: a view says *that* something is absent, the
//! template says how.
//!
//! | template | view |
//! |---|---|
//! | every page | [`BaseView`] |
//! | `index.html` | [`HomeView`] |
//! | `departments.html` | [`DepartmentsView`] |
//! | `year.html` | [`YearView`] |
//! | `department.html` | [`DepartmentView`] |
//! | `report.html` | [`ReportView`] |
//! | `about.html` | [`AboutView`] |
//! | `404.html` | [`BaseView`] only |
//! | `supervision.html`, `supervision_year.html` | `IndexPage`, `YearPage` in [`super::supervision`] |
//! | `supervision_row.html` | `BodyHistory` in [`super::supervision`]: a row of the index's table of bodies |

use serde::Serialize;

/// What every page is given.
#[derive(Serialize)]
pub struct BaseView {
    pub site: SiteMeta,
    /// The home page.
    pub root: String,
    /// The Atom feed of all reports.
    pub feed_url: String,
    pub departments_url: String,
    pub about_url: String,
    /// The search page (搜索).
    pub search_url: String,
    /// The supervision pages (监督检查), and whether the navigation links them
    /// (`supervision_in_navigation` in site.toml).
    pub supervision_url: String,
    pub supervision_in_nav: bool,
    /// The user manual (用户手册, `/shouce/`): how the reports are written and checked.
    pub manual_url: String,
    /// Every year with reports, newest first.
    pub nav_years: Vec<YearLink>,
    /// The key figures' names, in the order of every `figures`/`totals` list below.
    pub figure_labels: Vec<&'static str>,
    /// HTML: `site_header.html` and `site_footer.html`, rendered once per build with the fields
    /// above (they are the same on every page, so no page renders them again).
    pub site_header: String,
    pub site_footer: String,
}

/// `site.toml`'s settings that a page shows.
#[derive(Serialize)]
pub struct SiteMeta {
    pub title: String,
    pub description: String,
    /// The `lang` of the pages (`zh-CN` by default).
    pub language: String,
    /// The region whose bodies the totals add (`region` in site.toml), if given.
    pub region: Option<String>,
    /// The heading over bodies of other regions (`other_regions`); absent when site.toml does
    /// not give one (the theme then says 其他地区: `site.other_regions | default(value="其他地区")`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_regions: Option<String>,
    /// The site's identity for the footer, each absent unless site.toml gives it: 主办单位
    /// (`sponsor`), 承办单位 (`operator`), 联系方式 (`contact`), 网站标识码 (`site_code`),
    /// ICP 备案号 (`icp`), 公安备案号 (`police_record`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sponsor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub police_record: Option<String>,
    /// The digits of `police_record`, for the register's link (`recordcode=…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub police_record_code: Option<String>,
    /// Whether hints (warnings) are shown on the public pages (`public_hints`).
    pub public_hints: bool,
}

#[derive(Serialize)]
pub struct YearLink {
    pub year: i32,
    pub url: String,
}

/// A report in a listing (home, year and department pages).
#[derive(Serialize)]
pub struct Card {
    pub year: i32,
    pub slug: String,
    /// The name printed on the report.
    pub department: String,
    pub title: String,
    pub url: String,
    /// `"2021"`, `"2019"` or `"free"`.
    pub edition: &'static str,
    /// The key figures as printed, `—` where the report has none (see `figure_labels`).
    pub figures: Vec<String>,
    /// HTML (`| safe`): `figures` as the cells of a table row (`<td class="num">…</td>` each),
    /// as the built-in templates print them: made here, not by a loop in every row of the year,
    /// department and home pages.
    pub figure_cells: String,
    /// How many findings `check` gives, by severity.
    pub errors: usize,
    pub warnings: usize,
    /// Fictional example data (`example = true`).
    pub example: bool,
    /// `YYYY-MM-DD`, if the report gives it (`published`).
    pub published: Option<String>,
}

/// A bar chart of one key figure: `label`, `svg` (inline SVG, HTML: `| safe`), `note` (said when
/// a spike year's bar is cut short) and `rows` (the numbers, `(label, value)`, for the table
/// beside the chart).
pub use super::charts::Chart;

/// A department in a listing.
#[derive(Serialize)]
pub struct DepartmentLink {
    pub name: String,
    pub slug: String,
    pub url: String,
    /// How many reports it has.
    pub count: usize,
    /// The years of its reports, oldest first.
    pub years: Vec<i32>,
    /// Of the site's own region (else listed apart, under 其他地区示例).
    pub local: bool,
}

/// A year on the home page.
#[derive(Serialize)]
pub struct YearSummary {
    pub year: i32,
    pub url: String,
    /// Reports published for the year by bodies of the site's region (those `totals` adds).
    pub count: usize,
    /// Departments that published the year before but not this year (未发布).
    pub missing: usize,
    /// The key figures summed over the year's reports.
    pub totals: Vec<String>,
}

/// `index.html`.
#[derive(Serialize)]
pub struct HomeView {
    /// The newest year with reports, if any.
    pub latest_year: Option<i32>,
    /// That year's reports of the site's region, in department order; `latest_totals` adds them.
    pub latest: Vec<Card>,
    /// That year's reports of other regions: listed apart, never totalled.
    pub latest_elsewhere: Vec<Card>,
    pub latest_totals: Vec<String>,
    /// Every year, newest first.
    pub years: Vec<YearSummary>,
    pub departments: Vec<DepartmentLink>,
    /// Key figures over the years.
    pub charts: Vec<Chart>,
    /// How many reports have findings, of how many.
    pub with_findings: usize,
    /// How many reports have errors, and how many have hints (warnings; 0 when site.toml keeps
    /// hints off the public pages): the home page counts them apart, an error is not a hint.
    pub with_errors: usize,
    pub with_warnings: usize,
    pub report_count: usize,
    /// The data downloads: all reports as CSV (UTF-8, and with a BOM for Excel), the JSON Schema.
    pub all_csv: String,
    pub all_csv_excel: String,
    /// All reports as an Excel workbook (a sheet per table) and as the long CSV (a line a cell).
    pub all_xlsx: String,
    pub long_csv: String,
    pub json_schema: String,
}

/// `departments.html`.
#[derive(Serialize)]
pub struct DepartmentsView {
    /// In listing order (`order` of departments.toml, then slug).
    pub departments: Vec<DepartmentLink>,
}

/// A department without a report this year that had one the year before (未发布).
#[derive(Serialize)]
pub struct MissingDepartment {
    pub name: String,
    pub url: String,
    /// Its report of the year before.
    pub last_url: Option<String>,
}

/// `year.html`.
#[derive(Serialize)]
pub struct YearView {
    pub year: i32,
    /// The year's reports of the site's region, in department order; `totals` adds them.
    pub reports: Vec<Card>,
    /// The year's reports of other regions: listed apart, never totalled.
    pub elsewhere: Vec<Card>,
    pub missing: Vec<MissingDepartment>,
    pub totals: Vec<String>,
    /// The year's reports as CSV (UTF-8, and with a BOM for Excel).
    pub csv: String,
    pub csv_excel: String,
    /// The year's reports as an Excel workbook: a sheet per table.
    pub xlsx: String,
    pub prev_year: Option<YearLink>,
    pub next_year: Option<YearLink>,
}

/// The department a page is about.
#[derive(Serialize)]
pub struct DepartmentMeta {
    /// From departments.toml, else the name on its latest report.
    pub name: String,
    pub slug: String,
    /// Earlier names (departments.toml's `aliases` and names printed on older reports).
    pub aliases: Vec<String>,
    /// Its kind in words, if departments.toml gives one.
    pub kind: Option<&'static str>,
}

/// `department.html`.
#[derive(Serialize)]
pub struct DepartmentView {
    pub department: DepartmentMeta,
    /// Newest first.
    pub reports: Vec<Card>,
    /// Every year it reported or was expected to (the supervision pages' span), newest first.
    pub history: Vec<HistoryYear>,
    pub charts: Vec<Chart>,
    /// The department's Atom feed.
    pub feed: String,
}

/// A year of a department's history: its report, or why there is none.
#[derive(Serialize)]
pub struct HistoryYear {
    pub year: i32,
    pub report: Option<Card>,
    /// 未发布 (the deadline has passed) or 尚未发布（未到期限）, when there is no report.
    pub gap: Option<&'static str>,
}

/// The report a page is about.
#[derive(Serialize)]
pub struct ReportMeta {
    pub title: String,
    /// The name printed on the report.
    pub department: String,
    /// The department's current name.
    pub department_name: String,
    pub year: i32,
    pub edition: &'static str,
    /// The edition in words.
    pub edition_describe: &'static str,
    /// `YYYY-MM-DD`, if the report gives it.
    pub published: Option<String>,
    pub example: bool,
    pub url: String,
    pub department_url: String,
    pub year_url: String,
    /// The report's data as JSON, and as CSV (UTF-8 with a BOM, so that Excel reads it).
    pub json: String,
    pub csv: String,
}

/// The published document the report was imported from (`source` in the front matter).
#[derive(Serialize)]
pub struct SourceLink {
    pub url: String,
    pub name: String,
    pub sha256: String,
    /// What the original is, for the link's words: `pdf`, `word`, `html` or `text`.
    pub format: &'static str,
    /// Its size as a reader reads it (`312 KB`).
    pub size: String,
}

/// One finding of `check`, as a reader sees it.
#[derive(Serialize)]
pub struct FindingView {
    /// `"error"` or `"warning"`.
    pub severity: &'static str,
    /// 错误 / 提示 in the site's language.
    pub severity_label: String,
    /// What the rule checks, in words (the site's language).
    pub summary: String,
    /// What does not add up and where, for readers (the site's language; no rule id, no line).
    pub message: String,
    /// Where on the page it points: `#r4` (a row of table 三) or a table's section id.
    pub anchor: Option<String>,
}

/// Why a section of a report has no content of its own.
#[derive(Serialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum Absent {
    /// A narrative section the report does not have.
    Section,
    /// A table the report lacks (an error `check` reports).
    Table,
    /// The free format before 2019 has no template tables.
    FreeFormat,
}

/// One of the six sections of the template, in order.
#[derive(Serialize)]
pub struct SectionView {
    /// 一 … 六.
    pub numeral: &'static str,
    /// The id of the section on the page: `general`, `active`, …
    pub key: &'static str,
    pub heading: String,
    /// The section as HTML (`| safe`): the narrative, or the table as the template prints it.
    /// After an absent narrative it may still hold sections the parser did not recognise.
    pub html: String,
    /// Set when the report has nothing for this section: the template says so.
    pub absent: Option<Absent>,
    pub is_table: bool,
    /// HTML (`| safe`): the section's opening tag and its heading, as the built-in
    /// `report.html` prints them from `key`, `heading` and `is_table` (`<section id="…" …>` and
    /// `<h2 id="…-h">…</h2>`, each followed by a line break). Made here so that the page
    /// template does not look up four fields per section.
    pub head: String,
    /// The same section of last year's report (`…/2022/x/#overview`), when the page has the
    /// 与上年对比 view (`comparison`) and this is not a table (a table's cells carry last year's
    /// numbers themselves).
    pub previous_url: Option<String>,
}

/// Another year of the same department.
#[derive(Serialize)]
pub struct OtherYear {
    pub year: i32,
    pub url: String,
    /// This page's report.
    pub current: bool,
}

/// One cell of a report table, for a theme that lays the tables out itself.
#[derive(Serialize)]
pub struct CellData {
    /// The key path of the cell (`applications.new.natural`), as in `[notes]` and the CSV.
    pub path: String,
    /// The row and column in words (`本年新收·自然人`).
    pub label: String,
    /// As printed; empty when blank or missing.
    pub value: String,
    /// Left blank in the published report.
    pub blank: bool,
    /// The row is missing from the report (or not readable).
    pub missing: bool,
    /// A total the report left out, computed by adding the columns.
    pub computed: bool,
}

/// One report table as data: its cells in template order (row by row).
#[derive(Serialize)]
pub struct TableData {
    /// `active`, `applications` or `review_litigation`: the section's id.
    pub key: &'static str,
    /// 二, 三 or 四.
    pub numeral: &'static str,
    pub title: &'static str,
    pub cells: Vec<CellData>,
}

/// `report.html`.
#[derive(Serialize)]
pub struct ReportView {
    pub report: ReportMeta,
    pub source: Option<SourceLink>,
    /// How many findings in all, and how many are errors.
    pub findings: usize,
    pub errors: usize,
    pub error_findings: Vec<FindingView>,
    pub warning_findings: Vec<FindingView>,
    /// Text before the first section (HTML: `| safe`).
    pub preamble: String,
    pub sections: Vec<SectionView>,
    /// The link to the page's 与上年对比 view (`…/#duibi`), when the department has a report of
    /// the year before.
    pub compare_url: Option<String>,
    /// That view's summary, then.
    pub comparison: Option<Comparison>,
    /// Every year of the department, oldest first.
    pub other_years: Vec<OtherYear>,
    /// HTML (`| safe`): `other_years` as the items (`<li>`) of the built-in template's list:
    /// this page's year as `<span aria-current="page">`, the others as links.
    pub other_years_html: String,
    /// HTML (`| safe`): the table of contents' items (`<li>`), a link to each of `sections`.
    pub toc: String,
    /// Tables 二/三/四 as data (empty for the free format). Only filled when a template of the
    /// site mentions `table_data`, so that sites that do not use it build no faster or slower.
    pub table_data: Vec<TableData>,
}

/// Last year's report, in the 与上年对比 view of a report page.
#[derive(Serialize)]
pub struct CompareReport {
    pub title: String,
    pub year: i32,
    pub url: String,
    /// Its findings of error level: the view says the comparison may reflect them.
    pub errors: usize,
}

/// The 与上年对比 view of a report page (shown at `#duibi`): the tables' cells carry last year's
/// number and the change (see `render::compare`); this is what the view says above them.
#[derive(Serialize)]
pub struct Comparison {
    pub previous: CompareReport,
    /// How many cells of the tables changed.
    pub changed: usize,
}

/// An edition of the template.
#[derive(Serialize)]
pub struct EditionInfo {
    pub id: &'static str,
    pub describe: &'static str,
}

/// A section of the template.
#[derive(Serialize)]
pub struct SectionInfo {
    pub heading: String,
    pub key: &'static str,
    pub table: bool,
}

/// A validation rule.
#[derive(Serialize)]
pub struct RuleInfo {
    pub code: &'static str,
    pub severity: &'static str,
    /// What the rule checks, in the site's language.
    pub summary: String,
}

/// One cell or row key of the content format, explained.
#[derive(Serialize)]
pub struct GlossaryEntry {
    /// 二 or 三.
    pub table: &'static str,
    /// The editions that have it (`2021、2019`).
    pub edition: String,
    pub label: String,
    /// The key path in the content file.
    pub key: String,
    /// The block or heading it is printed under.
    pub block: &'static str,
}

/// A column of table 三 or 四.
#[derive(Serialize)]
pub struct ColumnInfo {
    pub label: &'static str,
    pub key: &'static str,
    /// The merged header above it (法人或其他组织), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<Option<&'static str>>,
}

/// A row group of table 四.
#[derive(Serialize)]
pub struct ReviewGroupInfo {
    pub name: String,
    pub key: &'static str,
}

/// `about.html`: the data format and the rules, generated from the schema.
#[derive(Serialize)]
pub struct AboutView {
    pub editions: Vec<EditionInfo>,
    pub sections: Vec<SectionInfo>,
    pub rules: Vec<RuleInfo>,
    pub glossary: Vec<GlossaryEntry>,
    pub applicant_columns: Vec<ColumnInfo>,
    pub review_columns: Vec<ColumnInfo>,
    pub review_groups: Vec<ReviewGroupInfo>,
    pub json_schema: String,
    pub all_csv: String,
    pub all_csv_excel: String,
    /// All reports as an Excel workbook (a sheet per table) and as the long CSV (a line a cell).
    pub all_xlsx: String,
    pub long_csv: String,
    /// What the long CSV's cell numbers stand for.
    pub cells_csv: String,
}

/// A page of the user manual (`manual.html`, under `/shouce/`): one chapter of
/// `docs/manual/<language>/`, in the site's language.
#[derive(Serialize)]
pub struct ManualView {
    /// The manual's title (the heading of its first page).
    pub manual_title: String,
    /// This chapter's title.
    pub title: String,
    /// HTML: the chapter (headings with their anchors, links to the other chapters' pages).
    pub html: String,
    /// Every chapter, in reading order, for the table of contents.
    pub chapters: Vec<ManualChapter>,
    /// The manual's search index (`shouce/search.json`: each section's page, heading and
    /// words) and the script that searches it.
    pub search_index_url: String,
    pub script_url: String,
}

#[derive(Serialize)]
pub struct ManualChapter {
    pub title: String,
    pub url: String,
    /// This is the page shown.
    pub current: bool,
}
