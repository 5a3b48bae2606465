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
//! The cache is a folder of [`SHARDS`] files, each holding the entries of the report files
//! whose path falls to it ([`shard_of`]), so that after one edit only the file holding the
//! edited report's entry is written again (at 100,000 reports the cache is 300 MB, and writing it
//! whole was a large part of a one-report rebuild): a file all of whose entries still stand as
//! they are, for the same files in the same order, is linked from the previous output instead.
//! Each file: [`MAGIC`], the format, the key of what every entry depends on, the entries (each:
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
use crate::content::{self, Departments, Report, ReportFile};
use crate::output::{self, Key};
use crate::site::{self, LoadError, Own, Site};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// The first bytes of a report cache.
const MAGIC: &[u8] = b"gongkai report cache\n";

/// The layout of the file and of its entries; changed with them.
const FORMAT: u32 = 1;

/// How many files the cache is split into (see the module's documentation): at 100,000 reports
/// some 5 MB each, at 10,000 half a megabyte.
pub const SHARDS: usize = 64;

/// The file of the cache (within [`output::REPORT_CACHE`]) that holds the entry of the report
/// file `rel`: by a CRC-32 of its path, the same in every build.
fn shard_of(rel: &str) -> usize {
    crc32fast::hash(rel.as_bytes()) as usize % SHARDS
}

/// The path of cache file `shard`, relative to the output folder.
pub fn shard_path(shard: usize) -> String {
    format!("{}/{shard:02}", output::REPORT_CACHE)
}

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
    /// Per cache file: whether the previous one stands as it is (every entry of it a file whose
    /// identity it vouched for, and the same files in the same order), so that it is linked
    /// rather than written again.
    standing: Vec<bool>,
    /// The previous output, read meanwhile on a thread of its own ([`output::Ahead`]): its
    /// manifest and every file it lists looked at, on the core the load leaves free.
    ahead: Option<std::thread::JoinHandle<Option<output::Ahead>>>,
}

struct Entry {
    rel: String,
    meta: Meta,
    /// The report, shared with the site.
    report: Option<Arc<Report>>,
    /// The findings about it alone, encoded ([`codec::encode_findings`]): the site holds them
    /// as found, and a large site has a hundred thousand.
    findings: Vec<u8>,
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
    let mut standing = vec![false; SHARDS];
    let mut ahead = None;
    let mut findings = vec![];
    let (site, scanned, owns) = Site::load_reading(root, |config, departments, files| {
        let identities = identities();
        key = cache_key(root, departments);
        let dir = target(config);
        let read_ahead = dir.clone();
        ahead = Some(std::thread::spawn(move || output::Ahead::read(&read_ahead)));
        let kept = open_kept(key, || dir);
        let (owns, m, s) = read(files, departments, kept, &identities);
        (metas, standing) = (m, s);
        // Encoded now: the load moves each file's findings into the site's. Not for the
        // entries of a cache file that stands as it is: it is linked, not written (after one
        // edit, all files but one).
        findings = (owns.par_iter().zip(files))
            .map(|(own, f)| match standing[shard_of(&f.rel)] {
                true => Vec::new(),
                false => codec::encode_findings(own),
            })
            .collect();
        owns
    })?;
    let entries = scanned
        .files
        .into_par_iter()
        .zip(metas)
        .zip(owns)
        .zip(findings)
        .filter_map(|(((rel, meta), own), findings)| {
            Some(Entry {
                rel,
                meta: meta?,
                findings,
                report: own.report,
            })
        })
        .collect();
    Ok((
        site,
        Loaded {
            key,
            entries,
            standing,
            ahead,
        },
    ))
}

/// [`Site::load`] for `check`: what the report cache in the site's own output folder
/// (`output_dir`, where `build` keeps it when not given `--output`) still holds is taken from
/// it, the other report files read and checked, as `build` loads them; nothing is written.
/// After a build, checking 100,000 reports parses only those edited since, with the same
/// findings (see the module's documentation).
pub fn load_for_check(root: &Path) -> Result<Site, LoadError> {
    let (site, scanned, owns) = Site::load_reading(root, |config, departments, files| {
        let identities = Identities {
            now: SystemTime::now(),
            stats: None,
        };
        let kept = open_kept(cache_key(root, departments), || {
            root.join(&config.output_dir)
        });
        read(files, departments, kept, &identities).0
    })?;
    // Only the site is used: freeing the files' parts one by one would only delay the exit.
    std::mem::forget((scanned, owns));
    Ok(site)
}

