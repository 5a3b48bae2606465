//! The form's values written into a report file, changing nothing else: the front matter is
//! edited with `toml_edit`, which keeps comments, key order, spacing and keys the form does not
//! know; only a cell whose typed value differs from the file's is replaced, and its comment
//! (`# published 总计 0: kept as published`) stays beside it. A narrative section is replaced
//! only when its text changed. So a report edited in the browser differs from the file on disk
//! by the edited cells only.

use crate::i18n::Msg;
use crate::msg;
use crate::schema::{
    self, APPLICANT_COLUMNS, APPLICANT_TOTAL, Edition, FieldKind, REVIEW_COLUMNS, REVIEW_GROUPS,
};
use std::collections::BTreeMap;
use toml_edit::{DocumentMut, Item, TableLike, Value};

/// What the form sends: typed text per cell path (as diagnostics name cells:
/// `applications.new.natural`, `active.licensing`), Markdown per narrative section key, and the
/// publication date (`""`: none).
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct Edits {
    #[serde(default)]
    pub cells: BTreeMap<String, String>,
    #[serde(default)]
    pub sections: BTreeMap<String, String>,
    #[serde(default)]
    pub published: Option<String>,
}

/// Where a cell lives in the front matter: the table keys leading to it, then either the key of
/// a single value or an index into an array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellPlace {
    pub keys: Vec<&'static str>,
    pub slot: Slot,
    pub kind: FieldKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// `licensing = 0`: the last key holds the value itself.
    Whole,
    /// `{ issued = 0, … }`: this key of the inline table the last key holds.
    Field(&'static str),
    /// `[2, 0, …]`: this position of the array the last key holds.
    Index(usize),
}

/// Every cell of an edition and where it lives, in the template's order.
pub fn cell_places(edition: Edition) -> Vec<(String, CellPlace)> {
    let mut out = vec![];
    for row in schema::active_rows(edition) {
        for f in row.fields {
            let slot = f.key.map_or(Slot::Whole, Slot::Field);
            let place = CellPlace {
                keys: vec!["active", row.key],
                slot,
                kind: f.kind,
            };
            out.push((row.path(f), place));
        }
    }
    for row in schema::application_rows(edition) {
        for (i, c) in APPLICANT_COLUMNS.iter().enumerate() {
            let mut keys = vec!["applications"];
            keys.extend(row.key.split('.'));
            let place = CellPlace {
                keys,
                slot: Slot::Index(i),
                kind: FieldKind::Count,
            };
            out.push((format!("{}.{}", row.path(), c.key), place));
        }
    }
    if edition.has_tables() {
        for g in &REVIEW_GROUPS {
            for (j, c) in REVIEW_COLUMNS.iter().enumerate() {
                let place = CellPlace {
                    keys: vec!["review_litigation", g.key],
                    slot: Slot::Index(j),
                    kind: FieldKind::Count,
                };
                out.push((format!("{}.{}", g.path(), c.key), place));
            }
        }
    }
    out
}

/// Typed text as the content format writes it: full-width digits, signs and points (what a
/// Chinese input method types) made ASCII, spaces trimmed.
pub fn normalise(typed: &str) -> String {
    typed
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '－' | '−' => '-',
            '．' | '。' => '.',
            '＋' => '+',
            '\u{3000}' => ' ',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// The TOML value a typed cell becomes: a whole number as a number, a blank as `""` (a cell
/// left blank as published), anything else as the text typed, for the parser to refuse at that
/// cell (never guessed into a number). Amounts and text are kept exactly as written.
pub fn typed_value(kind: FieldKind, typed: &str) -> Value {
    let s = normalise(typed);
    match kind {
        FieldKind::Count | FieldKind::SignedCount => match s.parse::<i64>() {
            Ok(n) if !s.starts_with('+') => Value::from(n),
            _ => Value::from(s),
        },
        FieldKind::Decimal | FieldKind::Text => Value::from(s),
    }
}

/// A value as the form shows it: a string's content, a number as written.
pub fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.value().clone(),
        other => {
            let mut v = other.clone();
            v.decor_mut().clear();
            v.to_string()
        }
    }
}

/// Replace a value, keeping the spaces and comment around it.
fn replace_keeping_decor(slot: &mut Value, new: Value) {
    let decor = slot.decor().clone();
    *slot = new;
    *slot.decor_mut() = decor;
}

/// Why an edit cannot be written.
#[derive(Debug)]
pub struct EditError(pub Msg);

