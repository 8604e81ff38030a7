use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = statusdex::cli::Cli::parse();
    statusdex::cli::run(cli)
}
