//! Smoke run of the fuzz properties (`tests/it/fuzz/props.rs`, shared with
//! the AFL targets in `fuzz/`): every seed, every kept finding in
//! `tests/fuzz_regressions/<target>/`, and a few hundred deterministic
//! mutations of the seeds. The long runs are `bash scripts/fuzz`.

mod props;

use crate::support::repo;
use std::path::Path;

/// Files of a corpus folder, sorted, as text (inputs that are not UTF-8
/// never reach the parsers, as in the targets).
fn corpus(dir: &Path) -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && !p.ends_with("README.md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let text = String::from_utf8(std::fs::read(&p).ok()?).ok()?;
            Some((p.display().to_string(), text))
        })
        .collect()
}

/// A small xorshift generator: the same mutations on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Tokens a mutation inserts: YAML structure and Markdown/HTML syntax.
const TOKENS: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!tag ",
    "---\n",
    "\t",
    "\"",
    "'",
    "\\",
    ": ",
    "- ",
    "|\n",
    "# ",
    "~",
    "0x1",
    "\u{0}",
    "\u{7f}",
    "é",
    "\u{2028}",
    "\r\n",
    "[[302]]",
    "`",
    "**",
    "<b>",
    "<script>",
    "](javascript:x)",
    "&#106;",
    "|---|\n",
    "\n\n",
    "    ",
];

/// One mutation of `text`: a token inserted, a line deleted or duplicated,
/// a character replaced, or deeper indentation.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at = |rng: &mut Rng| {
        let mut i = rng.below(text.len() + 1);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match rng.below(5) {
        0 => {
            let i = at(rng);
            let token = TOKENS[rng.below(TOKENS.len())];
            format!("{}{token}{}", &text[..i], &text[i..])
        }
        1 if !lines.is_empty() => {
            let skip = rng.below(lines.len());
            lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, l)| *l)
                .collect()
        }
        2 if !lines.is_empty() => {
            let twice = rng.below(lines.len());
            let mut out = String::new();
            for (i, l) in lines.iter().enumerate() {
                out.push_str(l);
                if i == twice {
                    out.push_str(l);
                }
            }
            out
        }
        3 => {
            let i = at(rng);
            let rest = &text[i..];
            let skip = rest.chars().next().map_or(0, char::len_utf8);
            let c = char::from_u32(rng.below(0x300) as u32).unwrap_or('x');
            format!("{}{c}{}", &text[..i], &rest[skip..])
        }
        _ => {
            let i = at(rng);
            let line_start = text[..i].rfind('\n').map_or(0, |n| n + 1);
            let indent = " ".repeat(rng.below(64));
            format!("{}{indent}{}", &text[..line_start], &text[line_start..])
        }
    }
}

fn run(target: &str, mutations: usize, property: impl Fn(&str) -> Result<(), String>) {
    let mut inputs = corpus(&repo().join("fuzz/seeds").join(target));
    let seeds = inputs.len();
    assert!(seeds > 0, "no seeds for {target}");
    inputs.extend(corpus(&repo().join("tests/fuzz_regressions").join(target)));
    let mut rng = Rng(0x5eed_f00d);
    for n in 0..mutations {
        let (name, text) = &inputs[rng.below(seeds)];
        let mut mutated = text.clone();
        for _ in 0..=rng.below(4) {
            mutated = mutate(&mut rng, &mutated);
        }
        inputs.push((format!("mutation {n} of {name}"), mutated));
    }
    for (name, text) in &inputs {
        if let Err(finding) = property(text) {
            panic!("{target}: {name}: {finding}\n--- input ---\n{text}");
        }
    }
}

#[test]
fn record_loading_keeps_its_properties_on_seeds_findings_and_mutations() {
    let fixture = props::Fixture::load(&repo().join("tests/fixtures/mini"));
    run("record", 300, |text| props::record(&fixture, text));
}

#[test]
fn markdown_rendering_keeps_its_properties_on_seeds_findings_and_mutations() {
    run("markdown", 600, props::markdown);
}
