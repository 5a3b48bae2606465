//! The title (department and year) and the narrative sections of an imported report.

use super::labels::{contains, normalize, strip_numbering};
use super::{Doc, Imported, Item};
use crate::i18n::{Arg, Msg};
use crate::msg;
use crate::schema::{SECTIONS, Section, SectionKind};
use regex::Regex;
use std::sync::LazyLock;

/// The section a heading line introduces, if the line is a section heading: numbering optional
/// ("一、", "1、 ", lost entirely), the heading text matched tolerantly ("其它需要报告的事项",
/// "政府信息公开工作存在的主要问题及改进情况").
pub fn heading_of(text: &str) -> Option<&'static Section> {
    let n = normalize(text);
    if n.chars().count() > 40 || n.ends_with('。') {
        return None;
    }
    // "（一）…" numbers a sub-heading inside a section ("（一）主动公开政府信息情况" under
    // 一、总体情况), never one of the template's sections.
    if n.starts_with('(') && strip_numbering(&n) != n {
        return None;
    }
    let body = strip_numbering(&n);
    SECTIONS.iter().find(|s| match s.kind {
        SectionKind::Narrative { keywords } => {
            keywords.iter().any(|k| body.contains(&normalize(k)))
        }
        SectionKind::Table(_) => {
            let title = normalize(s.title);
            body.chars().count() <= title.chars().count() + 12 && contains(body, &title) >= 0.55
        }
    })
}

/// A section heading run into its first paragraph on one line ("一、总体情况2019年，…", as text
/// pasted from a page often is) is split into the heading and the paragraph. Only a numbered
/// line whose numbering is followed closely by a narrative section's keyword is split, at the
/// end of the template's title ("五、存在的主要问题及改进情况" ends after 改进情况).
pub fn split_run_in_headings(doc: &Doc) -> Doc {
    let mut items = Vec::with_capacity(doc.items.len());
    for item in &doc.items {
        let Item::Para {
            text,
            indent,
            heading: None,
            band: None,
        } = item
        else {
            items.push(item.clone());
            continue;
        };
        match run_in_heading(text) {
            Some(at) => {
                let (head, rest) = text.split_at(at);
                for t in [head, rest] {
                    items.push(Item::Para {
                        text: t.trim().to_string(),
                        indent: *indent,
                        heading: None,
                        band: None,
                    });
                }
            }
            None => items.push(item.clone()),
        }
    }
    Doc {
        items,
        layout: doc.layout,
    }
}

/// The words the 2019 template puts in front of a section's title.
const LONGER_HEADING: &str = "政府信息公开工作";

/// Where the heading of a line "一、总体情况2019年，…" ends (a byte offset), if it is one.
fn run_in_heading(text: &str) -> Option<usize> {
    let numbering = text
        .char_indices()
        .find(|&(_, c)| c == '、')
        .filter(|&(i, _)| {
            text[..i]
                .chars()
                .all(|c| "一二三四五六七八九十".contains(c))
                && i > 0
        })?
        .0
        + '、'.len_utf8();
    SECTIONS.iter().find_map(|s| {
        let keywords = s.narrative_keywords()?;
        keywords.iter().find_map(|k| {
            let at = text.find(k)?;
            // Between the numbering and the keyword only the words of the 2019 template's longer
            // headings ("五、政府信息公开工作存在的主要问题…").
            if at < numbering || !LONGER_HEADING.contains(&text[numbering..at]) {
                return None;
            }
            let mut end = at + k.len();
            // Continue along the template's title after the keyword, as far as it is printed.
            // (A variant keyword, "其它需要报告", stands for the title's own, of the same length.)
            let in_title = keywords.iter().find_map(|w| {
                let t = s.title.find(w)?;
                (w.chars().count() == k.chars().count()).then_some(t + w.len())
            });
            let mut unmatched = 0;
            if let Some(after) = in_title {
                let mut title_rest = s.title[after..].chars();
                for (a, b) in title_rest.by_ref().zip(text[end..].chars()) {
                    if a != b {
                        unmatched = 1;
                        break;
                    }
                    end += b.len_utf8();
                }
                unmatched += title_rest.count();
            }
            let rest = text[end..].trim();
            (!rest.is_empty() && !variant_tail(rest, unmatched)).then_some(end)
        })
    })
}

