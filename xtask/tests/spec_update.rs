//! What a spec update does to the generated SDK: the Platform spec at upstream 28f4886 against
//! the pinned one. The update adds the company sync-settings operations and the
//! `company.product.*` webhooks; this test pins down that it changes exactly that.
//!
//! "Nothing unrelated changes" means, precisely:
//! - code (every file but `*.md`): the same files exist before and after, the changed ones are
//!   exactly [`CHANGED`]; the public items (`pub struct/enum/type/fn`, by file) only grow, by
//!   exactly [`ADDED_ITEMS`]; and after cutting the expected new blocks ([`ADDED_BLOCKS`]) out of
//!   the new output, every file's code (all lines but `///` docs) equals the old code, except
//!   the one other upstream change: `Connection.integration_key`, no longer required, becomes
//!   optional, and the feature gates of models the new operations also reach
//!   ([`WIDENED_GATES`]);
//! - docs (`*.md`): none is removed, an added one is named after an added model, and no line of
//!   an existing one is removed or changed except for the two upstream changes
//!   (`integration_key`, and the wording fix "behaviour" -> "behavior").

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::*;

const CHANGED: &[&str] = &[
    "codat-gen.lock",
    "src/blocking.rs",
    "src/groups/companies.rs",
    "src/groups/supplemental_data.rs",
    "src/models/operations.rs",
    "src/models/shared.rs",
    "src/webhooks.rs",
];

/// (file, item) for every public item the update adds.
const ADDED_ITEMS: &[(&str, &str)] = &[
    ("src/blocking.rs", "fn get_company_sync_settings"),
    ("src/blocking.rs", "fn set_company_sync_settings"),
    ("src/groups/companies.rs", "fn get_company_sync_settings"),
    ("src/groups/companies.rs", "fn set_company_sync_settings"),
    (
        "src/models/operations.rs",
        "struct GetCompanySyncSettingsRequest",
    ),
    (
        "src/models/operations.rs",
        "struct SetCompanySyncSettingsRequest",
    ),
    (
        "src/models/operations.rs",
        "struct SetCompanySyncSettingsRequestBody",
    ),
    ("src/models/shared.rs", "fn with_company_id"),
    ("src/models/shared.rs", "fn with_integration_key"),
    ("src/models/shared.rs", "fn with_product_id"),
    ("src/models/shared.rs", "fn with_product_name"),
    ("src/models/shared.rs", "struct CompanyProductWebhook"),
    (
        "src/models/shared.rs",
        "struct CompanyProductWebhookPayload",
    ),
    ("src/models/shared.rs", "struct CompanySyncSettings"),
];

/// Blocks of the new output that the update adds: (file, first line of the block, trimmed).
/// A block runs from that line (with the docs and attributes above it) to its closing brace.
const ADDED_BLOCKS: &[(&str, &str)] = &[
    ("src/blocking.rs", "pub fn get_company_sync_settings("),
    ("src/blocking.rs", "pub fn set_company_sync_settings("),
    (
        "src/groups/companies.rs",
        "pub fn get_company_sync_settings(",
    ),
    (
        "src/groups/companies.rs",
        "pub fn set_company_sync_settings(",
    ),
    (
        "src/models/operations.rs",
        "pub struct GetCompanySyncSettingsRequest {",
    ),
    (
        "src/models/operations.rs",
        "impl GetCompanySyncSettingsRequest {",
    ),
    (
        "src/models/operations.rs",
        "pub struct SetCompanySyncSettingsRequest {",
    ),
    (
        "src/models/operations.rs",
        "impl SetCompanySyncSettingsRequest {",
    ),
    (
        "src/models/operations.rs",
        "pub struct SetCompanySyncSettingsRequestBody {",
    ),
    ("src/models/shared.rs", "pub struct CompanyProductWebhook {"),
    (
        "src/models/shared.rs",
        "pub struct CompanyProductWebhookPayload {",
    ),
    ("src/models/shared.rs", "pub struct CompanySyncSettings {"),
    (
        "src/models/operations.rs",
        "impl SetCompanySyncSettingsRequestBody {",
    ),
    ("src/models/shared.rs", "impl CompanyProductWebhook {"),
    (
        "src/models/shared.rs",
        "impl CompanyProductWebhookPayload {",
    ),
    ("src/models/shared.rs", "impl CompanySyncSettings {"),
    // `integration_key`, now optional, leaves `Connection::new` for a setter.
    (
        "src/models/shared.rs",
        "pub fn with_integration_key(mut self, value: impl Into<String>) -> Self {",
    ),
    (
        "src/models/operations.rs",
        "crate::runtime::__private::decode_model! { SetCompanySyncSettingsRequestBody",
    ),
    (
        "src/models/shared.rs",
        "crate::runtime::__private::decode_model! { CompanyProductWebhook",
    ),
    (
        "src/models/shared.rs",
        "crate::runtime::__private::decode_model! { CompanyProductWebhookPayload",
    ),
    (
        "src/models/shared.rs",
        "crate::runtime::__private::decode_model! { CompanySyncSettings",
    ),
    (
        "src/webhooks.rs",
        "CompanyProductAdded(crate::models::shared::CompanyProductWebhook),",
    ),
    (
        "src/webhooks.rs",
        "CompanyProductRemoved(crate::models::shared::CompanyProductWebhook),",
    ),
    (
        "src/webhooks.rs",
        "if crate::runtime::__private::event_matches(\"company.product.added\", &event_type) {",
    ),
    (
        "src/webhooks.rs",
        "if crate::runtime::__private::event_matches(\"company.product.removed\", &event_type) {",
    ),
];

