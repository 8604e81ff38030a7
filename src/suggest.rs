//! "Did you mean …?" for names a contributor typed: keys, values, locales.

/// The candidate closest to `word`, when it is close enough to be a typo of
/// it rather than another word.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_finds_its_word_and_a_stranger_finds_none() {
        let keys = ["summary", "description", "how_to_fix", "name"];
        assert_eq!(closest("sumary", keys), Some("summary"));
        assert_eq!(closest("descripton", keys), Some("description"));
        assert_eq!(closest("How_To_Fix", keys), Some("how_to_fix"));
        assert_eq!(closest("colour", keys), None);
    }
}
