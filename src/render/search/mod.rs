//! Full-text search across every report, as static files: the search page (`sousuo/`), and an
//! index the page's script (`themes/default/static/search.js`) reads with plain HTTP requests,
//! so the portal needs no search server and works from any static host, under any sub-path.
//!
//! The index (in `sousuo/`):
//! - `meta.json`: the departments, and each report's year, department, title and path, in the
//!   order of the site model (a report's number is its place in this list);
//! - `shard-N.json`: term → posting list ([`postings::encode`]), each term in the shard its hash
//!   picks ([`terms::shard_of`]), so a query reads only the few shards of its terms;
//! - `text-N.json`: the plain text of [`TEXT_CHUNK`] reports in a row, read only for the
//!   results shown, to confirm a phrase longer than two characters and cut a snippet around it.
//!
//! Why hand-written and not the `pagefind` crate (1.6, feature `extended`), measured on the same
//! sites: Pagefind matches parts of words too, but not whole phrases ("统计局" listed all 48 demo
//! reports, one of which has it; "2023 统计局" listed 13, one real), it took 50 s of CPU and
//! 4.3 GB to index 10,000 reports (this index: 0.6 s and 18 MB more than the build without
//! it), wrote 63 MB (this: 23 MB, of which a query reads a few hundred KB), and it would add
//! 111 crates (tokio, lol_html, a second cssparser, ICU's segmenter data) to the build.

mod index;
mod patch;
pub mod postings;
pub mod terms;
pub mod text;

use super::{Renderer, paths};
use crate::error::Error;
use crate::site::model::Model;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// Reports whose texts share one `text-N.json`: small enough that showing 20 results reads
/// little, large enough that a big site does not get a file per report.
pub const TEXT_CHUNK: usize = 16;

/// Shards for a site of `reports` reports: about one per 64 reports, a power of two (the
/// browser masks the hash), at most 1024.
pub fn shard_count(reports: usize) -> usize {
    (reports / 64).clamp(1, 1024).next_power_of_two()
}

pub fn text_chunks(reports: usize) -> usize {
    reports.div_ceil(TEXT_CHUNK)
}

/// Output paths of the page and the index (meta, then the shards).
pub fn index_outputs(reports: usize) -> Vec<String> {
    let mut out = vec![
        paths::index(paths::SEARCH),
        format!("{}meta.json", paths::SEARCH),
    ];
    out.extend((0..shard_count(reports)).map(shard_output));
    out
}

/// The output path of shard `k`.
pub fn shard_output(k: usize) -> String {
    format!("{}shard-{k}.json", paths::SEARCH)
}

pub fn text_output(chunk: usize) -> String {
    format!("{}text-{chunk}.json", paths::SEARCH)
}

/// The reports (numbers into `Model::reports`) whose texts are in chunk `chunk`.
pub fn chunk_reports(model: &Model, chunk: usize) -> std::ops::Range<usize> {
    let start = chunk * TEXT_CHUNK;
    start..(start + TEXT_CHUNK).min(model.reports.len())
}

/// What the search page shows besides the shared header: the filters' choices and, for readers
/// without JavaScript, where to browse instead.
#[derive(Serialize)]
struct SearchView {
    /// Where the index files are (`/nianbao/sousuo/`).
    index_url: String,
    script_url: String,
    years: Vec<YearOption>,
    departments: Vec<DepartmentOption>,
    report_count: usize,
}

#[derive(Serialize)]
struct YearOption {
    year: i32,
    url: String,
}

#[derive(Serialize)]
struct DepartmentOption {
    slug: String,
    name: String,
    url: String,
}

/// `meta.json`. Tuples keep a 10,000-report list small: departments are `[name, slug]`, reports
/// `[year, department number, title, path from the site root, name on the report if it differs
/// from the department's]`.
#[derive(Serialize)]
struct Meta<'a> {
    shards: usize,
    chunk: usize,
    departments: Vec<(&'a str, &'a str)>,
    reports: Vec<(i32, usize, &'a str, String, &'a str)>,
}

/// The search page, `meta.json` and the shards, in the order of [`index_outputs`].
pub fn render_index(r: &Renderer) -> Result<Vec<Vec<u8>>, Error> {
    let m = r.model;
    let mut ctx = r.base.clone();
    ctx.insert("search", &view(r));
    let page = r.tera_render("search.html", &ctx)?;
    let mut out = vec![page, meta(m)];
    out.extend(kept_shards(r));
    Ok(out)
}

fn view(r: &Renderer) -> SearchView {
    let m = r.model;
    SearchView {
        index_url: r.urls.link(paths::SEARCH),
        script_url: r.urls.link("search.js"),
        years: m
            .years
            .iter()
            .rev()
            .map(|y| YearOption {
                year: y.year,
                url: r.urls.link(&paths::year_dir(y.year)),
            })
            .collect(),
        departments: m
            .departments
            .iter()
            .map(|d| DepartmentOption {
                slug: d.slug.clone(),
                name: d.name.clone(),
                url: r.urls.link(&paths::department_dir(&d.slug)),
            })
            .collect(),
        report_count: m.reports.len(),
    }
}

