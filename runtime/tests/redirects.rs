//! Credentials never leave the origin they were configured for: a redirect to another origin
//! (here another port of 127.0.0.1) is not followed, whatever the credential's header name,
//! and a per-call server elsewhere gets no credential; within the origin, redirects are followed.

mod support;

use std::time::Duration;

use codat_runtime::{redirect_policy, Credential, Error, Method, Request, RequestOptions};
use support::{builder, request_count, ErrorModel};
use wiremock::matchers::{any, header, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "secret-api-key";

/// A server answering every request with 200.
async fn landing() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

/// A server whose `/things` redirects to `location`.
async fn redirecting_to(location: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", location))
        .mount(&server)
        .await;
    server
}

fn get_things() -> Request {
    Request::new(Method::GET, "list-things", "/things")
}

/// Per-call headers a caller may use as credentials.
fn call_headers() -> RequestOptions {
    RequestOptions::new().header("x-session-token", "secret-session")
}

async fn assert_not_followed(result: Result<codat_runtime::Response, Error<ErrorModel>>) {
    match result {
        Err(Error::Api(response)) => {
            assert_eq!(response.status, 302);
            assert!(response.headers.contains_key("location"));
        }
        other => panic!("expected the 302 as an API error: {other:?}"),
    }
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed() {
    let other = landing().await;
    let origin = redirecting_to(&format!("{}/landing", other.uri())).await;
    for credential in [
        Credential::header("X-Api-Key", KEY),
        Credential::header("Authorization", KEY),
    ] {
        let client = builder(&origin).credential(credential).build().unwrap();
        assert_not_followed(client.send(get_things(), &call_headers(), &[]).await).await;
    }
    assert_eq!(request_count(&origin).await, 2);
    assert_eq!(
        request_count(&other).await,
        0,
        "the other origin saw a request"
    );
}

#[tokio::test]
async fn a_user_client_built_with_the_policy_does_not_follow_either() {
    let other = landing().await;
    let origin = redirecting_to(&format!("{}/landing", other.uri())).await;
    let http = codat_runtime::reqwest::Client::builder()
        .redirect(redirect_policy())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let client = builder(&origin)
        .http_client(http)
        .credential(Credential::header("X-Api-Key", KEY))
        .build()
        .unwrap();
    assert_not_followed(client.send(get_things(), &call_headers(), &[]).await).await;
    assert_eq!(request_count(&other).await, 0);
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_with_the_credential() {
    let server = redirecting_to("/new-things").await;
    Mock::given(path("/new-things"))
        .and(header("x-api-key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_string("[]"))
        .mount(&server)
        .await;
    let client = builder(&server)
        .credential(Credential::header("X-Api-Key", KEY))
        .build()
        .unwrap();
    let response = client
        .send::<ErrorModel>(get_things(), &RequestOptions::new(), &[])
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn a_redirect_loop_within_the_origin_ends() {
    let server = redirecting_to("/things").await;
    let client = builder(&server).build().unwrap();
    let error = client
        .send::<ErrorModel>(get_things(), &RequestOptions::new(), &[])
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Network(_)), "{error:?}");
    assert_eq!(request_count(&server).await, 11);
}

#[tokio::test]
async fn a_per_call_server_elsewhere_gets_no_credential() {
    let home = landing().await;
    let elsewhere = landing().await;
    let client = builder(&home)
        .credential(Credential::header("X-Api-Key", KEY))
        .build()
        .unwrap();
    for server in [&elsewhere, &home] {
        let options = RequestOptions::new().server_url(format!("{}/base", server.uri()));
        client
            .send::<ErrorModel>(get_things(), &options, &[])
            .await
            .unwrap();
    }
    assert_eq!(
        sent_key(&elsewhere).await,
        None,
        "the credential left its origin"
    );
    assert_eq!(sent_key(&home).await.unwrap(), KEY);
}

/// The `X-Api-Key` of the one request `server` saw, at `/base/things`.
async fn sent_key(server: &MockServer) -> Option<String> {
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].url.path(), "/base/things");
    let key = received[0].headers.get("x-api-key");
    key.map(|value| value.to_str().unwrap().to_owned())
}
