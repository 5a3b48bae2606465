//! The report cache: what `build` loaded from each report file on its own ([`Own`]: the parsed
//! report and the findings about it alone), kept beside the build state in the output
//! ([`output::REPORT_CACHE`], one of gongkai's own files, which the manifests do not list and a
//! deployment leaves out), so that the next build reads, parses and checks again only the
//! report files that changed. Parsing and checking every report is most of a load, and a clerk
//! who corrects one report of ten thousand should not wait for the other 9,999.
//!
//! A file's entry is used when the file is the one the entry was made from:
//! - told by its identity (size, inode, modification and status-change times, as
//!   [`super::identity`] tells an input), without reading it, when its times were at least
//!   [`super::identity::RACY`] old when they were taken (a write within the clock's tick would
//!   not move them);
//! - otherwise by its bytes: read, their SHA-256 compared with the entry's (not parsed).
//!
//! The whole cache is set aside (every report parsed) for anything else that an entry depends
//! on: another binary or version of gongkai (the parser and rules are its code), `site.toml`,
//! the departments as loaded from `departments.toml` (a report's kind and registration are in
//! its findings). What depends on other files or on the day is never kept: the source document
//! beside a report (F-PATH, F-SOURCE), S-PUBLISHED, and the rules across reports
//! ([`crate::validate::check_across`]: duplicates in a year, each department against its
//! previous year) are found again at every load, from the reports however they were had.
//!
//! The file: [`MAGIC`], the format, the key of what every entry depends on, the entries (each:
//! the report file's path, identity, SHA-256 and its own part as [`codec`] writes it), then a
//! CRC-32 of everything before it. A file that is not exactly that (truncated, corrupt, of
//! another format, binary or configuration) is ignored as a whole; an entry that does not decode
//! is parsed again. The CRC-32 (`crc32fast`, already built for the zip writer) reads 40 MB in a
//! few milliseconds where SHA-256 would take most of the time the cache saves; it is there
//! against damage, the key against a cache of something else.

mod codec;

use super::identity::{self, RACY, Stat};
use super::inputs::binary_identity;
use crate::config::{CONFIG_FILE, SiteConfig};
use crate::content::{self, Departments, ReportFile};
use crate::output::{self, Key};
use crate::site::{self, LoadError, Own, Site};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The first bytes of a report cache.
const MAGIC: &[u8] = b"gongkai report cache\n";

/// The layout of the file and of its entries; changed with them.
const FORMAT: u32 = 1;

/// How many entries are encoded at once when writing (in parallel, then written in order):
/// the whole cache is never held in memory.
const CHUNK: usize = 512;

/// What `build` loaded, as the next cache will keep it, and each report file's SHA-256 (the
/// build's job keys use them instead of reading every file again).
pub struct Loaded {
    /// What every entry depends on; `None` when it cannot be told (then nothing is written).
    key: Option<Key>,
    /// Every report file that could be read, in the scan's order.
    entries: Vec<Entry>,
}

struct Entry {
    rel: String,
    meta: Meta,
    own: Own,
}

/// What an entry knows of its file besides its own part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Meta {
    /// The file's identity, taken before its bytes were read (`None` where there is none).
    stat: Option<Stat>,
    /// Whether the identity's times were [`RACY`] old when taken: only then does the identity
    /// stand for the bytes.
    settled: bool,
    /// The SHA-256 of the bytes.
    digest: Key,
}

/// Load the site as [`Site::load`] does, taking from the report cache in the output folder
/// (`target`, given the site's settings) what it still holds; and what the next cache is to keep.
///
/// `walk`: the inputs as [`identity::Walk`] found them before the load, whose identities of the
/// report files are used (else they are taken here).
pub fn load(
    root: &Path,
    target: impl FnOnce(&SiteConfig) -> PathBuf,
    walk: Option<&identity::Walk>,
) -> Result<(Site, Loaded), LoadError> {
    let stats = walk.map(identity::Walk::stats);
    let identities = |now: SystemTime| Identities {
        now: walk.map_or(now, identity::Walk::began),
        stats: stats.as_ref(),
    };
    load_at(root, target, || identities(SystemTime::now()))
}

/// Where the report files' identities come from: the walk's, taken before `now`, or (a file
/// the walk did not see) taken as the file is read, after `now`.
struct Identities<'a> {
    now: SystemTime,
    stats: Option<&'a HashMap<&'a Path, Stat>>,
}

