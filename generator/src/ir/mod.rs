//! The intermediate representation: what the SDK consists of, independent of how it is printed.
//!
//! [`lower`] turns a loaded spec into an [`Api`]: groups of operations with their parameters,
//! bodies and responses, plus a [`TypeSpace`] holding every model. Names are final here; the
//! emitters only print.

pub mod analysis;
mod brand;
mod callbacks;
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
mod security;
mod servers;
mod types;
mod usage_examples;

pub use brand::{Brand, SpecPublisher};
#[cfg(test)]
pub(crate) use examples::tests::SPEC as EXAMPLES_SPEC;
pub use examples::{Example, ExampleSource, FALLBACK_DATE, FALLBACK_DATE_TIME, FALLBACK_UUID};
pub use extensions::{OperationRetries, PaginationRule, RetryPolicy};
pub use names::SdkNames;
pub use paging::{Paging, PagingField, PagingKind};
pub use schema::FALLBACK;
pub use security::{KeyLocation, Scheme, SchemeKind, Security};
pub use types::*;

use std::collections::BTreeMap;

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
    /// Servers the spec gives relative to its own location (`/api/v3`): not callable as they
    /// are, so left out of `servers`; the docs ask for `server_url`.
    pub relative_servers: Vec<String>,
    /// The single API key in a header that every Codat spec requires, in the form its
    /// `Security { auth_header }` keeps; `None` for any other security (see `security`).
    pub credential: Option<HeaderCredential>,
    /// Every scheme, the root alternatives and per-operation `security`; `None` when the
    /// spec declares no security.
    pub security: Option<Security>,
    pub retries: Option<RetryPolicy>,
    /// Groups (sub-clients), sorted by module name.
    pub groups: Vec<Group>,
    pub types: TypeSpace,
    /// The model error responses carry (`ErrorMessage` in every Codat spec); `None` means raw JSON.
    pub error_model: Option<TypeId>,
    pub webhooks: Vec<Webhook>,
    /// Every example in the spec and the type it should decode into, for the round-trip test.
    pub examples: Vec<ExampleSite>,
    /// The value the docs show for each model the spec gives no example for where it is used:
    /// its schema's example with the fields it leaves out filled in, nested models, lists and
    /// maps included (`ir/usage_examples.rs`). Docs snippets only.
    pub type_examples: BTreeMap<TypeId, serde_json::Value>,
    /// operationIds the spec marks `x-speakeasy-ignore`.
    pub ignored_operations: Vec<String>,
    /// Who the spec says publishes the API (the options may say otherwise: [`Brand`]).
    pub publisher: SpecPublisher,
    /// `x-speakeasy-globals`: the request-like type of parameter values set once on the
    /// client (`Globals`); operations' parameters name its fields in [`Param::global`].
    pub globals: Option<TypeId>,
}

#[derive(Debug, Clone)]
pub struct Server {
    /// The URL with every variable at its default.
    pub url: String,
    pub description: Option<String>,
    /// The URL's variables, when it has any.
    pub template: Option<ServerTemplate>,
}

/// A server URL with `{variables}`: `models::shared::<type_name>` has a setter per variable
/// and builds the URL.
#[derive(Debug, Clone)]
pub struct ServerTemplate {
    /// `ServerVariables`, or `Server<index>Variables` when several servers have variables.
    pub type_name: String,
    /// The server's index in the spec (for `server_index`).
    pub index: usize,
    pub parts: Vec<UrlPart>,
    pub variables: Vec<ServerVariable>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum UrlPart {
    Literal(String),
    /// An index into [`ServerTemplate::variables`].
    Variable(usize),
}

#[derive(Debug, Clone)]
pub struct ServerVariable {
    /// The name in the spec (`hostname`).
    pub name: String,
    /// The field and setter (`hostname`).
    pub field: String,
    pub description: Option<String>,
    pub default: String,
    /// The allowed values, when the spec lists them (and the default is one).
    pub values: Option<VariableEnum>,
}

/// The enum of a variable's allowed values.
#[derive(Debug, Clone)]
pub struct VariableEnum {
    pub type_name: String,
    /// (variant, value), in spec order.
    pub variants: Vec<(String, String)>,
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
    /// The name as the spec gives it (tag name or `x-speakeasy-group`; for untagged operations
    /// see [`crate::naming::untagged_group`]).
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
    /// The operation's own `x-speakeasy-retries`, which replaces the client's policy for it
    /// (a per-call `RequestOptions::retry` still wins).
    pub retries: Option<OperationRetries>,
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
    Cookie,
}

/// A path, query, header or cookie parameter; its field lives in the request type.
#[derive(Debug, Clone)]
pub struct Param {
    pub location: ParamLocation,
    pub field: Field,
    pub encoding: ParamEncoding,
    /// The field of the client's `Globals` that fills this parameter when the request leaves
    /// it `None` (`x-speakeasy-globals`); such a parameter is optional in the request.
    pub global: Option<String>,
}

/// How a parameter's value is written into the request, decided once from its `style`,
/// `explode`, `allowReserved`, `content` and type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamEncoding {
    /// The location's default style on a primitive, enum or (query, header) list of them: the
    /// runtime's `query` / `header_param` / `path_param`, which need no serde.
    Plain,
    /// Rendered by the style rules from the value's serde form.
    Styled {
        style: ParamStyle,
        explode: bool,
        allow_reserved: bool,
    },
    /// Sent as its JSON text: `content: application/json`, or a type the style cannot render
    /// (with a warning).
    Json,
}

