//! What the Prism tests of every generated Codat crate share, whatever the crate: a spec's
//! operations with values taken from its examples ([`Spec`], [`Examples`]), the answers a hook
//! saw ([`Recorder`], [`Answer`]), a failed call as text ([`CallError`]) and Prism's `Prefer`
//! header. Nothing here names a generated type except the Platform conveniences at the end
//! ([`Spec::load`], [`Examples::prefer`], the `Hook` of [`Recorder`]); other crates pass their
//! own round-trip dispatch to [`Spec::load_from`] and wrap [`Recorder`] in their own `Hook`.
//!
//! Values come from the spec, in this order: a parameter's `example`, its schema's `example`,
//! `examples[0]`, `enum[0]` or `default`, and only then a value made from the schema's format
//! (`uuid`) or type (`string`, `integer`, `boolean`), which [`Examples::fallbacks`] lists. A request body is the first of the
//! operation's `examples` that round-trips through its generated type (so the examples the
//! spec gets wrong, listed in `spec/example-errata.toml`, are never sent), else the schema's
//! own example, else a body built from the schema's property examples.

use std::cell::RefCell;
use std::path::Path;
use std::sync::{Arc, Mutex};

use codat_platform::runtime::{
    BoxError, Hook, HookContext, PathValueError, RequestOptions, Response,
};
use generator::load::pointer::{escape_token, resolve};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::json_difference;

/// Decodes the example at a pointer into its generated type and encodes it again; `None` when
/// the pointer is no example site (the build script of each test crate writes one).
pub type RoundTrip = fn(&str, Value) -> Option<Result<Value, String>>;

/// A spec and its operations, as the generator sees them.
pub struct Spec {
    raw: Value,
    round_trip: RoundTrip,
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
    /// Loads the Platform spec (`crate::SPEC`) and lowers it with the generator.
    pub fn load() -> Spec {
        Spec::load_from(Path::new(crate::SPEC), crate::round_trip_at)
    }

    /// Loads `spec` and lowers it with the generator; `round_trip` is the dispatch of its
    /// generated crate's example sites.
    pub fn load_from(spec: &Path, round_trip: RoundTrip) -> Spec {
        let loaded = generator::load::load_file(spec)
            .unwrap_or_else(|e| panic!("{} loads: {e}", spec.display()));
        let (api, _) = generator::ir::lower(&loaded)
            .unwrap_or_else(|e| panic!("{} lowers: {e}", spec.display()));
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
            round_trip,
            operations,
        }
    }

    /// Example values for `operation`.
    pub fn examples<'a>(&'a self, operation: &'a Operation) -> Examples<'a> {
        Examples {
            raw: &self.raw,
            round_trip: self.round_trip,
            operation,
            fallbacks: RefCell::new(Vec::new()),
            overrides: Vec::new(),
            body_override: None,
        }
    }
}

/// Values for one operation's parameters and body, taken from the spec's examples.
pub struct Examples<'a> {
    raw: &'a Value,
    round_trip: RoundTrip,
    operation: &'a Operation,
    fallbacks: RefCell<Vec<String>>,
    /// Parameter values used instead of the spec's, by name.
    overrides: Vec<(String, Value)>,
    /// The request body to send instead of the spec's.
    body_override: Option<BodyOverride>,
}

/// A request body chosen instead of the first example that round-trips.
#[derive(Debug, Clone)]
pub enum BodyOverride {
    /// The operation's example of this name.
    Example(String),
    /// This value.
    Value(Value),
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

