//! Writing the output folder atomically: everything goes into a fresh folder next to the
//! output, which is swapped in only when the build has succeeded. A failed build leaves the
//! previous output untouched, and files of deleted reports disappear because only what the
//! build produces goes into the fresh folder.
//!
//! Deploys send only what changed: a file whose bytes equal the previous output's file at the
//! same path is not written again but hard-linked from it, so it keeps its bytes, its
//! modification time and its inode, and `rsync` or an object-storage sync sees it as unchanged.
//! An old file is trusted from the previous manifest only while it cannot have changed since
//! ([`previous`] says how); any other is compared byte for byte, so a previous output that was
//! edited by hand is rewritten where it differs. Every build also writes a manifest of
//! what it wrote ([`MANIFEST_SHA256`], [`MANIFEST_JSON`]); docs/deploy.md shows how to use it.
//!
//! On this kind of machine creating directories and files dominates a large build, so the
//! folders are created once, up front, and each file is written (or linked) exactly once.

use crate::error::Error;
pub use manifest::sha256_hex;
use manifest::{Entry, Sum, write_json, write_sums};
use previous::{
    FileId, Listed, Prefix, Previous, StreamTee, create_new, link_if_same, open_regular,
    still_the_file, write_new,
};
pub use state::{Key, Recorded, State, Summary};

mod checkpoints;
mod lock;
mod manifest;
mod previous;
mod state;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// The previous output of a build, read ahead ([`Ahead::read`]) while the build loads its site.
pub struct Ahead(Previous);

impl Ahead {
    /// The previous output in `target`: its manifest and state read, and every file it lists
    /// looked at ([`Previous::look_ahead`]). [`Staging::new_with`] takes what was read only when
    /// the manifest is still the one read (no build has changed the output since); `None` when
    /// `target` holds no output.
    pub fn read(target: &Path) -> Option<Ahead> {
        let target = std::path::absolute(target).ok()?;
        target.join(MARKER).is_file().then_some(())?;
        let mut prev = Previous::open(&target);
        prev.look_ahead();
        Some(Ahead(prev))
    }
}

/// A file in every output folder, so that a later build knows it may replace the folder (and
/// refuses to replace a folder that holds anything else).
pub const MARKER: &str = ".gongkai-output";

/// The manifest in `sha256sum` format (`<sha256>  <path>` per file, sorted by path), so that
/// `sha256sum -c` run in the output folder verifies it and two of them diff line by line.
pub const MANIFEST_SHA256: &str = ".gongkai-manifest.sha256";

/// The same manifest as JSON, with sizes: `{"files": [{"path", "size", "sha256"}]}`.
pub const MANIFEST_JSON: &str = ".gongkai-manifest.json";

/// When the build that wrote the manifest had finished (see [`Previous`]); rewritten by every build.
const SEAL: &str = ".gongkai-seal";

/// What each job's output files were made from (see [`State`]): what lets the next build over
/// this output render only the jobs whose inputs changed.
pub const STATE: &str = ".gongkai-build-state";

/// What `build` loaded from each report file, for the next build to parse only the files that
/// changed (`crate::pipeline::cache`): a folder of files written beside the state with
/// [`Staging::write_own`], or kept with [`Staging::keep_own`].
pub const REPORT_CACHE: &str = ".gongkai-report-cache";

/// The SHA-256 states of the large streamed files, for the next build to hash only what it
/// writes of them again (see [`checkpoints`]).
pub const SHA256_STATES: &str = ".gongkai-sha256-states";

/// Whether a path (relative to the output folder) is one of gongkai's own files rather than a
/// page of the site: the marker, the manifests, the seal, the build state and the report cache,
/// which the manifests do not list.
pub fn is_own_file(rel: &str) -> bool {
    rel == MARKER
        || rel == MANIFEST_SHA256
        || rel == MANIFEST_JSON
        || rel == SEAL
        || rel == STATE
        || rel == REPORT_CACHE
        || rel == SHA256_STATES
        || rel
            .strip_prefix(REPORT_CACHE)
            .is_some_and(|r| r.starts_with('/'))
}

fn io_err(path: &Path, e: io::Error) -> Error {
    Error::io(path, e)
}

/// What a build wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    pub dirs: usize,
    /// Every file of the new output (the marker included, the manifests not).
    pub files: usize,
    /// Their total size.
    pub bytes: u64,
    /// Of `files`, those kept from the previous output (same bytes; linked, not written).
    pub kept: usize,
    /// Site files (sorted) the previous output's manifest listed that this build no longer has.
    pub removed: Vec<String>,
    /// An interrupted build (killed, out of power) had left its unfinished folder; it was removed.
    pub leftover_removed: bool,
}

/// Which folders to create up front and which each job creates itself.
///
/// A folder that only one job writes into, and that holds no other folder, is that job's own
/// (a report's folder): the job creates it while rendering, so the folders are made in parallel
/// with the rendering. Every other folder (and each ancestor) is shared and made first.
/// `outputs[j]` are job j's output paths; the second value lists each job's own folders.
pub fn plan_dirs(outputs: &[&[String]]) -> (BTreeSet<String>, Vec<Vec<String>>) {
    let mut owner: BTreeMap<&str, Option<usize>> = BTreeMap::new();
    let mut shared: BTreeSet<String> = BTreeSet::new();
    for (j, outs) in outputs.iter().enumerate() {
        for out in outs.iter() {
            let Some((dir, _)) = out.rsplit_once('/') else {
                continue;
            };
            owner
                .entry(dir)
                .and_modify(|o| {
                    if *o != Some(j) {
                        *o = None;
                    }
                })
                .or_insert(Some(j));
            let mut p = dir;
            while let Some((parent, _)) = p.rsplit_once('/') {
                if !shared.insert(parent.to_string()) {
                    break;
                }
                p = parent;
            }
        }
    }
    let mut own = vec![vec![]; outputs.len()];
    for (dir, o) in owner {
        match o {
            Some(j) if !shared.contains(dir) => own[j].push(dir.to_string()),
            _ => {
                shared.insert(dir.to_string());
            }
        }
    }
    (shared, own)
}

