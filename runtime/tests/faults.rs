//! Hostile servers: absurd Retry-After values, silence, dripping bytes,
//! dropped connections after a POST, and bodies larger than the limit. Every
//! scenario is bounded in time, so a regression fails instead of hanging.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use codat_runtime::{
    Backoff, Client, Error, Hook, HookContext, Method, Request, RequestOptions, RetryConfig,
    RetryStatus, RetryStrategy, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_TIMEOUT,
};
use serde_json::json;
use support::loopback;
use support::{builder, defaults, fast_retry, request_count, ErrorModel};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Fails the test instead of hanging it when `future` outlives `limit`.
async fn within<T>(limit: Duration, future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(limit, future)
        .await
        .expect("the call returned in time")
}

fn get() -> Request {
    Request::new(Method::GET, "get-thing", "/thing")
}

fn post() -> Request {
    let mut request = Request::new(Method::POST, "create-company", "/companies");
    request.json_body(&json!({"name": "Toft stores"}));
    request
}

async fn call(
    client: &Client,
    request: Request,
    options: &RequestOptions,
) -> Result<codat_runtime::Response, Error<ErrorModel>> {
    client
        .send::<ErrorModel>(request, options, &["4XX", "5XX"])
        .await
}

/// A GET to `server` with `retry`, failing the test if it takes longer than `limit`.
async fn get_with_retry(
    server: &MockServer,
    retry: RetryConfig,
    limit: Duration,
) -> Result<codat_runtime::Response, Error<ErrorModel>> {
    let client = builder(server).build().unwrap();
    within(
        limit,
        call(&client, get(), &RequestOptions::new().retry(retry)),
    )
    .await
}

fn client_for(url: &str) -> Client {
    Client::builder(defaults(url))
        .build()
        .expect("client builds")
}

/// A policy retrying 429 with 10 ms backoff, `max_interval` and `max_elapsed`.
fn backoff(max_interval: Duration, max_elapsed: Duration) -> RetryConfig {
    RetryConfig::backoff(
        Backoff::default()
            .with_initial_interval(Duration::from_millis(1))
            .with_max_interval(max_interval)
            .with_max_elapsed_time(max_elapsed),
    )
    .with_statuses([RetryStatus::exact(429), RetryStatus::exact(503)])
    .with_connection_errors(true)
}

async fn retry_after_then_ok(value: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", value))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn absurd_retry_after_values_fall_back_to_the_backoff() {
    for value in ["1e20", "18446744073709551616", "1e308", "-1", "soon"] {
        let server = retry_after_then_ok(value).await;
        let retry = backoff(Duration::from_millis(20), Duration::from_secs(10));
        let started = Instant::now();
        let response = get_with_retry(&server, retry, Duration::from_secs(5))
            .await
            .unwrap_or_else(|error| panic!("{value}: {error:?}"));
        assert_eq!(response.status, 200, "{value}");
        assert!(started.elapsed() < Duration::from_secs(2), "{value}");
        assert_eq!(request_count(&server).await, 2, "{value}");
    }
}

#[tokio::test]
async fn retry_after_is_capped_at_the_max_interval() {
    for value in ["120", "3599"] {
        let server = retry_after_then_ok(value).await;
        let retry = backoff(Duration::from_millis(200), Duration::from_secs(10));
        let started = Instant::now();
        get_with_retry(&server, retry, Duration::from_secs(5))
            .await
            .unwrap();
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_millis(190) && waited < Duration::from_secs(2),
            "{value}: waited {waited:?}"
        );
        assert_eq!(request_count(&server).await, 2);
    }
}

