//! Loads every Codat spec in `../shared/specs` and checks what the load stage promises:
//! no error, every `$ref` in the form `#/components/<kind>/<Name>` and resolving, and the
//! expected warnings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use generator::load::{load_file, pointer, LoadedSpec};
use serde_json::Value;

fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs")
}

fn spec_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["codat", "codat-history"] {
        let dir = specs_dir().join(dir);
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(
        files.len() >= 20,
        "expected the Codat specs, found {files:?}"
    );
    files
}

/// Every `$ref` anywhere in `node` (data included), with its JSON pointer.
fn all_refs(node: &Value, path: &mut Vec<String>, out: &mut Vec<(String, String)>) {
    match node {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref") {
                let reference = reference.as_str().unwrap_or("<not a string>").to_owned();
                out.push((pointer::to_pointer(path), reference));
            }
            for (key, value) in map {
                path.push(key.clone());
                all_refs(value, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                path.push(index.to_string());
                all_refs(value, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn check_refs(spec: &LoadedSpec) {
    let mut refs = Vec::new();
    all_refs(&spec.raw, &mut Vec::new(), &mut refs);
    for (at, reference) in refs {
        let tokens = pointer::parse_ref(&reference);
        let standard = matches!(tokens.as_deref(), Some([c, _, _]) if c == "components");
        assert!(
            standard,
            "{}: at {at}: `$ref: {reference}` is not `#/components/<kind>/<Name>`",
            spec.file.display()
        );
        assert!(
            pointer::resolve(&spec.raw, &reference).is_some(),
            "{}: at {at}: `$ref: {reference}` does not resolve",
            spec.file.display()
        );
    }
}

fn contains_bom(node: &Value) -> bool {
    match node {
        Value::String(s) => s.contains('\u{feff}'),
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.contains('\u{feff}') || contains_bom(v)),
        Value::Array(items) => items.iter().any(contains_bom),
        _ => false,
    }
}

#[test]
fn every_codat_spec_loads() {
    let mut warnings = BTreeMap::new();
    let mut loaded = BTreeMap::new();
    for file in spec_files() {
        let started = Instant::now();
        let spec = load_file(&file).unwrap_or_else(|e| panic!("{e}"));
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_owned();
        println!(
            "{name}: {} warnings, {} ms",
            spec.warnings.len(),
            started.elapsed().as_millis()
        );
        for warning in &spec.warnings {
            println!("  {warning}");
        }
        check_refs(&spec);
        warnings.insert(name.clone(), spec.warnings.clone());
        loaded.insert(name, spec);
    }

    let platform = &loaded["Codat-Platform.yaml"];
    assert_eq!(
        platform.warnings,
        Vec::new(),
        "Platform loads without warnings"
    );
    assert!(!contains_bom(&platform.raw), "no U+FEFF left in Platform");

    for name in [
        "Codat-Common.yaml",
        "Codat-Expenses.yaml",
        "Codat-Bank-Feeds-v2.yaml",
    ] {
        let dropped = warnings[name].iter().any(|w| {
            w.pointer.ends_with("/properties/additionalProperties")
                && w.message
                    .contains("misplaced `additionalProperties: false`")
        });
        assert!(
            dropped,
            "{name} warns about the dropped `additionalProperties` property"
        );
    }
}
