//! The home page of a locale: the families it documents.

use super::{NavView, PageView, ViewBuilder};
use crate::i18n::space_han_latin;
use crate::model::Route;
use serde::Serialize;

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct HomeView {
    pub heading: String,
    /// What the site covers, with its number of codes.
    pub description: String,
    pub families: Vec<FamilyLink>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct FamilyLink {
    pub title: String,
    pub description: String,
    pub href: String,
    /// "Codes: 75", in the locale's words.
    pub count: String,
}

impl<'a> ViewBuilder<'a> {
    pub(crate) fn home(&self) -> (PageView, NavView) {
        let s = self.l10n();
        let families = self
            .site
            .families
            .iter()
            .map(|f| FamilyLink {
                title: s.patterns.family_title.fill(&[("family", &f.name)]),
                description: s.patterns.family_description.fill(&[("family", &f.name)]),
                href: self.href(Route::Family {
                    locale: self.locale_id(),
                    family: &f.id,
                }),
                count: s
                    .patterns
                    .family_count
                    .fill(&[("count", &f.codes.len().to_string())]),
            })
            .collect();
        let names: Vec<String> = self.site.families.iter().map(|f| f.name.clone()).collect();
        let names = crate::compose::list(&s.patterns, &names);
        let count: usize = self.site.families.iter().map(|f| f.codes.len()).sum();
        let title = space_han_latin(
            &s.patterns
                .home_title
                .fill(&[("site", &self.site.title), ("families", &names)]),
        );
        let description = space_han_latin(
            &s.patterns
                .home_description
                .fill(&[("families", &names), ("count", &count.to_string())]),
        );
        let nav = self.nav(title, &self.site.title, &description, Vec::new());
        let view = HomeView {
            heading: self.site.title.clone(),
            description,
            families,
        };
        (PageView::Home(view), nav)
    }
}
