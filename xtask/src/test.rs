//! `cargo xtask test`: the one command that runs everything CI runs, in order, stopping at the
//! first failure.

use std::path::Path;
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
        "clippy on the committed SDK crates alone, without the features the tests turn on",
        &["cargo", "clippy", SDK_PACKAGES, "--", "-D", "warnings"],
    ),
    (
        // Includes the snapshot tests (generator/tests/snapshots.rs), the clippy run over every
        // snapshot crate (snapshot_crates.rs) and the drift check as a test.
        "tests",
        &["cargo", "test", "--workspace", "--no-fail-fast"],
    ),
    (
        // The short run; README.md (For maintainers) has the long one, BENCHMARKS.md its result.
        "the generator survives 40 seeded structural mutants of the Codat specs (cargo xtask fuzz)",
        &[
            "cargo",
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "fuzz",
            "--seed",
            "1",
            "--count",
            "40",
            "--max-spec-bytes",
            "300000",
        ],
    ),
    (
        "rustdoc of the runtime and the SDK crates, warnings denied",
        &[
            "cargo",
            "doc",
            "--package",
            "codat-runtime",
            SDK_PACKAGES,
            "--no-deps",
        ],
    ),
    (
        // Packaged together: each SDK's package builds against the runtime's package, as it
        // will against the published runtime.
        "the runtime and the SDK crates package for crates.io and each package builds on its own",
        &[
            "cargo",
            "package",
            "--package",
            "codat-runtime",
            SDK_PACKAGES,
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

/// Stands for `--package NAME` of every committed SDK crate (the pins with a crate).
const SDK_PACKAGES: &str = "<sdk packages>";

pub fn run_all() -> Result<ExitCode> {
    let root = repo_root();
    // The semver tests (xtask/tests/semver.rs) need cargo-semver-checks: required on CI,
    // skipped with a note elsewhere.
    if let Err(error) = crate::semver::binary() {
        if std::env::var_os("CI").is_some() {
            bail!("CI needs cargo-semver-checks for the semver tests: {error:#}");
        }
        eprintln!("NOTE: the semver tests will be SKIPPED: {error:#}. CI (CI=true) fails instead.");
    }
    let pins = crate::pins::load(&crate::pins::default_pins(&root))?;
    let sdk_packages: Vec<&str> = crate::pins::crate_pins(&pins, None)?
        .into_iter()
        .filter_map(|pin| pin.target.as_ref())
        .flat_map(|target| ["--package", target.crate_name.as_str()])
        .collect();
    for (what, step) in STEPS {
        let argv: Vec<&str> = step
            .iter()
            .flat_map(|arg| match *arg {
                SDK_PACKAGES => sdk_packages.clone(),
                arg => vec![arg],
            })
            .collect();
        eprintln!("==> {what}: {}", argv.join(" "));
        let started = std::time::Instant::now();
        let mut command = Command::new(argv[0]);
        command
            .args(&argv[1..])
            .current_dir(&root)
            .env("RUSTDOCFLAGS", "-D warnings")
            // The gate checks; it never accepts snapshots or rewrites generated/.
            .env_remove("UPDATE_EXPECT");
        if argv.contains(&"target/all-specs-target") {
            // Throwaway crates, built once: incremental caches would only take disk.
            command.env("CARGO_INCREMENTAL", "0");
        }
        let status = command
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
    let what = "rustdoc of the runtime and the SDK crates shows no codegen plumbing";
    eprintln!("==> {what}");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let libs: Vec<String> = std::iter::once("codat-runtime")
        .chain(sdk_packages.iter().copied().filter(|p| *p != "--package"))
        .map(|package| package.replace('-', "_"))
        .collect();
    let pages = crate::doc_check::check(&target.join("doc"), &libs)?;
    eprintln!("    {pages} pages clean");
    let what = "every generated crate passes clippy, warnings denied, with no group feature and with each alone";
    eprintln!("==> {what}");
    let started = std::time::Instant::now();
    each_group_alone(&root)?;
    eprintln!("    {what}: {:.1} s", started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}

/// Runs clippy on every crate of target/all-specs with default features off: once with no
/// group, then once per group feature (the `default` list of its manifest). The model gating
/// (generator/src/emit/features.rs) is right only if every such build is clean.
fn each_group_alone(root: &Path) -> Result<()> {
    let all_specs = root.join("target/all-specs");
    let mut failures = Vec::new();
    let mut builds = 0;
    for entry in std::fs::read_dir(&all_specs)? {
        let manifest_path = entry?.path().join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest_path) else {
            continue;
        };
        let manifest: toml::Table = toml::from_str(&text)
            .with_context(|| format!("reading {}", manifest_path.display()))?;
        let Some(groups) = manifest
            .get("features")
            .and_then(|f| f.get("default"))
            .and_then(|d| d.as_array())
        else {
            continue;
        };
        let package = manifest["package"]["name"].as_str().unwrap_or_default();
        let cargo = |args: &[&str]| {
            let mut command = Command::new("cargo");
            command
                .args(args)
                .arg("--manifest-path")
                .arg(all_specs.join("Cargo.toml"))
                .args([
                    "--target-dir",
                    "target/all-specs-target",
                    "--package",
                    package,
                ])
                // Each feature set is a separate build; incremental caches of 230 of them
                // would fill the disk.
                .env("CARGO_INCREMENTAL", "0")
                .current_dir(root);
            command
        };
        let alone = groups.iter().filter_map(|g| g.as_str());
        for features in std::iter::once("").chain(alone) {
            builds += 1;
            let status = cargo(&["clippy", "--quiet", "--no-default-features"])
                .args(["--features", features, "--", "-D", "warnings"])
                .status()
                .context("running cargo clippy")?;
            if !status.success() {
                failures.push(format!("{package} with features [{features}]"));
            }
        }
        // The builds of this crate are not needed again.
        cargo(&["clean", "--quiet"])
            .status()
            .context("running cargo clean")?;
    }
    if builds == 0 {
        bail!(
            "no generated crate with group features under {}",
            all_specs.display()
        );
    }
    if !failures.is_empty() {
        bail!("clippy failed for {}", failures.join(", "));
    }
    eprintln!("    {builds} builds clean");
    Ok(())
}
