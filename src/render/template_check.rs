//! Checks every variable path of the page templates against the JSON Schemas
//! of the views they are rendered with, without rendering.
//!
//! Tera 2 has no strict mode: an undefined last attribute in `{% if %}` is
//! simply false, so a misspelt `{% if page.note_htm %}` drops a section from
//! every page without a word, and its AST is private. So the templates are
//! scanned here with a small lexer that knows just enough of the syntax
//! (loops, `set`, filters, tests, calls, literals) to find the paths, and each
//! path is resolved through the schema of its root. Where a type is not known
//! (a `set` from an expression, a map with free keys, component parameters)
//! nothing is reported: a false alarm would teach people to ignore the check.

use super::views::{CodeView, FamilyView, HomeView, NavView, NotFoundView, PairView, RootView};
use super::{LocaleView, SiteView, TEMPLATES_DIR};
use crate::content::strings::UiStrings;
use crate::diagnostic::{Diagnostic, Diagnostics};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

/// Fields of Tera's `loop` object (its parser refuses any other).
const LOOP_FIELDS: [&str; 5] = ["index", "index0", "first", "last", "length"];

/// Words of the expression syntax that are neither variables nor fields.
const KEYWORDS: [&str; 17] = [
    "and", "or", "not", "in", "is", "if", "else", "for", "true", "false", "True", "False", "none",
    "None", "null", "self", "super",
];

/// The context roots every page gets, and the type of `page` per template.
pub(crate) struct Schemas {
    defs: Map<String, Value>,
    common: Vec<(&'static str, Value)>,
    pages: Vec<(&'static str, Value)>,
}

impl Schemas {
    /// Generated once per process: `serve` checks the templates on every
    /// rebuild, and the views do not change while it runs.
    pub(crate) fn get() -> &'static Schemas {
        static SCHEMAS: std::sync::OnceLock<Schemas> = std::sync::OnceLock::new();
        SCHEMAS.get_or_init(Schemas::new)
    }

    fn new() -> Self {
        let mut generator = schemars::generate::SchemaSettings::default()
            .for_serialize()
            .into_generator();
        let common = vec![
            (
                "site",
                generator.subschema_for::<SiteView<'static>>().to_value(),
            ),
            (
                "locale",
                generator.subschema_for::<LocaleView<'static>>().to_value(),
            ),
            ("t", generator.subschema_for::<UiStrings>().to_value()),
            ("nav", generator.subschema_for::<NavView>().to_value()),
        ];
        // Localized pages go through `PageView`, whose serde tag adds `kind`.
        let tagged = |view: Value| {
            serde_json::json!({
                "allOf": [view],
                "properties": {"kind": {"type": "string"}},
            })
        };
        let pages = vec![
            (
                "root.html",
                generator.subschema_for::<RootView>().to_value(),
            ),
            (
                "404.html",
                generator.subschema_for::<NotFoundView>().to_value(),
            ),
            (
                "home.html",
                tagged(generator.subschema_for::<HomeView>().to_value()),
            ),
            (
                "family.html",
                tagged(generator.subschema_for::<FamilyView>().to_value()),
            ),
            (
                "code.html",
                tagged(generator.subschema_for::<CodeView>().to_value()),
            ),
            (
                "pair.html",
                tagged(generator.subschema_for::<PairView>().to_value()),
            ),
        ];
        Schemas {
            defs: generator.take_definitions(true),
            common,
            pages,
        }
    }

    /// The definition a `$ref` names, with its name.
    fn deref<'s>(&'s self, schema: &'s Value) -> Option<(&'s str, &'s Value)> {
        let name = schema.get("$ref")?.as_str()?.rsplit('/').next()?;
        self.defs.get(name).map(|d| (name, d))
    }

