//! Where the example values of a (normalized) document sit, so tests can check that each one
//! has a generated type to round-trip through and none is forgotten.

use std::collections::BTreeSet;

use serde_json::Value;

use super::pointer::escape_token;

/// JSON pointers (without `#`) of every example value in `doc`: `example` keys, the entries of
/// a schema's `examples` list, and `examples/<name>/value` of media types, parameters and
/// headers. A list's first entry is left out when the loader copied it into `example` beside it,
/// so each value is counted once.
pub fn example_pointers(doc: &Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    walk(doc, "", "", &mut found);
    found
}

/// The positions of a schema's `examples` list that hold examples of their own: every entry
/// but a first one equal to `example` beside the list, which the loader copied there
/// (keywords.rs, rule 5) and which is counted as `example`.
pub(crate) fn own_list_entries<'a>(
    example: Option<&'a Value>,
    list: &'a [Value],
) -> impl Iterator<Item = usize> + 'a {
    list.iter()
        .enumerate()
        .filter(move |(i, entry)| !(*i == 0 && example == Some(*entry)))
        .map(|(i, _)| i)
}

fn walk(node: &Value, pointer: &str, parent_key: &str, found: &mut BTreeSet<String>) {
    match node {
        Value::Object(map) => {
            // Inside `properties` keys are property names, not keywords.
            let is_keyword = parent_key != "properties";
            for (key, child) in map {
                let child_pointer = format!("{pointer}/{}", escape_token(key));
                match (is_keyword, key.as_str(), child) {
                    (true, "example", _) => {
                        found.insert(child_pointer);
                    }
                    (true, "examples", Value::Array(list)) => {
                        for i in own_list_entries(map.get("example"), list) {
                            found.insert(format!("{child_pointer}/{i}"));
                        }
                    }
                    (true, "examples", Value::Object(named)) => {
                        for (name, example) in named {
                            if example.get("value").is_some() {
                                found.insert(format!(
                                    "{child_pointer}/{}/value",
                                    escape_token(name)
                                ));
                            }
                        }
                    }
                    // Data, not schema: nothing below is an example.
                    (true, "default" | "enum", _) => {}
                    _ => walk(child, &child_pointer, key, found),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{pointer}/{i}"), "", found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_every_kind_of_example_once() {
        let doc = json!({
            "components": {"schemas": {"A": {
                "type": "object",
                "example": {"id": "1"},
                "examples": [{"id": "1"}, {"id": "2"}],
                "properties": {"example": {"type": "string", "example": "x"}},
                "enum": [{"example": 1}],
            }}},
            "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {
                "examples": {"one": {"value": {}}, "ref": {"$ref": "#/components/examples/E"}},
            }}}}}}},
        });
        let found: Vec<String> = example_pointers(&doc).into_iter().collect();
        assert_eq!(
            found,
            [
                "/components/schemas/A/example",
                "/components/schemas/A/examples/1",
                "/components/schemas/A/properties/example/example",
                "/paths/~1a/get/responses/200/content/application~1json/examples/one/value",
            ]
        );
    }
}
