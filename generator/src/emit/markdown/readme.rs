//! The crate's `README.md`: summary, installation, usage, every operation, and the runtime's
//! features (retries, errors, servers, HTTP client, authentication, hooks, tracing).

use serde::Serialize;

use super::operations::{op_line, sample_operation, LinkFrom, SampleCall};
use super::snippets::{client_statement, imports, operation_snippets, request_expr, API_KEY};
use super::text::{cell, prose};
use super::Context;
use crate::error::GenError;
use crate::escape::{markdown_code_cell, markdown_text, rust_string};

#[derive(Serialize)]
struct GroupEntry {
    accessor: String,
    /// The cargo feature that compiles the group.
    feature: String,
    folder: String,
    all_deprecated: bool,
    operations: Vec<OpEntry>,
}

#[derive(Serialize)]
struct OpEntry {
    line: String,
}

#[derive(Serialize)]
struct ServerEntry {
    url: String,
    description: String,
}

#[derive(Serialize)]
struct CredentialEntry {
    field: String,
    /// The header name as a code span.
    header: String,
    /// The header name as a Rust string literal.
    header_literal: String,
    description: String,
    /// Whether `build()` refuses a client without it.
    required: bool,
}

/// What the README and the utils pages share.
#[derive(Serialize)]
pub struct SharedContext {
    crate_name: String,
    crate_version: String,
    lib: String,
    client: String,
    client_statement: String,
    /// `.credential(..)` on a builder, with a trailing line break, or nothing.
    builder_credential: String,
    retries: Option<String>,
    sample: SampleCall,
    api_key: &'static str,
}

pub fn shared_context(cx: &Context<'_>) -> Result<SharedContext, GenError> {
    let builder_credential = match &cx.api.credential {
        Some(credential) => format!(
            ".credential({}::runtime::Credential::header({}, {}))\n        ",
            cx.names.lib,
            rust_string(&credential.header),
            rust_string(API_KEY)
        ),
        None => String::new(),
    };
    Ok(SharedContext {
        crate_name: cx.options.name.clone(),
        crate_version: cx.options.version.clone(),
        lib: cx.names.lib.clone(),
        client: cx.names.client.clone(),
        client_statement: client_statement(cx.names),
        builder_credential,
        retries: cx.api.retries.as_ref().map(|r| {
            let statuses: Vec<String> = r.status_codes.iter().map(ToString::to_string).collect();
            let statuses = statuses.join(", ");
            format!("exponential backoff on {statuses}")
        }),
        sample: sample_call(cx),
        api_key: API_KEY,
    })
}

/// The call the feature snippets make.
fn sample_call(cx: &Context<'_>) -> SampleCall {
    let Some((group, op)) = sample_operation(cx.api) else {
        return SampleCall::default();
    };
    let argument = request_expr(cx.api, op, None, &cx.names.lib).unwrap_or_default();
    // The client statement may name `shared::Security`.
    let mentioned = format!("{argument} {}", client_statement(cx.names));
    SampleCall {
        uses: imports(&mentioned, cx.names),
        accessor: group.module.clone(),
        method: op.method.clone(),
        argument,
    }
}

#[derive(Serialize)]
struct ReadmeContext {
    #[serde(flatten)]
    shared: SharedContext,
    summary: String,
    usage: String,
    groups: Vec<GroupEntry>,
    /// The error model, linked, for the error-variant rows (`error_variants.md`).
    error_model: String,
    servers: Vec<ServerEntry>,
    /// A Rust string literal.
    first_server: String,
    credential: Option<CredentialEntry>,
}

pub fn readme(cx: &Context<'_>) -> Result<String, GenError> {
    let api = cx.api;
    let mut summary = match &api.summary {
        Some(summary) if summary.trim() != api.title => {
            format!(
                "{}: {}",
                markdown_text(&api.title),
                markdown_text(summary.trim())
            )
        }
        _ => markdown_text(&api.title),
    };
    if let Some(description) = &api.description {
        // The spec's description up to its first horizontal rule (Codat's tag tables follow).
        let intro = description.split("\n---").next().unwrap_or("");
        summary.push_str("\n\n");
        summary.push_str(&prose(intro));
    }
    let groups = api
        .groups
        .iter()
        .map(|group| GroupEntry {
            accessor: group.module.clone(),
            feature: cx.names.feature(group).unwrap_or_default().to_owned(),
            folder: group.docs_folder.clone(),
            all_deprecated: !group.operations.is_empty()
                && group.operations.iter().all(|op| op.deprecation.is_some()),
            operations: group
                .operations
                .iter()
                .map(|op| OpEntry {
                    line: op_line(api, group, op, LinkFrom::Readme),
                })
                .collect(),
        })
        .collect();
    let model = match &api.error_model {
        Some(id) => format!(
            "[{}](docs/{})",
            id.name,
            cx.paths.path(id).unwrap_or_default()
        ),
        None => "`serde_json::Value`".to_owned(),
    };
    let context = ReadmeContext {
        shared: shared_context(cx)?,
        summary,
        usage: usage(cx)?,
        groups,
        error_model: model,
        servers: api
            .servers
            .iter()
            .map(|s| ServerEntry {
                url: markdown_code_cell(&s.url),
                description: cell(s.description.as_deref().unwrap_or("")),
            })
            .collect(),
        first_server: api
            .servers
            .first()
            .map_or_else(|| rust_string("http://localhost"), |s| rust_string(&s.url)),
        credential: api
            .credential
            .as_ref()
            .zip(cx.names.credential_field.as_ref())
            .map(|(c, field)| CredentialEntry {
                field: field.clone(),
                header: markdown_code_cell(&c.header),
                header_literal: rust_string(&c.header),
                description: prose(c.description.as_deref().unwrap_or("")),
                required: c.required,
            }),
    };
    cx.templates.render("README.md", context)
}

/// The README's main example: the first operation with a request-body example (as the reference
/// shows creating a company), else the sample call.
fn usage(cx: &Context<'_>) -> Result<String, GenError> {
    let api = cx.api;
    let candidates = api
        .groups
        .iter()
        .flat_map(|g| g.operations.iter().map(move |op| (g, op)))
        .filter(|(_, op)| op.deprecation.is_none());
    let chosen = candidates
        .clone()
        .find(|(_, op)| !op.body_examples.is_empty())
        .or_else(|| sample_operation(api));
    match chosen {
        Some((group, op)) => {
            let snippets = operation_snippets(api, group, op, cx.names)?;
            Ok(snippets
                .into_iter()
                .next()
                .map(|s| s.code)
                .unwrap_or_default())
        }
        None => Ok(format!(
            "use {lib}::{client};\n\nfn main() {{\n    let _client = {client}::builder();\n}}",
            lib = cx.names.lib,
            client = cx.names.client
        )),
    }
}
