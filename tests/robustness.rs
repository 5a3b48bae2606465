//! Bad input never panics: every truncation and many byte mutations of real reports go through
//! parsing and validation, ending in diagnostics or a report, never a crash.

use gongkai::content::{Departments, parse_report};
use gongkai::validate;

fn real(rel: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/sites/real/content/{rel}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn run(bytes: &[u8], year: i32) -> usize {
    let parsed = parse_report("x.md", bytes, Some(year), "x");
    let mut n = parsed.diagnostics.len();
    if let Some(r) = parsed.report {
        n += validate::check_report(&r, &Departments::default()).len();
        n += validate::check_across(&[&r, &r], &Departments::default()).len();
    }
    n
}

#[test]
fn every_truncation_of_real_reports_is_handled() {
    for (rel, year) in [
        ("2019/shanghai-gov-office.md", 2019),
        ("2023/hongze-gov.md", 2023),
    ] {
        let bytes = real(rel);
        for cut in (0..bytes.len()).step_by(7) {
            run(&bytes[..cut], year);
        }
    }
}

#[test]
fn byte_mutations_of_a_real_report_are_handled() {
    let bytes = real("2024/huaian-gov.md");
    // A small deterministic generator: no dependency, same mutations every run.
    let mut state: u64 = 0x2024_0131;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let replacements: &[&[u8]] = &[
        b"",
        b"\"",
        b"[",
        b"]",
        b"=",
        b"\n",
        b"-",
        b"99999999999999999999",
        b"1.5",
        b"\xff",
        "１".as_bytes(),
        b"{",
        b"+++",
        b"## ",
        b"\r\n",
        b"\0",
    ];
    let mut findings = 0;
    for _ in 0..3000 {
        let mut m = bytes.clone();
        let at = (next() as usize) % m.len();
        let len = (next() as usize) % 4;
        let end = (at + len).min(m.len());
        let with = replacements[(next() as usize) % replacements.len()];
        m.splice(at..end, with.iter().copied());
        findings += run(&m, 2024);
    }
    assert!(findings > 0, "mutations must produce findings");
}
