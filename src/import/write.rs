//! Writing an imported report in the content format (format-spec part B).

use super::Imported;
use crate::content::{Origin, Value};
use crate::i18n::{cli_lang, t};
use crate::schema::{self, APPLICANT_COLUMNS, Edition, REVIEW_COLUMNS, SECTIONS};
use std::fmt::Write;

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn value(v: &Value) -> String {
    match v {
        Value::Count(n) => n.to_string(),
        Value::Blank => "\"\"".into(),
        Value::Decimal(s) | Value::Text(s) => quote(s),
    }
}

fn array(vs: &[Value]) -> String {
    format!("[{}]", vs.iter().map(value).collect::<Vec<_>>().join(", "))
}

/// The content file of an imported report. Rows that could not be read are left out, and the
/// front matter says so in comments (only written with `--partial`).
pub fn content_file(r: &Imported, year: i32, department: &str, source: Option<&str>) -> String {
    let edition = r.edition.unwrap_or(Edition::for_year(year));
    let mut s = String::from("+++\n");
    if !r.missing.is_empty() {
        let _ = writeln!(s, "# {}", t(cli_lang(), "imp-file-incomplete"));
        for m in &r.missing {
            let m = m.text(cli_lang());
            let _ = writeln!(s, "#   - {}", m.replace('\n', " "));
        }
    }
    let _ = writeln!(s, "department = {}", quote(department));
    let _ = writeln!(s, "year = {year}");
    let _ = writeln!(s, "edition = {}", quote(edition.id()));
    if let Some(t) = &r.title
        && *t != schema::default_title(department, year)
    {
        let _ = writeln!(s, "title = {}", quote(t));
    }
    if let Some(p) = &r.published {
        // A TOML date, unquoted.
        let _ = writeln!(s, "published = {p}");
    }
    if let Some(src) = source {
        let _ = writeln!(s, "source = {}", quote(src));
    }
    // A record of what was published: its errors are shown, never repaired, never blocking.
    if r.origin == Origin::Published {
        let _ = writeln!(
            s,
            "origin = {}   # {}",
            quote(Origin::Published.id()),
            t(cli_lang(), "imp-origin-comment")
        );
    }
    if edition.has_tables() {
        s.push_str("\n[active]\n");
        for (row, cells) in &r.active {
            let Some(cells) = cells else { continue };
            if row.fields.len() == 1 && row.fields[0].key.is_none() {
                let _ = writeln!(s, "{} = {}", row.key, value(&cells[0]));
            } else {
                let inner: Vec<String> = row
                    .fields
                    .iter()
                    .zip(cells)
                    .map(|(f, v)| format!("{} = {}", f.key.unwrap_or_default(), value(v)))
                    .collect();
                let _ = writeln!(s, "{} = {{ {} }}", row.key, inner.join(", "));
            }
        }
        let cols: Vec<&str> = APPLICANT_COLUMNS.iter().map(|c| c.label).collect();
        let _ = writeln!(s, "\n[applications]   # [{}]", cols.join(", "));
        for (key, cells) in &r.applications {
            if let Some(cells) = cells {
                let _ = writeln!(s, "{key} = {}", array(cells));
            }
        }
        let cols: Vec<&str> = REVIEW_COLUMNS.iter().map(|c| c.short).collect();
        let _ = writeln!(s, "\n[review_litigation]   # [{}]", cols.join(", "));
        for (key, cells) in &r.review {
            if let Some(cells) = cells {
                let _ = writeln!(s, "{key} = {}", array(cells));
            }
        }
    }
    if !r.notes.is_empty() {
        s.push_str("\n[notes]\n");
        for (k, v) in &r.notes {
            let _ = writeln!(s, "{} = {}", quote(k), quote(v));
        }
    }
    s.push_str("+++\n");
    if !r.preamble.is_empty() {
        s.push('\n');
        s.push_str(&r.preamble.join("\n\n"));
        s.push('\n');
    }
    for sec in SECTIONS.iter() {
        let Some((_, body)) = r.sections.iter().find(|(k, _)| *k == sec.key) else {
            continue;
        };
        let _ = write!(s, "\n## {}\n\n", sec.heading());
        s.push_str(&body.join("\n\n"));
        s.push('\n');
    }
    s
}
