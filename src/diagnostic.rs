//! Problems found in content, kept as data so that `check` can report every one
//! of them at once and tests can inspect them. Printing happens in the CLI only.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How bad a problem is: errors stop the build, warnings are reported only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem in one file, pointing at a place in its text when one is known.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root (as the contributor knows it).
    pub file: PathBuf,
    pub message: String,
    pub help: Option<String>,
    /// The whole text of the file, shared with every diagnostic about it.
    source: Option<Arc<str>>,
    /// Byte offset of the offending place in `source`.
    offset: Option<usize>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            message: message.into(),
            help: None,
            source: None,
            offset: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Points the diagnostic at a byte offset of the file's text.
    pub fn at(mut self, source: &Arc<str>, offset: usize) -> Self {
        self.offset = Some(offset.min(source.len()));
        self.source = Some(Arc::clone(source));
        self
    }

    /// Points the diagnostic at a 1-based line and column (in characters).
    pub fn at_line_col(self, source: &Arc<str>, line: usize, column: usize) -> Self {
        let offset = offset_of(source, line, column);
        self.at(source, offset)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column of the offending place, if known.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let (source, offset) = (self.source.as_ref()?, self.offset?);
        let before = &source[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = source[line_start..offset].chars().count() + 1;
        Some((line, column))
    }

    /// 1-based column of the offending place, or 1.
    fn column(&self) -> usize {
        self.line_col().map_or(1, |(_, c)| c)
    }

    /// The text of the offending line, if known.
    pub fn source_line(&self) -> Option<&str> {
        let (source, offset) = (self.source.as_ref()?, self.offset?);
        let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = source[offset..]
            .find('\n')
            .map_or(source.len(), |i| offset + i);
        Some(source[start..end].trim_end_matches('\r'))
    }

    /// A miette report with the file name, position and a snippet of the line.
    pub fn to_report(&self) -> miette::Report {
        let severity = match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        };
        let mut diag = miette::MietteDiagnostic::new(self.message.clone()).with_severity(severity);
        if let Some(help) = &self.help {
            diag = diag.with_help(help.clone());
        }
        match (&self.source, self.offset) {
            (Some(source), Some(offset)) => {
                let len = source[offset..].chars().next().map_or(0, char::len_utf8);
                diag = diag.with_label(miette::LabeledSpan::at(offset..offset + len, "here"));
                let named = miette::NamedSource::new(display_path(&self.file), printable(source));
                miette::Report::new(diag).with_source_code(named)
            }
            _ => {
                let diag = diag.with_help(match &self.help {
                    Some(help) => format!("in {}: {help}", display_path(&self.file)),
                    None => format!("in {}", display_path(&self.file)),
                });
                miette::Report::new(diag)
            }
        }
    }
}

/// `file:line:col: severity: message`, one line (plus the offending line), for logs
/// and tests; the CLI prints [`Diagnostic::to_report`] instead.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", display_path(&self.file))?;
        if let Some((line, column)) = self.line_col() {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {severity}: {}", self.message)?;
        if let Some(line) = self.source_line() {
            write!(f, "\n    | {}", printable(&around(line, self.column())))?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n    = help: {help}")?;
        }
        Ok(())
    }
}

/// A long line cut to the part around `column` (1-based, in characters),
/// so a 100,000-character line is not printed whole.
fn around(line: &str, column: usize) -> String {
    const SIDE: usize = 60;
    let count = line.chars().count();
    if count <= 2 * SIDE + 20 {
        return line.to_string();
    }
    let from = column.saturating_sub(SIDE + 1);
    let to = (column + SIDE).min(count);
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.extend(line.chars().skip(from).take(to - from));
    if to < count {
        out.push('…');
    }
    out
}

/// The text with control characters (a content file may hold escape
/// sequences that would drive the terminal) replaced by a visible character
/// of the same length in bytes, so offsets into it still hold.
fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => out.push(c),
            c if c.is_control() => out.push(if c.len_utf8() == 1 { '?' } else { '¿' }),
            c => out.push(c),
        }
    }
    out
}

