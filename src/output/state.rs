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

use std::collections::HashMap;
use std::io::{self, Write};

/// A SHA-256 of a job's inputs.
pub type Key = [u8; 32];

const HEADER: &str = "gongkai-build-state 2";

/// What a build's output was made from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// The inputs every job shares (binary, configuration, theme, date, years).
    pub shared: Key,
    /// Each job's key, by its first output path.
    pub jobs: HashMap<String, Key>,
    /// The same, in job order, for writing.
    order: Vec<String>,
    /// What `build` recorded of its inputs' files and of what it said, for the next build to
    /// know without loading the site that nothing changed (`crate::pipeline::identity`).
    pub recorded: Option<Recorded>,
}

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
        self.order.push(first_output.to_string());
        self.jobs.insert(first_output.to_string(), key);
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
        for path in &self.order {
            writeln!(out, "{} {path}", hex(&self.jobs[path]))?;
        }
        Ok(())
    }

    /// The state in `text`; `None` when it is not one this binary wrote.
    pub(super) fn parse(text: &str) -> Option<State> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let mut state = State::new(unhex(lines.next()?)?);
        let mut lines = lines.peekable();
        if let Some(inputs) = lines.peek().and_then(|l| l.strip_prefix("inputs ")) {
            let mut words = inputs.split(' ');
            let taken = (words.next()?.parse().ok()?, words.next()?.parse().ok()?);
            let inputs = unhex(words.next()?)?;
            lines.next();
            let n: Vec<usize> = lines
                .next()?
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
        for line in lines {
            let (key, path) = line.split_once(' ')?;
            state.push(path, unhex(key)?);
        }
        Some(state)
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
}
