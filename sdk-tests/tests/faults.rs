//! Scripted faults against the generated `codat-platform` client (not only its runtime): what is
//! retried and how long it waits, what is not, and which error each failure becomes. Every
//! scenario asserts how many requests the server saw. Backoffs are shortened with
//! [`RetryConfig`] on the builder or per call, so the whole file runs in a few seconds.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use codat_platform::models::{operations, shared};
use codat_platform::runtime::{
    Backoff, BoxError, Credential, Hook, HookContext, RequestOptions, RetryConfig,
};
use codat_platform::{CodatPlatform, Error};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const COMPANY_ID: &str = "8a210b68-6988-11ed-a1eb-0242ac120002";

/// The spec's retry policy (408, 429 and 5XX, connection errors) with 20 ms between attempts
/// instead of 0.5 s growing to 60 s, giving up after `max_elapsed`.
fn fast_retries(max_elapsed: Duration) -> RetryConfig {
    let mut retry = CodatPlatform::defaults().retry;
    retry.strategy = codat_platform::runtime::RetryStrategy::Backoff(
        Backoff::default()
            .with_initial_interval(Duration::from_millis(10))
            .with_max_interval(Duration::from_millis(20))
            .with_max_elapsed_time(max_elapsed),
    );
    retry
}

/// Counts attempts, retries included, as a `before_request` hook sees them.
#[derive(Clone, Default)]
struct Attempts(Arc<AtomicU32>);

impl Attempts {
    fn count(&self) -> u32 {
        self.0.load(Ordering::SeqCst)
    }
}

impl Hook for Attempts {
    fn before_request(
        &self,
        _: &HookContext,
        _: &mut codat_platform::runtime::reqwest::Request,
    ) -> Result<(), BoxError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

fn client(uri: &str, retry: RetryConfig, attempts: &Attempts) -> CodatPlatform {
    CodatPlatform::builder()
        .server_url(uri)
        .credential(Credential::header("Authorization", "Basic a2V5"))
        .retry_config(retry)
        .hook(attempts.clone())
        .build()
        .unwrap()
}

fn company() -> Value {
    json!({"id": COMPANY_ID, "name": "Toft stores", "redirect": "https://link.codat.io/company/x",
           "created": "2022-01-01T00:00:00Z", "products": [], "tags": {}, "dataConnections": []})
}

fn get_company() -> operations::GetCompanyRequest {
    operations::GetCompanyRequest::new(COMPANY_ID)
}

/// A server that answers the first GET with `first`, then every GET of the company with it.
async fn once_then_the_company(first: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/companies/{COMPANY_ID}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(company()))
        .mount(&server)
        .await;
    server
}

async fn requests_seen(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn a_503_then_a_200_succeeds_after_one_retry() {
    let server = once_then_the_company(ResponseTemplate::new(503)).await;
    let attempts = Attempts::default();
    let sdk = client(
        &server.uri(),
        fast_retries(Duration::from_secs(5)),
        &attempts,
    );

    let company = sdk
        .companies()
        .get(get_company())
        .await
        .expect("the retry succeeds");

    assert_eq!(company.name, "Toft stores");
    assert_eq!(requests_seen(&server).await, 2);
    assert_eq!(attempts.count(), 2);
}

#[tokio::test]
async fn a_429_with_retry_after_1_waits_about_a_second() {
    let server =
        once_then_the_company(ResponseTemplate::new(429).insert_header("Retry-After", "1")).await;
    let attempts = Attempts::default();
    // Retry-After is honoured up to the max interval: raise it to 2 s here.
    let mut retry = fast_retries(Duration::from_secs(10));
    if let codat_platform::runtime::RetryStrategy::Backoff(backoff) = &mut retry.strategy {
        backoff.max_interval = Duration::from_secs(2);
    }
    let sdk = client(&server.uri(), retry, &attempts);

    let started = Instant::now();
    sdk.companies()
        .get(get_company())
        .await
        .expect("the retry succeeds");
    let waited = started.elapsed();

    // The backoff alone would wait at most 20 ms: the header decides.
    assert!(
        waited >= Duration::from_millis(950) && waited < Duration::from_secs(3),
        "waited {waited:?}"
    );
    assert_eq!(requests_seen(&server).await, 2);
}

/// Answers 503 with the attempt number in the error model's `error`.
struct NumberedOutage(AtomicU32);

impl Respond for NumberedOutage {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(503)
            .set_body_json(json!({"statusCode": 503, "error": format!("attempt {n}")}))
    }
}

