//! Retry configuration and policy.

use std::time::{Duration, SystemTime};

use crate::error::{ConnectionErrorKind, Error};
use crate::ops::{OperationSpec, Replay};

/// Exponential backoff, in milliseconds (the reference SDK's `BackoffStrategy`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BackoffStrategy {
    /// Delay before the first retry.
    pub initial_interval: u64,
    /// Longest delay between two tries.
    pub max_interval: u64,
    /// Factor applied to the delay after each try.
    pub exponent: f64,
    /// Budget for the whole call, first try included; no retry starts after it.
    pub max_elapsed_time: u64,
}

impl BackoffStrategy {
    pub fn new(initial_interval: u64, max_interval: u64, exponent: f64, max_elapsed_time: u64) -> Self {
        Self {
            initial_interval,
            max_interval,
            exponent,
            max_elapsed_time,
        }
    }
}

impl Default for BackoffStrategy {
    fn default() -> Self {
        Self::new(500, 60_000, 1.5, 60_000)
    }
}

/// `backoff` retries; `none` makes exactly one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetryStrategy {
    #[default]
    Backoff,
    None,
}

impl RetryStrategy {
    pub fn as_str(self) -> &'static str {
        match self {
            RetryStrategy::Backoff => "backoff",
            RetryStrategy::None => "none",
        }
    }
}

/// A strategy name that is neither `backoff` nor `none`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownStrategy(pub String);

impl std::fmt::Display for UnknownStrategy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "must be \"backoff\" or \"none\", got {:?}", self.0)
    }
}

impl std::error::Error for UnknownStrategy {}

impl std::str::FromStr for RetryStrategy {
    type Err = UnknownStrategy;

    /// `"backoff"` or `"none"`, as the reference SDK's `RetryConfig.strategy` spells them.
    fn from_str(name: &str) -> Result<Self, UnknownStrategy> {
        match name {
            "backoff" => Ok(RetryStrategy::Backoff),
            "none" => Ok(RetryStrategy::None),
            other => Err(UnknownStrategy(other.to_owned())),
        }
    }
}

/// When and how to retry (the reference SDK's `RetryConfig`).
///
/// Retried: 429, 5XX, and, with `retry_connection_errors`, connection errors and timeouts.
/// An operation that may not be repeated (`create`, `verify_totp`) is only retried when the
/// request surely was not applied: refused connections, 429 and 503.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryConfig {
    pub strategy: RetryStrategy,
    pub backoff: BackoffStrategy,
    pub retry_connection_errors: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            strategy: RetryStrategy::Backoff,
            backoff: BackoffStrategy::default(),
            retry_connection_errors: true,
        }
    }
}

impl RetryConfig {
    /// Backoff retries with the given schedule.
    pub fn backoff(backoff: BackoffStrategy, retry_connection_errors: bool) -> Self {
        Self {
            strategy: RetryStrategy::Backoff,
            backoff,
            retry_connection_errors,
        }
    }

    /// One attempt, no retries.
    pub fn none() -> Self {
        Self {
            strategy: RetryStrategy::None,
            ..Self::default()
        }
    }

    pub(crate) fn validate(&self) -> Result<(), Error> {
        let b = &self.backoff;
        if !(b.exponent.is_finite() && b.exponent >= 1.0) {
            return Err(Error::invalid(
                "retries.backoff.exponent",
                "must be a finite number >= 1",
            ));
        }
        if b.initial_interval > b.max_interval {
            return Err(Error::invalid(
                "retries.backoff.initial_interval",
                "must not exceed max_interval",
            ));
        }
        Ok(())
    }

    /// Delay before retry number `retry` (0 for the first retry): exponential, capped,
    /// with jitter in [50 %, 100 %] of the step so that clients do not retry in lockstep.
    pub(crate) fn delay(&self, retry: u32) -> Duration {
        let b = &self.backoff;
        let step = (b.initial_interval as f64) * b.exponent.powi(retry.min(64) as i32);
        let capped = step.min(b.max_interval as f64);
        let jittered = capped * (0.5 + 0.5 * fastrand::f64());
        Duration::from_millis(jittered as u64)
    }
}