fn table_at<'d>(doc: &'d mut DocumentMut, keys: &[&str]) -> Option<&'d mut dyn TableLike> {
    let mut t: &mut dyn TableLike = doc.as_table_mut();
    for k in keys {
        t = t.get_mut(k)?.as_table_like_mut()?;
    }
    Some(t)
}

/// The value a cell currently has in `doc` (`None`: the file does not have it).
pub fn current(doc: &DocumentMut, place: &CellPlace) -> Option<Value> {
    let item = current_row(doc, place)?;
    match place.slot {
        Slot::Whole => item.as_value().cloned(),
        Slot::Field(f) => item.as_table_like()?.get(f)?.as_value().cloned(),
        Slot::Index(i) => item.as_array()?.get(i).cloned(),
    }
}

/// Set one cell to `typed` if it differs from the file's value. `Ok(false)`: unchanged.
fn set_cell(
    doc: &mut DocumentMut,
    path: &str,
    place: &CellPlace,
    typed: &str,
) -> Result<bool, EditError> {
    let new = typed_value(place.kind, typed);
    let old = current(doc, place);
    // A row of six values: its 总计 is computed and the form leaves it empty unless one is typed.
    let computed_total = place.slot == Slot::Index(APPLICANT_TOTAL)
        && place.keys[0] == "applications"
        && old.is_none()
        && row_len(doc, place) == Some(APPLICANT_TOTAL);
    if computed_total {
        if normalise(typed).is_empty() {
            return Ok(false);
        }
    } else {
        match &old {
            Some(o) if shown(o) == shown(&new) => return Ok(false),
            None if normalise(typed).is_empty() => return Ok(false),
            None => return Err(EditError(msg!("editor-cell-not-in-file", cell = path))),
            Some(_) => {}
        }
    }
    let not_found = || EditError(msg!("editor-cell-not-in-file", cell = path));
    let (last, tables) = place.keys.split_last().ok_or_else(not_found)?;
    let t = table_at(doc, tables).ok_or_else(not_found)?;
    let item = t.get_mut(last).ok_or_else(not_found)?;
    match place.slot {
        Slot::Whole => replace_keeping_decor(item.as_value_mut().ok_or_else(not_found)?, new),
        Slot::Field(f) => {
            let v = item
                .as_table_like_mut()
                .and_then(|t| t.get_mut(f))
                .and_then(Item::as_value_mut)
                .ok_or_else(not_found)?;
            replace_keeping_decor(v, new);
        }
        Slot::Index(i) => {
            let arr = item.as_array_mut().ok_or_else(not_found)?;
            if computed_total {
                arr.push(new);
            } else {
                let v = arr.get_mut(i).ok_or_else(not_found)?;
                replace_keeping_decor(v, new);
            }
        }
    }
    Ok(true)
}

fn row_len(doc: &DocumentMut, place: &CellPlace) -> Option<usize> {
    Some(current_row(doc, place)?.as_array()?.len())
}

/// The front matter's byte range in `text` (between the `+++` lines), if it has one.
pub fn front_matter(text: &str) -> Option<(usize, usize)> {
    let start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let first = text[start..].split_inclusive('\n').next()?;
    if first.trim_end() != "+++" {
        return None;
    }
    let from = start + first.len();
    let mut at = from;
    for line in text[from..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some((from, at));
        }
        at += line.len();
    }
    None
}

/// Apply the form's edits to a report file's text (of `edition`). Cells, the publication date
/// and narrative sections that did not change leave their bytes as they are.
pub fn apply(text: &str, edition: Edition, edits: &Edits) -> Result<String, EditError> {
    let text = replace_sections(text, &edits.sections);
    let Some((from, to)) = front_matter(&text) else {
        return Err(EditError(msg!("editor-no-front-matter")));
    };
    let mut doc: DocumentMut = text[from..to].parse().map_err(|e: toml_edit::TomlError| {
        EditError(msg!("editor-unreadable", reason = e.message().to_string()))
    })?;
    let places = cell_places(edition);
    let mut changed = add_missing_rows(&mut doc, &places, &edits.cells);
    for (path, place) in &places {
        if let Some(typed) = edits.cells.get(path) {
            changed |= set_cell(&mut doc, path, place, typed)?;
        }
    }
    if let Some(p) = &edits.published {
        changed |= set_published(&mut doc, p)?;
    }
    if !changed {
        return Ok(text);
    }
    Ok(format!("{}{}{}", &text[..from], doc, &text[to..]))
}

