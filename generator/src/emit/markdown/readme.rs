//! The crate's `README.md`: summary, installation, usage, every operation, and the runtime's
//! features (retries, errors, servers, HTTP client, authentication, hooks, tracing).

use serde::Serialize;

use super::operations::{op_line, sample_operation, LinkFrom, SampleCall};
use super::snippets::{
    call_statements, client_statement, format_program, imports, model_imports, request_expr,
    stream_snippet, Waiting, API_KEY,
};
use super::text::{cell, nest_headings, prose};
use super::Context;
use crate::error::GenError;
use crate::escape::{markdown_code_cell, markdown_text, rust_string};
use crate::ir::{FieldKind, Module, TypeKind};

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
    /// The type setting its variables (`Server0Variables`), when it has any.
    variables: Option<String>,
}

#[derive(Serialize)]
struct SchemeEntry {
    /// `Security::<method>(..)`, as a code span.
    constructor: String,
    /// What is sent, in words.
    sends: String,
}

/// The rows of the README's security schemes table.
fn scheme_entries(api: &crate::ir::Api) -> Vec<SchemeEntry> {
    use crate::ir::{KeyLocation, SchemeKind};
    let Some(security) = api.security.as_ref().filter(|_| api.credential.is_none()) else {
        return Vec::new();
    };
    security
        .schemes
        .iter()
        .map(|scheme| SchemeEntry {
            constructor: markdown_code_cell(&format!("Security::{}(..)", scheme.method)),
            sends: match &scheme.kind {
                SchemeKind::ApiKey { location, name } => format!(
                    "API key in the {} {}",
                    match location {
                        KeyLocation::Header => "header",
                        KeyLocation::Query => "query parameter",
                        KeyLocation::Cookie => "cookie",
                    },
                    markdown_code_cell(name)
                ),
                SchemeKind::Basic => "HTTP basic (username, password)".to_owned(),
                SchemeKind::Bearer => "HTTP bearer token".to_owned(),
                SchemeKind::AuthorizationValue { .. } => {
                    "`Authorization` value, verbatim".to_owned()
                }
                SchemeKind::ClientCredentials { token_url, .. } => format!(
                    "OAuth2 client credentials; token from {}, cached and refreshed",
                    markdown_code_cell(token_url)
                ),
                SchemeKind::CallerToken => {
                    "OAuth2 / OpenID Connect access token you obtained".to_owned()
                }
            },
        })
        .collect()
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
    usage: Usage,
    groups: Vec<GroupEntry>,
    /// The error model, linked, for the error-variant rows (`error_variants.md`).
    error_model: String,
    servers: Vec<ServerEntry>,
    /// A Rust string literal.
    first_server: String,
    credential: Option<CredentialEntry>,
    /// The spec's schemes beyond the single header key (`models::shared::Security`'s
    /// constructors), one row each.
    schemes: Vec<SchemeEntry>,
    /// Whether the spec also accepts calls without authentication.
    security_optional: bool,
    /// The spec's relative server URLs, as code spans.
    relative_servers: Vec<String>,
    /// One row per group: the spec's tag and its description.
    endpoints: Vec<EndpointEntry>,
    /// A program reading every item of the first operation that pages.
    pagination: Option<String>,
    /// The first webhook's `WebhookEvent` variant, when the spec declares webhooks.
    webhook_variant: Option<String>,
    /// A model field that tells absent from `null` (`Option<Option<T>>`), as `Type::field`.
    tri_state: Option<String>,
    /// The spec's retry policy, in words a reader can check against the builder's setters.
    retry_values: Option<RetryValues>,
    /// Whose docs a reader checks (`Codat's`, else `the API's`), as Markdown text.
    vendor_possessive: String,
    /// A host name for a server other than the spec's (`codat.example.com`).
    example_host: String,
}

#[derive(Serialize)]
struct EndpointEntry {
    link: String,
    description: String,
}

#[derive(Serialize)]
struct RetryValues {
    initial: String,
    max: String,
    exponent: String,
    max_elapsed: String,
    statuses: String,
    connection_errors: bool,
}

