//! `docs/models/<module>/<name>.md`: one page per model (fields, enum values or union variants),
//! and `docs/models/errors/error.md` for the error every method returns.

use serde::Serialize;
use serde_json::Value;

use super::sdk_pages::required;
use super::text::{cell, code, prose};
use super::Context;
use crate::error::GenError;
use crate::escape::markdown_code_cell;
use crate::ir::{TypeDef, TypeKind};

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
        description: prose(&def.docs.text()),
        fields: Vec::new(),
        values: Vec::new(),
        variants: Vec::new(),
        used_by: super::used_by::items(cx.api, &cx.used_by, &cx.paths, &def.id, TO_DOCS),
    };
    match &def.kind {
        TypeKind::Struct(s) => {
            context.kind = "struct";
            context.fields = s
                .fields
                .iter()
                .map(|field| {
                    let name = code(&field.rust_name);
                    let mut description = cell(&field.docs.text());
                    if field.wire_name != field.rust_name {
                        let wire = format!("JSON {}.", markdown_code_cell(&field.wire_name));
                        description = if description.is_empty() {
                            wire
                        } else {
                            format!("{description}<br/>{wire}")
                        };
                    }
                    FieldRow {
                        name: if field.deprecated {
                            format!("~~{name}~~")
                        } else {
                            name
                        },
                        ty: cx.paths.field_cell(field, TO_DOCS),
                        required: required(field.required),
                        description,
                        example: field.example.as_ref().map(example).unwrap_or_default(),
                    }
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

/// An example value as inline code: compact JSON, pipes escaped, long values cut.
fn example(value: &Value) -> String {
    let mut text = value.to_string().replace('`', "'");
    if text.chars().count() > MAX_EXAMPLE {
        text = text.chars().take(MAX_EXAMPLE).collect::<String>() + "…";
    }
    code(&text)
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
