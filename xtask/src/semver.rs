//! Which version bump a regenerated crate needs over the committed one: cargo-semver-checks'
//! lints on the two crates' public APIs, plus two checks on the generator's IR of both specs:
//! the one breaking change cargo-semver-checks has no lint for, a public struct field whose type
//! changed (major), and added API, which none of its lints report (minor).

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use generator::ir::{Api, Field, TypeDef, TypeKind};

/// The cargo-semver-checks release the project pins (`.ci/run` installs it).
pub const VERSION: &str = "0.51.0";

/// Overrides where the binary is found (default: `cargo-semver-checks` on `PATH`).
pub const BINARY_VAR: &str = "CARGO_SEMVER_CHECKS";

/// Our lint for a changed field type.
pub const FIELD_TYPE_LINT: &str = "struct_field_type_changed";

/// Our lint for API that only grew (cargo-semver-checks' lints are about breakage, so an added
/// method, type or field fails none of them, yet needs a minor release).
pub const ADDED_LINT: &str = "api_added";

/// A version bump, smallest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    None,
    Minor,
    Major,
}

impl Bump {
    /// The argument of `cargo xtask bump-version` for this bump (`None`: nothing to pass).
    pub fn part(self) -> Option<&'static str> {
        match self {
            Bump::None => None,
            Bump::Minor => Some("minor"),
            Bump::Major => Some("major"),
        }
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// One failed lint: its name, the bump it requires, and where it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub lint: String,
    pub bump: Bump,
    pub places: Vec<String>,
}

/// Every failed lint, from cargo-semver-checks and from [`field_type_changes`].
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    /// The bump the findings require: the largest one.
    pub fn bump(&self) -> Bump {
        self.findings
            .iter()
            .map(|f| f.bump)
            .max()
            .unwrap_or(Bump::None)
    }

    /// `lint (bump), lint (bump)`: the lints in one line.
    pub fn lints(&self) -> String {
        let lints: Vec<String> = self
            .findings
            .iter()
            .map(|f| format!("{} ({})", f.lint, f.bump))
            .collect();
        lints.join(", ")
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "semver: bump required: {}", self.bump())?;
        for finding in &self.findings {
            writeln!(f, "  {} {}:", finding.bump, finding.lint)?;
            for place in &finding.places {
                writeln!(f, "    {place}")?;
            }
        }
        Ok(())
    }
}

/// Checks the regenerated crate `current` against the committed crate `baseline`:
/// cargo-semver-checks with every feature on, and the field types of the two specs' IR.
/// Both crates are copied into `work` (their `codat-runtime` path pointed at `runtime`), and
/// cargo builds under `target_dir`.
pub fn check(
    baseline: &Path,
    current: &Path,
    apis: Option<(&Api, &Api)>,
    runtime: &Path,
    work: &Path,
    target_dir: &Path,
) -> Result<Report> {
    let mut findings = match apis {
        Some((old, new)) => [field_type_changes(old, new), additions(old, new)].concat(),
        None => Vec::new(),
    };
    let (old_copy, new_copy) = (work.join("baseline"), work.join("current"));
    copy_crate(baseline, &old_copy, runtime)?;
    copy_crate(current, &new_copy, runtime)?;
    findings.extend(semver_checks(&old_copy, &new_copy, target_dir)?);
    Ok(Report { findings })
}

/// Where the checks build: `semver-checks` in cargo's target directory (`$CARGO_TARGET_DIR`,
/// else the workspace's `target/`), so the dependencies build once for every check.
pub fn default_target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("semver-checks")
}

/// The cargo-semver-checks binary: `$CARGO_SEMVER_CHECKS`, else the first on `PATH`.
pub fn binary() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os(BINARY_VAR) {
        let path = PathBuf::from(path);
        if path.is_file() {
            return Ok(path);
        }
        bail!(
            "{BINARY_VAR} is {}, which is not a file; {}",
            path.display(),
            install_hint()
        );
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join("cargo-semver-checks"))
        .find(|path| path.is_file())
        .with_context(|| format!("cargo-semver-checks is not on PATH; {}", install_hint()))
}

/// How to get the binary.
pub fn install_hint() -> String {
    format!(
        "install it with `cargo install --locked cargo-semver-checks@{VERSION}` \
         (or set {BINARY_VAR} to its path)"
    )
}

