//! `gongkai import FILE… [--into content/]`: published reports into content files, with a
//! summary per file of what was found and what was not.

use crate::content::departments::{Kind, same_body, with_alias, with_new_body};
use crate::content::{Departments, Origin, parse_report, valid_slug};
use crate::error::{self, Error};
use crate::i18n::{self, Arg, Msg, cli_lang};
use crate::import::{self, Imported, slug, write};
use crate::msg;
use crate::output::write_atomic;
use std::collections::BTreeSet;
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

/// What a run has imported so far, for the files after: the bodies (slug, name) of the files
/// imported, and, with `--dry-run` (which writes nothing), departments.toml as it would be.
#[derive(Default)]
struct Batch {
    bodies: Vec<(String, String)>,
    departments: Option<String>,
}

impl Batch {
    /// departments.toml's text as it is, or would be after this run's registrations.
    fn departments(&self, into: &Path) -> String {
        self.departments.clone().unwrap_or_else(|| {
            std::fs::read_to_string(into.join("departments.toml")).unwrap_or_default()
        })
    }
}

/// What departments.toml needs so that the body of an imported report is registered, once.
enum Registration {
    /// Registered already under this name or alias.
    Known,
    /// Registered, but not under the name this document prints: it becomes an alias.
    Alias(String),
    /// Not registered: a new `[slug]` with its name, kind and other names its reports print.
    New { name: String, aliases: Vec<String> },
}

/// The body's slug and its registration: the slug departments.toml gives a body of that name
/// (its name or an alias, or the same body's name printed with more or fewer of its
/// administrative units, 洪泽区人民政府 = 淮安市洪泽区人民政府); else the one an earlier report of
/// the same body has; else its pinyin, made unique among the site's other bodies. One body
/// never gets two slugs.
fn choose_slug(
    into: &Path,
    department: &str,
    given: Option<&str>,
    batch: &Batch,
) -> (String, Registration) {
    let text = batch.departments(into);
    let deps = Departments::parse(&text, &mut vec![]);
    let known = |slug: &str| {
        let d = deps.get(slug)?;
        let literal = std::iter::once(&d.name)
            .chain(&d.aliases)
            .any(|n| n.trim() == department);
        Some(if literal {
            Registration::Known
        } else {
            Registration::Alias(department.to_string())
        })
    };
    // The files imported before this one in the same run count as reports here, even with
    // `--dry-run` (which writes none of them).
    let (mut reports, stems) = reports_by_body(into, &deps);
    reports.extend(batch.bodies.iter().cloned());
    if let Some(slug) = given {
        let registration = known(slug).unwrap_or_else(|| new_body(&reports, slug, department));
        return (slug.to_string(), registration);
    }
    if let Some(slug) = deps.find(department) {
        let registration = known(slug).unwrap_or(Registration::Known);
        return (slug.to_string(), registration);
    }
    if let Some((slug, _)) = reports
        .iter()
        .find(|(_, name)| name == department || same_body(name, department))
    {
        return (slug.clone(), new_body(&reports, slug, department));
    }
    let base = slug::slug(department);
    let base = if valid_slug(&base) {
        base
    } else {
        "department".into()
    };
    let slug = slug::unique(&base, |s| {
        deps.get(s).is_some() || stems.contains(s) || reports.iter().any(|(slug, _)| slug == s)
    });
    let registration = new_body(&reports, &slug, department);
    (slug, registration)
}

/// A new body's registration: the name of its earliest report here, and the other names its
/// reports (and this document) print as aliases.
fn new_body(reports: &[(String, String)], slug: &str, department: &str) -> Registration {
    let mut names: Vec<String> = reports
        .iter()
        .filter(|(s, _)| s == slug)
        .map(|(_, name)| name.clone())
        .collect();
    names.push(department.to_string());
    let mut aliases = vec![];
    for n in names.iter().skip(1) {
        if *n != names[0] && !aliases.contains(n) {
            aliases.push(n.clone());
        }
    }
    Registration::New {
        name: names[0].clone(),
        aliases,
    }
}

