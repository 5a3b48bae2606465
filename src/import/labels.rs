//! Tolerant matching of printed labels against the schema's labels.
//!
//! Published reports print the template's labels with small differences: full-width or ASCII
//! brackets and digits, `1、` for `1.`, words split by spaces or line breaks ("商业 企业"), curly or
//! straight quotes, and typos ("2.其他法律行政止公开"). Both sides go through [`normalize`]; the
//! printed text is then searched for the label with an edit-distance tolerance ([`contains`]).

/// Fold a label to a canonical form: ASCII digits and brackets, no whitespace, one kind of quote,
/// `、` after a digit read as `.`.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_digit = false;
    for c in s.chars() {
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '，' => ',',
            '．' | '。' if prev_digit => '.',
            '、' if prev_digit => '.',
            '“' | '”' | '„' | '＂' | '‘' | '’' | '\'' => '"',
            '／' => '/',
            c if c.is_whitespace() => continue,
            c => c,
        };
        prev_digit = c.is_ascii_digit();
        out.push(c);
    }
    out
}

/// The ideographs that the Kangxi radicals U+2F00–U+2FD5 stand for (Unicode's compatibility
/// mappings, in code point order).
const KANGXI: &str = "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";

/// The simplified radicals of the CJK Radicals Supplement that stand for a whole character.
const SIMPLIFIED_RADICALS: [(char, char); 23] = [
    ('⺟', '母'),
    ('⺠', '民'),
    ('⻅', '见'),
    ('⻆', '角'),
    ('⻉', '贝'),
    ('⻋', '车'),
    ('⻓', '长'),
    ('⻔', '门'),
    ('⻙', '韦'),
    ('⻚', '页'),
    ('⻛', '风'),
    ('⻜', '飞'),
    ('⻢', '马'),
    ('⻥', '鱼'),
    ('⻦', '鸟'),
    ('⻧', '卤'),
    ('⻨', '麦'),
    ('⻩', '黄'),
    ('⻪', '黾'),
    ('⻬', '齐'),
    ('⻮', '齿'),
    ('⻰', '龙'),
    ('⻳', '龟'),
];

/// Radicals read as the characters they stand for. Many PDFs made in China map the glyph of
/// 人, 行, 民, 长… to the radical's code point ("⼈⺠政府"), so pdftotext gives radicals that
/// no label matches and no reader expects.
pub fn fold_radicals(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2F00}'..='\u{2FD5}' => KANGXI.chars().nth(c as usize - 0x2F00).unwrap_or(c),
            '\u{2E80}'..='\u{2EFF}' => SIMPLIFIED_RADICALS
                .iter()
                .find(|(r, _)| *r == c)
                .map_or(c, |(_, to)| *to),
            c => c,
        })
        .collect()
}

/// A label without its leading numbering (`一、`, `1.`, `(三)`), normalized.
pub fn core(label: &str) -> String {
    let n = normalize(label);
    strip_numbering(&n).to_string()
}

/// Drop a leading numbering from normalized text: `一、`, `1.`, `(三)`, `(3)`.
pub fn strip_numbering(n: &str) -> &str {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    if let Some(rest) = n.strip_prefix('(') {
        let end = rest.find(')');
        if let Some(end) = end
            && end > 0
            && rest[..end].chars().all(numeral)
        {
            return &rest[end + 1..];
        }
        return n;
    }
    let digits: usize = n
        .chars()
        .take_while(|&c| numeral(c))
        .map(char::len_utf8)
        .sum();
    if digits > 0 {
        let rest = &n[digits..];
        for sep in ['.', '、'] {
            if let Some(r) = rest.strip_prefix(sep) {
                return r;
            }
        }
    }
    n
}

