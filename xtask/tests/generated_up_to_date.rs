//! The drift check as a test, so `cargo test --workspace` catches a stale `generated/`:
//! `cargo xtask generate --check` must pass. With `UPDATE_EXPECT=1` (the snapshot tests'
//! variable) a stale crate is regenerated instead, as rust-analyzer's `ensure_file_contents`
//! rewrites its generated files. A missing spec fails: CI must never pass without checking.

mod common;

use common::*;

/// Set to regenerate `generated/` instead of failing.
const UPDATE_VAR: &str = "UPDATE_EXPECT";

#[test]
fn generated_matches_the_pinned_spec_and_the_generator() {
    let check = xtask(&["generate", "--check"], &[]);
    if check.status.success() {
        return;
    }
    let report = stderr(&check);
    if report.contains("spec is not at") {
        panic!(
            "cannot check generated/ without the pinned spec{}: {report}\nFetch it with \
             `cargo xtask fetch-spec` (into ../shared/specs/codat, or set CODAT_SPECS_DIR).",
            if std::env::var_os("CI").is_some() {
                " (CI must fetch it before the tests)"
            } else {
                ""
            }
        );
    }
    // Anything else (a spec that differs from its pin, a generator error) is not drift.
    assert!(
        report.contains("is stale"),
        "cargo xtask generate --check failed:\n{report}"
    );
    if std::env::var_os(UPDATE_VAR).is_some_and(|v| v == "1") {
        let write = xtask(&["generate"], &[]);
        assert!(
            write.status.success(),
            "cargo xtask generate failed:\n{}",
            stderr(&write)
        );
        eprintln!(
            "generated/ was stale and is regenerated: review `git diff generated/` and commit it"
        );
        return;
    }
    panic!(
        "{report}\ngenerated/ is stale. Run `cargo xtask generate` (or rerun this test with \
         {UPDATE_VAR}=1) and commit the result."
    );
}
