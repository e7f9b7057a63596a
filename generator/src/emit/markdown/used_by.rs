//! The "Used by" list of each model page: the models that hold the type and the operations that
//! take or return it, so a reader who lands on a type can find where it appears. The reference
//! SDK's pages only link downwards, from a type to its fields' types.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, TypeId, TypeKind, TypeRef};

use super::paths::ModelPaths;

/// Where a type appears. Ordered so pages list models first, then operations by group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Usage {
    Model(TypeId),
    /// (group index, operation index, what the operation does with the type).
    Operation(usize, usize, Role),
    /// The payload of this webhook event (`webhooks::parse_webhook` decodes it).
    Webhook(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Takes,
    Returns,
}

/// Every type's direct users.
#[derive(Debug, Default)]
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
                if let Some(request) = &op.request {
                    used_by.add(request, Usage::Operation(g, o, Role::Takes));
                }
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

    /// Markdown list items for the page of `id`; `to_docs` leads from that page to `docs/`.
    pub fn items(&self, api: &Api, paths: &ModelPaths, id: &TypeId, to_docs: &str) -> Vec<String> {
        let Some(usages) = self.usages.get(id) else {
            return Vec::new();
        };
        usages
            .iter()
            .map(|usage| match usage {
                Usage::Model(owner) => paths.link(owner, to_docs),
                Usage::Operation(g, o, role) => {
                    let group = &api.groups[*g];
                    let op = &group.operations[*o];
                    let verb = match role {
                        Role::Takes => "takes it",
                        Role::Returns => "returns it",
                    };
                    format!(
                        "[{}().{}()]({to_docs}sdks/{}/README.md#{}) {verb}",
                        group.module, op.method, group.docs_folder, op.method
                    )
                }
                Usage::Webhook(event) => {
                    format!(
                        "the {} webhook delivers it (`webhooks::parse_webhook`)",
                        crate::escape::markdown_code(event)
                    )
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn api(yaml: &str) -> Api {
        let spec = crate::load::load_str(Path::new("test.yaml"), yaml).expect("the spec loads");
        crate::ir::lower(&spec).expect("the spec lowers").0
    }

    #[test]
    fn lists_holding_models_and_the_operations_that_take_or_return_a_type() {
        let api = api(r##"
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
components:
  schemas:
    Thing:
      type: object
      properties:
        part: {$ref: '#/components/schemas/Part'}
    Part: {type: object, properties: {n: {type: integer}}}
"##);
        let paths = ModelPaths::new(&api);
        let used_by = UsedBy::new(&api);
        let id = |name: &str| {
            api.types
                .types
                .keys()
                .find(|id| id.name == name)
                .unwrap_or_else(|| panic!("no type {name}"))
                .clone()
        };
        assert_eq!(
            used_by.items(&api, &paths, &id("Part"), "../../"),
            ["[shared::Thing](../../models/shared/thing.md)"]
        );
        let thing = used_by.items(&api, &paths, &id("Thing"), "../../");
        assert_eq!(thing.len(), 2, "{thing:?}");
        assert!(
            thing[0].starts_with("[operations::CreateThingRequest]"),
            "{thing:?}"
        );
        assert_eq!(
            thing[1],
            "[things().create_thing()](../../sdks/things/README.md#create_thing) returns it"
        );
    }
}
