//! The Rust path of a type as plain text, for code written outside `quote` (the harnesses that
//! generate round-trip tests name generated types from another crate).

use super::TypeRef;

impl TypeRef {
    /// The type as a path from the crate root spelled `root` (`crate`, `codat_platform`):
    /// `codat_platform::models::shared::Company`, `Vec<i64>`,
    /// `std::collections::BTreeMap<String, serde_json::Value>`. The same type
    /// `emit::type_expr(.., Scope::Absolute)` prints, with `root` for `crate`.
    pub fn rust_path(&self, root: &str) -> String {
        match self {
            TypeRef::Named(id) => format!("{root}::models::{}::{}", id.module.as_str(), id.name),
            TypeRef::String => "String".to_owned(),
            TypeRef::I32 => "i32".to_owned(),
            TypeRef::I64 => "i64".to_owned(),
            TypeRef::F64 => "f64".to_owned(),
            TypeRef::Bool => "bool".to_owned(),
            TypeRef::Array(inner) => format!("Vec<{}>", inner.rust_path(root)),
            TypeRef::Map(inner) => format!(
                "std::collections::BTreeMap<String, {}>",
                inner.rust_path(root)
            ),
            TypeRef::Json => "serde_json::Value".to_owned(),
            TypeRef::Bytes => format!("{root}::runtime::Bytes"),
            TypeRef::Form => format!("{root}::runtime::MultipartForm"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::{type_expr, Scope};
    use crate::ir::{Module, TypeId};

    fn every_shape() -> Vec<TypeRef> {
        let company = TypeRef::Named(TypeId {
            module: Module::Shared,
            name: "Company".to_owned(),
        });
        let request = TypeRef::Named(TypeId {
            module: Module::Operations,
            name: "ListCompaniesRequest".to_owned(),
        });
        vec![
            company.clone(),
            request,
            TypeRef::String,
            TypeRef::I32,
            TypeRef::I64,
            TypeRef::F64,
            TypeRef::Bool,
            TypeRef::Array(Box::new(company.clone())),
            TypeRef::Map(Box::new(TypeRef::Array(Box::new(company)))),
            TypeRef::Json,
            TypeRef::Bytes,
            TypeRef::Form,
        ]
    }

    #[test]
    fn spells_named_types_from_the_given_root() {
        let company = &every_shape()[0];
        assert_eq!(
            company.rust_path("codat_platform"),
            "codat_platform::models::shared::Company"
        );
        assert_eq!(
            TypeRef::Map(Box::new(TypeRef::Array(Box::new(company.clone())))).rust_path("x"),
            "std::collections::BTreeMap<String, Vec<x::models::shared::Company>>"
        );
    }

    #[test]
    fn is_the_type_the_generated_code_declares() {
        for ty in every_shape() {
            let printed: proc_macro2::TokenStream = ty
                .rust_path("crate")
                .parse()
                .unwrap_or_else(|e| panic!("{ty:?}: {e}"));
            // Token streams space `>>` and `> >` differently; the tokens are what matter.
            let bare = |tokens: proc_macro2::TokenStream| tokens.to_string().replace(' ', "");
            assert_eq!(
                bare(printed),
                bare(type_expr(&ty, Scope::Absolute)),
                "{ty:?}"
            );
        }
    }
}
