//! Structural mutations of an OpenAPI document held as a `serde_json::Value`: delete keys, swap
//! types, break and cycle `$ref`s, nest deeply, rename to odd and colliding names, and put in
//! huge strings and numbers. Every choice comes from the caller's seeded [`fastrand::Rng`], so a
//! (seed, index) pair always gives the same mutant.

use serde_json::{json, Value};

/// A string value this prefix starts is written as the raw JSON number after it (numbers no
/// `serde_json::Value` can hold, like `1e400`); see [`to_json`].
const RAW: &str = "\u{1}raw:";

/// Names that are Rust keywords, collide with the crate's own items, start with a digit, need
/// RFC 6901 escaping, or are empty or unusual Unicode.
const ODD_NAMES: &[&str] = &[
    "self",
    "Self",
    "default",
    "1st",
    "a~1b",
    "a/b",
    "a~b",
    "",
    " ",
    "_",
    "__",
    "-",
    "🦀",
    "ñame",
    "type",
    "crate",
    "super",
    "r#type",
    "mod",
    "fn",
    "async",
    "None",
    "Some",
    "Ok",
    "Result",
    "Option",
    "String",
    "Box",
    "Vec",
    "std",
    "core",
    "client",
    "blocking",
    "runtime",
    "models",
    "Error",
    "Client",
    "0",
    "9lives",
    "a\"b",
    "a\\b",
    "a\nb",
    "*/",
    "ǅungla",
    "\u{202e}x",
    "CON",
    "lib",
    "main",
    "features",
    "test",
];

/// Broken `$ref` targets.
const BAD_REFS: &[&str] = &[
    "#/components/schemas/Nope",
    "#/",
    "#",
    "",
    "#/components/schemas/",
    "#/components/schemas/a~1b",
    "#/components/schemas/~2",
    "#/paths",
    "#/info/title",
    "other.yaml#/components/schemas/X",
    "http://127.0.0.1:9/x.yaml",
    "#/components/schemas/%7B",
    "#/components/schemas/X/properties/1",
    "#/components/schemas/X/items/~1",
];

/// Text pieces that must be escaped wherever spec text reaches Rust, TOML or Markdown.
const HOSTILE_TEXT: &[&str] = &[
    "\n",
    "\r\n",
    "*/",
    "/*",
    "\"",
    "\\",
    "\u{0}",
    "\u{7f}",
    "\u{1b}[31m",
    "#![doc]",
    "}",
    "{{",
    "'''",
    "\"\"\"",
    "</script>",
    "🦀",
    "\u{202e}",
    "]]",
    "[dependencies]",
    "`",
    "\t",
    "é",
];

/// Numbers at and past the edges of what f64, i64 and u64 hold.
const HUGE_NUMBERS: &[&str] = &[
    "1e400",
    "-1e400",
    "18446744073709551616",
    "-9223372036854775809",
    "1e308",
    "4.9e-324",
    "-0",
    "1e-999999",
    "123456789012345678901234567890",
    "9007199254740993",
    "0.30000000000000004",
];

/// Applies one to three mutations to a copy of `base`; returns it and what was done.
pub fn mutate(base: &Value, rng: &mut fastrand::Rng) -> (Value, Vec<String>) {
    let mut doc = base.clone();
    let notes = (0..rng.usize(1..=3))
        .map(|_| apply_one(&mut doc, rng))
        .collect();
    (doc, notes)
}

/// The document as JSON text, with the raw-number markers replaced by their numbers.
pub fn to_json(doc: &Value) -> String {
    let mut text = serde_json::to_string(doc).unwrap_or_default();
    for number in HUGE_NUMBERS {
        text = text.replace(&format!("\"\\u0001raw:{number}\""), number);
    }
    text
}

fn apply_one(doc: &mut Value, rng: &mut fastrand::Rng) -> String {
    match rng.usize(0..12) {
        0 => delete_key(doc, rng),
        1 => swap_type(doc, rng),
        2 => break_ref(doc, rng),
        3 => cycle_ref(doc, rng),
        4 => deep_nest(doc, rng),
        5 => odd_name(doc, rng),
        6 => colliding_names(doc, rng),
        7 => huge_string(doc, rng),
        8 => huge_number(doc, rng),
        9 => odd_enum(doc, rng),
        10 => delete_top(doc, rng),
        _ => hostile_info(doc, rng),
    }
}

