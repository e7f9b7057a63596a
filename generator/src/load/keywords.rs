//! Rules 3 and 5: JSON Schema 2020-12 keywords rewritten into their OpenAPI 3.0 forms.
//!
//! - `type: [T, "null"]` becomes `type: T, nullable: true`; several types become `anyOf`;
//! - `oneOf`/`anyOf` members that only allow `null` (`{type: "null"}`, ...) become
//!   `nullable: true`: `oneOf: [T, {type: "null"}]` is read as `T` plus `nullable: true`;
//! - `const: v` becomes `enum: [v]` with `x-codat-const: true`;
//! - numeric `exclusiveMinimum: n` becomes `minimum: n, exclusiveMinimum: true` (and max);
//! - `examples: [a, ...]` becomes `example: a`;
//! - `prefixItems` becomes `items` (the union of the positions' schemas), `items: false` alone
//!   becomes `items: {}`, `patternProperties` and `unevaluatedProperties` become
//!   `additionalProperties`.
//!
//! Each rewrite keeps the key order: the new keys take the old key's place.

use serde_json::{Map, Number, Value};

use super::compose::OBJECT_KEYWORDS;
use super::context::Ctx;
use crate::error::GenError;

/// Extension marking an `enum` that was a `const`.
pub const CONST_MARK: &str = "x-codat-const";

/// Replaces the entry `key` of `map` by `entries`, in its place.
pub(crate) fn replace_key(map: &mut Map<String, Value>, key: &str, entries: Vec<(String, Value)>) {
    let mut entries = Some(entries);
    let old = std::mem::take(map);
    for (k, v) in old {
        if k == key {
            for (nk, nv) in entries.take().into_iter().flatten() {
                map.insert(nk, nv);
            }
        } else if !map.contains_key(&k) {
            map.insert(k, v);
        }
    }
}

fn entry(key: &str, value: Value) -> (String, Value) {
    (key.to_owned(), value)
}

/// Rule 3: `type` as a list (or `"null"`).
pub(crate) fn type_list(
    map: &mut Map<String, Value>,
    path: &[String],
    ctx: &mut Ctx,
) -> Result<(), GenError> {
    let types: Vec<String> = match map.get("type") {
        Some(Value::String(t)) if t == "null" => vec![t.clone()],
        Some(Value::Array(list)) => {
            let mut types = Vec::with_capacity(list.len());
            for (index, t) in list.iter().enumerate() {
                let Some(t) = t.as_str() else {
                    let mut at = path.to_vec();
                    at.extend(["type".to_owned(), index.to_string()]);
                    return Err(ctx.invalid(
                        &at,
                        format!("`type` entries must be strings, found {}", kind(t)),
                    ));
                };
                if !types.iter().any(|seen| seen == t) {
                    types.push(t.to_owned());
                }
            }
            types
        }
        _ => return Ok(()),
    };
    let nullable = types.iter().any(|t| t == "null");
    let others: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
    let mut entries = Vec::new();
    match others.as_slice() {
        [] => {}
        [only] => entries.push(entry("type", Value::String((*only).clone()))),
        several => {
            let members: Vec<Value> = several
                .iter()
                .map(|t| {
                    let mut member = Map::new();
                    member.insert("type".to_owned(), Value::String((*t).clone()));
                    Value::Object(member)
                })
                .collect();
            if map.contains_key("anyOf") {
                // Keep the existing `anyOf`; the alternatives join through `allOf`.
                let mut any_of = Map::new();
                any_of.insert("anyOf".to_owned(), Value::Array(members));
                let all_of = map
                    .entry("allOf")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(all_of) = all_of {
                    let mut at = path.to_vec();
                    at.extend(["allOf".to_owned(), all_of.len().to_string()]);
                    ctx.record_move(&at, path);
                    all_of.push(Value::Object(any_of));
                }
            } else {
                for index in 0..members.len() {
                    let mut at = path.to_vec();
                    at.extend(["anyOf".to_owned(), index.to_string()]);
                    ctx.record_move(&at, path);
                }
                entries.push(entry("anyOf", Value::Array(members)));
            }
        }
    }
    if nullable {
        map.shift_remove("nullable");
        entries.push(entry("nullable", Value::Bool(true)));
    }
    replace_key(map, "type", entries);
    Ok(())
}

