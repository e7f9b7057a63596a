//! Snapshot tests: one small spec per rule in `tests/snapshots/CASE/openapi.yaml`, its generated
//! crate (minus the runtime copy) committed beside it in `expected/`. A mismatch prints a diff;
//! `UPDATE_EXPECT=1 cargo test -p codat-sdk-generator --test snapshots` accepts the new output.
//! `snapshot_crates.rs` compiles every expected crate with warnings denied.

#[path = "snapshots/harness.rs"]
#[allow(dead_code)] // `committed_crate` is for the compile test
mod harness;

/// One `#[test]` per case, and the list the completeness test compares with the directory.
macro_rules! cases {
    ($($case:ident),* $(,)?) => {
        const CASES: &[&str] = &[$(stringify!($case)),*];
        $(
            #[test]
            fn $case() {
                harness::check(stringify!($case));
            }
        )*
    };
}

cases! {
    additional_properties,
    all_of,
    big_integers,
    deprecation,
    downloads,
    feature_gating,
    form_bodies,
    globals,
    json_schema_2020_12,
    keywords_and_collisions,
    markdown_docs,
    missing_operation_ids,
    name_collisions,
    name_overrides,
    nested_examples,
    no_responses,
    nullable_3_0,
    nullable_one_of_null,
    nullable_type_array,
    oas_api_with_examples,
    oas_callback_example,
    oas_link_example,
    oas_non_oauth_scopes,
    oas_nullable_3_0,
    oas_petstore,
    oas_petstore_expanded,
    oas_type_null_3_1,
    oas_uspto,
    oas_webhook_example,
    oauth2_client_credentials,
    open_enums,
    pagination,
    parameter_styles,
    recursive_schemas,
    request_bodies,
    schema_titles,
    security_schemes,
    server_variables,
    servers_and_security,
    speakeasy_extensions,
    speakeasy_pagination,
    streaming_bodies,
    union_of_strings,
    unions_of_objects,
    unions_of_primitives,
    untagged_operations,
    validation_only_composition,
    webhooks,
    webhooks_only,
}

/// A case directory without a test here would never be checked.
#[test]
fn every_case_directory_has_a_test() {
    assert_eq!(harness::case_names(), CASES, "add the case to `cases!`");
}
