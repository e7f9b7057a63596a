//! What a member of a composite adds to the type: some members only annotate, some only
//! constrain values (`required` lists, `not`, `minProperties`, a `oneOf` of `required` lists),
//! and only the rest add shape. Constraints are the API's to check; the SDK's types only need
//! the shape.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::merge::is_annotation_only;
use crate::ir::components::{component_key, lookup};
use crate::load::LoadedSpec;

/// How many references (and nested composites) are followed to classify a member.
const MAX_CHAIN: usize = 32;

/// What one `allOf` member contributes to the merged type.
pub(super) enum Role {
    /// Only annotates (a description, a title, `nullable`, `deprecated`): nothing.
    Note,
    /// Only constrains: the properties it makes required (possibly none).
    Requires(Vec<String>),
    /// Alternatives (`oneOf`/`anyOf`) that add shape: their properties join the type.
    Alternatives,
    /// Adds properties of its own.
    Shape,
}

/// The role of the inline schema `schema` as an `allOf` member.
pub(super) fn role(schema: &Schema) -> Role {
    if is_annotation_only(schema) {
        return Role::Note;
    }
    if let Some(required) = constraint_only(schema, 0) {
        return Role::Requires(required);
    }
    match &schema.schema_kind {
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => Role::Alternatives,
        _ => Role::Shape,
    }
}

/// The properties a schema that only constrains (no type but `object`, no properties,
/// additional properties, items, enum or shaped alternatives) makes required; `None` when the
/// schema adds shape. Alternatives only require what every one of them requires.
pub(super) fn constraint_only(schema: &Schema, depth: usize) -> Option<Vec<String>> {
    if depth > MAX_CHAIN {
        return None;
    }
    let inline = |member: &ReferenceOr<Schema>| match member {
        ReferenceOr::Item(s) => constraint_only(s, depth + 1),
        ReferenceOr::Reference { .. } => None,
    };
    match &schema.schema_kind {
        SchemaKind::Not { .. } => Some(Vec::new()),
        SchemaKind::Type(Type::Object(o))
            if o.properties.is_empty() && o.additional_properties.is_none() =>
        {
            Some(o.required.clone())
        }
        SchemaKind::Any(any)
            if matches!(any.typ.as_deref(), None | Some("object"))
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty() =>
        {
            Some(any.required.clone())
        }
        SchemaKind::AllOf { all_of } => {
            let mut required = Vec::new();
            for member in all_of {
                for name in inline(member)? {
                    if !required.contains(&name) {
                        required.push(name);
                    }
                }
            }
            Some(required)
        }
        SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
            let lists = members.iter().map(inline).collect::<Option<Vec<_>>>()?;
            Some(required_by_all(&lists))
        }
        _ => None,
    }
}

/// The names every list holds, in the first list's order.
pub(super) fn required_by_all(lists: &[Vec<String>]) -> Vec<String> {
    match lists.split_first() {
        None => Vec::new(),
        Some((first, rest)) => first
            .iter()
            .filter(|name| rest.iter().all(|list| list.contains(name)))
            .cloned()
            .collect(),
    }
}

/// Whether the schema (or the component a reference names) describes an object, so `allOf`
/// can merge its properties: an object, a composite of objects and constraints, or a
/// constraint. Cycles and chains beyond [`MAX_CHAIN`] count as objects, and are left to the
/// merge, which handles recursion.
pub(super) fn is_object_like(spec: &LoadedSpec, node: &ReferenceOr<Schema>, depth: usize) -> bool {
    if depth > MAX_CHAIN {
        return true;
    }
    let schema = match node {
        ReferenceOr::Item(schema) => schema,
        ReferenceOr::Reference { reference } => {
            return match component_key("schemas", reference)
                .and_then(|name| lookup::<Schema>(spec, &name))
            {
                Some(target) => is_object_like(spec, target, depth + 1),
                // A dangling reference: the merge reports it.
                None => true,
            };
        }
    };
    if is_annotation_only(schema) || constraint_only(schema, 0).is_some() {
        return true;
    }
    let all = |members: &[ReferenceOr<Schema>]| {
        members
            .iter()
            .all(|member| is_object_like(spec, member, depth + 1))
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) => true,
        SchemaKind::Any(any) => {
            matches!(any.typ.as_deref(), None | Some("object"))
                && any.items.is_none()
                && any.enumeration.is_empty()
                && all(&any.all_of)
                && all(&any.one_of)
                && all(&any.any_of)
        }
        SchemaKind::AllOf { all_of: members }
        | SchemaKind::OneOf { one_of: members }
        | SchemaKind::AnyOf { any_of: members } => all(members),
        SchemaKind::Not { .. } => true,
        SchemaKind::Type(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).expect("a schema")
    }

    #[test]
    fn alternatives_of_required_lists_only_require_what_all_require() {
        let any_of = schema("anyOf: [{required: [a, c]}, {required: [b, c]}]");
        assert_eq!(constraint_only(&any_of, 0), Some(vec!["c".to_owned()]));
        assert!(matches!(role(&any_of), Role::Requires(names) if names == ["c"]));
    }

    #[test]
    fn not_and_min_properties_only_constrain() {
        assert_eq!(
            constraint_only(&schema("not: {required: [x]}"), 0),
            Some(vec![])
        );
        assert_eq!(
            constraint_only(&schema("minProperties: 1"), 0),
            Some(vec![])
        );
        assert!(matches!(role(&schema("description: hi")), Role::Note));
    }

    #[test]
    fn alternatives_with_properties_add_shape() {
        let one_of =
            schema("oneOf: [{type: object, properties: {x: {type: string}}}, {required: [y]}]");
        assert_eq!(constraint_only(&one_of, 0), None);
        assert!(matches!(role(&one_of), Role::Alternatives));
        assert!(matches!(role(&schema("type: string")), Role::Shape));
    }
}
