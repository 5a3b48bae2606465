//! A clerk's first day (issue 21), with the real binary on a site made by `gongkai init` and
//! the real published reports of one body over two years (tests/fixtures/import: 淮安市洪泽区
//! 2023, whose table 四 has two published errors, and 2024, titled with 淮安市 in front):
//! an imported report keeps its errors without stopping the build, the body gets one slug and is
//! registered once, `check` warns about unregistered bodies and a region no body belongs to, and
//! `new` says how to register a body. tests/e2e/first_day.sh replays the whole day, serve
//! included.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// 2026-01-01: every deadline of the fixtures has passed (fixed, so the summary does not move).
const NEW_YEAR_2026: &str = "1767225600";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// The binary in `dir` under the locale `lang`.
fn run_in(dir: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", NEW_YEAR_2026)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn run(dir: &Path, args: &[&str]) -> Output {
    run_in(dir, "C", args)
}

/// `gongkai init site` in a fresh folder: the site's root (kept alive by the TempDir).
fn init() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["init", "site"]);
    assert!(o.status.success(), "{}", common::all_output(&o));
    let site = dir.path().join("site");
    (dir, site)
}

/// Import these fixtures into the site, in one run.
fn import(site: &Path, names: &[&str]) -> Output {
    let paths: Vec<PathBuf> = names.iter().map(|n| fixture(n)).collect();
    let mut args = vec!["import"];
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    let o = run(site, &args);
    assert!(o.status.success(), "{}", common::all_output(&o));
    o
}

/// The report files of a year, by name.
fn reports_of(site: &Path, year: i32) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.join(format!("content/{year}")))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_published_report_keeps_its_errors_and_still_builds() {
    let (_dir, site) = init();
    import(&site, &["031_huaian-hongze-district-gov-2023.txt"]);
    let [file] = &reports_of(&site, 2023)[..] else {
        panic!("one report: {:?}", reports_of(&site, 2023));
    };
    let path = site.join("content/2023").join(file);
    let text = common::read(&path);
    assert!(text.contains("\norigin = \"published\""), "{text}");

    // `check` still finds the published errors, and says they are kept as published.
    let o = run(&site, &["check"]);
    let out = common::all_output(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("error[R-T4]"), "{out}");
    assert!(out.contains("kept as published"), "{out}");
    let o = run_in(&site, "zh_CN.UTF-8", &["check"]);
    assert!(
        common::all_output(&o).contains("照原文保留"),
        "{}",
        common::all_output(&o)
    );

    // init sets publish_with_errors = false; the build publishes the record all the same, with
    // its errors on its page.
    let o = run(&site, &["build"]);
    let out = common::all_output(&o);
    assert!(o.status.success(), "{out}");
    let slug = file.trim_end_matches(".md");
    let page = common::read(&site.join(format!("public/2023/{slug}/index.html")));
    assert!(page.contains("notice-error"), "the page marks its errors");

    // The same numbers written here (no origin) are the site's own mistake: no build.
    std::fs::write(&path, text.replace("\norigin = \"published\"", "\n#")).unwrap();
    let o = run(&site, &["build"]);
    let out = common::all_output(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("not built"), "{out}");
    assert!(!out.contains("kept as published"), "{out}");

    // A mistyped origin is a finding, and counts as written here.
    std::fs::write(
        &path,
        text.replace("\norigin = \"published\"", "\norigin = \"publishd\""),
    )
    .unwrap();
    let o = run(&site, &["check"]);
    let out = common::all_output(&o);
    assert!(
        out.contains("error[R-SHAPE]") && out.contains("origin"),
        "{out}"
    );
}

