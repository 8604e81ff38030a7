//! The SIP content against the IANA registry, a real SIP parser, and the
//! rules that keep composed pair text true for every pair it is made for.

use crate::support::{SiteTest, repo, tree};
use rsip::message::HeadersExt;
use rsip::prelude::{ToTypedHeader, UntypedHeader};
use statusdex::compose::{self, Difference};
use statusdex::content::DiffKind;
use statusdex::model::{Code, Family, Site};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The registry as copied into `content/sip/registry.tsv`: code → reason phrase.
fn registry() -> BTreeMap<u16, String> {
    let text =
        std::fs::read_to_string(repo().join("content/sip/registry.tsv")).expect("registry list");
    text.lines()
        .skip(1)
        .map(|line| {
            let mut cols = line.split('\t');
            let code = cols.next().and_then(|c| c.parse().ok()).expect("code");
            (code, cols.next().expect("phrase").to_string())
        })
        .collect()
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let (site, diagnostics) = statusdex::pipeline::load_site(&repo()).expect("real site loads");
        let warnings: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert!(warnings.is_empty(), "{warnings:#?}");
        site
    })
}

fn sip() -> &'static Family {
    site()
        .families
        .iter()
        .find(|f| f.id == "sip")
        .expect("sip family")
}

#[test]
fn every_registry_code_has_a_record_with_its_exact_phrase_and_nothing_else() {
    let registry = registry();
    assert_eq!(registry.len(), 75, "the registry list itself");
    let ours: BTreeMap<u16, String> = sip()
        .codes
        .iter()
        .map(|c| (c.code, c.reason.clone()))
        .collect();
    let missing: Vec<&u16> = registry.keys().filter(|c| !ours.contains_key(c)).collect();
    let extra: Vec<&u16> = ours.keys().filter(|c| !registry.contains_key(c)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, not registered {extra:?}"
    );
    for (code, phrase) in &registry {
        assert_eq!(&ours[code], phrase, "reason phrase of {code}");
    }
}

#[test]
fn every_record_has_its_own_prose_in_every_locale() {
    for code in &sip().codes {
        assert_eq!(code.prose.len(), site().locales.len());
        for (locale, prose) in site().locales.iter().zip(&code.prose) {
            let id = &locale.id;
            assert!(!prose.fallback, "{} has no {id} prose", code.code);
            for (field, html) in [
                ("summary", &prose.summary_html),
                ("description", &prose.description),
                ("when_you_see_it", &prose.when_you_see_it),
                ("how_to_fix", &prose.how_to_fix),
                ("use_it_when", &prose.use_it_when),
                ("name", &prose.name),
            ] {
                assert!(!html.trim().is_empty(), "{} {id}.{field}", code.code);
            }
        }
        assert!(!code.senders.is_empty() && !code.next.is_empty());
    }
}

/// An example as it goes on the wire: CRLF line ends and an empty line after
/// the headers.
fn wire(example: &str) -> String {
    let (head, body) = match example.split_once("\n\n") {
        Some((h, b)) => (h, Some(b)),
        None => (example, None),
    };
    let mut out = head.lines().collect::<Vec<_>>().join("\r\n");
    out.push_str("\r\n\r\n");
    if let Some(body) = body {
        out.push_str(&body.lines().collect::<Vec<_>>().join("\r\n"));
        out.push_str("\r\n");
    }
    out
}

