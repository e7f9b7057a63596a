//! One program, two Codat APIs: the Platform client creates a company and the Lending client
//! reads its accounting profile. Both SDKs are built on `codat-runtime`, so one HTTP client,
//! one retry policy, one hook and one timeout configure both, and one function reads the
//! errors of either.
//!
//! Against Codat: `CODAT_AUTH_HEADER='Basic ...' cargo run -p sdk-tests --example
//! platform_and_lending`. Against mock servers, also set `CODAT_PLATFORM_URL` and
//! `CODAT_LENDING_URL` (`tests/two_apis.rs` runs it against Prism).

use std::fmt::Debug;
use std::sync::Arc;
use std::time::Duration;

use codat_lending::models::operations::GetAccountingProfileRequest;
use codat_lending::CodatLending;
use codat_platform::models::operations::CreateCompanyRequest;
use codat_platform::models::shared::CompanyRequestBody;
use codat_platform::runtime::{
    self, redirect_policy, reqwest, Backoff, BoxError, ClientBuilder, Credential, Hook,
    HookContext, RetryConfig, RetryStatus,
};
use codat_platform::CodatPlatform;

/// Prints every request either client sends.
pub struct LogCalls;

impl Hook for LogCalls {
    fn before_request(
        &self,
        ctx: &HookContext,
        _request: &mut reqwest::Request,
    ) -> Result<(), BoxError> {
        eprintln!(
            "{} {} ({}, attempt {})",
            ctx.method, ctx.path, ctx.operation_id, ctx.attempt
        );
        Ok(())
    }
}

/// The configuration both clients share.
#[derive(Clone)]
pub struct Shared {
    pub http: reqwest::Client,
    pub retry: RetryConfig,
    pub hook: Arc<dyn Hook>,
    pub timeout: Duration,
    pub auth_header: String,
}

impl Shared {
    pub fn new(auth_header: String, hook: Arc<dyn Hook>) -> Result<Self, reqwest::Error> {
        Ok(Shared {
            // One connection pool for both APIs; redirects stay on the origin they came from.
            http: reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(5))
                .redirect(redirect_policy())
                .build()?,
            retry: RetryConfig::backoff(
                Backoff::default()
                    .with_initial_interval(Duration::from_millis(200))
                    .with_max_interval(Duration::from_secs(5))
                    .with_max_elapsed_time(Duration::from_secs(30)),
            )
            .with_statuses([RetryStatus::exact(429), RetryStatus::SERVER_ERRORS])
            .with_connection_errors(true),
            hook,
            timeout: Duration::from_secs(30),
            auth_header,
        })
    }

    /// Applies the shared settings to the builder of either SDK's client: both builders are
    /// the runtime's `ClientBuilder`.
    pub fn configure<C>(
        &self,
        builder: ClientBuilder<C>,
        server_url: Option<&str>,
    ) -> ClientBuilder<C> {
        let builder = builder
            .http_client(self.http.clone())
            .retry_config(self.retry.clone())
            .hook(self.hook.clone())
            .timeout(self.timeout)
            .credential(Credential::header(
                "Authorization",
                self.auth_header.clone(),
            ));
        match server_url {
            Some(url) => builder.server_url(url),
            None => builder,
        }
    }
}

/// What went wrong, for either SDK: each returns `runtime::Error<E>`, the same enum, with its
/// own API's error model as `E`.
pub fn describe<E: Debug>(error: &runtime::Error<E>) -> String {
    match (error.status(), error.data()) {
        (Some(status), Some(data)) => format!("{status}: {data:?}"),
        (Some(status), None) => format!("{status}: {error}"),
        _ => error.to_string(),
    }
}

/// Creates a company on the Platform API and reads its accounting profile from the Lending API.
pub async fn run(
    shared: &Shared,
    platform_url: Option<&str>,
    lending_url: Option<&str>,
) -> Result<String, String> {
    let built = |e: runtime::BuildError| e.to_string();
    let platform = shared
        .configure(CodatPlatform::builder(), platform_url)
        .build()
        .map_err(built)?;
    let lending = shared
        .configure(CodatLending::builder(), lending_url)
        .build()
        .map_err(built)?;

    let company = platform
        .companies()
        .create(
            CreateCompanyRequest::new().with_body(
                CompanyRequestBody::new("Toft stores")
                    .with_description("Created by the two-API example"),
            ),
        )
        .await
        .map_err(|e| describe(&e))?;
    let profile = lending
        .company_info()
        .get_accounting_profile(GetAccountingProfileRequest::new(company.id.clone()))
        .await
        .map_err(|e| describe(&e))?;
    Ok(format!(
        "company {} ({}): accounting profile of {:?}",
        company.name, company.id, profile.company_name
    ))
}

#[allow(dead_code)] // tests/two_apis.rs compiles this file as a module and calls `run`
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let auth_header = std::env::var("CODAT_AUTH_HEADER")
        .map_err(|_| "set CODAT_AUTH_HEADER to your API key's header value ('Basic ...')")?;
    let platform_url = std::env::var("CODAT_PLATFORM_URL").ok();
    let lending_url = std::env::var("CODAT_LENDING_URL").ok();
    let shared = Shared::new(auth_header, Arc::new(LogCalls))?;
    let summary = run(&shared, platform_url.as_deref(), lending_url.as_deref()).await?;
    println!("{summary}");
    Ok(())
}
