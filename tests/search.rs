//! The search index `gongkai build` writes (`sousuo/`), read back as the browser reads it: the
//! real binary on a small site, the shard a term's hash picks, its posting list decoded. The
//! browser side is tests/e2e/search.mjs.

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use common::*;
use gongkai::render::search::terms::shard_of;
use serde_json::Value;
use std::path::Path;

const CONFIG: &str = "title = \"测试站\"\nbase_url = \"/\"\n";

/// A report whose overview says `overview` (Markdown).
fn report(department: &str, year: i32, overview: &str) -> String {
    simple_report(department, year, 1).replace(
        "## 一、总体情况\n",
        &format!("## 一、总体情况\n\n{overview}\n"),
    )
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&read(path)).unwrap()
}

/// The numbers of the reports whose index terms include `term`, as search.js decodes them.
fn reports_with(out: &Path, term: &str) -> Vec<u64> {
    let meta = json(&out.join("sousuo/meta.json"));
    let shards = meta["shards"].as_u64().unwrap() as usize;
    let shard = json(&out.join(format!("sousuo/shard-{}.json", shard_of(term, shards))));
    let Some(list) = shard[term].as_str() else {
        return vec![];
    };
    let bytes = STANDARD.decode(&list[1..]).unwrap();
    if list.starts_with('b') {
        return (0..bytes.len() as u64 * 8)
            .filter(|i| bytes[*i as usize / 8] & (1 << (i % 8)) != 0)
            .collect();
    }
    let (mut ids, mut prev, mut gap, mut shift) = (vec![], -1i64, 0i64, 0);
    for b in bytes {
        gap |= i64::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            prev += gap;
            ids.push(prev as u64);
            (gap, shift) = (0, 0);
        }
    }
    ids
}

fn build_site(dir: &Path) -> std::path::PathBuf {
    let site = SiteBuilder::new(&dir.join("site"), CONFIG);
    site.report(
        2023,
        "tongji",
        &report("甲市统计局", 2023, "全年**依申请公开**办理2件。"),
    )
    .report(
        2023,
        "jiaoyu",
        &report(
            "甲市教育局",
            2023,
            "做好依申请\n公开工作<script>alert(1)</script>。",
        ),
    )
    .report(
        2024,
        "jiaoyu",
        &report("甲市教育局", 2024, "主动公开ＰＤＦ文件。"),
    );
    let out = dir.join("out");
    let o = build(&site.root, &out, &["--base-url", "/nianbao/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

#[test]
fn terms_find_reports_inside_words_and_across_a_wrapped_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_site(dir.path());
    let meta = json(&out.join("sousuo/meta.json"));
    let reports = meta["reports"].as_array().unwrap();
    let number = |dept: &str, year: i64| {
        reports
            .iter()
            .position(|r| {
                r[0] == year && meta["departments"][r[1].as_u64().unwrap() as usize][0] == dept
            })
            .unwrap() as u64
    };
    let (tongji, jiaoyu23, jiaoyu24) = (
        number("甲市统计局", 2023),
        number("甲市教育局", 2023),
        number("甲市教育局", 2024),
    );
    assert_eq!(reports.len(), 3);
    assert_eq!(reports_with(&out, "统计"), [tongji]);
    let mut both = vec![tongji, jiaoyu23];
    both.sort();
    // 依申请 wrapped over two lines in one report is still one phrase.
    assert_eq!(reports_with(&out, "依申"), both);
    assert_eq!(reports_with(&out, "请公"), both);
    assert_eq!(
        reports_with(&out, "pdf"),
        [jiaoyu24],
        "full-width ＰＤＦ folds"
    );
    assert_eq!(reports_with(&out, "2024"), [jiaoyu24]);
    assert!(reports_with(&out, "计教").is_empty());
    let r = &reports[tongji as usize];
    assert_eq!(r[3], "2023/tongji/");
}

#[test]
fn texts_are_plain_and_the_page_works_under_the_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_site(dir.path());
    let texts: Vec<String> = serde_json::from_str(&read(&out.join("sousuo/text-0.json"))).unwrap();
    assert_eq!(texts.len(), 3);
    let all = texts.join("\n");
    assert!(all.contains("全年依申请公开办理2件。"), "{all}");
    assert!(!all.contains("<script") && !all.contains("**"), "{all}");

    let page = html(&out.join("sousuo/index.html"));
    let form = page.select(&sel("form#search-form")).next().unwrap();
    assert_eq!(form.value().attr("data-index"), Some("/nianbao/sousuo/"));
    assert!(
        form.value().attr("hidden").is_some(),
        "shown by the script only"
    );
    let links: Vec<&str> = page
        .select(&sel(".search-browse a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(links.contains(&"/nianbao/2024/") && links.contains(&"/nianbao/departments/"));
    let nav = html(&out.join("index.html"));
    assert!(
        nav.select(&sel(".site-nav a"))
            .any(|a| a.value().attr("href") == Some("/nianbao/sousuo/") && text(a) == "搜索")
    );
}
