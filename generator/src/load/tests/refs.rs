//! Rule 1: every `$ref` ends up as `#/components/<kind>/<Name>`.

use serde_json::json;

use super::{assert_json, at, load_clean};

#[test]
fn hoists_a_definition_and_points_both_places_at_it() {
    let spec = load_clean(
        r##"
components:
  schemas:
    Company:
      type: object
      properties:
        details:
          $ref: '#/components/schemas/Company/definitions/companyDetails'
      definitions:
        companyDetails:
          type: object
          properties:
            name: {type: string}
"##,
    );
    assert_json(
        at(&spec, "/components/schemas"),
        json!({
            "Company": {
                "type": "object",
                "properties": {"details": {"$ref": "#/components/schemas/CompanyDetails"}},
                "definitions": {"companyDetails": {"$ref": "#/components/schemas/CompanyDetails"}}
            },
            "CompanyDetails": {
                "type": "object",
                "properties": {"name": {"type": "string"}},
                "x-codat-hoisted-from": "/components/schemas/Company/definitions/companyDetails"
            }
        }),
    );
    assert!(spec.warnings.is_empty());
}

#[test]
fn hoists_a_property_so_its_owner_shares_the_type() {
    let spec = load_clean(
        r##"
components:
  schemas:
    Owner:
      type: object
      properties:
        address:
          type: object
          properties:
            line1: {type: string}
    Other:
      type: object
      properties:
        home: {$ref: '#/components/schemas/Owner/properties/address'}
"##,
    );
    let address = json!({"$ref": "#/components/schemas/Address"});
    assert_json(
        at(&spec, "/components/schemas/Owner/properties/address"),
        address.clone(),
    );
    assert_json(
        at(&spec, "/components/schemas/Other/properties/home"),
        address,
    );
    assert_json(
        at(&spec, "/components/schemas/Address"),
        json!({
            "type": "object",
            "properties": {"line1": {"type": "string"}},
            "x-codat-hoisted-from": "/components/schemas/Owner/properties/address"
        }),
    );
}

#[test]
fn hoists_enums_and_composites() {
    let spec = load_clean(
        r##"
components:
  schemas:
    Job:
      type: object
      properties:
        status: {$ref: '#/components/schemas/Job/definitions/jobStatus'}
        result: {$ref: '#/components/schemas/Job/definitions/jobResult'}
      definitions:
        jobStatus: {type: string, enum: [Pending, Done]}
        jobResult:
          oneOf:
            - {type: string}
            - {type: integer}
"##,
    );
    assert_json(
        at(&spec, "/components/schemas/Job/properties"),
        json!({
            "status": {"$ref": "#/components/schemas/JobStatus"},
            "result": {"$ref": "#/components/schemas/JobResult"}
        }),
    );
    assert_json(
        at(&spec, "/components/schemas/JobStatus/enum"),
        json!(["Pending", "Done"]),
    );
    assert!(at(&spec, "/components/schemas/JobResult/oneOf").is_array());
}

#[test]
fn inlines_a_primitive_target_with_the_siblings_winning() {
    let spec = load_clean(
        r##"
components:
  schemas:
    Company:
      type: object
      properties:
        id: {type: string, format: uuid, description: Company id.}
    Connection:
      type: object
      properties:
        companyId:
          $ref: '#/components/schemas/Company/properties/id'
          description: The company this connection belongs to.
"##,
    );
    assert_json(
        at(&spec, "/components/schemas/Connection/properties/companyId"),
        json!({"type": "string", "format": "uuid", "description": "The company this connection belongs to."}),
    );
    // The owner keeps its own, unshared, primitive schema.
    assert_json(
        at(&spec, "/components/schemas/Company/properties/id"),
        json!({"type": "string", "format": "uuid", "description": "Company id."}),
    );
}

#[test]
fn follows_percent_encoded_pointers_into_paths() {
    let spec = load_clean(
        r##"
paths:
  /companies/{companyId}/syncSettings:
    post:
      requestBody:
        content:
          application/json:
            schema:
              allOf:
                - type: object
                  properties:
                    companyId: {type: string, format: uuid}
      responses:
        '204': {description: Done}
components:
  schemas:
    Setting:
      type: object
      properties:
        companyId:
          $ref: '#/paths/~1companies~1%7BcompanyId%7D~1syncSettings/post/requestBody/content/application~1json/schema/allOf/0/properties/companyId'
"##,
    );
    assert_json(
        at(&spec, "/components/schemas/Setting/properties/companyId"),
        json!({"type": "string", "format": "uuid"}),
    );
}

