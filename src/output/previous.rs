//! The previous output: which of its files a new build may keep (hard-linked, so they keep their
//! modification time and inode) instead of writing them again, and the careful file operations
//! that make keeping safe while that output is still being served.

use super::checkpoints;
use super::manifest::{Entry, Sum, read_json_lines};
use super::{MANIFEST_JSON, SEAL, SHA256_STATES, STATE, State, write_atomic};
use sha2::{Digest, Sha256};
use std::io;
use std::path::{Path, PathBuf};

/// The previous output and what its manifest says about it.
///
/// Reading every old file to compare it costs as much as the output is large (855 MB at 10,000
/// reports; from disk when the page cache is cold), so the manifest vouches for a file that
/// cannot have changed since the build that wrote it: a regular file of the listed size whose
/// status change time (ctime: any write, rename or link sets it to the present, and no user can
/// set it back) is older than the seal. The seal ([`SEAL`]) is the manifest's own ctime, set
/// after that build had finished, and holds only while the manifest still has that ctime (not
/// edited, touched or copied since). Any other file is compared byte for byte.
pub(super) struct Previous {
    pub(super) dir: PathBuf,
    /// The manifest: each file's size and SHA-256, by path.
    pub(super) listed: Listing,
    /// The seal (seconds, nanoseconds); `None` where there is none to trust.
    pub(super) sealed: Option<(i64, i64)>,
    /// What the previous build's jobs were made from; `None` unless sealed with the output.
    pub(super) state: Option<State>,
    /// The output folder, open: its files are looked at relative to it.
    root: Option<std::fs::File>,
    /// The SHA-256 states of its large streamed files ([`checkpoints`]), read when first asked.
    states: std::sync::OnceLock<std::collections::HashMap<String, checkpoints::States>>,
    /// What [`Previous::look_ahead`] found of each listed file (parallel to `listed`): its
    /// identity where the manifest vouches for it.
    looked: Option<Vec<Option<FileId>>>,
}

/// What [`Previous::vouched`] looks at of an old file.
struct OldFile {
    is_file: bool,
    len: u64,
    ctime: (i64, i64),
    id: FileId,
}

/// Where a file is (device and inode): what tells it from a file that replaced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    pub(super) fn of(meta: &std::fs::Metadata) -> FileId {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            FileId {
                dev: meta.dev(),
                ino: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            FileId { dev: 0, ino: 0 }
        }
    }
}

/// What the previous manifest lists of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Listed {
    pub(super) size: u64,
    pub(super) sha256: Sum,
}

impl Listed {
    /// The manifest entry of the file `rel` so listed.
    pub(super) fn entry(&self, rel: &str) -> Entry {
        Entry {
            path: rel.to_string(),
            size: self.size,
            sha256: self.sha256,
        }
    }
}

/// The files of the previous manifest, sorted by path, each with its size and SHA-256, found by
/// binary search. Not a hash map: at 100,000 reports the manifest lists 317,000 files, which
/// such a map held in some 44 MB (by the sizes of its parts) of the peak of a one-report
/// rebuild, this list in 28.
#[derive(Default)]
pub(super) struct Listing(Vec<(Box<str>, Listed)>);

impl Listing {
    /// The listing of `files` in any order; of a path listed twice, the last entry counts.
    fn new(mut files: Vec<(Box<str>, Listed)>) -> Listing {
        // As the manifests are written: sorted, each path once.
        if !files.is_sorted_by(|a, b| a.0 < b.0) {
            files.reverse();
            files.sort_by(|a, b| a.0.cmp(&b.0));
            files.dedup_by(|later, first| later.0 == first.0);
        }
        files.shrink_to_fit();
        Listing(files)
    }

    #[cfg(test)]
    pub(super) fn get(&self, rel: &str) -> Option<&Listed> {
        self.find(rel).map(|(_, l)| l)
    }

    /// The place of `rel` in the listing and what it lists.
    fn find(&self, rel: &str) -> Option<(usize, &Listed)> {
        let i = self.0.binary_search_by(|(p, _)| (**p).cmp(rel)).ok()?;
        Some((i, &self.0[i].1))
    }

