//! The two READMEs say the same things (issue 21, items 1 and 10): README.zh-CN.md is for the
//! clerks who keep a portal, README.md for everyone else, and neither may fall behind. Both start
//! with how to get the `gongkai` command; their sections map one to one, their shell and template
//! blocks are the same, they name the same commands and options, and they quote the same figures
//! from the same benchmark run.

mod common;

use std::collections::BTreeSet;

/// Each section of README.md and its heading in README.zh-CN.md, in order. A section added to one
/// README needs its counterpart in the other (and a line here).
const SECTIONS: [(&str, &str); 12] = [
    ("Install", "安装"),
    ("Two commands", "两条命令"),
    ("Commands", "命令"),
    ("Languages", "语言"),
    ("The content format in brief", "内容格式简介"),
    ("The rules", "校验规则"),
    ("Building, serving and importing", "生成、预览和导入"),
    ("Themes", "主题"),
    ("Layout", "代码结构"),
    ("在线填报: editing reports in the browser", "在线填报"),
    ("Benchmarks", "性能测试"),
    ("Hardening and fuzzing", "加固与模糊测试"),
];

fn readme(name: &str) -> String {
    common::read(&common::repo().join(name))
}

/// The `## ` headings, in order (outside code blocks: a report's `## 一、总体情况` is an example).
fn headings(text: &str) -> Vec<String> {
    let mut out = vec![];
    let mut code = false;
    for line in text.lines() {
        if line.starts_with("```") {
            code = !code;
        } else if !code && let Some(h) = line.strip_prefix("## ") {
            out.push(h.trim().to_string());
        }
    }
    out
}

/// The text of one `## ` section.
fn section<'t>(text: &'t str, heading: &str) -> &'t str {
    let start = text
        .find(&format!("\n## {heading}\n"))
        .unwrap_or_else(|| panic!("no section {heading}"));
    let body = &text[start + heading.len() + 5..];
    let end = body.find("\n## ").unwrap_or(body.len());
    &body[..end]
}

/// The fenced blocks of a kind (`sh`, `html`), exactly as written.
fn blocks(text: &str, kind: &str) -> Vec<String> {
    let fence = format!("```{kind}\n");
    text.split(&fence)
        .skip(1)
        .map(|b| b[..b.find("```").unwrap()].to_string())
        .collect()
}

/// Every `gongkai …` and `cargo …` invocation in inline code: the command and its options (the
/// arguments are words, translated: `my-site` / `我的站点`).
fn commands(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, span) in text.split('`').enumerate() {
        if i % 2 == 0 {
            continue;
        }
        for part in span.split("&&") {
            let words: Vec<&str> = part.split_whitespace().collect();
            if let [tool @ ("gongkai" | "cargo"), rest @ ..] = words.as_slice() {
                let mut c = tool.to_string();
                for w in rest {
                    if w.starts_with("--") || w.chars().all(|ch| ch.is_ascii_lowercase()) {
                        c.push(' ');
                        c.push_str(w.split('=').next().unwrap());
                    }
                }
                out.insert(c);
            }
        }
    }
    out
}

/// The measured figures of a section: numbers with a decimal point or thousands separator, and
/// numbers followed by a unit (`16 ms`, `64 s`, `986 MiB`).
fn figures(text: &str) -> Vec<String> {
    let mut out = vec![];
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let after_letter = i > 0 && chars[i - 1].is_ascii_alphabetic();
        if chars[i].is_ascii_digit() && !after_letter {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || (matches!(chars[i], '.' | ',')
                        && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
            {
                i += 1;
            }
            let n: String = chars[start..i].iter().collect();
            let rest: String = chars[i..chars.len().min(i + 5)].iter().collect();
            let rest = rest.trim_start_matches(' ');
            let seconds =
                rest.starts_with('s') && !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic());
            let unit = seconds || ["ms", "MiB", "GiB"].iter().any(|u| rest.starts_with(u));
            if n.contains(['.', ',']) || unit {
                out.push(n);
            }
        } else {
            i += 1;
        }
    }
    out.sort();
    out
}

#[test]
fn both_readmes_start_with_how_to_install_the_command() {
    for (name, heading) in [("README.md", "Install"), ("README.zh-CN.md", "安装")] {
        let text = readme(name);
        assert_eq!(
            headings(&text).first().map(String::as_str),
            Some(heading),
            "{name}"
        );
        let install = section(&text, heading);
        assert_eq!(
            blocks(install, "sh")[0],
            "cargo install --locked --path .\n",
            "{name}"
        );
        assert!(
            install.contains("~/.cargo/bin"),
            "{name}: where the binary lands"
        );
        assert!(install.contains("PATH"), "{name}: how to put it on PATH");
    }
}

#[test]
fn the_readmes_sections_map_one_to_one() {
    let en = headings(&readme("README.md"));
    let zh = headings(&readme("README.zh-CN.md"));
    let want_en: Vec<&str> = SECTIONS.iter().map(|s| s.0).collect();
    let want_zh: Vec<&str> = SECTIONS.iter().map(|s| s.1).collect();
    assert_eq!(en, want_en, "README.md's sections");
    assert_eq!(zh, want_zh, "README.zh-CN.md's sections");
}

#[test]
fn the_readmes_give_the_same_commands_blocks_and_figures() {
    let en = readme("README.md");
    let zh = readme("README.zh-CN.md");
    for (e, z) in SECTIONS {
        let (se, sz) = (section(&en, e), section(&zh, z));
        for kind in ["sh", "html"] {
            assert_eq!(
                blocks(se, kind),
                blocks(sz, kind),
                "```{kind} blocks of {e} / {z}"
            );
        }
        assert_eq!(commands(se), commands(sz), "commands in {e} / {z}");
        assert_eq!(figures(se), figures(sz), "figures in {e} / {z}");
    }
}
