//! Stale translations: a translation records which version of the default
//! locale's prose it translates; `check` warns once that prose changes and
//! counts, per locale, how complete the translations are.

use crate::support::{SiteTest, flat};

fn check(site: &SiteTest) -> String {
    let out = site.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    flat(&err)
}

#[test]
fn an_english_edit_makes_stamped_translations_stale_until_they_are_stamped_again() {
    let site = SiteTest::fixture("mini");
    let report = check(&site);
    assert!(
        report
            .contains("ru: 4 records: 4 translated and current, 0 stale, 0 not stamped, 0 missing"),
        "{report}"
    );
    // The fixture has no Chinese prose for 202.
    assert!(
        report
            .contains("zh: 4 records: 3 translated and current, 0 stale, 0 not stamped, 1 missing"),
        "{report}"
    );

    let record = site.read("content/zap/101.yaml");
    site.write(
        "content/zap/101.yaml",
        &record.replace(
            "English description of 101.",
            "English description of 101, revised.",
        ),
    );
    let report = check(&site);
    assert!(
        report.contains("the `ru` prose translates an older `en` text"),
        "{report}"
    );
    assert!(report.contains("content/zap/101.yaml:"), "{report}");
    assert!(
        report.contains("statusdex stamp zap 101 --locale ru"),
        "{report}"
    );
    assert!(
        report.contains("ru: 4 records: 3 translated and current, 1 stale"),
        "{report}"
    );
    assert!(
        report.contains("zh: 4 records: 2 translated and current, 1 stale"),
        "{report}"
    );

    // The Russian translator catches up and stamps; Chinese stays stale.
    let out = site.run(&["stamp", "zap", "101", "--locale", "ru"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = check(&site);
    assert!(
        report.contains("ru: 4 records: 4 translated and current, 0 stale"),
        "{report}"
    );
    assert!(
        report.contains("zh: 4 records: 2 translated and current, 1 stale"),
        "{report}"
    );
    // Stamping changed only the stamp line of the Russian block.
    let stamped = site.read("content/zap/101.yaml");
    let added: Vec<&str> = stamped
        .lines()
        .filter(|l| !record.contains(*l) && !l.contains("revised"))
        .collect();
    assert_eq!(added.len(), 1, "{added:?}");
    assert!(
        added[0].trim_start().starts_with("translates: \""),
        "{added:?}"
    );
}

#[test]
fn every_translation_of_the_real_content_is_stamped_and_current() {
    let site = SiteTest::real();
    let report = check(&site);
    for locale in ["ru", "zh"] {
        assert!(
            report.contains(&format!(
                "{locale}: 75 records: 75 translated and current, 0 stale, 0 not stamped, 0 missing"
            )),
            "{report}"
        );
    }
}
