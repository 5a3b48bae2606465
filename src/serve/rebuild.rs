//! The dev build: the site as last built, and how an edit is applied to it. Every step is the
//! `build` pipeline's own ([`LiveSite`] over `Site::load`'s stages, `Model::with_layout`,
//! `Renderer::jobs` and `Renderer::render`, and [`build_site`] for full builds); what is
//! incremental is only *which* reports are re-read (and their key figures recomputed), whether
//! the model's layout (years, departments, 未发布 lists) and the job list are made again,
//! *which* jobs are re-rendered, and in which order: the edited reports' own pages first, the
//! pages that sum every report last. After a save of reports ([`DevBuild::save`]) those are
//! rendered by a [`Pass`] on a thread of its own, which the next save cancels rather than wait
//! for (see [`super::sitewide`]); after other edits ([`DevBuild::apply`]) on the serve loop's
//! thread, left to the next rebuild when a newer edit arrives meanwhile.

use super::shown::Shown;
use super::sitewide::{self, Gate, Pass};
use super::watch::Change;
use crate::content;
use crate::diagnostics::{self, Diagnostic, findings_of};
use crate::error::Error;
use crate::output::write_atomic;
use crate::pipeline::build_site;
use crate::render::{Job, Page, Renderer, Theme};
use crate::schema::Severity;
use crate::site::Site;
use crate::site::model::{self, Figures, Layout, Model};
use crate::site::update::{LiveSite, NeedsFullLoad, Reach, SiteCopy};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a (re)build did.
pub enum Outcome {
    /// The output folder now matches the sources.
    Built {
        /// The findings to print: all of them after a full build, those of the edited files
        /// after an incremental one.
        diagnostics: Vec<Diagnostic>,
        reports: usize,
        /// How many files were written.
        files: usize,
        /// The output paths that changed (after those passed to `early`); `None`: all of them.
        changed: Option<Vec<String>>,
        /// The edit changed stylesheets only: open pages swap them in place, and only the pages
        /// in `changed` reload (those of reports whose rebuild an earlier edit had cut short).
        css_only: bool,
        /// Errors in the edited files, published anyway (`publish_with_errors`): shown in the
        /// overlay too.
        edited_errors: Vec<Diagnostic>,
        /// The errors that would stop `gongkai build` (see [`Site::blocking_errors`]): the
        /// preview shows every page anyway, with its findings marked, and says so.
        refused: Vec<Diagnostic>,
        /// What became of the pages that list or sum the edited reports.
        rest: Rest,
    },
    /// The sources do not build; the output folder was left as it was.
    Failed {
        diagnostics: Vec<Diagnostic>,
        reports: usize,
        /// A failure that is not about content (a template error, a disk error).
        problem: Option<Error>,
    },
}

/// What became of the pages that list or sum the edited reports (`files` and `changed` of
/// [`Outcome::Built`] count only the edited reports' own pages unless they were written).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rest {
    /// Written: the folder matches the sources.
    Written,
    /// A newer edit arrived while they were being rendered: they were left for the next
    /// rebuild, which renders them with that edit.
    Deferred,
    /// Left to a site-wide pass ([`DevBuild::site_wide`]).
    Pass,
}

/// The edits not yet in the output folder (because the site did not build meanwhile).
#[derive(Clone, Default)]
struct Pending {
    everything: bool,
    reports: BTreeSet<String>,
    assets: bool,
}

impl Pending {
    /// Add an edit; returns the report files it edited.
    fn note(&mut self, change: &Change) -> BTreeSet<String> {
        match change {
            Change::Everything => self.everything = true,
            Change::Reports(files) => {
                self.reports.extend(files.iter().cloned());
                return files.clone();
            }
            Change::Assets { .. } => self.assets = true,
        }
        BTreeSet::new()
    }

    fn is_empty(&self) -> bool {
        !self.everything && !self.assets && self.reports.is_empty()
    }
}

pub struct DevBuild {
    root: PathBuf,
    out: PathBuf,
    base_url: String,
    live: Option<LiveSite>,
    /// The jobs whose output is in the folder now; `None` before the first successful build.
    rendered: Option<Vec<Job>>,
    /// Whether `rendered` was listed with the kept `layout` and `theme`: then an edit that
    /// changes only what reports say leaves the list as it is (see [`Step::list_holds`]).
    jobs_current: bool,
    pending: Pending,
    /// The theme of the last build, kept while only reports change.
    theme: Option<Arc<Theme>>,
    /// The site model's layout of the last build, kept while edits change only what reports
    /// say (see [`Reach`]).
    layout: Option<Layout>,
    /// The edited reports' jobs last rendered by [`DevBuild::save`], from the site as it is
    /// now: a pass started before the next edit need not render them again.
    fresh: Vec<Job>,
    /// How many edits were noted: a pass brings the folder up to date only when none came
    /// after those it was started with.
    edits: u64,
    /// `rendered` is lent to a running pass.
    lent: bool,
    /// No pass runs until the next edit: an edited file no longer reads as a report (a pass
    /// would remove the report's pages, which are kept meanwhile), or the last pass failed (a
    /// template error: it would fail again).
    held: bool,
    /// Where the saved reports' files are served from while they are written (the server's,
    /// once [`DevBuild::show_through`] gives it).
    shown: Arc<Shown>,
}

