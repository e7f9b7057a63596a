//! `cargo xtask bump-version`: the maintainer's way to raise the generated crate's version,
//! kept in its pin (spec/pins.toml) and recorded in the lock file by the next generate.

use std::path::Path;

use anyhow::{bail, Context, Result};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Part {
    Major,
    Minor,
    Patch,
}

/// `1.4.2` bumped by `part`.
pub fn bump(version: &str, part: Part) -> Result<String> {
    let numbers: Vec<u64> = version
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .with_context(|| format!("`{version}` is not a MAJOR.MINOR.PATCH version"))?;
    let [major, minor, patch] = numbers[..] else {
        bail!("`{version}` is not a MAJOR.MINOR.PATCH version");
    };
    Ok(match part {
        Part::Major => format!("{}.0.0", major + 1),
        Part::Minor => format!("{major}.{}.0", minor + 1),
        Part::Patch => format!("{major}.{minor}.{}", patch + 1),
    })
}

/// Rewrites `crate_version` of the pin called `name` in the pins file, keeping everything else.
pub fn bump_in_file(pins_file: &Path, name: &str, part: Part) -> Result<(String, String)> {
    let text = std::fs::read_to_string(pins_file)
        .with_context(|| format!("reading {}", pins_file.display()))?;
    let mut in_pin = false;
    let mut change = None;
    let mut lines = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed == "[[spec]]" {
            in_pin = false;
        }
        if trimmed.starts_with("name") && trimmed.split('"').nth(1) == Some(name) {
            in_pin = true;
        }
        if in_pin && change.is_none() && trimmed.starts_with("crate_version") {
            let old = trimmed
                .split('"')
                .nth(1)
                .context("crate_version is not a string")?
                .to_owned();
            let new = bump(&old, part)?;
            lines.push(line.replace(&format!("\"{old}\""), &format!("\"{new}\"")));
            change = Some((old, new));
            continue;
        }
        lines.push(line.to_owned());
    }
    let Some(change) = change else {
        bail!(
            "no `crate_version` for a pin named `{name}` in {}",
            pins_file.display()
        );
    };
    std::fs::write(pins_file, lines.join("\n") + "\n")
        .with_context(|| format!("writing {}", pins_file.display()))?;
    Ok(change)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps_each_part() {
        assert_eq!(bump("1.4.2", Part::Patch).unwrap(), "1.4.3");
        assert_eq!(bump("1.4.2", Part::Minor).unwrap(), "1.5.0");
        assert_eq!(bump("1.4.2", Part::Major).unwrap(), "2.0.0");
        assert!(bump("1.4", Part::Patch).is_err());
    }

    #[test]
    fn bumps_only_the_named_pin() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pins.toml");
        let pin = |name: &str, version: &str| {
            format!(
                "[[spec]]\nname = \"{name}\"\nfile = \"F.yaml\"\ncrate_version = \"{version}\"\n\n"
            )
        };
        std::fs::write(&path, pin("a", "1.0.0") + &pin("b", "1.0.0")).unwrap();
        let change = bump_in_file(&path, "b", Part::Major).unwrap();
        assert_eq!(change, ("1.0.0".to_owned(), "2.0.0".to_owned()));
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, pin("a", "1.0.0") + &pin("b", "2.0.0"));
        assert!(bump_in_file(&path, "c", Part::Patch).is_err());
    }
}
