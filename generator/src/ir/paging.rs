//! Which list operations page: the spec's `x-codat-speakeasy-pagination` rule, or an
//! operation's own `x-speakeasy-pagination`, applied to each operation once, so the async
//! stream, the blocking iterator and the docs cannot disagree.

use super::extensions::{OperationPagination, PaginationKind};
use super::types::*;
use super::{Operation, PaginationRule, ParamLocation};
use crate::error::Warning;

/// How an operation pages: what a page holds, and how the next one is asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The type of one item of `results`.
    pub item: TypeRef,
    /// The response field holding the items.
    pub results: PagingField,
    pub kind: PagingKind,
}

/// How the next page is asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum PagingKind {
    /// Codat's page numbers, ending by the page's counters.
    PageNumber {
        /// The request field holding the page-number query parameter.
        page_param: PagingField,
        page_number: PagingField,
        page_size: PagingField,
        total_results: PagingField,
    },
    /// Speakeasy's `offsetLimit`: a page number or an item offset, ending at an empty or
    /// short page.
    OffsetLimit {
        /// The request field of the `page` or `offset` input.
        input: PagingField,
        /// Whether the input counts pages (else items).
        by_page: bool,
        /// The request field of the `limit` input, when there is one.
        limit: Option<PagingField>,
    },
    /// Speakeasy's `cursor`: the request's cursor is set to the page's next cursor.
    Cursor {
        cursor_param: PagingField,
        next_cursor: PagingField,
        /// The cursor's type (text or an integer), the same in the request and the page.
        cursor: TypeRef,
    },
    /// Speakeasy's `url`: the next page is fetched at the URL the page gives.
    Url { next_url: PagingField },
}

/// A field the stream reads or sets: its Rust name and how it is held.
#[derive(Debug, Clone, PartialEq)]
pub struct PagingField {
    pub rust_name: String,
    pub kind: FieldKind,
    /// The field's value type (inside its `Option`s).
    pub ty: TypeRef,
}

impl PagingField {
    fn of(field: &Field) -> Self {
        PagingField {
            rust_name: field.rust_name.clone(),
            kind: field.kind(),
            ty: field.ty.clone(),
        }
    }
}

/// The fields of `op`'s response struct, when it returns one.
fn page_fields<'t>(op: &Operation, types: &'t TypeSpace) -> Option<&'t [Field]> {
    let TypeKind::Struct(page) = &types.get(op.response.ty.as_ref()?.named()?)?.kind else {
        return None;
    };
    Some(&page.fields)
}

/// The request field of `op`'s query parameter `wire`.
fn query_param<'o>(op: &'o Operation, wire: &str) -> Option<&'o Field> {
    op.params
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.field.wire_name == wire)
        .map(|p| &p.field)
}

/// The paging of `op` under `rule`: it takes the page parameter in its query and returns a
/// struct with an array `results` and integer `pageNumber`, `pageSize` and `totalResults`.
pub fn paging(rule: &PaginationRule, op: &Operation, types: &TypeSpace) -> Option<Paging> {
    let page_param = query_param(op, &rule.page_param)?;
    let fields = page_fields(op, types)?;
    let field = |wire: &str| fields.iter().find(|f| f.wire_name == wire);
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
        item: (**item).clone(),
        results: PagingField::of(results),
        kind: PagingKind::PageNumber {
            page_param: PagingField::of(page_param),
            page_number: counter("pageNumber")?,
            page_size: counter("pageSize")?,
            total_results: counter("totalResults")?,
        },
    })
}

/// The paging an operation's own `x-speakeasy-pagination` describes, or a warning (at
/// `pointer`) saying why the operation gets no stream.
pub fn operation_paging(
    rule: &OperationPagination,
    op: &Operation,
    types: &TypeSpace,
    pointer: &str,
    warnings: &mut Vec<Warning>,
) -> Option<Paging> {
    let paging = speakeasy_paging(rule, op, types);
    if let Err(reason) = &paging {
        warnings.push(Warning {
            pointer: pointer.to_owned(),
            message: format!("{reason}: the operation gets no stream"),
        });
    }
    paging.ok()
}

