//! `gongkai check [SITE | FILE.md]`: validate reports and print rustc-style diagnostics.

use crate::clock::Date;
use crate::content::{self, Departments, rel_path};
use crate::diagnostics::{self, Diagnostic, JsonDiagnostic, Printer};
use crate::error::{self, Error};
use crate::i18n::{self, cli_lang};
use crate::msg;
use crate::pipeline::cache::load_for_check;
use crate::schema::{RULES, RuleId, Severity};
use crate::site::Site;
use crate::validate;
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

pub struct Options {
    pub path: PathBuf,
    pub format: Format,
    pub deny_warnings: bool,
    /// `--explain RULE`: print the rule, why it exists and an example instead of checking.
    pub explain: Option<String>,
    /// Print the supervision overview (per year: published, late, missing, with errors) instead
    /// of every finding.
    pub summary: bool,
    /// `--fix`: rewrite input-method typos (full-width punctuation, Chinese dates) before checking.
    pub fix: bool,
    /// With `--fix`: show what would change, write nothing.
    pub dry_run: bool,
}

/// What was checked: the diagnostics, how many reports, and the root paths are relative to.
struct Outcome {
    root: PathBuf,
    reports: usize,
    diagnostics: Vec<Diagnostic>,
}

pub fn run(opts: &Options) -> i32 {
    if let Some(rule) = &opts.explain {
        return explain(rule);
    }
    if !opts.path.exists() {
        return error::report(&Error::Missing(opts.path.clone()));
    }
    if opts.summary {
        return summary(opts);
    }
    if opts.fix
        && let Err(e) = fix_typos(&opts.path, opts.dry_run)
    {
        return error::report(&e);
    }
    let outcome = if opts.path.is_file() {
        check_file(&opts.path)
    } else {
        // From the report cache a build left in the site's output folder, where it still holds.
        match load_for_check(&opts.path) {
            Ok(site) => {
                i18n::follow_site(site.config.lang());
                let Site {
                    root,
                    files,
                    diagnostics,
                    reports,
                    ..
                } = site;
                // Only the findings are printed. Freeing 100,000 reports one by one would take
                // the main thread longer than the exit that returns their memory at once.
                std::mem::forget(reports);
                Outcome {
                    root,
                    reports: files,
                    diagnostics,
                }
            }
            Err(e) => Outcome {
                root: opts.path.clone(),
                reports: 0,
                diagnostics: e.0,
            },
        }
    };
    let lang = cli_lang();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match opts.format {
        Format::Json => {
            let json: Vec<JsonDiagnostic> = outcome
                .diagnostics
                .iter()
                .map(|d| JsonDiagnostic::new(d, lang))
                .collect();
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&json).expect("diagnostics serialize")
            );
        }
        Format::Text => {
            let color = Printer::color_wanted(std::io::stdout().is_terminal());
            // Rendered on every core, a block of findings each, and printed in order: a large
            // site can have a hundred thousand findings, each quoting its line.
            let blocks: Vec<String> = outcome
                .diagnostics
                .par_chunks(PRINT_BLOCK)
                .map(|block| {
                    let mut printer = Printer::new(&outcome.root, color, lang);
                    let mut text = String::new();
                    for d in block {
                        text.push_str(&printer.render(d));
                        text.push('\n');
                    }
                    text
                })
                .collect();
            for block in blocks {
                let _ = out.write_all(block.as_bytes());
            }
            let _ = writeln!(
                out,
                "{}",
                diagnostics::summary_line(outcome.reports, &outcome.diagnostics, lang)
            );
        }
    }
    exit_code(&outcome.diagnostics, opts.deny_warnings)
}

/// Findings rendered together by one thread of `check`'s text output.
const PRINT_BLOCK: usize = 2048;

/// 1 when there are errors (or warnings, with `--deny-warnings`).
fn exit_code(diagnostics: &[Diagnostic], deny_warnings: bool) -> i32 {
    let failing = diagnostics.iter().any(|d| {
        d.severity() == Severity::Error || (deny_warnings && d.severity() == Severity::Warning)
    });
    i32::from(failing)
}

/// `check --explain R-BAL`: the rule in words, why it exists and an example, from the catalogue
/// (as rustc's `--explain`). Exit 2 for an unknown rule.
fn explain(code: &str) -> i32 {
    let lang = cli_lang();
    let Some(rule) = RuleId::from_code(&code.trim().to_ascii_uppercase()).map(RuleId::rule) else {
        let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        error::warn(&msg!(
            "check-explain-unknown",
            rule = code,
            rules = codes.join(", ")
        ));
        return 2;
    };
    let title = msg!(
        "check-explain-title",
        rule = rule.code,
        severity = rule.severity.label(lang)
    );
    println!("{}\n", title.text(lang));
    for (heading, text) in [
        ("check-explain-what", rule.summary(lang)),
        ("check-explain-why", rule.why(lang)),
        ("check-explain-example", rule.example(lang)),
    ] {
        println!("{}\n  {text}\n", i18n::t(lang, heading));
    }
    0
}

