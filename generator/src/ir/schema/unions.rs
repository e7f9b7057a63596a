//! `oneOf`/`anyOf`: untagged enums, or one string enum when every member is a string.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::constraints::constraint_only;
use super::{docs_of, NameHint, SchemaLowering};
use crate::error::GenError;
use crate::ir::components::{component_key, component_name, lookup};
use crate::ir::{TypeDef, TypeKind, TypeRef, UnionVariant};
use crate::naming::{self, UniqueNames};

impl SchemaLowering<'_> {
    /// The enumerated values of union members that are all strings (a string member without
    /// `enum` adds none), or `None` if some member is anything else.
    fn string_members(&self, members: &[ReferenceOr<Schema>]) -> Option<Vec<String>> {
        let mut values = Vec::new();
        for member in members {
            let schema = match member {
                ReferenceOr::Item(schema) => schema,
                ReferenceOr::Reference { reference } => {
                    let name = component_key("schemas", reference)?;
                    match lookup::<Schema>(self.spec, &name)? {
                        ReferenceOr::Item(schema) => schema,
                        ReferenceOr::Reference { .. } => return None,
                    }
                }
            };
            match &schema.schema_kind {
                SchemaKind::Type(Type::String(s)) if s.enumeration.iter().all(Option::is_some) => {
                    values.extend(s.enumeration.iter().flatten().cloned());
                }
                _ => return None,
            }
        }
        Some(values)
    }

    /// `oneOf`/`anyOf`: an untagged enum whose variants are tried in order.
    pub(super) fn union(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        hint: &NameHint,
        pointer: &str,
    ) -> Result<TypeRef, GenError> {
        let is_component = self.is_component_hint(hint, pointer);
        // Every member a string (e.g. an id, or `latest`): one open string enum holds them all,
        // and, unlike an untagged enum, it can be a path or query parameter.
        let keyword = match schema.schema_kind {
            SchemaKind::AnyOf { .. } => "anyOf",
            _ => "oneOf",
        };
        if let Some(values) = self.string_members(members) {
            let ty = if values.is_empty() {
                TypeRef::String
            } else {
                self.string_enum(schema, &values, hint, pointer, is_component)
            };
            let members_pointer = format!("{pointer}/{keyword}");
            self.note_member_examples(members, &members_pointer, &ty, schema.schema_data.nullable);
            return Ok(ty);
        }
        if constraint_only(schema, 0).is_some() {
            // Alternatives that only constrain (`required: [a]` or `required: [b]`) say
            // nothing of the value's shape: any JSON the API accepts.
            return Ok(TypeRef::Json);
        }
        let id = self.claim_name(hint, is_component, schema);
        let owner = NameHint::new(id.module, id.name.clone());
        let mut names = UniqueNames::default();
        let mut variants = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let member_pointer = format!("{pointer}/{keyword}/{index}");
            let base = match member {
                ReferenceOr::Reference { reference } => naming::type_name(&component_name(
                    self.spec,
                    "schemas",
                    reference,
                    &member_pointer,
                )?),
                ReferenceOr::Item(s) => s
                    .schema_data
                    .title
                    .as_deref()
                    .map(naming::type_name)
                    .unwrap_or_else(|| format!("Variant{index}")),
            };
            let lowered = self.schema(member.into(), &owner.member(&base), &member_pointer)?;
            variants.push(UnionVariant {
                rust_name: names.claim(&base),
                ty: lowered.ty,
            });
        }
        self.insert(TypeDef {
            id: id.clone(),
            docs: docs_of(schema),
            kind: TypeKind::Union(variants),
            pointer: pointer.to_owned(),
            deprecated: schema.schema_data.deprecated,
        });
        Ok(TypeRef::Named(id))
    }
}
