//! The example value of each field and parameter, lowered once from every place the spec puts
//! one, with a made-up value beside it for when the spec has none.
//!
//! A field's spec example ([`Field::example`]) is the first of:
//! 1. a parameter's own `example`;
//! 2. a parameter's first named example (`examples`, in declaration order) that has a value,
//!    following references to `#/components/examples`;
//! 3. the schema's `example` (the loader copies the first entry of a 3.1 `examples` list into it),
//!    following `$ref`s, single-member `allOf`s and nullable wrappers to the schema they mean.
//!
//! Where none of these exists, [`fallback`] makes a value from the schema's type, format and
//! constraints ([`Field::fallback_example`]). The two are kept apart: docs snippets take the spec
//! example, else the fallback ([`Field::usage_example`] says which it got); the example
//! round-trip tests read only the spec's own values at the pointers in [`crate::ir::ExampleSite`]
//! and never see a fallback.

use openapiv3::{
    IntegerType, NumberType, ReferenceOr, Schema, SchemaKind, StringFormat, StringType, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::components::{component_key, follow, lookup};
use crate::load::LoadedSpec;

/// Where an example value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleSource {
    /// Written in the spec (a parameter's, a media type's or a schema's example).
    Spec,
    /// Made up by the generator from the type and format ([`fallback`]): shown in docs
    /// snippets only, never checked as a spec example.
    Fallback,
}

/// An example value with its provenance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Example<'a> {
    pub value: &'a Value,
    pub source: ExampleSource,
}

/// How many references, `allOf`s and wrappers are followed to find a schema's example.
const MAX_HOPS: usize = 16;

/// The uuid a `format: uuid` string without an example shows.
pub const FALLBACK_UUID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
/// The date-time a `format: date-time` string without an example shows (the example of Codat's
/// own `DateTime` schema).
pub const FALLBACK_DATE_TIME: &str = "2022-10-23T00:00:00Z";
/// The date a `format: date` string without an example shows.
pub const FALLBACK_DATE: &str = "2022-10-23";

/// The schema a `$ref` names, through chains of references.
fn resolve<'s>(spec: &'s LoadedSpec, reference: &str) -> Option<&'s Schema> {
    resolve_schema(spec, &component_key("schemas", reference)?)
}

/// The schema `#/components/schemas/<name>` means, through chains of references.
pub(super) fn resolve_schema<'s>(spec: &'s LoadedSpec, name: &str) -> Option<&'s Schema> {
    follow(spec, lookup::<Schema>(spec, name)?, "").map(|(s, _)| s)
}

/// The schema a member of a composition means.
fn member<'s>(spec: &'s LoadedSpec, member: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
    match member {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => resolve(spec, reference),
    }
}

/// The schemas `start` stands for, outermost first: a single-member `allOf` (how a reference
/// gets a description or `nullable` beside it) and a union of one schema and `null` are
/// unwrapped, references followed. An annotation on a wrapper wins over its target's.
pub(super) fn chain_from<'s>(spec: &'s LoadedSpec, start: &'s Schema) -> Vec<&'s Schema> {
    let mut out = Vec::new();
    let mut current = start;
    for _ in 0..MAX_HOPS {
        out.push(current);
        let members = match &current.schema_kind {
            SchemaKind::AllOf { all_of } => all_of.as_slice(),
            SchemaKind::AnyOf { any_of } => any_of.as_slice(),
            SchemaKind::OneOf { one_of } => one_of.as_slice(),
            _ => break,
        };
        let mut meaningful = members
            .iter()
            .filter_map(|m| member(spec, m))
            .filter(|m| !is_null_schema(m));
        let (Some(only), None) = (meaningful.next(), meaningful.next()) else {
            break;
        };
        current = only;
    }
    out
}

fn chain<'s>(spec: &'s LoadedSpec, schema: &'s ReferenceOr<Schema>) -> Vec<&'s Schema> {
    member(spec, schema)
        .map(|s| chain_from(spec, s))
        .unwrap_or_default()
}

