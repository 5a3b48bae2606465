//! 导入 in the browser: files dropped on a page are read by the very code `gongkai import` runs
//! (`crate::import`, and the command's own choice of year, body and slug), summarised in the
//! command's words, and each report becomes a draft that opens in the form. Nothing is written
//! into `content/` until the clerk saves the form; the original document is then kept beside
//! the report, as the command keeps it. Until then the file waits in the dev build's private
//! (0700) temporary folder.

use crate::commands::import::{
    Batch, EXTENSIONS, Options, Registration, read_one, register, source_name,
};
use crate::content::Origin;
use crate::i18n::{Arg, Lang, Msg};
use crate::import::write;
use crate::msg;
use serde::Serialize;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Drafts kept at once; one more drops the oldest (and its uploaded file).
const MAX_DRAFTS: usize = 64;

/// An imported report waiting for the clerk's review.
#[derive(Clone, Debug)]
pub struct Draft {
    pub year: i32,
    pub slug: String,
    /// The content file as `gongkai import` would write it.
    pub text: String,
    /// The uploaded original and the name it is kept under beside the report.
    pub source: Option<(PathBuf, String)>,
    /// What departments.toml needs for the report's body (written with the report).
    pub(crate) registration: Registration,
}

/// The drafts of one `serve` run and where their uploads wait.
pub struct Drafts {
    folder: PathBuf,
    list: Mutex<VecDeque<(String, Draft)>>,
}

/// One line of a file's summary, as the command prints it.
#[derive(Serialize)]
pub struct Line {
    pub kind: &'static str,
    pub text: String,
}

/// What became of one dropped file.
#[derive(Serialize)]
pub struct Summary {
    pub file: String,
    pub lines: Vec<Line>,
    /// The summary table's row (`将导入 → content/2024/x.md`, `拒绝：…`).
    pub row: String,
    /// The form to review the draft in (absent: refused).
    pub form: Option<String>,
}

impl Drafts {
    pub fn new(folder: PathBuf) -> Drafts {
        Drafts {
            folder,
            list: Mutex::new(VecDeque::new()),
        }
    }

    pub fn get(&self, id: &str) -> Option<Draft> {
        let list = self.list.lock().expect("drafts");
        list.iter().find(|(k, _)| k == id).map(|(_, d)| d.clone())
    }

    /// Forget a draft once saved; its upload goes with it.
    pub fn remove(&self, id: &str) {
        let mut list = self.list.lock().expect("drafts");
        if let Some(at) = list.iter().position(|(k, _)| k == id)
            && let Some((_, d)) = list.remove(at)
        {
            drop_upload(&d);
        }
    }

    fn add(&self, id: String, d: Draft) {
        let mut list = self.list.lock().expect("drafts");
        while list.len() >= MAX_DRAFTS {
            if let Some((_, old)) = list.pop_front() {
                drop_upload(&old);
            }
        }
        list.push_back((id, d));
    }

