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
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::copy(lock, dir.join("Cargo.lock")).expect("lock file");
    let mut manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
    manifest.push_str("\n[workspace]\n");
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest");
    dir
}

/// Runs `cargo ARGS --offline` in a crate written by [`write_crate`], in the shared target dir.
pub fn cargo(dir: &Path, args: &[&str], rustflags: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(args)
        .arg("--offline")
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
