//! `src/blocking.rs`, behind the crate feature `blocking`: the same client and sub-clients for
//! programs without an async runtime. Each method runs its async twin to completion on a
//! current-thread tokio runtime the client owns, so no operation logic is duplicated.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::groups::deprecation_notice;
use super::models::{ident, type_expr, Scope};
use crate::ir::{Api, Group, Operation, SdkNames, TypeRef};

pub fn blocking_file(api: &Api, names: &SdkNames) -> TokenStream {
    let client_name = &names.client;
    let client = ident(client_name);
    let constructor = (api.credential.is_some() || api.security.is_some()).then(|| {
        quote! {
            #[doc = " A blocking client for the default server, authenticating with `security`."]
            #[doc = ""]
            #[doc = " For another server or other settings, use [`Self::builder`]."]
            pub fn new(
                security: crate::models::shared::Security,
            ) -> Result<Self, crate::runtime::BuildError> {
                Self::builder().credential(security).build()
            }
        }
    });
    let accessors = api.groups.iter().map(|group| {
        let method = ident(&group.module);
        let ty = ident(&group.type_name);
        let doc = format!(
            " The blocking form of [`crate::{client_name}::{}`].",
            group.module
        );
        let cfg = super::features::group_cfg(names, group);
        quote! {
            #[doc = #doc]
            #cfg
            pub fn #method(&self) -> #ty<'_> {
                #ty { group: self.client.#method(), runtime: &self.runtime }
            }
        }
    });
    let groups = api.groups.iter().map(|g| group(api, names, g));
    let doc = format!(
        "A blocking [`crate::{client_name}`]: each method waits for its result, and each `*_stream` method is an iterator.\n\n\
         Build it with [`Self::new`] or [`Self::builder`] (the async client's settings), or wrap an async client with \
         [`Self::from_async`]. It runs calls on an async runtime of its own; called from a thread that already runs one \
         (inside `async` code), a method fails with `Error::BlockingInAsyncContext` instead of blocking that runtime: \
         use the async client there."
    );
    let doc = super::docs::doc_attrs(&doc);
    let runtime_use = runtime_unused_attr(api);
    let global_methods = super::globals::ClientGlobals::new(api).blocking_methods();
    quote! {
        #doc
        #[derive(Debug)]
        pub struct #client {
            client: crate::#client,
            #runtime_use
            runtime: crate::runtime::__private::BlockingRuntime,
        }

        impl crate::runtime::FromClient for #client {
            fn from_client(client: crate::runtime::Client) -> Result<Self, crate::runtime::BuildError> {
                Self::from_async(crate::#client::from(client))
            }
        }

        impl #client {
            #constructor

            #[doc = " A builder with the same settings as the async client's (server, credential, HTTP client, retries, timeout, hooks), building the blocking client."]
            pub fn builder() -> crate::runtime::ClientBuilder<Self> {
                crate::runtime::ClientBuilder::new(crate::#client::defaults())
            }

            #[doc = " Wraps an async client (built with any options) for blocking use."]
            #[doc = ""]
            #[doc = " Fails with `BuildError::Runtime` when the blocking client's own async runtime cannot be created."]
            pub fn from_async(client: crate::#client) -> Result<Self, crate::runtime::BuildError> {
                let runtime = crate::runtime::__private::BlockingRuntime::new()?;
                Ok(Self { client, runtime })
            }

            #[doc = " The async client underneath."]
            pub fn async_client(&self) -> &crate::#client {
                &self.client
            }

            #global_methods

            #(#accessors)*
        }

        #(#groups)*
    }
}