/// What a site-wide pass works from: a copy of the site, and what [`DevBuild`] knew when it
/// was started.
struct PassInput {
    site: SiteCopy,
    theme: Arc<Theme>,
    base_url: String,
    out: PathBuf,
    old: Vec<Job>,
    pending: Pending,
    jobs_current: bool,
    fresh: Vec<Job>,
    edits: u64,
}

/// What a site-wide pass did, for [`DevBuild::finish`].
pub struct PassDone {
    /// The jobs whose output is in the folder now: those listed by a pass that completed, else
    /// those lent to it.
    jobs: Vec<Job>,
    /// The pass's copy of the site, given back to be updated for the next pass.
    site: SiteCopy,
    edits: u64,
    result: Result<Written, Error>,
}

/// What [`DevBuild::finish`] reports of a pass.
pub struct Finished {
    /// How many files it wrote.
    pub files: usize,
    /// The output paths it changed: their open pages reload.
    pub changed: Vec<String>,
    /// The folder now matches the sources (else a newer edit cut it short or followed it: the
    /// next pass renders the pages with it).
    pub current: bool,
}

impl DevBuild {
    pub fn new(root: &Path, out: &Path, base_url: &str) -> (DevBuild, Outcome) {
        let mut dev = DevBuild {
            root: root.to_path_buf(),
            out: out.to_path_buf(),
            base_url: base_url.to_string(),
            live: None,
            rendered: None,
            jobs_current: false,
            pending: Pending::default(),
            theme: None,
            layout: None,
            fresh: vec![],
            edits: 0,
            lent: false,
            held: false,
            shown: Arc::default(),
        };
        let outcome = dev.apply(&Change::Everything, &mut |_| {}, &|| false);
        (dev, outcome)
    }

    /// Serve the saved reports' files from `shown` (the server's) from the moment they are
    /// rendered until they are written: the disk may be busy.
    pub fn show_through(&mut self, shown: Arc<Shown>) {
        self.shown = shown;
    }

    /// Whether a build is being served: false until the first one succeeds.
    pub fn has_build(&self) -> bool {
        self.rendered.is_some() || self.lent
    }

    /// A save of reports while a build is served: the saved reports are re-read, and their own
    /// pages written and announced (`early`) at once; the pages that list or sum them are left
    /// to a pass ([`DevBuild::site_wide`]), which may be running still (for an older save: the
    /// caller cancels it first). `None`: the save needs [`DevBuild::apply`] (templates not yet
    /// compiled, or a full load pending or needed), which the caller runs once no pass runs.
    pub fn save(&mut self, change: &Change, early: &mut dyn FnMut(Vec<String>)) -> Option<Outcome> {
        let Change::Reports(files) = change else {
            return None;
        };
        let theme = self.theme.clone()?;
        if !self.has_build() || self.pending.everything {
            return None;
        }
        self.fresh.clear();
        match self.live.as_mut()?.update(files) {
            Ok(Reach::Contents) => self.refigure(files),
            Ok(Reach::Layout) => {
                self.layout = None;
                self.jobs_current = false;
            }
            Err(NeedsFullLoad) => {
                self.live = None;
                return None;
            }
        }
        let edited = self.pending.note(change);
        self.edits += 1;
        let figures = std::mem::take(&mut self.live.as_mut()?.figures);
        let site = &self.live.as_ref()?.site;
        let reports = site.files;
        let shown = self.shown(site, &edited);
        self.held = false;
        if let Some(failed) = self.blocked(site, &edited, &shown) {
            self.live.as_mut()?.figures = figures;
            self.held = true;
            return Some(failed);
        }
        let layout = self.layout.take().unwrap_or_else(|| Layout::new(site));
        let model = Model::with_findings(site, figures, layout, &self.live.as_ref()?.runs);
        let own = Renderer::with_theme(&model, Some(&self.base_url), theme)
            .and_then(|renderer| write_own(&renderer, &edited, &self.out, &self.shown, early));
        let (layout, figures) = model.into_layout();
        self.layout = Some(layout);
        self.live.as_mut()?.figures = figures;
        let (own, files) = match own {
            Ok(done) => done,
            Err(problem) => {
                return Some(Outcome::Failed {
                    diagnostics: shown,
                    reports,
                    problem: Some(problem),
                });
            }
        };
        self.fresh = own;
        let site = &self.live.as_ref()?.site;
        Some(Outcome::Built {
            edited_errors: edited_errors(&shown, &edited),
            refused: site.blocking_errors().into_iter().cloned().collect(),
            diagnostics: shown,
            reports,
            files,
            changed: Some(vec![]),
            css_only: false,
            rest: Rest::Pass,
        })
    }

