//! OpenAPI parameter serialization: `style`, `explode` and `allowReserved` for query, path,
//! header and cookie parameters, and parameters sent as JSON (`content: application/json`).
//!
//! A value is first serialized with serde to JSON (keeping the order of its fields), then
//! rendered by the style rules of
//! the OpenAPI specification (its "Style Examples" table, which follows RFC 6570): one generic
//! path for every type, so a model, a map, a list or a union renders the same way its JSON does.
//! `null` (an absent `Option`), an empty list and an empty object are undefined: the parameter
//! is left out. Values nested deeper than a style defines (a list inside a list, an object
//! inside a form-style object) render as their compact JSON text.

use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Serialize;

use super::params::{encode_unreserved, NOT_UNRESERVED};

/// An OpenAPI parameter `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParamStyle {
    /// `form` (query, cookie): `color=blue,black` or, exploded, `color=blue&color=black`.
    Form,
    /// `spaceDelimited` (query): `color=blue%20black`.
    SpaceDelimited,
    /// `pipeDelimited` (query): `color=blue%7Cblack`.
    PipeDelimited,
    /// `deepObject` (query): `color%5BR%5D=100` (`color[R]=100`).
    DeepObject,
    /// `simple` (path, header): `blue,black`.
    Simple,
    /// `label` (path): `.blue,black` or, exploded, `.blue.black`.
    Label,
    /// `matrix` (path): `;color=blue,black` or, exploded, `;color=blue;color=black`.
    Matrix,
}

/// How one parameter is serialized: a style with its `explode` and `allowReserved`, or JSON.
///
/// A style that does not belong to the parameter's location (a path style for a query
/// parameter) is replaced by the location's default: `form` for query and cookie, `simple` for
/// path and header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParamFormat {
    style: ParamStyle,
    explode: bool,
    allow_reserved: bool,
    json: bool,
}

impl ParamFormat {
    /// The value rendered by `style`, exploded or not.
    pub const fn style(style: ParamStyle, explode: bool) -> Self {
        ParamFormat {
            style,
            explode,
            allow_reserved: false,
            json: false,
        }
    }

    /// The value sent as its JSON text (a parameter with `content: application/json`).
    pub const fn json() -> Self {
        ParamFormat {
            style: ParamStyle::Form,
            explode: true,
            allow_reserved: false,
            json: true,
        }
    }

    /// Query only: RFC 3986 reserved characters in values are sent as they are
    /// (`allowReserved: true`), except `#`, `&`, `+`, `[` and `]`, which would end the value or
    /// the query, or mean something else in a form-encoded query.
    pub const fn allow_reserved(mut self) -> Self {
        self.allow_reserved = true;
        self
    }
}

/// A serialized parameter value with the order of its object keys kept (`serde_json::Value`
/// sorts them unless a feature is on): a struct renders its fields in declaration order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    /// A string, unquoted.
    String(String),
    /// A number or boolean as its JSON text.
    Literal(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// `value` serialized; fails as serde_json fails (a map with non-string keys).
    pub(crate) fn of<V: Serialize + ?Sized>(value: &V) -> Result<Value, serde_json::Error> {
        serde_json::from_str(&serde_json::to_string(value)?)
    }

    fn is_null(&self) -> bool {
        *self == Value::Null
    }

    /// Compact JSON text.
    fn json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::String(text) => out.push_str(&quoted(text)),
            Value::Literal(text) => out.push_str(text),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Value::Object(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&quoted(key));
                    out.push(':');
                    value.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

fn quoted(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Literal(value.to_string()))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Literal(value.to_string()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Literal(value.to_string()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(value)
            .map_or(Value::Null, |n| Value::Literal(n.to_string())))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Value::Object(entries))
    }
}

/// A value reduced to what the styles distinguish.
enum Shape {
    /// `null`, an empty list or an empty object: the parameter is left out.
    Undefined,
    Scalar(String),
    List(Vec<String>),
    Pairs(Vec<(String, String)>),
}

/// The text of a primitive; a nested list or object as its compact JSON.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) | Value::Literal(text) => text.clone(),
        other => other.json(),
    }
}

fn shape(value: &Value) -> Shape {
    match value {
        Value::Null => Shape::Undefined,
        Value::Array(items) => {
            let items: Vec<String> = items
                .iter()
                .filter(|item| !item.is_null())
                .map(scalar_text)
                .collect();
            if items.is_empty() {
                Shape::Undefined
            } else {
                Shape::List(items)
            }
        }
        Value::Object(entries) => {
            let pairs: Vec<(String, String)> = entries
                .iter()
                .filter(|(_, value)| !value.is_null())
                .map(|(key, value)| (key.clone(), scalar_text(value)))
                .collect();
            if pairs.is_empty() {
                Shape::Undefined
            } else {
                Shape::Pairs(pairs)
            }
        }
        other => Shape::Scalar(scalar_text(other)),
    }
}

