//! The generated parts of the manual: every rule (from [`crate::schema::RULES`] and
//! `locales/<lang>/rules.ftl`, the source `check --explain` reads), the keys of `site.toml` and
//! `content/departments.toml` (from their types, [`SiteConfig`] and [`Department`]: what serde
//! reads is what is listed, with its default), and the keys of a report (from [`crate::schema`]).
//!
//! What the types do not say (a key's Chinese label, and its meaning in words) is in
//! `locales/<lang>/manual.ftl`, one entry per key (`manual-site-title`, `manual-dept-name`,
//! `manual-report-year`). A key of the code without its entry, or an entry without its key, is
//! an error here, and `tests/manual.rs` fails on it.

use crate::config::SiteConfig;
use crate::content::departments::{Department, Kind};
use crate::i18n::{self, Lang};
use crate::schema::{
    self, APPLICANT_COLUMNS, Edition, FieldKind, META_KEYS, NOTES_KEY, REVIEW_COLUMNS,
    REVIEW_GROUPS, RULES,
};
use serde_json::Value;

/// The Markdown of generated region `name`, ending with a newline.
pub fn region(name: &str, lang: Lang) -> Result<String, String> {
    match name {
        "rules" => Ok(rules(lang)),
        "editions" => Ok(editions(lang)),
        "sections" => Ok(sections(lang)),
        "site-keys" => site_keys(lang),
        "department-keys" => department_keys(lang),
        "department-kinds" => Ok(kinds(lang)),
        "report-keys" => report_keys(lang),
        "table-active-2021" => Ok(active(lang, Edition::E2021)),
        "table-active-2019" => Ok(active(lang, Edition::E2019)),
        "table-applications" => Ok(applications(lang)),
        "table-review" => Ok(review(lang)),
        _ => Err(format!("unknown generated region `{name}`")),
    }
}

fn t(lang: Lang, id: &str) -> String {
    i18n::t(lang, id)
}

/// A Markdown table; cells have `|` escaped and line breaks made spaces.
fn table(lang: Lang, header: &[&str], rows: &[Vec<String>]) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = String::from("|");
    for h in header {
        out.push_str(&format!(" {} |", t(lang, h)));
    }
    out.push_str("\n|");
    out.push_str(&"---|".repeat(header.len()));
    out.push('\n');
    for row in rows {
        out.push('|');
        for c in row {
            out.push_str(&format!(" {} |", cell(c)));
        }
        out.push('\n');
    }
    out
}

/// Every rule: a table of all, then each with why it exists and an example (as `check
/// --explain` prints it), under a heading that is its id, so `rules.md#r-bal` links to it.
fn rules(lang: Lang) -> String {
    let rows: Vec<Vec<String>> = RULES
        .iter()
        .map(|r| {
            vec![
                format!("[`{}`](#{})", r.code, super::anchor(r.code)),
                r.severity.label(lang),
                r.summary(lang),
            ]
        })
        .collect();
    let mut out = table(
        lang,
        &["manual-col-rule", "manual-col-level", "manual-col-what"],
        &rows,
    );
    for r in RULES {
        out.push_str(&format!(
            "\n### {}\n\n- {}：{}\n- {}：{}\n- {}：{}\n- {}：{}\n",
            r.code,
            t(lang, "manual-col-level"),
            r.severity.label(lang),
            t(lang, "manual-col-what"),
            r.summary(lang),
            t(lang, "manual-rule-why"),
            r.why(lang),
            t(lang, "manual-rule-example"),
            r.example(lang),
        ));
    }
    out
}

