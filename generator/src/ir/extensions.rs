//! Root-level settings the SDK takes from the spec: Speakeasy's retry policy and name
//! overrides, and the header credential from `securitySchemes`.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};
use serde::Deserialize;

use super::HeaderCredential;
use crate::error::GenError;
use crate::load::LoadedSpec;
use crate::naming::NameOverrides;

/// `x-speakeasy-retries`, the default retry policy of every operation.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RetryPolicy {
    pub strategy: String,
    pub backoff: Backoff,
    pub status_codes: Vec<StatusCode>,
    #[serde(default)]
    pub retry_connection_errors: bool,
}

/// Backoff intervals in milliseconds.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Backoff {
    pub initial_interval: u64,
    pub max_interval: u64,
    pub max_elapsed_time: u64,
    pub exponent: f64,
}

/// A status code or range as the spec writes it: `429` or `"5XX"`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum StatusCode {
    Number(u16),
    Text(String),
}

impl std::fmt::Display for StatusCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusCode::Number(n) => write!(f, "{n}"),
            StatusCode::Text(t) => f.write_str(t),
        }
    }
}

fn invalid(spec: &LoadedSpec, pointer: &str, message: impl Into<String>) -> GenError {
    GenError::Invalid {
        file: spec.file.clone(),
        pointer: pointer.to_owned(),
        message: message.into(),
    }
}

/// Parses the root `x-speakeasy-retries`, if present.
pub fn retry_policy(spec: &LoadedSpec) -> Result<Option<RetryPolicy>, GenError> {
    let Some(value) = spec.openapi.extensions.get("x-speakeasy-retries") else {
        return Ok(None);
    };
    // Speakeasy's `strategy: none` turns retries off and needs no other keys.
    match value.get("strategy").and_then(|s| s.as_str()) {
        Some("none") => return Ok(None),
        Some("backoff") | None => {}
        Some(other) => {
            return Err(invalid(
                spec,
                "/x-speakeasy-retries/strategy",
                format!("unknown retry strategy `{other}` (expected `backoff` or `none`)"),
            ))
        }
    }
    let policy: RetryPolicy = serde_json::from_value(value.clone())
        .map_err(|e| invalid(spec, "/x-speakeasy-retries", e.to_string()))?;
    for (index, code) in policy.status_codes.iter().enumerate() {
        if !is_retryable_error_status(code) {
            return Err(invalid(
                spec,
                &format!("/x-speakeasy-retries/statusCodes/{index}"),
                format!(
                    "`{code}` is not an error status (400-599, `4XX` or `5XX`): retrying it would \
                     re-send requests that succeeded"
                ),
            ));
        }
    }
    if !(policy.backoff.exponent.is_finite() && policy.backoff.exponent > 0.0) {
        return Err(invalid(
            spec,
            "/x-speakeasy-retries/backoff/exponent",
            "the exponent must be a positive number",
        ));
    }
    Ok(Some(policy))
}

/// Whether a retry status is an error: an exact 400-599 or a `4XX`/`5XX` range. `default`,
/// `2XX` or a 3XX would have the client repeat calls that the server carried out.
fn is_retryable_error_status(code: &StatusCode) -> bool {
    match code {
        StatusCode::Number(n) => (400..600).contains(n),
        StatusCode::Text(text) => match text.as_bytes() {
            [b'4' | b'5', rest @ ..] if rest.eq_ignore_ascii_case(b"xx") => true,
            _ => text.parse::<u16>().is_ok_and(|n| (400..600).contains(&n)),
        },
    }
}

