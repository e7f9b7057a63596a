//! Example JSON values written as Rust expressions of the SDK's types: struct literals, enum
//! variants, `vec!`, `Some(..)`. Where no literal fits (unions, mismatched examples) the value
//! is decoded from JSON instead, so the snippet still compiles against the real type.

use serde_json::Value;

use crate::ir::{Api, Field, FieldKind, StructDef, TypeId, TypeKind, TypeRef};

/// Deeper nesting is decoded from JSON rather than written out.
const MAX_DEPTH: usize = 6;

/// Writes Rust expressions for example values of one API's types.
pub struct RustValues<'a> {
    pub api: &'a Api,
    /// The crate's library name, for the types a snippet does not import.
    pub lib: &'a str,
}

impl RustValues<'_> {
    /// `value` as an expression of type `ty`; `None` as value means "no example": a placeholder.
    pub fn expr(&self, ty: &TypeRef, value: Option<&Value>, depth: usize) -> String {
        let Some(value) = value else {
            return self.placeholder(ty, depth);
        };
        if depth > MAX_DEPTH {
            return self.decoded(ty, value);
        }
        match (ty, value) {
            (TypeRef::String, Value::String(s)) => format!("{}.to_owned()", string_literal(s)),
            (TypeRef::String, Value::Number(n)) => format!("\"{n}\".to_owned()"),
            (TypeRef::I32, Value::Number(n))
                if n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()) =>
            {
                n.to_string()
            }
            (TypeRef::I64, Value::Number(n)) if n.as_i64().is_some() => n.to_string(),
            (TypeRef::F64, Value::Number(n)) => match n.as_f64() {
                Some(f) if f.is_finite() => format!("{f:?}"),
                _ => self.decoded(ty, value),
            },
            (TypeRef::Bool, Value::Bool(b)) => b.to_string(),
            (TypeRef::Array(inner), Value::Array(items)) => {
                let items: Vec<String> = items
                    .iter()
                    .map(|v| self.expr(inner, Some(v), depth + 1))
                    .collect();
                format!("vec![{}]", items.join(", "))
            }
            (TypeRef::Map(inner), Value::Object(map)) => {
                if map.is_empty() {
                    return "std::collections::BTreeMap::new()".to_owned();
                }
                let entries: Vec<String> = map
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "({}.to_owned(), {})",
                            string_literal(k),
                            self.expr(inner, Some(v), depth + 1)
                        )
                    })
                    .collect();
                format!("std::collections::BTreeMap::from([{}])", entries.join(", "))
            }
            (TypeRef::Json, _) => json_macro(value),
            (TypeRef::Named(id), _) => self.named(id, value, depth),
            _ => self.decoded(ty, value),
        }
    }

    fn named(&self, id: &TypeId, value: &Value, depth: usize) -> String {
        let path = type_path(id);
        match (self.api.types.get(id).map(|t| &t.kind), value) {
            (Some(TypeKind::Enum(e)), Value::String(s)) => {
                match e.variants.iter().find(|v| &v.value == s) {
                    Some(v) => format!("{path}::{}", v.rust_name),
                    None => format!("{path}::Unknown({}.to_owned())", string_literal(s)),
                }
            }
            (Some(TypeKind::Struct(s)), Value::Object(map)) => {
                self.struct_literal(id, s, map, depth)
            }
            _ => self.decoded(&TypeRef::Named(id.clone()), value),
        }
    }

    fn struct_literal(
        &self,
        id: &TypeId,
        s: &StructDef,
        map: &serde_json::Map<String, Value>,
        depth: usize,
    ) -> String {
        let extra: Vec<String> = match &s.additional {
            Some(additional) => map
                .iter()
                .filter(|(k, _)| !s.fields.iter().any(|f| &f.wire_name == *k))
                .map(|(k, v)| {
                    format!(
                        "({}.to_owned(), {})",
                        string_literal(k),
                        self.expr(additional, Some(v), depth + 1)
                    )
                })
                .collect(),
            None => Vec::new(),
        };
        let mut built = self.construct(id, s, |field| map.get(&field.wire_name).cloned(), depth);
        if !extra.is_empty() {
            built = format!(
                "{{ let mut value = {built}; value.additional_properties.extend([{}]); value }}",
                extra.join(", ")
            );
        }
        built
    }

    /// A value of the struct `id` as a user builds one: `new` with the required fields (the
    /// example's value, else the field's own example: the spec's, else the made-up one of its
    /// type and format), then a `with_` setter per optional field the example gives. An explicit `null` for a field that can be sent as `null` is assigned, as no
    /// setter takes it.
    pub fn construct(
        &self,
        id: &TypeId,
        s: &StructDef,
        example: impl Fn(&Field) -> Option<Value>,
        depth: usize,
    ) -> String {
        let mut required = Vec::new();
        let mut setters = String::new();
        let mut nulls = Vec::new();
        for field in &s.fields {
            let value = example(field);
            match (field.kind(), value) {
                (FieldKind::Required, value) => {
                    // A required field the example leaves out shows its own example (the
                    // spec's, else the made-up one of its type and format).
                    let value = value
                        .filter(|v| !v.is_null())
                        .or_else(|| field.usage_example().map(|e| e.value.clone()));
                    required.push(self.argument(&field.ty, value.as_ref(), depth + 1));
                }
                (_, None) | (FieldKind::Optional, Some(Value::Null)) => {}
                (FieldKind::TriState, Some(Value::Null)) => nulls.push(&field.rust_name),
                (_, Some(value)) => setters.push_str(&format!(
                    ".{}({})",
                    field.setter_name(),
                    self.argument(&field.ty, Some(&value), depth + 1)
                )),
            }
        }
        let built = format!("{}::new({}){setters}", type_path(id), required.join(", "));
        if nulls.is_empty() {
            return built;
        }
        let assigned: String = nulls
            .iter()
            .map(|name| format!(" value.{name} = Some(None);"))
            .collect();
        format!("{{ let mut value = {built};{assigned} value }}")
    }

    /// [`Self::expr`] as an argument of `new` or a setter, which take `impl Into<..>`: a string
    /// is its literal, without `.to_owned()`.
    fn argument(&self, ty: &TypeRef, value: Option<&Value>, depth: usize) -> String {
        match (ty, value) {
            (TypeRef::String, Some(Value::String(s))) if depth <= MAX_DEPTH => string_literal(s),
            _ => self.expr(ty, value, depth),
        }
    }

    /// A value of `ty` for a required field the example leaves out.
    fn placeholder(&self, ty: &TypeRef, depth: usize) -> String {
        match ty {
            TypeRef::String => "String::new()".to_owned(),
            TypeRef::I32 | TypeRef::I64 => "0".to_owned(),
            TypeRef::F64 => "0.0".to_owned(),
            TypeRef::Bool => "false".to_owned(),
            // One item of a model, to show its shape; an empty list of anything else.
            TypeRef::Array(inner)
                if depth < MAX_DEPTH
                    && inner.named().is_some_and(|id| {
                        matches!(
                            self.api.types.get(id).map(|t| &t.kind),
                            Some(TypeKind::Struct(_) | TypeKind::Enum(_))
                        )
                    })
                    && matches!(**inner, TypeRef::Named(_)) =>
            {
                format!("vec![{}]", self.placeholder(inner, depth + 1))
            }
            TypeRef::Array(_) => "Vec::new()".to_owned(),
            TypeRef::Map(_) => "std::collections::BTreeMap::new()".to_owned(),
            TypeRef::Json => "serde_json::Value::Null".to_owned(),
            // Named, so a parameter taking `impl Into<..>` can infer it.
            TypeRef::Bytes => format!("{}::new()", ty.rust_path(self.lib)),
            TypeRef::Form => format!("{}::new()", ty.rust_path(self.lib)),
            TypeRef::Named(id) => match self.api.types.get(id).map(|t| &t.kind) {
                Some(TypeKind::Enum(e)) => match e.variants.first() {
                    Some(v) => format!("{}::{}", type_path(id), v.rust_name),
                    None => format!("{}::Unknown(String::new())", type_path(id)),
                },
                // Built field by field from the fields' own examples.
                Some(TypeKind::Struct(_)) if depth <= MAX_DEPTH => {
                    let fields = self.fields_example(id).unwrap_or_default();
                    self.expr(ty, Some(&Value::Object(fields)), depth)
                }
                _ if self.api.types.has_default(ty) => format!("{}::default()", type_path(id)),
                _ => self.decoded(ty, &Value::Null),
            },
        }
    }

    /// The value the IR settled for struct `id` ([`Api::type_examples`]), as one object
    /// (`None` when the spec says nothing of it): how a value of a type the spec gives no
    /// whole example for is shown. Required fields without one are filled in by
    /// [`Self::construct`].
    pub fn fields_example(&self, id: &TypeId) -> Option<serde_json::Map<String, Value>> {
        match self.api.type_examples.get(id)? {
            Value::Object(map) => Some(map.clone()),
            _ => None,
        }
    }

    /// Decodes `value` from JSON into `ty`, named so that a parameter taking `impl Into<..>`
    /// needs no inference (`shared::X` for a model, as the snippet imports it).
    fn decoded(&self, ty: &TypeRef, value: &Value) -> String {
        let ty = match ty {
            TypeRef::Named(id) => type_path(id),
            ty => ty.rust_path(self.lib),
        };
        if fits_json_macro(value, 0) {
            format!("serde_json::from_value::<{ty}>({})?", json_macro(value))
        } else {
            format!("serde_json::from_str::<{ty}>({})?", json_text(value))
        }
    }
}

