//! Decoding of generated structs, shared by all of them.
//!
//! serde's derive gives every struct a field enum with its own visitor, a sequence visitor and,
//! per tri-state field, two wrapper types with their own `Deserialize` impls. That code was most
//! of a generated crate's compile time. A generated struct instead implements [`DecodeStruct`]
//! through `decode_model!` (one entry per field, so the generated source stays small):
//! one loop over the keys, one [`decode_field`] call per field; the key lookup, the visitor and
//! the per-field steps below are written once. Decoding behaves as the derive did for maps:
//! same errors for missing and duplicate fields, unknown keys skipped. Unlike the derive, a JSON
//! array is not read as the fields in order: an array where the spec says object is an error
//! that says so (`expected struct Name`), and the generated code stays half the size.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

/// A struct that generated code decodes from a map, key by key.
pub trait DecodeStruct: Sized {
    /// The Rust name, for "invalid type" errors (`expected struct Name`).
    const NAME: &'static str;
    /// The wire names of the fields, in declaration order (a key's index is its position).
    const FIELDS: &'static [&'static str];

    /// Reads every entry of `map` and builds the struct.
    fn visit_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of a [`DecodeStruct`].
pub fn decode_struct<'de, T: DecodeStruct, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, StructVisitor(PhantomData))
}

struct StructVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: DecodeStruct> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit_map(map)
    }
}

/// Reads a map key as the index of a declared field, `None` for keys the struct does not declare.
#[derive(Debug, Clone, Copy)]
pub struct FieldKey(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldKey {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FieldKey {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    // Formats that name fields by position, as serde derive accepts.
    fn visit_u64<E: de::Error>(self, index: u64) -> Result<Option<usize>, E> {
        Ok(usize::try_from(index).ok().filter(|i| *i < self.0.len()))
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|field| *field == name))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|field| field.as_bytes() == name))
    }
}

/// Decodes the value of field `name` into `slot`; a second occurrence of the key is an error.
pub fn decode_field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key the struct does not declare.
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of a required field, or the "missing field" error.
pub fn required_field<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// A generated model's `Deserialize` and [`DecodeStruct`], from its fields: position, Rust
/// name, kind and wire name. Kinds: `required` (absent is an error), `optional` (absent or
/// `null` is `None`) and `tristate` (`Option<Option<T>>`: absent, `null` and a value differ).
/// Each field's local slot has the field's own name; macro hygiene keeps it apart from `map`.
/// Generated code calls it as `crate::runtime::decode_model!`, so `$crate::runtime` is this
/// module there; the runtime crate itself never expands it.
#[allow(unused_macros)] // expanded only in generated crates
macro_rules! decode_model {
    ($name:ident {}) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::decode_struct(deserializer)
            }
        }
        impl $crate::runtime::DecodeStruct for $name {
            const NAME: &'static str = stringify!($name);
            const FIELDS: &'static [&'static str] = &[];
            fn visit_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                while map.next_key_seed($crate::runtime::FieldKey(Self::FIELDS))?.is_some() {
                    $crate::runtime::skip_value(&mut map)?;
                }
                Ok(Self {})
            }
        }
    };
    ($name:ident { $($index:literal $field:ident: $kind:ident $wire:literal),+ $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::decode_struct(deserializer)
            }
        }
        impl $crate::runtime::DecodeStruct for $name {
            const NAME: &'static str = stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($wire),+];
            fn visit_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                $(let mut $field = None;)+
                while let Some(key) = map.next_key_seed($crate::runtime::FieldKey(Self::FIELDS))? {
                    match key {
                        $(Some($index) => $crate::runtime::decode_field(&mut map, &mut $field, $wire)?,)+
                        _ => $crate::runtime::skip_value(&mut map)?,
                    }
                }
                Ok(Self { $($field: $crate::runtime::decode_model!(@value $kind $field $wire),)+ })
            }
        }
    };
    (@value required $field:ident $wire:literal) => {
        $crate::runtime::required_field($field, $wire)?
    };
    (@value optional $field:ident $wire:literal) => {
        $field.flatten()
    };
    (@value tristate $field:ident $wire:literal) => {
        $field
    };
}
#[allow(unused_imports)] // used by generated models only
pub(crate) use decode_model;

