//! Failures that stop a run. Content problems travel as [`Diagnostics`]; every
//! I/O error carries the path it concerns.

use crate::diagnostic::Diagnostics;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("content has {} error(s)", .0.error_count())]
    Content(Diagnostics),

    #[error("template {template}: {message}")]
    Template { template: String, message: String },

    #[error("rendering {page} failed: {message}")]
    Render { page: String, message: String },

    #[error("{action} {}: {source}", crate::diagnostic::display_path(.path))]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{0}")]
    Output(String),
}

impl Error {
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// Exit status for the CLI: 1 for problems in the site's content or
    /// templates, 2 for the machine (I/O) or a refused output folder.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Content(_) | Error::Template { .. } | Error::Render { .. } => 1,
            Error::Io { .. } | Error::Output(_) => 2,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
