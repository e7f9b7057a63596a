//! Hooks change requests, responses and outcomes.

mod support;

use std::sync::{Arc, Mutex};

use codat_runtime::{
    BoxError, Error, Failure, HeaderMap, HeaderValue, Hook, HookContext, Method, Request,
    RequestOptions, Response, StatusCode,
};
use serde_json::json;
use support::{builder, request_count, ErrorModel};
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

struct AddHeader;

impl Hook for AddHeader {
    fn before_request(
        &self,
        ctx: &HookContext,
        request: &mut codat_runtime::reqwest::Request,
    ) -> Result<(), BoxError> {
        let value = format!("{}#{}", ctx.operation_id, ctx.attempt);
        request
            .headers_mut()
            .insert("x-hooked", HeaderValue::from_str(&value)?);
        Ok(())
    }
}

struct RewriteBody;

impl Hook for RewriteBody {
    fn after_success(&self, _: &HookContext, response: &mut Response) -> Result<(), BoxError> {
        response.body = r#"{"rewritten": true}"#.into();
        Ok(())
    }
}

/// Records the failures it sees and turns 418 into a success.
#[derive(Default, Clone)]
struct Recover(Arc<Mutex<Vec<String>>>);

impl Hook for Recover {
    fn after_error(&self, ctx: &HookContext, failure: Failure) -> Result<Response, Failure> {
        self.0
            .lock()
            .unwrap()
            .push(format!("{}: {failure}", ctx.operation_id));
        match failure.response() {
            Some(response) if response.status == StatusCode::IM_A_TEAPOT => Ok(Response::new(
                StatusCode::OK,
                HeaderMap::new(),
                r#"{"recovered": true}"#,
            )),
            _ => Err(failure),
        }
    }
}

struct Refuse;

impl Hook for Refuse {
    fn before_request(
        &self,
        _: &HookContext,
        _: &mut codat_runtime::reqwest::Request,
    ) -> Result<(), BoxError> {
        Err("no requests today".into())
    }
}

async fn get(client: &codat_runtime::Client) -> Result<Response, Error<ErrorModel>> {
    client
        .send::<ErrorModel>(
            Request::new(Method::GET, "get-thing", "/thing"),
            &RequestOptions::default(),
            &["4XX"],
        )
        .await
}

#[tokio::test]
async fn before_request_runs_per_attempt_and_after_success_rewrites() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("x-hooked", "get-thing#1"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("x-hooked", "get-thing#2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"original": true})))
        .mount(&server)
        .await;
    let client = builder(&server)
        .hook(AddHeader)
        .hook(RewriteBody)
        .build()
        .unwrap();
    let response = get(&client).await.unwrap();
    let body: serde_json::Value = response.json::<_, ErrorModel>().unwrap();
    assert_eq!(body, json!({"rewritten": true}));
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn after_error_can_replace_the_outcome() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(418))
        .mount(&server)
        .await;
    let recover = Recover::default();
    let client = builder(&server).hook(recover.clone()).build().unwrap();
    let response = get(&client).await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.text(), r#"{"recovered": true}"#);
    let seen = recover.0.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert!(seen[0].starts_with("get-thing: API error 418"), "{seen:?}");
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn after_error_passing_through_keeps_the_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403))
        .mount(&server)
        .await;
    let recover = Recover::default();
    let client = builder(&server).hook(recover.clone()).build().unwrap();
    let error = get(&client).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::FORBIDDEN));
    assert_eq!(recover.0.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn before_request_error_aborts_without_sending() {
    let server = MockServer::start().await;
    let recover = Recover::default();
    let client = builder(&server)
        .hook(Refuse)
        .hook(recover.clone())
        .build()
        .unwrap();
    let error = get(&client).await.unwrap_err();
    let Error::Hook(source) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(source.to_string(), "no requests today");
    assert_eq!(recover.0.lock().unwrap().len(), 1);
    assert_eq!(request_count(&server).await, 0);
}

/// Sees a download's status and headers, and replaces its body when asked.
struct DownloadHook {
    replace: bool,
    seen: Arc<Mutex<Vec<(u16, usize)>>>,
}

impl Hook for DownloadHook {
    fn after_success(&self, _: &HookContext, response: &mut Response) -> Result<(), BoxError> {
        let mut seen = self.seen.lock().map_err(|_| "poisoned")?;
        seen.push((response.status.as_u16(), response.body.len()));
        if self.replace {
            response.body = "from the hook".into();
        }
        Ok(())
    }
}

#[tokio::test]
async fn after_success_sees_a_download_and_may_replace_its_body() {
    for replace in [false, true] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_raw("file bytes", "application/pdf"))
            .mount(&server)
            .await;
        let seen = Arc::new(Mutex::new(Vec::new()));
        let client = builder(&server)
            .hook(DownloadHook {
                replace,
                seen: seen.clone(),
            })
            .build()
            .unwrap();
        let download = client
            .send_streaming::<ErrorModel>(
                Request::new(Method::GET, "download", "/file"),
                &RequestOptions::default(),
                &["4XX"],
            )
            .await
            .unwrap();
        assert_eq!(download.headers()["content-type"], "application/pdf");
        let body = download.collect_bytes().await.unwrap();
        let expected: &[u8] = if replace {
            b"from the hook"
        } else {
            b"file bytes"
        };
        assert_eq!(&body[..], expected);
        // The hook ran once, before the body was read.
        assert_eq!(*seen.lock().unwrap(), [(200, 0)]);
    }
}

/// Counts the calls it sees; shared by two clients through one `Arc`.
#[derive(Default)]
struct CountCalls(Mutex<Vec<String>>);

impl Hook for CountCalls {
    fn before_request(
        &self,
        ctx: &HookContext,
        _: &mut codat_runtime::reqwest::Request,
    ) -> Result<(), BoxError> {
        self.0.lock().unwrap().push(ctx.base_url.clone());
        Ok(())
    }
}

#[tokio::test]
async fn one_arc_hook_serves_two_clients() {
    let first = MockServer::start().await;
    let second = MockServer::start().await;
    for server in [&first, &second] {
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
            .mount(server)
            .await;
    }
    let hook = Arc::new(CountCalls::default());
    let a = builder(&first).hook(hook.clone()).build().unwrap();
    // As `Arc<dyn Hook>` too, the form a program keeps in its configuration.
    let shared: Arc<dyn Hook> = hook.clone();
    let b = builder(&second).hook(shared).build().unwrap();
    get(&a).await.unwrap();
    get(&b).await.unwrap();
    assert_eq!(*hook.0.lock().unwrap(), [first.uri(), second.uri()]);
}
