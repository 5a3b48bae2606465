//! `gongkai build`: the real binary on the demo site and on small sites written here, with the
//! HTML parsed to check structure and numbers.

mod common;

use common::*;
use gongkai::schema::Edition;
use scraper::ElementRef;
use std::collections::BTreeMap;
use std::path::Path;

const CONFIG: &str = "title = \"测试站\"\nbase_url = \"/\"\npublish_with_errors = true\n";

fn attr<'a>(e: &ElementRef<'a>, name: &str) -> Option<&'a str> {
    e.value().attr(name)
}

/// The table-三 data rows: (row header ids, [(value, headers)]).
fn table_three(doc: &scraper::Html) -> Vec<(String, Vec<(String, String)>)> {
    let table = doc
        .select(&sel("table#table-applications"))
        .next()
        .expect("table 三");
    table
        .select(&sel("tbody tr"))
        .map(|tr| {
            let label = tr
                .select(&sel("th[scope=row]"))
                .next()
                .map(text)
                .unwrap_or_default();
            let cells = tr
                .select(&sel("td"))
                .map(|td| (text(td), attr(&td, "headers").unwrap_or("").to_string()))
                .collect();
            (label, cells)
        })
        .collect()
}

fn th_with_text<'a>(doc: &'a scraper::Html, t: &str) -> ElementRef<'a> {
    doc.select(&sel("table#table-applications th"))
        .find(|e| text(*e).starts_with(t))
        .unwrap_or_else(|| panic!("no header {t}"))
}

fn span(e: &ElementRef, a: &str) -> u32 {
    attr(e, a).map(|v| v.parse().unwrap()).unwrap_or(1)
}

#[test]
fn table_three_2021_has_the_template_layout_and_every_cell_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    site.report(
        2023,
        "a",
        &distinct_report("甲局", 2023, Edition::E2021, 1000, false),
    );
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&out.join("2023/a/index.html"));

    let corner = th_with_text(&doc, "（本列数据的勾稽关系为");
    assert_eq!((span(&corner, "colspan"), span(&corner, "rowspan")), (3, 3));
    let applicant = th_with_text(&doc, "申请人情况");
    assert_eq!(span(&applicant, "colspan"), 7);
    let legal = th_with_text(&doc, "法人或其他组织");
    assert_eq!(span(&legal, "colspan"), 5);
    assert_eq!(attr(&legal, "scope"), Some("colgroup"));
    for (label, rows) in [
        ("三、本年度办理结果", 22),
        ("（三）不予公开", 8),
        ("（四）无法提供", 3),
        ("（五）不予处理", 5),
        ("（六）其他处理", 3),
    ] {
        let th = th_with_text(&doc, label);
        assert_eq!(span(&th, "rowspan"), rows, "{label}");
    }
    for (label, cols) in [
        ("一、本年新收政府信息公开申请数量", 3),
        ("（一）予以公开", 2),
        ("（七）总计", 2),
        ("四、结转下年度继续办理", 3),
        ("1.属于国家秘密", 1),
    ] {
        let th = th_with_text(&doc, label);
        assert_eq!(span(&th, "colspan"), cols, "{label}");
        assert_eq!(attr(&th, "scope"), Some("row"));
    }

    let rows = table_three(&doc);
    assert_eq!(rows.len(), 25);
    let col_ids = ["c0", "c1", "c2", "c3", "c4", "c5", "c6"];
    for (r, (label, cells)) in rows.iter().enumerate() {
        assert_eq!(cells.len(), 7, "row {label}");
        for (c, (value, headers)) in cells.iter().enumerate() {
            assert_eq!(
                value,
                &(1000 + 100 * r + c).to_string(),
                "row {label} col {c}"
            );
            // Every header id named by a cell exists, and includes its column.
            assert!(headers.split(' ').any(|h| h == col_ids[c]), "{headers}");
            for id in headers.split(' ') {
                assert!(
                    doc.select(&sel(&format!("th#{id}"))).next().is_some(),
                    "{id}"
                );
            }
        }
    }
    // A leaf of （三） names 三、本年度办理结果, its group and itself (short ids: a cell of table
    // 三 names six, on every cell of every report page).
    let (_, cells) = &rows[4];
    assert_eq!(cells[1].1, "x g4 r4 a l1 c1");
    // Ten columns in every row of the table's grid: the header rows and the body rows line up.
    let body_first = doc
        .select(&sel("table#table-applications tbody tr"))
        .next()
        .unwrap();
    let width: u32 = body_first
        .select(&sel("th, td"))
        .map(|c| span(&c, "colspan"))
        .sum();
    assert_eq!(width, 10);
}

