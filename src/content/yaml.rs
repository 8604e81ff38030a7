//! The one place that parses YAML, so the parser can be swapped without touching
//! the rest of the crate. serde_yaml is the design's choice; its error locations
//! are reliable as long as no shape uses `#[serde(flatten)]`.

use super::SourceFile;
use crate::diagnostic::Diagnostic;
use serde::de::DeserializeOwned;

/// Parses a whole file into `T`, turning a parse or shape error into a
/// diagnostic that points at the offending line and column.
pub fn parse<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    serde_yaml::from_str(&file.text).map_err(|err| {
        let message = strip_location(&err.to_string());
        let diagnostic = Diagnostic::error(&file.path, message);
        match err.location() {
            Some(loc) => diagnostic.at_line_col(&file.text, loc.line(), loc.column()),
            None => diagnostic,
        }
    })
}

/// serde_yaml appends " at line L column C" to its messages; the diagnostic
/// shows the position itself, so the suffix would only repeat it.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Shape {
        code: u16,
    }

    #[test]
    fn unknown_field_is_reported_at_its_line() {
        let file = SourceFile::new("x.yaml", "code: 1\ncolour: red\n");
        let err = parse::<Shape>(&file).unwrap_err();
        assert_eq!(err.line_col().map(|p| p.0), Some(2));
        assert!(
            err.message.contains("unknown field `colour`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn syntax_error_is_reported_with_line() {
        let file = SourceFile::new("x.yaml", "code: 1\n  bad: [\n");
        let err = parse::<Shape>(&file).unwrap_err();
        assert!(err.line_col().is_some());
        assert!(!err.message.contains(" at line "));
    }
}