    /// [`Listing::find`], looking first within `span` places of `near`: a job's files are
    /// mostly next to each other in the listing (one report's folder), and halving the whole
    /// listing for each compared paths that share most of their bytes some nineteen times over
    /// (317,000 files at 100,000 reports).
    fn find_near(&self, rel: &str, near: usize, span: usize) -> Option<(usize, &Listed)> {
        let from = near.saturating_sub(span).min(self.0.len());
        let to = near.saturating_add(span + 1).min(self.0.len());
        match self.0[from..to].binary_search_by(|(p, _)| (**p).cmp(rel)) {
            Ok(i) => Some((from + i, &self.0[from + i].1)),
            Err(_) => self.find(rel),
        }
    }

    /// Every file, sorted by path.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, &Listed)> {
        self.0.iter().map(|(p, l)| (&**p, l))
    }
}

impl Previous {
    pub(super) fn open(dir: &Path) -> Previous {
        #[derive(serde::Deserialize)]
        struct Manifest {
            files: Vec<Entry>,
        }
        let path = dir.join(MANIFEST_JSON);
        let listed = std::fs::read(&path)
            .ok()
            .and_then(|text| {
                read_json_lines(&text)
                    .or_else(|| Some(serde_json::from_slice::<Manifest>(&text).ok()?.files))
            })
            .map(|files| {
                let listed = |e: Entry| {
                    let l = Listed {
                        size: e.size,
                        sha256: e.sha256,
                    };
                    (e.path.into_boxed_str(), l)
                };
                Listing::new(files.into_iter().map(listed).collect())
            })
            .unwrap_or_default();
        let now = std::fs::symlink_metadata(&path)
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| ctime(&m));
        let recorded = std::fs::read_to_string(dir.join(SEAL)).ok().and_then(|t| {
            let (s, ns) = t.trim().split_once(' ')?;
            Some((s.parse().ok()?, ns.parse().ok()?))
        });
        let sealed = recorded.filter(|_| recorded == now);
        let state = sealed.and_then(|sealed| {
            let path = dir.join(STATE);
            let meta = std::fs::symlink_metadata(&path).ok()?;
            (meta.is_file() && ctime(&meta)? < sealed).then_some(())?;
            State::parse(&std::fs::read_to_string(&path).ok()?)
        });
        Previous {
            dir: dir.to_path_buf(),
            listed,
            sealed,
            state,
            root: std::fs::File::open(dir).ok(),
            states: std::sync::OnceLock::new(),
            looked: None,
        }
    }

    /// Look at every listed file now, on this thread, for [`Previous::vouched`] to answer
    /// from (a one-report build over 100,000 reports asks it of 317,000 files): `build` does
    /// this while it loads the site, on the core the load leaves free.
    pub(super) fn look_ahead(&mut self) {
        let Some(sealed) = self.sealed else {
            return;
        };
        let looked = (self.listed.iter())
            .map(|(rel, listed)| {
                let old = self.stat(rel)?;
                (old.is_file && old.len == listed.size && old.ctime < sealed).then_some(old.id)
            })
            .collect();
        self.looked = Some(looked);
    }

    /// Whether the manifest is still the one read, under the same seal: then nothing in the
    /// output has changed since that another build made (a build rewrites the manifest), and
    /// what was read of it ahead stands.
    pub(super) fn still_sealed(&self) -> bool {
        let path = self.dir.join(MANIFEST_JSON);
        let now = std::fs::symlink_metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| ctime(&m));
        self.sealed.is_some() && now == self.sealed
    }

    /// The states of the file `rel` (see [`checkpoints`]), when they were recorded for the
    /// file as `listed` and the states file is sealed with the output.
    pub(super) fn states(&self, rel: &str, listed: &Listed) -> Option<&checkpoints::States> {
        self.all_states()
            .get(rel)
            .filter(|s| s.size == listed.size && s.sha256 == listed.sha256)
    }

    /// Every file's states as recorded with the output (none unless sealed with it).
    fn all_states(&self) -> &std::collections::HashMap<String, checkpoints::States> {
        self.states.get_or_init(|| {
            let read = || {
                let sealed = self.sealed?;
                let path = self.dir.join(SHA256_STATES);
                let meta = std::fs::symlink_metadata(&path).ok()?;
                (meta.is_file() && ctime(&meta)? < sealed).then_some(())?;
                checkpoints::read(&std::fs::read(&path).ok()?)
            };
            read().unwrap_or_default()
        })
    }

    /// The manifest's entry for `rel` and the old file's identity, when the manifest can be
    /// trusted about that file.
    pub(super) fn vouched(&self, rel: &str) -> Option<(&Listed, FileId)> {
        let (at, listed) = self.listed.find(rel)?;
        self.vouched_at(rel, at, listed)
    }

    /// [`Previous::vouched`] for the files of one job, in order: each is looked for first near
    /// the one before it (see [`Listing::find_near`]).
    pub(super) fn vouched_all<'p>(&'p self, rels: &[String]) -> Option<Vec<(&'p Listed, FileId)>> {
        let mut near: Option<usize> = None;
        rels.iter()
            .map(|rel| {
                let (at, listed) = match near {
                    Some(near) => self.listed.find_near(rel, near, rels.len()),
                    None => self.listed.find(rel),
                }?;
                near = Some(at);
                self.vouched_at(rel, at, listed)
            })
            .collect()
    }

    /// [`Previous::vouched`] for `rel`, listed at `at` as `listed`.
    fn vouched_at<'p>(
        &'p self,
        rel: &str,
        at: usize,
        listed: &'p Listed,
    ) -> Option<(&'p Listed, FileId)> {
        let sealed = self.sealed?;
        if let Some(looked) = &self.looked {
            return looked[at].map(|id| (listed, id));
        }
        let old = self.stat(rel)?;
        (old.is_file && old.len == listed.size && old.ctime < sealed).then_some((listed, old.id))
    }

    /// What [`Previous::vouched`] needs of the old file `rel`, not following a link. On Unix
    /// relative to the open output folder: a one-report build asks this of every file of the
    /// portal (300,000 at 100,000 reports), and walking the whole path each time was most of it.
    fn stat(&self, rel: &str) -> Option<OldFile> {
        #[cfg(unix)]
        if let Some(root) = &self.root {
            use std::os::fd::AsRawFd;
            let name = std::ffi::CString::new(rel).ok()?;
            // SAFETY: a valid directory descriptor, a NUL-terminated path and a stat buffer
            // the call fills.
            let st = unsafe {
                let mut st: libc::stat = std::mem::zeroed();
                let rc = libc::fstatat(
                    root.as_raw_fd(),
                    name.as_ptr(),
                    &mut st,
                    libc::AT_SYMLINK_NOFOLLOW,
                );
                (rc == 0).then_some(st)?
            };
            return Some(OldFile {
                is_file: st.st_mode & libc::S_IFMT == libc::S_IFREG,
                len: u64::try_from(st.st_size).ok()?,
                ctime: (st.st_ctime as i64, st.st_ctime_nsec as i64),
                id: FileId {
                    dev: st.st_dev as u64,
                    ino: st.st_ino as u64,
                },
            });
        }
        let meta = std::fs::symlink_metadata(self.dir.join(rel)).ok()?;
        Some(OldFile {
            is_file: meta.is_file(),
            len: meta.len(),
            ctime: ctime(&meta)?,
            id: FileId::of(&meta),
        })
    }

    /// Seal a finished output, after the old output's removal (which sets the ctime of every
    /// file the two shared): the manifest's ctime is set to now (a chmod to the same mode) and
    /// recorded. Should it fail, the next build compares byte for byte.
    ///
    /// File times come from a coarse clock (a few milliseconds a tick): a file written in the
    /// same tick as the seal would have the seal's ctime, and not be trusted (the build state
    /// least of all, which would make the next build a full one). So the manifest is touched
    /// once, and then again until its ctime has moved past that first touch, which is later than
    /// everything the build wrote.
    pub(super) fn seal(dir: &Path) {
        let path = dir.join(MANIFEST_JSON);
        let touch = || {
            let meta = std::fs::metadata(&path).ok()?;
            std::fs::set_permissions(&path, meta.permissions()).ok()?;
            ctime(&std::fs::symlink_metadata(&path).ok()?)
        };
        let first = touch();
        let mut sealed = first;
        for _ in 0..200 {
            if sealed.is_none() || sealed > first {
                break;
            }
            std::thread::sleep(std::time::Duration::from_micros(500));
            sealed = touch();
        }
        if let Some((s, ns)) = sealed {
            let _ = write_atomic(&dir.join(SEAL), format!("{s} {ns}\n"));
        }
    }
}

