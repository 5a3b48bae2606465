//! gongkai (公开): a static site generator for government open-information annual reports.
//!
//! The pipeline: load config → scan content → parse → validate → build the site model → render →
//! write. Each stage is a module; [`pipeline`] runs them into an output folder for both `build`
//! and `serve`; [`commands`] are thin (options in, printing and an exit code out) and nothing
//! below them imports them; `main.rs` only parses the command line.

pub mod cli_help;
pub mod clock;
pub mod commands;
pub mod config;
pub mod content;
pub mod control_chars;
pub mod diagnostics;
pub mod error;
pub mod i18n;
pub mod import;
pub mod manual;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod schema;
pub mod serve;
pub mod site;
pub mod validate;