    /// The object shapes a value of `schema` can have, with `$ref`, `allOf`,
    /// `anyOf` and `oneOf` expanded and `null` (an `Option`'s `None`) left
    /// out. `None` when any of them is unconstrained.
    fn shapes<'s>(
        &'s self,
        schema: &'s Value,
        out: &mut Vec<&'s Map<String, Value>>,
        depth: usize,
    ) -> bool {
        let Some(map) = schema.as_object() else {
            // `true` accepts anything; `false` accepts nothing and says nothing.
            return schema != &Value::Bool(true);
        };
        if depth > 32 {
            return false;
        }
        if let Some((_, def)) = self.deref(schema) {
            return self.shapes(def, out, depth + 1);
        }
        if map.contains_key("$ref") {
            return false;
        }
        let mut known = true;
        let mut combined = false;
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(branches) = map.get(key).and_then(Value::as_array) {
                combined = true;
                for b in branches {
                    known &= self.shapes(b, out, depth + 1);
                }
            }
        }
        let types = types(map);
        let own = map.contains_key("properties")
            || map.contains_key("items")
            || map.contains_key("additionalProperties")
            || !types.is_empty();
        if own {
            if types == ["null"] {
                return known;
            }
            out.push(map);
        } else if !combined {
            // `{}`: any value at all, such as `serde_json::Value`.
            return false;
        }
        known
    }

    /// What `field` of a value of `schema` is.
    fn field<'s>(&'s self, schema: &'s Value, field: &str) -> Lookup<'s> {
        let mut shapes = Vec::new();
        if !self.shapes(schema, &mut shapes, 0) {
            return Lookup::Unknown;
        }
        let mut found = Vec::new();
        for shape in &shapes {
            if let Some(p) = shape.get("properties").and_then(|p| p.get(field)) {
                found.push(p);
                continue;
            }
            match shape.get("additionalProperties") {
                Some(Value::Bool(true)) => return Lookup::Unknown,
                Some(v @ Value::Object(_)) => found.push(v),
                _ => {
                    let types = types(shape);
                    let has_props = shape.contains_key("properties");
                    if !has_props && (types.is_empty() || types.contains(&"object")) {
                        return Lookup::Unknown;
                    }
                }
            }
        }
        match found.as_slice() {
            [] => Lookup::Missing(
                shapes
                    .iter()
                    .filter_map(|s| s.get("properties").and_then(Value::as_object))
                    .flat_map(|p| p.keys().map(String::as_str))
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
            ),
            [one] => Lookup::Found(Ty::Schema(one)),
            // The same name in two shapes of a union: say nothing of its type.
            _ => Lookup::Found(Ty::Unknown),
        }
    }

    /// The type of an item of a list (`for x in list`, `list[0]`).
    fn item<'s>(&'s self, schema: &'s Value) -> Ty<'s> {
        let mut shapes = Vec::new();
        if !self.shapes(schema, &mut shapes, 0) {
            return Ty::Unknown;
        }
        match shapes.as_slice() {
            [one] => one.get("items").map_or(Ty::Unknown, |i| match i {
                Value::Object(_) => Ty::Schema(i),
                _ => Ty::Unknown,
            }),
            _ => Ty::Unknown,
        }
    }

    /// The type of a value of a map (`for k, v in map`).
    fn map_value<'s>(&'s self, schema: &'s Value) -> Ty<'s> {
        let mut shapes = Vec::new();
        if !self.shapes(schema, &mut shapes, 0) {
            return Ty::Unknown;
        }
        match shapes.as_slice() {
            [one] => match one.get("additionalProperties") {
                Some(v @ Value::Object(_)) => Ty::Schema(v),
                _ => Ty::Unknown,
            },
            _ => Ty::Unknown,
        }
    }

    /// How a message names the type: `CodeView`, `a list of Link`, `string`.
    fn describe(&self, schema: &Value) -> Option<String> {
        if let Some((name, _)) = self.deref(schema) {
            return Some(name.to_string());
        }
        let map = schema.as_object()?;
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(branches) = map.get(key).and_then(Value::as_array) {
                let named: Vec<String> = branches
                    .iter()
                    .filter(|b| b.get("type").and_then(Value::as_str) != Some("null"))
                    .filter_map(|b| self.describe(b))
                    .collect();
                if let [one] = named.as_slice() {
                    return Some(one.clone());
                }
            }
        }
        let types: Vec<&str> = types(map).into_iter().filter(|t| *t != "null").collect();
        match types.as_slice() {
            ["array"] => Some(match map.get("items").and_then(|i| self.describe(i)) {
                Some(item) => format!("a list of {item}"),
                None => "a list".to_string(),
            }),
            [one] => Some((*one).to_string()),
            _ => None,
        }
    }

    /// The root of a page template's context: `page` and the common roots.
    fn root(&self, page_template: &str, name: &str) -> Option<&Value> {
        if name == "page" {
            return self
                .pages
                .iter()
                .find(|(t, _)| *t == page_template)
                .map(|(_, s)| s);
        }
        self.common.iter().find(|(n, _)| *n == name).map(|(_, s)| s)
    }
}

