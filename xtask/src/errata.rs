//! `spec/example-errata.toml`: the examples in Codat's specs that contradict their own schemas,
//! each with the exact round-trip failure it produces and why the spec is wrong. The all-specs
//! harness fails when a listed example passes or fails differently, and when an unlisted one
//! fails, so the list can neither hide a generator bug nor go stale. The file also lists, with
//! why, the example values no generated type holds (`[[untyped]]`), so none is forgotten.

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

/// An example value no generated type holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UntypedExample {
    pub spec: String,
    pub example: String,
    pub reason: String,
}

/// Everything spec/example-errata.toml lists.
#[derive(Debug, Default)]
pub struct Errata {
    pub known_bad: Vec<KnownBadExample>,
    pub untyped: Vec<UntypedExample>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    erratum: Vec<Erratum>,
    #[serde(default)]
    untyped: Vec<Untyped>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Untyped {
    reason: String,
    cases: Vec<UntypedCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UntypedCase {
    spec: String,
    example: String,
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
pub fn load(path: &Path, known_specs: &BTreeSet<String>) -> Result<Errata> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let file: File =
        toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let mut seen = BTreeSet::new();
    let mut check = |spec: &str, example: &str| -> Result<()> {
        if !known_specs.contains(spec) {
            bail!(
                "{}: `{spec}` is not a spec in spec/pins.toml (example {example})",
                path.display()
            );
        }
        if !seen.insert((spec.to_owned(), example.to_owned())) {
            bail!("{}: {spec} {example} is listed twice", path.display());
        }
        Ok(())
    };
    let mut errata = Errata::default();
    for erratum in file.erratum {
        for case in erratum.cases {
            check(&case.spec, &case.example)?;
            errata.known_bad.push(KnownBadExample {
                spec: case.spec,
                example: case.example,
                failure: case.failure,
                reason: erratum.reason.clone(),
            });
        }
    }
    for untyped in file.untyped {
        for case in untyped.cases {
            check(&case.spec, &case.example)?;
            errata.untyped.push(UntypedExample {
                spec: case.spec,
                example: case.example,
                reason: untyped.reason.clone(),
            });
        }
    }
    Ok(errata)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs() -> BTreeSet<String> {
        ["platform".to_owned()].into()
    }

    fn load_text(text: &str) -> Result<Errata> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("errata.toml");
        std::fs::write(&path, text)?;
        load(&path, &specs())
    }

    #[test]
    fn every_case_carries_its_reason() {
        let errata = load_text(
            r#"
[[erratum]]
reason = "carries `platform`"
cases = [
  { spec = "platform", example = "/a", failure = "/platform: dropped" },
  { spec = "platform", example = "/b", failure = "/0/platform: dropped" },
]

[[untyped]]
reason = "unreferenced"
cases = [{ spec = "platform", example = "/c" }]
"#,
        )
        .unwrap();
        let examples = &errata.known_bad;
        assert_eq!(examples.len(), 2);
        assert!(examples.iter().all(|e| e.reason == "carries `platform`"));
        assert_eq!(examples[1].failure, "/0/platform: dropped");
        assert_eq!(
            errata.untyped,
            [UntypedExample {
                spec: "platform".into(),
                example: "/c".into(),
                reason: "unreferenced".into()
            }]
        );
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
