//! Keeping a loaded [`Site`] in step with edits to report files, for `serve`: the same stages as
//! [`Site::load`] (the same [`read_report`] and [`validate::check_across`]), run only where an
//! edit can change their result.
//!
//! An edited report is re-read and re-validated on its own. The cross-report rules compare a
//! report with the others of its year (S-YEAR duplicates) and with its department's previous
//! year (X-CARRY, X-INFORCE), so they are re-run for the edited years, and for the edited
//! reports and their departments' next reports.
//! The result equals a fresh `Site::load` of the same files (tested below).

use super::model::{self, Figures};
use super::{LoadError, Site, read_report};
use crate::content::{self, Report, ReportFile};
use crate::diagnostics::{self, Diagnostic, findings_of};
use crate::schema::RuleId;
use crate::validate;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A site plus what is needed to update it: its findings split into those of each file on its
/// own and those of the cross-report rules.
pub struct LiveSite {
    pub site: Site,
    /// Per file: parse errors and single-report rules (and findings about other files, such as
    /// `departments.toml`, which only a full load changes).
    own: BTreeMap<String, Vec<Diagnostic>>,
    /// Per file: findings of the cross-report rules.
    across: BTreeMap<String, Vec<Diagnostic>>,
    /// The report files the scan would find.
    files: BTreeSet<String>,
    /// The key figures of each report, parallel to `site.reports`: computed again only for
    /// edited reports (see [`model::Model::with_figures`]).
    pub figures: Vec<Figures>,
    /// Where each report's findings are in `site.diagnostics`, parallel to `site.reports`
    /// ([`model::finding_runs`], for [`model::Model::with_findings`]): moved with each edit
    /// rather than found again, which takes a look-up per report.
    pub runs: Vec<Range<usize>>,
    /// A copy of the site given back by [`LiveSite::keep`], and the files whose findings
    /// changed since it was last brought up to date: [`LiveSite::copy`] updates it with them
    /// instead of copying every finding again.
    spare: Option<Site>,
    stale: BTreeSet<String>,
    /// Which load this is: a copy is kept only by the live site it was made from.
    id: u64,
}

/// A copy of a [`LiveSite`]'s site ([`LiveSite::copy`]), to be given back ([`LiveSite::keep`]).
pub struct SiteCopy {
    pub site: Site,
    of: u64,
}

/// What an update changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Only what reports say: their places, years and department names are those of before.
    Contents,
    /// Which reports exist, or a department's name on one.
    Layout,
}

/// An edit that only a full load handles (a file that the scan itself would reject).
#[derive(Debug)]
pub struct NeedsFullLoad;