fn types(map: &Map<String, Value>) -> Vec<&str> {
    match map.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// What the check knows of a value's type.
#[derive(Debug, Clone, Copy)]
enum Ty<'s> {
    Schema(&'s Value),
    /// A list literal whose elements all have this schema.
    ListOf(&'s Value),
    /// Tera's `loop` object, inside a `for`.
    Loop,
    Unknown,
}

enum Lookup<'s> {
    Found(Ty<'s>),
    /// The field does not exist; these do.
    Missing(Vec<&'s str>),
    Unknown,
}

/// One token of a tag, with its byte offset in the template.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Token<'t> {
    kind: Kind,
    text: &'t str,
    at: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Ident,
    /// A string literal; `text` is its contents without the quotes.
    Str,
    Number,
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum TagKind {
    /// `{{ … }}`
    Print,
    /// `{% … %}`
    Statement,
}

/// A `{{ … }}` or `{% … %}` tag, as tokens.
#[derive(Debug)]
struct Tag<'t> {
    kind: TagKind,
    tokens: Vec<Token<'t>>,
}

const PUNCTS: [&str; 17] = [
    "...", "?.", "?[", "==", "!=", "<=", ">=", "//", "**", "::", "</", "/>", "(", ")", "[", "]",
    ",",
];

/// Splits a template into its tags, skipping text, `{# … #}` comments and
/// `{% raw %}` sections. Lenient: a template that does not parse gives what
/// could be read, and Tera reports the syntax error.
fn tags(src: &str) -> Vec<Tag<'_>> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(found) = src[i..].find('{') {
        let start = i + found;
        let (kind, close) = match bytes.get(start + 1) {
            Some(b'{') => (TagKind::Print, "}}"),
            Some(b'%') => (TagKind::Statement, "%}"),
            Some(b'#') => {
                i = src[start + 2..]
                    .find("#}")
                    .map_or(src.len(), |e| start + 2 + e + 2);
                continue;
            }
            _ => {
                i = start + 1;
                continue;
            }
        };
        let (tokens, end) = lex(src, start + 2, close);
        i = end;
        let raw = kind == TagKind::Statement
            && matches!(tokens.as_slice(), [t] if t.text == "raw" && t.kind == Kind::Ident);
        out.push(Tag { kind, tokens });
        if raw {
            i = end_of_raw(src, i);
        }
    }
    out
}

/// The offset after the `{% endraw %}` that closes a raw section.
fn end_of_raw(src: &str, mut i: usize) -> usize {
    while let Some(found) = src[i..].find("{%") {
        let start = i + found;
        let (tokens, end) = lex(src, start + 2, "%}");
        if matches!(tokens.as_slice(), [t] if t.text == "endraw") {
            return end;
        }
        i = start + 2;
    }
    src.len()
}

/// The tokens of one tag from `i` up to its closing delimiter, and the
/// offset after it.
fn lex<'t>(src: &'t str, mut i: usize, close: &str) -> (Vec<Token<'t>>, usize) {
    let bytes = src.as_bytes();
    let mut tokens = Vec::new();
    // Whitespace control: `{{-`, `{%-`.
    if bytes.get(i) == Some(&b'-') {
        i += 1;
    }
    while i < bytes.len() {
        let rest = &src[i..];
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if rest.starts_with(close) {
            return (tokens, i + close.len());
        } else if c == b'-' && rest[1..].starts_with(close) {
            return (tokens, i + 1 + close.len());
        } else if matches!(c, b'"' | b'\'' | b'`') {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != c {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            let end = j.min(bytes.len());
            tokens.push(Token {
                kind: Kind::Str,
                text: &src[i + 1..end],
                at: i,
            });
            i = (end + 1).min(bytes.len());
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let len = rest
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                .count();
            tokens.push(Token {
                kind: Kind::Ident,
                text: &rest[..len],
                at: i,
            });
            i += len;
        } else if c.is_ascii_digit() {
            let mut len = rest.bytes().take_while(u8::is_ascii_digit).count();
            // A fraction, but not the dot of `list.0.name`.
            if rest[len..].starts_with('.')
                && rest[len + 1..]
                    .bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_digit())
            {
                len += 1 + rest[len + 1..]
                    .bytes()
                    .take_while(u8::is_ascii_digit)
                    .count();
            }
            tokens.push(Token {
                kind: Kind::Number,
                text: &rest[..len],
                at: i,
            });
            i += len;
        } else {
            let len = PUNCTS.iter().find(|p| rest.starts_with(**p)).map_or_else(
                || rest.chars().next().map_or(1, char::len_utf8),
                |p| p.len(),
            );
            tokens.push(Token {
                kind: Kind::Punct,
                text: &rest[..len],
                at: i,
            });
            i += len;
        }
    }
    (tokens, bytes.len())
}

fn is(t: Option<&Token<'_>>, kind: Kind, text: &str) -> bool {
    t.is_some_and(|t| t.kind == kind && t.text == text)
}

fn ident<'t>(t: Option<&Token<'t>>) -> Option<&'t str> {
    t.filter(|t| t.kind == Kind::Ident).map(|t| t.text)
}

/// The templates a template names in `extends` and `include`.
fn referenced<'t>(tags: &[Tag<'t>]) -> Vec<&'t str> {
    tags.iter()
        .filter(|t| t.kind == TagKind::Statement)
        .filter_map(|t| match t.tokens.as_slice() {
            [kw, name, ..]
                if kw.kind == Kind::Ident
                    && matches!(kw.text, "extends" | "include")
                    && name.kind == Kind::Str =>
            {
                Some(name.text)
            }
            _ => None,
        })
        .collect()
}

