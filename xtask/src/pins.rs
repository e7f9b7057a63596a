//! `spec/pins.toml`: which spec each crate is generated from, where to find it, and its sha256.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Environment variable naming the directory that holds the spec files.
pub const SPECS_DIR_VAR: &str = "CODAT_SPECS_DIR";

#[derive(Debug, Clone, Deserialize)]
pub struct Pin {
    pub name: String,
    pub file: String,
    /// The spec at a fixed upstream commit: what `sha256` pins.
    pub url: String,
    /// The same file on the upstream branch, for the scheduled drift check.
    pub latest_url: String,
    pub sha256: String,
    #[serde(rename = "crate")]
    pub crate_name: String,
    pub crate_version: String,
    pub out: PathBuf,
}

#[derive(Deserialize)]
struct PinFile {
    spec: Vec<Pin>,
}

/// The workspace root, found from this crate's manifest directory.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// The pins file of the repository.
pub fn default_pins(root: &Path) -> PathBuf {
    root.join("spec/pins.toml")
}

pub fn load(path: &Path) -> Result<Vec<Pin>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let file: PinFile =
        toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    Ok(file.spec)
}

/// The directory spec files are read from: `$CODAT_SPECS_DIR`, else `../shared/specs/codat`.
pub fn specs_dir(root: &Path) -> PathBuf {
    match std::env::var_os(SPECS_DIR_VAR) {
        Some(dir) => PathBuf::from(dir),
        None => root.join("../shared/specs/codat"),
    }
}

/// Finds the pinned spec file and refuses it unless its sha256 matches the pin.
pub fn locate_verified(root: &Path, pin: &Pin) -> Result<PathBuf> {
    let path = specs_dir(root).join(&pin.file);
    if !path.exists() {
        bail!(
            "the `{}` spec is not at {} (set {SPECS_DIR_VAR} to the directory holding {}, run `cargo xtask fetch-spec`, or pass --spec FILE)",
            pin.name,
            path.display(),
            pin.file
        );
    }
    let bytes = std::fs::read(&path).with_context(|| {
        format!(
            "reading the `{}` spec at {} (set {SPECS_DIR_VAR} to the directory holding {}, download it from {}, or pass --spec FILE)",
            pin.name,
            path.display(),
            pin.file,
            pin.url
        )
    })?;
    let actual = sha256_hex(&bytes);
    if actual != pin.sha256 {
        bail!(
            "{} has sha256 {actual}, but spec/pins.toml pins `{}` to {}.\n\
             If the spec moved on deliberately, update `sha256` (and `url`) of the `{}` pin in spec/pins.toml, \
             then run `cargo xtask generate`.",
            path.display(),
            pin.name,
            pin.sha256,
            pin.name
        );
    }
    Ok(path)
}

/// The sha256 of `bytes` as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Finds the pin called `name`, or the first one.
pub fn select<'p>(pins: &'p [Pin], name: Option<&str>) -> Result<&'p Pin> {
    match name {
        None => pins.first().context("the pins file lists no spec"),
        Some(name) => pins.iter().find(|p| p.name == name).with_context(|| {
            let known: Vec<&str> = pins.iter().map(|p| p.name.as_str()).collect();
            format!("no pin named `{name}` (known: {})", known.join(", "))
        }),
    }
}
