//! The example programs of the seven committed crates' docs (each crate's README.md and its
//! `docs/` pages) show real values: no argument is an empty string or a type's default
//! (`String::new()`, `""` anywhere, `Default::default()`), and every parameter the spec gives an example
//! for is called with that example. The programs are compiled by each crate's doctests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use generator::ir::TypeRef;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `(crate folder under generated/, spec file)` of every committed crate, from spec/pins.toml.
fn crates() -> Vec<(PathBuf, String)> {
    let text = std::fs::read_to_string(repo().join("spec/pins.toml")).expect("spec/pins.toml");
    let pins: toml::Value = toml::from_str(&text).expect("pins parse");
    let mut out: Vec<(PathBuf, String)> = pins["spec"]
        .as_array()
        .expect("[[spec]]")
        .iter()
        .filter_map(|pin| {
            let dir = pin.get("out")?.as_str()?;
            Some((repo().join(dir), pin["file"].as_str()?.to_owned()))
        })
        .collect();
    out.sort();
    assert_eq!(out.len(), 7, "the seven SDK crates: {out:?}");
    out
}

/// `$CODAT_SPECS_DIR/<file>`, else `../shared/specs/codat/<file>`.
fn spec_path(file: &str) -> PathBuf {
    let dir = match std::env::var_os("CODAT_SPECS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => repo().join("../shared/specs/codat"),
    };
    dir.join(file)
}

/// README.md and every page under docs/ of the crate at `root`, relative path -> contents.
fn pages(root: &Path) -> BTreeMap<PathBuf, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<PathBuf, String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<PathBuf> = entries.map(|e| e.expect("entry").path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(&path).expect("UTF-8 Markdown");
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), text);
            }
        }
    }
    let mut out = BTreeMap::new();
    let readme = root.join("README.md");
    out.insert(
        PathBuf::from("README.md"),
        std::fs::read_to_string(&readme).expect("README.md"),
    );
    walk(&root.join("docs"), root, &mut out);
    out
}

/// The ```rust blocks of `text`, with the line each starts on.
fn rust_blocks(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in text.lines().enumerate() {
        let fence = line.trim_start();
        match &mut current {
            None if fence.starts_with("```rust") => current = Some((n + 1, String::new())),
            Some(_) if fence.starts_with("```") => out.push(current.take().unwrap()),
            Some((_, code)) => {
                code.push_str(line);
                code.push('\n');
            }
            None => {}
        }
    }
    out
}

/// What a snippet writes where it has no value: a type's default or a stand-in.
const PLACEHOLDERS: &[&str] = &[
    "String::new()",
    "Default::default()",
    "todo!(",
    "unimplemented!(",
    "\"<value>\"",
];

/// Whether `line` holds an empty string literal (`""`, not the end of an escaped `\"`): an
/// argument, a list item (`vec![""]`) or a field value, each an example with no value.
fn has_empty_string(line: &str) -> bool {
    line.match_indices("\"\"")
        .any(|(at, _)| !line[..at].ends_with('\\'))
}

/// The placeholder arguments of one program, as `line: text`.
fn placeholders(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in code.lines().enumerate() {
        for p in PLACEHOLDERS {
            if line.contains(p) {
                found.push(format!("{}: {} (`{p}`)", n + 1, line.trim()));
            }
        }
        if has_empty_string(line) {
            found.push(format!("{}: {} (an empty string)", n + 1, line.trim()));
        }
    }
    found
}

#[test]
fn the_placeholder_check_finds_empty_strings_anywhere() {
    for code in [
        "f(\"\")",
        "vec![\"\"]",
        "\"\".into()",
        "    name: \"\",",
        "x(\"<value>\")",
    ] {
        assert_eq!(placeholders(code).len(), 1, "{code}");
    }
    for code in ["f(\"a\\\"\")", "serde_json::from_str(\"{\\\"a\\\":1}\")"] {
        assert!(placeholders(code).is_empty(), "{code}");
    }
}

