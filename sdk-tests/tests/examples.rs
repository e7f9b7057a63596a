//! Every example in the Platform spec decodes into the generated type it belongs to and encodes
//! back to equivalent JSON. Examples the spec itself gets wrong are listed, with the exact failure
//! and the reason, in spec/example-errata.toml; the test fails when a listed one starts passing or
//! fails differently, or an unlisted one fails. Nothing is skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use generator::load::pointer::{escape_token, resolve};
use sdk_tests::{json_difference, round_trip_at, SITES, SPEC};
use serde_json::Value;

/// The Platform examples that contradict their own schema, from spec/example-errata.toml (the
/// list every spec shares): pointer -> (exact failure, reason).
fn known_bad() -> BTreeMap<String, (String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/example-errata.toml");
    let text = std::fs::read_to_string(&path).expect("spec/example-errata.toml is readable");
    let errata: toml::Value = toml::from_str(&text).expect("spec/example-errata.toml parses");
    let field = |case: &toml::Value, key: &str| case[key].as_str().expect("a string").to_owned();
    let mut known = BTreeMap::new();
    for erratum in errata["erratum"].as_array().expect("[[erratum]] tables") {
        let reason = field(erratum, "reason");
        for case in erratum["cases"].as_array().expect("cases") {
            if case["spec"].as_str() == Some("platform") {
                known.insert(
                    field(case, "example"),
                    (field(case, "failure"), reason.clone()),
                );
            }
        }
    }
    known
}

/// Examples in parts of the spec the SDK does not contain, with why. The test fails when one of
/// them gains a generated type, so this list cannot hide a real gap.
const OUTSIDE_SDK: &[(&str, &str)] = &[
    (
        "/components/schemas/Connection/definitions/dataConnectionSourceType/example",
        "a definition no schema, parameter or operation references",
    ),
    (
        "/components/schemas/ReadCompletedWebhook/definitions/customProductReadCompleteWebhook/properties/id/example",
        "a definition no schema, parameter or operation references",
    ),
    (
        "/paths/~1webhooks~1integrationKeys~1zapier/post/responses/201/content/application~1json/examples/Integration key/value",
        "rotate-zapier-key is marked x-speakeasy-ignore, so the SDK has no method for it",
    ),
];

/// Pointers of every example value in the document: `example` keys and `examples/<name>/value`.
fn example_pointers(node: &Value, pointer: &str, parent_key: &str, found: &mut BTreeSet<String>) {
    match node {
        Value::Object(map) => {
            for (key, child) in map {
                let child_pointer = format!("{pointer}/{}", escape_token(key));
                // Inside `properties` keys are property names, and example values are data.
                let is_keyword = parent_key != "properties";
                if is_keyword && key == "example" {
                    found.insert(child_pointer);
                } else if is_keyword && key == "examples" && child.is_array() {
                    // A schema's 3.1 list; the loader copied its first entry into `example`.
                    for (i, example) in child.as_array().into_iter().flatten().enumerate() {
                        if !(i == 0 && map.get("example") == Some(example)) {
                            found.insert(format!("{child_pointer}/{i}"));
                        }
                    }
                } else if is_keyword && key == "examples" && child.is_object() {
                    for (name, example) in child.as_object().into_iter().flatten() {
                        if example.get("value").is_some() {
                            found.insert(format!("{child_pointer}/{}/value", escape_token(name)));
                        }
                    }
                } else if !(is_keyword && (key == "default" || key == "enum")) {
                    example_pointers(child, &child_pointer, key, found);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                example_pointers(item, &format!("{pointer}/{i}"), "", found);
            }
        }
        _ => {}
    }
}

#[test]
fn every_example_round_trips_through_its_type() {
    let spec = generator::load::load_file(Path::new(SPEC)).expect("the Platform spec loads");
    let mut in_spec = BTreeSet::new();
    example_pointers(&spec.raw, "", "", &mut in_spec);
    let sites: BTreeMap<&str, &str> = SITES.iter().copied().collect();

    let outside: BTreeMap<&str, &str> = OUTSIDE_SDK.iter().copied().collect();
    let now_typed: Vec<&&str> = outside.keys().filter(|p| sites.contains_key(**p)).collect();
    assert!(
        now_typed.is_empty(),
        "these examples are listed as outside the SDK but now have a type; remove them from OUTSIDE_SDK: {now_typed:#?}"
    );
    let without_type: Vec<&String> = in_spec
        .iter()
        .filter(|p| !sites.contains_key(p.as_str()) && !outside.contains_key(p.as_str()))
        .collect();
    assert!(
        without_type.is_empty(),
        "{} examples have no generated type to check them against:\n{:#?}",
        without_type.len(),
        without_type
    );

    let mut failures = BTreeMap::new();
    for (pointer, ty) in SITES {
        let value = resolve(&spec.raw, &format!("#{pointer}"))
            .unwrap_or_else(|| panic!("example site {pointer} is not in the spec"))
            .clone();
        let outcome = round_trip_at(pointer, value.clone()).expect("every site has a dispatch arm");
        let problem = match outcome {
            Ok(encoded) => json_difference(&value, &encoded, ""),
            Err(error) => Some(error),
        };
        if let Some(problem) = problem {
            failures.insert(pointer.to_string(), (problem, *ty));
        }
    }

    let known = known_bad();
    let unexpected: Vec<String> = failures
        .iter()
        .filter(|(p, (problem, _))| {
            known.get(p.as_str()).map(|(failure, _)| failure) != Some(problem)
        })
        .map(|(p, (problem, ty))| format!("{p}\n    {ty}: {problem}"))
        .collect();
    let now_passing: Vec<&String> = known
        .keys()
        .filter(|p| !failures.contains_key(p.as_str()))
        .collect();
    println!(
        "{} example sites checked, {} known spec errors, {} examples in the spec",
        SITES.len(),
        known.len(),
        in_spec.len()
    );
    assert!(
        unexpected.is_empty(),
        "{} examples fail to round-trip, or fail differently from spec/example-errata.toml:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        now_passing.is_empty(),
        "these examples are listed in spec/example-errata.toml but now pass; remove them: {now_passing:#?}"
    );
}
