//! Shape of one code record, `content/{family}/{code}.yaml`: locale-independent
//! facts at the top, prose per locale under `prose`. The facts are what pair
//! pages compose sentences from, so each one says exactly one thing (what the
//! response carries, what the follow-up request adds, who sends it, what the
//! client does next per method) and composition can tell when a sentence is
//! true of both codes.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Hash, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeRecord {
    pub code: u16,
    /// Reason phrase as registered and sent on the wire.
    pub reason: String,
    /// Class id from the family, e.g. `3xx`; must contain `code`.
    pub class: String,
    /// The specification that defines the code.
    pub defined_in: RfcRef,
    /// Later specifications that changed the code (deprecated, renamed, ...).
    #[serde(default)]
    pub changes: Vec<Change>,
    /// Reason phrases that stacks send for this code instead of the
    /// registered one; shown and searchable.
    #[serde(default)]
    pub wild_reasons: Vec<String>,
    /// Further sections worth reading, most specific first.
    #[serde(default)]
    pub references: Vec<RfcRef>,
    /// Keys of the elements that typically send the code (`senders` in the
    /// string tables).
    pub senders: Vec<String>,
    /// Methods of the requests the code typically answers; absent means any.
    #[serde(default)]
    pub answers: Option<Vec<String>>,
    /// Header fields the response itself carries and that define it.
    pub carries: Vec<String>,
    /// Header fields that the client's follow-up request adds because of it.
    pub retry_adds: Vec<String>,
    /// Other header fields worth knowing for this code.
    #[serde(default)]
    pub related_headers: Vec<String>,
    pub retry: Retry,
    /// What the client does next; the first step whose methods include the
    /// request's method applies, and the last step (without methods) covers
    /// every other request.
    pub next: Vec<NextStep>,
    #[serde(default)]
    pub q850: Vec<Q850Ref>,
    #[serde(default)]
    pub related: Vec<u16>,
    /// A complete example response as seen in a trace.
    pub example: String,
    /// The code in its typical message exchange, for the ladder diagram.
    pub flow: FlowDef,
    /// Raw HTML in this record's Markdown is refused unless this is set.
    #[serde(default)]
    pub allow_html: bool,
    pub prose: BTreeMap<String, Prose>,
}

/// A message exchange between named lanes, in time order.
#[derive(Debug, Hash, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowDef {
    /// Lane keys (`lanes` in the string tables), left to right.
    pub lanes: Vec<String>,
    pub steps: Vec<FlowStepDef>,
}

#[derive(Debug, Hash, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowStepDef {
    pub from: String,
    pub to: String,
    /// A method (`INVITE`) or a status line without the version
    /// (`407 Proxy Authentication Required`), as on the wire.
    pub msg: String,
    /// One short piece of wire text: a header field line or a URI.
    pub note: Option<String>,
}

#[derive(Debug, Hash, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RfcRef {
    pub rfc: u32,
    pub section: Option<String>,
}

#[derive(Debug, Hash, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub rfc: u32,
    pub section: Option<String>,
    pub change: ChangeKind,
}

#[derive(Debug, Hash, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Deprecated,
    Renamed,
    Updated,
}

/// What sending the request again can achieve after this response.
#[derive(
    Debug, Hash, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Retry {
    /// The request succeeded or is still in progress.
    NotNeeded,
    /// Another target, supplied by the response, may take it.
    NewTarget,
    /// The same target accepts it once changed as the response asks.
    SameTargetChanged,
    /// The same request may succeed later.
    Later,
    /// Another server or route may succeed where this one failed.
    OtherServer,
    /// Repeating it automatically will not help.
    NoRetry,
}

impl Retry {
    pub const ALL: [Retry; 6] = [
        Retry::NotNeeded,
        Retry::NewTarget,
        Retry::SameTargetChanged,
        Retry::Later,
        Retry::OtherServer,
        Retry::NoRetry,
    ];

    /// The key of its text in the string tables (`families.*.retry`).
    pub fn key(self) -> &'static str {
        match self {
            Retry::NotNeeded => "not_needed",
            Retry::NewTarget => "new_target",
            Retry::SameTargetChanged => "same_target_changed",
            Retry::Later => "later",
            Retry::OtherServer => "other_server",
            Retry::NoRetry => "no_retry",
        }
    }
}

#[derive(Debug, Hash, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NextStep {
    /// The request methods this step is for; absent on the catch-all step.
    #[serde(default)]
    pub methods: Option<Vec<String>>,
    /// Key of the action's text in the string tables (`families.*.actions`).
    pub action: String,
}

#[derive(
    Debug, Hash, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Q850Direction {
    /// A gateway receiving this response releases the ISUP call with the cause.
    ToIsup,
    /// An ISUP release with the cause is mapped to this response.
    FromIsup,
}

#[derive(Debug, Hash, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Q850Ref {
    pub cause: u16,
    pub rfc: u32,
    pub section: String,
    pub direction: Q850Direction,
    /// Key of the condition the specification attaches to the mapping
    /// (`families.*.conditions`), when there is one.
    #[serde(default)]
    pub condition: Option<String>,
}

/// The prose of one locale; every field but `name` is Markdown.
#[derive(Debug, Hash, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Prose {
    /// Short name of the code in the locale, shown beside the wire phrase.
    pub name: String,
    pub summary: String,
    pub description: String,
    pub when_you_see_it: String,
    pub how_to_fix: String,
    /// From the responder's side: which situation calls for this code.
    pub use_it_when: String,
    /// In a translation: the stamp (`Prose::stamp`) of the default locale's
    /// prose it was made from, written by `statusdex stamp`. `check` warns
    /// when the default locale's prose has changed since.
    #[serde(default)]
    pub translates: Option<String>,
}

impl Prose {
    /// A short hash of the texts, which a translation records as the version
    /// of the source it translates.
    pub fn stamp(&self) -> String {
        let texts = [
            &self.name,
            &self.summary,
            &self.description,
            &self.when_you_see_it,
            &self.how_to_fix,
            &self.use_it_when,
        ];
        let joined = texts
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join("\0");
        format!(
            "{:08x}",
            crate::fingerprint::hash_bytes(joined.as_bytes()) >> 32
        )
    }

    /// Whether any field links the code to its own page with `[[code]]`.
    pub fn prose_links_self(&self, code: u16) -> bool {
        let own = format!("[[{code}]]");
        [
            &self.summary,
            &self.description,
            &self.when_you_see_it,
            &self.how_to_fix,
            &self.use_it_when,
        ]
        .iter()
        .any(|f| f.contains(&own))
    }
}