#[test]
fn a_spec_update_changes_exactly_what_it_adds_and_check_catches_stale_output() {
    let work = tempfile::tempdir().unwrap();
    let old_dir = work.path().join("old");
    let out = work.path().join("sdk");
    for dir in [&old_dir, &out] {
        let run = generate(&history_spec(), dir, false);
        assert!(run.status.success(), "{}", stderr(&run));
    }

    // Stale output fails the check, lists what changed with diffs, names the fix, is not touched.
    let before = tree(&out);
    let check = generate(&current_spec(), &out, true);
    let report = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "{report}");
    for path in CHANGED {
        assert!(
            report.contains(&format!("changed: {path}\n")),
            "{path}: {report}"
        );
    }
    for line in report.lines().filter(|l| l.starts_with("added (")) {
        assert!(line.ends_with(".md"), "only docs are added: {line}");
    }
    assert!(!report.contains("removed ("), "{report}");
    assert!(
        report.contains("+    pub fn get_company_sync_settings("),
        "{report}"
    );
    assert!(report.contains(", 0 removed, "), "{report}");
    assert!(
        report.contains(&format!(
            "Run `cargo xtask generate --spec {} --out {} --crate-name codat-platform` and commit the result.",
            current_spec().display(),
            out.display()
        )),
        "{report}"
    );
    assert_eq!(tree(&out), before, "--check wrote to the output");

    // Regenerating fixes it.
    assert!(generate(&current_spec(), &out, false).status.success());
    let check = generate(&current_spec(), &out, true);
    assert!(check.status.success(), "{}", stderr(&check));

    let (old_all, new_all) = (tree(&old_dir), tree(&out));
    let is_doc = |path: &PathBuf| path.extension().and_then(|e| e.to_str()) == Some("md");
    let code_only = |tree: &BTreeMap<PathBuf, String>| -> BTreeMap<PathBuf, String> {
        tree.iter()
            .filter(|(path, _)| !is_doc(path))
            .map(|(p, t)| (p.clone(), t.clone()))
            .collect()
    };
    let (old, new) = (code_only(&old_all), code_only(&new_all));
    assert_eq!(
        old.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>(),
        "files were added or removed"
    );
    let changed: Vec<&str> = new
        .iter()
        .filter(|(path, text)| old[*path] != **text)
        .map(|(path, _)| path.to_str().unwrap())
        .collect();
    assert_eq!(changed, CHANGED);

    // The lock records the new spec.
    let lock = &new[Path::new("codat-gen.lock")];
    assert!(
        lock.contains(&format!("sha256 = \"{CURRENT_SHA}\"")),
        "{lock}"
    );
    assert!(lock.contains("file = \"Codat-Platform.yaml\""), "{lock}");
    assert!(old[Path::new("codat-gen.lock")].contains(HISTORY_SHA));

    // Public items only grow, by exactly the expected ones.
    let (old_items, new_items) = (public_items(&old), public_items(&new));
    assert!(
        old_items.is_subset(&new_items),
        "items removed: {:?}",
        old_items.difference(&new_items)
    );
    let added: BTreeSet<(String, String)> = new_items.difference(&old_items).cloned().collect();
    let expected: BTreeSet<(String, String)> = ADDED_ITEMS
        .iter()
        .map(|(file, item)| (file.to_string(), item.to_string()))
        .collect();
    assert_eq!(added, expected);

    // The webhook events for the new models.
    let webhooks = &new[Path::new("src/webhooks.rs")];
    for (event, variant) in [
        ("company.product.added", "CompanyProductAdded"),
        ("company.product.removed", "CompanyProductRemoved"),
    ] {
        assert!(
            webhooks.contains(&format!("event_matches(\"{event}\"")),
            "{event}"
        );
        assert!(webhooks.contains(&format!(
            "{variant}(crate::models::shared::CompanyProductWebhook)"
        )));
        assert!(!old[Path::new("src/webhooks.rs")].contains(event));
    }

    check_docs(&old_all, &new_all, &added);

    // Everything else is the old code, but for the one unrelated upstream change.
    let mut cut = new.clone();
    for (file, first_line) in ADDED_BLOCKS {
        let text = cut.get_mut(Path::new(file)).unwrap();
        *text = remove_block(text, first_line);
    }
    for path in CHANGED.iter().filter(|p| p.ends_with(".rs")) {
        let path = Path::new(path);
        let old_code = code(&old[path])
            .replace(
                "    #[serde(rename = \"integrationKey\")]\n    pub integration_key: String,\n",
                "    #[serde(rename = \"integrationKey\", skip_serializing_if = \"Option::is_none\")]\n    pub integration_key: Option<String>,\n",
            )
            // Its constructor: no longer an argument of `new`, which leaves it unset.
            .replace("        integration_key: impl Into<String>,\n", "")
            .replace(
                "            integration_key: integration_key.into(),\n",
                "            integration_key: None,\n",
            )
            // Its decoder: absence is no longer an error.
            .replace(
                "integration_key : required \"integrationKey\"",
                "integration_key : optional \"integrationKey\"",
            );
        let old_code = widen_gates(&old_code);
        let new_code = code(&cut[path]);
        if old_code != new_code {
            let diff = similar::TextDiff::from_lines(&old_code, &new_code)
                .unified_diff()
                .to_string();
            panic!(
                "{} changed beyond the expected additions:\n{diff}",
                path.display()
            );
        }
    }
}

