//! `text/event-stream` responses: the frames of a server-sent event stream,
//! each frame's `data` decoded as JSON into the operation's event type.
//!
//! The parser follows the WHATWG rules (lines end in CRLF, LF or CR; `:`
//! starts a comment; `data:` lines accumulate; an empty line dispatches),
//! and bounds every frame: a server that never ends a line or a frame cannot
//! make the client hold more than the call's response size limit.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::stream::{self, Stream};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::error::Error;
use super::response::{error_path, RawResponse};
use super::stream::ByteStream;

/// A boxed stream, as the streamed bodies hold theirs.
pub(crate) type Boxed<I> = Pin<Box<dyn Stream<Item = I> + Send>>;

/// One event of a `text/event-stream` response, its data decoded as `T`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ServerEvent<T> {
    /// The `event:` field, when the frame names its type.
    pub event: Option<String>,
    /// The last `id:` the stream set (it carries over to later frames, as in
    /// browsers' `lastEventId`).
    pub id: Option<String>,
    /// The `retry:` field in milliseconds, when the frame has one.
    pub retry: Option<u64>,
    /// The frame's `data:` lines, joined with `\n` and decoded as JSON.
    pub data: T,
}

/// A frame as read from the wire, before its data is decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEvent {
    /// The `event:` field.
    pub event: Option<String>,
    /// The last `id:` seen.
    pub id: Option<String>,
    /// The `retry:` field.
    pub retry: Option<u64>,
    /// The `data:` lines joined with `\n`.
    pub data: String,
}

/// A frame (or one line of it) passed the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameTooLarge {
    /// The limit in bytes.
    pub limit: u64,
}

/// An incremental `text/event-stream` parser: feed it chunks as they arrive,
/// take the complete frames out.
#[derive(Debug)]
pub struct SseParser {
    limit: u64,
    line: Vec<u8>,
    /// The previous chunk ended in CR: a LF starting this one belongs to it.
    after_cr: bool,
    /// No byte seen yet: a leading BOM is dropped.
    at_start: bool,
    event: Option<String>,
    data: String,
    has_data: bool,
    retry: Option<u64>,
    last_id: Option<String>,
    /// Bytes held for the frame being read (its lines so far plus the current one).
    held: u64,
}

impl SseParser {
    /// A parser that refuses a frame larger than `limit` bytes.
    pub fn new(limit: u64) -> Self {
        SseParser {
            limit,
            line: Vec::new(),
            after_cr: false,
            at_start: true,
            event: None,
            data: String::new(),
            has_data: false,
            retry: None,
            last_id: None,
            held: 0,
        }
    }

    /// Reads `chunk`, appending the frames it completes to `out`.
    pub fn feed(&mut self, chunk: &[u8], out: &mut Vec<RawEvent>) -> Result<(), FrameTooLarge> {
        let mut chunk = chunk;
        if self.at_start && !chunk.is_empty() {
            self.at_start = false;
            chunk = chunk.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(chunk);
        }
        for &byte in chunk {
            let after_cr = std::mem::replace(&mut self.after_cr, false);
            match byte {
                b'\n' if after_cr => {}
                b'\n' | b'\r' => {
                    self.after_cr = byte == b'\r';
                    let line = std::mem::take(&mut self.line);
                    self.line_done(&line, out);
                }
                _ => {
                    self.held += 1;
                    if self.held > self.limit {
                        return Err(FrameTooLarge { limit: self.limit });
                    }
                    self.line.push(byte);
                }
            }
        }
        Ok(())
    }

    fn line_done(&mut self, line: &[u8], out: &mut Vec<RawEvent>) {
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line[0] == b':' {
            // A comment is dropped, so it holds nothing for the frame: keep-alive
            // `:ping` lines on a long-lived stream must not add up to the limit.
            let len = u64::try_from(line.len()).unwrap_or(u64::MAX);
            self.held = self.held.saturating_sub(len);
            return;
        }
        let (field, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        let value = String::from_utf8_lossy(value);
        match field {
            b"event" => self.event = Some(value.into_owned()),
            b"data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(&value);
                self.has_data = true;
            }
            b"id" if !value.contains('\0') => self.last_id = Some(value.into_owned()),
            b"retry" => {
                if let Ok(ms) = value.parse::<u64>() {
                    self.retry = Some(ms);
                }
            }
            _ => {}
        }
    }

    /// Ends a frame: one with data becomes an event, any other is dropped.
    fn dispatch(&mut self, out: &mut Vec<RawEvent>) {
        self.held = 0;
        let event = self.event.take();
        let retry = self.retry.take();
        if !std::mem::take(&mut self.has_data) {
            return;
        }
        out.push(RawEvent {
            event,
            id: self.last_id.clone(),
            retry,
            data: std::mem::take(&mut self.data),
        });
    }
}