/// Checks the paths of every page template and of the templates it extends
/// or includes, against the views it is rendered with. Templates no page
/// reaches are not checked: nothing says what they are given.
pub(crate) fn check(schemas: &Schemas, sources: &[(String, String)]) -> Diagnostics {
    let lexed: Vec<(&str, Vec<Tag<'_>>)> = sources
        .iter()
        .map(|(name, text)| (name.as_str(), tags(text)))
        .collect();
    let texts: Vec<Arc<str>> = sources.iter().map(|(_, t)| Arc::from(t.as_str())).collect();
    let mut diagnostics = Diagnostics::default();
    let mut seen = HashSet::new();
    for (page, _) in &schemas.pages {
        let Some(start) = lexed.iter().position(|(n, _)| n == page) else {
            continue;
        };
        let mut chain = vec![start];
        let mut i = 0;
        while i < chain.len() {
            for name in referenced(&lexed[chain[i]].1) {
                if let Some(j) = lexed.iter().position(|(n, _)| *n == name)
                    && !chain.contains(&j)
                {
                    chain.push(j);
                }
            }
            i += 1;
        }
        // A name assigned anywhere in the chain may reach any of its files
        // (a `set` in the layout, read in a block), so it is never reported
        // as undefined, only left untyped where it is not in scope.
        let assigned: HashSet<&str> = chain
            .iter()
            .flat_map(|&c| lexed[c].1.iter())
            .flat_map(assigned_names)
            .collect();
        for &c in &chain {
            let (name, tags) = &lexed[c];
            let mut walker = Walker {
                schemas,
                page,
                assigned: &assigned,
                frames: vec![Vec::new()],
                hidden: 0,
                found: Vec::new(),
            };
            for tag in tags {
                walker.tag(tag);
            }
            for problem in walker.found {
                if seen.insert((c, problem.at)) {
                    let mut d =
                        Diagnostic::error(format!("{TEMPLATES_DIR}/{name}"), problem.message)
                            .at(&texts[c], problem.at);
                    if let Some(help) = problem.help {
                        d = d.with_help(help);
                    }
                    diagnostics.push(d);
                }
            }
        }
    }
    diagnostics
}

/// Names a tag binds: `set x`, `for x in`, `for k, v in`, also inside list
/// comprehensions.
fn assigned_names<'t>(tag: &Tag<'t>) -> Vec<&'t str> {
    let t = &tag.tokens;
    let mut names = Vec::new();
    if tag.kind == TagKind::Statement
        && matches!(ident(t.first()), Some("set" | "set_global"))
        && let Some(name) = ident(t.get(1))
    {
        names.push(name);
    }
    for (i, tok) in t.iter().enumerate() {
        if tok.kind == Kind::Ident && tok.text == "for" {
            names.extend(ident(t.get(i + 1)));
            if is(t.get(i + 2), Kind::Punct, ",") {
                names.extend(ident(t.get(i + 3)));
            }
        }
    }
    names
}

struct Problem {
    at: usize,
    message: String,
    help: Option<String>,
}

/// Walks the tags of one template in order, keeping the names in scope.
struct Walker<'a, 's> {
    schemas: &'s Schemas,
    page: &'a str,
    assigned: &'a HashSet<&'a str>,
    /// Innermost last; the first is the template's own scope.
    frames: Vec<Vec<(String, Ty<'s>)>>,
    /// Depth of component (and macro) definitions: their parameters are
    /// unknown, so nothing inside is checked.
    hidden: usize,
    found: Vec<Problem>,
}

impl<'s> Walker<'_, 's> {
    fn tag(&mut self, tag: &Tag<'_>) {
        let t = tag.tokens.as_slice();
        if tag.kind == TagKind::Print {
            if self.hidden == 0 {
                self.expr(t);
            }
            return;
        }
        let keyword = ident(t.first()).unwrap_or("");
        match keyword {
            "component" | "macro" => self.hidden += 1,
            "endcomponent" | "endmacro" => self.hidden = self.hidden.saturating_sub(1),
            _ if self.hidden > 0 => {}
            "for" => self.for_tag(t),
            // The template's own scope stays, however unbalanced the tags.
            "endfor" if self.frames.len() > 1 => {
                self.frames.pop();
            }
            "set" | "set_global" => self.set_tag(t, keyword == "set_global"),
            "if" | "elif" => {
                self.expr(&t[1..]);
            }
            // `filter name(args)`: the name is a filter, its arguments are
            // expressions.
            "filter" => {
                self.expr(t.get(2..).unwrap_or_default());
            }
            _ if is(t.first(), Kind::Punct, "<") => {
                self.expr(t);
            }
            // block, extends, include, else, end tags, break, continue, and
            // anything this check does not know.
            _ => {}
        }
    }

