//! The shape of an OpenAPI document: which positions hold schemas, parameters, responses, ...,
//! and which hold data (examples, defaults, enums, extensions) that must never be rewritten.
//!
//! Every stage that rewrites the raw document walks it through [`child`], so a property called
//! `type` or `example` is treated as a property, and an example that looks like a schema is left
//! alone.

use serde_json::Value;

/// The OpenAPI objects a position can hold (all of them may be a Reference Object instead).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Obj {
    PathItem,
    Operation,
    Callback,
    Parameter,
    Header,
    RequestBody,
    Response,
    MediaType,
    Encoding,
    Example,
    Link,
    Schema,
    SecurityScheme,
}

impl Obj {
    /// The `components` section holding reusable objects of this kind.
    pub(crate) fn section(self) -> Option<&'static str> {
        Some(match self {
            Obj::Schema => "schemas",
            Obj::Parameter => "parameters",
            Obj::Response => "responses",
            Obj::RequestBody => "requestBodies",
            Obj::Header => "headers",
            Obj::Example => "examples",
            Obj::Link => "links",
            Obj::Callback => "callbacks",
            Obj::PathItem => "pathItems",
            Obj::SecurityScheme => "securitySchemes",
            Obj::Operation | Obj::MediaType | Obj::Encoding => return None,
        })
    }

    /// Inverse of [`Obj::section`].
    pub(crate) fn from_section(section: &str) -> Option<Obj> {
        Some(match section {
            "schemas" => Obj::Schema,
            "parameters" => Obj::Parameter,
            "responses" => Obj::Response,
            "requestBodies" => Obj::RequestBody,
            "headers" => Obj::Header,
            "examples" => Obj::Example,
            "links" => Obj::Link,
            "callbacks" => Obj::Callback,
            "pathItems" => Obj::PathItem,
            "securitySchemes" => Obj::SecurityScheme,
            _ => return None,
        })
    }

    /// How messages name this kind of object.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Obj::PathItem => "path item",
            Obj::Operation => "operation",
            Obj::Callback => "callback",
            Obj::Parameter => "parameter",
            Obj::Header => "header",
            Obj::RequestBody => "request body",
            Obj::Response => "response",
            Obj::MediaType => "media type",
            Obj::Encoding => "encoding",
            Obj::Example => "example",
            Obj::Link => "link",
            Obj::Schema => "schema",
            Obj::SecurityScheme => "security scheme",
        }
    }
}

/// What a node in the document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pos {
    Root,
    Components,
    /// The `paths` object: path templates to path items, plus extensions.
    Paths,
    /// An operation's `responses`: status codes to responses, plus extensions.
    Responses,
    /// One object of the given kind, or a Reference Object standing for one.
    Item(Obj),
    /// A map from names to objects of the given kind (`properties`, `components/schemas`, ...).
    Map(Obj),
    /// A list of objects of the given kind (`allOf`, `parameters`, ...).
    List(Obj),
    /// Under a schema keyword nobody defines (`components` inside a schema, say): anything in
    /// it is treated as a schema when referenced, but never normalized.
    SchemaOther,
    /// Structure the generator does not rewrite (`info`, `servers`, `discriminator`, ...).
    Other,
    /// Values: examples, defaults, enums, consts and extensions. Never rewritten.
    Data,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// JSON Schema keywords whose value is a scalar or a plain list the generator may read but
/// never treats as a schema.
const SCHEMA_SCALARS: [&str; 37] = [
    "type",
    "format",
    "title",
    "description",
    "pattern",
    "multipleOf",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "required",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "discriminator",
    "xml",
    "externalDocs",
    "$ref",
    "$id",
    "$schema",
    "$anchor",
    "$comment",
    "$dynamicRef",
    "$dynamicAnchor",
    "contentMediaType",
    "contentEncoding",
    "minContains",
    "maxContains",
    "dependentRequired",
];

