//! Helpers for the integration tests: write small sites, run the real binary, parse the output.
#![allow(dead_code)]

use gongkai::schema::{self, Edition};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn gongkai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

pub fn build(site: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    gongkai(&args)
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn html(path: &Path) -> scraper::Html {
    scraper::Html::parse_document(&read(path))
}

pub fn sel(s: &str) -> scraper::Selector {
    scraper::Selector::parse(s).unwrap()
}

pub fn text(e: scraper::ElementRef) -> String {
    e.text().collect::<String>().trim().to_string()
}

/// A small site being written.
pub struct SiteBuilder {
    pub root: PathBuf,
}

impl SiteBuilder {
    pub fn new(root: &Path, config: &str) -> SiteBuilder {
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("site.toml"), config).unwrap();
        SiteBuilder {
            root: root.to_path_buf(),
        }
    }

    pub fn file(&self, rel: &str, text: &str) -> &Self {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    pub fn report(&self, year: i32, slug: &str, text: &str) -> &Self {
        self.file(&format!("content/{year}/{slug}.md"), text)
    }
}

/// A report whose table-三 cell (row r, column c) holds `base + 100*r + c` (distinct values, so a
/// cell in the wrong place is caught), with total columns as given (6 values: computed).
pub fn distinct_report(
    department: &str,
    year: i32,
    edition: Edition,
    base: i64,
    six: bool,
) -> String {
    let mut s = format!(
        "+++\ndepartment = \"{department}\"\nyear = {year}\nedition = \"{}\"\npublished = {}-01-20\n\n",
        edition.id(),
        year + 1
    );
    s.push_str("[active]\n");
    for row in schema::active_rows(edition) {
        let vals: Vec<String> = row
            .fields
            .iter()
            .map(|f| match f.kind {
                schema::FieldKind::Decimal | schema::FieldKind::Text => "\"1.5\"".to_string(),
                _ => "2".to_string(),
            })
            .collect();
        if row.fields.len() == 1 && row.fields[0].key.is_none() {
            s.push_str(&format!("{} = {}\n", row.key, vals[0]));
        } else {
            let parts: Vec<String> = row
                .fields
                .iter()
                .zip(&vals)
                .map(|(f, v)| format!("{} = {v}", f.key.unwrap()))
                .collect();
            s.push_str(&format!("{} = {{ {} }}\n", row.key, parts.join(", ")));
        }
    }
    s.push_str("\n[applications]\n");
    for (r, row) in schema::application_rows(edition).enumerate() {
        let n = if six { 6 } else { 7 };
        let vals: Vec<String> = (0..n)
            .map(|c| (base + 100 * r as i64 + c as i64).to_string())
            .collect();
        s.push_str(&format!("{} = [{}]\n", row.key, vals.join(", ")));
    }
    s.push_str("\n[review_litigation]\n");
    for g in &schema::REVIEW_GROUPS {
        s.push_str(&format!("{} = [1, 2, 3, 4, 10]\n", g.key));
    }
    s.push_str("+++\n\n## 一、总体情况\n\n总体。\n\n## 五、存在的主要问题及改进情况\n\n问题。\n\n## 六、其他需要报告的事项\n\n无。\n");
    s
}

/// A valid 2021 report with the given new applications (all from 自然人, all disclosed).
pub fn simple_report(department: &str, year: i32, new: i64) -> String {
    let mut s = format!(
        "+++\ndepartment = \"{department}\"\nyear = {year}\npublished = {}-01-15\n\n[active]\nregulations = {{ issued = 0, repealed = 0, in_force = 0 }}\nnormative_docs = {{ issued = 0, repealed = 0, in_force = 0 }}\nlicensing = 5\npunishment = 3\ncoercion = 0\nfees = \"0\"\n\n[applications]\n",
        year + 1
    );
    for row in schema::application_rows(Edition::E2021) {
        let v = match row.key {
            "new" | "disclosed" | "total" => new,
            _ => 0,
        };
        s.push_str(&format!("{} = [{v}, 0, 0, 0, 0, 0, {v}]\n", row.key));
    }
    s.push_str("\n[review_litigation]\nreview = [1, 0, 0, 0, 1]\nlitigation_direct = [0, 0, 0, 0, 0]\nlitigation_after_review = [0, 0, 0, 0, 0]\n+++\n\n## 一、总体情况\n\n总体情况。\n\n## 五、存在的主要问题及改进情况\n\n问题。\n\n## 六、其他需要报告的事项\n\n无。\n");
    s
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![];
    for e in walkdir(dir) {
        out.push((
            e.strip_prefix(dir).unwrap().to_string_lossy().into_owned(),
            std::fs::read(&e).unwrap(),
        ));
    }
    out.sort();
    out
}

pub fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// What a command printed, stdout then stderr.
pub fn all_output(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A content file parsed as `check` parses it; a file that does not parse fails the test.
pub fn parse_content(path: &Path) -> gongkai::content::Report {
    let bytes = std::fs::read(path).unwrap();
    let parsed = gongkai::content::parse_report(&path.to_string_lossy(), &bytes, None, "x");
    parsed
        .report
        .unwrap_or_else(|| panic!("{} parses: {:?}", path.display(), parsed.diagnostics))
}

/// The real binary run in `cwd` under the locale `lang` (the import tests run where the content
/// goes, in Chinese or English).
pub fn gongkai_in(args: &[&str], cwd: &Path, lang: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

/// The markdown files written under a folder, sorted.
pub fn written_md(dir: &Path) -> Vec<PathBuf> {
    walkdir(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect()
}

/// The front matter of a content file's text, as TOML.
pub fn front_matter(text: &str) -> toml::Table {
    let body = text.split("+++").nth(1).expect("front matter");
    body.parse().expect("valid TOML")
}
