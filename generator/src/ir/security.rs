//! The spec's `security`: which schemes exist (API key in a header, query or cookie; HTTP
//! basic or bearer; OAuth2; OpenID Connect), which alternatives the root accepts, and which
//! operations say otherwise.
//!
//! The simplest case, one API key in a header required at the root (every Codat spec), keeps
//! its own form, [`HeaderCredential`], so those SDKs keep their `Security { auth_header }`;
//! everything else lowers to [`Security`].

use std::collections::BTreeMap;

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme};

use super::HeaderCredential;
use crate::error::{GenError, Warning};
use crate::load::LoadedSpec;
use crate::naming::{snake_name, UniqueNames};

/// Every security scheme the spec's requirements name, and where they apply.
#[derive(Debug, Clone)]
pub struct Security {
    /// The schemes some requirement names, sorted by key.
    pub schemes: Vec<Scheme>,
    /// The root alternatives, each the keys of the schemes it needs together; the empty
    /// alternative `{}` is left out and shows as `optional`.
    pub root: Vec<Vec<String>>,
    /// Whether the root also accepts no authentication (or declares none).
    pub optional: bool,
    /// operationId -> the operation's own alternatives (`[]` for `security: []`, an empty
    /// inner list for `{}`), for the operations that declare `security`.
    pub operations: BTreeMap<String, Vec<Vec<String>>>,
}