fn boxed_chain<'s>(spec: &'s LoadedSpec, schema: &'s ReferenceOr<Box<Schema>>) -> Vec<&'s Schema> {
    let start = match schema {
        ReferenceOr::Item(s) => Some(s.as_ref()),
        ReferenceOr::Reference { reference } => resolve(spec, reference),
    };
    start.map(|s| chain_from(spec, s)).unwrap_or_default()
}

/// A schema that only allows `null` (`nullable` with no type, or `enum: [null]`).
fn is_null_schema(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            schema.schema_data.nullable
                && any.typ.is_none()
                && any.properties.is_empty()
                && any.all_of.is_empty()
                && any.any_of.is_empty()
                && any.one_of.is_empty()
        }
        SchemaKind::Type(Type::String(StringType { enumeration, .. })) => {
            !enumeration.is_empty() && enumeration.iter().all(Option::is_none)
        }
        _ => false,
    }
}

/// The first `example` along the schemas in `chain`.
pub(super) fn first_example(chain: &[&Schema]) -> Option<Value> {
    chain.iter().find_map(|s| s.schema_data.example.clone())
}

/// A schema's example, following references and wrappers.
pub(crate) fn schema_example(spec: &LoadedSpec, schema: &ReferenceOr<Schema>) -> Option<Value> {
    first_example(&chain(spec, schema))
}

/// A property schema's example, following references and wrappers.
pub(crate) fn property_example(
    spec: &LoadedSpec,
    schema: &ReferenceOr<Box<Schema>>,
) -> Option<Value> {
    first_example(&boxed_chain(spec, schema))
}

/// A made-up value for a field or parameter `name` of `schema` (see [`fallback`]).
pub(crate) fn schema_fallback(
    spec: &LoadedSpec,
    schema: &ReferenceOr<Schema>,
    name: &str,
) -> Option<Value> {
    fallback(&chain(spec, schema), name)
}

/// [`schema_fallback`] of a property.
pub(crate) fn property_fallback(
    spec: &LoadedSpec,
    schema: &ReferenceOr<Box<Schema>>,
    name: &str,
) -> Option<Value> {
    fallback(&boxed_chain(spec, schema), name)
}

/// A deterministic value for a schema with no example, from the innermost schema of `chain`
/// that has a type: its `default`; else its first `enum` value; else by type and format: a
/// fixed uuid, date-time ([`FALLBACK_DATE_TIME`]), date, e-mail address or URL, `1` (or the
/// nearest value `minimum`/`maximum` allow) for numbers, `false` for booleans, and for any other
/// string the field's name as a lower-case, hyphenated word (`platformKey` -> `"platform-key"`),
/// cut to `maxLength`. A list is one item of its items' fallback. `None` for objects and unions,
/// which the docs build field by field from their own fields' examples.
pub fn fallback(chain: &[&Schema], name: &str) -> Option<Value> {
    let schema = chain
        .iter()
        .rev()
        .find(|s| matches!(s.schema_kind, SchemaKind::Type(_)))?;
    if let Some(default) = chain.iter().find_map(|s| s.schema_data.default.clone()) {
        if !default.is_null() {
            return Some(default);
        }
    }
    let SchemaKind::Type(ty) = &schema.schema_kind else {
        return None;
    };
    match ty {
        Type::String(s) => Some(string_fallback(s, name)),
        Type::Integer(i) => Some(integer_fallback(i)),
        Type::Number(n) => Some(number_fallback(n)),
        Type::Boolean(_) => Some(Value::Bool(false)),
        Type::Array(a) => {
            let items = a.items.as_ref()?;
            let item = match items {
                ReferenceOr::Item(item) => fallback(&[item.as_ref()], name),
                ReferenceOr::Reference { .. } => None,
            }?;
            Some(Value::Array(vec![item]))
        }
        Type::Object(_) => None,
    }
}

