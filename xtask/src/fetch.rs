//! `cargo xtask fetch-spec`: download a pinned spec into the spec directory, refusing bytes
//! whose sha256 is not the pinned one (or, with `--latest`, report whether upstream moved).

use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::pins::{sha256_hex, Pin};

/// Downloads `url` and returns its bytes; the message says what to do when offline.
pub fn download(url: &str) -> Result<Vec<u8>> {
    let response = ureq::get(url).call().with_context(|| {
        format!("downloading {url} failed; without network, copy the file into the spec directory by hand")
    })?;
    let mut bytes = Vec::new();
    response
        .into_reader()
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading the body of {url}"))?;
    Ok(bytes)
}

/// Fetches `pin` into `dir`. With `latest`, takes the upstream branch head and reports a
/// changed sha256 instead of refusing it.
pub fn fetch(pin: &Pin, dir: &Path, latest: bool) -> Result<()> {
    let url = if latest { &pin.latest_url } else { &pin.url };
    let bytes = download(url)?;
    let sha = sha256_hex(&bytes);
    if sha != pin.sha256 {
        if !latest {
            bail!(
                "{url} has sha256 {sha}, not the pinned {}; the download is refused and nothing was written",
                pin.sha256
            );
        }
        eprintln!(
            "upstream moved: `{}` now has sha256 {sha} (pinned: {}); update the pin in spec/pins.toml to adopt it",
            pin.name, pin.sha256
        );
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(&pin.file);
    std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
    println!(
        "fetched {} ({} bytes, sha256 {sha}) into {}",
        pin.name,
        bytes.len(),
        path.display()
    );
    Ok(())
}
