//! Support for the tests of the generated `codat-platform` crate: the example sites of the spec
//! (from the build script) and JSON comparison that treats `1` and `1.0` as the same number.

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

pub mod prism;

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// Decodes `value` as `T` and encodes it back.
pub fn round_trip<T: DeserializeOwned + Serialize>(value: Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(value).map_err(|e| format!("does not decode: {e}"))?;
    serde_json::to_value(&typed).map_err(|e| format!("does not encode: {e}"))
}

/// Where two JSON values differ, if they do; numbers compare by value, objects ignore key order.
pub fn json_difference(expected: &Value, actual: &Value, path: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Number(a), Value::Number(b)) => {
            let same = match (a.as_f64(), b.as_f64()) {
                (Some(x), Some(y)) => x == y,
                _ => a == b,
            };
            (!same).then(|| format!("{path}: {a} became {b}"))
        }
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let child = format!("{path}/{key}");
                match b.get(key) {
                    Some(other) => {
                        if let Some(diff) = json_difference(value, other, &child) {
                            return Some(diff);
                        }
                    }
                    None => return Some(format!("{child}: dropped")),
                }
            }
            b.keys()
                .find(|key| !a.contains_key(*key))
                .map(|key| format!("{path}/{key}: added"))
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!("{path}: {} items became {}", a.len(), b.len()));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (x, y))| json_difference(x, y, &format!("{path}/{i}")))
        }
        _ => (expected != actual).then(|| format!("{path}: {expected} became {actual}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_compare_by_value() {
        assert_eq!(
            json_difference(&json!({"a": 1}), &json!({"a": 1.0}), ""),
            None
        );
        assert!(json_difference(&json!({"a": 1}), &json!({"a": 2}), "").is_some());
    }

    #[test]
    fn dropped_and_added_keys_are_named() {
        assert_eq!(
            json_difference(&json!({"a": 1, "b": 2}), &json!({"a": 1}), ""),
            Some("/b: dropped".to_owned())
        );
        assert_eq!(
            json_difference(&json!({"a": 1}), &json!({"a": 1, "c": null}), ""),
            Some("/c: added".to_owned())
        );
    }
}
