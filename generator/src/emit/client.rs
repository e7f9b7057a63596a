//! Rust for the SDK's entry point: the client type, its defaults from the spec (servers, retry
//! policy, credential), and one accessor per group.

use proc_macro2::TokenStream;
use quote::quote;

use std::path::PathBuf;

use super::docs::doc_attrs;
use super::models::ident;
use crate::error::GenError;
use crate::ir::*;

/// The file `src/client.rs`.
///
/// Fails when a status of the spec's `x-speakeasy-retries` is not a `runtime::RetryStatus`.
pub fn client_file(api: &Api, names: &SdkNames, crate_name: &str) -> Result<TokenStream, GenError> {
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
    let retry = retry_config(api, api.retries.as_ref())?;
    let user_agent = format!("{crate_name}-rust/");
    let globals = super::globals::ClientGlobals::new(api);
    let group_args = globals.group_args();
    let accessors = api.groups.iter().map(|group| {
        let method = ident(&group.module);
        let ty = ident(&group.type_name);
        let docs = doc_attrs(group.description.as_deref().unwrap_or(&group.spec_name));
        let cfg = super::features::group_cfg(names, group);
        quote! {
            #docs
            #cfg
            pub fn #method(&self) -> crate::groups::#ty {
                crate::groups::#ty::new(#group_args)
            }
        }
    });
    // The header `build()` insists on; none when the spec also allows no authentication.
    let credential_header = match required_name(api) {
        Some(header) => quote! { Some(String::from(#header)) },
        None => quote! { None },
    };
    let credential = api.credential.as_ref().zip(names.credential_field.as_ref());
    let constructor = (credential.is_some() || api.security.is_some()).then(|| {
        quote! {
            #[doc = " A client for the default server, authenticating with `security`."]
            #[doc = ""]
            #[doc = " For another server or other settings, pass `security` to the builder instead:"]
            #[doc = " `Self::builder().credential(security).server_url(..).build()`."]
            pub fn new(security: crate::models::shared::Security) -> Result<Self, crate::runtime::BuildError> {
                Self::builder().credential(security).build()
            }
        }
    });
    let (global_field, global_init, global_methods) =
        (globals.field(), globals.init(), globals.methods());
    Ok(quote! {
        #docs
        #[derive(Debug, Clone)]
        pub struct #name {
            client: crate::runtime::Client,
            #global_field
        }

        impl From<crate::runtime::Client> for #name {
            fn from(client: crate::runtime::Client) -> Self {
                Self { client, #global_init }
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

            #global_methods

            #(#accessors)*
        }
    })
}

/// The `RetryConfig` expression for the spec's `x-speakeasy-retries` (no retries without it).
fn retry_config(api: &Api, policy: Option<&RetryPolicy>) -> Result<TokenStream, GenError> {
    let Some(policy) = policy else {
        return Ok(quote! { crate::runtime::RetryConfig::none() });
    };
    let statuses = policy
        .status_codes
        .iter()
        .enumerate()
        .map(|(index, code)| {
            retry_status(&code.to_string()).ok_or_else(|| GenError::Invalid {
                file: PathBuf::from(super::spec_name(api)),
                pointer: format!("/x-speakeasy-retries/statusCodes/{index}"),
                message: format!(
                    "`{code}` is not a retry status: expected three digits from 400 to 599, \
                     `4XX` or `5XX`"
                ),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(super::retries::retry_config_with(policy, &statuses))
}

/// `runtime::RetryStatus::class(5)` or `::exact(429)` for a spec status, by the rules of
/// `RetryStatus`'s `FromStr` (`4XX`/`5XX` in any case, or three digits from 400 to 599);
/// `None` for anything else, which the runtime type could not hold.
pub(super) fn retry_status(text: &str) -> Option<TokenStream> {
    match text.as_bytes() {
        [digit @ (b'4' | b'5'), rest @ ..] if rest.eq_ignore_ascii_case(b"xx") => {
            let digit = proc_macro2::Literal::u8_unsuffixed(digit - b'0');
            Some(quote! { crate::runtime::RetryStatus::class(#digit) })
        }
        [a, b, c] if [a, b, c].iter().all(|d| d.is_ascii_digit()) => {
            let code: u16 = text.parse().ok()?;
            let code = (400..600)
                .contains(&code)
                .then(|| proc_macro2::Literal::u16_unsuffixed(code))?;
            Some(quote! { crate::runtime::RetryStatus::exact(#code) })
        }
        _ => None,
    }
}

/// The name `build()` wants a credential (or a header) for: the single header key's, or the
/// first root alternative's first scheme's; `None` when the spec accepts no authentication.
fn required_name(api: &Api) -> Option<&str> {
    if let Some(credential) = &api.credential {
        return credential.required.then_some(credential.header.as_str());
    }
    let security = api.security.as_ref().filter(|s| !s.optional)?;
    let first = security.root.first()?.first()?;
    let scheme = security.schemes.iter().find(|s| &s.key == first)?;
    Some(scheme.kind.required_name())
}

/// `models::shared::Security`: the credential, with a `Debug` that never shows it.
pub fn security_type(api: &Api, names: &SdkNames) -> TokenStream {
    let (Some(credential), Some(field)) = (&api.credential, &names.credential_field) else {
        return match &api.security {
            Some(security) => super::security::security_type(security),
            None => TokenStream::new(),
        };
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
    let header = &credential.header;
    let new_doc = format!(" The credential `{field}`, sent verbatim in its header.");
    let from_doc = format!(
        " The credential as the runtime sends it: its value in the {} header, so the client's builder takes a `Security`.",
        crate::escape::rust_doc_line(&crate::escape::markdown_code(&credential.header))
    );
    quote! {
        #[doc = #header_doc]
        #[derive(Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct Security {
            #field_doc
            pub #field: String,
        }

        impl Security {
            #[doc = #new_doc]
            pub fn new(#field: impl Into<String>) -> Self {
                Self { #field: #field.into() }
            }
        }

        impl std::fmt::Debug for Security {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Security").field(stringify!(#field), &"[redacted]").finish()
            }
        }

        #[doc = #from_doc]
        impl From<Security> for crate::runtime::Credential {
            fn from(security: Security) -> Self {
                crate::runtime::Credential::header(#header, security.#field)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::CrateOptions;

    fn emit(codes: &str) -> Result<String, String> {
        let text = format!(
            "openapi: 3.1.0\ninfo: {{title: Test, version: '1'}}\npaths: {{}}\n\
             x-speakeasy-retries:\n  strategy: backoff\n  backoff: {{initialInterval: 500, maxInterval: 60000, maxElapsedTime: 3600000, exponent: 1.5}}\n  statusCodes: {codes}\n  retryConnectionErrors: true\n"
        );
        let spec =
            crate::load::load_str(Path::new("test.yaml"), &text).map_err(|e| e.to_string())?;
        let (api, _) = crate::ir::lower(&spec).map_err(|e| e.to_string())?;
        let files = super::super::emit_crate(&api, &CrateOptions::new("test-api", "0.1.0"))
            .map_err(|e| e.to_string())?;
        let client = files
            .into_iter()
            .find(|file| file.path == Path::new("src/client.rs"))
            .expect("a client file");
        Ok(client.contents)
    }

    #[test]
    fn retry_statuses_are_emitted_typed() {
        let client = emit("[429, '5XX', '4xx', '503']").expect("generates");
        let flat: String = client.split_whitespace().collect();
        assert!(
            flat.contains(".with_statuses([crate::runtime::RetryStatus::exact(429),crate::runtime::RetryStatus::class(5),crate::runtime::RetryStatus::class(4),crate::runtime::RetryStatus::exact(503),])")
                || flat.contains(".with_statuses([crate::runtime::RetryStatus::exact(429),crate::runtime::RetryStatus::class(5),crate::runtime::RetryStatus::class(4),crate::runtime::RetryStatus::exact(503)])"),
            "{client}"
        );
        assert!(flat.contains(".with_connection_errors(true)"), "{client}");
        assert!(!client.contains("status_codes"), "{client}");
    }

    #[test]
    fn a_status_the_runtime_type_cannot_hold_is_a_generation_error() {
        // The IR accepts these (u16 parsing takes a sign and leading zeros); a
        // `RetryStatus` is three digits or a class.
        for (codes, index) in [("['+429']", 0), ("[429, '0503']", 1)] {
            let error = emit(codes).expect_err(codes);
            assert!(
                error.contains(&format!("at /x-speakeasy-retries/statusCodes/{index}"))
                    && error.contains("not a retry status"),
                "{codes}: {error}"
            );
        }
    }
}
