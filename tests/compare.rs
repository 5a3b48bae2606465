//! 与上年对比, a view of the report page (`…/#duibi`), built by the real binary: no second page;
//! every cell that changed carries last year's number and the change, a cell last year's report
//! lacks says so, unchanged cells carry nothing; the view's summary counts the changes and says
//! when either year has errors. What is shown when (hidden off, shown on) is checked in a browser
//! by tests/e2e/pages.mjs.

mod common;

use common::*;
use gongkai::schema::{self, Edition};

const CONFIG: &str = "title = \"测试站\"\nbase_url = \"/\"\npublish_with_errors = true\n";

fn attr<'a>(e: &scraper::ElementRef<'a>, name: &str) -> Option<&'a str> {
    e.value().attr(name)
}

#[test]
fn the_report_page_carries_the_comparison_with_last_year() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    // Last year: 3 new applications and an error in table 四 (总计 5, not 1).
    let last = simple_report("甲局", 2022, 3)
        .replace("review = [1, 0, 0, 0, 1]", "review = [1, 0, 0, 0, 5]");
    site.report(2022, "a", &last);
    site.report(2023, "a", &simple_report("甲局", 2023, 7));
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("2023/a/compare.html").exists());
    let page = html(&out.join("2023/a/index.html"));

    // The report links its comparison view, which says what it shows and counts the changes:
    // 新收, 予以公开 and 总计 of table 三 (自然人 and 总计: 6) and 总计 of 行政复议.
    assert!(
        page.select(&sel(".meta a[href='/2023/a/#duibi']"))
            .next()
            .is_some()
    );
    let view = page.select(&sel("section#duibi")).next().expect("the view");
    let t = text(view);
    assert!(t.contains("2023年与2022年"), "{t}");
    assert!(t.contains("共 7 个数字与上年不同"), "{t}");
    // Last year has an error: the view says so and links its findings.
    assert!(t.contains("2022年报告有 1 处错误"), "{t}");
    assert!(!t.contains("本报告有"), "{t}");
    assert!(
        view.select(&sel("a[href='/2022/a/#findings']"))
            .next()
            .is_some()
    );
    // Each narrative section links last year's.
    let links = page
        .select(&sel("p.duibi-only a[href^='/2022/a/#']"))
        .count();
    let narratives = schema::SECTIONS
        .iter()
        .filter(|s| s.table().is_none())
        .count();
    assert_eq!(links, narratives);

    // Table 三: a changed cell is this year's number, last year's and the change; the others
    // carry no span (and no class: most cells are unchanged).
    let t3 = page
        .select(&sel("#table-applications"))
        .next()
        .expect("table 三");
    let changed: Vec<_> = t3.select(&sel("td.up")).collect();
    assert_eq!(changed.len(), 6);
    for td in &changed {
        let parts: Vec<String> = td.select(&sel("span")).map(text).collect();
        assert_eq!(parts, ["上年 3", "+4"]);
        assert_eq!(text(*td), "7上年 3+4");
    }
    let rows = schema::application_rows(Edition::E2021).count();
    let plain = t3.select(&sel("td:not([class])")).count();
    assert_eq!(plain, rows * 7 - 6);
    assert!(
        t3.select(&sel("td:not([class]) span")).next().is_none(),
        "an unchanged cell announces nothing more"
    );

    // Table 四: 总计 of 行政复议 went from 5 to 1.
    let t4 = page
        .select(&sel("#table-review_litigation"))
        .next()
        .expect("table 四");
    let down: Vec<String> = t4.select(&sel("td.down")).map(text).collect();
    assert_eq!(down, ["1上年 5-4"]);

    // Table 二 gives the change in per cent too; here nothing changed.
    let t2 = page.select(&sel("#table-active")).next().expect("table 二");
    assert!(t2.select(&sel("td span")).next().is_none());

    // The first year has no comparison.
    let first = html(&out.join("2022/a/index.html"));
    assert!(
        first
            .select(&sel("#duibi, td span:not([class])"))
            .next()
            .is_none()
    );
    assert!(first.select(&sel("a[href$='#duibi']")).next().is_none());
}

/// A cell that last year's report of another edition lacks says so, and amounts in 万元 are
/// compared with their decimals, their change in per cent beside.
#[test]
fn new_cells_and_amounts() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    site.report(
        2022,
        "a",
        &simple_report("甲局", 2022, 3).replace("fees = \"0\"", "fees = \"7730.28\""),
    );
    site.report(
        2023,
        "a",
        &simple_report("甲局", 2023, 3).replace("fees = \"0\"", "fees = \"7545\""),
    );
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = html(&out.join("2023/a/index.html"));
    let fees: Vec<String> = page
        .select(&sel("#table-active td.down"))
        .map(text)
        .collect();
    assert_eq!(fees, ["7545上年 7730.28-185.28（-2.4%）"]);
}

/// Every id on the demo's report pages is unique, and every `headers` token names one of them:
/// screen readers find a cell's headers by these ids (and short ids from two tables once
/// collided on a comparison page: vnu "Duplicate ID"). No page links a comparison page.
#[test]
fn ids_are_unique_and_headers_name_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = build(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (mut pages, mut compared) = (0, 0);
    for entry in walkdir::WalkDir::new(&out) {
        let path = entry.unwrap().into_path();
        let name = path.file_name().unwrap().to_string_lossy();
        assert_ne!(name, "compare.html");
        if name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".json") {
            let s = std::fs::read_to_string(&path).unwrap();
            assert!(!s.contains("compare.html"), "{} links it", path.display());
        }
        if !(name == "index.html" && path.components().count() > 3) {
            continue;
        }
        pages += 1;
        let page = html(&path);
        compared += usize::from(page.select(&sel("#duibi")).next().is_some());
        let mut ids = std::collections::HashSet::new();
        for e in page.select(&sel("[id]")) {
            let id = attr(&e, "id").unwrap();
            assert!(
                ids.insert(id.to_string()),
                "{}: duplicate id {id}",
                path.display()
            );
        }
        for e in page.select(&sel("[headers]")) {
            for h in attr(&e, "headers").unwrap().split_whitespace() {
                assert!(
                    ids.contains(h),
                    "{}: headers names no id {h}",
                    path.display()
                );
            }
        }
    }
    assert!(pages > 40, "only {pages} pages");
    assert!(compared > 20, "only {compared} pages compare");
}
