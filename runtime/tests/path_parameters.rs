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
