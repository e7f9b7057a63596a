//! Recursive and deeply nested specs: valid recursion lowers to finite types (a list or map of
//! itself becomes a newtype; the `recursive_schemas` snapshot pins the boxing and compiles it);
//! a reference cycle with no value in between, and nesting past the limits, is an error naming
//! the pointer; nothing overflows the stack, on a test thread's 2 MiB stack.

use std::path::Path;

use generator::ir::{Module, TypeId, TypeKind, TypeRef};
use generator::CrateOptions;

const HEAD: &str = "openapi: 3.0.3
info: {title: Recursion, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      tags: [things]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/A'}
";

fn spec(components: &str) -> String {
    format!("{HEAD}components:\n  schemas:\n{components}")
}

#[track_caller]
fn generate(text: &str) -> Result<generator::Generation, String> {
    let loaded =
        generator::load::load_str(Path::new("recursion.yaml"), text).map_err(|e| e.to_string())?;
    let options = CrateOptions::new("recursion-sdk".to_owned(), "0.1.0".to_owned());
    generator::generate(&loaded, &options).map_err(|e| e.to_string())
}

fn shared(name: &str) -> TypeId {
    TypeId {
        module: Module::Shared,
        name: name.to_owned(),
    }
}

/// Every valid recursive shape, one component each (`A` is what the operation returns); the
/// `recursive_schemas` snapshot pins its output and compiles it.
const VALID: &str = include_str!("snapshots/recursive_schemas/openapi.yaml");

#[test]
fn valid_recursion_lowers_to_finite_types() {
    let generation = generate(VALID).expect("the recursive spec generates");
    let types = &generation.api.types;
    let kind = |name: &str| &types.get(&shared(name)).expect(name).kind;
    let array_of = |name: &str| TypeRef::Array(Box::new(TypeRef::Named(shared(name))));
    assert_eq!(kind("A"), &TypeKind::Newtype(array_of("A")));
    assert_eq!(
        kind("Map"),
        &TypeKind::Newtype(TypeRef::Map(Box::new(TypeRef::Named(shared("Map")))))
    );
    // One of the two lists that hold each other becomes the newtype that breaks the cycle.
    assert_eq!(kind("ListB"), &TypeKind::Newtype(array_of_list()));
    assert!(
        types.get(&shared("ListC")).is_none(),
        "ListC stays a plain list"
    );
    // A list of a struct that holds the list needs no newtype: the struct is named already.
    assert!(
        types.get(&shared("Forest")).is_none(),
        "Forest stays a plain list"
    );
}

/// `ListB: [ListC]`, `ListC: [ListB]`: `ListB` is a newtype of `Vec<Vec<ListB>>`.
fn array_of_list() -> TypeRef {
    TypeRef::Array(Box::new(TypeRef::Array(Box::new(TypeRef::Named(shared(
        "ListB",
    ))))))
}

#[test]
fn reference_cycles_with_nothing_in_between_are_errors_naming_the_pointer() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "    A: {$ref: '#/components/schemas/A'}\n",
            "/components/schemas/A",
            "(A -> A)",
        ),
        (
            "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
            "/components/schemas/A",
            "(A -> B -> A)",
        ),
        (
            "    A: {allOf: [{$ref: '#/components/schemas/A'}]}\n",
            "/components/schemas/A",
            "(A -> A)",
        ),
        (
            "    A: {allOf: [{$ref: '#/components/schemas/B'}]}\n    B: {allOf: [{$ref: '#/components/schemas/A'}]}\n",
            "/components/schemas/A",
            "(A -> B -> A)",
        ),
        (
            "    A: {oneOf: [{$ref: '#/components/schemas/A'}, {type: string}]}\n",
            "/components/schemas/A",
            "(A -> A)",
        ),
        (
            "    A: {oneOf: [{$ref: '#/components/schemas/B'}, {type: string}]}\n    B: {anyOf: [{$ref: '#/components/schemas/A'}, {type: integer}]}\n",
            "/components/schemas/A",
            "(A -> B -> A)",
        ),
        (
            "    A: {allOf: [{$ref: '#/components/schemas/B'}]}\n    B: {oneOf: [{$ref: '#/components/schemas/A'}, {type: string}]}\n",
            "/components/schemas/",
            "->",
        ),
    ];
    for (components, pointer, chain) in cases {
        let error = generate(&spec(components)).expect_err(components);
        assert!(
            error.contains(&format!("at {pointer}")) && error.contains(chain),
            "{components}: {error}"
        );
    }
}

