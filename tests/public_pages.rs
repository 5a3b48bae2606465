//! What the public sees (issue 21, items 5, 6 and 8): errors called errors and hints hints, hints
//! kept off the public pages when the site says so, the original document linked by what it is,
//! the site's identity in the footer, the other-regions heading from site.toml, and no invalid
//! feed or sitemap from a path-only base_url.

mod common;

use common::{SiteBuilder, build, html, read, sel, simple_report, stderr, text};
use std::path::Path;

const IDENTITY: &str = "title = \"示例县政府信息公开\"\nbase_url = \"https://www.example.gov.cn/nianbao/\"\nregion = \"示例县\"\npublish_with_errors = true\nsponsor = \"示例县人民政府办公室\"\noperator = \"示例县大数据中心\"\ncontact = \"0000-12345678\"\nsite_code = \"1234000001\"\nicp = \"京ICP备12345678号\"\npolice_record = \"京公网安备 11010502000001号\"\nother_regions = \"外地参考\"\n";

/// One report with an error (a total that does not add up), one with hints only (a blank cell),
/// one clean, one of another region; the clean one links its original PDF.
fn site(root: &Path, config: &str) -> SiteBuilder {
    let site = SiteBuilder::new(root, config);
    site.file(
        "content/departments.toml",
        "[a]\nname = \"甲局\"\n[b]\nname = \"乙局\"\n[c]\nname = \"丙局\"\n[x]\nname = \"外市局\"\nregion = \"外市\"\n",
    );
    let error = simple_report("甲局", 2023, 5).replace(
        "disclosed = [5, 0, 0, 0, 0, 0, 5]",
        "disclosed = [5, 0, 0, 0, 0, 0, 6]",
    );
    site.report(2023, "a", &error);
    let hint = simple_report("乙局", 2023, 5).replace("licensing = 5", "licensing = \"\"");
    site.report(2023, "b", &hint);
    let pdf = simple_report("丙局", 2023, 2).replacen(
        "year = 2023\n",
        "year = 2023\nsource = \"bingju-2023.pdf\"\n",
        1,
    );
    site.report(2023, "c", &pdf);
    site.file("content/2023/bingju-2023.pdf", &"%PDF-1.4 x".repeat(3000));
    site.report(2023, "x", &simple_report("外市局", 2023, 1));
    site
}

