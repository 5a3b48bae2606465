//! `gongkai serve`: build the site into a temporary folder, serve it, watch the sources, rebuild
//! what an edit touches through the build pipeline, and tell the open pages.
//!
//! - [`http`]: request paths → files under the root, content types.
//! - [`server`]: a small HTTP/1.1 server: a thread per connection, bounded, with deadlines.
//! - [`reload`]: the event stream, the page script and the error overlay.
//! - [`watch`]: notify, debounce, and what a batch of edits requires.
//! - [`rebuild`]: the dev build, kept in memory between edits.

pub mod http;
pub mod rebuild;
pub mod reload;
pub mod server;
pub mod watch;

use crate::diagnostics::{self, Diagnostic, Printer};
use crate::schema::Severity;
use rebuild::{DevBuild, Outcome};
use reload::{Hub, OverlayItem};
use server::{HttpServer, Served};
use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use watch::{Msg, Watch};

pub struct Options {
    pub site: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
}

/// A temporary folder that is removed when dropped: the dev build never touches the site's own
/// output folder, and leaves nothing behind.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        let base = std::env::temp_dir();
        for n in 0..1000u32 {
            let path = base.join(format!("gongkai-serve-{}-{n}", std::process::id()));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(TempDir(path)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("no free temporary folder name"))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn run(opts: &Options) -> i32 {
    // Signals first: a Ctrl-C that arrives while the temporary folder is being created or the
    // first build runs is queued, and the loop below exits cleanly on it.
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(Msg::Stop);
    }) {
        eprintln!("error: cannot handle Ctrl-C: {e}");
        return 2;
    }
    let root = match std::fs::canonicalize(&opts.site) {
        Ok(r) if r.is_dir() => r,
        _ => {
            eprintln!("error: {} is not a site folder", opts.site.display());
            return 2;
        }
    };
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}: other machines on the network can see this unpublished site",
            opts.bind
        );
    }
    let listener = match server::bind(SocketAddr::new(opts.bind, opts.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let out = match TempDir::new() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot create a temporary folder for the dev build: {e}");
            return 2;
        }
    };
    let host = if opts.bind.is_unspecified() {
        "localhost".to_string()
    } else {
        SocketAddr::new(opts.bind, addr.port()).to_string()
    };
    let url = if opts.bind.is_unspecified() {
        format!("http://{host}:{}/", addr.port())
    } else {
        format!("http://{host}/")
    };

    // Watch before the first build, so an edit made while it runs is not missed.
    let mut watcher = match Watch::new(&root, tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", root.display());
            return 2;
        }
    };
    let hub = Arc::new(Hub::default());
    let started = Instant::now();
    let (mut dev, first) = DevBuild::new(&root, &out.0, &url);
    report(&root, &hub, &first, started.elapsed());
    let served = Arc::new(Served {
        root: out.0.clone(),
        hub: hub.clone(),
    });
    let http = match HttpServer::start(listener, served) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return 2;
        }
    };
    println!("Dev build in {} (removed on exit)", out.0.display());
    println!("Serving {} at {url} (Ctrl-C to stop)", root.display());
    if opts.open {
        open_browser(&url);
    }

    loop {
        let first = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(Msg::Fs(paths)) => paths,
            Ok(Msg::Stop) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                hub.ping();
                continue;
            }
        };
        let noticed = Instant::now();
        let (mut paths, stopping) = watch::debounce(&rx, first);
        if stopping {
            break;
        }
        // A `static/` or `templates/` folder may just have been created: watch it, and take
        // what is already in it as changed.
        match watcher.refresh() {
            Ok(found) => paths.extend(found),
            Err(e) => eprintln!("warning: cannot watch a new folder: {e}"),
        }
        let Some(change) = watch::classify(&root, &paths) else {
            continue;
        };
        let outcome = dev.apply(&change, &mut |first| {
            println!(
                "{} ready {} ms after the save",
                first.first().map_or("", String::as_str),
                noticed.elapsed().as_millis()
            );
            hub.reload(Some(first));
        });
        report(&root, &hub, &outcome, noticed.elapsed());
    }
    println!("Stopping.");
    http.stop();
    drop(out);
    0
}

/// Print the findings as `check` does and tell the pages.
fn report(root: &Path, hub: &Hub, outcome: &Outcome, took: Duration) {
    let mut printer = Printer::new(root, Printer::color_wanted(std::io::stdout().is_terminal()));
    let print = |printer: &mut Printer, diags: &[Diagnostic]| {
        for d in diags {
            println!("{}", printer.render(d));
        }
    };
    match outcome {
        Outcome::Built {
            diagnostics,
            reports,
            files,
            changed,
            css_only,
            edited_errors,
        } => {
            print(&mut printer, diagnostics);
            println!(
                "{}\nwrote {files} file(s) in {} ms",
                diagnostics::summary_line(*reports, diagnostics),
                took.as_millis()
            );
            if *css_only {
                hub.css();
            } else {
                hub.reload(changed.clone());
            }
            if !edited_errors.is_empty() {
                hub.error(edited_errors.iter().map(OverlayItem::from).collect());
            }
        }
        Outcome::Failed {
            diagnostics,
            reports,
            problem,
        } => {
            print(&mut printer, diagnostics);
            println!("{}", diagnostics::summary_line(*reports, diagnostics));
            let mut items: Vec<OverlayItem> = diagnostics
                .iter()
                .filter(|d| d.severity() == Severity::Error)
                .map(OverlayItem::from)
                .collect();
            if let Some(p) = problem {
                eprintln!("error: {p}");
                items.push(OverlayItem {
                    file: "templates".into(),
                    line: None,
                    severity: "error",
                    rule: "build",
                    message: p.clone(),
                });
            }
            println!("not rebuilt: still serving the last good build");
            hub.error(items);
        }
    }
}

/// `--open`: best effort; the URL is printed anyway.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("warning: cannot open a browser ({program}: {e}); open {url} yourself");
    }
}
