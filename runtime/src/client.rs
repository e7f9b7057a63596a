//! The client: shared configuration and the typed `send` entry point.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;

use super::auth::Auth;
use super::builder::{ClientBuilder, SdkDefaults};
use super::error::Error;
use super::hooks::Hook;
use super::ndjson::JsonLines;
use super::options::RequestOptions;
use super::request::Request;
use super::response::Response;
use super::retry::RetryConfig;
use super::sse::EventStream;
use super::stream::ByteStream;

/// A cheaply clonable client: one HTTP connection pool and configuration.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<ClientInner>,
}

/// Everything a client shares between clones.
pub(crate) struct ClientInner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) auth: Auth,
    pub(crate) headers: HeaderMap,
    pub(crate) retry: RetryConfig,
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_response_size: u64,
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
    pub(crate) user_agent: HeaderValue,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("credentials", &inner.auth.names())
            .field("retry", &inner.retry)
            .field("timeout", &inner.timeout)
            .field("max_response_size", &inner.max_response_size)
            .field("hooks", &inner.hooks.len())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder with the spec's defaults.
    pub fn builder(defaults: SdkDefaults) -> ClientBuilder<Client> {
        ClientBuilder::new(defaults)
    }

    /// The server URL requests go to (without trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The client-wide retry policy.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.inner.retry
    }

    /// The client-wide per-attempt timeout (always set: the default is
    /// [`DEFAULT_TIMEOUT`](super::DEFAULT_TIMEOUT)).
    pub fn timeout(&self) -> Option<Duration> {
        self.inner.timeout
    }

    /// The client-wide limit on a buffered response body, in bytes.
    pub fn max_response_size(&self) -> u64 {
        self.inner.max_response_size
    }

    /// An operation call, ready to send: it owns a clone of this client (an
    /// `Arc`), `request` and a copy of `options`, so the future that
    /// [`Call::json`], [`Call::empty`] or [`Call::download`] returns is
    /// `Send + 'static`: it can be spawned, stored or returned without
    /// borrowing the client. Error statuses are mapped as with [`Client::send`].
    pub fn call<E>(
        &self,
        request: Request,
        options: &RequestOptions,
        documented: &'static [&'static str],
    ) -> Call<E> {
        Call {
            client: self.clone(),
            request,
            options: options.clone(),
            documented,
            error: PhantomData,
        }
    }

    /// Sends `request` with retries and hooks, and maps an error response
    /// whose status is in `documented` (e.g. `["401", "4XX", "default"]`) to
    /// [`Error::ErrorMessage`] with its body parsed as `E`. Only 2XX
    /// responses are returned as `Ok`.
    pub async fn send<E: DeserializeOwned>(
        &self,
        request: Request,
        options: &RequestOptions,
        documented: &[&str],
    ) -> Result<Response, Error<E>> {
        self.execute(request, options)
            .await
            .map_err(|failure| Error::from_failure(failure, documented))
    }

    /// [`Client::send`] for a download: a 2XX body comes back as a
    /// [`ByteStream`] to read chunk by chunk, so memory stays flat; error
    /// responses are buffered (size-limited) and decoded as with `send`.
    pub async fn send_streaming<E: DeserializeOwned>(
        &self,
        request: Request,
        options: &RequestOptions,
        documented: &[&str],
    ) -> Result<ByteStream, Error<E>> {
        self.execute_streaming(request, options)
            .await
            .map_err(|failure| Error::from_failure(failure, documented))
    }
}

/// An operation call that owns everything it needs, made by [`Client::call`];
/// nothing is sent until the future of one of its methods is awaited.
#[must_use = "a call does nothing until its future is awaited"]
pub struct Call<E> {
    client: Client,
    request: Request,
    options: RequestOptions,
    documented: &'static [&'static str],
    error: PhantomData<fn() -> E>,
}

impl<E: DeserializeOwned + Send + 'static> Call<E> {
    /// Sends the request and decodes a 2XX JSON body as `T`.
    pub async fn json<T: DeserializeOwned + Send + 'static>(self) -> Result<T, Error<E>> {
        let response = self
            .client
            .send::<E>(self.request, &self.options, self.documented);
        response.await?.json::<T, E>()
    }

    /// Sends the request and expects a 2XX response whose body is ignored.
    pub async fn empty(self) -> Result<(), Error<E>> {
        let response = self
            .client
            .send::<E>(self.request, &self.options, self.documented);
        response.await?.empty::<E>()
    }

    /// Sends the request and returns a 2XX body as a [`ByteStream`] (see
    /// [`Client::send_streaming`]).
    pub async fn download(self) -> Result<ByteStream, Error<E>> {
        (self.client)
            .send_streaming::<E>(self.request, &self.options, self.documented)
            .await
    }

    /// Sends the request and reads a 2XX `text/event-stream` body as
    /// [`EventStream`] of events whose data decodes as `T`.
    pub async fn event_stream<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> Result<EventStream<T, E>, Error<E>> {
        Ok(EventStream::new(self.download().await?))
    }

    /// Sends the request and reads a 2XX JSON-lines body (`application/jsonl`,
    /// `application/x-ndjson`) as [`JsonLines`] of `T`.
    pub async fn json_lines<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> Result<JsonLines<T, E>, Error<E>> {
        Ok(JsonLines::new(self.download().await?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compiles only while the futures of [`Call`] are `Send + 'static` for any error type.
    #[allow(dead_code)]
    fn call_futures_are_send_and_static<E: DeserializeOwned + Send + 'static>(
        json: Call<E>,
        empty: Call<E>,
        download: Call<E>,
    ) {
        fn check<T: Send + 'static>(_: &T) {}
        check(&json.json::<serde_json::Value>());
        check(&empty.empty());
        check(&download.download());
    }
}
