//! `cargo xtask semver-check OLD NEW`: the version bump a spec update needs, from
//! cargo-semver-checks and the generator's field-type check. Needs cargo-semver-checks
//! (`cargo install --locked cargo-semver-checks@0.51.0`, or `CARGO_SEMVER_CHECKS=PATH`): without
//! it each test is skipped with a note, and fails when `CI` is set.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn semver_check(old: &Path, new: &Path, crate_name: &str) -> String {
    let run = xtask(
        &[
            "semver-check",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--crate-name",
            crate_name,
        ],
        &[],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    stdout(&run)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/semver")
        .join(name)
}

/// The Platform update of spec_update.rs: `Connection.integration_key` becomes optional, a
/// breaking change cargo-semver-checks has no lint for.
#[test]
fn the_platform_update_needs_a_major_bump_for_the_integration_key_type() {
    if !have_semver_checks() {
        return;
    }
    let report = semver_check(&history_spec(), &current_spec(), "codat-platform");
    assert!(
        report.starts_with("semver: bump required: major\n"),
        "{report}"
    );
    assert!(
        report.contains("  major struct_field_type_changed:\n"),
        "{report}"
    );
    assert!(
        report.contains("    field shared::Connection.integration_key: String -> Option<String>\n"),
        "{report}"
    );
}

/// v2 adds an optional field to a model and an operation: minor (`api_added`), once generated
/// structs are `#[non_exhaustive]` (until then, `constructible_struct_adds_field` makes it major).
#[test]
fn an_added_optional_field_and_operation_need_a_minor_bump() {
    if !have_semver_checks() {
        return;
    }
    let report = semver_check(&fixture("v1.yaml"), &fixture("v2.yaml"), "semver-fixture");
    assert!(
        report.starts_with("semver: bump required: minor\n"),
        "{report}"
    );
    assert!(!report.contains("struct_field_type_changed"), "{report}");
    for added in [
        "    method pets().list_pets\n",
        "    field shared::Pet.tag\n",
    ] {
        assert!(report.contains(added), "{added}: {report}");
    }
}
