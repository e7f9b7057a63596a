//! Errors returned by operations, and the non-generic failure they come from.

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::params::PathValueError;
use super::response::{error_path, write_summary, RawResponse};
use super::retry::status_matches;
use super::stream::BodyError;

/// A boxed error, as returned by hooks.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A documented error response whose body parsed as the spec's error model `E`.
#[derive(Debug, Clone)]
pub struct ApiErrorResponse<E> {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// Raw response body.
    pub body: Bytes,
    /// The parsed body.
    pub data: E,
}

impl<E> fmt::Display for ApiErrorResponse<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_summary(f, self.status, &self.body)
    }
}

/// The error of an operation call; `E` is the spec's documented error model.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E> {
    /// A status the operation documents with the error model; body parsed as `E`.
    #[error("{0}")]
    ErrorMessage(Box<ApiErrorResponse<E>>),
    /// Any other error status (4XX, 5XX, or an unexpected non-2XX), body kept raw.
    #[error("{0}")]
    Api(Box<RawResponse>),
    /// A success (or documented error) response whose body did not parse.
    #[error(
        "failed to decode response body (status {}){}: {}",
        response.status,
        at_path(path),
        response.body_excerpt(200)
    )]
    Decode {
        /// The response whose body did not parse.
        response: Box<RawResponse>,
        /// Where in the body decoding failed, as keys and indexes from the top
        /// (`data[3].accountRef.id`; for a syntax error, where parsing stopped);
        /// `.` for the body itself (the wrong type, or text after the value).
        path: String,
        /// The JSON error.
        source: serde_json::Error,
    },
    /// The request (one attempt) exceeded its timeout.
    #[error("request timed out")]
    Timeout,
    /// The response body passed the size limit (`max_response_size` on the
    /// client or the call); reading stopped there.
    #[error("response body of status {status} is larger than {limit} bytes")]
    ResponseTooLarge {
        /// The response status.
        status: StatusCode,
        /// The limit in bytes.
        limit: u64,
    },
    /// A transport failure: connection refused, reset, TLS, DNS...
    #[error("network error")]
    Network(#[source] reqwest::Error),
    /// The request body could not be serialized.
    #[error("failed to serialize request body")]
    Serialize(#[source] serde_json::Error),
    /// A hook returned an error.
    #[error("hook failed")]
    Hook(#[source] BoxError),
    /// The request could not be built (bad header value, bad URL...).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A path parameter's value would change the request path instead of
    /// filling its segment (empty, `.` or `..`); nothing was sent.
    #[error("invalid value for path parameter {name:?}: {reason}")]
    InvalidPathParameter {
        /// The parameter's name in the spec, e.g. `companyId`.
        name: &'static str,
        /// What is wrong with the value.
        reason: PathValueError,
    },
    /// A blocking client's method was called on a thread that is running an
    /// async runtime (inside `async` code or a `#[tokio::main]`), where
    /// waiting would stall that runtime; nothing was sent. Call the async
    /// client there, or move the blocking call to
    /// `tokio::task::spawn_blocking` or a thread of its own.
    #[error(
        "a blocking client was called from inside an async runtime; use the async client there, or tokio::task::spawn_blocking"
    )]
    BlockingInAsyncContext,
}

/// ` at `path`` of a decode error's message, nothing for the body itself.
fn at_path(path: &str) -> String {
    if path == "." {
        String::new()
    } else {
        format!(" at `{path}`")
    }
}

impl<E> Error<E> {
    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::ErrorMessage(response) => Some(response.status),
            Error::Api(response) | Error::Decode { response, .. } => Some(response.status),
            _ => None,
        }
    }

    /// The response headers, when a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::ErrorMessage(response) => Some(&response.headers),
            Error::Api(response) | Error::Decode { response, .. } => Some(&response.headers),
            _ => None,
        }
    }

    /// The raw response body, when a response was received.
    pub fn raw_body(&self) -> Option<&Bytes> {
        match self {
            Error::ErrorMessage(response) => Some(&response.body),
            Error::Api(response) | Error::Decode { response, .. } => Some(&response.body),
            _ => None,
        }
    }

    /// The parsed error model, for [`Error::ErrorMessage`].
    pub fn data(&self) -> Option<&E> {
        match self {
            Error::ErrorMessage(response) => Some(&response.data),
            _ => None,
        }
    }
}

