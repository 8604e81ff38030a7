//! One record: its code, class, wire facts, limits and example message.

use super::locales::Locales;
use super::{Doc, FamilyScope, Validator, is_method, is_one_line, is_token};
use crate::content::{CodeRecord, FamilyStrings, Loaded};
use crate::model::{Change, Code, NextStep, Q850, Reference, rfc_url};
use std::collections::BTreeMap;

impl Validator {
    pub(super) fn code(
        &mut self,
        record: &Loaded<CodeRecord>,
        scope: &FamilyScope<'_>,
        locales: &Locales,
    ) -> Option<Code> {
        let file = &Doc::of(record);
        let r = &record.value;
        let family = scope.id;
        let mut ok = true;
        let stem = file
            .path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if stem != r.code.to_string() {
            self.error_at(
                file,
                &["code"],
                format!(
                    "code {} is in a file named {stem}.yaml; name it {}.yaml",
                    r.code, r.code
                ),
            );
            ok = false;
        }
        let classes = scope.classes;
        let class = classes
            .iter()
            .position(|c| c.first <= r.code && r.code <= c.last);
        match class {
            None => {
                self.error_at(
                    file,
                    &["code"],
                    format!("code {} is in no class of family `{family}`", r.code),
                );
                ok = false;
            }
            Some(i) if classes[i].id != r.class => {
                self.error_at(
                    file,
                    &["class"],
                    format!(
                        "code {} belongs to class `{}`, not `{}`",
                        r.code, classes[i].id, r.class
                    ),
                );
                ok = false;
            }
            Some(_) => {}
        }
        let limits_ok = self.record_limits(file, r);
        ok &= limits_ok;
        let reason_ok = is_one_line(&r.reason)
            && crate::limits::text_problem(&r.reason, crate::limits::MAX_PHRASE_CHARS).is_none();
        if !is_one_line(&r.reason) {
            self.error_at(
                file,
                &["reason"],
                "the reason phrase must be one non-empty line",
            );
            ok = false;
        }
        for (i, wild) in r.wild_reasons.iter().enumerate() {
            if !is_one_line(wild) || *wild == r.reason {
                self.error_at(
                    file,
                    &["wild_reasons", &i.to_string()],
                    format!("`{wild}` must be one non-empty line that differs from the registered phrase"),
                );
                ok = false;
            }
        }
        ok &= self.header_names(file, "carries", &r.carries);
        ok &= self.header_names(file, "retry_adds", &r.retry_adds);
        ok &= self.header_names(file, "related_headers", &r.related_headers);
        ok &= self.methods(file, r);
        // The example's status line is compared with the reason only when
        // the reason itself is sound; otherwise that is the one problem.
        ok &= self.example(file, r, reason_ok);
        if r.senders.is_empty() {
            self.error_at(
                file,
                &["senders"],
                "name at least one element that sends this code",
            );
            ok = false;
        }
        for (i, step) in r.next.iter().enumerate() {
            let n = i.to_string();
            ok &= self.term(
                file,
                &["next", &n, "action"],
                locales,
                family,
                "actions",
                &step.action,
                |f| &f.actions,
            );
        }
        for (i, sender) in r.senders.iter().enumerate() {
            let n = i.to_string();
            ok &= self.term(
                file,
                &["senders", &n],
                locales,
                family,
                "senders",
                sender,
                |f| &f.senders,
            );
        }
        for (i, q) in r.q850.iter().enumerate() {
            let n = i.to_string();
            if let Some(c) = &q.condition {
                ok &= self.term(
                    file,
                    &["q850", &n, "condition"],
                    locales,
                    family,
                    "conditions",
                    c,
                    |f| &f.conditions,
                );
            }
            let named = locales
                .inputs
                .iter()
                .filter(|l| l.q850.contains_key(&q.cause))
                .count();
            // Named in some tables only, the tables' own check says where; a
            // cause outside the range is reported as such, not as unnamed.
            if named == 0
                && !locales.inputs.is_empty()
                && crate::limits::Q850_CAUSES.contains(&q.cause)
            {
                self.error_at(
                    file,
                    &["q850", &n, "cause"],
                    format!(
                        "Q.850 cause {} has no name in any string table: add `q850.{}` to content/i18n/*.yaml",
                        q.cause, q.cause
                    ),
                );
                ok = false;
            }
        }
        let lane_tables: Vec<(&str, Option<&FamilyStrings>)> = locales
            .inputs
            .iter()
            .map(|l| (l.id.as_str(), l.families.get(family)))
            .collect();
        let flow = self.flow(file, r.code, &r.flow, &lane_tables, family);
        let prose = self.code_prose(file, r, scope.known, locales);
        if !ok {
            return None;
        }
        let reference = |rfc: u32, section: &Option<String>| Reference {
            rfc,
            section: section.clone(),
            url: rfc_url(rfc, section.as_deref()),
        };
        let changes: Vec<Change> = r
            .changes
            .iter()
            .map(|c| Change {
                reference: reference(c.rfc, &c.section),
                kind: c.change,
            })
            .collect();
        let mut references = vec![reference(r.defined_in.rfc, &r.defined_in.section)];
        for x in changes
            .iter()
            .map(|c| c.reference.clone())
            .chain(r.references.iter().map(|x| reference(x.rfc, &x.section)))
        {
            if !references.contains(&x) {
                references.push(x);
            }
        }
        Some(Code {
            code: r.code,
            reason: r.reason.clone(),
            class: class?,
            references,
            changes,
            wild_reasons: r.wild_reasons.clone(),
            senders: r.senders.clone(),
            answers: r.answers.clone(),
            carries: r.carries.clone(),
            retry_adds: r.retry_adds.clone(),
            related_headers: r.related_headers.clone(),
            retry: r.retry,
            next: r
                .next
                .iter()
                .map(|s| NextStep {
                    methods: s.methods.clone(),
                    action: s.action.clone(),
                })
                .collect(),
            related: r.related.clone(),
            q850: r
                .q850
                .iter()
                .map(|q| Q850 {
                    cause: q.cause,
                    rfc: q.rfc,
                    section: q.section.clone(),
                    direction: q.direction,
                    condition: q.condition.clone(),
                })
                .collect(),
            example: r.example.trim_end().to_string(),
            flow: flow?,
            prose: prose?,
        })
    }