/// What `allowReserved` lets through besides unreserved characters: RFC 3986's reserved set
/// minus what would end the value (`&`, `#`), change it (`+` is a space in a form-encoded query)
/// or is not allowed in a query at all (`[`, `]`).
const QUERY_RESERVED_ENCODED: &AsciiSet = &NOT_UNRESERVED
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';')
    .remove(b'=');

/// Encodes a query value under `allowReserved`: percent-encoded triples already in the value
/// pass through; any other `%` is encoded.
fn encode_reserved(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('%') {
        out.extend(utf8_percent_encode(&rest[..at], QUERY_RESERVED_ENCODED));
        let triple = rest.as_bytes().get(at + 1..at + 3);
        if triple.is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
            out.push_str(&rest[at..at + 3]);
            rest = &rest[at + 3..];
        } else {
            out.push_str("%25");
            rest = &rest[at + 1..];
        }
    }
    out.extend(utf8_percent_encode(rest, QUERY_RESERVED_ENCODED));
    out
}

/// Renders a query parameter as encoded `key=value` pieces, in order.
pub(crate) fn query_pieces(name: &str, value: &Value, format: ParamFormat) -> Vec<String> {
    let encode_value: fn(&str) -> String = if format.allow_reserved {
        encode_reserved
    } else {
        encode_unreserved
    };
    let key = encode_unreserved(name);
    if format.json {
        return match value {
            Value::Null => Vec::new(),
            other => vec![format!("{key}={}", encode_value(&other.json()))],
        };
    }
    let style = match format.style {
        ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited | ParamStyle::DeepObject => {
            format.style
        }
        _ => ParamStyle::Form,
    };
    if style == ParamStyle::DeepObject {
        if let Value::Object(entries) = value {
            let mut out = Vec::new();
            deep_object(&key, entries, encode_value, &mut out);
            return out;
        }
    }
    let delimiter = match style {
        ParamStyle::SpaceDelimited if !format.explode => "%20",
        ParamStyle::PipeDelimited if !format.explode => "%7C",
        _ => ",",
    };
    // `deepObject` defines objects only; anything else it gets renders as exploded `form`.
    let explode = format.explode || style == ParamStyle::DeepObject;
    match shape(value) {
        Shape::Undefined => Vec::new(),
        Shape::Scalar(text) => vec![format!("{key}={}", encode_value(&text))],
        Shape::List(items) if explode => items
            .iter()
            .map(|item| format!("{key}={}", encode_value(item)))
            .collect(),
        Shape::List(items) => vec![format!(
            "{key}={}",
            join(items.iter().map(|item| encode_value(item)), delimiter)
        )],
        Shape::Pairs(pairs) if explode => pairs
            .iter()
            .map(|(name, value)| format!("{}={}", encode_unreserved(name), encode_value(value)))
            .collect(),
        Shape::Pairs(pairs) => vec![format!(
            "{key}={}",
            join(flat_pairs(&pairs, encode_value), delimiter)
        )],
    }
}

/// `key[name]=value` for each entry; nested objects nest their brackets, lists repeat the key.
fn deep_object(
    key: &str,
    entries: &[(String, Value)],
    encode_value: fn(&str) -> String,
    out: &mut Vec<String>,
) {
    for (name, value) in entries {
        let key = format!("{key}%5B{}%5D", encode_unreserved(name));
        match value {
            Value::Null => {}
            Value::Object(inner) => deep_object(&key, inner, encode_value, out),
            Value::Array(items) => out.extend(
                items
                    .iter()
                    .filter(|item| !item.is_null())
                    .map(|item| format!("{key}={}", encode_value(&scalar_text(item)))),
            ),
            other => out.push(format!("{key}={}", encode_value(&scalar_text(other)))),
        }
    }
}

fn join(parts: impl Iterator<Item = String>, delimiter: &str) -> String {
    parts.collect::<Vec<_>>().join(delimiter)
}

/// `R,100,G,200`: names and values alternating, each encoded.
fn flat_pairs<'a>(
    pairs: &'a [(String, String)],
    encode: fn(&str) -> String,
) -> impl Iterator<Item = String> + 'a {
    pairs
        .iter()
        .flat_map(move |(name, value)| [encode(name), encode(value)])
}

/// `R=100,G=200` (or with another delimiter): each pair joined by `=`.
fn joined_pairs(pairs: &[(String, String)], encode: fn(&str) -> String, delimiter: &str) -> String {
    join(
        pairs
            .iter()
            .map(|(name, value)| format!("{}={}", encode(name), encode(value))),
        delimiter,
    )
}

