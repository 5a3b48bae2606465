//! `gongkai serve` end to end: the real binary on an ephemeral port, real edits on disk, a real
//! HTTP client and the event stream. Every wait polls with a generous deadline.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(20);
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/serve-site");
const BIN: &str = env!("CARGO_BIN_EXE_gongkai");

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gongkai-live-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A running `gongkai serve` on a copy of the fixture site.
struct Serve {
    child: Child,
    site: PathBuf,
    url: String,
    port: u16,
    dev_dir: PathBuf,
    out: Arc<Mutex<String>>,
}

impl Serve {
    fn start(name: &str) -> Serve {
        Serve::start_in(name, "C")
    }

    /// `gongkai serve` under the locale `lang`; it prints its URL and dev folder in that
    /// language.
    fn start_in(name: &str, lang: &str) -> Serve {
        Serve::start_from(name, lang, Path::new(FIXTURE), |_| {})
    }

    /// Serve a copy of `from`, changed by `tweak` before serving, under the locale `lang`.
    fn start_from(name: &str, lang: &str, from: &Path, tweak: impl FnOnce(&Path)) -> Serve {
        let base = scratch(name);
        let site = base.join("site");
        copy_dir(from, &site);
        tweak(&site);
        let mut child = Command::new(BIN)
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .args(["serve", site.to_str().unwrap(), "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = Arc::new(Mutex::new(String::new()));
        for pipe in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let out = out.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines() {
                    let Ok(line) = line else { break };
                    let mut o = out.lock().unwrap();
                    o.push_str(&line);
                    o.push('\n');
                }
            });
        }
        let mut s = Serve {
            child,
            site,
            url: String::new(),
            port: 0,
            dev_dir: PathBuf::new(),
            out,
        };
        s.wait_output("http://");
        let text = s.output();
        s.url = text
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap()
            .to_string();
        s.port = s
            .url
            .rsplit(':')
            .next()
            .unwrap()
            .trim_end_matches('/')
            .parse()
            .unwrap();
        // "Dev build in DIR (removed on exit)" / "开发用的构建位于 DIR（退出时删除）"
        let dev = text
            .lines()
            .find_map(|l| {
                l.strip_prefix("Dev build in ")
                    .or_else(|| l.strip_prefix("开发用的构建位于 "))
            })
            .unwrap();
        s.dev_dir = PathBuf::from(
            dev.trim_end_matches(" (removed on exit)")
                .trim_end_matches("（退出时删除）"),
        );
        s
    }

    fn output(&self) -> String {
        self.out.lock().unwrap().clone()
    }

    fn wait_output(&self, needle: &str) {
        poll(&format!("output containing {needle:?}"), || {
            self.output().contains(needle)
        });
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(DEADLINE))
            .build()
            .into();
        let mut r = agent
            .get(format!("{}{}", self.url, path.trim_start_matches('/')))
            .call()
            .unwrap();
        let kind = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (
            r.status().as_u16(),
            kind,
            r.body_mut().read_to_string().unwrap(),
        )
    }

    fn page(&self, path: &str) -> String {
        self.get(path).2
    }

    /// Subscribe to the event stream; events arrive as (name, data).
    fn events(&self) -> Receiver<(String, String)> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            s,
            "GET /__gongkai/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut name = String::new();
            for line in BufReader::new(s).lines() {
                let Ok(line) = line else { break };
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = line.strip_prefix("data: ")
                    && tx.send((name.clone(), d.to_string())).is_err()
                {
                    break;
                }
            }
        });
        let (name, _) = rx.recv_timeout(DEADLINE).expect("hello event");
        assert_eq!(name, "hello");
        rx
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.site.join(rel), text).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.site.join(rel)).unwrap()
    }

    /// Save like an editor that writes a temporary file and renames it over the original,
    /// leaving a swap file around meanwhile.
    fn save_atomically(&self, rel: &str, text: &str) {
        let path = self.site.join(rel);
        let dir = path.parent().unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let swap = dir.join(format!(".{name}.swp"));
        std::fs::write(&swap, "swap").unwrap();
        let tmp = dir.join(format!("{name}.tmp"));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        std::fs::remove_file(&swap).unwrap();
    }

    /// Ctrl-C, and the exit status.
    fn interrupt(&mut self) -> std::process::ExitStatus {
        self.signal(libc::SIGINT)
    }

    /// Send a signal and wait for the server to exit.
    fn signal(&mut self, signal: i32) -> std::process::ExitStatus {
        // SAFETY: kill(2) with a child's pid and a signal number.
        unsafe { libc::kill(self.child.id() as i32, signal) };
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "serve did not stop on signal {signal}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Ctrl-C, then (if that did not stop it) kill.
fn stop(child: &mut Child) {
    // SAFETY: kill(2) with a child's pid and a signal number.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let start = Instant::now();
    while child.try_wait().ok().flatten().is_none() {
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.wait();
}

impl Drop for Serve {
    fn drop(&mut self) {
        stop(&mut self.child);
        if let Some(base) = self.site.parent() {
            let _ = std::fs::remove_dir_all(base);
        }
    }
}

fn poll(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < DEADLINE, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

fn wait_event(rx: &Receiver<(String, String)>, want: &str) -> String {
    let start = Instant::now();
    loop {
        let left = DEADLINE.saturating_sub(start.elapsed());
        let (name, data) = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no `{want}` event"));
        if name == want {
            return data;
        }
    }
}

const REPORT: &str = "content/2023/yunxi-weijian.md";
const PAGE: &str = "/2023/yunxi-weijian/";

#[test]
fn serves_the_dev_build_with_types() {
    let s = Serve::start("types");
    for (path, kind) in [
        ("/", "text/html; charset=utf-8"),
        (PAGE, "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/atom.xml", "application/xml; charset=utf-8"),
        (
            "/2023/yunxi-weijian/yunxi-weijian-2023.json",
            "application/json; charset=utf-8",
        ),
        (
            "/2023/yunxi-weijian/yunxi-weijian-2023.csv",
            "text/csv; charset=utf-8",
        ),
    ] {
        let (status, got, _) = s.get(path);
        assert_eq!((status, got.as_str()), (200, kind), "{path}");
    }
    let (status, _, body) = s.get("/2023/nope/");
    assert_eq!(status, 404);
    assert!(body.contains("/__gongkai/events"));
    // The live-reload script is added when serving, not written into the build.
    let built = std::fs::read_to_string(s.dev_dir.join("2023/yunxi-weijian/index.html")).unwrap();
    assert!(!built.contains("__gongkai"));
    assert!(s.page(PAGE).contains("__gongkai/events"));
}

#[test]
fn an_edit_changes_the_page_and_emits_reload() {
    let s = Serve::start("edit");
    let events = s.events();
    assert!(s.page(PAGE).contains("804"));
    let text = s
        .read(REPORT)
        .replace("licensing  = 804", "licensing  = 4321");
    s.save_atomically(REPORT, &text);
    // The edited report's own page is announced first, by its output path.
    let first = wait_event(&events, "reload");
    assert!(
        first.contains("\"2023/yunxi-weijian/index.html\""),
        "{first}"
    );
    poll("the edited number on the page", || {
        s.page(PAGE).contains("4321")
    });
    // Then the pages that list it.
    let rest = wait_event(&events, "reload");
    assert!(
        rest.contains("\"2023/index.html\"") && rest.contains("\"index.html\""),
        "{rest}"
    );
    assert!(!s.page(PAGE).contains(">804<"));
}

#[test]
fn a_broken_edit_keeps_the_last_good_page_and_shows_the_overlay_until_fixed() {
    let s = Serve::start("broken");
    let events = s.events();
    let good = s.read(REPORT);
    // A failing rule: 总计 no longer matches the applicant columns.
    s.write(
        REPORT,
        &good.replace(
            "new          = [11, 5, 0, 0, 0, 0, 16]",
            "new          = [11, 5, 0, 0, 0, 0, 17]",
        ),
    );
    let data = wait_event(&events, "error");
    assert!(data.contains("R-COL"), "{data}");
    let page = s.page(PAGE);
    assert!(page.contains("id=\"gongkai-overlay\""));
    assert!(
        page.contains("content/2023/yunxi-weijian.md:18</code> error[R-COL]"),
        "{page}"
    );
    assert!(
        page.contains(">16<") || page.contains("16"),
        "the last good page is served"
    );
    assert!(
        s.page("/").contains("id=\"gongkai-overlay\""),
        "every page shows it"
    );
    // The terminal shows what `check` shows.
    let check = Command::new(BIN)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(["check", s.site.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let check = String::from_utf8(check.stdout).unwrap();
    let first = check.lines().find(|l| l.contains("error[R-COL]")).unwrap();
    s.wait_output(first);

    // Bad TOML.
    s.write(REPORT, &good.replace("licensing  = 804", "licensing  = "));
    let data = wait_event(&events, "error");
    assert!(data.contains("yunxi-weijian.md"), "{data}");
    assert!(s.page(PAGE).contains("804"));

    // Fixed: the overlay goes away by itself.
    s.write(REPORT, &good);
    wait_event(&events, "reload");
    poll("the overlay to go", || {
        !s.page(PAGE).contains("id=\"gongkai-overlay\"")
    });
}

/// Under a Chinese locale the overlay and the terminal speak Chinese (the rule id stays).
#[test]
fn the_overlay_speaks_the_locale() {
    let s = Serve::start_in("overlay-zh", "zh_CN.UTF-8");
    assert!(s.output().contains("按 Ctrl-C 停止"), "{}", s.output());
    let events = s.events();
    let good = s.read(REPORT);
    s.write(
        REPORT,
        &good.replace(
            "new          = [11, 5, 0, 0, 0, 0, 16]",
            "new          = [11, 5, 0, 0, 0, 0, 17]",
        ),
    );
    let data = wait_event(&events, "error");
    assert!(data.contains("R-COL") && data.contains("错误"), "{data}");
    let page = s.page(PAGE);
    assert!(
        page.contains(
            "content/2023/yunxi-weijian.md:18</code> 错误[R-COL]: 表三“本年新收”一行：总计为 17"
        ),
        "{page}"
    );
    assert!(
        page.contains("gongkai build 会因下列 2 项错误拒绝生成网站")
            && !page.contains("上一次成功"),
        "{page}"
    );
    assert!(!page.contains(" is 17 but"), "{page}");
    s.wait_output("已检查");
}

#[test]
fn the_overlay_shows_the_file_just_saved_first_and_folds_the_others() {
    let s = Serve::start("saved-first");
    let events = s.events();
    let good = s.read(REPORT);
    s.write(
        REPORT,
        &good.replace(
            "new          = [11, 5, 0, 0, 0, 0, 16]",
            "new          = [11, 5, 0, 0, 0, 0, 17]",
        ),
    );
    wait_event(&events, "error");
    // Then a TOML typo in departments.toml: sorted by file it would come after the report's
    // error (content/2023/… < content/departments.toml); it is the file just saved, so it comes
    // first and the report's error is folded.
    let deps = s.read("content/departments.toml");
    s.write("content/departments.toml", &format!("{deps}\n[broken\n"));
    let data = wait_event(&events, "error");
    let state: serde_json::Value = serde_json::from_str(&data).unwrap();
    let items = state["errors"].as_array().unwrap();
    assert!(items.len() >= 2, "{data}");
    assert_eq!(items[0]["file"], "content/departments.toml", "{data}");
    assert_eq!(items[0]["saved"], true);
    assert!(items[1..].iter().all(|i| i["saved"] == false), "{data}");
    let page = s.page(PAGE);
    let at = |needle: &str| {
        page.find(needle)
            .unwrap_or_else(|| panic!("{needle}: {page}"))
    };
    let overlay = at("id=\"gongkai-overlay\"");
    let typo = overlay
        + page[overlay..]
            .find("<code>content/departments.toml")
            .unwrap();
    let folded = overlay + page[overlay..].find("<details><summary>").unwrap();
    let other = overlay
        + page[overlay..]
            .find("<code>content/2023/yunxi-weijian.md")
            .unwrap();
    assert!(typo < folded && folded < other, "{}", &page[overlay..]);
}

const REAL_SITE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sites/real");

/// The lines printed before the URL.
fn before_url(s: &Serve) -> Vec<String> {
    let out = s.output();
    out.lines()
        .take_while(|l| !l.contains("http://"))
        .map(String::from)
        .collect()
}

#[test]
fn the_first_run_prints_a_summary_not_every_finding() {
    // Real reports with their real findings (dozens), published with them shown.
    let publish = |site: &Path| {
        let config = site.join("site.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, format!("{text}publish_with_errors = true\n")).unwrap();
    };
    let mut s = Serve::start_from("summary", "zh_CN.UTF-8", Path::new(REAL_SITE), publish);
    let lines = before_url(&s);
    assert!(lines.len() <= 4, "{lines:#?}");
    let summary = lines
        .iter()
        .find(|l| l.contains("份报告"))
        .expect("summary");
    assert!(summary.starts_with("5 份报告，"), "{summary}");
    assert!(summary.contains("错误 14 项，提示 38 项"), "{summary}");
    assert!(!s.output().contains("提示["), "{}", s.output());
    s.interrupt();
    let mut s = Serve::start_from("summary-en", "C", Path::new(REAL_SITE), publish);
    let lines = before_url(&s);
    assert!(lines.len() <= 4, "{lines:#?}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("5 reports, ") && l.contains("(14 errors, 38 warnings)")),
        "{lines:#?}"
    );
    s.interrupt();
}

/// The HTML pages of a build, as paths to ask the server for (`2023/x/index.html` → `/2023/x/`).
fn page_paths(dev_dir: &Path) -> Vec<String> {
    tree(dev_dir)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .map(|p| format!("/{}", p.trim_end_matches("index.html")))
        .collect()
}

/// The real reports keep their published errors and publish_with_errors is off (as `gongkai
/// init` writes it): the preview still shows every page, with the findings marked, and the
/// overlay and the terminal say what `build` would refuse; never a "last good build" that never
/// was, never a 404 for the home page.
#[test]
fn a_site_with_errors_is_previewed_in_full_and_says_what_build_would_refuse() {
    let mut s = Serve::start_from("no-build", "C", Path::new(REAL_SITE), |_| {});
    let out = s.output();
    assert!(
        !out.contains("last good build") && !out.contains("nothing built"),
        "{out}"
    );
    assert!(
        out.contains("gongkai build would refuse: 14 errors in 2 files"),
        "{out}"
    );
    let pages = page_paths(&s.dev_dir);
    assert!(pages.len() > 20, "{pages:?}");
    for path in &pages {
        let (status, _, body) = s.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(body.contains("id=\"gongkai-overlay\""), "{path}");
        assert!(body.contains("gongkai build would refuse"), "{path}");
    }
    // Every report page marks its findings.
    let report = s.page("/2023/hongze-gov/");
    assert!(report.contains("notice-error"), "{report}");
    s.interrupt();

    let mut s = Serve::start_from("no-build-zh", "zh_CN.UTF-8", Path::new(REAL_SITE), |_| {});
    let out = s.output();
    assert!(
        out.contains("gongkai build 会拒绝生成：2 个文件中有 14 项错误"),
        "{out}"
    );
    let home = s.page("/");
    assert!(
        home.contains("预览显示全部能生成的页面") && !home.contains("上一次成功的构建"),
        "{home}"
    );
    s.interrupt();
}

/// Reports kept as published (`origin = "published"`, as `gongkai import` writes them): their
/// errors are on their pages, and neither the overlay nor the terminal asks to correct them.
#[test]
fn reports_kept_as_published_are_previewed_without_an_alarm() {
    let published = |site: &Path| {
        for e in tree(&site.join("content")).into_keys() {
            let path = site.join("content").join(&e);
            if e.ends_with(".md") {
                let text = std::fs::read_to_string(&path).unwrap();
                let text = text.replacen("\nyear = ", "\norigin = \"published\"\nyear = ", 1);
                std::fs::write(&path, text).unwrap();
            }
        }
    };
    let mut s = Serve::start_from("published", "C", Path::new(REAL_SITE), published);
    let out = s.output();
    assert!(
        !out.contains("would refuse") && !out.contains("fix"),
        "{out}"
    );
    for path in page_paths(&s.dev_dir) {
        let (status, _, body) = s.get(&path);
        assert_eq!(status, 200, "{path}");
        assert!(!body.contains("id=\"gongkai-overlay\""), "{path}");
    }
    assert!(s.page("/2023/hongze-gov/").contains("notice-error"));
    s.interrupt();
}

/// Every file under `dir`, relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        // The dev folder is walked while serve may still be renaming a page into place: a
        // file or folder gone since it was listed is left out (the caller looks again).
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let Ok(e) = e else { continue };
            let Ok(kind) = e.file_type() else { continue };
            if kind.is_dir() {
                walk(base, &e.path(), out);
            } else {
                let rel = e
                    .path()
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                // The deploy manifests (and their seal), the build state and the report cache
                // describe a build's files; serve's edits do not update them.
                if rel.starts_with(".gongkai-manifest.")
                    || rel == ".gongkai-seal"
                    || rel == ".gongkai-build-state"
                    || rel.starts_with(".gongkai-report-cache")
                    || rel == ".gongkai-sha256-states"
                {
                    continue;
                }
                if let Ok(bytes) = std::fs::read(e.path()) {
                    out.insert(rel, bytes);
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn folders(dir: &Path) -> Vec<String> {
    let mut out = vec![];
    // The report cache's folder is a build's own, as its files are (see `tree`).
    for e in walkdir_list(dir) {
        if !e.starts_with(".gongkai-report-cache") {
            out.push(e);
        }
    }
    out.sort();
    out
}

fn walkdir_list(dir: &Path) -> Vec<String> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                out.push(
                    e.path()
                        .strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
                stack.push(e.path());
            }
        }
    }
    out
}

/// Wait until the dev build equals a fresh `gongkai build` of the same sources (the rebuild of
/// the last edit may still be running), or fail with the differences.
fn assert_same_as_fresh_build(s: &Serve, label: &str) {
    let fresh = s.site.parent().unwrap().join(format!("fresh-{label}"));
    assert!(fresh_build(s, &fresh), "{label}: fresh build failed");
    let want = tree(&fresh);
    let want_dirs = folders(&fresh);
    let start = Instant::now();
    loop {
        let got = tree(&s.dev_dir);
        if got == want && folders(&s.dev_dir) == want_dirs {
            break;
        }
        if start.elapsed() > DEADLINE {
            let only_dev: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
            let only_fresh: Vec<_> = want.keys().filter(|k| !got.contains_key(*k)).collect();
            let differ: Vec<_> = got
                .keys()
                .filter(|k| want.get(*k).is_some_and(|v| v != &got[*k]))
                .collect();
            panic!(
                "{label}: only in dev {only_dev:?}, only in fresh {only_fresh:?}, different {differ:?}\n{}",
                s.output()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::remove_dir_all(fresh).unwrap();
}

/// How many rebuilds said what they wrote.
fn rebuilds(s: &Serve) -> usize {
    s.output()
        .lines()
        .filter(|l| l.starts_with("wrote "))
        .count()
}

/// The number of files the last rebuild wrote, from the terminal, once more than `before`
/// rebuilds said so (a rebuild says it after its files are in place: the folder can match a
/// fresh build's a moment before).
fn last_written(s: &Serve, before: usize) -> usize {
    poll("a rebuild's line", || rebuilds(s) > before);
    let out = s.output();
    let line = out.lines().rev().find(|l| l.starts_with("wrote ")).unwrap();
    line.split(' ').nth(1).unwrap().parse().unwrap()
}

#[test]
fn incremental_rebuilds_equal_a_fresh_build() {
    let s = Serve::start("incremental");
    let events = s.events();
    assert_same_as_fresh_build(&s, "start");
    let full = last_written(&s, 0);

    // Add a report.
    let n = rebuilds(&s);
    let extra = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/serve-extra/yunxi-jiaoyu-2023.md"
    );
    s.write(
        "content/2023/yunxi-jiaoyu.md",
        &std::fs::read_to_string(extra).unwrap(),
    );
    wait_event(&events, "reload");
    assert_same_as_fresh_build(&s, "add a report");
    assert!(
        last_written(&s, n) < full,
        "adding a report rebuilt everything"
    );

    // Change a number (X-CARRY: the next year's report compares with it).
    let n = rebuilds(&s);
    let text = s
        .read(REPORT)
        .replace("licensing  = 804", "licensing  = 805");
    s.save_atomically(REPORT, &text);
    wait_event(&events, "reload");
    assert_same_as_fresh_build(&s, "change a number");
    assert!(
        last_written(&s, n) < full,
        "changing a number rebuilt everything"
    );

    // Rename a department: in a report, then in departments.toml.
    let text = s.read("content/2024/yunxi-weijian.md").replace(
        "department = \"示例市云溪区卫生健康局\"",
        "department = \"示例市云溪区卫生健康委员会\"",
    );
    s.write("content/2024/yunxi-weijian.md", &text);
    wait_event(&events, "reload");
    assert_same_as_fresh_build(&s, "rename in a report");
    let n = rebuilds(&s);
    let depts = s
        .read("content/departments.toml")
        .replace("示例市云溪区卫生健康局", "示例市云溪区卫生和健康局");
    s.write("content/departments.toml", &depts);
    wait_event(&events, "reload");
    assert_same_as_fresh_build(&s, "rename in departments.toml");
    // The whole rebuild has said what it wrote before the next step counts its own line (the
    // reload can come first: the deletion below then read this rebuild's count).
    last_written(&s, n);

    // Delete a report.
    let n = rebuilds(&s);
    std::fs::remove_file(s.site.join("content/2022/yunxi-office.md")).unwrap();
    wait_event(&events, "reload");
    assert_same_as_fresh_build(&s, "delete a report");
    assert!(
        last_written(&s, n) < full,
        "deleting a report rebuilt everything"
    );

    // A template edit rebuilds everything.
    std::fs::create_dir_all(s.site.join("templates")).unwrap();
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/templates/404.html"
    ))
    .unwrap();
    s.write(
        "templates/404.html",
        &base.replace("</body>", "<p>自定义</p></body>"),
    );
    wait_event(&events, "reload");
    assert_same_as_fresh_build(&s, "a template");
}

#[test]
fn ctrl_c_exits_cleanly_and_a_busy_port_is_explained() {
    let mut s = Serve::start("ctrlc");
    assert!(s.dev_dir.is_dir());
    let busy = Command::new(BIN)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args([
            "serve",
            s.site.to_str().unwrap(),
            "--port",
            &s.port.to_string(),
        ])
        .output()
        .unwrap();
    assert_eq!(busy.status.code(), Some(2));
    let err = String::from_utf8(busy.stderr).unwrap();
    assert!(
        err.contains("already in use") && err.contains("--port"),
        "{err}"
    );
    assert!(
        !s.site.join("public").exists(),
        "never writes the deploy output folder"
    );

    let status = s.interrupt();
    assert!(status.success(), "{status:?}");
    assert!(!s.dev_dir.exists(), "the dev build is removed");
    let tmp = std::env::temp_dir();
    let leftovers: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(&format!("gongkai-serve-{}-", s.child.id())))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_termination_signal_also_removes_the_dev_build() {
    // `timeout`, systemd and `kill` stop a process with SIGTERM, not Ctrl-C.
    let mut s = Serve::start("sigterm");
    assert!(s.dev_dir.is_dir());
    let status = s.signal(libc::SIGTERM);
    assert!(status.success(), "{status:?}");
    assert!(!s.dev_dir.exists(), "the dev build is removed");
}

#[test]
fn a_stylesheet_edit_swaps_styles_without_a_reload() {
    let s = Serve::start("css");
    let events = s.events();
    // A new static/ folder with a stylesheet in it: only the styles change, no page reloads
    // (an empty folder appearing changes nothing).
    std::fs::create_dir_all(s.site.join("static")).unwrap();
    s.write("static/style.css", "body { color: rebeccapurple }");
    wait_event(&events, "css");
    poll("the new stylesheet", || {
        s.get("/style.css").2.contains("rebeccapurple")
    });
    assert_eq!(s.get("/style.css").1, "text/css; charset=utf-8");
}

#[test]
fn a_network_bind_warns() {
    let site = scratch("bind").join("site");
    copy_dir(Path::new(FIXTURE), &site);
    let mut child = Command::new(BIN)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args([
            "serve",
            site.to_str().unwrap(),
            "--port",
            "0",
            "--bind",
            "0.0.0.0",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    // Ctrl-C right away, while the server is still starting: it exits cleanly all the same.
    let pid = child.id();
    stop(&mut child);
    let _ = std::fs::remove_dir_all(site.parent().unwrap());
    assert!(line.starts_with("warning: serving on 0.0.0.0"), "{line}");
    let prefix = format!("gongkai-serve-{pid}-");
    let leftovers: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn many_concurrent_clients_are_served_while_content_is_edited() {
    let s = Serve::start("load");
    let running = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let paths = ["/", PAGE, "/2023/", "/departments/", "/atom.xml"];
    let clients: Vec<_> = (0..8)
        .map(|i| {
            let (url, running) = (s.url.clone(), running.clone());
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(DEADLINE))
                    .build()
                    .into();
                let (mut ok, mut bad, mut slowest) = (0, vec![], Duration::ZERO);
                let mut n = i;
                while running.load(std::sync::atomic::Ordering::Relaxed) {
                    let path = paths[n % paths.len()].trim_start_matches('/');
                    n += 1;
                    let start = Instant::now();
                    match agent.get(format!("{url}{path}")).call() {
                        Ok(mut r) => match (r.status().as_u16(), r.body_mut().read_to_string()) {
                            (200, Ok(_)) => ok += 1,
                            (status, body) => bad.push(format!("{path}: {status} {body:?}")),
                        },
                        Err(e) => bad.push(format!("{path}: {e}")),
                    }
                    slowest = slowest.max(start.elapsed());
                }
                (ok, bad, slowest)
            })
        })
        .collect();
    // Meanwhile the report is edited ten times, each edit waited for on its page.
    let original = s.read(REPORT);
    for k in 0..10 {
        let n = 5000 + k;
        s.save_atomically(
            REPORT,
            &original.replace("licensing  = 804", &format!("licensing  = {n}")),
        );
        poll(&format!("edit {k} on the page"), || {
            s.page(PAGE).contains(&n.to_string())
        });
    }
    running.store(false, std::sync::atomic::Ordering::Relaxed);
    let mut total = 0;
    let mut slowest = Duration::ZERO;
    for c in clients {
        let (ok, bad, slow) = c.join().unwrap();
        assert!(bad.is_empty(), "failed requests: {bad:?}");
        total += ok;
        slowest = slowest.max(slow);
    }
    eprintln!("8 clients during 10 edits: {total} requests, all 200, slowest {slowest:?}");
    assert!(total > 100, "{total}");
}

/// A served file's bytes (not only text: the workbooks).
fn get_bytes(s: &Serve, path: &str) -> (u16, Vec<u8>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(DEADLINE))
        .build()
        .into();
    let mut r = agent.get(format!("{}{path}", s.url)).call().unwrap();
    let status = r.status().as_u16();
    let body = r
        .body_mut()
        .with_config()
        .limit(1 << 30)
        .read_to_vec()
        .unwrap();
    (status, body)
}

/// Saves that come faster than a rebuild (the pages listing or summing the reports of one
/// save are still being rendered when the next comes): each saved report's page is announced,
/// and once the last rebuild is done, every file `gongkai build` writes is served over HTTP as
/// it writes it (pages with the editor's bar after `<body>` and the reload script before
/// `</body>`), and the pages that sum every report were announced after the last save.
#[test]
fn rapid_saves_end_as_a_fresh_build_over_http() {
    let s = Serve::start("rapid");
    assert_same_as_fresh_build(&s, "start");
    let events = s.events();
    let mut reports = vec![];
    for year in 2021..=2024 {
        for dept in ["yunxi-gov", "yunxi-office", "yunxi-weijian"] {
            reports.push((format!("content/{year}/{dept}.md"), year, dept));
        }
    }
    for round in 0..3 {
        for (rel, _, _) in &reports {
            let text = s.read(rel);
            let line = text
                .lines()
                .find(|l| l.starts_with("licensing "))
                .unwrap_or_else(|| panic!("{rel}: no licensing line"));
            let figure: i64 = line.rsplit(' ').next().unwrap().parse().unwrap();
            let changed = text.replacen(line, &format!("licensing  = {}", figure + 1), 1);
            if round % 2 == 0 {
                s.write(rel, &changed);
            } else {
                s.save_atomically(rel, &changed);
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }
    // The site's own check of the folder, then the same files over HTTP.
    assert_same_as_fresh_build(&s, "rapid");
    let fresh = s.site.parent().unwrap().join("fresh-http");
    assert!(fresh_build(&s, &fresh), "fresh build failed");
    for (rel, want) in tree(&fresh) {
        let path = rel.strip_suffix("index.html").unwrap_or(&rel);
        let (status, got) = get_bytes(&s, path);
        assert_eq!(status, 200, "{rel}");
        if rel.ends_with(".html") {
            let (mut got, want) = (
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap(),
            );
            if let Some(bar) = got.find("<nav id=\"gongkai-editor-bar\"") {
                let end = bar + got[bar..].find("</nav>").unwrap() + "</nav>".len();
                got.replace_range(bar..end, "");
            }
            let at = want
                .to_ascii_lowercase()
                .rfind("</body>")
                .unwrap_or(want.len());
            assert!(
                got.starts_with(&want[..at]) && got.ends_with(&want[at..]),
                "{rel} is not served as built"
            );
        } else {
            assert!(got == want, "{rel} is not served as built");
        }
    }
    std::fs::remove_dir_all(&fresh).unwrap();
    // Every saved report's page was announced, and the home page (it sums every report) after
    // the last save.
    let mut reloads = vec![];
    while let Ok((name, data)) = events.recv_timeout(Duration::from_millis(500)) {
        if name == "reload" {
            reloads.push(data);
        }
    }
    for (_, year, dept) in &reports {
        let page = format!("\"{year}/{dept}/index.html\"");
        assert!(
            reloads.iter().any(|r| r.contains(&page)),
            "{page} never announced"
        );
    }
    let last_own = reloads
        .iter()
        .rposition(|r| r.contains("\"2024/yunxi-weijian/index.html\""))
        .unwrap();
    assert!(
        reloads[last_own..]
            .iter()
            .any(|r| r.contains("\"index.html\"")),
        "the home page was not announced after the last save: {reloads:?}"
    );
}

/// `gongkai build` of the served site, at the served address, into `out`.
fn fresh_build(s: &Serve, out: &Path) -> bool {
    Command::new(BIN)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args([
            "build",
            s.site.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
            "--base-url",
            &s.url,
        ])
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success()
}
