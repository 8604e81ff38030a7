//! Writing the output folder so that it is never half-written and a rebuild
//! touches only what changed.
//!
//! A manifest in the output lists every file the last build wrote, with its
//! content hash, the fingerprint of its inputs, and its size and modification
//! time. A rebuild asks [`Output::plan`] before rendering: an output whose
//! inputs are unchanged and whose file on disk still has the recorded size and
//! time is kept without rendering; an output that is rendered is staged only if
//! its bytes differ from the recorded hash. Old output is never read back.
//!
//! Changed files are staged in a sibling folder on the same file system. The
//! commit then writes a commit marker into the staging folder and rolls
//! forward: renames every staged file into place (each rename is atomic, so
//! every file is either its old or its new version), removes files the new
//! manifest no longer lists, and renames the new manifest into place. If the
//! process dies at any point after the marker, the next build finds it and
//! finishes the same steps; before the marker, the staging folder is simply
//! discarded and the output is as it was.
//!
//! statusdex deletes only files its manifest lists, refuses to write into a
//! non-empty folder without one, and never reads, writes or deletes through a
//! symbolic link inside the output.

use crate::error::{Error, Result};
use crate::fingerprint::hash_bytes;
use std::collections::HashSet;
use std::fs;
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::UNIX_EPOCH;
use xxhash_rust::xxh3::Xxh3;

/// Lists every file the last build wrote; see the module documentation.
pub const MANIFEST: &str = ".statusdex-manifest";
const MANIFEST_HEADER: &str = "statusdex-manifest 2";
/// Marks a staging folder as ours, so a leftover one may be removed.
const STAGING_MARKER: &str = ".statusdex-staging";
/// Marks a staging folder whose commit has begun and must be finished.
const COMMIT_MARKER: &str = ".statusdex-commit";

/// Names statusdex keeps for itself at the top of the output.
pub fn is_reserved_name(rel: &str) -> bool {
    [MANIFEST, STAGING_MARKER, COMMIT_MARKER].contains(&rel)
}

/// What the manifest records of one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Hash of the file's bytes.
    pub content: u64,
    /// Fingerprint of the inputs it was rendered from.
    pub inputs: u64,
    pub size: u64,
    /// Modification time, in nanoseconds since the Unix epoch.
    pub mtime: u64,
}

/// Whether an output must be rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Same inputs, and the file on disk is as the last build left it.
    Keep(Entry),
    Render,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Not rendered: its inputs did not change.
    Kept,
    /// Rendered to the bytes the output already holds.
    Unchanged,
    /// Staged, to replace or add a file.
    Written,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommitSummary {
    pub removed: usize,
}

/// Stops a commit after a number of steps, as a crash would, so tests can
/// prove that every interruption point is repaired by the next build.
#[derive(Debug, Clone, Copy, Default)]
pub struct CrashAfter(pub Option<usize>);

impl CrashAfter {
    fn step(&mut self) -> Result<()> {
        match &mut self.0 {
            Some(0) => Err(Error::Output(
                "build interrupted (a crash injected for testing)".into(),
            )),
            Some(n) => {
                *n -= 1;
                Ok(())
            }
            None => Ok(()),
        }
    }
}

pub struct Output {
    target: PathBuf,
    staging: PathBuf,
    /// The target did not exist: the staging folder becomes it in one rename.
    fresh: bool,
    /// The previous build's entries, by route hash, sorted.
    old: Vec<(u64, Entry)>,
    old_manifest_hash: Option<u64>,
    /// Which of `old` this build produced again.
    matched: Vec<bool>,
    /// Reused for each manifest line.
    line: String,
    manifest: Option<BufWriter<fs::File>>,
    manifest_hash: Xxh3,
    staged: AtomicUsize,
    /// A commit marker has been written: the staging folder must survive.
    committing: bool,
    /// The previous build was interrupted and this one finished its commit.
    pub repaired: bool,
}

