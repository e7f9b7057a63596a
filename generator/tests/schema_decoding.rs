//! Decoding through types made from validation-only composition and JSON Schema 2020-12
//! keywords, in a generated crate: valid values decode, keep every field, and encode back the
//! same (the `validation_only_composition` and `json_schema_2020_12` snapshots pin the code).

mod support;

use std::path::Path;

use generator::CrateOptions;

const SPEC: &str = "openapi: 3.1.0
info: {title: Keywords, version: '1'}
paths:
  /shapes:
    get:
      operationId: getShape
      tags: [things]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Shape'}}}
components:
  schemas:
    Contact:
      type: object
      properties:
        name: {type: string}
        email: {type: string}
        phone: {type: string}
      anyOf:
        - required: [name, email]
        - required: [name, phone]
    Lookup:
      allOf:
        - type: object
          required: [id]
          properties:
            id: {type: string}
        - not: {required: [deleted]}
        - oneOf:
            - {type: object, required: [kind, url], properties: {kind: {type: string}, url: {type: string}}}
            - {type: object, required: [kind, path], properties: {kind: {type: string}, path: {type: string}}}
    Shape:
      type: object
      required: [kind]
      properties:
        kind: {const: shape}
        version: {const: 2}
        pair:
          type: array
          prefixItems: [{type: string}, {type: integer}]
          items: false
        labels:
          type: object
          patternProperties:
            '^[a-z]+$': {type: string}
          additionalProperties: false
        size: {type: [string, integer]}
      unevaluatedProperties: {type: integer}
";

/// Runs in the generated crate, as its integration test.
const DECODE_TEST: &str = r##"
use keywords_sdk::models::shared::{Contact, Lookup, Shape};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> T {
    let value: T = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
    let back = serde_json::to_value(&value).unwrap();
    assert_eq!(back, serde_json::from_str::<serde_json::Value>(json).unwrap());
    value
}

#[test]
fn either_alternative_of_required_lists_decodes() {
    let by_phone: Contact = round_trip(r#"{"name":"Ann","phone":"123"}"#);
    assert_eq!((by_phone.name.as_str(), by_phone.email), ("Ann", None));
    let by_email: Contact = round_trip(r#"{"name":"Bo","email":"b@example.com"}"#);
    assert_eq!(by_email.phone, None);
}

#[test]
fn all_of_alternatives_decode_into_optional_fields() {
    let lookup: Lookup = round_trip(r#"{"id":"1","kind":"file","path":"/a"}"#);
    assert_eq!((lookup.kind.as_str(), lookup.path.as_deref(), lookup.url), ("file", Some("/a"), None));
    assert!(serde_json::from_str::<Lookup>(r#"{"id":"1","path":"/a"}"#).is_err(), "kind is required by every alternative");
}

#[test]
fn json_schema_2020_12_keywords_decode() {
    let shape: Shape = round_trip(
        r#"{"kind":"shape","version":2,"pair":["width",3],"labels":{"en":"square"},"size":7,"extra":1}"#,
    );
    assert_eq!(shape.version, Some(2));
    assert_eq!(shape.additional_properties.get("extra"), Some(&1));
    round_trip::<Shape>(r#"{"kind":"shape","size":"large"}"#);
}
"##;

#[test]
fn schemas_of_any_json_schema_decode() {
    let loaded = generator::load::load_str(Path::new("keywords.yaml"), SPEC).expect("loads");
    let options = CrateOptions::new("keywords-sdk".to_owned(), "0.1.0".to_owned());
    let generation = generator::generate(&loaded, &options).expect("generates");
    assert_eq!(generation.fallbacks, 0, "{:?}", generation.warnings);
    support::run_crate_test("keywords-sdk", &generation.files, "decode", DECODE_TEST);
}
