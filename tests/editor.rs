//! 在线填报 end to end: the real binary serving a copy of the demo site, a real HTTP client.
//! Saving changes only the edited cells of an imported report (every other byte, comments such
//! as "kept as published" included, stays), and nothing is written without the per-run secret,
//! a matching Origin and Host, or outside content/.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_gongkai");
const IMPORTED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/editor/hongze-gov-2023.md"
);
const REPORT: &str = "content/2023/hongze-gov.md";

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

struct Serve {
    child: Child,
    site: PathBuf,
    port: u16,
    secret: String,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(self.site.parent().unwrap());
    }
}

impl Serve {
    /// `serve` on a copy of the demo site, with the imported report of 洪泽区 2023 in it.
    fn start(name: &str) -> Serve {
        let base =
            std::env::temp_dir().join(format!("gongkai-editor-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let site = base.join("site");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&repo.join("content"), &site.join("content"));
        std::fs::copy(repo.join("site.toml"), site.join("site.toml")).unwrap();
        std::fs::copy(IMPORTED, site.join(REPORT)).unwrap();
        let mut child = Command::new(BIN)
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .args(["serve", site.to_str().unwrap(), "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = Arc::new(Mutex::new(String::new()));
        let pipe = child.stdout.take().unwrap();
        let o = out.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                o.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let until = Instant::now() + Duration::from_secs(120);
        let link = loop {
            let text = out.lock().unwrap().clone();
            if let Some(w) = text.split_whitespace().find(|w| w.contains("?token=")) {
                break w.to_string();
            }
            assert!(Instant::now() < until, "serve did not start: {text}");
            std::thread::sleep(Duration::from_millis(50));
        };
        // The dev build holds drafts: only its owner may read it (issue 25).
        let text = out.lock().unwrap().clone();
        let dev = text
            .lines()
            .find_map(|l| l.strip_prefix("Dev build in "))
            .unwrap()
            .trim_end_matches(" (removed on exit)");
        let private = Path::new(dev).parent().unwrap();
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(private).unwrap().permissions(),
        );
        assert_eq!(mode & 0o777, 0o700, "{dev}");
        let (addr, secret) = link.split_once("/?token=").unwrap();
        let port = addr.rsplit(':').next().unwrap().parse().unwrap();
        Serve {
            child,
            site,
            port,
            secret: secret.to_string(),
        }
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A raw request (so Host and Origin can be anything): status and body.
    fn raw(&self, request: &str) -> (u16, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut out = vec![];
        let _ = s.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_string();
        (status, body)
    }

    /// POST a JSON body to the editor with these extra header lines.
    fn post(&self, what: &str, body: &str, headers: &str) -> (u16, String) {
        self.raw(&format!(
            "POST /__gongkai/editor/{what} HTTP/1.1\r\n{headers}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ))
    }

    /// The headers of a request from the editor's own page.
    fn good_headers(&self) -> String {
        format!(
            "Host: 127.0.0.1:{}\r\nOrigin: {}\r\nX-Gongkai-Token: {}\r\n",
            self.port,
            self.origin(),
            self.secret
        )
    }

    /// The form page of a report, with the cookie the printed link sets.
    fn form(&self, year: i32, slug: &str) -> (u16, String) {
        self.raw(&format!(
            "GET /__gongkai/editor/report/{year}/{slug} HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nCookie: gongkai_editor_{p}={s}\r\nConnection: close\r\n\r\n",
            p = self.port,
            s = self.secret
        ))
    }

    fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.site.join(rel)).unwrap()
    }
}

fn base_of(form: &str) -> String {
    let at = form.find("data-base=\"").unwrap() + "data-base=\"".len();
    form[at..].split('"').next().unwrap().to_string()
}

#[test]
fn saving_an_imported_report_changes_only_the_edited_cells() {
    let s = Serve::start("bytes");
    let before = s.read(REPORT);
    let (status, form) = s.form(2023, "hongze-gov");
    assert_eq!(status, 200, "{form}");
    // Labelled as the template names the cell.
    assert!(
        form.contains("aria-label=\"表三 （一）予以公开 · 自然人\""),
        "{form}"
    );
    // The form shows the file's numbers, the wrong 总计 included.
    assert!(form.contains("name=\"review_litigation.review.total\" data-cell=\"review_litigation.review.total\" inputmode=\"numeric\" autocomplete=\"off\" value=\"0\""));
    let base = base_of(&form);
    let body = format!(
        r#"{{"year":2023,"slug":"hongze-gov","base":"{base}","cells":{{"review_litigation.review.total":"１１","active.licensing":"551","applications.new.natural":"21"}},"sections":{{}}}}"#
    );
    // The check finds what is still wrong, in the public pages' words, at its cell.
    let (status, checked) = s.post("check", &body, &s.good_headers());
    assert_eq!(status, 200, "{checked}");
    assert!(
        checked.contains("\"cell\":\"review_litigation.litigation_after_review.total\""),
        "{checked}"
    );
    assert!(
        !checked.contains("\"cell\":\"review_litigation.review.total\""),
        "{checked}"
    );
    assert_eq!(s.read(REPORT), before, "a check writes nothing");
    let (status, saved) = s.post("save", &body, &s.good_headers());
    assert_eq!(status, 200, "{saved}");
    let after = String::from_utf8(s.read(REPORT)).unwrap();
    let want = String::from_utf8(before.clone())
        .unwrap()
        .replace("licensing  = 550", "licensing  = 551")
        .replace(
            "review                  = [10, 1, 0, 0, 0]   # published 总计 0",
            "review                  = [10, 1, 0, 0, 11]   # published 总计 0",
        );
    assert_ne!(want.as_bytes(), &before[..]);
    assert_eq!(after, want);
    // The form of the old version cannot overwrite the new one.
    let (status, refused) = s.post("save", &body.replace("551", "552"), &s.good_headers());
    assert_eq!(status, 409, "{refused}");
    assert_eq!(s.read(REPORT), want.as_bytes());
}

#[test]
fn writes_without_the_secret_origin_or_host_are_refused() {
    let s = Serve::start("guard");
    let before = s.read(REPORT);
    let (_, form) = s.form(2023, "hongze-gov");
    let base = base_of(&form);
    let body = format!(
        r#"{{"year":2023,"slug":"hongze-gov","base":"{base}","cells":{{"active.licensing":"1"}}}}"#
    );
    let p = s.port;
    let o = s.origin();
    let k = &s.secret;
    for (why, headers) in [
        (
            "no secret",
            format!("Host: 127.0.0.1:{p}\r\nOrigin: {o}\r\n"),
        ),
        (
            "wrong secret",
            format!(
                "Host: 127.0.0.1:{p}\r\nOrigin: {o}\r\nX-Gongkai-Token: {}\r\n",
                "0".repeat(64)
            ),
        ),
        (
            "another site",
            format!(
                "Host: 127.0.0.1:{p}\r\nOrigin: http://evil.example\r\nX-Gongkai-Token: {k}\r\n"
            ),
        ),
        (
            "another port",
            format!(
                "Host: 127.0.0.1:{p}\r\nOrigin: http://127.0.0.1:1\r\nX-Gongkai-Token: {k}\r\n"
            ),
        ),
        (
            "no origin",
            format!("Host: 127.0.0.1:{p}\r\nX-Gongkai-Token: {k}\r\n"),
        ),
        (
            "null origin",
            format!("Host: 127.0.0.1:{p}\r\nOrigin: null\r\nX-Gongkai-Token: {k}\r\n"),
        ),
        (
            "DNS rebinding",
            format!(
                "Host: evil.example:{p}\r\nOrigin: http://evil.example:{p}\r\nX-Gongkai-Token: {k}\r\n"
            ),
        ),
        (
            "rebinding, own origin",
            format!("Host: evil.example:{p}\r\nOrigin: {o}\r\nX-Gongkai-Token: {k}\r\n"),
        ),
        (
            "no host",
            format!("Origin: {o}\r\nX-Gongkai-Token: {k}\r\n"),
        ),
    ] {
        let (status, answer) = s.post("save", &body, &headers);
        assert_eq!(status, 403, "{why}: {answer}");
    }
    // Reads through a rebinding name are refused too: drafts are not for other sites.
    let (status, _) = s.raw(&format!(
        "GET /2023/hongze-gov/ HTTP/1.1\r\nHost: evil.example:{p}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(status, 403);
    let (status, _) = s.raw(&format!("GET /__gongkai/events HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n"));
    assert_eq!(status, 403);
    // The form itself needs the cookie of the printed link.
    let (status, _) = s.raw(&format!("GET /__gongkai/editor/report/2023/hongze-gov HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n"));
    assert_eq!(status, 403);
    // A cross-site form post (no custom header, a form content type) and a preflight.
    let (status, _) = s.raw(&format!("OPTIONS /__gongkai/editor/save HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nOrigin: {o}\r\nConnection: close\r\n\r\n"));
    assert!(status >= 400, "{status}");
    // Paths outside content/: a slug that is not one, a year that is not one, a year folder
    // that is a link out of the site.
    for bad in [
        body.replace("\"hongze-gov\"", "\"../../etc\""),
        body.replace("\"hongze-gov\"", "\"a/b\""),
        body.replace("\"year\":2023", "\"year\":-1"),
    ] {
        let (status, answer) = s.post("save", &bad, &s.good_headers());
        assert_eq!(status, 400, "{bad}: {answer}");
    }
    let outside = s.site.parent().unwrap().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, s.site.join("content/2031")).unwrap();
    let (status, answer) = s.post(
        "save",
        &body
            .replace("\"year\":2023", "\"year\":2031")
            .replace(&base, "new"),
        &s.good_headers(),
    );
    assert_eq!(status, 422, "{answer}");
    assert!(std::fs::read_dir(&outside).unwrap().next().is_none());
    // A body over the bound is not read.
    let (status, _) = s.raw(&format!(
        "POST /__gongkai/editor/save HTTP/1.1\r\n{}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        s.good_headers(),
        3 * 1024 * 1024
    ));
    assert_eq!(status, 413);
    assert_eq!(s.read(REPORT), before, "nothing written");
    // And with everything right, it writes.
    let (status, answer) = s.post("save", &body, &s.good_headers());
    assert_eq!(status, 200, "{answer}");
    assert_ne!(s.read(REPORT), before);
}

impl Serve {
    /// A page of the editor, with the cookie the printed link sets.
    fn page(&self, path: &str) -> (u16, String) {
        self.raw(&format!(
            "GET /__gongkai/editor/{path} HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nCookie: gongkai_editor_{p}={s}\r\nConnection: close\r\n\r\n",
            p = self.port,
            s = self.secret
        ))
    }
}

const DEPARTMENTS: &str = "content/departments.toml";

#[test]
fn the_departments_page_changes_one_entry_and_adds_a_body() {
    let s = Serve::start("departments");
    let before = String::from_utf8(s.read(DEPARTMENTS)).unwrap();
    // Linked from the site's departments page while serving.
    let (status, listing) = s.raw(&format!(
        "GET /departments/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        s.port
    ));
    assert_eq!(status, 200);
    assert!(
        listing.contains("href=\"/__gongkai/editor/departments\""),
        "{listing}"
    );
    let (status, page) = s.page("departments?slug=hongze-gov");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("淮安市洪泽区人民政府") && page.contains("洪泽区人民政府</textarea>"));
    let base = base_of(&page);
    // One key of one entry changes; its comment and every other byte stay.
    let edit = format!(
        r#"{{"slug":"hongze-gov","new":false,"base":"{base}","name":"淮安市洪泽区人民政府","kind":"government","region":"江苏省淮安市洪泽区","aliases":"洪泽区人民政府\n洪泽县人民政府","since":"","until":"2024"}}"#
    );
    let (status, answer) = s.post("departments/save", &edit, &s.good_headers());
    assert_eq!(status, 200, "{answer}");
    let after = String::from_utf8(s.read(DEPARTMENTS)).unwrap();
    let want = before.replace(
        "aliases = [\"洪泽区人民政府\"]          # the name printed on its 2023 report",
        "aliases = [\"洪泽区人民政府\", \"洪泽县人民政府\"]          # the name printed on its 2023 report",
    );
    assert_ne!(want, before);
    assert_eq!(after, want);
    // The page it was made from is out of date now: nothing is written.
    let (status, answer) = s.post(
        "departments/save",
        &edit.replace("洪泽县人民政府", "别的名字"),
        &s.good_headers(),
    );
    assert_eq!(status, 409, "{answer}");
    assert!(answer.contains("已在磁盘上被修改"), "{answer}");
    assert_eq!(s.read(DEPARTMENTS), want.as_bytes());
    // A new body goes at the end; full-width digits are years.
    let (_, page) = s.page("departments");
    let base = base_of(&page);
    let add = |slug: &str, name: &str, since: &str| {
        format!(
            r#"{{"slug":"{slug}","new":true,"base":"{base}","name":"{name}","kind":"street","region":"示例市云溪区","aliases":"","since":"{since}","until":""}}"#
        )
    };
    for (body, why) in [
        (add("Bad Slug", "某街道", ""), "单位代码"),
        (add("hongze-gov", "某街道", ""), "已有单位代码"),
        (add("xin-jiedao", " ", ""), "单位名称"),
        (add("xin-jiedao", "某街道", "去年"), "起始年份"),
    ] {
        let (status, answer) = s.post("departments/save", &body, &s.good_headers());
        assert_eq!(status, 422, "{body}: {answer}");
        assert!(answer.contains(why), "{answer}");
    }
    // Without the secret: refused, nothing written.
    let p = s.port;
    let (status, _) = s.post(
        "departments/save",
        &add("xin-jiedao", "云溪区新街道", "２０２４"),
        &format!("Host: 127.0.0.1:{p}\r\nOrigin: {}\r\n", s.origin()),
    );
    assert_eq!(status, 403);
    assert_eq!(s.read(DEPARTMENTS), want.as_bytes());
    let (status, answer) = s.post(
        "departments/save",
        &add("xin-jiedao", "云溪区新街道", "２０２４"),
        &s.good_headers(),
    );
    assert_eq!(status, 200, "{answer}");
    let after = String::from_utf8(s.read(DEPARTMENTS)).unwrap();
    assert_eq!(
        after,
        format!(
            "{want}\n[xin-jiedao]\nname = \"云溪区新街道\"\nkind = \"street\"\nregion = \"示例市云溪区\"\nsince = 2024\n"
        )
    );
    let (_, page) = s.page("departments");
    assert!(page.contains("云溪区新街道"));
}

const DOCX: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/gongshu-tongjiju-2023.docx"
);

impl Serve {
    /// Upload a file to the import page as its script does.
    fn upload(&self, name: &str, bytes: &[u8], headers: &str) -> (u16, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        let head = format!(
            "POST /__gongkai/editor/import/upload?name={name} HTTP/1.1\r\n{headers}Content-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            bytes.len()
        );
        s.write_all(head.as_bytes()).unwrap();
        s.write_all(bytes).unwrap();
        let mut out = vec![];
        let _ = s.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_string();
        (status, body)
    }
}

/// The value of a JSON string field in an answer.
fn field(json: &str, name: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v.get(name).and_then(|f| f.as_str()).map(str::to_string)
}

#[test]
fn an_uploaded_report_is_reviewed_in_the_form_and_written_only_when_saved() {
    let s = Serve::start("import");
    let docx = std::fs::read(DOCX).unwrap();
    let rel = "content/2023/gongshu-tongjiju.md";
    // The body's 2023 report is there: refused as the command refuses it, nothing written.
    let before = s.read(rel);
    let (status, answer) = s.upload("gongshu-tongjiju-2023.docx", &docx, &s.good_headers());
    assert_eq!(status, 200, "{answer}");
    assert!(
        field(&answer, "row").unwrap().starts_with("拒绝"),
        "{answer}"
    );
    assert_eq!(field(&answer, "form"), None);
    assert_eq!(s.read(rel), before);
    // Not a kind import reads.
    let (_, answer) = s.upload("tool.exe", b"MZ", &s.good_headers());
    assert!(answer.contains("只支持"), "{answer}");
    // Without the secret, or over the bound: refused unread.
    let p = s.port;
    let (status, _) = s.upload(
        "a.docx",
        &docx,
        &format!("Host: 127.0.0.1:{p}\r\nOrigin: {}\r\n", s.origin()),
    );
    assert_eq!(status, 403);
    let (status, _) = s.raw(&format!(
        "POST /__gongkai/editor/import/upload?name=a.pdf HTTP/1.1\r\n{}Content-Length: {}\r\n\r\n",
        s.good_headers(),
        21 * 1024 * 1024
    ));
    assert_eq!(status, 413);

    // Without it, the same file is read into a draft: the summary, and nothing in content/.
    std::fs::remove_file(s.site.join(rel)).unwrap();
    let (status, answer) = s.upload("gongshu-tongjiju-2023.docx", &docx, &s.good_headers());
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        field(&answer, "row").unwrap(),
        "将导入 → content/2023/gongshu-tongjiju.md",
        "{answer}"
    );
    assert!(
        answer.contains("部门 杭州市拱墅区统计局，年份 2023"),
        "{answer}"
    );
    assert!(answer.contains("找到："), "{answer}");
    assert!(!s.site.join(rel).exists());
    assert!(!s.site.join("content/2023/gongshu-tongjiju.docx").exists());
    let form_url = field(&answer, "form").unwrap();
    let draft = form_url.rsplit('/').next().unwrap().to_string();
    let (status, form) = s.page(form_url.trim_start_matches("/__gongkai/editor/"));
    assert_eq!(status, 200, "{form}");
    assert!(form.contains(&format!("data-draft=\"{draft}\"")), "{form}");
    assert!(form.contains("杭州市拱墅区统计局"));
    // Saved from the form as it is: the same files as `gongkai import` writes.
    let body = format!(
        r#"{{"year":2023,"slug":"gongshu-tongjiju","base":"new","draft":"{draft}","cells":{{}},"sections":{{}}}}"#
    );
    let (status, answer) = s.post("save", &body, &s.good_headers());
    assert_eq!(status, 200, "{answer}");
    let cli = s.site.parent().unwrap().join("cli");
    std::fs::create_dir_all(&cli).unwrap();
    std::fs::copy(
        s.site.join("content/departments.toml"),
        cli.join("departments.toml"),
    )
    .unwrap();
    let out = Command::new(BIN)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .args(["import", DOCX, "--into", cli.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        String::from_utf8(s.read(rel)).unwrap(),
        std::fs::read_to_string(cli.join("2023/gongshu-tongjiju.md")).unwrap()
    );
    assert_eq!(s.read("content/2023/gongshu-tongjiju.docx"), docx);
    // A draft is saved once.
    let (status, answer) = s.post("save", &body, &s.good_headers());
    assert_eq!(status, 422);
    assert!(answer.contains("已不在"), "{answer}");
}

#[test]
fn a_new_report_has_its_body_and_edition_chosen_and_every_narrative_part_editable() {
    let s = Serve::start("edition");
    // 新建报告: the body from departments.toml, the edition the year's unless chosen.
    let (status, form) = s.page("report/2026/yunxi-jiaoyu");
    assert_eq!(status, 200, "{form}");
    assert!(form.contains("<option value=\"yunxi-jiaoyu\" selected>示例市云溪区教育局</option>"));
    assert!(form.contains("<option value=\"2021\" selected>"), "{form}");
    let (_, form) = s.page("report/2026/yunxi-jiaoyu?edition=2019");
    assert!(form.contains("<option value=\"2019\" selected>"), "{form}");
    assert!(form.contains("data-edition=\"2019\""));
    // The narrative: the preamble as well as 一, 五 and 六.
    for key in ["preamble", "overview", "problems", "other"] {
        assert!(form.contains(&format!("data-section=\"{key}\"")), "{key}");
    }
    let body = r#"{"year":2026,"slug":"yunxi-jiaoyu","base":"new","edition":"2019","cells":{},"sections":{"preamble":"前言。","overview":"总体。","problems":"问题。","other":"无。"}}"#;
    let (status, answer) = s.post("save", body, &s.good_headers());
    assert_eq!(status, 200, "{answer}");
    let text = String::from_utf8(s.read("content/2026/yunxi-jiaoyu.md")).unwrap();
    assert!(text.contains("\nedition = \"2019\"\n"), "{text}");
    assert!(text.contains("+++\n\n前言。\n\n## 一、"), "{text}");
    // Text under a table's heading in a report is editable in place.
    let rel = "content/2026/yunxi-jiaoyu.md";
    let with_note = text.replace(
        "## 五、",
        "## 二、主动公开政府信息情况\n\n表二说明。\n\n## 五、",
    );
    std::fs::write(s.site.join(rel), &with_note).unwrap();
    let (_, form) = s.page("report/2026/yunxi-jiaoyu");
    assert!(
        form.contains("data-section=\"heading:二、主动公开政府信息情况\""),
        "{form}"
    );
    assert!(form.contains("表二说明。</textarea>"));
    let base = base_of(&form);
    let body = format!(
        r#"{{"year":2026,"slug":"yunxi-jiaoyu","base":"{base}","cells":{{}},"sections":{{"heading:二、主动公开政府信息情况":"新说明。"}}}}"#
    );
    let (status, answer) = s.post("save", &body, &s.good_headers());
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        String::from_utf8(s.read(rel)).unwrap(),
        with_note.replace("表二说明。", "新说明。")
    );
}

const TXT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/000_gongshu-tongjiju-2023.txt"
);

#[test]
fn a_title_without_its_year_is_imported_with_the_year_typed_on_the_page() {
    let s = Serve::start("given");
    // The page asks for the year and the body's name, each with its label.
    let (status, page) = s.page("import");
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("<label for=\"import-year\">年度</label>"),
        "{page}"
    );
    assert!(page.contains("<label for=\"import-dept\">"), "{page}");
    // The title no longer says 2023: refused, in the page's words (no command-line option).
    let text = std::fs::read_to_string(TXT).unwrap();
    let title = text.lines().next().unwrap();
    let text = text.replacen(title, &title.replacen("2023年度", "", 1), 1);
    let (status, answer) = s.upload("report.txt", text.as_bytes(), &s.good_headers());
    assert_eq!(status, 200, "{answer}");
    assert!(
        field(&answer, "row").unwrap().starts_with("拒绝"),
        "{answer}"
    );
    assert!(answer.contains("“年度”一栏"), "{answer}");
    assert!(!answer.contains("--"), "{answer}");
    // A year outside the template's years is a bad request, not a guess.
    let (status, _) = s.upload("report.txt&year=20233", text.as_bytes(), &s.good_headers());
    assert_eq!(status, 400);
    // With 年度 filled in, the file becomes a draft of that year.
    let (status, answer) = s.upload("report.txt&year=2022", text.as_bytes(), &s.good_headers());
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        field(&answer, "row").unwrap(),
        "将导入 → content/2022/gongshu-tongjiju.md",
        "{answer}"
    );
    assert!(answer.contains("年份 2022"), "{answer}");
    assert!(field(&answer, "form").is_some(), "{answer}");
}