#[tokio::test]
async fn a_wait_past_the_time_budget_gives_up_at_once() {
    let server = retry_after_then_ok("1").await;
    let retry = backoff(Duration::from_secs(5), Duration::from_millis(300));
    let started = Instant::now();
    let error = get_with_retry(&server, retry, Duration::from_secs(5))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert!(started.elapsed() < Duration::from_millis(250));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn the_default_client_has_finite_timeouts_and_a_size_limit() {
    let client = client_for("http://127.0.0.1:9");
    assert_eq!(client.timeout(), Some(DEFAULT_TIMEOUT));
    assert!(DEFAULT_TIMEOUT <= Duration::from_secs(120));
    assert_eq!(client.max_response_size(), DEFAULT_MAX_RESPONSE_SIZE);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = loopback::silent();
    let client = Client::builder(defaults(&server.url))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = within(
        Duration::from_secs(3),
        call(&client, get(), &RequestOptions::default()),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(server.requests(), 1, "a timed-out attempt is not retried");
}

#[tokio::test]
async fn a_dripping_body_times_out_per_call() {
    let server = loopback::drip();
    let client = client_for(&server.url);
    let options = RequestOptions::new().timeout(Duration::from_millis(300));
    let started = Instant::now();
    let error = within(Duration::from_secs(3), call(&client, get(), &options))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(1));
}

/// A loopback listener whose accept queue is full, so a new connection's
/// handshake is never completed (Linux drops the SYN) and connecting hangs.
fn full_backlog() -> (tokio::net::TcpListener, Vec<std::net::TcpStream>, String) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let address = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..4 {
        match std::net::TcpStream::connect_timeout(&address, Duration::from_millis(50)) {
            Ok(stream) => fillers.push(stream),
            Err(_) => break,
        }
    }
    (listener, fillers, format!("http://{address}"))
}

#[tokio::test]
async fn the_connect_timeout_is_configurable() {
    let (_listener, _fillers, url) = full_backlog();
    // Without the connect timeout this call would wait for the 5 s attempt timeout.
    let client = Client::builder(defaults(&url))
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let options = RequestOptions::new().retry(RetryConfig::none());
    let started = Instant::now();
    let error = within(Duration::from_secs(3), call(&client, get(), &options))
        .await
        .unwrap_err();
    match &error {
        Error::Network(source) => assert!(source.is_connect(), "{source:?}"),
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(2));
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

#[tokio::test]
async fn a_post_the_server_received_is_not_sent_again() {
    let server = loopback::hang_up();
    let client = client_for(&server.url);
    let options = RequestOptions::new().retry(fast_retry(Duration::from_millis(300)));
    let error = within(Duration::from_secs(3), call(&client, post(), &options))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Network(_)), "{error:?}");
    assert_eq!(server.requests(), 1, "one call, one POST");
}

#[tokio::test]
async fn a_post_is_sent_again_when_the_call_opts_in() {
    let server = loopback::hang_up();
    let client = client_for(&server.url);
    let options = RequestOptions::new()
        .retry(fast_retry(Duration::from_millis(300)))
        .retry_non_idempotent(true);
    within(Duration::from_secs(3), call(&client, post(), &options))
        .await
        .unwrap_err();
    assert!(server.requests() >= 2, "{} requests", server.requests());
}

#[tokio::test]
async fn a_get_is_still_retried_after_a_dropped_connection() {
    let server = loopback::hang_up();
    let client = client_for(&server.url);
    let options = RequestOptions::new().retry(fast_retry(Duration::from_millis(300)));
    within(Duration::from_secs(3), call(&client, get(), &options))
        .await
        .unwrap_err();
    assert!(server.requests() >= 2, "{} requests", server.requests());
}

