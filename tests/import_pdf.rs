//! PDF import beyond the printed fixtures of tests/import.rs (issue 23): scans (图片版) read by
//! OCR, whose cells are written only where the template's arithmetic confirms them, and the
//! Chinese message when the OCR tools are missing. The tests run the real binary.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// A scan of report 024's table pages (rasterised at 200 dpi, turned by 0.7°, with noise; no
/// text layer) is read by OCR: without `--partial` nothing is written and the refusal names the
/// rows whose cells the arithmetic does not confirm; with `--partial` every cell written equals
/// the published report.
#[test]
fn scan_writes_only_cells_the_arithmetic_confirms() {
    let input = fixture("pdf-scan/024_scan-tables-200dpi.pdf");
    let dir = tempfile::tempdir().unwrap();
    let o = common::gongkai_in(
        &["import", input.to_str().unwrap(), "--into", "content"],
        dir.path(),
        "C",
    );
    let out = common::all_output(&o);
    assert!(out.contains("OCR"), "{out}");
    let partial = tempfile::tempdir().unwrap();
    let p = common::gongkai_in(
        &[
            "import",
            input.to_str().unwrap(),
            "--into",
            "content",
            "--partial",
            "--year",
            "2024",
            "--department",
            "淮安市人民政府",
        ],
        partial.path(),
        "C",
    );
    let files = common::written_md(partial.path());
    assert_eq!(files.len(), 1, "{}", common::all_output(&p));
    let got = common::front_matter(&common::read(&files[0]));
    let want = common::front_matter(&common::read(&fixture(
        "024_huaian-city-gov-2024.expected.md",
    )));
    let mut cells = 0;
    for table in ["applications", "review_litigation"] {
        let Some(g) = got.get(table).and_then(|t| t.as_table()) else {
            continue;
        };
        let w = want[table].as_table().unwrap();
        for (key, value) in g {
            let flat = |v: &toml::Value| -> Vec<(String, toml::Value)> {
                match v {
                    toml::Value::Table(t) => t
                        .iter()
                        .map(|(k, v)| (format!("{key}.{k}"), v.clone()))
                        .collect(),
                    v => vec![(key.clone(), v.clone())],
                }
            };
            let want_rows: std::collections::HashMap<String, toml::Value> =
                flat(&w[key.as_str()]).into_iter().collect();
            for (k, v) in flat(value) {
                assert_eq!(Some(&v), want_rows.get(&k), "{table}.{k} read wrong");
                cells += v.as_array().map_or(1, Vec::len);
            }
        }
    }
    let all = 25 * 7 + 15;
    println!("scan of 024: {cells} of {all} cells of tables 三 and 四 written");
    if o.status.success() {
        assert_eq!(cells, all, "imported without refusal but not every cell");
    } else {
        assert!(
            out.contains("not confirmed by the table's totals"),
            "a refusal names the cells: {out}"
        );
        assert!(common::written_md(dir.path()).is_empty());
    }
}

/// Without tesseract, a scan is refused with the packages to install, in Chinese.
#[test]
fn scan_without_tesseract_says_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    // poppler only: a PATH holding pdftotext and pdftoppm but no tesseract.
    let tools = tempfile::tempdir().unwrap();
    for tool in ["pdftotext", "pdftoppm", "pdfinfo"] {
        let found = ["/usr/bin", "/usr/local/bin", "/bin"]
            .iter()
            .map(|d| Path::new(d).join(tool))
            .find(|p| p.exists())
            .expect("poppler-utils installed");
        std::os::unix::fs::symlink(found, tools.path().join(tool)).unwrap();
    }
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("PATH", tools.path())
        .args(["import", fixture("scanned-000.pdf").to_str().unwrap()])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let out = common::all_output(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("apt-get install tesseract-ocr tesseract-ocr-chi-sim"),
        "{out}"
    );
    assert!(out.contains("扫描件"), "{out}");
    assert!(common::written_md(dir.path()).is_empty());
}

