//! Shape of a per-locale string table, `content/i18n/{locale}.yaml`. Every key
//! is a struct field, so a missing or misspelt key is a load error with a line,
//! not an empty string on a page.

use crate::i18n::Pattern;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Hash, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StringTable {
    pub locale: LocaleMeta,
    pub ui: UiStrings,
    pub patterns: Patterns,
    pub families: BTreeMap<String, FamilyStrings>,
    /// Names of the Q.850 causes that records map to, by cause number.
    #[serde(default)]
    pub q850: BTreeMap<u16, String>,
}

#[derive(Debug, Hash, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocaleMeta {
    /// BCP 47 tag for `<html lang>` and hreflang (`zh-Hans`), kept apart from
    /// the locale id used in URLs (`zh`).
    pub lang: String,
    /// The language's name in itself, for the language switcher.
    pub name: String,
}

#[derive(Debug, Hash, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FamilyStrings {
    pub classes: BTreeMap<String, ClassStrings>,
    /// What the client does next, as a predicate completing "the client ...".
    pub actions: BTreeMap<String, String>,
    /// Elements that send codes, as noun phrases ("a proxy").
    pub senders: BTreeMap<String, String>,
    /// What a retry can achieve, one clause per `Retry` value.
    pub retry: BTreeMap<String, String>,
    /// Conditions attached to Q.850 mappings, as clauses ("when ...").
    pub conditions: BTreeMap<String, String>,
    /// Short names of the lanes of call-flow diagrams ("Proxy").
    pub lanes: BTreeMap<String, String>,
}

#[derive(Debug, Hash, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassStrings {
    pub name: String,
    pub description: String,
}

/// Declares a struct of plain UI strings, all required.
macro_rules! ui_strings {
    ($($(#[$doc:meta])* $field:ident),* $(,)?) => {
        /// Headings, labels and notes shown on pages; handed to templates as `t`.
        #[derive(Debug, Hash, Clone, Deserialize, Serialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct UiStrings {
            $($(#[$doc])* pub $field: String,)*
        }
    };
}

ui_strings! {
    site_tagline,
    home_intro,
    families_heading,
    breadcrumb_home,
    breadcrumbs_label,
    language_label,
    choose_language,
    description,
    when_you_see_it,
    how_to_fix,
    use_it_when,
    key_differences,
    when_to_use_which,
    learn_more,
    facts,
    fact_code,
    fact_reason,
    fact_class,
    fact_kind,
    fact_name,
    fact_senders,
    fact_answers,
    fact_carries,
    fact_retry_adds,
    fact_action,
    fact_retry,
    fact_defined_in,
    fact_q850,
    any_request,
    provisional,
    final_response,
    none,
    specification,
    example_response,
    headers_heading,
    carries_label,
    retry_adds_label,
    related_headers_label,
    next_heading,
    wild_reasons_heading,
    wild_reasons_text,
    changed_by,
    change_deprecated,
    change_renamed,
    change_updated,
    deprecated,
    answer_label,
    see_facts,
    label_colon,
    differences_in_answer,
    commonly_confused,
    related_codes,
    q850_heading,
    compare_heading,
    compare_first,
    compare_second,
    compare_button,
    compare_noscript,
    codes_heading,
    curated_note,
    fallback_note,
    not_found_title,
    not_found_text,
    footer_text,
    registry_link,
    search_label,
    search_placeholder,
    search_hint,
    search_no_results,
    data_link,
    data_schema_link,
    toc_label,
    not_found_code_lists,
    flow_heading,
    flow_steps_label,
    flows_heading,
}

/// Declares the sentence patterns and, for each, the placeholders it may use.
macro_rules! patterns {
    ($($field:ident: [$($ph:literal),*]),* $(,)?) => {
        /// Sentence patterns from which pages compose text; `{name}` marks a
        /// placeholder.
        #[derive(Debug, Hash, Clone, Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct Patterns {
            $(pub $field: Pattern,)*
        }

        impl Patterns {
            /// Every pattern with its key and the placeholders it may use.
            pub fn each(&self) -> Vec<(&'static str, &Pattern, &'static [&'static str])> {
                vec![$((stringify!($field), &self.$field, &[$($ph),*]),)*]
            }
        }
    };
}

patterns! {
    page_title: ["page", "site"],
    home_title: ["site", "families"],
    home_description: ["families", "count"],
    family_count: ["count"],
    search_count: ["count"],
    family_title: ["family"],
    family_description: ["family"],
    code_title: ["family", "label"],
    code_label: ["code", "reason"],
    code_label_named: ["code", "reason", "name"],
    code_description: ["family", "label", "summary"],
    pair_title: ["family", "a", "b", "a_label", "b_label"],
    pair_short: ["a", "b"],
    pair_description: ["family", "a", "b", "a_label", "b_label"],
    code_comparisons: ["code"],
    class_heading: ["class", "class_id"],
    intro_same_class: ["a", "a_reason", "b", "b_reason", "class", "class_id"],
    intro_cross_class: ["a", "a_reason", "a_class", "a_class_id", "b", "b_reason", "b_class", "b_class_id"],
    diff_final_mixed: ["provisional", "final"],
    diff_answers: ["a", "a_methods", "b", "b_methods"],
    diff_action_each: ["a", "a_action", "b", "b_action"],
    diff_action_each_for: ["methods", "a", "a_action", "b", "b_action"],
    diff_action_each_other: ["methods", "a", "a_action", "b", "b_action"],
    diff_retry_each: ["a", "a_retry", "b", "b_retry"],
    diff_senders: ["a", "a_senders", "b", "b_senders"],
    diff_carries_each: ["a", "a_headers", "b", "b_headers"],
    diff_carries_one: ["code", "headers"],
    diff_adds_each: ["a", "a_headers", "b", "b_headers"],
    diff_adds_one: ["code", "headers"],
    diff_q850_each: ["a", "a_cause", "b", "b_cause"],
    diff_headers_shared: ["headers"],
    next_step_any: ["action"],
    next_step_for: ["methods", "action"],
    next_step_other: ["action"],
    flow_title: ["code", "reason"],
    flow_description: ["lanes"],
    flow_step: ["from", "to", "msg"],
    flow_step_note: ["from", "to", "msg", "note"],
    q850_cause: ["cause", "name"],
    q850_cause_if: ["cause", "condition"],
    q850_to_isup: ["code", "cause"],
    q850_from_isup: ["code", "cause"],
    q850_to_isup_if: ["code", "cause", "condition"],
    q850_from_isup_if: ["code", "cause", "condition"],
    rfc: ["rfc"],
    rfc_section: ["rfc", "section"],
    list_pair: ["first", "second"],
    list_separator: [],
    list_last: ["rest", "last"],
    list_or_pair: ["first", "second"],
    list_or_last: ["rest", "last"],
}