    /// Start a pass that renders what the pending edits change besides the pages
    /// [`DevBuild::save`] wrote, on a thread of its own from a copy of the site; `done` is
    /// called when it ends, and [`DevBuild::finish`] takes its result. `None`: nothing is
    /// pending, a pass runs already, or the pending edits need [`DevBuild::apply`].
    pub fn site_wide(&mut self, done: impl FnOnce() + Send + 'static) -> Option<Pass<PassDone>> {
        if self.lent || self.held || self.pending.is_empty() || self.pending.everything {
            return None;
        }
        let theme = self.theme.clone()?;
        let site = self.live.as_mut()?.copy();
        let old = self.rendered.take()?;
        self.lent = true;
        let input = PassInput {
            site,
            theme,
            base_url: self.base_url.clone(),
            out: self.out.clone(),
            old,
            pending: self.pending.clone(),
            jobs_current: self.jobs_current,
            fresh: self.fresh.clone(),
            edits: self.edits,
        };
        Some(Pass::start(move |gate| run_pass(input, gate), done))
    }

    /// Take back what a pass did.
    pub fn finish(&mut self, done: PassDone) -> Result<Finished, Error> {
        self.lent = false;
        let PassDone {
            jobs,
            site,
            edits,
            result,
        } = done;
        self.rendered = Some(jobs);
        if let Some(live) = &mut self.live {
            live.keep(site);
        }
        let written = match result {
            Ok(w) => w,
            Err(problem) => {
                self.held = true;
                return Err(problem);
            }
        };
        let complete = written.complete;
        let current = complete && edits == self.edits;
        if current {
            self.pending = Pending::default();
            self.jobs_current = true;
        }
        Ok(Finished {
            files: written.files,
            changed: written.changed.unwrap_or_default(),
            current,
        })
    }

    /// Bring the output folder up to date with `change`. `early` is called with the edited
    /// reports' own pages as soon as they are written, before the rest. `newer` tells whether
    /// another edit is waiting: the pages that only list or sum the edited reports are then
    /// left for the next call (which renders them with that edit too).
    pub fn apply(
        &mut self,
        change: &Change,
        early: &mut dyn FnMut(Vec<String>),
        newer: &(dyn Fn() -> bool + Sync),
    ) -> Outcome {
        if !matches!(change, Change::Reports(_)) {
            self.theme = None;
            self.jobs_current = false;
        }
        let edited = self.pending.note(change);
        let figures = match self.refresh(change) {
            Ok(figures) => figures,
            Err(failed) => return failed,
        };
        let live = self.live.as_ref().expect("refresh loads the site or fails");
        let site = &live.site;
        let reports = site.files;
        let shown = self.shown(site, &edited);
        self.held = false;
        if let Some(failed) = self.blocked(site, &edited, &shown) {
            self.live.as_mut().expect("loaded above").figures = figures;
            self.held = true;
            return failed;
        }
        let layout = self.layout.take().unwrap_or_else(|| Layout::new(site));
        let model = Model::with_findings(site, figures, layout, &live.runs);
        let result = self.render(&model, &edited, early, newer);
        // The model's layout holds until an edit changes which reports exist.
        let (layout, figures) = model.into_layout();
        self.layout = Some(layout);
        self.live.as_mut().expect("loaded above").figures = figures;
        let (theme, written) = match result {
            Ok(done) => done,
            Err(problem) => {
                return Outcome::Failed {
                    diagnostics: shown,
                    reports,
                    problem: Some(problem),
                };
            }
        };
        self.fresh.clear();
        let rest = if written.complete {
            if let Some(jobs) = written.jobs {
                self.rendered = Some(jobs);
            }
            self.jobs_current = true;
            self.pending = Pending::default();
            Rest::Written
        } else {
            Rest::Deferred
        };
        let (written, changed) = (written.files, written.changed);
        // A script, image or font may be used by any page: every page reloads.
        let changed = match change {
            Change::Assets { css_only: false } => None,
            _ => changed,
        };
        let css_only =
            matches!(change, Change::Assets { css_only: true }) && !self.pending.everything;
        self.theme = Some(theme);
        let edited_errors = edited_errors(&shown, &edited);
        let site = &self.live.as_ref().expect("loaded above").site;
        let refused = site.blocking_errors().into_iter().cloned().collect();
        Outcome::Built {
            edited_errors,
            refused,
            diagnostics: shown,
            reports,
            files: written,
            changed,
            css_only,
            rest,
        }
    }

