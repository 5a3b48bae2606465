//! Hostile content through the real binary: each test is the reproducer of a defect found by an
//! adversarial review (issue 10), kept so the defect cannot come back.

mod common;

use common::*;
use std::time::{Duration, Instant};

const CONFIG: &str = "title = \"测试站\"\nbase_url = \"/\"\npublish_with_errors = true\n";

fn all_output(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

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

/// The fields of a CSV (RFC 4180: quoted fields may hold commas, quotes and line ends).
fn csv_fields(csv: &str) -> Vec<String> {
    let mut fields = vec![];
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = csv.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' | '\n' if !quoted => fields.push(std::mem::take(&mut cur)),
            '\r' if !quoted => {}
            c => cur.push(c),
        }
    }
    fields
}

#[test]
fn no_csv_carries_a_live_formula_and_numbers_stay_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    let evil = "=HYPERLINK('http://x')";
    site.report(
        2023,
        "a",
        &simple_report(evil, 2023, 2).replace("fees = \"0\"", "fees = \"1.5\""),
    );
    site.report(
        2023,
        "b",
        &simple_report("@SUM(1+1)*cmd|' /C calc'!A0", 2023, 1),
    );
    site.report(2024, "a", &simple_report("+甲局", 2024, 1));
    site.report(2024, "c", &simple_report("-2+3+cmd", 2024, 1));
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csvs: Vec<_> = walkdir(&out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    // Per report, per year and all years, with the Excel copies.
    assert!(csvs.len() >= 4 + 2 * 2 + 2, "{csvs:?}");
    for p in &csvs {
        for f in csv_fields(&read(p)) {
            if f.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                assert!(
                    f.parse::<f64>().is_ok(),
                    "{}: live formula {f:?}",
                    p.display()
                );
            }
        }
        let text = read(p);
        assert!(
            !text.contains(evil) || text.contains(&format!("'{}", evil.replace('"', "\"\""))),
            "{}",
            p.display()
        );
    }
    // Counts and amounts are unquoted numbers still.
    let a = read(&out.join("2023/a/a-2023.csv"));
    assert!(a.contains(",5,") && a.contains(",1.5,"), "{a}");
}

#[test]
fn an_output_that_is_a_regular_file_is_refused_before_anything_moves() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    site.report(2023, "a", &simple_report("甲局", 2023, 2));
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "a clerk's notes").unwrap();
    let before = snapshot(dir.path());
    let o = build(&site.root, &file, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a folder"), "{}", stderr(&o));
    assert_eq!(snapshot(dir.path()), before, "nothing moved or left behind");
    // The refusal leaves nothing that breaks the next build.
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read(&file), "a clerk's notes");
}

#[test]
fn control_characters_are_refused_by_check_and_never_printed_raw() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    // Typed into the file, and written as TOML escapes that only appear once parsed.
    site.report(2023, "a", &simple_report("甲局\u{1b}[2J\u{8}", 2023, 2));
    site.report(
        2023,
        "b",
        &simple_report("乙局\\u001B]0;owned\\u0007", 2023, 2),
    );
    site.report(
        2023,
        "c",
        &report_with_overview("总体\u{85}情况\u{1b}[31m。"),
    );
    site.file(
        "content/2023/\u{1b}[31mred.md",
        &simple_report("丙局", 2023, 1),
    );
    let o = gongkai(&["check", site.root.to_str().unwrap()]);
    let err = all_output(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        !o.stderr.contains(&0x1b) && !o.stdout.contains(&0x1b),
        "{err:?}"
    );
    assert!(!err.contains('\u{85}') && !err.contains('\u{8}'), "{err:?}");
    for f in [
        "content/2023/a.md:",
        "content/2023/b.md:",
        "content/2023/c.md:",
    ] {
        let line = err
            .lines()
            .find(|l| l.starts_with(f))
            .unwrap_or_else(|| panic!("no finding for {f}: {err}"));
        assert!(line.contains("error[F-FORMAT]"), "{line}");
        assert!(line.contains("control character (U+"), "{line}");
    }
    assert!(
        err.contains("\\u{1b}[31mred.md"),
        "the file name is shown escaped: {err}"
    );
    // build refuses too, and the previous output stays.
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn names_from_departments_and_site_toml_with_control_characters_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    site.report(2023, "a", &simple_report("甲局", 2023, 2));
    site.file("content/departments.toml", "[a]\nname = \"甲\\u0001局\"\n");
    let o = gongkai(&["check", site.root.to_str().unwrap()]);
    let text = all_output(&o);
    assert!(
        text.contains("[a] name contains an invisible control character (U+0001)"),
        "{text}"
    );
    assert_eq!(o.status.code(), Some(1));
    site.file("content/departments.toml", "[a]\nname = \"甲局\"\n");
    site.file("site.toml", "title = \"门户\u{1b}\"\n");
    let o = gongkai(&["check", site.root.to_str().unwrap()]);
    let text = all_output(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains("U+001B"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text:?}");
}

