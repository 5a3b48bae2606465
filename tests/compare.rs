//! 与上年对比 built by the real binary: the template's sections in order, table 三 in the
//! template's grid with changed cells marked, rows 0 in both years folded, table 四 with this
//! year's and last year's rows, and a notice when either year has errors.

mod common;

use common::*;
use gongkai::schema::{self, Edition};

const CONFIG: &str = "title = \"测试站\"\nbase_url = \"/\"\npublish_with_errors = true\n";

fn attr<'a>(e: &scraper::ElementRef<'a>, name: &str) -> Option<&'a str> {
    e.value().attr(name)
}

#[test]
fn compare_page_is_a_grid_like_the_template() {
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
    let cmp = html(&out.join("2023/a/compare.html"));

    // The six sections in the template's order.
    let ids: Vec<&str> = cmp
        .select(&sel("main section"))
        .filter_map(|s| attr(&s, "id"))
        .collect();
    let expected: Vec<&str> = schema::SECTIONS.iter().map(|s| s.key).collect();
    assert_eq!(ids, expected);

    // Table 三 has the template's header; a row 0 in both years is folded, not shown.
    let t3 = cmp
        .select(&sel("#table-applications"))
        .next()
        .expect("table 三");
    assert_eq!(t3.select(&sel("thead tr")).count(), 3);
    // Only ungrouped rows are shown (新收, 予以公开, 总计): two label columns, not three, so
    // that every column of the table has cells (valid HTML).
    let corner = t3.select(&sel("th.corner")).next().unwrap();
    assert_eq!(attr(&corner, "colspan"), Some("2"));
    assert!(t3.select(&sel("tbody th.lv2")).next().is_none());
    let labels: Vec<String> = t3.select(&sel("tbody th")).map(text).collect();
    let carried = schema::application_rows(Edition::E2021)
        .find(|r| r.key == "carried_over")
        .unwrap();
    assert!(!labels.iter().any(|l| l == carried.label), "{labels:?}");
    let new = schema::application_rows(Edition::E2021)
        .find(|r| r.key == "new")
        .unwrap();
    assert!(labels.iter().any(|l| l == new.label), "{labels:?}");
    let folded = text(
        cmp.select(&sel("#applications details.folded"))
            .next()
            .expect("folded rows"),
    );
    assert!(folded.contains(carried.short), "{folded}");
    // Changed: this year's number, last year's and the change; unchanged cells are quiet.
    let changed: Vec<_> = t3.select(&sel("td.changed")).collect();
    assert!(!changed.is_empty());
    for td in &changed {
        let parts: Vec<String> = td.select(&sel("span")).map(text).collect();
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert!(parts[0].starts_with("上年 "));
    }
    // Unchanged cells carry no class (most cells: the stylesheet makes them quiet).
    assert!(t3.select(&sel("td:not([class])")).count() > 0);

    // Table 四: this year's row and last year's; 总计 of 行政复议 changed from 5 to 1.
    let t4 = cmp
        .select(&sel("#table-review_litigation"))
        .next()
        .expect("table 四");
    let rows: Vec<String> = t4.select(&sel("tbody th")).map(text).collect();
    assert_eq!(rows, ["2023年", "2022年"]);
    let total = t4
        .select(&sel("tbody tr:first-child td.changed"))
        .next()
        .expect("a changed cell in table 四");
    assert!(text(total).starts_with("1上年 5-4"), "{}", text(total));

    // Last year has an error: the page says so and links its findings.
    let notice = cmp.select(&sel(".notice")).next().expect("a notice");
    let t = text(notice);
    assert!(t.contains("2022年报告有 1 处错误"), "{t}");
    assert!(
        notice
            .select(&sel("a[href='/2022/a/#findings']"))
            .next()
            .is_some()
    );
    assert!(!t.contains("2023年报告有"), "{t}");
}

/// Every id on the demo's report and comparison pages is unique, and every `headers` token names
/// one of them: screen readers find a cell's headers by these ids, and short ids from two tables
/// once collided on the comparison page (vnu: "Duplicate ID").
#[test]
fn ids_are_unique_and_headers_name_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = build(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let path = entry.unwrap().into_path();
        let name = path.file_name().unwrap().to_string_lossy();
        if !(name == "compare.html" || (name == "index.html" && path.components().count() > 3)) {
            continue;
        }
        pages += 1;
        let page = html(&path);
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
}
