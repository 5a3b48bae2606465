//! Rendering the site model into output files.
//!
//! The renderer is a list of independent jobs: [`Renderer::jobs`] names every page (and data
//! file, feed, asset) with its output paths and the report files it depends on, and
//! [`Renderer::render`] turns one job into bytes. `build` renders all jobs in parallel.
//!
//! Incremental use (`serve`, in `crate::serve::rebuild`): after a report file changes, bring the
//! site up to date (`LiveSite::update`), build the model with the key figures and, unless the
//! edit changed which reports exist, its layout kept from before (`Model::with_layout`) and the
//! renderer with the theme kept from before
//! (`Renderer::with_theme`); render the edited report's own job first (`report_job`), then call
//! `jobs()`: if the list of output paths is the same as before, re-render only the jobs for which
//! `job.depends_on("content/…/x.md")` is true and replace their outputs; otherwise (a report or
//! year added or removed) also render the jobs with new outputs and remove the outputs that are
//! gone. A change to `site.toml`, `departments.toml`, a template or a static file affects every
//! job.

pub mod charts;
mod compare;
pub mod data;
pub mod feeds;
pub mod manual;
pub mod markdown;
mod pages;
pub mod parts;
pub mod search;
pub mod supervision;
pub mod tables;
pub mod theme;
pub mod views;
pub mod xlsx;

use crate::error::Error;
use crate::site::model::{DeptId, Model, ReportId};
use std::sync::Arc;

pub use theme::Theme;

/// Escape text for HTML and XML (element content and quoted attributes). Control characters
/// ([`crate::control_chars`]) are dropped: `check` rejects them, and one in an Atom feed would
/// make it invalid XML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    esc_into(&mut out, s);
    out
}

/// [`esc`] appended to `out`: the pages' hot paths write into one buffer instead of allocating a
/// string per cell.
pub fn esc_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    // Byte by byte: every byte that may start something to replace is ASCII or the lead byte of
    // a control character (`control_len`), so `i` is always on a character boundary. Most bytes
    // (Chinese text) are none of those, and the table passes them at once.
    while i < bytes.len() {
        if !NEEDS_LOOK[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        let (rep, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            _ => match control_len(bytes, i) {
                0 => {
                    i += 1;
                    continue;
                }
                n => ("", n),
            },
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        i += len;
        start = i;
    }
    out.push_str(&s[start..]);
}

/// The bytes at which [`esc_into`] must look closer: markup, and every byte at which
/// [`control_len`] can find something (a C0 control but tab and newline, DEL, and the lead bytes
/// it checks).
static NEEDS_LOOK: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b != b'\t' as usize && b != b'\n' as usize;
        b += 1;
    }
    let mut k = 0;
    let others = [
        b'&', b'<', b'>', b'"', b'\'', 0x7f, 0xc2, 0xe2, 0xef, 0xd8, 0xe1,
    ];
    while k < others.len() {
        t[others[k] as usize] = true;
        k += 1;
    }
    t
};

/// The length in bytes of the forbidden control character ([`crate::control_chars`]) that starts
/// at byte `i` of `b`, or 0: C0 but tab and newline, DEL, C1 (`C2 80`–`C2 9F`), U+FFFE and
/// U+FFFF (`EF BF BE`, `EF BF BF`). Checked on bytes, so that Chinese text (whose full-width
/// punctuation also starts with `EF`) is scanned without decoding.
pub(crate) fn control_len(b: &[u8], i: usize) -> usize {
    match b[i] {
        b'\t' | b'\n' => 0,
        c if c < 0x20 || c == 0x7f => 1,
        0xc2 if b.get(i + 1).is_some_and(|n| (0x80..0xa0).contains(n)) => 2,
        0xef if b.get(i + 1) == Some(&0xbf) && b.get(i + 2).is_some_and(|&n| n >= 0xbe) => 3,
        // Bidi controls and zero-width characters (F-INVISIBLE) are dropped from outputs too.
        0xe2 | 0xef | 0xd8 | 0xe1 => crate::control_chars::invisible_len(b, i),
        _ => 0,
    }
}