/// A new output folder being filled, or (after [`Staging::keep`]) the files an incremental build
/// changes, which [`Staging::commit`] moves into the previous output.
pub struct Staging {
    tmp: PathBuf,
    target: PathBuf,
    /// Held until the build is done: one build at a time per output folder.
    _lock: lock::OutputLock,
    /// The previous output, whose unchanged files are linked instead of written.
    prev: Option<Previous>,
    /// Whether files of the previous output were kept as they are without rendering their jobs:
    /// then the commit updates the previous output in place instead of swapping a whole folder.
    patch: std::sync::atomic::AtomicBool,
    /// The build state to write beside the manifests.
    state: std::sync::OnceLock<State>,
    dirs: AtomicUsize,
    files: AtomicUsize,
    bytes: AtomicU64,
    kept: AtomicUsize,
    manifest: Mutex<Vec<Entry>>,
    /// The SHA-256 states of the large files streamed (see [`checkpoints`]).
    states: Mutex<Vec<(String, checkpoints::States)>>,
    committed: bool,
    leftover_removed: bool,
}

/// Refuse output folders whose replacement would destroy something: the site itself, a folder
/// containing it, a file that is not a folder, or a non-empty folder that was not written by
/// gongkai. Checked before anything is created or moved.
pub fn check_target(site_root: &Path, target: &Path) -> Result<(), Error> {
    if let Ok(meta) = std::fs::metadata(target)
        && !meta.is_dir()
    {
        return Err(Error::OutputIsFile(target.to_path_buf()));
    }
    // A target not made yet: its nearest existing folder resolved (links, `..`), then the rest.
    let abs = |p: &Path| -> std::io::Result<PathBuf> {
        let p = std::path::absolute(p)?;
        let mut base = p.as_path();
        let mut rest = vec![];
        loop {
            if let Ok(real) = std::fs::canonicalize(base) {
                return Ok(rest.iter().rev().fold(real, |acc, c| acc.join(c)));
            }
            match (base.parent(), base.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    base = parent;
                }
                _ => return Ok(p.clone()),
            }
        }
    };
    let root = abs(site_root).map_err(|e| io_err(site_root, e))?;
    let t = abs(target).map_err(|e| io_err(target, e))?;
    if root.starts_with(&t) || t.starts_with(root.join("content")) {
        return Err(Error::OutputContainsSite(target.to_path_buf()));
    }
    if ["static", "templates", "themes"]
        .iter()
        .any(|d| t.starts_with(root.join(d)))
    {
        return Err(Error::OutputInsideTheme(target.to_path_buf()));
    }
    if let Ok(mut entries) = std::fs::read_dir(target)
        && entries.next().is_some()
        && !target.join(MARKER).exists()
    {
        return Err(Error::OutputNotOurs(target.to_path_buf()));
    }
    Ok(())
}

impl Staging {
    /// Start a fresh folder beside `target`, once no other build writes into it (the lock beside
    /// it; a second build is refused with [`Error::OutputBusy`]). Its name is this build's own
    /// (`.NAME.gongkai-new-PID-NANOS`); one left by an interrupted build, which no longer holds
    /// the lock, is removed.
    pub fn new(target: &Path) -> Result<Staging, Error> {
        Staging::new_with(target, None)
    }

