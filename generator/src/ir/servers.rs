//! The spec's `servers`, as URLs the client can call: variables replaced by their defaults, so
//! no request goes to a literal `/{version}` path; a server with variables also gets a type
//! (`models::shared::ServerVariables`) with a setter per variable, enum-valued ones typed,
//! that builds its URL for the builder's `server_url`. Relative URLs (which need the spec's own
//! location) are left out with a warning: their clients must be given `server_url`.

use super::{Server, ServerTemplate, ServerVariable, TypeSpace, UrlPart, VariableEnum};
use crate::error::{GenError, Warning};
use crate::load::LoadedSpec;
use crate::naming::{snake_name, type_name, variant_name, UniqueNames};

/// Every absolute server of the spec, in order, with `{variable}`s substituted, and the URLs
/// left out as relative; `types` holds the models whose names the variable types must not take.
pub fn lower(
    spec: &LoadedSpec,
    types: &TypeSpace,
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<Server>, Vec<String>), GenError> {
    let mut names = UniqueNames::with_reserved(&["Security"]);
    for model in types.in_module(super::Module::Shared) {
        names.reserve(&model.id.name);
    }
    let with_variables = spec
        .openapi
        .servers
        .iter()
        .filter(|s| s.variables.as_ref().is_some_and(|v| !v.is_empty()))
        .count();
    let mut servers = Vec::new();
    let mut relative = Vec::new();
    for (index, server) in spec.openapi.servers.iter().enumerate() {
        let pointer = format!("/servers/{index}/url");
        let url = substitute(&server.url, |name| {
            server
                .variables
                .as_ref()
                .and_then(|variables| variables.get(name))
                .map(|variable| variable.default.as_str())
        })
        .map_err(|message| GenError::Invalid {
            file: spec.file.clone(),
            pointer: pointer.clone(),
            message,
        })?;
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            warnings.push(Warning {
                pointer,
                message: format!(
                    "server {url:?} is not an absolute http(s) URL; it is left out, so clients \
                     must be given `server_url` (the API's absolute URL, e.g. \
                     `https://host{url}` for a path)"
                ),
            });
            relative.push(url);
            continue;
        }
        let template = match &server.variables {
            Some(variables) if !variables.is_empty() => {
                let base = if with_variables == 1 {
                    "Server".to_owned()
                } else {
                    format!("Server{index}")
                };
                Some(template(
                    &server.url,
                    variables,
                    &base,
                    &mut names,
                    index,
                    warnings,
                ))
            }
            _ => None,
        };
        servers.push(Server {
            url,
            description: server.description.clone(),
            template,
        });
    }
    Ok((servers, relative))
}

/// The typed form of a server URL with variables (already checked by [`substitute`]).
fn template(
    url: &str,
    variables: &indexmap::IndexMap<String, openapiv3::ServerVariable>,
    base: &str,
    names: &mut UniqueNames,
    index: usize,
    warnings: &mut Vec<Warning>,
) -> ServerTemplate {
    let type_name_of_struct = names.claim(&format!("{base}Variables"));
    let mut fields = UniqueNames::with_reserved(&["url"]);
    let variables: Vec<ServerVariable> = variables
        .iter()
        .map(|(name, variable)| {
            let values = if variable.enumeration.is_empty() {
                None
            } else if !variable.enumeration.contains(&variable.default) {
                warnings.push(Warning {
                    pointer: format!("/servers/{index}/variables/{name}/default"),
                    message: format!(
                        "the default {:?} is not one of the enum's values; the variable is \
                         a plain string",
                        variable.default
                    ),
                });
                None
            } else {
                let mut variant_names = UniqueNames::default();
                let mut values: Vec<String> = Vec::new();
                for value in &variable.enumeration {
                    if !values.contains(value) {
                        values.push(value.clone());
                    }
                }
                Some(VariableEnum {
                    type_name: names.claim(&format!("{base}{}", type_name(name))),
                    variants: values
                        .into_iter()
                        .map(|value| (variant_names.claim(&variant_name(&value)), value))
                        .collect(),
                })
            };
            ServerVariable {
                name: name.clone(),
                field: fields.claim(&snake_name(name)),
                description: variable.description.clone(),
                default: variable.default.clone(),
                values,
            }
        })
        .collect();
    let mut parts = Vec::new();
    let mut rest = url;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            parts.push(UrlPart::Literal(rest[..start].to_owned()));
        }
        let name = &rest[start + 1..start + len];
        if let Some(i) = variables.iter().position(|v| v.name == name) {
            parts.push(UrlPart::Variable(i));
        }
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        parts.push(UrlPart::Literal(rest.to_owned()));
    }
    ServerTemplate {
        type_name: type_name_of_struct,
        index,
        parts,
        variables,
    }
}

/// `template` with each `{name}` replaced by `value(name)`; an undeclared variable or an
/// unclosed brace is an error.
fn substitute<'a>(
    template: &str,
    value: impl Fn(&str) -> Option<&'a str>,
) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else {
            return Err(format!("unclosed `{{` in server URL {template:?}"));
        };
        let name = &rest[start + 1..start + len];
        let Some(default) = value(name) else {
            return Err(format!(
                "server URL {template:?} uses variable `{name}`, which `variables` does not declare"
            ));
        };
        out.push_str(default);
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::substitute;
    use crate::ir::UrlPart;

    #[test]
    fn variables_get_typed_setters_and_relative_servers_a_warning() {
        let api = crate::ir::lowered(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\nservers:\n  - url: '{scheme}://{host}/v1'\n    variables:\n      scheme: {default: https, enum: [https, http]}\n      host: {default: a.example.com}\n  - url: 'https://b.example.com/{v}'\n    variables:\n      v: {default: x, enum: [y]}\n  - url: /relative\n",
        );
        let urls: Vec<&str> = api.servers.iter().map(|s| s.url.as_str()).collect();
        assert_eq!(
            urls,
            ["https://a.example.com/v1", "https://b.example.com/x"]
        );
        let first = api.servers[0].template.as_ref().unwrap();
        assert_eq!(first.type_name, "Server0Variables");
        assert_eq!(
            first.parts,
            [
                UrlPart::Variable(0),
                UrlPart::Literal("://".into()),
                UrlPart::Variable(1),
                UrlPart::Literal("/v1".into())
            ]
        );
        let scheme = first.variables[0].values.as_ref().unwrap();
        assert_eq!(scheme.type_name, "Server0Scheme");
        assert_eq!(scheme.variants[1], ("Http".to_owned(), "http".to_owned()));
        assert!(first.variables[1].values.is_none());
        // A default outside the enum: a plain string, with a warning.
        let second = api.servers[1].template.as_ref().unwrap();
        assert!(second.variables[0].values.is_none());
    }

    #[test]
    fn variables_take_their_defaults() {
        let value = |name: &str| match name {
            "version" => Some("v1"),
            "region" => Some("eu"),
            _ => None,
        };
        let cases = [
            ("https://api.codat.io", Ok("https://api.codat.io")),
            (
                "https://{region}.example.com/{version}",
                Ok("https://eu.example.com/v1"),
            ),
            ("https://x/{missing}", Err("`missing`")),
            ("https://x/{version", Err("unclosed")),
        ];
        for (template, expected) in cases {
            match (substitute(template, value), expected) {
                (Ok(got), Ok(want)) => assert_eq!(got, want, "{template}"),
                (Err(got), Err(want)) => assert!(got.contains(want), "{template}: {got}"),
                (got, want) => panic!("{template}: {got:?}, expected {want:?}"),
            }
        }
    }
}
