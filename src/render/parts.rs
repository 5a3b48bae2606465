//! What each report contributes to the site-wide files (the CSVs of every report, the long CSV,
//! the workbooks' rows, the search list), kept between builds so that after one edit only the
//! edited report's part is made again and each file is put together from the others' bytes.
//!
//! The parts are not copied anywhere: they are where the previous build wrote them, in its
//! output files. For each file assembled from parts, an index (in a folder beside the output,
//! `.NAME.gongkai-parts/`, never in the published site) lists each part's key, place, length
//! and CRC-32. A part is taken from the previous file only when its key is the one wanted and
//! the bytes found there have the recorded CRC; anything else (no index, a corrupt one, a file
//! edited by hand, another layout) makes the part again, so the bytes written are always those a
//! fresh build writes.
//!
//! A part's key is a SHA-256 of what the part is made from: the report file's key (its bytes,
//! findings and source, see `crate::pipeline`), the key of what every page shares (the binary,
//! the configuration, the date) and the file's layout (its columns), which [`Assembly`] takes as
//! its `variant`.

use crate::output::Key;
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The first bytes of an index: its format.
const MAGIC: &[u8; 8] = b"GKPARTS1";

/// What the parts of a build are made from, and the indexes it wrote.
pub struct Parts {
    /// Where the indexes are kept.
    dir: PathBuf,
    /// The previous output, whose files hold the parts.
    target: PathBuf,
    /// Each report file's key.
    keys: FxHashMap<String, Key>,
    /// Indexes of the files assembled by this build, saved once its output is in place.
    pending: Mutex<Vec<(String, Vec<u8>)>>,
}

/// One part in a file: its key, where it is, its length and CRC-32, and for a compressed part
/// the CRC-32 and length of what it stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    key: Key,
    at: u64,
    len: u64,
    crc: u32,
    plain_crc: u32,
    plain_len: u64,
}

const ENTRY_LEN: usize = 32 + 8 + 8 + 4 + 4 + 8;

impl Parts {
    /// The parts of a build into `target`, made from `shared` (what every page shares) and each
    /// report file's key.
    pub fn new<'a>(
        target: &Path,
        shared: &Key,
        files: impl Iterator<Item = (&'a str, &'a Key)>,
    ) -> Option<Parts> {
        let target = std::path::absolute(target).ok()?;
        let name = target.file_name()?.to_string_lossy().into_owned();
        let dir = target.parent()?.join(format!(".{name}.gongkai-parts"));
        let keys = files
            .map(|(file, key)| {
                let mut h = Sha256::new_with_prefix(b"gongkai part 1\n");
                h.update(shared);
                h.update(file.as_bytes());
                h.update(b"\0");
                h.update(key);
                (file.to_string(), h.finalize().into())
            })
            .collect();
        Some(Parts {
            dir,
            target,
            keys,
            pending: Mutex::new(Vec::new()),
        })
    }

    /// The key of a report file's parts.
    pub fn key(&self, file: &str) -> Option<Key> {
        self.keys.get(file).copied()
    }

    /// Start assembling the output file `rel` (relative to the output) of layout `variant`,
    /// taking parts from the previous `from` (usually `rel` itself). With `record`, this
    /// file's index is saved with the build.
    pub fn assemble(
        self: &Arc<Self>,
        rel: &str,
        from: &str,
        variant: &[u8],
        record: bool,
    ) -> Assembly {
        let variant: Key = Sha256::digest(variant).into();
        let old = self.load(from, &variant).and_then(|entries| {
            let file = std::fs::File::open(self.target.join(from)).ok()?;
            let len = file.metadata().ok()?.len();
            Some((file, len, entries))
        });
        Assembly {
            parts: Some(Arc::clone(self)),
            rel: rel.to_string(),
            variant,
            old,
            new: record.then(Vec::new),
            at: 0,
            window: Vec::new(),
            window_at: 0,
        }
    }

    fn index_path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel.replace('/', "~"))
    }

    /// The index of the previous `rel`, when it is one of layout `variant` and reads whole.
    fn load(&self, rel: &str, variant: &Key) -> Option<Index> {
        let bytes = std::fs::read(self.index_path(rel)).ok()?;
        let (body, crc) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
        if crc32fast::hash(body).to_le_bytes() != crc
            || body.get(..8)? != MAGIC
            || body.get(8..40)? != variant
        {
            return None;
        }
        let records = &body[40..];
        if !records.len().is_multiple_of(ENTRY_LEN) {
            return None;
        }
        Some(
            records
                .chunks_exact(ENTRY_LEN)
                .map(|r| {
                    let u64_at = |i: usize| u64::from_le_bytes(r[i..i + 8].try_into().unwrap());
                    let u32_at = |i: usize| u32::from_le_bytes(r[i..i + 4].try_into().unwrap());
                    Entry {
                        key: r[..32].try_into().unwrap(),
                        at: u64_at(32),
                        len: u64_at(40),
                        crc: u32_at(48),
                        plain_crc: u32_at(52),
                        plain_len: u64_at(56),
                    }
                })
                .collect::<Vec<Entry>>()
                .into(),
        )
    }

    /// The previous output's file `rel`, when it is `len` bytes long with CRC-32 `crc`.
    pub fn previous(&self, rel: &str, len: u64, crc: u32) -> Option<Vec<u8>> {
        let file = std::fs::File::open(self.target.join(rel)).ok()?;
        if file.metadata().ok()?.len() != len {
            return None;
        }
        let mut bytes = vec![0; usize::try_from(len).ok()?];
        (read_some_at(&file, &mut bytes, 0).ok()? == bytes.len() && crc32fast::hash(&bytes) == crc)
            .then_some(bytes)
    }

    /// A record of this module's own kept under `name` (see [`Parts::keep`]), when it reads
    /// whole.
    pub fn kept(&self, name: &str) -> Option<Vec<u8>> {
        let mut bytes = std::fs::read(self.index_path(name)).ok()?;
        let body_len = bytes.len().checked_sub(4)?;
        let crc = u32::from_le_bytes(bytes[body_len..].try_into().ok()?);
        bytes.truncate(body_len);
        (crc32fast::hash(&bytes) == crc).then_some(bytes)
    }

    /// Keep `bytes` under `name` with the build (saved with the indexes).
    pub fn keep(&self, name: &str, mut bytes: Vec<u8>) {
        let crc = crc32fast::hash(&bytes);
        bytes.extend_from_slice(&crc.to_le_bytes());
        self.pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((name.to_string(), bytes));
    }

    /// Write the indexes of the files this build assembled (after its output is in place: an
    /// index describes the files as they are now). A failure only costs the next build time.
    pub fn save(&self) {
        let pending = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        if pending.is_empty() || std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        for (rel, bytes) in pending {
            let _ = crate::output::write_atomic(&self.index_path(&rel), bytes);
        }
    }
}

