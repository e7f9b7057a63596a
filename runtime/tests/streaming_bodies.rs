//! `text/event-stream` and JSON-lines bodies: frames parsed across split chunks, bounded in
//! size, and decoded into typed items.

mod support;

use codat_runtime::{
    BodyError, Bytes, Error, EventStream, JsonLines, LineSplitter, Method, RawEvent, Request,
    RequestOptions, SseParser,
};
use futures_util::stream::{self, StreamExt};
use serde::Deserialize;
use support::{client, ErrorModel};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Deserialize, PartialEq)]
struct Delta {
    text: String,
}

fn chunks(parts: &[&[u8]]) -> impl futures_util::Stream<Item = Result<Bytes, BodyError>> {
    let parts: Vec<Result<Bytes, BodyError>> = parts
        .iter()
        .map(|p| Ok(Bytes::copy_from_slice(p)))
        .collect();
    stream::iter(parts)
}

fn parse_all(input: &[&[u8]], limit: u64) -> Result<Vec<RawEvent>, codat_runtime::FrameTooLarge> {
    let mut parser = SseParser::new(limit);
    let mut out = Vec::new();
    for part in input {
        parser.feed(part, &mut out)?;
    }
    Ok(out)
}

#[test]
fn sse_frames_join_data_lines_and_keep_event_id_and_retry() {
    let body: &[u8] = b"\xEF\xBB\xBF: a comment\nevent: delta\nid: 7\nretry: 1500\ndata: {\"text\":\ndata:  \"a\"}\n\ndata: second\r\n\r\nevent: no-data\n\ndata\n\n";
    let events = parse_all(&[body], 1024).unwrap();
    assert_eq!(events.len(), 3, "{events:?}");
    assert_eq!(events[0].event.as_deref(), Some("delta"));
    assert_eq!(events[0].id.as_deref(), Some("7"));
    assert_eq!(events[0].retry, Some(1500));
    assert_eq!(events[0].data, "{\"text\":\n \"a\"}");
    // The id carries over; event and retry do not; a frame without data is not an event.
    assert_eq!(events[1].event, None);
    assert_eq!(events[1].id.as_deref(), Some("7"));
    assert_eq!(events[1].data, "second");
    assert_eq!(events[2].data, "");
}

#[test]
fn sse_frames_split_anywhere_parse_the_same() {
    let body: &[u8] = b"event: e\r\ndata: {\"text\":\"x\"}\r\n\r\ndata: 2\r\rdata: 3\n\n";
    let whole = parse_all(&[body], 1024).unwrap();
    assert_eq!(whole.len(), 3);
    for cut in 0..body.len() {
        let (a, b) = body.split_at(cut);
        assert_eq!(parse_all(&[a, b], 1024).unwrap(), whole, "cut at {cut}");
    }
    let bytes: Vec<&[u8]> = body.chunks(1).collect();
    assert_eq!(parse_all(&bytes, 1024).unwrap(), whole);
}

#[test]
fn an_sse_frame_or_line_past_the_limit_is_refused() {
    // One endless line, and a frame of many short lines: both stop at the limit.
    let endless = vec![b'a'; 10_000];
    assert_eq!(
        parse_all(&[b"data: ", &endless], 100).unwrap_err().limit,
        100
    );
    let many = b"data: x\n".repeat(100);
    assert!(parse_all(&[&many], 100).is_err());
    // Frames under the limit each start from zero.
    let frames = b"data: x\n\n".repeat(100);
    assert_eq!(parse_all(&[&frames], 100).unwrap().len(), 100);
}

/// Keep-alive comments are dropped, so they hold nothing against the frame limit, before
/// an event or between events; one comment line past the limit is still refused.
#[test]
fn sse_keep_alive_comments_do_not_count_toward_the_limit() {
    let pings = b":ping\n".repeat(1_000);
    let mut body = pings.clone();
    body.extend_from_slice(b"data: x\n");
    body.extend_from_slice(&pings);
    body.extend_from_slice(b"\n");
    let events = parse_all(&[&body], 100).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].data, "x");
    let long_comment = [b":".as_slice(), &[b'a'; 200]].concat();
    assert!(parse_all(&[&long_comment], 100).is_err());
}

