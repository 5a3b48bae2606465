//! Reading a site's content: the scan of `content/<year>/<slug>.md`, each report's front matter
//! and narrative, and `content/departments.toml`.

pub mod departments;
pub mod fix;
pub mod front;
pub mod narrative;
pub mod parse;
pub mod path;
pub mod read;
pub mod report;
pub mod source;

pub use departments::{Department, Departments};
pub use parse::{Parsed, parse_report};
pub use path::{ReportPath, parse_report_path, site_root_of};
pub use read::{read_all, read_report_bytes};
pub use report::*;

use crate::diagnostics::Diagnostic;
use crate::i18n::Msg;
use crate::msg;
use crate::schema::RuleId;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// A report file found by the scan, with what its path says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportFile {
    pub path: PathBuf,
    /// Relative to the site root, `/`-separated, for messages and output.
    pub rel: String,
    pub year: i32,
    pub slug: String,
}

/// Whether a slug is usable as a URL segment and folder name: `[a-z0-9-]`, not starting or ending
/// with `-`. This is also what keeps content paths from escaping the output folder.
pub fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 100
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

/// `path` relative to `root`, with `/` separators.
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    // A path the scan made (`content/2024/x.md`) is already that: taken as it is, with no list
    // of its parts (100,000 of them on a large site). Anything absolute, with `.` parts, doubled
    // or trailing separators is put together part by part.
    #[cfg(unix)]
    if let Some(text) = rel.to_str()
        && !text.starts_with('/')
        && !text.starts_with("./")
        && !text.ends_with('/')
        && !text.ends_with("/.")
        && !text.contains("//")
        && !text.contains("/./")
        && text != "."
    {
        return text.to_string();
    }
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Where `dir` really is when a symbolic link (it, or a folder above it) takes it out of the
/// site at `root`; `None` when it stays inside or does not exist. Nothing outside the site is read
/// or published: a `static/` linked to `/etc` would publish `/etc`.
pub fn outside_site(root: &Path, dir: &Path) -> Option<PathBuf> {
    let real = std::fs::canonicalize(dir).ok()?;
    let site = std::fs::canonicalize(root).ok()?;
    (!real.starts_with(&site)).then_some(real)
}

/// The one message for a folder that a symbolic link takes out of the site.
pub fn outside_site_message(rel: &str, real: &Path) -> Msg {
    msg!(
        "path-outside-site",
        path = rel,
        real = real.display().to_string()
    )
}

/// Find every report under `root/content`, in a deterministic order. Markdown files elsewhere
/// under `content/`, bad year folders and bad slugs are reported (F-PATH), never skipped silently.
/// Symbolic links are not followed.
pub fn scan(root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<ReportFile> {
    let content = root.join("content");
    let mut files = vec![];
    if !content.is_dir() {
        diags.push(
            Diagnostic::new(
                "content",
                RuleId::FilePath,
                msg!("scan-no-content", folder = root.display().to_string()),
            )
            .help(msg!("scan-no-content-help")),
        );
        return files;
    }
    if let Some(real) = outside_site(root, &content) {
        diags.push(Diagnostic::new(
            "content",
            RuleId::FilePath,
            outside_site_message("content/", &real),
        ));
        return files;
    }
    // The folders in `content/` (the years) are walked on every core, each into its own list,
    // and the lists joined in the order one walk would give: a large site has 100,000 files.
    let top = walkdir::WalkDir::new(&content)
        .follow_links(false)
        .sort_by(by_name)
        .min_depth(1)
        .max_depth(1);
    let walks: Vec<(Vec<ReportFile>, Vec<Diagnostic>)> = top
        .into_iter()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|entry| {
            let (mut files, mut diags) = (vec![], vec![]);
            let descend = match &entry {
                Ok(e) => e.file_type().is_dir() && !e.path_is_symlink(),
                Err(_) => false,
            };
            let path = entry.as_ref().ok().map(|e| e.path().to_path_buf());
            scanned(root, entry, 0, &mut files, &mut diags);
            if descend && let Some(dir) = path {
                let inner = walkdir::WalkDir::new(dir)
                    .follow_links(false)
                    .sort_by(by_name);
                for e in inner {
                    // The folder itself was looked at above; its read errors come here.
                    if e.as_ref().is_ok_and(|e| e.depth() == 0) {
                        continue;
                    }
                    scanned(root, e, 1, &mut files, &mut diags);
                }
            }
            (files, diags)
        })
        .collect();
    for (f, d) in walks {
        files.extend(f);
        diags.extend(d);
    }
    files
}

