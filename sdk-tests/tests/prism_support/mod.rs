//! Shared by the Prism tests (`prism_static.rs`, `prism_dynamic.rs`): the Platform spec's
//! operations with values taken from its examples, a generated client aimed at Prism that
//! records every answer's status and `sl-violations` header, and [`calls::call`], one call of
//! the generated SDK per operation.
//!
//! Values come from the spec, in this order: a parameter's `example`, its schema's `example`,
//! `examples[0]`, `enum[0]` or `default`, and only then a value made from the schema's format
//! (`uuid`), which [`Examples::fallbacks`] lists. A request body is the first of the
//! operation's `examples` that round-trips through its generated type (so the examples the
//! spec gets wrong, listed in `examples.rs`, are never sent), else the schema's own example,
//! else a body built from the schema's property examples.

#![allow(dead_code)] // each test binary uses a part

pub mod calls;

use std::cell::RefCell;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use codat_platform::runtime::{
    BoxError, Credential, HeaderValue, Hook, HookContext, PathValueError, RequestOptions, Response,
    RetryConfig,
};
use codat_platform::CodatPlatform;
use generator::load::pointer::{escape_token, resolve};
use sdk_tests::prism::Prism;
use sdk_tests::{json_difference, round_trip_at};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The Platform spec and its operations, as the generator sees them.
pub struct Spec {
    raw: Value,
    /// Every operation the SDK has a method for, by operation id.
    pub operations: Vec<Operation>,
}

/// One operation of the spec.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The spec's operation id, e.g. `list-companies`.
    pub id: String,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// Path template.
    pub path: String,
    /// JSON pointer of the operation (`/paths/~1companies/get`).
    pointer: String,
    /// The success status the SDK decodes (`200`, `201`, `204`...).
    pub success: String,
    /// Whether the SDK decodes the success response's body.
    pub has_body: bool,
}

impl Spec {
    /// Loads `sdk_tests::SPEC` and lowers it with the generator.
    pub fn load() -> Spec {
        let loaded = generator::load::load_file(Path::new(sdk_tests::SPEC))
            .unwrap_or_else(|e| panic!("the Platform spec loads: {e}"));
        let (api, _) = generator::ir::lower(&loaded)
            .unwrap_or_else(|e| panic!("the Platform spec lowers: {e}"));
        let mut operations: Vec<Operation> = api
            .groups
            .iter()
            .flat_map(|group| &group.operations)
            .map(|op| Operation {
                id: op.operation_id.clone(),
                http_method: op.http_method.clone(),
                path: op.path.clone(),
                pointer: op.pointer.clone(),
                success: op.response.status.clone(),
                has_body: op.response.ty.is_some(),
            })
            .collect();
        operations.sort_by(|a, b| a.id.cmp(&b.id));
        Spec {
            raw: loaded.raw,
            operations,
        }
    }

    /// Example values for `operation`.
    pub fn examples<'a>(&'a self, operation: &'a Operation) -> Examples<'a> {
        Examples {
            raw: &self.raw,
            operation,
            fallbacks: RefCell::new(Vec::new()),
            overrides: Vec::new(),
        }
    }
}

/// Values for one operation's parameters and body, taken from the spec's examples.
pub struct Examples<'a> {
    raw: &'a Value,
    operation: &'a Operation,
    fallbacks: RefCell<Vec<String>>,
    /// Parameter values used instead of the spec's, by name.
    overrides: Vec<(String, Value)>,
}

/// A fixed UUID for `format: uuid` parameters the spec gives no example for.
const UUID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

