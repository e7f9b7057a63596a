//! Lowering of `paths` into groups of operations, and of `webhooks` into payload types.
//!
//! Applies Speakeasy's conventions: `x-speakeasy-group` over the first tag, per-operation
//! `x-speakeasy-name-override` over the root regex list, `x-speakeasy-ignore`, and deprecation
//! messages with replacements.

use std::collections::BTreeMap;

use openapiv3::{
    MediaType, Operation as SpecOperation, Parameter, ParameterSchemaOrContent, ReferenceOr,
    RequestBody, Response, StatusCode,
};
use serde_json::Value;

use super::schema::{component_key, component_name, docs_of, Lowered, NameHint, SchemaLowering};
use super::types::*;
use super::*;
use crate::load::pointer::escape_token;
use crate::naming::{self, UniqueNames};

/// What lowering `paths` produces.
pub struct LoweredOperations {
    pub groups: Vec<Group>,
    pub error_model: Option<TypeId>,
    pub examples: Vec<ExampleSite>,
    pub ignored: Vec<String>,
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
    let error_model = find_error_model(spec)?;
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
    };
    let mut pending = Vec::new();
    let mut ignored = Vec::new();
    let mut request_names = UniqueNames::default();
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
            let Some(operation_id) = op.operation_id.clone() else {
                return Err(invalid(spec, &pointer, "operation has no operationId"));
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
                    .unwrap_or_else(|| "default".to_owned()),
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
            let operation = lowering.operation(OperationInput {
                operation_id: &operation_id,
                method: naming::snake_name(method_name),
                http_method: method.to_uppercase(),
                path,
                op,
                path_params: &item.parameters,
                pointer: &pointer,
                request_name: request_names
                    .claim(&format!("{}Request", naming::type_name(&operation_id))),
            })?;
            pending.push(Pending {
                group,
                operation,
                replacement_id,
                overridden: chosen.is_some(),
            });
        }
    }
    let groups = build_groups(spec, pending)?;
    let examples = lowering.examples;
    Ok(LoweredOperations {
        groups,
        error_model: error_component.and_then(|l| l.ty.named().cloned()),
        examples,
        ignored,
    })
}

/// Sorts operations into groups (named by [`naming::group_names`], methods made unique within
/// each group) and resolves deprecation replacements to `group().method()`.
fn build_groups(spec: &LoadedSpec, pending: Vec<Pending>) -> Result<Vec<Group>, GenError> {
    let spec_names: std::collections::BTreeSet<&str> =
        pending.iter().map(|p| p.group.as_str()).collect();
    let mut groups: BTreeMap<String, (Group, naming::MethodNames)> = spec_names
        .iter()
        .zip(naming::group_names(spec_names.iter().copied()))
        .map(|(name, names)| {
            let group = Group {
                description: spec
                    .openapi
                    .tags
                    .iter()
                    .find(|t| t.name == *name)
                    .and_then(|t| t.description.clone()),
                type_name: names.type_name,
                docs_folder: names.docs_folder,
                spec_name: (*name).to_owned(),
                module: names.module,
                operations: Vec::new(),
            };
            ((*name).to_owned(), (group, naming::MethodNames::default()))
        })
        .collect();
    // The replacement each operation names, beside it until every method has its final name.
    let mut replacement_ids: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();
    for Pending {
        group,
        mut operation,
        replacement_id,
        overridden,
    } in pending
    {
        let Some((entry, methods)) = groups.get_mut(&group) else {
            continue;
        };
        // Two overrides naming the same method are a mistake in the spec; names derived from
        // operationIds that collide (`get-x`, `get_x`) or take a reserved name get a suffix.
        if let Some(clash) = entry
            .operations
            .iter()
            .find(|o| overridden && o.method == operation.method)
        {
            return Err(invalid(
                spec,
                &operation.pointer,
                format!(
                    "`{}` and `{}` both become `{}().{}()`; give one an x-speakeasy-name-override",
                    clash.operation_id, operation.operation_id, entry.module, operation.method
                ),
            ));
        }
        operation.method = methods.claim(&operation.method);
        entry.operations.push(operation);
        replacement_ids
            .entry(group)
            .or_default()
            .push(replacement_id);
    }
    let locations: BTreeMap<String, (String, String)> = groups
        .values()
        .flat_map(|(g, _)| {
            g.operations.iter().map(|op| {
                (
                    op.operation_id.clone(),
                    (g.module.clone(), op.method.clone()),
                )
            })
        })
        .collect();
    let by_name = groups;
    let mut groups: Vec<Group> = Vec::new();
    for (name, (mut group, _)) in by_name {
        let ids = replacement_ids.remove(&name).unwrap_or_default();
        for (operation, id) in group.operations.iter_mut().zip(ids) {
            let (Some(deprecation), Some(id)) = (operation.deprecation.as_mut(), id) else {
                continue;
            };
            let target = locations.get(&id).ok_or_else(|| {
                invalid(
                    spec,
                    &format!("{}/x-speakeasy-deprecation-replacement", operation.pointer),
                    format!("replacement operation `{id}` does not exist"),
                )
            })?;
            deprecation.replacement = Some(target.clone());
        }
        groups.push(group);
    }
    groups.sort_by(|a, b| a.module.cmp(&b.module));
    for group in &mut groups {
        group.operations.sort_by(|a, b| a.method.cmp(&b.method));
    }
    Ok(groups)
}

