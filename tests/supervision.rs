//! The supervision view (发布情况, `/jiandu/`), `check --summary`, S-PUBLISHED and the `published`
//! line of `new`: the real binary on a small region with a late, a missing, an undated and an
//! erroneous report, on a fixed day (SOURCE_DATE_EPOCH).

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

/// 2024-06-01: every 2022 and 2023 deadline has passed.
const TODAY: &str = "1717200000";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(args)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", TODAY)
        .output()
        .expect("the binary runs")
}

fn with_published(report: &str, date: Option<&str>) -> String {
    let line = line_starting(report, "published = ");
    match date {
        Some(d) => report.replace(&line, &format!("published = {d}")),
        None => report.replace(&format!("{line}\n"), ""),
    }
}

fn line_starting(text: &str, prefix: &str) -> String {
    text.lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line {prefix}"))
        .to_string()
}

/// 甲局 late in 2023, 乙局 missing in 2023, 丙局 with an R-COL error in 2023, 丁局 without dates;
/// 戊局 left after 2022 (`until`).
fn region(root: &Path) -> SiteBuilder {
    let site = SiteBuilder::new(root, "title = \"示例区\"\npublish_with_errors = true\n");
    site.file(
        "content/departments.toml",
        "[a]\nname = \"甲局\"\norder = 1\n[b]\nname = \"乙局\"\norder = 2\n[c]\nname = \"丙局\"\norder = 3\n[d]\nname = \"丁局\"\norder = 4\n[e]\nname = \"戊局\"\norder = 5\nuntil = 2022\n",
    );
    for (slug, name) in [("a", "甲局"), ("b", "乙局"), ("c", "丙局"), ("e", "戊局")] {
        site.report(2022, slug, &simple_report(name, 2022, 3));
    }
    site.report(
        2022,
        "d",
        &with_published(&simple_report("丁局", 2022, 3), None),
    );
    site.report(
        2023,
        "a",
        &with_published(&simple_report("甲局", 2023, 4), Some("2024-03-01")),
    );
    let broken = simple_report("丙局", 2023, 5).replace(
        "disclosed = [5, 0, 0, 0, 0, 0, 5]",
        "disclosed = [5, 0, 0, 0, 0, 0, 6]",
    );
    assert_ne!(broken, simple_report("丙局", 2023, 5));
    site.report(2023, "c", &broken);
    site.report(
        2023,
        "d",
        &with_published(&simple_report("丁局", 2023, 2), None),
    );
    site
}

/// The rows of a supervision year table by body: (data-status, cell texts).
fn year_rows(doc: &scraper::Html) -> BTreeMap<String, (String, Vec<String>)> {
    doc.select(&sel("table#supervision-year tbody tr"))
        .map(|tr| {
            let th = tr.select(&sel("th[scope=row]")).next().expect("row header");
            let cells = tr.select(&sel("td")).map(text).collect();
            let status = tr.value().attr("data-status").unwrap_or("").to_string();
            (text(th), (status, cells))
        })
        .collect()
}

