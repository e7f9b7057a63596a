//! Rust for the sub-clients: one file per group, one async method per operation. Each method
//! only describes its request (path, query, headers, body) and hands it to the runtime's one
//! non-generic send path, which keeps the compiled size small.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::models::{ident, type_expr, Scope};
use crate::ir::*;

/// The file `src/groups/<module>.rs`.
pub fn group_file(api: &Api, group: &Group) -> TokenStream {
    let name = ident(&group.type_name);
    let docs = doc_attrs(
        group
            .description
            .as_deref()
            .unwrap_or(&format!("Operations of the `{}` group.", group.spec_name)),
    );
    let methods = group.operations.iter().map(|op| {
        let call = method(op);
        let stream = super::pagination::stream_method(api, op);
        quote! { #call #stream }
    });
    let mut models = BTreeSet::new();
    for op in &group.operations {
        models.extend(op.request.as_ref().map(|id| id.module));
        models.extend(
            op.response
                .ty
                .as_ref()
                .and_then(TypeRef::named)
                .map(|id| id.module),
        );
    }
    let models = models.into_iter().map(|m| ident(m.as_str()));
    let encodes_paths = group
        .operations
        .iter()
        .any(|op| op.params.iter().any(|p| p.location == ParamLocation::Path));
    let encode = encodes_paths.then(|| quote! { encode_path_segment, });
    quote! {
        use super::ErrorModel;
        use crate::models::{#(#models),*};
        use crate::runtime::{#encode Client, Method, Request, RequestOptions};

        #docs
        #[derive(Debug, Clone)]
        pub struct #name<'a> {
            client: &'a Client,
            options: RequestOptions,
        }

        impl<'a> #name<'a> {
            pub(crate) fn new(client: &'a Client) -> Self {
                Self { client, options: RequestOptions::default() }
            }

            #[doc = " Applies per-call options (retries, timeout, extra headers, server URL) to calls made through this handle."]
            pub fn with_options(mut self, options: RequestOptions) -> Self {
                self.options = options;
                self
            }

            #(#methods)*
        }
    }
}

/// Rustdoc of a method: summary, description, and the deprecation notice.
fn method_docs(op: &Operation) -> String {
    let mut parts = Vec::new();
    if let Some(summary) = &op.summary {
        parts.push(summary.trim().to_owned());
    }
    if let Some(description) = &op.description {
        parts.push(description.trim().to_owned());
    }
    if let Some(notice) = deprecation_notice(op) {
        parts.push(format!("**Deprecated:** {notice}"));
    }
    parts.push(format!(
        "`{} {}` (operation `{}`).",
        op.http_method, op.path, op.operation_id
    ));
    parts.join("\n\n")
}

/// The text of `#[deprecated]`: the spec's message plus the replacement as a Rust call.
pub fn deprecation_notice(op: &Operation) -> Option<String> {
    let deprecation = op.deprecation.as_ref()?;
    let mut notice = deprecation
        .message
        .as_deref()
        .map(|m| m.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "This operation is deprecated.".to_owned());
    if let Some((group, method)) = &deprecation.replacement {
        notice.push_str(&format!(" Use `{group}().{method}()` instead."));
    }
    Some(notice)
}

fn method(op: &Operation) -> TokenStream {
    let name = ident(&op.method);
    let docs = doc_attrs(&method_docs(op));
    let deprecated = deprecation_notice(op).map(|note| quote! { #[deprecated(note = #note)] });
    let http_method = ident(&op.http_method);
    let operation_id = &op.operation_id;
    let path = path_expr(op);
    let argument = op.request.as_ref().map(|id| {
        let ty = type_expr(&TypeRef::Named(id.clone()), Scope::Groups);
        quote! { request: #ty }
    });
    let params = op.params.iter().map(|param| {
        let field = ident(&param.field.rust_name);
        let wire = &param.field.wire_name;
        match param.location {
            ParamLocation::Query => quote! { http.query(#wire, &request.#field); },
            ParamLocation::Header => quote! { http.header_param(#wire, &request.#field); },
            ParamLocation::Path => TokenStream::new(),
        }
    });
    let body = op.body.as_ref().map(|body| {
        let field = ident(&body.field.rust_name);
        let value = if body.field.required {
            quote! { &request.#field }
        } else {
            quote! { request.#field }
        };
        match (&body.field.ty, body.field.required) {
            (TypeRef::Form, true) => quote! { http.multipart_body(#value); },
            (TypeRef::Form, false) => {
                quote! { if let Some(form) = &#value { http.multipart_body(form); } }
            }
            (TypeRef::Bytes, true) => {
                let content_type = &body.content_type;
                quote! { http.raw_body(#content_type, request.#field.clone()); }
            }
            (TypeRef::Bytes, false) => {
                let content_type = &body.content_type;
                quote! { if let Some(bytes) = &#value { http.raw_body(#content_type, bytes.clone()); } }
            }
            _ => quote! { http.json_body(&request.#field); },
        }
    });
    let statuses = &op.error_statuses;
    let accept = (op.response.ty == Some(TypeRef::Bytes)).then(|| quote! { http.accept("*/*"); });
    let (output, decode) = match &op.response.ty {
        // A download: the body as it came, whatever its media type.
        Some(TypeRef::Bytes) => (
            quote! { crate::runtime::Bytes },
            quote! { Ok(response.body) },
        ),
        Some(ty) => {
            let ty = type_expr(ty, Scope::Groups);
            (ty.clone(), quote! { response.json::<#ty, ErrorModel>() })
        }
        None => (quote! { () }, quote! { response.empty::<ErrorModel>() }),
    };
    let mutability = if op.params.iter().any(|p| p.location != ParamLocation::Path)
        || op.body.is_some()
        || op.response.ty == Some(TypeRef::Bytes)
    {
        quote! { mut }
    } else {
        TokenStream::new()
    };
    quote! {
        #docs
        #deprecated
        pub async fn #name(&self, #argument) -> Result<#output, crate::Error> {
            let #mutability http = Request::new(Method::#http_method, #operation_id, #path);
            #accept
            #(#params)*
            #body
            let response = self
                .client
                .send::<ErrorModel>(http, &self.options, &[#(#statuses),*])
                .await?;
            #decode
        }
    }
}

/// The request path with each `{param}` percent-encoded as one segment, joined without `format!`
/// (prettyplease cannot lay out macro arguments).
fn path_expr(op: &Operation) -> TokenStream {
    let mut parts = Vec::new();
    let mut rest = op.path.as_str();
    while let (Some(start), Some(end)) = (rest.find('{'), rest.find('}')) {
        if start > 0 {
            let literal = &rest[..start];
            parts.push(quote! { #literal });
        }
        let name = &rest[start + 1..end];
        let field = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.field.wire_name == name)
            .map(|p| ident(&p.field.rust_name));
        // Lowering guarantees every template has its parameter; the literal keeps this total.
        parts.push(match field {
            Some(field) => quote! { encode_path_segment(&request.#field).as_str() },
            None => quote! { #name },
        });
        rest = &rest[end + 1..];
    }
    if parts.is_empty() {
        let path = &op.path;
        return quote! { #path };
    }
    if !rest.is_empty() {
        parts.push(quote! { #rest });
    }
    quote! { [#(#parts),*].concat() }
}
