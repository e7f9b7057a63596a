//! The Markdown docs' Rust snippets parse. What the pages say (the README's operation list and
//! sections, one example per named body example, struck-through deprecated operations, model
//! tables) is pinned by the `markdown_docs` snapshot, generated from the same spec. No page,
//! here or in the committed crates under `generated/`, lets text run into a table.

use std::path::Path;

use generator::CrateOptions;

const SPEC: &str = include_str!("snapshots/markdown_docs/openapi.yaml");

#[test]
fn every_rust_snippet_in_the_docs_parses() {
    let files = pets_files();
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

/// The generated file at `path`.
fn page<'a>(files: &'a [generator::emit::OutputFile], path: &str) -> &'a str {
    files
        .iter()
        .find(|f| f.path == Path::new(path))
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no {path}"))
}

/// The table row of field `name` on a page.
fn row<'a>(page: &'a str, name: &str) -> &'a str {
    let start = format!("| `{name}` |");
    let struck = format!("| ~~`{name}`~~ |");
    page.lines()
        .find(|l| l.starts_with(&start) || l.starts_with(&struck))
        .unwrap_or_else(|| panic!("no row `{name}` in:\n{page}"))
}

#[test]
fn model_and_parameter_docs_keep_what_the_spec_says() {
    let files = pets_files();
    let pet = page(&files, "docs/models/shared/pet.md");

    // A field that is a reference shows the referenced schema's description and example: a
    // bare `$ref`, one with siblings (`nullable`), and an `allOf` whose note wins.
    let kind = row(pet, "kind");
    assert!(kind.contains("What kind of animal the pet is."), "{kind}");
    assert!(kind.contains("`\"dog\"`"), "{kind}");
    for name in ["born", "adopted"] {
        let born = row(pet, name);
        assert!(born.contains("A date and time in ISO 8601."), "{born}");
        assert!(born.contains("`\"2022-10-23T00:00:00Z\"`"), "{born}");
        assert!(
            !born.contains("Date time"),
            "the referenced title leaks: {born}"
        );
    }
    let fed = row(pet, "last_fed");
    assert!(fed.contains("When the pet last ate."), "{fed}");
    assert!(!fed.contains("ISO 8601"), "{fed}");
    assert!(fed.contains("`\"2022-10-23T00:00:00Z\"`"), "{fed}");
    // ... in rustdoc too.
    let models = page(&files, "src/models/shared.rs");
    let born_doc = models
        .find("/// A date and time in ISO 8601.")
        .expect("rustdoc of born");
    assert!(models[born_doc..].find("pub born:").is_some(), "{models}");

    // A title that repeats the field's name is dropped.
    let tags = row(pet, "tags");
    assert!(tags.contains("| Labels of the pet. |"), "{tags}");

    // A deprecated field says so before what it is.
    let legacy = row(pet, "legacy_id");
    assert!(
        legacy.contains(":warning: **Deprecated**") && legacy.contains("The id before ids"),
        "{legacy}"
    );

    // Parameters are labelled with where they travel, not as JSON.
    let request = row(
        page(&files, "docs/models/operations/getpetrequest.md"),
        "pet_id",
    );
    assert!(request.contains("Path parameter `petId`."), "{request}");
    assert!(!request.contains("JSON"), "{request}");

    // The credential type has a page, linked from the group page.
    let security = page(&files, "docs/models/shared/security.md");
    assert!(
        row(security, "auth_header").contains("Your API key."),
        "{security}"
    );
    assert!(page(&files, "docs/sdks/pets/README.md")
        .contains("[shared::Security](../../models/shared/security.md)"));
}

/// The snapshot spec's generated files.
fn pets_files() -> Vec<generator::emit::OutputFile> {
    let spec = generator::load::load_str(Path::new("pets.yaml"), SPEC).expect("spec loads");
    let options = CrateOptions::new("pets-sdk".to_owned(), "1.2.3".to_owned());
    generator::generate(&spec, &options)
        .expect("generates")
        .files
}

#[test]
fn spec_headings_nest_below_the_page_headings() {
    let files = pets_files();
    let pets = page(&files, "docs/sdks/pets/README.md");
    // An operation's description sits under `## list`, beside `### Example Usage`: one deeper.
    for heading in [
        "\n#### Tips and traps\n",
        "\n##### Deeper\n",
        "\n### Care\n",
    ] {
        assert!(pets.contains(heading), "no {heading:?} in:\n{pets}");
    }
    assert!(!pets.contains("\n## Care\n"), "{pets}");
    // A model's description sits under `# ErrorMessage`, beside `## Fields`.
    let error = page(&files, "docs/models/shared/errormessage.md");
    assert!(error.contains("\n### Overview\n"), "{error}");
}
