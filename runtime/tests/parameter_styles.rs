//! Parameter styles as sent: every row of the OpenAPI specification's "Style Examples" table
//! (the parameter `color` as `""`, `"blue"`, `["blue","black","brown"]` and
//! `{"R":100,"G":200,"B":150}`), checked on the URL and headers the server receives, plus
//! `allowReserved`, JSON (`content`) parameters, cookies, and path values that must never
//! leave their segment in any style.
//!
//! Where the 3.1.0 table contradicts RFC 6570, which it says defines the styles, the rendering
//! follows RFC 6570 as the corrected table of OpenAPI 3.1.1 does: `label` without `explode`
//! separates with commas (`.blue,black,brown`), and delimiters and brackets outside RFC 3986's
//! query characters are percent-encoded (`%7C`, `%5B`, `%5D`).

mod support;

use codat_runtime::{
    Error, Method, ParamFormat, ParamStyle, PathValueError, Request, RequestOptions,
};
use serde::Serialize;
use support::{client, request_count, ErrorModel};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Serialize)]
struct Rgb {
    #[serde(rename = "R")]
    r: u8,
    #[serde(rename = "G")]
    g: u8,
    #[serde(rename = "B")]
    b: u8,
}

const RGB: Rgb = Rgb {
    r: 100,
    g: 200,
    b: 150,
};

fn colors() -> Vec<&'static str> {
    vec!["blue", "black", "brown"]
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// Sends `request` and returns what the server received.
async fn received(server: &MockServer, request: Request) -> wiremock::Request {
    client(server)
        .send::<ErrorModel>(request, &RequestOptions::new(), &[])
        .await
        .expect("sent");
    let mut all = server.received_requests().await.expect("recording");
    all.pop().expect("one request")
}

/// The query string the server receives for one query parameter.
async fn query(
    server: &MockServer,
    value: &(impl Serialize + ?Sized),
    format: ParamFormat,
) -> String {
    let mut request = Request::new(Method::GET, "list", "/things");
    request.query_as("color", value, format);
    let sent = received(server, request).await;
    sent.url.query().unwrap_or_default().to_owned()
}

/// The path the server receives for `/things/{color}`.
async fn path(
    server: &MockServer,
    value: &(impl Serialize + ?Sized),
    format: ParamFormat,
) -> String {
    let mut request = Request::new(Method::GET, "get", "/things/{color}");
    request.path_as("color", value, format);
    let sent = received(server, request).await;
    sent.url.path().trim_start_matches("/things/").to_owned()
}

/// The `X-Color` header the server receives.
async fn header(
    server: &MockServer,
    value: &(impl Serialize + ?Sized),
    format: ParamFormat,
) -> Option<String> {
    let mut request = Request::new(Method::GET, "get", "/things");
    request.header_as("X-Color", value, format);
    let sent = received(server, request).await;
    sent.headers
        .get("x-color")
        .map(|value| value.to_str().expect("ASCII").to_owned())
}

/// The `InvalidPathParameter` reason a path value is refused with; nothing is sent.
async fn refused(
    server: &MockServer,
    value: &(impl Serialize + ?Sized),
    format: ParamFormat,
) -> PathValueError {
    let before = request_count(server).await;
    let mut request = Request::new(Method::GET, "get", "/things/{color}/x");
    request.path_as("color", value, format);
    let error = client(server)
        .send::<ErrorModel>(request, &RequestOptions::new(), &[])
        .await
        .unwrap_err();
    assert_eq!(request_count(server).await, before, "nothing is sent");
    match error {
        Error::InvalidPathParameter { name, reason } => {
            assert_eq!(name, "color");
            reason
        }
        other => panic!("{other:?}"),
    }
}

fn style(style: ParamStyle, explode: bool) -> ParamFormat {
    ParamFormat::style(style, explode)
}

#[tokio::test]
async fn matrix_rows() {
    let server = server().await;
    for (explode, empty, string, array, object) in [
        (
            false,
            ";color",
            ";color=blue",
            ";color=blue,black,brown",
            ";color=R,100,G,200,B,150",
        ),
        (
            true,
            ";color",
            ";color=blue",
            ";color=blue;color=black;color=brown",
            ";R=100;G=200;B=150",
        ),
    ] {
        let format = style(ParamStyle::Matrix, explode);
        assert_eq!(path(&server, "", format).await, empty);
        assert_eq!(path(&server, "blue", format).await, string);
        assert_eq!(path(&server, &colors(), format).await, array);
        assert_eq!(path(&server, &RGB, format).await, object);
    }
}

