//! Example values for an operation's request body, read from the raw spec: every named example
//! of the body's media type (in spec order), else its single `example`, else the schema's.

use serde_json::Value;

use crate::ir::Operation;

/// A request-body example: its name in the spec (when named) and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyExample {
    pub name: Option<String>,
    pub value: Value,
}

/// The body examples of `op`, in the order the spec lists them; empty when the spec has none.
pub fn body_examples(raw: &Value, op: &Operation) -> Vec<BodyExample> {
    let Some(body) = &op.body else {
        return Vec::new();
    };
    let Some(request_body) = raw
        .pointer(&op.pointer)
        .and_then(|o| o.get("requestBody"))
        .map(|b| resolve(raw, b))
    else {
        return Vec::new();
    };
    let Some(media) = request_body
        .get("content")
        .and_then(|c| c.get(&body.content_type))
        .map(|m| resolve(raw, m))
    else {
        return Vec::new();
    };
    if let Some(named) = media.get("examples").and_then(Value::as_object) {
        let found: Vec<BodyExample> = named
            .iter()
            .filter_map(|(name, example)| {
                let example = resolve(raw, example);
                example.get("value").map(|value| BodyExample {
                    name: Some(name.clone()),
                    value: value.clone(),
                })
            })
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    let single = media.get("example").cloned().or_else(|| {
        media
            .get("schema")
            .map(|s| resolve(raw, s))
            .and_then(|s| s.get("example"))
            .cloned()
    });
    single
        .map(|value| vec![BodyExample { name: None, value }])
        .unwrap_or_default()
}

/// Follows a local `$ref` (`#/components/...`) to what it names; anything else as is.
fn resolve<'a>(raw: &'a Value, node: &'a Value) -> &'a Value {
    let mut node = node;
    // Bounded, so a reference cycle cannot loop.
    for _ in 0..8 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => match reference.strip_prefix('#').and_then(|p| raw.pointer(p)) {
                Some(target) => node = target,
                None => return node,
            },
            None => return node,
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Body, Field, SuccessResponse, TypeRef};
    use serde_json::json;

    fn operation() -> Operation {
        Operation {
            operation_id: "create".into(),
            method: "create".into(),
            http_method: "POST".into(),
            path: "/things".into(),
            summary: None,
            description: None,
            deprecation: None,
            request: None,
            params: Vec::new(),
            body: Some(Body {
                field: Field {
                    wire_name: "body".into(),
                    rust_name: "body".into(),
                    ty: TypeRef::Json,
                    required: true,
                    nullable: false,
                    docs: Default::default(),
                    deprecated: false,
                    example: None,
                    default: None,
                },
                content_type: "application/json".into(),
            }),
            response: SuccessResponse {
                status: "200".into(),
                ty: None,
                description: None,
            },
            error_statuses: Vec::new(),
            pointer: "/paths/~1things/post".into(),
        }
    }

    #[test]
    fn named_examples_in_order_with_refs_followed() {
        let raw = json!({
            "paths": {"/things": {"post": {"requestBody": {"content": {"application/json": {
                "examples": {"b": {"value": {"n": 2}}, "a": {"$ref": "#/components/examples/A"}}
            }}}}}},
            "components": {"examples": {"A": {"value": {"n": 1}}}}
        });
        let found = body_examples(&raw, &operation());
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name.as_deref(), Some("b"));
        assert_eq!(found[1].value, json!({"n": 1}));
    }

    #[test]
    fn schema_example_when_the_media_has_none() {
        let raw = json!({
            "paths": {"/things": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/T"}
            }}}}}},
            "components": {"schemas": {"T": {"example": {"n": 3}}}}
        });
        assert_eq!(
            body_examples(&raw, &operation()),
            [BodyExample {
                name: None,
                value: json!({"n": 3})
            }]
        );
    }
}
