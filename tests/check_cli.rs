//! `gongkai check` as a user runs it: the real binary on small sites, asserting the exact
//! diagnostics (rule, file, line, numbers), the exit code and the text format.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// 2020-01-01: before the publication deadline of every real report here (the earliest is
/// 2020-01-31), so S-PUBLISHED stays out of these exact lists; tests/supervision.rs tests it.
const BEFORE_EVERY_DEADLINE: &str = "1577836800";

fn gongkai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(args)
        .env_remove("NO_COLOR")
        .env("SOURCE_DATE_EPOCH", BEFORE_EVERY_DEADLINE)
        .output()
        .expect("run gongkai")
}

/// `check --format json` on a path: (exit code, diagnostics).
fn check_json(path: &Path) -> (i32, Vec<Value>) {
    let out = gongkai(&["check", path.to_str().unwrap(), "--format", "json"]);
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), json.as_array().unwrap().clone())
}

fn of<'a>(diags: &'a [Value], file: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["file"] == file).collect()
}

/// (rule, line) pairs, for compact assertions.
fn rule_lines(diags: &[&Value]) -> Vec<(String, i64)> {
    diags
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_i64().unwrap_or(0),
            )
        })
        .collect()
}

fn real_site() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sites/real"))
}

#[test]
fn real_031_gives_two_r_t4_errors() {
    let (code, diags) = check_json(real_site());
    assert_eq!(code, 1);
    let d = of(&diags, "content/2023/hongze-gov.md");
    let errors: Vec<&Value> = d
        .iter()
        .copied()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(
        rule_lines(&errors),
        [("R-T4".into(), 47), ("R-T4".into(), 49)]
    );
    assert_eq!(
        errors[0]["message"],
        "行政复议 总计 is 0 but 维持 10 + 纠正 1 + 其他 0 + 尚未审结 0 = 11"
    );
    assert_eq!(errors[0]["cell"], "review_litigation.review.total");
    assert_eq!(
        errors[1]["message"],
        "行政诉讼（复议后起诉） 总计 is 0 but 维持 5 + 纠正 0 + 其他 0 + 尚未审结 0 = 5"
    );
    // The only warnings: the two （六） rows the report did not print, left blank.
    let warnings: Vec<&str> = d
        .iter()
        .filter(|d| d["severity"] == "warning")
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(warnings, ["R-BLANK", "R-BLANK"]);
}

#[test]
fn real_001_gives_r_col_r_sum_errors_and_r_blank_n_text_warnings() {
    let (_, diags) = check_json(real_site());
    let d = of(&diags, "content/2019/shanghai-gov-office.md");
    let count = |rule: &str| d.iter().filter(|x| x["rule"] == rule).count();
    // 总计 blank in the 19 result rows; 11 of them have non-zero columns.
    assert_eq!(count("R-COL"), 11);
    assert_eq!(count("R-SUM"), 1);
    assert!(count("R-BLANK") > 20);
    assert_eq!(count("N-TEXT"), 2);
    assert_eq!(
        count("R-COL") + count("R-SUM") + count("R-BLANK") + count("N-TEXT"),
        d.len()
    );
    let sum = d.iter().find(|x| x["rule"] == "R-SUM").unwrap();
    assert_eq!(sum["line"], 44);
    assert_eq!(
        sum["message"],
        "column 总计: （七）总计 is 805 but the 19 result rows add up to 0"
    );
    let col = d.iter().find(|x| x["rule"] == "R-COL").unwrap();
    assert_eq!(col["line"], 25);
    assert_eq!(
        col["message"],
        "予以公开 总计 is blank but 自然人 258 + 商业企业 12 + 科研机构 0 + 社会公益组织 0 + 法律服务机构 1 + 其他 1 = 272"
    );
    let texts: Vec<&str> = d
        .iter()
        .filter(|x| x["rule"] == "N-TEXT")
        .map(|x| x["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "the narrative says “予以公开及部分公开258件” but 表三 予以公开 + 部分公开 is 275",
            "the narrative says “无法提供265件” but 表三 无法提供 is 337"
        ]
    );
}