#[tokio::test]
async fn label_rows() {
    let server = server().await;
    for (explode, array, object) in [
        (false, ".blue,black,brown", ".R,100,G,200,B,150"),
        (true, ".blue.black.brown", ".R=100.G=200.B=150"),
    ] {
        let format = style(ParamStyle::Label, explode);
        // The table's empty value, `.`, is a dot segment: it would change the path.
        assert_eq!(refused(&server, "", format).await, PathValueError::Dot);
        assert_eq!(path(&server, "blue", format).await, ".blue");
        assert_eq!(path(&server, &colors(), format).await, array);
        assert_eq!(path(&server, &RGB, format).await, object);
    }
}

#[tokio::test]
async fn simple_rows_in_path_and_header() {
    let server = server().await;
    for (explode, object) in [(false, "R,100,G,200,B,150"), (true, "R=100,G=200,B=150")] {
        let format = style(ParamStyle::Simple, explode);
        assert_eq!(path(&server, "blue", format).await, "blue");
        assert_eq!(path(&server, &colors(), format).await, "blue,black,brown");
        assert_eq!(path(&server, &RGB, format).await, object);
        assert_eq!(
            header(&server, "blue", format).await.as_deref(),
            Some("blue")
        );
        assert_eq!(
            header(&server, &colors(), format).await.as_deref(),
            Some("blue,black,brown")
        );
        assert_eq!(header(&server, &RGB, format).await.as_deref(), Some(object));
        // Empty is n/a: an empty path segment is refused, a header sent empty.
        assert_eq!(refused(&server, "", format).await, PathValueError::Empty);
        assert_eq!(header(&server, "", format).await.as_deref(), Some(""));
    }
}

#[tokio::test]
async fn form_rows() {
    let server = server().await;
    for (explode, array, object) in [
        (false, "color=blue,black,brown", "color=R,100,G,200,B,150"),
        (
            true,
            "color=blue&color=black&color=brown",
            "R=100&G=200&B=150",
        ),
    ] {
        let format = style(ParamStyle::Form, explode);
        assert_eq!(query(&server, "", format).await, "color=");
        assert_eq!(query(&server, "blue", format).await, "color=blue");
        assert_eq!(query(&server, &colors(), format).await, array);
        assert_eq!(query(&server, &RGB, format).await, object);
    }
}

#[tokio::test]
async fn delimited_and_deep_object_rows() {
    let server = server().await;
    let space = style(ParamStyle::SpaceDelimited, false);
    assert_eq!(
        query(&server, &colors(), space).await,
        "color=blue%20black%20brown"
    );
    assert_eq!(
        query(&server, &RGB, space).await,
        "color=R%20100%20G%20200%20B%20150"
    );
    let pipe = style(ParamStyle::PipeDelimited, false);
    assert_eq!(
        query(&server, &colors(), pipe).await,
        "color=blue%7Cblack%7Cbrown"
    );
    assert_eq!(
        query(&server, &RGB, pipe).await,
        "color=R%7C100%7CG%7C200%7CB%7C150"
    );
    let deep = style(ParamStyle::DeepObject, true);
    assert_eq!(
        query(&server, &RGB, deep).await,
        "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"
    );
}

#[tokio::test]
async fn values_are_encoded_and_delimiters_are_not() {
    let server = server().await;
    let values = vec!["a,b", "c&d=e", "f g#h"];
    assert_eq!(
        query(&server, &values, style(ParamStyle::Form, false)).await,
        "color=a%2Cb,c%26d%3De,f%20g%23h"
    );
    assert_eq!(
        query(&server, &values, style(ParamStyle::Form, true)).await,
        "color=a%2Cb&color=c%26d%3De&color=f%20g%23h"
    );
    // Nested objects nest their brackets; absent fields are left out.
    let filter = serde_json::json!({"range": {"from": 1, "to": null}, "tag": ["x", "y"]});
    assert_eq!(
        query(&server, &filter, style(ParamStyle::DeepObject, true)).await,
        "color%5Brange%5D%5Bfrom%5D=1&color%5Btag%5D=x&color%5Btag%5D=y"
    );
    assert_eq!(
        query(&server, &None::<Vec<i32>>, style(ParamStyle::Form, false)).await,
        ""
    );
}

