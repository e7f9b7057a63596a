//! Rust for the sub-clients: one file per group, one method per operation. A group handle owns
//! a clone of the client (an `Arc`), and each method only describes its request (path, query,
//! headers, body) and hands it to the runtime's `Client::call`, whose future owns everything,
//! so every method returns a `Send + 'static` future (spawnable, storable, returnable) and
//! the send path stays one non-generic copy in the runtime, which keeps the compiled size small.

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
        let call = method(op, api.security.as_ref());
        let stream = super::pagination::stream_method(op, api.security.as_ref());
        quote! { #call #stream }
    });
    let mut models = BTreeSet::new();
    for op in &group.operations {
        models.insert(op.request.module);
        models.extend(
            op.response
                .ty
                .as_ref()
                .and_then(TypeRef::named)
                .map(|id| id.module),
        );
    }
    // A group whose operations take and return no model imports none (an empty `use` warns).
    let models = (!models.is_empty()).then(|| {
        let models = models.into_iter().map(|m| ident(m.as_str()));
        quote! { use crate::models::{#(#models),*}; }
    });
    // The style types are imported only by a group that renders a styled parameter.
    let uses = |wanted: fn(&ParamEncoding) -> bool| {
        group
            .operations
            .iter()
            .flat_map(|op| &op.params)
            .any(|p| wanted(&p.encoding))
    };
    let styles = match (
        uses(|e| *e != ParamEncoding::Plain),
        uses(|e| matches!(e, ParamEncoding::Styled { .. })),
    ) {
        (false, _) => None,
        (true, false) => Some(quote! { ParamFormat, }),
        (true, true) => Some(quote! { ParamFormat, ParamStyle, }),
    };
    let globals = super::globals::ClientGlobals::new(api);
    let global_field = globals.field();
    let (new_params, new_fields) = globals.group_new();
    quote! {
        #models
        use crate::runtime::{Client, Method, #styles Request, RequestOptions};
        use std::future::Future;

        #docs
        #[doc = ""]
        #[doc = " A cheap handle (a clone of the client's `Arc`); each method returns a `Send + 'static` future or stream that owns what it needs."]
        #[derive(Debug, Clone)]
        pub struct #name {
            client: Client,
            #global_field
            options: RequestOptions,
        }

        impl #name {
            pub(crate) fn new(#new_params) -> Self {
                Self { #new_fields, options: RequestOptions::default() }
            }

            #[doc = " Applies per-call options (retries, timeout, extra headers, server URL) to calls made through this handle,"]
            #[doc = " merged over any given before: a later option replaces the same earlier one, headers accumulate."]
            pub fn with_options(mut self, options: RequestOptions) -> Self {
                self.options = self.options.merged(options);
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

/// The text of `#[deprecated]` and of the rustdoc notice: the replacement as a Rust call.
pub fn deprecation_notice(op: &Operation) -> Option<String> {
    let deprecation = op.deprecation.as_ref()?;
    Some(deprecation.notice(deprecation.replacement_call().as_deref()))
}

fn method(op: &Operation, security: Option<&Security>) -> TokenStream {
    let name = ident(&op.method);
    let docs = doc_attrs(&method_docs(op));
    let deprecated = deprecation_notice(op).map(|note| quote! { #[deprecated(note = #note)] });
    let http_method = ident(&op.http_method);
    let operation_id = &op.operation_id;
    let path = &op.path;
    let request_ty = type_expr(&TypeRef::Named(op.request.clone()), Scope::Groups);
    let argument = quote! { request: #request_ty };
    let params = op.params.iter().map(param_statement);
    let body = op.body.as_ref().map(|body| {
        let field = ident(&body.field.rust_name);
        let content_type = &body.content_type;
        // A form or raw body is sent when there is one: the pattern inside the field's `Option`s.
        let present = |name: TokenStream| match body.field.kind() {
            FieldKind::Required => None,
            FieldKind::Optional => Some(quote! { Some(#name) }),
            FieldKind::TriState => Some(quote! { Some(Some(#name)) }),
        };
        match &body.field.ty {
            TypeRef::Form => match present(quote! { form }) {
                None => quote! { http.multipart_body(&request.#field); },
                Some(pattern) => {
                    quote! { if let #pattern = &request.#field { http.multipart_body(form); } }
                }
            },
            TypeRef::Bytes => match present(quote! { bytes }) {
                None => quote! { http.raw_body(#content_type, request.#field.clone()); },
                Some(pattern) => quote! {
                    if let #pattern = &request.#field { http.raw_body(#content_type, bytes.clone()); }
                },
            },
            _ if body.is_form_urlencoded() => quote! { http.form_body(&request.#field); },
            _ => quote! { http.json_body(&request.#field); },
        }
    });
    let statuses = &op.error_statuses;
    let accept = match (&op.response.ty, op.response.stream) {
        (_, Some(ResponseStream::Events)) => Some(quote! { http.accept("text/event-stream"); }),
        (Some(TypeRef::Bytes), _) => Some(quote! { http.accept("*/*"); }),
        _ => None,
    };
    // A download: the body as it comes, whatever its media type, streamed so
    // that memory stays flat; error statuses are still buffered and decoded.
    let (output, decode) = match &op.response.ty {
        Some(ty) if op.response.stream.is_some() => super::streams::output_and_decode(op, ty),
        Some(TypeRef::Bytes) => (quote! { crate::runtime::ByteStream }, quote! { download() }),
        Some(ty) => (type_expr(ty, Scope::Groups), quote! { json() }),
        None => (quote! { () }, quote! { empty() }),
    };
    let complex = op
        .response
        .ty
        .as_ref()
        .is_some_and(TypeRef::is_complex_output)
        .then(|| quote! { #[allow(clippy::type_complexity)] });
    // The operation's own `security`, which picks the credentials it sends.
    let requirement = super::security::operation_requirement(security, &op.operation_id);
    let mutability = if !op.params.is_empty()
        || op.body.is_some()
        || accept.is_some()
        || !requirement.is_empty()
    {
        quote! { mut }
    } else {
        TokenStream::new()
    };
    // A request with nothing in it yet (the spec may add parameters later) is not read.
    let unread = (op.params.is_empty() && op.body.is_none()).then(|| quote! { let _ = request; });
    let (retry_options, options) = super::retries::call_options(op, quote! { self });
    // The request is described now and moved into the call, so the future borrows nothing.
    quote! {
        #docs
        #deprecated
        #complex
        pub fn #name(
            &self,
            #argument
        ) -> impl Future<Output = Result<#output, crate::Error>> + Send + 'static {
            #unread
            let #mutability http = Request::new(Method::#http_method, #operation_id, #path);
            #accept
            #requirement
            #(#params)*
            #body
            #retry_options
            self.client.call(http, #options, &[#(#statuses),*]).#decode
        }
    }
}

/// The statement that puts one parameter into the request, as its encoding says. A parameter
/// a global fills is put in only when the request or the client's globals give it a value (a
/// path left without one fails the call before it is sent).
fn param_statement(param: &Param) -> TokenStream {
    let field = ident(&param.field.rust_name);
    match &param.global {
        Some(global) => {
            let global = ident(global);
            let put = put_param(param, quote! { value });
            quote! {
                if let Some(value) = request.#field.as_ref().or(self.globals.#global.as_ref()) {
                    #put
                }
            }
        }
        None => put_param(param, quote! { &request.#field }),
    }
}

/// The call that puts `value` (a reference) in as one parameter.
fn put_param(param: &Param, value: TokenStream) -> TokenStream {
    let wire = &param.field.wire_name;
    let format = match param.encoding {
        ParamEncoding::Plain => {
            return match param.location {
                ParamLocation::Query => quote! { http.query(#wire, #value); },
                ParamLocation::Header => quote! { http.header_param(#wire, #value); },
                ParamLocation::Path => quote! { http.path_param(#wire, #value); },
                // The IR makes no cookie plain; were one, it is sent as exploded `form`.
                ParamLocation::Cookie => quote! {
                    http.cookie_as(
                        #wire,
                        #value,
                        crate::runtime::ParamFormat::style(crate::runtime::ParamStyle::Form, true),
                    );
                },
            };
        }
        ParamEncoding::Json => quote! { ParamFormat::json() },
        ParamEncoding::Styled {
            style,
            explode,
            allow_reserved,
        } => {
            let style = ident(style.runtime_variant());
            let reserved = allow_reserved.then(|| quote! { .allow_reserved() });
            quote! { ParamFormat::style(ParamStyle::#style, #explode) #reserved }
        }
    };
    let method = ident(match param.location {
        ParamLocation::Query => "query_as",
        ParamLocation::Header => "header_as",
        ParamLocation::Path => "path_as",
        ParamLocation::Cookie => "cookie_as",
    });
    quote! { http.#method(#wire, #value, #format); }
}