    /// Sizes, ranges and characters a record may not exceed (see `limits`).
    fn record_limits(&mut self, file: &Doc<'_>, r: &CodeRecord) -> bool {
        use crate::limits::*;
        let mut problems: Vec<(Vec<String>, String)> = Vec::new();
        let mut text = |path: &[&str], value: &str, max: usize| {
            if let Some(p) = text_problem(value, max) {
                problems.push((
                    path.iter().map(|s| s.to_string()).collect(),
                    format!("`{}` {p}", path.join(".")),
                ));
            }
        };
        text(&["reason"], &r.reason, MAX_PHRASE_CHARS);
        for w in &r.wild_reasons {
            text(&["wild_reasons"], w, MAX_PHRASE_CHARS);
        }
        text(&["example"], &r.example, MAX_TEXT_CHARS);
        for (locale, p) in &r.prose {
            let l = locale.as_str();
            text(&["prose", l, "name"], &p.name, MAX_PHRASE_CHARS);
            text(&["prose", l, "summary"], &p.summary, MAX_SUMMARY_CHARS);
            text(&["prose", l, "description"], &p.description, MAX_TEXT_CHARS);
            text(
                &["prose", l, "when_you_see_it"],
                &p.when_you_see_it,
                MAX_TEXT_CHARS,
            );
            text(&["prose", l, "how_to_fix"], &p.how_to_fix, MAX_TEXT_CHARS);
            text(&["prose", l, "use_it_when"], &p.use_it_when, MAX_TEXT_CHARS);
        }
        let lists = [
            ("wild_reasons", r.wild_reasons.len()),
            ("references", r.references.len()),
            ("changes", r.changes.len()),
            ("senders", r.senders.len()),
            ("answers", r.answers.as_ref().map_or(0, Vec::len)),
            ("carries", r.carries.len()),
            ("retry_adds", r.retry_adds.len()),
            ("related_headers", r.related_headers.len()),
            ("next", r.next.len()),
            ("q850", r.q850.len()),
            ("related", r.related.len()),
        ];
        for (key, n) in lists {
            if n > MAX_LIST_ITEMS {
                problems.push((
                    vec![key.into()],
                    format!("`{key}` lists {n} items; the limit is {MAX_LIST_ITEMS}"),
                ));
            }
        }
        for h in r
            .carries
            .iter()
            .chain(&r.retry_adds)
            .chain(&r.related_headers)
        {
            if h.chars().count() > MAX_HEADER_CHARS {
                problems.push((
                    vec!["carries".into()],
                    format!("header name `{h}` is longer than {MAX_HEADER_CHARS} characters"),
                ));
            }
        }
        // (path of the reference, its RFC, its section)
        let mut refs: Vec<(Vec<String>, u32, Option<&str>)> = vec![(
            vec!["defined_in".into()],
            r.defined_in.rfc,
            r.defined_in.section.as_deref(),
        )];
        for (key, list) in [
            (
                "references",
                r.references
                    .iter()
                    .map(|x| (x.rfc, x.section.as_deref()))
                    .collect::<Vec<_>>(),
            ),
            (
                "changes",
                r.changes
                    .iter()
                    .map(|x| (x.rfc, x.section.as_deref()))
                    .collect(),
            ),
            (
                "q850",
                r.q850
                    .iter()
                    .map(|x| (x.rfc, Some(x.section.as_str())))
                    .collect(),
            ),
        ] {
            for (i, (rfc, section)) in list.into_iter().enumerate() {
                refs.push((vec![key.into(), i.to_string()], rfc, section));
            }
        }
        for (path, rfc, section) in refs {
            let at = |field: &str| {
                let mut p = path.clone();
                p.push(field.into());
                p
            };
            if !RFC_NUMBERS.contains(&rfc) {
                problems.push((
                    at("rfc"),
                    format!(
                        "RFC number {rfc} is outside {}–{}",
                        RFC_NUMBERS.start(),
                        RFC_NUMBERS.end()
                    ),
                ));
            }
            if let Some(s) = section
                && !is_section(s)
            {
                problems.push((
                    at("section"),
                    format!("section `{s}` is not a section number such as 21.4.2 or A.1"),
                ));
            }
        }
        for (i, q) in r.q850.iter().enumerate() {
            if !Q850_CAUSES.contains(&q.cause) {
                problems.push((
                    vec!["q850".into(), i.to_string(), "cause".into()],
                    format!(
                        "Q.850 cause {} is outside {}–{}",
                        q.cause,
                        Q850_CAUSES.start(),
                        Q850_CAUSES.end()
                    ),
                ));
            }
        }
        let ok = problems.is_empty();
        for (path, message) in problems {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            self.error_at(file, &path, message);
        }
        ok
    }