/// One security scheme, as `models::shared::Security` offers it.
#[derive(Debug, Clone)]
pub struct Scheme {
    /// Its key in `components.securitySchemes`.
    pub key: String,
    /// The constructor of `Security` for it (snake_case, unique).
    pub method: String,
    pub description: Option<String>,
    pub kind: SchemeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SchemeKind {
    /// An API key sent verbatim as the header, query parameter or cookie `name`.
    ApiKey { location: KeyLocation, name: String },
    /// HTTP basic: user and password, base64-encoded in `Authorization: Basic`.
    Basic,
    /// HTTP bearer: `Authorization: Bearer <token>`.
    Bearer,
    /// Another HTTP scheme (`digest`...): the caller's `Authorization` value, sent verbatim.
    AuthorizationValue { scheme: String },
    /// OAuth2 client credentials: a token fetched from `token_url` with id and secret, for the
    /// scopes the requirements name.
    ClientCredentials {
        token_url: String,
        scopes: Vec<String>,
    },
    /// Another OAuth2 flow or OpenID Connect: a bearer token the caller obtained.
    CallerToken,
}

impl SchemeKind {
    /// The header (or parameter) whose presence `build()` accepts as the credential.
    pub fn required_name(&self) -> &str {
        match self {
            SchemeKind::ApiKey {
                location: KeyLocation::Cookie,
                ..
            } => "Cookie",
            SchemeKind::ApiKey { name, .. } => name,
            _ => "Authorization",
        }
    }
}

/// What the spec's security lowers to: the single header key, or the general form.
pub struct Lowered {
    pub credential: Option<HeaderCredential>,
    pub security: Option<Security>,
}

/// Lowers the root and per-operation `security`.
pub fn lower(spec: &LoadedSpec, warnings: &mut Vec<Warning>) -> Result<Lowered, GenError> {
    let root_requirements = spec.openapi.security.as_deref().unwrap_or_default();
    let operations = operation_requirements(spec);
    let mut keys: Vec<(String, String)> = Vec::new();
    for (index, requirement) in root_requirements.iter().enumerate() {
        for name in requirement.keys() {
            keys.push((name.clone(), format!("/security/{index}")));
        }
    }
    for (pointer, _, requirements) in &operations {
        for (index, requirement) in requirements.iter().enumerate() {
            for name in requirement.keys() {
                keys.push((name.clone(), format!("{pointer}/security/{index}")));
            }
        }
    }
    if keys.is_empty() {
        return Ok(Lowered {
            credential: None,
            security: None,
        });
    }
    let mut schemes: BTreeMap<String, SchemeKind> = BTreeMap::new();
    let mut descriptions = BTreeMap::new();
    for (key, at) in &keys {
        if schemes.contains_key(key) {
            continue;
        }
        let (kind, description) = scheme(spec, key, at, warnings)?;
        schemes.insert(key.clone(), kind);
        descriptions.insert(key.clone(), description);
    }
    let optional = root_requirements.is_empty() || root_requirements.iter().any(|r| r.is_empty());

    // Every Codat spec: one header key at the root, and operations naming no other scheme.
    if let [(
        key,
        SchemeKind::ApiKey {
            location: KeyLocation::Header,
            name,
        },
    )] = schemes.iter().collect::<Vec<_>>().as_slice()
    {
        if !root_requirements.is_empty() {
            return Ok(Lowered {
                credential: Some(HeaderCredential {
                    scheme: (*key).clone(),
                    header: name.clone(),
                    description: descriptions[*key].clone(),
                    required: !optional,
                }),
                security: Some(general(
                    schemes.clone(),
                    descriptions,
                    root_requirements,
                    optional,
                    &operations,
                )),
            });
        }
    }
    Ok(Lowered {
        credential: None,
        security: Some(general(
            schemes,
            descriptions,
            root_requirements,
            optional,
            &operations,
        )),
    })
}

fn general(
    schemes: BTreeMap<String, SchemeKind>,
    mut descriptions: BTreeMap<String, Option<String>>,
    root: &[SecurityRequirement],
    optional: bool,
    operations: &[(String, String, Vec<SecurityRequirement>)],
) -> Security {
    // The token requested carries the scopes the requirements name, not every scope the flow
    // declares (a server may refuse those it does not grant this client).
    let mut scopes: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let requirements = root.iter().chain(operations.iter().flat_map(|(_, _, r)| r));
    for (key, listed) in requirements.flat_map(|r| r.iter()) {
        let all = scopes.entry(key.as_str()).or_default();
        for scope in listed {
            if !all.contains(scope) {
                all.push(scope.clone());
            }
        }
    }
    // `and` combines credentials; `from` is the conversion's.
    let mut methods = UniqueNames::with_reserved(&["and", "from", "clone", "fmt"]);
    let schemes = schemes
        .into_iter()
        .map(|(key, mut kind)| {
            if let SchemeKind::ClientCredentials { scopes: wanted, .. } = &mut kind {
                *wanted = scopes.get(key.as_str()).cloned().unwrap_or_default();
            }
            (key, kind)
        })
        .map(|(key, kind)| Scheme {
            method: methods.claim(&snake_name(&key)),
            description: descriptions.remove(&key).flatten(),
            key,
            kind,
        })
        .collect();
    let alternatives = |requirements: &[SecurityRequirement]| -> Vec<Vec<String>> {
        requirements
            .iter()
            .map(|r| r.keys().cloned().collect())
            .collect()
    };
    Security {
        schemes,
        root: alternatives(root)
            .into_iter()
            .filter(|a: &Vec<String>| !a.is_empty())
            .collect(),
        optional,
        operations: operations
            .iter()
            .map(|(_, id, requirements)| (id.clone(), alternatives(requirements)))
            .collect(),
    }
}

/// (pointer, operationId, requirements) of every operation that declares `security`.
fn operation_requirements(spec: &LoadedSpec) -> Vec<(String, String, Vec<SecurityRequirement>)> {
    let mut found = Vec::new();
    for (path, item) in &spec.openapi.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            let (Some(security), Some(id)) = (&operation.security, &operation.operation_id) else {
                continue;
            };
            let pointer = format!(
                "/paths/{}/{method}",
                path.replace('~', "~0").replace('/', "~1")
            );
            found.push((pointer, id.clone(), security.clone()));
        }
    }
    found
}

