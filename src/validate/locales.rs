//! The site's locales: each has a string table whose patterns use only
//! the placeholders their sentences are given, and whose family terms name
//! the same things as every other locale's.

use super::{Doc, LocaleInput, Validator, is_slug};
use crate::content::{Loaded, StringTable};
use crate::diagnostic::Diagnostic;
use crate::model::Locale;
use std::collections::{BTreeMap, BTreeSet};

/// The site's locales as far as they could be read.
pub(super) struct Locales {
    /// Every locale id site.yaml lists, valid or not, in its order.
    pub ids: Vec<String>,
    /// The locales whose string tables loaded, in site order: what records
    /// are checked against when some table is broken.
    pub inputs: Vec<LocaleInput>,
    /// The default locale, when site.yaml names one of its locales.
    pub default_id: Option<String>,
    /// Every listed locale loaded and checked out.
    pub complete: bool,
}

impl Validator {
    /// `failed` names the locales whose table exists but could not be read:
    /// their problems are already reported, so they are left out quietly.
    pub(super) fn locales(
        &mut self,
        file: &Doc<'_>,
        ids: &[String],
        default_id: &str,
        mut tables: BTreeMap<String, Loaded<StringTable>>,
        failed: &BTreeSet<String>,
    ) -> Locales {
        let mut inputs = Vec::new();
        let mut complete = true;
        if ids.is_empty() {
            self.error_at(file, &["locales"], "at least one locale is needed");
            complete = false;
        }
        let mut seen = BTreeSet::new();
        let mut loaded = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let at = ["locales".to_string(), i.to_string()];
            let at: Vec<&str> = at.iter().map(String::as_str).collect();
            if !seen.insert(id) {
                self.error_at(file, &at, format!("locale `{id}` is listed twice"));
                complete = false;
                continue;
            }
            if !is_slug(id) {
                self.error_at(
                    file,
                    &at,
                    format!("locale id `{id}` must be lowercase letters, digits and `-` (it is a URL segment)"),
                );
                complete = false;
                continue;
            }
            let Some(table) = tables.remove(id) else {
                if !failed.contains(id) {
                    self.error_at(
                        file,
                        &at,
                        format!("locale `{id}` has no string table content/i18n/{id}.yaml"),
                    );
                }
                complete = false;
                continue;
            };
            if !self.patterns(&table) {
                complete = false;
            }
            loaded.push((id, table));
        }
        for (id, table) in &tables {
            self.warn_at(
                &Doc::of(table),
                &[],
                format!(
                    "string table for locale `{id}`, which site.yaml does not list; it is ignored"
                ),
            );
        }
        if !self.same_terms(&loaded) {
            complete = false;
        }
        for (id, table) in loaded {
            let Loaded { file, value, tree } = table;
            let (locale, families) = Locale::from_table(id, value);
            inputs.push(LocaleInput {
                locale,
                families,
                file,
                tree,
            });
        }
        Locales {
            ids: ids.to_vec(),
            inputs,
            default_id: ids.iter().find(|id| *id == default_id).cloned(),
            complete,
        }
    }

    /// The terms that records name by key (actions, senders, conditions,
    /// lanes, Q.850 causes) have the same keys in every locale. A key that
    /// only one locale has is reported there, once; a key some locales lack
    /// is reported in each that lacks it.
    fn same_terms(&mut self, tables: &[(&String, Loaded<StringTable>)]) -> bool {
        if tables.len() < 2 {
            return true;
        }
        // (path of the map in the table, its keys) per table.
        let maps = |t: &StringTable| -> Vec<(Vec<String>, BTreeSet<String>)> {
            let mut out = vec![(
                vec!["q850".to_string()],
                t.q850.keys().map(u16::to_string).collect(),
            )];
            for (family, f) in &t.families {
                for (name, map) in [
                    ("actions", &f.actions),
                    ("senders", &f.senders),
                    ("conditions", &f.conditions),
                    ("lanes", &f.lanes),
                ] {
                    out.push((
                        vec!["families".into(), family.clone(), name.into()],
                        map.keys().cloned().collect(),
                    ));
                }
            }
            out
        };
        let per_table: Vec<Vec<(Vec<String>, BTreeSet<String>)>> =
            tables.iter().map(|(_, t)| maps(&t.value)).collect();
        let mut all: BTreeMap<&Vec<String>, BTreeMap<&String, Vec<usize>>> = BTreeMap::new();
        for (i, table_maps) in per_table.iter().enumerate() {
            for (path, keys) in table_maps {
                let entry = all.entry(path).or_default();
                for key in keys {
                    entry.entry(key).or_default().push(i);
                }
            }
        }
        let mut ok = true;
        for (path, keys) in &all {
            // Tables that have this map at all: a table without the family
            // is reported once, for the family.
            let with_map: Vec<usize> = (0..tables.len())
                .filter(|i| per_table[*i].iter().any(|(p, _)| p == *path))
                .collect();
            if with_map.len() < 2 {
                continue;
            }
            let dotted = path.join(".");
            for (key, have) in keys {
                if have.len() == with_map.len() {
                    continue;
                }
                ok = false;
                if have.len() == 1 {
                    let (id, table) = &tables[have[0]];
                    let mut at: Vec<&str> = path.iter().map(String::as_str).collect();
                    at.push(key);
                    let others: BTreeSet<&String> = have
                        .iter()
                        .chain(&with_map)
                        .filter(|i| **i != have[0])
                        .flat_map(|i| {
                            per_table[*i]
                                .iter()
                                .filter(|(p, _)| p == *path)
                                .flat_map(|(_, k)| k)
                        })
                        .collect();
                    let d = Doc::of(table);
                    let mut diag = super::locate(
                        Diagnostic::error(
                            &d.path,
                            format!(
                                "`{dotted}.{key}` is in no other locale's table; locale `{id}` alone has it"
                            ),
                        ),
                        &d,
                        &at,
                    );
                    if let Some(s) = crate::suggest::closest(key, others.iter().map(|s| s.as_str()))
                    {
                        diag = diag.with_help(format!("did you mean `{s}`?"));
                    }
                    self.diagnostics.push(diag);
                    continue;
                }
                for i in with_map.iter().filter(|i| !have.contains(i)) {
                    let (_, table) = &tables[*i];
                    let at: Vec<&str> = path.iter().map(String::as_str).collect();
                    let owners: Vec<&str> = have.iter().map(|h| tables[*h].0.as_str()).collect();
                    let d = Doc::of(table);
                    self.error_at(
                        &d,
                        &at,
                        format!(
                            "missing key `{dotted}.{key}`, which the {} table{} {}",
                            owners.join(" and "),
                            if owners.len() == 1 { "" } else { "s" },
                            if owners.len() == 1 { "has" } else { "have" },
                        ),
                    );
                }
            }
        }
        ok
    }

    /// Every pattern's braces balance and it uses only the placeholders its
    /// sentence is given.
    pub(super) fn patterns(&mut self, table: &Loaded<StringTable>) -> bool {
        let mut ok = true;
        for (key, pattern, allowed) in table.value.patterns.each() {
            let problem = match pattern.placeholders() {
                Err(e) => Some(e),
                Ok(names) => names.iter().find(|n| !allowed.contains(n)).map(|n| {
                    let list = if allowed.is_empty() {
                        "none".to_string()
                    } else {
                        allowed
                            .iter()
                            .map(|a| format!("{{{a}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    format!("unknown placeholder `{{{n}}}`; this pattern may use: {list}")
                }),
            };
            if let Some(problem) = problem {
                self.error_at(
                    &Doc::of(table),
                    &["patterns", key],
                    format!("pattern `{key}`: {problem}"),
                );
                ok = false;
            }
        }
        ok
    }
}