impl Output {
    /// Prepares to write into `target`, refusing a folder statusdex did not
    /// make, and finishing a commit an interrupted build left.
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
        let staging = parent.join(format!(".{name}.statusdex-staging"));
        if is_link(&staging)? {
            return Err(link_error(&staging));
        }
        let mut repaired = false;
        if staging.exists() {
            if !staging.join(STAGING_MARKER).is_file() {
                return Err(Error::Output(format!(
                    "`{}` is in the way and was not made by statusdex; move it away",
                    staging.display()
                )));
            }
            if staging.join(COMMIT_MARKER).is_file() {
                // The last build died while committing: finish its commit.
                roll_forward(target, &staging, Stale::Unknown, &mut CrashAfter::default())?;
                repaired = true;
            } else {
                // A build that died before committing: its staging is ours
                // by the marker, and the output never saw any of it.
                fs::remove_dir_all(&staging).map_err(|e| Error::io("removing", &staging, e))?;
            }
        }
        let mut fresh = false;
        let mut old = Vec::new();
        let mut old_manifest_hash = None;
        if target.exists() {
            if !target.is_dir() {
                return Err(Error::Output(format!(
                    "output `{}` exists and is not a folder",
                    target.display()
                )));
            }
            // A fresh build renamed into place just before it died.
            let leftover = target.join(STAGING_MARKER);
            if fs::symlink_metadata(&leftover).is_ok_and(|m| m.is_file()) {
                fs::remove_file(&leftover).map_err(|e| Error::io("removing", &leftover, e))?;
            }
            no_link_below(target, MANIFEST)?;
            match fs::File::open(target.join(MANIFEST)) {
                Ok(file) => {
                    let (entries, hash) = read_manifest(file, &target.join(MANIFEST))?;
                    old = entries;
                    old_manifest_hash = Some(hash);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let mut entries =
                        fs::read_dir(target).map_err(|e| Error::io("reading", target, e))?;
                    if entries.next().is_some() {
                        return Err(Error::Output(format!(
                            "refusing to write into `{}`: it is not empty and has no {MANIFEST}, so statusdex did not create it; choose a new or empty folder",
                            target.display()
                        )));
                    }
                }
                Err(e) => return Err(Error::io("reading", target.join(MANIFEST), e)),
            }
        } else {
            fresh = true;
        }
        fs::create_dir_all(&parent).map_err(|e| Error::io("creating", &parent, e))?;
        fs::create_dir(&staging).map_err(|e| Error::io("creating", &staging, e))?;
        write_file(&staging.join(STAGING_MARKER), b"")?;
        let manifest_path = staging.join(MANIFEST);
        let mut manifest = BufWriter::new(
            fs::File::create(&manifest_path)
                .map_err(|e| Error::io("creating", &manifest_path, e))?,
        );
        let mut manifest_hash = Xxh3::new();
        let header = format!("{MANIFEST_HEADER}\n");
        manifest
            .write_all(header.as_bytes())
            .map_err(|e| Error::io("writing", &manifest_path, e))?;
        manifest_hash.update(header.as_bytes());
        Ok(Output {
            target: target.to_path_buf(),
            staging,
            fresh,
            matched: vec![false; old.len()],
            line: String::new(),
            old,
            old_manifest_hash,
            manifest: Some(manifest),
            manifest_hash,
            staged: AtomicUsize::new(0),
            committing: false,
            repaired,
        })
    }

    fn lookup(&self, rel: &str) -> Option<(usize, Entry)> {
        let key = hash_bytes(rel.as_bytes());
        self.old
            .binary_search_by_key(&key, |(k, _)| *k)
            .ok()
            .map(|i| (i, self.old[i].1))
    }

    /// Whether `rel`, with inputs fingerprinted `inputs`, must be rendered.
    /// Safe to call from many threads at once.
    pub fn plan(&self, rel: &str, inputs: u64) -> Result<Plan> {
        if self.fresh {
            return Ok(Plan::Render);
        }
        match self.lookup(rel) {
            Some((_, old)) if old.inputs == inputs => {
                let on_disk = stat(&self.target.join(rel))?;
                Ok(if on_disk == Some((old.size, old.mtime)) {
                    Plan::Keep(old)
                } else {
                    // Deleted or edited by hand since: repair it.
                    Plan::Render
                })
            }
            _ => Ok(Plan::Render),
        }
    }

    /// Stages `bytes` for `rel` unless the output already holds exactly them.
    /// Safe to call from many threads at once.
    pub fn put(&self, rel: &str, bytes: &[u8], inputs: u64) -> Result<(Entry, Outcome)> {
        check_relative(rel)?;
        let content = hash_bytes(bytes);
        if let Some(kept) = self.still_holds(rel, content, inputs)? {
            return Ok((kept, Outcome::Unchanged));
        }
        let path = self.staging.join(rel);
        create_parent(&path)?;
        fs::write(&path, bytes).map_err(|e| Error::io("writing", &path, e))?;
        self.staged_entry(&path, content, inputs)
    }

    /// Streams a large file (a sitemap) into staging through `fill`, so it is
    /// never held in memory, then drops it again if the output already holds
    /// the same bytes.
    pub fn put_with(
        &self,
        rel: &str,
        inputs: u64,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(Entry, Outcome)> {
        check_relative(rel)?;
        let path = self.staging.join(rel);
        create_parent(&path)?;
        let file = fs::File::create(&path).map_err(|e| Error::io("creating", &path, e))?;
        let mut writer = HashingWriter {
            inner: BufWriter::new(file),
            hash: Xxh3::new(),
        };
        fill(&mut writer)
            .and_then(|()| writer.inner.flush())
            .map_err(|e| Error::io("writing", &path, e))?;
        let content = writer.hash.digest();
        drop(writer);
        if let Some(kept) = self.still_holds(rel, content, inputs)? {
            fs::remove_file(&path).map_err(|e| Error::io("removing", &path, e))?;
            return Ok((kept, Outcome::Unchanged));
        }
        self.staged_entry(&path, content, inputs)
    }

    /// The entry to keep when the output already holds `content` at `rel`, as
    /// the last build left it; an error when something statusdex did not
    /// write is in the way.
    fn still_holds(&self, rel: &str, content: u64, inputs: u64) -> Result<Option<Entry>> {
        if self.fresh {
            return Ok(None);
        }
        no_link_below(&self.target, rel)?;
        let dest = self.target.join(rel);
        let on_disk = stat(&dest)?;
        match (self.lookup(rel), on_disk) {
            (Some((_, old)), Some(disk))
                if old.content == content && disk == (old.size, old.mtime) =>
            {
                Ok(Some(Entry { inputs, ..old }))
            }
            (None, Some(_)) => Err(Error::Output(format!(
                "`{}` is in the way: statusdex did not write it and will not overwrite it; move it away",
                dest.display()
            ))),
            _ => Ok(None),
        }
    }

    fn staged_entry(&self, path: &Path, content: u64, inputs: u64) -> Result<(Entry, Outcome)> {
        let (size, mtime) = stat(path)?.ok_or_else(|| {
            Error::io(
                "reading back",
                path,
                std::io::Error::new(std::io::ErrorKind::NotFound, "staged file vanished"),
            )
        })?;
        self.staged.fetch_add(1, Ordering::Relaxed);
        let entry = Entry {
            content,
            inputs,
            size,
            mtime,
        };
        Ok((entry, Outcome::Written))
    }

    /// Adds an output to the new manifest. Called once per output, in the
    /// order of the site's outputs, from one thread.
    pub fn record(&mut self, rel: &str, entry: Entry) -> Result<()> {
        if let Some((i, _)) = self.lookup(rel) {
            self.matched[i] = true;
        }
        use std::fmt::Write as _;
        let line = &mut self.line;
        line.clear();
        writeln!(
            line,
            "{:016x} {:016x} {} {} {rel}",
            entry.content, entry.inputs, entry.size, entry.mtime
        )
        .expect("writing to a String cannot fail");
        self.manifest_hash.update(line.as_bytes());
        let manifest = self.manifest.as_mut().expect("open until commit");
        manifest
            .write_all(line.as_bytes())
            .map_err(|e| Error::io("writing", self.staging.join(MANIFEST), e))
    }

    /// Makes the staged build the output; see the module documentation.
    pub fn commit(mut self, mut crash: CrashAfter) -> Result<CommitSummary> {
        let manifest_path = self.staging.join(MANIFEST);
        self.manifest
            .take()
            .expect("open until commit")
            .into_inner()
            .map_err(|e| Error::io("writing", &manifest_path, e.into_error()))?;
        if self.fresh {
            // A new output: the staging folder becomes it in one rename.
            crash.step()?;
            fs::rename(&self.staging, &self.target)
                .map_err(|e| Error::io("renaming staging folder to", &self.target, e))?;
            self.committing = true;
            let marker = self.target.join(STAGING_MARKER);
            fs::remove_file(&marker).map_err(|e| Error::io("removing", &marker, e))?;
            return Ok(CommitSummary::default());
        }
        // Everything is checked before anything moves, so a refused commit
        // leaves the output as it was.
        // Every old entry this build recorded again is not stale; only when
        // some are left is the old manifest read again for their paths.
        let mut stale = 0;
        if self.matched.contains(&false) {
            self.for_each_stale(|rel| {
                no_link_below(&self.target, rel)?;
                stale += 1;
                Ok(())
            })?;
        }
        let unchanged_manifest = self.old_manifest_hash == Some(self.manifest_hash.digest());
        if stale == 0 && self.staged.load(Ordering::Relaxed) == 0 && unchanged_manifest {
            // Nothing to do: the output is not touched at all.
            return Ok(CommitSummary::default());
        }
        write_file(&self.staging.join(COMMIT_MARKER), b"")?;
        self.committing = true;
        let known = if stale == 0 {
            Stale::None
        } else {
            Stale::Unknown
        };
        let removed = roll_forward(&self.target, &self.staging, known, &mut crash)?;
        Ok(CommitSummary { removed })
    }

    /// Calls `f` with every path of the previous build this one did not
    /// produce, streaming the old manifest rather than holding its paths.
    fn for_each_stale(&self, mut f: impl FnMut(&str) -> Result<()>) -> Result<()> {
        let path = self.target.join(MANIFEST);
        let file = match fs::File::open(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io("reading", &path, e)),
        };
        for_each_manifest_line(file, &path, None, |rel, _| match self.lookup(rel) {
            Some((i, _)) if self.matched[i] => Ok(()),
            _ if check_relative(rel).is_err() => Ok(()),
            _ => f(rel),
        })
    }
}