#[test]
fn real_000_has_no_error_and_one_n_year_warning() {
    let (_, diags) = check_json(real_site());
    let d = of(&diags, "content/2023/gongshu-tongjiju.md");
    assert_eq!(rule_lines(&d), [("N-YEAR".into(), 76)]);
    assert!(d[0]["message"].as_str().unwrap().contains("2023年我局将"));
}

#[test]
fn real_024_has_nothing_at_all() {
    let (_, diags) = check_json(real_site());
    assert!(of(&diags, "content/2024/huaian-gov.md").is_empty());
}

#[test]
fn real_032_says_17_applications_where_the_table_says_95() {
    let (_, diags) = check_json(real_site());
    let d = of(&diags, "content/2024/hongze-gov.md");
    let text: Vec<&&Value> = d.iter().filter(|x| x["rule"] == "N-TEXT").collect();
    assert_eq!(text.len(), 1);
    assert_eq!(text[0]["line"], 60);
    assert!(
        text[0]["message"]
            .as_str()
            .unwrap()
            .ends_with("but 表三 本年新收 is 95")
    );
    // X-CARRY holds from 031 (0 → 0), so no cross-year warning.
    assert!(d.iter().all(|x| x["rule"] != "X-CARRY"));
}

#[test]
fn text_output_is_rustc_style_without_colour_off_a_terminal() {
    let out = gongkai(&["check", real_site().to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\x1b'), "no colour when piped");
    let expected = "content/2023/hongze-gov.md:47: error[R-T4]: 行政复议 总计 is 0 but 维持 10 + 纠正 1 + 其他 0 + 尚未审结 0 = 11\n   |\n47 | review                  = [10, 1, 0, 0, 0]";
    assert!(text.contains(expected), "{text}");
    // The marker sits under the 总计 cell.
    let marker_line = text
        .lines()
        .skip_while(|l| !l.starts_with("47 | review"))
        .nth(1)
        .unwrap();
    assert_eq!(
        marker_line,
        "   |                                         ^"
    );
    assert!(
        text.trim_end()
            .ends_with("checked 5 reports: 14 errors, 34 warnings"),
        "{text}"
    );
}

#[test]
fn single_file_uses_its_site_for_cross_year_rules() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    copy_real(root, "2023/hongze-gov.md");
    copy_real(root, "2024/hongze-gov.md");
    // Break the carry-over chain: 2023 carried 2 forward, 2024 says 0 came over.
    let p = root.join("content/2023/hongze-gov.md");
    let t = std::fs::read_to_string(&p).unwrap().replace(
        "carried_forward = [0, 0, 0, 0, 0, 0, 0]",
        "carried_forward = [2, 0, 0, 0, 0, 0, 2]",
    );
    std::fs::write(&p, t).unwrap();
    let file = root.join("content/2024/hongze-gov.md");
    let (code, diags) = check_json(&file);
    assert_eq!(code, 0, "warnings only");
    assert!(
        diags
            .iter()
            .all(|d| d["file"] == "content/2024/hongze-gov.md")
    );
    let carry: Vec<&Value> = diags.iter().filter(|d| d["rule"] == "X-CARRY").collect();
    assert_eq!(carry.len(), 2);
    assert!(
        carry[0]["message"]
            .as_str()
            .unwrap()
            .contains("the 2023 report carried 2 forward")
    );
    // --deny-warnings turns them into a failure.
    let out = gongkai(&["check", file.to_str().unwrap(), "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_lone_file_outside_a_site_is_checked_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let src = real_site().join("content/2023/hongze-gov.md");
    let file = dir.path().join("report.md");
    std::fs::copy(src, &file).unwrap();
    let (code, diags) = check_json(&file);
    assert_eq!(code, 1);
    let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0]["file"], "report.md");
}

fn copy_real(root: &Path, rel: &str) {
    let to = root.join("content").join(rel);
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(real_site().join("content").join(rel), to).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Bad input: each gets a diagnostic naming the file (and line), and the run goes on.

/// A site with one valid report (024) and one file with the given bytes at `rel`.
fn site_with(rel: &str, bytes: &[u8]) -> (tempfile::TempDir, i32, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    copy_real(dir.path(), "2024/huaian-gov.md");
    let p = dir.path().join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    let (code, diags) = check_json(dir.path());
    // The valid report is still checked and clean.
    assert!(
        of(&diags, "content/2024/huaian-gov.md").is_empty(),
        "{diags:?}"
    );
    (dir, code, diags)
}

/// Report 024 under another department's name, so it does not duplicate the original.
fn valid_024() -> String {
    std::fs::read_to_string(real_site().join("content/2024/huaian-gov.md"))
        .unwrap()
        .replace(
            "department = \"淮安市人民政府\"",
            "department = \"某测试局\"",
        )
}

/// The line number of the first line containing `needle` in the 024 report.
fn line_of(needle: &str) -> i64 {
    valid_024()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap() as i64
        + 1
}

fn one(diags: &[Value], file: &str) -> Value {
    let d = of(diags, file);
    assert_eq!(d.len(), 1, "{d:?}");
    d[0].clone()
}

#[test]
fn bad_invalid_toml() {
    let t = valid_024().replace("licensing  = 447228", "licensing  = = 447228");
    let (_, code, d) = site_with("content/2024/x.md", t.as_bytes());
    assert_eq!(code, 1);
    let d = one(&d, "content/2024/x.md");
    assert_eq!(d["rule"], "F-FORMAT");
    assert_eq!(d["line"], line_of("licensing"));
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .starts_with("invalid TOML in the front matter")
    );
}

#[test]
fn bad_no_front_matter() {
    let (_, code, d) = site_with("content/2024/x.md", "## 一、总体情况\n正文\n".as_bytes());
    assert_eq!(code, 1);
    let d = one(&d, "content/2024/x.md");
    assert_eq!(d["rule"], "F-FORMAT");
    assert_eq!(d["line"], 1);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .starts_with("no front matter")
    );
}