    /// [`Staging::new`], taking the previous output as [`Ahead`] read it when it still stands
    /// as it was then.
    pub fn new_with(target: &Path, ahead: Option<Ahead>) -> Result<Staging, Error> {
        let target = std::path::absolute(target).map_err(|e| io_err(target, e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = target.parent().unwrap_or(Path::new("/"));
        std::fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
        let lock = lock::OutputLock::take(parent, &name, &target)?;
        let leftover_removed = lock::remove_leftovers(parent, &name)?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let tmp = parent.join(format!(
            "{}{}-{nanos}",
            lock::staging_prefix(&name),
            std::process::id()
        ));
        std::fs::create_dir(&tmp).map_err(|e| io_err(&tmp, e))?;
        spread_subfolders(&tmp);
        // `check_target` has made sure a non-empty target holds the marker.
        let prev = target.join(MARKER).is_file().then(|| match ahead {
            Some(Ahead(prev)) if prev.dir == target && prev.still_sealed() => prev,
            _ => Previous::open(&target),
        });
        let staging = Staging {
            tmp,
            target,
            _lock: lock,
            prev,
            patch: std::sync::atomic::AtomicBool::new(false),
            state: std::sync::OnceLock::new(),
            dirs: AtomicUsize::new(1),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            kept: AtomicUsize::new(0),
            manifest: Mutex::new(Vec::new()),
            states: Mutex::new(Vec::new()),
            committed: false,
            leftover_removed,
        };
        staging.put(MARKER, b"", None)?;
        Ok(staging)
    }

    /// Create the shared folders (see [`plan_dirs`]), parents first, each once.
    pub fn create_dirs(&self, dirs: &BTreeSet<String>) -> Result<(), Error> {
        // Top-level folders are created under a name unique to this build and renamed: the file
        // system places a folder by a hash of its name (see `spread_subfolders`), and a fresh
        // place avoids the inodes the previous output freed moments ago.
        let nonce = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
            ^ u64::from(std::process::id());
        // Sorted order puts every parent before its children.
        for (i, d) in dirs.iter().enumerate() {
            let path = self.tmp.join(d);
            if d.contains('/') {
                std::fs::create_dir(&path).map_err(|e| io_err(&path, e))?;
            } else {
                let fresh = self.tmp.join(format!(".new-{nonce:x}-{i}"));
                std::fs::create_dir(&fresh).map_err(|e| io_err(&fresh, e))?;
                std::fs::rename(&fresh, &path).map_err(|e| io_err(&path, e))?;
            }
            self.dirs.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    /// Create one folder whose parent exists (a job's own folder). Safe from many threads.
    pub fn create_dir(&self, dir: &str) -> Result<(), Error> {
        let path = self.tmp.join(dir);
        std::fs::create_dir(&path).map_err(|e| io_err(&path, e))?;
        self.dirs.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Write one file of the site (its folder exists) and list it in the manifest. Safe to call
    /// from many threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        debug_assert!(!rel.split('/').any(|c| c == ".." || c.is_empty()));
        debug_assert!(!is_own_file(rel), "{rel} is gongkai's own file");
        let sum = Sum::of(bytes);
        self.put(rel, bytes, Some(sum))?;
        self.list(rel, bytes.len() as u64, sum);
        Ok(())
    }

    /// Write one file that `fill` produces piece by piece (a file too large to hold in memory,
    /// such as the long CSV of a large portal), through a buffer, and list it in the manifest.
    /// It is compared with the previous output's file as it is written; when they are the same,
    /// the old file replaces the one written, so it keeps its modification time like any other.
    /// Safe from many threads.
    pub fn write_stream(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<(), Error> {
        debug_assert!(!rel.split('/').any(|c| c == ".." || c.is_empty()));
        debug_assert!(!is_own_file(rel), "{rel} is gongkai's own file");
        let (len, sum, kept) = self.stream(rel, fill)?;
        if kept {
            self.kept.fetch_add(1, Ordering::Relaxed);
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(len, Ordering::Relaxed);
        self.list(rel, len, sum);
        Ok(())
    }

    /// Write `rel` as `prefix` followed by the bytes of `of`, a file this build wrote before
    /// (the Excel copy of a CSV), as [`Staging::write_stream`] does. Safe from many threads.
    pub fn write_copy(&self, rel: &str, of: &str, prefix: &[u8]) -> Result<(), Error> {
        let from = self.tmp.join(of);
        self.write_stream(rel, |w| crate::render::copy_after(prefix, &from, w))
    }

    /// Write `rel` as [`Staging::write_stream`] does, without listing or counting it (the
    /// manifests use it too). Returns its size, its SHA-256 and whether the old file was kept.
    fn stream(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<(u64, Sum, bool), Error> {
        let path = self.tmp.join(rel);
        let old = self.prev.as_ref().map(|p| p.dir.join(rel));
        // A file the old manifest vouches for is judged by its hash; any other is read alongside.
        let vouched = self.prev.as_ref().and_then(|p| p.vouched(rel));
        let old_file = match &vouched {
            Some(_) => None,
            None => old.as_deref().and_then(open_regular),
        };
        // A large file it vouches for, whose states were kept: compared as it streams, and
        // neither hashed nor written where it is the same (see [`checkpoints`]).
        let prefix = vouched.as_ref().and_then(|(listed, id)| {
            let states = self.prev.as_ref()?.states(rel, listed)?;
            let (file, meta) = old.as_deref().and_then(open_regular)?;
            (FileId::of(&meta) == *id && meta.len() == listed.size).then(|| Prefix {
                file,
                len: listed.size,
                states: states.states.clone(),
            })
        });
        let mut tee = StreamTee {
            out: io::BufWriter::with_capacity(
                1 << 20,
                create_new(&path).map_err(|e| io_err(&path, e))?,
            ),
            hash: Sha256::new(),
            len: 0,
            old: old_file
                .as_ref()
                .and_then(|(f, _)| f.try_clone().ok())
                .map(|f| io::BufReader::with_capacity(1 << 16, f)),
            buf: Vec::new(),
            prefix,
            states: Vec::new(),
            hashed: !is_own_file(rel),
        };
        // Through a buffer: the writers (CSV rows, manifest lines) write a few bytes at a time,
        // and hashing and comparing each piece on its own cost more than the file's rendering.
        {
            let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut tee);
            fill(&mut buffered).and_then(|()| io::Write::flush(&mut buffered))
        }
        .and_then(|()| io::Write::flush(&mut tee))
        .map_err(|e| io_err(&path, e))?;
        // The previous file's bytes throughout: nothing was written or hashed.
        let identical = tee.prefix.as_ref().is_some_and(|p| p.len == tee.len);
        if !identical {
            tee.diverge(tee.len)
                .and_then(|()| io::Write::flush(&mut tee))
                .map_err(|e| io_err(&path, e))?;
        }
        let same_as_read = vouched.is_none() && tee.same_as_old();
        let (sum, states) = match (&vouched, tee.prefix.take().filter(|_| identical)) {
            (Some((listed, _)), Some(prefix)) => (listed.sha256, prefix.states),
            _ => (
                Sum::from(std::mem::take(&mut tee.hash)),
                std::mem::take(&mut tee.states),
            ),
        };
        let same = match &vouched {
            Some((listed, _)) => listed.size == tee.len && listed.sha256 == sum,
            None => same_as_read,
        };
        let id = vouched
            .map(|(_, id)| id)
            .or(old_file.map(|(_, m)| FileId::of(&m)));
        let mut kept = false;
        if let (true, Some(old), Some(id)) = (same, &old, id) {
            // Linked beside and renamed over: the file written stays if linking fails.
            let link = self.tmp.join(format!("{rel}.gongkai-link"));
            if std::fs::hard_link(old, &link).is_ok() && still_the_file(&link, id) {
                if std::fs::rename(&link, &path).is_ok() {
                    kept = true;
                } else {
                    let _ = std::fs::remove_file(&link);
                }
            }
        }
        if identical && !kept {
            // Nothing was written: the previous file's bytes after all.
            let mut prefix = Some(Prefix {
                file: old
                    .as_deref()
                    .and_then(open_regular)
                    .ok_or_else(|| io_err(&path, io::ErrorKind::NotFound.into()))?
                    .0,
                len: tee.len,
                states: vec![],
            });
            std::mem::swap(&mut tee.prefix, &mut prefix);
            tee.diverge(tee.len)
                .and_then(|()| io::Write::flush(&mut tee))
                .map_err(|e| io_err(&path, e))?;
        }
        drop(tee.out);
        if tee.len >= checkpoints::FROM && !is_own_file(rel) {
            let states = checkpoints::States {
                size: tee.len,
                sha256: sum,
                states,
            };
            self.states
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((rel.to_string(), states));
        }
        Ok((tee.len, sum, kept))
    }

    fn list(&self, rel: &str, size: u64, sha256: Sum) {
        let entry = Entry {
            path: rel.to_string(),
            size,
            sha256,
        };
        self.manifest
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(entry);
    }

    /// Put one file in place: linked from the previous output when its bytes are the same there,
    /// written otherwise. `sha256` (of `bytes`) lets the old manifest vouch for the old file.
    fn put(&self, rel: &str, bytes: &[u8], sha256: Option<Sum>) -> Result<(), Error> {
        let path = self.tmp.join(rel);
        let kept = self.prev.as_ref().is_some_and(|prev| {
            let old = prev.dir.join(rel);
            match (prev.vouched(rel), sha256) {
                (Some((listed, id)), Some(sha256)) => {
                    listed.size == bytes.len() as u64
                        && listed.sha256 == sha256
                        && std::fs::hard_link(&old, &path).is_ok()
                        && still_the_file(&path, id)
                }
                _ => link_if_same(&old, &path, bytes),
            }
        });
        if kept {
            self.kept.fetch_add(1, Ordering::Relaxed);
        } else {
            write_new(&path, bytes).map_err(|e| io_err(&path, e))?;
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    pub fn stats(&self) -> Stats {
        Stats {
            dirs: self.dirs.load(Ordering::Relaxed),
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            kept: self.kept.load(Ordering::Relaxed),
            removed: vec![],
            leftover_removed: self.leftover_removed,
        }
    }

    /// Write one of gongkai's own files (see [`is_own_file`]) with what `fill` produces: not
    /// listed in the manifests, not counted as a file of the site, put in place with the rest
    /// at the commit (kept from the previous output when the commit has nothing else to do).
    pub fn write_own(
        &self,
        name: &str,
        fill: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<(), Error> {
        debug_assert!(is_own_file(name) && name != STATE, "{name}");
        let path = self.tmp.join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
        }
        let file = create_new(&path).map_err(|e| io_err(&path, e))?;
        let mut out = io::BufWriter::with_capacity(1 << 20, file);
        fill(&mut out)
            .and_then(|()| io::Write::flush(&mut out))
            .map_err(|e| io_err(&path, e))
    }

    /// Keep one of gongkai's own files of the previous output as it is (hard-linked into the
    /// new one) instead of writing it, as [`Staging::write_own`] would; false when there is no
    /// such regular file or it cannot be linked (then the caller writes it).
    pub fn keep_own(&self, name: &str) -> bool {
        debug_assert!(is_own_file(name) && name != STATE, "{name}");
        let Some(prev) = &self.prev else {
            return false;
        };
        let (old, path) = (prev.dir.join(name), self.tmp.join(name));
        std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_file())
            && path
                .parent()
                .is_some_and(|dir| std::fs::create_dir_all(dir).is_ok())
            && std::fs::hard_link(&old, &path).is_ok()
    }

    /// Room in the manifest for `files` entries, the number of files the build will list: it
    /// grew by doubling, and at 100,000 reports (317,000 files) its last doubling took 33 MB,
    /// the copy of the list before it 17 MB more meanwhile.
    pub fn reserve(&self, files: usize) {
        let mut manifest = self.manifest.lock().unwrap_or_else(|e| e.into_inner());
        let listed = manifest.len();
        manifest.reserve_exact(files.saturating_sub(listed));
    }

    /// What the previous output's jobs were made from, when it can be trusted (sealed with it).
    pub fn previous_state(&self) -> Option<&State> {
        self.prev.as_ref()?.state.as_ref()
    }

    /// The state to write beside the manifests (what this build's jobs were made from).
    pub fn set_state(&self, state: State) {
        let _ = self.state.set(state);
    }

    /// Keep a job's files from the previous output as they are, without rendering it: when the
    /// manifest vouches for every one of them (listed, sealed, not touched since), they are
    /// listed with the manifest's size and SHA-256 (not read again) and true is returned; the
    /// commit then updates the previous output in place. False: the job must be rendered.
    /// Safe from many threads.
    pub fn keep(&self, outputs: &[String]) -> bool {
        let Some(prev) = &self.prev else {
            return false;
        };
        let Some(vouched) = prev.vouched_all(outputs) else {
            return false;
        };
        let entries: Vec<Entry> = (vouched.iter().zip(outputs))
            .map(|((l, _), rel)| l.entry(rel))
            .collect();
        self.patch.store(true, Ordering::Relaxed);
        let n = entries.len();
        let size: u64 = entries.iter().map(|e| e.size).sum();
        self.manifest
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(entries);
        self.files.fetch_add(n, Ordering::Relaxed);
        self.kept.fetch_add(n, Ordering::Relaxed);
        self.bytes.fetch_add(size, Ordering::Relaxed);
        true
    }

    /// Write the manifests and the state, swap the new folder in for the target and remove the
    /// old one; after [`Staging::keep`], move the files written into the previous output instead.
    pub fn commit(mut self) -> Result<Stats, Error> {
        let mut entries =
            std::mem::take(self.manifest.get_mut().unwrap_or_else(|e| e.into_inner()));
        {
            use rayon::slice::ParallelSliceMut;
            entries.par_sort_unstable_by(|a, b| a.path.cmp(&b.path));
        }
        let mut stats = self.stats();
        stats.removed = self.removed_since_previous(&entries);
        if *self.patch.get_mut() {
            return self.commit_in_place(&entries, stats);
        }
        // Streamed: at 100,000 reports the two manifests are a hundred megabytes of text.
        self.write_own_files(&entries)?;
        if !self.target.exists() {
            std::fs::rename(&self.tmp, &self.target).map_err(|e| io_err(&self.target, e))?;
        } else {
            exchange(&self.tmp, &self.target).map_err(|e| io_err(&self.target, e))?;
            // `tmp` now holds the previous output.
            std::fs::remove_dir_all(&self.tmp).map_err(|e| io_err(&self.tmp, e))?;
        }
        self.committed = true;
        Previous::seal(&self.target);
        Ok(stats)
    }

    /// The two manifests and the build state, side by side: they are written after every page,
    /// when nothing else is left to keep the other core busy.
    fn write_own_files(&self, entries: &[Entry]) -> Result<(), Error> {
        let ((sums, json), state) = rayon::join(
            || {
                rayon::join(
                    || self.stream(MANIFEST_SHA256, |out| write_sums(out, entries)),
                    || self.stream(MANIFEST_JSON, |out| write_json(out, entries)),
                )
            },
            || self.write_state().and_then(|()| self.write_states(entries)),
        );
        sums?;
        json?;
        state
    }

    /// The SHA-256 states of the large files of `entries` (see [`checkpoints`]): those streamed
    /// by this build, and those kept from the previous output with the states recorded for them.
    fn write_states(&self, entries: &[Entry]) -> Result<(), Error> {
        let mut states: std::collections::HashMap<String, checkpoints::States> =
            std::mem::take(&mut *self.states.lock().unwrap_or_else(|e| e.into_inner()))
                .into_iter()
                .collect();
        let mut files = vec![];
        for e in entries.iter().filter(|e| e.size >= checkpoints::FROM) {
            let listed = Listed {
                size: e.size,
                sha256: e.sha256,
            };
            let found = match states.remove(&e.path) {
                Some(s) => Some(s),
                None => (self.prev.as_ref())
                    .and_then(|p| p.states(&e.path, &listed))
                    .cloned(),
            };
            if let Some(s) = found.filter(|s| s.size == e.size && s.sha256 == e.sha256) {
                files.push((e.path.clone(), s));
            }
        }
        // None to keep, and none kept before: no file (a small site never has one).
        let before = self.prev.as_ref().map(|p| p.dir.join(SHA256_STATES));
        if files.is_empty() && !before.is_some_and(|b| b.exists()) {
            return Ok(());
        }
        let bytes = checkpoints::write(&files);
        self.put(SHA256_STATES, &bytes, None)?;
        // `put` counts a site file; the states are gongkai's own.
        self.files.fetch_sub(1, Ordering::Relaxed);
        self.bytes.fetch_sub(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// The build state, into the staging folder (kept from the previous output when the same).
    fn write_state(&self) -> Result<(), Error> {
        let Some(state) = self.state.get() else {
            return Ok(());
        };
        let mut text = vec![];
        state
            .write(&mut text)
            .map_err(|e| io_err(Path::new(STATE), e))?;
        self.put(STATE, &text, None)?;
        // `put` counts a site file; the state is gongkai's own.
        self.files.fetch_sub(1, Ordering::Relaxed);
        self.bytes.fetch_sub(text.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// The commit of an incremental build: the previous output is updated in place. The files
    /// written (in the staging folder) are renamed over theirs one by one, so a reader sees each
    /// file old or new, never a part; the files of pages that are gone are removed; then the
    /// manifests and the state are replaced and the output sealed again. The seal and the state
    /// are removed first: should this be cut short, the next build trusts nothing in the folder
    /// and builds it whole. With nothing written and nothing removed the folder is not touched.
    fn commit_in_place(mut self, entries: &[Entry], mut stats: Stats) -> Result<Stats, Error> {
        // The output's folders, not only those staged: the output as a fresh build makes it.
        stats.dirs = folders(entries.iter().map(|e| e.path.as_str()));
        let written = stats.files - stats.kept;
        let same_state = self.prev.as_ref().and_then(|p| p.state.as_ref()) == self.state.get();
        if written == 0 && stats.removed.is_empty() && same_state {
            return Ok(stats);
        }
        for own in [SEAL, STATE] {
            let path = self.target.join(own);
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io_err(&path, e)),
                _ => {}
            }
        }
        self.write_own_files(entries)?;
        for entry in walkdir::WalkDir::new(&self.tmp)
            .min_depth(1)
            .contents_first(true)
        {
            let entry = entry.map_err(|e| io_err(&self.tmp, e.into()))?;
            let rel = crate::content::rel_path(&self.tmp, entry.path());
            if entry.file_type().is_dir() || rel == MARKER {
                continue;
            }
            let to = self.target.join(&rel);
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
            }
            std::fs::rename(entry.path(), &to).map_err(|e| io_err(&to, e))?;
        }
        for rel in &stats.removed {
            remove_with_empty_parents(&self.target, rel);
        }
        self.committed = true;
        let _ = std::fs::remove_dir_all(&self.tmp);
        Previous::seal(&self.target);
        Ok(stats)
    }
}

/// The previous output at `target`, when it is still exactly what its build wrote and `same`
/// finds that its build state was made from the inputs there are now: then a build has nothing
/// to do, and this is what it would report. Every file the manifest lists must be vouched for
/// (see [`Previous`]: of the listed size, not changed since the seal), as must the manifests,
/// the state and the marker; anything else (a file edited, removed or replaced by hand, no seal,
/// another build holding the lock) gives `None`, and the caller builds as usual.
pub fn unchanged(target: &Path, same: impl FnOnce(&State) -> bool) -> Option<Stats> {
    use rayon::prelude::*;
    let target = std::path::absolute(target).ok()?;
    let name = target.file_name()?.to_string_lossy().into_owned();
    let parent = target.parent()?;
    let _lock = lock::OutputLock::take(parent, &name, &target).ok()?;
    // The state's first lines first: when the inputs changed, neither the rest of the state
    // nor the manifest (megabytes each) is read at all.
    let head = {
        let mut bytes = Vec::with_capacity(4096);
        let file = std::fs::File::open(target.join(STATE)).ok()?;
        io::Read::read_to_end(&mut io::Read::take(file, 4096), &mut bytes).ok()?;
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()?,
        };
        State::parse_head(text)?.0
    };
    if !same(&head) {
        return None;
    }
    let prev = Previous::open(&target);
    let sealed = prev.sealed?;
    let state = prev.state.as_ref()?;
    if state.shared != head.shared || state.recorded != head.recorded {
        return None;
    }
    let own_intact = |rel: &str, size: Option<u64>| {
        std::fs::symlink_metadata(target.join(rel)).is_ok_and(|m| {
            m.is_file()
                && size.is_none_or(|s| m.len() == s)
                && previous::ctime(&m).is_some_and(|c| c < sealed)
        })
    };
    if !own_intact(MARKER, Some(0)) || !own_intact(MANIFEST_SHA256, None) {
        return None;
    }
    let entries: Vec<(&str, &previous::Listed)> = prev.listed.iter().collect();
    if !entries.par_iter().all(|(p, _)| prev.vouched(p).is_some()) {
        return None;
    }
    let leftover_removed = lock::remove_leftovers(parent, &name).ok()?;
    Some(Stats {
        dirs: folders(entries.iter().map(|(p, _)| *p)),
        files: entries.len() + 1,
        bytes: entries.iter().map(|(_, l)| l.size).sum(),
        kept: entries.len() + 1,
        removed: vec![],
        leftover_removed,
    })
}

/// How many folders an output of these files has, itself included.
fn folders<'a>(paths: impl Iterator<Item = &'a str>) -> usize {
    let mut dirs: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for mut p in paths {
        while let Some((parent, _)) = p.rsplit_once('/') {
            if !dirs.insert(parent) {
                break;
            }
            p = parent;
        }
    }
    dirs.len() + 1
}

/// Remove an output file of a page that is gone, and the folders it leaves empty (a fresh build
/// would not have them). `build` over a previous output and `serve`'s rebuilds both use it.
pub fn remove_with_empty_parents(out: &Path, rel: &str) {
    let path = out.join(rel);
    let _ = std::fs::remove_file(&path);
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == out || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Mark a folder as the top of a hierarchy (`chattr +T`), so that ext4 spreads the folders made
/// in it over block groups instead of packing them next to their parent.
///
/// Why: on a file system without a journal, ext4 avoids reusing inodes freed in the last minutes,
/// and scans past every one of them for each new inode. Right after the previous output (tens of
/// thousands of inodes) was deleted, creating the next one next to it becomes quadratic and
/// dominates a large build. Elsewhere this is a no-op (the flag is a placement hint only).
fn spread_subfolders(dir: &Path) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        const FS_TOPDIR_FL: libc::c_int = 0x0002_0000;
        let Ok(f) = std::fs::File::open(dir) else {
            return;
        };
        let mut flags: libc::c_int = 0;
        // SAFETY: FS_IOC_GETFLAGS/SETFLAGS read and write one int through a valid pointer on an
        // open directory descriptor; failure (unsupported file system) is ignored.
        unsafe {
            if libc::ioctl(f.as_raw_fd(), libc::FS_IOC_GETFLAGS, &mut flags) == 0 {
                flags |= FS_TOPDIR_FL;
                libc::ioctl(f.as_raw_fd(), libc::FS_IOC_SETFLAGS, &flags);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = dir;
}

/// Write one file in place so that a reader sees the old or the new content, never a part: a
/// temporary file beside it (`.<name>.tmp`, a name the dev server's watcher ignores), renamed
/// over it. The dev server's incremental rebuilds use it, where a whole new folder per edit would
/// be too slow (a full build goes through [`Staging`]), and so do `import` and `new` for content
/// files.
pub fn write_atomic(path: &Path, bytes: impl AsRef<[u8]>) -> io::Result<()> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(io::Error::other(format!(
            "not a file path: {}",
            path.display()
        )));
    };
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{}.tmp", name.to_string_lossy()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// Atomically exchange two paths (Linux `renameat2(RENAME_EXCHANGE)`); elsewhere, or on file
/// systems without it, two renames.
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let ca = CString::new(a.as_os_str().as_bytes())?;
        let cb = CString::new(b.as_os_str().as_bytes())?;
        // SAFETY: both are valid NUL-terminated paths; AT_FDCWD is a valid directory fd.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
            return Ok(());
        }
    }
    let old = a.with_extension("gongkai-old");
    std::fs::rename(b, &old)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&old, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What is in the folder holding the output, but the lock file every build leaves there.
    fn beside(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != ".public.gongkai-lock")
            .collect();
        names.sort();
        names
    }

    #[test]
    fn swaps_in_a_new_folder_and_removes_the_old() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join(MARKER), "").unwrap();
        std::fs::write(target.join("stale.html"), "old").unwrap();
        let s = Staging::new(&target).unwrap();
        let outputs = [
            vec!["a/b/index.html".to_string()],
            vec!["a/c.json".to_string()],
        ];
        let refs: Vec<&[String]> = outputs.iter().map(Vec::as_slice).collect();
        let (shared, own) = plan_dirs(&refs);
        assert_eq!(shared.iter().collect::<Vec<_>>(), ["a"]);
        assert_eq!(own, [vec!["a/b".to_string()], vec![]]);
        s.create_dirs(&shared).unwrap();
        s.create_dir("a/b").unwrap();
        s.write("a/b/index.html", b"new").unwrap();
        let stats = s.commit().unwrap();
        assert_eq!((stats.dirs, stats.files), (3, 2));
        assert!(!target.join("stale.html").exists());
        assert_eq!(
            std::fs::read(target.join("a/b/index.html")).unwrap(),
            b"new"
        );
        assert_eq!(beside(dir.path()), ["public"]);
    }

    /// One build of `files` into `target`, as the pipeline does it.
    fn build(target: &Path, files: &[(&str, &str)]) -> Stats {
        let s = Staging::new(target).unwrap();
        let outs: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
        let (shared, own) = plan_dirs(&[&outs]);
        s.create_dirs(&shared).unwrap();
        for d in &own[0] {
            s.create_dir(d).unwrap();
        }
        for (p, text) in files {
            s.write(p, text.as_bytes()).unwrap();
        }
        s.commit().unwrap()
    }

    #[cfg(unix)]
    use std::os::unix::fs::MetadataExt;

    #[cfg(unix)]
    fn inode(p: &Path) -> u64 {
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap())
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_kept_changed_ones_written_and_edits_by_hand_undone() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("public");
        let first = [("a/x.html", "x"), ("a/y.html", "y"), ("gone.html", "g")];
        let stats = build(&t, &first);
        assert_eq!((stats.files, stats.kept), (4, 0));
        let (x, y) = (inode(&t.join("a/x.html")), inode(&t.join("a/y.html")));
        let marker = inode(&t.join(MARKER));
        // By hand: a same-size edit, its modification time set back, and a replaced file the
        // old manifest knows nothing about.
        let mtime = std::fs::metadata(t.join("a/y.html"))
            .unwrap()
            .modified()
            .unwrap();
        let f = std::fs::File::options()
            .write(true)
            .open(t.join("a/y.html"))
            .unwrap();
        std::io::Write::write_all(&mut &f, b"Y").unwrap();
        f.set_modified(mtime).unwrap();
        drop(f);
        let edited = inode(&t.join("a/y.html"));
        let stats = build(
            &t,
            &[("a/x.html", "x"), ("a/y.html", "y"), ("new.html", "n")],
        );
        assert_eq!(
            (stats.files, stats.kept),
            (4, 2),
            "the marker and x.html kept"
        );
        assert_eq!(stats.removed, ["gone.html"]);
        assert_eq!(inode(&t.join("a/x.html")), x);
        assert_eq!(inode(&t.join(MARKER)), marker);
        assert_eq!(std::fs::read_to_string(t.join("a/y.html")).unwrap(), "y");
        assert_ne!(inode(&t.join("a/y.html")), edited);
        assert_ne!(inode(&t.join("a/y.html")), y);
        assert!(!t.join("gone.html").exists());
        let sums = std::fs::read_to_string(t.join(MANIFEST_SHA256)).unwrap();
        let paths: Vec<&str> = sums.lines().map(|l| &l[66..]).collect();
        assert_eq!(paths, ["a/x.html", "a/y.html", "new.html"]);
        assert!(sums.starts_with(&format!(
            "{}  a/x.html\n",
            sha256_hex(Sha256::new_with_prefix(b"x"))
        )));
        // Nothing changed: even the manifests keep their inode.
        let m = inode(&t.join(MANIFEST_SHA256));
        let stats = build(
            &t,
            &[("a/x.html", "x"), ("a/y.html", "y"), ("new.html", "n")],
        );
        assert_eq!((stats.kept, stats.removed.len()), (4, 0));
        assert_eq!(inode(&t.join(MANIFEST_SHA256)), m);
    }