    /// The edited reports' figures may have changed: the kept layout sums their years again.
    fn refigure(&mut self, files: &BTreeSet<String>) {
        let (Some(layout), Some(live)) = (&mut self.layout, &self.live) else {
            return;
        };
        for f in files {
            // The year of the folder, and the one the report says (the same when it reads).
            let years = content::parse_report_path(f).map(|p| p.year).into_iter();
            let said = live.position(f).map(|at| live.site.reports[at].year);
            for year in years.chain(said) {
                layout.refigure(year);
            }
        }
    }

    /// The findings to print: all of them after a full load, those of the edited files else.
    fn shown(&self, site: &Site, edited: &BTreeSet<String>) -> Vec<Diagnostic> {
        if self.pending.everything {
            return site.diagnostics.clone();
        }
        // Sorted by file, as `edited` is: each file's findings are one run, in order.
        edited
            .iter()
            .flat_map(|f| &site.diagnostics[findings_of(&site.diagnostics, f)])
            .cloned()
            .collect()
    }

    /// The outcome when the edits cannot be shown: an edited file that no longer reads as a
    /// report while a build is served (its page would vanish: the last good one is kept until
    /// the file reads again). Errors that would stop `gongkai build` never stop the preview:
    /// every page that can be rendered is, with its findings marked, and the overlay lists what
    /// `build` would refuse.
    fn blocked(
        &self,
        site: &Site,
        edited: &BTreeSet<String>,
        shown: &[Diagnostic],
    ) -> Option<Outcome> {
        let read = |f: &str| match &self.live {
            Some(live) => live.position(f).is_some(),
            None => site.reports.iter().any(|r| r.file == f),
        };
        let unreadable = edited
            .iter()
            .any(|f| self.root.join(f).exists() && !read(f));
        if !unreadable || !self.has_build() {
            return None;
        }
        let mut diagnostics = shown.to_vec();
        diagnostics.extend(
            site.diagnostics
                .iter()
                .filter(|d| d.severity() == Severity::Error)
                .filter(|d| !shown.contains(d))
                .cloned(),
        );
        diagnostics::sort(&mut diagnostics);
        Some(Outcome::Failed {
            diagnostics,
            reports: site.files,
            problem: None,
        })
    }

    /// Render what the edits change with `model`: the theme used, and what was written.
    fn render(
        &self,
        model: &Model,
        edited: &BTreeSet<String>,
        early: &mut dyn FnMut(Vec<String>),
        newer: &(dyn Fn() -> bool + Sync),
    ) -> Result<(Arc<Theme>, Written), Error> {
        let renderer = match &self.theme {
            Some(theme) => Renderer::with_theme(model, Some(&self.base_url), theme.clone())?,
            None => Renderer::new(model, Some(&self.base_url))?,
        };
        let written = self.write(&renderer, edited, early, newer)?;
        Ok((renderer.theme().clone(), written))
    }

    /// Write the pages: only those the pending edits change when a build is in the folder, else
    /// all of them.
    fn write(
        &self,
        renderer: &Renderer,
        edited: &BTreeSet<String>,
        early: &mut dyn FnMut(Vec<String>),
        newer: &(dyn Fn() -> bool + Sync),
    ) -> Result<Written, Error> {
        match &self.rendered {
            Some(old) if !self.pending.everything => {
                let step = Step {
                    renderer,
                    pending: &self.pending,
                    out: &self.out,
                    jobs_current: self.jobs_current,
                };
                step.run(old, edited, early, &self.shown, &Gate::until(newer))
            }
            _ => {
                let stats = build_site(renderer, &self.out, false)?;
                Ok(Written {
                    files: stats.files,
                    changed: None,
                    jobs: Some(renderer.jobs()),
                    complete: true,
                })
            }
        }
    }

    /// Bring the in-memory site up to date with the disk: only the edited reports when the
    /// update can take them, else a full load (then everything is pending). Returns the key
    /// figures of its reports, taken out of it for the model (and put back after).
    fn refresh(&mut self, change: &Change) -> Result<Vec<Figures>, Outcome> {
        let reload = match (&mut self.live, change) {
            (Some(live), Change::Reports(files)) => match live.update(files) {
                Ok(Reach::Contents) => {
                    self.refigure(files);
                    false
                }
                Ok(Reach::Layout) => {
                    self.layout = None;
                    self.jobs_current = false;
                    false
                }
                Err(NeedsFullLoad) => true,
            },
            (Some(_), Change::Assets { .. }) => false,
            _ => true,
        };
        if reload {
            self.pending.everything = true;
            self.live = None;
            self.layout = None;
            self.jobs_current = false;
            let mut live = LiveSite::load(&self.root).map_err(|e| Outcome::Failed {
                diagnostics: e.0,
                reports: 0,
                problem: None,
            })?;
            // The copy the first site-wide pass starts from is made now, not when the first
            // save is being shown.
            let copy = live.copy();
            live.keep(copy);
            self.live = Some(live);
        }
        let live = self.live.as_mut().expect("loaded above");
        Ok(std::mem::take(&mut live.figures))
    }
}