#[test]
fn table_three_2019_has_one_other_row_and_computed_totals_are_marked() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    site.report(
        2020,
        "b",
        &distinct_report("乙局", 2020, Edition::E2019, 0, true),
    );
    let out = dir.path().join("out");
    assert!(build(&site.root, &out, &[]).status.success());
    let doc = html(&out.join("2020/b/index.html"));
    assert_eq!(
        span(&th_with_text(&doc, "三、本年度办理结果"), "rowspan"),
        20
    );
    let other = th_with_text(&doc, "（六）其他处理");
    assert_eq!((span(&other, "rowspan"), span(&other, "colspan")), (1, 2));
    let rows = table_three(&doc);
    assert_eq!(rows.len(), 23);
    // Six values given: 总计 computed as their sum, and marked.
    let (_, new) = &rows[0];
    assert_eq!(
        new[6]
            .0
            .trim_end_matches(|c: char| !c.is_ascii_digit())
            .split('*')
            .next()
            .unwrap(),
        "15"
    );
    let computed = doc.select(&sel("td.computed")).count();
    assert_eq!(computed, 23);
    assert!(read(&out.join("2020/b/index.html")).contains("计算值"));
    // Table 二 in its 2019 layout: 政府集中采购 is there, text amounts are not numbers.
    assert!(
        doc.select(&sel("#table-active th"))
            .any(|t| text(t) == "政府集中采购")
    );
}

