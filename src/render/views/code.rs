//! A code's page, and the facts of one code that pair pages show in columns.

use super::{CodeLink, Crumb, Link, NavView, PageView, ViewBuilder};
use crate::compose;
use crate::content::ChangeKind;
use crate::model::{Code, Family, Reference, Route};
use serde::Serialize;

/// One code's prose and facts as shown on its page and in pair columns.
#[derive(Debug, Serialize, schemars::JsonSchema)]
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

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ChangeView {
    /// "Deprecated", "Renamed", "Updated".
    pub kind: String,
    pub link: Link,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CodeView {
    pub facts: CodeFacts,
    pub example: String,
    pub flow: super::FlowView,
    pub related: Vec<CodeLink>,
    pub comparisons_heading: String,
    pub comparisons: Vec<ComparisonGroup>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ComparisonGroup {
    pub heading: String,
    pub links: Vec<PairLink>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PairLink {
    /// "302 vs 401".
    pub label: String,
    /// Reason phrase of the other code.
    pub reason: String,
    pub href: String,
}

impl<'a> ViewBuilder<'a> {
    pub(super) fn facts(&self, family: &'a Family, code: &Code) -> CodeFacts {
        let s = self.l10n();
        let fs = &family.terms[self.locale];
        let class = family.class_of(code);
        let prose = &code.prose[self.locale];
        let reference = |r: &Reference| Link {
            label: compose::reference_label(&s.patterns, r),
            href: r.url.clone(),
            external: true,
        };
        let senders: Vec<String> = code
            .senders
            .iter()
            .map(|k| fs.sender(k).to_string())
            .collect();
        CodeFacts {
            code: code.code,
            reason: code.reason.clone(),
            name: prose.name.clone(),
            heading: s.patterns.code_title.fill(&[
                ("family", &family.name),
                ("label", &compose::code_label(s, self.locale, code)),
            ]),
            href: self.href(self.code_route(family, code.code)),
            class_id: class.id.clone(),
            class_name: fs.classes[code.class].name.clone(),
            kind: if class.is_final {
                s.ui.final_response.clone()
            } else {
                s.ui.provisional.clone()
            },
            deprecated: code.is_deprecated(),
            next: compose::next_steps(s, fs, code),
            retry: fs.retry(code.retry).to_string(),
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

    pub(crate) fn code(&self, family: &'a Family, code: &'a Code) -> (PageView, NavView) {
        let s = self.l10n();
        let fs = &family.terms[self.locale];
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
                    heading: s
                        .patterns
                        .class_heading
                        .fill(&[("class", &fs.classes[i].name), ("class_id", &class.id)]),
                    links,
                })
            })
            .collect();
        let prose = &code.prose[self.locale];
        let description = s.patterns.code_description.fill(&[
            ("family", &family.name),
            ("label", &compose::code_label(s, self.locale, code)),
            ("summary", &prose.summary_text),
        ]);
        let nav = self.nav(
            self.titled(&facts.heading),
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
            flow: self.flow(family, code),
            related,
            comparisons,
        };
        (PageView::Code(Box::new(view)), nav)
    }
}
