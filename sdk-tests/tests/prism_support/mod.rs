//! Shared by the Prism tests (`prism_static.rs`, `prism_dynamic.rs`): the Platform spec's
//! operations with values taken from its examples, a generated client aimed at Prism that
//! records every answer's status and `sl-violations` header, and [`calls::call`], one call of
//! the generated SDK per operation.
//!
//! The crate-agnostic parts (spec and example values, the recorder, `CallError`) live in
//! `sdk_tests::prism_examples`, shared with `family-tests`; this module adds the Platform client
//! and its error.

#![allow(dead_code, unused_imports)] // each test binary uses a part

pub mod calls;

use std::time::Duration;

use codat_platform::runtime::{Credential, RetryConfig};
use codat_platform::CodatPlatform;
use sdk_tests::prism::Prism;
use sdk_tests::prism_examples::describe_failure;
pub use sdk_tests::prism_examples::{
    Answer, CallError, Examples, Operation, Recorder, Spec, REQUEST_VIOLATION, RESPONSE_VIOLATION,
};

/// A generated client aimed at `prism`, without retries, recording answers in `recorder`.
pub fn client(prism: &Prism, recorder: &Recorder) -> CodatPlatform {
    CodatPlatform::builder()
        .server_url(prism.base_url())
        .credential(Credential::header(
            "Authorization",
            "Basic cHJpc206dGVzdA==",
        ))
        .retry_config(RetryConfig::none())
        .timeout(Duration::from_secs(30))
        .hook(recorder.clone())
        .build()
        .expect("the client builds")
}

/// The [`CallError`] of an SDK error.
pub fn describe(error: &codat_platform::Error) -> CallError {
    let decode_source = match error {
        codat_platform::Error::Decode { source, .. } => Some(source as &dyn std::fmt::Display),
        _ => None,
    };
    let violations = error
        .headers()
        .and_then(|h| h.get("sl-violations"))
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let (message, answer_breaks_spec) = describe_failure(
        error,
        decode_source,
        violations,
        error.raw_body().map(|b| &b[..]),
    );
    let invalid_path_parameter = match error {
        codat_platform::Error::InvalidPathParameter { name, reason } => Some((*name, *reason)),
        _ => None,
    };
    CallError {
        message,
        answer_breaks_spec,
        invalid_path_parameter,
    }
}
