//! A pair's page: the answer first, then differences and the facts side by side.

use super::{CodeFacts, Crumb, Link, NavView, PageView, ViewBuilder};
use crate::compose::{self, PairText};
use crate::i18n::space_han_latin;
use crate::model::{Code, Family};
use serde::Serialize;

#[derive(Debug, Serialize, schemars::JsonSchema)]
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
    /// Both codes' call flows, on pairs with a curated note.
    pub flows: Vec<super::FlowView>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct FactRow {
    pub label: String,
    pub a: String,
    pub b: String,
}

impl<'a> ViewBuilder<'a> {
    /// Lays out a comparison composed beforehand from the model.
    pub(crate) fn pair(
        &self,
        family: &'a Family,
        a: &'a Code,
        b: &'a Code,
        text: PairText,
    ) -> (PageView, NavView) {
        let s = self.l10n();
        let PairText {
            title,
            short,
            meta_description,
            intro,
            answer,
            differences,
        } = text;
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
        let fs = &family.terms[self.locale];
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
            self.titled(&title),
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
            flows: if note.is_some() {
                vec![self.flow(family, a), self.flow(family, b)]
            } else {
                Vec::new()
            },
        };
        (PageView::Pair(Box::new(view)), nav)
    }
}
