//! A corpus of broken sites: each case edits a copy of the mini fixture the
//! way a contributor (or an attacker) might get it wrong, after a good build.
//! `check` must report every problem, each once and where it is: the
//! snapshot holds every diagnostic (file, line, column, message, the source
//! line and the help) and the summary. Then `build` must refuse with exit 1,
//! name each error's file and place, and leave the previous output
//! byte-identical. A snapshot that grows a follow-up error, loses a
//! position or repeats a problem fails here.

use crate::support::{SiteTest, tree};
use statusdex::Error;
use statusdex::diagnostic::display_path;

/// One edit of a fixture file: replace the first `from` with `to`. An
/// empty `from` writes `to` as the whole file (a new file); `@link` makes
/// the file a symbolic link to `to`; `@repeat` replaces the file with `to`
/// repeated (the count is given after a `*`: `[*20000`).
type Edit = (&'static str, &'static str, &'static str);

fn apply(site: &SiteTest, (file, from, to): &Edit) {
    match *from {
        "" => site.write(file, to),
        "@link" => {
            let path = site.root.join(file);
            let _ = std::fs::remove_file(&path);
            std::os::unix::fs::symlink(to, &path).expect("symlink");
        }
        "@repeat" => {
            let (unit, times) = to.rsplit_once('*').expect("unit*count");
            site.write(file, &unit.repeat(times.parse().expect("a count")));
        }
        _ => {
            let before = site.read(file);
            assert!(before.contains(from), "{file} has no `{from}`");
            site.write(file, &before.replacen(from, to, 1));
        }
    }
}

/// Every diagnostic `check` reports for the edited fixture, one block each,
/// then the summary line; on the way, `build` is refused as it should be.
fn diagnose(edits: &[Edit]) -> String {
    let site = SiteTest::fixture("mini");
    site.build();
    let before = tree(&site.out());
    for edit in edits {
        apply(&site, edit);
    }
    let all = match statusdex::pipeline::check(&site.root) {
        Err(Error::Content(all)) => all,
        Err(other) => panic!("expected content errors, got: {other}"),
        Ok(_) => panic!("check passed a broken site"),
    };
    let out = site.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for d in all.iter().filter(|d| d.is_error()) {
        let place = match d.line_col() {
            Some((line, col)) => format!("{}:{line}:{col}", display_path(&d.file)),
            None => display_path(&d.file),
        };
        assert!(err.contains(&place), "build does not name {place}: {err}");
    }
    assert!(
        tree(&site.out()) == before,
        "a refused build changed the output"
    );
    let mut shown: Vec<String> = all.iter().map(ToString::to_string).collect();
    shown.push(all.summary());
    shown.join("\n")
}

macro_rules! broken {
    ($($name:ident: [$($edit:expr),+ $(,)?];)+) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(diagnose(&[$($edit),+]));
            }
        )+
    };
}

