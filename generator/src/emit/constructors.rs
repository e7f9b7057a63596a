//! How a user builds a generated struct, the same for request types and models: `new` takes
//! the fields the value cannot be without, each other field has a chainable `with_` setter, and
//! the struct is `#[non_exhaustive]`, so a field the spec adds later breaks no user's code.

use proc_macro2::TokenStream;
use quote::quote;

use super::models::{ident, type_expr, Scope};
use crate::ir::{Api, Field, FieldKind, StructDef, TypeDef};

/// Above this many arguments clippy asks for a builder; `new` keeps one argument per required
/// field instead, so its signature shows what the spec requires.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// The `impl` with `new` and the setters of struct `def`. `initial` gives an optional field's
/// starting value (`None`, or the spec's default for a request parameter).
pub fn constructors(
    api: &Api,
    def: &TypeDef,
    s: &StructDef,
    cfg: &TokenStream,
    initial: impl Fn(&Field) -> TokenStream,
) -> TokenStream {
    let name = ident(&def.id.name);
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| f.kind() == FieldKind::Required)
        .collect();
    let args = required.iter().map(|field| {
        let rust_name = ident(&field.rust_name);
        let ty = type_expr(&field.ty, Scope::Models(def.id.module));
        quote! { #rust_name: impl Into<#ty> }
    });
    let values = s.fields.iter().map(|field| {
        let rust_name = ident(&field.rust_name);
        let value = if field.kind() == FieldKind::Required {
            boxed(api, def, field, quote! { #rust_name.into() })
        } else {
            initial(field)
        };
        quote! { #rust_name: #value, }
    });
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote! { additional_properties: std::collections::BTreeMap::new(), });
    let setters = s
        .fields
        .iter()
        .filter(|f| f.kind() != FieldKind::Required)
        .map(|field| setter(api, def, field));
    let allow = (required.len() > CLIPPY_MAX_ARGUMENTS)
        .then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let doc = if required.is_empty() {
        " A value with every field unset (or at the spec's default); set fields with the `with_` methods."
    } else {
        " A value from the fields the spec requires; set the others with the `with_` methods."
    };
    quote! {
        #cfg
        impl #name {
            #[doc = #doc]
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#values)* #additional }
            }
            #(#setters)*
        }
    }
}

/// `with_<field>(value)`: sets an optional field to a value (`Some`, or `Some(Some)` for a
/// field that can also be sent as `null`, which the field itself takes: `Some(None)`).
fn setter(api: &Api, def: &TypeDef, field: &Field) -> TokenStream {
    let rust_name = ident(&field.rust_name);
    let method = ident(&field.setter_name());
    let ty = type_expr(&field.ty, Scope::Models(def.id.module));
    let value = boxed(api, def, field, quote! { value.into() });
    let (value, doc) = match field.kind() {
        FieldKind::TriState => (
            quote! { Some(Some(#value)) },
            format!(
                " Sets `{}` to a value (`Some(None)` in the field sends `null`).",
                field.rust_name
            ),
        ),
        _ => (
            quote! { Some(#value) },
            format!(" Sets `{}`.", field.rust_name),
        ),
    };
    quote! {
        #[doc = #doc]
        pub fn #method(mut self, value: impl Into<#ty>) -> Self {
            self.#rust_name = #value;
            self
        }
    }
}

/// `value` in a `Box` when the field's type contains the struct itself.
fn boxed(api: &Api, def: &TypeDef, field: &Field, value: TokenStream) -> TokenStream {
    if api.types.contains_by_value(&field.ty, &def.id) {
        quote! { Box::new(#value) }
    } else {
        value
    }
}
