//! Text to `serde_json::Value` (YAML or JSON), and the normalized document to
//! `openapiv3::OpenAPI`, with the pointer of the node openapiv3 could not read.
//!
//! `serde_path_to_error` loses track inside openapiv3's untagged and flattened types, so a
//! failure is narrowed down further: each object under the reported node is deserialized on its
//! own, descending into the one that fails, until none of its children fails.

use std::path::Path;

use openapiv3::{
    Callback, Encoding, Example, Header, Link, MediaType, OpenAPI, Operation, Parameter, PathItem,
    ReferenceOr, RequestBody, Response, Schema, SecurityScheme,
};
use serde::Deserialize;
use serde_json::Value;

use super::context::Ctx;
use super::pointer::get;
use super::tree::children;
use super::walk::{child, classify, Obj, Pos};
use crate::error::GenError;

/// Reads YAML or JSON into a value, keeping the document's key order (see [`super::tree`]).
pub(crate) fn parse_text(file: &Path, text: &str) -> Result<Value, GenError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = super::tree::parse(text).map_err(|message| GenError::Syntax {
        file: file.to_path_buf(),
        message,
    })?;
    // Such a string could pass for a big-integer mark.
    if let Some(path) = super::big_numbers::find_reserved(&value) {
        return Err(GenError::Invalid {
            file: file.to_path_buf(),
            pointer: super::pointer::to_pointer(&path),
            message: "a string starts with a NUL character (U+0000) and `codat-`, which the \
                      loader reserves for its own marks"
                .into(),
        });
    }
    Ok(value)
}

/// Checks the parts of the document every later step relies on: an object with `openapi: 3.x`.
pub(crate) fn check_version(doc: &Value, ctx: &Ctx) -> Result<(), GenError> {
    let Value::Object(root) = doc else {
        return Err(ctx.invalid(&[], "the document must be an object"));
    };
    match root.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0") || v.starts_with("3.1") => Ok(()),
        Some(other) => Err(ctx.invalid(
            &["openapi".to_owned()],
            format!("only OpenAPI 3.0 and 3.1 are supported, found `openapi: {other}`"),
        )),
        None => Err(ctx.invalid(
            &[],
            "missing `openapi` (only OpenAPI 3.0 and 3.1 are supported)",
        )),
    }
}

/// The stack openapiv3 gets: its untagged and flattened types take tens of kilobytes of stack
/// per schema level, so a schema nested as deep as the loader allows (see
/// [`super::tree::MAX_DEPTH`]) would overflow a thread's default 2 MiB. Reserved, not committed:
/// only what is used costs memory.
const OPENAPI_STACK: usize = 256 << 20;

/// Types the normalized document, on a thread with a stack of [`OPENAPI_STACK`].
pub(crate) fn to_openapi(doc: &Value, ctx: &Ctx) -> Result<OpenAPI, GenError> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("openapiv3".to_owned())
            .stack_size(OPENAPI_STACK)
            .spawn_scoped(scope, || read_openapi(doc, ctx));
        match thread {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|_| Err(ctx.invalid(&[], "internal error: openapiv3 panicked"))),
            // No thread to be had: try on this one.
            Err(_) => read_openapi(doc, ctx),
        }
    })
}

/// Types the normalized document. `webhooks`, which openapiv3 does not model, are checked as
/// path items too, since later stages read them with openapiv3's types.
fn read_openapi(doc: &Value, ctx: &Ctx) -> Result<OpenAPI, GenError> {
    let error = match serde_path_to_error::deserialize::<_, OpenAPI>(doc) {
        Ok(openapi) => {
            check_webhooks(doc, ctx)?;
            return Ok(openapi);
        }
        Err(error) => error,
    };
    let mut tokens = Vec::new();
    for segment in error.path().iter() {
        match segment {
            serde_path_to_error::Segment::Map { key } => tokens.push(key.clone()),
            serde_path_to_error::Segment::Seq { index } => tokens.push(index.to_string()),
            serde_path_to_error::Segment::Enum { .. } => {}
            serde_path_to_error::Segment::Unknown => break,
        }
    }
    // The reported path may stop short, or name a key that is not there (a missing field).
    while get(doc, &tokens).is_none() && !tokens.is_empty() {
        tokens.pop();
    }
    let message = without_values(&error.into_inner().to_string());
    let pos = classify(doc, &tokens).unwrap_or(Pos::Root);
    let (tokens, message) = match get(doc, &tokens).and_then(|node| {
        let mut at = tokens.clone();
        narrow(node, pos, &mut at)
    }) {
        Some(found) => found,
        None => (tokens, message),
    };
    Err(ctx.invalid(&tokens, format!("not a valid OpenAPI document: {message}")))
}

