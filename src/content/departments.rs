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
    /// this list) and the editor's departments page offers them.
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

    /// The value in departments.toml (`kind = "government"`).
    pub fn id(self) -> &'static str {
        match self {
            Kind::Government => "government",
            Kind::Office => "office",
            Kind::Department => "department",
            Kind::Street => "street",
            Kind::Town => "town",
            Kind::Other => "other",
        }
    }

    /// The kind a body's name says it is (`import` registers a new body with it; the clerk can
    /// change it): 街道办事处 a street, 镇/乡人民政府 a town, 人民政府 a government, its 办公室 or
    /// 办公厅 an office, anything else a department.
    pub fn guess(name: &str) -> Kind {
        let (_, rest) = units(name);
        let rest = normalized(rest);
        let government_of = rest.strip_suffix("政府");
        if rest.contains("街道") {
            Kind::Street
        } else if government_of.is_some_and(|h| h.ends_with(['镇', '乡'])) {
            Kind::Town
        } else if government_of == Some("") {
            Kind::Government
        } else if rest.ends_with('办') || rest.ends_with("办公厅") {
            Kind::Office
        } else {
            Kind::Department
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

    /// The slug of the body a name denotes: its name or one of its aliases is the same body's
    /// name (see [`same_body`]). An exact name or alias wins over a match by [`same_body`].
    pub fn find(&self, name: &str) -> Option<&str> {
        fn names(d: &Department) -> impl Iterator<Item = &String> {
            std::iter::once(&d.name).chain(&d.aliases)
        }
        let exact = self
            .by_slug
            .iter()
            .find(|(_, d)| names(d).any(|n| n.trim() == name.trim()));
        exact
            .or_else(|| {
                self.by_slug
                    .iter()
                    .find(|(_, d)| names(d).any(|n| same_body(n, name)))
            })
            .map(|(slug, _)| slug.as_str())
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
                        // Bidi controls and zero-width characters: warned about (F-INVISIBLE).
                        if let Some((_, c)) = crate::control_chars::find_invisible(name) {
                            diags.push(Diagnostic::new(
                                DEPARTMENTS_FILE,
                                RuleId::FileInvisible,
                                crate::msg!(
                                    "invisible-char",
                                    key = format!("[{slug}] name"),
                                    code = crate::control_chars::code(c)
                                ),
                            ));
                        }
                    }
                }
                Departments { by_slug }
            }
            Err(e) => {
                let typos = super::fix::find(text);
                if !typos.is_empty() {
                    let lines = LineIndex::new(text);
                    diags.extend(typos.iter().map(|t| {
                        super::fix::diagnostic(DEPARTMENTS_FILE, t)
                            .at(Some(lines.place(t.start, t.end)))
                    }));
                    return Departments::default();
                }
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

/// departments.toml's text with a new body appended as a `[slug]` table (name, kind and any
/// other names). Only text is added: the clerk's comments and layout stay as they are.
pub fn with_new_body(text: &str, slug: &str, name: &str, kind: Kind, aliases: &[String]) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if !out.trim().is_empty() {
        out.push('\n');
    }
    out.push_str(&format!(
        "[{slug}]\nname = {}\nkind = {}\n",
        quote(name),
        quote(kind.id())
    ));
    if !aliases.is_empty() {
        let list: Vec<String> = aliases.iter().map(|a| quote(a)).collect();
        out.push_str(&format!("aliases = [{}]\n", list.join(", ")));
    }
    out
}

/// departments.toml's text with `alias` added to the body `slug`'s aliases: inside its
/// `aliases = [...]`, or as a new `aliases` line under its `name`. Only text is inserted, so the
/// comments and layout stay; `None` when the file does not read back with the alias (a layout
/// this edit does not know: the caller says so rather than write it).
pub fn with_alias(text: &str, slug: &str, alias: &str) -> Option<String> {
    use toml::de::{DeTable, DeValue};
    let quoted = toml::Value::String(alias.to_string()).to_string();
    let root = DeTable::parse(text).ok()?;
    let DeValue::Table(body) = root.get_ref().get(slug)?.get_ref() else {
        return None;
    };
    let out = if let Some(list) = body.get("aliases") {
        let span = list.span();
        let close = span.start + text.get(span.clone())?.rfind(']')?;
        let at = text[..close].trim_end().len();
        let sep = match text[..at].chars().last() {
            Some('[') => "",
            Some(',') => " ",
            _ => ", ",
        };
        format!("{}{sep}{quoted}{}", &text[..at], &text[at..])
    } else {
        let name_end = body.get("name")?.span().end;
        let line_end = text[name_end..]
            .find('\n')
            .map_or(text.len(), |i| name_end + i + 1);
        let newline = if line_end == text.len() && !text.ends_with('\n') {
            "\n"
        } else {
            ""
        };
        format!(
            "{}{newline}aliases = [{quoted}]\n{}",
            &text[..line_end],
            &text[line_end..]
        )
    };
    let back = Departments::parse(&out, &mut vec![]);
    back.get(slug)?
        .aliases
        .iter()
        .any(|a| a == alias)
        .then_some(out)
}

/// The characters that end an administrative unit at the start of a body's name (淮安市, 洪泽区).
const UNIT_ENDS: [char; 4] = ['省', '市', '区', '县'];

