//! The HTTP side of `serve`: a small HTTP/1.1 server for static files and the live-reload
//! stream, built for a clerk's machine where a page, a script or an attacker may open many
//! connections. Each connection has a thread of its own, so a slow client holds only itself; the
//! number of connections is bounded (one more gets 503), and every read and write has a
//! deadline, so a client that sends its request a byte at a time (slowloris) or never reads its
//! answer is cut off instead of holding a thread for ever. The bounds are [`ServeLimits`].
//!
//! The request line and headers are parsed by `httparse` (the parser under hyper, without
//! hyper's runtime); reading them under deadlines and bounds, and what is answered, is here.

use super::editor::{Editor, Reply};
use super::guard::Guard;
use super::http::{self, Head, Target};
use super::limits::ServeLimits;
use super::reload::{self, Hub};
use crate::error::Error;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Where `stop` connects to wake the accept call: the listening address, with loopback for an
/// unspecified one.
fn kick_address(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        std::net::IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(std::net::Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        std::net::IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(std::net::Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    }
}

/// What the workers serve: a folder, the live-reload state and, with `serve`, the editor.
pub struct Served {
    pub root: PathBuf,
    pub hub: Arc<Hub>,
    pub editor: Option<Editor>,
    pub limits: ServeLimits,
}

impl Served {
    /// A folder and its live reload, without the editor.
    pub fn files(root: PathBuf, hub: Arc<Hub>) -> Served {
        Served {
            root,
            hub,
            editor: None,
            limits: ServeLimits::default(),
        }
    }
}

pub struct HttpServer {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
    /// The listening socket's descriptor, shut down to wake the accept call on stop.
    #[cfg(unix)]
    fd: std::os::fd::RawFd,
}

/// Bind the listening socket first, so a port in use is reported before anything is built.
pub fn bind(addr: SocketAddr) -> Result<TcpListener, Error> {
    let listener = TcpListener::bind(addr).map_err(|e| match e.kind() {
        io::ErrorKind::AddrInUse => Error::PortInUse(addr),
        _ => Error::Listen { addr, source: e },
    })?;
    no_delay(&listener);
    Ok(listener)
}

/// Turn off Nagle's algorithm for the connections this listener accepts (Linux copies the
/// option from the listening socket to every connection it accepts). Without it,
/// a response written in more than one piece waits for the client's delayed ACK: 40 ms per
/// request on a kept-alive connection, which is most of a rebuild's latency.
#[cfg(target_os = "linux")]
fn no_delay(listener: &TcpListener) {
    use std::os::fd::AsRawFd;
    let on: libc::c_int = 1;
    // SAFETY: a valid socket descriptor, and a pointer to a c_int of the size given.
    unsafe {
        libc::setsockopt(
            listener.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_NODELAY,
            (&on as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn no_delay(_: &TcpListener) {}

impl HttpServer {
    pub fn start(listener: TcpListener, served: Arc<Served>) -> io::Result<HttpServer> {
        let addr = listener.local_addr()?;
        #[cfg(unix)]
        let fd = std::os::fd::AsRawFd::as_raw_fd(&listener);
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let guard = Arc::new(Guard::new(addr));
        let accept = std::thread::Builder::new()
            .name("gongkai-http-accept".into())
            .spawn(move || accept_loop(listener, served, guard, &stopping))?;
        Ok(HttpServer {
            addr,
            stop,
            accept: Some(accept),
            #[cfg(unix)]
            fd,
        })
    }

    /// Stop accepting connections; open ones end after their current request, event streams at
    /// once.
    pub fn stop(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept call. Shutting the listening socket down does it on Linux without a
        // descriptor of our own (with every descriptor taken, a connection to ourselves fails
        // and the join below would wait for ever); the connection is the fallback elsewhere.
        #[cfg(unix)]
        // SAFETY: the descriptor belongs to the listener, which the accept thread still owns.
        unsafe {
            libc::shutdown(self.fd, libc::SHUT_RDWR);
        }
        let _ = TcpStream::connect_timeout(&kick_address(self.addr), Duration::from_secs(1));
        if let Some(a) = self.accept.take() {
            let _ = a.join();
        }
    }
}

/// Counts a connection while its thread runs.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

fn accept_loop(
    listener: TcpListener,
    served: Arc<Served>,
    guard: Arc<Guard>,
    stop: &Arc<AtomicBool>,
) {
    let open = Arc::new(AtomicUsize::new(0));
    for conn in listener.incoming() {
        if stop.load(Ordering::Relaxed) {
            served.hub.close_all();
            break;
        }
        let Ok(stream) = conn else {
            // Out of descriptors or a connection reset before accept: wait a little, go on.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let _ = stream.set_write_timeout(Some(served.limits.write_timeout()));
        // Event streams whose page was closed are noticed here, not at the next ping.
        served.hub.sweep();
        let streams = served.hub.streams();
        if open.fetch_add(1, Ordering::Relaxed) + streams >= served.limits.max_connections {
            open.fetch_sub(1, Ordering::Relaxed);
            let mut c = Conn::new(stream);
            let _ = c.status(
                503,
                "503 Service Unavailable: too many connections\n",
                false,
            );
            continue;
        }
        let slot = Slot(open.clone());
        let (served, guard, stop) = (served.clone(), guard.clone(), stop.clone());
        let _ = std::thread::Builder::new()
            .name("gongkai-http-conn".into())
            .spawn(move || {
                let _slot = slot;
                serve_connection(Conn::new(stream), &served, &guard, &stop);
            });
    }
}

/// One client connection: its stream and the bytes read past the last request.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

/// What a connection does after an answer.
enum Next {
    KeepAlive,
    Close,
    /// The stream went to the live-reload hub.
    HandedOver,
}

fn serve_connection(mut c: Conn, served: &Served, guard: &Guard, stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        let head = match c.read_head(&served.limits) {
            Ok(Some(h)) => h,
            Ok(None) => return,
            Err(status) => {
                let _ = c.status(status, &format!("{status} {}\n", reason(status)), false);
                c.linger();
                return;
            }
        };
        match handle(&mut c, served, guard, &head) {
            Ok(Next::KeepAlive) => {}
            Ok(Next::Close | Next::HandedOver) | Err(_) => return,
        }
    }
}

impl Conn {
    fn new(stream: TcpStream) -> Conn {
        Conn {
            stream,
            buf: Vec::new(),
        }
    }

    /// The next request head: `Ok(None)` when the client closed or stayed idle, `Err` the status
    /// that refuses it (400 malformed, 408 too slow, 414/431 too long).
    fn read_head(&mut self, limits: &ServeLimits) -> Result<Option<Head>, u16> {
        let mut deadline: Option<Instant> = None;
        let mut chunk = [0u8; 4096];
        loop {
            if !self.buf.is_empty()
                && let Some((head, n)) = http::parse_head(&self.buf)?
            {
                self.buf.drain(..n);
                return Ok(Some(head));
            }
            if self.buf.len() > limits.max_head_bytes {
                let line_fits = self.buf.windows(2).any(|w| w == b"\r\n");
                return Err(if line_fits { 431 } else { 414 });
            }
            let wait = match deadline {
                None => limits.idle_timeout(),
                Some(d) => d.saturating_duration_since(Instant::now()),
            };
            if wait.is_zero() {
                return Err(408);
            }
            let _ = self.stream.set_read_timeout(Some(wait));
            match self.stream.read(&mut chunk) {
                Ok(0) if self.buf.is_empty() => return Ok(None),
                Ok(0) => return Err(400),
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    deadline.get_or_insert_with(|| Instant::now() + limits.head_deadline());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) if self.buf.is_empty() => return Ok(None),
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    return Err(408);
                }
                Err(_) => return Ok(None),
            }
        }
    }

    /// A request's body of `len` bytes (what is already read first), at most `max` bytes and
    /// within the body deadline; `Err` the status that refuses it.
    fn read_body(&mut self, len: u64, max: u64, limits: &ServeLimits) -> Result<Vec<u8>, u16> {
        if len > max {
            return Err(413);
        }
        let len = len as usize;
        let deadline = Instant::now() + limits.body_deadline();
        let mut chunk = [0u8; 16 * 1024];
        while self.buf.len() < len {
            let wait = deadline.saturating_duration_since(Instant::now());
            if wait.is_zero() {
                return Err(408);
            }
            let _ = self.stream.set_read_timeout(Some(wait));
            match self.stream.read(&mut chunk) {
                Ok(0) => return Err(400),
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return Err(408),
            }
        }
        Ok(self.buf.drain(..len).collect())
    }

    /// Write an answer: status, headers, then the body unless `head_only`.
    fn send(
        &mut self,
        status: u16,
        headers: &[(&str, &str)],
        body: Body,
        head_only: bool,
        keep_alive: bool,
    ) -> io::Result<()> {
        let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
        for (name, value) in headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        let connection = if keep_alive { "keep-alive" } else { "close" };
        out.push_str(&format!(
            "Content-Length: {}\r\nConnection: {connection}\r\n\r\n",
            body.len()
        ));
        let mut out = out.into_bytes();
        match body {
            Body::Bytes(b) if !head_only => {
                out.extend_from_slice(&b);
                self.stream.write_all(&out)?;
            }
            Body::File(mut f, _) if !head_only => {
                self.stream.write_all(&out)?;
                io::copy(&mut f, &mut self.stream)?;
            }
            _ => self.stream.write_all(&out)?,
        }
        self.stream.flush()
    }

    /// Close after refusing a request whose rest may still be arriving: read and drop it for a
    /// moment first, since closing with unread data resets the connection and the client may
    /// lose the answer.
    fn linger(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Write);
        // Bounded in time as well as bytes: a slow client would keep a byte-count loop going.
        let until = Instant::now() + Duration::from_millis(500);
        let mut sink = [0u8; 4096];
        let mut left = 1 << 20;
        while left > 0 {
            let wait = until.saturating_duration_since(Instant::now());
            if wait.is_zero() || self.stream.set_read_timeout(Some(wait)).is_err() {
                break;
            }
            match self.stream.read(&mut sink) {
                Ok(0) | Err(_) => break,
                Ok(n) => left -= n.min(left),
            }
        }
    }

    /// A short plain-text answer that closes the connection.
    fn status(&mut self, status: u16, body: &str, head_only: bool) -> io::Result<()> {
        let body = Body::Bytes(body.as_bytes().to_vec());
        self.send(status, &[("Content-Type", TEXT)], body, head_only, false)
    }
}

const TEXT: &str = "text/plain; charset=utf-8";

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        303 => "See Other",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// A response body: in memory (pages get the reload script), or a file streamed as is.
enum Body {
    Bytes(Vec<u8>),
    File(std::fs::File, u64),
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Bytes(b) => b.len() as u64,
            Body::File(_, n) => *n,
        }
    }
}

