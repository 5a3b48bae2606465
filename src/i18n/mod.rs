//! The message catalogue: every sentence a clerk or a reader sees, in Chinese and in English.
//!
//! The sentences live in Project Fluent files (`locales/<lang>/*.ftl`), embedded in the binary.
//! Fluent is the Rust ecosystem's maintained standard for this (Mozilla's, used by Firefox): it
//! has named arguments and plural forms, and a translator edits plain text files, not code.
//! Labels (rule ids, row and column names) still come from the schema and are passed in as
//! arguments: the catalogue holds sentences only.
//!
//! A message is built where the finding is made, as an id and its arguments ([`Msg`], usually
//! through the [`msg!`](crate::msg) macro), and rendered as text only when shown, in the language
//! of whoever reads it: the site's `language` for public pages, `--lang` or the locale for the
//! command line.

mod lang;

pub use lang::{Lang, cli_lang, follow_site, set_cli_lang};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::LazyLock;

/// The catalogue files of each language, in the order they are loaded.
pub const ZH_FILES: &[(&str, &str)] = &[
    (
        "diagnostics.ftl",
        include_str!("../../locales/zh-CN/diagnostics.ftl"),
    ),
    ("rules.ftl", include_str!("../../locales/zh-CN/rules.ftl")),
    ("cli.ftl", include_str!("../../locales/zh-CN/cli.ftl")),
    ("import.ftl", include_str!("../../locales/zh-CN/import.ftl")),
    ("editor.ftl", include_str!("../../locales/zh-CN/editor.ftl")),
];
pub const EN_FILES: &[(&str, &str)] = &[
    (
        "diagnostics.ftl",
        include_str!("../../locales/en/diagnostics.ftl"),
    ),
    ("rules.ftl", include_str!("../../locales/en/rules.ftl")),
    ("cli.ftl", include_str!("../../locales/en/cli.ftl")),
    ("import.ftl", include_str!("../../locales/en/import.ftl")),
    ("editor.ftl", include_str!("../../locales/en/editor.ftl")),
];

type Bundle = FluentBundle<FluentResource>;

static ZH: LazyLock<Bundle> = LazyLock::new(|| bundle("zh-CN", ZH_FILES));
static EN: LazyLock<Bundle> = LazyLock::new(|| bundle("en", EN_FILES));

fn bundle(tag: &str, files: &[(&str, &str)]) -> Bundle {
    let id = tag.parse().unwrap_or_default();
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: the output is a terminal or HTML, both
    // left-to-right, and the marks would show as stray characters in logs and JSON.
    b.set_use_isolating(false);
    for (_, text) in files {
        // A syntax error keeps the entries that did parse; `tests::catalogue_parses_and_both_languages_have_the_same_entries` fails on it.
        let res = FluentResource::try_new(text.to_string()).unwrap_or_else(|(res, _)| res);
        b.add_resource_overriding(res);
    }
    b
}

fn bundle_of(lang: Lang) -> &'static Bundle {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// An argument of a message: text, a number (numbers select plural forms), or another catalogue
/// entry rendered in the same language (a word such as "an integer" / “整数”).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    Text(String),
    Num(i64),
    Ref(&'static str),
    /// A message with arguments of its own.
    Nested(Box<Msg>),
    /// Labels listed with the language's separator (“、” / “, ”).
    List(Vec<String>),
    /// Messages listed with the language's separator, each rendered in the same language.
    Msgs(Vec<Msg>),
}

impl From<Vec<&str>> for Arg {
    fn from(items: Vec<&str>) -> Self {
        Arg::List(items.into_iter().map(str::to_string).collect())
    }
}

impl From<&Msg> for Arg {
    fn from(m: &Msg) -> Self {
        Arg::Nested(Box::new(m.clone()))
    }
}

impl From<Msg> for Arg {
    fn from(m: Msg) -> Self {
        Arg::Nested(Box::new(m))
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}
macro_rules! num_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Num(n as i64)
            }
        }
    )*};
}
num_arg!(i64, i32, u32, u64, usize, u16, u8);

/// A message of the catalogue with its named arguments, rendered when shown.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Msg {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// `msg!("id", name = value, …)`: a [`Msg`] with named arguments.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Msg {
            id: $id,
            args: vec![$((stringify!($name), $crate::i18n::Arg::from($value))),*],
        }
    };
}

impl Msg {
    pub fn new(id: &'static str) -> Msg {
        Msg { id, args: vec![] }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Msg {
        self.args.push((name, value.into()));
        self
    }

    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        render(lang, self.id, None, &self.args)
    }

    /// The English text, for tests that compare with a sentence.
    #[cfg(test)]
    pub fn en(&self) -> String {
        self.text(Lang::En)
    }

    /// The message as a reader of the public site should see it: its `.reader` form when the
    /// catalogue has one (no rule jargon, no file lines), else the message itself.
    pub fn reader_text(&self, lang: Lang) -> String {
        let has_reader = bundle_of(lang)
            .get_message(self.id)
            .and_then(|m| m.get_attribute("reader"))
            .is_some();
        if has_reader {
            render(lang, self.id, Some("reader"), &self.args)
        } else {
            self.text(lang)
        }
    }
}

/// Text of catalogue entry `id` (or its attribute) in `lang` with `args`. A missing entry falls
/// back to the other language, then to the id itself; `tests` make sure neither happens.
fn render(lang: Lang, id: &str, attr: Option<&str>, args: &[(&'static str, Arg)]) -> String {
    let mut fargs = FluentArgs::new();
    for (k, v) in args {
        match v {
            Arg::Text(s) => fargs.set(*k, FluentValue::from(s.as_str())),
            Arg::Num(n) => fargs.set(*k, FluentValue::from(*n)),
            Arg::Ref(id) => fargs.set(*k, FluentValue::from(render(lang, id, None, &[]))),
            Arg::Nested(m) => fargs.set(*k, FluentValue::from(m.text(lang))),
            Arg::List(items) => {
                let sep = render(lang, "list-separator", None, &[]);
                fargs.set(*k, FluentValue::from(items.join(&sep)))
            }
            Arg::Msgs(items) => {
                let sep = render(lang, "list-separator", None, &[]);
                let texts: Vec<String> = items.iter().map(|m| m.text(lang)).collect();
                fargs.set(*k, FluentValue::from(texts.join(&sep)))
            }
        }
    }
    for l in [lang, lang.other()] {
        let b = bundle_of(l);
        let Some(m) = b.get_message(id) else { continue };
        let pattern = match attr {
            Some(a) => m.get_attribute(a).map(|a| a.value()),
            None => m.value(),
        };
        if let Some(p) = pattern {
            let mut errors = vec![];
            return b.format_pattern(p, Some(&fargs), &mut errors).into_owned();
        }
    }
    id.to_string()
}

/// Text of catalogue entry `id` without arguments.
pub fn t(lang: Lang, id: &str) -> String {
    render(lang, id, None, &[])
}

/// Text of catalogue entry `id`'s attribute `attr`, if there is one.
pub fn attribute(lang: Lang, id: &str, attr: &str) -> Option<String> {
    let b = bundle_of(lang);
    b.get_message(id)?.get_attribute(attr)?;
    Some(render(lang, id, Some(attr), &[]))
}

/// Whether the catalogue of `lang` has entry `id` with a value.
pub fn has(lang: Lang, id: &str) -> bool {
    bundle_of(lang)
        .get_message(id)
        .is_some_and(|m| m.value().is_some())
}

#[cfg(test)]
mod tests;
