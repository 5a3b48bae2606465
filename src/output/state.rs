//! The build state kept beside the manifests ([`super::STATE`]): what each job's output files
//! were made from, as one key per job (a SHA-256 of the job's inputs: its report files, their
//! findings, and the inputs every page shares; `crate::pipeline` computes them). A later build
//! whose key for a job is the same, and whose previous output still holds that job's files as the
//! manifest lists them, keeps those files without rendering the job.
//!
//! The file is text, one line per job: `gongkai-build-state 2`, then the shared key, then (when
//! `build` recorded them) `inputs <seconds> <nanoseconds> <digest>` and `summary <files> <errors>
//! <warnings> <flagged> <reports>` (see [`Recorded`]), then `<key> <first output path>` per job,
//! in job order.

use std::io::{self, Write};

/// A SHA-256 of a job's inputs.
pub type Key = [u8; 32];

const HEADER: &str = "gongkai-build-state 2";

/// What a build's output was made from.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// The inputs every job shares (binary, configuration, theme, date, years).
    pub shared: Key,
    /// Each job's first output path and key, in job order.
    jobs: Vec<(String, Key)>,
    /// The positions of `jobs` sorted by path, made at the first lookup whose job is not at the
    /// position asked for (a report added or removed shifts the jobs after it).
    by_path: std::sync::OnceLock<Vec<u32>>,
    /// What `build` recorded of its inputs' files and of what it said, for the next build to
    /// know without loading the site that nothing changed (`crate::pipeline::identity`).
    pub recorded: Option<Recorded>,
}

impl PartialEq for State {
    fn eq(&self, other: &State) -> bool {
        self.shared == other.shared && self.jobs == other.jobs && self.recorded == other.recorded
    }
}

impl Eq for State {}

/// The identity of the files a build read, and the figures it printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// When the identity was taken (seconds and nanoseconds since 1970): a file changed later
    /// than a little before this cannot be told from its times alone, and its bytes count instead.
    pub taken: (i64, u32),
    /// The SHA-256 of the inputs' identity.
    pub inputs: Key,
    pub summary: Summary,
}

/// What `build` printed about the site it loaded: a build that finds nothing changed says it again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Report files scanned.
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Reports published with errors.
    pub flagged: usize,
    /// Reports published.
    pub reports: usize,
}

impl State {
    pub fn new(shared: Key) -> State {
        State {
            shared,
            ..State::default()
        }
    }

    pub fn push(&mut self, first_output: &str, key: Key) {
        self.jobs.push((first_output.to_string(), key));
        self.by_path = std::sync::OnceLock::new();
    }

    /// The key of the job whose first output is `path`, looked for first at position `at` (the
    /// job's place in this build: the same as in the previous one unless jobs were added or
    /// removed before it), so that a build of a hundred thousand jobs compares each with its
    /// previous key without hashing every path.
    pub fn key(&self, at: usize, path: &str) -> Option<&Key> {
        if let Some((p, key)) = self.jobs.get(at)
            && p == path
        {
            return Some(key);
        }
        let by_path = self.by_path.get_or_init(|| {
            let mut order: Vec<u32> = (0..self.jobs.len() as u32).collect();
            order.sort_unstable_by(|&a, &b| self.jobs[a as usize].0.cmp(&self.jobs[b as usize].0));
            order
        });
        let i = by_path
            .binary_search_by(|&i| self.jobs[i as usize].0.as_str().cmp(path))
            .ok()?;
        Some(&self.jobs[by_path[i] as usize].1)
    }