/// Runs cargo-semver-checks on two crate directories (each its own workspace) as a patch
/// release, so that every major and minor lint is reported.
fn semver_checks(baseline: &Path, current: &Path, target_dir: &Path) -> Result<Vec<Finding>> {
    let binary = binary()?;
    let run = |args: &[&std::ffi::OsStr]| -> Result<std::process::Output> {
        Command::new(&binary)
            .args(["semver-checks", "check-release"])
            .args(args)
            .env("CARGO_TARGET_DIR", target_dir)
            .output()
            .with_context(|| format!("running {}", binary.display()))
    };
    let list = run(&["--list".as_ref()])?;
    let levels = lint_levels(&String::from_utf8_lossy(&list.stdout));
    let manifest = current.join("Cargo.toml");
    let output = run(&[
        "--manifest-path".as_ref(),
        manifest.as_os_str(),
        "--baseline-root".as_ref(),
        baseline.as_os_str(),
        "--all-features".as_ref(),
        "--release-type".as_ref(),
        "patch".as_ref(),
        "--color".as_ref(),
        "never".as_ref(),
    ])?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let findings = failures(&text, &levels);
    if !output.status.success() && findings.is_empty() {
        bail!(
            "cargo-semver-checks failed without naming a lint ({}):\n{text}",
            output.status
        );
    }
    Ok(findings)
}

/// The level of every lint, from the table `--list` prints (`id  type  description`).
fn lint_levels(list: &str) -> Vec<(String, Bump)> {
    list.lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let (id, level) = (words.next()?, words.next()?);
            let bump = match level {
                "major" => Bump::Major,
                "minor" => Bump::Minor,
                _ => return None,
            };
            Some((id.to_owned(), bump))
        })
        .collect()
}

/// The failed lints of a cargo-semver-checks report: each `--- failure NAME: ... ---` block
/// with the lines under its `Failed in:`.
fn failures(report: &str, levels: &[(String, Bump)]) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    let mut in_places = false;
    for line in report.lines() {
        if let Some(rest) = line.strip_prefix("--- failure ") {
            let lint = rest.split(':').next().unwrap_or(rest).trim().to_owned();
            let bump = levels
                .iter()
                .find(|(id, _)| *id == lint)
                .map_or(Bump::Major, |(_, bump)| *bump);
            findings.push(Finding {
                lint,
                bump,
                places: Vec::new(),
            });
            in_places = false;
        } else if line.trim() == "Failed in:" {
            in_places = true;
        } else if in_places && line.starts_with("  ") && !line.starts_with("   ") {
            if let Some(finding) = findings.last_mut() {
                finding.places.push(line.trim().to_owned());
            }
        } else {
            in_places = false;
        }
    }
    findings
}

/// The one major change cargo-semver-checks does not see: a field of a struct present in both
/// APIs whose Rust type differs (`String` becoming `Option<String>`). One finding listing
/// every such field, or none.
pub fn field_type_changes(old: &Api, new: &Api) -> Vec<Finding> {
    let mut places = Vec::new();
    for (id, old_def) in &old.types.types {
        let (Some(new_def), TypeKind::Struct(old_struct)) = (new.types.get(id), &old_def.kind)
        else {
            continue;
        };
        let TypeKind::Struct(new_struct) = &new_def.kind else {
            continue;
        };
        for old_field in &old_struct.fields {
            let Some(new_field) = new_struct
                .fields
                .iter()
                .find(|f| f.rust_name == old_field.rust_name)
            else {
                continue;
            };
            let (before, after) = (
                rust_type(old, old_def, old_field),
                rust_type(new, new_def, new_field),
            );
            if before != after {
                places.push(format!(
                    "field {}::{}.{}: {before} -> {after}",
                    id.module.as_str(),
                    id.name,
                    old_field.rust_name
                ));
            }
        }
    }
    if places.is_empty() {
        return Vec::new();
    }
    vec![Finding {
        lint: FIELD_TYPE_LINT.to_owned(),
        bump: Bump::Major,
        places,
    }]
}

