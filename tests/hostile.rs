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
    assert!(
        a.contains("\r\n行政许可,5\r\n") && a.contains(",1.5\r\n"),
        "{a}"
    );
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

/// A .docx of a few hundred bytes (deflated) whose numbering.xml is `numbering`, with numbered
/// paragraphs.
fn docx_with_numbering(path: &std::path::Path, numbering: &str) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    let para = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>2023年度政府信息公开工作年度报告</w:t></w:r></w:p>"#;
    let document = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}</w:body></w:document>"#,
        para.repeat(20)
    );
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(document.as_bytes()).unwrap();
    zip.start_file("word/numbering.xml", opts).unwrap();
    zip.write_all(numbering.as_bytes()).unwrap();
    zip.finish().unwrap();
}

/// Issue 25, item 2: a 1 KB .docx whose numbering.xml starts a list at 4294967295 in Roman
/// numerals with a level text of 1,000 × `%1` built 4.3 GB per paragraph: the import aborted
/// (SIGABRT; in debug, `counter + 1` overflowed), the files after it were never read and no
/// summary was printed. Now the number is not drawn and the batch finishes.
#[test]
fn a_numbering_bomb_neither_allocates_gigabytes_nor_stops_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let bomb = format!(
        r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="4294967295"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="{}"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#,
        "%1".repeat(1000)
    );
    docx_with_numbering(&inbox.join("a.docx"), &bomb);
    assert!(std::fs::metadata(inbox.join("a.docx")).unwrap().len() < 2000);
    std::fs::copy(
        repo().join("tests/fixtures/import/000_gongshu-tongjiju-2023.txt"),
        inbox.join("b.txt"),
    )
    .unwrap();
    let o = gongkai(&[
        "import",
        inbox.to_str().unwrap(),
        "--dry-run",
        "--into",
        dir.path().join("content").to_str().unwrap(),
    ]);
    let text = all_output(&o);
    assert!(o.status.code() == Some(1), "{text}");
    let summary = &text[text.find("summary:").expect("a summary")..];
    assert!(summary.contains("a.docx"), "{summary}");
    assert!(
        summary
            .lines()
            .any(|l| l.contains("b.txt") && l.contains("would import")),
        "{summary}"
    );
    assert!(
        !text.contains("MMMM"),
        "a number out of Word's range was drawn"
    );
}

/// A report whose `source` is `name`, beside it in content/2023/.
fn report_with_source(site: &SiteBuilder, slug: &str, name: &str, bytes: &[u8]) {
    let text = simple_report("甲局", 2023, 2).replacen(
        "year = 2023\n",
        &format!("year = 2023\nsource = \"{name}\"\n"),
        1,
    );
    site.report(2023, slug, &text);
    std::fs::write(site.root.join("content/2023").join(name), bytes).unwrap();
}

/// Issue 25, item 1: `source` could name any file; an .svg (or a hand-placed .html) was copied
/// byte for byte to `source-<name>` and linked, and its script ran on the portal's address.
/// `check` asked only that it existed. Now only PDF, Word and text pass (F-SOURCE), judged by
/// name and content, and `build` copies nothing else even when it publishes reports with errors.
#[test]
fn only_pdf_word_and_text_originals_are_published() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    let svg =
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.domain)</script></svg>";
    report_with_source(&site, "a", "a.svg", svg);
    report_with_source(&site, "b", "b.html", b"<script>alert(1)</script>");
    // A web page renamed .pdf: refused by its content.
    report_with_source(
        &site,
        "c",
        "c.pdf",
        b"<html><script>alert(1)</script></html>",
    );
    report_with_source(
        &site,
        "d",
        "d.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    );
    report_with_source(&site, "e", "e.html.txt", "<p>网页原件</p>\n".as_bytes());
    let o = gongkai(&["check", site.root.to_str().unwrap()]);
    let text = all_output(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    for refused in ["a.md", "b.md", "c.md"] {
        assert!(
            text.lines()
                .any(|l| l.contains(refused) && l.contains("error[F-SOURCE]")),
            "{refused}: {text}"
        );
    }
    for kept in ["d.md", "e.md"] {
        assert!(
            !text
                .lines()
                .any(|l| l.contains(kept) && l.contains("F-SOURCE")),
            "{kept}: {text}"
        );
    }
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    for slug in ["a", "b", "c"] {
        let folder = out.join("2023").join(slug);
        let copied: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("source-"))
            .collect();
        assert!(copied.is_empty(), "{slug}: {copied:?}");
        assert!(
            !read(&folder.join("index.html")).contains("source-"),
            "{slug} links it"
        );
    }
    assert!(out.join("2023/d/source-d.pdf").is_file());
    assert!(out.join("2023/e/source-e.html.txt").is_file());
}

