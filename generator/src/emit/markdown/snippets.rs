//! Rust usage snippets for the docs: one complete, compiling program per operation example,
//! laid out by `prettyplease` so the Markdown shows idiomatic code.

use serde_json::Value;

use super::rust_values::{string_literal, RustValues};
use crate::error::GenError;
use crate::ir::{Api, BodyExample, Group, Operation, SdkNames, TypeKind};

/// One example usage of an operation.
#[derive(Debug, Clone)]
pub struct Snippet {
    /// The spec's name for the example, when it names several.
    pub name: Option<String>,
    pub code: String,
}

/// The value of the placeholder credential, as the reference shows it.
pub const API_KEY: &str = "Basic BASE_64_ENCODED(API_KEY)";

/// The statement that builds the client, written in the body of an `async fn` returning
/// `Result<(), Box<dyn std::error::Error>>`.
pub fn client_statement(names: &SdkNames) -> String {
    match &names.credential_field {
        Some(_) => format!(
            "let client = {}::new(shared::Security::new({}))?;",
            names.client,
            string_literal(API_KEY)
        ),
        None => format!("let client = {}::builder().build()?;", names.client),
    }
}

/// One snippet per body example of `op` (at least one).
pub fn operation_snippets(
    api: &Api,
    group: &Group,
    op: &Operation,
    names: &SdkNames,
) -> Result<Vec<Snippet>, GenError> {
    let mut examples: Vec<Option<&BodyExample>> = op.body_examples.iter().map(Some).collect();
    if examples.is_empty() {
        examples.push(None);
    }
    let named = examples.len() > 1;
    examples
        .into_iter()
        .map(|example| {
            let body = example.as_ref().map(|e| &e.value);
            let code = program(api, group, op, body, names)?;
            Ok(Snippet {
                name: example.and_then(|e| e.name.clone()).filter(|_| named),
                code,
            })
        })
        .collect()
}

/// The statements that build the client and `op`'s request, and the call's argument.
fn client_and_request(
    api: &Api,
    op: &Operation,
    body: Option<&Value>,
    names: &SdkNames,
) -> (Vec<String>, &'static str) {
    let mut statements = vec![client_statement(names)];
    let argument = match request_expr(api, op, body, &names.lib) {
        Some(request) => {
            statements.push(format!("let request = {request};"));
            "request"
        }
        None => "",
    };
    (statements, argument)
}

/// The complete program for one call of `op`.
fn program(
    api: &Api,
    group: &Group,
    op: &Operation,
    body: Option<&Value>,
    names: &SdkNames,
) -> Result<String, GenError> {
    let allow = if op.deprecation.is_some() {
        "#[allow(deprecated)]"
    } else {
        ""
    };
    let function = format!(
        "{allow} async fn {method}() -> Result<(), Box<dyn std::error::Error>> {{ {body} Ok(()) }}",
        method = op.method,
        body = call_statements(api, group, op, body, names, Waiting::Await).join("\n"),
    );
    format_program(&imports(&function, names), &function, &op.operation_id)
}

/// How a call's result is waited for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// The async client: `.await`.
    Await,
    /// The blocking client: the call returns the result.
    Block,
}

/// The statements that build the client and the request, make one call of `op` and print its
/// response, in a function returning `Result<(), Box<dyn std::error::Error>>`.
pub fn call_statements(
    api: &Api,
    group: &Group,
    op: &Operation,
    body: Option<&Value>,
    names: &SdkNames,
    waiting: Waiting,
) -> Vec<String> {
    let (mut statements, argument) = client_and_request(api, op, body, names);
    let wait = match waiting {
        Waiting::Await => ".await",
        Waiting::Block => "",
    };
    let call = format!("client.{}().{}({argument}){wait}?", group.module, op.method);
    if op.response.ty.is_some() {
        statements.push(format!("let response = {call};"));
        statements.push("println!(\"{response:?}\");".to_owned());
    } else {
        statements.push(format!("{call};"));
    }
    statements
}

/// The program that reads every item of `op`'s `<method>_stream`, when the operation pages.
pub fn stream_snippet(
    api: &Api,
    group: &Group,
    op: &Operation,
    names: &SdkNames,
) -> Result<Option<String>, GenError> {
    if op.paging.is_none() {
        return Ok(None);
    }
    let body = op.body_examples.first().map(|e| &e.value);
    let (mut statements, argument) = client_and_request(api, op, body, names);
    // The stream is not `Unpin`: pinned on the stack, `next` can poll it.
    statements.push(format!(
        "let mut items = std::pin::pin!(client.{}().{}_stream({argument}));",
        group.module, op.method
    ));
    statements.push(
        "while let Some(item) = items.next().await { let item = item?; println!(\"{item:?}\"); }"
            .to_owned(),
    );
    let function = format!(
        "async fn {method}_stream() -> Result<(), Box<dyn std::error::Error>> {{ {body} Ok(()) }}",
        method = op.method,
        body = statements.join("\n"),
    );
    // `next` comes from the runtime's re-export of `futures::StreamExt`, placed as rustfmt sorts.
    let client_use = format!("use {}::{};\n", names.lib, names.client);
    let uses = imports(&function, names).replace(
        &client_use,
        &format!("use {}::runtime::StreamExt;\n{client_use}", names.lib),
    );
    format_program(&uses, &function, &op.operation_id).map(Some)
}

