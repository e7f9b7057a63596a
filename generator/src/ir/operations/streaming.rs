//! Responses read as a stream of typed items: server-sent events and JSON lines.

use indexmap::IndexMap;
use openapiv3::MediaType;

use crate::ir::{ResponseStream, TypeKind, TypeRef, TypeSpace};

/// The item of an event stream whose schema describes the whole event (Speakeasy's
/// convention: an object of `data` with any of `id`, `event`, `retry`): the type of `data`,
/// since the runtime reads those fields from the frame itself. A `data` of type string is
/// left alone (its text is not JSON), as is any other schema.
pub(super) fn event_data(ty: TypeRef, types: &TypeSpace) -> TypeRef {
    let Some(TypeKind::Struct(event)) = ty.named().and_then(|id| types.get(id)).map(|d| &d.kind)
    else {
        return ty;
    };
    let envelope = event.additional.is_none()
        && event
            .fields
            .iter()
            .all(|f| matches!(f.wire_name.as_str(), "id" | "event" | "data" | "retry"));
    let data = event.fields.iter().find(|f| f.wire_name == "data");
    match data {
        Some(data) if envelope && data.ty != TypeRef::String && data.ty != ty => data.ty.clone(),
        _ => ty,
    }
}

/// The media type of a streamed response body, when the content has one: `text/event-stream`
/// (each frame's data one item) or `application/jsonl` / `application/x-ndjson` (each line one).
pub(super) fn streamed_media(
    content: &IndexMap<String, MediaType>,
) -> Option<(&String, &MediaType, ResponseStream)> {
    content.iter().find_map(|(media_type, media)| {
        let essence = media_type.split(';').next().unwrap_or("").trim();
        let kind = match essence.to_ascii_lowercase().as_str() {
            "text/event-stream" => ResponseStream::Events,
            "application/jsonl" | "application/x-ndjson" | "application/x-jsonlines" => {
                ResponseStream::Lines
            }
            _ => return None,
        };
        Some((media_type, media, kind))
    })
}

#[cfg(test)]
mod tests {
    use crate::ir::{ResponseStream, TypeRef};

    const SPEC: &str = include_str!("../../../tests/snapshots/streaming_bodies/openapi.yaml");

    #[test]
    fn event_streams_and_json_lines_are_streams_of_their_schema() {
        let api = crate::ir::lowered(SPEC);
        let op = |id: &str| {
            api.groups
                .iter()
                .flat_map(|g| &g.operations)
                .find(|op| op.operation_id == id)
                .expect("the operation is lowered")
        };
        let events = op("stream-chat");
        assert_eq!(events.response.stream, Some(ResponseStream::Events));
        assert_eq!(
            events
                .response
                .ty
                .as_ref()
                .and_then(TypeRef::named)
                .map(|id| id.name.as_str()),
            Some("ChatChunk")
        );
        let lines = op("export-records");
        assert_eq!(lines.response.stream, Some(ResponseStream::Lines));
        assert_eq!(op("get-status").response.stream, None);
        // An event schema of `id`, `event` and `data` streams the type of its `data`.
        let envelope = op("stream-prices");
        assert_eq!(
            envelope
                .response
                .ty
                .as_ref()
                .and_then(TypeRef::named)
                .map(|id| id.name.as_str()),
            Some("Price")
        );
    }
}