/// A title printed with its year in a Latin font on its own baseline (“沭阳县人民政府” ·
/// “年政府信息公” · “2025” lowered between the lines · “开工作年度报告”) states no year in its
/// printed lines; the PDF's Title metadata states it, and is taken: the department and year
/// are read, and no fragment of the printed title is left in the narrative. The print is
/// `title-split-metadata.html` printed by Chromium (`chromium --headless --no-pdf-header-footer
/// --print-to-pdf=title-split-metadata.pdf title-split-metadata.html`); its `<title>` is the
/// PDF's Title.
#[test]
fn split_title_is_taken_from_the_pdf_title_metadata() {
    let input = fixture("pdf-title/title-split-metadata.pdf");
    let dir = tempfile::tempdir().unwrap();
    let o = common::gongkai_in(
        &[
            "import",
            input.to_str().unwrap(),
            "--into",
            "content",
            "--partial",
        ],
        dir.path(),
        "C",
    );
    let out = common::all_output(&o);
    assert!(
        out.contains("department 沭阳县人民政府, year 2025"),
        "{out}"
    );
    let files = common::written_md(dir.path());
    assert_eq!(files.len(), 1, "{out}");
    let front = common::front_matter(&common::read(&files[0]));
    assert_eq!(front["year"].as_integer(), Some(2025));
    assert_eq!(front["department"].as_str(), Some("沭阳县人民政府"));
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let body = text.rsplit("+++").next().unwrap();
    assert!(!body.contains("2025"), "{body}");
    assert!(!body.contains("年政府信息公"), "{body}");
    assert!(body.contains("本年度，我县认真贯彻落实"), "{body}");
}

/// Import a whole print (no `--partial`) under the locale `lang`: it must succeed and write one
/// report; its front matter and the output.
fn import_whole(input: &Path, lang: &str) -> (toml::Table, String) {
    let dir = tempfile::tempdir().unwrap();
    let o = common::gongkai_in(
        &["import", input.to_str().unwrap(), "--into", "content"],
        dir.path(),
        lang,
    );
    let out = common::all_output(&o);
    assert!(o.status.success(), "{out}");
    let files = common::written_md(dir.path());
    assert_eq!(files.len(), 1, "{out}");
    (common::front_matter(&common::read(&files[0])), out)
}

/// Import a print of part of a report with `--partial`; its front matter and the output.
fn import_partial(input: &Path, extra: &[&str]) -> (toml::Table, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![
        "import",
        input.to_str().unwrap(),
        "--into",
        "content",
        "--partial",
    ];
    args.extend_from_slice(extra);
    let o = common::gongkai_in(&args, dir.path(), "C");
    let out = common::all_output(&o);
    let files = common::written_md(dir.path());
    assert_eq!(files.len(), 1, "{out}");
    (common::front_matter(&common::read(&files[0])), out)
}

/// Report 024's tables as `pdftotext -layout` text (columns of spaces), printed by LibreOffice
/// (`soffice --convert-to pdf`, DejaVu Sans Mono and Noto Sans CJK, A4): rows longer than the
/// page wrap as plain text wraps, the last numbers of a row ("4 3119") starting the next line
/// at the left edge, once across a page break; the pitch of a page of sparse rows is several
/// lines, and the wrapped numbers, a line below, must not join the next row's label. Every
/// cell of table 三 is read exactly. Table 四's row of numbers only, wrapped the same way ("6 20"
/// under its first number), is joined too, and its groups are taken as their sums close: read
/// exactly. (The unit test `a_guessed_row_end_the_sums_do_not_confirm_is_refused` changes a
/// number of the wrapped end.)
#[test]
fn text_report_printed_with_wrapped_rows_reads_every_cell() {
    let input = fixture("pdf-print/024_text_libreoffice-tables.pdf");
    let (got, out) = import_partial(&input, &[]);
    assert!(
        out.contains("table 三: 25 of 25 rows") && !out.contains("missing: table 三"),
        "{out}"
    );
    let want = common::front_matter(&common::read(&fixture(
        "024_huaian-city-gov-2024.expected.md",
    )));
    assert_eq!(got.get("applications"), want.get("applications"), "{out}");
    assert!(!out.contains("missing: table 四"), "{out}");
    assert_eq!(
        got.get("review_litigation"),
        want.get("review_litigation"),
        "{out}"
    );
}

