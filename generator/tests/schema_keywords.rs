//! Schemas any JSON Schema allows: composition that only validates, the 2020-12 keywords of
//! OpenAPI 3.1, and the `serde_json::Value` fallback (with its warning and count) where a
//! construct cannot be typed. Each test lowers a small spec and asserts the types.

use std::path::Path;

use generator::ir::{self, Api, Module, TypeId, TypeKind, TypeRef};
use generator::Warning;

const HEADER: &str = "openapi: 3.1.0\ninfo: {title: Test API, version: '1'}\npaths: {}\n";

fn lower(yaml: &str) -> (Api, Vec<Warning>) {
    let text = format!("{HEADER}{yaml}");
    let spec = generator::load::load_str(Path::new("test.yaml"), &text).expect("spec loads");
    let (api, mut warnings) = ir::lower(&spec).expect("spec lowers");
    warnings.extend(spec.warnings);
    (api, warnings)
}

fn shared(name: &str) -> TypeId {
    TypeId {
        module: Module::Shared,
        name: name.to_owned(),
    }
}

fn kind<'a>(api: &'a Api, name: &str) -> &'a TypeKind {
    &api.types
        .get(&shared(name))
        .unwrap_or_else(|| panic!("no type {name}: {:?}", api.types.types.keys()))
        .kind
}

