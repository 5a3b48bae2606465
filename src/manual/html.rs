//! A chapter of the manual as HTML for the portal: headings get the anchors GitHub gives them
//! (so a link works the same in the repository and on the site), links between chapters become
//! links between pages, and links to files that are not published (source files, the other
//! language) become their words. The chapters are part of gongkai, not content from users: the
//! HTML they hold (the generated regions' comments) is passed through.

use super::{Chapter, anchor, unique};
use crate::render::esc;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// A chapter rendered: its HTML and its sections for search.
#[derive(Debug)]
pub struct ChapterHtml {
    pub html: String,
    pub sections: Vec<Section>,
}

/// A part of a chapter under one heading (or before the first), for the manual's search.
#[derive(Debug)]
pub struct Section {
    pub heading: String,
    pub anchor: String,
    /// Its words, without markup.
    pub text: String,
}

/// Where a chapter sits in the repository (`docs/manual/zh-CN/format.md`), to resolve its
/// relative links.
pub fn repo_path(folder: &str, chapter: &Chapter) -> String {
    normalize(&format!("docs/manual/{folder}/{}", chapter.file))
}

/// `a/b/../c` → `a/c`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = vec![];
    for p in path.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The chapter at `path` as HTML. `page_of` gives the URL of the page that shows the
/// repository file it is given (`docs/manual/zh-CN/format.md`), or `None` for a file not
/// published: a link to it is then shown as its words.
pub fn render(markdown: &str, path: &str, page_of: &dyn Fn(&str) -> Option<String>) -> ChapterHtml {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");

    // Headings: their text, their anchor, the sections they start.
    let mut taken: Vec<String> = vec![];
    let mut sections = vec![Section {
        heading: String::new(),
        anchor: String::new(),
        text: String::new(),
    }];
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { .. }) = events[i] {
            let mut text = String::new();
            let mut j = i + 1;
            while !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let id = unique(&taken, anchor(&text));
            taken.push(id.clone());
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id.clone()));
            }
            sections.push(Section {
                heading: text,
                anchor: id,
                text: String::new(),
            });
            i = j;
        } else {
            let section = sections.last_mut().expect("there is a first section");
            match &events[i] {
                Event::Text(t) | Event::Code(t) => section.text.push_str(t),
                // Blocks and cells apart, words within a paragraph together (Chinese has no
                // spaces between them).
                Event::End(_) | Event::SoftBreak | Event::HardBreak => section.text.push(' '),
                _ => {}
            }
        }
        i += 1;
    }
    sections.retain(|s| !s.heading.is_empty() || !s.text.trim().is_empty());

    // Links: to a published page, or shown as their words. Written as HTML here rather than by
    // pulldown-cmark, which percent-encodes an address: an anchor stays `#报告文件`, the id of
    // its heading, as the other pages of the site write theirs.
    let mut open: Option<bool> = None;
    let mut heading: Option<String> = None;
    let mut last_heading = String::new();
    let mut out_events: Vec<Event> = Vec::with_capacity(events.len());
    for e in events {
        match e {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let url = target(&dest_url, dir, page_of);
                open = Some(url.is_some());
                if let Some(u) = url {
                    out_events.push(Event::InlineHtml(CowStr::from(format!(
                        "<a href=\"{}\">",
                        esc(&u)
                    ))));
                }
            }
            Event::End(TagEnd::Link) => {
                if open.take() == Some(true) {
                    out_events.push(Event::InlineHtml(CowStr::from("</a>")));
                }
            }
            // A wide table scrolls in a region of its own that the keyboard can reach (as the
            // site's other tables do), named by the heading it is under.
            Event::Start(Tag::Table(_)) => {
                out_events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"manual-table\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">",
                    esc(&last_heading)
                ))));
                out_events.push(e);
            }
            Event::End(TagEnd::Table) => {
                out_events.push(e);
                out_events.push(Event::Html(CowStr::from("</div>\n")));
            }
            e => {
                match &e {
                    Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
                    Event::Text(t) | Event::Code(t) => {
                        if let Some(h) = heading.as_mut() {
                            h.push_str(t);
                        }
                    }
                    Event::End(TagEnd::Heading(_)) => {
                        last_heading = heading.take().unwrap_or_default()
                    }
                    _ => {}
                }
                out_events.push(e);
            }
        }
    }
    let events = out_events;
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    ChapterHtml {
        html: out,
        sections,
    }
}

/// Where a link of a chapter in `dir` goes on the site, or `None` when it goes to a file that
/// is not published. Web addresses and anchors of the same page are kept.
fn target(dest: &str, dir: &str, page_of: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    if dest.starts_with("http://") || dest.starts_with("https://") || dest.starts_with('#') {
        return Some(dest.to_string());
    }
    let (file, fragment) = match dest.split_once('#') {
        Some((f, a)) => (f, format!("#{a}")),
        None => (dest, String::new()),
    };
    let page = page_of(&normalize(&format!("{dir}/{file}")))?;
    Some(format!("{page}{fragment}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(path: &str) -> Option<String> {
        match path {
            "docs/manual/zh-CN/format.md" => Some("/shouce/format/".into()),
            "docs/deploy.md" => Some("/shouce/deploy-commands/".into()),
            _ => None,
        }
    }

    #[test]
    fn headings_get_anchors_and_links_point_at_pages() {
        let md = "# 手册\n\n见[格式](format.md#报告文件)、[部署](../../deploy.md#nginx)和[源代码](../../../src/lib.rs)。\n\n## 报告文件\n\n正文 `code`。\n";
        let out = render(md, "docs/manual/zh-CN/index.md", &pages);
        assert!(
            out.html.contains(r#"<h1 id="手册">手册</h1>"#),
            "{}",
            out.html
        );
        assert!(out.html.contains(r#"<h2 id="报告文件">"#));
        assert!(out.html.contains(r#"href="/shouce/format/#报告文件""#));
        assert!(
            out.html
                .contains(r#"href="/shouce/deploy-commands/#nginx""#)
        );
        assert!(out.html.contains("和源代码。"), "{}", out.html);
        let anchors: Vec<&str> = out.sections.iter().map(|s| s.anchor.as_str()).collect();
        assert_eq!(anchors, ["手册", "报告文件"]);
        assert!(out.sections[1].text.contains("code"));
    }
}
