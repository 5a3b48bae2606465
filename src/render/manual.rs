//! The user manual published with the portal, under `/shouce/` (手册): each chapter of
//! `docs/manual/<language>/` (embedded in the binary, [`crate::manual`]) as a page of the site's
//! theme (`manual.html`, [`ManualView`]), the tested deploy commands (`docs/deploy.md`) beside
//! them, and a small search index of their sections that `manual.js` reads. Readers of the
//! "about the data" page who want to know how the figures are checked find the rules there;
//! the clerk who runs the portal finds the manual of the gongkai that built it.
//!
//! The manual has a few hundred sections, so its search is a substring match in the browser over
//! one JSON file, not the reports' sharded index ([`super::search`]), which is built for
//! 100,000 reports and filters by year and department.

use super::views::{ManualChapter, ManualView};
use super::{Deps, Job, Page, Renderer};
use crate::error::Error;
use crate::i18n::Lang;
use crate::manual::{self, Chapter, html};
use serde::Serialize;

/// The manual's folder in the output.
pub const DIR: &str = "shouce/";
/// The page of the tested deploy commands.
const DEPLOY_COMMANDS: &str = "deploy-commands";
const SEARCH_INDEX: &str = "shouce/search.json";

/// Every page of the manual in `lang`, with its output folder (`shouce/format/`; the front page
/// `shouce/`).
fn pages(lang: Lang) -> Vec<(&'static Chapter, String)> {
    manual::chapters(lang)
        .iter()
        .map(|c| match c.stem() {
            "" => (c, DIR.to_string()),
            stem => (c, format!("{DIR}{stem}/")),
        })
        .chain([(&manual::DEPLOY_COMMANDS, format!("{DIR}{DEPLOY_COMMANDS}/"))])
        .collect()
}

/// The job of the whole manual: its pages and search index depend on nothing but the theme.
pub fn job(lang: Lang) -> Job {
    let mut outputs: Vec<String> = pages(lang)
        .iter()
        .map(|(_, dir)| super::paths::index(dir))
        .collect();
    outputs.push(SEARCH_INDEX.into());
    Job {
        page: Page::Manual,
        outputs,
        deps: Deps::None,
    }
}

/// The manual's pages for `sitemap.xml`, as absolute URLs.
pub fn sitemap_urls(r: &Renderer) -> Vec<String> {
    pages(r.model.site.config.lang())
        .iter()
        .map(|(_, dir)| r.urls.abs(dir))
        .collect()
}

/// One entry of `shouce/search.json`: a section's page and anchor, its chapter and heading, and
/// its words.
#[derive(Serialize)]
struct SearchEntry {
    url: String,
    chapter: String,
    heading: String,
    text: String,
}

/// The manual's pages, then its search index, in the order of [`job`]'s outputs.
pub fn render(r: &Renderer) -> Result<Vec<Vec<u8>>, Error> {
    let lang = r.model.site.config.lang();
    let folder = manual::folder(lang);
    let pages = pages(lang);
    let repo_paths: Vec<String> = pages
        .iter()
        .map(|(c, _)| html::repo_path(folder, c))
        .collect();
    let page_of = |path: &str| -> Option<String> {
        let i = repo_paths.iter().position(|p| p == path)?;
        Some(r.urls.link(&pages[i].1))
    };
    let manual_title = pages[0].0.title().to_string();
    let mut out = vec![];
    let mut index = vec![];
    for (i, (chapter, dir)) in pages.iter().enumerate() {
        let rendered = html::render(chapter.text, &repo_paths[i], &page_of);
        let url = r.urls.link(dir);
        for s in &rendered.sections {
            index.push(SearchEntry {
                url: if s.anchor.is_empty() {
                    url.clone()
                } else {
                    format!("{url}#{}", s.anchor)
                },
                chapter: chapter.title().to_string(),
                heading: s.heading.clone(),
                text: s.text.split_whitespace().collect::<Vec<_>>().join(" "),
            });
        }
        let view = ManualView {
            manual_title: manual_title.clone(),
            title: chapter.title().to_string(),
            html: rendered.html,
            chapters: pages
                .iter()
                .enumerate()
                .map(|(j, (c, d))| ManualChapter {
                    title: c.title().to_string(),
                    url: r.urls.link(d),
                    current: i == j,
                })
                .collect(),
            search_index_url: r.urls.link(SEARCH_INDEX),
            script_url: r.urls.link("manual.js"),
        };
        out.push(r.render_view("manual.html", &view)?);
    }
    out.push(serde_json::to_vec(&index).map_err(|e| Error::Template(e.to_string()))?);
    Ok(out)
}
