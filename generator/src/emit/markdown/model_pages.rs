//! `docs/models/<module>/<name>.md`: one page per model (fields, enum values or union variants),
//! and `docs/models/errors/error.md` for the error every method returns.

use serde::Serialize;
use serde_json::Value;

use super::sdk_pages::required;
use super::text::{cell, code, nest_headings, prose};
use super::Context;
use crate::error::GenError;
use crate::escape::markdown_code_cell;
use crate::ir::{Field, Param, ParamLocation, TypeDef, TypeId, TypeKind};

/// From a model page to `docs/`.
const TO_DOCS: &str = "../../";

/// Longer examples are cut in the table (the full value is in the spec).
const MAX_EXAMPLE: usize = 120;

#[derive(Serialize)]
struct ModelContext {
    name: String,
    path: String,
    /// `struct`, `enum`, `union` or `newtype`; the template words it.
    kind: &'static str,
    deprecated: bool,
    description: String,
    fields: Vec<FieldRow>,
    values: Vec<ValueRow>,
    variants: Vec<VariantRow>,
    /// Markdown links to the models and operations that use the type.
    used_by: Vec<super::used_by::UsedByItem>,
}

#[derive(Serialize)]
struct FieldRow {
    name: String,
    ty: String,
    required: &'static str,
    description: String,
    example: String,
}

#[derive(Serialize)]
struct ValueRow {
    name: String,
    value: String,
}

#[derive(Serialize)]
struct VariantRow {
    name: String,
    ty: String,
}

pub fn model_page(cx: &Context<'_>, def: &TypeDef) -> Result<String, GenError> {
    let mut context = ModelContext {
        name: def.id.name.clone(),
        path: format!(
            "{}::models::{}::{}",
            cx.names.lib,
            def.id.module.as_str(),
            def.id.name
        ),
        kind: "",
        deprecated: def.deprecated,
        // Below the page's `# Name`, not beside its own `## Fields`.
        description: nest_headings(&prose(&type_docs(def)), 3),
        fields: Vec::new(),
        values: Vec::new(),
        variants: Vec::new(),
        used_by: super::used_by::items(cx.api, &cx.used_by, &cx.paths, &def.id, TO_DOCS),
    };
    match &def.kind {
        TypeKind::Struct(s) => {
            context.kind = "struct";
            let params = request_params(cx, &def.id);
            context.fields = s
                .fields
                .iter()
                .map(|field| FieldRow {
                    name: field_name(field),
                    ty: cx.paths.field_cell(field, TO_DOCS),
                    required: required(field.required),
                    description: field_description(field, wire_label(params, field).as_deref()),
                    example: field.example.as_ref().map(example).unwrap_or_default(),
                })
                .collect();
            if let Some(additional) = &s.additional {
                context.fields.push(FieldRow {
                    name: code("additional_properties"),
                    ty: format!(
                        "BTreeMap&lt;String, {}&gt;",
                        cx.paths.type_cell(additional, TO_DOCS)
                    ),
                    required: required(false),
                    description: "Properties the spec does not name.".to_owned(),
                    example: String::new(),
                });
            }
        }
        TypeKind::Enum(e) => {
            context.kind = "enum";
            context.values = e
                .variants
                .iter()
                .map(|v| ValueRow {
                    name: v.rust_name.clone(),
                    value: markdown_code_cell(&v.value),
                })
                .collect();
        }
        TypeKind::Union(variants) => {
            context.kind = "union";
            context.variants = variants
                .iter()
                .map(|v| VariantRow {
                    name: v.rust_name.clone(),
                    ty: cx.paths.type_cell(&v.ty, TO_DOCS),
                })
                .collect();
        }
        TypeKind::Newtype(inner) => {
            context.kind = "newtype";
            context.fields = vec![FieldRow {
                name: code("0"),
                ty: cx.paths.type_cell(inner, TO_DOCS),
                required: required(true),
                description: "The wrapped value; it encodes as the value itself.".to_owned(),
                example: String::new(),
            }];
        }
    }
    cx.templates.render("model.md", context)
}

