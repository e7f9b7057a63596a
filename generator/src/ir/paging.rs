//! Which list operations page: the spec's `x-codat-speakeasy-pagination` rule applied to each
//! operation once, so the async stream, the blocking iterator and the docs cannot disagree.

use super::types::*;
use super::{Operation, PaginationRule, ParamLocation};

/// How an operation pages: where the page number goes and what a page holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The request field holding the page-number query parameter.
    pub page_param: PagingField,
    /// The type of one item of `results`.
    pub item: TypeRef,
    /// The response's fields: the items and the three counters.
    pub results: PagingField,
    pub page_number: PagingField,
    pub page_size: PagingField,
    pub total_results: PagingField,
}

/// A field the stream reads or sets: its Rust name and how it is held.
#[derive(Debug, Clone, PartialEq)]
pub struct PagingField {
    pub rust_name: String,
    pub kind: FieldKind,
}

impl PagingField {
    fn of(field: &Field) -> Self {
        PagingField {
            rust_name: field.rust_name.clone(),
            kind: field.kind(),
        }
    }
}

/// The paging of `op` under `rule`: it takes the page parameter in its query and returns a
/// struct with an array `results` and integer `pageNumber`, `pageSize` and `totalResults`.
pub fn paging(rule: &PaginationRule, op: &Operation, types: &TypeSpace) -> Option<Paging> {
    let page_param = op
        .params
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.field.wire_name == rule.page_param)?;
    let TypeKind::Struct(page) = &types.get(op.response.ty.as_ref()?.named()?)?.kind else {
        return None;
    };
    let field = |wire: &str| page.fields.iter().find(|f| f.wire_name == wire);
    let results = field(&rule.results_field)?;
    let TypeRef::Array(item) = &results.ty else {
        return None;
    };
    let counter = |wire: &str| {
        field(wire)
            .filter(|f| matches!(f.ty, TypeRef::I32 | TypeRef::I64))
            .map(PagingField::of)
    };
    Some(Paging {
        page_param: PagingField::of(&page_param.field),
        item: (**item).clone(),
        results: PagingField::of(results),
        page_number: counter("pageNumber")?,
        page_size: counter("pageSize")?,
        total_results: counter("totalResults")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = include_str!("../../tests/snapshots/pagination/openapi.yaml");

    #[test]
    fn a_list_with_the_page_parameter_and_counters_pages() {
        let api = crate::ir::lowered(SPEC);
        let op = &api.groups[0].operations[0];
        let paging = op.paging.as_ref().expect("list_items pages");
        assert_eq!(paging.item.named().map(|id| id.name.as_str()), Some("Item"));
        assert_eq!(paging.page_param.rust_name, "page");
        assert_eq!(paging.page_param.kind, FieldKind::Required);
        assert_eq!(paging.results.rust_name, "results");
        assert_eq!(paging.total_results.rust_name, "total_results");
    }

    #[test]
    fn without_the_rule_or_a_counter_nothing_pages() {
        let no_rule = SPEC.replace("x-codat-speakeasy-pagination", "x-other");
        assert!(crate::ir::lowered(&no_rule).groups[0].operations[0]
            .paging
            .is_none());
        let no_total = SPEC.replace(
            "totalResults: {type: integer}",
            "totalResults: {type: string}",
        );
        assert!(crate::ir::lowered(&no_total).groups[0].operations[0]
            .paging
            .is_none());
    }
}
