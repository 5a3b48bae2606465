//! The dev server over real HTTP: an in-process server on an ephemeral port, a real client
//! (ureq) and raw request lines for the paths a client would normalize.

use gongkai::serve::reload::{self, Hub, OverlayItem};
use gongkai::serve::server::{self, HttpServer, Served};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

struct Fixture {
    base: PathBuf,
    url: String,
    addr: SocketAddr,
    hub: Arc<Hub>,
    server: Option<HttpServer>,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Some(s) = self.server.take() {
            s.stop();
        }
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

fn fixture(name: &str) -> Fixture {
    let base =
        std::env::temp_dir().join(format!("gongkai-serve-http-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let root = base.join("site");
    std::fs::create_dir_all(root.join("2023/tongjiju")).unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    let files: &[(&str, &str)] = &[
        (
            "index.html",
            "<!doctype html><html><body><h1>首页</h1></body></html>",
        ),
        (
            "404.html",
            "<!doctype html><html><body><h1>页面不存在</h1></body></html>",
        ),
        (
            "2023/tongjiju/index.html",
            "<html><body>统计局 2023</body></html>",
        ),
        ("static/site.css", "body { color: #333 }"),
        ("static/app.js", "console.log(1)"),
        ("data.json", "[]"),
        ("data.csv", "a,b\n"),
        ("logo.svg", "<svg/>"),
        ("atom.xml", "<feed/>"),
        ("logo.png", "\u{89}PNG"),
    ];
    for (path, body) in files {
        std::fs::write(root.join(path), body).unwrap();
    }
    std::fs::write(base.join("secret.txt"), "TOP SECRET").unwrap();
    let hub = Arc::new(Hub::default());
    let listener = server::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let served = Arc::new(Served::files(root.canonicalize().unwrap(), hub.clone()));
    let server = HttpServer::start(listener, served).unwrap();
    let addr = server.addr;
    Fixture {
        base,
        url: format!("http://{addr}"),
        addr,
        hub,
        server: Some(server),
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into()
}

fn get(url: &str) -> (u16, String, String) {
    let mut resp = agent().get(url).call().unwrap();
    let status = resp.status().as_u16();
    let kind = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = resp.body_mut().read_to_string().unwrap();
    (status, kind, body)
}

/// Send a request line as is (clients would normalize `..` and escapes away).
fn raw(addr: SocketAddr, target: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = vec![];
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[test]
fn pages_and_assets_have_their_types() {
    let f = fixture("types");
    for (path, kind) in [
        ("/", "text/html; charset=utf-8"),
        ("/2023/tongjiju/", "text/html; charset=utf-8"),
        ("/static/site.css", "text/css; charset=utf-8"),
        ("/static/app.js", "text/javascript; charset=utf-8"),
        ("/data.json", "application/json; charset=utf-8"),
        ("/data.csv", "text/csv; charset=utf-8"),
        ("/logo.svg", "image/svg+xml; charset=utf-8"),
        ("/atom.xml", "application/xml; charset=utf-8"),
        ("/logo.png", "image/png"),
    ] {
        let (status, got, _) = get(&format!("{}{path}", f.url));
        assert_eq!((status, got.as_str()), (200, kind), "{path}");
    }
    let (_, _, home) = get(&format!("{}/", f.url));
    assert!(home.contains("<h1>首页</h1>"));
    assert!(
        home.contains("/__gongkai/events"),
        "live-reload script injected"
    );
    let (_, _, css) = get(&format!("{}/static/site.css", f.url));
    assert_eq!(css, "body { color: #333 }", "assets are served untouched");
}

#[test]
fn folders_redirect_and_missing_pages_get_the_404_page() {
    let f = fixture("404");
    let resp = agent()
        .get(format!("{}/2023/tongjiju?a=1", f.url))
        .call()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 301);
    assert_eq!(
        resp.headers().get("location").unwrap(),
        "/2023/tongjiju/?a=1"
    );
    let (status, kind, body) = get(&format!("{}/2023/nope/", f.url));
    assert_eq!(status, 404);
    assert_eq!(kind, "text/html; charset=utf-8");
    assert!(body.contains("页面不存在"));
    // Without a 404 page (no site built yet), a bare one that still listens for rebuilds.
    std::fs::remove_file(f.base.join("site/404.html")).unwrap();
    let (status, kind, body) = get(&format!("{}/2023/nope/", f.url));
    assert_eq!((status, kind.as_str()), (404, "text/html; charset=utf-8"));
    assert!(body.contains("404 Not Found") && body.contains("/__gongkai/events"));
}

#[test]
fn head_has_headers_and_no_body() {
    let f = fixture("head");
    let mut s = TcpStream::connect(f.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "HEAD /static/site.css HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    assert!(
        out.to_ascii_lowercase()
            .contains("content-type: text/css; charset=utf-8")
    );
    assert!(out.contains("Content-Length: 20"), "{out}");
    assert!(out.ends_with("\r\n\r\n"), "no body: {out:?}");
    let resp = agent().head(format!("{}/", f.url)).call().unwrap();
    assert_eq!(resp.status().as_u16(), 200);
}

#[test]
fn traversal_attempts_are_refused() {
    let f = fixture("traversal");
    for target in [
        "/../secret.txt",
        "/../../secret.txt",
        "/2023/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/static/..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/index.html%00",
        "/%00/../secret.txt",
        "/%",
        "secret.txt",
        "//secret.txt",
        &format!("/{}", f.base.join("secret.txt").display()),
        &format!("{}/../secret.txt", f.url),
    ] {
        let (status, text) = raw(f.addr, target);
        assert!(status == 400 || status == 404, "{target}: {status}\n{text}");
        assert!(!text.contains("TOP SECRET"), "{target} leaked the file");
    }
    // The server is still fine afterwards.
    assert_eq!(raw(f.addr, "/").0, 200);
}

#[test]
fn many_concurrent_requests_all_succeed() {
    let f = fixture("concurrent");
    let paths = [
        "/",
        "/2023/tongjiju/",
        "/static/site.css",
        "/data.json",
        "/nope",
    ];
    let handles: Vec<_> = (0..200)
        .map(|i| {
            let url = format!("{}{}", f.url, paths[i % paths.len()]);
            std::thread::spawn(move || get(&url).0)
        })
        .collect();
    let statuses: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    for (i, s) in statuses.iter().enumerate() {
        let want = if paths[i % paths.len()] == "/nope" {
            404
        } else {
            200
        };
        assert_eq!(*s, want, "request {i}");
    }
}

#[test]
fn slow_clients_do_not_block_others() {
    let f = fixture("slow");
    std::fs::write(f.base.join("site/big.bin"), vec![0u8; 16 << 20]).unwrap();
    // Clients that never finish their request…
    let mut idle = vec![];
    for _ in 0..16 {
        let mut s = TcpStream::connect(f.addr).unwrap();
        write!(s, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
        idle.push(s);
    }
    // …or never read their (large) response, each holding a worker…
    for _ in 0..3 {
        let mut s = TcpStream::connect(f.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(s, "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut first = [0u8; 12];
        s.read_exact(&mut first).unwrap();
        assert_eq!(&first, b"HTTP/1.1 200");
        idle.push(s);
    }
    // …and everyone else is still served.
    for _ in 0..20 {
        assert_eq!(get(&format!("{}/", f.url)).0, 200);
    }
}

/// Read SSE lines until one event with this name arrives; returns its data.
fn next_event(r: &mut impl BufRead, name: &str) -> String {
    let mut current = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            r.read_line(&mut line).unwrap() > 0,
            "stream closed before `{name}`"
        );
        let l = line.trim_end();
        if let Some(n) = l.strip_prefix("event: ") {
            current = n.to_string();
        } else if let Some(d) = l.strip_prefix("data: ")
            && current == name
        {
            return d.to_string();
        }
    }
}

#[test]
fn event_stream_and_overlay() {
    let f = fixture("events");
    let mut s = TcpStream::connect(f.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    // The page script names the version it was served with and its own output path.
    write!(
        s,
        "GET /__gongkai/events?since=0&page=index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut r = BufReader::new(s);
    let mut status = String::new();
    r.read_line(&mut status).unwrap();
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    assert_eq!(
        next_event(&mut r, "hello"),
        r#"{"version":0,"errors":[],"stale":false}"#
    );

    // Streams count in the connection bound, at most MAX_STREAMS of them: with more opened than
    // the whole bound, the oldest are dropped (the first one here) and pages are still served.
    let mut streams = vec![];
    for _ in 0..server::MAX_CONNECTIONS + 2 {
        let mut s = TcpStream::connect(f.addr).unwrap();
        write!(
            s,
            "GET /__gongkai/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .unwrap();
        streams.push(s);
    }
    assert_eq!(get(&format!("{}/", f.url)).0, 200);
    let mut rest = String::new();
    assert!(
        r.read_to_string(&mut rest).is_ok(),
        "the oldest stream is closed"
    );
    assert!(
        !rest.contains("event: error"),
        "the oldest stream was closed: {rest}"
    );
    assert!(f.hub.streams() <= reload::MAX_STREAMS);
    // A page that closes its stream is noticed at the next connection, not at a ping.
    drop(streams);
    assert_eq!(get(&format!("{}/", f.url)).0, 200);
    assert_eq!(get(&format!("{}/", f.url)).0, 200);
    assert_eq!(f.hub.streams(), 0);
    let mut s = TcpStream::connect(f.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET /__gongkai/events?since=0&page=index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut r = BufReader::new(s);
    next_event(&mut r, "hello");

    f.hub.error(vec![OverlayItem {
        file: "content/2023/tongjiju.md".into(),
        line: Some(12),
        severity: "error".into(),
        rule: "R-BAL",
        message: "<b>总计</b> is 3 but 2 + 0 = 2".into(),
        saved: true,
    }]);
    let data = next_event(&mut r, "error");
    assert!(data.contains("R-BAL"), "{data}");
    let (_, _, page) = get(&format!("{}/2023/tongjiju/", f.url));
    assert!(
        page.contains("统计局 2023"),
        "the last good page is still served"
    );
    assert!(page.contains(
        "<code>content/2023/tongjiju.md:12</code> error[R-BAL]: &lt;b&gt;总计&lt;/b&gt; is 3 but 2 + 0 = 2"
    ), "{page}");
    let (_, _, missing) = get(&format!("{}/nope", f.url));
    assert!(
        missing.contains("id=\"gongkai-overlay\""),
        "the 404 page shows it too"
    );

    f.hub.reload(Some(vec!["2023/tongjiju/index.html".into()]));
    assert_eq!(
        next_event(&mut r, "reload"),
        r#"{"version":1,"errors":[],"paths":["2023/tongjiju/index.html"]}"#
    );
    let (_, _, page) = get(&format!("{}/2023/tongjiju/", f.url));
    assert!(!page.contains("id=\"gongkai-overlay\""));
    assert!(page.contains("var version = 1;"));

    f.hub.css();
    assert_eq!(next_event(&mut r, "css"), r#"{"version":2,"errors":[]}"#);
    // Closed streams are dropped, and nothing else is disturbed.
    drop(r);
    f.hub.ping();
    f.hub.ping();
    assert_eq!(get(&format!("{}/", f.url)).0, 200);
}
