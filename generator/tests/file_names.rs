//! Every path the generator makes fits a file system: no component longer than 255 bytes
//! (ext4, APFS and NTFS refuse longer names), whatever the length of the schema names and
//! tags it comes from.

use std::path::Path;

use serde_json::{json, Value};

/// A name of `n` characters that stays one identifier.
fn long(prefix: &str, n: usize) -> String {
    format!("{prefix}{}", "x".repeat(n))
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// A spec with one operation tagged `tag` returning schema `a`, which refers to schema `b`.
/// JSON, since YAML limits implicit keys to 1024 characters.
fn spec(tag: &str, a: &str, b: &str) -> String {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Long", "version": "1"},
        "paths": {"/things": {"get": {
            "operationId": "list-things",
            "tags": [tag],
            "responses": {"200": {"description": "OK", "content": {
                "application/json": {"schema": reference(a)}}}}}}},
        "components": {"schemas": {
            a: {"type": "object", "properties": {"id": {"type": "string"}, "b": reference(b)}},
            b: {"type": "object", "properties": {"id": {"type": "string"}}}}}
    })
    .to_string()
}

#[track_caller]
fn assert_paths_fit(spec: &str) {
    let loaded = generator::load::load_str(Path::new("long.json"), spec).unwrap();
    let options = generator::CrateOptions::new("long-names".to_owned(), "0.1.0".to_owned());
    let files = generator::generate(&loaded, &options).unwrap().files;
    let mut paths: Vec<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    for path in &paths {
        for component in path.components() {
            let length = component.as_os_str().len();
            let shown: String = path.display().to_string().chars().take(120).collect();
            assert!(length <= 255, "{length}-byte component in {shown}...");
        }
    }
    let count = paths.len();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), count, "two files share a path");
}

#[test]
fn long_schema_names_give_short_enough_distinct_model_pages() {
    // The two names differ only past the cut, so their pages need the collision suffix.
    assert_paths_fit(&spec("Things", &long("Thing", 1100), &long("Thing", 1101)));
}

#[test]
fn a_long_tag_gives_short_enough_group_files() {
    assert_paths_fit(&spec(&long("Group", 1100), "Thing", "Other"));
}
