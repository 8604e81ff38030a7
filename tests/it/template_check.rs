//! `check` rejects whatever templates `build` would reject, and what Tera
//! would let through silently: a misspelt field in `{% if %}`.

use crate::support::{SiteTest, flat};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Replaces the one occurrence of `from` in a template of the site and
/// returns the 1-based line and column where `from` started.
fn edit(site: &SiteTest, template: &str, from: &str, to: &str) -> (usize, usize) {
    let rel = format!("templates/{template}");
    let text = site.read(&rel);
    assert_eq!(text.matches(from).count(), 1, "{from} in {rel}");
    let at = text.find(from).expect("found");
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    site.write(&rel, &text.replacen(from, to, 1));
    (line, col)
}

#[test]
fn the_fixture_site_and_the_real_site_check_clean() {
    for site in [SiteTest::fixture("mini"), SiteTest::real()] {
        match statusdex::check(&site.root) {
            Ok((warnings, _)) => {
                let templates: Vec<String> = warnings
                    .iter()
                    .filter(|d| d.file.starts_with("templates"))
                    .map(ToString::to_string)
                    .collect();
                assert!(templates.is_empty(), "{templates:#?}");
            }
            Err(statusdex::Error::Content(d)) => {
                let all: Vec<String> = d.iter().map(ToString::to_string).collect();
                panic!("check failed:\n{}", all.join("\n"));
            }
            Err(e) => panic!("check failed: {e}"),
        }
    }
}

#[test]
fn a_misspelt_field_in_an_if_fails_check_at_its_place_with_the_right_name() {
    let site = SiteTest::fixture("mini");
    let (line, col) = edit(
        &site,
        "pair.html",
        "{% if page.note_html %}",
        "{% if page.note_htm %}",
    );
    let out = site.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let flat = flat(&err);
    // The column is that of the misspelt segment, after `page.`.
    let at = format!("templates/pair.html:{line}:{}", col + "{% if page.".len());
    assert!(flat.contains(&at), "expected {at} in: {err}");
    assert!(
        flat.contains("`page.note_htm` is not defined: `page` (PairView) has no field `note_htm`"),
        "{err}"
    );
    assert!(flat.contains("did you mean `note_html`?"), "{err}");

    // Rendering alone would not have caught it: Tera takes it as false.
    let build = site.run(&["build"]);
    assert_eq!(build.status.code(), Some(1), "{}", stderr(&build));
    assert!(!site.out().exists(), "build must write nothing");
}

#[test]
fn a_template_that_parses_but_fails_to_render_fails_check_and_build_writes_nothing() {
    let site = SiteTest::fixture("mini");
    // `f.code` is a number: the path exists, so only rendering finds that
    // `upper` takes a string.
    let (line, col) = edit(
        &site,
        "code.html",
        "<h1>{{ f.heading }}</h1>",
        "<h1>{{ f.code | upper }}</h1>",
    );
    let out = site.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let flat = flat(&err);
    let at = format!("templates/code.html:{line}:{}", col + "<h1>{{ ".len());
    assert!(flat.contains(&at), "expected {at} in: {err}");
    assert!(flat.contains("expected `string` but got `u64`"), "{err}");
    assert!(flat.contains("with templates/code.html"), "{err}");
    assert!(flat.contains("nothing was written"), "{err}");
    assert!(!site.out().exists(), "check must write nothing");

    let build = site.run(&["build"]);
    assert_eq!(build.status.code(), Some(1), "{}", stderr(&build));
    assert!(!site.out().exists(), "build must write nothing");
}

#[test]
fn content_errors_and_template_errors_are_reported_in_one_run() {
    let site = SiteTest::fixture("mini");
    let record = site.read("content/zap/101.yaml");
    site.write(
        "content/zap/101.yaml",
        &record.replacen("code: 101\n", "code: 101\ncolour: red\n", 1),
    );
    edit(
        &site,
        "home.html",
        "<h1>{{ page.heading }}</h1>",
        "<h1>{{ page.headin }}</h1>",
    );
    edit(
        &site,
        "family.html",
        "{% endblock main %}",
        "{% endblock main",
    );
    let out = site.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let flat = flat(&err);
    assert!(flat.contains("unknown key `colour`"), "{err}");
    assert!(flat.contains("`page.headin` is not defined"), "{err}");
    assert!(flat.contains("templates/family.html:"), "{err}");
    assert!(flat.contains("3 errors, 1 warning in 4 files"), "{err}");
}
