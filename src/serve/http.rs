//! What a request path means on disk, and what type a file is served as. Pure functions, so the
//! safety rules (nothing outside the served root, ever) are tested without a socket.

use std::path::{Path, PathBuf};

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A regular file under the root.
    File(PathBuf),
    /// A folder requested without its trailing `/`: redirect to this location.
    Redirect(String),
    /// Nothing there (or something that must not be served): the site's 404 page.
    NotFound,
    /// A path that cannot be a file under the root (`..`, an encoded `/`, a NUL byte, …).
    BadRequest,
}

/// Resolve a request target (`/2023/tongjiju/?x=1`) against `root`.
///
/// Each `/`-separated segment is percent-decoded on its own, so `%2f` can never introduce a
/// separator; segments that are `.`/`..`, or contain `\`, NUL, `:` or a decoded `/`, refuse the
/// whole request. The final path is canonicalized and must still be under the canonical root,
/// which also keeps symbolic links from leading outside.
pub fn resolve(root: &Path, target: &str) -> Target {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Target::BadRequest;
    }
    let mut segments = vec![];
    for raw in path[1..].split('/') {
        let Some(seg) = percent_decode(raw) else {
            return Target::BadRequest;
        };
        if seg == "." || seg == ".." || seg.contains(['/', '\\', '\0', ':']) {
            return Target::BadRequest;
        }
        if !seg.is_empty() {
            segments.push(seg);
        }
    }
    let mut file = root.to_path_buf();
    file.extend(&segments);
    let Ok(meta) = std::fs::metadata(&file) else {
        return Target::NotFound;
    };
    if meta.is_dir() {
        if !path.ends_with('/') {
            let query = &target[path.len()..];
            return Target::Redirect(format!("{path}/{query}"));
        }
        file.push("index.html");
    }
    match (std::fs::canonicalize(&file), std::fs::canonicalize(root)) {
        (Ok(real), Ok(real_root)) if real.starts_with(&real_root) && real.is_file() => {
            Target::File(real)
        }
        _ => Target::NotFound,
    }
}

/// Decode `%XX` escapes; `None` for a malformed escape or bytes that are not UTF-8.
pub(super) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type of a file, by extension. Text types carry `charset=utf-8`: the reports are
/// Chinese, and a browser guessing the charset shows mojibake.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// The largest request head (request line and headers) read. A longer one is refused: 414 when
/// the request line alone does not fit (a 64 KB path), else 431.
pub const MAX_HEAD: usize = 16 * 1024;

/// The largest request body read (the editor's form: some 200 cells and the narrative; an
/// imported report's text is far below this). A larger one is refused with 413 unread.
pub const MAX_BODY: u64 = 2 * 1024 * 1024;

/// A request's line and headers, as far as a static file server needs them.
#[derive(Debug, PartialEq, Eq)]
pub struct Head {
    pub method: String,
    pub target: String,
    /// The connection may carry another request after this one.
    pub keep_alive: bool,
    /// A body follows (read only by the editor's POSTs; the connection is closed after the
    /// answer).
    pub has_body: bool,
    /// `Content-Length`, when given.
    pub content_length: Option<u64>,
    /// `Transfer-Encoding` was given (a chunked body: refused where a body is read).
    pub chunked: bool,
    /// `Host`, `Origin`, `Cookie` and `X-Gongkai-Token` as sent: what [`super::guard`] and the
    /// editor judge a request by.
    pub host: Option<String>,
    pub origin: Option<String>,
    pub cookie: Option<String>,
    pub token: Option<String>,
}

/// Parse a request head (`bytes` end with the blank line). `Err` is the 4xx status to answer.
pub fn parse_head(bytes: &[u8]) -> Result<Head, u16> {
    let text = std::str::from_utf8(bytes).map_err(|_| 400u16)?;
    let mut lines = text.split("\r\n");
    let mut parts = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    if !token(method) || target.is_empty() || target.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(400);
    }
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Err(400),
    };
    let mut keep_alive = http11;
    let mut has_body = false;
    let (mut content_length, mut chunked) = (None, false);
    let (mut host, mut origin, mut cookie, mut secret) = (None, None, None, None);
    for line in lines.take_while(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            return Err(400);
        };
        if !token(name) {
            return Err(400);
        }
        let raw = value.trim();
        let value = raw.to_ascii_lowercase();
        // A second Host, Origin or Content-Length is a smuggling attempt, not a client.
        let once = |slot: &mut Option<String>| match slot {
            Some(_) => Err(400u16),
            None => {
                *slot = Some(raw.to_string());
                Ok(())
            }
        };
        match name.to_ascii_lowercase().as_str() {
            "connection" if value.contains("close") => keep_alive = false,
            "connection" if value.contains("keep-alive") => keep_alive = true,
            "content-length" => {
                has_body |= value != "0";
                let n = value.parse::<u64>().map_err(|_| 400u16)?;
                if content_length.replace(n).is_some() {
                    return Err(400);
                }
            }
            "transfer-encoding" => {
                has_body = true;
                chunked = true;
            }
            "host" => once(&mut host)?,
            "origin" => once(&mut origin)?,
            "cookie" => once(&mut cookie)?,
            "x-gongkai-token" => once(&mut secret)?,
            _ => {}
        }
    }
    Ok(Head {
        method: method.to_string(),
        target: target.to_string(),
        keep_alive: keep_alive && !has_body,
        has_body,
        content_length,
        chunked,
        host,
        origin,
        cookie,
        token: secret,
    })
}

