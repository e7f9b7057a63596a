//! `allOf`: one structural member is that member's type; several merge into one struct.

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::objects::ObjectShape;
use super::{docs_of, Lowered, NameHint, SchemaLowering, SchemaNode};
use crate::error::{GenError, Warning};
use crate::ir::components::{component_key, component_name, lookup};
use crate::ir::{StructDef, TypeDef, TypeKind, TypeRef};
use crate::load::pointer::escape_token;

impl SchemaLowering<'_> {
    /// `allOf`: one member that is a reference is that type; otherwise all members merge into one struct.
    pub(super) fn all_of(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        hint: &NameHint,
        pointer: &str,
    ) -> Result<Lowered, GenError> {
        // Members that only annotate (a description, an example) add no structure.
        let structural: Vec<(usize, &ReferenceOr<Schema>)> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| !matches!(m, ReferenceOr::Item(s) if is_annotation_only(s)))
            .collect();
        if let [(index, only)] = structural.as_slice() {
            let mut lowered =
                self.schema((*only).into(), hint, &format!("{pointer}/allOf/{index}"))?;
            lowered.nullable |= schema.schema_data.nullable;
            self.note_example(schema, &lowered, pointer);
            return Ok(lowered);
        }
        let is_component = self.is_component_hint(hint, pointer);
        let id = self.claim_name(hint, is_component, schema);
        let owner = NameHint::new(id.module, id.name.clone());
        let mut merged = StructDef::default();
        let mut required = BTreeSet::new();
        for (index, member) in structural {
            let member_pointer = format!("{pointer}/allOf/{index}");
            // A member with only `required` constrains properties the other members declare.
            if let ReferenceOr::Item(s) = member {
                if let Some(names) = required_only(s) {
                    for name in names {
                        required.insert(name.clone());
                        if !merged_declares(members, &merged, name, self) {
                            self.warnings.push(Warning {
                                pointer: format!("{member_pointer}/required"),
                                message: format!("`{name}` is required but no allOf member declares it; the requirement is ignored"),
                            });
                        }
                    }
                    continue;
                }
            }
            let part = self.struct_part(member.into(), &owner, &member_pointer)?;
            required.extend(
                part.fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| f.wire_name.clone()),
            );
            for field in part.fields {
                match merged
                    .fields
                    .iter_mut()
                    .find(|f| f.wire_name == field.wire_name)
                {
                    // A later member restating a property refines it (e.g. adds a description).
                    Some(existing) => {
                        if field.docs.description.is_some() {
                            existing.docs = field.docs.clone();
                        }
                    }
                    None => merged.fields.push(field),
                }
            }
            if part.additional.is_some() {
                merged.additional = part.additional;
            }
        }
        for field in &mut merged.fields {
            field.required |= required.contains(&field.wire_name);
        }
        self.insert(TypeDef {
            id: id.clone(),
            docs: docs_of(schema),
            kind: TypeKind::Struct(merged),
            pointer: pointer.to_owned(),
            deprecated: schema.schema_data.deprecated,
        });
        let lowered = Lowered {
            ty: TypeRef::Named(id),
            nullable: schema.schema_data.nullable,
        };
        self.note_example(schema, &lowered, pointer);
        Ok(lowered)
    }

    /// The fields one `allOf` member contributes.
    fn struct_part(
        &mut self,
        node: SchemaNode<'_>,
        owner: &NameHint,
        pointer: &str,
    ) -> Result<StructDef, GenError> {
        match node {
            SchemaNode::Ref(reference) => {
                let name = component_name(self.spec, "schemas", reference, pointer)?;
                let lowered = self.component(&name)?;
                match lowered
                    .ty
                    .named()
                    .and_then(|id| self.types.get(id))
                    .map(|t| &t.kind)
                {
                    Some(TypeKind::Struct(def)) => Ok(def.clone()),
                    // A component whose own lowering led here (`Base: {properties: {parent:
                    // Derived}}`, `Derived: {allOf: [Base, ..]}`) has no fields yet: merge
                    // its schema's.
                    None if self.in_progress.contains(&name) => {
                        let schema = lookup::<Schema>(self.spec, &name)
                            .and_then(ReferenceOr::as_item)
                            .ok_or_else(|| {
                                self.invalid(pointer, "cannot merge this allOf member")
                            })?;
                        let target = format!("/components/schemas/{}", escape_token(&name));
                        self.struct_part(SchemaNode::Item(schema), owner, &target)
                    }
                    _ => Err(self.invalid(
                        pointer,
                        format!(
                            "allOf member `{reference}` is not an object, so it cannot be merged"
                        ),
                    )),
                }
            }
            SchemaNode::Item(schema) => match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => self.struct_fields(
                    ObjectShape {
                        properties: &object.properties,
                        required: &object.required,
                        additional: object.additional_properties.as_ref(),
                    },
                    owner,
                    pointer,
                ),
                SchemaKind::Any(any) if any.all_of.is_empty() => self.struct_fields(
                    ObjectShape {
                        properties: &any.properties,
                        required: &any.required,
                        additional: any.additional_properties.as_ref(),
                    },
                    owner,
                    pointer,
                ),
                SchemaKind::AllOf { all_of } => {
                    let mut merged = StructDef::default();
                    let mut required = BTreeSet::new();
                    for (index, member) in all_of.iter().enumerate() {
                        if let Some(names) = member.as_item().and_then(required_only) {
                            required.extend(names.iter().cloned());
                            continue;
                        }
                        let part = self.struct_part(
                            member.into(),
                            owner,
                            &format!("{pointer}/allOf/{index}"),
                        )?;
                        merged.fields.extend(part.fields);
                        merged.additional = merged.additional.or(part.additional);
                    }
                    for field in &mut merged.fields {
                        field.required |= required.contains(&field.wire_name);
                    }
                    Ok(merged)
                }
                _ => Err(self.invalid(
                    pointer,
                    "allOf member is not an object, so it cannot be merged",
                )),
            },
        }
    }
}

/// The names of a schema that only lists `required` (no type, properties or composition).
fn required_only(schema: &Schema) -> Option<&[String]> {
    match &schema.schema_kind {
        SchemaKind::Any(any)
            if !any.required.is_empty()
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty() =>
        {
            Some(&any.required)
        }
        SchemaKind::Type(Type::Object(o))
            if !o.required.is_empty()
                && o.properties.is_empty()
                && o.additional_properties.is_none() =>
        {
            Some(&o.required)
        }
        _ => None,
    }
}

/// Whether `name` is a property of the merged struct or of any object member of the `allOf`
/// (members after the `required`-only one are merged later).
fn merged_declares(
    members: &[ReferenceOr<Schema>],
    merged: &StructDef,
    name: &str,
    lowering: &SchemaLowering<'_>,
) -> bool {
    if merged.fields.iter().any(|f| f.wire_name == name) {
        return true;
    }
    members.iter().any(|m| match m {
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => o.properties.contains_key(name),
            SchemaKind::Any(any) => any.properties.contains_key(name),
            _ => false,
        },
        ReferenceOr::Reference { reference } => component_key("schemas", reference)
            .and_then(|c| lowering.components.get(&c))
            .and_then(|l| l.ty.named())
            .and_then(|id| lowering.types.get(id))
            .is_some_and(|t| match &t.kind {
                TypeKind::Struct(d) => d.fields.iter().any(|f| f.wire_name == name),
                _ => false,
            }),
    })
}

/// A schema with no type, properties, items or composition: only title, description, example.
pub(super) fn is_annotation_only(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.is_none()
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
        }
        _ => false,
    }
}
