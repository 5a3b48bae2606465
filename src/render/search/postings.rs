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

/// A posting list being built, held in the encoding it is published in: a site of 100,000
/// reports has some 45 million (term, report) pairs, which as `u32`s in growing vectors took a
/// quarter of a gigabyte; as gaps they take about a byte each, and a term in many reports never
/// takes more than its bitmap.
pub struct List {
    /// Gap varints, or the bitmap once that is shorter.
    bytes: Vec<u8>,
    bitmap: bool,
    /// The last number pushed (−1 before the first).
    last: i64,
}

impl Default for List {
    fn default() -> List {
        List {
            bytes: Vec::new(),
            bitmap: false,
            last: -1,
        }
    }
}

impl List {
    /// Add report `id`, greater than every one before, of `reports` in all.
    pub fn push(&mut self, id: u32, reports: usize) {
        let bitmap_len = reports.div_ceil(8);
        if self.bitmap {
            set_bit(&mut self.bytes, id);
        } else {
            let mut gap = (i64::from(id) - self.last) as u64;
            loop {
                let byte = (gap & 0x7f) as u8;
                gap >>= 7;
                if gap == 0 {
                    self.bytes.push(byte);
                    break;
                }
                self.bytes.push(byte | 0x80);
            }
            if self.bytes.len() > bitmap_len {
                let mut bits = vec![0u8; bitmap_len];
                for id in gaps_to_ids(&self.bytes) {
                    set_bit(&mut bits, id);
                }
                (self.bytes, self.bitmap) = (bits, true);
            }
        }
        self.last = i64::from(id);
    }

    /// The list as published: `v` + base64 of the gaps, or `b` + base64 of the bitmap.
    pub fn encode(&self) -> String {
        let tag = if self.bitmap { 'b' } else { 'v' };
        format!("{tag}{}", STANDARD.encode(&self.bytes))
    }
}

impl List {
    /// The list of `ids` (ascending) of `reports` in all.
    pub fn of(ids: &[u32], reports: usize) -> List {
        let mut list = List::default();
        for &id in ids {
            list.push(id, reports);
        }
        list
    }

    /// The list a published string stands for (what [`List::encode`] wrote); `None` when it
    /// is not one.
    pub fn decode(s: &str) -> Option<List> {
        let (tag, rest) = s.split_at_checked(1)?;
        let bytes = STANDARD.decode(rest).ok()?;
        let bitmap = match tag {
            "b" => true,
            "v" => false,
            _ => return None,
        };
        Some(List {
            bytes,
            bitmap,
            last: -1,
        })
    }

    /// The numbers in the list.
    pub fn ids(&self) -> Vec<u32> {
        if self.bitmap {
            (0..self.bytes.len() as u32 * 8)
                .filter(|&i| self.bytes[i as usize / 8] & (1 << (i % 8)) != 0)
                .collect()
        } else {
            gaps_to_ids(&self.bytes).collect()
        }
    }
}

fn set_bit(bits: &mut [u8], id: u32) {
    bits[id as usize / 8] |= 1 << (id % 8);
}

/// The numbers a run of gap varints stands for.
fn gaps_to_ids(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let (mut prev, mut gap, mut shift) = (-1i64, 0u64, 0);
    bytes.iter().filter_map(move |&b| {
        gap |= u64::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 != 0 {
            return None;
        }
        prev += gap as i64;
        (gap, shift) = (0, 0);
        Some(prev as u32)
    })
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

    fn encode(ids: &[u32], reports: usize) -> String {
        let mut list = List::default();
        for &id in ids {
            list.push(id, reports);
        }
        list.encode()
    }

    #[test]
    fn sparse_lists_are_gaps_and_round_trip() {
        let ids = [0, 5, 300, 70_000];
        let s = encode(&ids, 100_000);
        assert!(s.starts_with('v'), "{s}");
        assert_eq!(decode(&s), ids);
        assert_eq!(List::decode(&s).unwrap().ids(), ids);
        assert_eq!(List::of(&ids, 100_000).encode(), s);
        assert!(List::decode("x").is_none() && List::decode("v!").is_none());
    }

    #[test]
    fn dense_lists_are_bitmaps_and_round_trip() {
        let ids: Vec<u32> = (0..1000).filter(|i| i % 3 != 0).collect();
        let s = encode(&ids, 1000);
        assert!(s.starts_with('b'), "{s}");
        assert!(s.len() < 200, "{}", s.len());
        assert_eq!(decode(&s), ids);
        assert_eq!(List::decode(&s).unwrap().ids(), ids);
    }

    #[test]
    fn a_list_turns_into_a_bitmap_once_that_is_shorter() {
        // 64 reports: a bitmap of 8 bytes; gaps of 1 byte each pass it at the 9th report.
        let ids: Vec<u32> = (0..64).step_by(2).collect();
        for n in [8, 9, 20] {
            let s = encode(&ids[..n], 64);
            assert_eq!(s.starts_with('b'), n > 8, "{n}: {s}");
            assert_eq!(decode(&s), ids[..n]);
        }
    }
}
