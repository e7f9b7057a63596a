//! The type space: every Rust type the SDK defines, keyed by module and name so output order is fixed.

use std::collections::BTreeMap;

/// The module of `models` a type lives in, mirroring the reference SDK's `models/{shared,operations,errors}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Module {
    /// Component schemas, the types nested in them, and webhook payloads.
    Shared,
    /// One request type per operation, with its parameters and body.
    Operations,
}

impl Module {
    /// The module's name under `crate::models`.
    pub fn as_str(self) -> &'static str {
        match self {
            Module::Shared => "shared",
            Module::Operations => "operations",
        }
    }
}

/// Identifies a named type: its module and its (unique within the module) Rust name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId {
    pub module: Module,
    pub name: String,
}

/// A reference to a type as a field or parameter uses it.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    Named(TypeId),
    String,
    /// `integer` with `format: int32`.
    I32,
    /// `integer` otherwise.
    I64,
    /// `number`, any format.
    F64,
    Bool,
    Array(Box<TypeRef>),
    /// An object whose keys are free and whose values share one schema (`additionalProperties`).
    Map(Box<TypeRef>),
    /// A schema that allows any JSON value.
    Json,
    /// Raw bytes: a non-JSON response (`application/octet-stream`, `application/pdf`) or body.
    Bytes,
    /// A `multipart/form-data` request body (file uploads).
    Form,
}

impl TypeRef {
    /// How many lists and maps nest here (`Vec<BTreeMap<String, T>>` is 2): a signature
    /// returning three or more inside `Result` is past clippy's `type_complexity` limit.
    pub fn container_depth(&self) -> usize {
        match self {
            TypeRef::Array(inner) | TypeRef::Map(inner) => 1 + inner.container_depth(),
            _ => 0,
        }
    }

    /// Whether a method returning this type needs `#[allow(clippy::type_complexity)]`: the
    /// spec's type is spelled out, not named, so the lint's advice (a type alias) is not ours
    /// to take.
    pub fn is_complex_output(&self) -> bool {
        self.container_depth() >= 3
    }

    /// Named types this reference mentions, for cycle and usage analysis.
    pub fn named(&self) -> Option<&TypeId> {
        match self {
            TypeRef::Named(id) => Some(id),
            TypeRef::Array(inner) | TypeRef::Map(inner) => inner.named(),
            _ => None,
        }
    }
}

/// A named type definition.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub id: TypeId,
    /// Title and description from the spec, as Markdown.
    pub docs: Docs,
    pub kind: TypeKind,
    /// JSON pointer of the schema this type was made from.
    pub pointer: String,
    pub deprecated: bool,
}

/// Documentation text taken from the spec.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
}

