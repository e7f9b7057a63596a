//! Speakeasy's pagination kinds: offset and limit, cursor, and next URL, each to the end, and a
//! next URL on another origin refused before anything is sent there.

mod support;

use codat_runtime::__private::{paginate_cursor, paginate_offset, paginate_url, OffsetStep};
use codat_runtime::{Client, Error, Method, Request, RequestOptions};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::json;
use support::{client, request_count, ErrorModel};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    results: Vec<String>,
    next_cursor: Option<String>,
    next: Option<String>,
}

async fn get(client: &Client, request: Request) -> Result<Page, Error<ErrorModel>> {
    client
        .call::<ErrorModel>(request, &RequestOptions::new(), &["4XX"])
        .json::<Page>()
        .await
}

async fn mount(server: &MockServer, key: &str, value: &str, body: serde_json::Value) {
    Mock::given(method("GET"))
        .and(query_param(key, value))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

#[tokio::test]
async fn offset_pages_advance_by_the_items_received_until_a_short_page() {
    let server = MockServer::start().await;
    mount(&server, "offset", "0", json!({"results": ["a", "b"]})).await;
    mount(&server, "offset", "2", json!({"results": ["c", "d"]})).await;
    mount(&server, "offset", "4", json!({"results": ["e"]})).await;
    mount(&server, "offset", "5", json!({"results": ["never"]})).await;
    let client = client(&server);
    let items: Vec<String> = paginate_offset(
        0,
        OffsetStep::Offset,
        Some(2),
        |offset| {
            let client = client.clone();
            async move {
                let mut request = Request::new(Method::GET, "list", "/items");
                request.query("offset", &offset).query("limit", &2);
                get(&client, request).await
            }
        },
        |page: Page| page.results,
    )
    .map(Result::unwrap)
    .collect()
    .await;
    assert_eq!(items, ["a", "b", "c", "d", "e"]);
    assert_eq!(request_count(&server).await, 3);
}

/// A server ignoring the page number or offset answers the same full page every time: the
/// repeat is dropped and ends the stream instead of looping forever.
#[tokio::test]
async fn a_page_repeating_the_previous_one_ends_the_stream() {
    for step in [OffsetStep::Page, OffsetStep::Offset] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"results": ["a", "b"]})))
            .mount(&server)
            .await;
        let client = client(&server);
        let items: Vec<String> = paginate_offset(
            0,
            step,
            Some(2),
            |input| {
                let client = client.clone();
                async move {
                    let mut request = Request::new(Method::GET, "list", "/items");
                    request.query("at", &input);
                    get(&client, request).await
                }
            },
            |page: Page| page.results,
        )
        .take(10)
        .map(Result::unwrap)
        .collect()
        .await;
        assert_eq!(items, ["a", "b"], "{step:?}");
        assert_eq!(request_count(&server).await, 2, "{step:?}");
    }
}

#[tokio::test]
async fn numbered_pages_advance_by_one_until_an_empty_page() {
    let server = MockServer::start().await;
    mount(&server, "page", "1", json!({"results": ["a"]})).await;
    mount(&server, "page", "2", json!({"results": ["b"]})).await;
    mount(&server, "page", "3", json!({"results": []})).await;
    let client = client(&server);
    let items: Vec<String> = paginate_offset(
        1,
        OffsetStep::Page,
        None,
        |page| {
            let client = client.clone();
            async move {
                let mut request = Request::new(Method::GET, "list", "/items");
                request.query("page", &page);
                get(&client, request).await
            }
        },
        |page: Page| page.results,
    )
    .map(Result::unwrap)
    .collect()
    .await;
    assert_eq!(items, ["a", "b"]);
    assert_eq!(request_count(&server).await, 3);
}