#[test]
fn inlines_a_parameter_of_another_path() {
    let spec = load_clean(
        r##"
paths:
  /a/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      responses:
        '200': {description: OK}
  /b/{id}:
    get:
      parameters:
        - $ref: '#/paths/~1a~1%7Bid%7D/parameters/0'
      responses:
        '200': {description: OK}
"##,
    );
    assert_json(
        at(&spec, "/paths/~1b~1{id}/get/parameters/0"),
        json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}),
    );
}

#[test]
fn inlines_a_parameter_schema_and_follows_references_to_references() {
    let spec = load_clean(
        r##"
paths:
  /a:
    get:
      parameters:
        - {$ref: '#/components/parameters/companyId'}
      responses:
        '200': {description: OK}
components:
  parameters:
    companyId:
      {name: companyId, in: query, schema: {type: string, format: uuid}}
  schemas:
    Group: {type: object, properties: {id: {type: string}}}
    Company:
      type: object
      properties:
        id: {$ref: '#/components/parameters/companyId/schema'}
        groups: {type: array, items: {$ref: '#/components/schemas/Group'}}
    Other:
      type: object
      properties:
        groups: {$ref: '#/components/schemas/Company/properties/groups/items'}
"##,
    );
    assert_json(
        at(&spec, "/components/schemas/Company/properties/id"),
        json!({"type": "string", "format": "uuid"}),
    );
    assert_json(
        at(&spec, "/components/schemas/Other/properties/groups"),
        json!({"$ref": "#/components/schemas/Group"}),
    );
    // A standard reference without siblings stays a reference.
    assert_json(
        at(&spec, "/paths/~1a/get/parameters/0"),
        json!({"$ref": "#/components/parameters/companyId"}),
    );
}

#[test]
fn names_collisions_with_the_owner_then_a_number_and_reuses_equal_schemas() {
    let spec = load_clean(
        r##"
components:
  schemas:
    Details: {type: string, enum: [a]}
    PersonDetails: {type: string, enum: [b]}
    Links:
      type: object
      properties:
        self: {type: string}
    Company:
      type: object
      properties:
        details: {$ref: '#/components/schemas/Company/definitions/details'}
      definitions:
        details: {type: object, properties: {x: {type: string}}}
    Person:
      type: object
      properties:
        details: {$ref: '#/components/schemas/Person/definitions/details'}
        again: {$ref: '#/components/schemas/Person/definitions/details'}
        links: {$ref: '#/components/schemas/Person/definitions/links'}
      definitions:
        details: {type: object, properties: {y: {type: string}}}
        links:
          type: object
          properties:
            self: {type: string}
"##,
    );
    assert_json(
        at(&spec, "/components/schemas/Company/properties/details"),
        json!({"$ref": "#/components/schemas/CompanyDetails"}),
    );
    assert_json(
        at(&spec, "/components/schemas/Person/properties"),
        json!({
            "details": {"$ref": "#/components/schemas/PersonDetails2"},
            "again": {"$ref": "#/components/schemas/PersonDetails2"},
            "links": {"$ref": "#/components/schemas/Links"}
        }),
    );
    let names: Vec<&String> = at(&spec, "/components/schemas")
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    assert_eq!(
        names,
        [
            "Details",
            "PersonDetails",
            "Links",
            "Company",
            "Person",
            "CompanyDetails",
            "PersonDetails2"
        ]
    );
    assert!(at(&spec, "/components/schemas/Links")
        .get("x-codat-hoisted-from")
        .is_none());
}

#[test]
fn inlines_through_a_hoisted_schema() {
    let spec = load_clean(
        r##"
components:
  schemas:
    Company:
      type: object
      properties:
        details: {$ref: '#/components/schemas/Company/definitions/companyDetails'}
        name: {$ref: '#/components/schemas/Company/definitions/companyDetails/properties/name'}
      definitions:
        companyDetails:
          type: object
          properties:
            name: {type: string, description: N}
"##,
    );
    assert_json(
        at(&spec, "/components/schemas/Company/properties/name"),
        json!({"type": "string", "description": "N"}),
    );
}

