//! Checks a parsed tree against the JSON Schema of the type it will be read
//! into (generated from that type by schemars), collecting every unknown,
//! missing or mistyped key with its position. The deserializer stops at the
//! first problem; a contributor wants them all at once.
//!
//! The walk is deliberately lenient where the deserializer is: any scalar
//! is a string, an empty value is an empty mapping or list. Whatever it lets
//! through, the deserializer still judges afterwards.

use super::tree::{Node, Value, as_bool};
use serde_json::{Map, Value as Json};
use std::collections::{HashMap, HashSet};

/// A problem found by the walk: where, what, and an optional hint.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub at: usize,
    pub message: String,
    pub help: Option<String>,
}

/// Every problem of `node` against `schema`, in document order.
/// `text` is the file the tree was read from, for line numbers in messages.
pub fn check(schema: &Json, node: &Node, text: &str) -> Vec<Problem> {
    let mut walk = Walk {
        root: schema,
        text,
        line_starts: std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        problems: Vec::new(),
    };
    walk.duplicates(node, &mut Vec::new());
    let required = walk
        .resolve(schema)
        .get("required")
        .and_then(Json::as_array);
    match required {
        // An empty file is one problem, not one per missing key.
        Some(keys) if node.is_empty_plain() && !keys.is_empty() => {
            let keys: Vec<String> = keys
                .iter()
                .filter_map(Json::as_str)
                .map(|k| format!("`{k}`"))
                .collect();
            walk.problem(
                0,
                "the file is empty".into(),
                Some(format!("it needs the keys {}", keys.join(", "))),
            );
        }
        _ => walk.node(schema, node, &mut Vec::new(), None),
    }
    walk.problems.sort_by_key(|p| p.at);
    walk.problems
}

struct Walk<'s> {
    root: &'s Json,
    text: &'s str,
    /// Byte offsets where lines start, for line numbers in messages.
    line_starts: Vec<usize>,
    problems: Vec<Problem>,
}

impl<'s> Walk<'s> {
    fn problem(&mut self, at: usize, message: String, help: Option<String>) {
        self.problems.push(Problem { at, message, help });
    }