impl Drop for Output {
    /// A build that did not reach its commit leaves the output as it was and
    /// removes only its own staging folder; one that began committing leaves
    /// the staging folder for the next build to finish.
    fn drop(&mut self) {
        if !self.committing && self.staging.join(STAGING_MARKER).is_file() {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// What the committing build knows of stale files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stale {
    /// The new manifest lists every file the old one does.
    None,
    /// Compare the manifests (always so when finishing another build's commit).
    Unknown,
}

/// Finishes a commit: every step can be repeated, so a build that dies
/// anywhere in here is finished by the next one. Returns how many stale files
/// were removed.
fn roll_forward(
    target: &Path,
    staging: &Path,
    stale: Stale,
    crash: &mut CrashAfter,
) -> Result<usize> {
    if !target.exists() {
        crash.step()?;
        fs::rename(staging, target)
            .map_err(|e| Error::io("renaming staging folder to", target, e))?;
        for name in [COMMIT_MARKER, STAGING_MARKER] {
            let p = target.join(name);
            fs::remove_file(&p).map_err(|e| Error::io("removing", &p, e))?;
        }
        return Ok(0);
    }
    // 1. Staged files into place, streaming the staging folder.
    for entry in walkdir::WalkDir::new(staging).min_depth(1) {
        let entry = entry.map_err(|e| Error::io("reading", staging, e.into()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(staging)
            .expect("walkdir stays below its root")
            .to_string_lossy()
            .replace('\\', "/");
        if is_reserved_name(&rel) {
            continue;
        }
        check_relative(&rel)?;
        no_link_below(target, &rel)?;
        let dest = target.join(&rel);
        create_parent(&dest)?;
        crash.step()?;
        fs::rename(entry.path(), &dest).map_err(|e| Error::io("moving into place", &dest, e))?;
    }
    // 2. Stale files out, then 3. the new manifest in. A missing new
    // manifest means an earlier attempt already got past both.
    let mut removed = 0;
    let new_manifest = staging.join(MANIFEST);
    if new_manifest.is_file() && stale == Stale::None {
        no_link_below(target, MANIFEST)?;
        let old_manifest = target.join(MANIFEST);
        crash.step()?;
        fs::rename(&new_manifest, &old_manifest)
            .map_err(|e| Error::io("moving into place", &old_manifest, e))?;
    } else if new_manifest.is_file() {
        let mut keep = HashSet::new();
        let file =
            fs::File::open(&new_manifest).map_err(|e| Error::io("reading", &new_manifest, e))?;
        for_each_manifest_line(file, &new_manifest, None, |rel, _| {
            keep.insert(hash_bytes(rel.as_bytes()));
            Ok(())
        })?;
        let old_manifest = target.join(MANIFEST);
        no_link_below(target, MANIFEST)?;
        if let Ok(file) = fs::File::open(&old_manifest) {
            for_each_manifest_line(file, &old_manifest, None, |rel, _| {
                if keep.contains(&hash_bytes(rel.as_bytes())) || check_relative(rel).is_err() {
                    return Ok(());
                }
                no_link_below(target, rel)?;
                let path = target.join(rel);
                crash.step()?;
                match fs::remove_file(&path) {
                    Ok(()) => removed += 1,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(Error::io("removing", path, e)),
                }
                remove_empty_parents(target, &path);
                Ok(())
            })?;
        }
        crash.step()?;
        fs::rename(&new_manifest, &old_manifest)
            .map_err(|e| Error::io("moving into place", &old_manifest, e))?;
    }
    // 4. The staging folder, now only empty folders and markers.
    crash.step()?;
    fs::remove_dir_all(staging).map_err(|e| Error::io("removing", staging, e))?;
    Ok(removed)
}

/// Reads a manifest into (route hash, entry) pairs sorted by hash, with the
/// hash of its text. A manifest of an older statusdex (paths only) yields
/// entries that match nothing on disk, so every file is rendered again.
fn read_manifest(file: fs::File, path: &Path) -> Result<(Vec<(u64, Entry)>, u64)> {
    let mut entries = Vec::new();
    let mut hash = Xxh3::new();
    for_each_manifest_line(file, path, Some(&mut hash), |rel, entry| {
        entries.push((hash_bytes(rel.as_bytes()), entry));
        Ok(())
    })?;
    entries.sort_unstable_by_key(|(k, _)| *k);
    entries.dedup_by_key(|(k, _)| *k);
    Ok((entries, hash.digest()))
}

/// Calls `f` with each (path, entry) of a manifest, streaming.
/// `text_hash`, when given, is fed the manifest's text as it is read.
fn for_each_manifest_line(
    file: fs::File,
    path: &Path,
    mut text_hash: Option<&mut Xxh3>,
    mut f: impl FnMut(&str, Entry) -> Result<()>,
) -> Result<()> {
    let mut reader = std::io::BufReader::new(file);
    let mut line = String::new();
    let mut first = true;
    let mut legacy = false;
    loop {
        line.clear();
        if reader
            .read_line(&mut line)
            .map_err(|e| Error::io("reading", path, e))?
            == 0
        {
            return Ok(());
        }
        if let Some(h) = text_hash.as_deref_mut() {
            h.update(line.as_bytes());
        }
        let text = line.trim_end_matches('\n');
        if std::mem::take(&mut first) {
            if text == MANIFEST_HEADER {
                continue;
            }
            legacy = true;
        }
        if text.is_empty() {
            continue;
        }
        if legacy {
            let never = Entry {
                content: 0,
                inputs: 0,
                size: u64::MAX,
                mtime: u64::MAX,
            };
            f(text, never)?;
            continue;
        }
        let mut parts = text.splitn(5, ' ');
        let mut next = || parts.next().unwrap_or("");
        let (content, inputs, size, mtime, rel) = (next(), next(), next(), next(), next());
        let parsed = (|| {
            Some(Entry {
                content: u64::from_str_radix(content, 16).ok()?,
                inputs: u64::from_str_radix(inputs, 16).ok()?,
                size: size.parse().ok()?,
                mtime: mtime.parse().ok()?,
            })
        })();
        match parsed {
            Some(entry) if !rel.is_empty() => f(rel, entry)?,
            _ => {
                return Err(Error::Output(format!(
                    "{} is damaged (line `{text}`); delete the output folder and build again",
                    path.display()
                )));
            }
        }
    }
}

struct HashingWriter<W> {
    inner: W,
    hash: Xxh3,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Size and modification time of a file, `None` when it does not exist; a
/// symbolic link is an error, never followed.
fn stat(path: &Path) -> Result<Option<(u64, u64)>> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(link_error(path)),
        Ok(m) => {
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as u64);
            Ok(Some((m.len(), mtime)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("inspecting", path, e)),
    }
}

fn create_parent(path: &Path) -> Result<()> {
    match path.parent() {
        Some(dir) => fs::create_dir_all(dir).map_err(|e| Error::io("creating", dir, e)),
        None => Ok(()),
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
        || rel.chars().any(char::is_control)
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

    /// One build of `files` into `target`, committed.
    fn build(target: &Path, files: &[(&str, &str)]) -> Result<CommitSummary> {
        let mut out = Output::open(target)?;
        for (rel, text) in files {
            let (entry, _) = out.put(rel, text.as_bytes(), hash_bytes(text.as_bytes()))?;
            out.record(rel, entry)?;
        }
        out.commit(CrashAfter::default())
    }

    fn read(path: PathBuf) -> String {
        fs::read_to_string(path).unwrap()
    }

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
            "a\nb",
        ] {
            assert!(check_relative(bad).is_err(), "{bad:?}");
        }
        assert!(check_relative("en/sip/302/index.html").is_ok());
    }

    #[test]
    fn a_foreign_non_empty_folder_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("keep.txt"), "mine").unwrap();
        let err = Output::open(&target).err().unwrap();
        assert!(err.to_string().contains("refusing"), "{err}");
        assert_eq!(read(target.join("keep.txt")), "mine");
        assert!(!dir.path().join(".public.statusdex-staging").exists());
    }

    #[test]
    fn rebuild_writes_only_changes_and_removes_only_its_own_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        build(&target, &[("a/index.html", "A"), ("b/index.html", "B")]).unwrap();
        fs::write(target.join("CNAME"), "example.org").unwrap();

        let mut out = Output::open(&target).unwrap();
        let (a, outcome) = out.put("a/index.html", b"A", 1).unwrap();
        assert_eq!(outcome, Outcome::Unchanged);
        out.record("a/index.html", a).unwrap();
        let (c, outcome) = out.put("c/index.html", b"C", 1).unwrap();
        assert_eq!(outcome, Outcome::Written);
        out.record("c/index.html", c).unwrap();
        let summary = out.commit(CrashAfter::default()).unwrap();

        assert_eq!(summary.removed, 1);
        assert!(!target.join("b").exists());
        assert_eq!(read(target.join("c/index.html")), "C");
        assert_eq!(read(target.join("CNAME")), "example.org");
        assert!(!dir.path().join(".out.statusdex-staging").exists());
    }

