//! `gongkai import FILE… [--into content/]`: published reports into content files, with a
//! summary per file of what was found and what was not.

use crate::content::{Departments, parse_report, valid_slug};
use crate::import::{self, Imported, slug, write};
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
}

/// The extensions read when a folder is given.
const EXTENSIONS: [&str; 4] = ["docx", "pdf", "txt", "text"];

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

/// Write a file whole or not at all: a temporary file in the same folder, then a rename.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
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

/// Import one file; true when a complete file was written.
fn import_one(opts: &Options, file: &Path, out: &mut impl Write) -> bool {
    let _ = writeln!(out, "{}:", file.display());
    let mut r = match import::import(file) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(out, "  error: {e}");
            return false;
        }
    };
    let Some(year) = opts.year.or(r.year) else {
        summary(out, &r);
        let _ = writeln!(
            out,
            "  error: no year found in the title: give it with --year"
        );
        return false;
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
        let _ = writeln!(
            out,
            "  error: no department found in the title: give it with --department"
        );
        return false;
    }
    let slug = match &opts.slug {
        Some(s) if valid_slug(s) => s.clone(),
        Some(s) => {
            let _ = writeln!(
                out,
                "  error: `{s}` is not a valid slug: use lowercase ASCII letters, digits and `-`"
            );
            return false;
        }
        None => choose_slug(&opts.into, &department),
    };
    let edition = r.edition.map(|e| e.id()).unwrap_or("?");
    let _ = writeln!(
        out,
        "  department {department}, year {year}, edition {edition}"
    );
    summary(out, &r);
    let target = opts.into.join(year.to_string()).join(format!("{slug}.md"));
    if !r.missing.is_empty() && !opts.partial {
        let _ = writeln!(
            out,
            "  error: incomplete, nothing written (--partial writes what was read, marked incomplete)"
        );
        return false;
    }
    if target.exists() && !opts.force {
        let _ = writeln!(
            out,
            "  error: {} exists: nothing written (--force replaces it)",
            target.display()
        );
        return false;
    }
    let text = write::content_file(&r, year, &department, None);
    if let Err(e) = write_atomic(&target, &text) {
        let _ = writeln!(out, "  error: cannot write {}: {e}", target.display());
        return false;
    }
    let _ = writeln!(out, "  wrote {}", target.display());
    r.missing.is_empty()
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
        eprintln!("error: no .docx, .pdf or .txt file to import");
        return 2;
    }
    if files.len() > 1 && (opts.slug.is_some() || opts.department.is_some() || opts.year.is_some())
    {
        eprintln!(
            "error: --slug, --department and --year apply to one file; import the files one by one"
        );
        return 2;
    }
    // Names and titles come from documents of unknown origin: shown, never obeyed.
    let mut out = crate::control_chars::Visible(std::io::stdout().lock());
    let mut failed = 0;
    for f in &files {
        if !import_one(opts, f, &mut out) {
            failed += 1;
        }
    }
    if files.len() > 1 {
        let _ = writeln!(
            out,
            "{} of {} files imported completely",
            files.len() - failed,
            files.len()
        );
    }
    i32::from(failed > 0)
}