/// The kind and description of the scheme `key`, named at `at`.
fn scheme(
    spec: &LoadedSpec,
    key: &str,
    at: &str,
    warnings: &mut Vec<Warning>,
) -> Result<(SchemeKind, Option<String>), GenError> {
    let pointer = format!("/components/securitySchemes/{key}");
    let invalid = |pointer: &str, message: String| GenError::Invalid {
        file: spec.file.clone(),
        pointer: pointer.to_owned(),
        message,
    };
    let scheme = spec
        .openapi
        .components
        .as_ref()
        .and_then(|c| c.security_schemes.get(key))
        .ok_or_else(|| invalid(at, format!("unknown security scheme `{key}`")))?;
    let ReferenceOr::Item(scheme) = scheme else {
        return Err(invalid(
            &pointer,
            "a `$ref` security scheme was not resolved".to_owned(),
        ));
    };
    Ok(match scheme {
        SecurityScheme::APIKey {
            location,
            name,
            description,
            ..
        } => (
            SchemeKind::ApiKey {
                location: match location {
                    APIKeyLocation::Header => KeyLocation::Header,
                    APIKeyLocation::Query => KeyLocation::Query,
                    APIKeyLocation::Cookie => KeyLocation::Cookie,
                },
                name: name.clone(),
            },
            description.clone(),
        ),
        SecurityScheme::HTTP {
            scheme,
            description,
            ..
        } => {
            let kind = if scheme.eq_ignore_ascii_case("basic") {
                SchemeKind::Basic
            } else if scheme.eq_ignore_ascii_case("bearer") {
                SchemeKind::Bearer
            } else {
                warnings.push(Warning {
                    pointer: format!("{pointer}/scheme"),
                    message: format!(
                        "HTTP scheme `{scheme}` is not implemented: the caller gives the whole \
                         `Authorization` value"
                    ),
                });
                SchemeKind::AuthorizationValue {
                    scheme: scheme.clone(),
                }
            };
            (kind, description.clone())
        }
        SecurityScheme::OAuth2 {
            flows, description, ..
        } => match &flows.client_credentials {
            Some(flow) => {
                // The client secret goes to the token URL: over plain http it travels in clear.
                let scheme = flow.token_url.split(':').next().unwrap_or("");
                if flow.token_url.contains(':') && scheme.eq_ignore_ascii_case("http") {
                    warnings.push(Warning {
                        pointer: format!("{pointer}/flows/clientCredentials/tokenUrl"),
                        message: format!(
                            "token URL `{}` is plain http, which would send the client secret \
                             in clear: the SDK refuses it when the client is built, unless the \
                             host is loopback",
                            flow.token_url
                        ),
                    });
                }
                (
                    SchemeKind::ClientCredentials {
                        token_url: flow.token_url.clone(),
                        scopes: flow.scopes.keys().cloned().collect(),
                    },
                    description.clone(),
                )
            }
            None => (SchemeKind::CallerToken, description.clone()),
        },
        SecurityScheme::OpenIDConnect { description, .. } => {
            (SchemeKind::CallerToken, description.clone())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

    fn lowered(yaml: &str) -> (Lowered, Vec<Warning>) {
        let spec = crate::load::load_str(std::path::Path::new("t.yaml"), yaml).unwrap();
        let mut warnings = Vec::new();
        (lower(&spec, &mut warnings).unwrap(), warnings)
    }

    const SCHEMES: &str = "components:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\n    q: {type: apiKey, in: query, name: api_key}\n    c: {type: apiKey, in: cookie, name: sid}\n    basic: {type: http, scheme: basic}\n    bearer: {type: http, scheme: Bearer}\n    digest: {type: http, scheme: digest}\n    oauth:\n      type: oauth2\n      flows:\n        clientCredentials: {tokenUrl: 'https://auth.example.com/token', scopes: {read: r, write: w}}\n    code:\n      type: oauth2\n      flows:\n        authorizationCode: {authorizationUrl: 'https://a', tokenUrl: 'https://t', scopes: {}}\n    oidc: {type: openIdConnect, openIdConnectUrl: 'https://o'}\n";

    #[test]
    fn every_kind_of_scheme_lowers() {
        let yaml = format!(
            "{HEADER}security: [{{key: []}}, {{q: [], c: []}}, {{basic: []}}, {{bearer: []}}, {{digest: []}}, {{oauth: [read]}}, {{code: []}}, {{oidc: []}}]\npaths: {{}}\n{SCHEMES}"
        );
        let (lowered, warnings) = lowered(&yaml);
        assert!(lowered.credential.is_none());
        let security = lowered.security.unwrap();
        let kinds: BTreeMap<&str, &SchemeKind> = security
            .schemes
            .iter()
            .map(|s| (s.key.as_str(), &s.kind))
            .collect();
        assert_eq!(
            kinds["q"],
            &SchemeKind::ApiKey {
                location: KeyLocation::Query,
                name: "api_key".into()
            }
        );
        assert_eq!(kinds["basic"], &SchemeKind::Basic);
        assert_eq!(kinds["bearer"], &SchemeKind::Bearer);
        assert_eq!(kinds["code"], &SchemeKind::CallerToken);
        assert_eq!(kinds["oidc"], &SchemeKind::CallerToken);
        assert_eq!(
            kinds["oauth"],
            &SchemeKind::ClientCredentials {
                token_url: "https://auth.example.com/token".into(),
                scopes: vec!["read".into()]
            }
        );
        assert_eq!(security.root[1], ["q", "c"], "spec order");
        assert!(!security.optional);
        assert!(warnings
            .iter()
            .any(|w| w.pointer == "/components/securitySchemes/digest/scheme"));
    }

    #[test]
    fn a_plain_http_token_url_is_a_warning() {
        let schemes = |url: &str| {
            format!(
                "{HEADER}security: [{{oauth: []}}]\npaths: {{}}\ncomponents:\n  securitySchemes:\n    oauth:\n      type: oauth2\n      flows:\n        clientCredentials: {{tokenUrl: '{url}', scopes: {{}}}}\n"
            )
        };
        let (_, warnings) = lowered(&schemes("http://auth.example.com/token"));
        let pointer = "/components/securitySchemes/oauth/flows/clientCredentials/tokenUrl";
        let warning = warnings.iter().find(|w| w.pointer == pointer);
        assert!(
            warning.is_some_and(|w| w.message.contains("http://auth.example.com/token")),
            "{warnings:?}"
        );
        for quiet in ["https://auth.example.com/token", "/oauth/token"] {
            let (_, warnings) = lowered(&schemes(quiet));
            assert!(warnings.iter().all(|w| w.pointer != pointer), "{quiet}");
        }
    }

    #[test]
    fn operations_keep_their_own_security() {
        let yaml = format!(
            "{HEADER}security: [{{key: []}}]\npaths:\n  /a:\n    get:\n      operationId: open\n      security: []\n      responses: {{'200': {{description: ok}}}}\n  /b:\n    get:\n      operationId: other\n      security: [{{basic: []}}, {{}}]\n      responses: {{'200': {{description: ok}}}}\n{SCHEMES}"
        );
        let security = lowered(&yaml).0.security.unwrap();
        assert_eq!(security.operations["open"], Vec::<Vec<String>>::new());
        assert_eq!(
            security.operations["other"],
            [vec!["basic".to_owned()], vec![]]
        );
        assert_eq!(security.schemes.len(), 2, "only the schemes in use");
    }

    #[test]
    fn a_single_header_key_keeps_its_own_form() {
        let yaml = format!("{HEADER}security: [{{key: []}}, {{}}]\npaths: {{}}\n{SCHEMES}");
        let lowered = lowered(&yaml).0;
        let credential = lowered.credential.unwrap();
        assert_eq!(credential.header, "X-Key");
        assert!(!credential.required);
    }

    #[test]
    fn an_unknown_scheme_is_an_error_at_its_requirement() {
        let yaml = format!("{HEADER}paths:\n  /a:\n    get:\n      operationId: a\n      security: [{{nope: []}}]\n      responses: {{'200': {{description: ok}}}}\n{SCHEMES}");
        let spec = crate::load::load_str(std::path::Path::new("t.yaml"), &yaml).unwrap();
        let error = lower(&spec, &mut Vec::new()).err().unwrap().to_string();
        assert!(error.contains("/paths/~1a/get/security/0"), "{error}");
        assert!(error.contains("nope"), "{error}");
    }
}
