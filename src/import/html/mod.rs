//! Web pages (.html/.htm) saved from a government portal: decoded from the encoding the page
//! declares (GB2312/GBK/GB18030 are common), parsed with html5ever, the report's own part of the
//! page (not the portal's navigation, header and footer) read into paragraphs, and its
//! `<table>`s laid out on the grid ([`super::grid`]) as the Word importer does.

mod decode;
mod page;

pub use decode::decode;

use super::grid::Grid;
use super::narrative::strip_title_label;
use super::{Doc, ImportError, Item};
use decode::{MAX_DEPTH, depth_of};
use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use page::{date_line, published, report_root, title};
use scraper::{ElementRef, Html, Node};

pub fn read(path: &std::path::Path) -> Result<Doc, ImportError> {
    let bytes = std::fs::read(path).map_err(|e| super::cannot_read(path, &e))?;
    let text = decode(&bytes).map_err(|e| ImportError::in_file(path, e))?;
    parse(&text).map_err(|e| ImportError::in_file(path, e.0))
}

/// Elements whose content is never part of the report.
const SKIPPED: [&str; 11] = [
    "head", "script", "style", "noscript", "template", "nav", "footer", "aside", "select",
    "button", "iframe",
];

/// Elements that start and end a paragraph.
const BLOCKS: [&str; 24] = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "blockquote",
    "center",
    "dd",
    "dt",
    "dl",
    "pre",
    "form",
];

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}'
        | '\u{2018}'..='\u{201D}' | '\u{2026}')
}

/// Text as a browser shows it: runs of whitespace (with `&nbsp;` and the ideographic space used
/// for indentation) are one space, and none at all beside a Chinese character, where they are
/// only the line wrapping of the source ("2019\n年" is "2019年").
#[derive(Default)]
struct Text {
    buf: String,
    space: bool,
    /// Characters pushed from inside links (navigation), and all characters.
    linked: usize,
    chars: usize,
}

impl Text {
    fn push_linked(&mut self, s: &str, link: bool) {
        let before = self.buf.len();
        self.push(s);
        let n = self.buf[before..].chars().count();
        self.chars += n;
        if link {
            self.linked += n;
        }
    }

    /// Whether most of the text so far came from links.
    fn mostly_links(&self) -> bool {
        self.chars > 0 && self.linked * 2 >= self.chars
    }

    fn push(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() || c == '\u{a0}' {
                self.space = !self.buf.is_empty();
                continue;
            }
            if self.space && !self.buf.chars().next_back().is_some_and(is_cjk) && !is_cjk(c) {
                self.buf.push(' ');
            }
            self.space = false;
            self.buf.push(c);
        }
    }

    /// A boundary between two pieces (a `<p>` or `<br>` inside a table cell).
    fn gap(&mut self) {
        self.space = !self.buf.is_empty();
    }

    fn take(&mut self) -> String {
        self.space = false;
        self.linked = 0;
        self.chars = 0;
        std::mem::take(&mut self.buf)
    }
}

fn element(node: NodeRef<'_, Node>) -> Option<&scraper::node::Element> {
    node.value().as_element()
}

fn hidden(e: &scraper::node::Element) -> bool {
    SKIPPED.contains(&e.name())
        || e.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            let s = s.to_lowercase();
            // Word's own hidden text is `mso-hide:all`.
            s.contains("display:none") || s.contains("mso-hide:all")
        })
}

/// The text of a table cell: its paragraphs and lines run together ("商业" "企业" is one
/// label, "本年新<br>制作数量" one header).
fn cell_text(cell: ElementRef<'_>) -> String {
    let mut t = Text::default();
    let mut skip: Option<ego_tree::NodeId> = None;
    for edge in cell.traverse() {
        match edge {
            Edge::Open(n) if skip.is_none() => match n.value() {
                Node::Text(s) => t.push(s),
                Node::Element(e) if hidden(e) => skip = Some(n.id()),
                Node::Element(e) if e.name() == "br" || BLOCKS.contains(&e.name()) => t.gap(),
                _ => {}
            },
            Edge::Close(n) if skip == Some(n.id()) => skip = None,
            Edge::Close(n) if element(n).is_some_and(|e| BLOCKS.contains(&e.name())) => t.gap(),
            _ => {}
        }
    }
    t.take()
}

fn span(cell: ElementRef<'_>, name: &str) -> usize {
    cell.value()
        .attr(name)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
}