#[test]
fn bad_wrong_types() {
    let t = valid_024()
        .replace("year = 2024", "year = \"2024\"")
        .replace("punishment = 3985758", "punishment = \"3985758\"");
    let (_, code, d) = site_with("content/2024/x.md", t.as_bytes());
    assert_eq!(code, 1);
    let d = of(&d, "content/2024/x.md");
    assert_eq!(
        rule_lines(&d),
        [
            ("R-SHAPE".into(), line_of("year =")),
            ("R-SHAPE".into(), line_of("punishment"))
        ]
    );
    assert_eq!(d[0]["message"], "`year` is a string, expected an integer");
    assert_eq!(
        d[1]["message"],
        "行政处罚 (active.punishment) is the text \"3985758\", not a number"
    );
}

#[test]
fn bad_negative_and_fractional_counts() {
    let t = valid_024()
        .replace("coercion   = 88283", "coercion   = -88283")
        .replace("licensing  = 447228", "licensing  = 4472.28");
    let (_, code, d) = site_with("content/2024/x.md", t.as_bytes());
    assert_eq!(code, 1);
    let d = of(&d, "content/2024/x.md");
    assert_eq!(
        rule_lines(&d),
        [
            ("R-NONNEG".into(), line_of("licensing")),
            ("R-NONNEG".into(), line_of("coercion"))
        ]
    );
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("is 4472.28: a count must be a whole number")
    );
    assert!(
        d[1]["message"]
            .as_str()
            .unwrap()
            .contains("is -88283: a count cannot be negative")
    );
}

