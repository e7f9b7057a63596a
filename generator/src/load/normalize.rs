//! Rules 3 to 7: rewrite OpenAPI 3.1 / JSON Schema forms into what openapiv3 reads, on every
//! schema position of the document (paths, webhooks, components, hoisted schemas alike), and
//! strip byte-order marks from text. Data (examples, defaults, enums, extensions) is untouched.
//! A document without `paths` and an operation without `responses` (both optional in 3.1) get
//! empty ones, which openapiv3 requires.

use serde_json::{Map, Value};

use super::compose::split_composition;
use super::context::Ctx;
use super::keywords;
use super::walk::{child, Obj, Pos};
use crate::error::GenError;

const BOM: char = '\u{feff}';

/// JSON Schema keywords openapiv3 ignores that change what a value may look like: a warning
/// says the generated type will not reflect them.
/// (`prefixItems`, `patternProperties` and `unevaluatedProperties` are rewritten into what
/// openapiv3 reads, see [`keywords`]; `dependentRequired` only constrains, as `required` does.)
const IGNORED_SHAPE_KEYWORDS: [&str; 8] = [
    "contains",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "unevaluatedItems",
    "additionalItems",
    "$dynamicRef",
];

/// Gives an object without `key` an empty object there.
fn insert_missing(node: &mut Value, key: &str) {
    if let Value::Object(map) = node {
        if !map.contains_key(key) {
            map.insert(key.to_owned(), Value::Object(Map::new()));
        }
    }
}

/// Normalizes the whole document in place.
pub(crate) fn normalize(doc: &mut Value, ctx: &mut Ctx) -> Result<(), GenError> {
    let mut path = Vec::new();
    visit(doc, Pos::Root, &mut path, ctx)
}

fn visit(
    node: &mut Value,
    pos: Pos,
    path: &mut Vec<String>,
    ctx: &mut Ctx,
) -> Result<(), GenError> {
    match pos {
        Pos::Data => return Ok(()),
        Pos::Item(Obj::Schema) => normalize_schema(node, path, ctx)?,
        // OpenAPI 3.1 makes both optional; openapiv3 requires them, and empty is the same.
        Pos::Root => insert_missing(node, "paths"),
        Pos::Item(Obj::Operation) => insert_missing(node, "responses"),
        _ => {}
    }
    match node {
        Value::String(text) => {
            if let Some(rest) = text.strip_prefix(BOM) {
                *text = rest.trim_start_matches(BOM).to_owned();
            }
        }
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                let child_pos = child(pos, key, value);
                if child_pos != Pos::Data
                    && matches!(key.as_str(), "description" | "summary" | "title")
                {
                    if let Value::String(text) = value {
                        if text.contains(BOM) {
                            *text = text.replace(BOM, "");
                        }
                    }
                }
                path.push(key.clone());
                visit(value, child_pos, path, ctx)?;
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter_mut().enumerate() {
                let key = index.to_string();
                let child_pos = child(pos, &key, value);
                path.push(key);
                visit(value, child_pos, path, ctx)?;
                path.pop();
            }
        }
        _ => {}
    }
    Ok(())
}

/// Rewrites one schema node (its children are visited afterwards).
fn normalize_schema(node: &mut Value, path: &[String], ctx: &mut Ctx) -> Result<(), GenError> {
    match node {
        // Rule 4: boolean schemas.
        Value::Bool(true) => {
            *node = Value::Object(Map::new());
            return Ok(());
        }
        Value::Bool(false) => {
            ctx.warn(
                path,
                "schema `false` (no value is valid) is read as `{not: {}}`",
            );
            let mut not = Map::new();
            not.insert("not".to_owned(), Value::Object(Map::new()));
            *node = Value::Object(not);
            return Ok(());
        }
        _ => {}
    }
    let Value::Object(map) = node else {
        // Not a schema at all: openapiv3 reports it with its pointer.
        return Ok(());
    };
    if map.contains_key("$ref") {
        return Ok(());
    }
    keywords::closed_items(map);
    keywords::prefix_items(map, path, ctx);
    keywords::pattern_properties(map, path, ctx);
    keywords::unevaluated_properties(map, path, ctx);
    keywords::null_members(map, path, ctx);
    drop_false_properties(map, path, ctx);
    keywords::type_list(map, path, ctx)?;
    keywords::const_to_enum(map);
    keywords::exclusive_bounds(map);
    keywords::examples_to_example(map);
    keywords::infer_object_type(map);
    split_composition(map, path, ctx);
    keywords::set_aside_vacuous(map);
    for keyword in IGNORED_SHAPE_KEYWORDS {
        if map.contains_key(keyword) {
            let mut at = path.to_vec();
            at.push(keyword.to_owned());
            ctx.warn(
                &at,
                format!("`{keyword}` is not supported; the generated type does not reflect it"),
            );
        }
    }
    Ok(())
}

/// Rule 4: a property whose schema is `false` (Codat's misplaced
/// `properties: {additionalProperties: false}`) is removed, with a warning.
fn drop_false_properties(map: &mut Map<String, Value>, path: &[String], ctx: &mut Ctx) {
    let Some(Value::Object(properties)) = map.get_mut("properties") else {
        return;
    };
    let dropped: Vec<String> = properties
        .iter()
        .filter(|(_, schema)| **schema == Value::Bool(false))
        .map(|(name, _)| name.clone())
        .collect();
    for name in &dropped {
        properties.shift_remove(name);
        let mut at = path.to_vec();
        at.extend(["properties".to_owned(), name.clone()]);
        let hint = if name == "additionalProperties" {
            " (probably a misplaced `additionalProperties: false`)"
        } else {
            ""
        };
        ctx.warn(
            &at,
            format!("property `{name}` has the schema `false`{hint}; the property is dropped"),
        );
    }
    if let Some(Value::Array(required)) = map.get_mut("required") {
        required.retain(|r| !r.as_str().is_some_and(|r| dropped.iter().any(|d| d == r)));
    }
}
