//! Operational errors: everything that stops a command and is not a finding about content (those
//! are [`Diagnostic`](crate::diagnostics::Diagnostic)s). One enum, one mapping to catalogue
//! messages ([`Error::message`]) and one to exit codes ([`Error::exit_code`]), one way to print
//! them ([`report`]).

use crate::i18n::{Arg, Msg, cli_lang, t};
use crate::msg;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum Error {
    /// The path given on the command line does not exist.
    Missing(PathBuf),
    /// The path given is not a site folder.
    NotASite(PathBuf),
    /// Reading or writing a file or folder failed.
    Io { path: PathBuf, source: io::Error },
    /// A report file gongkai needs cannot be read (`gongkai check` says why).
    Unreadable(PathBuf),
    /// `new` cannot tell a department's name: no report last year, no entry in departments.toml.
    UnknownDepartment {
        last: PathBuf,
        slug: String,
        /// The closest known slug, when the one given looks like a typo.
        suggestion: Option<String>,
    },
    /// A file to be written exists and `--force` was not given.
    Exists(PathBuf),
    /// `init` would overwrite these files: nothing was written.
    InitExists(Vec<PathBuf>),
    /// A department slug given on the command line is not valid.
    BadSlug(String),
    /// The theme named in site.toml has no folder.
    ThemeMissing(String),
    /// A template does not compile or fails to render: where, and tera's own words.
    Template(String),
    /// One page could not be rendered.
    Render { job: String, source: Box<Error> },
    /// The output folder would contain or replace the site's own files.
    OutputContainsSite(PathBuf),
    /// The output folder exists and was not written by gongkai.
    OutputNotOurs(PathBuf),
    /// The output path names a file, not a folder.
    OutputIsFile(PathBuf),
    /// The output folder is inside `static/`, `templates/` or `themes/`: every build would
    /// publish the previous output again, inside itself.
    OutputInsideTheme(PathBuf),
    /// Another build is writing into the same output folder (it holds the lock beside it).
    OutputBusy { target: PathBuf, lock: PathBuf },
    /// A theme, `templates/` or `static/` folder that a symbolic link takes out of the site.
    OutsideSite(Msg),
    /// site.toml cannot be used (its diagnostics were printed).
    Config,
    /// Reports with errors stop the build.
    NotBuilt { errors: usize, publishable: bool },
    /// Errors that stop the build and that no setting publishes past: none is in a report (an
    /// empty folder, a bad departments.toml).
    NotBuiltFixFirst { errors: usize },
    /// The port is taken.
    PortInUse(SocketAddr),
    /// The server cannot listen or start.
    Listen { addr: SocketAddr, source: io::Error },
    /// Ctrl-C cannot be handled.
    Signals(String),
    /// A published report that cannot be imported (the importer's explanation).
    Import(Msg),
    /// The Excel workbook could not be written (the writer's reason, e.g. a sheet over Excel's
    /// limits).
    Xlsx(String),
    /// Nothing to import in the paths given.
    NothingToImport,
    /// `--slug`, `--name` or `--year` with more than one file to import.
    OneFileOptions,
    /// A broken invariant of gongkai itself (a bug to report), in its developers' words.
    Internal(String),
    /// `check --summary` was given one report file instead of a site.
    SummaryNeedsSite,
    /// The site folder cannot be watched for edits.
    Watch { folder: PathBuf, reason: String },
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// `Error::Io` for `path`.
    pub fn io(path: impl AsRef<Path>, source: io::Error) -> Error {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// What went wrong, as a catalogue message.
    pub fn message(&self) -> Msg {
        let p = |p: &Path| p.display().to_string();
        match self {
            Error::Missing(path) => msg!("error-missing", path = p(path)),
            Error::NotASite(path) => msg!("error-not-a-site", path = p(path)),
            Error::Io { path, source } => {
                msg!("error-io", path = p(path), reason = io_reason(source))
            }
            Error::InitExists(paths) => msg!(
                "error-init-exists",
                paths = Arg::List(paths.iter().map(|x| p(x)).collect())
            ),
            Error::Exists(path) => msg!("error-exists", path = p(path)),
            Error::Unreadable(path) => msg!("error-unreadable", path = p(path)),
            Error::UnknownDepartment {
                last,
                slug,
                suggestion: None,
            } => msg!(
                "error-unknown-department",
                last = p(last),
                slug = slug.as_str()
            ),
            Error::UnknownDepartment {
                last,
                slug,
                suggestion: Some(near),
            } => msg!(
                "error-unknown-department-did-you-mean",
                last = p(last),
                slug = slug.as_str(),
                suggestion = near.as_str()
            ),
            Error::BadSlug(slug) => msg!("error-bad-slug", slug = slug.as_str()),
            Error::ThemeMissing(name) => msg!("error-theme-missing", theme = name.as_str()),
            Error::Template(detail) => msg!("error-template", detail = detail.as_str()),
            Error::Render { job, source } => {
                msg!("error-render", job = job.as_str(), error = source.message())
            }
            Error::OutputContainsSite(path) => msg!("error-output-contains-site", path = p(path)),
            Error::OutputNotOurs(path) => msg!(
                "error-output-not-ours",
                path = p(path),
                marker = crate::output::MARKER
            ),
            Error::OutputIsFile(path) => msg!("error-output-is-file", path = p(path)),
            Error::OutputInsideTheme(path) => msg!("error-output-inside-theme", path = p(path)),
            Error::OutputBusy { target, lock } => {
                msg!("error-output-busy", path = p(target), lock = p(lock))
            }
            Error::OutsideSite(detail) => msg!("error-outside-site", detail = detail.clone()),
            Error::Config => msg!("error-config"),
            Error::NotBuilt {
                errors,
                publishable: true,
            } => msg!("error-not-built-unpublishable", count = *errors),
            Error::NotBuilt {
                errors,
                publishable: false,
            } => msg!("error-not-built", count = *errors),
            Error::NotBuiltFixFirst { errors } => msg!("error-not-built-fix", count = *errors),
            Error::PortInUse(addr) => msg!(
                "error-port-in-use",
                port = addr.port(),
                ip = addr.ip().to_string(),
                next = addr.port().wrapping_add(1).max(1024)
            ),
            Error::Listen { addr, source } => msg!(
                "error-listen",
                addr = addr.to_string(),
                reason = io_reason(source)
            ),
            Error::Signals(e) => msg!("error-signals", reason = e.as_str()),
            Error::Import(e) => msg!("error-import", reason = e),
            Error::Xlsx(e) => msg!("error-xlsx", reason = e.as_str()),
            Error::NothingToImport => msg!("error-nothing-to-import"),
            Error::OneFileOptions => msg!("import-one-file-options"),
            Error::SummaryNeedsSite => msg!("error-summary-needs-site"),
            Error::Internal(detail) => msg!("error-internal", detail = detail.as_str()),
            Error::Watch { folder, reason } => {
                msg!("serve-watch", folder = p(folder), reason = reason.as_str())
            }
        }
    }

    /// The exit code: 2 when the command could not start (a wrong path, a port in use), 1 when
    /// it ran and failed.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Missing(_)
            | Error::NotASite(_)
            | Error::PortInUse(_)
            | Error::Listen { .. }
            | Error::Signals(_)
            | Error::Watch { .. }
            | Error::NothingToImport
            | Error::OneFileOptions
            | Error::SummaryNeedsSite => 2,
            _ => 1,
        }
    }
}

