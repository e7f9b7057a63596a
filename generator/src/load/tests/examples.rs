//! Example values that are really references.

use serde_json::json;

use super::{assert_json, at, load, warning};

#[test]
fn moves_a_reference_in_example_to_examples() {
    let spec = load(
        r##"
paths:
  /a:
    get:
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: object}
              example:
                $ref: '#/components/examples/Cashflow'
components:
  examples:
    Cashflow: {value: {total: 1}}
"##,
    );
    assert_json(
        at(
            &spec,
            "/paths/~1a/get/responses/200/content/application~1json",
        ),
        json!({
            "schema": {"type": "object"},
            "examples": {"Cashflow": {"$ref": "#/components/examples/Cashflow"}}
        }),
    );
    assert_eq!(
        spec.warnings,
        [warning(
            "/paths/~1a/get/responses/200/content/application~1json/example",
            "`example` holds `$ref: #/components/examples/Cashflow`, a reference to an Example \
             Object; moved to `examples`",
        )]
    );
}

#[test]
fn reads_an_example_whose_value_is_a_reference_to_an_example_as_that_reference() {
    let spec = load(
        r##"
components:
  responses:
    Metadata:
      description: OK
      content:
        application/json:
          examples:
            Report: {value: {id: '1'}}
    Generate:
      description: OK
      content:
        application/json:
          examples:
            Report:
              summary: Generated
              value:
                $ref: '#/components/responses/Metadata/content/application~1json/examples/Report'
"##,
    );
    assert_json(
        at(
            &spec,
            "/components/responses/Generate/content/application~1json/examples/Report",
        ),
        json!({"value": {"id": "1"}, "summary": "Generated"}),
    );
    assert_eq!(spec.warnings.len(), 1);
}

#[test]
fn leaves_other_example_values_alone() {
    let spec = load(
        r##"
components:
  schemas:
    A:
      type: object
      example: {$ref: not-a-reference, type: [x]}
"##,
    );
    assert_json(
        at(&spec, "/components/schemas/A/example"),
        json!({"$ref": "not-a-reference", "type": ["x"]}),
    );
}