pub(super) fn ctime(meta: &std::fs::Metadata) -> Option<(i64, i64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.ctime(), meta.ctime_nsec()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Hard-link `old` to `new` when `old` is a regular file (not a link) holding exactly `bytes`.
/// Any failure (no such file, another file system, a file system without links) says no, and
/// the caller writes the file instead.
pub(super) fn link_if_same(old: &Path, new: &Path, bytes: &[u8]) -> bool {
    let Some((file, meta)) = open_regular(old) else {
        return false;
    };
    meta.len() == bytes.len() as u64
        && same_bytes(file, bytes)
        && std::fs::hard_link(old, new).is_ok()
        && still_the_file(new, FileId::of(&meta))
}

/// A new file in the staging folder. Never an existing one: a name there may be a link to the
/// previous output's file, which is still being served and must stay as it is.
pub(super) fn create_new(path: &Path) -> io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

pub(super) fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    io::Write::write_all(&mut create_new(path)?, bytes)
}

/// `path` opened for reading if it is a regular file, not following a symbolic link.
pub(super) fn open_regular(path: &Path) -> Option<(std::fs::File, std::fs::Metadata)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let file = options.open(path).ok()?;
    let meta = file.metadata().ok()?;
    meta.is_file().then_some((file, meta))
}

/// Whether the link just made at `linked` is the file compared (`old`), not one that replaced
/// it in between; if not, the link is removed.
pub(super) fn still_the_file(linked: &Path, old: FileId) -> bool {
    #[cfg(unix)]
    {
        let same = std::fs::symlink_metadata(linked).is_ok_and(|m| FileId::of(&m) == old);
        if !same {
            let _ = std::fs::remove_file(linked);
        }
        same
    }
    #[cfg(not(unix))]
    {
        let _ = (linked, old);
        true
    }
}

