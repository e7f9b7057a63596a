//! The maintainers' workflow as processes: pins refuse a wrong spec, `--check` reports drift
//! without writing, `--spec/--out` works anywhere, the lock records what the output came from,
//! `bump-version` makes the committed crate stale until regenerated, and several pins generate
//! several crates.

mod common;

use std::path::Path;

use common::*;

#[test]
fn a_spec_that_differs_from_its_pin_is_refused_with_the_pin_to_update() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string(current_spec()).unwrap();
    text.push_str("\n# edited\n");
    std::fs::write(dir.path().join("Codat-Platform.yaml"), &text).unwrap();
    let actual = sha_of(text.as_bytes());
    for args in [&["generate", "--check"][..], &["generate"][..]] {
        let output = xtask(args, &[("CODAT_SPECS_DIR", dir.path())]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{message}");
        assert!(
            message.contains(&format!(
                "has sha256 {actual}, but spec/pins.toml pins `platform` to {CURRENT_SHA}"
            )),
            "{message}"
        );
        assert!(
            message.contains(&format!("update `sha256` (to {actual}) and `url`")),
            "{message}"
        );
        assert!(
            message.contains(
                "of the `platform` pin in spec/pins.toml, then run `cargo xtask generate`"
            ),
            "{message}"
        );
        assert!(
            message.contains("restore it with `cargo xtask fetch-spec platform`"),
            "{message}"
        );
    }
}

#[test]
fn a_missing_spec_says_how_to_get_it() {
    let dir = tempfile::tempdir().unwrap();
    let output = xtask(&["generate", "--check"], &[("CODAT_SPECS_DIR", dir.path())]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(
        message.contains("the `platform` spec is not at"),
        "{message}"
    );
    assert!(
        message.contains("run `cargo xtask fetch-spec platform`"),
        "{message}"
    );
}

#[test]
fn check_passes_on_identical_output_and_lists_every_difference_otherwise_without_writing() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("sdk");
    let spec = current_spec();
    assert!(generate(&spec, &out, false).status.success());
    let clean = generate(&spec, &out, true);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    assert!(
        stdout(&clean).contains("is up to date with"),
        "{}",
        stdout(&clean)
    );

    std::fs::remove_file(out.join("src/groups/cors.rs")).unwrap();
    std::fs::write(out.join("src/extra.rs"), "// hand-written\n").unwrap();
    let lib = out.join("src/lib.rs");
    let edited = std::fs::read_to_string(&lib).unwrap() + "// local edit\n";
    std::fs::write(&lib, &edited).unwrap();
    // A change of more than the cap (40 diff lines) is cut short.
    let shared = out.join("src/models/shared.rs");
    let text = std::fs::read_to_string(&shared).unwrap();
    std::fs::write(&shared, text.replace("pub ", "pub(crate) ")).unwrap();
    let before = tree(&out);

    let check = generate(&spec, &out, true);
    let report = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "{report}");
    assert!(
        report.contains("added (the generator makes it, it is not on disk): src/groups/cors.rs"),
        "{report}"
    );
    assert!(
        report.contains("removed (on disk, the generator no longer makes it): src/extra.rs"),
        "{report}"
    );
    assert!(report.contains("changed: src/lib.rs"), "{report}");
    assert!(report.contains("-// local edit"), "{report}");
    assert!(report.contains("changed: src/models/shared.rs"), "{report}");
    assert!(
        report.contains("more diff lines"),
        "the diff is capped: {report}"
    );
    assert!(
        report.lines().count() < 200,
        "the report is short: {report}"
    );
    assert!(
        report.contains("(1 added, 1 removed, 2 changed)"),
        "{report}"
    );
    assert!(
        report.contains("Run `cargo xtask generate --spec"),
        "{report}"
    );
    assert_eq!(tree(&out), before, "--check wrote to the output");

    // Regenerating removes the stray file and restores the others.
    assert!(generate(&spec, &out, false).status.success());
    assert!(!out.join("src/extra.rs").exists());
    assert!(generate(&spec, &out, true).status.success());
}

