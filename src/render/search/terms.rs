//! The terms of the search index, and how text is cut into them.
//!
//! Chinese has no spaces between words, and a reader types part of a word ("统计" for 统计局,
//! "依申请" for 依申请公开), so the index does not segment words: it keeps every Han character
//! and every pair of adjacent Han characters (bigrams), plus every run of ASCII letters and
//! digits as one term ("2023", "pdf"). A query of one or two Han characters is then answered
//! exactly by one term; a longer one by the bigrams it contains (all must occur), after which the
//! browser confirms the phrase in the report's text.
//!
//! `themes/default/static/search.js` cuts queries with the same rules (`normalize`, `is_han`,
//! the FNV-1a hash of [`shard_of`]); the browser test checks that the two agree.

/// Fold a character the way queries are folded: full-width ASCII (`２０２３`, `ＰＤＦ`) to ASCII,
/// ASCII letters to lower case. One UTF-16 unit maps to one, so positions in folded text are
/// positions in the original (the browser relies on that to highlight matches).
pub fn normalize(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// CJK unified ideographs (the basic block, extension A, compatibility ideographs and the
/// supplementary planes' extensions).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}')
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// One index term: a Han character, a pair of adjacent ones, or a run of ASCII letters and
/// digits (already folded by [`normalize`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Term<'a> {
    Char(char),
    Pair(char, char),
    Word(&'a str),
}

impl std::fmt::Display for Term<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Term::Char(c) => write!(f, "{c}"),
            Term::Pair(a, b) => write!(f, "{a}{b}"),
            Term::Word(w) => f.write_str(w),
        }
    }
}

/// Every index term of a text, in order of appearance (with repeats): each Han character, each
/// pair of adjacent Han characters, and each run of ASCII letters and digits. Anything else
/// (punctuation, spaces, other scripts) separates terms. Han terms are given as characters,
/// not strings: the index packs them into numbers (most of a build's search time was making
/// and reading back one short string per character).
pub fn terms(text: &str, mut emit: impl FnMut(Term)) {
    let mut word = String::new();
    let mut prev_han: Option<char> = None;
    for c in text.chars().map(normalize) {
        if is_word(c) {
            word.push(c);
        } else if !word.is_empty() {
            emit(Term::Word(&word));
            word.clear();
        }
        if is_han(c) {
            emit(Term::Char(c));
            if let Some(p) = prev_han {
                emit(Term::Pair(p, c));
            }
            prev_han = Some(c);
        } else {
            prev_han = None;
        }
    }
    if !word.is_empty() {
        emit(Term::Word(&word));
    }
}

/// Which shard file holds a term's postings: FNV-1a (32 bit) of its UTF-8 bytes, modulo the
/// shard count (a power of two).
pub fn shard_of(term: &str, shards: usize) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h as usize & (shards - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut v = vec![];
        terms(text, |t| v.push(t.to_string()));
        v
    }

    #[test]
    fn han_text_gives_characters_and_adjacent_pairs() {
        assert_eq!(all("统计局"), ["统", "计", "统计", "局", "计局"]);
    }

    #[test]
    fn punctuation_breaks_pairs_and_words_are_whole() {
        assert_eq!(
            all("公开，2023年PDF"),
            ["公", "开", "公开", "2023", "年", "pdf"]
        );
    }

    #[test]
    fn full_width_digits_and_letters_fold_to_ascii() {
        assert_eq!(all("２０２３ＡＢ"), ["2023ab"]);
        assert_eq!(normalize('Ａ'), 'a');
        assert_eq!(normalize('统'), '统');
    }

    #[test]
    fn a_query_inside_a_word_is_covered_by_the_words_terms() {
        let doc = all("二、依申请公开政府信息情况");
        let has = |t: &str| doc.iter().any(|d| d == t);
        assert!(has("依申") && has("申请") && has("公开"));
        assert!(!has("统计"));
    }

    #[test]
    fn shards_are_stable_and_in_range() {
        // The browser computes the same numbers (FNV-1a of the UTF-8 bytes).
        assert_eq!(shard_of("a", 1 << 31), 0xe40c292c & ((1 << 31) - 1));
        assert!((0..64).contains(&shard_of("统计", 64)));
        assert_eq!(shard_of("统计", 1), 0);
    }
}