/// Only the group accessors read the client's runtime: a spec without operations (webhooks
/// only) has none, and the field is kept so the client's API is the same.
fn runtime_unused_attr(api: &Api) -> TokenStream {
    if api.groups.is_empty() {
        quote! { #[allow(dead_code)] }
    } else {
        TokenStream::new()
    }
}

fn group(api: &Api, names: &SdkNames, group: &Group) -> TokenStream {
    let ty = ident(&group.type_name);
    let doc = format!(
        " The blocking form of [`crate::groups::{}`].",
        group.type_name
    );
    let methods = group.operations.iter().map(|op| method(group, op));
    let streams = group
        .operations
        .iter()
        .filter_map(|op| stream(api, group, op));
    let cfg = super::features::group_cfg(names, group);
    quote! {
        #[doc = #doc]
        #cfg
        #[derive(Debug, Clone)]
        pub struct #ty<'a> {
            group: crate::groups::#ty,
            runtime: &'a crate::runtime::__private::BlockingRuntime,
        }

        #cfg
        impl<'a> #ty<'a> {
            #[doc = " Applies per-call options (retries, timeout, extra headers, server URL) to calls made through this handle,"]
            #[doc = " merged over any given before: a later option replaces the same earlier one, headers accumulate."]
            pub fn with_options(mut self, options: crate::runtime::RequestOptions) -> Self {
                self.group = self.group.with_options(options);
                self
            }

            #(#methods)*
            #(#streams)*
        }
    }
}

/// `<method>_stream` for an operation whose async twin pages: an iterator over the items.
fn stream(api: &Api, group: &Group, op: &Operation) -> Option<TokenStream> {
    let item = type_expr(&op.paging.as_ref()?.item, Scope::Absolute);
    let request = type_expr(&TypeRef::Named(op.request.clone()), Scope::Absolute);
    let error_model = match &api.error_model {
        Some(id) => type_expr(&TypeRef::Named(id.clone()), Scope::Absolute),
        None => quote! { serde_json::Value },
    };
    let name = format_ident!("{}_stream", op.method);
    let doc = format!(
        " The blocking form of [`crate::groups::{}::{name}`]: every item, fetching page after page as the iterator is read. An error ends the iteration after it is yielded. The iterator borrows the blocking client, not this handle.",
        group.type_name
    );
    Some(quote! {
        #[doc = #doc]
        pub fn #name(&self, request: #request) -> crate::runtime::BlockingIter<'a, #item, #error_model> {
            self.runtime.iter(self.group.#name(request))
        }
    })
}

fn method(group: &Group, op: &Operation) -> TokenStream {
    let name = ident(&op.method);
    let doc = format!(
        " The blocking form of [`crate::groups::{}::{}`].",
        group.type_name, op.method
    );
    let deprecated = deprecation_notice(op).map(|note| quote! { #[deprecated(note = #note)] });
    let streamed = op
        .response
        .ty
        .as_ref()
        .and_then(|ty| super::streams::blocking_output(op, ty));
    let output = match (&op.response.ty, &streamed) {
        (_, Some(iter)) => iter.clone(),
        (Some(ty), None) => type_expr(ty, Scope::Absolute),
        (None, None) => quote! { () },
    };
    // A blocking download is read whole, under the call's response size limit.
    let collect = (op.response.ty == Some(TypeRef::Bytes)).then(|| {
        quote! { let call = async move { Ok(call.await?.collect_bytes().await?) }; }
    });
    // A blocking stream is an iterator: each item is waited for as it is read.
    if streamed.is_some() {
        let ty = type_expr(&TypeRef::Named(op.request.clone()), Scope::Absolute);
        return quote! {
            #[doc = #doc]
            #deprecated
            pub fn #name(&self, request: #ty) -> Result<#output, crate::Error> {
                let stream = self.runtime.block_on(self.group.#name(request))?;
                Ok(self.runtime.iter(stream))
            }
        };
    }
    let ty = type_expr(&TypeRef::Named(op.request.clone()), Scope::Absolute);
    let (argument, call) = (
        quote! { request: #ty },
        quote! { self.group.#name(request) },
    );
    let complex = op
        .response
        .ty
        .as_ref()
        .is_some_and(TypeRef::is_complex_output)
        .then(|| quote! { #[allow(clippy::type_complexity)] });
    let allow = op
        .deprecation
        .as_ref()
        .map(|_| quote! { #[allow(deprecated)] });
    quote! {
        #[doc = #doc]
        #deprecated
        #complex
        pub fn #name(&self, #argument) -> Result<#output, crate::Error> {
            #allow
            let call = #call;
            #collect
            self.runtime.block_on(call)
        }
    }
}
