//! Success responses, and the example sites of every response and body media type.

use openapiv3::{MediaType, Operation as SpecOperation, ReferenceOr};

use super::errors::is_success;
use super::OperationLowering;
use crate::error::GenError;
use crate::ir::components::{component_key, json_media, resolve_component};
use crate::ir::schema::NameHint;
use crate::ir::{ExampleSite, Module, SuccessResponse, TypeRef};
use crate::load::pointer::escape_token;
use crate::naming;

impl OperationLowering<'_, '_> {
    /// Registers the media type's examples for the round-trip test, as values of `ty`.
    pub(super) fn media_examples(
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

    /// The first 2XX response and the type its JSON body decodes into.
    pub(super) fn success_response(
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
                stream: None,
            });
        };
        let status = status.to_string();
        let response_pointer = format!("{pointer}/responses/{status}");
        let (response, response_pointer) =
            resolve_component(self.spec, response, &response_pointer)?;
        let mut ty = None;
        // A JSON body wins over a streamed alternative of the same response.
        let streamed = super::streaming::streamed_media(&response.content);
        let stream = streamed
            .filter(|_| json_media(&response.content).is_none())
            .map(|(_, _, kind)| kind);
        let typed = json_media(&response.content).or(streamed.map(|(c, m, _)| (c, m)));
        if let Some((content_type, media)) = typed {
            if let Some(schema) = &media.schema {
                let media_pointer =
                    format!("{response_pointer}/content/{}", escape_token(content_type));
                let hint = NameHint::in_operation(
                    Module::Operations,
                    format!("{}Response", naming::type_name(operation_id)),
                    operation_id,
                );
                let lowered =
                    self.types
                        .schema(schema.into(), &hint, &format!("{media_pointer}/schema"))?;
                self.media_examples(media, &media_pointer, &lowered.ty, lowered.nullable);
                let schema_pointer = format!("{media_pointer}/schema");
                ty = Some(
                    self.types
                        .non_null_type(lowered, &schema_pointer, "response body"),
                );
            }
        } else if !response.content.is_empty() {
            // A file download (`application/octet-stream`, `application/pdf`, ...): the bytes.
            ty = Some(TypeRef::Bytes);
        }
        if stream == Some(crate::ir::ResponseStream::Events) {
            ty = ty.map(|ty| super::streaming::event_data(ty, &self.types.types));
        }
        if matches!(status.as_str(), "204" | "205") {
            // These statuses never carry a body (RFC 9110 15.3.5, 15.3.6), whatever content the
            // spec declares (delete-api-key's 204 references the 429 response): decoding one
            // would fail on every success. The content's examples stay registered above.
            ty = None;
        }
        Ok(SuccessResponse {
            status,
            stream: stream.filter(|_| ty.is_some()),
            ty,
            description: Some(response.description.clone()).filter(|d| !d.is_empty()),
        })
    }
}
