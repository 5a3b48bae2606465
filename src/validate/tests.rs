//! One passing and one failing case for every rule, on reports written from the schema.

use super::*;
use crate::content::{Department, departments::Kind, parse_report};
use crate::diagnostics::Diagnostic;
use crate::schema::{self, Edition, RuleId};

/// A valid report of `edition` for `year`: every row of the schema, consistent numbers.
fn valid_text(year: i32, edition: Edition) -> String {
    let mut s = format!(
        "+++\ndepartment = \"测试局\"\nyear = {year}\nedition = \"{}\"\n\n[active]\n",
        edition.id()
    );
    for row in schema::active_rows(edition) {
        if let [f] = row.fields
            && f.key.is_none()
        {
            s += &format!("{} = 0\n", row.key);
        } else {
            let fields: Vec<String> = row
                .fields
                .iter()
                .map(|f| match f.kind {
                    schema::FieldKind::Text => format!("{} = \"0元\"", f.key.unwrap()),
                    _ => format!("{} = 0", f.key.unwrap()),
                })
                .collect();
            s += &format!("{} = {{ {} }}\n", row.key, fields.join(", "));
        }
    }
    s += "\n[applications]\n";
    for row in schema::application_rows(edition) {
        let v = match row.key {
            "new" | "total" => "[2, 0, 0, 0, 0, 0, 2]",
            "disclosed" | "unavailable.not_held" => "[1, 0, 0, 0, 0, 0, 1]",
            _ => "[0, 0, 0, 0, 0, 0, 0]",
        };
        s += &format!("{} = {v}\n", row.key);
    }
    s += "\n[review_litigation]\n";
    for g in &schema::REVIEW_GROUPS {
        s += &format!("{} = [0, 0, 0, 0, 0]\n", g.key);
    }
    s += "+++\n\n## 一、总体情况\n本年度共收到政府信息公开申请2件。\n\n## 五、存在的主要问题及改进情况\n问题。\n\n## 六、其他需要报告的事项\n无。\n";
    s
}

/// Replace the line that starts with `key =` (or append under the right table is not needed:
/// every key exists in the valid text).
fn with(text: &str, key: &str, value: &str) -> String {
    let prefix = format!("{key} =");
    let mut found = false;
    let out: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with(&prefix) {
                found = true;
                format!("{key} = {value}")
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(found, "no line {key}");
    out.join("\n") + "\n"
}

fn parse(text: &str, year: i32) -> (Option<crate::content::Report>, Vec<Diagnostic>) {
    let p = parse_report("t.md", text.as_bytes(), Some(year), "t");
    (p.report, p.diagnostics)
}

/// All diagnostics of one report: parse + own rules.
fn diags(text: &str, year: i32, deps: &Departments) -> Vec<Diagnostic> {
    let (r, mut d) = parse(text, year);
    if let Some(r) = r {
        d.extend(check_report(&r, deps));
    }
    d
}

fn rules(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.rule.code()).collect()
}

fn only(d: &[Diagnostic], rule: RuleId) -> Vec<&Diagnostic> {
    d.iter().filter(|x| x.rule == rule).collect()
}

fn v2021() -> String {
    valid_text(2023, Edition::E2021)
}

#[test]
fn valid_reports_pass_every_rule() {
    let none = Departments::default();
    assert_eq!(rules(&diags(&v2021(), 2023, &none)), Vec::<&str>::new());
    assert_eq!(
        rules(&diags(&valid_text(2019, Edition::E2019), 2019, &none)),
        Vec::<&str>::new()
    );
}

#[test]
fn r_bal_fails_per_column_with_the_equation() {
    let t = with(&v2021(), "carried_forward", "[1, 0, 0, 0, 0, 0, 1]");
    let d = diags(&t, 2023, &Departments::default());
    let bal = only(&d, RuleId::RBal);
    assert_eq!(bal.len(), 2, "{d:?}");
    assert_eq!(
        bal[0].message.en(),
        "column 自然人: 本年新收 2 + 上年结转 0 = 2 but （七）总计 2 + 结转下年度 1 = 3"
    );
    assert_eq!(
        bal[0].cell.as_deref(),
        Some("applications.carried_forward.natural")
    );
    assert_eq!(bal[0].line, Some(39));
}

