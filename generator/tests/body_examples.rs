//! What the loader reads beyond openapiv3 (webhooks, `info.summary`, schema `examples` lists,
//! explicit `null` examples), the request-body examples the IR computes from it, and the docs
//! `emit_crate` renders from the IR alone.

use std::path::Path;

use generator::ir::{self, Api, BodyExample};
use generator::CrateOptions;
use serde_json::json;

const SPEC: &str = r##"
openapi: 3.1.0
info: {title: Things API, summary: Things for all, version: '1'}
paths:
  /named:
    post:
      operationId: create-named
      tags: [Things]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
            examples:
              Second: {value: {name: Two}}
              First: {$ref: '#/components/examples/One'}
              Empty: {summary: no value here}
              Nothing: {value: null}
      responses: {'200': {description: ok}}
  /single:
    post:
      operationId: create-single
      tags: [Things]
      requestBody:
        $ref: '#/components/requestBodies/Single'
      responses: {'200': {description: ok}}
  /from-schema:
    post:
      operationId: create-from-schema
      tags: [Things]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses: {'200': {description: ok}}
  /null:
    post:
      operationId: create-null
      tags: [Things]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
            example: null
      responses: {'200': {description: ok}}
  /none:
    get:
      operationId: list-things
      tags: [Things]
      responses: {'200': {description: ok}}
webhooks:
  thing.created:
    post:
      description: A thing was created.
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses: {'200': {description: ok}}
components:
  examples:
    One: {value: {name: One}}
  requestBodies:
    Single:
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Thing'}
          example: {name: Single}
  schemas:
    Thing:
      type: object
      required: [name]
      properties:
        name: {type: string, examples: [a, b]}
      example: {name: Schema}
"##;

fn load() -> generator::load::LoadedSpec {
    generator::load::load_str(Path::new("things.yaml"), SPEC).expect("spec loads")
}

fn lower() -> Api {
    ir::lower(&load()).expect("spec lowers").0
}

fn examples(api: &Api, operation_id: &str) -> Vec<BodyExample> {
    api.groups
        .iter()
        .flat_map(|g| &g.operations)
        .find(|op| op.operation_id == operation_id)
        .unwrap_or_else(|| panic!("no operation {operation_id}"))
        .body_examples
        .clone()
}

fn example(name: Option<&str>, value: serde_json::Value) -> BodyExample {
    BodyExample {
        name: name.map(str::to_owned),
        value,
    }
}

#[test]
fn the_loader_reads_what_openapiv3_does_not() {
    let spec = load();
    assert_eq!(spec.extras.summary.as_deref(), Some("Things for all"));
    let names: Vec<&str> = spec
        .extras
        .webhooks
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(names, ["thing.created"]);
    assert_eq!(
        spec.extras
            .examples_list("/components/schemas/Thing/properties/name"),
        Some(&[json!("a"), json!("b")][..])
    );
    assert!(spec
        .extras
        .is_null_example("/paths/~1null/post/requestBody/content/application~1json/example"));
    assert!(!spec
        .extras
        .is_null_example("/components/requestBodies/Single/content/application~1json/example"));
}

#[test]
fn named_examples_come_in_spec_order_with_references_followed() {
    assert_eq!(
        examples(&lower(), "create-named"),
        [
            example(Some("Second"), json!({"name": "Two"})),
            example(Some("First"), json!({"name": "One"})),
            example(Some("Nothing"), serde_json::Value::Null),
        ]
    );
}

#[test]
fn the_single_example_of_a_referenced_body_is_used() {
    assert_eq!(
        examples(&lower(), "create-single"),
        [example(None, json!({"name": "Single"}))]
    );
}

#[test]
fn the_schema_example_is_the_fallback() {
    assert_eq!(
        examples(&lower(), "create-from-schema"),
        [example(None, json!({"name": "Schema"}))]
    );
}

#[test]
fn an_explicit_null_example_is_kept() {
    assert_eq!(
        examples(&lower(), "create-null"),
        [example(None, serde_json::Value::Null)]
    );
    assert!(examples(&lower(), "list-things").is_empty());
}

#[test]
fn emit_crate_alone_shows_body_examples_in_the_docs() {
    // Before the IR carried body examples, `emit_crate` (without the raw spec) showed placeholders.
    let options = CrateOptions::new("things-sdk".to_owned(), "1.0.0".to_owned());
    let api = lower();
    let files = generator::emit::emit_crate(&api, &options).expect("emits");
    let page = files
        .iter()
        .find(|f| f.path == Path::new("docs/sdks/things/README.md"))
        .expect("group page");
    for value in ["\"Two\"", "\"One\"", "\"Single\"", "\"Schema\""] {
        assert!(
            page.contents.contains(value),
            "{value} missing from\n{}",
            page.contents
        );
    }
    let generated = generator::generate(&load(), &options).expect("generates");
    assert_eq!(
        files, generated.files,
        "emit_crate and generate render the same crate"
    );
}