/// Whether what follows the template's title on a heading line is the heading's own wording
/// of the title's last words ("五、存在的主要问题及改进措施": 措施 for 情况): as many
/// characters as the template's title still had to print, ideographs only, and nothing after
/// them. The line is then the heading alone, not a heading run into its paragraph (whose
/// first words would be of another length, or hold a digit or a comma).
fn variant_tail(rest: &str, unmatched: usize) -> bool {
    unmatched > 0
        && rest.chars().count() == unmatched
        && rest.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The next heading at or after `from` of one of the sections `keys`.
pub fn next_heading(doc: &Doc, from: usize, keys: &[&str]) -> Option<usize> {
    (from..doc.items.len()).find(|&i| match &doc.items[i] {
        Item::Para { text, .. } => heading_of(text).is_some_and(|s| keys.contains(&s.key)),
        Item::Row(_) => false,
    })
}

/// Where the title ends (the item after it), with the department and year read from it:
/// "杭州市拱墅区统计局2023年度政府信息公开工作年度报告", "淮安市人民政府 / 2024 年政府信息公开
/// 工作年度报告", "2019年上海市人民政府办公厅政府信息公开工作年度报告". The title is the
/// shortest run of up to three lines among the first ones that names a year and 年度报告: a
/// page printed from a portal puts its navigation (and the portal's own name) above it.
pub fn title(doc: &Doc, out: &mut Imported) -> usize {
    static TITLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(.*?)((?:19|20)\d\d)年度?(.*?)政府信息公开").expect("valid regex")
    });
    let lines: Vec<String> = doc
        .items
        .iter()
        .take(TITLE_SEARCH)
        .map(|item| match item {
            // A date line above the title is no part of it, nor a crawler's "标题：".
            Item::Para { text, .. } if heading_of(text).is_none() && published(text).is_none() => {
                strip_title_label(text)
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect()
            }
            // A title line ending in its year ("…卫生健康委员会 2024", the rest of the title
            // wrapped below) is read as a row of numbers: its printed text is the title's.
            Item::Row(r) => r.raw.chars().filter(|c| !c.is_whitespace()).collect(),
            _ => String::new(),
        })
        .collect();
    // A window naming no department ("2023 年政府信息公开工作年度报告" under the department's
    // line) is taken only when no longer one names it.
    let mut fallback: Option<(usize, String, Option<i32>)> = None;
    for k in 1..=3 {
        for start in 0..lines.len().saturating_sub(k - 1) {
            let window = &lines[start..start + k];
            if window.iter().any(String::is_empty) {
                continue;
            }
            let compact = window.concat();
            let Some(c) = TITLE
                .captures(&compact)
                .filter(|_| compact.contains("年度报告"))
            else {
                continue;
            };
            let year = c[2].parse().ok();
            let before = c[1].trim();
            let department = if before.is_empty() { &c[3] } else { before };
            if department.is_empty() {
                fallback.get_or_insert((start + k, compact.clone(), year));
                continue;
            }
            out.year = year;
            out.department = department.to_string();
            out.title = Some(compact);
            return start + k;
        }
    }
    // A title that states no year ("杭州市拱墅区统计局政府信息公开工作年度报告") still names the
    // body; the year is then the clerk's to give (`--year`), never guessed from the text.
    let Some((end, compact, year)) = fallback else {
        return title_without_year(&lines, out);
    };
    out.year = year;
    out.title = Some(compact);
    end
}

/// The title as one line naming the body and 年度报告 but no year: where it ends, with the
/// body read from it (`out.year` stays unset); 0 when there is no such line.
fn title_without_year(lines: &[String], out: &mut Imported) -> usize {
    static NO_YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([^，。；：、,.;:]{2,40}?)政府信息公开(?:工作)?年度报告$")
            .expect("valid regex")
    });
    for (i, line) in lines.iter().enumerate() {
        if let Some(c) = NO_YEAR.captures(line) {
            out.department = c[1].to_string();
            out.title = Some(line.clone());
            return i + 1;
        }
    }
    0
}

/// How many items above the tables a table section's heading may stand (its caption between).
const NEAR_TABLE: usize = 4;

/// How many items from the top the title is looked for in.
const TITLE_SEARCH: usize = 20;

