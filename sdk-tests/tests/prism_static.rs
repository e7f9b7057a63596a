//! Every operation of the Platform spec, called through the generated SDK against Prism in
//! static mode with values from the spec's examples: Prism finds nothing wrong with any request
//! (no request violation in `sl-violations`, nothing in its log), answers 2XX, and the answer
//! decodes into the generated type. Operations whose success response has several examples are
//! called once per example that decodes, picked with `Prefer: code=..., example=...`.
//!
//! Some static answers break the spec themselves (Prism reports them as response violations);
//! those operations are listed below with why, and must also decode a valid answer, asked for
//! with `Prefer: dynamic=true`.

mod prism_support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Instant;

use prism_support::{
    calls::call, client, Answer, Examples, Recorder, Spec, REQUEST_VIOLATION as REQUEST,
    RESPONSE_VIOLATION as RESPONSE,
};
use sdk_tests::prism::{Mode, Prism};

/// The Platform spec's operations the SDK has methods for.
const OPERATIONS: usize = 51;

/// Operations whose static answer breaks the spec's own schema, with why. The test fails when
/// another operation's answer breaks it, or a listed one no longer does.
const KNOWN_BAD_ANSWERS: &[(&str, &str)] = &[
    (
        "get-company-push-history",
        "the Links example's hrefs (`/companies/{id}/data/{dataType}`) contain braces, which format uri-reference forbids",
    ),
    (
        "get-create-update-model-options-by-data-type",
        "PushOption is recursive (properties of properties); Prism cuts the recursion with `{}`, which lacks the required fields, so the SDK rightly refuses the answer",
    ),
    (
        "get-integration",
        "the Integration example swaps sourceId and sourceType and writes enum values in lower case (on the KNOWN_BAD list of examples.rs)",
    ),
    (
        "list-integrations",
        "the Integration example swaps sourceId and sourceType and writes enum values in lower case (on the KNOWN_BAD list of examples.rs)",
    ),
];

/// How often to ask for a random answer before giving up on a valid one.
const DYNAMIC_TRIES: usize = 40;

#[test]
fn every_operation_is_accepted_by_prism_and_its_answer_decodes() {
    let Some(prism) = Prism::start_or_skip(Path::new(sdk_tests::SPEC), Mode::Static) else {
        return;
    };
    let started = Instant::now();
    let spec = Spec::load();
    assert_eq!(spec.operations.len(), OPERATIONS, "operations in the spec");
    let recorder = Recorder::default();
    let sdk = client(&prism, &recorder);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let run = |ex: &Examples, options| {
        let seen = recorder.answers().len();
        let outcome = runtime.block_on(call(&sdk, ex, options));
        let answers = recorder.answers();
        let answer = match &answers[seen..] {
            [answer] => Ok(answer.clone()),
            other => Err(format!("{} answers recorded", other.len())),
        };
        (outcome, answer)
    };

    let mut failures = Vec::new();
    let mut decoded = BTreeSet::new();
    let mut bad_answers = BTreeMap::new();
    let mut calls = 0;
    let mut fallbacks = Vec::new();
    for operation in &spec.operations {
        let ex = spec.examples(operation);
        for example in ex.response_examples() {
            let label = match &example {
                Some(name) => format!("{} (answer example {name:?})", operation.id),
                None => operation.id.clone(),
            };
            let (outcome, answer) = run(&ex, ex.prefer(example.as_deref()));
            calls += 1;
            let answer = match answer {
                Ok(answer) => answer,
                Err(error) => {
                    let error = outcome.err().map_or(error, |e| e.message);
                    failures.push(format!("{label}: {error}"));
                    continue;
                }
            };
            if let Some(problem) = request_problem(&answer, &operation.id) {
                failures.push(format!("{label}: {problem}"));
                continue;
            }
            if let Some(violations) = answer.violations.filter(|v| v.contains(RESPONSE)) {
                bad_answers.insert(operation.id.clone(), violations);
            }
            match outcome {
                Ok(_) => {
                    decoded.insert(operation.id.clone());
                }
                Err(error) if !error.answer_breaks_spec => {
                    failures.push(format!("{label}: {error}"));
                }
                Err(_) => {}
            }
        }
        if bad_answers.contains_key(&operation.id) {
            // The spec's own answer is wrong: the SDK must still decode a valid one.
            let mut last = String::from("no valid answer");
            for _ in 0..DYNAMIC_TRIES {
                let (outcome, answer) = run(&ex, ex.prefer_dynamic());
                calls += 1;
                let answer = match answer {
                    Ok(answer) => answer,
                    Err(error) => {
                        last = outcome.err().map_or(error, |e| e.message);
                        break;
                    }
                };
                if let Some(problem) = request_problem(&answer, &operation.id) {
                    last = problem;
                    break;
                }
                if answer.violations.is_some() {
                    continue; // this random answer breaks the spec too: ask again
                }
                match outcome {
                    Ok(_) => {
                        decoded.insert(operation.id.clone());
                    }
                    Err(error) => last = error.message,
                }
                break;
            }
            if !decoded.contains(&operation.id) {
                failures.push(format!("{} (dynamic answers): {last}", operation.id));
            }
        }
        fallbacks.extend(ex.fallbacks());
    }

    let problems = prism.request_problems();
    println!(
        "{calls} calls; {} of {OPERATIONS} operations accepted by Prism and decoded; {} with answers that break the spec; {:.1?}",
        decoded.len(),
        bad_answers.len(),
        started.elapsed()
    );
    println!(
        "values made from schemas (the spec has no example):\n  {}",
        fallbacks.join("\n  ")
    );
    assert!(
        failures.is_empty(),
        "{} calls failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        problems.is_empty(),
        "Prism logged problems with requests:\n{}",
        problems.join("\n")
    );
    let known: BTreeMap<&str, &str> = KNOWN_BAD_ANSWERS.iter().copied().collect();
    let unexpected: Vec<String> = bad_answers
        .iter()
        .filter(|(id, _)| !known.contains_key(id.as_str()))
        .map(|(id, violations)| format!("{id}: {violations}"))
        .collect();
    assert!(
        unexpected.is_empty(),
        "Prism's answers break the spec for unlisted operations:\n{}",
        unexpected.join("\n")
    );
    let now_good: Vec<&&str> = known
        .keys()
        .filter(|id| !bad_answers.contains_key(**id))
        .collect();
    assert!(
        now_good.is_empty(),
        "these answers are listed as breaking the spec but no longer do; remove them from KNOWN_BAD_ANSWERS: {now_good:?}"
    );
    assert_eq!(decoded.len(), OPERATIONS, "operations decoded");
}

/// What is wrong with an answer as far as the request goes: the wrong operation, a non-2XX
/// status, or a request violation.
fn request_problem(answer: &Answer, operation_id: &str) -> Option<String> {
    if answer.operation_id != operation_id {
        return Some(format!("the SDK called {}", answer.operation_id));
    }
    if !(200..300).contains(&answer.status) {
        return Some(format!("status {}", answer.status));
    }
    match &answer.violations {
        Some(violations) if violations.contains(REQUEST) || !violations.contains(RESPONSE) => {
            Some(format!("sl-violations {violations}"))
        }
        _ => None,
    }
}