/// What the new API adds: groups, methods, types, struct fields, enum variants and webhook
/// events it has and the old one lacks. One finding listing them, or none.
pub fn additions(old: &Api, new: &Api) -> Vec<Finding> {
    let mut places = Vec::new();
    for group in &new.groups {
        let Some(old_group) = old.groups.iter().find(|g| g.module == group.module) else {
            places.push(format!("group {}()", group.module));
            continue;
        };
        for op in &group.operations {
            if !old_group.operations.iter().any(|o| o.method == op.method) {
                places.push(format!("method {}().{}", group.module, op.method));
            }
        }
    }
    for (id, def) in &new.types.types {
        let name = format!("{}::{}", id.module.as_str(), id.name);
        let Some(old_def) = old.types.get(id) else {
            places.push(format!("type {name}"));
            continue;
        };
        match (&old_def.kind, &def.kind) {
            (TypeKind::Struct(before), TypeKind::Struct(after)) => {
                for field in &after.fields {
                    if !before.fields.iter().any(|f| f.rust_name == field.rust_name) {
                        places.push(format!("field {name}.{}", field.rust_name));
                    }
                }
            }
            (TypeKind::Enum(before), TypeKind::Enum(after)) => {
                for variant in &after.variants {
                    if !before
                        .variants
                        .iter()
                        .any(|v| v.rust_name == variant.rust_name)
                    {
                        places.push(format!("variant {name}::{}", variant.rust_name));
                    }
                }
            }
            _ => {}
        }
    }
    for webhook in &new.webhooks {
        if !old.webhooks.iter().any(|w| w.name == webhook.name) {
            places.push(format!("webhook event {}", webhook.name));
        }
    }
    if places.is_empty() {
        return Vec::new();
    }
    vec![Finding {
        lint: ADDED_LINT.to_owned(),
        bump: Bump::Minor,
        places,
    }]
}

/// A field's Rust type as the generated struct declares it (named types as `module::Name`).
fn rust_type(api: &Api, def: &TypeDef, field: &Field) -> String {
    let tokens = generator::emit::models::declared_field_type(
        api,
        def,
        field,
        generator::emit::models::Scope::Groups,
    );
    tokens.to_string().replace(' ', "").replace(',', ", ")
}

/// Copies a generated crate (without `target/` and `Cargo.lock`) to `to`, as a workspace of
/// its own whose `codat-runtime` dependency points at `runtime` by an absolute path.
fn copy_crate(from: &Path, to: &Path, runtime: &Path) -> Result<()> {
    fn walk(from: &Path, to: &Path) -> Result<()> {
        std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
        for entry in
            std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))?
        {
            let entry = entry?;
            let name = entry.file_name();
            if name == "target" || name == "Cargo.lock" {
                continue;
            }
            let (source, dest) = (entry.path(), to.join(&name));
            if entry.file_type()?.is_dir() {
                walk(&source, &dest)?;
            } else {
                std::fs::copy(&source, &dest)
                    .with_context(|| format!("copying {}", source.display()))?;
            }
        }
        Ok(())
    }
    walk(from, to)?;
    let manifest_path = to.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest_path)
        .with_context(|| format!("reading {}", manifest_path.display()))?;
    let mut manifest: toml::Table =
        toml::from_str(&text).with_context(|| format!("parsing {}", manifest_path.display()))?;
    let runtime = std::path::absolute(runtime)?;
    if let Some(toml::Value::Table(dep)) = manifest
        .get_mut("dependencies")
        .and_then(|deps| deps.get_mut("codat-runtime"))
    {
        if dep.contains_key("path") {
            dep.insert(
                "path".into(),
                toml::Value::String(runtime.to_string_lossy().into_owned()),
            );
        }
    }
    manifest
        .entry("workspace")
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    std::fs::write(&manifest_path, toml::to_string(&manifest)?)
        .with_context(|| format!("writing {}", manifest_path.display()))?;
    Ok(())
}

