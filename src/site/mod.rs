//! The site: configuration, departments and every report, read and validated. This is the
//! front half of the pipeline (load config → scan → parse → validate) that `check`, `build` and
//! `serve` all run.

pub mod model;
pub mod supervision;
pub mod update;

use crate::clock::Date;
use crate::config::SiteConfig;
use crate::content::{self, Departments, Report, ReportFile};
use crate::diagnostics::{self, Diagnostic};
use crate::schema::{RuleId, Severity};
use crate::validate;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Cloning a site is cheap (its reports are shared): `serve` renders the pages that sum every
/// report from a copy while the next save updates the site.
#[derive(Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub departments: Departments,
    /// Every report that could be read, sorted by year then slug.
    pub reports: Vec<Arc<Report>>,
    /// Every finding, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// How many report files were found (including unreadable ones).
    pub files: usize,
    /// The day the site was loaded: which publication deadlines have passed (S-PUBLISHED, the
    /// supervision pages). `SOURCE_DATE_EPOCH` sets it (see [`Date::today`]).
    pub today: Date,
}

/// A site that cannot be loaded at all (its `site.toml` is unusable).
#[derive(Debug)]
pub struct LoadError(pub Vec<Diagnostic>);

/// What [`Site::load`] finds on the way that `serve` keeps to update the site (see
/// [`update::LiveSite`]).
pub(crate) struct Scanned {
    /// Every report file found, relative to the root.
    pub files: Vec<String>,
    /// The findings of the cross-report rules (also in `Site::diagnostics`).
    pub across: Vec<Diagnostic>,
}

impl Site {
    pub fn load(root: &Path) -> Result<Site, LoadError> {
        Site::load_scanned(root).map(|(site, _)| site)
    }

    /// [`Site::load`], with what it found on the way.
    pub(crate) fn load_scanned(root: &Path) -> Result<(Site, Scanned), LoadError> {
        Site::load_reading(root, |_, departments, files| {
            content::read_all(files, |f, bytes| own(f, bytes, departments))
        })
        .map(|(site, scanned, _)| (site, scanned))
    }

    /// [`Site::load_scanned`], with each report file's own part ([`Own`], one per file found,
    /// in the scan's order) from `read` (given the site's settings, its departments and the
    /// files), and returned with their reports: how `build` loads from the report cache
    /// (`crate::pipeline::cache`). Their findings are moved into the site's (a caller that keeps
    /// them takes them in `read`). The findings that depend on other files and on the day are
    /// added here, as for every load.
    pub(crate) fn load_reading(
        root: &Path,
        read: impl FnOnce(&SiteConfig, &Departments, &[ReportFile]) -> Vec<Own>,
    ) -> Result<(Site, Scanned, Vec<Own>), LoadError> {
        let config = SiteConfig::load(root).map_err(LoadError)?;
        let today = Date::today();
        let mut diags = vec![];
        let departments = Departments::load(root, &mut diags);
        let config_text = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE));
        diags.extend(validate::bodies::region(
            &config,
            &departments,
            &config_text.unwrap_or_default(),
        ));
        let files = content::scan(root, &mut diags);
        let mut owns = read(&config, &departments, &files);
        assert_eq!(owns.len(), files.len(), "one report file, one result");
        // Each file's own findings are moved into the site's, not copied: at 100,000 reports
        // (147,824 findings) the copies were 150 MB of the load's peak.
        let found: Vec<Vec<Diagnostic>> = files
            .par_iter()
            .zip(&mut owns)
            .map(|(f, own)| {
                let (parse, rules) = (
                    std::mem::take(&mut own.parse),
                    std::mem::take(&mut own.rules),
                );
                findings(root, f, own.report.as_deref(), parse, rules, today)
            })
            .collect();
        let mut reports: Vec<Arc<Report>> =
            owns.iter().filter_map(|own| own.report.clone()).collect();
        reports.sort_by(|a, b| (a.year, &a.slug).cmp(&(b.year, &b.slug)));
        let refs: Vec<&Report> = reports.iter().map(|r| &**r).collect();
        let across = validate::check_across(&refs, &departments);
        // Room for every finding at once: grown by doubling, the list held up to twice its
        // findings' size for the whole build.
        diags.reserve_exact(found.iter().map(Vec::len).sum::<usize>() + across.len());
        for d in found {
            diags.extend(d);
        }
        diags.extend(across.iter().cloned());
        diagnostics::sort(&mut diags);
        let site = Site {
            root: root.to_path_buf(),
            config,
            departments,
            reports,
            diagnostics: diags,
            files: files.len(),
            today,
        };
        let files = files.into_iter().map(|f| f.rel).collect();
        Ok((site, Scanned { files, across }, owns))
    }

    pub fn errors(&self) -> usize {
        diagnostics::count(&self.diagnostics, Severity::Error)
    }

    /// The errors that stop a build. Every error of a report written here, unless
    /// `publish_with_errors`; never those of a report kept as published (`origin =
    /// "published"`: a record of what was published, errors included); and always the errors of
    /// files that cannot be published at all (an unreadable report, a misplaced file, a bad
    /// departments.toml): a report must never vanish from the portal unnoticed.
    pub fn blocking_errors(&self) -> Vec<&Diagnostic> {
        let errors: Vec<&Diagnostic> = self
            .diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .collect();
        // `serve` asks after every save: most sites have no error, and then no report need be
        // looked at.
        if errors.is_empty() {
            return errors;
        }
        let publishable: std::collections::HashSet<&str> = self
            .reports
            .iter()
            .filter(|r| self.config.publish_with_errors || r.origin == content::Origin::Published)
            .map(|r| r.file.as_str())
            .collect();
        errors
            .into_iter()
            .filter(|d| !publishable.contains(d.file.as_str()))
            .collect()
    }

    /// The findings about one file.
    pub fn diagnostics_for<'a>(&'a self, file: &'a str) -> impl Iterator<Item = &'a Diagnostic> {
        self.diagnostics.iter().filter(move |d| d.file == file)
    }
}