/// The component schema most error responses use; Codat's is `ErrorMessage`.
fn find_error_model(spec: &LoadedSpec) -> Result<Option<String>, GenError> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (path, item) in &spec.openapi.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            for (status, response) in error_responses(op) {
                let pointer = format!("/paths/{}/{method}/responses/{status}", escape_token(path));
                let (response, _) = resolve_response(spec, response, &pointer)?;
                if let Some(ReferenceOr::Reference { reference }) =
                    json_media(&response.content).and_then(|m| m.schema.as_ref())
                {
                    let name = component_name(spec, "schemas", reference, &pointer)?;
                    *counts.entry(name).or_default() += 1;
                }
            }
        }
    }
    Ok(counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(name, _)| name))
}

/// Non-2XX responses with their status as the spec writes it.
fn error_responses(op: &SpecOperation) -> Vec<(String, &ReferenceOr<Response>)> {
    let mut out: Vec<(String, &ReferenceOr<Response>)> = op
        .responses
        .responses
        .iter()
        .filter(|(status, _)| !is_success(status))
        .map(|(status, response)| (status.to_string(), response))
        .collect();
    if let Some(default) = &op.responses.default {
        out.push(("default".to_owned(), default));
    }
    out
}

fn is_success(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => (200..300).contains(code),
        StatusCode::Range(range) => *range == 2,
    }
}

fn json_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<&MediaType> {
    content
        .iter()
        .find(|(media, _)| media.starts_with("application/json") || media.ends_with("+json"))
        .map(|(_, media)| media)
}

fn invalid(spec: &LoadedSpec, pointer: &str, message: impl Into<String>) -> GenError {
    GenError::Invalid {
        file: spec.file.clone(),
        pointer: pointer.to_owned(),
        message: message.into(),
    }
}

/// The response a (possibly referenced) response means, with the pointer where it is written.
fn resolve_response<'s>(
    spec: &'s LoadedSpec,
    response: &'s ReferenceOr<Response>,
    pointer: &str,
) -> Result<(&'s Response, String), GenError> {
    match response {
        ReferenceOr::Item(response) => Ok((response, pointer.to_owned())),
        ReferenceOr::Reference { reference } => {
            let name = component_name(spec, "responses", reference, pointer)?;
            match spec
                .openapi
                .components
                .as_ref()
                .and_then(|c| c.responses.get(&name))
            {
                Some(ReferenceOr::Item(response)) => Ok((
                    response,
                    format!("/components/responses/{}", escape_token(&name)),
                )),
                _ => Err(invalid(
                    spec,
                    pointer,
                    format!("`{reference}` does not resolve to a response"),
                )),
            }
        }
    }
}

