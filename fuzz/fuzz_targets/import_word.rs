//! A Word document whose `word/document.xml` is any bytes (stored uncompressed, so the fuzzer
//! mutates the XML rather than the deflate stream): read and its tables found.
#![no_main]

use gongkai::import::{docx, tables};
use libfuzzer_sys::fuzz_target;
use std::io::Write;
use zip::write::SimpleFileOptions;

fuzz_target!(|xml: &[u8]| {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("word/document.xml", stored).unwrap();
    zip.write_all(xml).unwrap();
    zip.finish().unwrap();
    // docx::read takes a path (it is what `gongkai import` has): one file per fuzzing process.
    let path = std::env::temp_dir().join(format!("gongkai-fuzz-{}.docx", std::process::id()));
    std::fs::write(&path, buf.into_inner()).unwrap();
    if let Ok(doc) = docx::read(&path) {
        tables::extract(&doc);
    }
});
