//! Unit tests of the load stage, each on a tiny inline spec.

mod compose;
mod errors;
mod examples;
mod keywords;
mod nullable;
mod numbers;
mod optional;
mod refs;
mod siblings;
mod syntax;
mod text;

use std::path::Path;

use serde_json::Value;

use super::{load_str, LoadedSpec};
use crate::error::Warning;

/// The start of every test spec; tests append `components:`, `paths:` or `webhooks:`.
const HEAD: &str = "openapi: 3.1.0\ninfo: {title: Test, version: '1'}\n";

/// Loads `HEAD` + `body` (adding `paths: {}` when the body has none).
#[track_caller]
fn load(body: &str) -> LoadedSpec {
    let text = spec_text(body);
    load_str(Path::new("test.yaml"), &text).unwrap_or_else(|e| panic!("{e}\n---\n{text}"))
}

/// Loads like [`load`] and checks that there was nothing to warn about.
#[track_caller]
fn load_clean(body: &str) -> LoadedSpec {
    let spec = load(body);
    assert_eq!(spec.warnings, Vec::new(), "unexpected warnings");
    spec
}

/// The error `load` reports for `HEAD` + `body`.
#[track_caller]
fn load_err(body: &str) -> String {
    match load_str(Path::new("test.yaml"), &spec_text(body)) {
        Ok(spec) => panic!("expected an error, loaded {:#}", spec.raw),
        Err(e) => e.to_string(),
    }
}

fn spec_text(body: &str) -> String {
    let paths = if body.lines().any(|l| l.starts_with("paths:")) {
        ""
    } else {
        "paths: {}\n"
    };
    format!("{HEAD}{paths}{body}")
}

/// The node at `pointer` (RFC 6901) of the loaded document.
#[track_caller]
fn at<'a>(spec: &'a LoadedSpec, pointer: &str) -> &'a Value {
    spec.raw
        .pointer(pointer)
        .unwrap_or_else(|| panic!("nothing at {pointer} in {:#}", spec.raw))
}

/// Compares JSON texts, so that key order counts.
#[track_caller]
fn assert_json(actual: &Value, expected: Value) {
    let actual_text = serde_json::to_string_pretty(actual).unwrap_or_default();
    let expected_text = serde_json::to_string_pretty(&expected).unwrap_or_default();
    assert_eq!(actual_text, expected_text);
}

fn warning(pointer: &str, message: &str) -> Warning {
    Warning {
        pointer: pointer.to_owned(),
        message: message.to_owned(),
    }
}
