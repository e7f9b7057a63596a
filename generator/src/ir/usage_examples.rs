//! The value a docs snippet shows for a model the spec gives no example for where it is used,
//! decided once here: the model's own schema example, with the fields it leaves out filled in
//! from the fields' examples and, for nested models, lists and maps, from their own such
//! values, recursively. The recursion is bounded ([`MAX_NESTING`]) and a model already being
//! built is not entered again, so recursive schemas terminate. Only spec values are used (plus
//! one list item or one `"key"` map entry to hold them); the snippet fills in required scalars
//! without one from [`crate::ir::Field::usage_example`].
//!
//! Request-body examples are settled here too ([`settle_body_examples`]): a body shown from its
//! schema's example gains the same filled-in fields, and a media-type example that names none
//! of the body's fields (it would print as an empty `new()`) gives way to the model's value.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::{Map, Value};

use super::components::{component_key, follow, json_media};
use super::examples::{chain_from, first_example, resolve_schema};
use super::{BodyExample, Operation, StructDef, TypeDef, TypeId, TypeKind, TypeRef, TypeSpace};
use crate::load::pointer::parse_pointer;
use crate::load::LoadedSpec;

/// How many models deep a value is built; deeper models are left to their required fields.
const MAX_NESTING: usize = 4;

/// How many nested models one type's value may enter, so a wide spec cannot make the
/// building (up to [`MAX_NESTING`] levels of every field) explode; past it, models are left to
/// their required fields.
const MAX_MODELS: usize = 256;

/// The key of the one entry a map of models without an example shows.
pub const MAP_KEY: &str = "key";

/// The schema example of every struct type whose schema has an object one (wrappers first).
pub(crate) fn whole_examples(spec: &LoadedSpec, types: &TypeSpace) -> BTreeMap<TypeId, Value> {
    types
        .types
        .values()
        .filter(|t| matches!(t.kind, TypeKind::Struct(_)))
        .filter_map(|t| {
            let schema = schema_at(spec, &t.pointer)?;
            let example = first_example(&chain_from(spec, schema))?;
            example.is_object().then(|| (t.id.clone(), example))
        })
        .collect()
}

/// The usage value of every struct type that has one (see the module docs).
pub(crate) fn usage_examples(
    types: &TypeSpace,
    whole: &BTreeMap<TypeId, Value>,
) -> BTreeMap<TypeId, Value> {
    types
        .types
        .values()
        .filter_map(|t| {
            let TypeKind::Struct(s) = &t.kind else {
                return None;
            };
            let builder = Builder {
                types,
                whole,
                budget: Cell::new(MAX_MODELS),
            };
            let mut building = BTreeSet::from([t.id.clone()]);
            let value = builder.model(t, s, &mut building)?;
            Some((t.id.clone(), value))
        })
        .collect()
}

struct Builder<'a> {
    types: &'a TypeSpace,
    whole: &'a BTreeMap<TypeId, Value>,
    /// How many more nested models may be entered ([`MAX_MODELS`]).
    budget: Cell<usize>,
}

impl Builder<'_> {
    /// The schema example of `t`, completed field by field; `None` when nothing is known.
    fn model(&self, t: &TypeDef, s: &StructDef, building: &mut BTreeSet<TypeId>) -> Option<Value> {
        let mut map: Map<String, Value> = match self.whole.get(&t.id) {
            Some(Value::Object(map)) => map.clone(),
            _ => Map::new(),
        };
        for field in &s.fields {
            if map.contains_key(&field.wire_name) {
                continue;
            }
            let value = field
                .example
                .clone()
                .or_else(|| self.value(&field.ty, building));
            if let Some(value) = value {
                map.insert(field.wire_name.clone(), value);
            }
        }
        (!map.is_empty()).then_some(Value::Object(map))
    }

    /// The value of a field of type `ty` without an example of its own.
    fn value(&self, ty: &TypeRef, building: &mut BTreeSet<TypeId>) -> Option<Value> {
        match ty {
            TypeRef::Array(inner) => Some(Value::Array(vec![self.value(inner, building)?])),
            TypeRef::Map(inner) => {
                let value = self.value(inner, building)?;
                Some(Value::Object(Map::from_iter([(MAP_KEY.to_owned(), value)])))
            }
            TypeRef::Named(id) => {
                if building.len() >= MAX_NESTING || building.contains(id) || self.budget.get() == 0
                {
                    return None;
                }
                self.budget.set(self.budget.get() - 1);
                let t = self.types.get(id)?;
                building.insert(id.clone());
                let value = match &t.kind {
                    TypeKind::Struct(s) => self.model(t, s, building),
                    TypeKind::Newtype(inner) => self.value(inner, building),
                    TypeKind::Enum(_) | TypeKind::Union(_) => None,
                };
                building.remove(id);
                value
            }
            _ => None,
        }
    }
}