/// Issue 25, item 1, in `import`: the original is kept only as a type that may be published,
/// named by its content (an SVG report read as text is kept as `.svg.txt`).
#[test]
fn import_keeps_an_original_only_as_a_publishable_type() {
    let dir = tempfile::tempdir().unwrap();
    let real = read(&repo().join("tests/fixtures/import/000_gongshu-tongjiju-2023.txt"));
    let svg = dir.path().join("report.svg");
    std::fs::write(&svg, format!("{real}\n<script>alert(1)</script>\n")).unwrap();
    let into = dir.path().join("content");
    let o = gongkai(&[
        "import",
        svg.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
        "--partial",
    ]);
    let text = all_output(&o);
    let year = into.join("2023");
    let names: Vec<String> = std::fs::read_dir(&year)
        .unwrap_or_else(|e| panic!("{e}: {text}"))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().any(|n| n.ends_with(".svg.txt")), "{names:?}");
    assert!(!names.iter().any(|n| n.ends_with(".svg")), "{names:?}");
}

/// Issue 25, item 5: a report whose text *shows* an image tag, a Markdown link or `<details>` was
/// imported unescaped: the built page loaded the pixel and showed the link with the portal's
/// authority. Imported text is literal now: the page shows the characters and nothing is live.
#[test]
fn imported_text_that_shows_markup_stays_text_on_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let real = read(&repo().join("tests/fixtures/import/000_gongshu-tongjiju-2023.txt"));
    let shown = [
        r#"<img src="https://tracker.example/p.gif">"#,
        "[点击此处](https://phish.example/login)",
        "<details><summary>详情</summary>隐藏内容</details>",
    ];
    let hostile = real.replacen(
        "（一）主动公开\n",
        &format!("（一）主动公开\n{}\n", shown.join("\n")),
        1,
    );
    let input = dir.path().join("report.txt");
    std::fs::write(&input, hostile).unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    let o = gongkai(&[
        "import",
        input.to_str().unwrap(),
        "--into",
        site.root.join("content").to_str().unwrap(),
        "--partial",
    ]);
    assert!(
        walkdir(&site.root.join("content"))
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "md")),
        "{}",
        all_output(&o)
    );
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page_path = walkdir(&out.join("2023"))
        .into_iter()
        .find(|p| {
            p.ends_with("index.html") && p.components().count() > out.components().count() + 2
        })
        .expect("a report page");
    let page = read(&page_path);
    assert!(
        !page.contains("<img src=\"https://tracker"),
        "live image: {page}"
    );
    assert!(!page.contains("href=\"https://phish.example"), "live link");
    assert!(!page.contains("<summary>详情"), "live element");
    let doc = html(&page_path);
    let text: String = doc.root_element().text().collect();
    for s in shown {
        assert!(text.contains(s), "{s} not shown as written");
    }
}