impl<'a> Examples<'a> {
    /// The operation these values are for.
    pub fn operation(&self) -> &'a Operation {
        self.operation
    }

    /// The operation id.
    pub fn id(&self) -> &'a str {
        &self.operation.id
    }

    /// These values, with the parameter `name` set to `value` instead of its example.
    pub fn with_param(mut self, name: &str, value: Value) -> Self {
        self.overrides.push((name.to_owned(), value));
        self
    }

    /// Parameters and bodies that had no example and were made from their schema.
    pub fn fallbacks(&self) -> Vec<String> {
        self.fallbacks.borrow().clone()
    }

    /// The value of the required parameter `name`.
    pub fn param<T: DeserializeOwned>(&self, name: &str) -> T {
        self.opt(name)
            .unwrap_or_else(|| panic!("{}: no value for parameter {name}", self.id()))
    }

    /// The value of the parameter `name`, `None` when the spec gives it none.
    pub fn opt<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        let value = self.param_value(name)?;
        Some(serde_json::from_value(value.clone()).unwrap_or_else(|e| {
            panic!(
                "{}: parameter {name} = {value} does not decode: {e}",
                self.id()
            )
        }))
    }

    fn param_value(&self, name: &str) -> Option<Value> {
        if let Some((_, value)) = self.overrides.iter().find(|(n, _)| n == name) {
            return Some(value.clone());
        }
        let (operation, _) = self.at(&self.operation.pointer);
        let path_pointer = self.operation.pointer.rsplit_once('/').map(|(p, _)| p);
        let (path_item, _) = self.at(path_pointer.unwrap_or_default());
        let declared = [operation, path_item]
            .into_iter()
            .filter_map(|node| node.get("parameters")?.as_array())
            .flatten()
            .map(|p| self.deref(p).0)
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{}: no parameter {name}", self.id()));
        let required = declared["required"] == true;
        if let Some(value) = declared.get("example") {
            return Some(value.clone());
        }
        if let Some(value) = declared["examples"]
            .as_object()
            .and_then(|map| map.values().next())
        {
            return Some(self.deref(value).0["value"].clone());
        }
        let schema = self.schema(&declared["schema"]);
        if let Some(value) = schema_example(schema) {
            return Some(value);
        }
        if !required {
            return None;
        }
        let value = match schema["format"].as_str() {
            Some("uuid") => Value::from(UUID),
            _ => panic!("{}: parameter {name} has no example", self.id()),
        };
        self.fallbacks
            .borrow_mut()
            .push(format!("{}: parameter {name} = {value}", self.id()));
        Some(value)
    }

    /// The request body: the first of the operation's examples that round-trips through its
    /// generated type, else the schema's example, else one made from the schema.
    pub fn body<T: DeserializeOwned>(&self) -> Option<T> {
        let (operation, _) = self.at(&self.operation.pointer);
        let body = operation.get("requestBody")?;
        let (body, body_pointer) = self.deref(body);
        let body_pointer =
            body_pointer.unwrap_or_else(|| format!("{}/requestBody", self.operation.pointer));
        let media = &body["content"]["application/json"];
        let media_pointer = format!("{body_pointer}/content/application~1json");
        let mut tried = Vec::new();
        for (name, example) in media["examples"].as_object().into_iter().flatten() {
            let (example, at) = self.deref(example);
            let pointer = at
                .unwrap_or_else(|| format!("{media_pointer}/examples/{}", escape_token(name)))
                + "/value";
            match decode_clean::<T>(&pointer, &example["value"]) {
                Ok(typed) => return Some(typed),
                Err(why) => tried.push(format!("example {name:?}: {why}")),
            }
        }
        let (schema, schema_pointer) = self.deref(&media["schema"]);
        let schema_pointer = schema_pointer.unwrap_or(format!("{media_pointer}/schema"));
        if let Some(value) = schema.get("example") {
            match decode_clean::<T>(&format!("{schema_pointer}/example"), value) {
                Ok(typed) => return Some(typed),
                Err(why) => tried.push(format!("schema example: {why}")),
            }
        }
        if let Some(value) = schema["examples"].get(0) {
            match decode_clean::<T>(&format!("{schema_pointer}/examples/0"), value) {
                Ok(typed) => return Some(typed),
                Err(why) => tried.push(format!("schema examples/0: {why}")),
            }
        }
        let made = self.synthesize(schema, 0);
        self.fallbacks
            .borrow_mut()
            .push(format!("{}: body made from the schema: {made}", self.id()));
        match serde_json::from_value(made.clone()) {
            Ok(typed) => Some(typed),
            Err(e) => panic!(
                "{}: no usable body; tried {tried:?}; {made} does not decode: {e}",
                self.id()
            ),
        }
    }

    /// The names of the success response's examples that decode into the generated type,
    /// `[None]` when it has none (Prism then builds the answer from the schema).
    pub fn response_examples(&self) -> Vec<Option<String>> {
        if !self.operation.has_body {
            return vec![None];
        }
        let status = &self.operation.success;
        let (operation, _) = self.at(&self.operation.pointer);
        let (response, at) = self.deref(&operation["responses"][status.as_str()]);
        let response_pointer =
            at.unwrap_or_else(|| format!("{}/responses/{status}", self.operation.pointer));
        let media_pointer = format!("{response_pointer}/content/application~1json");
        let names: Vec<Option<String>> = response["content"]["application/json"]["examples"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(name, example)| {
                let (example, at) = self.deref(example);
                let pointer = at
                    .unwrap_or_else(|| format!("{media_pointer}/examples/{}", escape_token(name)))
                    + "/value";
                // Decoding is what matters here; `platform` and other undeclared fields are dropped.
                !matches!(
                    round_trip_at(&pointer, example["value"].clone()),
                    Some(Err(_))
                )
            })
            .map(|(name, _)| Some(name.clone()))
            .collect();
        if names.is_empty() {
            vec![None]
        } else {
            names
        }
    }

    /// Options that make Prism answer with the success status and, when given, the named
    /// example: `Prefer: code=200, example=One company`.
    pub fn prefer(&self, example: Option<&str>) -> RequestOptions {
        match example {
            Some(name) => self.prefer_text(&format!("example={name}")),
            None => self.prefer_text(""),
        }
    }

    /// Options that make Prism answer with a random schema-valid value of the success status.
    pub fn prefer_dynamic(&self) -> RequestOptions {
        self.prefer_text("dynamic=true")
    }

    fn prefer_text(&self, extra: &str) -> RequestOptions {
        let mut prefer = format!("code={}", self.operation.success);
        if !extra.is_empty() {
            prefer.push_str(", ");
            prefer.push_str(extra);
        }
        RequestOptions::new().header(
            codat_platform::runtime::HeaderName::from_static("prefer"),
            HeaderValue::from_str(&prefer).expect("example names are valid header text"),
        )
    }

    /// The node at `pointer` and its pointer.
    fn at(&self, pointer: &str) -> (&'a Value, Option<String>) {
        let node = resolve(self.raw, &format!("#{pointer}"))
            .unwrap_or_else(|| panic!("{}: {pointer} is not in the spec", self.id()));
        (node, Some(pointer.to_owned()))
    }

    /// `node`, following `$ref`s, with the pointer it was found at when a reference was followed.
    fn deref(&self, node: &'a Value) -> (&'a Value, Option<String>) {
        let mut node = node;
        let mut at = None;
        for _ in 0..16 {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                break;
            };
            node = resolve(self.raw, reference)
                .unwrap_or_else(|| panic!("{}: dangling $ref {reference}", self.id()));
            let tokens = generator::load::pointer::parse_ref(reference).unwrap_or_default();
            at = Some(generator::load::pointer::to_pointer(&tokens));
        }
        (node, at)
    }

    /// `schema` behind its `$ref`s and the `allOf: [{$ref}]` wrappers the loader puts around
    /// references with siblings.
    fn schema(&self, schema: &'a Value) -> &'a Value {
        let (mut schema, _) = self.deref(schema);
        while let Some([only]) = schema["allOf"].as_array().map(Vec::as_slice) {
            if schema_example(schema).is_some() {
                break;
            }
            schema = self.deref(only).0;
        }
        schema
    }

    /// A value for `schema` made from the examples of its parts.
    fn synthesize(&self, schema: &'a Value, depth: usize) -> Value {
        let schema = self.schema(schema);
        if let Some(value) = schema_example(schema) {
            return value;
        }
        if depth > 8 {
            return Value::Null;
        }
        if let Some(parts) = schema["allOf"].as_array() {
            let mut merged = Map::new();
            for part in parts {
                if let Value::Object(fields) = self.synthesize(part, depth + 1) {
                    merged.extend(fields);
                }
            }
            return Value::Object(merged);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(first) = schema[key].get(0) {
                return self.synthesize(first, depth + 1);
            }
        }
        let kind = schema["type"]
            .as_str()
            .unwrap_or(if schema.get("properties").is_some() {
                "object"
            } else {
                ""
            });
        match kind {
            "object" => Value::Object(
                schema["properties"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(name, property)| (name.clone(), self.synthesize(property, depth + 1)))
                    .collect(),
            ),
            "array" => Value::Array(vec![self.synthesize(&schema["items"], depth + 1)]),
            "string" => match schema["format"].as_str() {
                Some("uuid") => Value::from(UUID),
                Some("date-time") => Value::from("2022-10-23T00:00:00Z"),
                Some("date") => Value::from("2022-10-23"),
                Some("uri") => Value::from("https://example.com"),
                _ => Value::from("string"),
            },
            "integer" => schema.get("minimum").cloned().unwrap_or(Value::from(1)),
            "number" => Value::from(1.5),
            "boolean" => Value::from(true),
            _ => Value::Null,
        }
    }
}