/// RFC 6901 escaping of one pointer token.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Pointers of every schema with at least one property.
fn property_owners(doc: &Value) -> Vec<String> {
    pointers(doc, |v| {
        v.get("properties")
            .and_then(Value::as_object)
            .is_some_and(|m| !m.is_empty())
    })
}

/// Pointers of every node for which `keep` holds, in document order (iterative: documents may
/// already be deep).
fn pointers(doc: &Value, keep: impl Fn(&Value) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![(String::new(), doc)];
    while let Some((pointer, value)) = stack.pop() {
        if keep(value) {
            found.push(pointer.clone());
        }
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter().rev() {
                    stack.push((format!("{pointer}/{}", escape(key)), child));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate().rev() {
                    stack.push((format!("{pointer}/{index}"), child));
                }
            }
            _ => {}
        }
    }
    found
}

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> Option<&'a T> {
    (!items.is_empty()).then(|| &items[rng.usize(..items.len())])
}

fn odd_name_choice(rng: &mut fastrand::Rng) -> String {
    match rng.usize(0..8) {
        0 => "n".repeat(rng.usize(1000..1100)),
        _ => pick(rng, ODD_NAMES).copied().unwrap_or("self").to_owned(),
    }
}

fn delete_key(doc: &mut Value, rng: &mut fastrand::Rng) -> String {
    let objects = pointers(doc, |v| v.as_object().is_some_and(|m| !m.is_empty()));
    let Some(pointer) = pick(rng, &objects).cloned() else {
        return "delete: nothing".to_owned();
    };
    let Some(map) = doc.pointer_mut(&pointer).and_then(Value::as_object_mut) else {
        return "delete: nothing".to_owned();
    };
    let index = rng.usize(..map.len());
    let key = map.keys().nth(index).cloned().unwrap_or_default();
    map.shift_remove(&key);
    format!("delete {pointer}/{}", escape(&key))
}

fn random_value(rng: &mut fastrand::Rng) -> Value {
    match rng.usize(0..11) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(0),
        3 => json!(-1),
        4 => json!(3.5),
        5 => json!(""),
        6 => json!("x"),
        7 => json!([]),
        8 => json!({}),
        9 => json!([null, 1, "a"]),
        _ => json!({"$ref": "#/"}),
    }
}

fn swap_type(doc: &mut Value, rng: &mut fastrand::Rng) -> String {
    let all = pointers(doc, |_| true);
    let Some(pointer) = pick(rng, &all[1.min(all.len())..]).cloned() else {
        return "swap: nothing".to_owned();
    };
    let value = random_value(rng);
    let note = format!("swap {pointer} to {value}");
    if let Some(slot) = doc.pointer_mut(&pointer) {
        *slot = value;
    }
    note
}

fn break_ref(doc: &mut Value, rng: &mut fastrand::Rng) -> String {
    let refs = pointers(doc, |v| v.get("$ref").is_some_and(Value::is_string));
    let Some(pointer) = pick(rng, &refs).cloned() else {
        return swap_type(doc, rng);
    };
    let target = pick(rng, BAD_REFS).copied().unwrap_or("#/");
    if let Some(node) = doc.pointer_mut(&pointer).and_then(Value::as_object_mut) {
        node.insert("$ref".to_owned(), json!(target));
    }
    format!("break ref {pointer} to {target:?}")
}

/// The names of `components/schemas`.
fn schema_names(doc: &Value) -> Vec<String> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", escape(name)) })
}

