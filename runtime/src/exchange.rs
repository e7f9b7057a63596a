//! The one non-generic HTTP exchange: build the request, run the retry loop
//! with hooks, timeouts and tracing, and classify the final outcome.

use std::time::{Instant, SystemTime};

use futures_util::future::BoxFuture;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT,
};
use tracing::Instrument;

use super::attempt::{is_idempotent, retryable_transport, send_once, Limits, Received};
use super::auth::Selected;
use super::builder::normalize_base_url;
use super::client::{Client, ClientInner};
use super::error::Failure;
use super::hooks::HookContext;
use super::options::RequestOptions;
use super::origin::{same_origin, same_server_origin};
use super::redact::redact_url;
use super::request::{Body, Request};
use super::response::Response;
use super::retry::{retry_after, RetryConfig, RetryStrategy};
use super::stream::ByteStream;

impl Client {
    /// Sends `request` with retries, timeouts and hooks, without decoding
    /// error bodies: `Ok` holds a 2XX response, every other outcome is a
    /// [`Failure`]. [`Client::send`] is this plus error-model decoding.
    pub fn execute<'a>(
        &'a self,
        request: Request,
        options: &'a RequestOptions,
    ) -> BoxFuture<'a, Result<Response, Failure>> {
        let span = operation_span(&request);
        Box::pin(
            async move {
                let (received, _) = run(&self.inner, request, options, false).await?;
                Ok(received.response)
            }
            .instrument(span),
        )
    }

    /// [`Client::execute`] for a download: a 2XX body is left on the
    /// connection and returned as a [`ByteStream`] (not size-limited); error
    /// statuses are buffered and classified as usual.
    pub fn execute_streaming<'a>(
        &'a self,
        request: Request,
        options: &'a RequestOptions,
    ) -> BoxFuture<'a, Result<ByteStream, Failure>> {
        let span = operation_span(&request);
        Box::pin(
            async move {
                let (received, limits) = run(&self.inner, request, options, true).await?;
                Ok(match received.body {
                    Some(body) => ByteStream::from_http(
                        received.response,
                        body,
                        limits.timeout,
                        limits.max_response_size,
                    ),
                    None => ByteStream::from_buffered(received.response, limits.max_response_size),
                })
            }
            .instrument(span),
        )
    }
}

/// The span every attempt of one call is logged in (the path holds no credential).
fn operation_span(request: &Request) -> tracing::Span {
    tracing::info_span!(
        "operation",
        operation_id = request.operation_id,
        method = %request.method,
        path = %request.path,
    )
}

async fn run(
    inner: &ClientInner,
    request: Request,
    options: &RequestOptions,
    stream: bool,
) -> Result<(Received, Limits), Failure> {
    options.check().map_err(Failure::InvalidRequest)?;
    let base_url = match &options.server_url {
        Some(url) => normalize_base_url(url).map_err(|reason| {
            let url = redact_url(url);
            Failure::InvalidRequest(format!("invalid server URL {url:?}: {reason}"))
        })?,
        None => inner.base_url.clone(),
    };
    let mut ctx = HookContext {
        operation_id: request.operation_id,
        base_url,
        method: request.method.clone(),
        path: request.path.clone(),
        attempt: 0,
    };
    // Credentials belong to the client's server: a call sent elsewhere (a per-call server
    // URL with another origin) goes without them.
    let auth = if same_server_origin(&ctx.base_url, &inner.base_url) {
        inner.auth.select(request.security)
    } else {
        Selected::none()
    };
    let mut http_request = build(inner, request, &ctx.base_url, options, &auth)?;
    // A per-call `Authorization` header wins over the OAuth2 token, as over any credential.
    let token = !options.headers.contains_key(AUTHORIZATION) && auth.has_token();
    let sent_token = match token {
        true => auth.apply_tokens(&mut http_request, None).await?,
        false => None,
    };
    let replay = sent_token.as_ref().and_then(|_| http_request.try_clone());
    let retry = options.retry.as_ref().unwrap_or(&inner.retry);
    let limits = Limits {
        timeout: options.timeout.or(inner.timeout),
        max_response_size: options.max_response_size.unwrap_or(inner.max_response_size),
        stream,
    };
    let policy = Policy {
        retry,
        retry_non_idempotent: options.retry_non_idempotent.unwrap_or(false),
    };
    let start = Instant::now();
    let mut outcome = attempts(inner, &mut ctx, http_request, policy, limits, start).await;
    // A refused OAuth2 token (revoked, or expired early) is replaced once. The request is
    // sent again only when repeating it is harmless (an idempotent method) or the call
    // opted in: a 401 may come after the server acted on the request. Otherwise the 401 is
    // the call's error and the next call fetches a new token. The replay gets what is left
    // of the retry time budget, not a new one.
    if let (Some(rejected), Some(mut again)) = (&sent_token, replay) {
        if matches!(&outcome, Ok(r) if r.response.status == reqwest::StatusCode::UNAUTHORIZED) {
            if policy.retry_non_idempotent || is_idempotent(&ctx.method) {
                auth.apply_tokens(&mut again, Some(rejected)).await?;
                outcome = attempts(inner, &mut ctx, again, policy, limits, start).await;
            } else {
                auth.forget_tokens(rejected).await;
            }
        }
    }
    // reqwest's errors show the URL, which holds a query-parameter credential.
    if auth.in_query() {
        outcome = outcome.map_err(|failure| match failure {
            Failure::Network(error) => Failure::Network(error.without_url()),
            other => other,
        });
    }
    finish(inner, &ctx, outcome).map(|received| (received, limits))
}

