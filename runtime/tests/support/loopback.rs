//! Hand-made loopback servers for faults wiremock cannot script: silence,
//! dripping bytes, dropped connections, huge bodies. Each accepts for a
//! bounded time and counts the requests it read in full.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// A running server: its URL and how many complete requests it has read.
pub struct Loopback {
    pub url: String,
    requests: Arc<AtomicUsize>,
}

impl Loopback {
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Serves connections for `lifetime`, running `handle` on each complete
/// request (head and body read) in its own thread.
pub fn serve(lifetime: Duration, handle: impl Fn(TcpStream) + Send + Sync + 'static) -> Loopback {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.set_nonblocking(true).expect("nonblocking");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    let handle = Arc::new(handle);
    thread::spawn(move || {
        let deadline = Instant::now() + lifetime;
        while Instant::now() < deadline {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    let counter = counter.clone();
                    let handle = handle.clone();
                    thread::spawn(move || {
                        let _ = stream.set_nonblocking(false);
                        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                        if read_request(&mut stream) {
                            counter.fetch_add(1, Ordering::SeqCst);
                            handle(stream);
                        }
                    });
                }
                Err(_) => thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    Loopback { url, requests }
}

/// Reads one request's head and its `Content-Length` body; false if the
/// client went away first.
fn read_request(stream: &mut TcpStream) -> bool {
    let mut data = Vec::new();
    let mut buffer = [0; 4096];
    let head_end = loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return false,
            Ok(n) => data.extend_from_slice(&buffer[..n]),
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while data.len() < head_end + length {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return false,
            Ok(n) => data.extend_from_slice(&buffer[..n]),
        }
    }
    true
}

/// Reads the request and never answers (holds the socket for a while).
pub fn silent() -> Loopback {
    serve(Duration::from_secs(5), |_stream| {
        thread::sleep(Duration::from_secs(3));
    })
}

/// Answers 200 with a 1,000-byte body, one byte every 50 ms.
pub fn drip() -> Loopback {
    serve(Duration::from_secs(5), |mut stream| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n");
        for _ in 0..60 {
            if stream.write_all(b"x").is_err() {
                return;
            }
            thread::sleep(Duration::from_millis(50));
        }
    })
}

/// Reads the whole request, then closes the connection without a word.
pub fn hang_up() -> Loopback {
    serve(Duration::from_secs(5), drop)
}

/// Answers 200 with `total` bytes of `application/octet-stream` in 64 KiB
/// chunks, declaring the length only when `declare` is set (else the
/// connection close ends the body).
pub fn big_body(total: usize, declare: bool) -> Loopback {
    serve(Duration::from_secs(10), move |mut stream| {
        let length = if declare {
            format!("content-length: {total}\r\n")
        } else {
            String::new()
        };
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\n{length}connection: close\r\n\r\n"
        );
        if stream.write_all(head.as_bytes()).is_err() {
            return;
        }
        let chunk = vec![b'z'; 64 * 1024];
        let mut sent = 0;
        while sent < total {
            let n = chunk.len().min(total - sent);
            if stream.write_all(&chunk[..n]).is_err() {
                return;
            }
            sent += n;
        }
    })
}