broken! {
    // Several problems in one file are all reported, each at its key.
    every_misspelt_key_of_a_record_with_did_you_mean: [
        ("content/zap/101.yaml", "reason: Working\n", "reasn: Working\n"),
        ("content/zap/101.yaml", "senders: [server]\n", "sender: [server]\n"),
        ("content/zap/101.yaml", "    how_to_fix: |\n      English", "    how_to_fx: |\n      English"),
    ];
    missing_required_keys_are_shown_where_they_belong: [
        ("content/zap/201.yaml", "retry: ", "# retry: "),
        ("content/zap/101.yaml", "    use_it_when: English advice on sending 101.\n", ""),
    ];
    a_string_table_missing_three_keys_reports_all_three_and_nothing_else: [
        ("content/i18n/ru.yaml", "  site_tagline:", "  # site_tagline:"),
        ("content/i18n/ru.yaml", "  facts:", "  # facts:"),
        ("content/i18n/ru.yaml", "  page_title:", "  # page_title:"),
    ];
    wrong_types_each_with_what_was_expected: [
        ("content/zap/101.yaml", "code: 101", "code: '101'"),
        ("content/zap/101.yaml", "senders: [server]", "senders: server"),
        ("content/zap/101.yaml", "related: [102]", "related: [102]\nallow_html: yes"),
        ("content/zap/102.yaml", "defined_in: {rfc: 9999", "defined_in: {rfc: 99999999999"),
    ];
    an_unknown_enum_value_suggests_the_close_one: [
        ("content/zap/101.yaml", "retry: not_needed", "retry: not_neded"),
        ("content/zap/pairs.yaml", "- codes: [201, 202]\n", "- codes: [201, 202]\n  replaces: [finalty]\n"),
    ];
    a_yaml_syntax_error_is_shown_at_the_parser_position: [
        ("content/zap/102.yaml", "related: [", "related: [[ "),
    ];
    a_key_given_twice_points_at_the_second: [
        ("content/zap/101.yaml", "    name: Name of 101\n", "    name: Name of 101\n    name: Again\n"),
    ];
    a_broken_string_table_causes_no_follow_up_errors: [
        ("content/i18n/ru.yaml", "ui:\n", "ui: [\n"),
    ];
    a_broken_family_file_causes_no_follow_up_errors: [
        ("content/zap/family.yaml", "classes:\n", "classes: {\n"),
    ];
    a_broken_record_is_not_reported_again_where_it_is_linked: [
        ("content/zap/102.yaml", "code: 102\n", "code: 102\n\tbad: tab\n"),
    ];
    a_code_defined_twice_and_a_file_named_for_another_code: [
        ("content/zap/199.yaml", "", "placeholder"),
        ("content/zap/102.yaml", "code: 102", "code: 101"),
    ];
    a_code_outside_its_class_and_a_code_in_no_class: [
        ("content/zap/102.yaml", "class: 1xx", "class: 2xx"),
        ("content/zap/201.yaml", "code: 201", "code: 301"),
    ];
    dangling_code_references_in_lists_links_and_notes: [
        ("content/zap/101.yaml", "related: [102]", "related: [102, 103]"),
        ("content/zap/101.yaml", "    description: |\n      English", "    description: |\n      See [[299]].\n      English"),
        ("content/zap/pairs.yaml", "- codes: [201, 202]", "- codes: [201, 203]"),
    ];
    malformed_references_are_reported_at_the_reference: [
        ("content/zap/101.yaml", "defined_in: {rfc: 9999, section: \"101.1\"}", "defined_in: {rfc: 0, section: \"1..2\"}"),
        ("content/zap/101.yaml", "    summary: Code 101 in English,", "    summary: See [this](javascript:alert(1)). Code 101 in English,"),
    ];
    a_family_term_only_one_locale_has_is_reported_in_that_locale: [
        ("content/i18n/ru.yaml", "    actions:\n", "    actions:\n      waitt: \"ждать\"\n"),
    ];
    a_family_term_missing_in_one_locale_is_reported_there_once: [
        ("content/i18n/zh.yaml", "      go_elsewhere: \"向给定的 Location 重发请求\"\n", ""),
    ];
    an_action_no_table_names_is_a_record_error_with_a_suggestion: [
        ("content/zap/101.yaml", "  - {action: wait}", "  - {action: wiat}"),
    ];
    a_pattern_placeholder_that_is_not_provided: [
        ("content/i18n/en.yaml", "family_count: \"Number of codes: {count}\"", "family_count: \"Number of codes: {total}\""),
        ("content/i18n/zh.yaml", "  page_title: \"{page} | {site}\"", "  page_title: \"{page | {site}\""),
    ];
    prose_for_an_unknown_locale_suggests_the_site_locale: [
        ("content/zap/202.yaml", "  ru:\n    translates", "  rus:\n    translates"),
    ];
    site_problems_each_at_their_list_item: [
        ("content/site.yaml", "default_locale: en", "default_locale: eng"),
        ("content/site.yaml", "locales: [en, ru, zh]", "locales: [en, ru, zh, ru, Fr]"),
        ("content/site.yaml", "families: [zap]", "families: [zap, zip]"),
    ];
    a_missing_string_table_is_reported_once_at_its_locale: [
        ("content/site.yaml", "locales: [en, ru, zh]", "locales: [en, ru, zh, de]"),
    ];
    class_names_missing_or_unknown_in_a_string_table: [
        ("content/i18n/ru.yaml", "      2xx:", "      2xy:"),
    ];
    flow_problems_point_at_the_step: [
        ("content/zap/101.yaml", "    - {from: server, to: client, msg: \"201 Done\"}", "    - {from: server, to: proxy, msg: \"201 Done\"}"),
        ("content/zap/101.yaml", "  lanes: [client, server]", "  lanes: [client, server, client]"),
    ];
    header_and_method_lists_point_at_the_item: [
        ("content/zap/202.yaml", "answers: [FETCH]", "answers: [FETCH, fetch]"),
        ("content/zap/202.yaml", "carries: [Location, Expires]", "carries: [Location, Expires, \"Bad Header\", location]"),
    ];
    a_second_document_and_a_nul_byte: [
        ("content/zap/101.yaml", "code: 101\n", "code: 101\n---\nreason: x\n"),
        ("content/zap/102.yaml", "reason: ", "reason: \u{1b}[2J"),
    ];
    // Hostile input: bounded, refused at its place, nothing written.
    flow_nesting_past_the_limit_is_refused_at_once: [
        ("content/zap/101.yaml", "related: [102]", "related: [[[[[[[[[[[[[[[[[[102]]]]]]]]]]]]]]]]]]"),
    ];
    a_hundred_thousand_brackets_are_refused_at_the_seventeenth: [
        ("content/zap/102.yaml", "@repeat", "[*100000"),
    ];
    indentation_past_the_limit_is_refused: [
        ("content/zap/101.yaml", "related: [102]", "related:\n                                                   - 102"),
    ];
    anchors_and_aliases_are_refused: [
        ("content/zap/101.yaml", "reason: Working", "reason: &r Working"),
        ("content/zap/101.yaml", "related: [102]", "related: [102]\nwild_reasons: [*r, *r]"),
    ];
    a_script_link_in_the_family_registry: [
        ("content/zap/family.yaml", "name: ZAP", "name: ZAP\nregistry: \"JaVaScRiPt:alert(1)\""),
    ];
    a_base_url_that_could_leave_its_attribute: [
        ("content/site.yaml", "base_url: https://docs.example.org/mini/", "base_url: https://docs.example.org/mini/\" onload=\"x"),
    ];
    fields_past_their_limits: [
        ("content/zap/101.yaml", "reason: Working", "reason: Workingggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg"),
        ("content/zap/102.yaml", "related: [", "related: [101, 201, 202, 101, 201, 202, 101, 201, 202, 101, 201, 202, 101, 201, 202, 101, 201, 202, 101, 201, 202, 101, 201, 202, 101, 201, 202, 101, 201, 202, 101, 201, 202, "),
    ];
    numbers_out_of_range: [
        ("content/zap/201.yaml", "code: 201", "code: 70000"),
        ("content/zap/202.yaml", "related: [201]", "related: [201]\nq850:\n  - {cause: 0, rfc: 3398, section: \"8.2.6.1\", direction: to_isup}"),
    ];
    a_pairs_file_that_is_a_mapping_not_a_list: [
        ("content/zap/pairs.yaml", "", "codes: [201, 202]\n"),
    ];
    unexpected_files_and_editor_leftovers: [
        ("content/zap/notes.txt", "", "scratch"),
        ("content/zap/101.yaml~", "", "code: [\n"),
        ("content/zap/.101.yaml.swp", "", "\u{1}"),
        ("content/zap/4913", "", ""),
    ];
    a_symbolic_link_out_of_the_site_root: [
        ("content/zap/103.yaml", "@link", "/etc/hostname"),
    ];
    an_empty_record_file: [
        ("content/zap/102.yaml", "", ""),
    ];
    raw_html_in_prose_without_allow_html: [
        ("content/zap/101.yaml", "    how_to_fix: |\n      English", "    how_to_fix: |\n      <img src=x onerror=alert(1)>\n      English"),
    ];
    template_syntax_in_a_pattern_is_not_evaluated_but_refused: [
        ("content/i18n/ru.yaml", "  page_title: \"{page} | {site}\"", "  page_title: \"{{ 7*7 }} {page} | {site}\""),
    ];
    a_note_that_compares_a_code_with_itself: [
        ("content/zap/pairs.yaml", "- codes: [201, 202]", "- codes: [202, 202]"),
    ];
    tabs_used_for_indentation: [
        ("content/zap/201.yaml", "prose:\n  en:", "prose:\n\ten:"),
    ];
    a_multiline_reason_and_a_wild_reason_equal_to_the_reason: [
        ("content/zap/101.yaml", "reason: Working", "reason: \"Working\\nNow\""),
        ("content/zap/202.yaml", "related: [201]", "related: [201]\nwild_reasons: [Done Elsewhere]"),
    ];
}