/// Gives the fields of one request type distinct names: a path `self` and a body `Self` are
/// both `self_`, a query `page_size` and a header `page-size` both `page_size`.
fn unique_field_names(params: &mut [Param], body: Option<&mut Body>) {
    let mut names = UniqueNames::default();
    for field in params.iter_mut().map(|p| &mut p.field) {
        field.rust_name = names.claim(&field.rust_name);
    }
    if let Some(body) = body {
        body.field.rust_name = names.claim(&body.field.rust_name);
        body.field.wire_name = body.field.rust_name.clone();
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
}

impl OperationLowering<'_, '_> {
    fn operation(&mut self, input: OperationInput<'_>) -> Result<Operation, GenError> {
        let OperationInput { op, pointer, .. } = input;
        let request_hint = NameHint::new(Module::Operations, input.request_name.clone());
        let mut params = self.parameters(input.path_params, op, &request_hint, pointer)?;
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
        let mut body = match &op.request_body {
            Some(body) => self.body(body, input.operation_id, pointer)?,
            None => None,
        };
        unique_field_names(&mut params, body.as_mut());
        let request = if params.is_empty() && body.is_none() {
            None
        } else {
            Some(self.request_type(&input, &params, body.as_ref()))
        };
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
            response,
            error_statuses,
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
        fields.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        self.types.types.types.insert(
            id.clone(),
            TypeDef {
                id: id.clone(),
                docs: Docs {
                    title: None,
                    description: Some(format!(
                        "The parameters and body of `{}`.",
                        input.operation_id
                    )),
                },
                kind: TypeKind::Struct(StructDef {
                    fields,
                    additional: None,
                }),
                pointer: input.pointer.to_owned(),
                deprecated: false,
            },
        );
        id
    }

    fn parameters(
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
            let (param, param_pointer) = resolve_parameter(self.spec, param, &param_pointer)?;
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
            let docs = Docs {
                title: None,
                description: data.description.clone().or(docs.description),
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
                    example: data.example.clone(),
                    default,
                },
            });
        }
        Ok(params)
    }

    fn body(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        operation_id: &str,
        pointer: &str,
    ) -> Result<Option<Body>, GenError> {
        let body_pointer = format!("{pointer}/requestBody");
        let body = match body {
            ReferenceOr::Item(body) => body,
            ReferenceOr::Reference { reference } => {
                let name = component_name(self.spec, "requestBodies", reference, &body_pointer)?;
                match self
                    .spec
                    .openapi
                    .components
                    .as_ref()
                    .and_then(|c| c.request_bodies.get(&name))
                {
                    Some(ReferenceOr::Item(body)) => body,
                    _ => {
                        return Err(invalid(
                            self.spec,
                            &body_pointer,
                            format!("`{reference}` does not resolve"),
                        ))
                    }
                }
            }
        };
        let Some((content_type, media)) = body
            .content
            .iter()
            .find(|(media, _)| media.starts_with("application/json") || media.ends_with("+json"))
        else {
            return Ok(self.raw_body(body));
        };
        let media_pointer = format!("{body_pointer}/content/{}", escape_token(content_type));
        let Some(schema) = &media.schema else {
            return Ok(None);
        };
        let (rust_name, body_hint) = match schema {
            ReferenceOr::Reference { reference } => {
                let name = component_name(self.spec, "schemas", reference, &media_pointer)?;
                (
                    naming::snake_name(&name),
                    NameHint::new(Module::Shared, naming::type_name(&name)),
                )
            }
            ReferenceOr::Item(_) => (
                "request_body".to_owned(),
                NameHint::new(
                    Module::Operations,
                    format!("{}RequestBody", naming::type_name(operation_id)),
                ),
            ),
        };
        let lowered = self.types.schema(
            schema.into(),
            &body_hint,
            &format!("{media_pointer}/schema"),
        )?;
        self.media_examples(media, &media_pointer, &lowered.ty, lowered.nullable);
        Ok(Some(Body {
            content_type: content_type.clone(),
            field: Field {
                wire_name: rust_name.clone(),
                rust_name,
                ty: lowered.ty,
                required: body.required,
                nullable: false,
                docs: Docs {
                    title: None,
                    description: body.description.clone(),
                },
                deprecated: false,
                example: None,
                default: None,
            },
        }))
    }

    /// A body that is not JSON: a multipart form, or raw bytes sent with their media type.
    fn raw_body(&mut self, body: &RequestBody) -> Option<Body> {
        let (content_type, media) = body.content.iter().next()?;
        let form = content_type.starts_with("multipart/form-data");
        let fields = media
            .schema
            .as_ref()
            .map(|schema| form_fields(self.spec, schema))
            .unwrap_or_default();
        let mut description = body.description.clone().unwrap_or_default();
        if form {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&format!("Sent as `{content_type}`"));
            if !fields.is_empty() {
                description.push_str(" with the fields ");
                description.push_str(&fields.join(", "));
            }
            description.push('.');
        }
        let rust_name = if form { "form" } else { "body" }.to_owned();
        Some(Body {
            content_type: content_type.clone(),
            field: Field {
                wire_name: rust_name.clone(),
                rust_name,
                ty: if form { TypeRef::Form } else { TypeRef::Bytes },
                required: body.required || form,
                nullable: false,
                docs: Docs {
                    title: None,
                    description: Some(description).filter(|d| !d.is_empty()),
                },
                deprecated: false,
                example: None,
                default: None,
            },
        })
    }

    fn media_examples(
        &mut self,
        media: &MediaType,
        media_pointer: &str,
        ty: &TypeRef,
        nullable: bool,
    ) {
        if media.example.is_some() {
            self.examples.push(ExampleSite {
                pointer: format!("{media_pointer}/example"),
                ty: ty.clone(),
                nullable,
            });
        }
        for (name, example) in &media.examples {
            let pointer = match example {
                ReferenceOr::Item(example) if example.value.is_some() => {
                    format!("{media_pointer}/examples/{}/value", escape_token(name))
                }
                ReferenceOr::Item(_) => continue,
                // A shared example is checked where it is written.
                ReferenceOr::Reference { reference } => {
                    match component_key("examples", reference) {
                        Some(component) => {
                            format!("/components/examples/{}/value", escape_token(&component))
                        }
                        None => continue,
                    }
                }
            };
            self.examples.push(ExampleSite {
                pointer,
                ty: ty.clone(),
                nullable,
            });
        }
    }

    fn success_response(
        &mut self,
        op: &SpecOperation,
        operation_id: &str,
        pointer: &str,
    ) -> Result<SuccessResponse, GenError> {
        let Some((status, response)) = op.responses.responses.iter().find(|(s, _)| is_success(s))
        else {
            return Ok(SuccessResponse {
                status: "2XX".to_owned(),
                ty: None,
                description: None,
            });
        };
        let status = status.to_string();
        let response_pointer = format!("{pointer}/responses/{status}");
        let (response, response_pointer) =
            resolve_response(self.spec, response, &response_pointer)?;
        let mut ty = None;
        if let Some((content_type, media)) = response
            .content
            .iter()
            .find(|(media, _)| media.starts_with("application/json") || media.ends_with("+json"))
        {
            if let Some(schema) = &media.schema {
                let media_pointer =
                    format!("{response_pointer}/content/{}", escape_token(content_type));
                let hint = NameHint::new(
                    Module::Operations,
                    format!("{}Response", naming::type_name(operation_id)),
                );
                let lowered =
                    self.types
                        .schema(schema.into(), &hint, &format!("{media_pointer}/schema"))?;
                self.media_examples(media, &media_pointer, &lowered.ty, lowered.nullable);
                ty = Some(lowered.ty);
            }
        } else if !response.content.is_empty() {
            // A file download (`application/octet-stream`, `application/pdf`, ...): the bytes.
            ty = Some(TypeRef::Bytes);
        }
        if matches!(status.as_str(), "204" | "205") {
            // These statuses never carry a body (RFC 9110 15.3.5, 15.3.6), whatever content the
            // spec declares (delete-api-key's 204 references the 429 response): decoding one
            // would fail on every success. The content's examples stay registered above.
            ty = None;
        }
        Ok(SuccessResponse {
            status,
            ty,
            description: Some(response.description.clone()).filter(|d| !d.is_empty()),
        })
    }

    /// Statuses whose body is the error model; other error statuses surface as raw API errors.
    fn error_statuses(
        &mut self,
        op: &SpecOperation,
        pointer: &str,
    ) -> Result<Vec<String>, GenError> {
        let mut statuses = Vec::new();
        for (status, response) in error_responses(op) {
            let response_pointer = format!("{pointer}/responses/{status}");
            let (response, response_pointer) =
                resolve_response(self.spec, response, &response_pointer)?;
            let Some((content_type, media)) = response.content.iter().find(|(media, _)| {
                media.starts_with("application/json") || media.ends_with("+json")
            }) else {
                continue;
            };
            if let Some(schema) = &media.schema {
                let media_pointer =
                    format!("{response_pointer}/content/{}", escape_token(content_type));
                let hint = NameHint::new(
                    Module::Shared,
                    format!("Error{}", naming::type_name(&status)),
                );
                let lowered =
                    self.types
                        .schema(schema.into(), &hint, &format!("{media_pointer}/schema"))?;
                self.media_examples(media, &media_pointer, &lowered.ty, lowered.nullable);
            }
            let is_error_model = match &media.schema {
                Some(ReferenceOr::Reference { reference }) => {
                    Some(
                        component_name(self.spec, "schemas", reference, &response_pointer)?
                            .as_str(),
                    ) == self.error_model.as_deref()
                }
                _ => false,
            };
            if is_error_model && !statuses.contains(&status) {
                statuses.push(status);
            }
        }
        Ok(statuses)
    }
}

