//! Live reload: a Server-Sent Events stream at [`EVENTS_PATH`] and the small script every served
//! HTML page gets (at serve time: the built files never contain it).
//!
//! Events: `hello` (sent on connect: the current build version and errors, and whether a rebuild
//! since the version the page was served with rewrote that page, so a page that missed it while
//! disconnected catches up, and one that did not is left alone), `reload`, `css` (stylesheets changed: swap them
//! without a reload) and `error` (the last edit broke the build: show the overlay). SSE needs no
//! dependency on either side and reconnects by itself.

use crate::diagnostics::Diagnostic;
use crate::i18n::{self, cli_lang};
use crate::msg;
use crate::render::esc;
use serde::Serialize;
use std::io::Write;
use std::sync::{Arc, Mutex};

pub const EVENTS_PATH: &str = "/__gongkai/events";

/// One finding as the overlay shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OverlayItem {
    pub file: String,
    pub line: Option<u32>,
    /// 错误 / error, in the command line's language.
    pub severity: String,
    pub rule: &'static str,
    pub message: String,
    /// About a file of the save that triggered this build: shown first, the others folded.
    pub saved: bool,
}

/// The overlay speaks the command line's language: it is for the editor running `serve`.
impl From<&Diagnostic> for OverlayItem {
    fn from(d: &Diagnostic) -> Self {
        let lang = cli_lang();
        OverlayItem {
            file: d.file.clone(),
            line: d.line,
            severity: d.severity().label(lang),
            rule: d.rule.code(),
            message: d.message.text(lang),
            saved: false,
        }
    }
}

/// Put the findings about the files just saved (paths relative to the site, as diagnostics name
/// them) first and mark them: a typo in the file being edited must not be the 13th of 17 items.
/// The order is otherwise kept.
pub fn saved_first(items: Vec<OverlayItem>, saved: &[String]) -> Vec<OverlayItem> {
    let (mut first, rest): (Vec<_>, Vec<_>) = items
        .into_iter()
        .map(|mut i| {
            i.saved = saved.contains(&i.file);
            i
        })
        .partition(|i| i.saved);
    first.extend(rest);
    first
}

/// What the pages should show: which build they are from and what is broken.
#[derive(Clone, Debug, Default, Serialize)]
pub struct State {
    /// Bumped on every successful rebuild; pages compare it with the one they were served with.
    pub version: u64,
    /// The errors the overlay lists: those `gongkai build` would refuse, and those of the files
    /// just saved. Empty: no overlay.
    pub errors: Vec<OverlayItem>,
    /// The overlay's first line: what the pages show and what `build` would do (see
    /// `commands::serve`); `None`: a general one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The output paths each recent version rewrote (`None`: every page), oldest first, so that
    /// `hello` can tell a page whether it missed a rebuild of itself. A rebuild announces the
    /// edited page first and the pages that list it later: a page loaded between the two must
    /// not reload again for the second.
    #[serde(skip)]
    history: std::collections::VecDeque<(u64, Option<Vec<String>>)>,
}

/// How many versions `hello` can look back; a page older than that reloads.
const HISTORY: usize = 64;

impl State {
    fn record(&mut self, paths: Option<Vec<String>>) {
        self.errors.clear();
        self.title = None;
        self.record_more(paths);
    }

    /// [`State::record`] for pages a rebuild renders after it announced the saved ones: the
    /// overlay set meanwhile is that rebuild's, and stays.
    fn record_more(&mut self, paths: Option<Vec<String>>) {
        self.version += 1;
        if self.history.len() == HISTORY {
            self.history.pop_front();
        }
        self.history.push_back((self.version, paths));
    }

    /// Whether a page served with version `since` from output path `page` is out of date.
    pub fn stale(&self, since: u64, page: &str) -> bool {
        if since >= self.version {
            return false;
        }
        let oldest = self.history.front().map_or(u64::MAX, |(v, _)| *v);
        since + 1 < oldest
            || self.history.iter().any(|(v, paths)| {
                *v > since && paths.as_ref().is_none_or(|p| p.iter().any(|x| x == page))
            })
    }
}

/// Event streams held at once. They count in the server's connection bound; a page more (many
/// tabs, or a script opening streams) drops the oldest, whose page reconnects by itself when it
/// is still open.
pub const MAX_STREAMS: usize = 32;