/// A duration in milliseconds as people write it (`500 ms`, `60 s`, `1 h`).
fn duration(ms: u64) -> String {
    match ms {
        ms if ms % 3_600_000 == 0 && ms > 0 => format!("{} h", ms / 3_600_000),
        ms if ms % 60_000 == 0 && ms >= 600_000 => format!("{} min", ms / 60_000),
        ms if ms % 1000 == 0 && ms > 0 => format!("{} s", ms / 1000),
        ms => format!("{ms} ms"),
    }
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
        summary.push_str(&nest_headings(&prose(intro), 3));
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
    let pagination = api
        .groups
        .iter()
        .flat_map(|g| g.operations.iter().map(move |op| (g, op)))
        .find(|(_, op)| op.paging.is_some() && op.deprecation.is_none())
        .map(|(group, op)| stream_snippet(api, group, op, cx.names))
        .transpose()?
        .flatten();
    let tri_state = api.types.types.values().find_map(|def| match &def.kind {
        TypeKind::Struct(s) if def.id.module == Module::Shared => s
            .fields
            .iter()
            .find(|f| f.kind() == FieldKind::TriState)
            .map(|f| format!("shared::{}::{}", def.id.name, f.rust_name)),
        _ => None,
    });
    let model = match &api.error_model {
        Some(id) => format!(
            "[{}](docs/{})",
            id.name,
            cx.paths.path(id).unwrap_or_default()
        ),
        None => "`serde_json::Value`".to_owned(),
    };
    let context = ReadmeContext {
        vendor_possessive: cx.brand.vendor.as_deref().map_or_else(
            || "the API's".to_owned(),
            |vendor| format!("{}'s", markdown_text(vendor)),
        ),
        // The slug is lower-case letters, digits and `-`: one host name label.
        example_host: format!(
            "{}.example.com",
            cx.brand.slug().as_deref().unwrap_or("other")
        ),
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
                variables: s.template.as_ref().map(|t| t.type_name.clone()),
            })
            .collect(),
        first_server: api
            .servers
            .first()
            .map_or_else(|| rust_string("http://localhost"), |s| rust_string(&s.url)),
        endpoints: api
            .groups
            .iter()
            .map(|g| EndpointEntry {
                link: format!(
                    "[{}](docs/sdks/{}/README.md)",
                    markdown_text(&g.spec_name),
                    g.docs_folder
                ),
                description: cell(g.description.as_deref().unwrap_or("")),
            })
            .collect(),
        pagination,
        webhook_variant: api
            .webhooks
            .first()
            .and_then(|w| cx.names.webhook_variant(w))
            .map(str::to_owned),
        tri_state,
        retry_values: api.retries.as_ref().map(|r| RetryValues {
            initial: duration(r.backoff.initial_interval),
            max: duration(r.backoff.max_interval),
            exponent: r.backoff.exponent.to_string(),
            max_elapsed: duration(r.backoff.max_elapsed_time),
            statuses: r
                .status_codes
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            connection_errors: r.retry_connection_errors,
        }),
        schemes: scheme_entries(api),
        security_optional: api.security.as_ref().is_some_and(|s| s.optional),
        relative_servers: api
            .relative_servers
            .iter()
            .map(|u| markdown_code_cell(u))
            .collect(),
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

/// The README's main examples, as complete programs: the first operation with a request-body
/// example (as the reference shows creating a company), else the sample call; once with the
/// async client under `#[tokio::main]`, once with the blocking client.
fn usage(cx: &Context<'_>) -> Result<Usage, GenError> {
    let api = cx.api;
    let chosen = api
        .groups
        .iter()
        .flat_map(|g| g.operations.iter().map(move |op| (g, op)))
        .filter(|(_, op)| op.deprecation.is_none())
        .find(|(_, op)| !op.body_examples.is_empty())
        .or_else(|| sample_operation(api));
    let (lib, client) = (&cx.names.lib, &cx.names.client);
    let Some((group, op)) = chosen else {
        let main = format!(
            "use {lib}::{client};\n\nfn main() {{\n    let _client = {client}::builder();\n}}"
        );
        return Ok(Usage {
            main,
            blocking: None,
        });
    };
    let body = op.body_examples.first().map(|e| &e.value);
    let program = |waiting: Waiting| {
        let statements = call_statements(api, group, op, body, cx.names, waiting).join("\n");
        let (attribute, asyncness, client_use) = match waiting {
            Waiting::Await => ("#[tokio::main]", "async", format!("use {lib}::{client};\n")),
            Waiting::Block => ("", "", format!("use {lib}::blocking::{client};\n")),
        };
        let function = format!(
            "{attribute} {asyncness} fn main() -> Result<(), Box<dyn std::error::Error>> {{ {statements} Ok(()) }}"
        );
        // In the order rustfmt sorts them.
        let uses = match waiting {
            Waiting::Await => model_imports(&function, cx.names) + &client_use,
            Waiting::Block => client_use + &model_imports(&function, cx.names),
        };
        format_program(&uses, &function, &op.operation_id)
    };
    Ok(Usage {
        main: program(Waiting::Await)?,
        blocking: Some(program(Waiting::Block)?),
    })
}

#[derive(Serialize)]
struct Usage {
    /// A `#[tokio::main]` program.
    main: String,
    /// The same call with the blocking client.
    blocking: Option<String>,
}
