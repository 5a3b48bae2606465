//! Word's automatic numbering (`word/numbering.xml`): the "一、", "（三）", "1." that Word draws
//! in front of a numbered paragraph but that is not in the paragraph's text. Reports number their
//! sections and sub-headings this way; the importer writes the numbers back in front of the text.

//!
//! A numbering.xml is as hostile as the rest of a document: its values are held to Word's own
//! limits ([`MAX_START`], [`MAX_LEVEL_TEXT`], nine levels), the counters use checked arithmetic,
//! and a number longer than any Word draws is not drawn, so a 1 KB file cannot make a number of
//! gigabytes (issue 25: `w:start` 4294967295 in upperRoman with a `lvlText` of 1,000 × `%1`).

use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::HashMap;

/// The largest start value Word accepts for a list level (MS-DOC, LVLF.iStartAt: "MUST be less
/// than or equal to 0x7FFF"); a level starting beyond it is not one Word wrote, and draws no
/// number.
const MAX_START: u32 = 0x7FFF;

/// The longest level text (`%1、`) Word keeps: LVL.xst holds at most 255 characters (MS-DOC).
const MAX_LEVEL_TEXT: usize = 255;

/// Word's list levels: `w:ilvl` 0 to 8.
const LEVELS: usize = 9;

/// The longest number drawn in front of a paragraph. A level text of 255 characters with nine
/// placeholders in Roman numerals could still reach tens of kilobytes per paragraph; real ones
/// ("一、", "（三）", "1.2.3.") are a few characters, so a longer one is dropped rather than
/// multiplied by every numbered paragraph.
const MAX_DRAWN: usize = 64;

/// One level of a numbering definition: its format and its text pattern (`%1、`, `（%2）`).
#[derive(Clone, Debug, Default)]
struct Level {
    format: String,
    /// None when missing or longer than [`MAX_LEVEL_TEXT`].
    text: Option<String>,
    /// None when out of Word's range.
    start: Option<u32>,
}

/// The numbering definitions of a document, and the counters as the document is read.
#[derive(Debug, Default)]
pub struct Numbering {
    /// numId → abstractNumId
    nums: HashMap<String, String>,
    /// (abstractNumId, ilvl) → level
    levels: HashMap<(String, u8), Level>,
    /// abstractNumId → current counter per level
    counters: HashMap<String, [u32; LEVELS]>,
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
                        // A level Word cannot have is read and dropped (see "lvl" below).
                        level = Some((
                            ilvl,
                            Level {
                                start: Some(1),
                                ..Level::default()
                            },
                        ));
                    }
                    "start" => {
                        if let Some((_, l)) = level.as_mut() {
                            // Out of Word's range (or not a number): no start, so no number.
                            l.start = attr(&e, "val")
                                .and_then(|v| v.trim().parse::<u32>().ok())
                                .filter(|&v| v <= MAX_START);
                        }
                    }
                    "numFmt" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.format = attr(&e, "val").unwrap_or_default();
                        }
                    }
                    "lvlText" => {
                        if let Some((_, l)) = level.as_mut() {
                            // Longer than Word keeps: not a level Word wrote; drawn as nothing.
                            l.text =
                                attr(&e, "val").filter(|t| t.chars().count() <= MAX_LEVEL_TEXT);
                        }
                    }
                    _ => {}
                },
                Event::End(e) if e.local_name().as_ref() == "lvl" => {
                    if let (Some(a), Some((ilvl, l))) = (&abstract_id, level.take())
                        && usize::from(ilvl) < LEVELS
                    {
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
    /// it (deeper levels restart). None for a level Word cannot have, a bullet, or a number that
    /// would be out of Word's range or longer than [`MAX_DRAWN`].
    pub fn next(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let a = self.nums.get(num_id)?.clone();
        let ilvl = usize::from(ilvl);
        if ilvl >= LEVELS {
            return None;
        }
        let mut starts = [Some(1u32); LEVELS];
        for (k, start) in starts.iter_mut().enumerate() {
            if let Some(l) = self.levels.get(&(a.clone(), k as u8)) {
                *start = l.start;
            }
        }
        let counters = self.counters.entry(a.clone()).or_insert([0; LEVELS]);
        let current = if counters[ilvl] == 0 {
            starts[ilvl]
        } else {
            counters[ilvl].checked_add(1).filter(|&v| v <= MAX_START)
        };
        // A level with no valid start, or counted past Word's range: the paragraph is read
        // without its number; the counter stays where it was.
        let current = current?;
        counters[ilvl] = current;
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = 0;
        }
        let counters = *counters;
        let level = self.levels.get(&(a.clone(), ilvl as u8))?;
        if level.format == "none" || level.format == "bullet" {
            return None;
        }
        let text = level.text.as_deref()?;
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let placeholder = (c == '%')
                .then(|| chars.peek().and_then(|d| d.to_digit(10)))
                .flatten()
                .filter(|&d| (1..=LEVELS as u32).contains(&d));
            match placeholder {
                Some(d) => {
                    chars.next();
                    let k = d as usize - 1;
                    // A placeholder for a level deeper than this one: Word draws nothing.
                    if k <= ilvl {
                        let fmt = self
                            .levels
                            .get(&(a.clone(), k as u8))
                            .map_or("decimal", |l| l.format.as_str());
                        let value = if counters[k] == 0 {
                            starts[k]?
                        } else {
                            counters[k]
                        };
                        out.push_str(&format_number(value, fmt));
                    }
                }
                None => out.push(c),
            }
            if out.chars().count() > MAX_DRAWN {
                return None;
            }
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

    /// Issue 25, item 2: `w:start` 4294967295 in upperRoman with 1,000 × `%1` built 4.3 GB per
    /// paragraph (and `counter + 1` overflowed). Out of Word's range, it draws nothing now.
    #[test]
    fn a_numbering_bomb_draws_nothing_and_allocates_nothing() {
        let bomb = |start: &str, text: &str| {
            format!(
                r#"<w:numbering xmlns:w="x"><w:abstractNum w:abstractNumId="1">
                <w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="{text}"/></w:lvl>
                </w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#
            )
        };
        let mut n = Numbering::parse(&bomb("4294967295", &"%1".repeat(1000)));
        for _ in 0..3 {
            assert_eq!(n.next("1", 0), None);
        }
        // Word's largest start, in a level text Word could hold: too long to be a number.
        let mut n = Numbering::parse(&bomb("32767", &"%1".repeat(100)));
        assert_eq!(n.next("1", 0), None);
        // A short text at Word's largest start is drawn; the next one would pass the range.
        let mut n = Numbering::parse(&bomb("32767", "%1."));
        assert_eq!(
            n.next("1", 0).as_deref(),
            Some("MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMDCCLXVII.")
        );
        assert_eq!(n.next("1", 0), None);
        // A level Word cannot have (ilvl 9 and over) draws nothing.
        assert_eq!(n.next("1", 9), None);
        assert_eq!(n.next("1", 255), None);
    }
}
