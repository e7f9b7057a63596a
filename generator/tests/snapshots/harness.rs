//! The snapshot harness: generate a case's spec, compare with its committed `expected/` tree
//! (or rewrite it when `UPDATE_EXPECT=1`), and read cases back for the compile test.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use generator::emit::OutputFile;
use generator::CrateOptions;

/// Set to accept the current output as the expected one (expect-test's convention).
pub const UPDATE_VAR: &str = "UPDATE_EXPECT";

/// How many lines of diff a mismatching file shows.
const MAX_DIFF_LINES: usize = 80;

pub fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

/// Every case: a directory holding `openapi.yaml`.
pub fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cases_dir())
        .expect("tests/snapshots lists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.join("openapi.yaml").is_file())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The package name of a case's crate: unique, so every case fits one workspace.
pub fn crate_name(case: &str) -> String {
    format!("snap-{}", case.replace('_', "-"))
}

/// Generates a case's crate from its spec, on the runtime crate.
pub fn generate(case: &str) -> Vec<OutputFile> {
    generate_with(case, CrateOptions::new(crate_name(case), "0.1.0"))
}

/// Generates a case's crate from its spec with `options`.
pub fn generate_with(case: &str, options: CrateOptions) -> Vec<OutputFile> {
    let spec = cases_dir().join(case).join("openapi.yaml");
    let text = std::fs::read_to_string(&spec)
        .unwrap_or_else(|e| panic!("reading {}: {e}", spec.display()));
    // A relative name, so messages and output never hold this checkout's path.
    let loaded = generator::load::load_str(Path::new("openapi.yaml"), &text)
        .unwrap_or_else(|e| panic!("{case}: the spec does not load: {e}"));
    let mut files = generator::generate(&loaded, &options)
        .unwrap_or_else(|e| panic!("{case}: the spec does not generate: {e}"))
        .files;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Cases that commit the whole crate: the ones whose rule shows in the client, the manifest,
/// `lib.rs` or the crate README.
const WHOLE_CRATE_CASES: &[&str] = &[
    "downloads",
    "feature_gating",
    "markdown_docs",
    "oauth2_client_credentials",
    "security_schemes",
    "server_variables",
    "servers_and_security",
    "untagged_operations",
    "webhooks",
    "webhooks_only",
];

/// Files the same in every other case but for a name or two (client, manifest, README, the
/// runtime's option and error pages): the other cases leave them out, so the snapshots hold
/// what each rule changes and not 19 copies of the rest.
const BOILERPLATE: &[&str] = &[
    "Cargo.toml",
    "README.md",
    "docs/models/errors/",
    "docs/models/utils/",
    "src/blocking.rs",
    "src/client.rs",
    "src/groups/mod.rs",
    "src/lib.rs",
    "src/models/errors.rs",
    "src/models/mod.rs",
];

/// Whether `case` commits the file at `path` (`/`-separated).
fn is_snapshot_file(case: &str, path: &str) -> bool {
    WHOLE_CRATE_CASES.contains(&case) || !BOILERPLATE.iter().any(|b| path.starts_with(b))
}

/// The files a case commits, by `/`-separated path.
fn snapshot_files(case: &str, files: Vec<OutputFile>) -> BTreeMap<String, String> {
    files
        .into_iter()
        .map(|f| (slash_path(&f.path), f.contents))
        .filter(|(path, _)| is_snapshot_file(case, path))
        .collect()
}

fn slash_path(path: &Path) -> String {
    let parts: Vec<_> = path.iter().map(|p| p.to_string_lossy()).collect();
    parts.join("/")
}

/// Every file under `dir` by `/`-separated relative path, line endings normalized (a checkout
/// with `core.autocrlf` must not fail).
pub fn read_tree(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
                let relative = slash_path(path.strip_prefix(root).unwrap());
                out.insert(relative, text.replace("\r\n", "\n"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Regenerates `case` and compares it with `tests/snapshots/CASE/expected/`; with
/// `UPDATE_EXPECT=1` rewrites that directory instead (adding, changing and deleting files).
#[track_caller]
pub fn check(case: &str) {
    let actual = snapshot_files(case, generate(case));
    assert_eq!(
        actual,
        snapshot_files(case, generate(case)),
        "{case}: two runs gave different output"
    );
    let expected_dir = cases_dir().join(case).join("expected");
    let expected = read_tree(&expected_dir);
    if actual == expected {
        return;
    }
    if std::env::var_os(UPDATE_VAR).is_some_and(|v| v == "1") {
        rewrite(&expected_dir, &expected, &actual);
        eprintln!("{case}: rewrote {}", expected_dir.display());
        return;
    }
    panic!(
        "{}\nThe `{case}` snapshot differs from what the generator makes now. If the change is \
         intended, accept it with `{UPDATE_VAR}=1 cargo test -p codat-sdk-generator --test \
         snapshots` and commit generator/tests/snapshots/{case}/expected/.",
        report(case, &expected, &actual)
    );
}

/// Every missing, extra and changed file, with a diff of each change.
fn report(
    case: &str,
    expected: &BTreeMap<String, String>,
    actual: &BTreeMap<String, String>,
) -> String {
    let changed = actual
        .iter()
        .filter(|(path, new)| expected.get(*path).is_some_and(|old| old != *new))
        .count();
    let missing = expected.keys().filter(|p| !actual.contains_key(*p)).count();
    let extra = actual.keys().filter(|p| !expected.contains_key(*p)).count();
    let mut out = format!(
        "snapshot `{case}`: {changed} changed, {missing} no longer generated, {extra} not committed\n"
    );
    for path in expected.keys().filter(|p| !actual.contains_key(*p)) {
        let _ = writeln!(
            out,
            "{case}/expected/{path}: committed, no longer generated"
        );
    }
    for path in actual.keys().filter(|p| !expected.contains_key(*p)) {
        let _ = writeln!(out, "{case}/expected/{path}: generated, not committed");
    }
    for (path, new) in actual {
        let Some(old) = expected.get(path).filter(|old| *old != new) else {
            continue;
        };
        let name = format!("{case}/expected/{path}");
        let diff = similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(2)
            .header(
                &format!("{name} (committed)"),
                &format!("{name} (generated)"),
            )
            .to_string();
        let lines: Vec<&str> = diff.lines().collect();
        for line in lines.iter().take(MAX_DIFF_LINES) {
            let _ = writeln!(out, "{line}");
        }
        if lines.len() > MAX_DIFF_LINES {
            let _ = writeln!(out, "... {} more diff lines", lines.len() - MAX_DIFF_LINES);
        }
    }
    out
}

fn rewrite(dir: &Path, expected: &BTreeMap<String, String>, actual: &BTreeMap<String, String>) {
    for path in expected.keys().filter(|p| !actual.contains_key(*p)) {
        std::fs::remove_file(dir.join(path)).expect("remove a stale snapshot file");
    }
    for (path, contents) in actual {
        if expected.get(path) != Some(contents) {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).expect("mkdir");
            std::fs::write(&file, contents).expect("write a snapshot file");
        }
    }
    remove_empty_dirs(dir);
}

fn remove_empty_dirs(dir: &Path) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.path().is_dir() {
            remove_empty_dirs(&entry.path());
            // Fails, as it should, while the directory still holds files.
            let _ = std::fs::remove_dir(entry.path());
        }
    }
}

/// A case's crate as the compile test builds it: the committed files, and the generated ones a
/// case does not commit (the runtime copy, boilerplate pages the docs include).
pub fn committed_crate(case: &str) -> Vec<OutputFile> {
    let committed = read_tree(&cases_dir().join(case).join("expected"));
    let mut files: Vec<OutputFile> = generate(case)
        .into_iter()
        .filter(|f| !is_snapshot_file(case, &slash_path(&f.path)))
        .collect();
    files.extend(committed.into_iter().map(|(path, contents)| OutputFile {
        path: path.into(),
        contents,
    }));
    files
}