impl Docs {
    /// Title then description, separated by a blank line; empty when the spec says nothing.
    pub fn text(&self) -> String {
        let parts: Vec<&str> = [self.title.as_deref(), self.description.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        match parts.as_slice() {
            [title, description] if description.starts_with(title) => description.to_string(),
            _ => parts.join("\n\n"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(StructDef),
    /// A string enum, open to values the spec does not list.
    Enum(EnumDef),
    /// Exactly one of several shapes (`oneOf`/`anyOf`), chosen by how well each fits the value.
    Union(Vec<UnionVariant>),
    /// A list or map given a name because its schema refers back to itself
    /// (`A: {type: array, items: {$ref: A}}`): Rust has no recursive type aliases. Always an
    /// [`TypeRef::Array`] or [`TypeRef::Map`].
    Newtype(TypeRef),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct StructDef {
    pub fields: Vec<Field>,
    /// Values of keys the spec does not name (`additionalProperties` beside `properties`).
    pub additional: Option<TypeRef>,
}

/// One property of a struct, or one parameter of a request type.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The name on the wire.
    pub wire_name: String,
    /// The snake_case Rust name.
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    /// The spec allows `null` (`nullable: true`, `type: [T, "null"]` or a `null` member of a union).
    pub nullable: bool,
    pub docs: Docs,
    pub deprecated: bool,
    /// The spec's example ([`super::ExampleSource::Spec`]): the parameter's `example` or first
    /// named example, else its schema's, through references (see `ir/examples.rs`).
    pub example: Option<serde_json::Value>,
    /// A value made up from the type and format for when the spec gives no example
    /// ([`super::ExampleSource::Fallback`]); `None` for objects and unions, whose values are
    /// built from their own fields'. Docs snippets only: never a spec example.
    pub fallback_example: Option<serde_json::Value>,
    pub default: Option<serde_json::Value>,
}

/// How a field is held, from `required` and `nullable`: decided here once, so the Rust type,
/// the serde attributes, the decoder and the docs cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Required, not nullable: `T`; absent (or `null`) is a decode error.
    Required,
    /// Required and nullable, or optional and not nullable: `Option<T>`; absent and `null` are
    /// both `None` (the spec's distinction is not worth a second `Option` there).
    Optional,
    /// Optional and nullable: `Option<Option<T>>`; absent is `None`, `null` is `Some(None)`, a
    /// value is `Some(Some(v))`, and each is written back as it came.
    TriState,
}

impl Field {
    /// The chainable setter of an optional field: `with_` and the field's name without the
    /// underscores naming adds to keywords and leading digits (`type_` -> `with_type`).
    pub fn setter_name(&self) -> String {
        format!("with_{}", self.rust_name.trim_matches('_'))
    }

    /// The value a usage example shows: the spec's example, else the made-up one, with which
    /// it is.
    pub fn usage_example(&self) -> Option<super::Example<'_>> {
        let spec = self.example.as_ref().map(|value| super::Example {
            value,
            source: super::ExampleSource::Spec,
        });
        spec.or_else(|| {
            self.fallback_example.as_ref().map(|value| super::Example {
                value,
                source: super::ExampleSource::Fallback,
            })
        })
    }

    /// The field's [`FieldKind`].
    pub fn kind(&self) -> FieldKind {
        match (self.required, self.nullable) {
            (true, false) => FieldKind::Required,
            (true, true) | (false, false) => FieldKind::Optional,
            (false, true) => FieldKind::TriState,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    pub variants: Vec<EnumVariant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub rust_name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
}

/// All named types, in a fixed order.
#[derive(Debug, Default, Clone)]
pub struct TypeSpace {
    pub types: BTreeMap<TypeId, TypeDef>,
}

impl TypeSpace {
    pub fn get(&self, id: &TypeId) -> Option<&TypeDef> {
        self.types.get(id)
    }

    pub fn in_module(&self, module: Module) -> impl Iterator<Item = &TypeDef> {
        self.types.values().filter(move |t| t.id.module == module)
    }

    /// Whether a value of this type can be built with `Default::default()`: a struct whose
    /// required, non-nullable fields all have defaults, with no cycle among them (a required
    /// `Box<Self>` would default forever). Walked without recursion, so a chain of any length
    /// of types is fine.
    pub fn has_default(&self, ty: &TypeRef) -> bool {
        let TypeRef::Named(root) = ty else {
            return true;
        };
        // Types on the current path, with the index of the next field to look at.
        let mut path: Vec<(&TypeId, usize)> = vec![(root, 0)];
        let mut on_path: std::collections::BTreeSet<&TypeId> =
            std::collections::BTreeSet::from([root]);
        let mut done: std::collections::BTreeSet<&TypeId> = std::collections::BTreeSet::new();
        while let Some((id, next)) = path.last_mut() {
            let fields = match self.get(id).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => &s.fields,
                // An empty list or map.
                Some(TypeKind::Newtype(_)) => {
                    on_path.remove(*id);
                    done.insert(id);
                    path.pop();
                    continue;
                }
                _ => return false,
            };
            let Some(field) = fields.get(*next) else {
                on_path.remove(*id);
                done.insert(id);
                path.pop();
                continue;
            };
            *next += 1;
            let TypeRef::Named(child) = &field.ty else {
                continue;
            };
            if field.kind() != FieldKind::Required || done.contains(child) {
                continue;
            }
            if !on_path.insert(child) {
                return false;
            }
            path.push((child, 0));
        }
        true
    }

    /// Whether `from` contains `target` by value (not behind a `Vec` or map), which needs a `Box`.
    pub fn contains_by_value(&self, from: &TypeRef, target: &TypeId) -> bool {
        let TypeRef::Named(start) = from else {
            return false;
        };
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![start];
        while let Some(id) = stack.pop() {
            if id == target {
                return true;
            }
            if !seen.insert(id) {
                continue;
            }
            let children: Vec<&TypeRef> = match self.get(id).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => s.fields.iter().map(|f| &f.ty).collect(),
                Some(TypeKind::Union(vs)) => vs.iter().map(|v| &v.ty).collect(),
                _ => Vec::new(),
            };
            stack.extend(children.into_iter().filter_map(|ty| match ty {
                TypeRef::Named(id) => Some(id),
                _ => None,
            }));
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_kind_comes_from_required_and_nullable() {
        let field = |required, nullable| Field {
            wire_name: "f".to_owned(),
            rust_name: "f".to_owned(),
            ty: TypeRef::String,
            required,
            nullable,
            docs: Docs::default(),
            deprecated: false,
            example: None,
            fallback_example: None,
            default: None,
        };
        assert_eq!(
            [(true, false), (true, true), (false, false), (false, true)]
                .map(|(required, nullable)| field(required, nullable).kind()),
            [
                FieldKind::Required,
                FieldKind::Optional,
                FieldKind::Optional,
                FieldKind::TriState
            ]
        );
    }
}
