//! Object schemas: a struct with one field per property, or a map when there are none.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::{docs_of, NameHint, SchemaLowering, SchemaNode};
use crate::error::{GenError, Warning};
use crate::ir::{Docs, Field, StructDef, TypeDef, TypeKind, TypeRef};
use crate::load::pointer::escape_token;
use crate::naming::{self, UniqueNames};

/// The parts of an object schema, whichever openapiv3 variant held them.
#[derive(Clone, Copy)]
pub(super) struct ObjectShape<'s> {
    pub(super) properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub(super) required: &'s [String],
    pub(super) additional: Option<&'s AdditionalProperties>,
}

impl SchemaLowering<'_> {
    pub(super) fn object(
        &mut self,
        schema: &Schema,
        shape: ObjectShape<'_>,
        hint: &NameHint,
        pointer: &str,
    ) -> Result<TypeRef, GenError> {
        if shape.properties.is_empty() {
            // A free-form object: keys are data, values share one schema (or are any JSON).
            return Ok(match shape.additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let value_pointer = format!("{pointer}/additionalProperties");
                    let value =
                        self.schema(value.as_ref().into(), &hint.child("Value"), &value_pointer)?;
                    TypeRef::Map(Box::new(self.non_null_type(
                        value,
                        &value_pointer,
                        "map value",
                    )))
                }
                _ => TypeRef::Map(Box::new(TypeRef::Json)),
            });
        }
        let is_component = self.is_component_hint(hint, pointer);
        let id = self.claim_name(hint, is_component, schema);
        let def = self.struct_fields(shape, &NameHint::new(id.module, id.name.clone()), pointer)?;
        self.insert(TypeDef {
            id: id.clone(),
            docs: docs_of(schema),
            kind: TypeKind::Struct(def),
            pointer: pointer.to_owned(),
            deprecated: schema.schema_data.deprecated,
        });
        Ok(TypeRef::Named(id))
    }

    /// The fields of an object schema; nested types are named `<owner><Property>`.
    pub(super) fn struct_fields(
        &mut self,
        shape: ObjectShape<'_>,
        owner: &NameHint,
        pointer: &str,
    ) -> Result<StructDef, GenError> {
        // `additional_properties` is the field the emitter adds for `additionalProperties`.
        let mut field_names = UniqueNames::with_reserved(&["additional_properties"]);
        let mut fields = Vec::new();
        for (wire_name, property) in shape.properties {
            let property_pointer = format!("{pointer}/properties/{}", escape_token(wire_name));
            let node = SchemaNode::from(property);
            let lowered = self.schema(node, &owner.child(wire_name), &property_pointer)?;
            let (docs, deprecated, example, default) = match node {
                SchemaNode::Item(s) => (
                    docs_of(s),
                    s.schema_data.deprecated,
                    s.schema_data.example.clone(),
                    s.schema_data.default.clone(),
                ),
                SchemaNode::Ref(_) => (Docs::default(), false, None, None),
            };
            fields.push(Field {
                rust_name: field_names.claim(&naming::snake_name(wire_name)),
                wire_name: wire_name.clone(),
                ty: lowered.ty,
                required: shape.required.contains(wire_name),
                nullable: lowered.nullable,
                docs,
                deprecated,
                example,
                default,
            });
        }
        for name in shape.required {
            if !shape.properties.contains_key(name) {
                self.warnings.push(Warning {
                    pointer: format!("{pointer}/required"),
                    message: format!(
                        "`{name}` is required but is not a property; the requirement is ignored"
                    ),
                });
            }
        }
        let additional = match shape.additional {
            Some(AdditionalProperties::Schema(value)) => {
                let value_pointer = format!("{pointer}/additionalProperties");
                let value =
                    self.schema(value.as_ref().into(), &owner.child("Value"), &value_pointer)?;
                Some(self.non_null_type(value, &value_pointer, "map value"))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            // `false` forbids extra keys on the wire; the SDK still accepts them when decoding,
            // so a new field from the API never breaks an old client.
            Some(AdditionalProperties::Any(false)) | None => None,
        };
        Ok(StructDef { fields, additional })
    }
}
