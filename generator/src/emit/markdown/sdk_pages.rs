//! `docs/sdks/<folder>/README.md`: one page per group, one section per operation with its
//! example programs, parameters, response and errors.

use serde::Serialize;

use super::model_pages::{field_description, field_name, unlink_fragments};
use super::operations::{op_line, replacement, LinkFrom};
use super::snippets::{operation_snippets, stream_snippet, Snippet};
use super::text::{cell, nest_headings, prose};
use super::Context;
use crate::error::GenError;
use crate::escape::{markdown_code, markdown_text};
use crate::ir::{Group, Operation, ParamLocation, TypeKind, TypeRef};

/// From a group page to `docs/`.
const TO_DOCS: &str = "../../";

#[derive(Serialize)]
struct GroupContext {
    title: String,
    accessor: String,
    module: String,
    type_name: String,
    all_deprecated: bool,
    /// The examples' credential type, linked; `None` when the spec declares no security.
    security: Option<String>,
    overview: String,
    operations: Vec<OpContext>,
}

#[derive(Serialize)]
struct OpContext {
    method: String,
    line: String,
    http: String,
    summary: Option<String>,
    description: Option<String>,
    /// The deprecation notice, replacement linked; `None` when not deprecated.
    deprecated: Option<String>,
    snippets: Vec<SnippetContext>,
    /// The program reading every item of `<method>_stream`; `None` when the operation does not page.
    stream: Option<String>,
    params: Vec<ParamRow>,
    /// The request type, linked; `None` when the operation takes nothing.
    request: Option<String>,
    /// The response type, linked; `None` for a download or no body (see `download`).
    response: Option<String>,
    /// The response is raw bytes (a `ByteStream`).
    download: bool,
    /// The statuses documented with the error model, comma-separated; `None` when there are none.
    error_statuses: Option<String>,
    /// The error model, linked; `None` when error bodies stay raw JSON.
    error_model: Option<String>,
}

#[derive(Serialize)]
struct SnippetContext {
    name: Option<String>,
    code: String,
}

#[derive(Serialize)]
struct ParamRow {
    name: String,
    location: &'static str,
    ty: String,
    required: &'static str,
    description: String,
}

pub fn group_page(cx: &Context<'_>, group: &Group) -> Result<String, GenError> {
    let operations = group
        .operations
        .iter()
        .map(|op| operation(cx, group, op))
        .collect::<Result<Vec<_>, _>>()?;
    let context = GroupContext {
        title: markdown_text(&group.spec_name),
        accessor: group.module.clone(),
        module: group.module.clone(),
        type_name: group.type_name.clone(),
        all_deprecated: !group.operations.is_empty()
            && group.operations.iter().all(|op| op.deprecation.is_some()),
        security: cx.api.credential.is_some().then(|| {
            format!(
                "[shared::Security]({TO_DOCS}{})",
                super::model_pages::SECURITY_PAGE
            )
        }),
        // Below `## Overview`, beside `### Available Operations`.
        overview: nest_headings(
            &prose(group.description.as_deref().unwrap_or(&format!(
                "Operations of the {} group.",
                markdown_code(&group.spec_name)
            ))),
            3,
        ),
        operations,
    };
    cx.templates.render("sdk.md", context)
}

fn operation(cx: &Context<'_>, group: &Group, op: &Operation) -> Result<OpContext, GenError> {
    let from = LinkFrom::GroupPage(&group.docs_folder);
    let deprecated = op
        .deprecation
        .as_ref()
        .map(|d| cell(&d.notice(replacement(cx.api, op, from).as_deref())));
    let snippets = operation_snippets(cx.api, group, op, cx.names)?
        .into_iter()
        .map(|Snippet { name, code }| SnippetContext {
            name: name.as_deref().map(markdown_text),
            code,
        })
        .collect();
    Ok(OpContext {
        method: op.method.clone(),
        line: op_line(cx.api, group, op, from),
        http: markdown_code(&format!("{} {}", op.http_method, op.path)),
        summary: op.summary.as_deref().map(|s| cell(s.trim())),
        description: op
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            // Below the page's own `### Example Usage` and `### Parameters`, not beside them.
            .map(|d| nest_headings(&prose(d), 4)),
        deprecated,
        snippets,
        stream: stream_snippet(cx.api, group, op, cx.names)?,
        params: params(cx, op),
        request: Some(cx.paths.link(&op.request, TO_DOCS)),
        response: match &op.response.ty {
            Some(TypeRef::Bytes) | None => None,
            Some(ty) => Some(cx.paths.type_cell(ty, TO_DOCS)),
        },
        download: op.response.ty == Some(TypeRef::Bytes),
        error_statuses: (!op.error_statuses.is_empty()).then(|| op.error_statuses.join(", ")),
        error_model: cx
            .api
            .error_model
            .as_ref()
            .map(|id| cx.paths.link(id, TO_DOCS)),
    })
}

/// One row per field of the request type, in the order the type declares them.
fn params(cx: &Context<'_>, op: &Operation) -> Vec<ParamRow> {
    let Some(TypeKind::Struct(s)) = cx.api.types.get(&op.request).map(|t| &t.kind) else {
        return Vec::new();
    };
    s.fields
        .iter()
        .map(|field| {
            let location = match op
                .params
                .iter()
                .find(|p| p.field.rust_name == field.rust_name)
            {
                Some(p) => match p.location {
                    ParamLocation::Path => "path",
                    ParamLocation::Query => "query",
                    ParamLocation::Header => "header",
                    ParamLocation::Cookie => "cookie",
                },
                None => "body",
            };
            ParamRow {
                name: field_name(field),
                location,
                ty: cx.paths.field_cell(field, TO_DOCS),
                required: required(field.required),
                description: match field_description(field, None) {
                    // The body's field says nothing of its own: its type's description does.
                    // (Not its title: that named the type.)
                    empty if empty.is_empty() && location == "body" => field
                        .ty
                        .named()
                        .and_then(|id| cx.api.types.get(id))
                        .and_then(|def| def.docs.description.as_deref())
                        .map(|text| unlink_fragments(&cell(text)))
                        .filter(|text| !text.is_empty())
                        .unwrap_or_else(|| "The request body.".to_owned()),
                    description => description,
                },
            }
        })
        .collect()
}

/// The Required column, as the reference marks it.
pub fn required(required: bool) -> &'static str {
    if required {
        ":heavy_check_mark:"
    } else {
        ":heavy_minus_sign:"
    }
}
