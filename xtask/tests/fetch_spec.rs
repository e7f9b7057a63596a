//! `fetch-spec` and `upstream-drift` against a loopback HTTP server: downloads are verified
//! against the pin, refused bytes are never written, a file already present is not fetched
//! again, offline fails with what to do, and upstream drift is reported with the regeneration
//! diff.

mod common;

use std::sync::atomic::Ordering;

use common::*;

const SPEC: &[u8] = b"openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n";

fn fetch(pins: &std::path::Path, dir: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "fetch-spec",
        "--pins",
        pins.to_str().unwrap(),
        "--dir",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    xtask(&args, &[])
}

#[test]
fn fetch_spec_writes_verified_bytes_and_skips_what_is_already_there() {
    let work = tempfile::tempdir().unwrap();
    let (base, hits) = serve(vec![
        ("a.yaml", SPEC.to_vec()),
        ("b.yaml", b"other".to_vec()),
    ]);
    let pins = pins_file(
        work.path(),
        &[
            pin(
                "a",
                "Codat-A.yaml",
                &format!("{base}/a.yaml"),
                &sha_of(SPEC),
                None,
            ),
            pin(
                "b",
                "Codat-B.yaml",
                &format!("{base}/b.yaml"),
                &sha_of(b"other"),
                None,
            ),
        ],
    );
    let dir = work.path().join("specs");

    // NAME picks one pin.
    let output = fetch(&pins, &dir, &["a"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(std::fs::read(dir.join("Codat-A.yaml")).unwrap(), SPEC);
    assert!(!dir.join("Codat-B.yaml").exists());
    assert_eq!(hits.load(Ordering::SeqCst), 1);

    // Without NAME, every pin; the one already verified is not downloaded again.
    let output = fetch(&pins, &dir, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("a: "), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("already has the pinned sha256"),
        "{}",
        stdout(&output)
    );
    assert_eq!(std::fs::read(dir.join("Codat-B.yaml")).unwrap(), b"other");
    assert_eq!(hits.load(Ordering::SeqCst), 2);

    let unknown = fetch(&pins, &dir, &["c"]);
    assert!(
        stderr(&unknown).contains("no pin named `c` (known: a, b)"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn fetch_spec_refuses_bytes_that_are_not_the_pinned_ones() {
    let work = tempfile::tempdir().unwrap();
    let (base, _) = serve(vec![("a.yaml", SPEC.to_vec())]);
    let pins = pins_file(
        work.path(),
        &[pin(
            "a",
            "Codat-A.yaml",
            &format!("{base}/a.yaml"),
            CURRENT_SHA,
            None,
        )],
    );
    let dir = work.path().join("specs");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("Codat-A.yaml"), "stale copy").unwrap();

    let output = fetch(&pins, &dir, &[]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains(&format!(
            "has sha256 {}, not the {CURRENT_SHA} pinned for `a`",
            sha_of(SPEC)
        )),
        "{message}"
    );
    assert!(message.contains("nothing was written"), "{message}");
    assert_eq!(
        std::fs::read(dir.join("Codat-A.yaml")).unwrap(),
        b"stale copy"
    );
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "a temporary file was left behind"
    );

    // --latest takes it anyway and reports the move.
    let output = fetch(&pins, &dir, &["--latest"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("upstream moved: `a`"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read(dir.join("Codat-A.yaml")).unwrap(), SPEC);

    // A missing file upstream is an error, not an empty spec.
    let pins = pins_file(
        work.path(),
        &[pin(
            "a",
            "Codat-A.yaml",
            &format!("{base}/missing.yaml"),
            CURRENT_SHA,
            None,
        )],
    );
    let output = fetch(&pins, &work.path().join("other"), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("404"), "{}", stderr(&output));
}

#[test]
fn fetch_spec_offline_says_what_to_do() {
    let work = tempfile::tempdir().unwrap();
    let pins = pins_file(
        work.path(),
        &[pin(
            "a",
            "Codat-A.yaml",
            &dead_url("a.yaml"),
            CURRENT_SHA,
            None,
        )],
    );
    let output = fetch(&pins, work.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("Without network access, copy the file into the spec directory by hand"),
        "{message}"
    );
    assert!(message.contains("CODAT_SPECS_DIR"), "{message}");
}

#[test]
fn upstream_drift_reports_what_regenerating_would_change() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("generated");
    assert!(generate(&history_spec(), &out, false).status.success());
    let before = tree(&out);
    let (base, _) = serve(vec![(
        "Codat-Platform.yaml",
        std::fs::read(current_spec()).unwrap(),
    )]);
    let url = format!("{base}/Codat-Platform.yaml");

    // The pin is the old spec; upstream serves the current one.
    let pins = pins_file(
        work.path(),
        &[pin(
            "platform",
            "Codat-Platform.yaml",
            &url,
            HISTORY_SHA,
            Some(("codat-platform", "0.1.0", &out)),
        )],
    );
    // The pinned (old) spec where the semver check looks for it, to compare field types.
    let specs = work.path().join("specs");
    std::fs::create_dir(&specs).unwrap();
    std::fs::copy(history_spec(), specs.join("Codat-Platform.yaml")).unwrap();
    let drift = xtask(
        &["upstream-drift", "--pins", pins.to_str().unwrap()],
        &[("CODAT_SPECS_DIR", &specs)],
    );
    let report = stderr(&drift);
    assert_eq!(drift.status.code(), Some(1), "{report}");
    if have_semver_checks() {
        assert!(
            report.contains(
                "    field shared::Connection.integration_key: String -> Option<String>\n"
            ),
            "{report}"
        );
        assert!(
            report.contains("platform: adopting this spec needs a MAJOR version bump: struct_field_type_changed (major)"),
            "{report}"
        );
        assert!(
            report.contains("`cargo xtask bump-version major --name NAME`"),
            "{report}"
        );
    } else {
        assert!(
            report.contains("platform: the semver check did not run: "),
            "{report}"
        );
    }
    assert!(
        report.contains(&format!(
            "platform: upstream moved: {url} now has sha256 {CURRENT_SHA} (pinned: {HISTORY_SHA})"
        )),
        "{report}"
    );
    assert!(
        report.contains("changed: src/groups/companies.rs"),
        "{report}"
    );
    assert!(
        report.contains("+    pub fn get_company_sync_settings("),
        "{report}"
    );
    assert!(report.contains("changed: codat-gen.lock"), "{report}");
    assert!(
        report.contains("upstream moved for: platform. To adopt a spec: point its pin's `url`"),
        "{report}"
    );
    assert_eq!(tree(&out), before, "upstream-drift wrote to the output");

    // When upstream is still the pin, it passes.
    let pins = pins_file(
        work.path(),
        &[pin(
            "platform",
            "Codat-Platform.yaml",
            &url,
            CURRENT_SHA,
            Some(("codat-platform", "0.1.0", &out)),
        )],
    );
    let drift = xtask(&["upstream-drift", "--pins", pins.to_str().unwrap()], &[]);
    assert!(drift.status.success(), "{}", stderr(&drift));
    assert!(
        stdout(&drift).contains("no pinned spec moved upstream"),
        "{}",
        stdout(&drift)
    );
}