/// A type's description, after its title only when that says more than the type's name
/// (`title: ModifiedDate` on `ModifiedDate`, or `Update connection` on
/// `UnlinkConnectionUpdateConnection`, says nothing).
fn type_docs(def: &TypeDef) -> String {
    let key = |text: &str| -> String {
        text.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let mut docs = def.docs.clone();
    if docs
        .title
        .as_deref()
        .is_some_and(|title| key(&def.id.name).ends_with(&key(title)))
    {
        docs.title = None;
    }
    docs.text()
}

/// The field's name as inline code, struck through when deprecated.
pub fn field_name(field: &Field) -> String {
    let name = code(&field.rust_name);
    if field.deprecated {
        format!("~~{name}~~")
    } else {
        name
    }
}

/// A field's Description cell: the deprecation notice first, then the spec's text, then where
/// the value travels when its name there differs from the Rust one (`label`).
pub fn field_description(field: &Field, label: Option<&str>) -> String {
    let mut parts = Vec::new();
    if field.deprecated {
        parts.push(DEPRECATED_FIELD.to_owned());
    }
    let text = unlink_fragments(&cell(&field.docs.text()));
    if !text.is_empty() {
        parts.push(text);
    }
    let mut description = parts.join("<br/><br/>");
    if let Some(label) = label {
        if !description.is_empty() {
            description.push_str("<br/>");
        }
        description.push_str(label);
    }
    description
}

/// `[text](#anchor)` as `text`: a cell's text, often inherited from the schema a field refers
/// to, points at headings of that schema's own description, which are not on this page.
pub fn unlink_fragments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('[') {
        let after = &rest[start + 1..];
        let link = after
            .find("](#")
            .filter(|&close| !after[..close].contains(['[', ']']))
            .and_then(|close| {
                let target = &after[close + 3..];
                let end = target.find(')')?;
                (!target[..end].contains([' ', '(', '['])).then_some((close, close + 3 + end))
            });
        match link {
            Some((close, end)) => {
                out.push_str(&rest[..start]);
                out.push_str(&after[..close]);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[..=start]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The notice on a deprecated field (the spec gives fields no message or replacement).
pub const DEPRECATED_FIELD: &str = ":warning: **Deprecated**: this field may be removed in a \
    future version; stop reading or setting it.";

/// The parameters of the operation whose request type is `id` (none for other structs).
fn request_params<'a>(cx: &Context<'a>, id: &TypeId) -> &'a [Param] {
    cx.api
        .groups
        .iter()
        .flat_map(|g| &g.operations)
        .find(|op| &op.request == id)
        .map(|op| op.params.as_slice())
        .unwrap_or_default()
}

/// Where a field's value travels, when its name there is not the Rust name: `JSON `x``, or for a
/// request's parameters `path parameter `companyId`` (and query, header).
pub fn wire_label(params: &[Param], field: &Field) -> Option<String> {
    let location = params
        .iter()
        .find(|p| p.field.rust_name == field.rust_name)
        .map(|p| location_label(p.location));
    if field.wire_name == field.rust_name {
        return None;
    }
    Some(format!(
        "{} {}.",
        location.unwrap_or("JSON"),
        markdown_code_cell(&field.wire_name)
    ))
}

/// How a page names a parameter's location.
pub fn location_label(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "Path parameter",
        ParamLocation::Query => "Query parameter",
        ParamLocation::Header => "Header",
        ParamLocation::Cookie => "Cookie",
    }
}

/// An example value as inline code: compact JSON, pipes escaped, long values cut.
fn example(value: &Value) -> String {
    let mut text = value.to_string().replace('`', "'");
    if text.chars().count() > MAX_EXAMPLE {
        text = text.chars().take(MAX_EXAMPLE).collect::<String>() + "…";
    }
    code(&text)
}

/// The page of `models::shared::Security`, relative to `docs/` (no schema of the spec takes its
/// name: the lowering reserves it).
pub const SECURITY_PAGE: &str = "models/shared/security.md";

/// The page of the credential type the client is built with; `None` when the spec declares no
/// security (the crate then has no `Security`).
pub fn security_page(cx: &Context<'_>) -> Result<Option<String>, GenError> {
    let (Some(credential), Some(field)) = (&cx.api.credential, &cx.names.credential_field) else {
        return Ok(None);
    };
    let description = credential
        .description
        .as_deref()
        .map(cell)
        .unwrap_or_else(|| "The credential, sent verbatim in its header.".to_owned());
    let context = ModelContext {
        name: "Security".to_owned(),
        path: format!("{}::models::shared::Security", cx.names.lib),
        kind: "struct",
        deprecated: false,
        description: format!(
            "How requests authenticate: the value is sent verbatim in the {} header. Build the \
             client with it (`{}::new(shared::Security {{ {field}: .. }})`); its `Debug` never \
             shows the credential.",
            markdown_code_cell(&credential.header),
            cx.names.client,
        ),
        fields: vec![FieldRow {
            name: code(field),
            ty: "String".to_owned(),
            required: required(true),
            description,
            example: String::new(),
        }],
        values: Vec::new(),
        variants: Vec::new(),
        used_by: Vec::new(),
    };
    cx.templates.render("model.md", context).map(Some)
}

#[cfg(test)]
mod tests {
    use super::unlink_fragments;

    #[test]
    fn fragment_links_in_cells_become_their_text() {
        assert_eq!(
            unlink_fragments(
                "See [Payment of an invoice](#payment-of-an-invoice), and [docs](https://x.io/#a)."
            ),
            "See Payment of an invoice, and [docs](https://x.io/#a)."
        );
        assert_eq!(unlink_fragments("a [b] [c](#d e) [f"), "a [b] [c](#d e) [f");
    }
}

#[derive(Serialize)]
struct ErrorContext {
    lib: String,
    model_name: String,
    model_link: String,
    /// The error model, linked, for the error-variant rows (`error_variants.md`).
    error_model: String,
}

pub fn error_page(cx: &Context<'_>) -> Result<String, GenError> {
    let (model_name, model_link) = match &cx.api.error_model {
        Some(id) => (
            format!("shared::{}", id.name),
            format!(
                "[{}](../../{})",
                id.name,
                cx.paths.path(id).unwrap_or_default()
            ),
        ),
        None => (
            "serde_json::Value".to_owned(),
            "`serde_json::Value`".to_owned(),
        ),
    };
    let context = ErrorContext {
        lib: cx.names.lib.clone(),
        error_model: model_link.clone(),
        model_name,
        model_link,
    };
    cx.templates.render("error.md", context)
}