/// Report 024's table 三 from the Word file, its page set to A5 (fonts Noto Serif CJK SC and
/// DejaVu Serif, text at 85 %) and printed by LibreOffice: the table is wider than the paper,
/// its labels cut at the left edge and its 总计 column beyond the right one. The import is
/// refused naming the cut rows, and no number of table 三 is written, not even with `--partial`.
#[test]
fn table_cut_at_the_paper_edge_is_refused_naming_the_row() {
    let input = fixture("pdf-print/024_word_libreoffice-a5-85-table3.pdf");
    let dir = tempfile::tempdir().unwrap();
    let o = common::gongkai_in(
        &["import", input.to_str().unwrap(), "--into", "content"],
        dir.path(),
        "C",
    );
    let out = common::all_output(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("cut at the edge of the paper") && out.contains("年新收政府信息公开申请数量"),
        "{out}"
    );
    assert!(common::written_md(dir.path()).is_empty());
    let partial = tempfile::tempdir().unwrap();
    let p = common::gongkai_in(
        &[
            "import",
            input.to_str().unwrap(),
            "--into",
            "content",
            "--partial",
        ],
        partial.path(),
        "C",
    );
    for file in common::written_md(partial.path()) {
        let got = common::front_matter(&common::read(&file));
        let rows = got.get("applications").and_then(|t| t.as_table());
        assert!(
            rows.is_none_or(|t| t.is_empty()),
            "{}",
            common::all_output(&p)
        );
    }
}

/// Report 001's tables as a web page flattened to text (` | ` between cells, `-` for a blank:
/// the 2019 edition, most cells blank), printed by LibreOffice: the separators, not the words'
/// positions in a proportional font, say where each cell is. Every cell of tables 二, 三 and 四
/// is read exactly, blanks included, without `--partial`.
#[test]
fn piped_text_report_printed_reads_every_cell() {
    let input = fixture("pdf-print/001_text_libreoffice-tables.pdf");
    let (got, out) = import_whole(&input, "C");
    let want = common::front_matter(&common::read(&fixture(
        "001_shanghai-gov-office-2019.expected.md",
    )));
    for table in ["active", "applications", "review_litigation"] {
        assert_eq!(got.get(table), want.get(table), "{table}:\n{out}");
    }
}

/// The tables of a content file: `applications` and `review_litigation`, each row's cells.
fn table_rows(front: &toml::Table, table: &str) -> Vec<(String, toml::Value)> {
    let mut rows = vec![];
    for (key, value) in front[table].as_table().unwrap() {
        match value {
            toml::Value::Table(t) => {
                rows.extend(t.iter().map(|(k, v)| (format!("{key}.{k}"), v.clone())))
            }
            v => rows.push((key.clone(), v.clone())),
        }
    }
    rows
}

/// A portal page of report 000 with every 0 of table 三 left blank (most of its rows print no
/// number at all), printed by Chromium on A5 at 85 % in narrow columns: the group labels
/// (（三）不予公开…) wrap a few characters a line beside the row labels and run into them
/// ("不予处投诉类申请"), and the table's header is repeated on the next page. Every row is
/// found by its label, a row printing nothing is a row of blank cells (never 0), and every
/// number of table 三 is as published. Made by `scripts/pdf-corpus.py`
/// (`000_portal-blank-zeros_chromium-a5-85-narrow`).
#[test]
fn blank_rows_and_interleaved_labels_of_a_narrow_print() {
    let input = fixture("pdf-rows/000_portal-blank-zeros_chromium-a5-85-narrow.pdf");
    let (got, _) = import_whole(&input, "C");
    let want = common::front_matter(&common::read(&fixture(
        "000_gongshu-tongjiju-2023.expected.md",
    )));
    let want_rows = table_rows(&want, "applications");
    let got_rows = table_rows(&got, "applications");
    assert_eq!(got_rows.len(), want_rows.len());
    let mut blank = 0;
    for ((gk, g), (wk, w)) in got_rows.iter().zip(&want_rows) {
        assert_eq!(gk, wk);
        let (g, w) = (g.as_array().unwrap(), w.as_array().unwrap());
        for (g, w) in g.iter().zip(w) {
            if w.as_integer() == Some(0) {
                assert_eq!(g.as_str(), Some(""), "{gk}: a blank cell is written blank");
                blank += 1;
            } else {
                assert_eq!(g, w, "{gk}");
            }
        }
    }
    assert!(blank > 150, "{blank} blank cells");
    assert_eq!(got["review_litigation"], want["review_litigation"]);
}

