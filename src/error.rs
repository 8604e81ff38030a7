//! Failures that stop a run. Content problems travel as [`Diagnostics`]; every
//! I/O error carries the path it concerns.

use crate::diagnostic::Diagnostics;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in content or templates, each with its file and place.
    #[error("the site has {}", .0.summary())]
    Content(Diagnostics),

    // The cause is not repeated here: it is the error's source, which the
    // command line prints once, after this line.
    #[error("{action} {}", crate::diagnostic::display_path(.path))]
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
    /// templates, 3 for the machine (I/O) or a refused output folder; 2 is
    /// left to usage errors, as clap reports them.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Content(_) => 1,
            Error::Io { .. } | Error::Output(_) => 3,
        }
    }

    /// The error and each of its causes, one per line ("  caused by: ...").
    pub fn with_causes(&self) -> String {
        let mut text = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(s) = source {
            text.push_str(&format!("\n  caused by: {s}"));
            source = s.source();
        }
        text
    }

    /// The same error with its path shown relative to `root` when it lies
    /// inside it, as every other message of a run names files.
    pub fn relative_to(self, root: &std::path::Path) -> Self {
        match self {
            Error::Io {
                action,
                path,
                source,
            } => {
                let path = match path.strip_prefix(root) {
                    Ok(rel) if root != std::path::Path::new(".") => rel.to_path_buf(),
                    _ => path
                        .strip_prefix(".")
                        .map(|p| p.to_path_buf())
                        .unwrap_or(path),
                };
                Error::Io {
                    action,
                    path,
                    source,
                }
            }
            other => other,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
