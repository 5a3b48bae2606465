//! `gongkai import FILE… [--into content/]`: published reports into content files, with a
//! summary per file of what was found and what was not.

use crate::content::{Departments, parse_report, valid_slug};
use crate::import::{self, Imported, slug, write};
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
    Refused(String),
}

fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = vec![];
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(|e| format!("cannot read {}: {e}", input.display()))?
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
            return Err(format!("{} does not exist", input.display()));
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
        let _ = writeln!(out, "  found: {f}");
    }
    for w in &r.warnings {
        let _ = writeln!(out, "  warning: {w}");
    }
    for m in &r.missing {
        let _ = writeln!(out, "  missing: {m}");
    }
}

/// Read one file into a report: the report, its year, department and slug.
fn read_one(
    opts: &Options,
    file: &Path,
    out: &mut impl Write,
) -> Result<(Imported, i32, String, String), String> {
    let mut r = import::import(file).map_err(|e| e.to_string())?;
    let Some(year) = opts.year.or(r.year) else {
        summary(out, &r);
        return Err("no year found in the title: give it with --year".into());
    };
    if let (Some(y), Some(given)) = (r.year, opts.year)
        && y != given
    {
        r.warnings
            .push(format!("the title says {y}; --year {given} is used"));
    }
    let department = opts
        .department
        .clone()
        .unwrap_or_else(|| r.department.clone());
    if department.trim().is_empty() {
        summary(out, &r);
        return Err("no department found in the title: give it with --name".into());
    }
    let slug = match &opts.slug {
        Some(s) if valid_slug(s) => s.clone(),
        Some(s) => {
            return Err(format!(
                "`{s}` is not a valid slug: use lowercase ASCII letters, digits and `-`"
            ));
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
        Err(e) => {
            let _ = writeln!(out, "  error: {e}");
            return Outcome::Refused(e);
        }
    };
    let edition = r.edition.map(|e| e.id()).unwrap_or("?");
    let _ = writeln!(
        out,
        "  department {department}, year {year}, edition {edition}"
    );
    summary(out, &r);
    let folder = opts.into.join(year.to_string());
    let target = folder.join(format!("{slug}.md"));
    if !r.missing.is_empty() && !opts.partial {
        let _ = writeln!(
            out,
            "  error: incomplete, nothing written (--partial writes what was read, marked incomplete)"
        );
        let first = r.missing.first().cloned().unwrap_or_default();
        return Outcome::Refused(format!("incomplete: {first}"));
    }
    let source = source_name(file, &slug);
    let taken = std::iter::once(target.clone())
        .chain(source.iter().map(|s| folder.join(s)))
        .find(|p| p.exists());
    if let Some(taken) = taken
        && !opts.force
    {
        let e = format!(
            "{} exists: nothing written (--force replaces it)",
            taken.display()
        );
        let _ = writeln!(out, "  error: {e}");
        return Outcome::Refused(e);
    }
    let text = write::content_file(&r, year, &department, source.as_deref());
    if opts.dry_run {
        let _ = writeln!(out, "  would write {}:", target.display());
        for line in text.lines() {
            let _ = writeln!(out, "  | {line}");
        }
        if let Some(s) = &source {
            let _ = writeln!(
                out,
                "  would copy the original to {}",
                folder.join(s).display()
            );
        }
        return Outcome::Written(target, r.missing.is_empty());
    }
    let written = match &source {
        Some(s) => std::fs::read(file)
            .and_then(|bytes| write_atomic(&folder.join(s), &bytes))
            .map_err(|e| {
                format!(
                    "cannot copy the original to {}: {e}",
                    folder.join(s).display()
                )
            }),
        None => Ok(()),
    }
    .and_then(|()| {
        write_atomic(&target, &text).map_err(|e| format!("cannot write {}: {e}", target.display()))
    });
    if let Err(e) = written {
        let _ = writeln!(out, "  error: {e}");
        return Outcome::Refused(e);
    }
    let _ = writeln!(out, "  wrote {}", target.display());
    Outcome::Written(target, r.missing.is_empty())
}

/// The table after a batch: each file, imported to where or refused and why.
fn summary_table(out: &mut impl Write, results: &[(PathBuf, Outcome)], dry_run: bool) {
    let _ = writeln!(out, "\nsummary:");
    let width = results
        .iter()
        .map(|(f, _)| f.display().to_string().chars().count())
        .max()
        .unwrap_or(0);
    for (file, outcome) in results {
        let name = file.display().to_string();
        let pad = " ".repeat(width - name.chars().count());
        let what = match (outcome, dry_run) {
            (Outcome::Written(p, true), false) => format!("imported → {}", p.display()),
            (Outcome::Written(p, true), true) => format!("would import → {}", p.display()),
            (Outcome::Written(p, false), _) => format!("INCOMPLETE (--partial) → {}", p.display()),
            (Outcome::Refused(why), _) => format!("refused: {why}"),
        };
        let _ = writeln!(out, "  {name}{pad}  {what}");
    }
    let done = results
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Written(_, true)))
        .count();
    let _ = writeln!(
        out,
        "{done} of {} files imported completely{}",
        results.len(),
        if dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    );
}

pub fn run(opts: &Options) -> i32 {
    let files = match expand(&opts.inputs) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    if files.is_empty() {
        eprintln!("error: no .docx, .doc, .pdf, .html or .txt file to import");
        return 2;
    }
    if files.len() > 1 && (opts.slug.is_some() || opts.department.is_some() || opts.year.is_some())
    {
        eprintln!(
            "error: --slug, --name and --year apply to one file; import the files one by one"
        );
        return 2;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut results = vec![];
    for f in &files {
        let outcome = import_one(opts, f, &mut out);
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
