//! The top-level `webhooks` section (OpenAPI 3.1), lowered into payload types.

use openapiv3::ReferenceOr;

use super::detab;
use crate::error::GenError;
use crate::ir::schema::{NameHint, SchemaLowering};
use crate::ir::{ExampleSite, Module, Webhook};
use crate::load::pointer::escape_token;
use crate::load::LoadedSpec;
use crate::naming;

/// Lowers the top-level `webhooks` section (the loader typed each as a path item).
pub fn lower_webhooks(
    spec: &LoadedSpec,
    types: &mut SchemaLowering<'_>,
) -> Result<Vec<Webhook>, GenError> {
    let mut out = Vec::new();
    for (name, item) in &spec.extras.webhooks {
        let pointer = format!("/webhooks/{}", escape_token(name));
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
