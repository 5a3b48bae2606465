//! The Excel downloads read back as a spreadsheet program reads them (calamine): one sheet per
//! table headed like the template, one row per report, counts as numbers; the long CSV and the
//! per-report Excel copy of the CSV.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::*;
use std::path::Path;

const CONFIG: &str = "title = \"测试门户\"\nbase_url = \"https://example.gov.cn/\"\n";

/// The column whose two header rows are `row` (merged over its columns) and `column`.
fn column_of(sheet: &calamine::Range<Data>, row: &str, column: &str) -> u32 {
    let width = sheet.end().unwrap().1;
    let mut group = String::new();
    for c in 0..=width {
        if let Some(Data::String(s)) = sheet.get_value((0, c)) {
            group = s.clone();
        }
        if group == row && sheet.get_value((1, c)) == Some(&Data::String(column.into())) {
            return c;
        }
    }
    panic!("no column {row}·{column}");
}

fn row_of(sheet: &calamine::Range<Data>, department: &str) -> u32 {
    (2..=sheet.end().unwrap().0)
        .find(|&r| sheet.get_value((r, 1)) == Some(&Data::String(department.into())))
        .unwrap_or_else(|| panic!("no row for {department}"))
}

fn site(dir: &Path) -> std::path::PathBuf {
    let site = SiteBuilder::new(&dir.join("site"), CONFIG);
    site.report(2023, "a", &simple_report("甲局", 2023, 7));
    site.report(2023, "b", &simple_report("乙局", 2023, 2));
    site.report(2022, "a", &simple_report("甲局", 2022, 4));
    let out = dir.join("out");
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

#[test]
fn year_workbook_has_a_sheet_per_table_headed_like_the_template() {
    let dir = tempfile::tempdir().unwrap();
    let out = site(dir.path());
    let mut wb: Xlsx<_> = open_workbook(out.join("2023/reports-2023.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), ["表二", "表三", "表四"]);
    let three = wb.worksheet_range("表三").unwrap();
    for (c, label) in ["年度", "部门", "版式", "发布日期"].iter().enumerate() {
        assert_eq!(
            three.get_value((0, c as u32)),
            Some(&Data::String(label.to_string()))
        );
    }
    let new_natural = column_of(&three, "本年新收", "自然人");
    let new_total = column_of(&three, "本年新收", "总计");
    let a = row_of(&three, "甲局");
    let b = row_of(&three, "乙局");
    assert_eq!(three.get_value((a, new_natural)), Some(&Data::Float(7.0)));
    assert_eq!(three.get_value((b, new_natural)), Some(&Data::Float(2.0)));
    assert_eq!(three.get_value((b, new_total)), Some(&Data::Float(2.0)));
    assert_eq!(three.get_value((a, 0)), Some(&Data::Float(2023.0)));
    assert_eq!(
        three.get_value((a, 3)),
        Some(&Data::String("2024-01-15".into()))
    );
    // The row label is one merged cell over the seven applicant columns.
    let merged = wb.merge_cells_by_sheet_name("表三").unwrap();
    assert!(
        merged
            .iter()
            .any(|d| d.start == (0, new_natural) && d.end == (0, new_total)),
        "{merged:?}"
    );
    let two = wb.worksheet_range("表二").unwrap();
    // An amount (万元) stays exactly as published: text, not a rounded number.
    let fees = (4..=two.end().unwrap().1)
        .find(|&c| two.get_value((0, c)) == Some(&Data::String("行政事业性收费".into())))
        .unwrap();
    assert_eq!(
        two.get_value((row_of(&two, "甲局"), fees)),
        Some(&Data::String("0".into()))
    );
    let licensing = column_of(&two, "行政许可", "本年处理决定数量");
    assert_eq!(
        two.get_value((row_of(&two, "甲局"), licensing)),
        Some(&Data::Float(5.0))
    );
    let four = wb.worksheet_range("表四").unwrap();
    let review_total = column_of(&four, "行政复议", "总计");
    assert_eq!(
        four.get_value((row_of(&four, "乙局"), review_total)),
        Some(&Data::Float(1.0))
    );
    // Only this year's reports.
    assert_eq!(three.end().unwrap().0, 3);
    let year = read(&out.join("2023/index.html"));
    assert!(year.contains("/2023/reports-2023.xlsx"));
}

#[test]
fn all_years_workbook_long_csv_and_report_csv_for_excel() {
    let dir = tempfile::tempdir().unwrap();
    let out = site(dir.path());
    let mut wb: Xlsx<_> = open_workbook(out.join("data/reports-all.xlsx")).unwrap();
    let three = wb.worksheet_range("表三").unwrap();
    assert_eq!(
        three.end().unwrap().0,
        4,
        "three reports under two header rows"
    );
    let col = column_of(&three, "本年新收", "自然人");
    let values: Vec<_> = (2..5).map(|r| three.get_value((r, col)).cloned()).collect();
    for v in [7.0, 2.0, 4.0] {
        assert!(values.contains(&Some(Data::Float(v))), "{values:?}");
    }

    // The long CSV names each cell by its number, which data/cells.csv gives the labels of.
    let dictionary = std::fs::read(out.join("data/cells.csv")).unwrap();
    let dictionary = String::from_utf8(dictionary).unwrap();
    let mut lines = dictionary
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for Excel")
        .lines();
    assert_eq!(lines.next().unwrap(), "单元格,版式,表,行,列,字段");
    let labels: std::collections::HashMap<&str, Vec<&str>> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), 6, "{l}");
            (f[0], f[1..].to_vec())
        })
        .collect();
    let long = read(&out.join("data/cells-long.csv"));
    let mut lines = long.lines();
    assert_eq!(lines.next().unwrap(), "年度,部门标识,单元格,值");
    let rows: Vec<Vec<&str>> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), 4, "{l}");
            let label = &labels[f[2]];
            vec![f[0], f[1], label[1], label[2], label[3], f[3]]
        })
        .collect();
    assert!(rows.contains(&vec!["2022", "a", "表三", "本年新收", "自然人", "4"]));
    assert!(rows.contains(&vec!["2023", "b", "表四", "行政复议", "总计", "1"]));
    assert!(rows.contains(&vec![
        "2023",
        "a",
        "表二",
        "行政许可",
        "本年处理决定数量",
        "5"
    ]));
    // Every cell of every report, once.
    let per_report = rows
        .iter()
        .filter(|r| r[0] == "2023" && r[1] == "a")
        .count();
    assert_eq!(rows.len(), per_report * 3);

    // One CSV per report, with the byte-order mark Excel needs for Chinese, laid out as the
    // template prints its tables: the metadata, then each table under a line of its column
    // labels, a line per row of the template, its label first.
    let csv = std::fs::read(out.join("2023/a/a-2023.csv")).unwrap();
    assert_eq!(&csv[..3], b"\xEF\xBB\xBF");
    let csv = String::from_utf8(csv[3..].to_vec()).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "年度,部门标识,部门,版式,发布日期");
    assert!(lines[1].starts_with("2023,a,甲局,2021,"), "{csv}");
    assert_eq!(lines[2], "");
    assert!(
        lines[3].starts_with("表二·第二十条第（一）项,本年制发件数,"),
        "{csv}"
    );
    let three = lines.iter().position(|l| l.starts_with("表三,")).unwrap();
    assert_eq!(
        lines[three],
        "表三,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计"
    );
    assert_eq!(lines[three - 1], "", "an empty line before each table");
    assert!(lines[three + 1].starts_with("本年新收,7,"), "{csv}");
    assert!(lines.contains(&"行政许可,5"), "{csv}");
    let four = lines.iter().position(|l| l.starts_with("表四,")).unwrap();
    assert_eq!(lines[four], "表四,结果维持,结果纠正,其他结果,尚未审结,总计");
    assert_eq!(
        lines.len(),
        four + 1 + 3 + 1,
        "three groups, then the final line end"
    );
    // The same cells as the long CSV's lines of the report, in template order.
    let numbers = |line: &str| -> Vec<String> {
        line.split(',')
            .skip(1)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let report_values: Vec<String> = lines[2..]
        .iter()
        .filter(|l| !l.is_empty() && !l.starts_with('表'))
        .flat_map(|l| numbers(l))
        .collect();
    let long_values: Vec<String> = rows
        .iter()
        .filter(|r| r[0] == "2023" && r[1] == "a")
        .map(|r| r[5].to_string())
        .collect();
    assert_eq!(report_values, long_values);
    assert!(!out.join("2023/a/a-2023-excel.csv").exists());
    let page = read(&out.join("2023/a/index.html"));
    assert!(page.contains("/2023/a/a-2023.csv"));
    let home = read(&out.join("index.html"));
    assert!(home.contains("/data/reports-all.xlsx") && home.contains("/data/cells-long.csv"));
    let about = read(&out.join("about/index.html"));
    assert!(about.contains("/data/cells-long.csv") && about.contains("/data/cells.csv"));
}
