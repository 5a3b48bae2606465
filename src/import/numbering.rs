//! Word's automatic numbering (`word/numbering.xml`): the "一、", "（三）", "1." that Word draws
//! in front of a numbered paragraph but that is not in the paragraph's text. Reports number their
//! sections and sub-headings this way; the importer writes the numbers back in front of the text.

use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::HashMap;

/// One level of a numbering definition: its format and its text pattern (`%1、`, `（%2）`).
#[derive(Clone, Debug, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// The numbering definitions of a document, and the counters as the document is read.
#[derive(Debug, Default)]
pub struct Numbering {
    /// numId → abstractNumId
    nums: HashMap<String, String>,
    /// (abstractNumId, ilvl) → level
    levels: HashMap<(String, u8), Level>,
    /// abstractNumId → current counter per level
    counters: HashMap<String, [u32; 9]>,
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.to_string())
}

impl Numbering {
    pub fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut level: Option<(u8, Level)> = None;
        while let Ok(ev) = reader.read_event() {
            match ev {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "abstractNum" => abstract_id = attr(&e, "abstractNumId"),
                    "num" => num_id = attr(&e, "numId"),
                    "abstractNumId" => {
                        if let (Some(num), Some(a)) = (&num_id, attr(&e, "val")) {
                            n.nums.insert(num.clone(), a);
                        }
                    }
                    "lvl" => {
                        let ilvl = attr(&e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        level = Some((
                            ilvl,
                            Level {
                                start: 1,
                                ..Level::default()
                            },
                        ));
                    }
                    "start" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.start = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                        }
                    }
                    "numFmt" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.format = attr(&e, "val").unwrap_or_default();
                        }
                    }
                    "lvlText" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.text = attr(&e, "val").unwrap_or_default();
                        }
                    }
                    _ => {}
                },
                Event::End(e) if e.local_name().as_ref() == "lvl" => {
                    if let (Some(a), Some((ilvl, l))) = (&abstract_id, level.take()) {
                        n.levels.insert((a.clone(), ilvl), l);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        n
    }

    /// The number Word draws for the next paragraph numbered `num_id` at level `ilvl`, counting
    /// it (deeper levels restart).
    pub fn next(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let a = self.nums.get(num_id)?.clone();
        let ilvl = usize::from(ilvl.min(8));
        let starts: Vec<u32> = (0..9)
            .map(|k| {
                self.levels
                    .get(&(a.clone(), k as u8))
                    .map_or(1, |l| l.start)
            })
            .collect();
        let counters = self.counters.entry(a.clone()).or_insert([0; 9]);
        counters[ilvl] = if counters[ilvl] == 0 {
            starts[ilvl]
        } else {
            counters[ilvl] + 1
        };
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = 0;
        }
        let counters = *counters;
        let level = self.levels.get(&(a.clone(), ilvl as u8))?;
        if level.format == "none" || level.format == "bullet" {
            return None;
        }
        let mut out = level.text.clone();
        for k in (0..=ilvl).rev() {
            let fmt = self
                .levels
                .get(&(a.clone(), k as u8))
                .map_or("decimal", |l| l.format.as_str());
            let value = if counters[k] == 0 {
                starts[k]
            } else {
                counters[k]
            };
            out = out.replace(&format!("%{}", k + 1), &format_number(value, fmt));
        }
        Some(out)
    }
}

/// A counter in one of Word's number formats.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "ideographDigital"
        | "japaneseCounting" => chinese(n),
        "upperLetter" => letter(n).to_ascii_uppercase(),
        "lowerLetter" => letter(n),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

fn chinese(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

fn letter(n: u32) -> String {
    let k = (n.max(1) - 1) % 26;
    char::from(b'a' + k as u8).to_string()
}

fn roman(mut n: u32) -> String {
    const R: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in R {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_and_sub_heading_numbers() {
        let xml = r#"<w:numbering xmlns:w="x">
          <w:abstractNum w:abstractNumId="7">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
            <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
          </w:abstractNum>
          <w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
        </w:numbering>"#;
        let mut n = Numbering::parse(xml);
        assert_eq!(n.next("3", 0).as_deref(), Some("一、"));
        assert_eq!(n.next("3", 1).as_deref(), Some("（一）"));
        assert_eq!(n.next("3", 1).as_deref(), Some("（二）"));
        assert_eq!(n.next("3", 2).as_deref(), Some("1."));
        assert_eq!(n.next("3", 0).as_deref(), Some("二、"));
        assert_eq!(n.next("3", 1).as_deref(), Some("（一）"));
        assert_eq!(n.next("9", 0), None);
        assert_eq!(chinese(12), "十二");
        assert_eq!(chinese(20), "二十");
    }
}
