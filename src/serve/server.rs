//! The HTTP side of `serve`: tiny_http with a pool of workers, each calling `recv` on the shared
//! server, so a slow client holds one worker and not the whole site.

use super::http::{self, Target};
use super::reload::{self, Hub};
use crate::error::Error;
use std::io::{self, Read};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// How many requests are answered at once. Event streams do not count: they are handed to the
/// [`Hub`] and free their worker at once.
pub const WORKERS: usize = 8;

/// tiny_http reads each connection on a thread of its own pool, and that pool can leave a new
/// connection queued with no thread to run it when it arrives in the same instant as another
/// (its count of idle threads is read before a woken thread updates it). The queued connection
/// waits until some pool thread finishes a connection, which may be never while every thread
/// holds a long-lived one (event streams, idle keep-alive). A connection to ourselves that closes
/// at once is such a finish: a pool thread runs it, then picks up whatever was queued.
const KICK_EVERY: Duration = Duration::from_millis(200);

/// Where the kick connects: the listening address, with loopback for an unspecified one.
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

/// What the workers serve: a folder and the live-reload state.
pub struct Served {
    pub root: PathBuf,
    pub hub: Arc<Hub>,
}

pub struct HttpServer {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
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
/// option from the listening socket; tiny_http offers no hook on accepted ones). Without it,
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
        let server = tiny_http::Server::from_listener(listener, None).map_err(io::Error::other)?;
        let server = Arc::new(server);
        let stop = Arc::new(AtomicBool::new(false));
        let workers = (0..WORKERS)
            .map(|i| {
                let (server, served, stop) = (server.clone(), served.clone(), stop.clone());
                std::thread::Builder::new()
                    .name(format!("gongkai-http-{i}"))
                    .spawn(move || {
                        while !stop.load(Ordering::Relaxed) {
                            match server.recv_timeout(Duration::from_millis(200)) {
                                Ok(Some(req)) => handle(&served, req),
                                Ok(None) => {}
                                Err(_) => break,
                            }
                        }
                    })
            })
            .collect::<io::Result<Vec<_>>>()?;
        let mut workers = workers;
        let (kick, stopping) = (kick_address(addr), stop.clone());
        workers.push(
            std::thread::Builder::new()
                .name("gongkai-http-kick".into())
                .spawn(move || {
                    while !stopping.load(Ordering::Relaxed) {
                        std::thread::sleep(KICK_EVERY);
                        let _ = TcpStream::connect_timeout(&kick, Duration::from_secs(1));
                    }
                })?,
        );
        Ok(HttpServer {
            addr,
            stop,
            workers,
        })
    }

    /// Stop accepting requests and wait for the workers.
    pub fn stop(self) {
        self.stop.store(true, Ordering::Relaxed);
        for w in self.workers {
            let _ = w.join();
        }
    }
}

const BARE_404: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>404</title>\
</head><body><h1>404 Not Found</h1></body></html>";

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn text(status: u16, body: &str) -> Response<io::Cursor<Vec<u8>>> {
    Response::from_string(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

/// Answer one request. Write errors mean the client went away; there is no one to tell.
fn handle(served: &Served, req: Request) {
    let method = req.method().clone();
    if method != Method::Get && method != Method::Head {
        let _ = req.respond(
            text(405, "405 Method Not Allowed\n").with_header(header("Allow", "GET, HEAD")),
        );
        return;
    }
    let url = req.url().to_string();
    if url.split('?').next() == Some(reload::EVENTS_PATH) && method == Method::Get {
        served.hub.subscribe(req.into_writer());
        return;
    }
    let _ = match http::resolve(&served.root, &url) {
        Target::File(path) => match file_response(served, &path, 200) {
            Ok(r) => req.respond(r),
            Err(_) => req.respond(text(404, "404 Not Found\n")),
        },
        Target::Redirect(to) => {
            req.respond(Response::empty(StatusCode(301)).with_header(header("Location", &to)))
        }
        Target::NotFound => {
            let page = served.root.join("404.html");
            match file_response(served, &page, 404) {
                Ok(r) => req.respond(r),
                // No site yet (the first build failed): a bare page that still shows the
                // overlay and reloads once the site builds.
                Err(_) => {
                    let html = reload::inject(BARE_404, &served.hub.state());
                    req.respond(
                        Response::from_string(html)
                            .with_status_code(StatusCode(404))
                            .with_header(header("Content-Type", "text/html; charset=utf-8"))
                            .with_header(header("Cache-Control", "no-store")),
                    )
                }
            }
        }
        Target::BadRequest => req.respond(text(400, "400 Bad Request\n")),
    };
}

/// A file, with its type; HTML pages get the live-reload script (and the error overlay).
fn file_response(
    served: &Served,
    path: &std::path::Path,
    status: u16,
) -> io::Result<Response<Box<dyn Read + Send>>> {
    let kind = http::content_type(path);
    let (body, len): (Box<dyn Read + Send>, usize) = if http::is_html(path) {
        let html = std::fs::read(path)?;
        let page = reload::inject(&String::from_utf8_lossy(&html), &served.hub.state());
        let len = page.len();
        (Box::new(io::Cursor::new(page.into_bytes())), len)
    } else {
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len() as usize;
        (Box::new(file), len)
    };
    Ok(Response::new(
        StatusCode(status),
        vec![
            header("Content-Type", kind),
            header("Cache-Control", "no-store"),
        ],
        body,
        Some(len),
        None,
    ))
}
