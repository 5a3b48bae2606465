//! 在线填报: filling in and correcting reports in the browser while `serve` runs.
//!
//! - [`form`]: the form, generated from the schema.
//! - [`edit`]: the form's values written into the file, every other byte kept.
//!
//! The form asks `serve` to check its values as the clerk types: they are written into the
//! file's text in memory ([`edit::apply`], as a save would) and that text goes through the very
//! parser and validator `check` runs, with last year's report for the cross-year rules; the
//! findings come back in the public pages' plain words, placed at their cells. Nothing is
//! computed a second time in the page's script.
//!
//! Safe by construction: only `serve` writes, only `content/<year>/<slug>.md` (a slug is
//! `[a-z0-9-]`, a year four digits, and the folder must be inside `content/`), and only for a
//! request that carries the per-run secret (in the address `serve` prints, kept in a cookie
//! and in the form), whose `Origin` and `Host` name this server ([`super::guard`]), with a JSON
//! body (which no cross-site form can send) of bounded size. A write whose file changed on disk
//! since the form was opened is refused, and nothing is overwritten.

pub mod departments;
pub mod edit;
pub mod form;
pub mod import;

use super::guard::Guard;
use super::http::Head;
use super::reload::Hub;
use crate::clock::Date;
use crate::content::{Departments, Report, ReportFile, valid_slug};
use crate::diagnostics::Diagnostic;
use crate::i18n::{self, Lang};
use crate::import::skeleton;
use crate::msg;
use crate::render::{esc, paths};
use crate::schema::{APPLICANT_PARTS, Edition, REVIEW_TOTAL, RuleId};
use edit::Edits;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Every path of the editor starts so.
pub const PREFIX: &str = "/__gongkai/editor/";
/// Where the form's stylesheet and script are served (from the binary: never in `build`'s output).
pub const ASSETS: &str = "/__gongkai/editor/assets/";

/// Where the import page sends each dropped file.
pub const IMPORT_UPLOAD: &str = "/__gongkai/editor/import/upload";

const SCRIPT: &str = include_str!("assets/editor.js");
const PAGES_SCRIPT: &str = include_str!("assets/pages.js");
const STYLE: &str = include_str!("assets/editor.css");

/// The catalogue entries the page script shows.
pub const SCRIPT_TEXTS: [&str; 8] = [
    "editor-checking",
    "editor-no-findings",
    "editor-findings",
    "editor-use-total",
    "editor-saving",
    "editor-saved",
    "editor-save-failed",
    "editor-general",
];

/// An answer of the editor.
pub struct Reply {
    pub status: u16,
    pub kind: &'static str,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
}

const HTML: &str = "text/html; charset=utf-8";
const JSON: &str = "application/json; charset=utf-8";

impl Reply {
    fn html(status: u16, body: String) -> Reply {
        Reply {
            status,
            kind: HTML,
            body: body.into_bytes(),
            headers: vec![],
        }
    }

    fn json(status: u16, value: &impl Serialize) -> Reply {
        Reply {
            status,
            kind: JSON,
            body: serde_json::to_vec(value).unwrap_or_default(),
            headers: vec![],
        }
    }

    fn forbidden(lang: Lang) -> Reply {
        let text = i18n::t(lang, "editor-forbidden");
        Reply::html(
            403,
            simple_page(lang, &text, &format!("<p>{}</p>", esc(&text))),
        )
    }
}

/// The editor of one `serve` run.
pub struct Editor {
    /// The site (canonical).
    site: PathBuf,
    /// The dev build's folder (canonical): served pages are named relative to it.
    out: PathBuf,
    secret: String,
    cookie: String,
    hub: Arc<Hub>,
    lang: Lang,
    /// Imported reports waiting for review in the form.
    drafts: import::Drafts,
}

impl Editor {
    /// An editor for `site`, whose dev build is in `out`, on a server at `port`. The secret is
    /// made here, from the system's random source.
    pub fn new(
        site: &Path,
        out: &Path,
        port: u16,
        hub: Arc<Hub>,
        lang: Lang,
    ) -> std::io::Result<Editor> {
        Ok(Editor {
            site: site.canonicalize()?,
            out: out.canonicalize()?,
            secret: new_secret()?,
            // Cookies are shared across ports: one name per server.
            cookie: format!("gongkai_editor_{port}"),
            hub,
            lang,
            // Beside the dev build, in the private temporary folder `serve` removes on exit.
            drafts: import::Drafts::new(
                out.canonicalize()?
                    .parent()
                    .map_or_else(std::env::temp_dir, Path::to_path_buf)
                    .join("imports"),
            ),
        })
    }