/// The order of entries in a folder: by file name, as `sort_by_file_name`. Entries of one folder
/// share its path up to their names, so their whole paths compare as their names do, and
/// comparing them needs no search for where the name starts (which was half of a 10,000-file
/// folder's walk).
fn by_name(a: &walkdir::DirEntry, b: &walkdir::DirEntry) -> std::cmp::Ordering {
    let (a, b) = (a.path().as_os_str(), b.path().as_os_str());
    a.as_encoded_bytes().cmp(b.as_encoded_bytes())
}

/// One entry of the scan (`depth` below `content/`'s folders: 0 for theirs): a report file
/// kept, or what is wrong with it.
fn scanned(
    root: &Path,
    entry: walkdir::Result<walkdir::DirEntry>,
    depth: usize,
    files: &mut Vec<ReportFile>,
    diags: &mut Vec<Diagnostic>,
) {
    let entry = match entry {
        Ok(e) => e,
        Err(e) => {
            let where_ = e
                .path()
                .map(|p| rel_path(root, p))
                .unwrap_or_else(|| "content".into());
            diags.push(Diagnostic::new(
                where_,
                RuleId::FilePath,
                msg!("scan-cannot-read", error = e.to_string()),
            ));
            return;
        }
    };
    let path = entry.path();
    let rel = rel_path(root, path);
    let is_md = path::is_markdown(&rel);
    if entry.path_is_symlink() {
        if is_md || entry.depth() + depth == 1 {
            diags.push(Diagnostic::new(rel, RuleId::FilePath, msg!("scan-symlink")));
        }
        return;
    }
    if entry.file_type().is_dir() || !is_md {
        return;
    }
    let Some(place) = path::parse_report_path(&rel) else {
        diags.push(
            Diagnostic::new(rel, RuleId::FilePath, msg!("scan-misplaced"))
                .help(msg!("scan-misplaced-help")),
        );
        return;
    };
    let Some(slug) = place.slug() else {
        diags.push(bad_slug(&rel, place.stem));
        return;
    };
    files.push(ReportFile {
        path: path.to_path_buf(),
        year: place.year,
        slug: slug.to_string(),
        rel,
    });
}

/// F-PATH for a report whose file name is not a department slug, with a rename to suggest.
fn bad_slug(rel: &str, stem: &str) -> Diagnostic {
    let suggestion: String = stem
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let suggestion = suggestion.trim_matches('-');
    let d = Diagnostic::new(rel, RuleId::FilePath, msg!("scan-bad-slug", slug = stem));
    if valid_slug(suggestion) {
        d.help(msg!("scan-bad-slug-help", suggestion = suggestion))
    } else {
        d
    }
}

/// Read and parse one report file.
pub fn load_report(file: &ReportFile) -> Parsed {
    parse_bytes(file, read_report_bytes(file))
}

/// Parse a report file's bytes as [`read_report_bytes`] returned them.
pub fn parse_bytes(file: &ReportFile, bytes: Result<Vec<u8>, Box<Diagnostic>>) -> Parsed {
    match bytes {
        Ok(bytes) => parse_report(&file.rel, &bytes, Some(file.year), &file.slug),
        Err(d) => Parsed {
            report: None,
            diagnostics: vec![*d],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path taken as it is and the one put together part by part are the same.
    #[test]
    fn rel_path_is_the_parts_joined() {
        let root = Path::new("/site");
        for p in [
            "/site/content/2024/x.md",
            "/site/content//2024/x.md",
            "/site/./content/2024/./x.md",
            "/site/content/2024/",
            "/site/content/.",
            "/site/../x.md",
            "/elsewhere/x.md",
            "/site/a\\b.md",
            "/site",
        ] {
            let rel = Path::new(p).strip_prefix(root).unwrap_or(Path::new(p));
            let parts: Vec<_> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            assert_eq!(rel_path(root, Path::new(p)), parts.join("/"), "{p}");
        }
        assert_eq!(
            rel_path(Path::new("."), Path::new("./content/2024/x.md")),
            "content/2024/x.md"
        );
    }
}