    /// Every key given twice in one mapping, anywhere in the tree.
    fn duplicates(&mut self, node: &Node, path: &mut Vec<String>) {
        match &node.value {
            Value::Map(entries) => {
                let mut first: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
                for (k, v) in entries {
                    let name = k.scalar().unwrap_or_default();
                    if let Some(at) = k.scalar().and_then(|n| first.get(n)) {
                        let line = self.line(*at);
                        self.problem(
                            k.at,
                            format!("{}key `{name}` is given twice", at_path(path)),
                            Some(format!("the first `{name}` is on line {line}; keep one")),
                        );
                    } else if let Some(n) = k.scalar() {
                        first.insert(n, k.at);
                    }
                    path.push(name.to_string());
                    self.duplicates(v, path);
                    path.pop();
                }
            }
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(i.to_string());
                    self.duplicates(item, path);
                    path.pop();
                }
            }
            Value::Scalar { .. } => {}
        }
    }

    /// The 1-based line of a byte offset.
    fn line(&self, at: usize) -> usize {
        self.line_starts.partition_point(|start| *start <= at)
    }

    /// Follows `$ref`s into `$defs`.
    fn resolve(&self, mut schema: &'s Json) -> &'s Json {
        for _ in 0..32 {
            let Some(name) = schema
                .get("$ref")
                .and_then(Json::as_str)
                .and_then(|r| r.strip_prefix("#/$defs/"))
            else {
                break;
            };
            match self.root.get("$defs").and_then(|d| d.get(name)) {
                Some(next) => schema = next,
                None => break,
            }
        }
        schema
    }

    /// `key` is the offset of the key whose value this node is, where a
    /// missing key of a mapping is best shown.
    fn node(&mut self, schema: &'s Json, node: &Node, path: &mut Vec<String>, key: Option<usize>) {
        let schema = self.resolve(schema);
        if matches!(&node.value, Value::Scalar { tagged: true, .. }) {
            return;
        }
        if let Some(values) = allowed_values(self, schema) {
            return self.one_of_values(&values, node, path);
        }
        if let Some(options) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Json::as_array)
        {
            return self.any_of(options, node, path, key);
        }
        let types = types(schema);
        if types.is_empty() {
            return;
        }
        let empty = node.is_empty_plain();
        let null = empty || node.is_null_word();
        if null && types.contains(&"null") {
            return;
        }
        match &node.value {
            Value::Map(entries) if types.contains(&"object") => {
                self.mapping(schema, entries, node.at, path, key)
            }
            Value::Scalar { .. } if empty && types.contains(&"object") => {
                self.mapping(schema, &[], node.at, path, key)
            }
            Value::Seq(items) if types.contains(&"array") => self.list(schema, items, node, path),
            Value::Scalar { .. } if empty && types.contains(&"array") => {}
            Value::Scalar { .. } if types.contains(&"string") => {}
            Value::Scalar { text, plain, .. }
                if types.contains(&"boolean") && *plain && as_bool(text).is_some() => {}
            Value::Scalar { .. } if types.contains(&"integer") && node.as_integer().is_some() => {
                self.range(schema, node, path)
            }
            _ => {
                let expected = types
                    .iter()
                    .filter(|t| **t != "null")
                    .map(|t| match *t {
                        "object" => "a mapping",
                        "array" => "a list",
                        "integer" => "a whole number",
                        "number" => "a number",
                        "boolean" => "true or false",
                        _ => "a string",
                    })
                    .collect::<Vec<_>>()
                    .join(" or ");
                let help = match (&node.value, types.contains(&"integer")) {
                    (Value::Scalar { plain: false, .. }, true) => {
                        Some("write the number without quotes".to_string())
                    }
                    _ => None,
                };
                self.problem(
                    node.at,
                    format!(
                        "{}expected {expected}, found {}",
                        at_path(path),
                        node.kind()
                    ),
                    help,
                );
            }
        }
    }

    fn mapping(
        &mut self,
        schema: &'s Json,
        entries: &[(Node, Node)],
        at: usize,
        path: &mut Vec<String>,
        key: Option<usize>,
    ) {
        let properties = schema.get("properties").and_then(Json::as_object);
        let extra = schema.get("additionalProperties");
        let patterns = schema.get("patternProperties").and_then(Json::as_object);
        let mut seen: HashSet<&str> = HashSet::with_capacity(entries.len());
        let mut misspelt: Vec<&str> = Vec::new();
        for (k, v) in entries {
            let Some(name) = k.scalar() else {
                self.problem(
                    k.at,
                    format!("{}a key must be a plain name", at_path(path)),
                    None,
                );
                continue;
            };
            // Reported by `duplicates`, whatever the schema.
            if !seen.insert(name) {
                continue;
            }
            let value_schema = properties
                .and_then(|p| p.get(name))
                .or_else(|| pattern_match(patterns, name))
                .or(match extra {
                    Some(Json::Bool(false)) => None,
                    Some(s) => Some(s),
                    None => Some(&Json::Bool(true)),
                });
            match value_schema {
                Some(s) => {
                    path.push(name.to_string());
                    self.node(s, v, path, Some(k.at));
                    path.pop();
                }
                None => {
                    let (message, help) = unknown_key(path, name, properties, patterns);
                    if let Some(p) = properties {
                        misspelt
                            .extend(crate::suggest::closest(name, p.keys().map(String::as_str)));
                    }
                    self.problem(k.at, message, help);
                }
            }
        }
        let required = schema.get("required").and_then(Json::as_array);
        for name in required.into_iter().flatten().filter_map(Json::as_str) {
            // A key given misspelt is one problem: the unknown key says
            // which it should be.
            if !seen.contains(name) && !misspelt.contains(&name) {
                let what = properties
                    .and_then(|p| p.get(name))
                    .and_then(|s| s.get("description"))
                    .and_then(Json::as_str)
                    .map(one_line);
                self.problem(
                    key.unwrap_or(at),
                    format!("{}missing key `{name}`", at_path(path)),
                    what,
                );
            }
        }
    }

    fn list(&mut self, schema: &'s Json, items: &[Node], node: &Node, path: &mut Vec<String>) {
        let count = items.len() as u64;
        let min = schema.get("minItems").and_then(Json::as_u64);
        let max = schema.get("maxItems").and_then(Json::as_u64);
        let wrong = min.is_some_and(|m| count < m) || max.is_some_and(|m| count > m);
        if wrong {
            let wanted = match (min, max) {
                (Some(a), Some(b)) if a == b => format!("exactly {a}"),
                (Some(a), Some(b)) => format!("{a} to {b}"),
                (Some(a), None) => format!("at least {a}"),
                (None, Some(b)) => format!("at most {b}"),
                (None, None) => unreachable!("wrong needs a bound"),
            };
            self.problem(
                node.at,
                format!("{}expected {wanted} items, found {count}", at_path(path)),
                None,
            );
        }
        if let Some(item) = schema.get("items") {
            for (i, n) in items.iter().enumerate() {
                path.push(i.to_string());
                self.node(item, n, path, None);
                path.pop();
            }
        }
    }

    fn range(&mut self, schema: &Json, node: &Node, path: &[String]) {
        let Some(n) = node.as_integer() else { return };
        // schemars gives some integer widths only as a format.
        let (format_min, format_max) = match schema.get("format").and_then(Json::as_str) {
            Some("uint8") => (Some(0), Some(i128::from(u8::MAX))),
            Some("uint16") => (Some(0), Some(i128::from(u16::MAX))),
            Some("uint32") => (Some(0), Some(i128::from(u32::MAX))),
            Some("uint64") => (Some(0), Some(i128::from(u64::MAX))),
            Some("int32") => (Some(i128::from(i32::MIN)), Some(i128::from(i32::MAX))),
            Some("int64") => (Some(i128::from(i64::MIN)), Some(i128::from(i64::MAX))),
            _ => (None, None),
        };
        let min = schema
            .get("minimum")
            .and_then(Json::as_i64)
            .map(i128::from)
            .or(format_min);
        let max = schema
            .get("maximum")
            .and_then(Json::as_i64)
            .map(i128::from)
            .or(format_max);
        if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
            let bounds = match (min, max) {
                (Some(a), Some(b)) => format!("from {a} to {b}"),
                (Some(a), None) => format!("at least {a}"),
                (None, Some(b)) => format!("at most {b}"),
                (None, None) => String::new(),
            };
            self.problem(
                node.at,
                format!(
                    "{}{n} is out of range: expected a whole number {bounds}",
                    at_path(path)
                ),
                None,
            );
        }
    }

    fn one_of_values(&mut self, values: &[&str], node: &Node, path: &[String]) {
        let text = node.scalar();
        if text.is_some_and(|t| values.contains(&t)) {
            return;
        }
        let list = values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let (message, help) = match text {
            Some(t) => (
                format!("{}unknown value `{t}`", at_path(path)),
                match crate::suggest::closest(t, values.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? The values are {list}"),
                    None => format!("the values are {list}"),
                },
            ),
            None => (
                format!(
                    "{}expected one of the values, found {}",
                    at_path(path),
                    node.kind()
                ),
                format!("the values are {list}"),
            ),
        };
        self.problem(node.at, message, Some(help));
    }

    /// An `Option<T>` (`[T, null]`) or an enum of several shapes: the node
    /// fits when one option has no problem; otherwise the closest option's
    /// problems are reported.
    fn any_of(
        &mut self,
        options: &'s [Json],
        node: &Node,
        path: &mut Vec<String>,
        key: Option<usize>,
    ) {
        let mut best: Option<Vec<Problem>> = None;
        for option in options {
            let mut trial = Walk {
                root: self.root,
                text: self.text,
                line_starts: Vec::new(),
                problems: Vec::new(),
            };
            trial.node(option, node, path, key);
            if trial.problems.is_empty() {
                return;
            }
            // A null option only fits null; its complaint helps no one.
            let null_only = types(self.resolve(option)) == ["null"];
            if !null_only && best.as_ref().is_none_or(|b| trial.problems.len() < b.len()) {
                best = Some(trial.problems);
            }
        }
        self.problems.extend(best.unwrap_or_default());
    }
}

