//! Every page of the fixture site and a sample of every page kind of the real
//! site pass the W3C Nu Html Checker with no error.

use crate::support::{SiteTest, tree};
use crate::tools::vnu_jar;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs the checker over `files`; returns its error messages, one line each.
fn nu_errors(files: &[PathBuf]) -> Vec<String> {
    let out = Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--errors-only", "--format", "json", "--exit-zero-always"])
        .args(files)
        .output()
        .expect("run java (the Nu checker needs a Java runtime)");
    let report: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!(
            "the checker's report is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    report["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| {
            format!(
                "{}:{}: {}",
                m["url"].as_str().unwrap_or("?"),
                m["lastLine"],
                m["message"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

fn html_files(out: &Path) -> Vec<PathBuf> {
    tree(out)
        .into_keys()
        .filter(|rel| rel.ends_with(".html"))
        .map(|rel| out.join(rel))
        .collect()
}

#[test]
fn every_page_of_the_fixture_site_passes_the_nu_html_checker() {
    let site = SiteTest::fixture("mini");
    site.build();
    let files = html_files(&site.out());
    assert_eq!(files.len(), 3 * 12 + 2);
    let errors = nu_errors(&files);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn a_sample_of_every_page_kind_of_the_real_site_passes_the_nu_html_checker() {
    let site = SiteTest::real();
    site.build();
    let out = site.out();
    let mut files = vec![out.join("index.html"), out.join("404.html")];
    // Codes whose pages hold the most kinds of content: Q.850 mappings,
    // deprecation, wild reason phrases, curated notes, long messages.
    let codes = ["100", "183", "302", "401", "408", "486", "503", "603"];
    let pairs = [
        "100-vs-183",
        "302-vs-401",
        "401-vs-407",
        "486-vs-600",
        "408-vs-480",
    ];
    for locale in ["en", "ru", "zh"] {
        files.push(out.join(locale).join("index.html"));
        files.push(out.join(locale).join("sip/index.html"));
        for c in codes.iter().chain(&pairs) {
            files.push(out.join(locale).join("sip").join(c).join("index.html"));
        }
    }
    for f in &files {
        assert!(f.is_file(), "{} was not built", f.display());
    }
    let errors = nu_errors(&files);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