/// Append an integer to `out` without going through `format!`.
pub(crate) fn push_int(out: &mut String, n: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Where the site is served: the path prefix for links and the absolute base for feeds.
#[derive(Clone, Debug)]
pub struct Urls {
    /// Path prefix of every link, with leading and trailing `/` (`/nianbao/`).
    pub root: String,
    /// `base_url` with a trailing `/`, for feeds, the sitemap and robots.txt.
    pub absolute: String,
}

impl Urls {
    pub fn new(base_url: &str) -> Urls {
        let mut absolute = base_url.trim().to_string();
        if !absolute.ends_with('/') {
            absolute.push('/');
        }
        let path = match absolute.find("://") {
            Some(i) => absolute[i + 3..]
                .find('/')
                .map(|j| absolute[i + 3 + j..].to_string())
                .unwrap_or_else(|| "/".into()),
            None => absolute.clone(),
        };
        let root = if path.starts_with('/') {
            path
        } else {
            format!("/{path}")
        };
        Urls { root, absolute }
    }

    /// A link to an output path (`2023/x/` → `/nianbao/2023/x/`).
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.root)
    }

    pub fn abs(&self, path: &str) -> String {
        format!("{}{path}", self.absolute)
    }

    /// Whether the base URL is a full address (`https://host/…`). The Atom feeds (whose ids
    /// must be absolute IRIs) and `sitemap.xml` (absolute `<loc>`) need one; a path such as
    /// `/nianbao/` serves the pages but not them.
    pub fn is_absolute(&self) -> bool {
        let lower = self.absolute.to_ascii_lowercase();
        ["https://", "http://"].iter().any(|scheme| {
            lower
                .strip_prefix(scheme)
                .is_some_and(|host| !host.starts_with('/') && host.len() > 1)
        })
    }
}

/// The warning `build` prints when the base URL is only a path: what breaks and how to fix it.
pub fn base_url_warning(urls: &Urls) -> crate::i18n::Msg {
    crate::msg!(
        "build-base-url-not-absolute",
        base_url = urls.absolute.as_str(),
        path = urls.root.as_str()
    )
}

/// Output paths, relative to the output folder. Slugs are `[a-z0-9-]` and years are numbers
/// (checked by the scan), so none of these can leave the folder.
pub mod paths {
    pub fn report_dir(year: i32, slug: &str) -> String {
        format!("{year}/{slug}/")
    }
    /// The fragment of a report page that opens it in its 与上年对比 view (`…/2023/a/#duibi`).
    pub const COMPARE_FRAGMENT: &str = "duibi";
    pub fn report_json(year: i32, slug: &str) -> String {
        format!("{year}/{slug}/{slug}-{year}.json")
    }
    /// One CSV per report, UTF-8 with a byte-order mark: opened mostly by people, in Excel, which
    /// needs the mark to read Chinese (pandas, R and LibreOffice take it as the encoding's mark;
    /// programs have the JSON). Laid out as the template prints the tables (`data::report_csv`). The year and all-years files keep a plain copy beside it.
    pub fn report_csv(year: i32, slug: &str) -> String {
        format!("{year}/{slug}/{slug}-{year}.csv")
    }
    pub fn source(year: i32, slug: &str, name: &str) -> String {
        format!("{year}/{slug}/source-{name}")
    }
    pub fn year_dir(year: i32) -> String {
        format!("{year}/")
    }
    pub fn year_csv(year: i32, excel: bool) -> String {
        let suffix = if excel { "-excel" } else { "" };
        format!("{year}/reports-{year}{suffix}.csv")
    }
    pub fn year_xlsx(year: i32) -> String {
        format!("{year}/reports-{year}.xlsx")
    }
    pub fn department_dir(slug: &str) -> String {
        format!("departments/{slug}/")
    }
    pub fn department_feed(slug: &str) -> String {
        format!("departments/{slug}/atom.xml")
    }
    pub const DEPARTMENTS: &str = "departments/";
    pub const ABOUT: &str = "about/";
    pub const ALL_CSV: &str = "data/reports-all.csv";
    pub const ALL_CSV_EXCEL: &str = "data/reports-all-excel.csv";
    pub const ALL_XLSX: &str = "data/reports-all.xlsx";
    /// One line per cell (年度, 部门标识, 单元格, 值), for analysts.
    pub const LONG_CSV: &str = "data/cells-long.csv";
    /// What the long CSV's cell numbers stand for (表, 行, 列).
    pub const CELLS_CSV: &str = "data/cells.csv";
    pub const JSON_SCHEMA: &str = "data/report.schema.json";
    pub const NOT_FOUND: &str = "404.html";
    pub const SITEMAP: &str = "sitemap.xml";
    pub const FEED: &str = "atom.xml";
    pub const ROBOTS: &str = "robots.txt";
    /// The search page and its index files (搜索).
    pub const SEARCH: &str = "sousuo/";

