//! `cargo xtask generate-all --out DIR`: one crate per Codat spec (`codat-<slug>`), in one
//! throwaway workspace so dependencies build once, plus a harness crate (`examples/`) whose test
//! round-trips every spec example through its generated type. `cargo xtask test` generates into
//! `target/all-specs`, checks and tests it. Nothing here is committed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use generator::load::pointer::resolve;

use crate::{errata, output, pins};

/// What generating one spec produced.
pub struct SpecResult {
    pub slug: String,
    pub types: usize,
    pub operations: usize,
    pub warnings: usize,
    pub fallbacks: usize,
    pub examples: usize,
    pub elapsed: Duration,
}

/// Every spec file in `specs_dir`, sorted.
pub fn spec_files(specs_dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(specs_dir)
        .with_context(|| format!("listing {}", specs_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    files.sort();
    Ok(files)
}

/// `Codat-Sync-Payables-v1.yaml` -> `sync-payables-v1`.
pub fn slug(spec: &Path) -> String {
    let stem = spec.file_stem().unwrap_or_default().to_string_lossy();
    stem.strip_prefix("Codat-").unwrap_or(&stem).to_lowercase()
}

/// Generates every spec of `specs` into `out` and prints a table of counts per spec.
pub fn generate_all(specs: &Path, out: &Path, quiet: bool) -> Result<Vec<SpecResult>> {
    let started = Instant::now();
    let results = generate(specs, out, quiet)?;
    println!(
        "{:<22} {:>6} {:>5} {:>8} {:>9} {:>8} {:>8}",
        "spec", "types", "ops", "warnings", "fallbacks", "examples", "ms"
    );
    for r in &results {
        println!(
            "{:<22} {:>6} {:>5} {:>8} {:>9} {:>8} {:>8.1}",
            r.slug,
            r.types,
            r.operations,
            r.warnings,
            r.fallbacks,
            r.examples,
            r.elapsed.as_secs_f64() * 1000.0
        );
    }
    println!(
        "generated {} crates into {} in {:.2?}; `cargo test --manifest-path {}/Cargo.toml --workspace` checks them",
        results.len(),
        out.display(),
        started.elapsed(),
        out.display()
    );
    Ok(results)
}

/// Generates every spec into `out/<slug>`, the workspace manifest, and the examples harness.
pub fn generate(specs: &Path, out: &Path, quiet: bool) -> Result<Vec<SpecResult>> {
    let root = pins::repo_root();
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let mut results = Vec::new();
    let mut harness = String::from(HARNESS_HEAD);
    write_errata(&mut harness, &root)?;
    let mut dependencies = String::new();
    for spec in spec_files(specs)? {
        let slug = slug(&spec);
        let started = Instant::now();
        let options = generator::CrateOptions {
            runtime: crate::generate::runtime_source(&root, &out.join(&slug), false),
            ..generator::CrateOptions::new(format!("codat-{slug}"), "0.0.0")
        };
        let loaded = generator::load::load_file(&spec)
            .with_context(|| format!("loading {}", spec.display()))?;
        let generation = generator::generate(&loaded, &options)
            .with_context(|| format!("generating {}", spec.display()))?;
        // Its own throwaway directories, which hold no lock file: forced (which still never
        // deletes a file without the generated marker).
        output::write_dir(&out.join(&slug), &generation.files, true)?;
        let elapsed = started.elapsed();
        if !quiet {
            for warning in &generation.warnings {
                eprintln!("{slug}: {warning}");
            }
        }
        let module = slug.replace('-', "_");
        write_examples(&mut harness, &module, &generation.api, &loaded);
        writeln!(
            dependencies,
            "codat_{module} = {{ package = \"codat-{slug}\", path = \"../{slug}\" }}"
        )?;
        results.push(SpecResult {
            types: generation.api.types.types.len(),
            operations: generation
                .api
                .groups
                .iter()
                .map(|g| g.operations.len())
                .sum(),
            warnings: generation.warnings.len(),
            fallbacks: generation
                .warnings
                .iter()
                .filter(|w| w.message.starts_with(generator::ir::FALLBACK))
                .count(),
            examples: generation.api.examples.len(),
            slug,
            elapsed,
        });
    }
    harness.push_str("\n/// Every spec's module, by slug.\npub const SPECS: &[Spec] = &[\n");
    for r in &results {
        writeln!(
            harness,
            "    Spec {{ slug: {:?}, check: {module}::check, untyped: {module}::UNTYPED }},",
            r.slug,
            module = r.slug.replace('-', "_")
        )?;
    }
    harness.push_str("];\n");
    let members: Vec<String> = results
        .iter()
        .map(|r| format!("{:?}", r.slug))
        .chain(["\"examples\"".to_owned()])
        .collect();
    let manifest = format!(
        "# @generated by `cargo xtask generate-all`: every Codat spec as a crate, in one throwaway workspace.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    let harness_manifest = format!(
        "[package]\nname = \"all-specs-examples\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\nserde_path_to_error = \"0.1\"\n{dependencies}"
    );
    let files = [
        ("Cargo.toml", manifest),
        ("examples/Cargo.toml", harness_manifest),
        ("examples/src/lib.rs", harness),
        ("examples/src/round_trip.rs", ROUND_TRIP.to_owned()),
        ("examples/tests/examples.rs", HARNESS_TEST.to_owned()),
    ];
    for (path, contents) in files {
        let path = out.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent"))?;
        std::fs::write(&path, contents).with_context(|| format!("writing {}", path.display()))?;
    }
    // The repository's lock file pins the same dependency versions the committed crate uses.
    let lock = root.join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, out.join("Cargo.lock"))?;
    }
    Ok(results)
}