/// An OpenAPI parameter `style`, each valid in its location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Simple,
    Label,
    Matrix,
}

impl ParamStyle {
    /// The name in the spec.
    pub fn spec_name(self) -> &'static str {
        match self {
            ParamStyle::Form => "form",
            ParamStyle::SpaceDelimited => "spaceDelimited",
            ParamStyle::PipeDelimited => "pipeDelimited",
            ParamStyle::DeepObject => "deepObject",
            ParamStyle::Simple => "simple",
            ParamStyle::Label => "label",
            ParamStyle::Matrix => "matrix",
        }
    }

    /// The runtime's `ParamStyle` variant.
    pub fn runtime_variant(self) -> &'static str {
        match self {
            ParamStyle::Form => "Form",
            ParamStyle::SpaceDelimited => "SpaceDelimited",
            ParamStyle::PipeDelimited => "PipeDelimited",
            ParamStyle::DeepObject => "DeepObject",
            ParamStyle::Simple => "Simple",
            ParamStyle::Label => "Label",
            ParamStyle::Matrix => "Matrix",
        }
    }
}

/// The JSON request body; its field lives in the request type.
#[derive(Debug, Clone)]
pub struct Body {
    pub field: Field,
    pub content_type: String,
}

impl Body {
    /// Whether the body is sent as an `application/x-www-form-urlencoded` form of its model.
    pub fn is_form_urlencoded(&self) -> bool {
        is_form_urlencoded(&self.content_type)
    }
}

/// Whether a media type is `application/x-www-form-urlencoded` (parameters aside).
pub(crate) fn is_form_urlencoded(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/x-www-form-urlencoded")
}

/// A request-body example: every named example of the body's media type (in spec order), else
/// its single `example`, else its schema's (completed with its fields' examples). Examples that
/// name none of the body model's fields give way to the model's value
/// (`ir/usage_examples.rs`).
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
    /// The decoded body, or `None` when the response has no JSON content; for a streamed
    /// response, the type of one item.
    pub ty: Option<TypeRef>,
    pub description: Option<String>,
    /// How the body is read when it is a stream of items rather than one value.
    pub stream: Option<ResponseStream>,
}

/// A response body read item by item as it arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseStream {
    /// `text/event-stream`: each frame's `data` is one item.
    Events,
    /// `application/jsonl`, `application/x-ndjson`: each line is one item.
    Lines,
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
    // An operation's own `x-speakeasy-pagination` replaces the root rule for it.
    for op in groups.iter_mut().flat_map(|g| g.operations.iter_mut()) {
        let Some(value) = spec_operation(spec, &op.path, &op.http_method)
            .and_then(|o| o.extensions.get("x-speakeasy-pagination"))
        else {
            continue;
        };
        let pointer = format!("{}/x-speakeasy-pagination", op.pointer);
        let warnings = &mut types.warnings;
        if let Some(rule) = extensions::operation_pagination(spec, value, &pointer, warnings)? {
            op.paging = paging::operation_paging(&rule, op, &types.types, &pointer, warnings);
        }
    }
    // The docs' model values and body examples, once every type is lowered.
    let whole = usage_examples::whole_examples(spec, &types.types);
    let type_examples = usage_examples::usage_examples(&types.types, &whole);
    for op in groups.iter_mut().flat_map(|g| g.operations.iter_mut()) {
        usage_examples::settle_body_examples(op, &types.types, &whole, &type_examples);
    }
    let info = &spec.openapi.info;
    let security = security::lower(spec, &mut types.warnings)?;
    let (servers, relative_servers) = servers::lower(spec, &types.types, &mut types.warnings)?;
    let api = Api {
        title: info.title.clone(),
        summary: spec.extras.summary.clone(),
        description: info.description.clone(),
        version: info.version.clone(),
        servers,
        relative_servers,
        credential: security.credential,
        security: security.security,
        retries: extensions::retry_policy(spec)?,
        groups,
        error_model: lowered.error_model,
        webhooks,
        ignored_operations: lowered.ignored,
        globals: lowered.globals,
        publisher: brand::spec_publisher(spec, &mut types.warnings),
        examples: {
            let mut all = types.examples.clone();
            all.extend(lowered.examples);
            all.sort_by(|a, b| a.pointer.cmp(&b.pointer));
            // Path-level parameters are lowered once per operation under their path.
            all.dedup_by(|a, b| a.pointer == b.pointer);
            all
        },
        types: types.types.clone(),
        type_examples,
    };
    let mut warnings = types.warnings;
    warnings.extend(callbacks::callback_warnings(spec));
    Ok((api, warnings))
}

/// The spec's operation at `path` and (upper-case) `method`.
fn spec_operation<'s>(
    spec: &'s LoadedSpec,
    path: &str,
    method: &str,
) -> Option<&'s openapiv3::Operation> {
    let openapiv3::ReferenceOr::Item(item) = spec.openapi.paths.paths.get(path)? else {
        return None;
    };
    item.iter()
        .find(|(m, _)| m.eq_ignore_ascii_case(method))
        .map(|(_, op)| op)
}

/// The API a YAML spec lowers to, for unit tests across the crate.
#[cfg(test)]
pub(crate) fn lowered(yaml: &str) -> Api {
    let spec =
        crate::load::load_str(std::path::Path::new("test.yaml"), yaml).expect("the spec loads");
    lower(&spec).expect("the spec lowers").0
}