    /// The file a pretty URL (`2023/x/`) is served from.
    pub fn index(dir: &str) -> String {
        format!("{dir}index.html")
    }
}

/// What a job produces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    Departments,
    About,
    NotFound,
    /// A year page and its CSV files.
    Year(i32),
    /// A department page and its feed.
    Department(DeptId),
    /// A report page (with its 与上年对比 view when there is a previous year), its JSON and CSV,
    /// and its source document. One job per report folder, so the job creates the folder itself.
    Report(ReportId),
    /// All-years CSV and the JSON Schema.
    Data,
    Sitemap,
    Feed,
    Robots,
    /// The search page and the search index but for the texts.
    Search,
    /// One file of report texts for search (chunk number).
    SearchText(usize),
    /// The supervision index (监督视图) and the findings downloads.
    Supervision,
    /// The supervision page of a year.
    SupervisionYear(i32),
    /// The user manual's pages and its search index (`shouce/`).
    Manual,
    /// A theme or site static file (its output path).
    Static(String),
}

/// What a job's output depends on, besides the templates and `site.toml` (which all depend on).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Deps {
    /// Only the schema, templates and configuration.
    None,
    /// These report files (`content/2023/x.md`), as lists shared with the other jobs that read
    /// them: a department's page and each of its reports' pages read the department's reports,
    /// and a year's page reads its year's and the year before's. At 100,000 reports a list of
    /// its own per job was a hundred megabytes, held while the whole site renders.
    Reports(Vec<Files>),
    /// Every report.
    All,
    /// What every report says of its publication (its date and the template edition it uses)
    /// and every finding about it, but not its figures or text: the supervision index and its
    /// downloads. `serve`, which tells dependencies by file, counts this as every report; a
    /// build's job key reads only these (`crate::pipeline`), so an edit that changes figures
    /// and no finding leaves those files alone.
    Records,
}

/// A list of report files that jobs depend on (see [`Deps::Reports`]).
pub type Files = Arc<[String]>;

impl Deps {
    /// The report files of [`Deps::Reports`], each once per list that names it.
    pub fn files(&self) -> impl Iterator<Item = &String> {
        let lists = match self {
            Deps::Reports(lists) => lists.as_slice(),
            _ => &[],
        };
        lists.iter().flat_map(|files| files.iter())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub page: Page,
    /// Output paths relative to the output folder, `/`-separated.
    pub outputs: Vec<String>,
    pub deps: Deps,
}

impl Job {
    /// Whether a change to the report file `file` (relative to the site root) affects this job.
    pub fn depends_on(&self, file: &str) -> bool {
        match &self.deps {
            Deps::None => false,
            Deps::All | Deps::Records => true,
            Deps::Reports(_) => self.deps.files().any(|f| f == file),
        }
    }

