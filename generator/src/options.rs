//! Validation of [`CrateOptions`]: the package name and version are written into `Cargo.toml`,
//! `lib.rs` and the docs, so they must be what Cargo accepts and nothing more.

use std::sync::LazyLock;

use regex::Regex;

use crate::error::GenError;
use crate::CrateOptions;

/// crates.io's limit on a package name.
const MAX_NAME: usize = 64;

/// Library names Cargo refuses, or that shadow the crates every Rust program links.
const RESERVED_LIBS: &[&str] = &["std", "core", "alloc", "proc_macro", "test"];

/// Semantic Versioning 2.0.0, as semver.org writes it.
static SEMVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$",
    )
    .expect("the semver pattern is valid")
});

impl CrateOptions {
    /// Checks that `name` is a Cargo package name whose library name is a Rust identifier, and
    /// that `version` is a semantic version.
    pub fn validate(&self) -> Result<(), GenError> {
        name_problem(&self.name)
            .map(|why| format!("crate name {:?} {why}", self.name))
            .or_else(|| {
                (!SEMVER.is_match(&self.version) || self.version.len() > MAX_NAME).then(|| {
                    format!(
                        "crate version {:?} is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.3 or 1.2.3-beta.1)",
                        self.version
                    )
                })
            })
            .map_or(Ok(()), |message| Err(GenError::Options { message }))
    }
}

/// Why `name` is not a usable package name, or `None` when it is.
fn name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("is empty".to_owned());
    }
    if name.len() > MAX_NAME {
        return Some(format!("is longer than {MAX_NAME} characters"));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Some(format!(
            "contains {bad:?}: use ASCII letters, digits, `-` and `_` only"
        ));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some("must start with an ASCII letter".to_owned());
    }
    let lib = name.replace('-', "_");
    if RESERVED_LIBS.contains(&lib.as_str()) || crate::naming::is_keyword(&lib) {
        return Some(format!(
            "makes the library name `{lib}`, which Rust reserves"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, version: &str) -> Result<(), String> {
        CrateOptions::new(name.to_owned(), version.to_owned())
            .validate()
            .map_err(|e| e.to_string())
    }

    #[test]
    fn names() {
        let ok = ["codat-platform", "codat_platform", "x", "a1-b2"];
        for name in ok {
            assert_eq!(check(name, "1.0.0"), Ok(()), "{name:?}");
        }
        let refused = [
            ("x\"\n[dependencies]\nevil = \"1\"", "contains '\"'"),
            ("", "is empty"),
            ("1st", "must start with an ASCII letter"),
            ("-x", "must start with an ASCII letter"),
            ("_x", "must start with an ASCII letter"),
            ("a b", "contains ' '"),
            ("café", "contains 'é'"),
            ("a.b", "contains '.'"),
            ("self", "which Rust reserves"),
            ("std", "which Rust reserves"),
            ("async", "which Rust reserves"),
        ];
        for (name, why) in refused {
            let error = check(name, "1.0.0").expect_err(name);
            assert!(error.contains(why), "{name:?}: {error}");
            assert!(error.starts_with("crate name "), "{error}");
        }
        assert!(check(&"a".repeat(65), "1.0.0").is_err());
        assert_eq!(check(&"a".repeat(64), "1.0.0"), Ok(()));
    }

    #[test]
    fn versions() {
        for version in [
            "0.1.0",
            "1.2.3",
            "1.0.0-beta.1",
            "1.0.0+build.5",
            "10.20.30-rc.1+x",
        ] {
            assert_eq!(check("x", version), Ok(()), "{version:?}");
        }
        for version in [
            "",
            "1",
            "1.0",
            "01.0.0",
            "1.0.0\"\nevil = 1",
            "1.0.0 ",
            "v1.0.0",
            "1.0.0-",
            "1.0.0-beta..1",
        ] {
            let error = check("x", version).expect_err(version);
            assert!(error.contains("is not a semantic version"), "{error}");
        }
    }
}