fn string_fallback(s: &StringType, name: &str) -> Value {
    if let Some(Some(first)) = s.enumeration.iter().find(|v| v.is_some()) {
        return Value::String(first.clone());
    }
    let by_format = match &s.format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some(FALLBACK_DATE_TIME),
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some(FALLBACK_DATE),
        // Base64 of "example".
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("ZXhhbXBsZQ=="),
        VariantOrUnknownOrEmpty::Unknown(format) => match format.to_ascii_lowercase().as_str() {
            "uuid" | "guid" => Some(FALLBACK_UUID),
            "email" | "idn-email" => Some("user@example.com"),
            "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => {
                Some("https://example.com")
            }
            "hostname" | "idn-hostname" => Some("example.com"),
            "ipv4" => Some("192.0.2.1"),
            "ipv6" => Some("2001:db8::1"),
            "time" => Some("12:00:00Z"),
            "date-time" => Some(FALLBACK_DATE_TIME),
            "date" => Some(FALLBACK_DATE),
            _ => None,
        },
        _ => None,
    };
    if let Some(value) = by_format {
        return Value::String(value.to_owned());
    }
    let mut word = name_word(name);
    if let Some(max) = s.max_length.filter(|&m| m > 0) {
        word = word.chars().take(max).collect();
    }
    while s.min_length.is_some_and(|min| word.chars().count() < min) {
        word.push('x');
    }
    Value::String(word)
}

/// `platformKey`, `platform_key`, `Platform Key` -> `platform-key`; `value` when `name` has no
/// letters or digits.
fn name_word(name: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && previous_lower && !out.ends_with('-') {
                out.push('-');
            }
            out.extend(c.to_lowercase());
            previous_lower = c.is_lowercase() || c.is_ascii_digit();
        } else {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            previous_lower = false;
        }
    }
    let out = out.trim_matches('-').to_owned();
    if out.is_empty() {
        "value".to_owned()
    } else {
        out
    }
}

fn integer_fallback(i: &IntegerType) -> Value {
    if let Some(first) = i.enumeration.iter().flatten().next() {
        return Value::from(*first);
    }
    let min = i
        .minimum
        .map(|m| if i.exclusive_minimum { m + 1 } else { m });
    let max = i
        .maximum
        .map(|m| if i.exclusive_maximum { m - 1 } else { m });
    let mut value = 1;
    if let Some(min) = min {
        value = value.max(min);
    }
    if let Some(max) = max {
        value = value.min(max);
    }
    Value::from(value)
}