/// `(wire name, type, required)` of each field of struct `name`.
fn fields(api: &Api, name: &str) -> Vec<(String, TypeRef, bool)> {
    match kind(api, name) {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| (f.wire_name.clone(), f.ty.clone(), f.required))
            .collect(),
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

fn field(name: &str, ty: TypeRef, required: bool) -> (String, TypeRef, bool) {
    (name.to_owned(), ty, required)
}

fn fallbacks(warnings: &[Warning]) -> Vec<&str> {
    warnings
        .iter()
        .filter(|w| w.message.starts_with(ir::FALLBACK))
        .map(|w| w.pointer.as_str())
        .collect()
}

/// Issue 15: "at least one of" beside `properties` used to be "allOf member is not an object".
#[test]
fn any_of_required_lists_beside_properties_only_constrain() {
    let (api, warnings) = lower(
        "components:
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
    Either:
      type: object
      properties:
        a: {type: string}
        b: {type: string}
      oneOf:
        - required: [a]
        - required: [b]
",
    );
    assert_eq!(
        fields(&api, "Contact"),
        [
            field("name", TypeRef::String, true),
            field("email", TypeRef::String, false),
            field("phone", TypeRef::String, false),
        ]
    );
    assert_eq!(
        fields(&api, "Either"),
        [
            field("a", TypeRef::String, false),
            field("b", TypeRef::String, false)
        ]
    );
    assert_eq!(fallbacks(&warnings), Vec::<&str>::new());
}

#[test]
fn all_of_members_that_only_validate_add_no_fields() {
    let (api, warnings) = lower(
        "components:
  schemas:
    Base:
      type: object
      properties:
        id: {type: string}
        kind: {type: string}
    Checked:
      allOf:
        - $ref: '#/components/schemas/Base'
        - description: Only annotates.
        - nullable: true
        - deprecated: true
        - not: {required: [deleted]}
        - minProperties: 1
        - if: {required: [id]}
          then: {required: [kind]}
        - dependentRequired: {id: [kind]}
        - anyOf: [{required: [id]}, {required: [id, kind]}]
",
    );
    assert_eq!(
        fields(&api, "Checked"),
        [
            field("id", TypeRef::String, true),
            field("kind", TypeRef::String, false)
        ]
    );
    assert_eq!(fallbacks(&warnings), Vec::<&str>::new());
}

#[test]
fn all_of_alternatives_with_properties_join_as_optional_fields() {
    let (api, warnings) = lower(
        "components:
  schemas:
    Url:
      type: object
      required: [kind, url]
      properties:
        kind: {type: string}
        url: {type: string}
    Source:
      allOf:
        - type: object
          required: [id]
          properties:
            id: {type: string}
        - oneOf:
            - $ref: '#/components/schemas/Url'
            - type: object
              required: [kind, path]
              properties:
                kind: {type: string}
                path: {type: string}
                size: {type: integer}
    Clash:
      allOf:
        - type: object
          properties:
            id: {type: string}
        - anyOf:
            - {type: object, properties: {v: {type: string}}}
            - {type: object, properties: {v: {type: boolean}}}
",
    );
    assert_eq!(
        fields(&api, "Source"),
        [
            field("id", TypeRef::String, true),
            field("kind", TypeRef::String, true),
            field("url", TypeRef::String, false),
            field("path", TypeRef::String, false),
            field("size", TypeRef::I64, false),
        ]
    );
    // Alternatives that disagree on a property's type: that one field is any JSON.
    assert_eq!(
        fields(&api, "Clash"),
        [
            field("id", TypeRef::String, false),
            field("v", TypeRef::Json, false)
        ]
    );
    assert_eq!(
        fallbacks(&warnings),
        ["/components/schemas/Clash/allOf/1/anyOf/1/properties/v"]
    );
}

/// `allOf` members that lead back to each other, directly or through a union, merge each
/// component's fields once (this used to overflow the stack, or be "not an object").
#[test]
fn all_of_cycles_merge_each_component_once() {
    let (api, _) = lower(
        "components:
  schemas:
    A:
      allOf:
        - $ref: '#/components/schemas/B'
        - {type: object, properties: {a: {type: string}}}
    B:
      allOf:
        - $ref: '#/components/schemas/A'
        - {type: object, properties: {b: {type: string}}}
    U:
      oneOf:
        - $ref: '#/components/schemas/C'
        - {type: object, properties: {u: {type: string}}}
    C:
      allOf:
        - $ref: '#/components/schemas/U'
        - {type: object, properties: {c: {type: string}}}
",
    );
    let names = |name: &str| -> Vec<String> {
        fields(&api, name)
            .into_iter()
            .map(|(wire, _, _)| wire)
            .collect()
    };
    assert_eq!(names("A"), ["b", "a"]);
    assert_eq!(names("B"), ["b", "a"]);
    assert_eq!(names("C"), ["c", "u"]);
}

/// Used to be a generation error ("allOf member is not an object").
#[test]
fn all_of_members_that_cannot_merge_fall_back_to_a_value() {
    let (api, warnings) = lower(
        "components:
  schemas:
    Code: {type: string, format: uuid}
    Same:
      type: object
      properties:
        code:
          allOf:
            - $ref: '#/components/schemas/Code'
            - {type: string, maxLength: 36}
        mixed:
          allOf:
            - {type: string}
            - {type: object, properties: {a: {type: string}}}
",
    );
    assert_eq!(
        fields(&api, "Same"),
        [
            field("code", TypeRef::String, false),
            field("mixed", TypeRef::Json, false)
        ]
    );
    assert_eq!(
        fallbacks(&warnings),
        ["/components/schemas/Same/properties/mixed"]
    );
}

#[test]
fn const_of_any_json_type_is_typed() {
    let (api, _) = lower(
        "components:
  schemas:
    Fixed:
      type: object
      properties:
        name: {const: fixed}
        version: {const: 2}
        ratio: {const: 0.5}
        flag: {const: true}
",
    );
    let fixed = fields(&api, "Fixed");
    assert!(matches!(&fixed[0].1, TypeRef::Named(id) if id.name == "FixedName"));
    let rest: Vec<&TypeRef> = fixed[1..].iter().map(|f| &f.1).collect();
    assert_eq!(rest, [&TypeRef::I64, &TypeRef::F64, &TypeRef::Bool]);
}

#[test]
fn prefix_items_type_the_items_as_the_union_of_the_positions() {
    let (api, warnings) = lower(
        "components:
  schemas:
    Tuples:
      type: object
      properties:
        pair:
          type: array
          prefixItems: [{type: string}, {type: integer}]
          items: false
        same:
          type: array
          prefixItems: [{type: string}, {type: string}]
          items: {type: string}
        open:
          type: array
          prefixItems: [{type: string}]
        empty: {type: array, items: false}
",
    );
    let tuples = fields(&api, "Tuples");
    let item = |ty: &TypeRef| match ty {
        TypeRef::Array(item) => (**item).clone(),
        other => panic!("not a list: {other:?}"),
    };
    let pair = item(&tuples[0].1);
    match pair.named().map(|id| kind(&api, &id.name)) {
        Some(TypeKind::Union(variants)) => {
            let types: Vec<&TypeRef> = variants.iter().map(|v| &v.ty).collect();
            assert_eq!(types, [&TypeRef::String, &TypeRef::I64]);
        }
        other => panic!("pair items are not a union: {other:?}"),
    }
    assert_eq!(item(&tuples[1].1), TypeRef::String);
    assert_eq!(item(&tuples[2].1), TypeRef::Json);
    assert_eq!(item(&tuples[3].1), TypeRef::Json);
    // Only the open tuple falls back; `items: false` alone is the empty list, not a `not`.
    assert_eq!(
        fallbacks(&warnings),
        ["/components/schemas/Tuples/properties/open/prefixItems"]
    );
}

#[test]
fn pattern_and_unevaluated_properties_type_the_other_keys() {
    let (api, warnings) = lower(
        "components:
  schemas:
    Labels:
      type: object
      properties:
        labels:
          type: object
          patternProperties:
            '^[a-z]+$': {type: string}
          additionalProperties: false
    Open:
      type: object
      properties:
        id: {type: string}
      unevaluatedProperties: {type: integer}
    Closed:
      type: object
      properties:
        id: {type: string}
      unevaluatedProperties: false
",
    );
    assert_eq!(
        fields(&api, "Labels"),
        [field(
            "labels",
            TypeRef::Map(Box::new(TypeRef::String)),
            false
        )]
    );
    let additional = |name: &str| match kind(&api, name) {
        TypeKind::Struct(s) => s.additional.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(additional("Open"), Some(TypeRef::I64));
    assert_eq!(additional("Closed"), None);
    assert!(
        warnings
            .iter()
            .all(|w| !w.message.contains("not supported")),
        "{warnings:?}"
    );
}

#[test]
fn type_lists_defs_and_identifiers_are_typed() {
    let (api, warnings) = lower(
        "components:
  schemas:
    Shape:
      $id: https://example.com/shape
      $schema: https://json-schema.org/draft/2020-12/schema
      $anchor: shape
      type: object
      $defs:
        Point:
          type: object
          properties:
            x: {type: number}
      properties:
        origin: {$ref: '#/components/schemas/Shape/$defs/Point'}
        size: {type: [string, integer]}
        image: {type: string, contentEncoding: base64, contentMediaType: image/png, examples: [aGk=]}
        anything: true
",
    );
    let shape = fields(&api, "Shape");
    assert_eq!(shape[0].1, TypeRef::Named(shared("Point")));
    match shape[1].1.named().map(|id| kind(&api, &id.name)) {
        Some(TypeKind::Union(variants)) => assert_eq!(variants.len(), 2),
        other => panic!("size is not a union: {other:?}"),
    }
    assert_eq!(shape[2].1, TypeRef::String);
    assert_eq!(shape[3].1, TypeRef::Json);
    assert_eq!(fallbacks(&warnings), Vec::<&str>::new());
}

/// The caller (and `xtask generate`) can read how many schemas fell back.
#[test]
fn the_generation_counts_its_fallbacks() {
    let text = format!(
        "{HEADER}components:
  schemas:
    Odd:
      type: object
      properties:
        never: {{not: {{}}}}
        mixed:
          allOf: [{{type: string}}, {{type: integer}}]
        fine: {{type: string}}
"
    );
    let spec = generator::load::load_str(Path::new("test.yaml"), &text).expect("spec loads");
    let options = generator::CrateOptions::new("odd-sdk", "0.1.0");
    let generation = generator::generate(&spec, &options).expect("generates");
    assert_eq!(generation.fallbacks, 2, "{:?}", generation.warnings);
}
