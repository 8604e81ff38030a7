//! Writing the output folder so that a failed build leaves it untouched and a
//! rebuild touches only what changed.
//!
//! Pages are compared with what the folder already holds; only changed bytes are
//! staged, in a sibling folder on the same file system. Nothing reaches the
//! output until every page has rendered; then staged files are renamed into
//! place and pages that no longer exist are removed. A manifest of the files a
//! build wrote is kept in the output: statusdex deletes only files it lists, and
//! refuses to write into a non-empty folder without one, so it never deletes
//! anything it did not create.

use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Lists every file the last build wrote, one relative path a line.
pub const MANIFEST: &str = ".statusdex-manifest";
/// Marks a staging folder as ours, so a leftover one may be removed.
const STAGING_MARKER: &str = ".statusdex-staging";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Written,
    Unchanged,
}

#[derive(Debug)]
pub struct Output {
    target: PathBuf,
    staging: PathBuf,
    /// Files the previous build wrote; None when the target is new or empty.
    previous: Option<BTreeSet<String>>,
    committed: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommitSummary {
    pub removed: usize,
}

impl Output {
    /// Prepares to write into `target`, refusing a folder statusdex did not make.
    pub fn open(target: &Path) -> Result<Self> {
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| *n != "." && *n != "..")
            .ok_or_else(|| {
                Error::Output(format!(
                    "output folder `{}` must end in a folder name",
                    target.display()
                ))
            })?;
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if is_link(target)? {
            return Err(link_error(target));
        }
        let previous = if target.exists() {
            if !target.is_dir() {
                return Err(Error::Output(format!(
                    "output `{}` exists and is not a folder",
                    target.display()
                )));
            }
            no_link_below(target, MANIFEST)?;
            match fs::read_to_string(target.join(MANIFEST)) {
                Ok(text) => Some(text.lines().map(str::to_string).collect()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let mut entries =
                        fs::read_dir(target).map_err(|e| Error::io("reading", target, e))?;
                    if entries.next().is_some() {
                        return Err(Error::Output(format!(
                            "refusing to write into `{}`: it is not empty and has no {MANIFEST}, so statusdex did not create it; choose a new or empty folder",
                            target.display()
                        )));
                    }
                    None
                }
                Err(e) => return Err(Error::io("reading", target.join(MANIFEST), e)),
            }
        } else {
            None
        };
        fs::create_dir_all(&parent).map_err(|e| Error::io("creating", &parent, e))?;
        let staging = parent.join(format!(".{name}.statusdex-staging"));
        if is_link(&staging)? {
            return Err(link_error(&staging));
        }
        if staging.exists() {
            if !staging.join(STAGING_MARKER).is_file() {
                return Err(Error::Output(format!(
                    "`{}` is in the way and was not made by statusdex; move it away",
                    staging.display()
                )));
            }
            // A staging folder left by an interrupted build: ours, by its marker.
            fs::remove_dir_all(&staging).map_err(|e| Error::io("removing", &staging, e))?;
        }
        fs::create_dir(&staging).map_err(|e| Error::io("creating", &staging, e))?;
        fs::write(staging.join(STAGING_MARKER), b"")
            .map_err(|e| Error::io("writing", staging.join(STAGING_MARKER), e))?;
        Ok(Output {
            target: target.to_path_buf(),
            staging,
            previous,
            committed: false,
        })
    }