#[test]
fn bad_row_arity() {
    let t = valid_024().replace(
        "carried_over = [34, 0, 0, 0, 0, 0, 34]",
        "carried_over = [34, 0, 0, 0, 34]",
    );
    assert!(t.contains("[34, 0, 0, 0, 34]"));
    let (_, code, d) = site_with("content/2024/x.md", t.as_bytes());
    assert_eq!(code, 1);
    let d = one(&d, "content/2024/x.md");
    assert_eq!(d["rule"], "R-SHAPE");
    assert_eq!(d["line"], line_of("carried_over"));
    assert!(d["message"].as_str().unwrap().contains("has 5 values"));
    assert_eq!(d["cell"], "applications.carried_over");
}

#[test]
fn bad_unknown_key_with_did_you_mean() {
    let t = valid_024().replace("licensing  = 447228", "licencing  = 447228");
    let (_, code, d) = site_with("content/2024/x.md", t.as_bytes());
    assert_eq!(code, 1);
    let d = of(&d, "content/2024/x.md");
    // The misspelt key, and the row it should have been, both reported.
    assert_eq!(
        rule_lines(&d),
        [
            ("R-SHAPE".into(), line_of("[active]")),
            ("R-SHAPE".into(), line_of("licensing"))
        ]
    );
    assert_eq!(
        d[0]["message"],
        "[active] lacks 1 row of the 2021 edition: licensing"
    );
    assert_eq!(
        d[1]["message"],
        "unknown key `licencing` in [active] (2021 edition)"
    );
    // The text form carries the suggestion.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("content/2024/x.md");
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, &t).unwrap();
    let out = gongkai(&["check", dir.path().to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("help: did you mean `licensing`?"), "{text}");
}

#[test]
fn bad_fullwidth_digits() {
    let t = valid_024().replace("coercion   = 88283", "coercion   = ８８２８３");
    let (_, code, d) = site_with("content/2024/x.md", t.as_bytes());
    assert_eq!(code, 1);
    let d = one(&d, "content/2024/x.md");
    assert_eq!(d["rule"], "F-FORMAT");
    assert_eq!(d["line"], line_of("coercion"));
    assert!(d["message"].as_str().unwrap().contains("full-width digits"));
    // Inside a string cell the message names the cell.
    let t = valid_024().replace("fees       = \"96171.6\"", "fees       = \"９６１７１.６\"");
    let (_, code, d) = site_with("content/2024/y.md", t.as_bytes());
    assert_eq!(code, 1);
    let d = one(&d, "content/2024/y.md");
    assert_eq!(d["rule"], "R-SHAPE");
    assert_eq!(d["line"], line_of("fees"));
}

#[test]
fn bad_bom_is_accepted_with_a_warning() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(valid_024().as_bytes());
    let (_, code, d) = site_with("content/2023/x.md", &bytes);
    let d = of(&d, "content/2023/x.md");
    assert_eq!(d[0]["rule"], "F-STYLE");
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("byte-order mark")
    );
    // The report itself was read: the year mismatch is found on its line.
    assert!(
        d.iter()
            .any(|x| x["rule"] == "S-YEAR" && x["line"] == line_of("year ="))
    );
    assert_eq!(code, 1);
}

#[test]
fn bad_crlf_line_ends_keep_line_numbers() {
    let t = valid_024()
        .replace("coercion   = 88283", "coercion   = -88283")
        .replace('\n', "\r\n");
    let (_, _, d) = site_with("content/2024/x.md", t.as_bytes());
    let d = of(&d, "content/2024/x.md");
    assert_eq!(
        rule_lines(&d),
        [
            ("F-STYLE".into(), 1),
            ("R-NONNEG".into(), line_of("coercion"))
        ]
    );
}

#[test]
fn bad_empty_file() {
    let (_, code, d) = site_with("content/2024/x.md", b"");
    assert_eq!(code, 1);
    assert_eq!(one(&d, "content/2024/x.md")["message"], "the file is empty");
}

