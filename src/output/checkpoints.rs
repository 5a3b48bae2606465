//! SHA-256 states of the large streamed files at every [`EVERY`] bytes, kept beside the
//! manifests ([`super::SHA256_STATES`]), so that a build that streams such a file again with only
//! its end changed (the all-years downloads after an edit of a report of the latest year; at
//! 100,000 reports some 470 MB) neither hashes nor writes the part that is the same: the
//! previous file is compared as the new one streams, and at the first difference its bytes up to
//! the last state before it are copied in the kernel and the hash resumes from that state
//! ([`super::previous::StreamTee`]).
//!
//! A file's states are used only while the previous manifest vouches for the file (see
//! [`super::previous::Previous`]) and they were recorded for its listed size and SHA-256; the
//! states file is trusted only when sealed with the output (as the build state is). So the
//! SHA-256 listed is always the hash of the bytes written.
//!
//! The file: [`MAGIC`], then per file (sorted by path) its path, size, SHA-256, the number of
//! states and each state ([`STATE_LEN`] bytes, as `sha2` serializes one), then a CRC-32 of
//! everything before it.

use super::manifest::Sum;
use sha2::Sha256;
use sha2::digest::common::hazmat::SerializableState;
use std::collections::HashMap;

/// Bytes between two states. In the tests a few bytes, so that their small files have several.
pub(super) const EVERY: u64 = if cfg!(test) { 16 } else { 4 << 20 };

/// Files smaller than this keep no states (streaming them again costs little).
pub(super) const FROM: u64 = 2 * EVERY;

const MAGIC: &[u8; 24] = b"gongkai sha256 states 1\n";

/// The length of one serialized state.
pub(super) const STATE_LEN: usize =
    <<Sha256 as SerializableState>::SerializedStateSize as sha2::digest::typenum::Unsigned>::USIZE;

/// One serialized SHA-256 state.
pub(super) type State = Vec<u8>;

/// A file's states: after `EVERY`, `2 * EVERY`, … bytes, recorded for the file of this size
/// and SHA-256.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct States {
    pub(super) size: u64,
    pub(super) sha256: Sum,
    pub(super) states: Vec<State>,
}

/// A hash's state, serialized.
pub(super) fn save(hash: &Sha256) -> State {
    let state = hash.serialize();
    debug_assert_eq!(state.len(), STATE_LEN);
    state.to_vec()
}

/// A hash from a serialized state; `None` when it is not one.
pub(super) fn restore(state: &[u8]) -> Option<Sha256> {
    let state = state.try_into().ok()?;
    Sha256::deserialize(state).ok()
}

