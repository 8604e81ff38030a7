//! Raw content → [`Site`], or every problem found, at once. Missing
//! translations of prose fall back to the default locale with a warning;
//! anything a page would need and cannot have is an error.

use crate::content::{
    CodeRecord, FamilyFile, FamilyStrings, Loaded, PairNote, Prose, RawContent, RawFamily, Retry,
    SourceFile, StringTable,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{
    Change, Class, Code, CodeProse, Family, FamilyTerms, Locale, NextStep, Note, NoteText, Q850,
    Reference, Site, Translation, rfc_url,
};
use crate::render::markdown::{self, CodeLinks};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod flow;

const SITE_FILE: &str = "content/site.yaml";

/// Checks raw content and builds the site model. Warnings come back with the
/// site; any error means no site.
pub fn validate(raw: RawContent) -> (Option<Site>, Diagnostics) {
    let mut v = Validator::default();
    let site = v.site(raw);
    v.diagnostics.sort();
    let site = if v.diagnostics.has_errors() {
        None
    } else {
        site
    };
    (site, v.diagnostics)
}

/// A locale while content is checked: the model's part, and its family terms
/// by family id, which move into each family once the family checks out.
struct LocaleInput {
    locale: Locale,
    families: BTreeMap<String, FamilyStrings>,
}

impl std::ops::Deref for LocaleInput {
    type Target = Locale;

    fn deref(&self) -> &Locale {
        &self.locale
    }
}

#[derive(Default)]
struct Validator {
    diagnostics: Diagnostics,
}

impl Validator {
    fn error_at(&mut self, file: &SourceFile, path: &[&str], message: impl Into<String>) {
        let d = Diagnostic::error(&file.path, message);
        self.diagnostics.push(locate(d, file, path));
    }

    fn warn_at(&mut self, file: &SourceFile, path: &[&str], message: impl Into<String>) {
        let d = Diagnostic::warning(&file.path, message);
        self.diagnostics.push(locate(d, file, path));
    }

    fn site(&mut self, raw: RawContent) -> Option<Site> {
        let Some(site_file) = raw.site else {
            self.diagnostics.push(
                Diagnostic::error(SITE_FILE, "missing site configuration")
                    .with_help("create content/site.yaml with title, base_url, default_locale, locales and families"),
            );
            return None;
        };
        let Loaded { file, value: cfg } = site_file;

        let base_url = self.base_url(&file, &cfg.base_url);
        let locales = self.locales(&file, &cfg.locales, raw.strings);
        let default_locale = cfg.locales.iter().position(|l| *l == cfg.default_locale);
        if default_locale.is_none() {
            self.error_at(
                &file,
                &["default_locale"],
                format!(
                    "default locale `{}` is not one of `locales`",
                    cfg.default_locale
                ),
            );
        }

        let mut families_raw = raw.families;
        let mut families = Vec::new();
        for id in &cfg.families {
            match families_raw.remove(id) {
                Some(raw_family) => {
                    if let (Some(locales), Some(default)) = (&locales, default_locale)
                        && let Some(f) = self.family(id, raw_family, locales, default)
                    {
                        families.push(f);
                    }
                }
                None => self.error_at(
                    &file,
                    &["families"],
                    format!("family `{id}` has no folder content/{id}/"),
                ),
            }
        }
        for (id, rest) in families_raw {
            let path = rest
                .family
                .as_ref()
                .map(|f| f.file.path.clone())
                .or_else(|| rest.records.first().map(|r| r.file.path.clone()))
                .unwrap_or_else(|| Path::new("content").join(&id));
            self.diagnostics.push(Diagnostic::warning(
                path,
                format!(
                    "folder content/{id}/ is not listed in site.yaml `families`; it is ignored"
                ),
            ));
        }

        let (base_url, base_path) = base_url?;
        Some(Site {
            title: cfg.title,
            base_url,
            base_path,
            locales: locales?.into_iter().map(|l| l.locale).collect(),
            default_locale: default_locale?,
            families,
        })
    }

    /// Returns (base URL ending in `/`, its path ending in `/`).
    fn base_url(&mut self, file: &SourceFile, url: &str) -> Option<(String, String)> {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        let Some(rest) = rest.filter(|r| !r.is_empty() && !r.starts_with('/')) else {
            self.error_at(
                file,
                &["base_url"],
                format!("base_url `{url}` must be an absolute http(s) URL"),
            );
            return None;
        };
        if url.contains(['?', '#', ' ', '"', '<', '>'])
            || url.contains("/../")
            || url.ends_with("/..")
        {
            self.error_at(
                file,
                &["base_url"],
                format!(
                    "base_url `{url}` must be a plain URL without query, fragment, spaces or `..`"
                ),
            );
            return None;
        }
        let base_url = if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        };
        let path = match rest.find('/') {
            Some(i) => rest[i..].to_string(),
            None => "/".to_string(),
        };
        let path = if path.ends_with('/') {
            path
        } else {
            format!("{path}/")
        };
        Some((base_url, path))
    }

    fn locales(
        &mut self,
        file: &SourceFile,
        ids: &[String],
        mut tables: BTreeMap<String, Loaded<StringTable>>,
    ) -> Option<Vec<LocaleInput>> {
        let mut out = Vec::new();
        let mut ok = true;
        if ids.is_empty() {
            self.error_at(file, &["locales"], "at least one locale is needed");
            return None;
        }
        let mut seen = BTreeSet::new();
        for id in ids {
            if !seen.insert(id) {
                self.error_at(file, &["locales"], format!("locale `{id}` is listed twice"));
                ok = false;
                continue;
            }
            if !is_slug(id) {
                self.error_at(
                    file,
                    &["locales"],
                    format!("locale id `{id}` must be lowercase letters, digits and `-` (it is a URL segment)"),
                );
                ok = false;
                continue;
            }
            let Some(table) = tables.remove(id) else {
                self.error_at(
                    file,
                    &["locales"],
                    format!("locale `{id}` has no string table content/i18n/{id}.yaml"),
                );
                ok = false;
                continue;
            };
            if !self.patterns(&table) {
                ok = false;
            }
            let Loaded { value, .. } = table;
            let (locale, families) = Locale::from_table(id, value);
            out.push(LocaleInput { locale, families });
        }
        for (id, table) in tables {
            self.warn_at(
                &table.file,
                &[],
                format!(
                    "string table for locale `{id}`, which site.yaml does not list; it is ignored"
                ),
            );
        }
        ok.then_some(out)
    }

    /// Every pattern's braces balance and it uses only the placeholders its
    /// sentence is given.
    fn patterns(&mut self, table: &Loaded<StringTable>) -> bool {
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
                    &table.file,
                    &["patterns", key],
                    format!("pattern `{key}`: {problem}"),
                );
                ok = false;
            }
        }
        ok
    }

    fn family(
        &mut self,
        id: &str,
        raw: RawFamily,
        locales: &[LocaleInput],
        default: usize,
    ) -> Option<Family> {
        let Some(Loaded { file, value: def }) = raw.family else {
            self.diagnostics.push(Diagnostic::error(
                Path::new("content").join(id).join("family.yaml"),
                format!("family `{id}` has no family.yaml"),
            ));
            return None;
        };
        let classes = self.classes(&file, id, &def, locales)?;
        if let Some(url) = &def.registry
            && !is_web_url(url)
        {
            // The link lands on every family index: only plain web URLs.
            self.error_at(
                &file,
                &["registry"],
                format!("registry `{url}` must be an http:// or https:// URL"),
            );
            return None;
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
        for record in &raw.records {
            let scope = FamilyScope {
                id,
                classes: &classes,
                known: &known,
            };
            if let Some(code) = self.code(record, &scope, locales, default) {
                if let Some(prev) = codes.iter().find(|c| c.code == code.code) {
                    self.error_at(
                        &record.file,
                        &["code"],
                        format!("code {} is defined twice", prev.code),
                    );
                    continue;
                }
                codes.push(code);
            }
        }
        codes.sort_by_key(|c| c.code);
        for record in &raw.records {
            for related in &record.value.related {
                if !known.contains(related) {
                    self.error_at(
                        &record.file,
                        &["related"],
                        format!("related code {related} has no record in content/{id}/"),
                    );
                } else if *related == record.value.code {
                    self.error_at(
                        &record.file,
                        &["related"],
                        "a code cannot be related to itself",
                    );
                }
            }
        }
        let notes = match raw.pairs {
            Some(pairs) => self.notes(&pairs, &known, locales, default),
            None => BTreeMap::new(),
        };
        let terms = locales
            .iter()
            .map(|l| {
                let table = l.families.get(id)?.clone();
                FamilyTerms::resolve(&classes, table)
            })
            .collect::<Option<Vec<_>>>()?;
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

    fn classes(
        &mut self,
        file: &SourceFile,
        folder: &str,
        def: &FamilyFile,
        locales: &[LocaleInput],
    ) -> Option<Vec<Class>> {
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
        for locale in locales {
            let table = format!("content/i18n/{}.yaml", locale.id);
            let Some(strings) = locale.families.get(folder) else {
                self.diagnostics.push(Diagnostic::error(
                    table,
                    format!("missing key families.{folder} (class names, actions, senders, retry and conditions of family `{folder}`)"),
                ));
                ok = false;
                continue;
            };
            for retry in Retry::ALL {
                if !strings.retry.contains_key(retry.key()) {
                    self.diagnostics.push(Diagnostic::error(
                        &table,
                        format!(
                            "missing key families.{folder}.retry.{} (what a retry achieves after such a code)",
                            retry.key()
                        ),
                    ));
                    ok = false;
                }
            }
        }
        let mut classes: Vec<Class> = Vec::new();
        for c in &def.classes {
            if c.first > c.last {
                self.error_at(
                    file,
                    &["classes"],
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
                    &["classes"],
                    format!("class `{}` overlaps class `{}`", c.id, other.id),
                );
                ok = false;
            }
            for locale in locales {
                let named = locale
                    .families
                    .get(folder)
                    .is_some_and(|f| f.classes.contains_key(&c.id));
                if !named {
                    self.diagnostics.push(Diagnostic::error(
                        format!("content/i18n/{}.yaml", locale.id),
                        format!("missing key families.{folder}.classes.{} (name and description of class `{}`)", c.id, c.id),
                    ));
                    ok = false;
                }
            }
            classes.push(Class {
                id: c.id.clone(),
                first: c.first,
                last: c.last,
                is_final: c.is_final,
            });
        }
        classes.sort_by_key(|c| c.first);
        ok.then_some(classes)
    }

    fn code(
        &mut self,
        record: &Loaded<CodeRecord>,
        scope: &FamilyScope<'_>,
        locales: &[LocaleInput],
        default: usize,
    ) -> Option<Code> {
        let Loaded { file, value: r } = record;
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
        ok &= self.record_limits(file, r);
        if !is_one_line(&r.reason) {
            self.error_at(
                file,
                &["reason"],
                "the reason phrase must be one non-empty line",
            );
            ok = false;
        }
        for wild in &r.wild_reasons {
            if !is_one_line(wild) || *wild == r.reason {
                self.error_at(
                    file,
                    &["wild_reasons"],
                    format!("`{wild}` must be one non-empty line that differs from the registered phrase"),
                );
                ok = false;
            }
        }
        ok &= self.header_names(file, "carries", &r.carries);
        ok &= self.header_names(file, "retry_adds", &r.retry_adds);
        ok &= self.header_names(file, "related_headers", &r.related_headers);
        ok &= self.methods(file, r);
        ok &= self.example(file, r);
        if r.senders.is_empty() {
            self.error_at(
                file,
                &["senders"],
                "name at least one element that sends this code",
            );
            ok = false;
        }
        for locale in locales {
            let Some(strings) = locale.families.get(family) else {
                // Reported once for the family.
                ok = false;
                continue;
            };
            let table = format!("content/i18n/{}.yaml", locale.id);
            let missing = |this: &mut Self, key: &str, what: &str, name: &str| {
                this.error_at(
                    file,
                    &[key],
                    format!(
                        "{what} `{name}` has no text in {table} (families.{family}.{what}.{name})"
                    ),
                );
                false
            };
            for step in &r.next {
                if !strings.actions.contains_key(&step.action) {
                    ok = missing(self, "next", "actions", &step.action);
                }
            }
            for sender in &r.senders {
                if !strings.senders.contains_key(sender) {
                    ok = missing(self, "senders", "senders", sender);
                }
            }
            for q in &r.q850 {
                if let Some(c) = &q.condition
                    && !strings.conditions.contains_key(c)
                {
                    ok = missing(self, "q850", "conditions", c);
                }
                if !locale.q850.contains_key(&q.cause) {
                    self.error_at(
                        file,
                        &["q850"],
                        format!(
                            "Q.850 cause {} has no name in {table} (q850.{})",
                            q.cause, q.cause
                        ),
                    );
                    ok = false;
                }
            }
        }
        let lane_tables: Vec<(&str, Option<&FamilyStrings>)> = locales
            .iter()
            .map(|l| (l.id.as_str(), l.families.get(family)))
            .collect();
        let flow = self.flow(file, r.code, &r.flow, &lane_tables, family);
        let prose = self.code_prose(file, r, scope.known, locales, default);
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
    fn record_limits(&mut self, file: &SourceFile, r: &CodeRecord) -> bool {
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
        let refs = std::iter::once((
            "defined_in",
            r.defined_in.rfc,
            r.defined_in.section.as_deref(),
        ))
        .chain(
            r.references
                .iter()
                .map(|x| ("references", x.rfc, x.section.as_deref())),
        )
        .chain(
            r.changes
                .iter()
                .map(|x| ("changes", x.rfc, x.section.as_deref())),
        )
        .chain(
            r.q850
                .iter()
                .map(|x| ("q850", x.rfc, Some(x.section.as_str()))),
        );
        for (key, rfc, section) in refs {
            if !RFC_NUMBERS.contains(&rfc) {
                problems.push((
                    vec![key.into()],
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
                    vec![key.into()],
                    format!("section `{s}` is not a section number such as 21.4.2 or A.1"),
                ));
            }
        }
        for q in &r.q850 {
            if !Q850_CAUSES.contains(&q.cause) {
                problems.push((
                    vec!["q850".into()],
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

    fn header_names(&mut self, file: &SourceFile, key: &str, names: &[String]) -> bool {
        let mut ok = true;
        for (i, header) in names.iter().enumerate() {
            if !is_token(header) {
                self.error_at(file, &[key], format!("`{header}` is not a header name"));
                ok = false;
            } else if names[..i].iter().any(|h| h.eq_ignore_ascii_case(header)) {
                self.error_at(file, &[key], format!("`{header}` is listed twice"));
                ok = false;
            }
        }
        ok
    }

    /// `answers` and every step of `next` name methods, and only the last
    /// step covers "any other request".
    fn methods(&mut self, file: &SourceFile, r: &CodeRecord) -> bool {
        let mut ok = true;
        let bad_method = |this: &mut Self, key: &str, m: &str| {
            this.error_at(
                file,
                &[key],
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
            for m in answers {
                if !is_method(m) {
                    ok = bad_method(self, "answers", m);
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
                    self.error_at(
                        file,
                        &["next"],
                        "the last step of `next` must have no `methods`: it says what happens after any other request",
                    );
                    ok = false;
                }
                for step in rest {
                    match &step.methods {
                        None => {
                            self.error_at(
                                file,
                                &["next"],
                                "only the last step of `next` may leave out `methods`",
                            );
                            ok = false;
                        }
                        Some(ms) if ms.is_empty() => {
                            self.error_at(file, &["next"], "a step lists no method");
                            ok = false;
                        }
                        Some(ms) => {
                            for m in ms {
                                if !is_method(m) {
                                    ok = bad_method(self, "next", m);
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
    fn example(&mut self, file: &SourceFile, r: &CodeRecord) -> bool {
        let mut lines = r.example.lines();
        let Some(first) = lines.next().filter(|l| !l.trim().is_empty()) else {
            self.error_at(file, &["example"], "the example response is empty");
            return false;
        };
        let mut ok = true;
        if !first.ends_with(&format!(" {} {}", r.code, r.reason)) {
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
        for h in &r.carries {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(h)) {
                self.error_at(
                    file,
                    &["carries"],
                    format!(
                        "the response is said to carry `{h}`, but the example has no `{h}` header"
                    ),
                );
                ok = false;
            }
        }
        ok
    }

    /// Renders each locale's prose; a missing locale takes the default's.
    fn code_prose(
        &mut self,
        file: &SourceFile,
        r: &CodeRecord,
        known: &BTreeSet<u16>,
        locales: &[LocaleInput],
        default: usize,
    ) -> Option<Vec<CodeProse>> {
        self.unknown_locales(file, &[], r.prose.keys(), locales);
        let default_id = &locales[default].id;
        let Some(default_prose) = r.prose.get(default_id) else {
            self.error_at(
                file,
                &["prose"],
                format!("prose for the default locale `{default_id}` is missing"),
            );
            return None;
        };
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
        let default_rendered = render(self, default_id, default_prose)?;
        let mut out = Vec::with_capacity(locales.len());
        let mut ok = true;
        for (i, locale) in locales.iter().enumerate() {
            if i == default {
                out.push(default_rendered.clone());
                continue;
            }
            match r.prose.get(&locale.id) {
                Some(p) => match render(self, &locale.id, p) {
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
                None => {
                    self.warn_at(
                        file,
                        &["prose"],
                        format!("no `{}` prose; pages in that locale show the `{default_id}` text with a note", locale.id),
                    );
                    out.push(CodeProse {
                        fallback: true,
                        translation: Translation::Missing,
                        ..default_rendered.clone()
                    });
                }
            }
        }
        ok.then_some(out)
    }

    /// Compares a translation's stamp with the source it should translate,
    /// warning when the source changed since or the stamp is missing.
    fn translation(
        &mut self,
        file: &SourceFile,
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
        file: &SourceFile,
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
    fn unknown_locales<'a>(
        &mut self,
        file: &SourceFile,
        base: &[&str],
        keys: impl Iterator<Item = &'a String>,
        locales: &[LocaleInput],
    ) {
        for key in keys {
            if !locales.iter().any(|l| l.id == *key) {
                let path: Vec<&str> = base
                    .iter()
                    .copied()
                    .chain(["prose", key.as_str()])
                    .collect();
                self.error_at(
                    file,
                    &path,
                    format!("prose for `{key}`, which is not a locale of the site"),
                );
            }
        }
    }

    fn notes(
        &mut self,
        pairs: &Loaded<Vec<PairNote>>,
        known: &BTreeSet<u16>,
        locales: &[LocaleInput],
        default: usize,
    ) -> BTreeMap<(u16, u16), Note> {
        let file = &pairs.file;
        let mut out = BTreeMap::new();
        let links = CodeLinks {
            known,
            to_family: "../",
        };
        for note in &pairs.value {
            let [x, y] = note.codes;
            let key = (x.min(y), x.max(y));
            let here = [format!("[{x}, {y}]")];
            let path: Vec<&str> = here.iter().map(String::as_str).collect();
            let problem = if x == y {
                Some("a note compares two different codes".to_string())
            } else {
                [x, y]
                    .into_iter()
                    .find(|c| !known.contains(c))
                    .map(|c| format!("code {c} has no record"))
            };
            if let Some(problem) = problem {
                self.error_at(file, &path, format!("note for [{x}, {y}]: {problem}"));
                continue;
            }
            if out.contains_key(&key) {
                self.error_at(file, &path, format!("note for [{x}, {y}] is given twice"));
                continue;
            }
            self.unknown_locales(file, &path, note.prose.keys(), locales);
            let default_id = &locales[default].id;
            let Some(default_note) = note.prose.get(default_id) else {
                self.error_at(
                    file,
                    &path,
                    format!("note for [{x}, {y}] has no `{default_id}` text"),
                );
                continue;
            };
            let mut text = Vec::new();
            for locale in locales {
                let (prose, fallback) = match note.prose.get(&locale.id) {
                    Some(n) => (n, false),
                    None => {
                        self.warn_at(file, &path, format!("note for [{x}, {y}] has no `{}` text; the `{default_id}` text is shown", locale.id));
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
                        &path,
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
                        &path,
                        format!("note for [{x}, {y}], {}: {e}", locale.id),
                    ),
                }
            }
            if text.len() == locales.len() {
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

/// What a record is checked against: its family's id, classes and codes.
struct FamilyScope<'a> {
    id: &'a str,
    classes: &'a [Class],
    known: &'a BTreeSet<u16>,
}

/// An absolute http(s) URL without characters that could leave an attribute.
fn is_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && !r.starts_with('/')
            && !r.contains(|c: char| c.is_whitespace() || "\"'<>`\\".contains(c))
    })
}

fn is_one_line(s: &str) -> bool {
    !s.trim().is_empty() && !s.contains(['\n', '\r'])
}

/// An HTTP/SIP token as header names use it.
fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn is_method(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_uppercase() || b == b'-')
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}

/// Points a diagnostic at the line of a key path (`["prose", "ru", "summary"]`)
/// when the key can be found in the file's text.
fn locate(d: Diagnostic, file: &SourceFile, path: &[&str]) -> Diagnostic {
    match key_offset(&file.text, path) {
        Some(offset) => d.at(&file.text, offset),
        None => d,
    }
}

/// Finds the byte offset of a nested mapping key by indentation, the way a
/// reader scans the file. Good enough to point at a line; serde gives no spans
/// for values that parse but do not make sense.
fn key_offset(text: &str, path: &[&str]) -> Option<usize> {
    let mut start = 0;
    let mut min_indent = 0;
    for key in path {
        let mut offset = start;
        let mut found = None;
        for (n, line) in text[start..].split_inclusive('\n').enumerate() {
            let body = line.trim_start_matches(' ');
            let indent = line.len() - body.len();
            let meaningful = !body.trim().is_empty() && !body.starts_with('#');
            if n > 0 && meaningful && indent < min_indent {
                break;
            }
            let item = body.trim_start_matches("- ");
            let unquoted = item.trim_start_matches(['"', '\'']);
            if indent < min_indent {
                offset += line.len();
                continue;
            }
            let item_indent = indent + (body.len() - item.len());
            if unquoted.starts_with(&format!("{key}:"))
                || unquoted.starts_with(&format!("{key}\":"))
                || unquoted.starts_with(&format!("{key}':"))
            {
                found = Some((offset + indent, item_indent + 1));
                break;
            }
            // A pair note is found by its codes; its other keys are siblings.
            if item.starts_with(&format!("codes: {key}")) {
                found = Some((offset + indent, item_indent));
                break;
            }
            offset += line.len();
        }
        let (at, child_indent) = found?;
        start = at;
        min_indent = child_indent;
    }
    Some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_web_urls_are_links() {
        assert!(is_web_url(
            "https://www.iana.org/assignments/sip-parameters"
        ));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("JaVaScRiPt:alert(1)"));
        assert!(!is_web_url("https://x.org/\" onmouseover=\"x"));
        assert!(!is_web_url("https:///etc"));
        assert!(!is_web_url("data:text/html,x"));
    }

    #[test]
    fn key_offset_follows_nesting() {
        let text = "code: 1\nprose:\n  en:\n    summary: a\n  ru:\n    summary: b\nrelated: [2]\n";
        let at = key_offset(text, &["prose", "ru", "summary"]).unwrap();
        assert!(text[at..].starts_with("summary: b"));
        let at = key_offset(text, &["related"]).unwrap();
        assert!(text[at..].starts_with("related"));
        assert_eq!(key_offset(text, &["prose", "zh"]), None);
    }

    #[test]
    fn key_offset_finds_pair_notes_by_codes() {
        let text = "- codes: [301, 302]\n  prose: {}\n- codes: [200, 202]\n";
        let at = key_offset(text, &["[200, 202]"]).unwrap();
        assert!(text[at..].starts_with("- codes: [200, 202]"));
        let text = "- codes: [301, 302]\n  prose:\n    en: {}\n- codes: [200, 202]\n  prose:\n    xx: {}\n";
        let at = key_offset(text, &["[200, 202]", "prose", "xx"]).unwrap();
        assert!(text[at..].starts_with("xx: {}"));
    }
}
