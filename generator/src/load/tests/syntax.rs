//! Reading the text: JSON read as JSON (surrogate pairs, long keys), YAML's own surrogate pairs, duplicate keys refused with
//! their line in YAML and JSON, escaped references (`~1`, `~0`, percent-encoding) followed.

use std::path::Path;

use super::{at, load};
use crate::load::load_str;

fn load_text(text: &str) -> Result<crate::load::LoadedSpec, String> {
    load_str(Path::new("test.json"), text).map_err(|e| e.to_string())
}

#[test]
fn json_surrogate_pairs_and_long_keys_are_read() {
    let long = "k".repeat(5_000);
    let text = format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "T \ud83d\ude00", "version": "1"}}, "paths": {{}},
  "components": {{"schemas": {{"S": {{"type": "object", "properties": {{"{long}": {{"type": "string"}}}}}}}}}}}}"#
    );
    let spec = load_text(&text).expect("valid JSON loads");
    assert_eq!(spec.openapi.info.title, "T \u{1F600}");
    assert!(at(&spec, &format!("/components/schemas/S/properties/{long}")).is_object());
}

#[test]
fn yaml_escaped_surrogate_pairs_are_read() {
    let spec = load(
        "components:\n  schemas:\n    S: {type: string, description: \"a \\ud83d\\ude00 b \\uD83D\\uDE01\"}\n    T: {type: string, description: 'c:\\ud83d'}\n",
    );
    assert_eq!(
        at(&spec, "/components/schemas/S/description"),
        "a \u{1F600} b \u{1F601}"
    );
    // Single quotes escape nothing: the text stays as written.
    assert_eq!(at(&spec, "/components/schemas/T/description"), "c:\\ud83d");
    let error =
        super::load_err("components:\n  schemas:\n    S: {description: \"\\ud83d alone\"}\n");
    assert!(error.contains("line 6"), "{error}");
}

#[test]
fn yaml_long_keys_load_in_the_explicit_form() {
    // YAML limits implicit keys to 1,024 characters; `? key` has no limit.
    let long = "k".repeat(2_000);
    let spec = load(&format!(
        "components:\n  schemas:\n    S:\n      type: object\n      properties:\n        ? {long}\n        : {{type: string}}\n"
    ));
    assert!(at(&spec, &format!("/components/schemas/S/properties/{long}")).is_object());
}

#[test]
fn flow_style_yaml_starting_with_a_brace_still_loads() {
    let spec = load_text("{openapi: 3.0.3, info: {title: T, version: '1'}, paths: {}} # yaml")
        .expect("YAML in flow style loads");
    assert_eq!(spec.openapi.info.title, "T");
}

#[test]
fn duplicate_keys_are_errors_with_their_line() {
    let cases = [
        // Top level, as the issue found it.
        (
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\npaths: {}\n",
            "line 4",
        ),
        // Nested deeper, block and flow style.
        (
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string}\n    A: {type: integer}\n",
            "line 7",
        ),
        (
            "openapi: 3.0.3\ninfo: {title: T, version: '1', title: U}\npaths: {}\n",
            "line 2",
        ),
        // JSON.
        (
            "{\"openapi\": \"3.0.3\",\n \"info\": {\"title\": \"T\", \"version\": \"1\"},\n \"paths\": {},\n \"paths\": {}}",
            "line 4",
        ),
    ];
    for (text, line) in cases {
        let error = load_text(text).expect_err(text);
        assert!(
            error.contains("duplicate key") && error.contains(line),
            "{text}\n{error}"
        );
    }
}

#[test]
fn escaped_component_names_resolve() {
    let spec = load(
        r##"
paths:
  /companies/{companyId}:
    parameters:
      - {name: companyId, in: path, required: true, schema: {type: string}}
    get:
      operationId: get
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/a~1b'}
    post:
      operationId: post
      responses:
        '200': {$ref: '#/paths/~1companies~1%7BcompanyId%7D/get/responses/200'}
components:
  schemas:
    a/b: {type: object, properties: {t: {$ref: '#/components/schemas/c~0d%20e'}}}
    c~d e: {type: object, properties: {x: {type: string}}}
"##,
    );
    let (api, _) = crate::ir::lower(&spec).expect("lowers");
    let names: Vec<&str> = api.types.types.keys().map(|id| id.name.as_str()).collect();
    assert!(names.contains(&"AB") && names.contains(&"CDE"), "{names:?}");
}

#[test]
fn retries_strategy_none_turns_retries_off() {
    let spec = load("x-speakeasy-retries: {strategy: none}\n");
    let (api, _) = crate::ir::lower(&spec).expect("lowers");
    assert_eq!(api.retries, None);
    let spec = load("x-speakeasy-retries: {strategy: sometimes}\n");
    let error = crate::ir::lower(&spec)
        .expect_err("unknown strategy")
        .to_string();
    assert!(
        error.contains("at /x-speakeasy-retries/strategy"),
        "{error}"
    );
}

#[test]
fn retries_only_error_statuses() {
    let policy = |codes: &str| {
        format!(
            "x-speakeasy-retries:\n  strategy: backoff\n  backoff: {{initialInterval: 500, maxInterval: 60000, maxElapsedTime: 3600000, exponent: 1.5}}\n  statusCodes: {codes}\n  retryConnectionErrors: true\n"
        )
    };
    for codes in ["[429, '5XX']", "['408', 4xx]"] {
        let spec = load(&policy(codes));
        assert!(crate::ir::lower(&spec).is_ok(), "{codes}");
    }
    // A success, a redirect or `default` would repeat calls the server carried out.
    for (codes, index) in [("['2XX']", 0), ("[429, default]", 1), ("[503, 302]", 1)] {
        let spec = load(&policy(codes));
        let error = crate::ir::lower(&spec).expect_err(codes).to_string();
        assert!(
            error.contains(&format!("at /x-speakeasy-retries/statusCodes/{index}")),
            "{codes}: {error}"
        );
    }
}