/// Docs only grow: no page removed, added pages named after added models, and the only lines
/// removed from existing pages are about the two other upstream changes.
fn check_docs(
    old: &BTreeMap<PathBuf, String>,
    new: &BTreeMap<PathBuf, String>,
    added_items: &BTreeSet<(String, String)>,
) {
    let docs = |tree: &BTreeMap<PathBuf, String>| -> Vec<PathBuf> {
        tree.keys()
            .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("md"))
            .cloned()
            .collect()
    };
    let (old_docs, new_docs) = (docs(old), docs(new));
    let model_pages: BTreeSet<String> = added_items
        .iter()
        .filter_map(|(_, item)| item.strip_prefix("struct "))
        .map(str::to_lowercase)
        .collect();
    for path in &old_docs {
        assert!(
            new.contains_key(path),
            "doc page {} was removed",
            path.display()
        );
    }
    for path in new_docs.iter().filter(|p| !old.contains_key(*p)) {
        let stem = path.file_stem().unwrap().to_str().unwrap().to_lowercase();
        assert!(
            model_pages.contains(&stem),
            "unexpected new doc page {}",
            path.display()
        );
    }
    for path in &old_docs {
        let diff = similar::TextDiff::from_lines(&old[path], &new[path]);
        for change in diff.iter_all_changes() {
            if change.tag() == similar::ChangeTag::Delete {
                let line = change.value();
                assert!(
                    line.contains("integration_key") || line.contains("behaviour"),
                    "{}: an unrelated line changed: {line}",
                    path.display()
                );
            }
        }
    }
}

