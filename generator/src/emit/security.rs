//! Rust for the spec's security beyond the single header key: `models::shared::Security`,
//! one constructor per scheme wrapping the runtime's `Credential`, and the per-operation
//! requirement a group method hands to its request.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::models::ident;
use crate::escape::markdown_code;
use crate::ir::{KeyLocation, Scheme, SchemeKind, Security};

/// `models::shared::Security` for `security`: a credential of one or several schemes.
pub fn security_type(security: &Security) -> TokenStream {
    let doc = doc_attrs(&type_doc(security));
    let constructors = security.schemes.iter().map(constructor);
    quote! {
        #doc
        #[derive(Clone, Debug)]
        pub struct Security(crate::runtime::Credential);

        impl Security {
            #(#constructors)*

            #[doc = " This credential and `other`, both sent: for a requirement naming several schemes."]
            pub fn and(self, other: Security) -> Self {
                Self(self.0.and(other.0))
            }
        }

        #[doc = " Any runtime credential, e.g. `Credential::client_credentials(..)` with other token settings;"]
        #[doc = " tag it with `for_scheme` so operations with their own `security` find it."]
        impl From<crate::runtime::Credential> for Security {
            fn from(credential: crate::runtime::Credential) -> Self {
                Self(credential)
            }
        }

        #[doc = " The credential as the runtime sends it, so the client's builder takes a `Security`."]
        impl From<Security> for crate::runtime::Credential {
            fn from(security: Security) -> Self {
                security.0
            }
        }
    }
}

/// The type's rustdoc: what the spec accepts, and how to combine schemes.
fn type_doc(security: &Security) -> String {
    let method = |key: &String| {
        security
            .schemes
            .iter()
            .find(|s| &s.key == key)
            .map_or_else(|| key.clone(), |s| format!("`Security::{}`", s.method))
    };
    let alternatives: Vec<String> = security
        .root
        .iter()
        .map(|alternative| {
            let names: Vec<String> = alternative.iter().map(method).collect();
            format!("- {}", names.join(" `.and(..)` "))
        })
        .collect();
    let mut doc = String::from(
        "How requests authenticate: a credential of one of the spec's security schemes, or \
         several combined with [`Security::and`]. Its `Debug` never shows a secret, and it is \
         sent only to the client's server.",
    );
    if !alternatives.is_empty() {
        doc.push_str("\n\nThe API accepts any one of:\n\n");
        doc.push_str(&alternatives.join("\n"));
    }
    if security.optional {
        doc.push_str("\n\nIt also accepts calls without authentication.");
    }
    if !security.operations.is_empty() {
        doc.push_str(
            "\n\nOperations with their own `security` send the credentials their requirement \
             names (none for `security: []`).",
        );
    }
    doc
}

/// `Security::<scheme>(..)`.
fn constructor(scheme: &Scheme) -> TokenStream {
    let method = ident(&scheme.method);
    let key = &scheme.key;
    let (how, params, credential) = match &scheme.kind {
        SchemeKind::ApiKey { location, name } => {
            let (place, make) = match location {
                KeyLocation::Header => ("header", quote! { header }),
                KeyLocation::Query => ("query parameter", quote! { query }),
                KeyLocation::Cookie => ("cookie", quote! { cookie }),
            };
            (
                format!("An API key, sent as the {place} {}.", markdown_code(name)),
                quote! { key: impl Into<String> },
                quote! { crate::runtime::Credential::#make(#name, key) },
            )
        }
        SchemeKind::Basic => (
            "HTTP basic authentication: `Authorization: Basic` with the base64 of \
             `username:password`."
                .to_owned(),
            quote! { username: impl AsRef<str>, password: impl AsRef<str> },
            quote! { crate::runtime::Credential::basic(username, password) },
        ),
        SchemeKind::Bearer => (
            "A bearer token: `Authorization: Bearer <token>`.".to_owned(),
            quote! { token: impl AsRef<str> },
            quote! { crate::runtime::Credential::bearer(token) },
        ),
        SchemeKind::CallerToken => (
            "An OAuth2 or OpenID Connect access token you obtained, sent as \
             `Authorization: Bearer <token>`."
                .to_owned(),
            quote! { token: impl AsRef<str> },
            quote! { crate::runtime::Credential::bearer(token) },
        ),
        SchemeKind::AuthorizationValue { scheme } => (
            format!(
                "The whole `Authorization` value of the HTTP {} scheme, sent verbatim.",
                markdown_code(scheme)
            ),
            quote! { value: impl Into<String> },
            quote! { crate::runtime::Credential::header("Authorization", value) },
        ),
        SchemeKind::ClientCredentials { token_url, scopes } => (
            format!(
                "OAuth2 client credentials: a token fetched from {} (with a 30 s timeout), \
                 cached and refreshed before it expires or when the API answers 401, and sent \
                 as `Authorization: Bearer`. The secret goes only to the token URL and is never \
                 printed. Other settings: build a `runtime::ClientCredentials` and convert \
                 {}.",
                markdown_code(token_url),
                markdown_code(&format!(
                    "Credential::client_credentials(..).for_scheme({key:?})"
                ))
            ),
            quote! { client_id: impl Into<String>, client_secret: impl Into<String> },
            quote! {
                crate::runtime::Credential::client_credentials(
                    crate::runtime::ClientCredentials::new(#token_url, client_id, client_secret)
                        .scopes::<&str>([#(#scopes),*]),
                )
            },
        ),
    };
    let mut doc = format!("The scheme {}: {how}", markdown_code(key));
    if let Some(description) = &scheme.description {
        doc.push_str("\n\n");
        doc.push_str(description);
    }
    let doc = doc_attrs(&doc);
    quote! {
        #doc
        pub fn #method(#params) -> Self {
            Self(#credential.for_scheme(#key))
        }
    }
}

/// `http.security(..)` for an operation that declares its own `security`.
pub fn operation_requirement(security: Option<&Security>, operation_id: &str) -> TokenStream {
    let Some(alternatives) = security.and_then(|s| s.operations.get(operation_id)) else {
        return TokenStream::new();
    };
    let alternatives = alternatives.iter().map(|keys| quote! { &[#(#keys),*] });
    quote! { http.security(&[#(#alternatives),*]); }
}
