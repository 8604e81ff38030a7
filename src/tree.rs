//! Sorted listings of the files under a site folder (content, templates,
//! static), so every stage reads its folder in the same, stable order.

use crate::diagnostic::display_path;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// A file found under a folder.
#[derive(Debug, Clone)]
pub struct TreeFile {
    /// Path relative to the folder listed, with `/` separators.
    pub rel: String,
    pub path: PathBuf,
}

/// Every file under `dir`, depth first, sorted by name. `what` names the folder
/// in an error ("templates").
pub fn files(dir: &Path, what: &'static str) -> Result<Vec<TreeFile>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io(what, path, e.into())
        })?;
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("walkdir yields paths under its root");
            out.push(TreeFile {
                rel: display_path(rel),
                path: entry.path().to_path_buf(),
            });
        }
    }
    Ok(out)
}
