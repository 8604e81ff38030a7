//! Shape of `content/{family}/family.yaml` and `content/{family}/pairs.yaml`.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Hash, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FamilyFile {
    pub id: String,
    pub name: String,
    /// Where the family's codes are registered (IANA for SIP).
    pub registry: Option<String>,
    pub classes: Vec<ClassDef>,
}

#[derive(Debug, Hash, Clone, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Hash, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PairNote {
    pub codes: [u16; 2],
    /// Kinds of composed difference that the note says better, or that would
    /// contradict it: pages of this pair leave them out.
    #[serde(default)]
    pub replaces: Vec<DiffKind>,
    pub prose: BTreeMap<String, PairNoteProse>,
}

#[derive(Debug, Hash, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PairNoteProse {
    /// The one-line rule that tells the two codes apart; it leads the page.
    pub rule: String,
    pub note: String,
}

/// The kinds of sentence that compose a pair's key differences.
#[derive(
    Debug, Hash, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// One is provisional, the other final.
    Finality,
    /// They answer different requests.
    Answers,
    /// What the client does next.
    Action,
    /// What a retry can achieve.
    Retry,
    /// Which elements send them.
    Senders,
    /// The header fields each response carries.
    Carries,
    /// The header fields each follow-up request adds.
    RetryAdds,
    /// The Q.850 causes a gateway releases the ISUP call with.
    Q850,
    /// A defining header both carry.
    Shared,
}
