//! Rule 6: composites beside an object part, which openapiv3 would read as an untyped "any"
//! schema (`SchemaKind::Any`), are split so every schema has exactly one kind.
//!
//! - `allOf` + `type: object`/`properties`/`required`/... : the object part becomes an extra,
//!   last member of `allOf`;
//! - `oneOf`/`anyOf` + an object part: `allOf: [{object part}, {oneOf: [...]}]`;
//! - several of `allOf`/`oneOf`/`anyOf` together: the others become members of `allOf`;
//! - a lone `type: object` beside a composite says nothing and is dropped.
//!
//! Description, title, nullable, example, default, discriminator and extensions stay outside.

use serde_json::{Map, Value};

use super::context::Ctx;
use super::keywords::replace_key;

/// Keywords of the object part.
pub(crate) const OBJECT_KEYWORDS: [&str; 5] = [
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
];

const COMPOSITES: [&str; 3] = ["allOf", "oneOf", "anyOf"];

/// Splits `map` (the schema at `path`) when it mixes a composite with anything of another kind.
pub(crate) fn split_composition(map: &mut Map<String, Value>, path: &[String], ctx: &mut Ctx) {
    let composites: Vec<&str> = COMPOSITES
        .into_iter()
        .filter(|k| map.get(*k).is_some_and(Value::is_array))
        .collect();
    let Some(first) = composites.first().copied() else {
        return;
    };
    let is_object = map.get("type").and_then(Value::as_str) == Some("object");
    let has_object_part = OBJECT_KEYWORDS.iter().any(|k| map.contains_key(*k));
    if !has_object_part && composites.len() == 1 {
        if is_object {
            map.shift_remove("type");
        }
        return;
    }

    let object_part = has_object_part.then(|| {
        let mut part = Map::new();
        part.insert("type".to_owned(), Value::String("object".to_owned()));
        for (key, value) in map.iter() {
            if OBJECT_KEYWORDS.contains(&key.as_str()) {
                part.insert(key.clone(), value.clone());
            }
        }
        Value::Object(part)
    });
    if is_object {
        map.shift_remove("type");
    }
    for key in OBJECT_KEYWORDS {
        map.shift_remove(key);
    }

    let mut members: Vec<Value> = match map.get("allOf") {
        Some(Value::Array(members)) => members.clone(),
        _ => Vec::new(),
    };
    let member_at = |index: usize, ctx: &mut Ctx| {
        let mut at = path.to_vec();
        at.extend(["allOf".to_owned(), index.to_string()]);
        ctx.record_move(&at, path);
    };
    // Without an `allOf`, the object part comes first, as it is written first.
    if first != "allOf" {
        if let Some(part) = object_part.clone() {
            member_at(members.len(), ctx);
            members.push(part);
        }
    }
    for key in composites.iter().filter(|k| **k != "allOf") {
        if let Some(alternatives) = map.get(*key).cloned() {
            let mut member = Map::new();
            member.insert((*key).to_owned(), alternatives);
            member_at(members.len(), ctx);
            members.push(Value::Object(member));
        }
    }
    if first == "allOf" {
        if let Some(part) = object_part {
            member_at(members.len(), ctx);
            members.push(part);
        }
    }
    replace_key(
        map,
        first,
        vec![("allOf".to_owned(), Value::Array(members))],
    );
    for key in composites.iter().filter(|k| **k != first) {
        map.shift_remove(*key);
    }
}