/// Settles the docs' body examples of `op` (see the module docs).
pub(crate) fn settle_body_examples(
    op: &mut Operation,
    types: &TypeSpace,
    whole: &BTreeMap<TypeId, Value>,
    usage: &BTreeMap<TypeId, Value>,
) {
    let Some(id) = op.body.as_ref().and_then(|b| b.field.ty.named()) else {
        return;
    };
    let Some(TypeKind::Struct(s)) = types.get(id).map(|t| &t.kind) else {
        return;
    };
    let Some(model_value) = usage.get(id) else {
        return;
    };
    let fitting: Vec<BodyExample> = op
        .body_examples
        .iter()
        .filter(|e| names_a_field(s, &e.value))
        .cloned()
        .collect();
    op.body_examples = if fitting.is_empty() && !op.body_examples.is_empty() {
        vec![BodyExample {
            name: None,
            value: model_value.clone(),
        }]
    } else {
        fitting
            .into_iter()
            .map(|mut e| {
                // The schema's own example, which the body shows for want of a media-type one.
                if e.name.is_none() && whole.get(id) == Some(&e.value) {
                    e.value = model_value.clone();
                }
                e
            })
            .collect()
    };
}

/// Whether `value` can show something of struct `s`: anything but an object that names none
/// of its fields where no other key is allowed.
fn names_a_field(s: &StructDef, value: &Value) -> bool {
    match value {
        Value::Object(map) if s.additional.is_none() && !s.fields.is_empty() => {
            s.fields.iter().any(|f| map.contains_key(&f.wire_name))
        }
        _ => true,
    }
}

/// The schema a type's pointer names: under `#/components/schemas` or an operation's JSON
/// request body, then through `properties`, `items`, `additionalProperties` and composition
/// members. `None` for any other place (such a type shows no schema example).
fn schema_at<'s>(spec: &'s LoadedSpec, pointer: &str) -> Option<&'s Schema> {
    let tokens = parse_pointer(pointer)?;
    let (start, rest) = match tokens.as_slice() {
        [components, schemas, name, rest @ ..]
            if components == "components" && schemas == "schemas" =>
        {
            (resolve_schema(spec, name)?, rest)
        }
        [paths, path, method, request_body, content, media, schema, rest @ ..]
            if paths == "paths"
                && request_body == "requestBody"
                && content == "content"
                && schema == "schema" =>
        {
            let item = spec.openapi.paths.paths.get(path)?.as_item()?;
            let op = item.iter().find(|(m, _)| *m == method.as_str())?.1;
            let (body, _) = follow(spec, op.request_body.as_ref()?, "")?;
            let (_, found) = json_media(&body.content).filter(|(m, _)| *m == media)?;
            (deref(spec, found.schema.as_ref()?)?, rest)
        }
        _ => return None,
    };
    walk(spec, start, rest)
}

fn walk<'s>(spec: &'s LoadedSpec, schema: &'s Schema, tokens: &[String]) -> Option<&'s Schema> {
    let [first, rest @ ..] = tokens else {
        return Some(schema);
    };
    let next = match (first.as_str(), &schema.schema_kind) {
        ("properties", SchemaKind::Type(Type::Object(o))) => {
            deref_boxed(spec, o.properties.get(rest.first()?)?)?
        }
        ("properties", SchemaKind::Any(any)) => {
            deref_boxed(spec, any.properties.get(rest.first()?)?)?
        }
        ("items", SchemaKind::Type(Type::Array(a))) => deref_boxed(spec, a.items.as_ref()?)?,
        ("items", SchemaKind::Any(any)) => deref_boxed(spec, any.items.as_ref()?)?,
        ("additionalProperties", SchemaKind::Type(Type::Object(o))) => {
            additional(spec, o.additional_properties.as_ref()?)?
        }
        ("additionalProperties", SchemaKind::Any(any)) => {
            additional(spec, any.additional_properties.as_ref()?)?
        }
        ("allOf", SchemaKind::AllOf { all_of: members })
        | ("anyOf", SchemaKind::AnyOf { any_of: members })
        | ("oneOf", SchemaKind::OneOf { one_of: members }) => {
            deref(spec, members.get(rest.first()?.parse::<usize>().ok()?)?)?
        }
        _ => return None,
    };
    let rest = match first.as_str() {
        "properties" | "allOf" | "anyOf" | "oneOf" => &rest[1..],
        _ => rest,
    };
    walk(spec, next, rest)
}

fn deref<'s>(spec: &'s LoadedSpec, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
    match schema {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => {
            resolve_schema(spec, &component_key("schemas", reference)?)
        }
    }
}

