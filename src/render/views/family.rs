//! A family's index: its codes by class, the compare picker, curated pairs.

use super::{NavView, PageView, ViewBuilder};
use crate::model::url::relative;
use crate::model::{Family, Route};
use serde::Serialize;

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct FamilyView {
    pub heading: String,
    pub description: String,
    /// Curated pairs, with their one-line rules.
    pub confused: Vec<ConfusedPair>,
    pub classes: Vec<ClassGroup>,
    pub picker: Vec<PickerOption>,
    pub registry: Option<String>,
    /// The family's codes in this locale as JSON, and the file's schema.
    pub data_href: String,
    pub schema_href: String,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ConfusedPair {
    /// "401 vs 407".
    pub label: String,
    pub href: String,
    pub rule: String,
    pub fallback: bool,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ClassGroup {
    pub id: String,
    pub heading: String,
    pub description: String,
    pub codes: Vec<CodeLink>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CodeLink {
    pub code: u16,
    pub reason: String,
    /// The code's short name in the page's locale.
    pub name: String,
    pub summary_html: String,
    pub href: String,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PickerOption {
    pub code: u16,
    pub label: String,
}

impl<'a> ViewBuilder<'a> {
    pub(crate) fn family(&self, family: &'a Family) -> (PageView, NavView) {
        let s = self.l10n();
        let fs = &family.terms[self.locale];
        let classes = family
            .classes
            .iter()
            .enumerate()
            .filter_map(|(i, class)| {
                let codes: Vec<CodeLink> = family
                    .codes
                    .iter()
                    .filter(|c| c.class == i)
                    .map(|c| self.code_link(family, c))
                    .collect();
                (!codes.is_empty()).then(|| ClassGroup {
                    id: class.id.clone(),
                    heading: s
                        .patterns
                        .class_heading
                        .fill(&[("class", &fs.classes[i].name), ("class_id", &class.id)]),
                    description: fs.classes[i].description.clone(),
                    codes,
                })
            })
            .collect();
        let picker = family
            .codes
            .iter()
            .map(|c| PickerOption {
                code: c.code,
                label: format!("{} {}", c.code, c.reason),
            })
            .collect();
        let confused = family
            .notes
            .iter()
            .map(|(&(lo, hi), note)| {
                let text = &note.text[self.locale];
                ConfusedPair {
                    label: s
                        .patterns
                        .pair_short
                        .fill(&[("a", &lo.to_string()), ("b", &hi.to_string())]),
                    href: self.href(Route::pair(self.locale_id(), &family.id, lo, hi)),
                    rule: text.rule.clone(),
                    fallback: text.fallback,
                }
            })
            .collect();
        let heading = s.patterns.family_title.fill(&[("family", &family.name)]);
        let description = s
            .patterns
            .family_description
            .fill(&[("family", &family.name)]);
        let nav = self.nav(
            self.titled(&heading),
            &heading,
            &description,
            vec![self.family_crumb(family)],
        );
        let data_href = crate::render::data::DATA_FILE.to_string();
        let schema_href = relative(&self.dir, crate::render::data::SCHEMA_FILE);
        let view = FamilyView {
            data_href,
            schema_href,
            heading,
            description,
            confused,
            classes,
            picker,
            registry: family.registry.clone(),
        };
        (PageView::Family(view), nav)
    }
}
