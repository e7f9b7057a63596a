//! Every GET operation of the Platform spec decodes 200 random answers from Prism in dynamic
//! mode (`prism mock -d`, random schema-valid values) through the generated SDK, with zero
//! failures. Calls run 8 at a time. A failure quotes the answer that did not decode. Leave
//! `PRISM_SEED` unset here: with a seed Prism gives the same request the same answer.
//!
//! An answer counts when it decodes. An answer that does not decode fails the test, unless
//! Prism itself reports that the answer breaks the spec (a response violation in
//! `sl-violations`): Prism's generator cuts recursive schemas short with `{}` (PushOption), and
//! such answers are asked for again, at most [`MAX_INVALID_SHARE`] of the time.

mod prism_support;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use futures_util::future::join_all;
use prism_support::{calls::call, client, Examples, Recorder, Spec};
use sdk_tests::prism::{Mode, Prism};

/// Decoded answers each GET operation needs.
const ANSWERS: usize = 200;
/// Calls in flight at once (Prism is one Node process; more does not go faster).
const CONCURRENCY: usize = 8;
/// At most this share of extra calls for answers Prism reports as breaking the spec.
const MAX_INVALID_SHARE: usize = 2;

#[derive(Default)]
struct Tally {
    decoded: AtomicUsize,
    invalid: AtomicUsize,
    calls: AtomicUsize,
    failures: Mutex<Vec<String>>,
    /// The decoded answers, as `Debug` text, to show that they differ.
    distinct: Mutex<BTreeSet<String>>,
}

#[test]
fn every_get_operation_decodes_200_random_answers() {
    let Some(prism) = Prism::start_or_skip(Path::new(sdk_tests::SPEC), Mode::Dynamic) else {
        return;
    };
    let started = Instant::now();
    let spec = Spec::load();
    let gets: Vec<_> = spec
        .operations
        .iter()
        .filter(|op| op.http_method == "GET")
        .collect();
    let recorder = Recorder::default();
    let sdk = client(&prism, &recorder);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    let mut report = Vec::new();
    let mut failures = Vec::new();
    let mut total = 0;
    for operation in &gets {
        let ex = spec.examples(operation);
        let tally = Tally::default();
        let op_started = Instant::now();
        runtime.block_on(join_all(
            (0..CONCURRENCY).map(|_| worker(&sdk, &ex, &tally)),
        ));
        let decoded = tally.decoded.load(Ordering::Relaxed);
        let invalid = tally.invalid.load(Ordering::Relaxed);
        let distinct = tally.distinct.into_inner().unwrap().len();
        total += decoded;
        report.push(format!(
            "{:<45} {decoded} decoded ({distinct} distinct), {invalid} answers breaking the spec, {:.1?}",
            operation.id,
            op_started.elapsed()
        ));
        if distinct < 2 {
            failures.push(format!(
                "{}: all answers were the same; is PRISM_SEED set?",
                operation.id
            ));
        }
        let mut op_failures = tally.failures.into_inner().unwrap();
        op_failures.truncate(3);
        failures.extend(
            op_failures
                .into_iter()
                .map(|f| format!("{}: {f}", operation.id)),
        );
        if decoded < ANSWERS && failures.is_empty() {
            failures.push(format!(
                "{}: only {decoded} of {ANSWERS} answers decoded; {invalid} broke the spec",
                operation.id
            ));
        }
    }
    println!(
        "{} GET operations, {total} random answers decoded in {:.1?}\n{}",
        gets.len(),
        started.elapsed(),
        report.join("\n")
    );
    assert!(
        failures.is_empty(),
        "decoding random answers failed:\n{}",
        failures.join("\n")
    );
    let problems = prism.request_problems();
    assert!(
        problems.is_empty(),
        "Prism logged problems with requests:\n{}",
        problems.join("\n")
    );
    assert!(gets.len() >= 20, "only {} GET operations", gets.len());
    assert_eq!(total, gets.len() * ANSWERS);
}

/// Calls the operation until [`ANSWERS`] answers decoded, a call failed, or too many answers
/// broke the spec.
async fn worker(sdk: &codat_platform::CodatPlatform, ex: &Examples<'_>, tally: &Tally) {
    let max_calls = ANSWERS * (1 + MAX_INVALID_SHARE);
    loop {
        // Claim a slot first so that no more than ANSWERS calls are decoded.
        let claimed = tally.decoded.fetch_add(1, Ordering::Relaxed);
        if claimed >= ANSWERS || tally.calls.fetch_add(1, Ordering::Relaxed) >= max_calls {
            tally.decoded.fetch_sub(1, Ordering::Relaxed);
            return;
        }
        match call(sdk, ex, ex.prefer(None)).await {
            Ok(decoded) => {
                tally.distinct.lock().unwrap().insert(decoded);
            }
            Err(error) => {
                tally.decoded.fetch_sub(1, Ordering::Relaxed);
                if error.answer_breaks_spec {
                    tally.invalid.fetch_add(1, Ordering::Relaxed);
                } else {
                    tally.failures.lock().unwrap().push(error.message);
                    return;
                }
            }
        }
        if !tally.failures.lock().unwrap().is_empty() {
            return;
        }
    }
}
