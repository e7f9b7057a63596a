//! Keeping credentials on their origin: the redirect policy of the default
//! HTTP client, and the check that decides whether a call carries the
//! client's credential.
//!
//! reqwest drops `Authorization` and `Cookie` when a redirect changes host,
//! but forwards every other header, so a credential sent as `X-Api-Key` (or
//! any header a caller adds) would reach whatever host a server redirects to.
//! Instead of guessing which header names are secret, redirects leave the
//! origin (scheme, host, port) of the request never.

use reqwest::redirect::{Attempt, Policy};
use reqwest::Url;

/// Redirects followed within one origin before giving up, as reqwest's default.
const MAX_REDIRECTS: usize = 10;

/// The redirect policy of the default HTTP client: follows a redirect only
/// to the origin (scheme, host and port) the request was first sent to, at
/// most 10 times; a redirect elsewhere is not followed, and its 3XX response
/// is returned (operations report it as an API error with its `Location`).
///
/// A client passed to [`ClientBuilder::http_client`](super::ClientBuilder::http_client)
/// keeps its own policy: build it with `.redirect(redirect_policy())`, or
/// every header of a request, credentials included, may follow a redirect to
/// another host.
pub fn redirect_policy() -> Policy {
    Policy::custom(follow_within_origin)
}

fn follow_within_origin(attempt: Attempt<'_>) -> reqwest::redirect::Action {
    let Some(first) = attempt.previous().first() else {
        return attempt.stop();
    };
    if !same_origin(first, attempt.url()) {
        return attempt.stop();
    }
    if attempt.previous().len() > MAX_REDIRECTS {
        return attempt.error("too many redirects");
    }
    attempt.follow()
}

/// Whether two URLs share scheme, host and port (the default port counts as given).
pub(crate) fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// Whether two server URLs (already checked to parse) share an origin.
pub(crate) fn same_server_origin(a: &str, b: &str) -> bool {
    a == b
        || matches!(
            (Url::parse(a), Url::parse(b)),
            (Ok(a), Ok(b)) if same_origin(&a, &b)
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let same = [
            ("https://api.codat.io", "https://api.codat.io/v2"),
            ("https://api.codat.io", "https://API.codat.io:443/x"),
            ("http://127.0.0.1:80/a", "http://127.0.0.1/b"),
        ];
        for (a, b) in same {
            assert!(same_server_origin(a, b), "{a} {b}");
        }
        let different = [
            ("https://api.codat.io", "http://api.codat.io"),
            ("https://api.codat.io", "https://api.codat.io.evil.com"),
            ("https://api.codat.io", "https://api.codat.io:8443"),
            ("http://127.0.0.1:1000", "http://127.0.0.1:1001"),
            ("https://api.codat.io", "not a url"),
        ];
        for (a, b) in different {
            assert!(!same_server_origin(a, b), "{a} {b}");
        }
    }
}
