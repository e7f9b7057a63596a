//! Lowering of JSON schemas into the type space: structs (with `allOf` merged into one),
//! open string enums, unions, and primitive references.
//!
//! Component schemas keep their names; schemas nested inline are named after their owner and
//! property (`Company` + `products` -> `CompanyProducts`), with numeric suffixes on collision.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

use super::types::*;
use super::ExampleSite;
use crate::error::{GenError, Warning};
use crate::load::pointer::{escape_token, parse_ref};
use crate::load::{own_list_entries, LoadedSpec};
use crate::naming::{self, UniqueNames};

/// How every fallback warning starts, so tools can count them.
pub const FALLBACK: &str = "falls back to serde_json::Value";

/// A lowered schema: the type to use and whether the schema admits `null`.
#[derive(Debug, Clone, PartialEq)]
pub struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
}

/// Where a nested type would live and what it would be called.
#[derive(Debug, Clone)]
pub struct NameHint {
    pub module: Module,
    pub name: String,
}

impl NameHint {
    pub fn new(module: Module, name: impl Into<String>) -> Self {
        Self {
            module,
            name: name.into(),
        }
    }

    /// The hint for a schema nested under `part` (a property name, `Item`, ...).
    pub fn child(&self, part: &str) -> Self {
        Self::new(
            self.module,
            format!("{}{}", self.name, naming::type_name(part)),
        )
    }
}

/// A borrowed schema or reference, whether boxed (properties) or not (everything else).
#[derive(Clone, Copy)]
pub enum SchemaNode<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaNode<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaNode::Ref(reference),
            ReferenceOr::Item(schema) => SchemaNode::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaNode<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaNode::Ref(reference),
            ReferenceOr::Item(schema) => SchemaNode::Item(schema),
        }
    }
}

/// The component name a `#/components/<kind>/<Name>` reference points at, unescaped
/// (`#/components/schemas/a~1b%20c` names `a/b c`).
pub fn component_name(
    spec: &LoadedSpec,
    kind: &str,
    reference: &str,
    pointer: &str,
) -> Result<String, GenError> {
    let prefix = format!("#/components/{kind}/");
    component_key(kind, reference).ok_or_else(|| GenError::Invalid {
        file: spec.file.clone(),
        pointer: pointer.to_owned(),
        message: format!("expected a reference into {prefix}, found `{reference}`"),
    })
}

/// The name in a `#/components/<kind>/<Name>` reference, or `None` for any other reference.
pub fn component_key(kind: &str, reference: &str) -> Option<String> {
    match parse_ref(reference)?.as_slice() {
        [components, section, name] if components == "components" && section == kind => {
            Some(name.clone())
        }
        _ => None,
    }
}

/// Owns the type space while schemas are lowered into it.
pub struct SchemaLowering<'a> {
    spec: &'a LoadedSpec,
    pub types: TypeSpace,
    pub warnings: Vec<Warning>,
    pub examples: Vec<ExampleSite>,
    names: BTreeMap<Module, UniqueNames>,
    /// Component name -> its type name, unique among the components.
    component_types: BTreeMap<String, String>,
    /// Component name -> its lowered form, filled before its fields so recursion terminates.
    components: BTreeMap<String, Lowered>,
    /// Components being lowered, outermost first.
    in_progress: Vec<String>,
    /// Components reached again while being lowered, before they were known as a named type,
    /// with the chain of components that led back to them.
    recursive: BTreeMap<String, Vec<String>>,
    /// How many schemas are being lowered inside each other.
    depth: usize,
}

/// How deeply schemas (inline and through references) may nest before lowering gives up:
/// far beyond any real API, and well within the stack of a test thread.
const MAX_DEPTH: usize = 160;

