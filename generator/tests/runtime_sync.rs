//! The runtime the generator copies is the runtime that is tested: every file of runtime/src is
//! copied, and the generated manifest declares exactly the runtime's dependencies.

use std::collections::BTreeSet;
use std::path::Path;

fn runtime_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../runtime"))
}

#[test]
fn every_runtime_file_is_copied() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(runtime_dir().join("src"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs"))
        .map(|name| {
            if name == "lib.rs" {
                "mod.rs".to_owned()
            } else {
                name
            }
        })
        .collect();
    let copied: BTreeSet<String> = generator::runtime_files::FILES
        .iter()
        .map(|(name, _)| name.to_string())
        .collect();
    assert_eq!(on_disk, copied, "update generator/src/runtime_files.rs");
}

/// Dependency names under `[dependencies]` of a manifest.
fn dependency_names(manifest: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut in_dependencies = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
        } else if in_dependencies && !line.is_empty() && !line.starts_with('#') {
            if let Some((name, _)) = line.split_once(['=', '.']) {
                names.insert(name.trim().to_owned());
            }
        }
    }
    names
}

#[test]
fn generated_manifest_declares_the_runtime_dependencies() {
    let runtime = std::fs::read_to_string(runtime_dir().join("Cargo.toml")).unwrap();
    let generated = std::fs::read_to_string(runtime_dir().join("dependencies.toml")).unwrap();
    assert_eq!(
        dependency_names(&runtime),
        dependency_names(&generated),
        "runtime/Cargo.toml and runtime/dependencies.toml must list the same dependencies"
    );
}
