//! Which groups each model needs, for the per-group cargo features: a crate that turns default
//! features off and names the groups it calls compiles only their methods and the models they
//! reach, which is most of the compile time of a large spec.
//!
//! A model is gated when only some groups reach it; what webhooks or the error model reach,
//! what every group reaches and what nothing reaches (components the spec defines but no
//! operation uses) stay ungated.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, Operation, TypeId, TypeKind, TypeRef};

/// The groups (indexes into `api.groups`) whose features each gated model needs, any one of them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TypeGates {
    gates: BTreeMap<TypeId, BTreeSet<usize>>,
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
        TypeGates { gates }
    }

    /// The groups one of whose features the model `id` needs; `None` when it is ungated.
    pub fn groups(&self, id: &TypeId) -> Option<&BTreeSet<usize>> {
        self.gates.get(id)
    }
}

/// The named types an operation mentions itself: its request type, body and response.
fn operation_types(op: &Operation) -> impl Iterator<Item = TypeId> + '_ {
    let body = op.body.as_ref().and_then(|body| body.field.ty.named());
    let response = op.response.ty.as_ref().and_then(TypeRef::named);
    std::iter::once(&op.request)
        .chain(body)
        .chain(response)
        .cloned()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn api(yaml: &str) -> Api {
        crate::ir::lowered(yaml)
    }

    fn gates_of(api: &Api, gates: &TypeGates, name: &str) -> Option<Vec<String>> {
        let id = api.types.types.keys().find(|id| id.name == name)?;
        let groups = gates.groups(id)?;
        Some(
            groups
                .iter()
                .map(|&g| api.groups[g].module.clone())
                .collect(),
        )
    }

    #[test]
    fn gates_what_some_groups_reach_and_not_what_all_or_none_or_webhooks_reach() {
        let api = api(r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /a:
    get:
      operationId: get-a
      tags: [A]
      responses:
        '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/OnlyA'}}}}
  /b:
    get:
      operationId: get-b
      tags: [B]
      responses:
        '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Both'}}}}
  /c:
    get:
      operationId: get-c
      tags: [C]
      responses:
        '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Both'}}}}
  /d:
    get:
      operationId: get-d
      tags: [A]
      responses:
        '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Hook'}}}}
webhooks:
  thing.happened:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Hook'}}}}
      responses: {'200': {description: OK}}
components:
  schemas:
    OnlyA:
      type: object
      properties:
        part: {$ref: '#/components/schemas/Part'}
    Part: {type: object, properties: {n: {type: integer}}}
    Both: {type: object, properties: {n: {type: integer}}}
    Hook: {type: object, properties: {n: {type: integer}}}
    Unused: {type: object, properties: {n: {type: integer}}}
"##);
        let gates = TypeGates::new(&api);
        assert_eq!(gates_of(&api, &gates, "OnlyA"), Some(vec!["a".to_owned()]));
        // Reached through a field.
        assert_eq!(gates_of(&api, &gates, "Part"), Some(vec!["a".to_owned()]));
        assert_eq!(
            gates_of(&api, &gates, "Both"),
            Some(vec!["b".to_owned(), "c".to_owned()])
        );
        assert_eq!(
            gates_of(&api, &gates, "Hook"),
            None,
            "webhooks compile always"
        );
        assert_eq!(gates_of(&api, &gates, "Unused"), None, "nothing reaches it");
    }
}
