//! `cargo xtask`: the maintainers' entry point. The generator library produces files in memory;
//! this binary finds the spec, checks its pin, and writes or checks the output.

mod output;
mod pins;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Maintainer tasks for the Codat Rust SDK generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the SDK crate from its pinned spec (default: the Platform spec into generated/).
    Generate {
        /// A spec file to generate from instead of the pinned one (no pin check).
        #[arg(long)]
        spec: Option<PathBuf>,
        /// Where to write the crate (default: the pin's `out`, i.e. generated/).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Package name of the generated crate (default: the pin's `crate`).
        #[arg(long)]
        crate_name: Option<String>,
        /// Compare with the existing output instead of writing; exit 1 on any difference.
        #[arg(long)]
        check: bool,
    },
    /// Run every check CI runs: the drift check, formatting, clippy, and all tests.
    Test,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Generate {
            spec,
            out,
            crate_name,
            check,
        } => generate(spec, out, crate_name, check),
        Command::Test => test::run_all(),
    }
}

fn generate(
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    check: bool,
) -> Result<ExitCode> {
    let root = pins::repo_root();
    let pin = pins::load(&root)?
        .into_iter()
        .next()
        .context("spec/pins.toml lists no spec")?;
    let spec_path = match spec {
        Some(path) => path,
        None => pins::locate_verified(&root, &pin)?,
    };
    let out = out.unwrap_or_else(|| root.join(&pin.out));
    let options = generator::CrateOptions {
        name: crate_name.unwrap_or(pin.crate_name.clone()),
        version: pin.crate_version.clone(),
    };
    let generation = generator::generate_from_file(&spec_path, &options)?;
    for warning in &generation.warnings {
        eprintln!("{}: {warning}", spec_path.display());
    }
    if check {
        let report = output::compare(&out, &generation.files)?;
        if report.is_clean() {
            println!(
                "{} is up to date with {}",
                out.display(),
                spec_path.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
        eprint!("{report}");
        eprintln!(
            "{} is stale: run `cargo xtask generate` and commit the result.",
            out.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    output::replace_dir(&out, &generation.files)?;
    println!(
        "wrote {} files to {} ({} groups, {} operations, {} types, {} warnings)",
        generation.files.len(),
        out.display(),
        generation.api.groups.len(),
        generation
            .api
            .groups
            .iter()
            .map(|g| g.operations.len())
            .sum::<usize>(),
        generation.api.types.types.len(),
        generation.warnings.len(),
    );
    Ok(ExitCode::SUCCESS)
}