#[tokio::test]
async fn an_event_stream_decodes_each_frame_and_ends_at_an_oversized_one() {
    let events: EventStream<Delta, ErrorModel> = EventStream::from_chunks(
        chunks(&[
            b"data: {\"text\":\"a\"}\n",
            b"\ndata: {\"te",
            b"xt\":\"b\"}\n\ndata: ",
            &[b'x'; 500],
        ]),
        100,
    );
    let items: Vec<_> = events.collect().await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().data, Delta { text: "a".into() });
    assert_eq!(items[1].as_ref().unwrap().data, Delta { text: "b".into() });
    assert!(matches!(
        items[2],
        Err(Error::ResponseTooLarge { limit: 100, .. })
    ));
}

#[tokio::test]
async fn an_event_whose_data_is_not_the_type_ends_the_stream_with_its_path() {
    let events: EventStream<Delta, ErrorModel> = EventStream::from_chunks(
        chunks(&[b"data: {\"text\": 5}\n\ndata: {\"text\":\"later\"}\n\n"]),
        1024,
    );
    let items: Vec<_> = events.collect().await;
    assert_eq!(items.len(), 1);
    match &items[0] {
        Err(Error::Decode { path, response, .. }) => {
            assert_eq!(path, "text");
            assert_eq!(&response.body[..], b"{\"text\": 5}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_event_stream_operation_is_read_as_it_arrives() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .and(header("accept", "text/event-stream"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/event-stream")
                .set_body_string("event: delta\ndata: {\"text\":\"hi\"}\n\n: ping\n\ndata: {\"text\":\"bye\"}\n\n"),
        )
        .mount(&server)
        .await;
    let mut request = Request::new(Method::GET, "stream-events", "/events");
    request.accept("text/event-stream");
    let events = client(&server)
        .call::<ErrorModel>(request, &RequestOptions::new(), &["4XX"])
        .event_stream::<Delta>()
        .await
        .unwrap();
    let items: Vec<_> = events.map(Result::unwrap).collect().await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].event.as_deref(), Some("delta"));
    assert_eq!(items[1].data.text, "bye");
}

#[test]
fn json_lines_split_on_newlines_skip_blanks_and_keep_a_last_unterminated_line() {
    let mut splitter = LineSplitter::new(64);
    let mut out = Vec::new();
    splitter
        .feed(b"{\"a\":1}\r\n\n  \n{\"a\"", &mut out)
        .unwrap();
    splitter.feed(b":2}\n{\"a\":3}", &mut out).unwrap();
    splitter.finish(&mut out);
    let lines: Vec<&[u8]> = out.iter().map(Vec::as_slice).collect();
    assert_eq!(lines, [&b"{\"a\":1}"[..], b"{\"a\":2}", b"{\"a\":3}"]);
    assert!(LineSplitter::new(8).feed(&[b'1'; 9], &mut out).is_err());
}

#[tokio::test]
async fn a_json_lines_operation_yields_typed_items_and_refuses_an_endless_line() {
    let server = MockServer::start().await;
    let mut body = "{\"text\":\"a\"}\n{\"text\":\"b\"}\n".to_owned();
    body.push_str(&"x".repeat(4096));
    Mock::given(method("GET"))
        .and(path("/lines"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/x-ndjson")
                .set_body_string(body),
        )
        .mount(&server)
        .await;
    let request = Request::new(Method::GET, "list-lines", "/lines");
    let lines: JsonLines<Delta, ErrorModel> = client(&server)
        .call::<ErrorModel>(request, &RequestOptions::new().max_response_size(1024), &[])
        .json_lines::<Delta>()
        .await
        .unwrap();
    let items: Vec<_> = lines.collect().await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[1].as_ref().unwrap().text, "b");
    assert!(matches!(
        items[2],
        Err(Error::ResponseTooLarge { limit: 1024, .. })
    ));
}
