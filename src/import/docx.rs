//! Word documents (.docx): the zip's `word/document.xml` read into paragraphs and tables, with
//! merged cells resolved — a horizontally merged cell (gridSpan) is one cell spanning grid
//! columns, a vertically merged one (vMerge) repeats the text of the cell it continues.

use super::grid::Grid;
use super::numbering::Numbering;
use super::{Doc, ImportError, Item, text};
use crate::i18n::Msg;
use crate::msg;
use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// The largest `document.xml` read (a zip bomb guard; reports are well under 10 MB).
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

pub fn read(path: &Path) -> Result<Doc, ImportError> {
    let bad = |what: Msg| ImportError::in_file(path, what);
    let file = std::fs::File::open(path).map_err(|e| {
        bad(msg!(
            "imp-cannot-open",
            reason = crate::error::io_reason(&e)
        ))
    })?;
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|e| bad(msg!("imp-docx-not-zip", reason = e.to_string())))?;
    let entry = zip
        .by_name("word/document.xml")
        .map_err(|_| bad(msg!("imp-docx-no-document")))?;
    let mut xml = String::new();
    entry
        .take(MAX_XML_BYTES)
        .read_to_string(&mut xml)
        .map_err(|e| bad(msg!("imp-docx-cannot-read", reason = e.to_string())))?;
    let mut styles = String::new();
    if let Ok(entry) = zip.by_name("word/styles.xml") {
        // Without styles the headings are still found by their text.
        let _ = entry.take(MAX_XML_BYTES).read_to_string(&mut styles);
    }
    let mut numbering = String::new();
    if let Ok(entry) = zip.by_name("word/numbering.xml") {
        // Without it the paragraphs are read without their automatic numbers.
        let _ = entry.take(MAX_XML_BYTES).read_to_string(&mut numbering);
    }
    let mut numbering = Numbering::parse(&numbering);
    parse(&xml, &heading_styles(&styles), &mut numbering).map_err(bad)
}

/// The outline level of each heading style, by style id: Word names them "heading 1"…, WPS and
/// Chinese Word also "标题 1"…. Only Word's nine heading levels are kept, in a map: a styles.xml
/// of a million heading styles is read once, not once per paragraph.
fn heading_styles(xml: &str) -> HashMap<String, u8> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut id: Option<String> = None;
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) if e.local_name().as_ref() == "style" => id = attr(&e, "styleId"),
            Event::Empty(e) if e.local_name().as_ref() == "name" => {
                let name = attr(&e, "val").unwrap_or_default().to_lowercase();
                let level = name
                    .strip_prefix("heading")
                    .or_else(|| name.strip_prefix("标题"))
                    .and_then(|n| n.trim().parse::<u8>().ok())
                    .filter(|l| (1..=9).contains(l));
                if let (Some(id), Some(level)) = (id.take(), level) {
                    out.insert(id, level);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[derive(Default, Clone)]
struct Cell {
    text: String,
    span: usize,
    /// None: not merged; Some(true): starts a vertical merge; Some(false): continues one.
    vmerge: Option<bool>,
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.to_string())
}

/// Lay a table's rows out on the grid ([`grid`]): a vMerge continuation is the cell above it,
/// one more row.
fn table_items(rows: Vec<Vec<Cell>>, table: usize, items: &mut Vec<Item>) -> Result<(), Msg> {
    let mut grid = Grid::new(table);
    for row in rows {
        grid.row().map_err(|e| e.0)?;
        for c in row {
            match c.vmerge {
                Some(false) => grid.continue_above(c.span),
                _ => grid.cell(&c.text, c.span, 1),
            }
            .map_err(|e| e.0)?;
        }
    }
    items.extend(grid.finish().map_err(|e| e.0)?);
    Ok(())
}

/// The reader's state while it walks `document.xml`: the paragraph being read, the table rows
/// being collected and what was read so far.
struct Parser<'a> {
    headings: &'a HashMap<String, u8>,
    numbering: &'a mut Numbering,
    items: Vec<Item>,
    /// The outline level of the paragraph's heading style.
    heading: Option<u8>,
    /// The paragraph's automatic numbering: numId and level.
    num: (Option<String>, u8),
    para: String,
    in_text: bool,
    /// Table nesting.
    depth: usize,
    rows: Vec<Vec<Cell>>,
    cell: Option<Cell>,
    tables: usize,
}

fn parse(xml: &str, headings: &HashMap<String, u8>, numbering: &mut Numbering) -> Result<Doc, Msg> {
    let mut p = Parser {
        headings,
        numbering,
        items: vec![],
        heading: None,
        num: (None, 0),
        para: String::new(),
        in_text: false,
        depth: 0,
        rows: vec![],
        cell: None,
        tables: 0,
    };
    let mut reader = Reader::from_str(xml);
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| msg!("imp-docx-bad-xml", reason = e.to_string()))?;
        match ev {
            Event::Start(e) => p.start(&e),
            Event::Empty(e) => p.empty(&e),
            Event::Text(t) if p.in_text => p.para.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if p.in_text => p.general_ref(&r),
            Event::End(e) => p.end(e.local_name().as_ref())?,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(Doc {
        items: p.items,
        layout: false,
    })
}