/// Read, parse and validate one report on its own (every rule but the cross-report ones of
/// [`validate::check_across`]). `serve` calls this for an edited file.
pub fn read_report(
    root: &Path,
    f: &ReportFile,
    departments: &Departments,
    today: Date,
) -> (Option<Report>, Vec<Diagnostic>) {
    validate_report(root, f, content::load_report(f), departments, today)
}

/// Parse and validate a report's text as if it were the file `f` (see [`read_report`]): the
/// editor's checks as the clerk types, by the very code `check` runs.
pub fn check_bytes(
    root: &Path,
    f: &ReportFile,
    bytes: Vec<u8>,
    departments: &Departments,
    today: Date,
) -> (Option<Report>, Vec<Diagnostic>) {
    validate_report(
        root,
        f,
        content::parse_bytes(f, Ok(bytes)),
        departments,
        today,
    )
}

/// Validate a parsed report on its own (see [`read_report`]).
fn validate_report(
    root: &Path,
    f: &ReportFile,
    p: content::Parsed,
    departments: &Departments,
    today: Date,
) -> (Option<Report>, Vec<Diagnostic>) {
    let rules = own_rules(p.report.as_ref(), departments);
    let d = findings(root, f, p.report.as_ref(), p.diagnostics, rules, today);
    (p.report, d)
}

/// What one report file gives when read and checked on its own: the report (`None` when it
/// cannot be read or parsed), the findings of reading it and those of the rules over it alone
/// (kept apart: [`findings`] puts the others between them). It depends on the file's path and
/// bytes, the departments and the binary only: what the report cache keeps per file
/// (`crate::pipeline::cache`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Own {
    pub report: Option<Arc<Report>>,
    pub parse: Vec<Diagnostic>,
    pub rules: Vec<Diagnostic>,
}

/// Read and check one report file's bytes on its own (see [`Own`]).
pub(crate) fn own(
    f: &ReportFile,
    bytes: Result<Vec<u8>, Box<Diagnostic>>,
    departments: &Departments,
) -> Own {
    let p = content::parse_bytes(f, bytes);
    Own {
        rules: own_rules(p.report.as_ref(), departments),
        report: p.report.map(Arc::new),
        parse: p.diagnostics,
    }
}

fn own_rules(report: Option<&Report>, departments: &Departments) -> Vec<Diagnostic> {
    report.map_or_else(Vec::new, |r| validate::check_report(r, departments))
}

/// A report file's findings, in the order every load gives them: its own ([`Own`]), with those
/// that look at the source document beside it and at the day (the cross-report rules come
/// later, from [`validate::check_across`]).
fn findings(
    root: &Path,
    f: &ReportFile,
    report: Option<&Report>,
    parse: Vec<Diagnostic>,
    rules: Vec<Diagnostic>,
    today: Date,
) -> Vec<Diagnostic> {
    let mut d = parse;
    if let Some(r) = report {
        check_source(root, f, r, &mut d);
        d.extend(validate::attachment::check(f, r));
        d.extend(rules);
        d.extend(validate::published::check(r, today));
        if r.origin == content::Origin::Published {
            kept_as_published(&mut d);
        }
    }
    d
}

/// The errors of a report kept as published say so, so that nobody corrects a number the
/// published document printed (a finding with its own advice keeps it).
fn kept_as_published(diags: &mut [Diagnostic]) {
    for d in diags.iter_mut() {
        if d.severity() == Severity::Error && d.help.is_none() {
            d.help = Some(crate::msg!("kept-as-published"));
        }
    }
}

/// `source = "…"`: a plain file name beside the report, which exists. Anything else could point
/// outside the site when the build copies it.
fn check_source(root: &Path, file: &ReportFile, r: &Report, out: &mut Vec<Diagnostic>) {
    let Some(source) = &r.source else { return };
    let plain = !source.is_empty()
        && !source.contains(['/', '\\', '\0'])
        && source != "."
        && source != ".."
        && !source.starts_with('.');
    if !plain {
        out.push(
            Diagnostic::new(
                &file.rel,
                RuleId::FilePath,
                crate::msg!("source-not-plain", source = source.as_str()),
            )
            .at(r.place("source")),
        );
        return;
    }
    let beside = file.path.with_file_name(source);
    let inside = beside
        .symlink_metadata()
        .map(|m| m.is_file())
        .unwrap_or(false);
    if !inside {
        let dir = content::rel_path(root, file.path.parent().unwrap_or(root));
        out.push(
            Diagnostic::new(
                &file.rel,
                RuleId::FilePath,
                crate::msg!("source-not-found", source = source.as_str(), folder = dir),
            )
            .at(r.place("source")),
        );
    }
}