/// Keywords that only annotate: beside them, a schema that only allows `null` still does.
const ANNOTATIONS: [&str; 10] = [
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "$comment",
];

/// Whether `schema` (as written, not yet normalized) allows only `null`: `{type: "null"}`,
/// `{type: ["null"]}`, `{enum: [null]}`, `{const: null}` or 3.0's `{nullable: true, enum:
/// [null]}` (with any `type`), beside annotations. Not `{nullable: true}` alone: without a
/// `type`, 3.0.3 says `nullable` has no effect, so that member allows any value.
fn is_null_only(schema: &Value) -> bool {
    let Value::Object(map) = schema else {
        return false;
    };
    let nullable = map.get("nullable") == Some(&Value::Bool(true));
    let only_null_enum = |v: &Value| matches!(v, Value::Array(vs) if !vs.is_empty() && vs.iter().all(Value::is_null));
    let enum_is_null = map.get("enum").is_some_and(only_null_enum);
    let mut says_null = false;
    for (key, value) in map {
        let null = match key.as_str() {
            "type" => match value {
                Value::String(t) => t == "null" || (nullable && enum_is_null),
                Value::Array(ts) => {
                    (!ts.is_empty() && ts.iter().all(|t| t == "null")) || (nullable && enum_is_null)
                }
                _ => false,
            },
            "enum" => enum_is_null,
            "const" => value.is_null(),
            "nullable" => nullable && enum_is_null,
            other if ANNOTATIONS.contains(&other) || other.starts_with("x-") => continue,
            _ => false,
        };
        if !null {
            return false;
        }
        says_null = true;
    }
    says_null
}

/// Rule 3, the composite spelling of `type: [T, "null"]`: members of `oneOf`/`anyOf` that only
/// allow `null` ([`is_null_only`]) are removed and the schema becomes `nullable: true`, so
/// `oneOf: [T, {type: "null"}]` gives the same Rust as `type: [T, "null"]` and 3.0's `nullable`.
///
/// - One other member: an inline one is merged into the schema in the composite's place (when
///   no keyword of it says otherwise than the schema), any other becomes `allOf: [member]`,
///   as a `$ref` beside `nullable` does ([`super::siblings`]);
/// - several: the union stays, without its null members;
/// - none: the schema is `nullable: true` alone, as `type: "null"` is.
///
/// Only a lone `oneOf`/`anyOf` is read so: beside an object part or another composite it is
/// split out by [`super::compose`] first, and read when its new place is visited. A null-only
/// `allOf` member (the value must be null *and* match the others) is taken to mean `nullable`
/// too, with a warning.
pub(crate) fn null_members(map: &mut Map<String, Value>, path: &[String], ctx: &mut Ctx) {
    null_all_of_members(map, path, ctx);
    let composites: Vec<&str> = ["allOf", "oneOf", "anyOf"]
        .into_iter()
        .filter(|k| map.get(*k).is_some_and(Value::is_array))
        .collect();
    let [keyword] = composites.as_slice() else {
        return;
    };
    let keyword = *keyword;
    if keyword == "allOf" || OBJECT_KEYWORDS.iter().any(|k| map.contains_key(*k)) {
        return;
    }
    let Some(Value::Array(members)) = map.get(keyword) else {
        return;
    };
    if !members.iter().any(is_null_only) {
        return;
    }
    let others = non_null_members(members);
    let member_at = |key: &str, index: usize| member_path(path, key, index);
    map.shift_remove("nullable");
    let nullable = entry("nullable", Value::Bool(true));
    match others.as_slice() {
        [] => replace_key(map, keyword, vec![nullable]),
        [(index, Value::Object(member))] if mergeable(map, keyword, member) => {
            let mut entries = Vec::new();
            for (key, value) in member {
                if key == "nullable" {
                    continue;
                }
                let mut new = path.to_vec();
                new.push(key.clone());
                let mut old = member_at(keyword, *index);
                old.push(key.clone());
                ctx.record_move(&new, &old);
                entries.push((key.clone(), value.clone()));
            }
            entries.push(nullable);
            replace_key(map, keyword, entries);
            // The member may be a composite with null members of its own.
            null_members(map, path, ctx);
        }
        [(index, member)] => {
            ctx.record_move(&member_at("allOf", 0), &member_at(keyword, *index));
            replace_key(
                map,
                keyword,
                vec![entry("allOf", Value::Array(vec![member.clone()])), nullable],
            );
        }
        several => {
            let kept = keep_members(several, keyword, path, ctx);
            replace_key(
                map,
                keyword,
                vec![entry(keyword, Value::Array(kept)), nullable],
            );
        }
    }
}

