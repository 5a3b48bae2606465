//! Diagnostics: what `check`, `build` and `serve` report about content, and how they are printed.
//!
//! The text form follows rustc: `file:line: error[R-T4]: message`, then the offending source line
//! quoted with a marker under the value. Colour is used only on a terminal and never when
//! `NO_COLOR` is set.

use crate::control_chars::visible;
use crate::i18n::{Lang, Msg};
use crate::schema::{RuleId, Severity};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as shown to the user (relative to the site root where possible).
    pub file: String,
    /// 1-based line, when the finding has a place in the file.
    pub line: Option<u32>,
    /// Byte range within that line to underline.
    pub columns: Option<(u32, u32)>,
    pub rule: RuleId,
    /// What is wrong, as a catalogue message rendered in the reader's language.
    pub message: Msg,
    /// The key path of the cell concerned (`applications.total`), if any.
    pub cell: Option<String>,
    /// A hint printed under the quote ("did you mean …", "expected …").
    pub help: Option<Msg>,
}

impl Diagnostic {
    pub fn new(file: impl Into<String>, rule: RuleId, message: Msg) -> Self {
        Diagnostic {
            file: file.into(),
            line: None,
            columns: None,
            rule,
            message,
            cell: None,
            help: None,
        }
    }

    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }

    pub fn at(mut self, place: Option<Place>) -> Self {
        if let Some(p) = place {
            self.line = Some(p.line);
            self.columns = Some((p.start, p.end));
        }
        self
    }

    pub fn at_line(mut self, line: u32) -> Self {
        self.line = Some(line);
        self
    }

    pub fn cell(mut self, path: impl Into<String>) -> Self {
        self.cell = Some(path.into());
        self
    }

    pub fn help(mut self, help: Msg) -> Self {
        self.help = Some(help);
        self
    }

    /// Sort key: file, line, then rule, so output is deterministic.
    fn sort_key(&self) -> (&str, u32, RuleId, &Msg) {
        (&self.file, self.line.unwrap_or(0), self.rule, &self.message)
    }
}

/// A place in a source file: a line and a byte range within it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub line: u32,
    pub start: u32,
    pub end: u32,
}

/// Sort diagnostics by file and line, and drop exact duplicates.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    // On every core (stable, as `sort_by`): a large site has a hundred thousand findings.
    use rayon::slice::ParallelSliceMut as _;
    diags.par_sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup();
}

/// Where the findings of `file` are in `diags` (sorted as [`sort`] leaves them: by file
/// first), found by binary search.
pub fn findings_of(diags: &[Diagnostic], file: &str) -> std::ops::Range<usize> {
    let start = diags.partition_point(|d| d.file.as_str() < file);
    start..start + diags[start..].partition_point(|d| d.file == file)
}

pub fn count(diags: &[Diagnostic], severity: Severity) -> usize {
    diags.iter().filter(|d| d.severity() == severity).count()
}

/// The JSON form of `check --format json` (format-spec C): stable rule ids, the message in the
/// chosen language.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub file: &'a str,
    pub line: Option<u32>,
    pub severity: &'static str,
    pub rule: &'static str,
    pub message: String,
    pub cell: Option<&'a str>,
}

impl<'a> JsonDiagnostic<'a> {
    pub fn new(d: &'a Diagnostic, lang: Lang) -> Self {
        JsonDiagnostic {
            file: &d.file,
            line: d.line,
            severity: d.severity().as_str(),
            rule: d.rule.code(),
            message: d.message.text(lang),
            cell: d.cell.as_deref(),
        }
    }
}

/// Renders diagnostics as text, quoting source lines read from disk (relative to `root`).
pub struct Printer {
    root: PathBuf,
    color: bool,
    lang: Lang,
    /// The text of the file quoted last (without a BOM). Findings come sorted by file, so one
    /// file is enough; keeping every file's lines held a whole large site's reports in memory.
    source: Option<(String, Option<String>)>,
}

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const BLUE: &str = "\x1b[1;34m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

impl Printer {
    pub fn new(root: &Path, color: bool, lang: Lang) -> Self {
        Printer {
            root: root.to_path_buf(),
            color,
            lang,
            source: None,
        }
    }

    /// Whether to colour output on stderr/stdout: a terminal, and `NO_COLOR` unset or empty.
    pub fn color_wanted(is_terminal: bool) -> bool {
        is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
    }

