//! The `#[cfg(feature = ...)]` attributes of the per-group cargo features: one on every item of
//! a group, and one on every model only some groups reach ([`analysis::TypeGates`] decides
//! which; [`SdkNames`] names the features).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{analysis, Api, Group, SdkNames, TypeId};

/// `#[cfg(feature = "...")]` for the items of one group.
pub fn group_cfg(names: &SdkNames, group: &Group) -> TokenStream {
    match names.feature(group) {
        Some(feature) => quote! { #[cfg(feature = #feature)] },
        None => TokenStream::new(),
    }
}

/// The gate of every model, ready to print.
#[derive(Debug, Default)]
pub struct TypeGates {
    gates: analysis::TypeGates,
    /// The feature of each group, by group index.
    features: Vec<String>,
}

impl TypeGates {
    pub fn new(api: &Api, names: &SdkNames) -> Self {
        TypeGates {
            gates: analysis::TypeGates::new(api),
            features: api
                .groups
                .iter()
                .map(|g| names.feature(g).unwrap_or_default().to_owned())
                .collect(),
        }
    }

    /// The attribute to put on every item of the model `id`; empty when it is ungated.
    pub fn cfg(&self, id: &TypeId) -> TokenStream {
        let Some(groups) = self.gates.groups(id) else {
            return TokenStream::new();
        };
        let features: Vec<&String> = groups
            .iter()
            .filter_map(|&g| self.features.get(g))
            .collect();
        match features.as_slice() {
            [feature] => quote! { #[cfg(feature = #feature)] },
            features => quote! { #[cfg(any(#(feature = #features),*))] },
        }
    }
}
