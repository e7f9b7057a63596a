//! Root-level settings the SDK takes from the spec: Speakeasy's retry policy and name
//! overrides (security lives in `security.rs`).

use serde::Deserialize;

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
    parse_retries(spec, value, "/x-speakeasy-retries")
}

/// An operation's own `x-speakeasy-retries`: it replaces the root policy for that operation.
#[derive(Debug, Clone, PartialEq)]
pub enum OperationRetries {
    /// `strategy: none`: the operation is never retried.
    Disabled,
    Policy(RetryPolicy),
}

/// Parses an operation's `x-speakeasy-retries` (written at `pointer`), if present.
pub fn operation_retries(
    spec: &LoadedSpec,
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
    pointer: &str,
) -> Result<Option<OperationRetries>, GenError> {
    let Some(value) = extensions.get("x-speakeasy-retries") else {
        return Ok(None);
    };
    let pointer = format!("{pointer}/x-speakeasy-retries");
    let policy = parse_retries(spec, value, &pointer)?;
    // The root policy's statuses are checked where the client is emitted; an operation's
    // here, by the same rule (`RetryStatus`: three digits or a class).
    for (index, code) in policy
        .iter()
        .flat_map(|p| p.status_codes.iter().enumerate())
    {
        let text = code.to_string();
        let class = matches!(text.as_bytes(), [b'4' | b'5', x, y] if x.eq_ignore_ascii_case(&b'x') && y.eq_ignore_ascii_case(&b'x'));
        if !(class || (text.len() == 3 && text.bytes().all(|b| b.is_ascii_digit()))) {
            return Err(invalid(
                spec,
                &format!("{pointer}/statusCodes/{index}"),
                format!("`{code}` is not a retry status: expected three digits from 400 to 599, `4XX` or `5XX`"),
            ));
        }
    }
    Ok(Some(match policy {
        Some(policy) => OperationRetries::Policy(policy),
        None => OperationRetries::Disabled,
    }))
}