impl<'a> SchemaLowering<'a> {
    pub fn new(spec: &'a LoadedSpec) -> Self {
        // Component names, unique (`Foo Bar` and `foo-bar` are both `FooBar`) and clear of the
        // credential type the emitter adds to `models::shared`.
        let mut shared = UniqueNames::with_reserved(&["Security"]);
        let component_types = spec
            .openapi
            .components
            .iter()
            .flat_map(|c| c.schemas.keys())
            .map(|name| (name.clone(), shared.claim(&naming::type_name(name))))
            .collect();
        Self {
            spec,
            types: TypeSpace::default(),
            warnings: Vec::new(),
            examples: Vec::new(),
            names: BTreeMap::from([(Module::Shared, shared)]),
            component_types,
            components: BTreeMap::new(),
            in_progress: Vec::new(),
            recursive: BTreeMap::new(),
            depth: 0,
        }
    }

    fn invalid(&self, pointer: &str, message: impl Into<String>) -> GenError {
        GenError::Invalid {
            file: self.spec.file.clone(),
            pointer: pointer.to_owned(),
            message: message.into(),
        }
    }

    /// Lowers every component schema, in document order, so all models exist even if unused.
    pub fn lower_all_components(&mut self) -> Result<(), GenError> {
        let Some(components) = &self.spec.openapi.components else {
            return Ok(());
        };
        for name in components.schemas.keys() {
            self.component(name)?;
        }
        Ok(())
    }

    /// The lowered form of `#/components/schemas/<name>`.
    pub fn component(&mut self, name: &str) -> Result<Lowered, GenError> {
        if let Some(done) = self.components.get(name) {
            return Ok(done.clone());
        }
        if let Some(at) = self.in_progress.iter().position(|n| n == name) {
            // Back at a component that is not (yet) a named type: it must become one, see
            // `finish_recursive`. Until then, references to it name the type it will be.
            let chain = self.in_progress[at..].to_vec();
            self.recursive.entry(name.to_owned()).or_insert(chain);
            return Ok(Lowered {
                ty: TypeRef::Named(TypeId {
                    module: Module::Shared,
                    name: self.component_type(name),
                }),
                nullable: false,
            });
        }
        if self.in_progress.len() >= MAX_DEPTH {
            let pointer = format!("/components/schemas/{}", escape_token(name));
            return Err(self.invalid(
                &pointer,
                format!("schemas refer to each other more than {MAX_DEPTH} deep"),
            ));
        }
        self.in_progress.push(name.to_owned());
        let result = self.lower_component(name);
        self.in_progress.pop();
        let lowered = result?;
        match self.recursive.remove(name) {
            Some(chain) => self.finish_recursive(name, lowered, &chain),
            None => Ok(lowered),
        }
    }

    /// A component its own lowering reached again: a list or map of itself becomes a named
    /// newtype; anything else refers to itself with no value in between, so no value fits.
    fn finish_recursive(
        &mut self,
        name: &str,
        lowered: Lowered,
        chain: &[String],
    ) -> Result<Lowered, GenError> {
        let pointer = format!("/components/schemas/{}", escape_token(name));
        let id = TypeId {
            module: Module::Shared,
            name: self.component_type(name),
        };
        match &lowered.ty {
            TypeRef::Array(_) | TypeRef::Map(_) => {
                let schema = self.component_schema(name).and_then(ReferenceOr::as_item);
                self.insert(TypeDef {
                    id: id.clone(),
                    docs: schema.map(docs_of).unwrap_or_default(),
                    kind: TypeKind::Newtype(lowered.ty.clone()),
                    pointer: pointer.clone(),
                    deprecated: schema.is_some_and(|s| s.schema_data.deprecated),
                });
                let named = Lowered {
                    ty: TypeRef::Named(id),
                    nullable: lowered.nullable,
                };
                self.components.insert(name.to_owned(), named.clone());
                Ok(named)
            }
            _ => {
                let mut names: Vec<&str> = chain.iter().map(String::as_str).collect();
                names.push(name);
                Err(self.invalid(
                    &pointer,
                    format!(
                        "the schema refers to itself ({}) with no array, map or object property \
                         in between, so no value can match it",
                        names.join(" -> ")
                    ),
                ))
            }
        }
    }