/// A schema's own value: `example`, `examples[0]`, `enum[0]` or `default`.
fn schema_example(schema: &Value) -> Option<Value> {
    schema
        .get("example")
        .or_else(|| schema["examples"].get(0))
        .or_else(|| schema["enum"].get(0))
        .or_else(|| schema.get("default"))
        .cloned()
}

/// `value` as `T` when it round-trips through its generated type unchanged.
fn decode_clean<T: DeserializeOwned>(pointer: &str, value: &Value) -> Result<T, String> {
    match round_trip_at(pointer, value.clone()) {
        Some(Ok(encoded)) => {
            if let Some(difference) = json_difference(value, &encoded, "") {
                return Err(format!("does not round-trip: {difference}"));
            }
        }
        Some(Err(why)) => return Err(why),
        None => {}
    }
    serde_json::from_value(value.clone()).map_err(|e| format!("does not decode: {e}"))
}

/// One answer Prism gave, as a hook saw it.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The operation called.
    pub operation_id: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// Prism's `sl-violations` header, when it set one.
    pub violations: Option<String>,
}

/// A hook that records the status and `sl-violations` header of every successful answer.
#[derive(Clone, Default)]
pub struct Recorder(Arc<Mutex<Vec<Answer>>>);

impl Recorder {
    /// Everything recorded so far.
    pub fn answers(&self) -> Vec<Answer> {
        self.0.lock().unwrap().clone()
    }
}

