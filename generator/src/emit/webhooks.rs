//! `src/webhooks.rs`: parse an incoming webhook body into a typed event, chosen by its
//! `eventType` among the events the spec's `webhooks` section declares.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::models::{ident, type_expr, Scope};
use crate::ir::{Api, Brand, SdkNames, Webhook};

/// The module, or nothing when the spec declares no webhooks.
pub fn webhooks_file(api: &Api, names: &SdkNames, brand: &Brand) -> Option<TokenStream> {
    if api.webhooks.is_empty() {
        return None;
    }
    // Who sends the events: the publisher, as Markdown text (its name is one validated line).
    let sender = brand.vendor.as_deref().map_or_else(
        || "the API".to_owned(),
        |vendor| crate::escape::rust_doc_line(&crate::escape::markdown_text(vendor)),
    );
    let event_doc =
        format!(" An event {sender} sends to a webhook consumer, typed by its `eventType`.");
    let unknown_doc = format!(
        " An event whose `eventType` the spec does not declare (one {sender} added after this"
    );
    let parse_doc = format!(
        " Parses a webhook request body (the raw bytes {sender} posted) into a typed event; an"
    );
    let events: Vec<(proc_macro2::Ident, &Webhook)> = api
        .webhooks
        .iter()
        .filter_map(|w| Some((ident(names.webhook_variant(w)?), w)))
        .collect();
    let variants = events.iter().map(|(variant, webhook)| {
        let ty = type_expr(&webhook.ty, Scope::Absolute);
        let mut text = crate::escape::markdown_code(&webhook.name);
        if let Some(description) = &webhook.description {
            text.push_str(": ");
            text.push_str(description);
        }
        let docs = doc_attrs(&text);
        quote! { #docs #variant(#ty), }
    });
    let arms = events.iter().map(|(variant, webhook)| {
        let pattern = &webhook.name;
        quote! {
            if crate::runtime::__private::event_matches(#pattern, &event_type) {
                return decode(value, event_type).map(WebhookEvent::#variant);
            }
        }
    });
    let names_list: Vec<String> = api
        .webhooks
        .iter()
        .map(|w| crate::escape::markdown_code(&w.name))
        .collect();
    let names_doc = format!(
        " The event names the spec declares: {}.",
        crate::escape::rust_doc_line(&names_list.join(", "))
    );
    Some(quote! {
        #[doc = #event_doc]
        #[doc = ""]
        #[doc = #names_doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)] // events are parsed once and matched, not stored in bulk
        pub enum WebhookEvent {
            #(#variants)*
            #[doc = #unknown_doc]
            #[doc = " version of the SDK), kept as sent."]
            Unknown {
                #[doc = " The body's `eventType`."]
                event_type: String,
                #[doc = " The whole body, as JSON."]
                body: serde_json::Value,
            },
        }

        #[doc = " Why a webhook body could not be parsed."]
        #[derive(Debug, thiserror::Error)]
        #[non_exhaustive]
        pub enum WebhookError {
            #[doc = " The body is not JSON."]
            #[error("the webhook body is not JSON: {0}")]
            NotJson(#[source] serde_json::Error),
            #[doc = " The body has no string `eventType`."]
            #[error("the webhook body has no string `eventType`")]
            MissingEventType,
            #[doc = " The body does not match the model of its event type."]
            #[error("the {event_type:?} webhook body does not match its model: {source}")]
            Malformed {
                #[doc = " The event type the body claimed."]
                event_type: String,
                #[doc = " What did not match."]
                #[source]
                source: serde_json::Error,
            },
        }

        #[doc = #parse_doc]
        #[doc = " `eventType` the spec does not declare gives [`WebhookEvent::Unknown`], not an error."]
        pub fn parse_webhook(body: &[u8]) -> Result<WebhookEvent, WebhookError> {
            let value: serde_json::Value = serde_json::from_slice(body).map_err(WebhookError::NotJson)?;
            let event_type = value
                .get("eventType")
                .and_then(serde_json::Value::as_str)
                .ok_or(WebhookError::MissingEventType)?
                .to_owned();
            #(#arms)*
            Ok(WebhookEvent::Unknown { event_type, body: value })
        }

        fn decode<T: serde::de::DeserializeOwned>(value: serde_json::Value, event_type: String) -> Result<T, WebhookError> {
            serde_json::from_value(value).map_err(|source| WebhookError::Malformed { event_type, source })
        }
    })
}