#[test]
fn every_example_parses_as_a_sip_response_of_its_code_with_the_headers_it_is_said_to_carry() {
    let mut failures = Vec::new();
    for code in &sip().codes {
        let text = wire(&code.example);
        let response = match rsip::Response::try_from(text.as_str()) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{}: does not parse: {e}", code.code));
                continue;
            }
        };
        if u16::from(response.status_code.clone()) != code.code {
            failures.push(format!("{}: status {}", code.code, response.status_code));
        }
        // The mandatory headers parse into their typed forms. rsip's URI
        // parser knows sip: and sips: only, so a From or To with a tel: or
        // urn: URI (valid SIP: RFC 3966, RFC 5031) is checked untyped.
        let typed = (|| -> Result<String, rsip::Error> {
            response.via_header()?.typed()?;
            let sip_uri = |v: &str| v.contains("<sip:") || v.contains("<sips:");
            let from = response.from_header()?;
            if sip_uri(from.value()) {
                from.typed()?;
            }
            let to = response.to_header()?;
            if sip_uri(to.value()) {
                to.typed()?;
            }
            response.call_id_header()?;
            let cseq = response.cseq_header()?.typed()?;
            Ok(cseq.method.to_string())
        })();
        match typed {
            Err(e) => failures.push(format!("{}: mandatory header: {e}", code.code)),
            Ok(method) => {
                if let Some(answers) = &code.answers
                    && !answers.contains(&method)
                {
                    failures.push(format!(
                        "{}: CSeq method {method} is not one it answers {answers:?}",
                        code.code
                    ));
                }
            }
        }
        let names: Vec<String> = response
            .headers
            .iter()
            .filter_map(|h| {
                h.to_string()
                    .split_once(':')
                    .map(|(n, _)| n.trim().to_ascii_lowercase())
            })
            .collect();
        for h in &code.carries {
            if !names.contains(&h.to_ascii_lowercase()) {
                failures.push(format!(
                    "{}: carries {h}, parsed headers {names:?}",
                    code.code
                ));
            }
        }
        let declared = response.headers.iter().find_map(|h| match h {
            rsip::Header::ContentLength(l) => Some(l.value().trim().to_string()),
            _ => None,
        });
        if declared.as_deref() != Some(&response.body.len().to_string()) {
            failures.push(format!(
                "{}: Content-Length {declared:?}, body of {} bytes",
                code.code,
                response.body.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Every pair of the family, in every locale, with its composed text.
fn all_pair_texts() -> Vec<(usize, &'static Code, &'static Code, compose::PairText)> {
    let family = sip();
    let mut out = Vec::new();
    for (locale, l) in site().locales.iter().enumerate() {
        for (i, a) in family.codes.iter().enumerate() {
            for b in &family.codes[i + 1..] {
                out.push((locale, a, b, compose::pair_text(l, locale, family, a, b)));
            }
        }
    }
    out
}

fn every_line(t: &compose::PairText) -> impl Iterator<Item = &Difference> {
    t.answer.iter().chain(&t.differences)
}

#[test]
fn both_carry_is_said_only_of_headers_both_responses_carry() {
    let headers: Vec<&String> = sip().codes.iter().flat_map(|c| &c.carries).collect();
    let mut checked = 0;
    for (_, a, b, text) in all_pair_texts() {
        for d in every_line(&text).filter(|d| d.kind == Some(DiffKind::Shared)) {
            checked += 1;
            for h in &headers {
                // A header name appears in the sentence only if both carry it.
                let named = d
                    .text
                    .split(|c: char| !c.is_ascii_alphanumeric() && c != '-');
                if named.clone().any(|w| w == h.as_str()) {
                    for c in [a, b] {
                        assert!(
                            c.carries.iter().any(|x| x.eq_ignore_ascii_case(h)),
                            "{} vs {}: `{}` but {} does not carry {h}",
                            a.code,
                            b.code,
                            d.text,
                            c.code
                        );
                    }
                }
            }
        }
    }
    assert!(
        checked > 0,
        "no pair shares a defining header: the rule went untested"
    );
}

#[test]
fn an_action_contrast_is_made_only_where_both_codes_answer_a_request_and_act_differently() {
    let family = sip();
    let mut contrasted = 0;
    for (_, a, b, text) in all_pair_texts() {
        let says_action = every_line(&text).any(|d| d.kind == Some(DiffKind::Action));
        // Independently of compose: a request both answer after which the
        // two codes lead to different actions.
        let methods: Vec<&str> = [a, b]
            .iter()
            .flat_map(|c| {
                c.answers
                    .iter()
                    .flatten()
                    .chain(c.next.iter().flat_map(|s| s.methods.iter().flatten()))
            })
            .map(String::as_str)
            .collect();
        let mut probes: Vec<Option<&str>> = methods.into_iter().map(Some).collect();
        if a.answers.is_none() && b.answers.is_none() {
            probes.push(None);
        }
        let differs = probes.iter().any(|m| {
            let both = m.is_none_or(|m| a.answers_method(m) && b.answers_method(m));
            both && a.action_for(*m) != b.action_for(*m)
        });
        assert_eq!(
            says_action, differs,
            "{} vs {}: action sentence {says_action}, facts differ {differs}",
            a.code, b.code
        );
        contrasted += usize::from(says_action);
        if let Some(note) = family.note(a.code, b.code) {
            for kind in &note.replaces {
                assert!(
                    !every_line(&text).any(|d| d.kind == Some(*kind)),
                    "{} vs {}: the curated note replaces {kind:?}",
                    a.code,
                    b.code
                );
            }
        }
    }
    assert!(
        contrasted > 1000,
        "only {contrasted} pages contrast actions"
    );
}

#[test]
fn no_key_difference_repeats_the_intro_or_another_line() {
    let mut undecided = 0;
    for (_, a, b, text) in all_pair_texts() {
        let lines: Vec<&str> = every_line(&text).map(|d| d.text.as_str()).collect();
        for (i, line) in lines.iter().enumerate() {
            assert_ne!(*line, text.intro, "{} vs {}", a.code, b.code);
            assert!(
                !lines[..i].contains(line),
                "{} vs {}: `{line}` twice",
                a.code,
                b.code
            );
        }
        if text.answer.is_none() {
            undecided += 1;
        }
    }
    // Pairs whose facts differ nowhere show both summaries instead; they
    // must stay the exception (under 5% of the pages).
    let pages = site().locales.len() * 75 * 74 / 2;
    assert!(
        undecided * 20 < pages,
        "{undecided} of {pages} pair pages without a deciding difference"
    );
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
}

#[test]
fn chinese_composed_text_spaces_latin_terms() {
    let zh = site()
        .locales
        .iter()
        .position(|l| l.id == "zh")
        .expect("zh");
    let mut lines = 0;
    for (locale, a, b, text) in all_pair_texts() {
        if locale != zh {
            continue;
        }
        for line in every_line(&text)
            .filter(|d| d.kind.is_some())
            .map(|d| d.text.as_str())
            .chain([text.intro.as_str()])
        {
            lines += 1;
            let chars: Vec<char> = line.chars().collect();
            for w in chars.windows(2) {
                let glued = (is_han(w[0]) && w[1].is_ascii_alphanumeric())
                    || (w[0].is_ascii_alphanumeric() && is_han(w[1]));
                assert!(
                    !glued,
                    "{} vs {}: `{}{}` in {line}",
                    a.code, b.code, w[0], w[1]
                );
            }
        }
    }
    assert!(lines > 2775, "{lines}");
}

#[test]
fn every_pair_page_answers_first() {
    let site = SiteTest::real();
    site.build();
    let mut pages = 0;
    for (rel, bytes) in tree(&site.out()) {
        if !rel.contains("-vs-") || !rel.ends_with("index.html") {
            continue;
        }
        pages += 1;
        // String search, not a parser: this runs over every pair page.
        let source = String::from_utf8(bytes).expect("utf-8");
        let start = source.find(r#"<section id="answer""#);
        let column = source.find(r#"class="code-column""#);
        let (Some(start), Some(column)) = (start, column) else {
            panic!("{rel}: no answer block or no per-code section");
        };
        assert!(
            start < column,
            "{rel}: the answer must come before the per-code sections"
        );
        let block = &source[start..start + source[start..].find("</section>").expect("end")];
        assert!(block.contains(r##"<a href="#facts">"##), "{rel}: {block}");
        let first = block
            .split("<p>")
            .nth(1)
            .and_then(|p| p.split("</p>").next())
            .unwrap_or_default();
        assert!(first.chars().count() > 20, "{rel}: answer `{first}`");
    }
    assert_eq!(pages, 3 * 75 * 74 / 2);
}

/// A record's call flow agrees with its example message: the code's step
/// answers a request of the example's CSeq method sent the other way, and a
/// header the step's note shows is one the example carries.
#[test]
fn every_flow_agrees_with_its_example_message() {
    let mut problems = Vec::new();
    for code in &sip().codes {
        let example = wire(&code.example);
        let method = example
            .lines()
            .find_map(|l| l.strip_prefix("CSeq:"))
            .and_then(|v| v.split_whitespace().nth(1))
            .expect("every example has a CSeq")
            .to_string();
        let steps = &code.flow.steps;
        let Some(at) = steps.iter().position(|s| s.status() == Some(code.code)) else {
            problems.push(format!("{}: the flow never shows the code", code.code));
            continue;
        };
        let step = &steps[at];
        let answered = steps[..at].iter().any(|s| {
            s.status().is_none() && s.msg == method && s.from == step.to && s.to == step.from
        });
        if !answered {
            problems.push(format!(
                "{}: no {method} from lane `{}` to `{}` before the {} step",
                code.code, code.flow.lanes[step.to], code.flow.lanes[step.from], code.code
            ));
        }
        if let Some((name, _)) = step.note.as_deref().and_then(|n| n.split_once(": ")) {
            let carried = example.lines().any(|l| {
                l.split_once(':')
                    .is_some_and(|(h, _)| h.eq_ignore_ascii_case(name))
            });
            if !carried {
                problems.push(format!(
                    "{}: the note shows `{name}`, which the example lacks",
                    code.code
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
