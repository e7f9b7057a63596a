//! Lowering of `paths` into groups of operations, and of `webhooks` into payload types.
//!
//! Applies Speakeasy's conventions: `x-speakeasy-group` over the first tag, per-operation
//! `x-speakeasy-name-override` over the root regex list, `x-speakeasy-ignore`, and deprecation
//! messages with replacements. The parts of an operation are lowered in the submodules.

mod bodies;
mod errors;
mod groups;
mod ids;
mod params;
mod responses;
mod streaming;
mod webhooks;

use std::collections::BTreeMap;

use openapiv3::{Operation as SpecOperation, Parameter, ReferenceOr};
use serde_json::Value;

use super::schema::{Lowered, NameHint, SchemaLowering};
use super::types::*;
use super::*;
use crate::load::pointer::escape_token;
use crate::naming::{self, UniqueNames};

pub use webhooks::lower_webhooks;

/// What lowering `paths` produces.
pub struct LoweredOperations {
    pub groups: Vec<Group>,
    pub error_model: Option<TypeId>,
    pub examples: Vec<ExampleSite>,
    pub ignored: Vec<String>,
    /// `x-speakeasy-globals`: the type holding the client's global parameter values.
    pub globals: Option<TypeId>,
}

/// An operation before deprecation replacements are resolved to method paths.
struct Pending {
    group: String,
    operation: Operation,
    replacement_id: Option<String>,
    /// The method name is the spec's choice (`x-speakeasy-name-override`), not its operationId.
    overridden: bool,
}

pub fn lower_operations<'s>(
    spec: &'s LoadedSpec,
    types: &mut SchemaLowering<'s>,
) -> Result<LoweredOperations, GenError> {
    let overrides = extensions::name_overrides(spec)?;
    let error_model = errors::find_error_model(spec)?;
    let error_component = match &error_model {
        Some(name) => Some(types.component(name)?),
        None => None,
    };
    let mut lowering = OperationLowering {
        spec,
        types,
        error_model: error_model.clone(),
        examples: Vec::new(),
        shared_params: BTreeMap::new(),
        globals: Vec::new(),
    };
    let globals = lowering.lower_globals()?;
    lowering.globals = globals.as_ref().map(|(_, g)| g.clone()).unwrap_or_default();
    let operation_ids = ids::operation_ids(&spec.openapi.paths);
    let untagged_group = naming::untagged_group(&spec.openapi.info.title);
    let mut pending = Vec::new();
    let mut ignored = Vec::new();
    for (path, item) in &spec.openapi.paths.paths {
        let path_pointer = format!("/paths/{}", escape_token(path));
        let ReferenceOr::Item(item) = item else {
            return Err(invalid(
                spec,
                &path_pointer,
                "path item references are not supported",
            ));
        };
        for (method, op) in item.iter() {
            let pointer = format!("{path_pointer}/{method}");
            let Some(operation_id) = operation_ids
                .get(&(path.clone(), method.to_owned()))
                .cloned()
            else {
                return Err(invalid(spec, &pointer, "no operationId could be derived"));
            };
            if op.extensions.get("x-speakeasy-ignore") == Some(&Value::Bool(true)) {
                ignored.push(operation_id);
                continue;
            }
            let group = match op
                .extensions
                .get("x-speakeasy-group")
                .and_then(Value::as_str)
            {
                Some(group) => group.to_owned(),
                None => op
                    .tags
                    .first()
                    .cloned()
                    .unwrap_or_else(|| untagged_group.clone()),
            };
            let chosen = op
                .extensions
                .get("x-speakeasy-name-override")
                .and_then(Value::as_str)
                .or_else(|| overrides.method_for(&operation_id));
            let method_name = chosen.unwrap_or(&operation_id);
            let replacement_id = op
                .extensions
                .get("x-speakeasy-deprecation-replacement")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let request_name = lowering.types.claim_type_name(
                Module::Operations,
                &format!("{}Request", naming::type_name(&operation_id)),
            );
            let operation = lowering.operation(OperationInput {
                operation_id: &operation_id,
                method: naming::snake_name(method_name),
                http_method: method.to_uppercase(),
                path,
                op,
                path_params: &item.parameters,
                pointer: &pointer,
                request_name,
            })?;
            pending.push(Pending {
                group,
                operation,
                replacement_id,
                overridden: chosen.is_some(),
            });
        }
    }
    let groups = groups::build_groups(spec, pending)?;
    let examples = lowering.examples;
    Ok(LoweredOperations {
        groups,
        error_model: error_component.and_then(|l| l.ty.named().cloned()),
        examples,
        ignored,
        globals: globals.map(|(id, _)| id),
    })
}

pub(super) fn invalid(spec: &LoadedSpec, pointer: &str, message: impl Into<String>) -> GenError {
    GenError::Invalid {
        file: spec.file.clone(),
        pointer: pointer.to_owned(),
        message: message.into(),
    }
}

