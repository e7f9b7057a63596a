//! Decoding of `oneOf`/`anyOf` values: which variant of a generated union a JSON value is.
//!
//! serde's `untagged` takes the first variant that decodes, so a schema whose required
//! properties are a subset of another's (Codat's `SourceAccount` and `SourceAccountV2`) wins
//! values meant for the other and silently drops their fields. Generated unions instead rank
//! their variants by how well each one's [`Shape`] fits the value and decode the best first.
//!
//! A variant that fails makes its union try the next one, so unions nested in unions retry
//! their subtrees: (variants)^depth attempts for a value built to fail at the bottom. Every
//! attempt within the outermost union's decode therefore draws on one [`decode_union`] budget,
//! a few times the work of decoding each nested union once; past it the decode fails.

use std::cell::Cell;

use serde::de::{Deserialize, Deserializer, Error as _};
use serde_json::Value;

/// What a union variant looks like on the wire, as far as choosing between variants needs.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// Any JSON value (a nested union, free-form JSON).
    Any,
    /// `true` or `false`.
    Bool,
    /// A number without a fraction.
    Integer,
    /// Any number.
    Number,
    /// Any string.
    String,
    /// A string, best one of these values (open enums still take others).
    Enum(&'static [&'static str]),
    /// An array whose items have this shape.
    Array(&'static Shape),
    /// An object with free keys.
    Map,
    /// An object with named properties.
    Object {
        /// Properties that must be present.
        required: &'static [&'static str],
        /// Every declared property.
        known: &'static [&'static str],
        /// Whether undeclared properties are allowed (`additionalProperties`).
        open: bool,
    },
}

