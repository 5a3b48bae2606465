//! `gongkai import`: published reports (Word, web pages, PDF, text) into content files.
//!
//! Every input form is first read into the same [`Doc`]: paragraphs and table rows in document
//! order ([`docx`], [`doc`], [`html`], [`pdf`], [`text`]); Word and HTML tables are laid out on
//! one bounded grid ([`grid`]). The tables are then found by their header cells and row
//! labels ([`tables`]), the narrative is split into the template's sections ([`narrative`]), and
//! the result is written in the content format ([`write`]). Numbers are kept exactly as printed;
//! whatever could not be read is listed in [`Imported::missing`], never guessed.

pub mod confirm;
pub mod doc;
pub mod docx;
pub mod external;
pub mod grid;
pub mod html;
pub mod labels;
pub mod narrative;
pub mod numbering;
pub mod pdf;
pub mod skeleton;
pub mod slug;
pub mod tables;
pub mod text;
pub mod write;

use crate::content::Value;
use crate::error::io_reason;
use crate::i18n::{Lang, Msg};
use crate::msg;
use crate::schema::{ActiveRow, Edition};
use std::collections::BTreeMap;
use std::path::Path;

/// One value cell of a table row as printed, with its character column in layout text (the
/// column decides which cell a number belongs to when a PDF row wraps or has blanks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Val {
    pub text: String,
    pub pos: Option<usize>,
    /// Half the width of its box, in the unit of `pos` (PDF words; 0 when not known).
    pub half: usize,
}

/// A table row: the label cells joined, then the value cells (a trailing run of number-like or
/// empty cells).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub values: Vec<Val>,
    /// The line as printed, for layout text where a narrative line can end in a number.
    pub raw: String,
    /// Where a PDF printed the row's line: its top and bottom, in tenths of a point down the
    /// whole document (each page below the one before); None for other forms.
    pub band: Option<(usize, usize)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A paragraph (or a layout line); `indent` is its leading spaces in layout text; `heading`
    /// the outline level of a Word heading style.
    Para {
        text: String,
        indent: usize,
        heading: Option<u8>,
        /// Where a PDF printed the line, as [`Row::band`]: a table's label lines place the
        /// numbers printed between them. None for other forms.
        band: Option<(usize, usize)>,
    },
    Row(Row),
}

/// A document read into paragraphs and rows, in order.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    pub items: Vec<Item>,
    /// Layout text (pdftotext): lines wrap, rows are positioned by character columns.
    pub layout: bool,
}

impl Item {
    /// The text of the item as printed (a row's label and values).
    pub fn text(&self) -> &str {
        match self {
            Item::Para { text, .. } => text,
            Item::Row(r) => &r.raw,
        }
    }
}