/// Whether the one non-null `member` of `map`'s `keyword` can take the composite's place: it is
/// no reference, and says nothing the schema says otherwise (`nullable` aside).
fn mergeable(map: &Map<String, Value>, keyword: &str, member: &Map<String, Value>) -> bool {
    !member.contains_key("$ref")
        && member.iter().all(|(key, value)| {
            key == "nullable" || key == keyword || !map.get(key).is_some_and(|mine| mine != value)
        })
}

/// The members that do not only allow `null`, each with its index as written.
fn non_null_members(members: &[Value]) -> Vec<(usize, Value)> {
    members
        .iter()
        .enumerate()
        .filter(|(_, m)| !is_null_only(m))
        .map(|(i, m)| (i, m.clone()))
        .collect()
}

/// `kept` as the new members of `keyword`, each move recorded so pointers still name the member
/// as written.
fn keep_members(
    kept: &[(usize, Value)],
    keyword: &str,
    path: &[String],
    ctx: &mut Ctx,
) -> Vec<Value> {
    for (new, (old, _)) in kept.iter().enumerate() {
        ctx.record_move(
            &member_path(path, keyword, new),
            &member_path(path, keyword, *old),
        );
    }
    kept.iter().map(|(_, m)| m.clone()).collect()
}

/// The path of member `index` of `keyword` in the schema at `path`.
fn member_path(path: &[String], keyword: &str, index: usize) -> Vec<String> {
    let mut at = path.to_vec();
    at.extend([keyword.to_owned(), index.to_string()]);
    at
}

/// Null-only `allOf` members: removed, and the schema becomes `nullable: true`; with other
/// members beside them (which a value would have to match as well as be `null`), a warning.
fn null_all_of_members(map: &mut Map<String, Value>, path: &[String], ctx: &mut Ctx) {
    let Some(Value::Array(members)) = map.get("allOf") else {
        return;
    };
    if !members.iter().any(is_null_only) {
        return;
    }
    let others = non_null_members(members);
    if !others.is_empty() {
        for (index, _) in members.iter().enumerate().filter(|(_, m)| is_null_only(m)) {
            ctx.warn(
                &member_path(path, "allOf", index),
                "this `allOf` member only allows `null`, which the other members must \
                 allow too; it is read as making the schema nullable",
            );
        }
    }
    let kept = keep_members(&others, "allOf", path, ctx);
    map.shift_remove("nullable");
    let mut entries = Vec::new();
    if !kept.is_empty() {
        entries.push(entry("allOf", Value::Array(kept)));
    }
    entries.push(entry("nullable", Value::Bool(true)));
    replace_key(map, "allOf", entries);
}

/// Rule 5: `const: v` becomes `enum: [v]` plus `x-codat-const: true`.
pub(crate) fn const_to_enum(map: &mut Map<String, Value>) {
    let Some(value) = map.get("const").cloned() else {
        return;
    };
    map.shift_remove("enum");
    replace_key(
        map,
        "const",
        vec![
            entry("enum", Value::Array(vec![value])),
            entry(CONST_MARK, Value::Bool(true)),
        ],
    );
}

/// Rule 5: numeric `exclusiveMinimum`/`exclusiveMaximum` (3.1) become the 3.0 boolean form.
pub(crate) fn exclusive_bounds(map: &mut Map<String, Value>) {
    exclusive_bound(map, "exclusiveMinimum", "minimum", |new, old| new >= old);
    exclusive_bound(map, "exclusiveMaximum", "maximum", |new, old| new <= old);
}

