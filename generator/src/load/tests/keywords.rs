//! Rules 3 and 5, and keywords that do not apply to the declared type.

use serde_json::json;

use super::{assert_json, at, load_clean};

#[test]
fn type_lists_become_nullable_or_any_of() {
    let spec = load_clean(
        r##"
components:
  schemas:
    A: {type: [string, 'null'], description: a}
    B: {type: ['null']}
    C: {type: [string, integer, 'null'], description: c}
    D: {type: 'null'}
    E: {type: [integer]}
    F: {type: string, nullable: true}
"##,
    );
    let schemas = at(&spec, "/components/schemas");
    assert_json(
        &schemas["A"],
        json!({"type": "string", "nullable": true, "description": "a"}),
    );
    assert_json(&schemas["B"], json!({"nullable": true}));
    assert_json(
        &schemas["C"],
        json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true, "description": "c"}),
    );
    assert_json(&schemas["D"], json!({"nullable": true}));
    assert_json(&schemas["E"], json!({"type": "integer"}));
    assert_json(&schemas["F"], json!({"type": "string", "nullable": true}));
}

#[test]
fn property_names_are_not_keywords() {
    let spec = load_clean(
        r##"
components:
  schemas:
    A:
      type: object
      properties:
        type: {type: [string, 'null']}
        nullable: {type: boolean}
        additionalProperties: {type: boolean}
        const: {type: string}
        examples: {type: array, items: {type: string}}
      example: {type: [1, 2], const: x, examples: [a]}
"##,
    );
    assert_json(
        at(&spec, "/components/schemas/A"),
        json!({
            "type": "object",
            "properties": {
                "type": {"type": "string", "nullable": true},
                "nullable": {"type": "boolean"},
                "additionalProperties": {"type": "boolean"},
                "const": {"type": "string"},
                "examples": {"type": "array", "items": {"type": "string"}}
            },
            "example": {"type": [1, 2], "const": "x", "examples": ["a"]}
        }),
    );
}

#[test]
fn const_becomes_a_one_value_enum() {
    let spec = load_clean(
        r##"
components:
  schemas:
    Kind: {type: string, const: invoice, description: k}
"##,
    );
    assert_json(
        at(&spec, "/components/schemas/Kind"),
        json!({"type": "string", "enum": ["invoice"], "x-codat-const": true, "description": "k"}),
    );
}

#[test]
fn numeric_exclusive_bounds_become_boolean_ones() {
    let spec = load_clean(
        r##"
components:
  schemas:
    A: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 100}
    B: {type: integer, minimum: 5, exclusiveMinimum: 0}
    C: {type: integer, minimum: 0, exclusiveMinimum: 3}
    D: {type: number, minimum: 0, exclusiveMinimum: true}
"##,
    );
    let schemas = at(&spec, "/components/schemas");
    assert_json(
        &schemas["A"],
        json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 100, "exclusiveMaximum": true}),
    );
    assert_json(&schemas["B"], json!({"type": "integer", "minimum": 5}));
    assert_json(
        &schemas["C"],
        json!({"type": "integer", "minimum": 3, "exclusiveMinimum": true}),
    );
    assert_json(
        &schemas["D"],
        json!({"type": "number", "minimum": 0, "exclusiveMinimum": true}),
    );
}

#[test]
fn schema_examples_gain_example_and_keep_their_list_but_media_type_examples_stay() {
    let spec = load_clean(
        r##"
paths:
  /a:
    get:
      parameters:
        - name: q
          in: query
          schema: {type: string, examples: [x, y]}
          examples:
            one: {value: x}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: string}
                examples:
                  First: {id: '1'}
              examples:
                first: {value: {id: '1'}}
components:
  schemas:
    A: {type: string, example: kept, examples: [listed]}
    B:
      type: object
      examples:
        Named: {value: {id: '2'}, summary: s}
"##,
    );
    assert_json(
        at(&spec, "/paths/~1a/get/parameters/0"),
        json!({"name": "q", "in": "query", "schema": {"type": "string", "examples": ["x", "y"], "example": "x"}, "examples": {"one": {"value": "x"}}}),
    );
    let media = at(
        &spec,
        "/paths/~1a/get/responses/200/content/application~1json",
    );
    assert_json(
        &media["schema"],
        json!({"type": "object", "properties": {"id": {"type": "string"}}, "example": {"id": "1"}}),
    );
    assert_json(&media["examples"], json!({"first": {"value": {"id": "1"}}}));
    assert_json(
        at(&spec, "/components/schemas/A"),
        json!({"type": "string", "example": "kept", "examples": ["listed"]}),
    );
    assert_json(
        at(&spec, "/components/schemas/B"),
        json!({"type": "object", "example": {"id": "2"}}),
    );
}

#[test]
fn untyped_object_schemas_get_type_object() {
    let spec = load_clean(
        r##"
components:
  schemas:
    A:
      title: A
      properties:
        id: {type: string}
    B: {additionalProperties: {type: string}}
    C: {required: [id]}
"##,
    );
    let schemas = at(&spec, "/components/schemas");
    assert_json(
        &schemas["A"],
        json!({"title": "A", "type": "object", "properties": {"id": {"type": "string"}}}),
    );
    assert_json(
        &schemas["B"],
        json!({"type": "object", "additionalProperties": {"type": "string"}}),
    );
    assert_json(&schemas["C"], json!({"required": ["id"]}));
    assert!(matches!(
        spec.openapi.components.as_ref().map(|c| &c.schemas["A"]),
        Some(openapiv3::ReferenceOr::Item(openapiv3::Schema {
            schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::Object(_)),
            ..
        }))
    ));
}

#[test]
fn constraints_for_other_types_are_set_aside() {
    let spec = load_clean(
        r##"
components:
  schemas:
    Keys: {type: array, items: {type: string}, minLength: 1}
    Mappings: {type: array, items: {type: string}, additionalProperties: false, minItems: 1}
    Name: {type: string, minLength: 1, minimum: 3}
"##,
    );
    let schemas = at(&spec, "/components/schemas");
    assert_json(
        &schemas["Keys"],
        json!({"type": "array", "items": {"type": "string"}, "x-codat-ignored": {"minLength": 1}}),
    );
    assert_json(
        &schemas["Mappings"],
        json!({"type": "array", "items": {"type": "string"}, "minItems": 1, "x-codat-ignored": {"additionalProperties": false}}),
    );
    assert_json(
        &schemas["Name"],
        json!({"type": "string", "minLength": 1, "x-codat-ignored": {"minimum": 3}}),
    );
    let keys = spec.openapi.components.as_ref().map(|c| &c.schemas["Keys"]);
    assert!(matches!(
        keys,
        Some(openapiv3::ReferenceOr::Item(openapiv3::Schema {
            schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::Array(_)),
            ..
        }))
    ));
}
