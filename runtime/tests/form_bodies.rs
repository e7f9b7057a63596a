//! `Request::form_body`: a model sent as `application/x-www-form-urlencoded` pairs.

mod support;

use codat_runtime::{Error, Method, Request, RequestOptions};
use serde::Serialize;
use support::{client, ErrorModel};
use wiremock::matchers::{body_string, header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Serialize)]
struct Token {
    grant_type: &'static str,
    client_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_secret: Option<&'static str>,
    scope: Vec<&'static str>,
    ttl: Option<i64>,
    nested: serde_json::Value,
    weekly: bool,
}

#[tokio::test]
async fn a_model_is_sent_as_encoded_pairs_sorted_by_name() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "client_id=a%20b%26c%3Dd&grant_type=client_credentials&nested=%7B%22k%22%3A1%7D\
             &scope=read&scope=write&weekly=true",
        ))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let mut request = Request::new(Method::POST, "create-token", "/token");
    request.form_body(&Token {
        grant_type: "client_credentials",
        client_id: "a b&c=d",
        client_secret: None,
        scope: vec!["read", "write"],
        ttl: None,
        nested: serde_json::json!({"k": 1}),
        weekly: true,
    });
    client(&server)
        .call::<ErrorModel>(request, &RequestOptions::new(), &[])
        .empty()
        .await
        .expect("the form matched");
}

#[tokio::test]
async fn an_absent_body_sends_nothing_and_a_non_object_fails_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string(""))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let mut request = Request::new(Method::POST, "subscribe", "/subscribe");
    request.form_body(&None::<Token>);
    client(&server)
        .call::<ErrorModel>(request, &RequestOptions::new(), &[])
        .empty()
        .await
        .expect("no body");
    let mut request = Request::new(Method::POST, "subscribe", "/subscribe");
    request.form_body(&vec![1, 2]);
    let error = client(&server)
        .call::<ErrorModel>(request, &RequestOptions::new(), &[])
        .empty()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Serialize(_)), "{error:?}");
    assert_eq!(support::request_count(&server).await, 1);
}
