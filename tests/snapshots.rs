//! Snapshot tests: the rendered tables 二/三/四 of each edition and the full `check` output on the
//! real test site, so that markup and wording cannot drift unseen.
//!
//! The snapshots are in `tests/snapshots/`. After an intended change (a new message wording, a
//! markup fix), review and accept the new output with
//! `INSTA_UPDATE=always cargo test --test snapshots` (or `cargo insta review` if cargo-insta is
//! installed), and read the diff of `tests/snapshots/*.snap` before committing it. The whole
//! `check` output is one snapshot, `snapshots__check_real_site.snap`.

mod common;

use common::*;
use gongkai::schema::TableId;
use std::path::Path;

fn real_site() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sites/real"))
}

/// One markup element per line, so a snapshot diff points at the cell that changed.
fn lines(html: &str) -> String {
    let mut out = html.to_string();
    for tag in [
        "<table", "<caption", "<thead", "<tbody", "<tr", "</table", "<ol", "<li", "<p", "<div",
    ] {
        out = out.replace(tag, &format!("\n{tag}"));
    }
    out.trim().to_string()
}

/// The real reports (editions 2019 and 2021) and one report in the free format before 2019, built
/// with `publish_with_errors` so that the reports with findings have pages too.
fn built_real_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(
        &dir.path().join("site"),
        "title = \"真实报告测试站点\"\npublish_with_errors = true\n",
    );
    let content = real_site().join("content");
    for path in walkdir(&content) {
        let rel = path.strip_prefix(&content).unwrap();
        site.file(&format!("content/{}", rel.to_str().unwrap()), &read(&path));
    }
    site.report(
        2018,
        "huaian-gov",
        "+++\ndepartment = \"淮安市人民政府\"\nyear = 2018\nedition = \"free\"\n+++\n\n\
         ## 一、总体情况\n\n全年主动公开政府信息。\n\n\
         ## 五、存在的主要问题及改进情况\n\n无。\n\n## 六、其他需要报告的事项\n\n无。\n",
    );
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, out)
}

/// The sections 二、三、四 of a built report page, as written (not re-serialised by a parser).
fn table_sections(out: &Path, page: &str) -> String {
    let page = read(&out.join(page).join("index.html"));
    let sections: Vec<String> = TableId::ALL
        .iter()
        .map(|t| {
            let start = page
                .find(&format!("<section id=\"{}\"", t.key()))
                .unwrap_or_else(|| panic!("no section {}", t.key()));
            let end = start + page[start..].find("</section>").expect("closed");
            lines(&page[start..end + "</section>".len()])
        })
        .collect();
    sections.join("\n\n")
}

#[test]
fn tables_of_each_edition() {
    let (_dir, out) = built_real_site();
    // 2019 edition: blank cells, computed totals missing, one row for （六）其他处理.
    insta::assert_snapshot!(
        "tables_2019_edition",
        table_sections(&out, "2019/shanghai-gov-office")
    );
    // 2021 edition, with notes under the tables.
    insta::assert_snapshot!(
        "tables_2021_edition",
        table_sections(&out, "2023/hongze-gov")
    );
    // The free format has no template tables: each section says so and shows no table.
    let free = table_sections(&out, "2018/huaian-gov");
    assert!(!free.contains("<table"), "{free}");
    insta::assert_snapshot!("tables_free_edition", free);
}

#[test]
fn check_real_site() {
    // S-PUBLISHED depends on today: fixed at 2026-01-01, after every deadline of the site.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check", real_site().to_str().unwrap()])
        .env("NO_COLOR", "1")
        // The English messages (the Chinese ones are checked in tests/chinese.rs).
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "the real site has errors");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    insta::assert_snapshot!("check_real_site", text);
}
