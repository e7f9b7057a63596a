//! The SDK features the reference lacks, through the generated crate: item streams over pages,
//! typed webhook parsing, the blocking client, and tri-state nullable fields.

use std::path::Path;

use codat_platform::models::{operations, shared};
use codat_platform::runtime::{Credential, RetryConfig, StreamExt};
use codat_platform::webhooks::{parse_webhook, WebhookError, WebhookEvent};
use codat_platform::CodatPlatform;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(uri: &str) -> CodatPlatform {
    CodatPlatform::builder()
        .server_url(uri)
        .credential(Credential::header("Authorization", "Basic a2V5"))
        .retry_config(RetryConfig::none())
        .build()
        .unwrap()
}

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

#[tokio::test]
async fn list_stream_yields_every_item_and_stops_at_total_results() {
    let server = MockServer::start().await;
    for number in 1..=3 {
        Mock::given(method("GET"))
            .and(path("/companies"))
            .and(query_param("page", number.to_string()))
            .and(query_param("pageSize", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page(number)))
            .expect(1)
            .mount(&server)
            .await;
    }
    let request = operations::ListCompaniesRequest::new().with_page_size(2);
    let sdk = client(&server.uri());
    let ids: Vec<String> = sdk
        .companies()
        .list_stream(request)
        .map(|item| item.expect("every page decodes").id)
        .collect()
        .await;
    assert_eq!(ids, ["c1", "c2", "c3", "c4", "c5"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn list_stream_ends_after_yielding_an_error() {
    let server = MockServer::start().await;
    Mock::given(query_param("page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(1)))
        .mount(&server)
        .await;
    Mock::given(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(500).set_body_string("down"))
        .mount(&server)
        .await;
    let sdk = client(&server.uri());
    let request = operations::ListCompaniesRequest::new().with_page_size(2);
    let outcomes: Vec<Result<shared::Company, codat_platform::Error>> =
        sdk.companies().list_stream(request).collect().await;
    assert_eq!(outcomes.len(), 3);
    assert!(outcomes[..2].iter().all(Result::is_ok));
    assert_eq!(
        outcomes[2]
            .as_ref()
            .unwrap_err()
            .status()
            .map(|s| s.as_u16()),
        Some(500)
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[test]
fn every_webhook_example_in_the_spec_parses_into_its_event() {
    let spec = generator::load::load_file(Path::new(sdk_tests::SPEC)).unwrap();
    let webhooks = spec.raw["webhooks"]
        .as_object()
        .expect("the spec declares webhooks");
    let mut parsed = 0;
    for (name, item) in webhooks {
        let examples = item["post"]["requestBody"]["content"]["application/json"]["examples"]
            .as_object()
            .expect("each webhook has examples");
        for example in examples.values() {
            let body = serde_json::to_vec(&example["value"]).unwrap();
            let event = parse_webhook(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
            let variant = generator::naming::type_name(name);
            assert!(
                format!("{event:?}").starts_with(&format!("{variant}(")),
                "{name} parsed as {event:?}"
            );
            parsed += 1;
        }
    }
    assert_eq!(webhooks.len(), 16);
    assert!(parsed >= 16, "only {parsed} examples");
}

#[test]
fn a_concrete_data_type_matches_the_templated_event_name() {
    let body = json!({"eventType": "invoices.write.successful", "id": "e1", "payload": {}});
    let event = parse_webhook(body.to_string().as_bytes()).unwrap();
    assert!(
        matches!(event, WebhookEvent::DataTypeWriteSuccessful(_)),
        "{event:?}"
    );
}

#[test]
fn an_event_type_the_spec_does_not_declare_keeps_its_body() {
    let body = json!({"eventType": "company.renamed", "id": "e1", "payload": {"name": "New"}});
    let event = parse_webhook(body.to_string().as_bytes()).expect("not an error");
    match event {
        WebhookEvent::Unknown {
            event_type,
            body: kept,
        } => {
            assert_eq!(event_type, "company.renamed");
            assert_eq!(kept, body);
        }
        other => panic!("expected an unknown event, got {other:?}"),
    }
}

#[test]
fn bad_webhooks_get_clear_errors() {
    assert!(matches!(
        parse_webhook(b"<html>"),
        Err(WebhookError::NotJson(_))
    ));
    assert!(matches!(
        parse_webhook(b"{\"id\": \"x\"}"),
        Err(WebhookError::MissingEventType)
    ));
    let malformed = parse_webhook(b"{\"eventType\": \"company.created\", \"id\": 5}");
    let error = malformed.expect_err("an id must be a string");
    assert!(
        matches!(&error, WebhookError::Malformed { event_type, .. } if event_type == "company.created")
    );
    assert!(error.to_string().contains("company.created"), "{error}");
    // The event type is the sender's text: printed escaped, it cannot forge a log line.
    let forged = parse_webhook(
        b"{\"eventType\": \"x\\r\\nERROR forged\\u001b[2J.write.successful\", \"id\": 5}",
    );
    let shown = forged.expect_err("an id must be a string").to_string();
    assert!(!shown.chars().any(char::is_control), "{shown:?}");
    assert!(shown.contains(r"x\r\nERROR forged\u{1b}[2J"), "{shown}");
}

#[test]
fn the_blocking_client_runs_without_an_async_runtime() {
    // The mock server needs a runtime of its own, on another thread; the test thread has none.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/companies/c1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(company(1)))
            .expect(1)
            .mount(&server)
            .await;
        server
    });
    let sdk = codat_platform::blocking::CodatPlatform::from_async(client(&server.uri())).unwrap();
    let company = sdk
        .companies()
        .get(operations::GetCompanyRequest::new("c1"))
        .expect("the blocking call succeeds");
    assert_eq!(company.name, "Company 1");
    assert_eq!(
        runtime.block_on(server.received_requests()).unwrap().len(),
        1
    );
}

#[test]
fn nullable_fields_keep_absent_null_and_value_apart() {
    let cases = [
        (None, json!({})),
        (Some(None), json!({"disabled": null})),
        (Some(Some(true)), json!({"disabled": true})),
    ];
    for (disabled, wire) in cases {
        let prototype = {
            let mut r = shared::WebhookConsumerPrototype::new();
            r.disabled = disabled;
            r
        };
        assert_eq!(serde_json::to_value(&prototype).unwrap(), wire);
        let back: shared::WebhookConsumerPrototype = serde_json::from_value(wire).unwrap();
        assert_eq!(back.disabled, disabled);
    }
}

/// The JSON bodies `server` received, in order.
async fn bodies(server: &MockServer) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| serde_json::from_slice(&request.body).expect("a JSON body"))
        .collect()
}

#[tokio::test]
async fn absent_null_and_value_are_distinct_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_json(company(1)))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/profile"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"name": "Bob's Burgers", "redirectUrl": "https://bobs-burgers.com/{companyId}"}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/webhooks"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "w1"})))
        .mount(&server)
        .await;
    let sdk = client(&server.uri());

    // PATCH update-company: a field left out is not sent, so the server keeps its value; the
    // spec declares none of these fields nullable, so there is no null to send.
    let updates = [
        shared::CompanyUpdateRequest::default(),
        shared::CompanyUpdateRequest::new().with_name("New Name"),
        shared::CompanyUpdateRequest::new().with_tags(std::collections::BTreeMap::new()),
    ];
    for update in updates {
        let request = operations::UpdateCompanyRequest::new("c1".to_owned()).with_body(update);
        sdk.companies().update(request).await.unwrap();
    }
    // PUT update-profile: optional fields not set are absent, never null.
    let profile = shared::Profile::new(
        "Bob's Burgers".to_owned(),
        "https://bobs-burgers.com/{companyId}".to_owned(),
    )
    .with_confirm_company_name(false);
    let updated = sdk
        .settings()
        .update_profile(operations::UpdateProfileRequest::new().with_body(profile))
        .await
        .unwrap();
    assert_eq!(updated.logo_url, None);
    // Nullable fields (`disabled`, `companyTags` of a webhook consumer): absent, null, value.
    for disabled in [None, Some(None), Some(Some(true))] {
        let prototype = {
            let mut r = shared::WebhookConsumerPrototype::new();
            r.disabled = disabled;
            r.company_tags = Some(None);
            r
        };
        let request = operations::CreateWebhookConsumerRequest::new().with_body(prototype);
        sdk.webhooks().create_consumer(request).await.unwrap();
    }

    assert_eq!(
        bodies(&server).await,
        [
            json!({}),
            json!({"name": "New Name"}),
            json!({"tags": {}}),
            json!({"name": "Bob's Burgers", "redirectUrl": "https://bobs-burgers.com/{companyId}", "confirmCompanyName": false}),
            json!({"companyTags": null}),
            json!({"companyTags": null, "disabled": null}),
            json!({"companyTags": null, "disabled": true}),
        ]
    );
}
