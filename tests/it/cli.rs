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
        err.contains("check passed: no errors, 1 warning(s)"),
        "{err}"
    );
}
