//! A Word document whose `word/styles.xml` is any bytes, beside a fixed document whose paragraphs
//! use styles and automatic numbers: read and its tables found (the headings a style gives must
//! not cost more than the style sheet's size).
#![no_main]

use gongkai::import::{docx, tables};
use libfuzzer_sys::fuzz_target;
use std::io::Write;
use zip::write::SimpleFileOptions;

const DOCUMENT: &str = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>一、总体情况</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Heading2"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>主动公开</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="a"/></w:pPr><w:r><w:t>正文</w:t></w:r></w:p>
</w:body></w:document>"#;

const NUMBERING: &str = r#"<w:numbering xmlns:w="x"><w:abstractNum w:abstractNumId="1">
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#;

fuzz_target!(|xml: &[u8]| {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in [
        ("word/document.xml", DOCUMENT.as_bytes()),
        ("word/numbering.xml", NUMBERING.as_bytes()),
        ("word/styles.xml", xml),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    let path = std::env::temp_dir().join(format!("gongkai-fuzz-styles-{}.docx", std::process::id()));
    std::fs::write(&path, buf.into_inner()).unwrap();
    if let Ok(doc) = docx::read(&path) {
        tables::extract(&doc);
    }
});
