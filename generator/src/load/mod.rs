//! Stage 1, load: read a spec, resolve every JSON-pointer `$ref`, normalize OpenAPI 3.1 forms,
//! and type the result with `openapiv3` (which models OpenAPI 3.0 only).
//!
//! The steps, in order, all on the raw `serde_json::Value` (document order is kept):
//! 1. [`parse`]: YAML/JSON text to a value ([`tree`]: no duplicate keys, bounded depth);
//!    `openapi: 3.0.x` or `3.1.x`.
//!    [`big_numbers`]: integers wider than 64 bits are settled by where they sit.
//!    [`files`]: other files a `$ref` names are read and embedded, their references made local.
//! 2. [`examples`]: example values that are really references become references.
//! 3. [`refs`]: every `$ref` becomes `#/components/<kind>/<Name>` (hoisting or inlining targets).
//! 4. [`siblings`]: a schema `$ref` with sibling keywords becomes `allOf: [{$ref}]` + siblings.
//! 5. [`normalize`]: 3.1 keywords, unions with a `null` member, boolean schemas, composites
//!    beside object parts, BOMs.
//! 6. [`parse`]: the normalized value to `openapiv3::OpenAPI`.
//! 7. [`extras`]: what openapiv3 does not model (3.1 webhooks, schema `examples` lists, ...).
//!
//! Later stages read only `openapi` and `extras`; `raw` is kept for tools and tests.
//!
//! Every error and warning carries the JSON pointer of the node in the document as written.

mod big_numbers;
mod compose;
mod context;
mod example_values;
mod examples;
mod extras;
mod files;
mod flow_depth;
mod keywords;
mod names;
mod normalize;
mod parse;
pub mod pointer;
mod refs;
mod siblings;
mod tree;
mod walk;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use crate::error::{GenError, Warning};

pub use example_values::example_pointers;
pub(crate) use example_values::own_list_entries;
pub use extras::Extras;
pub use keywords::{CONST_MARK, IGNORED_MARK};
pub(crate) use parse::without_values;
pub use refs::HOISTED_FROM;

/// A spec, loaded and normalized.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    pub file: PathBuf,
    /// The normalized document (what `openapi` was parsed from); example values are untouched.
    /// For tools and tests: the generator's later stages read `openapi` and `extras` only.
    pub raw: serde_json::Value,
    pub openapi: openapiv3::OpenAPI,
    /// What the document says that `openapi` does not hold.
    pub extras: Extras,
    pub warnings: Vec<Warning>,
}

/// Reads and loads a `.yaml`, `.yml` or `.json` spec (the content decides: JSON is YAML),
/// following references to other files in its directory tree.
pub fn load_file(path: &Path) -> Result<LoadedSpec, GenError> {
    let io = |source| GenError::Io {
        file: path.to_path_buf(),
        source,
    };
    // Checked before opening (symbolic links followed): reading a FIFO would never end.
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|source| GenError::Io {
        file: path.to_path_buf(),
        source,
    })?;
    load_file_text(path, &text)
}

/// Loads a spec from `text`, already read from the file at `path`, following references to
/// other files in `path`'s directory tree (never outside it, never over the network).
pub fn load_file_text(path: &Path, text: &str) -> Result<LoadedSpec, GenError> {
    load(path, text, files::Files::Beside(path))
}

/// Loads a spec from text; `file` is only used in messages, and only local references
/// (`#/...`) are followed.
pub fn load_str(file: &Path, text: &str) -> Result<LoadedSpec, GenError> {
    load(file, text, files::Files::None)
}

fn load(file: &Path, text: &str, files: files::Files<'_>) -> Result<LoadedSpec, GenError> {
    let mut raw = parse::parse_text(file, text)?;
    let mut ctx = context::Ctx::new(file, raw.clone());
    parse::check_version(&raw, &ctx)?;
    big_numbers::settle(&mut raw, &mut ctx);
    files::embed_all(&mut raw, &mut ctx, files)?;
    examples::fix_example_refs(&mut raw, &mut ctx);
    refs::resolve_all(&mut raw, &mut ctx)?;
    files::remove_embedded(&mut raw);
    if let Some(path) = tree::too_deep(&raw) {
        let limit = tree::MAX_DEPTH;
        return Err(ctx.invalid(&path, format!("the document nests more than {limit} deep")));
    }
    siblings::wrap_ref_siblings(&mut raw, &mut ctx);
    normalize::normalize(&mut raw, &mut ctx)?;
    let openapi = parse::to_openapi(&raw, &ctx)?;
    let extras = extras::read(&raw, &ctx)?;
    Ok(LoadedSpec {
        file: ctx.file().to_path_buf(),
        raw,
        openapi,
        extras,
        warnings: ctx.into_warnings(),
    })
}
