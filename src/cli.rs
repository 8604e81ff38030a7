//! The command line: parses arguments, runs a pipeline stage and is the only
//! part of the crate that prints.
#![allow(clippy::print_stderr, clippy::print_stdout)]

use crate::diagnostic::{self, Diagnostics};
use crate::error::Error;
use crate::pipeline::{self, BuildOptions};
use clap::{Args, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Static documentation sites for protocol response codes: one page per code
/// and one per code pair, in every locale of the site.
#[derive(Debug, Parser)]
#[command(name = "statusdex", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print errors only.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print where a build spent its time and, in `serve`, the outputs
    /// each edit affected.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

/// How much the command line says besides errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the site into the output folder (only changed files are rewritten;
    /// a failed build leaves the previous output untouched).
    Build(BuildArgs),
    /// Validate content and templates, report every problem at once, render nothing.
    Check(CheckArgs),
    /// Build, serve the output on this machine, rebuild what each edit affects
    /// and reload open pages; a broken edit keeps the last good site, with its
    /// problems shown in the terminal and over the page. Ctrl-C stops.
    Serve(ServeArgs),
    /// Write the JSON Schemas of the content files into <root>/content/schema/,
    /// for editors that complete and check YAML (yaml-language-server).
    Schema(CheckArgs),
    /// Write a record skeleton content/<family>/<code>.yaml with every field
    /// and a prose block per locale (the reason phrase from the family's
    /// registry.tsv where it lists the code); never replaces a file.
    New(NewArgs),
    /// Record in translations which version of the default locale's prose
    /// they translate, so `check` can say when that prose changes. Run it
    /// for a record once its translation matches the current text.
    Stamp(StampArgs),
}

#[derive(Debug, Args)]
pub struct StampArgs {
    /// Family id, as its folder under content/ (`sip`).
    pub family: String,
    /// Codes to stamp [default: every record of the family].
    pub codes: Vec<u16>,
    /// Locale to stamp; repeat for several [default: every locale but the
    /// default one].
    #[arg(long = "locale", short = 'l')]
    pub locales: Vec<String>,
    /// Only translations that have no stamp yet.
    #[arg(long)]
    pub missing: bool,
    /// Site root: the folder holding content/, templates/ and static/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Family id, as its folder under content/ (`sip`).
    pub family: String,
    /// The new code.
    pub code: u16,
    /// Site root: the folder holding content/, templates/ and static/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Site root: the folder holding content/, templates/ and static/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output folder [default: <root>/public], as for `build`.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on. Anything but a loopback address exposes the
    /// preview to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Site root: the folder holding content/, templates/ and static/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output folder [default: <root>/public]. It must be new, empty, or made by
    /// an earlier build.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Site root: the folder holding content/, templates/ and static/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

pub fn run(cli: Cli) -> ExitCode {
    let v = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let root = match &cli.command {
        Command::Build(a) => a.root.clone(),
        Command::Check(a) | Command::Schema(a) => a.root.clone(),
        Command::Serve(a) => a.root.clone(),
        Command::New(a) => a.root.clone(),
        Command::Stamp(a) => a.root.clone(),
    };
    let result = match cli.command {
        Command::Build(args) => build(args, v),
        Command::Check(args) => check(args, v),
        Command::Serve(args) => serve(args, v),
        Command::Schema(args) => schema(args, v),
        Command::New(args) => new_record(args, v),
        Command::Stamp(args) => stamp(args, v),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let err = err.relative_to(&root);
            report_error(&err);
            ExitCode::from(err.exit_code())
        }
    }
}

fn build(args: BuildArgs, v: Verbosity) -> Result<(), Error> {
    let output = args.output.unwrap_or_else(|| args.root.join("public"));
    let options = BuildOptions::new(args.root, output.clone());
    let interactive = std::io::stderr().is_terminal() && v > Verbosity::Quiet;
    let shown = AtomicUsize::new(0);
    let progress = |done: usize, total: usize| {
        // One line, redrawn at most every 5 %, and only on a terminal.
        let step = (total / 20).max(1);
        if interactive
            && (done.is_multiple_of(step) || done == total)
            && shown.fetch_max(done, Ordering::Relaxed) < done
        {
            eprint!("\rbuilding {done}/{total} files");
            if done == total {
                eprintln!();
            }
        }
    };
    let report = pipeline::build(&options, &progress)?;
    if v == Verbosity::Quiet {
        return Ok(());
    }
    print_diagnostics(&report.warnings.clone().into());
    if report.repaired {
        eprintln!("finished the commit of an interrupted earlier build");
    }
    if v == Verbosity::Verbose {
        let [prepare, render, commit] = report.stages.map(|d| d.as_secs_f64() * 1000.0);
        eprintln!(
            "load, validate and fingerprint {prepare:.0} ms; render and stage {render:.0} ms; commit {commit:.0} ms"
        );
    }
    eprintln!(
        "built {} pages in {} locales ({} files: {} rendered, {} written, {} unchanged, {} removed) into {} in {:.2} s",
        report.pages,
        report.locales,
        report.files,
        report.rendered,
        report.written,
        report.unchanged,
        report.removed,
        output.display(),
        report.elapsed.as_secs_f64()
    );
    Ok(())
}

