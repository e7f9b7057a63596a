//! Lowering on small specs written for the tests: each asserts one rule of the IR.

use std::path::Path;

use generator::ir::{self, Api, Module, ParamLocation, TypeId, TypeKind, TypeRef};

fn lower(yaml: &str) -> Api {
    let spec = generator::load::load_str(Path::new("test.yaml"), yaml).expect("spec loads");
    ir::lower(&spec).expect("spec lowers").0
}

fn lower_err(yaml: &str) -> String {
    let spec = generator::load::load_str(Path::new("test.yaml"), yaml).expect("spec loads");
    ir::lower(&spec).expect_err("lowering fails").to_string()
}

fn shared(name: &str) -> TypeId {
    TypeId {
        module: Module::Shared,
        name: name.to_owned(),
    }
}

fn fields<'a>(api: &'a Api, name: &str) -> &'a [ir::Field] {
    match &api
        .types
        .get(&shared(name))
        .unwrap_or_else(|| panic!("no type {name}"))
        .kind
    {
        TypeKind::Struct(s) => &s.fields,
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

const HEADER: &str = "openapi: 3.1.0\ninfo: {title: Test API, version: '1'}\n";

#[test]
fn all_of_merges_members_into_one_struct() {
    let api = lower(&format!(
        "{HEADER}paths: {{}}
components:
  schemas:
    Base:
      type: object
      required: [id]
      properties:
        id: {{type: string}}
    Derived:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          required: [name]
          properties:
            name: {{type: string}}
            count: {{type: integer, format: int32}}
"
    ));
    let derived = fields(&api, "Derived");
    let summary: Vec<(&str, &TypeRef, bool)> = derived
        .iter()
        .map(|f| (f.wire_name.as_str(), &f.ty, f.required))
        .collect();
    assert_eq!(
        summary,
        [
            ("id", &TypeRef::String, true),
            ("name", &TypeRef::String, true),
            ("count", &TypeRef::I32, false)
        ]
    );
}

#[test]
fn nullable_in_every_spelling_is_recorded() {
    let api = lower(&format!(
        "{HEADER}paths: {{}}
components:
  schemas:
    Other:
      type: object
      properties:
        x: {{type: string}}
    Thing:
      type: object
      properties:
        old: {{type: string, nullable: true}}
        new: {{type: [string, 'null']}}
        viaRef:
          $ref: '#/components/schemas/Other'
          nullable: true
        plain: {{type: string}}
"
    ));
    let nullable: Vec<(&str, bool)> = fields(&api, "Thing")
        .iter()
        .map(|f| (f.rust_name.as_str(), f.nullable))
        .collect();
    assert_eq!(
        nullable,
        [
            ("old", true),
            ("new", true),
            ("via_ref", true),
            ("plain", false)
        ]
    );
    let via_ref = &fields(&api, "Thing")[2];
    assert_eq!(via_ref.ty, TypeRef::Named(shared("Other")));
}

#[test]
fn a_null_member_of_a_union_is_nullable_like_the_other_spellings() {
    let api = lower(&format!(
        "{HEADER}paths: {{}}
components:
  schemas:
    Other:
      type: object
      properties:
        x: {{type: string}}
    Thing:
      type: object
      required: [viaRef, text]
      properties:
        viaRef:
          oneOf:
            - $ref: '#/components/schemas/Other'
            - {{type: 'null'}}
        text:
          anyOf: [{{type: 'null'}}, {{type: string}}]
        number:
          oneOf: [{{type: integer, format: int32}}, {{enum: [null]}}]
        either:
          oneOf:
            - $ref: '#/components/schemas/Other'
            - {{type: integer}}
            - {{type: 'null'}}
"
    ));
    let thing = fields(&api, "Thing");
    let summary: Vec<(&str, &TypeRef, bool, bool)> = thing
        .iter()
        .map(|f| (f.rust_name.as_str(), &f.ty, f.required, f.nullable))
        .collect();
    let either = TypeRef::Named(shared("ThingEither"));
    assert_eq!(
        summary,
        [
            ("via_ref", &TypeRef::Named(shared("Other")), true, true),
            ("text", &TypeRef::String, true, true),
            ("number", &TypeRef::I32, false, true),
            ("either", &either, false, true),
        ]
    );
    // No `ThingViaRef` union with an any-JSON variant; the nullable union has no null variant.
    assert!(api.types.get(&shared("ThingViaRef")).is_none());
    match &api.types.get(&shared("ThingEither")).map(|t| &t.kind) {
        Some(TypeKind::Union(variants)) => {
            let types: Vec<&TypeRef> = variants.iter().map(|v| &v.ty).collect();
            assert_eq!(types, [&TypeRef::Named(shared("Other")), &TypeRef::I64]);
        }
        other => panic!("ThingEither is not a union: {other:?}"),
    }
}

#[test]
fn pointer_refs_into_definitions_and_properties_resolve() {
    let api = lower(&format!(
        "{HEADER}paths: {{}}
components:
  schemas:
    Holder:
      type: object
      properties:
        status:
          type: string
          enum: [a, b]
      definitions:
        detail:
          type: object
          properties:
            note: {{type: string}}
    User:
      type: object
      properties:
        detail: {{$ref: '#/components/schemas/Holder/definitions/detail'}}
        status: {{$ref: '#/components/schemas/Holder/properties/status'}}
"
    ));
    let user = fields(&api, "User");
    let detail = user[0].ty.named().expect("detail is a named type");
    assert!(matches!(
        api.types.get(detail).unwrap().kind,
        TypeKind::Struct(_)
    ));
    let status = user[1].ty.named().expect("status is a named enum");
    assert!(matches!(
        api.types.get(status).unwrap().kind,
        TypeKind::Enum(_)
    ));
    // The owner and the referrer share one type.
    assert_eq!(fields(&api, "Holder")[0].ty, user[1].ty);
}

const OPERATIONS: &str = "
x-speakeasy-name-override:
  - operationId: ^list-.*?
    methodNameOverride: list
  - operationId: ^get-.*?
    methodNameOverride: get
  - operationId: ^get-.*?-attachment
    methodNameOverride: get-attachment
tags:
  - name: Bank accounts
    description: Accounts at banks.
paths:
  /accounts:
    get:
      operationId: list-bank-accounts
      tags: [Bank accounts]
      parameters:
        - {name: page, in: query, schema: {type: integer, default: 1}}
      responses:
        '200': {description: OK}
  /accounts/{accountId}:
    parameters:
      - {name: accountId, in: path, required: true, schema: {type: string}}
    get:
      operationId: get-bank-account
      tags: [Bank accounts]
      responses:
        '200': {description: OK}
  /accounts/{accountId}/attachment:
    get:
      operationId: get-bank-account-attachment
      tags: [Bank accounts]
      parameters:
        - {name: accountId, in: path, required: true, schema: {type: string}}
      responses:
        '200': {description: OK}
  /legacy:
    get:
      operationId: get-legacy-thing
      tags: [Bank accounts]
      x-speakeasy-group: legacy
      x-speakeasy-name-override: fetch
      deprecated: true
      x-speakeasy-deprecation-message: Old.
      x-speakeasy-deprecation-replacement: get-bank-account
      responses:
        '200': {description: OK}
  /secret:
    post:
      operationId: rotate-secret
      tags: [Bank accounts]
      x-speakeasy-ignore: true
      responses:
        '204': {description: No content}
";

#[test]
fn groups_methods_overrides_and_ignores() {
    let api = lower(&format!("{HEADER}{OPERATIONS}"));
    let layout: Vec<(String, Vec<String>)> = api
        .groups
        .iter()
        .map(|g| {
            (
                g.module.clone(),
                g.operations.iter().map(|o| o.method.clone()).collect(),
            )
        })
        .collect();
    assert_eq!(
        layout,
        [
            (
                "bank_accounts".to_owned(),
                vec![
                    "get".to_owned(),
                    "get_attachment".to_owned(),
                    "list".to_owned()
                ]
            ),
            ("legacy".to_owned(), vec!["fetch".to_owned()]),
        ]
    );
    assert_eq!(api.groups[0].type_name, "BankAccounts");
    assert_eq!(api.groups[0].docs_folder, "bankaccounts");
    assert_eq!(
        api.groups[0].description.as_deref(),
        Some("Accounts at banks.")
    );
    assert_eq!(api.ignored_operations, ["rotate-secret"]);
}

#[test]
fn deprecation_names_the_replacement_method() {
    let api = lower(&format!("{HEADER}{OPERATIONS}"));
    let fetch = &api.groups[1].operations[0];
    let deprecation = fetch.deprecation.as_ref().expect("deprecated");
    assert_eq!(deprecation.message.as_deref(), Some("Old."));
    assert_eq!(
        deprecation.replacement,
        Some(("bank_accounts".to_owned(), "get".to_owned()))
    );
}

#[test]
fn path_level_parameters_and_defaults_reach_the_request() {
    let api = lower(&format!("{HEADER}{OPERATIONS}"));
    let get = &api.groups[0].operations[0];
    assert_eq!(get.params.len(), 1);
    assert_eq!(get.params[0].location, ParamLocation::Path);
    assert!(get.params[0].field.required);
    let list = &api.groups[0].operations[2];
    assert_eq!(list.params[0].field.default, Some(serde_json::json!(1)));
    assert_eq!(list.request.name, "ListBankAccountsRequest");
}

#[test]
fn colliding_method_names_are_an_error_with_a_pointer() {
    let message = lower_err(&format!(
        "{HEADER}paths:
  /a:
    get: {{operationId: get-a, tags: [T], responses: {{'200': {{description: OK}}}}}}
  /b:
    get: {{operationId: get-b, tags: [T], responses: {{'200': {{description: OK}}}}}}
x-speakeasy-name-override:
  - operationId: ^get-.*?
    methodNameOverride: get
"
    ));
    assert!(message.contains("test.yaml"), "{message}");
    assert!(message.contains("/paths/~1b/get"), "{message}");
    assert!(
        message.contains("get-a") && message.contains("get-b"),
        "{message}"
    );
}

#[test]
fn unknown_replacement_is_an_error() {
    let message = lower_err(&format!(
        "{HEADER}paths:
  /a:
    get:
      operationId: get-a
      deprecated: true
      x-speakeasy-deprecation-replacement: nope
      responses: {{'200': {{description: OK}}}}
"
    ));
    assert!(
        message.contains("/paths/~1a/get/x-speakeasy-deprecation-replacement"),
        "{message}"
    );
}

#[test]
fn a_path_variable_without_its_parameter_is_an_error() {
    let message = lower_err(&format!(
        "{HEADER}paths:
  /a/{{id}}:
    get: {{operationId: get-a, responses: {{'200': {{description: OK}}}}}}
"
    ));
    assert!(message.contains("/paths/~1a~1{id}/get"), "{message}");
    assert!(message.contains("no path parameter `id`"), "{message}");
}

/// Example sites are JSON pointers, looked up as such: a property named `a%20b` is not `a b`.
#[test]
fn examples_of_properties_with_percent_signs_in_their_names_are_found() {
    let api = lower(&format!(
        "{HEADER}paths: {{}}
components:
  schemas:
    S:
      type: object
      properties:
        a%20b: {{type: string, examples: [x, y]}}
"
    ));
    let pointers: Vec<&str> = api.examples.iter().map(|e| e.pointer.as_str()).collect();
    assert!(
        pointers.contains(&"/components/schemas/S/properties/a%20b/examples/1"),
        "{pointers:?}"
    );
}

#[test]
fn server_variables_take_their_defaults_and_relative_servers_are_left_out() {
    let yaml = format!(
        "{HEADER}paths: {{}}\nservers:\n  - url: 'https://{{region}}.example.com/{{version}}'\n    variables:\n      region: {{default: eu, enum: [eu, us]}}\n      version: {{default: v1}}\n  - url: /relative\n"
    );
    let spec = generator::load::load_str(Path::new("test.yaml"), &yaml).expect("spec loads");
    let (api, warnings) = ir::lower(&spec).expect("spec lowers");
    let urls: Vec<&str> = api.servers.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(urls, ["https://eu.example.com/v1"]);
    assert!(
        warnings.iter().any(|w| w.pointer == "/servers/1/url"),
        "{warnings:?}"
    );
    let error = lower_err(&format!(
        "{HEADER}paths: {{}}\nservers:\n  - url: 'https://x.example.com/{{version}}'\n"
    ));
    assert!(error.contains("at /servers/0/url"), "{error}");
}

#[test]
fn a_credential_is_optional_when_the_spec_also_allows_no_authentication() {
    let spec = |security: &str| {
        format!(
            "{HEADER}security: {security}\npaths: {{}}\ncomponents:\n  securitySchemes:\n    \
             auth_header: {{type: apiKey, in: header, name: Authorization}}\n"
        )
    };
    let required = lower(&spec("[{auth_header: []}]"));
    assert!(required.credential.expect("a credential").required);
    for optional in ["[{}, {auth_header: []}]", "[{auth_header: []}, {}]"] {
        let api = lower(&spec(optional));
        let credential = api.credential.expect("the credential is still typed");
        assert_eq!(credential.header, "Authorization", "{optional}");
        assert!(!credential.required, "{optional}");
    }
    let none = lower(&spec("[{}]"));
    assert!(none.credential.is_none());
}

const GLOBALS_SPEC: &str = include_str!("snapshots/globals/openapi.yaml");

#[test]
fn globals_become_one_type_that_operations_parameters_of_their_name_take_from() {
    let spec = generator::load::load_str(Path::new("globals.yaml"), GLOBALS_SPEC).expect("loads");
    let (api, warnings) = ir::lower(&spec).expect("lowers");
    let globals = api.globals.clone().expect("a Globals type");
    assert_eq!(globals.module, Module::Operations);
    let TypeKind::Struct(globals_struct) = &api.types.get(&globals).expect("registered").kind
    else {
        panic!("Globals is not a struct");
    };
    let names: Vec<&str> = globals_struct
        .fields
        .iter()
        .map(|f| f.rust_name.as_str())
        .collect();
    assert_eq!(names, ["customer_id", "limit", "region", "x_tenant"]);
    assert!(globals_struct.fields.iter().all(|f| !f.required));
    // Refused globals: cookie, object, a header declared again in another case.
    for (index, reason) in [
        (3, "a cookie"),
        (4, "not of a primitive"),
        (5, "declared twice"),
    ] {
        let pointer = format!("/x-speakeasy-globals/parameters/{index}");
        assert!(
            warnings
                .iter()
                .any(|w| w.pointer == pointer && w.message.contains(reason)),
            "{pointer}: {warnings:?}"
        );
    }
    // The refused object global left no type behind.
    assert!(api
        .types
        .in_module(Module::Operations)
        .all(|t| t.id.name != "GlobalsFilter"));
    let op = api
        .groups
        .iter()
        .flat_map(|g| &g.operations)
        .find(|op| op.operation_id == "listOrders")
        .expect("listOrders");
    let linked: Vec<(&str, Option<&str>, bool)> = op
        .params
        .iter()
        .map(|p| {
            (
                p.field.wire_name.as_str(),
                p.global.as_deref(),
                p.field.required,
            )
        })
        .collect();
    assert_eq!(
        linked,
        [
            ("customerId", Some("customer_id"), false),
            ("region", Some("region"), false),
            ("x-TENANT", Some("x_tenant"), false),
            ("limit", None, false),
            ("page", None, false),
        ]
    );
    // The inline enum repeated on the operation is the global's type, with no default of its own.
    let region = op
        .params
        .iter()
        .find(|p| p.field.wire_name == "region")
        .expect("region");
    let global_region = globals_struct
        .fields
        .iter()
        .find(|f| f.rust_name == "region")
        .expect("r");
    assert_eq!(region.field.ty, global_region.ty);
    assert_eq!(region.field.default, None);
    assert!(global_region.default.is_some());
    assert!(
        warnings
            .iter()
            .any(|w| w.pointer.ends_with("/get") && w.message.contains("`limit` has another type")),
        "{warnings:?}"
    );
}

#[test]
fn malformed_globals_are_errors_with_a_pointer() {
    for (globals, pointer) in [
        ("x-speakeasy-globals: {}", "/x-speakeasy-globals"),
        (
            "x-speakeasy-globals: {parameters: 5}",
            "/x-speakeasy-globals/parameters",
        ),
        (
            "x-speakeasy-globals: {parameters: [{in: query}]}",
            "/x-speakeasy-globals/parameters",
        ),
        (
            "x-speakeasy-globals: {parameters: [{$ref: '#/components/parameters/none'}]}",
            "/x-speakeasy-globals/parameters/0",
        ),
    ] {
        let error = lower_err(&format!("{HEADER}{globals}\npaths: {{}}\n"));
        assert!(
            error.contains(&format!("at {pointer}")),
            "{globals}: {error}"
        );
    }
}
