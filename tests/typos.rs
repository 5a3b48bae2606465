//! A clerk typing with a Chinese input method (issue 21, item 4): full-width punctuation and
//! Chinese dates in a real report's front matter, site.toml and departments.toml are named in
//! Chinese (the character and its fix), and `check --fix` rewrites exactly those characters,
//! never a number, `--dry-run` writing nothing.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn zh(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1577836800")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The real 拱墅区统计局 2023 report with what an input method types: a full-width `＝`, `，`
/// inside an inline table, `［…］` around an array, `“…”` around the title, a `；` at a line's
/// end, a date in Chinese, and a `，` between two digits (which only the clerk can resolve). Text
/// inside strings and comments (`（`, `，`) must stay.
fn typed(original: &str) -> String {
    let s = original
        .replacen("year = 2023", "year ＝ 2023", 1)
        .replacen(
            "regulations    = { issued = 0, repealed = 0, in_force = 0 }",
            "regulations    = ｛ issued = 0， repealed = 0， in_force = 0 ｝",
            1,
        )
        .replacen(
            "new          = [2, 0, 0, 0, 0, 0, 2]",
            "new          = ［2, 0, 0, 0, 0, 0, 2］",
            1,
        )
        .replacen(
            "title = \"杭州市拱墅区统计局2023年度政府信息公开工作年度报告\"",
            "title = “杭州市拱墅区统计局2023年度政府信息公开工作年度报告”",
            1,
        )
        .replacen("punishment = 3", "punishment = 3；", 1)
        .replacen(
            "edition = \"2021\"",
            "edition = \"2021\"\npublished = 2024年1月22日",
            1,
        )
        .replacen(
            "carried_over = [0, 0, 0, 0, 0, 0, 0]",
            "carried_over = [0, 0, 0, 0，0, 0, 0]",
            1,
        );
    assert_ne!(s, original);
    s
}

fn site(dir: &Path) -> (std::path::PathBuf, String) {
    let real = common::repo().join("tests/sites/real");
    std::fs::create_dir_all(dir.join("content/2023")).unwrap();
    std::fs::write(dir.join("site.toml"), "title = \"测试\"\n").unwrap();
    let original = common::read(&real.join("content/2023/gongshu-tongjiju.md"));
    let report = dir.join("content/2023/gongshu-tongjiju.md");
    std::fs::write(&report, typed(&original)).unwrap();
    (report, original)
}

#[test]
fn each_typo_is_named_in_chinese_with_its_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, _) = site(tmp.path());
    let out = zh(&["check", tmp.path().to_str().unwrap()]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    for needle in [
        "全角“＝”：TOML 只认半角的“=”",
        "全角“｛”",
        "全角“，”：TOML 只认半角的“,”",
        "全角“［”",
        "全角““”",
        "全角分号“；”",
        "日期写成了“2024年1月22日”：TOML 的日期写作 2024-01-22",
        "两个数字之间有全角逗号“，”",
        "gongkai check --fix",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    for wrong in [
        "文字必须加引号",
        "这里不应再有键或值",
        "key with no value",
        "string values",
    ] {
        assert!(!text.contains(wrong), "{wrong:?} in:\n{text}");
    }
}

#[test]
fn fix_rewrites_exactly_those_characters_and_dry_run_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (report, original) = site(tmp.path());
    let typed = common::read(&report);
    let root = tmp.path().to_str().unwrap();

    let dry = zh(&["check", "--fix", "--dry-run", root]);
    let dry_text = stdout(&dry);
    assert_eq!(common::read(&report), typed, "--dry-run wrote the file");
    assert!(
        dry_text.contains("- year ＝ 2023\n+ year = 2023"),
        "{dry_text}"
    );
    assert!(dry_text.contains("+ published = 2024-01-22"), "{dry_text}");
    assert!(dry_text.contains("未写入"), "{dry_text}");

    let fixed = zh(&["check", "--fix", root]);
    let fixed_text = stdout(&fixed);
    // Every typo rewritten, the date as a TOML date; the comma between digits kept as typed
    // (it is still named, so the check fails until the clerk decides).
    let expected = original
        .replacen(
            "edition = \"2021\"",
            "edition = \"2021\"\npublished = 2024-01-22",
            1,
        )
        .replacen(
            "carried_over = [0, 0, 0, 0, 0, 0, 0]",
            "carried_over = [0, 0, 0, 0，0, 0, 0]",
            1,
        );
    assert_eq!(common::read(&report), expected, "{fixed_text}");
    assert!(fixed_text.contains("已改正 11 处"), "{fixed_text}");
    assert!(
        fixed_text.contains("两个数字之间有全角逗号"),
        "{fixed_text}"
    );
    assert_eq!(fixed.status.code(), Some(1));

    // The clerk removes the comma between digits by hand: the report is back to what was
    // published (plus its date), and checks as the original does.
    std::fs::write(
        &report,
        expected.replacen("[0, 0, 0, 0，0, 0, 0]", "[0, 0, 0, 0, 0, 0, 0]", 1),
    )
    .unwrap();
    let again = zh(&["check", "--fix", root]);
    assert!(stdout(&again).contains("没有需要改正的全角标点或中文日期"));
    assert!(!stdout(&again).contains("F-FORMAT"), "{}", stdout(&again));
}