    /// The per-run secret, for the address `serve` prints.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// Whether a path is the editor's.
    pub fn wants(path: &str) -> bool {
        path.starts_with(PREFIX)
    }

    /// Whether a POST carries a file dropped on the import page (bounded by
    /// `max_upload_bytes`, the form's by `max_body_bytes`).
    pub fn is_upload(path: &str) -> bool {
        path == IMPORT_UPLOAD
    }

    /// `?token=SECRET` on any page (the address `serve` prints): keep the secret in a cookie
    /// and show the page without it in the address bar.
    pub fn login(&self, _req: &Head, path: &str, query: &str) -> Option<Reply> {
        let token = query.split('&').find_map(|kv| kv.strip_prefix("token="))?;
        if !same(token, &self.secret) {
            return Some(Reply::forbidden(self.lang));
        }
        Some(Reply {
            status: 303,
            kind: HTML,
            body: vec![],
            headers: vec![
                ("Location", path.to_string()),
                (
                    "Set-Cookie",
                    format!(
                        "{}={}; Path=/; HttpOnly; SameSite=Strict",
                        self.cookie, self.secret
                    ),
                ),
            ],
        })
    }

    fn has_cookie(&self, req: &Head) -> bool {
        req.cookie.as_deref().is_some_and(|c| {
            c.split(';')
                .filter_map(|kv| kv.trim().split_once('='))
                .any(|(k, v)| k == self.cookie && same(v, &self.secret))
        })
    }

    /// The editor's pages and assets.
    pub fn get(&self, req: &Head, path: &str, query: &str) -> Reply {
        let rest = &path[PREFIX.len()..];
        if let Some(asset) = rest.strip_prefix("assets/") {
            let (kind, body) = match asset {
                "editor.js" => ("text/javascript; charset=utf-8", SCRIPT),
                "pages.js" => ("text/javascript; charset=utf-8", PAGES_SCRIPT),
                "editor.css" => ("text/css; charset=utf-8", STYLE),
                _ => return self.not_found(),
            };
            return Reply {
                status: 200,
                kind,
                body: body.as_bytes().to_vec(),
                headers: vec![],
            };
        }
        // The forms show drafts: only to the browser that opened the printed address.
        if !self.has_cookie(req) {
            return Reply::forbidden(self.lang);
        }
        if rest == "new" {
            return self.new_page(query);
        }
        if rest == "departments" {
            return self.departments_page(query);
        }
        if rest == "import" {
            return self.import_page();
        }
        if let Some(id) = rest.strip_prefix("draft/") {
            return match self.drafts.get(id) {
                Some(d) => match self.form(d.year, &d.slug, Some((id, &d.text)), None) {
                    Ok(html) => Reply::html(200, html),
                    Err(m) => self.problem_page(400, &m),
                },
                None => self.problem_page(404, &msg!("editor-import-draft-gone")),
            };
        }
        if rest == "open" {
            let (mut year, mut slug) = ("", "");
            for (k, v) in query.split('&').filter_map(|kv| kv.split_once('=')) {
                match k {
                    "year" => year = v,
                    "slug" => slug = v,
                    _ => {}
                }
            }
            let edition = chosen_edition(query)
                .map(|e| format!("?edition={}", e.id()))
                .unwrap_or_default();
            return match parse_target(&format!("{year}/{slug}")) {
                Some((y, s)) => Reply {
                    status: 303,
                    kind: HTML,
                    body: vec![],
                    headers: vec![("Location", format!("{PREFIX}report/{y}/{s}{edition}"))],
                },
                None => self.not_found(),
            };
        }
        let Some(target) = rest.strip_prefix("report/").and_then(parse_target) else {
            return self.not_found();
        };
        match self.form(target.0, &target.1, None, chosen_edition(query)) {
            Ok(html) => Reply::html(200, html),
            Err(m) => self.problem_page(400, &m),
        }
    }

