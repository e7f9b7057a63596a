//! Rust for the type space: `models::shared` and `models::operations` structs, open enums and
//! unions, and `models::errors`.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{quote, ToTokens};
use serde_json::Value;

use super::constructors::constructors;
use super::docs::doc_attrs;
use super::features::TypeGates;
use crate::ir::*;

/// An identifier from a name the naming module already made valid.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Where a type expression is written, which decides how a named type is spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside `models::<module>`: same-module types by bare name.
    Models(Module),
    /// Inside `groups`, which import `crate::models::{operations, shared}` as needed.
    Groups,
    /// Anywhere: `crate::models::<module>::Name`.
    Absolute,
}

/// The Rust type for `ty` as written in `scope`.
pub fn type_expr(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let name = ident(&id.name);
            let module = ident(id.module.as_str());
            match scope {
                Scope::Models(m) if m == id.module => quote! { #name },
                Scope::Groups => quote! { #module::#name },
                _ => quote! { crate::models::#module::#name },
            }
        }
        TypeRef::String => quote! { String },
        TypeRef::I32 => quote! { i32 },
        TypeRef::I64 => quote! { i64 },
        TypeRef::F64 => quote! { f64 },
        TypeRef::Bool => quote! { bool },
        TypeRef::Array(inner) => {
            let inner = type_expr(inner, scope);
            quote! { Vec<#inner> }
        }
        TypeRef::Map(inner) => {
            let inner = type_expr(inner, scope);
            quote! { std::collections::BTreeMap<String, #inner> }
        }
        TypeRef::Json => quote! { serde_json::Value },
        TypeRef::Bytes => quote! { crate::runtime::Bytes },
        TypeRef::Form => quote! { crate::runtime::MultipartForm },
    }
}

/// The Rust type of a struct field, by its [`FieldKind`].
pub fn field_type(field: &Field, inner: TokenStream) -> TokenStream {
    match field.kind() {
        FieldKind::Required => inner,
        FieldKind::Optional => quote! { Option<#inner> },
        FieldKind::TriState => quote! { Option<Option<#inner>> },
    }
}

/// Emits every type of `module`, in name order, each behind the features of the groups that
/// reach it (see [`TypeGates`]).
pub fn module_items(api: &Api, gates: &TypeGates, module: Module) -> TokenStream {
    module_items_in(api, gates, module, 0..usize::MAX)
}

/// How many types [`module_items`] renders for `module`.
pub fn module_len(api: &Api, module: Module) -> usize {
    api.types.in_module(module).count()
}

/// [`module_items`] for the types at positions `range` of the module, so a large module can be
/// rendered and formatted in parts.
pub fn module_items_in(
    api: &Api,
    gates: &TypeGates,
    module: Module,
    range: std::ops::Range<usize>,
) -> TokenStream {
    let requests: std::collections::BTreeSet<&TypeId> = api
        .groups
        .iter()
        .flat_map(|g| &g.operations)
        .map(|op| &op.request)
        .chain(&api.globals)
        .collect();
    let items = api
        .types
        .in_module(module)
        .skip(range.start)
        .take(range.len())
        .map(|def| {
            let cfg = gates.cfg(&def.id);
            match &def.kind {
                TypeKind::Struct(s) if requests.contains(&def.id) => {
                    request_struct(api, def, s, &cfg)
                }
                TypeKind::Struct(s) => model_struct(api, def, s, &cfg),
                TypeKind::Enum(e) => open_enum(def, e, &cfg),
                TypeKind::Union(variants) => super::unions::union(api, def, variants, &cfg),
                TypeKind::Newtype(inner) => newtype(def, inner, &cfg),
            }
        });
    quote! { #(#items)* }
}

fn type_docs(def: &TypeDef) -> TokenStream {
    let mut text = def.docs.text();
    if text.is_empty() {
        text = format!("The `{}` model.", def.id.name);
    }
    if def.deprecated {
        text.push_str("\n\n**Deprecated.**");
    }
    doc_attrs(&text)
}

fn field_docs(field: &Field) -> TokenStream {
    let mut text = field.docs.text();
    if field.deprecated {
        text = format!("**Deprecated.** {text}");
    }
    if text.trim().is_empty() {
        // The spec says nothing; name the wire field so every public item is documented.
        text = format!(
            "{} (the spec gives no description).",
            crate::escape::markdown_code(&field.wire_name)
        );
    }
    doc_attrs(&text)
}

/// A model: `Serialize` derived, with renames to the spec's names and optional fields omitted
/// when `None` (additional properties written through `flatten`); `Deserialize` through the
/// runtime's shared struct decoder (see runtime/src/decode.rs), which compiles to far less than
/// serde's derive, additional properties included.
/// `cfg` goes on every item, as on every item the other type emitters make.
fn model_struct(api: &Api, def: &TypeDef, s: &StructDef, cfg: &TokenStream) -> TokenStream {
    let name = ident(&def.id.name);
    let docs = type_docs(def);
    let fields = s.fields.iter().map(|field| {
        let rust_name = ident(&field.rust_name);
        let ty = declared_field_type(api, def, field, Scope::Models(def.id.module));
        let serde_attr = serde_field_attr(field);
        let docs = field_docs(field);
        quote! { #docs #serde_attr pub #rust_name: #ty, }
    });
    let additional = s.additional.as_ref().map(|value| {
        let value = type_expr(value, Scope::Models(def.id.module));
        quote! {
            #[doc = " Properties the spec does not name."]
            #[serde(flatten)]
            pub additional_properties: std::collections::BTreeMap<String, #value>,
        }
    });
    let default = api
        .types
        .has_default(&TypeRef::Named(def.id.clone()))
        .then(|| quote! { Default, });
    let decode = decode_impls(def, s);
    let constructors = constructors(api, def, s, cfg, |_| quote! { None });
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #constructors
        #cfg
        #decode
    }
}

/// A list or map whose schema refers to itself, as a tuple struct: `pub struct A(pub Vec<A>);`.
/// Serde encodes a newtype struct as the value it wraps, so the wire form is the list or map.
fn newtype(def: &TypeDef, inner: &TypeRef, cfg: &TokenStream) -> TokenStream {
    let name = ident(&def.id.name);
    let docs = type_docs(def);
    let inner = type_expr(inner, Scope::Models(def.id.module));
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        pub struct #name(pub #inner);
    }
}

/// The Rust type a model field is declared with, written as in `scope`: boxed when it
/// contains the struct itself, then wrapped in the `Option`s of its [`FieldKind`].
pub fn declared_field_type(api: &Api, def: &TypeDef, field: &Field, scope: Scope) -> TokenStream {
    let inner = type_expr(&field.ty, scope);
    let inner = if api.types.contains_by_value(&field.ty, &def.id) {
        quote! { Box<#inner> }
    } else {
        inner
    };
    field_type(field, inner)
}

/// `#[serde(..)]` of a model field, for `Serialize` only (decoding is `decode_model!`'s).
fn serde_field_attr(field: &Field) -> TokenStream {
    let mut serde_args = Vec::new();
    if field.rust_name != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote! { rename = #wire });
    }
    // Absent stays absent. A required nullable `None` is written `null`, and a tri-state
    // `Some(None)` is written `null` by `Option` itself: no `serialize_with` wrapper needed.
    if !field.required {
        serde_args.push(quote! { skip_serializing_if = "Option::is_none" });
    }
    if serde_args.is_empty() {
        TokenStream::new()
    } else {
        quote! { #[serde(#(#serde_args),*)] }
    }
}

/// `Deserialize` and `DecodeStruct` of a model, through the runtime's `decode_model!` (see
/// runtime/src/decode.rs): one line per field, so the generated source stays small; undeclared
/// keys go to `additional_properties` when the struct has them.
fn decode_impls(def: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&def.id.name);
    let fields = s.fields.iter().enumerate().map(|(index, field)| {
        let index = Literal::usize_unsuffixed(index);
        let rust_name = ident(&field.rust_name);
        let wire = &field.wire_name;
        let kind = match field.kind() {
            FieldKind::Required => quote! { required },
            FieldKind::Optional => quote! { optional },
            FieldKind::TriState => quote! { tristate },
        };
        quote! { #index #rust_name: #kind #wire, }
    });
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote! { additional_properties });
    quote! {
        crate::runtime::__private::decode_model! { #name { #(#fields)* } #additional }
    }
}

/// A request type: plain fields the method turns into path, query, header and body. Optional
/// parameters start at the spec's defaults (the reference sends these).
fn request_struct(api: &Api, def: &TypeDef, s: &StructDef, cfg: &TokenStream) -> TokenStream {
    let name = ident(&def.id.name);
    let docs = type_docs(def);
    let fields = s.fields.iter().map(|field| {
        let rust_name = ident(&field.rust_name);
        let ty = field_type(field, type_expr(&field.ty, Scope::Models(def.id.module)));
        let docs = field_docs(field);
        quote! { #docs pub #rust_name: #ty, }
    });
    let constructors = constructors(api, def, s, cfg, |field| {
        default_value(api, field).map_or(quote! { None }, |v| quote! { Some(#v) })
    });
    let default = s.fields.iter().all(|f| !f.required).then(|| {
        quote! {
            #cfg
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #constructors
        #default
    }
}

/// The spec's `default` for an optional parameter, as a Rust expression (the reference sends these).
fn default_value(api: &Api, field: &Field) -> Option<TokenStream> {
    let value = field.default.as_ref()?;
    match (&field.ty, value) {
        (TypeRef::I32, Value::Number(n)) => n
            .as_i64()
            .filter(|n| i32::try_from(*n).is_ok())
            .map(|n| Literal::i64_unsuffixed(n).into_token_stream()),
        (TypeRef::I64, Value::Number(n)) => n
            .as_i64()
            .map(|n| Literal::i64_unsuffixed(n).into_token_stream()),
        (TypeRef::F64, Value::Number(n)) => n
            .as_f64()
            .map(|n| Literal::f64_unsuffixed(n).into_token_stream()),
        (TypeRef::Bool, Value::Bool(b)) => Some(quote! { #b }),
        (TypeRef::String, Value::String(s)) => Some(quote! { String::from(#s) }),
        (TypeRef::Named(id), Value::String(s)) => match api.types.get(id).map(|t| &t.kind) {
            Some(TypeKind::Enum(e)) => e.variants.iter().find(|v| &v.value == s).map(|v| {
                let ty = type_expr(&field.ty, Scope::Models(Module::Operations));
                let variant = ident(&v.rust_name);
                quote! { #ty::#variant }
            }),
            _ => None,
        },
        _ => None,
    }
}

/// A string enum that keeps values the spec does not list in `Unknown`, so new API values never break decoding;
/// `#[non_exhaustive]`, so a value the spec adds later does not break a user's `match`.
fn open_enum(def: &TypeDef, e: &EnumDef, cfg: &TokenStream) -> TokenStream {
    let name = ident(&def.id.name);
    let docs = type_docs(def);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let doc = format!(
            " {}",
            crate::escape::rust_doc_line(&crate::escape::markdown_code(&v.value))
        );
        quote! { #[doc = #doc] #variant, }
    });
    let to_str = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = &v.value;
        quote! { Self::#variant => #value, }
    });
    let from_str: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|v| {
            let variant = ident(&v.rust_name);
            let value = &v.value;
            quote! { #value => Self::#variant, }
        })
        .collect();
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(from = "String", into = "String")]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc = " A value this version of the SDK does not know, kept as sent."]
            Unknown(String),
        }
        #cfg
        impl #name {
            #[doc = " The value as it appears on the wire."]
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Unknown(value) => value,
                }
            }
        }
        #cfg
        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#from_str)*
                    _ => Self::Unknown(value),
                }
            }
        }
        #cfg
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    _ => Self::Unknown(value.to_owned()),
                }
            }
        }
        #cfg
        impl From<#name> for String {
            fn from(value: #name) -> Self {
                match value {
                    #name::Unknown(value) => value,
                    known => known.as_str().to_owned(),
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
}

/// `models::errors`: the error type every method returns.
pub fn errors_module(api: &Api) -> TokenStream {
    let model = match &api.error_model {
        Some(id) => type_expr(&TypeRef::Named(id.clone()), Scope::Absolute),
        None => quote! { serde_json::Value },
    };
    let reexport = api.error_model.as_ref().map(|id| {
        let name = ident(&id.name);
        quote! {
            #[doc = " The body of documented error responses."]
            pub use crate::models::shared::#name;
        }
    });
    let alias_doc =
        "What every SDK method returns on failure. See [`crate::runtime::Error`] for the variants.";
    quote! {
        #reexport
        pub use crate::runtime::{ApiErrorResponse, RawResponse};
        #[doc = #alias_doc]
        pub type Error = crate::runtime::Error<#model>;
    }
}
