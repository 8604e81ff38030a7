//! Shape of `content/{family}/family.yaml` and `content/{family}/pairs.yaml`.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyFile {
    pub id: String,
    pub name: String,
    /// Where the family's codes are registered (IANA for SIP).
    pub registry: Option<String>,
    pub classes: Vec<ClassDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassDef {
    pub id: String,
    pub first: u16,
    pub last: u16,
    /// Whether responses of this class end the transaction (SIP: all but 1xx).
    #[serde(rename = "final")]
    pub is_final: bool,
}

/// A curated note for a commonly confused pair, with its prose per locale.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairNote {
    pub codes: [u16; 2],
    pub prose: BTreeMap<String, PairNoteProse>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairNoteProse {
    pub note: String,
}
