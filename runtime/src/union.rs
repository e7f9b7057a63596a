//! Decoding of `oneOf`/`anyOf` values: which variant of a generated union a JSON value is.
//!
//! serde's `untagged` takes the first variant that decodes, so a schema whose required
//! properties are a subset of another's (Codat's `SourceAccount` and `SourceAccountV2`) wins
//! values meant for the other and silently drops their fields. Generated unions instead rank
//! their variants by how well each one's [`Shape`] fits the value and decode the best first.

use serde_json::Value;

/// What a union variant looks like on the wire, as far as choosing between variants needs.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// Any JSON value (a nested union, free-form JSON).
    Any,
    /// `true` or `false`.
    Bool,
    /// A number without a fraction.
    Integer,
    /// Any number.
    Number,
    /// Any string.
    String,
    /// A string, best one of these values (open enums still take others).
    Enum(&'static [&'static str]),
    /// An array whose items have this shape.
    Array(&'static Shape),
    /// An object with free keys.
    Map,
    /// An object with named properties.
    Object {
        /// Properties that must be present.
        required: &'static [&'static str],
        /// Every declared property.
        known: &'static [&'static str],
        /// Whether undeclared properties are allowed (`additionalProperties`).
        open: bool,
    },
}

impl Shape {
    /// How well `value` fits: `None` when it cannot be this shape, else higher is better.
    pub fn score(&self, value: &Value) -> Option<i64> {
        match (self, value) {
            (Shape::Any, _) => Some(0),
            (Shape::Bool, Value::Bool(_)) => Some(5),
            (Shape::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => Some(6),
            (Shape::Number, Value::Number(_)) => Some(5),
            (Shape::String, Value::String(_)) => Some(5),
            (Shape::Enum(values), Value::String(s)) => {
                Some(if values.contains(&s.as_str()) { 10 } else { 1 })
            }
            (Shape::Array(item), Value::Array(items)) => {
                let mut total = 1;
                for element in items {
                    total += item.score(element)?;
                }
                Some(total)
            }
            (Shape::Map, Value::Object(_)) => Some(1),
            (
                Shape::Object {
                    required,
                    known,
                    open,
                },
                Value::Object(map),
            ) => {
                if required.iter().any(|name| !map.contains_key(*name)) {
                    return None;
                }
                let matched = map.keys().filter(|k| known.contains(&k.as_str())).count() as i64;
                let unknown = if *open { 0 } else { map.len() as i64 - matched };
                Some(2 + 4 * matched - 3 * unknown + required.len() as i64)
            }
            _ => None,
        }
    }
}

/// Indices of the variants `value` could be, best fit first (ties keep the spec's order).
pub fn rank_variants(value: &Value, shapes: &[Shape]) -> Vec<usize> {
    let mut ranked: Vec<(usize, i64)> = shapes
        .iter()
        .enumerate()
        .filter_map(|(index, shape)| shape.score(value).map(|score| (index, score)))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().map(|(index, _)| index).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const V1: Shape = Shape::Object {
        required: &["id"],
        known: &["id", "accountName", "balance"],
        open: false,
    };
    const V2: Shape = Shape::Object {
        required: &["id"],
        known: &["id", "accountName", "routingInfo", "accountInfo"],
        open: false,
    };

    #[test]
    fn the_variant_declaring_more_of_the_keys_wins_regardless_of_order() {
        let v2 = json!({"id": "a", "accountName": "x", "routingInfo": {}});
        assert_eq!(rank_variants(&v2, &[V1, V2]), vec![1, 0]);
        let v1 = json!({"id": "a", "balance": 1});
        assert_eq!(rank_variants(&v1, &[V2, V1]), vec![1, 0]);
    }

    #[test]
    fn missing_required_properties_exclude_a_variant() {
        assert!(rank_variants(&json!({"accountName": "x"}), &[V1, V2]).is_empty());
    }

    #[test]
    fn known_enum_values_beat_plain_strings() {
        let shapes = [Shape::String, Shape::Enum(&["latest"])];
        assert_eq!(rank_variants(&json!("latest"), &shapes), vec![1, 0]);
        assert_eq!(rank_variants(&json!("8a21-uuid"), &shapes), vec![0, 1]);
    }

    #[test]
    fn arrays_rank_by_their_items() {
        const A1: Shape = Shape::Array(&V1);
        const A2: Shape = Shape::Array(&V2);
        let value = json!([{"id": "a", "routingInfo": {}}]);
        assert_eq!(rank_variants(&value, &[A1, A2]), vec![1, 0]);
        assert_eq!(rank_variants(&json!(1), &[A1, Shape::Integer]), vec![1]);
    }
}