/// A report read from a published document.
#[derive(Clone, Debug, Default)]
pub struct Imported {
    pub department: String,
    pub year: Option<i32>,
    pub edition: Option<Edition>,
    pub title: Option<String>,
    /// The publication date printed under the title ("发布日期：2020-01-31"), as YYYY-MM-DD.
    pub published: Option<String>,
    /// Table 二: per schema row of the edition, its values.
    pub active: Vec<(&'static ActiveRow, Option<Vec<Value>>)>,
    /// Table 三: per schema row key of the edition, its 7 values.
    pub applications: Vec<(&'static str, Option<Vec<Value>>)>,
    /// Table 四: the three groups of five values.
    pub review: Vec<(&'static str, Option<Vec<Value>>)>,
    pub notes: BTreeMap<String, String>,
    pub preamble: Vec<String>,
    /// Narrative sections by schema key (overview, problems, other): Markdown paragraphs.
    pub sections: Vec<(&'static str, Vec<String>)>,
    /// What was found, for the summary.
    pub found: Vec<Msg>,
    /// What could not be read: a missing table, an unmatched row, an unreadable cell.
    pub missing: Vec<Msg>,
    /// Worth knowing but not a failure (a narrative section not found, blank cells).
    pub warnings: Vec<Msg>,
    /// Cells read with doubt (OCR, a blank where a PDF row printed no number), by key path
    /// (`applications.new.natural`): kept only where [`confirm`] finds the arithmetic closes.
    pub doubtful: Vec<String>,
    /// Cells whose column is in doubt (a PDF row with a blank, its numbers placed under the
    /// columns by position): kept only where an equation over the column closes.
    pub doubtful_columns: Vec<String>,
    /// Blank cells of a PDF table whose box holds no printed character at all (not a number
    /// the reader failed to place: the page's raw words are looked at), by key path: blank as
    /// printed, never taken for a number lost.
    pub certain_blanks: Vec<String>,
    /// Numbers of a PDF's text layer read at a certain place, by key path: under one column's
    /// header label alone, on their row's line (a row known by its own label), and nothing
    /// else printed in the cell's box; or any cell, blank or not, of a table read by the cell
    /// borders the PDF draws (`pdf::ruling`: its text is all that is printed in its box). Written
    /// as printed, never put in doubt by a line of the tables not understood elsewhere, nor by
    /// printed totals that do not add up (`check` flags those).
    pub certain_numbers: Vec<String>,
    /// Written into the front matter: `gongkai import` records a published document
    /// (`Origin::Published`); `gongkai new` writes a skeleton to be filled in here (the default,
    /// which writes no `origin`).
    pub origin: crate::content::Origin,
}

/// Why a document cannot be imported, as a catalogue message.
#[derive(Debug)]
pub struct ImportError(pub Msg);

impl ImportError {
    /// `path: what`, for a problem found inside the file.
    pub fn in_file(path: &Path, what: Msg) -> ImportError {
        ImportError(msg!("imp-in-file", path = shown(path), what = what))
    }

    /// The error in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        self.0.text(lang)
    }
}

/// In the command line's language, for logs and tests.
impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(crate::i18n::cli_lang()))
    }
}

/// A path as shown in a message.
pub(crate) fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// `cannot read <path>: <reason>`.
pub(crate) fn cannot_read(path: &Path, e: &std::io::Error) -> ImportError {
    ImportError(msg!(
        "imp-cannot-read",
        path = shown(path),
        reason = io_reason(e)
    ))
}

/// The largest input read (a report is a few MB at most; a bigger file is not a report).
const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// A readable file no larger than a report can be.
fn bounded(path: &Path) -> Result<(), ImportError> {
    let meta = std::fs::metadata(path).map_err(|e| cannot_read(path, &e))?;
    if meta.len() > MAX_INPUT_BYTES {
        return Err(ImportError(msg!(
            "imp-too-large",
            path = shown(path),
            mb = meta.len() / 1_000_000
        )));
    }
    Ok(())
}

/// Read a document of any supported form into a [`Doc`], chosen by extension.
pub fn read_doc(path: &Path) -> Result<Doc, ImportError> {
    bounded(path)?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "docx" => docx::read(path),
        "pdf" => pdf::read(path),
        "doc" => doc::read(path),
        "html" | "htm" | "xhtml" | "shtml" => html::read(path),
        _ => {
            let bytes = std::fs::read(path).map_err(|e| cannot_read(path, &e))?;
            let s = String::from_utf8(bytes)
                .map_err(|_| ImportError(msg!("imp-not-utf8", path = shown(path))))?;
            Ok(text::read(&s))
        }
    }
}

/// Import one document: read it, find its tables and narrative.
pub fn import(path: &Path) -> Result<Imported, ImportError> {
    let is_pdf = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if is_pdf {
        bounded(path)?;
        return pdf::import(path);
    }
    let doc = read_doc(path)?;
    let mut out = tables::extract(&doc);
    confirm::confirm(&mut out);
    Ok(out)
}

/// The text of an XML entity reference that Word's XML and pdftotext's XHTML use (`&amp;` →
/// `&`); an unknown one is dropped.
fn xml_entity(name: &str) -> &'static str {
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
}
