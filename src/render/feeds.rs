//! Atom feeds and the sitemap. Dates come from the reports (publication date, else the end of
//! the statistical year), never from the clock, so two builds give the same bytes.

use super::esc;
use std::fmt::Write as _;

pub struct Entry {
    /// Absolute URL of the report page.
    pub url: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub summary: String,
}

/// An Atom feed. `self_url` and `home_url` are absolute.
pub fn atom(title: &str, self_url: &str, home_url: &str, entries: &[Entry]) -> String {
    let updated = entries
        .iter()
        .map(|e| e.date.as_str())
        .max()
        .unwrap_or("1970-01-01");
    let mut out = String::with_capacity(512 + entries.len() * 400);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>{}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}\"/>\n<link href=\"{}\"/>\n<updated>{updated}T00:00:00Z</updated>\n<author><name>{}</name></author>\n",
        esc(title),
        esc(self_url),
        esc(self_url),
        esc(home_url),
        esc(title),
    );
    for e in entries {
        let _ = write!(
            out,
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<updated>{}T00:00:00Z</updated>\n<summary>{}</summary>\n</entry>\n",
            esc(&e.title),
            esc(&e.url),
            esc(&e.url),
            e.date,
            esc(&e.summary)
        );
    }
    out.push_str("</feed>\n");
    out
}

/// `sitemap.xml` of absolute page URLs.
pub fn sitemap(urls: &[String]) -> String {
    let mut out = String::with_capacity(128 + urls.len() * 80);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for u in urls {
        let _ = writeln!(out, "<url><loc>{}</loc></url>", esc(u));
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_a_feed() {
        let entry = Entry {
            url: "https://x/2023/a/".into(),
            title: "甲局\u{1}\u{8}\u{1b}[2J年报".into(),
            date: "2024-01-31".into(),
            summary: "共\u{85}3件\u{7f}\u{ffff}".into(),
        };
        let feed = atom("门户\u{b}", "https://x/atom.xml", "https://x/", &[entry]);
        assert!(
            !feed.contains(crate::control_chars::is_forbidden),
            "{feed:?}"
        );
        assert!(feed.contains("<title>甲局[2J年报</title>"), "{feed}");
        let mut reader = quick_xml::Reader::from_str(&feed);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{e}: {feed}"),
            }
        }
    }
}
