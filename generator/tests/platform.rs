//! The Platform spec lowers to the SDK surface the reference names: 12 groups, 51 methods,
//! 3 of them deprecated with their replacements.

use std::path::{Path, PathBuf};

fn platform() -> generator::ir::Api {
    let dir = match std::env::var_os("CODAT_SPECS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/codat"),
    };
    let spec = generator::load::load_file(&dir.join("Codat-Platform.yaml")).expect("loads");
    generator::ir::lower(&spec).expect("lowers").0
}

#[test]
fn groups_and_methods_match_the_reference() {
    let expected: &[(&str, &[&str])] = &[
        (
            "companies",
            &[
                "add_product",
                "create",
                "delete",
                "get",
                "get_access_token",
                "get_company_sync_settings",
                "list",
                "refresh_product_data",
                "remove_product",
                "replace",
                "set_company_sync_settings",
                "update",
            ],
        ),
        ("connection_management", &["get"]),
        (
            "connections",
            &[
                "create",
                "delete",
                "get",
                "list",
                "unlink",
                "update_authorization",
            ],
        ),
        ("cors", &["get", "set"]),
        (
            "custom_data_type",
            &["configure", "get_configuration", "list", "refresh"],
        ),
        ("integrations", &["get", "get_branding", "list"]),
        (
            "push_data",
            &["get_model_options", "get_operation", "list_operations"],
        ),
        ("read_data", &["get_validation_results"]),
        (
            "refresh_data",
            &[
                "all",
                "by_data_type",
                "get",
                "get_pull_operation",
                "list_pull_operations",
            ],
        ),
        (
            "settings",
            &[
                "create_api_key",
                "delete_api_key",
                "get",
                "get_profile",
                "get_sync_settings",
                "list_api_keys",
                "set",
                "update_profile",
                "update_sync_settings",
            ],
        ),
        ("supplemental_data", &["configure", "get_configuration"]),
        (
            "webhooks",
            &["create_consumer", "delete_consumer", "list_consumers"],
        ),
    ];
    let api = platform();
    let actual: Vec<(&str, Vec<&str>)> = api
        .groups
        .iter()
        .map(|g| {
            (
                g.module.as_str(),
                g.operations.iter().map(|o| o.method.as_str()).collect(),
            )
        })
        .collect();
    let expected: Vec<(&str, Vec<&str>)> = expected.iter().map(|(g, m)| (*g, m.to_vec())).collect();
    assert_eq!(actual, expected);
    assert_eq!(actual.iter().map(|(_, m)| m.len()).sum::<usize>(), 51);
    assert_eq!(api.ignored_operations, ["rotate-zapier-key"]);
}

#[test]
fn three_operations_are_deprecated_with_replacements() {
    let api = platform();
    let deprecated: Vec<(String, Option<(String, String)>)> = api
        .groups
        .iter()
        .flat_map(|g| g.operations.iter().map(move |o| (g, o)))
        .filter_map(|(g, o)| {
            let d = o.deprecation.as_ref()?;
            assert!(
                d.message.as_deref().is_some_and(|m| !m.is_empty()),
                "{} has no message",
                o.operation_id
            );
            Some((format!("{}.{}", g.module, o.method), d.replacement.clone()))
        })
        .collect();
    let pair = |g: &str, m: &str| Some((g.to_owned(), m.to_owned()));
    assert_eq!(
        deprecated,
        [
            (
                "connection_management.get".to_owned(),
                pair("companies", "get_access_token")
            ),
            ("cors.get".to_owned(), pair("settings", "get")),
            ("cors.set".to_owned(), pair("settings", "set")),
        ]
    );
}

#[test]
fn retries_servers_and_credential_come_from_the_spec() {
    let api = platform();
    assert_eq!(api.servers[0].url, "https://api.codat.io");
    let credential = api.credential.expect("auth_header");
    assert_eq!(
        (credential.scheme.as_str(), credential.header.as_str()),
        ("auth_header", "Authorization")
    );
    let retries = api.retries.expect("x-speakeasy-retries");
    assert_eq!(retries.backoff.initial_interval, 500);
    assert_eq!(retries.backoff.max_interval, 60_000);
    assert_eq!(retries.backoff.max_elapsed_time, 3_600_000);
    assert_eq!(retries.backoff.exponent, 1.5);
    let statuses: Vec<String> = retries.status_codes.iter().map(|s| s.to_string()).collect();
    assert_eq!(statuses, ["408", "429", "5XX"]);
    assert!(retries.retry_connection_errors);
}