/// A table without tables inside laid out on the grid: its caption, then its rows (`tr`, also
/// inside `thead`/`tbody`) and their `td`/`th` cells.
fn table_items(table: ElementRef<'_>, number: usize) -> Result<Vec<Item>, ImportError> {
    let mut grid = Grid::new(number);
    let rows = table
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "tr");
    for tr in rows {
        grid.row()?;
        for cell in tr.children().filter_map(ElementRef::wrap) {
            let name = cell.value().name();
            if name != "td" && name != "th" {
                continue;
            }
            // HTML's own bounds: rowspan 0 means "to the end", which the grid does as it comes.
            let rowspan = match span(cell, "rowspan") {
                0 => usize::MAX,
                n => n,
            };
            grid.cell(&cell_text(cell), span(cell, "colspan"), rowspan)?;
        }
    }
    let caption = table
        .children()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "caption")
        .map(cell_text)
        .filter(|t| !t.is_empty());
    let rows = grid.finish()?;
    Ok(caption.map(para).into_iter().chain(rows).collect())
}

/// The most characters in a cell of a data table: a longer cell holds prose, so its table lays
/// out the page (the report's article in one cell) and is read as blocks.
const MAX_DATA_CELL_CHARS: usize = 400;

fn prose(table: NodeRef<'_, Node>) -> bool {
    table
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| matches!(e.value().name(), "td" | "th"))
        .any(|cell| {
            let mut n = 0;
            for s in cell.text() {
                n += s.chars().filter(|c| !c.is_whitespace()).count();
                if n > MAX_DATA_CELL_CHARS {
                    return true;
                }
            }
            false
        })
}

/// The tables that hold other tables: the page's layout, read as blocks, not as grids.
fn layout_tables(doc: &Html) -> std::collections::HashSet<ego_tree::NodeId> {
    let mut open: Vec<ego_tree::NodeId> = vec![];
    let mut outer = std::collections::HashSet::new();
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(n) if element(n).is_some_and(|e| e.name() == "table") => {
                if let Some(&parent) = open.last() {
                    outer.insert(parent);
                }
                open.push(n.id());
            }
            Edge::Close(n) if element(n).is_some_and(|e| e.name() == "table") => {
                open.pop();
            }
            _ => {}
        }
    }
    outer
}

/// An item with the block element it came from (to keep only the report's part of the page).
struct Placed {
    item: Item,
    block: ego_tree::NodeId,
    /// Text inside a link (navigation), which never marks the report's part.
    link: bool,
}

/// Every paragraph and table row of the page's body, in order.
fn walk(doc: &Html) -> Result<Vec<Placed>, ImportError> {
    let outer = layout_tables(doc);
    let mut out: Vec<Placed> = vec![];
    let mut t = Text::default();
    let mut blocks: Vec<ego_tree::NodeId> = vec![doc.tree.root().id()];
    let mut skip: Option<ego_tree::NodeId> = None;
    let mut links = 0usize;
    let mut tables = 0usize;
    let flush = |t: &mut Text, out: &mut Vec<Placed>, block| {
        let link = t.mostly_links();
        let text = t.take();
        if !text.is_empty() {
            out.push(Placed {
                item: Item::Para {
                    text,
                    indent: 0,
                    heading: None,
                    band: None,
                },
                block,
                link,
            });
        }
    };
    for edge in doc.tree.root().traverse() {
        let top = *blocks.last().expect("the root stays");
        match edge {
            Edge::Open(n) if skip.is_none() => match n.value() {
                Node::Text(s) => t.push_linked(s, links > 0),
                Node::Element(e) if hidden(e) => skip = Some(n.id()),
                Node::Element(e)
                    if e.name() == "table" && !outer.contains(&n.id()) && !prose(n) =>
                {
                    flush(&mut t, &mut out, top);
                    tables += 1;
                    let table = ElementRef::wrap(n).expect("an element");
                    for item in table_items(table, tables)? {
                        out.push(Placed {
                            item,
                            block: n.id(),
                            link: false,
                        });
                    }
                    skip = Some(n.id());
                }
                Node::Element(e) if e.name() == "br" => flush(&mut t, &mut out, top),
                Node::Element(e) if BLOCKS.contains(&e.name()) => {
                    flush(&mut t, &mut out, top);
                    blocks.push(n.id());
                }
                Node::Element(e) if e.name() == "a" => links += 1,
                _ => {}
            },
            Edge::Close(n) if skip == Some(n.id()) => skip = None,
            Edge::Close(n) if skip.is_none() => match element(n).map(|e| e.name()) {
                Some(name) if BLOCKS.contains(&name) => {
                    flush(&mut t, &mut out, top);
                    blocks.pop();
                }
                Some("a") => links = links.saturating_sub(1),
                _ => {}
            },
            _ => {}
        }
    }
    let top = *blocks.last().expect("the root stays");
    flush(&mut t, &mut out, top);
    Ok(out)
}

/// The nodes under `root`, itself included (one pass: a page nested thousands deep stays linear).
fn subtree(doc: &Html, root: ego_tree::NodeId) -> std::collections::HashSet<ego_tree::NodeId> {
    let node = doc.tree.get(root).expect("a node of the page");
    node.descendants().map(|n| n.id()).collect()
}