/// Whether a failed attempt may be tried again for this operation.
pub(crate) fn is_retryable(spec: &OperationSpec, config: &RetryConfig, error: &Error) -> bool {
    if config.strategy == RetryStrategy::None {
        return false;
    }
    let safe = spec.replay == Replay::Safe;
    match error {
        Error::ClerkErrors { response, .. } | Error::Sdk(response) => {
            let status = response.status;
            status == 429 || status == 503 || (safe && (500..600).contains(&status))
        }
        Error::Connection { kind, .. } => {
            config.retry_connection_errors && (safe || *kind == ConnectionErrorKind::Connect)
        }
        Error::Timeout { maybe_sent, .. } => config.retry_connection_errors && (safe || !maybe_sent),
        Error::ResponseValidation { .. } | Error::ResponseTooLarge { .. } | Error::InvalidArgument { .. } => {
            false
        }
    }
}

/// Parses `Retry-After`: delay in seconds (fractions and exponents tolerated), or an HTTP date.
/// Any value is safe: one too large for a `Duration` saturates, a negative or non-numeric one
/// (other than a date) is ignored. The caller bounds the wait by its retry budget.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let numeric = !value.is_empty()
        && value.as_bytes()[0].is_ascii_digit()
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if numeric {
        // Digits only but beyond u64, or a float: `inf` after overflow saturates too.
        let seconds = value.parse::<f64>().ok()?;
        return Some(Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops;

    #[test]
    fn strategies_by_name() {
        assert_eq!("backoff".parse(), Ok(RetryStrategy::Backoff));
        assert_eq!("none".parse(), Ok(RetryStrategy::None));
        for strategy in [RetryStrategy::Backoff, RetryStrategy::None] {
            assert_eq!(strategy.as_str().parse(), Ok(strategy));
        }
        let error = "Backoff".parse::<RetryStrategy>().unwrap_err();
        assert_eq!(error.to_string(), r#"must be "backoff" or "none", got "Backoff""#);
    }

    #[test]
    fn retry_after_seconds_and_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        let date = httpdate::fmt_http_date(now + Duration::from_secs(5));
        assert_eq!(parse_retry_after(&date, now), Some(Duration::from_secs(5)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(5));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("1.5", now), Some(Duration::from_millis(1_500)));
        assert_eq!(parse_retry_after("1e20", now), Some(Duration::MAX));
        assert_eq!(parse_retry_after("1e400", now), Some(Duration::MAX));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::MAX)
        );
        for ignored in ["", "inf", "NaN", "-0.5", "1e", ".5e", "1..2", "\u{7f}"] {
            assert_eq!(parse_retry_after(ignored, now), None, "{ignored:?}");
        }
    }

    #[test]
    fn delay_grows_and_is_capped_with_jitter() {
        let config = RetryConfig::backoff(BackoffStrategy::new(100, 1_000, 2.0, 10_000), true);
        for _ in 0..50 {
            let first = config.delay(0).as_millis();
            assert!((50..=100).contains(&first), "{first}");
            let third = config.delay(2).as_millis();
            assert!((200..=400).contains(&third), "{third}");
            let late = config.delay(30).as_millis();
            assert!((500..=1_000).contains(&late), "{late}");
        }
    }

    fn response(status: u16) -> Error {
        Error::Sdk(Box::new(crate::error::HttpResponse {
            status,
            headers: Default::default(),
            body: String::new(),
            retry_after: None,
        }))
    }

    #[test]
    fn writes_that_may_have_been_applied_are_not_repeated() {
        let config = RetryConfig::default();
        let timeout_after_send = Error::Timeout {
            timeout: Duration::from_secs(1),
            maybe_sent: true,
        };
        let refused = Error::Connection {
            kind: ConnectionErrorKind::Connect,
            message: "refused".into(),
        };
        let reset = Error::Connection {
            kind: ConnectionErrorKind::Transfer,
            message: "reset".into(),
        };
        for (error, get, create) in [
            (response(500), true, false),
            (response(502), true, false),
            (response(503), true, true),
            (response(429), true, true),
            (response(404), false, false),
            (timeout_after_send, true, false),
            (refused, true, true),
            (reset, true, false),
        ] {
            assert_eq!(is_retryable(&ops::GET, &config, &error), get, "get {error:?}");
            assert_eq!(
                is_retryable(&ops::CREATE, &config, &error),
                create,
                "create {error:?}"
            );
        }
        assert!(!is_retryable(&ops::GET, &RetryConfig::none(), &response(503)));
        let no_conn = RetryConfig::backoff(BackoffStrategy::default(), false);
        let refused = Error::Connection {
            kind: ConnectionErrorKind::Connect,
            message: "refused".into(),
        };
        assert!(!is_retryable(&ops::GET, &no_conn, &refused));
    }
}
