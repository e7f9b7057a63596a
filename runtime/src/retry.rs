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
/// `min(initial_interval * exponent^n + uniform(0 s, 1 s), max_interval)`.
/// A `Retry-After` header (delta seconds or HTTP date) replaces that
/// computed interval, but never exceeds `max_interval`, as in Speakeasy's SDKs,
/// whose loop caps every sleep with `min(sleep, max_interval)`: a server
/// asking for an hour cannot park a call for an hour. A value that is not a
/// positive number of seconds (or a future date), or is too large to be a
/// [`Duration`] at all (`1e20`, `1e308`), is ignored and the computed interval
/// is used. The client gives up and returns the last outcome as soon as the
/// next sleep would end after `max_elapsed_time`, counted from the first
/// attempt. Nothing here panics, whatever the header or the parameters
/// (a NaN or huge exponent, a `Duration::MAX` interval).
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
    ///
    /// Only error statuses (4XX, 5XX) are ever retried, whatever the patterns
    /// say: a `"default"` or `"2XX"` would repeat calls the server carried out.
    pub fn retries_status(&self, status: StatusCode) -> bool {
        (status.is_client_error() || status.is_server_error())
            && self
                .status_codes
                .iter()
                .any(|pattern| status_matches(pattern, status))
    }
}

impl Backoff {
    /// The computed sleep before retry number `retries` (0-based), ignoring
    /// `Retry-After`.
    pub fn interval(&self, retries: u32) -> Duration {
        let base = self.initial_interval.as_secs_f64() * self.exponent.powf(f64::from(retries));
        let seconds = base + fastrand::f64();
        // A NaN, infinite or negative product (odd exponents) and anything not
        // representable as a Duration all fall back to the cap.
        match Duration::try_from_secs_f64(seconds) {
            Ok(interval) => interval.min(self.max_interval),
            Err(_) => self.max_interval,
        }
    }

    /// The sleep before retry number `retries`: the server's `Retry-After`
    /// when it sent a usable one, else [`Backoff::interval`]; either way at
    /// most `max_interval`, and a `Retry-After` at least `initial_interval`
    /// (a server asking for 1 ms must not turn one call into a flood).
    pub fn delay(&self, retries: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(asked) => asked.max(self.initial_interval).min(self.max_interval),
            None => self.interval(retries),
        }
    }

    /// Whether a sleep of `delay` starting `elapsed` after the first attempt
    /// still ends within `max_elapsed_time` (an overflowing sum does not).
    pub fn allows(&self, elapsed: Duration, delay: Duration) -> bool {
        elapsed
            .checked_add(delay)
            .is_some_and(|end| end <= self.max_elapsed_time)
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
/// fractional, or an HTTP date), if present, valid, positive and
/// representable as a [`Duration`]; anything else is `None` (the caller then
/// uses its backoff), never a panic.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    let delay = match value.parse::<f64>() {
        // `try_from` refuses NaN, infinities, negatives and values past
        // `Duration::MAX` (`1e20`, `18446744073709551616`, `1e308`).
        Ok(seconds) => Duration::try_from_secs_f64(seconds).ok()?,
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

    #[test]
    fn absurd_retry_after_values_are_ignored_without_panicking() {
        let now = SystemTime::now();
        for value in [
            "1e20",
            "18446744073709551616",
            "1e308",
            "inf",
            "NaN",
            "-5",
            "-0",
        ] {
            let mut map = HeaderMap::new();
            map.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
            assert_eq!(retry_after(&map, now), None, "{value}");
        }
        let mut far = HeaderMap::new();
        far.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Fri, 31 Dec 9999 23:59:59 GMT"),
        );
        let asked = retry_after(&far, now).expect("a far date is still a date");
        assert_eq!(
            Backoff::default().delay(0, Some(asked)),
            Duration::from_secs(60)
        );
    }

    #[test]
    fn retry_after_is_capped_at_max_interval() {
        let backoff = Backoff::default();
        let asked = |secs| Some(Duration::from_secs(secs));
        assert_eq!(backoff.delay(0, asked(2)), Duration::from_secs(2));
        assert_eq!(backoff.delay(0, asked(120)), Duration::from_secs(60));
        assert_eq!(backoff.delay(0, asked(3599)), Duration::from_secs(60));
        assert!(backoff.delay(0, None) <= Duration::from_millis(1500));
    }

    #[test]
    fn a_tiny_retry_after_waits_at_least_the_initial_interval() {
        let backoff = Backoff::default();
        for asked in [Duration::from_nanos(1), Duration::from_millis(1)] {
            assert_eq!(backoff.delay(3, Some(asked)), Duration::from_millis(500));
        }
    }

    #[test]
    fn only_error_statuses_are_retried_whatever_the_patterns() {
        let s = |code| StatusCode::from_u16(code).unwrap();
        let retry = RetryConfig::backoff(Backoff::default(), ["default", "2XX", "3XX"], false);
        assert!(!retry.retries_status(s(200)));
        assert!(!retry.retries_status(s(201)));
        assert!(!retry.retries_status(s(302)));
        assert!(retry.retries_status(s(503)));
        assert!(retry.retries_status(s(404)));
    }

    #[test]
    fn hostile_backoff_parameters_do_not_panic() {
        let hostile = [
            (Duration::MAX, Duration::MAX, 1.5),
            (Duration::from_secs(1), Duration::MAX, 1e300),
            (Duration::from_secs(1), Duration::MAX, f64::NAN),
            (Duration::from_secs(1), Duration::MAX, f64::INFINITY),
            (Duration::from_secs(1), Duration::from_secs(5), -3.0),
            (Duration::ZERO, Duration::ZERO, 0.0),
        ];
        for (initial_interval, max_interval, exponent) in hostile {
            let backoff = Backoff {
                initial_interval,
                max_interval,
                exponent,
                max_elapsed_time: Duration::MAX,
            };
            for retries in [0, 1, 7, u32::MAX] {
                assert!(backoff.interval(retries) <= max_interval);
            }
            // The time budget check cannot overflow either.
            assert!(!backoff.allows(Duration::from_secs(1), Duration::MAX));
            assert!(backoff.allows(Duration::ZERO, Duration::ZERO));
        }
    }
}
