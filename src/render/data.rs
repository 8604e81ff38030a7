//! The data file of a family in a locale (`{locale}/{family}/codes.json`):
//! every code with its localized name and summary, for other tools and for
//! the site's own search. Its JSON Schema is generated from the same types.

use crate::model::url::{absolute, relative};
use crate::model::{Route, Site};
use schemars::JsonSchema;
use serde::Serialize;

/// File name of a family's data file, beside its index page.
pub const DATA_FILE: &str = "codes.json";
/// The schema of every data file, at the output root.
pub const SCHEMA_FILE: &str = "codes.schema.json";

/// The codes of one family in one locale.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FamilyData {
    /// Family id, as in URLs (`sip`).
    pub family: String,
    /// The family's name (`SIP`).
    pub name: String,
    /// Locale id, as in URLs (`ru`).
    pub locale: String,
    /// BCP 47 language tag of the localized texts (`zh-Hans`).
    pub lang: String,
    /// Absolute URL of the family index in this locale.
    pub url: String,
    /// Sorted by code.
    pub codes: Vec<CodeData>,
}

/// One code.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CodeData {
    pub code: u16,
    /// The registered reason phrase, as on the wire.
    pub reason: String,
    /// The code's name in this locale.
    pub name: String,
    /// Class id (`4xx`).
    pub class: String,
    /// The class's name in this locale.
    pub class_name: String,
    /// One-sentence summary in this locale, plain text.
    pub summary: String,
    /// Other reason phrases that stacks send with this code.
    pub wild_reasons: Vec<String>,
    /// Absolute URL of the code's page in this locale.
    pub url: String,
    /// The same page relative to this file, for clients that serve the
    /// site somewhere other than its base URL.
    pub path: String,
    /// Codes of the same family worth reading next.
    pub related: Vec<u16>,
    /// Whether a later specification deprecated the code.
    pub deprecated: bool,
    /// True when the texts are the default locale's, for want of a
    /// translation.
    pub fallback: bool,
}

pub fn family_data(site: &Site, family: usize, locale: usize) -> FamilyData {
    let f = &site.families[family];
    let l = &site.locales[locale];
    let index = Route::Family {
        locale: &l.id,
        family: &f.id,
    }
    .dir();
    let codes = f
        .codes
        .iter()
        .map(|c| {
            let prose = &c.prose[locale];
            let page = Route::Code {
                locale: &l.id,
                family: &f.id,
                code: c.code,
            }
            .dir();
            CodeData {
                code: c.code,
                reason: c.reason.clone(),
                name: prose.name.clone(),
                class: f.class_of(c).id.clone(),
                class_name: f.terms[locale].classes[c.class].name.clone(),
                summary: prose.summary_text.clone(),
                wild_reasons: c.wild_reasons.clone(),
                url: absolute(&site.base_url, &page),
                path: relative(&index, &page),
                related: c.related.clone(),
                deprecated: c.is_deprecated(),
                fallback: prose.fallback,
            }
        })
        .collect();
    FamilyData {
        family: f.id.clone(),
        name: f.name.clone(),
        locale: l.id.clone(),
        lang: l.lang.clone(),
        url: absolute(&site.base_url, &index),
        codes,
    }
}

/// JSON that can sit inside a `<script>` element as well as in a file: `<`,
/// `>` and `&` are escaped, so no text can close the element.
pub fn to_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).expect("data views serialize");
    script_safe(&json)
}

/// Escapes what could end a `<script>` element or start markup in JSON text;
/// JSON strings read `\u003c` as `<`, so the data is unchanged.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The JSON Schema of the data files, pretty-printed.
pub fn schema() -> String {
    let schema = schemars::schema_for!(FamilyData);
    let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialize");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_a_script_element() {
        let json = to_json(&"</script><script>alert(1)</script> & more");
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, "</script><script>alert(1)</script> & more");
    }

    #[test]
    fn the_schema_describes_every_field_of_a_code() {
        let schema: serde_json::Value = serde_json::from_str(&schema()).unwrap();
        let code = &schema["$defs"]["CodeData"]["properties"];
        for field in [
            "code", "reason", "name", "class", "summary", "url", "related",
        ] {
            assert!(code.get(field).is_some(), "{field} missing from {code}");
        }
    }
}
