//! Reading reports that reach us as text, in the three forms seen in practice:
//! Word's save-as-text (one cell per tab-indented line, rows separated by blank lines), web pages
//! flattened with ` | ` between cells and `-` for an empty cell, and `pdftotext -layout` output.

use super::{Doc, Item, Row, Val};

/// Read text of any of the three forms (chosen by what the lines look like).
pub fn read(s: &str) -> Doc {
    let s = super::labels::fold_radicals(&s.replace("\r\n", "\n").replace('\r', "\n"));
    // Transcription notes at the top of a saved page ("# source: …") are not part of the report.
    let lines: Vec<&str> = s
        .lines()
        .skip_while(|l| l.starts_with("# ") || l.trim().is_empty())
        .collect();
    let piped = lines.iter().filter(|l| pipe_cells(l).is_some()).count();
    let tabbed = lines.iter().filter(|l| l.starts_with('\t')).count();
    if piped >= 5 {
        piped_rows(&lines)
    } else if tabbed >= 10 {
        word_text(&lines)
    } else {
        layout(&lines)
    }
}

/// Word artefacts that are no part of the text: `[bookmark: _GoBack]`.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("[bookmark:") {
        out.push_str(&rest[..i]);
        match rest[i..].find(']') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// Whether a cell holds a value rather than a label: a number (possibly with a remark in
/// brackets or a unit), or nothing.
pub fn value_like(cell: &str) -> bool {
    let c = cell.trim();
    if c.is_empty() || c == "-" || c == "—" || c == "/" || c == "／" {
        return true;
    }
    let n: String = super::labels::normalize(c);
    let digits = n
        .char_indices()
        .take_while(|(i, ch)| {
            ch.is_ascii_digit() || (*ch == '-' && *i == 0) || *ch == '.' || *ch == ','
        })
        .count();
    if digits == 0 || !n.as_bytes()[0].is_ascii_digit() && !n.starts_with('-') {
        return false;
    }
    // "4,518": thousands separators, only as they group digits.
    if super::tables::without_separators(&n[..digits]).is_none() {
        return false;
    }
    let rest = &n[digits..];
    if rest.is_empty() {
        // "1." would be numbering, not a number.
        return !n.ends_with('.');
    }
    // "22（其中修订16件）", "251000元"
    (rest.starts_with('(') && rest.ends_with(')'))
        || ["元", "万元", "件", "个", "项", "次"].contains(&rest)
}

/// A row from its cells: the trailing run of value-like cells are the values (at most `max`).
pub fn row_from_cells(cells: &[String], raw: &str) -> Item {
    let n = cells.iter().rev().take_while(|c| value_like(c)).count();
    // A row of only empty cells, or only labels, is text.
    if n == 0 || cells[cells.len() - n..].iter().all(|c| c.trim().is_empty()) && n < 3 {
        let text = cells
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        return Item::Para {
            text: clean(&text),
            indent: 0,
            heading: None,
            band: None,
        };
    }
    let split = cells.len() - n;
    let mut label: Vec<&str> = vec![];
    for c in &cells[..split] {
        let c = c.trim();
        if !c.is_empty() && label.last() != Some(&c) {
            label.push(c);
        }
    }
    Item::Row(Row {
        label: label.join(" "),
        values: cells[split..]
            .iter()
            .map(|c| Val {
                text: empty_marker(c),
                pos: None,
                half: 0,
            })
            .collect(),
        raw: raw.to_string(),
        band: None,
    })
}

/// `-`, `—` and `/` mark an empty cell.
fn empty_marker(c: &str) -> String {
    let c = c.trim();
    if c == "-" || c == "—" || c == "/" || c == "／" {
        String::new()
    } else {
        c.to_string()
    }
}

pub fn para(text: &str, indent: usize) -> Option<Item> {
    let text = clean(text);
    (!text.is_empty()).then_some(Item::Para {
        text,
        indent,
        heading: None,
        band: None,
    })
}

/// The cells of a piped line: ` | ` between cells (a flattened web page), or a Markdown table
/// row with leading and trailing `|` (where `|` alone separates). None for other lines.
fn pipe_cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    let cells: Vec<&str> = if t.len() > 1 && t.starts_with('|') && t.ends_with('|') {
        t[1..t.len() - 1].split('|').collect()
    } else if t.contains(" | ") {
        t.split(" | ").collect()
    } else {
        return None;
    };
    Some(cells.iter().map(|c| c.trim().to_string()).collect())
}

