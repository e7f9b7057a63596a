//! One attempt of an exchange: send, then read the body under the time and
//! size limits (or leave a download's body on the connection), and say
//! whether a transport failure may be retried.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::Method;

use super::error::Failure;
use super::response::Response;
use super::stream::exceeds;

/// What bounds one attempt.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// The per-attempt timeout; `None` waits as long as the server.
    pub(crate) timeout: Option<Duration>,
    /// The largest buffered body in bytes.
    pub(crate) max_response_size: u64,
    /// Leave a 2XX body unread for a [`ByteStream`](super::ByteStream).
    pub(crate) stream: bool,
}

/// What one attempt received: the response, and for a streamed 2XX the
/// connection its body is still to be read from (`response.body` is empty).
#[derive(Debug)]
pub(crate) struct Received {
    pub(crate) response: Response,
    pub(crate) body: Option<reqwest::Response>,
}

impl From<Response> for Received {
    fn from(response: Response) -> Self {
        Received {
            response,
            body: None,
        }
    }
}

/// Sends `request` and reads its answer within `limits`.
pub(crate) async fn send_once(
    http: &reqwest::Client,
    request: reqwest::Request,
    limits: Limits,
) -> Result<Received, Failure> {
    let exchange = async {
        let mut response = http.execute(request).await.map_err(transport)?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        if limits.stream && status.is_success() {
            return Ok(Received {
                response: Response::new(status, headers, Bytes::new()),
                body: Some(response),
            });
        }
        let body = read_limited(&mut response, limits.max_response_size).await?;
        Ok(Response::new(status, headers, body).into())
    };
    match limits.timeout {
        Some(limit) => tokio::time::timeout(limit, exchange)
            .await
            .map_err(|_| Failure::Timeout)?,
        None => exchange.await,
    }
}

/// Reads the body chunk by chunk, stopping as soon as it passes `limit`, so
/// a huge or endless body costs at most `limit` plus one chunk of memory.
async fn read_limited(response: &mut reqwest::Response, limit: u64) -> Result<Bytes, Failure> {
    let too_large = Failure::ResponseTooLarge {
        status: response.status(),
        limit,
    };
    // A declared length over the limit fails before reading anything.
    let declared = response.content_length();
    if declared.is_some_and(|length| length > limit) {
        return Err(too_large);
    }
    // Trust the declared length only as a hint, and only up to 1 MiB.
    let hint = declared.unwrap_or(0).min(1 << 20) as usize;
    let mut body = BytesMut::with_capacity(hint);
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if exceeds(body.len(), chunk.len(), limit) {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Classifies a reqwest error.
fn transport(error: reqwest::Error) -> Failure {
    if error.is_builder() {
        Failure::InvalidRequest(error.to_string())
    } else if error.is_timeout() && !error.is_connect() {
        Failure::Timeout
    } else {
        Failure::Network(error)
    }
}

/// Whether a transport failure may be retried (when the policy retries
/// connection errors at all).
///
/// A failure to connect (refused, DNS, TLS handshake, connect timeout) means
/// the request never left, so any method is retried. Any other connection
/// error (reset, closed mid-exchange) may come after the server received and
/// processed the request: then only idempotent methods are retried, unless
/// the call opted in with `retry_non_idempotent`.
///
/// Speakeasy's Python SDK (the reference) retries `httpx.ConnectError` and
/// every `httpx.TimeoutException`, read timeouts after the request was sent
/// included, for every method, and never a connection dropped mid-exchange.
/// We differ on purpose: a timed-out attempt is never retried (the server
/// may still be working on it), and a dropped connection is retried for
/// idempotent methods, where repeating is harmless, but not for POST or
/// PATCH, where it can duplicate a side effect.
pub(crate) fn retryable_transport(
    failure: &Failure,
    method: &Method,
    retry_non_idempotent: bool,
) -> bool {
    let Failure::Network(error) = failure else {
        return false;
    };
    if error.is_redirect() || error.is_decode() {
        return false;
    }
    error.is_connect() || retry_non_idempotent || is_idempotent(method)
}

/// RFC 9110 idempotent methods: repeating them has the effect of sending once.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}
