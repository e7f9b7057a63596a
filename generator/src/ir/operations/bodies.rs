//! Request bodies: JSON bodies typed by their schema, forms and raw bytes, and the examples
//! the docs show for them.

use openapiv3::{MediaType, ReferenceOr, RequestBody, Schema};
use serde_json::Value;

use super::OperationLowering;
use crate::error::GenError;
use crate::ir::components::{
    component_key, component_name, follow, json_media, lookup, resolve_component,
};
use crate::ir::schema::NameHint;
use crate::ir::{Body, BodyExample, Docs, Field, Module, TypeRef};
use crate::load::pointer::escape_token;
use crate::load::LoadedSpec;
use crate::naming;

impl OperationLowering<'_, '_> {
    /// The operation's body, a field of the request type, with the examples the docs show.
    pub(super) fn body(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        operation_id: &str,
        pointer: &str,
    ) -> Result<Option<(Body, Vec<BodyExample>)>, GenError> {
        let body_pointer = format!("{pointer}/requestBody");
        let spec = self.spec;
        let (body, written_at) = resolve_component(spec, body, &body_pointer)?;
        let examples_of = |content_type: &str| {
            let media_pointer = format!("{written_at}/content/{}", escape_token(content_type));
            body.content
                .get(content_type)
                .map(|media| body_examples(spec, media, &media_pointer))
                .unwrap_or_default()
        };
        // A URL-encoded form with a schema is typed like JSON and sent as `name=value` pairs.
        let typed = json_media(&body.content).or_else(|| form_urlencoded_media(&body.content));
        let Some((content_type, media)) = typed else {
            return Ok(self.raw_body(body).map(|other| {
                let examples = examples_of(&other.content_type);
                (other, examples)
            }));
        };
        let media_pointer = format!("{body_pointer}/content/{}", escape_token(content_type));
        let Some(schema) = &media.schema else {
            // `application/json: {}`: any JSON value, which a required body must still carry.
            let body = Body {
                content_type: content_type.clone(),
                field: body_field(body, TypeRef::Json),
            };
            return Ok(Some((body, examples_of(content_type))));
        };
        let body_hint = match schema {
            ReferenceOr::Reference { reference } => {
                let name = component_name(self.spec, "schemas", reference, &media_pointer)?;
                NameHint::new(Module::Shared, naming::type_name(&name))
            }
            ReferenceOr::Item(_) => NameHint::in_operation(
                Module::Operations,
                format!("{}RequestBody", naming::type_name(operation_id)),
                operation_id,
            ),
        };
        let lowered = self.types.schema(
            schema.into(),
            &body_hint,
            &format!("{media_pointer}/schema"),
        )?;
        self.media_examples(media, &media_pointer, &lowered.ty, lowered.nullable);
        let examples = examples_of(content_type);
        let body = Body {
            content_type: content_type.clone(),
            field: body_field(body, lowered.ty),
        };
        Ok(Some((body, examples)))
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
        Some(Body {
            content_type: content_type.clone(),
            field: Field {
                wire_name: BODY_FIELD.to_owned(),
                rust_name: BODY_FIELD.to_owned(),
                ty: if form { TypeRef::Form } else { TypeRef::Bytes },
                required: body.required || form,
                nullable: false,
                docs: Docs {
                    title: None,
                    description: Some(description).filter(|d| !d.is_empty()),
                },
                deprecated: false,
                example: None,
                fallback_example: None,
                default: None,
            },
        })
    }
}

/// The `application/x-www-form-urlencoded` media of a body, when it has a schema.
fn form_urlencoded_media(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&String, &MediaType)> {
    content.iter().find(|(media_type, media)| {
        media.schema.is_some() && crate::ir::is_form_urlencoded(media_type)
    })
}

/// The request field that holds the body, whatever its media type: one name for every
/// operation, so a user never looks it up.
pub(crate) const BODY_FIELD: &str = "body";

