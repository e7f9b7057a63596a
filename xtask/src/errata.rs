//! `spec/example-errata.toml`: the examples in Codat's specs that contradict their own schemas,
//! each with the exact round-trip failure it produces and why the spec is wrong. The all-specs
//! harness fails when a listed example passes or fails differently, and when an unlisted one
//! fails, so the list can neither hide a generator bug nor go stale.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

/// One example the spec gets wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownBadExample {
    /// The pin name (`platform`, `lending`, ...), which is also the generate-all slug.
    pub spec: String,
    /// JSON pointer of the example value in the spec.
    pub example: String,
    /// What the round trip reports, verbatim.
    pub failure: String,
    pub reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    erratum: Vec<Erratum>,
}

/// One reason, shared by every example it explains.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Erratum {
    reason: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    spec: String,
    example: String,
    failure: String,
}

pub fn default_path(root: &Path) -> PathBuf {
    root.join("spec/example-errata.toml")
}

/// Reads the errata, refusing duplicates and specs that `known_specs` does not name.
pub fn load(path: &Path, known_specs: &BTreeSet<String>) -> Result<Vec<KnownBadExample>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let file: File =
        toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let mut seen = BTreeSet::new();
    let mut examples = Vec::new();
    for erratum in file.erratum {
        for case in erratum.cases {
            if !known_specs.contains(&case.spec) {
                bail!(
                    "{}: `{}` is not a spec in spec/pins.toml (example {})",
                    path.display(),
                    case.spec,
                    case.example
                );
            }
            if !seen.insert((case.spec.clone(), case.example.clone())) {
                bail!(
                    "{}: {} {} is listed twice",
                    path.display(),
                    case.spec,
                    case.example
                );
            }
            examples.push(KnownBadExample {
                spec: case.spec,
                example: case.example,
                failure: case.failure,
                reason: erratum.reason.clone(),
            });
        }
    }
    Ok(examples)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs() -> BTreeSet<String> {
        ["platform".to_owned()].into()
    }

    fn load_text(text: &str) -> Result<Vec<KnownBadExample>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("errata.toml");
        std::fs::write(&path, text)?;
        load(&path, &specs())
    }

    #[test]
    fn every_case_carries_its_reason() {
        let examples = load_text(
            r#"
[[erratum]]
reason = "carries `platform`"
cases = [
  { spec = "platform", example = "/a", failure = "/platform: dropped" },
  { spec = "platform", example = "/b", failure = "/0/platform: dropped" },
]
"#,
        )
        .unwrap();
        assert_eq!(examples.len(), 2);
        assert!(examples.iter().all(|e| e.reason == "carries `platform`"));
        assert_eq!(examples[1].failure, "/0/platform: dropped");
    }

    #[test]
    fn unknown_specs_and_duplicates_are_refused() {
        let unknown = load_text(
            "[[erratum]]\nreason = \"r\"\ncases = [{ spec = \"nope\", example = \"/a\", failure = \"f\" }]\n",
        )
        .unwrap_err();
        assert!(
            unknown.to_string().contains("`nope` is not a spec"),
            "{unknown}"
        );
        let twice = load_text(
            "[[erratum]]\nreason = \"r\"\ncases = [{ spec = \"platform\", example = \"/a\", failure = \"f\" }]\n\
             [[erratum]]\nreason = \"s\"\ncases = [{ spec = \"platform\", example = \"/a\", failure = \"g\" }]\n",
        )
        .unwrap_err();
        assert!(twice.to_string().contains("listed twice"), "{twice}");
    }
}
