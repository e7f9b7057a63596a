//! Retry policy: which outcomes are retried and how long to wait between
//! attempts (Speakeasy's exponential backoff with jitter and `Retry-After`).

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;

/// When and how to retry a request.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryConfig {
    /// How to wait between attempts; [`RetryStrategy::None`] never retries.
    pub strategy: RetryStrategy,
    /// Statuses that trigger a retry: exact (`"429"`) or ranges (`"5XX"`).
    pub status_codes: Vec<String>,
    /// Whether to retry transport failures (connection refused, reset, DNS,
    /// TLS, connect timeouts). A request that times out after being sent is
    /// not retried.
    pub retry_connection_errors: bool,
}

/// The waiting strategy of a [`RetryConfig`].
#[derive(Debug, Clone, PartialEq)]
pub enum RetryStrategy {
    /// Exponential backoff with jitter.
    Backoff(Backoff),
    /// No retries.
    None,
}

/// Exponential backoff parameters.
///
/// Before retry `n` (0-based) the client sleeps
/// `min(initial_interval * exponent^n + uniform(0 s, 1 s), max_interval)`,
/// or the server's `Retry-After` when it gives a positive delay. It gives up
/// and returns the last outcome when the sleep would end after
/// `max_elapsed_time` counted from the first attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct Backoff {
    /// Base of the first interval.
    pub initial_interval: Duration,
    /// Upper bound of one computed interval.
    pub max_interval: Duration,
    /// Growth factor per retry.
    pub exponent: f64,
    /// Total time budget for all attempts.
    pub max_elapsed_time: Duration,
}

impl Default for Backoff {
    /// Speakeasy's defaults: 500 ms, 60 s, 1.5, 1 hour.
    fn default() -> Self {
        Backoff {
            initial_interval: Duration::from_millis(500),
            max_interval: Duration::from_secs(60),
            exponent: 1.5,
            max_elapsed_time: Duration::from_secs(3600),
        }
    }
}

impl RetryConfig {
    /// Never retry.
    pub fn none() -> Self {
        RetryConfig {
            strategy: RetryStrategy::None,
            status_codes: Vec::new(),
            retry_connection_errors: false,
        }
    }

    /// Backoff on the given statuses (`"408"`, `"5XX"`...).
    pub fn backoff<S: Into<String>>(
        backoff: Backoff,
        status_codes: impl IntoIterator<Item = S>,
        retry_connection_errors: bool,
    ) -> Self {
        RetryConfig {
            strategy: RetryStrategy::Backoff(backoff),
            status_codes: status_codes.into_iter().map(Into::into).collect(),
            retry_connection_errors,
        }
    }

    /// Whether a response with `status` should be retried.
    pub fn retries_status(&self, status: StatusCode) -> bool {
        self.status_codes
            .iter()
            .any(|pattern| status_matches(pattern, status))
    }
}

impl Backoff {
    /// The computed sleep before retry number `retries` (0-based), ignoring
    /// `Retry-After`.
    pub fn interval(&self, retries: u32) -> Duration {
        let base = self.initial_interval.as_secs_f64() * self.exponent.powf(f64::from(retries));
        let jitter = fastrand::f64();
        let seconds = base + jitter;
        let max = self.max_interval.as_secs_f64();
        if seconds.is_finite() && seconds < max {
            Duration::from_secs_f64(seconds.max(0.0))
        } else {
            self.max_interval
        }
    }
}

/// Whether `status` matches a spec status pattern: `"404"`, `"4XX"` (any
/// case) or `"default"`.
pub(crate) fn status_matches(pattern: &str, status: StatusCode) -> bool {
    if pattern.eq_ignore_ascii_case("default") {
        return true;
    }
    let code = status.as_u16();
    let bytes = pattern.as_bytes();
    if bytes.len() == 3 && bytes[1..].eq_ignore_ascii_case(b"xx") {
        return bytes[0].is_ascii_digit() && u16::from(bytes[0] - b'0') == code / 100;
    }
    pattern.parse::<u16>() == Ok(code)
}

/// The delay asked for by a `Retry-After` header (delta seconds, possibly
/// fractional, or an HTTP date), if present, valid and positive.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    let delay = match value.parse::<f64>() {
        Ok(seconds) if seconds.is_finite() && seconds > 0.0 => Duration::from_secs_f64(seconds),
        Ok(_) => return None,
        Err(_) => httpdate::parse_http_date(value)
            .ok()?
            .duration_since(now)
            .ok()?,
    };
    (!delay.is_zero()).then_some(delay)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn status_patterns() {
        let s = |code| StatusCode::from_u16(code).unwrap();
        assert!(status_matches("5XX", s(503)));
        assert!(status_matches("5xx", s(500)));
        assert!(!status_matches("5XX", s(429)));
        assert!(status_matches("429", s(429)));
        assert!(!status_matches("429", s(428)));
        assert!(status_matches("default", s(418)));
        assert!(!status_matches("bogus", s(500)));
    }

    #[test]
    fn backoff_interval_is_capped_and_jittered() {
        let backoff = Backoff {
            initial_interval: Duration::from_millis(500),
            max_interval: Duration::from_secs(60),
            exponent: 1.5,
            max_elapsed_time: Duration::from_secs(3600),
        };
        for retries in 0..4 {
            let base = 0.5 * 1.5_f64.powi(retries as i32);
            let got = backoff.interval(retries).as_secs_f64();
            assert!(got >= base && got <= base + 1.0, "{retries}: {got}");
        }
        assert_eq!(backoff.interval(100), Duration::from_secs(60));
        let tiny = Backoff {
            max_interval: Duration::from_millis(5),
            ..backoff
        };
        assert_eq!(tiny.interval(0), Duration::from_millis(5));
    }

    #[test]
    fn retry_after_header() {
        let now = SystemTime::now();
        let headers = |value: &str| {
            let mut map = HeaderMap::new();
            map.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
            map
        };
        assert_eq!(
            retry_after(&headers("2"), now),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            retry_after(&headers("0.5"), now),
            Some(Duration::from_millis(500))
        );
        assert_eq!(retry_after(&headers("0"), now), None);
        assert_eq!(retry_after(&headers("soon"), now), None);
        let date = httpdate::fmt_http_date(now + Duration::from_secs(30));
        let delay = retry_after(&headers(&date), now).unwrap();
        assert!(delay > Duration::from_secs(28) && delay <= Duration::from_secs(30));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(retry_after(&headers(&past), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }
}
