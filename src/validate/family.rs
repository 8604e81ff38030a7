//! A family: its definition, classes named in every locale, and its
//! records and curated notes checked against them.

use super::locales::Locales;
use super::{Doc, FamilyScope, LocaleInput, Validator, is_slug, is_web_url};
use crate::content::{FamilyFile, RawFamily, Retry};
use crate::diagnostic::Diagnostic;
use crate::model::{Class, Code, Family, FamilyTerms};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

impl Validator {
    pub(super) fn family(&mut self, id: &str, raw: RawFamily, locales: &Locales) -> Option<Family> {
        let Some(family_file) = &raw.family else {
            self.diagnostics.push(Diagnostic::error(
                Path::new("content").join(id).join("family.yaml"),
                format!("family `{id}` has no family.yaml"),
            ));
            return None;
        };
        let file = &Doc::of(family_file);
        let def = &family_file.value;
        let (classes, mut ok) = self.classes(file, id, def, &locales.inputs);
        if let Some(url) = &def.registry
            && !is_web_url(url)
        {
            // The link lands on every family index: only plain web URLs.
            self.error_at(
                file,
                &["registry"],
                format!("registry `{url}` must be an http:// or https:// URL"),
            );
            ok = false;
        }
        // Codes named by any record file, parsed or not, so that a link to a
        // code whose record is broken is not reported a second time.
        let known: BTreeSet<u16> = raw
            .records
            .iter()
            .map(|r| r.value.code)
            .chain(raw.codes_on_disk.iter().copied())
            .collect();
        let mut codes: Vec<Code> = Vec::new();
        let scope = FamilyScope {
            id,
            classes: &classes,
            known: &known,
        };
        for (i, record) in raw.records.iter().enumerate() {
            let code = record.value.code;
            if let Some(first) = raw.records[..i].iter().find(|r| r.value.code == code) {
                self.error_at(
                    &Doc::of(record),
                    &["code"],
                    format!(
                        "code {code} is also defined in {}",
                        crate::diagnostic::display_path(&first.file.path)
                    ),
                );
                ok = false;
                continue;
            }
            match self.code(record, &scope, locales) {
                Some(code) => codes.push(code),
                None => ok = false,
            }
        }
        codes.sort_by_key(|c| c.code);
        for record in &raw.records {
            let doc = Doc::of(record);
            for (i, related) in record.value.related.iter().enumerate() {
                let n = i.to_string();
                if *related == record.value.code {
                    self.error_at(&doc, &["related", &n], "a code cannot be related to itself");
                    ok = false;
                } else if !known.contains(related) {
                    self.error_at(
                        &doc,
                        &["related", &n],
                        format!("related code {related} has no record in content/{id}/"),
                    );
                    ok = false;
                }
            }
        }
        let notes = match &raw.pairs {
            Some(pairs) => self.notes(pairs, &known, locales),
            None => BTreeMap::new(),
        };
        if !ok || !locales.complete {
            return None;
        }
        let terms = locales
            .inputs
            .iter()
            .map(|l| {
                let table = l.families.get(id)?.clone();
                FamilyTerms::resolve(&classes, table)
            })
            .collect::<Option<Vec<_>>>()?;
        let def = raw.family?.value;
        Some(Family {
            id: def.id,
            name: def.name,
            registry: def.registry,
            classes,
            codes,
            notes,
            terms,
        })
    }

    /// The family's classes, and whether they and their names in every
    /// locale check out. The classes come back either way, so records can
    /// still be checked against them.
    fn classes(
        &mut self,
        file: &Doc<'_>,
        folder: &str,
        def: &FamilyFile,
        locales: &[LocaleInput],
    ) -> (Vec<Class>, bool) {
        let mut ok = true;
        if def.id != folder {
            self.error_at(
                file,
                &["id"],
                format!("family id `{}` must match its folder `{folder}`", def.id),
            );
            ok = false;
        }
        if !is_slug(&def.id) {
            self.error_at(
                file,
                &["id"],
                "family id must be lowercase letters, digits and `-` (it is a URL segment)",
            );
            ok = false;
        }
        let class_ids: Vec<&str> = def.classes.iter().map(|c| c.id.as_str()).collect();
        let retry_keys: Vec<&str> = Retry::ALL.iter().map(|r| r.key()).collect();
        for locale in locales {
            let table = &locale.doc();
            let Some(strings) = locale.families.get(folder) else {
                self.error_at(
                    table,
                    &["families"],
                    format!("missing key `families.{folder}` (class names, actions, senders, retry, conditions and lanes of family `{folder}`)"),
                );
                ok = false;
                continue;
            };
            for (what, keys, expected, explain) in [
                (
                    "classes",
                    strings.classes.keys().collect::<Vec<_>>(),
                    &class_ids,
                    "name and description of class",
                ),
                (
                    "retry",
                    strings.retry.keys().collect(),
                    &retry_keys,
                    "what a retry achieves after a code marked",
                ),
            ] {
                for want in expected.iter() {
                    if !keys.iter().any(|k| k == want) {
                        self.error_at(
                            table,
                            &["families", folder, what],
                            format!(
                                "missing key `families.{folder}.{what}.{want}` ({explain} `{want}`)"
                            ),
                        );
                        ok = false;
                    }
                }
                for key in keys {
                    if !expected.contains(&key.as_str()) {
                        let d = Diagnostic::error(
                            &table.path,
                            format!(
                                "unknown key `families.{folder}.{what}.{key}`: family `{folder}` has no such {}",
                                if what == "classes" {
                                    "class"
                                } else {
                                    "retry value"
                                }
                            ),
                        );
                        let d = match crate::suggest::closest(key, expected.iter().copied()) {
                            Some(s) => d.with_help(format!("did you mean `{s}`?")),
                            None => d.with_help(format!(
                                "the keys here are {}",
                                expected
                                    .iter()
                                    .map(|e| format!("`{e}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )),
                        };
                        self.diagnostics.push(super::locate(
                            d,
                            table,
                            &["families", folder, what, key],
                        ));
                        ok = false;
                    }
                }
            }
        }
        let mut classes: Vec<Class> = Vec::new();
        for (i, c) in def.classes.iter().enumerate() {
            let n = i.to_string();
            let at = ["classes", n.as_str()];
            if c.first > c.last {
                self.error_at(
                    file,
                    &at,
                    format!(
                        "class `{}`: first {} is above last {}",
                        c.id, c.first, c.last
                    ),
                );
                ok = false;
            }
            if let Some(other) = classes
                .iter()
                .find(|o| o.id == c.id || (c.first <= o.last && o.first <= c.last))
            {
                self.error_at(
                    file,
                    &at,
                    format!("class `{}` overlaps class `{}`", c.id, other.id),
                );
                ok = false;
                continue;
            }
            classes.push(Class {
                id: c.id.clone(),
                first: c.first,
                last: c.last,
                is_final: c.is_final,
            });
        }
        classes.sort_by_key(|c| c.first);
        (classes, ok)
    }
}