#[cfg(test)]
mod tests {
    use super::*;

    /// What the generator emits for `{ "id": string (required), "note": string|null (optional) }`.
    #[derive(Debug, PartialEq)]
    struct Sample {
        id: String,
        note: Option<Option<String>>,
        count: Option<i64>,
    }

    impl DecodeStruct for Sample {
        const NAME: &'static str = "Sample";
        const FIELDS: &'static [&'static str] = &["id", "note", "count"];

        fn visit_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut f0: Option<String> = None;
            let mut f1: Option<Option<String>> = None;
            let mut f2: Option<Option<i64>> = None;
            while let Some(key) = map.next_key_seed(FieldKey(Self::FIELDS))? {
                match key {
                    Some(0) => decode_field(&mut map, &mut f0, "id")?,
                    Some(1) => decode_field(&mut map, &mut f1, "note")?,
                    Some(2) => decode_field(&mut map, &mut f2, "count")?,
                    _ => skip_value(&mut map)?,
                }
            }
            Ok(Sample {
                id: required_field(f0, "id")?,
                note: f1,
                count: f2.flatten(),
            })
        }
    }

    impl<'de> Deserialize<'de> for Sample {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            decode_struct(deserializer)
        }
    }

    /// The same struct through serde derive, the behaviour to match.
    #[derive(Debug, PartialEq, Deserialize)]
    struct Derived {
        id: String,
        #[serde(default, deserialize_with = "super::super::nullable::deserialize")]
        note: Option<Option<String>>,
        #[serde(default)]
        count: Option<i64>,
    }

    fn both(json: &str) -> (Result<Sample, String>, Result<Derived, String>) {
        (
            serde_json::from_str(json).map_err(|e| e.to_string()),
            // Only the struct name differs in "expected struct ..." messages.
            serde_json::from_str(json).map_err(|e| e.to_string().replace("Derived", "Sample")),
        )
    }

    #[test]
    fn decodes_absent_null_and_present_like_serde_derive() {
        for json in [
            r#"{"id":"a"}"#,
            r#"{"id":"a","note":null,"count":null}"#,
            r#"{"id":"a","note":"x","count":3,"other":[1,{"y":2}]}"#,
            r#"{"note":"x","id":"\u0061"}"#,
        ] {
            let (ours, derived) = both(json);
            let ours = ours.unwrap();
            let derived = derived.unwrap();
            assert_eq!(
                (ours.id, ours.note, ours.count),
                (derived.id, derived.note, derived.count),
                "{json}"
            );
        }
    }

    #[test]
    fn errors_match_serde_derive() {
        for json in [
            r#"{"note":"x"}"#,
            r#"{"id":"a","id":"b"}"#,
            r#"{"id":1}"#,
            r#""text""#,
            r#"{"id":"a","count":"3"}"#,
        ] {
            let (ours, derived) = both(json);
            assert_eq!(ours.unwrap_err(), derived.unwrap_err(), "{json}");
        }
    }

    #[test]
    fn an_array_is_not_read_as_the_fields_in_order() {
        let error = serde_json::from_str::<Sample>(r#"["a","x",3]"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid type: sequence, expected struct Sample at line 1 column 1"
        );
    }

    #[test]
    fn keys_by_position_are_accepted_and_out_of_range_ones_skipped() {
        let seed = FieldKey(&["id", "note"]);
        let key = |index: u64| Visitor::visit_u64::<serde_json::Error>(seed, index).unwrap();
        assert_eq!((key(1), key(2)), (Some(1), None));
    }
}
