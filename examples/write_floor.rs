//! The disk's floor for a build, for `scripts/bench`: reads a built output
//! folder into memory, then writes the same files into new folders with the
//! thread pool a build uses, timing only the writes. A build cannot beat this:
//! it writes the same bytes and must also render them.
//!
//!     cargo run --release --example write_floor -- <built-output> <scratch> [runs]
//!
//! Prints the median seconds of `runs` timed runs (default 5) after one
//! warm-up. New folders are left in `scratch` for the caller to remove,
//! so no deletion's aftermath lands inside a timed run.

use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (tree, scratch) = match &args[..] {
        [tree, scratch, ..] => (PathBuf::from(tree), PathBuf::from(scratch)),
        _ => return Err("usage: write_floor <built-output> <scratch> [runs]".into()),
    };
    let runs: usize = args.get(2).map_or(Ok(5), |r| r.parse())?;
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&tree) {
        let entry = entry?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&tree)?.to_path_buf();
            files.push((rel, std::fs::read(entry.path())?));
        }
    }
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut times = Vec::new();
    for run in 0..=runs {
        let dest = scratch.join(format!("floor-{run}"));
        let started = Instant::now();
        files.par_iter().try_for_each(|(rel, data)| {
            let path = dest.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(path, data)
        })?;
        if run > 0 {
            times.push(started.elapsed().as_secs_f64());
        }
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "{median:.4} s median of {runs} ({} files, {bytes} bytes; runs: {})",
        files.len(),
        times
            .iter()
            .map(|t| format!("{t:.3}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    Ok(())
}