    /// `check` and `save` of a report, `departments/save`: JSON in, JSON out; nothing without
    /// the secret, a matching `Origin` and `Host`, and a JSON body.
    pub fn post(&self, req: &Head, guard: &Guard, path: &str, query: &str, body: &[u8]) -> Reply {
        let allowed = req.host.as_deref().is_some_and(|h| guard.host_ok(Some(h)))
            && req.origin.as_deref().is_some_and(|o| guard.same_origin(o))
            && req.token.as_deref().is_some_and(|t| same(t, &self.secret));
        if !allowed {
            return Reply::json(403, &Problem::new(self.lang, &msg!("editor-forbidden")));
        }
        let bad = || Reply::json(400, &Problem::new(self.lang, &msg!("editor-bad-request")));
        match &path[PREFIX.len()..] {
            "import/upload" => {
                let param = |key: &str| {
                    query
                        .split('&')
                        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
                        .and_then(super::http::percent_decode)
                        .map(|v| v.trim().to_string())
                        .filter(|v| !v.is_empty())
                };
                let name = param("name").unwrap_or_default();
                // The page's optional 年度 and 部门名称, as `--year` and `--name`.
                let year = match param("year").map(|y| y.parse::<i32>()) {
                    None => None,
                    Some(Ok(y)) if (1990..=2100).contains(&y) => Some(y),
                    Some(_) => return bad(),
                };
                let given = import::Given {
                    year,
                    department: param("dept"),
                };
                let id = match new_secret() {
                    Ok(s) => s[..24].to_string(),
                    Err(_) => return bad(),
                };
                let summary = self.drafts.import(
                    &self.site.join("content"),
                    &name,
                    body,
                    &id,
                    given,
                    self.lang,
                );
                Reply::json(200, &summary)
            }
            "departments/save" => match serde_json::from_slice(body) {
                Ok(edit) => self.save_department(&edit),
                Err(_) => bad(),
            },
            what @ ("check" | "save") => {
                let Ok(request) = serde_json::from_slice::<Request>(body) else {
                    return bad();
                };
                if !valid_slug(&request.slug) || !(1990..=2100).contains(&request.year) {
                    return bad();
                }
                if what == "check" {
                    self.check(&request)
                } else {
                    self.save(&request)
                }
            }
            _ => self.not_found(),
        }
    }

    /// Add the editor's links to a served page: 编辑 on a report's page, 新建报告 on a year's
    /// and a department's. `file` is the page's file under the dev build.
    pub fn decorate(&self, mut html: String, file: &Path) -> String {
        let Ok(rel) = file.strip_prefix(&self.out) else {
            return html;
        };
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let t = |id: &str| i18n::t(self.lang, id);
        let (href, text) = match parts.as_slice() {
            [year, slug, "index.html"] if year.parse::<i32>().is_ok() && valid_slug(slug) => {
                if !self
                    .site
                    .join("content")
                    .join(year)
                    .join(format!("{slug}.md"))
                    .is_file()
                {
                    return html;
                }
                (
                    format!("{PREFIX}report/{year}/{slug}"),
                    t("editor-edit-link"),
                )
            }
            [year, "index.html"] if year.parse::<i32>().is_ok() => {
                (format!("{PREFIX}new?year={year}"), t("editor-new-link"))
            }
            ["departments", "index.html"] => {
                (format!("{PREFIX}departments"), t("editor-dept-link"))
            }
            ["departments", slug, "index.html"] if valid_slug(slug) => {
                (format!("{PREFIX}new?slug={slug}"), t("editor-new-link"))
            }
            _ => return html,
        };
        // A strip in the flow at the top of the page, not a box floating over it: a fixed box at
        // the top right covered the 大字 button at every width and, at 390 px, the heading an
        // anchor such as #duibi scrolls to.
        let bar = format!(
            "<nav id=\"gongkai-editor-bar\" aria-label=\"{label}\" style=\"background:#e8f0fe;border-bottom:2px solid #174ea6;padding:.3em 1em;text-align:right;font:15px/1.4 sans-serif\"><a href=\"{href}\" style=\"color:#174ea6\">{text}</a></nav>",
            label = esc(&t("editor-bar-label")),
            href = esc(&href),
            text = esc(&text),
        );
        let lower = html.to_ascii_lowercase();
        let at = lower
            .find("<body")
            .and_then(|b| lower[b..].find('>').map(|e| b + e + 1))
            .unwrap_or(0);
        html.insert_str(at, &bar);
        html
    }

    fn not_found(&self) -> Reply {
        self.problem_page(404, &msg!("editor-not-found"))
    }

    fn problem_page(&self, status: u16, m: &crate::i18n::Msg) -> Reply {
        let text = m.text(self.lang);
        Reply::html(
            status,
            simple_page(self.lang, &text, &format!("<p>{}</p>", esc(&text))),
        )
    }

    fn departments(&self) -> Departments {
        Departments::load(&self.site, &mut vec![])
    }

