//! `cargo xtask fetch-spec`: download pinned specs into the spec directory, refusing bytes whose
//! sha256 is not the pinned one (or, with `--latest`, reporting whether upstream moved).

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context, Result};

use crate::pins::{sha256_hex, Pin};

/// Downloads `url` and returns its bytes; the message says what to do when offline.
pub fn download(url: &str) -> Result<Vec<u8>> {
    let agent = ureq::AgentBuilder::new()
        .timeout_connect(Duration::from_secs(15))
        .timeout(Duration::from_secs(120))
        .build();
    let response = agent.get(url).call().with_context(|| {
        format!(
            "downloading {url} failed. Without network access, copy the file into the spec \
             directory by hand (or set CODAT_SPECS_DIR to a directory that has it); \
             `cargo xtask generate` verifies its sha256 against spec/pins.toml"
        )
    })?;
    let mut bytes = Vec::new();
    response
        .into_reader()
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading the body of {url}"))?;
    Ok(bytes)
}

/// What fetching one pin found.
#[derive(Debug, PartialEq, Eq)]
pub enum Fetched {
    /// The file in the directory already had the pinned sha256; nothing was downloaded.
    AlreadyPresent,
    /// Downloaded and written; the bytes match the pin.
    Pinned,
    /// (`--latest` only) Downloaded and written; upstream differs from the pin.
    Moved { sha256: String },
}

/// Fetches `pin` into `dir`. The pinned URL must give the pinned sha256 (else nothing is
/// written); with `latest`, takes the upstream branch head and reports a changed sha256.
pub fn fetch(pin: &Pin, dir: &Path, latest: bool) -> Result<Fetched> {
    let path = dir.join(&pin.file);
    if !latest && std::fs::read(&path).is_ok_and(|b| sha256_hex(&b) == pin.sha256) {
        println!(
            "{}: {} already has the pinned sha256",
            pin.name,
            path.display()
        );
        return Ok(Fetched::AlreadyPresent);
    }
    let url = if latest { &pin.latest_url } else { &pin.url };
    let bytes = download(url)?;
    let sha = sha256_hex(&bytes);
    let fetched = if sha == pin.sha256 {
        Fetched::Pinned
    } else if latest {
        eprintln!(
            "upstream moved: `{}` at {url} now has sha256 {sha} (pinned: {}); to adopt it, set `url` \
             to the upstream commit and `sha256` to {sha} in the `{}` pin of spec/pins.toml",
            pin.name, pin.sha256, pin.name
        );
        Fetched::Moved {
            sha256: sha.clone(),
        }
    } else {
        bail!(
            "{url} has sha256 {sha}, not the {} pinned for `{}` in spec/pins.toml; the download \
             is refused and nothing was written",
            pin.sha256,
            pin.name
        );
    };
    write_atomically(&path, &bytes)?;
    println!(
        "{}: fetched {} bytes (sha256 {sha}) into {}",
        pin.name,
        bytes.len(),
        path.display()
    );
    Ok(fetched)
}

/// Writes through a temporary file in the same directory, so a reader never sees half a spec.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut staged = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    std::io::Write::write_all(&mut staged, bytes)
        .with_context(|| format!("writing {}", staged.path().display()))?;
    staged
        .persist(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