fn meta(m: &Model) -> Vec<u8> {
    let dept_number: HashMap<&str, usize> = m
        .departments
        .iter()
        .enumerate()
        .map(|(i, d)| (d.slug.as_str(), i))
        .collect();
    let reports = m
        .reports
        .iter()
        .map(|info| {
            let rep = info.report;
            let d = dept_number[rep.slug.as_str()];
            let own_name = if rep.department == m.departments[d].name {
                ""
            } else {
                rep.department.as_str()
            };
            (
                rep.year,
                d,
                rep.title.as_str(),
                paths::report_dir(rep.year, &rep.slug),
                own_name,
            )
        })
        .collect();
    let meta = Meta {
        shards: shard_count(m.reports.len()),
        chunk: TEXT_CHUNK,
        departments: m
            .departments
            .iter()
            .map(|d| (d.name.as_str(), d.slug.as_str()))
            .collect(),
        reports,
    };
    // Titles and names without bidi or zero-width characters (F-INVISIBLE), as on the pages.
    crate::control_chars::drop_invisible(serde_json::to_vec(&meta).expect("meta serialises"))
}

/// What is indexed of a report: its title and the names of its department (which the results
/// list shows), then its narrative.
fn indexed_text(r: &Renderer, i: usize) -> String {
    let m = r.model;
    let rep = m.reports[i].report;
    let name = m.department(&rep.slug).map_or("", |d| d.name.as_str());
    format!(
        "{}\n{}\n{}\n{}",
        rep.title,
        rep.department,
        name,
        r.search_texts.get(i, rep)
    )
}

/// The shard files, patched from the previous build's when only a few texts changed (see
/// [`patch`]), else made whole; the record of what they index is kept for the next build.
fn kept_shards(r: &Renderer) -> Vec<Vec<u8>> {
    let m = r.model;
    let Some(parts) = r.parts() else {
        return shards(r, |_, _| {});
    };
    let keys: Option<Vec<_>> = m
        .reports
        .iter()
        .map(|info| parts.key(&info.report.file))
        .collect();
    let Some(keys) = keys else {
        return shards(r, |_, _| {});
    };
    let prev = patch::Record::load(parts).filter(|p| p.reports.len() == keys.len());
    // A report whose key is the one recorded has the text recorded.
    let known = |i: usize| {
        prev.as_ref()
            .map(|p| p.reports[i])
            .filter(|(k, _)| *k == keys[i])
            .map(|(_, t)| t)
    };
    let patched = prev.as_ref().and_then(|prev| {
        let texts: Vec<patch::TextHash> = (0..keys.len())
            .into_par_iter()
            .map(|i| known(i).unwrap_or_else(|| patch::text_hash(&indexed_text(r, i))))
            .collect();
        let out = patch::shards(parts, prev, &texts, |i| {
            index::terms_of(&indexed_text(r, i))
        })?;
        Some((texts, out))
    });
    let (texts, out) = patched.unwrap_or_else(|| {
        let texts: Vec<std::sync::OnceLock<patch::TextHash>> =
            keys.iter().map(|_| std::sync::OnceLock::new()).collect();
        let out = shards(r, |i, text| {
            let _ = texts[i].set(patch::text_hash(text));
        });
        let texts = texts
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                t.into_inner()
                    .unwrap_or_else(|| patch::text_hash(&indexed_text(r, i)))
            })
            .collect();
        (texts, out)
    });
    let record: Vec<_> = keys.into_iter().zip(texts).collect();
    patch::Record::keep(parts, &record, &out);
    out
}

/// Every shard file: the posting lists of the terms whose hash picks it, as a JSON object.
/// `seen` is shown each report's indexed text.
fn shards(r: &Renderer, seen: impl Fn(usize, &str) + Sync) -> Vec<Vec<u8>> {
    let m = r.model;
    let n = m.reports.len();
    let count = shard_count(n);
    let mut by_shard: Vec<Vec<(String, postings::List)>> = (0..count).map(|_| Vec::new()).collect();
    let text = |i| {
        let text = indexed_text(r, i);
        seen(i, &text);
        text
    };
    for (t, ids) in index::postings(n, text) {
        by_shard[terms::shard_of(&t, count)].push((t, ids));
    }
    by_shard
        .into_par_iter()
        .map(|mut entries| {
            entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let map: serde_json::Map<String, serde_json::Value> = entries
                .into_iter()
                .map(|(t, ids)| (t, ids.encode().into()))
                .collect();
            serde_json::to_vec(&map).expect("shard serialises")
        })
        .collect()
}

/// `text-N.json`: the plain narrative of each report of the chunk, in report order.
pub fn render_text(r: &Renderer, chunk: usize) -> Vec<u8> {
    let m = r.model;
    let texts: Vec<String> = chunk_reports(m, chunk)
        .map(|i| r.search_texts.get(i, m.reports[i].report))
        .collect();
    serde_json::to_vec(&texts).expect("texts serialise")
}