/// A folder outside the site holding something private, as `/etc` would.
fn outside(dir: &std::path::Path) -> std::path::PathBuf {
    let p = dir.join("private");
    std::fs::create_dir_all(p.join("static")).unwrap();
    std::fs::write(p.join("secret.txt"), "private").unwrap();
    std::fs::write(p.join("static/secret.txt"), "private").unwrap();
    p
}

#[test]
fn a_static_or_theme_folder_linked_outside_the_site_is_not_published() {
    let dir = tempfile::tempdir().unwrap();
    let private = outside(dir.path());
    let out = dir.path().join("out");
    for (link, config) in [
        ("static", CONFIG.to_string()),
        ("themes/evil", format!("{CONFIG}theme = \"evil\"\n")),
    ] {
        let root = dir.path().join(link.replace('/', "-"));
        let site = SiteBuilder::new(&root, &config);
        site.report(2023, "a", &simple_report("甲局", 2023, 2));
        std::fs::create_dir_all(root.join(link).parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&private, root.join(link)).unwrap();
        let o = build(&root, &out, &[]);
        assert_eq!(o.status.code(), Some(1), "{link}: {}", stderr(&o));
        assert!(stderr(&o).contains("outside the site"), "{}", stderr(&o));
        assert!(!out.exists(), "{link}: nothing is published");
    }
    // A link that stays inside the site is followed.
    let root = dir.path().join("inside");
    let site = SiteBuilder::new(&root, CONFIG);
    site.report(2023, "a", &simple_report("甲局", 2023, 2));
    site.file("assets/logo.txt", "logo");
    std::os::unix::fs::symlink(root.join("assets"), root.join("static")).unwrap();
    let o = build(&root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read(&out.join("logo.txt")), "logo");
}

#[test]
fn a_content_folder_linked_outside_the_site_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(elsewhere.join("2023")).unwrap();
    std::fs::write(elsewhere.join("2023/a.md"), simple_report("甲局", 2023, 2)).unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("site.toml"), CONFIG).unwrap();
    std::os::unix::fs::symlink(&elsewhere, root.join("content")).unwrap();
    let o = gongkai(&["check", root.to_str().unwrap()]);
    let text = all_output(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains("content/ is a symbolic link to"), "{text}");
    assert!(text.contains("checked 0 reports"), "{text}");
}

#[test]
fn import_shows_control_characters_from_a_document_instead_of_obeying_them() {
    let dir = tempfile::tempdir().unwrap();
    let real = read(&repo().join("tests/fixtures/import/000_gongshu-tongjiju-2023.txt"));
    let (first, rest) = real.split_once('\n').unwrap();
    let hostile = dir.path().join("report.txt");
    std::fs::write(
        &hostile,
        format!("\u{1b}]0;owned\u{7}{first}\u{1b}[2J\n{rest}"),
    )
    .unwrap();
    let into = dir.path().join("content");
    let o = gongkai(&[
        "import",
        hostile.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
        "--partial",
    ]);
    let text = all_output(&o);
    assert!(!text.contains(['\u{1b}', '\u{7}']), "{text:?}");
}

/// Issue 25, item 4: a web page named .doc went to LibreOffice, which loaded the images it names
/// (a listener saw the request during `import --dry-run`). Only a Word 97 file (by its magic
/// bytes) reaches a converter now; this one is refused in words, and nothing is fetched.
#[test]
fn a_web_page_named_doc_is_refused_and_fetches_nothing() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("report.doc");
    std::fs::write(
        &doc,
        format!(
            "<html><head><link rel=stylesheet href=\"http://127.0.0.1:{port}/s.css\"></head>\
             <body><p>2023年度政府信息公开工作年度报告</p>\
             <img src=\"http://127.0.0.1:{port}/report-opened-by-clerk.png\"></body></html>"
        ),
    )
    .unwrap();
    let o = gongkai(&[
        "--lang",
        "zh-CN",
        "import",
        doc.to_str().unwrap(),
        "--dry-run",
        "--into",
        dir.path().join("content").to_str().unwrap(),
    ]);
    let text = all_output(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains("不是 Word 97–2003 .doc 文件"), "{text}");
    assert!(
        listener.accept().is_err(),
        "the converter fetched a URL named in the document"
    );
}