/// Report 001 (2019 edition) as its portal page prints it: table 四's one row prints 6 of its
/// 15 numbers, the other cells blank. The columns are fixed by the header's labels (wrapped in
/// narrow cells: "结果维" over "持"), each number goes under its own, and the groups are taken
/// as their sums close (a group printing nothing is blank). Its table 三 leaves 总计 blank in
/// every result row, as the published report does, and most cells print nothing: the page
/// prints nothing at all in those cells' boxes, so they are blank as printed, and the table
/// states neither those rows' R-COL nor R-SUM over 总计. Every table is read exactly, without
/// `--partial`, blanks as "" (never 0).
#[test]
fn table_four_with_blank_cells_is_read_by_its_header_columns() {
    let input = fixture("pdf-rows/001_portal-published_chromium-a4-70-furniture.pdf");
    let (got, out) = import_whole(&input, "zh_CN.UTF-8");
    let want = common::front_matter(&common::read(&fixture(
        "001_shanghai-gov-office-2019.expected.md",
    )));
    for table in ["active", "applications", "review_litigation"] {
        assert_eq!(got.get(table), want.get(table), "{table}:\n{out}");
    }
    let disclosed = &table_rows(&got, "applications")
        .into_iter()
        .find(|(k, _)| k == "disclosed")
        .unwrap()
        .1;
    assert_eq!(disclosed.as_array().unwrap()[6].as_str(), Some(""));
}

/// The cells of table 三 written by an import, flattened (`withheld.state_secret`), with their
/// values.
fn applications(front: &toml::Table) -> Vec<(String, toml::Value)> {
    let Some(t) = front.get("applications").and_then(|t| t.as_table()) else {
        return vec![];
    };
    let mut out = vec![];
    for (key, v) in t {
        match v {
            toml::Value::Table(sub) => {
                out.extend(sub.iter().map(|(k, v)| (format!("{key}.{k}"), v.clone())))
            }
            v => out.push((key.clone(), v.clone())),
        }
    }
    out
}

/// Import a scan with `--partial` (no title on a cropped page: year and body given).
fn import_scan(name: &str) -> (toml::Table, String) {
    import_scan_as(name, "2023", "洪泽区人民政府")
}

/// [`import_scan`] with the year and body given.
fn import_scan_as(name: &str, year: &str, department: &str) -> (toml::Table, String) {
    let input = fixture(&format!("pdf-scan/{name}"));
    let dir = tempfile::tempdir().unwrap();
    let o = common::gongkai_in(
        &[
            "import",
            input.to_str().unwrap(),
            "--into",
            "content",
            "--partial",
            "--year",
            year,
            "--department",
            department,
        ],
        dir.path(),
        "C",
    );
    let out = common::all_output(&o);
    let files = common::written_md(dir.path());
    assert_eq!(files.len(), 1, "{out}");
    (common::front_matter(&common::read(&files[0])), out)
}

/// The top of report 031's table 三 as scanned at 150 dpi, turned by 0.9°, with noise (cut
/// from the scan of the whole report): the ruled cells are read one by one, and the rows read
/// exactly — "21 0 0 0 0 0 21" and the rows of zeros, which Tesseract's reading of the whole
/// page gave as "0 人0 0" or lost — are written equal to the published report.
#[test]
fn scanned_table_cells_are_read_one_by_one() {
    let (got, out) = import_scan("031_scan-table3-150dpi.pdf");
    let want = common::front_matter(&common::read(&fixture(
        "031_huaian-hongze-district-gov-2023.expected.md",
    )));
    let want: std::collections::HashMap<_, _> = applications(&want).into_iter().collect();
    let cells = applications(&got);
    for (k, v) in &cells {
        assert_eq!(Some(v), want.get(k), "applications.{k} read wrong: {out}");
    }
    let keys: Vec<&str> = cells.iter().map(|(k, _)| k.as_str()).collect();
    for row in ["new", "carried_over"] {
        assert!(keys.contains(&row), "row {row} not read: {out}");
    }
}

