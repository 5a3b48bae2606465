//! The command line as a new user meets it: `init`, `--version`, completions, a mistyped slug,
//! and the messages of an empty folder or an empty site.toml. Real binary throughout.

mod common;
use common::*;

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn init_makes_a_site_that_checks_and_builds_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("new-site");
    let s = site.to_str().unwrap();
    let o = gongkai(&["init", s]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in ["site.toml", "content/departments.toml", ".gitignore"] {
        assert!(site.join(f).is_file(), "{f}");
    }
    let reports: Vec<_> = walkdir(&site.join("content"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    let ignored = read(&site.join(".gitignore"));
    assert!(ignored.contains("/public/") && ignored.contains("/.public.gongkai-*"));

    let o = gongkai(&["check", s]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("0 errors, 0 warnings"),
        "{}",
        stdout(&o)
    );
    let o = gongkai(&["build", s]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.join("public/index.html").is_file());

    // A second init refuses and writes nothing, even where only some files exist.
    std::fs::write(site.join("site.toml"), "title = \"已改\"\n").unwrap();
    std::fs::remove_file(site.join(".gitignore")).unwrap();
    let o = gongkai(&["init", s]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already there"), "{}", stderr(&o));
    let o = gongkai(&["init", s, "--lang", "zh-CN"]);
    assert!(stderr(&o).contains("已存在"), "{}", stderr(&o));
    assert_eq!(read(&site.join("site.toml")), "title = \"已改\"\n");
    assert!(!site.join(".gitignore").exists());
}

#[test]
fn version_and_completions() {
    let o = gongkai(&["--version"]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o).trim(),
        format!("gongkai {}", env!("CARGO_PKG_VERSION"))
    );
    for shell in ["bash", "zsh", "fish"] {
        let o = gongkai(&["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        for word in ["gongkai", "init", "serve", "base-url"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
    assert!(!gongkai(&["completions", "cmd.exe"]).status.success());
    // A reader that stops early (`| head -1`) is no crash.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["completions", "bash"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

#[test]
fn new_takes_a_slug_and_suggests_the_closest_one() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(dir.path(), "title = \"t\"\n");
    site.file(
        "content/departments.toml",
        "[tongjiju]\nname = \"统计局\"\n[jiaoyuju]\nname = \"教育局\"\n",
    );
    let into = dir.path().join("content");
    let into = into.to_str().unwrap();
    let o = gongkai(&[
        "new", "--year", "2024", "--slug", "tongjuju", "--into", into,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("did you mean `tongjiju`"),
        "{}",
        stderr(&o)
    );
    let o = gongkai(&[
        "new", "--year", "2024", "--slug", "tongjiju", "--into", into,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The old spelling still works.
    let o = gongkai(&[
        "new",
        "--year",
        "2024",
        "--department",
        "jiaoyuju",
        "--into",
        into,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn edge_messages_fit_the_situation() {
    // An empty folder: no report to publish, so no advice about publish_with_errors.
    let dir = tempfile::tempdir().unwrap();
    let o = gongkai(&["build", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o) + &stdout(&o);
    assert!(!err.contains("publish_with_errors"), "{err}");
    assert!(err.contains("gongkai init"), "{err}");

    // An empty site.toml is all defaults, not a report missing its front matter.
    std::fs::write(dir.path().join("site.toml"), "\n").unwrap();
    let o = gongkai(&["check", dir.path().to_str().unwrap()]);
    let out = stderr(&o) + &stdout(&o);
    assert!(!out.contains("+++"), "{out}");
    assert!(!out.contains("site.toml:"), "{out}");
}