/// Parameters, request bodies and responses that are references to each other, and a schema
/// that is a reference to itself through a path, are refused by the loader.
#[test]
fn cycles_through_other_components_are_errors_naming_the_pointer() {
    let cases: &[(&str, &str)] = &[
        (
            "components:
  parameters:
    P: {$ref: '#/components/parameters/Q'}
    Q: {$ref: '#/components/parameters/P'}
paths:
  /a:
    get:
      operationId: a
      parameters: [{$ref: '#/components/parameters/P'}]
      responses: {'200': {description: ok}}
",
            "/components/parameters/P",
        ),
        (
            "components:
  requestBodies:
    R: {$ref: '#/components/requestBodies/R'}
paths:
  /a:
    post:
      operationId: a
      requestBody: {$ref: '#/components/requestBodies/R'}
      responses: {'200': {description: ok}}
",
            "/components/requestBodies/R",
        ),
        (
            "components:
  responses:
    R: {$ref: '#/components/responses/S'}
    S: {$ref: '#/components/responses/R'}
paths:
  /a:
    get:
      operationId: a
      responses: {'200': {$ref: '#/components/responses/R'}}
",
            "/components/responses/R",
        ),
        (
            "paths:
  /a:
    get:
      operationId: a
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/paths/~1a/get/responses/200/content/application~1json/schema'}
",
            "/paths/~1a/get/responses/200/content/application~1json/schema",
        ),
    ];
    // The last one the loader cannot follow at all ("no such node"); the others name the cycle.
    let (loops, components) = cases.split_last().expect("cases");
    let (body, pointer) = loops;
    let text = format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{body}");
    let error = generate(&text).expect_err(body);
    assert!(error.contains(&format!("at {pointer}")), "{body}: {error}");
    let cases = components;
    for (body, pointer) in cases {
        let text = format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{body}");
        let error = generate(&text).expect_err(body);
        assert!(
            error.contains(&format!("at {pointer}")) && error.contains("reference cycle"),
            "{body}: {error}"
        );
    }
}

/// The other side of the cycle check: components that are references to other components of
/// their kind (aliases), in chains, are valid and followed to the end.
#[test]
fn component_aliases_are_followed() {
    let text = "openapi: 3.0.3
info: {title: T, version: '1'}
components:
  parameters:
    P: {$ref: '#/components/parameters/Q'}
    Q: {$ref: '#/components/parameters/R'}
    R: {name: limit, in: query, schema: {type: integer}}
  responses:
    Ok: {$ref: '#/components/responses/Fine'}
    Fine: {description: ok, content: {application/json: {schema: {type: string}}}}
  requestBodies:
    In: {$ref: '#/components/requestBodies/Body'}
    Body: {content: {application/json: {schema: {type: string}}}}
paths:
  /a:
    post:
      operationId: a
      tags: [things]
      parameters: [{$ref: '#/components/parameters/P'}]
      requestBody: {$ref: '#/components/requestBodies/In'}
      responses: {'200': {$ref: '#/components/responses/Ok'}}
";
    let generation = generate(text).expect("aliases generate");
    let op = &generation.api.groups[0].operations[0];
    let request = &op.request;
    let TypeKind::Struct(request) = &generation.api.types.get(request).expect("request").kind
    else {
        panic!("the request is a struct");
    };
    let names: Vec<&str> = request
        .fields
        .iter()
        .map(|f| f.wire_name.as_str())
        .collect();
    assert!(names.contains(&"limit"), "{names:?}");
    assert_eq!(op.response.ty, Some(TypeRef::String));
}

