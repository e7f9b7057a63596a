//! Refuses unions that contain themselves with nothing in between (`A: {oneOf: [{$ref: A}, ..]}`,
//! or `A` a member of `B` a member of `A`): decoding such a member would try the same union on
//! the same value again, without end. A cycle through a struct field, list or map is fine: each
//! step of it reads one level of the value.

use std::collections::BTreeMap;

use super::types::{TypeId, TypeKind, TypeRef, TypeSpace};

/// The first union (in name order) that is its own member, with the chain of unions that leads
/// back to it, and its pointer.
pub fn self_containing_union(types: &TypeSpace) -> Option<(String, Vec<String>)> {
    // Each union's members that are unions themselves, taken as they are (not inside a list).
    let edges: BTreeMap<&TypeId, Vec<&TypeId>> = types
        .types
        .values()
        .filter_map(|def| match &def.kind {
            TypeKind::Union(variants) => Some((
                &def.id,
                variants
                    .iter()
                    .filter_map(|v| match &v.ty {
                        TypeRef::Named(id) => Some(id),
                        _ => None,
                    })
                    .filter(|id| matches!(types.get(id).map(|t| &t.kind), Some(TypeKind::Union(_))))
                    .collect(),
            )),
            _ => None,
        })
        .collect();
    for start in edges.keys() {
        if let Some(chain) = path_back(&edges, start) {
            let pointer = types
                .get(start)
                .map(|t| t.pointer.clone())
                .unwrap_or_default();
            let names = chain.iter().map(|id| id.name.clone()).collect();
            return Some((pointer, names));
        }
    }
    None
}

/// A path of edges from `start` back to `start`, found without recursion.
fn path_back<'a>(
    edges: &BTreeMap<&'a TypeId, Vec<&'a TypeId>>,
    start: &'a TypeId,
) -> Option<Vec<&'a TypeId>> {
    let mut seen = std::collections::BTreeSet::new();
    // Each entry: a node on the current path and the index of its next edge to try.
    let mut path: Vec<(&TypeId, usize)> = vec![(start, 0)];
    while let Some((node, next)) = path.last_mut() {
        let targets = edges.get(*node).map(Vec::as_slice).unwrap_or(&[]);
        let Some(target) = targets.get(*next).copied() else {
            path.pop();
            continue;
        };
        *next += 1;
        if target == start {
            let mut chain: Vec<&TypeId> = path.iter().map(|(id, _)| *id).collect();
            chain.push(start);
            return Some(chain);
        }
        if seen.insert(target) {
            path.push((target, 0));
        }
    }
    None
}
