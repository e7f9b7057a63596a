//! Every kind of credential is sent where its scheme says (header, query, cookie, basic,
//! bearer, OAuth2 client credentials), only to the client's origin, never printed; an
//! operation's own `security` picks which ones a call carries.

mod support;

use std::time::Duration;

use codat_runtime::{ClientCredentials, Credential, Error, Method, Request, RequestOptions};
use support::{builder, request_count, ErrorModel};
use wiremock::matchers::{any, body_string_contains, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "s3cret-client-secret";

fn get_things() -> Request {
    Request::new(Method::GET, "list-things", "/things")
}

/// A server answering `/things` with 200 when `matcher` holds, else 401.
async fn api_requiring(matcher: impl wiremock::Match + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/things"))
        .and(matcher)
        .respond_with(ResponseTemplate::new(200).set_body_string("[]"))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401))
        .with_priority(10)
        .mount(&server)
        .await;
    server
}

async fn call(client: &codat_runtime::Client, request: Request) -> Result<(), Error<ErrorModel>> {
    client
        .send::<ErrorModel>(request, &RequestOptions::new(), &["401"])
        .await
        .map(|_| ())
}

#[tokio::test]
async fn each_static_kind_is_sent_where_its_scheme_says() {
    let cases: Vec<(Credential, Box<dyn wiremock::Match>)> = vec![
        (
            Credential::header("X-Api-Key", "k1"),
            Box::new(header("x-api-key", "k1")),
        ),
        (
            Credential::query("api_key", "k 2&"),
            Box::new(query_param("api_key", "k 2&")),
        ),
        (
            Credential::cookie("session", "k3"),
            Box::new(header("cookie", "session=k3")),
        ),
        (
            Credential::basic("user", "pass"),
            Box::new(header("authorization", "Basic dXNlcjpwYXNz")),
        ),
        (
            Credential::bearer("tok"),
            Box::new(header("authorization", "Bearer tok")),
        ),
    ];
    for (credential, matcher) in cases {
        let debug = format!("{credential:?}");
        let server = api_requiring(BoxedMatch(matcher)).await;
        let client = builder(&server).credential(credential).build().unwrap();
        call(&client, get_things())
            .await
            .unwrap_or_else(|e| panic!("{debug}: {e:?}"));
    }
}

/// RFC 6265 allows `=` in a cookie value (base64 padding), not in its name.
#[tokio::test]
async fn a_cookie_value_may_hold_equals_signs_but_not_its_name() {
    let server = api_requiring(header("cookie", "session=YWJjZA==")).await;
    let client = builder(&server)
        .credential(Credential::cookie("session", "YWJjZA=="))
        .build()
        .unwrap();
    call(&client, get_things()).await.unwrap();
    for (name, value) in [("a=b", "v"), ("s", "a;b"), ("s", "a,b"), ("", "v")] {
        let built = builder(&server)
            .credential(Credential::cookie(name, value))
            .build();
        assert!(
            matches!(
                built,
                Err(codat_runtime::BuildError::InvalidCredential { .. })
            ),
            "{name:?}={value:?}"
        );
    }
}

/// A `Cookie` header already on the request that is not visible ASCII is kept, with the
/// credential's cookie after it.
#[tokio::test]
async fn an_existing_non_ascii_cookie_header_is_kept() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("[]"))
        .mount(&server)
        .await;
    let client = builder(&server)
        .header("Cookie", "pref=caf\u{e9}")
        .credential(Credential::cookie("session", "k"))
        .build()
        .unwrap();
    call(&client, get_things()).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(
        received[0].headers["cookie"].as_bytes(),
        "pref=caf\u{e9}; session=k".as_bytes()
    );
}

struct BoxedMatch(Box<dyn wiremock::Match>);

impl wiremock::Match for BoxedMatch {
    fn matches(&self, request: &wiremock::Request) -> bool {
        self.0.matches(request)
    }
}

#[tokio::test]
async fn a_requirement_of_two_schemes_sends_both() {
    let server = api_requiring(AllOf(vec![
        Box::new(header("x-api-key", "k1")),
        Box::new(query_param("tenant", "t1")),
    ]))
    .await;
    let credential = Credential::header("X-Api-Key", "k1")
        .for_scheme("key")
        .and(Credential::query("tenant", "t1").for_scheme("tenant"));
    let client = builder(&server).credential(credential).build().unwrap();
    call(&client, get_things()).await.unwrap();
    // Also when the operation names both.
    let mut request = get_things();
    request.security(&[&["key", "tenant"]]);
    call(&client, request).await.unwrap();
}