/// The editions, the report years each is for, and the publication deadline.
fn editions(lang: Lang) -> String {
    let years = 1990..=2100;
    let rows: Vec<Vec<String>> = Edition::ALL
        .iter()
        .map(|&e| {
            let of: Vec<i32> = years
                .clone()
                .filter(|&y| Edition::for_year(y) == e)
                .collect();
            let (first, last) = (of[0], of[of.len() - 1]);
            let span = if last == *years.end() {
                crate::msg!("manual-years-from", year = first.to_string())
            } else if first == *years.start() {
                crate::msg!("manual-years-until", year = last.to_string())
            } else {
                crate::msg!(
                    "manual-years-between",
                    first = first.to_string(),
                    last = last.to_string()
                )
            };
            let deadlines: Vec<String> = [first, last]
                .iter()
                .map(|&y| schema::deadline(y))
                .map(|d| {
                    crate::msg!("manual-deadline", month = d.date.month, day = d.date.day)
                        .text(lang)
                })
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            vec![
                format!("`{}`", e.id()),
                span.text(lang),
                e.describe().to_string(),
                deadlines.join(" / "),
            ]
        })
        .collect();
    table(
        lang,
        &[
            "manual-col-edition",
            "manual-col-years",
            "manual-col-what",
            "manual-col-deadline",
        ],
        &rows,
    )
}

/// The six sections of a report: the narrative ones found by the words of their heading, the
/// others holding a table.
fn sections(lang: Lang) -> String {
    let rows: Vec<Vec<String>> = schema::SECTIONS
        .iter()
        .map(|s| {
            let found = match (s.narrative_keywords(), s.table()) {
                (Some(words), _) => {
                    let words: Vec<String> = words.iter().map(|w| format!("“{w}”")).collect();
                    crate::msg!("manual-section-narrative", words = words.join(" / ")).text(lang)
                }
                (None, Some(table)) => crate::msg!(
                    "manual-section-table",
                    table = schema::table_name(table),
                    key = table.key()
                )
                .text(lang),
                (None, None) => String::new(),
            };
            vec![s.heading(), found]
        })
        .collect();
    table(lang, &["manual-col-section", "manual-col-written"], &rows)
}

/// The text of the catalogue file `manual.ftl` of `lang`, where the keys' entries are.
fn catalogue(lang: Lang) -> &'static str {
    let files = match lang {
        Lang::Zh => i18n::ZH_FILES,
        Lang::En => i18n::EN_FILES,
    };
    files
        .iter()
        .find(|(name, _)| *name == "manual.ftl")
        .map(|(_, text)| *text)
        .unwrap_or_default()
}

/// The keys that `manual.ftl` describes under `manual-<prefix>-`, in the file's order.
fn described(lang: Lang, prefix: &str) -> Vec<String> {
    let start = format!("manual-{prefix}-");
    catalogue(lang)
        .lines()
        .filter_map(|l| l.strip_prefix(&start))
        .filter_map(|l| l.split_once(" ="))
        .map(|(key, _)| key.to_string())
        .collect()
}

/// One key's row: key, label, type, default, meaning. `value` is the key's default as the type
/// serializes it (`Null` for an optional key), `required` whether reading fails without it.
fn key_row(
    lang: Lang,
    prefix: &str,
    key: &str,
    value: &Value,
    required: bool,
) -> Result<Vec<String>, String> {
    let id = format!("manual-{prefix}-{key}");
    let missing = |what: &str| {
        format!(
            "key `{key}` has no `{id}{what}` in locales/{}/manual.ftl",
            super::folder(lang)
        )
    };
    if !i18n::has(lang, &id) {
        return Err(missing(""));
    }
    let attr = |a: &str| i18n::attribute(lang, &id, a);
    let kind = match (attr("type"), value) {
        (Some(ty), _) => ty,
        (None, Value::String(_)) => t(lang, "manual-type-text"),
        (None, Value::Bool(_)) => t(lang, "manual-type-bool"),
        (None, Value::Number(_)) => t(lang, "manual-type-integer"),
        (None, Value::Array(_)) => t(lang, "manual-type-text-list"),
        _ => return Err(missing(".type")),
    };
    let default = if required {
        t(lang, "manual-required")
    } else {
        match (attr("default"), value) {
            (Some(d), _) => d,
            (None, Value::String(s)) if s.is_empty() => t(lang, "manual-empty"),
            (None, Value::Null) => return Err(missing(".default")),
            (None, v) => format!("`{}`", toml_value(v)),
        }
    };
    let doc = attr("doc").ok_or_else(|| missing(".doc"))?;
    Ok(vec![format!("`{key}`"), t(lang, &id), kind, default, doc])
}

