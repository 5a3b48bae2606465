//! Narrative Markdown to HTML. Reports are typed or pasted by many hands; raw HTML in them is
//! passed through a maintained sanitizer (ammonia) so a `<script>` or an `onclick` never reaches
//! a reader's browser.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// The deepest nesting (Markdown blocks and raw HTML tags together) given to the sanitizer. Its
/// HTML parser spends time proportional to the depth on every tag, so 1 MB of nested `<div>`
/// took minutes; real reports nest a few levels. Deeper text is rendered plainly instead.
const MAX_DEPTH: usize = 64;

/// The deepest nesting of block quotes and lists rendered (F-LIMIT). Reports nest two or three
/// levels; 1.8 MB of `>` used to render 1.8 million nested `<blockquote>`s (a 48 MB page, about
/// 1 GB while rendering). Markers past it are text, and containers deeper are not opened.
pub const MAX_NESTING: usize = 32;

/// Where a line's block-quote or list markers pass [`MAX_NESTING`]: the byte at which the first
/// marker too many starts (for a numbered item, its `.` or `)`), per line as (line index, byte).
/// Markers on one line are what can nest without end (`> > > …`, `- - - …`); nesting by
/// indentation costs the square of the depth in bytes, and is capped when rendering.
fn too_deep(markdown: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    markdown.split('\n').enumerate().filter_map(|(n, line)| {
        let b = line.as_bytes();
        let (mut i, mut count) = (0, 0);
        loop {
            while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                i += 1;
            }
            let spaced = |j: usize| j >= b.len() || b[j] == b' ' || b[j] == b'\t';
            let (marker, next) = match b.get(i) {
                Some(b'>') => (i, i + 1),
                Some(b'-' | b'*' | b'+') if spaced(i + 1) => (i, i + 1),
                Some(b'0'..=b'9') => {
                    let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                    match b.get(i + digits) {
                        Some(b'.' | b')') if digits <= 9 && spaced(i + digits + 1) => {
                            (i + digits, i + digits + 1)
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            };
            count += 1;
            if count > MAX_NESTING {
                return Some((n, marker));
            }
            i = next;
        }
    })
}

/// The first line (counted from 0) of `markdown` whose block quotes or lists nest deeper than
/// [`MAX_NESTING`] on that line, for `check` (F-LIMIT).
pub fn first_too_deep(markdown: &str) -> Option<usize> {
    too_deep(markdown).next().map(|(n, _)| n)
}

/// `markdown` with each marker past [`MAX_NESTING`] escaped, so the rest of its line is text.
fn capped(markdown: &str) -> std::borrow::Cow<'_, str> {
    let deep: Vec<(usize, usize)> = too_deep(markdown).collect();
    if deep.is_empty() {
        return std::borrow::Cow::Borrowed(markdown);
    }
    let mut out = String::with_capacity(markdown.len() + deep.len());
    let mut deep = deep.into_iter().peekable();
    for (n, line) in markdown.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        match deep.next_if(|&(k, _)| k == n) {
            Some((_, at)) => {
                out.push_str(&line[..at]);
                out.push('\\');
                out.push_str(&line[at..]);
            }
            None => out.push_str(line),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Block quotes, lists and items deeper than [`MAX_NESTING`] (nested by indentation) are not
/// opened: their text continues in the container above.
struct Containers {
    depth: usize,
    /// Per open container: whether it was dropped.
    dropped: Vec<bool>,
}

impl Containers {
    fn keep(&mut self, e: &Event) -> bool {
        match e {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item) => {
                let drop = self.depth >= MAX_NESTING;
                self.dropped.push(drop);
                if !drop {
                    self.depth += 1;
                }
                !drop
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item) => {
                let drop = self.dropped.pop().unwrap_or(false);
                if !drop {
                    self.depth = self.depth.saturating_sub(1);
                }
                !drop
            }
            _ => true,
        }
    }
}

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
    let markdown = capped(markdown);
    let mut containers = Containers {
        depth: 0,
        dropped: vec![],
    };
    let events: Vec<Event> = Parser::new_ext(&markdown, options)
        .filter(|e| containers.keep(e))
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

/// Text without control characters (`check` rejects them; a page or feed must not carry them)
/// nor bidi and zero-width characters.
fn without_control_chars(e: Event) -> Event {
    fn strip(s: CowStr) -> CowStr {
        // Bidi controls and zero-width characters too (F-INVISIBLE): they reorder or hide text.
        match crate::control_chars::strip(&s) {
            std::borrow::Cow::Borrowed(_) => s,
            std::borrow::Cow::Owned(t) => CowStr::from(t),
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

    /// Issue 25, item 10: 1.8 MB of `>` made 1.8 million nested block quotes (a 48 MB page).
    #[test]
    fn nesting_is_capped() {
        let quotes = ">".repeat(100_000);
        let html = to_html(&format!("{quotes} 深"));
        assert_eq!(
            html.matches("<blockquote>").count(),
            MAX_NESTING,
            "{}",
            html.len()
        );
        // Linear: the markers past the cap are text (`&gt;`, four bytes each).
        assert!(html.len() < 5 * quotes.len(), "{}", html.len());
        assert!(html.contains("深"));
        let lists = "- ".repeat(10_000) + "项";
        let html = to_html(&lists);
        assert!(
            html.matches("<ul>").count() <= MAX_NESTING,
            "{}",
            html.len()
        );
        // Nested by indentation, line after line.
        let indented: String = (0..200)
            .map(|k| format!("{}- 第{k}层\n", "  ".repeat(k)))
            .collect();
        let html = to_html(&indented);
        assert!(html.matches("<ul>").count() <= MAX_NESTING, "{html}");
        assert!(html.contains("第199层"));
        assert_eq!(first_too_deep(&format!("正文\n\n{quotes}")), Some(2));
        assert_eq!(first_too_deep("> > 引用\n1. 一\n   - 二"), None);
        // Ordinary reports are unchanged.
        assert_eq!(capped("> 引用\n\n1. 一").as_ref(), "> 引用\n\n1. 一");
    }

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
        assert_eq!(to_html("甲\u{202e}乙\u{200b}丙"), "<p>甲乙丙</p>\n");
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
