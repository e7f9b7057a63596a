//! `<method>_stream`: for list operations that page (`x-codat-speakeasy-pagination`, or an
//! operation's `x-speakeasy-pagination`), a stream of items that fetches page after page. The
//! reference has none. Whether and how an operation pages is the IR's decision
//! ([`Operation::paging`]).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::models::{ident, type_expr, Scope};
use crate::ir::*;

/// `page.<field>`, with absent and `null` read as the type's default.
pub(super) fn value_or_default(field: &PagingField) -> TokenStream {
    let name = ident(&field.rust_name);
    match field.kind {
        FieldKind::Required => quote! { page.#name },
        FieldKind::Optional => quote! { page.#name.unwrap_or_default() },
        FieldKind::TriState => quote! { page.#name.flatten().unwrap_or_default() },
    }
}

/// The stream method for `op`, or nothing when it does not page.
pub fn stream_method(op: &Operation, security: Option<&Security>) -> Option<TokenStream> {
    let paging = op.paging.as_ref()?;
    let page_ty = type_expr(op.response.ty.as_ref()?, Scope::Groups);
    let Some(body) = super::paging_kinds::stream_body(op, paging, &page_ty, security) else {
        return page_number_stream(op, paging, page_ty);
    };
    let item = type_expr(&paging.item, Scope::Groups);
    Some(stream_fn(op, &item, body))
}

/// The `<method>_stream` around `body`, an expression of the stream.
fn stream_fn(op: &Operation, item: &TokenStream, body: TokenStream) -> TokenStream {
    let name = format_ident!("{}_stream", op.method);
    let request_ty = type_expr(&TypeRef::Named(op.request.clone()), Scope::Groups);
    let doc = format!(
        " Every item of [`Self::{}`], fetching page after page until the last. An error ends the stream after it is yielded.",
        op.method
    );
    let allow = op
        .deprecation
        .is_some()
        .then(|| quote! { #[allow(deprecated)] });
    quote! {
        #[doc = #doc]
        #allow
        pub fn #name(
            &self,
            request: #request_ty,
        ) -> impl crate::runtime::Stream<Item = Result<#item, crate::Error>> + Send + 'static {
            let group = self.clone();
            #body
        }
    }
}

/// Codat's page-number stream, ending by the page's counters.
fn page_number_stream(
    op: &Operation,
    paging: &Paging,
    page_ty: TokenStream,
) -> Option<TokenStream> {
    let PagingKind::PageNumber {
        page_param,
        page_number,
        page_size,
        total_results,
    } = &paging.kind
    else {
        return None;
    };
    let method = ident(&op.method);
    let name = format_ident!("{}_stream", op.method);
    let request_ty = type_expr(&TypeRef::Named(op.request.clone()), Scope::Groups);
    let item = type_expr(&paging.item, Scope::Groups);
    let page_field = ident(&page_param.rust_name);
    let (first_page, set_page) = match page_param.kind {
        FieldKind::Required => (
            quote! { request.#page_field },
            quote! { request.#page_field = page; },
        ),
        FieldKind::Optional => (
            quote! { request.#page_field.unwrap_or(1) },
            quote! { request.#page_field = Some(page); },
        ),
        FieldKind::TriState => (
            quote! { request.#page_field.flatten().unwrap_or(1) },
            quote! { request.#page_field = Some(Some(page)); },
        ),
    };
    let items = value_or_default(&paging.results);
    let counter = |field: &PagingField| {
        let value = value_or_default(field);
        quote! { i32::try_from(#value).unwrap_or(i32::MAX) }
    };
    let (page_number, page_size, total_results) = (
        counter(page_number),
        counter(page_size),
        counter(total_results),
    );
    let doc = format!(
        " Every item of [`Self::{}`], fetching page after page (from the request's page) until `totalResults` is reached. An error ends the stream after it is yielded.",
        op.method
    );
    // The stream of a deprecated method calls it; the method's own attribute warns its callers.
    let allow = op
        .deprecation
        .is_some()
        .then(|| quote! { #[allow(deprecated)] });
    Some(quote! {
        #[doc = #doc]
        #allow
        pub fn #name(
            &self,
            request: #request_ty,
        ) -> impl crate::runtime::Stream<Item = Result<#item, crate::Error>> + Send + 'static {
            let group = self.clone();
            crate::runtime::__private::paginate(
                #first_page,
                move |page| {
                    let mut request = request.clone();
                    #set_page
                    group.#method(request)
                },
                |page: #page_ty| {
                    let info = crate::runtime::__private::PageInfo {
                        page_number: #page_number,
                        page_size: #page_size,
                        total_results: #total_results,
                    };
                    (#items, info)
                },
            )
        }
    })
}
