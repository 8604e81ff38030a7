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
        let diagnostic = Diagnostic::error(&file.path, message.clone());
        // serde_yaml points a duplicate key at its mapping; the second key's
        // own line is where the reader must look.
        if let Some(offset) = duplicate_key_offset(&file.text, &message, err.location()) {
            return diagnostic.at(&file.text, offset);
        }
        match err.location() {
            Some(loc) => diagnostic.at_line_col(&file.text, loc.line(), loc.column()),
            None => diagnostic,
        }
    })
}

/// The offset of the second `key:` of a "duplicate field" error: the first
/// indentation level, at or after the mapping serde_yaml names, where the
/// key appears twice.
fn duplicate_key_offset(
    text: &str,
    message: &str,
    at: Option<serde_yaml::Location>,
) -> Option<usize> {
    // "duplicate field `x`", after the path of a nested mapping ("prose.en: ").
    let key = message
        .split_once("duplicate field `")?
        .1
        .split('`')
        .next()?;
    let from = at.map_or(0, |l| l.index());
    let mut seen: Vec<usize> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if offset <= from {
            continue;
        }
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        let item = body.strip_prefix("- ").unwrap_or(body);
        let unquoted = item.trim_start_matches(['"', '\'']);
        if unquoted.starts_with(&format!("{key}:"))
            || unquoted.starts_with(&format!("{key}\":"))
            || unquoted.starts_with(&format!("{key}':"))
        {
            if seen.contains(&indent) {
                return Some(start + indent);
            }
            seen.push(indent);
        }
    }
    None
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
                if let Some((i, c)) = body
                    .char_indices()
                    .find(|(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                {
                    return Some((
                        start + indent + i,
                        format!(
                            "control character U+{:04X} is not allowed in content files",
                            c as u32
                        ),
                    ));
                }
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
            if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
                return Some((
                    at,
                    format!(
                        "control character U+{:04X} is not allowed in content files",
                        c as u32
                    ),
                ));
            }
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
    fn a_duplicate_key_is_reported_at_its_second_occurrence() {
        let text = "code: 1\nprose:\n  en:\n    name: a\n    name: b\nreason: x\n";
        let err = parse::<serde_yaml::Value>(&SourceFile::new("x.yaml", text));
        // serde_yaml::Value keeps the last; shapes with fields refuse it.
        drop(err);
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Name {
            name: String,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Shape {
            code: u16,
            prose: std::collections::BTreeMap<String, Name>,
            reason: String,
        }
        let err = parse::<Shape>(&SourceFile::new("x.yaml", text)).unwrap_err();
        assert!(
            err.message.contains("duplicate field `name`"),
            "{}",
            err.message
        );
        assert_eq!(err.line_col(), Some((5, 5)));
    }

    #[test]
    fn control_characters_are_reported_where_they_are() {
        let file = SourceFile::new("x.yaml", "code: 1\nreason: Wor\u{0}king\n");
        let err = parse::<serde_yaml::Value>(&file).unwrap_err();
        assert!(err.message.contains("U+0000"), "{}", err.message);
        assert_eq!(err.line_col(), Some((2, 12)));
        let file = SourceFile::new("x.yaml", "text: |\n  a\u{7}b\n");
        assert_eq!(
            parse::<serde_yaml::Value>(&file).unwrap_err().line_col(),
            Some((2, 4))
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
