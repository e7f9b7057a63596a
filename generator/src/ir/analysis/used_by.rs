//! Who uses each model directly: the models that hold it and the operations that take or
//! return it, so a model's docs page can link to where the type appears.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, TypeId, TypeKind, TypeRef};

/// Where a type appears. Ordered so pages list models first, then operations by group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Usage {
    Model(TypeId),
    /// (group index, operation index, what the operation does with the type).
    Operation(usize, usize, Role),
    /// The payload of this webhook event.
    Webhook(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Takes,
    Returns,
}

/// Every type's direct users.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct UsedBy {
    usages: BTreeMap<TypeId, BTreeSet<Usage>>,
}

impl UsedBy {
    pub fn new(api: &Api) -> Self {
        let mut used_by = UsedBy::default();
        for (owner, def) in &api.types.types {
            let mut note = |ty: &TypeRef| {
                if let Some(id) = ty.named().filter(|id| *id != owner) {
                    used_by.add(id, Usage::Model(owner.clone()));
                }
            };
            match &def.kind {
                TypeKind::Struct(s) => {
                    s.fields.iter().for_each(|field| note(&field.ty));
                    s.additional.iter().for_each(&mut note);
                }
                TypeKind::Union(variants) => variants.iter().for_each(|v| note(&v.ty)),
                TypeKind::Newtype(inner) => note(inner),
                TypeKind::Enum(_) => {}
            }
        }
        for (g, group) in api.groups.iter().enumerate() {
            for (o, op) in group.operations.iter().enumerate() {
                used_by.add(&op.request, Usage::Operation(g, o, Role::Takes));
                if let Some(id) = op.response.ty.as_ref().and_then(TypeRef::named) {
                    used_by.add(id, Usage::Operation(g, o, Role::Returns));
                }
            }
        }
        for webhook in &api.webhooks {
            if let Some(id) = webhook.ty.named() {
                used_by.add(id, Usage::Webhook(webhook.name.clone()));
            }
        }
        used_by
    }

    fn add(&mut self, id: &TypeId, usage: Usage) {
        self.usages.entry(id.clone()).or_default().insert(usage);
    }

    /// The direct users of `id`, in [`Usage`] order; none when nothing uses it.
    pub fn of(&self, id: &TypeId) -> impl Iterator<Item = &Usage> {
        self.usages.get(id).into_iter().flatten()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Models held by a model, taken and returned by an operation, and delivered by a webhook;
    /// the docs' "Used by" lists are tested on the same spec.
    pub(crate) const SPEC: &str = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /things:
    post:
      operationId: create-thing
      tags: [Things]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
webhooks:
  thing.made:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Part'}}}}
      responses: {'200': {description: OK}}
components:
  schemas:
    Thing:
      type: object
      properties:
        part: {$ref: '#/components/schemas/Part'}
        again: {$ref: '#/components/schemas/Thing'}
    Part: {type: object, properties: {n: {type: integer}}}
"##;

    /// The id of the type named `name` in `api`.
    pub(crate) fn type_id(api: &Api, name: &str) -> TypeId {
        api.types
            .types
            .keys()
            .find(|id| id.name == name)
            .unwrap_or_else(|| panic!("no type {name}"))
            .clone()
    }

    #[test]
    fn finds_holding_models_and_the_operations_that_take_or_return_a_type() {
        let api = crate::ir::lowered(SPEC);
        let used_by = UsedBy::new(&api);
        let id = |name: &str| type_id(&api, name);
        assert_eq!(
            used_by.of(&id("Part")).collect::<Vec<_>>(),
            [
                &Usage::Model(id("Thing")),
                &Usage::Webhook("thing.made".to_owned())
            ]
        );
        let thing: Vec<&Usage> = used_by.of(&id("Thing")).collect();
        // Not itself: a type does not list its own fields as users.
        assert_eq!(thing.len(), 2, "{thing:?}");
        assert!(
            matches!(thing[0], Usage::Model(owner) if owner.name == "CreateThingRequest"),
            "{thing:?}"
        );
        assert_eq!(thing[1], &Usage::Operation(0, 0, Role::Returns));
        assert_eq!(used_by.of(&id("CreateThingRequest")).count(), 1);
    }
}