#[test]
fn errors_and_hints_are_counted_apart_and_hints_can_stay_off_the_public_pages() {
    let dir = tempfile::tempdir().unwrap();
    let s = site(&dir.path().join("site"), IDENTITY);
    let out = dir.path().join("out");
    let o = build(&s.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let home = read(&out.join("index.html"));
    let summary = text(
        html(&out.join("index.html"))
            .select(&sel("p.summary"))
            .next()
            .unwrap(),
    );
    assert!(summary.contains("1 份有错误、1 份有提示"), "{summary}");
    assert!(!summary.contains("问题"), "{summary}");
    let hint_page = read(&out.join("2023/b/index.html"));
    assert!(hint_page.contains("校验提示") && !hint_page.contains("校验发现错误"));
    assert!(read(&out.join("2023/a/index.html")).contains("校验发现错误"));
    assert!(home.contains("处提示"));

    // The same site keeping hints off the public pages: the error stays, the hint goes, the
    // supervision page still has it.
    s.file("site.toml", &format!("{IDENTITY}public_hints = false\n"));
    let o = build(&s.root, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = text(
        html(&out.join("index.html"))
            .select(&sel("p.summary"))
            .next()
            .unwrap(),
    );
    assert!(
        summary.contains("1 份有错误") && !summary.contains("提示"),
        "{summary}"
    );
    assert!(!read(&out.join("index.html")).contains("处提示"));
    let hint_page = html(&out.join("2023/b/index.html"));
    assert!(hint_page.select(&sel("#findings")).next().is_none());
    assert!(read(&out.join("2023/a/index.html")).contains("校验发现错误"));
    let jiandu = read(&out.join("jiandu/2023/index.html"));
    assert!(
        jiandu.contains("R-BLANK") || jiandu.contains("空白"),
        "{jiandu}"
    );
}

#[test]
fn the_original_is_linked_by_what_it_is_with_the_checksum_out_of_the_way() {
    let dir = tempfile::tempdir().unwrap();
    let s = site(&dir.path().join("site"), IDENTITY);
    let out = dir.path().join("out");
    assert!(build(&s.root, &out, &[]).status.success());
    let doc = html(&out.join("2023/c/index.html"));
    let link = doc
        .select(&sel(".meta a[href$='.pdf']"))
        .next()
        .expect("a link to the original");
    assert_eq!(text(link), "原文（PDF，30 KB）");
    let title = link.value().attr("title").unwrap();
    let sha = title.rsplit('：').next().unwrap();
    assert_eq!(sha.len(), 64, "{title}");
    // The checksum is folded away, not in the line a reader reads.
    let folded = doc
        .select(&sel("details.sha code"))
        .next()
        .expect("folded checksum");
    assert_eq!(text(folded), sha);
}

#[test]
fn the_footer_carries_the_sites_identity_and_other_regions_have_the_sites_heading() {
    let dir = tempfile::tempdir().unwrap();
    let s = site(&dir.path().join("site"), IDENTITY);
    let out = dir.path().join("out");
    assert!(build(&s.root, &out, &[]).status.success());
    for page in ["index.html", "2023/a/index.html", "departments/index.html"] {
        let doc = html(&out.join(page));
        let footer = text(doc.select(&sel("footer.site-footer")).next().unwrap());
        for part in [
            "主办单位：示例县人民政府办公室",
            "承办单位：示例县大数据中心",
            "联系方式：0000-12345678",
            "网站标识码：1234000001",
            "京ICP备12345678号",
            "京公网安备 11010502000001号",
        ] {
            assert!(footer.contains(part), "{page}: {part} not in {footer}");
        }
        let icp = doc
            .select(&sel("footer a[href^='https://beian.miit.gov.cn']"))
            .next()
            .expect("ICP link");
        assert_eq!(text(icp), "京ICP备12345678号");
        assert!(
            doc.select(&sel("footer a[href*='11010502000001']"))
                .next()
                .is_some(),
            "{page}: 公安备案 link"
        );
    }
    let home = read(&out.join("index.html"));
    assert!(
        home.contains("外地参考") && !home.contains("其他地区"),
        "heading from site.toml"
    );
    assert!(read(&out.join("departments/index.html")).contains("外地参考"));

    // Without the settings: no identity lines, and the theme's neutral heading.
    s.file(
        "site.toml",
        "title = \"示例县政府信息公开\"\nbase_url = \"https://www.example.gov.cn/\"\nregion = \"示例县\"\npublish_with_errors = true\n",
    );
    assert!(build(&s.root, &out, &[]).status.success());
    let doc = html(&out.join("index.html"));
    assert!(doc.select(&sel("footer .site-identity")).next().is_none());
    let h = text(doc.select(&sel("#depts-elsewhere")).next().unwrap());
    assert_eq!(h, "其他地区");
    assert!(!read(&out.join("index.html")).contains("其他地区示例"));
}

#[test]
fn a_path_only_base_url_writes_no_feed_or_sitemap_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let s = site(&dir.path().join("site"), IDENTITY);
    let out = dir.path().join("out");
    let o = build(
        &s.root,
        &out,
        &["--base-url", "/nianbao/", "--lang", "zh-CN"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("没有生成"), "{}", stderr(&o));
    let files = common::walkdir(&out);
    let xml: Vec<_> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    assert!(xml.is_empty(), "{xml:?}");
    assert!(!read(&out.join("robots.txt")).contains("Sitemap"));
    for page in [
        "index.html",
        "departments/a/index.html",
        "2023/a/index.html",
    ] {
        assert!(
            !read(&out.join(page)).contains("atom.xml"),
            "{page} links a feed"
        );
    }
    // The manifest lists no feed either: nothing refers to a file that is not there.
    assert!(!read(&out.join(".gongkai-manifest.json")).contains("atom.xml"));

    // A full address: feeds and sitemap, with absolute addresses only.
    let o = build(
        &s.root,
        &out,
        &["--base-url", "https://www.example.gov.cn/nianbao/"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for f in ["atom.xml", "sitemap.xml", "departments/a/atom.xml"] {
        let x = read(&out.join(f));
        assert!(x.contains("https://www.example.gov.cn/nianbao/"), "{f}");
        assert!(!x.contains("<loc>/") && !x.contains("<id>/"), "{f}");
    }
    assert!(read(&out.join("robots.txt")).contains("Sitemap: https://"));
}

/// `init`'s site.toml lists the footer's settings, commented out: a clerk who removes the `#`
/// gets them in the footer.
#[test]
fn inits_site_toml_offers_the_identity_settings() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    assert!(
        common::gongkai(&["init", site.to_str().unwrap()])
            .status
            .success()
    );
    let toml = read(&site.join("site.toml"));
    let keys = [
        "sponsor",
        "operator",
        "contact",
        "site_code",
        "icp",
        "police_record",
    ];
    let uncommented: String = toml
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) if keys.iter().any(|k| rest.starts_with(&format!("{k} "))) => rest,
            _ => l,
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(uncommented, toml);
    std::fs::write(site.join("site.toml"), uncommented).unwrap();
    let out = dir.path().join("out");
    let o = build(&site, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&out.join("index.html"));
    let footer = text(doc.select(&sel("footer.site-footer")).next().unwrap());
    for label in [
        "主办单位：",
        "承办单位：",
        "联系方式：",
        "网站标识码：",
        "ICP备",
        "公网安备",
    ] {
        assert!(footer.contains(label), "{label} not in {footer}");
    }
}
