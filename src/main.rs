//! The `gongkai` command line. Parsing only: each command lives in `gongkai::commands`, the
//! help texts in the message catalogue (`gongkai::cli_help`).

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use gongkai::cli_help;
use gongkai::commands::{build, check, import, init, new, serve};
use gongkai::i18n::{self, Lang};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// The commands and their arguments. Their help texts are in the message catalogue
/// (`locales/<lang>/cli.ftl`: `cli-<command>` and `cli-<command>-<argument>`), read by
/// [`cli_help::localise`]; a test fails when one lacks either language.
#[derive(Parser)]
#[command(name = "gongkai", version, long_about = None)]
struct Cli {
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Check {
        #[arg(default_value = ".")]
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
        #[arg(long)]
        deny_warnings: bool,
        #[arg(long, value_name = "RULE")]
        explain: Option<String>,
        #[arg(long, conflicts_with = "format")]
        summary: bool,
        #[arg(long, conflicts_with_all = ["format", "summary", "explain"])]
        fix: bool,
        #[arg(long, requires = "fix")]
        dry_run: bool,
    },
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, default_value = "content")]
        into: PathBuf,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, alias = "department")]
        name: Option<String>,
        #[arg(long)]
        slug: Option<String>,
        #[arg(long)]
        force: bool,
        #[arg(long)]
        partial: bool,
        #[arg(long)]
        dry_run: bool,
    },
    New {
        #[arg(long)]
        year: i32,
        #[arg(long, alias = "department")]
        slug: String,
        #[arg(long, default_value = "content")]
        into: PathBuf,
        #[arg(long)]
        force: bool,
    },
    Init {
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    Completions {
        shell: clap_complete::Shell,
    },
    Serve {
        #[arg(default_value = ".")]
        site: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        #[arg(long)]
        open: bool,
    },
    Build {
        #[arg(default_value = ".")]
        site: PathBuf,
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[arg(long)]
        base_url: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Json,
}

/// The command line's language before parsing (so `--help` is in it): `--lang`, else the locale.
fn chosen_lang() -> Option<Lang> {
    let args: Vec<String> = std::env::args().collect();
    let given = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--lang=")
            .map(str::to_string)
            .or_else(|| (a == "--lang").then(|| args.get(i + 1).cloned().unwrap_or_default()))
    });
    match given {
        Some(tag) => Lang::from_tag(&tag),
        None => Lang::from_env(),
    }
}

fn main() -> ExitCode {
    if let Some(lang) = chosen_lang() {
        i18n::set_cli_lang(lang);
    }
    let command = cli_help::localise(Cli::command(), i18n::cli_lang());
    let matches = command
        .try_get_matches()
        .unwrap_or_else(|e| cli_help::exit_with(e, i18n::cli_lang()));
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => cli_help::exit_with(e, i18n::cli_lang()),
    };
    if let Some(tag) = &cli.lang
        && Lang::from_tag(tag).is_none()
    {
        gongkai::error::warn(&gongkai::msg!("cli-lang-unknown", lang = tag.as_str()));
    }
    let code = match cli.command {
        Command::Check {
            path,
            format,
            deny_warnings,
            explain,
            summary,
            fix,
            dry_run,
        } => check::run(&check::Options {
            path,
            format: match format {
                FormatArg::Text => check::Format::Text,
                FormatArg::Json => check::Format::Json,
            },
            deny_warnings,
            explain,
            summary,
            fix,
            dry_run,
        }),
        Command::Import {
            files,
            into,
            year,
            name,
            slug,
            force,
            partial,
            dry_run,
        } => import::run(&import::Options {
            inputs: files,
            into,
            year,
            department: name,
            slug,
            force,
            partial,
            dry_run,
        }),
        Command::New {
            year,
            slug,
            into,
            force,
        } => new::run(&new::Options {
            year,
            slug,
            into,
            force,
        }),
        Command::Serve {
            site,
            port,
            bind,
            open,
        } => serve::run(&serve::Options {
            site,
            port,
            bind,
            open,
        }),
        Command::Init { dir } => init::run(&init::Options { dir }),
        Command::Completions { shell } => completions(shell),
        Command::Build {
            site,
            output,
            base_url,
        } => build::run(&build::Options {
            site,
            output,
            base_url,
        }),
    };
    ExitCode::from(code as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and argument has its help text in both languages.
    #[test]
    fn help_texts_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let missing = cli_help::missing(&Cli::command(), lang);
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
    }
}

/// `gongkai completions SHELL`: the script, with the help texts in the command line's language.
/// Generated into memory first: clap_complete panics when stdout is closed early (`| head`), and
/// a closed pipe is no error here.
fn completions(shell: clap_complete::Shell) -> i32 {
    use std::io::Write;
    let mut script = Vec::new();
    let mut cmd = cli_help::localise(Cli::command(), i18n::cli_lang());
    clap_complete::generate(shell, &mut cmd, "gongkai", &mut script);
    match std::io::stdout().write_all(&script) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            gongkai::error::report(&gongkai::error::Error::io("stdout", e))
        }
        _ => 0,
    }
}

/// Rendering allocates many small strings on every thread; mimalloc handles that better than the
/// system allocator (measured with bench/build.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
