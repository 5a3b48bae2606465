//! The user manual (用户手册): Markdown chapters under `docs/manual/zh-CN/` and `docs/manual/en/`
//! (the same files in both), embedded in the binary so that `gongkai build` publishes them with
//! the portal, under `/shouce/` ([`html`] makes a chapter a page; `crate::render::manual` renders them with the theme).
//!
//! What the code defines is not written by hand: every rule, and every key of `site.toml`,
//! `content/departments.toml` and a report, is generated ([`generate`]) into the regions of a
//! chapter marked `<!-- generated:NAME -->` … `<!-- end generated -->`. `tests/manual.rs`
//! regenerates them and fails when a committed chapter differs (`UPDATE_MANUAL=1` rewrites it,
//! as `INSTA_UPDATE` does for snapshots), so the manual cannot drift from the code. The same
//! test runs every command block of the manual against a copy of the demo site.

pub mod generate;
pub mod html;

use crate::i18n::Lang;

/// One chapter: its file name (the same in every language) and its text.
#[derive(Debug)]
pub struct Chapter {
    pub file: &'static str,
    pub text: &'static str,
}

impl Chapter {
    /// The chapter's title: its first `# ` heading.
    pub fn title(&self) -> &'static str {
        self.text
            .lines()
            .find_map(|l| l.strip_prefix("# "))
            .unwrap_or(self.file)
            .trim()
    }

    /// The chapter's name in URLs and links (`format` for `format.md`; `""` for the index).
    pub fn stem(&self) -> &'static str {
        stem(self.file)
    }
}

/// `format.md` → `format`; `index.md` → `""` (the manual's front page).
pub fn stem(file: &str) -> &str {
    match file.strip_suffix(".md").unwrap_or(file) {
        "index" => "",
        s => s,
    }
}

macro_rules! chapters {
    ($lang:literal: $($file:literal),* $(,)?) => {
        &[$(Chapter {
            file: $file,
            text: include_str!(concat!("../../docs/manual/", $lang, "/", $file)),
        }),*]
    };
}

/// The chapters in reading order. A chapter added to one language must be added to the other
/// (`tests/manual.rs` compares both folders with these lists).
pub const ZH: &[Chapter] = chapters!("zh-CN":
    "index.md", "install.md", "first-day.md", "reports.md", "import.md", "rules.md",
    "publication.md", "deploy.md", "themes.md", "format.md", "commands.md", "faq.md",
);
pub const EN: &[Chapter] = chapters!("en":
    "index.md", "install.md", "first-day.md", "reports.md", "import.md", "rules.md",
    "publication.md", "deploy.md", "themes.md", "format.md", "commands.md", "faq.md",
);

/// The tested deploy commands (`docs/deploy.md`, in Chinese, run by `tests/deploy.rs`): linked
/// from the 部署 chapter and published beside the manual, never copied into it.
pub const DEPLOY_COMMANDS: Chapter = Chapter {
    file: "../../deploy.md",
    text: include_str!("../../docs/deploy.md"),
};

/// The chapters of a language.
pub fn chapters(lang: Lang) -> &'static [Chapter] {
    match lang {
        Lang::Zh => ZH,
        Lang::En => EN,
    }
}

/// The folder of a language's chapters under `docs/manual/`.
pub fn folder(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    }
}

const BEGIN: &str = "<!-- generated:";
const END: &str = "<!-- end generated -->";

/// A chapter with each generated region replaced by what the code generates now. `Err` names a
/// region that cannot be generated (an unknown name, a key without its description in
/// `locales/<lang>/manual.ftl`, a region left open).
pub fn regenerate(text: &str, lang: Lang) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let line_end = rest[start..]
            .find('\n')
            .map(|i| start + i + 1)
            .ok_or("a generated region's first line has no end")?;
        let marker = &rest[start..line_end];
        let name = marker[BEGIN.len()..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .trim_end_matches("-->");
        let end = rest[line_end..]
            .find(END)
            .map(|i| line_end + i)
            .ok_or_else(|| format!("generated region `{name}` has no `{END}`"))?;
        out.push_str(&rest[..line_end]);
        out.push('\n');
        out.push_str(&generate::region(name, lang)?);
        out.push('\n');
        rest = &rest[end..];
        out.push_str(&rest[..END.len()]);
        rest = &rest[END.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The anchor of a heading, as GitHub makes it (so that links work both on GitHub and in the
/// published manual): lower case, letters (Han characters included), digits, `-` and `_` kept,
/// spaces made `-`, everything else dropped.
pub fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a chapter's headings, in order, with GitHub's `-1`, `-2` for repeats.
pub fn anchors(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out: Vec<String> = vec![];
    let mut heading: Option<String> = None;
    for event in Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    out.push(unique(&out, anchor(&h)));
                }
            }
            _ => {}
        }
    }
    out
}

/// `base`, or `base-1`, `base-2`… when an earlier heading took it.
fn unique(taken: &[String], base: String) -> String {
    if !taken.contains(&base) {
        return base;
    }
    (1..)
        .map(|n| format!("{base}-{n}"))
        .find(|a| !taken.contains(a))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_as_github_makes_them() {
        assert_eq!(anchor("五、存在的主要问题"), "五存在的主要问题");
        assert_eq!(anchor("The `site.toml` file"), "the-sitetoml-file");
        assert_eq!(anchor("R-BAL"), "r-bal");
        assert_eq!(anchors("# A\n## A\n## A\n"), ["a", "a-1", "a-2"]);
    }

    #[test]
    fn regions_are_replaced_and_the_rest_kept() {
        let text = "前\n<!-- generated:editions (src/schema) -->\n旧\n<!-- end generated -->\n后\n";
        let new = regenerate(text, Lang::Zh).unwrap();
        assert!(new.starts_with("前\n<!-- generated:editions (src/schema) -->\n"));
        assert!(new.ends_with("<!-- end generated -->\n后\n"));
        assert!(!new.contains("旧") && new.contains("2021"));
        assert_eq!(regenerate(&new, Lang::Zh).unwrap(), new);
        assert!(
            regenerate(
                "<!-- generated:nonesuch -->\n<!-- end generated -->",
                Lang::Zh
            )
            .is_err()
        );
    }
}
