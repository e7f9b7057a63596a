//! Decoding recursive unions in a generated crate: a small value built to fail deep down is
//! refused in bounded time (each level used to retry every variant of the levels below it:
//! (variants)^depth decodes), and nested values that decode still get their variants. The same
//! crate checks a model with additional properties, which decodes through the shared decoder.

mod support;

use std::path::Path;

use generator::CrateOptions;

/// The reviewer's repro: `A` and `B` both fit `{"x": ..}`, so every level tries both.
const SPEC: &str = "openapi: 3.0.3
info: {title: Unions, version: '1'}
paths:
  /u:
    get:
      operationId: getU
      tags: [things]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/U'}
  /open:
    get:
      operationId: getOpen
      tags: [things]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Open'}
components:
  schemas:
    U: {anyOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}
    A: {type: object, properties: {x: {$ref: '#/components/schemas/U'}}}
    B: {type: object, properties: {x: {$ref: '#/components/schemas/U'}, y: {type: string}}}
    Open:
      type: object
      required: [id, label]
      properties:
        id: {type: string}
        label: {type: string, nullable: true}
        note: {type: string, nullable: true}
      additionalProperties: {type: integer}
";

/// Runs in the generated crate, as its integration test.
const DECODE_TEST: &str = r##"
use std::time::{Duration, Instant};
use union_sdk::models::shared::U;

fn nested(depth: usize, leaf: &str) -> String {
    format!("{}{leaf}{}", r#"{"x":"#.repeat(depth), "}".repeat(depth))
}

#[test]
fn a_value_failing_deep_down_is_refused_quickly() {
    for depth in [30, 127] {
        let started = Instant::now();
        let result = serde_json::from_str::<U>(&nested(depth, "1"));
        assert!(result.is_err(), "depth {depth}: {result:?}");
        let took = started.elapsed();
        assert!(took < Duration::from_secs(2), "depth {depth} took {took:?}");
    }
}

#[test]
fn nested_values_decode_to_their_variants() {
    let json = nested(100, r#"{"y":"deep"}"#);
    let value: U = serde_json::from_str(&json).unwrap();
    assert!(matches!(value, U::A(_)), "{value:?}");
    // Only a `B` keeps `y`: the innermost level went to `B`, the others to `A`.
    let back = serde_json::to_value(&value).unwrap();
    assert_eq!(back, serde_json::from_str::<serde_json::Value>(&json).unwrap());
    let b: U = serde_json::from_str(r#"{"x":{"x":null},"y":"b"}"#).unwrap();
    assert!(matches!(b, U::B(_)), "{b:?}");
}

#[test]
fn additional_properties_decode_through_the_shared_decoder() {
    let json = r#"{"id":"a","label":null,"note":null,"x":1,"y":2}"#;
    let open: union_sdk::models::shared::Open = serde_json::from_str(json).unwrap();
    assert_eq!((open.label.as_deref(), open.note.clone()), (None, Some(None)));
    assert_eq!(open.additional_properties.get("y"), Some(&2));
    assert_eq!(serde_json::to_string(&open).unwrap(), json);
    let error = |json: &str| {
        serde_json::from_str::<union_sdk::models::shared::Open>(json).unwrap_err().to_string()
    };
    // serde's `flatten` kept the last of two `x`.
    assert_eq!(error(r#"{"id":"a","x":1,"x":2}"#), "duplicate field `x` at line 1 column 19");
    assert_eq!(
        error(r#"{"id":"a","x":"1"}"#),
        "invalid type: string \"1\", expected i64 at line 1 column 17"
    );
}
"##;

#[test]
fn recursive_unions_decode_in_bounded_time() {
    let loaded = generator::load::load_str(Path::new("unions.yaml"), SPEC).expect("loads");
    let options = CrateOptions::new("union-sdk".to_owned(), "0.1.0".to_owned());
    let generation = generator::generate(&loaded, &options).expect("generates");
    support::run_crate_test("union-sdk", &generation.files, "decode", DECODE_TEST);
}
