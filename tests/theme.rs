//! The theme API: a site's template extends a built-in one (`default/<name>`) and reads the
//! typed views, including the report tables as data; the README shows that very template.

mod common;

use common::*;
use std::path::Path;

fn extends_site() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sites/extends"))
}

#[test]
fn a_site_template_extends_the_built_in_one_and_reads_the_table_data() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = build(extends_site(), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(&out.join("2023/gongshu-tongjiju/index.html"));
    // The site's change, with values from the report view and its table data (new = […, 2]).
    assert!(
        page.contains("<p class=\"site-banner\">杭州市拱墅区统计局　2023年度报告</p>"),
        "{page}"
    );
    assert!(page.contains("<p class=\"site-summary\">本年新收政府信息公开申请 2 件</p>"));
    // …and the built-in page around it: super() kept the tables, findings and the base layout.
    let doc = html(&out.join("2023/gongshu-tongjiju/index.html"));
    for css in [
        "table#table-active",
        "table#table-applications",
        "table#table-review_litigation",
        "section#findings",
        "nav.toc",
        "header",
    ] {
        assert!(doc.select(&sel(css)).next().is_some(), "no {css}");
    }
    let banner = page.find("site-banner").unwrap();
    assert!(
        banner < page.find("<h1>").unwrap(),
        "the block's own markup comes first"
    );
    // Pages the site does not override are the built-in ones.
    assert!(!read(&out.join("index.html")).contains("site-banner"));
}

#[test]
fn the_table_data_holds_the_three_tables_for_a_theme_that_uses_it() {
    let dir = tempfile::tempdir().unwrap();
    let site = SiteBuilder::new(&dir.path().join("site"), "title = \"t\"\n");
    site.file(
        "content/2023/gongshu-tongjiju.md",
        &read(&extends_site().join("content/2023/gongshu-tongjiju.md")),
    );
    site.file(
        "templates/report.html",
        "{% extends \"default/report.html\" %}{% block main %}[{{ table_data | length }}]{% endblock main %}",
    );
    let out = dir.path().join("out");
    let o = build(&site.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&out.join("2023/gongshu-tongjiju/index.html")).contains("[3]"));
}

#[test]
fn the_readme_shows_the_tested_template() {
    let readme = read(&repo().join("README.md"));
    let template = read(&extends_site().join("templates/report.html"));
    assert!(
        readme.contains(&format!("```html\n{template}```")),
        "README's theme example differs from tests/sites/extends/templates/report.html"
    );
}
