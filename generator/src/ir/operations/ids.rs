//! The operationId of every operation, derived from its method and path where the spec gives
//! none, as other generators do (`get /users/{id}/posts` -> `get_users_id_posts`).

use std::collections::BTreeMap;

use openapiv3::{Paths, ReferenceOr};

use crate::naming::{self, UniqueNames};

/// `(path, method)` -> the operation's id: its own, or one derived from method and path that
/// no other operation has (`get_users2` after an explicit `get_users`). The spec's ids are all
/// taken first, so adding an operation without one never renames another.
pub(super) fn operation_ids(paths: &Paths) -> BTreeMap<(String, String), String> {
    let operations = || {
        paths.paths.iter().flat_map(|(path, item)| match item {
            ReferenceOr::Item(item) => item
                .iter()
                .map(|(method, op)| (path.as_str(), method, op.operation_id.as_deref()))
                .collect::<Vec<_>>(),
            ReferenceOr::Reference { .. } => Vec::new(),
        })
    };
    let mut taken = UniqueNames::default();
    for (_, _, id) in operations() {
        if let Some(id) = id {
            taken.reserve(id);
        }
    }
    operations()
        .map(|(path, method, id)| {
            let id = match id {
                Some(id) => id.to_owned(),
                None => taken.claim(&derived_id(method, path)),
            };
            ((path.to_owned(), method.to_owned()), id)
        })
        .collect()
}

/// `get`, `/users/{id}/posts` -> `get_users_id_posts`.
fn derived_id(method: &str, path: &str) -> String {
    naming::snake_name(&format!("{method} {path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(yaml: &str) -> Vec<String> {
        let spec = crate::load::load_str(std::path::Path::new("t.yaml"), yaml).unwrap();
        operation_ids(&spec.openapi.paths).into_values().collect()
    }

    #[test]
    fn derives_missing_ids_from_method_and_path_unique_in_the_api() {
        let got = ids(r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /users/{id}/posts:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get: {responses: {'204': {description: ok}}}
    post: {operationId: get_users_id_posts, responses: {'204': {description: ok}}}
  /users/{id}/posts/:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get: {responses: {'204': {description: ok}}}
  /:
    get: {responses: {'204': {description: ok}}}
"#);
        assert_eq!(
            got,
            [
                "get",
                "get_users_id_posts2",
                "get_users_id_posts",
                "get_users_id_posts3"
            ]
        );
    }
}