fn cycle_ref(doc: &mut Value, rng: &mut fastrand::Rng) -> String {
    let names = schema_names(doc);
    let (Some(a), Some(b)) = (pick(rng, &names).cloned(), pick(rng, &names).cloned()) else {
        return break_ref(doc, rng);
    };
    let (kind, a_value, b_value) = match rng.usize(0..7) {
        0 => ("A -> A", schema_ref(&a), None),
        1 => ("A -> B -> A", schema_ref(&b), Some(schema_ref(&a))),
        2 => (
            "array of A",
            json!({"type": "array", "items": schema_ref(&a)}),
            None,
        ),
        3 => (
            "map of A",
            json!({"type": "object", "additionalProperties": schema_ref(&a)}),
            None,
        ),
        4 => ("allOf A", json!({"allOf": [schema_ref(&a)]}), None),
        5 => (
            "oneOf A or B, B has A",
            json!({"oneOf": [schema_ref(&a), schema_ref(&b)]}),
            Some(json!({"type": "object", "properties": {"a": schema_ref(&a)}})),
        ),
        _ => {
            // A property of A that is A itself: valid recursion.
            let Some(node) = doc
                .pointer_mut(&format!("/components/schemas/{}", escape(&a)))
                .and_then(Value::as_object_mut)
            else {
                return "cycle: nothing".to_owned();
            };
            let properties = node.entry("properties").or_insert_with(|| json!({}));
            if let Some(map) = properties.as_object_mut() {
                map.insert("self".to_owned(), schema_ref(&a));
            }
            return format!("cycle: {a}.properties.self -> {a}");
        }
    };
    let schemas = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut);
    if let Some(schemas) = schemas {
        schemas.insert(a.clone(), a_value);
        if let Some(b_value) = b_value {
            schemas.insert(b.clone(), b_value);
        }
    }
    format!("cycle {kind} with A = {a:?}, B = {b:?}")
}

fn deep_nest(doc: &mut Value, rng: &mut fastrand::Rng) -> String {
    let schemas = pointers(doc, |v| {
        v.get("type").is_some_and(Value::is_string) || v.get("$ref").is_some()
    });
    let Some(pointer) = pick(rng, &schemas).cloned() else {
        return "nest: nothing".to_owned();
    };
    let depth = *pick(rng, &[8, 32, 60, 100, 120, 127, 129, 200, 1000]).unwrap_or(&8);
    let kind = rng.usize(0..6);
    let Some(slot) = doc.pointer_mut(&pointer) else {
        return "nest: nothing".to_owned();
    };
    let mut value = slot.take();
    for _ in 0..depth {
        value = match kind {
            0 => json!({"type": "array", "items": value}),
            1 => json!({"type": "object", "properties": {"x": value}}),
            2 => json!({"allOf": [value]}),
            3 => json!({"oneOf": [value, {"type": "string"}]}),
            4 => json!({"type": "object", "additionalProperties": value}),
            _ => json!({"anyOf": [value]}),
        };
    }
    *slot = value;
    format!("nest {pointer} {depth} deep (kind {kind})")
}

/// Renames key `old` of the object at `pointer` to `new`, keeping its place.
fn rename_key(doc: &mut Value, pointer: &str, old: &str, new: &str) -> bool {
    let Some(map) = doc.pointer_mut(pointer).and_then(Value::as_object_mut) else {
        return false;
    };
    let Some(index) = map.keys().position(|k| k == old) else {
        return false;
    };
    let Some(value) = map.shift_remove(old) else {
        return false;
    };
    map.shift_insert(index.min(map.len()), new.to_owned(), value);
    true
}

/// Rewrites every `$ref` equal to `old` to `new`.
fn retarget_refs(doc: &mut Value, old: &str, new: &str) {
    for pointer in pointers(doc, |v| v.get("$ref").and_then(Value::as_str) == Some(old)) {
        if let Some(node) = doc.pointer_mut(&pointer).and_then(Value::as_object_mut) {
            node.insert("$ref".to_owned(), json!(new));
        }
    }
}

/// Renames a schema and the references to it.
fn rename_schema(doc: &mut Value, old: &str, new: &str) -> bool {
    if !rename_key(doc, "/components/schemas", old, new) {
        return false;
    }
    let path = |name: &str| format!("#/components/schemas/{}", escape(name));
    retarget_refs(doc, &path(old), &path(new));
    true
}

