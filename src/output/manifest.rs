//! The manifest every build writes beside the site: path, size and SHA-256 of each file, as
//! `sha256sum` lines and as JSON, and what it tells about files removed since the last build.

use super::Staging;
use sha2::{Digest, Sha256};
use std::fmt;
use std::io::{self, Write};

/// One file in the manifest.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(super) struct Entry {
    pub(super) path: String,
    pub(super) size: u64,
    pub(super) sha256: Sum,
}

/// A SHA-256 digest, held as its 32 bytes and written as lowercase hex: a large portal lists
/// hundreds of thousands of files, and the hex strings took three times the memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Sum([u8; 32]);

impl Sum {
    pub(super) fn of(bytes: &[u8]) -> Sum {
        Sum::from(Sha256::new_with_prefix(bytes))
    }
}

impl From<Sha256> for Sum {
    fn from(hash: Sha256) -> Sum {
        Sum(hash.finalize().into())
    }
}

impl Sum {
    fn hex(&self) -> [u8; 64] {
        hex32(&self.0)
    }
}

/// The 64 lowercase hex digits of 32 bytes (a SHA-256). By table rather than `{:02x}` per
/// byte: the manifests and the build state of a large portal print hundreds of thousands of
/// them, on one thread after the rendering.
pub(super) fn hex32(bytes: &[u8; 32]) -> [u8; 64] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 64];
    for (pair, b) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = DIGITS[usize::from(b >> 4)];
        pair[1] = DIGITS[usize::from(b & 0xf)];
    }
    out
}

impl fmt::Display for Sum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = self.hex();
        f.write_str(std::str::from_utf8(&hex).expect("hex digits are ASCII"))
    }
}

impl serde::Serialize for Sum {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Sum {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Sum, D::Error> {
        let hex = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        let digit = |c: u8| (c as char).to_digit(16);
        let mut sum = [0u8; 32];
        let pairs = hex.as_bytes().chunks(2);
        if hex.len() != 64 {
            return Err(serde::de::Error::custom("a SHA-256 is 64 hex digits"));
        }
        for (byte, pair) in sum.iter_mut().zip(pairs) {
            match (digit(pair[0]), digit(pair[1])) {
                (Some(hi), Some(lo)) => *byte = (hi * 16 + lo) as u8,
                _ => return Err(serde::de::Error::custom("a SHA-256 is 64 hex digits")),
            }
        }
        Ok(Sum(sum))
    }
}

/// The `sha256sum` manifest of sorted `entries`, one line per file.
pub(super) fn write_sums(out: &mut dyn Write, entries: &[Entry]) -> io::Result<()> {
    for e in entries {
        // sha256sum's own escaping: a line starting with a backslash has `\\` and `\n` in its name.
        if e.path.contains(['\\', '\n']) {
            let name = e.path.replace('\\', "\\\\").replace('\n', "\\n");
            writeln!(out, "\\{}  {name}", e.sha256)?;
        } else {
            out.write_all(&e.sha256.hex())?;
            out.write_all(b"  ")?;
            out.write_all(e.path.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// The JSON manifest of sorted `entries`, one file per line.
pub(super) fn write_json(out: &mut dyn Write, entries: &[Entry]) -> io::Result<()> {
    out.write_all(b"{\"files\": [\n")?;
    for (i, e) in entries.iter().enumerate() {
        serde_json::to_writer(&mut *out, e)?;
        out.write_all(if i + 1 < entries.len() { b",\n" } else { b"\n" })?;
    }
    out.write_all(b"]}\n")
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
    Sum::from(hash).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sum_is_written_and_read_as_64_hex_digits() {
        let sum = Sum::of(b"x");
        let hex = sha256_hex(Sha256::new_with_prefix(b"x"));
        assert_eq!(hex.len(), 64);
        assert_eq!(serde_json::to_string(&sum).unwrap(), format!("\"{hex}\""));
        let back: Sum = serde_json::from_str(&format!("\"{hex}\"")).unwrap();
        assert_eq!(back, sum);
        // A manifest edited by hand is not trusted: a bad digest fails to read.
        for bad in [
            &hex[1..],
            &format!("{}g", &hex[1..]),
            "é".repeat(32).as_str(),
        ] {
            assert!(
                serde_json::from_str::<Sum>(&format!("\"{bad}\"")).is_err(),
                "{bad}"
            );
        }
    }
}