/// One connected page: where events are written, and the socket to probe for a page that went
/// away (absent for the test sinks).
struct Client {
    w: Box<dyn Write + Send>,
    probe: Option<std::net::TcpStream>,
}

impl Client {
    /// Whether the page closed its stream: the socket reads as ended (a page never sends
    /// anything on it), or failed.
    fn gone(&self) -> bool {
        let Some(s) = &self.probe else { return false };
        if s.set_nonblocking(true).is_err() {
            return true;
        }
        let mut byte = [0u8; 1];
        let gone = match s.peek(&mut byte) {
            Ok(_) => true,
            Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
        };
        let _ = s.set_nonblocking(false);
        gone
    }

    fn close(&self) {
        if let Some(s) = &self.probe {
            let _ = s.shutdown(std::net::Shutdown::Both);
        }
    }
}

/// The connected event streams and the state they follow. The two are behind separate locks so
/// serving a page never waits on a socket write.
#[derive(Default)]
pub struct Hub {
    state: Mutex<State>,
    clients: Mutex<std::collections::VecDeque<Client>>,
    /// The saved reports' files not yet on disk (see [`super::shown`]).
    shown: Arc<super::shown::Shown>,
}

impl Hub {
    /// The saved reports' files served from memory until they are on disk.
    pub fn shown(&self) -> &Arc<super::shown::Shown> {
        &self.shown
    }

    pub fn state(&self) -> State {
        self.state.lock().expect("hub state").clone()
    }

    /// Take over a client's connection (see [`Hub::subscribe`]), probing it for a closed page.
    pub fn subscribe_stream(&self, query: &str, stream: std::net::TcpStream) {
        let probe = stream.try_clone().ok();
        self.subscribe_client(query, Box::new(stream), probe);
    }

    /// Take over a connection: answer with the event-stream headers and the current state, and
    /// keep it for later events. `query` is the stream's query string, where the page script
    /// names the version it was served with and its output path (`since=3&page=2023/x/index.html`).
    pub fn subscribe(&self, query: &str, w: Box<dyn Write + Send>) {
        self.subscribe_client(query, w, None);
    }

