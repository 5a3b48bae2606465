//! The `gongkai` command line. Parsing only: each command lives in `gongkai::commands`.

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use gongkai::commands::{build, check, import, init, new, serve};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// gongkai (公开): build, check and serve portals of 政府信息公开工作年度报告.
#[derive(Parser)]
#[command(name = "gongkai", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate every report of a site (or one report file) against the national template.
    Check {
        /// A site folder (with site.toml and content/) or one report file.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
        /// Exit non-zero on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Print the overview per year (bodies, published, late, missing, with errors) instead
        /// of every finding.
        #[arg(long, conflicts_with = "format")]
        summary: bool,
    },
    /// Import published reports (.docx, .doc, .pdf, .html, text) into content files, each with
    /// its original document beside it.
    Import {
        /// Files, or folders of .docx/.doc/.pdf/.html/.htm/.txt files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The content folder; reports go to <into>/<year>/<slug>.md.
        #[arg(long, default_value = "content")]
        into: PathBuf,
        /// The report year (default: from the title).
        #[arg(long)]
        year: Option<i32>,
        /// The department's name (default: from the title).
        #[arg(long, alias = "department")]
        name: Option<String>,
        /// The department slug (default: pinyin of the name).
        #[arg(long)]
        slug: Option<String>,
        /// Replace an existing content file.
        #[arg(long)]
        force: bool,
        /// Write what could be read even when a table or row is missing (marked incomplete).
        #[arg(long)]
        partial: bool,
        /// Print what would be written; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Create a report skeleton for a year: all cells 0, 上年结转 from last year's 结转下年度.
    New {
        #[arg(long)]
        year: i32,
        /// The department slug (its key in departments.toml).
        #[arg(long, alias = "department")]
        slug: String,
        /// The content folder.
        #[arg(long, default_value = "content")]
        into: PathBuf,
        /// Replace an existing content file.
        #[arg(long)]
        force: bool,
    },
    /// Create a new site: site.toml, content/departments.toml, an example report and a
    /// .gitignore; never overwrites.
    Init {
        /// The folder of the new site (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Print a shell completion script (e.g. `gongkai completions bash > ~/.local/share/bash-completion/completions/gongkai`).
    Completions { shell: clap_complete::Shell },
    /// Build the site into a temporary folder, serve it, and rebuild and reload on every edit.
    Serve {
        /// The site folder (with site.toml and content/).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but loopback exposes the site to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Build the portal: every report, year and department page, data downloads and feeds.
    Build {
        /// The site folder (with site.toml and content/).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Output folder (default: `output_dir` of site.toml, inside the site).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Override `base_url` of site.toml (e.g. https://example.gov.cn/nianbao/).
        #[arg(long)]
        base_url: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check {
            path,
            format,
            deny_warnings,
            summary,
        } => check::run(&check::Options {
            path,
            format: match format {
                FormatArg::Text => check::Format::Text,
                FormatArg::Json => check::Format::Json,
            },
            deny_warnings,
            summary,
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
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "gongkai",
                &mut std::io::stdout(),
            );
            0
        }
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

/// Rendering allocates many small strings on every thread; mimalloc handles that better than the
/// system allocator (measured with bench/build.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