impl Hook for Recorder {
    fn after_success(&self, ctx: &HookContext, response: &mut Response) -> Result<(), BoxError> {
        let violations = response
            .headers
            .get("sl-violations")
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        self.0.lock().unwrap().push(Answer {
            operation_id: ctx.operation_id,
            status: response.status.as_u16(),
            violations,
        });
        Ok(())
    }
}

/// A generated client aimed at `prism`, without retries, recording answers in `recorder`.
pub fn client(prism: &Prism, recorder: &Recorder) -> CodatPlatform {
    CodatPlatform::builder()
        .server_url(prism.base_url())
        .credential(Credential::header(
            "Authorization",
            "Basic cHJpc206dGVzdA==",
        ))
        .retry_config(RetryConfig::none())
        .timeout(Duration::from_secs(30))
        .hook(recorder.clone())
        .build()
        .expect("the client builds")
}

/// A failed call, with what Prism said: status, `sl-violations`, body.
#[derive(Debug, Clone)]
pub struct CallError {
    /// The error, the violations Prism reported and the start of the body.
    pub message: String,
    /// Whether the answer did not decode and Prism itself reports that it breaks the spec
    /// (a response violation): a problem of the spec or of Prism, not of the SDK.
    pub answer_breaks_spec: bool,
    /// The parameter and reason of an `Error::InvalidPathParameter`.
    pub invalid_path_parameter: Option<(&'static str, PathValueError)>,
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// How `sl-violations` marks a problem of the request and of the answer.
pub const REQUEST_VIOLATION: &str = r#""location":["request""#;
/// See [`REQUEST_VIOLATION`].
pub const RESPONSE_VIOLATION: &str = r#""location":["response""#;

/// The [`CallError`] of an SDK error.
pub fn describe(error: &codat_platform::Error) -> CallError {
    let mut message = error.to_string();
    if let codat_platform::Error::Decode { source, .. } = error {
        message.push_str(&format!(" ({source})"));
    }
    let violations = error
        .headers()
        .and_then(|h| h.get("sl-violations"))
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    if let Some(violations) = &violations {
        message.push_str(&format!("; sl-violations: {violations}"));
    }
    if let Some(body) = error.raw_body() {
        let body = String::from_utf8_lossy(body);
        let cut: String = body.chars().take(600).collect();
        message.push_str(&format!("; body: {cut}"));
    }
    let answer_breaks_spec = matches!(error, codat_platform::Error::Decode { .. })
        && violations
            .is_some_and(|v| v.contains(RESPONSE_VIOLATION) && !v.contains(REQUEST_VIOLATION));
    let invalid_path_parameter = match error {
        codat_platform::Error::InvalidPathParameter { name, reason } => Some((*name, *reason)),
        _ => None,
    };
    CallError {
        message,
        answer_breaks_spec,
        invalid_path_parameter,
    }
}
