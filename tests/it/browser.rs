//! The real site in headless Chromium: search in three scripts, the picker
//! in both orders and without JavaScript, the language switcher, no console
//! errors, no sideways scroll at 360 px, and screenshots for a person to look
//! at under `target/screenshots/`.

use crate::support::{SiteTest, repo};
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
