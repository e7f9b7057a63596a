//! Configuring the generated client the way Rust users reach for it: the typed `Security` on
//! the builder, typed retry statuses from the spec, and the blocking client's builder,
//! iterators and one construction error, all against loopback servers.

use codat_platform::models::{operations, shared::Security};
use codat_platform::runtime::{BuildError, RetryConfig, RetryStatus, RetryStrategy};
use codat_platform::{blocking, CodatPlatform, Error};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "Basic a2V5";

fn company(id: usize) -> Value {
    json!({"id": format!("c{id}"), "name": format!("Company {id}"), "redirect": "https://link.codat.io", "created": "2022-01-01T00:00:00Z", "products": [], "tags": {}, "dataConnections": []})
}

/// Page `number` of 5 companies listed 2 at a time.
fn page(number: usize) -> Value {
    let items: Vec<Value> = (1..=5)
        .skip((number - 1) * 2)
        .take(2)
        .map(company)
        .collect();
    json!({"results": items, "pageNumber": number, "pageSize": 2, "totalResults": 5,
           "_links": {"self": {"href": "/companies"}, "current": {"href": "/companies"}}})
}

/// A server answering `GET /companies/c1` only when the credential arrives in its header.
async fn server_checking_the_credential() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/companies/c1"))
        .and(header("authorization", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(company(1)))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn the_builder_takes_the_typed_security() {
    let server = server_checking_the_credential().await;
    let client = CodatPlatform::builder()
        .credential(Security::new(KEY))
        .server_url(server.uri())
        .retry_config(RetryConfig::none())
        .build()
        .expect("builds");
    let company = client
        .companies()
        .get(operations::GetCompanyRequest::new("c1"))
        .await
        .expect("the credential arrived");
    assert_eq!(company.name, "Company 1");
}

#[test]
fn the_spec_retry_policy_has_typed_statuses() {
    let retry = CodatPlatform::defaults().retry;
    assert_eq!(
        retry.statuses,
        [
            RetryStatus::exact(408),
            RetryStatus::exact(429),
            RetryStatus::SERVER_ERRORS
        ]
    );
    assert!(retry.retry_connection_errors);
    let RetryStrategy::Backoff(backoff) = retry.strategy else {
        panic!("the spec's policy backs off");
    };
    assert_eq!(
        backoff.initial_interval,
        std::time::Duration::from_millis(500)
    );
    let shown: Vec<String> = retry.statuses.iter().map(ToString::to_string).collect();
    assert_eq!(shown, ["408", "429", "5XX"]);
}

/// A multi-threaded runtime serving mocks while the test thread, which runs none, blocks.
fn mock_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().unwrap()
}

#[test]
fn the_blocking_client_has_a_builder_taking_the_typed_security() {
    let runtime = mock_runtime();
    let server = runtime.block_on(server_checking_the_credential());
    let client: blocking::CodatPlatform = blocking::CodatPlatform::builder()
        .credential(Security::new(KEY))
        .server_url(server.uri())
        .retry_config(RetryConfig::none())
        .build()
        .expect("builds");
    let company = client
        .companies()
        .get(operations::GetCompanyRequest::new("c1"))
        .expect("the credential arrived");
    assert_eq!(company.name, "Company 1");
}

#[test]
fn the_blocking_constructors_fail_with_build_error() {
    let built: Result<blocking::CodatPlatform, BuildError> =
        blocking::CodatPlatform::new(Security::new(KEY));
    assert!(built.is_ok());
    let wrapped: Result<blocking::CodatPlatform, BuildError> =
        blocking::CodatPlatform::from_async(CodatPlatform::new(Security::new(KEY)).unwrap());
    assert!(wrapped.is_ok());
    let missing = blocking::CodatPlatform::builder().build().unwrap_err();
    assert!(
        matches!(missing, BuildError::MissingCredential { .. }),
        "{missing:?}"
    );
}

#[test]
fn the_blocking_stream_is_an_iterator_over_every_page() {
    let runtime = mock_runtime();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        for number in 1..=3 {
            Mock::given(method("GET"))
                .and(path("/companies"))
                .and(query_param("page", number.to_string()))
                .and(query_param("pageSize", "2"))
                .respond_with(ResponseTemplate::new(200).set_body_json(page(number)))
                .expect(if number == 1 { 2 } else { 1 })
                .mount(&server)
                .await;
        }
        server
    });
    let client = blocking::CodatPlatform::builder()
        .credential(Security::new(KEY))
        .server_url(server.uri())
        .build()
        .unwrap();
    let request = operations::ListCompaniesRequest::new().with_page_size(2);
    let companies = client.companies().list_stream(request.clone());
    let ids: Vec<String> = companies
        .map(|company| company.expect("every page decodes").id)
        .collect();
    assert_eq!(ids, ["c1", "c2", "c3", "c4", "c5"]);
    // Lazy: taking two items reads only the first page.
    let first_two: Vec<_> = client.companies().list_stream(request).take(2).collect();
    assert_eq!(first_two.len(), 2);
    assert_eq!(
        runtime.block_on(server.received_requests()).unwrap().len(),
        4
    );
}

#[test]
fn a_failed_page_ends_the_blocking_iterator_after_its_error() {
    let runtime = mock_runtime();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(query_param("page", "1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(1)))
            .mount(&server)
            .await;
        Mock::given(query_param("page", "2"))
            .respond_with(
                ResponseTemplate::new(404)
                    .set_body_json(json!({"statusCode": 404, "error": "gone"})),
            )
            .mount(&server)
            .await;
        server
    });
    let client = blocking::CodatPlatform::builder()
        .credential(Security::new(KEY))
        .server_url(server.uri())
        .retry_config(RetryConfig::none())
        .build()
        .unwrap();
    let request = operations::ListCompaniesRequest::new().with_page_size(2);
    let items: Vec<_> = client.companies().list_stream(request).collect();
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[..2].iter().all(Result::is_ok));
    assert_eq!(
        items[2].as_ref().unwrap_err().status().map(|s| s.as_u16()),
        Some(404)
    );
}

#[tokio::test]
async fn a_blocking_call_inside_an_async_runtime_is_an_error_not_a_panic() {
    let server = MockServer::start().await;
    let client = blocking::CodatPlatform::builder()
        .credential(Security::new(KEY))
        .server_url(server.uri())
        .build()
        .expect("building is fine anywhere");
    let error = client
        .companies()
        .get(operations::GetCompanyRequest::new("c1"))
        .unwrap_err();
    assert!(matches!(error, Error::BlockingInAsyncContext), "{error:?}");
    assert!(error.to_string().contains("async runtime"), "{error}");
    let mut companies = client
        .companies()
        .list_stream(operations::ListCompaniesRequest::default());
    assert!(matches!(
        companies.next(),
        Some(Err(Error::BlockingInAsyncContext))
    ));
    assert!(companies.next().is_none());
    drop(companies);
    assert!(server.received_requests().await.unwrap().is_empty());
    // Dropping the client, and its runtime, here does not panic either.
    drop(client);
}
