//! `cargo xtask fuzz` end to end on a small spec: it runs the asked number of mutants, each in
//! a child process, and prints a summary that adds up.

mod common;

use common::{stderr, stdout, xtask};

const SPEC: &str = "openapi: 3.1.0
info: {title: Tiny, version: '1'}
paths:
  /things/{thingId}:
    get:
      operationId: get-thing
      tags: [Things]
      parameters:
        - {name: thingId, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {type: string}
        count: {type: integer, maximum: 10}
        kind: {type: string, enum: [a, b]}
";

#[test]
fn a_short_run_runs_every_mutant_and_reports_the_counts() {
    let specs = tempfile::tempdir().unwrap();
    std::fs::write(specs.path().join("Codat-Tiny.yaml"), SPEC).unwrap();
    let report = specs.path().join("BENCH.md");
    std::fs::write(&report, "# Benchmarks\n\n## Notes\n\n- kept\n").unwrap();
    let run = xtask(
        &[
            "fuzz",
            "--seed",
            "7",
            "--count",
            "12",
            "--specs",
            specs.path().to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ],
        &[],
    );
    let out = stdout(&run);
    assert!(
        out.contains("fuzz seed 7: 12 of 12 mutants"),
        "{out}\n{}",
        stderr(&run)
    );
    let counts: Vec<usize> = out
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    // seed, done, asked, seconds (two numbers), jobs, then the six counts.
    let six = &counts[counts.len() - 6..];
    assert_eq!(six.iter().sum::<usize>(), 12, "{out}");
    assert_eq!(
        run.status.success(),
        six[2..].iter().sum::<usize>() == 0,
        "{out}"
    );
    let written = std::fs::read_to_string(&report).unwrap();
    assert!(written.contains("## Fuzzing"), "{written}");
    assert!(
        written.contains("| mutants (seed 7) | 12 of 12 |"),
        "{written}"
    );
    assert!(written.contains("- kept"), "{written}");
}
