//! `gongkai import FILE… [--into content/]`: published reports into content files, with a
//! summary per file of what was found and what was not.

use crate::content::{Departments, parse_report, valid_slug};
use crate::error::{self, Error};
use crate::i18n::{Msg, cli_lang};
use crate::import::{self, Imported, slug, write};
use crate::msg;
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

/// `error: …` under a file's name.
fn fail(out: &mut impl Write, message: Msg) {
    say(out, msg!("import-error", what = message));
}

/// Import one file; true when a complete file was written.
fn import_one(opts: &Options, file: &Path, out: &mut impl Write) -> bool {
    let _ = writeln!(out, "{}:", file.display());
    let mut r = match import::import(file) {
        Ok(r) => r,
        Err(e) => {
            fail(out, Error::Import(e.to_string()).message());
            return false;
        }
    };
    let Some(year) = opts.year.or(r.year) else {
        summary(out, &r);
        fail(out, msg!("import-no-year"));
        return false;
    };
    if let (Some(y), Some(given)) = (r.year, opts.year)
        && y != given
    {
        let note = msg!(
            "import-year-override",
            title_year = y.to_string(),
            year = given.to_string()
        );
        r.warnings.push(note.text(cli_lang()));
    }
    let department = opts
        .department
        .clone()
        .unwrap_or_else(|| r.department.clone());
    if department.trim().is_empty() {
        summary(out, &r);
        fail(out, msg!("import-no-department"));
        return false;
    }
    let slug = match &opts.slug {
        Some(s) if valid_slug(s) => s.clone(),
        Some(s) => {
            fail(out, Error::BadSlug(s.clone()).message());
            return false;
        }
        None => choose_slug(&opts.into, &department),
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
    let target = opts.into.join(year.to_string()).join(format!("{slug}.md"));
    if !r.missing.is_empty() && !opts.partial {
        fail(out, msg!("import-incomplete"));
        return false;
    }
    if target.exists() && !opts.force {
        fail(out, Error::Exists(target).message());
        return false;
    }
    let text = write::content_file(&r, year, &department, None);
    if let Err(e) = write_atomic(&target, &text) {
        fail(out, Error::io(&target, e).message());
        return false;
    }
    say(
        out,
        msg!("import-wrote", path = target.display().to_string()),
    );
    r.missing.is_empty()
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
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = 0;
    for f in &files {
        if !import_one(opts, f, &mut out) {
            failed += 1;
        }
    }
    if files.len() > 1 {
        let total = msg!(
            "import-total",
            complete = files.len() - failed,
            files = files.len()
        );
        let _ = writeln!(out, "{}", total.text(cli_lang()));
    }
    i32::from(failed > 0)
}
