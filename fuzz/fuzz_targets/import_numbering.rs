//! Any bytes as `word/numbering.xml`: parsed, then the numbers of paragraphs at every level of
//! the first numbering ids drawn. Issue 25: a 1 KB numbering.xml made gigabyte numbers and
//! overflowed a counter; a number must stay short whatever the file says.
#![no_main]

use gongkai::import::numbering::Numbering;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|xml: &[u8]| {
    let Ok(xml) = std::str::from_utf8(xml) else {
        return;
    };
    let mut n = Numbering::parse(xml);
    for round in 0..3u8 {
        for id in 0..4 {
            for ilvl in 0..=10u8 {
                let level = ilvl.wrapping_add(round) % 11;
                if let Some(number) = n.next(&id.to_string(), level) {
                    assert!(number.chars().count() <= 64, "{number}");
                }
            }
        }
    }
});