#[test]
fn demo_site_builds_with_findings_shown() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = build(&repo(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("published with their findings shown"));
    // One coherent portal: the home page's yearly totals are the fictional district's only (the
    // year page's 合计); the real reports of 淮安市 and 洪泽区 are listed apart in 2024.
    let home = html(&out.join("index.html"));
    let row_2024: Vec<String> = home
        .select(&sel("#region-totals tbody tr"))
        .find(|tr| tr.select(&sel("th")).next().map(text).as_deref() == Some("2024年"))
        .expect("2024 totals")
        .select(&sel("td"))
        .map(text)
        .collect();
    let year = html(&out.join("2024/index.html"));
    let year_totals: Vec<String> = year
        .select(&sel("#year-figures tfoot td"))
        .map(text)
        .collect();
    assert_eq!(row_2024[1..], year_totals[..], "home vs year page");
    assert!(!row_2024.iter().any(|c| c == "3991698"), "{row_2024:?}");
    let apart: Vec<String> = year
        .select(&sel("#year-elsewhere tbody th a"))
        .map(text)
        .collect();
    assert_eq!(apart, ["淮安市人民政府", "淮安市洪泽区人民政府"]);
    let listed: Vec<String> = year
        .select(&sel("#year-figures tbody th a"))
        .map(text)
        .collect();
    assert!(
        listed.iter().all(|n| n.starts_with("示例市云溪区")),
        "{listed:?}"
    );
    // hongze 2023 has real errors (R-T4 among them): the notice says in plain words what does
    // not add up (no rule ids: those are for editors).
    let doc = html(&out.join("2023/hongze-gov/index.html"));
    let notice = doc
        .select(&sel("#findings"))
        .next()
        .expect("findings notice");
    let t = text(notice);
    assert!(t.contains("表四“行政复议”：总计为 0"), "{t}");
    assert!(!t.contains("R-T4"), "{t}");
    // Two blank cells, and no publication date (S-PUBLISHED: the real report does not say).
    assert!(t.contains("错误 2 项、提示 3 项"), "{t}");
    // Errors are listed openly, each linking to its table; warnings fold into a <details>.
    let open: Vec<String> = notice
        .select(&sel(":scope > ul.findings > li"))
        .map(text)
        .collect();
    assert_eq!(open.len(), 2);
    assert!(open.iter().all(|e| e.starts_with("错误：表四")), "{open:?}");
    let link = notice
        .select(&sel(":scope > ul.findings a"))
        .next()
        .expect("link to the table");
    assert_eq!(attr(&link, "href"), Some("#review_litigation"));
    let folded: Vec<String> = notice
        .select(&sel("details.findings-warnings li"))
        .map(text)
        .collect();
    assert_eq!(folded.len(), 3);
    let blank = folded
        .iter()
        .filter(|w| w.contains("在原报告中空白"))
        .count();
    assert_eq!(blank, 2, "{folded:?}");
    assert!(folded.iter().any(|w| w.contains("发布日期")), "{folded:?}");
    // 与上年对比 (the page's #duibi view) compares amounts in 万元 with their decimals (洪泽区:
    // 7730.28 → 7545).
    let cmp = html(&out.join("2024/hongze-gov/index.html"));
    let fees = cmp
        .select(&sel("#table-active tbody tr"))
        .find(|tr| text(tr.select(&sel("th")).next().unwrap()).starts_with("行政事业性收费"))
        .expect("fees row");
    let cells: Vec<String> = fees.select(&sel("td")).map(text).collect();
    assert_eq!(cells, ["7545上年 7730.28-185.28（-2.4%）"]);
    // The six sections in order, with anchors.
    let ids: Vec<_> = doc
        .select(&sel("article section.section"))
        .map(|s| attr(&s, "id").unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "overview",
            "active",
            "applications",
            "review_litigation",
            "problems",
            "other"
        ]
    );
    // Every report has its page, JSON and CSV.
    let reports = walkdir(&repo().join("content"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .count();
    let pages = walkdir(&out)
        .into_iter()
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && !p.ends_with("report.schema.json")
                && !p.ends_with("jiandu/findings.json")
                && !p.parent().is_some_and(|d| d.ends_with("sousuo"))
                && !p.ends_with("shouce/search.json")
                && !p.starts_with(out.join(".gongkai-manifest.json"))
        })
        .count();
    assert_eq!(pages, reports);
}

#[test]
fn build_stops_on_errors_unless_publishing_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), "title = \"t\"\n");
    let mut bad = simple_report("甲局", 2023, 4);
    bad = bad.replace(
        "total = [4, 0, 0, 0, 0, 0, 4]",
        "total = [4, 0, 0, 0, 0, 0, 5]",
    );
    site.report(2023, "a", &bad);
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("error[R-COL]"), "{err}");
    assert!(err.contains("content/2023/a.md"), "{err}");
    assert!(!out.exists());

    // Publishing with errors: the report is published with its findings...
    std::fs::write(
        site.root.join("site.toml"),
        "title = \"t\"\npublish_with_errors = true\n",
    )
    .unwrap();
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = std::fs::read(out.join("2023/a/index.html")).unwrap();
    // ...but a file that cannot be read as a report still stops the build: its page would
    // otherwise vanish from the portal unnoticed.
    site.report(
        2023,
        "b",
        "+++\ndepartment = \"乙局\"\nyear = = 2023\n+++\n",
    );
    let o = build(&site.root, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("content/2023/b.md:3: error[F-FORMAT]"),
        "{err}"
    );
    assert!(
        err.contains("error: not built: 1 error in files that cannot be published"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(out.join("2023/a/index.html")).unwrap(),
        before
    );
}