#[test]
fn late_missing_and_erroneous_reports_show_on_the_page_and_in_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let site = region(&dir.path().join("site"));
    let out = dir.path().join("out");
    let o = run(&[
        "build",
        site.root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--base-url",
        "https://example.gov.cn/nianbao/",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));

    let doc = html(&out.join("jiandu/2023/index.html"));
    let caption = doc.select(&sel("table#supervision-year caption")).next();
    assert!(caption.is_some_and(|c| text(c).contains("2023年度")));
    let heads: Vec<String> = doc
        .select(&sel("table#supervision-year thead th[scope=col]"))
        .map(text)
        .collect();
    assert_eq!(heads[..4], ["单位", "发布情况", "发布日期", "是否按期"]);
    let rows = year_rows(&doc);
    // 戊局 is not expected after its `until`.
    assert_eq!(
        rows.keys().collect::<Vec<_>>(),
        ["丁局", "丙局", "乙局", "甲局"]
            .map(String::from)
            .iter()
            .collect::<Vec<_>>()
    );
    let (status, cells) = &rows["甲局"];
    assert_eq!(status, "late");
    assert_eq!(cells[..3], ["已发布", "2024-03-01", "逾期 30 天"]);
    let (status, cells) = &rows["乙局"];
    assert_eq!(status, "missing");
    assert_eq!(cells[0], "未发布");
    let (status, cells) = &rows["丙局"];
    assert_eq!(status, "on_time");
    assert_eq!(cells[2], "按期");
    // 予以公开 总计 6 breaks its row (R-COL) and the column of results (R-SUM).
    assert_eq!(cells[4], "2", "two errors: {cells:?}");
    assert!(cells[6].contains("R-COL×1"), "{cells:?}");
    let (status, cells) = &rows["丁局"];
    assert_eq!(status, "undated");
    assert_eq!(cells[..3], ["已发布", "未知", "未知"]);
    assert!(cells[6].contains("S-PUBLISHED×1"), "{cells:?}");
    // 丙局's link goes to the findings on its report page, under the base URL.
    let link = doc
        .select(&sel("table#supervision-year a"))
        .find(|a| a.value().attr("href") == Some("/nianbao/2023/c/#findings"));
    assert!(link.is_some(), "link to 丙局's findings");
    let script = doc.select(&sel("script[src]")).next_back().unwrap();
    assert_eq!(script.value().attr("src"), Some("/nianbao/jiandu.js"));

    // The status CSV has the same verdicts; the findings CSV has 丙局's error, placed.
    let status = read(&out.join("jiandu/status.csv"));
    let line = |body: &str| {
        status
            .lines()
            .find(|l| l.starts_with("2023,") && l.contains(body))
            .unwrap_or_else(|| panic!("no 2023 line for {body}:\n{status}"))
            .to_string()
    };
    assert!(
        line("甲局").contains(",逾期发布,2024-03-01,2024-01-31,30,"),
        "{}",
        line("甲局")
    );
    assert!(
        line("乙局").contains(",未发布,,2024-01-31,"),
        "{}",
        line("乙局")
    );
    assert!(line("丙局").contains(",按期发布,"), "{}", line("丙局"));
    assert!(
        line("丙局").ends_with(",2,0,R-COL×1 R-SUM×1"),
        "{}",
        line("丙局")
    );
    assert!(!status.contains("2023,e,"), "戊局 is not expected in 2023");
    let findings = read(&out.join("jiandu/findings.csv"));
    assert!(findings.starts_with("年度,部门标识,单位,规则,级别,表,行,列,说明"));
    let col: Vec<&str> = findings.lines().filter(|l| l.contains(",R-COL,")).collect();
    assert_eq!(col.len(), 1, "{findings}");
    assert!(
        col[0].starts_with(
            "2023,c,丙局,R-COL,错误,三、收到和处理政府信息公开申请情况,予以公开,总计,"
        ),
        "{}",
        col[0]
    );
    let excel = std::fs::read(out.join("jiandu/findings-excel.csv")).unwrap();
    assert_eq!(&excel[..3], b"\xEF\xBB\xBF");
    assert_eq!(&excel[3..], findings.as_bytes());
    let json: serde_json::Value =
        serde_json::from_str(&read(&out.join("jiandu/findings.json"))).unwrap();
    let col = json
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "R-COL")
        .expect("R-COL in the JSON");
    assert_eq!(col["year"], 2023);
    assert_eq!(col["body"], "丙局");
    assert_eq!(col["severity"], "error");
    assert_eq!(col["row"], "予以公开");
    assert_eq!(col["column"], "总计");
}

