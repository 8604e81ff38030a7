//! The command line as a user meets it.

use crate::support::SiteTest;

#[test]
fn help_explains_each_command() {
    let site = SiteTest::fixture("mini");
    let out = site.run(&["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(help.contains("build") && help.contains("check"), "{help}");
    let out = site.run(&["build", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("--output") && help.contains("--root"),
        "{help}"
    );
}

#[test]
fn build_prints_a_one_line_summary_and_check_reports_warnings() {
    let site = SiteTest::fixture("mini");
    let out = site.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let summary = err.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with(
            "built 36 pages in 3 locales (50 files: 50 rendered, 50 written, 0 unchanged, 0 removed)"
        ),
        "{summary}"
    );
    assert!(summary.ends_with(" s"), "{summary}");

    let out = site.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("content/zap/202.yaml") && err.contains("no `zh` prose"),
        "{err}"
    );
    assert!(
        err.contains("check passed: no errors, 1 warning in 1 file"),
        "{err}"
    );
}

#[test]
fn new_writes_a_skeleton_that_check_rejects_until_filled_and_never_overwrites() {
    let site = SiteTest::real();
    std::fs::remove_file(site.root.join("content/sip/486.yaml")).expect("remove 486");
    let out = site.run(&["new", "sip", "486"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let text = site.read("content/sip/486.yaml");
    assert!(
        text.contains("reason: \"Busy Here\""),
        "the registry's phrase: {text}"
    );
    assert!(text.contains("class: 4xx"));
    for locale in ["en", "ru", "zh"] {
        assert!(text.contains(&format!("\n  {locale}:\n")), "{locale} block");
    }
    // Empty values are errors, so a skeleton never reaches readers.
    let check = site.run(&["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains("content/sip/486.yaml"));
    // A second `new` refuses to replace the file.
    let again = site.run(&["new", "sip", "486"]);
    assert_ne!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stderr).contains("never replaces"));
    assert_eq!(site.read("content/sip/486.yaml"), text);
    // A code outside every class is refused with the classes.
    let outside = site.run(&["new", "sip", "799"]);
    assert!(String::from_utf8_lossy(&outside.stderr).contains("in no class"));
}

#[test]
fn exit_codes_tell_content_usage_and_io_apart_and_causes_print_once() {
    let site = SiteTest::fixture("mini");
    let usage = site.run(&["build", "--bogus"]);
    assert_eq!(usage.status.code(), Some(2));

    let missing = site.run(&["build", "--root", "/nonexistent-statusdex-root"]);
    let err = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(missing.status.code(), Some(3), "{err}");
    assert_eq!(err.matches("caused by").count(), 1, "{err}");
    assert!(!err.contains("//"), "{err}");

    site.write("content/zap/101.yaml", "code: [\n");
    let content = site.run(&["build"]);
    assert_eq!(content.status.code(), Some(1));
}

#[test]
fn quiet_prints_nothing_on_success_and_verbose_prints_the_stages() {
    let site = SiteTest::fixture("mini");
    let quiet = site.run(&["-q", "build"]);
    assert!(quiet.status.success());
    assert!(
        quiet.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&quiet.stderr)
    );
    let verbose = site.run(&["build", "-v"]);
    let err = String::from_utf8_lossy(&verbose.stderr);
    assert!(err.contains("load, validate and fingerprint"), "{err}");
    assert!(
        err.lines().last().is_some_and(|l| l.starts_with("built ")),
        "{err}"
    );
}