    /// These values, with `body` as the request body instead of the spec's choice.
    pub fn with_body(mut self, body: BodyOverride) -> Self {
        self.body_override = Some(body);
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
        // A union of shapes (an id or `latest`): the first member's own value.
        let members = ["oneOf", "anyOf"].into_iter();
        let mut members = members.filter_map(|key| schema[key].as_array()).flatten();
        if let Some(value) = members.find_map(|member| schema_example(self.schema(member))) {
            return Some(value);
        }
        if !required {
            return None;
        }
        let value = match (schema["type"].as_str(), schema["format"].as_str()) {
            (_, Some("uuid")) => Value::from(UUID),
            (Some("string"), None) => Value::from("example"),
            (Some("integer"), _) => schema.get("minimum").cloned().unwrap_or(Value::from(1)),
            (Some("boolean"), _) => Value::from(true),
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
        let wanted = match &self.body_override {
            Some(BodyOverride::Value(value)) => {
                return Some(serde_json::from_value(value.clone()).unwrap_or_else(|e| {
                    panic!("{}: the body {value} does not decode: {e}", self.id())
                }))
            }
            Some(BodyOverride::Example(name)) => Some(name),
            None => None,
        };
        let examples = media["examples"].as_object().into_iter().flatten();
        for (name, example) in examples.filter(|(name, _)| wanted.map_or(true, |w| w == *name)) {
            let (example, at) = self.deref(example);
            let pointer = at
                .unwrap_or_else(|| format!("{media_pointer}/examples/{}", escape_token(name)))
                + "/value";
            match decode_clean::<T>(self.round_trip, &pointer, &example["value"]) {
                Ok(typed) => return Some(typed),
                Err(why) => tried.push(format!("example {name:?}: {why}")),
            }
        }
        if let Some(name) = wanted {
            panic!("{}: no usable body example {name:?}: {tried:?}", self.id());
        }
        let (schema, schema_pointer) = self.deref(&media["schema"]);
        let schema_pointer = schema_pointer.unwrap_or(format!("{media_pointer}/schema"));
        if let Some(value) = schema.get("example") {
            match decode_clean::<T>(self.round_trip, &format!("{schema_pointer}/example"), value) {
                Ok(typed) => return Some(typed),
                Err(why) => tried.push(format!("schema example: {why}")),
            }
        }
        if let Some(value) = schema["examples"].get(0) {
            match decode_clean::<T>(
                self.round_trip,
                &format!("{schema_pointer}/examples/0"),
                value,
            ) {
                Ok(typed) => return Some(typed),
                Err(why) => tried.push(format!("schema examples/0: {why}")),
            }
        }
        // No schema (`application/json: {}`): any JSON value; an empty object is one.
        let made = if media.get("schema").is_none() {
            Value::Object(Map::new())
        } else {
            self.synthesize(schema, 0)
        };
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
                    (self.round_trip)(&pointer, example["value"].clone()),
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

    /// The text of Prism's `Prefer` header that asks for the success status and, when given,
    /// the named example: `code=200, example=One company`.
    pub fn prefer_header(&self, example: Option<&str>) -> String {
        match example {
            Some(name) => self.prefer_text(&format!("example={name}")),
            None => self.prefer_text(""),
        }
    }

    /// The text of Prism's `Prefer` header that asks for a random schema-valid value of the
    /// success status: `code=200, dynamic=true`.
    pub fn prefer_dynamic_header(&self) -> String {
        self.prefer_text("dynamic=true")
    }

    /// [`Examples::prefer_header`] as options of the Platform client.
    pub fn prefer(&self, example: Option<&str>) -> RequestOptions {
        platform_prefer(&self.prefer_header(example))
    }

    /// [`Examples::prefer_dynamic_header`] as options of the Platform client.
    pub fn prefer_dynamic(&self) -> RequestOptions {
        platform_prefer(&self.prefer_dynamic_header())
    }

    fn prefer_text(&self, extra: &str) -> String {
        let mut prefer = format!("code={}", self.operation.success);
        if !extra.is_empty() {
            prefer.push_str(", ");
            prefer.push_str(extra);
        }
        prefer
    }

    /// The fields of a `multipart/form-data` request body, from its schema: each property's
    /// name and whether it is a file (`format: binary`), with its example when it has one.
    pub fn form_fields(&self) -> Vec<FormField> {
        let (operation, _) = self.at(&self.operation.pointer);
        let Some(body) = operation.get("requestBody") else {
            return Vec::new();
        };
        let (body, _) = self.deref(body);
        let schema = self.schema(&body["content"]["multipart/form-data"]["schema"]);
        schema["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, property)| {
                let property = self.schema(property);
                FormField {
                    name: name.clone(),
                    file: property["format"] == "binary" || property["format"] == "byte",
                    example: schema_example(property),
                }
            })
            .collect()
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
                match self.synthesize(part, depth + 1) {
                    Value::Object(fields) => merged.extend(fields),
                    // A part that is no object (`allOf: [{$ref: DateTime}]`) is the value.
                    Value::Null => {}
                    other => return other,
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
fn decode_clean<T: DeserializeOwned>(
    round_trip: RoundTrip,
    pointer: &str,
    value: &Value,
) -> Result<T, String> {
    match round_trip(pointer, value.clone()) {
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

impl Recorder {
    /// Records one answer (for the `Hook` of a generated client).
    pub fn record(&self, operation_id: &'static str, status: u16, violations: Option<String>) {
        self.0.lock().unwrap().push(Answer {
            operation_id,
            status,
            violations,
        });
    }
}

/// The Platform client's hook.
impl Hook for Recorder {
    fn after_success(&self, ctx: &HookContext, response: &mut Response) -> Result<(), BoxError> {
        let violations = response
            .headers
            .get("sl-violations")
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        self.record(ctx.operation_id, response.status.as_u16(), violations);
        Ok(())
    }
}

/// One field of a `multipart/form-data` body (see [`Examples::form_fields`]).
#[derive(Debug, Clone)]
pub struct FormField {
    /// The property name.
    pub name: String,
    /// Whether the field is a file (`format: binary`).
    pub file: bool,
    /// The schema's example value.
    pub example: Option<Value>,
}

/// `Prefer: <text>` as options of the Platform client.
fn platform_prefer(text: &str) -> RequestOptions {
    RequestOptions::new().header("prefer", text)
}

/// A failed call, with what Prism said: status, `sl-violations`, body. `P` is the path-value
/// error of the crate's runtime.
#[derive(Debug, Clone)]
pub struct CallError<P = PathValueError> {
    /// The error, the violations Prism reported and the start of the body.
    pub message: String,
    /// Whether the answer did not decode and Prism itself reports that it breaks the spec
    /// (a response violation): a problem of the spec or of Prism, not of the SDK.
    pub answer_breaks_spec: bool,
    /// The parameter and reason of an `Error::InvalidPathParameter`.
    pub invalid_path_parameter: Option<(&'static str, P)>,
}

impl<P> CallError<P> {
    /// An error with only a message (the call could not be made).
    pub fn message(message: String) -> Self {
        CallError {
            message,
            answer_breaks_spec: false,
            invalid_path_parameter: None,
        }
    }
}

impl<P> std::fmt::Display for CallError<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// How `sl-violations` marks a problem of the request and of the answer.
pub const REQUEST_VIOLATION: &str = r#""location":["request""#;
/// See [`REQUEST_VIOLATION`].
pub const RESPONSE_VIOLATION: &str = r#""location":["response""#;

/// The message of an SDK error, with what Prism said (`sl-violations`, the start of the body),
/// and whether the answer did not decode while Prism reports that it breaks the spec.
/// `decode_source` is the source of an `Error::Decode`.
pub fn describe_failure(
    error: &dyn std::fmt::Display,
    decode_source: Option<&dyn std::fmt::Display>,
    violations: Option<String>,
    body: Option<&[u8]>,
) -> (String, bool) {
    let mut message = error.to_string();
    if let Some(source) = decode_source {
        message.push_str(&format!(" ({source})"));
    }
    if let Some(violations) = &violations {
        message.push_str(&format!("; sl-violations: {violations}"));
    }
    if let Some(body) = body {
        let body = String::from_utf8_lossy(body);
        let cut: String = body.chars().take(600).collect();
        message.push_str(&format!("; body: {cut}"));
    }
    let answer_breaks_spec = decode_source.is_some()
        && violations
            .is_some_and(|v| v.contains(RESPONSE_VIOLATION) && !v.contains(REQUEST_VIOLATION));
    (message, answer_breaks_spec)
}