    fn paint(&self, style: &str, text: &str) -> String {
        if self.color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    fn source_line(&mut self, file: &str, line: u32) -> Option<String> {
        if self.source.as_ref().is_none_or(|(f, _)| f != file) {
            let text = std::fs::read(self.root.join(file)).ok().map(|bytes| {
                let mut text = String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                let bom = text.len() - text.trim_start_matches('\u{feff}').len();
                text.drain(..bom);
                text
            });
            self.source = Some((file.to_string(), text));
        }
        let (_, text) = self.source.as_ref()?;
        let line = text.as_ref()?.lines().nth(line.checked_sub(1)? as usize)?;
        Some(line.trim_end_matches('\r').to_string())
    }

    pub fn render(&mut self, d: &Diagnostic) -> String {
        let mut out = String::new();
        let sev_style = match d.severity() {
            Severity::Error => RED,
            Severity::Warning => YELLOW,
        };
        // Text from content and file names is shown, never obeyed: an ESC in it stays visible.
        let file = visible(&d.file);
        let sev = d.severity().label(self.lang);
        let place = match d.line {
            Some(l) => format!("{file}:{l}"),
            None => file.into_owned(),
        };
        let _ = writeln!(
            out,
            "{}: {}{}",
            self.paint(BOLD, &place),
            self.paint(sev_style, &format!("{sev}[{}]", d.rule.code())),
            self.paint(BOLD, &format!(": {}", visible(&d.message.text(self.lang))))
        );
        if let Some(line) = d.line
            && let Some(src) = self.source_line(&d.file, line)
        {
            let num = line.to_string();
            let pad = " ".repeat(num.len());
            let bar = self.paint(BLUE, "|");
            let span = d.columns.and_then(|(start, end)| {
                let (start, end) = (start as usize, end as usize);
                let end = if src.is_char_boundary(end.min(src.len())) {
                    end.min(src.len())
                } else {
                    src.len()
                };
                (start <= end && src.is_char_boundary(start)).then_some((start, end))
            });
            let (shown, span) = excerpt(&src, span);
            let (shown, span) = match span {
                Some((start, end)) => {
                    let head = visible(&shown[..start]);
                    let mid = visible(&shown[start..end]);
                    let span = (head.len(), head.len() + mid.len());
                    (format!("{head}{mid}{}", visible(&shown[end..])), Some(span))
                }
                None => (visible(&shown).into_owned(), None),
            };
            let _ = writeln!(out, "{pad} {bar}");
            let _ = writeln!(out, "{} {bar} {shown}", self.paint(BLUE, &num));
            if let Some((start, end)) = span {
                let lead = UnicodeWidthStr::width(&shown[..start]);
                let width = UnicodeWidthStr::width(&shown[start..end]).max(1);
                let marker = self.paint(sev_style, &"^".repeat(width));
                let _ = writeln!(out, "{pad} {bar} {}{marker}", " ".repeat(lead));
            }
        }
        if let Some(help) = &d.help {
            let num_width = d.line.map(|l| l.to_string().len()).unwrap_or(1);
            let _ = writeln!(
                out,
                "{} = {} {}",
                " ".repeat(num_width),
                self.paint(BOLD, &crate::i18n::t(self.lang, "diag-help-label")),
                visible(&help.text(self.lang))
            );
        }
        out
    }
}

/// Display columns of source shown around a marked span; a narrative paragraph is one long line.
const EXCERPT_CONTEXT: usize = 40;

/// The part of a long line worth quoting: the marked span with some context either side, cut at
/// character boundaries and marked with "…". Returns the text and the span within it.
fn excerpt(src: &str, span: Option<(usize, usize)>) -> (String, Option<(usize, usize)>) {
    let limit = 2 * EXCERPT_CONTEXT + 40;
    let Some((start, end)) = span else {
        return (src.to_string(), None);
    };
    if UnicodeWidthStr::width(src) <= limit {
        return (src.to_string(), span);
    }
    // Walk back and forward by display width from the span.
    let mut from = start;
    let mut w = 0;
    for (i, c) in src[..start].char_indices().rev() {
        w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w > EXCERPT_CONTEXT {
            break;
        }
        from = i;
    }
    let mut to = end;
    let mut w = 0;
    for (i, c) in src[end..].char_indices() {
        w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w > EXCERPT_CONTEXT {
            break;
        }
        to = end + i + c.len_utf8();
    }
    let head = if from > 0 { "…" } else { "" };
    let tail = if to < src.len() { "…" } else { "" };
    let shown = format!("{head}{}{tail}", &src[from..to]);
    let shift = head.len();
    (shown, Some((start - from + shift, end - from + shift)))
}

/// `checked N reports: E errors, W warnings` / `已检查 N 份报告：错误 E 项，提示 W 项`
pub fn summary_line(reports: usize, diags: &[Diagnostic], lang: Lang) -> String {
    let (errors, warnings) = (
        count(diags, Severity::Error),
        count(diags, Severity::Warning),
    );
    summary_of(reports, errors, warnings, lang)
}

/// [`summary_line`] from the counts (`build` with nothing changed has them from the last build).
pub fn summary_of(reports: usize, errors: usize, warnings: usize, lang: Lang) -> String {
    crate::msg!(
        "check-summary",
        reports = reports,
        errors = errors,
        warnings = warnings
    )
    .text(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_quoted_whole() {
        let (shown, span) = excerpt("review = [10, 1, 0, 0, 0]", Some((22, 23)));
        assert_eq!(shown, "review = [10, 1, 0, 0, 0]");
        assert_eq!(span, Some((22, 23)));
    }

    #[test]
    fn long_narrative_lines_are_cut_around_the_span() {
        let line = format!("{}受理申请17件{}", "前文。".repeat(60), "后文。".repeat(60));
        let start = line.find("受理").unwrap();
        let end = line.find("件").unwrap() + "件".len();
        let (shown, span) = excerpt(&line, Some((start, end)));
        let (s, e) = span.unwrap();
        assert_eq!(&shown[s..e], "受理申请17件");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        // About EXCERPT_CONTEXT columns either side (CJK characters are two columns wide).
        let before = UnicodeWidthStr::width(&shown[..s]);
        assert!(
            (EXCERPT_CONTEXT - 1..=EXCERPT_CONTEXT + 1).contains(&before),
            "{before}"
        );
    }

    #[test]
    fn a_span_at_the_start_has_no_leading_ellipsis() {
        let line = format!("开头{}", "很长。".repeat(100));
        let (shown, span) = excerpt(&line, Some((0, "开头".len())));
        assert!(shown.starts_with("开头") && shown.ends_with('…'));
        assert_eq!(span, Some((0, "开头".len())));
    }
}