#[test]
fn site_toml_and_departments_toml_typos_are_named_and_fixed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("site.toml"), "title ＝ “示例县政务公开”\n").unwrap();
    std::fs::write(
        root.join("content/departments.toml"),
        "［tongjiju］\nname = \"统计局（统计）\"\nkind：\"department\"\n",
    )
    .unwrap();
    let out = zh(&["check", root.to_str().unwrap()]);
    let text = stdout(&out) + &String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("site.toml") && text.contains("全角“＝”"),
        "{text}"
    );
    let out = zh(&["check", "--fix", root.to_str().unwrap()]);
    assert!(stdout(&out).contains("已改正"), "{}", stdout(&out));
    assert_eq!(
        common::read(&root.join("site.toml")),
        "title = \"示例县政务公开\"\n"
    );
    assert_eq!(
        common::read(&root.join("content/departments.toml")),
        "[tongjiju]\nname = \"统计局（统计）\"\nkind=\"department\"\n"
    );
    let out = zh(&["check", root.to_str().unwrap()]);
    let text = stdout(&out) + &String::from_utf8_lossy(&out.stderr);
    assert!(!text.contains("F-FORMAT"), "{text}");
}

/// `gongkai new`'s skeleton is readable without counting positions: each row of table 三 has a
/// comment above it with the row's label and the seven columns, as the schema names them.
#[test]
fn new_skeleton_names_each_row_and_its_seven_columns() {
    use gongkai::schema::{self, APPLICANT_COLUMNS, Edition};
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    assert!(zh(&["init", site.to_str().unwrap()]).status.success());
    let content = site.join("content");
    let example = common::walkdir(&content)
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .expect("init writes an example report");
    let slug = example.file_stem().unwrap().to_string_lossy().into_owned();
    let year: i32 = example
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let next = (year + 1).to_string();
    let out = zh(&[
        "new",
        "--year",
        &next,
        "--slug",
        &slug,
        "--into",
        content.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", common::all_output(&out));
    let text = common::read(&content.join(format!("{next}/{slug}.md")));
    let lines: Vec<&str> = text.lines().collect();
    let mut rows = 0;
    for row in schema::application_rows(Edition::for_year(year + 1)) {
        let at = lines
            .iter()
            .position(|l| l.starts_with(&format!("{} = [", row.key)))
            .unwrap_or_else(|| panic!("no row {} in\n{text}", row.key));
        let comment = lines[at - 1];
        assert!(
            comment.starts_with('#') && comment.contains(row.label),
            "{comment}"
        );
        if let Some(g) = row.group {
            assert!(comment.contains(g.label), "{comment}");
        }
        for c in &APPLICANT_COLUMNS {
            assert!(comment.contains(c.label), "{comment}");
        }
        rows += 1;
    }
    assert!(rows > 10);
}

/// A publication date typed in quotes the Chinese way is valid TOML but not a date: the help
/// gives the date as TOML writes it, and `--fix` writes it so.
#[test]
fn a_quoted_chinese_publication_date_becomes_a_toml_date() {
    let tmp = tempfile::tempdir().unwrap();
    let (report, original) = site(tmp.path());
    let quoted = original.replacen(
        "edition = \"2021\"",
        "edition = \"2021\"\npublished = \"2024年1月22日\"",
        1,
    );
    std::fs::write(&report, &quoted).unwrap();
    let root = tmp.path().to_str().unwrap();
    let out = stdout(&zh(&["check", root]));
    assert!(out.contains("请写作 published = 2024-01-22"), "{out}");
    let out = stdout(&zh(&["check", "--fix", root]));
    assert!(out.contains("+ published = 2024-01-22"), "{out}");
    assert_eq!(
        common::read(&report),
        original.replacen(
            "edition = \"2021\"",
            "edition = \"2021\"\npublished = 2024-01-22",
            1
        )
    );
}
