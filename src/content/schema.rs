//! JSON Schemas of the content files, generated from the types that read
//! them, so editors complete and check fields as the loader will. Written to
//! `content/schema/` by `statusdex schema`; content files point at them with
//! a `# yaml-language-server: $schema=...` line.

use super::{CodeRecord, FamilyFile, PairNote, SiteFile, StringTable};

/// The folder under `content/` that holds the schemas; the loader skips it.
pub const SCHEMA_DIR: &str = "schema";

/// Every schema as (file name, pretty JSON).
pub fn schemas() -> Vec<(&'static str, String)> {
    fn pretty(schema: schemars::Schema) -> String {
        let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialize");
        text.push('\n');
        text
    }
    vec![
        ("site.schema.json", pretty(schemars::schema_for!(SiteFile))),
        (
            "family.schema.json",
            pretty(schemars::schema_for!(FamilyFile)),
        ),
        (
            "pairs.schema.json",
            pretty(schemars::schema_for!(Vec<PairNote>)),
        ),
        (
            "record.schema.json",
            pretty(schemars::schema_for!(CodeRecord)),
        ),
        (
            "strings.schema.json",
            pretty(schemars::schema_for!(StringTable)),
        ),
    ]
}

/// The schema a content file (path relative to `content/`) should name, as
/// a path relative to that file.
pub fn schema_for(rel: &str) -> Option<String> {
    let parts: Vec<&str> = rel.split('/').collect();
    let name = match parts.as_slice() {
        ["site.yaml"] => return Some(format!("{SCHEMA_DIR}/site.schema.json")),
        ["i18n", _] => "strings",
        [_, "family.yaml"] => "family",
        [_, "pairs.yaml"] => "pairs",
        [_, file] if file.ends_with(".yaml") => "record",
        _ => return None,
    };
    Some(format!("../{SCHEMA_DIR}/{name}.schema.json"))
}

/// The first line every content file starts with.
pub fn modeline(rel: &str) -> Option<String> {
    schema_for(rel).map(|s| format!("# yaml-language-server: $schema={s}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_committed_schemas_are_those_the_types_generate() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content")
            .join(SCHEMA_DIR);
        for (name, text) in schemas() {
            let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
            assert!(
                committed == text,
                "content/schema/{name} is stale: run `cargo run -- schema` and commit it"
            );
        }
    }

    #[test]
    fn every_content_file_names_its_schema_on_its_first_line() {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut checked = 0;
        for f in crate::tree::files(&content, "reading").unwrap() {
            let rel = f.rel.replace('\\', "/");
            let Some(line) = modeline(&rel) else {
                continue;
            };
            let text = std::fs::read_to_string(&f.path).unwrap();
            assert_eq!(text.lines().next(), Some(line.as_str()), "{rel}");
            checked += 1;
        }
        assert!(checked > 75, "{checked}");
    }

    #[test]
    fn a_record_schema_refuses_unknown_fields_and_lists_the_flow() {
        let record = &schemas()[3].1;
        let v: serde_json::Value = serde_json::from_str(record).unwrap();
        assert_eq!(v["additionalProperties"], false);
        assert!(v["properties"]["flow"].is_object());
        assert!(
            v["required"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "flow")
        );
    }
}
