//! Path, query, header and cookie parameters: path-level ones merged under the operation's own.

mod encoding;
mod globals;

pub(super) use globals::{link_globals, Global};

use openapiv3::{
    AnySchema, Operation as SpecOperation, Parameter, ParameterSchemaOrContent, ReferenceOr,
    Schema, SchemaData, SchemaKind,
};

use self::encoding::{is_json_media_type, styled_encoding, Unrenderable};
use super::OperationLowering;
use crate::error::{GenError, Warning};
use crate::ir::components::{follow, resolve_component};
use crate::ir::examples::{schema_example, schema_fallback};
use crate::ir::schema::{docs_of, name_override, Lowered, NameHint};
use crate::ir::{Docs, ExampleSite, Field, Module, Param, ParamEncoding, ParamLocation};
use crate::load::pointer::escape_token;
use crate::naming;

impl OperationLowering<'_, '_> {
    /// The operation's parameters, each a field of the request type, with how each is sent.
    pub(super) fn parameters(
        &mut self,
        path_level: &[ReferenceOr<Parameter>],
        op: &SpecOperation,
        hint: &NameHint,
        pointer: &str,
    ) -> Result<Vec<Param>, GenError> {
        // Operation parameters override path-level ones with the same name and location.
        let mut by_key: Vec<((String, ParamLocation), &Parameter, String)> = Vec::new();
        let path_pointer = pointer.rsplit_once('/').map(|(p, _)| p).unwrap_or(pointer);
        let sources = path_level
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{path_pointer}/parameters/{i}")))
            .chain(
                op.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, format!("{pointer}/parameters/{i}"))),
            );
        for (param, param_pointer) in sources {
            let (param, param_pointer) = resolve_component(self.spec, param, &param_pointer)?;
            let key = (param.parameter_data_ref().name.clone(), location(param));
            by_key.retain(|(k, _, _)| *k != key);
            by_key.push((key, param, param_pointer));
        }
        by_key
            .into_iter()
            .map(|(_, param, param_pointer)| {
                let shared = self.global_type_for(param);
                self.parameter(param, &param_pointer, hint, shared)
            })
            .collect()
    }

    /// One parameter, already resolved, as a field of `hint`'s type with how it is sent.
    pub(super) fn parameter(
        &mut self,
        param: &Parameter,
        param_pointer: &str,
        hint: &NameHint,
        shared: Option<Lowered>,
    ) -> Result<Param, GenError> {
        let param_pointer = param_pointer.to_owned();
        let data = param.parameter_data_ref();
        let location = location(param);
        // A `content` parameter: its one media type's schema (any value without one).
        let any_schema = ReferenceOr::Item(Schema {
            schema_data: SchemaData::default(),
            schema_kind: SchemaKind::Any(AnySchema::default()),
        });
        let (schema, schema_pointer, media_type) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                (schema, format!("{param_pointer}/schema"), None)
            }
            ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                Some((media_type, media)) => (
                    media.schema.as_ref().unwrap_or(&any_schema),
                    format!(
                        "{param_pointer}/content/{}/schema",
                        escape_token(media_type)
                    ),
                    Some(media_type.as_str()),
                ),
                None => (&any_schema, format!("{param_pointer}/content"), Some("")),
            },
        };
        let component = param_pointer.strip_prefix("/components/parameters/");
        let lowered = match (shared, component) {
            (Some(shared), _) => shared,
            // A shared parameter's inline types are made once, named after the parameter.
            (None, Some(component)) => match self.shared_params.get(&schema_pointer) {
                Some(done) => done.clone(),
                None => {
                    let hint = NameHint::new(Module::Shared, naming::type_name(component));
                    let lowered = self.types.schema(schema.into(), &hint, &schema_pointer)?;
                    self.shared_params
                        .insert(schema_pointer.clone(), lowered.clone());
                    lowered
                }
            },
            (None, None) => {
                self.types
                    .schema(schema.into(), &hint.child(&data.name), &schema_pointer)?
            }
        };
        let (docs, default) = match schema {
            ReferenceOr::Item(s) => (docs_of(s), s.schema_data.default.clone()),
            ReferenceOr::Reference { .. } => (Docs::default(), None),
        };
        // A schema given by reference lends its description, as a property's does.
        let referenced = match schema {
            ReferenceOr::Reference { .. } => self.types.described(schema.into()).0,
            ReferenceOr::Item(_) => None,
        };
        let docs = Docs {
            title: None,
            description: data.description.clone().or(docs.description).or(referenced),
        };
        if data.example.is_some() {
            self.examples.push(ExampleSite {
                pointer: format!("{param_pointer}/example"),
                ty: lowered.ty.clone(),
                nullable: lowered.nullable,
            });
        }
        for name in data.examples.keys() {
            self.examples.push(ExampleSite {
                pointer: format!("{param_pointer}/examples/{}/value", escape_token(name)),
                ty: lowered.ty.clone(),
                nullable: lowered.nullable,
            });
        }
        // Parameter `example`, else its first named example with a value, else its schema's
        // (through references); else a made-up value for the docs.
        let example = data
            .example
            .clone()
            .or_else(|| {
                data.examples.iter().find_map(|(name, example)| {
                    let inline = format!("{param_pointer}/examples/{}", escape_token(name));
                    follow(self.spec, example, &inline).and_then(|(e, _)| e.value.clone())
                })
            })
            .or_else(|| schema_example(self.spec, schema));
        let fallback_example = match example {
            Some(_) => None,
            None => schema_fallback(self.spec, schema, &data.name),
        };
        let encoding = self.encoding(param, location, &lowered.ty, media_type, &param_pointer);
        Ok(Param {
            location,
            encoding,
            global: None,
            field: Field {
                wire_name: data.name.clone(),
                rust_name: naming::snake_name(
                    name_override(&data.extensions).unwrap_or(&data.name),
                ),
                ty: lowered.ty,
                required: data.required || location == ParamLocation::Path,
                nullable: false,
                docs,
                deprecated: data.deprecated.unwrap_or(false),
                example,
                fallback_example,
                default,
            },
        })
    }

    /// How the parameter is sent: JSON for a JSON `content`, else by its style, falling back
    /// to JSON (with a warning) for a type the style has no rendering for.
    fn encoding(
        &mut self,
        param: &Parameter,
        location: ParamLocation,
        ty: &crate::ir::TypeRef,
        media_type: Option<&str>,
        pointer: &str,
    ) -> ParamEncoding {
        let name = &param.parameter_data_ref().name;
        if media_type.is_some_and(is_json_media_type) {
            return ParamEncoding::Json;
        }
        let styled = styled_encoding(param, location, ty, &self.types.types);
        let reason = match (media_type, styled) {
            // Text content (`text/plain`) is the value itself, which only a primitive has.
            (Some(media_type), Ok(ParamEncoding::Plain))
            | (Some(media_type), Ok(ParamEncoding::Styled { .. }))
                if !encoding::is_primitive(ty, &self.types.types) =>
            {
                format!("its content type `{media_type}` has no rendering for this type")
            }
            (_, Ok(encoding)) => return encoding,
            (_, Err(Unrenderable { style })) => format!(
                "style `{}` has no rendering for values of its type",
                style.spec_name()
            ),
        };
        self.types.warnings.push(Warning {
            pointer: pointer.to_owned(),
            message: format!("parameter `{name}`: {reason}; its JSON is sent instead"),
        });
        ParamEncoding::Json
    }
}

/// Where the spec sends a parameter.
fn location(param: &Parameter) -> ParamLocation {
    match param {
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}
