//! The one place that parses YAML, so the parser can be swapped without touching
//! the rest of the crate. serde_yaml is the design's choice; its error locations
//! are reliable as long as no shape uses `#[serde(flatten)]`.

use super::SourceFile;
use crate::diagnostic::Diagnostic;
use serde::de::DeserializeOwned;

/// Flow collections (`[`, `{`) nested deeper than this are refused before
/// parsing: no record needs more than three, and the parser's time grows
/// faster than the input with depth.
pub const MAX_FLOW_DEPTH: usize = 16;
/// Block nesting, in levels of indentation, refused beyond this.
pub const MAX_INDENT: usize = 48;

/// Parses a whole file into `T`, turning a parse or shape error into a
/// diagnostic that points at the offending line and column.
pub fn parse<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Diagnostic> {
    if let Some((offset, message)) = refuse_structure(&file.text) {
        return Err(Diagnostic::error(&file.path, message).at(&file.text, offset));
    }
    serde_yaml::from_str(&file.text).map_err(|err| {
        let message = strip_location(&err.to_string());
        let diagnostic = Diagnostic::error(&file.path, message);
        match err.location() {
            Some(loc) => diagnostic.at_line_col(&file.text, loc.line(), loc.column()),
            None => diagnostic,
        }
    })
}

/// One linear pass over the text before the parser sees it: refuses anchors
/// and aliases (no record needs them, and an alias repeated makes a small
/// file expand into a huge one) and nesting beyond the limits above. Returns
/// the byte offset of the first problem with its message.
fn refuse_structure(text: &str) -> Option<(usize, String)> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    // Lines more indented than this belong to a block scalar (`|`, `>`).
    let mut block_scalar: Option<usize> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        if let Some(parent) = block_scalar {
            if body.trim().is_empty() || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        if quote.is_none() && depth == 0 && indent > MAX_INDENT {
            return Some((
                start,
                format!(
                    "indented more than {MAX_INDENT} spaces; content is never nested this deep"
                ),
            ));
        }
        let mut token_start = true;
        let mut prev = ' ';
        for (i, c) in body.char_indices() {
            let at = start + indent + i;
            match quote {
                Some(q) => {
                    if c == q {
                        quote = None;
                    }
                }
                None => match c {
                    '#' if prev == ' ' || prev == '\t' || i == 0 => break,
                    '"' | '\'' if token_start => quote = Some(c),
                    '&' | '*' if token_start => {
                        let next = body[i + c.len_utf8()..].chars().next().unwrap_or(' ');
                        if !next.is_whitespace() && !matches!(next, ',' | ']' | '}') {
                            let what = if c == '&' { "anchor" } else { "alias" };
                            return Some((
                                at,
                                format!(
                                    "YAML {what}s are not allowed in content files; write the value out"
                                ),
                            ));
                        }
                    }
                    '[' | '{' if token_start || depth > 0 => {
                        depth += 1;
                        if depth > MAX_FLOW_DEPTH {
                            return Some((
                                at,
                                format!(
                                    "nested more than {MAX_FLOW_DEPTH} levels deep; content is never nested this deep"
                                ),
                            ));
                        }
                    }
                    ']' | '}' if depth > 0 => depth -= 1,
                    '|' | '>' if token_start && depth == 0 => {
                        let rest = body[i + 1..].split('#').next().unwrap_or("").trim();
                        if rest.chars().all(|r| matches!(r, '+' | '-' | '1'..='9')) {
                            block_scalar = Some(indent);
                            break;
                        }
                    }
                    _ => {}
                },
            }
            token_start = quote.is_none()
                && (c.is_whitespace() || (depth > 0 && matches!(c, '[' | '{' | ',')));
            prev = c;
        }
    }
    None
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
    fn anchors_and_aliases_are_refused_at_their_position() {
        let file = SourceFile::new("x.yaml", "code: 1\na: &big \"xxx\"\nb: [*big, *big]\n");
        let err = parse::<serde_yaml::Value>(&file).unwrap_err();
        assert_eq!(err.line_col(), Some((2, 4)));
        assert!(
            err.message.contains("anchors are not allowed"),
            "{}",
            err.message
        );
        // Not in quotes, block scalars, comments or plain words.
        let fine =
            "a: \"*not & alias\"\nb: |\n  *emphasis* & [[302]] [[[\nc: x*y # &z\nd: don't [x]\n";
        let file = SourceFile::new("x.yaml", fine);
        assert!(parse::<serde_yaml::Value>(&file).is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_in_linear_time() {
        let deep = |n: usize| format!("code: {}{}\n", "[".repeat(n), "]".repeat(n));
        let file = SourceFile::new("x.yaml", &deep(100_000));
        let err = parse::<serde_yaml::Value>(&file).unwrap_err();
        assert!(err.message.contains("nested more than"), "{}", err.message);
        assert_eq!(err.line_col(), Some((1, 7 + MAX_FLOW_DEPTH)));
        assert!(parse::<serde_yaml::Value>(&SourceFile::new("x.yaml", &deep(3))).is_ok());
    }

    #[test]
    fn syntax_error_is_reported_with_line() {
        let file = SourceFile::new("x.yaml", "code: 1\n  bad: [\n");
        let err = parse::<Shape>(&file).unwrap_err();
        assert!(err.line_col().is_some());
        assert!(!err.message.contains(" at line "));
    }
}
