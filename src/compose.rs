//! Composed text of pair pages: sentences filled from the locale's patterns
//! with facts of the two records. A sentence is emitted only when the facts
//! of both records make it true (two actions are compared only for requests
//! both codes answer; "both carry" only for a header both carry), and a
//! curated note's rule leads the page and silences the kinds of sentence it
//! replaces. Pure functions of the model, unit-tested per rule.

use crate::content::strings::Patterns;
use crate::content::{DiffKind, Q850Direction, Retry};
use crate::i18n::{join_list, space_han_latin};
use crate::model::{Code, Family, FamilyTerms, Locale, Q850, Reference};
use std::collections::BTreeSet;

/// The composed sentences of one pair page, plain text (templates escape them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairText {
    pub title: String,
    pub short: String,
    pub meta_description: String,
    pub intro: String,
    /// The deciding difference: a curated rule, or the strongest composed
    /// difference; `None` when the facts tell the two apart nowhere.
    pub answer: Option<Difference>,
    /// The other key differences, strongest first.
    pub differences: Vec<Difference>,
}

/// One key difference: a whole sentence and the fact it comes from (`None`
/// for a curated rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub kind: Option<DiffKind>,
    pub text: String,
}

/// Composes the text of the pair page of `a` and `b` (`a.code < b.code`) in
/// the locale of `strings`; `locale` indexes the family's curated notes.
pub fn pair_text(strings: &Locale, locale: usize, family: &Family, a: &Code, b: &Code) -> PairText {
    let p = &strings.patterns;
    let fs = &family.terms[locale];
    let (ca, cb) = (family.class_of(a), family.class_of(b));
    let (an, bn) = (a.code.to_string(), b.code.to_string());
    let (an, bn) = (an.as_str(), bn.as_str());

    let (a_label, b_label) = (
        code_label(strings, locale, a),
        code_label(strings, locale, b),
    );
    let names = [
        ("family", family.name.as_str()),
        ("a", an),
        ("b", bn),
        ("a_label", a_label.as_str()),
        ("b_label", b_label.as_str()),
    ];
    let title = p.pair_title.fill(&names);
    let meta_description = p.pair_description.fill(&names);
    let short = p.pair_short.fill(&[("a", an), ("b", bn)]);

    let intro = if a.class == b.class {
        p.intro_same_class.fill(&[
            ("a", an),
            ("a_reason", &a.reason),
            ("b", bn),
            ("b_reason", &b.reason),
            ("class", &fs.classes[a.class].name),
            ("class_id", &ca.id),
        ])
    } else {
        p.intro_cross_class.fill(&[
            ("a", an),
            ("a_reason", &a.reason),
            ("a_class", &fs.classes[a.class].name),
            ("a_class_id", &ca.id),
            ("b", bn),
            ("b_reason", &b.reason),
            ("b_class", &fs.classes[b.class].name),
            ("b_class_id", &cb.id),
        ])
    };

    let note = family.note(a.code, b.code);
    let replaced = |k: DiffKind| note.is_some_and(|n| n.replaces.contains(&k));
    let mut composed: Vec<Difference> = differences(strings, fs, family, a, b)
        .into_iter()
        .filter(|d| d.kind.is_none_or(|k| !replaced(k)))
        .collect();
    let answer = match note {
        Some(n) => Some(Difference {
            kind: None,
            text: n.text[locale].rule.clone(),
        }),
        None if composed.is_empty() => None,
        None => Some(composed.remove(0)),
    };

    PairText {
        title,
        short,
        meta_description,
        intro: space_han_latin(&intro),
        answer,
        differences: composed,
    }
}