#[tokio::test]
async fn a_post_that_never_connected_is_retried() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let attempts = CountAttempts::default();
    let client = Client::builder(defaults(&url))
        .hook(attempts.clone())
        .build()
        .unwrap();
    let options = RequestOptions::new().retry(fast_retry(Duration::from_millis(100)));
    let error = within(Duration::from_secs(3), call(&client, post(), &options))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Network(_)), "{error:?}");
    assert!(attempts.0.load(Ordering::SeqCst) >= 2);
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_typed_error() {
    // Declared and undeclared lengths: both stop at the limit.
    for declare in [true, false] {
        let server = loopback::big_body(4 * 1024 * 1024, declare);
        let client = Client::builder(defaults(&server.url))
            .max_response_size(1024 * 1024)
            .build()
            .unwrap();
        let options = RequestOptions::new().retry(RetryConfig::none());
        let error = within(Duration::from_secs(5), call(&client, get(), &options))
            .await
            .unwrap_err();
        match error {
            Error::ResponseTooLarge { status, limit } => {
                assert_eq!(status, 200);
                assert_eq!(limit, 1024 * 1024);
            }
            other => panic!("declare {declare}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn the_per_call_limit_overrides_the_clients() {
    let server = loopback::big_body(300_000, true);
    let client = client_for(&server.url);
    let options = RequestOptions::new()
        .retry(RetryConfig::none())
        .max_response_size(100_000);
    let error = within(Duration::from_secs(5), call(&client, get(), &options))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { .. }), "{error:?}");

    let server = loopback::big_body(300_000, false);
    let client = client_for(&server.url);
    let response = within(
        Duration::from_secs(5),
        call(
            &client,
            get(),
            &RequestOptions::new().retry(RetryConfig::none()),
        ),
    )
    .await
    .unwrap();
    assert_eq!(response.body.len(), 300_000, "under the default limit");
}

#[tokio::test]
async fn a_download_streams_chunk_by_chunk_past_the_limit() {
    let total = 50 * 1024 * 1024;
    let server = loopback::big_body(total, false);
    // The limit applies to buffered bodies only; a stream is read as it comes.
    let client = Client::builder(defaults(&server.url))
        .max_response_size(1024 * 1024)
        .build()
        .unwrap();
    let options = RequestOptions::new().retry(RetryConfig::none());
    let mut download = within(
        Duration::from_secs(5),
        client.send_streaming::<ErrorModel>(get(), &options, &["4XX"]),
    )
    .await
    .unwrap();
    assert_eq!(download.status(), 200);
    let (mut read, mut chunks, mut largest) = (0, 0, 0);
    while let Some(chunk) = within(Duration::from_secs(5), download.chunk())
        .await
        .unwrap()
    {
        read += chunk.len();
        chunks += 1;
        largest = largest.max(chunk.len());
    }
    assert_eq!(read, total);
    assert!(chunks > 50, "{chunks} chunks");
    assert!(largest <= 1024 * 1024, "a chunk of {largest} bytes");
}

#[tokio::test]
async fn collecting_a_download_respects_the_limit_and_errors_stay_typed() {
    let server = loopback::big_body(2 * 1024 * 1024, false);
    let client = Client::builder(defaults(&server.url))
        .max_response_size(1024 * 1024)
        .build()
        .unwrap();
    let options = RequestOptions::new().retry(RetryConfig::none());
    let download = client
        .send_streaming::<ErrorModel>(get(), &options, &["4XX"])
        .await
        .unwrap();
    let error = within(Duration::from_secs(5), download.collect_bytes())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            codat_runtime::BodyError::TooLarge { limit: 1048576, .. }
        ),
        "{error:?}"
    );

    // An error status is buffered and decoded like any other call.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"statusCode": 404, "error": "gone"})),
        )
        .mount(&server)
        .await;
    let error = builder(&server)
        .build()
        .unwrap()
        .send_streaming::<ErrorModel>(get(), &options, &["4XX"])
        .await
        .unwrap_err();
    assert_eq!(error.data().map(|e| e.error.as_str()), Some("gone"));
}

#[tokio::test]
async fn hostile_backoff_parameters_do_not_panic_the_loop() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let mut retry = fast_retry(Duration::from_millis(50));
    retry.strategy = RetryStrategy::Backoff(
        Backoff::default()
            .with_initial_interval(Duration::MAX)
            .with_max_interval(Duration::MAX)
            .with_exponent(f64::MAX)
            .with_max_elapsed_time(Duration::from_millis(50)),
    );
    let error = get_with_retry(&server, retry, Duration::from_secs(3))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(request_count(&server).await, 1);
}
