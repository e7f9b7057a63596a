//! `<method>_stream`: for list operations that page (`x-codat-speakeasy-pagination`), a stream of
//! items that fetches page after page until `totalResults` is reached. The reference has none.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::models::{ident, type_expr, Scope};
use crate::ir::*;

/// What a paged response looks like: the item type and the Rust names of its counters.
struct PageShape<'a> {
    item: &'a TypeRef,
    results: &'a Field,
    page_number: &'a Field,
    page_size: &'a Field,
    total_results: &'a Field,
}

/// The page shape of `op`'s response, if the operation pages by the spec's rule.
fn page_shape<'a>(api: &'a Api, op: &'a Operation) -> Option<(&'a Param, PageShape<'a>)> {
    let rule = api.pagination.as_ref()?;
    let page_param = op
        .params
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.field.wire_name == rule.page_param)?;
    let TypeKind::Struct(page) = &api.types.get(op.response.ty.as_ref()?.named()?)?.kind else {
        return None;
    };
    let field = |wire: &str| page.fields.iter().find(|f| f.wire_name == wire);
    let results = field(&rule.results_field)?;
    let TypeRef::Array(item) = &results.ty else {
        return None;
    };
    let counter = |wire: &str| field(wire).filter(|f| matches!(f.ty, TypeRef::I32 | TypeRef::I64));
    Some((
        page_param,
        PageShape {
            item,
            results,
            page_number: counter("pageNumber")?,
            page_size: counter("pageSize")?,
            total_results: counter("totalResults")?,
        },
    ))
}

/// `page.<field>`, with absent and `null` read as the type's default.
fn value_or_default(field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    match field.kind() {
        FieldKind::Required => quote! { page.#name },
        FieldKind::Optional => quote! { page.#name.unwrap_or_default() },
        FieldKind::TriState => quote! { page.#name.flatten().unwrap_or_default() },
    }
}

/// The item type of `op`'s `*_stream` method, `None` when [`stream_method`] makes none (the
/// blocking client's iterator yields the same items).
pub fn stream_item<'a>(api: &'a Api, op: &'a Operation) -> Option<&'a TypeRef> {
    page_shape(api, op).map(|(_, shape)| shape.item)
}

/// The stream method for `op`, or nothing when it does not page.
pub fn stream_method(api: &Api, op: &Operation) -> Option<TokenStream> {
    let (page_param, shape) = page_shape(api, op)?;
    let method = ident(&op.method);
    let name = format_ident!("{}_stream", op.method);
    let request_ty = type_expr(&TypeRef::Named(op.request.clone()), Scope::Groups);
    let page_ty = type_expr(op.response.ty.as_ref()?, Scope::Groups);
    let item = type_expr(shape.item, Scope::Groups);
    let page_field = ident(&page_param.field.rust_name);
    let (first_page, set_page) = match page_param.field.kind() {
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
    let items = value_or_default(shape.results);
    let counter = |field: &Field| {
        let value = value_or_default(field);
        quote! { i32::try_from(#value).unwrap_or(i32::MAX) }
    };
    let (page_number, page_size, total_results) = (
        counter(shape.page_number),
        counter(shape.page_size),
        counter(shape.total_results),
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
