//! Shape of one code record, `content/{family}/{code}.yaml`: locale-independent
//! facts at the top, prose per locale under `prose`.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeRecord {
    pub code: u16,
    /// Reason phrase as sent on the wire.
    pub reason: String,
    /// Class id from the family, e.g. `3xx`; must contain `code`.
    pub class: String,
    pub references: Vec<RfcRef>,
    /// Header names that matter for this response, as spelled on the wire.
    #[serde(default)]
    pub headers: Vec<String>,
    #[serde(default)]
    pub related: Vec<u16>,
    /// What a client does next; an id from the string tables' `actions`.
    pub client_action: String,
    #[serde(default)]
    pub q850: Vec<Q850Ref>,
    /// A complete example response as seen in a trace.
    pub example: String,
    /// Raw HTML in this record's Markdown is refused unless this is set.
    #[serde(default)]
    pub allow_html: bool,
    pub prose: BTreeMap<String, Prose>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RfcRef {
    pub rfc: u32,
    pub section: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Q850Direction {
    /// A gateway receiving this response releases the ISUP call with the cause.
    ToIsup,
    /// An ISUP release with the cause is mapped to this response.
    FromIsup,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Q850Ref {
    pub cause: u16,
    pub rfc: u32,
    pub section: String,
    pub direction: Q850Direction,
}

/// The prose of one locale; every field is Markdown.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prose {
    pub summary: String,
    pub description: String,
    pub when_you_see_it: String,
    pub how_to_fix: String,
    /// From the responder's side: which situation calls for this code.
    pub use_it_when: String,
}
