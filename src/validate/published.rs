//! S-PUBLISHED: a report whose publication deadline has passed should say when it was published,
//! or nobody can tell whether it was on time.

use crate::clock::Date;
use crate::content::Report;
use crate::diagnostics::Diagnostic;
use crate::msg;
use crate::schema::{self, RuleId};

/// The finding for a report without `published` once its deadline is past `today`.
pub fn check(r: &Report, today: Date) -> Option<Diagnostic> {
    let deadline = schema::deadline(r.year).date;
    if r.published.is_some() || today <= deadline {
        return None;
    }
    Some(
        Diagnostic::new(
            &r.file,
            RuleId::SPublished,
            msg!(
                "s-published",
                year = r.year.to_string(),
                deadline = deadline.to_string()
            ),
        )
        .at(r.place("year"))
        .help(msg!(
            "s-published-help",
            example = Date::new(deadline.year, 1, 20).to_string()
        )),
    )
}
