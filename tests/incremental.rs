//! `build` over its previous output renders only what an edit can change (issue 24): after each
//! of a series of random edits (figures, sentences, reports deleted and added, a template, a
//! static file, departments.toml), the output built incrementally is byte for byte the output of
//! a fresh build of the same sources, manifests and build state included; and an edit of one
//! report rewrites only the files that depend on it.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A fixed day: the pages depend on the date (deadlines passed, the workbooks' date), and both
/// builds of a comparison must see the same one.
const EPOCH: &str = "1767225600"; // 2026-01-01

/// What the build loaded from each report, for the next build (src/pipeline/cache.rs): a folder
/// of files.
const CACHE: &str = ".gongkai-report-cache";

fn build_at(site: &Path, out: &Path) -> String {
    build_with(site, out, EPOCH, &[])
}

fn build_with(site: &Path, out: &Path, epoch: &str, args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", epoch)
        .args(["build", site.to_str().unwrap(), "--output"])
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    err
}

/// `(written, unchanged, removed)` from the build's last line.
fn counts(err: &str) -> (usize, usize, usize) {
    let line = err
        .lines()
        .find(|l| l.starts_with("compared with the previous output"))
        .unwrap_or_else(|| panic!("{err}"));
    let nums: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(3)
        .map(|s| s.parse().unwrap())
        .collect();
    (nums[0], nums[1], nums[2])
}

/// Every file of an output but the seal (the time the build finished) and the report cache (the
/// identity of each report file when it was read), and the build state but its `inputs` line
/// (the identity of the site's files when the build began: their times and inodes).
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    snapshot(dir)
        .into_iter()
        .filter(|(p, _)| p != ".gongkai-seal" && !p.starts_with(CACHE))
        .map(|(p, bytes)| {
            if p != ".gongkai-build-state" {
                return (p, bytes);
            }
            let text = String::from_utf8(bytes).unwrap();
            assert_eq!(text.matches("\ninputs ").count(), 1, "{text}");
            let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("inputs ")).collect();
            (p, kept.join("\n").into_bytes())
        })
        .collect()
}

fn assert_same_as_fresh(site: &Path, out: &Path, step: &str) {
    let fresh = site.parent().unwrap().join(format!("fresh-{step}"));
    build_at(site, &fresh);
    let (got, want) = (files(out), files(&fresh));
    let differ: Vec<&String> = want
        .iter()
        .zip(&got)
        .filter(|(w, g)| w != g)
        .map(|(w, _)| &w.0)
        .take(5)
        .collect();
    let paths = |v: &[(String, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&got), paths(&want), "{step}: the same files");
    assert!(differ.is_empty(), "{step}: files differ: {differ:?}");
    std::fs::remove_dir_all(&fresh).unwrap();
}

/// A small deterministic generator (xorshift), so that a failure can be reproduced.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn reports(site: &Path) -> Vec<String> {
    let mut all: Vec<String> = walkdir(&site.join("content"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.strip_prefix(site).unwrap().to_string_lossy().into_owned())
        .collect();
    all.sort();
    all
}

/// Change one figure of the front matter (a digit after `= ` or `[`/`, `).
fn edit_figure(site: &Path, rel: &str, rng: &mut Rng) {
    let path = site.join(rel);
    let text = read(&path);
    let end = text[3..].find("+++").unwrap() + 3;
    let digits: Vec<usize> = text[..end]
        .char_indices()
        .filter(|(i, c)| {
            c.is_ascii_digit() && {
                let before = &text[..*i];
                before.ends_with("= ") || before.ends_with(", ") || before.ends_with('[')
            }
        })
        .map(|(i, _)| i)
        .collect();
    let at = digits[rng.next(digits.len())];
    let new = if &text[at..at + 1] == "7" { "8" } else { "7" };
    std::fs::write(&path, format!("{}{new}{}", &text[..at], &text[at + 1..])).unwrap();
}

/// A copy of the demo site in `dir`, and where its output goes.
fn demo_site(dir: &Path) -> (PathBuf, PathBuf) {
    let site = dir.join("site");
    copy_dir(&repo().join("content"), &site.join("content"));
    std::fs::copy(repo().join("site.toml"), site.join("site.toml")).unwrap();
    (site, dir.join("public"))
}

