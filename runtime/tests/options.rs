//! Per-call options given as strings, merged across `with_options`, and the credential a spec
//! requires.

mod support;

use std::time::Duration;

use codat_runtime::{
    BuildError, Client, Credential, Error, Method, Request, RequestOptions, RetryConfig,
};
use support::{defaults, request_count, ErrorModel};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn get_things() -> Request {
    Request::new(Method::GET, "list-things", "/things".to_owned())
}

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn string_headers_per_call_are_sent() {
    let server = ok_server().await;
    let client = support::client(&server);
    let options = RequestOptions::new()
        .header("x-request-id", "abc")
        .header(String::from("X-Tenant"), String::from("acme"));
    client
        .send::<ErrorModel>(get_things(), &options, &[])
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].headers["x-request-id"], "abc");
    assert_eq!(received[0].headers["x-tenant"], "acme");
}

#[tokio::test]
async fn an_invalid_header_fails_the_call_before_anything_is_sent() {
    let server = ok_server().await;
    let client = support::client(&server);
    let cases = [("bad name", "value"), ("x-value", "line\nbreak-secret")];
    for (name, value) in cases {
        let options = RequestOptions::new().header(name, value);
        let debug = format!("{options:?}");
        assert!(debug.contains(name), "{debug}");
        assert!(!debug.contains("secret"), "{debug}");
        let error = client
            .send::<ErrorModel>(get_things(), &options, &[])
            .await
            .unwrap_err();
        match &error {
            Error::InvalidRequest(message) => {
                assert_eq!(message, &format!("invalid header {name:?}"));
            }
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
        assert!(!error.to_string().contains("secret"), "{error}");
    }
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test]
async fn a_later_valid_header_replaces_an_invalid_one_of_the_same_name() {
    let server = ok_server().await;
    let client = support::client(&server);
    let options = RequestOptions::new()
        .header("x-value", "bad\n")
        .merged(RequestOptions::new().header("X-Value", "good"));
    client
        .send::<ErrorModel>(get_things(), &options, &[])
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].headers["x-value"], "good");
}

#[tokio::test]
async fn merged_options_send_accumulated_headers_and_keep_unset_options() {
    let server = ok_server().await;
    let client = support::client(&server);
    let earlier = RequestOptions::new()
        .header("x-a", "1")
        .header("x-b", "1")
        .retry(RetryConfig::none())
        .timeout(Duration::from_secs(5));
    let later = RequestOptions::new()
        .header("x-b", "2")
        .header("x-c", "2")
        .timeout(Duration::from_secs(7));
    let options = earlier.merged(later);
    assert_eq!(options.timeout, Some(Duration::from_secs(7)));
    assert!(options.retry.is_some());
    client
        .send::<ErrorModel>(get_things(), &options, &[])
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    let headers = &received[0].headers;
    assert_eq!(headers["x-a"], "1");
    assert_eq!(headers["x-b"], "2");
    assert_eq!(headers.get_all("x-b").iter().count(), 1);
    assert_eq!(headers["x-c"], "2");
}

fn secured(server: &str) -> codat_runtime::ClientBuilder<Client> {
    let mut defaults = defaults(server);
    defaults.credential_header = Some("Authorization".to_owned());
    Client::builder(defaults)
}

#[test]
fn a_required_credential_must_be_given_to_build() {
    let error = secured("http://localhost:1").build().unwrap_err();
    match &error {
        BuildError::MissingCredential { name } => assert_eq!(name, "Authorization"),
        other => panic!("expected MissingCredential, got {other:?}"),
    }
    assert!(error.to_string().contains("\"Authorization\""), "{error}");

    secured("http://localhost:1")
        .credential(Credential::header("Authorization", "Basic a2V5"))
        .build()
        .expect("a credential satisfies the requirement");
    secured("http://localhost:1")
        .header("authorization", "Basic a2V5")
        .build()
        .expect("a header of the credential's name satisfies it too");
    let other = secured("http://localhost:1")
        .header("x-api-key", "k")
        .build()
        .unwrap_err();
    assert!(
        matches!(other, BuildError::MissingCredential { .. }),
        "{other:?}"
    );
}

#[test]
fn a_spec_without_security_builds_without_a_credential() {
    Client::builder(defaults("http://localhost:1"))
        .build()
        .expect("no credential required");
}
