//! Text to a `serde_json::Value`: JSON through serde_json, anything else through serde_yaml,
//! in document order, with duplicate keys refused (both parsers would keep the last one).
//!
//! A document that starts with `{` is read as JSON first: YAML's parser refuses some valid JSON
//! (escaped surrogate pairs such as `"\ud83d\ude00"`, keys over 1,024 characters). Both parsers
//! refuse nesting deeper than 128; YAML text is checked for runaway `[`/`{` nesting before it
//! reaches libyaml, whose scanner is quadratic in that depth.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::{big_numbers, flow_depth};

/// Where a text failed to parse: the message, with line and column when the parser knows them.
pub(crate) type SyntaxError = String;

/// Parses YAML or JSON text (without a byte-order mark) into a value.
pub(crate) fn parse(text: &str) -> Result<Value, SyntaxError> {
    if text.trim_start().starts_with('{') {
        let mut json = serde_json::Deserializer::from_str(text);
        let parsed = Tree.deserialize(&mut json).and_then(|value| {
            json.end()?;
            Ok(value)
        });
        match parsed {
            Ok(value) => return Ok(value),
            // A duplicate key: the text is JSON, and wrong.
            Err(e) if e.is_data() => return Err(json_message(&e)),
            // Perhaps YAML in flow style (comments, unquoted keys): try that, but report the
            // JSON error if YAML cannot read it either.
            Err(e) => return parse_yaml(text).map_err(|_| json_message(&e)),
        }
    }
    parse_yaml(text)
}

fn parse_yaml(text: &str) -> Result<Value, SyntaxError> {
    flow_depth::check(text)?;
    let mut text = std::borrow::Cow::Borrowed(text);
    // libyaml refuses JSON's escaped surrogate pairs (`"\ud83d\ude00"`) in double-quoted
    // scalars; each one it stops at is rewritten as the one escape YAML has for it
    // (`"\U0001F600"`), a bounded number of times.
    for _ in 0..MAX_SURROGATE_FIXES {
        let error = match Tree.deserialize(serde_yaml::Deserializer::from_str(&text)) {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        let fixed = match error.location() {
            Some(at)
                if error
                    .to_string()
                    .contains("invalid Unicode character escape") =>
            {
                join_surrogates(&text, at.line(), at.column())
            }
            _ => None,
        };
        match fixed {
            Some(fixed) => text = std::borrow::Cow::Owned(fixed),
            None => return Err(yaml_message(&text, &error)),
        }
    }
    Tree.deserialize(serde_yaml::Deserializer::from_str(&text))
        .map_err(|e| yaml_message(&text, &e))
}

/// How many escaped surrogate pairs a YAML document may hold (each costs a parse).
const MAX_SURROGATE_FIXES: usize = 64;

/// `text` with the escaped surrogate pair libyaml stopped at (`line`, `column`, 1-based, at or
/// just after its `\u`) written as one `\U` escape; `None` if there is no pair there.
fn join_surrogates(text: &str, line: usize, column: usize) -> Option<String> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let line_text = text[start..].split('\n').next()?;
    // The last `\u` that begins before the reported column.
    let (offset, _) = line_text
        .char_indices()
        .take(column + 1)
        .filter(|(i, _)| line_text[*i..].starts_with("\\u"))
        .last()?;
    let escape = line_text.get(offset..offset + 12)?;
    let high = u32::from_str_radix(escape.get(2..6)?, 16).ok()?;
    if escape.get(6..8)? != "\\u" {
        return None;
    }
    let low = u32::from_str_radix(escape.get(8..12)?, 16).ok()?;
    if !(0xD800..0xDC00).contains(&high) || !(0xDC00..0xE000).contains(&low) {
        return None;
    }
    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
    let at = start + offset;
    Some(format!("{}\\U{code:08X}{}", &text[..at], &text[at + 12..]))
}

/// serde_json's message, with its position moved to the front like YAML's.
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&suffix) {
        Some(message) => format!("line {}, column {}: {message}", e.line(), e.column()),
        None => text,
    }
}

