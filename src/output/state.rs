//! The build state kept beside the manifests ([`super::STATE`]): what each job's output files
//! were made from, as one key per job (a SHA-256 of the job's inputs: its report files, their
//! findings, and the inputs every page shares; `crate::pipeline` computes them). A later build
//! whose key for a job is the same, and whose previous output still holds that job's files as the
//! manifest lists them, keeps those files without rendering the job.
//!
//! The file is text, one line per job: `gongkai-build-state 1`, then the shared key, then
//! `<key> <first output path>` per job, in job order.

use std::collections::HashMap;
use std::io::{self, Write};

/// A SHA-256 of a job's inputs.
pub type Key = [u8; 32];

const HEADER: &str = "gongkai-build-state 1";

/// What a build's output was made from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// The inputs every job shares (binary, configuration, theme, date, years).
    pub shared: Key,
    /// Each job's key, by its first output path.
    pub jobs: HashMap<String, Key>,
    /// The same, in job order, for writing.
    order: Vec<String>,
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
        for line in lines {
            let (key, path) = line.split_once(' ')?;
            state.push(path, unhex(key)?);
        }
        Some(state)
    }
}

fn hex(key: &Key) -> String {
    key.iter().map(|b| format!("{b:02x}")).collect()
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
        assert_eq!(State::parse(&text), Some(s));
        assert_eq!(State::parse(&text.replace(" 1\n", " 2\n")), None);
        assert_eq!(State::parse(&text.replacen("07", "0g", 1)), None);
        assert_eq!(State::parse(""), None);
    }
}
