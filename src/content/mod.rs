//! Loading only: walk `content/`, read every file, parse it into its serde shape.
//! Nothing here judges whether the content makes sense; that is `validate`'s job.
//! Every problem becomes a diagnostic, and loading goes on past it.

pub mod family;
pub mod record;
pub mod schema;
pub mod site;
pub mod skeleton;
pub mod stamp;
pub mod strings;
pub mod yaml;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use family::{ClassDef, DiffKind, FamilyFile, PairNote};
pub use record::{ChangeKind, CodeRecord, NextStep, Prose, Q850Direction, Retry};
pub use site::SiteFile;
pub use strings::{FamilyStrings, StringTable};

/// A file's text and its path relative to the site root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: Arc<str>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: &str) -> Self {
        SourceFile {
            path: path.into(),
            text: Arc::from(text),
        }
    }
}

/// A parsed file, kept with its source and tree so later stages can point
/// at any key in it (`yaml::Node::locate`).
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub file: SourceFile,
    pub value: T,
    pub tree: Arc<yaml::Node>,
}

/// Everything under `content/`, parsed but not yet checked for sense.
#[derive(Debug, Default)]
pub struct RawContent {
    pub site: Option<Loaded<SiteFile>>,
    /// String tables by locale id (the file stem), sorted.
    pub strings: BTreeMap<String, Loaded<StringTable>>,
    /// Families by folder name, sorted.
    pub families: BTreeMap<String, RawFamily>,
    /// Files that were found but could not be read into their shape; their
    /// problems are reported, and nothing may be reported again as missing.
    pub failed: BTreeSet<PathBuf>,
}

impl RawContent {
    pub fn failed(&self, path: impl AsRef<Path>) -> bool {
        self.failed.contains(path.as_ref())
    }
}

#[derive(Debug, Default)]
pub struct RawFamily {
    pub family: Option<Loaded<FamilyFile>>,
    pub pairs: Option<Loaded<Vec<PairNote>>>,
    /// Records sorted by file name.
    pub records: Vec<Loaded<CodeRecord>>,
    /// Codes named by record files, including files that failed to parse, so
    /// one broken record does not make every reference to it an error too.
    pub codes_on_disk: BTreeSet<u16>,
}

/// What a file under `content/` is, judged by its place.
enum FileKind {
    Site,
    Strings(String),
    Family(String),
    Pairs(String),
    Record(String),
}

/// Parsed file, before it is sorted into `RawContent`.
enum Parsed {
    Site(Loaded<SiteFile>),
    Strings(String, Box<Loaded<StringTable>>),
    Family(String, Loaded<FamilyFile>),
    Pairs(String, Loaded<Vec<PairNote>>),
    Record(String, Box<Loaded<CodeRecord>>),
}

pub const CONTENT_DIR: &str = "content";

/// Reads and parses every file under `{root}/content`. I/O failures on the
/// folder itself are errors; problems in files are diagnostics.
pub fn load(root: &Path) -> Result<(RawContent, Diagnostics)> {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        return Err(Error::io(
            "reading content folder",
            &content_dir,
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
        ));
    }
    let mut diagnostics = Diagnostics::default();
    let mut raw = RawContent::default();
    let mut files = Vec::new();
    let (found, links) = crate::tree::files_and_links(&content_dir, "reading content in")?;
    for link in links {
        let rel = Path::new(CONTENT_DIR).join(link.strip_prefix(&content_dir).unwrap_or(&link));
        // Refused like a file that failed to load: what it stands for is
        // not reported again as missing.
        if let Some(FileKind::Record(family)) = classify(&rel)
            && let Some(code) = rel.file_stem().and_then(|s| s.to_str()?.parse().ok())
        {
            raw.families
                .entry(family)
                .or_default()
                .codes_on_disk
                .insert(code);
        }
        diagnostics.push(Diagnostic::error(&rel, crate::tree::LINK_REFUSED));
        raw.failed.insert(rel);
    }
    for file in found {
        if is_hidden(&file.path) {
            continue;
        }
        let rel = Path::new(CONTENT_DIR).join(&file.rel);
        // The generated JSON Schemas are for editors, a family's registry
        // copy for `new` and the tests; neither is part of the site.
        if file.rel.starts_with(&format!("{}/", schema::SCHEMA_DIR))
            || file.rel.ends_with(&format!("/{}", skeleton::REGISTRY_FILE))
        {
            continue;
        }
        match classify(&rel) {
            Some(FileKind::Record(family)) => {
                if let Some(code) = rel.file_stem().and_then(|s| s.to_str()?.parse().ok()) {
                    raw.families.entry(family.clone()).or_default().codes_on_disk.insert(code);
                }
                files.push((rel, FileKind::Record(family)));
            }
            Some(kind) => files.push((rel, kind)),
            None => diagnostics.push(
                Diagnostic::error(&rel, "unexpected file in content/").with_help(
                    "content/ holds site.yaml, i18n/{locale}.yaml and {family}/{family.yaml, pairs.yaml, <code>.yaml}",
                ),
            ),
        }
    }

    let parsed: Vec<(PathBuf, std::result::Result<Parsed, Vec<Diagnostic>>)> = files
        .into_par_iter()
        .map(|(rel, kind)| Ok((rel.clone(), parse_file(root, rel, kind)?)))
        .collect::<Result<_>>()?;

    for (rel, item) in parsed {
        match item {
            Err(ds) => {
                for d in ds {
                    diagnostics.push(d);
                }
                raw.failed.insert(rel);
            }
            Ok(Parsed::Site(s)) => raw.site = Some(s),
            Ok(Parsed::Strings(locale, t)) => {
                raw.strings.insert(locale, *t);
            }
            Ok(Parsed::Family(id, f)) => raw.families.entry(id).or_default().family = Some(f),
            Ok(Parsed::Pairs(id, p)) => raw.families.entry(id).or_default().pairs = Some(p),
            Ok(Parsed::Record(id, r)) => raw.families.entry(id).or_default().records.push(*r),
        }
    }
    Ok((raw, diagnostics))
}

