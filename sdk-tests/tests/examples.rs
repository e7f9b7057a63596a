//! Every example in the Platform spec decodes into the generated type it belongs to and encodes
//! back to equivalent JSON. Examples the spec itself gets wrong are listed, with the exact failure
//! and the reason, in spec/example-errata.toml; the test fails when a listed one starts passing or
//! fails differently, or an unlisted one fails. Nothing is skipped.

use std::collections::BTreeMap;
use std::path::Path;

use generator::load::pointer::resolve;
use sdk_tests::{json_difference, round_trip_at, SITES, SPEC};

/// The Platform cases of one table of spec/example-errata.toml (the list every spec shares):
/// `[[erratum]]` (examples the spec gets wrong) or `[[untyped]]` (example values no generated
/// type holds), as pointer -> (failure, or "" for untyped, and reason).
fn listed(table: &str) -> BTreeMap<String, (String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/example-errata.toml");
    let text = std::fs::read_to_string(&path).expect("spec/example-errata.toml is readable");
    let errata: toml::Value = toml::from_str(&text).expect("spec/example-errata.toml parses");
    let field = |case: &toml::Value, key: &str| {
        case.get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let mut cases = BTreeMap::new();
    for group in errata[table].as_array().expect("an array of tables") {
        let reason = field(group, "reason");
        for case in group["cases"].as_array().expect("cases") {
            if case["spec"].as_str() == Some("platform") {
                cases.insert(
                    field(case, "example"),
                    (field(case, "failure"), reason.clone()),
                );
            }
        }
    }
    cases
}

#[test]
fn every_example_round_trips_through_its_type() {
    let spec = generator::load::load_file(Path::new(SPEC)).expect("the Platform spec loads");
    let in_spec = generator::load::example_pointers(&spec.raw);
    let sites: BTreeMap<&str, &str> = SITES.iter().copied().collect();

    let outside = listed("untyped");
    let now_typed: Vec<&String> = outside
        .keys()
        .filter(|p| sites.contains_key(p.as_str()))
        .collect();
    assert!(
        now_typed.is_empty(),
        "these examples are listed as outside the SDK but now have a type; remove them from [[untyped]] in spec/example-errata.toml: {now_typed:#?}"
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

    let known = listed("erratum");
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
