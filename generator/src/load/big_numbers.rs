//! Integers beyond 64 bits (`maximum: 18446744073709552000`, a 21-digit `default`).
//!
//! `serde_json::Value` holds no integer wider than `u64`, so [`super::tree`] keeps such a YAML
//! integer as a marked string, and [`settle`] decides, by where it sits, what becomes of it:
//! - in data (an example, a default, an enum, an extension) it is left out with a warning: a
//!   float would silently change a value that may be sent or shown;
//! - as a bound of a `number` schema it becomes the nearest float (bounds are never sent);
//! - an `integer` schema with a bound outside `i64` (wider than 64 bits, a `u64` above
//!   `i64::MAX`, or a float from JSON text) allows values the generated `i64` could not
//!   decode, so it falls back to any JSON value, with a warning;
//! - anywhere else (`maxLength: 1e30` written out) the keyword is ignored, with a warning.

use std::fmt::Display;

use serde_json::{Map, Number, Value};

use super::context::Ctx;
use super::pointer::get_mut;
use super::walk::{positions_from, visit_from, Obj, Pos};

/// The start of every string the loader makes up (a NUL no real spec writes, then `codat-`):
/// a document's own string starting so is refused, so none can pass for one of these.
const RESERVED: &str = "\u{0}codat-";

/// Prefix of the string standing for an integer beyond 64 bits.
const MARK: &str = "\u{0}codat-big-integer:";

/// What [`super::tree`] keeps for a document's string starting with [`RESERVED`]: refused by
/// [`find_reserved`] once parsed, where its pointer is known.
pub(crate) const RESERVED_STRING: &str = "\u{0}codat-reserved";

/// Whether a document's string would read as one the loader makes up.
pub(crate) fn is_reserved(text: &str) -> bool {
    text.starts_with(RESERVED)
}

/// The path of the first value in `doc` that stood for a reserved string, without recursion.
pub(crate) fn find_reserved(doc: &Value) -> Option<Vec<String>> {
    if doc.as_str() == Some(RESERVED_STRING) {
        return Some(Vec::new());
    }
    let mut levels = vec![super::tree::children(doc).into_iter()];
    let mut path: Vec<String> = Vec::new();
    while let Some(level) = levels.last_mut() {
        let Some((key, child)) = level.next() else {
            levels.pop();
            path.pop();
            continue;
        };
        path.push(key);
        if child.as_str() == Some(RESERVED_STRING) {
            return Some(path);
        }
        levels.push(super::tree::children(child).into_iter());
    }
    None
}

/// The bounds whose width decides a schema's Rust type.
const BOUNDS: [&str; 4] = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"];

/// The value [`super::tree`] keeps for an integer no `i64` or `u64` holds.
pub(crate) fn mark(value: impl Display) -> Value {
    Value::String(format!("{MARK}{value}"))
}

/// The digits of a marked integer.
fn marked(value: &Value) -> Option<&str> {
    value.as_str()?.strip_prefix(MARK)
}

/// Reports a warning at a path of the document being settled.
pub(crate) type Warn<'a> = dyn FnMut(&[String], String) + 'a;

/// Replaces every marked integer in the document `doc` (see the module documentation).
pub(crate) fn settle(doc: &mut Value, ctx: &mut Ctx) {
    settle_from(doc, Pos::Root, &mut |path, message| ctx.warn(path, message));
}

/// [`settle`] for `doc` at position `start` (a file a `$ref` names).
pub(crate) fn settle_from(doc: &mut Value, start: Pos, warn: &mut Warn<'_>) {
    widen_integer_schemas(doc, start, warn);
    let found = marked_paths(doc);
    // Last first: leaving out an array element must not move the ones still to settle.
    for path in found.into_iter().rev() {
        settle_one(doc, start, warn, &path);
    }
}

