//! Markdown rendering: `to_html` and `to_inline`, with and without
//! `allow_html`. A panic, or a broken property (see `props.rs`), is a crash
//! for AFL.

#[path = "../../../tests/it/fuzz/props.rs"]
#[allow(dead_code)]
mod props;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Ok(text) = std::str::from_utf8(data)
            && let Err(finding) = props::markdown(text)
        {
            panic!("{finding}");
        }
    });
}
