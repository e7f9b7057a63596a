//! `cargo xtask test`: the one command that runs everything CI runs, in order, stopping at the
//! first failure.

use std::process::{Command, ExitCode};

use anyhow::{bail, Context, Result};

use crate::pins::repo_root;

/// Each step: what it checks, and the command.
const STEPS: &[(&str, &[&str])] = &[
    (
        "generated/ matches the spec and the generator",
        &[
            "cargo",
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "generate",
            "--check",
        ],
    ),
    ("formatting", &["cargo", "fmt", "--all", "--check"]),
    (
        "clippy, warnings denied, on every crate including generated/",
        &[
            "cargo",
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ),
    (
        "clippy on the generated crate alone, without the features the tests turn on",
        &[
            "cargo",
            "clippy",
            "--package",
            "codat-platform",
            "--",
            "-D",
            "warnings",
        ],
    ),
    ("tests", &["cargo", "test", "--workspace", "--no-fail-fast"]),
    (
        "rustdoc of the generated crate, warnings denied",
        &["cargo", "doc", "--package", "codat-platform", "--no-deps"],
    ),
    (
        "the generated crate packages for crates.io and the package builds on its own",
        &[
            "cargo",
            "package",
            "--package",
            "codat-platform",
            "--allow-dirty",
            "--quiet",
        ],
    ),
    (
        "a crate for every Codat spec, generated into target/all-specs",
        &[
            "cargo",
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "generate-all",
            "--out",
            "target/all-specs",
            "--quiet",
        ],
    ),
    (
        // One throwaway workspace with its own target dir, so the dependencies build once.
        "every generated crate passes clippy, warnings denied",
        &[
            "cargo",
            "clippy",
            "--quiet",
            "--workspace",
            "--exclude",
            "all-specs-examples",
            "--keep-going",
            "--manifest-path",
            "target/all-specs/Cargo.toml",
            "--target-dir",
            "target/all-specs-target",
            "--",
            "-D",
            "warnings",
        ],
    ),
    (
        "every example of every spec round-trips, or is a spec error listed in spec/example-errata.toml",
        &[
            "cargo",
            "test",
            "--quiet",
            "--manifest-path",
            "target/all-specs/Cargo.toml",
            "--target-dir",
            "target/all-specs-target",
            "--package",
            "all-specs-examples",
        ],
    ),
];

pub fn run_all() -> Result<ExitCode> {
    let root = repo_root();
    for (what, argv) in STEPS {
        eprintln!("==> {what}: {}", argv.join(" "));
        let started = std::time::Instant::now();
        let status = Command::new(argv[0])
            .args(&argv[1..])
            .current_dir(&root)
            .env("RUSTDOCFLAGS", "-D warnings")
            .status()
            .with_context(|| format!("running {}", argv.join(" ")))?;
        if !status.success() {
            if argv.contains(&"--check") {
                bail!(
                    "{what} failed: generated/ is stale (the generator, runtime, a template, the spec pin or the \
                     crate version changed without regenerating). Run `cargo xtask generate` and commit the result."
                );
            }
            bail!("{what} failed ({})", argv.join(" "));
        }
        eprintln!("    {what}: {:.1} s", started.elapsed().as_secs_f64());
    }
    Ok(ExitCode::SUCCESS)
}
