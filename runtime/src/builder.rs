//! Building a client from the spec's defaults and user settings.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::auth::{Auth, Credential};
use super::client::{Client, ClientInner};
use super::hooks::Hook;
use super::origin::redirect_policy;
use super::redact::{redact_url, RedactedUrl};
use super::retry::RetryConfig;

/// Connect timeout of the default HTTP client: a reachable Codat endpoint
/// completes TCP and TLS in well under a second, so 10 s only fails hosts
/// that are down or black-holed, and a connect failure is safe to retry.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Per-attempt timeout (connect, send, and read the whole buffered body):
/// Codat list calls over large companies can take tens of seconds, so this
/// is generous, but finite, so a server that never answers or drips bytes
/// cannot hold a call forever. Speakeasy's SDKs have none by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Largest response body read into memory: 64 MiB, well above a Codat JSON
/// page (at most 5,000 records) and small enough that a hostile or broken
/// server cannot exhaust memory. Downloads are streamed instead.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 64 * 1024 * 1024;

/// Spec-specific defaults, supplied by generated code.
#[derive(Debug, Clone)]
pub struct SdkDefaults {
    /// Server URLs from the spec; `server_index` picks one (default 0).
    pub servers: Vec<String>,
    /// The `User-Agent` sent with every request.
    pub user_agent: String,
    /// The retry policy used unless the client or a call overrides it.
    pub retry: RetryConfig,
    /// The header of the credential the spec's security requires (e.g.
    /// `Authorization`), `None` when it requires none: a client then builds
    /// only with a [`ClientBuilder::credential`] or a
    /// [`ClientBuilder::header`] of this name.
    pub credential_header: Option<String>,
}

/// Why [`ClientBuilder::build`] failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// `server_index` is past the end of the spec's server list.
    #[error("server index {index} out of range ({len} servers)")]
    ServerIndex {
        /// The requested index.
        index: usize,
        /// The number of servers.
        len: usize,
    },
    /// The spec lists no absolute server URL (only relative ones, or none) and
    /// [`ClientBuilder::server_url`] was not given.
    #[error(
        "no server URL: the spec gives none that is absolute; set the API's URL with `server_url`"
    )]
    MissingServerUrl,
    /// The server URL does not parse, or cannot be used (see
    /// [`ClientBuilder::server_url`]).
    #[error("invalid server URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL, with any userinfo redacted.
        url: String,
        /// Why it is invalid.
        reason: String,
    },
    /// A default header name or value is invalid.
    #[error("invalid header {name:?}")]
    InvalidHeader {
        /// The header name.
        name: String,
    },
    /// The credential's header name or value is invalid (value not shown).
    #[error("invalid credential header {name:?}")]
    InvalidCredential {
        /// The header name.
        name: &'static str,
    },
    /// The spec requires a credential and none was given: neither
    /// [`ClientBuilder::credential`] nor a [`ClientBuilder::header`] of its name.
    #[error(
        "missing credential: the API requires the {name:?} header; set it with `credential(..)`"
    )]
    MissingCredential {
        /// The credential's header name, from the spec.
        name: String,
    },
    /// The default HTTP client could not be created.
    #[error("failed to create HTTP client")]
    Http(#[source] reqwest::Error),
    /// The blocking client's own async runtime could not be created (the
    /// operating system refused a thread or an I/O driver).
    #[error("failed to create the blocking client's runtime")]
    Runtime(#[source] std::io::Error),
}

/// What [`ClientBuilder::build`] can build: a [`Client`], a generated SDK client wrapping one
/// (through [`From<Client>`]), or a blocking SDK client, whose construction can fail.
pub trait FromClient: Sized {
    /// Wraps the built client.
    fn from_client(client: Client) -> Result<Self, BuildError>;
}

impl<C: From<Client>> FromClient for C {
    fn from_client(client: Client) -> Result<Self, BuildError> {
        Ok(C::from(client))
    }
}

/// Configures and builds a [`Client`], or a generated SDK type `C` wrapping one.
#[must_use]
pub struct ClientBuilder<C = Client> {
    defaults: SdkDefaults,
    server_url: Option<String>,
    server_index: usize,
    credential: Option<Credential>,
    http_client: Option<reqwest::Client>,
    retry: Option<RetryConfig>,
    timeout: Duration,
    connect_timeout: Duration,
    max_response_size: u64,
    hooks: Vec<Arc<dyn Hook>>,
    headers: Vec<(String, String)>,
    target: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("server_url", &RedactedUrl(self.server_url.as_deref()))
            .field("server_index", &self.server_index)
            .field("credential", &self.credential)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_response_size", &self.max_response_size)
            .field("hooks", &self.hooks.len())
            .finish_non_exhaustive()
    }
}

impl<C> ClientBuilder<C> {
    /// A builder with the spec's defaults.
    pub fn new(defaults: SdkDefaults) -> Self {
        ClientBuilder {
            defaults,
            server_url: None,
            server_index: 0,
            credential: None,
            http_client: None,
            retry: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            hooks: Vec::new(),
            headers: Vec::new(),
            target: PhantomData,
        }
    }