/// Runs `f` on a thread with a small stack, so a missing depth guard overflows here rather
/// than only on some smaller stack elsewhere.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("thread starts")
        .join()
        .expect("no panic")
}

#[test]
fn deep_and_long_chains_are_errors_not_overflows() {
    // 2,000 components, each a list of the next: within no limit a real API reaches.
    let mut chain =
        String::from("    A: {type: array, items: {$ref: '#/components/schemas/S0'}}\n");
    for i in 0..2_000 {
        chain.push_str(&format!(
            "    S{i}: {{type: array, items: {{$ref: '#/components/schemas/S{}'}}}}\n",
            i + 1
        ));
    }
    chain.push_str("    S2000: {type: string}\n");
    let error = on_small_stack(move || generate(&spec(&chain)).expect_err("too deep"));
    assert!(error.contains("at /components/schemas/S"), "{error}");
    assert!(error.contains("more than"), "{error}");

    // Pure references, 2,000 long.
    let mut refs = String::from("    A: {$ref: '#/components/schemas/R0'}\n");
    for i in 0..2_000 {
        refs.push_str(&format!(
            "    R{i}: {{$ref: '#/components/schemas/R{}'}}\n",
            i + 1
        ));
    }
    refs.push_str("    R2000: {type: string}\n");
    let error = on_small_stack(move || generate(&spec(&refs)).expect_err("too deep"));
    assert!(error.contains("at /components/schemas/R"), "{error}");

    // Properties nested inline 60 deep (120 YAML levels, near the parser's 128): within the
    // limits, and on a small stack.
    let mut nested = String::from("    A:\n      type: object\n      properties:\n        p: ");
    nested.push_str(&"{type: object, properties: {p: ".repeat(60));
    nested.push_str("{type: string}");
    nested.push_str(&"}}".repeat(60));
    nested.push('\n');
    on_small_stack(move || generate(&spec(&nested)).map(drop)).expect("60 levels generate");
}

#[test]
fn deep_documents_are_syntax_errors_not_hangs_or_overflows() {
    let depth = 100_000;
    let cases = [
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\nx-deep: {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\nx-deep: {}1{}\n",
            "{a: ".repeat(depth),
            "}".repeat(depth)
        ),
        // A tab, a tag or an anchor before the collection: libyaml opens it all the same.
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\nx-deep:\t{}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\nx-deep: !t &a {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
        format!(
            "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"T\", \"version\": \"1\"}}, \"paths\": {{}}, \"x\": {}{}}}",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\nx-deep: {}1\n",
            "- ".repeat(depth)
        ),
    ];
    for text in cases {
        let started = std::time::Instant::now();
        let error = on_small_stack(move || {
            generator::load::load_str(Path::new("deep.yaml"), &text)
                .map(drop)
                .expect_err("too deep")
                .to_string()
        });
        assert!(
            error.starts_with("deep.yaml: not valid YAML or JSON: line "),
            "{error}"
        );
        assert!(
            started.elapsed().as_secs() < 20,
            "took {:?}",
            started.elapsed()
        );
    }
}

/// References to references, each used twice, double the document at every step when inlined:
/// 40 steps would be 2^40 copies. The loader stops with the pointer where the copying runs over.
#[test]
fn reference_bombs_are_errors_not_memory_exhaustion() {
    let mut text = String::from(
        "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: a
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/x-defs/D40'}
x-defs:
  D0: {type: string}
",
    );
    for i in 1..=40 {
        text.push_str(&format!(
            "  D{i}: {{type: object, additionalProperties: {{$ref: '#/x-defs/D{0}'}}, not: {{$ref: '#/x-defs/D{0}'}}}}\n",
            i - 1
        ));
    }
    let started = std::time::Instant::now();
    let error = generate(&text).expect_err("a reference bomb");
    assert!(error.contains("at /x-defs/D"), "{error}");
    assert!(error.contains("many times its size"), "{error}");
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}
