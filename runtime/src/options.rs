//! Credentials and per-call options.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::redact::{HeaderNames, RedactedUrl};
use super::retry::RetryConfig;

/// A credential sent as a header on every request.
///
/// Its value is never printed: `Debug` shows `[redacted]`, and the header is
/// marked sensitive. It is sent only to the origin (scheme, host, port) of
/// the client's server: not to a per-call
/// [`RequestOptions::server_url`] elsewhere, and, with the default HTTP
/// client, not along a redirect to another origin (see
/// [`redirect_policy`](super::redirect_policy)), whatever its header name.
#[derive(Clone)]
pub struct Credential {
    name: &'static str,
    value: String,
}

impl Credential {
    /// A header sent verbatim, e.g. `Credential::header("Authorization", "Basic ...")`.
    pub fn header(name: &'static str, value: impl Into<String>) -> Self {
        Credential {
            name,
            value: value.into(),
        }
    }

    /// `Authorization: Bearer <token>`.
    pub fn bearer(token: impl AsRef<str>) -> Self {
        Credential::header("Authorization", format!("Bearer {}", token.as_ref()))
    }

    /// The header name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The header to send, marked sensitive; `None` if name or value is invalid.
    pub(crate) fn to_header(&self) -> Option<(HeaderName, HeaderValue)> {
        let name = HeaderName::from_bytes(self.name.as_bytes()).ok()?;
        let mut value = HeaderValue::from_str(&self.value).ok()?;
        value.set_sensitive(true);
        Some((name, value))
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("name", &self.name)
            .field("value", &format_args!("[redacted]"))
            .finish()
    }
}

/// Per-call overrides; generated operation groups expose `with_options`.
///
/// `Debug` shows header names only (any header may be a credential) and the
/// server URL without userinfo.
#[derive(Clone, Default)]
pub struct RequestOptions {
    /// Retry policy for this call instead of the client's.
    pub retry: Option<RetryConfig>,
    /// Per-attempt timeout for this call instead of the client's.
    pub timeout: Option<Duration>,
    /// Headers added to the request, replacing any of the same name. They go
    /// wherever this call goes, but never along a redirect to another origin
    /// with the default HTTP client.
    pub headers: HeaderMap,
    /// Server URL for this call instead of the client's (same rules as
    /// [`ClientBuilder::server_url`](super::ClientBuilder::server_url)); the
    /// client's credential is not sent when its origin differs.
    pub server_url: Option<String>,
    /// Largest buffered response body for this call instead of the client's.
    pub max_response_size: Option<u64>,
    /// Retry a POST or PATCH after a connection error even when the request
    /// may have reached the server (see [`RequestOptions::retry_non_idempotent`]).
    pub retry_non_idempotent: bool,
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Destructured so that a new field cannot be left out (or printed raw) unnoticed.
        let RequestOptions {
            retry,
            timeout,
            headers,
            server_url,
            max_response_size,
            retry_non_idempotent,
        } = self;
        f.debug_struct("RequestOptions")
            .field("retry", retry)
            .field("timeout", timeout)
            .field("headers", &HeaderNames(headers))
            .field("server_url", &RedactedUrl(server_url.as_deref()))
            .field("max_response_size", max_response_size)
            .field("retry_non_idempotent", retry_non_idempotent)
            .finish()
    }
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the retry policy.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Sets the per-attempt timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Adds (or replaces) a header.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Sets the server URL.
    pub fn server_url(mut self, url: impl Into<String>) -> Self {
        self.server_url = Some(url.into());
        self
    }

    /// Sets the largest response body read into memory (downloads are
    /// streamed and not limited).
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = Some(bytes);
        self
    }

    /// Whether a POST or PATCH is retried after any connection error.
    ///
    /// By default (`false`) a non-idempotent request is retried after a
    /// connection error only when it provably never left: the connection
    /// was never established (refused, DNS, TLS handshake, connect
    /// timeout). A connection that drops after the request was written may
    /// have been processed, and sending it again could create a second
    /// company or push the same data twice. Set this when the operation is
    /// safe to repeat (for example with an idempotency key). GET, HEAD, PUT,
    /// DELETE and OPTIONS are idempotent and retried after any connection
    /// error, as before.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }
}
