//! The user manual (docs/manual/) is tested as rustdoc tests its examples:
//!
//! - every ```` ```sh ```` block runs, in order, against a fresh copy of the demo site (one copy per
//!   chapter; a `cd` carries over to the chapter's next block), and must exit 0 (```` ```sh,exit=1 ````:
//!   exit 1). ```` ```sh,no_run ```` blocks (a server that never ends, a deploy to a real host) are
//!   not run; the chapter says why. An ```` ```output ```` block right after a command block is what
//!   that block prints (stdout and stderr), compared exactly;
//! - the generated parts (rules, keys) equal what `gongkai::manual::regenerate` makes now;
//! - every link to a file and every anchor resolves;
//! - every rule id, subcommand and option in the manual exists, and every subcommand and option of
//!   the command line is described in it (outside the 命令参考 chapter, which quotes `--help`).
//!
//! After an intended change, `UPDATE_MANUAL=1 cargo test --test manual` rewrites the generated parts
//! and the output blocks; review the diff as a snapshot's.

use gongkai::i18n::Lang;
use gongkai::manual;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn chapter_path(lang: Lang, file: &str) -> PathBuf {
    repo()
        .join("docs/manual")
        .join(manual::folder(lang))
        .join(file)
}

fn updating() -> bool {
    std::env::var_os("UPDATE_MANUAL").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The chapters as they are on disk now (the embedded copy may be older during an update).
fn chapters(lang: Lang) -> Vec<(&'static str, String)> {
    manual::chapters(lang)
        .iter()
        .map(|c| {
            let text = std::fs::read_to_string(chapter_path(lang, c.file))
                .unwrap_or_else(|e| panic!("{}: {e}", c.file));
            (c.file, text)
        })
        .collect()
}

/// A fenced code block: its info string, its text, and the byte range of the whole block.
struct Block {
    info: String,
    text: String,
    range: std::ops::Range<usize>,
    line: usize,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = vec![];
    let mut current: Option<Block> = None;
    for (event, range) in Parser::new_ext(markdown, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                current = Some(Block {
                    info: info.to_string(),
                    text: String::new(),
                    line: markdown[..range.start].lines().count() + 1,
                    range,
                })
            }
            Event::Text(t) => {
                if let Some(b) = current.as_mut() {
                    b.text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

#[test]
fn both_languages_have_the_same_chapters_and_headings() {
    for lang in LANGS {
        let listed: BTreeSet<String> = manual::chapters(lang)
            .iter()
            .map(|c| c.file.to_string())
            .collect();
        let on_disk: BTreeSet<String> =
            std::fs::read_dir(repo().join("docs/manual").join(manual::folder(lang)))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
        assert_eq!(
            listed,
            on_disk,
            "docs/manual/{} against src/manual/mod.rs",
            manual::folder(lang)
        );
    }
    let levels = |text: &str| -> Vec<u8> {
        Parser::new_ext(text, Options::ENABLE_TABLES)
            .filter_map(|e| match e {
                Event::Start(Tag::Heading { level, .. }) => Some(level as u8),
                _ => None,
            })
            .collect()
    };
    for ((file, zh), (_, en)) in chapters(Lang::Zh).iter().zip(chapters(Lang::En)) {
        assert_eq!(
            levels(zh),
            levels(&en),
            "{file}: the English chapter's headings do not follow the Chinese one's"
        );
        let kinds = |t: &str| -> Vec<String> { blocks(t).into_iter().map(|b| b.info).collect() };
        assert_eq!(
            kinds(zh),
            kinds(&en),
            "{file}: code blocks differ between the languages"
        );
    }
}

#[test]
fn generated_parts_are_what_the_code_generates() {
    let mut stale = vec![];
    for lang in LANGS {
        for (file, text) in chapters(lang) {
            let fresh = manual::regenerate(&text, lang)
                .unwrap_or_else(|e| panic!("docs/manual/{}/{file}: {e}", manual::folder(lang)));
            if fresh != text {
                if updating() {
                    std::fs::write(chapter_path(lang, file), &fresh).unwrap();
                } else {
                    stale.push(format!("docs/manual/{}/{file}", manual::folder(lang)));
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "generated parts out of date in {stale:?}: run `UPDATE_MANUAL=1 cargo test --test manual` and review the diff"
    );
}

/// A fresh copy of the demo site (site.toml and content/) with the published documents the
/// import examples use, in the folder the chapter names (`下载` / `downloads`).
fn demo_copy(lang: Lang) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = repo();
    std::fs::copy(root.join("site.toml"), dir.path().join("site.toml")).unwrap();
    for e in walkdir::WalkDir::new(root.join("content")) {
        let e = e.unwrap();
        let to = dir.path().join(e.path().strip_prefix(&root).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let downloads = dir.path().join(match lang {
        Lang::Zh => "下载",
        Lang::En => "downloads",
    });
    std::fs::create_dir_all(&downloads).unwrap();
    let fixtures = root.join("tests/fixtures/import");
    for name in [
        "gongshu-tongjiju-2023.docx",
        "huaian-city-gov-2024.pdf",
        "template-2021-blank.docx",
        "html/shanghai-gov-office-2019.html",
    ] {
        let from = fixtures.join(name);
        let base = Path::new(name).file_name().unwrap();
        std::fs::copy(&from, downloads.join(base))
            .unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    }
    std::fs::create_dir_all(dir.path().join("home")).unwrap();
    dir
}

/// What a command block expects: run or not, and its exit code.
fn expectation(info: &str) -> Option<i32> {
    let mut parts = info.split(',').map(str::trim);
    if parts.next() != Some("sh") {
        return None;
    }
    let mut code = Some(0);
    for p in parts {
        match p {
            "no_run" => code = None,
            p => match p.strip_prefix("exit=").and_then(|n| n.parse().ok()) {
                Some(n) => code = code.map(|_| n),
                None => panic!("unknown code block attribute `{p}` in `{info}`"),
            },
        }
    }
    code
}

/// Run one command block in `site` (starting in the folder the chapter's last block ended in);
/// its exit code and what it printed, with the temporary folder's path made `~`.
fn run(lang: Lang, site: &Path, script: &str) -> (i32, String) {
    let state = site.join(".manual-cwd");
    if !state.exists() {
        std::fs::write(&state, site.to_str().unwrap()).unwrap();
    }
    let wrapped = format!(
        "cd \"$(cat \"$MANUAL_CWD\")\" || exit 99\ntrap 'pwd > \"$MANUAL_CWD\"' EXIT\nexec 2>&1\nset -e\n{script}"
    );
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_gongkai"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(&wrapped)
        .env("PATH", path)
        .env("MANUAL_CWD", &state)
        .env("HOME", site.join("home"))
        .env(
            "LANG",
            match lang {
                Lang::Zh => "zh_CN.UTF-8",
                Lang::En => "C.UTF-8",
            },
        )
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        // 2026-12-01: the day the demo's publication figures are quoted for.
        .env("SOURCE_DATE_EPOCH", "1796083200")
        .current_dir(site)
        .output()
        .expect("bash runs");
    let text = String::from_utf8_lossy(&out.stdout).replace(site.to_str().unwrap(), "~");
    (out.status.code().unwrap_or(-1), text)
}

fn command_blocks_run(lang: Lang) {
    let mut failures = vec![];
    let mut ran = 0;
    for (file, text) in chapters(lang) {
        let name = format!("docs/manual/{}/{file}", manual::folder(lang));
        let site = demo_copy(lang);
        let all = blocks(&text);
        let mut rewrites: Vec<(std::ops::Range<usize>, String)> = vec![];
        for (i, block) in all.iter().enumerate() {
            let Some(code) = expectation(&block.info) else {
                continue;
            };
            ran += 1;
            let (got, printed) = run(lang, site.path(), &block.text);
            if got != code {
                failures.push(format!(
                    "{name}:{}: exit {got}, expected {code}:\n{}\n{printed}",
                    block.line, block.text
                ));
                continue;
            }
            let Some(output) = all.get(i + 1).filter(|b| b.info == "output") else {
                continue;
            };
            if output.text != printed {
                if updating() {
                    let whole = &text[output.range.clone()];
                    let close = whole.rfind("```").unwrap();
                    rewrites.push((
                        output.range.clone(),
                        format!("```output\n{printed}{}", &whole[close..]),
                    ));
                } else {
                    failures.push(format!(
                        "{name}:{}: the output differs from the manual's\n--- manual\n{}--- printed\n{printed}",
                        output.line, output.text
                    ));
                }
            }
        }
        if !rewrites.is_empty() {
            let mut new = text.clone();
            for (range, with) in rewrites.into_iter().rev() {
                new.replace_range(range, &with);
            }
            std::fs::write(chapter_path(lang, file), new).unwrap();
        }
    }
    assert!(ran > 10, "only {ran} command blocks ran");
    assert!(
        failures.is_empty(),
        "{} of {ran} command blocks failed (UPDATE_MANUAL=1 rewrites outputs):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn command_blocks_run_zh() {
    command_blocks_run(Lang::Zh);
}

#[test]
fn command_blocks_run_en() {
    command_blocks_run(Lang::En);
}

/// Every link of every chapter: a file of the repository that exists, and an anchor that one of
/// its headings makes. Web addresses are not fetched (the tests run offline).
#[test]
fn links_and_anchors_resolve() {
    let mut broken = vec![];
    for lang in LANGS {
        let dir = repo().join("docs/manual").join(manual::folder(lang));
        for (file, text) in chapters(lang) {
            for event in Parser::new_ext(&text, Options::ENABLE_TABLES) {
                let Event::Start(Tag::Link { dest_url, .. }) = event else {
                    continue;
                };
                let dest = dest_url.to_string();
                if dest.starts_with("http://") || dest.starts_with("https://") {
                    continue;
                }
                let (path, anchor) = dest.split_once('#').unwrap_or((&dest, ""));
                let target = if path.is_empty() {
                    dir.join(file)
                } else {
                    dir.join(path)
                };
                let where_ = format!("docs/manual/{}/{file}: {dest}", manual::folder(lang));
                if !target.exists() {
                    broken.push(format!("{where_}: no such file"));
                    continue;
                }
                if !anchor.is_empty() {
                    let Ok(markdown) = std::fs::read_to_string(&target) else {
                        broken.push(format!("{where_}: an anchor into a file that is not text"));
                        continue;
                    };
                    if !manual::anchors(&markdown).iter().any(|a| a == anchor) {
                        broken.push(format!("{where_}: no heading makes #{anchor}"));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The command line as the binary has it: each subcommand and its long options (from the fish
/// completion script, which clap generates from the same definition the parser uses).
fn command_line() -> BTreeMap<String, BTreeSet<String>> {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["completions", "fish"])
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .output()
        .unwrap();
    let script = String::from_utf8(out.stdout).unwrap();
    let word = |s: &str| s.split_whitespace().next().unwrap_or_default().to_string();
    let mut cli: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in script
        .lines()
        .filter(|l| l.starts_with("complete -c gongkai"))
    {
        if let Some(rest) = line
            .split("-n \"__fish_gongkai_needs_command\" -f -a \"")
            .nth(1)
        {
            let sub = rest.split('"').next().unwrap().to_string();
            if sub != "help" {
                cli.entry(sub).or_default();
            }
        } else if let Some(rest) = line.split("__fish_gongkai_using_subcommand ").nth(1) {
            let sub = rest.split('"').next().unwrap().trim().to_string();
            if let Some(opt) = line.split(" -l ").nth(1) {
                cli.entry(sub)
                    .or_default()
                    .insert(format!("--{}", word(opt)));
            }
        }
    }
    assert!(
        cli.len() >= 7 && cli["check"].contains("--explain"),
        "{cli:?}"
    );
    cli
}

/// The `gongkai …` commands of a chapter's code: its command blocks and inline code.
fn commands_in(markdown: &str) -> Vec<String> {
    let mut code = vec![];
    let mut in_sh = false;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                in_sh = info.split(',').next() == Some("sh")
            }
            Event::End(TagEnd::CodeBlock) => in_sh = false,
            Event::Text(t) if in_sh => code.push(t.to_string()),
            Event::Code(t) => code.push(t.to_string()),
            _ => {}
        }
    }
    let mut out = vec![];
    for text in code {
        for piece in text.split(['\n', '|', ';', '&', '(', ')']) {
            if let Some(i) = piece.find("gongkai ") {
                let cmd = &piece[i..];
                // `gongkai` as a word (not inside `gongkai-…` or a path).
                if i == 0
                    || !piece[..i].ends_with(|c: char| {
                        c.is_alphanumeric() || c == '/' || c == '-' || c == '.'
                    })
                {
                    out.push(cmd.split('#').next().unwrap().trim().to_string());
                }
            }
        }
    }
    out
}

#[test]
fn every_rule_and_command_is_in_the_manual_and_nothing_else() {
    let cli = command_line();
    let global: BTreeSet<&str> = ["--lang", "--help", "--version", "-h", "-V"].into();
    let rule_id = regex::Regex::new(r"\b[FRSXN]-[A-Z][A-Z0-9]+\b").unwrap();
    let codes: BTreeSet<&str> = gongkai::schema::RULES.iter().map(|r| r.code).collect();
    let mut wrong = vec![];
    for lang in LANGS {
        let mut prose = String::new();
        for (file, text) in chapters(lang) {
            let name = format!("docs/manual/{}/{file}", manual::folder(lang));
            for id in rule_id.find_iter(&text) {
                if !codes.contains(id.as_str()) {
                    wrong.push(format!("{name}: no rule {}", id.as_str()));
                }
            }
            for cmd in commands_in(&text) {
                let mut words = cmd.split_whitespace().skip(1);
                let Some(sub) = words.next() else { continue };
                if sub.starts_with('-') {
                    continue;
                }
                let Some(opts) = cli.get(sub) else {
                    wrong.push(format!("{name}: `{cmd}`: no command `{sub}`"));
                    continue;
                };
                for w in words.filter(|w| w.starts_with("--")) {
                    let opt = w.split('=').next().unwrap();
                    if !opts.contains(opt) && !global.contains(opt) {
                        wrong.push(format!("{name}: `{cmd}`: `{sub}` has no option {opt}"));
                    }
                }
            }
            if file != "commands.md" {
                prose.push_str(&text);
            }
        }
        for (sub, opts) in &cli {
            if !prose.contains(&format!("gongkai {sub}")) {
                wrong.push(format!(
                    "docs/manual/{}: `gongkai {sub}` is never described",
                    manual::folder(lang)
                ));
            }
            for opt in opts.iter().filter(|o| !global.contains(o.as_str())) {
                if !prose.contains(opt.as_str()) {
                    wrong.push(format!(
                        "docs/manual/{}: `gongkai {sub} {opt}` is never described",
                        manual::folder(lang)
                    ));
                }
            }
        }
        let commands = chapters(lang)
            .into_iter()
            .find(|(f, _)| *f == "commands.md")
            .unwrap()
            .1;
        for sub in cli.keys() {
            if !commands.contains(&format!("gongkai {sub} --help")) {
                wrong.push(format!(
                    "commands.md of {lang:?} does not quote `gongkai {sub} --help`"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `%E6%8A%A5` → `报`: an anchor as a browser matches it against the ids of a page.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(n) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(n);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `gongkai build` publishes the manual under /shouce/ in the site's language, linked from the
/// about page; every link of its pages to the site reaches a file and every anchor an id, and
/// its search index covers every chapter.
#[test]
fn the_manual_is_published_with_the_portal() {
    let site = demo_copy(Lang::Zh);
    let out = site.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["build", "--output"])
        .arg(&out)
        .current_dir(site.path())
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let about = std::fs::read_to_string(out.join("about/index.html")).unwrap();
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("/shouce/format/</loc>"),
        "the manual is in the sitemap"
    );
    assert!(
        about.contains(r#"href="/shouce/rules/""#),
        "the about page links the rules"
    );
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let mut pages = vec![];
    for e in walkdir::WalkDir::new(out.join("shouce")) {
        let e = e.unwrap();
        if e.file_name() == "index.html" {
            pages.push(e.path().to_path_buf());
        }
    }
    assert_eq!(
        pages.len(),
        manual::ZH.len() + 1,
        "a page per chapter and the deploy commands"
    );
    let mut broken = vec![];
    for page in &pages {
        let doc = scraper::Html::parse_document(&std::fs::read_to_string(page).unwrap());
        let title = doc
            .select(&sel("h1"))
            .next()
            .map(|h| h.text().collect::<String>());
        assert!(title.is_some(), "{}: no heading", page.display());
        for a in doc.select(&sel("article a[href]")) {
            let href = a.value().attr("href").unwrap();
            if href.starts_with("http") {
                continue;
            }
            let (path, anchor) = href.split_once('#').unwrap_or((href, ""));
            let target = if path.is_empty() {
                page.clone()
            } else {
                let p = out.join(path.trim_start_matches('/'));
                if path.ends_with('/') {
                    p.join("index.html")
                } else {
                    p
                }
            };
            let Ok(html) = std::fs::read_to_string(&target) else {
                broken.push(format!("{}: {href}: no such page", page.display()));
                continue;
            };
            if !anchor.is_empty() {
                let id = percent_decode(anchor);
                let doc = scraper::Html::parse_document(&html);
                if !doc
                    .select(&sel("[id]"))
                    .any(|e| e.value().id() == Some(id.as_str()))
                {
                    broken.push(format!("{}: {href}: no id {id}", page.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("shouce/search.json")).unwrap()).unwrap();
    let chapters: BTreeSet<&str> = index
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["chapter"].as_str().unwrap())
        .collect();
    for c in manual::ZH {
        assert!(chapters.contains(c.title()), "{} is not searchable", c.file);
    }
    let rules = std::fs::read_to_string(out.join("shouce/rules/index.html")).unwrap();
    for r in gongkai::schema::RULES {
        assert!(
            rules.contains(&format!("id=\"{}\"", r.code.to_lowercase())),
            "{}",
            r.code
        );
    }
}
