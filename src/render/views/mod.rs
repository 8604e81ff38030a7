//! Typed template views, one module per page kind, built from the model.
//! Templates never build URLs or sentences: everything here arrives ready to
//! print. This module holds what every page shares: the layout's view
//! (metadata, alternates, switcher, breadcrumbs) and the builder.

mod code;
mod family;
mod global;
mod home;
mod pair;

pub use code::{ChangeView, CodeFacts, CodeView, ComparisonGroup, PairLink};
pub use family::{ClassGroup, CodeLink, ConfusedPair, FamilyView, PickerOption};
pub use global::{NotFoundLocale, NotFoundView, RootLocale, RootView, not_found_page, root_page};
pub use home::{FamilyLink, HomeView};
pub use pair::{FactRow, PairView};

use crate::model::url::{absolute, relative};
use crate::model::{Code, Family, Job, Route, Site};
use serde::Serialize;

/// What every page's layout needs: metadata, alternates, switcher, breadcrumbs.
#[derive(Debug, Serialize)]
pub struct NavView {
    /// Relative URL of the output root from this page (`../../`), for assets.
    pub root: String,
    pub title: String,
    pub description: String,
    pub canonical: String,
    pub alternates: Vec<Alternate>,
    pub x_default: String,
    pub switcher: Vec<SwitchLink>,
    pub breadcrumbs: Vec<Crumb>,
}

#[derive(Debug, Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct SwitchLink {
    pub name: String,
    pub lang: String,
    pub href: String,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct Crumb {
    pub label: String,
    /// None for the current page.
    pub href: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Link {
    pub label: String,
    pub href: String,
    /// Leaves the site (an RFC), so it is marked `rel="external"`.
    pub external: bool,
}

#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PageView {
    Home(HomeView),
    Family(FamilyView),
    Code(Box<CodeView>),
    Pair(Box<PairView>),
}

/// Builds the views of one job's page.
pub struct ViewBuilder<'a> {
    pub site: &'a Site,
    pub locale: usize,
    pub route: Route<'a>,
    dir: String,
}

impl<'a> ViewBuilder<'a> {
    pub fn new(site: &'a Site, job: Job) -> Self {
        let route = site.route(job);
        ViewBuilder {
            site,
            locale: job.locale,
            dir: route.dir(),
            route,
        }
    }

    /// The page's locale: its UI strings, patterns and Q.850 names.
    fn l10n(&self) -> &'a crate::model::Locale {
        &self.site.locales[self.locale]
    }

    fn locale_id(&self) -> &'a str {
        &self.site.locales[self.locale].id
    }

    fn href(&self, to: Route<'_>) -> String {
        relative(&self.dir, &to.dir())
    }

    pub fn nav(&self, page_title: &str, description: &str, crumbs: Vec<Crumb>) -> NavView {
        let site = self.site;
        let s = self.l10n();
        let (alternates, x_default) = alternates(site, self.route);
        let switcher = site
            .locales
            .iter()
            .enumerate()
            .map(|(i, l)| SwitchLink {
                name: l.name.clone(),
                lang: l.lang.clone(),
                href: self.href(self.route.in_locale(&l.id)),
                current: i == self.locale,
            })
            .collect();
        let mut breadcrumbs = vec![Crumb {
            label: s.ui.breadcrumb_home.clone(),
            href: Some(self.href(Route::Home {
                locale: self.locale_id(),
            })),
        }];
        breadcrumbs.extend(crumbs);
        if let Some(last) = breadcrumbs.last_mut() {
            last.href = None;
        }
        NavView {
            root: relative(&self.dir, ""),
            title: if page_title == site.title {
                site.title.clone()
            } else {
                s.patterns
                    .page_title
                    .fill(&[("page", page_title), ("site", &site.title)])
            },
            description: description.to_string(),
            canonical: absolute(&site.base_url, &self.dir),
            alternates,
            x_default,
            switcher,
            breadcrumbs,
        }
    }

    fn family_crumb(&self, family: &Family) -> Crumb {
        Crumb {
            label: family.name.clone(),
            href: Some(self.href(Route::Family {
                locale: self.locale_id(),
                family: &family.id,
            })),
        }
    }

    fn code_route(&self, family: &'a Family, code: u16) -> Route<'a> {
        Route::Code {
            locale: self.locale_id(),
            family: &family.id,
            code,
        }
    }

    fn code_link(&self, family: &'a Family, code: &Code) -> CodeLink {
        let prose = &code.prose[self.locale];
        // Summaries link other codes relative to a code page; from the
        // family index they need the index's own links.
        let from_index = matches!(self.route, Route::Family { .. });
        CodeLink {
            code: code.code,
            reason: code.reason.clone(),
            name: prose.name.clone(),
            summary_html: if from_index {
                prose.summary_index_html.clone()
            } else {
                prose.summary_html.clone()
            },
            href: self.href(self.code_route(family, code.code)),
        }
    }
}

/// The hreflang alternates and x-default of a page, as the layout prints them.
fn alternates(site: &Site, route: Route<'_>) -> (Vec<Alternate>, String) {
    let (each, x_default) = site.alternates(route);
    let each = each
        .into_iter()
        .map(|(lang, href)| Alternate {
            hreflang: lang.to_string(),
            href,
        })
        .collect();
    (each, x_default)
}