/// One incremental rebuild after edits to reports (and static files).
struct Step<'r, 'a> {
    renderer: &'r Renderer<'a>,
    pending: &'r Pending,
    out: &'r Path,
    /// See [`DevBuild::jobs_current`].
    jobs_current: bool,
}

/// What a rebuild wrote.
struct Written {
    files: usize,
    /// The output paths changed (after those announced early); `None`: all of them.
    changed: Option<Vec<String>>,
    /// The jobs whose output is now in the folder; `None`: those listed before.
    jobs: Option<Vec<Job>>,
    /// Every page the edits change was written (else a newer edit cut it short: `changed`
    /// lists what was written, and `jobs` what a complete rebuild would have left).
    complete: bool,
}

/// The edited reports' own jobs, rendered, shown from memory (`shown`) and announced (`early`)
/// at once, then written; and how many files were written.
fn write_own(
    renderer: &Renderer,
    edited: &BTreeSet<String>,
    out: &Path,
    shown: &Shown,
    early: &mut dyn FnMut(Vec<String>),
) -> Result<(Vec<Job>, usize), Error> {
    let model = renderer.model;
    let own: Vec<Job> = edited
        .iter()
        .filter_map(|f| content::parse_report_path(f))
        .filter_map(|p| model.find(p.year, p.slug()?))
        .map(|i| renderer.report_job(i))
        .collect();
    // On this thread: the pool's threads may be busy with an older save's pass.
    let mut rendered = vec![];
    for job in &own {
        rendered.extend(renderer.render(job)?);
    }
    // The server finds files under the folder's real path.
    let real = std::fs::canonicalize(out).unwrap_or_else(|_| out.to_path_buf());
    for f in &rendered {
        shown.show(real.join(&f.path), &f.bytes);
    }
    if !own.is_empty() {
        early(outputs_of(&own.iter().collect::<Vec<_>>()));
    }
    let mut files = 0;
    let mut wrote = Ok(());
    for f in &rendered {
        let path = out.join(&f.path);
        let same_page =
            f.path.ends_with(".html") && std::fs::read(&path).is_ok_and(|old| old == f.bytes);
        if wrote.is_ok() && !same_page {
            wrote = write_atomic(&path, &f.bytes).map_err(|e| Error::io(&f.path, e));
            files += usize::from(wrote.is_ok());
        }
        shown.written(&real.join(&f.path));
    }
    wrote.map(|()| (own, files))
}

/// A site-wide pass: the model of its copy of the site (the figures and layout made again:
/// on this thread, not the serve loop's), then [`Step::rest`].
fn run_pass(input: PassInput, gate: &Gate) -> PassDone {
    let PassInput {
        site,
        theme,
        base_url,
        out,
        old,
        pending,
        jobs_current,
        fresh,
        edits,
    } = input;
    let copy = site;
    let site = &copy.site;
    let figures = site.reports.par_iter().map(|r| model::figures(r)).collect();
    let model = Model::with_layout(site, figures, Layout::new(site));
    let mut result = Renderer::with_theme(&model, Some(&base_url), theme).and_then(|renderer| {
        let step = Step {
            renderer: &renderer,
            pending: &pending,
            out: &out,
            jobs_current,
        };
        step.rest(&old, &fresh, gate)
    });
    // The list the folder no longer matches is dropped here, not on the serve loop's thread (a
    // million paths at 100,000 reports: a save arriving meanwhile would wait).
    let jobs = match result {
        Ok(Written {
            ref mut jobs,
            complete: true,
            ..
        }) => jobs.take().unwrap_or(old),
        _ => old,
    };
    // The model borrows the copy, which goes back to the serve loop.
    drop(model);
    PassDone {
        jobs,
        site: copy,
        edits,
        result,
    }
}

impl Step<'_, '_> {
    /// Render the edited reports' own folders and announce them (`early`): that is what the clerk
    /// looks at, and it costs the same whatever the size of the site. Then the rest
    /// ([`Step::rest`]).
    fn run(
        &self,
        old: &[Job],
        edited: &BTreeSet<String>,
        early: &mut dyn FnMut(Vec<String>),
        shown: &Shown,
        gate: &Gate,
    ) -> Result<Written, Error> {
        let (own, files) = write_own(self.renderer, edited, self.out, shown, early)?;
        let mut rest = self.rest(old, &own, gate)?;
        rest.files += files;
        Ok(rest)
    }