/// A crawler's or a CMS's label before the title ("标题：", "名称:"), which is no part of it.
pub fn strip_title_label(text: &str) -> &str {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:标\s*题|名\s*称|题\s*目)\s*[：:]\s*").expect("valid regex")
    });
    LABEL.find(text).map_or(text, |m| &text[m.end()..])
}

/// The date of a line "发布日期：2020-01-31" (or "2020年1月31日") as printed: year, month, day.
/// A portal's article page prints more fields after the date on that line ("发布时间：2025-01-11
/// 来源：… 浏览次数：6705"): the line is still the date line, none of it the report's text.
fn date_line(line: &str) -> Option<(u32, u32, u32)> {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^\s*(?:发布日期|发布时间|成文日期)[：:]\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?(?:\s+[^\s：:]{1,6}[：:].*)?\s*$",
        )
        .expect("valid regex")
    });
    let c = DATE.captures(line)?;
    Some((c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?))
}

/// Whether `next` is the wrapped end of the portal date line `line`: a short field ("次数：
/// 8283"), or the value of the field the line ends with ("浏览次数：" / "194"); no sentence
/// (no comma, no full stop).
fn date_line_wrapped(line: &str, next: &str) -> bool {
    let next = next.trim();
    (line.trim_end().ends_with(['：', ':']) || next.contains(['：', ':']))
        && next.chars().count() <= 20
        && !next.contains(['，', '。', ',', '；'])
}

/// The date of a date line as YYYY-MM-DD, when that day exists (2024-02-30 does not: it is
/// not a date, and would make the content file invalid TOML).
fn published(line: &str) -> Option<String> {
    let (y, m, d) = date_line(line)?;
    let iso = format!("{y:04}-{m:02}-{d:02}");
    crate::clock::Date::parse(&iso).map(|_| iso)
}

/// A Markdown sub-heading for short numbered lines such as "（一）主动公开"; every paragraph is
/// literal text ([`literal`]).
fn paragraph_markdown(p: &str) -> String {
    let n = normalize(p);
    let numbered = strip_numbering(&n) != n;
    if numbered && p.chars().count() <= 25 && !p.ends_with('。') {
        format!("### {}", literal(p))
    } else {
        literal(p)
    }
}