fn year_rows(doc: &scraper::Html) -> Vec<(String, Vec<String>)> {
    doc.select(&sel("#year-figures tbody tr, #year-figures tfoot tr"))
        .map(|tr| {
            let th = tr.select(&sel("th")).next().map(text).unwrap_or_default();
            (th, tr.select(&sel("td")).map(text).collect())
        })
        .collect()
}

#[test]
fn year_and_department_pages_list_reports_gaps_and_totals() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    site.file(
        "content/departments.toml",
        "[a]\nname = \"甲局\"\naliases = [\"旧甲局\"]\norder = 1\n[b]\nname = \"乙局\"\norder = 2\n[c]\nname = \"丙局\"\norder = 3\n",
    );
    site.report(2022, "a", &simple_report("旧甲局", 2022, 3));
    site.report(2022, "b", &simple_report("乙局", 2022, 5));
    site.report(2023, "a", &simple_report("甲局", 2023, 7));
    site.report(2023, "c", &simple_report("丙局", 2023, 11));
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));

    let doc = html(&out.join("2023/index.html"));
    let rows = year_rows(&doc);
    let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(names, ["甲局", "丙局", "乙局 未发布", "合计"]);
    // Key figures: 本年新收 first; totals are the sums of the published rows.
    assert_eq!(rows[0].1[0], "7");
    assert_eq!(rows[1].1[0], "11");
    let totals = &rows[3].1;
    for (k, total) in totals.iter().enumerate() {
        let sum: i64 = rows[..2]
            .iter()
            .map(|r| r.1[k].parse::<i64>().unwrap())
            .sum();
        assert_eq!(*total, sum.to_string(), "column {k}");
    }
    assert_eq!(totals[0], "18");
    // 行政复议 total: one each.
    assert_eq!(totals[7], "2");

    let dept = html(&out.join("departments/a/index.html"));
    let t = text(dept.select(&sel("main")).next().unwrap());
    assert!(t.contains("曾用名：旧甲局"), "{t}");
    let years: Vec<String> = dept
        .select(&sel("#dept-figures tbody th"))
        .map(text)
        .collect();
    assert_eq!(years, ["2023年", "2022年"]);
    assert_eq!(dept.select(&sel("svg.chart")).count(), 3);
    // The history lists each report with its 发布日期, and the years without one as 未发布.
    let history: Vec<String> = dept.select(&sel(".report-list li")).map(text).collect();
    assert!(history[0].contains("2024-01-15 发布"), "{history:?}");
    let b = html(&out.join("departments/b/index.html"));
    let gaps: Vec<String> = b
        .select(&sel(".report-list li.missing"))
        .map(text)
        .collect();
    assert_eq!(gaps, ["2023年 未发布"]);
    let report = html(&out.join("2023/a/index.html"));
    let meta = text(report.select(&sel("main")).next().unwrap());
    assert!(
        meta.contains("发布日期2024-01-15") || meta.contains("发布日期 2024-01-15"),
        "{meta}"
    );
    // The favicon: linked from every page and written.
    let icon = report
        .select(&sel("link[rel=icon]"))
        .next()
        .and_then(|l| l.value().attr("href"))
        .unwrap();
    assert_eq!(icon, "/favicon.svg");
    assert!(read(&out.join("favicon.svg")).starts_with("<svg"));

    // 与上年对比: a report with a previous year has the view (#duibi), its table 三 with a
    // changed cell holding this year's number, last year's and the change; no second page.
    let cmp = html(&out.join("2023/a/index.html"));
    let cell = cmp
        .select(&sel("#table-applications td.up"))
        .find(|td| attr(td, "headers").is_some_and(|h| h.starts_with("r0 ") && h.ends_with(" c6")))
        .expect("新收 总计 changed");
    let parts: Vec<String> = cell.select(&sel("span")).map(text).collect();
    assert_eq!(parts, ["上年 3", "+4"]);
    assert!(text(cell).starts_with('7'));
    assert!(!out.join("2023/a/compare.html").exists());
    let first = html(&out.join("2023/c/index.html"));
    assert!(first.select(&sel("#duibi")).next().is_none());

    // Home: latest year first, region totals per year.
    let home = html(&out.join("index.html"));
    let years: Vec<String> = home
        .select(&sel("#region-totals tbody th"))
        .map(text)
        .collect();
    assert_eq!(years, ["2023年", "2022年"]);
}

