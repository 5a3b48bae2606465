//! What a path says about a report: the one parser of `content/<year>/<slug>.md`, used by the
//! scan, the dev server's watcher, the incremental update and `check FILE.md`.

use super::valid_slug;
use std::path::{Path, PathBuf};

/// A `.md` file (extension in any case) in a year folder: `content/<four digits>/<name>.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportPath<'a> {
    pub year: i32,
    /// The file name without its extension: the department slug if [`ReportPath::slug`] says so.
    pub stem: &'a str,
    /// The extension is exactly `md` (not `MD`).
    plain: bool,
}

impl<'a> ReportPath<'a> {
    /// The department slug, if the name is one (see [`valid_slug`]) and the extension is `md`.
    pub fn slug(&self) -> Option<&'a str> {
        (self.plain && valid_slug(self.stem)).then_some(self.stem)
    }
}

/// Whether `rel` (relative to the site root, `/`-separated) names a Markdown file.
pub fn is_markdown(rel: &str) -> bool {
    Path::new(rel)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// Parse `rel` (relative to the site root, `/`-separated). `None`: not a Markdown file in a year
/// folder of `content/`.
pub fn parse_report_path(rel: &str) -> Option<ReportPath<'_>> {
    let ["content", folder, file] = rel.split('/').collect::<Vec<_>>()[..] else {
        return None;
    };
    if !is_markdown(file) || folder.len() != 4 || !folder.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let name = Path::new(file);
    Some(ReportPath {
        year: folder.parse().ok()?,
        stem: name.file_stem()?.to_str()?,
        plain: name.extension().is_some_and(|e| e == "md"),
    })
}

/// The site a report file belongs to: the folder above `content/<folder>/<file>`, whatever the
/// folder and file are called (so that `check` on a misplaced file still reports where it is).
pub fn site_root_of(file: &Path) -> Option<PathBuf> {
    let year_dir = file.parent()?;
    let content = year_dir.parent()?;
    (content.file_name()? == "content").then(|| content.parent().map(Path::to_path_buf))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_year_and_slug() {
        let p = parse_report_path("content/2023/tongjiju.md").unwrap();
        assert_eq!((p.year, p.slug()), (2023, Some("tongjiju")));
    }

    #[test]
    fn a_bad_name_in_a_year_folder_is_a_report_path_without_a_slug() {
        for rel in [
            "content/2023/Tongjiju.md",
            "content/2023/a.b.md",
            "content/2023/x.MD",
        ] {
            let p = parse_report_path(rel).unwrap();
            assert_eq!(p.slug(), None, "{rel}");
        }
    }

    #[test]
    fn elsewhere_is_not_a_report_path() {
        for rel in [
            "content/a.md",
            "content/23/a.md",
            "content/2023/x/a.md",
            "content/2023/a.txt",
            "content/2023/.md",
            "templates/2023/a.md",
            "static/2023/a.md",
            "content/departments.toml",
            "README.md",
        ] {
            assert_eq!(parse_report_path(rel), None, "{rel}");
        }
    }

    #[test]
    fn the_site_of_a_file_is_above_content() {
        assert_eq!(
            site_root_of(Path::new("/s/content/2023/a.md")),
            Some(PathBuf::from("/s"))
        );
        assert_eq!(site_root_of(Path::new("/s/other/2023/a.md")), None);
    }
}
