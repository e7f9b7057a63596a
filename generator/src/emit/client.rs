//! Rust for the SDK's entry point: the client type, its defaults from the spec (servers, retry
//! policy, credential), and one accessor per group.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::models::ident;
use crate::ir::*;

/// The file `src/client.rs`.
pub fn client_file(api: &Api, names: &SdkNames, crate_name: &str) -> TokenStream {
    let name = ident(&names.client);
    let mut about = api.title.clone();
    if let Some(summary) = &api.summary {
        if summary != &api.title {
            about.push_str(&format!(": {summary}"));
        }
    }
    if let Some(description) = &api.description {
        about.push_str("\n\n");
        about.push_str(description);
    }
    let docs = doc_attrs(&about);
    let servers = api.servers.iter().map(|s| &s.url);
    let retry = retry_config(api.retries.as_ref());
    let user_agent = format!("{crate_name}-rust/");
    let accessors = api.groups.iter().map(|group| {
        let method = ident(&group.module);
        let ty = ident(&group.type_name);
        let docs = doc_attrs(group.description.as_deref().unwrap_or(&group.spec_name));
        let cfg = super::features::group_cfg(names, group);
        quote! {
            #docs
            #cfg
            pub fn #method(&self) -> crate::groups::#ty {
                crate::groups::#ty::new(self.client.clone())
            }
        }
    });
    let credential_header = match &api.credential {
        Some(credential) => {
            let header = &credential.header;
            quote! { Some(String::from(#header)) }
        }
        None => quote! { None },
    };
    let credential = api.credential.as_ref().zip(names.credential_field.as_ref());
    let constructor = credential.map(|(credential, field)| {
        let header = &credential.header;
        let field = ident(field);
        quote! {
            #[doc = " A client for the default server, authenticating with `security`."]
            pub fn new(security: crate::models::shared::Security) -> Result<Self, crate::runtime::BuildError> {
                Self::builder()
                    .credential(crate::runtime::Credential::header(#header, security.#field))
                    .build()
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone)]
        pub struct #name {
            client: crate::runtime::Client,
        }

        impl From<crate::runtime::Client> for #name {
            fn from(client: crate::runtime::Client) -> Self {
                Self { client }
            }
        }

        impl #name {
            #constructor

            #[doc = " A builder to choose the server, credential, HTTP client, retries, timeout and hooks."]
            pub fn builder() -> crate::runtime::ClientBuilder<Self> {
                crate::runtime::ClientBuilder::new(Self::defaults())
            }

            #[doc = " What the spec prescribes: its servers, its retry policy, the credential it requires, and this crate's user agent."]
            pub fn defaults() -> crate::runtime::SdkDefaults {
                crate::runtime::SdkDefaults {
                    servers: vec![#(String::from(#servers)),*],
                    user_agent: format!("{}{}", #user_agent, env!("CARGO_PKG_VERSION")),
                    retry: #retry,
                    credential_header: #credential_header,
                }
            }

            #[doc = " The runtime client underneath, for calls the spec does not describe."]
            pub fn runtime_client(&self) -> &crate::runtime::Client {
                &self.client
            }

            #(#accessors)*
        }
    }
}

/// The `RetryConfig` expression for the spec's `x-speakeasy-retries` (no retries without it).
fn retry_config(policy: Option<&RetryPolicy>) -> TokenStream {
    let Some(policy) = policy else {
        return quote! { crate::runtime::RetryConfig::none() };
    };
    let backoff = &policy.backoff;
    let initial = backoff.initial_interval;
    let max_interval = backoff.max_interval;
    let max_elapsed = backoff.max_elapsed_time;
    let exponent = backoff.exponent;
    let statuses = policy.status_codes.iter().map(|s| s.to_string());
    let connection_errors = policy.retry_connection_errors;
    quote! {
        crate::runtime::RetryConfig {
            strategy: crate::runtime::RetryStrategy::Backoff(crate::runtime::Backoff {
                initial_interval: std::time::Duration::from_millis(#initial),
                max_interval: std::time::Duration::from_millis(#max_interval),
                exponent: #exponent,
                max_elapsed_time: std::time::Duration::from_millis(#max_elapsed),
            }),
            status_codes: vec![#(String::from(#statuses)),*],
            retry_connection_errors: #connection_errors,
        }
    }
}

/// `models::shared::Security`: the credential, with a `Debug` that never shows it.
pub fn security_type(api: &Api, names: &SdkNames) -> TokenStream {
    let (Some(credential), Some(field)) = (&api.credential, &names.credential_field) else {
        return TokenStream::new();
    };
    let field = ident(field);
    let field_doc = doc_attrs(
        credential
            .description
            .as_deref()
            .unwrap_or("The credential, sent verbatim in its header."),
    );
    let header_doc = format!(
        " How requests authenticate: the value is sent verbatim in the {} header.",
        crate::escape::rust_doc_line(&crate::escape::markdown_code(&credential.header))
    );
    quote! {
        #[doc = #header_doc]
        #[derive(Clone, PartialEq, Eq)]
        pub struct Security {
            #field_doc
            pub #field: String,
        }

        impl std::fmt::Debug for Security {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Security").field(stringify!(#field), &"[redacted]").finish()
            }
        }
    }
}
