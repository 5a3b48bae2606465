//! The page's bytes: the encoding it declares (or its byte order mark) and how deeply its
//! elements nest, both read before the HTML parser runs.

use encoding_rs::Encoding;
use std::sync::LazyLock;

/// The encoding a page declares in its first bytes: `<meta charset=…>` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=…">`.
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    static META: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)"#)
            .expect("valid regex")
    });
    let head = &bytes[..bytes.len().min(16 * 1024)];
    let label = META.captures(head)?.get(1)?.as_bytes();
    let enc = Encoding::for_label(label)?;
    // A page that names UTF-16 in an ASCII `<meta>` is not UTF-16 (HTML's rule).
    Some(
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            enc
        },
    )
}

/// The page as text: by its byte order mark, else the encoding it declares, else UTF-8 or,
/// failing that, GB18030 (which also reads GB2312 and GBK). Bytes that do not decode are an
/// error, never replaced: a replaced digit would be a wrong number.
pub fn decode(bytes: &[u8]) -> Result<String, crate::i18n::Msg> {
    let (enc, body) = match Encoding::for_bom(bytes) {
        Some((enc, len)) => (Some(enc), &bytes[len..]),
        None => (declared(bytes), bytes),
    };
    let strict = |enc: &'static Encoding| {
        enc.decode_without_bom_handling_and_without_replacement(body)
            .map(|s| s.into_owned())
    };
    match enc {
        Some(enc) => {
            strict(enc).ok_or_else(|| crate::msg!("imp-wrong-encoding", encoding = enc.name()))
        }
        None => strict(encoding_rs::UTF_8)
            .or_else(|| strict(encoding_rs::GB18030))
            .ok_or_else(|| crate::msg!("imp-unknown-encoding")),
    }
}

/// The deepest nesting of elements a page may have (real pages stay under 100). The HTML
/// parser's time grows with the square of the depth, so a deeper page is refused before it.
pub(super) const MAX_DEPTH: usize = 1_000;

/// Elements without an end tag, or whose end tag may be left out (they close themselves).
const SELF_CLOSING: [&str; 31] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "html", "head", "body", "o:p",
];

/// How deep the page's elements nest, by its tags (comments, scripts and styles skipped).
pub(super) fn depth_of(html: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix("!--") {
            rest = r.find("-->").map_or("", |j| &r[j + 3..]);
            continue;
        }
        let close = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if name.is_empty() || SELF_CLOSING.contains(&name.as_str()) {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        if close {
            depth = depth.saturating_sub(1);
        } else if !rest[..end].ends_with('/') {
            depth += 1;
            max = max.max(depth);
            if name == "script" || name == "style" {
                let closing = format!("</{name}");
                let at = rest.match_indices("</").map(|(j, _)| j).find(|&j| {
                    rest.as_bytes()
                        .get(j..j + closing.len())
                        .is_some_and(|b| b.eq_ignore_ascii_case(closing.as_bytes()))
                });
                rest = at.map_or("", |j| &rest[j..]);
            }
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    #[test]
    fn encodings_declared_detected_or_refused() {
        let page = "<html><head><meta charset=\"gb2312\"><title>t</title></head><body>行政许可</body></html>";
        let (gbk, _, _) = encoding_rs::GBK.encode(page);
        assert!(decode(&gbk).unwrap().contains("行政许可"));
        let page = page.replace(
            "<meta charset=\"gb2312\">",
            "<META HTTP-EQUIV=Content-Type CONTENT=\"text/html; charset=GBK\">",
        );
        let (gbk, _, _) = encoding_rs::GBK.encode(&page);
        assert!(decode(&gbk).unwrap().contains("行政许可"));
        // No declaration: GB18030 when not UTF-8; UTF-8 with a BOM.
        let (bare, _, _) = encoding_rs::GB18030.encode("<p>行政许可</p>");
        assert!(decode(&bare).unwrap().contains("行政许可"));
        let bom = [&[0xEF, 0xBB, 0xBF][..], "<p>规章</p>".as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap(), "<p>规章</p>");
        // Declared UTF-8 but not: refused, never replaced.
        let bad = [b"<meta charset=utf-8><p>".as_slice(), &gbk].concat();
        assert!(decode(&bad).unwrap_err().en().contains("UTF-8"));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let depth = MAX_DEPTH - 10;
        let html = format!(
            "{}<p>一、总体情况</p><p>六、其他需要报告的事项</p>{}",
            "<div>x".repeat(depth),
            "</div>".repeat(depth)
        );
        let doc = parse(&html).unwrap();
        assert!(doc.items.len() >= 2);
        // Deeper than any page: refused before the parser (whose time grows with the square of
        // the depth) sees it.
        let deep = "<div><span>x".repeat(100_000);
        let e = parse(&deep).unwrap_err();
        assert!(e.0.en().contains("nests"), "{e}");
        // Unclosed paragraphs and cells do not count: they close themselves.
        assert_eq!(depth_of(&"<p>x<li>y<td>z<br>".repeat(10_000)), 0);
        assert_eq!(
            depth_of("<!-- <div><div> --><script>if (a<b) {}</script><div>x</div>"),
            1
        );
    }
}