const BARE_404: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>404</title>\
</head><body><h1>404 Not Found</h1></body></html>";

/// Refuse a request and close, reading off the rest of what it sends first.
fn refuse(c: &mut Conn, status: u16) -> io::Result<Next> {
    c.status(status, &format!("{status} {}\n", reason(status)), false)?;
    c.linger();
    Ok(Next::Close)
}

/// Write an editor's answer.
fn reply(c: &mut Conn, r: Reply, head_only: bool, keep: bool) -> io::Result<Next> {
    let mut headers: Vec<(&str, &str)> =
        vec![("Content-Type", r.kind), ("Cache-Control", "no-store")];
    headers.extend(r.headers.iter().map(|(k, v)| (*k, v.as_str())));
    c.send(r.status, &headers, Body::Bytes(r.body), head_only, keep)?;
    Ok(if keep { Next::KeepAlive } else { Next::Close })
}

/// Answer one request. Write errors mean the client went away; there is no one to tell.
fn handle(c: &mut Conn, served: &Served, guard: &Guard, req: &Head) -> io::Result<Next> {
    // DNS rebinding and cross-site pages: not one byte for them (see `guard`).
    if !guard.host_ok(req.host.as_deref()) || !guard.origin_ok(req.origin.as_deref()) {
        return refuse(c, 403);
    }
    let head_only = req.method == "HEAD";
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    if let Some(editor) = &served.editor {
        if req.method == "POST" && Editor::wants(path) {
            if req.chunked {
                return refuse(c, 411);
            }
            let max = if Editor::is_upload(path) {
                served.limits.max_upload_bytes
            } else {
                served.limits.max_body_bytes
            };
            let body = match c.read_body(req.content_length.unwrap_or(0), max, &served.limits) {
                Ok(b) => b,
                Err(status) => return refuse(c, status),
            };
            let r = editor.post(req, guard, path, query, &body);
            return reply(c, r, false, false);
        }
        if req.method == "GET" || head_only {
            if let Some(r) = editor.login(req, path, query) {
                return reply(c, r, head_only, req.keep_alive);
            }
            if Editor::wants(path) {
                let r = editor.get(req, path, query);
                return reply(c, r, head_only, req.keep_alive);
            }
        }
    }
    if req.method != "GET" && !head_only {
        let body = Body::Bytes(b"405 Method Not Allowed\n".to_vec());
        let headers = [("Content-Type", TEXT), ("Allow", "GET, HEAD")];
        c.send(405, &headers, body, false, false)?;
        return Ok(Next::Close);
    }
    let keep = req.keep_alive;
    if path == reload::EVENTS_PATH && !head_only {
        let stream = c.stream.try_clone()?;
        served.hub.subscribe_stream(query, stream);
        return Ok(Next::HandedOver);
    }
    match http::resolve(&served.root, &req.target) {
        Target::File(path) => match file_body(served, &path) {
            Ok((kind, body)) => c.send(200, &page_headers(kind), body, head_only, keep)?,
            Err(_) => {
                c.status(404, "404 Not Found\n", head_only)?;
                return Ok(Next::Close);
            }
        },
        Target::Redirect(to) => c.send(
            301,
            &[("Location", &to)],
            Body::Bytes(vec![]),
            head_only,
            keep,
        )?,
        Target::NotFound => {
            let page = served.root.join("404.html");
            let (kind, body) = file_body(served, &page).unwrap_or_else(|_| {
                // No site yet (the first build failed): a bare page that still shows the
                // overlay and reloads once the site builds.
                let html = reload::inject(BARE_404, &served.hub.state());
                ("text/html; charset=utf-8", Body::Bytes(html.into_bytes()))
            });
            c.send(404, &page_headers(kind), body, head_only, keep)?
        }
        Target::BadRequest => {
            c.status(400, "400 Bad Request\n", head_only)?;
            return Ok(Next::Close);
        }
    }
    Ok(if keep { Next::KeepAlive } else { Next::Close })
}

fn page_headers(kind: &str) -> [(&str, &str); 2] {
    [("Content-Type", kind), ("Cache-Control", "no-store")]
}

/// A file's type and body; HTML pages get the live-reload script (and the error overlay).
fn file_body(served: &Served, path: &Path) -> io::Result<(&'static str, Body)> {
    let kind = http::content_type(path);
    // A saved report's file as just rendered, while it is being written.
    let shown = served.hub.shown().get(path);
    if let Some(bytes) = shown.as_deref().filter(|_| !http::is_html(path)) {
        return Ok((kind, Body::Bytes(bytes.to_vec())));
    }
    if http::is_html(path) {
        let html = match shown {
            Some(bytes) => bytes.to_vec(),
            None => std::fs::read(path)?,
        };
        let mut page = reload::inject(&String::from_utf8_lossy(&html), &served.hub.state());
        if let Some(editor) = &served.editor {
            page = editor.decorate(page, path);
        }
        Ok((kind, Body::Bytes(page.into_bytes())))
    } else {
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        Ok((kind, Body::File(file, len)))
    }
}