#[test]
fn an_incremental_build_writes_what_a_fresh_build_writes() {
    let dir = tempfile::tempdir().unwrap();
    let (site, out) = demo_site(dir.path());
    let first = build_at(&site, &out);
    let (written, _, _) = counts(&first);
    let total = written;

    // Nothing changed: nothing written, even the manifests kept.
    let (written, kept, removed) = counts(&build_at(&site, &out));
    assert_eq!((written, kept, removed), (0, total, 0));

    // One figure of one report: only what depends on it is rendered and written again.
    edit_figure(&site, "content/2023/yunxi-jiaoyu.md", &mut Rng(7));
    let (written, _, _) = counts(&build_at(&site, &out));
    assert!(
        written > 0 && written < total / 4,
        "{written} of {total} written"
    );
    assert_same_as_fresh(&site, &out, "figure");

    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for step in 0..12 {
        let all = reports(&site);
        let rel = all[rng.next(all.len())].clone();
        let kind = rng.next(8);
        match kind {
            0..=2 => edit_figure(&site, &rel, &mut rng),
            3 => {
                let path = site.join(&rel);
                let text = read(&path);
                std::fs::write(&path, format!("{text}\n补充说明第{step}条。\n")).unwrap();
            }
            4 => std::fs::remove_file(site.join(&rel)).unwrap(),
            5 => {
                // A new department's report, copied from another one's.
                let text = read(&site.join(&rel));
                let year = rel.split('/').nth(1).unwrap();
                let path = site.join(format!("content/{year}/xin-bumen-{step}.md"));
                std::fs::write(path, text).unwrap();
            }
            6 => {
                // A template of the site's own, then changed.
                site_file(
                    &site,
                    "templates/404.html",
                    &format!(
                        "{{% extends \"default/404.html\" %}}{{% block main %}}<p>第{step}版</p>{{% endblock main %}}"
                    ),
                );
            }
            _ => site_file(&site, "static/notice.txt", &format!("第{step}版\n")),
        }
        build_at(&site, &out);
        assert_same_as_fresh(&site, &out, &format!("step{step}-kind{kind}"));
    }

    // departments.toml: everything is rebuilt, and still the same.
    let deps = site.join("content/departments.toml");
    std::fs::write(&deps, format!("{}\n# 修改\n", read(&deps))).unwrap();
    build_at(&site, &out);
    assert_same_as_fresh(&site, &out, "departments");
}

/// A build with nothing changed stops before loading the site (the inputs' identity is the one
/// recorded): whatever changed in between must be seen, also an edit that keeps the file's
/// size and sets its modification time back, another base URL and another day.
#[test]
fn nothing_changed_is_told_from_the_files_and_every_change_is_seen() {
    let dir = tempfile::tempdir().unwrap();
    let (site, out) = demo_site(dir.path());
    let first = build_at(&site, &out);
    let total = counts(&first).0;
    let again = build_at(&site, &out);
    assert_eq!(counts(&again), (0, total, 0));
    // It says what the build said, but the time taken.
    let said = |err: &str| -> Vec<String> {
        err.lines()
            .filter(|l| !l.starts_with("compared with"))
            .map(|l| l.split(" in ").next().unwrap().to_string())
            .collect()
    };
    assert_eq!(said(&again), said(&first));

    // The same size, the modification time set back.
    let rel = "content/2023/yunxi-jiaoyu.md";
    let mtime = std::fs::metadata(site.join(rel))
        .unwrap()
        .modified()
        .unwrap();
    edit_figure(&site, rel, &mut Rng(11));
    let f = std::fs::File::options()
        .write(true)
        .open(site.join(rel))
        .unwrap();
    f.set_modified(mtime).unwrap();
    drop(f);
    assert!(counts(&build_at(&site, &out)).0 > 0);
    assert_same_as_fresh(&site, &out, "same-size");

    // Another base URL, then another day: the pages change, and back.
    let page = out.join("index.html");
    build_with(
        &site,
        &out,
        EPOCH,
        &["--base-url", "https://other.example/"],
    );
    assert!(read(&out.join("sitemap.xml")).contains("https://other.example/"));
    build_at(&site, &out);
    assert!(!read(&out.join("sitemap.xml")).contains("https://other.example/"));
    let state = |out: &Path| read(&out.join(".gongkai-build-state"));
    let before = (read(&page), state(&out));
    build_with(&site, &out, "1798761600", &[]); // 2027-01-01
    assert_ne!(state(&out), before.1, "another day, another state");
    build_at(&site, &out);
    assert_eq!(read(&page), before.0);
    assert_same_as_fresh(&site, &out, "day");

    // A file removed from the output by hand is put back although nothing else changed.
    std::fs::remove_file(out.join("about/index.html")).unwrap();
    assert_eq!(counts(&build_at(&site, &out)).0, 1);
    assert_same_as_fresh(&site, &out, "removed-by-hand");
}

