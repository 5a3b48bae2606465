//! `content/departments.toml`: display names, kinds, earlier names and listing order.

use crate::content::source::{LineIndex, toml_reason};
use crate::diagnostics::Diagnostic;
use crate::schema::RuleId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The kinds of body (format-spec B). S-REGS uses them: only governments make 规章.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Government,
    Office,
    #[default]
    Department,
    Street,
    Town,
    Other,
}

impl Kind {
    /// Every kind, in the order the manual lists them (its `内容格式` chapter is generated from
    /// this list).
    pub const ALL: [Kind; 6] = [
        Kind::Government,
        Kind::Office,
        Kind::Department,
        Kind::Street,
        Kind::Town,
        Kind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Government => "人民政府",
            Kind::Office => "办公室",
            Kind::Department => "政府部门",
            Kind::Street => "街道",
            Kind::Town => "乡镇",
            Kind::Other => "其他",
        }
    }

    /// Bodies that cannot make 规章 (rule S-REGS).
    pub fn makes_no_regulations(self) -> bool {
        matches!(self, Kind::Street | Kind::Town | Kind::Department)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    pub name: String,
    #[serde(default)]
    pub kind: Kind,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The region the body belongs to (`"示例市云溪区"`). Totals only ever add the bodies of the
    /// site's own region (`region` in `site.toml`); a body without one belongs to it.
    pub region: Option<String>,
    pub order: Option<i64>,
    /// The first year a report of the body is expected (when it was set up); without it, the
    /// year of its first report here. A body that never published before then shows 未发布.
    pub since: Option<i32>,
    /// The last year a report of the body is expected (abolished or merged in a 机构改革; or, on
    /// a portal that hosts only some of its reports, the last one it hosts). The supervision
    /// pages count it 未发布 in no later year.
    pub until: Option<i32>,
}

/// All described departments by slug.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Departments {
    pub by_slug: BTreeMap<String, Department>,
}

pub const DEPARTMENTS_FILE: &str = "content/departments.toml";

impl Departments {
    pub fn get(&self, slug: &str) -> Option<&Department> {
        self.by_slug.get(slug)
    }

    /// Read `content/departments.toml` if present. Errors are diagnostics; the file is then
    /// treated as empty so that reports are still checked.
    pub fn load(root: &Path, diags: &mut Vec<Diagnostic>) -> Departments {
        let path = root.join(DEPARTMENTS_FILE);
        let Ok(bytes) = std::fs::read(&path) else {
            return Departments::default();
        };
        // Empty: no departments described yet (valid TOML; not a report missing its `+++`).
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Departments::default();
        }
        let Some(text) = super::source::decode(DEPARTMENTS_FILE, &bytes, diags) else {
            return Departments::default();
        };
        Self::parse(&text, diags)
    }

    pub fn parse(text: &str, diags: &mut Vec<Diagnostic>) -> Departments {
        match toml::from_str::<BTreeMap<String, Department>>(text) {
            Ok(mut by_slug) => {
                // A slug becomes a URL and a folder: an invalid one is reported and dropped, so
                // that nothing downstream can write outside the output folder.
                by_slug.retain(|slug, _| {
                    let ok = super::valid_slug(slug);
                    if !ok {
                        diags.push(Diagnostic::new(
                            DEPARTMENTS_FILE,
                            RuleId::FilePath,
                            crate::msg!("departments-bad-slug", slug = slug.as_str()),
                        ));
                    }
                    ok
                });
                // A name escaped in TOML ("\u001B") gets past the file's own check.
                for (slug, d) in &by_slug {
                    for name in std::iter::once(&d.name).chain(&d.aliases) {
                        if let Some((_, c)) = crate::control_chars::find(name) {
                            let what = format!("[{slug}] name");
                            diags.push(super::source::control_char(
                                DEPARTMENTS_FILE,
                                Some(&what),
                                c,
                            ));
                            return Departments::default();
                        }
                    }
                }
                Departments { by_slug }
            }
            Err(e) => {
                let line = e.span().map(|r| LineIndex::new(text).line(r.start));
                let mut d = Diagnostic::new(
                    DEPARTMENTS_FILE,
                    RuleId::FileFormat,
                    crate::msg!("departments-invalid", error = toml_reason(e.message())),
                );
                d.line = line;
                diags.push(d);
                Departments::default()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_kinds_and_aliases() {
        let mut d = vec![];
        let deps = Departments::parse(
            "[tongjiju]\nname = \"统计局\"\nkind = \"department\"\naliases = [\"旧名\"]\norder = 3\n",
            &mut d,
        );
        assert!(d.is_empty());
        let t = deps.get("tongjiju").unwrap();
        assert_eq!(t.aliases, ["旧名"]);
        assert!(t.kind.makes_no_regulations());
    }

    #[test]
    fn reads_region() {
        let mut d = vec![];
        let deps = Departments::parse(
            "[a]\nname = \"x\"\nregion = \"云溪区\"\n[b]\nname = \"y\"\n",
            &mut d,
        );
        assert!(d.is_empty());
        assert_eq!(deps.get("a").unwrap().region.as_deref(), Some("云溪区"));
        assert_eq!(deps.get("b").unwrap().region, None);
    }

    #[test]
    fn invalid_slugs_are_reported_and_dropped() {
        let mut d = vec![];
        let deps = Departments::parse(
            "[\"../../evil\"]\nname = \"x\"\n[ok]\nname = \"y\"\n",
            &mut d,
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].rule, RuleId::FilePath);
        assert_eq!(deps.by_slug.keys().collect::<Vec<_>>(), ["ok"]);
    }

    #[test]
    fn unknown_field_is_a_diagnostic_with_line() {
        let mut d = vec![];
        Departments::parse("[a]\nname = \"x\"\nnmae = \"y\"\n", &mut d);
        assert_eq!(d[0].rule, RuleId::FileFormat);
        assert_eq!(d[0].line, Some(3));
    }
}
