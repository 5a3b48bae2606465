//! The shards after an edit, from the previous build's: cutting every report's text into terms
//! is most of the index's time, and an edit changes the text of one report, or of none (a
//! figure). What the previous build indexed is kept with the build's parts
//! ([`crate::render::parts`]): each report's key and a hash of its indexed text, and each
//! shard's length and CRC-32. When the reports are the same ones in the same order, the texts
//! that changed (few) move their reports' numbers in the previous shards; the shards they do
//! not touch are the previous files' bytes. Anything else (no record, another number of
//! reports, many texts changed, a shard file not as recorded) builds the index whole.

use super::postings::List;
use crate::output::Key;
use crate::render::parts::Parts;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Under this name the record is kept with the parts.
const NAME: &str = "search-index";
const MAGIC: &[u8; 8] = b"GKSRCH01";

/// More texts changed than this and the index is built whole (each one changed reads every list).
const MOST: usize = 32;

/// A hash of a report's indexed text.
pub type TextHash = [u8; 16];

pub fn text_hash(text: &str) -> TextHash {
    let full: [u8; 32] = Sha256::digest(text.as_bytes()).into();
    full[..16].try_into().expect("16 of 32 bytes")
}

/// What the previous build indexed.
pub struct Record {
    /// Each report's key and text hash, in the order of the search list.
    pub reports: Vec<(Key, TextHash)>,
    /// Each shard file's length and CRC-32.
    pub shards: Vec<(u64, u32)>,
}

impl Record {
    pub fn load(parts: &Parts) -> Option<Record> {
        let bytes = parts.kept(NAME)?;
        let rest = bytes.strip_prefix(MAGIC)?;
        let (n, rest) = rest.split_at_checked(16)?;
        let reports = usize::try_from(u64::from_le_bytes(n[..8].try_into().ok()?)).ok()?;
        let shards = usize::try_from(u64::from_le_bytes(n[8..].try_into().ok()?)).ok()?;
        let (r, s) = rest.split_at_checked(reports.checked_mul(48)?)?;
        if s.len() != shards.checked_mul(12)? {
            return None;
        }
        Some(Record {
            reports: r
                .chunks_exact(48)
                .map(|c| (c[..32].try_into().unwrap(), c[32..].try_into().unwrap()))
                .collect(),
            shards: s
                .chunks_exact(12)
                .map(|c| {
                    let len = u64::from_le_bytes(c[..8].try_into().unwrap());
                    (len, u32::from_le_bytes(c[8..].try_into().unwrap()))
                })
                .collect(),
        })
    }

    /// Keep the record of this build's index (`shards` its files).
    pub fn keep(parts: &Parts, reports: &[(Key, TextHash)], shards: &[Vec<u8>]) {
        let mut bytes = Vec::with_capacity(24 + reports.len() * 48 + shards.len() * 12);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&(reports.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&(shards.len() as u64).to_le_bytes());
        for (key, text) in reports {
            bytes.extend_from_slice(key);
            bytes.extend_from_slice(text);
        }
        for s in shards {
            bytes.extend_from_slice(&(s.len() as u64).to_le_bytes());
            bytes.extend_from_slice(&crc32fast::hash(s).to_le_bytes());
        }
        parts.keep(NAME, bytes);
    }
}

/// The shards from the previous ones (see the module's documentation), `texts` being each
/// report's text hash now and `terms(i)` the terms of report `i`'s text; `None` when they
/// cannot be.
pub fn shards(
    parts: &Parts,
    prev: &Record,
    texts: &[TextHash],
    terms: impl Fn(usize) -> BTreeSet<String> + Sync,
) -> Option<Vec<Vec<u8>>> {
    let n = texts.len();
    let count = prev.shards.len();
    if prev.reports.len() != n || count != super::shard_count(n) {
        return None;
    }
    let changed: Vec<usize> = (0..n).filter(|&i| prev.reports[i].1 != texts[i]).collect();
    if changed.len() > MOST {
        return None;
    }
    let old: Vec<Vec<u8>> = prev
        .shards
        .par_iter()
        .enumerate()
        .map(|(k, &(len, crc))| parts.previous(&super::shard_output(k), len, crc))
        .collect::<Option<_>>()?;
    if changed.is_empty() {
        return Some(old);
    }
    let mut maps: Vec<BTreeMap<String, String>> = old
        .par_iter()
        .map(|bytes| serde_json::from_slice(bytes).ok())
        .collect::<Option<_>>()?;
    // The changed reports' terms before: the terms whose lists hold them.
    let ids: Vec<u32> = changed.iter().map(|&i| i as u32).collect();
    let before: Vec<Vec<(usize, String)>> = maps
        .par_iter()
        .map(|map| {
            let mut found = vec![];
            for (term, list) in map {
                let list = List::decode(list)?.ids();
                for (c, id) in ids.iter().enumerate() {
                    if list.binary_search(id).is_ok() {
                        found.push((c, term.clone()));
                    }
                }
            }
            Some(found)
        })
        .collect::<Option<_>>()?;
    let mut old_terms: Vec<BTreeSet<String>> = vec![BTreeSet::new(); changed.len()];
    for (c, term) in before.into_iter().flatten() {
        old_terms[c].insert(term);
    }
    let new_terms: Vec<BTreeSet<String>> = changed.par_iter().map(|&i| terms(i)).collect();
    // Term → the reports to add to (true) or take from (false) its list.
    let mut moves: HashMap<&str, Vec<(u32, bool)>> = HashMap::new();
    for (c, (old, new)) in old_terms.iter().zip(&new_terms).enumerate() {
        for t in old.difference(new) {
            moves.entry(t).or_default().push((ids[c], false));
        }
        for t in new.difference(old) {
            moves.entry(t).or_default().push((ids[c], true));
        }
    }
    let mut touched = vec![false; count];
    for (term, moves) in moves {
        let k = super::terms::shard_of(term, count);
        touched[k] = true;
        let mut list = match maps[k].get(term) {
            Some(s) => List::decode(s)?.ids(),
            None => vec![],
        };
        for (id, add) in moves {
            match (list.binary_search(&id), add) {
                (Err(at), true) => list.insert(at, id),
                (Ok(at), false) => {
                    list.remove(at);
                }
                _ => {}
            }
        }
        if list.is_empty() {
            maps[k].remove(term);
        } else {
            maps[k].insert(term.to_string(), List::of(&list, n).encode());
        }
    }
    Some(
        old.into_par_iter()
            .zip(maps.par_iter())
            .zip(touched)
            .map(|((old, map), touched)| {
                if touched {
                    serde_json::to_vec(map).expect("shard serialises")
                } else {
                    old
                }
            })
            .collect(),
    )
}
