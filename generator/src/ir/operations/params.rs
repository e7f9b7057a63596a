//! Path, query and header parameters: path-level ones merged under the operation's own.

use openapiv3::{Operation as SpecOperation, Parameter, ParameterSchemaOrContent, ReferenceOr};

use super::{invalid, OperationLowering};
use crate::error::{GenError, Warning};
use crate::ir::components::{follow, resolve_component};
use crate::ir::examples::{schema_example, schema_fallback};
use crate::ir::schema::{docs_of, NameHint};
use crate::ir::{Docs, ExampleSite, Field, Module, Param, ParamLocation};
use crate::load::pointer::escape_token;
use crate::naming;

impl OperationLowering<'_, '_> {
    /// The operation's parameters, each a field of the request type; cookies are left out.
    pub(super) fn parameters(
        &mut self,
        path_level: &[ReferenceOr<Parameter>],
        op: &SpecOperation,
        hint: &NameHint,
        pointer: &str,
    ) -> Result<Vec<Param>, GenError> {
        // Operation parameters override path-level ones with the same name and location.
        let mut by_key: Vec<((String, String), &Parameter, String)> = Vec::new();
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
            let data = param.parameter_data_ref();
            let location = match param {
                Parameter::Query { .. } => "query",
                Parameter::Path { .. } => "path",
                Parameter::Header { .. } => "header",
                Parameter::Cookie { .. } => "cookie",
            };
            let key = (data.name.clone(), location.to_owned());
            by_key.retain(|(k, _, _)| *k != key);
            by_key.push((key, param, param_pointer));
        }
        let mut params = Vec::new();
        for (_, param, param_pointer) in by_key {
            let data = param.parameter_data_ref();
            let location = match param {
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } => {
                    self.types.warnings.push(Warning {
                        pointer: param_pointer.clone(),
                        message: format!(
                            "cookie parameter `{}` is not supported and is not sent",
                            data.name
                        ),
                    });
                    continue;
                }
            };
            let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                return Err(invalid(
                    self.spec,
                    &param_pointer,
                    "parameters with `content` are not supported",
                ));
            };
            let schema_pointer = format!("{param_pointer}/schema");
            let lowered = match param_pointer.strip_prefix("/components/parameters/") {
                // A shared parameter's inline types are made once, named after the parameter.
                Some(component) => match self.shared_params.get(&schema_pointer) {
                    Some(done) => done.clone(),
                    None => {
                        let hint = NameHint::new(Module::Shared, naming::type_name(component));
                        let lowered = self.types.schema(schema.into(), &hint, &schema_pointer)?;
                        self.shared_params
                            .insert(schema_pointer.clone(), lowered.clone());
                        lowered
                    }
                },
                None => {
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
            params.push(Param {
                location,
                field: Field {
                    wire_name: data.name.clone(),
                    rust_name: naming::snake_name(&data.name),
                    ty: lowered.ty,
                    required: data.required || location == ParamLocation::Path,
                    nullable: false,
                    docs,
                    deprecated: data.deprecated.unwrap_or(false),
                    example,
                    fallback_example,
                    default,
                },
            });
        }
        Ok(params)
    }
}