/// `--summary`: the overview of a whole site, then the count of findings.
fn summary(opts: &Options) -> i32 {
    if opts.path.is_file() {
        return error::report(&Error::SummaryNeedsSite);
    }
    match load_for_check(&opts.path) {
        Ok(site) => {
            i18n::follow_site(site.config.lang());
            print!("{}", super::summary::overview(&site));
            println!(
                "{}",
                diagnostics::summary_line(site.files, &site.diagnostics, cli_lang())
            );
            exit_code(&site.diagnostics, opts.deny_warnings)
        }
        Err(e) => {
            let mut printer = Printer::new(&opts.path, false, cli_lang());
            for d in &e.0 {
                eprintln!("{}", printer.render(d));
            }
            1
        }
    }
}

/// Check one file. Inside a site the whole site is loaded (from the report cache where it holds
/// the files: see [`load_for_check`]) so the cross-year rules see its neighbours, and only this
/// file's findings are kept.
fn check_file(path: &Path) -> Outcome {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if let Some(root) = content::site_root_of(&abs)
        && let Ok(site) = load_for_check(&root)
    {
        let rel = rel_path(&root, &abs);
        let diagnostics = site.diagnostics_for(&rel).cloned().collect();
        return Outcome {
            root,
            reports: 1,
            diagnostics,
        };
    }
    // A lone file: its own rules only.
    let dir = abs.parent().unwrap_or(Path::new(".")).to_path_buf();
    let name = rel_path(&dir, &abs);
    let slug = abs
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut diagnostics = vec![];
    match std::fs::read(&abs) {
        Ok(bytes) => {
            let parsed = content::parse_report(&name, &bytes, None, &slug);
            diagnostics = parsed.diagnostics;
            if let Some(r) = parsed.report {
                diagnostics.extend(validate::check_report(&r, &Departments::default()));
                diagnostics.extend(validate::published::check(&r, Date::today()));
            }
        }
        Err(e) => diagnostics.push(Diagnostic::new(
            name,
            crate::schema::RuleId::FileFormat,
            crate::msg!("file-cannot-read", error = e.to_string()),
        )),
    }
    diagnostics::sort(&mut diagnostics);
    Outcome {
        root: dir,
        reports: 1,
        diagnostics,
    }
}

/// `--fix`: the files a clerk edits by hand (the reports' front matter, site.toml,
/// content/departments.toml, or the one file named), with the input-method typos of
/// [`content::fix`] rewritten. Each changed line is printed as a diff (`-` before, `+` after);
/// with `dry_run` nothing is written. A comma between digits is left for the clerk (the check
/// that follows names it): the fix never changes a number.
fn fix_typos(path: &Path, dry_run: bool) -> Result<(), Error> {
    let (root, files): (PathBuf, Vec<(PathBuf, bool)>) = if path.is_file() {
        let is_report = path.extension().is_some_and(|e| e == "md");
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        (dir, vec![(path.to_path_buf(), is_report)])
    } else {
        let mut files = vec![
            (path.join(crate::config::CONFIG_FILE), false),
            (path.join(content::departments::DEPARTMENTS_FILE), false),
        ];
        files.extend(
            content::scan(path, &mut vec![])
                .into_iter()
                .map(|f| (f.path, true)),
        );
        (path.to_path_buf(), files)
    };
    let lang = cli_lang();
    let (mut count, mut changed) = (0, 0);
    for (file, is_report) in files {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let typos = content::fix::find_in_file(text, is_report);
        let (fixed, n) = content::fix::apply(text, &typos);
        if n == 0 {
            continue;
        }
        let rel = rel_path(&root, &file);
        for (i, (before, after)) in text.split('\n').zip(fixed.split('\n')).enumerate() {
            if before != after {
                println!("{rel}:{}\n- {before}\n+ {after}", i + 1);
            }
        }
        if !dry_run {
            crate::output::write_atomic(&file, &fixed).map_err(|e| Error::io(&file, e))?;
        }
        count += n;
        changed += 1;
    }
    let id = match (count, dry_run) {
        (0, _) => "check-fix-none",
        (_, true) => "check-fix-dry-run",
        (_, false) => "check-fixed",
    };
    let summary = crate::i18n::Msg::new(id)
        .arg("count", count as i64)
        .arg("files", changed as i64);
    println!("{}", summary.text(lang));
    Ok(())
}