/// Every composed difference of the pair, strongest first.
fn differences(
    strings: &Locale,
    fs: &FamilyTerms,
    family: &Family,
    a: &Code,
    b: &Code,
) -> Vec<Difference> {
    let p = &strings.patterns;
    let (an, bn) = (a.code.to_string(), b.code.to_string());
    let mut out: Vec<Difference> = Vec::new();
    let mut push = |kind: DiffKind, text: String| {
        out.push(Difference {
            kind: Some(kind),
            text: space_han_latin(&text),
        });
    };

    let (fa, fb) = (family.class_of(a).is_final, family.class_of(b).is_final);
    if fa != fb {
        let (prov, fin) = if fa { (&bn, &an) } else { (&an, &bn) };
        push(
            DiffKind::Finality,
            p.diff_final_mixed
                .fill(&[("provisional", prov), ("final", fin)]),
        );
    }

    let actions = action_differences(p, fs, a, b);
    let said_action = actions.iter().any(|(k, _)| *k == DiffKind::Action);
    for (kind, text) in actions {
        push(kind, text);
    }

    if !said_action
        && a.retry != b.retry
        && a.retry != Retry::NotNeeded
        && b.retry != Retry::NotNeeded
    {
        push(
            DiffKind::Retry,
            p.diff_retry_each.fill(&[
                ("a", &an),
                ("a_retry", fs.retry(a.retry)),
                ("b", &bn),
                ("b_retry", fs.retry(b.retry)),
            ]),
        );
    }

    // Only disjoint senders decide between two codes; an overlap says little.
    // "Any element" is compatible with every other sender, so it never
    // decides.
    let any = |c: &Code| c.senders.iter().any(|s| s == "any");
    if !any(a) && !any(b) && set(&a.senders).is_disjoint(&set(&b.senders)) {
        let senders = |c: &Code| {
            let names: Vec<String> = c.senders.iter().map(|s| fs.sender(s).to_string()).collect();
            list_or(p, &names)
        };
        push(
            DiffKind::Senders,
            p.diff_senders.fill(&[
                ("a", &an),
                ("a_senders", &senders(a)),
                ("b", &bn),
                ("b_senders", &senders(b)),
            ]),
        );
    }

    if let Some(text) = header_difference(
        p,
        (&an, &a.retry_adds),
        (&bn, &b.retry_adds),
        (&p.diff_adds_each, &p.diff_adds_one),
    ) {
        push(DiffKind::RetryAdds, text);
    }
    if let Some(text) = header_difference(
        p,
        (&an, &a.carries),
        (&bn, &b.carries),
        (&p.diff_carries_each, &p.diff_carries_one),
    ) {
        push(DiffKind::Carries, text);
    }

    let causes = |c: &Code| -> BTreeSet<u16> {
        c.q850
            .iter()
            .filter(|q| q.direction == Q850Direction::ToIsup && q.condition.is_none())
            .map(|q| q.cause)
            .collect()
    };
    let (qa, qb) = (causes(a), causes(b));
    if !qa.is_empty() && !qb.is_empty() && qa != qb {
        // A release carries one cause: several mappings are alternatives.
        let label = |c: &BTreeSet<u16>| {
            let items: Vec<String> = c.iter().map(|n| cause_label(strings, *n)).collect();
            list_or(p, &items)
        };
        push(
            DiffKind::Q850,
            p.diff_q850_each.fill(&[
                ("a", &an),
                ("a_cause", &label(&qa)),
                ("b", &bn),
                ("b_cause", &label(&qb)),
            ]),
        );
    }

    // A defining header both carry explains why two codes of one class are
    // confused; across classes it would only be trivia.
    if a.class == b.class {
        let shared: Vec<String> = a
            .carries
            .iter()
            .filter(|h| contains_header(&b.carries, h))
            .cloned()
            .collect();
        if !shared.is_empty() {
            push(
                DiffKind::Shared,
                p.diff_headers_shared
                    .fill(&[("headers", &list(p, &shared))]),
            );
        }
    }
    out
}