/// How well `label` (normalized) occurs somewhere in `text` (normalized): 1.0 for an exact
/// substring, less by the edit distance of the best-matching substring over the label's length.
pub fn contains(text: &str, label: &str) -> f64 {
    let l: Vec<char> = label.chars().collect();
    if l.is_empty() {
        return 0.0;
    }
    let t: Vec<char> = text.chars().collect();
    // Sellers' algorithm: approximate substring matching, free start and end in `text`.
    let mut prev: Vec<usize> = (0..=l.len()).collect();
    let mut cur = vec![0; l.len() + 1];
    let mut best = l.len();
    for &tc in &t {
        cur[0] = 0;
        for j in 1..=l.len() {
            let sub = prev[j - 1] + usize::from(l[j - 1] != tc);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        best = best.min(cur[l.len()]);
        std::mem::swap(&mut prev, &mut cur);
    }
    1.0 - best as f64 / l.len() as f64
}

/// Like [`contains`], over only the places in `text` where a match may stand: `allowed(start,
/// end)` (character offsets of the matched substring) says which.
pub fn contains_where(text: &str, label: &str, allowed: impl Fn(usize, usize) -> bool) -> f64 {
    found_where(text, label, allowed).0
}

/// [`contains_where`] with where its best match stands (character offsets, start and end).
pub fn found_where(
    text: &str,
    label: &str,
    allowed: impl Fn(usize, usize) -> bool,
) -> (f64, Option<(usize, usize)>) {
    let l: Vec<char> = label.chars().collect();
    if l.is_empty() {
        return (0.0, None);
    }
    // Sellers' algorithm, each cell carrying where its match starts in `text`.
    let mut prev: Vec<(usize, usize)> = (0..=l.len()).map(|j| (j, 0)).collect();
    let mut cur = vec![(0, 0); l.len() + 1];
    let mut best = l.len();
    let mut at = None;
    for (t, tc) in text.chars().enumerate() {
        cur[0] = (0, t + 1);
        for j in 1..=l.len() {
            let sub = (prev[j - 1].0 + usize::from(l[j - 1] != tc), prev[j - 1].1);
            let del = (prev[j].0 + 1, prev[j].1);
            let ins = (cur[j - 1].0 + 1, cur[j - 1].1);
            cur[j] = [sub, del, ins]
                .into_iter()
                .min_by_key(|c| c.0)
                .unwrap_or(sub);
        }
        let (cost, start) = cur[l.len()];
        if cost < best && allowed(start, t + 1) {
            best = cost;
            at = Some((start, t + 1));
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    (1.0 - best as f64 / l.len() as f64, at)
}

/// Similarity of two whole labels (normalized), 0..=1.
pub fn similar(a: &str, b: &str) -> f64 {
    let d = strsim::levenshtein(a, b);
    let n = a.chars().count().max(b.chars().count());
    if n == 0 {
        return 0.0;
    }
    1.0 - d as f64 / n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_brackets_digits_quotes_and_spaces() {
        assert_eq!(normalize("（三）不予公开"), "(三)不予公开");
        assert_eq!(normalize("1、申请人"), "1.申请人");
        assert_eq!(normalize("商业 企业"), "商业企业");
        assert_eq!(
            normalize("3.危及\"三安全一稳定\""),
            normalize("3.危及“三安全一稳定”")
        );
        assert_eq!(core("（二）部分公开"), "部分公开");
        assert_eq!(core("2.重复申请"), "重复申请");
        assert_eq!(core("四、结转下年度"), "结转下年度");
    }

    #[test]
    fn radicals_read_as_characters() {
        assert_eq!(KANGXI.chars().count(), 0x2FD6 - 0x2F00);
        assert_eq!(fold_radicals("⼈⺠政府⾏政⻓"), "人民政府行政长");
        assert_eq!(fold_radicals("人民政府 12"), "人民政府 12");
    }

    #[test]
    fn tolerates_a_typo_but_not_another_label() {
        let typo = normalize("2.其他法律行政止公开");
        assert!(contains(&typo, &core("2.其他法律行政法规禁止公开")) >= 0.7);
        assert!(contains(&typo, &core("1.属于国家秘密")) < 0.5);
        assert_eq!(contains("xx予以公开yy", "予以公开"), 1.0);
        assert_eq!(contains_where("予以公开xx", "予以公开", |s, _| s > 2), 0.0);
        assert_eq!(
            contains_where("xx予以公开", "予以公开", |s, e| s == 2 && e == 6),
            1.0
        );
    }
}