    pub(super) fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{HEADER}")?;
        writeln!(out, "{}", hex(&self.shared))?;
        if let Some(r) = &self.recorded {
            let (secs, nanos) = r.taken;
            writeln!(out, "inputs {secs} {nanos} {}", hex(&r.inputs))?;
            let s = &r.summary;
            writeln!(
                out,
                "summary {} {} {} {} {}",
                s.files, s.errors, s.warnings, s.flagged, s.reports
            )?;
        }
        for (path, key) in &self.jobs {
            out.write_all(&super::manifest::hex32(key))?;
            out.write_all(b" ")?;
            out.write_all(path.as_bytes())?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// The state in `text`; `None` when it is not one this binary wrote.
    pub(super) fn parse(text: &str) -> Option<State> {
        let (mut state, rest) = State::parse_head(text)?;
        // At 100,000 reports a list of 116,000 jobs: grown by doubling, it took a third more.
        state.jobs.reserve_exact(rest.lines().count());
        for line in rest.lines() {
            let (key, path) = line.split_once(' ')?;
            state.jobs.push((path.to_string(), unhex(key)?));
        }
        Some(state)
    }

    /// The shared key and what was recorded (`State::jobs` left empty), and the text after
    /// them: what tells whether anything changed, without reading a line per job.
    pub(super) fn parse_head(text: &str) -> Option<(State, &str)> {
        fn line<'t>(rest: &mut &'t str) -> Option<&'t str> {
            let (line, after) = rest.split_once('\n')?;
            *rest = after;
            Some(line)
        }
        let mut rest = text;
        if line(&mut rest)? != HEADER {
            return None;
        }
        let mut state = State::new(unhex(line(&mut rest)?)?);
        if let Some(inputs) = rest.strip_prefix("inputs ") {
            let inputs = inputs.split_once('\n')?.0;
            let mut words = inputs.split(' ');
            let taken = (words.next()?.parse().ok()?, words.next()?.parse().ok()?);
            let inputs = unhex(words.next()?)?;
            line(&mut rest)?;
            let n: Vec<usize> = line(&mut rest)?
                .strip_prefix("summary ")?
                .split(' ')
                .map(|w| w.parse().ok())
                .collect::<Option<_>>()?;
            let [files, errors, warnings, flagged, reports] = n[..] else {
                return None;
            };
            let summary = Summary {
                files,
                errors,
                warnings,
                flagged,
                reports,
            };
            state.recorded = Some(Recorded {
                taken,
                inputs,
                summary,
            });
        }
        Some((state, rest))
    }
}

fn hex(key: &Key) -> String {
    String::from_utf8(super::manifest::hex32(key).to_vec()).expect("hex digits are ASCII")
}

fn unhex(text: &str) -> Option<Key> {
    if text.len() != 64 {
        return None;
    }
    let mut key = [0u8; 32];
    for (byte, pair) in key.iter_mut().zip(text.as_bytes().chunks(2)) {
        let pair = std::str::from_utf8(pair).ok()?;
        *byte = u8::from_str_radix(pair, 16).ok()?;
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_reads_back_as_written_and_anything_else_is_refused() {
        let mut s = State::new([7; 32]);
        s.push("2023/a/index.html", [1; 32]);
        s.push("index.html", [255; 32]);
        let mut text = vec![];
        s.write(&mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert_eq!(State::parse(&text), Some(s.clone()));
        assert_eq!(State::parse(&text.replace(" 2\n", " 1\n")), None);
        s.recorded = Some(Recorded {
            taken: (1_767_225_600, 999_999_999),
            inputs: [9; 32],
            summary: Summary {
                files: 5,
                errors: 1,
                warnings: 2,
                flagged: 1,
                reports: 4,
            },
        });
        let mut text = vec![];
        s.write(&mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert_eq!(State::parse(&text), Some(s));
        assert_eq!(
            State::parse(&text.replace("summary 5 1 2 1 4", "summary 5 1 2")),
            None
        );
        assert_eq!(State::parse(&text.replacen("07", "0g", 1)), None);
        assert_eq!(State::parse(""), None);
    }

    /// A job is found by its path also when the jobs before it changed.
    #[test]
    fn a_job_key_is_found_at_its_place_or_by_its_path() {
        let mut s = State::new([0; 32]);
        for (i, p) in ["b", "a", "c"].iter().enumerate() {
            s.push(p, [i as u8; 32]);
        }
        assert_eq!(s.key(1, "a"), Some(&[1; 32]));
        assert_eq!(s.key(0, "a"), Some(&[1; 32]));
        assert_eq!(s.key(7, "c"), Some(&[2; 32]));
        assert_eq!(s.key(0, "d"), None);
        s.push("d", [3; 32]);
        assert_eq!(s.key(0, "d"), Some(&[3; 32]));
    }
}