fn cursor_fetch(
    client: &Client,
) -> impl FnMut(
    Option<String>,
) -> futures_util::future::BoxFuture<'static, Result<Page, Error<ErrorModel>>> {
    let client = client.clone();
    move |cursor| {
        let client = client.clone();
        Box::pin(async move {
            let mut request = Request::new(Method::GET, "list", "/items");
            request.query("cursor", &cursor);
            get(&client, request).await
        })
    }
}

#[tokio::test]
async fn cursor_pages_follow_the_next_cursor_to_the_end_and_never_loop() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("cursor"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"results": ["a"], "nextCursor": "c2"})),
        )
        .mount(&server)
        .await;
    mount(
        &server,
        "cursor",
        "c2",
        json!({"results": ["b"], "nextCursor": "c3"}),
    )
    .await;
    // The third page points back at the second: it is not fetched again.
    mount(
        &server,
        "cursor",
        "c3",
        json!({"results": ["c"], "nextCursor": "c2"}),
    )
    .await;
    let client = client(&server);
    let split = |page: Page| (page.results, page.next_cursor);
    let items: Vec<String> = paginate_cursor(None, cursor_fetch(&client), split)
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(items, ["a", "b", "c"]);
    assert_eq!(request_count(&server).await, 3);

    // An empty or absent cursor ends the list.
    let server = MockServer::start().await;
    mount(
        &server,
        "cursor",
        "x",
        json!({"results": ["only"], "nextCursor": ""}),
    )
    .await;
    let client = support::client(&server);
    let items: Vec<String> = paginate_cursor(Some("x".to_owned()), cursor_fetch(&client), split)
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(items, ["only"]);
}

fn url_stream(
    client: &Client,
) -> impl futures_util::Stream<Item = Result<String, Error<ErrorModel>>> {
    let first = {
        let client = client.clone();
        async move { get(&client, Request::new(Method::GET, "list", "/items")).await }
    };
    let client = client.clone();
    paginate_url(
        first,
        move |url| {
            let client = client.clone();
            async move { get(&client, Request::next_page("list", url)).await }
        },
        |page: Page| (page.results, page.next),
    )
}

#[tokio::test]
async fn url_pages_follow_absolute_and_relative_next_urls_on_the_same_origin() {
    let server = MockServer::start().await;
    let absolute = format!("{}/items?after=2", server.uri());
    Mock::given(method("GET"))
        .and(path("/items"))
        .and(query_param_is_missing("after"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"results": ["a"], "next": absolute})),
        )
        .mount(&server)
        .await;
    mount(
        &server,
        "after",
        "2",
        json!({"results": ["b"], "next": "/items?after=3"}),
    )
    .await;
    mount(
        &server,
        "after",
        "3",
        json!({"results": ["c"], "next": null}),
    )
    .await;
    let items: Vec<String> = url_stream(&client(&server))
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(items, ["a", "b", "c"]);
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn a_next_url_on_another_origin_is_refused_and_never_requested() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"results": ["stolen"]})))
        .mount(&elsewhere)
        .await;
    // A server echoing the query's API key in its next URL: the error shows only the origin.
    let next = format!("{}/items?after=2&api_key=k3y-in-query", elsewhere.uri());
    Mock::given(method("GET"))
        .and(path("/items"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"results": ["a"], "next": next})),
        )
        .mount(&server)
        .await;
    let items: Vec<_> = url_stream(&client(&server)).collect().await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap(), "a");
    match &items[1] {
        Err(Error::InvalidRequest(message)) => {
            assert!(message.contains(&elsewhere.uri()), "{message}");
            assert!(!message.contains("k3y-in-query"), "{message}");
            assert!(!message.contains("/items"), "{message}");
            assert!(message.contains("not the server's origin"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(request_count(&elsewhere).await, 0);
    for hostile in ["//evil.example/x", "https://evil.example/items", "ftp://x/"] {
        let error = get(&client(&server), Request::next_page("list", hostile))
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::InvalidRequest(m) if m.contains("next page URL")),
            "{hostile}: {error:?}"
        );
    }
}
