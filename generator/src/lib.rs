//! The Codat SDK generator: an OpenAPI document in, the files of a Rust SDK crate out.
//!
//! The pipeline is four stages, one module each:
//! 1. [`load`]: read YAML/JSON, resolve every JSON-pointer `$ref`, normalize OpenAPI 3.1 forms,
//!    and type the document with `openapiv3`, plus what it does not model ([`load::Extras`]).
//! 2. [`ir`]: lower the typed document (never raw JSON) into the generator's own model:
//!    groups, operations, parameters and a type space, each validated and named once.
//! 3. [`naming`]: every Rust identifier the output uses comes from here.
//! 4. [`emit`]: render the IR into Rust (via `quote` and `prettyplease`) and Markdown.
//!
//! This crate touches no file system except to read the spec: `xtask` writes the output.

pub mod emit;
pub mod error;
pub mod escape;
pub mod ir;
pub mod load;
pub mod naming;
mod options;
pub mod runtime_files;

pub use error::{GenError, Warning};
pub use options::PackageMetadata;

use std::path::Path;

/// This generator's version, recorded in the lock file of everything it generates.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What to call the generated crate; [`CrateOptions::validate`] says what is accepted, and
/// generation refuses anything else.
#[derive(Debug, Clone)]
pub struct CrateOptions {
    /// Package name, e.g. `codat-platform`.
    pub name: String,
    /// Package version.
    pub version: String,
    /// Where the crate gets its runtime from.
    pub runtime: RuntimeSource,
    /// The client type's name, when it is not the package name in upper camel case.
    pub client: Option<String>,
    /// Who publishes the API and the package's `Cargo.toml` metadata; what is `None` here is
    /// read from the spec ([`ir::Brand`]).
    pub package: PackageMetadata,
}

impl CrateOptions {
    /// A crate that depends on the published runtime crate.
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            version: version.into(),
            runtime: RuntimeSource::default(),
            client: None,
            package: PackageMetadata::default(),
        }
    }
}

/// How a generated crate gets the runtime (HTTP, retries, errors, hooks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeSource {
    /// A dependency on the `codat-runtime` crate of this generator's version, re-exported as
    /// `runtime`; with `path`, also a path dependency (relative to the generated crate), as
    /// crates of one workspace are written before they are published.
    Crate { path: Option<String> },
    /// The runtime's files copied into the crate as `src/runtime/`, with their dependencies:
    /// a crate that stands alone.
    Vendored,
}

impl Default for RuntimeSource {
    fn default() -> Self {
        RuntimeSource::Crate { path: None }
    }
}

/// Everything one generation run produces.
#[derive(Debug)]
pub struct Generation {
    pub files: Vec<emit::OutputFile>,
    pub warnings: Vec<Warning>,
    /// How many schemas could not be typed and became `serde_json::Value` (each has a
    /// warning starting with [`ir::FALLBACK`], naming its JSON pointer).
    pub fallbacks: usize,
    pub api: ir::Api,
}

/// Runs the whole pipeline on a spec file.
pub fn generate_from_file(spec: &Path, options: &CrateOptions) -> Result<Generation, GenError> {
    let loaded = load::load_file(spec)?;
    generate(&loaded, options)
}

/// Runs lowering and emission on an already loaded spec.
pub fn generate(loaded: &load::LoadedSpec, options: &CrateOptions) -> Result<Generation, GenError> {
    options.validate()?;
    let (api, mut warnings) = ir::lower(loaded)?;
    let files = emit::emit_crate(&api, options)?;
    warnings.extend(loaded.warnings.iter().cloned());
    warnings.sort();
    let fallbacks = warnings
        .iter()
        .filter(|w| w.message.starts_with(ir::FALLBACK))
        .count();
    Ok(Generation {
        files,
        warnings,
        fallbacks,
        api,
    })
}
