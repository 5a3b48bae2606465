//! A report's narrative as plain text: what search matches phrases in and cuts snippets from.

use super::terms::is_han;
use crate::content::Report;
use pulldown_cmark::{Event, Options, Parser, TagEnd};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The texts one search job made for the other: the index (every report's text, for its terms)
/// and the text files (`text-N.json`, the same texts) each need every report's text, and making
/// it (a Markdown parse) was a tenth of a build. Whichever job comes first offers the text, the
/// other takes it; a text is offered only while the offers held stay under [`Texts::BUDGET`]
/// bytes, so a large site holds a bounded amount (past it, both make the text, as before).
pub struct Texts {
    slots: Vec<Mutex<Slot>>,
    held: AtomicUsize,
}

#[derive(Default)]
enum Slot {
    /// Neither job has made this report's text yet.
    #[default]
    Unmade,
    /// Made by one job, not yet taken by the other.
    Offered(String),
    /// Taken, or made and not offered: whoever comes later makes it.
    Gone,
}

impl Texts {
    /// Bytes of texts held at most: about 10,000 reports' narratives.
    const BUDGET: usize = 48 << 20;

    pub fn new(reports: usize) -> Texts {
        Texts {
            slots: (0..reports).map(|_| Mutex::default()).collect(),
            held: AtomicUsize::new(0),
        }
    }

    /// [`report_text`] of report `i` (`rep`): taken when the other job offered it, else made
    /// and offered.
    pub fn get(&self, i: usize, rep: &Report) -> String {
        let Some(slot) = self.slots.get(i) else {
            return report_text(rep);
        };
        let lock = || slot.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(text) = self.take(&mut lock()) {
            return text;
        }
        let text = report_text(rep);
        let mut slot = lock();
        match *slot {
            Slot::Unmade => {
                let held = self.held.fetch_add(text.len(), Ordering::Relaxed) + text.len();
                if held <= Self::BUDGET {
                    *slot = Slot::Offered(text.clone());
                } else {
                    self.held.fetch_sub(text.len(), Ordering::Relaxed);
                    *slot = Slot::Gone;
                }
            }
            // Both made it at once: the offer is not needed.
            Slot::Offered(_) => drop(self.take(&mut slot)),
            Slot::Gone => {}
        }
        text
    }

    /// The offered text of a slot, which is then gone.
    fn take(&self, slot: &mut Slot) -> Option<String> {
        if !matches!(slot, Slot::Offered(_)) {
            return None;
        }
        match std::mem::replace(slot, Slot::Gone) {
            Slot::Offered(text) => {
                self.held.fetch_sub(text.len(), Ordering::Relaxed);
                Some(text)
            }
            _ => None,
        }
    }
}

/// The narrative (preamble, then each section's heading and body) as plain text, one block
/// (paragraph, heading, list item, table cell) a line. Raw HTML is dropped, not shown.
pub fn report_text(rep: &Report) -> String {
    let mut out = String::new();
    push_markdown(&mut out, &rep.narrative.preamble);
    for s in &rep.narrative.sections {
        out.push_str(s.heading.trim());
        out.push('\n');
        push_markdown(&mut out, &s.body);
    }
    out.truncate(out.trim_end().len());
    // Without bidi or zero-width characters (F-INVISIBLE), as on the pages: the search shows it.
    crate::control_chars::strip_owned(out)
}

fn push_markdown(out: &mut String, markdown: &str) {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => soft_break(out),
            Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock,
            ) => end_line(out),
            _ => {}
        }
    }
}

/// A line wrapped inside a Chinese sentence joins without a space, so a phrase split across the
/// wrap is still found; Latin words keep their space.
fn soft_break(out: &mut String) {
    if !out.chars().next_back().is_some_and(is_han) {
        out.push(' ');
    }
}

fn end_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(md: &str) -> String {
        let mut s = String::new();
        push_markdown(&mut s, md);
        s
    }

    #[test]
    fn markup_is_dropped_and_blocks_are_lines() {
        assert_eq!(
            text("**（二）依申请公开**\n\n共收到<b>申请</b>2件。\n\n- 甲\n- 乙"),
            "（二）依申请公开\n共收到申请2件。\n甲\n乙\n"
        );
    }

    #[test]
    fn a_wrapped_chinese_line_joins_without_a_space() {
        assert_eq!(text("依申\n请公开 and\nmore"), "依申请公开 and more\n");
    }
}
