//! The spec's `servers`, as URLs the client can call: variables replaced by their defaults, so
//! no request goes to a literal `/{version}` path, and relative URLs (which need the spec's own
//! location) left out with a warning.

use super::Server;
use crate::error::{GenError, Warning};
use crate::load::LoadedSpec;

/// Every absolute server of the spec, in order, with `{variable}`s substituted.
pub fn lower(spec: &LoadedSpec, warnings: &mut Vec<Warning>) -> Result<Vec<Server>, GenError> {
    let mut servers = Vec::new();
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
                     must be given `server_url`"
                ),
            });
            continue;
        }
        servers.push(Server {
            url,
            description: server.description.clone(),
        });
    }
    Ok(servers)
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