/// `text` as Markdown that shows exactly these characters: a report that *shows* `<img src=…>`,
/// `[点击此处](https://…)` or `<details>` (in a .txt, or entity-escaped in a web page) must not
/// become a live image, link or element on the portal. Every ASCII character Markdown or HTML
/// reads as markup is backslash-escaped (CommonMark renders `\x` as `x` for any ASCII
/// punctuation), and so are the characters that start a block at the beginning of a line
/// (`#`, `>`, `-`, `+`, `=`, and the `.` or `)` after a leading number). Chinese text uses
/// full-width punctuation, which needs nothing.
pub fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        // Leading spaces would make an indented code block.
        let line = line.trim_start();
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let spaced = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
            let special = match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '&' | '|' | '~' => true,
                '#' | '>' | '-' | '+' | '=' => i == 0,
                // "1. " starts a list; "1.5万元" and "1.属于国家秘密" do not.
                '.' | ')' => i == digits && digits > 0 && spaced,
                _ => false,
            };
            if special {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// A paragraph being collected: its text and, for a Word heading, its outline level.
struct Para {
    text: String,
    heading: Option<u8>,
}

/// Paragraphs of the items in `range`. Layout text wraps lines: a line continues the paragraph
/// unless it is indented further than the line before (or that line ended a sentence).
fn paragraphs(doc: &Doc, items: impl Iterator<Item = usize>) -> Vec<String> {
    let mut out: Vec<Para> = vec![];
    let mut prev_indent = 0;
    let mut open = false;
    for i in items {
        let (text, indent) = match &doc.items[i] {
            Item::Para {
                text,
                indent,
                heading,
                ..
            } => {
                if let Some(level) = heading {
                    out.push(Para {
                        text: text.trim().to_string(),
                        heading: Some(*level),
                    });
                    open = false;
                    continue;
                }
                (text.trim().to_string(), *indent)
            }
            Item::Row(r) => (
                r.raw.trim().to_string(),
                r.raw.chars().take_while(|c| c.is_whitespace()).count(),
            ),
        };
        if text.is_empty() {
            continue;
        }
        let starts = !doc.layout
            || !open
            || (indent >= 2
                && (indent > prev_indent
                    || out
                        .last()
                        .is_some_and(|p| p.text.ends_with(['。', '：', ':']))));
        if starts {
            out.push(Para {
                text,
                heading: None,
            });
        } else if let Some(last) = out.last_mut() {
            last.text.push_str(&text);
        }
        open = true;
        prev_indent = indent;
    }
    out.into_iter()
        .map(|p| match p.heading {
            // A Word heading is its own paragraph, one level below the section.
            Some(level) => format!(
                "{} {}",
                "#".repeat(usize::from(level).clamp(2, 5) + 1),
                literal(&p.text)
            ),
            None => paragraph_markdown(&p.text),
        })
        .collect()
}

/// The section headings in order (each section once, in the template's order). A run of three
/// or more heading lines of different sections with nothing between them is a table of contents (a portal page lists
/// the sections at the top), not the sections.
fn section_headings(
    doc: &Doc,
    start: usize,
    tables: Option<(usize, usize)>,
) -> Vec<(usize, &'static Section)> {
    let in_tables = |i: usize| tables.is_some_and(|(s, e)| i >= s && i < e);
    // A table section's title far above the tables is a sub-heading of the narrative
    // ("主动公开政府信息情况" inside 一、总体情况): the real one stands right above its table.
    // One numbered as the template numbers it ("二、主动公开政府信息情况") and followed by no
    // sentence before the next heading is the section's own heading wherever it stands: its
    // table may be missing (a print cut at the paper's edge, table 二 refused), and what is
    // left of the table is then no part of the narrative before it. (An older report may tell
    // section 二 in prose: its sentences stay in the narrative.)
    let far_from_tables = |s: &Section, i: usize| {
        let own_numeral = doc.items[i]
            .text()
            .trim_start()
            .strip_prefix(s.numeral)
            .is_some_and(|rest| rest.starts_with(['、', '.', '．']));
        let prose_after = || {
            doc.items[i + 1..]
                .iter()
                .take_while(|item| heading_of(item.text()).is_none())
                .any(|item| matches!(item, Item::Para { text, .. } if text.contains('。')))
        };
        s.narrative_keywords().is_none()
            && tables.is_some_and(|(t, _)| i + NEAR_TABLE < t)
            && (!own_numeral || prose_after())
    };
    let heading_at = |i: usize| match doc.items.get(i) {
        Some(Item::Para { text, .. }) if !in_tables(i) => heading_of(text),
        _ => None,
    };
    let mut headings: Vec<(usize, &'static Section)> = vec![];
    let mut i = start;
    while i < doc.items.len() {
        // The run ends where a section comes round again (the first real heading).
        let mut listed: Vec<&'static Section> = vec![];
        let run = (i..doc.items.len())
            .take_while(|&j| match heading_at(j) {
                Some(s) if !listed.iter().any(|l| std::ptr::eq(*l, s)) => {
                    listed.push(s);
                    true
                }
                _ => false,
            })
            .count();
        if run >= 3 {
            i += run;
            continue;
        }
        if let Some(s) = heading_at(i).filter(|s| !far_from_tables(s, i)) {
            let pos = SECTIONS.iter().position(|x| std::ptr::eq(x, s));
            let last = headings
                .last()
                .and_then(|(_, l)| SECTIONS.iter().position(|x| std::ptr::eq(x, *l)));
            if pos > last || last.is_none() {
                headings.push((i, s));
            }
        }
        i += 1;
    }
    headings
}

/// The fields a government portal prints in its page footer, under every article (GB/T
/// 政府网站 rules: 主办单位, 网站标识码, ICP 备案号, 公安备案号), and the usual neighbours.
const PORTAL_FOOTER: [&str; 8] = [
    "主办单位",
    "承办单位",
    "网站标识码",
    "ICP备",
    "公网安备",
    "版权所有",
    "技术支持",
    "网站地图",
];

/// Whether a line is part of a portal's page footer: it names one of [`PORTAL_FOOTER`]'s
/// fields and is no sentence of a report (short, no full stop).
fn portal_footer(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.chars().count() <= 80
        && !t.contains('。')
        && PORTAL_FOOTER.iter().any(|f| t.to_uppercase().contains(f))
}

/// Whether the item after the section heading at `at` is the heading's own last words, wrapped
/// onto a line of their own in a narrow column ("五、政府信息公开工作存在的主要问题及改进" over
/// "情况", an A5 page printed large): a short line of ideographs, not indented as a paragraph's
/// first line is, that completes the template's title the heading line stopped short of. It is
/// part of the heading, never the section's first paragraph.
fn heading_wrapped(doc: &Doc, at: usize, s: &Section) -> bool {
    let (Some(Item::Para { text: head, .. }), Some(Item::Para { text, indent, .. })) =
        (doc.items.get(at), doc.items.get(at + 1))
    else {
        return false;
    };
    let (title, head, text) = (normalize(s.title), normalize(head), normalize(text));
    doc.layout
        && *indent < 2
        && (1..=6).contains(&text.chars().count())
        && text.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        && !head.contains(&title)
        && format!("{head}{text}").contains(&title)
}

/// Split the narrative into the preamble and the sections 一, 五, 六 (tables are skipped).
pub fn sections(doc: &Doc, tables: Option<(usize, usize)>, out: &mut Imported) {
    let start = title(doc, &mut Imported::default());
    let in_tables = |i: usize| tables.is_some_and(|(s, e)| i >= s && i < e);
    let headings = section_headings(doc, start, tables);
    let first = headings.first().map_or(doc.items.len(), |h| h.0);
    let first = tables.map_or(first, |(s, _)| first.min(s));
    // A date line above the title (skipped by [`title`]) dates the report.
    out.published = (0..start).find_map(|i| published(doc.items[i].text()));
    let mut preamble_items: Vec<usize> = (start..first).filter(|&i| !in_tables(i)).collect();
    if let Some(pos) = preamble_items.iter().take(3).position(|&i| {
        let found = published(doc.items[i].text());
        let here = found.is_some();
        if here {
            out.published = found;
        }
        here
    }) {
        let date_line = preamble_items.remove(pos);
        // A portal's date line wrapped on a narrow page ("… 浏览" / "次数：8283"): its tail
        // is no part of the report either.
        if let Some(&next) = preamble_items.get(pos)
            && date_line_wrapped(doc.items[date_line].text(), doc.items[next].text())
        {
            preamble_items.remove(pos);
        }
    }
    if out.published.is_none()
        && let Some(line) = (0..first.min(start + 3))
            .map(|i| doc.items[i].text())
            .find(|t| date_line(t).is_some())
    {
        out.warnings
            .push(msg!("imp-date-impossible", line = line.trim().to_string()));
    }
    out.preamble = paragraphs(doc, preamble_items.into_iter());
    // A portal page's footer printed after the report ends the document, not section 六.
    let mut last = doc.items.len();
    while last > first {
        let line = doc.items[last - 1].text().trim();
        if portal_footer(line) {
            last -= 1;
            continue;
        }
        // A footer field's value wrapped onto a line of its own on a narrow page ("网站标识码："
        // over "3721329640").
        let field = last >= 2 && {
            let before = doc.items[last - 2].text().trim_end();
            portal_footer(before) && before.ends_with(['：', ':'])
        };
        if field && !line.is_empty() && line.chars().all(|c| c.is_ascii_alphanumeric()) {
            last -= 2;
            continue;
        }
        break;
    }
    for (k, (i, s)) in headings.iter().enumerate() {
        if s.narrative_keywords().is_none() {
            continue;
        }
        let mut end = headings.get(k + 1).map_or(last, |h| h.0);
        if let Some((ts, _)) = tables
            && ts > *i
        {
            end = end.min(ts);
        }
        let from = i + 1 + usize::from(heading_wrapped(doc, *i, s));
        let body = paragraphs(doc, (from..end).filter(|&j| !in_tables(j)));
        out.sections.push((s.key, body));
    }
    let found: Vec<Msg> = crate::schema::narrative_sections()
        .filter_map(|s| {
            let (_, body) = out.sections.iter().find(|(k, _)| *k == s.key)?;
            let count = body.len();
            Some(msg!(
                "imp-section-paragraphs",
                numeral = s.numeral,
                count = count
            ))
        })
        .collect();
    if !found.is_empty() {
        out.found
            .push(msg!("imp-sections-found", sections = Arg::Msgs(found)));
    }
    for s in crate::schema::narrative_sections() {
        if !out.sections.iter().any(|(k, _)| *k == s.key) {
            out.warnings
                .push(msg!("imp-section-not-found", heading = s.heading()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph of plain text, as the readers give one.
    fn para(t: &str) -> Item {
        Item::Para {
            text: t.into(),
            indent: 0,
            heading: None,
            band: None,
        }
    }

    /// Issue 25, item 5: text that shows markup stays text.
    #[test]
    fn imported_text_is_literal_markdown() {
        for (text, html_must_not) in [
            (r#"<img src="https://tracker.example/p.gif">"#, "<img"),
            ("[点击此处](https://phish.example/login)", "<a "),
            ("<details><summary>展开</summary>隐藏</details>", "<details"),
            ("**重点** `代码` ~~删除~~ &lt; a_b_", "<strong"),
            ("# 不是标题", "<h1"),
            ("> 不是引用", "<blockquote"),
            ("- 不是列表", "<li"),
            ("1. 不是列表", "<ol"),
            ("| a | b |\n|---|---|\n| 1 | 2 |", "<table"),
            ("    不是代码", "<pre"),
        ] {
            let md = literal(text);
            let html = crate::render::markdown::to_html(&md);
            assert!(!html.contains(html_must_not), "{text:?} → {md:?} → {html}");
            // The page shows exactly the original's characters.
            let shown = scraper::Html::parse_fragment(&html)
                .root_element()
                .text()
                .collect::<String>();
            let want: String = text
                .split('\n')
                .map(str::trim_start)
                .collect::<Vec<_>>()
                .join("\n");
            assert_eq!(shown.trim(), want, "{md:?}");
        }
        // Ordinary text is left as it is.
        assert_eq!(
            literal("1.5万元，2023-01-20（一）"),
            "1.5万元，2023-01-20（一）"
        );
    }

    #[test]
    fn headings_with_numbering_lost_or_varied() {
        assert_eq!(heading_of("1、 总体情况").map(|s| s.key), Some("overview"));
        assert_eq!(
            heading_of("五、政府信息公开工作存在的主要问题及改进情况").map(|s| s.key),
            Some("problems")
        );
        assert_eq!(
            heading_of("六、其它需要报告的事项").map(|s| s.key),
            Some("other")
        );
        assert_eq!(
            heading_of("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况").map(|s| s.key),
            Some("review_litigation")
        );
        assert!(heading_of("（一）主动公开").is_none());
        assert!(heading_of("（一）主动公开政府信息情况").is_none());
        assert!(heading_of("(三)收到和处理政府信息公开申请情况").is_none());
    }

    #[test]
    fn heading_run_into_its_paragraph() {
        fn at(t: &str) -> Option<&str> {
            run_in_heading(t).map(|i| &t[..i])
        }
        assert_eq!(at("一、总体情况2019年，本机关…"), Some("一、总体情况"));
        assert_eq!(
            at("五、存在的主要问题及改进情况一是公开质量…"),
            Some("五、存在的主要问题及改进情况")
        );
        assert_eq!(
            at("五、政府信息公开工作存在的主要问题及改进情况2024年，"),
            Some("五、政府信息公开工作存在的主要问题及改进情况")
        );
        assert_eq!(
            at("六、其它需要报告的事项本机关无。"),
            Some("六、其它需要报告的事项")
        );
        assert_eq!(at("一、总体情况"), None);
        assert_eq!(at("总体情况良好，全年共…"), None);
        assert_eq!(at("一、本机关全年总体情况良好，共受理申请…"), None);
    }

    /// A section heading wrapped in a narrow column: its last word is the heading's, not the
    /// section's first paragraph; a short paragraph after a whole heading stays the section's.
    #[test]
    fn heading_wrapped_onto_its_own_line() {
        let line = |t: &str, indent: usize| Item::Para {
            text: t.into(),
            indent,
            heading: None,
            band: None,
        };
        let doc = Doc {
            items: vec![
                line("北流市人民防空办公室2022年政府信息公开工作年度报告", 0),
                line("五、政府信息公开工作存在的主要问题及改进", 2),
                line("情况", 0),
                line("2022年，我办政府信息公开工作虽取得一定成效。", 2),
                line("六、其他需要报告的事项", 2),
                line("无。", 0),
            ],
            layout: true,
        };
        let mut out = Imported::default();
        sections(&doc, None, &mut out);
        let body = |key: &str| {
            out.sections
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, b)| b.clone())
        };
        assert_eq!(
            body("problems"),
            Some(vec![
                "2022年，我办政府信息公开工作虽取得一定成效。".to_string()
            ])
        );
        assert_eq!(body("other"), Some(vec!["无。".to_string()]));
    }

    #[test]
    fn title_without_crawler_label_or_date_line() {
        let doc = Doc {
            items: vec![
                para("发布日期：2020-01-31"),
                para("标题：2019年上海市人民政府办公厅政府信息公开工作年度报告"),
            ],
            layout: false,
        };
        let mut out = Imported::default();
        assert_eq!(title(&doc, &mut out), 2);
        assert_eq!(out.department, "上海市人民政府办公厅");
        assert_eq!(out.year, Some(2019));
        sections(&doc, None, &mut out);
        assert_eq!(out.published.as_deref(), Some("2020-01-31"));
    }

    /// A title without its year names the body; the year is left to the clerk, and a
    /// sentence of the narrative is never taken for a title.
    #[test]
    fn a_title_without_a_year_gives_the_body_only() {
        let doc = Doc {
            items: vec![
                para("杭州市拱墅区统计局政府信息公开工作年度报告"),
                para("一、总体情况"),
            ],
            layout: false,
        };
        let mut out = Imported::default();
        assert_eq!(title(&doc, &mut out), 1);
        assert_eq!(out.department, "杭州市拱墅区统计局");
        assert_eq!(out.year, None);
        let doc = Doc {
            items: vec![para("按照要求，我局编制了政府信息公开工作年度报告")],
            layout: false,
        };
        let mut out = Imported::default();
        assert_eq!(title(&doc, &mut out), 0);
        assert_eq!(out.department, "");
    }

    /// A portal's date line wrapped on an A5 print (pdf-findings 06): its tail is furniture too,
    /// and the first line of the preamble is not.
    #[test]
    fn a_wrapped_date_line_is_dropped_whole() {
        for (tail, dropped) in [("次数：8283", true), ("194", false)] {
            let doc = Doc {
                items: vec![
                    para("2024年某局政府信息公开工作年度报告"),
                    para("发布时间：2025-01-23 来源：某局 浏览"),
                    para(tail),
                    para("本报告根据《条例》编制。"),
                ],
                layout: false,
            };
            let mut out = Imported::default();
            sections(&doc, None, &mut out);
            assert_eq!(out.published.as_deref(), Some("2025-01-23"));
            let want = if dropped {
                vec!["本报告根据《条例》编制。".to_string()]
            } else {
                vec![tail.to_string(), "本报告根据《条例》编制。".to_string()]
            };
            assert_eq!(out.preamble, want);
        }
        let doc = Doc {
            items: vec![
                para("发布时间：2025-01-23 来源：某局 浏览次数："),
                para("2024年某局政府信息公开工作年度报告"),
                para("本报告根据《条例》编制。"),
            ],
            layout: false,
        };
        let mut out = Imported::default();
        sections(&doc, None, &mut out);
        // A date line above the title takes nothing from the preamble.
        assert_eq!(out.preamble, vec!["本报告根据《条例》编制。".to_string()]);
    }

    /// Issue 25, item 11: 2024-02-30 was written as `published = 2024-02-30`, invalid TOML.
    #[test]
    fn an_impossible_date_is_not_a_date() {
        assert_eq!(published("发布日期：2024-02-30"), None);
        assert_eq!(published("发布日期：2023-02-29"), None);
        assert_eq!(
            published("发布日期：2024-02-29").as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(published("发布日期：2024-04-31"), None);
    }

    #[test]
    fn publication_date() {
        assert_eq!(
            published("发布日期：2020-01-31").as_deref(),
            Some("2020-01-31")
        );
        assert_eq!(
            published("发布时间: 2024年1月8日").as_deref(),
            Some("2024-01-08")
        );
        assert_eq!(published("发布日期：2020-13-31"), None);
        assert_eq!(published("本报告发布日期：2020-01-31。"), None);
    }
}