/// The string values an enum allows, from `enum`, `const` or a `oneOf` of
/// `const`s (how schemars writes documented unit variants).
fn allowed_values<'s>(walk: &Walk<'s>, schema: &'s Json) -> Option<Vec<&'s str>> {
    if let Some(values) = schema.get("enum").and_then(Json::as_array) {
        return values.iter().map(Json::as_str).collect();
    }
    if let Some(value) = schema.get("const").and_then(Json::as_str) {
        return Some(vec![value]);
    }
    let options = schema.get("oneOf").and_then(Json::as_array)?;
    let mut values = Vec::new();
    for option in options {
        values.extend(allowed_values(walk, walk.resolve(option))?);
    }
    Some(values)
}

fn types(schema: &Json) -> Vec<&str> {
    match schema.get("type") {
        Some(Json::String(t)) => vec![t.as_str()],
        Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The schema of a key matched by `patternProperties`; schemars writes only
/// `^\d+$` (maps keyed by numbers), the one pattern understood here.
fn pattern_match<'s>(patterns: Option<&'s Map<String, Json>>, name: &str) -> Option<&'s Json> {
    let (pattern, schema) = patterns?.iter().next()?;
    let numeric = !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit());
    (pattern == r"^\d+$" && numeric).then_some(schema)
}

fn unknown_key(
    path: &[String],
    name: &str,
    properties: Option<&Map<String, Json>>,
    patterns: Option<&Map<String, Json>>,
) -> (String, Option<String>) {
    let message = format!("{}unknown key `{name}`", at_path(path));
    if patterns.is_some_and(|p| p.contains_key(r"^\d+$")) {
        return (message, Some("keys here are numbers".to_string()));
    }
    let Some(properties) = properties else {
        return (message, None);
    };
    let names: Vec<&str> = properties.keys().map(String::as_str).collect();
    // `{a: 1,?b: 2}`: libyaml reads the key `b`, YAML 1.2 (and this tree)
    // the key `?b`. Found by fuzzing (tests/fuzz_regressions/record).
    if let Some(bare) = name.strip_prefix('?').filter(|b| names.contains(b)) {
        return (
            message,
            Some(format!(
                "a `?` right before a key is part of its name here; write `{bare}`"
            )),
        );
    }
    let help = match crate::suggest::closest(name, names.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None if names.len() <= 12 => format!(
            "the keys here are {}",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => "see the schema named on the file's first line for the keys".to_string(),
    };
    (message, Some(help))
}

/// `prose.ru: ` or `next[0].methods: ` for a nested key, nothing at the top.
fn at_path(path: &[String]) -> String {
    let mut out = String::new();
    for part in path {
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{part}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    if !out.is_empty() {
        out.push_str(": ");
    }
    out
}

/// A field's documentation as one line, for a hint.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
