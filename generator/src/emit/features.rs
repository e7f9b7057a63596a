//! One cargo feature per group, all on by default. A crate that turns default features off and
//! names the groups it calls compiles only their methods and the models they reach, which is
//! most of the compile time of a large spec.
//!
//! A model is gated when only some groups reach it; what webhooks or the error model reach,
//! what every group reaches and what nothing reaches (components the spec defines but no
//! operation uses) stay ungated.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Group, Operation, TypeId, TypeKind, TypeRef};

/// The cargo feature of a group: its module name in kebab case (`connection-management`), see
/// [`crate::naming::feature_name`].
pub fn feature_name(group: &Group) -> String {
    crate::naming::feature_name(&group.module)
}

/// `#[cfg(feature = "...")]` for the items of one group.
pub fn group_cfg(group: &Group) -> TokenStream {
    let feature = feature_name(group);
    quote! { #[cfg(feature = #feature)] }
}

/// Which groups' features each gated model needs (any one of them).
#[derive(Debug, Default)]
pub struct TypeGates {
    gates: BTreeMap<TypeId, BTreeSet<usize>>,
    features: Vec<String>,
}

impl TypeGates {
    pub fn new(api: &Api) -> Self {
        let mut reached_by: BTreeMap<TypeId, BTreeSet<usize>> = BTreeMap::new();
        for (index, group) in api.groups.iter().enumerate() {
            for id in reach(api, group.operations.iter().flat_map(operation_types)) {
                reached_by.entry(id).or_default().insert(index);
            }
        }
        // What is always compiled, and everything it holds.
        let webhooks = api.webhooks.iter().filter_map(|w| w.ty.named());
        let unreached = api
            .types
            .types
            .keys()
            .filter(|id| !reached_by.contains_key(id));
        let ungated = reach(
            api,
            webhooks.chain(&api.error_model).chain(unreached).cloned(),
        );
        let gates = reached_by
            .into_iter()
            .filter(|(id, groups)| !ungated.contains(id) && groups.len() < api.groups.len())
            .collect();
        TypeGates {
            gates,
            features: api.groups.iter().map(feature_name).collect(),
        }
    }

    /// The attribute to put on every item of the model `id`; empty when it is ungated.
    pub fn cfg(&self, id: &TypeId) -> TokenStream {
        let Some(groups) = self.gates.get(id) else {
            return TokenStream::new();
        };
        let features: Vec<&String> = groups.iter().map(|&g| &self.features[g]).collect();
        match features.as_slice() {
            [feature] => quote! { #[cfg(feature = #feature)] },
            features => quote! { #[cfg(any(#(feature = #features),*))] },
        }
    }
}

/// The named types an operation mentions itself: its request type, body and response.
fn operation_types(op: &Operation) -> impl Iterator<Item = TypeId> + '_ {
    let body = op.body.as_ref().and_then(|body| body.field.ty.named());
    let response = op.response.ty.as_ref().and_then(TypeRef::named);
    op.request.iter().chain(body).chain(response).cloned()
}

/// Every named type reachable from `roots` through fields, map values and union variants.
fn reach(api: &Api, roots: impl Iterator<Item = TypeId>) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<TypeId> = roots.collect();
    while let Some(id) = stack.pop() {
        let Some(def) = api.types.get(&id) else {
            continue;
        };
        if !seen.insert(id) {
            continue;
        }
        let children: Vec<&TypeRef> = match &def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| &f.ty)
                .chain(s.additional.iter())
                .collect(),
            TypeKind::Union(variants) => variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Newtype(inner) => vec![inner],
            TypeKind::Enum(_) => Vec::new(),
        };
        stack.extend(children.into_iter().filter_map(|ty| ty.named().cloned()));
    }
    seen
}