/// The previous build's cache files in the output folder `dir`, to be read for `key` (none
/// when there is no key).
fn open_kept(key: Option<Key>, dir: impl FnOnce() -> PathBuf) -> Vec<Option<Kept>> {
    let Some(key) = key else {
        return vec![];
    };
    let dir = dir();
    (0..SHARDS)
        .map(|shard| {
            let file = std::fs::File::open(dir.join(shard_path(shard))).ok()?;
            let len = file.metadata().ok()?.len();
            Some(Kept { file, len, key })
        })
        .collect()
}

/// Each file's own part, from the cache where it holds it, read and checked otherwise; what
/// an entry of the next cache knows of the file (`None` when it could not be read); and which
/// cache files stand as they are ([`Loaded::standing`]).
fn read(
    files: &[ReportFile],
    departments: &Departments,
    kept: Vec<Option<Kept>>,
    identities: &Identities<'_>,
) -> (Vec<Own>, Vec<Option<Meta>>, Vec<bool>) {
    let settled_before = identities
        .now
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .saturating_sub(RACY);
    // First every file's identity, then the cache as it is read: the files whose identity it
    // vouches for (with their SHA-256), and the entries of the others, kept for their bytes.
    let stats: Vec<Option<Stat>> = files.par_iter().map(|f| identities.of(&f.path)).collect();
    let index: FxHashMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.rel.as_str(), i))
        .collect();
    let mut hits: Vec<Option<(Own, Key)>> = (0..files.len()).map(|_| None).collect();
    let mut entries: FxHashMap<String, (Meta, Vec<u8>)> = FxHashMap::default();
    // The files of each cache file, in order, as the next cache will hold them.
    let mut wanted: Vec<Vec<usize>> = vec![vec![]; SHARDS];
    for (i, f) in files.iter().enumerate() {
        wanted[shard_of(&f.rel)].push(i);
    }
    let mut standing = vec![false; SHARDS];
    // The cache files read side by side (each reads, checks and parses its entries on one
    // core, decoding them on both), then taken in their order.
    let gathered: Vec<Option<Gathered>> = kept
        .into_par_iter()
        .map(|kept| kept?.gather(files, &index, &stats))
        .collect();
    for (shard, gathered) in gathered.into_iter().enumerate() {
        if let Some(gathered) = gathered {
            let held = gathered.take(files, &mut hits, &mut entries);
            standing[shard] = held.is_some_and(|held| held == wanted[shard]);
        }
    }
    // Then the others' bytes: parsed unless the cache has the same bytes.
    let others: Vec<ReportFile> = files
        .iter()
        .zip(&hits)
        .filter(|(_, hit)| hit.is_none())
        .map(|(f, _)| f.clone())
        .collect();
    let entry = |f: &ReportFile| entries.get(f.rel.as_str());
    let mut read = content::read_all(&others, |f, bytes| {
        let digest: Option<Key> = bytes.as_ref().ok().map(|b| Sha256::digest(b).into());
        let kept = entry(f)
            .filter(|(meta, _)| Some(meta.digest) == digest)
            .and_then(|(_, own)| decode(own, f));
        let own = kept.unwrap_or_else(|| site::own(f, bytes, departments));
        (own, digest)
    })
    .into_iter();
    let mut owns = Vec::with_capacity(files.len());
    let mut metas = Vec::with_capacity(files.len());
    for (stat, hit) in stats.into_iter().zip(hits) {
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
    (owns, metas, standing)
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
    /// The previous output as read ahead, once that is done (see [`Loaded::ahead`]).
    pub fn ahead(&mut self) -> Option<output::Ahead> {
        self.ahead.take()?.join().ok()?
    }

    /// Each report file's SHA-256, by its path relative to the site.
    pub fn digests(&self) -> FxHashMap<&str, &Key> {
        self.entries
            .iter()
            .map(|e| (e.rel.as_str(), &e.meta.digest))
            .collect()
    }

    /// The cache into the output being built: each cache file written, or linked from the
    /// previous output where it stands as it is ([`Loaded::standing`]; should the link fail,
    /// the file is left out, its entries' findings not having been kept, and the next build
    /// reads those report files again). The entries of each
    /// file are let go once it is in place: the build has no other use for them, and at
    /// 100,000 reports their paths and findings are tens of megabytes of its peak.
    pub fn save(self, staging: &output::Staging) -> Result<(), crate::error::Error> {
        let Some(key) = self.key else {
            return Ok(());
        };
        let mut entries = self.entries;
        let mut shards: Vec<Vec<usize>> = vec![vec![]; SHARDS];
        for (i, e) in entries.iter().enumerate() {
            shards[shard_of(&e.rel)].push(i);
        }
        for (shard, held) in shards.iter().enumerate() {
            let path = shard_path(shard);
            if self.standing[shard] {
                staging.keep_own(&path);
            } else {
                let these: Vec<&Entry> = held.iter().map(|&i| &entries[i]).collect();
                staging.write_own(&path, |out| write_shard(&key, &these, out))?;
            }
            for &i in held {
                let e = &mut entries[i];
                (e.rel, e.findings, e.report) = (String::new(), Vec::new(), None);
            }
        }
        Ok(())
    }

    /// Every cache file's bytes, as [`Loaded::save`] writes them (for the tests; those of a
    /// file that stands as it is are linked instead, and hold no findings here).
    #[cfg(test)]
    fn shard_bytes(&self) -> Vec<Vec<u8>> {
        let mut shards: Vec<Vec<&Entry>> = vec![vec![]; SHARDS];
        for e in &self.entries {
            shards[shard_of(&e.rel)].push(e);
        }
        shards
            .iter()
            .map(|entries| {
                let mut bytes = vec![];
                if let Some(key) = &self.key {
                    write_shard(key, entries, &mut bytes).expect("into memory");
                }
                bytes
            })
            .collect()
    }
}

