//! `gongkai serve [SITE] [--port 1111] [--bind 127.0.0.1] [--open]`: the command-line side of
//! [`crate::serve`]: it opens the port and the temporary folder, starts the dev build, the server
//! and the watcher, and prints what each rebuild did. The work itself is in `crate::serve`.

use crate::diagnostics::{self, Diagnostic, Printer};
use crate::error::{self, Error};
use crate::i18n::{self, Lang, cli_lang};
use crate::msg;
use crate::schema::Severity;
use crate::serve::TempDir;
use crate::serve::editor::Editor;
use crate::serve::rebuild::{DevBuild, Outcome};
use crate::serve::reload::{self, Hub, OverlayItem};
use crate::serve::server::{self, HttpServer, Served};
use crate::serve::watch::{self, Msg, Watch};
use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub struct Options {
    pub site: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
}

/// What serving needs before the first build: the site, the port, the dev build's folder and
/// the address pages are served at.
struct Session {
    root: PathBuf,
    listener: TcpListener,
    out: TempDir,
    url: String,
}

pub fn run(opts: &Options) -> i32 {
    // Signals first: a Ctrl-C that arrives while the temporary folder is being created or the
    // first build runs is queued, and the loop below exits cleanly on it.
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    // Set by the watcher on every edit and by Ctrl-C: a rebuild still running leaves the pages
    // that sum every report to the next one, or stops.
    let newer = Arc::new(AtomicBool::new(false));
    let stopping = newer.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        stopping.store(true, Ordering::Relaxed);
        let _ = stop.send(Msg::Stop);
    }) {
        return error::report(&Error::Signals(e.to_string()));
    }
    let Session {
        root,
        listener,
        out,
        url,
    } = match open_session(opts) {
        Ok(s) => s,
        Err(e) => return error::report(&e),
    };
    let lang = cli_lang();

    // Watch before the first build, so an edit made while it runs is not missed.
    let mut watcher = match Watch::new(&root, tx, newer.clone()) {
        Ok(w) => w,
        Err(e) => {
            let folder = root.clone();
            return error::report(&Error::Watch {
                folder,
                reason: e.to_string(),
            });
        }
    };
    let hub = Arc::new(Hub::default());
    let started = Instant::now();
    // The build goes into a folder inside the private (0700) temporary one: a build swaps its
    // output folder for a new one, which would not keep the mode.
    let dev_out = out.0.join("site");
    let (mut dev, first) = DevBuild::new(&root, &dev_out, &url);
    report(
        &root,
        &hub,
        &first,
        started.elapsed(),
        Run::First,
        dev.has_build(),
    );
    let addr = listener.local_addr();
    let port = addr.as_ref().map_or(opts.port, SocketAddr::port);
    let site_lang = crate::config::SiteConfig::load(&root).map_or(lang, |c| c.lang());
    let editor = match std::fs::create_dir_all(&dev_out)
        .and_then(|()| Editor::new(&root, &dev_out, port, hub.clone(), site_lang))
    {
        Ok(e) => e,
        Err(e) => return error::report(&Error::io(&dev_out, e)),
    };
    let edit_url = format!("{url}?token={}", editor.secret());
    let served = Arc::new(Served {
        root: dev_out.clone(),
        hub: hub.clone(),
        editor: Some(editor),
    });
    let http = match HttpServer::start(listener, served) {
        Ok(s) => s,
        Err(source) => {
            let addr = addr.unwrap_or_else(|_| SocketAddr::new(opts.bind, opts.port));
            return error::report(&Error::Listen { addr, source });
        }
    };
    let dev_folder = dev_out.display().to_string();
    println!(
        "{}",
        msg!("serve-dev-build", folder = dev_folder).text(lang)
    );
    let site = root.display().to_string();
    println!(
        "{}",
        msg!("serve-serving", site = site, url = &url).text(lang)
    );
    println!("{}", msg!("serve-editor-link", url = &edit_url).text(lang));
    if opts.open {
        open_browser(&edit_url);
    }
    serve_edits(&root, &rx, &mut watcher, &mut dev, &hub, &newer);
    println!("{}", i18n::t(lang, "serve-stopping"));
    http.stop();
    drop(out);
    0
}