/// The same scan with one digit changed on the page (the 4 of 部分公开's 自然人 copied over
/// the 0 of its 商业企业: the row no longer sums): that row is refused, naming it, and no cell
/// written differs from the published report.
#[test]
fn a_changed_digit_in_a_scanned_cell_is_refused_not_written() {
    let (got, out) = import_scan("031_scan-table3-150dpi-digit-changed.pdf");
    let want = common::front_matter(&common::read(&fixture(
        "031_huaian-hongze-district-gov-2023.expected.md",
    )));
    let want: std::collections::HashMap<_, _> = applications(&want).into_iter().collect();
    let cells = applications(&got);
    for (k, v) in &cells {
        assert_eq!(Some(v), want.get(k), "applications.{k} read wrong: {out}");
    }
    assert!(
        !cells.iter().any(|(k, _)| k == "partial"),
        "the changed row was written: {out}"
    );
    assert!(out.contains("部分公开"), "the refusal names the row: {out}");
    assert!(cells.iter().any(|(k, _)| k == "new"), "{out}");
}

/// Table 三 of a Word print that leaves every 0 blank (seed 9's s9-002), scanned at 150 dpi,
/// turned by 0.5°, with noise: the rows print two numbers of seven, so the words give no
/// column's position. The cells are read by the borders the scan shows (the cell-border reader
/// of a PDF's drawn borders, given the rules found in the image): a cell whose borders close
/// round no ink is blank as printed, and each row's numbers stand in their own columns. Every
/// cell written equals the report; a row OCR misreads is refused by name.
#[test]
fn a_scanned_table_with_blank_cells_is_read_by_its_cell_borders() {
    let (got, out) = import_scan_as(
        "s9-002_scan-table3-150dpi.pdf",
        "2024",
        "襄都区人民防空办公室",
    );
    let want = common::front_matter(&common::read(&fixture("pdf-scan/s9-002.expected.md")));
    let want: std::collections::HashMap<_, _> = applications(&want).into_iter().collect();
    let cells = applications(&got);
    for (k, v) in &cells {
        assert_eq!(Some(v), want.get(k), "applications.{k} read wrong: {out}");
    }
    let keys: Vec<&str> = cells.iter().map(|(k, _)| k.as_str()).collect();
    for row in ["carried_over", "disclosed", "total"] {
        assert!(keys.contains(&row), "row {row} not read: {out}");
    }
    // 20 of 25 rows read on the machine that made the test; OCR's version may read a few fewer.
    assert!(cells.len() >= 15, "{} rows read: {out}", cells.len());
}

/// Table 二 of the same print, scanned alike: it has no sums, so a cell is taken as printed
/// only where both digit readings (the Chinese and the English model) and a third (the cell
/// read freely, or the page) give the same digits and nothing else, in a cell closed by its
/// borders, on a row whose own label reads the template's whole. 行政规范性文件 prints
/// "8（含废止5件）", a remark OCR reads no number of with certainty: that row is refused by name.
/// Its last row (行政事业性收费) ends the table on the second page, the heading of 三 after it.
#[test]
fn a_scanned_table_two_is_taken_where_its_readings_agree() {
    let (got, out) = import_scan_as(
        "s9-002_scan-table2-150dpi.pdf",
        "2024",
        "襄都区人民防空办公室",
    );
    let want = common::front_matter(&common::read(&fixture("pdf-scan/s9-002.expected.md")));
    let want = want["active"].as_table().unwrap();
    let active = got
        .get("active")
        .and_then(|t| t.as_table())
        .cloned()
        .unwrap_or_default();
    for (k, v) in &active {
        assert_eq!(Some(v), want.get(k), "active.{k} read wrong: {out}");
    }
    for row in ["regulations", "licensing", "fees"] {
        assert!(active.contains_key(row), "row {row} not read: {out}");
    }
    assert!(!active.contains_key("normative_docs"), "{out}");
    assert!(
        out.contains("行政规范性文件"),
        "the refusal names the row: {out}"
    );
}
