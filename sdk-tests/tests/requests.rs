//! Request building through the generated SDK, one or more operations per group, against a
//! local wiremock server: method, raw path (percent-encoding included), the exact query
//! pairs, headers and JSON body. Responses are the spec's own examples for each operation.

use std::path::Path;
use std::sync::OnceLock;

use codat_platform::models::{operations, shared};
use codat_platform::runtime::{Credential, RetryConfig};
use codat_platform::CodatPlatform;
use generator::load::pointer::escape_token;
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const AUTH: &str = "Basic dGVzdC1rZXk=";

fn spec() -> &'static Value {
    static RAW: OnceLock<Value> = OnceLock::new();
    RAW.get_or_init(|| {
        generator::load::load_file(Path::new(sdk_tests::SPEC))
            .expect("the Platform spec loads")
            .raw
    })
}

/// The first example the spec gives for the 2XX response of `method path`.
fn example_response(path: &str, method: &str) -> Value {
    let operation = &spec()["paths"][path][method];
    let responses = operation["responses"]
        .as_object()
        .expect("operation has responses");
    let (_, response) = responses
        .iter()
        .find(|(status, _)| status.starts_with('2'))
        .unwrap_or_else(|| panic!("{method} {path} has no 2XX response"));
    let media = &response["content"]["application/json"];
    if let Some(example) = media["examples"]
        .as_object()
        .and_then(|e| e.values().next())
    {
        let example = match example.get("$ref").and_then(Value::as_str) {
            Some(reference) => spec()["components"]["examples"]
                [reference.trim_start_matches("#/components/examples/")]
            .clone(),
            None => example.clone(),
        };
        return example["value"].clone();
    }
    if let Some(example) = media.get("example") {
        return example.clone();
    }
    // Otherwise the example written on the response's schema.
    let schema = &media["schema"];
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            &spec()["components"]["schemas"][reference.trim_start_matches("#/components/schemas/")]
        }
        None => schema,
    };
    schema
        .get("example")
        .cloned()
        .unwrap_or_else(|| panic!("{method} {} has no response example", escape_token(path)))
}