/// Whether a file is an HTML page (which gets the live-reload script).
pub fn is_html(path: &Path) -> bool {
    content_type(path).starts_with("text/html")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (PathBuf, PathBuf) {
        let base = std::env::temp_dir().join(format!(
            "gongkai-http-test-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let root = base.join("site");
        std::fs::create_dir_all(root.join("2023/a")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("2023/a/index.html"), "a").unwrap();
        std::fs::write(root.join("style.css"), "").unwrap();
        std::fs::write(base.join("secret.txt"), "secret").unwrap();
        (base, root.canonicalize().unwrap())
    }

    #[test]
    fn files_and_folders() {
        let (base, root) = site();
        assert_eq!(resolve(&root, "/"), Target::File(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/style.css?v=3"),
            Target::File(root.join("style.css"))
        );
        assert_eq!(
            resolve(&root, "/2023/a/"),
            Target::File(root.join("2023/a/index.html"))
        );
        assert_eq!(
            resolve(&root, "/2023/a?x"),
            Target::Redirect("/2023/a/?x".into())
        );
        assert_eq!(
            resolve(&root, "/%32%30%32%33/a/"),
            Target::File(root.join("2023/a/index.html"))
        );
        assert_eq!(resolve(&root, "/nope.html"), Target::NotFound);
        std::fs::remove_dir_all(base).unwrap();
    }

    #[test]
    fn traversal_is_refused() {
        let (base, root) = site();
        for bad in [
            "/../secret.txt",
            "/2023/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/..%2fsecret.txt",
            "/%2e%2e%2fsecret.txt",
            "/..\\secret.txt",
            "/%5c..%5csecret.txt",
            "/index.html%00.css",
            "/%zz",
            "/%ff",
            "secret.txt",
            "http://evil/secret.txt",
            "/C:/Windows",
        ] {
            assert_eq!(resolve(&root, bad), Target::BadRequest, "{bad}");
        }
        // An absolute path in the URL is just a path under the root.
        assert_eq!(resolve(&root, "//etc/passwd"), Target::NotFound);
        std::fs::remove_dir_all(base).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_root_are_not_followed() {
        let (base, root) = site();
        std::os::unix::fs::symlink(base.join("secret.txt"), root.join("link.txt")).unwrap();
        assert_eq!(resolve(&root, "/link.txt"), Target::NotFound);
        std::fs::remove_dir_all(base).unwrap();
    }

    #[test]
    fn request_heads() {
        let head = parse_head(b"GET /a?b HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!(
            (head.method.as_str(), head.target.as_str()),
            ("GET", "/a?b")
        );
        assert!(head.keep_alive && !head.has_body);
        let head = parse_head(b"HEAD / HTTP/1.0\r\n\r\n").unwrap();
        assert!(!head.keep_alive);
        let head = parse_head(b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n").unwrap();
        assert!(head.has_body && !head.keep_alive);
        for bad in [
            &b"\r\n\r\n"[..],
            b"GET\r\n\r\n",
            b"GET / HTTP/1.1 x\r\n\r\n",
            b"GET / HTTP/2.0\r\n\r\n",
            b"GET / SPDY\r\n\r\n",
            b"G(T / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
            b"GET / HTTP/1.1\r\nbad name: x\r\n\r\n",
            b"GET /\xff HTTP/1.1\r\n\r\n",
            b"GET /\x01 HTTP/1.1\r\n\r\n",
        ] {
            assert_eq!(
                parse_head(bad),
                Err(400),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn types() {
        assert_eq!(
            content_type(Path::new("a/b.HTML")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("x.svg")),
            "image/svg+xml; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x.csv")), "text/csv; charset=utf-8");
        assert_eq!(content_type(Path::new("x")), "application/octet-stream");
    }
}
