//! The top-level `webhooks` section (OpenAPI 3.1), lowered into payload types.

use openapiv3::{Operation, ReferenceOr};

use super::detab;
use crate::error::{GenError, Warning};
use crate::ir::components::resolve_component;
use crate::ir::schema::{NameHint, SchemaLowering};
use crate::ir::{ExampleSite, Module, Webhook};
use crate::load::pointer::escape_token;
use crate::load::LoadedSpec;
use crate::naming;

/// Lowers the top-level `webhooks` section (the loader typed each as a path item): one event per
/// name, since a body is told apart by its `eventType` alone. What cannot become an event (a
/// second method under one name, an operation without a body schema) is warned about.
pub fn lower_webhooks(
    spec: &LoadedSpec,
    types: &mut SchemaLowering<'_>,
) -> Result<Vec<Webhook>, GenError> {
    let mut out = Vec::new();
    for (name, item) in &spec.extras.webhooks {
        let pointer = format!("/webhooks/{}", escape_token(name));
        let mut lowered_one = false;
        // `post` first, as webhooks are sent; then openapiv3's fixed method order.
        let mut operations: Vec<_> = item.iter().collect();
        operations.sort_by_key(|(method, _)| *method != "post");
        for (method, op) in operations {
            let op_pointer = format!("{pointer}/{method}");
            if lowered_one {
                types.warnings.push(Warning {
                    pointer: op_pointer,
                    message: format!(
                        "a second operation under the webhook `{name}` is ignored: events are \
                         told apart by name only"
                    ),
                });
                continue;
            }
            let Some(webhook) = lower_webhook(spec, types, name, op, &op_pointer)? else {
                types.warnings.push(Warning {
                    pointer: op_pointer,
                    message: "the webhook has no request body schema; it gets no event type"
                        .to_owned(),
                });
                continue;
            };
            out.push(webhook);
            lowered_one = true;
        }
    }
    Ok(out)
}

/// The event of webhook `name` from its operation; `None` when it declares no body schema.
fn lower_webhook(
    spec: &LoadedSpec,
    types: &mut SchemaLowering<'_>,
    name: &str,
    op: &Operation,
    op_pointer: &str,
) -> Result<Option<Webhook>, GenError> {
    let Some(body) = &op.request_body else {
        return Ok(None);
    };
    let (body, body_pointer) = resolve_component(spec, body, &format!("{op_pointer}/requestBody"))?;
    let Some((content_type, media)) = body.content.iter().next() else {
        return Ok(None);
    };
    let Some(schema) = &media.schema else {
        return Ok(None);
    };
    let media_pointer = format!("{body_pointer}/content/{}", escape_token(content_type));
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
    Ok(Some(Webhook {
        name: name.to_owned(),
        ty: lowered.ty,
        description: op
            .description
            .as_deref()
            .or(op.summary.as_deref())
            .map(detab),
    }))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn one_event_per_name_with_referenced_bodies_and_a_warning_for_the_rest() {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/webhooks/openapi.yaml"),
        )
        .expect("the snapshot spec reads");
        let spec = crate::load::load_str(Path::new("openapi.yaml"), &text).expect("it loads");
        let (api, warnings) = crate::ir::lower(&spec).expect("it lowers");
        let names: Vec<&str> = api.webhooks.iter().map(|w| w.name.as_str()).collect();
        assert_eq!(names, ["company.created", "invoice.paid", "sync.finished"]);
        assert!(
            api.webhooks[1].ty.named().is_some(),
            "{:?}",
            api.webhooks[1]
        );
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(pointers, ["/webhooks/company.created/put"]);
    }
}