struct AllOf(Vec<Box<dyn wiremock::Match>>);

impl wiremock::Match for AllOf {
    fn matches(&self, request: &wiremock::Request) -> bool {
        self.0.iter().all(|m| m.matches(request))
    }
}

#[tokio::test]
async fn an_operation_with_empty_security_sends_no_credential() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = builder(&server)
        .credential(
            Credential::header("X-Api-Key", "k1")
                .for_scheme("key")
                .and(Credential::cookie("c", "v").for_scheme("cookie")),
        )
        .build()
        .unwrap();
    let mut request = get_things();
    request.security(&[]);
    call(&client, request).await.unwrap();
    let mut request = get_things();
    request.security(&[&["cookie"]]);
    call(&client, request).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert!(!received[0].headers.contains_key("x-api-key"));
    assert!(!received[0].headers.contains_key("cookie"));
    assert!(!received[1].headers.contains_key("x-api-key"));
    assert_eq!(received[1].headers["cookie"], "c=v");
}

/// A token endpoint handing out `token` (valid `expires_in` seconds) to the right client.
async fn mount_token(server: &MockServer, token: &str, expires_in: u64, times: Option<u64>) {
    let mock = Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains("client_id=my-client"))
        .and(body_string_contains(format!("client_secret={SECRET}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": token, "token_type": "Bearer", "expires_in": expires_in,
        })));
    match times {
        Some(n) => mock.up_to_n_times(n).with_priority(1).mount(server).await,
        None => mock.with_priority(2).mount(server).await,
    }
}

fn oauth(token_server: &MockServer) -> ClientCredentials {
    ClientCredentials::new(
        format!("{}/oauth/token", token_server.uri()),
        "my-client",
        SECRET,
    )
}

async fn token_requests(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/oauth/token")
        .count()
}

#[tokio::test]
async fn an_oauth2_token_is_fetched_once_and_reused() {
    let tokens = MockServer::start().await;
    mount_token(&tokens, "tok-1", 3600, None).await;
    let api = api_requiring(header("authorization", "Bearer tok-1")).await;
    let credential = Credential::client_credentials(oauth(&tokens).scopes(["read", "write"]));
    let client = builder(&api).credential(credential).build().unwrap();
    for _ in 0..3 {
        call(&client, get_things()).await.unwrap();
    }
    assert_eq!(token_requests(&tokens).await, 1);
    let sent = &tokens.received_requests().await.unwrap()[0];
    let body = String::from_utf8_lossy(&sent.body);
    assert!(body.contains("scope=read%20write"), "{body}");
}

#[tokio::test]
async fn an_oauth2_token_is_refreshed_before_it_expires() {
    let tokens = MockServer::start().await;
    mount_token(&tokens, "tok-1", 10, None).await;
    let api = api_requiring(header("authorization", "Bearer tok-1")).await;
    // 10 s of validity is inside the 30 s margin: each call fetches a new token.
    let client = builder(&api)
        .credential(Credential::client_credentials(oauth(&tokens)))
        .build()
        .unwrap();
    call(&client, get_things()).await.unwrap();
    call(&client, get_things()).await.unwrap();
    assert_eq!(token_requests(&tokens).await, 2);
}

#[tokio::test]
async fn a_refused_oauth2_token_is_replaced_once() {
    let tokens = MockServer::start().await;
    mount_token(&tokens, "tok-old", 3600, Some(1)).await;
    mount_token(&tokens, "tok-new", 3600, None).await;
    let api = api_requiring(header("authorization", "Bearer tok-new")).await;
    let client = builder(&api)
        .credential(Credential::client_credentials(oauth(&tokens)))
        .build()
        .unwrap();
    call(&client, get_things()).await.unwrap();
    call(&client, get_things()).await.unwrap();
    assert_eq!(token_requests(&tokens).await, 2);
    assert_eq!(request_count(&api).await, 3, "one 401, then two successes");

    // A token that keeps being refused is not fetched forever: one retry per call.
    let refusing = api_requiring(header("authorization", "Bearer never")).await;
    let client = builder(&refusing)
        .credential(Credential::client_credentials(oauth(&tokens)))
        .build()
        .unwrap();
    let error = call(&client, get_things()).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(request_count(&refusing).await, 2);
}

