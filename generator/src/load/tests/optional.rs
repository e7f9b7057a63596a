//! What OpenAPI 3.1 leaves optional and openapiv3 requires: `paths`, an operation's `responses`.

use std::path::Path;

use super::{at, load, HEAD};
use crate::load::load_str;

#[test]
fn an_operation_without_responses_loads_with_none() {
    let spec = load(
        "paths:\n  /a:\n    post:\n      operationId: a\nwebhooks:\n  e:\n    post:\n      summary: E.\n",
    );
    assert!(at(&spec, "/paths/~1a/post/responses")
        .as_object()
        .is_some_and(|r| r.is_empty()));
    assert!(at(&spec, "/webhooks/e/post/responses")
        .as_object()
        .is_some_and(|r| r.is_empty()));
    assert_eq!(spec.warnings, Vec::new());
}

#[test]
fn a_document_without_paths_loads_with_none() {
    for body in [
        "webhooks:\n  e:\n    post:\n      summary: E.\n",
        "components:\n  schemas:\n    S: {type: string}\n",
        "",
    ] {
        let text = format!("{HEAD}{body}");
        let spec = load_str(Path::new("test.yaml"), &text).unwrap_or_else(|e| panic!("{e}"));
        assert!(spec.openapi.paths.paths.is_empty(), "{body}");
        let (api, _) = crate::ir::lower(&spec).unwrap_or_else(|e| panic!("{e}"));
        assert!(api.groups.is_empty(), "{body}");
    }
}