/// Rows the file lacks (an import refused or left part of a table, a row added to the template
/// since) in which the form has a value typed: each is added whole, every cell blank (`""`, as a
/// cell left blank is written), for [`set_cell`] to fill in what was typed. A row of table 三
/// gets six cells, so that its 总计 is computed unless one is typed. Rows typed into are added
/// at the end of their table, under `[applications]` as `withheld.x = […]`.
fn add_missing_rows(
    doc: &mut DocumentMut,
    places: &[(String, CellPlace)],
    typed: &BTreeMap<String, String>,
) -> bool {
    let mut added = false;
    for (path, place) in places {
        let wanted = typed.get(path).is_some_and(|t| !normalise(t).is_empty());
        if !wanted || current_row(doc, place).is_some() {
            continue;
        }
        let (last, tables) = place.keys.split_last().expect("a cell has a key");
        let mut t: &mut dyn TableLike = doc.as_table_mut();
        for (depth, k) in tables.iter().enumerate() {
            if !t.contains_key(k) {
                let mut new = toml_edit::Table::new();
                // `[applications]` itself is a table of its own; below it, dotted keys.
                new.set_dotted(depth > 0);
                new.set_implicit(depth > 0);
                t.insert(k, Item::Table(new));
            }
            let Some(next) = t.get_mut(k).and_then(Item::as_table_like_mut) else {
                return added;
            };
            t = next;
        }
        let blank = || Value::from("");
        let row = match place.slot {
            Slot::Whole => blank(),
            Slot::Field(_) => {
                let mut inline = toml_edit::InlineTable::new();
                for (_, p) in places.iter().filter(|(_, p)| p.keys == place.keys) {
                    if let Slot::Field(f) = p.slot {
                        inline.insert(f, blank());
                    }
                }
                Value::InlineTable(inline)
            }
            Slot::Index(_) => {
                let width = if place.keys[0] == "applications" {
                    APPLICANT_TOTAL
                } else {
                    REVIEW_COLUMNS.len()
                };
                Value::Array((0..width).map(|_| blank()).collect())
            }
        };
        t.insert(last, toml_edit::value(row));
        added = true;
    }
    added
}

/// The row (the item under the cell's last key) as the file has it, if it has it.
fn current_row<'d>(doc: &'d DocumentMut, place: &CellPlace) -> Option<&'d Item> {
    let mut t: &dyn TableLike = doc.as_table();
    let (last, tables) = place.keys.split_last()?;
    for k in tables {
        t = t.get(k)?.as_table_like()?;
    }
    t.get(last)
}

/// `published = 2025-01-22` (a TOML date, as `import` writes it); `""` removes it.
fn set_published(doc: &mut DocumentMut, typed: &str) -> Result<bool, EditError> {
    let typed = normalise(typed);
    let old = doc.get("published").and_then(Item::as_value).map(shown);
    if old.as_deref().unwrap_or("") == typed {
        return Ok(false);
    }
    if typed.is_empty() {
        doc.remove("published");
        return Ok(true);
    }
    let date = crate::clock::Date::parse(&typed)
        .and_then(|_| typed.parse::<toml_edit::Datetime>().ok())
        .ok_or_else(|| EditError(msg!("editor-bad-date", date = typed.as_str())))?;
    match doc.get_mut("published").and_then(Item::as_value_mut) {
        Some(v) => replace_keeping_decor(v, Value::from(date)),
        None => {
            doc.insert("published", toml_edit::value(date));
        }
    }
    Ok(true)
}

/// The key under which the form sends the text of a section the template does not name (the
/// notes under 二, 三 or 四, a heading of the report's own): its heading as written.
pub const HEADING_KEY: &str = "heading:";

/// The key of the text before the first heading (the preamble).
pub const PREAMBLE_KEY: &str = "preamble";

