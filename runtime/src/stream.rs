//! Streamed response bodies: downloads are read chunk by chunk, so memory
//! stays flat whatever their size.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_util::stream::{self, Stream};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::response::Response;

/// Why reading a streamed body failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BodyError {
    /// One read waited longer than the call's per-attempt timeout.
    #[error("reading the response body timed out")]
    Timeout,
    /// The connection failed while the body was read.
    #[error("network error while reading the response body")]
    Network(#[source] reqwest::Error),
    /// [`ByteStream::collect_bytes`] passed the call's response size limit.
    #[error("response body of status {status} is larger than {limit} bytes")]
    TooLarge {
        /// The response status.
        status: StatusCode,
        /// The limit in bytes.
        limit: u64,
    },
}

/// The body of a successful download, read as it arrives.
///
/// Status handling, retries and hooks have run when an operation returns
/// one: it is always a 2XX response. Each read waits at most the call's
/// per-attempt timeout, but the whole body has no deadline and no size
/// limit, because a large file legitimately takes long: stop reading (drop
/// the stream) to give up. [`ByteStream::collect_bytes`] buffers it under
/// the call's size limit instead.
#[derive(Debug)]
pub struct ByteStream {
    status: StatusCode,
    headers: HeaderMap,
    source: Source,
    read_timeout: Option<Duration>,
    max_size: u64,
}

#[derive(Debug)]
enum Source {
    /// The connection, body unread.
    Http(reqwest::Response),
    /// A body already in memory (set by a hook), yielded once.
    Buffered(Option<Bytes>),
}

impl ByteStream {
    /// Wraps a response whose body is still on the connection.
    pub(crate) fn from_http(
        response: Response,
        body: reqwest::Response,
        read_timeout: Option<Duration>,
        max_size: u64,
    ) -> Self {
        ByteStream {
            status: response.status,
            headers: response.headers,
            source: Source::Http(body),
            read_timeout,
            max_size,
        }
    }

    /// Wraps a response already in memory (e.g. one a hook provided).
    pub(crate) fn from_buffered(response: Response, max_size: u64) -> Self {
        let body = (!response.body.is_empty()).then_some(response.body);
        ByteStream {
            status: response.status,
            headers: response.headers,
            source: Source::Buffered(body),
            read_timeout: None,
            max_size,
        }
    }

    /// HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The call's response size limit: what [`ByteStream::collect_bytes`]
    /// holds at most, and the largest frame or line a streamed body may have.
    pub fn max_size(&self) -> u64 {
        self.max_size
    }

    /// Response headers (`Content-Type`, `Content-Disposition`...).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The next chunk of the body, `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, BodyError> {
        match &mut self.source {
            Source::Buffered(body) => Ok(body.take()),
            Source::Http(response) => {
                let read = response.chunk();
                let result = match self.read_timeout {
                    Some(limit) => tokio::time::timeout(limit, read)
                        .await
                        .map_err(|_| BodyError::Timeout)?,
                    None => read.await,
                };
                result.map_err(|error| {
                    if error.is_timeout() {
                        BodyError::Timeout
                    } else {
                        BodyError::Network(error)
                    }
                })
            }
        }
    }

    /// Reads the whole body into memory, failing with
    /// [`BodyError::TooLarge`] as soon as it passes the call's response size
    /// limit.
    pub async fn collect_bytes(mut self) -> Result<Bytes, BodyError> {
        let limit = self.max_size;
        let too_large = |status| BodyError::TooLarge { status, limit };
        let mut body = BytesMut::new();
        while let Some(chunk) = self.chunk().await? {
            if exceeds(body.len(), chunk.len(), limit) {
                return Err(too_large(self.status));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    }

    /// The body as a [`Stream`] of chunks, ending after the first error.
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes, BodyError>> + Send + 'static {
        stream::unfold(Some(self), |state| async move {
            let mut body = state?;
            match body.chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk), Some(body))),
                Ok(None) => None,
                Err(error) => Some((Err(error), None)),
            }
        })
    }
}

/// Whether `held + more` bytes pass `limit` (without overflowing).
pub(crate) fn exceeds(held: usize, more: usize, limit: u64) -> bool {
    let total = (held as u64).saturating_add(more as u64);
    total > limit
}
