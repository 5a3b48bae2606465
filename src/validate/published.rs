//! S-PUBLISHED: a report whose publication deadline has passed should say when it was published,
//! or nobody can tell whether it was on time.

use crate::clock::Date;
use crate::content::Report;
use crate::diagnostics::Diagnostic;
use crate::schema::{self, RuleId};

/// The finding for a report without `published` once its deadline is past `today`.
pub fn check(r: &Report, today: Date) -> Option<Diagnostic> {
    let deadline = schema::deadline(r.year).date;
    if r.published.is_some() || today <= deadline {
        return None;
    }
    Some(
        Diagnostic::new(&r.file, RuleId::SPublished, missing_date(r.year, deadline))
            .at(r.place("year"))
            .help(format!(
                "在前言中写明发布日期，例如 published = {}",
                Date::new(deadline.year, 1, 20)
            )),
    )
}

/// The message of S-PUBLISHED.
fn missing_date(year: i32, deadline: Date) -> String {
    format!("{year}年度报告没有填写发布日期（published），无法判断是否在{deadline}的期限前发布")
}
