//! The intermediate representation: what the SDK consists of, independent of how it is printed.
//!
//! [`lower`] turns a loaded spec into an [`Api`]: groups of operations with their parameters,
//! bodies and responses, plus a [`TypeSpace`] holding every model. Names are final here; the
//! emitters only print.

pub mod analysis;
mod components;
mod cycles;
mod deprecation;
mod examples;
mod extensions;
mod names;
mod operations;
mod paging;
mod rust_path;
mod schema;
mod servers;
mod types;

#[cfg(test)]
pub(crate) use examples::tests::SPEC as EXAMPLES_SPEC;
pub use examples::{Example, ExampleSource, FALLBACK_DATE, FALLBACK_DATE_TIME, FALLBACK_UUID};
pub use extensions::{PaginationRule, RetryPolicy};
pub use names::SdkNames;
pub use paging::{Paging, PagingField};
pub use schema::FALLBACK;
pub use types::*;

use crate::error::{GenError, Warning};
use crate::load::LoadedSpec;

/// The whole SDK as the emitters see it.
#[derive(Debug, Clone)]
pub struct Api {
    pub title: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub version: String,
    pub servers: Vec<Server>,
    /// How requests authenticate; `None` when the spec declares no security.
    pub credential: Option<HeaderCredential>,
    pub retries: Option<RetryPolicy>,
    /// Groups (sub-clients), sorted by module name.
    pub groups: Vec<Group>,
    pub types: TypeSpace,
    /// The model error responses carry (`ErrorMessage` in every Codat spec); `None` means raw JSON.
    pub error_model: Option<TypeId>,
    pub webhooks: Vec<Webhook>,
    /// Every example in the spec and the type it should decode into, for the round-trip test.
    pub examples: Vec<ExampleSite>,
    /// operationIds the spec marks `x-speakeasy-ignore`.
    pub ignored_operations: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
}

/// An API key sent verbatim in a header (`auth_header` -> `Authorization` for Codat).
#[derive(Debug, Clone)]
pub struct HeaderCredential {
    /// The security scheme's key in the spec, e.g. `auth_header`.
    pub scheme: String,
    /// The HTTP header it travels in.
    pub header: String,
    pub description: Option<String>,
    /// Whether every request needs it: `false` when the root `security` also lists the empty
    /// requirement `{}` (no authentication), so a client without a credential may be built.
    pub required: bool,
}

/// A sub-client: the operations sharing one tag or `x-speakeasy-group`.
#[derive(Debug, Clone)]
pub struct Group {
    /// The name as the spec gives it (tag name or `x-speakeasy-group`).
    pub spec_name: String,
    /// snake_case: accessor method and module name (`connection_management`).
    pub module: String,
    /// UpperCamelCase: the sub-client type (`ConnectionManagement`).
    pub type_name: String,
    /// Folder of its docs page (`connectionmanagement`).
    pub docs_folder: String,
    pub description: Option<String>,
    /// Operations sorted by method name.
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub operation_id: String,
    /// snake_case method name on the group.
    pub method: String,
    /// Upper-case HTTP method (`GET`).
    pub http_method: String,
    /// Path template as in the spec (`/companies/{companyId}`).
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecation: Option<Deprecation>,
    /// The request type in `models::operations`; every operation has one, empty or not.
    pub request: TypeId,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// The body's examples, for the docs (see [`BodyExample`]).
    pub body_examples: Vec<BodyExample>,
    pub response: SuccessResponse,
    /// Statuses (`"404"`, `"4XX"`, `"default"`) whose body is the error model.
    pub error_statuses: Vec<String>,
    /// How the operation pages, when the spec's pagination rule applies to it: it then also
    /// gets a `<method>_stream` of items.
    pub paging: Option<Paging>,
    /// JSON pointer of the operation.
    pub pointer: String,
}

#[derive(Debug, Clone)]
pub struct Deprecation {
    pub message: Option<String>,
    /// The operation to use instead, as (group module, method).
    pub replacement: Option<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

/// A path, query or header parameter; its field lives in the request type.
#[derive(Debug, Clone)]
pub struct Param {
    pub location: ParamLocation,
    pub field: Field,
}

/// The JSON request body; its field lives in the request type.
#[derive(Debug, Clone)]
pub struct Body {
    pub field: Field,
    pub content_type: String,
}

/// A request-body example: every named example of the body's media type (in spec order), else
/// its single `example`, else its schema's.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyExample {
    /// The example's name in the spec, when named.
    pub name: Option<String>,
    pub value: serde_json::Value,
}

#[derive(Debug, Clone)]
pub struct SuccessResponse {
    /// The first 2XX status the spec lists.
    pub status: String,
    /// The decoded body, or `None` when the response has no JSON content.
    pub ty: Option<TypeRef>,
    pub description: Option<String>,
}

/// A webhook payload (the top-level `webhooks` section).
#[derive(Debug, Clone)]
pub struct Webhook {
    /// The event name, e.g. `company.created`.
    pub name: String,
    pub ty: TypeRef,
    pub description: Option<String>,
}

/// Where an example sits in the (normalized) spec and which Rust type should hold it.
#[derive(Debug, Clone)]
pub struct ExampleSite {
    pub pointer: String,
    pub ty: TypeRef,
    /// The example may be `null`: decode into `Option<ty>`.
    pub nullable: bool,
}

/// Lowers a loaded spec into the IR; warnings name what was worked around.
pub fn lower(spec: &LoadedSpec) -> Result<(Api, Vec<Warning>), GenError> {
    let mut types = schema::SchemaLowering::new(spec);
    types.lower_all_components()?;
    let lowered = operations::lower_operations(spec, &mut types)?;
    let webhooks = operations::lower_webhooks(spec, &mut types)?;
    if let Some((pointer, chain)) = cycles::self_containing_union(&types.types) {
        return Err(GenError::Invalid {
            file: spec.file.clone(),
            pointer,
            message: format!(
                "the union is its own member ({}) with no array, map or object property in \
                 between, so decoding a value could never finish",
                chain.join(" -> ")
            ),
        });
    }
    // Which operations page (`x-codat-speakeasy-pagination`), once every response is lowered.
    let mut groups = lowered.groups;
    if let Some(rule) = extensions::pagination_rule(spec)? {
        for op in groups.iter_mut().flat_map(|g| g.operations.iter_mut()) {
            op.paging = paging::paging(&rule, op, &types.types);
        }
    }
    let info = &spec.openapi.info;
    let api = Api {
        title: info.title.clone(),
        summary: spec.extras.summary.clone(),
        description: info.description.clone(),
        version: info.version.clone(),
        servers: servers::lower(spec, &mut types.warnings)?,
        credential: extensions::header_credential(spec)?,
        retries: extensions::retry_policy(spec)?,
        groups,
        error_model: lowered.error_model,
        webhooks,
        ignored_operations: lowered.ignored,
        examples: {
            let mut all = types.examples.clone();
            all.extend(lowered.examples);
            all.sort_by(|a, b| a.pointer.cmp(&b.pointer));
            // Path-level parameters are lowered once per operation under their path.
            all.dedup_by(|a, b| a.pointer == b.pointer);
            all
        },
        types: types.types.clone(),
    };
    Ok((api, types.warnings))
}

/// The API a YAML spec lowers to, for unit tests across the crate.
#[cfg(test)]
pub(crate) fn lowered(yaml: &str) -> Api {
    let spec =
        crate::load::load_str(std::path::Path::new("test.yaml"), yaml).expect("the spec loads");
    lower(&spec).expect("the spec lowers").0
}
