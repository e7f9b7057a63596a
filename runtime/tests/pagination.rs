//! `paginate` streams items across pages.

mod support;

use std::pin::pin;

use futures_util::StreamExt;
use runtime::{paginate, Client, Error, Method, PageInfo, Request, RequestOptions};
use serde::Deserialize;
use serde_json::json;
use support::{client, fast_retry, request_count, ErrorModel};
use wiremock::matchers::{method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Companies {
    results: Vec<String>,
    page_number: i32,
    page_size: i32,
    total_results: i32,
}

fn split(page: Companies) -> (Vec<String>, PageInfo) {
    let info = PageInfo {
        page_number: page.page_number,
        page_size: page.page_size,
        total_results: page.total_results,
    };
    (page.results, info)
}

async fn list_page(client: Client, page: i32) -> Result<Companies, Error<ErrorModel>> {
    let mut request = Request::new(Method::GET, "list-companies", "/companies");
    request.query("page", &page).query("pageSize", &2);
    let options = RequestOptions::new().retry(fast_retry(std::time::Duration::ZERO));
    client
        .send::<ErrorModel>(request, &options, &["4XX", "5XX"])
        .await?
        .json::<Companies, ErrorModel>()
}

async fn mount_page(server: &MockServer, page: i32, template: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(query_param("page", page.to_string()))
        .respond_with(template)
        .mount(server)
        .await;
}

fn page(number: i32, results: &[&str]) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "results": results,
        "pageNumber": number,
        "pageSize": 2,
        "totalResults": 5,
        "_links": {},
    }))
}

#[tokio::test]
async fn streams_all_pages_and_stops_at_total_results() {
    let server = MockServer::start().await;
    mount_page(&server, 1, page(1, &["a", "b"])).await;
    mount_page(&server, 2, page(2, &["c", "d"])).await;
    mount_page(&server, 3, page(3, &["e"])).await;
    mount_page(&server, 4, page(4, &["never"])).await;
    let client = client(&server);

    let stream = paginate(1, |n| list_page(client.clone(), n), split);
    let items: Vec<String> = stream.map(Result::unwrap).collect().await;
    assert_eq!(items, ["a", "b", "c", "d", "e"]);
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn empty_page_ends_the_stream() {
    let server = MockServer::start().await;
    mount_page(&server, 1, page(1, &[])).await;
    let client = client(&server);
    let stream = paginate(1, |n| list_page(client.clone(), n), split);
    assert_eq!(stream.count().await, 0);
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn error_is_yielded_then_the_stream_ends() {
    let server = MockServer::start().await;
    mount_page(&server, 1, page(1, &["a", "b"])).await;
    mount_page(
        &server,
        2,
        ResponseTemplate::new(500).set_body_json(json!({"statusCode": 500, "error": "boom"})),
    )
    .await;
    let client = client(&server);
    let mut stream = pin!(paginate(1, |n| list_page(client.clone(), n), split));
    assert_eq!(stream.next().await.unwrap().unwrap(), "a");
    assert_eq!(stream.next().await.unwrap().unwrap(), "b");
    let error = stream.next().await.unwrap().unwrap_err();
    assert_eq!(error.data().unwrap().error, "boom");
    assert!(stream.next().await.is_none());
    assert_eq!(request_count(&server).await, 2);
}