/// What [`Staging::write_stream`] writes through: the new file, its SHA-256 (with its states
/// at every [`checkpoints::EVERY`] bytes), and a comparison with the previous output's file read
/// alongside (dropped at the first difference).
///
/// With `prefix` (the previous file, vouched for, and its states), nothing is written or hashed
/// while the bytes are the previous file's: at the first difference ([`StreamTee::diverge`])
/// the previous file's bytes up to its last state before it are copied in, and the hash resumes
/// from that state.
pub(super) struct StreamTee {
    pub(super) out: io::BufWriter<std::fs::File>,
    pub(super) hash: Sha256,
    pub(super) len: u64,
    pub(super) old: Option<io::BufReader<std::fs::File>>,
    pub(super) buf: Vec<u8>,
    pub(super) prefix: Option<Prefix>,
    /// The hash's states so far.
    pub(super) states: Vec<checkpoints::State>,
    /// Whether the bytes are hashed: not those of gongkai's own files (the manifests, tens of
    /// megabytes each at 100,000 reports), which no manifest lists.
    pub(super) hashed: bool,
}

/// The previous file, while what is streamed is the same as its first bytes.
pub(super) struct Prefix {
    pub(super) file: std::fs::File,
    pub(super) len: u64,
    pub(super) states: Vec<checkpoints::State>,
}

