//! `cargo xtask generate [--check]`: one code path renders a crate (the generator's files plus
//! the lock file) and either swaps it into place or compares it with what is on disk.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use generator::Generation;

use crate::{lock, output, pins};

/// The command-line arguments of `generate`.
pub struct Args {
    pub spec: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub crate_name: Option<String>,
    pub crate_version: Option<String>,
    pub name: Option<String>,
    pub check: bool,
    /// Copy the runtime into the crate instead of depending on the runtime crate.
    pub vendor_runtime: bool,
    /// Write into a directory that is not a generated crate, or holds files the generator did
    /// not write (they are kept; see `output::write`).
    pub force: bool,
}

/// One crate to generate: from which spec, where to, and as which package.
struct Job {
    spec: PathBuf,
    out: PathBuf,
    options: generator::CrateOptions,
}

/// Runs `generate`; `Ok(false)` when `--check` found a difference.
pub fn run(root: &Path, pins_file: &Path, args: Args) -> Result<bool> {
    let jobs = jobs(root, pins_file, &args)?;
    let fix = fix_command(&args);
    let mut clean = true;
    for job in jobs {
        let text = std::fs::read_to_string(&job.spec)
            .with_context(|| format!("reading {}", job.spec.display()))?;
        let generation = render(&job.spec, &text, &job.options)?;
        for warning in &generation.warnings {
            eprintln!("{}: {warning}", job.spec.display());
        }
        if generation.fallbacks > 0 {
            let (spec, n) = (job.spec.display(), generation.fallbacks);
            eprintln!("{spec}: {n} fields fell back to serde_json::Value");
        }
        if args.check {
            let advice = format!("Run `{fix}` and commit the result.");
            clean &= check(
                &job.out,
                &generation,
                &job.spec.display().to_string(),
                &advice,
            )?;
        } else {
            write(
                &job.out,
                &generation,
                &job.spec.display().to_string(),
                args.force,
            )?;
        }
    }
    Ok(clean)
}

/// The crates one `generate` invocation covers. Without `--spec`: every pin with a committed
/// crate (or the one `--name` picks), each read from the spec directory and verified against its
/// pin. With `--spec`: that file, unverified, with defaults from the `--name` pin, else the pin of
/// the same file name, else the pin of the `--crate-name` crate; a file no crate pin names needs
/// `--out` and takes its name from the file and its branding from the spec.
fn jobs(root: &Path, pins_file: &Path, args: &Args) -> Result<Vec<Job>> {
    let pins = pins::load(pins_file)?;
    let options = |target: &pins::CrateTarget, out: &Path| generator::CrateOptions {
        name: args
            .crate_name
            .clone()
            .unwrap_or_else(|| target.crate_name.clone()),
        version: args
            .crate_version
            .clone()
            .unwrap_or_else(|| target.crate_version.clone()),
        runtime: runtime_source(root, out, args.vendor_runtime),
        client: args
            .crate_name
            .is_none()
            .then(|| target.client.clone())
            .flatten(),
        package: codat_package(),
    };
    match &args.spec {
        None => {
            let selected = pins::crate_pins(&pins, args.name.as_deref())?;
            if selected.len() > 1
                && (args.out.is_some() || args.crate_name.is_some() || args.crate_version.is_some())
            {
                anyhow::bail!(
                    "--out, --crate-name and --crate-version apply to one crate; pick it with --name (pins: {})",
                    selected.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ")
                );
            }
            selected
                .into_iter()
                .map(|pin| {
                    let target = pin.target.as_ref().expect("crate_pins selects crates");
                    let out = args.out.clone().unwrap_or_else(|| root.join(&target.out));
                    Ok(Job {
                        spec: pins::locate_verified(root, pin)?,
                        options: options(target, &out),
                        out,
                    })
                })
                .collect()
        }
        Some(spec) => {
            let file = spec.file_name().map(Path::new);
            let same_file = |p: &&pins::Pin| file == Some(Path::new(&p.file));
            let pin = match &args.name {
                Some(name) => Some(pins::crate_pins(&pins, Some(name))?[0]),
                // The same file name, else the crate `--crate-name` names (an older copy of a
                // pinned spec, as the spec-update flow generates).
                None => pins
                    .iter()
                    .filter(|p| p.target.is_some())
                    .find(same_file)
                    .or_else(|| {
                        pins.iter().find(|p| {
                            p.target.as_ref().map(|t| Some(&t.crate_name))
                                == Some(args.crate_name.as_ref())
                        })
                    }),
            };
            if let Some(pin) = pin {
                let target = pin.target.as_ref().expect("crate_pins selects crates");
                let out = args.out.clone().unwrap_or_else(|| root.join(&target.out));
                return Ok(vec![Job {
                    spec: spec.clone(),
                    options: options(target, &out),
                    out,
                }]);
            }
            // A spec no committed crate comes from: nothing to default to, so never a
            // committed crate's directory, name or (unless it is a Codat spec) branding.
            let out = args.out.clone().ok_or_else(|| {
                anyhow::anyhow!(
                    "{}: no pin generates a crate from this file; say where with --out DIR",
                    spec.display()
                )
            })?;
            let codat_spec = pins.iter().any(|p| same_file(&p));
            Ok(vec![Job {
                spec: spec.clone(),
                options: generator::CrateOptions {
                    name: args
                        .crate_name
                        .clone()
                        .unwrap_or_else(|| crate_name_for(spec)),
                    version: args
                        .crate_version
                        .clone()
                        .unwrap_or_else(|| "0.1.0".to_owned()),
                    runtime: runtime_source(root, &out, args.vendor_runtime),
                    client: None,
                    package: if codat_spec {
                        codat_package()
                    } else {
                        generator::PackageMetadata::default()
                    },
                },
                out,
            }])
        }
    }
}