#[test]
fn check_of_the_committed_crate_names_the_plain_generate_command() {
    // The committed crate, checked against a copy with one file edited, via a pins file whose
    // `out` is the copy: the fix is plain `cargo xtask generate`.
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("generated");
    assert!(generate(&current_spec(), &out, false).status.success());
    std::fs::write(out.join("README.md"), "edited\n").unwrap();
    let pins = pins_file(
        work.path(),
        &[pin(
            "platform",
            "Codat-Platform.yaml",
            "http://127.0.0.1:9/x",
            CURRENT_SHA,
            Some(("codat-platform", "0.1.0", &out)),
        )],
    );
    let check = xtask(
        &["generate", "--check", "--pins", pins.to_str().unwrap()],
        &[],
    );
    let report = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "{report}");
    assert!(report.contains("changed: README.md"), "{report}");
    assert!(
        report.ends_with("Run `cargo xtask generate` and commit the result.\n"),
        "{report}"
    );
}

#[test]
fn generate_writes_any_spec_anywhere_with_the_given_crate_name_and_version() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("deep/nested/banking-sdk");
    let spec = specs_dir().join("Codat-Banking.yaml");
    let run = xtask(
        &[
            "generate",
            "--spec",
            spec.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--crate-name",
            "codat-banking",
            "--crate-version",
            "2.3.4",
        ],
        &[],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("name = \"codat-banking\"\nversion = \"2.3.4\""),
        "{manifest}"
    );
    let lock = std::fs::read_to_string(out.join("codat-gen.lock")).unwrap();
    let sha = sha_of(&std::fs::read(&spec).unwrap());
    assert!(
        lock.contains(&format!(
            "file = \"Codat-Banking.yaml\"\nsha256 = \"{sha}\""
        )),
        "{lock}"
    );
    assert!(
        lock.contains("[crate]\nname = \"codat-banking\"\nversion = \"2.3.4\""),
        "{lock}"
    );
    assert!(
        lock.contains("[generator]\nname = \"codat-sdk-generator\"\nversion = "),
        "{lock}"
    );
    assert!(out.join("src/lib.rs").exists());
    // Nothing but the output directory was created.
    let entries: Vec<_> = std::fs::read_dir(out.parent().unwrap()).unwrap().collect();
    assert_eq!(entries.len(), 1, "staging directories were left behind");
}

#[test]
fn the_lock_records_the_crate_version_and_bump_version_makes_the_output_stale() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("generated");
    let pins = pins_file(
        work.path(),
        &[pin(
            "platform",
            "Codat-Platform.yaml",
            "http://127.0.0.1:9/x",
            CURRENT_SHA,
            Some(("codat-platform", "1.2.3", &out)),
        )],
    );
    let pins = pins.to_str().unwrap();
    assert!(xtask(&["generate", "--pins", pins], &[]).status.success());
    let lock = std::fs::read_to_string(out.join("codat-gen.lock")).unwrap();
    assert!(
        lock.contains(&format!("sha256 = \"{CURRENT_SHA}\"")),
        "{lock}"
    );
    assert!(
        lock.contains("title = \"Platform API\"\nversion = \"3.0.0\""),
        "{lock}"
    );
    assert!(
        lock.contains("[crate]\nname = \"codat-platform\"\nversion = \"1.2.3\""),
        "{lock}"
    );

    let before = std::fs::read_to_string(pins).unwrap();
    let bump = xtask(&["bump-version", "minor", "--pins", pins], &[]);
    assert!(bump.status.success(), "{}", stderr(&bump));
    assert!(
        stdout(&bump).contains("1.2.3 -> 1.3.0"),
        "{}",
        stdout(&bump)
    );
    assert_eq!(
        std::fs::read_to_string(pins).unwrap(),
        before.replace("crate_version = \"1.2.3\"", "crate_version = \"1.3.0\""),
        "bump-version edits only the version"
    );

    let check = xtask(&["generate", "--check", "--pins", pins], &[]);
    let report = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "{report}");
    assert!(report.contains("changed: Cargo.toml"), "{report}");
    assert!(report.contains("changed: codat-gen.lock"), "{report}");
    assert!(report.contains("+version = \"1.3.0\""), "{report}");
    assert!(report.contains("(0 added, 0 removed, "), "{report}");

    assert!(xtask(&["generate", "--pins", pins], &[]).status.success());
    assert!(xtask(&["generate", "--check", "--pins", pins], &[])
        .status
        .success());
    let lock = std::fs::read_to_string(out.join("codat-gen.lock")).unwrap();
    assert!(lock.contains("version = \"1.3.0\""), "{lock}");
}

