//! A web page of any content: parsed with the portal's HTML reader, its tables and narrative
//! found, written as a content file that is parsed back.
#![no_main]

use gongkai::content::parse_report;
use gongkai::import::{html, tables, write};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let Ok(doc) = html::parse(s) else { return };
    let imported = tables::extract(&doc);
    let year = imported.year.unwrap_or(2023);
    let file = write::content_file(&imported, year, "x", None);
    parse_report("x.md", file.as_bytes(), Some(year), "x");
});