/// The reason of an I/O error in words: the common kinds from the catalogue, others as the
/// system says them.
pub fn io_reason(e: &io::Error) -> Arg {
    match e.kind() {
        io::ErrorKind::NotFound => Arg::Ref("io-not-found"),
        io::ErrorKind::PermissionDenied => Arg::Ref("io-permission-denied"),
        io::ErrorKind::AlreadyExists => Arg::Ref("io-already-exists"),
        io::ErrorKind::StorageFull => Arg::Ref("io-storage-full"),
        io::ErrorKind::ReadOnlyFilesystem => Arg::Ref("io-read-only"),
        io::ErrorKind::IsADirectory => Arg::Ref("io-is-a-directory"),
        io::ErrorKind::NotADirectory => Arg::Ref("io-not-a-directory"),
        io::ErrorKind::DirectoryNotEmpty => Arg::Ref("io-directory-not-empty"),
        _ => Arg::Text(e.to_string()),
    }
}

/// In the command line's language, for logs and tests.
impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().text(cli_lang()))
    }
}

impl std::error::Error for Error {}

/// Print `error: …` / `错误：…` on stderr and return the exit code.
pub fn report(e: &Error) -> i32 {
    eprintln!("{}", line("label-error", &e.message()));
    e.exit_code()
}

/// Print `warning: …` / `提示：…` on stderr.
pub fn warn(message: &Msg) {
    eprintln!("{}", line("label-warning", message));
}

/// `error: message` with the label in the command line's language.
fn line(label: &'static str, message: &Msg) -> String {
    let lang = cli_lang();
    format!("{}{}", t(lang, label), message.text(lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_error_has_a_message_in_both_languages_and_an_exit_code() {
        let p = PathBuf::from("public");
        let addr: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        let io = || io::Error::from(io::ErrorKind::PermissionDenied);
        let errors = [
            Error::Missing(p.clone()),
            Error::NotASite(p.clone()),
            Error::io(&p, io()),
            Error::Exists(p.clone()),
            Error::PortInUse(addr),
            Error::NotBuilt {
                errors: 2,
                publishable: false,
            },
            Error::Render {
                job: "content/2023/x.md".into(),
                source: Box::new(Error::Template(
                    "report.html:3: Filter `x` not found".into(),
                )),
            },
        ];
        for e in &errors {
            let (zh, en) = (e.message().text(Lang::Zh), e.message().text(Lang::En));
            assert!(!zh.is_empty() && zh != en, "{zh} / {en}");
            assert!(matches!(e.exit_code(), 1 | 2));
        }
        assert_eq!(
            Error::io(&p, io()).message().text(Lang::Zh),
            "public：没有权限"
        );
        assert_eq!(Error::PortInUse(addr).exit_code(), 2);
        assert_eq!(errors[5].exit_code(), 1);
        let render = errors[6].message().text(Lang::Zh);
        assert!(
            render.contains("生成 content/2023/x.md 时出错：模板错误：report.html:3"),
            "{render}"
        );
    }
}
