//! Prism loads the Platform spec, answers a valid request with the spec's example and no
//! violation, reports requests that break the spec, and is gone once dropped. Plain HTTP/1.1
//! over `TcpStream`, so this checks the harness independently of the generated client.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use sdk_tests::prism::{Mode, Prism};

/// An HTTP answer: status, headers with lower-case names, body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request with `Connection: close` and reads the whole answer.
fn send(prism: &Prism, method: &str, target: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", prism.port())).expect("connects to Prism");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut request = format!(
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n",
        prism.port()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() || method == "POST" || method == "PUT" || method == "PATCH" {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("Connection: close\r\n\r\n");
    request.push_str(body);
    stream
        .write_all(request.as_bytes())
        .expect("sends the request");

    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads the answer");
    let raw = String::from_utf8(raw).expect("the answer is UTF-8");
    let (head, body) = raw.split_once("\r\n\r\n").expect("the answer has a head");
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    // Prism answers `Connection: close` requests with Content-Length, never chunked.
    Answer {
        status,
        headers,
        body: body.to_owned(),
    }
}

const AUTH: (&str, &str) = ("Authorization", "Basic abc");
const JSON: (&str, &str) = ("Content-Type", "application/json");

#[test]
fn prism_mocks_the_platform_spec_and_reports_bad_requests() {
    let Some(prism) = Prism::start_or_skip(Path::new(sdk_tests::SPEC), Mode::Static) else {
        return;
    };
    let port = prism.port();

    let ok = send(&prism, "GET", "/companies?page=1&pageSize=100", &[AUTH], "");
    assert_eq!(ok.status, 200, "GET /companies: {}", ok.body);
    assert_eq!(
        ok.header("sl-violations"),
        None,
        "GET /companies: {}",
        ok.body
    );
    // Static mode answers with the spec's first example of listCompanies.
    assert!(
        ok.body.contains("\"name\":\"My Test Company\""),
        "GET /companies: {}",
        ok.body
    );
    assert!(
        prism.request_problems().is_empty(),
        "{:#?}",
        prism.request_problems()
    );

    // The operation declares a 400 answer, so Prism sends that with the reason in a header.
    let missing_name = send(&prism, "POST", "/companies", &[AUTH, JSON], "{}");
    assert_eq!(
        missing_name.status, 400,
        "POST /companies {{}}: {}",
        missing_name.body
    );
    let violations = missing_name.header("sl-violations").unwrap_or_default();
    assert!(
        violations.contains("\"request\"") && violations.contains("required property 'name'"),
        "POST /companies {{}}: sl-violations {violations:?}"
    );

    // No 422 in the spec: Prism makes its own problem document and sets no header.
    let bad_id = send(&prism, "GET", "/companies/not-a-uuid", &[AUTH], "");
    assert_eq!(
        bad_id.status, 422,
        "GET /companies/not-a-uuid: {}",
        bad_id.body
    );
    assert!(
        bad_id.body.contains("must match format \\\"uuid\\\""),
        "{}",
        bad_id.body
    );

    let unauthorized = send(&prism, "GET", "/companies?page=1", &[], "");
    assert_eq!(
        unauthorized.status, 401,
        "GET /companies without Authorization: {}",
        unauthorized.body
    );

    assert_eq!(
        prism.request_problems(),
        [
            "post /companies: Request body must have required property 'name'",
            "get /companies/not-a-uuid: Request path parameter companyid must match format \"uuid\"",
            "get /companies: Invalid security scheme used",
        ]
    );

    drop(prism);
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "Prism still listens on {port} after drop"
    );
}
