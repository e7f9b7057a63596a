//! Operations whose response is a stream of items (server-sent events, JSON lines): the output
//! type of the async method and the runtime call that reads the body. Which operations stream
//! is the IR's decision ([`SuccessResponse::stream`]).

use proc_macro2::TokenStream;
use quote::quote;

use super::models::{type_expr, Scope};
use crate::ir::*;

/// The error model of `crate::Error`, spelled without knowing it: a group file does not.
fn error_model() -> TokenStream {
    quote! { <crate::Error as crate::runtime::__private::ErrorModelOf>::Model }
}

/// `(output type, call)` of a streamed operation whose item is `item`.
pub fn output_and_decode(op: &Operation, item: &TypeRef) -> (TokenStream, TokenStream) {
    let item_ty = type_expr(item, Scope::Groups);
    let model = error_model();
    match op.response.stream {
        Some(ResponseStream::Lines) => (
            quote! { crate::runtime::JsonLines<#item_ty, #model> },
            quote! { json_lines::<#item_ty>() },
        ),
        _ => (
            quote! { crate::runtime::EventStream<#item_ty, #model> },
            quote! { event_stream::<#item_ty>() },
        ),
    }
}

/// The blocking twin's output: an iterator over the items, each waited for on its runtime.
pub fn blocking_output(op: &Operation, item: &TypeRef) -> Option<TokenStream> {
    let item_ty = type_expr(item, Scope::Absolute);
    let model = error_model();
    match op.response.stream? {
        ResponseStream::Lines => {
            Some(quote! { crate::runtime::BlockingIter<'a, #item_ty, #model> })
        }
        ResponseStream::Events => Some(quote! {
            crate::runtime::BlockingIter<'a, crate::runtime::ServerEvent<#item_ty>, #model>
        }),
    }
}
