//! Path parameters fill exactly their segment: a value that would change the path (empty, `.`,
//! `..`) fails with a typed error naming the parameter, and nothing reaches the server.

mod support;

use codat_runtime::{Error, Method, PathValueError, Request, RequestOptions};
use support::{client, request_count, ErrorModel};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn part_request(company: &str, part: &str) -> Request {
    let mut request = Request::new(
        Method::DELETE,
        "delete-part",
        "/companies/{companyId}/parts/{partId}",
    );
    request
        .path_param("companyId", company)
        .path_param("partId", part);
    request
}

#[tokio::test]
async fn empty_and_dot_values_are_refused_before_sending() {
    let server = server().await;
    let client = client(&server);
    let cases = [
        ("", PathValueError::Empty),
        (".", PathValueError::Dot),
        ("..", PathValueError::DotDot),
    ];
    for (value, reason) in cases {
        for (request, name) in [
            (part_request(value, "p1"), "companyId"),
            (part_request("c1", value), "partId"),
        ] {
            let error = client
                .send::<ErrorModel>(request, &RequestOptions::new(), &[])
                .await
                .unwrap_err();
            match &error {
                Error::InvalidPathParameter {
                    name: got,
                    reason: why,
                } => assert_eq!((*got, *why), (name, reason), "{value:?}"),
                other => panic!("{value:?} in {name}: {other:?}"),
            }
            let message = error.to_string();
            assert!(message.contains(name), "{message}");
        }
    }
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test]
async fn other_values_fill_one_segment() {
    let server = server().await;
    let client = client(&server);
    let cases = [
        ("...", "..."),
        (".a", ".a"),
        ("a..", "a.."),
        ("%2e%2e", "%252e%252e"),
        ("../x", "..%2Fx"),
        ("a/b?c#d", "a%2Fb%3Fc%23d"),
    ];
    for (value, _) in cases {
        client
            .send::<ErrorModel>(part_request("c1", value), &RequestOptions::new(), &[])
            .await
            .unwrap();
    }
    let received = server.received_requests().await.unwrap();
    let paths: Vec<String> = received.iter().map(|r| r.url.path().to_owned()).collect();
    let expected: Vec<String> = cases
        .iter()
        .map(|(_, encoded)| format!("/companies/c1/parts/{encoded}"))
        .collect();
    assert_eq!(paths, expected);
}

#[tokio::test]
async fn a_placeholder_left_unfilled_is_refused() {
    let server = server().await;
    let mut request = Request::new(Method::GET, "get-part", "/companies/{companyId}/parts");
    request.path_param("partId", "p1");
    let error = client(&server)
        .send::<ErrorModel>(request, &RequestOptions::new(), &[])
        .await
        .unwrap_err();
    match &error {
        Error::InvalidRequest(message) => assert!(message.contains("{companyId}"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(request_count(&server).await, 0);
}

/// Values fine alone can make a dot segment with the segment's other text: `2e` after a
/// literal `%` is `%2e`, which URL resolution treats as `.`. (A `.` value is refused alone.)
#[tokio::test]
async fn values_making_a_dot_segment_with_their_segment_are_refused() {
    let server = server().await;
    let client = client(&server);
    let mut one = Request::new(Method::GET, "get-one", "/x/%{a}");
    one.path_param("a", "2e");
    let mut two = Request::new(Method::GET, "get-two", "/x/%2{a}%2{b}/y");
    two.path_param("a", "e").path_param("b", "E");
    let mut later = Request::new(Method::GET, "get-later", "/x/{b}/%{a}");
    later.path_param("a", "2E").path_param("b", "ok");
    let mut pair = Request::new(Method::GET, "get-pair", "/v1/a/{x}{y}");
    pair.path_param("x", ".").path_param("y", ".");
    for (request, name, reason) in [
        (one, "a", PathValueError::Dot),
        (two, "a", PathValueError::DotDot),
        (later, "a", PathValueError::Dot),
        (pair, "x", PathValueError::Dot),
    ] {
        let error = client
            .send::<ErrorModel>(request, &RequestOptions::new(), &[])
            .await
            .unwrap_err();
        match &error {
            Error::InvalidPathParameter {
                name: got,
                reason: why,
            } => assert_eq!((*got, *why), (name, reason)),
            other => panic!("{name}: {other:?}"),
        }
    }
    assert_eq!(request_count(&server).await, 0);
    // A segment with more than the dots is sent.
    let mut fine = Request::new(Method::GET, "get-pair", "/v1/a/{x}{y}");
    fine.path_param("x", ".a").path_param("y", "b");
    client
        .send::<ErrorModel>(fine, &RequestOptions::new(), &[])
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    let paths: Vec<&str> = received.iter().map(|r| r.url.path()).collect();
    assert_eq!(paths, ["/v1/a/.ab"]);
}