/// Renders a path parameter as the encoded text that replaces its `{name}`: every value is
/// encoded down to unreserved characters, so only the style's own `,` `;` `=` `.` are literal.
pub(crate) fn path_text(name: &str, value: &Value, format: ParamFormat) -> String {
    let encode: fn(&str) -> String = encode_unreserved;
    if format.json {
        return match value {
            Value::Null => String::new(),
            other => encode(&other.json()),
        };
    }
    let shape = shape(value);
    match format.style {
        ParamStyle::Label => {
            let delimiter = if format.explode { "." } else { "," };
            match shape {
                Shape::Undefined => String::new(),
                Shape::Scalar(text) => format!(".{}", encode(&text)),
                Shape::List(items) => {
                    format!(".{}", join(items.iter().map(|i| encode(i)), delimiter))
                }
                Shape::Pairs(pairs) if format.explode => {
                    format!(".{}", joined_pairs(&pairs, encode, "."))
                }
                Shape::Pairs(pairs) => format!(".{}", join(flat_pairs(&pairs, encode), ",")),
            }
        }
        ParamStyle::Matrix => {
            let name = encode(name);
            // `;name` alone for an empty value, as RFC 6570 does.
            let named = |key: &str, text: &str| match text {
                "" => format!(";{key}"),
                text => format!(";{key}={text}"),
            };
            match shape {
                Shape::Undefined => String::new(),
                Shape::Scalar(text) => named(&name, &encode(&text)),
                Shape::List(items) if format.explode => items
                    .iter()
                    .map(|item| named(&name, &encode(item)))
                    .collect(),
                Shape::List(items) => named(&name, &join(items.iter().map(|i| encode(i)), ",")),
                Shape::Pairs(pairs) if format.explode => pairs
                    .iter()
                    .map(|(key, value)| named(&encode(key), &encode(value)))
                    .collect(),
                Shape::Pairs(pairs) => named(&name, &join(flat_pairs(&pairs, encode), ",")),
            }
        }
        _ => simple(shape, format.explode, encode),
    }
}

/// `simple` style: `blue,black,brown`, `R,100,G,200` or, exploded, `R=100,G=200`.
fn simple(shape: Shape, explode: bool, encode: fn(&str) -> String) -> String {
    match shape {
        Shape::Undefined => String::new(),
        Shape::Scalar(text) => encode(&text),
        Shape::List(items) => join(items.iter().map(|item| encode(item)), ","),
        Shape::Pairs(pairs) if explode => joined_pairs(&pairs, encode, ","),
        Shape::Pairs(pairs) => join(flat_pairs(&pairs, encode), ","),
    }
}

/// Renders a header parameter (`simple` style, or JSON), not percent-encoded: a header value
/// is not a URL. `None` leaves the header out.
pub(crate) fn header_text(value: &Value, format: ParamFormat) -> Option<String> {
    let verbatim: fn(&str) -> String = str::to_owned;
    match value {
        Value::Null => None,
        other if format.json => Some(other.json()),
        other => match shape(other) {
            Shape::Undefined => None,
            shape => Some(simple(shape, format.explode, verbatim)),
        },
    }
}

/// Renders a cookie parameter (`form` style, or JSON) as `name=value` pieces for the `Cookie`
/// header, values percent-encoded so that `;` and spaces cannot end them.
pub(crate) fn cookie_pieces(name: &str, value: &Value, format: ParamFormat) -> Vec<String> {
    let form = ParamFormat {
        style: ParamStyle::Form,
        allow_reserved: false,
        ..format
    };
    query_pieces(name, value, form)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn allow_reserved_keeps_reserved_characters_and_triples() {
        assert_eq!(encode_reserved("a/b?c:d@e,f;g=h"), "a/b?c:d@e,f;g=h");
        assert_eq!(
            encode_reserved("a#b&c+d[e]f g"),
            "a%23b%26c%2Bd%5Be%5Df%20g"
        );
        assert_eq!(encode_reserved("%41%zz%"), "%41%25zz%25");
        assert_eq!(encode_reserved("é"), "%C3%A9");
    }

    #[test]
    fn nested_values_render_as_json_text() {
        let value = Value::of(&json!([[1, 2], {"a": 1}])).unwrap();
        assert_eq!(
            query_pieces("x", &value, ParamFormat::style(ParamStyle::Form, false)),
            ["x=%5B1%2C2%5D,%7B%22a%22%3A1%7D"]
        );
    }

    #[test]
    fn fields_keep_their_order() {
        #[derive(Serialize)]
        struct Rgb {
            r: u8,
            g: u8,
            b: u8,
        }
        let value = Value::of(&Rgb { r: 1, g: 2, b: 3 }).unwrap();
        assert_eq!(
            query_pieces("c", &value, ParamFormat::style(ParamStyle::Form, true)),
            ["r=1", "g=2", "b=3"]
        );
        assert_eq!(value.json(), r#"{"r":1,"g":2,"b":3}"#);
        let text = Value::of(&json!({"f": 1.5, "s": "a\"b", "t": true})).unwrap();
        assert_eq!(text.json(), r#"{"f":1.5,"s":"a\"b","t":true}"#);
    }

    #[test]
    fn nulls_and_empty_collections_are_undefined() {
        let format = ParamFormat::style(ParamStyle::Form, true);
        for value in [
            json!(null),
            json!([]),
            json!({}),
            json!([null]),
            json!({"a": null}),
        ] {
            let parsed = Value::of(&value).unwrap();
            assert!(query_pieces("x", &parsed, format).is_empty(), "{value}");
            assert_eq!(header_text(&parsed, format), None, "{value}");
        }
    }
}