impl Identities<'_> {
    fn of(&self, path: &Path) -> Option<Stat> {
        match self.stats {
            Some(stats) => stats.get(path).copied(),
            None => Stat::of(path),
        }
    }
}

/// [`load`], with the identities `identities` gives (taken before any file is read).
fn load_at<'a>(
    root: &Path,
    target: impl FnOnce(&SiteConfig) -> PathBuf,
    identities: impl FnOnce() -> Identities<'a>,
) -> Result<(Site, Loaded), LoadError> {
    let mut key = None;
    let mut metas = vec![];
    let (site, scanned, owns) = Site::load_reading(root, |config, departments, files| {
        let identities = identities();
        key = cache_key(root, departments);
        let bytes = key.and_then(|_| std::fs::read(target(config).join(output::REPORT_CACHE)).ok());
        let kept = bytes
            .as_deref()
            .zip(key)
            .and_then(|(b, key)| Kept::parse(b, key));
        let (owns, m) = read(files, departments, kept.as_ref(), &identities);
        metas = m;
        owns
    })?;
    let entries = scanned
        .files
        .into_iter()
        .zip(metas)
        .zip(owns)
        .filter_map(|((rel, meta), own)| {
            Some(Entry {
                rel,
                meta: meta?,
                own,
            })
        })
        .collect();
    Ok((site, Loaded { key, entries }))
}

/// Each file's own part, from the cache where it holds it, read and checked otherwise; and what
/// an entry of the next cache knows of the file (`None` when it could not be read).
fn read(
    files: &[ReportFile],
    departments: &Departments,
    kept: Option<&Kept<'_>>,
    identities: &Identities<'_>,
) -> (Vec<Own>, Vec<Option<Meta>>) {
    let settled_before = identities
        .now
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .saturating_sub(RACY);
    let entry = |f: &ReportFile| kept.and_then(|k| k.entries.get(f.rel.as_str()));
    // First every file's identity, and the files it vouches for (with their SHA-256).
    type Vouched = Option<(Own, Key)>;
    let first: Vec<(Option<Stat>, Vouched)> = files
        .par_iter()
        .map(|f| {
            let stat = identities.of(&f.path);
            let hit = entry(f)
                .filter(|e| e.meta.settled && stat.is_some() && e.meta.stat == stat)
                .and_then(|e| Some((e.decode(f)?, e.meta.digest)));
            (stat, hit)
        })
        .collect();
    // Then the others' bytes: parsed unless the cache has the same bytes.
    let others: Vec<ReportFile> = files
        .iter()
        .zip(&first)
        .filter(|(_, (_, hit))| hit.is_none())
        .map(|(f, _)| f.clone())
        .collect();
    let mut read = content::read_all(&others, |f, bytes| {
        let digest: Option<Key> = bytes.as_ref().ok().map(|b| Sha256::digest(b).into());
        let kept = entry(f)
            .filter(|e| Some(e.meta.digest) == digest)
            .and_then(|e| e.decode(f));
        let own = kept.unwrap_or_else(|| site::own(f, bytes, departments));
        (own, digest)
    })
    .into_iter();
    let mut owns = Vec::with_capacity(files.len());
    let mut metas = Vec::with_capacity(files.len());
    for (stat, hit) in first {
        let (own, digest) = match hit {
            Some((own, digest)) => (own, Some(digest)),
            None => read.next().expect("one result per file read"),
        };
        owns.push(own);
        metas.push(digest.map(|digest| Meta {
            stat,
            settled: stat.is_some_and(|s| s.settled(settled_before)),
            digest,
        }));
    }
    (owns, metas)
}

