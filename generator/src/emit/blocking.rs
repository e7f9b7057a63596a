//! `src/blocking.rs`, behind the crate feature `blocking`: the same client and sub-clients for
//! programs without an async runtime. Each method runs its async twin to completion on a
//! current-thread tokio runtime the client owns, so no operation logic is duplicated.

use proc_macro2::TokenStream;
use quote::quote;

use super::groups::deprecation_notice;
use super::models::{ident, type_expr, Scope};
use crate::ir::{Api, Group, Operation, SdkNames, TypeRef};

pub fn blocking_file(api: &Api, names: &SdkNames) -> TokenStream {
    let client_name = &names.client;
    let client = ident(client_name);
    let constructor = api.credential.as_ref().map(|_| {
        quote! {
            #[doc = " A blocking client for the default server, authenticating with `security`."]
            pub fn new(
                security: crate::models::shared::Security,
            ) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
                Ok(Self::from_async(crate::#client::new(security)?)?)
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
    let groups = api.groups.iter().map(|g| group(names, g));
    let doc = format!(
        " A blocking [`crate::{client_name}`]: each method waits for its result. Do not use it inside an async runtime."
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        pub struct #client {
            client: crate::#client,
            runtime: tokio::runtime::Runtime,
        }

        impl #client {
            #constructor

            #[doc = " Wraps an async client (built with any options) for blocking use."]
            pub fn from_async(client: crate::#client) -> std::io::Result<Self> {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                Ok(Self { client, runtime })
            }

            #(#accessors)*
        }

        #(#groups)*
    }
}

fn group(names: &SdkNames, group: &Group) -> TokenStream {
    let ty = ident(&group.type_name);
    let doc = format!(
        " The blocking form of [`crate::groups::{}`].",
        group.type_name
    );
    let methods = group.operations.iter().map(|op| method(group, op));
    let cfg = super::features::group_cfg(names, group);
    quote! {
        #[doc = #doc]
        #cfg
        #[derive(Debug, Clone)]
        pub struct #ty<'a> {
            group: crate::groups::#ty,
            runtime: &'a tokio::runtime::Runtime,
        }

        #cfg
        impl #ty<'_> {
            #[doc = " Applies per-call options (retries, timeout, extra headers, server URL) to calls made through this handle,"]
            #[doc = " merged over any given before: a later option replaces the same earlier one, headers accumulate."]
            pub fn with_options(mut self, options: crate::runtime::RequestOptions) -> Self {
                self.group = self.group.with_options(options);
                self
            }

            #(#methods)*
        }
    }
}

fn method(group: &Group, op: &Operation) -> TokenStream {
    let name = ident(&op.method);
    let doc = format!(
        " The blocking form of [`crate::groups::{}::{}`].",
        group.type_name, op.method
    );
    let deprecated = deprecation_notice(op).map(|note| quote! { #[deprecated(note = #note)] });
    let output = match &op.response.ty {
        Some(ty) => type_expr(ty, Scope::Absolute),
        None => quote! { () },
    };
    // A blocking download is read whole, under the call's response size limit.
    let collect = (op.response.ty == Some(TypeRef::Bytes)).then(|| {
        quote! { let call = async move { Ok(call.await?.collect_bytes().await?) }; }
    });
    let ty = type_expr(&TypeRef::Named(op.request.clone()), Scope::Absolute);
    let (argument, call) = (
        quote! { request: #ty },
        quote! { self.group.#name(request) },
    );
    let allow = op
        .deprecation
        .as_ref()
        .map(|_| quote! { #[allow(deprecated)] });
    quote! {
        #[doc = #doc]
        #deprecated
        pub fn #name(&self, #argument) -> Result<#output, crate::Error> {
            #allow
            let call = #call;
            #collect
            self.runtime.block_on(call)
        }
    }
}