#[test]
fn no_example_program_has_a_placeholder_argument() {
    let mut failures = Vec::new();
    let mut programs = 0;
    for (root, _) in crates() {
        for (page, text) in pages(&root) {
            for (line, code) in rust_blocks(&text) {
                // Only the example programs: blocks that build a client and call it.
                if !code.contains("let client =") {
                    continue;
                }
                programs += 1;
                for found in placeholders(&code) {
                    failures.push(format!(
                        "{}/{}:{line}: {found}",
                        root.file_name().unwrap().to_string_lossy(),
                        page.display()
                    ));
                }
            }
        }
    }
    assert!(programs > 100, "only {programs} example programs found");
    assert!(
        failures.is_empty(),
        "{} placeholder arguments in the docs' example programs:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The section of an operation page about `method`: from its `## ` heading to the heading of
/// the next operation of `methods` (an operation's description may hold `## ` headings too).
fn section<'t>(page: &'t str, method: &str, methods: &[&str]) -> Option<&'t str> {
    let heading = |m: &str, line: &str| line == format!("## {m}") || line == format!("## ~~{m}~~");
    let mut offset = 0;
    let mut start = None;
    for line in page.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if let Some(start) = start {
            if methods.iter().any(|m| heading(m, trimmed)) {
                return Some(&page[start..offset]);
            }
        } else if heading(method, trimmed) {
            start = Some(offset);
        }
        offset += line.len();
    }
    start.map(|s| &page[s..])
}

/// A string the test can look for as a Rust literal without reproducing Rust's escapes.
fn plain(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_graphic() || c == ' ') && !s.contains(['"', '\\'])
}

/// Whether `wanted` occurs in `text` not as part of a longer word or number.
fn contains_token(text: &str, wanted: &str) -> bool {
    let part = |c: char| c.is_alphanumeric() || c == '.' || c == '_';
    text.match_indices(wanted).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + wanted.len()..].chars().next();
        wanted.starts_with('"') || (!before.is_some_and(part) && !after.is_some_and(part))
    })
}

