//! `cargo xtask upstream-drift`: has Codat's upstream moved past the pins? Downloads the branch
//! head of every pinned spec; for a moved spec with a committed crate, regenerates in memory and
//! prints the drift report against the committed output. Never writes to the repository.

use std::path::Path;

use anyhow::Result;

use crate::{fetch, generate, pins};

/// Returns whether every pinned spec is still what upstream serves.
pub fn run(root: &Path, pins_file: &Path, name: Option<&str>) -> Result<bool> {
    let all = pins::load(pins_file)?;
    let selected: Vec<&pins::Pin> = match name {
        Some(name) => vec![pins::find(&all, name)?],
        None => all.iter().collect(),
    };
    let mut moved = Vec::new();
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
        }
        moved.push(pin.name.as_str());
    }
    if moved.is_empty() {
        println!("no pinned spec moved upstream");
        return Ok(true);
    }
    eprintln!(
        "upstream moved for: {}. To adopt a spec: point its pin's `url` at the new upstream commit, set `sha256` \
         to the value above, run `cargo xtask fetch-spec NAME`, `cargo xtask generate`, \
         `cargo xtask bump-version minor --name NAME`, `cargo xtask generate`, review `git diff`, commit.",
        moved.join(", ")
    );
    Ok(false)
}
