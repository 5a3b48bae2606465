//! The title and the narrative of PDFs nobody had seen (issue 23, pdf-findings 03 and 06): prints
//! made by `scripts/pdf-unseen.py`, kept in tests/fixtures/import/pdf-text/ (README there) with
//! the content file of what each prints. Only `pdftotext` is needed, as for every PDF test.
//!
//! What is checked: the body and year read from the printed title, and the narrative's counted
//! characters (CJK, ASCII letters and digits) exactly as printed: none lost, none out of order,
//! and nothing of the page around the report (a portal's date line, its footer, the rest of a
//! heading worded otherwise than the template) taken in.

mod common;

use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/pdf-text")
        .join(name)
}

/// Import `name` (a print in the fixtures) and return the one content file written.
fn import(name: &str, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let pdf = fixture(&format!("{name}.pdf"));
    let mut args = vec!["import", pdf.to_str().unwrap(), "--into", "content"];
    args.extend_from_slice(extra);
    let o = common::gongkai_in(&args, dir.path(), "C");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "{name}: import failed\n{log}");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().to_path_buf())
        .collect();
    assert_eq!(files.len(), 1, "{name}: {files:?}\n{log}");
    std::fs::read_to_string(&files[0]).unwrap()
}

fn body(text: &str) -> String {
    text.splitn(3, "+++").nth(2).unwrap_or("").to_string()
}

/// The characters compared in the narrative: CJK ideographs, ASCII letters and digits.
fn counted(text: &str) -> String {
    text.chars()
        .filter(|&c| c.is_ascii_alphanumeric() || ('\u{4e00}'..='\u{9fff}').contains(&c))
        .collect()
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(fixture(&format!("{name}.expected.md"))).unwrap()
}

/// pdf-findings 03: "广西壮族自治区玉林市卫生健康委员会 2024" / "年政府信息公开工作年度报告",
/// and no Title metadata. The first line ends in a number, so it was read as a row of a table,
/// and the import said "no year found in the title".
#[test]
fn title_wrapped_right_after_its_year_gives_body_and_year() {
    let name = "title-year-ends-first-line";
    let got = import(name, &[]);
    let want = expected(name);
    let (g, w) = (common::front_matter(&got), common::front_matter(&want));
    assert_eq!(g.get("department"), w.get("department"));
    assert_eq!(
        g["department"].as_str(),
        Some("广西壮族自治区玉林市卫生健康委员会")
    );
    assert_eq!(g.get("year"), w.get("year"));
    assert_eq!(counted(&body(&got)), counted(&body(&want)));
}

/// pdf-findings 06: a portal page printed by Chromium. Its 发布时间 line (with 来源 and 浏览次数)
/// dates the report and is no preamble; its footer (主办单位, 网站标识码, ICP备) is no part of
/// 六; the heading "五、存在的主要问题及改进措施" is section 五, and 措施 is not its text.
#[test]
fn portal_page_narrative_without_the_page_furniture() {
    let name = "portal-page-heading-variant";
    // --partial: a remark in table 三 is pdf-findings 02, not this test's matter.
    let got = import(name, &["--partial"]);
    let want = expected(name);
    assert_eq!(
        common::front_matter(&got)
            .get("published")
            .map(|d| d.to_string())
            .as_deref(),
        Some("2025-01-11")
    );
    let text = body(&got);
    for furniture in [
        "发布时间",
        "浏览次数",
        "主办单位",
        "网站标识码",
        "ICP",
        "措施",
    ] {
        assert!(!text.contains(furniture), "{furniture} in\n{text}");
    }
    let five = text.split("## 五、").nth(1).expect("section 五");
    assert!(
        five.lines().nth(2).is_some_and(|l| l.starts_with("2024年")),
        "{five}"
    );
    assert_eq!(counted(&text), counted(&body(&want)));
}
