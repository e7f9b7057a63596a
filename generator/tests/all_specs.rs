//! Generates every Codat spec in `../shared/specs/codat` and checks what holds without compiling
//! the output (`cargo xtask test` compiles it): generation succeeds, nothing falls back to
//! `serde_json::Value`, and the constructs other specs brought are typed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use generator::ir::{Api, TypeKind, TypeRef};
use generator::{CrateOptions, Generation};

fn specs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/codat");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("yaml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 20, "expected the 20 Codat specs: {files:?}");
    files
}

fn slug(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
    stem.trim_start_matches("Codat-").to_ascii_lowercase()
}

/// Every spec generated once, shared by the tests.
fn generate_all() -> &'static BTreeMap<String, Generation> {
    static ALL: OnceLock<BTreeMap<String, Generation>> = OnceLock::new();
    ALL.get_or_init(|| {
        specs()
            .iter()
            .map(|spec| {
                let slug = slug(spec);
                let options = CrateOptions::new(format!("codat-{slug}"), "0.0.0".to_owned());
                let generation = generator::generate_from_file(spec, &options)
                    .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
                (slug, generation)
            })
            .collect()
    })
}

fn operation_count(api: &Api) -> usize {
    api.groups.iter().map(|g| g.operations.len()).sum()
}

#[test]
fn every_codat_spec_generates_without_fallbacks() {
    let all = generate_all();
    let mut fallbacks = Vec::new();
    for (slug, generation) in all {
        println!(
            "{slug}: {} operations, {} types, {} warnings",
            operation_count(&generation.api),
            generation.api.types.types.len(),
            generation.warnings.len()
        );
        assert!(
            operation_count(&generation.api) > 0,
            "{slug} has operations"
        );
        assert!(
            generation.files.iter().any(|f| f.path.ends_with("lib.rs")),
            "{slug} has a lib.rs"
        );
        fallbacks.extend(
            generation
                .warnings
                .iter()
                .filter(|w| w.message.starts_with(generator::ir::FALLBACK))
                .map(|w| format!("{slug}: {w}")),
        );
    }
    assert_eq!(
        fallbacks,
        Vec::<String>::new(),
        "no field falls back to serde_json::Value"
    );
}

/// Path and query parameters are rendered with `Display`, which an untagged enum lacks: a
/// `oneOf` of strings (a report id or `latest`) becomes one open string enum. The
/// `union_of_strings` snapshot pins the same rule on a small spec.
#[test]
fn a_union_of_strings_is_an_open_string_enum() {
    let all = generate_all();
    for slug in ["spend-insights", "lending"] {
        let api = &all[slug].api;
        let mut seen = 0;
        for operation in api.groups.iter().flat_map(|g| &g.operations) {
            for param in &operation.params {
                if param.field.wire_name != "reportId" {
                    continue;
                }
                seen += 1;
                // Anything but a named type (a bare `String`, a union) is the regression.
                let TypeRef::Named(id) = &param.field.ty else {
                    panic!(
                        "{slug}: {} `reportId` is {:?}, not a named open string enum",
                        operation.operation_id, param.field.ty
                    );
                };
                let kind = &api.types.get(id).expect("defined").kind;
                assert!(
                    matches!(kind, TypeKind::Enum(_)),
                    "{slug}: {} `reportId` is an open string enum, not {kind:?}",
                    operation.operation_id
                );
            }
        }
        assert!(seen > 0, "{slug} has `reportId` parameters");
    }
}

/// Doc comments carry no tabs (clippy's `tabs_in_doc_comments`).
#[test]
fn generated_docs_have_no_tabs() {
    for (slug, generation) in generate_all() {
        for file in &generation.files {
            let path = file.path.to_string_lossy();
            if !path.ends_with(".rs") {
                continue;
            }
            for (number, line) in file.contents.lines().enumerate() {
                let doc = line.trim_start();
                assert!(
                    !(doc.starts_with("///") || doc.starts_with("//!")) || !doc.contains('\t'),
                    "{slug}/{path}:{}: a tab in a doc comment",
                    number + 1
                );
            }
        }
    }
}