/// A server answering every request with `status` and `body`, expecting exactly one request.
async fn server(status: u16, body: Option<Value>) -> MockServer {
    let server = MockServer::start().await;
    let response = match body {
        Some(body) => ResponseTemplate::new(status).set_body_json(body),
        None => ResponseTemplate::new(status),
    };
    Mock::given(any())
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> CodatPlatform {
    CodatPlatform::builder()
        .server_url(server.uri())
        .credential(Credential::header("Authorization", AUTH))
        .retry_config(RetryConfig::none())
        .build()
        .expect("client builds")
}

/// The one request the server saw.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

fn query(request: &Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

fn body(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("the body is JSON")
}

/// The `_links` every Codat page carries.
fn links() -> Value {
    json!({"self": {"href": "/x"}, "current": {"href": "/x"}})
}

/// Headers every request carries: the credential verbatim, JSON accepted.
fn assert_common_headers(request: &Request) {
    assert_eq!(header(request, "authorization"), Some(AUTH));
    assert_eq!(header(request, "accept"), Some("application/json"));
}

#[tokio::test]
async fn companies_list_sends_the_reference_defaults() {
    let server = server(200, Some(example_response("/companies", "get"))).await;
    let page = client(&server)
        .companies()
        .list(operations::ListCompaniesRequest::new().with_query("name = 'Bank of Dave'"))
        .await
        .expect("the example decodes");
    assert!(!page.results.unwrap_or_default().is_empty());
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/companies");
    assert_eq!(
        query(&request),
        pairs(&[
            ("page", "1"),
            ("pageSize", "100"),
            ("query", "name = 'Bank of Dave'")
        ])
    );
    assert_common_headers(&request);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn companies_get_keeps_a_hostile_id_in_one_segment() {
    let server = server(200, Some(example_response("/companies/{companyId}", "get"))).await;
    client(&server)
        .companies()
        .get(operations::GetCompanyRequest::new("a/b c?d"))
        .await
        .expect("the example decodes");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/companies/a%2Fb%20c%3Fd");
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn companies_update_sends_only_the_fields_set() {
    let server = server(
        200,
        Some(example_response("/companies/{companyId}", "patch")),
    )
    .await;
    let mut request = operations::UpdateCompanyRequest::new("8a210b68-6988-11ed-a1eb-0242ac120002");
    request.body = Some(shared::CompanyUpdateRequest::new().with_name("Bank of Dave"));
    client(&server)
        .companies()
        .update(request)
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(
        request.url.path(),
        "/companies/8a210b68-6988-11ed-a1eb-0242ac120002"
    );
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(body(&request), json!({"name": "Bank of Dave"}));
}

#[tokio::test]
#[allow(deprecated)]
async fn connection_management_get_still_works_while_deprecated() {
    let path = "/companies/{companyId}/connectionManagement/accessToken";
    let server = server(200, Some(example_response(path, "get"))).await;
    let token = client(&server)
        .connection_management()
        .get(operations::GetConnectionManagementAccessTokenRequest::new(
            "c1",
        ))
        .await
        .expect("decodes");
    assert!(token.access_token.is_some());
    let request = only_request(&server).await;
    assert_eq!(
        request.url.path(),
        "/companies/c1/connectionManagement/accessToken"
    );
    assert_common_headers(&request);
}

#[tokio::test]
async fn connections_create_posts_the_platform_key() {
    let path = "/companies/{companyId}/connections";
    let server = server(200, Some(example_response(path, "post"))).await;
    let mut request = operations::CreateConnectionRequest::new("c1");
    request.body = Some(operations::CreateConnectionRequestBody::new().with_platform_key("gbol"));
    client(&server)
        .connections()
        .create(request)
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/companies/c1/connections");
    assert_eq!(body(&request), json!({"platformKey": "gbol"}));
}

#[tokio::test]
#[allow(deprecated)]
async fn cors_get_calls_the_old_path() {
    // The spec gives no example for this response.
    let server = server(
        200,
        Some(json!({"allowedOrigins": ["https://www.bank-of-dave.com"]})),
    )
    .await;
    client(&server)
        .cors()
        .get(operations::GetConnectionManagementCorsSettingsRequest::new())
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/connectionManagement/corsSettings");
}

#[tokio::test]
async fn custom_data_type_list_pages_with_defaults() {
    // The spec gives no example for this response.
    let server = server(200, Some(json!({"results": [], "pageNumber": 3, "pageSize": 100, "totalResults": 0, "_links": links()}))).await;
    let mut request =
        operations::ListCustomDataTypeRecordsRequest::new("c1", "k1", "DynamicsPurchaseOrders");
    request.page = Some(3);
    client(&server)
        .custom_data_type()
        .list(request)
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(
        request.url.path(),
        "/companies/c1/connections/k1/data/custom/DynamicsPurchaseOrders"
    );
    assert_eq!(
        query(&request),
        pairs(&[("page", "3"), ("pageSize", "100")])
    );
}

#[tokio::test]
async fn integrations_list_omits_unset_filters() {
    // The spec gives no example for this response.
    let server = server(200, Some(json!({"results": [], "pageNumber": 1, "pageSize": 100, "totalResults": 0, "_links": links()}))).await;
    client(&server)
        .integrations()
        .list({
            let mut r = operations::ListIntegrationsRequest::new();
            r.order_by = Some("-name".into());
            r.page_size = None;
            r
        })
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(
        query(&request),
        pairs(&[("page", "1"), ("orderBy", "-name")])
    );
}

#[tokio::test]
async fn push_data_get_operation_fills_both_path_parameters() {
    // The spec gives no example for this response.
    let server = server(
        200,
        Some(json!({
            "companyId": "c1", "pushOperationKey": "p 1", "dataConnectionKey": "k1",
            "requestedOnUtc": "2022-10-23T00:00:00Z", "status": "Pending", "statusCode": 202
        })),
    )
    .await;
    client(&server)
        .push_data()
        .get_operation(operations::GetPushOperationRequest::new("c1", "p 1"))
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/companies/c1/push/p%201");
}

#[tokio::test]
async fn push_data_get_model_options_takes_str_literals_for_an_enum_parameter() {
    // `&str` converts into the enum parameter as `String` does: a known value becomes its
    // variant, and either way the wire value is the text given.
    let request =
        operations::GetCreateUpdateModelOptionsByDataTypeRequest::new("c", "k", "invoices");
    assert_eq!(request.data_type, shared::DataTypes::Invoices);
    let unlisted: shared::DataTypes = "notYetListed".into();
    assert_eq!(unlisted, shared::DataTypes::Unknown("notYetListed".into()));
    assert_eq!(unlisted.as_str(), "notYetListed");
    // The spec gives no example for this response.
    let server = server(
        200,
        Some(json!({"type": "Object", "displayName": "Invoice", "required": true})),
    )
    .await;
    client(&server)
        .push_data()
        .get_model_options(request)
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(
        request.url.path(),
        "/companies/c/connections/k/options/invoices"
    );
}

#[tokio::test]
async fn read_data_get_validation_results() {
    let path = "/companies/{companyId}/sync/{datasetId}/validation";
    let server = server(200, Some(example_response(path, "get"))).await;
    client(&server)
        .read_data()
        .get_validation_results(operations::GetReadValidationResultsRequest::new("c1", "d1"))
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/companies/c1/sync/d1/validation");
}

#[tokio::test]
async fn refresh_data_by_data_type_sends_enum_path_and_optional_query() {
    let path = "/companies/{companyId}/data/queue/{dataType}";
    let server = server(200, Some(example_response(path, "post"))).await;
    let mut request = operations::RefreshDataTypeRequest::new("c1", shared::DataTypes::Invoices);
    request.connection_id = Some("k1".into());
    client(&server)
        .refresh_data()
        .by_data_type(request)
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/companies/c1/data/queue/invoices");
    assert_eq!(query(&request), pairs(&[("connectionId", "k1")]));
}

#[tokio::test]
async fn settings_create_api_key_sends_an_explicit_null() {
    let server = server(200, Some(example_response("/apiKeys", "post"))).await;
    let request = operations::CreateApiKeyRequest::new().with_body({
        let mut r = shared::CreateApiKey::new();
        r.name = Some(None);
        r
    });
    client(&server)
        .settings()
        .create_api_key(request)
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/apiKeys");
    assert_eq!(body(&request), json!({"name": null}));
}

#[tokio::test]
async fn settings_get_profile_takes_no_request() {
    let server = server(200, Some(example_response("/profile", "get"))).await;
    let profile = client(&server)
        .settings()
        .get_profile(operations::GetProfileRequest::new())
        .await
        .expect("decodes");
    assert!(!profile.name.is_empty());
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/profile");
    assert_common_headers(&request);
}

#[tokio::test]
async fn supplemental_data_configure_puts_the_configuration() {
    let path = "/integrations/{platformKey}/dataTypes/{dataType}/supplementalDataConfig";
    let server = server(204, None).await;
    let mut request = operations::ConfigureSupplementalDataRequest::new(
        operations::ConfigureSupplementalDataRequestDataType::Invoices,
        "gbol",
    );
    request.body = Some(serde_json::from_value(json!({
        "supplementalDataConfig": {"orders-supplemental-data": {"dataSource": "/orders", "pullData": {"orderNumber": "order.num"}}}
    })).expect("a valid configuration"));
    client(&server)
        .supplemental_data()
        .configure(request)
        .await
        .expect("204 is success");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(
        request.url.path(),
        path.replace("{platformKey}", "gbol")
            .replace("{dataType}", "invoices")
    );
    assert_eq!(
        body(&request),
        json!({"supplementalDataConfig": {"orders-supplemental-data": {"dataSource": "/orders", "pullData": {"orderNumber": "order.num"}}}})
    );
}

#[tokio::test]
async fn webhooks_create_consumer_posts_the_prototype() {
    let server = server(200, Some(example_response("/webhooks", "post"))).await;
    let request = operations::CreateWebhookConsumerRequest::new().with_body(
        shared::WebhookConsumerPrototype::new()
            .with_url("https://example.com/hook")
            .with_event_types(vec!["DataSyncCompleted".into()]),
    );
    client(&server)
        .webhooks()
        .create_consumer(request)
        .await
        .expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/webhooks");
    assert_eq!(
        body(&request),
        json!({"url": "https://example.com/hook", "eventTypes": ["DataSyncCompleted"]})
    );
}

#[tokio::test]
async fn a_documented_error_status_decodes_the_error_model() {
    let server = MockServer::start().await;
    let error = json!({"statusCode": 404, "service": "PublicApi", "error": "Company not found", "correlationId": "c0", "canBeRetried": "Unknown"});
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_json(&error))
        .expect(1)
        .mount(&server)
        .await;
    let failure = client(&server)
        .companies()
        .delete(operations::DeleteCompanyRequest::new("missing"))
        .await
        .expect_err("404 is an error");
    assert_eq!(failure.status().map(|s| s.as_u16()), Some(404));
    match failure {
        codat_platform::Error::ErrorMessage(response) => {
            assert_eq!(response.data.error.as_deref(), Some("Company not found"));
            assert_eq!(
                serde_json::from_slice::<Value>(&response.body).unwrap(),
                error
            );
        }
        other => panic!("expected the documented error model, got {other:?}"),
    }
}