    fn header_names(&mut self, file: &Doc<'_>, key: &str, names: &[String]) -> bool {
        let mut ok = true;
        for (i, header) in names.iter().enumerate() {
            let n = i.to_string();
            if !is_token(header) {
                self.error_at(file, &[key, &n], format!("`{header}` is not a header name"));
                ok = false;
            } else if names[..i].iter().any(|h| h.eq_ignore_ascii_case(header)) {
                self.error_at(file, &[key, &n], format!("`{header}` is listed twice"));
                ok = false;
            }
        }
        ok
    }

    /// `answers` and every step of `next` name methods, and only the last
    /// step covers "any other request".
    fn methods(&mut self, file: &Doc<'_>, r: &CodeRecord) -> bool {
        let mut ok = true;
        let bad_method = |this: &mut Self, path: &[&str], m: &str| {
            this.error_at(
                file,
                path,
                format!("`{m}` is not a method name (upper-case letters, as on the wire)"),
            );
            false
        };
        if let Some(answers) = &r.answers {
            if answers.is_empty() {
                self.error_at(
                    file,
                    &["answers"],
                    "`answers` lists no method; leave it out if the code answers any request",
                );
                ok = false;
            }
            for (i, m) in answers.iter().enumerate() {
                if !is_method(m) {
                    ok = bad_method(self, &["answers", &i.to_string()], m);
                }
            }
        }
        match r.next.split_last() {
            None => {
                self.error_at(file, &["next"], "`next` needs at least one step");
                ok = false;
            }
            Some((last, rest)) => {
                if last.methods.is_some() {
                    let last_index = rest.len().to_string();
                    self.error_at(
                        file,
                        &["next", &last_index, "methods"],
                        "the last step of `next` must have no `methods`: it says what happens after any other request",
                    );
                    ok = false;
                }
                for (n, step) in rest.iter().enumerate() {
                    let n = n.to_string();
                    match &step.methods {
                        None => {
                            self.error_at(
                                file,
                                &["next", &n],
                                "only the last step of `next` may leave out `methods`",
                            );
                            ok = false;
                        }
                        Some(ms) if ms.is_empty() => {
                            self.error_at(file, &["next", &n, "methods"], "a step lists no method");
                            ok = false;
                        }
                        Some(ms) => {
                            for (i, m) in ms.iter().enumerate() {
                                if !is_method(m) {
                                    let i = i.to_string();
                                    ok = bad_method(self, &["next", &n, "methods", &i], m);
                                }
                            }
                        }
                    }
                }
            }
        }
        ok
    }

