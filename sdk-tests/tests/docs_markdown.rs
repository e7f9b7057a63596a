//! The committed Markdown of every crate under `generated/` (README.md and docs/): every
//! relative link reaches a file and every `#anchor` a heading (GitHub's anchor rules), tables
//! are compact and well-formed, and no BOM or mojibake survives; the Platform crate's tree is
//! complete. The Rust snippets are compiled by each crate's doctests (see its `src/lib.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

fn generated() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated")
}

fn platform_root() -> PathBuf {
    generated().join("codat-platform")
}

/// The directory of every committed crate.
fn crate_roots() -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = std::fs::read_dir(generated())
        .expect("generated/ lists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("Cargo.toml").is_file())
        .collect();
    roots.sort();
    assert_eq!(roots.len(), 7, "the seven SDK crates: {roots:?}");
    roots
}

/// Every Markdown file of every committed crate, as a path from `generated/` -> contents.
fn all_pages() -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    for root in crate_roots() {
        let name = PathBuf::from(root.file_name().expect("a name"));
        out.extend(pages(&root).into_iter().map(|(p, t)| (name.join(p), t)));
    }
    out
}

/// A path of [`all_pages`] inside its crate.
fn in_crate(page: &Path) -> &Path {
    let mut parts = page.iter();
    parts.next();
    parts.as_path()
}

/// Every Markdown file of the crate at `root`, relative path -> contents.
fn pages(root: &Path) -> BTreeMap<PathBuf, String> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<PathBuf, String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("entry").path())
            .collect();
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
    walk(root, root, &mut out);
    out
}

/// Lines outside fenced code blocks, with their numbers.
fn prose_lines(text: &str) -> Vec<(usize, &str)> {
    let mut in_fence = false;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if !in_fence {
            out.push((n + 1, line));
        }
    }
    out
}

/// GitHub's anchor for a heading: lowercase, spaces to `-`, punctuation except `-`/`_` dropped.
fn github_anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a page, duplicates numbered `-1`, `-2` as GitHub does.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = BTreeSet::new();
    for (_, line) in prose_lines(text) {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if hashes == 0 || hashes > 6 || !line[hashes..].starts_with(' ') {
            continue;
        }
        let base = github_anchor(&line[hashes..]);
        let count = seen.entry(base.clone()).or_insert(0);
        out.insert(if *count == 0 {
            base.clone()
        } else {
            format!("{base}-{count}")
        });
        *count += 1;
    }
    out
}