/// The position of `value`, found under `key` in a node at position `pos`.
pub(crate) fn child(pos: Pos, key: &str, value: &Value) -> Pos {
    let extension = key.starts_with("x-");
    match pos {
        Pos::Data => Pos::Data,
        Pos::Root => match key {
            "paths" => Pos::Paths,
            "webhooks" => Pos::Map(Obj::PathItem),
            "components" => Pos::Components,
            _ if extension => Pos::Data,
            _ => Pos::Other,
        },
        Pos::Components => match Obj::from_section(key) {
            Some(obj) => Pos::Map(obj),
            None if extension => Pos::Data,
            None => Pos::Other,
        },
        Pos::Paths => {
            if extension {
                Pos::Data
            } else {
                Pos::Item(Obj::PathItem)
            }
        }
        Pos::Responses => {
            if extension {
                Pos::Data
            } else {
                Pos::Item(Obj::Response)
            }
        }
        Pos::Map(obj) | Pos::List(obj) => Pos::Item(obj),
        // In a schema `x-...` is an extension too: property names live one level down.
        Pos::Item(_) if extension => Pos::Data,
        Pos::Item(Obj::Schema) => schema_child(key, value),
        Pos::Item(obj) => object_child(obj, key),
        Pos::SchemaOther => match key {
            "example" | "examples" | "default" | "enum" | "const" => Pos::Data,
            _ if extension => Pos::Data,
            _ => Pos::SchemaOther,
        },
        Pos::Other => {
            if extension {
                Pos::Data
            } else {
                Pos::Other
            }
        }
    }
}

fn schema_child(key: &str, value: &Value) -> Pos {
    match key {
        "properties" | "patternProperties" | "definitions" | "$defs" | "dependentSchemas" => {
            Pos::Map(Obj::Schema)
        }
        "items" if value.is_array() => Pos::List(Obj::Schema),
        "prefixItems" | "allOf" | "oneOf" | "anyOf" => Pos::List(Obj::Schema),
        "additionalProperties"
        | "unevaluatedProperties"
        | "unevaluatedItems"
        | "additionalItems"
            if value.is_boolean() =>
        {
            Pos::Data
        }
        "items"
        | "additionalProperties"
        | "unevaluatedProperties"
        | "unevaluatedItems"
        | "additionalItems"
        | "not"
        | "contains"
        | "propertyNames"
        | "if"
        | "then"
        | "else"
        | "contentSchema" => Pos::Item(Obj::Schema),
        "example" | "examples" | "default" | "enum" | "const" => Pos::Data,
        _ if SCHEMA_SCALARS.contains(&key) => Pos::Other,
        _ => Pos::SchemaOther,
    }
}

fn object_child(obj: Obj, key: &str) -> Pos {
    match (obj, key) {
        (Obj::PathItem, m) if METHODS.contains(&m) => Pos::Item(Obj::Operation),
        (Obj::PathItem | Obj::Operation, "parameters") => Pos::List(Obj::Parameter),
        (Obj::Operation, "requestBody") => Pos::Item(Obj::RequestBody),
        (Obj::Operation, "responses") => Pos::Responses,
        (Obj::Operation, "callbacks") => Pos::Map(Obj::Callback),
        (Obj::Callback, _) => Pos::Item(Obj::PathItem),
        (Obj::Response, "headers") | (Obj::Encoding, "headers") => Pos::Map(Obj::Header),
        (Obj::Response, "content")
        | (Obj::RequestBody, "content")
        | (Obj::Parameter | Obj::Header, "content") => Pos::Map(Obj::MediaType),
        (Obj::Response, "links") => Pos::Map(Obj::Link),
        (Obj::Parameter | Obj::Header | Obj::MediaType, "schema") => Pos::Item(Obj::Schema),
        (Obj::Parameter | Obj::Header | Obj::MediaType, "examples") => Pos::Map(Obj::Example),
        (Obj::Parameter | Obj::Header | Obj::MediaType, "example") => Pos::Data,
        (Obj::MediaType, "encoding") => Pos::Map(Obj::Encoding),
        (Obj::Example, "value") => Pos::Data,
        (Obj::Link, "parameters" | "requestBody") => Pos::Data,
        _ => Pos::Other,
    }
}