#[test]
fn r_col_fails_on_a_wrong_total_and_skips_computed_totals() {
    let t = with(&v2021(), "new", "[2, 0, 0, 0, 0, 0, 3]");
    let d = diags(&t, 2023, &Departments::default());
    let col = only(&d, RuleId::RCol);
    assert_eq!(col.len(), 1);
    assert_eq!(
        col[0].message.en(),
        "本年新收 总计 is 3 but 自然人 2 + 商业企业 0 + 科研机构 0 + 社会公益组织 0 + 法律服务机构 0 + 其他 0 = 2"
    );
    // six values: 总计 computed, nothing to check, and the other rules see 2.
    let t = with(&v2021(), "new", "[2, 0, 0, 0, 0, 0]");
    assert!(diags(&t, 2023, &Departments::default()).is_empty());
}

#[test]
fn r_sum_fails_when_results_do_not_add_up() {
    let t = with(&v2021(), "disclosed", "[2, 0, 0, 0, 0, 0, 2]");
    let d = diags(&t, 2023, &Departments::default());
    let sum = only(&d, RuleId::RSum);
    assert_eq!(sum.len(), 2);
    assert!(sum[0].message.en().starts_with(
        "column 自然人: （七）总计 is 2 but the 21 result rows add up to 3 (予以公开 2 + "
    ));
    let t19 = with(
        &valid_text(2019, Edition::E2019),
        "other",
        "[1, 0, 0, 0, 0, 0, 1]",
    );
    let d = diags(&t19, 2019, &Departments::default());
    assert!(
        only(&d, RuleId::RSum)[0]
            .message
            .en()
            .contains("the 19 result rows")
    );
}

#[test]
fn r_t4_fails_with_the_spec_message() {
    let t = with(&v2021(), "review", "[10, 1, 0, 0, 0]");
    let d = diags(&t, 2023, &Departments::default());
    assert_eq!(rules(&d), ["R-T4"]);
    assert_eq!(
        d[0].message.en(),
        "行政复议 总计 is 0 but 维持 10 + 纠正 1 + 其他 0 + 尚未审结 0 = 11"
    );
    let ok = with(&v2021(), "review", "[10, 1, 0, 0, 11]");
    assert!(diags(&ok, 2023, &Departments::default()).is_empty());
}

#[test]
fn r_nonneg_rejects_negative_and_fractional_counts_but_not_delta() {
    for bad in ["[-1, 0, 0, 0, 0, 0, 2]", "[1.5, 0, 0, 0, 0, 0, 2]"] {
        let d = diags(&with(&v2021(), "new", bad), 2023, &Departments::default());
        assert_eq!(rules(&d), ["R-NONNEG"], "{bad}");
    }
    let d = diags(
        &with(&v2021(), "fees", "\"-3.5\""),
        2023,
        &Departments::default(),
    );
    assert_eq!(rules(&d), ["R-NONNEG"]);
    let t19 = with(
        &valid_text(2019, Edition::E2019),
        "licensing",
        "{ prev_items = 5, delta = -2, decisions = 0 }",
    );
    assert!(diags(&t19, 2019, &Departments::default()).is_empty());
}

#[test]
fn r_shape_unknown_keys_arity_and_missing_rows() {
    let t = with(
        &v2021(),
        "partial",
        "[0, 0, 0, 0, 0, 0, 0]\nparital = [0, 0, 0, 0, 0, 0, 0]",
    );
    let d = diags(&t, 2023, &Departments::default());
    assert_eq!(rules(&d), ["R-SHAPE"]);
    assert_eq!(d[0].message.en(), "unknown row `parital` in [applications]");
    assert_eq!(
        d[0].help.as_ref().map(|h| h.en()).as_deref(),
        Some("did you mean `partial`?")
    );

    let d = diags(
        &with(&v2021(), "new", "[2, 0, 2]"),
        2023,
        &Departments::default(),
    );
    assert_eq!(rules(&d), ["R-SHAPE"]);
    assert!(d[0].message.en().contains("has 3 values"));

    let t = v2021().replace("partial = [0, 0, 0, 0, 0, 0, 0]\n", "");
    let d = diags(&t, 2023, &Departments::default());
    assert_eq!(rules(&d), ["R-SHAPE"]);
    assert!(
        d[0].message
            .en()
            .contains("lacks 1 row of the 2021 edition: partial")
    );

    let t = with(
        &v2021(),
        "other.other",
        "[0, 0, 0, 0, 0, 0, 0]\nother = [0, 0, 0, 0, 0, 0, 0]",
    );
    assert_eq!(
        rules(&parse(&t, 2023).1),
        ["F-FORMAT"],
        "other as both table and value"
    );
}