/// One cache file of `entries`, into `out`.
fn write_shard(key: &Key, entries: &[&Entry], out: &mut dyn Write) -> io::Result<()> {
    let mut crc = crc32fast::Hasher::new();
    let mut put = |bytes: &[u8]| {
        crc.update(bytes);
        out.write_all(bytes)
    };
    let mut head = codec::Writer::default();
    head.bytes(MAGIC);
    head.bytes(&FORMAT.to_le_bytes());
    head.bytes(key);
    head.uint(entries.len() as u64);
    put(&head.buf)?;
    for chunk in entries.chunks(CHUNK) {
        let encoded: Vec<Vec<u8>> = chunk.par_iter().map(|e| e.encode()).collect();
        for bytes in encoded {
            put(&bytes)?;
        }
    }
    let sum = crc.finalize();
    out.write_all(&sum.to_le_bytes())
}

impl Entry {
    /// The entry's own part, as bytes.
    fn own_bytes(&self) -> Vec<u8> {
        codec::encode_with(self.report.as_deref(), &self.findings)
    }

    fn encode(&self) -> Vec<u8> {
        let own = self.own_bytes();
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

/// A cache file of the previous build, to be read for the key of this one.
struct Kept {
    file: std::fs::File,
    len: u64,
    key: Key,
}

/// What one entry gives a file.
enum Use {
    /// Its identity is the entry's: the own part, decoded.
    Hit(Own, Key),
    /// Its bytes are to be compared with the entry's.
    Bytes(Meta, Vec<u8>),
    /// Nothing (the entry does not decode as the file's).
    Nothing,
}

/// How much of the cache file is read at a time: the entries read are decoded (in parallel) and
/// dropped before more is read, so that the cache is never held whole beside the site it
/// loads (at 100,000 reports the file is some 300 MB). The tests read less than an entry at a
/// time, so that every load of theirs takes entries across pieces.
const READ: usize = if cfg!(test) { 200 } else { 4 << 20 };

/// What one cache file holds for the files of the site ([`Kept::gather`]), to be taken
/// ([`Gathered::take`]).
struct Gathered {
    /// What each entry gives, in the file's order, by the place of its file.
    uses: Vec<(usize, Use)>,
    /// Whether an entry names a file the site no longer has.
    unknown: bool,
}

impl Kept {
    /// What this cache file holds for `files` (whose identities are `stats`, `index` their
    /// places by path), read a piece at a time; nothing when the file is not exactly one this
    /// binary wrote for the key (see the module's documentation: then what was decoded on the
    /// way is dropped).
    fn gather(
        self,
        files: &[ReportFile],
        index: &FxHashMap<&str, usize>,
        stats: &[Option<Stat>],
    ) -> Option<Gathered> {
        let mut uses: Vec<(usize, Use)> = Vec::new();
        let mut unknown = false;
        let sound = self.entries(|run| {
            unknown |= run.iter().any(|(rel, _)| !index.contains_key(rel));
            uses.par_extend(run.par_iter().filter_map(|(rel, e)| {
                let i = *index.get(rel)?;
                let (f, stat) = (&files[i], stats[i]);
                let vouched = e.meta.settled && stat.is_some() && e.meta.stat == stat;
                let used = if !vouched {
                    Use::Bytes(e.meta, e.own.to_vec())
                } else if let Some(own) = decode(e.own, f) {
                    Use::Hit(own, e.meta.digest)
                } else {
                    Use::Nothing
                };
                Some((i, used))
            }));
        });
        sound.then_some(Gathered { uses, unknown })
    }

    /// Read the cache's entries, handing each run of them to `each` as it is read; whether the
    /// file was whole and written for the key (its CRC-32 is known only at its end).
    fn entries(mut self, mut each: impl FnMut(&[(&str, KeptEntry<'_>)])) -> bool {
        use std::io::Read;
        let Some(body_len) = self.len.checked_sub(4) else {
            return false;
        };
        let mut crc = crc32fast::Hasher::new();
        let mut buf: Vec<u8> = Vec::new();
        let mut left = body_len;
        // Another piece of the body onto `buf`; false when there is no more.
        let mut more = |buf: &mut Vec<u8>| -> bool {
            let n = left.min(READ as u64) as usize;
            if n == 0 {
                return false;
            }
            let at = buf.len();
            buf.resize(at + n, 0);
            if self.file.read_exact(&mut buf[at..]).is_err() {
                buf.truncate(at);
                left = 0;
                return false;
            }
            crc.update(&buf[at..]);
            left -= n as u64;
            true
        };
        let _ = more(&mut buf);
        let mut r = codec::Reader::new(&buf);
        if r.bytes(MAGIC.len()) != Some(MAGIC)
            || r.bytes(4) != Some(&FORMAT.to_le_bytes()[..])
            || r.bytes(self.key.len()) != Some(&self.key[..])
        {
            return false;
        }
        let Some(mut n) = r.uint().filter(|&n| n <= body_len) else {
            return false;
        };
        let head = buf.len() - r.buf.len();
        buf.drain(..head);
        while n > 0 {
            let mut r = codec::Reader::new(&buf);
            let mut run = Vec::new();
            while (run.len() as u64) < n {
                let before = r.buf;
                match KeptEntry::parse(&mut r) {
                    Some(e) => run.push(e),
                    None => {
                        r.buf = before;
                        break;
                    }
                }
            }
            let used = buf.len() - r.buf.len();
            if run.is_empty() {
                // An entry longer than what is read so far, or not one at all.
                if !more(&mut buf) {
                    return false;
                }
                continue;
            }
            each(&run);
            n -= run.len() as u64;
            drop(run);
            buf.drain(..used);
            if n > 0 && buf.len() < READ / 2 {
                more(&mut buf);
            }
        }
        let mut sum = [0; 4];
        buf.is_empty()
            && left == 0
            && self.file.read_exact(&mut sum).is_ok()
            && crc.finalize() == u32::from_le_bytes(sum)
    }
}

impl Gathered {
    /// The entries into `hits` and `entries`. Returns, when its every entry is a hit, the
    /// places of the cache file's files in its order: whether it stands as it is.
    fn take(
        self,
        files: &[ReportFile],
        hits: &mut [Option<(Own, Key)>],
        entries: &mut FxHashMap<String, (Meta, Vec<u8>)>,
    ) -> Option<Vec<usize>> {
        let Gathered { uses, unknown } = self;
        let mut order: Option<Vec<usize>> = Some(Vec::new());
        // A path listed twice: its last entry counts.
        for (i, used) in uses {
            let rel = &files[i].rel;
            hits[i] = None;
            entries.remove(rel.as_str());
            match used {
                Use::Hit(own, digest) => {
                    hits[i] = Some((own, digest));
                    if let Some(order) = &mut order {
                        order.push(i);
                    }
                }
                Use::Bytes(meta, own) => {
                    order = None;
                    entries.insert(rel.clone(), (meta, own));
                }
                Use::Nothing => order = None,
            }
        }
        order.filter(|_| !unknown)
    }
}

/// An entry of the cache as read: its file's path, what it knows of the file, and the own
/// part's bytes, decoded only when used.
struct KeptEntry<'a> {
    meta: Meta,
    own: &'a [u8],
}

impl<'a> KeptEntry<'a> {
    /// The next entry of `r`; `None` when it holds no whole entry.
    fn parse(r: &mut codec::Reader<'a>) -> Option<(&'a str, KeptEntry<'a>)> {
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
        Some((rel, KeptEntry { meta, own }))
    }
}

/// The own part in `bytes` of the report file `f`; `None` when they do not decode as one.
fn decode(bytes: &[u8], f: &ReportFile) -> Option<Own> {
    let own = codec::decode(bytes)?;
    let same = own
        .report
        .as_ref()
        .is_none_or(|r| r.file == f.rel && r.year == f.year && r.slug == f.slug);
    same.then_some(own)
}

#[cfg(test)]
mod tests;
