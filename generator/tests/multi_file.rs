//! Specs in several files: `$ref`s to other files are followed within the root spec's
//! directory tree (each file read once, references relative to the file they are written in,
//! cycles between files end), and refused, naming the file and pointer, when they leave it,
//! are absolute, or go over the network.

mod support;

use std::path::{Path, PathBuf};

use generator::load::{load_file, load_str};
use generator::CrateOptions;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/multi_file/spec/openapi.yaml")
}

#[test]
fn a_spec_in_several_files_loads_into_local_components() {
    let spec = load_file(&fixture()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(spec.warnings, Vec::new());
    let schemas = spec.raw["components"]["schemas"]
        .as_object()
        .expect("schemas");
    let names: Vec<&str> = schemas.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["Region", "Pet", "Owner", "Company"],
        "{:#}",
        spec.raw
    );
    assert!(
        spec.raw.get("x-codat-external-files").is_none(),
        "the embedded files are gone"
    );
    assert_eq!(
        spec.raw["components"]["schemas"]["Owner"]["properties"]["pets"]["items"]["$ref"],
        "#/components/schemas/Pet"
    );
    assert_eq!(
        spec.raw["components"]["schemas"]["Company"]["properties"]["region"]["$ref"],
        "#/components/schemas/Region"
    );
}

#[test]
fn a_spec_in_several_files_generates_a_crate_that_compiles() {
    let spec = load_file(&fixture()).unwrap_or_else(|e| panic!("{e}"));
    let options = CrateOptions::new("multi-file-sdk".to_owned(), "0.1.0".to_owned());
    let generation = generator::generate(&spec, &options).unwrap_or_else(|e| panic!("{e}"));
    support::check_compiles("multi-file-sdk", &generation.files);
}

#[test]
fn text_alone_cannot_follow_references_to_other_files() {
    let text = std::fs::read_to_string(fixture()).expect("the fixture reads");
    let error = load_str(Path::new("openapi.yaml"), &text)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("/paths/~1companies~1{companyId}/get/parameters/0"),
        "{error}"
    );
    assert!(error.contains("load it from its file"), "{error}");
}

/// Writes `files` (`(relative path, text)`) into a fresh directory named `name` and loads
/// `dir/root/openapi.yaml`; returns the error message.
fn load_error(name: &str, files: &[(&str, &str)]) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("multi_file")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    match load_file(&dir.join("root/openapi.yaml")) {
        Ok(spec) => panic!("expected an error, loaded {:#}", spec.raw),
        Err(e) => e.to_string(),
    }
}

/// A root spec whose one schema is `{$ref: REF}`.
fn root_referring_to(reference: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\ncomponents:\n  schemas:\n    \
         A: {{$ref: '{reference}'}}\n"
    )
}

#[track_caller]
fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(message.contains(part), "{part:?} not in {message:?}");
    }
}

#[test]
fn references_out_of_the_spec_directory_are_refused() {
    let outside = "type: string\n";
    for (name, reference, why) in [
        ("parent", "../outside.yaml", "outside the spec's directory"),
        (
            "deep_parent",
            "sub/../../outside.yaml",
            "outside the spec's directory",
        ),
        (
            "encoded_parent",
            "%2e%2e/outside.yaml",
            "outside the spec's directory",
        ),
        ("absolute", "/etc/hostname", "not absolute ones"),
        ("file_uri", "file:///etc/hostname", "not URIs"),
        ("http", "http://example.com/a.yaml#/A", "over the network"),
        ("https", "https://example.com/a.yaml", "over the network"),
    ] {
        let root = root_referring_to(reference);
        let message = load_error(
            name,
            &[("root/openapi.yaml", &root), ("outside.yaml", outside)],
        );
        assert_mentions(
            &message,
            &["openapi.yaml", "/components/schemas/A", reference, why],
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_spec_directory_is_refused() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("multi_file/link_target");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("secret.yaml"), "type: string\n").expect("write");
    let root = root_referring_to("link.yaml");
    let spec_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("multi_file/link/root");
    let _ = std::fs::remove_dir_all(&spec_dir);
    std::fs::create_dir_all(&spec_dir).expect("mkdir");
    std::fs::write(spec_dir.join("openapi.yaml"), root).expect("write");
    std::os::unix::fs::symlink(dir.join("secret.yaml"), spec_dir.join("link.yaml")).expect("link");
    let message = load_file(&spec_dir.join("openapi.yaml"))
        .unwrap_err()
        .to_string();
    assert_mentions(&message, &["/components/schemas/A", "symbolic link"]);
}

#[test]
fn errors_in_another_file_name_that_file() {
    let root = root_referring_to("sub/other.yaml#/components/schemas/B");
    let other = "components:\n  schemas:\n    B: {$ref: '#/components/schemas/Nope'}\n";
    let message = load_error(
        "bad_pointer",
        &[("root/openapi.yaml", &root), ("root/sub/other.yaml", other)],
    );
    assert_mentions(
        &message,
        &["sub/other.yaml", "/components/schemas/B", "no such node"],
    );

    let broken = "type: [unclosed\n";
    let message = load_error(
        "bad_syntax",
        &[
            ("root/openapi.yaml", &root_referring_to("broken.yaml")),
            ("root/broken.yaml", broken),
        ],
    );
    assert_mentions(&message, &["broken.yaml", "not valid YAML or JSON"]);

    let message = load_error(
        "missing",
        &[("root/openapi.yaml", &root_referring_to("missing.yaml"))],
    );
    assert_mentions(
        &message,
        &[
            "openapi.yaml",
            "/components/schemas/A",
            "missing.yaml",
            "cannot read",
        ],
    );

    let nested = "type: object\nproperties:\n  up: {$ref: '../../x.yaml'}\n";
    let message = load_error(
        "nested_escape",
        &[
            ("root/openapi.yaml", &root_referring_to("a/b.yaml")),
            ("root/a/b.yaml", nested),
        ],
    );
    assert_mentions(
        &message,
        &["a/b.yaml", "/properties/up", "outside the spec's directory"],
    );
}

#[test]
fn a_cycle_of_files_ends() {
    let root = root_referring_to("a.yaml");
    let a = "type: object\nproperties:\n  b: {$ref: 'b.yaml'}\n";
    let b = "type: object\nproperties:\n  a: {$ref: 'a.yaml'}\n  me: {$ref: '#'}\n";
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("multi_file/cycle/root");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    for (name, text) in [
        ("openapi.yaml", root.as_str()),
        ("a.yaml", a),
        ("b.yaml", b),
    ] {
        std::fs::write(dir.join(name), text).expect("write");
    }
    let spec = load_file(&dir.join("openapi.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let schemas = spec.raw["components"]["schemas"]
        .as_object()
        .expect("schemas");
    assert!(
        schemas.contains_key("A") && schemas.contains_key("B"),
        "{:#}",
        spec.raw
    );
}

#[test]
fn warnings_in_another_file_name_that_file() {
    let root = root_referring_to("schemas/big.yaml");
    let big = "type: object\nproperties:\n  n: {type: integer, default: 123456789012345678901}\n";
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("multi_file/warning/root");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("schemas")).expect("mkdir");
    std::fs::write(dir.join("openapi.yaml"), root).expect("write");
    std::fs::write(dir.join("schemas/big.yaml"), big).expect("write");
    let spec = load_file(&dir.join("openapi.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let pointers: Vec<&str> = spec.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(pointers.len(), 1, "{pointers:?}");
    assert!(
        pointers[0].ends_with("schemas/big.yaml#/properties/n/default"),
        "{pointers:?}"
    );
}