/// What decides whether an attempt is repeated.
#[derive(Clone, Copy)]
struct Policy<'a> {
    retry: &'a RetryConfig,
    retry_non_idempotent: bool,
}

/// Turns the operation's request into an HTTP request.
fn build(
    inner: &ClientInner,
    request: Request,
    base_url: &str,
    options: &RequestOptions,
    auth: &Selected<'_>,
) -> Result<reqwest::Request, Failure> {
    request.check_path()?;
    let body = match request.body {
        Some(Body::Failed(error)) => return Err(Failure::Serialize(error)),
        Some(Body::Bytes {
            content_type,
            bytes,
        }) => Some((content_type, bytes)),
        None => None,
    };

    let separator = if request.path.starts_with('/') {
        ""
    } else {
        "/"
    };
    let mut url = match &request.next_url {
        Some(next) => next_page_url(base_url, next)?,
        None => {
            let url_text = format!("{base_url}{separator}{}", request.path);
            reqwest::Url::parse(&url_text).map_err(|error| {
                Failure::InvalidRequest(format!("invalid URL {url_text:?}: {error}"))
            })?
        }
    };
    if !request.query.is_empty() {
        url.set_query(Some(&request.query.join("&")));
    }

    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, header_value("Accept", &request.accept)?);
    headers.insert(USER_AGENT, inner.user_agent.clone());
    replace_all(&mut headers, &inner.headers);
    for (name, value) in &request.headers {
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Failure::InvalidRequest(format!("invalid header name {name:?}")))?;
        headers.insert(header_name, header_value(name, value)?);
    }
    if let Some((content_type, _)) = &body {
        headers.insert(CONTENT_TYPE, header_value("Content-Type", content_type)?);
    }

    let mut http_request = reqwest::Request::new(request.method, url);
    *http_request.headers_mut() = headers;
    auth.apply(&mut http_request);
    replace_all(http_request.headers_mut(), &options.headers);
    if let Some((_, bytes)) = body {
        *http_request.body_mut() = Some(bytes.into());
    }
    Ok(http_request)
}

/// A next-page URL resolved against the call's server, if it stays on that server's origin.
/// The refusal names only the URL's origin: its path and query may hold a credential the
/// server echoed (an API key sent as a query parameter).
fn next_page_url(base_url: &str, next: &str) -> Result<reqwest::Url, Failure> {
    let refused = |url: Option<&reqwest::Url>| Failure::ForeignNextPage {
        url: url.map_or_else(|| "(not a valid URL)".to_owned(), origin_text),
    };
    let base = reqwest::Url::parse(base_url).map_err(|_| refused(None))?;
    let url = base.join(next).map_err(|_| refused(None))?;
    if same_origin(&base, &url) {
        Ok(url)
    } else {
        Err(refused(Some(&url)))
    }
}