    fn subscribe_client(
        &self,
        query: &str,
        mut w: Box<dyn Write + Send>,
        probe: Option<std::net::TcpStream>,
    ) {
        // The list is held from the state's snapshot until the stream is in it: an event sent
        // in between would otherwise reach neither the hello (taken before it) nor the stream
        // (not yet listed). A broadcast waits for this lock, so the page gets every event after
        // its hello, and at worst one twice (harmless: events carry the version).
        let mut clients = self.clients.lock().expect("hub clients");
        let hello = {
            let s = self.state.lock().expect("hub state");
            let (mut since, mut page) = (None, String::new());
            for (k, v) in query.split('&').filter_map(|kv| kv.split_once('=')) {
                match k {
                    "since" => since = v.parse::<u64>().ok(),
                    "page" => page = super::http::percent_decode(v).unwrap_or_default(),
                    _ => {}
                }
            }
            #[derive(Serialize)]
            struct Hello<'a> {
                #[serde(flatten)]
                state: &'a State,
                stale: bool,
            }
            let stale = since.is_none_or(|v| s.stale(v, &page));
            let data = serde_json::to_string(&Hello { state: &s, stale }).expect("serializes");
            format!("event: hello\ndata: {data}\n\n")
        };
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                    Cache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 1000\n\n";
        let ok = w.write_all(head.as_bytes()).is_ok()
            && w.write_all(hello.as_bytes()).is_ok()
            && w.flush().is_ok();
        if ok {
            clients.retain(|c| !c.gone());
            while clients.len() >= MAX_STREAMS {
                if let Some(oldest) = clients.pop_front() {
                    oldest.close();
                }
            }
            clients.push_back(Client { w, probe });
        }
    }

    /// How many event streams are held.
    pub fn streams(&self) -> usize {
        self.clients.lock().expect("hub clients").len()
    }

    /// Drop the streams whose page went away.
    pub fn sweep(&self) {
        self.clients
            .lock()
            .expect("hub clients")
            .retain(|c| !c.gone());
    }

    /// Close every stream (the server stops).
    pub fn close_all(&self) {
        for c in self.clients.lock().expect("hub clients").drain(..) {
            c.close();
        }
    }

    /// The site was rebuilt: the pages built from these output paths (`None`: every page)
    /// reload; the others only drop the overlay.
    pub fn reload(&self, paths: Option<Vec<String>>) {
        self.announce(paths, false);
    }

    /// The pages that list or sum the saved reports, rendered after the saved reports' own pages
    /// were announced ([`Hub::reload`]): they reload, and the overlay stays as it is.
    pub fn reload_more(&self, paths: Vec<String>) {
        self.announce(Some(paths), true);
    }

    fn announce(&self, paths: Option<Vec<String>>, keep_overlay: bool) {
        let s = self.update(|s| match keep_overlay {
            true => s.record_more(paths.clone()),
            false => s.record(paths.clone()),
        });
        #[derive(Serialize)]
        struct Reload<'a> {
            #[serde(flatten)]
            state: &'a State,
            paths: Option<Vec<String>>,
        }
        let data = serde_json::to_string(&Reload { state: &s, paths }).expect("serializes");
        self.broadcast(&format!("event: reload\ndata: {data}\n\n"));
    }

    /// Only stylesheets changed: pages swap them in place.
    pub fn css(&self) {
        // A page that missed a stylesheet swap reloads to catch up.
        let s = self.update(|s| s.record(None));
        self.broadcast(&event("css", &s));
    }

    /// Show the overlay with these errors under the general title.
    pub fn error(&self, errors: Vec<OverlayItem>) {
        self.overlay(errors, None);
    }

    /// Show the overlay with these errors, under `title`: what the pages show and what
    /// `build` would refuse.
    pub fn overlay(&self, errors: Vec<OverlayItem>, title: Option<String>) {
        let s = self.update(|s| {
            s.errors = errors;
            s.title = title;
        });
        self.broadcast(&event("error", &s));
    }

    /// A comment line, so streams of closed tabs are noticed and dropped.
    pub fn ping(&self) {
        self.broadcast(": ping\n\n");
    }

    fn update(&self, f: impl FnOnce(&mut State)) -> State {
        let mut s = self.state.lock().expect("hub state");
        f(&mut s);
        s.clone()
    }

    fn broadcast(&self, message: &str) {
        let mut clients = self.clients.lock().expect("hub clients");
        clients.retain_mut(|c| {
            !c.gone() && c.w.write_all(message.as_bytes()).is_ok() && c.w.flush().is_ok()
        });
    }
}

fn event(name: &str, state: &State) -> String {
    let data = serde_json::to_string(state).expect("state serializes");
    format!("event: {name}\ndata: {data}\n\n")
}

/// The page script. `__VERSION__` is replaced by the version the page was served with.
const SCRIPT: &str = r#"<script>/* gongkai serve: live reload */(function () {
  var version = __VERSION__;
  function overlay(items, title) {
    var old = document.getElementById("gongkai-overlay");
    if (old) old.remove();
    if (!items.length) return;
    var box = document.createElement("div");
    box.id = "gongkai-overlay";
    box.setAttribute("style", "__STYLE__");
    var h = document.createElement("strong");
    h.textContent = title || "__TITLE__";
    box.appendChild(h);
    function list(part) {
      var ul = document.createElement("ul");
      part.forEach(function (d) {
        var li = document.createElement("li");
        var where = document.createElement("code");
        where.textContent = d.file + (d.line ? ":" + d.line : "");
        li.appendChild(where);
        li.appendChild(document.createTextNode(" " + d.severity + "[" + d.rule + "]: " + d.message));
        ul.appendChild(li);
      });
      return ul;
    }
    // The files just saved first; the others folded under a summary (see overlay_html).
    var saved = items.filter(function (d) { return d.saved; });
    var others = items.filter(function (d) { return !d.saved; });
    if (!saved.length) { box.appendChild(list(others)); } else {
      box.appendChild(list(saved));
      if (others.length) {
        var more = document.createElement("details");
        var sum = document.createElement("summary");
        sum.textContent = "__OTHERS__".replace("{n}", others.length);
        more.appendChild(sum);
        more.appendChild(list(others));
        box.appendChild(more);
      }
    }
    document.body.appendChild(box);
  }
  // The output file this page was served from: /2023/x/ → 2023/x/index.html.
  var here = decodeURIComponent(location.pathname).replace(/^\//, "");
  if (here === "" || here.slice(-1) === "/") here += "index.html";
  var events = new EventSource("__EVENTS__?since=" + version + "&page=" + encodeURIComponent(here));
  events.addEventListener("hello", function (e) {
    var s = JSON.parse(e.data);
    if (s.stale) { location.reload(); return; }
    version = s.version;
    overlay(s.errors, s.title);
  });
  events.addEventListener("reload", function (e) {
    var s = JSON.parse(e.data);
    if (!s.paths || s.paths.indexOf(here) >= 0) { location.reload(); return; }
    version = s.version;
    overlay(s.errors, s.title);
  });
  events.addEventListener("error", function (e) {
    var s = JSON.parse(e.data);
    overlay(s.errors, s.title);
  });
  events.addEventListener("css", function (e) {
    var s = JSON.parse(e.data);
    version = s.version;
    overlay(s.errors, s.title);
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("gongkai", s.version);
      var fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.onload = function () { link.remove(); };
      link.after(fresh);
    });
  });
})();</script>"#;