#[tokio::test]
async fn retries_stop_at_the_max_elapsed_time_and_return_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(NumberedOutage(AtomicU32::new(0)))
        .mount(&server)
        .await;
    let attempts = Attempts::default();
    // The client retries for an hour; this call overrides it with a 300 ms budget.
    let sdk = client(&server.uri(), CodatPlatform::defaults().retry, &attempts);
    let options = RequestOptions::new().retry(fast_retries(Duration::from_millis(300)));

    let started = Instant::now();
    let error = sdk
        .companies()
        .with_options(options)
        .get(get_company())
        .await
        .expect_err("the outage outlasts the budget");
    let elapsed = started.elapsed();

    let seen = requests_seen(&server).await;
    assert!(seen >= 3, "only {seen} requests");
    assert!(
        elapsed < Duration::from_secs(2),
        "gave up after {elapsed:?}"
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    match &error {
        Error::ErrorMessage(response) => {
            assert_eq!(
                response.data.error.as_deref(),
                Some(&*format!("attempt {seen}"))
            );
        }
        other => panic!("expected the documented 503, got {other:?}"),
    }
    assert_eq!(attempts.count() as usize, seen);
}

/// A port nothing listens on (yet).
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Listens on `port` after `delay` and answers one request with `company()`; returns how many
/// requests it saw.
fn late_server(port: u16, delay: Duration) -> thread::JoinHandle<usize> {
    thread::spawn(move || {
        thread::sleep(delay);
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("the port is still free");
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut buffer = [0; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buffer).unwrap();
            assert!(n > 0, "the client closed before sending a request");
            request.extend_from_slice(&buffer[..n]);
        }
        let body = company().to_string();
        write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        1
    })
}

#[tokio::test]
async fn a_refused_connection_is_retried_when_enabled() {
    let port = closed_port();
    let server = late_server(port, Duration::from_millis(300));
    let attempts = Attempts::default();
    let sdk = client(
        &format!("http://127.0.0.1:{port}"),
        fast_retries(Duration::from_secs(10)),
        &attempts,
    );

    let company = sdk
        .companies()
        .get(get_company())
        .await
        .expect("a later attempt connects");

    assert_eq!(company.id, COMPANY_ID);
    assert_eq!(server.join().unwrap(), 1, "requests the server saw");
    assert!(attempts.count() >= 2, "{} attempts", attempts.count());
}

#[tokio::test]
async fn a_refused_connection_is_not_retried_when_disabled() {
    let port = closed_port();
    let attempts = Attempts::default();
    let mut retry = fast_retries(Duration::from_secs(10));
    retry.retry_connection_errors = false;
    let sdk = client(&format!("http://127.0.0.1:{port}"), retry, &attempts);

    let error = sdk.companies().get(get_company()).await.unwrap_err();

    assert!(matches!(error, Error::Network(_)), "{error:?}");
    assert_eq!(attempts.count(), 1, "no server listens, so one attempt");
}

#[tokio::test]
async fn a_400_and_a_404_are_never_retried() {
    for status in [400, 404] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_json(json!({"statusCode": status, "error": "no"})),
            )
            .mount(&server)
            .await;
        let attempts = Attempts::default();
        let sdk = client(
            &server.uri(),
            fast_retries(Duration::from_secs(5)),
            &attempts,
        );

        let error = sdk.companies().get(get_company()).await.unwrap_err();

        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(requests_seen(&server).await, 1, "status {status}");
        assert_eq!(attempts.count(), 1);
    }
}

#[tokio::test]
async fn a_slow_answer_gives_the_timeout_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(company())
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let attempts = Attempts::default();
    let sdk = client(
        &server.uri(),
        fast_retries(Duration::from_secs(5)),
        &attempts,
    );

    let started = Instant::now();
    let error = sdk
        .companies()
        .with_options(RequestOptions::new().timeout(Duration::from_millis(200)))
        .get(get_company())
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        requests_seen(&server).await,
        1,
        "a timed-out request is not retried"
    );
}