#[test]
fn r_empty_flags_an_unfilled_table_instead_of_every_blank() {
    let blank = "[\"\", \"\", \"\", \"\", \"\"]";
    let mut t = v2021();
    for g in ["review", "litigation_direct", "litigation_after_review"] {
        t = with(&t, g, blank);
    }
    let d = diags(&t, 2023, &Departments::default());
    assert_eq!(rules(&d), ["R-EMPTY"]);
    assert_eq!(d[0].cell.as_deref(), Some("review_litigation"));
}

#[test]
fn r_blank_warns_once_per_row() {
    let t = with(&v2021(), "carried_over", "[0, \"\", \"\", 0, 0, 0, 0]");
    let d = diags(&t, 2023, &Departments::default());
    assert_eq!(rules(&d), ["R-BLANK"]);
    assert_eq!(
        d[0].message.en(),
        "上年结转: 2 blank cells (商业企业, 科研机构), counted as 0"
    );
    assert_eq!(d[0].severity(), crate::schema::Severity::Warning);
}

#[test]
fn s_sections_requires_the_narrative_sections() {
    let t = v2021().replace("## 五、存在的主要问题及改进情况\n问题。\n", "");
    let d = diags(&t, 2023, &Departments::default());
    assert_eq!(rules(&d), ["S-SECTIONS"]);
    assert_eq!(
        d[0].message.en(),
        "section 五、存在的主要问题及改进情况 is missing"
    );
    let t = v2021().replace("无。\n", "\n");
    assert_eq!(
        rules(&diags(&t, 2023, &Departments::default())),
        ["S-SECTIONS"]
    );
    // The free edition has no required sections.
    let free = "+++\ndepartment = \"x\"\nyear = 2015\n+++\n随便写。\n";
    assert!(diags(free, 2015, &Departments::default()).is_empty());
}

#[test]
fn s_year_folder_mismatch_and_duplicates() {
    let d = diags(&v2021(), 2024, &Departments::default());
    assert!(rules(&d).contains(&"S-YEAR"));
    let (a, _) = parse(&v2021(), 2023);
    let mut b = a.clone().unwrap();
    b.slug = "other".into();
    b.file = "b.md".into();
    let a = a.unwrap();
    let d = check_across(&[&a, &b], &Departments::default());
    assert_eq!(rules(&d), ["S-YEAR", "S-YEAR"]);
    assert!(d[0].message.en().contains("more than one 2023 report"));
    let mut c = b.clone();
    c.department = "另一个局".into();
    assert!(check_across(&[&a, &c], &Departments::default()).is_empty());
}

#[test]
fn x_carry_compares_with_the_previous_year_per_column() {
    let prev_text = with(
        &with(
            &valid_text(2022, Edition::E2021),
            "carried_forward",
            "[1, 0, 0, 0, 0, 0, 1]",
        ),
        "total",
        "[1, 0, 0, 0, 0, 0, 1]",
    );
    let prev_text = with(&prev_text, "disclosed", "[0, 0, 0, 0, 0, 0, 0]");
    let (prev, d) = parse(&prev_text, 2022);
    assert!(d.is_empty());
    let (now, _) = parse(&v2021(), 2023);
    let (prev, now) = (prev.unwrap(), now.unwrap());
    let d = check_across(&[&prev, &now], &Departments::default());
    assert_eq!(rules(&d), ["X-CARRY", "X-CARRY"]);
    assert!(
        d[0].message
            .en()
            .starts_with("上年结转 自然人 is 0 but the 2022 report carried 1 forward")
    );
    // Matching carry-over passes; a gap year is not compared.
    let fixed = with(
        &with(
            &with(&v2021(), "carried_over", "[1, 0, 0, 0, 0, 0, 1]"),
            "total",
            "[3, 0, 0, 0, 0, 0, 3]",
        ),
        "disclosed",
        "[2, 0, 0, 0, 0, 0, 2]",
    );
    let (fixed, d) = parse(&fixed, 2023);
    assert!(d.is_empty());
    assert!(check_across(&[&prev, &fixed.unwrap()], &Departments::default()).is_empty());
    let mut far = prev.clone();
    far.year = 2021;
    assert!(check_across(&[&far, &now], &Departments::default()).is_empty());
}

