//! Building a client from the spec's defaults and user settings.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::client::{Client, ClientInner};
use super::hooks::Hook;
use super::options::Credential;
use super::retry::RetryConfig;

/// Spec-specific defaults, supplied by generated code.
#[derive(Debug, Clone)]
pub struct SdkDefaults {
    /// Server URLs from the spec; `server_index` picks one (default 0).
    pub servers: Vec<String>,
    /// The `User-Agent` sent with every request.
    pub user_agent: String,
    /// The retry policy used unless the client or a call overrides it.
    pub retry: RetryConfig,
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
    /// The server URL does not parse.
    #[error("invalid server URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL.
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
    /// The default HTTP client could not be created.
    #[error("failed to create HTTP client")]
    Http(#[source] reqwest::Error),
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
    timeout: Option<Duration>,
    hooks: Vec<Arc<dyn Hook>>,
    headers: Vec<(String, String)>,
    target: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("server_url", &self.server_url)
            .field("server_index", &self.server_index)
            .field("credential", &self.credential)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
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
            timeout: None,
            hooks: Vec::new(),
            headers: Vec::new(),
            target: PhantomData,
        }
    }

    /// Uses this server URL instead of the spec's servers.
    pub fn server_url(mut self, url: impl Into<String>) -> Self {
        self.server_url = Some(url.into());
        self
    }

    /// Picks one of the spec's servers (default 0).
    pub fn server_index(mut self, index: usize) -> Self {
        self.server_index = index;
        self
    }

    /// Sends this credential with every request.
    pub fn credential(mut self, credential: Credential) -> Self {
        self.credential = Some(credential);
        self
    }

    /// Uses this HTTP client (proxies, TLS roots, connection pool settings...).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Replaces the spec's default retry policy.
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Sets the per-attempt timeout (default none).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
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
        C: From<Client>,
    {
        self.build_client().map(C::from)
    }

    fn build_client(self) -> Result<Client, BuildError> {
        let url = match self.server_url {
            Some(url) => url,
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
            url: url.clone(),
            reason,
        })?;

        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            let invalid = || BuildError::InvalidHeader { name: name.clone() };
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let header_value = HeaderValue::from_str(value).map_err(|_| invalid())?;
            headers.append(header_name, header_value);
        }

        let credential = match &self.credential {
            Some(credential) => Some(credential.to_header().ok_or(
                BuildError::InvalidCredential {
                    name: credential.name(),
                },
            )?),
            None => None,
        };

        let user_agent = HeaderValue::from_str(&self.defaults.user_agent).map_err(|_| {
            BuildError::InvalidHeader {
                name: "user-agent".to_owned(),
            }
        })?;

        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .build()
                .map_err(BuildError::Http)?,
        };

        Ok(Client {
            inner: Arc::new(ClientInner {
                http,
                base_url,
                credential,
                headers,
                retry: self.retry.unwrap_or(self.defaults.retry),
                timeout: self.timeout,
                hooks: self.hooks,
                user_agent,
            }),
        })
    }
}

/// Checks that `url` is an absolute http(s) URL and removes trailing `/`.
pub(crate) fn normalize_base_url(url: &str) -> Result<String, String> {
    let parsed = reqwest::Url::parse(url).map_err(|error| error.to_string())?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!("unsupported scheme {:?}", parsed.scheme()));
    }
    Ok(url.trim_end_matches('/').to_owned())
}
