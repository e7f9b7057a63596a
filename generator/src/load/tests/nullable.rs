//! Rule 3, composite spelling: `oneOf`/`anyOf`/`allOf` members that only allow `null`.

use serde_json::json;

use super::{assert_json, at, load, load_clean, load_err, warning};

#[test]
fn one_of_with_null_reads_as_the_type_array() {
    // Each pair is the same schema in two spellings, and must load to the same document.
    let spec = load_clean(
        r##"
components:
  schemas:
    Address: {type: object, properties: {line1: {type: string}}}
    A: {type: [string, 'null'], description: a}
    OneOf: {oneOf: [{type: string}, {type: 'null'}], description: a}
    B: {type: [integer, 'null'], format: int32}
    AnyOfFirst: {anyOf: [{type: 'null'}, {type: [integer], format: int32}]}
    C: {type: string, enum: [x, y, null], nullable: true}
    EnumNull: {oneOf: [{type: string, enum: [x, y]}, {enum: [null]}]}
    D: {$ref: '#/components/schemas/Address', nullable: true, description: d}
    RefNull: {description: d, oneOf: [{$ref: '#/components/schemas/Address'}, {type: ['null']}]}
    E: {type: [object, 'null'], properties: {n: {type: string, const: k}}}
    Inline: {oneOf: [{type: object, properties: {n: {type: string, const: k}}}, {const: null}]}
"##,
    );
    let schemas = at(&spec, "/components/schemas");
    let pairs = [
        ("A", "OneOf"),
        ("B", "AnyOfFirst"),
        ("D", "RefNull"),
        ("E", "Inline"),
    ];
    for (type_array, composite) in pairs {
        // `serde_json::Map` equality does not look at key order.
        assert_eq!(schemas[type_array], schemas[composite], "{composite}");
    }
    assert_json(
        &schemas["RefNull"],
        json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/Address"}], "nullable": true}),
    );
    assert_json(
        &schemas["EnumNull"],
        json!({"type": "string", "enum": ["x", "y"], "nullable": true}),
    );
}

#[test]
fn every_null_only_member_spelling_is_recognised() {
    let spec = load_clean(
        r##"
components:
  schemas:
    A:
      type: object
      properties:
        type: {oneOf: [{type: string}, {type: 'null'}]}
        typeList: {oneOf: [{type: string}, {type: ['null']}]}
        enum: {oneOf: [{type: string}, {enum: [null]}]}
        const: {oneOf: [{type: string}, {const: null}]}
        old: {oneOf: [{type: string}, {nullable: true}]}
        oldEnum: {oneOf: [{type: string}, {type: object, nullable: true, enum: [null]}]}
        described: {anyOf: [{type: string}, {type: 'null', description: none, x-note: 1}]}
        notNull: {oneOf: [{type: string}, {type: object, nullable: true}]}
        empty: {oneOf: [{type: string}, {}]}
"##,
    );
    let properties = at(&spec, "/components/schemas/A/properties");
    let nullable_string = json!({"type": "string", "nullable": true});
    for name in ["type", "typeList", "enum", "const", "oldEnum", "described"] {
        assert_json(&properties[name], nullable_string.clone());
    }
    // Members that allow more than `null` stay members; 3.0.3 gives a `nullable` without a
    // `type` no effect, so `{nullable: true}` alone allows any value.
    assert_json(
        &properties["old"],
        json!({"oneOf": [{"type": "string"}, {"nullable": true}]}),
    );
    assert_json(
        &properties["notNull"],
        json!({"oneOf": [{"type": "string"}, {"type": "object", "nullable": true}]}),
    );
    assert_json(
        &properties["empty"],
        json!({"oneOf": [{"type": "string"}, {}]}),
    );
}

#[test]
fn several_other_members_stay_a_nullable_union() {
    let spec = load_clean(
        r##"
components:
  schemas:
    A:
      description: a
      oneOf:
        - {type: 'null'}
        - {$ref: '#/components/schemas/B'}
        - {type: 'null'}
        - {type: [integer, 'null']}
      discriminator: {propertyName: kind}
    B: {type: object, properties: {kind: {type: string}}}
"##,
    );
    assert_json(
        at(&spec, "/components/schemas/A"),
        json!({
            "description": "a",
            "oneOf": [
                {"$ref": "#/components/schemas/B"},
                {"type": "integer", "nullable": true}
            ],
            "nullable": true,
            "discriminator": {"propertyName": "kind"}
        }),
    );
}

