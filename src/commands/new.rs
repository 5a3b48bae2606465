//! `gongkai new --year Y --slug SLUG`: a report skeleton for the next year — every cell 0,
//! 上年结转 copied from last year's 结转下年度, the narrative headings in place.

use crate::content::parse::did_you_mean;
use crate::content::{Departments, valid_slug};
use crate::error::{self, Error};
use crate::i18n::cli_lang;
use crate::import::skeleton;
use crate::msg;
use crate::output::write_atomic;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub struct Options {
    pub year: i32,
    pub slug: String,
    pub into: PathBuf,
    pub force: bool,
}

pub fn run(opts: &Options) -> i32 {
    match create(opts) {
        Ok(path) => {
            let wrote = msg!("new-wrote", path = path.display().to_string());
            println!("{}", wrote.text(cli_lang()));
            0
        }
        Err(e) => error::report(&e),
    }
}

fn create(opts: &Options) -> Result<PathBuf, Error> {
    if !valid_slug(&opts.slug) {
        return Err(Error::BadSlug(opts.slug.clone()));
    }
    let target = opts
        .into
        .join(opts.year.to_string())
        .join(format!("{}.md", opts.slug));
    if target.exists() && !opts.force {
        return Err(Error::Exists(target));
    }
    let last_path = opts
        .into
        .join((opts.year - 1).to_string())
        .join(format!("{}.md", opts.slug));
    let last = skeleton::last_report(&last_path, opts.year - 1, &opts.slug)
        .map_err(|_| Error::Unreadable(last_path.clone()))?;
    let department = match &last {
        Some(r) => r.department.clone(),
        None => std::fs::read_to_string(opts.into.join("departments.toml"))
            .ok()
            .and_then(|t| {
                Departments::parse(&t, &mut vec![])
                    .get(&opts.slug)
                    .map(|d| d.name.clone())
            })
            .ok_or_else(|| Error::UnknownDepartment {
                last: last_path.clone(),
                slug: opts.slug.clone(),
                suggestion: closest_slug(opts),
            })?,
    };
    let text = skeleton::text(opts.year, &department, last.as_ref());
    write_atomic(&target, &text).map_err(|e| Error::io(&target, e))?;
    Ok(target)
}

/// The known slug closest to the one given, when it looks like a typo ("did you mean").
fn closest_slug(opts: &Options) -> Option<String> {
    let known = known_slugs(&opts.into);
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    did_you_mean(&opts.slug, &known).map(str::to_string)
}

/// The slugs of departments.toml and of the report files under the content folder.
fn known_slugs(into: &Path) -> BTreeSet<String> {
    let mut slugs: BTreeSet<String> = std::fs::read_to_string(into.join("departments.toml"))
        .map(|t| {
            Departments::parse(&t, &mut vec![])
                .by_slug
                .into_keys()
                .collect()
        })
        .unwrap_or_default();
    let years = std::fs::read_dir(into).into_iter().flatten().flatten();
    for year in years.filter(|e| e.path().is_dir()) {
        for f in std::fs::read_dir(year.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "md")
                && let Some(stem) = p.file_stem()
            {
                slugs.insert(stem.to_string_lossy().into_owned());
            }
        }
    }
    slugs
}
