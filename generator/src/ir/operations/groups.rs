//! Operations sorted into groups, and deprecation replacements resolved to methods.

use std::collections::BTreeMap;

use super::{invalid, Pending};
use crate::error::GenError;
use crate::ir::Group;
use crate::load::LoadedSpec;
use crate::naming;

/// Sorts operations into groups (named by [`naming::group_names`], methods made unique within
/// each group) and resolves deprecation replacements to `group().method()`.
pub(super) fn build_groups(
    spec: &LoadedSpec,
    pending: Vec<Pending>,
) -> Result<Vec<Group>, GenError> {
    let spec_names: std::collections::BTreeSet<&str> =
        pending.iter().map(|p| p.group.as_str()).collect();
    let mut groups: BTreeMap<String, (Group, naming::MethodNames)> = spec_names
        .iter()
        .zip(naming::group_names(spec_names.iter().copied()))
        .map(|(name, names)| {
            let group = Group {
                description: spec
                    .openapi
                    .tags
                    .iter()
                    .find(|t| t.name == *name)
                    .and_then(|t| t.description.clone()),
                type_name: names.type_name,
                docs_folder: names.docs_folder,
                spec_name: (*name).to_owned(),
                module: names.module,
                operations: Vec::new(),
            };
            ((*name).to_owned(), (group, naming::MethodNames::default()))
        })
        .collect();
    // The replacement each operation names, beside it until every method has its final name.
    let mut replacement_ids: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();
    for Pending {
        group,
        mut operation,
        replacement_id,
        overridden,
    } in pending
    {
        let Some((entry, methods)) = groups.get_mut(&group) else {
            continue;
        };
        // Two overrides naming the same method are a mistake in the spec; names derived from
        // operationIds that collide (`get-x`, `get_x`) or take a reserved name get a suffix.
        if let Some(clash) = entry
            .operations
            .iter()
            .find(|o| overridden && o.method == operation.method)
        {
            return Err(invalid(
                spec,
                &operation.pointer,
                format!(
                    "`{}` and `{}` both become `{}().{}()`; give one an x-speakeasy-name-override",
                    clash.operation_id, operation.operation_id, entry.module, operation.method
                ),
            ));
        }
        operation.method = methods.claim(&operation.method);
        entry.operations.push(operation);
        replacement_ids
            .entry(group)
            .or_default()
            .push(replacement_id);
    }
    let locations: BTreeMap<String, (String, String)> = groups
        .values()
        .flat_map(|(g, _)| {
            g.operations.iter().map(|op| {
                (
                    op.operation_id.clone(),
                    (g.module.clone(), op.method.clone()),
                )
            })
        })
        .collect();
    let by_name = groups;
    let mut groups: Vec<Group> = Vec::new();
    for (name, (mut group, _)) in by_name {
        let ids = replacement_ids.remove(&name).unwrap_or_default();
        for (operation, id) in group.operations.iter_mut().zip(ids) {
            let (Some(deprecation), Some(id)) = (operation.deprecation.as_mut(), id) else {
                continue;
            };
            let target = locations.get(&id).ok_or_else(|| {
                invalid(
                    spec,
                    &format!("{}/x-speakeasy-deprecation-replacement", operation.pointer),
                    format!("replacement operation `{id}` does not exist"),
                )
            })?;
            deprecation.replacement = Some(target.clone());
        }
        groups.push(group);
    }
    groups.sort_by(|a, b| a.module.cmp(&b.module));
    for group in &mut groups {
        group.operations.sort_by(|a, b| a.method.cmp(&b.method));
    }
    Ok(groups)
}
