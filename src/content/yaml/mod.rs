//! The one place that knows YAML, so the parser can be swapped without
//! touching the rest of the crate. A file goes through three readings:
//! a linear pre-scan that refuses what no content needs (anchors, deep
//! nesting, control characters); a position-keeping parse into a [`Node`]
//! tree, checked against the JSON Schema of its type so that every unknown,
//! missing or mistyped key is reported at once, each where it is; and then
//! serde_yaml (the design's choice) reads the value.

mod shape;
mod tree;

pub use tree::Node;

use super::SourceFile;
use crate::diagnostic::Diagnostic;
use serde::de::DeserializeOwned;

/// Flow collections (`[`, `{`) nested deeper than this are refused before
/// parsing: no record needs more than three, and the parser's time grows
/// faster than the input with depth.
pub const MAX_FLOW_DEPTH: usize = 16;
/// Block nesting, in levels of indentation, refused beyond this.
pub const MAX_INDENT: usize = 48;
/// Problems of one file's shape shown at most: past a screenful the file is
/// the wrong file, and each more would only repeat the lesson.
pub const MAX_PROBLEMS: usize = 50;

/// Parses a whole file into `T` and the tree it was read from, or every
/// problem found in it, each pointing at its line and column.
pub fn parse<T: DeserializeOwned + schemars::JsonSchema>(
    file: &SourceFile,
) -> Result<(T, Node), Vec<Diagnostic>> {
    let at = |offset: usize, message: String| {
        Diagnostic::error(&file.path, message).at(&file.text, offset)
    };
    if let Some((offset, message)) = refuse_structure(&file.text) {
        return Err(vec![at(offset, message)]);
    }
    let tree = tree::parse(&file.text).map_err(|e| {
        let d = at(e.at, e.message.clone());
        // The parser says where a tab stopped it, not that tabs are the fault.
        vec![if e.message.contains("tab") {
            d.with_help("YAML indents with spaces; replace the tab characters with spaces")
        } else if e.message.contains("must be followed by a valid YAML whitespace") {
            d.with_help("write a space after the colon (a tab is not read there)")
        } else if e.message.starts_with("comments must be separated") {
            d.with_help("put a space before `#`, or quote the value if `#` is part of it")
        } else if e.message.starts_with("invalid indentation in quoted") {
            // YAML 1.2 wants the next lines of a quoted string indented
            // past their key. serde_yaml alone would read them anyway;
            // content files keep to the standard editors check them with.
            d.with_help(
                "a quoted string that goes on over several lines must indent each next line more than its key",
            )
        } else if e.message.starts_with("invalid indentation in flow") {
            d.with_help(
                "a `[` or `{` not closed on its line goes on over the next lines: close it, or indent each next line more than its key",
            )
        } else {
            d
        }]
    })?;
    let schema = schema_of::<T>();
    let problems = shape::check(&schema, &tree, &file.text);
    if !problems.is_empty() {
        let more = problems.len().saturating_sub(MAX_PROBLEMS);
        let mut all: Vec<Diagnostic> = problems
            .into_iter()
            .take(MAX_PROBLEMS)
            .map(|p| {
                let d = at(p.at, p.message);
                match p.help {
                    Some(help) => d.with_help(help),
                    None => d,
                }
            })
            .collect();
        if more > 0 {
            all.push(Diagnostic::error(
                &file.path,
                format!("{more} more problems in this file are not shown; fix these first"),
            ));
        }
        return Err(all);
    }
    let value =
        serde_yaml::from_str(&file.text).map_err(|err| vec![deserialize_error(file, &err)])?;
    Ok((value, tree))
}

/// The JSON Schema of `T`, generated once per type and process: generating
/// it for every file cost more than checking the file against it.
fn schema_of<T: schemars::JsonSchema>() -> std::sync::Arc<serde_json::Value> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Arc<serde_json::Value>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let name = std::any::type_name::<T>();
    if let Some(schema) = cache.lock().expect("schema cache").get(name) {
        return Arc::clone(schema);
    }
    let schema = Arc::new(schemars::schema_for!(T).to_value());
    cache
        .lock()
        .expect("schema cache")
        .insert(name, Arc::clone(&schema));
    schema
}

