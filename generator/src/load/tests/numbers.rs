//! Integers wider than 64 bits: loaded, never silently changed where they are data.

use super::{assert_json, at, load, warning};
use serde_json::json;

#[test]
fn an_integer_bound_wider_than_64_bits_makes_the_schema_any_value() {
    let spec = load(
        "components:\n  schemas:\n    Big:\n      type: integer\n      description: A count.\n      minimum: 0\n      maximum: 18446744073709552000\n",
    );
    assert_json(
        at(&spec, "/components/schemas/Big"),
        json!({"description": "A count."}),
    );
    assert_eq!(
        spec.warnings,
        vec![warning(
            "/components/schemas/Big",
            "`maximum: 18446744073709552000` allows integers outside the 64-bit signed range, \
             which the generated `i64` could not decode: typed as any JSON value"
        )]
    );
}

#[test]
fn a_number_bound_wider_than_64_bits_becomes_a_float() {
    let spec = load(
        "components:\n  schemas:\n    Big: {type: number, maximum: 18446744073709552000, minimum: -123456789012345678901}\n",
    );
    assert_eq!(
        at(&spec, "/components/schemas/Big/maximum"),
        &json!(1.8446744073709552e19)
    );
    assert_eq!(
        at(&spec, "/components/schemas/Big/minimum"),
        &json!(-1.2345678901234568e20)
    );
    assert_eq!(spec.warnings, Vec::new());
}

#[test]
fn data_wider_than_64_bits_is_left_out_with_a_warning() {
    let spec = load(
        "components:\n  schemas:\n    Id:\n      type: integer\n      format: int64\n      default: 123456789012345678901\n      example: {a: 1, b: -123456789012345678901}\n      enum: [1, 123456789012345678901, 2]\n",
    );
    assert_json(
        at(&spec, "/components/schemas/Id"),
        json!({"type": "integer", "format": "int64", "example": {"a": 1}, "enum": [1, 2]}),
    );
    let mut warnings = spec.warnings.clone();
    warnings.sort();
    let message = |digits: &str| {
        format!(
            "`{digits}` is an integer wider than 64 bits, which no Rust integer holds exactly: \
             the value is left out"
        )
    };
    assert_eq!(
        warnings,
        vec![
            warning(
                "/components/schemas/Id/default",
                &message("123456789012345678901")
            ),
            warning(
                "/components/schemas/Id/enum/1",
                &message("123456789012345678901")
            ),
            warning(
                "/components/schemas/Id/example/b",
                &message("-123456789012345678901")
            ),
        ]
    );
}

#[test]
fn other_keywords_wider_than_64_bits_are_ignored() {
    let spec =
        load("components:\n  schemas:\n    S: {type: string, maxLength: 123456789012345678901}\n");
    assert_json(
        at(&spec, "/components/schemas/S"),
        json!({"type": "string"}),
    );
    assert_eq!(
        spec.warnings,
        vec![warning(
            "/components/schemas/S/maxLength",
            "`123456789012345678901` is an integer wider than 64 bits: `maxLength` is ignored"
        )]
    );
}

#[test]
fn integers_that_fit_64_bits_are_kept_exactly() {
    let spec = load(
        "components:\n  schemas:\n    S: {type: integer, minimum: -9223372036854775808, maximum: 9223372036854775807, default: 18446744073709551615}\n",
    );
    assert_eq!(at(&spec, "/components/schemas/S/minimum"), &json!(i64::MIN));
    assert_eq!(at(&spec, "/components/schemas/S/maximum"), &json!(i64::MAX));
    assert_eq!(at(&spec, "/components/schemas/S/default"), &json!(u64::MAX));
    assert_eq!(spec.warnings, Vec::new());
}

#[test]
fn integer_bounds_beyond_i64_from_json_or_u64_make_the_schema_any_value() {
    let text = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
      "components": {"schemas": {
        "U": {"type": "integer", "maximum": 18446744073709551615},
        "F": {"type": "integer", "minimum": 0, "maximum": 18446744073709552000}}}}"#;
    let spec = crate::load::load_str(std::path::Path::new("t.json"), text).expect("loads");
    assert_json(at(&spec, "/components/schemas/U"), json!({}));
    assert_json(at(&spec, "/components/schemas/F"), json!({}));
    let pointers: Vec<&str> = spec.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(pointers, ["/components/schemas/U", "/components/schemas/F"]);
}

#[test]
fn a_string_cannot_pass_for_a_big_integer_mark() {
    let spec = |body: &str| {
        format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "T", "version": "1"}}, "paths": {{}},
              "components": {{"schemas": {{{body}}}}}}}"#
        )
    };
    for (body, pointer) in [
        (
            r#""S": {"type": "integer", "default": "\u0000codat-big-integer:5"}"#,
            "/components/schemas/S/default",
        ),
        (
            r#""S": {"type": "integer", "maximum": "\u0000codat-big-integer:123456789012345678901"}"#,
            "/components/schemas/S/maximum",
        ),
    ] {
        match crate::load::load_str(std::path::Path::new("t.json"), &spec(body)) {
            Ok(spec) => panic!("loaded {:#} with warnings {:?}", spec.raw, spec.warnings),
            Err(crate::error::GenError::Invalid {
                file,
                pointer: at,
                message,
            }) => {
                assert_eq!(file, std::path::Path::new("t.json"));
                assert_eq!(at, pointer);
                assert!(message.contains("NUL"), "{message}");
            }
            Err(other) => panic!("{other}"),
        }
    }
    // Any other text with a NUL is data, kept as written (the emitters escape it).
    let loaded = crate::load::load_str(
        std::path::Path::new("t.json"),
        &spec(r#""S": {"type": "string", "title": "a\u0000b", "properties": {"c\u0000": {}}}"#),
    )
    .expect("a NUL elsewhere loads");
    let schema = &loaded.raw["components"]["schemas"]["S"];
    assert_eq!(schema["title"], "a\u{0}b");
    assert!(schema["properties"].get("c\u{0}").is_some(), "{schema:#}");
}