#[test]
fn totals_never_add_bodies_of_two_regions() {
    // A district portal that also hosts its city's report: the city's numbers (here 1000 new
    // applications) must never be added into the district's totals.
    let dir = tempfile::tempdir().unwrap();
    let config = format!("{CONFIG}region = \"示例区\"\n");
    let site = SiteBuilder::new(&dir.path().join("site"), &config);
    site.file(
        "content/departments.toml",
        "[a]\nname = \"甲局\"\nregion = \"示例区\"\norder = 1\n[b]\nname = \"乙局\"\norder = 2\n[city]\nname = \"示例市人民政府\"\nregion = \"示例市\"\nkind = \"government\"\norder = 0\n",
    );
    site.report(2023, "a", &simple_report("甲局", 2023, 7));
    site.report(2023, "b", &simple_report("乙局", 2023, 11));
    site.report(2023, "city", &simple_report("示例市人民政府", 2023, 1000));
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));

    // Year page: the district's bodies and their total; the city apart, with no total.
    let doc = html(&out.join("2023/index.html"));
    let rows = year_rows(&doc);
    let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(names, ["甲局", "乙局", "合计"]);
    assert_eq!(rows[2].1[0], "18");
    let apart: Vec<String> = doc
        .select(&sel("#year-elsewhere tbody th"))
        .map(text)
        .collect();
    assert_eq!(apart, ["示例市人民政府"]);
    assert_eq!(doc.select(&sel("#year-elsewhere tfoot")).count(), 0);

    // Home: the totals per year and of the latest year add the district only.
    let home = html(&out.join("index.html"));
    let total_row: Vec<String> = home
        .select(&sel("#region-totals tbody tr td"))
        .map(text)
        .collect();
    assert_eq!(&total_row[..2], ["2", "18"], "report count, then 本年新收");
    let caption = text(home.select(&sel("#years-caption")).next().unwrap());
    assert!(caption.starts_with("示例区"), "{caption}");
    let latest: Vec<String> = home
        .select(&sel("#latest-elsewhere tbody th"))
        .map(text)
        .collect();
    assert_eq!(latest, ["示例市人民政府"]);
    let footer: Vec<String> = home.select(&sel("tfoot td")).map(text).collect();
    assert_eq!(footer[0], "18");
    let page = text(home.select(&sel("main")).next().unwrap());
    assert!(page.contains("其他地区"), "{page}");
}

#[test]
fn data_exports_match_the_pages() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    site.report(2023, "a", &simple_report("甲局", 2023, 7));
    site.report(2023, "b", &simple_report("乙局", 2023, 2));
    let out = dir.path().join("out");
    assert!(build(&site.root, &out, &[]).status.success());
    let json: serde_json::Value =
        serde_json::from_str(&read(&out.join("2023/a/a-2023.json"))).unwrap();
    assert_eq!(json["applications"]["new"]["natural"], 7);
    assert_eq!(json["applications"]["withheld.state_secret"]["total"], 0);
    assert_eq!(json["active"]["regulations"]["issued"], 0);
    assert_eq!(json["active"]["licensing"], 5);
    assert_eq!(json["key_figures"]["new"], 7);
    let csv = read(&out.join("2023/reports-2023.csv"));
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&header[..3], ["年度", "部门标识", "部门"]);
    let col = header
        .iter()
        .position(|h| *h == "三·本年新收·自然人")
        .unwrap();
    let a: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!((a[1], a[col]), ("a", "7"));
    let excel = std::fs::read(out.join("2023/reports-2023-excel.csv")).unwrap();
    assert_eq!(&excel[..3], b"\xEF\xBB\xBF");
    assert_eq!(&excel[3..], csv.as_bytes());
    let schema: serde_json::Value =
        serde_json::from_str(&read(&out.join("data/report.schema.json"))).unwrap();
    assert!(schema["properties"]["applications"]["properties"]["new"].is_object());
    // Downloads are linked from the pages that show the numbers.
    let page = read(&out.join("2023/a/index.html"));
    assert!(page.contains("/2023/a/a-2023.json") && page.contains("/2023/a/a-2023.csv"));
    let year = read(&out.join("2023/index.html"));
    assert!(
        year.contains("/2023/reports-2023.csv") && year.contains("/2023/reports-2023-excel.csv")
    );
}