impl io::Write for StreamTee {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if let Some(prefix) = &self.prefix {
            let n = (data.len() as u64).min(prefix.len.saturating_sub(self.len)) as usize;
            self.buf.resize(n, 0);
            let got = read_fully_at(&prefix.file, &mut self.buf, self.len)?;
            // Mostly the same throughout (compared as memory); else where they part.
            let same = if data[..got] == self.buf[..got] {
                got
            } else {
                (data.iter().zip(&self.buf[..got]))
                    .position(|(a, b)| a != b)
                    .unwrap_or(got)
            };
            if same == data.len() {
                self.len += same as u64;
                return Ok(data.len());
            }
            self.diverge(self.len + same as u64)?;
            self.write_all(&data[same..])?;
            return Ok(data.len());
        }
        let n = self.out.write(data)?;
        let data = &data[..n];
        self.update(data);
        if let Some(old) = &mut self.old {
            self.buf.resize(n, 0);
            if io::Read::read_exact(old, &mut self.buf).is_err() || self.buf != data {
                self.old = None;
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl StreamTee {
    /// Whether the old file held exactly what was written (nothing more).
    pub(super) fn same_as_old(&mut self) -> bool {
        self.old
            .as_mut()
            .is_some_and(|old| io::Read::read(old, &mut [0u8; 1]).is_ok_and(|n| n == 0))
    }

    /// Hash `data`, the next bytes of the file, keeping the hash's state at every
    /// [`checkpoints::EVERY`] bytes.
    fn update(&mut self, mut data: &[u8]) {
        if !self.hashed {
            self.len += data.len() as u64;
            return;
        }
        while !data.is_empty() {
            let next = (self.len / checkpoints::EVERY + 1) * checkpoints::EVERY;
            let take = (data.len() as u64).min(next - self.len) as usize;
            self.hash.update(&data[..take]);
            self.len += take as u64;
            if self.len == next {
                self.states.push(checkpoints::save(&self.hash));
            }
            data = &data[take..];
        }
    }

    /// The stream differs from the previous file at `at` (or ends there): the previous file's
    /// bytes up to its last state before `at` copied in (by the kernel where it can), the hash
    /// resumed from that state, and the bytes from there to `at` hashed and written. Nothing
    /// to do out of prefix mode.
    pub(super) fn diverge(&mut self, at: u64) -> io::Result<()> {
        let Some(prefix) = self.prefix.take() else {
            return Ok(());
        };
        let whole = ((at / checkpoints::EVERY) as usize).min(prefix.states.len());
        let (hash, from) = match whole.checked_sub(1) {
            Some(last) => match checkpoints::restore(&prefix.states[last]) {
                Some(hash) => (hash, whole as u64 * checkpoints::EVERY),
                None => (Sha256::new(), 0),
            },
            None => (Sha256::new(), 0),
        };
        io::Write::flush(&mut self.out)?;
        let copied = io::copy(&mut io::Read::take(&prefix.file, from), self.out.get_mut())?;
        if copied != from {
            return Err(io::Error::other(
                "the previous file is shorter than its states",
            ));
        }
        self.hash = hash;
        self.states = prefix.states[..(from / checkpoints::EVERY) as usize].to_vec();
        self.len = from;
        let mut buf = vec![0; 1 << 16];
        while self.len < at {
            let n = ((at - self.len) as usize).min(buf.len());
            if read_fully_at(&prefix.file, &mut buf[..n], self.len)? < n {
                return Err(io::Error::other("the previous file changed while read"));
            }
            io::Write::write_all(&mut self.out, &buf[..n])?;
            self.update(&buf[..n]);
        }
        Ok(())
    }
}

/// Read into `buf` from `at` until it is full or the file ends; how much was read.
fn read_fully_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(file, &mut buf[got..], at + got as u64);
        #[cfg(not(unix))]
        let n = std::os::windows::fs::FileExt::seek_read(file, &mut buf[got..], at + got as u64);
        match n {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Whether the rest of `file` is exactly `want`.
pub(super) fn same_bytes(mut file: std::fs::File, mut want: &[u8]) -> bool {
    use std::io::Read;
    let mut buf = [0u8; 64 * 1024];
    loop {
        match file.read(&mut buf) {
            Ok(0) => return want.is_empty(),
            // Its size was checked: no need to read on to the end.
            Ok(n) if n == want.len() && buf[..n] == *want => return true,
            Ok(n) if n < want.len() && buf[..n] == want[..n] => want = &want[n..],
            Ok(_) => return false,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}
