//! `x-speakeasy-globals` at run time: the generated client sends its `Globals` in the path,
//! query and header of each operation declaring them, a request's own value wins, and a path
//! global left unset fails the call before anything is sent (the spec is the snapshot case's).

mod support;

use std::path::Path;

use generator::CrateOptions;

const SPEC: &str = include_str!("snapshots/globals/openapi.yaml");

/// Runs in the generated crate, as its integration test, against a loopback server that
/// records each request's head and answers `[]`.
const CALL_TEST: &str = r##"
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;

use globals_sdk::models::operations::{Globals, GlobalsRegion, ListOrdersRequest};
use globals_sdk::GlobalsSdk;

/// A server answering every request with `[]`; the receiver gets each request's head,
/// lowercased, before its answer is written.
fn server() -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (heads, received) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap() == 1 {
                head.push(byte[0]);
            }
            heads.send(String::from_utf8_lossy(&head).to_lowercase()).unwrap();
            let answer = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                          content-length: 2\r\nconnection: close\r\n\r\n[]";
            stream.write_all(answer.as_bytes()).unwrap();
        }
    });
    (url, received)
}

fn client(url: &str) -> GlobalsSdk {
    GlobalsSdk::builder().server_url(url).build().unwrap()
}

#[tokio::test]
async fn globals_fill_the_path_query_and_header() {
    let (url, heads) = server();
    let client = client(&url).with_globals(
        Globals::new().with_customer_id("c/1").with_x_tenant("tenant-9"),
    );
    let orders = client.orders().list_orders(ListOrdersRequest::new()).await.unwrap();
    assert!(orders.is_empty());
    let head = heads.try_recv().unwrap();
    // The region global starts at the spec's default; the path value is one encoded segment.
    assert!(head.starts_with("get /customers/c%2f1/orders?region=eu http/1.1\r\n"), "{head}");
    assert!(head.contains("\r\nx-tenant: tenant-9\r\n"), "{head}");
}

#[tokio::test]
async fn a_request_value_wins_over_the_global() {
    let (url, heads) = server();
    let client = client(&url).with_globals(
        Globals::new().with_customer_id("global").with_x_tenant("global"),
    );
    let request = ListOrdersRequest::new()
        .with_customer_id("own")
        .with_region(GlobalsRegion::Us)
        .with_x_tenant("own-tenant");
    client.orders().list_orders(request).await.unwrap();
    let head = heads.try_recv().unwrap();
    assert!(head.starts_with("get /customers/own/orders?region=us http/1.1\r\n"), "{head}");
    assert!(head.contains("\r\nx-tenant: own-tenant\r\n"), "{head}");
    assert_eq!(head.matches("x-tenant").count(), 1, "{head}");
}

#[tokio::test]
async fn a_path_global_left_unset_fails_before_sending() {
    let (url, heads) = server();
    let error = client(&url)
        .orders()
        .list_orders(ListOrdersRequest::new())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, globals_sdk::Error::InvalidRequest(m) if m.contains("{customerId}")),
        "{error:?}"
    );
    assert!(heads.try_recv().is_err(), "a request was sent");
    // A dot segment from the globals is refused like one from the request.
    let error = client(&url)
        .with_globals(Globals::new().with_customer_id(".."))
        .orders()
        .list_orders(ListOrdersRequest::new())
        .await
        .unwrap_err();
    assert!(matches!(error, globals_sdk::Error::InvalidPathParameter { .. }), "{error:?}");
    assert!(heads.try_recv().is_err(), "a request was sent");
}

#[test]
fn the_blocking_client_sends_the_globals_too() {
    let (url, heads) = server();
    let client = globals_sdk::blocking::GlobalsSdk::builder()
        .server_url(&url)
        .build()
        .unwrap()
        .with_globals(Globals::new().with_customer_id("b"));
    assert_eq!(client.globals().customer_id.as_deref(), Some("b"));
    client.orders().list_orders(ListOrdersRequest::new()).unwrap();
    assert!(heads.try_recv().unwrap().starts_with("get /customers/b/orders?region=eu "));
}
"##;

#[test]
fn generated_clients_send_their_globals() {
    let loaded = generator::load::load_str(Path::new("globals.yaml"), SPEC).expect("loads");
    let options = CrateOptions::new("globals-sdk".to_owned(), "0.1.0".to_owned());
    let generation = generator::generate(&loaded, &options).expect("generates");
    support::run_crate_test("globals-sdk", &generation.files, "calls", CALL_TEST);
}