#[test]
fn content_is_escaped_and_sanitized() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    site.file("content/departments.toml", "[x]\nname = \"A<B&C局\"\n");
    let mut r = simple_report("A<B&C局", 2023, 1);
    r = r.replace(
        "总体情况。",
        "总体情况<script>alert(1)</script><img src=x onerror=alert(2)>",
    );
    r = r.replace(
        "+++\n\n## 一",
        "[notes]\n\"applications.new.natural\" = \"<b>注</b>\"\n+++\n\n## 一",
    );
    site.report(2023, "x", &r);
    let out = dir.path().join("out");
    // A full base_url: the feed (escaped too) is written only with one.
    let o = build(&site.root, &out, &["--base-url", "https://example.gov.cn/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for page in [
        "2023/x/index.html",
        "2023/index.html",
        "departments/x/index.html",
        "index.html",
    ] {
        let raw = read(&out.join(page));
        assert!(!raw.contains("<script>alert"), "{page}");
        assert!(!raw.contains("onerror"), "{page}");
        assert!(!raw.contains("A<B&C"), "{page}");
        assert!(raw.contains("A&lt;B&amp;C局"), "{page}");
        let doc = scraper::Html::parse_document(&raw);
        // The only script is the theme's own.
        let scripts: Vec<_> = doc
            .select(&sel("script"))
            .map(|s| attr(&s, "src").unwrap_or("inline").to_string())
            .collect();
        assert_eq!(scripts, ["/a11y.js"], "{page}");
    }
    let doc = html(&out.join("2023/x/index.html"));
    assert!(doc.select(&sel("h1")).any(|h| text(h).contains("A<B&C局")));
    // The note is a footnote, its text escaped.
    let note = doc
        .select(&sel("#applications ol.table-notes li"))
        .next()
        .expect("footnote");
    assert!(text(note).starts_with("<b>注</b>"));
    let feed = read(&out.join("atom.xml"));
    assert!(feed.contains("A&lt;B&amp;C局") && !feed.contains("A<B"));
}

