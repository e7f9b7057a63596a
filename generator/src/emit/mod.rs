//! Emission: the IR rendered into the files of an SDK crate. Returns paths and contents; the
//! caller (xtask) decides where they go.

mod blocking;
mod client;
mod constructors;
pub mod docs;
pub mod features;
mod format;
mod globals;
mod groups;
mod manifest;
pub mod markdown;
pub mod models;
mod pagination;
mod paging_kinds;
mod retries;
mod security;
mod servers;
mod streams;
mod unions;
mod webhooks;

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::GenError;
use crate::ir::{Api, Brand, Module, SdkNames};
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

/// How generated files name their spec: title and version, each one bounded line of comment
/// text, so neither can inject code nor be copied at length into every file.
pub fn spec_name(api: &Api) -> String {
    format!(
        "the {} spec (version {})",
        crate::escape::rust_comment(&api.title, MAX_HEADER_TEXT),
        crate::escape::rust_comment(&api.version, MAX_HEADER_TEXT)
    )
}

/// How much of the spec's title and version a file header repeats.
const MAX_HEADER_TEXT: usize = 80;

/// Renders every file of the crate, sorted by path.
pub fn emit_crate(api: &Api, options: &CrateOptions) -> Result<Vec<OutputFile>, GenError> {
    options.validate()?;
    let spec_name = spec_name(api);
    let names = &SdkNames::new(api, &options.name, options.client.as_deref());
    let gates = &features::TypeGates::new(api, names);
    let brand = &Brand::new(&api.publisher, options);
    let rust = |path: String, tokens: TokenStream| -> Result<Vec<OutputFile>, GenError> {
        Ok(vec![OutputFile {
            contents: format::rust_file(tokens, &path, &spec_name)?,
            path: PathBuf::from(path),
        }])
    };
    // Each job builds and formats its own files; formatting is most of the generator's time,
    // and token streams cannot cross threads, so a job does both.
    let mut jobs: Vec<Job<'_>> = vec![
        Box::new(|| {
            Ok(vec![
                OutputFile {
                    path: "Cargo.toml".into(),
                    contents: manifest::cargo_toml(api, options, names, brand),
                },
                OutputFile {
                    path: "src/lib.rs".into(),
                    contents: manifest::lib_rs(api, names, options, brand, &spec_name),
                },
            ])
        }),
        Box::new(|| {
            rust(
                "src/client.rs".into(),
                client::client_file(api, names, &options.name)?,
            )
        }),
        Box::new(|| rust("src/models/mod.rs".into(), models_mod())),
        Box::new(|| {
            // The largest file by far: rendered and formatted in parts, side by side.
            let path = "src/models/shared.rs";
            let len = models::module_len(api, Module::Shared);
            let part = len.div_ceil(SHARED_MODEL_PARTS).max(1);
            let parts: Vec<_> = (0..SHARED_MODEL_PARTS)
                .map(|i| {
                    move || {
                        let items = models::module_items_in(
                            api,
                            gates,
                            Module::Shared,
                            i * part..(i + 1) * part,
                        );
                        let security = (i == 0).then(|| {
                            let security = client::security_type(api, names);
                            let servers = servers::variable_types(api);
                            quote! { #security #servers }
                        });
                        format::rust_items(quote! { #security #items }, path)
                    }
                })
                .collect();
            let parts = on_threads(&parts)
                .into_iter()
                .collect::<Result<Vec<_>, _>>()?;
            Ok(vec![OutputFile {
                path: path.into(),
                contents: format::with_header(&spec_name, &parts.concat()),
            }])
        }),
        Box::new(|| {
            rust(
                "src/models/operations.rs".into(),
                models::module_items(api, gates, Module::Operations),
            )
        }),
        Box::new(|| rust("src/models/errors.rs".into(), models::errors_module(api))),
        Box::new(|| rust("src/groups/mod.rs".into(), groups_mod(api, names))),
        Box::new(|| {
            rust(
                "src/blocking.rs".into(),
                blocking::blocking_file(api, names),
            )
        }),
        Box::new(|| match webhooks::webhooks_file(api, names, brand) {
            Some(tokens) => rust("src/webhooks.rs".into(), tokens),
            None => Ok(Vec::new()),
        }),
        Box::new(|| markdown::docs_files(api, options, names, brand)),
        Box::new(|| {
            if options.runtime != crate::RuntimeSource::Vendored {
                return Ok(Vec::new());
            }
            Ok(crate::runtime_files::FILES
                .iter()
                .map(|(name, contents)| OutputFile {
                    path: PathBuf::from("src/runtime").join(name),
                    contents: contents.to_string(),
                })
                .collect())
        }),
    ];
    for group in &api.groups {
        let rust = &rust;
        jobs.push(Box::new(move || {
            rust(
                format!("src/groups/{}.rs", group.module),
                groups::group_file(api, group),
            )
        }));
    }
    let mut files = run_in_parallel(jobs)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// How many parts `models/shared.rs` is rendered in, in parallel. Fixed, so the output does not
/// depend on the machine (the parts join into the same text whatever their number).
const SHARED_MODEL_PARTS: usize = 4;

/// Work that produces some of the crate's files.
type Job<'a> = Box<dyn Fn() -> Result<Vec<OutputFile>, GenError> + Send + Sync + 'a>;

/// Runs the jobs side by side and gathers the files; the caller sorts them, so the output
/// does not depend on which job finishes first. The first error (in job order) is returned.
fn run_in_parallel(jobs: Vec<Job<'_>>) -> Result<Vec<OutputFile>, GenError> {
    let mut files = Vec::new();
    for result in on_threads(&jobs) {
        files.extend(result?);
    }
    Ok(files)
}

/// Runs the closures on rayon's pool (nested calls share it); the results come back in the
/// closures' order, and a panic in one is raised again here.
fn on_threads<T: Send, F: Fn() -> T + Sync>(jobs: &[F]) -> Vec<T> {
    use rayon::prelude::*;
    jobs.par_iter().map(|job| job()).collect()
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

fn groups_mod(api: &Api, names: &SdkNames) -> TokenStream {
    let modules = api.groups.iter().map(|group| {
        let module = models::ident(&group.module);
        let ty = models::ident(&group.type_name);
        let cfg = features::group_cfg(names, group);
        quote! {
            #cfg
            mod #module;
            #cfg
            pub use #module::#ty;
        }
    });
    quote! { #(#modules)* }
}