#[tokio::test]
async fn a_200_with_malformed_json_gives_the_decode_error_with_the_body() {
    let server = MockServer::start().await;
    let body = r#"{"id": "8a210b68", "name": "#;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let attempts = Attempts::default();
    let sdk = client(
        &server.uri(),
        fast_retries(Duration::from_secs(5)),
        &attempts,
    );

    let error = sdk.companies().get(get_company()).await.unwrap_err();

    match &error {
        Error::Decode {
            response, source, ..
        } => {
            assert_eq!(response.status.as_u16(), 200);
            assert_eq!(&response.body[..], body.as_bytes());
            assert!(source.is_eof(), "{source}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(error.to_string().contains(body.trim_end()), "{error}");
    assert_eq!(requests_seen(&server).await, 1);
}

#[tokio::test]
async fn an_html_502_gives_the_api_error_with_status_and_body() {
    let server = MockServer::start().await;
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(page, "text/html"))
        .mount(&server)
        .await;
    let attempts = Attempts::default();
    let sdk = client(
        &server.uri(),
        fast_retries(Duration::from_secs(5)),
        &attempts,
    );

    let error = sdk
        .companies()
        .with_options(RequestOptions::new().retry(RetryConfig::none()))
        .get(get_company())
        .await
        .unwrap_err();

    match &error {
        Error::Api(response) => {
            assert_eq!(response.status.as_u16(), 502);
            assert_eq!(&response.body[..], page.as_bytes());
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    assert!(error.to_string().contains("502 Bad Gateway"), "{error}");
    assert_eq!(
        requests_seen(&server).await,
        1,
        "retries are off for this call"
    );
}

#[tokio::test]
async fn an_unknown_enum_value_decodes_as_unknown_and_encodes_back() {
    let server = MockServer::start().await;
    let connection = json!({
        "id": "2e9d2c44-f675-40ba-8049-353bfcb5e171", "integrationId": "bf083d72-62c7-493e-aec9-81b4dbba7e2c",
        "sourceId": "35b92968-9851-4095-ad60-395c95cbcba4", "sourceType": "Payroll",
        "platformName": "Xero", "linkUrl": "https://link-api.codat.io/x", "status": "Suspended",
        "created": "2022-10-27T09:53:29Z"
    });
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&connection))
        .mount(&server)
        .await;
    let attempts = Attempts::default();
    let sdk = client(
        &server.uri(),
        fast_retries(Duration::from_secs(5)),
        &attempts,
    );

    let decoded = sdk
        .connections()
        .get(operations::GetConnectionRequest::new(
            COMPANY_ID,
            "2e9d2c44-f675-40ba-8049-353bfcb5e171",
        ))
        .await
        .expect("new enum values decode");

    assert_eq!(
        decoded.status,
        shared::DataConnectionStatus::Unknown("Suspended".to_owned())
    );
    assert_eq!(
        decoded.source_type,
        shared::SourceType::Unknown("Payroll".to_owned())
    );
    assert_eq!(serde_json::to_value(&decoded).unwrap(), connection);
    assert_eq!(requests_seen(&server).await, 1);
}

#[tokio::test]
async fn a_custom_http_client_and_per_call_headers_reach_the_server_and_keys_stay_hidden() {
    use codat_platform::runtime::{reqwest, HeaderValue};

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(company()))
        .mount(&server)
        .await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("x-proxy-tenant", HeaderValue::from_static("acme"));
    let http = reqwest::Client::builder()
        .default_headers(defaults)
        .build()
        .unwrap();
    let security = shared::Security::new("Basic c2VjcmV0LWtleQ==");
    let sdk = CodatPlatform::builder()
        .server_url(server.uri())
        .credential(Credential::header(
            "Authorization",
            security.auth_header.clone(),
        ))
        .http_client(http)
        .build()
        .unwrap();
    let options = RequestOptions::new().header("idempotency-key", "k-1");

    sdk.companies()
        .with_options(options)
        .get(get_company())
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let header = |name: &str| requests[0].headers.get(name).and_then(|v| v.to_str().ok());
    assert_eq!(header("x-proxy-tenant"), Some("acme"));
    assert_eq!(header("idempotency-key"), Some("k-1"));
    assert_eq!(header("authorization"), Some("Basic c2VjcmV0LWtleQ=="));
    for debug in [format!("{security:?}"), format!("{sdk:?}")] {
        assert!(!debug.contains("c2VjcmV0LWtleQ"), "{debug}");
        assert!(debug.contains("[redacted]"), "{debug}");
    }
}

#[tokio::test]
async fn a_retry_after_of_an_hour_waits_only_the_max_interval() {
    let server =
        once_then_the_company(ResponseTemplate::new(429).insert_header("Retry-After", "3599"))
            .await;
    let attempts = Attempts::default();
    let sdk = client(
        &server.uri(),
        fast_retries(Duration::from_secs(10)),
        &attempts,
    );

    let companies = sdk.companies();
    let call = companies.get(get_company());
    let company = tokio::time::timeout(Duration::from_secs(3), call)
        .await
        .expect("capped at the 20 ms max interval, not an hour")
        .unwrap();

    assert_eq!(company.id, COMPANY_ID);
    assert_eq!(requests_seen(&server).await, 2);
}

#[tokio::test]
async fn a_retry_after_too_large_for_a_duration_does_not_panic() {
    for value in ["1e20", "18446744073709551616", "1e308"] {
        let server =
            once_then_the_company(ResponseTemplate::new(503).insert_header("Retry-After", value))
                .await;
        let attempts = Attempts::default();
        let sdk = client(
            &server.uri(),
            fast_retries(Duration::from_secs(10)),
            &attempts,
        );

        let companies = sdk.companies();
        let call = companies.get(get_company());
        tokio::time::timeout(Duration::from_secs(3), call)
            .await
            .expect("falls back to the backoff")
            .unwrap_or_else(|error| panic!("{value}: {error:?}"));
        assert_eq!(attempts.count(), 2, "{value}");
    }
}

#[test]
fn the_default_client_has_a_finite_timeout() {
    let sdk = CodatPlatform::builder()
        .credential(Credential::header("Authorization", "Basic a2V5"))
        .build()
        .unwrap();
    let timeout = sdk.runtime_client().timeout().expect("a default timeout");
    assert!(timeout <= Duration::from_secs(120), "{timeout:?}");
}

/// Reads whole requests (head and `Content-Length` body) and hangs up without answering, for
/// up to `accepts` connections; returns how many requests it read.
fn hang_up_server(accepts: usize) -> (String, thread::JoinHandle<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    listener.set_nonblocking(true).unwrap();
    let server = thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_millis(800);
        let mut seen = 0;
        while seen < accepts && Instant::now() < deadline {
            let Ok((mut stream, _)) = listener.accept() else {
                thread::sleep(Duration::from_millis(5));
                continue;
            };
            stream.set_nonblocking(false).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(2)))
                .unwrap();
            let mut data = Vec::new();
            let mut buffer = [0; 4096];
            let complete = loop {
                if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
                    let length: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0);
                    if data.len() >= end + 4 + length {
                        break true;
                    }
                }
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break false,
                    Ok(n) => data.extend_from_slice(&buffer[..n]),
                }
            };
            seen += usize::from(complete);
        }
        seen
    });
    (url, server)
}

