//! Runtime cost of the SDK, reported (never asserted) by `cargo xtask bench`:
//! - `companies().list()` through the SDK against the same call hand-written with reqwest and
//!   decoded into the same type, both against one loopback server, rounds interleaved;
//! - decoding a large `Companies` page into the generated types against `serde_json::Value`.
//!
//! Prints `BENCH|<measure>|<result>` lines that the bench command copies into BENCHMARKS.md.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use codat_platform::models::{operations, shared};
use codat_platform::runtime::{reqwest, Credential, RetryConfig};
use codat_platform::CodatPlatform;
use serde_json::{json, Value};

const CALLS_PER_ROUND: usize = 500;
const ROUNDS: usize = 9;
const PAGE_ITEMS: usize = 5000;
const DECODE_ROUNDS: usize = 15;

fn company(i: usize) -> Value {
    json!({
        "id": format!("0498e921-9b53-4396-a412-{i:012}"),
        "name": format!("Company {i}"),
        "description": "Requested a loan for refurb.",
        "redirect": "https://link.codat.io/company/0498e921-9b53-4396-a412-4f2f5983b0a2",
        "lastSync": "2022-01-01T12:00:00.000Z",
        "created": "2022-01-01T12:00:00.000Z",
        "createdByUserName": "Codat",
        "products": ["spend-insights", "lending"],
        "tags": {"region": "uk", "uid": "335a086e"},
        "dataConnections": [{
            "id": "51baa045-4836-4317-a42e-3542e991e581",
            "integrationId": "bf083d72-62c7-493e-aec9-81b4dbba7e2c",
            "integrationKey": "dfxm",
            "sourceId": "bdd831ce-eebd-4896-89a7-20e5ee8989ee",
            "platformName": "Basiq",
            "linkUrl": "https://link-api.codat.io/companies/86bd88cb/connections/51baa045/start",
            "status": "Linked",
            "sourceType": "Banking",
            "created": "2022-10-27T09:53:29Z"
        }]
    })
}

fn page(items: usize) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "results": (0..items).map(company).collect::<Vec<_>>(),
        "pageNumber": 1, "pageSize": items, "totalResults": items,
        "_links": {"self": {"href": "/companies"}, "current": {"href": "/companies?page=1"}}
    }))
    .unwrap()
}

/// A keep-alive HTTP/1.1 server on loopback answering every request with `body`.
fn serve(body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    let response: Vec<u8> = [head.as_bytes(), &body].concat();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let response = response.clone();
            std::thread::spawn(move || answer(stream, &response));
        }
    });
    format!("http://{address}")
}

fn answer(stream: TcpStream, response: &[u8]) {
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    loop {
        let mut length = 0;
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap_or(0);
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() || writer.write_all(response).is_err() {
            return;
        }
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

async fn sdk_round(sdk: &CodatPlatform) -> Duration {
    let start = Instant::now();
    for _ in 0..CALLS_PER_ROUND {
        let page = sdk
            .companies()
            .list(operations::ListCompaniesRequest::default())
            .await
            .unwrap();
        std::hint::black_box(page);
    }
    start.elapsed()
}

async fn hand_written_round(http: &reqwest::Client, url: &str) -> Duration {
    let target = reqwest::Url::parse(&format!("{url}/companies?page=1&pageSize=100")).unwrap();
    let start = Instant::now();
    for _ in 0..CALLS_PER_ROUND {
        let bytes = http
            .get(target.clone())
            .header("authorization", "Basic a2V5")
            .header("accept", "application/json")
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let page: shared::Companies = serde_json::from_slice(&bytes).unwrap();
        std::hint::black_box(page);
    }
    start.elapsed()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let url = serve(page(3));
    let http = reqwest::Client::new();
    // Both sides share one reqwest client (and so one configuration and connection pool).
    let sdk = CodatPlatform::builder()
        .http_client(http.clone())
        .server_url(url.as_str())
        .credential(Credential::header("Authorization", "Basic a2V5"))
        .retry_config(RetryConfig::none())
        .build()
        .unwrap();
    let (mut through_sdk, mut by_hand) = (Vec::new(), Vec::new());
    runtime.block_on(async {
        // Warm both connection pools first.
        sdk_round(&sdk).await;
        hand_written_round(&http, &url).await;
        for _ in 0..ROUNDS {
            by_hand.push(hand_written_round(&http, &url).await);
            through_sdk.push(sdk_round(&sdk).await);
        }
    });
    let (sdk_time, hand_time) = (median(through_sdk), median(by_hand));
    let per_call = |d: Duration| d.as_secs_f64() * 1e6 / CALLS_PER_ROUND as f64;
    println!(
        "BENCH|`companies().list()` through the SDK vs hand-written reqwest ({CALLS_PER_ROUND} calls x {ROUNDS} rounds, loopback, median)|{:.1} µs vs {:.1} µs per call: ratio {:.3} (target <= 1.05)",
        per_call(sdk_time),
        per_call(hand_time),
        sdk_time.as_secs_f64() / hand_time.as_secs_f64()
    );

    let bytes = page(PAGE_ITEMS);
    let mb = bytes.len() as f64 / 1e6;
    let time = |decode: &dyn Fn()| {
        median(
            (0..DECODE_ROUNDS)
                .map(|_| {
                    let start = Instant::now();
                    decode();
                    start.elapsed()
                })
                .collect(),
        )
    };
    let typed = time(&|| {
        std::hint::black_box(serde_json::from_slice::<shared::Companies>(&bytes).unwrap());
    });
    let untyped = time(&|| {
        std::hint::black_box(serde_json::from_slice::<Value>(&bytes).unwrap());
    });
    println!(
        "BENCH|decoding a {PAGE_ITEMS}-company page ({mb:.1} MB) into `shared::Companies` vs `serde_json::Value`|{:.0} MB/s vs {:.0} MB/s: ratio {:.2}",
        mb / typed.as_secs_f64(),
        mb / untyped.as_secs_f64(),
        untyped.as_secs_f64() / typed.as_secs_f64()
    );
}