/// A default as it would be written in TOML.
fn toml_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{s}\""),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(toml_value).collect();
            format!("[{}]", items.join(", "))
        }
        v => v.to_string(),
    }
}

/// The keys of a serde type: every field of `full` (the type serialized with its defaults, every
/// field present, an optional one as null), and whether `read` fails without it (then it is
/// required); ordered as `manual.ftl` lists them.
fn type_keys(
    lang: Lang,
    prefix: &str,
    full: &Value,
    read: impl Fn(Value) -> bool,
) -> Result<String, String> {
    let fields = full.as_object().ok_or("not a table")?;
    let order = described(lang, prefix);
    for key in &order {
        if !fields.contains_key(key) {
            return Err(format!(
                "locales/{}/manual.ftl describes `manual-{prefix}-{key}`, which the code does not read",
                super::folder(lang)
            ));
        }
    }
    let mut rows = vec![];
    for (key, _) in fields {
        let mut without = fields.clone();
        without.remove(key);
        let required = !read(Value::Object(without));
        let value = &fields[key];
        let pos = order.iter().position(|k| k == key).unwrap_or(usize::MAX);
        rows.push((pos, key_row(lang, prefix, key, value, required)?));
    }
    rows.sort_by_key(|(pos, _)| *pos);
    let rows: Vec<Vec<String>> = rows.into_iter().map(|(_, r)| r).collect();
    Ok(table(lang, KEY_HEADER, &rows))
}

const KEY_HEADER: &[&str] = &[
    "manual-col-key",
    "manual-col-label",
    "manual-col-type",
    "manual-col-default",
    "manual-col-what",
];

fn site_keys(lang: Lang) -> Result<String, String> {
    let defaults = serde_json::to_value(SiteConfig::default()).map_err(|e| e.to_string())?;
    type_keys(lang, "site", &defaults, |v| {
        serde_json::from_value::<SiteConfig>(v).is_ok()
    })
}

fn department_keys(lang: Lang) -> Result<String, String> {
    // The least a department can be: its name. Serialized, every field is there (an absent
    // optional one as null) with its default.
    let least: Department = toml::from_str("name = \"\"").map_err(|e| e.to_string())?;
    let full = serde_json::to_value(&least).map_err(|e| e.to_string())?;
    type_keys(lang, "dept", &full, |v| {
        serde_json::from_value::<Department>(v).is_ok()
    })
}

/// The values of a department's `kind`.
fn kinds(lang: Lang) -> String {
    let rows: Vec<Vec<String>> = Kind::ALL
        .iter()
        .map(|&k| {
            let id = serde_json::to_value(k)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let regs = if k.makes_no_regulations() {
                "manual-kind-no-regulations"
            } else {
                "manual-kind-regulations"
            };
            let default = if k == Kind::default() {
                t(lang, "manual-kind-default")
            } else {
                String::new()
            };
            vec![
                format!("`\"{id}\"`"),
                k.label().to_string(),
                t(lang, regs),
                default,
            ]
        })
        .collect();
    table(
        lang,
        &[
            "manual-col-value",
            "manual-col-label",
            "manual-col-regulations",
            "manual-col-default",
        ],
        &rows,
    )
}

/// The report's own keys (before the tables): [`META_KEYS`] and `[notes]`, described in full in
/// the catalogue (a report has no serde type to read the defaults from).
fn report_keys(lang: Lang) -> Result<String, String> {
    let keys: Vec<&str> = META_KEYS.iter().copied().chain([NOTES_KEY]).collect();
    for key in described(lang, "report") {
        if !keys.contains(&key.as_str()) {
            return Err(format!(
                "locales/{}/manual.ftl describes `manual-report-{key}`, which a report does not have",
                super::folder(lang)
            ));
        }
    }
    let rows = keys
        .iter()
        .map(|key| key_row(lang, "report", key, &Value::Null, false))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(table(lang, KEY_HEADER, &rows))
}

