//! Reading a content file costs time in proportion to its size, whatever its
//! shape: for each pathological shape, a file four times larger must not
//! take much more than four times as long to read (a quadratic step would
//! take sixteen). Checked as a ratio of the fastest of several runs, so the
//! machine's speed and load cancel out; the limit leaves room for noise.

use statusdex::content::yaml;
use statusdex::content::{CodeRecord, SourceFile};
use std::time::{Duration, Instant};

/// The slowest a 4x larger input may be, relative to the smaller one.
const MAX_RATIO: f64 = 9.0;

/// The fastest of `runs` reads of `text` (the outcome does not matter: most
/// of these files are refused, and refusing must be linear too).
fn fastest(text: &str, runs: usize) -> Duration {
    let file = SourceFile::new("content/zap/101.yaml", text);
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            let _ = std::hint::black_box(yaml::parse::<CodeRecord>(&file));
            start.elapsed()
        })
        .min()
        .expect("runs")
}

fn grows_linearly(shape: &str, make: impl Fn(usize) -> String, n: usize) {
    let (small, large) = (make(n), make(4 * n));
    assert!(
        large.len() < statusdex::limits::MAX_FILE_BYTES as usize,
        "{shape}: keep the input under the file limit"
    );
    // Interleaved, so a burst of load hits both sizes alike.
    let mut best = (Duration::MAX, Duration::MAX);
    for _ in 0..5 {
        best.0 = best.0.min(fastest(&small, 1));
        best.1 = best.1.min(fastest(&large, 1));
    }
    let ratio = best.1.as_secs_f64() / best.0.as_secs_f64().max(1e-6);
    assert!(
        ratio < MAX_RATIO,
        "{shape}: {} bytes took {:?}, {} bytes took {:?} (x{ratio:.1})",
        small.len(),
        best.0,
        large.len(),
        best.1
    );
}

#[test]
fn many_unknown_keys() {
    grows_linearly(
        "unknown keys",
        |n| (0..n).map(|i| format!("key{i}: value\n")).collect(),
        4_000,
    );
}

#[test]
fn many_repeated_keys() {
    grows_linearly(
        "repeated keys",
        |n| (0..n).map(|i| format!("code: {i}\n")).collect(),
        4_000,
    );
}

#[test]
fn a_long_list() {
    grows_linearly(
        "list items",
        |n| {
            let items: Vec<String> = (0..n).map(|i| (i % 600).to_string()).collect();
            format!("code: 101\nrelated: [{}]\n", items.join(", "))
        },
        8_000,
    );
}

#[test]
fn many_nested_lists_at_the_depth_limit() {
    let nested = format!("{}1{}", "[".repeat(15), "]".repeat(15));
    grows_linearly(
        "nested lists",
        |n| {
            format!(
                "code: 101\nrelated: [{}]\n",
                vec![nested.as_str(); n].join(", ")
            )
        },
        500,
    );
}

#[test]
fn a_long_string_and_many_comments() {
    grows_linearly(
        "long text",
        |n| {
            format!(
                "{}code: 101\nreason: {}\n",
                "# a comment line\n".repeat(n),
                "word ".repeat(n)
            )
        },
        8_000,
    );
}

#[test]
fn many_prose_blocks_with_misspelt_keys() {
    grows_linearly(
        "prose blocks",
        |n| {
            let blocks: String = (0..n)
                .map(|i| format!("  l{i}:\n    nmae: x\n    sumary: y\n"))
                .collect();
            format!("code: 101\nprose:\n{blocks}")
        },
        1_000,
    );
}