/// What the client does next after each code, compared only for requests
/// both codes answer. Two codes that answer no request in common get the
/// sentence that says which requests each answers instead.
fn action_differences(
    p: &Patterns,
    fs: &FamilyTerms,
    a: &Code,
    b: &Code,
) -> Vec<(DiffKind, String)> {
    let (an, bn) = (a.code.to_string(), b.code.to_string());
    // The requests to compare: `Some(method)` for a named method, `None` for
    // "any request that no step names", which only codes answering any
    // request share.
    let probes: Vec<Option<&str>> = match (&a.answers, &b.answers) {
        (None, None) => {
            let named: BTreeSet<&str> = [a, b]
                .iter()
                .flat_map(|c| c.next.iter())
                .filter_map(|s| s.methods.as_ref())
                .flatten()
                .map(String::as_str)
                .collect();
            let mut named: Vec<&str> = named.into_iter().collect();
            // INVITE first: it is what most readers are debugging.
            named.sort_by_key(|m| *m != "INVITE");
            named.into_iter().map(Some).chain([None]).collect()
        }
        (Some(m), None) | (None, Some(m)) => m.iter().map(|x| Some(x.as_str())).collect(),
        (Some(ma), Some(mb)) => ma
            .iter()
            .filter(|x| mb.contains(x))
            .map(|x| Some(x.as_str()))
            .collect(),
    };
    if probes.is_empty() {
        let methods = |c: &Code| list_or(p, c.answers.as_deref().unwrap_or_default());
        return vec![(
            DiffKind::Answers,
            p.diff_answers.fill(&[
                ("a", &an),
                ("a_methods", &methods(a)),
                ("b", &bn),
                ("b_methods", &methods(b)),
            ]),
        )];
    }
    // Differing probes, grouped by the pair of actions, in probe order.
    type Group<'c> = ((&'c str, &'c str), Vec<Option<&'c str>>);
    let mut groups: Vec<Group<'_>> = Vec::new();
    for probe in &probes {
        let pair = (a.action_for(*probe), b.action_for(*probe));
        if pair.0 == pair.1 {
            continue;
        }
        match groups.iter_mut().find(|(k, _)| *k == pair) {
            Some((_, members)) => members.push(*probe),
            None => groups.push((pair, vec![*probe])),
        }
    }
    // Unscoped only when one group covers every request both codes answer
    // and neither code answers requests the other does not.
    let same_scope = set_opt(&a.answers) == set_opt(&b.answers);
    let mut out = Vec::new();
    for ((xa, xb), members) in groups {
        let fill = |pattern: &crate::i18n::Pattern, methods: Option<&str>| {
            let mut args = vec![
                ("a", an.as_str()),
                ("a_action", fs.action(xa)),
                ("b", bn.as_str()),
                ("b_action", fs.action(xb)),
            ];
            if let Some(m) = methods {
                args.push(("methods", m));
            }
            pattern.fill(&args)
        };
        if same_scope && members.len() == probes.len() {
            out.push((DiffKind::Action, fill(&p.diff_action_each, None)));
            continue;
        }
        let named: Vec<String> = members.iter().flatten().map(|m| m.to_string()).collect();
        if !named.is_empty() {
            let methods = list_or(p, &named);
            out.push((
                DiffKind::Action,
                fill(&p.diff_action_each_for, Some(&methods)),
            ));
        }
        if members.contains(&None) {
            // "Other" than the methods that steps of either code name.
            let named: Vec<String> = probes.iter().flatten().map(|m| m.to_string()).collect();
            let others = list_or(p, &named);
            out.push((
                DiffKind::Action,
                fill(&p.diff_action_each_other, Some(&others)),
            ));
        }
    }
    // Two sentences say the gist; more would read as a table.
    out.truncate(2);
    out
}

/// The sentence for header fields that only one side has: "each" when both
/// sides have some of their own, "one" when only one has.
fn header_difference(
    p: &Patterns,
    (an, ha): (&str, &[String]),
    (bn, hb): (&str, &[String]),
    (each, one): (&crate::i18n::Pattern, &crate::i18n::Pattern),
) -> Option<String> {
    let own = |x: &[String], y: &[String]| -> Vec<String> {
        x.iter()
            .filter(|h| !contains_header(y, h))
            .cloned()
            .collect()
    };
    let (oa, ob) = (own(ha, hb), own(hb, ha));
    match (oa.is_empty(), ob.is_empty()) {
        (false, false) => Some(each.fill(&[
            ("a", an),
            ("a_headers", &list(p, &oa)),
            ("b", bn),
            ("b_headers", &list(p, &ob)),
        ])),
        (false, true) => Some(one.fill(&[("code", an), ("headers", &list(p, &oa))])),
        (true, false) => Some(one.fill(&[("code", bn), ("headers", &list(p, &ob))])),
        (true, true) => None,
    }
}

fn contains_header(list: &[String], header: &str) -> bool {
    list.iter().any(|h| h.eq_ignore_ascii_case(header))
}

fn set(items: &[String]) -> BTreeSet<&str> {
    items.iter().map(String::as_str).collect()
}

fn set_opt(items: &Option<Vec<String>>) -> Option<BTreeSet<&str>> {
    items.as_deref().map(set)
}