/// The events of a `text/event-stream` operation, as they arrive.
///
/// It ends at the end of the body, or after yielding the first error: a
/// failed read, a frame larger than the call's response size limit
/// ([`Error::ResponseTooLarge`]), or a frame whose data is not a `T`
/// ([`Error::Decode`], its `response.body` the frame's data). A frame left
/// unfinished at the end of the body is dropped, as browsers do.
pub struct EventStream<T, E> {
    inner: Boxed<Result<ServerEvent<T>, Error<E>>>,
}

impl<T, E> std::fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<ServerEvent<T>, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T, E> EventStream<T, E>
where
    T: DeserializeOwned + Send + 'static,
    E: Send + 'static,
{
    /// Parses `body`, each frame at most the call's response size limit.
    pub fn new(body: ByteStream) -> Self {
        let limit = body.max_size();
        let head = Head::of(&body);
        Self::parse(body.into_stream(), limit, head)
    }

    /// Parses a stream of chunks (as the body of a `200` without headers),
    /// each frame at most `limit` bytes.
    pub fn from_chunks(
        chunks: impl Stream<Item = Result<Bytes, super::BodyError>> + Send + 'static,
        limit: u64,
    ) -> Self {
        Self::parse(chunks, limit, Head::default())
    }

    fn parse(
        chunks: impl Stream<Item = Result<Bytes, super::BodyError>> + Send + 'static,
        limit: u64,
        head: Head,
    ) -> Self {
        let state = Framed::<E> {
            head,
            chunks: Box::pin(chunks),
            parser: SseParser::new(limit),
            ready: VecDeque::new(),
            failure: None,
            done: false,
        };
        let inner = stream::unfold(state, |mut state| async move {
            loop {
                if let Some(raw) = state.ready.pop_front() {
                    let event = decode_event(raw, &state.head);
                    if event.is_err() {
                        // A frame that is not an event ends the stream, like any error.
                        state.ready.clear();
                        state.failure = None;
                        state.done = true;
                    }
                    return Some((event, state));
                }
                // The frames before a failure are yielded first, then the failure, then nothing.
                if let Some(error) = state.failure.take() {
                    return Some((Err(error), state));
                }
                if state.done {
                    return None;
                }
                match futures_util::StreamExt::next(&mut state.chunks).await {
                    Some(Ok(chunk)) => {
                        let mut out = Vec::new();
                        let fed = state.parser.feed(&chunk, &mut out);
                        state.ready.extend(out);
                        if let Err(FrameTooLarge { limit }) = fed {
                            state.done = true;
                            state.failure = Some(state.head.too_large(limit));
                        }
                    }
                    Some(Err(error)) => {
                        state.done = true;
                        state.failure = Some(error.into());
                    }
                    None => state.done = true,
                }
            }
        });
        EventStream {
            inner: Box::pin(inner),
        }
    }
}

struct Framed<E> {
    head: Head,
    chunks: Boxed<Result<Bytes, super::BodyError>>,
    parser: SseParser,
    ready: VecDeque<RawEvent>,
    failure: Option<Error<E>>,
    done: bool,
}

/// The status and headers of a streamed body, for the errors of its items.
#[derive(Debug, Clone, Default)]
pub(crate) struct Head {
    status: StatusCode,
    headers: HeaderMap,
}

impl Head {
    pub(crate) fn of(body: &ByteStream) -> Self {
        Head {
            status: body.status(),
            headers: body.headers().clone(),
        }
    }

    /// A frame or line passed `limit`: the body is larger than the call allows to hold.
    pub(crate) fn too_large<E>(&self, limit: u64) -> Error<E> {
        Error::ResponseTooLarge {
            status: self.status,
            limit,
        }
    }
}

fn decode_event<T: DeserializeOwned, E>(
    raw: RawEvent,
    head: &Head,
) -> Result<ServerEvent<T>, Error<E>> {
    let data = decode_item::<T, E>(raw.data.as_bytes(), head)?;
    Ok(ServerEvent {
        event: raw.event,
        id: raw.id,
        retry: raw.retry,
        data,
    })
}

/// Decodes one frame's data or one line as `T`; a failure is [`Error::Decode`] whose
/// response body is the item, naming where in it decoding failed.
pub(crate) fn decode_item<T: DeserializeOwned, E>(item: &[u8], head: &Head) -> Result<T, Error<E>> {
    serde_json::from_slice(item).map_err(|source| Error::Decode {
        path: error_path::<T>(item),
        response: Box::new(RawResponse {
            status: head.status,
            headers: head.headers.clone(),
            body: Bytes::copy_from_slice(item),
        }),
        source,
    })
}

/// The error model `E` of an [`Error<E>`], for generated code that names a stream's
/// type through the SDK's `Error` alias.
pub trait ErrorModelOf {
    /// The documented error model.
    type Model;
}

impl<E> ErrorModelOf for Error<E> {
    type Model = E;
}
