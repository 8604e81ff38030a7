//! `statusdex stamp`: records in a translation which version of the default
//! locale's prose it translates, by editing the record's text in place (the
//! rest of the file, comments included, stays as written).

use super::{CodeRecord, SourceFile, yaml};
use crate::error::{Error, Result};
use std::path::Path;

/// Sets `translates: "<stamp>"` in the `locale` block under `prose:`.
pub fn set_stamp(text: &str, locale: &str, stamp: &str) -> std::result::Result<String, String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let meaningful = |l: &str| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    };
    let prose = lines
        .iter()
        .position(|l| l.trim_end() == "prose:")
        .ok_or("no `prose:` block")?;
    let key = format!("{locale}:");
    let block = (prose + 1..lines.len())
        .take_while(|&i| !meaningful(lines[i]) || indent(lines[i]) > 0)
        .find(|&i| lines[i].trim_start().starts_with(&key) && indent(lines[i]) > 0)
        .ok_or_else(|| format!("no `{locale}` block under `prose:`"))?;
    let block_indent = indent(lines[block]);
    let after_key = lines[block].trim_start()[key.len()..].trim();
    if !(after_key.is_empty() || after_key.starts_with('#')) {
        return Err(format!(
            "the `{locale}` block is written on one line; write its fields on lines of their own"
        ));
    }
    let fields: Vec<usize> = (block + 1..lines.len())
        .take_while(|&i| !meaningful(lines[i]) || indent(lines[i]) > block_indent)
        .filter(|&i| meaningful(lines[i]))
        .collect();
    let field_indent = fields
        .first()
        .map(|&i| indent(lines[i]))
        .ok_or_else(|| format!("the `{locale}` block has no fields"))?;
    let line = format!("{}translates: \"{stamp}\"\n", " ".repeat(field_indent));
    let existing = fields.iter().copied().find(|&i| {
        indent(lines[i]) == field_indent && lines[i].trim_start().starts_with("translates:")
    });
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    match existing {
        Some(i) => out[i] = line,
        None => out.insert(block + 1, line),
    }
    Ok(out.concat())
}

/// What `stamp` changed in one record.
#[derive(Debug, Default)]
pub struct Stamped {
    pub files: usize,
    pub blocks: usize,
}

/// Stamps the `locales` translations of the records at `paths` with the
/// current stamp of their `source` locale prose; with `missing_only`, only
/// translations that have no stamp yet.
pub fn stamp_records(
    root: &Path,
    paths: &[std::path::PathBuf],
    source: &str,
    locales: &[String],
    missing_only: bool,
) -> Result<Stamped> {
    let mut done = Stamped::default();
    for path in paths {
        let abs = root.join(path);
        let text = std::fs::read_to_string(&abs).map_err(|e| Error::io("reading", &abs, e))?;
        let file = SourceFile::new(path.clone(), &text);
        let (record, _): (CodeRecord, _) = yaml::parse(&file).map_err(|ds| {
            let mut all = crate::diagnostic::Diagnostics::default();
            for d in ds {
                all.push(d);
            }
            Error::Content(all)
        })?;
        let Some(english) = record.prose.get(source) else {
            continue;
        };
        let stamp = english.stamp();
        let mut edited = text.clone();
        for locale in locales {
            let Some(p) = record.prose.get(locale) else {
                continue;
            };
            if (missing_only && p.translates.is_some()) || p.translates.as_deref() == Some(&stamp) {
                continue;
            }
            edited = set_stamp(&edited, locale, &stamp).map_err(|e| {
                Error::Output(format!("{}: {e}", crate::diagnostic::display_path(path)))
            })?;
            done.blocks += 1;
        }
        if edited != text {
            std::fs::write(&abs, edited).map_err(|e| Error::io("writing", &abs, e))?;
            done.files += 1;
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = "code: 1\nprose:\n  en:\n    name: A\n  ru:\n    name: Б\n    summary: x\n  zh:\n    # comment\n    name: 丙\nother: 1\n";

    #[test]
    fn a_stamp_is_inserted_then_replaced_in_its_block_only() {
        let once = set_stamp(RECORD, "ru", "0000abcd").unwrap();
        assert!(
            once.contains("  ru:\n    translates: \"0000abcd\"\n    name: Б\n"),
            "{once}"
        );
        let twice = set_stamp(&once, "ru", "1111ffff").unwrap();
        assert!(twice.contains("    translates: \"1111ffff\"\n"));
        assert!(!twice.contains("0000abcd"));
        let zh = set_stamp(&twice, "zh", "22223333").unwrap();
        assert!(
            zh.contains("  zh:\n    translates: \"22223333\"\n    # comment\n"),
            "{zh}"
        );
        let parsed: serde_yaml::Value = serde_yaml::from_str(&zh).unwrap();
        assert_eq!(parsed["prose"]["ru"]["translates"], "1111ffff");
        assert_eq!(parsed["other"], 1);
    }

    #[test]
    fn a_missing_or_one_line_block_is_an_error() {
        assert!(set_stamp(RECORD, "de", "x").is_err());
        assert!(set_stamp("prose:\n  ru: {name: x}\n", "ru", "x").is_err());
    }
}