fn site_file(site: &Path, rel: &str, text: &str) {
    let path = site.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// An output edited by hand after the build: the next build corrects the edited file although
/// nothing in the site changed.
#[test]
fn a_file_of_the_output_edited_by_hand_is_written_again() {
    let dir = tempfile::tempdir().unwrap();
    let (site, out) = demo_site(dir.path());
    build_at(&site, &out);
    let page = out.join("2023/yunxi-gov/index.html");
    let good = std::fs::read(&page).unwrap();
    std::fs::write(&page, b"defaced").unwrap();
    std::fs::remove_file(out.join("2023/yunxi-gov/yunxi-gov-2023.json")).unwrap();
    let (written, _, _) = counts(&build_at(&site, &out));
    assert!(written >= 2, "{written}");
    assert_eq!(std::fs::read(&page).unwrap(), good);
    assert_same_as_fresh(&site, &out, "by-hand");
}

/// `(errors, warnings)` from the build's summary line.
fn findings(err: &str) -> (usize, usize) {
    let line = err
        .lines()
        .find(|l| l.starts_with("checked "))
        .unwrap_or_else(|| panic!("{err}"));
    let nums: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    (nums[1], nums[2])
}

fn replace(site: &Path, rel: &str, from: &str, to: &str) {
    let path = site.join(rel);
    let text = read(&path);
    assert!(text.contains(from), "{rel}: {from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// A build over its previous output takes the reports it does not read again from the report
/// cache (src/pipeline/cache.rs); the findings that look at other reports are found again. So
/// whatever changes findings — an edit of the report itself, an edit of its previous year's
/// report, a report deleted, renamed or copied to another name, a cache damaged or cut short —
/// the output is byte for byte what a fresh build writes, and the cache is set aside whole when
/// departments.toml changes.
#[test]
fn findings_across_reports_come_out_as_in_a_fresh_build() {
    let dir = tempfile::tempdir().unwrap();
    let (site, out) = demo_site(dir.path());
    let first = findings(&build_at(&site, &out));
    assert!(out.join(CACHE).is_dir());
    // Once the files' times are old enough, unchanged files are told by their identity alone
    // (before, by their bytes).
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let (prev, now) = (
        "content/2022/yunxi-weijian.md",
        "content/2023/yunxi-weijian.md",
    );

    // The report's own findings: 总计 no longer the sum of its rows.
    replace(
        &site,
        now,
        "total           = [9, 4,",
        "total           = [9, 5,",
    );
    let own = findings(&build_at(&site, &out));
    assert!(own.0 > first.0, "{own:?} {first:?}");
    assert_same_as_fresh(&site, &out, "own-finding");
    replace(
        &site,
        now,
        "total           = [9, 5,",
        "total           = [9, 4,",
    );
    assert_eq!(findings(&build_at(&site, &out)), first);
    assert_same_as_fresh(&site, &out, "own-finding-fixed");

    // The previous year's carried-forward figures: the unchanged next year no longer carries
    // them over (X-CARRY), and then again it does.
    let before = "carried_forward = [0, 0, 0, 1, 0, 0, 1]";
    let after = "carried_forward = [1, 0, 0, 1, 0, 0, 2]";
    replace(&site, prev, before, after);
    let across = build_at(&site, &out);
    assert!(findings(&across).0 > first.0, "{across}");
    assert_same_as_fresh(&site, &out, "previous-year");
    // The report's findings, as its data file lists them.
    let data =
        |year: &str, slug: &str| read(&out.join(format!("{year}/{slug}/{slug}-{year}.json")));
    let page = |year: &str| data(year, "yunxi-weijian");
    assert!(page("2023").contains("X-CARRY"));
    replace(&site, prev, after, before);
    assert_eq!(findings(&build_at(&site, &out)), first);
    assert!(!page("2023").contains("X-CARRY"));
    assert_same_as_fresh(&site, &out, "previous-year-back");

    // The previous year's report changed again and then deleted: nothing to carry over from.
    replace(&site, prev, before, after);
    build_at(&site, &out);
    std::fs::remove_file(site.join(prev)).unwrap();
    build_at(&site, &out);
    assert!(!page("2023").contains("X-CARRY"));
    assert_same_as_fresh(&site, &out, "previous-year-deleted");

    // A report renamed, then copied under another name: two files of one body in one year
    // (S-YEAR on both, the unchanged one included), then one again.
    let (old, new) = (
        "content/2024/yunxi-shijian.md",
        "content/2024/yunxi-shijian-ju.md",
    );
    std::fs::rename(site.join(old), site.join(new)).unwrap();
    build_at(&site, &out);
    assert_same_as_fresh(&site, &out, "renamed");
    std::fs::copy(site.join(new), site.join(old)).unwrap();
    build_at(&site, &out);
    assert!(data("2024", "yunxi-shijian").contains("S-YEAR"));
    assert!(data("2024", "yunxi-shijian-ju").contains("S-YEAR"));
    assert_same_as_fresh(&site, &out, "copied");
    std::fs::remove_file(site.join(new)).unwrap();
    build_at(&site, &out);
    assert_same_as_fresh(&site, &out, "copy-removed");

    // A damaged cache, then one cut short, each with an edit: set aside, every report read.
    let cache: Vec<PathBuf> = walkdir(&out.join(CACHE));
    assert!(cache.len() > 1, "{cache:?}");
    let good: Vec<Vec<u8>> = cache.iter().map(|p| std::fs::read(p).unwrap()).collect();
    for i in 0..3 {
        for (path, good) in cache.iter().zip(&good) {
            let bytes = match i {
                0 => {
                    let mut damaged = good.clone();
                    let middle = damaged.len() / 2;
                    damaged[middle] ^= 1;
                    damaged
                }
                1 => good[..good.len() / 3].to_vec(),
                _ => b"garbage".to_vec(),
            };
            std::fs::write(path, bytes).unwrap();
        }
        edit_figure(&site, now, &mut Rng(13 + i as u64));
        build_at(&site, &out);
        assert_same_as_fresh(&site, &out, &format!("damaged-cache-{i}"));
    }

    // departments.toml: the reports' findings depend on it (S-BODY, the kinds' rules).
    let deps = site.join("content/departments.toml");
    let text = read(&deps);
    std::fs::write(
        &deps,
        text.replacen("[yunxi-weijian]", "[yunxi-weijian-old]", 1),
    )
    .unwrap();
    build_at(&site, &out);
    assert!(data("2024", "yunxi-weijian").contains("S-BODY"));
    assert_same_as_fresh(&site, &out, "departments");
}

/// The site-wide files (the CSVs and workbook of every report, the long CSV, the year files,
/// the search index) are put together from the parts the previous build left (issue 24): after
/// a figure, a sentence, a deletion and a new report, each is what a fresh build writes; and
/// parts that cannot be trusted (their index corrupt or gone, the previous file changed where
/// a part was) are made again, never copied wrong.
#[test]
fn site_wide_files_from_kept_parts_are_those_of_a_fresh_build() {
    let dir = tempfile::tempdir().unwrap();
    let (site, out) = demo_site(dir.path());
    build_at(&site, &out);
    let parts = dir.path().join(".public.gongkai-parts");
    let kept = |name: &str| parts.join(name).is_file();
    assert!(
        kept("data~cells-long.csv")
            && kept("data~reports-all.csv")
            && kept("data~reports-all.xlsx")
            && kept("2023~reports-2023.xlsx")
            && kept("search-index"),
        "{:?}",
        std::fs::read_dir(&parts).map(|d| d.count())
    );
    let site_wide = |out: &Path| -> Vec<(String, Vec<u8>)> {
        snapshot(out)
            .into_iter()
            .filter(|(p, _)| {
                p.starts_with("data/")
                    || p.starts_with("sousuo/")
                    || (p.starts_with("2023/reports-") && !p.ends_with("/"))
            })
            .collect()
    };
    let check = |step: &str| {
        let fresh = dir.path().join(format!("fresh-{step}"));
        build_at(&site, &fresh);
        let (got, want) = (site_wide(&out), site_wide(&fresh));
        assert!(want.iter().any(|(p, _)| p == "data/reports-all.xlsx"));
        assert!(want.iter().any(|(p, _)| p == "sousuo/meta.json"));
        assert!(want.iter().any(|(p, _)| p == "2023/reports-2023.xlsx"));
        let paths = |v: &[(String, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&got), paths(&want), "{step}");
        for ((path, g), (_, w)) in got.iter().zip(&want) {
            assert!(g == w, "{step}: {path} differs from a fresh build's");
        }
        std::fs::remove_dir_all(&fresh).unwrap();
        assert_same_as_fresh(&site, &out, step);
    };
    let report = "content/2023/yunxi-jiaoyu.md";
    // A figure: the text searched is the same, the rows are not.
    edit_figure(&site, report, &mut Rng(3));
    build_at(&site, &out);
    check("figure");
    // A sentence: the search index moves the report's terms.
    let text = read(&site.join(report));
    std::fs::write(
        site.join(report),
        format!("{text}\n新增段落：统计口径调整说明。\n"),
    )
    .unwrap();
    build_at(&site, &out);
    check("sentence");
    // A report removed, then a new one.
    std::fs::remove_file(site.join("content/2023/yunxi-shijian.md")).unwrap();
    build_at(&site, &out);
    check("removed");
    std::fs::write(site.join("content/2023/xin-bumen.md"), &text).unwrap();
    build_at(&site, &out);
    check("added");

    // Kept parts that cannot be trusted: an index cut short, another emptied, a record of the
    // search index in pieces, and a part of the previous long CSV changed by hand.
    let cut = parts.join("data~reports-all.csv");
    let bytes = std::fs::read(&cut).unwrap();
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(parts.join("data~reports-all.xlsx"), b"").unwrap();
    let search = parts.join("search-index");
    let mut bytes = std::fs::read(&search).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&search, bytes).unwrap();
    let long = out.join("data/cells-long.csv");
    let mut bytes = std::fs::read(&long).unwrap();
    let at = bytes.len() / 2
        + bytes[bytes.len() / 2..]
            .iter()
            .position(u8::is_ascii_digit)
            .unwrap();
    bytes[at] = if bytes[at] == b'9' { b'8' } else { b'9' };
    std::fs::write(&long, bytes).unwrap();
    let text = read(&site.join(report));
    std::fs::write(site.join(report), format!("{text}\n再补充一句。\n")).unwrap();
    build_at(&site, &out);
    check("untrusted");
}

/// The supervision pages are rendered again only when what they read changes (issue 24): a
/// year's page reads that year's reports and depends on the year before, the index and the
/// downloads read every report's date, edition and findings, not its figures. After an edit
/// that changes no supervision figure, one that makes a report late, one that gives it a
/// finding, and a previous year's edit that gives the next year's report one (X-CARRY), the
/// supervision files are a fresh build's, and they changed where the figures they show did.
#[test]
fn supervision_pages_follow_the_dates_and_findings_they_show() {
    let dir = tempfile::tempdir().unwrap();
    let (site, out) = demo_site(dir.path());
    build_at(&site, &out);
    let shown = [
        "jiandu/index.html",
        "jiandu/2022/index.html",
        "jiandu/2023/index.html",
        "jiandu/status.csv",
        "jiandu/findings.csv",
        "jiandu/findings.json",
    ];
    let pages = || shown.map(|p| read(&out.join(p)));
    // Which of `shown` changed since `before`.
    let changed = |before: &[String; 6]| -> Vec<&str> {
        let now = pages();
        shown
            .iter()
            .zip(before.iter().zip(&now))
            .filter(|(_, (b, n))| b != n)
            .map(|(p, _)| *p)
            .collect()
    };
    let report = "content/2023/yunxi-jiaoyu.md";

    // A report's text: no supervision figure changes.
    let before = pages();
    let text = read(&site.join(report));
    std::fs::write(site.join(report), format!("{text}\n补充说明。\n")).unwrap();
    build_at(&site, &out);
    assert!(changed(&before).is_empty(), "{:?}", changed(&before));
    assert_same_as_fresh(&site, &out, "supervision-text");

    // Published after the deadline: the year's page, the index and the status list change.
    let before = pages();
    replace(
        &site,
        report,
        "published = 2024-01-25",
        "published = 2024-03-15",
    );
    build_at(&site, &out);
    let late = changed(&before);
    for p in [
        "jiandu/index.html",
        "jiandu/2023/index.html",
        "jiandu/status.csv",
    ] {
        assert!(late.contains(&p), "{p}: {late:?}");
    }
    assert!(!late.contains(&"jiandu/2022/index.html"), "{late:?}");
    assert_same_as_fresh(&site, &out, "supervision-late");

    // 总计 no longer the sum of its rows: a finding, in the downloads too.
    let before = pages();
    replace(
        &site,
        report,
        "total           = [20, 5,",
        "total           = [20, 6,",
    );
    build_at(&site, &out);
    let found = changed(&before);
    for p in ["jiandu/2023/index.html", "jiandu/findings.csv"] {
        assert!(found.contains(&p), "{p}: {found:?}");
    }
    assert_same_as_fresh(&site, &out, "supervision-finding");

    // The previous year's carried-forward figures: the 2023 report, unchanged, no longer
    // carries them over (X-CARRY), which its year's page counts.
    let before = pages();
    replace(
        &site,
        "content/2022/yunxi-jiaoyu.md",
        "carried_forward = [2, 0, 0, 0, 0, 0, 2]",
        "carried_forward = [3, 0, 0, 0, 0, 0, 3]",
    );
    build_at(&site, &out);
    let across = changed(&before);
    assert!(across.contains(&"jiandu/2023/index.html"), "{across:?}");
    assert_same_as_fresh(&site, &out, "supervision-previous-year");
}
