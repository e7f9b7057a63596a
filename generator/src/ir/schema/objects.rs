//! Object schemas: a struct with one field per property, or a map when there are none.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind};
use serde_json::Value;

use super::merge::is_annotation_only;
use super::{docs_of, NameHint, SchemaLowering, SchemaNode};
use crate::error::{GenError, Warning};
use crate::ir::components::{component_key, lookup};
use crate::ir::examples::{property_example, property_fallback};
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

/// How many references a property's description is followed through.
const MAX_REF_CHAIN: usize = 16;

/// The field the emitter adds for `additionalProperties`, which no property may take.
const ADDITIONAL_FIELD: &str = "additional_properties";

/// Gives merged fields (each `allOf` member named its own) distinct Rust names again, in field
/// order: a field keeps its member's name while it is free, else takes a suffix on its wire
/// name's, as [`SchemaLowering::struct_fields`] names one member's. `dateSent` in one member
/// and `date_sent` in another become `date_sent` and `date_sent2` (E0124 otherwise); serde's
/// renames keep the wire names, and a free `x-speakeasy-name-override` name is kept.
pub(super) fn unique_field_names(fields: &mut [Field]) {
    let mut names = UniqueNames::with_reserved(&[ADDITIONAL_FIELD]);
    for field in fields {
        field.rust_name = match names.is_taken(&field.rust_name) {
            false => names.claim(&field.rust_name),
            true => names.claim(&naming::snake_name(&field.wire_name)),
        };
    }
}

/// The Rust name a property or parameter asks for with `x-speakeasy-name-override`, if any;
/// the wire name is unchanged.
pub(crate) fn name_override(
    extensions: &indexmap::IndexMap<String, serde_json::Value>,
) -> Option<&str> {
    extensions
        .get("x-speakeasy-name-override")
        .and_then(Value::as_str)
        .filter(|name| !name.trim().is_empty())
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

    /// The description and example of a property (or parameter): its own, else those of the
    /// annotation-only `allOf` members beside its one reference, else those of the schema it
    /// refers to (through chains of references), so `{$ref: DateTime}` keeps what `DateTime`
    /// says.
    pub(crate) fn described(&self, node: SchemaNode<'_>) -> (Option<String>, Option<Value>) {
        self.inherited(node, 0)
    }

    fn inherited(&self, node: SchemaNode<'_>, depth: usize) -> (Option<String>, Option<Value>) {
        if depth > MAX_REF_CHAIN {
            return (None, None);
        }
        let schema = match node {
            SchemaNode::Item(schema) => schema,
            SchemaNode::Ref(reference) => {
                let target = component_key("schemas", reference)
                    .and_then(|name| lookup::<Schema>(self.spec, &name));
                return match target {
                    Some(target) => self.inherited(target.into(), depth + 1),
                    None => (None, None),
                };
            }
        };
        let mut description = docs_of(schema).description;
        let mut example = schema.schema_data.example.clone();
        if let SchemaKind::AllOf { all_of } = &schema.schema_kind {
            let (notes, structural): (Vec<_>, Vec<_>) = all_of
                .iter()
                .partition(|m| matches!(m, ReferenceOr::Item(s) if is_annotation_only(s)));
            let members = notes.into_iter().chain(match structural.as_slice() {
                // Several structural members make a new type: theirs are not its docs.
                [only] => Some(*only),
                _ => None,
            });
            for member in members {
                let (d, e) = self.inherited(member.into(), depth + 1);
                description = description.or(d);
                example = example.or(e);
            }
        }
        (description, example)
    }

    /// The fields of an object schema; nested types are named `<owner><Property>`.
    pub(super) fn struct_fields(
        &mut self,
        shape: ObjectShape<'_>,
        owner: &NameHint,
        pointer: &str,
    ) -> Result<StructDef, GenError> {
        let mut field_names = UniqueNames::with_reserved(&[ADDITIONAL_FIELD]);
        let mut fields = Vec::new();
        for (wire_name, property) in shape.properties {
            let property_pointer = format!("{pointer}/properties/{}", escape_token(wire_name));
            let node = SchemaNode::from(property);
            let lowered = self.schema(node, &owner.child(wire_name), &property_pointer)?;
            let (mut docs, deprecated, default, rust_source) = match node {
                SchemaNode::Item(s) => (
                    docs_of(s),
                    s.schema_data.deprecated,
                    s.schema_data.default.clone(),
                    name_override(&s.schema_data.extensions),
                ),
                SchemaNode::Ref(_) => (Docs::default(), false, None, None),
            };
            let (description, described_example) = self.described(node);
            // The property's example, else the one of the schema it refers to.
            let example = property_example(self.spec, property).or(described_example);
            let fallback_example = match example {
                Some(_) => None,
                None => property_fallback(self.spec, property, wire_name),
            };
            // A property's docs are its description, as in the reference docs; its title only
            // stands in when there is none and it says more than the names do.
            docs.title = docs.title.filter(|title| {
                description.is_none() && !repeats_name(title, wire_name, &lowered.ty)
            });
            docs.description = description;
            fields.push(Field {
                rust_name: field_names.claim(&naming::snake_name(rust_source.unwrap_or(wire_name))),
                wire_name: wire_name.clone(),
                ty: lowered.ty,
                required: shape.required.contains(wire_name),
                nullable: lowered.nullable,
                docs,
                deprecated,
                example,
                fallback_example,
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

/// Whether a property's `title` only repeats its name or its type's (`tags: {title: Tags}`,
/// `dataType: {title: Data types}` of type `DataTypes`): such a title says nothing.
fn repeats_name(title: &str, wire_name: &str, ty: &TypeRef) -> bool {
    fn key(text: &str) -> String {
        let key: String = text
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        key.strip_suffix('s').map(str::to_owned).unwrap_or(key)
    }
    let title = key(title);
    let mut names = vec![key(wire_name)];
    if let Some(id) = ty.named() {
        names.push(key(&id.name));
    }
    names.contains(&title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Module, TypeId};

    #[test]
    fn a_title_that_repeats_the_field_or_type_name_is_dropped() {
        let named = TypeRef::Named(TypeId {
            module: Module::Shared,
            name: "DataTypes".to_owned(),
        });
        assert!(repeats_name(
            "Tags",
            "tags",
            &TypeRef::Map(Box::new(TypeRef::String))
        ));
        assert!(repeats_name("Data types", "dataType", &named));
        assert!(repeats_name("Data type", "kind", &named));
        assert!(!repeats_name("Company tags", "tags", &TypeRef::String));
    }
}
