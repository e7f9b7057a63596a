//! Decoding of generated structs, shared by all of them.
//!
//! serde's derive gives every struct a field enum with its own visitor, a sequence visitor and,
//! per tri-state field, two wrapper types with their own `Deserialize` impls. That code was most
//! of a generated crate's compile time. A generated struct instead implements [`DecodeStruct`]
//! through `decode_model!` (one entry per field, so the generated source stays small):
//! one loop over the keys, one [`decode_field`] call per field; the key lookup, the visitor and
//! the per-field steps below are written once. Decoding behaves as the derive did for maps:
//! same errors for missing and duplicate fields, unknown keys skipped, or, for a struct with
//! additional properties, each decoded into its map as it is read (serde's `flatten` buffers
//! them all first). Where the two differ, on purpose, the differential tests below say why:
//! a JSON array is not read as the fields in order (an array where the spec says object is an
//! error that says so, `expected struct Name`), and an unknown key given twice is an error, as
//! a declared one is (`flatten` keeps the last value).

use std::collections::btree_map::{BTreeMap, Entry};
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

/// A map key of a struct with additional properties: a declared field, or a key kept by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// The index of a declared field.
    Field(usize),
    /// A key the struct does not declare.
    Other(String),
}

/// [`FieldKey`] that keeps the name of an undeclared key, for the additional properties.
#[derive(Debug, Clone, Copy)]
pub struct OpenFieldKey(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for OpenFieldKey {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for OpenFieldKey {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<Key, E> {
        Ok(match FieldKey(self.0).visit_u64::<E>(index)? {
            Some(i) => Key::Field(i),
            None => Key::Other(index.to_string()),
        })
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(match FieldKey(self.0).visit_str::<E>(name)? {
            Some(i) => Key::Field(i),
            None => Key::Other(name.to_owned()),
        })
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Key, E> {
        match std::str::from_utf8(name) {
            Ok(name) => self.visit_str(name),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(name), &self)),
        }
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

/// Decodes the value of undeclared `key` into the additional properties. A key given twice is
/// the same error as a declared field given twice: which value the server meant is unknown.
pub fn decode_additional<'de, A: MapAccess<'de>, V: Deserialize<'de>>(
    map: &mut A,
    values: &mut BTreeMap<String, V>,
    key: String,
) -> Result<(), A::Error> {
    match values.entry(key) {
        // The key is the server's: cut and escaped, as in every error text.
        Entry::Occupied(entry) => Err(de::Error::custom(format_args!(
            "duplicate field `{}`",
            super::response::excerpt(entry.key().as_bytes(), 100)
        ))),
        Entry::Vacant(entry) => {
            entry.insert(map.next_value()?);
            Ok(())
        }
    }
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
/// name, kind and wire name, then, for a struct with additional properties, the name of the
/// `BTreeMap<String, V>` field that takes every undeclared key. Kinds: `required` (absent is an
/// error), `optional` (absent or `null` is `None`) and `tristate` (`Option<Option<T>>`: absent,
/// `null` and a value differ). Each field's local slot has the field's own name; macro hygiene
/// keeps it apart from `map` and `extra`. Generated code calls it as
/// `crate::runtime::__private::decode_model!`. `$crate::runtime` is the runtime in both of its
/// forms: the crate's hidden `runtime` alias of itself, or the `runtime` module of a generated
/// crate that vendors these files (where `#[macro_export]` puts the macro at that crate's root).
#[doc(hidden)]
#[macro_export]
macro_rules! __decode_model {
    ($name:ident {}) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::__private::decode_struct(deserializer)
            }
        }
        #[doc(hidden)]
        impl $crate::runtime::__private::DecodeStruct for $name {
            const NAME: &'static str = stringify!($name);
            const FIELDS: &'static [&'static str] = &[];
            fn visit_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                while map.next_key_seed($crate::runtime::__private::FieldKey(Self::FIELDS))?.is_some() {
                    $crate::runtime::__private::skip_value(&mut map)?;
                }
                Ok(Self {})
            }
        }
    };
    ($name:ident { $($index:literal $field:ident: $kind:ident $wire:literal),+ $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::__private::decode_struct(deserializer)
            }
        }
        #[doc(hidden)]
        impl $crate::runtime::__private::DecodeStruct for $name {
            const NAME: &'static str = stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($wire),+];
            fn visit_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                $(let mut $field = None;)+
                while let Some(key) = map.next_key_seed($crate::runtime::__private::FieldKey(Self::FIELDS))? {
                    match key {
                        $(Some($index) => $crate::runtime::__private::decode_field(&mut map, &mut $field, $wire)?,)+
                        _ => $crate::runtime::__private::skip_value(&mut map)?,
                    }
                }
                Ok(Self { $($field: $crate::runtime::__private::decode_model!(@value $kind $field $wire),)+ })
            }
        }
    };
    ($name:ident { $($index:literal $field:ident: $kind:ident $wire:literal),* $(,)? } $additional:ident) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::__private::decode_struct(deserializer)
            }
        }
        #[doc(hidden)]
        impl $crate::runtime::__private::DecodeStruct for $name {
            const NAME: &'static str = stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($wire),*];
            fn visit_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                $(let mut $field = None;)*
                let mut extra = std::collections::BTreeMap::new();
                while let Some(key) = map.next_key_seed($crate::runtime::__private::OpenFieldKey(Self::FIELDS))? {
                    match key {
                        $($crate::runtime::__private::Key::Field($index) => $crate::runtime::__private::decode_field(&mut map, &mut $field, $wire)?,)*
                        $crate::runtime::__private::Key::Other(key) => $crate::runtime::__private::decode_additional(&mut map, &mut extra, key)?,
                        // `OpenFieldKey` gives only the indexes matched above.
                        $crate::runtime::__private::Key::Field(_) => $crate::runtime::__private::skip_value(&mut map)?,
                    }
                }
                Ok(Self {
                    $($field: $crate::runtime::__private::decode_model!(@value $kind $field $wire),)*
                    $additional: extra,
                })
            }
        }
    };
    (@value required $field:ident $wire:literal) => {
        $crate::runtime::__private::required_field($field, $wire)?
    };
    (@value optional $field:ident $wire:literal) => {
        $field.flatten()
    };
    (@value tristate $field:ident $wire:literal) => {
        $field
    };
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::fmt::Debug;

    use serde::de::DeserializeOwned;
    use serde::Deserialize;

    use super::{FieldKey, Key, OpenFieldKey, Visitor};

    /// Every field shape, through the macro as generated code calls it: `id` required,
    /// `label` required and nullable, `count` optional, `note` optional and nullable, `inner` a
    /// nested model.
    #[derive(Debug, PartialEq)]
    struct Sample {
        id: String,
        label: Option<String>,
        count: Option<i64>,
        note: Option<Option<String>>,
        inner: Option<Inner>,
    }
    crate::runtime::__private::decode_model! { Sample {
        0 id: required "id", 1 label: optional "label", 2 count: optional "count",
        3 note: tristate "note", 4 inner: optional "innerRef",
    } }

    #[derive(Debug, PartialEq)]
    struct Inner {
        n: i64,
    }
    crate::runtime::__private::decode_model! { Inner { 0 n: required "n" } }

    /// A struct with additional properties of a model type.
    #[derive(Debug, PartialEq)]
    struct Open {
        id: String,
        note: Option<Option<String>>,
        additional_properties: BTreeMap<String, Inner>,
    }
    crate::runtime::__private::decode_model! { Open { 0 id: required "id", 1 note: tristate "note" } additional_properties }

    #[derive(Debug, PartialEq)]
    struct Empty {}
    crate::runtime::__private::decode_model! { Empty {} }

    /// What the generator emitted before, for serde derive: the behaviour to match.
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)] // read through `Debug`
    struct DerivedSample {
        id: String,
        #[serde(default)]
        label: Option<String>,
        #[serde(default)]
        count: Option<i64>,
        #[serde(default, deserialize_with = "super::super::nullable::deserialize")]
        note: Option<Option<String>>,
        #[serde(default, rename = "innerRef")]
        inner: Option<DerivedInner>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct DerivedInner {
        n: i64,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct DerivedOpen {
        id: String,
        #[serde(default, deserialize_with = "super::super::nullable::deserialize")]
        note: Option<Option<String>>,
        #[serde(flatten)]
        additional_properties: BTreeMap<String, DerivedInner>,
    }

    #[derive(Debug, Deserialize)]
    struct DerivedEmpty {}

    /// The value's `Debug` or the error's message, with the derive's struct names made ours.
    fn outcome<T: DeserializeOwned + Debug>(json: &str) -> Result<String, String> {
        serde_json::from_str::<T>(json)
            .map(|value| format!("{value:?}").replace("Derived", ""))
            .map_err(|error| error.to_string().replace("Derived", ""))
    }

    /// One input: both decoders give the same outcome, or each gives the one stated, for the
    /// reason stated.
    enum Case {
        Same(&'static str),
        Differs {
            json: &'static str,
            ours: Result<&'static str, &'static str>,
            serde: Result<&'static str, &'static str>,
            why: &'static str,
        },
    }

    fn check<Ours: DeserializeOwned + Debug, Derived: DeserializeOwned + Debug>(cases: &[Case]) {
        let own = |r: Result<&str, &str>| r.map(str::to_owned).map_err(str::to_owned);
        for case in cases {
            match case {
                Case::Same(json) => {
                    assert_eq!(outcome::<Ours>(json), outcome::<Derived>(json), "{json}")
                }
                Case::Differs {
                    json,
                    ours,
                    serde,
                    why,
                } => {
                    assert_eq!(outcome::<Ours>(json), own(*ours), "ours, {json}: {why}");
                    assert_eq!(
                        outcome::<Derived>(json),
                        own(*serde),
                        "derive, {json}: {why}"
                    );
                }
            }
        }
    }

    const ARRAY: &str = "a JSON array is not read as the fields in order: where the spec says \
                         object, an array is a wrong value, and the sequence visitor would double \
                         the generated code";

    #[test]
    fn every_field_shape_decodes_like_serde_derive() {
        check::<Sample, DerivedSample>(&[
            Case::Same(r#"{"id":"a"}"#),
            Case::Same(r#"{"id":"a","label":null,"count":null,"note":null,"innerRef":null}"#),
            Case::Same(r#"{"id":"a","label":"l","count":3,"note":"n","innerRef":{"n":1}}"#),
            Case::Same(r#"{"\u0069d":"a","note":"x"}"#),
            // Missing, null, duplicate and wrong-typed values.
            Case::Same(r#"{"label":"l"}"#),
            Case::Same(r#"{}"#),
            Case::Same(r#"{"id":null}"#),
            Case::Same(r#"{"id":"a","id":"b"}"#),
            Case::Same(r#"{"id":"a","note":null,"note":"x"}"#),
            Case::Same(r#"{"id":1}"#),
            Case::Same(r#"{"id":"a","count":"3"}"#),
            Case::Same(r#"{"id":"a","note":false}"#),
            // Unknown keys, once or twice, are skipped whatever they hold.
            Case::Same(r#"{"id":"a","other":[1,{"y":2}],"x":null}"#),
            Case::Same(r#"{"id":"a","other":1,"other":"2"}"#),
            // Nested models.
            Case::Same(r#"{"id":"a","innerRef":{"n":"x"}}"#),
            Case::Same(r#"{"id":"a","innerRef":{}}"#),
            Case::Same(r#"{"id":"a","innerRef":7}"#),
            // Not an object, or not JSON.
            Case::Same(r#""text""#),
            Case::Same("1"),
            Case::Same("null"),
            Case::Same(r#"{"id":"a",}"#),
            Case::Differs {
                json: r#"["a",null,null,null,null]"#,
                ours: Err("invalid type: sequence, expected struct Sample at line 1 column 1"),
                serde: Ok(
                    r#"Sample { id: "a", label: None, count: None, note: Some(None), inner: None }"#,
                ),
                why: ARRAY,
            },
            Case::Differs {
                json: "[]",
                ours: Err("invalid type: sequence, expected struct Sample at line 1 column 2"),
                serde: Err(
                    "invalid length 0, expected struct Sample with 5 elements at line 1 column 2",
                ),
                why: ARRAY,
            },
        ]);
    }

    #[test]
    fn additional_properties_decode_like_serde_flatten() {
        check::<Open, DerivedOpen>(&[
            Case::Same(r#"{"id":"a"}"#),
            Case::Same(r#"{"id":"a","note":null,"x":{"n":1},"y":{"n":2}}"#),
            Case::Same(r#"{"x":{"n":1}}"#),
            Case::Same(r#"{"id":"a","id":"b"}"#),
            Case::Same(r#"{"id":1}"#),
            Case::Same(r#"{}"#),
            Case::Same(r#""text""#),
            Case::Differs {
                json: "[]",
                ours: Err("invalid type: sequence, expected struct Open at line 1 column 2"),
                serde: Err("invalid type: sequence, expected struct Open at line 1 column 0"),
                why: "same message; serde_json places it after the array for a struct, at 0 \
                      for the map flatten asks for",
            },
            Case::Differs {
                json: r#"{"id":"a","x":{"n":1},"x":{"n":2}}"#,
                ours: Err("duplicate field `x` at line 1 column 25"),
                serde: Ok(
                    r#"Open { id: "a", note: None, additional_properties: {"x": Inner { n: 2 }} }"#,
                ),
                why: "an undeclared key given twice is an error, as a declared one is: which \
                      value the server meant is unknown, and flatten's keeping the last is an \
                      accident of how it buffers",
            },
            Case::Differs {
                json: r#"{"id":"a","x":7,"note":"n"}"#,
                ours: Err("invalid type: integer `7`, expected struct Inner at line 1 column 15"),
                serde: Err("invalid type: integer `7`, expected struct Inner at line 1 column 27"),
                why: "each additional value is decoded where it is read; flatten buffers them \
                      and decodes all at the end of the object, so its position is the end",
            },
            Case::Differs {
                json: r#"{"id":"a","x":{"n":"s"}}"#,
                ours: Err(r#"invalid type: string "s", expected i64 at line 1 column 22"#),
                serde: Err(r#"invalid type: string "s", expected i64 at line 1 column 24"#),
                why: "as above: the position of a nested wrong value inside an additional one",
            },
            Case::Differs {
                json: r#"{"id":"a","x":null}"#,
                ours: Err("invalid type: null, expected struct Inner at line 1 column 18"),
                serde: Err("invalid type: null, expected struct Inner at line 1 column 19"),
                why: "as above",
            },
        ]);
    }

    #[test]
    fn an_empty_struct_decodes_like_serde_derive() {
        check::<Empty, DerivedEmpty>(&[
            Case::Same("{}"),
            Case::Same(r#"{"x":1,"x":[2]}"#),
            Case::Same(r#""text""#),
            Case::Differs {
                json: "[]",
                ours: Err("invalid type: sequence, expected struct Empty at line 1 column 2"),
                serde: Ok("Empty"),
                why: ARRAY,
            },
        ]);
    }

    #[test]
    fn decoded_values_land_in_their_fields() {
        let open: Open = serde_json::from_str(r#"{"note":null,"id":"a","x":{"n":1}}"#).unwrap();
        assert_eq!(
            open,
            Open {
                id: "a".to_owned(),
                note: Some(None),
                additional_properties: BTreeMap::from([("x".to_owned(), Inner { n: 1 })]),
            }
        );
        let sample: Sample = serde_json::from_str(r#"{"id":"a","note":"n","count":2}"#).unwrap();
        assert_eq!(
            (sample.note, sample.count, sample.label),
            (Some(Some("n".to_owned())), Some(2), None)
        );
    }

    #[derive(Debug)]
    #[allow(dead_code)] // only its errors are read
    struct Page {
        data: Vec<Open>,
    }
    crate::runtime::__private::decode_model! { Page { 0 data: required "data" } }

    /// Decode errors name the path of the value, through declared fields and additional ones.
    #[test]
    fn a_wrong_nested_value_is_named_by_its_path() {
        let path = |body: &'static str| {
            let response =
                crate::runtime::Response::new(200.try_into().unwrap(), Default::default(), body);
            match response.json::<Page, ()>() {
                Err(crate::runtime::Error::Decode { path, .. }) => path,
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(
            path(r#"{"data":[{"id":"a"},{"id":"b","x":{"n":"s"}}]}"#),
            "data[1].x.n"
        );
        assert_eq!(path(r#"{"data":[{"id":"a","note":3}]}"#), "data[0].note");
        assert_eq!(path(r#"{"data":[{}]}"#), "data[0]");
        assert_eq!(path("[]"), ".");
        assert_eq!(path(r#"{"data":[]} x"#), ".");
    }

    /// Keys are the server's and end up in logs: a path or a duplicate key in an error is cut and
    /// has its control and bidi characters escaped, as body excerpts do.
    #[test]
    fn server_keys_in_decode_errors_are_escaped_and_cut() {
        // As JSON text: an escape and a right-to-left override, then a 10,000-character run.
        let hostile = format!(r"\u001b[2J\u202e{}", "k".repeat(10_000));
        let body = format!(r#"{{"data":[{{"id":"a","{hostile}":{{"n":"s"}}}}]}}"#);
        let response =
            crate::runtime::Response::new(200.try_into().unwrap(), Default::default(), body);
        let Err(crate::runtime::Error::Decode { path, .. }) = response.json::<Page, ()>() else {
            panic!("the wrong type decoded");
        };
        assert!(path.starts_with("data[0].\\u{1b}[2J\\u{202e}kk"), "{path}");
        assert!(path.len() < 300 && path.ends_with('…'), "{path}");

        let body = format!(r#"{{"id":"a","{hostile}":{{"n":1}},"{hostile}":{{"n":2}}}}"#);
        let message = serde_json::from_str::<Open>(&body).unwrap_err().to_string();
        assert!(
            !message.contains('\u{1b}') && !message.contains('\u{202e}'),
            "{message}"
        );
        assert!(message.len() < 300, "{message}");
    }

    #[test]
    fn keys_by_position_are_accepted_and_out_of_range_ones_skipped_or_kept() {
        let key = |index: u64| {
            Visitor::visit_u64::<serde_json::Error>(FieldKey(&["id", "note"]), index).unwrap()
        };
        assert_eq!((key(1), key(2)), (Some(1), None));
        let open = |index: u64| {
            Visitor::visit_u64::<serde_json::Error>(OpenFieldKey(&["id"]), index).unwrap()
        };
        assert_eq!(
            (open(0), open(1)),
            (Key::Field(0), Key::Other("1".to_owned()))
        );
    }
}
