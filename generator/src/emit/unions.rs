//! Rust for `oneOf`/`anyOf` unions: an enum that serializes as its variant (untagged) and
//! decodes by ranking variants with [`Shape`](../../runtime/src/union.rs)s, so a value goes to the
//! variant that declares the most of its keys rather than to the first that happens to decode.
//! The loop over the variants is the runtime's `decode_union`, which bounds the retries.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::models::{ident, type_expr, Scope};
use crate::ir::*;

/// The enum, its `Deserialize`, and for string-only unions `Display` and `StringEnum`.
pub fn union(
    api: &Api,
    def: &TypeDef,
    variants: &[UnionVariant],
    cfg: &TokenStream,
) -> TokenStream {
    let name = ident(&def.id.name);
    let mut text = def.docs.text();
    if text.is_empty() {
        text = format!("The `{}` model.", def.id.name);
    }
    if def.deprecated {
        text.push_str("\n\n**Deprecated.**");
    }
    let docs = doc_attrs(&text);
    let scope = Scope::Models(def.id.module);
    let declared = variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let mut ty = type_expr(&v.ty, scope);
        if api.types.contains_by_value(&v.ty, &def.id) {
            ty = quote! { Box<#ty> };
        }
        let docs = doc_attrs(&format!("The value as {}.", describe(&v.ty)));
        quote! { #docs #variant(#ty), }
    });
    let shapes = variants.iter().map(|v| shape(api, &v.ty));
    let arms = variants.iter().enumerate().map(|(index, v)| {
        let variant = ident(&v.rust_name);
        let wrap = if api.types.contains_by_value(&v.ty, &def.id) {
            quote! { |v| Self::#variant(Box::new(v)) }
        } else {
            quote! { Self::#variant }
        };
        quote! { #index => Some(serde::Deserialize::deserialize(value).map(#wrap)), }
    });
    let expected = format!(
        "a value matching one of {}",
        variants
            .iter()
            .map(|v| v.rust_name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let string_like = string_like(api, variants).then(|| {
        let as_str = variants.iter().map(|v| {
            let variant = ident(&v.rust_name);
            match &v.ty {
                TypeRef::String => quote! { Self::#variant(value) => value, },
                _ => quote! { Self::#variant(value) => value.as_str(), },
            }
        });
        quote! {
            #cfg
            impl #name {
                #[doc = " The value as it appears on the wire."]
                pub fn as_str(&self) -> &str {
                    match self {
                        #(#as_str)*
                    }
                }
            }
            #cfg
            impl std::fmt::Display for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            #cfg
            impl crate::runtime::StringEnum for #name {
                fn as_str(&self) -> &str {
                    #name::as_str(self)
                }
            }
        }
    });
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #(#declared)*
        }
        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const SHAPES: &[crate::runtime::__private::Shape] = &[#(#shapes),*];
                crate::runtime::__private::decode_union(deserializer, SHAPES, #expected, |index, value| match index {
                    #(#arms)*
                    _ => None,
                })
            }
        }
        #string_like
    }
}

/// A variant's type in words, for its doc comment (the spec documents union members only
/// through their own types).
fn describe(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => format!("`{}`", id.name),
        TypeRef::String => "a string".into(),
        TypeRef::I32 | TypeRef::I64 => "an integer".into(),
        TypeRef::F64 => "a number".into(),
        TypeRef::Bool => "a boolean".into(),
        TypeRef::Array(inner) => format!("a list of {}", describe(inner)),
        TypeRef::Map(inner) => format!("a map of {}", describe(inner)),
        TypeRef::Json => "any JSON value".into(),
        TypeRef::Bytes => "raw bytes".into(),
        TypeRef::Form => "a multipart form".into(),
    }
}

/// Whether every variant is a string or a string enum, so the union is one on the wire.
fn string_like(api: &Api, variants: &[UnionVariant]) -> bool {
    variants.iter().all(|v| match &v.ty {
        TypeRef::String => true,
        TypeRef::Named(id) => matches!(api.types.get(id).map(|t| &t.kind), Some(TypeKind::Enum(_))),
        _ => false,
    })
}

/// The `crate::runtime::__private::Shape` constant describing `ty`.
fn shape(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote! { crate::runtime::__private::Shape::String },
        TypeRef::I32 | TypeRef::I64 => quote! { crate::runtime::__private::Shape::Integer },
        TypeRef::F64 => quote! { crate::runtime::__private::Shape::Number },
        TypeRef::Bool => quote! { crate::runtime::__private::Shape::Bool },
        TypeRef::Json | TypeRef::Bytes | TypeRef::Form => {
            quote! { crate::runtime::__private::Shape::Any }
        }
        TypeRef::Map(_) => quote! { crate::runtime::__private::Shape::Map },
        TypeRef::Array(item) => {
            let item = shape(api, item);
            quote! { crate::runtime::__private::Shape::Array(&#item) }
        }
        TypeRef::Named(id) => match api.types.get(id).map(|t| &t.kind) {
            Some(TypeKind::Enum(e)) => {
                let values = e.variants.iter().map(|v| &v.value);
                quote! { crate::runtime::__private::Shape::Enum(&[#(#values),*]) }
            }
            Some(TypeKind::Struct(s)) => {
                let required = s.fields.iter().filter(|f| f.required).map(|f| &f.wire_name);
                let known = s.fields.iter().map(|f| &f.wire_name);
                let open = s.additional.is_some();
                quote! { crate::runtime::__private::Shape::Object { required: &[#(#required),*], known: &[#(#known),*], open: #open } }
            }
            // Not the items' shape: a newtype's items may be the newtype itself.
            Some(TypeKind::Newtype(TypeRef::Array(_))) => {
                quote! { crate::runtime::__private::Shape::Array(&crate::runtime::__private::Shape::Any) }
            }
            Some(TypeKind::Newtype(_)) => quote! { crate::runtime::__private::Shape::Map },
            _ => quote! { crate::runtime::__private::Shape::Any },
        },
    }
}
