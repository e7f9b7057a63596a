//! Hooks: user code run around each request, like Speakeasy's SDK hooks.

use reqwest::Method;

use super::error::{BoxError, Failure};
use super::response::Response;

/// What a hook knows about the call in progress.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct HookContext {
    /// The operation id from the spec, e.g. `"list-companies"`.
    pub operation_id: &'static str,
    /// The server URL in use (without trailing `/`).
    pub base_url: String,
    /// The HTTP method.
    pub method: Method,
    /// The encoded request path.
    pub path: String,
    /// The attempt number, starting at 1 (retries increment it).
    pub attempt: u32,
}

/// Code run around every request of a client, registered with
/// [`ClientBuilder::hook`](super::ClientBuilder::hook). Hooks run in
/// registration order; every method has a pass-through default.
pub trait Hook: Send + Sync + 'static {
    /// Runs before each attempt (retries included) and may change the request.
    /// An error aborts the call (no retry) with [`Failure::Hook`].
    fn before_request(
        &self,
        ctx: &HookContext,
        request: &mut reqwest::Request,
    ) -> Result<(), BoxError> {
        let _ = (ctx, request);
        Ok(())
    }

    /// Runs once on the final response when its status is not 4XX/5XX and
    /// may change it. An error fails the call with [`Failure::Hook`].
    fn after_success(&self, ctx: &HookContext, response: &mut Response) -> Result<(), BoxError> {
        let _ = (ctx, response);
        Ok(())
    }

    /// Runs once on the final failure (error status after retries, timeout,
    /// network error...). Return `Err` to keep (or replace) the failure, or
    /// `Ok` to replace it with a response, which is then classified by its
    /// status like any other. Later hooks run only while the outcome is
    /// still a failure.
    fn after_error(&self, ctx: &HookContext, failure: Failure) -> Result<Response, Failure> {
        let _ = ctx;
        Err(failure)
    }
}

/// A shared hook: one `Arc` registered on several clients (of one SDK or of several) sees the
/// calls of all of them.
impl<H: Hook + ?Sized> Hook for std::sync::Arc<H> {
    fn before_request(
        &self,
        ctx: &HookContext,
        request: &mut reqwest::Request,
    ) -> Result<(), BoxError> {
        (**self).before_request(ctx, request)
    }

    fn after_success(&self, ctx: &HookContext, response: &mut Response) -> Result<(), BoxError> {
        (**self).after_success(ctx, response)
    }

    fn after_error(&self, ctx: &HookContext, failure: Failure) -> Result<Response, Failure> {
        (**self).after_error(ctx, failure)
    }
}