/// What the client does next after `code`, one sentence per step, for the
/// code's page and its column of the fact table.
pub fn next_steps(strings: &Locale, fs: &FamilyTerms, code: &Code) -> Vec<String> {
    let p = &strings.patterns;
    let single = code.next.len() == 1;
    code.next
        .iter()
        .map(|step| {
            let action = fs.action(&step.action);
            let text = match &step.methods {
                Some(methods) => p
                    .next_step_for
                    .fill(&[("methods", &list_or(p, methods)), ("action", action)]),
                None if single => p.next_step_any.fill(&[("action", action)]),
                None => p.next_step_other.fill(&[("action", action)]),
            };
            space_han_latin(&text)
        })
        .collect()
}

/// Sentences run together as one text: a space after a Latin full stop,
/// none after a full-width one ("。"), as each script writes it.
pub fn join_sentences(items: &[String]) -> String {
    let mut out = String::new();
    for item in items {
        if !out.is_empty() && !out.ends_with(['。', '！', '？']) {
            out.push(' ');
        }
        out.push_str(item);
    }
    out
}

/// The Q.850 causes a gateway releases the ISUP call with after `code`,
/// each with the condition the specification attaches to it, as
/// alternatives ("cause 31 (…) or cause 65 (…)"); `None` without any.
pub fn to_isup_causes(strings: &Locale, fs: &FamilyTerms, code: &Code) -> Option<String> {
    let p = &strings.patterns;
    let items: Vec<String> = code
        .q850
        .iter()
        .filter(|q| q.direction == Q850Direction::ToIsup)
        .map(|q| {
            let cause = cause_label(strings, q.cause);
            match &q.condition {
                Some(c) => p
                    .q850_cause_if
                    .fill(&[("cause", &cause), ("condition", fs.condition(c))]),
                None => cause,
            }
        })
        .collect();
    (!items.is_empty()).then(|| space_han_latin(&list_or(p, &items)))
}

/// A code as titles name it: number and reason phrase, with the locale's
/// name of the code beside them when it says something the phrase does not
/// ("401 Unauthorized (требуется аутентификация)").
pub fn code_label(strings: &Locale, locale: usize, code: &Code) -> String {
    let p = &strings.patterns;
    let name = code.prose.get(locale).map_or("", |x| x.name.as_str());
    let number = code.code.to_string();
    if name.is_empty() || name.to_lowercase() == code.reason.to_lowercase() {
        p.code_label
            .fill(&[("code", &number), ("reason", &code.reason)])
    } else {
        space_han_latin(&p.code_label_named.fill(&[
            ("code", &number),
            ("reason", &code.reason),
            ("name", name),
        ]))
    }
}

/// "RFC 3261".
fn rfc_label(p: &Patterns, rfc: u32) -> String {
    p.rfc.fill(&[("rfc", &rfc.to_string())])
}

/// "RFC 3261, section 21.3.3" in the locale's words.
pub fn reference_label(p: &Patterns, r: &Reference) -> String {
    match &r.section {
        Some(section) => p
            .rfc_section
            .fill(&[("rfc", &r.rfc.to_string()), ("section", section)]),
        None => rfc_label(p, r.rfc),
    }
}

/// "cause 21 (Call rejected)" in the locale's words.
pub fn cause_label(strings: &Locale, cause: u16) -> String {
    strings.patterns.q850_cause.fill(&[
        ("cause", &cause.to_string()),
        ("name", &strings.q850[&cause]),
    ])
}

/// The sentence that explains one Q.850 mapping of a code, with the
/// condition the specification attaches to it.
pub fn q850_sentence(strings: &Locale, fs: &FamilyTerms, code: u16, q: &Q850) -> String {
    let p = &strings.patterns;
    let (code, cause) = (code.to_string(), cause_label(strings, q.cause));
    let mut args = vec![("code", code.as_str()), ("cause", cause.as_str())];
    let pattern = match (&q.condition, q.direction) {
        (None, Q850Direction::ToIsup) => &p.q850_to_isup,
        (None, Q850Direction::FromIsup) => &p.q850_from_isup,
        (Some(c), dir) => {
            args.push(("condition", fs.condition(c)));
            match dir {
                Q850Direction::ToIsup => &p.q850_to_isup_if,
                Q850Direction::FromIsup => &p.q850_from_isup_if,
            }
        }
    };
    space_han_latin(&pattern.fill(&args))
}

/// "A, B and C" in the locale's words.
pub fn list(p: &Patterns, items: &[String]) -> String {
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    join_list(&items, &p.list_pair, &p.list_separator, &p.list_last)
}

