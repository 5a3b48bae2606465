//! The commands behind the CLI. Each returns the process exit code; `main.rs` only parses
//! arguments.

pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;
pub mod summary;
