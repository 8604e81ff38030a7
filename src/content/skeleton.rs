//! `statusdex new`: a record skeleton with every field and a prose block per
//! locale, for a contributor to fill in. Its empty texts fail `check` until
//! they are written, so a skeleton never reaches readers.

use super::schema::modeline;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The registered reason phrase of `code`, from the family's optional
/// `registry.tsv` (code, reason phrase, ... separated by tabs).
pub fn registry_reason(family_dir: &Path, code: u16) -> Option<String> {
    let text = std::fs::read_to_string(family_dir.join(REGISTRY_FILE)).ok()?;
    text.lines().find_map(|line| {
        let mut cells = line.split('\t');
        let number: u16 = cells.next()?.trim().parse().ok()?;
        (number == code).then(|| cells.next().unwrap_or_default().trim().to_string())
    })
}

/// A family's copy of its registry, read by `new` and by the tests.
pub const REGISTRY_FILE: &str = "registry.tsv";

/// Writes `content/{family}/{code}.yaml`; refuses to replace a file.
pub fn write_skeleton(
    root: &Path,
    family: &str,
    code: u16,
    class: &str,
    locales: &[String],
) -> Result<PathBuf> {
    let dir = root.join("content").join(family);
    let path = dir.join(format!("{code}.yaml"));
    let reason = registry_reason(&dir, code);
    let text = skeleton(family, code, class, reason.as_deref(), locales);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Output(format!(
                    "{} exists; statusdex new never replaces a record",
                    crate::diagnostic::display_path(&path)
                ))
            } else {
                Error::io("creating", &path, e)
            }
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| Error::io("writing", &path, e))?;
    Ok(path)
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialize")
}

pub fn skeleton(
    family: &str,
    code: u16,
    class: &str,
    reason: Option<&str>,
    locales: &[String],
) -> String {
    let line = modeline(&format!("{family}/{code}.yaml")).unwrap_or_default();
    let reason = reason.map_or_else(|| "\"\"".to_string(), quoted);
    let mut out = format!(
        r#"{line}
# Written by `statusdex new`. Fill in every empty value; `statusdex check`
# lists what is missing. Field by field: README.md, "Content layout".
code: {code}
reason: {reason}                     # exactly as registered and sent on the wire
class: {class}
defined_in: {{rfc: 0, section: ""}}  # the RFC (and section) that defines the code
changes: []                       # later RFCs: {{rfc, section, change: deprecated | renamed | updated}}
wild_reasons: []                  # other reason phrases stacks send with this code
references: []                    # further sections worth reading: {{rfc, section}}
senders: []                       # keys of families.{family}.senders in the string tables
answers: []                       # methods it answers; delete the line for any request
carries: []                       # header fields the response carries that define it
retry_adds: []                    # header fields the follow-up request adds
related_headers: []
retry: no_retry                   # not_needed | new_target | same_target_changed | later | other_server | no_retry
next:                             # what the client does next (families.{family}.actions)
  - {{action: ""}}
q850: []                          # RFC 3398 mappings: {{cause, direction, rfc, section}}
related: []                       # codes worth reading next
example: |                        # a complete response as seen in a trace
  
flow:                             # the typical exchange (families.{family}.lanes)
  lanes: []
  steps: []                       # {{from, to, msg: "INVITE" or "{code} ...", note}}
prose:
"#
    );
    for locale in locales {
        out.push_str(&format!(
            r#"  {locale}:
    name: ""                      # short name in this language
    summary: ""                   # one sentence, Markdown
    description: ""
    when_you_see_it: ""
    how_to_fix: ""
    use_it_when: ""
"#
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_skeleton_parses_as_a_record_with_a_block_per_locale() {
        let text = skeleton(
            "sip",
            499,
            "4xx",
            Some("Some \"Phrase\""),
            &["en".into(), "ru".into()],
        );
        let record: super::super::CodeRecord =
            serde_yaml::from_str(&text).expect("a skeleton parses");
        assert_eq!(record.code, 499);
        assert_eq!(record.reason, "Some \"Phrase\"");
        assert_eq!(record.prose.len(), 2);
        assert!(text.starts_with("# yaml-language-server: $schema=../schema/record.schema.json\n"));
    }
}
