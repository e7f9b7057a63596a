//! Per-call options as a user writes them: string headers (`RequestOptions::header` takes what
//! `ClientBuilder::header` takes; it took `HeaderName`/`HeaderValue` before), `with_options`
//! calls that merge instead of replacing, an invalid header that fails the call before anything
//! is sent, and a client of a spec that requires a credential, which no longer builds without one.

use codat_platform::models::{operations, shared};
use codat_platform::runtime::{BuildError, Credential, RequestOptions};
use codat_platform::{blocking, CodatPlatform, Error};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(uri: &str) -> CodatPlatform {
    CodatPlatform::builder()
        .server_url(uri)
        .credential(Credential::header("Authorization", "Basic a2V5"))
        .build()
        .unwrap()
}

async fn companies_server() -> MockServer {
    let server = MockServer::start().await;
    let page = json!({"results": [], "pageNumber": 1, "pageSize": 100, "totalResults": 0,
                      "_links": {"self": {"href": "/companies"}, "current": {"href": "/companies"}}});
    Mock::given(method("GET"))
        .and(path("/companies"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_string_header_per_call_arrives() {
    let server = MockServer::start().await;
    let page = json!({"results": [], "pageNumber": 1, "pageSize": 100, "totalResults": 0,
                      "_links": {"self": {"href": "/companies"}, "current": {"href": "/companies"}}});
    Mock::given(method("GET"))
        .and(path("/companies"))
        .and(header("x-request-id", "abc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let page = client
        .companies()
        .with_options(RequestOptions::new().header("x-request-id", "abc"))
        .list(operations::ListCompaniesRequest::default())
        .await
        .unwrap();
    assert_eq!(page.total_results, 0);
}

#[tokio::test]
async fn two_with_options_calls_merge() {
    let server = companies_server().await;
    let client = client(&server.uri());
    let request_id = String::from("abc");
    client
        .companies()
        .with_options(
            RequestOptions::new()
                .header("x-request-id", request_id)
                .header("x-tenant", "first")
                .max_response_size(1 << 20),
        )
        .with_options(RequestOptions::new().header("X-Tenant", "second"))
        .list(operations::ListCompaniesRequest::default())
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    let headers = &received[0].headers;
    assert_eq!(headers["x-request-id"], "abc", "the earlier header is kept");
    assert_eq!(headers["x-tenant"], "second", "the later header replaces");
    assert_eq!(headers.get_all("x-tenant").iter().count(), 1);
    assert_eq!(headers["authorization"], "Basic a2V5");
}

#[test]
fn the_blocking_handle_merges_too() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(companies_server());
    let client = blocking::CodatPlatform::from_async(client(&server.uri())).unwrap();
    client
        .companies()
        .with_options(RequestOptions::new().header("x-a", "1"))
        .with_options(RequestOptions::new().header("x-b", "2"))
        .list(operations::ListCompaniesRequest::default())
        .unwrap();
    let received = runtime.block_on(server.received_requests()).unwrap();
    assert_eq!(received[0].headers["x-a"], "1");
    assert_eq!(received[0].headers["x-b"], "2");
}

#[tokio::test]
async fn an_invalid_header_fails_the_call_and_sends_nothing() {
    let server = companies_server().await;
    let error = client(&server.uri())
        .companies()
        .with_options(RequestOptions::new().header("x-request-id", "bad\nvalue"))
        .list(operations::ListCompaniesRequest::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidRequest(message) if message == "invalid header \"x-request-id\""),
        "{error:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn a_client_without_its_credential_does_not_build() {
    let error = CodatPlatform::builder()
        .server_url("http://localhost:1")
        .build()
        .unwrap_err();
    assert!(
        matches!(&error, BuildError::MissingCredential { name } if name == "Authorization"),
        "{error:?}"
    );
    CodatPlatform::new(shared::Security::new("Basic a2V5"))
        .expect("the typed credential satisfies it");
    CodatPlatform::builder()
        .header("Authorization", "Basic a2V5")
        .build()
        .expect("so does a builder header of its name");
}