impl Shape {
    /// How well `value` fits: `None` when it cannot be this shape, else higher is better.
    pub fn score(&self, value: &Value) -> Option<i64> {
        match (self, value) {
            (Shape::Any, _) => Some(0),
            (Shape::Bool, Value::Bool(_)) => Some(5),
            (Shape::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => Some(6),
            (Shape::Number, Value::Number(_)) => Some(5),
            (Shape::String, Value::String(_)) => Some(5),
            (Shape::Enum(values), Value::String(s)) => {
                Some(if values.contains(&s.as_str()) { 10 } else { 1 })
            }
            (Shape::Array(item), Value::Array(items)) => {
                let mut total = 1;
                for element in items {
                    total += item.score(element)?;
                }
                Some(total)
            }
            (Shape::Map, Value::Object(_)) => Some(1),
            (
                Shape::Object {
                    required,
                    known,
                    open,
                },
                Value::Object(map),
            ) => {
                if required.iter().any(|name| !map.contains_key(*name)) {
                    return None;
                }
                let matched = map.keys().filter(|k| known.contains(&k.as_str())).count() as i64;
                let unknown = if *open { 0 } else { map.len() as i64 - matched };
                Some(2 + 4 * matched - 3 * unknown + required.len() as i64)
            }
            _ => None,
        }
    }
}

/// Indices of the variants `value` could be, best fit first (ties keep the spec's order).
pub fn rank_variants(value: &Value, shapes: &[Shape]) -> Vec<usize> {
    let mut ranked: Vec<(usize, i64)> = shapes
        .iter()
        .enumerate()
        .filter_map(|(index, shape)| shape.score(value).map(|score| (index, score)))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().map(|(index, _)| index).collect()
}

/// How many times over the decode of the outermost union may re-read its value (see
/// [`decode_union`]): generous for specs' own unions, whose first or second choice decodes.
const BUDGET_FACTOR: u64 = 8;
/// Slack for small values, where retries are cheap anyway.
const BUDGET_FLOOR: u64 = 4096;

thread_local! {
    /// The decode in progress on this thread, shared by the unions nested in the outermost one.
    static DECODE: Cell<UnionDecode> = const { Cell::new(UnionDecode { depth: 0, budget: 0, exhausted: false }) };
}

#[derive(Debug, Clone, Copy)]
struct UnionDecode {
    /// How many union decodes are on the stack.
    depth: u32,
    /// Value nodes the attempts may still read.
    budget: u64,
    /// Set once an attempt was refused, so every enclosing union fails rather than retrying.
    exhausted: bool,
}

/// Leaves one level of union decoding, also when a variant's decode unwinds.
struct Level;

impl Drop for Level {
    fn drop(&mut self) {
        DECODE.with(|d| {
            let mut state = d.get();
            state.depth = state.depth.saturating_sub(1);
            d.set(state);
        });
    }
}

const TOO_COMPLEX: &str =
    "the value is too complex to decode as a union (too many variants were tried)";

/// `Deserialize::deserialize` of a generated union: reads the value, then tries the variants
/// `rank_variants` puts first, `decode(index, value)` each, until one decodes.
///
/// Each attempt costs the size of the value it reads, out of a budget the outermost union sets
/// to `BUDGET_FACTOR` times the nodes every nested union would read if each decoded once
/// (plus `BUDGET_FLOOR`). Once an attempt is refused, all unions of that decode fail, so
/// decoding is linear in that bound whatever the value; values the specs' unions decode stay
/// far inside it and keep their variant.
pub fn decode_union<'de, D, T>(
    deserializer: D,
    shapes: &[Shape],
    expected: &str,
    decode: impl Fn(usize, &Value) -> Option<Result<T, serde_json::Error>>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let outer = DECODE.with(|d| d.get());
    if outer.depth > 0 && outer.exhausted {
        return Err(D::Error::custom(TOO_COMPLEX));
    }
    let value = Value::deserialize(deserializer)?;
    let (nodes, nested) = size(&value);
    DECODE.with(|d| {
        let mut state = d.get();
        if state.depth == 0 {
            state.budget = nested
                .saturating_mul(BUDGET_FACTOR)
                .saturating_add(BUDGET_FLOOR);
            state.exhausted = false;
        }
        state.depth = state.depth.saturating_add(1);
        d.set(state);
    });
    let _level = Level;
    let mut last = None;
    for index in rank_variants(&value, shapes) {
        let allowed = DECODE.with(|d| {
            let mut state = d.get();
            let allowed = !state.exhausted && state.budget >= nodes;
            if allowed {
                state.budget -= nodes;
            } else {
                state.exhausted = true;
            }
            d.set(state);
            allowed
        });
        if !allowed {
            return Err(D::Error::custom(TOO_COMPLEX));
        }
        match decode(index, &value) {
            Some(Ok(decoded)) => return Ok(decoded),
            Some(Err(error)) => last = Some(error),
            None => {}
        }
        if DECODE.with(|d| d.get().exhausted) {
            return Err(D::Error::custom(TOO_COMPLEX));
        }
    }
    Err(match last {
        Some(error) => D::Error::custom(error),
        None => D::Error::custom(format_args!("expected {expected}")),
    })
}