/// The form fields a multipart schema declares, as "`name` (file)" for the docs.
fn form_fields(spec: &LoadedSpec, schema: &ReferenceOr<openapiv3::Schema>) -> Vec<String> {
    let schema = match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => component_key("schemas", reference)
            .and_then(|name| spec.openapi.components.as_ref()?.schemas.get(&name))
            .and_then(|s| s.as_item()),
    };
    let Some(schema) = schema else {
        return Vec::new();
    };
    match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) => object
            .properties
            .iter()
            .map(|(name, property)| {
                let binary = matches!(property, ReferenceOr::Item(p) if matches!(
                    &p.schema_kind,
                    openapiv3::SchemaKind::Type(openapiv3::Type::String(s))
                        if matches!(&s.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary))
                )) || matches!(property, ReferenceOr::Reference { .. });
                if binary {
                    format!("`{name}` (a file)")
                } else {
                    format!("`{name}`")
                }
            })
            .collect(),
        _ => vec!["`file` (a file)".to_owned()],
    }
}

/// The `{name}`s of a path template.
fn path_variables(path: &str) -> impl Iterator<Item = &str> {
    path.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
}

/// The parameter a (possibly referenced) parameter means, with the pointer where it is written.
fn resolve_parameter<'p>(
    spec: &'p LoadedSpec,
    param: &'p ReferenceOr<Parameter>,
    pointer: &str,
) -> Result<(&'p Parameter, String), GenError> {
    match param {
        ReferenceOr::Item(param) => Ok((param, pointer.to_owned())),
        ReferenceOr::Reference { reference } => {
            let name = component_name(spec, "parameters", reference, pointer)?;
            match spec
                .openapi
                .components
                .as_ref()
                .and_then(|c| c.parameters.get(&name))
            {
                Some(ReferenceOr::Item(param)) => Ok((
                    param,
                    format!("/components/parameters/{}", escape_token(&name)),
                )),
                _ => Err(invalid(
                    spec,
                    pointer,
                    format!("`{reference}` does not resolve to a parameter"),
                )),
            }
        }
    }
}