    /// `#/components/schemas/<name>` as the spec writes it.
    fn component_schema(&self, name: &str) -> Option<&'a ReferenceOr<openapiv3::Schema>> {
        self.spec
            .openapi
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name))
    }

    /// [`Self::component`] without the recursion bookkeeping.
    fn lower_component(&mut self, name: &str) -> Result<Lowered, GenError> {
        let pointer = format!("/components/schemas/{}", escape_token(name));
        let schema = self
            .component_schema(name)
            .ok_or_else(|| self.invalid(&pointer, format!("no component schema `{name}`")))?;
        let schema = match schema {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => {
                let target = component_name(self.spec, "schemas", reference, &pointer)?;
                let lowered = self.component(&target)?;
                self.components.insert(name.to_owned(), lowered.clone());
                return Ok(lowered);
            }
        };
        let type_name = self.component_type(name);
        if becomes_named_type(schema) {
            // Register the name first: a schema may refer to itself through its fields.
            let id = TypeId {
                module: Module::Shared,
                name: type_name.clone(),
            };
            let lowered = Lowered {
                ty: TypeRef::Named(id),
                nullable: schema.schema_data.nullable,
            };
            self.components.insert(name.to_owned(), lowered);
        }
        let hint = NameHint::new(Module::Shared, type_name);
        let lowered = self.inline_schema(schema, &hint, &pointer, true)?;
        self.components.insert(name.to_owned(), lowered.clone());
        Ok(lowered)
    }

    /// Lowers a schema or reference found at `pointer`; nested types are named from `hint`.
    pub fn schema(
        &mut self,
        node: SchemaNode<'_>,
        hint: &NameHint,
        pointer: &str,
    ) -> Result<Lowered, GenError> {
        match node {
            SchemaNode::Ref(reference) => {
                let name = component_name(self.spec, "schemas", reference, pointer)?;
                self.component(&name)
            }
            SchemaNode::Item(schema) => self.inline_schema(schema, hint, pointer, false),
        }
    }

    /// Records `example` of a schema, and every entry of its 3.1 `examples` list, as sites the
    /// round-trip test checks. The loader copied the list's first entry into `example` when there
    /// was none; that entry is checked once.
    fn note_example(&mut self, schema: &Schema, lowered: &Lowered, pointer: &str) {
        let example = schema.schema_data.example.as_ref();
        let mut site = |pointer: String| {
            self.examples.push(ExampleSite {
                pointer,
                ty: lowered.ty.clone(),
                nullable: lowered.nullable,
            })
        };
        if example.is_some() {
            site(format!("{pointer}/example"));
        }
        // A JSON pointer, not a `$ref`: no percent-decoding (a property may be named `a%20b`).
        let list = self.spec.raw.pointer(&format!("{pointer}/examples"));
        if let Some(list) = list.and_then(|l| l.as_array()) {
            for index in own_list_entries(example, list) {
                site(format!("{pointer}/examples/{index}"));
            }
        }
    }

    fn inline_schema(
        &mut self,
        schema: &Schema,
        hint: &NameHint,
        pointer: &str,
        is_component: bool,
    ) -> Result<Lowered, GenError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.invalid(
                pointer,
                format!("schemas nest more than {MAX_DEPTH} deep (through properties, items and references)"),
            ));
        }
        self.depth += 1;
        let result = self.inline_schema_at_depth(schema, hint, pointer, is_component);
        self.depth -= 1;
        result
    }

    fn inline_schema_at_depth(
        &mut self,
        schema: &Schema,
        hint: &NameHint,
        pointer: &str,
        is_component: bool,
    ) -> Result<Lowered, GenError> {
        let nullable = schema.schema_data.nullable;
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                let null_allowed = s.enumeration.iter().any(Option::is_none);
                let ty = self.string_enum(schema, &values, hint, pointer, is_component);
                let lowered = Lowered {
                    ty,
                    nullable: nullable || null_allowed,
                };
                self.note_example(schema, &lowered, pointer);
                return Ok(lowered);
            }
            SchemaKind::Type(Type::String(_)) => TypeRef::String,
            SchemaKind::Type(Type::Integer(i)) => match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(_)) => TypeRef::F64,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => {
                    let items_pointer = format!("{pointer}/items");
                    let item = self.schema(items.into(), &hint.child("Item"), &items_pointer)?;
                    TypeRef::Array(Box::new(item.ty))
                }
                None => TypeRef::Array(Box::new(TypeRef::Json)),
            },
            SchemaKind::Type(Type::Object(object)) => {
                let shape = ObjectShape {
                    properties: &object.properties,
                    required: &object.required,
                    additional: object.additional_properties.as_ref(),
                };
                self.object(schema, shape, hint, pointer)?
            }
            SchemaKind::AllOf { all_of } => return self.all_of(schema, all_of, hint, pointer),
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                self.union(schema, members, hint, pointer)?
            }
            SchemaKind::Not { .. } => {
                self.fallback(pointer, "`not` schemas cannot be typed");
                TypeRef::Json
            }
            SchemaKind::Any(any) => self.any_schema(schema, any, hint, pointer)?,
        };
        let lowered = Lowered { ty, nullable };
        self.note_example(schema, &lowered, pointer);
        Ok(lowered)
    }

    /// A schema without a recognised `type`: an object if it has properties, else any JSON.
    fn any_schema(
        &mut self,
        schema: &Schema,
        any: &openapiv3::AnySchema,
        hint: &NameHint,
        pointer: &str,
    ) -> Result<TypeRef, GenError> {
        if !any.properties.is_empty() || any.additional_properties.is_some() {
            let shape = ObjectShape {
                properties: &any.properties,
                required: &any.required,
                additional: any.additional_properties.as_ref(),
            };
            return self.object(schema, shape, hint, pointer);
        }
        if let Some(items) = &any.items {
            let item = self.schema(
                items.into(),
                &hint.child("Item"),
                &format!("{pointer}/items"),
            )?;
            return Ok(TypeRef::Array(Box::new(item.ty)));
        }
        if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_string()) {
            let values: Vec<String> = any
                .enumeration
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            let is_component = self.is_component_hint(hint, pointer);
            return Ok(self.string_enum(schema, &values, hint, pointer, is_component));
        }
        Ok(match any.typ.as_deref() {
            Some("string") => TypeRef::String,
            Some("integer") => TypeRef::I64,
            Some("number") => TypeRef::F64,
            Some("boolean") => TypeRef::Bool,
            _ => TypeRef::Json,
        })
    }

    /// Records that the schema at `pointer` is typed as `serde_json::Value` for want of better.
    fn fallback(&mut self, pointer: &str, why: &str) {
        self.warnings.push(Warning {
            pointer: pointer.to_owned(),
            message: format!("{FALLBACK}: {why}"),
        });
    }

    /// The type name of the component schema `name` (unique, see [`SchemaLowering::new`]).
    fn component_type(&self, name: &str) -> String {
        self.component_types
            .get(name)
            .cloned()
            .unwrap_or_else(|| naming::type_name(name))
    }

    fn claim_name(&mut self, hint: &NameHint, is_component: bool) -> TypeId {
        let names = self.names.entry(hint.module).or_default();
        let name = if is_component {
            hint.name.clone()
        } else {
            names.claim(&hint.name)
        };
        TypeId {
            module: hint.module,
            name,
        }
    }

    fn string_enum(
        &mut self,
        schema: &Schema,
        values: &[String],
        hint: &NameHint,
        pointer: &str,
        is_component: bool,
    ) -> TypeRef {
        let id = self.claim_name(hint, is_component);
        let mut variant_names = UniqueNames::default();
        // `Unknown(String)` is the catch-all for values this SDK version does not know.
        variant_names.reserve("Unknown");
        let mut seen = BTreeSet::new();
        let variants = values
            .iter()
            .filter(|v| seen.insert(v.as_str()))
            .map(|value| {
                let mut name = naming::variant_name(value);
                if name == "Unknown" {
                    name = "UnknownValue".to_owned();
                }
                EnumVariant {
                    rust_name: variant_names.claim(&name),
                    value: value.clone(),
                }
            })
            .collect();
        self.insert(TypeDef {
            id: id.clone(),
            docs: docs_of(schema),
            kind: TypeKind::Enum(EnumDef { variants }),
            pointer: pointer.to_owned(),
            deprecated: schema.schema_data.deprecated,
        });
        TypeRef::Named(id)
    }

    fn insert(&mut self, def: TypeDef) {
        self.types.types.insert(def.id.clone(), def);
    }

    fn object(
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
                    TypeRef::Map(Box::new(value.ty))
                }
                _ => TypeRef::Map(Box::new(TypeRef::Json)),
            });
        }
        let is_component = self.is_component_hint(hint, pointer);
        let id = self.claim_name(hint, is_component);
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

    /// Components are lowered with their own name already reserved; nested schemas claim one.
    fn is_component_hint(&self, hint: &NameHint, pointer: &str) -> bool {
        hint.module == Module::Shared
            && pointer.starts_with("/components/schemas/")
            && pointer.matches('/').count() == 3
    }

    /// The fields of an object schema; nested types are named `<owner><Property>`.
    fn struct_fields(
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
                Some(value.ty)
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            // `false` forbids extra keys on the wire; the SDK still accepts them when decoding,
            // so a new field from the API never breaks an old client.
            Some(AdditionalProperties::Any(false)) | None => None,
        };
        Ok(StructDef { fields, additional })
    }

    /// `allOf`: one member that is a reference is that type; otherwise all members merge into one struct.
    fn all_of(
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
        let id = self.claim_name(hint, is_component);
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
                        let schema = self
                            .spec
                            .openapi
                            .components
                            .as_ref()
                            .and_then(|c| c.schemas.get(&name))
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

    /// The enumerated values of union members that are all strings (a string member without
    /// `enum` adds none), or `None` if some member is anything else.
    fn string_members(&self, members: &[ReferenceOr<Schema>]) -> Option<Vec<String>> {
        let mut values = Vec::new();
        for member in members {
            let schema = match member {
                ReferenceOr::Item(schema) => schema,
                ReferenceOr::Reference { reference } => {
                    let name = component_key("schemas", reference)?;
                    match self.spec.openapi.components.as_ref()?.schemas.get(&name)? {
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
    fn union(
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
            // The members are never lowered on their own; their examples belong to this type.
            for index in 0..members.len() {
                let member_pointer = format!("{pointer}/{keyword}/{index}");
                if self
                    .spec
                    .raw
                    .pointer(&format!("{member_pointer}/example"))
                    .is_some()
                {
                    self.examples.push(ExampleSite {
                        pointer: format!("{member_pointer}/example"),
                        ty: ty.clone(),
                        nullable: schema.schema_data.nullable,
                    });
                }
            }
            return Ok(ty);
        }
        let id = self.claim_name(hint, is_component);
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
            let lowered = self.schema(member.into(), &owner.child(&base), &member_pointer)?;
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

/// The parts of an object schema, whichever openapiv3 variant held them.
#[derive(Clone, Copy)]
struct ObjectShape<'s> {
    properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'s [String],
    additional: Option<&'s AdditionalProperties>,
}

/// Whether lowering this schema defines a named type (as opposed to a primitive or collection).
fn becomes_named_type(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty(),
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Any(any) => {
            !any.properties.is_empty()
                || (!any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_string()))
        }
        _ => false,
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
fn is_annotation_only(schema: &Schema) -> bool {
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

pub fn docs_of(schema: &Schema) -> Docs {
    Docs {
        title: schema
            .schema_data
            .title
            .as_deref()
            .map(super::operations::detab),
        description: schema
            .schema_data
            .description
            .as_deref()
            .map(super::operations::detab),
    }
}