    /// List every job and re-render those the edits can change but `done` (rendered already
    /// with this model): the pages that link the reports (department, years, neighbouring
    /// years), then those that sum every report (home, data files, search index), which take
    /// longest. Stops when `gate` says so.
    fn rest(&self, old: &[Job], done: &[Job], gate: &Gate) -> Result<Written, Error> {
        let listed = (!self.list_holds(old)).then(|| self.renderer.jobs());
        let jobs = listed.as_deref().unwrap_or(old);
        let (todo, same_pages) = self.todo(old, jobs);
        let (all, linked): (Vec<&Job>, Vec<&Job>) = todo
            .into_iter()
            .filter(|j| !done.contains(j))
            .partition(|j| j.sitewide());
        let mut changed = vec![];
        let mut complete = true;
        for part in [linked, all] {
            let published = sitewide::publish(self.renderer, &part, self.out, gate)?;
            changed.extend(published.written);
            if published.stopped {
                complete = false;
                break;
            }
        }
        let files = changed.len();
        if complete && !same_pages {
            match gate.publish(|| remove_gone(self.out, old, jobs)) {
                Some(gone) => changed.extend(gone),
                None => complete = false,
            }
        }
        Ok(Written {
            files,
            changed: Some(changed),
            jobs: listed,
            complete,
        })
    }

    /// Whether listing the jobs again would give `old`: the jobs follow from the model's layout
    /// and the theme, and from what each report says only through its own job (its `source`
    /// names one of its outputs). True when `old` was listed with the same layout and theme
    /// and each edited report's job is the one in `old`; listing 100,000 reports' jobs (a
    /// million paths) is most of a small rebuild.
    fn list_holds(&self, old: &[Job]) -> bool {
        let model = self.renderer.model;
        self.jobs_current
            && self.pending.reports.iter().all(|f| {
                let id = content::parse_report_path(f).and_then(|p| model.find(p.year, p.slug()?));
                id.is_some_and(|i| old.contains(&self.renderer.report_job(i)))
            })
    }

    /// The jobs an edit can change, and whether the old and new jobs name the same outputs. A
    /// job is re-rendered when it depends on an edited report now or did before (a deleted
    /// report is only in the old jobs), when its outputs are new, or, for asset edits, when it
    /// is a static file.
    fn todo<'j>(&self, old: &[Job], new: &'j [Job]) -> (Vec<&'j Job>, bool) {
        let pending = self.pending;
        let touches = |j: &Job| pending.reports.iter().any(|f| j.depends_on(f));
        let asset = |j: &Job| pending.assets && matches!(j.page, Page::Static(_));
        // Usually the edit changed figures, not which pages exist: then old and new jobs pair
        // up one to one, and comparing output sets (tens of thousands of paths) is not needed.
        let same_pages =
            old.len() == new.len() && old.iter().zip(new).all(|(a, b)| a.outputs == b.outputs);
        if same_pages {
            let todo = old
                .iter()
                .zip(new)
                .filter(|(o, n)| touches(o) || touches(n) || asset(n))
                .map(|(_, n)| n)
                .collect();
            return (todo, true);
        }
        let old_outputs: HashSet<&str> = old
            .iter()
            .flat_map(|j| j.outputs.iter().map(String::as_str))
            .collect();
        let stale: HashSet<&str> = old
            .iter()
            .filter(|j| touches(j))
            .flat_map(|j| j.outputs.iter().map(String::as_str))
            .collect();
        let todo = new
            .iter()
            .filter(|j| {
                touches(j)
                    || asset(j)
                    || j.outputs
                        .iter()
                        .any(|o| stale.contains(o.as_str()) || !old_outputs.contains(o.as_str()))
            })
            .collect();
        (todo, false)
    }
}

/// Remove the outputs of the old jobs that no new job writes; returns them.
fn remove_gone(out: &Path, old: &[Job], new: &[Job]) -> Vec<String> {
    let new_outputs: HashSet<&str> = new
        .iter()
        .flat_map(|j| j.outputs.iter().map(String::as_str))
        .collect();
    let mut gone: Vec<&str> = old
        .iter()
        .flat_map(|j| j.outputs.iter().map(String::as_str))
        .filter(|o| !new_outputs.contains(o))
        .collect();
    gone.sort_unstable();
    gone.dedup();
    for path in &gone {
        crate::output::remove_with_empty_parents(out, path);
    }
    gone.into_iter().map(String::from).collect()
}

fn outputs_of(jobs: &[&Job]) -> Vec<String> {
    jobs.iter()
        .flat_map(|j| j.outputs.iter().cloned())
        .collect()
}