/// The number of nodes in `value`, and the sum of every node's subtree size (what decoding
/// each node once as a nested union would read), without recursion.
fn size(value: &Value) -> (u64, u64) {
    // (node, how many nodes enclose it, itself included)
    let mut stack = vec![(value, 1u64)];
    let (mut nodes, mut nested) = (0u64, 0u64);
    while let Some((node, depth)) = stack.pop() {
        nodes += 1;
        nested = nested.saturating_add(depth);
        match node {
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
            Value::Object(map) => stack.extend(map.values().map(|v| (v, depth + 1))),
            _ => {}
        }
    }
    (nodes, nested)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const V1: Shape = Shape::Object {
        required: &["id"],
        known: &["id", "accountName", "balance"],
        open: false,
    };
    const V2: Shape = Shape::Object {
        required: &["id"],
        known: &["id", "accountName", "routingInfo", "accountInfo"],
        open: false,
    };

    #[test]
    fn the_variant_declaring_more_of_the_keys_wins_regardless_of_order() {
        let v2 = json!({"id": "a", "accountName": "x", "routingInfo": {}});
        assert_eq!(rank_variants(&v2, &[V1, V2]), vec![1, 0]);
        let v1 = json!({"id": "a", "balance": 1});
        assert_eq!(rank_variants(&v1, &[V2, V1]), vec![1, 0]);
    }

    #[test]
    fn missing_required_properties_exclude_a_variant() {
        assert!(rank_variants(&json!({"accountName": "x"}), &[V1, V2]).is_empty());
    }

    #[test]
    fn known_enum_values_beat_plain_strings() {
        let shapes = [Shape::String, Shape::Enum(&["latest"])];
        assert_eq!(rank_variants(&json!("latest"), &shapes), vec![1, 0]);
        assert_eq!(rank_variants(&json!("8a21-uuid"), &shapes), vec![0, 1]);
    }

    /// The reviewer's repro: `U` is `A {x: U}` or `B {x: U, y}`, which rank alike for `{"x": ..}`.
    #[derive(Debug, PartialEq)]
    enum U {
        A(Box<A>),
        B(Box<B>),
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct A {
        x: Option<U>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct B {
        x: Option<U>,
        y: Option<String>,
    }

    thread_local! {
        /// How many variant decodes were attempted on this thread (each test has its own).
        static ATTEMPTS: Cell<u64> = const { Cell::new(0) };
    }

    impl<'de> Deserialize<'de> for U {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            const SHAPES: &[Shape] = &[
                Shape::Object {
                    required: &[],
                    known: &["x"],
                    open: false,
                },
                Shape::Object {
                    required: &[],
                    known: &["x", "y"],
                    open: false,
                },
            ];
            decode_union(deserializer, SHAPES, "A, B", |index, value| {
                ATTEMPTS.with(|a| a.set(a.get() + 1));
                match index {
                    0 => Some(A::deserialize(value).map(|v| U::A(Box::new(v)))),
                    1 => Some(B::deserialize(value).map(|v| U::B(Box::new(v)))),
                    _ => None,
                }
            })
        }
    }

    /// `{"x": {"x": ... leaf ...}}`, `depth` objects deep.
    fn nested(depth: usize, leaf: &str) -> String {
        format!("{}{leaf}{}", r#"{"x":"#.repeat(depth), "}".repeat(depth))
    }

    #[test]
    fn a_value_failing_deep_down_is_refused_after_a_bounded_number_of_attempts() {
        let started = std::time::Instant::now();
        let error = serde_json::from_str::<U>(&nested(30, "1")).unwrap_err();
        assert!(error.to_string().contains("too complex"), "{error}");
        // Unbounded, every level retries the one below: 2^30 attempts.
        let attempts = ATTEMPTS.with(|a| a.get());
        assert!(attempts < 20_000, "{attempts} attempts");
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        // The next decode on the thread starts with a fresh budget.
        let ok: U = serde_json::from_str(&nested(3, "null")).unwrap();
        assert!(matches!(ok, U::A(_)));
    }

    #[test]
    fn a_small_failing_value_reports_the_variants_error() {
        let error = serde_json::from_str::<U>(&nested(2, "1")).unwrap_err();
        assert!(error.to_string().contains("expected A, B"), "{error}");
    }

    #[test]
    fn nested_values_that_decode_keep_their_variants() {
        // The innermost object has `y`, so it is a `B`; the levels above fit `A` first.
        let json = nested(40, r#"{"x":null,"y":"deep"}"#);
        let mut value: U = serde_json::from_str(&json).unwrap();
        for _ in 0..40 {
            value = match value {
                U::A(a) => a.x.unwrap(),
                U::B(b) => panic!("a level without y decoded as B: {b:?}"),
            };
        }
        assert_eq!(
            value,
            U::B(Box::new(B {
                x: None,
                y: Some("deep".into())
            }))
        );
    }

    #[test]
    fn the_deepest_value_serde_json_reads_does_not_overflow_the_stack() {
        // serde_json refuses nesting past 128; a test thread has a 2 MiB stack.
        let error = serde_json::from_str::<U>(&nested(127, "1")).unwrap_err();
        assert!(error.to_string().contains("too complex"), "{error}");
        let ok: U = serde_json::from_str(&nested(127, "null")).unwrap();
        assert!(matches!(ok, U::A(_)));
    }

    #[test]
    fn arrays_rank_by_their_items() {
        const A1: Shape = Shape::Array(&V1);
        const A2: Shape = Shape::Array(&V2);
        let value = json!([{"id": "a", "routingInfo": {}}]);
        assert_eq!(rank_variants(&value, &[A1, A2]), vec![1, 0]);
        assert_eq!(rank_variants(&json!(1), &[A1, Shape::Integer]), vec![1]);
    }
}
