//! Per-call options.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::redact::{HeaderNames, RedactedUrl};
use super::retry::RetryConfig;

/// Per-call overrides; generated operation groups expose `with_options`.
///
/// Options combine with [`RequestOptions::merged`] (which `with_options` uses):
/// a later setting replaces the same earlier one, unset ones keep the earlier
/// value, and headers accumulate.
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
    /// may have reached the server (see [`RequestOptions::retry_non_idempotent`]);
    /// `None` is the default, `false`.
    pub retry_non_idempotent: Option<bool>,
    /// Names of headers given to [`RequestOptions::header`] whose name or
    /// value is invalid: a call with any fails before anything is sent.
    invalid_headers: Vec<String>,
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
            invalid_headers,
        } = self;
        f.debug_struct("RequestOptions")
            .field("retry", retry)
            .field("timeout", timeout)
            .field("headers", &HeaderNames(headers))
            .field("server_url", &RedactedUrl(server_url.as_deref()))
            .field("max_response_size", max_response_size)
            .field("retry_non_idempotent", retry_non_idempotent)
            .field("invalid_headers", invalid_headers)
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

    /// Adds (or replaces) a header, as
    /// [`ClientBuilder::header`](super::ClientBuilder::header) does for every
    /// call. An invalid name or value is not an error here: the call made with
    /// these options fails with `Error::InvalidRequest` (naming the header,
    /// never showing its value) before anything is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        let value = value.into();
        self.invalid_headers
            .retain(|invalid| !invalid.eq_ignore_ascii_case(&name));
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            (Ok(header_name), Ok(header_value)) => {
                self.headers.insert(header_name, header_value);
            }
            (Ok(header_name), Err(_)) => {
                self.headers.remove(header_name);
                self.invalid_headers.push(name);
            }
            (Err(_), _) => self.invalid_headers.push(name),
        }
        self
    }

    /// These options with `later` applied over them: each option `later`
    /// sets replaces this one's, each it leaves unset keeps this one's
    /// value, and headers accumulate (a `later` header replaces one of the
    /// same name here).
    pub fn merged(mut self, later: RequestOptions) -> Self {
        let RequestOptions {
            retry,
            timeout,
            headers,
            server_url,
            max_response_size,
            retry_non_idempotent,
            invalid_headers,
        } = later;
        if retry.is_some() {
            self.retry = retry;
        }
        if timeout.is_some() {
            self.timeout = timeout;
        }
        if server_url.is_some() {
            self.server_url = server_url;
        }
        if max_response_size.is_some() {
            self.max_response_size = max_response_size;
        }
        if retry_non_idempotent.is_some() {
            self.retry_non_idempotent = retry_non_idempotent;
        }
        for name in headers.keys() {
            self.headers.remove(name);
            self.invalid_headers
                .retain(|invalid| !invalid.eq_ignore_ascii_case(name.as_str()));
        }
        for (name, value) in &headers {
            self.headers.append(name.clone(), value.clone());
        }
        for name in invalid_headers {
            self.headers.remove(name.as_str());
            self.invalid_headers
                .retain(|invalid| !invalid.eq_ignore_ascii_case(&name));
            self.invalid_headers.push(name);
        }
        self
    }

    /// The error of a call made with these options, if a header given to
    /// [`RequestOptions::header`] is invalid.
    pub(crate) fn check(&self) -> Result<(), String> {
        match self.invalid_headers.first() {
            Some(name) => Err(format!("invalid header {name:?}")),
            None => Ok(()),
        }
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
        self.retry_non_idempotent = Some(retry);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_overrides_set_options_and_keeps_unset_ones() {
        let earlier = RequestOptions::new()
            .retry(RetryConfig::none())
            .timeout(Duration::from_secs(1))
            .server_url("https://a.example")
            .max_response_size(10)
            .retry_non_idempotent(true)
            .header("x-a", "1")
            .header("x-b", "1");
        let later = RequestOptions::new()
            .timeout(Duration::from_secs(2))
            .header("X-B", "2")
            .header("x-c", "2");
        let merged = earlier.clone().merged(later);
        assert!(merged.retry.is_some());
        assert_eq!(merged.timeout, Some(Duration::from_secs(2)));
        assert_eq!(merged.server_url.as_deref(), Some("https://a.example"));
        assert_eq!(merged.max_response_size, Some(10));
        assert_eq!(merged.retry_non_idempotent, Some(true));
        assert_eq!(merged.headers.len(), 3);
        assert_eq!(merged.headers["x-a"], "1");
        assert_eq!(merged.headers["x-b"], "2");
        assert_eq!(merged.headers["x-c"], "2");

        let off = earlier
            .merged(RequestOptions::new().retry_non_idempotent(false))
            .merged(RequestOptions::new().max_response_size(20));
        assert_eq!(off.retry_non_idempotent, Some(false));
        assert_eq!(off.max_response_size, Some(20));
        assert_eq!(off.timeout, Some(Duration::from_secs(1)));
    }

    #[test]
    fn merging_nothing_changes_nothing() {
        let options = RequestOptions::new()
            .header("x-a", "1")
            .timeout(Duration::from_secs(3));
        let merged = options.clone().merged(RequestOptions::new());
        assert_eq!(format!("{merged:?}"), format!("{options:?}"));
        assert_eq!(merged.headers, options.headers);
    }

    #[test]
    fn string_headers_are_checked_and_their_values_never_printed() {
        let options = RequestOptions::new().header("x-ok", "secret-1");
        assert_eq!(options.check(), Ok(()));
        assert_eq!(options.headers["x-ok"], "secret-1");

        let bad_name = RequestOptions::new().header("bad name", "secret-2");
        assert_eq!(
            bad_name.check(),
            Err("invalid header \"bad name\"".to_owned())
        );
        let bad_value = RequestOptions::new()
            .header("x-ok", "secret-1")
            .header("x-ok", "secret\n3");
        assert_eq!(bad_value.check(), Err("invalid header \"x-ok\"".to_owned()));
        assert!(
            bad_value.headers.is_empty(),
            "the invalid value replaced the valid one"
        );
        for options in [options, bad_name, bad_value] {
            let debug = format!("{options:?}");
            assert!(!debug.contains("secret"), "{debug}");
        }

        let fixed = RequestOptions::new()
            .header("x-ok", "bad\n")
            .header("X-OK", "good");
        assert_eq!(fixed.check(), Ok(()));
        let still_bad = RequestOptions::new()
            .header("x-ok", "good")
            .merged(RequestOptions::new().header("x-ok", "bad\n"));
        assert!(still_bad.check().is_err());
        assert!(still_bad.headers.is_empty());
    }
}