/// A Markdown table's rule under its header: `|---|:---:|`.
fn is_markdown_rule(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| c.matches('-').count() >= 3 && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// Piped rows (web pages, Markdown tables); other lines are paragraphs.
fn piped_rows(lines: &[&str]) -> Doc {
    let mut items = vec![];
    for line in lines {
        match pipe_cells(line) {
            Some(cells) if is_markdown_rule(&cells) => {}
            Some(cells) => items.push(row_from_cells(&cells, line)),
            None => {
                if let Some(p) = para(line, 0) {
                    items.push(p);
                }
            }
        }
    }
    Doc {
        items,
        layout: false,
    }
}

/// Word's save-as-text: a table cell per tab-indented line, a blank line after each row; a line
/// without a tab right after a cell continues it (a line break inside the cell).
fn word_text(lines: &[&str]) -> Doc {
    let mut items = vec![];
    let mut cells: Vec<String> = vec![];
    let mut raw = String::new();
    let mut in_cell = false;
    let flush = |cells: &mut Vec<String>, raw: &mut String, items: &mut Vec<Item>| {
        if !cells.is_empty() {
            items.push(row_from_cells(cells, raw));
            cells.clear();
            raw.clear();
        }
    };
    for line in lines {
        if let Some(cell) = line.strip_prefix('\t') {
            cells.push(cell.trim_start_matches('\t').trim().to_string());
            raw.push_str(line);
            in_cell = true;
        } else if line.trim().is_empty() {
            flush(&mut cells, &mut raw, &mut items);
            in_cell = false;
        } else if in_cell {
            if let Some(last) = cells.last_mut() {
                last.push_str(line.trim());
            }
            raw.push_str(line);
        } else {
            flush(&mut cells, &mut raw, &mut items);
            if let Some(p) = para(line, 0) {
                items.push(p);
            }
        }
    }
    flush(&mut cells, &mut raw, &mut items);
    Doc {
        items,
        layout: false,
    }
}

/// Whether a layout line is a page footer: "-3-", "— 3 —", "第 3 页".
pub fn is_footer(t: &str) -> bool {
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let inner = t
        .strip_prefix(['-', '—', '－'])
        .and_then(|r| r.strip_suffix(['-', '—', '－']))
        .or_else(|| t.strip_prefix('第').and_then(|r| r.strip_suffix('页')));
    inner.is_some_and(|i| !i.is_empty() && i.chars().all(|c| c.is_ascii_digit()))
}

/// `pdftotext -layout` text: a line ending in numbers is a row (each number with its character
/// column); any other line is a paragraph line with its indent. Footers are dropped.
pub fn layout(lines: &[&str]) -> Doc {
    let mut items = vec![];
    for line in lines {
        let line = line.trim_end();
        if line.trim().is_empty() || is_footer(line) {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        // Tokens separated by whitespace, with their character spans.
        let mut tokens: Vec<(usize, usize)> = vec![];
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_whitespace() {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() {
                i += 1;
            }
            tokens.push((start, i));
        }
        let word = |t: &(usize, usize)| chars[t.0..t.1].iter().collect::<String>();
        let n = tokens
            .iter()
            .rev()
            .take_while(|t| {
                let w = word(t);
                value_like(&w) && !w.is_empty()
            })
            .count();
        let indent = chars.iter().take_while(|c| c.is_whitespace()).count();
        if n == 0 {
            if let Some(p) = para(line, indent) {
                items.push(p);
            }
            continue;
        }
        let first_value = tokens[tokens.len() - n].0;
        let label: String = chars[..first_value].iter().collect();
        items.push(Item::Row(Row {
            label: label.trim().to_string(),
            values: tokens[tokens.len() - n..]
                .iter()
                .map(|t| Val {
                    text: word(t),
                    pos: Some((t.0 + t.1) / 2),
                    half: 0,
                })
                .collect(),
            raw: line.to_string(),
            band: None,
        }));
    }
    Doc {
        items,
        layout: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_labels() {
        assert!(value_like("0"));
        assert!(value_like("190.457379"));
        assert!(value_like("22（其中修订16件）"));
        assert!(value_like("251000元"));
        assert!(value_like("-"));
        assert!(!value_like("1.属于国家秘密"));
        assert!(!value_like("1."));
        assert!(!value_like("总计"));
    }

    #[test]
    fn markdown_pipe_rows() {
        assert_eq!(
            pipe_cells("| 规章 | 0 | 0 | 11 |"),
            Some(vec!["规章".into(), "0".into(), "0".into(), "11".into()])
        );
        assert_eq!(
            pipe_cells("|规章|0|"),
            Some(vec!["规章".into(), "0".into()])
        );
        assert_eq!(
            pipe_cells("规章 | 0"),
            Some(vec!["规章".into(), "0".into()])
        );
        assert_eq!(pipe_cells("规章 0"), None);
        assert!(is_markdown_rule(&pipe_cells("|---|:---:|").unwrap()));
        assert!(!is_markdown_rule(&pipe_cells("| - | 0 |").unwrap()));
    }

    #[test]
    fn footers() {
        assert!(is_footer("      -3-"));
        assert!(is_footer("— 12 —"));
        assert!(!is_footer("-"));
        assert!(!is_footer("2024 年"));
    }

    #[test]
    fn bookmark_artefact_dropped() {
        assert_eq!(clean("[bookmark: _GoBack]2023年，以"), "2023年，以");
    }
}
