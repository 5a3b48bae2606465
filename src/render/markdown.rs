//! Narrative Markdown to HTML. Reports are typed or pasted by many hands; raw HTML in them is
//! passed through a maintained sanitizer (ammonia) so a `<script>` or an `onclick` never reaches
//! a reader's browser.

use pulldown_cmark::{Event, Options, Parser, Tag, html};

/// Markdown to sanitized HTML.
///
/// pulldown-cmark escapes all text itself; what can carry markup or script is raw HTML and the
/// URLs of links and images (`javascript:`). Only output that has those goes through the
/// sanitizer, which is the slow part (an HTML parse) and which most reports never need.
pub fn to_html(markdown: &str) -> String {
    if markdown.trim().is_empty() {
        return String::new();
    }
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut needs_sanitizer = false;
    let events = Parser::new_ext(markdown, options).inspect(|e| {
        if matches!(
            e,
            Event::Html(_)
                | Event::InlineHtml(_)
                | Event::Start(Tag::Link { .. })
                | Event::Start(Tag::Image { .. })
        ) {
            needs_sanitizer = true;
        }
    });
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events);
    if needs_sanitizer {
        ammonia::clean(&raw)
    } else {
        raw
    }
}

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
}
