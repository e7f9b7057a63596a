//! References into `#/components`: the name a reference names, the one resolver every
//! referenced object (parameter, request body, response, example, schema) goes through, and
//! which media type of a `content` map is JSON.

use indexmap::IndexMap;
use openapiv3::{
    Components, Example, MediaType, Parameter, ReferenceOr, RequestBody, Response, Schema,
};

use crate::error::GenError;
use crate::load::pointer::{escape_token, parse_ref};
use crate::load::LoadedSpec;

/// An object that can live in a section of `#/components`.
pub trait Component: Sized {
    /// The section's key (`requestBodies`).
    const SECTION: &'static str;
    /// How messages name one (`request body`).
    const NOUN: &'static str;
    fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
}

macro_rules! component {
    ($ty:ty, $section:literal, $noun:literal, $field:ident) => {
        impl Component for $ty {
            const SECTION: &'static str = $section;
            const NOUN: &'static str = $noun;
            fn section(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }
        }
    };
}

component!(Parameter, "parameters", "parameter", parameters);
component!(RequestBody, "requestBodies", "request body", request_bodies);
component!(Response, "responses", "response", responses);
component!(Example, "examples", "example", examples);
component!(Schema, "schemas", "schema", schemas);

/// The component name a `#/components/<kind>/<Name>` reference points at, unescaped
/// (`#/components/schemas/a~1b%20c` names `a/b c`).
pub fn component_name(
    spec: &LoadedSpec,
    kind: &str,
    reference: &str,
    pointer: &str,
) -> Result<String, GenError> {
    let prefix = format!("#/components/{kind}/");
    component_key(kind, reference).ok_or_else(|| GenError::Invalid {
        file: spec.file.clone(),
        pointer: pointer.to_owned(),
        message: format!("expected a reference into {prefix}, found `{reference}`"),
    })
}

/// The name in a `#/components/<kind>/<Name>` reference, or `None` for any other reference.
pub fn component_key(kind: &str, reference: &str) -> Option<String> {
    match parse_ref(reference)?.as_slice() {
        [components, section, name] if components == "components" && section == kind => {
            Some(name.clone())
        }
        _ => None,
    }
}

/// `#/components/<section>/<name>` as the spec writes it (an object or another reference).
pub fn lookup<'s, T: Component>(spec: &'s LoadedSpec, name: &str) -> Option<&'s ReferenceOr<T>> {
    spec.openapi
        .components
        .as_ref()
        .and_then(|c| T::section(c).get(name))
}

/// The object a (possibly referenced) component means, with the pointer where it is written.
/// A reference must name an object of its kind directly.
pub fn resolve_component<'s, T: Component>(
    spec: &'s LoadedSpec,
    item: &'s ReferenceOr<T>,
    pointer: &str,
) -> Result<(&'s T, String), GenError> {
    let reference = match item {
        ReferenceOr::Item(item) => return Ok((item, pointer.to_owned())),
        ReferenceOr::Reference { reference } => reference,
    };
    let name = component_name(spec, T::SECTION, reference, pointer)?;
    match lookup::<T>(spec, &name) {
        Some(ReferenceOr::Item(item)) => Ok((
            item,
            format!("/components/{}/{}", T::SECTION, escape_token(&name)),
        )),
        _ => Err(GenError::Invalid {
            file: spec.file.clone(),
            pointer: pointer.to_owned(),
            message: format!("`{reference}` does not resolve to a {}", T::NOUN),
        }),
    }
}

/// The object at the end of a chain of references (at most [`MAX_HOPS`] of them), with its
/// pointer; `None` when a reference leads nowhere or the chain is longer.
pub fn follow<'s, T: Component>(
    spec: &'s LoadedSpec,
    item: &'s ReferenceOr<T>,
    pointer: &str,
) -> Option<(&'s T, String)> {
    let mut item = item;
    let mut pointer = pointer.to_owned();
    for _ in 0..=MAX_HOPS {
        match item {
            ReferenceOr::Item(found) => return Some((found, pointer)),
            ReferenceOr::Reference { reference } => {
                let name = component_key(T::SECTION, reference)?;
                item = lookup::<T>(spec, &name)?;
                pointer = format!("/components/{}/{}", T::SECTION, escape_token(&name));
            }
        }
    }
    None
}

/// How many references [`follow`] goes through, so a cycle of them cannot loop.
const MAX_HOPS: usize = 8;

/// The first JSON media type of a `content` map (`application/json`, `...+json`).
pub fn json_media(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content
        .iter()
        .find(|(media, _)| media.starts_with("application/json") || media.ends_with("+json"))
}