    #[test]
    fn an_output_with_unchanged_inputs_and_file_is_kept_and_a_touched_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        build(&target, &[("a/index.html", "A"), ("b/index.html", "B")]).unwrap();
        let out = Output::open(&target).unwrap();
        let fp = hash_bytes(b"A");
        assert!(matches!(
            out.plan("a/index.html", fp).unwrap(),
            Plan::Keep(_)
        ));
        assert_eq!(out.plan("a/index.html", fp + 1).unwrap(), Plan::Render);
        assert_eq!(out.plan("new/index.html", fp).unwrap(), Plan::Render);
        fs::write(target.join("b/index.html"), "edited").unwrap();
        assert_eq!(
            out.plan("b/index.html", hash_bytes(b"B")).unwrap(),
            Plan::Render
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_in_the_output_is_refused_and_nothing_outside_changes() {
        let dir = tempfile::tempdir().unwrap();
        let (target, foreign) = (dir.path().join("out"), dir.path().join("mine"));
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("index.html"), "mine").unwrap();
        build(&target, &[("a/index.html", "A"), ("b/index.html", "B")]).unwrap();

        // A generated folder replaced by a link to a folder of the user's:
        // refused whether the next build writes there or deletes there.
        fs::remove_dir_all(target.join("b")).unwrap();
        std::os::unix::fs::symlink(&foreign, target.join("b")).unwrap();
        for files in [
            &[("a/index.html", "A2"), ("b/index.html", "B2")][..],
            &[("a/index.html", "A2")][..],
        ] {
            let err = build(&target, files).unwrap_err();
            assert!(err.to_string().contains("symbolic link"), "{err}");
            assert!(err.to_string().contains("out/b"), "{err}");
            assert_eq!(read(foreign.join("index.html")), "mine");
            assert_eq!(read(target.join("a/index.html")), "A");
        }

        // The output folder itself a link.
        let link = dir.path().join("linked");
        std::os::unix::fs::symlink(&foreign, &link).unwrap();
        let err = Output::open(&link).err().unwrap();
        assert!(err.to_string().contains("symbolic link"));
        assert_eq!(fs::read_dir(&foreign).unwrap().count(), 1);
    }

