//! Department slugs from department names: the pinyin of each administrative unit, joined by `-`
//! (杭州市拱墅区统计局 → `hangzhoushi-gongshuqu-tongjiju`).

use pinyin::ToPinyin;

/// Suffixes that end an administrative unit in a department name; a unit ends after each.
const UNIT_ENDS: [char; 6] = ['省', '市', '区', '县', '镇', '乡'];

/// The slug for a department name. ASCII letters and digits are kept; other characters
/// separate words.
pub fn slug(name: &str) -> String {
    let mut words: Vec<String> = vec![];
    let mut cur = String::new();
    let flush = |cur: &mut String, words: &mut Vec<String>| {
        if !cur.is_empty() {
            words.push(std::mem::take(cur));
        }
    };
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            cur.push(c.to_ascii_lowercase());
        } else if let Some(p) = c.to_pinyin() {
            cur.push_str(p.plain());
            if UNIT_ENDS.contains(&c) {
                flush(&mut cur, &mut words);
            }
        } else {
            flush(&mut cur, &mut words);
        }
    }
    flush(&mut cur, &mut words);
    let s = words.join("-");
    s.chars()
        .take(80)
        .collect::<String>()
        .trim_matches('-')
        .to_string()
}

/// A slug not in `taken`: `slug`, else `slug-2`, `slug-3`, ….
pub fn unique(slug: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(slug) {
        return slug.to_string();
    }
    (2..)
        .map(|n| format!("{slug}-{n}"))
        .find(|s| !taken(s))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_by_unit() {
        assert_eq!(slug("杭州市拱墅区统计局"), "hangzhoushi-gongshuqu-tongjiju");
        assert_eq!(slug("淮安市人民政府"), "huaianshi-renminzhengfu");
        assert!(crate::content::valid_slug(&slug("上海市人民政府办公厅")));
        assert_eq!(unique("a", |s| s == "a" || s == "a-2"), "a-3");
    }
}