/// Parses the root `x-speakeasy-name-override` list of `{operationId: regex, methodNameOverride}`.
pub fn name_overrides(spec: &LoadedSpec) -> Result<NameOverrides, GenError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Rule {
        operation_id: String,
        method_name_override: String,
    }
    let Some(value) = spec.openapi.extensions.get("x-speakeasy-name-override") else {
        return Ok(NameOverrides::default());
    };
    let rules: Vec<Rule> = serde_json::from_value(value.clone())
        .map_err(|e| invalid(spec, "/x-speakeasy-name-override", e.to_string()))?;
    let mut compiled = Vec::new();
    for (index, rule) in rules.into_iter().enumerate() {
        let pattern = regex::Regex::new(&rule.operation_id).map_err(|e| {
            invalid(
                spec,
                &format!("/x-speakeasy-name-override/{index}/operationId"),
                format!("not a valid regex: {e}"),
            )
        })?;
        compiled.push((pattern, rule.method_name_override));
    }
    Ok(NameOverrides::new(compiled))
}

/// The API-key-in-header scheme of the root `security`, if any: the first requirement that
/// names one; required unless an empty requirement `{}` is one of the alternatives.
pub fn header_credential(spec: &LoadedSpec) -> Result<Option<HeaderCredential>, GenError> {
    let requirements = spec.openapi.security.as_deref().unwrap_or_default();
    let Some((index, scheme_name)) = requirements
        .iter()
        .enumerate()
        .find_map(|(i, r)| r.keys().next().map(|name| (i, name)))
    else {
        return Ok(None);
    };
    let required = requirements.iter().all(|r| !r.is_empty());
    let pointer = format!("/components/securitySchemes/{scheme_name}");
    let scheme = spec
        .openapi
        .components
        .as_ref()
        .and_then(|c| c.security_schemes.get(scheme_name))
        .ok_or_else(|| {
            invalid(
                spec,
                &format!("/security/{index}"),
                format!("unknown security scheme `{scheme_name}`"),
            )
        })?;
    match scheme {
        ReferenceOr::Item(SecurityScheme::APIKey {
            location: APIKeyLocation::Header,
            name,
            description,
            ..
        }) => Ok(Some(HeaderCredential {
            scheme: scheme_name.clone(),
            header: name.clone(),
            description: description.clone(),
            required,
        })),
        ReferenceOr::Item(SecurityScheme::HTTP {
            scheme,
            description,
            ..
        }) if scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("basic") => {
            Ok(Some(HeaderCredential {
                scheme: scheme_name.clone(),
                header: "Authorization".to_owned(),
                description: description.clone(),
                required,
            }))
        }
        _ => Err(invalid(
            spec,
            &pointer,
            "only API keys sent in a header are supported as security schemes",
        )),
    }
}

/// Codat's `x-codat-speakeasy-pagination`: which query parameter numbers pages and which
/// response field holds the items.
#[derive(Debug, Clone, PartialEq)]
pub struct PaginationRule {
    /// The query parameter holding the page number (`page`).
    pub page_param: String,
    /// The response property holding the items (`results`, from `$.results`).
    pub results_field: String,
}

/// Parses the root `x-codat-speakeasy-pagination`, if present.
pub fn pagination_rule(spec: &LoadedSpec) -> Result<Option<PaginationRule>, GenError> {
    #[derive(Deserialize)]
    struct Input {
        name: String,
        #[serde(rename = "type")]
        kind: String,
    }
    #[derive(Deserialize)]
    struct Outputs {
        results: String,
    }
    #[derive(Deserialize)]
    struct Rule {
        inputs: Vec<Input>,
        outputs: Outputs,
    }
    let pointer = "/x-codat-speakeasy-pagination";
    let Some(value) = spec.openapi.extensions.get("x-codat-speakeasy-pagination") else {
        return Ok(None);
    };
    let rule: Rule =
        serde_json::from_value(value.clone()).map_err(|e| invalid(spec, pointer, e.to_string()))?;
    let page = rule
        .inputs
        .into_iter()
        .find(|i| i.kind == "page")
        .ok_or_else(|| invalid(spec, pointer, "no input of type `page`"))?;
    let results_field = rule
        .outputs
        .results
        .strip_prefix("$.")
        .filter(|f| !f.contains('.'))
        .ok_or_else(|| {
            invalid(
                spec,
                pointer,
                "outputs.results must be a top-level field like `$.results`",
            )
        })?
        .to_owned();
    Ok(Some(PaginationRule {
        page_param: page.name,
        results_field,
    }))
}
