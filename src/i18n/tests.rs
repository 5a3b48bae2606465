//! The catalogue is complete: both languages parse, have the same entries, every rule has its
//! texts, and every message the code names exists.

use super::*;
use crate::schema::RULES;
use fluent_syntax::ast;
use std::collections::BTreeSet;

/// The ids and attributes of one language's files (`id` and `id.attr`), failing on a syntax error.
fn entries(files: &[(&str, &str)]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (name, text) in files {
        let res = fluent_syntax::parser::parse(*text)
            .unwrap_or_else(|(_, errors)| panic!("{name}: {errors:?}"));
        for entry in res.body {
            if let ast::Entry::Message(m) = entry {
                let id = m.id.name.to_string();
                assert!(out.insert(id.clone()), "{name}: {id} twice");
                for a in m.attributes {
                    out.insert(format!("{id}.{}", a.id.name));
                }
            }
        }
    }
    out
}

#[test]
fn catalogue_parses_and_both_languages_have_the_same_entries() {
    let zh = entries(ZH_FILES);
    let en = entries(EN_FILES);
    let only_zh: Vec<_> = zh.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&zh).collect();
    assert!(only_zh.is_empty(), "only in zh-CN: {only_zh:?}");
    assert!(only_en.is_empty(), "only in en: {only_en:?}");
}

#[test]
fn every_rule_has_its_texts_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        for rule in RULES {
            for (what, text) in [
                ("summary", rule.summary(lang)),
                ("why", rule.why(lang)),
                ("example", rule.example(lang)),
            ] {
                assert!(
                    !text.trim().is_empty(),
                    "{} lacks {what} in {lang:?}",
                    rule.code
                );
            }
        }
    }
}

/// Every `msg!("id", …)`, `Arg::Ref("id")` and `t(lang, "id")` in the source names an entry of
/// both languages, so a message cannot be shown as its bare id.
#[test]
fn every_message_named_in_the_code_exists() {
    let re = regex::Regex::new(
        r#"(?:msg!\(\s*|Arg::Ref\(|\bt\(\s*\w+,\s*|\btext\(\s*\w+,\s*|\bheading\()"([a-z][a-z0-9-]*)"|"((?:cli|label|severity|io)-[a-z0-9-]+)""#,
    )
    .unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut named = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        // src/i18n/ itself names example ids in its documentation.
        if entry.path().extension().is_some_and(|e| e == "rs")
            && !entry.path().starts_with(src.join("i18n"))
        {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for c in re.captures_iter(&text) {
                let id = c.get(1).or(c.get(2)).unwrap().as_str();
                named.insert((id.to_string(), entry.path().display().to_string()));
            }
        }
    }
    assert!(named.len() > 100, "found only {} names", named.len());
    for (id, file) in &named {
        for lang in [Lang::Zh, Lang::En] {
            assert!(
                has(lang, id),
                "{file}: `{id}` is not in the {lang:?} catalogue"
            );
        }
    }
}

#[test]
fn arguments_are_filled_in_without_isolation_marks() {
    let m = crate::msg!("check-summary", reports = 2, errors = 1, warnings = 0);
    assert_eq!(m.text(Lang::Zh), "已检查 2 份报告：错误 1 项，提示 0 项");
    assert_eq!(m.text(Lang::En), "checked 2 reports: 1 error, 0 warnings");
}

#[test]
fn reader_text_falls_back_to_the_message() {
    let m = crate::msg!("section-empty", heading = "五、存在的主要问题及改进情况");
    assert_eq!(m.reader_text(Lang::Zh), m.text(Lang::Zh));
    let m = crate::msg!("section-missing", heading = "五、存在的主要问题及改进情况");
    assert_ne!(m.reader_text(Lang::Zh), m.text(Lang::Zh));
    // Readers are not shown front-matter keys.
    let m = crate::msg!(
        "rows-missing",
        table = "applications",
        heading = "表三",
        count = 1,
        edition = "2021",
        rows = "partial"
    );
    assert!(m.text(Lang::Zh).contains("[applications]"));
    assert_eq!(
        m.reader_text(Lang::Zh),
        "原报告的表三缺少国家模板（2021版）中的 1 行"
    );
}

#[test]
fn languages_from_tags_and_locales() {
    assert_eq!(Lang::from_tag("zh_CN.UTF-8"), Some(Lang::Zh));
    assert_eq!(Lang::from_tag("zh-Hans"), Some(Lang::Zh));
    assert_eq!(Lang::from_tag("C"), Some(Lang::En));
    assert_eq!(Lang::from_tag("C.UTF-8"), Some(Lang::En));
    assert_eq!(Lang::from_tag("en_US.UTF-8"), Some(Lang::En));
    assert_eq!(Lang::from_tag("fr_FR.UTF-8"), None);
}
