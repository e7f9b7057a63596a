//! Names for schemas hoisted into `components/schemas`, derived from where they were written.
//!
//! The base name is the PascalCase of the last *name* on the pointer (a property, definition,
//! component or webhook name), or the schema's `title` when the pointer ends in structure
//! (`allOf/1`, `items`, `schema`). Collisions go to `<Owner><Base>`, then `<Owner><Base>2`, ...

use heck::ToUpperCamelCase;
use serde_json::Value;

use super::pointer::step;
use super::walk::{positions, Obj, Pos};

/// The names to try, in order, for a schema found at `tokens` of the original document.
pub(crate) fn candidates(
    original: &Value,
    tokens: &[String],
    target: &Value,
) -> impl Iterator<Item = String> {
    let (base, owner) = base_and_owner(original, tokens, target);
    let prefixed = if owner.is_empty() || base.starts_with(&owner) {
        base.clone()
    } else {
        format!("{owner}{base}")
    };
    let second = (prefixed != base).then(|| prefixed.clone());
    std::iter::once(base)
        .chain(second)
        .chain((2u32..).map(move |n| format!("{prefixed}{n}")))
}

fn base_and_owner(original: &Value, tokens: &[String], target: &Value) -> (String, String) {
    let names = name_tokens(original, tokens);
    let ends_in_name = names
        .last()
        .is_some_and(|(index, _)| *index + 1 == tokens.len());
    let title = target
        .get("title")
        .and_then(Value::as_str)
        .map(pascal)
        .filter(|t| !t.is_empty());
    let last_name = names.last().map(|(_, name)| pascal(name));
    let base = match (ends_in_name, title, last_name) {
        (true, _, Some(name)) if !name.is_empty() => name,
        (_, Some(title), _) => title,
        (_, None, Some(name)) if !name.is_empty() => name,
        _ => "Schema".to_owned(),
    };
    (base, owner(original, tokens))
}

/// The tokens that name something, with their index: keys of named maps, and operationIds.
fn name_tokens(original: &Value, tokens: &[String]) -> Vec<(usize, String)> {
    let Some(positions) = positions(original, tokens) else {
        // Not in the original document: fall back to every non-numeric token.
        return tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.bytes().all(|b| b.is_ascii_digit()))
            .map(|(i, t)| (i, t.clone()))
            .collect();
    };
    let mut out = Vec::new();
    let mut node = original;
    for (index, token) in tokens.iter().enumerate() {
        let is_name = match positions[index] {
            Pos::Map(Obj::MediaType | Obj::Encoding) => false,
            Pos::Map(_) => true,
            Pos::SchemaOther => !token.bytes().all(|b| b.is_ascii_digit()),
            _ => false,
        };
        let Some(next) = step(node, token) else { break };
        node = next;
        if is_name {
            out.push((index, token.clone()));
        } else if positions[index + 1] == Pos::Item(Obj::Operation) {
            if let Some(id) = node.get("operationId").and_then(Value::as_str) {
                out.push((index, id.to_owned()));
            }
        }
    }
    out
}

/// The PascalCase name of the component, operation or webhook that contains `tokens`.
fn owner(original: &Value, tokens: &[String]) -> String {
    match tokens {
        [first, _, name, ..] if first == "components" => pascal(name),
        [first, path, method, ..] if first == "paths" => original
            .get("paths")
            .and_then(|p| p.get(path))
            .and_then(|p| p.get(method))
            .and_then(|op| op.get("operationId"))
            .and_then(Value::as_str)
            .map(pascal)
            .unwrap_or_else(|| pascal(path)),
        [first, path, ..] if first == "paths" => pascal(path),
        [first, name, ..] if first == "webhooks" => pascal(name),
        _ => String::new(),
    }
}

fn pascal(name: &str) -> String {
    name.to_upper_camel_case()
}