#[test]
fn every_link_and_anchor_resolves_under_a_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = build(
        &repo(),
        &out,
        &["--base-url", "https://example.gov.cn/nianbao/"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut docs = vec![];
    for p in walkdir(&out) {
        if p.extension().is_some_and(|e| e == "html") {
            let rel = p.strip_prefix(&out).unwrap().to_string_lossy().into_owned();
            let doc = html(&p);
            ids.insert(
                rel.clone(),
                doc.select(&sel("[id]"))
                    .map(|e| attr(&e, "id").unwrap().to_string())
                    .collect(),
            );
            docs.push((rel, doc));
        }
    }
    assert!(docs.len() > 80);
    let mut checked = 0;
    for (rel, doc) in &docs {
        for e in doc.select(&sel("a[href], link[href], script[src]")) {
            let url = attr(&e, "href").or(attr(&e, "src")).unwrap();
            if url.starts_with("https://") || url.starts_with("http://") {
                continue;
            }
            let (path, frag) = url.split_once('#').unwrap_or((url, ""));
            let target = if path.is_empty() {
                rel.clone()
            } else {
                let p = path
                    .strip_prefix("/nianbao/")
                    .unwrap_or_else(|| panic!("{rel}: link {url} is not under /nianbao/"));
                if p.is_empty() || p.ends_with('/') {
                    format!("{p}index.html")
                } else {
                    p.to_string()
                }
            };
            assert!(
                out.join(&target).is_file(),
                "{rel}: {url} → {target} missing"
            );
            if !frag.is_empty() {
                let known = ids
                    .get(&target)
                    .unwrap_or_else(|| panic!("{rel}: #{frag} on a non-page"));
                assert!(known.iter().any(|i| i == frag), "{rel}: {url}: no #{frag}");
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked}");
    let feed = read(&out.join("atom.xml"));
    assert!(feed.contains("<link rel=\"self\" href=\"https://example.gov.cn/nianbao/atom.xml\"/>"));
    assert!(
        read(&out.join("sitemap.xml"))
            .contains("<loc>https://example.gov.cn/nianbao/2023/hongze-gov/</loc>")
    );
    assert!(
        read(&out.join("robots.txt"))
            .contains("Sitemap: https://example.gov.cn/nianbao/sitemap.xml")
    );
    assert!(!stderr(&o).contains("base_url"), "{}", stderr(&o));
}

#[test]
fn a_path_only_base_url_is_warned_about_with_the_fix() {
    // Feeds and the sitemap need absolute URLs: `/sub/` serves the pages but writes
    // `<loc>/sub/…</loc>` and invalid Atom ids. The build says so and how to fix it.
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    site.report(2023, "a", &simple_report("甲局", 2023, 7));
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &["--base-url", "/sub/"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("base_url \"/sub/\" is not a full address"),
        "{err}"
    );
    assert!(err.contains("--base-url https://your.domain/sub/"), "{err}");
    let o = build(
        &site.root,
        &out,
        &["--base-url", "/sub/", "--lang", "zh-CN"],
    );
    let err = stderr(&o);
    assert!(err.contains("base_url「/sub/」不是完整网址"), "{err}");
    assert!(err.contains("--base-url https://域名/sub/"), "{err}");
    let o = build(
        &site.root,
        &out,
        &["--base-url", "https://example.gov.cn/sub/"],
    );
    assert!(
        o.status.success() && !stderr(&o).contains("不是完整网址"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(build(&repo(), &a, &[]).status.success());
    assert!(build(&repo(), &b, &[]).status.success());
    // The seal records when the build finished (for the next build, docs/deploy.md); not a page.
    // Nor is the build state's `inputs` line: the identity of the files read, with the time.
    let site_files = |d: &Path| {
        let mut s = snapshot(d);
        s.retain(|(p, _)| p != ".gongkai-seal");
        for (p, bytes) in &mut s {
            if p == ".gongkai-build-state" {
                let text = String::from_utf8(std::mem::take(bytes)).unwrap();
                let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("inputs ")).collect();
                *bytes = kept.join("\n").into_bytes();
            }
        }
        s
    };
    let (sa, sb) = (site_files(&a), site_files(&b));
    assert_eq!(sa.len(), snapshot(&a).len() - 1, "a seal");
    assert_eq!(sa.len(), sb.len());
    for (x, y) in sa.iter().zip(&sb) {
        assert_eq!(x.0, y.0);
        assert!(x.1 == y.1, "{} differs", x.0);
    }
}

fn copy_site(to: &Path) {
    for p in walkdir(&repo().join("content")) {
        let rel = p.strip_prefix(repo()).unwrap();
        std::fs::create_dir_all(to.join(rel).parent().unwrap()).unwrap();
        std::fs::copy(&p, to.join(rel)).unwrap();
    }
    std::fs::copy(repo().join("site.toml"), to.join("site.toml")).unwrap();
}

#[test]
fn output_is_swapped_atomically_and_deleted_reports_disappear() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_site(&site);
    let out = dir.path().join("out");
    assert!(build(&site, &out, &[]).status.success());
    let before = snapshot(&out);

    // A broken template: the build fails, naming the template, and the output is untouched.
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(
        site.join("templates/report.html"),
        "{% extends \"base.html\" %}{% block main %}\n<h1>\n{{ report.title | nosuchfilter }}</h1>{% endblock main %}",
    )
    .unwrap();
    let o = build(&site, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    // The error names the report being rendered, the template file and the line.
    let err = stderr(&o);
    assert!(
        err.contains("while rendering content/") && err.contains("templates/report.html:3: "),
        "{err}"
    );
    assert!(err.contains("Filter 'nosuchfilter' not found"), "{err}");
    assert_eq!(snapshot(&out), before);
    // Nothing is left beside the output.
    // (The parts of the site-wide files kept for the next build are no leftover.)
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| !n.to_string_lossy().ends_with(".gongkai-parts"))
        .collect();
    assert_eq!(beside.len(), 2, "{beside:?}");

    // A site template overrides the theme's, file by file.
    std::fs::write(
        site.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>自定义404</h1>{% endblock main %}",
    )
    .unwrap();
    std::fs::remove_file(site.join("templates/report.html")).unwrap();
    // A deleted report's files disappear.
    std::fs::remove_file(site.join("content/2023/gongshu-tongjiju.md")).unwrap();
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("2023/gongshu-tongjiju").exists());
    assert!(read(&out.join("404.html")).contains("自定义404"));
    assert!(out.join("2023/hongze-gov/index.html").exists());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("docs");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("important.txt"), "keep").unwrap();
    let o = build(&repo(), &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(read(&out.join("important.txt")), "keep");
}

#[test]
fn source_document_is_published_with_its_sha256() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    let r = simple_report("甲局", 2023, 1).replacen(
        "year = 2023",
        "year = 2023\nsource = \"original.pdf\"",
        1,
    );
    site.report(2023, "a", &r);
    site.file("content/2023/original.pdf", "%PDF-1.4 test");
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        read(&out.join("2023/a/source-original.pdf")),
        "%PDF-1.4 test"
    );
    let sha = gongkai::output::sha256_hex(<sha2::Sha256 as sha2::Digest>::new_with_prefix(
        b"%PDF-1.4 test",
    ));
    let page = read(&out.join("2023/a/index.html"));
    assert!(page.contains(&sha), "the page shows the SHA-256");
    assert!(page.contains("href=\"/2023/a/source-original.pdf\""));
    let json: serde_json::Value =
        serde_json::from_str(&read(&out.join("2023/a/a-2023.json"))).unwrap();
    assert_eq!(json["source"]["sha256"], sha.as_str());
}

#[test]
fn site_templates_static_files_and_theme_folders_override_the_default_theme() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(
        &dir.path().join("site"),
        "title = \"t\"\ntheme = \"civic\"\npublish_with_errors = true\n",
    );
    site.report(2023, "a", &simple_report("甲局", 2023, 1));
    site.file("themes/civic/static/style.css", "/* civic */");
    site.file(
        "themes/civic/templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>主题404</h1>{% endblock main %}",
    );
    site.file(
        "static/extra/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.file(
        "templates/about.html",
        "{% extends \"base.html\" %}{% block main %}<h1>站点关于</h1>{% endblock main %}",
    );
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read(&out.join("style.css")), "/* civic */");
    assert!(read(&out.join("404.html")).contains("主题404"));
    assert!(read(&out.join("about/index.html")).contains("站点关于"));
    assert!(out.join("extra/logo.svg").is_file());
    // Templates not overridden still come from the built-in default theme.
    assert!(read(&out.join("2023/a/index.html")).contains("table-applications"));
    // A theme that does not exist is an error, not a silent fallback.
    std::fs::write(site.root.join("site.toml"), "theme = \"nope\"\n").unwrap();
    let o = build(&site.root, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("theme `nope` not found"));
}
