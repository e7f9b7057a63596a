//! Retry policy: which outcomes are retried and how long to wait between
//! attempts (Speakeasy's exponential backoff with jitter and `Retry-After`).

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;

/// When and how to retry a request.
///
/// Built from [`RetryConfig::none`] or [`RetryConfig::backoff`] and the `with_*` setters:
///
/// ```
/// use std::time::Duration;
/// use codat_runtime::{Backoff, RetryConfig, RetryStatus};
///
/// let retry = RetryConfig::backoff(Backoff::default().with_max_elapsed_time(Duration::from_secs(30)))
///     .with_statuses([RetryStatus::SERVER_ERRORS, RetryStatus::exact(429)])
///     .with_connection_errors(true);
/// assert!(retry.retries_status(codat_runtime::StatusCode::TOO_MANY_REQUESTS));
/// ```
///
/// The fields are public to read and change; new fields may be added, so the type is built
/// through its constructors rather than a struct literal.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// How to wait between attempts; [`RetryStrategy::None`] never retries.
    pub strategy: RetryStrategy,
    /// Statuses that trigger a retry: exact (`429`) or classes (`5XX`).
    pub statuses: Vec<RetryStatus>,
    /// Whether to retry transport failures (connection refused, reset, DNS,
    /// TLS, connect timeouts). A request that times out after being sent is
    /// not retried.
    pub retry_connection_errors: bool,
}

/// The waiting strategy of a [`RetryConfig`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
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
///
/// Start from [`Backoff::default`] and change what differs with the `with_*` setters; new
/// fields may be added, so there is no struct literal outside this crate.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
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

impl Backoff {
    /// Sets the base of the first interval.
    pub fn with_initial_interval(mut self, interval: Duration) -> Self {
        self.initial_interval = interval;
        self
    }

    /// Sets the upper bound of one interval (a `Retry-After` included).
    pub fn with_max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }

    /// Sets the growth factor per retry.
    pub fn with_exponent(mut self, exponent: f64) -> Self {
        self.exponent = exponent;
        self
    }

    /// Sets the total time budget for all attempts, counted from the first.
    pub fn with_max_elapsed_time(mut self, budget: Duration) -> Self {
        self.max_elapsed_time = budget;
        self
    }
}

impl RetryConfig {
    /// Never retry.
    pub fn none() -> Self {
        RetryConfig {
            strategy: RetryStrategy::None,
            statuses: Vec::new(),
            retry_connection_errors: false,
        }
    }

    /// Retries with `backoff`, on no status and no connection error until
    /// [`with_statuses`](RetryConfig::with_statuses) and
    /// [`with_connection_errors`](RetryConfig::with_connection_errors) say which.
    pub fn backoff(backoff: Backoff) -> Self {
        RetryConfig {
            strategy: RetryStrategy::Backoff(backoff),
            statuses: Vec::new(),
            retry_connection_errors: false,
        }
    }

    /// Retries responses with these statuses (replacing any set before), e.g.
    /// `[RetryStatus::SERVER_ERRORS, RetryStatus::exact(429)]`.
    pub fn with_statuses(mut self, statuses: impl IntoIterator<Item = RetryStatus>) -> Self {
        self.statuses = statuses.into_iter().collect();
        self
    }

    /// Whether to retry transport failures (connection refused, reset, DNS, TLS, connect
    /// timeouts). After one, a POST or PATCH is retried only when the request provably never
    /// left, unless the call sets
    /// [`RequestOptions::retry_non_idempotent`](super::RequestOptions::retry_non_idempotent).
    pub fn with_connection_errors(mut self, retry: bool) -> Self {
        self.retry_connection_errors = retry;
        self
    }

    /// Whether a response with `status` should be retried.
    ///
    /// Only error statuses (4XX, 5XX) are ever retried: a [`RetryStatus`] cannot
    /// name any other.
    pub fn retries_status(&self, status: StatusCode) -> bool {
        self.statuses.iter().any(|pattern| pattern.matches(status))
    }
}

