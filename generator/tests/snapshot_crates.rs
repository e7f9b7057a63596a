//! Every snapshot's committed crate (`tests/snapshots/CASE/expected/`, on this checkout's
//! runtime crate) compiles under clippy with warnings denied, all features on, and so does one
//! case generated with the runtime vendored; the `feature_gating` crate also with no group and
//! with each group alone. One workspace holds them all, so the dependencies
//! build once, in the target dir `support` shares with the other compile tests.

#[path = "snapshots/harness.rs"]
#[allow(dead_code)] // the compare half is for `snapshots.rs`
mod harness;
mod support;

use generator::{CrateOptions, RuntimeSource};

#[test]
fn every_snapshot_crate_passes_clippy() {
    let mut crates: Vec<_> = harness::case_names()
        .into_iter()
        .map(|case| (harness::crate_name(&case), harness::committed_crate(&case)))
        .collect();
    assert!(crates.len() >= 12, "only {} snapshot cases", crates.len());
    // Vendored, the runtime's files compile as a module of the crate, where `decode_model!`'s
    // `$crate::runtime` paths must resolve too: one case (a client, a group, models, webhooks).
    let vendored = "snap-vendored-runtime".to_owned();
    let files = harness::generate_with(
        "webhooks",
        CrateOptions {
            runtime: RuntimeSource::Vendored,
            ..CrateOptions::new(&vendored, "0.1.0")
        },
    );
    assert!(
        files.iter().any(|f| f.path.starts_with("src/runtime")),
        "the vendored crate has its runtime copy"
    );
    crates.push((vendored, files));
    let dir = support::write_workspace("snapshots", &crates);
    let output = support::cargo(
        &dir,
        &[
            "clippy",
            "--workspace",
            "--all-features",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
        Some("-D warnings"),
    );
    assert!(
        output.status.success(),
        "a snapshot crate fails clippy (fix the generator, then accept the snapshots with \
         `UPDATE_EXPECT=1 cargo test -p codat-sdk-generator --test snapshots`):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Gating is right only if the crate is clean with no group, and with each group alone.
#[test]
fn the_feature_gating_crate_passes_clippy_with_each_group_alone() {
    let case = "feature_gating";
    let package = harness::crate_name(case);
    let dir = support::write_workspace(
        "feature-gating",
        &[(package.clone(), harness::committed_crate(case))],
    );
    for features in ["", "alpha", "beta", "gamma"] {
        let output = support::cargo(
            &dir,
            &[
                "clippy",
                "--quiet",
                "--no-default-features",
                "--features",
                features,
                "--",
                "-D",
                "warnings",
            ],
            Some("-D warnings"),
        );
        assert!(
            output.status.success(),
            "{package} with features [{features}] fails clippy:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
