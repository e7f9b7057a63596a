//! The Markdown docs rendered for a small spec written for the test: the README lists every
//! operation with links, group pages carry one Rust example per named body example, deprecated
//! operations are struck through with their replacement linked, and model pages have their tables.

use std::path::Path;

use generator::CrateOptions;

const SPEC: &str = r##"
openapi: 3.1.0
info: {title: Pets API, summary: Pets for everyone, version: '1', description: "Manage pets.\n\n---\nTag table"}
servers: [{url: 'https://pets.example'}]
tags:
  - {name: Pets, description: "Create and list **pets**."}
paths:
  /pets:
    post:
      operationId: create-pet
      summary: Create pet
      tags: [Pets]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
            examples:
              Cat: {value: {name: Tom, kind: cat, tags: [a, b]}}
              Dog: {value: {name: Rex, kind: dog}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
        '400': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/ErrorMessage'}}}}
    get:
      operationId: list-pets
      summary: List pets
      tags: [Pets]
      parameters:
        - {name: page, in: query, schema: {type: integer, format: int32}, example: 2}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}
  /old-pets:
    get:
      operationId: list-old-pets
      summary: List pets (old)
      deprecated: true
      x-speakeasy-deprecation-replacement: list-pets
      tags: [Pets]
      responses:
        '200':
          description: ok
components:
  schemas:
    Pet:
      type: object
      description: "A pet.\nIt | has a pipe."
      required: [name]
      properties:
        name: {type: string, description: "The name.\nSecond line.", example: Tom}
        kind: {$ref: '#/components/schemas/Kind'}
        tags: {type: array, items: {type: string}}
        legacyId: {type: string, deprecated: true}
    Kind:
      type: string
      enum: [cat, dog]
    ErrorMessage:
      type: object
      properties:
        error: {type: string}
"##;

fn render() -> Vec<(String, String)> {
    let spec = generator::load::load_str(Path::new("pets.yaml"), SPEC).expect("spec loads");
    let options = CrateOptions {
        name: "pets-sdk".to_owned(),
        version: "1.2.3".to_owned(),
    };
    generator::generate(&spec, &options)
        .expect("generates")
        .files
        .into_iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "md"))
        .map(|f| (f.path.to_string_lossy().replace('\\', "/"), f.contents))
        .collect()
}

fn page<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, c)| c.as_str())
        .unwrap_or_else(|| {
            let all: Vec<&String> = files.iter().map(|(p, _)| p).collect();
            panic!("no {path} among {all:?}")
        })
}

#[test]
fn the_tree_has_the_reference_layout() {
    let files = render();
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    for expected in [
        "README.md",
        "docs/sdks/pets/README.md",
        "docs/models/shared/pet.md",
        "docs/models/shared/kind.md",
        "docs/models/operations/listpetsrequest.md",
        "docs/models/errors/error.md",
        "docs/models/utils/retryconfig.md",
        "docs/models/utils/requestoptions.md",
    ] {
        assert!(
            paths.contains(&expected),
            "{expected} missing from {paths:?}"
        );
    }
}

#[test]
fn readme_lists_operations_and_sections() {
    let files = render();
    let readme = page(&files, "README.md");
    assert!(readme.contains("# pets-sdk\n"));
    assert!(readme.contains("Pets API: Pets for everyone\n\nManage pets."));
    assert!(!readme.contains("Tag table"), "the spec's tag table is cut");
    assert!(readme.contains("cargo add pets-sdk\n"));
    assert!(readme.contains("* [create_pet](docs/sdks/pets/README.md#create_pet) - Create pet"));
    assert!(readme.contains(
        "* [~~list_old_pets~~](docs/sdks/pets/README.md#list_old_pets) - List pets (old) :warning: **Deprecated**: use [pets().list_pets()](docs/sdks/pets/README.md#list_pets) instead"
    ));
    for key in [
        "usage",
        "operations",
        "retries",
        "errors",
        "server",
        "http-client",
        "security",
        "hooks",
        "debug",
    ] {
        assert_eq!(
            readme.matches(&format!(" [{key}] -->")).count(),
            2,
            "{key} delimiters"
        );
    }
    assert!(readme.contains("| `ErrorMessage` |"));
    assert!(readme.contains("use pets_sdk::PetsSdk;"));
}

#[test]
fn group_page_has_one_example_per_named_example() {
    let files = render();
    let pets = page(&files, "docs/sdks/pets/README.md");
    assert!(pets.contains("## Overview\n\nCreate and list **pets**."));
    assert!(pets.contains("### Example Usage: Cat\n"));
    assert!(pets.contains("### Example Usage: Dog\n"));
    assert!(pets.contains("name: \"Tom\".to_owned()"));
    assert!(pets.contains("kind: Some(shared::Kind::Cat)"));
    assert!(pets.contains("tags: Some(vec![\"a\".to_owned(), \"b\".to_owned()])"));
    // A parameter example fills the request.
    assert!(pets.contains("page: Some(2)"));
    assert!(pets.contains("## ~~list_old_pets~~"));
    assert!(pets.contains("> :warning: **DEPRECATED**:"));
    assert!(pets.contains("Use [pets().list_pets()](#list_pets) instead."));
    assert!(pets.contains("#[allow(deprecated)]"));
    assert!(pets.contains("| `page` | query | Option&lt;i32&gt; | :heavy_minus_sign: |"));
    assert!(pets.contains("**Vec&lt;[shared::Pet](../../models/shared/pet.md)&gt;**"));
    assert!(pets.contains("| 400 | application/json |"));
    // Every snippet parses as Rust (the crate compiles them as doctests).
    for block in pets.split("```rust\n").skip(1) {
        let code = block.split("\n```").next().unwrap();
        syn::parse_file(code).unwrap_or_else(|e| panic!("{e}: {code}"));
    }
}

#[test]
fn model_pages_have_compact_tables() {
    let files = render();
    let pet = page(&files, "docs/models/shared/pet.md");
    assert!(
        pet.contains("A pet.\nIt | has a pipe."),
        "description keeps its Markdown"
    );
    assert!(pet.contains(
        "| `name` | String | :heavy_check_mark: | The name.<br/>Second line. | `\"Tom\"` |"
    ));
    assert!(pet.contains("| `kind` | Option&lt;[shared::Kind](../../models/shared/kind.md)&gt; |"));
    assert!(pet.contains("| ~~`legacy_id`~~ |"));
    let kind = page(&files, "docs/models/shared/kind.md");
    assert!(kind.contains("## Values"));
    assert!(kind.contains("| `Cat` | `cat` |"));
}

#[test]
fn rendering_is_deterministic() {
    assert_eq!(render(), render());
}