/// A response status that a [`RetryConfig`] retries: one error status (`429`) or a class of
/// them (`5XX`).
///
/// Only error statuses can be named, exact 400 to 599 or the classes 4XX and 5XX: retrying a
/// success or a redirect would repeat a call the server carried out. Parse one with
/// [`str::parse`] (`"429"`, `"5XX"`, `"5xx"`), convert a number with [`TryFrom<u16>`], or use
/// the `const` constructors. [`Display`](fmt::Display) writes the form `FromStr` reads
/// (`429`, `5XX`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RetryStatus(StatusPattern);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum StatusPattern {
    /// `4` or `5`.
    Class(u8),
    /// 400 to 599.
    Exact(u16),
}

impl RetryStatus {
    /// Every 4XX status.
    pub const CLIENT_ERRORS: RetryStatus = RetryStatus::class(4);
    /// Every 5XX status.
    pub const SERVER_ERRORS: RetryStatus = RetryStatus::class(5);

    /// Exactly this status, e.g. `RetryStatus::exact(429)`.
    ///
    /// # Panics
    ///
    /// When `code` is not an error status (400 to 599); [`RetryStatus::try_from`] returns an
    /// error instead. In a `const` the panic is a compile error.
    #[track_caller]
    pub const fn exact(code: u16) -> Self {
        match RetryStatus::new_exact(code) {
            Some(status) => status,
            None => panic!("a retry status must be an error status, 400 to 599"),
        }
    }

    /// Every status of a class, by its first digit: `RetryStatus::class(5)` is `5XX`.
    ///
    /// # Panics
    ///
    /// When `digit` is not 4 or 5; `"4XX".parse()` returns an error instead. In a `const`
    /// the panic is a compile error.
    #[track_caller]
    pub const fn class(digit: u8) -> Self {
        match digit {
            4 | 5 => RetryStatus(StatusPattern::Class(digit)),
            _ => panic!("a retry status class must be 4 (4XX) or 5 (5XX)"),
        }
    }

    const fn new_exact(code: u16) -> Option<Self> {
        if code >= 400 && code <= 599 {
            Some(RetryStatus(StatusPattern::Exact(code)))
        } else {
            None
        }
    }

    /// The exact status, `None` for a class.
    pub fn code(self) -> Option<u16> {
        match self.0 {
            StatusPattern::Exact(code) => Some(code),
            StatusPattern::Class(_) => None,
        }
    }

    /// The class's first digit (`5` for `5XX`), `None` for an exact status.
    pub fn class_digit(self) -> Option<u8> {
        match self.0 {
            StatusPattern::Class(digit) => Some(digit),
            StatusPattern::Exact(_) => None,
        }
    }

    /// Whether `status` is this status or in this class.
    pub fn matches(self, status: StatusCode) -> bool {
        let code = status.as_u16();
        match self.0 {
            StatusPattern::Exact(exact) => code == exact,
            StatusPattern::Class(digit) => code / 100 == u16::from(digit),
        }
    }
}

impl fmt::Display for RetryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            StatusPattern::Exact(code) => write!(f, "{code}"),
            StatusPattern::Class(digit) => write!(f, "{digit}XX"),
        }
    }
}

impl FromStr for RetryStatus {
    type Err = InvalidRetryStatus;

    /// Reads `429` (three digits, 400 to 599) or `4XX`/`5XX` (any case of `X`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidRetryStatus {
            value: text.to_owned(),
        };
        match text.as_bytes() {
            [digit @ (b'4' | b'5'), rest @ ..] if rest.eq_ignore_ascii_case(b"xx") => {
                Ok(RetryStatus(StatusPattern::Class(digit - b'0')))
            }
            [a, b, c] if a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit() => {
                let code =
                    u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0');
                RetryStatus::new_exact(code).ok_or_else(invalid)
            }
            _ => Err(invalid()),
        }
    }
}

impl TryFrom<u16> for RetryStatus {
    type Error = InvalidRetryStatus;

    /// An exact error status (400 to 599).
    fn try_from(code: u16) -> Result<Self, Self::Error> {
        RetryStatus::new_exact(code).ok_or(InvalidRetryStatus {
            value: code.to_string(),
        })
    }
}

