//! The theme: tera templates and static files. The default theme is compiled into the binary so
//! `gongkai` works from any folder; a site's `themes/<name>/` and then its `templates/` and
//! `static/` override it file by file (as in Zola).

use crate::error::Error;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::Tera;

macro_rules! embed {
    ($kind:literal, $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $kind, "/", $name)) as &[u8])),*]
    };
}

/// The default theme's templates.
const DEFAULT_TEMPLATES: &[(&str, &[u8])] = embed!(
    "templates",
    "base.html",
    "site_header.html",
    "site_footer.html",
    "macros.html",
    "index.html",
    "year.html",
    "department.html",
    "departments.html",
    "report.html",
    "finding.html",
    "about.html",
    "404.html",
    "supervision.html",
    "supervision_row.html",
    "supervision_year.html",
    "supervision_year_row.html",
    "search.html",
    "manual.html",
);

/// The default theme's static files, copied to the output root.
const DEFAULT_STATIC: &[(&str, &[u8])] = embed!(
    "static",
    "style.css",
    "a11y.js",
    "jiandu.js",
    "search.js",
    "favicon.svg",
    "manual.js",
);

/// A static file to copy: compiled in, or read from the site folder.
#[derive(Clone, Debug)]
pub enum StaticFile {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

impl StaticFile {
    pub fn bytes(&self) -> std::io::Result<Vec<u8>> {
        match self {
            StaticFile::Embedded(b) => Ok(b.to_vec()),
            StaticFile::Disk(p) => std::fs::read(p),
        }
    }
}

pub struct Theme {
    pub tera: Tera,
    /// Template name → (where it came from, its text): to place runtime errors, which tera
    /// reports without a line.
    sources: BTreeMap<String, (String, String)>,
    /// Output path (relative, `/`-separated) → file.
    pub static_files: BTreeMap<String, StaticFile>,
}

/// The prefix under which the built-in templates are always registered as well, so that a
/// site's template can extend the one it replaces: `{% extends "default/report.html" %}`.
pub const BUILT_IN_PREFIX: &str = "default/";

/// Files under `dir` of the site at `root` (recursively, symbolic links skipped) with their
/// `/`-separated relative path. A `dir` that a symbolic link takes out of the site is an error.
fn files_under(root: &Path, dir: &Path) -> Result<Vec<(String, PathBuf)>, Error> {
    if !dir.is_dir() {
        return Ok(vec![]);
    }
    if let Some(real) = crate::content::outside_site(root, dir) {
        let rel = crate::content::rel_path(root, dir);
        return Err(Error::OutsideSite(crate::content::outside_site_message(
            &format!("{rel}/"),
            &real,
        )));
    }
    Ok(walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (crate::content::rel_path(dir, e.path()), e.into_path()))
        .collect())
}

impl Theme {
    /// Load the theme named in `site.toml` for the site at `root`.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Error> {
        let theme_dir = root.join("themes").join(name);
        if name != "default" && !theme_dir.is_dir() {
            return Err(Error::ThemeMissing(name.to_string()));
        }
        let mut templates: BTreeMap<String, (String, String)> = BTreeMap::new();
        for (n, bytes) in DEFAULT_TEMPLATES {
            let text = String::from_utf8(bytes.to_vec()).expect("default templates are UTF-8");
            templates.insert(n.to_string(), (format!("(built-in theme) {n}"), text));
        }
        let mut static_files: BTreeMap<String, StaticFile> = DEFAULT_STATIC
            .iter()
            .map(|(n, b)| (n.to_string(), StaticFile::Embedded(b)))
            .collect();
        for layer in [theme_dir.clone(), root.to_path_buf()] {
            for (rel, path) in files_under(root, &layer.join("templates"))? {
                let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                let origin = crate::content::rel_path(root, &path);
                templates.insert(rel, (origin, text));
            }
            for (rel, path) in files_under(root, &layer.join("static"))? {
                static_files.insert(rel, StaticFile::Disk(path));
            }
        }
        // The built-in templates under their own names, after the site's: a site or theme file
        // `templates/default/…` cannot hide them.
        for (n, bytes) in DEFAULT_TEMPLATES {
            let text = String::from_utf8(bytes.to_vec()).expect("default templates are UTF-8");
            templates.insert(
                format!("{BUILT_IN_PREFIX}{n}"),
                (format!("(built-in theme) {n}"), text),
            );
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // tera's default also escapes `/`, which bloats every URL; `<>&"'` is what HTML needs.
        tera.set_escape_fn(super::esc);
        tera.add_raw_templates(templates.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
            .map_err(|e| Error::Template(error_chain(&e)))?;
        Ok(Theme {
            tera,
            sources: templates,
            static_files,
        })
    }

    /// Render a template into the bytes of the file (one buffer, sized for a report page). An
    /// error names the template file and, where the failing name can be found in it, the line:
    /// tera's runtime errors ("Filter 'x' not found") carry no line.
    pub fn render_bytes(&self, template: &str, ctx: &tera::Context) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(32 * 1024);
        self.tera.render_to(template, ctx, &mut out).map_err(|e| {
            let chain = error_chain(&e);
            Error::Template(match self.locate(template, &chain) {
                Some((origin, line)) => format!("{origin}:{line}: {chain}"),
                None => match self.sources.get(template) {
                    Some((origin, _)) => format!("{origin}: {chain}"),
                    None => chain,
                },
            })
        })?;
        Ok(out)
    }

    /// Whether any template mentions `name` (a variable a page computes only when it is used).
    pub fn mentions(&self, name: &str) -> bool {
        self.sources.values().any(|(_, text)| text.contains(name))
    }

    /// The first line, in the template or else in any other (a parent or an include), that
    /// contains a name quoted in the error.
    fn locate(&self, template: &str, chain: &str) -> Option<(String, usize)> {
        let names: Vec<&str> = chain
            .split(['\'', '`'])
            .skip(1)
            .step_by(2)
            .filter(|n| !n.is_empty() && !n.ends_with(".html") && !n.ends_with(".xml"))
            .map(|n| n.split('.').next().unwrap_or(n))
            .collect();
        let first = self.sources.get_key_value(template);
        let order = first.into_iter().chain(self.sources.iter());
        for (_, (origin, text)) in order {
            for name in &names {
                if let Some(i) = text.lines().position(|l| l.contains(name)) {
                    return Some((origin.clone(), i + 1));
                }
            }
        }
        None
    }
}

/// A tera error with its causes (which name the template and, for syntax errors, the line).
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}