/// The reports already in the content folder: (slug, department) for each whose slug
/// departments.toml does not register, oldest year first (a registered body is found there;
/// reading every report of a large site for each file imported would cost seconds), and the
/// slugs of every report file.
fn reports_by_body(into: &Path, deps: &Departments) -> (Vec<(String, String)>, BTreeSet<String>) {
    let mut years: Vec<(i32, PathBuf)> = std::fs::read_dir(into)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path())))
        .filter(|(_, p): &(i32, PathBuf)| p.is_dir())
        .collect();
    years.sort();
    let (mut found, mut stems) = (vec![], BTreeSet::new());
    for (_, dir) in years {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        files.sort();
        for f in files {
            let Some(stem) = f.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            stems.insert(stem.to_string());
            if deps.get(stem).is_none()
                && let Some(name) = department_of(&f)
            {
                found.push((stem.to_string(), name));
            }
        }
    }
    (found, stems)
}

/// Register the body in departments.toml (format-preserving: text is only added), or say what
/// would be added with `--dry-run`.
fn register(
    opts: &Options,
    slug: &str,
    registration: &Registration,
    batch: &mut Batch,
    out: &mut impl Write,
) -> Result<(), Msg> {
    let path = opts.into.join("departments.toml");
    let shown = path.display().to_string();
    let text = batch.departments(&opts.into);
    let dry_run = if opts.dry_run { "yes" } else { "no" };
    let (updated, said) = match registration {
        Registration::Known => return Ok(()),
        Registration::Alias(alias) => (
            with_alias(&text, slug, alias),
            msg!(
                "import-alias",
                path = &shown,
                slug = slug,
                alias = alias.as_str(),
                dry_run = dry_run
            ),
        ),
        Registration::New { name, aliases } => {
            let kind = Kind::guess(name);
            (
                Some(with_new_body(&text, slug, name, kind, aliases)),
                msg!(
                    "import-registered",
                    path = &shown,
                    slug = slug,
                    name = name.as_str(),
                    kind = kind.id(),
                    dry_run = dry_run
                ),
            )
        }
    };
    let Some(updated) = updated else {
        return Err(msg!("import-cannot-register", path = &shown, slug = slug));
    };
    if opts.dry_run {
        batch.departments = Some(updated);
        say(out, said);
        return Ok(());
    }
    write_atomic(&path, &updated).map_err(|e| Error::io(&path, e).message())?;
    say(out, said);
    Ok(())
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
    batch: &Batch,
    out: &mut impl Write,
) -> Result<(Imported, i32, String, String, Registration), Msg> {
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
    if let Some(s) = opts.slug.as_ref().filter(|s| !valid_slug(s)) {
        return Err(Error::BadSlug(s.clone()).message());
    }
    let (slug, registration) = choose_slug(&opts.into, &department, opts.slug.as_deref(), batch);
    Ok((r, year, department, slug, registration))
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
/// `batch`: what the run imported before this file; this file's body is added to it.
fn import_one(opts: &Options, file: &Path, batch: &mut Batch, out: &mut impl Write) -> Outcome {
    let _ = writeln!(out, "{}:", file.display());
    let (r, year, department, slug, registration) = match read_one(opts, file, batch, out) {
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
    let r = Imported {
        origin: Origin::Published,
        ..r
    };
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
        if let Err(e) = register(opts, &slug, &registration, batch, out) {
            say(out, msg!("import-warning", what = e));
        }
        batch.bodies.push((slug, department));
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
    if let Err(e) = register(opts, &slug, &registration, batch, out) {
        say(out, msg!("import-warning", what = e));
    }
    batch.bodies.push((slug, department));
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
    let mut batch = Batch::default();
    for f in &files {
        // One hostile file must not cost the rest of the batch its import or its summary: a
        // panic while reading it refuses that file only (the importers bound their work, so
        // nothing should panic; this is the guard behind them).
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            import_one(opts, f, &mut batch, &mut out)
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