    /// 新建报告: choose the body and the year; the form opens with last year's carry-overs.
    fn new_page(&self, query: &str) -> Reply {
        let mut year = None;
        let mut slug = None;
        for (k, v) in query.split('&').filter_map(|kv| kv.split_once('=')) {
            match k {
                "year" => year = v.parse::<i32>().ok(),
                "slug" => slug = Some(v.to_string()),
                _ => {}
            }
        }
        let year = year.unwrap_or_else(|| Date::today().year - 1);
        let t = |id: &str| esc(&i18n::t(self.lang, id));
        let mut options = String::new();
        for (s, d) in &self.departments().by_slug {
            let selected = if slug.as_deref() == Some(s) {
                " selected"
            } else {
                ""
            };
            options.push_str(&format!(
                "<option value=\"{}\"{selected}>{}</option>",
                esc(s),
                esc(&d.name)
            ));
        }
        let body = format!(
            "<form method=\"get\" id=\"new-report\" action=\"{PREFIX}open\"><p><label for=\"slug\">{dept}</label> <select id=\"slug\" name=\"slug\">{options}</select></p><p><label for=\"year\">{yl}</label> <input id=\"year\" name=\"year\" type=\"number\" min=\"1990\" max=\"2100\" value=\"{year}\"></p><p><button type=\"submit\">{open}</button></p></form><p><a href=\"{PREFIX}import\">{import}</a></p>",
            import = t("editor-import-link"),
            dept = t("editor-department"),
            yl = t("editor-year"),
            open = t("editor-open-form"),
        );
        Reply::html(
            200,
            simple_page(self.lang, &i18n::t(self.lang, "editor-title-new"), &body),
        )
    }