/// The titles differ (洪泽区人民政府 in 2023, 淮安市洪泽区人民政府 in 2024): still one body, one
/// slug, registered once in departments.toml with the other name as an alias, the file's own
/// comments kept; whichever year and whichever form (PDF or text) comes first.
#[test]
fn one_body_gets_one_slug_and_is_registered_once() {
    let cases: [&[&[&str]]; 2] = [
        &[&[
            "huaian-hongze-district-gov-2023.pdf",
            "huaian-hongze-district-gov-2024.pdf",
        ]],
        &[
            &["032_huaian-hongze-district-gov-2024.txt"],
            &["031_huaian-hongze-district-gov-2023.txt"],
        ],
    ];
    for runs in cases {
        let (_dir, site) = init();
        let before = common::read(&site.join("content/departments.toml"));
        for names in runs {
            import(&site, names);
        }
        let (y2023, y2024) = (reports_of(&site, 2023), reports_of(&site, 2024));
        assert_eq!(y2023, y2024, "{runs:?}");
        assert_eq!(y2023.len(), 1, "{y2023:?}");
        let slug = y2023[0].trim_end_matches(".md");
        let deps = common::read(&site.join("content/departments.toml"));
        assert!(deps.starts_with(&before), "comments kept:\n{deps}");
        assert_eq!(deps.matches(&format!("[{slug}]")).count(), 1, "{deps}");
        assert_eq!(deps.matches("kind = \"government\"").count(), 2, "{deps}");
        let parsed = gongkai::content::Departments::parse(&deps, &mut vec![]);
        let body = parsed.get(slug).expect("registered");
        let mut names = vec![body.name.clone()];
        names.extend(body.aliases.iter().cloned());
        names.sort();
        assert_eq!(names, ["洪泽区人民政府", "淮安市洪泽区人民政府"], "{deps}");

        // Registered, so no S-BODY; both years count as published.
        let o = run(&site, &["check", "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(
            json.as_array()
                .unwrap()
                .iter()
                .all(|d| d["rule"] != "S-BODY" && d["rule"] != "S-REGION"),
            "{json}"
        );
        let o = run_in(&site, "zh_CN.UTF-8", &["check", "--summary"]);
        let out = common::all_output(&o);
        for year in ["2023", "2024"] {
            let row = out
                .lines()
                .find(|l| l.starts_with(&format!("{year}  ")))
                .unwrap_or_else(|| panic!("{year}: {out}"));
            let cells: Vec<&str> = row.split_whitespace().collect();
            // 年度 发布期限 单位 已发布 …: one body, published.
            assert_eq!(&cells[2..4], ["1", "1"], "{row}\n{out}");
        }
        assert!(
            !out.contains("未发布：洪泽") && !out.contains("未发布：淮安"),
            "{out}"
        );
    }
}

/// `--dry-run` writes nothing, and says what the run would register: the body once, then the
/// other year's name as its alias.
#[test]
fn a_dry_run_says_what_it_would_register() {
    let (_dir, site) = init();
    let deps = site.join("content/departments.toml");
    let before = common::read(&deps);
    let (a, b) = (
        fixture("031_huaian-hongze-district-gov-2023.txt"),
        fixture("032_huaian-hongze-district-gov-2024.txt"),
    );
    let o = run(
        &site,
        &[
            "import",
            "--dry-run",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
        ],
    );
    let out = common::all_output(&o);
    assert!(o.status.success(), "{out}");
    assert_eq!(out.matches("would register the body").count(), 1, "{out}");
    assert!(
        out.contains("would add the alias \"淮安市洪泽区人民政府\""),
        "{out}"
    );
    assert_eq!(common::read(&deps), before);
}

#[test]
fn check_warns_about_an_unregistered_body_and_a_region_no_body_has() {
    let (_dir, site) = init();
    // A report under a slug departments.toml does not describe.
    let example = reports_of(&site, 2025);
    let example = site.join("content/2025").join(&example[0]);
    let text = common::read(&example).replace("示例县人民政府", "示例县商务局");
    std::fs::write(site.join("content/2025/shangwuju.md"), text).unwrap();
    // The region renamed in site.toml only.
    let config = site.join("site.toml");
    let renamed = common::read(&config).replace("region = \"示例县\"", "region = \"示例县城关镇\"");
    std::fs::write(&config, renamed).unwrap();

    let o = run(&site, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let found: Vec<(String, String, i64)> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "S-BODY" || d["rule"] == "S-REGION")
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (s("rule"), s("file"), d["line"].as_i64().unwrap_or(0))
        })
        .collect();
    let config_line = common::read(&config)
        .lines()
        .position(|l| l.starts_with("region"))
        .unwrap() as i64
        + 1;
    assert_eq!(
        found,
        [
            ("S-BODY".into(), "content/2025/shangwuju.md".into(), 2),
            ("S-REGION".into(), "site.toml".into(), config_line),
        ],
        "{json}"
    );
    let o = run_in(&site, "zh_CN.UTF-8", &["check"]);
    let out = common::all_output(&o);
    assert!(
        out.contains("[shangwuju]、name = \"示例县商务局\""),
        "{out}"
    );
    assert!(out.contains("departments.toml 中的地区有：示例县"), "{out}");
    // Warnings: the site still builds and the rules are explained.
    assert!(run(&site, &["build"]).status.success());
    for rule in ["S-BODY", "S-REGION"] {
        let o = run(&site, &["check", "--explain", rule]);
        assert!(o.status.success(), "{}", common::all_output(&o));
    }
}

#[test]
fn new_says_how_to_register_a_body_it_does_not_know() {
    let (_dir, site) = init();
    for lang in ["C", "zh_CN.UTF-8"] {
        let o = run_in(
            &site,
            lang,
            &["new", "--year", "2025", "--slug", "shangwuju"],
        );
        let err = common::all_output(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(
            err.contains("content/departments.toml")
                && err.contains("[shangwuju]")
                && err.contains("name = ")
                && err.contains("kind = \"department\"")
                && err.contains("gongkai import"),
            "{err}"
        );
    }
    // Registered as it says, `new` writes the skeleton.
    let deps = site.join("content/departments.toml");
    let text =
        common::read(&deps) + "\n[shangwuju]\nname = \"示例县商务局\"\nkind = \"department\"\n";
    std::fs::write(&deps, text).unwrap();
    let o = run(&site, &["new", "--year", "2025", "--slug", "shangwuju"]);
    assert!(o.status.success(), "{}", common::all_output(&o));
    // A skeleton is written here, not a record of a published document.
    let skeleton = common::read(&site.join("content/2025/shangwuju.md"));
    assert!(!skeleton.contains("origin"), "{skeleton}");
}

/// scripts/test.sh installs LibreOffice Writer unless a real .doc converts: a `soffice` that
/// starts but converts nothing (LibreOffice without Writer) must not pass for a converter.
#[test]
fn the_test_script_checks_that_a_doc_converts_not_that_soffice_exists() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("soffice");
    std::fs::write(
        &fake,
        "#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 0\n",
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let repo = common::repo();
    let path = format!(
        "{}:{}",
        dir.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let o = Command::new("bash")
        .arg(repo.join("scripts/doc-converts.sh"))
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(!o.status.success(), "{}", common::all_output(&o));
    let test_sh = common::read(&repo.join("scripts/test.sh"));
    assert!(
        test_sh.contains("scripts/doc-converts.sh || need_apt+=(libreoffice-writer-nogui)"),
        "{test_sh}"
    );
}