/// Gives the fields of one request type distinct names: a path `self` and a body `Self` are
/// both `self_`, a query `page_size` and a header `page-size` both `page_size`.
/// The body claims its name first, so it is `body` in every request type; a parameter that is
/// also called `body` takes a suffix.
fn unique_field_names(params: &mut [Param], body: Option<&mut Body>) {
    let mut names = UniqueNames::default();
    if let Some(body) = body {
        body.field.rust_name = names.claim(&body.field.rust_name);
    }
    for field in params.iter_mut().map(|p| &mut p.field) {
        field.rust_name = names.claim(&field.rust_name);
    }
}

struct OperationInput<'o> {
    operation_id: &'o str,
    method: String,
    http_method: String,
    path: &'o str,
    op: &'o SpecOperation,
    path_params: &'o [ReferenceOr<Parameter>],
    pointer: &'o str,
    request_name: String,
}

struct OperationLowering<'s, 't> {
    spec: &'s LoadedSpec,
    types: &'t mut SchemaLowering<'s>,
    error_model: Option<String>,
    examples: Vec<ExampleSite>,
    /// Lowered schemas of `#/components/parameters`, by schema pointer.
    shared_params: BTreeMap<String, Lowered>,
    /// The spec's global parameters, which operations' parameters of the same name take from.
    globals: Vec<params::Global>,
}

impl OperationLowering<'_, '_> {
    fn operation(&mut self, input: OperationInput<'_>) -> Result<Operation, GenError> {
        let OperationInput { op, pointer, .. } = input;
        let request_hint = NameHint::in_operation(
            Module::Operations,
            input.request_name.clone(),
            input.operation_id,
        );
        let mut params = self.parameters(input.path_params, op, &request_hint, pointer)?;
        params::link_globals(
            &mut params,
            &self.globals,
            &mut self.types.warnings,
            pointer,
        );
        for name in path_variables(input.path) {
            let declared = params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.field.wire_name == name);
            if !declared {
                return Err(invalid(
                    self.spec,
                    pointer,
                    format!("the path uses `{{{name}}}` but the operation declares no path parameter `{name}`"),
                ));
            }
        }
        let (mut body, body_examples) = match &op.request_body {
            Some(body) => match self.body(body, input.operation_id, pointer)? {
                Some((body, examples)) => (Some(body), examples),
                None => (None, Vec::new()),
            },
            None => (None, Vec::new()),
        };
        unique_field_names(&mut params, body.as_mut());
        // Every operation takes a request type, even one with nothing in it yet, so a parameter
        // the spec adds later is a new field (a minor change), not a new method argument.
        let request = self.request_type(&input, &params, body.as_ref());
        let response = self.success_response(op, input.operation_id, pointer)?;
        let error_statuses = self.error_statuses(op, pointer)?;
        let deprecation = op.deprecated.then(|| Deprecation {
            message: op
                .extensions
                .get("x-speakeasy-deprecation-message")
                .and_then(Value::as_str)
                .map(|m| m.trim().to_owned()),
            replacement: None,
        });
        Ok(Operation {
            operation_id: input.operation_id.to_owned(),
            method: input.method,
            http_method: input.http_method,
            path: input.path.to_owned(),
            summary: op.summary.as_deref().map(detab),
            description: op.description.as_deref().map(detab),
            deprecation,
            request,
            params,
            body,
            body_examples,
            response,
            error_statuses,
            // Decided once every response type is lowered (`ir::lower`).
            paging: None,
            retries: super::extensions::operation_retries(self.spec, &op.extensions, pointer)?,
            pointer: pointer.to_owned(),
        })
    }

    /// Registers `<OperationId>Request` with one field per parameter and the body, sorted by name like the reference.
    fn request_type(
        &mut self,
        input: &OperationInput<'_>,
        params: &[Param],
        body: Option<&Body>,
    ) -> TypeId {
        let id = TypeId {
            module: Module::Operations,
            name: input.request_name.clone(),
        };
        let mut fields: Vec<Field> = params.iter().map(|p| p.field.clone()).collect();
        fields.extend(body.map(|b| b.field.clone()));
        let description = format!("The parameters and body of `{}`.", input.operation_id);
        self.register_fields(id.clone(), description, fields, input.pointer);
        id
    }

    /// Registers a struct of parameter fields (a request type, or the globals), sorted by
    /// name like the reference's.
    fn register_fields(
        &mut self,
        id: TypeId,
        description: String,
        mut fields: Vec<Field>,
        pointer: &str,
    ) {
        fields.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        self.types.types.types.insert(
            id.clone(),
            TypeDef {
                id,
                docs: Docs {
                    title: None,
                    description: Some(description),
                },
                kind: TypeKind::Struct(StructDef {
                    fields,
                    additional: None,
                }),
                pointer: pointer.to_owned(),
                deprecated: false,
            },
        );
    }
}

/// The `{name}`s of a path template.
fn path_variables(path: &str) -> impl Iterator<Item = &str> {
    path.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
}

/// Doc text with each tab as four spaces (rustdoc and clippy reject tabs in doc comments).
pub(crate) fn detab(text: &str) -> String {
    text.replace('\t', "    ")
}