    /// Stages `bytes` for `rel` unless the output already holds exactly them.
    /// Safe to call from many threads at once.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<WriteOutcome> {
        check_relative(rel)?;
        if self.previous.is_some() {
            no_link_below(&self.target, rel)?;
            let current = self.target.join(rel);
            match fs::read(&current) {
                Ok(old) if old == bytes => return Ok(WriteOutcome::Unchanged),
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io("reading", current, e)),
            }
        }
        let path = self.staging.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io("creating", dir, e))?;
        }
        fs::write(&path, bytes).map_err(|e| Error::io("writing", &path, e))?;
        Ok(WriteOutcome::Written)
    }

    /// Streams a large file (the sitemap) into staging through `fill`, so it is
    /// never held in memory, then drops it again if the output already holds
    /// the same bytes.
    pub fn write_with(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<WriteOutcome> {
        check_relative(rel)?;
        let path = self.staging.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io("creating", dir, e))?;
        }
        let file = fs::File::create(&path).map_err(|e| Error::io("creating", &path, e))?;
        let mut writer = std::io::BufWriter::new(file);
        fill(&mut writer)
            .and_then(|()| writer.flush())
            .map_err(|e| Error::io("writing", &path, e))?;
        drop(writer);
        if self.previous.is_some() {
            no_link_below(&self.target, rel)?;
        }
        if self.previous.is_some() && same_contents(&path, &self.target.join(rel))? {
            fs::remove_file(&path).map_err(|e| Error::io("removing", &path, e))?;
            return Ok(WriteOutcome::Unchanged);
        }
        Ok(WriteOutcome::Written)
    }

    /// Moves staged files into the output and removes files of the previous
    /// build that `expected` no longer lists.
    pub fn commit(mut self, expected: &BTreeSet<String>) -> Result<CommitSummary> {
        let manifest: String = expected.iter().map(|p| format!("{p}\n")).collect();
        let mut summary = CommitSummary::default();
        if !self.target.exists() {
            // A new output: the staging folder becomes it in one rename.
            fs::remove_file(self.staging.join(STAGING_MARKER))
                .map_err(|e| Error::io("removing", self.staging.join(STAGING_MARKER), e))?;
            write_file(&self.staging.join(MANIFEST), manifest.as_bytes())?;
            fs::rename(&self.staging, &self.target)
                .map_err(|e| Error::io("renaming staging folder to", &self.target, e))?;
            self.committed = true;
            return Ok(summary);
        }
        // Everything is checked before anything moves, so a refused commit
        // leaves the output as it was.
        let no_previous = BTreeSet::new();
        let previous = self.previous.as_ref().unwrap_or(&no_previous);
        for rel in expected {
            if !self.staging.join(rel).exists() {
                continue;
            }
            no_link_below(&self.target, rel)?;
            let dest = self.target.join(rel);
            if !previous.contains(rel) && fs::symlink_metadata(&dest).is_ok() {
                return Err(Error::Output(format!(
                    "`{}` is in the way: statusdex did not write it and will not overwrite it; move it away",
                    dest.display()
                )));
            }
        }
        for stale in previous.iter().filter(|p| !expected.contains(*p)) {
            if check_relative(stale).is_ok() {
                no_link_below(&self.target, stale)?;
            }
        }
        for rel in expected {
            let staged = self.staging.join(rel);
            if !staged.exists() {
                continue;
            }
            let dest = self.target.join(rel);
            if let Some(dir) = dest.parent() {
                fs::create_dir_all(dir).map_err(|e| Error::io("creating", dir, e))?;
            }
            fs::rename(&staged, &dest).map_err(|e| Error::io("moving into place", &dest, e))?;
        }
        for stale in self.previous.iter().flatten() {
            if expected.contains(stale) || check_relative(stale).is_err() {
                continue;
            }
            let path = self.target.join(stale);
            match fs::remove_file(&path) {
                Ok(()) => summary.removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io("removing", path, e)),
            }
            remove_empty_parents(&self.target, &path);
        }
        let tmp = self.staging.join(MANIFEST);
        write_file(&tmp, manifest.as_bytes())?;
        let dest = self.target.join(MANIFEST);
        fs::rename(&tmp, &dest).map_err(|e| Error::io("moving into place", &dest, e))?;
        fs::remove_dir_all(&self.staging).map_err(|e| Error::io("removing", &self.staging, e))?;
        self.committed = true;
        Ok(summary)
    }
}

