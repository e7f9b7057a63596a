//! `cargo xtask upstream-drift`: has Codat's upstream moved past the pins? Downloads the branch
//! head of every pinned spec; for a moved spec with a committed crate, regenerates in memory and
//! prints the drift report against the committed output and the version bump adopting it needs
//! (see `semver`). Never writes to the repository (only to cargo's target directory).

use std::path::Path;

use anyhow::Result;

use crate::{fetch, generate, pins, semver};

/// Returns whether every pinned spec is still what upstream serves.
pub fn run(root: &Path, pins_file: &Path, name: Option<&str>) -> Result<bool> {
    let all = pins::load(pins_file)?;
    let selected: Vec<&pins::Pin> = match name {
        Some(name) => vec![pins::find(&all, name)?],
        None => all.iter().collect(),
    };
    let mut moved = Vec::new();
    // The largest bump any moved crate needs, if every moved crate could be checked.
    let mut needed = Some(semver::Bump::None);
    for pin in selected {
        let bytes = fetch::download(&pin.latest_url)?;
        let sha = pins::sha256_hex(&bytes);
        if sha == pin.sha256 {
            println!("{}: upstream is still the pinned {}", pin.name, pin.sha256);
            continue;
        }
        eprintln!(
            "{}: upstream moved: {} now has sha256 {sha} (pinned: {})",
            pin.name, pin.latest_url, pin.sha256
        );
        if let Some(target) = &pin.target {
            let text = String::from_utf8(bytes)
                .map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", pin.latest_url))?;
            let out = root.join(&target.out);
            let options = generator::CrateOptions {
                runtime: generate::runtime_source(root, &out, false),
                client: target.client.clone(),
                package: generate::codat_package(),
                ..generator::CrateOptions::new(&target.crate_name, &target.crate_version)
            };
            let generation = generate::render(Path::new(&pin.file), &text, &options)?;
            let advice =
                "That is what adopting the new spec would change; how to adopt it is below.";
            generate::check(
                &out,
                &generation,
                &format!("the upstream head of `{}`", pin.name),
                advice,
            )?;
            match bump_needed(root, pin, &out, &generation) {
                Ok((report, complete)) => {
                    eprint!("{report}");
                    let bump = report.bump();
                    eprintln!(
                        "{}: adopting this spec needs {}{}",
                        pin.name,
                        match bump {
                            semver::Bump::None => "no version bump beyond a patch".to_owned(),
                            bump => format!("a {} version bump", bump.to_string().to_uppercase()),
                        },
                        match report.findings.is_empty() {
                            true => String::new(),
                            false => format!(": {}", report.lints()),
                        }
                    );
                    needed = needed.filter(|_| complete).map(|n| n.max(bump));
                }
                Err(error) => {
                    eprintln!("{}: the semver check did not run: {error:#}", pin.name);
                    needed = None;
                }
            }
        }
        moved.push(pin.name.as_str());
    }
    if moved.is_empty() {
        println!("no pinned spec moved upstream");
        return Ok(true);
    }
    let bump = match needed {
        Some(bump) => bump.part().unwrap_or("patch"),
        None => "major|minor (see the semver check above)",
    };
    eprintln!(
        "upstream moved for: {}. To adopt a spec: point its pin's `url` at the new upstream commit, set `sha256` \
         to the value above, run `cargo xtask fetch-spec NAME`, `cargo xtask generate`, \
         `cargo xtask bump-version {bump} --name NAME`, `cargo xtask generate`, review `git diff`, commit.",
        moved.join(", ")
    );
    Ok(false)
}

/// The semver report of the regenerated crate against the committed one at `out`. The crates
/// are copied to a temporary directory and built in cargo's target directory (never into the
/// repository's files); the IR checks need the pinned spec, and without it the report is
/// incomplete (`false`).
fn bump_needed(
    root: &Path,
    pin: &pins::Pin,
    out: &Path,
    generation: &generator::Generation,
) -> Result<(semver::Report, bool)> {
    let work = tempfile::tempdir()?;
    // Written as is: the check copies both crates and points their runtime at this checkout's.
    let regenerated = work.path().join("regenerated");
    semver::write_files(&regenerated, &generation.files)?;
    let old_api = match pins::locate_verified(root, pin) {
        Ok(spec) => Some(semver::load_api(&spec, &std::fs::read_to_string(&spec)?)?),
        Err(error) => {
            eprintln!(
                "{}: field types and additions not compared (the pinned spec is needed): {error:#}",
                pin.name
            );
            None
        }
    };
    let report = semver::check(
        out,
        &regenerated,
        old_api.as_ref().map(|old| (old, &generation.api)),
        &root.join("runtime"),
        &work.path().join("checked"),
        &semver::default_target_dir(root),
    )?;
    Ok((report, old_api.is_some()))
}