/// Lowers the top-level `webhooks` section (OpenAPI 3.1) into payload types.
pub fn lower_webhooks(
    spec: &LoadedSpec,
    types: &mut SchemaLowering<'_>,
) -> Result<Vec<Webhook>, GenError> {
    let Some(Value::Object(webhooks)) = spec.raw.get("webhooks") else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (name, item) in webhooks {
        let pointer = format!("/webhooks/{}", escape_token(name));
        let item: openapiv3::PathItem = serde_json::from_value(item.clone())
            .map_err(|e| invalid(spec, &pointer, format!("not a path item: {e}")))?;
        for (method, op) in item.iter() {
            let op_pointer = format!("{pointer}/{method}");
            let Some(ReferenceOr::Item(body)) = &op.request_body else {
                continue;
            };
            let Some((content_type, media)) = body.content.iter().next() else {
                continue;
            };
            let Some(schema) = &media.schema else {
                continue;
            };
            let media_pointer = format!(
                "{op_pointer}/requestBody/content/{}",
                escape_token(content_type)
            );
            let hint = NameHint::new(
                Module::Shared,
                format!("{}Webhook", naming::type_name(name)),
            );
            let lowered = types.schema(schema.into(), &hint, &format!("{media_pointer}/schema"))?;
            for (example_name, example) in &media.examples {
                if matches!(example, ReferenceOr::Item(e) if e.value.is_some()) {
                    types.examples.push(ExampleSite {
                        pointer: format!(
                            "{media_pointer}/examples/{}/value",
                            escape_token(example_name)
                        ),
                        ty: lowered.ty.clone(),
                        nullable: lowered.nullable,
                    });
                }
            }
            out.push(Webhook {
                name: name.clone(),
                ty: lowered.ty,
                description: op
                    .description
                    .as_deref()
                    .or(op.summary.as_deref())
                    .map(detab),
            });
        }
    }
    Ok(out)
}

/// Doc text with each tab as four spaces (rustdoc and clippy reject tabs in doc comments).
pub(crate) fn detab(text: &str) -> String {
    text.replace('\t', "    ")
}
