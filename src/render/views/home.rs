//! The home page of a locale: the families it documents.

use super::{NavView, PageView, ViewBuilder};
use crate::model::Route;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct HomeView {
    pub heading: String,
    pub families: Vec<FamilyLink>,
}

#[derive(Debug, Serialize)]
pub struct FamilyLink {
    pub title: String,
    pub description: String,
    pub href: String,
    pub count: usize,
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
                count: f.codes.len(),
            })
            .collect();
        let nav = self.nav(&self.site.title, &s.ui.site_tagline, Vec::new());
        let view = HomeView {
            heading: self.site.title.clone(),
            families,
        };
        (PageView::Home(view), nav)
    }
}
