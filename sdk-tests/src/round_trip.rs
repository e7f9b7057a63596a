//! Round-trips a JSON value through a generated type and names the first place it changed.
//!
//! Self-contained (serde, serde_json and serde_path_to_error only): `cargo xtask generate-all`
//! copies this file into the harness that checks the examples of every Codat spec, so the
//! Platform tests and the all-specs tests judge examples the same way.

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

/// Decodes `value` as `T` and encodes it back. A decoding error names the JSON pointer where it
/// happened (`does not decode at /results/0/amount: invalid type ...`).
pub fn round_trip<T: DeserializeOwned + Serialize>(value: Value) -> Result<Value, String> {
    let typed: T = serde_path_to_error::deserialize(value).map_err(|e| {
        let at = pointer(e.path());
        let at = if at.is_empty() {
            String::new()
        } else {
            format!(" at {at}")
        };
        format!("does not decode{at}: {}", e.inner())
    })?;
    serde_json::to_value(&typed).map_err(|e| format!("does not encode: {e}"))
}

/// [`round_trip`], then [`json_difference`]: `Ok` when the value came back unchanged.
pub fn check_round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> Result<(), String> {
    let encoded = round_trip::<T>(value.clone())?;
    match json_difference(value, &encoded, "") {
        Some(difference) => Err(difference),
        None => Ok(()),
    }
}

/// serde_path_to_error's path as a JSON pointer.
fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(format!("/{index}")),
            Segment::Map { key } => Some(format!("/{key}")),
            Segment::Enum { variant } => Some(format!("/{variant}")),
            Segment::Unknown => None,
        })
        .collect()
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

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Page {
        results: Vec<Item>,
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Item {
        amount: f64,
    }

    #[test]
    fn decoding_errors_name_the_pointer() {
        let error = check_round_trip::<Page>(&json!({"results": [{"amount": 1}, {"amount": "x"}]}))
            .unwrap_err();
        assert!(
            error.starts_with("does not decode at /results/1/amount: invalid type: string"),
            "{error}"
        );
    }

    #[test]
    fn a_faithful_value_passes() {
        assert_eq!(
            check_round_trip::<Page>(&json!({"results": [{"amount": 1.5}]})),
            Ok(())
        );
    }
}
