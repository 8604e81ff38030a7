//! Sentence patterns: the only way composed text reaches a page, so that every
//! sentence is written whole in each locale and never glued from English pieces.

use serde::Deserialize;

/// A sentence with `{name}` placeholders, from a string table.
#[derive(Debug, Clone, Deserialize)]
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

#[cfg(test)]
mod tests {
    use super::*;

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