/// Issue 25, item 9: a value over Excel's 32,767 characters passed `check`, then `build` failed
/// the whole portal with "String exceeds Excel's limit", naming a CSV. Now `check` names the
/// report and the field (F-LIMIT), and `build` (publishing reports with errors) writes every
/// workbook, the value cut short there with a note and whole in the CSV.
#[test]
fn an_oversize_value_is_a_check_error_and_never_fails_the_build() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    let long = "很长的部门名称".repeat(5000);
    site.report(2023, "a", &simple_report(&long, 2023, 2));
    site.report(2023, "b", &simple_report("乙局", 2023, 3));
    let o = gongkai(&["check", site.root.to_str().unwrap()]);
    let text = all_output(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        &text[..text.len().min(2000)]
    );
    assert!(
        text.lines().any(|l| l.contains("content/2023/a.md")
            && l.contains("error[F-LIMIT]")
            && l.contains("department")
            && l.contains("35000")),
        "{}",
        &text[..text.len().min(3000)]
    );
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("data/reports-all.xlsx").is_file());
    assert!(out.join("2023/b/index.html").is_file());
}

/// Issue 25, item 10: 1.8 MB of `>` rendered 1.8 million nested block quotes (a 48 MB page).
/// `check` reports the nesting (F-LIMIT) and the page nests at most 32 deep.
#[test]
fn markdown_nesting_is_a_check_error_and_capped_on_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    let quotes = ">".repeat(200_000);
    site.report(
        2023,
        "a",
        &report_with_overview(&format!("总体情况。\n\n{quotes} 深处")),
    );
    let o = gongkai(&["check", site.root.to_str().unwrap()]);
    let text = all_output(&o);
    assert!(
        text.lines()
            .any(|l| l.contains("content/2023/a.md") && l.contains("error[F-LIMIT]")),
        "{}",
        &text[..text.len().min(3000)]
    );
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(&out.join("2023/a/index.html"));
    assert!(page.matches("<blockquote>").count() <= 32);
    assert!(page.len() < 2_000_000, "{} bytes", page.len());
    assert!(page.contains("深处"));
}

/// Issue 25, item 11: a bidi override (U+202E) or a zero-width character in a name reached the
/// pages, the CSV, the workbook and the terminal as it was. `check` warns (F-INVISIBLE) and shows
/// it escaped; the outputs drop it: also the JSON a script shows (the search's titles and texts,
/// each report's data), from names and from the narrative.
#[test]
fn bidi_and_zero_width_characters_are_warned_about_and_not_published() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    site.report(2023, "a", &simple_report("甲局\u{202e}fdp.exe", 2023, 2));
    let narrative = "\n正文\u{202e}倒\u{200b}写。\n";
    site.report(
        2023,
        "b",
        &(simple_report("乙\u{200b}局", 2023, 2) + narrative),
    );
    site.file("content/departments.toml", "[c]\nname = \"丙\u{2066}局\"\n");
    let o = gongkai(&["check", site.root.to_str().unwrap()]);
    let text = all_output(&o);
    assert!(
        !text.contains(['\u{202e}', '\u{200b}', '\u{2066}']),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.contains("departments.toml")
            && l.contains("warning[F-INVISIBLE]")
            && l.contains("U+2066")),
        "{text}"
    );
    for (file, code) in [("a.md", "U+202E"), ("b.md", "U+200B")] {
        assert!(
            text.lines().any(|l| l.contains(file)
                && l.contains("warning[F-INVISIBLE]")
                && l.contains(code)),
            "{text}"
        );
    }
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    for p in walkdir(&out) {
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ["html", "csv", "xml", "json"].contains(&ext) {
            let s = read(&p);
            assert!(
                !s.contains(['\u{202e}', '\u{200b}']),
                "{} carries an invisible character",
                p.display()
            );
        }
    }
    assert!(read(&out.join("2023/a/index.html")).contains("甲局fdp.exe"));
    let texts: String = walkdir(&out.join("sousuo"))
        .iter()
        .map(|p| read(p))
        .collect();
    assert!(texts.contains("正文倒写。"), "{texts}");
}