impl Drop for Output {
    /// A build that did not commit leaves the output as it was and removes only
    /// its own staging folder.
    fn drop(&mut self) {
        if !self.committed && self.staging.join(STAGING_MARKER).is_file() {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Whether two files hold the same bytes, read in chunks; a missing `b` differs.
fn same_contents(a: &Path, b: &Path) -> Result<bool> {
    let open = |p: &Path| fs::File::open(p).map(std::io::BufReader::new);
    let mut fb = match open(b) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io("reading", b, e)),
    };
    let mut fa = open(a).map_err(|e| Error::io("reading", a, e))?;
    loop {
        let (ca, cb) = (
            fa.fill_buf().map_err(|e| Error::io("reading", a, e))?,
            fb.fill_buf().map_err(|e| Error::io("reading", b, e))?,
        );
        let n = ca.len().min(cb.len());
        if n == 0 {
            return Ok(ca.is_empty() && cb.is_empty());
        }
        if ca[..n] != cb[..n] {
            return Ok(false);
        }
        fa.consume(n);
        fb.consume(n);
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).map_err(|e| Error::io("writing", path, e))
}

/// Removes folders left empty by a removed page, up to (not including) the
/// output root; a folder that still holds anything stays.
fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Refuses a symbolic link at `root/rel` or at any folder between them:
/// statusdex never reads back, writes or deletes through a link in its
/// output, so a link planted there cannot send a write or a delete outside.
fn no_link_below(root: &Path, rel: &str) -> Result<()> {
    let mut path = root.to_path_buf();
    for segment in rel.split('/') {
        path.push(segment);
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => return Err(link_error(&path)),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io("inspecting", &path, e)),
        }
    }
    Ok(())
}

fn is_link(path: &Path) -> Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(m) => Ok(m.file_type().is_symlink()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io("inspecting", path, e)),
    }
}

fn link_error(path: &Path) -> Error {
    Error::Output(format!(
        "`{}` is a symbolic link; statusdex never writes or deletes through links in its output, so remove the link and build again",
        path.display()
    ))
}