fn exclusive_bound(
    map: &mut Map<String, Value>,
    exclusive: &str,
    inclusive: &str,
    tighter: fn(f64, f64) -> bool,
) {
    let Some(Value::Number(bound)) = map.get(exclusive).cloned() else {
        return;
    };
    match map.get(inclusive).and_then(Value::as_number).cloned() {
        // Both given: the tighter one wins.
        Some(existing) if !tighter(as_f64(&bound), as_f64(&existing)) => {
            map.shift_remove(exclusive);
        }
        Some(_) => {
            map.insert(inclusive.to_owned(), Value::Number(bound));
            map.insert(exclusive.to_owned(), Value::Bool(true));
        }
        None => replace_key(
            map,
            exclusive,
            vec![
                entry(inclusive, Value::Number(bound)),
                entry(exclusive, Value::Bool(true)),
            ],
        ),
    }
}

fn as_f64(n: &Number) -> f64 {
    n.as_f64().unwrap_or(f64::NAN)
}

/// Rule 5: schema-level `examples` (a list in 3.1) gains `example` (its first entry) unless
/// there is an `example` already; the list stays, so every entry is still checked against the
/// schema. Codat sometimes writes the media-type form (a map of names to values or Example
/// Objects), which a schema cannot hold; its first value becomes `example` and the map goes.
pub(crate) fn examples_to_example(map: &mut Map<String, Value>) {
    let Some(examples) = map.get("examples") else {
        return;
    };
    let keep_list = examples.is_array();
    let first = match examples {
        Value::Array(list) => list.first().cloned(),
        Value::Object(named) => named.values().next().map(|first| match first {
            Value::Object(example) if is_example_object(example) => {
                example.get("value").cloned().unwrap_or(Value::Null)
            }
            other => other.clone(),
        }),
        _ => None,
    };
    match first {
        Some(first) if !map.contains_key("example") => {
            if keep_list {
                map.insert("example".to_owned(), first);
            } else {
                replace_key(map, "examples", vec![entry("example", first)]);
            }
        }
        _ if keep_list => {}
        _ => {
            map.shift_remove("examples");
        }
    }
}

fn is_example_object(example: &Map<String, Value>) -> bool {
    example.contains_key("value")
        && example.keys().all(|k| {
            matches!(k.as_str(), "value" | "summary" | "description") || k.starts_with("x-")
        })
}

/// Extension collecting keywords that do not apply to the schema's declared `type`.
pub const IGNORED_MARK: &str = "x-codat-ignored";

/// Keywords that only constrain values of some types (`applies_to`), and are vacuous (and make
/// openapiv3 read the schema as "any") on a schema whose `type` is another one.
const TYPE_SPECIFIC: [(&str, &[&str]); 14] = [
    ("pattern", &["string"]),
    ("minLength", &["string"]),
    ("maxLength", &["string"]),
    ("multipleOf", &["number", "integer"]),
    ("minimum", &["number", "integer"]),
    ("maximum", &["number", "integer"]),
    ("exclusiveMinimum", &["number", "integer"]),
    ("exclusiveMaximum", &["number", "integer"]),
    ("minItems", &["array"]),
    ("maxItems", &["array"]),
    ("uniqueItems", &["array"]),
    ("minProperties", &["object"]),
    ("maxProperties", &["object"]),
    ("additionalProperties", &["object"]),
];

/// A schema with `properties` (or an `additionalProperties` schema) and no `type` is an object:
/// `type: object` is added before the first object keyword, so openapiv3 reads an object type
/// rather than "any". Composites are left to [`super::compose`].
pub(crate) fn infer_object_type(map: &mut Map<String, Value>) {
    if map.contains_key("type")
        || ["allOf", "oneOf", "anyOf", "not"]
            .iter()
            .any(|k| map.contains_key(*k))
    {
        return;
    }
    let first = map
        .iter()
        .find(|(k, v)| match k.as_str() {
            "properties" => v.is_object(),
            "additionalProperties" => v.is_object(),
            _ => false,
        })
        .map(|(k, _)| k.clone());
    if let Some(first) = first {
        let value = map.get(&first).cloned().unwrap_or(Value::Null);
        replace_key(
            map,
            &first,
            vec![
                entry("type", Value::String("object".to_owned())),
                (first.clone(), value),
            ],
        );
    }
}