    /// Whether any report's edit can change this job's output (see [`Deps::Records`]).
    pub fn sitewide(&self) -> bool {
        matches!(self.deps, Deps::All | Deps::Records)
    }
}

/// One rendered file.
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What a job writes into one file: its bytes, or, for a file that can be larger than the memory
/// a build should take (the long CSV of every cell), a function that writes it piece by piece.
pub enum Body<'a> {
    Bytes(Vec<u8>),
    Stream(WriteFn<'a>),
    /// `prefix`, then the bytes of the job's earlier output number `of`: the Excel copy of a
    /// large CSV (a byte-order mark first) is copied from the file just written instead of made
    /// a second time.
    CopyOf {
        of: usize,
        prefix: &'static [u8],
    },
}

/// Write `prefix` and then the file at `from` into `w` ([`Body::CopyOf`]), a megabyte at a
/// time: the file of every report's row is tens of megabytes on a large portal.
pub fn copy_after(
    prefix: &[u8],
    from: &std::path::Path,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    w.write_all(prefix)?;
    let mut file = std::fs::File::open(from)?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match std::io::Read::read(&mut file, &mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => w.write_all(&buf[..n])?,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Writes a streamed file into the writer it is given.
pub type WriteFn<'a> = Box<dyn FnOnce(&mut dyn std::io::Write) -> std::io::Result<()> + Send + 'a>;

impl Body<'_> {
    /// The whole file in memory (for callers that replace one file at a time, as `serve` does);
    /// `earlier` are the job's outputs before it, which a [`Body::CopyOf`] copies.
    pub fn into_bytes(self, earlier: &[Output]) -> std::io::Result<Vec<u8>> {
        match self {
            Body::Bytes(bytes) => Ok(bytes),
            Body::Stream(write) => {
                let mut bytes = vec![];
                write(&mut bytes)?;
                Ok(bytes)
            }
            Body::CopyOf { of, prefix } => {
                let from = earlier.get(of).ok_or_else(|| {
                    std::io::Error::other(format!("a copy of output {of}, not made before it"))
                })?;
                Ok([prefix, &from.bytes].concat())
            }
        }
    }
}

pub struct Renderer<'a> {
    pub model: &'a Model<'a>,
    pub urls: Urls,
    theme: Arc<Theme>,
    base: tera::Context,
    /// Whether a template uses the report tables as data (`table_data`): built only then.
    table_data: bool,
    /// What the site-wide files can take from the previous build ([`parts`]): set by `build`.
    parts: std::sync::OnceLock<Arc<parts::Parts>>,
    /// Where each body stands each year, made once for the supervision jobs (one per year and
    /// the index), which all read it: see [`supervision::render`].
    supervision: std::sync::OnceLock<crate::site::supervision::Supervision>,
    /// Blocks of workbook rows made by one workbook for another (see [`xlsx::Blocks`]).
    workbook_blocks: xlsx::Blocks,
    /// Copies of `base` for [`Renderer::render_view`] to put a page's view into (one per
    /// thread rendering at once).
    contexts: std::sync::Mutex<Vec<tera::Context>>,
    /// Reports' plain texts made by one search job for the other ([`search::text::Texts`]).
    search_texts: search::text::Texts,
}

/// The pages and files every site has once (home, lists, about, 404, data, sitemap, feed, robots).
fn site_jobs() -> Vec<Job> {
    vec![
        Job {
            page: Page::Home,
            outputs: vec![paths::index("")],
            deps: Deps::All,
        },
        Job {
            page: Page::Departments,
            outputs: vec![paths::index(paths::DEPARTMENTS)],
            deps: Deps::All,
        },
        Job {
            page: Page::About,
            outputs: vec![paths::index(paths::ABOUT)],
            deps: Deps::None,
        },
        Job {
            page: Page::NotFound,
            outputs: vec![paths::NOT_FOUND.into()],
            deps: Deps::None,
        },
        Job {
            page: Page::Data,
            outputs: vec![
                paths::ALL_CSV.into(),
                paths::ALL_CSV_EXCEL.into(),
                paths::JSON_SCHEMA.into(),
                paths::ALL_XLSX.into(),
                paths::LONG_CSV.into(),
                paths::CELLS_CSV.into(),
            ],
            deps: Deps::All,
        },
        Job {
            page: Page::Sitemap,
            outputs: vec![paths::SITEMAP.into()],
            deps: Deps::All,
        },
        Job {
            page: Page::Feed,
            outputs: vec![paths::FEED.into()],
            deps: Deps::All,
        },
        Job {
            page: Page::Robots,
            outputs: vec![paths::ROBOTS.into()],
            deps: Deps::None,
        },
    ]
}

impl<'a> Renderer<'a> {
    /// Load the theme and prepare what every page shares. `base_url` overrides `site.toml`.
    pub fn new(model: &'a Model<'a>, base_url: Option<&str>) -> Result<Renderer<'a>, Error> {
        let config = &model.site.config;
        let theme = Theme::load(&model.site.root, &config.theme)?;
        Renderer::with_theme(model, base_url, Arc::new(theme))
    }

