//! Rust for the servers with `{variables}`: in `models::shared`, a type per such server with a
//! setter per variable (an enum for a variable with listed values) that builds the URL, which
//! converts into the `String` the builder's `server_url` takes.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::models::ident;
use crate::escape::markdown_code;
use crate::ir::{Api, ServerTemplate, ServerVariable, UrlPart};

/// Every server-variables type of `api`, with its enums.
pub fn variable_types(api: &Api) -> TokenStream {
    let types = api
        .servers
        .iter()
        .filter_map(|server| server.template.as_ref().map(|t| (server, t)))
        .map(|(server, template)| {
            server_type(&server_template_url(template), template, &server.url)
        });
    quote! { #(#types)* }
}

/// The URL as the spec writes it, variables in braces.
fn server_template_url(template: &ServerTemplate) -> String {
    template
        .parts
        .iter()
        .map(|part| match part {
            UrlPart::Literal(text) => text.clone(),
            UrlPart::Variable(i) => format!("{{{}}}", template.variables[*i].name),
        })
        .collect()
}

fn server_type(spec_url: &str, template: &ServerTemplate, default_url: &str) -> TokenStream {
    let name = ident(&template.type_name);
    let doc = doc_attrs(&format!(
        "The variables of the server {} (the spec's server {}, by default {}): set any of \
         them and pass this to the builder's `server_url`, e.g. \
         `builder().server_url({}::default())`. String values are inserted as given.",
        markdown_code(spec_url),
        template.index,
        markdown_code(default_url),
        template.type_name
    ));
    let fields = template.variables.iter().map(|v| {
        let field = ident(&v.field);
        let ty = value_type(v);
        quote! { #field: #ty }
    });
    let defaults = template.variables.iter().map(|v| {
        let field = ident(&v.field);
        let value = match &v.values {
            Some(values) => {
                let ty = ident(&values.type_name);
                let variant = values
                    .variants
                    .iter()
                    .find(|(_, value)| value == &v.default)
                    .map_or_else(|| ident("Unknown"), |(variant, _)| ident(variant));
                quote! { #ty::#variant }
            }
            None => {
                let default = &v.default;
                quote! { String::from(#default) }
            }
        };
        quote! { #field: #value }
    });
    let setters = template.variables.iter().map(setter);
    let pieces = template.parts.iter().map(|part| match part {
        // One character is pushed as a `char` (clippy's `single_char_add_str`).
        UrlPart::Literal(text) => match text.chars().collect::<Vec<_>>().as_slice() {
            [c] => quote! { url.push(#c); },
            _ => quote! { url.push_str(#text); },
        },
        UrlPart::Variable(i) => {
            let variable = &template.variables[*i];
            let field = ident(&variable.field);
            match variable.values {
                Some(_) => quote! { url.push_str(self.#field.as_str()); },
                None => quote! { url.push_str(&self.#field); },
            }
        }
    });
    let enums = template.variables.iter().filter_map(value_enum);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct #name {
            #(#fields,)*
        }

        impl Default for #name {
            fn default() -> Self {
                Self { #(#defaults,)* }
            }
        }

        impl #name {
            #(#setters)*

            #[doc = " The server URL with these values."]
            pub fn url(&self) -> String {
                let mut url = String::new();
                #(#pieces)*
                url
            }
        }

        #[doc = " The server URL, for the builder's `server_url`."]
        impl From<#name> for String {
            fn from(variables: #name) -> Self {
                variables.url()
            }
        }

        #(#enums)*
    }
}

fn value_type(variable: &ServerVariable) -> TokenStream {
    match &variable.values {
        Some(values) => {
            let ty = ident(&values.type_name);
            quote! { #ty }
        }
        None => quote! { String },
    }
}

fn setter(variable: &ServerVariable) -> TokenStream {
    let field = ident(&variable.field);
    let mut doc = format!(
        "Sets the variable {} (default {}).",
        markdown_code(&variable.name),
        markdown_code(&variable.default)
    );
    if let Some(description) = &variable.description {
        doc.push_str("\n\n");
        doc.push_str(description);
    }
    let doc = doc_attrs(&doc);
    match &variable.values {
        Some(values) => {
            let ty = ident(&values.type_name);
            quote! {
                #doc
                pub fn #field(mut self, value: #ty) -> Self {
                    self.#field = value;
                    self
                }
            }
        }
        None => quote! {
            #doc
            pub fn #field(mut self, value: impl Into<String>) -> Self {
                self.#field = value.into();
                self
            }
        },
    }
}

/// The enum of a variable's allowed values.
fn value_enum(variable: &ServerVariable) -> Option<TokenStream> {
    let values = variable.values.as_ref()?;
    let name = ident(&values.type_name);
    let doc = doc_attrs(&format!(
        "The values the server variable {} may take.",
        markdown_code(&variable.name)
    ));
    let variants = values.variants.iter().map(|(variant, value)| {
        let variant = ident(variant);
        let doc = doc_attrs(&markdown_code(value));
        quote! { #doc #variant }
    });
    let arms = values.variants.iter().map(|(variant, value)| {
        let variant = ident(variant);
        quote! { Self::#variant => #value }
    });
    Some(quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants,)*
        }

        impl #name {
            #[doc = " The value as the URL holds it."]
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(#arms,)*
                }
            }
        }
    })
}
