//! `site.toml`: the portal's settings (format-spec B).

use crate::content::source::{LineIndex, control_char, decode, toml_reason};
use crate::diagnostics::Diagnostic;
use crate::schema::RuleId;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const CONFIG_FILE: &str = "site.toml";

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    pub title: String,
    /// Where the site is deployed; a sub-path (`https://example.gov.cn/nianbao/`) is fine.
    pub base_url: String,
    pub language: String,
    pub theme: String,
    pub output_dir: String,
    /// Publish reports that have errors, with their findings shown, instead of failing the build.
    pub publish_with_errors: bool,
    /// The region whose bodies the portal totals (`"示例市云溪区"`): departments of another
    /// `region` in `departments.toml` are listed apart and never added into a total.
    pub region: Option<String>,
    /// One line under the title on the home page.
    pub description: String,
    /// Show the supervision pages (监督视图, `/jiandu/`) in the main navigation. They are built
    /// and linked from the about page either way.
    pub supervision_in_navigation: bool,
    /// Show hints (提示, warnings) on the public pages beside errors. `false` keeps them off the
    /// report pages, badges and counts; they stay on the supervision pages (发布情况) and in
    /// `check`.
    pub public_hints: bool,
    /// The heading over bodies of another region, listed apart from the totals (`"其他地区"`
    /// when not given: the theme's word).
    pub other_regions: Option<String>,
    /// The site's identity, shown in the footer as a 政府网站 footer shows it (all optional):
    /// 主办单位.
    pub sponsor: Option<String>,
    /// 承办单位.
    pub operator: Option<String>,
    /// 联系方式 (a telephone number, an address, an e-mail).
    pub contact: Option<String>,
    /// 网站标识码 (the code the 政府网站 register gives, e.g. `1234000000`).
    pub site_code: Option<String>,
    /// ICP 备案号 (`京ICP备12345678号`), linked to the MIIT register.
    pub icp: Option<String>,
    /// 公安备案号 (`京公网安备 11010502000001号`), linked to the public-security register.
    pub police_record: Option<String>,
    /// `[serve]`: the dev server's bounds (connections, deadlines, sizes); see
    /// [`crate::serve::limits`]. Not used by `build`.
    pub serve: crate::serve::limits::ServeLimits,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "政府信息公开工作年度报告".into(),
            base_url: "/".into(),
            language: "zh-CN".into(),
            theme: "default".into(),
            output_dir: "public".into(),
            publish_with_errors: false,
            description: String::new(),
            region: None,
            supervision_in_navigation: true,
            public_hints: true,
            other_regions: None,
            sponsor: None,
            operator: None,
            contact: None,
            site_code: None,
            icp: None,
            police_record: None,
            serve: crate::serve::limits::ServeLimits::default(),
        }
    }
}

impl SiteConfig {
    /// The language of the public site (`language`; Chinese unless it names English).
    pub fn lang(&self) -> crate::i18n::Lang {
        crate::i18n::Lang::from_tag(&self.language).unwrap_or_default()
    }

    /// Read `site.toml` under `root`; a missing file gives the defaults. `Err` carries the
    /// diagnostics of an unusable file.
    pub fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let Ok(bytes) = std::fs::read(&path) else {
            return Ok(SiteConfig::default());
        };
        // An empty site.toml is valid TOML: every setting takes its default (the "file is
        // empty" finding of `decode` is about reports and their `+++` front matter).
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(SiteConfig::default());
        }
        let mut diags = vec![];
        let Some(text) = decode(CONFIG_FILE, &bytes, &mut diags) else {
            return Err(diags);
        };
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        let config: SiteConfig = toml::from_str(text).map_err(|e| {
            let typos = crate::content::fix::find(text);
            if !typos.is_empty() {
                let lines = LineIndex::new(text);
                return typos
                    .iter()
                    .map(|t| {
                        crate::content::fix::diagnostic(CONFIG_FILE, t)
                            .at(Some(lines.place(t.start, t.end)))
                    })
                    .collect();
            }
            let mut d = Diagnostic::new(
                CONFIG_FILE,
                RuleId::FileFormat,
                crate::msg!("config-invalid", error = toml_reason(e.message())),
            );
            d.line = e.span().map(|r| LineIndex::new(text).line(r.start));
            vec![d]
        })?;
        if config.theme.is_empty()
            || !config
                .theme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(vec![Diagnostic::new(
                CONFIG_FILE,
                RuleId::FileFormat,
                crate::msg!("config-bad-theme", theme = config.theme.as_str()),
            )]);
        }
        // Text escaped in TOML ("\u001B") gets past the file's own check.
        let optional = [
            ("other_regions", &config.other_regions),
            ("sponsor", &config.sponsor),
            ("operator", &config.operator),
            ("contact", &config.contact),
            ("site_code", &config.site_code),
            ("icp", &config.icp),
            ("police_record", &config.police_record),
        ];
        let given = optional
            .iter()
            .filter_map(|(what, text)| text.as_ref().map(|t| (*what, t)));
        for (what, text) in [
            ("title", &config.title),
            ("description", &config.description),
        ]
        .into_iter()
        .chain(given)
        {
            if let Some((_, c)) = crate::control_chars::find(text) {
                return Err(vec![control_char(CONFIG_FILE, Some(what), c)]);
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_unknown_keys() {
        let c = SiteConfig::parse("title = \"x\"\npublish_with_errors = true\n").unwrap();
        assert_eq!(c.title, "x");
        assert!(c.publish_with_errors);
        assert_eq!(c.output_dir, "public");
        let e = SiteConfig::parse("title = \"x\"\ntilte = \"y\"\n").unwrap_err();
        assert_eq!(e[0].line, Some(2));
    }

    #[test]
    fn theme_cannot_be_a_path() {
        assert!(SiteConfig::parse("theme = \"../../etc\"\n").is_err());
    }
}