fn check_webhooks(doc: &Value, ctx: &Ctx) -> Result<(), GenError> {
    let Some(webhooks) = doc.get("webhooks") else {
        return Ok(());
    };
    let mut at = vec!["webhooks".to_owned()];
    let pos = Pos::Map(Obj::PathItem);
    let Value::Object(_) = webhooks else {
        return Err(ctx.invalid(&at, "`webhooks` must be a map of path items"));
    };
    match narrow(webhooks, pos, &mut at) {
        Some((tokens, message)) => {
            Err(ctx.invalid(&tokens, format!("not a valid OpenAPI document: {message}")))
        }
        None => Ok(()),
    }
}

/// The deepest object below `node` that openapiv3 cannot read, with openapiv3's message.
fn narrow(node: &Value, pos: Pos, at: &mut Vec<String>) -> Option<(Vec<String>, String)> {
    for (key, value) in children(node) {
        let child_pos = child(pos, &key, value);
        at.push(key);
        match child_pos {
            Pos::Item(obj) => {
                if let Err(message) = try_read(obj, value) {
                    return Some(narrow(value, child_pos, at).unwrap_or((at.clone(), message)));
                }
            }
            Pos::Map(_) | Pos::List(_) | Pos::Paths | Pos::Responses | Pos::Components => {
                if let Some(found) = narrow(value, child_pos, at) {
                    return Some(found);
                }
            }
            _ => {}
        }
        at.pop();
    }
    None
}

/// A serde message without the spec's values in it: serde quotes the offending value
/// (`invalid type: string "..."`), which may be any text from any file a `$ref` reached (a
/// secret in `config.yaml#/db/password`). Kept: the kind of value, what was expected, and
/// serde's own field names; a message of another form is replaced.
pub(crate) fn without_values(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            // Serde writes the kind first (`string "..."`, `integer `5``, `map`).
            let kind = match rest.split([' ', ',']).next().unwrap_or_default() {
                "string" => " a string",
                "integer" => " an integer",
                "floating" => " a number",
                "boolean" => " a boolean",
                "character" => " a character",
                "sequence" => " a sequence",
                "map" => " a map",
                "unit" => " null",
                _ => "",
            };
            let prefix = prefix.trim_end_matches([':', ' ']);
            // The last `, expected`: the value quoted before it may hold the same text.
            return match rest.rsplit_once(", expected ") {
                Some((_, expected)) => format!("{prefix}:{kind}, expected {expected}"),
                None => format!("{prefix}:{kind}"),
            };
        }
    }
    for prefix in ["unknown variant `", "unknown field `"] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let what = prefix.trim_end_matches([' ', '`']);
            return match rest.rsplit_once("`, expected ") {
                Some((_, expected)) => format!("{what}, expected {expected}"),
                None => what.to_owned(),
            };
        }
    }
    // Serde's own wording, naming only the types and fields it knows.
    let safe = [
        "missing field `",
        "duplicate field `",
        "invalid length ",
        "data did not match",
    ];
    if safe.iter().any(|p| message.starts_with(p)) {
        return message.to_owned();
    }
    "the value does not have the form expected here".to_owned()
}

/// Deserializes `value` as the openapiv3 type for `obj`.
fn try_read(obj: Obj, value: &Value) -> Result<(), String> {
    fn read<'a, T: Deserialize<'a>>(value: &'a Value) -> Result<(), String> {
        T::deserialize(value)
            .map(drop)
            .map_err(|e| without_values(&e.to_string()))
    }
    match obj {
        Obj::PathItem => read::<ReferenceOr<PathItem>>(value),
        Obj::Operation => read::<Operation>(value),
        Obj::Callback => read::<Callback>(value),
        Obj::Parameter => read::<ReferenceOr<Parameter>>(value),
        Obj::Header => read::<ReferenceOr<Header>>(value),
        Obj::RequestBody => read::<ReferenceOr<RequestBody>>(value),
        Obj::Response => read::<ReferenceOr<Response>>(value),
        Obj::MediaType => read::<MediaType>(value),
        Obj::Encoding => read::<Encoding>(value),
        Obj::Example => read::<ReferenceOr<Example>>(value),
        Obj::Link => read::<ReferenceOr<Link>>(value),
        Obj::Schema => read::<ReferenceOr<Schema>>(value),
        Obj::SecurityScheme => read::<ReferenceOr<SecurityScheme>>(value),
    }
}