/// Replace the text of the narrative parts that changed: the template's sections (one a
/// section the file lacks is added at the end under the template's heading), the preamble, and
/// any other section of the file, found by its heading.
fn replace_sections(text: &str, sections: &BTreeMap<String, String>) -> String {
    let body_from = front_matter(text).map_or(0, |(_, to)| {
        to + text[to..].find('\n').map_or(text.len() - to, |n| n + 1)
    });
    let mut out = text.to_string();
    // The preamble, the file's own sections, then the template's in its order (so that those
    // added at the end come in the template's order).
    let template: Vec<&str> = schema::narrative_sections().map(|s| s.key).collect();
    let mut keys: Vec<&String> = sections.keys().collect();
    keys.sort_by_key(|k| {
        (
            k.as_str() != PREAMBLE_KEY,
            template.iter().position(|t| t == k),
        )
    });
    for key in keys {
        let new = &sections[key];
        let new = new.replace("\r\n", "\n");
        let new = new.trim_end();
        let body = &out[body_from.min(out.len())..];
        let narrative = crate::content::narrative::split(body, 1);
        if key == PREAMBLE_KEY {
            if narrative.preamble.trim() == new.trim() {
                continue;
            }
            let end = narrative
                .sections
                .first()
                .map_or(out.len(), |o| body_from + line_offset(body, o.heading_line));
            let mut piece = String::from("\n");
            if !new.trim().is_empty() {
                piece = format!("\n{}\n", new.trim_start_matches('\n'));
                if end < out.len() {
                    piece.push('\n');
                }
            }
            out.replace_range(body_from.min(out.len())..end, &piece);
            continue;
        }
        let (found, template) = match key.strip_prefix(HEADING_KEY) {
            Some(h) => (narrative.sections.iter().find(|o| o.heading == h), None),
            None => match schema::narrative_sections().find(|s| s.key == key) {
                Some(s) => (narrative.section(s.key), Some(s)),
                None => continue,
            },
        };
        match found {
            Some(sec) if sec.body == new => {}
            Some(sec) => {
                // Lines are counted from the body's first line (1).
                let start = body_from + line_offset(body, sec.body_line);
                let next = narrative
                    .sections
                    .iter()
                    .find(|o| o.heading_line > sec.heading_line)
                    .map_or(out.len(), |o| body_from + line_offset(body, o.heading_line));
                let mut piece = String::new();
                if !new.is_empty() {
                    piece = format!("\n{new}\n");
                }
                if next < out.len() {
                    piece.push('\n');
                }
                out.replace_range(start..next, &piece);
            }
            None if new.is_empty() => {}
            None => {
                let Some(s) = template else { continue };
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&format!("\n## {}\n\n{new}\n", s.heading()));
            }
        }
    }
    out
}

