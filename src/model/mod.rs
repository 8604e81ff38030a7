//! The validated site: immutable, sorted, shared by reference across render
//! threads. Only `validate` builds it; every later stage only reads it.

pub mod outputs;
pub mod page;
pub mod url;

use crate::content::strings::{ClassStrings, FamilyStrings, Patterns, UiStrings};
use crate::content::{ChangeKind, DiffKind, Q850Direction, Retry, StringTable};
use std::collections::BTreeMap;

pub use page::{Job, Page};
pub use url::Route;

#[derive(Debug, Hash)]
pub struct Site {
    pub title: String,
    /// Absolute URL of the site root, ending in `/`.
    pub base_url: String,
    /// Path part of `base_url` (`/` or `/docs/`), for links that cannot be
    /// relative (the 404 page is served at any depth).
    pub base_path: String,
    pub locales: Vec<Locale>,
    pub default_locale: usize,
    pub families: Vec<Family>,
}

#[derive(Debug, Hash)]
pub struct Locale {
    /// The URL segment and file stem (`zh`).
    pub id: String,
    /// BCP 47 tag (`zh-Hans`).
    pub lang: String,
    /// The language's own name (`中文`).
    pub name: String,
    pub ui: UiStrings,
    pub patterns: Patterns,
    /// Names of the Q.850 causes that records map to, by cause number.
    pub q850: BTreeMap<u16, String>,
}

impl Locale {
    /// Splits a locale's string table into what every page of the locale
    /// reads and, by family id, the terms that belong to each family.
    pub fn from_table(id: &str, table: StringTable) -> (Locale, BTreeMap<String, FamilyStrings>) {
        let StringTable {
            locale,
            ui,
            patterns,
            families,
            q850,
        } = table;
        let l = Locale {
            id: id.to_string(),
            lang: locale.lang,
            name: locale.name,
            ui,
            patterns,
            q850,
        };
        (l, families)
    }
}

#[derive(Debug, Hash)]
pub struct Family {
    pub id: String,
    pub name: String,
    pub registry: Option<String>,
    pub classes: Vec<Class>,
    /// Sorted by code.
    pub codes: Vec<Code>,
    /// Curated notes by (lower, higher) code.
    pub notes: BTreeMap<(u16, u16), Note>,
    /// The family's terms per locale index.
    pub terms: Vec<FamilyTerms>,
}

/// A family's terms in one locale, checked complete: every class has a name,
/// every action, sender and condition a record uses has its text, and every
/// retry value has its clause.
#[derive(Debug, Hash)]
pub struct FamilyTerms {
    /// Per class index.
    pub classes: Vec<ClassStrings>,
    actions: BTreeMap<String, String>,
    senders: BTreeMap<String, String>,
    retry: BTreeMap<String, String>,
    conditions: BTreeMap<String, String>,
    lanes: BTreeMap<String, String>,
}

impl FamilyTerms {
    /// Resolves a locale's table of the family against its classes; `None`
    /// when a class has no name (validation reports it first).
    pub fn resolve(classes: &[Class], table: FamilyStrings) -> Option<FamilyTerms> {
        let FamilyStrings {
            classes: mut named,
            actions,
            senders,
            retry,
            conditions,
            lanes,
        } = table;
        let classes = classes
            .iter()
            .map(|c| named.remove(&c.id))
            .collect::<Option<Vec<_>>>()?;
        Some(FamilyTerms {
            classes,
            actions,
            senders,
            retry,
            conditions,
            lanes,
        })
    }

    /// Text of a validated key; a missing one is a validation bug.
    fn get<'a>(map: &'a BTreeMap<String, String>, what: &str, key: &str) -> &'a str {
        map.get(key)
            .unwrap_or_else(|| panic!("validated: {what} `{key}` has text"))
    }

    pub fn action(&self, key: &str) -> &str {
        Self::get(&self.actions, "action", key)
    }

    pub fn sender(&self, key: &str) -> &str {
        Self::get(&self.senders, "sender", key)
    }

    pub fn retry(&self, retry: Retry) -> &str {
        Self::get(&self.retry, "retry", retry.key())
    }

    pub fn condition(&self, key: &str) -> &str {
        Self::get(&self.conditions, "condition", key)
    }

    pub fn lane(&self, key: &str) -> &str {
        Self::get(&self.lanes, "lane", key)
    }
}

