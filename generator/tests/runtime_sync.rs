//! The runtime a generated crate gets is the runtime that is tested: a vendored copy has every
//! file of runtime/src and its dependencies, and a crate on the runtime crate gets its version
//! and the versions of the dependencies it names from the runtime's manifest.

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

/// The `[dependencies]` of the manifest generated for a small spec with `runtime`.
fn generated_dependencies(runtime: generator::RuntimeSource) -> BTreeSet<String> {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";
    let loaded = generator::load::load_str(Path::new("openapi.yaml"), spec).unwrap();
    let options = generator::CrateOptions {
        runtime,
        ..generator::CrateOptions::new("t-sdk", "0.1.0")
    };
    let files = generator::generate(&loaded, &options).unwrap().files;
    let manifest = files
        .iter()
        .find(|f| f.path == Path::new("Cargo.toml"))
        .expect("a Cargo.toml");
    dependency_names(&manifest.contents)
}

#[test]
fn a_vendored_runtime_brings_all_its_dependencies() {
    let runtime = std::fs::read_to_string(runtime_dir().join("Cargo.toml")).unwrap();
    assert_eq!(
        generated_dependencies(generator::RuntimeSource::Vendored),
        dependency_names(&runtime)
    );
}

#[test]
fn a_crate_on_the_runtime_crate_lists_it_and_what_generated_code_names() {
    let runtime = std::fs::read_to_string(runtime_dir().join("Cargo.toml")).unwrap();
    let direct: BTreeSet<String> = generator::runtime_files::DIRECT_DEPENDENCIES
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert!(
        direct.is_subset(&dependency_names(&runtime)),
        "every direct dependency is one of the runtime's, so the runtime gives its version"
    );
    let mut expected = direct;
    expected.insert("codat-runtime".to_owned());
    assert_eq!(
        generated_dependencies(generator::RuntimeSource::Crate { path: None }),
        expected
    );
}

#[test]
fn the_runtime_version_is_its_package_version() {
    let runtime: toml::Table =
        toml::from_str(&std::fs::read_to_string(runtime_dir().join("Cargo.toml")).unwrap())
            .unwrap();
    assert_eq!(
        generator::runtime_files::version(),
        runtime["package"]["version"].as_str().unwrap()
    );
}