/// The index of a previous file: its entries in the file's order, looked up first where the
/// last part found left off (a file's parts mostly come in the order of the previous one: after
/// one edit every part but one), and otherwise by a map of the keys, made at the first such
/// miss. Looking each of 100,000 keys up by halving a list sorted by key missed the processor's
/// caches at every step, and sorting it took as long again. Any entry of a key serves: the key
/// is a SHA-256 of what the part is made from, and its bytes are checked against their CRC.
struct Index {
    entries: Vec<Entry>,
    /// Where the next part is looked for first.
    next: usize,
    by_key: Option<FxHashMap<Key, u32>>,
}

impl From<Vec<Entry>> for Index {
    fn from(entries: Vec<Entry>) -> Index {
        Index {
            entries,
            next: 0,
            by_key: None,
        }
    }
}

impl Index {
    fn get(&mut self, key: &Key) -> Option<Entry> {
        // The next entry, or the one after it (the previous file's part of an edited report,
        // whose key is not wanted again, or of a removed one).
        let near = (self.next..self.entries.len().min(self.next + 2))
            .find(|&at| self.entries[at].key == *key);
        let at = match near {
            Some(at) => at,
            None => {
                let entries = &self.entries;
                let by_key = self.by_key.get_or_insert_with(|| {
                    (entries.iter().enumerate())
                        .map(|(at, e)| (e.key, at as u32))
                        .collect()
                });
                *by_key.get(key)? as usize
            }
        };
        self.next = at + 1;
        Some(self.entries[at])
    }
}

/// One file being put together from parts, in order.
pub struct Assembly {
    /// None: nothing is kept (every part is made, nothing recorded).
    parts: Option<Arc<Parts>>,
    rel: String,
    variant: Key,
    /// The previous file, its length and its index.
    old: Option<(std::fs::File, u64, Index)>,
    /// The new index, when it is kept.
    new: Option<Vec<Entry>>,
    /// Bytes of the file so far.
    at: u64,
    /// A window of the previous file read ahead (parts mostly follow each other there), and
    /// where it starts.
    window: Vec<u8>,
    window_at: u64,
}

