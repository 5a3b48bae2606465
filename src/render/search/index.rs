//! Posting lists of every term over every report, built in bounded memory.
//!
//! A report has hundreds of distinct terms, so a string per term and report would cost
//! gigabytes on a large site. Han terms (nearly all of them) are packed into numbers instead,
//! and reports are read a block at a time (in parallel within the block) and merged in order,
//! so the lists come out sorted and only one block's terms are held at once.

use super::postings::List;
use super::terms::{self, Term};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

/// Reports read in parallel before their terms are merged into the lists.
const BLOCK: usize = 1024;

/// A Han character, or a pair of them, as one number (`first << 21 | second`; a single
/// character is below 2²¹ and a pair above, as Han characters are not 0).
fn pack(first: char, second: Option<char>) -> u64 {
    match second {
        None => u64::from(first),
        Some(second) => u64::from(first) << 21 | u64::from(second),
    }
}

fn unpack(key: u64) -> String {
    let char_of = |v: u64| char::from_u32(v as u32).expect("packed from a char");
    if key < 1 << 21 {
        char_of(key).to_string()
    } else {
        [char_of(key >> 21), char_of(key & ((1 << 21) - 1))]
            .iter()
            .collect()
    }
}

/// The distinct terms of one text: packed Han terms (in no particular order: each report is
/// pushed onto a term's list once, whatever the order, and the shards sort their terms) and
/// word strings (sorted).
fn report_terms(text: &str) -> (Vec<u64>, Vec<String>) {
    let (mut han, mut words) = (Vec::with_capacity(text.len() / 8), Vec::new());
    // A text repeats its common characters many times: those of the basic plane are kept once
    // as they come (a bit each). The pairs, and the rare characters beyond that plane, are kept
    // once through a set: sorting every pair of the text to drop the repeats was a third of
    // this function's time.
    let mut seen = vec![0u64; 1 << 10];
    let mut kept: FxHashSet<u64> =
        FxHashSet::with_capacity_and_hasher(text.len() / 8, Default::default());
    let mut keep = |key: u64, han: &mut Vec<u64>| {
        if kept.insert(key) {
            han.push(key);
        }
    };
    terms::terms(text, |t| match t {
        Term::Char(c) if (c as usize) < 1 << 16 => {
            let (word, bit) = (c as usize / 64, 1u64 << (c as usize % 64));
            if seen[word] & bit == 0 {
                seen[word] |= bit;
                han.push(pack(c, None));
            }
        }
        Term::Char(c) => keep(pack(c, None), &mut han),
        Term::Pair(a, b) => keep(pack(a, Some(b)), &mut han),
        Term::Word(w) => words.push(w.to_string()),
    });
    words.sort_unstable();
    words.dedup();
    (han, words)
}

/// The distinct terms of one text, as the index writes them.
pub fn terms_of(text: &str) -> std::collections::BTreeSet<String> {
    let (han, words) = report_terms(text);
    han.into_iter().map(unpack).chain(words).collect()
}

/// Term → the reports (numbers `0..reports`, ascending) whose text (`text(i)`) contains it.
pub fn postings(
    reports: usize,
    text: impl Fn(usize) -> String + Sync,
) -> impl Iterator<Item = (String, List)> {
    // Fx hashing: one lookup per distinct term of every report. Terms come from content, but
    // a clerk's own reports are no flooding threat, and the shards sort their entries anyway.
    let mut han: FxHashMap<u64, List> = FxHashMap::default();
    let mut words: FxHashMap<String, List> = FxHashMap::default();
    for start in (0..reports).step_by(BLOCK) {
        let block: Vec<(Vec<u64>, Vec<String>)> = (start..(start + BLOCK).min(reports))
            .into_par_iter()
            .map(|i| report_terms(&text(i)))
            .collect();
        for (i, (h, w)) in (start..).zip(block) {
            for k in h {
                han.entry(k).or_default().push(i as u32, reports);
            }
            for t in w {
                words.entry(t).or_default().push(i as u32, reports);
            }
        }
    }
    han.into_iter()
        .map(|(k, ids)| (unpack(k), ids))
        .chain(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn han_terms_pack_and_unpack() {
        assert_eq!(unpack(pack('统', None)), "统");
        assert_eq!(unpack(pack('统', Some('计'))), "统计");
        assert_eq!(unpack(pack('𠀀', Some('计'))), "𠀀计");
    }

    #[test]
    fn lists_are_sorted_report_numbers_across_blocks() {
        let texts = |i: usize| {
            // Terms repeated within a text (统计, 𠀀, 计𠀀) are listed once for it.
            if i.is_multiple_of(2) {
                "统计 2023 统计𠀀计𠀀"
            } else {
                "依申请"
            }
            .to_string()
        };
        let lists: HashMap<String, Vec<u32>> = postings(BLOCK + 3, texts)
            .map(|(t, list)| (t, list.ids()))
            .collect();
        let evens: Vec<u32> = (0..BLOCK as u32 + 3)
            .filter(|i| i.is_multiple_of(2))
            .collect();
        assert_eq!(lists["统计"], evens);
        assert_eq!(lists["𠀀"], evens);
        assert_eq!(lists["计𠀀"], evens);
        assert_eq!(lists["2023"], evens);
        assert_eq!(lists["申请"].len(), (BLOCK + 3) / 2);
        assert!(!lists.contains_key("计2"));
    }
}