/// `use` lines for what the function mentions.
pub fn imports(function: &str, names: &SdkNames) -> String {
    let mut uses = model_imports(function, names);
    uses.push_str(&format!("use {}::{};\n", names.lib, names.client));
    uses
}

/// The `use` line of the model modules the function mentions, or nothing.
pub fn model_imports(function: &str, names: &SdkNames) -> String {
    let modules: Vec<&str> = ["operations", "shared"]
        .into_iter()
        .filter(|m| function.contains(&format!("{m}::")))
        .collect();
    match modules.as_slice() {
        [] => String::new(),
        [one] => format!("use {}::models::{one};\n", names.lib),
        many => format!("use {}::models::{{{}}};\n", names.lib, many.join(", ")),
    }
}

/// Lays out `uses` and `function` with prettyplease; an unparsable snippet is a generator bug.
pub fn format_program(uses: &str, function: &str, what: &str) -> Result<String, GenError> {
    let file: syn::File = syn::parse_str(function).map_err(|e| GenError::Emit {
        what: format!("the docs example of `{what}`"),
        message: format!("{e}: {function}"),
    })?;
    Ok(format!(
        "{uses}\n{}",
        prettyplease::unparse(&file).trim_end()
    ))
}

/// The request argument of `op` (`None` only when its request type is not a struct).
pub fn request_expr(api: &Api, op: &Operation, body: Option<&Value>, lib: &str) -> Option<String> {
    let id = &op.request;
    let values = RustValues { api, lib };
    let TypeKind::Struct(s) = &api.types.get(id)?.kind else {
        return None;
    };
    let example_of = |rust_name: &str| -> Option<Value> {
        if let Some(b) = op.body.as_ref().filter(|b| b.field.rust_name == rust_name) {
            // Without a body example, the model's value the IR built from its nested examples,
            // as the reference shows one (an optional body the spec says nothing about is
            // left out).
            return body
                .cloned()
                .or_else(|| b.field.example.clone())
                .or_else(|| {
                    let id = b.field.ty.named()?;
                    values.fields_example(id).map(Value::Object)
                });
        }
        op.params
            .iter()
            .find(|p| p.field.rust_name == rust_name)
            .and_then(|p| p.field.example.clone())
    };
    Some(values.construct(id, s, |field| example_of(&field.rust_name), 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operation_that_pages_has_a_stream_program_and_no_other_does() {
        let api = crate::ir::lowered(include_str!(
            "../../../tests/snapshots/pagination/openapi.yaml"
        ));
        let names = SdkNames::new(&api, "items-sdk", None);
        let group = &api.groups[0];
        let code = stream_snippet(&api, group, &group.operations[0], &names)
            .expect("formats")
            .expect("list_items pages");
        for wanted in [
            "use items_sdk::runtime::StreamExt;",
            "client.items().list_items_stream(request)",
            "while let Some(item) = items.next().await",
        ] {
            assert!(code.contains(wanted), "{wanted} in {code}");
        }
        let api = crate::ir::lowered(crate::ir::EXAMPLES_SPEC);
        let names = SdkNames::new(&api, "sdk", None);
        let group = &api.groups[0];
        let none = stream_snippet(&api, group, &group.operations[0], &names).expect("formats");
        assert!(none.is_none());
    }

    #[test]
    fn requests_show_the_examples_of_every_place_and_no_placeholder() {
        let api = crate::ir::lowered(crate::ir::EXAMPLES_SPEC);
        let op = &api.groups[0].operations[0];
        let code = request_expr(&api, op, None, "sdk").expect("a request");
        for wanted in [
            "\"8a210b68-6988-11ed-a1eb-0242ac120002\"",
            "\"parameter-level\"",
            "shared::Kind::Invoices",
            "\"bank-feeds\"",
            "\"2022-10-23T00:00:00Z\"",
            "\"Tom\"",
        ] {
            assert!(code.contains(wanted), "{wanted} in {code}");
        }
        for placeholder in ["String::new()", "\"\"", "Default::default()"] {
            assert!(!code.contains(placeholder), "{placeholder} in {code}");
        }
    }

    #[test]
    fn a_body_without_an_example_is_built_from_its_nested_examples() {
        let api = crate::ir::lowered(include_str!(
            "../../../tests/snapshots/nested_examples/openapi.yaml"
        ));
        let op = |id: &str| {
            api.groups
                .iter()
                .flat_map(|g| &g.operations)
                .find(|op| op.operation_id == id)
                .expect("the operation")
        };
        let request = |id: &str| {
            let op = op(id);
            let body = op.body_examples.first().map(|e| &e.value);
            request_expr(&api, op, body, "sdk").expect("a request")
        };
        let settings = request("update-settings");
        assert!(
            settings.contains("vec![shared::Setting::new(\"invoices\", 24).with_is_locked(true)]"),
            "{settings}"
        );
        let tree = request("plant-tree");
        for wanted in ["shared::Node::new().with_name(\"oak\")", "\"evergreen\""] {
            assert!(tree.contains(wanted), "{wanted} in {tree}");
        }
        assert!(request("configure").contains("\"order_num\""));
        assert!(request("update-profile").contains(".with_api_key("));
    }
}
