//! The description of one operation call, filled in by generated code.

use std::fmt::Display;

use bytes::Bytes;
use reqwest::Method;
use serde::Serialize;

use super::error::Failure;
use super::params::{check_path_value, encode_unreserved, PathValueError, QueryParam};

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
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) accept: String,
    pub(crate) body: Option<Body>,
    /// The first path parameter refused by [`Request::path_param`]; `send` fails with it.
    pub(crate) invalid_path: Option<(&'static str, PathValueError)>,
}

impl Request {
    /// Starts a request; `path` starts with `/` and is either already encoded
    /// (see [`encode_path_segment`](super::encode_path_segment)) or a template
    /// whose `{name}` placeholders [`Request::path_param`] fills.
    pub fn new(method: Method, operation_id: &'static str, path: impl Into<String>) -> Self {
        Request {
            method,
            operation_id,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            accept: "application/json".to_owned(),
            body: None,
            invalid_path: None,
        }
    }

    /// Fills the placeholder `{name}` of the path with `value`, encoded as one
    /// segment. A value that would change the path instead (empty, `.` or
    /// `..`, see [`PathValueError`]) is refused: `send` then fails with
    /// `InvalidPathParameter` naming `name`, before anything is sent.
    pub fn path_param(&mut self, name: &'static str, value: &(impl Display + ?Sized)) -> &mut Self {
        let value = value.to_string();
        match check_path_value(&value) {
            Ok(()) => {
                let placeholder = format!("{{{name}}}");
                self.path = self.path.replace(&placeholder, &encode_unreserved(&value));
            }
            Err(reason) => {
                self.invalid_path.get_or_insert((name, reason));
            }
        }
        self
    }

    /// Fails with the first refused path parameter, or when a `{name}`
    /// placeholder was left unfilled (the request would go to a wrong path).
    pub(crate) fn check_path(&self) -> Result<(), Failure> {
        if let Some((name, reason)) = self.invalid_path {
            return Err(Failure::InvalidPathParameter { name, reason });
        }
        let Some(start) = self.path.find('{') else {
            return Ok(());
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
        self.query
            .extend(values.into_iter().map(|value| (name.to_owned(), value)));
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

    /// Sets an already-encoded body with its media type.
    pub fn raw_body(&mut self, content_type: &str, bytes: impl Into<Bytes>) -> &mut Self {
        self.body = Some(Body::Bytes {
            content_type: content_type.to_owned(),
            bytes: bytes.into(),
        });
        self
    }
}