#[tokio::test]
async fn allow_reserved_sends_reserved_characters_but_never_ends_the_value() {
    let server = server().await;
    let format = style(ParamStyle::Form, true).allow_reserved();
    assert_eq!(
        query(&server, "/a:b?c=d,e;f@g!", format).await,
        "color=/a:b?c=d,e;f@g!"
    );
    assert_eq!(
        query(&server, "x#y&z+w[0] %41", format).await,
        "color=x%23y%26z%2Bw%5B0%5D%20%41"
    );
}

#[tokio::test]
async fn json_parameters_send_their_json() {
    let server = server().await;
    let value = serde_json::json!({"a": [1, "b c"]});
    assert_eq!(
        query(&server, &value, ParamFormat::json()).await,
        "color=%7B%22a%22%3A%5B1%2C%22b%20c%22%5D%7D"
    );
    assert_eq!(
        header(&server, &value, ParamFormat::json())
            .await
            .as_deref(),
        Some(r#"{"a":[1,"b c"]}"#)
    );
    assert_eq!(
        path(&server, &value, ParamFormat::json()).await,
        "%7B%22a%22%3A%5B1%2C%22b%20c%22%5D%7D"
    );
    assert_eq!(
        header(&server, &None::<i32>, ParamFormat::json()).await,
        None
    );
}

#[tokio::test]
async fn cookies_join_into_one_header() {
    let server = server().await;
    let mut request = Request::new(Method::GET, "get", "/things");
    request
        .cookie_as("session", "a b;c", style(ParamStyle::Form, true))
        .cookie_as("color", &colors(), style(ParamStyle::Form, false))
        .cookie_as("absent", &None::<String>, style(ParamStyle::Form, true))
        .cookie_as("rgb", &RGB, style(ParamStyle::Form, true))
        .cookie_as("filter", &vec![1], ParamFormat::json());
    let sent = received(&server, request).await;
    assert_eq!(
        sent.headers.get("cookie").unwrap().to_str().unwrap(),
        "session=a%20b%3Bc; color=blue,black,brown; R=100; G=200; B=150; filter=%5B1%5D"
    );
}

#[tokio::test]
async fn path_values_never_leave_their_segment_in_any_style() {
    let server = server().await;
    let formats = [
        style(ParamStyle::Simple, false),
        style(ParamStyle::Simple, true),
        style(ParamStyle::Label, false),
        style(ParamStyle::Label, true),
        style(ParamStyle::Matrix, false),
        style(ParamStyle::Matrix, true),
        ParamFormat::json(),
    ];
    for format in formats {
        for value in ["a/b", "?q", "#f", "../x", "%2e%2e", "a\\b"] {
            let sent = path(&server, &vec![value, value], format).await;
            assert!(
                !sent.contains(['/', '?', '#', '\\']) && !sent.contains("%2e"),
                "{format:?} {value:?}: {sent}"
            );
        }
    }
    // Values whose rendering is a dot segment or empty are refused, whatever the style.
    let label = style(ParamStyle::Label, true);
    assert_eq!(refused(&server, ".", label).await, PathValueError::DotDot);
    assert_eq!(
        refused(&server, &vec!["", ""], label).await,
        PathValueError::DotDot
    );
    let simple = style(ParamStyle::Simple, false);
    assert_eq!(refused(&server, "..", simple).await, PathValueError::DotDot);
    assert_eq!(
        refused(&server, &vec![".."], simple).await,
        PathValueError::DotDot
    );
    assert_eq!(
        refused(&server, &None::<i32>, simple).await,
        PathValueError::Empty
    );
    assert_eq!(
        refused(
            &server,
            &Vec::<String>::new(),
            style(ParamStyle::Matrix, true)
        )
        .await,
        PathValueError::Empty
    );
}

#[tokio::test]
async fn unserializable_values_fail_without_sending() {
    let server = server().await;
    let mut bad = std::collections::BTreeMap::new();
    bad.insert((1, 2), "tuple keys are not JSON");
    let mut request = Request::new(Method::GET, "get", "/things");
    request.query_as("bad", &bad, style(ParamStyle::DeepObject, true));
    let error = client(&server)
        .send::<ErrorModel>(request, &RequestOptions::new(), &[])
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Serialize(_)), "{error:?}");
    assert!(error.to_string().contains("bad") || format!("{error:?}").contains("bad"));
    assert_eq!(request_count(&server).await, 0);
}