fn yaml_message(source: &str, e: &serde_yaml::Error) -> String {
    let text = e.to_string();
    match e.location() {
        Some(at) => {
            let (line, column) = (at.line(), at.column());
            let text = text.replace(&format!(" at line {line} column {column}"), "");
            // serde_yaml places an error of ours at the start of the mapping.
            let (line, column) = duplicate_key(&text)
                .and_then(|key| second_key_line(source, line, column, key))
                .unwrap_or((line, column));
            format!("line {line}, column {column}: {text}")
        }
        None => text,
    }
}

/// The key a duplicate-key message names.
fn duplicate_key(message: &str) -> Option<&str> {
    let rest = message.split_once("duplicate key `")?.1;
    rest.rsplit_once("` (each key").map(|(key, _)| key)
}

/// Where `key` appears the second time in the block mapping that starts at `line`, `column`
/// (1-based), or `None` for a flow mapping (which reports its own line) or when not found.
fn second_key_line(source: &str, line: usize, column: usize, key: &str) -> Option<(usize, usize)> {
    let indent = column.checked_sub(1)?;
    let mut seen = 0;
    for (index, text) in source.lines().enumerate().skip(line.checked_sub(1)?) {
        let content = if index + 1 == line {
            text.get(indent..)?
        } else {
            let trimmed = text.trim_start_matches(' ');
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let own = text.len() - trimmed.len();
            if own < indent {
                return None;
            }
            if own > indent {
                continue;
            }
            trimmed
        };
        if index + 1 == line && content.starts_with('{') {
            return None;
        }
        let unquoted = [("\"", "\""), ("'", "'"), ("", "")]
            .iter()
            .find_map(|(open, close)| {
                content
                    .strip_prefix(open)?
                    .strip_prefix(key)?
                    .strip_prefix(close)
            });
        if unquoted.is_some_and(|rest| rest.trim_start().starts_with(':')) {
            seen += 1;
            if seen == 2 {
                return Some((index + 1, indent + 1));
            }
        }
    }
    None
}

/// Deserializes any value as JSON, refusing a key that appears twice in one object.
#[derive(Clone, Copy)]
struct Tree;

impl<'de> DeserializeSeed<'de> for Tree {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Tree {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML or JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    // YAML integers beyond 64 bits: kept as written, for [`super::big_numbers`] to settle.
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| big_numbers::mark(v), |v| Value::Number(v.into())))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| big_numbers::mark(v), |v| Value::Number(v.into())))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // Infinity and NaN (YAML's `.inf`, `.nan`) have no JSON form.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(own_string(v).unwrap_or_else(|| v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(own_string(&v).unwrap_or(v)))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(A::Error::custom(format_args!(
                    "duplicate key `{key}` (each key may appear once in an object)"
                )));
            }
            let value = map.next_value_seed(self)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// A string that would read as one the loader makes up (a big-integer mark) becomes
/// [`big_numbers::RESERVED_STRING`]; it is refused once parsed, naming its pointer.
fn own_string(v: &str) -> Option<String> {
    big_numbers::is_reserved(v).then(|| big_numbers::RESERVED_STRING.to_owned())
}

/// How deeply the document may nest once references are resolved (copying a target into its
/// reference deepens it): beyond this, later steps, which recurse, are not attempted.
pub(crate) const MAX_DEPTH: usize = 160;

/// The path of the first node (in document order) nested deeper than [`MAX_DEPTH`], found
/// without recursion.
pub(crate) fn too_deep(doc: &Value) -> Option<Vec<String>> {
    // The children still to visit at each level of the current path.
    let mut levels: Vec<std::vec::IntoIter<(String, &Value)>> = vec![children(doc).into_iter()];
    let mut path: Vec<String> = Vec::new();
    while let Some(level) = levels.last_mut() {
        let Some((key, child)) = level.next() else {
            levels.pop();
            path.pop();
            continue;
        };
        path.push(key);
        if path.len() > MAX_DEPTH {
            return Some(path);
        }
        levels.push(children(child).into_iter());
    }
    None
}

/// The members of an object or array with their pointer tokens; none for a scalar.
pub(super) fn children(node: &Value) -> Vec<(String, &Value)> {
    match node {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => Vec::new(),
    }
}
