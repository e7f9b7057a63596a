//! The description of one operation call, filled in by generated code.

use std::fmt::Display;

use bytes::Bytes;
use reqwest::Method;
use serde::Serialize;

use super::error::Failure;
use super::params::{check_path_value, encode_unreserved, PathValueError, QueryParam};
use super::styles::{cookie_pieces, header_text, path_text, query_pieces, ParamFormat, Value};

/// The request body of an operation call.
#[derive(Debug)]
pub(crate) enum Body {
    /// Serialized bytes with their media type.
    Bytes { content_type: String, bytes: Bytes },
    /// Serialization failed; reported by `send` as `Error::Serialize`.
    Failed(serde_json::Error),
}

/// One operation call: method, path, parameters and body.
///
/// Built by generated code and handed to [`Client::send`](super::Client::send),
/// which adds the base URL, credential, default headers and per-call options.
#[derive(Debug)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) operation_id: &'static str,
    pub(crate) path: String,
    /// Encoded `key=value` pieces, joined with `&` into the URL's query.
    pub(crate) query: Vec<String>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) accept: String,
    pub(crate) body: Option<Body>,
    /// The first path parameter refused by [`Request::path_param`]; `send` fails with it.
    pub(crate) invalid_path: Option<(&'static str, PathValueError)>,
    /// Why the first parameter that could not be serialized failed; `send` fails with it.
    pub(crate) invalid_param: Option<String>,
    /// The operation's own `security`, when the spec gives one (see [`Request::security`]).
    pub(crate) security: Option<&'static [&'static [&'static str]]>,
    /// A URL the server gave (a next page): sent instead of the path when it
    /// is on the call's server origin, refused otherwise.
    pub(crate) next_url: Option<String>,
    /// The path as given to [`Request::new`], placeholders unfilled: `check_path`
    /// checks every segment a placeholder touched once all are filled.
    template: String,
    /// The placeholders filled so far, with their encoded values.
    filled: Vec<(&'static str, String)>,
}

impl Request {
    /// Starts a request; `path` starts with `/` and is either already encoded
    /// (see [`encode_path_segment`](super::encode_path_segment)) or a template
    /// whose `{name}` placeholders [`Request::path_param`] fills.
    pub fn new(method: Method, operation_id: &'static str, path: impl Into<String>) -> Self {
        let path = path.into();
        Request {
            method,
            operation_id,
            template: path.clone(),
            filled: Vec::new(),
            path,
            query: Vec::new(),
            headers: Vec::new(),
            accept: "application/json".to_owned(),
            body: None,
            invalid_path: None,
            invalid_param: None,
            security: None,
            next_url: None,
        }
    }

    /// A GET of a URL a page gave for the next one (absolute, or relative to
    /// the call's server URL). `send` refuses it (`Error::InvalidRequest`, the
    /// hooks' `Failure::ForeignNextPage`),
    /// before anything is sent, unless it is on the origin (scheme, host,
    /// port) of the call's server, so neither the request nor the credential
    /// goes to a host the server named.
    pub fn next_page(operation_id: &'static str, url: impl Into<String>) -> Self {
        let mut request = Request::new(Method::GET, operation_id, "/");
        request.next_url = Some(url.into());
        request
    }

    /// Fills the placeholder `{name}` of the path with `value`, encoded as one
    /// segment. A value that would change the path instead (empty, `.` or
    /// `..`, see [`PathValueError`]) is refused: `send` then fails with
    /// `InvalidPathParameter` naming `name`, before anything is sent. So is a
    /// segment that comes out as one of those (or as `%2e`) with the rest of its
    /// text, checked once every placeholder is filled.
    pub fn path_param(&mut self, name: &'static str, value: &(impl Display + ?Sized)) -> &mut Self {
        let value = value.to_string();
        match check_path_value(&value) {
            Ok(()) => self.fill_path(name, &encode_unreserved(&value)),
            Err(reason) => {
                self.invalid_path.get_or_insert((name, reason));
            }
        }
        self
    }

    /// Fills the placeholder `{name}` of the path with `value` rendered by `format` (`simple`,
    /// `label` or `matrix` style, or JSON; see [`ParamFormat`]). Values are encoded down to
    /// unreserved characters, so only the style's delimiters are literal, and a rendering that
    /// would change the path instead of filling its segment (empty, `.` or `..`, as label style
    /// makes of `""` and `"."`) is refused as [`Request::path_param`] refuses it.
    pub fn path_as<V: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &V,
        format: ParamFormat,
    ) -> &mut Self {
        let Some(value) = self.serialized(name, value) else {
            return self;
        };
        let text = path_text(name, &value, format);
        match check_path_value(&text) {
            Ok(()) => self.fill_path(name, &text),
            Err(reason) => {
                self.invalid_path.get_or_insert((name, reason));
            }
        }
        self
    }

    fn fill_path(&mut self, name: &'static str, encoded: &str) {
        let placeholder = format!("{{{name}}}");
        self.path = self.path.replace(&placeholder, encoded);
        self.filled.push((name, encoded.to_owned()));
    }

    /// Fails when a segment a placeholder touched came out empty, `.` or `..`
    /// (also as `%2e`, which URL resolution treats as a dot): values each fine
    /// alone can still make one together, as `{x}{y}` with `.` and `.` does.
    fn check_filled_segments(&self) -> Result<(), Failure> {
        for segment in self.template.split('/') {
            let mut text = segment.to_owned();
            // The error names the segment's first placeholder.
            let mut first: Option<(usize, &'static str)> = None;
            for (name, encoded) in &self.filled {
                let placeholder = format!("{{{name}}}");
                if let Some(at) = segment.find(&placeholder) {
                    match first {
                        Some((earliest, _)) if earliest <= at => {}
                        _ => first = Some((at, name)),
                    }
                    text = text.replace(&placeholder, encoded);
                }
            }
            let Some((_, name)) = first else {
                continue;
            };
            let text = text.replace("%2e", ".").replace("%2E", ".");
            if let Err(reason) = check_path_value(&text) {
                return Err(Failure::InvalidPathParameter { name, reason });
            }
        }
        Ok(())
    }

    /// Serializes a parameter value, remembering the first failure for `send`.
    fn serialized<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) -> Option<Value> {
        match Value::of(value) {
            Ok(value) => Some(value),
            Err(error) => {
                self.invalid_param
                    .get_or_insert_with(|| format!("parameter {name:?}: {error}"));
                None
            }
        }
    }

    /// Fails with the first refused path parameter, or when a `{name}`
    /// placeholder was left unfilled (the request would go to a wrong path).
    pub(crate) fn check_path(&self) -> Result<(), Failure> {
        if let Some((name, reason)) = self.invalid_path {
            return Err(Failure::InvalidPathParameter { name, reason });
        }
        if let Some(message) = &self.invalid_param {
            return Err(Failure::Serialize(serde::ser::Error::custom(message)));
        }
        let Some(start) = self.path.find('{') else {
            return self.check_filled_segments();
        };
        let rest = &self.path[start..];
        let placeholder = rest.find('}').map_or(rest, |end| &rest[..=end]);
        Err(Failure::InvalidRequest(format!(
            "path parameter {placeholder} has no value"
        )))
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The operation id from the spec.
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// The encoded path, relative to the server URL.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Adds a query parameter; `None` omits it and a `Vec` repeats the key.
    pub fn query<V: QueryParam + ?Sized>(&mut self, name: &str, value: &V) -> &mut Self {
        let mut values = Vec::new();
        value.push_values(&mut values);
        let name = encode_unreserved(name);
        self.query.extend(
            values
                .into_iter()
                .map(|value| format!("{name}={}", encode_unreserved(&value))),
        );
        self
    }

    /// Adds a query parameter rendered by `format` (`form`, `spaceDelimited`, `pipeDelimited`
    /// or `deepObject` style, with `explode` and `allowReserved`, or JSON; see
    /// [`ParamFormat`]). `None`, an empty list and an empty object leave it out.
    pub fn query_as<V: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &V,
        format: ParamFormat,
    ) -> &mut Self {
        if let Some(value) = self.serialized(name, value) {
            self.query.extend(query_pieces(name, &value, format));
        }
        self
    }

    /// Adds a header parameter; `None` omits it and a `Vec` is comma-joined.
    pub fn header_param<V: QueryParam + ?Sized>(&mut self, name: &str, value: &V) -> &mut Self {
        let mut values = Vec::new();
        value.push_values(&mut values);
        if !values.is_empty() {
            self.headers.push((name.to_owned(), values.join(",")));
        }
        self
    }

    /// Adds a header parameter rendered by `format` (`simple` style, exploded or not, or
    /// JSON); `None`, an empty list and an empty object leave it out.
    pub fn header_as<V: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &V,
        format: ParamFormat,
    ) -> &mut Self {
        if let Some(text) = self
            .serialized(name, value)
            .and_then(|value| header_text(&value, format))
        {
            self.headers.push((name.to_owned(), text));
        }
        self
    }

    /// Adds a cookie parameter rendered by `format` (`form` style, or JSON) to the request's
    /// `Cookie` header, pieces separated by `; `; `None`, an empty list and an empty object
    /// leave it out.
    pub fn cookie_as<V: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &V,
        format: ParamFormat,
    ) -> &mut Self {
        let Some(value) = self.serialized(name, value) else {
            return self;
        };
        let pieces = cookie_pieces(name, &value, format);
        if pieces.is_empty() {
            return self;
        }
        let pieces = pieces.join("; ");
        match self
            .headers
            .iter_mut()
            .find(|(header, _)| header.eq_ignore_ascii_case("cookie"))
        {
            Some((_, cookie)) => {
                cookie.push_str("; ");
                cookie.push_str(&pieces);
            }
            None => self.headers.push(("Cookie".to_owned(), pieces)),
        }
        self
    }

    /// The operation's own security requirement: alternatives, each the names of the schemes
    /// it needs together. The call sends the credentials of the first alternative the client
    /// has all of (plus untagged ones); `&[]` (the spec's `security: []`) sends none.
    pub fn security(&mut self, alternatives: &'static [&'static [&'static str]]) -> &mut Self {
        self.security = Some(alternatives);
        self
    }

    /// Sets the `Accept` header (default `application/json`).
    pub fn accept(&mut self, media_type: &str) -> &mut Self {
        media_type.clone_into(&mut self.accept);
        self
    }

    /// Serializes `body` as JSON. A value serializing to `null` (an absent
    /// `Option`) sends no body; a serialization failure surfaces from `send`.
    pub fn json_body<B: Serialize + ?Sized>(&mut self, body: &B) -> &mut Self {
        self.body = match serde_json::to_vec(body) {
            Ok(bytes) if bytes == b"null" => None,
            Ok(bytes) => Some(Body::Bytes {
                content_type: "application/json".to_owned(),
                bytes: bytes.into(),
            }),
            Err(error) => Some(Body::Failed(error)),
        };
        self
    }

    /// Serializes `body`, an object, as an `application/x-www-form-urlencoded`
    /// form: one `name=value` pair per property, sorted by name. Text is sent as
    /// is, numbers and booleans as JSON writes them, `null` omits the
    /// property, an array repeats the name for each element, and a nested
    /// object (or array element) is sent as its JSON text. A value
    /// serializing to `null` (an absent `Option`) sends no body; a body that
    /// is not an object surfaces from `send` as a serialization failure.
    pub fn form_body<B: Serialize + ?Sized>(&mut self, body: &B) -> &mut Self {
        self.body = match serde_json::to_value(body) {
            Ok(serde_json::Value::Null) => None,
            Ok(serde_json::Value::Object(fields)) => {
                // Sorted here: a JSON map's order depends on whether some crate in the build
                // turns on serde_json's `preserve_order`.
                let mut fields: Vec<_> = fields.iter().collect();
                fields.sort_by(|a, b| a.0.cmp(b.0));
                let mut pairs = Vec::new();
                for (name, value) in fields {
                    push_form_value(&mut pairs, name, value, true);
                }
                Some(Body::Bytes {
                    content_type: "application/x-www-form-urlencoded".to_owned(),
                    bytes: pairs.join("&").into_bytes().into(),
                })
            }
            Ok(_) => Some(Body::Failed(serde::ser::Error::custom(
                "a form body must be an object",
            ))),
            Err(error) => Some(Body::Failed(error)),
        };
        self
    }

    /// Sets an already-encoded body with its media type.
    pub fn raw_body(&mut self, content_type: &str, bytes: impl Into<Bytes>) -> &mut Self {
        self.body = Some(Body::Bytes {
            content_type: content_type.to_owned(),
            bytes: bytes.into(),
        });
        self
    }
}

/// Appends `name=value` pairs of one form property; an array repeats `name` (one level deep).
fn push_form_value(pairs: &mut Vec<String>, name: &str, value: &serde_json::Value, top: bool) {
    use serde_json::Value;
    let text = match value {
        Value::Null => return,
        Value::String(text) => text.clone(),
        Value::Array(items) if top => {
            for item in items {
                push_form_value(pairs, name, item, false);
            }
            return;
        }
        Value::Bool(_) | Value::Number(_) | Value::Array(_) | Value::Object(_) => value.to_string(),
    };
    pairs.push(format!(
        "{}={}",
        encode_unreserved(name),
        encode_unreserved(&text)
    ));
}
