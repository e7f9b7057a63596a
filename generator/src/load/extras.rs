//! What the normalized document says that `openapiv3` does not model, read here once so that
//! no later stage reads raw JSON: 3.1 `webhooks` and `info.summary`, schema `examples` lists,
//! and which `example`/`value` keys are an explicit `null` (openapiv3 reads them as absent).

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::PathItem;
use serde_json::Value;

use super::context::Ctx;
use super::pointer::to_pointer;
use super::walk::{visit, Obj, Pos};
use crate::error::GenError;

/// The parts of the document beyond `openapiv3::OpenAPI`; pointers are into the normalized
/// document, like every pointer the IR builds.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// `info.summary` (OpenAPI 3.1).
    pub summary: Option<String>,
    /// `info.license.identifier` (OpenAPI 3.1): the license as an SPDX expression.
    pub license_identifier: Option<String>,
    /// The top-level `webhooks` (OpenAPI 3.1) in document order, each typed as a path item.
    pub webhooks: Vec<(String, PathItem)>,
    /// The `examples` list (3.1) of every schema that has one, by the schema's pointer.
    pub schema_examples: BTreeMap<String, Vec<Value>>,
    /// Pointers of every `example: null` (schemas, media types, parameters, headers) and Example
    /// Object `value: null`: an example that is `null`, not a missing one.
    pub null_examples: BTreeSet<String>,
}

impl Extras {
    /// The `examples` list of the schema at `pointer`, if it has one.
    pub fn examples_list(&self, pointer: &str) -> Option<&[Value]> {
        self.schema_examples.get(pointer).map(Vec::as_slice)
    }

    /// Whether the example at `pointer` (ending in `/example` or `/value`) is written as `null`.
    pub fn is_null_example(&self, pointer: &str) -> bool {
        self.null_examples.contains(pointer)
    }
}

/// Reads the extras of the normalized document `doc`.
pub(crate) fn read(doc: &Value, ctx: &Ctx) -> Result<Extras, GenError> {
    let mut extras = Extras {
        summary: doc
            .get("info")
            .and_then(|i| i.get("summary"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        license_identifier: doc
            .pointer("/info/license/identifier")
            .and_then(Value::as_str)
            .map(str::to_owned),
        webhooks: webhooks(doc, ctx)?,
        ..Extras::default()
    };
    visit(doc, &mut |path, pos, node| {
        let example_key = match pos {
            Pos::Item(Obj::Schema) => {
                if let Some(Value::Array(list)) = node.get("examples") {
                    extras
                        .schema_examples
                        .insert(to_pointer(path), list.clone());
                }
                "example"
            }
            Pos::Item(Obj::MediaType | Obj::Parameter | Obj::Header) => "example",
            Pos::Item(Obj::Example) => "value",
            _ => return,
        };
        if node.get(example_key) == Some(&Value::Null) {
            let mut at = path.to_vec();
            at.push(example_key.to_owned());
            extras.null_examples.insert(to_pointer(&at));
        }
    });
    Ok(extras)
}

/// The `webhooks` map, each entry typed as a path item (`parse` checked they are).
fn webhooks(doc: &Value, ctx: &Ctx) -> Result<Vec<(String, PathItem)>, GenError> {
    let Some(Value::Object(webhooks)) = doc.get("webhooks") else {
        return Ok(Vec::new());
    };
    webhooks
        .iter()
        .map(|(name, item)| {
            let item = serde_json::from_value(item.clone()).map_err(|e| {
                ctx.invalid(
                    &["webhooks".to_owned(), name.clone()],
                    format!(
                        "not a path item: {}",
                        super::parse::without_values(&e.to_string())
                    ),
                )
            })?;
            Ok((name.clone(), item))
        })
        .collect()
}
