//! `paginate` streams items across pages.

mod support;

use std::pin::pin;

use codat_runtime::__private::{paginate, PageInfo};
use codat_runtime::{Client, Error, Method, Request, RequestOptions};
use futures_util::StreamExt;
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

/// One scripted page: its items and page numbers.
type Page = (Vec<String>, PageInfo);

/// Counts the pages a scripted fetch served.
type Fetches = std::rc::Rc<std::cell::Cell<usize>>;

/// A scripted page as `fetch` returns it.
type Fetched = std::future::Ready<Result<Page, Error<ErrorModel>>>;

/// A scripted server: `answer(n)` is the item count and page info it sends
/// for request `n`; `fetches` counts the pages it served.
fn scripted(
    fetches: &Fetches,
    answer: impl Fn(i32) -> (usize, PageInfo) + 'static,
) -> impl FnMut(i32) -> Fetched {
    let counter = fetches.clone();
    move |n: i32| {
        counter.set(counter.get() + 1);
        let (count, info) = answer(n);
        let items = (0..count).map(|i| format!("p{n}-{i}")).collect();
        std::future::ready(Ok((items, info)))
    }
}

fn info(page_number: i32, page_size: i32, total_results: i32) -> PageInfo {
    PageInfo {
        page_number,
        page_size,
        total_results,
    }
}

fn identity(page: Page) -> Page {
    page
}

/// Drains at most 1,000 items, so a looping stream fails the test instead of hanging it.
async fn drain(
    stream: impl futures_util::Stream<Item = Result<String, Error<ErrorModel>>>,
) -> Vec<String> {
    stream.take(1000).map(Result::unwrap).collect().await
}

#[tokio::test]
async fn a_server_repeating_page_one_stops_after_the_second_fetch() {
    let fetches = Fetches::default();
    let fetch = scripted(&fetches, |_| (2, info(1, 2, 10)));
    let items = drain(paginate(1, fetch, identity)).await;
    assert_eq!(items, ["p1-0", "p1-1"], "the repeated page is dropped");
    assert_eq!(fetches.get(), 2);
}

#[tokio::test]
async fn page_numbers_going_backwards_end_the_stream() {
    let fetches = Fetches::default();
    let fetch = scripted(&fetches, |n| (2, info(if n == 3 { 1 } else { n }, 2, 100)));
    let items = drain(paginate(1, fetch, identity)).await;
    assert_eq!(items, ["p1-0", "p1-1", "p2-0", "p2-1"]);
    assert_eq!(fetches.get(), 3);
}

#[tokio::test]
async fn pages_stop_at_the_count_total_results_allows() {
    // Full pages with increasing numbers but a total of 7 at 3 per page: 3 pages.
    let fetches = Fetches::default();
    let fetch = scripted(&fetches, |n| (3, info(n, 3, 7)));
    assert_eq!(drain(paginate(1, fetch, identity)).await.len(), 9);
    assert_eq!(fetches.get(), 3);
}

#[tokio::test]
async fn invalid_sizes_totals_and_numbers_stop_after_one_page() {
    for hostile in [
        info(1, 0, 10),
        info(1, -2, 10),
        info(1, 2, -10),
        info(-4, 2, 10),
        info(0, 2, 10),
        info(i32::MAX, i32::MAX, i32::MAX),
        info(1, 2, 0),
    ] {
        let fetches = Fetches::default();
        let fetch = scripted(&fetches, move |_| (2, hostile));
        let items = drain(paginate(1, fetch, identity)).await;
        assert_eq!(items.len(), 2, "{hostile:?}");
        assert_eq!(fetches.get(), 1, "{hostile:?}");
    }
}

#[tokio::test]
async fn the_last_page_number_does_not_overflow() {
    let fetches = Fetches::default();
    let fetch = scripted(&fetches, |n| (1, info(n, 1, i32::MAX)));
    let items = drain(paginate(i32::MAX - 1, fetch, identity)).await;
    assert_eq!(items.len(), 2);
    assert_eq!(fetches.get(), 2);
}
