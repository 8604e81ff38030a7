//! Composed text of pair pages: sentences filled from the locale's patterns
//! with facts of the two records. Pure functions of the model, so the rules
//! (same class is said as shared, no sentence restates a description) are
//! unit-tested once for every template.

use crate::content::strings::Patterns;
use crate::content::{Q850Direction, StringTable};
use crate::i18n::join_list;
use crate::model::{Code, Family, Reference};

/// The composed sentences of one pair page, plain text (templates escape them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairText {
    pub title: String,
    pub short: String,
    pub meta_description: String,
    pub intro: String,
    /// Numbered key differences, each a whole sentence.
    pub differences: Vec<String>,
}

/// Composes the text of the pair page of `a` and `b` (`a.code < b.code`).
pub fn pair_text(strings: &StringTable, family: &Family, a: &Code, b: &Code) -> PairText {
    let p = &strings.patterns;
    let fs = &strings.families[&family.id];
    let (ca, cb) = (family.class_of(a), family.class_of(b));
    let class_name = |id: &str| fs.classes[id].name.as_str();
    let (an, bn) = (a.code.to_string(), b.code.to_string());
    let (an, bn) = (an.as_str(), bn.as_str());

    let names = [
        ("family", family.name.as_str()),
        ("a", an),
        ("a_reason", a.reason.as_str()),
        ("b", bn),
        ("b_reason", b.reason.as_str()),
    ];
    let title = p.pair_title.fill(&names);
    let meta_description = p.pair_description.fill(&names);
    let short = p.pair_short.fill(&[("a", an), ("b", bn)]);

    let same_class = a.class == b.class;
    let intro = if same_class {
        p.intro_same_class.fill(&[
            ("a", an),
            ("a_reason", &a.reason),
            ("b", bn),
            ("b_reason", &b.reason),
            ("class", class_name(&ca.id)),
            ("class_id", &ca.id),
        ])
    } else {
        p.intro_cross_class.fill(&[
            ("a", an),
            ("a_reason", &a.reason),
            ("a_class", class_name(&ca.id)),
            ("a_class_id", &ca.id),
            ("b", bn),
            ("b_reason", &b.reason),
            ("b_class", class_name(&cb.id)),
            ("b_class_id", &cb.id),
        ])
    };

    let mut differences = Vec::new();
    differences.push(if same_class {
        p.diff_class_same
            .fill(&[("class", class_name(&ca.id)), ("class_id", &ca.id)])
    } else {
        p.diff_class_cross.fill(&[
            ("a", an),
            ("a_class", class_name(&ca.id)),
            ("a_class_id", &ca.id),
            ("b", bn),
            ("b_class", class_name(&cb.id)),
            ("b_class_id", &cb.id),
        ])
    });
    differences.push(match (ca.is_final, cb.is_final) {
        (true, true) => p.diff_final_both.fill(&[]),
        (false, false) => p.diff_provisional_both.fill(&[]),
        (false, true) => p
            .diff_final_mixed
            .fill(&[("provisional", an), ("final", bn)]),
        (true, false) => p
            .diff_final_mixed
            .fill(&[("provisional", bn), ("final", an)]),
    });
    differences.extend(header_differences(p, a, b));
    differences.push(if a.action == b.action {
        p.diff_action_same
            .fill(&[("action", &fs.actions[&a.action])])
    } else {
        p.diff_action_each.fill(&[
            ("a", an),
            ("a_action", &fs.actions[&a.action]),
            ("b", bn),
            ("b_action", &fs.actions[&b.action]),
        ])
    });
    differences.push(rfc_difference(p, a, b));
    if !a.q850.is_empty() || !b.q850.is_empty() {
        for code in [a, b] {
            if code.q850.is_empty() {
                let n = code.code.to_string();
                differences.push(p.diff_q850_none.fill(&[("code", &n)]));
            }
            differences.extend(
                code.q850
                    .iter()
                    .map(|q| q850_sentence(strings, code.code, q.cause, q.direction)),
            );
        }
    }

    PairText {
        title,
        short,
        meta_description,
        intro,
        differences,
    }
}

fn header_differences(p: &Patterns, a: &Code, b: &Code) -> Vec<String> {
    let shared: Vec<String> = a
        .headers
        .iter()
        .filter(|h| b.headers.contains(h))
        .cloned()
        .collect();
    let only = |x: &Code, y: &Code| -> Vec<String> {
        x.headers
            .iter()
            .filter(|h| !y.headers.contains(h))
            .cloned()
            .collect()
    };
    let (only_a, only_b) = (only(a, b), only(b, a));
    let mut out = Vec::new();
    if !shared.is_empty() {
        out.push(
            p.diff_headers_shared
                .fill(&[("headers", &list(p, &shared))]),
        );
    }
    match (only_a.is_empty(), only_b.is_empty()) {
        (false, false) => out.push(p.diff_headers_each.fill(&[
            ("a", &a.code.to_string()),
            ("a_headers", &list(p, &only_a)),
            ("b", &b.code.to_string()),
            ("b_headers", &list(p, &only_b)),
        ])),
        (false, true) => out.push(p.diff_headers_only.fill(&[
            ("code", &a.code.to_string()),
            ("headers", &list(p, &only_a)),
        ])),
        (true, false) => out.push(p.diff_headers_only.fill(&[
            ("code", &b.code.to_string()),
            ("headers", &list(p, &only_b)),
        ])),
        (true, true) => {}
    }
    out
}