fn speakeasy_paging(
    rule: &OperationPagination,
    op: &Operation,
    types: &TypeSpace,
) -> Result<Paging, String> {
    let param = |kind: &str| -> Result<Option<&Field>, String> {
        let Some(name) = rule.input(kind) else {
            return Ok(None);
        };
        query_param(op, name).map(Some).ok_or_else(|| {
            format!("the `{kind}` input `{name}` is not a query parameter of the operation")
        })
    };
    let integer = |field: &Field| matches!(field.ty, TypeRef::I32 | TypeRef::I64);
    let fields = page_fields(op, types).ok_or("the response is not an object")?;
    let field = |wire: &str| {
        fields
            .iter()
            .find(|f| f.wire_name == wire)
            .ok_or_else(|| format!("the response has no field `{wire}`"))
    };
    let results_name = rule
        .results
        .as_deref()
        .ok_or("no `outputs.results` names the items")?;
    let results = field(results_name)?;
    let TypeRef::Array(item) = &results.ty else {
        return Err(format!(
            "the response field `{results_name}` is not an array"
        ));
    };
    let kind = match rule.kind {
        PaginationKind::OffsetLimit => {
            let (input, by_page) = match (param("page")?, param("offset")?) {
                (Some(page), _) => (page, true),
                (None, Some(offset)) => (offset, false),
                (None, None) => return Err("no `page` or `offset` input".to_owned()),
            };
            let limit = param("limit")?;
            if !integer(input) || limit.is_some_and(|l| !integer(l)) {
                return Err("the page, offset and limit inputs must be integers".to_owned());
            }
            PagingKind::OffsetLimit {
                input: PagingField::of(input),
                by_page,
                limit: limit.map(PagingField::of),
            }
        }
        PaginationKind::Cursor => {
            let cursor_param = param("cursor")?.ok_or("no `cursor` input")?;
            let next_name = rule
                .next_cursor
                .as_deref()
                .ok_or("no `outputs.nextCursor`")?;
            let next_cursor = field(next_name)?;
            let cursor = cursor_param.ty.clone();
            if !matches!(cursor, TypeRef::String | TypeRef::I32 | TypeRef::I64)
                || next_cursor.ty != cursor
            {
                return Err(format!(
                    "the cursor input and `{next_name}` must both be strings or both integers of one format"
                ));
            }
            PagingKind::Cursor {
                cursor_param: PagingField::of(cursor_param),
                next_cursor: PagingField::of(next_cursor),
                cursor,
            }
        }
        PaginationKind::Url => {
            let next_name = rule.next_url.as_deref().ok_or("no `outputs.nextUrl`")?;
            let next_url = field(next_name)?;
            if next_url.ty != TypeRef::String {
                return Err(format!("the next URL `{next_name}` is not a string"));
            }
            PagingKind::Url {
                next_url: PagingField::of(next_url),
            }
        }
    };
    Ok(Paging {
        item: (**item).clone(),
        results: PagingField::of(results),
        kind,
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
        let PagingKind::PageNumber { page_param, .. } = &paging.kind else {
            panic!("Codat's rule numbers pages: {paging:?}");
        };
        assert_eq!(page_param.rust_name, "page");
        assert_eq!(page_param.kind, FieldKind::Required);
        assert_eq!(paging.results.rust_name, "results");
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

    const SPEAKEASY: &str = include_str!("../../tests/snapshots/speakeasy_pagination/openapi.yaml");

    fn paging_of(api: &crate::ir::Api, id: &str) -> Option<Paging> {
        api.groups
            .iter()
            .flat_map(|g| &g.operations)
            .find(|op| op.operation_id == id)
            .and_then(|op| op.paging.clone())
    }

    #[test]
    fn an_operations_own_pagination_gives_each_kind() {
        let api = crate::ir::lowered(SPEAKEASY);
        let by_page = paging_of(&api, "list-by-page").expect("offsetLimit by page");
        assert!(matches!(
            &by_page.kind,
            PagingKind::OffsetLimit { by_page: true, limit: Some(limit), .. } if limit.rust_name == "limit"
        ));
        assert_eq!(by_page.results.rust_name, "data");
        let by_offset = paging_of(&api, "list-by-offset").expect("offsetLimit by offset");
        assert!(matches!(
            &by_offset.kind,
            PagingKind::OffsetLimit { by_page: false, limit: None, input } if input.kind == FieldKind::Required
        ));
        let cursor = paging_of(&api, "list-by-cursor").expect("cursor");
        assert!(matches!(
            &cursor.kind,
            PagingKind::Cursor { cursor: TypeRef::String, next_cursor, .. } if next_cursor.kind == FieldKind::TriState
        ));
        let numbered = paging_of(&api, "list-by-number-cursor").expect("integer cursor");
        assert!(matches!(
            &numbered.kind,
            PagingKind::Cursor {
                cursor: TypeRef::I64,
                ..
            }
        ));
        let url = paging_of(&api, "list-by-url").expect("url");
        assert!(matches!(&url.kind, PagingKind::Url { next_url } if next_url.rust_name == "next"));
        assert_eq!(url.item.named().map(|id| id.name.as_str()), Some("Item"));
    }

    #[test]
    fn what_cannot_be_followed_is_a_warning_naming_the_extension_and_no_stream() {
        let spec = crate::load::load_str(std::path::Path::new("test.yaml"), SPEAKEASY)
            .expect("the spec loads");
        let (api, warnings) = crate::ir::lower(&spec).expect("the spec lowers");
        assert!(paging_of(&api, "list-nested").is_none());
        assert!(warnings.iter().any(|w| w.pointer
            == "/paths/~1nested/get/x-speakeasy-pagination/outputs/results"
            && w.message.contains("$.page.data")));
        // A cursor whose next value has another type than the input.
        let mismatched =
            SPEAKEASY.replace("nextSince: {type: integer}", "nextSince: {type: string}");
        let spec = crate::load::load_str(std::path::Path::new("test.yaml"), &mismatched).unwrap();
        let (api, warnings) = crate::ir::lower(&spec).unwrap();
        assert!(paging_of(&api, "list-by-number-cursor").is_none());
        assert!(warnings
            .iter()
            .any(|w| w.pointer == "/paths/~1numbered-cursors/get/x-speakeasy-pagination"));
        // An unknown kind is an error, not a guess.
        let unknown = SPEAKEASY.replace("type: url", "type: links");
        let spec = crate::load::load_str(std::path::Path::new("test.yaml"), &unknown).unwrap();
        let error = crate::ir::lower(&spec).unwrap_err().to_string();
        assert!(
            error.contains("/paths/~1links/get/x-speakeasy-pagination/type"),
            "{error}"
        );
    }
}
