//! `gongkai import FILE… [--into content/]`: published reports into content files, with a
//! summary per file of what was found and what was not.

use crate::content::{Departments, parse_report, valid_slug};
use crate::error::{self, Error};
use crate::i18n::{self, Arg, Msg, cli_lang};
use crate::import::{self, Imported, slug, write};
use crate::msg;
use crate::output::write_atomic;
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct Options {
    pub inputs: Vec<PathBuf>,
    /// The content folder: reports go to `<into>/<year>/<slug>.md`.
    pub into: PathBuf,
    pub year: Option<i32>,
    pub department: Option<String>,
    pub slug: Option<String>,
    pub force: bool,
    pub partial: bool,
    /// Print what would be written; write nothing.
    pub dry_run: bool,
}

/// The extensions read when a folder is given.
const EXTENSIONS: [&str; 8] = ["docx", "doc", "pdf", "html", "htm", "shtml", "txt", "text"];

/// What became of one file, for the summary.
enum Outcome {
    /// Written (or, with `--dry-run`, would be) at this path; false when incomplete (`--partial`).
    Written(PathBuf, bool),
    Refused(Msg),
}

fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut files = vec![];
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(|e| Error::io(input, e))?
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && p.extension().is_some_and(|e| {
                            EXTENSIONS.contains(&e.to_string_lossy().to_lowercase().as_str())
                        })
                })
                .collect();
            found.sort();
            files.extend(found);
        } else if input.is_file() {
            files.push(input.clone());
        } else {
            return Err(Error::Missing(input.clone()));
        }
    }
    Ok(files)
}

/// The department recorded in an existing report file, if it can be read.
fn department_of(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    let parsed = parse_report(&path.to_string_lossy(), &bytes, None, "x");
    parsed.report.map(|r| r.department)
}

/// The slug for a department: the one `departments.toml` or an earlier year already uses for
/// that name, else its pinyin, made unique among the site's other departments.
fn choose_slug(into: &Path, department: &str) -> String {
    if let Ok(text) = std::fs::read_to_string(into.join("departments.toml")) {
        let deps = Departments::parse(&text, &mut vec![]);
        for (key, d) in &deps.by_slug {
            if d.name == department || d.aliases.iter().any(|a| a == department) {
                return key.to_string();
            }
        }
    }
    let base = slug::slug(department);
    let base = if valid_slug(&base) {
        base
    } else {
        "department".into()
    };
    let years: Vec<PathBuf> = std::fs::read_dir(into)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    slug::unique(&base, |s| {
        years.iter().any(|y| {
            let f = y.join(format!("{s}.md"));
            f.is_file() && department_of(&f).is_some_and(|d| d != department)
        })
    })
}

fn summary(out: &mut impl Write, r: &Imported) {
    for f in &r.found {
        say(out, msg!("import-found", what = f));
    }
    for w in &r.warnings {
        say(out, msg!("import-warning", what = w));
    }
    for m in &r.missing {
        say(out, msg!("import-missing", what = m));
    }
}

/// One indented line of a file's report, in the command line's language.
fn say(out: &mut impl Write, message: Msg) {
    let _ = writeln!(out, "  {}", message.text(cli_lang()));
}

/// `error: …` under a file's name; the reason is kept for the summary table.
fn refuse(out: &mut impl Write, reason: Msg) -> Outcome {
    say(out, msg!("import-error", what = reason.clone()));
    Outcome::Refused(reason)
}

/// Read one file into a report: the report, its year, department and slug.
fn read_one(
    opts: &Options,
    file: &Path,
    out: &mut impl Write,
) -> Result<(Imported, i32, String, String), Msg> {
    let mut r = import::import(file).map_err(|e| Error::Import(e.0).message())?;
    let Some(year) = opts.year.or(r.year) else {
        summary(out, &r);
        return Err(msg!("import-no-year"));
    };
    if let (Some(y), Some(given)) = (r.year, opts.year)
        && y != given
    {
        let note = msg!(
            "import-year-override",
            title_year = y.to_string(),
            year = given.to_string()
        );
        r.warnings.push(note);
    }
    let department = opts
        .department
        .clone()
        .unwrap_or_else(|| r.department.clone());
    if department.trim().is_empty() {
        summary(out, &r);
        return Err(msg!("import-no-department"));
    }
    let slug = match &opts.slug {
        Some(s) if valid_slug(s) => s.clone(),
        Some(s) => {
            return Err(Error::BadSlug(s.clone()).message());
        }
        None => choose_slug(&opts.into, &department),
    };
    Ok((r, year, department, slug))
}

/// The name the original document is kept under, beside the report: `<slug>.<ext>`. A saved web
/// page is kept as `<slug>.html.txt`: published as it is, its scripts would run on the portal's
/// own address.
fn source_name(file: &Path, slug: &str) -> Option<String> {
    let ext = file.extension()?.to_string_lossy().to_lowercase();
    let ok = !ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric());
    let web = ["html", "htm", "shtml", "xhtml"].contains(&ext.as_str());
    ok.then(|| format!("{slug}.{ext}{}", if web { ".txt" } else { "" }))
}

