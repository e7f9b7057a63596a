//! Who publishes the API and the package's metadata: the caller's [`PackageMetadata`] where it
//! sets a field, else what the spec says (`info.contact.name`, `externalDocs.url`,
//! `info.license`), else nothing, so the output names no publisher the spec does not.

use crate::error::Warning;
use crate::load::LoadedSpec;
use crate::options::{keyword_problem, license_problem, url_problem, vendor_problem, MAX_KEYWORDS};
use crate::CrateOptions;

/// What the spec says about its publisher, each value checked as the options are (a value that
/// fails is dropped with a warning).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecPublisher {
    /// `info.contact.name`.
    pub vendor: Option<String>,
    /// The root `externalDocs.url`.
    pub homepage: Option<String>,
    /// `info.license.identifier` (3.1), else `info.license.name` when it is an SPDX expression.
    pub license: Option<String>,
}

/// Reads [`SpecPublisher`] from the spec.
pub(crate) fn spec_publisher(spec: &LoadedSpec, warnings: &mut Vec<Warning>) -> SpecPublisher {
    let info = &spec.openapi.info;
    let mut checked = |value: Option<&str>, pointer: &str, check: fn(&str) -> Option<String>| {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        match check(value) {
            None => Some(value.to_owned()),
            Some(why) => {
                warnings.push(Warning {
                    pointer: pointer.to_owned(),
                    message: format!(
                        "{:?} {why}; the crate's metadata leaves it out",
                        crate::escape::terminal_text(value, 80)
                    ),
                });
                None
            }
        }
    };
    SpecPublisher {
        vendor: checked(
            info.contact.as_ref().and_then(|c| c.name.as_deref()),
            "/info/contact/name",
            vendor_problem,
        ),
        homepage: checked(
            spec.openapi.external_docs.as_ref().map(|d| d.url.as_str()),
            "/externalDocs/url",
            url_problem,
        ),
        // 3.1's SPDX `identifier`, else the `name` when it is one.
        license: match spec.extras.license_identifier.as_deref() {
            Some(identifier) => checked(
                Some(identifier),
                "/info/license/identifier",
                license_problem,
            ),
            None => checked(
                info.license.as_ref().map(|l| l.name.as_str()),
                "/info/license/name",
                license_problem,
            ),
        },
    }
}

/// The publisher and package metadata the output uses, decided once per crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brand {
    /// The API's publisher ("Codat"), as the docs name it; `None` when neither the caller nor
    /// the spec names one, and the docs say "the API".
    pub vendor: Option<String>,
    pub keywords: Vec<String>,
    pub repository: Option<String>,
    pub homepage: Option<String>,
    pub documentation: Option<String>,
    pub license: Option<String>,
}

/// The keywords every generated crate gets after the vendor's.
const GENERIC_KEYWORDS: [&str; 4] = ["api", "sdk", "openapi", "client"];

impl Brand {
    /// The caller's metadata ([`CrateOptions::package`], validated) over the spec's.
    pub fn new(spec: &SpecPublisher, options: &CrateOptions) -> Self {
        let given = &options.package;
        let vendor = given.vendor.clone().or_else(|| spec.vendor.clone());
        let keywords = given
            .keywords
            .clone()
            .unwrap_or_else(|| default_keywords(vendor.as_deref()));
        Brand {
            vendor,
            keywords,
            repository: given.repository.clone(),
            homepage: given.homepage.clone().or_else(|| spec.homepage.clone()),
            documentation: given.documentation.clone(),
            license: given.license.clone().or_else(|| spec.license.clone()),
        }
    }

    /// The vendor's name as a lower-case word for keywords and example host names (`codat`),
    /// when it makes one.
    pub fn slug(&self) -> Option<String> {
        self.vendor.as_deref().and_then(slug)
    }
}

/// `vendor` lower-cased, each run of other characters one `-`: a crates.io keyword and a host
/// name label, or `None`.
fn slug(vendor: &str) -> Option<String> {
    let mut out = String::new();
    for c in vendor.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    keyword_problem(&out).is_none().then_some(out)
}