#[test]
fn a_union_of_only_null_is_null() {
    let spec = load_clean(
        r##"
components:
  schemas:
    A: {oneOf: [{type: 'null'}, {enum: [null]}], description: a}
    B: {type: 'null', description: a}
"##,
    );
    let schemas = at(&spec, "/components/schemas");
    assert_json(&schemas["A"], json!({"nullable": true, "description": "a"}));
    assert_json(&schemas["B"], json!({"nullable": true, "description": "a"}));
}

#[test]
fn a_member_that_disagrees_with_the_schema_is_wrapped_not_merged() {
    let spec = load_clean(
        r##"
components:
  schemas:
    A:
      description: outer
      oneOf:
        - {type: string, description: inner}
        - {type: 'null'}
    Same:
      description: same
      oneOf:
        - {type: string, description: same}
        - {type: 'null'}
"##,
    );
    let schemas = at(&spec, "/components/schemas");
    assert_json(
        &schemas["A"],
        json!({"description": "outer", "allOf": [{"type": "string", "description": "inner"}], "nullable": true}),
    );
    assert_json(
        &schemas["Same"],
        json!({"description": "same", "type": "string", "nullable": true}),
    );
}

#[test]
fn nested_and_object_part_unions_are_read_where_they_end_up() {
    let spec = load_clean(
        r##"
components:
  schemas:
    Nested:
      oneOf:
        - oneOf: [{type: string}, {type: 'null'}]
        - {type: 'null'}
    WithProperties:
      properties: {id: {type: string}}
      oneOf:
        - {$ref: '#/components/schemas/Nested'}
        - {type: 'null'}
"##,
    );
    let schemas = at(&spec, "/components/schemas");
    assert_json(
        &schemas["Nested"],
        json!({"type": "string", "nullable": true}),
    );
    assert_json(
        &schemas["WithProperties"],
        json!({
            "allOf": [
                {"type": "object", "properties": {"id": {"type": "string"}}},
                {"allOf": [{"$ref": "#/components/schemas/Nested"}], "nullable": true}
            ]
        }),
    );
}

#[test]
fn a_null_all_of_member_makes_the_schema_nullable_with_a_warning() {
    let spec = load(
        r##"
components:
  schemas:
    A:
      allOf:
        - {type: 'null'}
        - {$ref: '#/components/schemas/B'}
    B: {type: object, properties: {x: {type: string}}}
    OnlyNull: {allOf: [{type: 'null'}]}
"##,
    );
    let schemas = at(&spec, "/components/schemas");
    assert_json(
        &schemas["A"],
        json!({"allOf": [{"$ref": "#/components/schemas/B"}], "nullable": true}),
    );
    assert_json(&schemas["OnlyNull"], json!({"nullable": true}));
    assert_eq!(
        spec.warnings,
        [warning(
            "/components/schemas/A/allOf/0",
            "this `allOf` member only allows `null`, which the other members must allow too; \
             it is read as making the schema nullable",
        )]
    );
}

#[test]
fn errors_and_warnings_name_the_member_as_written() {
    // Merged into the schema.
    let message = load_err(
        r##"
components:
  schemas:
    A: {oneOf: [{type: 'null'}, {type: [string, 3]}]}
"##,
    );
    assert!(
        message.contains("/components/schemas/A/oneOf/1/type/1"),
        "{message}"
    );
    // Kept, at a new index.
    let message = load_err(
        r##"
components:
  schemas:
    A: {anyOf: [{type: 'null'}, {type: string}, {type: [7]}]}
"##,
    );
    assert!(
        message.contains("/components/schemas/A/anyOf/2/type/0"),
        "{message}"
    );
    // Wrapped in `allOf`.
    let spec = load(
        r##"
components:
  schemas:
    A:
      description: a
      oneOf:
        - {type: 'null'}
        - {type: object, description: b, patternProperties: {x: {type: string}}}
    B:
      allOf:
        - {type: 'null'}
        - {type: object, patternProperties: {x: {type: string}}}
"##,
    );
    let not_supported =
        "keys matching no pattern may hold any value, but are read as the patterns' values";
    assert_eq!(
        spec.warnings,
        [
            warning(
                "/components/schemas/A/oneOf/1/patternProperties",
                not_supported
            ),
            warning(
                "/components/schemas/B/allOf/0",
                "this `allOf` member only allows `null`, which the other members must allow \
                 too; it is read as making the schema nullable",
            ),
            warning(
                "/components/schemas/B/allOf/1/patternProperties",
                not_supported
            ),
        ]
    );
}
