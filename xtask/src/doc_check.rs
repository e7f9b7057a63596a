//! After `cargo doc`: the rendered docs of the runtime and the SDK crates show none of the
//! plumbing generated code calls (`runtime::__private`, the decoder's trait and its impls on
//! every model), so users see only what they may use.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// Text that appears in rendered docs only when plumbing leaks: hidden item names as rustdoc
/// writes them in pages, impl lists and the sidebar (as links where the name is a word spec
/// prose may use: "paginate").
const PLUMBING: &[&str] = &[
    "__private",
    "__decode_model",
    "DecodeStruct",
    "decode_field",
    "decode_struct",
    "decode_additional",
    "required_field",
    "skip_value",
    "FieldKey",
    "OpenFieldKey",
    "rank_variants",
    "decode_union",
    "event_matches",
    "fn.paginate.html",
    "struct.PageInfo.html",
    "enum.Shape.html",
];

/// Checks every HTML page under `doc_dir/<lib>/` for each library name; fails naming each page
/// and what leaked.
pub fn check(doc_dir: &Path, libs: &[String]) -> Result<usize> {
    let mut pages = 0;
    let mut leaks = Vec::new();
    for lib in libs {
        let dir = doc_dir.join(lib);
        if !dir.is_dir() {
            bail!("no docs at {} (run cargo doc first)", dir.display());
        }
        for page in html_pages(&dir)? {
            pages += 1;
            let text = std::fs::read_to_string(&page)
                .with_context(|| format!("reading {}", page.display()))?;
            for needle in PLUMBING.iter().filter(|n| text.contains(*n)) {
                leaks.push(format!("{}: {needle}", page.display()));
            }
        }
    }
    if !leaks.is_empty() {
        bail!(
            "the docs show codegen plumbing ({} finds):\n{}",
            leaks.len(),
            leaks.join("\n")
        );
    }
    Ok(pages)
}

fn html_pages(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut pages = Vec::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(dir) = todo.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("listing {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                pages.push(path);
            }
        }
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_naming_plumbing_fails_and_a_clean_one_passes() {
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("sdk");
        std::fs::create_dir_all(lib.join("models")).unwrap();
        std::fs::write(lib.join("index.html"), "<h1>Crate sdk</h1>").unwrap();
        let libs = ["sdk".to_owned()];
        assert_eq!(check(dir.path(), &libs).unwrap(), 1);
        std::fs::write(
            lib.join("models/struct.Company.html"),
            "<h3>impl DecodeStruct for Company</h3>",
        )
        .unwrap();
        let error = check(dir.path(), &libs).unwrap_err().to_string();
        assert!(
            error.contains("struct.Company.html: DecodeStruct"),
            "{error}"
        );
        assert!(check(dir.path(), &["missing".to_owned()]).is_err());
    }
}
