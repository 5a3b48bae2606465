//! Validation: the rules of format-spec part C over one report and across a site's reports.
//!
//! R-SHAPE, R-NONNEG, S-YEAR (year vs folder) and the file rules are found while parsing
//! (`content::parse`); everything that needs a whole, well-formed report is here.

pub mod attachment;
pub mod bodies;
mod cross_year;
pub mod limits;
mod narrative;
pub mod published;
mod tables;

use crate::content::{Departments, Report};
use crate::diagnostics::Diagnostic;
use crate::schema::{Edition, RuleId};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// The rules that need only the report itself (and its department's kind).
pub fn check_report(r: &Report, departments: &Departments) -> Vec<Diagnostic> {
    let mut out = vec![];
    if r.edition_given && r.edition != Edition::for_year(r.year) {
        out.push(
            Diagnostic::new(
                &r.file,
                RuleId::XEdition,
                crate::msg!(
                    "x-edition",
                    edition = r.edition.id(),
                    year = r.year.to_string(),
                    expected = Edition::for_year(r.year).id()
                ),
            )
            .at(r.place("edition"))
            .cell("edition"),
        );
    }
    tables::check(r, departments.get(&r.slug).map(|d| d.kind), &mut out);
    out.extend(bodies::unregistered(r, departments));
    narrative::check(r, &mut out);
    limits::check(r, &mut out);
    out
}

/// The rules across reports: duplicates in a year, and each department against its own
/// previous year. `reports` may be in any order.
pub fn check_across(reports: &[&Report], departments: &Departments) -> Vec<Diagnostic> {
    let mut out = vec![];
    cross_year::duplicates(reports, departments, &mut out);
    let mut by_slug: FxHashMap<(&str, i32), &Report> = FxHashMap::default();
    for r in reports {
        by_slug.entry((&r.slug, r.year)).or_insert(r);
    }
    // Each report against its previous year on every core (a large site has 100,000 pairs),
    // gathered in the order of `reports`.
    let pair = |r: &&Report| {
        let mut found = vec![];
        if let Some(prev) = by_slug.get(&(r.slug.as_str(), r.year - 1)) {
            cross_year::against_previous(r, prev, &mut found);
        }
        found
    };
    // A few reports (`serve` re-checks a saved one and its neighbours) on this thread: handing
    // them to the pool's threads costs more than the work, and waits for a core on a busy
    // machine.
    let pairs: Vec<Vec<Diagnostic>> = if reports.len() < 64 {
        reports.iter().map(pair).collect()
    } else {
        reports.par_iter().map(pair).collect()
    };
    out.extend(pairs.into_iter().flatten());
    out
}

#[cfg(test)]
mod tests;
