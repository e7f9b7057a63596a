//! The two-API example (`examples/platform_and_lending.rs`) runs against Prism with the
//! Platform and the Lending spec: one shared configuration builds both clients, both calls are
//! accepted, and the one shared hook saw each of them.

#[path = "../examples/platform_and_lending.rs"]
mod example;

use std::path::Path;
use std::sync::{Arc, Mutex};

use codat_platform::runtime::{reqwest, BoxError, Hook, HookContext};
use sdk_tests::prism::{Mode, Prism};

/// Records `operation_id base_url` of each request.
#[derive(Default)]
struct Seen(Mutex<Vec<String>>);

impl Hook for Seen {
    fn before_request(&self, ctx: &HookContext, _: &mut reqwest::Request) -> Result<(), BoxError> {
        let line = format!("{} {}", ctx.operation_id, ctx.base_url);
        self.0.lock().unwrap().push(line);
        Ok(())
    }
}

#[tokio::test]
async fn one_configuration_serves_the_platform_and_the_lending_client() {
    let platform_spec = Path::new(sdk_tests::SPEC);
    let lending_spec = platform_spec.with_file_name("Codat-Lending.yaml");
    let Some(platform) = Prism::start_or_skip(platform_spec, Mode::Static) else {
        return;
    };
    let Some(lending) = Prism::start_or_skip(&lending_spec, Mode::Static) else {
        return;
    };
    let seen = Arc::new(Seen::default());
    let shared = example::Shared::new("Basic a2V5".to_owned(), seen.clone()).unwrap();
    let (platform_url, lending_url) = (platform.base_url(), lending.base_url());
    let summary = example::run(&shared, Some(platform_url), Some(lending_url))
        .await
        .expect("both calls succeed");
    assert!(summary.starts_with("company "), "{summary}");
    assert_eq!(
        *seen.0.lock().unwrap(),
        [
            format!("create-company {platform_url}"),
            format!("get-accounting-profile {lending_url}"),
        ]
    );
    assert_eq!(platform.request_problems(), Vec::<String>::new());
    assert_eq!(lending.request_problems(), Vec::<String>::new());
}
