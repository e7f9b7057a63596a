//! The Markdown docs' Rust snippets parse. What the pages say (the README's operation list and
//! sections, one example per named body example, struck-through deprecated operations, model
//! tables) is pinned by the `markdown_docs` snapshot, generated from the same spec.

use std::path::Path;

use generator::CrateOptions;

const SPEC: &str = include_str!("snapshots/markdown_docs/openapi.yaml");

#[test]
fn every_rust_snippet_in_the_docs_parses() {
    let spec = generator::load::load_str(Path::new("pets.yaml"), SPEC).expect("spec loads");
    let options = CrateOptions::new("pets-sdk".to_owned(), "1.2.3".to_owned());
    let files = generator::generate(&spec, &options)
        .expect("generates")
        .files;
    let mut snippets = 0;
    for file in files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "md"))
    {
        for block in file.contents.split("```rust\n").skip(1) {
            let code = block.split("\n```").next().unwrap();
            syn::parse_file(code)
                .unwrap_or_else(|e| panic!("{}: {e}: {code}", file.path.display()));
            snippets += 1;
        }
    }
    // The README's usage and each operation's example: 3 operations, one with two examples.
    assert!(snippets >= 4, "only {snippets} Rust snippets");
}
