//! statusdex turns YAML records of protocol response codes and per-locale string
//! tables into a static site: one page per code and one page per code pair, in
//! every configured locale.
//!
//! Data flows one way: [`content::load`] reads the files, [`validate::validate`]
//! turns them into an immutable [`model::Site`] (or every problem at once),
//! [`render`] turns pages of the model into HTML and [`output`] commits them.
//! [`pipeline`] strings the stages together for the CLI and for tests.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod cli;
pub mod compose;
pub mod content;
pub mod diagnostic;
pub mod error;
pub mod fingerprint;
pub mod i18n;
pub mod limits;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod suggest;
pub mod tree;
pub mod validate;

pub use diagnostic::{Diagnostic, Severity};
pub use error::Error;
pub use pipeline::{BuildOptions, BuildReport, build, check};