impl Parser<'_> {
    fn start(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            "t" => self.in_text = true,
            "p" => self.num = (None, 0),
            "tbl" => {
                self.depth += 1;
                if self.depth == 1 {
                    self.rows.clear();
                }
            }
            "tr" if self.depth == 1 => self.rows.push(vec![]),
            "tc" if self.depth == 1 => {
                self.cell = Some(Cell {
                    span: 1,
                    ..Cell::default()
                })
            }
            "vMerge" => set_vmerge(&mut self.cell, e, self.depth),
            _ => {}
        }
    }

    fn empty(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            "gridSpan" if self.depth == 1 => {
                if let Some(c) = self.cell.as_mut() {
                    c.span = attr(e, "val")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .max(1);
                }
            }
            "vMerge" => set_vmerge(&mut self.cell, e, self.depth),
            "numId" => self.num.0 = attr(e, "val").filter(|v| v != "0"),
            "ilvl" => self.num.1 = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0),
            "pStyle" if self.depth == 0 => {
                let id = attr(e, "val").unwrap_or_default();
                self.heading = self.headings.get(&id).copied();
            }
            "tab" => self.para.push(' '),
            "br" | "cr" if self.depth == 0 => self.para.push('\n'),
            _ => {}
        }
    }

    /// A character or entity reference inside text (`&#x4E00;`, `&amp;`).
    fn general_ref(&mut self, r: &BytesRef) {
        if let Ok(Some(c)) = r.resolve_char_ref() {
            self.para.push(c);
        } else {
            let s = super::xml_entity(r.borrow().into_inner().as_ref());
            self.para.push_str(s);
        }
    }

    fn end(&mut self, name: &str) -> Result<(), Msg> {
        match name {
            "t" => self.in_text = false,
            // Inside a cell, paragraphs run together: "商业" "企业" is one label.
            "p" if self.depth == 0 => self.end_paragraph(),
            "tc" if self.depth == 1 => {
                if let Some(mut c) = self.cell.take() {
                    c.text = text::clean(&std::mem::take(&mut self.para));
                    if let Some(r) = self.rows.last_mut() {
                        r.push(c);
                    }
                }
            }
            "tbl" => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    self.tables += 1;
                    let rows = std::mem::take(&mut self.rows);
                    table_items(rows, self.tables, &mut self.items)?;
                    self.para.clear();
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A paragraph outside tables: its automatic number first, one item per line.
    fn end_paragraph(&mut self) {
        let number = self
            .num
            .0
            .take()
            .and_then(|id| self.numbering.next(&id, self.num.1));
        if let Some(number) = number
            && !self.para.trim().is_empty()
        {
            self.para.insert_str(0, &number);
        }
        self.num.1 = 0;
        for line in self.para.split('\n') {
            let t = text::clean(line);
            if !t.is_empty() {
                self.items.push(Item::Para {
                    text: t,
                    indent: 0,
                    heading: self.heading,
                    band: None,
                });
            }
        }
        self.para.clear();
        self.heading = None;
    }
}

fn set_vmerge(cell: &mut Option<Cell>, e: &BytesStart, depth: usize) {
    if depth != 1 {
        return;
    }
    if let Some(c) = cell.as_mut() {
        c.vmerge = Some(attr(e, "val").as_deref() == Some("restart"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Row;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn merged_cells_resolved_and_heading_levels_kept() {
        let xml = format!(
            r#"<w:document {W}><w:body>
            <w:p><w:pPr><w:pStyle w:val="H2"/></w:pPr><w:r><w:t>（一）主动公开</w:t></w:r></w:p>
            <w:tbl>
              <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>信息内容</w:t></w:r></w:p></w:tc>
                    <w:tc><w:p><w:r><w:t>商业</w:t></w:r></w:p><w:p><w:r><w:t>企业</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>（三）不予公开</w:t></w:r></w:p></w:tc>
                    <w:tc><w:p><w:r><w:t>1.属于国家秘密</w:t></w:r></w:p></w:tc>
                    <w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
                    <w:tc><w:p><w:r><w:t>2.其他法律行政法规禁止公开</w:t></w:r></w:p></w:tc>
                    <w:tc><w:p><w:r><w:t>22（其中&amp;修订16件）</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl></w:body></w:document>"#
        );
        let doc = parse(
            &xml,
            &HashMap::from([("H2".into(), 2)]),
            &mut Numbering::default(),
        )
        .unwrap();
        assert_eq!(
            doc.items[0],
            Item::Para {
                text: "（一）主动公开".into(),
                indent: 0,
                heading: Some(2),
                band: None,
            }
        );
        // The spanning header cell is one cell; cell paragraphs run together.
        assert_eq!(doc.items[1].text(), "信息内容 商业企业");
        let Item::Row(Row { label, values, .. }) = &doc.items[3] else {
            panic!("{:?}", doc.items[3]);
        };
        // The vertically merged label continues into the next row.
        assert_eq!(label, "（三）不予公开 2.其他法律行政法规禁止公开");
        assert_eq!(values[0].text, "22（其中&修订16件）");
    }

    #[test]
    fn automatic_numbering_is_written_back() {
        let numbering = r#"<w:numbering xmlns:w="x"><w:abstractNum w:abstractNumId="1">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
            </w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#;
        let p = |t: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"#
            )
        };
        let xml = format!(
            "<w:document {W}><w:body>{}<w:p><w:r><w:t>正文</w:t></w:r></w:p>{}</w:body></w:document>",
            p("总体情况"),
            p("主动公开政府信息情况")
        );
        let doc = parse(&xml, &HashMap::new(), &mut Numbering::parse(numbering)).unwrap();
        let texts: Vec<&str> = doc.items.iter().map(Item::text).collect();
        assert_eq!(texts, ["一、总体情况", "正文", "二、主动公开政府信息情况"]);
    }

    #[test]
    fn broken_xml_is_an_error_not_a_panic() {
        assert!(
            parse(
                "<w:document><w:body><w:p>",
                &HashMap::new(),
                &mut Numbering::default()
            )
            .is_ok()
        );
        assert!(
            parse(
                "<w:document></w:body>",
                &HashMap::new(),
                &mut Numbering::default()
            )
            .is_err()
        );
    }
}