/// The findings of the edited files that are errors (published anyway): the overlay shows them.
fn edited_errors(shown: &[Diagnostic], edited: &BTreeSet<String>) -> Vec<Diagnostic> {
    shown
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .filter(|d| edited.contains(&d.file))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::update::tests::demo_copy;
    use std::collections::BTreeMap;

    /// The files of a build, but the deploy manifests (and their seal) and the build state: they
    /// describe a build's files, and serve's edits do not update them.
    fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| (content::rel_path(dir, e.path()), e))
            .filter(|(rel, _)| {
                !rel.starts_with(".gongkai-manifest.")
                    && rel != ".gongkai-seal"
                    && rel != crate::output::STATE
                    && rel != crate::output::SHA256_STATES
            })
            .map(|(rel, e)| (rel, std::fs::read(e.path()).unwrap()))
            .collect()
    }

    fn edit(root: &Path, rel: &str, from: &str, to: &str) -> Change {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel}: {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        Change::Reports([rel.to_string()].into())
    }

    /// An edit whose site-wide pages are cut short by a newer edit: its own page is written at
    /// once, and the next rebuild brings every page to what a fresh build of both edits writes.
    #[test]
    fn an_interrupted_rebuild_is_completed_by_the_next() {
        let root = demo_copy("dev-build");
        let (out, base) = (root.join("dev"), "http://localhost:1111/");
        let (mut dev, first) = DevBuild::new(&root, &out, base);
        assert!(matches!(first, Outcome::Built { .. }));

        let mut early = vec![];
        // A figure (the year pages and data files change) and a sentence (the search texts).
        edit(
            &root,
            "content/2023/yunxi-gov.md",
            "licensing  = 9012",
            "licensing  = 9013",
        );
        let first = edit(
            &root,
            "content/2023/yunxi-gov.md",
            "参训324人次",
            "参训325人次",
        );
        let outcome = dev.apply(&first, &mut |pages| early.extend(pages), &|| true);
        assert!(matches!(
            outcome,
            Outcome::Built {
                rest: Rest::Deferred,
                ..
            }
        ));
        assert!(early.contains(&"2023/yunxi-gov/index.html".to_string()));
        let page = std::fs::read_to_string(out.join("2023/yunxi-gov/index.html")).unwrap();
        assert!(page.contains("参训325人次"));

        // Another department, years away: nothing the first edit changed depends on it.
        let second = edit(&root, "content/2019/yunxi-jiaoyu.md", "。", "。 ");
        let outcome = dev.apply(&second, &mut |_| {}, &|| false);
        assert!(matches!(
            outcome,
            Outcome::Built {
                rest: Rest::Written,
                ..
            }
        ));

        assert_fresh(&root, &out, base);
        std::fs::remove_dir_all(&root).unwrap();
    }

    /// Saves whose site-wide pass is cancelled by the next save: each save's own page is
    /// written at once; a pass cancelled at any point (at once here, or after it finished) puts
    /// nothing stale in place, and the pass after the last save leaves what a fresh build of
    /// every save writes.
    #[test]
    fn a_cancelled_pass_is_completed_by_the_next() {
        let root = demo_copy("dev-pass");
        let (out, base) = (root.join("dev"), "http://localhost:1111/");
        let (mut dev, first) = DevBuild::new(&root, &out, base);
        assert!(matches!(first, Outcome::Built { .. }));
        // The file, the edit, and what its page then shows.
        let saves = [
            (
                "content/2023/yunxi-gov.md",
                "licensing  = 9012",
                "licensing  = 9013",
                "9013",
            ),
            (
                "content/2023/yunxi-gov.md",
                "参训324人次",
                "参训325人次",
                "参训325人次",
            ),
            (
                "content/2019/yunxi-jiaoyu.md",
                "政府信息366条",
                "政府信息367条",
                "政府信息367条",
            ),
        ];
        let mut pass: Option<Pass<PassDone>> = None;
        for (rel, from, to, shown) in saves {
            if let Some(p) = &pass {
                p.cancel();
            }
            let change = edit(&root, rel, from, to);
            let mut early = vec![];
            let outcome = dev.save(&change, &mut |pages| early.extend(pages));
            assert!(matches!(
                outcome,
                Some(Outcome::Built {
                    rest: Rest::Pass,
                    ..
                })
            ));
            let page = rel.replace("content/", "").replace(".md", "/index.html");
            assert!(early.contains(&page), "{early:?}");
            let served = std::fs::read_to_string(out.join(&page)).unwrap();
            assert!(served.contains(shown), "{page}");
            if let Some(p) = pass.take() {
                assert!(!dev.finish(p.join()).unwrap().current);
            }
            pass = dev.site_wide(|| {});
            assert!(pass.is_some());
        }
        let done = dev.finish(pass.take().unwrap().join()).unwrap();
        assert!(done.current);
        assert!(dev.site_wide(|| {}).is_none(), "nothing is pending");
        assert_fresh(&root, &out, base);
        std::fs::remove_dir_all(&root).unwrap();
    }

    /// The dev build's folder holds what a fresh build of the sources writes.
    fn assert_fresh(root: &Path, out: &Path, base: &str) {
        let site = Site::load(root).unwrap();
        let model = Model::new(&site);
        let fresh = root.join("fresh");
        let _ = std::fs::remove_dir_all(&fresh);
        build_site(&Renderer::new(&model, Some(base)).unwrap(), &fresh, false).unwrap();
        let (got, want) = (tree(out), tree(&fresh));
        let differ: Vec<&String> = want
            .keys()
            .filter(|k| got.get(*k) != want.get(*k))
            .collect();
        assert!(differ.is_empty() && got.len() == want.len(), "{differ:?}");
    }

    /// The preview never waits for `build` to agree: with publish_with_errors off, the demo's
    /// real reports with errors (written here: no `origin`) are built and served all the same,
    /// and the outcome lists them as what `build` would refuse; marked as kept as published,
    /// nothing is refused.
    #[test]
    fn a_site_that_build_would_refuse_is_previewed_in_full() {
        let root = demo_copy("dev-refused");
        let config = root.join("site.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        let strict = text.replace("publish_with_errors = true", "publish_with_errors = false");
        assert_ne!(strict, text);
        std::fs::write(&config, strict).unwrap();
        // The demo keeps this real report as published: written here instead, its errors are
        // the site's own.
        let report = root.join("content/2023/hongze-gov.md");
        let text = std::fs::read_to_string(&report).unwrap();
        let authored: String = text
            .lines()
            .filter(|l| !l.starts_with("origin = "))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_ne!(authored, text);
        std::fs::write(&report, authored).unwrap();
        let out = root.join("dev");
        let (dev, first) = DevBuild::new(&root, &out, "http://localhost:1111/");
        let Outcome::Built { refused, .. } = first else {
            panic!("not built");
        };
        assert!(dev.has_build() && out.join("index.html").is_file());
        assert!(out.join("2023/hongze-gov/index.html").is_file());
        assert!(
            refused
                .iter()
                .any(|d| d.file == "content/2023/hongze-gov.md")
        );

        let text = std::fs::read_to_string(&report).unwrap();
        let kept = text.replacen("\nyear = ", "\norigin = \"published\"\nyear = ", 1);
        std::fs::write(&report, kept).unwrap();
        let (_, again) = DevBuild::new(&root, &root.join("dev2"), "http://localhost:1111/");
        let Outcome::Built { refused, .. } = again else {
            panic!("not built");
        };
        assert!(
            refused
                .iter()
                .all(|d| d.file != "content/2023/hongze-gov.md")
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    /// An edit that keeps the model's layout but names a source document (a new output of the
    /// report's folder): the job list kept from before no longer holds, and the folder still
    /// ends up as a fresh build's; then a figure edit, which keeps the list, and the source
    /// named no more.
    #[test]
    fn a_report_naming_a_new_output_lists_the_jobs_again() {
        let root = demo_copy("dev-jobs");
        let (out, base) = (root.join("dev"), "http://localhost:1111/");
        let (mut dev, first) = DevBuild::new(&root, &out, base);
        assert!(matches!(first, Outcome::Built { .. }));
        let rel = "content/2023/yunxi-jiaoyu.md";
        std::fs::write(root.join("content/2023/jiaoyu-2023.txt"), "原文").unwrap();
        let named = edit(
            &root,
            rel,
            "published = 2024-01-25\n",
            "published = 2024-01-25\nsource = \"jiaoyu-2023.txt\"\n",
        );
        let outcome = dev.apply(&named, &mut |_| {}, &|| false);
        assert!(matches!(
            outcome,
            Outcome::Built {
                rest: Rest::Written,
                ..
            }
        ));
        assert_eq!(dev.layout.is_some(), dev.jobs_current);
        assert!(
            out.join("2023/yunxi-jiaoyu/source-jiaoyu-2023.txt")
                .exists()
        );
        assert_fresh(&root, &out, base);
        let figure = edit(&root, rel, "licensing  = 515", "licensing  = 516");
        let outcome = dev.apply(&figure, &mut |_| {}, &|| false);
        assert!(matches!(
            outcome,
            Outcome::Built {
                rest: Rest::Written,
                ..
            }
        ));
        assert_fresh(&root, &out, base);
        // The source named no more: its copy is removed, as from a fresh build.
        let unnamed = edit(&root, rel, "source = \"jiaoyu-2023.txt\"\n", "");
        let outcome = dev.apply(&unnamed, &mut |_| {}, &|| false);
        assert!(matches!(outcome, Outcome::Built { .. }));
        assert!(
            !out.join("2023/yunxi-jiaoyu/source-jiaoyu-2023.txt")
                .exists()
        );
        assert_fresh(&root, &out, base);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
