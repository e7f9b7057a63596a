//! Emission: the IR rendered into the files of an SDK crate. Returns paths and contents; the
//! caller (xtask) decides where they go.

mod blocking;
mod client;
pub mod docs;
mod format;
mod groups;
mod manifest;
pub mod markdown;
pub mod models;
mod pagination;
mod unions;
mod webhooks;

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::GenError;
use crate::ir::{Api, Module};
use crate::CrateOptions;

pub use groups::deprecation_notice;
pub use models::{type_expr, Scope};

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the crate root, with `/` separators.
    pub path: PathBuf,
    pub contents: String,
}

/// The name of the client type for a crate name: `codat-platform` -> `CodatPlatform`.
pub fn client_type_name(crate_name: &str) -> String {
    crate::naming::type_name(crate_name)
}

/// Renders every file of the crate, sorted by path; the docs' examples use parameter examples
/// only (see [`emit_crate_with_spec`]).
pub fn emit_crate(api: &Api, options: &CrateOptions) -> Result<Vec<OutputFile>, GenError> {
    emit_crate_with_spec(api, options, &serde_json::Value::Null)
}

/// Renders every file of the crate, sorted by path; `raw` (`LoadedSpec::raw`) supplies the
/// request-body examples the docs show.
pub fn emit_crate_with_spec(
    api: &Api,
    options: &CrateOptions,
    raw: &serde_json::Value,
) -> Result<Vec<OutputFile>, GenError> {
    let spec_name = format!("the {} spec (version {})", api.title, api.version);
    let client_name = client_type_name(&options.name);
    let rust = |path: &str, tokens: TokenStream| -> Result<OutputFile, GenError> {
        Ok(OutputFile {
            path: PathBuf::from(path),
            contents: format::rust_file(tokens, path, &spec_name)?,
        })
    };
    let mut files = vec![
        OutputFile {
            path: "Cargo.toml".into(),
            contents: manifest::cargo_toml(api, options),
        },
        OutputFile {
            path: "src/lib.rs".into(),
            contents: manifest::lib_rs(api, &client_name, &spec_name),
        },
        rust(
            "src/client.rs",
            client::client_file(api, &client_name, &options.name),
        )?,
        rust("src/models/mod.rs", models_mod())?,
        rust("src/models/shared.rs", {
            let security = client::security_type(api);
            let items = models::module_items(api, Module::Shared);
            quote! { #security #items }
        })?,
        rust(
            "src/models/operations.rs",
            models::module_items(api, Module::Operations),
        )?,
        rust("src/models/errors.rs", models::errors_module(api))?,
        rust("src/groups/mod.rs", groups_mod(api))?,
    ];
    files.push(rust(
        "src/blocking.rs",
        blocking::blocking_file(api, &client_name),
    )?);
    if let Some(tokens) = webhooks::webhooks_file(api) {
        files.push(rust("src/webhooks.rs", tokens)?);
    }
    for group in &api.groups {
        let path = format!("src/groups/{}.rs", group.module);
        files.push(rust(&path, groups::group_file(api, group))?);
    }
    files.extend(markdown::docs_files(api, raw, options)?);
    for (name, contents) in crate::runtime_files::FILES {
        files.push(OutputFile {
            path: PathBuf::from("src/runtime").join(name),
            contents: contents.to_string(),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn models_mod() -> TokenStream {
    quote! {
        #[doc = " Component schemas, the types nested in them, and webhook payloads."]
        pub mod shared;
        #[doc = " One request type per operation: its path, query and header parameters and its body."]
        pub mod operations;
        #[doc = " The error every method returns."]
        pub mod errors;
    }
}

fn groups_mod(api: &Api) -> TokenStream {
    let error_model = match &api.error_model {
        Some(id) => models::type_expr(
            &crate::ir::TypeRef::Named(id.clone()),
            models::Scope::Absolute,
        ),
        None => quote! { serde_json::Value },
    };
    let modules = api.groups.iter().map(|group| {
        let module = models::ident(&group.module);
        let ty = models::ident(&group.type_name);
        quote! {
            mod #module;
            pub use #module::#ty;
        }
    });
    quote! {
        #[doc = " The body of documented error responses, decoded into [`crate::Error::ErrorMessage`]."]
        type ErrorModel = #error_model;
        #(#modules)*
    }
}