    fn for_tag(&mut self, t: &[Token<'_>]) {
        let Some(in_at) = t
            .iter()
            .position(|x| x.kind == Kind::Ident && x.text == "in")
        else {
            return;
        };
        let target = self.expr(&t[in_at + 1..]);
        let mut frame = vec![("loop".to_string(), Ty::Loop)];
        match &t[1..in_at] {
            [value] if value.kind == Kind::Ident => {
                frame.push((value.text.to_string(), self.item(target)));
            }
            [key, comma, value]
                if key.kind == Kind::Ident && comma.text == "," && value.kind == Kind::Ident =>
            {
                let item = match target {
                    Ty::Schema(s) => self.schemas.map_value(s),
                    _ => Ty::Unknown,
                };
                frame.push((key.text.to_string(), Ty::Unknown));
                frame.push((value.text.to_string(), item));
            }
            _ => {}
        }
        self.frames.push(frame);
    }

    fn set_tag(&mut self, t: &[Token<'_>], global: bool) {
        let Some(name) = ident(t.get(1)) else {
            return;
        };
        let ty = if is(t.get(2), Kind::Punct, "=") {
            self.expr(&t[3..])
        } else {
            // `{% set x %}…{% endset %}`, maybe with filters: a string.
            self.expr(&t[2..]);
            Ty::Unknown
        };
        let frame = if global {
            self.frames.first_mut()
        } else {
            self.frames.last_mut()
        };
        if let Some(frame) = frame {
            frame.retain(|(n, _)| n != name);
            frame.push((name.to_string(), ty));
        }
    }

    fn item(&self, ty: Ty<'s>) -> Ty<'s> {
        match ty {
            Ty::Schema(s) => self.schemas.item(s),
            Ty::ListOf(s) => Ty::Schema(s),
            Ty::Loop | Ty::Unknown => Ty::Unknown,
        }
    }

    fn lookup(&self, name: &str) -> Option<Ty<'s>> {
        self.frames
            .iter()
            .rev()
            .flat_map(|f| f.iter().rev())
            .find(|(n, _)| n == name)
            .map(|(_, ty)| *ty)
    }

    /// Checks every path of an expression; its type when it is one path or
    /// a list literal of paths of one type, otherwise `Unknown`.
    fn expr(&mut self, t: &[Token<'_>]) -> Ty<'s> {
        if let Some(ty) = self.list_literal(t) {
            return ty;
        }
        // Names a list comprehension binds (`[x.a for x in xs]`) exist only
        // inside it, and before their binding.
        let local: Vec<&str> = t
            .iter()
            .enumerate()
            .filter(|(_, x)| x.kind == Kind::Ident && x.text == "for")
            .flat_map(|(i, _)| {
                let mut n: Vec<&str> = ident(t.get(i + 1)).into_iter().collect();
                if is(t.get(i + 2), Kind::Punct, ",") {
                    n.extend(ident(t.get(i + 3)));
                }
                n
            })
            .collect();
        let mut i = 0;
        let mut only = None;
        while i < t.len() {
            let tok = t[i];
            let prev = i.checked_sub(1).map(|p| &t[p]);
            let next = t.get(i + 1);
            if tok.kind == Kind::Punct && tok.text == "<" && starts_operand(prev) {
                // A component call: `<name.sub attr=…`; the name is no variable.
                i += 1;
                while ident(t.get(i)).is_some() && is(t.get(i + 1), Kind::Punct, ".") {
                    i += 2;
                }
                i += 1;
                continue;
            }
            let skip = tok.kind != Kind::Ident
                || KEYWORDS.contains(&tok.text)
                || prev.is_some_and(|p| {
                    p.kind == Kind::Punct && matches!(p.text, "." | "?." | "|" | "::" | "</")
                })
                // A test: `x is defined`, `x is not odd`.
                || is(prev, Kind::Ident, "is")
                || (is(prev, Kind::Ident, "not") && i >= 2 && is(t.get(i - 2), Kind::Ident, "is"))
                // A call, a keyword argument, a map key, a namespace.
                || next.is_some_and(|n| {
                    n.kind == Kind::Punct && matches!(n.text, "(" | "=" | ":" | "::")
                })
                || local.contains(&tok.text)
                || tok.text.starts_with("__tera");
            if skip {
                i += 1;
                continue;
            }
            let reported = self.found.len();
            let (ty, used) = self.path(&t[i..]);
            if tolerates_absence(&t[i + used..]) {
                self.found.truncate(reported);
            }
            if i == 0 && used == t.len() {
                only = Some(ty);
            }
            i += used;
        }
        only.unwrap_or(Ty::Unknown)
    }

    /// `[a.b, c.d]`: every element checked; the common type of the elements
    /// when each is a path of the same known type.
    fn list_literal(&mut self, t: &[Token<'_>]) -> Option<Ty<'s>> {
        let (first, last) = (t.first()?, t.last()?);
        if !(first.text == "[" && last.text == "]" && first.kind == Kind::Punct) {
            return None;
        }
        let inner = &t[1..t.len() - 1];
        let mut depth = 0i32;
        let mut elements = vec![Vec::new()];
        for tok in inner {
            match tok.text {
                "[" | "(" | "{" | "?[" => depth += 1,
                "]" | ")" | "}" => depth -= 1,
                "," if depth == 0 => {
                    elements.push(Vec::new());
                    continue;
                }
                _ => {}
            }
            elements.last_mut()?.push(*tok);
        }
        if depth != 0
            || elements
                .iter()
                .any(|e| e.is_empty() || e[0].kind != Kind::Ident)
        {
            return None;
        }
        // Only plain paths; anything else is walked as a whole.
        let mut types = Vec::new();
        for e in &elements {
            if KEYWORDS.contains(&e[0].text)
                || e.iter().any(|x| matches!(x.text, "|" | "(" | "for"))
            {
                return None;
            }
        }
        for e in &elements {
            let (ty, used) = self.path(e);
            types.push(if used == e.len() { ty } else { Ty::Unknown });
            if used < e.len() {
                self.expr(&e[used..]);
            }
        }
        let same = types.windows(2).all(|w| match (w[0], w[1]) {
            (Ty::Schema(a), Ty::Schema(b)) => a == b,
            _ => false,
        });
        let ty = match types.first() {
            Some(Ty::Schema(s)) if same => *s,
            _ => return Some(Ty::Unknown),
        };
        Some(Ty::ListOf(ty))
    }

    /// Resolves a path that starts at `t[0]`: `root(.field | [0] | ["key"])*`.
    /// Returns its type and the number of tokens it spans.
    fn path(&mut self, t: &[Token<'_>]) -> (Ty<'s>, usize) {
        let root = t[0];
        let mut ty = match self.lookup(root.text) {
            Some(ty) => ty,
            None => match self.schemas.root(self.page, root.text) {
                Some(s) => Ty::Schema(s),
                None if self.assigned.contains(root.text) => Ty::Unknown,
                None => {
                    self.undefined_root(root);
                    Ty::Unknown
                }
            },
        };
        let mut shown = root.text.to_string();
        let mut i = 1;
        loop {
            let (segment, field, used) = match (t.get(i), t.get(i + 1), t.get(i + 2)) {
                (Some(dot), Some(f), _)
                    if dot.kind == Kind::Punct
                        && matches!(dot.text, "." | "?.")
                        && matches!(f.kind, Kind::Ident | Kind::Number) =>
                {
                    (*f, f.kind == Kind::Ident, 2)
                }
                (Some(open), Some(key), Some(close))
                    if matches!(open.text, "[" | "?[")
                        && open.kind == Kind::Punct
                        && matches!(key.kind, Kind::Str | Kind::Number)
                        && is(Some(close), Kind::Punct, "]") =>
                {
                    (*key, key.kind == Kind::Str, 3)
                }
                _ => return (ty, i),
            };
            ty = if field {
                self.field(ty, &shown, segment)
            } else {
                self.item(ty)
            };
            shown.push('.');
            shown.push_str(segment.text);
            i += used;
        }
    }

    fn field(&mut self, ty: Ty<'s>, parent: &str, segment: Token<'_>) -> Ty<'s> {
        let name = segment.text;
        let (fields, described) = match ty {
            Ty::Unknown => return Ty::Unknown,
            Ty::Loop => {
                if LOOP_FIELDS.contains(&name) {
                    return Ty::Unknown;
                }
                (LOOP_FIELDS.to_vec(), Some("the loop".to_string()))
            }
            Ty::Schema(s) => match self.schemas.field(s, name) {
                Lookup::Found(ty) => return ty,
                Lookup::Unknown => return Ty::Unknown,
                Lookup::Missing(fields) => (fields, self.schemas.describe(s)),
            },
            Ty::ListOf(s) => (
                Vec::new(),
                Some(
                    self.schemas
                        .describe(s)
                        .map_or_else(|| "a list".to_string(), |item| format!("a list of {item}")),
                ),
            ),
        };
        let of = match &described {
            Some(d) => format!("`{parent}` ({d})"),
            None => format!("`{parent}`"),
        };
        let what = if fields.is_empty() {
            format!("{of} has no fields")
        } else {
            format!("{of} has no field `{name}`")
        };
        self.found.push(Problem {
            at: segment.at,
            message: format!("`{parent}.{name}` is not defined: {what}"),
            help: suggest(name, fields.iter().copied()).or_else(|| {
                (!fields.is_empty()).then(|| format!("its fields: {}", fields.join(", ")))
            }),
        });
        Ty::Unknown
    }

    fn undefined_root(&mut self, root: Token<'_>) {
        let mut names: Vec<String> = self
            .frames
            .iter()
            .flatten()
            .map(|(n, _)| n.clone())
            .collect();
        names.extend(self.schemas.common.iter().map(|(n, _)| n.to_string()));
        names.push("page".into());
        self.found.push(Problem {
            at: root.at,
            message: format!(
                "`{}` is not defined: templates are given `site`, `locale`, `t`, `nav` and `page`",
                root.text
            ),
            help: suggest(root.text, names.iter().map(String::as_str)),
        });
    }
}

/// Whether what follows a path says it may be missing on purpose
/// (`x is defined`, `x is not undefined`, `x | default(…)`).
fn tolerates_absence(rest: &[Token<'_>]) -> bool {
    let word = |t: &Token<'_>, w: &str| t.kind == Kind::Ident && t.text == w;
    let test = match rest {
        [is_, not, test, ..] if word(is_, "is") && word(not, "not") => test,
        [is_, test, ..] if word(is_, "is") => test,
        [pipe, filter, ..] if pipe.kind == Kind::Punct && pipe.text == "|" => {
            return word(filter, "default");
        }
        _ => return false,
    };
    matches!(test.text, "defined" | "undefined")
}

/// Whether a `<` at this place starts an operand (a component call) rather
/// than comparing.
fn starts_operand(prev: Option<&Token<'_>>) -> bool {
    match prev {
        None => true,
        Some(p) if p.kind == Kind::Punct => matches!(p.text, "(" | "[" | "," | "=" | "{" | ":"),
        Some(p) => p.kind == Kind::Ident && KEYWORDS.contains(&p.text),
    }
}

/// "did you mean `x`?" for the closest name, when one is close.
fn suggest<'n>(wrong: &str, names: impl Iterator<Item = &'n str>) -> Option<String> {
    crate::suggest::closest(wrong, names).map(|n| format!("did you mean `{n}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The problems in `page` (and the layout it extends), as
    /// `line:col message | help`.
    fn problems(page: &str, text: &str) -> Vec<String> {
        problems_with(page, text, "{% block main %}{% endblock main %}")
    }

    fn problems_with(page: &str, text: &str, layout: &str) -> Vec<String> {
        let sources = vec![
            ("base.html".to_string(), layout.to_string()),
            (page.to_string(), text.to_string()),
        ];
        check(Schemas::get(), &sources)
            .iter()
            .map(|d| {
                let (line, col) = d.line_col().expect("a position");
                let help = d.help.as_deref().unwrap_or("");
                format!("{}:{line}:{col} {} | {help}", d.file.display(), d.message)
            })
            .collect()
    }

    #[test]
    fn a_misspelt_field_inside_if_is_found_with_its_position_and_the_right_name() {
        let p = problems(
            "pair.html",
            "{% extends \"base.html\" %}\n{% block main %}\n  {% if page.note_htm %}x{% endif %}{% endblock main %}",
        );
        assert_eq!(
            p,
            [
                "templates/pair.html:3:14 `page.note_htm` is not defined: `page` (PairView) has no field `note_htm` | did you mean `note_html`?"
            ]
        );
    }

    #[test]
    fn loop_variables_take_the_item_type_of_what_they_iterate() {
        let ok = "{% for f in page.flows %}{{ f.label }}{% for s in f.steps %}{{ s }}{% endfor %}{% endfor %}";
        assert!(problems("pair.html", ok).is_empty());
        let p = problems(
            "pair.html",
            "{% for f in page.flows %}{{ f.lable }}{% endfor %}",
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].contains("1:31 `f.lable` is not defined: `f` (FlowView) has no field `lable` | did you mean `label`?"),
            "{p:?}"
        );
        // The binding ends with its loop: the next loop's `f` is a `Link`.
        let ok = "{% for f in page.flows %}{% endfor %}{% for f in page.learn_more %}{{ f.external }}{% endfor %}";
        assert!(
            problems("pair.html", ok).is_empty(),
            "{:?}",
            problems("pair.html", ok)
        );
        // After it, the name is untyped, not undefined: a `set` elsewhere
        // could have given it a value.
        let ok = "{% for f in page.flows %}{% endfor %}{{ f.anything }}";
        assert!(problems("pair.html", ok).is_empty());
    }

    #[test]
    fn key_value_loops_and_loop_fields() {
        let ok = "{% for c in page.classes %}{{ c.id }}{% if not loop.last %},{% endif %}{{ loop.index0 }}{% endfor %}";
        assert!(problems("family.html", ok).is_empty());
        // Over a struct, keys and values are of no one type: not checked.
        let ok = "{% for k, v in page %}{{ k }}{{ v.anything }}{% endfor %}";
        assert!(problems("family.html", ok).is_empty());
        let p = problems(
            "family.html",
            "{% for c in page.classes %}{{ loop.indx }}{% endfor %}",
        );
        assert!(p[0].contains("`loop.indx` is not defined"), "{p:?}");
        assert!(p[0].contains("did you mean `index`?"), "{p:?}");
    }

    #[test]
    fn set_binds_the_type_of_a_plain_path_and_nothing_of_an_expression() {
        let p = problems(
            "code.html",
            "{% set f = page.facts %}{{ f.heading }}{{ f.headng }}",
        );
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].contains("`f` (CodeFacts) has no field `headng`"),
            "{p:?}"
        );
        let ok = "{% set f = page.facts | default(value=page.facts) %}{{ f.whatever }}{% set n %}x{% endset %}{{ n.y }}";
        assert!(
            problems("code.html", ok).is_empty(),
            "{:?}",
            problems("code.html", ok)
        );
    }

    #[test]
    fn filters_tests_calls_and_keyword_arguments_are_not_variables() {
        let ok = concat!(
            "{{ locale.lang | replace(from=\"-\", to=\"_\") | upper }}",
            "{% if page.facts.references | length > 1 %}{% endif %}",
            "{% if page.facts.name is defined and page.facts.code is not odd %}{% endif %}",
            "{{ range(end=3) | join(sep=\", \") }}{{ super() }}",
        );
        let p = problems("code.html", ok);
        assert!(p.is_empty(), "{p:?}");
        // A path that is tested for presence, or has a default, may be
        // missing on purpose.
        let ok = "{% if page.maybe is defined or page.other is not undefined %}{{ page.more | default(value=1) }}{% endif %}";
        let p = problems("code.html", ok);
        assert!(p.is_empty(), "{p:?}");
        let p = problems("code.html", "{% if page.maybe is string %}{% endif %}");
        assert_eq!(p.len(), 1, "{p:?}");
        // A path given to a filter as an argument is checked.
        let p = problems("code.html", "{{ t.none | default(value=page.exmple) }}");
        assert!(p[0].contains("`page.exmple` is not defined"), "{p:?}");
    }

    #[test]
    fn string_literals_and_comments_hide_what_looks_like_tags() {
        let ok = concat!(
            "{{ \"{{ page.nope }}\" }}{{ 'a %} {{ b' }}",
            "{# {{ page.nope }} #}",
            "{% raw %}{{ page.nope }}{% endraw %}",
            "{{ `x}}` ~ page.heading }}",
        );
        let p = problems("home.html", ok);
        assert!(p.is_empty(), "{p:?}");
        // After the raw section, checking resumes.
        let p = problems("home.html", "{% raw %}{{ x }}{% endraw %}{{ page.nope }}");
        assert_eq!(p.len(), 1, "{p:?}");
    }

    #[test]
    fn list_literals_give_their_loop_the_element_type() {
        let ok = "{% for c in [page.a, page.b] %}{{ c.use_it_when }}{% endfor %}";
        assert!(problems("pair.html", ok).is_empty());
        let p = problems(
            "pair.html",
            "{% for c in [page.a, page.b] %}{{ c.use_it_wen }}{% endfor %}",
        );
        assert!(
            p[0].contains(
                "`c` (CodeFacts) has no field `use_it_wen` | did you mean `use_it_when`?"
            ),
            "{p:?}"
        );
        // An element is checked too.
        let p = problems("pair.html", "{% for c in [page.a, page.c] %}{% endfor %}");
        assert!(p[0].contains("`page.c` is not defined"), "{p:?}");
    }

    #[test]
    fn option_fields_resolve_through_their_null_branch() {
        // `nav.search` is `Option<SearchView>`; `page.registry` `Option<String>`.
        let ok = "{% if nav.search %}{% for s in nav.search.sources %}{{ s }}{% endfor %}{{ nav.search.count_pattern }}{% endif %}{{ page.registry }}";
        assert!(problems("family.html", ok).is_empty());
        let p = problems(
            "family.html",
            "{{ nav.search.count }}{{ page.registry.url }}",
        );
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(
            p[0].contains(
                "`nav.search` (SearchView) has no field `count` | did you mean `count_pattern`?"
            ),
            "{p:?}"
        );
        assert!(
            p[1].contains("`page.registry` (string) has no fields"),
            "{p:?}"
        );
    }

    #[test]
    fn indexes_and_lists_resolve_to_their_items() {
        let ok = "{{ page.facts.references[0].href }}{{ page.facts.references.0.label }}{{ page[\"example\"] }}";
        assert!(problems("code.html", ok).is_empty());
        let p = problems("code.html", "{{ page.facts.references.href }}");
        assert!(
            p[0].contains("`page.facts.references` (a list of Link) has no fields"),
            "{p:?}"
        );
    }

    #[test]
    fn the_layout_is_checked_for_every_page_kind_once_per_place() {
        let layout = "{{ nav.title }}{{ page.heading }}{% block main %}{% endblock main %}";
        let sources = vec![
            ("base.html".to_string(), layout.to_string()),
            (
                "root.html".to_string(),
                "{% extends \"base.html\" %}".to_string(),
            ),
            (
                "home.html".to_string(),
                "{% extends \"base.html\" %}".to_string(),
            ),
        ];
        let d = check(Schemas::get(), &sources);
        let all: Vec<String> = d.iter().map(ToString::to_string).collect();
        // Root pages have no heading; home pages do.
        assert_eq!(all.len(), 1, "{all:?}");
        assert!(
            all[0].starts_with(
                "templates/base.html:1:24: error: `page.heading` is not defined: `page` (RootView)"
            ),
            "{all:?}"
        );
    }

    #[test]
    fn component_bodies_and_unreached_templates_are_not_checked() {
        let ok =
            "{% component card(title) %}{{ title.anything }}{% endcomponent %}{{ page.heading }}";
        assert!(problems("home.html", ok).is_empty());
        let sources = vec![(
            "partial.html".to_string(),
            "{{ anything.at.all }}".to_string(),
        )];
        assert_eq!(check(Schemas::get(), &sources).iter().count(), 0);
    }

    #[test]
    fn an_unknown_root_is_reported_unless_something_assigns_it() {
        let p = problems("home.html", "{{ pgae.heading }}");
        assert!(
            p[0].contains("`pgae` is not defined") && p[0].contains("did you mean `page`?"),
            "{p:?}"
        );
        let ok = "{% extends \"base.html\" %}{% block main %}{{ x.y }}{% endblock main %}";
        assert!(problems_with("home.html", ok, "{% set x = 1 %}").is_empty());
        let p = problems_with("home.html", ok, "{% set z = 1 %}");
        assert!(p[0].contains("`x` is not defined"), "{p:?}");
        let ok = "{{ [x.y for x in page.families] }}";
        assert!(problems("home.html", ok).is_empty());
    }

    #[test]
    fn the_lexer_keeps_offsets_and_whitespace_control() {
        let src = "ab{{- page.x -}}cd{%- if a.b -%}";
        let tags = tags(src);
        let texts: Vec<Vec<(&str, usize)>> = tags
            .iter()
            .map(|t| t.tokens.iter().map(|x| (x.text, x.at)).collect())
            .collect();
        assert_eq!(
            texts,
            [
                vec![("page", 6), (".", 10), ("x", 11)],
                vec![("if", 22), ("a", 25), (".", 26), ("b", 27)],
            ]
        );
    }
}