/// Parses a retry policy written at `pointer`; `None` for `strategy: none`.
fn parse_retries(
    spec: &LoadedSpec,
    value: &serde_json::Value,
    pointer: &str,
) -> Result<Option<RetryPolicy>, GenError> {
    // Speakeasy's `strategy: none` turns retries off and needs no other keys.
    match value.get("strategy").and_then(|s| s.as_str()) {
        Some("none") => return Ok(None),
        Some("backoff") | None => {}
        Some(other) => {
            return Err(invalid(
                spec,
                &format!("{pointer}/strategy"),
                format!("unknown retry strategy `{other}` (expected `backoff` or `none`)"),
            ))
        }
    }
    let policy: RetryPolicy =
        serde_json::from_value(value.clone()).map_err(|e| invalid(spec, pointer, e.to_string()))?;
    for (index, code) in policy.status_codes.iter().enumerate() {
        if !is_retryable_error_status(code) {
            return Err(invalid(
                spec,
                &format!("{pointer}/statusCodes/{index}"),
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
            &format!("{pointer}/backoff/exponent"),
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

/// An operation's `x-speakeasy-pagination`, as the spec writes it: the kind, the request
/// parameters it sets, and the top-level response fields it reads.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationPagination {
    pub kind: PaginationKind,
    /// The query parameter of each input type (`page`, `offset`, `limit`, `cursor`).
    pub inputs: Vec<(String, String)>,
    /// `outputs.results`, `outputs.nextCursor`, `outputs.nextUrl` as top-level field names.
    pub results: Option<String>,
    pub next_cursor: Option<String>,
    pub next_url: Option<String>,
}

/// Speakeasy's pagination kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaginationKind {
    OffsetLimit,
    Cursor,
    Url,
}

impl OperationPagination {
    /// The query parameter of the input of type `kind`.
    pub fn input(&self, kind: &str) -> Option<&str> {
        self.inputs
            .iter()
            .find(|(k, _)| k == kind)
            .map(|(_, name)| name.as_str())
    }
}

/// Parses an operation's `x-speakeasy-pagination` (written at `pointer`). What the generator
/// cannot follow (an input in the request body, a nested output path) is a warning and the
/// operation gets no stream; a malformed value is an error.
pub fn operation_pagination(
    spec: &LoadedSpec,
    value: &serde_json::Value,
    pointer: &str,
    warnings: &mut Vec<crate::error::Warning>,
) -> Result<Option<OperationPagination>, GenError> {
    #[derive(Deserialize)]
    struct Input {
        name: String,
        #[serde(rename = "in", default)]
        location: Option<String>,
        #[serde(rename = "type")]
        kind: String,
    }
    #[derive(Deserialize, Default)]
    #[serde(rename_all = "camelCase")]
    struct Outputs {
        results: Option<String>,
        next_cursor: Option<String>,
        next_url: Option<String>,
    }
    #[derive(Deserialize)]
    struct Rule {
        #[serde(rename = "type")]
        kind: String,
        #[serde(default)]
        inputs: Vec<Input>,
        #[serde(default)]
        outputs: Outputs,
    }
    let rule: Rule =
        serde_json::from_value(value.clone()).map_err(|e| invalid(spec, pointer, e.to_string()))?;
    let kind = match rule.kind.as_str() {
        "offsetLimit" => PaginationKind::OffsetLimit,
        "cursor" => PaginationKind::Cursor,
        "url" => PaginationKind::Url,
        other => {
            return Err(invalid(
                spec,
                &format!("{pointer}/type"),
                format!(
                    "unknown pagination type `{other}` (expected `offsetLimit`, `cursor` or `url`)"
                ),
            ))
        }
    };
    let mut warn = |at: String, message: String| {
        warnings.push(crate::error::Warning {
            pointer: at,
            message,
        })
    };
    let mut inputs = Vec::new();
    for (index, input) in rule.inputs.into_iter().enumerate() {
        if input.location.as_deref().is_some_and(|l| l != "parameters") {
            warn(
                format!("{pointer}/inputs/{index}/in"),
                "only pagination inputs in the query parameters are supported: the operation gets no stream".to_owned(),
            );
            return Ok(None);
        }
        inputs.push((input.kind, input.name));
    }
    let mut field = |name: &str, path: Option<String>| -> Result<Option<String>, ()> {
        let Some(path) = path else {
            return Ok(None);
        };
        match path
            .strip_prefix("$.")
            .filter(|f| !f.is_empty() && !f.contains(['.', '[']))
        {
            Some(field) => Ok(Some(field.to_owned())),
            None => {
                warn(
                    format!("{pointer}/outputs/{name}"),
                    format!("`{path}` is not a top-level field like `$.results`: the operation gets no stream"),
                );
                Err(())
            }
        }
    };
    let (Ok(results), Ok(next_cursor), Ok(next_url)) = (
        field("results", rule.outputs.results),
        field("nextCursor", rule.outputs.next_cursor),
        field("nextUrl", rule.outputs.next_url),
    ) else {
        return Ok(None);
    };
    Ok(Some(OperationPagination {
        kind,
        inputs,
        results,
        next_cursor,
        next_url,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = include_str!("../../tests/snapshots/speakeasy_extensions/openapi.yaml");

    fn retries_of(api: &crate::ir::Api, id: &str) -> Option<OperationRetries> {
        api.groups
            .iter()
            .flat_map(|g| &g.operations)
            .find(|op| op.operation_id == id)
            .and_then(|op| op.retries.clone())
    }

    #[test]
    fn an_operations_own_retries_replace_the_root_policy_or_turn_it_off() {
        let api = crate::ir::lowered(SPEC);
        assert_eq!(
            retries_of(&api, "create-report"),
            Some(OperationRetries::Disabled)
        );
        let Some(OperationRetries::Policy(policy)) = retries_of(&api, "get-report") else {
            panic!("get-report has its own policy");
        };
        assert_eq!(policy.backoff.initial_interval, 100);
        assert_eq!(policy.status_codes.len(), 2);
        assert_eq!(retries_of(&api, "get-health"), None);
        assert!(api.retries.is_some(), "the root policy stays the client's");
    }

    #[test]
    fn a_nested_speakeasy_group_is_one_flat_sub_client() {
        let api = crate::ir::lowered(SPEC);
        let group = api
            .groups
            .iter()
            .find(|g| g.spec_name == "accounting.invoices")
            .expect("the nested group is kept");
        assert_eq!(group.module, "accounting_invoices");
        assert_eq!(group.type_name, "AccountingInvoices");
        assert_eq!(group.operations[0].method, "list");
    }

    #[test]
    fn a_bad_operation_policy_is_an_error_at_its_pointer() {
        for (bad, at) in [
            ("statusCodes: ['404', 503]", "statusCodes/0"),
            ("strategy: none", "strategy"),
        ] {
            let replacement = if at == "strategy" {
                "strategy: sometimes"
            } else {
                "statusCodes: ['0429', 503]"
            };
            let spec = SPEC.replace(bad, replacement);
            let loaded = crate::load::load_str(std::path::Path::new("test.yaml"), &spec).unwrap();
            let error = crate::ir::lower(&loaded).unwrap_err().to_string();
            assert!(error.contains("/x-speakeasy-retries/"), "{error}");
            assert!(error.contains(at), "{error}");
        }
    }
}

/// `x-speakeasy-errors` (an operation's, else the root's): which error statuses decode into
/// the error model. Others still fail the call, as raw API errors.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorStatuses {
    pub enabled: bool,
    /// Statuses or ranges (`404`, `4XX`); empty means every documented one.
    pub status_codes: Vec<String>,
}

impl ErrorStatuses {
    /// Whether a documented status (`"404"`, `"4XX"`, `"default"`) keeps the error model.
    pub fn keeps(&self, status: &str) -> bool {
        if !self.enabled {
            return false;
        }
        self.status_codes.is_empty()
            || self.status_codes.iter().any(|code| {
                code.eq_ignore_ascii_case(status)
                    || matches!(
                        (code.as_bytes(), status.as_bytes()),
                        ([class, x1, x2], [digit, _, _])
                            if x1.eq_ignore_ascii_case(&b'x') && x2.eq_ignore_ascii_case(&b'x') && class == digit
                    )
            })
    }
}

/// Parses `x-speakeasy-errors` from `extensions` (written at `pointer`), if present.
pub fn error_statuses(
    spec: &LoadedSpec,
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
    pointer: &str,
) -> Result<Option<ErrorStatuses>, GenError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Rule {
        #[serde(default = "enabled")]
        enabled: bool,
        #[serde(default)]
        status_codes: Vec<StatusCode>,
    }
    fn enabled() -> bool {
        true
    }
    let Some(value) = extensions.get("x-speakeasy-errors") else {
        return Ok(None);
    };
    let pointer = format!("{pointer}/x-speakeasy-errors");
    let rule: Rule = serde_json::from_value(value.clone())
        .map_err(|e| invalid(spec, &pointer, e.to_string()))?;
    Ok(Some(ErrorStatuses {
        enabled: rule.enabled,
        status_codes: rule.status_codes.iter().map(ToString::to_string).collect(),
    }))
}