    /// The example's first line names the code and its phrase, and every
    /// header the record says the response carries is in it.
    fn example(&mut self, file: &Doc<'_>, r: &CodeRecord, reason_ok: bool) -> bool {
        let mut lines = r.example.lines();
        let Some(first) = lines.next().filter(|l| !l.trim().is_empty()) else {
            self.error_at(file, &["example"], "the example response is empty");
            return false;
        };
        let mut ok = true;
        if reason_ok && !first.ends_with(&format!(" {} {}", r.code, r.reason)) {
            self.error_at(
                file,
                &["example"],
                format!(
                    "the example starts with `{first}`, not with the status line of {} {}",
                    r.code, r.reason
                ),
            );
            ok = false;
        }
        let names: Vec<&str> = lines
            .take_while(|l| !l.trim().is_empty())
            .filter_map(|l| l.split_once(':').map(|(n, _)| n.trim()))
            .collect();
        for (i, h) in r.carries.iter().enumerate() {
            // A name that is no header name is reported as such.
            if is_token(h) && !names.iter().any(|n| n.eq_ignore_ascii_case(h)) {
                self.error_at(
                    file,
                    &["carries", &i.to_string()],
                    format!(
                        "the response is said to carry `{h}`, but the example has no `{h}` header"
                    ),
                );
                ok = false;
            }
        }
        ok
    }

    /// A term a record names by key (an action, a sender, a condition) must
    /// be in the family's string tables. Missing from every locale, it is a
    /// record problem, reported here with the closest known key; missing
    /// from some locales only, the tables' own check reports it there.
    #[allow(clippy::too_many_arguments)]
    fn term(
        &mut self,
        file: &Doc<'_>,
        path: &[&str],
        locales: &Locales,
        family: &str,
        what: &str,
        name: &str,
        map: impl Fn(&FamilyStrings) -> &BTreeMap<String, String>,
    ) -> bool {
        let tables: Vec<&BTreeMap<String, String>> = locales
            .inputs
            .iter()
            .filter_map(|l| l.families.get(family))
            .map(&map)
            .collect();
        if tables.is_empty() || tables.iter().any(|t| t.contains_key(name)) {
            return true;
        }
        let d = crate::diagnostic::Diagnostic::error(
            &file.path,
            format!("unknown key `{name}`: no string table has `families.{family}.{what}.{name}`"),
        );
        let known = tables.iter().flat_map(|t| t.keys()).map(String::as_str);
        let d = match crate::suggest::closest(name, known) {
            Some(s) => d.with_help(format!("did you mean `{s}`? Or add `{name}` to `families.{family}.{what}` in every content/i18n/*.yaml")),
            None => d.with_help(format!("add `{name}` to `families.{family}.{what}` in every content/i18n/*.yaml")),
        };
        self.diagnostics.push(super::locate(d, file, path));
        false
    }
}