/// Paths are shown with forward slashes on every platform, so output and
/// snapshots do not depend on the machine.
pub fn display_path(path: &Path) -> String {
    use std::path::Component;
    let mut out = String::new();
    for c in path.components() {
        match c {
            // The root is the separator itself: `/etc`, not `//etc`.
            Component::RootDir => out.push('/'),
            other => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    out
}

fn offset_of(source: &str, line: usize, column: usize) -> usize {
    let line_start: usize = source
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &source[line_start.min(source.len())..];
    let within: usize = rest
        .chars()
        .take_while(|c| *c != '\n')
        .take(column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    line_start + within
}

/// Every diagnostic of one run, errors and warnings, in a stable order.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(Vec<Diagnostic>);

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(all: Vec<Diagnostic>) -> Self {
        Diagnostics(all)
    }
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorts by file, then position, so reports do not depend on load order.
    pub fn sort(&mut self) {
        self.0
            .sort_by_cached_key(|d| (d.file.clone(), d.line_col(), d.message.clone()));
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }

    /// The diagnostics grouped by file, in the sorted order.
    pub fn by_file(&self) -> Vec<(&Path, Vec<&Diagnostic>)> {
        let mut groups: Vec<(&Path, Vec<&Diagnostic>)> = Vec::new();
        for d in &self.0 {
            match groups.last_mut() {
                Some((file, ds)) if *file == d.file.as_path() => ds.push(d),
                _ => groups.push((d.file.as_path(), vec![d])),
            }
        }
        groups
    }

    /// `3 errors, 5 warnings in 4 files`.
    pub fn summary(&self) -> String {
        let files: std::collections::BTreeSet<&Path> =
            self.0.iter().map(|d| d.file.as_path()).collect();
        if files.is_empty() {
            return "no errors, no warnings".to_string();
        }
        format!(
            "{}, {} in {}",
            count(self.error_count(), "error"),
            count(self.warning_count(), "warning"),
            count(files.len(), "file")
        )
    }
}

/// `1 error`, `2 errors`, `no errors`.
pub fn count(n: usize, noun: &str) -> String {
    match n {
        0 => format!("no {noun}s"),
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn absolute_paths_show_one_leading_slash() {
        assert_eq!(display_path(Path::new("/etc/passwd")), "/etc/passwd");
        assert_eq!(
            display_path(Path::new("content/sip/302.yaml")),
            "content/sip/302.yaml"
        );
    }
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let src: Arc<str> = Arc::from("a: 1\nзаголовок: x\n");
        let d = Diagnostic::error("f.yaml", "bad").at_line_col(&src, 2, 12);
        assert_eq!(d.line_col(), Some((2, 12)));
        assert_eq!(d.source_line(), Some("заголовок: x"));
        assert_eq!(d.to_string(), "f.yaml:2:12: error: bad\n    | заголовок: x");
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let src: Arc<str> = Arc::from("a: \u{1b}[2J\u{0}x\u{9b}y\r\nb: 1\rz\n");
        let d = Diagnostic::error("f.yaml", "bad").at_line_col(&src, 1, 4);
        assert_eq!(d.to_string(), "f.yaml:1:4: error: bad\n    | a: ?[2J?x¿y");
        let shown = printable(&src);
        assert_eq!(shown.len(), src.len());
        assert!(!shown.contains(['\u{1b}', '\u{0}', '\u{9b}']));
        assert!(shown.contains("b: 1?z"));
    }

    #[test]
    fn a_long_line_is_shown_around_its_column() {
        let line = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let src: Arc<str> = Arc::from(line.as_str());
        let d = Diagnostic::error("f.yaml", "bad").at_line_col(&src, 1, 501);
        let shown = d.to_string();
        let snippet = shown.split("| ").nth(1).unwrap();
        assert_eq!(snippet, format!("…{}X{}…", "a".repeat(60), "b".repeat(60)));
    }

    #[test]
    fn the_summary_counts_errors_warnings_and_files() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::error("a.yaml", "x"));
        all.push(Diagnostic::warning("b.yaml", "y"));
        all.push(Diagnostic::warning("a.yaml", "z"));
        all.sort();
        assert_eq!(all.summary(), "1 error, 2 warnings in 2 files");
        let groups: Vec<_> = all
            .by_file()
            .iter()
            .map(|(f, ds)| (display_path(f), ds.len()))
            .collect();
        assert_eq!(
            groups,
            [("a.yaml".to_string(), 2), ("b.yaml".to_string(), 1)]
        );
        assert_eq!(Diagnostics::default().summary(), "no errors, no warnings");
    }

    #[test]
    fn diagnostic_without_position_names_only_the_file() {
        let d = Diagnostic::warning("content/site.yaml", "odd").with_help("fix it");
        assert_eq!(
            d.to_string(),
            "content/site.yaml: warning: odd\n    = help: fix it"
        );
    }
}
