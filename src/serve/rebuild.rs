//! The dev build: the site as last built, and how an edit is applied to it.

use super::watch::Change;
use crate::diagnostics::Diagnostic;
use crate::site::Site;
use std::path::{Path, PathBuf};

/// What a (re)build did.
pub enum Outcome {
    /// The output folder now matches the sources.
    Built {
        /// The findings to print: all of them after a full build, those of the edited files
        /// (and their neighbouring years) after an incremental one.
        diagnostics: Vec<Diagnostic>,
        reports: usize,
        pages: usize,
        css_only: bool,
    },
    /// The sources do not build; the output folder was left as it was.
    Failed {
        diagnostics: Vec<Diagnostic>,
        reports: usize,
    },
}

pub struct DevBuild {
    root: PathBuf,
    #[allow(dead_code)]
    out: PathBuf,
    #[allow(dead_code)]
    base_url: String,
}

impl DevBuild {
    pub fn new(root: &Path, out: &Path, base_url: &str) -> (DevBuild, Outcome) {
        let mut dev = DevBuild {
            root: root.to_path_buf(),
            out: out.to_path_buf(),
            base_url: base_url.to_string(),
        };
        let outcome = dev.apply(&Change::Everything);
        (dev, outcome)
    }

    pub fn apply(&mut self, change: &Change) -> Outcome {
        let _ = change;
        match Site::load(&self.root) {
            Ok(site) if site.errors() == 0 => Outcome::Built {
                reports: site.files,
                diagnostics: site.diagnostics,
                pages: 0,
                css_only: false,
            },
            Ok(site) => Outcome::Failed {
                reports: site.files,
                diagnostics: site.diagnostics,
            },
            Err(e) => Outcome::Failed {
                diagnostics: e.0,
                reports: 0,
            },
        }
    }
}
