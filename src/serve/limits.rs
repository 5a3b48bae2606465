//! The dev server's bounds, in one place: how many connections, how long a client may take, how
//! large a request may be. The defaults suit a clerk's machine with one browser; a site may
//! change them in `site.toml`:
//!
//! ```toml
//! [serve]
//! max_connections = 256     # connections open at once, event streams included (one more: 503)
//! head_seconds = 10         # to send a request's line and headers once started (else 408)
//! idle_seconds = 30         # a kept-alive connection may wait so long for its next request
//! body_seconds = 10         # to send a request body once its head is in (else 408)
//! write_seconds = 10        # one write may block so long on a client that does not read
//! max_head_bytes = 16384    # request line and headers (else 414 or 431)
//! max_body_bytes = 2097152  # the editor's form (else 413, unread)
//! max_upload_bytes = 20971520  # one file dropped on the import page (else 413, unread)
//! ```
//!
//! The live-reload streams held at once ([`super::reload::MAX_STREAMS`]) count within
//! `max_connections`. A value of 0 is refused when `site.toml` is read: no bound would hold.

use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServeLimits {
    pub max_connections: usize,
    pub head_seconds: u64,
    pub idle_seconds: u64,
    pub body_seconds: u64,
    pub write_seconds: u64,
    pub max_head_bytes: usize,
    pub max_body_bytes: u64,
    pub max_upload_bytes: u64,
}

impl Default for ServeLimits {
    fn default() -> Self {
        ServeLimits {
            max_connections: 256,
            head_seconds: 10,
            idle_seconds: 30,
            body_seconds: 10,
            write_seconds: 10,
            max_head_bytes: 16 * 1024,
            max_body_bytes: 2 * 1024 * 1024,
            max_upload_bytes: 20 * 1024 * 1024,
        }
    }
}

impl ServeLimits {
    /// The name of the first bound set to 0 (which would refuse everything or wait for ever).
    pub fn zero(&self) -> Option<&'static str> {
        [
            ("max_connections", self.max_connections as u64),
            ("head_seconds", self.head_seconds),
            ("idle_seconds", self.idle_seconds),
            ("body_seconds", self.body_seconds),
            ("write_seconds", self.write_seconds),
            ("max_head_bytes", self.max_head_bytes as u64),
            ("max_body_bytes", self.max_body_bytes),
            ("max_upload_bytes", self.max_upload_bytes),
        ]
        .into_iter()
        .find(|(_, v)| *v == 0)
        .map(|(k, _)| k)
    }

    pub fn head_deadline(&self) -> Duration {
        Duration::from_secs(self.head_seconds)
    }

    pub fn idle_timeout(&self) -> Duration {
        Duration::from_secs(self.idle_seconds)
    }

    pub fn body_deadline(&self) -> Duration {
        Duration::from_secs(self.body_seconds)
    }

    pub fn write_timeout(&self) -> Duration {
        Duration::from_secs(self.write_seconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;

    #[test]
    fn set_in_site_toml_with_defaults_for_the_rest() {
        let c: SiteConfig = toml::from_str("[serve]\nmax_connections = 8\n").unwrap();
        assert_eq!(c.serve.max_connections, 8);
        assert_eq!(c.serve.head_seconds, ServeLimits::default().head_seconds);
        assert_eq!(c.serve.zero(), None);
        let c: SiteConfig = toml::from_str("title = \"x\"\n").unwrap();
        assert_eq!(c.serve, ServeLimits::default());
        assert!(toml::from_str::<SiteConfig>("[serve]\nmax_conections = 8\n").is_err());
        let c: SiteConfig = toml::from_str("[serve]\nbody_seconds = 0\n").unwrap();
        assert_eq!(c.serve.zero(), Some("body_seconds"));
    }
}
