//! Rule 2: keywords beside a `$ref` survive.

use serde_json::json;

use super::{assert_json, at, load_clean};

#[test]
fn wraps_schema_references_with_siblings_in_all_of() {
    let spec = load_clean(
        r##"
components:
  schemas:
    DateTime: {type: string, format: date-time}
    Reference: {type: object, properties: {id: {type: string}}}
    Company:
      type: object
      properties:
        lastSync:
          $ref: '#/components/schemas/DateTime'
          nullable: true
          description: Last sync.
        parent:
          $ref: '#/components/schemas/Reference'
          x-internal: true
        created:
          $ref: '#/components/schemas/DateTime'
          type: string
        plain:
          $ref: '#/components/schemas/DateTime'
"##,
    );
    assert_json(
        at(&spec, "/components/schemas/Company/properties"),
        json!({
            "lastSync": {
                "allOf": [{"$ref": "#/components/schemas/DateTime"}],
                "nullable": true,
                "description": "Last sync."
            },
            "parent": {
                "allOf": [{"$ref": "#/components/schemas/Reference"}],
                "x-internal": true
            },
            // `type: string` beside a string says nothing: the reference stays bare.
            "created": {"$ref": "#/components/schemas/DateTime"},
            "plain": {"$ref": "#/components/schemas/DateTime"}
        }),
    );
}

#[test]
fn moves_required_beside_a_reference_into_an_object_member() {
    let spec = load_clean(
        r##"
components:
  schemas:
    Named: {type: object, properties: {name: {type: string}}}
    Order:
      $ref: '#/components/schemas/Named'
      required: [name]
"##,
    );
    assert_json(
        at(&spec, "/components/schemas/Order"),
        json!({
            "allOf": [
                {"$ref": "#/components/schemas/Named"},
                {"type": "object", "required": ["name"]}
            ]
        }),
    );
}

#[test]
fn inlines_non_schema_references_with_siblings() {
    let spec = load_clean(
        r##"
paths:
  /a:
    get:
      parameters:
        - $ref: '#/components/parameters/companyId'
          description: Overridden.
      responses:
        '404':
          $ref: '#/components/responses/NotFound'
          description: No such company.
components:
  parameters:
    companyId: {name: companyId, in: path, required: true, description: Id., schema: {type: string}}
  responses:
    NotFound:
      description: Not found.
      content:
        application/json:
          schema: {type: string}
"##,
    );
    assert_json(
        at(&spec, "/paths/~1a/get/parameters/0"),
        json!({"name": "companyId", "in": "path", "required": true, "description": "Overridden.", "schema": {"type": "string"}}),
    );
    assert_json(
        at(&spec, "/paths/~1a/get/responses/404"),
        json!({"description": "No such company.", "content": {"application/json": {"schema": {"type": "string"}}}}),
    );
}
