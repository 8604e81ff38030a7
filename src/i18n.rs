//! Sentence patterns: the only way composed text reaches a page, so that every
//! sentence is written whole in each locale and never glued from English pieces.

use serde::Deserialize;

/// A sentence with `{name}` placeholders, from a string table.
#[derive(Debug, Clone, Hash, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Pattern(String);

impl Pattern {
    pub fn new(text: impl Into<String>) -> Self {
        Pattern(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The placeholders the pattern uses, in order, or an error for an
    /// unbalanced brace.
    pub fn placeholders(&self) -> Result<Vec<&str>, String> {
        let mut names = Vec::new();
        let mut rest = self.0.as_str();
        while let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                return Err("`}` without a matching `{`".into());
            }
            let after = &rest[open + 1..];
            let close = after
                .find('}')
                .ok_or_else(|| "`{` without a matching `}`".to_string())?;
            let name = &after[..close];
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                return Err(format!("`{{{name}}}` is not a placeholder name"));
            }
            names.push(name);
            rest = &after[close + 1..];
        }
        Ok(names)
    }

    /// Fills the placeholders with `args`. Validation has checked that every
    /// placeholder is one the caller supplies; a name without a value is kept
    /// verbatim so a slip shows on the page and in tests instead of vanishing.
    pub fn fill(&self, args: &[(&str, &str)]) -> String {
        let mut out = String::with_capacity(self.0.len() + 32);
        let mut rest = self.0.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let name = &after[..close];
                    match args.iter().find(|(k, _)| *k == name) {
                        Some((_, value)) => out.push_str(value),
                        None => out.push_str(&rest[open..open + close + 2]),
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// Joins items into a list the way the locale writes lists ("A, B and C",
/// "A、B和C"), from three patterns of its table.
pub fn join_list(items: &[&str], pair: &Pattern, separator: &Pattern, last: &Pattern) -> String {
    match items {
        [] => String::new(),
        [only] => (*only).to_string(),
        [first, second] => pair.fill(&[("first", first), ("second", second)]),
        [init @ .., final_item] => {
            let rest = init.join(separator.as_str());
            last.fill(&[("rest", &rest), ("last", final_item)])
        }
    }
}

/// Puts a space between Han characters and Latin letters or digits, as
/// Chinese technical writing does ("收到 486 后", "Contact 和 Expires"), so
/// that composed sentences follow the rule whatever their parts. Text
/// without Han characters comes back unchanged.
pub fn space_han_latin(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if let Some(p) = prev
            && ((is_han(p) && is_latin(c)) || (is_latin(p) && is_han(c)))
        {
            out.push(' ');
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_and_latin_are_spaced_and_nothing_else_changes() {
        assert_eq!(space_han_latin("收到486后"), "收到 486 后");
        assert_eq!(space_han_latin("Contact和Expires"), "Contact 和 Expires");
        assert_eq!(
            space_han_latin("收到 486 后，客户端"),
            "收到 486 后，客户端"
        );
        assert_eq!(space_han_latin("（RFC 3261）"), "（RFC 3261）");
        assert_eq!(space_han_latin("После 302 клиент"), "После 302 клиент");
    }

    #[test]
    fn fill_replaces_every_placeholder() {
        let p = Pattern::new("После {a} клиент {action}.");
        assert_eq!(
            p.fill(&[("a", "302"), ("action", "повторяет запрос")]),
            "После 302 клиент повторяет запрос."
        );
    }

    #[test]
    fn placeholders_are_listed_and_bad_braces_rejected() {
        assert_eq!(
            Pattern::new("{a} vs {b}").placeholders().unwrap(),
            vec!["a", "b"]
        );
        assert!(Pattern::new("{a vs b").placeholders().is_err());
        assert!(Pattern::new("a} vs b").placeholders().is_err());
        assert!(Pattern::new("{A}").placeholders().is_err());
    }

    #[test]
    fn lists_follow_the_locale_patterns() {
        let (pair, sep, last) = (
            Pattern::new("{first} and {second}"),
            Pattern::new(", "),
            Pattern::new("{rest}, and {last}"),
        );
        assert_eq!(join_list(&["A"], &pair, &sep, &last), "A");
        assert_eq!(join_list(&["A", "B"], &pair, &sep, &last), "A and B");
        assert_eq!(
            join_list(&["A", "B", "C"], &pair, &sep, &last),
            "A, B, and C"
        );
        let (pair, sep, last) = (
            Pattern::new("{first}和{second}"),
            Pattern::new("、"),
            Pattern::new("{rest}和{last}"),
        );
        assert_eq!(join_list(&["A", "B", "C"], &pair, &sep, &last), "A、B和C");
    }
}
