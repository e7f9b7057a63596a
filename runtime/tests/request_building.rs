//! How operation requests turn into HTTP requests.

mod support;

use std::collections::BTreeMap;

use codat_runtime::{Credential, Error, Method, Request, RequestOptions, StringEnum};
use serde::Serialize;
use serde_json::json;
use support::{builder, client, request_count, ErrorModel};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

enum DataType {
    Invoices,
    Unknown(String),
}

impl StringEnum for DataType {
    fn as_str(&self) -> &str {
        match self {
            DataType::Invoices => "invoices",
            DataType::Unknown(value) => value,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CompanyBody {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[tokio::test]
async fn builds_method_path_query_headers_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let client = builder(&server)
        .credential(Credential::header("Authorization", "Basic c2VjcmV0"))
        .header("X-Default", "client")
        .build()
        .unwrap();

    let mut request = Request::new(
        Method::POST,
        "create-thing",
        format!(
            "/companies/{}/things",
            codat_runtime::encode_path_segment("a/b c?d")
        ),
    );
    request
        .query("page", &2)
        .query("tags", &vec!["x y".to_owned(), "z&".to_owned()])
        .query("absent", &None::<String>)
        .query("type", &DataType::Invoices)
        .query("other", &Some(DataType::Unknown("custom".to_owned())))
        .query("flag", &true)
        .header_param("X-Request-Id", &Some("rid-1"))
        .header_param("X-Absent", &None::<i64>)
        .header_param("X-List", &vec![1, 2])
        .json_body(&CompanyBody {
            name: "Acme".to_owned(),
            description: None,
        });
    let options = RequestOptions::new().header("x-default", "call");
    let response = client
        .send::<ErrorModel>(request, &options, &["4XX"])
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    let value: serde_json::Value = response.json::<_, ErrorModel>().unwrap();
    assert_eq!(value, json!({"ok": true}));

    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    let sent = &received[0];
    assert_eq!(sent.method.as_str(), "POST");
    assert_eq!(sent.url.path(), "/companies/a%2Fb%20c%3Fd/things");
    assert_eq!(
        sent.url.query(),
        Some("page=2&tags=x%20y&tags=z%26&type=invoices&other=custom&flag=true")
    );
    let header = |name: &str| {
        sent.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(header("x-request-id").as_deref(), Some("rid-1"));
    assert_eq!(header("x-absent"), None);
    assert_eq!(header("x-list").as_deref(), Some("1,2"));
    assert_eq!(header("x-default").as_deref(), Some("call"));
    assert_eq!(header("authorization").as_deref(), Some("Basic c2VjcmV0"));
    assert_eq!(header("user-agent").as_deref(), Some("test-sdk/1.0"));
    assert_eq!(header("accept").as_deref(), Some("application/json"));
    assert_eq!(header("content-type").as_deref(), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(body, json!({"name": "Acme"}));
}

#[tokio::test]
async fn absent_body_sends_nothing() {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let mut request = Request::new(Method::PUT, "put-thing", "/things");
    request.json_body(&None::<CompanyBody>);
    let response = client(&server)
        .send::<ErrorModel>(request, &RequestOptions::default(), &[])
        .await
        .unwrap();
    response.empty::<ErrorModel>().unwrap();

    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert!(received[0].body.is_empty());
    assert!(received[0].headers.get("content-type").is_none());
}

#[tokio::test]
async fn serialize_failure_surfaces_without_sending() {
    let server = MockServer::start().await;
    let mut bad = BTreeMap::new();
    bad.insert((1, 2), "tuple keys are not JSON");
    let mut request = Request::new(Method::POST, "post-thing", "/things");
    request.json_body(&bad);
    let error = client(&server)
        .send::<ErrorModel>(request, &RequestOptions::default(), &[])
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Serialize(_)), "{error:?}");
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test]
async fn invalid_header_value_is_invalid_request() {
    let server = MockServer::start().await;
    let mut request = Request::new(Method::GET, "get-thing", "/things");
    request.header_param("X-Bad", "line\nbreak");
    let error = client(&server)
        .send::<ErrorModel>(request, &RequestOptions::default(), &[])
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test]
async fn per_call_server_url_overrides_client() {
    let unused = MockServer::start().await;
    let server = MockServer::start().await;
    Mock::given(path("/base/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let options = RequestOptions::new().server_url(format!("{}/base/", server.uri()));
    client(&unused)
        .send::<ErrorModel>(
            Request::new(Method::GET, "list-things", "/things"),
            &options,
            &[],
        )
        .await
        .unwrap();
    assert_eq!(request_count(&server).await, 1);
    assert_eq!(request_count(&unused).await, 0);
}

#[test]
fn builder_rejects_bad_configuration() {
    let defaults = support::defaults("https://api.example.com");
    let error = codat_runtime::Client::builder(defaults.clone())
        .server_index(3)
        .build()
        .unwrap_err();
    assert!(matches!(
        error,
        codat_runtime::BuildError::ServerIndex { index: 3, len: 1 }
    ));
    let error = codat_runtime::Client::builder(defaults.clone())
        .server_url("not a url")
        .build()
        .unwrap_err();
    assert!(matches!(
        error,
        codat_runtime::BuildError::InvalidUrl { .. }
    ));
    let error = codat_runtime::Client::builder(defaults)
        .credential(Credential::header("Authorization", "Basic \nsecret"))
        .build()
        .unwrap_err();
    assert!(!format!("{error} {error:?}").contains("secret"));
}

#[test]
fn credential_is_redacted() {
    let credential = Credential::header("Authorization", "Basic c2VjcmV0");
    let debug = format!("{credential:?}");
    assert!(debug.contains("[redacted]"), "{debug}");
    assert!(!debug.contains("c2VjcmV0"), "{debug}");

    let client = codat_runtime::Client::builder(support::defaults("https://api.example.com"))
        .credential(credential)
        .build()
        .unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains("c2VjcmV0"), "{debug}");
    assert_eq!(client.base_url(), "https://api.example.com");
}