/// `module::Name`, as written after `use <crate>::models::{operations, shared};`.
pub fn type_path(id: &TypeId) -> String {
    format!("{}::{}", id.module.as_str(), id.name)
}

/// A Rust string literal: `"..."` with Rust escapes ([`crate::escape::rust_string`]).
pub fn string_literal(s: &str) -> String {
    crate::escape::rust_string(s)
}

/// `serde_json::json!(..)` of `value`; strings go through Rust literals so every escape is valid.
/// A value too wide or deep for the macro is parsed from its JSON text instead.
fn json_macro(value: &Value) -> String {
    if fits_json_macro(value, 0) {
        format!("serde_json::json!({})", json_tokens(value))
    } else {
        format!(
            "serde_json::from_str::<serde_json::Value>({})?",
            json_text(value)
        )
    }
}

/// The JSON text of `value` as a Rust string literal.
fn json_text(value: &Value) -> String {
    string_literal(&value.to_string())
}

/// Whether `json!` can expand `value` within rustc's default recursion limit (128): the
/// macro recurses once per element of a container and once per level, so wide objects
/// (about 45 keys), long arrays and deep nesting each overflow it.
fn fits_json_macro(value: &Value, depth: usize) -> bool {
    const MAX_ITEMS: usize = 24;
    const MAX_DEPTH: usize = 12;
    if depth > MAX_DEPTH {
        return false;
    }
    match value {
        Value::Array(items) => {
            items.len() <= MAX_ITEMS && items.iter().all(|v| fits_json_macro(v, depth + 1))
        }
        Value::Object(map) => {
            map.len() <= MAX_ITEMS && map.values().all(|v| fits_json_macro(v, depth + 1))
        }
        _ => true,
    }
}

