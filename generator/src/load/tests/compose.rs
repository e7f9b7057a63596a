//! Rule 6: one kind per schema, so openapiv3 drops nothing beside a composite.

use serde_json::json;

use super::{assert_json, at, load_clean};

#[test]
fn moves_the_object_part_beside_all_of_into_a_last_member() {
    let spec = load_clean(
        r##"
components:
  schemas:
    Base: {type: object, properties: {id: {type: string}}}
    Order:
      title: Order
      description: An order.
      type: object
      nullable: true
      x-internal: true
      allOf:
        - $ref: '#/components/schemas/Base'
      properties:
        total: {type: number}
      required: [total]
      additionalProperties: false
      example: {id: '1', total: 2}
"##,
    );
    assert_json(
        at(&spec, "/components/schemas/Order"),
        json!({
            "title": "Order",
            "description": "An order.",
            "nullable": true,
            "x-internal": true,
            "allOf": [
                {"$ref": "#/components/schemas/Base"},
                {
                    "type": "object",
                    "properties": {"total": {"type": "number"}},
                    "required": ["total"],
                    "additionalProperties": false
                }
            ],
            "example": {"id": "1", "total": 2}
        }),
    );
}

#[test]
fn wraps_one_of_beside_properties_in_all_of() {
    let spec = load_clean(
        r##"
components:
  schemas:
    Contact:
      description: A contact.
      type: object
      properties:
        name: {type: string}
      oneOf:
        - {required: [email]}
        - {required: [phone]}
      discriminator: {propertyName: name}
"##,
    );
    assert_json(
        at(&spec, "/components/schemas/Contact"),
        json!({
            "description": "A contact.",
            "allOf": [
                {"type": "object", "properties": {"name": {"type": "string"}}},
                {"oneOf": [{"required": ["email"]}, {"required": ["phone"]}]}
            ],
            "discriminator": {"propertyName": "name"}
        }),
    );
}

#[test]
fn drops_a_lone_type_object_beside_a_composite() {
    let spec = load_clean(
        r##"
components:
  schemas:
    A: {type: string}
    B: {type: integer}
    Either:
      type: object
      anyOf:
        - $ref: '#/components/schemas/A'
        - $ref: '#/components/schemas/B'
    Both:
      type: object
      allOf:
        - $ref: '#/components/schemas/A'
"##,
    );
    assert_json(
        at(&spec, "/components/schemas/Either"),
        json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]}),
    );
    assert_json(
        at(&spec, "/components/schemas/Both"),
        json!({"allOf": [{"$ref": "#/components/schemas/A"}]}),
    );
}

#[test]
fn joins_several_composites_under_all_of() {
    let spec = load_clean(
        r##"
components:
  schemas:
    A: {type: object, properties: {a: {type: string}}}
    B: {type: object, properties: {b: {type: string}}}
    Mixed:
      allOf:
        - $ref: '#/components/schemas/A'
      oneOf:
        - $ref: '#/components/schemas/B'
        - {type: object, properties: {c: {type: string}}}
"##,
    );
    assert_json(
        at(&spec, "/components/schemas/Mixed"),
        json!({
            "allOf": [
                {"$ref": "#/components/schemas/A"},
                {"oneOf": [
                    {"$ref": "#/components/schemas/B"},
                    {"type": "object", "properties": {"c": {"type": "string"}}}
                ]}
            ]
        }),
    );
    assert!(matches!(
        spec.openapi
            .components
            .as_ref()
            .map(|c| &c.schemas["Mixed"]),
        Some(openapiv3::ReferenceOr::Item(openapiv3::Schema {
            schema_kind: openapiv3::SchemaKind::AllOf { .. },
            ..
        }))
    ));
}
