//! Branding: the output names the publisher the spec (`info.contact.name`, `externalDocs`,
//! `info.license`) or the options name, escaped for TOML, Rust docs and Markdown, and none when
//! neither does: no spec becomes a crate "for Codat".

use std::path::Path;

use generator::emit::OutputFile;
use generator::{CrateOptions, PackageMetadata};

/// A spec with webhooks (whose docs name the sender) and no publisher.
const ANONYMOUS: &str = r#"openapi: 3.1.0
info:
  title: Pets
  version: '1'
paths:
  /pets:
    get:
      operationId: list-pets
      tags: [Pets]
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: array, items: {type: string}}
webhooks:
  pet.created:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {eventType: {type: string}}}
      responses:
        '200': {description: OK}
"#;

fn generate(yaml: &str, options: &CrateOptions) -> Vec<OutputFile> {
    let loaded = generator::load::load_str(Path::new("pets.yaml"), yaml).expect("loads");
    generator::generate(&loaded, options)
        .unwrap_or_else(|e| panic!("{e}"))
        .files
}

fn file<'a>(files: &'a [OutputFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == Path::new(path))
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}

fn package(files: &[OutputFile]) -> toml::Table {
    let manifest: toml::Table = toml::from_str(file(files, "Cargo.toml")).expect("valid TOML");
    manifest["package"].as_table().expect("[package]").clone()
}

#[test]
fn a_spec_without_a_publisher_is_not_branded() {
    let files = generate(ANONYMOUS, &CrateOptions::new("pets-sdk", "0.1.0"));
    for f in &files {
        // The runtime crate is named `codat-runtime`; nothing else may say Codat.
        let text = f
            .contents
            .replace("codat-runtime", "")
            .replace("codat_runtime", "");
        assert!(
            !text.to_lowercase().contains("codat"),
            "{} names Codat",
            f.path.display()
        );
    }
    let package = package(&files);
    assert_eq!(
        package["description"].as_str(),
        Some("Typed async Rust client for Pets")
    );
    for key in ["license", "repository", "homepage", "documentation"] {
        assert!(!package.contains_key(key), "{key} invented");
    }
    assert!(file(&files, "src/webhooks.rs").contains("An event the API sends"));
}

#[test]
fn the_spec_names_the_publisher_escaped() {
    let spec = ANONYMOUS.replace(
        "  version: '1'\n",
        "  version: '1'\n  contact:\n    name: 'Acme \"*Pets*\" <b>'\n  license:\n    name: MIT OR Apache-2.0\nexternalDocs:\n  url: 'https://acme.example/docs?a=\"1\"'\n",
    );
    let loaded = generator::load::load_str(Path::new("pets.yaml"), &spec).expect("loads");
    let generation =
        generator::generate(&loaded, &CrateOptions::new("pets-sdk", "0.1.0")).expect("generates");
    // The URL holds a quote: dropped with a warning naming it.
    assert!(generation
        .warnings
        .iter()
        .any(|w| w.pointer == "/externalDocs/url"));
    let files = generation.files;
    let package = package(&files);
    assert_eq!(
        package["description"].as_str(),
        Some("Typed async Rust client for Acme \"*Pets*\" <b>'s Pets")
    );
    assert_eq!(package["license"].as_str(), Some("MIT OR Apache-2.0"));
    assert!(!package.contains_key("homepage"));
    let keywords: Vec<&str> = package["keywords"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|k| k.as_str())
        .collect();
    assert_eq!(keywords, ["acme-pets-b", "api", "sdk", "openapi", "client"]);
    let webhooks = file(&files, "src/webhooks.rs");
    assert!(
        webhooks.contains(r#"/// An event Acme "\*Pets\*" \<b> sends"#),
        "{webhooks}"
    );
    let readme = file(&files, "README.md");
    assert!(readme.contains(r#"Acme "\*Pets\*" \<b>'s webhook documentation"#));
}

#[test]
fn the_options_override_the_spec() {
    let spec = ANONYMOUS.replace(
        "  version: '1'\n",
        "  version: '1'\n  contact:\n    name: Acme\nexternalDocs:\n  url: https://acme.example/docs\n",
    );
    let options = CrateOptions {
        package: PackageMetadata {
            vendor: Some("Codat".into()),
            keywords: Some(vec!["codat".into(), "pets".into()]),
            repository: Some("https://github.com/o/r".into()),
            homepage: Some("https://example.com".into()),
            documentation: Some("https://docs.rs/pets-sdk".into()),
            license: Some("MIT".into()),
        },
        ..CrateOptions::new("pets-sdk", "0.1.0")
    };
    let files = generate(&spec, &options);
    let package = package(&files);
    assert_eq!(
        package["description"].as_str(),
        Some("Typed async Rust client for Codat's Pets")
    );
    assert_eq!(
        package["repository"].as_str(),
        Some("https://github.com/o/r")
    );
    assert_eq!(package["homepage"].as_str(), Some("https://example.com"));
    assert_eq!(
        package["documentation"].as_str(),
        Some("https://docs.rs/pets-sdk")
    );
    assert_eq!(package["license"].as_str(), Some("MIT"));
    assert!(file(&files, "src/lib.rs").contains("/// The runtime every Codat SDK shares"));
}

#[test]
fn bad_options_are_refused() {
    let options = CrateOptions {
        package: PackageMetadata {
            repository: Some("https://x\"\n[evil]".into()),
            ..PackageMetadata::default()
        },
        ..CrateOptions::new("pets-sdk", "0.1.0")
    };
    let loaded = generator::load::load_str(Path::new("pets.yaml"), ANONYMOUS).expect("loads");
    let error = generator::generate(&loaded, &options).expect_err("refused");
    assert!(error.to_string().contains("repository"), "{error}");
}
