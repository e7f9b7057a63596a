//! Credentials and per-call options.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::retry::RetryConfig;

/// A credential sent as a header on every request.
///
/// Its value is never printed: `Debug` shows `[redacted]`, and the header is
/// marked sensitive.
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
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    /// Retry policy for this call instead of the client's.
    pub retry: Option<RetryConfig>,
    /// Per-attempt timeout for this call instead of the client's.
    pub timeout: Option<Duration>,
    /// Headers added to the request, replacing any of the same name.
    pub headers: HeaderMap,
    /// Server URL for this call instead of the client's.
    pub server_url: Option<String>,
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
}
