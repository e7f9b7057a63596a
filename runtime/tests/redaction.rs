//! Secrets never show up in `Debug` or error text: user-set headers print as names only, and a
//! server URL with userinfo (`http://user:password@host`) is refused with the userinfo redacted;
//! so are server URLs whose query or fragment would swallow the operation's path.

mod support;

use codat_runtime::{BuildError, Client, Credential, Error, Method, Request, RequestOptions};
use support::{builder, client, defaults, request_count, ErrorModel};
use wiremock::MockServer;

const SECRETS: [&str; 5] = [
    "tok-bearer-1",
    "key-custom-2",
    "sid-cookie-3",
    "pw-userinfo-4",
    "user-name-5",
];

fn assert_no_secret(text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

/// Display, Debug and every source of `error`, as one text.
fn error_text(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = format!("{error} {error:?}");
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(" {cause} {cause:?}"));
        source = cause.source();
    }
    text
}

const USERINFO_URLS: [&str; 3] = [
    "http://user-name-5:pw-userinfo-4@127.0.0.1:9/api",
    "https://pw-userinfo-4@api.example.com",
    // Does not parse (port out of range): still redacted in the error.
    "http://user-name-5:pw-userinfo-4@api.example.com:99999",
];

#[test]
fn request_options_debug_shows_header_names_only() {
    let options = RequestOptions::new()
        .header("authorization", "Bearer tok-bearer-1")
        .header("x-api-key", "key-custom-2")
        .header("cookie", "sid-cookie-3")
        .server_url(USERINFO_URLS[0]);
    let debug = format!("{options:?} {options:#?}");
    assert_no_secret(&debug);
    for name in [
        "authorization",
        "x-api-key",
        "cookie",
        "[redacted]@127.0.0.1:9/api",
    ] {
        assert!(debug.contains(name), "{name} missing from {debug}");
    }
}

#[test]
fn builder_debug_and_build_error_redact_userinfo() {
    for url in USERINFO_URLS {
        let builder = Client::builder(defaults("https://api.example.com"))
            .server_url(url)
            .credential(Credential::header("X-Api-Key", "key-custom-2"));
        let debug = format!("{builder:?}");
        assert_no_secret(&debug);
        assert!(debug.contains("[redacted]@"), "{debug}");
        let error = builder.build().unwrap_err();
        assert!(matches!(error, BuildError::InvalidUrl { .. }), "{error:?}");
        assert_no_secret(&error_text(&error));
    }
}

#[tokio::test]
async fn a_per_call_server_url_with_userinfo_is_refused_without_showing_it() {
    let server = MockServer::start().await;
    let client = client(&server);
    for url in USERINFO_URLS {
        let options = RequestOptions::new().server_url(url);
        let error = client
            .send::<ErrorModel>(
                Request::new(Method::GET, "list-things", "/things"),
                &options,
                &[],
            )
            .await
            .unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        assert_no_secret(&error_text(&error));
    }
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test]
async fn a_server_url_with_query_or_fragment_is_refused() {
    let server = MockServer::start().await;
    for suffix in ["/api?tenant=1", "/api#x", "?", "#"] {
        let url = format!("{}{suffix}", server.uri());
        let error = builder(&server).server_url(&url).build().unwrap_err();
        assert!(matches!(error, BuildError::InvalidUrl { .. }), "{url}");
        let options = RequestOptions::new().server_url(&url);
        let error = client(&server)
            .send::<ErrorModel>(
                Request::new(Method::DELETE, "delete-things", "/things"),
                &options,
                &[],
            )
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidRequest(_)),
            "{url}: {error:?}"
        );
    }
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test]
async fn a_network_error_shows_no_credential() {
    // Nothing listens on port 9 of loopback: the connection is refused.
    let client = Client::builder(defaults("http://127.0.0.1:9"))
        .credential(Credential::header("X-Api-Key", "key-custom-2"))
        .retry_config(codat_runtime::RetryConfig::none())
        .build()
        .unwrap();
    let options = RequestOptions::new().header("authorization", "Bearer tok-bearer-1");
    let error = client
        .send::<ErrorModel>(
            Request::new(Method::GET, "list-things", "/things"),
            &options,
            &[],
        )
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Network(_)), "{error:?}");
    assert_no_secret(&error_text(&error));
    assert_no_secret(&format!("{client:?}"));
}