fn number_fallback(n: &NumberType) -> Value {
    if let Some(first) = n.enumeration.iter().flatten().next() {
        return Value::from(*first);
    }
    let mut value: f64 = 1.0;
    if let Some(min) = n.minimum {
        if value < min || (n.exclusive_minimum && value <= min) {
            value = if n.exclusive_minimum { min + 1.0 } else { min };
        }
    }
    if let Some(max) = n.maximum {
        if value > max || (n.exclusive_maximum && value >= max) {
            value = if n.exclusive_maximum { max - 1.0 } else { max };
        }
    }
    Value::from(value)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ir::{Field, TypeKind};

    /// A spec with an example in each place the spec can put one, and fields with none.
    pub(crate) const SPEC: &str = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /companies/{companyId}/things/{thingId}/{kind}/{product}:
    post:
      operationId: do-thing
      parameters:
        - {$ref: '#/components/parameters/companyId'}
        - name: thingId
          in: path
          required: true
          schema: {type: string, format: uuid, example: schema-level}
          example: parameter-level
        - name: kind
          in: path
          required: true
          schema: {$ref: '#/components/schemas/Kind'}
        - name: product
          in: path
          required: true
          schema: {type: string}
          examples:
            second: {value: bank-feeds}
            first: {value: lending}
        - {name: when, in: query, required: true, schema: {type: string, format: date-time}}
        - {name: day, in: query, required: true, schema: {type: string, format: date}}
        - {name: mail, in: query, required: true, schema: {type: string, format: email}}
        - {name: pageSize, in: query, required: true, schema: {type: integer, minimum: 10, maximum: 20}}
        - {name: platformKey, in: query, required: true, schema: {type: string}}
        - {name: id, in: query, required: true, schema: {type: string, format: uuid}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses: {'204': {description: OK}}
components:
  parameters:
    companyId:
      name: companyId
      in: path
      required: true
      schema: {$ref: '#/components/schemas/CompanyId'}
  schemas:
    CompanyId: {type: string, format: uuid, example: 8a210b68-6988-11ed-a1eb-0242ac120002}
    Kind: {type: string, enum: [accounts, invoices], example: invoices}
    Thing:
      type: object
      required: [company, kind, name]
      properties:
        company: {$ref: '#/components/schemas/CompanyId'}
        kind: {$ref: '#/components/schemas/Kind'}
        name: {type: string, examples: [Tom, Jerry]}
        size: {type: number, exclusiveMinimum: 2}
"##;

    fn param<'a>(api: &'a crate::ir::Api, wire_name: &str) -> &'a Field {
        let op = &api.groups[0].operations[0];
        &op.params
            .iter()
            .find(|p| p.field.wire_name == wire_name)
            .unwrap_or_else(|| panic!("no parameter {wire_name}"))
            .field
    }

    fn usage(field: &Field) -> (Value, ExampleSource) {
        let example = field.usage_example().expect("every scalar has an example");
        (example.value.clone(), example.source)
    }

    #[test]
    fn parameter_examples_come_from_every_place_in_order() {
        let api = crate::ir::lowered(SPEC);
        let spec = |v: &str| (Value::from(v), ExampleSource::Spec);
        let made_up = |v: Value| (v, ExampleSource::Fallback);
        // Through the parameter component and the schema it refers to.
        assert_eq!(
            usage(param(&api, "companyId")),
            spec("8a210b68-6988-11ed-a1eb-0242ac120002")
        );
        // The parameter's own example wins over its schema's.
        assert_eq!(usage(param(&api, "thingId")), spec("parameter-level"));
        // An enum's example, not its first value.
        assert_eq!(usage(param(&api, "kind")), spec("invoices"));
        // The first named example in declaration order.
        assert_eq!(usage(param(&api, "product")), spec("bank-feeds"));
        // No example: made up from type, format and bounds, never empty.
        assert_eq!(
            usage(param(&api, "when")),
            made_up(Value::from(FALLBACK_DATE_TIME))
        );
        assert_eq!(
            usage(param(&api, "day")),
            made_up(Value::from(FALLBACK_DATE))
        );
        assert_eq!(
            usage(param(&api, "mail")),
            made_up(Value::from("user@example.com"))
        );
        assert_eq!(usage(param(&api, "pageSize")), made_up(Value::from(10)));
        assert_eq!(
            usage(param(&api, "platformKey")),
            made_up(Value::from("platform-key"))
        );
        assert_eq!(
            usage(param(&api, "id")),
            made_up(Value::from(FALLBACK_UUID))
        );
    }

    #[test]
    fn field_examples_follow_references_and_fallbacks_stay_out_of_the_spec_examples() {
        let api = crate::ir::lowered(SPEC);
        let thing = api
            .types
            .types
            .values()
            .find(|t| t.id.name == "Thing")
            .expect("Thing");
        let TypeKind::Struct(s) = &thing.kind else {
            panic!("a struct");
        };
        let field = |name: &str| s.fields.iter().find(|f| f.wire_name == name).unwrap();
        assert_eq!(
            field("company").example,
            Some(Value::from("8a210b68-6988-11ed-a1eb-0242ac120002"))
        );
        assert_eq!(field("kind").example, Some(Value::from("invoices")));
        assert_eq!(field("name").example, Some(Value::from("Tom")));
        assert_eq!(field("size").example, None);
        assert_eq!(
            usage(field("size")),
            (Value::from(3.0), ExampleSource::Fallback)
        );
        // The round-trip test's sites are the spec's own examples only.
        for site in &api.examples {
            assert!(
                site.pointer.ends_with("/example") || site.pointer.contains("/examples/"),
                "{}",
                site.pointer
            );
        }
        assert!(!api
            .examples
            .iter()
            .any(|site| site.pointer.contains("when") || site.pointer.contains("size")));
    }

    #[test]
    fn names_become_hyphenated_words() {
        assert_eq!(name_word("platformKey"), "platform-key");
        assert_eq!(name_word("customDataIdentifier"), "custom-data-identifier");
        assert_eq!(name_word("page_size"), "page-size");
        assert_eq!(name_word("ID"), "id");
        assert_eq!(name_word("x-request-id"), "x-request-id");
        assert_eq!(name_word("$"), "value");
    }
}
