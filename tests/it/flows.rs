//! Call-flow diagrams: every generated SVG is well-formed XML with its title
//! and description in the page's language; one diagram and its text
//! alternative are snapshotted; every kind of bad flow is reported with its
//! file and line.

use crate::support::{SiteTest, flat, select, text, tree};

/// The inline SVG elements of a page's source.
fn svgs(source: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find("<svg ") {
        let end = rest[start..].find("</svg>").expect("closed svg") + start + "</svg>".len();
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

#[test]
fn every_code_page_and_curated_pair_has_a_well_formed_accessible_diagram() {
    let site = SiteTest::real();
    site.build();
    let out = site.out();
    let mut checked = 0;
    for (rel, bytes) in tree(&out) {
        if !rel.ends_with("index.html") || !rel.contains("/sip/") {
            continue;
        }
        let source = String::from_utf8(bytes).expect("UTF-8 page");
        let is_code = rel
            .split('/')
            .nth(2)
            .is_some_and(|seg| seg.len() == 3 && seg.bytes().all(|b| b.is_ascii_digit()));
        let diagrams = svgs(&source);
        if is_code {
            assert_eq!(diagrams.len(), 1, "{rel}");
        }
        for svg in diagrams {
            let doc = roxmltree::Document::parse(svg)
                .unwrap_or_else(|e| panic!("{rel}: SVG is not well-formed: {e}"));
            let root = doc.root_element();
            assert_eq!(root.attribute("role"), Some("img"), "{rel}");
            let named = |tag: &str| {
                root.children()
                    .find(|n| n.has_tag_name(tag))
                    .and_then(|n| n.text())
                    .is_some_and(|t| !t.trim().is_empty())
            };
            assert!(named("title") && named("desc"), "{rel}: no title or desc");
            checked += 1;
        }
    }
    // 75 code pages and the 39 curated pairs' two diagrams, in 3 locales.
    assert_eq!(checked, 3 * (75 + 2 * 39));
}

#[test]
fn a_diagram_and_its_text_alternative_in_each_locale() {
    let site = SiteTest::fixture("mini");
    site.build();
    let source = site.page_source("en/zap/202/");
    insta::assert_snapshot!("zap_202_flow_svg", svgs(&source)[0]);
    for locale in ["en", "ru", "zh"] {
        let page = site.page(&format!("{locale}/zap/202/"));
        let steps: Vec<String> = select(&page, ".flow-steps li")
            .into_iter()
            .map(text)
            .collect();
        insta::assert_snapshot!(format!("zap_202_flow_steps_{locale}"), steps.join("\n"));
    }
}

/// Replaces the fixture record 202's flow with `flow` and checks that the
/// build fails naming 202.yaml at `line` with `message`.
fn rejects(flow: &str, message: &str, line_of: &str) {
    let site = SiteTest::fixture("mini");
    let record = site.read("content/zap/202.yaml");
    let start = record.find("flow:\n").expect("a flow");
    let end = record.find("prose:\n").expect("prose");
    let edited = format!("{}{flow}{}", &record[..start], &record[end..]);
    site.write("content/zap/202.yaml", &edited);
    let out = site.run(&["check"]);
    let err = flat(&String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(message), "expected `{message}` in: {err}");
    let line = edited
        .lines()
        .position(|l| l.contains(line_of))
        .map(|i| i + 1)
        .expect("the line to point at");
    assert!(
        err.contains(&format!("content/zap/202.yaml:{line}:")),
        "expected 202.yaml:{line} in: {err}"
    );
}

#[test]
fn an_unknown_lane_is_an_error_at_the_lane() {
    rejects(
        "flow:\n  lanes: [client, cloud]\n  steps:\n    - {from: client, to: cloud, msg: \"202 Done Elsewhere\"}\n",
        "unknown lane `cloud`",
        "lanes: [client, cloud]",
    );
}

#[test]
fn a_step_from_a_lane_to_itself_is_an_error_at_the_step() {
    rejects(
        "flow:\n  lanes: [client, relay]\n  steps:\n    - {from: client, to: relay, msg: FETCH}\n    - {from: relay, to: relay, msg: \"202 Done Elsewhere\"}\n    - {from: relay, to: client, msg: \"202 Done Elsewhere\"}\n",
        "step 2: a message goes from `relay` to itself",
        "{from: relay, to: relay",
    );
}

#[test]
fn an_empty_flow_is_an_error() {
    rejects(
        "flow:\n  lanes: []\n  steps: []\n",
        "the flow is empty",
        "flow:",
    );
}

#[test]
fn a_flow_that_never_shows_its_code_is_an_error() {
    rejects(
        "flow:\n  lanes: [client, relay]\n  steps:\n    - {from: client, to: relay, msg: FETCH}\n    - {from: relay, to: client, msg: \"201 Done\"}\n",
        "the flow never shows 202",
        "flow:",
    );
}

#[test]
fn a_step_naming_a_lane_the_flow_does_not_list_is_an_error_at_the_step() {
    rejects(
        "flow:\n  lanes: [client, relay]\n  steps:\n    - {from: client, to: server, msg: FETCH}\n    - {from: relay, to: client, msg: \"202 Done Elsewhere\"}\n",
        "step 1: lane `server` is not one of the flow's lanes",
        "to: server",
    );
}

#[test]
fn prose_in_a_note_is_an_error_at_the_step() {
    rejects(
        "flow:\n  lanes: [client, relay]\n  steps:\n    - {from: client, to: relay, msg: FETCH}\n    - {from: relay, to: client, msg: \"202 Done Elsewhere\", note: \"перейдите туда\"}\n",
        "step 2: the note must be wire text",
        "перейдите",
    );
}
