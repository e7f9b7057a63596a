//! Runtime shared by every generated SDK: HTTP exchange, retries, errors,
//! hooks, parameter encoding, pagination and serde helpers.
//!
//! The generator copies these files verbatim into each generated crate as
//! `src/runtime/` (this file becomes `mod.rs`, declared `pub mod runtime;`),
//! so modules refer to each other only through `super::` and nothing here is
//! specific to one API: servers, user agent and retry policy come in through
//! [`SdkDefaults`].

#![warn(missing_docs)]

mod attempt;
mod builder;
mod client;
mod decode;
mod enums;
mod error;
mod exchange;
mod hooks;
mod multipart;
// serde derive's tri-state (`Option<Option<T>>`) spelling, the reference the decoder's
// differential tests compare `decode_model!` with; generated models do not use it, so it is
// not part of the documented API.
#[doc(hidden)]
pub mod nullable;
mod options;
mod origin;
mod pagination;
mod params;
mod redact;
mod request;
mod response;
mod retry;
mod stream;
mod union;
mod webhooks;

// `decode_model!` expands to `$crate::runtime::...`, the runtime's path in a generated crate;
// this alias gives the runtime's own tests that path.
#[cfg(test)]
#[allow(unused_imports)] // used in a generated crate's copy only when its tests do
use crate as runtime;

pub use self::builder::{
    BuildError, ClientBuilder, SdkDefaults, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_TIMEOUT,
};
pub use self::client::{Call, Client};
// Plumbing of generated models' `Deserialize`: reachable by them, not part of the documented API.
#[allow(unused_imports)] // used by generated models and tests only
#[doc(hidden)]
pub(crate) use self::decode::decode_model;
#[doc(hidden)]
pub use self::decode::{
    decode_additional, decode_field, decode_struct, required_field, skip_value, DecodeStruct,
    FieldKey, Key, OpenFieldKey,
};
pub use self::enums::StringEnum;
pub use self::error::{ApiErrorResponse, BoxError, Error, Failure};
pub use self::hooks::{Hook, HookContext};
pub use self::multipart::MultipartForm;
pub use self::options::{Credential, RequestOptions};
pub use self::origin::redirect_policy;
pub use self::pagination::{paginate, PageInfo};
pub use self::params::{encode_path_segment, PathValueError, QueryParam};
pub use self::request::Request;
pub use self::response::{RawResponse, Response};
pub use self::retry::{Backoff, RetryConfig, RetryStrategy};
pub use self::stream::{BodyError, ByteStream};
pub use self::union::{decode_union, rank_variants, Shape};
pub use self::webhooks::event_matches;

pub use bytes::Bytes;
pub use futures_util::{Stream, StreamExt};
pub use reqwest;
pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
pub use reqwest::{Method, StatusCode};
