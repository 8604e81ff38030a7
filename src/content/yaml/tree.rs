//! A YAML document as a tree of nodes that remember where they start, so
//! every key and value can be pointed at: serde_yaml gives a position only
//! for the first error, and none for values that parse but make no sense.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// One node and the byte offset of its first character.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub at: usize,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A scalar's text; `plain` when it was written without quotes or block
    /// markers, the only kind YAML reads as a number, boolean or null.
    /// `tagged` scalars (`!x`) are left for the deserializer to judge.
    Scalar {
        text: String,
        plain: bool,
        tagged: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub fn scalar(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// A plain scalar with nothing in it: what `key:` with no value reads as.
    pub fn is_empty_plain(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true, .. } if text.is_empty())
    }

    /// `~`, `null` and friends, as YAML's core schema reads them.
    pub fn is_null_word(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true, .. }
            if matches!(text.as_str(), "~" | "null" | "Null" | "NULL"))
    }

    /// What the node is, in the words of an error message.
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Scalar { .. } if self.is_empty_plain() || self.is_null_word() => "nothing",
            Value::Scalar { plain: true, .. } if self.as_integer().is_some() => "a number",
            Value::Scalar {
                text, plain: true, ..
            } if as_bool(text).is_some() => "a boolean",
            Value::Scalar { .. } => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The integer a plain scalar reads as, the way the deserializer reads
    /// it: decimal without leading zeros, or 0x, 0o, 0b.
    pub fn as_integer(&self) -> Option<i128> {
        let Value::Scalar {
            text, plain: true, ..
        } = &self.value
        else {
            return None;
        };
        let (negative, digits) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text.as_str()),
        };
        let radix = |prefix: &str, radix: u32| {
            digits
                .strip_prefix(prefix)
                .filter(|d| !d.is_empty() && !d.starts_with(['+', '-']))
                .and_then(|d| i128::from_str_radix(d, radix).ok())
        };
        let value = radix("0x", 16)
            .or_else(|| radix("0o", 8))
            .or_else(|| radix("0b", 2))
            .or_else(|| {
                let decimal = !digits.is_empty()
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && (digits == "0" || !digits.starts_with('0'));
                decimal.then(|| digits.parse().ok()).flatten()
            })?;
        Some(if negative { -value } else { value })
    }

    /// The entry of a mapping with this key.
    pub fn get(&self, key: &str) -> Option<&(Node, Node)> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.scalar() == Some(key)),
            _ => None,
        }
    }

    /// The byte offset of the deepest node a key path reaches: mapping keys
    /// by name, list items by index. A path that stops short points at the
    /// last key it found, so a missing key is shown where it belongs.
    pub fn locate(&self, path: &[&str]) -> usize {
        let mut node = self;
        let mut at = self.at;
        for part in path {
            let next = match &node.value {
                Value::Map(_) => node.get(part).map(|(k, v)| (k.at, v)),
                Value::Seq(items) => part
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .map(|item| (item.at, item)),
                _ => None,
            };
            let Some((here, next)) = next else { break };
            at = here;
            node = next;
        }
        at
    }
}

pub fn as_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// Collections nested deeper than this are refused: the checks that walk
/// the tree recurse, and no content comes near it.
pub const MAX_DEPTH: usize = 64;

/// Anchors (and the aliases that repeat them) are refused: no content needs
/// them, and an alias repeated makes a small file expand into a huge one.
fn refuse_anchor(anchor: usize, at: usize) -> Result<(), SyntaxError> {
    if anchor == 0 {
        return Ok(());
    }
    Err(SyntaxError {
        at,
        message: "YAML anchors are not allowed in content files; write the value out".into(),
    })
}

/// A syntax error: the byte offset and the parser's message.
#[derive(Debug)]
pub struct SyntaxError {
    pub at: usize,
    pub message: String,
}

