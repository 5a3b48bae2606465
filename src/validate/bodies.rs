//! S-BODY and S-REGION: every reporting body is registered in `content/departments.toml`, and
//! the site's `region` is one that some body belongs to. Without them a report imported under a
//! new slug, or a region renamed in site.toml only, silently splits a body in two or moves the
//! site's own bodies out of its totals.

use crate::config::{CONFIG_FILE, SiteConfig};
use crate::content::{Departments, Report};
use crate::diagnostics::Diagnostic;
use crate::i18n::Arg;
use crate::msg;
use crate::schema::RuleId;
use std::collections::BTreeSet;

/// S-BODY: a report whose slug departments.toml does not describe, on a site that keeps one
/// (a site without departments.toml describes no body, and is not asked to). When the name is
/// registered under another slug, the help names that slug; else it gives the lines to add.
pub fn unregistered(r: &Report, departments: &Departments) -> Option<Diagnostic> {
    if departments.by_slug.is_empty() || departments.get(&r.slug).is_some() {
        return None;
    }
    let help = match departments.find(&r.department) {
        Some(other) => msg!(
            "s-body-elsewhere-help",
            other = other,
            year = r.year.to_string()
        ),
        None => {
            let kind = crate::content::departments::Kind::guess(&r.department);
            msg!(
                "s-body-help",
                slug = r.slug.as_str(),
                name = r.department.as_str(),
                kind = kind.id()
            )
        }
    };
    Some(
        Diagnostic::new(
            &r.file,
            RuleId::SBody,
            msg!(
                "s-body",
                slug = r.slug.as_str(),
                department = r.department.as_str()
            ),
        )
        .at(r.place("department"))
        .help(help),
    )
}

/// S-REGION: site.toml names a `region` that no body of departments.toml belongs to (a body
/// without `region` belongs to the site's). Every body is then "elsewhere" and every total is
/// empty. `config_text` is site.toml's text, for the line.
pub fn region(
    config: &SiteConfig,
    departments: &Departments,
    config_text: &str,
) -> Option<Diagnostic> {
    let region = config.region.as_deref()?;
    if departments.by_slug.is_empty()
        || departments
            .by_slug
            .values()
            .any(|d| d.region.as_deref().is_none_or(|r| r == region))
    {
        return None;
    }
    let regions: BTreeSet<&str> = departments
        .by_slug
        .values()
        .filter_map(|d| d.region.as_deref())
        .collect();
    let regions: Vec<String> = regions.into_iter().map(String::from).collect();
    let line = config_text
        .lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix("region")
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i as u32 + 1);
    let mut d = Diagnostic::new(
        CONFIG_FILE,
        RuleId::SRegion,
        msg!("s-region", region = region),
    )
    .help(msg!("s-region-help", regions = Arg::List(regions)));
    d.line = line;
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deps(text: &str) -> Departments {
        Departments::parse(text, &mut vec![])
    }

    #[test]
    fn a_region_no_body_belongs_to() {
        let config = |r: &str| SiteConfig {
            region: Some(r.into()),
            ..SiteConfig::default()
        };
        let two = deps(
            "[a]\nname = \"x\"\nregion = \"洪泽区\"\n[b]\nname = \"y\"\nregion = \"淮安市\"\n",
        );
        let text = "title = \"t\"\n  region = \"淮阴区\"\n";
        let d = region(&config("淮阴区"), &two, text).unwrap();
        assert_eq!(
            (d.rule, d.line, d.file.as_str()),
            (RuleId::SRegion, Some(2), "site.toml")
        );
        assert!(d.help.unwrap().en().contains("洪泽区, 淮安市"));
        assert!(region(&config("洪泽区"), &two, text).is_none());
        // A body without region belongs to the site's.
        let open = deps("[a]\nname = \"x\"\nregion = \"洪泽区\"\n[b]\nname = \"y\"\n");
        assert!(region(&config("淮阴区"), &open, text).is_none());
        assert!(region(&SiteConfig::default(), &two, text).is_none());
    }
}
