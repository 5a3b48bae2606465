//! What each job's output is made from, as a key per job, so that a build over its previous
//! output renders only the jobs whose inputs changed (see [`crate::output::State`]).
//!
//! The dependencies are the renderer's own, those `serve` rebuilds by ([`Job::deps`]): a job
//! depends on its report files, on every report, or on every report's publication record and
//! findings ([`Deps::Records`]: a report's date, edition and findings, not its figures), and every
//! job on what the pages share. What
//! the pages share is one key, and anything in it that changes makes every job's key change (a
//! full build):
//! - the binary (its version, size, modification time and inode: a new gongkai may render
//!   differently), `site.toml`, `departments.toml`, every file of the site's `templates/`,
//!   `static/` and `themes/` (the built-in theme is in the binary), the base URL, the build's
//!   date (deadlines passed, the workbooks' date);
//! - which reports exist and the department each names, and the years: what the model's
//!   [`Layout`](crate::site::model::Layout) is made of, which `serve` also rebuilds only when
//!   they change (the 未发布 lists, each department's years, the navigation).
//!
//! A report file's own key covers its bytes (their SHA-256), its findings (which cross-report rules make
//! depend on other reports: the findings themselves are hashed, so a page showing them is
//! rendered again whenever they change) and the source document it names.

use crate::diagnostics::Diagnostic;
use crate::output::Key;
use crate::render::{Deps, Files, Job, Renderer};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The key of what every job shares, and each job's key (parallel to the jobs).
pub struct Keys {
    pub shared: Key,
    pub jobs: Vec<Key>,
    /// Each report file's own key (what the site-wide files' parts are kept by).
    pub reports: Vec<(String, Key)>,
}

/// The keys of `jobs`; `None` when an input cannot be read (then everything is rendered, and the
/// error, if it matters, is met by the rendering itself). `digests`: the SHA-256 of each report
/// file's bytes as the site was loaded from them (see [`super::cache`]); a file not there is read.
pub fn keys(r: &Renderer, jobs: &[Job], digests: Option<&FxHashMap<&str, &Key>>) -> Option<Keys> {
    let m = r.model;
    let site = m.site;
    let shared = shared_key(r)?;
    let mut findings: FxHashMap<&str, Vec<&Diagnostic>> = FxHashMap::default();
    for d in &site.diagnostics {
        findings.entry(d.file.as_str()).or_default().push(d);
    }
    // Each report file's key, and the key of its record (see [`Deps::Records`]).
    let (files, records): (Vec<(&str, Key)>, Vec<Key>) = site
        .reports
        .par_iter()
        .map(|rep| {
            let mut h = Sha256::new();
            match digests.and_then(|d| d.get(rep.file.as_str())) {
                Some(digest) => h.update(digest),
                None => h.update(Sha256::digest(
                    std::fs::read(site.root.join(&rep.file)).ok()?,
                )),
            }
            let found = findings_key(
                findings
                    .get(rep.file.as_str())
                    .into_iter()
                    .flatten()
                    .copied(),
            );
            h.update(found);
            h.update(source_bytes(&site.root, &rep.file, rep.source.as_deref())?);
            let mut record = Sha256::new_with_prefix(rep.file.as_bytes());
            record.update(format!("\0{:?}\0{:?}\0", rep.published, rep.edition));
            record.update(found);
            let key: Key = h.finalize().into();
            let record: Key = record.finalize().into();
            Some(((rep.file.as_str(), key), record))
        })
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .unzip();
    let all: Key = files
        .iter()
        .fold(Sha256::new(), |mut h, (f, k)| {
            h.update(f.as_bytes());
            h.update(k);
            h
        })
        .finalize()
        .into();
    let records: Key = records
        .iter()
        .fold(Sha256::new_with_prefix(b"records\n"), |mut h, k| {
            h.update(k);
            h
        })
        .finalize()
        .into();
    let by_file: FxHashMap<&str, &Key> = files.iter().map(|(f, k)| (*f, k)).collect();
    let lists = list_keys(jobs, &by_file)?;
    let jobs = jobs
        .par_iter()
        .map(|job| {
            let mut h = Sha256::new_with_prefix(shared);
            for out in &job.outputs {
                h.update(out.as_bytes());
                h.update(b"\0");
            }
            match &job.deps {
                Deps::None => h.update(b"none"),
                Deps::All => h.update(all),
                Deps::Records => h.update(records),
                Deps::Reports(read) => {
                    for list in read {
                        h.update(lists.get(&list_id(list))?);
                    }
                }
            }
            Some(h.finalize().into())
        })
        .collect::<Option<_>>()?;
    let reports = files.into_iter().map(|(f, k)| (f.to_string(), k)).collect();
    Some(Keys {
        shared,
        jobs,
        reports,
    })
}

/// A list of [`Deps::Reports`] by where it is: the jobs that read the same files share one list.
fn list_id(list: &Files) -> usize {
    list.as_ptr() as usize
}

