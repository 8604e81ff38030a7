//! Limits on what content may hold. No real record comes near them (the
//! largest SIP record's description is about 1,600 characters); they exist
//! so that a hostile or broken file fails loudly instead of multiplying into
//! thousands of pages. README.md lists them for contributors.

/// Largest content file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// Reason phrases, wild reason phrases and localized names, in characters.
pub const MAX_PHRASE_CHARS: usize = 100;
/// One-sentence summaries and curated rules, in characters.
pub const MAX_SUMMARY_CHARS: usize = 600;
/// Other prose fields, curated notes and example responses, in characters.
pub const MAX_TEXT_CHARS: usize = 8_000;
/// Header names, in characters.
pub const MAX_HEADER_CHARS: usize = 64;
/// Items in any list of a record (senders, headers, references, ...).
pub const MAX_LIST_ITEMS: usize = 32;
/// RFC numbers.
pub const RFC_NUMBERS: std::ops::RangeInclusive<u32> = 1..=99_999;
/// Q.850 cause values (ITU-T Q.850 defines 1 to 127).
pub const Q850_CAUSES: std::ops::RangeInclusive<u16> = 1..=127;
/// Section numbers, in characters.
pub const MAX_SECTION_CHARS: usize = 16;

/// Why `text` breaks the limit of `max` characters or holds a control
/// character (other than a line break or a tab), if it does.
pub fn text_problem(text: &str, max: usize) -> Option<String> {
    let chars = text.chars().count();
    if chars > max {
        return Some(format!("is {chars} characters long; the limit is {max}"));
    }
    text.chars()
        .find(|c| c.is_control() && *c != '\n' && *c != '\t')
        .map(|c| format!("holds the control character U+{:04X}", c as u32))
}

/// A section number as RFCs write them: `21.4.2`, `A.1`, `8`.
pub fn is_section(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SECTION_CHARS
        && s.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_and_control_characters_are_named() {
        assert_eq!(text_problem("Busy Here", 100), None);
        assert_eq!(text_problem("a\n\tb", 100), None);
        assert!(
            text_problem(&"x".repeat(101), 100)
                .unwrap()
                .contains("101 characters")
        );
        assert!(text_problem("a\u{0}b", 100).unwrap().contains("U+0000"));
        assert!(text_problem("a\u{1b}[31m", 100).unwrap().contains("U+001B"));
    }

    #[test]
    fn sections_follow_the_rfc_numbering() {
        for ok in ["8", "21.4.2", "A.1", "8.2.6.1"] {
            assert!(is_section(ok), "{ok}");
        }
        for bad in ["", "21.", ".1", "21 4", "§21", "1.2/../x", "javascript:x"] {
            assert!(!is_section(bad), "{bad}");
        }
    }
}