#[test]
fn the_index_shows_each_body_across_years_and_each_rule_per_year() {
    let dir = tempfile::tempdir().unwrap();
    let site = region(&dir.path().join("site"));
    let out = dir.path().join("out");
    let o = run(&[
        "build",
        site.root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--base-url",
        "https://example.gov.cn/",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&out.join("jiandu/index.html"));
    let history: BTreeMap<String, Vec<String>> = doc
        .select(&sel("table#supervision-bodies tbody tr"))
        .map(|tr| {
            let th = text(tr.select(&sel("th[scope=row]")).next().unwrap());
            (th, tr.select(&sel("td")).map(text).collect())
        })
        .collect();
    // Cells: 2022, 2023, problem years. Hidden text names the body and year for screen readers.
    assert!(
        history["甲局"][1].starts_with("逾期"),
        "{:?}",
        history["甲局"]
    );
    assert_eq!(history["乙局"][1], "未发布");
    assert!(
        history["丙局"][1].starts_with("按期，错误2"),
        "{:?}",
        history["丙局"]
    );
    assert!(history["丁局"][0].starts_with("日期未知"));
    assert_eq!(history["戊局"][1], "不要求");
    let problems: Vec<&str> = ["甲局", "乙局", "丙局", "丁局", "戊局"]
        .iter()
        .map(|b| history[*b][2].as_str())
        .collect();
    assert_eq!(problems, ["1", "1", "1", "0", "0"]);
    let rules: BTreeMap<String, Vec<String>> = doc
        .select(&sel("table#supervision-rules tbody tr"))
        .map(|tr| {
            let th = text(tr.select(&sel("th[scope=row]")).next().unwrap());
            let cells: Vec<String> = tr.select(&sel("td.num")).map(text).collect();
            (th, cells)
        })
        .collect();
    assert_eq!(rules["R-COL"], ["0", "1"]);
    assert_eq!(rules["S-PUBLISHED"], ["1", "1"]);
    let years: Vec<String> = doc
        .select(&sel("table#supervision-years tbody tr"))
        .map(|tr| {
            tr.select(&sel("td"))
                .map(text)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    // Newest first: deadline, bodies, published, on time, late, undated, missing, with errors.
    assert_eq!(years[0], "2024-01-31 4 3 1 1 1 1 1");
    assert_eq!(years[1], "2023-01-31 5 5 4 0 1 0 0");
    // The about page links here, and so does the navigation unless site.toml says otherwise.
    let about = read(&out.join("about/index.html"));
    assert!(about.contains("href=\"/jiandu/\""));
    assert!(read(&out.join("index.html")).contains("href=\"/jiandu/\""));
    assert!(read(&out.join("sitemap.xml")).contains("/jiandu/2023/</loc>"));
    site.file(
        "site.toml",
        "title = \"示例区\"\npublish_with_errors = true\nsupervision_in_navigation = false\n",
    );
    let o = run(&[
        "build",
        site.root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--base-url",
        "https://example.gov.cn/",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!read(&out.join("index.html")).contains("href=\"/jiandu/\""));
    assert!(!read(&out.join("sitemap.xml")).contains("jiandu"));
    assert!(read(&out.join("about/index.html")).contains("href=\"/jiandu/\""));
    assert!(out.join("jiandu/2023/index.html").is_file());
}

#[test]
fn check_summary_prints_the_overview_and_check_warns_about_missing_dates() {
    let dir = tempfile::tempdir().unwrap();
    let site = region(&dir.path().join("site"));
    let root = site.root.to_str().unwrap();
    let o = run(&["check", "--summary", root]);
    assert_eq!(o.status.code(), Some(1), "丙局 has an error");
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("截至 2024-06-01"), "{s}");
    let row = |year: &str| {
        s.lines()
            .find(|l| l.starts_with(year))
            .unwrap_or_else(|| panic!("no {year} row:\n{s}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(row("2023 "), "2023 2024-01-31 4 3 1 1 1 1 1");
    assert!(s.contains("2023年度 逾期发布：甲局（2024-03-01）"), "{s}");
    assert!(s.contains("2023年度 未发布：乙局"), "{s}");
    assert!(s.contains("2023年度 有错误：丙局（R-COL"), "{s}");
    // --format json stays the list of findings, with S-PUBLISHED for 丁局's two reports.
    let o = run(&["check", "--format", "json", root]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let undated: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "S-PUBLISHED")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(undated, ["content/2022/d.md", "content/2023/d.md"]);
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .all(|d| d["rule"] != "S-PUBLISHED" || d["severity"] == "warning")
    );
    // Before the 2023 deadline, only the 2022 report is asked for its date.
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(["check", "--format", "json", root])
        .env("SOURCE_DATE_EPOCH", "1704067200") // 2024-01-01
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let undated = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "S-PUBLISHED")
        .count();
    assert_eq!(undated, 1);
    let o = run(&["check", "--summary", "--format", "json", root]);
    assert_eq!(o.status.code(), Some(2), "--summary is text only");
}

#[test]
fn new_leaves_the_publication_date_to_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let site = region(&dir.path().join("site"));
    let content = site.root.join("content");
    let o = run(&[
        "new",
        "--year",
        "2024",
        "--department",
        "a",
        "--into",
        content.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = read(&content.join("2024/a.md"));
    let line = line_starting(&text, "# published = ");
    assert!(line.contains("2025-01-31"), "{line}");
    assert!(!text.lines().any(|l| l.starts_with("published")));
}