/// The byte offset where line `line` (1-based) of `text` starts.
fn line_offset(text: &str, line: u32) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line as usize - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "+++\n# imported\ndepartment = \"某局\"\nyear = 2023\nedition = \"2021\"\nunknown_key = 1 # kept\n\n[active]\nregulations = { issued = 0, repealed = 0, in_force = 0 }\nlicensing  = 804   # as published\nfees = \"0\"\n\n[review_litigation]\nreview = [10, 1, 0, 0, 0]   # published 总计 0 (10 + 1 = 11): kept as published\n+++\n\n## 一、总体情况\n\n旧的总体情况。\n\n## 五、存在的主要问题及改进情况\n\n问题。\n";

    fn cells(pairs: &[(&str, &str)]) -> Edits {
        Edits {
            cells: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Edits::default()
        }
    }

    #[test]
    fn only_the_edited_cell_changes() {
        let out = apply(
            FILE,
            Edition::E2021,
            &cells(&[
                ("active.licensing", "８０５"),
                ("active.regulations.issued", "0"),
                ("review_litigation.review.upheld", "10"),
                ("review_litigation.review.total", "11"),
            ]),
        )
        .unwrap();
        let want = FILE
            .replace("licensing  = 804   #", "licensing  = 805   #")
            .replace("review = [10, 1, 0, 0, 0]", "review = [10, 1, 0, 0, 11]");
        assert_eq!(out, want);
        // Nothing typed differently: the very same bytes.
        let same = apply(FILE, Edition::E2021, &cells(&[("active.licensing", "804")])).unwrap();
        assert_eq!(same, FILE);
    }

    #[test]
    fn blanks_text_and_dates() {
        let out = apply(
            FILE,
            Edition::E2021,
            &Edits {
                published: Some("２０２４-01-22".into()),
                ..cells(&[
                    ("active.regulations.repealed", " "),
                    ("active.fees", "1.５"),
                ])
            },
        )
        .unwrap();
        assert!(
            out.contains("{ issued = 0, repealed = \"\", in_force = 0 }"),
            "{out}"
        );
        assert!(out.contains("fees = \"1.5\""), "{out}");
        assert!(out.contains("published = 2024-01-22\n"), "{out}");
        let bad = apply(
            FILE,
            Edition::E2021,
            &Edits {
                published: Some("2024-02-30".into()),
                ..Edits::default()
            },
        );
        assert!(bad.is_err());
        let word = apply(
            FILE,
            Edition::E2021,
            &cells(&[("active.licensing", "八百")]),
        )
        .unwrap();
        assert!(word.contains("licensing  = \"八百\"   #"), "{word}");
    }

    /// A row the file lacks is added when a value is typed into it; the file stays one the
    /// parser reads, with the typed values where the template puts them.
    #[test]
    fn a_row_the_file_lacks_is_added_with_what_was_typed() {
        let mut typed = vec![
            ("active.normative_docs.issued", "2"),
            ("review_litigation.litigation_direct.upheld", "1"),
            ("review_litigation.litigation_direct.total", "1"),
            ("applications.new.natural", "3"),
            ("applications.new.business", "1"),
            ("applications.withheld.state_secret.natural", "0"),
        ];
        // Blank cells of a missing row add nothing.
        typed.push(("applications.carried_over.natural", " "));
        let out = apply(FILE, Edition::E2021, &cells(&typed)).unwrap();
        // What was in the file is still there, byte for byte.
        assert!(out.contains("licensing  = 804   # as published\n"), "{out}");
        assert!(
            out.contains("review = [10, 1, 0, 0, 0]   # published 总计 0"),
            "{out}"
        );
        assert!(
            out.contains("normative_docs = { issued = 2, repealed = \"\", in_force = \"\" }"),
            "{out}"
        );
        assert!(
            out.contains("litigation_direct = [1, \"\", \"\", \"\", 1]"),
            "{out}"
        );
        assert!(
            out.contains("[applications]\nnew = [3, 1, \"\", \"\", \"\", \"\"]"),
            "{out}"
        );
        assert!(out.contains("withheld.state_secret = [0, "), "{out}");
        assert!(!out.contains("carried_over"), "{out}");
        let parsed = crate::content::parse_report("x.md", out.as_bytes(), Some(2023), "x");
        let errors: Vec<_> = parsed
            .diagnostics
            .iter()
            .filter(|d| d.severity() == crate::schema::Severity::Error)
            // The rows still missing and the test file's own unknown key are the only errors.
            .filter(|d| !["rows-missing", "unknown-key"].contains(&d.message.id))
            .collect();
        assert!(errors.is_empty(), "{errors:?}\n{out}");
        let r = parsed.report.expect("the edited file parses");
        let rows = &r.applications.expect("table 三").rows;
        assert_eq!(rows.iter().filter(|r| r.is_some()).count(), 2, "{rows:?}");
        let groups = &r.review.expect("table 四").groups;
        assert_eq!(groups.iter().filter(|g| g.is_some()).count(), 2);
    }

    #[test]
    fn sections_are_replaced_or_added() {
        let mut e = Edits::default();
        e.sections
            .insert("overview".into(), "新的总体情况。\n\n第二段。".into());
        e.sections.insert("problems".into(), "问题。".into());
        e.sections.insert("other".into(), "无。".into());
        let out = apply(FILE, Edition::E2021, &e).unwrap();
        assert!(
            out.contains("## 一、总体情况\n\n新的总体情况。\n\n第二段。\n\n## 五、"),
            "{out}"
        );
        assert!(
            out.ends_with(
                "## 五、存在的主要问题及改进情况\n\n问题。\n\n## 六、其他需要报告的事项\n\n无。\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn the_preamble_and_other_sections_are_edited_in_place() {
        let file = FILE.replace("## 一、总体情况", "前言。\n\n## 一、总体情况")
            + "\n## 二、主动公开政府信息情况\n\n表二说明。\n";
        let mut e = Edits::default();
        e.sections.insert(PREAMBLE_KEY.into(), "新的前言。".into());
        e.sections.insert(
            format!("{HEADING_KEY}二、主动公开政府信息情况"),
            "新的说明。".into(),
        );
        e.sections
            .insert("overview".into(), "旧的总体情况。".into());
        let out = apply(&file, Edition::E2021, &e).unwrap();
        assert_eq!(
            out,
            file.replace("前言。", "新的前言。")
                .replace("表二说明。", "新的说明。")
        );
        // Unchanged text: not one byte changes.
        let mut e = Edits::default();
        e.sections.insert(PREAMBLE_KEY.into(), "前言。".into());
        assert_eq!(apply(&file, Edition::E2021, &e).unwrap(), file);
    }
}