/// A problem only the deserializer found (the shape check lets through what
/// it cannot judge), at the position serde_yaml gives.
fn deserialize_error(file: &SourceFile, err: &serde_yaml::Error) -> Diagnostic {
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
    // The indentation of the previous line when it ends in `key:`.
    let mut key_line_indent: Option<usize> = None;
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
                    .find(|&(i, c)| refused_control(body, i, c))
                {
                    return Some((start + indent + i, control_message(c)));
                }
                continue;
            }
            block_scalar = None;
        }
        // A lone `|` or `>` under a `key:` line, not indented past the key:
        // libyaml reads it as the key's block text, YAML 1.2 (the tree
        // parse) as an error far below. Refused here, where it is.
        let lone = body.split(" #").next().unwrap_or("").trim_end();
        if quote.is_none()
            && depth == 0
            && key_line_indent.is_some_and(|k| indent <= k)
            && lone.starts_with(['|', '>'])
            && lone[1..]
                .chars()
                .all(|r| matches!(r, '+' | '-' | '1'..='9'))
        {
            return Some((
                start + indent,
                format!(
                    "a block text's `{lone}` belongs on its key's line: write `key: {lone}` and indent the text below"
                ),
            ));
        }
        if !body.trim().is_empty() && !body.starts_with('#') {
            key_line_indent =
                (quote.is_none() && depth == 0 && lone.ends_with(':')).then_some(indent);
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
        // Inside a plain (unquoted) scalar, where `&`, `*`, quotes and
        // brackets after a space are text (`reason: Call *s Forwarded`).
        let mut in_plain = false;
        let mut prev = ' ';
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            let at = start + indent + i;
            if refused_control(body, i, c) {
                return Some((at, control_message(c)));
            }
            if escaped {
                escaped = false;
                prev = c;
                continue;
            }
            match quote {
                // `\"` inside double quotes and `''` inside single quotes
                // are the quote character itself, not the end of the string.
                Some('"') if c == '\\' => escaped = true,
                Some('\'') if c == '\'' && body[i + 1..].starts_with('\'') => escaped = true,
                Some(q) => {
                    if c == q {
                        quote = None;
                    }
                }
                None => match c {
                    '#' if prev == ' ' || prev == '\t' || i == 0 => break,
                    ':' | '-' | '?' if in_plain || token_start => {
                        // `key: ` ends a plain key; `- `, `? ` start a node.
                        let next = body[i + 1..].chars().next().unwrap_or(' ');
                        if next.is_whitespace() || (depth > 0 && matches!(next, ',' | ']' | '}')) {
                            in_plain = false;
                        } else if token_start {
                            in_plain = true;
                        }
                    }
                    _ if in_plain && !(depth > 0 && matches!(c, ',' | '[' | ']' | '{' | '}')) => {}
                    '"' | '\'' if token_start => quote = Some(c),
                    '&' | '*' if token_start => {
                        let next = body[i + c.len_utf8()..].chars().next().unwrap_or(' ');
                        if !next.is_whitespace() && !matches!(next, ',' | ']' | '}') {
                            let what = if c == '&' { "anchors" } else { "aliases" };
                            return Some((
                                at,
                                format!(
                                    "YAML {what} are not allowed in content files; write the value out"
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
                    ']' | '}' if depth > 0 => {
                        depth -= 1;
                        in_plain = false;
                    }
                    ',' if depth > 0 => in_plain = false,
                    '|' | '>' if token_start && depth == 0 => {
                        let rest = body[i + 1..].split('#').next().unwrap_or("").trim();
                        if rest.chars().all(|r| matches!(r, '+' | '-' | '1'..='9')) {
                            block_scalar = Some(indent);
                            break;
                        }
                    }
                    '!' | '%' | '@' | '`' | '|' | '>' | '[' | '{' => {}
                    c if token_start && !c.is_whitespace() => in_plain = true,
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

/// Control characters other than tabs and line ends. A carriage return
/// ends a line only before a line feed: alone (old Mac line ends, a stray
/// byte pasted into a value) YAML still reads it as a line break, which
/// splits the value where the reader sees none, and the tree parse and
/// serde_yaml disagree on what follows.
/// The Unicode line and paragraph separators are refused for the same
/// reason: YAML 1.1 readers (serde_yaml) break the line there, YAML 1.2
/// readers (the tree parse) do not.
fn refused_control(line: &str, i: usize, c: char) -> bool {
    match c {
        '\t' | '\n' => false,
        '\r' => !line[i + 1..].starts_with('\n'),
        '\u{2028}' | '\u{2029}' => true,
        c => c.is_control(),
    }
}

fn control_message(c: char) -> String {
    if matches!(c, '\u{2028}' | '\u{2029}') {
        return format!(
            "the Unicode separator U+{:04X} is not allowed in content files; YAML readers disagree on whether it ends the line",
            c as u32
        );
    }
    let lone_cr = if c == '\r' {
        " without a line feed after it"
    } else {
        ""
    };
    format!(
        "control character U+{:04X}{lone_cr} is not allowed in content files",
        c as u32
    )
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
    use serde_json::Value as Any;

    #[derive(Debug, Deserialize, schemars::JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Shape {
        code: u16,
    }

    fn one(err: Vec<Diagnostic>) -> Diagnostic {
        assert_eq!(err.len(), 1, "{err:?}");
        err.into_iter().next().unwrap()
    }

    #[test]
    fn unknown_field_is_reported_at_its_line() {
        let file = SourceFile::new("x.yaml", "code: 1\ncolour: red\n");
        let err = one(parse::<Shape>(&file).unwrap_err());
        assert_eq!(err.line_col(), Some((2, 1)));
        assert_eq!(err.message, "unknown key `colour`");
        assert_eq!(err.help.as_deref(), Some("the keys here are `code`"));
    }

    #[derive(Debug, Deserialize, schemars::JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Record {
        code: u16,
        reason: String,
        /// Which way it goes.
        direction: Direction,
        prose: std::collections::BTreeMap<String, Text>,
        #[serde(default)]
        related: Vec<u16>,
        section: Option<String>,
        #[serde(default)]
        flag: bool,
    }

    #[derive(Debug, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    enum Direction {
        /// In.
        Inbound,
        /// Out.
        Outbound,
    }

    #[derive(Debug, Deserialize, schemars::JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Text {
        name: String,
        summary: String,
    }

    #[test]
    fn every_shape_problem_of_a_file_is_reported_each_at_its_key() {
        let text = "\
code: '302'
reason: Moved
direction: inbund
prose:
  en:
    nmae: x
    sumary: y
  ru:
    name: [a]
    summary: z
    extra: 1
related: [1, 70000, x]
flag: yes
";
        let err = parse::<Record>(&SourceFile::new("x.yaml", text)).unwrap_err();
        let got: Vec<String> = err
            .iter()
            .map(|d| {
                let (l, c) = d.line_col().unwrap();
                format!(
                    "{l}:{c} {} | {}",
                    d.message,
                    d.help.as_deref().unwrap_or("")
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "1:7 code: expected a whole number, found a string | write the number without quotes",
                "3:12 direction: unknown value `inbund` | did you mean `inbound`? The values are `inbound`, `outbound`",
                "6:5 prose.en: unknown key `nmae` | did you mean `name`?",
                "7:5 prose.en: unknown key `sumary` | did you mean `summary`?",
                "9:11 prose.ru.name: expected a string, found a list | ",
                "11:5 prose.ru: unknown key `extra` | the keys here are `name`, `summary`",
                "12:14 related[1]: 70000 is out of range: expected a whole number from 0 to 65535 | ",
                "12:21 related[2]: expected a whole number, found a string | ",
                "13:7 flag: expected true or false, found a string | ",
            ]
        );
    }

    #[test]
    fn what_the_deserializer_accepts_the_shape_check_accepts() {
        // Any scalar is a string, `~` an absent option, an empty value an
        // empty list or mapping, and integers in any base serde_yaml reads.
        for text in [
            "code: 0x12e\nreason: 404\ndirection: 'outbound'\nprose:\nsection: ~\nrelated:\nflag: True\n",
            "code: +7\nreason: ~\ndirection: inbound\nprose: {en: {name: a, summary: b}}\nsection:\n",
        ] {
            let file = SourceFile::new("x.yaml", text);
            assert!(serde_yaml::from_str::<Record>(text).is_ok(), "{text}");
            assert!(
                parse::<Record>(&file).is_ok(),
                "{text}: {:?}",
                parse::<Record>(&file).err()
            );
        }
    }

    #[test]
    fn a_file_of_many_problems_shows_the_first_fifty_and_counts_the_rest() {
        let text: String = (0..30_000).map(|i| format!("k{i}: 1\nk{i}: 2\n")).collect();
        let err = parse::<Shape>(&SourceFile::new("x.yaml", &text)).unwrap_err();
        assert_eq!(err.len(), MAX_PROBLEMS + 1);
        // 30,000 unknown keys, 30,000 repeated, and `code` missing.
        let more = 60_001 - MAX_PROBLEMS;
        assert!(
            err[MAX_PROBLEMS]
                .message
                .starts_with(&format!("{more} more problems")),
            "{}",
            err[MAX_PROBLEMS].message
        );
    }

    #[test]
    fn missing_keys_are_shown_at_the_key_that_lacks_them() {
        let text = "code: 1\nprose:\n  en:\n    name: a\n";
        let err = parse::<Record>(&SourceFile::new("x.yaml", text)).unwrap_err();
        let got: Vec<_> = err
            .iter()
            .map(|d| (d.line_col(), d.message.clone()))
            .collect();
        assert!(
            got.contains(&(Some((3, 3)), "prose.en: missing key `summary`".into())),
            "{got:?}"
        );
        // A top-level key is missing from the file as a whole.
        assert!(
            got.contains(&(Some((1, 1)), "missing key `reason`".into())),
            "{got:?}"
        );
        let direction = err
            .iter()
            .find(|d| d.message.ends_with("`direction`"))
            .unwrap();
        assert_eq!(direction.help.as_deref(), Some("Which way it goes."));
    }

    #[test]
    fn anchors_and_aliases_are_refused_at_their_position() {
        let file = SourceFile::new("x.yaml", "code: 1\na: &big \"xxx\"\nb: [*big, *big]\n");
        let err = one(parse::<Any>(&file).unwrap_err());
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
        assert!(parse::<Any>(&file).is_ok());
    }

    #[test]
    fn ampersands_stars_and_quotes_inside_plain_text_are_text() {
        // Found by fuzzing (tests/fuzz_regressions/record/star-in-plain.yaml):
        // `*s` after a space inside a plain value is text, not an alias.
        let fine = "reason: Call *s Being & Forwarded\nb: x [y *z\nc: [a b *c, {d: e &f}]\nd: it \"is\" &x\n";
        let file = SourceFile::new("x.yaml", fine);
        assert!(
            parse::<Any>(&file).is_ok(),
            "{:?}",
            parse::<Any>(&file).err()
        );
        // Where a value starts, they are still anchors and aliases.
        for (text, at) in [
            ("a: &x 1\n", (1, 4)),
            ("a: [1, *x]\n", (1, 8)),
            ("- &x 1\n", (1, 3)),
            ("a: {b: *x}\n", (1, 8)),
            ("a:\n  - b: *x\n", (2, 8)),
        ] {
            let err = one(parse::<Any>(&SourceFile::new("x.yaml", text)).unwrap_err());
            assert_eq!(err.line_col(), Some(at), "{text}: {err}");
            assert!(err.message.starts_with("YAML a"), "{err}");
            assert!(!err.message.contains("aliass"), "{err}");
        }
    }

    #[test]
    fn escaped_quotes_do_not_end_a_string_for_the_pre_scan() {
        // An escaped quote must not hide the anchor that follows the string.
        let file = SourceFile::new("x.yaml", "title: \"a \\\" b\"\nlocales: &l [en]\n");
        let err = one(parse::<Any>(&file).unwrap_err());
        assert_eq!(err.line_col(), Some((2, 10)), "{err}");
        let file = SourceFile::new("x.yaml", "title: 'it''s'\nlocales: &l [en]\n");
        assert_eq!(
            one(parse::<Any>(&file).unwrap_err()).line_col(),
            Some((2, 10))
        );
        // Nor make an ampersand inside a later string look like an anchor.
        let fine = "a: \"x \\\"y\\\"\"\nb: \" &lt;z\"\nc: 'it''s &amp'\n";
        assert!(parse::<Any>(&SourceFile::new("x.yaml", fine)).is_ok());
    }

    #[test]
    fn anchors_the_pre_scan_misses_are_refused_by_the_parse() {
        // A multi-line quoted string the line-based scan does not follow.
        let text = "a: \"x\n  y\" \nb: &l [1]\nc: *l\n";
        let err = parse::<Any>(&SourceFile::new("x.yaml", text));
        assert!(err.is_err(), "{err:?}");
    }

    #[test]
    fn a_block_indicator_under_its_key_is_refused_where_it_is() {
        let text = "code: 1\nexample:\n|\n  text\nflow: x\n";
        let err = one(parse::<Any>(&SourceFile::new("x.yaml", text)).unwrap_err());
        assert_eq!(err.line_col(), Some((3, 1)));
        assert!(err.message.contains("write `key: |`"), "{}", err.message);
        // On its key's line, or as the text of a block, it is fine.
        let fine = "example: |\n  |\n  > text\nother:\n  - |\n    x\n";
        assert!(parse::<Any>(&SourceFile::new("x.yaml", fine)).is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_in_linear_time() {
        let deep = |n: usize| format!("code: {}{}\n", "[".repeat(n), "]".repeat(n));
        let file = SourceFile::new("x.yaml", &deep(100_000));
        let err = one(parse::<Any>(&file).unwrap_err());
        assert!(err.message.contains("nested more than"), "{}", err.message);
        assert_eq!(err.line_col(), Some((1, 7 + MAX_FLOW_DEPTH)));
        assert!(parse::<Any>(&SourceFile::new("x.yaml", &deep(3))).is_ok());
    }

    #[test]
    fn a_duplicate_key_is_reported_at_its_second_occurrence() {
        let text = "code: 1\nprose:\n  en:\n    name: a\n    name: b\nreason: x\n";
        let err = one(parse::<Any>(&SourceFile::new("x.yaml", text)).unwrap_err());
        assert_eq!(err.message, "prose.en: key `name` is given twice");
        assert_eq!(
            err.help.as_deref(),
            Some("the first `name` is on line 4; keep one")
        );
        assert_eq!(err.line_col(), Some((5, 5)));
    }

    #[test]
    fn control_characters_are_reported_where_they_are() {
        let file = SourceFile::new("x.yaml", "code: 1\nreason: Wor\u{0}king\n");
        let err = one(parse::<Any>(&file).unwrap_err());
        assert!(err.message.contains("U+0000"), "{}", err.message);
        assert_eq!(err.line_col(), Some((2, 12)));
        let file = SourceFile::new("x.yaml", "text: |\n  a\u{7}b\n");
        assert_eq!(
            one(parse::<Any>(&file).unwrap_err()).line_col(),
            Some((2, 4))
        );
    }

    #[test]
    fn a_continued_line_not_indented_past_its_key_is_refused_with_help() {
        // Found by fuzzing (tests/fuzz_regressions/record): serde_yaml reads
        // these, YAML 1.2 and the tree parse do not.
        let text = "code: 1\nreason: \"Wor\nking\"\n";
        let err = one(parse::<Any>(&SourceFile::new("x.yaml", text)).unwrap_err());
        assert!(err.message.starts_with("invalid indentation"), "{err}");
        assert!(
            err.help
                .as_deref()
                .unwrap()
                .contains("indent each next line more")
        );
        assert_eq!(err.line_col(), Some((2, 9)));
        let text = "flow:\n  lanes: [a\n, b]\n";
        let err = one(parse::<Any>(&SourceFile::new("x.yaml", text)).unwrap_err());
        assert!(err.message.starts_with("invalid indentation"), "{err}");
        assert_eq!(err.line_col(), Some((3, 1)));
        let fine = "reason: \"Wor\n  king\"\nflow:\n  lanes: [a\n    , b]\n";
        assert!(parse::<Any>(&SourceFile::new("x.yaml", fine)).is_ok());
    }

    #[test]
    fn a_lone_carriage_return_is_refused_where_it_is() {
        // Found by fuzzing (tests/fuzz_regressions/record/lone-cr-*.yaml).
        for (text, at) in [
            ("code: 1\nreason: \"Wor\rking\"\n", (2, 13)),
            ("code: 1\nexample:\r|\n  x\n", (2, 9)),
            ("code: 1\nexample: |\n  x\ry\n", (3, 4)),
        ] {
            let err = one(parse::<Any>(&SourceFile::new("x.yaml", text)).unwrap_err());
            assert!(err.message.contains("U+000D without a line feed"), "{err}");
            assert_eq!(err.line_col(), Some(at), "{err}");
        }
        // Nor U+2028 and U+2029 (found by fuzzing: `rfc: 3\u{2028}`).
        for (text, at) in [
            ("code: 1\nrfc: 3\u{2028}\n", (2, 7)),
            ("code: 1\nexample: |\n  x\u{2029}y\n", (3, 4)),
        ] {
            let err = one(parse::<Any>(&SourceFile::new("x.yaml", text)).unwrap_err());
            assert!(err.message.contains("separator U+202"), "{err}");
            assert_eq!(err.line_col(), Some(at), "{err}");
        }
        let crlf = "code: 1\r\nreason: \"a\"\r\nexample: |\r\n  x\r\n";
        assert!(parse::<Any>(&SourceFile::new("x.yaml", crlf)).is_ok());
    }

    #[test]
    fn separators_the_tree_parse_refuses_are_explained() {
        // Found by fuzzing (tests/fuzz_regressions/record): serde_yaml reads
        // `key:<tab>value` and `[a]#comment`, the tree parse does not.
        let err = one(parse::<Any>(&SourceFile::new("x.yaml", "code:\t1\n")).unwrap_err());
        assert_eq!(err.line_col().map(|(l, _)| l), Some(1), "{err}");
        assert!(
            err.help
                .as_deref()
                .unwrap()
                .contains("space after the colon")
        );
        let err = one(parse::<Any>(&SourceFile::new("x.yaml", "a: [1]#x\n")).unwrap_err());
        assert!(err.help.as_deref().unwrap().contains("space before `#`"));
    }

    #[test]
    fn a_question_mark_glued_to_a_key_is_named_in_the_help() {
        let text = "code: 1\nprose: {en: {name: a,?summary: b}}\n";
        let err = parse::<Record>(&SourceFile::new("x.yaml", text)).unwrap_err();
        let unknown = err
            .iter()
            .find(|d| d.message.contains("`?summary`"))
            .unwrap();
        assert_eq!(unknown.line_col(), Some((2, 22)), "{unknown}");
        assert_eq!(
            unknown.help.as_deref(),
            Some("a `?` right before a key is part of its name here; write `summary`")
        );
    }

    #[test]
    fn syntax_error_is_reported_with_line() {
        let file = SourceFile::new("x.yaml", "code: 1\n  bad: [\n");
        let err = one(parse::<Shape>(&file).unwrap_err());
        assert!(err.line_col().is_some());
        assert!(!err.message.contains(" at line "));
    }
}
