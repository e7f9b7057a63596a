//! `allOf`: one structural member is that member's type; several merge into one struct
//! (members that only annotate or constrain add no shape, see [`super::constraints`]).

use std::collections::BTreeSet;

use openapiv3::{IntegerFormat, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

use super::constraints::{constraint_only, is_object_like, required_by_all, role, Role};
use super::objects::ObjectShape;
use super::{docs_of, Lowered, NameHint, SchemaLowering, SchemaNode};
use crate::error::{GenError, Warning};
use crate::ir::components::{component_key, component_name, lookup};
use crate::ir::{StructDef, TypeDef, TypeKind, TypeRef};
use crate::load::pointer::escape_token;

impl SchemaLowering<'_> {
    /// `allOf`: one member that is a reference is that type; otherwise all members merge into
    /// one struct. Members that only constrain add no fields; members whose shapes cannot
    /// merge (a string and an object) make the schema a `serde_json::Value`.
    pub(super) fn all_of(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        hint: &NameHint,
        pointer: &str,
    ) -> Result<Lowered, GenError> {
        // Members that only annotate (a description, an example) add no structure. Members
        // that only constrain (`required`, `not`, a `oneOf` of `required` lists) still make
        // a struct of the others, as a `required` list beside one reference does.
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
        if let Some(lowered) = self.unmergeable(schema, &structural, hint, pointer)? {
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
                if let Role::Requires(names) = role(s) {
                    for name in names {
                        if !merged_declares(members, &merged, &name, self) {
                            self.warnings.push(Warning {
                                pointer: format!("{member_pointer}/required"),
                                message: format!("`{name}` is required but no allOf member declares it; the requirement is ignored"),
                            });
                        }
                        required.insert(name);
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
        super::objects::unique_field_names(&mut merged.fields);
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

    /// When some structural member of an `allOf` is not an object, the members cannot merge
    /// into a struct: if they all are the same primitive (`{type: string}` and a reference to
    /// a string with a `format`), that is the type; else the schema falls back to
    /// `serde_json::Value`, with a warning. `None` when every member is an object.
    fn unmergeable(
        &mut self,
        schema: &Schema,
        structural: &[(usize, &ReferenceOr<Schema>)],
        hint: &NameHint,
        pointer: &str,
    ) -> Result<Option<Lowered>, GenError> {
        if structural
            .iter()
            .all(|(_, m)| is_object_like(self.spec, m, 0))
        {
            return Ok(None);
        }
        let mut same: Option<TypeRef> = None;
        let mut agree = true;
        for (index, member) in structural {
            let ty = match member {
                ReferenceOr::Item(s) => primitive(s),
                ReferenceOr::Reference { .. } => {
                    let member_pointer = format!("{pointer}/allOf/{index}");
                    Some(self.schema((*member).into(), hint, &member_pointer)?.ty)
                }
            };
            match (&same, ty) {
                (_, None) => agree = false,
                (None, Some(ty)) => same = Some(ty),
                (Some(seen), Some(ty)) => agree &= *seen == ty,
            }
        }
        let ty = match same {
            Some(ty) if agree && !matches!(ty, TypeRef::Named(_)) => ty,
            _ => {
                self.fallback(
                    pointer,
                    "the allOf members are not all objects, nor all the same type, so they \
                     cannot be merged into one type",
                );
                TypeRef::Json
            }
        };
        let lowered = Lowered {
            ty,
            nullable: schema.schema_data.nullable,
        };
        self.note_example(schema, &lowered, pointer);
        Ok(Some(lowered))
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
                    // Back at a component being merged (`A: {allOf: [B, ..]}`, `B: {allOf:
                    // [A, ..]}`): its fields are merged already, once.
                    _ if self.merging.contains(&name) => Ok(StructDef::default()),
                    // A component whose own lowering led here (`Base: {properties: {parent:
                    // Derived}}`, `Derived: {allOf: [Base, ..]}`) has no fields yet, and a
                    // union or free-form object has none: merge its schema's.
                    _ => {
                        let schema = lookup::<Schema>(self.spec, &name)
                            .and_then(ReferenceOr::as_item)
                            .ok_or_else(|| {
                                self.invalid(
                                    pointer,
                                    format!("allOf member `{reference}` cannot be merged"),
                                )
                            })?;
                        let target = format!("/components/schemas/{}", escape_token(&name));
                        self.merging.push(name);
                        let part = self.struct_part(SchemaNode::Item(schema), owner, &target);
                        self.merging.pop();
                        part
                    }
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
                        if let ReferenceOr::Item(s) = member {
                            match role(s) {
                                Role::Note => continue,
                                Role::Requires(names) => {
                                    required.extend(names);
                                    continue;
                                }
                                Role::Alternatives | Role::Shape => {}
                            }
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
                SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                    let keyword = match schema.schema_kind {
                        SchemaKind::AnyOf { .. } => "anyOf",
                        _ => "oneOf",
                    };
                    self.alternatives_part(members, owner, &format!("{pointer}/{keyword}"))
                }
                // A constraint only: no fields.
                SchemaKind::Not { .. } => Ok(StructDef::default()),
                _ => Err(self.invalid(
                    pointer,
                    "allOf member is not an object, so it cannot be merged",
                )),
            },
        }
    }

    /// The fields of `oneOf`/`anyOf` alternatives inside an `allOf`: every alternative's
    /// properties, each optional unless every alternative requires it (a value matches only
    /// some alternatives, so only then is a property always there). A property the
    /// alternatives give different types falls back to `serde_json::Value`.
    fn alternatives_part(
        &mut self,
        members: &[ReferenceOr<Schema>],
        owner: &NameHint,
        members_pointer: &str,
    ) -> Result<StructDef, GenError> {
        let mut merged = StructDef::default();
        let mut required_lists = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let member_pointer = format!("{members_pointer}/{index}");
            if let ReferenceOr::Item(s) = member {
                if let Some(names) = constraint_only(s, 0) {
                    required_lists.push(names);
                    continue;
                }
            }
            let part = self.struct_part(member.into(), owner, &member_pointer)?;
            required_lists.push(
                part.fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| f.wire_name.clone())
                    .collect(),
            );
            for mut field in part.fields {
                match merged
                    .fields
                    .iter_mut()
                    .find(|f| f.wire_name == field.wire_name)
                {
                    Some(existing) if existing.ty != field.ty => {
                        self.fallback(
                            &format!(
                                "{member_pointer}/properties/{}",
                                escape_token(&field.wire_name)
                            ),
                            &format!(
                                "the alternatives give property `{}` different types",
                                field.wire_name
                            ),
                        );
                        existing.ty = TypeRef::Json;
                        existing.nullable |= field.nullable;
                    }
                    Some(existing) => existing.nullable |= field.nullable,
                    None => {
                        field.required = false;
                        merged.fields.push(field);
                    }
                }
            }
            if merged.additional.is_none() {
                merged.additional = part.additional;
            }
        }
        let required = required_by_all(&required_lists);
        for field in &mut merged.fields {
            field.required = required.contains(&field.wire_name);
        }
        Ok(merged)
    }
}

/// The type of an inline `allOf` member that is a plain primitive, or `None`.
fn primitive(schema: &Schema) -> Option<TypeRef> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if s.enumeration.is_empty() => Some(TypeRef::String),
        SchemaKind::Type(Type::Integer(i)) => Some(match i.format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
            _ => TypeRef::I64,
        }),
        SchemaKind::Type(Type::Number(_)) => Some(TypeRef::F64),
        SchemaKind::Type(Type::Boolean(_)) => Some(TypeRef::Bool),
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