    /// The file a form is about, and what it holds now (`None`: not there yet).
    fn file(
        &self,
        year: i32,
        slug: &str,
    ) -> Result<(ReportFile, Option<Vec<u8>>), crate::i18n::Msg> {
        let content = self.site.join("content");
        let rel = format!("content/{year}/{slug}.md");
        let path = content.join(year.to_string()).join(format!("{slug}.md"));
        // Inside content/, through no symbolic link: the year folder, when it exists, resolves
        // under content/, and the file is a plain file.
        let real_content = content
            .canonicalize()
            .map_err(|_| msg!("editor-outside", path = rel.as_str()))?;
        if let Ok(dir) = path.parent().expect("has a folder").canonicalize()
            && !dir.starts_with(&real_content)
        {
            return Err(msg!("editor-outside", path = rel.as_str()));
        }
        let bytes = match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_file() => Some(
                std::fs::read(&path).map_err(|_| msg!("editor-outside", path = rel.as_str()))?,
            ),
            Ok(_) => return Err(msg!("editor-outside", path = rel.as_str())),
            Err(_) => None,
        };
        let f = ReportFile {
            path,
            rel,
            year,
            slug: slug.to_string(),
        };
        Ok((f, bytes))
    }

    /// Last year's report of the body, for the carry-overs and the cross-year rules.
    fn last_year(&self, year: i32, slug: &str) -> Option<Report> {
        let path = self
            .site
            .join("content")
            .join((year - 1).to_string())
            .join(format!("{slug}.md"));
        skeleton::last_report(&path, year - 1, slug).ok().flatten()
    }

    /// The text a form starts from: the file, or a new report's skeleton.
    fn start_text(
        &self,
        year: i32,
        slug: &str,
        bytes: Option<Vec<u8>>,
        edition: Option<Edition>,
    ) -> Result<String, crate::i18n::Msg> {
        match bytes {
            Some(b) => String::from_utf8(b).map_err(|_| msg!("editor-not-utf8")),
            None => {
                let departments = self.departments();
                let last = self.last_year(year, slug);
                let name = match (&last, departments.get(slug)) {
                    (Some(l), _) => l.department.clone(),
                    (None, Some(d)) => d.name.clone(),
                    (None, None) => return Err(msg!("editor-unknown-department", slug = slug)),
                };
                let edition = edition.unwrap_or(Edition::for_year(year));
                Ok(skeleton::text_in(year, &name, last.as_ref(), edition))
            }
        }
    }

    /// The form of a report: its file (or a new one's skeleton), or an imported draft
    /// (`(id, text)`), which is new until saved.
    fn form(
        &self,
        year: i32,
        slug: &str,
        draft: Option<(&str, &str)>,
        chosen: Option<Edition>,
    ) -> Result<String, crate::i18n::Msg> {
        let (f, bytes) = self.file(year, slug)?;
        let (base, is_new, text) = match draft {
            Some((_, text)) => ("new".to_string(), true, text.to_string()),
            None => (
                base_of(bytes.as_deref()),
                bytes.is_none(),
                self.start_text(year, slug, bytes, chosen)?,
            ),
        };
        let parsed = crate::content::parse_bytes(&f, Ok(text.clone().into_bytes()));
        let (from, to) = edit::front_matter(&text).ok_or_else(|| msg!("editor-no-front-matter"))?;
        let doc: toml_edit::DocumentMut =
            text[from..to].parse().map_err(|e: toml_edit::TomlError| {
                msg!("editor-unreadable", reason = e.message().to_string())
            })?;
        let report = parsed.report.as_ref();
        let edition = report.map_or(Edition::for_year(year), |r| r.edition);
        let department = report.map_or(String::new(), |r| r.department.clone());
        let departments = self.departments();
        let select = if is_new && draft.is_none() {
            new_report_fields(&departments, year, slug, edition, self.lang)
        } else {
            department_field(&departments, slug, &department)
        };
        Ok(form::page(
            &form::FormInput {
                year,
                slug,
                department: &department,
                edition,
                doc: &doc,
                report,
                base: &base,
                secret: &self.secret,
                is_new,
                draft: draft.map(|(id, _)| id),
                lang: self.lang,
            },
            &select,
        ))
    }

    /// The text a save would write, from the file (or skeleton) and the form's values.
    fn edited(
        &self,
        request: &Request,
    ) -> Result<(ReportFile, String, String, String), crate::i18n::Msg> {
        let (f, bytes) = self.file(request.year, &request.slug)?;
        let base = base_of(bytes.as_deref());
        let text = match &request.draft {
            Some(id) => {
                let d = self
                    .drafts
                    .get(id)
                    .filter(|d| d.year == request.year && d.slug == request.slug)
                    .ok_or_else(|| msg!("editor-import-draft-gone"))?;
                d.text
            }
            None => self.start_text(
                request.year,
                &request.slug,
                bytes,
                request.edition.as_deref().and_then(Edition::from_id),
            )?,
        };
        let edition = crate::content::parse_bytes(&f, Ok(text.clone().into_bytes()))
            .report
            .map_or(Edition::for_year(request.year), |r| r.edition);
        let new = edit::apply(&text, edition, &request.edits).map_err(|e| e.0)?;
        Ok((f, base, text, new))
    }

    /// The findings about a text as the file `f`: the report's own rules and the cross-year
    /// ones against last year, as `check` finds them.
    fn findings(&self, f: &ReportFile, text: &str) -> (Option<Report>, Vec<Diagnostic>) {
        let departments = self.departments();
        let (report, mut diags) = crate::site::check_bytes(
            &self.site,
            f,
            text.as_bytes().to_vec(),
            &departments,
            Date::today(),
        );
        if let Some(r) = &report
            && let Some(prev) = self.last_year(f.year, &f.slug)
        {
            let across = crate::validate::check_across(&[r, &prev], &departments);
            diags.extend(across.into_iter().filter(|d| d.file == f.rel));
        }
        crate::diagnostics::sort(&mut diags);
        (report, diags)
    }

    fn check(&self, request: &Request) -> Reply {
        let (f, base, _, text) = match self.edited(request) {
            Ok(x) => x,
            Err(m) => return Reply::json(422, &Problem::new(self.lang, &m)),
        };
        let (report, diags) = self.findings(&f, &text);
        Reply::json(
            200,
            &Checked {
                findings: diags
                    .iter()
                    .map(|d| Finding::new(d, report.as_ref(), self.lang))
                    .collect(),
                changed_on_disk: base != request.base,
            },
        )
    }

    fn save(&self, request: &Request) -> Reply {
        let (f, base, _, text) = match self.edited(request) {
            Ok(x) => x,
            Err(m) => return Reply::json(422, &Problem::new(self.lang, &m)),
        };
        if base != request.base {
            return Reply::json(
                409,
                &Problem::new(
                    self.lang,
                    &msg!("editor-changed-on-disk", path = f.rel.as_str()),
                ),
            );
        }
        // A text that is not a report (a cell typed as words where the file format needs a
        // number is a finding, and still a report) is not written.
        let (report, diags) = self.findings(&f, &text);
        if report.is_none() {
            let first = diags
                .first()
                .map(|d| d.message.clone())
                .unwrap_or_else(|| msg!("editor-bad-request"));
            return Reply::json(422, &Problem::new(self.lang, &first));
        }
        if let Some(dir) = f.path.parent()
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            return Reply::json(
                500,
                &Problem::new(
                    self.lang,
                    &msg!(
                        "editor-write-failed",
                        path = f.rel.as_str(),
                        reason = e.to_string()
                    ),
                ),
            );
        }
        let version = self.hub.state().version;
        // An imported report: its original first, beside it, as `gongkai import` keeps it.
        if let Some(id) = &request.draft
            && let Some(d) = self.drafts.get(id)
            && let Some((upload, name)) = &d.source
        {
            let dest = f.path.with_file_name(name);
            let rel = format!("content/{}/{name}", f.year);
            if dest.exists() {
                return Reply::json(
                    409,
                    &Problem::new(
                        self.lang,
                        &msg!("editor-import-exists", path = rel.as_str()),
                    ),
                );
            }
            if let Err(e) =
                std::fs::read(upload).and_then(|b| crate::output::write_atomic(&dest, b))
            {
                return Reply::json(
                    500,
                    &Problem::new(
                        self.lang,
                        &msg!(
                            "editor-write-failed",
                            path = rel.as_str(),
                            reason = e.to_string()
                        ),
                    ),
                );
            }
        }
        if let Err(e) = crate::output::write_atomic(&f.path, &text) {
            return Reply::json(
                500,
                &Problem::new(
                    self.lang,
                    &msg!(
                        "editor-write-failed",
                        path = f.rel.as_str(),
                        reason = e.to_string()
                    ),
                ),
            );
        }
        if let Some(id) = &request.draft {
            // The body registered as `gongkai import` registers it; the report is kept either
            // way (a body left unregistered is a warning of check, S-BODY).
            if let Some(d) = self.drafts.get(id) {
                let _ = import::register_body(&self.site.join("content"), &d);
            }
            self.drafts.remove(id);
        }
        let page = paths::index(&paths::report_dir(f.year, &f.slug));
        self.wait_rebuilt(version, &page);
        #[derive(Serialize)]
        struct Saved {
            url: String,
            file: String,
        }
        Reply::json(
            200,
            &Saved {
                url: format!("/{}/{}/", f.year, f.slug),
                file: f.rel,
            },
        )
    }
}