/// Import one file: the report and, beside it, the original document (`source`).
fn import_one(opts: &Options, file: &Path, out: &mut impl Write) -> Outcome {
    let _ = writeln!(out, "{}:", file.display());
    let (r, year, department, slug) = match read_one(opts, file, out) {
        Ok(found) => found,
        Err(e) => return refuse(out, e),
    };
    let edition = r.edition.map(|e| e.id()).unwrap_or("?");
    let header = msg!(
        "import-header",
        department = &department,
        year = year.to_string(),
        edition = edition
    );
    say(out, header);
    summary(out, &r);
    let folder = opts.into.join(year.to_string());
    let target = folder.join(format!("{slug}.md"));
    if !r.missing.is_empty() && !opts.partial {
        say(out, msg!("import-error", what = msg!("import-incomplete")));
        let first = r
            .missing
            .first()
            .cloned()
            .map_or(Arg::Text(String::new()), Arg::from);
        return Outcome::Refused(msg!("import-incomplete-short", first = first));
    }
    let source = source_name(file, &slug);
    let taken = std::iter::once(target.clone())
        .chain(source.iter().map(|s| folder.join(s)))
        .find(|p| p.exists());
    if let Some(taken) = taken
        && !opts.force
    {
        return refuse(out, Error::Exists(taken).message());
    }
    let text = write::content_file(&r, year, &department, source.as_deref());
    if opts.dry_run {
        say(
            out,
            msg!("import-would-write", path = target.display().to_string()),
        );
        for line in text.lines() {
            let _ = writeln!(out, "  | {line}");
        }
        if let Some(s) = &source {
            let path = folder.join(s).display().to_string();
            say(out, msg!("import-would-copy", path = path));
        }
        return Outcome::Written(target, r.missing.is_empty());
    }
    let written = match &source {
        Some(s) => std::fs::read(file)
            .and_then(|bytes| write_atomic(&folder.join(s), &bytes))
            .map_err(|e| Error::io(folder.join(s), e)),
        None => Ok(()),
    }
    .and_then(|()| write_atomic(&target, &text).map_err(|e| Error::io(&target, e)));
    if let Err(e) = written {
        return refuse(out, e.message());
    }
    say(
        out,
        msg!("import-wrote", path = target.display().to_string()),
    );
    Outcome::Written(target, r.missing.is_empty())
}

/// The table after a batch: each file, imported to where or refused and why.
fn summary_table(out: &mut impl Write, results: &[(PathBuf, Outcome)], dry_run: bool) {
    let lang = cli_lang();
    let _ = writeln!(out, "\n{}", i18n::t(lang, "import-summary"));
    let width = results
        .iter()
        .map(|(f, _)| f.display().to_string().chars().count())
        .max()
        .unwrap_or(0);
    for (file, outcome) in results {
        let name = file.display().to_string();
        let pad = " ".repeat(width - name.chars().count());
        let path = |p: &Path| p.display().to_string();
        let what = match (outcome, dry_run) {
            (Outcome::Written(p, true), false) => msg!("import-row-imported", path = path(p)),
            (Outcome::Written(p, true), true) => msg!("import-row-would-import", path = path(p)),
            (Outcome::Written(p, false), _) => msg!("import-row-incomplete", path = path(p)),
            (Outcome::Refused(why), _) => msg!("import-row-refused", why = why.clone()),
        };
        let what = what.text(lang);
        let _ = writeln!(out, "  {name}{pad}  {what}");
    }
    let done = results
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Written(_, true)))
        .count();
    let total = msg!(
        "import-total",
        complete = done,
        files = results.len(),
        dry_run = if dry_run { "yes" } else { "no" }
    );
    let _ = writeln!(out, "{}", total.text(lang));
}

pub fn run(opts: &Options) -> i32 {
    let files = match expand(&opts.inputs) {
        Ok(f) => f,
        Err(e) => return error::report(&e),
    };
    if files.is_empty() {
        return error::report(&Error::NothingToImport);
    }
    if files.len() > 1 && (opts.slug.is_some() || opts.department.is_some() || opts.year.is_some())
    {
        return error::report(&Error::OneFileOptions);
    }
    // Names and titles come from documents of unknown origin: shown, never obeyed.
    let mut out = crate::control_chars::Visible(std::io::stdout().lock());
    let mut results = vec![];
    for f in &files {
        // One hostile file must not cost the rest of the batch its import or its summary: a
        // panic while reading it refuses that file only (the importers bound their work, so
        // nothing should panic; this is the guard behind them).
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            import_one(opts, f, &mut out)
        }))
        .unwrap_or_else(|_| {
            let _ = out.flush();
            refuse(&mut out, msg!("import-internal-error"))
        });
        results.push((f.clone(), outcome));
    }
    if files.len() > 1 || opts.dry_run {
        summary_table(&mut out, &results, opts.dry_run);
    }
    let all = results
        .iter()
        .all(|(_, o)| matches!(o, Outcome::Written(_, true)));
    i32::from(!all)
}
