//! The semver policy, as a user meets it: code written against the Platform SDK of the older
//! spec (upstream 28f4886) compiles unchanged against the SDK of the current spec, which adds
//! operations, models and webhook events, because structs and enums are `#[non_exhaustive]` and
//! built through `new` and `with_` setters. The one change the policy cannot absorb, a field
//! whose type changes (`Connection.integration_key`, `String` to `Option<String>`), breaks the
//! code that reads it; the semver report names it as a major change.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// Code a user writes against either SDK: requests built with `new` and setters, a model read
/// through a pattern with `..`, a webhook event matched with a `_` arm.
const USER_CODE: &str = r#"
use codat_platform::models::{operations, shared};
use codat_platform::webhooks::WebhookEvent;

pub fn list_connections() -> operations::ListConnectionsRequest {
    operations::ListConnectionsRequest::new("company-id")
        .with_page_size(10)
        .with_order_by("-created")
}

pub fn create_company() -> operations::CreateCompanyRequest {
    operations::CreateCompanyRequest::new()
        .with_body(shared::CompanyRequestBody::new("Toft stores").with_description("New"))
}

pub fn describe(connection: &shared::Connection) -> String {
    let shared::Connection { id, platform_name, status, .. } = connection;
    format!("{id} on {platform_name}: {status}")
}

pub fn event_kind(event: &WebhookEvent) -> &'static str {
    match event {
        WebhookEvent::CompanyCreated(_) => "company created",
        WebhookEvent::Unknown { .. } => "not in the spec",
        _ => "other",
    }
}
"#;

/// Reads the field whose type the update changes, as the older SDK types it.
const READS_CHANGED_FIELD: &str = r#"
pub fn key(connection: &codat_platform::models::shared::Connection) -> &String {
    &connection.integration_key
}
"#;

#[test]
fn user_code_written_for_the_older_sdk_compiles_against_the_newer() {
    let work = workspace();
    let generated = generate(&history_spec(), &work.join("sdk"), false);
    assert!(generated.status.success(), "{}", stderr(&generated));
    write_user_code(&work, &[USER_CODE, READS_CHANGED_FIELD]);
    check(&work).unwrap_or_else(|e| panic!("against the older SDK: {e}"));

    let generated = generate(&current_spec(), &work.join("sdk"), false);
    assert!(generated.status.success(), "{}", stderr(&generated));
    let error = check(&work).expect_err("a changed field type breaks the code that reads it");
    assert!(
        error.contains("integration_key") && error.contains("Option<String>"),
        "{error}"
    );
    write_user_code(&work, &[USER_CODE]);
    check(&work).unwrap_or_else(|e| panic!("against the newer SDK: {e}"));
}

/// A fresh workspace with the members `sdk` (generated into) and `user`, and this
/// workspace's lock file so `--offline` finds every dependency.
fn workspace() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("user-code-across-update");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("user/src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"sdk\", \"user\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("user/Cargo.toml"),
        "[package]\nname = \"user\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n\
         codat-platform = { path = \"../sdk\", default-features = false, features = [\"companies\", \"connections\"] }\n",
    )
    .unwrap();
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::copy(lock, dir.join("Cargo.lock")).unwrap();
    dir
}

fn write_user_code(work: &Path, parts: &[&str]) {
    std::fs::write(work.join("user/src/lib.rs"), parts.concat()).unwrap();
}

/// `cargo check -p user`; the compiler's messages on failure.
fn check(work: &Path) -> Result<(), String> {
    let output = Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet", "-p", "user"])
        .current_dir(work)
        // Outside the workspace directory, so dependencies build once across runs.
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("user-code-target"),
        )
        .output()
        .expect("cargo runs");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}
