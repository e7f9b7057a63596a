//! Classification of responses into `Error` variants.

mod support;

use codat_runtime::{Error, Method, Request, RequestOptions};
use serde::Deserialize;
use serde_json::json;
use support::{client, request_count, ErrorModel};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const DOCUMENTED: &[&str] = &["401", "404", "429", "500", "503"];

async fn respond(
    template: ResponseTemplate,
) -> (
    MockServer,
    Result<codat_runtime::Response, Error<ErrorModel>>,
) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(template)
        .mount(&server)
        .await;
    let options = RequestOptions::new().retry(codat_runtime::RetryConfig::none());
    let result = client(&server)
        .send::<ErrorModel>(
            Request::new(Method::GET, "get-thing", "/thing"),
            &options,
            DOCUMENTED,
        )
        .await;
    (server, result)
}

#[derive(Debug, Deserialize)]
struct Thing {
    #[allow(dead_code)]
    id: String,
}

#[tokio::test]
async fn malformed_success_body_is_decode_error_with_body() {
    let (server, result) =
        respond(ResponseTemplate::new(200).set_body_raw(r#"{"id": "x"#, "application/json")).await;
    let response = result.unwrap();
    let error = response.json::<Thing, ErrorModel>().unwrap_err();
    let Error::Decode {
        response,
        path,
        source,
    } = &error
    else {
        panic!("{error:?}");
    };
    // The body ends inside the value of `id`.
    assert_eq!(path, "id");
    assert_eq!(response.status, 200);
    assert_eq!(&response.body[..], br#"{"id": "x"#);
    assert!(source.is_eof());
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert!(error.to_string().contains(r#"{"id": "x"#), "{error}");
    assert_eq!(request_count(&server).await, 1);
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    #[allow(dead_code)]
    data: Vec<Account>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Account {
    #[allow(dead_code)]
    account_ref: Thing,
}

#[test]
fn a_wrong_value_deep_in_the_body_is_named_by_its_path() {
    let body = r#"{"data":[{"accountRef":{"id":"a"}},{"accountRef":{"id":7}}]}"#;
    let response = codat_runtime::Response::new(200.try_into().unwrap(), Default::default(), body);
    let error = response.json::<Page, ErrorModel>().unwrap_err();
    let Error::Decode { path, source, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(path, "data[1].accountRef.id");
    assert!(source.is_data(), "{source}");
    assert_eq!(
        error.to_string(),
        format!(
            "failed to decode response body (status 200 OK) at `data[1].accountRef.id`: {body}"
        )
    );
}

#[tokio::test]
async fn a_documented_error_body_of_the_wrong_shape_is_named_by_its_path() {
    let (_server, result) = respond(
        ResponseTemplate::new(404).set_body_raw(r#"{"statusCode":"404"}"#, "application/json"),
    )
    .await;
    let error = result.unwrap_err();
    let Error::Decode { path, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(path, "statusCode");
}

#[tokio::test]
async fn html_502_is_api_error_with_status_and_body() {
    let html = "<html><body>Bad gateway</body></html>";
    let (server, result) =
        respond(ResponseTemplate::new(502).set_body_raw(html, "text/html")).await;
    let error = result.unwrap_err();
    let Error::Api(response) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(response.status, 502);
    assert_eq!(&response.body[..], html.as_bytes());
    assert_eq!(error.raw_body().map(|b| &b[..]), Some(html.as_bytes()));
    assert_eq!(error.headers().unwrap()["content-type"], "text/html");
    let message = error.to_string();
    assert!(
        message.contains("502") && message.contains("Bad gateway"),
        "{message}"
    );
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn documented_status_parses_error_model() {
    let (server, result) = respond(
        ResponseTemplate::new(404)
            .set_body_json(json!({"statusCode": 404, "error": "Company not found"})),
    )
    .await;
    let error = result.unwrap_err();
    let Error::ErrorMessage(response) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(response.status, 404);
    assert_eq!(
        response.data,
        ErrorModel {
            status_code: 404,
            error: "Company not found".to_owned()
        }
    );
    assert_eq!(error.data().unwrap().error, "Company not found");
    assert!(error.to_string().contains("Company not found"), "{error}");
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn documented_status_with_bad_json_is_decode_error() {
    let (_server, result) = respond(
        ResponseTemplate::new(401).set_body_raw(r#"{"unexpected": true}"#, "application/json"),
    )
    .await;
    let error = result.unwrap_err();
    assert!(matches!(&error, Error::Decode { .. }), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
}

#[tokio::test]
async fn undocumented_status_with_json_is_api_error() {
    let (_server, result) = respond(
        ResponseTemplate::new(409).set_body_json(json!({"statusCode": 409, "error": "Conflict"})),
    )
    .await;
    let error = result.unwrap_err();
    assert!(matches!(&error, Error::Api(_)), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(409));
}

#[tokio::test]
async fn unexpected_redirect_status_is_api_error() {
    let (_server, result) = respond(ResponseTemplate::new(304)).await;
    let error = result.unwrap_err();
    assert!(matches!(&error, Error::Api(_)), "{error:?}");
}

#[test]
fn errors_are_send_sync_and_std_errors() {
    fn check<T: Send + Sync + std::error::Error + 'static>() {}
    check::<Error<ErrorModel>>();
    check::<codat_runtime::Failure>();
    check::<codat_runtime::BuildError>();
}

#[test]
fn send_future_is_send() {
    fn check<T: Send>(_: T) {}
    let client = codat_runtime::Client::builder(support::defaults("http://127.0.0.1:9"))
        .build()
        .unwrap();
    let options = RequestOptions::default();
    check(client.send::<ErrorModel>(Request::new(Method::GET, "x", "/x"), &options, &[]));
}
