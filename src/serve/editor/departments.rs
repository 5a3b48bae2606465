//! 单位管理: adding a body to `content/departments.toml` and changing its name, kind, region,
//! earlier names and years, written the way a report is ([`super::edit`]): `toml_edit` changes
//! the one entry, and only the keys whose value changed, keeping every comment, the key order
//! and every other entry byte for byte. The result must read as `check` reads the file, else
//! nothing is written.

use super::edit::normalise;
use crate::content::departments::Kind;
use crate::content::{Departments, valid_slug};
use crate::i18n::{self, Lang, Msg};
use crate::msg;
use crate::render::esc;
use std::fmt::Write as _;
use toml_edit::{Array, DocumentMut, Item, Table, TableLike, Value};

/// A kind as departments.toml writes it (`government`).
fn kind_key(k: Kind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// What the page sends: one body's fields as typed.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct DeptEdit {
    pub slug: String,
    /// Add a body (its slug must be new), or change one.
    #[serde(default)]
    pub new: bool,
    /// The file's hash when the page opened (`new`: there was no file).
    pub base: String,
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub region: String,
    /// Earlier names, one a line.
    #[serde(default)]
    pub aliases: String,
    #[serde(default)]
    pub since: String,
    #[serde(default)]
    pub until: String,
}

/// A year as typed (full-width digits allowed, blank: none), or why not (`id`: the message
/// naming the field).
fn year(id: &'static str, typed: &str) -> Result<Option<i64>, Msg> {
    let t = normalise(typed);
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<i64>() {
        Ok(y) if (1949..=2100).contains(&y) => Ok(Some(y)),
        _ => Err(Msg::new(id).arg("value", typed.trim())),
    }
}

/// Set `key` to `new` (`None`: remove it). A value equal to the file's is left as written; a
/// changed one keeps the spaces and comment around it.
fn set(t: &mut dyn TableLike, key: &str, new: Option<Value>) {
    let Some(new) = new else {
        t.remove(key);
        return;
    };
    match t.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) => {
            let mut bare = old.clone();
            bare.decor_mut().clear();
            if bare.to_string() != new.to_string() {
                let decor = old.decor().clone();
                *old = new;
                *old.decor_mut() = decor;
            }
        }
        None => {
            t.insert(key, Item::Value(new));
        }
    }
}

/// The file's text with one body added or changed; `Err` says, in the clerk's words, why not.
pub fn apply(text: &str, e: &DeptEdit) -> Result<String, Msg> {
    let slug = e.slug.trim();
    if !valid_slug(slug) {
        return Err(msg!("editor-dept-bad-slug", slug = slug));
    }
    let name = e.name.trim();
    if name.is_empty() {
        return Err(msg!("editor-dept-name-empty"));
    }
    let Some(kind) = Kind::ALL.iter().find(|k| kind_key(**k) == e.kind) else {
        return Err(msg!("editor-dept-bad-kind", kind = e.kind.as_str()));
    };
    let since = year("editor-dept-bad-since", &e.since)?;
    let until = year("editor-dept-bad-until", &e.until)?;
    if let (Some(s), Some(u)) = (since, until)
        && s > u
    {
        return Err(msg!("editor-dept-years-order", since = s, until = u));
    }
    let aliases: Vec<&str> = e
        .aliases
        .lines()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect();
    let mut doc: DocumentMut = text.parse().map_err(|err: toml_edit::TomlError| {
        msg!("editor-unreadable", reason = err.message().to_string())
    })?;
    let exists = doc.contains_key(slug);
    if e.new && exists {
        return Err(msg!("editor-dept-exists", slug = slug));
    }
    if !e.new && !exists {
        return Err(msg!("editor-dept-missing", slug = slug));
    }
    if e.new {
        let mut t = Table::new();
        // A blank line before a new entry, as the entries written by hand have.
        if !text.trim().is_empty() {
            t.decor_mut().set_prefix("\n");
        }
        doc.insert(slug, Item::Table(t));
    }
    let t = doc
        .get_mut(slug)
        .and_then(Item::as_table_like_mut)
        .ok_or_else(|| msg!("editor-dept-missing", slug = slug))?;
    set(t, "name", Some(name.into()));
    set(t, "kind", Some(kind_key(*kind).into()));
    let region = e.region.trim();
    set(t, "region", (!region.is_empty()).then(|| region.into()));
    let list: Option<Value> = (!aliases.is_empty()).then(|| {
        let mut a = Array::new();
        for x in &aliases {
            a.push(*x);
        }
        a.into()
    });
    set(t, "aliases", list);
    set(t, "since", since.map(Value::from));
    set(t, "until", until.map(Value::from));
    let out = doc.to_string();
    // Read back as `check` reads it: what it would refuse is not written.
    let mut diags = vec![];
    let read = Departments::parse(&out, &mut diags);
    if let Some(d) = diags.first() {
        return Err(d.message.clone());
    }
    if read.get(slug).is_none() {
        return Err(msg!("editor-dept-missing", slug = slug));
    }
    Ok(out)
}