const OVERLAY_STYLE: &str = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;\
z-index:2147483647;margin:0;padding:1em 1.5em;background:#fff4f4;color:#600;\
border-top:4px solid #c00;font:14px/1.5 monospace;white-space:pre-wrap";

/// Add the live-reload script, and the overlay when the build is broken, to an HTML page: before
/// `</body>` when there is one, else at the end.
pub fn inject(html: &str, state: &State) -> String {
    let script = SCRIPT
        .replace("__VERSION__", &state.version.to_string())
        .replace("__STYLE__", OVERLAY_STYLE)
        .replace(
            "\"__TITLE__\"",
            &serde_json::to_string(&overlay_title()).unwrap_or_default(),
        )
        .replace(
            "\"__OTHERS__\"",
            &serde_json::to_string(&others_summary(None)).unwrap_or_default(),
        )
        .replace("__EVENTS__", EVENTS_PATH);
    let mut extra = overlay_html(&state.errors, state.title.as_deref());
    extra.push_str(&script);
    let at = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + extra.len());
    out.push_str(&html[..at]);
    out.push_str(&extra);
    out.push_str(&html[at..]);
    out
}

/// The overlay as markup, so it is there even before the script runs. Every piece of it comes
/// from content (file names, messages quoting cells), so every piece is escaped.
fn overlay_html(items: &[OverlayItem], title: Option<&str>) -> String {
    if items.is_empty() {
        return String::new();
    }
    let title = title.map_or_else(overlay_title, String::from);
    let mut s = format!(
        "<div id=\"gongkai-overlay\" style=\"{OVERLAY_STYLE}\"><strong>{}</strong>",
        esc(&title)
    );
    let (saved, others): (Vec<&OverlayItem>, Vec<&OverlayItem>) =
        items.iter().partition(|d| d.saved);
    if saved.is_empty() {
        s.push_str(&list_html(&others));
    } else {
        s.push_str(&list_html(&saved));
        if !others.is_empty() {
            let summary = others_summary(Some(others.len()));
            s.push_str(&format!(
                "<details><summary>{}</summary>{}</details>",
                esc(&summary),
                list_html(&others)
            ));
        }
    }
    s.push_str("</div>");
    s
}

fn list_html(items: &[&OverlayItem]) -> String {
    let mut s = String::from("<ul>");
    for d in items {
        let line = d.line.map(|l| format!(":{l}")).unwrap_or_default();
        s.push_str(&format!(
            "<li><code>{}{line}</code> {}[{}]: {}</li>",
            esc(&d.file),
            esc(&d.severity),
            esc(d.rule),
            esc(&d.message)
        ));
    }
    s.push_str("</ul>");
    s
}

/// The summary of the folded findings about files other than the ones just saved; `None`: with
/// `{n}` for the page script to fill in.
fn others_summary(count: Option<usize>) -> String {
    let m = match count {
        Some(n) => msg!("serve-overlay-others", count = n),
        None => msg!("serve-overlay-others", count = "{n}"),
    };
    m.text(cli_lang())
}