/// `](target)` destinations outside code.
fn links(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_code = false;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '`' => in_code = !in_code,
            ']' if !in_code && chars.get(i + 1) == Some(&'(') => {
                let rest: String = chars[i + 2..].iter().collect();
                if let Some(end) = rest.find(')') {
                    out.push(rest[..end].to_owned());
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn the_docs_tree_is_complete() {
    let pages = pages(&platform_root());
    assert!(pages.contains_key(Path::new("README.md")));
    let sdks = pages
        .keys()
        .filter(|p| p.starts_with("docs/sdks") && p.ends_with("README.md"))
        .count();
    assert_eq!(sdks, 12, "one page per group");
    for module in ["shared", "operations", "errors", "utils"] {
        assert!(
            pages
                .keys()
                .any(|p| p.starts_with(format!("docs/models/{module}"))),
            "no docs/models/{module}"
        );
    }
    let readme = &pages[Path::new("README.md")];
    for section in [
        "SDK Installation",
        "SDK Example Usage",
        "Available Resources and Operations",
        "Retries",
        "Error Handling",
        "Server Selection",
        "Custom HTTP Client",
        "Authentication",
        "Hooks",
        "Debugging",
    ] {
        assert!(
            readme.contains(&format!("## {section}\n")),
            "README lacks {section}"
        );
        assert!(
            readme.contains(&format!("<!-- Start {section} [")),
            "{section} is not delimited"
        );
        assert!(
            readme.contains(&format!("<!-- End {section} [")),
            "{section} is not closed"
        );
    }
}

#[test]
fn every_relative_link_and_anchor_resolves() {
    let root = generated();
    let pages = all_pages();
    let anchors: BTreeMap<&PathBuf, BTreeSet<String>> =
        pages.iter().map(|(p, t)| (p, anchors(t))).collect();
    let mut broken = Vec::new();
    let mut checked = 0;
    for (page, text) in &pages {
        for (n, line) in prose_lines(text) {
            for link in links(line) {
                if link.starts_with("http://")
                    || link.starts_with("https://")
                    || link.starts_with("mailto:")
                {
                    continue;
                }
                checked += 1;
                let (file, fragment) = match link.split_once('#') {
                    Some((file, fragment)) => (file, Some(fragment)),
                    None => (link.as_str(), None),
                };
                let target = if file.is_empty() {
                    page.clone()
                } else {
                    normalize(&page.parent().unwrap_or(Path::new("")).join(file))
                };
                if !root.join(&target).exists() {
                    broken.push(format!(
                        "{}:{n}: {link}: no file {}",
                        page.display(),
                        target.display()
                    ));
                    continue;
                }
                if let Some(fragment) = fragment {
                    match anchors.get(&target) {
                        Some(set) if set.contains(fragment) => {}
                        _ => broken.push(format!(
                            "{}:{n}: {link}: no anchor #{fragment}",
                            page.display()
                        )),
                    }
                }
            }
        }
    }
    assert!(checked > 3500, "only {checked} links checked");
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn tables_are_compact_and_well_formed() {
    for (page, text) in all_pages() {
        let mut columns: Option<usize> = None;
        for (n, line) in prose_lines(&text) {
            if !line.starts_with('|') {
                columns = None;
                continue;
            }
            let cells = line.replace("\\|", "").matches('|').count() - 1;
            match columns {
                None => columns = Some(cells),
                Some(expected) => assert_eq!(
                    cells,
                    expected,
                    "{}:{n}: row has {cells} cells, header {expected}: {line}",
                    page.display()
                ),
            }
            assert!(
                line.ends_with('|'),
                "{}:{n}: row not closed",
                page.display()
            );
            assert!(
                !line.contains("  |") && !line.contains("|  ") && !line.contains("----"),
                "{}:{n}: padded cell: {line}",
                page.display()
            );
        }
    }
}

/// The lines of `text` (outside fenced code) that follow a table row directly without being
/// one: GitHub renders them as more rows of the table.
fn text_after_tables(text: &str) -> Vec<(usize, &str)> {
    let mut row_line = None;
    let mut found = Vec::new();
    for (n, line) in prose_lines(text) {
        if line.starts_with('|') {
            row_line = Some(n);
        } else {
            if row_line == Some(n - 1) && !line.trim().is_empty() {
                found.push((n, line));
            }
            row_line = None;
        }
    }
    found
}

/// Every Markdown page the snapshot tests expect (generator/tests/snapshots/*/expected), as a
/// path from `snapshots/` -> contents.
fn snapshot_pages() -> BTreeMap<PathBuf, String> {
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/tests/snapshots");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&snapshots).expect("snapshots/ lists") {
        let expected = entry.expect("entry").path().join("expected");
        if expected.is_dir() {
            let name = expected.strip_prefix(&snapshots).unwrap().to_path_buf();
            out.extend(pages(&expected).into_iter().map(|(p, t)| (name.join(p), t)));
        }
    }
    out
}

#[test]
fn no_text_runs_into_a_table() {
    let (committed, snapshots) = (all_pages(), snapshot_pages());
    assert!(committed.len() > 1000, "only {} pages", committed.len());
    assert!(!snapshots.is_empty(), "no snapshot pages");
    let failures: Vec<String> = committed
        .iter()
        .chain(&snapshots)
        .flat_map(|(page, text)| {
            text_after_tables(text).into_iter().map(move |(n, line)| {
                let shown: String = line.chars().take(60).collect();
                format!("{}:{n}: {shown}", page.display())
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} lines of text right after a table (GitHub renders them as rows):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn no_bom_mojibake_or_carriage_returns() {
    for (page, text) in all_pages() {
        for bad in ['\u{feff}', '\u{fffd}', '\r'] {
            assert!(!text.contains(bad), "{} contains {bad:?}", page.display());
        }
        for bad in ["\u{e2}\u{80}", "\u{c3}\u{a9}", "\u{c2}\u{a0}"] {
            assert!(
                !text.contains(bad),
                "{} contains mojibake {bad:?}",
                page.display()
            );
        }
    }
}

#[test]
fn deprecated_operations_are_struck_through_and_point_to_their_replacement() {
    let pages = pages(&platform_root());
    let cors = &pages[Path::new("docs/sdks/cors/README.md")];
    assert!(
        cors.starts_with("<!--") && cors.contains("\n# ~~"),
        "group title struck through"
    );
    assert!(cors.contains(":warning: **Deprecated**"));
    assert!(cors.contains("## ~~get~~"));
    assert!(
        cors.contains("instead."),
        "deprecation notice names the replacement"
    );
    let readme = &pages[Path::new("README.md")];
    assert!(readme.contains("* [~~get~~](docs/sdks/cors/README.md#get)"));
}

#[test]
fn every_operation_has_a_rust_example_parameters_response_and_errors() {
    for (page, text) in all_pages() {
        if !in_crate(&page).starts_with("docs/sdks") {
            continue;
        }
        let list = text
            .split("### Available Operations")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .unwrap_or("");
        let operations = list.lines().filter(|l| l.starts_with("* [")).count();
        assert!(operations > 0, "{}: no operations listed", page.display());
        for section in [
            "### Example Usage",
            "### Parameters",
            "### Response",
            "### Errors",
        ] {
            assert!(
                text.matches(section).count() >= operations,
                "{}: {section} missing for some of {operations} operations",
                page.display()
            );
        }
        assert!(text.matches("```rust\n").count() >= operations);
    }
}

/// Each committed crate's README teaches the tasks a Rust user has, in sections that exist
/// exactly when the crate has the feature: pagination where a `*_stream` method exists,
/// webhooks where `webhooks.rs` types events.
#[test]
fn each_readme_teaches_running_paging_webhooks_and_sharing() {
    for dir in crate_roots() {
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