fn odd_name(doc: &mut Value, rng: &mut fastrand::Rng) -> String {
    let name = odd_name_choice(rng);
    let shown: String = name.chars().take(40).collect();
    match rng.usize(0..5) {
        0 => {
            let names = schema_names(doc);
            let Some(old) = pick(rng, &names).cloned() else {
                return "odd name: nothing".to_owned();
            };
            rename_schema(doc, &old, &name);
            format!("rename schema {old:?} to {shown:?}")
        }
        1 => {
            let owners = property_owners(doc);
            let Some(owner) = pick(rng, &owners).cloned() else {
                return "odd name: nothing".to_owned();
            };
            let properties = format!("{owner}/properties");
            let keys: Vec<String> = doc
                .pointer(&properties)
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            let Some(old) = pick(rng, &keys).cloned() else {
                return "odd name: nothing".to_owned();
            };
            rename_key(doc, &properties, &old, &name);
            format!("rename property {properties}/{} to {shown:?}", escape(&old))
        }
        2 => set_string_field(doc, rng, "operationId", &name),
        3 => {
            let tagged = pointers(doc, |v| v.get("tags").is_some_and(Value::is_array));
            let Some(pointer) = pick(rng, &tagged).cloned() else {
                return "odd name: nothing".to_owned();
            };
            if let Some(node) = doc.pointer_mut(&pointer).and_then(Value::as_object_mut) {
                node.insert("tags".to_owned(), json!([name]));
            }
            format!("tag {pointer} as {shown:?}")
        }
        _ => {
            let params = pointers(doc, |v| v.get("in").is_some() && v.get("name").is_some());
            let Some(pointer) = pick(rng, &params).cloned() else {
                return "odd name: nothing".to_owned();
            };
            if let Some(node) = doc.pointer_mut(&pointer).and_then(Value::as_object_mut) {
                node.insert("name".to_owned(), json!(name));
            }
            format!("rename parameter {pointer} to {shown:?}")
        }
    }
}

/// Sets `field` of one random object that has it to `value`.
fn set_string_field(doc: &mut Value, rng: &mut fastrand::Rng, field: &str, value: &str) -> String {
    let owners = pointers(doc, |v| v.get(field).is_some_and(Value::is_string));
    let Some(pointer) = pick(rng, &owners).cloned() else {
        return format!("set {field}: nothing");
    };
    if let Some(node) = doc.pointer_mut(&pointer).and_then(Value::as_object_mut) {
        node.insert(field.to_owned(), json!(value));
    }
    let shown: String = value.chars().take(40).collect();
    format!("set {pointer}/{field} to {shown:?}")
}

/// Spellings of `name` that differ only in case and punctuation.
fn variants(name: &str) -> Vec<String> {
    let snake: String = name
        .chars()
        .flat_map(|c| {
            if c.is_uppercase() {
                vec!['_', c.to_ascii_lowercase()]
            } else {
                vec![c]
            }
        })
        .collect();
    vec![
        name.to_lowercase(),
        name.to_uppercase(),
        snake.trim_start_matches('_').to_owned(),
        snake.replace('_', "-"),
        snake.replace('_', "."),
        snake.replace('_', " "),
        format!("{name}_"),
        format!("_{name}"),
        format!("{name}1"),
    ]
}