/// Output paths come from routes and static file names; refuse anything that
/// could escape the output folder.
fn check_relative(rel: &str) -> Result<()> {
    let bad = rel.is_empty()
        || rel.starts_with('/')
        || rel.contains('\\')
        || rel.contains(':')
        || rel
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..");
    if bad {
        return Err(Error::Output(format!(
            "refusing output path `{rel}`: it must stay inside the output folder"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_escape_the_output_are_refused() {
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "",
            "a\\b",
            "C:/x",
            "./a",
        ] {
            assert!(check_relative(bad).is_err(), "{bad}");
        }
        assert!(check_relative("en/sip/302/index.html").is_ok());
    }

    #[test]
    fn a_foreign_non_empty_folder_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("keep.txt"), "mine").unwrap();
        let err = Output::open(&target).unwrap_err();
        assert!(err.to_string().contains("refusing"), "{err}");
        assert_eq!(fs::read_to_string(target.join("keep.txt")).unwrap(), "mine");
        assert!(!dir.path().join(".public.statusdex-staging").exists());
    }

    #[test]
    fn rebuild_writes_only_changes_and_removes_only_its_own_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let set = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();

        let out = Output::open(&target).unwrap();
        out.write("a/index.html", b"A").unwrap();
        out.write("b/index.html", b"B").unwrap();
        out.commit(&set(&["a/index.html", "b/index.html"])).unwrap();
        fs::write(target.join("CNAME"), "example.org").unwrap();

        let out = Output::open(&target).unwrap();
        assert_eq!(
            out.write("a/index.html", b"A").unwrap(),
            WriteOutcome::Unchanged
        );
        assert_eq!(
            out.write("c/index.html", b"C").unwrap(),
            WriteOutcome::Written
        );
        let summary = out.commit(&set(&["a/index.html", "c/index.html"])).unwrap();

        assert_eq!(summary.removed, 1);
        assert!(!target.join("b").exists());
        assert_eq!(
            fs::read_to_string(target.join("c/index.html")).unwrap(),
            "C"
        );
        assert_eq!(
            fs::read_to_string(target.join("CNAME")).unwrap(),
            "example.org"
        );
        assert!(!dir.path().join(".out.statusdex-staging").exists());
    }

    /// A build into `out` with the given files, committed.
    fn built(target: &Path, files: &[(&str, &str)]) {
        let out = Output::open(target).unwrap();
        for (rel, text) in files {
            out.write(rel, text.as_bytes()).unwrap();
        }
        out.commit(&files.iter().map(|(r, _)| r.to_string()).collect())
            .unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_in_the_output_is_refused_and_nothing_outside_changes() {
        let dir = tempfile::tempdir().unwrap();
        let (target, foreign) = (dir.path().join("out"), dir.path().join("mine"));
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("index.html"), "mine").unwrap();
        built(&target, &[("a/index.html", "A"), ("b/index.html", "B")]);

        // A generated folder replaced by a link to a folder of the user's.
        fs::remove_dir_all(target.join("b")).unwrap();
        std::os::unix::fs::symlink(&foreign, target.join("b")).unwrap();
        for files in [
            &[("a/index.html", "A2"), ("b/index.html", "B2")][..],
            &[("a/index.html", "A")][..],
        ] {
            let err = (|| {
                let out = Output::open(&target)?;
                for (rel, text) in files {
                    out.write(rel, text.as_bytes())?;
                }
                out.commit(&files.iter().map(|(r, _)| r.to_string()).collect())
            })()
            .unwrap_err();
            assert!(err.to_string().contains("symbolic link"), "{err}");
            assert!(err.to_string().contains("out/b"), "{err}");
            assert_eq!(
                fs::read_to_string(foreign.join("index.html")).unwrap(),
                "mine"
            );
            assert_eq!(
                fs::read_to_string(target.join("a/index.html")).unwrap(),
                "A"
            );
        }

        // The output folder itself a link.
        let link = dir.path().join("linked");
        std::os::unix::fs::symlink(&foreign, &link).unwrap();
        assert!(
            Output::open(&link)
                .unwrap_err()
                .to_string()
                .contains("symbolic link")
        );
        assert_eq!(fs::read_dir(&foreign).unwrap().count(), 1);
    }

    #[test]
    fn a_foreign_file_where_a_new_page_goes_is_kept_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        built(&target, &[("a/index.html", "A")]);
        fs::create_dir(target.join("b")).unwrap();
        fs::write(target.join("b/index.html"), "mine").unwrap();
        let out = Output::open(&target).unwrap();
        out.write("a/index.html", b"A2").unwrap();
        out.write("b/index.html", b"B").unwrap();
        let err = out
            .commit(&BTreeSet::from([
                "a/index.html".into(),
                "b/index.html".into(),
            ]))
            .unwrap_err();
        assert!(err.to_string().contains("out/b/index.html"), "{err}");
        assert_eq!(
            fs::read_to_string(target.join("b/index.html")).unwrap(),
            "mine"
        );
        assert_eq!(
            fs::read_to_string(target.join("a/index.html")).unwrap(),
            "A"
        );
    }

    #[test]
    fn an_uncommitted_build_leaves_the_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let out = Output::open(&target).unwrap();
        out.write("a/index.html", b"A").unwrap();
        out.commit(&BTreeSet::from(["a/index.html".to_string()]))
            .unwrap();

        let out = Output::open(&target).unwrap();
        out.write("a/index.html", b"changed").unwrap();
        drop(out);
        assert_eq!(
            fs::read_to_string(target.join("a/index.html")).unwrap(),
            "A"
        );
        assert!(!dir.path().join(".out.statusdex-staging").exists());
    }
}
