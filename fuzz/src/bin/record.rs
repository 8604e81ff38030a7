//! Record loading: YAML text → pre-scan, tree, shape check, serde_yaml →
//! validation of the fixture site `tests/fixtures/mini` holding the record.
//! A panic, or a broken property (see `props.rs`), is a crash for AFL.

#[path = "../../../tests/it/fuzz/props.rs"]
#[allow(dead_code)]
mod props;

use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/mini");
    let fixture = props::Fixture::load(&root);
    afl::fuzz!(|data: &[u8]| {
        // Files are read as UTF-8 before parsing; other bytes never reach it.
        if let Ok(text) = std::str::from_utf8(data)
            && let Err(finding) = props::record(&fixture, text)
        {
            panic!("{finding}");
        }
    });
}