#[test]
fn hoists_a_recursive_definition() {
    let spec = load_clean(
        r##"
components:
  schemas:
    Tree:
      type: object
      properties:
        root: {$ref: '#/components/schemas/Tree/definitions/node'}
      definitions:
        node:
          type: object
          properties:
            children:
              type: array
              items: {$ref: '#/components/schemas/Tree/definitions/node'}
"##,
    );
    assert_json(
        at(&spec, "/components/schemas/Node"),
        json!({
            "type": "object",
            "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
            },
            "x-codat-hoisted-from": "/components/schemas/Tree/definitions/node"
        }),
    );
    assert_json(
        at(&spec, "/components/schemas/Tree/properties/root"),
        json!({"$ref": "#/components/schemas/Node"}),
    );
}

#[test]
fn hoists_from_webhooks_and_names_after_the_title_when_the_pointer_ends_in_structure() {
    let spec = load_clean(
        r##"
webhooks:
  company.created:
    post:
      requestBody:
        content:
          application/json:
            schema:
              title: Company created payload
              type: object
              properties:
                id: {type: string}
      responses:
        '200': {description: OK}
components:
  schemas:
    Event:
      type: object
      properties:
        payload:
          $ref: '#/webhooks/company.created/post/requestBody/content/application~1json/schema'
"##,
    );
    let reference = json!({"$ref": "#/components/schemas/CompanyCreatedPayload"});
    assert_json(
        at(&spec, "/components/schemas/Event/properties/payload"),
        reference.clone(),
    );
    assert_json(
        at(
            &spec,
            "/webhooks/company.created/post/requestBody/content/application~1json/schema",
        ),
        reference,
    );
    assert_eq!(
        at(
            &spec,
            "/components/schemas/CompanyCreatedPayload/x-codat-hoisted-from"
        ),
        "/webhooks/company.created/post/requestBody/content/application~1json/schema"
    );
}

#[test]
fn inlines_path_items_and_non_schema_references_with_overrides() {
    let spec = load_clean(
        r##"
paths:
  /a:
    $ref: '#/components/pathItems/A'
  /b:
    get:
      parameters:
        - $ref: '#/components/parameters/page'
          description: Which page of companies.
      responses:
        '200':
          $ref: '#/components/responses/Ok'
components:
  pathItems:
    A:
      get:
        responses:
          '200': {description: OK}
  parameters:
    page: {name: page, in: query, description: Page., schema: {type: integer}}
  responses:
    Ok: {description: OK}
"##,
    );
    assert_json(
        at(&spec, "/paths/~1a"),
        json!({"get": {"responses": {"200": {"description": "OK"}}}}),
    );
    assert_json(
        at(&spec, "/paths/~1b/get/parameters/0"),
        json!({"name": "page", "in": "query", "description": "Which page of companies.", "schema": {"type": "integer"}}),
    );
    assert_json(
        at(&spec, "/paths/~1b/get/responses/200"),
        json!({"$ref": "#/components/responses/Ok"}),
    );
}

#[test]
fn is_deterministic() {
    let text = r##"
components:
  schemas:
    A:
      type: object
      properties:
        x: {$ref: '#/components/schemas/A/definitions/x'}
        y: {$ref: '#/components/schemas/B/definitions/x'}
      definitions:
        x: {type: object, properties: {a: {type: string}}}
    B:
      type: object
      definitions:
        x: {type: object, properties: {b: {type: string}}}
"##;
    let first = serde_json::to_string(&load_clean(text).raw).unwrap_or_default();
    for _ in 0..3 {
        assert_eq!(
            serde_json::to_string(&load_clean(text).raw).unwrap_or_default(),
            first
        );
    }
    let spec = load_clean(text);
    assert_json(
        at(&spec, "/components/schemas/A/properties"),
        json!({
            "x": {"$ref": "#/components/schemas/X"},
            "y": {"$ref": "#/components/schemas/BX"}
        }),
    );
}

#[test]
fn a_schema_hoisted_from_an_operation_without_an_id_is_named_after_method_and_path() {
    // `Author` is taken, so the hoisted schema takes its owner's name: the operationId the IR
    // derives (`get_users` -> `GetUsers`), not the path alone, which a `post` would share.
    let spec = load_clean(
        r##"
paths:
  /users:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  author: {type: object, properties: {name: {type: string}}}
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/paths/~1users/get/responses/200/content/application~1json/schema/properties/author'}
      responses: {'204': {description: ok}}
components:
  schemas:
    Author: {type: string, enum: [a]}
"##,
    );
    assert_json(
        at(
            &spec,
            "/paths/~1users/post/requestBody/content/application~1json/schema",
        ),
        json!({"$ref": "#/components/schemas/GetUsersAuthor"}),
    );
}
