//! Chinese first (issue 9): the built demo site has no English sentence on any page, and the
//! command line speaks Chinese under a Chinese locale and English under `LANG=C`.

mod common;

use common::*;
use regex::Regex;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::LazyLock;

/// Run the real binary with `LANG` set (and the more specific locale variables removed).
fn gongkai_in(lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Text a reader sees on a page: text nodes and the attributes read aloud or shown, without
/// code, scripts and styles.
fn visible_text(html: &scraper::Html) -> Vec<String> {
    let mut texts = vec![];
    for node in html.tree.nodes() {
        match node.value() {
            scraper::Node::Text(t) => {
                let hidden = node.ancestors().any(|a| {
                    a.value().as_element().is_some_and(|e| {
                        matches!(
                            e.name(),
                            "code" | "pre" | "script" | "style" | "kbd" | "samp"
                        )
                    })
                });
                if !hidden {
                    texts.push(t.to_string());
                }
            }
            scraper::Node::Element(e) => {
                for attr in ["title", "aria-label", "alt", "placeholder"] {
                    if let Some(v) = e.attr(attr) {
                        texts.push(v.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    texts
}

/// Runs of two or more Latin words in `text`, once URLs, e-mail addresses, file names and rule
/// ids are taken out.
fn english_runs(text: &str) -> Vec<String> {
    static EXEMPT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"https?://\S+|\S+@\S+|\b[\w-]+(?:\.[\w-]+){2,}\b|[\w./-]+\.(?:md|toml|csv|json|xml|html|docx|pdf|txt|svg)\b|\b[A-Z]-[A-Z0-9]+\b",
        )
        .unwrap()
    });
    static RUN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[A-Za-z][A-Za-z'’]*(?:[ \t,;:()0-9.]+[A-Za-z][A-Za-z'’]*)+").unwrap()
    });
    if !text.bytes().any(|b| b.is_ascii_alphabetic()) {
        return vec![];
    }
    let cleaned = EXEMPT.replace_all(text, " ");
    RUN.find_iter(&cleaned)
        .map(|m| m.as_str().to_string())
        .collect()
}

#[test]
fn the_scanner_finds_english_and_leaves_urls_and_rule_ids() {
    assert_eq!(english_runs("总计 is 0 but 维持 10"), ["is 0 but"]);
    assert_eq!(english_runs("plans for next year"), ["plans for next year"]);
    assert!(english_runs("见 https://example.gov.cn/a b 与 R-BAL、content/2023/x.md").is_empty());
    assert!(english_runs("电子邮箱：yunxi-gk@example.org").is_empty());
    assert!(english_runs("网站 www.shanghai.gov.cn 查阅").is_empty());
    assert!(english_runs("数据 JSON、CSV 下载").is_empty());
}

fn html_files(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

/// Every page of the demo portal (this repository's site.toml and content/, with its real
/// published errors shown as findings) is free of English sentences.
#[test]
fn demo_site_pages_have_no_english_sentences() {
    let tmp = tempfile::tempdir().unwrap();
    let o = gongkai_in(
        "C",
        &[
            "build",
            repo().to_str().unwrap(),
            "--output",
            tmp.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", out(&o));
    let pages = html_files(tmp.path());
    assert!(pages.len() > 50, "only {} pages", pages.len());
    let mut found = vec![];
    let mut findings = 0;
    for page in &pages {
        let text = read(page);
        findings += text.matches("class=\"sev-").count();
        for t in visible_text(&scraper::Html::parse_document(&text)) {
            for r in english_runs(&t) {
                found.push(format!(
                    "{}: {r:?}",
                    page.strip_prefix(tmp.path()).unwrap().display()
                ));
            }
        }
    }
    assert!(
        findings > 10,
        "the demo should show its findings ({findings})"
    );
    assert!(
        found.is_empty(),
        "English on the pages:\n{}",
        found.join("\n")
    );
}

/// Findings on a public page speak to readers: no rule ids, no source lines, a link to the
/// table row.
#[test]
fn public_findings_have_no_rule_ids_or_source_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let o = gongkai_in(
        "C",
        &[
            "build",
            repo().to_str().unwrap(),
            "--output",
            tmp.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", out(&o));
    let page = html(&tmp.path().join("2024/yunxi-jiaoyu/index.html"));
    let items: Vec<_> = page.select(&sel("#findings li")).collect();
    assert!(!items.is_empty());
    let rule_id = Regex::new(r"\b[RSXNF]-[A-Z0-9]+\b").unwrap();
    for li in &items {
        let t = text(*li);
        assert!(!rule_id.is_match(&t), "{t}");
        assert!(!t.contains("源文件"), "{t}");
    }
    let first = text(items[0]);
    assert!(
        first.contains("表三") && first.contains("总计为 6"),
        "{first}"
    );
    let link = items[0].select(&sel("a")).next().unwrap();
    let href = link.value().attr("href").unwrap();
    let id = href.trim_start_matches('#');
    assert!(
        page.select(&sel(&format!("[id=\"{id}\"]")))
            .next()
            .is_some(),
        "{href}"
    );
}

#[test]
fn check_speaks_the_locale() {
    let site = repo().join("tests/sites/real");
    let zh = out(&gongkai_in(
        "zh_CN.UTF-8",
        &["check", site.to_str().unwrap()],
    ));
    assert!(zh.contains("已检查") && zh.contains("份报告：错误"), "{zh}");
    assert!(zh.contains("错误[R-T4]: 表四“行政复议”：总计为 0"), "{zh}");
    // The finding lines (not the quoted source lines, which are the file's own words).
    let findings: Vec<&str> = zh.lines().filter(|l| l.starts_with("content/")).collect();
    assert!(findings.len() > 10);
    for l in findings {
        assert!(!l.contains(" is ") && !l.contains(" but "), "{l}");
    }
    let en = out(&gongkai_in("C", &["check", site.to_str().unwrap()]));
    assert!(en.contains("error[R-T4]: 行政复议 总计 is 0 but"), "{en}");
    assert!(en.contains("checked ") && en.contains(" reports: "), "{en}");
    // --lang wins over the locale.
    let forced = out(&gongkai_in(
        "C",
        &["check", "--lang", "zh-CN", site.to_str().unwrap()],
    ));
    assert!(forced.contains("已检查"), "{forced}");
}

#[test]
fn json_keeps_rule_ids_and_adds_the_message_in_the_language() {
    let site = repo().join("tests/sites/real");
    let json = |lang| {
        let o = gongkai_in(lang, &["check", "--format", "json", site.to_str().unwrap()]);
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    let (zh, en) = (json("zh_CN.UTF-8"), json("C"));
    let t4 = |v: &serde_json::Value| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == "R-T4")
            .cloned()
            .unwrap()
    };
    assert_eq!(t4(&zh)["rule"], t4(&en)["rule"]);
    assert_eq!(t4(&zh)["severity"], "error");
    assert!(t4(&zh)["message"].as_str().unwrap().contains("总计为"));
    assert!(t4(&en)["message"].as_str().unwrap().contains(" is "));
}

#[test]
fn help_is_chinese_under_a_chinese_locale_and_english_under_c() {
    let zh = out(&gongkai_in("zh_CN.UTF-8", &["check", "--help"]));
    assert!(
        zh.contains("用法：") && zh.contains("选项：") && zh.contains("显示帮助"),
        "{zh}"
    );
    assert!(zh.contains("按国家模板校验"), "{zh}");
    assert!(!zh.contains("Print help") && !zh.contains("Usage:"), "{zh}");
    let en = out(&gongkai_in("C", &["check", "--help"]));
    assert!(en.contains("Usage:") && en.contains("Print help"), "{en}");
    assert!(en.contains("Validate every report"), "{en}");
    let en = out(&gongkai_in("zh_CN.UTF-8", &["--lang", "en", "--help"]));
    assert!(en.contains("Usage:"), "{en}");
}

#[test]
fn explain_prints_the_rule_why_and_an_example() {
    let zh = gongkai_in("zh_CN.UTF-8", &["check", "--explain", "R-BAL"]);
    assert!(zh.status.success());
    let zh = out(&zh);
    for part in ["R-BAL（错误）", "规则", "为什么", "例子", "本年新收"] {
        assert!(zh.contains(part), "{part}: {zh}");
    }
    let en = out(&gongkai_in("C", &["check", "--explain", "x-carry"]));
    assert!(
        en.contains("X-CARRY (warning)") && en.contains("Why"),
        "{en}"
    );
    let unknown = gongkai_in("C", &["check", "--explain", "R-NOPE"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(out(&unknown).contains("R-BAL"), "lists the rules");
}

#[test]
fn build_and_errors_speak_the_locale() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nowhere");
    let zh = gongkai_in("zh_CN.UTF-8", &["build", missing.to_str().unwrap()]);
    assert_eq!(zh.status.code(), Some(2));
    assert!(
        out(&zh).contains("错误：") && out(&zh).contains("不是站点文件夹"),
        "{}",
        out(&zh)
    );
    let en = gongkai_in("C", &["build", missing.to_str().unwrap()]);
    assert!(out(&en).contains("error: ") && out(&en).contains("is not a site folder"));

    let dest = tmp.path().join("out");
    let site = repo().join("tests/sites/real");
    let args = [
        "build",
        site.to_str().unwrap(),
        "--output",
        dest.to_str().unwrap(),
    ];
    let zh = out(&gongkai_in("zh_CN.UTF-8", &args));
    assert!(zh.contains("份报告生成到") || zh.contains("未生成"), "{zh}");
    let en = out(&gongkai_in("C", &args));
    assert!(en.contains("built ") || en.contains("not built"), "{en}");
}

#[test]
fn without_a_locale_the_site_language_decides() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    SiteBuilder::new(site, "language = \"en\"\n");
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check", site.to_str().unwrap()])
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    assert!(out(&o).contains("checked 0 reports"), "{}", out(&o));
    std::fs::write(site.join("site.toml"), "language = \"zh-CN\"\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check", site.to_str().unwrap()])
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    assert!(out(&o).contains("已检查 0 份报告"), "{}", out(&o));
}

#[test]
fn command_line_mistakes_are_explained_in_the_locale() {
    let zh = gongkai_in("zh_CN.UTF-8", &["check", "--bogus"]);
    assert_eq!(zh.status.code(), Some(2));
    let zh = out(&zh);
    assert!(
        zh.contains("错误：未知的参数“--bogus”") && zh.contains("用法："),
        "{zh}"
    );
    let zh = out(&gongkai_in("zh_CN.UTF-8", &["check", "--format", "xml"]));
    assert!(zh.contains("“xml”无效"), "{zh}");
    let en = out(&gongkai_in("C", &["check", "--bogus"]));
    assert!(
        en.contains("unexpected argument '--bogus'") && en.contains("Usage: "),
        "{en}"
    );
}

/// A site whose language is English gets its findings in English.
#[test]
fn an_english_site_gets_english_findings() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&repo().join("tests/sites/real"), &site);
    let config = "language = \"en\"\npublish_with_errors = true\n";
    std::fs::write(site.join("site.toml"), config).unwrap();
    let dest = tmp.path().join("out");
    let o = build(&site, &dest, &[]);
    assert!(o.status.success(), "{}", out(&o));
    let page = read(&dest.join("2023/hongze-gov/index.html"));
    assert!(page.contains("<html lang=\"en\">"));
    assert!(
        page.contains("行政复议 总计 is 0 but"),
        "findings in English"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// `import` reports what it found and what it could not read in Chinese under a Chinese locale:
/// the catalogue's sentences around the template's labels, no English sentence.
#[test]
fn import_reports_in_chinese_under_a_chinese_locale() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/001_shanghai-gov-office-2019.txt");
    let text = std::fs::read_to_string(fixture).unwrap();
    let line = text.lines().find(|l| l.starts_with("2.重复申请")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("r.txt");
    std::fs::write(&input, text.replace(&format!("{line}\n"), "")).unwrap();
    let into = dir.path().join("content");
    let args = [
        "import",
        input.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ];
    let o = gongkai_in("zh_CN.UTF-8", &args);
    let zh = out(&o);
    assert_eq!(o.status.code(), Some(1), "{zh}");
    assert!(zh.contains("找到：表二：读出模板"), "{zh}");
    assert!(zh.contains("找到：表四：15 格"), "{zh}");
    assert!(zh.contains("缺少：表三：未找到“2.重复申请”行"), "{zh}");
    for l in zh.lines().filter(|l| l.starts_with("  ")) {
        assert!(english_runs(l).is_empty(), "English in “{l}”");
    }
    // The same report under LANG=C, in English.
    let en = out(&gongkai_in("C", &args));
    assert!(
        en.contains("missing: table 三: row “2.重复申请” not found"),
        "{en}"
    );
}
