//! Pages of no locale: the language chooser at the root and the 404 page.

use super::{NavView, alternates};
use crate::model::url::{absolute, relative};
use crate::model::{Route, Site};
use serde::Serialize;

/// The language chooser at the site root: every locale's name and prompt.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct RootView {
    pub locales: Vec<RootLocale>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct RootLocale {
    pub name: String,
    pub lang: String,
    pub prompt: String,
    pub tagline: String,
    pub href: String,
}

/// The 404 page, served at any depth: its links are absolute paths.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct NotFoundView {
    pub locales: Vec<NotFoundLocale>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct NotFoundLocale {
    pub lang: String,
    pub title: String,
    pub text: String,
    pub home_label: String,
    pub home_href: String,
    /// "Code lists", then a link to each family index in this locale.
    pub lists_label: String,
    pub families: Vec<super::Link>,
}

pub fn root_page(site: &Site) -> (RootView, NavView) {
    let default = &site.default_locale();
    let locales = site
        .locales
        .iter()
        .map(|l| RootLocale {
            name: l.name.clone(),
            lang: l.lang.clone(),
            prompt: l.ui.choose_language.clone(),
            tagline: l.ui.site_tagline.clone(),
            href: relative("", &Route::Home { locale: &l.id }.dir()),
        })
        .collect();
    let (alternates, x_default) = alternates(site, Route::Root);
    let nav = NavView {
        root: relative("", ""),
        title: site.title.clone(),
        description: default.ui.site_tagline.clone(),
        canonical: absolute(&site.base_url, ""),
        alternates,
        x_default,
        switcher: Vec::new(),
        breadcrumbs: Vec::new(),
        search: None,
        json_ld: String::new(),
        og_type: "website".into(),
    };
    (RootView { locales }, nav)
}

pub fn not_found_page(site: &Site) -> (NotFoundView, NavView) {
    let default = &site.default_locale();
    let locales = site
        .locales
        .iter()
        .map(|l| NotFoundLocale {
            lang: l.lang.clone(),
            title: l.ui.not_found_title.clone(),
            text: l.ui.not_found_text.clone(),
            home_label: l.ui.breadcrumb_home.clone(),
            home_href: format!("{}{}", site.base_path, Route::Home { locale: &l.id }.dir()),
            lists_label: l.ui.not_found_code_lists.clone(),
            families: site
                .families
                .iter()
                .map(|f| super::Link {
                    label: l.patterns.family_title.fill(&[("family", &f.name)]),
                    href: format!(
                        "{}{}",
                        site.base_path,
                        Route::Family {
                            locale: &l.id,
                            family: &f.id
                        }
                        .dir()
                    ),
                    external: false,
                })
                .collect(),
        })
        .collect();
    let nav = NavView {
        root: site.base_path.clone(),
        title: default
            .patterns
            .page_title
            .fill(&[("page", &default.ui.not_found_title), ("site", &site.title)]),
        description: default.ui.not_found_text.clone(),
        canonical: String::new(),
        alternates: Vec::new(),
        x_default: String::new(),
        switcher: Vec::new(),
        breadcrumbs: Vec::new(),
        search: None,
        json_ld: String::new(),
        og_type: "website".into(),
    };
    (NotFoundView { locales }, nav)
}
