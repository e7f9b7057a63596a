//! The "Used by" list of each model page, from [`analysis::UsedBy`]: the models that hold the
//! type and the operations that take or return it, linked, so a reader who lands on a type can
//! find where it appears (`templates/model.md.jinja` words each item). The reference SDK's
//! pages only link downwards, from a type to its fields' types.

use serde::Serialize;

use crate::ir::analysis::{self, Role, Usage};
use crate::ir::{Api, TypeId};

use super::paths::ModelPaths;

/// One item of the list; `model.md` words it by `role`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsedByItem {
    /// `holds` (a model holds it), `takes` or `returns` (an operation), `webhook` (its payload).
    pub role: &'static str,
    /// The model or operation linked, or the webhook's event name as code.
    pub link: String,
}

/// The list items for the page of `id`; `to_docs` leads from that page to `docs/`.
pub fn items(
    api: &Api,
    used_by: &analysis::UsedBy,
    paths: &ModelPaths,
    id: &TypeId,
    to_docs: &str,
) -> Vec<UsedByItem> {
    used_by
        .of(id)
        .filter_map(|usage| match usage {
            Usage::Model(owner) => Some(UsedByItem {
                role: "holds",
                link: paths.link(owner, to_docs),
            }),
            Usage::Operation(g, o, role) => {
                let group = api.groups.get(*g)?;
                let op = group.operations.get(*o)?;
                Some(UsedByItem {
                    role: match role {
                        Role::Takes => "takes",
                        Role::Returns => "returns",
                    },
                    link: format!(
                        "[{}().{}()]({to_docs}sdks/{}/README.md#{})",
                        group.module, op.method, group.docs_folder, op.method
                    ),
                })
            }
            Usage::Webhook(event) => Some(UsedByItem {
                role: "webhook",
                link: crate::escape::markdown_code(event),
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_holding_models_and_the_operations_that_take_or_return_a_type() {
        let api = crate::ir::lowered(analysis::used_by::tests::SPEC);
        let paths = ModelPaths::new(&api);
        let used_by = analysis::UsedBy::new(&api);
        let id = |name: &str| analysis::used_by::tests::type_id(&api, name);
        assert_eq!(
            items(&api, &used_by, &paths, &id("Part"), "../../"),
            [
                UsedByItem {
                    role: "holds",
                    link: "[shared::Thing](../../models/shared/thing.md)".to_owned()
                },
                UsedByItem {
                    role: "webhook",
                    link: "`thing.made`".to_owned()
                }
            ]
        );
        let thing = items(&api, &used_by, &paths, &id("Thing"), "../../");
        assert_eq!(thing.len(), 2, "{thing:?}");
        assert!(
            thing[0]
                .link
                .starts_with("[operations::CreateThingRequest]"),
            "{thing:?}"
        );
        assert_eq!(
            thing[1],
            UsedByItem {
                role: "returns",
                link: "[things().create_thing()](../../sdks/things/README.md#create_thing)"
                    .to_owned()
            }
        );
    }
}