/// "A, B or C" in the locale's words.
pub fn list_or(p: &Patterns, items: &[String]) -> String {
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    join_list(&items, &p.list_or_pair, &p.list_separator, &p.list_or_last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Class, CodeProse, Note, NoteText};
    use std::collections::BTreeMap;

    /// The fixture site's English table: real patterns, invented ZAP family.
    fn split_table() -> (Locale, BTreeMap<String, crate::content::FamilyStrings>) {
        let t = serde_yaml::from_str(include_str!("../tests/fixtures/mini/content/i18n/en.yaml"))
            .expect("fixture table parses");
        Locale::from_table("en", t)
    }

    fn table() -> Locale {
        split_table().0
    }

    fn code(n: u16, class: usize) -> Code {
        Code {
            code: n,
            reason: format!("R{n}"),
            class,
            references: vec![Reference {
                rfc: 9999,
                section: None,
                url: String::new(),
            }],
            changes: Vec::new(),
            wild_reasons: Vec::new(),
            senders: vec!["server".into()],
            answers: None,
            carries: Vec::new(),
            retry_adds: Vec::new(),
            related_headers: Vec::new(),
            retry: Retry::NoRetry,
            next: vec![step(None, "finish")],
            related: Vec::new(),
            q850: Vec::new(),
            example: String::new(),
            flow: crate::model::Flow {
                lanes: Vec::new(),
                steps: Vec::new(),
            },
            prose: Vec::<CodeProse>::new(),
        }
    }

    fn step(methods: Option<&[&str]>, action: &str) -> crate::model::NextStep {
        crate::model::NextStep {
            methods: methods.map(|m| m.iter().map(|s| s.to_string()).collect()),
            action: action.into(),
        }
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn family() -> Family {
        let class = |id: &str, first, is_final| Class {
            id: id.into(),
            first,
            last: first + 99,
            is_final,
        };
        let classes = vec![class("1xx", 100, false), class("2xx", 200, true)];
        let mut families = split_table().1;
        let terms = FamilyTerms::resolve(&classes, families.remove("zap").expect("zap terms"))
            .expect("fixture names every class");
        Family {
            id: "zap".into(),
            name: "ZAP".into(),
            registry: None,
            classes,
            codes: Vec::new(),
            notes: BTreeMap::new(),
            terms: vec![terms],
        }
    }

    fn texts(t: &PairText) -> Vec<&str> {
        t.answer
            .iter()
            .chain(&t.differences)
            .map(|d| d.text.as_str())
            .collect()
    }

    #[test]
    fn actions_that_agree_on_every_request_both_answer_are_not_contrasted() {
        // Like 200 and 202: 202 answers FETCH only, and after FETCH both
        // lead to the same action, so nothing may claim they differ.
        let mut a = code(201, 1);
        a.next = vec![step(Some(&["FETCH"]), "wait"), step(None, "finish")];
        let mut b = code(202, 1);
        b.answers = Some(strings(&["FETCH"]));
        b.next = vec![step(None, "wait")];
        let t = pair_text(&table(), 0, &family(), &a, &b);
        assert!(
            !t.differences
                .iter()
                .chain(&t.answer)
                .any(|d| d.kind == Some(DiffKind::Action)),
            "{t:?}"
        );
    }

    #[test]
    fn actions_are_scoped_to_the_requests_both_answer() {
        let a = code(201, 1);
        let mut b = code(202, 1);
        b.answers = Some(strings(&["FETCH", "STORE"]));
        b.next = vec![step(None, "go_elsewhere")];
        let t = pair_text(&table(), 0, &family(), &a, &b);
        assert_eq!(
            t.answer.unwrap().text,
            "In reply to FETCH or STORE: after 201, the client considers the request done; after 202, it repeats the request at the given Location."
        );
    }

    #[test]
    fn codes_answering_different_requests_say_so_instead_of_comparing_actions() {
        let mut a = code(201, 1);
        a.answers = Some(strings(&["STORE"]));
        let mut b = code(202, 1);
        b.answers = Some(strings(&["FETCH"]));
        b.next = vec![step(None, "go_elsewhere")];
        let t = pair_text(&table(), 0, &family(), &a, &b);
        assert_eq!(
            texts(&t),
            [
                "201 answers STORE and 202 answers FETCH, so they do not reply to the same kind of request."
            ]
        );
    }

    #[test]
    fn senders_are_contrasted_only_when_disjoint() {
        let (mut a, mut b) = (code(201, 1), code(202, 1));
        b.senders = strings(&["server", "relay"]);
        assert!(texts(&pair_text(&table(), 0, &family(), &a, &b)).is_empty());
        a.senders = strings(&["relay"]);
        b.senders = strings(&["server"]);
        assert_eq!(
            texts(&pair_text(&table(), 0, &family(), &a, &b)),
            ["201 usually comes from a ZAP relay; 202 from a ZAP server."]
        );
    }

    #[test]
    fn headers_of_the_response_and_of_the_retry_are_kept_apart() {
        let (mut a, mut b) = (code(201, 1), code(202, 1));
        a.carries = strings(&["Location", "Expires"]);
        b.carries = strings(&["location", "Retry-After"]);
        b.retry_adds = strings(&["Ticket"]);
        let t = pair_text(&table(), 0, &family(), &a, &b);
        assert_eq!(
            texts(&t),
            [
                "The request the client sends after 202 adds Ticket.",
                "In a trace, 201 comes with Expires and 202 with Retry-After.",
                "Both carry Location, one reason they are easy to confuse.",
            ]
        );
        // Across classes a shared header is trivia, not a reason to confuse.
        let mut c = code(101, 0);
        c.carries = strings(&["Location"]);
        let t = pair_text(&table(), 0, &family(), &c, &a);
        assert!(
            !texts(&t).iter().any(|s| s.starts_with("Both carry")),
            "{t:?}"
        );
    }

    #[test]
    fn a_curated_rule_leads_and_silences_what_it_replaces() {
        let (a, mut b) = (code(201, 1), code(202, 1));
        b.next = vec![step(None, "go_elsewhere")];
        b.carries = strings(&["Location"]);
        let mut fam = family();
        fam.notes.insert(
            (201, 202),
            Note {
                replaces: vec![DiffKind::Action],
                text: vec![NoteText {
                    rule: "The rule.".into(),
                    html: String::new(),
                    fallback: false,
                }],
            },
        );
        let t = pair_text(&table(), 0, &fam, &a, &b);
        assert_eq!(
            texts(&t),
            ["The rule.", "In a trace, 202 comes with Location."]
        );
    }

    #[test]
    fn only_unconditional_gateway_causes_are_contrasted() {
        let q = |cause, condition: Option<&str>| Q850 {
            cause,
            rfc: 3398,
            section: "8.2.6.1".into(),
            direction: Q850Direction::ToIsup,
            condition: condition.map(Into::into),
        };
        let mut t = table();
        t.q850 = [(17, "User busy".to_string()), (21, "Call rejected".into())].into();
        let (mut a, mut b) = (code(201, 1), code(202, 1));
        a.q850 = vec![q(17, None)];
        b.q850 = vec![q(21, Some("unless"))];
        assert!(texts(&pair_text(&t, 0, &family(), &a, &b)).is_empty());
        b.q850 = vec![q(21, None)];
        assert_eq!(
            texts(&pair_text(&t, 0, &family(), &a, &b)),
            [
                "A gateway sends an ISUP REL with cause 17 (User busy) when it receives 201, and with cause 21 (Call rejected) when it receives 202."
            ]
        );
    }

    #[test]
    fn provisional_against_final_leads_whichever_comes_first() {
        let t = pair_text(&table(), 0, &family(), &code(101, 0), &code(201, 1));
        assert_eq!(
            t.answer.unwrap().text,
            "101 is provisional, so the transaction goes on after it; 201 is final and ends the transaction."
        );
        assert_eq!(t.short, "101 vs 201");
        assert_eq!(t.title, "ZAP 101 R101 vs 201 R201");
    }

    #[test]
    fn next_steps_name_their_methods_and_the_catch_all() {
        let t = table();
        let f = family();
        let fs = &f.terms[0];
        let mut c = code(201, 1);
        assert_eq!(
            next_steps(&t, fs, &c),
            ["The client considers the request done."]
        );
        c.next = vec![step(Some(&["FETCH"]), "wait"), step(None, "finish")];
        assert_eq!(
            next_steps(&t, fs, &c),
            [
                "For FETCH, the client waits for the final answer.",
                "For any other request, the client considers the request done.",
            ]
        );
    }
}
