//! Splitting a report body into its preamble and `##` sections, recognised by heading text.

use super::report::{Narrative, NarrativeSection};
use crate::schema;

/// Split the Markdown body (which starts at `first_line` of the file) at level-2 ATX headings
/// outside fenced code blocks. Each piece is copied once, from the body's text between headings.
pub fn split(body: &str, first_line: u32) -> Narrative {
    let mut narrative = Narrative {
        preamble_line: first_line,
        ..Narrative::default()
    };
    let mut current: Option<NarrativeSection> = None;
    // Where the current piece's text starts, and where the next line starts.
    let (mut start, mut offset) = (0, 0);
    let mut fence: Option<&str> = None;
    for (i, line) in body.split('\n').enumerate() {
        let line_start = offset;
        offset += line.len() + 1;
        let lineno = first_line + i as u32;
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
        } else if let Some(heading) = level2_heading(line) {
            flush(&mut narrative, current.take(), &body[start..line_start]);
            current = Some(NarrativeSection {
                heading: heading.to_string(),
                key: recognise(heading),
                heading_line: lineno,
                body: String::new(),
                body_line: lineno + 1,
            });
            start = offset.min(body.len());
        }
    }
    flush(&mut narrative, current, &body[start..]);
    // Held for the whole build: without the room the list grew into (a report of three
    // sections would keep four), some 7 MB at 100,000 reports.
    narrative.sections.shrink_to_fit();
    narrative
}

fn flush(n: &mut Narrative, section: Option<NarrativeSection>, text: &str) {
    let text = text.trim_end().to_string();
    match section {
        Some(mut s) => {
            s.body = text;
            n.sections.push(s);
        }
        None => n.preamble = text,
    }
}

/// `## heading` (up to three spaces of indent, closing #s dropped).
fn level2_heading(line: &str) -> Option<&str> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = line[indent..].strip_prefix("##")?;
    if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')) {
        return None;
    }
    Some(rest.trim().trim_end_matches('#').trim_end())
}

/// The narrative section a heading names, by the schema's keywords (numbering ignored).
pub fn recognise(heading: &str) -> Option<&'static str> {
    schema::narrative_sections()
        .find(|s| {
            s.narrative_keywords()
                .is_some_and(|kws| kws.iter().any(|k| heading.contains(k)))
        })
        .map(|s| s.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_preamble_and_sections_by_heading_text() {
        let body = "前言\n\n## 1、 总体情况\n正文\n### （一）主动公开\n\n```\n## not a heading\n```\n## 五、政府信息公开工作存在的主要问题及改进情况\n问题\n## 六、其它需要报告的事项\n无。\n";
        let n = split(body, 10);
        assert_eq!(n.preamble, "前言");
        let keys: Vec<_> = n.sections.iter().map(|s| s.key).collect();
        assert_eq!(keys, [Some("overview"), Some("problems"), Some("other")]);
        assert_eq!(n.sections[0].heading_line, 12);
        assert!(n.sections[0].body.contains("## not a heading"));
        assert_eq!(n.sections[1].body, "问题");
        assert_eq!(n.sections[1].body_line, 20);
    }

    #[test]
    fn level3_and_hashtags_are_not_sections() {
        assert_eq!(level2_heading("### x"), None);
        assert_eq!(level2_heading("##x"), None);
        assert_eq!(level2_heading("## 一、总体情况 ##"), Some("一、总体情况"));
    }
}