fn rfc_difference(p: &Patterns, a: &Code, b: &Code) -> String {
    let primary = |c: &Code| c.references.first().map(|r| r.rfc);
    if primary(a) == primary(b) {
        let rfc = a.references.first().map(|r| rfc_label(p, r.rfc));
        p.diff_rfc_same.fill(&[("rfc", &rfc.unwrap_or_default())])
    } else {
        let label = |c: &Code| c.references.first().map(|r| reference_label(p, r));
        p.diff_rfc_each.fill(&[
            ("a", &a.code.to_string()),
            ("a_rfc", &label(a).unwrap_or_default()),
            ("b", &b.code.to_string()),
            ("b_rfc", &label(b).unwrap_or_default()),
        ])
    }
}

/// "RFC 3261".
pub fn rfc_label(p: &Patterns, rfc: u32) -> String {
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
pub fn cause_label(strings: &StringTable, cause: u16) -> String {
    strings.patterns.q850_cause.fill(&[
        ("cause", &cause.to_string()),
        ("name", &strings.q850[&cause]),
    ])
}

/// The sentence that explains one Q.850 mapping of a code.
pub fn q850_sentence(strings: &StringTable, code: u16, cause: u16, dir: Q850Direction) -> String {
    let pattern = match dir {
        Q850Direction::ToIsup => &strings.patterns.q850_to_isup,
        Q850Direction::FromIsup => &strings.patterns.q850_from_isup,
    };
    pattern.fill(&[
        ("code", &code.to_string()),
        ("cause", &cause_label(strings, cause)),
    ])
}

pub fn list(p: &Patterns, items: &[String]) -> String {
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    join_list(&items, &p.list_pair, &p.list_separator, &p.list_last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::strings::StringTable;
    use crate::model::{Class, CodeProse};
    use std::collections::BTreeMap;

    /// The fixture site's English table: real patterns, invented ZAP family.
    fn table() -> StringTable {
        serde_yaml::from_str(include_str!("../tests/fixtures/mini/content/i18n/en.yaml"))
            .expect("fixture table parses")
    }

    fn code(n: u16, class: usize, headers: &[&str], action: &str) -> Code {
        Code {
            code: n,
            reason: format!("R{n}"),
            class,
            references: vec![Reference {
                rfc: 9999,
                section: None,
                url: String::new(),
            }],
            headers: headers.iter().map(|h| h.to_string()).collect(),
            related: Vec::new(),
            action: action.into(),
            q850: Vec::new(),
            example: String::new(),
            prose: Vec::<CodeProse>::new(),
        }
    }

    fn family() -> Family {
        let class = |id: &str, first, is_final| Class {
            id: id.into(),
            first,
            last: first + 99,
            is_final,
        };
        Family {
            id: "zap".into(),
            name: "ZAP".into(),
            registry: None,
            classes: vec![class("1xx", 100, false), class("2xx", 200, true)],
            codes: Vec::new(),
            notes: BTreeMap::new(),
        }
    }

    #[test]
    fn shared_and_own_headers_get_one_sentence_each() {
        let t = table();
        let (a, b) = (
            code(201, 1, &["Location", "Expires"], "finish"),
            code(202, 1, &["Location", "Retry-After"], "finish"),
        );
        assert_eq!(
            header_differences(&t.patterns, &a, &b),
            [
                "Both carry Location.",
                "201 relies on Expires; 202 relies on Retry-After."
            ]
        );
        let c = code(203, 1, &[], "finish");
        assert_eq!(
            header_differences(&t.patterns, &a, &c),
            ["Only 201 relies on a particular header: Location and Expires."]
        );
        assert!(header_differences(&t.patterns, &c, &c).is_empty());
    }

    #[test]
    fn one_action_for_both_is_said_once() {
        let t = table();
        let text = pair_text(
            &t,
            &family(),
            &code(201, 1, &[], "finish"),
            &code(202, 1, &[], "finish"),
        );
        assert!(
            text.differences
                .contains(&"In either case, the client considers the request done.".to_string()),
            "{:?}",
            text.differences
        );
        assert_eq!(text.short, "201 vs 202");
        assert_eq!(text.title, "ZAP 201 R201 vs 202 R202");
    }

    #[test]
    fn provisional_and_final_are_named_whichever_comes_first() {
        let t = table();
        let text = pair_text(
            &t,
            &family(),
            &code(101, 0, &[], "wait"),
            &code(201, 1, &[], "finish"),
        );
        assert_eq!(
            text.differences[1],
            "101 is provisional, so the transaction goes on after it; 201 is final and ends the transaction."
        );
        assert!(!text.differences.iter().any(|d| d.contains("Q.850")));
    }
}