/// Moves constraints that cannot apply to the declared `type` (`minLength` on an array,
/// `additionalProperties: false` on an array) into `x-codat-ignored`, so nothing is lost and
/// openapiv3 reads the declared type. Only boolean `additionalProperties` is moved: a schema
/// there is structure, not a vacuous constraint.
pub(crate) fn set_aside_vacuous(map: &mut Map<String, Value>) {
    let Some(declared) = map.get("type").and_then(Value::as_str).map(str::to_owned) else {
        return;
    };
    if !matches!(
        declared.as_str(),
        "string" | "number" | "integer" | "boolean" | "array" | "object"
    ) {
        return;
    }
    let vacuous: Vec<&str> = TYPE_SPECIFIC
        .iter()
        .filter(|(keyword, applies_to)| {
            map.contains_key(*keyword)
                && !applies_to.contains(&declared.as_str())
                && (*keyword != "additionalProperties"
                    || map.get(*keyword).is_some_and(Value::is_boolean))
        })
        .map(|(keyword, _)| *keyword)
        .collect();
    if vacuous.is_empty() {
        return;
    }
    let mut ignored = match map.shift_remove(IGNORED_MARK) {
        Some(Value::Object(existing)) => existing,
        _ => Map::new(),
    };
    for keyword in vacuous {
        if let Some(value) = map.shift_remove(keyword) {
            ignored.insert(keyword.to_owned(), value);
        }
    }
    map.insert(IGNORED_MARK.to_owned(), Value::Object(ignored));
}

/// Rule 5: `prefixItems` (a tuple). Every item matches its position's schema or, past them,
/// `items`, so the list's items are typed as the union of those schemas (`items: {anyOf:
/// [...]}`, or the one schema when they agree): every valid value decodes. With `items` left
/// open, later items may be anything: the items fall back to `serde_json::Value`.
pub(crate) fn prefix_items(map: &mut Map<String, Value>, path: &[String], ctx: &mut Ctx) {
    let prefix = match map.get("prefixItems") {
        Some(Value::Array(prefix)) => prefix.clone(),
        Some(_) => {
            let mut at = path.to_vec();
            at.push("prefixItems".to_owned());
            ctx.warn(&at, "`prefixItems` is not a list of schemas; it is ignored");
            return;
        }
        None => return,
    };
    let rest = map.get("items").cloned();
    let open = match &rest {
        None | Some(Value::Bool(true)) => true,
        Some(Value::Object(items)) => items.is_empty(),
        _ => false,
    };
    if open {
        let mut at = path.to_vec();
        at.push("prefixItems".to_owned());
        ctx.warn(
            &at,
            format!(
                "{}: `prefixItems` without a closing `items` allows any later item",
                crate::ir::FALLBACK
            ),
        );
        replace_key(map, "prefixItems", Vec::new());
        map.insert("items".to_owned(), Value::Object(Map::new()));
        return;
    }
    // (the new index, the path it came from)
    let mut members: Vec<(Value, Vec<String>)> = Vec::new();
    let mut add = |value: Value, from: Vec<String>| {
        if !members.iter().any(|(seen, _)| *seen == value) {
            members.push((value, from));
        }
    };
    for (index, member) in prefix.into_iter().enumerate() {
        add(member, member_path(path, "prefixItems", index));
    }
    if let Some(rest @ Value::Object(_)) = rest {
        let mut from = path.to_vec();
        from.push("items".to_owned());
        add(rest, from);
    }
    let mut items_at = path.to_vec();
    items_at.push("items".to_owned());
    let items = match members.as_slice() {
        [] => Value::Object(Map::new()),
        [(only, from)] => {
            ctx.record_move(&items_at, from);
            only.clone()
        }
        several => {
            for (index, (_, from)) in several.iter().enumerate() {
                ctx.record_move(&member_path(&items_at, "anyOf", index), from);
            }
            let mut union = Map::new();
            let values = several.iter().map(|(v, _)| v.clone()).collect();
            union.insert("anyOf".to_owned(), Value::Array(values));
            Value::Object(union)
        }
    };
    map.shift_remove("items");
    replace_key(map, "prefixItems", vec![entry("items", items)]);
}

