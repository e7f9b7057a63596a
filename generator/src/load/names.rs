//! Names for schemas hoisted into `components/schemas`, derived from where they were written.
//!
//! The base name is the PascalCase of the last *name* on the pointer (a property, definition,
//! component or webhook name), or the schema's `title` when the pointer ends in structure
//! (`allOf/1`, `items`, `schema`). A property (`properties/<p>`) with a title that is not
//! generic is named from the title first, as Speakeasy names it: `<Title>`, then
//! `<Owner><Title>`; a `definitions/<key>` keeps its key. Collisions go to `<Owner><Base>`, then
//! `<Owner><Base>2`, ...

use heck::ToUpperCamelCase;
use serde_json::Value;

use super::pointer::step;
use super::walk::{positions, Obj, Pos};
use crate::naming;

/// The names to try, in order, for a schema found at `tokens` of the original document.
pub(crate) fn candidates(
    original: &Value,
    tokens: &[String],
    target: &Value,
) -> impl Iterator<Item = String> {
    let (title, base) = bases(original, tokens, target);
    let owner = owner(original, tokens);
    let prefix = move |name: &str| {
        if owner.is_empty() || name.starts_with(&owner) {
            name.to_owned()
        } else {
            format!("{owner}{name}")
        }
    };
    // A titled property: its title, then `<Owner><Title>`, before the names its location gives.
    let titled: Vec<String> = match title.filter(|t| *t != base) {
        Some(title) => {
            let prefixed = prefix(&title);
            let second = (prefixed != title).then_some(prefixed);
            std::iter::once(title).chain(second).collect()
        }
        None => Vec::new(),
    };
    let prefixed = prefix(&base);
    let second = (prefixed != base).then(|| prefixed.clone());
    titled
        .into_iter()
        .chain(std::iter::once(base))
        .chain(second)
        .chain((2u32..).map(move |n| format!("{prefixed}{n}")))
}

/// The name a property's `title` gives (tried first, see [`candidates`]), and the base name
/// the location gives.
fn bases(original: &Value, tokens: &[String], target: &Value) -> (Option<String>, String) {
    let names = name_tokens(original, tokens);
    let ends_in_name = names
        .last()
        .is_some_and(|(index, _)| *index + 1 == tokens.len());
    let title = target.get("title").and_then(Value::as_str);
    // `properties/<p>` (not `definitions/<key>` or a component, whose key is the name).
    let ends_in_property =
        ends_in_name && tokens.len() >= 2 && tokens[tokens.len() - 2] == "properties";
    let property_title = title
        .filter(|_| ends_in_property)
        .and_then(naming::title_type_name);
    let title = title.map(pascal).filter(|t| !t.is_empty());
    let last_name = names.last().map(|(_, name)| pascal(name));
    let base = match (ends_in_name, title, last_name) {
        (true, _, Some(name)) if !name.is_empty() => name,
        (_, Some(title), _) => title,
        (_, None, Some(name)) if !name.is_empty() => name,
        _ => "Schema".to_owned(),
    };
    (property_title, base)
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
            // No operationId: method and path, as the IR derives one (`GetUsersIdPosts`).
            .unwrap_or_else(|| match HTTP_METHODS.contains(&method.as_str()) {
                true => pascal(&format!("{method} {path}")),
                false => pascal(path),
            }),
        [first, path, ..] if first == "paths" => pascal(path),
        [first, name, ..] if first == "webhooks" => pascal(name),
        _ => String::new(),
    }
}

/// The keys of a path item that hold operations.
const HTTP_METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn pascal(name: &str) -> String {
    name.to_upper_camel_case()
}