/// The key of each list of report files the jobs read (its files' paths and keys), once per
/// list: at 100,000 reports every report page reads its department's ten reports and each year
/// page two years' twenty thousand, and hashing them job by job was a tenth of a one-report
/// rebuild. `None` when a file has no key.
fn list_keys(jobs: &[Job], by_file: &FxHashMap<&str, &Key>) -> Option<FxHashMap<usize, Key>> {
    let mut lists: FxHashMap<usize, &Files> = FxHashMap::default();
    for job in jobs {
        if let Deps::Reports(read) = &job.deps {
            for list in read {
                lists.entry(list_id(list)).or_insert(list);
            }
        }
    }
    let lists: Vec<(usize, &Files)> = lists.into_iter().collect();
    lists
        .par_iter()
        .map(|&(id, list)| {
            let mut h = Sha256::new_with_prefix(b"files\n");
            for f in list.iter() {
                h.update(f.as_bytes());
                h.update(b"\0");
                h.update(by_file.get(f.as_str())?);
            }
            Some((id, h.finalize().into()))
        })
        .collect()
}

/// The SHA-256 of a report's findings, every field of each: through their `Hash` (a finding's
/// `Debug` text, escaping every character of its messages, took a twentieth of a one-report
/// rebuild at 100,000 reports). The derived hashes feed each field's bytes and lengths in order,
/// and the binary that made them is in the shared key. The pieces are gathered and hashed at
/// once: handed to SHA-256 one by one (a few bytes each, 147,824 findings at 100,000
/// reports), each cost more than its hashing.
fn findings_key<'d>(findings: impl Iterator<Item = &'d Diagnostic>) -> Key {
    use std::hash::{Hash, Hasher};
    struct Feed(Vec<u8>);
    impl Hasher for Feed {
        fn write(&mut self, bytes: &[u8]) {
            self.0.extend_from_slice(bytes);
        }
        fn finish(&self) -> u64 {
            0
        }
    }
    let mut feed = Feed(Vec::new());
    for d in findings {
        let Diagnostic {
            file,
            line,
            columns,
            rule,
            message,
            cell,
            help,
        } = d;
        (file, line, columns, rule, message, cell, help).hash(&mut feed);
    }
    Sha256::digest(&feed.0).into()
}

/// The bytes of the source document a report names, when it is a file beside the report (as the
/// renderer finds it); empty otherwise. `None` when it cannot be read.
fn source_bytes(root: &Path, file: &str, source: Option<&str>) -> Option<Vec<u8>> {
    let Some(name) = source else {
        return Some(vec![]);
    };
    let plain = !name.is_empty() && !name.contains(['/', '\\', '\0']) && !name.starts_with('.');
    let path = root.join(file).with_file_name(name);
    if !plain || !path.symlink_metadata().is_ok_and(|m| m.is_file()) {
        return Some(b"-".to_vec());
    }
    let mut bytes = std::fs::read(path).ok()?;
    bytes.push(b'+');
    Some(bytes)
}

/// The key of what every page shares (see the module's documentation).
fn shared_key(r: &Renderer) -> Option<Key> {
    let m = r.model;
    let site = m.site;
    let mut h = Sha256::new_with_prefix(b"gongkai build state 1\n");
    h.update(env!("CARGO_PKG_VERSION"));
    h.update(binary_identity()?);
    for file in ["site.toml", "content/departments.toml"] {
        match std::fs::read(site.root.join(file)) {
            Ok(bytes) => {
                h.update(file);
                h.update((bytes.len() as u64).to_le_bytes());
                h.update(bytes);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => h.update(b"absent"),
            Err(_) => return None,
        }
    }
    for dir in ["templates", "static", "themes"] {
        for entry in walkdir::WalkDir::new(site.root.join(dir))
            .follow_links(false)
            .sort_by_file_name()
        {
            let Ok(entry) = entry else {
                continue;
            };
            h.update(entry.path().as_os_str().as_encoded_bytes());
            h.update(b"\0");
            if entry.file_type().is_file() {
                let bytes = std::fs::read(entry.path()).ok()?;
                h.update((bytes.len() as u64).to_le_bytes());
                h.update(bytes);
            }
        }
    }
    h.update(format!(
        "{}\n{}\n{}\n",
        r.urls.root, r.urls.absolute, site.today
    ));
    h.update(format!("{}\n", site.files));
    for y in &m.years {
        h.update(y.year.to_le_bytes());
    }
    for rep in &site.reports {
        for part in [&rep.file, &rep.department] {
            h.update(part.as_bytes());
            h.update(b"\0");
        }
    }
    Some(h.finalize().into())
}

/// This binary as a file: a rebuilt gongkai (even of the same version) renders with its own
/// code, so its output is not trusted to match the previous binary's.
pub(super) fn binary_identity() -> Option<Vec<u8>> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(exe).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0u64;
    Some(format!("{} {modified} {inode}", meta.len()).into_bytes())
}
