//! The one non-generic HTTP exchange: build the request, run the retry loop
//! with hooks, timeouts and tracing, and classify the final outcome.

use std::time::{Duration, Instant, SystemTime};

use futures_util::future::BoxFuture;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};
use tracing::Instrument;

use super::builder::normalize_base_url;
use super::client::{Client, ClientInner};
use super::error::Failure;
use super::hooks::HookContext;
use super::options::RequestOptions;
use super::params::encode_unreserved;
use super::request::{Body, Request};
use super::response::Response;
use super::retry::{retry_after, RetryConfig, RetryStrategy};

impl Client {
    /// Sends `request` with retries, timeouts and hooks, without decoding
    /// error bodies: `Ok` holds a 2XX response, every other outcome is a
    /// [`Failure`]. [`Client::send`] is this plus error-model decoding.
    pub fn execute<'a>(
        &'a self,
        request: Request,
        options: &'a RequestOptions,
    ) -> BoxFuture<'a, Result<Response, Failure>> {
        let span = tracing::info_span!(
            "operation",
            operation_id = request.operation_id,
            method = %request.method,
            path = %request.path,
        );
        Box::pin(run(&self.inner, request, options).instrument(span))
    }
}

async fn run(
    inner: &ClientInner,
    request: Request,
    options: &RequestOptions,
) -> Result<Response, Failure> {
    let base_url = match &options.server_url {
        Some(url) => normalize_base_url(url).map_err(|reason| {
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
    let http_request = build(inner, request, &ctx.base_url, options)?;
    let retry = options.retry.as_ref().unwrap_or(&inner.retry);
    let timeout = options.timeout.or(inner.timeout);
    let outcome = attempts(inner, &mut ctx, http_request, retry, timeout).await;
    finish(inner, &ctx, outcome)
}

/// Turns the operation's request into an HTTP request.
fn build(
    inner: &ClientInner,
    request: Request,
    base_url: &str,
    options: &RequestOptions,
) -> Result<reqwest::Request, Failure> {
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
    let url_text = format!("{base_url}{separator}{}", request.path);
    let mut url = reqwest::Url::parse(&url_text)
        .map_err(|error| Failure::InvalidRequest(format!("invalid URL {url_text:?}: {error}")))?;
    if !request.query.is_empty() {
        let query = request
            .query
            .iter()
            .map(|(name, value)| {
                format!("{}={}", encode_unreserved(name), encode_unreserved(value))
            })
            .collect::<Vec<_>>()
            .join("&");
        url.set_query(Some(&query));
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
    if let Some((name, value)) = &inner.credential {
        headers.insert(name.clone(), value.clone());
    }
    replace_all(&mut headers, &options.headers);

    let mut http_request = reqwest::Request::new(request.method, url);
    *http_request.headers_mut() = headers;
    if let Some((_, bytes)) = body {
        *http_request.body_mut() = Some(bytes.into());
    }
    Ok(http_request)
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
    retry: &RetryConfig,
    timeout: Option<Duration>,
) -> Result<Response, Failure> {
    let start = Instant::now();
    let mut retries: u32 = 0;
    loop {
        ctx.attempt = retries + 1;
        let mut attempt_request = request
            .try_clone()
            .ok_or_else(|| Failure::InvalidRequest("request body cannot be replayed".to_owned()))?;
        for hook in &inner.hooks {
            hook.before_request(ctx, &mut attempt_request)
                .map_err(Failure::Hook)?;
        }

        let outcome = send_once(&inner.http, attempt_request, timeout).await;
        let retry_now = match &outcome {
            Ok(response) => {
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
                (retry.retry_connection_errors && is_connection_error(failure)).then_some(None)
            }
        };
        let (Some(retry_after), RetryStrategy::Backoff(backoff)) = (retry_now, &retry.strategy)
        else {
            return outcome;
        };
        let delay = retry_after.unwrap_or_else(|| backoff.interval(retries));
        if start.elapsed() + delay > backoff.max_elapsed_time {
            tracing::debug!(attempt = ctx.attempt, "retry time budget exhausted");
            return outcome;
        }
        tracing::debug!(
            attempt = ctx.attempt,
            delay_ms = delay.as_millis() as u64,
            "retrying"
        );
        tokio::time::sleep(delay).await;
        retries += 1;
    }
}

/// One attempt: send and read the whole body within `timeout`.
async fn send_once(
    http: &reqwest::Client,
    request: reqwest::Request,
    timeout: Option<Duration>,
) -> Result<Response, Failure> {
    let exchange = async {
        let mut response = http.execute(request).await?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await?;
        Ok(Response {
            status,
            headers,
            body,
        })
    };
    let result = match timeout {
        Some(limit) => tokio::time::timeout(limit, exchange)
            .await
            .map_err(|_| Failure::Timeout)?,
        None => exchange.await,
    };
    result.map_err(|error: reqwest::Error| {
        if error.is_builder() {
            Failure::InvalidRequest(error.to_string())
        } else if error.is_timeout() && !error.is_connect() {
            Failure::Timeout
        } else {
            Failure::Network(error)
        }
    })
}

/// Transport failures retried when `retry_connection_errors` is set.
fn is_connection_error(failure: &Failure) -> bool {
    match failure {
        Failure::Network(error) => !error.is_redirect() && !error.is_decode(),
        _ => false,
    }
}

/// Runs the after-hooks and keeps only 2XX responses as success.
fn finish(
    inner: &ClientInner,
    ctx: &HookContext,
    outcome: Result<Response, Failure>,
) -> Result<Response, Failure> {
    let failure = match outcome {
        Ok(mut response) if !is_error_status(&response) => {
            for hook in &inner.hooks {
                hook.after_success(ctx, &mut response)
                    .map_err(Failure::Hook)?;
            }
            return success_only(response);
        }
        Ok(response) => Failure::Status(Box::new(response.into_raw())),
        Err(failure) => failure,
    };
    let mut outcome = Err(failure);
    for hook in &inner.hooks {
        outcome = match outcome {
            Err(failure) => hook.after_error(ctx, failure),
            Ok(_) => break,
        };
    }
    outcome.and_then(success_only)
}

fn is_error_status(response: &Response) -> bool {
    response.status.is_client_error() || response.status.is_server_error()
}

fn success_only(response: Response) -> Result<Response, Failure> {
    if response.status.is_success() {
        Ok(response)
    } else {
        Err(Failure::Status(Box::new(response.into_raw())))
    }
}