impl Editor {
    /// Answer once `page` (an output path) is rebuilt after a write (or after a while: a build
    /// that fails shows its overlay), so the page the form goes to shows what was saved. Not
    /// once any rebuild is announced: an earlier save's pages that list every report may be
    /// announced in between.
    fn wait_rebuilt(&self, version: u64, page: &str) {
        let until = Instant::now() + Duration::from_secs(5);
        while !self.hub.state().stale(version, page) && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// `content/departments.toml`, checked as a report file is: inside `content/`, a plain
    /// file (or none yet). Its path and bytes.
    fn departments_file(&self) -> Result<(PathBuf, Option<Vec<u8>>), crate::i18n::Msg> {
        let rel = crate::content::departments::DEPARTMENTS_FILE;
        let content = self.site.join("content");
        let outside = || msg!("editor-outside", path = rel);
        let real = content.canonicalize().map_err(|_| outside())?;
        if !real.starts_with(&self.site) {
            return Err(outside());
        }
        let path = real.join("departments.toml");
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_file() => {
                let bytes = std::fs::read(&path).map_err(|_| outside())?;
                Ok((path, Some(bytes)))
            }
            Ok(_) => Err(outside()),
            Err(_) => Ok((path, None)),
        }
    }

    /// 单位管理: every body, and the form to add one or change one (`?slug=`).
    fn departments_page(&self, query: &str) -> Reply {
        let mut slug = None;
        let mut saved = false;
        for (k, v) in query.split('&').filter_map(|kv| kv.split_once('=')) {
            match k {
                "slug" if valid_slug(v) => slug = Some(v.to_string()),
                "saved" => saved = true,
                _ => {}
            }
        }
        let (_, bytes) = match self.departments_file() {
            Ok(x) => x,
            Err(m) => return self.problem_page(400, &m),
        };
        let base = base_of(bytes.as_deref());
        let mut body = departments::page(
            &self.departments(),
            slug.as_deref(),
            &base,
            &self.secret,
            self.lang,
        );
        if saved {
            body.insert_str(
                0,
                &format!(
                    "<p role=\"status\" class=\"saved\">{}</p>",
                    esc(&i18n::t(self.lang, "editor-dept-saved"))
                ),
            );
        }
        body.push_str(&format!("<script src=\"{ASSETS}pages.js\"></script>"));
        Reply::html(
            200,
            simple_page(self.lang, &i18n::t(self.lang, "editor-dept-title"), &body),
        )
    }

