//! Serde helpers for tri-state fields (`Option<Option<T>>`): absent, `null`,
//! or a value.
//!
//! Use as `#[serde(default, skip_serializing_if = "Option::is_none", with =
//! "crate::runtime::nullable")]`: absent is `None`, `null` is `Some(None)`,
//! a value is `Some(Some(v))`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Serializes `Some(None)` as `null` and `Some(Some(v))` as `v` (`None` is
/// skipped by `skip_serializing_if`; if not, it is written as `null`).
pub fn serialize<T, S>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error>
where
    T: Serialize,
    S: Serializer,
{
    match value {
        Some(Some(value)) => value.serialize(serializer),
        Some(None) | None => serializer.serialize_none(),
    }
}

/// Deserializes a present field: `null` as `Some(None)`, a value as
/// `Some(Some(v))` (an absent field is `None` through `#[serde(default)]`).
pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    /// Generated models derive `Serialize` without `serialize_with = "nullable::serialize"`
    /// (its wrapper types cost compile time): JSON gets the same bytes from `Option` itself.
    #[test]
    fn plain_option_writes_the_same_json() {
        let wrapped = |value: &Option<Option<i32>>| {
            super::serialize(value, serde_json::value::Serializer).unwrap()
        };
        for value in [None, Some(None), Some(Some(7))] {
            assert_eq!(serde_json::to_value(value).unwrap(), wrapped(&value));
        }
    }
}
