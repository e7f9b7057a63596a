//! Lowering of JSON schemas into the type space: structs (with `allOf` merged into one),
//! open string enums, unions, and primitive references.
//!
//! Component schemas keep their names; schemas nested inline are named after their owner and
//! property (`Company` + `products` -> `CompanyProducts`), with numeric suffixes on collision.
//! A nested schema with a `title` (at a property, list item or map value) is named from it, as
//! Speakeasy names it: `<Title>`, else `<Owner><Title>` when that is taken, else the name above;
//! one written in an operation (its request body, a response, a parameter) is
//! `<OperationId><Title>`. Generic titles (`Data`, `Object`, ...) are not used.
//! This module dispatches on a schema's kind and names types; each kind is lowered in a
//! submodule.

mod constraints;
mod enums;
mod examples;
mod merge;
mod objects;
mod unions;

use std::collections::BTreeMap;

use openapiv3::{IntegerFormat, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

use super::components::{component_name, lookup};
use super::types::*;
use super::ExampleSite;
use crate::error::{GenError, Warning};
use crate::load::pointer::escape_token;
use crate::load::LoadedSpec;
use crate::naming::{self, UniqueNames};

pub(crate) use objects::name_override;
use objects::ObjectShape;

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
    /// The named type or operation this location is nested in: a titled schema here is named
    /// `<owner><Title>` when its title alone is taken (or, in an operation, always).
    owner: String,
    /// How the schema's own `title` names it here, if at all.
    title: TitleRule,
}

/// Whether, and how, a schema's `title` names the type made at a location (see
/// [`SchemaLowering::claim_name`]).
#[derive(Debug, Clone, Copy, PartialEq)]
enum TitleRule {
    /// The location names the type (a component's key, a union member named from its title).
    Ignore,
    /// `<Title>`, then `<Owner><Title>` (a property, list item or map value).
    Bare,
    /// `<Operation><Title>` (a request body, response or parameter written in an operation).
    Prefixed,
}

impl NameHint {
    pub fn new(module: Module, name: impl Into<String>) -> Self {
        let name = name.into();
        Self {
            module,
            owner: name.clone(),
            name,
            title: TitleRule::Ignore,
        }
    }

    /// The hint for a schema written inline in operation `operation_id` (its request body, a
    /// response, or the request whose fields are its parameters).
    pub fn in_operation(module: Module, name: impl Into<String>, operation_id: &str) -> Self {
        Self {
            module,
            name: name.into(),
            owner: naming::type_name(operation_id),
            title: TitleRule::Prefixed,
        }
    }

    /// The hint for a schema nested under `part` (a property name, `Item`, `Value`): named from
    /// its title when it has one, else `<name><Part>`.
    pub fn child(&self, part: &str) -> Self {
        Self {
            module: self.module,
            name: format!("{}{}", self.name, naming::type_name(part)),
            owner: self.owner.clone(),
            title: match self.title {
                TitleRule::Prefixed => TitleRule::Prefixed,
                TitleRule::Ignore | TitleRule::Bare => TitleRule::Bare,
            },
        }
    }

    /// The hint for a union member named `part` (already its title, when it has one).
    pub fn member(&self, part: &str) -> Self {
        Self {
            title: TitleRule::Ignore,
            ..self.child(part)
        }
    }

