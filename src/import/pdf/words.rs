//! The words of a PDF's text layer with their boxes, from poppler's `pdftotext -bbox` XHTML.

use super::super::{labels, xml_entity};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// A word with its box (PDF points, origin top left).
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

impl Word {
    pub fn height(&self) -> f64 {
        (self.y1 - self.y0).max(1.0)
    }
    pub fn centre_y(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
}

/// One page: its size (the running heads stand in its margins; a table wider than the paper is
/// cut at its edge) and its words. A size of 0 is unknown (a page read by OCR).
#[derive(Clone, Debug, Default)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub words: Vec<Word>,
}

fn coord(e: &BytesStart, name: &str) -> f64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.value.parse().ok())
        .unwrap_or(0.0)
}

/// The words of each page, from pdftotext's XHTML (`<page>` … `<word xMin=… >text</word>`).
pub fn parse_pages(xml: &str) -> Vec<Page> {
    let mut reader = Reader::from_str(xml);
    let mut pages: Vec<Page> = vec![];
    let mut word: Option<Word> = None;
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) if e.local_name().as_ref() == "page" => pages.push(Page {
                width: coord(&e, "width"),
                height: coord(&e, "height"),
                words: vec![],
            }),
            Event::Start(e) if e.local_name().as_ref() == "word" => {
                word = Some(Word {
                    x0: coord(&e, "xMin"),
                    y0: coord(&e, "yMin"),
                    x1: coord(&e, "xMax"),
                    y1: coord(&e, "yMax"),
                    text: String::new(),
                });
            }
            Event::Text(t) => {
                if let Some(w) = word.as_mut() {
                    w.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(w) = word.as_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => w.text.push(c),
                        _ => w.text.push_str(xml_entity(r.into_inner().as_ref())),
                    }
                }
            }
            Event::End(e) if e.local_name().as_ref() == "word" => {
                if let (Some(mut w), Some(page)) = (word.take(), pages.last_mut())
                    && !w.text.trim().is_empty()
                {
                    w.text = labels::fold_radicals(&w.text);
                    page.words.push(w);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    pages
}
