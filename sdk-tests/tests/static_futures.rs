//! Group handles own a clone of the client, so every operation's future and every `*_stream`
//! is `Send + 'static`: it can be spawned, kept in a variable, collected for a fan-out or
//! returned from a function without borrowing the client or the handle. Most of this file is a
//! compile test (the code did not compile while handles borrowed the client: E0597 for
//! `tokio::spawn`, E0716 for `let fut = ...`, E0515 for the fan-out and the returned stream);
//! the calls run against a wiremock server to show the futures also do their work.

use std::future::Future;

use codat_platform::models::{operations, shared};
use codat_platform::runtime::{Credential, Stream, StreamExt};
use codat_platform::{CodatPlatform, Error};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, path_regex, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn assert_send_static<T: Send + 'static>(_: &T) {}

fn client(uri: &str) -> CodatPlatform {
    CodatPlatform::builder()
        .server_url(uri)
        .credential(Credential::header("Authorization", "Basic a2V5"))
        .build()
        .unwrap()
}

fn company(id: &str) -> Value {
    json!({"id": id, "name": format!("Company {id}"), "redirect": "https://link.codat.io",
           "created": "2022-01-01T00:00:00Z", "products": [], "tags": {}, "dataConnections": []})
}

/// Answers `GET /companies/{id}` with the company of that id.
struct EchoCompany;

impl Respond for EchoCompany {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let id = request.url.path().rsplit('/').next().unwrap_or_default();
        ResponseTemplate::new(200).set_body_json(company(id))
    }
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex("^/companies/[^/]+$"))
        .respond_with(EchoCompany)
        .mount(&server)
        .await;
    server
}

/// Also serves the 3 companies listed 2 at a time, each page once.
async fn server_with_pages() -> MockServer {
    let server = server().await;
    for number in 1..=2 {
        let items: Vec<Value> = (1..=3)
            .skip((number - 1) * 2)
            .take(2)
            .map(|i| company(&format!("c{i}")))
            .collect();
        let page = json!({"results": items, "pageNumber": number, "pageSize": 2, "totalResults": 3,
                          "_links": {"self": {"href": "/companies"}, "current": {"href": "/companies"}}});
        Mock::given(method("GET"))
            .and(path("/companies"))
            .and(query_param("page", number.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(page))
            .expect(1)
            .mount(&server)
            .await;
    }
    server
}

#[tokio::test]
async fn a_spawned_call_needs_no_borrow() {
    let server = server().await;
    let client = client(&server.uri());
    let call = client
        .companies()
        .get(operations::GetCompanyRequest::new("spawned"));
    assert_send_static(&call);
    let company = tokio::spawn(call).await.unwrap().unwrap();
    assert_eq!(company.id, "spawned");
    // Spawned directly from the temporary handle, and outliving the client.
    let task = tokio::spawn(
        client
            .companies()
            .get(operations::GetCompanyRequest::new("direct")),
    );
    drop(client);
    assert_eq!(task.await.unwrap().unwrap().id, "direct");
}

#[tokio::test]
async fn a_future_kept_in_a_variable_outlives_its_handle() {
    let server = server().await;
    let client = client(&server.uri());
    let fut = client
        .companies()
        .get(operations::GetCompanyRequest::new("kept"));
    assert_send_static(&fut);
    assert_eq!(fut.await.unwrap().id, "kept");
    // A handle is a cheap clone that can be stored and moved too.
    let companies = client.companies();
    assert_send_static(&companies);
    let fut = companies.get(operations::GetCompanyRequest::new("handle"));
    drop(companies);
    assert_eq!(fut.await.unwrap().id, "handle");
}

#[tokio::test]
async fn a_fan_out_over_ids_joins_every_call() {
    let server = server().await;
    let client = client(&server.uri());
    let ids: Vec<String> = (0..5).map(|i| format!("fan{i}")).collect();
    let calls: Vec<_> = ids
        .iter()
        .map(|id| {
            client
                .companies()
                .get(operations::GetCompanyRequest::new(id.clone()))
        })
        .collect();
    for call in &calls {
        assert_send_static(call);
    }
    let companies = futures_util::future::join_all(calls).await;
    let got: Vec<String> = companies.into_iter().map(|c| c.unwrap().id).collect();
    assert_eq!(got, ids);
    // The same fan-out without collecting first, and on spawned tasks.
    let tasks = ids.iter().map(|id| {
        tokio::spawn(
            client
                .companies()
                .get(operations::GetCompanyRequest::new(id.clone())),
        )
    });
    let got: Vec<String> = futures_util::future::join_all(tasks)
        .await
        .into_iter()
        .map(|task| task.unwrap().unwrap().id)
        .collect();
    assert_eq!(got, ids);
}

/// Every company, as a stream that borrows nothing.
fn all_companies(
    client: &CodatPlatform,
) -> impl Stream<Item = Result<shared::Company, Error>> + Send + 'static {
    client
        .companies()
        .list_stream(operations::ListCompaniesRequest::new().with_page_size(2))
}

/// One call, as a future that borrows nothing.
fn get_company(
    client: &CodatPlatform,
    id: &str,
) -> impl Future<Output = Result<shared::Company, Error>> + Send + 'static {
    client
        .companies()
        .get(operations::GetCompanyRequest::new(id))
}

#[tokio::test]
async fn a_function_returns_a_stream_and_a_future() {
    let server = server_with_pages().await;
    let client = client(&server.uri());
    let stream = all_companies(&client);
    assert_send_static(&stream);
    let fut = get_company(&client, "returned");
    drop(client);
    let ids = tokio::spawn(async move {
        let items: Vec<_> = stream.collect().await;
        items.into_iter().map(|c| c.unwrap().id).collect::<Vec<_>>()
    })
    .await
    .unwrap();
    assert_eq!(ids, ["c1", "c2", "c3"]);
    assert_eq!(fut.await.unwrap().id, "returned");
}