    /// Read one uploaded file named `name` (as the clerk's computer named it) into a draft for
    /// the site whose content folder is `content`. `id` names the draft; `given` is what the
    /// clerk typed on the page where the title does not say it.
    pub fn import(
        &self,
        content: &Path,
        name: &str,
        bytes: &[u8],
        id: &str,
        given: Given,
        lang: Lang,
    ) -> Summary {
        let mut lines = vec![];
        let say = |lines: &mut Vec<Line>, kind, m: Msg| {
            lines.push(Line {
                kind,
                text: m.text(lang),
            })
        };
        let refused = |mut lines: Vec<Line>, why: Msg| {
            let why = in_page(why);
            lines.push(Line {
                kind: "error",
                text: msg!("import-error", what = why.clone()).text(lang),
            });
            Summary {
                file: name.to_string(),
                lines,
                row: msg!("import-row-refused", why = why).text(lang),
                form: None,
            }
        };
        // Only the file's last name, and only a kind `import` reads.
        let base = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
        let ext = Path::new(base)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if base.is_empty() || !EXTENSIONS.contains(&ext.as_str()) {
            return refused(lines, msg!("editor-import-bad-type", name = base));
        }
        let dir = self.folder.join(id);
        let path = dir.join(format!("upload.{ext}"));
        if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, bytes)) {
            return refused(
                lines,
                msg!(
                    "editor-write-failed",
                    path = "upload",
                    reason = e.to_string()
                ),
            );
        }
        let opts = Options {
            inputs: vec![],
            into: content.to_path_buf(),
            year: given.year,
            department: given.department,
            slug: None,
            force: false,
            partial: false,
            dry_run: true,
        };
        // The command's summary lines are printed as they are found; here they are collected.
        let mut sink = Vec::new();
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            read_one(&opts, &path, &Batch::default(), &mut sink)
        }))
        .unwrap_or_else(|_| Err(msg!("import-internal-error")));
        let (r, year, department, slug, registration) = match read {
            Ok(x) => x,
            Err(why) => {
                let _ = std::fs::remove_dir_all(&dir);
                return refused(lines, why);
            }
        };
        let edition = r.edition.map(|e| e.id()).unwrap_or("?");
        say(
            &mut lines,
            "header",
            msg!(
                "import-header",
                department = &department,
                year = year.to_string(),
                edition = edition
            ),
        );
        for f in &r.found {
            say(&mut lines, "found", msg!("import-found", what = f));
        }
        for w in &r.warnings {
            let w = in_page(w.clone());
            say(&mut lines, "warning", msg!("import-warning", what = w));
        }
        for m in &r.missing {
            say(&mut lines, "missing", msg!("import-missing", what = m));
        }
        let folder = content.join(year.to_string());
        let target = folder.join(format!("{slug}.md"));
        let rel = format!("content/{year}/{slug}.md");
        if !r.missing.is_empty() {
            let _ = std::fs::remove_dir_all(&dir);
            let first = r
                .missing
                .first()
                .cloned()
                .map_or(Arg::Text(String::new()), Arg::from);
            let why = msg!("import-incomplete-short", first = first);
            return refused(lines, why);
        }
        // The original is kept under the name the command gives it (the dropped file's type,
        // judged by its content as F-SOURCE judges it); a type that may not be published is not
        // kept, with the command's warning.
        let source = match source_name(&path, &slug) {
            Ok(name) => name,
            Err(why) => {
                say(&mut lines, "warning", msg!("import-warning", what = why));
                None
            }
        };
        let taken = std::iter::once(target.clone())
            .chain(source.iter().map(|s| folder.join(s)))
            .find(|p| p.exists());
        if let Some(taken) = taken {
            let _ = std::fs::remove_dir_all(&dir);
            let shown = taken
                .strip_prefix(content.parent().unwrap_or(content))
                .unwrap_or(&taken);
            return refused(
                lines,
                msg!("editor-import-exists", path = shown.display().to_string()),
            );
        }
        // What was published, as `gongkai import` records it.
        let r = crate::import::Imported {
            origin: Origin::Published,
            ..r
        };
        let text = write::content_file(&r, year, &department, source.as_deref());
        self.add(
            id.to_string(),
            Draft {
                year,
                slug,
                text,
                source: source.map(|s| (path, s)),
                registration,
            },
        );
        Summary {
            file: name.to_string(),
            lines,
            row: msg!("import-row-would-import", path = rel).text(lang),
            form: Some(format!("{}draft/{id}", super::PREFIX)),
        }
    }
}

/// What the clerk typed on the import page, used as `--year` and `--name` are by the command.
#[derive(Default)]
pub struct Given {
    pub year: Option<i32>,
    pub department: Option<String>,
}

/// The command's message for the page: where it names an option (`--year`, `--name`), the
/// page's own field is named instead; the arguments stay.
fn in_page(m: Msg) -> Msg {
    let id = match m.id {
        "import-no-year" => "editor-import-no-year",
        "import-no-department" => "editor-import-no-department",
        "import-year-override" => "editor-import-year-override",
        "imp-ocr-year" => "editor-import-ocr-year",
        _ => return m,
    };
    Msg { id, args: m.args }
}

fn drop_upload(d: &Draft) {
    if let Some((p, _)) = &d.source
        && let Some(dir) = p.parent()
    {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Register a saved draft's body in departments.toml as `gongkai import` does (only text is
/// added, the clerk's comments stay). `Err`: why not, in the command's words.
pub fn register_body(content: &Path, d: &Draft) -> Result<(), Msg> {
    let opts = Options {
        inputs: vec![],
        into: content.to_path_buf(),
        year: None,
        department: None,
        slug: None,
        force: false,
        partial: false,
        dry_run: false,
    };
    register(
        &opts,
        &d.slug,
        &d.registration,
        &mut Batch::default(),
        &mut Vec::new(),
    )
}
