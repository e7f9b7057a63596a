//! What the README and the group pages say about operations: list lines with their links,
//! deprecation notices with the replacement linked, and the sample call other snippets reuse.

use serde::Serialize;

use super::text::{anchor, cell, first_line};
use crate::ir::{Api, Group, Operation};

/// Where a page links to an operation from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkFrom<'a> {
    /// The crate's `README.md`.
    Readme,
    /// `docs/sdks/<folder>/README.md`.
    GroupPage(&'a str),
}

/// The link to `method` of the group with docs folder `folder`, from `from`.
pub fn op_link(from: LinkFrom<'_>, folder: &str, method: &str) -> String {
    match from {
        LinkFrom::Readme => format!("docs/sdks/{folder}/README.md#{}", anchor(method)),
        LinkFrom::GroupPage(current) if current == folder => format!("#{}", anchor(method)),
        LinkFrom::GroupPage(_) => format!("../{folder}/README.md#{}", anchor(method)),
    }
}

/// The replacement of a deprecated operation: `[group().method()](link)`.
pub fn replacement(api: &Api, op: &Operation, from: LinkFrom<'_>) -> Option<String> {
    let (module, method) = op.deprecation.as_ref()?.replacement.as_ref()?;
    let group = api.groups.iter().find(|g| &g.module == module)?;
    Some(format!(
        "[{module}().{method}()]({})",
        op_link(from, &group.docs_folder, method)
    ))
}

/// One bullet of an operation list: the method linked, its summary, and any deprecation.
pub fn op_line(api: &Api, group: &Group, op: &Operation, from: LinkFrom<'_>) -> String {
    let link = op_link(from, &group.docs_folder, &op.method);
    let summary = cell(&first_line(
        op.summary.as_deref().unwrap_or(&op.operation_id),
    ));
    // An operation that pages also streams its items; its section shows how.
    let summary = match &op.paging {
        Some(_) => format!("{summary} (every item: `{}_stream`)", op.method),
        None => summary,
    };
    if op.deprecation.is_none() {
        return format!("[{}]({link}) - {summary}", op.method);
    }
    let mut line = format!(
        "[~~{}~~]({link}) - {summary} :warning: **Deprecated**",
        op.method
    );
    if let Some(replacement) = replacement(api, op, from) {
        line.push_str(&format!(": use {replacement} instead"));
    }
    line
}

/// The operation the README's snippets call: the first that needs no example values and is not
/// deprecated, preferring one that returns a body.
pub fn sample_operation(api: &Api) -> Option<(&Group, &Operation)> {
    let all = || {
        api.groups
            .iter()
            .flat_map(|g| g.operations.iter().map(move |op| (g, op)))
            .filter(|(_, op)| op.deprecation.is_none())
    };
    let simple = |op: &Operation| match api.types.get(&op.request).map(|t| &t.kind) {
        Some(crate::ir::TypeKind::Struct(s)) => s.fields.iter().all(|f| !f.required),
        _ => false,
    };
    all()
        .find(|(_, op)| simple(op) && op.response.ty.is_some())
        .or_else(|| all().find(|(_, op)| simple(op)))
        .or_else(|| all().next())
        .or_else(|| {
            api.groups
                .iter()
                .flat_map(|g| g.operations.iter().map(move |op| (g, op)))
                .next()
        })
}

/// The parts of a call the README's snippets splice in.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SampleCall {
    /// `use` lines (each ending in a newline): the client type and the model modules.
    pub uses: String,
    pub accessor: String,
    pub method: String,
    pub argument: String,
}
