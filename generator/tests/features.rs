//! Per-group cargo features: which models are gated behind which groups.

use std::path::Path;

use generator::emit::features::TypeGates;
use generator::ir::{self, Api, Module, TypeId};

fn lower(yaml: &str) -> Api {
    let spec = generator::load::load_str(Path::new("test.yaml"), yaml).expect("spec loads");
    ir::lower(&spec).expect("spec lowers").0
}

fn gate(gates: &TypeGates, name: &str) -> String {
    let id = TypeId {
        module: Module::Shared,
        name: name.to_owned(),
    };
    gates.cfg(&id).to_string()
}

const SPEC: &str = "openapi: 3.1.0
info: {title: Test API, version: '1'}
paths:
  /alpha:
    get:
      tags: [Alpha]
      operationId: get-alpha
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/AlphaOnly'}}}
  /alpha-shared:
    get:
      tags: [Alpha]
      operationId: get-alpha-shared
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Everyone'}}}
  /beta:
    get:
      tags: [Beta]
      operationId: get-beta
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/BetaOnly'}}}
  /gamma:
    get:
      tags: [Gamma]
      operationId: get-gamma
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/BetaOnly'}}}
  /everyone:
    get:
      tags: [Beta]
      operationId: get-everyone
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Everyone'}}}
  /everyone-gamma:
    get:
      tags: [Gamma]
      operationId: get-everyone-gamma
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Everyone'}}}
components:
  schemas:
    AlphaOnly:
      type: object
      properties:
        leaf: {$ref: '#/components/schemas/AlphaLeaf'}
        held: {$ref: '#/components/schemas/HeldByOrphan'}
      additionalProperties: {type: string}
    AlphaLeaf:
      type: object
      properties:
        name: {type: string}
    BetaOnly:
      type: object
      properties:
        id: {type: string}
    Everyone:
      type: object
      properties:
        id: {type: string}
    Orphan:
      type: object
      properties:
        held: {$ref: '#/components/schemas/HeldByOrphan'}
    HeldByOrphan:
      type: object
      properties:
        id: {type: string}
";

#[test]
fn a_model_only_some_groups_reach_needs_one_of_their_features() {
    let api = lower(SPEC);
    let gates = TypeGates::new(&api);
    assert_eq!(gate(&gates, "AlphaOnly"), r#"# [cfg (feature = "alpha")]"#);
    // Reached through a field of a gated model: gated the same way.
    assert_eq!(gate(&gates, "AlphaLeaf"), r#"# [cfg (feature = "alpha")]"#);
    assert_eq!(
        gate(&gates, "BetaOnly"),
        r#"# [cfg (any (feature = "beta" , feature = "gamma"))]"#
    );
}

#[test]
fn models_every_group_or_no_group_reaches_are_always_compiled() {
    let api = lower(SPEC);
    let gates = TypeGates::new(&api);
    assert_eq!(gate(&gates, "Everyone"), "");
    assert_eq!(gate(&gates, "Orphan"), "");
    // Alpha reaches it too, but the always-compiled Orphan holds it.
    assert_eq!(gate(&gates, "HeldByOrphan"), "");
}

#[test]
fn each_item_of_a_gated_model_carries_its_gate_once() {
    let api = lower(SPEC);
    let options = generator::CrateOptions {
        name: "test-api".to_owned(),
        version: "0.1.0".to_owned(),
    };
    let files = generator::emit::emit_crate(&api, &options).expect("the crate emits");
    let shared = &files
        .iter()
        .find(|f| f.path.ends_with("models/shared.rs"))
        .expect("models/shared.rs")
        .contents;
    // AlphaOnly keeps serde's derive (it has additional properties), so it has no
    // `decode_model!` call; nothing of its gate may be left over for the model after it.
    let before_beta = &shared[..shared.find("pub struct BetaOnly").expect("BetaOnly")];
    let beta_attributes = &before_beta[before_beta.rfind('}').unwrap()..];
    assert_eq!(
        beta_attributes.matches("#[cfg(").count(),
        1,
        "{beta_attributes}"
    );
    assert!(beta_attributes.contains(r#"#[cfg(any(feature = "beta", feature = "gamma"))]"#));
}
