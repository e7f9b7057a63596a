//! Shared test helpers: the error model, a client factory, fast retry policies.

#![allow(dead_code)]

pub mod loopback;

use std::time::Duration;

use codat_runtime::{Backoff, Client, ClientBuilder, RetryConfig, RetryStatus, SdkDefaults};
use serde::Deserialize;
use wiremock::MockServer;

/// The spec's documented error model, as a test stand-in.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ErrorModel {
    pub status_code: i32,
    pub error: String,
}

/// Retries on 408/429/5XX and connection errors with millisecond backoff.
pub fn fast_retry(max_elapsed: Duration) -> RetryConfig {
    RetryConfig::backoff(
        Backoff::default()
            .with_initial_interval(Duration::from_millis(1))
            .with_max_interval(Duration::from_millis(10))
            .with_max_elapsed_time(max_elapsed),
    )
    .with_statuses([
        RetryStatus::exact(408),
        RetryStatus::exact(429),
        RetryStatus::SERVER_ERRORS,
    ])
    .with_connection_errors(true)
}

pub fn defaults(server: &str) -> SdkDefaults {
    SdkDefaults {
        servers: vec![server.to_owned()],
        user_agent: "test-sdk/1.0".to_owned(),
        retry: fast_retry(Duration::from_secs(2)),
        credential_header: None,
    }
}

pub fn builder(server: &MockServer) -> ClientBuilder<Client> {
    Client::builder(defaults(&server.uri()))
}

pub fn client(server: &MockServer) -> Client {
    builder(server).build().expect("client builds")
}

pub async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.expect("recording").len()
}
