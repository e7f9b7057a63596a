//! The crate's Markdown: `README.md` and the `docs/` tree laid out as Codat's reference SDKs lay it
//! out (`docs/sdks/<group>/README.md`, `docs/models/{shared,operations,errors,utils}/<name>.md`),
//! rendered from the templates in `templates/`. Every Rust snippet is a complete program so the
//! generated crate compiles it as a doctest.

mod model_pages;
mod operations;
mod paths;
mod readme;
mod rust_values;
mod sdk_pages;
mod snippets;
mod templates;
pub mod text;
mod used_by;

use std::path::PathBuf;

use rayon::prelude::*;

use super::OutputFile;
use crate::error::GenError;
use crate::ir::{Api, Brand, SdkNames};
use crate::CrateOptions;

/// Everything the pages share while rendering.
struct Context<'a> {
    api: &'a Api,
    options: &'a CrateOptions,
    names: &'a SdkNames,
    brand: &'a Brand,
    paths: paths::ModelPaths,
    used_by: crate::ir::analysis::UsedBy,
    templates: templates::Templates,
}

/// The README and every page under `docs/`, sorted by path.
pub fn docs_files(
    api: &Api,
    options: &CrateOptions,
    names: &SdkNames,
    brand: &Brand,
) -> Result<Vec<OutputFile>, GenError> {
    let cx = Context {
        api,
        options,
        names,
        brand,
        paths: paths::ModelPaths::new(api),
        used_by: crate::ir::analysis::UsedBy::new(api),
        templates: templates::Templates::load()?,
    };
    // The pages are independent; rendering them side by side keeps this job off the
    // critical path of emission.
    let group_pages = api.groups.par_iter().map(|group| {
        Ok(file(
            &format!("docs/sdks/{}/README.md", group.docs_folder),
            sdk_pages::group_page(&cx, group)?,
        ))
    });
    let types: Vec<_> = api.types.types.values().collect();
    let model_pages = types.par_iter().filter_map(|def| {
        let path = cx.paths.path(&def.id)?;
        Some(model_pages::model_page(&cx, def).map(|page| file(&format!("docs/{path}"), page)))
    });
    let mut files = group_pages
        .chain(model_pages)
        .collect::<Result<Vec<_>, GenError>>()?;
    files.push(file("README.md", readme::readme(&cx)?));
    if let Some(page) = model_pages::security_page(&cx)? {
        files.push(file(&format!("docs/{}", model_pages::SECURITY_PAGE), page));
    }
    files.push(file(
        "docs/models/errors/error.md",
        model_pages::error_page(&cx)?,
    ));
    for name in ["retryconfig", "requestoptions"] {
        files.push(file(
            &format!("docs/models/utils/{name}.md"),
            cx.templates
                .render(&format!("utils/{name}.md"), readme::shared_context(&cx)?)?,
        ));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The pages whose Rust snippets the generated crate compiles as doctests (`src/doctests.rs`),
/// sorted, each with the feature of the group it documents.
pub fn doctest_pages(api: &Api, names: &SdkNames) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = api
        .groups
        .iter()
        .filter_map(|g| {
            Some((
                format!("docs/sdks/{}/README.md", g.docs_folder),
                names.feature(g)?.to_owned(),
            ))
        })
        .collect();
    pages.sort();
    pages
}

fn file(path: &str, contents: String) -> OutputFile {
    OutputFile {
        path: PathBuf::from(path),
        contents,
    }
}
