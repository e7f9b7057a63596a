//! The runtime shared by Codat's Rust SDKs: the client and its builder, per-call options,
//! retries, hooks, errors, pagination streams and webhook support. Every SDK crate
//! (`codat-platform`, `codat-lending`, ...) depends on this crate and re-exports it as
//! `runtime`, so one [`RetryConfig`], [`Hook`] or HTTP client configures them all and
//! [`Error`] is one type for every SDK's failures.
//!
//! The generator can instead copy these files into a generated crate as `src/runtime/` (its
//! vendored mode; this file becomes `mod.rs`), so modules refer to each other only through
//! `super::` and nothing here is specific to one API: servers, user agent and retry policy come
//! in through [`SdkDefaults`].

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod attempt;
mod auth;
#[cfg(feature = "blocking")]
mod blocking;
mod builder;
mod client;
mod decode;
mod enums;
mod error;
mod exchange;
mod hooks;
mod multipart;
mod ndjson;
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
mod sse;
mod stream;
mod styles;
mod union;
mod webhooks;

// Generated code and `decode_model!` name the runtime `crate::runtime` / `$crate::runtime`:
// in a generated crate that is this crate re-exported, or these files vendored as a module;
// this alias gives the same path inside the crate itself.
#[doc(hidden)]
pub use crate as runtime;

pub use self::auth::{ClientCredentials, Credential};
#[cfg(feature = "blocking")]
pub use self::blocking::BlockingIter;
pub use self::builder::{
    BuildError, ClientBuilder, FromClient, SdkDefaults, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_TIMEOUT,
};
pub use self::client::{Call, Client};
pub use self::enums::StringEnum;
pub use self::error::{ApiErrorResponse, BoxError, Error, Failure};
pub use self::hooks::{Hook, HookContext};
pub use self::multipart::MultipartForm;
pub use self::ndjson::{JsonLines, LineSplitter};
pub use self::options::RequestOptions;
pub use self::origin::redirect_policy;
pub use self::params::{encode_path_segment, PathValueError, QueryParam};
pub use self::request::Request;
pub use self::response::{RawResponse, Response};
pub use self::retry::{Backoff, InvalidRetryStatus, RetryConfig, RetryStatus, RetryStrategy};
pub use self::sse::{EventStream, FrameTooLarge, RawEvent, ServerEvent, SseParser};
pub use self::stream::{BodyError, ByteStream};
pub use self::styles::{ParamFormat, ParamStyle};

pub use bytes::Bytes;
pub use futures_util::{Stream, StreamExt};
pub use reqwest;
pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
pub use reqwest::{Method, StatusCode};

/// What generated code calls: model decoding, union ranking, pagination and webhook matching.
/// Not part of the API; it may change in any release.
#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "blocking")]
    pub use super::blocking::BlockingRuntime;
    pub use super::decode::{
        decode_additional, decode_field, decode_struct, required_field, skip_value, DecodeStruct,
        FieldKey, Key, OpenFieldKey,
    };
    pub use super::pagination::{
        paginate, paginate_cursor, paginate_offset, paginate_url, CursorValue, OffsetStep, PageInfo,
    };
    pub use super::sse::ErrorModelOf;
    pub use super::union::{decode_union, rank_variants, Shape};
    pub use super::webhooks::event_matches;
    pub use crate::__decode_model as decode_model;
}
