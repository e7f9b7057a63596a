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
mod spec_examples;
mod templates;
pub mod text;
mod used_by;

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use super::OutputFile;
use crate::error::GenError;
use crate::ir::Api;
use crate::CrateOptions;

pub use snippets::CrateNames;
pub use spec_examples::{body_examples, BodyExample};

/// Everything the pages share while rendering.
struct Context<'a> {
    api: &'a Api,
    /// The normalized spec, for example values; `Value::Null` when not available.
    raw: &'a Value,
    options: &'a CrateOptions,
    names: CrateNames,
    paths: paths::ModelPaths,
    used_by: used_by::UsedBy,
    templates: templates::Templates,
}

/// The README and every page under `docs/`, sorted by path. `raw` is the loaded spec
/// (`LoadedSpec::raw`), where request-body examples are read; `Value::Null` gives examples
/// built from parameter examples and placeholders only.
pub fn docs_files(
    api: &Api,
    raw: &Value,
    options: &CrateOptions,
) -> Result<Vec<OutputFile>, GenError> {
    let cx = Context {
        api,
        raw,
        options,
        names: CrateNames {
            lib: options.name.replace('-', "_"),
            client: super::client_type_name(api, &options.name),
        },
        paths: paths::ModelPaths::new(api),
        used_by: used_by::UsedBy::new(api),
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
pub fn doctest_pages(api: &Api) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = api
        .groups
        .iter()
        .map(|g| {
            (
                format!("docs/sdks/{}/README.md", g.docs_folder),
                super::features::feature_name(g),
            )
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

/// One row of the error-variant tables (README and `errors/error.md`).
#[derive(Debug, Clone, Serialize)]
struct ErrorVariant {
    name: &'static str,
    when: &'static str,
    carries: String,
}

/// The variants of the runtime's `Error`, as the runtime defines them.
fn error_variants(model: &str) -> Vec<ErrorVariant> {
    vec![
        ErrorVariant {
            name: "ErrorMessage",
            when: "a status the operation documents with the error model",
            carries: format!(
                "`ApiErrorResponse`: `status`, `headers`, raw `body`, and `data` decoded as {model}"
            ),
        },
        ErrorVariant {
            name: "Api",
            when: "any other error status (4XX, 5XX, unexpected non-2XX)",
            carries: "`RawResponse`: `status`, `headers`, raw `body`".to_owned(),
        },
        ErrorVariant {
            name: "Decode",
            when: "a response body that did not parse",
            carries: "`response` (`RawResponse`) and the JSON error as `source`".to_owned(),
        },
        ErrorVariant {
            name: "Timeout",
            when: "one attempt exceeded its timeout",
            carries: "nothing".to_owned(),
        },
        ErrorVariant {
            name: "ResponseTooLarge",
            when: "a response body passed `max_response_size` (reading stopped there)",
            carries: "the `status` and the `limit` in bytes".to_owned(),
        },
        ErrorVariant {
            name: "Network",
            when: "connection refused or reset, TLS or DNS failure",
            carries: "the `reqwest::Error`".to_owned(),
        },
        ErrorVariant {
            name: "Serialize",
            when: "the request body could not be serialized",
            carries: "the `serde_json::Error`".to_owned(),
        },
        ErrorVariant {
            name: "Hook",
            when: "a hook returned an error",
            carries: "the hook's `BoxError`".to_owned(),
        },
        ErrorVariant {
            name: "InvalidRequest",
            when: "the request could not be built (bad header value, bad URL)",
            carries: "a message".to_owned(),
        },
        ErrorVariant {
            name: "InvalidPathParameter",
            when: "a path parameter is empty, `.` or `..`, which would send the call to another path; nothing was sent",
            carries: "the parameter's spec `name` and the `reason` (`PathValueError`)".to_owned(),
        },
    ]
}