/// The request field holding a JSON body of type `ty`.
fn body_field(body: &RequestBody, ty: TypeRef) -> Field {
    Field {
        wire_name: BODY_FIELD.to_owned(),
        rust_name: BODY_FIELD.to_owned(),
        ty,
        required: body.required,
        nullable: false,
        docs: Docs {
            title: None,
            description: body.description.clone(),
        },
        deprecated: false,
        example: None,
        fallback_example: None,
        default: None,
    }
}

/// The form fields a multipart schema declares, as "`name` (file)" for the docs.
fn form_fields(spec: &LoadedSpec, schema: &ReferenceOr<Schema>) -> Vec<String> {
    let schema = match schema {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => component_key("schemas", reference)
            .and_then(|name| lookup::<Schema>(spec, &name))
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
                // A spec's name may hold backticks: a code span that fits it.
                let name = crate::escape::markdown_code(name);
                if binary {
                    format!("{name} (a file)")
                } else {
                    name
                }
            })
            .collect(),
        _ => vec!["`file` (a file)".to_owned()],
    }
}

/// The examples of a body's media type (written at `media_pointer`) in the order the spec lists
/// them: every named example with a value, else the single `example`, else the schema's.
fn body_examples(spec: &LoadedSpec, media: &MediaType, media_pointer: &str) -> Vec<BodyExample> {
    // openapiv3 reads `null` as no value; the loader noted where `null` was written.
    let value = |value: &Option<Value>, pointer: String| match value {
        Some(value) => Some(value.clone()),
        None => spec.extras.is_null_example(&pointer).then_some(Value::Null),
    };
    let named: Vec<BodyExample> = media
        .examples
        .iter()
        .filter_map(|(name, example)| {
            let inline = format!("{media_pointer}/examples/{}", escape_token(name));
            let (example, at) = follow(spec, example, &inline)?;
            Some(BodyExample {
                name: Some(name.clone()),
                value: value(&example.value, format!("{at}/value"))?,
            })
        })
        .collect();
    if !named.is_empty() {
        return named;
    }
    let single = value(&media.example, format!("{media_pointer}/example")).or_else(|| {
        let inline = format!("{media_pointer}/schema");
        let (schema, at) = follow(spec, media.schema.as_ref()?, &inline)?;
        value(&schema.schema_data.example, format!("{at}/example"))
    });
    single
        .map(|value| vec![BodyExample { name: None, value }])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::ir::{FieldKind, TypeRef};

    #[test]
    fn a_json_body_without_a_schema_is_any_json_and_keeps_its_requirement() {
        let api = crate::ir::lowered(
            r#"
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /credentials:
    post:
      operationId: generate-credentials
      requestBody: {required: true, content: {application/json: {}}}
      responses: {'204': {description: OK}}
"#,
        );
        let op = &api.groups[0].operations[0];
        let body = op.body.as_ref().expect("the body is kept");
        assert_eq!(body.field.rust_name, "body");
        assert_eq!(body.field.ty, TypeRef::Json);
        assert_eq!(body.field.kind(), FieldKind::Required);
        assert_eq!(body.content_type, "application/json");
    }

    #[test]
    fn a_url_encoded_form_with_a_schema_is_a_typed_model() {
        let api = crate::ir::lowered(include_str!(
            "../../../tests/snapshots/form_bodies/openapi.yaml"
        ));
        let ops: Vec<_> = api.groups.iter().flat_map(|g| &g.operations).collect();
        let token = ops
            .iter()
            .find(|op| op.operation_id == "create-token")
            .unwrap();
        let body = token.body.as_ref().expect("the form is the body");
        assert!(body.is_form_urlencoded());
        assert_eq!(
            body.field.ty.named().map(|id| id.name.as_str()),
            Some("TokenRequest")
        );
        assert_eq!(body.field.kind(), FieldKind::Required);
        let subscribe = ops
            .iter()
            .find(|op| op.operation_id == "subscribe")
            .unwrap();
        let body = subscribe.body.as_ref().unwrap();
        assert_eq!(
            body.field.ty.named().map(|id| id.name.as_str()),
            Some("SubscribeRequestBody")
        );
        assert_eq!(body.field.kind(), FieldKind::Optional);
    }
}
