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
    deprecation,
    downloads,
    feature_gating,
    keywords_and_collisions,
    markdown_docs,
    nullable_3_0,
    nullable_one_of_null,
    nullable_type_array,
    open_enums,
    pagination,
    recursive_schemas,
    request_bodies,
    schema_titles,
    servers_and_security,
    union_of_strings,
    unions_of_objects,
    unions_of_primitives,
    webhooks,
}

/// A case directory without a test here would never be checked.
#[test]
fn every_case_directory_has_a_test() {
    assert_eq!(harness::case_names(), CASES, "add the case to `cases!`");
}