    #[test]
    fn a_foreign_file_where_a_new_page_goes_is_kept_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        build(&target, &[("a/index.html", "A")]).unwrap();
        fs::create_dir(target.join("b")).unwrap();
        fs::write(target.join("b/index.html"), "mine").unwrap();
        let err = build(&target, &[("a/index.html", "A2"), ("b/index.html", "B")]).unwrap_err();
        assert!(err.to_string().contains("out/b/index.html"), "{err}");
        assert_eq!(read(target.join("b/index.html")), "mine");
        assert_eq!(read(target.join("a/index.html")), "A");
    }

    #[test]
    fn an_uncommitted_build_leaves_the_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        build(&target, &[("a/index.html", "A")]).unwrap();
        let out = Output::open(&target).unwrap();
        out.put("a/index.html", b"changed", 0).unwrap();
        drop(out);
        assert_eq!(read(target.join("a/index.html")), "A");
        assert!(!dir.path().join(".out.statusdex-staging").exists());
    }

    #[test]
    fn a_manifest_of_an_older_statusdex_means_render_everything() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        fs::create_dir_all(target.join("a")).unwrap();
        fs::write(target.join("a/index.html"), "A").unwrap();
        fs::write(target.join(MANIFEST), "a/index.html\n").unwrap();
        let out = Output::open(&target).unwrap();
        assert_eq!(out.plan("a/index.html", 0).unwrap(), Plan::Render);
        drop(out);
        build(&target, &[("a/index.html", "A")]).unwrap();
        assert!(read(target.join(MANIFEST)).starts_with(MANIFEST_HEADER));
    }
}
