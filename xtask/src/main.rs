//! `cargo xtask`: the maintainers' entry point. The generator library produces files in memory;
//! this binary finds the spec, checks its pin, and writes or checks the output.

mod bench;
mod fetch;
mod generate_all;
mod lock;
mod output;
mod pins;
mod test;
mod version;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Maintainer tasks for the Codat Rust SDK generator")]
struct Cli {
    /// The pins file (default: spec/pins.toml).
    #[arg(long, global = true)]
    pins: Option<PathBuf>,
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
    /// Download the pinned spec(s) into the spec directory, verifying their sha256.
    FetchSpec {
        /// Only the pin with this name.
        #[arg(long)]
        name: Option<String>,
        /// Take the upstream branch head instead of the pinned commit, and report if it moved.
        #[arg(long)]
        latest: bool,
        /// Where to put the files (default: $CODAT_SPECS_DIR or ../shared/specs/codat).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Raise the generated crate's version in its pin; then run `cargo xtask generate`.
    BumpVersion {
        part: version::Part,
        /// The pin to bump (default: the first).
        #[arg(long)]
        name: Option<String>,
    },
    /// Run every check CI runs: the drift check, formatting, clippy, and all tests.
    Test,
    /// Generate a crate for every Codat spec into OUT/<slug>/, with OUT/Cargo.toml a workspace of them.
    GenerateAll {
        /// Where to write the crates.
        #[arg(long)]
        out: PathBuf,
        /// The directory of specs (default: $CODAT_SPECS_DIR or ../shared/specs/codat).
        #[arg(long)]
        specs: Option<PathBuf>,
        /// Print only the per-spec counts, not each warning.
        #[arg(long)]
        quiet: bool,
    },
    /// Measure generation speed, memory and compile cost; write BENCHMARKS.md.
    Bench(bench::Args),
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
    let root = pins::repo_root();
    let pins_file = cli.pins.unwrap_or_else(|| pins::default_pins(&root));
    match cli.command {
        Command::Generate {
            spec,
            out,
            crate_name,
            check,
        } => generate(&root, &pins_file, spec, out, crate_name, check),
        Command::FetchSpec { name, latest, dir } => {
            let pins = pins::load(&pins_file)?;
            let dir = dir.unwrap_or_else(|| pins::specs_dir(&root));
            let selected: Vec<&pins::Pin> = match &name {
                Some(_) => vec![pins::select(&pins, name.as_deref())?],
                None => pins.iter().collect(),
            };
            for pin in selected {
                fetch::fetch(pin, &dir, latest)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::BumpVersion { part, name } => {
            let pins = pins::load(&pins_file)?;
            let pin = pins::select(&pins, name.as_deref())?;
            let (old, new) = version::bump_in_file(&pins_file, &pin.name, part)?;
            println!(
                "{}: {old} -> {new} in {}; now run `cargo xtask generate` and commit",
                pin.crate_name,
                pins_file.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Test => test::run_all(),
        Command::GenerateAll { out, specs, quiet } => {
            let specs = specs.unwrap_or_else(|| pins::specs_dir(&root));
            generate_all::generate_all(&specs, &out, quiet)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench(args) => bench::run(&root, args),
    }
}

fn generate(
    root: &Path,
    pins_file: &Path,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    check: bool,
) -> Result<ExitCode> {
    let fix = fix_command(&spec, &out, &crate_name);
    let pins = pins::load(pins_file)?;
    let pin = pins::select(&pins, None)?;
    let spec_path = match spec {
        Some(path) => path,
        None => pins::locate_verified(root, pin)?,
    };
    let out = out.unwrap_or_else(|| root.join(&pin.out));
    let options = generator::CrateOptions {
        name: crate_name.unwrap_or(pin.crate_name.clone()),
        version: pin.crate_version.clone(),
    };
    let spec_bytes =
        std::fs::read(&spec_path).with_context(|| format!("reading {}", spec_path.display()))?;
    let mut generation = generator::generate_from_file(&spec_path, &options)?;
    let spec_file = spec_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    generation.files.push(lock::lock_file(&lock::Provenance {
        spec_file: &spec_file,
        spec_sha256: &pins::sha256_hex(&spec_bytes),
        api: &generation.api,
        crate_name: &options.name,
        crate_version: &options.version,
    }));
    generation.files.sort_by(|a, b| a.path.cmp(&b.path));
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
            "{} is stale: it does not match what the generator and templates make from {}. Run `{fix}` and commit the result.",
            out.display(),
            spec_path.display()
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

/// The command that rewrites what `--check` compared, with the same arguments.
fn fix_command(
    spec: &Option<PathBuf>,
    out: &Option<PathBuf>,
    crate_name: &Option<String>,
) -> String {
    let mut command = String::from("cargo xtask generate");
    if let Some(spec) = spec {
        command.push_str(&format!(" --spec {}", spec.display()));
    }
    if let Some(out) = out {
        command.push_str(&format!(" --out {}", out.display()));
    }
    if let Some(name) = crate_name {
        command.push_str(&format!(" --crate-name {name}"));
    }
    command
}
