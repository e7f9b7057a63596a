//! `cargo xtask`: the maintainers' entry point. The generator library produces files in memory;
//! this binary finds the spec, checks its pin, and writes or checks the output.

mod bench;
mod doc_check;
mod drift;
mod errata;
mod fetch;
mod fuzz;
mod generate;
mod generate_all;
mod lock;
mod output;
mod pins;
mod semver;
mod test;
mod version;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

// Generation allocates many small strings and token trees on several threads at once;
// mimalloc serves that about 10% faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Generate every committed crate from its pinned spec (the Platform spec into generated/),
    /// or one crate from any spec with --spec/--out.
    Generate {
        /// Only the pin with this name (default: every pin with a committed crate).
        #[arg(long)]
        name: Option<String>,
        /// A spec file to generate from instead of the pinned one (no pin check).
        #[arg(long)]
        spec: Option<PathBuf>,
        /// Where to write the crate (default: the pin's `out`, i.e. generated/).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Package name of the generated crate (default: the pin's `crate`).
        #[arg(long)]
        crate_name: Option<String>,
        /// Package version of the generated crate (default: the pin's `crate_version`).
        #[arg(long)]
        crate_version: Option<String>,
        /// Compare with the existing output instead of writing; exit 1 on any difference.
        #[arg(long)]
        check: bool,
        /// Copy the runtime into the crate (`src/runtime/`) instead of depending on the
        /// `codat-runtime` crate, for a crate that stands alone.
        #[arg(long)]
        vendor_runtime: bool,
        /// Write into a non-empty directory that is not a crate this generator wrote, or one
        /// holding files it did not write; those files are kept, never deleted.
        #[arg(long, conflicts_with = "check")]
        force: bool,
    },
    /// Download pinned specs into the spec directory, verifying their sha256.
    FetchSpec {
        /// Only the pin with this name (default: every pin).
        #[arg(value_name = "NAME", conflicts_with = "name")]
        pin: Option<String>,
        /// Same as NAME.
        #[arg(long, hide = true)]
        name: Option<String>,
        /// Take the upstream branch head instead of the pinned commit, and report if it moved.
        #[arg(long)]
        latest: bool,
        /// Where to put the files (default: $CODAT_SPECS_DIR or ../shared/specs/codat).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Has upstream moved past the pins? Downloads each branch head and, for a committed crate,
    /// prints what regenerating would change; exit 1 when anything moved. Writes nothing.
    UpstreamDrift {
        /// Only the pin with this name (default: every pin).
        name: Option<String>,
    },
    /// Which version bump moving from OLD to NEW needs: generates a crate from each spec and
    /// runs cargo-semver-checks plus the field-type check on them; prints the report.
    SemverCheck {
        /// The spec of the released crate.
        old: PathBuf,
        /// The spec to move to.
        new: PathBuf,
        /// Package name of both crates.
        #[arg(long, default_value = "codat-platform")]
        crate_name: String,
        /// Cargo's target directory for the checks (default: semver-checks in the workspace's).
        #[arg(long)]
        target_dir: Option<PathBuf>,
    },
    /// Raise a committed crate's version in its pin; then run `cargo xtask generate`.
    BumpVersion {
        part: version::Part,
        /// The pin to bump (default: the only pin with a committed crate).
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
    /// Run `generate` on seeded structural mutants of the Codat specs, each in a child process:
    /// every run must succeed or fail cleanly, and a failed run must leave the output untouched.
    Fuzz(fuzz::Args),
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
    let status = |ok: bool| {
        if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    };
    match cli.command {
        Command::Generate {
            name,
            spec,
            out,
            crate_name,
            crate_version,
            check,
            vendor_runtime,
            force,
        } => {
            let args = generate::Args {
                spec,
                out,
                crate_name,
                crate_version,
                name,
                check,
                vendor_runtime,
                force,
            };
            Ok(status(generate::run(&root, &pins_file, args)?))
        }
        Command::FetchSpec {
            pin,
            name,
            latest,
            dir,
        } => {
            let pins = pins::load(&pins_file)?;
            let dir = dir.unwrap_or_else(|| pins::specs_dir(&root));
            let selected: Vec<&pins::Pin> = match pin.or(name) {
                Some(name) => vec![pins::find(&pins, &name)?],
                None => pins.iter().collect(),
            };
            for pin in selected {
                fetch::fetch(pin, &dir, latest)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::UpstreamDrift { name } => {
            Ok(status(drift::run(&root, &pins_file, name.as_deref())?))
        }
        Command::SemverCheck {
            old,
            new,
            crate_name,
            target_dir,
        } => {
            let target_dir = target_dir.unwrap_or_else(|| semver::default_target_dir(&root));
            let report = semver::run_specs(&root, &old, &new, &crate_name, &target_dir)?;
            print!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        Command::BumpVersion { part, name } => {
            let pins = pins::load(&pins_file)?;
            let crates = pins::crate_pins(&pins, name.as_deref())?;
            let [pin] = crates[..] else {
                anyhow::bail!("several pins have a committed crate; pick one with --name");
            };
            let target = pin.target.as_ref().expect("crate_pins selects crates");
            let (old, new) = version::bump_in_file(&pins_file, &pin.name, part)?;
            println!(
                "{}: {old} -> {new} in {}; now run `cargo xtask generate` and commit",
                target.crate_name,
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
        Command::Fuzz(args) => fuzz::run(&root, args),
    }
}
