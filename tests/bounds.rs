//! Resource bounds: `build` and the text and Word importers given an input 10× larger than the
//! largest real one take time and memory linear in its size. Each runs the real binary as a
//! child and reads its CPU time and peak memory from `wait4` (not guessed: measured, and printed
//! with `--nocapture`). The bounds are generous (a ratio of 10 in size may cost up to 25 in CPU
//! time, 10 in memory); a quadratic path costs 100.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// CPU time (user + system) and peak resident memory (KiB) of one run of the binary.
#[allow(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which std cannot see"
)]
fn measure(args: &[&str]) -> (Duration, i64) {
    let child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for this child only (getrusage of all
    // children would mix in those of tests running alongside).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    assert!(
        libc::WIFEXITED(status),
        "{args:?} was killed (signal {})",
        libc::WTERMSIG(status)
    );
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    (tv(usage.ru_utime) + tv(usage.ru_stime), usage.ru_maxrss)
}

/// Run at 1× and 10×; assert linear time and memory. `fresh`, when given, is removed before each
/// run: a build's output, so that every build is a whole one (over its own unchanged output, a
/// build stops before loading the site).
fn assert_linear(what: &str, one: &[&str], ten: &[&str], fresh: Option<&Path>) {
    let measure = |args: &[&str]| {
        if let Some(dir) = fresh {
            let _ = std::fs::remove_dir_all(dir);
        }
        measure(args)
    };
    // Warm the page cache and the binary first.
    measure(one);
    let (t1, m1) = measure(one);
    let (t10, m10) = measure(ten);
    eprintln!(
        "{what}: 1×: {:.0} ms CPU, {} MiB peak; 10×: {:.0} ms CPU, {} MiB peak",
        t1.as_secs_f64() * 1000.0,
        m1 / 1024,
        t10.as_secs_f64() * 1000.0,
        m10 / 1024
    );
    // 50 ms of slack: a tiny 1× run is mostly start-up and timer noise.
    assert!(
        t10 <= t1 * 25 + Duration::from_millis(50),
        "{what}: 10× the input took {t10:?} against {t1:?}"
    );
    assert!(
        m10 <= m1 * 10,
        "{what}: 10× the input took {m10} KiB against {m1} KiB"
    );
}

/// The largest real report, with its narrative repeated `times` (the body after the front
/// matter; the tables stay one).
fn enlarged_report(times: usize) -> String {
    let text = std::fs::read_to_string(
        repo().join("tests/sites/real/content/2019/shanghai-gov-office.md"),
    )
    .unwrap();
    let close = text[3..].find("\n+++\n").unwrap() + 3 + 5;
    let (front, body) = text.split_at(close);
    let mut out = front.to_string();
    for _ in 0..times {
        out.push_str(body);
    }
    out
}

#[test]
fn build_is_linear_in_the_size_of_a_report_and_of_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = |name: &str, reports: usize, times: usize| {
        let s = SiteBuilder::new(
            &dir.path().join(name),
            "title = \"t\"\npublish_with_errors = true\n",
        );
        for i in 0..reports {
            let text =
                enlarged_report(times).replace("department = \"", &format!("department = \"{i}"));
            s.report(2019, &format!("d{i}"), &text);
        }
        s.root
    };
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    for (what, one, ten) in [
        (
            "build, one report 10× longer",
            site("r1", 1, 1),
            site("r10", 1, 10),
        ),
        (
            "build, 10× the reports",
            site("s1", 10, 1),
            site("s10", 100, 1),
        ),
    ] {
        assert_linear(
            what,
            &["build", one.to_str().unwrap(), "--output", o],
            &["build", ten.to_str().unwrap(), "--output", o],
            Some(&out),
        );
    }
    assert!(out.join("2019/d99/index.html").exists());
}

/// Import `file` into a fresh content folder under `dir`.
fn import_args<'a>(dir: &'a Path, file: &'a Path) -> Vec<String> {
    let into = dir.join(format!(
        "into-{}",
        file.file_name().unwrap().to_string_lossy()
    ));
    vec![
        "import".into(),
        file.to_string_lossy().into_owned(),
        "--into".into(),
        into.to_string_lossy().into_owned(),
        "--partial".into(),
        "--force".into(),
    ]
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn the_text_importer_is_linear() {
    let dir = tempfile::tempdir().unwrap();
    let real = repo().join("tests/fixtures/import/001_shanghai-gov-office-2019.txt");
    let text = std::fs::read_to_string(&real).unwrap();
    let ten = dir.path().join("ten.txt");
    std::fs::write(&ten, text.repeat(10)).unwrap();
    let one = dir.path().join("one.txt");
    std::fs::write(&one, &text).unwrap();
    let (a, b) = (import_args(dir.path(), &one), import_args(dir.path(), &ten));
    assert_linear("import, text", &strs(&a), &strs(&b), None);
}

/// A copy of a real .docx whose body is repeated `times` (stored uncompressed).
fn enlarged_docx(real: &Path, times: usize, to: &Path) {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::fs::File::open(real).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = vec![];
        entry.read_to_end(&mut bytes).unwrap();
        if name == "word/document.xml" {
            let xml = String::from_utf8(bytes).unwrap();
            let start = xml.find("<w:body>").unwrap() + "<w:body>".len();
            let end = xml.rfind("<w:sectPr").unwrap();
            let body = &xml[start..end];
            bytes = format!("{}{}{}", &xml[..start], body.repeat(times), &xml[end..]).into_bytes();
        }
        out.start_file(name, stored).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn the_word_importer_is_linear() {
    let dir = tempfile::tempdir().unwrap();
    let real = repo().join("tests/fixtures/import/huaian-city-gov-2024.docx");
    let one = dir.path().join("one.docx");
    let ten = dir.path().join("ten.docx");
    enlarged_docx(&real, 1, &one);
    enlarged_docx(&real, 10, &ten);
    let (a, b) = (import_args(dir.path(), &one), import_args(dir.path(), &ten));
    assert_linear("import, Word", &strs(&a), &strs(&b), None);
}
