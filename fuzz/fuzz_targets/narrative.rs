//! A report body of any text: split into its sections, each rendered to sanitized HTML.
#![no_main]

use gongkai::content::narrative;
use gongkai::render::markdown;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let n = narrative::split(body, 1);
    markdown::to_html(&n.preamble);
    for s in &n.sections {
        markdown::to_html(&s.body);
    }
});
