//! Compiling generated crates from tests: the proof that an odd spec gives Rust that builds.

// Each test binary that declares `mod support` uses only some of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use generator::emit::OutputFile;

/// Where the compiled test crates build; their dependencies build once and stay.
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/hostile-crates")
}

/// Writes `files` as a crate in a fresh directory (outside any workspace, with this
/// workspace's lock file so `--offline` finds every dependency) and returns the directory.
pub fn write_crate(name: &str, files: &[OutputFile]) -> PathBuf {
    let dir = target_dir().join("crates").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for f in files {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, &f.contents).expect("write");
    }
    copy_lock(&dir);
    let mut manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
    manifest.push_str("\n[workspace]\n");
    manifest.push_str(&runtime_patch());
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest");
    dir
}

/// Writes each `(package name, files)` crate as a member of one fresh workspace named `name`
/// (with this workspace's lock file, as [`write_crate`]) and returns the workspace directory;
/// one `cargo` run there checks them all, the dependencies built once.
pub fn write_workspace(name: &str, crates: &[(String, Vec<OutputFile>)]) -> PathBuf {
    let dir = target_dir().join("workspaces").join(name);
    let mut wanted = std::collections::BTreeMap::new();
    for (package, files) in crates {
        for f in files {
            wanted.insert(Path::new(package).join(&f.path), f.contents.as_str());
        }
    }
    let members: Vec<String> = crates.iter().map(|(p, _)| format!("{p:?}")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n{}",
        members.join(", "),
        runtime_patch()
    );
    wanted.insert("Cargo.toml".into(), &manifest);
    // Unchanged files keep their mtime, so cargo rechecks only the crates that changed.
    remove_unwanted(&dir, &dir, &wanted);
    for (path, contents) in &wanted {
        let path = dir.join(path);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(*contents) {
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(path, contents).expect("write");
        }
    }
    copy_lock(&dir);
    dir
}

/// Deletes every file under `dir` that is not in `wanted` (but the lock file).
fn remove_unwanted(root: &Path, dir: &Path, wanted: &std::collections::BTreeMap<PathBuf, &str>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let relative = path.strip_prefix(root).expect("under the root");
        if path.is_dir() {
            remove_unwanted(root, &path, wanted);
        } else if relative != Path::new("Cargo.lock") && !wanted.contains_key(relative) {
            std::fs::remove_file(&path).expect("remove a stale file");
        }
    }
}

/// Generated crates depend on the published `codat-runtime`; these throwaway crates get this
/// checkout's instead.
fn runtime_patch() -> String {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let runtime = std::path::absolute(runtime).expect("an absolute path");
    format!(
        "\n[patch.crates-io]\ncodat-runtime = {{ path = {:?} }}\n",
        runtime.display().to_string()
    )
}

fn copy_lock(dir: &Path) {
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::copy(lock, dir.join("Cargo.lock")).expect("lock file");
}

/// Runs `cargo ARGS --offline` in a crate written by [`write_crate`] or [`write_workspace`],
/// in the shared target dir.
pub fn cargo(dir: &Path, args: &[&str], rustflags: Option<&str>) -> Output {
    // `--offline` goes before any `--`, past which arguments are the tool's (clippy's).
    let split = args.iter().position(|a| *a == "--").unwrap_or(args.len());
    let mut command = Command::new(env!("CARGO"));
    command
        .args(&args[..split])
        .arg("--offline")
        .args(&args[split..])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir().join("target"));
    if let Some(flags) = rustflags {
        command.env("RUSTFLAGS", flags);
    }
    command.output().expect("cargo runs")
}

/// Writes `files` as a crate and runs `cargo check` on it with warnings denied, for every
/// feature.
#[track_caller]
pub fn check_compiles(name: &str, files: &[OutputFile]) {
    let dir = write_crate(name, files);
    let output = cargo(
        &dir,
        &["check", "--all-features", "--lib", "--quiet"],
        Some("-D warnings"),
    );
    assert!(
        output.status.success(),
        "the {name} crate does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Writes `files` as the crate `name` with `source` as its integration test `tests/TEST.rs`,
/// and runs that test with every feature on; fails with cargo's output when it does not pass.
#[track_caller]
pub fn run_crate_test(name: &str, files: &[OutputFile], test: &str, source: &str) {
    let dir = write_crate(name, files);
    std::fs::create_dir_all(dir.join("tests")).expect("mkdir");
    std::fs::write(dir.join(format!("tests/{test}.rs")), source).expect("write");
    let output = cargo(
        &dir,
        &["test", "--all-features", "--test", test, "--quiet"],
        None,
    );
    assert!(
        output.status.success(),
        "the {name} {test} tests fail:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