#[test]
fn x_edition_warns_on_a_layout_from_another_year() {
    let t = valid_text(2023, Edition::E2019);
    let d = diags(&t, 2023, &Departments::default());
    assert_eq!(rules(&d), ["X-EDITION"]);
    assert_eq!(d[0].line, Some(4));
}

#[test]
fn x_inforce_checks_documents_in_force() {
    let prev = with(
        &valid_text(2022, Edition::E2021),
        "normative_docs",
        "{ issued = 0, repealed = 0, in_force = 10 }",
    );
    let now = with(
        &v2021(),
        "normative_docs",
        "{ issued = 2, repealed = 1, in_force = 12 }",
    );
    let (p, _) = parse(&prev, 2022);
    let (n, _) = parse(&now, 2023);
    let d = check_across(&[&p.unwrap(), &n.unwrap()], &Departments::default());
    assert_eq!(rules(&d), ["X-INFORCE"]);
    assert!(
        d[0].message
            .en()
            .contains("is 12 but 2022 had 10, + 本年制发件数 2 − 本年废止件数 1 = 11")
    );
    let ok = with(
        &v2021(),
        "normative_docs",
        "{ issued = 2, repealed = 1, in_force = 11 }",
    );
    let (p, _) = parse(&prev, 2022);
    let (n, _) = parse(&ok, 2023);
    assert!(check_across(&[&p.unwrap(), &n.unwrap()], &Departments::default()).is_empty());
}

#[test]
fn n_text_compares_stated_counts_with_cells() {
    let t = v2021().replace("共收到政府信息公开申请2件", "共收到政府信息公开申请 17 件");
    let d = diags(&t, 2023, &Departments::default());
    assert_eq!(rules(&d), ["N-TEXT"]);
    assert_eq!(
        d[0].message.en(),
        "the narrative says “收到政府信息公开申请17件” but 表三 本年新收 is 2"
    );
    assert_eq!(d[0].line, Some(48));
    let t = v2021().replace(
        "共收到政府信息公开申请2件。",
        "行政复议0件，予以公开1件，无法提供1件。",
    );
    assert!(diags(&t, 2023, &Departments::default()).is_empty());
    let t = v2021().replace("共收到政府信息公开申请2件。", "行政复议3件。");
    assert_eq!(rules(&diags(&t, 2023, &Departments::default())), ["N-TEXT"]);
}

#[test]
fn s_regs_warns_for_streets_and_departments_only() {
    let t = with(
        &v2021(),
        "regulations",
        "{ issued = 1, repealed = 0, in_force = 1 }",
    );
    let mut deps = Departments::default();
    let mut dept = Department {
        name: "测试局".into(),
        kind: Kind::Street,
        aliases: vec![],
        region: None,
        order: None,
        since: None,
        until: None,
    };
    deps.by_slug.insert("t".into(), dept.clone());
    assert_eq!(rules(&diags(&t, 2023, &deps)), ["S-REGS"]);
    dept.kind = Kind::Government;
    deps.by_slug.insert("t".into(), dept);
    assert!(diags(&t, 2023, &deps).is_empty());
}

#[test]
fn published_date_is_asked_for_once_the_deadline_has_passed() {
    use crate::clock::Date;
    let (r, _) = parse(&v2021(), 2023);
    let r = r.unwrap();
    // 2023 reports are due by 2024-01-31.
    assert!(published::check(&r, Date::new(2024, 1, 31)).is_none());
    let d = published::check(&r, Date::new(2024, 2, 1)).expect("past the deadline");
    assert_eq!(d.rule, RuleId::SPublished);
    assert_eq!(d.severity(), crate::schema::Severity::Warning);
    assert!(d.message.en().contains("2024-01-31"), "{}", d.message.en());
    assert_eq!(d.line, Some(3), "points at the year line");
    let dated = with(&v2021(), "year", "2023\npublished = 2024-03-01");
    let (r, _) = parse(&dated, 2023);
    assert!(published::check(&r.unwrap(), Date::new(2030, 1, 1)).is_none());
}