fn deref_boxed<'s>(
    spec: &'s LoadedSpec,
    schema: &'s ReferenceOr<Box<Schema>>,
) -> Option<&'s Schema> {
    match schema {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => {
            resolve_schema(spec, &component_key("schemas", reference)?)
        }
    }
}

fn additional<'s>(
    spec: &'s LoadedSpec,
    additional: &'s AdditionalProperties,
) -> Option<&'s Schema> {
    match additional {
        AdditionalProperties::Schema(schema) => deref(spec, schema),
        AdditionalProperties::Any(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::ir::{Api, Module, TypeId};

    const SPEC: &str = include_str!("../../tests/snapshots/nested_examples/openapi.yaml");

    fn example(api: &Api, name: &str) -> Option<serde_json::Value> {
        let id = TypeId {
            module: Module::Shared,
            name: name.to_owned(),
        };
        api.type_examples.get(&id).cloned()
    }

    fn body_examples(api: &Api, operation_id: &str) -> Vec<serde_json::Value> {
        let op = api
            .groups
            .iter()
            .flat_map(|g| &g.operations)
            .find(|op| op.operation_id == operation_id)
            .expect("the operation");
        op.body_examples.iter().map(|e| e.value.clone()).collect()
    }

    #[test]
    fn models_are_built_from_nested_examples_and_recursion_stops() {
        let api = crate::ir::lowered(SPEC);
        // A recursive model shows its own example once; the list of itself is not entered.
        assert_eq!(
            example(&api, "Tree"),
            Some(json!({
                "root": {"name": "oak"},
                "labels": {"key": {"text": "evergreen"}},
            }))
        );
        assert_eq!(example(&api, "Node"), Some(json!({"name": "oak"})));
        // A list of models shows one item: the item schema's own example.
        let body = api
            .type_examples
            .iter()
            .find(|(id, _)| id.name == "UpdateSettingsRequestBody")
            .map(|(_, v)| v.clone());
        assert_eq!(
            body,
            Some(json!({
                "settings": [{"dataType": "invoices", "syncSchedule": 24, "isLocked": true}],
            }))
        );
        assert_eq!(crate::ir::lowered(SPEC).type_examples, api.type_examples);
    }

    #[test]
    fn a_schema_example_gains_the_fields_it_leaves_out() {
        let api = crate::ir::lowered(SPEC);
        let profile =
            json!({"name": "Bob's Burgers", "apiKey": "sartANTjHAkLdbyDfaynoTQb7pkmj6hXHmnQKMrB"});
        assert_eq!(example(&api, "Profile"), Some(profile.clone()));
        assert_eq!(body_examples(&api, "update-profile"), [profile]);
    }

    #[test]
    fn a_media_example_naming_no_field_gives_way_to_the_models_value() {
        let api = crate::ir::lowered(SPEC);
        assert_eq!(
            body_examples(&api, "configure"),
            [json!({"config": {"orders-supplemental-data": {
                "dataSource": "/orders",
                "pullData": {"orderNumber": "order_num"},
            }}})]
        );
    }

    #[test]
    fn a_wide_spec_builds_in_bounded_work() {
        // 12 models of 12 fields each referring to the next: 12^4 paths without the budget.
        let mut schemas = String::new();
        for i in 0..12 {
            let fields: Vec<String> = (0..12)
                .map(|f| format!("f{f}: {{$ref: '#/components/schemas/W{}'}}", (i + 1) % 12))
                .collect();
            schemas.push_str(&format!(
                "    W{i}: {{type: object, properties: {{name: {{type: string, example: w{i}}}, {}}}}}\n",
                fields.join(", ")
            ));
        }
        let spec = format!(
            "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let api = crate::ir::lowered(&spec);
        let size = |v: &serde_json::Value| v.to_string().len();
        let w0 = example(&api, "W0").expect("W0 has a value");
        assert!(size(&w0) < 64 * 1024, "{}", size(&w0));
    }

    #[test]
    fn nesting_is_bounded() {
        // A chain of models deeper than MAX_NESTING, the example at its end.
        let mut schemas = String::new();
        for i in 0..8 {
            schemas.push_str(&format!(
                "    M{i}: {{type: object, properties: {{next: {{$ref: '#/components/schemas/M{}'}}}}}}\n",
                i + 1
            ));
        }
        schemas.push_str(
            "    M8: {type: object, properties: {leaf: {type: string, example: deep}}}\n",
        );
        let spec = format!(
            "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let api = crate::ir::lowered(&spec);
        let depth = |mut v: &serde_json::Value| {
            let mut n = 0;
            while let Some(next) = v.get("next") {
                v = next;
                n += 1;
            }
            n
        };
        assert_eq!(example(&api, "M8"), Some(json!({"leaf": "deep"})));
        assert!(example(&api, "M0").is_none_or(|v| depth(&v) < super::MAX_NESTING));
    }
}
