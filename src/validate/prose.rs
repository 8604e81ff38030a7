//! A record's prose in every locale: rendered Markdown, the default
//! locale's text where a translation is missing, and translation stamps.

use super::locales::Locales;
use super::{Doc, Validator, is_one_line};
use crate::content::{CodeRecord, Prose};
use crate::model::{CodeProse, Translation};
use crate::render::markdown::{self, CodeLinks};
use std::collections::{BTreeMap, BTreeSet};

impl Validator {
    /// Renders each locale's prose; a missing locale takes the default's.
    pub(super) fn code_prose(
        &mut self,
        file: &Doc<'_>,
        r: &CodeRecord,
        known: &BTreeSet<u16>,
        locales: &Locales,
    ) -> Option<Vec<CodeProse>> {
        self.unknown_locales(file, &[], r.prose.keys(), &locales.ids);
        // A locale key that is a typo of a site locale (`rus`) is reported
        // as such; that locale is not reported again as untranslated.
        let misspelt: Vec<&str> = r
            .prose
            .keys()
            .filter(|k| !locales.ids.contains(k))
            .filter_map(|k| crate::suggest::closest(k, locales.ids.iter().map(String::as_str)))
            .collect();
        let render = |this: &mut Self, locale: &str, p: &Prose| {
            if p.prose_links_self(r.code) {
                this.error_at(
                    file,
                    &["prose", locale],
                    format!("{locale}: `[[{}]]` links the code to its own page", r.code),
                );
                return None;
            }
            this.render_prose(file, locale, p, r.allow_html, known)
        };
        // Every locale's prose is checked, whatever becomes of the others.
        let mut rendered: BTreeMap<&str, Option<CodeProse>> = BTreeMap::new();
        for (id, p) in &r.prose {
            if locales.ids.contains(id) {
                rendered.insert(id, render(self, id, p));
            }
        }
        // Without a valid default locale (reported in site.yaml) fallbacks
        // cannot be judged.
        let default_id = locales.default_id.as_ref()?;
        let Some(default_prose) = r.prose.get(default_id) else {
            self.error_at(
                file,
                &["prose"],
                format!("prose for the default locale `{default_id}` is missing"),
            );
            return None;
        };
        let default_rendered = rendered.get(default_id.as_str()).cloned().flatten();
        let mut out = Vec::with_capacity(locales.inputs.len());
        let mut ok = default_rendered.is_some();
        for locale in &locales.inputs {
            if locale.id == *default_id {
                out.extend(default_rendered.clone());
                continue;
            }
            match r.prose.get(&locale.id) {
                Some(p) => match rendered.get(locale.id.as_str()).cloned().flatten() {
                    Some(rendered) => {
                        let translation = self.translation(
                            file,
                            r.code,
                            &locale.id,
                            default_id,
                            p,
                            default_prose,
                        );
                        out.push(CodeProse {
                            translation,
                            ..rendered
                        });
                    }
                    None => ok = false,
                },
                None if misspelt.contains(&locale.id.as_str()) => ok = false,
                None => {
                    self.warn_at(
                        file,
                        &["prose"],
                        format!("no `{}` prose; pages in that locale show the `{default_id}` text with a note", locale.id),
                    );
                    if let Some(default) = &default_rendered {
                        out.push(CodeProse {
                            fallback: true,
                            translation: Translation::Missing,
                            ..default.clone()
                        });
                    }
                }
            }
        }
        ok.then_some(out)
    }

    /// Compares a translation's stamp with the source it should translate,
    /// warning when the source changed since or the stamp is missing.
    fn translation(
        &mut self,
        file: &Doc<'_>,
        code: u16,
        locale: &str,
        source_locale: &str,
        p: &Prose,
        source: &Prose,
    ) -> Translation {
        let now = source.stamp();
        let family = file
            .path
            .parent()
            .and_then(|d| d.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let fix = format!("statusdex stamp {family} {code} --locale {locale}");
        match &p.translates {
            Some(stamp) if *stamp == now => Translation::Current,
            Some(stamp) => {
                self.warn_at(
                    file,
                    &["prose", locale, "translates"],
                    format!(
                        "the `{locale}` prose translates an older `{source_locale}` text (stamp {stamp}, now {now}): bring it up to date, then run `{fix}`"
                    ),
                );
                Translation::Stale
            }
            None => {
                self.warn_at(
                    file,
                    &["prose", locale],
                    format!(
                        "the `{locale}` prose does not say which `{source_locale}` text it translates: once it matches, run `{fix}`"
                    ),
                );
                Translation::Unstamped
            }
        }
    }

    fn render_prose(
        &mut self,
        file: &Doc<'_>,
        locale: &str,
        p: &Prose,
        allow_html: bool,
        known: &BTreeSet<u16>,
    ) -> Option<CodeProse> {
        let mut ok = true;
        // Code and pair pages sit one folder below the family index.
        let from_page = CodeLinks {
            known,
            to_family: "../",
        };
        let mut block = |field: &str, text: &str, this: &mut Self| match markdown::to_html(
            text, allow_html, from_page,
        ) {
            Ok(html) => html,
            Err(e) => {
                this.error_at(
                    file,
                    &["prose", locale, field],
                    format!("{locale}.{field}: {e}"),
                );
                ok = false;
                String::new()
            }
        };
        let description = block("description", &p.description, self);
        let when_you_see_it = block("when_you_see_it", &p.when_you_see_it, self);
        let how_to_fix = block("how_to_fix", &p.how_to_fix, self);
        let use_it_when = block("use_it_when", &p.use_it_when, self);
        if !is_one_line(&p.name) {
            self.error_at(
                file,
                &["prose", locale, "name"],
                format!("{locale}.name must be one non-empty line"),
            );
            ok = false;
        }
        let summary = markdown::to_inline(&p.summary, allow_html, from_page).and_then(|page| {
            let from_index = CodeLinks {
                known,
                to_family: "",
            };
            let (index_html, _) = markdown::to_inline(&p.summary, allow_html, from_index)?;
            Ok((page, index_html))
        });
        let ((summary_html, summary_text), summary_index_html) = match summary {
            Ok(s) => s,
            Err(e) => {
                self.error_at(
                    file,
                    &["prose", locale, "summary"],
                    format!("{locale}.summary: {e}"),
                );
                return None;
            }
        };
        ok.then_some(CodeProse {
            fallback: false,
            translation: Translation::Source,
            name: p.name.trim().to_string(),
            summary_html,
            summary_index_html,
            summary_text,
            description,
            when_you_see_it,
            how_to_fix,
            use_it_when,
        })
    }

    /// `base` is the key path of the mapping that holds `prose`.
    pub(super) fn unknown_locales<'a>(
        &mut self,
        file: &Doc<'_>,
        base: &[&str],
        keys: impl Iterator<Item = &'a String>,
        ids: &[String],
    ) {
        for key in keys {
            if !ids.contains(key) {
                let path: Vec<&str> = base
                    .iter()
                    .copied()
                    .chain(["prose", key.as_str()])
                    .collect();
                let d = crate::diagnostic::Diagnostic::error(
                    &file.path,
                    format!("prose for `{key}`, which is not a locale of the site"),
                );
                let d = match crate::suggest::closest(key, ids.iter().map(String::as_str)) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!(
                        "the site's locales are {}",
                        ids.iter()
                            .map(|i| format!("`{i}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                };
                self.diagnostics.push(super::locate(d, file, &path));
            }
        }
    }
}
