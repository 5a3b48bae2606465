//! Narrative Markdown to HTML. Reports are typed or pasted by many hands; raw HTML in them is
//! passed through a maintained sanitizer (ammonia) so a `<script>` or an `onclick` never reaches
//! a reader's browser.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// The deepest nesting (Markdown blocks and raw HTML tags together) given to the sanitizer. Its
/// HTML parser spends time proportional to the depth on every tag, so 1 MB of nested `<div>`
/// took minutes; real reports nest a few levels. Deeper text is rendered plainly instead.
const MAX_DEPTH: usize = 64;

/// Markdown to sanitized HTML.
///
/// pulldown-cmark escapes all text itself; what can carry markup or script is raw HTML and the
/// URLs of links and images (`javascript:`). Only output that has those goes through the
/// sanitizer, which is the slow part (an HTML parse) and which most reports never need. Text
/// nested deeper than [`MAX_DEPTH`] never reaches it: its raw HTML is shown as text and its
/// links as their words, which needs no sanitizing and takes linear time.
pub fn to_html(markdown: &str) -> String {
    if markdown.trim().is_empty() {
        return String::new();
    }
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut needs_sanitizer = false;
    let mut depth = Depth::default();
    let events: Vec<Event> = Parser::new_ext(markdown, options)
        .map(without_control_chars)
        .inspect(|e| {
            depth.event(e);
            if matches!(
                e,
                Event::Html(_)
                    | Event::InlineHtml(_)
                    | Event::Start(Tag::Link { .. })
                    | Event::Start(Tag::Image { .. })
            ) {
                needs_sanitizer = true;
            }
        })
        .collect();
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    if depth.max > MAX_DEPTH {
        html::push_html(&mut raw, events.into_iter().filter_map(plain));
        return raw;
    }
    html::push_html(&mut raw, events.into_iter());
    if needs_sanitizer {
        ammonia::clean(&raw)
    } else {
        raw
    }
}

/// Text without control characters (`check` rejects them; a page or feed must not carry them).
fn without_control_chars(e: Event) -> Event {
    fn strip(s: CowStr) -> CowStr {
        match crate::control_chars::find(&s) {
            None => s,
            Some(_) => CowStr::from(crate::control_chars::strip(&s).into_owned()),
        }
    }
    match e {
        Event::Text(s) => Event::Text(strip(s)),
        Event::Code(s) => Event::Code(strip(s)),
        Event::Html(s) => Event::Html(strip(s)),
        Event::InlineHtml(s) => Event::InlineHtml(strip(s)),
        e => e,
    }
}

/// An event of too deeply nested text without anything that needs sanitizing: raw HTML becomes
/// text, a link or image its words.
fn plain(e: Event) -> Option<Event> {
    match e {
        Event::Html(s) | Event::InlineHtml(s) => Some(Event::Text(s)),
        Event::Start(Tag::Link { .. } | Tag::Image { .. })
        | Event::End(TagEnd::Link | TagEnd::Image) => None,
        e => Some(e),
    }
}

/// The nesting depth of the HTML the sanitizer would parse, counted conservatively: Markdown
/// blocks and inlines, raw HTML elements until their end tag, and formatting elements (`<b>`,
/// `<font>` …) until their own end tag, since the HTML parser reopens those after other tags
/// close.
#[derive(Default)]
struct Depth {
    markdown: usize,
    /// Raw HTML elements open, by lower-case name (scanning stops once too deep, so searching it
    /// stays cheap).
    open: Vec<String>,
    formatting: usize,
    max: usize,
}

impl Depth {
    fn event(&mut self, e: &Event) {
        if self.max > MAX_DEPTH {
            return;
        }
        match e {
            Event::Start(_) => self.markdown += 1,
            Event::End(_) => self.markdown = self.markdown.saturating_sub(1),
            Event::Html(s) | Event::InlineHtml(s) => self.raw(s),
            _ => {}
        }
        self.max = self
            .max
            .max(self.markdown + self.open.len() + self.formatting);
    }

    fn raw(&mut self, s: &CowStr) {
        let mut rest: &str = s;
        while let Some(i) = rest.find('<') {
            rest = &rest[i + 1..];
            let (end, name_at) = match rest.strip_prefix('/') {
                Some(r) => (true, r),
                None => (false, rest),
            };
            let len = name_at
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(name_at.len());
            if len == 0 || !name_at.as_bytes()[0].is_ascii_alphabetic() {
                continue;
            }
            let name = name_at[..len].to_ascii_lowercase();
            let self_closing = name_at[len..]
                .find('>')
                .is_some_and(|j| name_at[..len + j].ends_with('/'));
            if end {
                self.close(&name);
            } else if !self_closing && !VOID.contains(&name.as_str()) {
                if FORMATTING.contains(&name.as_str()) {
                    self.formatting += 1;
                }
                self.open.push(name);
                if self.open.len() + self.formatting > MAX_DEPTH {
                    self.max = usize::MAX;
                    return;
                }
            }
        }
    }

    fn close(&mut self, name: &str) {
        if FORMATTING.contains(&name) {
            self.formatting = self.formatting.saturating_sub(1);
        }
        if let Some(at) = self.open.iter().rposition(|n| n == name) {
            self.open.truncate(at);
        }
    }
}

/// Elements without content or end tag.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The HTML parser's formatting elements (reopened after a misnested end tag).
const FORMATTING: [&str; 14] = [
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_sanitized() {
        let html = to_html("正文<script>alert(1)</script>\n\n<p onclick=\"x()\">段落</p>\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(html.contains("段落"));
    }

    #[test]
    fn dangerous_links_are_sanitized() {
        let html = to_html("[点击](javascript:alert(1)) ![x](javascript:y)");
        assert!(!html.contains("javascript"), "{html}");
    }

    #[test]
    fn markdown_is_rendered() {
        assert_eq!(
            to_html("### （一）主动公开\n\n共**44**条。"),
            "<h3>（一）主动公开</h3>\n<p>共<strong>44</strong>条。</p>\n"
        );
    }

    #[test]
    fn control_characters_are_dropped() {
        let html = to_html("甲\u{1b}[31m乙 `c\u{7}` <b>\u{85}</b>");
        assert!(
            !html.contains(crate::control_chars::is_forbidden),
            "{html:?}"
        );
        assert!(html.contains("甲[31m乙"), "{html}");
    }

    #[test]
    fn shallow_raw_html_is_kept_and_sanitized() {
        let html = to_html(&format!("{}<b onclick=\"x()\">深</b>", "<div>".repeat(20)));
        assert!(html.contains("<b>深</b>"), "{html}");
        assert!(html.contains("<div>"), "{html}");
    }

    #[test]
    fn deep_nesting_is_rendered_plainly() {
        for deep in [
            "<div>".repeat(100),
            "<p><b class=x></p>".repeat(100),
            format!("{}[点击](javascript:alert(1))", "> ".repeat(100)),
        ] {
            let html = to_html(&format!("{deep}<script>alert(1)</script>"));
            assert!(!html.contains("<script"), "{html}");
            assert!(!html.contains("<b class"), "{html}");
            assert!(!html.contains("javascript"), "{html}");
        }
    }
}