/// The lines of `text` that are not `///` docs.
/// The models the new operations reach, with the features that compiled them before and
/// after: a model gated behind one group (generator/src/emit/features.rs) is now needed by
/// another group too.
const WIDENED_GATES: &[(&str, &str, &str)] = &[(
    "SyncSetting",
    "#[cfg(feature = \"settings\")]",
    "#[cfg(any(feature = \"companies\", feature = \"settings\"))]",
)];

/// `code` with each [`WIDENED_GATES`] model's old gate replaced by its new one. A gate is the
/// `#[cfg(..)]` line before each item of the model: its struct or enum (attributes between),
/// its impls, its `decode_model!` call.
fn widen_gates(code: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let item = lines[i + 1..]
            .iter()
            .find(|l| {
                !l.starts_with("#[") && !l.starts_with("crate::runtime::__private::decode_model!")
            })
            .copied()
            .unwrap_or_default();
        let widened = WIDENED_GATES.iter().find(|(model, before, _)| {
            line == before
                && (item.contains(&format!(" {model} "))
                    || item.trim_start().starts_with(&format!("{model} ")))
        });
        out.push_str(widened.map_or(line, |(_, _, after)| after));
        out.push('\n');
    }
    out
}

fn code(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("///"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// `(file, "struct Name" | "enum Name" | "type Name" | "fn name" | "async fn name")` of every
/// public item in the Rust files of a tree (a set: `with_options` in every group counts once).
fn public_items(tree: &BTreeMap<PathBuf, String>) -> BTreeSet<(String, String)> {
    let mut items = BTreeSet::new();
    for (path, text) in tree {
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        for line in text.lines() {
            let Some(rest) = line.trim_start().strip_prefix("pub ") else {
                continue;
            };
            for kind in ["async fn ", "fn ", "struct ", "enum ", "type "] {
                if let Some(name) = rest.strip_prefix(kind) {
                    let name: String = name
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    items.insert((path.to_str().unwrap().to_owned(), format!("{kind}{name}")));
                    break;
                }
            }
        }
    }
    items
}

/// How a model's decoder starts (see `remove_block`).
const DECODER: &str = "crate::runtime::__private::decode_model! { ";

/// `text` without the block whose first line (trimmed) is `first_line`: the docs and attributes
/// right above it, and everything up to the line that closes its braces. A one-line item
/// (an enum variant) is removed with its docs.
fn remove_block(text: &str, first_line: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    // A model's decoder is `crate::runtime::__private::decode_model! {` with the model's name on the
    // next line; its entry is `crate::runtime::__private::decode_model! { Name`.
    let decoder = first_line
        .strip_prefix(DECODER)
        .map(|name| format!("{name} {{"));
    let matches: Vec<usize> = (0..lines.len())
        .filter(|&i| match &decoder {
            Some(name) => {
                lines[i].trim() == DECODER.trim_end()
                    && lines
                        .get(i + 1)
                        .is_some_and(|next| next.trim_start().starts_with(name.as_str()))
            }
            None => lines[i].trim() == first_line,
        })
        .collect();
    assert_eq!(
        matches.len(),
        1,
        "`{first_line}` occurs {} times",
        matches.len()
    );
    let at = matches[0];
    let mut start = at;
    while start > 0 {
        let above = lines[start - 1].trim_start();
        if above.starts_with("///") || above.starts_with("#[") {
            start -= 1;
        } else {
            break;
        }
    }
    let (mut depth, mut opened, mut end) = (0i32, false, at);
    for (i, line) in lines.iter().enumerate().skip(at) {
        depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
        opened |= line.contains('{');
        end = i;
        let one_line_item = i == at && !opened && line.trim_end().ends_with(',');
        if (opened && depth <= 0) || one_line_item {
            break;
        }
    }
    lines[..start]
        .iter()
        .chain(&lines[end + 1..])
        .map(|l| format!("{l}\n"))
        .collect()
}
