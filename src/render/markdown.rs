//! Narrative Markdown to HTML. Reports are typed or pasted by many hands; raw HTML in them is
//! passed through a maintained sanitizer (ammonia) so a `<script>` or an `onclick` never reaches
//! a reader's browser.

use pulldown_cmark::{Options, Parser, html};

/// Markdown to sanitized HTML.
pub fn to_html(markdown: &str) -> String {
    if markdown.trim().is_empty() {
        return String::new();
    }
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, parser);
    ammonia::clean(&raw)
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
    fn markdown_is_rendered() {
        assert_eq!(
            to_html("### （一）主动公开\n\n共**44**条。"),
            "<h3>（一）主动公开</h3>\n<p>共<strong>44</strong>条。</p>\n"
        );
    }
}
