//! The settings of `Clerk(...)` and the options of one call (`retries`, `server_url`,
//! `timeout_ms`, `http_headers`, `max_response_bytes`) into the core's.

use std::time::Duration;

use clerk_backend::{
    BackoffStrategy, CallOptions, Clerk, ClerkBuilder, RateLimit, RetryConfig, RetryStrategy,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// `(strategy, initial_interval, max_interval, exponent, max_elapsed_time, retry_connection_errors)`,
/// built by `clerk_backend.utils` from a `RetryConfig`.
type RetryTuple = (String, u64, u64, f64, u64, bool);

pub fn retry_config(value: &Bound<'_, PyAny>) -> PyResult<RetryConfig> {
    let (strategy, initial, max, exponent, elapsed, connection_errors): RetryTuple = value
        .extract()
        .map_err(|e| PyTypeError::new_err(format!("retries: expected a RetryConfig ({e})")))?;
    let strategy: RetryStrategy = strategy
        .parse()
        .map_err(|unknown| PyValueError::new_err(format!("retries.strategy {unknown}")))?;
    Ok(RetryConfig {
        strategy,
        backoff: BackoffStrategy::new(initial, max, exponent, elapsed),
        retry_connection_errors: connection_errors,
    })
}

/// The core's default backoff, as `clerk_backend.utils.BackoffStrategy` takes it:
/// `(initial_interval, max_interval, exponent, max_elapsed_time)`.
pub fn default_backoff() -> (u64, u64, f64, u64) {
    let b = BackoffStrategy::default();
    (b.initial_interval, b.max_interval, b.exponent, b.max_elapsed_time)
}

pub fn timeout(value: &Bound<'_, PyAny>) -> PyResult<Duration> {
    let ms: u64 = value
        .extract()
        .map_err(|_| PyValueError::new_err("timeout_ms must be a positive integer (milliseconds)"))?;
    Ok(Duration::from_millis(ms))
}

pub fn max_response_bytes(value: &Bound<'_, PyAny>) -> PyResult<u64> {
    value
        .extract()
        .map_err(|_| PyValueError::new_err("max_response_bytes must be a positive integer (bytes)"))
}

pub fn headers(value: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let dict = value
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err("http_headers must be a dict of str to str"))?;
    dict.iter()
        .map(|(k, v)| {
            let pair: PyResult<(String, String)> = (|| Ok((k.extract()?, v.extract()?)))();
            pair.map_err(|_: PyErr| PyTypeError::new_err("http_headers must be a dict of str to str"))
        })
        .collect()
}

/// Per-call options from a dict holding only the keys the caller gave.
pub fn call_options(options: Option<&Bound<'_, PyDict>>) -> PyResult<Option<CallOptions>> {
    let Some(options) = options else {
        return Ok(None);
    };
    let mut out = CallOptions::default();
    for (key, value) in options.iter() {
        let key: String = key.extract()?;
        match key.as_str() {
            "retries" => out.retries = Some(retry_config(&value)?),
            "server_url" => out.server_url = Some(value.extract()?),
            "timeout_ms" => out.timeout = Some(timeout(&value)?),
            "http_headers" => out.headers = headers(&value)?,
            "max_response_bytes" => out.max_response_bytes = Some(max_response_bytes(&value)?),
            // Set by `clerk_backend` when its logger logs DEBUG: every attempt is recorded.
            "log_attempts" => {
                if value.is_truthy()? {
                    out.on_attempt = Some(crate::pacing::logging_hook(true));
                }
            }
            other => return Err(PyTypeError::new_err(format!("unknown call option {other:?}"))),
        }
    }
    Ok(Some(out))
}

/// A client's settings, as given to `Clerk(...)`.
pub struct Settings {
    /// Kept to rebuild the client in a forked child; wiped when the client goes.
    pub bearer_auth: zeroize::Zeroizing<String>,
    pub server_url: Option<String>,
    pub retry_config: Option<RetryConfig>,
    pub timeout: Option<Duration>,
    pub api_version: Option<String>,
    pub headers: Vec<(String, String)>,
    pub max_response_bytes: Option<u64>,
    pub allow_insecure_http: bool,
    pub rate_limit: Option<Pacing>,
    pub max_concurrency: Option<usize>,
}

/// `Clerk(rate_limit=...)`: a `RateLimit`, or `"auto"` for Clerk's documented limit of the key.
pub enum Pacing {
    Auto,
    Given(RateLimit),
}

/// `RateLimit(requests, per_seconds)` as `(requests, per_seconds)`, or `"auto"`.
pub fn rate_limit(value: &Bound<'_, PyAny>) -> PyResult<Pacing> {
    if let Ok(text) = value.extract::<String>() {
        return match text.as_str() {
            "auto" => Ok(Pacing::Auto),
            other => Err(PyValueError::new_err(format!(
                "rate_limit must be a RateLimit or \"auto\", got {other:?}"
            ))),
        };
    }
    let (requests, per_seconds): (u32, f64) = value
        .extract()
        .map_err(|_| PyTypeError::new_err("rate_limit must be a RateLimit or \"auto\""))?;
    let per = Duration::try_from_secs_f64(per_seconds).map_err(|_| {
        PyValueError::new_err(format!(
            "rate_limit.per_seconds must be positive, got {per_seconds}"
        ))
    })?;
    Ok(Pacing::Given(RateLimit::new(requests, per)))
}

impl Settings {
    pub fn builder(&self) -> ClerkBuilder {
        let mut builder = Clerk::builder(self.bearer_auth.as_str()).language("python");
        if let Some(url) = &self.server_url {
            builder = builder.server_url(url.clone());
        }
        if let Some(config) = self.retry_config {
            builder = builder.retry_config(config);
        }
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(version) = &self.api_version {
            builder = builder.api_version(version.clone());
        }
        for (name, value) in &self.headers {
            builder = builder.header(name.clone(), value.clone());
        }
        if let Some(max) = self.max_response_bytes {
            builder = builder.max_response_bytes(max);
        }
        builder = match &self.rate_limit {
            Some(Pacing::Auto) => builder.rate_limit_for_key(),
            Some(Pacing::Given(rate)) => builder.rate_limit(*rate),
            None => builder,
        };
        if let Some(max) = self.max_concurrency {
            builder = builder.max_concurrency(max);
        }
        builder
            .allow_insecure_http(self.allow_insecure_http)
            .on_attempt(crate::pacing::logging_hook(false))
    }
}
