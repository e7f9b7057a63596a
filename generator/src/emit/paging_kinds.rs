//! The bodies of `<method>_stream` for Speakeasy's pagination kinds (`offsetLimit`, `cursor`,
//! `url`): how the first input is read from the request, how the next is set, and what a page
//! gives. The loop guards (empty or short pages, repeated cursors and URLs, other origins) are
//! the runtime's.

use proc_macro2::TokenStream;
use quote::quote;

use super::models::{ident, type_expr, Scope};
use super::pagination::value_or_default;
use crate::ir::*;

/// `request.<field>` as an `Option` of the field's value type (integers are `Copy`).
fn request_option(field: &PagingField) -> TokenStream {
    let name = ident(&field.rust_name);
    let clone = (field.ty == TypeRef::String).then(|| quote! { .clone() });
    match field.kind {
        FieldKind::Required => quote! { Some(request.#name #clone) },
        FieldKind::Optional => quote! { request.#name #clone },
        FieldKind::TriState => quote! { request.#name #clone.flatten() },
    }
}

/// `request.<field>`, an integer, as an `Option<i64>`.
fn request_i64(field: &PagingField) -> TokenStream {
    let name = ident(&field.rust_name);
    let widen = (field.ty == TypeRef::I32).then(|| quote! { .map(i64::from) });
    match field.kind {
        FieldKind::Required if field.ty == TypeRef::I32 => {
            quote! { Some(i64::from(request.#name)) }
        }
        FieldKind::Required => quote! { Some(request.#name) },
        FieldKind::Optional => quote! { request.#name #widen },
        FieldKind::TriState => quote! { request.#name.flatten() #widen },
    }
}

/// `request.<field>`, an integer, as an `i64`, `start` when unset.
fn request_first(field: &PagingField, start: TokenStream) -> TokenStream {
    let name = ident(&field.rust_name);
    let narrow = field.ty == TypeRef::I32;
    match (field.kind, narrow) {
        (FieldKind::Required, true) => quote! { i64::from(request.#name) },
        (FieldKind::Required, false) => quote! { request.#name },
        (FieldKind::Optional, true) => quote! { request.#name.map_or(#start, i64::from) },
        (FieldKind::Optional, false) => quote! { request.#name.unwrap_or(#start) },
        (FieldKind::TriState, true) => quote! { request.#name.flatten().map_or(#start, i64::from) },
        (FieldKind::TriState, false) => quote! { request.#name.flatten().unwrap_or(#start) },
    }
}

/// `page.<field>` as an `Option` of the field's value type.
fn page_option(field: &PagingField) -> TokenStream {
    let name = ident(&field.rust_name);
    match field.kind {
        FieldKind::Required => quote! { Some(page.#name) },
        FieldKind::Optional => quote! { page.#name },
        FieldKind::TriState => quote! { page.#name.flatten() },
    }
}

/// Sets `request.<field>` to `value`, an expression of the field's value type.
fn set_request(field: &PagingField, value: TokenStream) -> TokenStream {
    let name = ident(&field.rust_name);
    match field.kind {
        FieldKind::Required => quote! { request.#name = #value; },
        FieldKind::Optional => quote! { request.#name = Some(#value); },
        FieldKind::TriState => quote! { request.#name = Some(Some(#value)); },
    }
}

/// The stream expression for a Speakeasy kind; `None` for Codat's page numbers.
pub fn stream_body(
    op: &Operation,
    paging: &Paging,
    page_ty: &TokenStream,
    security: Option<&Security>,
) -> Option<TokenStream> {
    let method = ident(&op.method);
    let items = value_or_default(&paging.results);
    match &paging.kind {
        PagingKind::PageNumber { .. } => None,
        PagingKind::OffsetLimit {
            input,
            by_page,
            limit,
        } => {
            let start = if *by_page {
                quote! { 1 }
            } else {
                quote! { 0 }
            };
            let first = request_first(input, start);
            let step = if *by_page {
                quote! { crate::runtime::__private::OffsetStep::Page }
            } else {
                quote! { crate::runtime::__private::OffsetStep::Offset }
            };
            let limit = match limit {
                Some(limit) => request_i64(limit),
                None => quote! { None },
            };
            let set = set_request(input, quote! { value });
            // An `i32` input past its range ends the stream with an error, never wraps.
            let fetch = if input.ty == TypeRef::I32 {
                quote! {
                    move |next: i64| {
                        let mut request = request.clone();
                        let group = group.clone();
                        async move {
                            let value = i32::try_from(next).map_err(|_| {
                                crate::Error::InvalidRequest(format!("pagination input {next} is out of range"))
                            })?;
                            #set
                            group.#method(request).await
                        }
                    }
                }
            } else {
                quote! {
                    move |value: i64| {
                        let mut request = request.clone();
                        #set
                        group.#method(request)
                    }
                }
            };
            Some(quote! {
                let first: i64 = #first;
                let limit: Option<i64> = #limit;
                crate::runtime::__private::paginate_offset(
                    first,
                    #step,
                    limit,
                    #fetch,
                    |page: #page_ty| #items,
                )
            })
        }
        PagingKind::Cursor {
            cursor_param,
            next_cursor,
            cursor,
        } => {
            let first = request_option(cursor_param);
            let cursor_ty = type_expr(cursor, Scope::Groups);
            let name = ident(&cursor_param.rust_name);
            let set = match cursor_param.kind {
                FieldKind::Required => {
                    quote! { if let Some(cursor) = cursor { request.#name = cursor; } }
                }
                FieldKind::Optional => quote! { request.#name = cursor; },
                FieldKind::TriState => quote! { request.#name = cursor.map(Some); },
            };
            let next = page_option(next_cursor);
            Some(quote! {
                let first: Option<#cursor_ty> = #first;
                crate::runtime::__private::paginate_cursor(
                    first,
                    move |cursor: Option<#cursor_ty>| {
                        let mut request = request.clone();
                        #set
                        group.#method(request)
                    },
                    |page: #page_ty| (#items, #next),
                )
            })
        }
        PagingKind::Url { next_url } => {
            let next = page_option(next_url);
            let operation_id = &op.operation_id;
            let statuses = &op.error_statuses;
            // Later pages are calls of the same operation: the same options and retries.
            let (retry_options, options) = super::retries::call_options(op, quote! { group });
            // Later pages send the credentials the operation's `security` picks, as the first.
            let requirement = super::security::operation_requirement(security, operation_id);
            let mutability = (!requirement.is_empty()).then(|| quote! { mut });
            Some(quote! {
                let first = group.#method(request);
                crate::runtime::__private::paginate_url(
                    first,
                    move |url: String| {
                        let #mutability http = Request::next_page(#operation_id, url);
                        #requirement
                        #retry_options
                        group.client.call(http, #options, &[#(#statuses),*]).json::<#page_ty>()
                    },
                    |page: #page_ty| (#items, #next),
                )
            })
        }
    }
}
