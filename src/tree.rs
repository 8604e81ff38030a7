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

/// Every file under `dir`, depth first, sorted by name, without editors'
/// leftovers. A symbolic link is refused, never followed: it could pull a
/// file from outside the site into the output. `what` names the folder in an
/// error ("templates").
pub fn files(dir: &Path, what: &'static str) -> Result<Vec<TreeFile>> {
    let (files, links) = files_and_links(dir, what)?;
    match links.first() {
        Some(link) => Err(Error::io(
            what,
            link,
            std::io::Error::new(std::io::ErrorKind::InvalidInput, LINK_REFUSED),
        )),
        None => Ok(files),
    }
}

/// Why a symbolic link is not read.
pub const LINK_REFUSED: &str = "symbolic links are not followed; put the file itself there";

/// Like [`files`], but the symbolic links (never followed) come back
/// beside the files, for a caller that reports each one.
pub fn files_and_links(dir: &Path, what: &'static str) -> Result<(Vec<TreeFile>, Vec<PathBuf>)> {
    let mut out = Vec::new();
    let mut links = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            // walkdir's error repeats the path and its cause; the path is
            // ours already, so only the underlying cause is kept.
            let cause = match e.io_error() {
                Some(io) => std::io::Error::new(io.kind(), io.to_string()),
                None => std::io::Error::other(e.to_string()),
            };
            Error::io(what, path, cause)
        })?;
        if entry.path_is_symlink() {
            links.push(entry.path().to_path_buf());
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && !is_editor_leftover(&name) {
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
    Ok((out, links))
}

/// Backup, swap and probe files that editors leave beside the files being
/// edited (vim's `x~`, `.x.swp` and `4913`, emacs's `#x#` and `.#x`).
pub fn is_editor_leftover(name: &str) -> bool {
    name.ends_with('~')
        || name == "4913"
        || name.starts_with(".#")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || (name.starts_with('.') && [".swp", ".swo", ".swx"].iter().any(|s| name.ends_with(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_recognized_by_name_only() {
        for name in [
            "302.yaml~",
            ".302.yaml.swp",
            ".302.yaml.swo",
            "4913",
            "#302.yaml#",
            ".#302.yaml",
        ] {
            assert!(is_editor_leftover(name), "{name}");
        }
        for name in ["302.yaml", "style.css", "4914", "swp.yaml", "#", "a#b"] {
            assert!(!is_editor_leftover(name), "{name}");
        }
    }
}