/// The site folder, the listening socket, the temporary folder and the URL; or why not.
fn open_session(opts: &Options) -> Result<Session, Error> {
    let root = match std::fs::canonicalize(&opts.site) {
        Ok(r) if r.is_dir() => r,
        _ => return Err(Error::NotASite(opts.site.clone())),
    };
    // Without --lang or a locale, the site's language is the command line's too.
    if let Ok(config) = crate::config::SiteConfig::load(&root) {
        i18n::follow_site(config.lang());
    }
    if !opts.bind.is_loopback() {
        error::warn(&msg!("serve-exposed", addr = opts.bind.to_string()));
    }
    let wanted = SocketAddr::new(opts.bind, opts.port);
    let listener = server::bind(wanted)?;
    let addr = listener.local_addr().map_err(|source| Error::Listen {
        addr: wanted,
        source,
    })?;
    let out = TempDir::new().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let url = if opts.bind.is_unspecified() {
        format!("http://localhost:{}/", addr.port())
    } else {
        format!("http://{}/", SocketAddr::new(opts.bind, addr.port()))
    };
    Ok(Session {
        root,
        listener,
        out,
        url,
    })
}

/// Rebuild on every batch of edits until Ctrl-C; ping the pages when nothing happens.
fn serve_edits(
    root: &Path,
    rx: &mpsc::Receiver<Msg>,
    watcher: &mut Watch,
    dev: &mut DevBuild,
    hub: &Hub,
    newer: &AtomicBool,
) {
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
        let (mut paths, stopping) = watch::debounce(rx, first);
        if stopping {
            break;
        }
        // Events from here on are a newer edit: the rebuild below may leave the pages that only
        // list or sum the reports to the next one.
        newer.store(false, Ordering::Relaxed);
        // A `static/` or `templates/` folder may just have been created: watch it, and take
        // what is already in it as changed.
        match watcher.refresh() {
            Ok(found) => paths.extend(found),
            Err(e) => error::warn(&msg!("serve-watch-new-folder", reason = e.to_string())),
        }
        let saved = saved_files(root, &paths);
        let Some(change) = watch::classify(root, &paths) else {
            continue;
        };
        let outcome = dev.apply(
            &change,
            &mut |first| {
                let ready = msg!(
                    "serve-ready",
                    page = first.first().map_or("", String::as_str),
                    ms = noticed.elapsed().as_millis() as u64
                );
                println!("{}", ready.text(cli_lang()));
                hub.reload(Some(first));
            },
            &|| newer.load(Ordering::Relaxed),
        );
        let has_build = dev.has_build();
        report(
            root,
            hub,
            &outcome,
            noticed.elapsed(),
            Run::Edit(&saved),
            has_build,
        );
    }
}

/// The saved files as diagnostics name them (relative to the site, `/`-separated), so the
/// overlay can show their findings first.
fn saved_files(root: &Path, paths: &BTreeSet<PathBuf>) -> Vec<String> {
    paths
        .iter()
        .filter_map(|p| p.strip_prefix(root).ok())
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}

/// Which build is reported: the first one, or one after a save of these files.
#[derive(Clone, Copy)]
enum Run<'a> {
    First,
    Edit(&'a [String]),
}

/// The first run's summary instead of every finding, so that the URL is not pushed off the
/// screen by hundreds of lines: how many reports, how many with findings, how to see them.
fn first_run_summary(reports: usize, diagnostics: &[Diagnostic], lang: Lang) -> String {
    let files: BTreeSet<&str> = diagnostics.iter().map(|d| d.file.as_str()).collect();
    let m = msg!(
        "serve-first-summary",
        reports = reports,
        files = files.len(),
        errors = diagnostics::count(diagnostics, Severity::Error),
        warnings = diagnostics::count(diagnostics, Severity::Warning)
    );
    m.text(lang)
}

