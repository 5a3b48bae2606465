//! Who may talk to the dev server. A page the clerk opens elsewhere runs in the same browser as
//! the dev server's pages: through DNS rebinding (its own name made to point at 127.0.0.1) it can
//! read what `serve` answers, and with the editor it could write. Browsers always send the name
//! they think they talk to in `Host`, and the page's origin in `Origin` on a cross-site request;
//! so a request is answered only when both, if given, name this server by one of its own names:
//! `127.0.0.1`, `localhost`, `[::1]` or the address it is bound to, with its port.
//!
//! A request without `Host` (HTTP/1.0, a test client) is not from a browser and may read; a
//! write asks for more ([`crate::serve::editor`]: `Origin` required, and the per-run secret).

use std::net::{IpAddr, SocketAddr};

/// The names this server answers to.
#[derive(Debug, Clone)]
pub struct Guard {
    hosts: Vec<String>,
    /// `http://` and these: pages of this very server (name and port).
    origins: Vec<String>,
}

impl Guard {
    pub fn new(addr: SocketAddr) -> Guard {
        let port = addr.port();
        let mut names = vec!["127.0.0.1".to_string(), "localhost".into(), "[::1]".into()];
        let bound = match addr.ip() {
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
        };
        if !addr.ip().is_unspecified() && !names.contains(&bound) {
            names.push(bound);
        }
        let mut hosts: Vec<String> = names.iter().map(|n| format!("{n}:{port}")).collect();
        let mut origins = hosts.clone();
        if port == 80 {
            origins.extend(names.iter().cloned());
        }
        // Also without a port: a browser leaves out only port 80, but a name of ours is ours on
        // any port (a rebinding page sends its own name, never one of these).
        hosts.extend(names);
        Guard { hosts, origins }
    }

    /// Whether a `Host` header names this server (absent: not a browser, allowed).
    pub fn host_ok(&self, host: Option<&str>) -> bool {
        host.is_none_or(|h| self.is_ours(h))
    }

    /// Whether an `Origin` header is one of this server's own (absent: a same-origin GET or no
    /// browser, allowed; `null`, another scheme or another name: refused).
    pub fn origin_ok(&self, origin: Option<&str>) -> bool {
        origin.is_none_or(|o| self.same_origin(o))
    }

    /// Whether `origin` (required) is `http://` and one of this server's names.
    pub fn same_origin(&self, origin: &str) -> bool {
        origin
            .strip_prefix("http://")
            .is_some_and(|h| self.origins.iter().any(|o| o.eq_ignore_ascii_case(h)))
    }

    fn is_ours(&self, host: &str) -> bool {
        self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_servers_own_names() {
        let g = Guard::new("127.0.0.1:1111".parse().unwrap());
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "[::1]:1111",
            "127.0.0.1",
        ] {
            assert!(g.host_ok(Some(ok)), "{ok}");
            let with_port = ok.contains(':');
            assert_eq!(
                g.origin_ok(Some(&format!("http://{ok}"))),
                with_port,
                "{ok}"
            );
        }
        assert!(g.host_ok(None) && g.origin_ok(None));
        for bad in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1:2222",
            "localhost.evil.example:1111",
            "127.0.0.1:1111.evil.example",
            "",
        ] {
            assert!(!g.host_ok(Some(bad)), "{bad}");
        }
        for bad in [
            "null",
            "https://127.0.0.1:1111",
            "http://evil.example",
            "http://127.0.0.1:1111/",
            "http://127.0.0.1:11110",
            "http://127.0.0.1",
        ] {
            assert!(!g.origin_ok(Some(bad)), "{bad}");
        }
        let any = Guard::new("0.0.0.0:8080".parse().unwrap());
        assert!(any.host_ok(Some("localhost:8080")));
        assert!(!any.host_ok(Some("0.0.0.0:8080")));
        let lan = Guard::new("192.0.2.7:80".parse().unwrap());
        assert!(lan.host_ok(Some("192.0.2.7")) && lan.host_ok(Some("192.0.2.7:80")));
    }
}
