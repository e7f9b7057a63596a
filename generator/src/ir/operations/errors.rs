//! The error model: which component schema error responses carry, and which statuses of an
//! operation decode into it.

use std::collections::BTreeMap;

use openapiv3::{Operation as SpecOperation, ReferenceOr, Response, StatusCode};

use super::OperationLowering;
use crate::error::GenError;
use crate::ir::components::{component_name, json_media, resolve_component};
use crate::ir::schema::NameHint;
use crate::ir::Module;
use crate::load::pointer::escape_token;
use crate::load::LoadedSpec;
use crate::naming;

/// The component schema most error responses use; Codat's is `ErrorMessage`.
pub(super) fn find_error_model(spec: &LoadedSpec) -> Result<Option<String>, GenError> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (path, item) in &spec.openapi.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            for (status, response) in error_responses(op) {
                let pointer = format!("/paths/{}/{method}/responses/{status}", escape_token(path));
                let (response, _) = resolve_component(spec, response, &pointer)?;
                if let Some(ReferenceOr::Reference { reference }) =
                    json_media(&response.content).and_then(|(_, m)| m.schema.as_ref())
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
pub(super) fn error_responses(op: &SpecOperation) -> Vec<(String, &ReferenceOr<Response>)> {
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

/// Whether a status is a success (2XX).
pub(super) fn is_success(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => (200..300).contains(code),
        StatusCode::Range(range) => *range == 2,
    }
}

impl OperationLowering<'_, '_> {
    /// Statuses whose body is the error model; other error statuses surface as raw API errors.
    pub(super) fn error_statuses(
        &mut self,
        op: &SpecOperation,
        pointer: &str,
    ) -> Result<Vec<String>, GenError> {
        // `x-speakeasy-errors`: the operation's, else the root's.
        let errors =
            match crate::ir::extensions::error_statuses(self.spec, &op.extensions, pointer)? {
                Some(errors) => Some(errors),
                None => crate::ir::extensions::error_statuses(
                    self.spec,
                    &self.spec.openapi.extensions,
                    "",
                )?,
            };
        let mut statuses = Vec::new();
        for (status, response) in error_responses(op) {
            let response_pointer = format!("{pointer}/responses/{status}");
            let (response, response_pointer) =
                resolve_component(self.spec, response, &response_pointer)?;
            let Some((content_type, media)) = json_media(&response.content) else {
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
            let kept = errors.as_ref().map_or(true, |errors| errors.keeps(&status));
            if is_error_model && kept && !statuses.contains(&status) {
                statuses.push(status);
            }
        }
        Ok(statuses)
    }
}

#[cfg(test)]
mod tests {
    const SPEC: &str = include_str!("../../../tests/snapshots/speakeasy_extensions/openapi.yaml");

    fn statuses(yaml: &str, id: &str) -> Vec<String> {
        let api = crate::ir::lowered(yaml);
        let op = api
            .groups
            .iter()
            .flat_map(|g| &g.operations)
            .find(|op| op.operation_id == id)
            .expect("the operation is lowered");
        op.error_statuses.clone()
    }

    #[test]
    fn speakeasy_errors_choose_the_statuses_that_decode_into_the_error_model() {
        // The root keeps 4XX only; the operation's own rule turns the model off.
        assert_eq!(statuses(SPEC, "list-jobs"), ["404"]);
        assert!(statuses(SPEC, "create-job").is_empty());
        let without = SPEC.replace("x-speakeasy-errors:\n  statusCodes: [4XX]\n", "");
        assert_eq!(statuses(&without, "list-jobs"), ["404", "500"]);
    }
}
