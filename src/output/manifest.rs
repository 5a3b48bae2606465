//! The manifest every build writes beside the site: path, size and SHA-256 of each file, as
//! `sha256sum` lines and as JSON, and what it tells about files removed since the last build.

use super::Staging;
use sha2::{Digest, Sha256};

/// One file in the manifest.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(super) struct Entry {
    pub(super) path: String,
    pub(super) size: u64,
    pub(super) sha256: String,
}

/// The two manifests of sorted `entries`: `sha256sum` lines and JSON with one file per line.
pub(super) fn manifests(entries: &[Entry]) -> (String, String) {
    let mut sums = String::with_capacity(entries.len() * 100);
    let mut json = String::with_capacity(entries.len() * 130);
    json.push_str("{\"files\": [\n");
    for (i, e) in entries.iter().enumerate() {
        // sha256sum's own escaping: a line starting with a backslash has `\\` and `\n` in its name.
        if e.path.contains(['\\', '\n']) {
            let name = e.path.replace('\\', "\\\\").replace('\n', "\\n");
            sums.push_str(&format!("\\{}  {name}\n", e.sha256));
        } else {
            sums.push_str(&format!("{}  {}\n", e.sha256, e.path));
        }
        json.push_str(&serde_json::to_string(e).unwrap_or_default());
        json.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
    }
    json.push_str("]}\n");
    (sums, json)
}

impl Staging {
    /// The site files the previous output's manifest lists and `entries` (sorted) lacks: the
    /// pages a CDN should forget. Empty when there is no readable previous manifest.
    pub(super) fn removed_since_previous(&self, entries: &[Entry]) -> Vec<String> {
        let Some(prev) = &self.prev else {
            return vec![];
        };
        let mut removed: Vec<String> = prev
            .listed
            .keys()
            .filter(|p| {
                entries
                    .binary_search_by(|e| e.path.as_str().cmp(p))
                    .is_err()
            })
            .cloned()
            .collect();
        removed.sort_unstable();
        removed
    }
}

/// Lowercase hex of a finished SHA-256: the manifests' form, and the one the report pages give
/// for a source document.
pub fn sha256_hex(hash: Sha256) -> String {
    use std::fmt::Write as _;
    hash.finalize()
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}