/// `cargo xtask semver-check OLD NEW`: generates a crate from each spec (as `crate_name`, the
/// runtime of this checkout) into a temporary directory and checks NEW against OLD.
pub fn run_specs(
    root: &Path,
    old_spec: &Path,
    new_spec: &Path,
    crate_name: &str,
    target_dir: &Path,
) -> Result<Report> {
    let work = tempfile::tempdir()?;
    let mut apis = Vec::new();
    for (spec, dir) in [(old_spec, "old"), (new_spec, "new")] {
        let text =
            std::fs::read_to_string(spec).with_context(|| format!("reading {}", spec.display()))?;
        let out = work.path().join(dir);
        let options = generator::CrateOptions {
            runtime: crate::generate::runtime_source(root, &out, false),
            ..generator::CrateOptions::new(crate_name, "0.1.0")
        };
        let generation = crate::generate::render(spec, &text, &options)?;
        write_files(&out, &generation.files)?;
        apis.push(generation.api);
    }
    check(
        &work.path().join("old"),
        &work.path().join("new"),
        Some((&apis[0], &apis[1])),
        &root.join("runtime"),
        &work.path().join("checked"),
        target_dir,
    )
}

/// Writes generated files under `dir` (a fresh directory).
pub fn write_files(dir: &Path, files: &[generator::emit::OutputFile]) -> Result<()> {
    for file in files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &file.contents)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// Loads a spec into the generator's IR.
pub fn load_api(spec: &Path, text: &str) -> Result<Api> {
    let loaded = generator::load::load_file_text(spec, text)?;
    Ok(generator::ir::lower(&loaded)?.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(schema: &str) -> Api {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\n\
             components:\n  schemas:\n    Connection:\n{schema}"
        );
        load_api(Path::new("t.yaml"), &spec).unwrap()
    }

    #[test]
    fn a_field_that_stops_being_required_changes_type() {
        let old = api("      type: object\n      required: [key, id]\n      properties:\n        key: {type: string}\n        id: {type: string}\n        n: {type: integer}\n");
        let new = api("      type: object\n      required: [id]\n      properties:\n        key: {type: string}\n        id: {type: string}\n        n: {type: integer}\n        added: {type: string}\n");
        let findings = field_type_changes(&old, &new);
        assert_eq!(
            findings,
            vec![Finding {
                lint: FIELD_TYPE_LINT.into(),
                bump: Bump::Major,
                places: vec!["field shared::Connection.key: String -> Option<String>".into()],
            }]
        );
        assert!(field_type_changes(&old, &old).is_empty());
        // An added field is not a type change, but an addition.
        assert_eq!(
            additions(&old, &new),
            vec![Finding {
                lint: ADDED_LINT.into(),
                bump: Bump::Minor,
                places: vec!["field shared::Connection.added".into()],
            }]
        );
        assert!(additions(&new, &new).is_empty());
    }

    #[test]
    fn format_and_item_type_changes_are_seen() {
        let old = api("      type: object\n      properties:\n        n: {type: integer, format: int32}\n        xs: {type: array, items: {type: string}}\n");
        let new = api("      type: object\n      properties:\n        n: {type: integer}\n        xs: {type: array, items: {type: integer}}\n");
        let places = &field_type_changes(&old, &new)[0].places;
        assert_eq!(
            places,
            &[
                "field shared::Connection.n: Option<i32> -> Option<i64>",
                "field shared::Connection.xs: Option<Vec<String>> -> Option<Vec<i64>>",
            ]
        );
    }

    #[test]
    fn cargo_semver_checks_reports_are_read() {
        let list = "id   type  description\n==   ====  ===========\n\
                    constructible_struct_adds_field   major A struct...\n\
                    inherent_method_added   minor A method...\n";
        let report = "    Checking x v0.1.0 -> v0.1.0 (assume patch change)\n\
             --- failure constructible_struct_adds_field: externally-constructible struct adds field ---\n\
             \nDescription:\nA pub struct ...\n        ref: https://x\n\nFailed in:\n  field Model.extra in /tmp/a/src/models/shared.rs:20\n\n\
             --- failure inherent_method_added: pub method added ---\n\nFailed in:\n  Models::get in /tmp/a/src/groups/models.rs:9\n\
                  Summary semver requires new major version: 1 major and 1 minor checks failed\n";
        let findings = failures(report, &lint_levels(list));
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].lint, "constructible_struct_adds_field");
        assert_eq!(findings[0].bump, Bump::Major);
        assert_eq!(
            findings[0].places,
            ["field Model.extra in /tmp/a/src/models/shared.rs:20"]
        );
        assert_eq!(findings[1].bump, Bump::Minor);
        let report = Report { findings };
        assert_eq!(report.bump(), Bump::Major);
    }
}
