//! `gongkai serve [SITE] [--port 1111] [--bind 127.0.0.1] [--open]`: see [`crate::serve`].

pub use crate::serve::{Options, run};
