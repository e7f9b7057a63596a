//! Example values that are really references to Example Objects.
//!
//! Example values are data and are otherwise never touched. Two misplaced references are
//! recognised, each with a warning, so that no `$ref` is left in the document unresolved:
//! - `example: { $ref: '#/components/examples/X' }` on a media type, parameter or header
//!   (which meant `examples: { X: { $ref: ... } }`) moves to `examples`;
//! - an Example Object whose `value` is `{ $ref: R }` with `R` pointing at another Example Object
//!   becomes a reference to it (`summary`/`description` beside it are kept as overrides).

use serde_json::{Map, Value};

use super::context::Ctx;
use super::pointer::{get_mut, parse_ref};
use super::refs::follow;
use super::walk::{classify, visit, Obj, Pos};

enum Fix {
    MoveToExamples {
        at: Vec<String>,
        name: String,
        reference: String,
    },
    ValueIsRef {
        at: Vec<String>,
        reference: String,
    },
}

/// Applies both fixes to `doc`.
pub(crate) fn fix_example_refs(doc: &mut Value, ctx: &mut Ctx) {
    let mut fixes = Vec::new();
    visit(doc, &mut |path, pos, node| match pos {
        Pos::Item(Obj::MediaType | Obj::Parameter | Obj::Header) => {
            let Some(reference) = node.get("example").and_then(bare_ref) else {
                return;
            };
            let name = match parse_ref(reference).as_deref() {
                Some([components, section, name])
                    if components == "components" && section == "examples" =>
                {
                    name.clone()
                }
                _ => return,
            };
            if node.get("examples").is_none() {
                fixes.push(Fix::MoveToExamples {
                    at: path.to_vec(),
                    name,
                    reference: reference.to_owned(),
                });
            }
        }
        Pos::Item(Obj::Example) => {
            let Some(reference) = node.get("value").and_then(bare_ref) else {
                return;
            };
            let points_at_example = parse_ref(reference)
                .and_then(|t| follow(doc, &t, 0))
                .is_some_and(|t| classify(doc, &t) == Some(Pos::Item(Obj::Example)));
            if points_at_example {
                fixes.push(Fix::ValueIsRef {
                    at: path.to_vec(),
                    reference: reference.to_owned(),
                });
            }
        }
        _ => {}
    });

    for fix in fixes {
        match fix {
            Fix::MoveToExamples {
                at,
                name,
                reference,
            } => {
                let Some(Value::Object(map)) = get_mut(doc, &at) else {
                    continue;
                };
                let mut examples = Map::new();
                examples.insert(name, ref_object(&reference));
                *map = map
                    .iter()
                    .map(|(k, v)| match k.as_str() {
                        "example" => ("examples".to_owned(), Value::Object(examples.clone())),
                        _ => (k.clone(), v.clone()),
                    })
                    .collect();
                let mut example = at;
                example.push("example".to_owned());
                ctx.warn(
                    &example,
                    format!(
                        "`example` holds `$ref: {reference}`, a reference to an Example Object; \
                         moved to `examples`"
                    ),
                );
            }
            Fix::ValueIsRef { at, reference } => {
                let Some(Value::Object(map)) = get_mut(doc, &at) else {
                    continue;
                };
                *map = map
                    .iter()
                    .map(|(k, v)| match k.as_str() {
                        "value" => ("$ref".to_owned(), Value::String(reference.clone())),
                        _ => (k.clone(), v.clone()),
                    })
                    .collect();
                ctx.warn(
                    &at,
                    format!(
                        "the example's `value` is `$ref: {reference}`, a reference to another \
                         Example Object; the example is read as that reference"
                    ),
                );
            }
        }
    }
}

/// `Some(reference)` for exactly `{ "$ref": "<reference>" }`.
fn bare_ref(value: &Value) -> Option<&str> {
    match value {
        Value::Object(map) if map.len() == 1 => map.get("$ref")?.as_str(),
        _ => None,
    }
}

fn ref_object(reference: &str) -> Value {
    let mut map = Map::new();
    map.insert("$ref".to_owned(), Value::String(reference.to_owned()));
    Value::Object(map)
}