/// How much of the previous file is read at once.
const WINDOW: usize = 1 << 20;

/// Parts made in parallel at a time.
const RUN: usize = 256;

/// A part's bytes, their CRC-32 when known, and for a compressed part the CRC-32 and length of
/// what it stands for.
pub struct Piece {
    pub bytes: Vec<u8>,
    pub crc: Option<u32>,
    pub plain: (u32, u64),
}

impl Piece {
    pub fn new(bytes: Vec<u8>) -> Piece {
        Piece {
            bytes,
            crc: None,
            plain: (0, 0),
        }
    }
}

impl Assembly {
    /// An assembly that keeps nothing: what a build without kept parts (`serve`) uses.
    pub fn none() -> Assembly {
        Assembly {
            parts: None,
            rel: String::new(),
            variant: [0; 32],
            old: None,
            new: None,
            at: 0,
            window: Vec::new(),
            window_at: 0,
        }
    }

    /// The key of a report's part in this file, with `extra` (e.g. a row number) mixed in.
    pub fn key_of(&self, file: &str, extra: &[u8]) -> Option<Key> {
        let key = self.parts.as_ref()?.key(file)?;
        if extra.is_empty() {
            return Some(key);
        }
        let mut h = Sha256::new_with_prefix(key);
        h.update(extra);
        Some(h.finalize().into())
    }

    /// The key of a part made of several reports' parts (a block of rows).
    pub fn key_of_all<'f>(
        &self,
        files: impl Iterator<Item = &'f str>,
        extra: &[u8],
    ) -> Option<Key> {
        let mut h = Sha256::new_with_prefix(extra);
        for f in files {
            h.update(self.parts.as_ref()?.key(f)?);
        }
        Some(h.finalize().into())
    }

    /// Bytes of the file that are not a part (a header): only counted.
    pub fn skip(&mut self, len: usize) {
        self.at += len as u64;
    }

    /// The previous file's part `key`, when it is there and reads back with its CRC.
    pub fn fetch(&mut self, key: &Key) -> Option<Piece> {
        let (file, file_len, entries) = self.old.as_mut()?;
        let e = entries.get(key)?;
        let len = usize::try_from(e.len).ok()?;
        let end = e.at.checked_add(e.len).filter(|&end| end <= *file_len)?;
        let in_window = e.at >= self.window_at && end <= self.window_at + self.window.len() as u64;
        if !in_window {
            // Read from the part on, at least a window's worth (the next parts follow it).
            self.window.resize(len.max(WINDOW), 0);
            self.window_at = e.at;
            let got = read_some_at(file, &mut self.window, e.at).ok()?;
            self.window.truncate(got);
            if got < len {
                return None;
            }
        }
        let from = (e.at - self.window_at) as usize;
        let bytes = &self.window[from..from + len];
        if crc32fast::hash(bytes) != e.crc {
            return None;
        }
        Some(Piece {
            bytes: bytes.to_vec(),
            crc: Some(e.crc),
            plain: (e.plain_crc, e.plain_len),
        })
    }

    /// The next bytes of the file are `piece`, part `key` (not indexed without a key).
    pub fn add(&mut self, key: Option<Key>, piece: &Piece) {
        if let (Some(key), Some(new)) = (key, &mut self.new) {
            new.push(Entry {
                key,
                at: self.at,
                len: piece.bytes.len() as u64,
                crc: piece.crc.unwrap_or_else(|| crc32fast::hash(&piece.bytes)),
                plain_crc: piece.plain.0,
                plain_len: piece.plain.1,
            });
        }
        self.at += piece.bytes.len() as u64;
    }

    /// Write the parts of `items` in order: those of the previous file taken from it, the
    /// others made by `make` (in parallel, a run of items at a time).
    pub fn write_parts<T: Sync>(
        &mut self,
        w: &mut dyn std::io::Write,
        items: &[T],
        key: impl Fn(&Self, &T) -> Option<Key>,
        make: impl Fn(&T) -> Vec<u8> + Sync,
    ) -> std::io::Result<()> {
        use rayon::prelude::*;
        for run in items.chunks(RUN) {
            let keys: Vec<Option<Key>> = run.iter().map(|t| key(self, t)).collect();
            let kept: Vec<Option<Piece>> = keys
                .iter()
                .map(|k| k.as_ref().and_then(|k| self.fetch(k)))
                .collect();
            let pieces: Vec<Piece> = kept
                .into_par_iter()
                .zip(run)
                .map(|(kept, t)| kept.unwrap_or_else(|| Piece::new(make(t))))
                .collect();
            let mut out = Vec::with_capacity(pieces.iter().map(|p| p.bytes.len()).sum());
            for (piece, key) in pieces.iter().zip(keys) {
                self.add(key, piece);
                out.extend_from_slice(&piece.bytes);
            }
            w.write_all(&out)?;
        }
        Ok(())
    }

    /// Done: the index is saved with the build.
    pub fn finish(self) {
        let Some(new) = self.new else {
            return;
        };
        let mut bytes = Vec::with_capacity(40 + new.len() * ENTRY_LEN + 4);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&self.variant);
        for e in &new {
            bytes.extend_from_slice(&e.key);
            bytes.extend_from_slice(&e.at.to_le_bytes());
            bytes.extend_from_slice(&e.len.to_le_bytes());
            bytes.extend_from_slice(&e.crc.to_le_bytes());
            bytes.extend_from_slice(&e.plain_crc.to_le_bytes());
            bytes.extend_from_slice(&e.plain_len.to_le_bytes());
        }
        let crc = crc32fast::hash(&bytes);
        bytes.extend_from_slice(&crc.to_le_bytes());
        let Some(parts) = self.parts else {
            return;
        };
        parts
            .pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((self.rel, bytes));
    }
}

