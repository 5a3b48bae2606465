//! A posting list (the sorted numbers of the reports a term occurs in) as a short string.
//!
//! Two encodings, whichever is shorter, told apart by the first character:
//! - `v` + base64 of the gaps between successive numbers as LEB128 varints (the first gap is
//!   counted from −1), for terms in few reports;
//! - `b` + base64 of a bitmap (bit `i % 8` of byte `i / 8` set for report `i`), for terms in
//!   many: a character like 公 occurs in nearly every report, and costs one bit per report.
//!
//! `themes/default/static/search.js` (`decode`) reads both.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// Encode a strictly increasing list of report numbers, all below `reports`.
pub fn encode(ids: &[u32], reports: usize) -> String {
    let mut gaps = Vec::with_capacity(ids.len() + 4);
    let mut prev: i64 = -1;
    for &id in ids {
        let mut gap = (i64::from(id) - prev) as u64;
        prev = i64::from(id);
        loop {
            let byte = (gap & 0x7f) as u8;
            gap >>= 7;
            if gap == 0 {
                gaps.push(byte);
                break;
            }
            gaps.push(byte | 0x80);
        }
    }
    let bitmap_len = reports.div_ceil(8);
    if gaps.len() <= bitmap_len {
        format!("v{}", STANDARD.encode(&gaps))
    } else {
        let mut bits = vec![0u8; bitmap_len];
        for &id in ids {
            bits[id as usize / 8] |= 1 << (id % 8);
        }
        format!("b{}", STANDARD.encode(&bits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the browser does, written again to check the format round-trips.
    fn decode(s: &str) -> Vec<u32> {
        let bytes = STANDARD.decode(&s[1..]).unwrap();
        let mut ids = vec![];
        if s.starts_with('b') {
            for (i, b) in bytes.iter().enumerate() {
                for bit in 0..8 {
                    if b & (1 << bit) != 0 {
                        ids.push((i * 8 + bit) as u32);
                    }
                }
            }
        } else {
            let (mut prev, mut gap, mut shift) = (-1i64, 0u64, 0);
            for b in bytes {
                gap |= u64::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    prev += gap as i64;
                    ids.push(prev as u32);
                    (gap, shift) = (0, 0);
                }
            }
        }
        ids
    }

    #[test]
    fn sparse_lists_are_gaps_and_round_trip() {
        let ids = [0, 5, 300, 70_000];
        let s = encode(&ids, 100_000);
        assert!(s.starts_with('v'), "{s}");
        assert_eq!(decode(&s), ids);
    }

    #[test]
    fn dense_lists_are_bitmaps_and_round_trip() {
        let ids: Vec<u32> = (0..1000).filter(|i| i % 3 != 0).collect();
        let s = encode(&ids, 1000);
        assert!(s.starts_with('b'), "{s}");
        assert!(s.len() < 200, "{}", s.len());
        assert_eq!(decode(&s), ids);
    }
}