fn check(args: CheckArgs, v: Verbosity) -> Result<(), Error> {
    let (warnings, completeness) = pipeline::check(&args.root)?;
    if v == Verbosity::Quiet {
        return Ok(());
    }
    print_diagnostics(&warnings);
    for c in completeness {
        eprintln!(
            "{}: {} records: {} translated and current, {} stale, {} not stamped, {} missing",
            c.locale, c.records, c.current, c.stale, c.unstamped, c.missing
        );
    }
    eprintln!("check passed: {}", warnings.summary());
    Ok(())
}

fn stamp(args: StampArgs, v: Verbosity) -> Result<(), Error> {
    let done = pipeline::stamp(
        &args.root,
        &args.family,
        &args.codes,
        &args.locales,
        args.missing,
    )?;
    if v > Verbosity::Quiet {
        eprintln!(
            "stamped {} translation(s) in {} file(s)",
            done.blocks, done.files
        );
    }
    Ok(())
}

fn new_record(args: NewArgs, v: Verbosity) -> Result<(), Error> {
    let path = pipeline::new_record(&args.root, &args.family, args.code)?;
    if v == Verbosity::Quiet {
        return Ok(());
    }
    eprintln!(
        "wrote {}; fill in its empty values, then run `statusdex check`",
        path.display()
    );
    Ok(())
}

fn schema(args: CheckArgs, v: Verbosity) -> Result<(), Error> {
    use crate::content::schema::{SCHEMA_DIR, schemas};
    let dir = args.root.join("content").join(SCHEMA_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("creating", &dir, e))?;
    for (name, text) in schemas() {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| Error::io("writing", &path, e))?;
        if v > Verbosity::Quiet {
            eprintln!("wrote {}", path.display());
        }
    }
    Ok(())
}

fn serve(args: ServeArgs, v: Verbosity) -> Result<(), Error> {
    use crate::serve::Event;
    let root = args.root.clone();
    let options = crate::serve::ServeOptions {
        output: args.output.unwrap_or_else(|| args.root.join("public")),
        root: args.root,
        bind: args.bind,
        port: args.port,
        open: args.open,
    };
    let tell = |event: Event| match event {
        Event::Listening { url } => println!("serving {url}"),
        Event::Exposed { addr } => eprintln!(
            "warning: listening on {addr}, which other machines can reach; the preview has no access control"
        ),
        Event::Built { .. } | Event::Watching(_) | Event::Stopped if v == Verbosity::Quiet => {}
        Event::Built {
            report,
            affected,
            paths,
        } => {
            print_diagnostics(&report.warnings.clone().into());
            if v == Verbosity::Verbose {
                for p in &paths {
                    eprintln!("  affected: {p}");
                }
            }
            eprintln!(
                "built in {:.0} ms: {} files rendered, {} written, {} removed; {affected} outputs affected by the edit",
                report.elapsed.as_secs_f64() * 1000.0,
                report.rendered,
                report.written,
                report.removed
            );
        }
        Event::Failed(err) => {
            report_error(&err.relative_to(&root));
            eprintln!("still serving the last good build; fix the problem and save again");
        }
        Event::Watching(message) => eprintln!("{message}"),
        Event::Stopped => eprintln!("stopped"),
    };
    crate::serve::serve(&options, &tell)
}

/// Every diagnostic, grouped under a line naming its file and what it has.
fn print_diagnostics(diagnostics: &Diagnostics) {
    for (file, group) in diagnostics.by_file() {
        let errors = group.iter().filter(|d| d.is_error()).count();
        let warnings = group.len() - errors;
        let counts: Vec<String> = [(errors, "error"), (warnings, "warning")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, noun)| diagnostic::count(n, noun))
            .collect();
        eprintln!(
            "── {} ({})",
            diagnostic::display_path(file),
            counts.join(", ")
        );
        for d in group {
            eprintln!("{:?}", d.to_report());
        }
    }
}

fn report_error(err: &Error) {
    match err {
        Error::Content(diagnostics) => {
            print_diagnostics(diagnostics);
            eprintln!("error: {}; nothing was written", diagnostics.summary());
        }
        other => eprintln!("error: {}", other.with_causes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
