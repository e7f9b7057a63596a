//! Validation of [`CrateOptions`]: the package name and version are written into `Cargo.toml`,
//! `lib.rs` and the docs, so they must be what Cargo accepts and nothing more; so must the
//! package metadata ([`PackageMetadata`]), whether the caller or the spec supplies it.

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

/// crates.io's limits on keywords: how many, and how long each.
pub(crate) const MAX_KEYWORDS: usize = 5;
const MAX_KEYWORD: usize = 20;

/// How long a vendor name, URL or license expression may be.
const MAX_VENDOR: usize = 64;
const MAX_URL: usize = 2048;
const MAX_LICENSE: usize = 128;

/// Who publishes the API, and the package metadata of `Cargo.toml`. What the caller leaves
/// `None` comes from the spec where it says (see [`crate::ir::Brand`]), else is left out, so
/// the output names no publisher the spec does not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageMetadata {
    /// The API's publisher as the docs name it ("a client for Codat's Lending API"); default:
    /// the spec's `info.contact.name`.
    pub vendor: Option<String>,
    /// crates.io keywords, at most five; default: the vendor's name as a keyword, then `api`,
    /// `sdk`, `openapi`, `client`.
    pub keywords: Option<Vec<String>>,
    /// The SDK's source repository; default: none.
    pub repository: Option<String>,
    /// Default: the spec's root `externalDocs.url`.
    pub homepage: Option<String>,
    /// The crate's documentation; default: none (crates.io then links docs.rs).
    pub documentation: Option<String>,
    /// An SPDX license expression; default: the spec's `info.license` name when it is one.
    pub license: Option<String>,
}

impl CrateOptions {
    /// Checks that `name` is a Cargo package name whose library name is a Rust identifier, that
    /// `version` is a semantic version, and that the package metadata is what crates.io takes.
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
            .or_else(|| self.package.problem())
            .map_or(Ok(()), |message| Err(GenError::Options { message }))
    }
}

impl PackageMetadata {
    /// What is wrong with the first unusable field, or `None`.
    fn problem(&self) -> Option<String> {
        let field = |name: &str, value: &Option<String>, check: fn(&str) -> Option<String>| {
            value
                .as_deref()
                .and_then(|v| check(v).map(|why| format!("{name} {v:?} {why}")))
        };
        field("vendor", &self.vendor, vendor_problem)
            .or_else(|| field("repository", &self.repository, url_problem))
            .or_else(|| field("homepage", &self.homepage, url_problem))
            .or_else(|| field("documentation", &self.documentation, url_problem))
            .or_else(|| field("license", &self.license, license_problem))
            .or_else(|| {
                let keywords = self.keywords.as_deref()?;
                if keywords.len() > MAX_KEYWORDS {
                    return Some(format!(
                        "{} keywords given; crates.io takes at most {MAX_KEYWORDS}",
                        keywords.len()
                    ));
                }
                keywords
                    .iter()
                    .find_map(|k| keyword_problem(k).map(|why| format!("keyword {k:?} {why}")))
            })
    }
}

/// Why `vendor` cannot name the publisher in one line of prose, or `None`.
pub(crate) fn vendor_problem(vendor: &str) -> Option<String> {
    if vendor.trim().is_empty() {
        return Some("is empty".to_owned());
    }
    if vendor.chars().count() > MAX_VENDOR {
        return Some(format!("is longer than {MAX_VENDOR} characters"));
    }
    if vendor.trim() != vendor {
        return Some("starts or ends with white space".to_owned());
    }
    if crate::escape::plain_line(vendor, MAX_VENDOR) != vendor {
        return Some("contains a line break, control or bidi character".to_owned());
    }
    None
}

/// Why `keyword` is not a crates.io keyword, or `None`.
pub(crate) fn keyword_problem(keyword: &str) -> Option<String> {
    if keyword.len() > MAX_KEYWORD {
        return Some(format!("is longer than {MAX_KEYWORD} characters"));
    }
    if !keyword.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some("must start with an ASCII letter".to_owned());
    }
    keyword
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+')))
        .map(|bad| format!("contains {bad:?}: use ASCII letters, digits, `-`, `_` and `+` only"))
}

/// Why `url` is not an absolute http(s) URL, or `None`.
pub(crate) fn url_problem(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else {
        return Some("is not an http:// or https:// URL".to_owned());
    };
    if url.len() > MAX_URL {
        return Some(format!("is longer than {MAX_URL} characters"));
    }
    if rest.is_empty() || rest.starts_with('/') {
        return Some("has no host".to_owned());
    }
    url.chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\'))
        .map(|bad| format!("contains {bad:?}"))
}

/// Why `license` is not an SPDX license expression (identifiers joined by `AND`, `OR`, `WITH`,
/// with parentheses), or `None`. The check is of its shape only; Cargo checks the identifiers.
pub(crate) fn license_problem(license: &str) -> Option<String> {
    static SHAPE: LazyLock<Regex> = LazyLock::new(|| {
        let id = r"\(*[A-Za-z0-9][A-Za-z0-9.+-]*\)*";
        Regex::new(&format!(r"^{id}(?: (?:AND|OR|WITH) {id})*$"))
            .expect("the license pattern is valid")
    });
    if license.len() > MAX_LICENSE {
        return Some(format!("is longer than {MAX_LICENSE} characters"));
    }
    (!SHAPE.is_match(license)).then(|| {
        "is not an SPDX license expression (e.g. MIT, Apache-2.0, MIT OR Apache-2.0)".to_owned()
    })
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

    fn check_package(package: PackageMetadata) -> Result<(), String> {
        CrateOptions {
            package,
            ..CrateOptions::new("x", "1.0.0")
        }
        .validate()
        .map_err(|e| e.to_string())
    }

    #[test]
    fn package_metadata() {
        let codat = PackageMetadata {
            vendor: Some("Codat".into()),
            keywords: Some(
                ["codat", "api", "sdk", "openapi", "client"]
                    .map(Into::into)
                    .to_vec(),
            ),
            repository: Some("https://github.com/codat-rust/codat-rust-sdk".into()),
            homepage: Some("https://www.codat.io/".into()),
            documentation: Some("https://docs.rs/codat-platform".into()),
            license: Some("MIT OR Apache-2.0".into()),
        };
        assert_eq!(check_package(codat.clone()), Ok(()));
        assert_eq!(check_package(PackageMetadata::default()), Ok(()));
        let refused = [
            PackageMetadata {
                vendor: Some("A\"\n[x]".into()),
                ..codat.clone()
            },
            PackageMetadata {
                vendor: Some(" ".into()),
                ..codat.clone()
            },
            PackageMetadata {
                keywords: Some(vec!["a b".into()]),
                ..codat.clone()
            },
            PackageMetadata {
                keywords: Some(vec!["x".into(); 6]),
                ..codat.clone()
            },
            PackageMetadata {
                keywords: Some(vec!["a".repeat(21)]),
                ..codat.clone()
            },
            PackageMetadata {
                repository: Some("git@github.com:a/b".into()),
                ..codat.clone()
            },
            PackageMetadata {
                homepage: Some("https://a b".into()),
                ..codat.clone()
            },
            PackageMetadata {
                documentation: Some("https://".into()),
                ..codat.clone()
            },
            PackageMetadata {
                license: Some("MIT\"\nevil = 1".into()),
                ..codat.clone()
            },
            PackageMetadata {
                license: Some("Apache 2.0".into()),
                ..codat.clone()
            },
        ];
        for package in refused {
            assert!(check_package(package.clone()).is_err(), "{package:?}");
        }
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