#[derive(Debug, Hash)]
pub struct Class {
    pub id: String,
    pub first: u16,
    pub last: u16,
    pub is_final: bool,
}

#[derive(Debug, Hash)]
pub struct Code {
    pub code: u16,
    pub reason: String,
    /// Index into the family's classes.
    pub class: usize,
    /// The defining specification first, then the ones that changed the
    /// code, then further reading; no reference twice.
    pub references: Vec<Reference>,
    pub changes: Vec<Change>,
    pub wild_reasons: Vec<String>,
    /// Sender keys, in the record's order.
    pub senders: Vec<String>,
    /// Methods the code answers; `None` for any request.
    pub answers: Option<Vec<String>>,
    pub carries: Vec<String>,
    pub retry_adds: Vec<String>,
    pub related_headers: Vec<String>,
    pub retry: Retry,
    /// The last step has no methods and covers every other request.
    pub next: Vec<NextStep>,
    pub related: Vec<u16>,
    pub q850: Vec<Q850>,
    pub example: String,
    pub flow: Flow,
    /// Prose per locale index; a locale without its own block holds the
    /// default locale's prose with `fallback` set.
    pub prose: Vec<CodeProse>,
}

/// The code's typical message exchange: lanes left to right, steps top down.
#[derive(Debug, Hash, Clone, PartialEq, Eq)]
pub struct Flow {
    /// Lane keys, named per locale by the family's terms.
    pub lanes: Vec<String>,
    pub steps: Vec<FlowStep>,
}

#[derive(Debug, Hash, Clone, PartialEq, Eq)]
pub struct FlowStep {
    /// Lane indexes; never equal.
    pub from: usize,
    pub to: usize,
    /// Method or status line, as on the wire.
    pub msg: String,
    /// Wire text shown under the arrow.
    pub note: Option<String>,
}

impl FlowStep {
    /// The code of a status-line message (`407 Proxy ...`), if it is one.
    pub fn status(&self) -> Option<u16> {
        status_code(&self.msg)
    }
}

/// The code a status line (`486 Busy Here`) starts with, if it is one.
pub fn status_code(msg: &str) -> Option<u16> {
    let (number, _) = msg.split_once(' ')?;
    (number.len() == 3 && number.bytes().all(|b| b.is_ascii_digit()))
        .then(|| number.parse().ok())
        .flatten()
}

#[derive(Debug, Hash, Clone, PartialEq, Eq)]
pub struct NextStep {
    pub methods: Option<Vec<String>>,
    pub action: String,
}

impl Code {
    /// Whether the code can answer a request of `method`.
    pub fn answers_method(&self, method: &str) -> bool {
        self.answers
            .as_ref()
            .is_none_or(|m| m.iter().any(|x| x == method))
    }

    /// The action that follows this code in reply to `method` (`None`: a
    /// request no step names, so the catch-all step).
    pub fn action_for(&self, method: Option<&str>) -> &str {
        let named = method.and_then(|m| {
            self.next.iter().find(|s| {
                s.methods
                    .as_ref()
                    .is_some_and(|ms| ms.iter().any(|x| x == m))
            })
        });
        let step = named.unwrap_or_else(|| self.next.last().expect("validated: next is not empty"));
        &step.action
    }

    pub fn is_deprecated(&self) -> bool {
        self.changes
            .iter()
            .any(|c| c.kind == ChangeKind::Deprecated)
    }
}

#[derive(Debug, Hash, Clone)]
pub struct Change {
    pub reference: Reference,
    pub kind: ChangeKind,
}

#[derive(Debug, Hash, Clone, PartialEq, Eq)]
pub struct Reference {
    pub rfc: u32,
    pub section: Option<String>,
    pub url: String,
}