#[test]
fn bad_non_utf8_bytes() {
    let mut bytes = valid_024().into_bytes();
    let at = bytes.len() - 10;
    bytes.splice(at..at, [0xB2, 0xE2]);
    let lines = bytes[..at].iter().filter(|&&b| b == b'\n').count() as i64 + 1;
    let (_, code, d) = site_with("content/2024/x.md", &bytes);
    assert_eq!(code, 1);
    let d = one(&d, "content/2024/x.md");
    assert_eq!(d["rule"], "F-FORMAT");
    assert_eq!(d["line"], lines);
    assert!(d["message"].as_str().unwrap().contains("not valid UTF-8"));
}

#[test]
fn bad_year_disagrees_with_folder() {
    let (_, code, d) = site_with("content/2023/x.md", valid_024().as_bytes());
    assert_eq!(code, 1);
    let d = one(&d, "content/2023/x.md");
    assert_eq!(d["rule"], "S-YEAR");
    assert_eq!(d["line"], line_of("year ="));
    assert_eq!(
        d["message"],
        "the front matter says year = 2024 but the file is in the folder 2023"
    );
}

#[test]
fn bad_two_files_for_one_department_in_one_year() {
    let original = std::fs::read_to_string(real_site().join("content/2024/huaian-gov.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    copy_real(dir.path(), "2024/huaian-gov.md");
    std::fs::write(dir.path().join("content/2024/huaian-copy.md"), original).unwrap();
    let (code, d) = check_json(dir.path());
    assert_eq!(code, 1);
    let dup: Vec<&Value> = d.iter().filter(|x| x["rule"] == "S-YEAR").collect();
    assert_eq!(dup.len(), 2);
    assert_eq!(dup[0]["file"], "content/2024/huaian-copy.md");
    assert_eq!(dup[0]["line"], line_of("department ="));
    assert!(
        dup[0]["message"]
            .as_str()
            .unwrap()
            .contains("content/2024/huaian-gov.md")
    );
}

#[test]
fn bad_slug_outside_the_allowed_characters() {
    let (_, code, d) = site_with("content/2024/Huai An.md", valid_024().as_bytes());
    assert_eq!(code, 1);
    let d = one(&d, "content/2024/Huai An.md");
    assert_eq!(d["rule"], "F-PATH");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("not a valid department slug")
    );
}

#[test]
fn bad_huge_file_is_refused_without_reading_it() {
    let mut t = valid_024();
    t.push_str(&"很长的正文。".repeat(150_000));
    let (_, code, d) = site_with("content/2024/x.md", t.as_bytes());
    assert_eq!(code, 1);
    let d = one(&d, "content/2024/x.md");
    assert_eq!(d["rule"], "F-FORMAT");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("a report is at most 2 MiB")
    );
}

#[test]
fn bad_markdown_outside_a_year_folder() {
    let (_, code, d) = site_with("content/drafts/x.md", valid_024().as_bytes());
    assert_eq!(code, 1);
    assert_eq!(one(&d, "content/drafts/x.md")["rule"], "F-PATH");
}

#[test]
fn bad_site_toml_is_a_diagnostic_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"x\"\nbase_ur = \"/\"\n",
    )
    .unwrap();
    let (code, d) = check_json(dir.path());
    assert_eq!(code, 1);
    assert_eq!(d[0]["file"], "site.toml");
    assert_eq!(d[0]["line"], 2);
}

#[test]
fn bad_symlinked_report_is_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, valid_024()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    copy_real(dir.path(), "2024/huaian-gov.md");
    std::os::unix::fs::symlink(&secret, dir.path().join("content/2024/link.md")).unwrap();
    let (code, d) = check_json(dir.path());
    assert_eq!(code, 1);
    let d = one(&d, "content/2024/link.md");
    assert_eq!(d["rule"], "F-PATH");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("symbolic links are not followed")
    );
}

#[test]
fn a_folder_without_content_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let (code, d) = check_json(dir.path());
    assert_eq!(code, 1);
    assert_eq!(d.len(), 1);
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("no content/ folder")
    );
    let out = gongkai(&["check", "/nonexistent/site"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
}