/// A 401 may come after the server acted on the request: a POST is not sent again with a
/// new token unless the call asked for it, but the next call uses a new token.
#[tokio::test]
async fn a_refused_token_does_not_replay_a_post_unless_asked() {
    let tokens = MockServer::start().await;
    mount_token(&tokens, "tok-old", 3600, Some(1)).await;
    mount_token(&tokens, "tok-new", 3600, None).await;
    let api = api_requiring(header("authorization", "Bearer tok-new")).await;
    let client = builder(&api)
        .credential(Credential::client_credentials(oauth(&tokens)))
        .build()
        .unwrap();
    let post = || Request::new(Method::POST, "create-thing", "/things");
    let error = call(&client, post()).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(request_count(&api).await, 1, "the POST is sent once");
    call(&client, post()).await.unwrap();
    assert_eq!(token_requests(&tokens).await, 2);
    assert_eq!(request_count(&api).await, 2);

    // Opted in, the POST is replayed with the new token.
    let tokens = MockServer::start().await;
    mount_token(&tokens, "tok-old", 3600, Some(1)).await;
    mount_token(&tokens, "tok-new", 3600, None).await;
    let api = api_requiring(header("authorization", "Bearer tok-new")).await;
    let client = builder(&api)
        .credential(Credential::client_credentials(oauth(&tokens)))
        .build()
        .unwrap();
    client
        .send::<ErrorModel>(
            post(),
            &RequestOptions::new().retry_non_idempotent(true),
            &["401"],
        )
        .await
        .unwrap();
    assert_eq!(request_count(&api).await, 2, "one 401, then the replay");
}

#[tokio::test]
async fn the_client_secret_never_shows_in_debug_or_errors() {
    let tokens = MockServer::start().await;
    // A token endpoint that refuses and echoes what it was sent.
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(400).set_body_string(format!("bad secret {SECRET}")))
        .mount(&tokens)
        .await;
    let api = api_requiring(any()).await;
    let credential = Credential::client_credentials(oauth(&tokens));
    let config = oauth(&tokens);
    let client = builder(&api)
        .credential(credential.clone())
        .build()
        .unwrap();
    let error = call(&client, get_things()).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    let texts = [
        format!("{error} {error:?}"),
        format!("{credential:?}"),
        format!("{config:?}"),
        format!("{client:?}"),
    ];
    for text in texts {
        assert!(!text.contains(SECRET), "{text}");
    }
    assert_eq!(request_count(&api).await, 0, "nothing sent without a token");

    for credential in [
        Credential::basic("user", SECRET),
        Credential::query("key", SECRET),
        Credential::cookie("key", SECRET),
        Credential::bearer(SECRET).and(Credential::header("X-Key", SECRET)),
    ] {
        let client = builder(&api)
            .credential(credential.clone())
            .build()
            .unwrap();
        for text in [format!("{credential:?}"), format!("{client:?}")] {
            assert!(!text.contains(SECRET), "{text}");
            assert!(!text.contains("dXNlcjpz"), "{text}");
        }
    }
}

#[tokio::test]
async fn the_token_request_times_out() {
    let tokens = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&tokens)
        .await;
    let api = api_requiring(any()).await;
    let client = builder(&api)
        .credential(Credential::client_credentials(
            oauth(&tokens).timeout(Duration::from_millis(100)),
        ))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = call(&client, get_things()).await.unwrap_err();
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn a_query_credential_does_not_show_in_a_network_error() {
    let client = codat_runtime::Client::builder(support::defaults("http://127.0.0.1:9"))
        .credential(Credential::query("api_key", SECRET))
        .retry_config(codat_runtime::RetryConfig::none())
        .build()
        .unwrap();
    let error = call(&client, get_things()).await.unwrap_err();
    assert!(matches!(error, Error::Network(_)), "{error:?}");
    let mut text = format!("{error} {error:?}");
    let mut source = std::error::Error::source(&error);
    while let Some(inner) = source {
        text.push_str(&format!(" {inner} {inner:?}"));
        source = inner.source();
    }
    assert!(!text.contains(SECRET), "{text}");
}