#[test]
fn every_pinned_crate_is_generated_and_checked() {
    let work = tempfile::tempdir().unwrap();
    let specs = work.path().join("specs");
    std::fs::create_dir(&specs).unwrap();
    std::fs::copy(current_spec(), specs.join("Codat-Platform.yaml")).unwrap();
    std::fs::copy(history_spec(), specs.join("Codat-Platform-28f4886.yaml")).unwrap();
    let (new_out, old_out) = (work.path().join("new"), work.path().join("old"));
    let pins = pins_file(
        work.path(),
        &[
            pin(
                "platform",
                "Codat-Platform.yaml",
                "http://127.0.0.1:9/a",
                CURRENT_SHA,
                Some(("codat-platform", "1.0.0", &new_out)),
            ),
            pin(
                "banking",
                "Codat-Banking.yaml",
                "http://127.0.0.1:9/b",
                CURRENT_SHA,
                None,
            ),
            pin(
                "platform-old",
                "Codat-Platform-28f4886.yaml",
                "http://127.0.0.1:9/c",
                HISTORY_SHA,
                Some(("codat-platform-old", "0.9.0", &old_out)),
            ),
        ],
    );
    let pins = pins.to_str().unwrap();
    let env = [("CODAT_SPECS_DIR", specs.as_path())];

    let run = xtask(&["generate", "--pins", pins], &env);
    assert!(run.status.success(), "{}", stderr(&run));
    let old_manifest = std::fs::read_to_string(old_out.join("Cargo.toml")).unwrap();
    assert!(
        old_manifest.contains("name = \"codat-platform-old\"\nversion = \"0.9.0\""),
        "{old_manifest}"
    );
    assert!(std::fs::read_to_string(old_out.join("codat-gen.lock"))
        .unwrap()
        .contains(HISTORY_SHA));
    assert!(std::fs::read_to_string(new_out.join("codat-gen.lock"))
        .unwrap()
        .contains(CURRENT_SHA));
    assert!(xtask(&["generate", "--check", "--pins", pins], &env)
        .status
        .success());

    // One stale crate fails the check, and the report names only it.
    std::fs::write(old_out.join("README.md"), "edited\n").unwrap();
    let check = xtask(&["generate", "--check", "--pins", pins], &env);
    let report = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "{report}");
    assert!(
        report.contains(&format!("{} is stale", old_out.display())),
        "{report}"
    );
    assert!(
        !report.contains(&format!("{} is stale", new_out.display())),
        "{report}"
    );
    let only_new = xtask(
        &["generate", "--check", "--name", "platform", "--pins", pins],
        &env,
    );
    assert!(only_new.status.success(), "{}", stderr(&only_new));

    // Per-crate options need a single pin; so does bump-version.
    let ambiguous = xtask(&["generate", "--out", "x", "--pins", pins], &env);
    assert!(
        stderr(&ambiguous).contains("pick it with --name"),
        "{}",
        stderr(&ambiguous)
    );
    let bump = xtask(&["bump-version", "patch", "--pins", pins], &env);
    assert!(
        stderr(&bump).contains("pick one with --name"),
        "{}",
        stderr(&bump)
    );
    let bump = xtask(
        &[
            "bump-version",
            "patch",
            "--name",
            "platform-old",
            "--pins",
            pins,
        ],
        &env,
    );
    assert!(
        stdout(&bump).contains("0.9.0 -> 0.9.1"),
        "{}",
        stderr(&bump)
    );
    let not_a_crate = xtask(&["generate", "--name", "banking", "--pins", pins], &env);
    assert!(
        stderr(&not_a_crate).contains("pin `banking` has no committed crate"),
        "{}",
        stderr(&not_a_crate)
    );
    assert!(!Path::new("x").exists());
}
