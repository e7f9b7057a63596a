//! `application/jsonl` and `application/x-ndjson` responses: one JSON value
//! per line, each decoded into the operation's item type as it arrives. A
//! line is bounded by the call's response size limit, so a server that never
//! ends one cannot make the client hold more.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::stream::{self, Stream};
use serde::de::DeserializeOwned;

use super::error::Error;
use super::sse::{decode_item, Boxed, FrameTooLarge, Head};
use super::stream::{BodyError, ByteStream};

/// Splits chunks into lines (LF, with an optional CR before it), refusing a
/// line longer than the limit. Blank lines are skipped.
#[derive(Debug)]
pub struct LineSplitter {
    limit: u64,
    line: Vec<u8>,
}

impl LineSplitter {
    /// A splitter that refuses a line longer than `limit` bytes.
    pub fn new(limit: u64) -> Self {
        LineSplitter {
            limit,
            line: Vec::new(),
        }
    }

    /// Reads `chunk`, appending the lines it completes to `out`.
    pub fn feed(&mut self, chunk: &[u8], out: &mut Vec<Vec<u8>>) -> Result<(), FrameTooLarge> {
        for &byte in chunk {
            if byte == b'\n' {
                let line = std::mem::take(&mut self.line);
                push_line(line, out);
            } else {
                if self.line.len() as u64 >= self.limit {
                    return Err(FrameTooLarge { limit: self.limit });
                }
                self.line.push(byte);
            }
        }
        Ok(())
    }

    /// Ends the input: a last line without a newline is still a line.
    pub fn finish(&mut self, out: &mut Vec<Vec<u8>>) {
        let line = std::mem::take(&mut self.line);
        push_line(line, out);
    }
}

fn push_line(mut line: Vec<u8>, out: &mut Vec<Vec<u8>>) {
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    if !line.iter().all(u8::is_ascii_whitespace) {
        out.push(line);
    }
}

/// The items of a JSON-lines operation, as they arrive.
///
/// It ends at the end of the body, or after yielding the first error: a
/// failed read, a line longer than the call's response size limit
/// ([`Error::ResponseTooLarge`]), or a line that is not a `T`
/// ([`Error::Decode`], its `response.body` the line).
pub struct JsonLines<T, E> {
    inner: Boxed<Result<T, Error<E>>>,
}

impl<T, E> std::fmt::Debug for JsonLines<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonLines").finish_non_exhaustive()
    }
}

impl<T, E> Stream for JsonLines<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

struct Lines<E> {
    head: Head,
    chunks: Boxed<Result<Bytes, BodyError>>,
    splitter: LineSplitter,
    ready: VecDeque<Vec<u8>>,
    failure: Option<Error<E>>,
    done: bool,
}

impl<T, E> JsonLines<T, E>
where
    T: DeserializeOwned + Send + 'static,
    E: Send + 'static,
{
    /// Reads `body`, each line at most the call's response size limit.
    pub fn new(body: ByteStream) -> Self {
        let limit = body.max_size();
        let head = Head::of(&body);
        Self::parse(body.into_stream(), limit, head)
    }

    /// Reads a stream of chunks (as the body of a `200` without headers),
    /// each line at most `limit` bytes.
    pub fn from_chunks(
        chunks: impl Stream<Item = Result<Bytes, BodyError>> + Send + 'static,
        limit: u64,
    ) -> Self {
        Self::parse(chunks, limit, Head::default())
    }

    fn parse(
        chunks: impl Stream<Item = Result<Bytes, BodyError>> + Send + 'static,
        limit: u64,
        head: Head,
    ) -> Self {
        let state = Lines::<E> {
            head,
            chunks: Box::pin(chunks),
            splitter: LineSplitter::new(limit),
            ready: VecDeque::new(),
            failure: None,
            done: false,
        };
        let inner = stream::unfold(state, |mut state| async move {
            loop {
                if let Some(line) = state.ready.pop_front() {
                    let item = decode_item::<T, E>(&line, &state.head);
                    if item.is_err() {
                        // A line that is not an item ends the stream: what follows may be
                        // out of step.
                        state.ready.clear();
                        state.failure = None;
                        state.done = true;
                    }
                    return Some((item, state));
                }
                if let Some(error) = state.failure.take() {
                    return Some((Err(error), state));
                }
                if state.done {
                    return None;
                }
                let mut out = Vec::new();
                match futures_util::StreamExt::next(&mut state.chunks).await {
                    Some(Ok(chunk)) => {
                        if let Err(FrameTooLarge { limit }) = state.splitter.feed(&chunk, &mut out)
                        {
                            state.done = true;
                            state.failure = Some(state.head.too_large(limit));
                        }
                    }
                    Some(Err(error)) => {
                        state.done = true;
                        state.failure = Some(error.into());
                    }
                    None => {
                        state.splitter.finish(&mut out);
                        state.done = true;
                    }
                }
                state.ready.extend(out);
            }
        });
        JsonLines {
            inner: Box::pin(inner),
        }
    }
}
