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
pub(super) struct Sum(pub(super) [u8; 32]);

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
        Sum::from_hex(&hex).ok_or_else(|| serde::de::Error::custom("a SHA-256 is 64 hex digits"))
    }
}

impl Sum {
    /// The digest written as 64 hex digits (either case), `None` for anything else.
    pub(super) fn from_hex(hex: &str) -> Option<Sum> {
        let digit = |c: u8| (c as char).to_digit(16);
        if hex.len() != 64 {
            return None;
        }
        let mut sum = [0u8; 32];
        for (byte, pair) in sum.iter_mut().zip(hex.as_bytes().chunks(2)) {
            *byte = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
        }
        Some(Sum(sum))
    }
}

/// The entries of a JSON manifest as [`write_json`] writes it, one file a line, read line by
/// line without a JSON parser for the lines it writes plainly (at 100,000 reports the manifest
/// is 40 MB, and parsing it was a tenth of a one-report rebuild); any other line goes through
/// `serde_json`. `None` when the text is not laid out so: the caller parses it whole.
pub(super) fn read_json_lines(text: &[u8]) -> Option<Vec<Entry>> {
    let text = simdutf8::basic::from_utf8(text).ok()?;
    let body = text.strip_prefix("{\"files\": [\n")?.strip_suffix("]}\n")?;
    let mut entries = Vec::with_capacity(body.len() / 100);
    let mut lines = body.split('\n');
    let last = lines.next_back()?;
    if !last.is_empty() {
        return None;
    }
    let mut lines = lines.peekable();
    while let Some(line) = lines.next() {
        let line = match lines.peek() {
            Some(_) => line.strip_suffix(',')?,
            None => line,
        };
        entries.push(plain_entry(line).or_else(|| serde_json::from_str(line).ok())?);
    }
    Some(entries)
}

/// One line of the JSON manifest whose path has nothing escaped.
fn plain_entry(line: &str) -> Option<Entry> {
    let rest = line.strip_prefix("{\"path\":\"")?;
    // A quote inside the path is escaped: the first `","size":` ends it.
    let (path, rest) = rest.split_once("\",\"size\":")?;
    if path.contains(['\\', '"']) || path.chars().any(char::is_control) {
        return None;
    }
    let (size, rest) = rest.split_once(",\"sha256\":\"")?;
    if size.is_empty() || !size.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Entry {
        path: path.to_string(),
        size: size.parse().ok()?,
        sha256: Sum::from_hex(rest.strip_suffix("\"}")?)?,
    })
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
        // What serde_json writes for a path with nothing to escape, without going through it.
        if e.path.contains(['\\', '"']) || e.path.chars().any(|c| c < ' ' || c == '\u{7f}') {
            serde_json::to_writer(&mut *out, e)?;
        } else {
            out.write_all(b"{\"path\":\"")?;
            out.write_all(e.path.as_bytes())?;
            out.write_all(b"\",\"size\":")?;
            out.write_all(itoa::Buffer::new().format(e.size).as_bytes())?;
            out.write_all(b",\"sha256\":\"")?;
            out.write_all(&e.sha256.hex())?;
            out.write_all(b"\"}")?;
        }
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
        // Both sorted by path: one walk through the two, a comparison per path (looking each
        // of 317,000 paths up in the listing took a hundred milliseconds at 100,000 reports).
        let mut now = entries.iter().map(|e| e.path.as_str()).peekable();
        let mut removed = vec![];
        for (p, _) in prev.listed.iter() {
            while now.next_if(|n| *n < p).is_some() {}
            if now.next_if_eq(&p).is_none() {
                removed.push(p.to_string());
            }
        }
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

    /// The manifest read line by line is the manifest serde_json reads, also with paths it
    /// escapes; anything not laid out as `write_json` writes is left to serde_json.
    #[test]
    fn the_json_manifest_reads_back_line_by_line() {
        let entries: Vec<Entry> = ["a/b.html", "引\\号\"x\n.csv", "z\u{1}", "\u{7f}é.txt"]
            .iter()
            .enumerate()
            .map(|(i, p)| Entry {
                path: p.to_string(),
                size: i as u64 * 1000,
                sha256: Sum::of(p.as_bytes()),
            })
            .collect();
        for n in [0, 1, entries.len()] {
            let mut text = vec![];
            write_json(&mut text, &entries[..n]).unwrap();
            #[derive(serde::Deserialize)]
            struct Manifest {
                files: Vec<Entry>,
            }
            let by_serde = serde_json::from_slice::<Manifest>(&text).unwrap().files;
            let by_lines = read_json_lines(&text).unwrap();
            let fields = |e: &[Entry]| -> Vec<(String, u64, Sum)> {
                e.iter()
                    .map(|e| (e.path.clone(), e.size, e.sha256))
                    .collect()
            };
            assert_eq!(fields(&by_lines), fields(&by_serde));
            assert_eq!(fields(&by_lines), fields(&entries[..n]));
        }
        let mut text = vec![];
        write_json(&mut text, &entries).unwrap();
        let text = String::from_utf8(text).unwrap();
        for bad in [
            text.replacen("\"size\":0", "\"size\":-1", 1),
            text.replacen("a/b.html\"", "a/b.html", 1),
            text.replacen("]}", "]", 1),
            text.replacen(",\n", "\n", 1),
            format!(" {text}"),
        ] {
            assert!(read_json_lines(bad.as_bytes()).is_none(), "{bad}");
        }
    }
}
