//! Which language a reader gets: the site's `language` for public pages; `--lang`, the locale or
//! the site's language for the command line.

use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// 简体中文, the default everywhere.
    #[default]
    Zh,
    En,
}

impl Lang {
    /// A language tag as written in site.toml or `--lang` (`zh-CN`, `zh`, `en`, `en-US`), or a
    /// locale (`zh_CN.UTF-8`, `C`, `POSIX`). `None` for a language gongkai does not speak.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase();
        if t.starts_with("zh") {
            Some(Lang::Zh)
        } else if t.starts_with("en") || t == "c" || t.starts_with("c.") || t == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language the locale asks for: the first set of `LC_ALL`, `LC_MESSAGES`, `LANG` (the
    /// POSIX order), if it is one gongkai speaks.
    pub fn from_env() -> Option<Lang> {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::from_tag(&v))
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// The tag for `<html lang>` and the catalogue.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// The command line's language; 0 = not chosen yet (Chinese until then).
static CLI_LANG: AtomicU8 = AtomicU8::new(0);

/// Fix the command line's language (from `--lang` or the locale, in `main`).
pub fn set_cli_lang(lang: Lang) {
    CLI_LANG.store(
        match lang {
            Lang::Zh => 1,
            Lang::En => 2,
        },
        Ordering::Relaxed,
    );
}

/// Whether `--lang` or the locale chose the command line's language.
pub fn cli_lang_chosen() -> bool {
    CLI_LANG.load(Ordering::Relaxed) != 0
}

/// The language of everything the command line prints.
pub fn cli_lang() -> Lang {
    match CLI_LANG.load(Ordering::Relaxed) {
        2 => Lang::En,
        _ => Lang::Zh,
    }
}

/// Let the site's `language` choose the command line's language when neither `--lang` nor the
/// locale did.
pub fn follow_site(site: Lang) {
    if !cli_lang_chosen() {
        set_cli_lang(site);
    }
}