/// `ERRATA` and `LISTED_UNTYPED`, from spec/example-errata.toml.
fn write_errata(out: &mut String, root: &Path) -> Result<()> {
    let pins = pins::load(&pins::default_pins(root))?;
    let specs = pins.into_iter().map(|pin| pin.name).collect();
    let errata = errata::load(&errata::default_path(root), &specs)?;
    out.push_str("\n/// Examples the specs get wrong: (spec, example, failure, reason).\npub const ERRATA: &[(&str, &str, &str, &str)] = &[\n");
    for e in &errata.known_bad {
        writeln!(
            out,
            "    ({:?}, {:?}, {:?}, {:?}),",
            e.spec, e.example, e.failure, e.reason
        )?;
    }
    out.push_str("];\n\n/// Example values listed as having no type: (spec, example, reason).\npub const LISTED_UNTYPED: &[(&str, &str, &str)] = &[\n");
    for e in &errata.untyped {
        writeln!(out, "    ({:?}, {:?}, {:?}),", e.spec, e.example, e.reason)?;
    }
    out.push_str("];\n");
    Ok(())
}

/// One module per spec: each example's JSON and a function decoding it into its type.
fn write_examples(
    out: &mut String,
    module: &str,
    api: &generator::ir::Api,
    loaded: &generator::load::LoadedSpec,
) {
    let raw = &loaded.raw;
    let krate = format!("codat_{module}");
    let _ = writeln!(out, "\npub mod {module} {{\n    #[allow(unused_imports)]\n    use super::check_round_trip;\n    /// (pointer, example JSON) of every example site.\n    pub const EXAMPLES: &[(&str, &str)] = &[");
    let mut arms = String::new();
    for (index, site) in api.examples.iter().enumerate() {
        let Some(value) = resolve(raw, &format!("#{}", site.pointer)) else {
            continue;
        };
        let json = value.to_string();
        let _ = writeln!(out, "        ({:?}, {:?}),", site.pointer, json);
        let mut ty = site.ty.rust_path(&krate);
        if site.nullable {
            ty = format!("Option<{ty}>");
        }
        let _ = writeln!(
            arms,
            "            {index} => check_round_trip::<{ty}>(&value),"
        );
    }
    let typed: std::collections::BTreeSet<&str> = api
        .examples
        .iter()
        .map(|site| site.pointer.as_str())
        .collect();
    let _ = writeln!(
        out,
        "    ];\n    /// Example values in the spec that no generated type holds.\n    pub const UNTYPED: &[&str] = &["
    );
    for pointer in generator::load::example_pointers(raw) {
        if !typed.contains(pointer.as_str()) {
            let _ = writeln!(out, "        {pointer:?},");
        }
    }
    let _ = writeln!(
        out,
        "    ];\n    #[allow(unused_variables)]\n    fn at(index: usize, json: &str) -> Result<(), String> {{\n        let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;\n        match index {{\n{arms}            _ => Ok(()),\n        }}\n    }}\n    /// Round-trips every example.\n    pub fn check() -> Vec<(&'static str, Result<(), String>)> {{\n        EXAMPLES.iter().enumerate().map(|(i, (pointer, json))| (*pointer, at(i, json))).collect()\n    }}\n}}"
    );
}

const HARNESS_HEAD: &str =
    "//! @generated by `cargo xtask generate-all`: every example of every Codat spec, with a\n\
//! function decoding it into the generated type it belongs to and encoding it back.\n\n\
mod round_trip;\n\npub use round_trip::check_round_trip;\n\n\
/// One spec's examples.\n\
pub struct Spec {\n\
    pub slug: &'static str,\n\
    /// Round-trips every example that has a type: (pointer, outcome).\n\
    pub check: fn() -> Vec<(&'static str, Result<(), String>)>,\n\
    /// Example values in the spec that no generated type holds.\n\
    pub untyped: &'static [&'static str],\n\
}\n";

/// The round-trip check, shared with the Platform tests so both judge examples alike.
const ROUND_TRIP: &str = include_str!("../../sdk-tests/src/round_trip.rs");

/// The harness's test, kept as a real Rust file so it reads and formats like one.
const HARNESS_TEST: &str = include_str!("../harness/examples.rs");
