//! `x-speakeasy-globals`: parameters set once on the client (`Globals`) and sent by every
//! operation that declares a parameter of the same name, location and type, unless its
//! request gives its own value.

use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, SchemaKind, Type};

use super::encoding::is_primitive;
use super::location;
use crate::error::{GenError, Warning};
use crate::ir::components::resolve_component;
use crate::ir::operations::{invalid, OperationLowering};
use crate::ir::schema::{Lowered, NameHint};
use crate::ir::{Module, Param, ParamLocation, TypeId};
use crate::naming::UniqueNames;

const POINTER: &str = "/x-speakeasy-globals/parameters";

const NOT_PRIMITIVE: &str = "not of a primitive or enum type";

/// The name of the type holding the values (`models::operations::Globals`, unless a request
/// type took it), and the hint its inline types are named by.
const GLOBALS_TYPE: &str = "Globals";

impl OperationLowering<'_, '_> {
    /// The type an operation's parameter shares with the global of its name and location:
    /// both inline with the same schema (an enum repeated on each operation, as Speakeasy
    /// specs do), so the request's field and the global's have one type.
    pub(in crate::ir::operations) fn global_type_for(&self, param: &Parameter) -> Option<Lowered> {
        let kind = inline_kind(param)?;
        let global = self
            .globals
            .iter()
            .find(|g| same_raw_parameter(&g.spec, param))?;
        (inline_kind(&global.spec)? == kind).then(|| Lowered {
            ty: global.param.field.ty.clone(),
            nullable: false,
        })
    }

    /// The spec's global parameters, each a field of the `Globals` type it registers (`None`
    /// without any). Like Speakeasy, only query, path and header parameters of a primitive or
    /// enum type are taken; any other is left out with a warning naming it.
    pub(in crate::ir::operations) fn lower_globals(
        &mut self,
    ) -> Result<Option<(TypeId, Vec<Global>)>, GenError> {
        let Some(extension) = self.spec.openapi.extensions.get("x-speakeasy-globals") else {
            return Ok(None);
        };
        let Some(list) = extension.get("parameters") else {
            return Err(invalid(
                self.spec,
                "/x-speakeasy-globals",
                "expected `parameters`, a list of parameters",
            ));
        };
        let list: Vec<ReferenceOr<Parameter>> = serde_json::from_value(list.clone())
            .map_err(|e| {
                invalid(
                    self.spec,
                    POINTER,
                    format!(
                        "expected a list of parameters (each with `name`, `in` and `schema`, or a `$ref`): {}",
                        crate::load::without_values(&e.to_string())
                    ),
                )
            })?;
        let hint = NameHint::new(Module::Operations, GLOBALS_TYPE);
        let mut names = UniqueNames::default();
        let mut globals: Vec<Global> = Vec::new();
        for (index, item) in list.iter().enumerate() {
            let pointer = format!("{POINTER}/{index}");
            let (param, param_pointer) = resolve_component(self.spec, item, &pointer)?;
            // Refused before lowering, so a refused global leaves no type behind.
            let refused = if matches!(param, Parameter::Cookie { .. }) {
                Some("a cookie")
            } else if globals.iter().any(|g| same_raw_parameter(&g.spec, param)) {
                Some("declared twice")
            } else if inline_kind(param).is_some_and(is_compound) {
                Some(NOT_PRIMITIVE)
            } else {
                None
            };
            let global = match refused {
                Some(reason) => Err(reason),
                None => {
                    let global = self.parameter(param, &param_pointer, &hint, None)?;
                    match is_primitive(&global.field.ty, &self.types.types) {
                        true => Ok(global),
                        false => Err(NOT_PRIMITIVE),
                    }
                }
            };
            let mut global = match global {
                Ok(global) => global,
                Err(reason) => {
                    self.types.warnings.push(Warning {
                        pointer,
                        message: format!(
                            "global parameter `{}` is {reason}; it is left out of `Globals`",
                            param.parameter_data_ref().name
                        ),
                    });
                    continue;
                }
            };
            global.field.rust_name = names.claim(&global.field.rust_name);
            global.field.required = false;
            globals.push(Global {
                param: global,
                spec: param.clone(),
            });
        }
        if globals.is_empty() {
            return Ok(None);
        }
        let id = TypeId {
            module: Module::Operations,
            name: self.types.claim_type_name(Module::Operations, GLOBALS_TYPE),
        };
        let description = "Parameter values set once on the client (the spec's \
             `x-speakeasy-globals`): each operation that declares a parameter of the same name \
             sends this value when its request leaves the parameter `None`. Set them with the \
             client's `with_globals`.";
        let fields = globals.iter().map(|g| g.param.field.clone()).collect();
        self.register_fields(
            id.clone(),
            description.to_owned(),
            fields,
            "/x-speakeasy-globals",
        );
        Ok(Some((id, globals)))
    }
}

/// Marks each of `params` that a global fills: same name, location and type (a parameter of
/// another type is warned about and left alone). It becomes optional in the request.
pub(in crate::ir::operations) fn link_globals(
    params: &mut [Param],
    globals: &[Global],
    warnings: &mut Vec<Warning>,
    pointer: &str,
) {
    for param in params {
        let Some(global) = globals
            .iter()
            .map(|g| &g.param)
            .find(|g| same_parameter(g, param))
        else {
            continue;
        };
        if global.field.ty != param.field.ty {
            warnings.push(Warning {
                pointer: pointer.to_owned(),
                message: format!(
                    "parameter `{}` has another type than the global parameter of its name; \
                     it is not filled from `Globals`",
                    param.field.wire_name
                ),
            });
            continue;
        }
        param.global = Some(global.field.rust_name.clone());
        param.field.required = false;
        // The request starts empty so the global is used; the spec's default, if any, is the
        // global's starting value instead.
        param.field.default = None;
    }
}

/// A global parameter: as lowered, and as the spec gives it.
#[derive(Debug, Clone)]
pub(in crate::ir::operations) struct Global {
    param: Param,
    spec: Parameter,
}

/// The same parameter: location and name, a header's name in any case.
fn same_parameter(a: &Param, b: &Param) -> bool {
    a.location == b.location && same_name(a.location, &a.field.wire_name, &b.field.wire_name)
}

/// [`same_parameter`] for parameters as the spec gives them.
fn same_raw_parameter(a: &Parameter, b: &Parameter) -> bool {
    let (a_location, b_location) = (location(a), location(b));
    a_location == b_location
        && same_name(
            a_location,
            &a.parameter_data_ref().name,
            &b.parameter_data_ref().name,
        )
}

fn same_name(location: ParamLocation, a: &str, b: &str) -> bool {
    match location {
        ParamLocation::Header => a.eq_ignore_ascii_case(b),
        _ => a == b,
    }
}

/// The kind of a parameter's schema when it is given inline (not by `$ref`, not by `content`).
fn inline_kind(param: &Parameter) -> Option<&SchemaKind> {
    match &param.parameter_data_ref().format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => Some(&schema.schema_kind),
        _ => None,
    }
}

/// An object, a list or a composition: never a primitive.
fn is_compound(kind: &SchemaKind) -> bool {
    !matches!(
        kind,
        SchemaKind::Type(Type::String(_) | Type::Number(_) | Type::Integer(_) | Type::Boolean(_))
            | SchemaKind::Any(_)
    )
}
