//! Every problem is an error naming the file and the pointer, never a panic.

use super::{load, load_err, HEAD};
use std::path::Path;

#[track_caller]
fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(
            message.contains(part),
            "`{message}` does not mention `{part}`"
        );
    }
}

#[test]
fn unresolvable_reference() {
    let message = load_err(
        r##"
components:
  schemas:
    A:
      type: object
      properties:
        b: {$ref: '#/components/schemas/A/definitions/missing'}
"##,
    );
    assert_mentions(
        &message,
        &[
            "test.yaml",
            "/components/schemas/A/properties/b",
            "#/components/schemas/A/definitions/missing",
        ],
    );
}

#[test]
fn missing_component() {
    let message = load_err(
        r##"
components:
  schemas:
    A: {type: array, items: {$ref: '#/components/schemas/Nope'}}
"##,
    );
    assert_mentions(
        &message,
        &[
            "test.yaml",
            "/components/schemas/A/items",
            "#/components/schemas/Nope",
        ],
    );
}

#[test]
fn external_reference() {
    let message = load_err(
        r##"
components:
  schemas:
    A: {$ref: 'other.yaml#/components/schemas/B'}
"##,
    );
    assert_mentions(
        &message,
        &[
            "test.yaml",
            "/components/schemas/A",
            "other.yaml#/components/schemas/B",
            "local",
        ],
    );
}

#[test]
fn reference_of_the_wrong_kind() {
    let message = load_err(
        r##"
paths:
  /a:
    get:
      parameters:
        - $ref: '#/components/schemas/A'
      responses:
        '200': {description: OK}
components:
  schemas:
    A: {type: string}
"##,
    );
    assert_mentions(
        &message,
        &["/paths/~1a/get/parameters/0", "components/parameters"],
    );
}

#[test]
fn reference_cycle() {
    let message = load_err(
        r##"
components:
  schemas:
    A:
      type: object
      properties:
        list: {$ref: '#/components/schemas/A/definitions/list'}
      definitions:
        list:
          type: array
          items: {$ref: '#/components/schemas/A/definitions/list'}
"##,
    );
    assert_mentions(
        &message,
        &[
            "test.yaml",
            "/components/schemas/A/definitions/list/items",
            "cycle",
        ],
    );
}

#[test]
fn yaml_syntax_error() {
    let text = format!("{HEAD}paths:\n  /a: [unclosed\n");
    let error = super::super::load_str(Path::new("test.yaml"), &text).map(drop);
    let message = match error {
        Err(e @ crate::error::GenError::Syntax { .. }) => e.to_string(),
        other => panic!("expected a syntax error, got {other:?}"),
    };
    assert_mentions(&message, &["test.yaml", "line 5"]);
}

#[test]
fn schema_openapiv3_cannot_read() {
    let message = load_err(
        r##"
components:
  schemas:
    A:
      type: object
      properties:
        b:
          type: object
          properties:
            c: {type: 5}
"##,
    );
    assert_mentions(
        &message,
        &[
            "test.yaml",
            "/components/schemas/A/properties/b/properties/c",
            "invalid type",
        ],
    );
}

#[test]
fn openapiv3_errors_point_into_the_document_as_written() {
    // The property is copied into `Copy` before openapiv3 sees it: the error names the original.
    let message = load_err(
        r##"
components:
  schemas:
    A:
      type: object
      properties:
        b: {type: string, maxLength: -1}
    Copy:
      type: object
      properties:
        c: {$ref: '#/components/schemas/A/properties/b'}
"##,
    );
    assert_mentions(&message, &["/components/schemas/A/properties/b"]);
}

#[test]
fn missing_required_field() {
    let message = load_err(
        r##"
paths:
  /a:
    get:
      responses:
        '200': {content: {}}
"##,
    );
    assert_mentions(&message, &["/paths/~1a/get/responses/200", "description"]);
}

#[test]
fn not_openapi_3() {
    let error = super::super::load_str(
        Path::new("swagger.yaml"),
        "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n",
    );
    let message = error
        .map(drop)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_mentions(&message, &["swagger.yaml", "3.0"]);
}

#[test]
fn bad_type_list_entry() {
    let message = load_err("components:\n  schemas:\n    A: {type: [string, 3]}\n");
    assert_mentions(&message, &["/components/schemas/A/type/1"]);
}

#[test]
fn loads_when_nothing_is_wrong() {
    let spec = load("components:\n  schemas:\n    A: {type: string}\n");
    assert!(spec.warnings.is_empty());
}
