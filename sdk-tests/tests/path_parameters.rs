//! Every path parameter of every operation of the generated `codat-platform` crate refuses the
//! values that would send the call to another path (`""`, `.`, `..`: `companies().delete("..")`
//! would otherwise send `DELETE /`) with `Error::InvalidPathParameter` naming the parameter, and
//! nothing reaches the server. Each operation is also called once with the spec's example
//! values, which must reach the server, so a call that never sends anything cannot pass.

mod prism_support;

use std::path::Path;
use std::time::Duration;

use codat_platform::runtime::{Credential, PathValueError, RequestOptions, RetryConfig};
use codat_platform::CodatPlatform;
use generator::ir::{ParamLocation, TypeKind, TypeRef};
use prism_support::{calls::call, Spec};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The values refused, with the reason each is refused for.
const BAD_VALUES: [(&str, PathValueError); 3] = [
    ("", PathValueError::Empty),
    (".", PathValueError::Dot),
    ("..", PathValueError::DotDot),
];

/// Path parameters of the Platform spec, as (operation id, parameter): a smaller number means
/// an operation lost its call here.
const PATH_PARAMETERS: usize = 57;

async fn requests_seen(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn every_path_parameter_refuses_values_that_change_the_path() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"statusCode": 404, "error": "none"})),
        )
        .mount(&server)
        .await;
    let sdk = CodatPlatform::builder()
        .server_url(server.uri())
        .credential(Credential::header("Authorization", "Basic a2V5"))
        .retry_config(RetryConfig::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let spec = Spec::load();
    let loaded = generator::load::load_file(Path::new(sdk_tests::SPEC)).unwrap();
    let (api, _) = generator::ir::lower(&loaded).unwrap();

    let mut checked = Vec::new();
    for operation in api.groups.iter().flat_map(|group| &group.operations) {
        let path_params: Vec<_> = operation
            .params
            .iter()
            .filter(|param| param.location == ParamLocation::Path)
            .collect();
        if path_params.is_empty() {
            continue;
        }
        let id = &operation.operation_id;
        let examples_of = || {
            let found = spec.operations.iter().find(|op| &op.id == id);
            spec.examples(found.unwrap_or_else(|| panic!("{id} is not in the spec")))
        };

        let before = requests_seen(&server).await;
        call(&sdk, &examples_of(), RequestOptions::new()).await.ok();
        assert_eq!(
            requests_seen(&server).await,
            before + 1,
            "{id} with example values did not reach the server"
        );

        for param in path_params {
            let name = param.field.wire_name.as_str();
            // Strings and the spec's enums (whose `Unknown` variant holds any string) can hold
            // any value; other types cannot render as empty or dots.
            let any_string = match &param.field.ty {
                TypeRef::String => true,
                TypeRef::Named(ty) => matches!(
                    api.types.get(ty).map(|def| &def.kind),
                    Some(TypeKind::Enum(_))
                ),
                TypeRef::I32 | TypeRef::I64 | TypeRef::Bool => false,
                other => panic!("{id}: path parameter {name} has type {other:?}; test it"),
            };
            if !any_string {
                continue;
            }
            for (value, reason) in BAD_VALUES {
                let examples = examples_of().with_param(name, Value::from(value));
                let error = match call(&sdk, &examples, RequestOptions::new()).await {
                    Ok(answer) => panic!("{id} with {name} = {value:?} answered {answer}"),
                    Err(error) => error,
                };
                assert_eq!(
                    error.invalid_path_parameter,
                    Some((name, reason)),
                    "{id} with {name} = {value:?}: {error}"
                );
            }
            checked.push(format!("{id} {name}"));
        }
        assert_eq!(
            requests_seen(&server).await,
            before + 1,
            "{id}: a refused value reached the server"
        );
    }
    assert_eq!(checked.len(), PATH_PARAMETERS, "{checked:#?}");
}