    /// [`Renderer::new`] with a theme loaded before (`serve` keeps it while templates are
    /// unchanged: compiling them is most of a small rebuild).
    pub fn with_theme(
        model: &'a Model<'a>,
        base_url: Option<&str>,
        theme: Arc<Theme>,
    ) -> Result<Renderer<'a>, Error> {
        let config = &model.site.config;
        let urls = Urls::new(base_url.unwrap_or(&config.base_url));
        let base = pages::base_context(model, &urls, &theme)?;
        Ok(Renderer {
            model,
            urls,
            table_data: theme.mentions("table_data"),
            theme,
            base,
            parts: std::sync::OnceLock::new(),
            supervision: Default::default(),
            workbook_blocks: Default::default(),
            contexts: Default::default(),
            search_texts: search::text::Texts::new(model.reports.len()),
        })
    }

    /// Every job of the site, in a deterministic order.
    pub fn jobs(&self) -> Vec<Job> {
        let m = self.model;
        let files = |idx: &mut dyn Iterator<Item = ReportId>| -> Files {
            idx.map(|i| m[i].report.file.clone()).collect()
        };
        let mut jobs = site_jobs();
        // A path-only base_url cannot give the absolute addresses an Atom id or a sitemap `<loc>`
        // must have: those files are not written at all rather than written invalid (`build`
        // says so and how to fix it).
        let feeds = self.urls.is_absolute();
        if !feeds {
            jobs.retain(|j| !matches!(j.page, Page::Sitemap | Page::Feed));
        }
        jobs.push(Job {
            page: Page::Search,
            outputs: search::index_outputs(m.reports.len()),
            deps: Deps::All,
        });
        for chunk in 0..search::text_chunks(m.reports.len()) {
            let range = search::chunk_reports(m, chunk);
            let mut ids = m
                .report_ids()
                .map(|(id, _)| id)
                .skip(range.start)
                .take(range.len());
            jobs.push(Job {
                page: Page::SearchText(chunk),
                outputs: vec![search::text_output(chunk)],
                deps: Deps::Reports(vec![files(&mut ids)]),
            });
        }
        let years: Vec<Files> = m
            .years
            .iter()
            .map(|y| files(&mut y.reports.iter().copied()))
            .collect();
        for (k, y) in m.years.iter().enumerate() {
            let mut read = vec![years[k].clone()];
            if let Some(before) = m.years.iter().position(|p| p.year == y.year - 1) {
                read.push(years[before].clone());
            }
            jobs.push(Job {
                page: Page::Year(y.year),
                outputs: vec![
                    paths::index(&paths::year_dir(y.year)),
                    paths::year_csv(y.year, false),
                    paths::year_csv(y.year, true),
                    paths::year_xlsx(y.year),
                ],
                deps: Deps::Reports(read),
            });
        }
        let departments: std::collections::HashMap<DeptId, Files> = m
            .department_ids()
            .map(|(d, dept)| (d, files(&mut dept.reports.iter().copied())))
            .collect();
        for (d, dept) in m.department_ids() {
            jobs.push(Job {
                page: Page::Department(d),
                outputs: if feeds {
                    vec![
                        paths::index(&paths::department_dir(&dept.slug)),
                        paths::department_feed(&dept.slug),
                    ]
                } else {
                    vec![paths::index(&paths::department_dir(&dept.slug))]
                },
                deps: Deps::Reports(vec![departments[&d].clone()]),
            });
        }
        // In parallel (order kept): one job per report, each with its paths and its
        // department's report files, is most of this list, made before any page is rendered.
        {
            use rayon::prelude::*;
            let ids: Vec<ReportId> = m.report_ids().map(|(i, _)| i).collect();
            jobs.par_extend(ids.into_par_iter().map(|i| {
                let dept = m.department_id(&m[i].report.slug);
                let read = dept.and_then(|d| departments.get(&d)).cloned();
                self.report_job_reading(i, read)
            }));
        }
        jobs.extend(supervision::jobs(m));
        jobs.push(manual::job(m.site.config.lang()));
        let generated: std::collections::HashSet<String> = jobs
            .iter()
            .flat_map(|j| j.outputs.iter().cloned())
            .collect();
        for name in self.theme.static_files.keys() {
            // A generated page wins over a static file of the same name.
            if !generated.contains(name) {
                jobs.push(Job {
                    page: Page::Static(name.clone()),
                    outputs: vec![name.clone()],
                    deps: Deps::None,
                });
            }
        }
        jobs
    }

    /// The job of one report's folder (its page with its 与上年对比 view, data files and source), as
    /// [`Renderer::jobs`] lists it: `serve` renders an edited report's job before the rest.
    pub fn report_job(&self, i: ReportId) -> Job {
        self.report_job_reading(i, None)
    }

    /// [`Renderer::report_job`], with its department's list of report files when made before
    /// (shared with the department's other jobs: see [`Deps::Reports`]).
    fn report_job_reading(&self, i: ReportId, read: Option<Files>) -> Job {
        let m = self.model;
        let r = m[i].report;
        let dept = m
            .department(&r.slug)
            .expect("every report's department is listed");
        let mut outputs = vec![
            paths::index(&paths::report_dir(r.year, &r.slug)),
            paths::report_json(r.year, &r.slug),
            paths::report_csv(r.year, &r.slug),
        ];
        if let Some(name) = pages::source_name(m, i) {
            outputs.push(paths::source(r.year, &r.slug, name));
        }
        // The department's reports: the page links its other years, and its 与上年对比 view
        // reads the previous one.
        Job {
            page: Page::Report(i),
            outputs,
            deps: Deps::Reports(vec![read.unwrap_or_else(|| {
                dept.reports
                    .iter()
                    .map(|&d| m[d].report.file.clone())
                    .collect()
            })]),
        }
    }

    /// Render one job into its output files (in the order of `job.outputs`).
    /// A job that could not be rendered says which page, and why (a template error names the
    /// template and, where tera knows it, the line).
    pub fn render(&self, job: &Job) -> Result<Vec<Output>, Error> {
        let fail = |e: std::io::Error| Error::Render {
            job: self.describe(job),
            source: Box::new(Error::io(&job.outputs[0], e)),
        };
        let mut outputs: Vec<Output> = vec![];
        for (path, body) in self.render_parts(job)? {
            let bytes = body.into_bytes(&outputs).map_err(fail)?;
            outputs.push(Output { path, bytes });
        }
        Ok(outputs)
    }

    /// [`Renderer::render`], with the files that may be too large to hold in memory left as
    /// [`Body::Stream`]: what `build` writes.
    pub fn render_parts<'s>(&'s self, job: &Job) -> Result<Vec<(String, Body<'s>)>, Error> {
        let fail = |source: Error| Error::Render {
            job: self.describe(job),
            source: Box::new(source),
        };
        let bodies: Vec<Body<'s>> = match &job.page {
            Page::Static(name) => {
                let file = &self.theme.static_files[name];
                vec![Body::Bytes(
                    file.bytes().map_err(|e| fail(Error::io(name, e)))?,
                )]
            }
            Page::Data => pages::data(self).map_err(fail)?,
            Page::Supervision | Page::SupervisionYear(_) => {
                supervision::render(self, &job.page).map_err(fail)?
            }
            page => {
                let bytes = match page {
                    Page::Search => search::render_index(self).map_err(fail)?,
                    Page::SearchText(chunk) => vec![search::render_text(self, *chunk)],
                    Page::Manual => manual::render(self).map_err(fail)?,
                    page => pages::render(self, page).map_err(fail)?,
                };
                bytes.into_iter().map(Body::Bytes).collect()
            }
        };
        Ok(job.outputs.iter().cloned().zip(bodies).collect())
    }

    /// A job as a user would name it in an error message.
    pub fn describe(&self, job: &Job) -> String {
        match &job.page {
            Page::Report(i) => self.model[*i].report.file.clone(),
            Page::Department(d) => {
                let slug = self.model[*d].slug.as_str();
                crate::msg!("job-department", slug = slug).text(crate::i18n::cli_lang())
            }
            _ => job.outputs[0].clone(),
        }
    }

    /// Let the site-wide files take parts from the previous build (see [`parts`]); once.
    pub fn keep_parts(&self, parts: Arc<parts::Parts>) {
        let _ = self.parts.set(parts);
    }

    /// The parts kept between builds, when `build` gave them.
    pub fn parts(&self) -> Option<&Arc<parts::Parts>> {
        self.parts.get()
    }

    /// Start assembling the output `rel` from parts, from the previous `from` (see [`parts`]).
    pub fn assemble(&self, rel: &str, from: &str, variant: &str, record: bool) -> parts::Assembly {
        match self.parts() {
            Some(p) => p.assemble(rel, from, variant.as_bytes(), record),
            None => parts::Assembly::none(),
        }
    }

    /// The theme, to reuse with [`Renderer::with_theme`].
    pub fn theme(&self) -> &Arc<Theme> {
        &self.theme
    }

    fn tera_render(&self, template: &str, ctx: &tera::Context) -> Result<Vec<u8>, Error> {
        self.theme.render_bytes(template, ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_under_a_sub_path() {
        let u = Urls::new("https://example.gov.cn/nianbao");
        assert_eq!(u.root, "/nianbao/");
        assert_eq!(u.link("2023/"), "/nianbao/2023/");
        assert_eq!(u.abs("atom.xml"), "https://example.gov.cn/nianbao/atom.xml");
        assert_eq!(Urls::new("https://example.gov.cn").root, "/");
        assert_eq!(Urls::new("/").root, "/");
    }

    #[test]
    fn only_full_addresses_are_absolute() {
        assert!(Urls::new("https://example.gov.cn/nianbao/").is_absolute());
        assert!(Urls::new("http://localhost:1111").is_absolute());
        for path_only in ["/", "/sub/", "sub", "https://", "https:///x/"] {
            assert!(!Urls::new(path_only).is_absolute(), "{path_only}");
        }
        let w = base_url_warning(&Urls::new("/sub/")).text(crate::i18n::Lang::Zh);
        assert!(w.contains("https://域名/sub/"), "{w}");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(esc("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
        assert_eq!(
            esc("标题\u{1b}[31m\u{8}，<b>\u{85}\u{ffff}\t"),
            "标题[31m，&lt;b&gt;\t"
        );
        assert_eq!(esc("（全角）\u{fffe}'\u{9f}\u{a0}"), "（全角）&#39;\u{a0}");
        // Every byte at which `control_len` finds something is one the table looks at.
        for lead in 0..=255u8 {
            for (a, b) in [
                (0x80, 0x8b),
                (0x81, 0xa0),
                (0xbb, 0xbf),
                (0x9c, 0x80),
                (0xa0, 0x8e),
            ] {
                let bytes = [lead, a, b, 0x80];
                if control_len(&bytes, 0) > 0 {
                    assert!(NEEDS_LOOK[usize::from(lead)], "{lead:#x}");
                }
            }
            for next in 0..=255u8 {
                if control_len(&[lead, next, 0xbf], 0) > 0 {
                    assert!(NEEDS_LOOK[usize::from(lead)], "{lead:#x}");
                }
            }
        }
    }
}
