//! The real site in headless Chromium: search in three scripts, the picker
//! in both orders and without JavaScript, the language switcher, no console
//! errors, no sideways scroll at 360 px, and screenshots for a person to look
//! at under `target/screenshots/`.

use crate::support::{SiteTest, repo, tree};
use crate::tools::{chromium, serve};
use std::process::Command;

#[test]
fn the_real_site_works_in_headless_chromium() {
    chromium();
    let site = SiteTest::real();
    site.build();
    let base = serve(&site.out());
    let shots = repo().join("target/screenshots");
    let out = Command::new("node")
        .arg(repo().join("tests/e2e/browser.mjs"))
        .arg(&base)
        .arg(&shots)
        .args(widest_flows(&site))
        .current_dir(repo())
        .output()
        .expect("run node (the browser tests need Node.js)");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{log}");
    assert!(out.status.success(), "browser checks failed:\n{log}");
}

/// Per locale, the code page whose call-flow diagram is widest, so the
/// 360 px check covers the hardest case.
fn widest_flows(site: &SiteTest) -> Vec<String> {
    let mut widest: std::collections::BTreeMap<String, (f64, String)> = Default::default();
    for (rel, bytes) in tree(&site.out()) {
        let source = String::from_utf8_lossy(&bytes);
        let Some(at) = source.find("<svg class=\"flow-diagram\"") else {
            continue;
        };
        let width: f64 = source[at..]
            .split(" width=\"")
            .nth(1)
            .and_then(|w| w.split('"').next())
            .and_then(|w| w.parse().ok())
            .expect("a diagram width");
        let locale = rel.split('/').next().unwrap_or_default().to_string();
        let page = rel.trim_end_matches("index.html").to_string();
        let entry = widest.entry(locale).or_insert((0.0, String::new()));
        if width > entry.0 && !page.contains("-vs-") {
            *entry = (width, page);
        }
    }
    widest.into_values().map(|(_, page)| page).collect()
}