impl<E: DeserializeOwned> Error<E> {
    /// Turns a failure into an operation error. `documented` lists the
    /// statuses (`"404"`, `"4XX"`, `"default"`) the operation documents with
    /// the error model: such a response with a JSON body (or no
    /// `Content-Type`) is parsed as `E`.
    pub fn from_failure(failure: Failure, documented: &[&str]) -> Self {
        match failure {
            Failure::Status(raw) => match documented_json(&raw, documented) {
                Some(strict) => match serde_json::from_slice::<E>(&raw.body) {
                    Ok(data) => {
                        let RawResponse {
                            status,
                            headers,
                            body,
                        } = *raw;
                        Error::ErrorMessage(Box::new(ApiErrorResponse {
                            status,
                            headers,
                            body,
                            data,
                        }))
                    }
                    // The path costs a second pass: only for the error that keeps it.
                    Err(source) if strict => Error::Decode {
                        path: error_path::<E>(&raw.body),
                        response: raw,
                        source,
                    },
                    Err(_) => Error::Api(raw),
                },
                None => Error::Api(raw),
            },
            Failure::Timeout => Error::Timeout,
            Failure::ResponseTooLarge { status, limit } => {
                Error::ResponseTooLarge { status, limit }
            }
            Failure::Network(error) => Error::Network(error),
            Failure::Serialize(error) => Error::Serialize(error),
            Failure::Hook(error) => Error::Hook(error),
            Failure::InvalidRequest(message) => Error::InvalidRequest(message),
            Failure::InvalidPathParameter { name, reason } => {
                Error::InvalidPathParameter { name, reason }
            }
            // Typed for hooks (`after_error` sees the failure); one of the documented
            // variants for callers.
            failure @ Failure::ForeignNextPage { .. } => Error::InvalidRequest(failure.to_string()),
        }
    }
}

impl<E> From<BodyError> for Error<E> {
    /// A failed read of a streamed download, as an operation error.
    fn from(error: BodyError) -> Self {
        match error {
            BodyError::Timeout => Error::Timeout,
            BodyError::Network(error) => Error::Network(error),
            BodyError::TooLarge { status, limit } => Error::ResponseTooLarge { status, limit },
        }
    }
}

/// Whether to parse `raw` as the error model: `Some(true)` when documented
/// with a JSON content type (a parse failure is then a decode error),
/// `Some(false)` when documented without a content type (a parse failure is
/// then a plain API error), `None` otherwise.
fn documented_json(raw: &RawResponse, documented: &[&str]) -> Option<bool> {
    if !documented
        .iter()
        .any(|pattern| status_matches(pattern, raw.status))
    {
        return None;
    }
    match raw.is_json() {
        Some(true) => Some(true),
        Some(false) => None,
        None => Some(false),
    }
}

/// The non-generic outcome of a failed exchange, as seen by
/// [`Hook::after_error`](super::Hook::after_error) and turned into
/// [`Error`] by [`Error::from_failure`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Failure {
    /// The final response had an error status (4XX, 5XX or unexpected non-2XX).
    #[error("{0}")]
    Status(Box<RawResponse>),
    /// The request (one attempt) exceeded its timeout.
    #[error("request timed out")]
    Timeout,
    /// The response body passed the size limit.
    #[error("response body of status {status} is larger than {limit} bytes")]
    ResponseTooLarge {
        /// The response status.
        status: StatusCode,
        /// The limit in bytes.
        limit: u64,
    },
    /// A transport failure.
    #[error("network error")]
    Network(#[source] reqwest::Error),
    /// The request body could not be serialized.
    #[error("failed to serialize request body")]
    Serialize(#[source] serde_json::Error),
    /// A hook returned an error.
    #[error("hook failed")]
    Hook(#[source] BoxError),
    /// The request could not be built.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A path parameter's value would change the request path; nothing was sent.
    #[error("invalid value for path parameter {name:?}: {reason}")]
    InvalidPathParameter {
        /// The parameter's name in the spec, e.g. `companyId`.
        name: &'static str,
        /// What is wrong with the value.
        reason: PathValueError,
    },
    /// A next-page URL on another origin than the call's server; not sent.
    #[error("refused to follow a next page URL on {url}: not the server's origin")]
    ForeignNextPage {
        /// The URL's origin (`scheme://host:port`) only: its path and query may hold a
        /// credential the server echoed.
        url: String,
    },
}

impl Failure {
    /// The response, for [`Failure::Status`].
    pub fn response(&self) -> Option<&RawResponse> {
        match self {
            Failure::Status(response) => Some(response),
            _ => None,
        }
    }
}