#[derive(Debug, Hash, Clone)]
pub struct Q850 {
    pub cause: u16,
    pub rfc: u32,
    pub section: String,
    pub direction: Q850Direction,
    pub condition: Option<String>,
}

/// A curated note of a commonly confused pair.
#[derive(Debug, Hash)]
pub struct Note {
    pub replaces: Vec<DiffKind>,
    /// Per locale index.
    pub text: Vec<NoteText>,
}

#[derive(Debug, Hash, Clone)]
pub struct NoteText {
    /// The one-line rule, plain text.
    pub rule: String,
    pub html: String,
    pub fallback: bool,
}

/// How a locale's prose of a code stands against the default locale's.
#[derive(Debug, Hash, Clone, Copy, PartialEq, Eq)]
pub enum Translation {
    /// The default locale's own prose.
    Source,
    /// Stamped with the source as it is now.
    Current,
    /// Stamped with an older source.
    Stale,
    /// A translation without a stamp.
    Unstamped,
    /// No translation: the default locale's prose is shown.
    Missing,
}

#[derive(Debug, Clone)]
pub struct CodeProse {
    pub fallback: bool,
    /// For `check`'s report only: no page shows it, so it is not hashed.
    pub translation: Translation,
    /// Short name of the code in the locale.
    pub name: String,
    /// Inline HTML (no wrapping paragraph), links relative to a code page.
    pub summary_html: String,
    /// The same, links relative to the family index.
    pub summary_index_html: String,
    /// Plain text, for meta descriptions.
    pub summary_text: String,
    pub description: String,
    pub when_you_see_it: String,
    pub how_to_fix: String,
    pub use_it_when: String,
}

/// Every field a page can show, listed without `..` so that a new field
/// fails to compile here until it is hashed or ruled out; `translation`
/// is ruled out, or an English edit would re-render every translated page.
impl std::hash::Hash for CodeProse {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let CodeProse {
            fallback,
            translation: _,
            name,
            summary_html,
            summary_index_html,
            summary_text,
            description,
            when_you_see_it,
            how_to_fix,
            use_it_when,
        } = self;
        (
            fallback,
            name,
            summary_html,
            summary_index_html,
            summary_text,
            description,
        )
            .hash(state);
        (when_you_see_it, how_to_fix, use_it_when).hash(state);
    }
}

impl Site {
    pub fn default_locale(&self) -> &Locale {
        &self.locales[self.default_locale]
    }

    /// The absolute URL of a page in every locale, as (BCP 47 tag, URL), and
    /// its x-default: the language chooser for home pages, otherwise the
    /// default locale's version. Pages' hreflang links and the sitemap agree
    /// because both come from here.
    pub fn alternates(&self, route: Route<'_>) -> (Vec<(&str, String)>, String) {
        let each = self
            .locales
            .iter()
            .map(|l| {
                let url = url::absolute(&self.base_url, &route.in_locale(&l.id).dir());
                (l.lang.as_str(), url)
            })
            .collect();
        let x_default = match route {
            Route::Root | Route::Home { .. } => url::absolute(&self.base_url, ""),
            r => url::absolute(
                &self.base_url,
                &r.in_locale(&self.default_locale().id).dir(),
            ),
        };
        (each, x_default)
    }
}

impl Family {
    pub fn class_of(&self, code: &Code) -> &Class {
        &self.classes[code.class]
    }

    pub fn index_of(&self, code: u16) -> Option<usize> {
        self.codes.binary_search_by_key(&code, |c| c.code).ok()
    }

    pub fn note(&self, a: u16, b: u16) -> Option<&Note> {
        self.notes.get(&(a.min(b), a.max(b)))
    }
}

/// The RFC Editor's URL for an RFC, at a section when one is given.
pub fn rfc_url(rfc: u32, section: Option<&str>) -> String {
    match section {
        Some(s) => format!("https://www.rfc-editor.org/rfc/rfc{rfc}#section-{s}"),
        None => format!("https://www.rfc-editor.org/rfc/rfc{rfc}"),
    }
}