#[test]
fn every_parameter_example_of_the_spec_is_shown() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (root, file) in crates() {
        let spec = spec_path(&file);
        let loaded = generator::load::load_file(&spec)
            .unwrap_or_else(|e| panic!("{} (set CODAT_SPECS_DIR): {e}", spec.display()));
        let (api, _) = generator::ir::lower(&loaded).unwrap_or_else(|e| panic!("{e}"));
        let name = root.file_name().unwrap().to_string_lossy().into_owned();
        for group in &api.groups {
            let page_path = root
                .join("docs/sdks")
                .join(&group.docs_folder)
                .join("README.md");
            let page = std::fs::read_to_string(&page_path)
                .unwrap_or_else(|e| panic!("{}: {e}", page_path.display()));
            let methods: Vec<&str> = group.operations.iter().map(|o| o.method.as_str()).collect();
            for op in &group.operations {
                let Some(text) = section(&page, &op.method, &methods) else {
                    failures.push(format!("{name}: no section for `{}`", op.method));
                    continue;
                };
                for param in &op.params {
                    let field = &param.field;
                    let wanted = match (&field.ty, &field.example) {
                        (TypeRef::String, Some(serde_json::Value::String(s))) if plain(s) => {
                            format!("\"{s}\"")
                        }
                        (TypeRef::I32 | TypeRef::I64, Some(serde_json::Value::Number(n))) => {
                            n.to_string()
                        }
                        _ => continue,
                    };
                    checked += 1;
                    if !contains_token(text, &wanted) {
                        failures.push(format!(
                            "{name}: `{}.{}` does not show {} = {wanted}, the spec's example",
                            group.module, op.method, field.rust_name
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} parameter examples checked");
    assert!(
        failures.is_empty(),
        "{} parameter examples missing from the docs:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// What a snippet must show of `value`, an example of type `ty`: its plain strings and map
/// keys (as literals), integers, and enum values (as `::Variant=value`), under the keys the type has (a key
/// the type does not name cannot be shown). Unions and raw JSON are decoded from JSON text, so
/// nothing under them is looked for.
fn leaves(
    api: &generator::ir::Api,
    ty: &TypeRef,
    value: &serde_json::Value,
    out: &mut Vec<String>,
) {
    use generator::ir::TypeKind;
    use serde_json::Value;
    match (ty, value) {
        (TypeRef::String, Value::String(s)) if plain(s) => out.push(format!("\"{s}\"")),
        (TypeRef::I32 | TypeRef::I64 | TypeRef::F64, Value::Number(n)) if n.is_i64() => {
            out.push(n.to_string())
        }
        (TypeRef::Array(inner), Value::Array(items)) => {
            items.iter().for_each(|v| leaves(api, inner, v, out))
        }
        (TypeRef::Map(inner), Value::Object(map)) => {
            for (key, v) in map {
                if plain(key) {
                    out.push(format!("\"{key}\""));
                }
                leaves(api, inner, v, out);
            }
        }
        (TypeRef::Named(id), _) => match (api.types.get(id).map(|t| &t.kind), value) {
            (Some(TypeKind::Struct(s)), Value::Object(map)) => {
                for (key, v) in map {
                    match s.fields.iter().find(|f| &f.wire_name == key) {
                        Some(field) => leaves(api, &field.ty, v, out),
                        None => {
                            if let Some(additional) = &s.additional {
                                leaves(api, additional, v, out);
                            }
                        }
                    }
                }
            }
            (Some(TypeKind::Enum(e)), Value::String(s)) => {
                if let Some(variant) = e.variants.iter().find(|v| &v.value == s) {
                    // `::Variant=value`: a variant, or the value decoded from JSON (nested deep).
                    out.push(format!("::{}={s}", variant.rust_name));
                }
            }
            (Some(TypeKind::Newtype(inner)), _) => leaves(api, inner, value, out),
            _ => {}
        },
        _ => {}
    }
}

/// Whether `text` shows the leaf `wanted`: as written, an enum variant (`::Invoices`) not
/// followed by more of a name, or an integer as a float (`100` as `100.0`, `-1` as `- 1.0`).
fn shows_value(text: &str, wanted: &str) -> bool {
    if let Some((variant, value)) = wanted.split_once('=').filter(|_| wanted.starts_with("::")) {
        return text.match_indices(variant).any(|(at, _)| {
            !text[at + variant.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
        }) || (plain(value) && contains_token(text, &format!("\"{value}\"")));
    }
    if contains_token(text, wanted) || wanted.starts_with('"') {
        return contains_token(text, wanted);
    }
    // prettyplease writes a negative literal as `- 100.0`.
    let spaced = wanted.replacen('-', "- ", 1);
    [format!("{wanted}.0"), spaced.clone(), format!("{spaced}.0")]
        .iter()
        .any(|w| contains_token(text, w))
}

#[test]
fn every_body_example_value_is_shown() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (root, file) in crates() {
        let spec = spec_path(&file);
        let loaded = generator::load::load_file(&spec)
            .unwrap_or_else(|e| panic!("{} (set CODAT_SPECS_DIR): {e}", spec.display()));
        let (api, _) = generator::ir::lower(&loaded).unwrap_or_else(|e| panic!("{e}"));
        let name = root.file_name().unwrap().to_string_lossy().into_owned();
        for group in &api.groups {
            let page_path = root
                .join("docs/sdks")
                .join(&group.docs_folder)
                .join("README.md");
            let page = std::fs::read_to_string(&page_path)
                .unwrap_or_else(|e| panic!("{}: {e}", page_path.display()));
            let methods: Vec<&str> = group.operations.iter().map(|o| o.method.as_str()).collect();
            for op in &group.operations {
                let Some(text) = section(&page, &op.method, &methods) else {
                    continue;
                };
                // What the spec gives for the body: its examples, else the model's value
                // (its schema's example and its fields', nested ones included).
                let Some(body) = &op.body else {
                    continue;
                };
                let model = body
                    .field
                    .ty
                    .named()
                    .and_then(|id| api.type_examples.get(id));
                let values: Vec<&serde_json::Value> = if op.body_examples.is_empty() {
                    model.into_iter().collect()
                } else {
                    op.body_examples.iter().map(|e| &e.value).collect()
                };
                let mut wanted = Vec::new();
                values
                    .into_iter()
                    .for_each(|v| leaves(&api, &body.field.ty, v, &mut wanted));
                wanted.sort();
                wanted.dedup();
                let missing: Vec<&String> =
                    wanted.iter().filter(|w| !shows_value(text, w)).collect();
                checked += wanted.len();
                if !missing.is_empty() {
                    failures.push(format!(
                        "{name}: `{}.{}` does not show {} of the spec's body values: {}",
                        group.module,
                        op.method,
                        missing.len(),
                        missing
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} body values checked");
    assert!(
        failures.is_empty(),
        "{} operations miss body values the spec gives:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