    /// 导入: drop or choose published reports; each is summarised as `gongkai import` does and
    /// opens in the form.
    fn import_page(&self) -> Reply {
        let t = |id: &str| esc(&i18n::t(self.lang, id));
        let accept: Vec<String> = crate::commands::import::EXTENSIONS
            .iter()
            .map(|e| format!(".{e}"))
            .collect();
        let body = format!(
            "<p class=\"hint\">{hint}</p><fieldset id=\"import-given\"><legend>{given}</legend><p><label for=\"import-year\">{year}</label> <input id=\"import-year\" type=\"number\" min=\"1990\" max=\"2100\" inputmode=\"numeric\"></p><p><label for=\"import-dept\">{dept}</label> <input id=\"import-dept\" type=\"text\" maxlength=\"100\"></p></fieldset><div id=\"import-drop\" class=\"drop\" data-secret=\"{secret}\"><p><label for=\"import-files\">{choose}</label><br><input type=\"file\" id=\"import-files\" multiple accept=\"{accept}\"></p><p>{drop}</p></div><div id=\"import-results\" aria-live=\"polite\"></div><script type=\"application/json\" id=\"import-texts\">{texts}</script><script src=\"{ASSETS}pages.js\"></script>",
            hint = t("editor-import-hint"),
            given = t("editor-import-given"),
            year = t("editor-import-year"),
            dept = t("editor-import-dept"),
            secret = esc(&self.secret),
            choose = t("editor-import-choose"),
            accept = esc(&accept.join(",")),
            drop = t("editor-import-drop"),
            texts = esc_json(&serde_json::json!({
                "uploading": i18n::t(self.lang, "editor-import-uploading"),
                "review": i18n::t(self.lang, "editor-import-review"),
                "failed": i18n::t(self.lang, "editor-save-failed"),
            })),
        );
        Reply::html(
            200,
            simple_page(self.lang, &i18n::t(self.lang, "editor-import-title"), &body),
        )
    }

    fn save_department(&self, edit: &departments::DeptEdit) -> Reply {
        let problem =
            |status, m: &crate::i18n::Msg| Reply::json(status, &Problem::new(self.lang, m));
        let (path, bytes) = match self.departments_file() {
            Ok(x) => x,
            Err(m) => return problem(422, &m),
        };
        let rel = crate::content::departments::DEPARTMENTS_FILE;
        if base_of(bytes.as_deref()) != edit.base {
            return problem(409, &msg!("editor-changed-on-disk", path = rel));
        }
        let text = match bytes.map(String::from_utf8).transpose() {
            Ok(t) => t.unwrap_or_default(),
            Err(_) => return problem(422, &msg!("editor-not-utf8")),
        };
        let new = match departments::apply(&text, edit) {
            Ok(t) => t,
            Err(m) => return problem(422, &m),
        };
        let version = self.hub.state().version;
        if let Err(e) = crate::output::write_atomic(&path, &new) {
            return problem(
                500,
                &msg!("editor-write-failed", path = rel, reason = e.to_string()),
            );
        }
        // Every page is rebuilt after departments.toml changes: the home page stands for them.
        self.wait_rebuilt(version, &paths::index(""));
        #[derive(Serialize)]
        struct Saved {
            url: String,
        }
        Reply::json(
            200,
            &Saved {
                url: format!("{PREFIX}departments?slug={}&saved=1", edit.slug.trim()),
            },
        )
    }
}

/// The body of `check` and `save`.
#[derive(serde::Deserialize)]
struct Request {
    year: i32,
    slug: String,
    /// The file's hash when the form opened (`new`: there was none).
    base: String,
    /// The imported draft the form was opened from.
    #[serde(default)]
    draft: Option<String>,
    /// A new report's edition, as chosen (absent: the year's).
    #[serde(default)]
    edition: Option<String>,
    #[serde(flatten)]
    edits: Edits,
}

#[derive(Serialize)]
struct Checked {
    findings: Vec<Finding>,
    /// The file changed on disk since the form opened: a save would be refused.
    changed_on_disk: bool,
}

/// A finding as the form shows it: the public page's words, the cell it is about, and for a
/// total that does not add up, the sum to offer (never filled in by itself).
#[derive(Serialize)]
struct Finding {
    severity: &'static str,
    label: String,
    message: String,
    cell: Option<String>,
    offer: Option<i64>,
}

