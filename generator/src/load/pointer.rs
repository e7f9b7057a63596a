//! JSON pointers (RFC 6901) and local `$ref` strings: parsing, escaping, and lookup.
//!
//! A `$ref` is a URI; its fragment is a percent-encoded JSON pointer. `parse_ref` decodes the
//! percent-encoding first and the `~1`/`~0` escapes second, as RFC 6901 section 6 prescribes.

use percent_encoding::percent_decode_str;
use serde_json::Value;

/// Splits a local reference (`#/a/b~1c/%7Bx%7D`) into unescaped tokens (`["a", "b/c", "{x}"]`).
///
/// Returns `None` for anything that is not a local reference: `other.yaml#/x`, `https://...`,
/// a fragment that is not a pointer, or percent-encoding that is not UTF-8.
pub fn parse_ref(reference: &str) -> Option<Vec<String>> {
    let fragment = reference.strip_prefix('#')?;
    let decoded = percent_decode_str(fragment).decode_utf8().ok()?;
    parse_pointer(&decoded)
}

/// Splits an (already percent-decoded) JSON pointer into unescaped tokens.
pub(crate) fn parse_pointer(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(unescape_token).collect())
}

fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Escapes one pointer token: `~` becomes `~0`, `/` becomes `~1`.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Joins tokens into a JSON pointer: `["a", "b/c"]` becomes `/a/b~1c`; no tokens is `""`.
pub fn to_pointer(tokens: &[impl AsRef<str>]) -> String {
    let mut out = String::new();
    for token in tokens {
        out.push('/');
        out.push_str(&escape_token(token.as_ref()));
    }
    out
}

/// Looks a local reference up in `doc`, without following any `$ref` on the way.
pub fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    get(doc, &parse_ref(reference)?)
}

/// The node at `tokens`, without following any `$ref` on the way.
pub(crate) fn get<'a>(doc: &'a Value, tokens: &[impl AsRef<str>]) -> Option<&'a Value> {
    tokens
        .iter()
        .try_fold(doc, |node, token| step(node, token.as_ref()))
}

/// Mutable variant of [`get`].
pub(crate) fn get_mut<'a>(doc: &'a mut Value, tokens: &[impl AsRef<str>]) -> Option<&'a mut Value> {
    let mut node = doc;
    for token in tokens {
        let token = token.as_ref();
        node = match node {
            Value::Object(map) => map.get_mut(token)?,
            Value::Array(items) => items.get_mut(array_index(token)?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// One step down: an object member or an array element.
pub(crate) fn step<'a>(node: &'a Value, token: &str) -> Option<&'a Value> {
    match node {
        Value::Object(map) => map.get(token),
        Value::Array(items) => items.get(array_index(token)?),
        _ => None,
    }
}

/// An array index as RFC 6901 spells it: decimal digits, no leading zero (except `0` itself).
fn array_index(token: &str) -> Option<usize> {
    let canonical = token == "0" || (!token.starts_with('0') && !token.is_empty());
    if canonical && token.bytes().all(|b| b.is_ascii_digit()) {
        token.parse().ok()
    } else {
        None
    }
}

/// `#/components/<kind>/<Name>` for a reference in the form every later stage expects.
pub(crate) fn component_ref(section: &str, name: &str) -> String {
    format!(
        "#/components/{}/{}",
        escape_token(section),
        encode_fragment(&escape_token(name))
    )
}

/// A local reference (`#/a/b~1c`) to the node at `tokens`, as [`parse_ref`] reads it back.
pub(crate) fn local_ref(tokens: &[String]) -> String {
    let mut out = "#".to_owned();
    for token in tokens {
        out.push('/');
        out.push_str(&encode_fragment(&escape_token(token)));
    }
    out
}

/// Percent-encodes the few characters that may not appear raw in a URI fragment.
fn encode_fragment(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    for c in token.chars() {
        match c {
            '%' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' | '#' | ' ' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_refs() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            ("#/a/b~1c/%7Bx%7D", Some(&["a", "b/c", "{x}"])),
            ("#", Some(&[])),
            ("#/", Some(&[""])),
            ("#/a~01", Some(&["a~1"])),
            (
                "#/paths/~1companies~1%7BcompanyId%7D/get",
                Some(&["paths", "/companies/{companyId}", "get"]),
            ),
            ("other.yaml#/a", None),
            ("https://example.com/x#/a", None),
            ("#a", None),
            ("#/%FF", None),
        ];
        for (input, expected) in cases {
            let expected = expected.map(|t| t.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(parse_ref(input), expected, "{input}");
        }
    }

    #[test]
    fn escapes_and_joins() {
        assert_eq!(escape_token("/companies/{id}"), "~1companies~1{id}");
        assert_eq!(escape_token("a~/b"), "a~0~1b");
        assert_eq!(to_pointer(&["a", "b/c"]), "/a/b~1c");
        assert_eq!(to_pointer(&[] as &[&str]), "");
        assert_eq!(
            component_ref("schemas", "A b"),
            "#/components/schemas/A%20b"
        );
    }

    #[test]
    fn local_refs_read_back() {
        let tokens: Vec<String> = ["x", "a/b", "50%", "{id}", ""].map(str::to_owned).to_vec();
        assert_eq!(parse_ref(&local_ref(&tokens)), Some(tokens));
    }

    #[test]
    fn resolves() {
        let doc = json!({"a": {"b/c": [1, {"{x}": true}]}});
        assert_eq!(resolve(&doc, "#/a/b~1c/1/%7Bx%7D"), Some(&json!(true)));
        assert_eq!(resolve(&doc, "#/a/b~1c/01"), None);
        assert_eq!(resolve(&doc, "#/a/missing"), None);
        assert_eq!(resolve(&doc, "#"), Some(&doc));
        assert_eq!(resolve(&doc, "x.yaml#/a"), None);
    }
}