fn create_company() -> operations::CreateCompanyRequest {
    operations::CreateCompanyRequest::new()
        .with_body(shared::CompanyRequestBody::new("Toft stores".to_owned()))
}

#[tokio::test]
async fn a_create_the_server_received_is_not_sent_twice() {
    let (url, server) = hang_up_server(4);
    let attempts = Attempts::default();
    // The spec's policy retries connection errors.
    let sdk = client(&url, fast_retries(Duration::from_millis(300)), &attempts);

    let error = sdk.companies().create(create_company()).await.unwrap_err();

    assert!(matches!(error, Error::Network(_)), "{error:?}");
    assert_eq!(server.join().unwrap(), 1, "POST /companies the server saw");
    assert_eq!(attempts.count(), 1);
}

#[tokio::test]
async fn a_create_is_sent_again_when_the_call_opts_in() {
    let (url, server) = hang_up_server(4);
    let attempts = Attempts::default();
    let sdk = client(&url, fast_retries(Duration::from_millis(300)), &attempts);
    let options = RequestOptions::new().retry_non_idempotent(true);

    sdk.companies()
        .with_options(options)
        .create(create_company())
        .await
        .unwrap_err();

    let seen = server.join().unwrap();
    assert!(seen >= 2, "{seen} requests");
}

#[tokio::test]
async fn a_get_is_still_retried_after_the_server_hangs_up() {
    let (url, server) = hang_up_server(4);
    let attempts = Attempts::default();
    let sdk = client(&url, fast_retries(Duration::from_millis(300)), &attempts);

    sdk.companies().get(get_company()).await.unwrap_err();

    let seen = server.join().unwrap();
    assert!(seen >= 2, "{seen} requests");
}