/// Read into `buf` from `at` until it is full or the file ends; how much was read.
fn read_some_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match read_at(file, &mut buf[got..], at + got as u64) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, at)
}

#[cfg(not(unix))]
fn read_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<usize> {
    use std::io::{Read, Seek};
    let mut f = file;
    f.seek(std::io::SeekFrom::Start(at))?;
    f.read(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three parts of a file, written as a build writes them, then assembled again with the
    /// second part's report changed: the first and third are taken from the previous file,
    /// the second made; a part whose bytes there were changed is made again.
    #[test]
    fn unchanged_parts_are_taken_and_others_made() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir(&out).unwrap();
        let keys = |second: u8| {
            vec![
                ("a".to_string(), [1; 32]),
                ("b".to_string(), [second; 32]),
                ("c".to_string(), [3; 32]),
            ]
        };
        let parts_of = |keys: &[(String, Key)]| {
            Arc::new(Parts::new(&out, &[0; 32], keys.iter().map(|(f, k)| (f.as_str(), k))).unwrap())
        };
        let files = ["a", "b", "c"];
        // What each file's part is now, and which were made.
        let assemble = |parts: &Arc<Parts>,
                        text: &(dyn Fn(&str) -> String + Sync)|
         -> (Vec<u8>, Vec<String>) {
            let mut asm = parts.assemble("x.csv", "x.csv", b"layout", true);
            let mut bytes = b"head\n".to_vec();
            asm.skip(bytes.len());
            let made = Mutex::new(vec![]);
            asm.write_parts(
                &mut bytes,
                &files,
                |asm, f| asm.key_of(f, b""),
                |f| {
                    made.lock().unwrap().push(f.to_string());
                    text(f).into_bytes()
                },
            )
            .unwrap();
            asm.finish();
            // Made in parallel: in any order.
            let mut made = made.into_inner().unwrap();
            made.sort();
            (bytes, made)
        };
        let first = parts_of(&keys(2));
        let (bytes, made) = assemble(&first, &|f| format!("{f}-one\n"));
        assert_eq!(made, ["a", "b", "c"]);
        std::fs::write(out.join("x.csv"), &bytes).unwrap();
        first.save();

        let second = parts_of(&keys(9));
        let (bytes, made) = assemble(&second, &|f| format!("{f}-two\n"));
        assert_eq!(made, ["b"]);
        assert_eq!(bytes, b"head\na-one\nb-two\nc-one\n");
        std::fs::write(out.join("x.csv"), &bytes).unwrap();
        second.save();

        // The previous file changed where part c is: it is made again.
        std::fs::write(out.join("x.csv"), b"head\na-one\nb-two\nc-onX\n").unwrap();
        let (bytes, made) = assemble(&parts_of(&keys(9)), &|f| format!("{f}-three\n"));
        assert_eq!(made, ["c"]);
        assert_eq!(bytes, b"head\na-one\nb-two\nc-three\n");
        // Another layout takes nothing.
        let parts = parts_of(&keys(9));
        let mut asm = parts.assemble("x.csv", "x.csv", b"other", false);
        assert!(asm.fetch(&asm.key_of("a", b"").unwrap()).is_none());
    }
}
