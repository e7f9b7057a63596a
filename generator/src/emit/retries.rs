//! An operation's own `x-speakeasy-retries`: the `RequestOptions` its method starts from, so
//! the spec's policy for that operation replaces the client's, and a caller's per-call or
//! per-handle `retry` still replaces it.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::*;

/// The `RetryConfig` expression of a policy. The IR has checked every status of an
/// operation's policy (three digits from 400 to 599, `4XX` or `5XX`), which is what
/// `retry_status` reads.
fn retry_config(policy: &RetryPolicy) -> TokenStream {
    let statuses: Vec<_> = policy
        .status_codes
        .iter()
        .filter_map(|code| super::client::retry_status(&code.to_string()))
        .collect();
    retry_config_with(policy, &statuses)
}

/// The `RetryConfig` expression of `policy` with its statuses already as `RetryStatus`
/// expressions: one spelling for the client's policy and an operation's.
pub(super) fn retry_config_with(policy: &RetryPolicy, statuses: &[TokenStream]) -> TokenStream {
    let backoff = &policy.backoff;
    let initial = backoff.initial_interval;
    let max_interval = backoff.max_interval;
    let max_elapsed = backoff.max_elapsed_time;
    let exponent = backoff.exponent;
    let connection_errors = policy.retry_connection_errors;
    quote! {
        crate::runtime::RetryConfig::backoff(
            crate::runtime::Backoff::default()
                .with_initial_interval(std::time::Duration::from_millis(#initial))
                .with_max_interval(std::time::Duration::from_millis(#max_interval))
                .with_exponent(#exponent)
                .with_max_elapsed_time(std::time::Duration::from_millis(#max_elapsed)),
        )
        .with_statuses([#(#statuses),*])
        .with_connection_errors(#connection_errors)
    }
}

/// `let options = ...;` for an operation with its own policy, and the options expression its
/// call passes (`&<handle>.options` otherwise); `handle` is the group handle (`self`).
pub fn call_options(op: &Operation, handle: TokenStream) -> (Option<TokenStream>, TokenStream) {
    let Some(retries) = &op.retries else {
        return (None, quote! { &#handle.options });
    };
    let config = match retries {
        OperationRetries::Disabled => quote! { crate::runtime::RetryConfig::none() },
        OperationRetries::Policy(policy) => retry_config(policy),
    };
    let options = quote! {
        let options = crate::runtime::RequestOptions::new()
            .retry(#config)
            .merged(#handle.options.clone());
    };
    (Some(options), quote! { &options })
}