/// Reads one file; an I/O error stops the run, a parse error is a diagnostic.
fn parse_file(
    root: &Path,
    rel: PathBuf,
    kind: FileKind,
) -> Result<std::result::Result<Parsed, Vec<Diagnostic>>> {
    let abs = root.join(&rel);
    let size = std::fs::metadata(&abs)
        .map_err(|e| Error::io("reading", &abs, e))?
        .len();
    if size > crate::limits::MAX_FILE_BYTES {
        return Ok(Err(vec![Diagnostic::error(
            &rel,
            format!(
                "the file is {size} bytes; content files are limited to {} bytes",
                crate::limits::MAX_FILE_BYTES
            ),
        )]));
    }
    let bytes = std::fs::read(&abs).map_err(|e| Error::io("reading", &abs, e))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        // A content problem, not a machine one: say where, as for any other.
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bad = e.as_bytes()[at];
            let shown = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).chars().count();
            let offset = shown
                .char_indices()
                .nth(valid)
                .map_or(shown.len(), |(i, _)| i);
            let file = SourceFile::new(rel, &shown);
            return Ok(Err(vec![
                Diagnostic::error(
                    &file.path,
                    format!("byte 0x{bad:02X} is not valid UTF-8; save the file as UTF-8"),
                )
                .at(&file.text, offset),
            ]));
        }
    };
    let file = SourceFile::new(rel, &text);
    fn loaded<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
        file: SourceFile,
    ) -> std::result::Result<Loaded<T>, Vec<Diagnostic>> {
        let (value, tree) = yaml::parse(&file)?;
        Ok(Loaded {
            file,
            value,
            tree: Arc::new(tree),
        })
    }
    Ok(match kind {
        FileKind::Site => loaded(file).map(Parsed::Site),
        FileKind::Strings(l) => loaded(file).map(|t| Parsed::Strings(l, Box::new(t))),
        FileKind::Family(f) => loaded(file).map(|t| Parsed::Family(f, t)),
        FileKind::Pairs(f) => loaded(file).map(|t| Parsed::Pairs(f, t)),
        FileKind::Record(f) => loaded(file).map(|t| Parsed::Record(f, Box::new(t))),
    })
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn classify(rel: &Path) -> Option<FileKind> {
    let parts: Vec<&str> = rel
        .strip_prefix(CONTENT_DIR)
        .ok()?
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<_>>()?;
    match parts.as_slice() {
        ["site.yaml"] => Some(FileKind::Site),
        ["i18n", file] => Some(FileKind::Strings(file.strip_suffix(".yaml")?.to_string())),
        [family, "family.yaml"] => Some(FileKind::Family(family.to_string())),
        [family, "pairs.yaml"] => Some(FileKind::Pairs(family.to_string())),
        [family, file] => {
            let stem = file.strip_suffix(".yaml")?;
            (!stem.is_empty() && stem.bytes().all(|b| b.is_ascii_digit()))
                .then(|| FileKind::Record(family.to_string()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_classified_by_their_place() {
        let kind = |p: &str| classify(Path::new(p));
        assert!(matches!(kind("content/site.yaml"), Some(FileKind::Site)));
        assert!(matches!(kind("content/i18n/ru.yaml"), Some(FileKind::Strings(l)) if l == "ru"));
        assert!(matches!(kind("content/sip/family.yaml"), Some(FileKind::Family(f)) if f == "sip"));
        assert!(matches!(
            kind("content/sip/pairs.yaml"),
            Some(FileKind::Pairs(_))
        ));
        assert!(matches!(kind("content/sip/302.yaml"), Some(FileKind::Record(f)) if f == "sip"));
        assert!(kind("content/sip/notes.yaml").is_none());
        assert!(kind("content/sip/302.yml").is_none());
        assert!(kind("content/a/b/302.yaml").is_none());
    }
}