fn default_keywords(vendor: Option<&str>) -> Vec<String> {
    let mut keywords: Vec<String> = vendor.and_then(slug).into_iter().collect();
    for generic in GENERIC_KEYWORDS {
        if !keywords.iter().any(|k| k == generic) {
            keywords.push(generic.to_owned());
        }
    }
    keywords.truncate(MAX_KEYWORDS);
    keywords
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PackageMetadata;

    fn publisher(yaml_info: &str, root: &str) -> (SpecPublisher, Vec<Warning>) {
        let yaml = format!("openapi: 3.0.3\ninfo:\n{yaml_info}{root}paths: {{}}\n");
        let spec = crate::load::load_str(std::path::Path::new("t.yaml"), &yaml).expect("loads");
        let mut warnings = Vec::new();
        (spec_publisher(&spec, &mut warnings), warnings)
    }

    #[test]
    fn the_spec_names_the_publisher() {
        let (spec, warnings) = publisher(
            "  title: Pets\n  version: '1'\n  contact:\n    name: ' Acme Pets, Inc. '\n  license:\n    name: Apache-2.0\n",
            "externalDocs:\n  url: https://acme.example/docs\n",
        );
        assert_eq!(warnings, []);
        let brand = Brand::new(&spec, &CrateOptions::new("x", "1.0.0"));
        assert_eq!(brand.vendor.as_deref(), Some("Acme Pets, Inc."));
        assert_eq!(brand.slug().as_deref(), Some("acme-pets-inc"));
        assert_eq!(
            brand.keywords,
            ["acme-pets-inc", "api", "sdk", "openapi", "client"]
        );
        assert_eq!(brand.homepage.as_deref(), Some("https://acme.example/docs"));
        assert_eq!(brand.license.as_deref(), Some("Apache-2.0"));
        assert_eq!(brand.repository, None);
        assert_eq!(brand.documentation, None);
    }

    #[test]
    fn without_a_publisher_nothing_is_invented() {
        let (spec, warnings) = publisher("  title: Pets\n  version: '1'\n", "");
        assert_eq!(warnings, []);
        let brand = Brand::new(&spec, &CrateOptions::new("x", "1.0.0"));
        assert_eq!(brand.vendor, None);
        assert_eq!(brand.keywords, ["api", "sdk", "openapi", "client"]);
        assert_eq!(brand.license, None);
        assert_eq!(brand.homepage, None);
    }

    #[test]
    fn unusable_spec_values_are_dropped_with_a_warning() {
        let (spec, warnings) = publisher(
            "  title: Pets\n  version: '1'\n  contact:\n    name: \"A\\nB\"\n  license:\n    name: Apache 2.0\n",
            "externalDocs:\n  url: javascript:alert(1)\n",
        );
        assert_eq!(spec, SpecPublisher::default());
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/info/contact/name",
                "/externalDocs/url",
                "/info/license/name"
            ]
        );
    }

    #[test]
    fn the_options_win() {
        let (spec, _) = publisher(
            "  title: Pets\n  version: '1'\n  contact:\n    name: Acme\n  license:\n    name: MIT\n",
            "",
        );
        let options = CrateOptions {
            package: PackageMetadata {
                vendor: Some("Codat".into()),
                license: Some("Apache-2.0".into()),
                keywords: Some(vec!["x".into()]),
                ..PackageMetadata::default()
            },
            ..CrateOptions::new("x", "1.0.0")
        };
        let brand = Brand::new(&spec, &options);
        assert_eq!(brand.vendor.as_deref(), Some("Codat"));
        assert_eq!(brand.license.as_deref(), Some("Apache-2.0"));
        assert_eq!(brand.keywords, ["x"]);
        assert_eq!(slug("ÄÖ"), None);
    }

    #[test]
    fn the_3_1_license_identifier_comes_first() {
        let yaml = "openapi: 3.1.0\ninfo:\n  title: T\n  version: '1'\n  license:\n    name: MIT License\n    identifier: MIT\npaths: {}\n";
        let spec = crate::load::load_str(std::path::Path::new("t.yaml"), yaml).expect("loads");
        let mut warnings = Vec::new();
        assert_eq!(
            spec_publisher(&spec, &mut warnings).license.as_deref(),
            Some("MIT")
        );
        assert_eq!(warnings, []);
        assert_eq!(slug("Codat"), Some("codat".into()));
    }
}