/// The kind of `$ref` a Reference Object at `pos` stands for: `Some(Some(obj))` for a typed
/// position, `Some(None)` where the document's structure does not say, `None` where a `$ref`
/// key is not a Reference Object at all (a property called `$ref`, data).
pub(crate) fn ref_kind(pos: Pos) -> Option<Option<Obj>> {
    match pos {
        Pos::Item(obj) => Some(Some(obj)),
        Pos::SchemaOther => Some(Some(Obj::Schema)),
        Pos::Other => Some(None),
        _ => None,
    }
}

/// The positions of every node on the way to `tokens` (the root's first), or `None` when the
/// path does not exist in `doc`.
pub(crate) fn positions(doc: &Value, tokens: &[impl AsRef<str>]) -> Option<Vec<Pos>> {
    positions_from(doc, Pos::Root, tokens)
}

/// [`positions`] in a `doc` that is itself at position `start` (a file a `$ref` names).
pub(crate) fn positions_from(
    doc: &Value,
    start: Pos,
    tokens: &[impl AsRef<str>],
) -> Option<Vec<Pos>> {
    let mut out = Vec::with_capacity(tokens.len() + 1);
    let mut pos = start;
    let mut node = doc;
    out.push(pos);
    for token in tokens {
        let next = super::pointer::step(node, token.as_ref())?;
        pos = child(pos, token.as_ref(), next);
        node = next;
        out.push(pos);
    }
    Some(out)
}

/// The position of the node at `tokens`.
pub(crate) fn classify(doc: &Value, tokens: &[impl AsRef<str>]) -> Option<Pos> {
    positions(doc, tokens).and_then(|p| p.last().copied())
}

/// A Reference Object somewhere in the document.
#[derive(Debug, Clone)]
pub(crate) struct RefSite {
    pub(crate) path: Vec<String>,
    pub(crate) kind: Option<Obj>,
}

/// Every Reference Object in the subtree `node` (found at `at`, position `pos`), in document
/// order. The walk does not descend into a Reference Object or into data.
pub(crate) fn ref_sites(node: &Value, at: &[String], pos: Pos) -> Vec<RefSite> {
    let mut out = Vec::new();
    let mut path = at.to_vec();
    collect_sites(node, pos, &mut path, &mut out);
    out
}

fn collect_sites(node: &Value, pos: Pos, path: &mut Vec<String>, out: &mut Vec<RefSite>) {
    if pos == Pos::Data {
        return;
    }
    match node {
        Value::Object(map) => {
            if map.contains_key("$ref") {
                if let Some(kind) = ref_kind(pos) {
                    out.push(RefSite {
                        path: path.clone(),
                        kind,
                    });
                    return;
                }
            }
            for (key, value) in map {
                path.push(key.clone());
                collect_sites(value, child(pos, key, value), path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                let key = index.to_string();
                let child_pos = child(pos, &key, value);
                path.push(key);
                collect_sites(value, child_pos, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Calls `f` on every node of `doc` with its path and position, in document order; data is
/// reported but not descended into.
pub(crate) fn visit(doc: &Value, f: &mut impl FnMut(&[String], Pos, &Value)) {
    visit_from(doc, Pos::Root, f);
}

/// [`visit`] on a `doc` that is itself at position `start`.
pub(crate) fn visit_from(doc: &Value, start: Pos, f: &mut impl FnMut(&[String], Pos, &Value)) {
    let mut path = Vec::new();
    visit_node(doc, start, &mut path, f);
}

fn visit_node(
    node: &Value,
    pos: Pos,
    path: &mut Vec<String>,
    f: &mut impl FnMut(&[String], Pos, &Value),
) {
    f(path, pos, node);
    if pos == Pos::Data {
        return;
    }
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                path.push(key.clone());
                visit_node(value, child(pos, key, value), path, f);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                let key = index.to_string();
                let child_pos = child(pos, &key, value);
                path.push(key);
                visit_node(value, child_pos, path, f);
                path.pop();
            }
        }
        _ => {}
    }
}
