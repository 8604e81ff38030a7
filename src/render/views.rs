//! Typed template views, one per page kind, built from the model. Templates
//! never build URLs or sentences: everything here arrives ready to print.

use crate::compose::{self, PairText};
use crate::content::ChangeKind;
use crate::i18n::space_han_latin;
use crate::model::url::{absolute, relative};
use crate::model::{Code, Family, Job, Page, Reference, Route, Site};
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

impl PageView {
    pub fn template(&self) -> &'static str {
        match self {
            PageView::Home(_) => "home.html",
            PageView::Family(_) => "family.html",
            PageView::Code(_) => "code.html",
            PageView::Pair(_) => "pair.html",
        }
    }
}

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

#[derive(Debug, Serialize)]
pub struct FamilyView {
    pub heading: String,
    pub description: String,
    /// Curated pairs, with their one-line rules.
    pub confused: Vec<ConfusedPair>,
    pub classes: Vec<ClassGroup>,
    pub picker: Vec<PickerOption>,
    pub registry: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ConfusedPair {
    /// "401 vs 407".
    pub label: String,
    pub href: String,
    pub rule: String,
    pub fallback: bool,
}

#[derive(Debug, Serialize)]
pub struct ClassGroup {
    pub id: String,
    pub heading: String,
    pub description: String,
    pub codes: Vec<CodeLink>,
}

#[derive(Debug, Serialize)]
pub struct CodeLink {
    pub code: u16,
    pub reason: String,
    /// The code's short name in the page's locale.
    pub name: String,
    pub summary_html: String,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct PickerOption {
    pub code: u16,
    pub label: String,
}

/// One code's prose and facts as shown on its page and in pair columns.
#[derive(Debug, Serialize)]
pub struct CodeFacts {
    pub code: u16,
    pub reason: String,
    /// Short name in the page's locale.
    pub name: String,
    pub heading: String,
    pub href: String,
    pub class_id: String,
    pub class_name: String,
    pub kind: String,
    pub deprecated: bool,
    /// What the client does next, one sentence per step.
    pub next: Vec<String>,
    /// What a retry can achieve.
    pub retry: String,
    /// "a UAS or a registrar".
    pub senders: String,
    /// "INVITE" or "any request".
    pub answers: String,
    pub defined_in: String,
    pub changes: Vec<ChangeView>,
    pub wild_reasons: Vec<String>,
    pub fallback: bool,
    pub summary_html: String,
    pub description: String,
    pub when_you_see_it: String,
    pub how_to_fix: String,
    pub use_it_when: String,
    pub references: Vec<Link>,
    pub carries: Vec<String>,
    pub retry_adds: Vec<String>,
    pub related_headers: Vec<String>,
    pub q850: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ChangeView {
    /// "Deprecated", "Renamed", "Updated".
    pub kind: String,
    pub link: Link,
}

#[derive(Debug, Serialize)]
pub struct CodeView {
    pub facts: CodeFacts,
    pub example: String,
    pub related: Vec<CodeLink>,
    pub comparisons_heading: String,
    pub comparisons: Vec<ComparisonGroup>,
}

#[derive(Debug, Serialize)]
pub struct ComparisonGroup {
    pub heading: String,
    pub links: Vec<PairLink>,
}

#[derive(Debug, Serialize)]
pub struct PairLink {
    /// "302 vs 401".
    pub label: String,
    /// Reason phrase of the other code.
    pub reason: String,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct PairView {
    pub heading: String,
    pub intro: String,
    /// The deciding difference; without one the answer block shows the two
    /// summaries.
    pub answer: Option<String>,
    pub a: CodeFacts,
    pub b: CodeFacts,
    pub differences: Vec<String>,
    pub note_html: Option<String>,
    pub note_fallback: bool,
    pub facts: Vec<FactRow>,
    pub learn_more: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct FactRow {
    pub label: String,
    pub a: String,
    pub b: String,
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

    fn strings(&self) -> &'a crate::content::StringTable {
        &self.site.locales[self.locale].strings
    }

    fn locale_id(&self) -> &'a str {
        &self.site.locales[self.locale].id
    }