/// Issue 25, item 11: `发布日期：2024-02-30` was written as `published = 2024-02-30`, invalid
/// TOML, with exit 0. A day that does not exist is not a date: nothing is written for it, and
/// the import says so.
#[test]
fn an_impossible_publication_date_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let real = read(&repo().join("tests/fixtures/import/000_gongshu-tongjiju-2023.txt"));
    let (first, rest) = real.split_once('\n').unwrap();
    let input = dir.path().join("report.txt");
    std::fs::write(&input, format!("{first}\n发布日期：2024-02-30\n{rest}")).unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    let o = gongkai(&[
        "import",
        input.to_str().unwrap(),
        "--into",
        site.root.join("content").to_str().unwrap(),
        "--partial",
    ]);
    let text = all_output(&o);
    assert!(text.contains("2024-02-30"), "{text}");
    let written = walkdir(&site.root.join("content"))
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(!read(&written).contains("published = 2024-02-30"));
    let o = gongkai(&["check", written.to_str().unwrap()]);
    assert!(!all_output(&o).contains("F-FORMAT"), "{}", all_output(&o));
}

/// Issue 25, item 11: an `--output` inside static/ or a theme was accepted, and every build
/// published the previous output again inside itself. It is refused before anything is written.
#[test]
fn an_output_inside_static_or_a_theme_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), CONFIG);
    site.report(2023, "a", &simple_report("甲局", 2023, 2));
    site.file("static/robots-extra.txt", "x");
    site.file("themes/mine/static/x.css", "x");
    for inside in [
        "static/out",
        "themes/mine/static/out",
        "static/../static/new/deeper",
    ] {
        let out = site.root.join(inside);
        let o = build(&site.root, &out, &[]);
        let text = all_output(&o);
        assert_eq!(o.status.code(), Some(1), "{inside}: {text}");
        assert!(text.contains("static/"), "{inside}: {text}");
        assert!(!out.exists(), "{inside}: written");
    }
}

/// A folder with one executable shell script `name` (the PATH of a test that fakes a converter).
fn fake_tool(dir: &std::path::Path, name: &str, script: &str) {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Issue 25, item 3: pdftotext's whole output was collected in memory, and it ran without a
/// limit. A converter printing without end is stopped at the cap, the file is refused in words,
/// and the batch goes on to the next file and its summary.
#[test]
fn a_converter_printing_without_end_is_stopped_and_the_batch_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    fake_tool(
        &bin,
        "pdftotext",
        "exec /usr/bin/yes '<word xMin=\"1\">字</word>'",
    );
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    std::fs::write(inbox.join("a.pdf"), b"%PDF-1.4\n").unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/import/000_gongshu-tongjiju-2023.txt"),
        inbox.join("b.txt"),
    )
    .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["import", inbox.to_str().unwrap(), "--dry-run", "--into"])
        .arg(dir.path().join("content"))
        .env("PATH", &bin)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    let text = all_output(&o);
    let summary = &text[text.find("summary:").expect("a summary")..];
    assert!(
        summary
            .lines()
            .any(|l| l.contains("a.pdf") && l.contains("printed more than")),
        "{summary}"
    );
    assert!(
        summary
            .lines()
            .any(|l| l.contains("b.txt") && l.contains("would import")),
        "{summary}"
    );
}

/// Issue 25, item 4: after a converter ends (or is stopped), nothing it started lives on:
/// soffice.bin kept running, orphaned, and re-created the removed scratch profile.
#[test]
fn nothing_a_converter_started_outlives_it() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let pidfile = dir.path().join("helper.pid");
    // Like soffice: a helper in the background, then the launcher exits (converting nothing).
    fake_tool(
        &bin,
        "soffice",
        &format!(
            "/bin/sleep 1000 >/dev/null 2>&1 &\necho $! > {}\nexit 0",
            pidfile.display()
        ),
    );
    let doc = repo().join("tests/fixtures/import/doc/gongshu-tongjiju-2023.doc");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["import", doc.to_str().unwrap(), "--dry-run", "--into"])
        .arg(dir.path().join("content"))
        .env("PATH", &bin)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    let pid = read(&pidfile).trim().to_string();
    let alive = || {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
            !s.rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with('Z')
        })
    };
    // SIGKILL was sent before gongkai exited; the orphan is reaped by init.
    let gone = (0..500).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(10));
        !alive()
    });
    assert!(gone, "the converter's helper {pid} outlived it");
}
