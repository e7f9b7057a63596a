//! `x-speakeasy-globals` in the client: the `Globals` values it holds (one `Arc`, shared with
//! every group handle it makes), and how a parameter is taken from them when the request
//! leaves it `None`. A spec without globals gets none of this, so its output is unchanged.

use proc_macro2::TokenStream;
use quote::quote;

use super::models::{type_expr, Scope};
use crate::ir::{Api, TypeRef};

/// The pieces of the client and of each group handle that carry the globals.
pub struct ClientGlobals {
    /// The `Globals` type, when the spec has globals.
    ty: Option<TokenStream>,
}

impl ClientGlobals {
    pub fn new(api: &Api) -> Self {
        ClientGlobals {
            ty: api
                .globals
                .as_ref()
                .map(|id| type_expr(&TypeRef::Named(id.clone()), Scope::Absolute)),
        }
    }

    /// The field the client and a group handle keep them in.
    pub fn field(&self) -> TokenStream {
        self.ty
            .as_ref()
            .map(|ty| quote! { globals: std::sync::Arc<#ty>, })
            .unwrap_or_default()
    }

    /// The client's starting value of the field: every global unset, or at the spec's default.
    pub fn init(&self) -> TokenStream {
        self.ty
            .as_ref()
            .map(|_| quote! { globals: Default::default(), })
            .unwrap_or_default()
    }

    /// The arguments the client passes to a group handle's `new`.
    pub fn group_args(&self) -> TokenStream {
        match self.ty {
            Some(_) => quote! { self.client.clone(), self.globals.clone() },
            None => quote! { self.client.clone() },
        }
    }

    /// The parameters of a group handle's `new`, and the fields it fills from them.
    pub fn group_new(&self) -> (TokenStream, TokenStream) {
        match &self.ty {
            Some(ty) => (
                quote! { client: Client, globals: std::sync::Arc<#ty> },
                quote! { client, globals },
            ),
            None => (quote! { client: Client }, quote! { client }),
        }
    }

    /// The client's methods that set and read the globals.
    pub fn methods(&self) -> TokenStream {
        let Some(ty) = &self.ty else {
            return TokenStream::new();
        };
        quote! {
            #[doc = " Sets the values every operation declaring one of these parameters sends when its request leaves it `None`;"]
            #[doc = " group handles made afterwards use them."]
            pub fn with_globals(mut self, globals: #ty) -> Self {
                self.globals = std::sync::Arc::new(globals);
                self
            }

            #[doc = " The global parameter values this client sends (see [`Self::with_globals`])."]
            pub fn globals(&self) -> &#ty {
                &self.globals
            }
        }
    }

    /// The blocking client's forms of [`Self::methods`], which set and read its async client's.
    pub fn blocking_methods(&self) -> TokenStream {
        let Some(ty) = &self.ty else {
            return TokenStream::new();
        };
        quote! {
            #[doc = " Sets the values every operation declaring one of these parameters sends when its request leaves it `None`."]
            pub fn with_globals(mut self, globals: #ty) -> Self {
                self.client = self.client.with_globals(globals);
                self
            }

            #[doc = " The global parameter values this client sends (see [`Self::with_globals`])."]
            pub fn globals(&self) -> &#ty {
                self.client.globals()
            }
        }
    }
}