/// Parses a one-document file into its tree. An empty file is an empty plain
/// scalar, as the deserializer reads it.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut offsets = Offsets::new(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| SyntaxError {
            at: offsets.byte(e.marker().index()),
            message: e.info().to_string(),
        })?;
        let at = offsets.start(&span);
        let node = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(SyntaxError {
                        at,
                        message: "a content file holds one YAML document; remove this `---` or split the file".into(),
                    });
                }
                continue;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                refuse_anchor(anchor, at)?;
                if stack.len() >= MAX_DEPTH {
                    return Err(SyntaxError {
                        at,
                        message: format!(
                            "nested more than {MAX_DEPTH} levels deep; content is never nested this deep"
                        ),
                    });
                }
                stack.push(Frame::new(at, matches!(event, Event::SequenceStart(..))));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(frame) => frame.finish(),
                None => continue,
            },
            Event::Scalar(text, style, anchor, tag) => {
                refuse_anchor(anchor, at)?;
                Node {
                    at,
                    value: Value::Scalar {
                        text: text.into_owned(),
                        plain: style == ScalarStyle::Plain,
                        tagged: tag.is_some(),
                    },
                }
            }
            Event::Alias(_) => {
                return Err(SyntaxError {
                    at,
                    message: "YAML aliases are not allowed in content files; write the value out"
                        .into(),
                });
            }
            _ => continue,
        };
        match stack.last_mut() {
            Some(frame) => frame.push(node),
            None => root = Some(node),
        }
    }
    Ok(root.unwrap_or(Node {
        at: 0,
        value: Value::Scalar {
            text: String::new(),
            plain: true,
            tagged: false,
        },
    }))
}

/// A collection being read: its items, or its entries with a key waiting
/// for its value.
struct Frame {
    at: usize,
    seq: bool,
    items: Vec<Node>,
}

impl Frame {
    fn new(at: usize, seq: bool) -> Self {
        Frame {
            at,
            seq,
            items: Vec::new(),
        }
    }

    fn push(&mut self, node: Node) {
        self.items.push(node);
    }

    fn finish(self) -> Node {
        let value = if self.seq {
            Value::Seq(self.items)
        } else {
            let mut entries = Vec::with_capacity(self.items.len() / 2);
            let mut items = self.items.into_iter();
            while let (Some(k), Some(v)) = (items.next(), items.next()) {
                entries.push((k, v));
            }
            Value::Map(entries)
        };
        Node { at: self.at, value }
    }
}

/// Turns the parser's character indices into byte offsets. Events come in
/// document order, so a cursor that only moves forward makes this linear
/// (counting from the line start each time was quadratic on one long line).
struct Offsets<'a> {
    text: &'a str,
    char_at: usize,
    byte_at: usize,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        Offsets {
            text,
            char_at: 0,
            byte_at: 0,
        }
    }

    fn start(&mut self, span: &Span) -> usize {
        self.byte(span.start.index())
    }

    /// The byte offset of the character at `index`.
    fn byte(&mut self, index: usize) -> usize {
        if index < self.char_at {
            self.char_at = 0;
            self.byte_at = 0;
        }
        let rest = &self.text[self.byte_at..];
        match rest.char_indices().nth(index - self.char_at) {
            Some((i, _)) => {
                self.byte_at += i;
                self.char_at = index;
            }
            None => {
                self.char_at += rest.chars().count();
                self.byte_at = self.text.len();
            }
        }
        self.byte_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_and_value_keeps_its_byte_offset() {
        let text = "# comment\ncode: 302\nprose:\n  ru:\n    name: \"Временно\"\n    summary: x\nrelated: [301, 305]\n";
        let tree = parse(text).unwrap();
        let at = |path: &[&str]| &text[tree.locate(path)..];
        assert!(at(&["code"]).starts_with("code: 302"));
        assert!(at(&["prose", "ru", "summary"]).starts_with("summary: x"));
        assert!(at(&["related", "1"]).starts_with("305]"));
        // A path that stops short points at the last key found.
        assert!(at(&["prose", "zh", "name"]).starts_with("prose:"));
        let (_, name) = tree
            .get("prose")
            .unwrap()
            .1
            .get("ru")
            .unwrap()
            .1
            .get("name")
            .unwrap();
        assert!(text[name.at..].starts_with("\"Временно\""));
    }

    #[test]
    fn integers_read_as_the_deserializer_reads_them() {
        let int = |t: &str| {
            parse(&format!("n: {t}\n"))
                .unwrap()
                .get("n")
                .unwrap()
                .1
                .as_integer()
        };
        assert_eq!(int("302"), Some(302));
        assert_eq!(int("0x12e"), Some(302));
        assert_eq!(int("+7"), Some(7));
        assert_eq!(int("-1"), Some(-1));
        assert_eq!(int("030"), None);
        assert_eq!(int("'302'"), None);
        assert_eq!(int("3_02"), None);
        assert_eq!(int("302.0"), None);
    }

    #[test]
    fn syntax_errors_and_second_documents_have_positions() {
        let err = parse("code: 1\nname: [a, b\n").unwrap_err();
        assert!(err.at > 0, "{err:?}");
        let err = parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!(err.at, 5);
        assert!(parse("").unwrap().is_empty_plain());
    }
}
