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
use crate::serve::rebuild::{DevBuild, Outcome, PassDone, Rest};
use crate::serve::reload::{self, Hub, OverlayItem};
use crate::serve::server::{self, HttpServer, Served};
use crate::serve::sitewide::Pass;
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

    // Site-wide passes say on the same channel when they end.
    let passes = tx.clone();
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
    dev.show_through(hub.shown().clone());
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
    let config = crate::config::SiteConfig::load(&root).ok();
    let site_lang = config.as_ref().map_or(lang, |c| c.lang());
    let limits = config.map(|c| c.serve).unwrap_or_default();
    if let Some(name) = limits.zero() {
        let m = msg!("serve-limit-zero", name = name);
        eprintln!("{}{}", i18n::t(lang, "label-error"), m.text(lang));
        return 2;
    }
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
        limits,
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
    let mut edits = Edits {
        root: &root,
        rx: &rx,
        passes,
        watcher: &mut watcher,
        dev: &mut dev,
        hub: &hub,
        newer: &newer,
        pass: None,
    };
    edits.serve();
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

/// The serve loop: what it reads edits from, rebuilds and tells.
struct Edits<'e> {
    root: &'e Path,
    rx: &'e mpsc::Receiver<Msg>,
    /// Given to each site-wide pass, to say when it ends.
    passes: mpsc::Sender<Msg>,
    watcher: &'e mut Watch,
    dev: &'e mut DevBuild,
    hub: &'e Hub,
    newer: &'e AtomicBool,
    /// The site-wide pass running, if any: at most one at a time.
    pass: Option<Pass<PassDone>>,
}

impl Edits<'_> {
    /// Rebuild on every batch of edits until Ctrl-C; ping the pages when nothing happens. After a
    /// save of reports, their own pages are written first, then a site-wide pass renders the
    /// pages that list or sum them; a newer save cancels that pass instead of waiting for it, and
    /// one pass for every save since starts when it has stopped.
    fn serve(&mut self) {
        loop {
            if self.pass.as_ref().is_some_and(Pass::is_finished) {
                self.end_pass();
            }
            if self.pass.is_none() {
                let tx = self.passes.clone();
                self.pass = self.dev.site_wide(move || {
                    let _ = tx.send(Msg::Rendered);
                });
            }
            let first = match self.rx.recv_timeout(Duration::from_secs(15)) {
                Ok(Msg::Fs(paths)) => paths,
                // A file closed without an edit before it (or after its batch): nothing to do.
                Ok(Msg::Rendered | Msg::Closed(_)) => continue,
                Ok(Msg::Stop) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    self.hub.ping();
                    continue;
                }
            };
            if !self.edit(first) {
                break;
            }
        }
        // The dev folder is removed next: the pass must not write into it meanwhile.
        if let Some(pass) = self.pass.take() {
            pass.cancel();
            pass.join();
        }
    }

    /// Rebuild after a batch of edits that began with `first`; false: stop.
    fn edit(&mut self, first: Vec<PathBuf>) -> bool {
        let noticed = Instant::now();
        let (mut paths, stopping) = watch::debounce(self.rx, first);
        if stopping {
            return false;
        }
        // Events from here on are a newer edit: a rebuild on this thread may leave the pages
        // that only list or sum the reports to the next one.
        self.newer.store(false, Ordering::Relaxed);
        // A `static/` or `templates/` folder may just have been created: watch it, and take
        // what is already in it as changed.
        match self.watcher.refresh() {
            Ok(found) => paths.extend(found),
            Err(e) => error::warn(&msg!("serve-watch-new-folder", reason = e.to_string())),
        }
        let saved = saved_files(self.root, &paths);
        let Some(change) = watch::classify(self.root, &paths) else {
            return true;
        };
        // The pass renders pages from the site before this edit: its work is stale now.
        if let Some(pass) = &self.pass {
            pass.cancel();
        }
        let hub = self.hub;
        let mut early = |first: Vec<String>| {
            let ready = msg!(
                "serve-ready",
                page = first.first().map_or("", String::as_str),
                ms = noticed.elapsed().as_millis() as u64
            );
            println!("{}", ready.text(cli_lang()));
            hub.reload(Some(first));
        };
        let outcome = match self.dev.save(&change, &mut early) {
            Some(outcome) => outcome,
            None => {
                // Everything, or static files: on this thread, once the pass has stopped.
                if self.pass.is_some() {
                    self.end_pass();
                }
                let newer = self.newer;
                self.dev
                    .apply(&change, &mut early, &|| newer.load(Ordering::Relaxed))
            }
        };
        let has_build = self.dev.has_build();
        report(
            self.root,
            self.hub,
            &outcome,
            noticed.elapsed(),
            Run::Edit(&saved),
            has_build,
        );
        true
    }

    /// Wait for the pass to end, and announce the pages it wrote; when it brought the site up
    /// to date, say so.
    fn end_pass(&mut self) {
        let Some(pass) = self.pass.take() else {
            return;
        };
        let started = pass.started;
        let lang = cli_lang();
        match self.dev.finish(pass.join()) {
            Ok(done) => {
                if !done.changed.is_empty() {
                    self.hub.reload_more(done.changed);
                }
                if done.current {
                    let ms = started.elapsed().as_millis() as u64;
                    println!(
                        "{}",
                        msg!("serve-wrote", files = done.files, ms = ms).text(lang)
                    );
                }
            }
            Err(problem) => {
                error::report(&problem);
                println!("{}", i18n::t(lang, "serve-not-rebuilt"));
                let title = i18n::t(lang, "serve-overlay-kept");
                self.hub
                    .overlay(vec![problem_item(&problem, lang)], Some(title));
            }
        }
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
            rest,
        } => {
            let summary = if matches!(run, Run::First) {
                first_run_summary(*reports, diagnostics, lang)
            } else {
                print(&mut printer, diagnostics);
                diagnostics::summary_line(*reports, diagnostics, lang)
            };
            match rest {
                // The saved reports' pages were announced as soon as written; the pass that
                // renders the rest says when it ends.
                Rest::Pass => println!("{summary}"),
                Rest::Deferred => {
                    println!("{summary}\n{}", i18n::t(lang, "serve-deferred"));
                    let pages = changed.iter().flatten().cloned().collect::<Vec<_>>();
                    if !pages.is_empty() {
                        hub.reload(Some(pages));
                    }
                }
                Rest::Written => {
                    let ms = took.as_millis() as u64;
                    let wrote = msg!("serve-wrote", files = *files, ms = ms);
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
            } else if *rest == Rest::Pass {
                // No reload cleared the overlay if the save had no page (a report deleted).
                hub.overlay(vec![], None);
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
                items.push(problem_item(p, lang));
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

/// The overlay's line for a failure that is not about content (a template error, a disk error).
fn problem_item(problem: &Error, lang: Lang) -> OverlayItem {
    OverlayItem {
        file: "templates".into(),
        line: None,
        severity: Severity::Error.label(lang),
        rule: "build",
        message: problem.message().text(lang),
        saved: false,
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