fn overlay_title() -> String {
    i18n::t(cli_lang(), "serve-overlay-title")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(message: &str) -> OverlayItem {
        OverlayItem {
            file: "content/2023/<x>.md".into(),
            line: Some(41),
            severity: "error".into(),
            rule: "R-T4",
            message: message.into(),
            saved: false,
        }
    }

    #[test]
    fn the_file_just_saved_comes_first_and_the_others_are_folded() {
        let mut other = item("另一文件的错误");
        other.file = "content/2023/a.md".into();
        let mut toml = item("toml typo");
        toml.file = "content/departments.toml".into();
        let items = saved_first(
            vec![other.clone(), other, toml],
            &["content/departments.toml".into()],
        );
        assert_eq!(items[0].message, "toml typo");
        assert!(items[0].saved && !items[1].saved);
        let out = inject(
            "<body></body>",
            &State {
                version: 1,
                errors: items,
                ..State::default()
            },
        );
        let typo = out.find("toml typo").unwrap();
        let folded = out.find("<details><summary>").unwrap();
        assert!(
            typo < folded && folded < out.find("另一文件的错误").unwrap(),
            "{out}"
        );
    }

    #[test]
    fn the_overlay_says_what_it_was_given_to_say() {
        let hub = Hub::default();
        hub.overlay(vec![item("bad")], Some("<预览> 全部页面".into()));
        let page = inject("<body></body>", &hub.state());
        assert!(
            page.contains("<strong>&lt;预览&gt; 全部页面</strong>"),
            "{page}"
        );
        assert!(page.contains("overlay(s.errors, s.title)"));
        // A rebuild clears both.
        hub.reload(None);
        let s = hub.state();
        assert!(s.errors.is_empty() && s.title.is_none());
        // The general title claims nothing about an earlier build.
        hub.error(vec![item("bad")]);
        let page = inject("<body></body>", &hub.state());
        assert!(
            !page.contains("上一次成功") && !page.contains("last good"),
            "{page}"
        );
    }

    #[test]
    fn script_goes_before_body_end() {
        let s = State::default();
        let out = inject("<html><body><p>x</p></BODY></html>", &s);
        assert!(out.ends_with("</script></BODY></html>"), "{out}");
        assert!(out.contains("var version = 0;"));
        assert!(!out.contains("gongkai-overlay\" style"));
        let bare = inject("<p>x</p>", &s);
        assert!(bare.starts_with("<p>x</p><script>"));
    }

    #[test]
    fn overlay_is_escaped() {
        let s = State {
            version: 3,
            errors: vec![item("<img src=x onerror=alert(1)> & \"q\"")],
            ..State::default()
        };
        let out = inject("<body></body>", &s);
        assert!(out.contains("<code>content/2023/&lt;x&gt;.md:41</code> error[R-T4]: &lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;"), "{out}");
        assert!(!out.contains("<img"));
    }

    #[test]
    fn hello_reloads_only_a_page_that_missed_a_rebuild_of_itself() {
        let hub = Hub::default();
        hub.reload(Some(vec!["2023/x/index.html".into()]));
        hub.reload(Some(vec!["index.html".into(), "2023/index.html".into()]));
        let s = hub.state.lock().unwrap();
        // Served with version 1 (after the first rebuild): the second did not touch it.
        assert!(!s.stale(1, "2023/x/index.html"));
        assert!(s.stale(1, "index.html"));
        assert!(s.stale(0, "2023/x/index.html"));
        assert!(!s.stale(2, "index.html"));
        drop(s);
        hub.css();
        assert!(hub.state.lock().unwrap().stale(2, "2023/x/index.html"));
        for _ in 0..HISTORY {
            hub.reload(Some(vec![]));
        }
        // Older than the history reaches: reload to be safe.
        assert!(hub.state.lock().unwrap().stale(1, "2023/x/index.html"));
    }

    #[test]
    fn events_reach_subscribers() {
        #[derive(Clone, Default)]
        struct Sink(std::sync::Arc<Mutex<Vec<u8>>>);
        impl Write for Sink {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let hub = Hub::default();
        let sink = Sink::default();
        hub.subscribe("since=0&page=index.html", Box::new(sink.clone()));
        hub.error(vec![item("bad")]);
        hub.reload(None);
        let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(
            text.contains("event: hello\ndata: {\"version\":0,\"errors\":[],\"stale\":false}\n\n")
        );
        assert!(text.contains("event: error\ndata: {\"version\":0,\"errors\":[{"));
        assert!(
            text.ends_with("event: reload\ndata: {\"version\":1,\"errors\":[],\"paths\":null}\n\n")
        );
    }
}