/// `scheme://host:port` of `url`, nothing else (no user info, path or query).
fn origin_text(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or("");
    match url.port_or_known_default() {
        Some(port) => format!("{}://{host}:{port}", url.scheme()),
        None => format!("{}://{host}", url.scheme()),
    }
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue, Failure> {
    HeaderValue::from_str(value)
        .map_err(|_| Failure::InvalidRequest(format!("invalid value for header {name:?}")))
}

/// Sets every header of `source` in `target`, replacing values of the same name.
fn replace_all(target: &mut HeaderMap, source: &HeaderMap) {
    for name in source.keys() {
        target.remove(name);
    }
    for (name, value) in source {
        target.append(name.clone(), value.clone());
    }
}

/// The retry loop; returns the last outcome (error statuses still `Ok`).
async fn attempts(
    inner: &ClientInner,
    ctx: &mut HookContext,
    request: reqwest::Request,
    policy: Policy<'_>,
    limits: Limits,
    start: Instant,
) -> Result<Received, Failure> {
    let retry = policy.retry;
    let mut retries: u32 = 0;
    loop {
        ctx.attempt = retries.saturating_add(1);
        let mut attempt_request = request
            .try_clone()
            .ok_or_else(|| Failure::InvalidRequest("request body cannot be replayed".to_owned()))?;
        for hook in &inner.hooks {
            hook.before_request(ctx, &mut attempt_request)
                .map_err(Failure::Hook)?;
        }

        let outcome = send_once(&inner.http, attempt_request, limits).await;
        let retry_now = match &outcome {
            Ok(Received { response, .. }) => {
                tracing::debug!(
                    attempt = ctx.attempt,
                    status = response.status.as_u16(),
                    "response received"
                );
                retry
                    .retries_status(response.status)
                    .then(|| retry_after(&response.headers, SystemTime::now()))
            }
            Err(failure) => {
                tracing::debug!(attempt = ctx.attempt, error = %failure, "attempt failed");
                let retryable =
                    retryable_transport(failure, &ctx.method, policy.retry_non_idempotent);
                (retry.retry_connection_errors && retryable).then_some(None)
            }
        };
        let (Some(retry_after), RetryStrategy::Backoff(backoff)) = (retry_now, &retry.strategy)
        else {
            return outcome;
        };
        let delay = backoff.delay(retries, retry_after);
        if !backoff.allows(start.elapsed(), delay) {
            tracing::debug!(attempt = ctx.attempt, "retry time budget exhausted");
            return outcome;
        }
        tracing::debug!(
            attempt = ctx.attempt,
            delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            "retrying"
        );
        tokio::time::sleep(delay).await;
        retries = retries.saturating_add(1);
    }
}

/// Runs the after-hooks and keeps only 2XX responses as success.
///
/// For a streamed download, `after_success` sees the status and headers with
/// an empty body; a body the hook puts there replaces the unread stream.
fn finish(
    inner: &ClientInner,
    ctx: &HookContext,
    outcome: Result<Received, Failure>,
) -> Result<Received, Failure> {
    let failure = match outcome {
        Ok(mut received) if !is_error_status(&received.response) => {
            for hook in &inner.hooks {
                hook.after_success(ctx, &mut received.response)
                    .map_err(Failure::Hook)?;
            }
            if !received.response.body.is_empty() {
                received.body = None;
            }
            return success_only(received);
        }
        Ok(received) => Failure::Status(Box::new(received.response.into_raw())),
        Err(failure) => failure,
    };
    let mut outcome = Err(failure);
    for hook in &inner.hooks {
        outcome = match outcome {
            Err(failure) => hook.after_error(ctx, failure),
            Ok(_) => break,
        };
    }
    outcome.map(Received::from).and_then(success_only)
}

fn is_error_status(response: &Response) -> bool {
    response.status.is_client_error() || response.status.is_server_error()
}

fn success_only(received: Received) -> Result<Received, Failure> {
    if received.response.status.is_success() {
        Ok(received)
    } else {
        Err(Failure::Status(Box::new(received.response.into_raw())))
    }
}
