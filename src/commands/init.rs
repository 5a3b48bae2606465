//! `gongkai init [DIR]`: a new site that `check`, `build` and `serve` accept as it is — site.toml,
//! content/departments.toml, one example report for last year and a .gitignore for the output
//! folder. It never overwrites: if any of these files exists, nothing is written.

use crate::clock::Date;
use crate::error::{self, Error};
use crate::i18n::cli_lang;
use crate::msg;
use crate::output::write_atomic;
use crate::schema;
use std::path::{Path, PathBuf};

pub struct Options {
    pub dir: PathBuf,
}

const SITE_TOML: &str = r#"# 网站设置（见 README「The content format in brief」）
title = "示例县政府信息公开工作年度报告"
description = ""
# 网站发布后的完整地址：订阅（Atom）和 sitemap.xml 需要以 https:// 开头的地址。
base_url = "https://www.example.gov.cn/nianbao/"
# 本站所属地区：合计只累加本地区的单位（departments.toml 中 region 不同的单位单独列出）。
region = "示例县"
language = "zh-CN"
output_dir = "public"
# 本站编写的报告有错误时是否照常发布（页面上列出问题）；false 时不生成网站。
# 照原文导入的报告（origin = "published"）中的错误照实显示，总是照常发布。
publish_with_errors = false
# 页脚中政府网站应显示的信息，都可以不写；去掉行首的 # 并填写即可显示。
# sponsor = "示例县人民政府办公室"      # 主办单位
# operator = "示例县大数据中心"         # 承办单位
# contact = "0000-00000000"             # 联系方式
# site_code = "0000000000"              # 网站标识码
# icp = "京ICP备00000000号"             # ICP 备案号
# police_record = "京公网安备 00000000000000号"   # 公安备案号
# 其他地区单位的标题（默认“其他地区”）；公开页面是否显示提示（false：只显示错误，提示仍在“发布情况”和 check 中）。
# other_regions = "其他地区"
# public_hints = true
"#;

const DEPARTMENTS_TOML: &str = r#"# 报告单位，按代号（slug）排列：代号用作网址和文件名 content/<年度>/<代号>.md。
# kind: government（人民政府）、office（办公室）、department（政府部门）、street（街道）、town（乡镇）
[shixian-gov]
name = "示例县人民政府"
kind = "government"
region = "示例县"
order = 1
"#;

const GITIGNORE: &str = "# gongkai build 的输出（site.toml 的 output_dir），\
以及构建时放在它旁边的部件缓存和锁文件\n/public/\n/.public.gongkai-*\n";

const EXAMPLE: &str = include_str!("init/example.md");

pub fn run(opts: &Options) -> i32 {
    let lang = cli_lang();
    match create(&opts.dir, Date::today()) {
        Ok(files) => {
            for f in &files {
                let created = msg!("init-created", path = f.display().to_string());
                println!("{}", created.text(lang));
            }
            let next = msg!("init-next", dir = opts.dir.display().to_string());
            println!("{}", next.text(lang));
            0
        }
        Err(e) => error::report(&e),
    }
}

/// The example report: last year's, published before its deadline (and not after today).
fn example_report(today: Date) -> (i32, String) {
    let year = today.year - 1;
    let deadline = schema::deadline(year).date;
    let published = Date::new(year + 1, 1, 15).min(today).min(deadline);
    let text = EXAMPLE
        .replace("{year}", &year.to_string())
        .replace("{published}", &published.to_string());
    (year, text)
}

/// Write the new site's files; refuse, writing nothing, when any of them exists.
fn create(dir: &Path, today: Date) -> Result<Vec<PathBuf>, Error> {
    let (year, report) = example_report(today);
    let files: [(PathBuf, &str); 4] = [
        (dir.join("site.toml"), SITE_TOML),
        (dir.join("content/departments.toml"), DEPARTMENTS_TOML),
        (
            dir.join(format!("content/{year}/shixian-gov.md")),
            report.as_str(),
        ),
        (dir.join(".gitignore"), GITIGNORE),
    ];
    let existing: Vec<PathBuf> = files
        .iter()
        .filter(|(p, _)| p.symlink_metadata().is_ok())
        .map(|(p, _)| p.clone())
        .collect();
    if !existing.is_empty() {
        return Err(Error::InitExists(existing));
    }
    for (path, text) in &files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        write_atomic(path, text.as_bytes()).map_err(|e| Error::io(path, e))?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_is_last_years_report_published_in_time() {
        let (year, text) = example_report(Date::new(2026, 12, 1));
        assert_eq!(year, 2025);
        assert!(text.contains("year = 2025\n") && text.contains("published = 2026-01-15"));
        // Early in January the deadline has not passed: the date is not in the future.
        let (_, text) = example_report(Date::new(2026, 1, 3));
        assert!(text.contains("published = 2026-01-03"), "{text}");
    }
}
