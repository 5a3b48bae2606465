//! A content file of any bytes: parsed, validated alone and against itself as last year.
#![no_main]

use gongkai::content::{Departments, parse_report};
use gongkai::validate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = parse_report("content/2023/x.md", data, Some(2023), "x");
    if let Some(r) = parsed.report {
        validate::check_report(&r, &Departments::default());
        validate::check_across(&[&r, &r], &Departments::default());
    }
});
