//! Rule 2, schema half: `{ $ref: R, nullable: true, description: D }` becomes
//! `{ allOf: [{ $ref: R }], nullable: true, description: D }`, because openapiv3's `ReferenceOr`
//! drops every key beside `$ref`. (References elsewhere are inlined by `refs`.)

use serde_json::{Map, Value};

use super::context::Ctx;
use super::pointer::{get, get_mut, parse_ref};
use super::walk::{classify, ref_sites, Obj, Pos};

/// Wraps every schema reference that has siblings.
pub(crate) fn wrap_ref_siblings(doc: &mut Value, ctx: &mut Ctx) {
    // Siblings may hold schemas with references of their own: they are seen on the next pass.
    while wrap_pass(doc, ctx) {}
}

fn wrap_pass(doc: &mut Value, ctx: &mut Ctx) -> bool {
    let mut changed = false;
    for site in ref_sites(doc, &[], Pos::Root) {
        if site.kind != Some(Obj::Schema)
            || classify(doc, &site.path) != Some(Pos::Item(Obj::Schema))
        {
            continue;
        }
        let Some(Value::Object(map)) = get(doc, &site.path) else {
            continue;
        };
        if map.len() < 2 {
            continue;
        }
        let Some(reference) = map.get("$ref").and_then(Value::as_str) else {
            continue;
        };
        let target_type = parse_ref(reference)
            .and_then(|t| get(doc, &t))
            .and_then(|target| target.get("type"))
            .cloned();
        let mut wrapped = Map::new();
        let mut inner = Map::new();
        inner.insert("$ref".to_owned(), Value::String(reference.to_owned()));
        wrapped.insert("allOf".to_owned(), Value::Array(vec![Value::Object(inner)]));
        for (key, value) in map {
            // `type: string` beside a reference to a string says nothing new, and would make
            // openapiv3 read the schema as "any".
            let redundant = key == "type" && target_type.as_ref() == Some(value);
            if key != "$ref" && !redundant {
                wrapped.insert(key.clone(), value.clone());
            }
        }
        let replacement = if wrapped.len() == 1 {
            let mut bare = Map::new();
            bare.insert("$ref".to_owned(), Value::String(reference.to_owned()));
            Value::Object(bare)
        } else {
            let mut member = site.path.clone();
            member.extend(["allOf".to_owned(), "0".to_owned()]);
            ctx.record_move(&member, &site.path);
            Value::Object(wrapped)
        };
        if let Some(node) = get_mut(doc, &site.path) {
            *node = replacement;
            changed = true;
        }
    }
    changed
}
