//! The Markdown docs' Rust snippets parse. What the pages say (the README's operation list and
//! sections, one example per named body example, struck-through deprecated operations, model
//! tables) is pinned by the `markdown_docs` snapshot, generated from the same spec. No page,
//! here or in the committed crates under `generated/`, lets text run into a table.

use std::path::{Path, PathBuf};

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

/// The 1-based lines of `text` (outside fenced code) that follow a table row directly without
/// being one: GitHub renders them as more rows of the table.
fn text_run_into_tables(text: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut in_fence = false;
    let mut found = Vec::new();
    for (n, pair) in lines.windows(2).enumerate() {
        let fence =
            |l: &str| l.trim_start().starts_with("```") || l.trim_start().starts_with("~~~");
        if fence(pair[0]) {
            in_fence = !in_fence;
        }
        if !in_fence
            && pair[0].starts_with('|')
            && !pair[1].trim().is_empty()
            && !pair[1].starts_with('|')
        {
            found.push(n + 2);
        }
    }
    found
}

#[test]
fn no_text_runs_into_a_table_in_the_snapshot_docs() {
    let mut failures = Vec::new();
    for file in pets_files()
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "md"))
    {
        for line in text_run_into_tables(&file.contents) {
            failures.push(format!("{}:{line}", file.path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "text after a table:\n{}",
        failures.join("\n")
    );
}

/// Every `.md` file under `dir`, sorted.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(markdown_files(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out
}

#[test]
fn no_text_runs_into_a_table_in_the_committed_docs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let files = markdown_files(&root);
    assert!(files.len() > 1000, "only {} pages", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("UTF-8 Markdown");
        for line in text_run_into_tables(&text) {
            let shown = text.lines().nth(line - 1).unwrap_or("");
            failures.push(format!(
                "{}:{line}: {}",
                path.strip_prefix(&root).unwrap().display(),
                shown.chars().take(60).collect::<String>()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} lines of text right after a table (GitHub renders them as rows):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Each committed crate's README teaches the tasks a Rust user has, in sections that exist
/// exactly when the crate has the feature: pagination where a `*_stream` method exists,
/// webhooks where `webhooks.rs` types events.
#[test]
fn each_readme_teaches_running_paging_webhooks_and_sharing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let mut crates: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("generated/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("Cargo.toml").exists())
        .collect();
    crates.sort();
    assert_eq!(crates.len(), 7, "{crates:?}");
    for dir in crates {
        let readme = std::fs::read_to_string(dir.join("README.md")).expect("README.md");
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        for wanted in [
            "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }",
            "#[tokio::main]\nasync fn main()",
            "### Blocking",
            "::blocking::",
            "## Endpoints",
            "## Resource Management",
            "| first wait (`initial_interval`) | 500 ms |",
            "`cargo add tracing`",
        ] {
            assert!(readme.contains(wanted), "{name}: no {wanted:?}");
        }
        let groups = std::fs::read_dir(dir.join("src/groups")).expect("src/groups");
        let streams = groups
            .map(|g| std::fs::read_to_string(g.expect("entry").path()).unwrap_or_default())
            .any(|code| code.contains("_stream("));
        assert_eq!(
            readme.contains("## Pagination") && readme.contains("_stream(request)"),
            streams,
            "{name}: a Pagination section exactly when a method streams"
        );
        let webhooks = std::fs::read_to_string(dir.join("src/webhooks.rs"))
            .is_ok_and(|code| code.contains("pub fn parse_webhook"));
        assert_eq!(
            readme.contains("## Webhooks") && readme.contains("parse_webhook(body)?"),
            webhooks,
            "{name}: a Webhooks section exactly when the crate parses webhooks"
        );
    }
}
