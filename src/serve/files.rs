//! Which file of the output folder a request path names, refusing anything
//! that could leave it: `..` (also percent-encoded), absolute paths,
//! backslashes, NUL, and symbolic links anywhere on the way.

use percent_encoding::percent_decode_str;
use std::path::{Path, PathBuf};

/// What a request path resolves to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: pages link relatively,
    /// so the browser must be sent to `path/`.
    AddSlash,
    NotFound,
}

pub fn resolve(root: &Path, url_path: &str) -> Resolved {
    let raw = url_path.split(['?', '#']).next().unwrap_or("");
    let Ok(decoded) = percent_decode_str(raw).decode_utf8() else {
        return Resolved::NotFound;
    };
    let Some(rel) = decoded.strip_prefix('/') else {
        return Resolved::NotFound;
    };
    let mut path = root.to_path_buf();
    for segment in rel.split('/') {
        if segment.is_empty() {
            continue;
        }
        if segment == "."
            || segment == ".."
            || segment.contains(['\\', '\0', ':'])
            || segment.starts_with(".statusdex")
        {
            return Resolved::NotFound;
        }
        path.push(segment);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return Resolved::NotFound,
            Ok(_) => {}
            Err(_) => return Resolved::NotFound,
        }
    }
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return Resolved::NotFound;
    };
    if meta.is_dir() {
        if !rel.is_empty() && !rel.ends_with('/') {
            return Resolved::AddSlash;
        }
        path.push("index.html");
        return match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() => Resolved::File(path),
            _ => Resolved::NotFound,
        };
    }
    if meta.is_file() {
        Resolved::File(path)
    } else {
        Resolved::NotFound
    }
}

pub fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("ico") => "image/x-icon",
        Some("png") => "image/png",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("out/en/sip")).unwrap();
        std::fs::write(root.join("out/index.html"), "root").unwrap();
        std::fs::write(root.join("out/en/sip/index.html"), "sip").unwrap();
        std::fs::write(root.join("secret.txt"), "secret").unwrap();
        dir
    }

    #[test]
    fn files_and_folders_resolve_inside_the_output() {
        let dir = site();
        let out = dir.path().join("out");
        assert_eq!(resolve(&out, "/"), Resolved::File(out.join("index.html")));
        assert_eq!(
            resolve(&out, "/en/sip/?q=1"),
            Resolved::File(out.join("en/sip/index.html"))
        );
        assert_eq!(resolve(&out, "/en/sip"), Resolved::AddSlash);
        assert_eq!(resolve(&out, "/en/none/"), Resolved::NotFound);
    }

    #[test]
    fn traversal_in_any_spelling_is_refused() {
        let dir = site();
        let out = dir.path().join("out");
        for path in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/en/..%2f..%2fsecret.txt",
            "/%2E%2E/secret.txt",
            "//etc/passwd",
            "/..\\secret.txt",
            "/%00",
            "secret.txt",
            "/.statusdex-manifest",
        ] {
            assert_eq!(resolve(&out, path), Resolved::NotFound, "{path}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_inside_the_output_are_not_followed() {
        let dir = site();
        let out = dir.path().join("out");
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("s.txt")).unwrap();
        std::os::unix::fs::symlink("/etc", out.join("etc")).unwrap();
        assert_eq!(resolve(&out, "/s.txt"), Resolved::NotFound);
        assert_eq!(resolve(&out, "/etc/passwd"), Resolved::NotFound);
    }
}
