//! Retry policy, Retry-After, time budget, connection errors and timeouts.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use codat_runtime::{
    Client, Error, Hook, HookContext, Method, Request, RequestOptions, RetryConfig,
};
use serde_json::json;
use support::{builder, client, defaults, fast_retry, request_count, ErrorModel};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn get() -> Request {
    Request::new(Method::GET, "get-thing", "/thing")
}

async fn send(
    client: &Client,
    options: &RequestOptions,
) -> Result<codat_runtime::Response, Error<ErrorModel>> {
    client
        .send::<ErrorModel>(get(), options, &["4XX", "5XX"])
        .await
}

#[tokio::test]
async fn retries_503_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 1})))
        .mount(&server)
        .await;
    let response = send(&client(&server), &RequestOptions::default())
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn honours_retry_after_seconds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    // Retry-After is honoured up to the policy's max interval, so allow 2 s.
    let mut retry = fast_retry(Duration::from_secs(10));
    if let codat_runtime::RetryStrategy::Backoff(backoff) = &mut retry.strategy {
        backoff.max_interval = Duration::from_secs(2);
    }
    let options = RequestOptions::new().retry(retry);
    let start = Instant::now();
    send(&client(&server), &options).await.unwrap();
    let elapsed = start.elapsed();
    assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn stops_at_max_elapsed_and_returns_last_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503)
                .set_body_raw(r#"{"statusCode":503,"error":"busy"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let options = RequestOptions::new().retry(fast_retry(Duration::from_millis(100)));
    let start = Instant::now();
    let error = send(&client(&server), &options).await.unwrap_err();
    let elapsed = start.elapsed();
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    let Error::ErrorMessage(response) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(response.status, 503);
    assert_eq!(response.data.error, "busy");
    let count = request_count(&server).await;
    assert!((3..=101).contains(&count), "{count} requests");
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    for status in [400, 404] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status))
            .mount(&server)
            .await;
        let error = send(&client(&server), &RequestOptions::default())
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(request_count(&server).await, 1);
    }
}

#[tokio::test]
async fn retry_none_sends_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let options = RequestOptions::new().retry(RetryConfig::none());
    let error = send(&client(&server), &options).await.unwrap_err();
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    assert_eq!(request_count(&server).await, 1);
}

#[derive(Clone, Default)]
struct CountAttempts(Arc<AtomicUsize>);

impl Hook for CountAttempts {
    fn before_request(
        &self,
        _: &HookContext,
        _: &mut codat_runtime::reqwest::Request,
    ) -> Result<(), codat_runtime::BoxError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{address}")
}

#[tokio::test]
async fn connection_errors_retried_only_when_enabled() {
    let url = refused_url();
    for enabled in [true, false] {
        let attempts = CountAttempts::default();
        let client = Client::builder(defaults(&url))
            .hook(attempts.clone())
            .build()
            .unwrap();
        let mut retry = fast_retry(Duration::from_millis(100));
        retry.retry_connection_errors = enabled;
        let error = send(&client, &RequestOptions::new().retry(retry))
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Network(_)), "{error:?}");
        let count = attempts.0.load(Ordering::SeqCst);
        if enabled {
            assert!(count >= 2, "{count} attempts");
        } else {
            assert_eq!(count, 1);
        }
    }
}

#[tokio::test]
async fn timeout_is_reported_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let start = Instant::now();
    let error = send(&client, &RequestOptions::default()).await.unwrap_err();
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert!(start.elapsed() < Duration::from_secs(1));
    assert_eq!(request_count(&server).await, 1);

    // A per-call timeout takes precedence over the client's.
    let start = Instant::now();
    let error = send(
        &support::client(&server),
        &RequestOptions::new().timeout(Duration::from_millis(50)),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert!(start.elapsed() < Duration::from_secs(1));
}
