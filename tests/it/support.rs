//! A driver for integration tests: copies a site into a temporary folder, builds
//! it through the library or the binary, and reads pages back.

use scraper::{ElementRef, Html, Selector};
use statusdex::{BuildOptions, BuildReport};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct SiteTest {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl SiteTest {
    /// The repository's own site: its content, templates and static files.
    pub fn real() -> Self {
        Self::with_content(&repo().join("content"))
    }

    /// A fixture site under `tests/fixtures/<name>`, rendered with the
    /// repository's templates and static files.
    pub fn fixture(name: &str) -> Self {
        Self::with_content(&repo().join("tests/fixtures").join(name).join("content"))
    }

    fn with_content(content: &Path) -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("site");
        copy_tree(content, &root.join("content"));
        copy_tree(&repo().join("templates"), &root.join("templates"));
        copy_tree(&repo().join("static"), &root.join("static"));
        SiteTest { _dir: dir, root }
    }

    pub fn out(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Builds through the library into `public/`, panicking on failure.
    pub fn build(&self) -> BuildReport {
        self.build_into(&self.out())
    }

    pub fn build_into(&self, output: &Path) -> BuildReport {
        let options = BuildOptions::new(&self.root, output);
        match statusdex::build(&options, &|_, _| {}) {
            Ok(report) => report,
            Err(statusdex::Error::Content(d)) => {
                let all: Vec<String> = d.iter().map(ToString::to_string).collect();
                panic!("content errors:\n{}", all.join("\n"))
            }
            Err(e) => panic!("build failed: {e}"),
        }
    }

    /// Runs the binary with `args` in the site root.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_statusdex"))
            .args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .output()
            .expect("run statusdex")
    }

    /// Writes a file of the site, making its folders as needed.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("make folders");
        std::fs::write(path, text).expect("write file");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).expect("read file")
    }

    /// A page of the output, by its folder (`en/sip/302/`) or file name.
    pub fn page(&self, rel: &str) -> Html {
        Html::parse_document(&self.page_source(rel))
    }

    pub fn page_source(&self, rel: &str) -> String {
        let rel = if rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        let path = self.out().join(&rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let dest = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// Every file under `dir`, by relative path with `/`, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("prefix");
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// A report folded into one line: miette wraps messages at the terminal
/// width and draws a gutter (`│`) on continued lines.
pub fn flat(err: &str) -> String {
    err.replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).expect("selector");
    html.select(&selector).collect()
}

/// The visible text of an element, whitespace folded.
pub fn text(el: ElementRef<'_>) -> String {
    el.text()
        .collect::<Vec<_>>()
        .join("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text of every `h2` and `h3` of the main content, in document order.
pub fn headings(html: &Html) -> Vec<String> {
    select(html, "main h1, main h2, main h3")
        .into_iter()
        .map(text)
        .collect()
}

pub fn texts(html: &Html, css: &str) -> Vec<String> {
    select(html, css).into_iter().map(text).collect()
}

/// A manifest's lines without the modification-time column, which differs
/// between any two builds.
pub fn manifest_without_times(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|line| {
            let mut f: Vec<&str> = line.splitn(5, ' ').collect();
            if f.len() == 5 {
                f.remove(3);
            }
            f.join(" ")
        })
        .collect()
}

/// The 1-based number of the first line of `text` that starts with `start`.
pub fn line_starting(text: &str, start: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(start))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no line starts with `{start}`"))
}