    /// Uses this server URL instead of the spec's servers: an absolute
    /// `http` or `https` URL, optionally with a base path, without userinfo
    /// (`user:password@`), query or fragment. The credential is sent only to
    /// this URL's origin (see [`Credential`]).
    pub fn server_url(mut self, url: impl Into<String>) -> Self {
        self.server_url = Some(url.into());
        self
    }

    /// Picks one of the spec's servers (default 0).
    pub fn server_index(mut self, index: usize) -> Self {
        self.server_index = index;
        self
    }

    /// Sends this credential with every request: a [`Credential`], or a generated crate's
    /// `models::shared::Security`, which converts into one.
    pub fn credential(mut self, credential: impl Into<Credential>) -> Self {
        self.credential = Some(credential.into());
        self
    }

    /// Uses this HTTP client (proxies, TLS roots, connection pool settings...).
    /// Its own connect timeout applies ([`ClientBuilder::connect_timeout`]
    /// configures only the default client); the per-attempt timeout and the
    /// response size limit still apply. So does its redirect policy: build it
    /// with `.redirect(`[`redirect_policy()`](super::redirect_policy)`)` so
    /// that no header, the credential included, follows a redirect to another
    /// origin (reqwest's default policy forwards all but `Authorization` and
    /// `Cookie`).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Replaces the spec's default retry policy.
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Sets the per-attempt timeout: connecting, sending and reading a
    /// buffered body together (default [`DEFAULT_TIMEOUT`]; `Duration::MAX`
    /// for none). [`RequestOptions::timeout`](super::RequestOptions::timeout)
    /// overrides it per call. A streamed download must answer within it, and
    /// then each read of its body must too.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the connect timeout of the default HTTP client (default
    /// [`DEFAULT_CONNECT_TIMEOUT`]). It is per client because the connection
    /// pool is; per call, the shorter of it and the per-attempt timeout wins.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the largest response body read into memory (default
    /// [`DEFAULT_MAX_RESPONSE_SIZE`]); a larger one fails with
    /// `Error::ResponseTooLarge` as soon as it passes the limit.
    /// [`RequestOptions::max_response_size`](super::RequestOptions::max_response_size)
    /// overrides it per call; streamed downloads are not limited.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Registers a hook; hooks run in registration order.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Sends this header with every request (`User-Agent` included, which
    /// replaces the default one).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, BuildError>
    where
        C: FromClient,
    {
        self.build_client().and_then(C::from_client)
    }

    fn build_client(self) -> Result<Client, BuildError> {
        let url = match self.server_url {
            Some(url) => url,
            None if self.defaults.servers.is_empty() => return Err(BuildError::MissingServerUrl),
            None => self
                .defaults
                .servers
                .get(self.server_index)
                .cloned()
                .ok_or(BuildError::ServerIndex {
                    index: self.server_index,
                    len: self.defaults.servers.len(),
                })?,
        };
        let base_url = normalize_base_url(&url).map_err(|reason| BuildError::InvalidUrl {
            url: redact_url(&url),
            reason: match url.starts_with('/') {
                // OpenAPI allows a server relative to where the spec is served.
                true => "the spec's server URL is relative; give the API's absolute URL \
                         (e.g. `https://host/api`) with `server_url`"
                    .to_owned(),
                false => reason,
            },
        })?;

        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            let invalid = || BuildError::InvalidHeader { name: name.clone() };
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let header_value = HeaderValue::from_str(value).map_err(|_| invalid())?;
            headers.append(header_name, header_value);
        }

        if let Some(required) = &self.defaults.credential_header {
            let given = self.credential.is_some()
                || self
                    .headers
                    .iter()
                    .any(|(name, _)| name.eq_ignore_ascii_case(required));
            if !given {
                return Err(BuildError::MissingCredential {
                    name: required.clone(),
                });
            }
        }

        let auth = match &self.credential {
            Some(credential) => Auth::new(credential, &base_url)?,
            None => Auth::default(),
        };

        let user_agent = HeaderValue::from_str(&self.defaults.user_agent).map_err(|_| {
            BuildError::InvalidHeader {
                name: "user-agent".to_owned(),
            }
        })?;

        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(redirect_policy())
                .build()
                .map_err(BuildError::Http)?,
        };

        Ok(Client {
            inner: Arc::new(ClientInner {
                http,
                base_url,
                auth,
                headers,
                retry: self.retry.unwrap_or(self.defaults.retry),
                timeout: Some(self.timeout),
                max_response_size: self.max_response_size,
                hooks: self.hooks,
                user_agent,
            }),
        })
    }
}

/// Checks that `url` is an absolute http(s) URL the operation paths can be
/// appended to, and removes trailing `/`.
///
/// Refused: userinfo (`user:password@`), which reqwest does not send from a
/// built request and which would otherwise show up in errors and logs (send
/// a [`Credential`] instead); and a query or fragment, which would swallow the
/// operation's path (`https://host/api?x=1` + `/companies` still asks for `/api`).
pub(crate) fn normalize_base_url(url: &str) -> Result<String, String> {
    let parsed = reqwest::Url::parse(url).map_err(|error| error.to_string())?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!("unsupported scheme {:?}", parsed.scheme()));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("userinfo (user:password@) is not supported; send a Credential".to_owned());
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err("a server URL cannot have a query or fragment".to_owned());
    }
    Ok(url.trim_end_matches('/').to_owned())
}