fn settle_one(doc: &mut Value, start: Pos, warn: &mut Warn<'_>, path: &[String]) {
    let Some((key, parent_path)) = path.split_last() else {
        return;
    };
    let Some(digits) = get_mut(doc, path).and_then(|v| marked(v).map(str::to_owned)) else {
        return;
    };
    let in_data = positions_from(doc, start, path).is_some_and(|p| p.contains(&Pos::Data));
    let parent_is_schema = positions_from(doc, start, parent_path)
        .and_then(|p| p.last().copied())
        .is_some_and(|p| matches!(p, Pos::Item(Obj::Schema) | Pos::SchemaOther));
    let Some(parent) = get_mut(doc, parent_path) else {
        return;
    };
    if in_data {
        remove(parent, key);
        warn(
            path,
            format!(
                "`{digits}` is an integer wider than 64 bits, which no Rust integer holds \
                 exactly: the value is left out"
            ),
        );
        return;
    }
    let is_bound = parent_is_schema && BOUNDS.contains(&key.as_str());
    let Value::Object(schema) = parent else {
        return;
    };
    match is_bound
        .then(|| digits.parse::<f64>().ok().and_then(Number::from_f64))
        .flatten()
    {
        Some(float) => {
            schema.insert(key.clone(), Value::Number(float));
        }
        None => {
            schema.shift_remove(key);
            warn(
                path,
                format!("`{digits}` is an integer wider than 64 bits: `{key}` is ignored"),
            );
        }
    }
}

/// Makes every `integer` schema with a bound outside `i64` a schema of any value, with a
/// warning: such a schema allows values the generated `i64` field could not decode.
fn widen_integer_schemas(doc: &mut Value, start: Pos, warn: &mut Warn<'_>) {
    let mut wide = Vec::new();
    visit_from(doc, start, &mut |path, pos, node| {
        let Value::Object(schema) = node else {
            return;
        };
        if !matches!(pos, Pos::Item(Obj::Schema)) || !types(schema).contains(&"integer") {
            return;
        }
        let bound = BOUNDS.iter().find_map(|key| {
            let value = schema.get(*key)?;
            let text = match value {
                Value::Number(n) if n.as_i64().is_some() => return None,
                Value::Number(n) => match n.as_f64() {
                    Some(f) if n.is_f64() && (I64_MIN_F64..I64_END_F64).contains(&f) => {
                        return None
                    }
                    _ => n.to_string(),
                },
                other => marked(other)?.to_owned(),
            };
            Some(format!("{key}: {text}"))
        });
        if let Some(bound) = bound {
            wide.push((path.to_vec(), bound));
        }
    });
    for (path, bound) in wide {
        if let Some(Value::Object(schema)) = get_mut(doc, &path) {
            any_value(schema);
            warn(
                &path,
                format!(
                    "`{bound}` allows integers outside the 64-bit signed range, which the \
                     generated `i64` could not decode: typed as any JSON value"
                ),
            );
        }
    }
}

/// `i64::MIN` and `i64::MAX + 1` as floats (both exact): the floats an `i64` holds.
const I64_MIN_F64: f64 = -9_223_372_036_854_775_808.0;
const I64_END_F64: f64 = 9_223_372_036_854_775_808.0;

/// The schema's `type`, as a list.
fn types(schema: &Map<String, Value>) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Makes an integer schema a schema of any value: its type and numeric keywords go.
fn any_value(schema: &mut Map<String, Value>) {
    for key in BOUNDS.iter().chain(&["type", "format", "multipleOf"]) {
        schema.shift_remove(*key);
    }
}

fn remove(parent: &mut Value, key: &str) {
    match parent {
        Value::Object(map) => {
            map.shift_remove(key);
        }
        Value::Array(items) => {
            if let Some(index) = key.parse::<usize>().ok().filter(|i| *i < items.len()) {
                items.remove(index);
            }
        }
        _ => {}
    }
}

/// The path of every marked integer, in document order, without recursion.
fn marked_paths(doc: &Value) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    if marked(doc).is_some() {
        out.push(Vec::new());
    }
    // The children still to visit at each level of the current path.
    let mut levels = vec![super::tree::children(doc).into_iter()];
    let mut path: Vec<String> = Vec::new();
    while let Some(level) = levels.last_mut() {
        let Some((key, child)) = level.next() else {
            levels.pop();
            path.pop();
            continue;
        };
        path.push(key);
        if marked(child).is_some() {
            out.push(path.clone());
        }
        levels.push(super::tree::children(child).into_iter());
    }
    out
}