/// A package name from a spec's file name (`My API.v2.yaml` -> `my-api-v2`).
fn crate_name_for(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let words: Vec<String> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    match words.first() {
        Some(first) if first.starts_with(|c: char| c.is_ascii_alphabetic()) => words.join("-"),
        _ => format!("api-{}", words.join("-"))
            .trim_end_matches('-')
            .to_owned(),
    }
}

/// The package metadata of the crates the pins feed: Codat's SDKs, published from this
/// repository. (The generator itself names no publisher the spec does not.)
pub fn codat_package() -> generator::PackageMetadata {
    generator::PackageMetadata {
        vendor: Some("Codat".to_owned()),
        keywords: Some(
            ["codat", "api", "sdk", "openapi", "client"]
                .map(str::to_owned)
                .to_vec(),
        ),
        repository: Some("https://github.com/codat-rust/codat-rust-sdk".to_owned()),
        homepage: None,
        documentation: None,
        license: Some("MIT".to_owned()),
    }
}

/// The runtime of a crate written to `out`: the runtime crate of this checkout by a relative
/// path (so the crate builds before the runtime is published, and `cargo publish` drops the
/// path), or a vendored copy.
pub fn runtime_source(root: &Path, out: &Path, vendor: bool) -> generator::RuntimeSource {
    if vendor {
        return generator::RuntimeSource::Vendored;
    }
    // `out` is relative to the working directory, as `--out` is.
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_owned());
    generator::RuntimeSource::Crate {
        path: Some(relative_path(&out, &root.join("runtime"))),
    }
}

/// `to` as seen from the directory `from`, with `/` separators; both absolute.
fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let ups = std::iter::repeat("..".to_owned()).take(from.len() - common);
    let downs = to[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

/// Generates from `text` (read from `spec`) and adds the lock file; files sorted by path.
pub fn render(spec: &Path, text: &str, options: &generator::CrateOptions) -> Result<Generation> {
    let loaded = generator::load::load_file_text(spec, text)?;
    let mut generation = generator::generate(&loaded, options)?;
    let spec_file = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    generation.files.push(lock::lock_file(&lock::Provenance {
        spec_file: &spec_file,
        spec_sha256: &pins::sha256_hex(text.as_bytes()),
        api: &generation.api,
        crate_name: &options.name,
        crate_version: &options.version,
    }));
    generation.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(generation)
}

/// Compares `out` with `generation` without writing; prints the report and `advice` (what to
/// run) when they differ. Returns whether they are identical.
pub fn check(out: &Path, generation: &Generation, source: &str, advice: &str) -> Result<bool> {
    let report = output::compare(out, &generation.files)?;
    if report.is_clean() {
        println!("{} is up to date with {source}", out.display());
        return Ok(true);
    }
    eprint!("{report}");
    eprintln!(
        "{} is stale: it does not match what the generator, runtime and templates make from {source} \
         ({} added, {} removed, {} changed). {advice}",
        out.display(),
        report.added.len(),
        report.removed.len(),
        report.changed.len(),
    );
    Ok(false)
}

fn write(out: &Path, generation: &Generation, source: &str, force: bool) -> Result<()> {
    if output::write_dir(out, &generation.files, force)? == output::Written::Unchanged {
        println!(
            "{} is up to date with {source}; nothing written",
            out.display()
        );
        return Ok(());
    }
    println!(
        "wrote {} files to {} ({} groups, {} operations, {} types, {} warnings)",
        generation.files.len(),
        out.display(),
        generation.api.groups.len(),
        generation
            .api
            .groups
            .iter()
            .map(|g| g.operations.len())
            .sum::<usize>(),
        generation.api.types.types.len(),
        generation.warnings.len(),
    );
    Ok(())
}

/// The command that rewrites what `--check` compared, with the same arguments.
fn fix_command(args: &Args) -> String {
    let mut command = String::from("cargo xtask generate");
    if let Some(name) = &args.name {
        command.push_str(&format!(" --name {name}"));
    }
    if let Some(spec) = &args.spec {
        command.push_str(&format!(" --spec {}", spec.display()));
    }
    if let Some(out) = &args.out {
        command.push_str(&format!(" --out {}", out.display()));
    }
    if let Some(crate_name) = &args.crate_name {
        command.push_str(&format!(" --crate-name {crate_name}"));
    }
    if let Some(version) = &args.crate_version {
        command.push_str(&format!(" --crate-version {version}"));
    }
    if args.vendor_runtime {
        command.push_str(" --vendor-runtime");
    }
    command
}

#[cfg(test)]
mod tests {
    use super::relative_path;
    use std::path::Path;

    #[test]
    fn relative_paths_climb_to_the_common_ancestor() {
        let root = Path::new("/repo/runtime");
        assert_eq!(
            relative_path(Path::new("/repo/generated/codat-platform"), root),
            "../../runtime"
        );
        assert_eq!(
            relative_path(Path::new("/tmp/out"), root),
            "../../repo/runtime"
        );
        assert_eq!(relative_path(Path::new("/repo"), root), "runtime");
    }
}
