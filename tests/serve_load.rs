//! The dev server under load and attack, on 127.0.0.1 only, bounded in count and time: slow
//! clients (slowloris), malformed and oversized requests, and more connections than the bound.
//! Figures are printed (`--nocapture`) for the record.

use gongkai::serve::reload::Hub;
use gongkai::serve::server::{self, HttpServer, Served};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

struct Fixture {
    _dir: tempfile::TempDir,
    addr: SocketAddr,
    server: Option<HttpServer>,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Some(s) = self.server.take() {
            s.stop();
        }
    }
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("index.html"), "<html><body>首页</body></html>").unwrap();
    std::fs::write(root.join("404.html"), "<html><body>无</body></html>").unwrap();
    std::fs::write(root.join("data.json"), "[]").unwrap();
    let listener = server::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let served = Arc::new(Served::files(
        root.canonicalize().unwrap(),
        Arc::new(Hub::default()),
    ));
    let server = HttpServer::start(listener, served).unwrap();
    Fixture {
        _dir: dir,
        addr: server.addr,
        server: Some(server),
    }
}

/// Send raw bytes, read the answer until the server closes; the status (0: no answer).
fn exchange(addr: SocketAddr, request: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let _ = s.write_all(request);
    // Nothing more will come: a server waiting for the rest of a head sees the end at once.
    let _ = s.shutdown(std::net::Shutdown::Write);
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

/// One normal request on a fresh connection: its status and how long it took.
fn timed_get(addr: SocketAddr) -> (u16, Duration) {
    let start = Instant::now();
    let (status, _) = exchange(
        addr,
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    (status, start.elapsed())
}

#[test]
fn slowloris_clients_do_not_starve_normal_requests_and_are_cut_off() {
    let f = fixture();
    let addr = f.addr;
    let running = Arc::new(AtomicBool::new(true));
    // 100 clients sending their request head one byte every 100 ms, never finishing it.
    let slow: Vec<_> = (0..100)
        .map(|_| {
            let running = running.clone();
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(addr).unwrap();
                let started = Instant::now();
                let junk = b"GET / HTTP/1.1\r\nX-Padding: "
                    .iter()
                    .chain(b"a".iter().cycle());
                for b in junk {
                    if !running.load(Ordering::Relaxed) || s.write_all(&[*b]).is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                // The server answered (408) or closed: when?
                let mut out = vec![];
                s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                let _ = s.read_to_end(&mut out);
                (
                    started.elapsed(),
                    String::from_utf8_lossy(&out).into_owned(),
                )
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    // Meanwhile, 4 clients make 200 normal requests.
    let normal: Vec<_> = (0..4)
        .map(|_| std::thread::spawn(move || (0..50).map(|_| timed_get(addr)).collect::<Vec<_>>()))
        .collect();
    let results: Vec<(u16, Duration)> =
        normal.into_iter().flat_map(|h| h.join().unwrap()).collect();
    let failed = results.iter().filter(|(s, _)| *s != 200).count();
    let mut times: Vec<Duration> = results.iter().map(|(_, t)| *t).collect();
    times.sort();
    let (median, max) = (times[times.len() / 2], times[times.len() - 1]);
    eprintln!(
        "slowloris: 100 slow clients, {} normal requests: {failed} failed, median {median:?}, max {max:?}",
        results.len()
    );
    assert_eq!(failed, 0);
    assert!(max < Duration::from_secs(2), "max latency {max:?}");
    // Every slow client is cut off by the head deadline (10 s), with 408.
    let cut: Vec<(Duration, String)> = slow.into_iter().map(|h| h.join().unwrap()).collect();
    running.store(false, Ordering::Relaxed);
    let slowest = cut.iter().map(|(t, _)| *t).max().unwrap();
    eprintln!("slowloris: every slow client cut off after at most {slowest:?}");
    for (t, answer) in &cut {
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?} after {t:?}");
    }
    assert!(slowest < Duration::from_secs(15), "{slowest:?}");
}

#[test]
fn malformed_and_oversized_requests_get_4xx() {
    let f = fixture();
    let long_path = format!(
        "GET /{} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    let long_header = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {}\r\n\r\n",
        "b".repeat(20 * 1024)
    );
    let cases: &[(&[u8], u16)] = &[
        (long_path.as_bytes(), 414),
        (long_header.as_bytes(), 431),
        (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400),
        (b"GET\r\n\r\n", 400),
        (b"GET / HTTP/9.9\r\n\r\n", 400),
        (b"GET /\x01 HTTP/1.1\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nno-colon\r\n\r\n", 400),
        (b"GET /../../etc/passwd HTTP/1.1\r\n\r\n", 400),
        (b"GET /%zz HTTP/1.1\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", 405),
        (b"DELETE / HTTP/1.1\r\n\r\n", 405),
        // Closing half way through a head is not an answerable request.
        (b"GET / HTTP/1.1\r\nHost", 400),
    ];
    for (request, want) in cases {
        let start = Instant::now();
        let (status, text) = exchange(f.addr, request);
        let shown = String::from_utf8_lossy(&request[..request.len().min(40)]);
        assert_eq!(status, *want, "{shown:?}: {text}");
        assert!(start.elapsed() < Duration::from_secs(5), "{shown:?}");
    }
    // The server still serves.
    assert_eq!(timed_get(f.addr).0, 200);
}

#[test]
fn connections_beyond_the_bound_get_503_and_the_server_recovers() {
    let f = fixture();
    let mut idle = vec![];
    for _ in 0..server::MAX_CONNECTIONS {
        idle.push(TcpStream::connect(f.addr).unwrap());
    }
    // Wait until the server has taken them all.
    std::thread::sleep(Duration::from_millis(500));
    let (status, _) = timed_get(f.addr);
    assert_eq!(
        status, 503,
        "one more than the bound is refused, not queued"
    );
    drop(idle);
    let start = Instant::now();
    loop {
        let (status, _) = timed_get(f.addr);
        if status == 200 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no recovery: {status}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