impl From<RetryStatus> for String {
    fn from(status: RetryStatus) -> String {
        status.to_string()
    }
}

/// A value that is not a [`RetryStatus`]: not an error status (400 to 599), `4XX` or `5XX`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRetryStatus {
    value: String,
}

impl InvalidRetryStatus {
    /// The value that was refused.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for InvalidRetryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a retry status: expected an error status (400 to 599), `4XX` or `5XX`",
            self.value
        )
    }
}

impl std::error::Error for InvalidRetryStatus {}

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
    fn retry_statuses_parse_print_and_match() {
        let s = |code| StatusCode::from_u16(code).unwrap();
        for (text, shown) in [
            ("5XX", "5XX"),
            ("5xx", "5XX"),
            ("4Xx", "4XX"),
            ("429", "429"),
            ("599", "599"),
        ] {
            let status: RetryStatus = text.parse().unwrap();
            assert_eq!(status.to_string(), shown);
            assert_eq!(shown.parse::<RetryStatus>(), Ok(status));
        }
        assert_eq!("5XX".parse(), Ok(RetryStatus::SERVER_ERRORS));
        assert_eq!("429".parse(), Ok(RetryStatus::exact(429)));
        assert_eq!(RetryStatus::try_from(503), Ok(RetryStatus::exact(503)));
        assert!(RetryStatus::class(5).matches(s(503)));
        assert!(!RetryStatus::class(5).matches(s(429)));
        assert!(RetryStatus::exact(429).matches(s(429)));
        assert!(!RetryStatus::exact(429).matches(s(428)));
        assert_eq!(RetryStatus::exact(429).code(), Some(429));
        assert_eq!(RetryStatus::CLIENT_ERRORS.class_digit(), Some(4));
    }

    #[test]
    fn non_error_statuses_are_not_retry_statuses() {
        for text in [
            "default", "2XX", "3XX", "1XX", "6XX", "200", "302", "600", "+429", "0429", "42",
            "4290", " 429", "5X", "5XXX", "", "bogus",
        ] {
            let error = text.parse::<RetryStatus>().unwrap_err();
            assert_eq!(error.value(), text);
            assert!(error.to_string().contains("not a retry status"), "{error}");
        }
        for code in [0, 200, 302, 399, 600, u16::MAX] {
            assert!(RetryStatus::try_from(code).is_err(), "{code}");
        }
        assert!(std::panic::catch_unwind(|| RetryStatus::exact(200)).is_err());
        assert!(std::panic::catch_unwind(|| RetryStatus::class(2)).is_err());
    }

    #[test]
    fn retry_config_setters() {
        let s = |code| StatusCode::from_u16(code).unwrap();
        let retry = RetryConfig::backoff(Backoff::default());
        assert!(!retry.retries_status(s(503)));
        assert!(!retry.retry_connection_errors);
        let retry = retry
            .with_statuses([RetryStatus::SERVER_ERRORS, RetryStatus::exact(429)])
            .with_connection_errors(true);
        assert!(retry.retries_status(s(503)));
        assert!(retry.retries_status(s(429)));
        assert!(!retry.retries_status(s(404)));
        assert!(!retry.retries_status(s(200)));
        assert!(retry.retry_connection_errors);
        assert_eq!(
            retry.with_statuses([RetryStatus::CLIENT_ERRORS]).statuses,
            [RetryStatus::CLIENT_ERRORS]
        );
        let backoff = Backoff::default()
            .with_initial_interval(Duration::from_millis(1))
            .with_max_interval(Duration::from_millis(2))
            .with_exponent(2.0)
            .with_max_elapsed_time(Duration::from_millis(3));
        assert_eq!(backoff.initial_interval, Duration::from_millis(1));
        assert_eq!(backoff.max_interval, Duration::from_millis(2));
        assert_eq!(backoff.exponent, 2.0);
        assert_eq!(backoff.max_elapsed_time, Duration::from_millis(3));
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