/// Read a page's text into a [`Doc`]: its title first (then its publication date, in the form
/// the narrative reader takes it from), then the report's paragraphs and table rows.
pub fn parse(html: &str) -> Result<Doc, ImportError> {
    let depth = depth_of(html);
    if depth > MAX_DEPTH {
        return Err(ImportError(crate::msg!(
            "imp-page-too-deep",
            depth = depth,
            max = MAX_DEPTH
        )));
    }
    let doc = Html::parse_document(html);
    let all = walk(&doc)?;
    let root = report_root(&doc, &all);
    let within = root.map(|r| subtree(&doc, r));
    let body: Vec<&Placed> = all
        .iter()
        .filter(|p| within.as_ref().is_none_or(|w| w.contains(&p.block)))
        .collect();
    let mut items = vec![];
    let title = title(&doc, &body);
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    if let Some(t) = &title {
        items.push(para(t.clone()));
    }
    if let Some(d) = published(&doc, &all) {
        items.push(para(format!("发布日期：{d}")));
    }
    for (i, p) in body.iter().enumerate() {
        if let Item::Para { text, .. } = &p.item {
            let repeats_title = i < 6
                && title
                    .as_deref()
                    .is_some_and(|t| squeeze(strip_title_label(text)) == squeeze(t));
            if repeats_title || date_line(text) {
                continue;
            }
        }
        items.push(p.item.clone());
    }
    Ok(Doc {
        items,
        layout: false,
    })
}

fn para(text: String) -> Item {
    Item::Para {
        text,
        indent: 0,
        heading: None,
        band: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Row;

    fn rows(doc: &Doc) -> Vec<(&str, Vec<&str>)> {
        doc.items
            .iter()
            .filter_map(|i| match i {
                Item::Row(Row { label, values, .. }) => Some((
                    label.as_str(),
                    values.iter().map(|v| v.text.as_str()).collect(),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn word_exported_mess_is_read_as_printed() {
        let html = r#"<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
            <meta http-equiv=Content-Type content="text/html; charset=utf-8">
            <title>某县2023年政府信息公开工作年度报告_某县人民政府</title></head><body>
            <div class="nav"><a href="/">首页</a> <a href="/x">政务公开</a></div>
            <div id="zoom"><div><div>
            <p class=MsoNormal><span style='mso-bidi-font-size:12pt'>一、总体情况<o:p></o:p></span></p>
            <p>2023年，全县&nbsp;&nbsp;<span style='mso-hide:all'>隐藏</span>主动公开信息
            1200条。</p>
            <table class=MsoNormalTable><tr><td rowspan=2><p><span>信息</span></p><p><span>内容</span></p></td>
              <td><p>&nbsp;本年收费金额&nbsp;</p><p>（单位：万元）</p></td></tr>
              <tr><td><p><span>7380</span><span>2895.90</span><span>元</span><o:p></o:p></p></td></tr>
              <tr><td>行政许可</td><td><p>1</p></td></tr>
            </table></div></div>
            <p>六、其他需要报告的事项</p><p>无。</p></div>
            <div class="footer">主办：某县人民政府办公室 发布时间：2024-01-18 10:00</div>
            </body></html>"#;
        let doc = parse(html).unwrap();
        let texts: Vec<&str> = doc.items.iter().map(Item::text).collect();
        assert_eq!(texts[0], "某县2023年政府信息公开工作年度报告");
        assert_eq!(texts[1], "发布日期：2024-01-18");
        assert_eq!(texts[2], "一、总体情况");
        assert_eq!(texts[3], "2023年，全县主动公开信息1200条。");
        assert!(
            !texts
                .iter()
                .any(|t| t.contains("首页") || t.contains("主办")),
            "{texts:?}"
        );
        assert_eq!(texts[4], "信息内容 本年收费金额（单位：万元）");
        assert_eq!(
            rows(&doc),
            [("信息内容", vec!["73802895.90元"]), ("行政许可", vec!["1"])]
        );
    }

    #[test]
    fn layout_tables_are_blocks_and_hostile_spans_refused() {
        let html = "<table><tr><td><p>一、总体情况</p><table><caption>二、主动公开政府信息情况</caption>\
                    <tr><td>规章</td><td>3</td></tr></table>\
                    <p>六、其他需要报告的事项</p></td></tr></table>";
        let doc = parse(html).unwrap();
        assert_eq!(rows(&doc), [("规章", vec!["3"])]);
        assert!(
            doc.items
                .iter()
                .any(|i| i.text() == "二、主动公开政府信息情况")
        );
        let hostile =
            "<table><tr><td rowspan=65534 colspan=1000>x</td></tr><tr><td>1</td></tr></table>";
        let e = parse(hostile).unwrap_err();
        assert!(e.0.en().contains("table 1"), "{e}");
        let tall = "<table><tr><td rowspan=65534>x</td><td>1</td></tr></table>";
        assert_eq!(rows(&parse(tall).unwrap()), [("x", vec!["1"])]);
    }
}