/// How a cell of table 二 is written, and what it holds.
fn field_kind(lang: Lang, kind: FieldKind) -> (&'static str, String) {
    match kind {
        FieldKind::Count => ("0", t(lang, "manual-type-count")),
        FieldKind::SignedCount => ("0", t(lang, "manual-type-signed")),
        FieldKind::Decimal => ("\"0\"", t(lang, "manual-type-decimal")),
        FieldKind::Text => ("\"\"", t(lang, "manual-type-free-text")),
    }
}

/// Table 二 of an edition: each row's key, label, block, how it is written and its columns.
fn active(lang: Lang, edition: Edition) -> String {
    let rows: Vec<Vec<String>> = schema::active_rows(edition)
        .iter()
        .map(|row| {
            let written = match row.fields {
                [f] if f.key.is_none() => format!("{} = {}", row.key, field_kind(lang, f.kind).0),
                fields => {
                    let parts: Vec<String> = fields
                        .iter()
                        .map(|f| {
                            format!(
                                "{} = {}",
                                f.key.unwrap_or_default(),
                                field_kind(lang, f.kind).0
                            )
                        })
                        .collect();
                    format!("{} = {{ {} }}", row.key, parts.join(", "))
                }
            };
            let columns: Vec<String> = row
                .fields
                .iter()
                .map(|f| match f.key {
                    Some(k) => format!("`{k}` {}（{}）", f.label, field_kind(lang, f.kind).1),
                    None => format!("{}（{}）", f.label, field_kind(lang, f.kind).1),
                })
                .collect();
            vec![
                format!("`{}`", row.key),
                row.label.to_string(),
                row.block.to_string(),
                format!("`{written}`"),
                columns.join("；"),
            ]
        })
        .collect();
    table(
        lang,
        &[
            "manual-col-key",
            "manual-col-label",
            "manual-col-block",
            "manual-col-written",
            "manual-col-columns",
        ],
        &rows,
    )
}

/// Table 三: its columns, then every row of both editions.
fn applications(lang: Lang) -> String {
    let columns: Vec<String> = APPLICANT_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| match c.group {
            Some(g) => format!("{}. {} › {}", i + 1, g, c.label),
            None => format!("{}. {}", i + 1, c.label),
        })
        .collect();
    let mut out = format!(
        "{}\n\n{}\n\n",
        t(lang, "manual-applications-columns"),
        columns.join("\n")
    );
    let rows: Vec<Vec<String>> = schema::APPLICATION_ROWS
        .iter()
        .map(|row| {
            let eds: Vec<&str> = row.editions.iter().map(|e| e.id()).collect();
            vec![
                format!("`{}`", row.key),
                row.label.to_string(),
                row.group.map(|g| g.label).unwrap_or_default().to_string(),
                eds.join("、"),
            ]
        })
        .collect();
    out.push_str(&table(
        lang,
        &[
            "manual-col-key",
            "manual-col-label",
            "manual-col-group",
            "manual-col-edition",
        ],
        &rows,
    ));
    out
}

/// Table 四: its three groups and the five columns of each.
fn review(lang: Lang) -> String {
    let columns: Vec<String> = REVIEW_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{}. {}（`{}`）", i + 1, c.label, c.key))
        .collect();
    let rows: Vec<Vec<String>> = REVIEW_GROUPS
        .iter()
        .map(|g| {
            let zeros = vec!["0"; REVIEW_COLUMNS.len()].join(", ");
            vec![
                format!("`{}`", g.key),
                g.name(),
                format!("`{} = [{zeros}]`", g.key),
            ]
        })
        .collect();
    format!(
        "{}\n\n{}\n\n{}",
        t(lang, "manual-review-columns"),
        columns.join("\n"),
        table(
            lang,
            &["manual-col-key", "manual-col-label", "manual-col-written"],
            &rows
        )
    )
}