/// The page: every body with a link to change it, and the form for one (`slug`) or a new one.
pub fn page(
    departments: &Departments,
    slug: Option<&str>,
    base: &str,
    secret: &str,
    lang: Lang,
) -> String {
    let t = |id: &str| esc(&i18n::t(lang, id));
    let mut out = String::new();
    let _ = write!(
        out,
        "<p class=\"hint\">{hint}</p><table class=\"report-table\"><caption>{caption}</caption><thead><tr><th scope=\"col\">{name}</th><th scope=\"col\">{code}</th><th scope=\"col\">{kind}</th><th scope=\"col\"><span class=\"visually-hidden\">{edit}</span></th></tr></thead><tbody>",
        hint = t("editor-dept-hint"),
        caption = t("editor-dept-list"),
        name = t("editor-dept-name"),
        code = t("editor-dept-slug-short"),
        kind = t("editor-dept-kind"),
        edit = t("editor-dept-edit"),
    );
    for (s, d) in &departments.by_slug {
        let _ = write!(
            out,
            "<tr><td>{n}</td><td><code>{s}</code></td><td>{k}</td><td><a href=\"{p}departments?slug={s}#dept-form\" aria-label=\"{edit} {n}\">{edit}</a></td></tr>",
            n = esc(&d.name),
            s = esc(s),
            k = esc(d.kind.label()),
            p = super::PREFIX,
            edit = t("editor-dept-edit"),
        );
    }
    out.push_str("</tbody></table>");
    let current = slug.and_then(|s| departments.get(s).map(|d| (s, d)));
    let heading = match current {
        Some((_, d)) => format!("{}：{}", i18n::t(lang, "editor-dept-edit"), d.name),
        None => i18n::t(lang, "editor-dept-add"),
    };
    let (s, name, kind, region, aliases, since, until) = match current {
        Some((s, d)) => (
            s.to_string(),
            d.name.clone(),
            d.kind,
            d.region.clone().unwrap_or_default(),
            d.aliases.join("\n"),
            d.since.map(|y| y.to_string()).unwrap_or_default(),
            d.until.map(|y| y.to_string()).unwrap_or_default(),
        ),
        None => Default::default(),
    };
    let mut kinds = String::new();
    for k in Kind::ALL {
        let _ = write!(
            kinds,
            "<option value=\"{v}\"{sel}>{l}</option>",
            v = kind_key(k),
            sel = if k == kind { " selected" } else { "" },
            l = esc(k.label()),
        );
    }
    let slug_field = if current.is_some() {
        format!(
            "<input type=\"hidden\" name=\"slug\" value=\"{}\"><p><span class=\"k\">{}</span> <code>{}</code></p>",
            esc(&s),
            t("editor-dept-slug-short"),
            esc(&s)
        )
    } else {
        format!(
            "<p><label for=\"dept-slug\">{}</label><br><input id=\"dept-slug\" name=\"slug\" required pattern=\"[a-z0-9-]+\" autocomplete=\"off\" value=\"\"></p>",
            t("editor-dept-slug")
        )
    };
    let _ = write!(
        out,
        "<h2 id=\"dept-heading\">{heading}</h2><form id=\"dept-form\" aria-labelledby=\"dept-heading\" novalidate data-new=\"{new}\" data-base=\"{base}\" data-secret=\"{secret}\">{slug_field}<p><label for=\"dept-name\">{ln}</label><br><input id=\"dept-name\" name=\"name\" required value=\"{name}\" size=\"30\"></p><p><label for=\"dept-kind\">{lk}</label><br><select id=\"dept-kind\" name=\"kind\">{kinds}</select></p><p><label for=\"dept-region\">{lr}</label><br><input id=\"dept-region\" name=\"region\" value=\"{region}\" size=\"30\"></p><p><label for=\"dept-aliases\">{la}</label><br><textarea id=\"dept-aliases\" name=\"aliases\" rows=\"3\">{aliases}</textarea></p><p><label for=\"dept-since\">{ls}</label><br><input id=\"dept-since\" name=\"since\" inputmode=\"numeric\" value=\"{since}\" size=\"6\"></p><p><label for=\"dept-until\">{lu}</label><br><input id=\"dept-until\" name=\"until\" inputmode=\"numeric\" value=\"{until}\" size=\"6\"></p><div id=\"dept-status\" role=\"alert\"></div><p class=\"actions\"><button type=\"submit\">{save}</button></p></form>",
        heading = esc(&heading),
        new = current.is_none(),
        base = esc(base),
        secret = esc(secret),
        ln = t("editor-dept-name"),
        name = esc(&name),
        lk = t("editor-dept-kind"),
        lr = t("editor-dept-region"),
        region = esc(&region),
        la = t("editor-dept-aliases"),
        aliases = esc(&aliases),
        ls = t("editor-dept-since"),
        since = esc(&since),
        lu = t("editor-dept-until"),
        until = esc(&until),
        save = t("editor-save"),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# bodies\n\n[a]\nname = \"甲局\"   # its name\nkind = \"department\"\naliases = [\"旧甲局\"]  # 2019\norder = 1\n\n# the office\n[b]\nname = \"乙办\"\nkind = \"office\"\n";

    fn edit(slug: &str, new: bool, name: &str) -> DeptEdit {
        DeptEdit {
            slug: slug.into(),
            new,
            base: String::new(),
            name: name.into(),
            kind: "department".into(),
            aliases: "旧甲局\n".into(),
            ..Default::default()
        }
    }

    #[test]
    fn only_the_changed_key_of_the_entry_changes() {
        let out = apply(FILE, &edit("a", false, "甲局新名")).unwrap();
        assert_eq!(
            out,
            FILE.replace(
                "name = \"甲局\"   # its name",
                "name = \"甲局新名\"   # its name"
            )
        );
        let mut e = edit("b", false, "乙办");
        e.kind = "office".into();
        e.aliases = String::new();
        e.since = "２０２１".into();
        let out = apply(FILE, &e).unwrap();
        assert_eq!(out, format!("{FILE}since = 2021\n"));
    }

    #[test]
    fn a_new_body_is_added_at_the_end() {
        let mut e = edit("c", true, "丙街道");
        e.kind = "street".into();
        e.aliases = String::new();
        e.region = "示例区".into();
        let out = apply(FILE, &e).unwrap();
        assert_eq!(
            out,
            format!("{FILE}\n[c]\nname = \"丙街道\"\nkind = \"street\"\nregion = \"示例区\"\n")
        );
    }

    #[test]
    fn refusals_say_why() {
        let zh = |r: Result<String, Msg>| r.unwrap_err().text(Lang::Zh);
        assert!(zh(apply(FILE, &edit("a", true, "x"))).contains("已有"));
        assert!(zh(apply(FILE, &edit("zz", false, "x"))).contains("没有单位"));
        assert!(zh(apply(FILE, &edit("A B", true, "x"))).contains("单位代码"));
        assert!(zh(apply(FILE, &edit("c", true, " "))).contains("名称"));
        let mut e = edit("c", true, "丙");
        e.since = "2025".into();
        e.until = "2020".into();
        assert!(zh(apply(FILE, &e)).contains("晚于"));
        e.until = "二〇二〇".into();
        assert!(zh(apply(FILE, &e)).contains("年份"));
        e.until = String::new();
        e.kind = "ministry".into();
        assert!(zh(apply(FILE, &e)).contains("类型"));
    }
}
