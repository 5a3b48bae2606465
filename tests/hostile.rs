//! Hostile content through the real binary: each test is the reproducer of a defect found by an
//! adversarial review (issue 10), kept so the defect cannot come back.

mod common;

use common::*;
use std::time::{Duration, Instant};

const CONFIG: &str = "title = \"测试站\"\nbase_url = \"/\"\npublish_with_errors = true\n";

/// A valid report with `narrative` as its 一、总体情况.
fn report_with_overview(narrative: &str) -> String {
    simple_report("甲局", 2023, 2).replace("总体情况。", narrative)
}

#[test]
fn deeply_nested_raw_html_builds_in_linear_time_and_stays_sanitized() {
    // 1 MB of nested <div> (under the 2 MiB file limit) took minutes in the sanitizer's parser.
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    let nested = format!(
        "{}<script>alert(1)</script><b onclick=\"x()\">深</b>",
        "<div>".repeat(200_000)
    );
    site.report(2023, "a", &report_with_overview(&nested));
    let out = dir.path().join("out");
    let start = Instant::now();
    let o = build(&site.root, &out, &[]);
    let took = start.elapsed();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(took < Duration::from_secs(30), "build took {took:?}");
    let page = read(&out.join("2023/a/index.html"));
    assert!(!page.contains("<script>alert"), "script survived");
    assert!(!page.contains("<b onclick"), "handler survived");
    assert!(
        page.contains("&lt;div&gt;"),
        "deep raw HTML is shown as text"
    );
}
