//! `spec/pins.toml`: every spec this project generates from, where to download it, its sha256,
//! and, for a spec whose crate is committed, that crate's name, version and directory.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Environment variable naming the directory that holds the spec files.
pub const SPECS_DIR_VAR: &str = "CODAT_SPECS_DIR";

/// One pinned spec.
#[derive(Debug, Clone)]
pub struct Pin {
    pub name: String,
    pub file: String,
    /// The spec at a fixed upstream commit: what `sha256` pins.
    pub url: String,
    /// The same file on the upstream branch, for the scheduled drift check.
    pub latest_url: String,
    pub sha256: String,
    /// The committed crate generated from this spec; `None` for specs that are only generated
    /// by `generate-all` (into `target/`, never committed).
    pub target: Option<CrateTarget>,
}

/// A committed crate: its package name and version, and the directory it is written to.
#[derive(Debug, Clone)]
pub struct CrateTarget {
    pub crate_name: String,
    pub crate_version: String,
    /// Relative to the repository root (or absolute).
    pub out: PathBuf,
    /// The client type, where it is not the package name in upper camel case (Codat's
    /// `CodatBankFeeds` for `codat-bankfeeds`).
    pub client: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPin {
    name: String,
    file: String,
    url: String,
    latest_url: String,
    sha256: String,
    #[serde(rename = "crate")]
    crate_name: Option<String>,
    crate_version: Option<String>,
    out: Option<PathBuf>,
    client: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PinFile {
    spec: Vec<RawPin>,
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

/// Reads and validates a pins file: unique names, 64-hex sha256s, and `crate`,
/// `crate_version` and `out` given together or not at all.
pub fn load(path: &Path) -> Result<Vec<Pin>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse(&text).with_context(|| format!("in {}", path.display()))
}

fn parse(text: &str) -> Result<Vec<Pin>> {
    let file: PinFile = toml::from_str(text).context("parsing the pins")?;
    let mut names = BTreeSet::new();
    let mut pins = Vec::new();
    for raw in file.spec {
        if !names.insert(raw.name.clone()) {
            bail!("two pins are named `{}`", raw.name);
        }
        if raw.sha256.len() != 64 || !raw.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            bail!(
                "pin `{}`: sha256 `{}` is not 64 hex digits",
                raw.name,
                raw.sha256
            );
        }
        let target = match (raw.crate_name, raw.crate_version, raw.out) {
            (Some(crate_name), Some(crate_version), Some(out)) => Some(CrateTarget {
                crate_name,
                crate_version,
                out,
                client: raw.client,
            }),
            (None, None, None) => None,
            _ => bail!(
                "pin `{}`: give `crate`, `crate_version` and `out` together (a committed crate) or none of them",
                raw.name
            ),
        };
        pins.push(Pin {
            name: raw.name,
            file: raw.file,
            url: raw.url,
            latest_url: raw.latest_url,
            sha256: raw.sha256.to_ascii_lowercase(),
            target,
        });
    }
    Ok(pins)
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
            "the `{}` spec is not at {} (run `cargo xtask fetch-spec {}`, set {SPECS_DIR_VAR} to the directory holding {}, or pass --spec FILE)",
            pin.name,
            path.display(),
            pin.name,
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
        bail!("{}", mismatch_message(&path, pin, &actual));
    }
    Ok(path)
}

/// What to say about a spec file whose sha256 is not its pin's.
pub fn mismatch_message(path: &Path, pin: &Pin, actual: &str) -> String {
    format!(
        "{} has sha256 {actual}, but spec/pins.toml pins `{}` to {}.\n\
         If the file is damaged or was edited, restore it with `cargo xtask fetch-spec {}`.\n\
         If the spec moved on deliberately, update `sha256` (to {actual}) and `url` (to the upstream commit it came from) \
         of the `{}` pin in spec/pins.toml, then run `cargo xtask generate` and commit.",
        path.display(),
        pin.name,
        pin.sha256,
        pin.name,
        pin.name
    )
}

/// The sha256 of `bytes` as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Finds the pin called `name`.
pub fn find<'p>(pins: &'p [Pin], name: &str) -> Result<&'p Pin> {
    pins.iter().find(|p| p.name == name).with_context(|| {
        let known: Vec<&str> = pins.iter().map(|p| p.name.as_str()).collect();
        format!("no pin named `{name}` (known: {})", known.join(", "))
    })
}

/// The pins with a committed crate: the one called `name`, or all of them.
pub fn crate_pins<'p>(pins: &'p [Pin], name: Option<&str>) -> Result<Vec<&'p Pin>> {
    match name {
        Some(name) => {
            let pin = find(pins, name)?;
            if pin.target.is_none() {
                bail!(
                    "pin `{name}` has no committed crate (no `crate`, `crate_version` and `out`)"
                );
            }
            Ok(vec![pin])
        }
        None => {
            let selected: Vec<&Pin> = pins.iter().filter(|p| p.target.is_some()).collect();
            if selected.is_empty() {
                bail!("the pins file lists no spec with a committed crate (`crate`, `crate_version`, `out`)");
            }
            Ok(selected)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "772df1b563f5c7e50af119d4b303d968ae368b9585373173cb800c5fd69e5e50";

    fn pin(name: &str, extra: &str) -> String {
        format!(
            "[[spec]]\nname = \"{name}\"\nfile = \"F.yaml\"\nurl = \"u\"\nlatest_url = \"l\"\nsha256 = \"{SHA}\"\n{extra}\n"
        )
    }

    #[test]
    fn the_repository_pins_parse_and_have_a_committed_crate() {
        let pins = load(&default_pins(&repo_root())).unwrap();
        let crates = crate_pins(&pins, None).unwrap();
        assert_eq!(crates[0].name, "platform");
        assert_eq!(
            crates[0].target.as_ref().unwrap().out,
            Path::new("generated/codat-platform")
        );
        for p in &pins {
            assert!(
                p.url.contains(&p.file) && p.latest_url.contains(&p.file),
                "{}",
                p.name
            );
        }
    }

    #[test]
    fn crate_fields_come_together_or_not_at_all() {
        let text = pin("a", "crate = \"codat-a\"");
        let error = format!("{:#}", parse(&text).unwrap_err());
        assert!(
            error.contains("give `crate`, `crate_version` and `out` together"),
            "{error}"
        );
        let pins = parse(&pin("a", "")).unwrap();
        assert!(pins[0].target.is_none());
        let error = format!("{:#}", crate_pins(&pins, Some("a")).unwrap_err());
        assert!(error.contains("has no committed crate"), "{error}");
    }

    #[test]
    fn names_are_unique_and_hashes_well_formed() {
        let twice = pin("a", "") + &pin("a", "");
        assert!(format!("{:#}", parse(&twice).unwrap_err()).contains("two pins are named `a`"));
        let bad = pin("b", "").replace(SHA, "abc");
        assert!(format!("{:#}", parse(&bad).unwrap_err()).contains("not 64 hex digits"));
        let unknown = pin("c", "crate_verison = \"1\"");
        assert!(parse(&unknown).is_err(), "a misspelt key is refused");
    }
}