fn json_tokens(value: &Value) -> String {
    match value {
        Value::Null | Value::Bool(_) | Value::Number(_) => value.to_string(),
        Value::String(s) => string_literal(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(json_tokens).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let entries: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", string_literal(k), json_tokens(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_too_large_for_json_macro_are_parsed_from_text() {
        let wide: serde_json::Map<String, Value> =
            (0..60).map(|i| (format!("k{i}"), Value::from(i))).collect();
        let mut deep = Value::from(1);
        for _ in 0..40 {
            deep = Value::Array(vec![deep]);
        }
        for value in [
            Value::Object(wide),
            deep,
            Value::from((0..300).collect::<Vec<_>>()),
        ] {
            let code = json_macro(&value);
            assert!(
                code.starts_with("serde_json::from_str::<serde_json::Value>(\""),
                "{code}"
            );
            let api =
                crate::ir::lowered("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n");
            let values = RustValues {
                api: &api,
                lib: "sdk",
            };
            let code = values.decoded(&TypeRef::Json, &value);
            assert!(
                code.starts_with("serde_json::from_str::<serde_json::Value>(\""),
                "{code}"
            );
        }
        let small = serde_json::json!({"a": [1, 2], "b": {"c": null}});
        assert!(json_macro(&small).starts_with("serde_json::json!("));
    }

    #[test]
    fn decoded_values_and_placeholders_name_their_type() {
        // A parameter taking `impl Into<T>` cannot infer `T` from `from_value(..)` or
        // `Default::default()`; a named type compiles there.
        let api = crate::ir::lowered("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n");
        let values = RustValues {
            api: &api,
            lib: "sdk",
        };
        let id = TypeId {
            module: crate::ir::Module::Shared,
            name: "Body".to_owned(),
        };
        assert_eq!(
            values.decoded(&TypeRef::Named(id), &Value::Null),
            "serde_json::from_value::<shared::Body>(serde_json::json!(null))?"
        );
        assert_eq!(
            values.expr(&TypeRef::Form, None, 0),
            "sdk::runtime::MultipartForm::new()"
        );
        assert_eq!(
            values.expr(&TypeRef::Bytes, None, 0),
            "sdk::runtime::Bytes::new()"
        );
    }

    #[test]
    fn json_strings_use_rust_escapes() {
        assert_eq!(
            json_tokens(&serde_json::json!({"a\u{1}": ["x\"y", 1, null]})),
            r#"{"a\u{1}": ["x\"y", 1, null]}"#
        );
    }
}