impl Finding {
    fn new(d: &Diagnostic, r: Option<&Report>, lang: Lang) -> Finding {
        Finding {
            severity: d.severity().as_str(),
            label: d.severity().label(lang),
            message: d.message.reader_text(lang),
            cell: d.cell.clone(),
            offer: r.and_then(|r| offer(d, r)),
        }
    }
}

/// The sum a 总计 cell that does not add up would have (R-COL, R-T4).
fn offer(d: &Diagnostic, r: &Report) -> Option<i64> {
    let cell = d.cell.as_deref()?;
    match d.rule {
        RuleId::RCol => {
            let row = cell.strip_prefix("applications.")?.strip_suffix(".total")?;
            let v = r.application(row)?;
            Some(v.cells[..APPLICANT_PARTS].iter().map(|c| c.num()).sum())
        }
        RuleId::RT4 => {
            let g = cell
                .strip_prefix("review_litigation.")?
                .strip_suffix(".total")?;
            let v = r.review_group(g)?;
            Some(v.cells[..REVIEW_TOTAL].iter().map(|c| c.num()).sum())
        }
        _ => None,
    }
}

#[derive(Serialize)]
struct Problem {
    error: String,
}

impl Problem {
    fn new(lang: Lang, m: &crate::i18n::Msg) -> Problem {
        Problem {
            error: m.text(lang),
        }
    }
}

/// `2024/huaian-gov` → (2024, "huaian-gov"), or nothing for anything else.
fn parse_target(rest: &str) -> Option<(i32, String)> {
    let (year, slug) = rest.split_once('/')?;
    let year: i32 = year.parse().ok().filter(|y| (1990..=2100).contains(y))?;
    valid_slug(slug).then(|| (year, slug.to_string()))
}

/// A file's identity for "changed since the form opened": its SHA-256 (`new`: no file).
fn base_of(bytes: Option<&[u8]>) -> String {
    match bytes {
        Some(b) => crate::output::sha256_hex(<sha2::Sha256 as sha2::Digest>::new_with_prefix(b)),
        None => "new".into(),
    }
}

/// `edition=` of a query, when it names one.
fn chosen_edition(query: &str) -> Option<Edition> {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("edition="))
        .and_then(Edition::from_id)
}

/// A new report's body and edition, each a choice (changing one opens that form): the body
/// from departments.toml, the edition defaulting to the year's.
fn new_report_fields(
    departments: &Departments,
    year: i32,
    slug: &str,
    edition: Edition,
    lang: Lang,
) -> String {
    let mut bodies = String::new();
    for (s, d) in &departments.by_slug {
        bodies.push_str(&format!(
            "<option value=\"{s}\"{sel}>{n}</option>",
            s = esc(s),
            sel = if s == slug { " selected" } else { "" },
            n = esc(&d.name),
        ));
    }
    let mut editions = String::new();
    for e in Edition::ALL {
        editions.push_str(&format!(
            "<option value=\"{id}\"{sel}>{d}</option>",
            id = e.id(),
            sel = if e == edition { " selected" } else { "" },
            d = esc(e.describe()),
        ));
    }
    format!(
        "<select id=\"body\" aria-label=\"{bl}\" data-go=\"{PREFIX}report/{year}/\" data-then=\"?edition={eid}\">{bodies}</select> <code>{s}</code></p><p><label class=\"k\" for=\"edition\">{el}</label> <select id=\"edition\" data-go=\"{PREFIX}report/{year}/{s}?edition=\">{editions}</select>",
        bl = esc(&i18n::t(lang, "editor-department")),
        el = esc(&i18n::t(lang, "editor-edition")),
        eid = edition.id(),
        s = esc(slug),
    )
}

/// The body a report is about, as departments.toml names it (the file's place fixes it).
fn department_field(departments: &Departments, slug: &str, written: &str) -> String {
    let name = departments.get(slug).map_or(written, |d| d.name.as_str());
    format!("{} <code>{}</code>", esc(name), esc(slug))
}

/// JSON inside a `<script>` element: `<` escaped so that no text can close the element.
fn esc_json(v: &serde_json::Value) -> String {
    v.to_string().replace('<', "\\u003c")
}

/// Compare secrets in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// 32 random bytes as hex, from the system's random source.
fn new_secret() -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A small page of the editor's own.
fn simple_page(lang: Lang, title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{t}</title><link rel=\"stylesheet\" href=\"{ASSETS}editor.css\"></head><body><main><h1>{t}</h1>{body}</main></body></html>",
        lang.tag(),
        t = esc(title),
    )
}