    fn href(&self, to: Route<'_>) -> String {
        relative(&self.dir, &to.dir())
    }

    pub fn nav(&self, page_title: &str, description: &str, crumbs: Vec<Crumb>) -> NavView {
        let site = self.site;
        let s = self.strings();
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

    /// Builds the page view and the layout view of the job.
    pub fn build(&self, page: Page) -> (PageView, NavView) {
        match page {
            Page::Home => self.home(),
            Page::Family { family } => self.family(&self.site.families[family]),
            Page::Code { family, code } => {
                let f = &self.site.families[family];
                self.code(f, &f.codes[code])
            }
            Page::Pair { family, a, b } => {
                let f = &self.site.families[family];
                self.pair(f, &f.codes[a], &f.codes[b])
            }
        }
    }

    fn home(&self) -> (PageView, NavView) {
        let s = self.strings();
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

    fn family(&self, family: &'a Family) -> (PageView, NavView) {
        let s = self.strings();
        let fs = &s.families[&family.id];
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
                    heading: s.patterns.class_heading.fill(&[
                        ("class", &fs.classes[&class.id].name),
                        ("class_id", &class.id),
                    ]),
                    description: fs.classes[&class.id].description.clone(),
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
        let nav = self.nav(&heading, &description, vec![self.family_crumb(family)]);
        let view = FamilyView {
            heading,
            description,
            confused,
            classes,
            picker,
            registry: family.registry.clone(),
        };
        (PageView::Family(view), nav)
    }

    fn facts(&self, family: &'a Family, code: &Code) -> CodeFacts {
        let s = self.strings();
        let fs = &s.families[&family.id];
        let class = family.class_of(code);
        let prose = &code.prose[self.locale];
        let reference = |r: &Reference| Link {
            label: compose::reference_label(&s.patterns, r),
            href: r.url.clone(),
            external: true,
        };
        let senders: Vec<String> = code.senders.iter().map(|k| fs.senders[k].clone()).collect();
        CodeFacts {
            code: code.code,
            reason: code.reason.clone(),
            name: prose.name.clone(),
            heading: s.patterns.code_title.fill(&[
                ("family", &family.name),
                ("code", &code.code.to_string()),
                ("reason", &code.reason),
            ]),
            href: self.href(self.code_route(family, code.code)),
            class_id: class.id.clone(),
            class_name: fs.classes[&class.id].name.clone(),
            kind: if class.is_final {
                s.ui.final_response.clone()
            } else {
                s.ui.provisional.clone()
            },
            deprecated: code.is_deprecated(),
            next: compose::next_steps(s, fs, code),
            retry: fs.retry[code.retry.key()].clone(),
            senders: compose::list_or(&s.patterns, &senders),
            answers: match &code.answers {
                Some(m) => compose::list_or(&s.patterns, m),
                None => s.ui.any_request.clone(),
            },
            defined_in: compose::reference_label(&s.patterns, &code.references[0]),
            changes: code
                .changes
                .iter()
                .map(|c| ChangeView {
                    kind: match c.kind {
                        ChangeKind::Deprecated => s.ui.change_deprecated.clone(),
                        ChangeKind::Renamed => s.ui.change_renamed.clone(),
                        ChangeKind::Updated => s.ui.change_updated.clone(),
                    },
                    link: reference(&c.reference),
                })
                .collect(),
            wild_reasons: code.wild_reasons.clone(),
            fallback: prose.fallback,
            summary_html: prose.summary_html.clone(),
            description: prose.description.clone(),
            when_you_see_it: prose.when_you_see_it.clone(),
            how_to_fix: prose.how_to_fix.clone(),
            use_it_when: prose.use_it_when.clone(),
            references: code.references.iter().map(reference).collect(),
            carries: code.carries.clone(),
            retry_adds: code.retry_adds.clone(),
            related_headers: code.related_headers.clone(),
            q850: code
                .q850
                .iter()
                .map(|q| compose::q850_sentence(s, fs, code.code, q))
                .collect(),
        }
    }

    fn code(&self, family: &'a Family, code: &'a Code) -> (PageView, NavView) {
        let s = self.strings();
        let fs = &s.families[&family.id];
        let facts = self.facts(family, code);
        let related = code
            .related
            .iter()
            .filter_map(|r| family.index_of(*r))
            .map(|i| self.code_link(family, &family.codes[i]))
            .collect();
        let comparisons = family
            .classes
            .iter()
            .enumerate()
            .filter_map(|(i, class)| {
                let links: Vec<PairLink> = family
                    .codes
                    .iter()
                    .filter(|c| c.class == i && c.code != code.code)
                    .map(|other| {
                        let (lo, hi) = (code.code.min(other.code), code.code.max(other.code));
                        PairLink {
                            label: s
                                .patterns
                                .pair_short
                                .fill(&[("a", &lo.to_string()), ("b", &hi.to_string())]),
                            reason: other.reason.clone(),
                            href: self.href(Route::pair(
                                self.locale_id(),
                                &family.id,
                                code.code,
                                other.code,
                            )),
                        }
                    })
                    .collect();
                (!links.is_empty()).then(|| ComparisonGroup {
                    heading: s.patterns.class_heading.fill(&[
                        ("class", &fs.classes[&class.id].name),
                        ("class_id", &class.id),
                    ]),
                    links,
                })
            })
            .collect();
        let prose = &code.prose[self.locale];
        let description = s.patterns.code_description.fill(&[
            ("family", &family.name),
            ("code", &code.code.to_string()),
            ("reason", &code.reason),
            ("summary", &prose.summary_text),
        ]);
        let nav = self.nav(
            &facts.heading,
            &description,
            vec![
                self.family_crumb(family),
                Crumb {
                    label: format!("{} {}", code.code, code.reason),
                    href: None,
                },
            ],
        );
        let view = CodeView {
            comparisons_heading: s
                .patterns
                .code_comparisons
                .fill(&[("code", &code.code.to_string())]),
            facts,
            example: code.example.clone(),
            related,
            comparisons,
        };
        (PageView::Code(Box::new(view)), nav)
    }

    fn pair(&self, family: &'a Family, a: &'a Code, b: &'a Code) -> (PageView, NavView) {
        let s = self.strings();
        let PairText {
            title,
            short,
            meta_description,
            intro,
            answer,
            differences,
        } = compose::pair_text(s, self.locale, family, a, b);
        let (fa, fb) = (self.facts(family, a), self.facts(family, b));
        let none = || s.ui.none.clone();
        let joined = |items: &[String]| {
            if items.is_empty() {
                none()
            } else {
                compose::list(&s.patterns, items)
            }
        };
        let class_label = |f: &CodeFacts| {
            s.patterns
                .class_heading
                .fill(&[("class", &f.class_name), ("class_id", &f.class_id)])
        };
        let fs = &s.families[&family.id];
        let causes = |c: &Code| compose::to_isup_causes(s, fs, c).unwrap_or_else(none);
        // Cells are composed too: Chinese needs its spaces around Latin terms.
        let row = |label: &String, a: String, b: String| FactRow {
            label: label.clone(),
            a: space_han_latin(&a),
            b: space_han_latin(&b),
        };
        let ui = &s.ui;
        let facts = vec![
            row(&ui.fact_reason, fa.reason.clone(), fb.reason.clone()),
            row(&ui.fact_name, fa.name.clone(), fb.name.clone()),
            row(&ui.fact_class, class_label(&fa), class_label(&fb)),
            row(&ui.fact_kind, fa.kind.clone(), fb.kind.clone()),
            row(&ui.fact_senders, fa.senders.clone(), fb.senders.clone()),
            row(&ui.fact_answers, fa.answers.clone(), fb.answers.clone()),
            row(&ui.fact_carries, joined(&fa.carries), joined(&fb.carries)),
            row(
                &ui.fact_retry_adds,
                joined(&fa.retry_adds),
                joined(&fb.retry_adds),
            ),
            row(
                &ui.fact_action,
                compose::join_sentences(&fa.next),
                compose::join_sentences(&fb.next),
            ),
            row(&ui.fact_retry, fa.retry.clone(), fb.retry.clone()),
            row(
                &ui.fact_defined_in,
                fa.defined_in.clone(),
                fb.defined_in.clone(),
            ),
            row(&ui.fact_q850, causes(a), causes(b)),
        ];
        let mut learn_more = vec![
            Link {
                label: fa.heading.clone(),
                href: fa.href.clone(),
                external: false,
            },
            Link {
                label: fb.heading.clone(),
                href: fb.href.clone(),
                external: false,
            },
        ];
        for f in [&fa, &fb] {
            for r in &f.references {
                if !learn_more.iter().any(|l| l.href == r.href) {
                    learn_more.push(Link {
                        label: r.label.clone(),
                        href: r.href.clone(),
                        external: true,
                    });
                }
            }
        }
        let note = family.note(a.code, b.code).map(|n| &n.text[self.locale]);
        let nav = self.nav(
            &title,
            &meta_description,
            vec![
                self.family_crumb(family),
                Crumb {
                    label: short,
                    href: None,
                },
            ],
        );
        let view = PairView {
            heading: title,
            intro,
            answer: answer.map(|d| d.text),
            a: fa,
            b: fb,
            differences: differences.into_iter().map(|d| d.text).collect(),
            note_html: note.map(|n| n.html.clone()),
            note_fallback: note.is_some_and(|n| n.fallback),
            facts,
            learn_more,
        };
        (PageView::Pair(Box::new(view)), nav)
    }
}

/// The language chooser at the site root: every locale's name and prompt.
#[derive(Debug, Serialize)]
pub struct RootView {
    pub locales: Vec<RootLocale>,
}

#[derive(Debug, Serialize)]
pub struct RootLocale {
    pub name: String,
    pub lang: String,
    pub prompt: String,
    pub tagline: String,
    pub href: String,
}

/// The 404 page, served at any depth: its links are absolute paths.
#[derive(Debug, Serialize)]
pub struct NotFoundView {
    pub locales: Vec<NotFoundLocale>,
}

#[derive(Debug, Serialize)]
pub struct NotFoundLocale {
    pub lang: String,
    pub title: String,
    pub text: String,
    pub home_label: String,
    pub home_href: String,
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

pub fn root_page(site: &Site) -> (RootView, NavView) {
    let default = &site.default_locale().strings;
    let locales = site
        .locales
        .iter()
        .map(|l| RootLocale {
            name: l.name.clone(),
            lang: l.lang.clone(),
            prompt: l.strings.ui.choose_language.clone(),
            tagline: l.strings.ui.site_tagline.clone(),
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
    };
    (RootView { locales }, nav)
}

pub fn not_found_page(site: &Site) -> (NotFoundView, NavView) {
    let default = &site.default_locale().strings;
    let locales = site
        .locales
        .iter()
        .map(|l| NotFoundLocale {
            lang: l.lang.clone(),
            title: l.strings.ui.not_found_title.clone(),
            text: l.strings.ui.not_found_text.clone(),
            home_label: l.strings.ui.breadcrumb_home.clone(),
            home_href: format!("{}{}", site.base_path, Route::Home { locale: &l.id }.dir()),
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
    };
    (NotFoundView { locales }, nav)
}
