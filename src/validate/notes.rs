//! Curated notes on commonly confused pairs (`pairs.yaml`).

use super::locales::Locales;
use super::{Doc, Validator};
use crate::content::{Loaded, PairNote};
use crate::model::{Note, NoteText};
use crate::render::markdown::{self, CodeLinks};
use std::collections::{BTreeMap, BTreeSet};

impl Validator {
    pub(super) fn notes(
        &mut self,
        pairs: &Loaded<Vec<PairNote>>,
        known: &BTreeSet<u16>,
        locales: &Locales,
    ) -> BTreeMap<(u16, u16), Note> {
        let file = &Doc::of(pairs);
        let mut out = BTreeMap::new();
        let links = CodeLinks {
            known,
            to_family: "../",
        };
        for (i, note) in pairs.value.iter().enumerate() {
            let [x, y] = note.codes;
            let key = (x.min(y), x.max(y));
            let n = i.to_string();
            let path = [n.as_str()];
            let problem = if x == y {
                Some("a note must compare two different codes".to_string())
            } else {
                [x, y]
                    .into_iter()
                    .find(|c| !known.contains(c))
                    .map(|c| format!("code {c} has no record"))
            };
            if let Some(problem) = problem {
                self.error_at(
                    file,
                    &[&n, "codes"],
                    format!("note for [{x}, {y}]: {problem}"),
                );
                continue;
            }
            if out.contains_key(&key) {
                self.error_at(
                    file,
                    &[&n, "codes"],
                    format!("note for [{x}, {y}] is given twice"),
                );
                continue;
            }
            self.unknown_locales(file, &path, note.prose.keys(), &locales.ids);
            let Some(default_id) = &locales.default_id else {
                // Reported in site.yaml; fallbacks cannot be judged.
                continue;
            };
            let Some(default_note) = note.prose.get(default_id) else {
                self.error_at(
                    file,
                    &[&n, "prose"],
                    format!("note for [{x}, {y}] has no `{default_id}` text"),
                );
                continue;
            };
            let mut text = Vec::new();
            for locale in &locales.inputs {
                let (prose, fallback) = match note.prose.get(&locale.id) {
                    Some(text) => (text, false),
                    None => {
                        self.warn_at(file, &[&n, "prose"], format!("note for [{x}, {y}] has no `{}` text; the `{default_id}` text is shown", locale.id));
                        (default_note, true)
                    }
                };
                let limits =
                    crate::limits::text_problem(&prose.rule, crate::limits::MAX_SUMMARY_CHARS)
                        .map(|p| format!("rule {p}"))
                        .or_else(|| {
                            crate::limits::text_problem(&prose.note, crate::limits::MAX_TEXT_CHARS)
                                .map(|p| format!("note {p}"))
                        });
                if let Some(problem) = limits {
                    self.error_at(
                        file,
                        &[&n, "prose", &locale.id],
                        format!("note for [{x}, {y}], {}: {problem}", locale.id),
                    );
                    continue;
                }
                let rendered = markdown::to_html(&prose.note, false, links).and_then(|html| {
                    let (_, rule) = markdown::to_inline(&prose.rule, false, links)?;
                    Ok((rule, html))
                });
                match rendered {
                    Ok((rule, html)) => text.push(NoteText {
                        rule,
                        html,
                        fallback,
                    }),
                    Err(e) => self.error_at(
                        file,
                        &[&n, "prose", &locale.id],
                        format!("note for [{x}, {y}], {}: {e}", locale.id),
                    ),
                }
            }
            if text.len() == locales.inputs.len() {
                out.insert(
                    key,
                    Note {
                        replaces: note.replaces.clone(),
                        text,
                    },
                );
            }
        }
        out
    }
}