/// The administrative units a body's name starts with, and the rest:
/// 淮安市洪泽区人民政府 → ([淮安市, 洪泽区], 人民政府). A unit is at least two characters and
/// ends at the first 省/市/区/县 (so 市场监督管理局 stays whole).
fn units(name: &str) -> (Vec<&str>, &str) {
    let mut units = vec![];
    let mut rest = name.trim();
    loop {
        let end = rest
            .char_indices()
            .skip(1)
            .find(|(_, c)| UNIT_ENDS.contains(c))
            .map(|(i, c)| i + c.len_utf8());
        match end {
            Some(end) if end < rest.len() => {
                units.push(&rest[..end]);
                rest = &rest[end..];
            }
            _ => return (units, rest),
        }
    }
}

/// The rest of a name after its units, as the same body may print it: without spaces, 人民政府
/// as 政府, a closing 办公室 as 办.
fn normalized(rest: &str) -> String {
    let s: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.replace("人民政府", "政府");
    match s.strip_suffix("办公室") {
        Some(head) => format!("{head}办"),
        None => s,
    }
}

/// Whether two names are the same body's, as reports print it in different years: the same
/// body name after the same administrative units, one name possibly leaving out the outer ones
/// (洪泽区人民政府 = 淮安市洪泽区人民政府 = 江苏省淮安市洪泽区政府), 人民政府 written 政府 and
/// 办公室 written 办. A name with no unit of its own (统计局) matches only itself: it could be
/// any region's.
pub fn same_body(a: &str, b: &str) -> bool {
    let ((ua, ra), (ub, rb)) = (units(a), units(b));
    if normalized(ra) != normalized(rb) || normalized(ra).is_empty() {
        return false;
    }
    let (short, long) = if ua.len() <= ub.len() {
        (&ua, &ub)
    } else {
        (&ub, &ua)
    };
    if short.is_empty() {
        return long.is_empty();
    }
    long.ends_with(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_body_under_the_names_its_reports_print() {
        for (a, b) in [
            ("洪泽区人民政府", "淮安市洪泽区人民政府"),
            ("江苏省淮安市洪泽区政府", "洪泽区人民政府"),
            ("淮安市人民政府办公室", "淮安市政府办"),
            ("杭州市拱墅区统计局", "拱墅区 统计局"),
            ("淮安市市场监督管理局", "淮安市市场监督管理局"),
        ] {
            assert!(same_body(a, b), "{a} = {b}");
        }
        for (a, b) in [
            ("淮安市人民政府", "淮安市洪泽区人民政府"),
            ("洪泽区人民政府", "淮阴区人民政府"),
            ("统计局", "拱墅区统计局"),
            ("淮安市人民政府", "淮安市人民政府办公室"),
            ("淮安市市场监督管理局", "淮安市统计局"),
        ] {
            assert!(!same_body(a, b), "{a} ≠ {b}");
        }
        assert_eq!(
            units("淮安市市场监督管理局"),
            (vec!["淮安市"], "市场监督管理局")
        );
    }

    #[test]
    fn kinds_from_names() {
        for (name, kind) in [
            ("淮安市洪泽区人民政府", Kind::Government),
            ("淮安市人民政府办公室", Kind::Office),
            ("上海市人民政府办公厅", Kind::Office),
            ("洪泽区高良涧街道办事处", Kind::Street),
            ("洪泽区岔河镇人民政府", Kind::Town),
            ("杭州市拱墅区统计局", Kind::Department),
        ] {
            assert_eq!(Kind::guess(name), kind, "{name}");
        }
    }

    #[test]
    fn registering_adds_text_and_keeps_the_rest() {
        let text = "# 报告单位\n[gov]   # 本级政府\nname = \"洪泽区人民政府\"  # 全称\nkind = \"government\"\n";
        let added = with_alias(text, "gov", "淮安市洪泽区人民政府").unwrap();
        assert!(added.starts_with("# 报告单位\n[gov]   # 本级政府\nname = \"洪泽区人民政府\"  # 全称\naliases = [\"淮安市洪泽区人民政府\"]\n"), "{added}");
        let again = with_alias(&added, "gov", "洪泽区政府").unwrap();
        assert!(
            again.contains("aliases = [\"淮安市洪泽区人民政府\", \"洪泽区政府\"]"),
            "{again}"
        );
        let multi = "[gov]\nname = \"x\"\naliases = [\n  \"a\",\n]\n";
        let added = with_alias(multi, "gov", "b").unwrap();
        assert_eq!(
            added,
            "[gov]\nname = \"x\"\naliases = [\n  \"a\", \"b\"\n]\n"
        );
        assert_eq!(
            with_alias("[gov]\nname = \"x\"\naliases = []", "gov", "b").unwrap(),
            "[gov]\nname = \"x\"\naliases = [\"b\"]"
        );
        assert_eq!(with_alias(text, "nobody", "b"), None);
        let new = with_new_body(text, "shangwuju", "洪泽区商务局", Kind::Department, &[]);
        assert!(
            new.starts_with(text)
                && new
                    .ends_with("\n\n[shangwuju]\nname = \"洪泽区商务局\"\nkind = \"department\"\n"),
            "{new}"
        );
        let deps = Departments::parse(&new, &mut vec![]);
        assert_eq!(deps.by_slug.len(), 2);
    }

    #[test]
    fn find_by_name_or_alias() {
        let deps = Departments::parse(
            "[hongze]\nname = \"洪泽区人民政府\"\n[huaian]\nname = \"淮安市人民政府\"\naliases = [\"淮安市政府\"]\n",
            &mut vec![],
        );
        assert_eq!(deps.find("淮安市洪泽区人民政府"), Some("hongze"));
        assert_eq!(deps.find("淮安市政府"), Some("huaian"));
        assert_eq!(deps.find("淮阴区人民政府"), None);
    }

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