/// Print the findings as `check` does (after the first build, a summary only) and tell the
/// pages. `has_build`: some build is being served (else there is no "last good build").
fn report(root: &Path, hub: &Hub, outcome: &Outcome, took: Duration, run: Run, has_build: bool) {
    let lang = cli_lang();
    let color = Printer::color_wanted(std::io::stdout().is_terminal());
    let mut printer = Printer::new(root, color, lang);
    let print = |printer: &mut Printer, diags: &[Diagnostic]| {
        for d in diags {
            if matches!(run, Run::First) && d.severity() != Severity::Error {
                continue;
            }
            println!("{}", printer.render(d));
        }
    };
    let saved = match run {
        Run::First => &[][..],
        Run::Edit(saved) => saved,
    };
    match outcome {
        Outcome::Built {
            diagnostics,
            reports,
            files,
            changed,
            css_only,
            edited_errors,
            refused,
            interrupted,
        } => {
            let summary = if matches!(run, Run::First) {
                first_run_summary(*reports, diagnostics, lang)
            } else {
                print(&mut printer, diagnostics);
                diagnostics::summary_line(*reports, diagnostics, lang)
            };
            if *interrupted {
                println!("{summary}\n{}", i18n::t(lang, "serve-deferred"));
            } else {
                let wrote = msg!("serve-wrote", files = *files, ms = took.as_millis() as u64);
                println!("{summary}\n{}", wrote.text(lang));
                if *css_only {
                    hub.css();
                    let pages = changed.iter().flatten().filter(|p| p.ends_with(".html"));
                    if pages.clone().next().is_some() {
                        hub.reload(Some(pages.cloned().collect()));
                    }
                } else {
                    hub.reload(changed.clone());
                }
            }
            if !refused.is_empty() {
                println!("{}", would_refuse(refused).text(lang));
            }
            let mut errors = refused.clone();
            errors.extend(edited_errors.iter().cloned());
            diagnostics::sort(&mut errors);
            if !errors.is_empty() {
                let title = if refused.is_empty() {
                    i18n::t(lang, "serve-overlay-published")
                } else {
                    msg!("serve-overlay-refused", count = refused.len()).text(lang)
                };
                let items = errors.iter().map(OverlayItem::from).collect();
                hub.overlay(reload::saved_first(items, saved), Some(title));
            }
        }
        Outcome::Failed {
            diagnostics,
            reports,
            problem,
        } => {
            print(&mut printer, diagnostics);
            println!("{}", diagnostics::summary_line(*reports, diagnostics, lang));
            let mut items: Vec<OverlayItem> = diagnostics
                .iter()
                .filter(|d| d.severity() == Severity::Error)
                .map(OverlayItem::from)
                .collect();
            if let Some(p) = problem {
                error::report(p);
                items.push(OverlayItem {
                    file: "templates".into(),
                    line: None,
                    severity: Severity::Error.label(lang),
                    rule: "build",
                    message: p.message().text(lang),
                    saved: false,
                });
            }
            let (next, title) = if has_build {
                ("serve-not-rebuilt", "serve-overlay-kept")
            } else {
                ("serve-no-good-build", "serve-overlay-nothing")
            };
            println!("{}", i18n::t(lang, next));
            let title = i18n::t(lang, title);
            hub.overlay(reload::saved_first(items, saved), Some(title));
        }
    }
}

/// What `gongkai build` would say of the site as it is: how many errors in how many files stop
/// it. The preview shows the pages anyway, so the terminal says it after every rebuild (the
/// line above counts only the files just saved).
fn would_refuse(refused: &[Diagnostic]) -> crate::i18n::Msg {
    let files: BTreeSet<&str> = refused.iter().map(|d| d.file.as_str()).collect();
    msg!(
        "serve-would-refuse",
        errors = refused.len(),
        files = files.len()
    )
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
        error::warn(&msg!(
            "serve-no-browser",
            program = program,
            reason = error::io_reason(&e),
            url = url
        ));
    }
}