impl LiveSite {
    pub fn load(root: &Path) -> Result<LiveSite, LoadError> {
        let (site, scanned) = Site::load_scanned(root)?;
        let files = scanned.files.into_iter().collect();
        let mut across: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
        for d in scanned.across {
            across.entry(d.file.clone()).or_default().push(d);
        }
        let mut own: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
        for d in &site.diagnostics {
            if !across.get(&d.file).is_some_and(|a| a.contains(d)) {
                own.entry(d.file.clone()).or_default().push(d.clone());
            }
        }
        let figures = site.reports.par_iter().map(|r| model::figures(r)).collect();
        let runs = model::finding_runs(&site);
        static LOADS: AtomicU64 = AtomicU64::new(0);
        Ok(LiveSite {
            site,
            own,
            across,
            files,
            figures,
            runs,
            spare: None,
            stale: BTreeSet::new(),
            id: LOADS.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// A copy of the site as it is now, for a site-wide pass: the copy last given back, with the
    /// findings of the files edited since and the edited reports put in (a hundred thousand
    /// findings copied anew took 0.25-1.2 s of the serve loop on a busy machine).
    pub fn copy(&mut self) -> SiteCopy {
        let stale = std::mem::take(&mut self.stale);
        let site = match self.spare.take() {
            Some(mut copy) => {
                let now = &self.site;
                for f in &stale {
                    let from = &now.diagnostics[findings_of(&now.diagnostics, f)];
                    let to = findings_of(&copy.diagnostics, f);
                    copy.diagnostics.splice(to, from.iter().cloned());
                }
                let same = copy.reports.len() == now.reports.len();
                if same {
                    // Only the edited reports differ: comparing pointers reads no report.
                    for (c, n) in copy.reports.iter_mut().zip(&now.reports) {
                        if !Arc::ptr_eq(c, n) {
                            *c = n.clone();
                        }
                    }
                } else {
                    copy.reports.clone_from(&now.reports);
                }
                copy.files = now.files;
                copy
            }
            None => self.site.clone(),
        };
        SiteCopy { site, of: self.id }
    }

    /// Take back a copy made by [`LiveSite::copy`], to update for the next one (dropped when
    /// made by another load).
    pub fn keep(&mut self, copy: SiteCopy) {
        if copy.of == self.id {
            self.spare = Some(copy.site);
        }
    }

    /// Apply edits to report files (`content/<year>/<slug>.md`, relative to the root): each was
    /// changed, created or deleted. Returns what the edits changed.
    pub fn update(&mut self, edited: &BTreeSet<String>) -> Result<Reach, NeedsFullLoad> {
        let (years, reach) = self.reread(edited)?;
        let touched = self.recheck_across(edited, &years, reach)?;
        // Replace the findings of the files whose findings may have changed; the rest stay.
        // They are sorted by file: each file's are one run, found by binary search and
        // replaced in place (sorting a hundred thousand findings again took longer than the
        // rest of a save).
        // Each report's run of findings moves with them.
        for f in &touched {
            let mut found: Vec<Diagnostic> = [&self.own, &self.across]
                .into_iter()
                .flat_map(|map| map.get(f).into_iter().flatten().cloned())
                .collect();
            diagnostics::sort(&mut found);
            let diags = &mut self.site.diagnostics;
            let was = findings_of(diags, f);
            let (start, end, now) = (was.start, was.end, found.len());
            diags.splice(was, found);
            if now != end - start {
                for run in self
                    .runs
                    .iter_mut()
                    .filter(|r| r.start >= end && r.end > r.start)
                {
                    *run = run.start + now - (end - start)..run.end + now - (end - start);
                }
            }
            // Only a file the scan finds can be a report's.
            if let Some(at) = self.files.contains(f).then(|| self.position(f)).flatten() {
                // An empty run as `finding_runs` gives it.
                self.runs[at] = if now == 0 { 0..0 } else { start..start + now };
            }
            self.stale.insert(f.clone());
        }
        self.site.files = self.files.len();
        Ok(reach)
    }

    /// Re-read the edited report files (or drop the deleted ones) with their own findings;
    /// returns the years they are in.
    fn reread(
        &mut self,
        edited: &BTreeSet<String>,
    ) -> Result<(BTreeSet<i32>, Reach), NeedsFullLoad> {
        let root = self.site.root.clone();
        let mut years = BTreeSet::new();
        let mut reach = Reach::Contents;
        for rel in edited {
            let place = content::parse_report_path(rel).ok_or(NeedsFullLoad)?;
            let year = place.year;
            years.insert(year);
            let old = self.position(rel);
            self.own.remove(rel);
            let path = root.join(rel);
            let report = match std::fs::symlink_metadata(&path) {
                Err(_) => {
                    self.files.remove(rel);
                    None
                }
                Ok(m) if m.is_file() => {
                    let slug = place.slug().ok_or(NeedsFullLoad)?;
                    let file = ReportFile {
                        path,
                        rel: rel.clone(),
                        year,
                        slug: slug.to_string(),
                    };
                    let (report, diags) =
                        read_report(&root, &file, &self.site.departments, self.site.today);
                    if !diags.is_empty() {
                        self.own.insert(rel.clone(), diags);
                    }
                    self.files.insert(rel.clone());
                    report
                }
                Ok(_) => return Err(NeedsFullLoad),
            };
            if !self.replace(old, report) {
                reach = Reach::Layout;
            }
        }
        Ok((years, reach))
    }

    /// The reports of a year (`site.reports` is sorted by year, then slug).
    fn year_reports(&self, year: i32) -> &[Arc<Report>] {
        let reports = &self.site.reports;
        let start = reports.partition_point(|r| r.year < year);
        let end = start + reports[start..].partition_point(|r| r.year == year);
        &reports[start..end]
    }

    /// The report of a department in a year.
    fn find(&self, year: i32, slug: &str) -> Option<&Report> {
        let reports = &self.site.reports;
        let at = reports.partition_point(|r| (r.year, r.slug.as_str()) < (year, slug));
        reports
            .get(at)
            .filter(|r| (r.year, r.slug.as_str()) == (year, slug))
            .map(|r| &**r)
    }

    /// Where the report of a file is in `site.reports` (sorted by year and slug); `None`: the
    /// file is not read as a report.
    pub fn position(&self, rel: &str) -> Option<usize> {
        let reports = &self.site.reports;
        let place = content::parse_report_path(rel)?;
        let at = reports.partition_point(|r| (r.year, r.slug.as_str()) < (place.year, place.stem));
        if reports.get(at).is_some_and(|r| r.file == rel) {
            return Some(at);
        }
        reports.iter().position(|r| r.file == rel)
    }

    /// Put a file's report (`None`: it no longer reads as one) where its old one was (`old`);
    /// returns whether the reports kept their places and department names (the model's
    /// [`model::Layout`] still holds).
    fn replace(&mut self, old: Option<usize>, report: Option<Report>) -> bool {
        let reports = &mut self.site.reports;
        if let (Some(at), Some(r)) = (old, &report) {
            let o = &reports[at];
            if (o.year, &o.slug, &o.department) == (r.year, &r.slug, &r.department) {
                self.figures[at] = model::figures(r);
                reports[at] = Arc::new(report.expect("matched above"));
                return true;
            }
        }
        if let Some(at) = old {
            reports.remove(at);
            self.figures.remove(at);
            self.runs.remove(at);
        }
        if let Some(r) = report {
            let at = reports.partition_point(|o| (o.year, &o.slug) < (r.year, &r.slug));
            self.figures.insert(at, model::figures(&r));
            // Its findings' run is set once they are in place (`update`).
            self.runs.insert(at, 0..0);
            reports.insert(at, Arc::new(r));
        }
        false
    }

    /// Re-run the cross-report rules where the edits can change them; returns the files whose
    /// findings may have changed.
    fn recheck_across(
        &mut self,
        edited: &BTreeSet<String>,
        years: &BTreeSet<i32>,
        reach: Reach,
    ) -> Result<BTreeSet<String>, NeedsFullLoad> {
        // The cross-report rules. S-YEAR compares the reports of one year: re-run it for each
        // edited year; when no department name changed (`Reach::Contents`), over the edited
        // reports and those it found before only: every member of a duplicate group has a
        // finding, so the groups are the same, and a report without one has none to gain.
        // X-CARRY and X-INFORCE compare a report with its department's previous
        // year: re-run them for each edited report and the same department's next report.
        let is_dup = |d: &Diagnostic| d.rule == RuleId::SYear;
        let mut touched: BTreeSet<String> = edited.clone();
        let mut carry: BTreeSet<String> = edited.clone();
        let mut keys: BTreeSet<(i32, String)> = BTreeSet::new();
        for rel in edited {
            let place = content::parse_report_path(rel).ok_or(NeedsFullLoad)?;
            let (year, slug) = (place.year, place.stem);
            carry.insert(format!("content/{}/{slug}.md", year + 1));
            keys.extend([year - 1, year, year + 1].map(|y| (y, slug.to_string())));
        }
        touched.extend(carry.iter().cloned());
        let departments = &self.site.departments;
        for &year in years {
            let mut had_dup = BTreeSet::new();
            // A year's files are those under its folder: one range of the map.
            let folder = format!("content/{year:04}/");
            let of_year = self
                .across
                .range_mut::<str, _>((Bound::Included(folder.as_str()), Bound::Unbounded))
                .take_while(|(file, _)| file.starts_with(&folder));
            for (file, found) in of_year {
                if found.iter().any(is_dup)
                    && content::parse_report_path(file).is_some_and(|p| p.year == year)
                {
                    found.retain(|d| !is_dup(d));
                    had_dup.insert(file.clone());
                }
            }
            let same_year: Vec<&Report> = match reach {
                Reach::Layout => self.year_reports(year).iter().map(|r| &**r).collect(),
                // The edited reports and the group's, found by their files (in site order, as
                // the year's are listed): not by looking at every report of the year.
                Reach::Contents => {
                    let mut at: Vec<usize> = edited
                        .iter()
                        .chain(&had_dup)
                        .filter(|f| self.files.contains(*f))
                        .filter_map(|f| self.position(f))
                        .filter(|&i| self.site.reports[i].year == year)
                        .collect();
                    at.sort_unstable();
                    at.dedup();
                    at.iter().map(|&i| &*self.site.reports[i]).collect()
                }
            };
            touched.extend(had_dup);
            for d in validate::check_across(&same_year, departments) {
                touched.insert(d.file.clone());
                self.across.entry(d.file.clone()).or_default().push(d);
            }
        }
        for file in &carry {
            if let Some(found) = self.across.get_mut(file) {
                found.retain(is_dup);
            }
        }
        let neighbours: Vec<&Report> = keys
            .iter()
            .filter_map(|(year, slug)| self.find(*year, slug))
            .collect();
        for d in validate::check_across(&neighbours, departments) {
            if !is_dup(&d) && carry.contains(&d.file) {
                self.across.entry(d.file.clone()).or_default().push(d);
            }
        }
        // Only the files found above can have been left without a finding.
        for f in &touched {
            if self.across.get(f).is_some_and(Vec::is_empty) {
                self.across.remove(f);
            }
        }
        Ok(touched)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::site::model::{Layout, Model};
    use std::path::PathBuf;

    /// A copy of the repository's demo site (content and site.toml) in a fresh temporary
    /// folder named for `tag` and the process; returns its canonical path.
    pub(crate) fn demo_copy(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("gongkai-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&repo.join("content"), &dir.join("content"));
        std::fs::copy(repo.join("site.toml"), dir.join("site.toml")).unwrap();
        std::fs::canonicalize(&dir).unwrap()
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                copy_dir(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }

    fn assert_same(live: &mut LiveSite) {
        let fresh = Site::load(&live.site.root).unwrap();
        let files = |s: &Site| s.reports.iter().map(|r| r.file.clone()).collect::<Vec<_>>();
        assert_eq!(files(&live.site), files(&fresh));
        assert_eq!(live.site.diagnostics, fresh.diagnostics);
        assert_eq!(live.site.files, fresh.files);
        let fresh_figures: Vec<Figures> = fresh.reports.iter().map(|r| model::figures(r)).collect();
        assert_eq!(live.figures, fresh_figures);
        assert_eq!(live.runs, model::finding_runs(&fresh));
        // A copy for a pass, kept and brought up to date after the next edit, is the site.
        let copy = live.copy();
        assert_eq!(copy.site.diagnostics, fresh.diagnostics);
        assert_eq!(files(&copy.site), files(&fresh));
        assert_eq!(copy.site.files, fresh.files);
        live.keep(copy);
    }

    /// The model `serve` builds after an update (its layout kept when the update says so) equals
    /// a fresh `Model::new`: years with their totals and 未发布 lists, departments, previous
    /// years, figures and findings.
    fn assert_same_model(live: &mut LiveSite, kept: &mut Option<Layout>, reach: Reach, rel: &str) {
        if reach == Reach::Layout {
            *kept = None;
        }
        if let Some(layout) = kept {
            layout.refigure(content::parse_report_path(rel).unwrap().year);
        }
        let fresh = Site::load(&live.site.root).unwrap();
        let want = Model::new(&fresh);
        let layout = kept.take().unwrap_or_else(|| Layout::new(&live.site));
        let got = Model::with_layout(&live.site, std::mem::take(&mut live.figures), layout);
        let totals = |m: &Model| {
            m.years
                .iter()
                .map(|y| (y.year, y.totals.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(totals(&got), totals(&want));
        let findings = |m: &Model| {
            m.reports
                .iter()
                .map(|r| r.findings.to_vec())
                .collect::<Vec<_>>()
        };
        assert_eq!(findings(&got), findings(&want));
        let (got_layout, got_figures) = got.into_layout();
        let (want_layout, want_figures) = want.into_layout();
        assert_eq!(got_layout, want_layout);
        assert_eq!(got_figures, want_figures);
        live.figures = got_figures;
        *kept = Some(got_layout);
    }

    /// On the demo site (real reports with real errors): carry-over between years, a duplicate
    /// department in a year, broken, added and deleted files.
    #[test]
    fn updates_equal_a_fresh_load() {
        let root = demo_copy("live-site");
        let mut live = LiveSite::load(&root).unwrap();
        assert_same(&mut live);
        let mut kept = None;
        let mut edit = |live: &mut LiveSite, rel: &str, f: &dyn Fn(String) -> Option<String>| {
            let path = root.join(rel);
            match f(std::fs::read_to_string(&path).unwrap_or_default()) {
                Some(text) => std::fs::write(&path, text).unwrap(),
                None => std::fs::remove_file(&path).unwrap(),
            }
            let reach = live.update(&[rel.to_string()].into()).unwrap();
            assert_same(live);
            assert_same_model(live, &mut kept, reach, rel);
            reach
        };
        // A key figure: the year's totals change, the layout holds.
        let reach = edit(&mut live, "content/2023/yunxi-gov.md", &|t| {
            Some(t.replace("licensing  = 9012", "licensing  = 9013"))
        });
        assert_eq!(reach, Reach::Contents);
        // X-CARRY: 2023 compares its carried_over with this.
        edit(&mut live, "content/2022/yunxi-gov.md", &|t| {
            Some(t.replace(
                "carried_forward = [8, 0, 0, 0, 0, 1, 9]",
                "carried_forward = [7, 0, 0, 0, 0, 1, 8]",
            ))
        });
        // S-YEAR: two files for one department in 2023 (a department's name changes).
        let reach = edit(&mut live, "content/2023/yunxi-office.md", &|t| {
            let first = t
                .lines()
                .find(|l| l.starts_with("department"))
                .unwrap()
                .to_string();
            Some(t.replace(&first, "department = \"示例市云溪区人民政府\""))
        });
        assert_eq!(reach, Reach::Layout);
        let has = |live: &LiveSite, file: &str, rule: crate::schema::RuleId| {
            live.site
                .diagnostics
                .iter()
                .any(|d| d.file == file && d.rule == rule)
        };
        assert!(has(
            &live,
            "content/2023/yunxi-office.md",
            crate::schema::RuleId::SYear
        ));
        assert!(has(
            &live,
            "content/2023/yunxi-gov.md",
            crate::schema::RuleId::XCarry
        ));
        // Bad TOML, then fixed.
        let good = std::fs::read_to_string(root.join("content/2023/yunxi-gov.md")).unwrap();
        edit(&mut live, "content/2023/yunxi-gov.md", &|t| {
            Some(t.replace("year = 2023", "year = "))
        });
        edit(&mut live, "content/2023/yunxi-gov.md", &|_| {
            Some(good.clone())
        });
        // A duplicate's lines move (the place of its S-YEAR finding), and a report of the same
        // year outside the group changes: neither changes the layout.
        for rel in ["content/2023/yunxi-gov.md", "content/2023/yunxi-jiaoyu.md"] {
            let reach = edit(&mut live, rel, &|t| Some(t.replacen("+++\n", "+++\n\n", 1)));
            assert_eq!(reach, Reach::Contents);
        }
        assert!(has(
            &live,
            "content/2023/yunxi-gov.md",
            crate::schema::RuleId::SYear
        ));
        // Deleted, and added back in another year.
        let moved = std::fs::read_to_string(root.join("content/2024/yunxi-office.md")).unwrap();
        edit(&mut live, "content/2024/yunxi-office.md", &|_| None);
        std::fs::create_dir_all(root.join("content/2026")).unwrap();
        edit(&mut live, "content/2026/yunxi-office.md", &|_| {
            Some(moved.replace("year = 2024", "year = 2026"))
        });
        // Several files at once.
        for rel in ["content/2025/yunxi-gov.md", "content/2024/yunxi-gov.md"] {
            let path = root.join(rel);
            let t = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, t.replace("new ", "new  ")).unwrap();
        }
        live.update(
            &[
                "content/2025/yunxi-gov.md".into(),
                "content/2024/yunxi-gov.md".into(),
            ]
            .into(),
        )
        .unwrap();
        assert_same(&mut live);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