/// Rule 4: `items: false` without `prefixItems` allows only the empty list: its items are
/// typed as any JSON (there are none), not as the unsatisfiable `{not: {}}`.
pub(crate) fn closed_items(map: &mut Map<String, Value>) {
    if map.get("items") == Some(&Value::Bool(false)) && !map.contains_key("prefixItems") {
        replace_key(
            map,
            "items",
            vec![entry("items", Value::Object(Map::new()))],
        );
    }
}

/// Rule 5: `patternProperties` (keys matching a pattern have values of its schema) become the
/// `additionalProperties` schema (the union of the patterns' schemas, and of
/// `additionalProperties`' own), so the values are typed. The patterns themselves are the
/// API's to check. Without `additionalProperties: false`, other keys may hold anything: a
/// warning says they must fit too.
pub(crate) fn pattern_properties(map: &mut Map<String, Value>, path: &[String], ctx: &mut Ctx) {
    let Some(Value::Object(patterns)) = map.get("patternProperties").cloned() else {
        return;
    };
    let mut at = path.to_vec();
    at.push("patternProperties".to_owned());
    let additional = map.get("additionalProperties").cloned();
    if additional == Some(Value::Bool(true)) {
        // Every value is already any JSON.
        map.shift_remove("patternProperties");
        return;
    }
    if additional.is_none() {
        ctx.warn(
            &at,
            "keys matching no pattern may hold any value, but are read as the patterns' values",
        );
    }
    let mut members: Vec<(Value, Vec<String>)> = Vec::new();
    for (pattern, schema) in patterns {
        let mut from = at.clone();
        from.push(pattern);
        if !members.iter().any(|(seen, _)| *seen == schema) {
            members.push((schema, from));
        }
    }
    if let Some(schema @ Value::Object(_)) = additional {
        let mut from = path.to_vec();
        from.push("additionalProperties".to_owned());
        if !members.iter().any(|(seen, _)| *seen == schema) {
            members.push((schema, from));
        }
    }
    let mut value_at = path.to_vec();
    value_at.push("additionalProperties".to_owned());
    let value = match members.as_slice() {
        [] => Value::Object(Map::new()),
        [(only, from)] => {
            ctx.record_move(&value_at, from);
            only.clone()
        }
        several => {
            for (index, (_, from)) in several.iter().enumerate() {
                ctx.record_move(&member_path(&value_at, "anyOf", index), from);
            }
            let mut union = Map::new();
            let values = several.iter().map(|(v, _)| v.clone()).collect();
            union.insert("anyOf".to_owned(), Value::Array(values));
            Value::Object(union)
        }
    };
    map.shift_remove("additionalProperties");
    replace_key(
        map,
        "patternProperties",
        vec![entry("additionalProperties", value)],
    );
}

/// Rule 5: `unevaluatedProperties` types the keys no (sub)schema names, as
/// `additionalProperties` does for one schema: a schema there becomes `additionalProperties`
/// (unless there is one); `false` only forbids keys, which the SDK accepts anyway (see
/// `additionalProperties: false`), so it goes.
pub(crate) fn unevaluated_properties(map: &mut Map<String, Value>, path: &[String], ctx: &mut Ctx) {
    match map.get("unevaluatedProperties") {
        Some(Value::Object(_)) | Some(Value::Bool(true))
            if !map.contains_key("additionalProperties") =>
        {
            let value = map
                .get("unevaluatedProperties")
                .cloned()
                .unwrap_or_default();
            let mut new = path.to_vec();
            new.push("additionalProperties".to_owned());
            let mut old = path.to_vec();
            old.push("unevaluatedProperties".to_owned());
            ctx.record_move(&new, &old);
            replace_key(
                map,
                "unevaluatedProperties",
                vec![entry("additionalProperties", value)],
            );
        }
        Some(Value::Bool(false)) => {
            map.shift_remove("unevaluatedProperties");
        }
        _ => {}
    }
}

/// What kind of value `value` is, for a message that must not quote it (it may come from any
/// file a `$ref` reached).
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
