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
#[derive(Debug, Serialize, schemars::JsonSchema)]
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
    /// The search box of a localized page; `None` on pages of no locale.
    pub search: Option<SearchView>,
    /// Schema.org data as script-safe JSON, for a `<script type="application/ld+json">`.
    pub json_ld: String,
    /// Open Graph type: `website` for home pages, `article` for the rest.
    pub og_type: String,
}

/// What the search script needs: where the data files are and the words it
/// shows, all in the page's locale.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SearchView {
    /// Relative URLs of the locale's family data files.
    pub sources: Vec<String>,
    /// "Matching codes: {count}", filled in by the script.
    pub count_pattern: String,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SwitchLink {
    pub name: String,
    pub lang: String,
    pub href: String,
    pub current: bool,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Crumb {
    pub label: String,
    /// None for the current page.
    pub href: Option<String>,
}

/// A code's call flow: the diagram and the same steps as text.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct FlowView {
    pub code: u16,
    /// "302 Moved Temporarily", over the diagram on pair pages.
    pub label: String,
    /// Inline SVG, escaped as it was written.
    pub svg: String,
    /// One sentence per step, for screen readers and for copying.
    pub steps: Vec<String>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
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

    /// The `<title>` of a page whose heading is `page`: the heading with the
    /// site's name, as the locale joins them.
    fn titled(&self, page: &str) -> String {
        self.l10n()
            .patterns
            .page_title
            .fill(&[("page", page), ("site", &self.site.title)])
    }

    /// The layout's view; `title` is the whole `<title>`, `heading` the
    /// page's own heading, for structured data.
    pub fn nav(
        &self,
        title: String,
        heading: &str,
        description: &str,
        crumbs: Vec<Crumb>,
    ) -> NavView {
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
        let canonical = absolute(&site.base_url, &self.dir);
        let json_ld = self.json_ld(heading, description, &canonical, &breadcrumbs);
        if let Some(last) = breadcrumbs.last_mut() {
            last.href = None;
        }
        let search = SearchView {
            sources: (0..site.families.len())
                .map(|f| relative(&self.dir, &site.data_path(f, self.locale)))
                .collect(),
            count_pattern: s.patterns.search_count.as_str().to_string(),
        };
        let is_home = matches!(self.route, Route::Home { .. });
        NavView {
            root: relative(&self.dir, ""),
            title,
            description: description.to_string(),
            canonical,
            alternates,
            x_default,
            switcher,
            breadcrumbs,
            search: Some(search),
            json_ld,
            og_type: if is_home { "website" } else { "article" }.to_string(),
        }
    }

    /// A BreadcrumbList on every page, and a TechArticle on code and pair
    /// pages, serialized so that no text can close the script element.
    fn json_ld(&self, heading: &str, description: &str, url: &str, crumbs: &[Crumb]) -> String {
        let base = absolute(&self.site.base_url, &self.dir);
        let items: Vec<serde_json::Value> = crumbs
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut item = serde_json::json!({
                    "@type": "ListItem",
                    "position": i + 1,
                    "name": c.label,
                });
                if let Some(href) = &c.href {
                    item["item"] = join_url(&base, href).into();
                } else {
                    item["item"] = url.into();
                }
                item
            })
            .collect();
        let mut graph = vec![serde_json::json!({
            "@type": "BreadcrumbList",
            "itemListElement": items,
        })];
        if matches!(self.route, Route::Code { .. } | Route::Pair { .. }) {
            graph.push(serde_json::json!({
                "@type": "TechArticle",
                "headline": heading,
                "description": description,
                "inLanguage": self.l10n().lang,
                "url": url,
                "isPartOf": {"@type": "WebSite", "name": self.site.title, "url": self.site.base_url},
            }));
        }
        super::data::to_json(&serde_json::json!({
            "@context": "https://schema.org",
            "@graph": graph,
        }))
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

/// Resolves a relative link (`../../`, `302/`) against an absolute folder URL.
fn join_url(base: &str, href: &str) -> String {
    let mut url = base.to_string();
    let mut rest = href;
    while let Some(r) = rest.strip_prefix("../") {
        let trimmed = url.trim_end_matches('/');
        // Never climb above the site's base URL.
        if let Some(i) = trimmed.rfind('/').filter(|i| trimmed[..*i].contains("//")) {
            url.truncate(i + 1);
        }
        rest = r;
    }
    let rest = rest.strip_prefix("./").unwrap_or(rest);
    url.push_str(rest);
    url
}

impl<'a> ViewBuilder<'a> {
    /// The diagram and text list of `code`'s flow in this page's locale.
    fn flow(&self, family: &'a Family, code: &Code) -> FlowView {
        let s = self.l10n();
        let terms = &family.terms[self.locale];
        let flow = &code.flow;
        let lanes: Vec<&str> = flow.lanes.iter().map(|l| terms.lane(l)).collect();
        let names: Vec<String> = lanes.iter().map(|l| l.to_string()).collect();
        let number = code.code.to_string();
        let title = s
            .patterns
            .flow_title
            .fill(&[("code", &number), ("reason", &code.reason)]);
        let description = crate::i18n::space_han_latin(
            &s.patterns
                .flow_description
                .fill(&[("lanes", &crate::compose::list(&s.patterns, &names))]),
        );
        let id = format!("flow-{number}");
        let svg = crate::render::flow::svg(
            flow,
            &crate::render::flow::FlowText {
                lanes: lanes.clone(),
                title: &title,
                description: &description,
                id: &id,
                code: code.code,
            },
        );
        let steps = flow
            .steps
            .iter()
            .map(|st| {
                let (from, to) = (lanes[st.from], lanes[st.to]);
                let text = match &st.note {
                    Some(note) => s.patterns.flow_step_note.fill(&[
                        ("from", from),
                        ("to", to),
                        ("msg", &st.msg),
                        ("note", note),
                    ]),
                    None => {
                        s.patterns
                            .flow_step
                            .fill(&[("from", from), ("to", to), ("msg", &st.msg)])
                    }
                };
                crate::i18n::space_han_latin(&text)
            })
            .collect();
        FlowView {
            code: code.code,
            label: format!("{} {}", code.code, code.reason),
            svg,
            steps,
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
