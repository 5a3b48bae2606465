//! `--help` in the command line's language. The derive in `main.rs` gives the structure (commands,
//! arguments); the texts come from the catalogue by convention — `cli` for the program,
//! `cli-<command>` for a command, `cli-<command>-<argument>` for an argument — and replace the
//! doc comments before parsing. In Chinese the section headings of clap's help template are
//! replaced too.

use crate::i18n::{self, Lang};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// `cmd` with every about and help text from the catalogue in `lang`.
pub fn localise(cmd: Command, lang: Lang) -> Command {
    let cmd = cmd.disable_version_flag(true).arg(flag(
        "version",
        'V',
        ArgAction::Version,
        lang,
        "cli-help-version",
    ));
    localise_one(cmd, lang, "cli")
}

/// The catalogue ids of `cmd`'s texts that `lang` lacks (the test of both catalogues).
pub fn missing(cmd: &Command, lang: Lang) -> Vec<String> {
    let mut out = vec![];
    collect_missing(cmd, lang, "cli", &mut out);
    out
}

fn collect_missing(cmd: &Command, lang: Lang, key: &str, out: &mut Vec<String>) {
    if !i18n::has(lang, key) {
        out.push(key.to_string());
    }
    for a in cmd.get_arguments() {
        let id = arg_key(key, a.get_id().as_str());
        if !i18n::has(lang, &id) {
            out.push(id);
        }
    }
    for sub in cmd.get_subcommands() {
        collect_missing(sub, lang, &format!("cli-{}", sub.get_name()), out);
    }
}

/// `cli-check-path`; the global `--lang` is `cli-lang` wherever it appears.
fn arg_key(command_key: &str, arg: &str) -> String {
    if arg == "lang" {
        "cli-lang".into()
    } else {
        format!("{command_key}-{arg}")
    }
}

fn localise_one(mut cmd: Command, lang: Lang, key: &str) -> Command {
    cmd = cmd.about(text(lang, key));
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .filter(|id| id != "help" && id != "version")
        .collect();
    for id in ids {
        let help = text(lang, &arg_key(key, &id));
        cmd = cmd.mut_arg(id, |a| with_values(a, help, lang));
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let sub_key = format!("cli-{name}");
        cmd = cmd.mut_subcommand(name, |s| localise_one(s, lang, &sub_key));
    }
    cmd = cmd
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(flag("help", 'h', ArgAction::Help, lang, "cli-help-help"));
    if lang == Lang::Zh {
        let template = template(&cmd, lang);
        cmd = cmd.help_template(template);
    }
    cmd
}

/// An argument's help with its default and possible values in `lang` (clap writes those in
/// English, so its own are hidden).
fn with_values(arg: Arg, mut help: String, lang: Lang) -> Arg {
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|p| !p.is_hide_set())
        .map(|p| p.get_name().to_string())
        .collect();
    if !arg.get_action().takes_values() {
        return arg.help(help);
    }
    if !defaults.is_empty() {
        let m = crate::msg!("cli-help-default", value = defaults.join(" "));
        help.push_str(&m.text(lang));
    }
    if !possible.is_empty() {
        let values: Vec<&str> = possible.iter().map(String::as_str).collect();
        help.push_str(&crate::msg!("cli-help-possible", values = values).text(lang));
    }
    arg.help(help)
        .hide_default_value(true)
        .hide_possible_values(true)
}

fn flag(id: &'static str, short: char, action: ArgAction, lang: Lang, help: &str) -> Arg {
    Arg::new(id)
        .short(short)
        .long(id)
        .action(action)
        .help(text(lang, help))
}

fn text(lang: Lang, id: &str) -> String {
    if i18n::has(lang, id) {
        i18n::t(lang, id)
    } else {
        String::new()
    }
}

/// clap's layout with the section headings from the catalogue.
fn template(cmd: &Command, lang: Lang) -> String {
    let heading = |id| text(lang, id);
    let mut t = format!(
        "{{about-with-newline}}\n{}{{usage}}\n",
        heading("cli-help-usage")
    );
    if cmd.has_subcommands() {
        t += &format!("\n{}\n{{subcommands}}\n", heading("cli-help-commands"));
    }
    if cmd.get_positionals().next().is_some() {
        t += &format!("\n{}\n{{positionals}}\n", heading("cli-help-arguments"));
    }
    t += &format!(
        "\n{}\n{{options}}{{after-help}}",
        heading("cli-help-options")
    );
    t
}

/// A command-line mistake in `lang`: the common kinds (unknown or missing argument, invalid
/// value) from the catalogue, with the usage; the rest, and `--help`/`--version`, as clap says it.
pub fn exit_with(e: clap::Error, lang: Lang) -> ! {
    let context = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(" "),
        _ => String::new(),
    };
    let message = match e.kind() {
        ErrorKind::UnknownArgument => {
            crate::msg!(
                "cli-error-unknown-argument",
                arg = context(ContextKind::InvalidArg)
            )
        }
        ErrorKind::InvalidValue => crate::msg!(
            "cli-error-invalid-value",
            value = context(ContextKind::InvalidValue),
            arg = context(ContextKind::InvalidArg),
            valid = context(ContextKind::ValidValue)
        ),
        ErrorKind::MissingRequiredArgument => {
            crate::msg!(
                "cli-error-missing-argument",
                arg = context(ContextKind::InvalidArg)
            )
        }
        _ => e.exit(),
    };
    let usage = match e.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(u)) => u.to_string(),
        _ => String::new(),
    };
    eprintln!("{}{}", i18n::t(lang, "label-error"), message.text(lang));
    eprintln!(
        "\n{}",
        usage
            .trim_end()
            .replacen("Usage: ", &text(lang, "cli-help-usage"), 1)
    );
    eprintln!("\n{}", i18n::t(lang, "cli-error-more"));
    std::process::exit(2)
}
