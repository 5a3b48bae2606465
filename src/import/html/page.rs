//! Which part of a page is the report (not the portal's navigation, header and footer), and
//! the report's title and publication date as the page states them.

use super::{Placed, Text, element, is_cjk};
use crate::import::Item;
use crate::import::narrative::{heading_of, strip_title_label as strip_label};
use regex::Regex;
use scraper::{ElementRef, Html};
use std::sync::LazyLock;

/// A section heading of the report: a narrative one ("一、总体情况"), or a table's numbered
/// heading ("二、主动公开政府信息情况"; unnumbered, a portal's column name such as "政府信息公开"
/// would pass for it).
fn is_marker(text: &str) -> bool {
    let numbered = text.trim_start().chars().nth(1).is_some_and(|c| c == '、');
    heading_of(text).is_some_and(|s| s.narrative_keywords().is_some() || numbered)
}

/// The element holding the report: the nearest common ancestor of its section headings (or,
/// with fewer than two, of its headings and table rows); without them (a free-text report),
/// the element holding the most paragraph text.
pub(super) fn report_root(doc: &Html, items: &[Placed]) -> Option<ego_tree::NodeId> {
    let marked = |rows: bool| -> Vec<ego_tree::NodeId> {
        items
            .iter()
            .filter(|p| !p.link)
            .filter(|p| match &p.item {
                Item::Para { text, .. } => is_marker(text),
                // A row labelled in Chinese (a calendar or a counter on the portal is not).
                Item::Row(r) => rows && r.label.chars().any(is_cjk),
            })
            .map(|p| p.block)
            .take(200)
            .collect()
    };
    // The section headings alone, when there are two: a small table beside the article (a
    // portal's statistics box) cannot widen it.
    let mut markers = marked(false);
    if markers.len() < 2 {
        markers = marked(true);
    }
    if markers.len() >= 2 {
        let chain = |id| -> Vec<ego_tree::NodeId> {
            let node = doc.tree.get(id).expect("a node of the page");
            let mut v: Vec<_> = std::iter::once(node)
                .chain(node.ancestors())
                .map(|n| n.id())
                .collect();
            v.reverse();
            v
        };
        let mut common = chain(markers[0]);
        for &m in &markers[1..] {
            let other = chain(m);
            let same = common
                .iter()
                .zip(&other)
                .take_while(|(a, b)| a == b)
                .count();
            common.truncate(same);
        }
        return common.last().copied();
    }
    let mut weight: std::collections::HashMap<ego_tree::NodeId, usize> = Default::default();
    for p in items.iter().filter(|p| !p.link) {
        let node = doc.tree.get(p.block).expect("a node of the page");
        let parent = node.parent().map_or(p.block, |n| n.id());
        *weight.entry(parent).or_default() += p.item.text().chars().count();
    }
    weight.into_iter().max_by_key(|(_, w)| *w).map(|(id, _)| id)
}

/// A title that names a report year: "…2019年…报告".
fn is_title(s: &str) -> bool {
    static YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:19|20)\d\d\s*年").expect("valid regex"));
    s.chars().count() <= 80 && s.contains("报告") && YEAR.is_match(s)
}

fn meta(doc: &Html, names: &[&str]) -> Option<String> {
    doc.tree
        .nodes()
        .filter_map(|n| element(n))
        .filter(|e| e.name() == "meta")
        .find(|e| {
            let key = e.attr("name").or_else(|| e.attr("property")).unwrap_or("");
            names.iter().any(|n| n.eq_ignore_ascii_case(key))
        })
        .and_then(|e| e.attr("content"))
        .map(|s| s.trim().to_string())
}

/// The report's title: the page's article title (`<meta name="ArticleTitle">`), else the first
/// short paragraph of the report naming a year and 报告, else the page's `<title>` (the part
/// naming the report, without the portal's name).
pub(super) fn title(doc: &Html, body: &[&Placed]) -> Option<String> {
    let from_meta = meta(doc, &["ArticleTitle", "title", "og:title"])
        .map(|s| strip_label(&s).trim().to_string());
    if let Some(t) = from_meta.filter(|t| is_title(t)) {
        return Some(t);
    }
    let first = body.iter().take(6).find_map(|p| match &p.item {
        Item::Para { text, .. } if is_title(strip_label(text)) => {
            Some(strip_label(text).trim().to_string())
        }
        _ => None,
    });
    if first.is_some() {
        return first;
    }
    let page = doc
        .tree
        .nodes()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "title")?;
    let mut t = Text::default();
    for s in page.text() {
        t.push(s);
    }
    let whole = t.take();
    whole
        .split(['_', '|', '－', '—', '-'])
        .map(|s| strip_label(s).trim())
        .find(|s| is_title(s))
        .map(str::to_string)
}

/// The publication date the page states: its `<meta name="PubDate">` (and the like), else a
/// "发布日期：…" / "发布时间：…" / "成文日期：…" / a portal's "时间：…" (not "统计时间") anywhere
/// on the page; as YYYY-MM-DD.
pub(super) fn published(doc: &Html, items: &[Placed]) -> Option<String> {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*((?:19|20)\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
            .expect("valid")
    });
    static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?:发布日期|发布时间|成文日期|发文日期|印发日期|(?:^|[^计理限段])时间\s*[：:])\s*[：:]?\s*((?:19|20)\d\d\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2})",
        )
        .expect("valid regex")
    });
    let ymd = |s: &str| {
        let c = DATE.captures(s)?;
        let (y, m, d): (u32, u32, u32) =
            (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
    };
    let names = [
        "PubDate",
        "pubdate",
        "publishdate",
        "firstpublishedtime",
        "article:published_time",
    ];
    if let Some(d) = meta(doc, &names).and_then(|s| ymd(&s)) {
        return Some(d);
    }
    items.iter().find_map(|p| {
        let text = match &p.item {
            Item::Para { text, .. } => text.as_str(),
            Item::Row(r) => r.raw.as_str(),
        };
        LABELLED.captures(text).and_then(|c| ymd(&c[1]))
    })
}

/// A line that only states the publication date (kept as `published`, not as narrative).
pub(super) fn date_line(s: &str) -> bool {
    static LINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:发布日期|发布时间|成文日期)\s*[：:]\s*[\d\s年月日:：/.-]+$")
            .expect("valid")
    });
    LINE.is_match(s)
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    #[test]
    fn title_without_crawler_label_or_portal_name() {
        let html =
            "<title>名称：2016年泰州市政府信息公开工作年度报告 - 泰州市人民政府</title><p>正文</p>";
        let doc = parse(html).unwrap();
        assert_eq!(doc.items[0].text(), "2016年泰州市政府信息公开工作年度报告");
    }
}
