//! Buffered HTTP responses.

use std::fmt;

use bytes::Bytes;
use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::error::Error;

/// A fully read HTTP response as kept by errors: status, headers, raw body.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// Raw response body.
    pub body: Bytes,
}

impl RawResponse {
    /// Whether the `Content-Type` is JSON (`application/json` or `*/*+json`);
    /// `None` when the header is absent.
    pub fn is_json(&self) -> Option<bool> {
        let value = self.headers.get(CONTENT_TYPE)?.to_str().ok()?;
        let media_type = value.split(';').next().unwrap_or("").trim();
        let media_type = media_type.to_ascii_lowercase();
        Some(media_type == "application/json" || media_type.ends_with("+json"))
    }

    /// The body as text, cut to at most `max` characters (`…` marks a cut).
    pub fn body_excerpt(&self, max: usize) -> String {
        excerpt(&self.body, max)
    }
}

impl fmt::Display for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_summary(f, self.status, &self.body)
    }
}

/// Body text cut to at most `max` characters (`…` marks a cut), on one line.
///
/// The body comes from the server and ends up in logs and terminals: control
/// and bidirectional-override characters are escaped (`\u{1b}`), so a
/// hostile body cannot rewrite the terminal or forge log lines.
pub(crate) fn excerpt(body: &[u8], max: usize) -> String {
    // A char is at most 4 bytes: no need to decode more of a large body.
    let head = &body[..body.len().min(max.saturating_mul(4).saturating_add(4))];
    let text = String::from_utf8_lossy(head);
    let text = text.trim();
    let mut out = String::new();
    for (count, c) in text.chars().enumerate() {
        if count == max {
            out.push('…');
            break;
        }
        if c.is_control() || is_bidi_control(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    if out.chars().count() < max && head.len() < body.len() && !out.ends_with('…') {
        out.push('…');
    }
    out
}

/// Characters that reorder the text around them when displayed.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Writes `API error <status>: <body excerpt>`.
pub(crate) fn write_summary(
    f: &mut fmt::Formatter<'_>,
    status: StatusCode,
    body: &[u8],
) -> fmt::Result {
    write!(f, "API error {status}")?;
    let excerpt = excerpt(body, 200);
    if !excerpt.is_empty() {
        write!(f, ": {excerpt}")?;
    }
    Ok(())
}

/// How much of a decode error's path is kept: enough for any real model's nesting.
const MAX_PATH_CHARS: usize = 200;

/// Where decoding `body` as `T` fails. Tracking the path costs an allocation per key, so it is
/// done only once a plain decode has failed: a second pass over a body that is being refused.
/// The keys come from the server: the path is cut and escaped like a body excerpt.
pub(crate) fn error_path<T: DeserializeOwned>(body: &[u8]) -> String {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(error) => excerpt(error.path().to_string().as_bytes(), MAX_PATH_CHARS),
        // The value decoded; what follows it is not whitespace.
        Ok(_) => ".".to_owned(),
    }
}

/// A successful (or hook-provided) response to an operation call.
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// Raw response body.
    pub body: Bytes,
}

impl Response {
    /// Builds a response, e.g. in a hook replacing a failure.
    pub fn new(status: StatusCode, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        Response {
            status,
            headers,
            body: body.into(),
        }
    }

    /// Decodes the body as JSON; on failure [`Error::Decode`] keeps the
    /// status, headers and raw body, and names where in the body decoding failed.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.body)
            .map_err(|source| self.decode_error(error_path::<T>(&self.body), source))
    }

    /// The [`Error::Decode`] for this response (generic over `E` only).
    fn decode_error<E>(&self, path: String, source: serde_json::Error) -> Error<E> {
        Error::Decode {
            response: Box::new(self.to_raw()),
            path,
            source,
        }
    }

    /// Accepts a response without a meaningful body (e.g. 202, 204).
    pub fn empty<E>(&self) -> Result<(), Error<E>> {
        Ok(())
    }

    /// The body as UTF-8 text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A copy as a [`RawResponse`].
    pub fn to_raw(&self) -> RawResponse {
        RawResponse {
            status: self.status,
            headers: self.headers.clone(),
            body: self.body.clone(),
        }
    }

    /// Converts into a [`RawResponse`].
    pub fn into_raw(self) -> RawResponse {
        RawResponse {
            status: self.status,
            headers: self.headers,
            body: self.body,
        }
    }
}

impl From<RawResponse> for Response {
    fn from(raw: RawResponse) -> Self {
        Response {
            status: raw.status,
            headers: raw.headers,
            body: raw.body,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpts_escape_what_could_rewrite_a_terminal_or_a_log() {
        let hostile = "\u{1b}]0;owned\u{7}\u{1b}[2J\r\nINFO fake line\u{202E}txt";
        let shown = excerpt(hostile.as_bytes(), 200);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert!(!shown.contains('\u{202E}'), "{shown:?}");
        assert!(shown.contains("\\u{1b}]0;owned"), "{shown:?}");
        assert!(
            shown.contains("\\u{d}\\u{a}INFO fake line\\u{202e}txt"),
            "{shown:?}"
        );
    }

    #[test]
    fn excerpts_are_cut_without_decoding_the_whole_body() {
        let body = "é".repeat(10_000_000);
        let shown = excerpt(body.as_bytes(), 200);
        assert_eq!(shown.chars().count(), 201);
        assert!(shown.ends_with('…'));
        assert_eq!(excerpt(b"  short  ", 200), "short");
    }
}