#[tokio::test]
async fn no_kind_of_credential_follows_a_redirect_to_another_origin() {
    let other = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&other)
        .await;
    let tokens = MockServer::start().await;
    mount_token(&tokens, "tok-1", 3600, None).await;
    let origin = MockServer::start().await;
    Mock::given(path("/things"))
        .respond_with(
            ResponseTemplate::new(307).insert_header("Location", format!("{}/x", other.uri())),
        )
        .mount(&origin)
        .await;
    for credential in [
        Credential::query("api_key", "k"),
        Credential::cookie("session", "k"),
        Credential::basic("u", "p"),
        Credential::client_credentials(oauth(&tokens)),
    ] {
        let client = builder(&origin).credential(credential).build().unwrap();
        let error = call(&client, get_things()).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(307));
    }
    assert_eq!(
        request_count(&other).await,
        0,
        "a credential left its origin"
    );

    // A per-call server elsewhere gets no token, and none is fetched for it.
    let fresh_tokens = MockServer::start().await;
    mount_token(&fresh_tokens, "tok-2", 3600, None).await;
    let client = builder(&origin)
        .credential(Credential::client_credentials(oauth(&fresh_tokens)))
        .build()
        .unwrap();
    let options = RequestOptions::new().server_url(other.uri());
    client
        .send::<ErrorModel>(get_things(), &options, &[])
        .await
        .unwrap();
    let seen = other.received_requests().await.unwrap();
    assert!(!seen[0].headers.contains_key("authorization"));
    assert_eq!(token_requests(&fresh_tokens).await, 0);
}

#[tokio::test]
async fn the_token_endpoint_cannot_redirect_the_secret_elsewhere() {
    let other = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&other)
        .await;
    let tokens = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(307).insert_header("Location", format!("{}/steal", other.uri())),
        )
        .mount(&tokens)
        .await;
    let api = api_requiring(any()).await;
    let client = builder(&api)
        .credential(Credential::client_credentials(oauth(&tokens)))
        .build()
        .unwrap();
    assert!(call(&client, get_things()).await.is_err());
    assert_eq!(request_count(&other).await, 0);
}

#[tokio::test]
async fn a_relative_token_url_is_resolved_against_the_server() {
    let api = MockServer::start().await;
    mount_token(&api, "tok-1", 3600, None).await;
    Mock::given(path("/things"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&api)
        .await;
    let client = builder(&api)
        .credential(Credential::client_credentials(ClientCredentials::new(
            "/oauth/token",
            "my-client",
            SECRET,
        )))
        .build()
        .unwrap();
    call(&client, get_things()).await.unwrap();
}

#[test]
fn a_relative_spec_server_asks_for_a_server_url() {
    let error = codat_runtime::Client::builder(support::defaults("/api/v3"))
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("server_url"), "{error}");
    let client = codat_runtime::Client::builder(support::defaults("/api/v3"))
        .server_url("https://petstore.example/api/v3")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://petstore.example/api/v3");
    let mut defaults = support::defaults("unused");
    defaults.servers.clear();
    let error = codat_runtime::Client::builder(defaults)
        .build()
        .unwrap_err();
    assert!(
        matches!(error, codat_runtime::BuildError::MissingServerUrl),
        "{error}"
    );
}

#[tokio::test]
async fn concurrent_calls_share_one_token_request() {
    let tokens = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_millis(100))
                .set_body_json(serde_json::json!({"access_token": "tok-1", "expires_in": 3600})),
        )
        .mount(&tokens)
        .await;
    let api = api_requiring(header("authorization", "Bearer tok-1")).await;
    let client = builder(&api)
        .credential(Credential::client_credentials(oauth(&tokens)))
        .build()
        .unwrap();
    let calls = (0..5).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { call(&client, get_things()).await })
    });
    for call in futures_util::future::join_all(calls).await {
        call.unwrap().unwrap();
    }
    assert_eq!(token_requests(&tokens).await, 1);
}

/// The client secret is sent in the token request's body: a plain-http token URL is refused
/// at build() unless its host is this machine.
#[test]
fn a_plain_http_token_url_is_refused_unless_loopback() {
    let build = |server: &str, token_url: &str| {
        codat_runtime::Client::builder(support::defaults(server))
            .credential(Credential::client_credentials(ClientCredentials::new(
                token_url,
                "my-client",
                SECRET,
            )))
            .build()
    };
    let api = "https://api.example.com";
    for refused in [
        "http://auth.example.com/oauth/token",
        "HTTP://auth.example.com/oauth/token",
        "http://10.0.0.1/oauth/token",
    ] {
        match build(api, refused) {
            Err(codat_runtime::BuildError::InvalidUrl { reason, .. }) => {
                assert!(reason.contains("https"), "{refused}: {reason}");
            }
            other => panic!("{refused}: {other:?}"),
        }
    }
    // A relative token URL is as safe as the server it resolves against.
    assert!(build("http://api.example.com", "/oauth/token").is_err());
    for allowed in [
        "https://auth.example.com/oauth/token",
        "http://localhost:8080/oauth/token",
        "http://127.0.0.1:8080/oauth/token",
        "http://[::1]:8080/oauth/token",
    ] {
        assert!(build(api, allowed).is_ok(), "{allowed}");
    }
}