/// What every entry depends on besides its file (see the module's documentation): `None` when
/// it cannot be told.
fn cache_key(root: &Path, departments: &Departments) -> Option<Key> {
    let mut h = Sha256::new_with_prefix(MAGIC);
    h.update(FORMAT.to_le_bytes());
    h.update(env!("CARGO_PKG_VERSION"));
    h.update(b"\0");
    h.update(binary_identity()?);
    h.update(b"\0");
    match std::fs::read(root.join(CONFIG_FILE)) {
        Ok(bytes) => {
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => h.update(b"absent"),
        Err(_) => return None,
    }
    // As loaded: what the rules saw, even should the file change meanwhile.
    h.update(format!("{departments:?}"));
    Some(h.finalize().into())
}

impl Loaded {
    /// Each report file's SHA-256, by its path relative to the site.
    pub fn digests(&self) -> HashMap<&str, &Key> {
        self.entries
            .iter()
            .map(|e| (e.rel.as_str(), &e.meta.digest))
            .collect()
    }

    /// The cache file's bytes, into `out`.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let Some(key) = self.key else {
            return Ok(());
        };
        let mut crc = crc32fast::Hasher::new();
        let mut put = |bytes: &[u8]| {
            crc.update(bytes);
            out.write_all(bytes)
        };
        let mut head = codec::Writer::default();
        head.bytes(MAGIC);
        head.bytes(&FORMAT.to_le_bytes());
        head.bytes(&key);
        head.uint(self.entries.len() as u64);
        put(&head.buf)?;
        for chunk in self.entries.chunks(CHUNK) {
            let encoded: Vec<Vec<u8>> = chunk.par_iter().map(Entry::encode).collect();
            for bytes in encoded {
                put(&bytes)?;
            }
        }
        let sum = crc.finalize();
        out.write_all(&sum.to_le_bytes())
    }
}

impl Entry {
    fn encode(&self) -> Vec<u8> {
        let own = codec::encode(&self.own);
        let mut w = codec::Writer::default();
        w.str(&self.rel);
        let Meta {
            stat,
            settled,
            digest,
        } = self.meta;
        w.u8(u8::from(stat.is_some()) | u8::from(settled) << 1);
        if let Some(s) = stat {
            w.uint(s.mode.into());
            w.uint(s.len);
            w.uint(s.dev);
            w.uint(s.ino);
            for (secs, nanos) in [s.mtime, s.ctime] {
                w.int(secs);
                w.int(nanos);
            }
        }
        w.bytes(&digest);
        w.uint(own.len() as u64);
        w.bytes(&own);
        w.buf
    }
}

/// The cache as read: each entry by the path of its report file.
struct Kept<'a> {
    entries: HashMap<&'a str, KeptEntry<'a>>,
}

struct KeptEntry<'a> {
    meta: Meta,
    /// The own part's bytes, decoded only when used.
    own: &'a [u8],
}

impl<'a> Kept<'a> {
    /// The entries of a cache file's `bytes`, when it is one this binary wrote for `key`.
    fn parse(bytes: &'a [u8], key: Key) -> Option<Kept<'a>> {
        let (body, sum) = bytes.split_last_chunk::<4>()?;
        if crc32fast::hash(body) != u32::from_le_bytes(*sum) {
            return None;
        }
        let mut r = codec::Reader::new(body);
        if r.bytes(MAGIC.len())? != MAGIC
            || r.bytes(4)? != FORMAT.to_le_bytes()
            || r.bytes(key.len())? != key
        {
            return None;
        }
        let n = r.len()?;
        let mut entries = HashMap::with_capacity(n);
        for _ in 0..n {
            let rel = r.str()?;
            let flags = r.u8()?;
            if flags > 3 {
                return None;
            }
            let stat = if flags & 1 != 0 {
                Some(Stat {
                    mode: r.u32()?,
                    len: r.uint()?,
                    dev: r.uint()?,
                    ino: r.uint()?,
                    mtime: (r.int()?, r.int()?),
                    ctime: (r.int()?, r.int()?),
                })
            } else {
                None
            };
            let digest = r.bytes(32)?.try_into().ok()?;
            let len = r.len()?;
            let own = r.bytes(len)?;
            let meta = Meta {
                stat,
                settled: flags & 2 != 0,
                digest,
            };
            entries.insert(rel, KeptEntry { meta, own });
        }
        r.buf.is_empty().then_some(Kept { entries })
    }
}

impl KeptEntry<'_> {
    /// The own part of the report file `f`; `None` when it does not decode as one.
    fn decode(&self, f: &ReportFile) -> Option<Own> {
        let own = codec::decode(self.own)?;
        let same = own
            .report
            .as_ref()
            .is_none_or(|r| r.file == f.rel && r.year == f.year && r.slug == f.slug);
        same.then_some(own)
    }
}

#[cfg(test)]
mod tests;