    /// One build of `text` written as a stream in pieces of 3 bytes.
    fn build_stream(target: &Path, text: &str) -> Stats {
        let s = Staging::new(target).unwrap();
        s.write_stream("long.csv", |w| {
            text.as_bytes().chunks(3).try_for_each(|c| w.write_all(c))
        })
        .unwrap();
        s.commit().unwrap()
    }

    #[cfg(unix)]
    #[test]
    fn a_streamed_file_is_kept_when_the_same_and_listed_in_the_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("public");
        build_stream(&t, "a,b\n1,2\n");
        let first = inode(&t.join("long.csv"));
        assert_eq!(build_stream(&t, "a,b\n1,2\n").kept, 2, "with the marker");
        assert_eq!(inode(&t.join("long.csv")), first);
        // Longer, shorter, different: written anew.
        for text in ["a,b\n1,2\n3", "a,b\n1,2", "a,b\n1,3\n"] {
            let stats = build_stream(&t, text);
            assert_eq!(
                (stats.kept, stats.bytes),
                (1, text.len() as u64),
                "{text:?}"
            );
            assert_eq!(std::fs::read_to_string(t.join("long.csv")).unwrap(), text);
            let sums = std::fs::read_to_string(t.join(MANIFEST_SHA256)).unwrap();
            let want = sha256_hex(Sha256::new_with_prefix(text.as_bytes()));
            assert_eq!(sums, format!("{want}  long.csv\n"));
        }
        assert_eq!(
            std::fs::read_dir(&t).unwrap().count(),
            5,
            "no link left behind (long.csv, the marker, the manifests, the seal)"
        );
    }

    #[test]
    fn a_file_written_twice_never_writes_through_a_link_into_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("public");
        build(&t, &[("a.html", "x")]);
        {
            let s = Staging::new(&t).unwrap();
            s.write("a.html", b"x").unwrap();
            assert!(s.write("a.html", b"y").is_err());
            assert!(s.write_stream("a.html", |w| w.write_all(b"z")).is_err());
        }
        assert_eq!(std::fs::read_to_string(t.join("a.html")).unwrap(), "x");
    }

    #[cfg(unix)]
    #[test]
    fn the_seal_is_the_manifests_ctime_and_touching_the_manifest_breaks_it() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("public");
        build(&t, &[("a.html", "a")]);
        build(&t, &[("a.html", "a")]);
        let m = std::fs::metadata(t.join(MANIFEST_JSON)).unwrap();
        let seal = std::fs::read_to_string(t.join(SEAL)).unwrap();
        assert_eq!(seal, format!("{} {}\n", m.ctime(), m.ctime_nsec()));
        assert!(Previous::open(&t).sealed.is_some());
        // Sealed again a little later: a coarse clock may give the seal the same tick as the
        // files linked just before it (which are then compared byte for byte instead).
        let reseal = || {
            std::thread::sleep(std::time::Duration::from_millis(20));
            Previous::seal(&t);
        };
        reseal();
        let m = std::fs::metadata(t.join(MANIFEST_JSON)).unwrap();
        assert!(Previous::open(&t).vouched("a.html").is_some());
        // Edited by hand (same size), then the manifest touched: nothing is vouched for.
        std::fs::write(t.join("a.html"), "b").unwrap();
        assert!(
            Previous::open(&t).vouched("a.html").is_none(),
            "edited after the seal"
        );
        std::fs::set_permissions(t.join(MANIFEST_JSON), m.permissions()).unwrap();
        assert!(Previous::open(&t).sealed.is_none());
        build(&t, &[("a.html", "a")]);
        assert_eq!(std::fs::read_to_string(t.join("a.html")).unwrap(), "a");
        reseal();
        assert!(
            Previous::open(&t).vouched("a.html").is_some(),
            "sealed again"
        );
    }

    /// The previous output read ahead (while a build loads its site) is taken only while its
    /// manifest is still the one read: after another build, the output is read again.
    #[cfg(unix)]
    #[test]
    fn what_was_read_ahead_stands_only_while_the_manifest_is_the_one_read() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("public");
        build(&t, &[("a.html", "a")]);
        std::thread::sleep(std::time::Duration::from_millis(20));
        Previous::seal(&t);
        let ahead = Ahead::read(&t).unwrap();
        let before = *ahead.0.listed.get("a.html").unwrap();
        assert!(ahead.0.vouched("a.html").is_some());
        assert!(ahead.0.still_sealed());
        build(&t, &[("a.html", "b")]);
        assert!(!ahead.0.still_sealed());
        let s = Staging::new_with(&t, Some(ahead)).unwrap();
        let now = *s.prev.as_ref().unwrap().listed.get("a.html").unwrap();
        assert_ne!(now, before);
        assert_eq!(Some(&now), Previous::open(&t).listed.get("a.html"));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_the_previous_output_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("public");
        build(&t, &[("a.html", "secret")]);
        let elsewhere = dir.path().join("elsewhere");
        std::fs::write(&elsewhere, "secret").unwrap();
        std::fs::remove_file(t.join("a.html")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, t.join("a.html")).unwrap();
        let stats = build(&t, &[("a.html", "secret")]);
        assert_eq!(stats.kept, 1, "only the marker");
        assert!(
            std::fs::symlink_metadata(t.join("a.html"))
                .unwrap()
                .is_file()
        );
    }

    #[test]
    fn an_abandoned_build_leaves_the_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("keep"), "x").unwrap();
        {
            let s = Staging::new(&target).unwrap();
            s.write("x.html", b"partial").unwrap();
        }
        assert!(target.join("keep").exists());
        assert_eq!(beside(dir.path()), ["public"]);
    }

    /// Issue 25 item 8: a second build into the same output while the first is writing is
    /// refused (before, both staged into one folder and the second removed the first's); an
    /// interrupted build's folder is removed by the next, and nothing else beside the output.
    #[test]
    fn one_build_at_a_time_per_output() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("public");
        build(&t, &[("a.html", "a")]);
        let first = Staging::new(&t).unwrap();
        first.write("b.html", b"b").unwrap();
        match Staging::new(&t) {
            Err(Error::OutputBusy { target, lock }) => {
                assert_eq!(target, t);
                assert_eq!(lock, dir.path().join(".public.gongkai-lock"));
            }
            other => panic!("{:?}", other.map(|_| ())),
        }
        first.commit().unwrap();
        assert_eq!(std::fs::read_to_string(t.join("b.html")).unwrap(), "b");
        // Left by a killed build (no process holds the lock), and a folder of another name.
        std::fs::create_dir(dir.path().join(".public.gongkai-new-123-456")).unwrap();
        std::fs::create_dir(dir.path().join(".public.gongkai-new-mine")).unwrap();
        let s = Staging::new(&t).unwrap();
        assert!(s.stats().leftover_removed);
        drop(s);
        assert_eq!(beside(dir.path()), [".public.gongkai-new-mine", "public"]);
    }

    #[test]
    fn refuses_foreign_or_enclosing_folders() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        assert!(check_target(&site, &site).is_err());
        assert!(check_target(&site, dir.path()).is_err());
        let foreign = dir.path().join("docs");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("a.txt"), "").unwrap();
        assert!(check_target(&site, &foreign).is_err());
        assert!(check_target(&site, &site.join("public")).is_ok());
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, "keep").unwrap();
        let e = check_target(&site, &file).unwrap_err();
        assert!(matches!(e, Error::OutputIsFile(_)), "{e:?}");
    }
}
