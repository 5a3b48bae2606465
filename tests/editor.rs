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
