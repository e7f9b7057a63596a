//! Rules 4, 7 and 8: boolean schemas, byte-order marks, OpenAPI 3.1 documents.

use serde_json::json;

use super::{assert_json, at, load, warning};

#[test]
fn boolean_schemas() {
    let spec = load(
        r##"
components:
  schemas:
    Connection:
      type: object
      properties:
        id: {type: string}
        additionalProperties: false
        anything: true
      required: [id, additionalProperties]
    Closed:
      type: object
      additionalProperties: false
    Open:
      type: object
      additionalProperties: true
    Never:
      type: array
      items: false
"##,
    );
    let schemas = at(&spec, "/components/schemas");
    assert_json(
        &schemas["Connection"],
        json!({
            "type": "object",
            "properties": {"id": {"type": "string"}, "anything": {}},
            "required": ["id"]
        }),
    );
    assert_json(
        &schemas["Closed"],
        json!({"type": "object", "additionalProperties": false}),
    );
    assert_json(
        &schemas["Open"],
        json!({"type": "object", "additionalProperties": true}),
    );
    // Only the empty list: its items are typed as any JSON, not as the unsatisfiable `not`.
    assert_json(&schemas["Never"], json!({"type": "array", "items": {}}));
    assert_eq!(
        spec.warnings,
        [warning(
            "/components/schemas/Connection/properties/additionalProperties",
            "property `additionalProperties` has the schema `false` (probably a misplaced \
                 `additionalProperties: false`); the property is dropped",
        ),]
    );
}

#[test]
fn strips_byte_order_marks_from_text_but_not_from_examples() {
    let spec = load(
        "components:\n  schemas:\n    A:\n      title: \"\\uFEFFTitle\"\n      description: \"\\uFEFFIn Codat\\uFEFF, a company\"\n      type: string\n      example: \"\\uFEFFdata\"\n",
    );
    assert_json(
        at(&spec, "/components/schemas/A"),
        json!({"title": "Title", "description": "In Codat, a company", "type": "string", "example": "\u{feff}data"}),
    );
}

#[test]
fn accepts_openapi_3_1_and_normalizes_webhooks() {
    let spec = load(
        r##"
webhooks:
  company.deleted:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                id: {type: [string, 'null']}
      responses:
        '200': {description: OK}
"##,
    );
    assert_eq!(spec.openapi.openapi, "3.1.0");
    assert_json(
        at(&spec, "/webhooks/company.deleted/post/requestBody/content/application~1json/schema/properties/id"),
        json!({"type": "string", "nullable": true}),
    );
}

#[test]
fn warns_about_keywords_openapiv3_ignores() {
    let spec = load(
        r##"
components:
  schemas:
    Tags:
      type: object
      if: {required: [a]}
      propertyNames: {pattern: '^.{1,27}$'}
"##,
    );
    assert_eq!(
        spec.warnings,
        [warning(
            "/components/schemas/Tags/if",
            "`if` is not supported; the generated type does not reflect it",
        )]
    );
    // Kept in `raw` all the same.
    assert!(at(&spec, "/components/schemas/Tags/propertyNames").is_object());
}

#[test]
fn keeps_document_order() {
    let spec = load(
        r##"
components:
  schemas:
    Zebra: {type: object, properties: {z: {type: string}, a: {type: string}}}
    Apple: {type: string}
"##,
    );
    let names: Vec<&String> = at(&spec, "/components/schemas")
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    assert_eq!(names, ["Zebra", "Apple"]);
    let properties: Vec<&String> = spec
        .openapi
        .components
        .as_ref()
        .and_then(|c| match &c.schemas["Zebra"] {
            openapiv3::ReferenceOr::Item(openapiv3::Schema {
                schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)),
                ..
            }) => Some(o.properties.keys().collect()),
            _ => None,
        })
        .unwrap_or_default();
    assert_eq!(properties, ["z", "a"]);
}

#[test]
fn reads_json_too() {
    let spec = super::super::load_str(
        std::path::Path::new("spec.json"),
        r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "OK"}}}}}}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(spec.openapi.paths.paths.len(), 1);
}
