//! A build that fails says where and why, exits non-zero, and leaves the
//! previous output exactly as it was.

use crate::support::{SiteTest, flat, line_starting, tree};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn yaml_syntax_error_names_file_and_line_and_leaves_output_untouched() {
    let site = SiteTest::real();
    let ok = site.run(&["build"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let before = tree(&site.out());

    let record = site.read("content/sip/302.yaml");
    let broken = record.replacen("carries: [Contact]", "carries: [Contact", 1);
    assert_ne!(record, broken);
    site.write("content/sip/302.yaml", &broken);
    let failed = site.run(&["build"]);
    let err = stderr(&failed);
    assert_eq!(failed.status.code(), Some(1), "{err}");
    assert!(err.contains("content/sip/302.yaml:"), "{err}");
    let line = line_starting(&broken, "retry_adds:");
    assert!(
        err.contains(&format!("302.yaml:{line}:"))
            || err.contains(&format!("302.yaml:{}:", line - 1)),
        "expected line {line} in: {err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert!(
        tree(&site.out()) == before,
        "output changed after a failed build"
    );
    assert!(!site.root.join(".public.statusdex-staging").exists());
}

#[test]
fn template_error_fails_the_build_and_leaves_output_untouched() {
    let site = SiteTest::real();
    assert!(site.run(&["build"]).status.success());
    let before = tree(&site.out());
    let template = site.read("templates/code.html");
    site.write(
        "templates/code.html",
        &template.replace("{{ f.heading }}", "{{ f.heading_missing }}"),
    );
    let failed = site.run(&["build"]);
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert!(
        stderr(&failed).contains("heading_missing"),
        "{}",
        stderr(&failed)
    );
    assert!(tree(&site.out()) == before);
}

#[test]
fn unknown_field_and_dangling_reference_are_reported_together() {
    let site = SiteTest::real();
    let record = site.read("content/sip/401.yaml");
    let edited = record.replacen("code: 401\n", "code: 401\ncolour: red\n", 1);
    let line = edited
        .lines()
        .position(|l| l == "colour: red")
        .map(|i| i + 1)
        .expect("the edit");
    site.write("content/sip/401.yaml", &edited);
    let other = site.read("content/sip/301.yaml");
    site.write(
        "content/sip/301.yaml",
        &other.replacen("related: [", "related: [999, ", 1),
    );
    let out = site.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("unknown key `colour`"), "{err}");
    assert!(
        err.contains(&format!("content/sip/401.yaml:{line}:")),
        "{err}"
    );
    assert!(err.contains("related code 999 has no record"), "{err}");
    assert!(err.contains("2 errors, no warnings in 2 files"), "{err}");
    assert!(!site.out().exists(), "check must not write anything");
}

#[test]
fn missing_string_key_is_an_error() {
    let site = SiteTest::real();
    let table = site.read("content/i18n/ru.yaml");
    let without: String = table
        .lines()
        .filter(|l| !l.trim_start().starts_with("learn_more:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(table, without);
    site.write("content/i18n/ru.yaml", &without);
    let out = site.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/i18n/ru.yaml") && err.contains("learn_more"),
        "{err}"
    );
}

#[test]
fn a_folder_statusdex_did_not_create_is_refused_and_kept() {
    let site = SiteTest::real();
    std::fs::create_dir_all(site.out()).unwrap();
    std::fs::write(site.out().join("precious.txt"), "keep me").unwrap();
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("refusing"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(site.out().join("precious.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(tree(&site.out()).len(), 1);
}

#[test]
fn facts_that_pair_pages_rely_on_are_checked_with_file_and_line() {
    let site = SiteTest::fixture("mini");
    let record = site.read("content/zap/202.yaml");
    let broken = record
        // A header the example does not have.
        .replacen(
            "carries: [Location, Expires]",
            "carries: [Location, Expires, Retry-After]",
            1,
        )
        // An action no string table names, on a step that is not last.
        .replacen(
            "next:\n  - {action: go_elsewhere}",
            "next:\n  - {action: vanish}\n  - {methods: [FETCH], action: wait}",
            1,
        )
        // A link to a code without a record.
        .replacen(
            "    description: |\n",
            "    description: |\n      See [[299]].\n",
            1,
        );
    assert_ne!(record, broken);
    site.write("content/zap/202.yaml", &broken);
    let out = site.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let flat = flat(&err);
    for wanted in [
        "the example has no `Retry-After` header",
        "unknown key `vanish`: no string table has `families.zap.actions.vanish`",
        "the last step of `next` must have no `methods`",
        "links to code 299, which has no record",
    ] {
        assert!(flat.contains(wanted), "`{wanted}` not in: {err}");
    }
    let line_of = |needle: &str| line_starting(&broken, needle);
    assert!(
        err.contains(&format!("202.yaml:{}:", line_of("carries:"))),
        "{err}"
    );
    // Each problem of `next` at the step it concerns.
    for step in [
        "  - {action: vanish}",
        "  - {methods: [FETCH], action: wait}",
    ] {
        assert!(
            err.contains(&format!("202.yaml:{}:", line_of(step))),
            "{step}: {err}"
        );
    }
}

#[test]
fn a_script_url_as_the_registry_link_is_refused() {
    let site = SiteTest::fixture("mini");
    let family = site.read("content/zap/family.yaml");
    let hostile = match family.lines().find(|l| l.starts_with("registry:")) {
        Some(line) => family.replace(line, "registry: javascript:alert(document.domain)"),
        None => format!("{family}registry: javascript:alert(document.domain)\n"),
    };
    site.write("content/zap/family.yaml", &hostile);
    let out = site.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        flat(&err).contains("must be an http:// or https:// URL"),
        "{err}"
    );
    assert!(err.contains("zap/family.yaml:"), "{err}");
    assert!(!site.out().exists(), "nothing may be written");
}

#[cfg(unix)]
#[test]
fn a_locale_folder_replaced_by_a_link_is_refused_and_the_linked_folder_kept() {
    let site = SiteTest::fixture("mini");
    site.build();
    let foreign = site.root.join("mine");
    std::fs::create_dir(&foreign).expect("mkdir");
    std::fs::write(foreign.join("notes.txt"), "mine").expect("write");
    let ru = site.out().join("ru");
    std::fs::remove_dir_all(&ru).expect("remove ru");
    std::os::unix::fs::symlink(&foreign, &ru).expect("symlink");
    let before = tree(&site.out());

    let out = site.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(flat(&err).contains("symbolic link"), "{err}");
    assert!(err.contains("public/ru"), "{err}");
    assert_eq!(
        tree(&foreign).len(),
        1,
        "nothing written into the linked folder"
    );
    assert_eq!(
        std::fs::read_to_string(foreign.join("notes.txt")).expect("read"),
        "mine"
    );
    assert!(tree(&site.out()) == before, "the output is left as it was");
}

#[test]
fn editor_leftovers_in_content_are_ignored() {
    let site = SiteTest::fixture("mini");
    let record = site.read("content/zap/201.yaml");
    site.write("content/zap/201.yaml~", "not: [valid");
    site.write("content/zap/.201.yaml.swp", "\u{0}binary");
    site.write("content/zap/4913", "");
    site.write("content/zap/#201.yaml#", &record);
    let out = site.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("201.yaml~"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_in_content_is_refused_by_name() {
    let site = SiteTest::fixture("mini");
    let outside = site.root.join("outside.yaml");
    std::fs::write(&outside, site.read("content/zap/201.yaml")).expect("write");
    std::fs::remove_file(site.root.join("content/zap/201.yaml")).expect("remove");
    std::os::unix::fs::symlink(&outside, site.root.join("content/zap/201.yaml")).expect("link");
    let out = site.run(&["build"]);
    let err = stderr(&out);
    // A content problem, reported once, without follow-ups about code 201.
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("1 error, 1 warning in 2 files"), "{err}");
    assert!(
        flat(&err).contains("symbolic links are not followed"),
        "{err}"
    );
    assert!(err.contains("content/zap/201.yaml"), "{err}");
    assert!(!site.out().exists(), "nothing may be written");
}

/// Out-of-range values and oversized or control-character text in a record:
/// each case exits 1, names the file and line, and leaves the previous
/// output byte-identical.
#[test]
fn values_outside_the_stated_limits_are_errors_with_file_and_line() {
    let site = SiteTest::fixture("mini");
    assert!(site.run(&["build"]).status.success());
    let before = tree(&site.out());
    let record = site.read("content/zap/201.yaml");
    let long = "x".repeat(101);
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("reason: Done\n", format!("reason: {long}\n"), "reason:", "is 101 characters long"),
        ("reason: Done\n", "reason: \"Do\\u001Bne\"\n".into(), "reason:", "U+001B"),
        (
            "    name: Name of 201\n",
            "    name: \"Name\\u0000of 201\"\n".into(),
            "    name:",
            "U+0000",
        ),
        (
            "defined_in: {rfc: 9999, section: \"201.1\"}\n",
            "defined_in: {rfc: 0, section: \"201.1\"}\n".into(),
            "defined_in:",
            "RFC number 0",
        ),
        (
            "defined_in: {rfc: 9999, section: \"201.1\"}\n",
            "defined_in: {rfc: 9999, section: \"1/../x\"}\n".into(),
            "defined_in:",
            "is not a section number",
        ),
        (
            "related: []\n",
            "related: []\nq850:\n  - {cause: 300, rfc: 3398, section: \"8.2.6.1\", direction: to_isup}\n".into(),
            "  - {cause: 300",
            "Q.850 cause 300 is outside 1–127",
        ),
    ];
    for (from, to, line_start, message) in cases {
        let broken = record.replacen(from, &to, 1);
        assert_ne!(broken, record, "{from}");
        site.write("content/zap/201.yaml", &broken);
        let out = site.run(&["build"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{to}: {err}");
        assert!(flat(&err).contains(message), "`{message}` not in: {err}");
        let line = line_starting(&broken, line_start);
        assert!(
            err.contains(&format!("201.yaml:{line}:")),
            "line {line}: {err}"
        );
        assert!(tree(&site.out()) == before, "{to}: output changed");
    }
    // A file over the size limit is refused before it is parsed.
    site.write(
        "content/zap/201.yaml",
        &format!("{record}# {}\n", "x".repeat(1024 * 1024)),
    );
    let out = site.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        flat(&err).contains("content files are limited to 1048576 bytes"),
        "{err}"
    );
    assert!(tree(&site.out()) == before);
}

#[test]
fn hostile_yaml_is_refused_fast_with_its_line_and_the_output_is_untouched() {
    let site = SiteTest::fixture("mini");
    assert!(site.run(&["build"]).status.success());
    let before = tree(&site.out());
    let record = site.read("content/zap/101.yaml");
    let value = "x".repeat(1000);
    let cases = [
        // An alias repeated expands a small edit into a huge value.
        (
            format!(
                "{record}extra_a: &big \"{value}\"\nextra_b: [{}]\n",
                vec!["*big"; 100].join(", ")
            ),
            "anchors are not allowed",
            "extra_a:",
        ),
        // Deep nesting made the parser run for minutes.
        (
            record.replacen(
                "related: [102]",
                &format!("related: {}102{}", "[".repeat(100_000), "]".repeat(100_000)),
                1,
            ),
            "nested more than",
            "related:",
        ),
    ];
    for (text, message, line_of) in cases {
        site.write("content/zap/101.yaml", &text);
        let started = std::time::Instant::now();
        let out = site.run(&["build"]);
        let err = flat(&stderr(&out));
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        assert!(err.contains(message), "{err}");
        let line = line_starting(&text, line_of);
        assert!(
            err.contains(&format!("content/zap/101.yaml:{line}:")),
            "line {line}: {err}"
        );
        assert!(tree(&site.out()) == before, "output changed");
    }
}

#[test]
fn duplicate_keys_nul_bytes_and_bad_encoding_are_content_errors_at_their_line() {
    let site = SiteTest::fixture("mini");
    assert!(site.run(&["build"]).status.success());
    let before = tree(&site.out());
    let record = site.read("content/zap/101.yaml").into_bytes();
    let replace = |from: &[u8], to: &[u8]| -> Vec<u8> {
        let at = record
            .windows(from.len())
            .position(|w| w == from)
            .expect("the text to replace");
        [&record[..at], to, &record[at + from.len()..]].concat()
    };
    let cases: [(Vec<u8>, &str, &[u8]); 3] = [
        (
            replace(b"reason: Working\n", b"reason: Working\nreason: Again\n"),
            "key `reason` is given twice",
            b"reason: Again",
        ),
        (
            replace(b"reason: Working", b"reason: Wor\0king"),
            "control character U+0000",
            b"reason: Wor\0king",
        ),
        (
            replace(b"reason: Working", b"reason: Wor\xffking"),
            "byte 0xFF is not valid UTF-8",
            b"reason: Wor\xffking",
        ),
    ];
    for (bytes, message, line_of) in cases {
        std::fs::write(site.root.join("content/zap/101.yaml"), &bytes).expect("write");
        let out = site.run(&["build"]);
        let err = flat(&stderr(&out));
        assert_eq!(out.status.code(), Some(1), "{message}: {err}");
        assert!(err.contains(message), "{err}");
        let line = bytes
            .split(|b| *b == b'\n')
            .position(|l| l.starts_with(line_of))
            .map(|i| i + 1)
            .expect("the line");
        assert!(
            err.contains(&format!("content/zap/101.yaml:{line}:")),
            "line {line}: {err}"
        );
        assert!(tree(&site.out()) == before, "output changed");
    }
}
