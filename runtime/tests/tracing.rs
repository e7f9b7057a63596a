//! Tracing: one span per operation, one event per attempt, no secrets.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use codat_runtime::{Credential, Method, Request, RequestOptions};
use support::{builder, ErrorModel};
use tracing_subscriber::fmt::MakeWriter;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn logs_attempts_without_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let capture = Capture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(capture.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let client = builder(&server)
        .credential(Credential::header("Authorization", "Basic c2VjcmV0"))
        .build()
        .unwrap();
    let options = RequestOptions::new().header("x-api-key", "per-call-secret");
    client
        .send::<ErrorModel>(
            Request::new(Method::GET, "list-companies", "/companies"),
            &options,
            &[],
        )
        .await
        .unwrap();

    let output = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        output.contains("operation_id=\"list-companies\""),
        "{output}"
    );
    assert!(output.contains("method=GET"), "{output}");
    assert!(output.contains("path=/companies"), "{output}");
    assert!(output.contains("attempt=1 status=503"), "{output}");
    assert!(output.contains("attempt=2 status=204"), "{output}");
    assert!(!output.contains("c2VjcmV0"), "{output}");
    assert!(!output.contains("per-call-secret"), "{output}");
}