/// The states file of `files` (sorted by path).
pub(super) fn write(files: &[(String, States)]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    for (path, s) in files {
        out.extend_from_slice(&(path.len() as u64).to_le_bytes());
        out.extend_from_slice(path.as_bytes());
        out.extend_from_slice(&s.size.to_le_bytes());
        out.extend_from_slice(&s.sha256.0);
        out.extend_from_slice(&(s.states.len() as u64).to_le_bytes());
        for state in &s.states {
            out.extend_from_slice(state);
        }
    }
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// The states in a states file; `None` unless it is exactly one [`write`] wrote.
pub(super) fn read(bytes: &[u8]) -> Option<HashMap<String, States>> {
    let (body, crc) = bytes.split_at_checked(bytes.len().checked_sub(4)?)?;
    if crc32fast::hash(body).to_le_bytes() != crc {
        return None;
    }
    let mut r = Reader {
        rest: body.strip_prefix(MAGIC)?,
    };
    let mut files = HashMap::new();
    while !r.rest.is_empty() {
        let len = usize::try_from(r.u64()?).ok()?;
        let path = std::str::from_utf8(r.take(len)?).ok()?.to_string();
        let size = r.u64()?;
        let sha256 = Sum(r.take(32)?.try_into().ok()?);
        let n = usize::try_from(r.u64()?).ok()?;
        if n > r.rest.len() / STATE_LEN {
            return None;
        }
        let states = (0..n)
            .map(|_| r.take(STATE_LEN).map(<[u8]>::to_vec))
            .collect::<Option<Vec<State>>>()?;
        files.insert(
            path,
            States {
                size,
                sha256,
                states,
            },
        );
    }
    Some(files)
}

/// Bytes read off the front of a slice.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, tail) = self.rest.split_at_checked(n)?;
        self.rest = tail;
        Some(head)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::Digest;

    /// A hash resumed from a saved state ends as the hash of the whole; the file of states
    /// reads back, and not when damaged.
    #[test]
    fn states_resume_the_hash_and_read_back() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut h = Sha256::new();
        h.update(&bytes[..333]);
        let state = save(&h);
        assert_eq!(state.len(), STATE_LEN);
        let mut resumed = restore(&state).unwrap();
        resumed.update(&bytes[333..]);
        assert_eq!(resumed.finalize(), Sha256::digest(&bytes));
        assert!(restore(&state[1..]).is_none());

        let files = vec![
            (
                "data/a.csv".to_string(),
                States {
                    size: 1000,
                    sha256: Sum::of(&bytes),
                    states: vec![state.clone(), state],
                },
            ),
            (
                "data/b.csv".to_string(),
                States {
                    size: 5,
                    sha256: Sum::of(b"x"),
                    states: vec![],
                },
            ),
        ];
        let written = write(&files);
        let back = read(&written).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back["data/a.csv"], files[0].1);
        assert_eq!(read(&write(&[])).unwrap().len(), 0);
        for cut in [0, 4, 30, written.len() / 2, written.len() - 1] {
            assert!(read(&written[..cut]).is_none(), "cut at {cut}");
        }
        let mut bad = written.clone();
        bad[40] ^= 1;
        assert!(read(&bad).is_none());
    }

    fn build_stream(target: &std::path::Path, text: &str) -> crate::output::Stats {
        let s = crate::output::Staging::new(target).unwrap();
        s.write_stream("long.csv", |w| {
            text.as_bytes().chunks(7).try_for_each(|c| w.write_all(c))
        })
        .unwrap();
        s.commit().unwrap()
    }

    /// A streamed file written again over its previous version with its states: changed at
    /// the start, in the middle, at the end, cut short, made longer, the same; and with the
    /// states file or the previous file edited by hand. Each time the file holds what was
    /// streamed, the manifest lists its SHA-256, and the states recorded are those of its bytes.
    #[test]
    fn a_file_streamed_again_over_its_states_is_the_one_streamed() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join("public");
        let base: String = (0..300).map(|i| format!("row {i},{}\n", i * 37)).collect();
        let check = |text: &str, what: &str| {
            let sums = std::fs::read_to_string(t.join(super::super::MANIFEST_SHA256)).unwrap();
            let want = crate::output::sha256_hex(Sha256::new_with_prefix(text.as_bytes()));
            assert_eq!(sums, format!("{want}  long.csv\n"), "{what}");
            assert_eq!(
                std::fs::read_to_string(t.join("long.csv")).unwrap(),
                text,
                "{what}"
            );
            let states =
                read(&std::fs::read(t.join(super::super::SHA256_STATES)).unwrap()).unwrap();
            let s = &states["long.csv"];
            assert_eq!(s.size, text.len() as u64, "{what}");
            assert_eq!(s.states.len() as u64, text.len() as u64 / EVERY, "{what}");
            for (k, state) in s.states.iter().enumerate() {
                let mut h = Sha256::new();
                h.update(&text.as_bytes()[..(k + 1) * EVERY as usize]);
                assert_eq!(*state, save(&h), "{what}: state {k}");
            }
        };
        build_stream(&t, &base);
        check(&base, "first");
        let middle = base.len() / 2;
        let edits = [
            ("start", format!("X{}", &base[1..])),
            (
                "middle",
                format!("{}x{}", &base[..middle], &base[middle + 1..]),
            ),
            ("end", format!("{}9\n", &base[..base.len() - 2])),
            ("shorter", base[..base.len() - 40].to_string()),
            ("same", base[..base.len() - 40].to_string()),
            ("longer", format!("{base}one more\n")),
        ];
        for (what, text) in &edits {
            let stats = build_stream(&t, text);
            check(text, what);
            if *what == "same" {
                assert_eq!(stats.kept, 2, "with the marker");
            }
        }
        // The states file edited by hand: not trusted.
        std::fs::write(t.join(super::super::SHA256_STATES), write(&[])).unwrap();
        build_stream(&t, &base);
        check(&base, "states edited");
        // The previous file edited by hand (same size): compared byte for byte, written anew.
        let mut bytes = base.clone().into_bytes();
        bytes[5] ^= 1;
        std::fs::write(t.join("long.csv"), &bytes).unwrap();
        build_stream(&t, &base);
        check(&base, "file edited");
    }
}