    /// The names a schema titled `title` tries here before [`NameHint::name`], best first.
    fn title_names(&self, title: Option<&str>) -> Vec<String> {
        let Some(title) = title.and_then(naming::title_type_name) else {
            return Vec::new();
        };
        let prefixed = if title.starts_with(&self.owner) {
            title.clone()
        } else {
            format!("{}{title}", self.owner)
        };
        match self.title {
            TitleRule::Ignore => Vec::new(),
            TitleRule::Prefixed => vec![prefixed],
            TitleRule::Bare if prefixed == title => vec![title],
            TitleRule::Bare => vec![title, prefixed],
        }
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
    /// Components whose schemas `allOf` is merging from, outermost first: a member that leads
    /// back to one adds nothing more (its fields are being merged already).
    merging: Vec<String>,
}

/// How deeply schemas (inline and through references) may nest before lowering gives up:
/// far beyond any real API, and well within the stack of a test thread.
const MAX_DEPTH: usize = 160;

impl<'a> SchemaLowering<'a> {
    pub fn new(spec: &'a LoadedSpec) -> Self {
        // Component names, unique (`Foo Bar` and `foo-bar` are both `FooBar`) and clear of the
        // items the emitter adds beside them (see `naming::RESERVED_MODEL_NAMES`).
        let mut shared = UniqueNames::with_reserved(naming::RESERVED_MODEL_NAMES);
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
            merging: Vec::new(),
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
    fn component_schema(&self, name: &str) -> Option<&'a ReferenceOr<Schema>> {
        lookup(self.spec, name)
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
                    TypeRef::Array(Box::new(self.non_null_type(
                        item,
                        &items_pointer,
                        "list item",
                    )))
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
            let items_pointer = format!("{pointer}/items");
            let item = self.schema(items.into(), &hint.child("Item"), &items_pointer)?;
            let item = self.non_null_type(item, &items_pointer, "list item");
            return Ok(TypeRef::Array(Box::new(item)));
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
        if let Some(ty) = enum_type(&any.enumeration) {
            return Ok(ty);
        }
        Ok(match any.typ.as_deref() {
            Some("string") => TypeRef::String,
            Some("integer") => TypeRef::I64,
            Some("number") => TypeRef::F64,
            Some("boolean") => TypeRef::Bool,
            _ => TypeRef::Json,
        })
    }

    /// The type of `lowered` where the Rust type cannot say `null` (a list item, a map value, a
    /// response body): a nullable schema there is warned about, never dropped silently.
    pub fn non_null_type(&mut self, lowered: Lowered, pointer: &str, place: &str) -> TypeRef {
        if lowered.nullable {
            self.warnings.push(Warning {
                pointer: pointer.to_owned(),
                message: format!(
                    "the schema allows `null`, which a {place} of the generated type cannot hold; \
                     a `null` there fails to decode"
                ),
            });
        }
        lowered.ty
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

    /// The name of the type `schema` makes at `hint`: a component's own name; else its title's
    /// name where the location takes titles and that name is free (see [`NameHint::child`]);
    /// else the location's name, numbered if taken.
    fn claim_name(&mut self, hint: &NameHint, is_component: bool, schema: &Schema) -> TypeId {
        let names = self.names.entry(hint.module).or_default();
        let name = if is_component {
            hint.name.clone()
        } else {
            let titled = hint
                .title_names(schema.schema_data.title.as_deref())
                .into_iter()
                .find(|name| !names.is_taken(name));
            match titled {
                Some(name) => {
                    names.reserve(&name);
                    name
                }
                None => names.claim(&hint.name),
            }
        };
        TypeId {
            module: hint.module,
            name,
        }
    }

    /// Claims `name` (or `name2`, ...) in `module` for a type made outside schema lowering, so
    /// no schema's type takes it.
    pub fn claim_type_name(&mut self, module: Module, name: &str) -> String {
        self.names.entry(module).or_default().claim(name)
    }

    fn insert(&mut self, def: TypeDef) {
        self.types.types.insert(def.id.clone(), def);
    }

    /// Components are lowered with their own name already reserved; nested schemas claim one.
    fn is_component_hint(&self, hint: &NameHint, pointer: &str) -> bool {
        hint.module == Module::Shared
            && pointer.starts_with("/components/schemas/")
            && pointer.matches('/').count() == 3
    }
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

/// The type of an untyped `enum` (or `const`) whose values are all numbers or all booleans
/// (`const: 3`); `None` for any other list.
fn enum_type(values: &[serde_json::Value]) -> Option<TypeRef> {
    if values.is_empty() {
        None
    } else if values.iter().all(|v| v.is_i64() || v.is_u64()) {
        Some(TypeRef::I64)
    } else if values.iter().all(serde_json::Value::is_number) {
        Some(TypeRef::F64)
    } else if values.iter().all(serde_json::Value::is_boolean) {
        Some(TypeRef::Bool)
    } else {
        None
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