fn colliding_names(doc: &mut Value, rng: &mut fastrand::Rng) -> String {
    match rng.usize(0..3) {
        0 => {
            let names = schema_names(doc);
            let Some(name) = pick(rng, &names).cloned() else {
                return "collide: nothing".to_owned();
            };
            let Some(schemas) = doc
                .pointer_mut("/components/schemas")
                .and_then(Value::as_object_mut)
            else {
                return "collide: nothing".to_owned();
            };
            let value = schemas.get(&name).cloned().unwrap_or(Value::Null);
            for variant in variants(&name) {
                schemas.insert(variant, value.clone());
            }
            format!("collide schema {name:?} with its variants")
        }
        1 => {
            let owners = property_owners(doc);
            let Some(owner) = pick(rng, &owners).cloned() else {
                return "collide: nothing".to_owned();
            };
            let Some(map) = doc
                .pointer_mut(&format!("{owner}/properties"))
                .and_then(Value::as_object_mut)
            else {
                return "collide: nothing".to_owned();
            };
            let index = rng.usize(..map.len());
            let Some((name, value)) = map.iter().nth(index).map(|(k, v)| (k.clone(), v.clone()))
            else {
                return "collide: nothing".to_owned();
            };
            for variant in variants(&name) {
                map.insert(variant, value.clone());
            }
            format!(
                "collide property {owner}/properties/{} with its variants",
                escape(&name)
            )
        }
        _ => {
            let ops = pointers(doc, |v| v.get("operationId").is_some_and(Value::is_string));
            let Some(first) = pick(rng, &ops).cloned() else {
                return "collide: nothing".to_owned();
            };
            let id = doc
                .pointer(&format!("{first}/operationId"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let mut note = format!("collide operationId {id:?} at");
            for (pointer, variant) in ops.iter().zip(variants(&id)).skip(1).take(4) {
                if let Some(node) = doc.pointer_mut(pointer).and_then(Value::as_object_mut) {
                    node.insert("operationId".to_owned(), json!(variant));
                    note.push_str(&format!(" {pointer}"));
                }
            }
            note
        }
    }
}

fn huge_text(rng: &mut fastrand::Rng) -> String {
    let length = *pick(rng, &[1025, 4096, 65_536, 200_000]).unwrap_or(&1025);
    let mut text = String::with_capacity(length + 8);
    while text.len() < length {
        text.push_str(pick(rng, HOSTILE_TEXT).copied().unwrap_or("x"));
        text.push('x');
    }
    text
}

fn huge_string(doc: &mut Value, rng: &mut fastrand::Rng) -> String {
    let text = huge_text(rng);
    let length = text.len();
    match rng.usize(0..3) {
        0 => {
            let strings = pointers(doc, Value::is_string);
            let Some(pointer) = pick(rng, &strings).cloned() else {
                return "huge string: nothing".to_owned();
            };
            if let Some(slot) = doc.pointer_mut(&pointer) {
                *slot = json!(text);
            }
            format!("huge string ({length} bytes) at {pointer}")
        }
        1 => {
            let field = pick(rng, &["description", "summary", "title"])
                .copied()
                .unwrap_or("title");
            set_string_field(doc, rng, field, &text) + &format!(" ({length} bytes)")
        }
        _ => {
            let names = schema_names(doc);
            let Some(old) = pick(rng, &names).cloned() else {
                return "huge string: nothing".to_owned();
            };
            let name: String = text.chars().take(1100).collect();
            rename_schema(doc, &old, &name);
            format!(
                "rename schema {old:?} to a {}-byte hostile name",
                name.len()
            )
        }
    }
}

fn huge_number(doc: &mut Value, rng: &mut fastrand::Rng) -> String {
    let number = pick(rng, HUGE_NUMBERS).copied().unwrap_or("1e400");
    let raw = json!(format!("{RAW}{number}"));
    let keywords = [
        "minimum",
        "maximum",
        "maxLength",
        "minLength",
        "maxItems",
        "multipleOf",
        "default",
        "example",
        "const",
    ];
    let keyword = *pick(rng, &keywords).unwrap_or(&"minimum");
    match rng.usize(0..2) {
        0 => {
            let numbers = pointers(doc, Value::is_number);
            let Some(pointer) = pick(rng, &numbers).cloned() else {
                return "huge number: nothing".to_owned();
            };
            if let Some(slot) = doc.pointer_mut(&pointer) {
                *slot = raw;
            }
            format!("number {pointer} = {number}")
        }
        _ => {
            let schemas = pointers(doc, |v| v.get("type").is_some_and(Value::is_string));
            let Some(pointer) = pick(rng, &schemas).cloned() else {
                return "huge number: nothing".to_owned();
            };
            if let Some(node) = doc.pointer_mut(&pointer).and_then(Value::as_object_mut) {
                node.insert(keyword.to_owned(), raw.clone());
                if rng.bool() {
                    node.insert("enum".to_owned(), json!([raw, 1]));
                    node.insert("type".to_owned(), json!("integer"));
                }
            }
            format!("{pointer}/{keyword} = {number}")
        }
    }
}

fn odd_enum(doc: &mut Value, rng: &mut fastrand::Rng) -> String {
    let choices = [
        json!([]),
        json!([null]),
        json!(["a", "A", "a-", "a_", "a "]),
        json!([1, "1", true]),
        json!(["", " ", "self", "Self", "1st", "default"]),
        json!(["x", "x"]),
        json!([{"a": 1}, [1]]),
        json!([1.5, 1.50, -0.0]),
        json!(["🦀", "ñ", "\u{202e}", "a~1b", "*/"]),
    ];
    let values = pick(rng, &choices).cloned().unwrap_or(Value::Null);
    let with_enum = pointers(doc, |v| v.get("enum").is_some());
    let targets = if with_enum.is_empty() || rng.bool() {
        pointers(doc, |v| v.get("type").is_some_and(Value::is_string))
    } else {
        with_enum
    };
    let Some(pointer) = pick(rng, &targets).cloned() else {
        return "enum: nothing".to_owned();
    };
    let note = format!("enum {pointer} = {values}");
    if let Some(node) = doc.pointer_mut(&pointer).and_then(Value::as_object_mut) {
        node.insert("enum".to_owned(), values);
    }
    note
}

fn delete_top(doc: &mut Value, rng: &mut fastrand::Rng) -> String {
    let targets = [
        "/openapi",
        "/info",
        "/paths",
        "/components",
        "/servers",
        "/security",
        "/tags",
        "/webhooks",
        "/info/title",
        "/info/version",
        "/components/schemas",
        "/components/securitySchemes",
        "/components/parameters",
        "/components/responses",
    ];
    let target = *pick(rng, &targets).unwrap_or(&"/paths");
    let (parent, key) = target.rsplit_once('/').unwrap_or(("", target));
    if let Some(map) = doc.pointer_mut(parent).and_then(Value::as_object_mut) {
        map.shift_remove(key);
    }
    format!("delete {target}")
}

fn hostile_info(doc: &mut Value, rng: &mut fastrand::Rng) -> String {
    let texts = [
        "1.0\n#![doc = include_str!(\"/etc/hostname\")]\n//",
        "*/ /* \" \\ \u{0} \u{1b}",
        "",
        "a\"\n[dependencies]\nevil = \"1\"",
        "<!-- --> {{ }} {% %}",
        "\r",
    ];
    let text = pick(rng, &texts).copied().unwrap_or("");
    let field = *pick(rng, &["title", "version", "description"]).unwrap_or(&"title");
    let Some(info) = doc.pointer_mut("/info").and_then(Value::as_object_mut) else {
        return "info: nothing".to_owned();
    };
    info.insert(field.to_owned(), json!(text));
    format!("info.{field} = {text:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1"},
            "paths": {"/a/{id}": {"get": {
                "operationId": "getA", "tags": ["A"],
                "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK", "content": {"application/json":
                    {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
            "components": {"schemas": {
                "Thing": {"type": "object", "properties": {"companyId": {"type": "integer", "maximum": 5}}},
                "Other": {"type": "string", "enum": ["a"]}}}
        })
    }

    #[test]
    fn the_same_seed_gives_the_same_mutant_and_others_differ() {
        let base = doc();
        let run = |seed| mutate(&base, &mut fastrand::Rng::with_seed(seed));
        assert_eq!(run(7), run(7));
        let distinct: std::collections::BTreeSet<String> =
            (0..40).map(|seed| to_json(&run(seed).0)).collect();
        assert!(
            distinct.len() > 30,
            "only {} distinct mutants",
            distinct.len()
        );
    }

    #[test]
    fn raw_numbers_are_written_as_numbers() {
        let text = to_json(&json!({"a": format!("{RAW}1e400"), "b": [format!("{RAW}-0")]}));
        assert_eq!(text, r#"{"a":1e400,"b":[-0]}"#);
    }

    #[test]
    fn a_renamed_schema_takes_its_references_along_escaped() {
        let mut doc = doc();
        assert!(rename_schema(&mut doc, "Thing", "a/b~c"));
        let pointer = "/paths/~1a~1{id}/get/responses/200/content/application~1json/schema/$ref";
        assert_eq!(
            doc.pointer(pointer),
            Some(&json!("#/components/schemas/a~1b~0c"))
        );
        assert!(doc.pointer("/components/schemas/a~1b~0c").is_some());
    }

    #[test]
    fn deep_nesting_wraps_a_schema_the_asked_number_of_times() {
        let mut doc = doc();
        let mut rng = fastrand::Rng::with_seed(3);
        let note = deep_nest(&mut doc, &mut rng);
        let depth: usize = note.split(' ').nth(2).unwrap().parse().unwrap();
        let text = to_json(&doc);
        assert!(text.matches('{').count() > depth, "{note}");
    }
}
