//! What may be printed of values that can hold secrets: URLs lose their
//! userinfo, header maps show their names only. Used by every `Debug` impl
//! and error message that shows a server URL or user-set headers.

use std::fmt;

use reqwest::header::HeaderMap;

/// `url` with any userinfo (`user:password@`) replaced by `[redacted]@`.
///
/// Works on text that does not parse too (error messages show such URLs):
/// the authority is whatever follows `://` (or the start) up to the first
/// `/`, `?` or `#`, and everything in it up to its last `@` is userinfo.
pub(crate) fn redact_url(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let authority_len = url[start..]
        .find(['/', '?', '#'])
        .unwrap_or(url.len() - start);
    let authority = &url[start..start + authority_len];
    match authority.rfind('@') {
        Some(at) => format!("{}[redacted]{}", &url[..start], &url[start + at..]),
        None => url.to_owned(),
    }
}

/// `Debug` of an optional URL, redacted.
pub(crate) struct RedactedUrl<'a>(pub(crate) Option<&'a str>);

impl fmt::Debug for RedactedUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(url) => f.debug_tuple("Some").field(&redact_url(url)).finish(),
            None => f.write_str("None"),
        }
    }
}

/// `Debug` of a header map as its names only: a user-set header may be a
/// credential under any name, so no value is ever printed.
pub(crate) struct HeaderNames<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_redacted_parsed_or_not() {
        let cases = [
            ("http://user:pw@host/x", "http://[redacted]@host/x"),
            ("https://pw@host", "https://[redacted]@host"),
            ("http://u:p@ss@host:1/a@b", "http://[redacted]@host:1/a@b"),
            ("http://user:pw@host:99999", "http://[redacted]@host:99999"),
            ("user:pw@host/x", "[redacted]@host/x"),
            (
                "https://api.codat.io/a@b?c=d@e",
                "https://api.codat.io/a@b?c=d@e",
            ),
            ("not a url", "not a url"),
            ("", ""),
        ];
        for (url, redacted) in cases {
            assert_eq!(redact_url(url), redacted, "{url}");
        }
    }
}
