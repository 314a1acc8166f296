//! The options of `new Clerk({...})` and the second argument of every operation, read as written
//! (camelCase keys; serde checks their names and types) into the core's settings.

use std::time::Duration;

use clerk_backend::{
    AttemptHook, BackoffStrategy, CallOptions, Clerk, ClerkBuilder, Nullable, RateLimit, RetryConfig,
};
use napi::ValueType;
use napi::bindgen_prelude::*;
use serde::Deserialize;
use serde_json::Value;

use crate::convert::{self, Keys, from_js};
use crate::errors::{bad_value, invalid_argument_error, option_error, type_error, type_name, wrong_type};

/// `{ strategy, backoff?: { initialInterval, maxInterval, exponent, maxElapsedTime }, retryConnectionErrors? }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct JsRetryConfig {
    strategy: String,
    #[serde(default)]
    backoff: Option<JsBackoff>,
    #[serde(default)]
    retry_connection_errors: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct JsBackoff {
    #[serde(default)]
    initial_interval: Option<u64>,
    #[serde(default)]
    max_interval: Option<u64>,
    #[serde(default)]
    exponent: Option<f64>,
    #[serde(default)]
    max_elapsed_time: Option<u64>,
}

impl JsRetryConfig {
    /// The core's configuration: what is not given is the core's default.
    fn into_core(self, env: &Env, context: &str, name: &str) -> Result<RetryConfig> {
        let strategy = self.strategy.parse().map_err(|unknown| {
            let message = format!("{context}: `{name}.strategy` {unknown}");
            type_error(env, "ERR_INVALID_ARG_VALUE", message)
        })?;
        let defaults = RetryConfig::default();
        let d = defaults.backoff;
        let backoff = match self.backoff {
            None => d,
            Some(b) => BackoffStrategy::new(
                b.initial_interval.unwrap_or(d.initial_interval),
                b.max_interval.unwrap_or(d.max_interval),
                b.exponent.unwrap_or(d.exponent),
                b.max_elapsed_time.unwrap_or(d.max_elapsed_time),
            ),
        };
        Ok(RetryConfig {
            strategy,
            backoff,
            retry_connection_errors: self
                .retry_connection_errors
                .unwrap_or(defaults.retry_connection_errors),
        })
    }
}

/// `null` turns retries off.
fn retries(
    env: &Env,
    context: &str,
    name: &str,
    value: Nullable<JsRetryConfig>,
) -> Result<Option<RetryConfig>> {
    Ok(match value {
        Nullable::Unset => None,
        Nullable::Null => Some(RetryConfig::none()),
        Nullable::Value(config) => Some(config.into_core(env, context, name)?),
    })
}

/// `httpHeaders`: names and values, as the core takes them.
type Headers = Option<Vec<(String, String)>>;

/// serde reads a JavaScript object of strings as name and value pairs.
fn header_pairs<'de, D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Headers, D::Error> {
    let map: Option<std::collections::BTreeMap<String, String>> = Deserialize::deserialize(deserializer)?;
    Ok(map.map(|map| map.into_iter().collect()))
}

/// The second argument of every operation.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct JsCallOptions {
    #[serde(default)]
    retries: Nullable<JsRetryConfig>,
    #[serde(default)]
    server_url: Option<String>,
    #[serde(default)]
    timeout_ms: Option<u64>,
    #[serde(default, deserialize_with = "header_pairs")]
    http_headers: Headers,
    #[serde(default)]
    max_response_bytes: Option<u64>,
    /// An `AbortSignal`, taken out by the facade (see `CancelToken`); named here so that an
    /// unknown option's message lists it.
    #[serde(default)]
    #[allow(dead_code)]
    signal: Option<serde::de::IgnoredAny>,
}

/// Reads an options object (keys as written; serde checks their names and types).
fn options_value(env: &Env, context: &str, value: Option<Unknown<'_>>) -> Result<Option<Value>> {
    let Some(value) = value else {
        return Ok(None);
    };
    let what = "the options";
    match value.get_type()? {
        ValueType::Undefined | ValueType::Null => Ok(None),
        ValueType::Object => {
            let object: Object<'_> = unsafe { value.cast() }?;
            if convert::is_array(&object).map_err(|bad| bad_value(env, context, bad))? {
                return Err(wrong_type(env, context, what, "an object", "an array"));
            }
            from_js(value, "", Keys::AsIs)
                .map(Some)
                .map_err(|bad| bad_value(env, context, bad))
        }
        other => Err(wrong_type(env, context, what, "an object", type_name(other))),
    }
}

/// The options of one call, `None` when none were given.
pub(crate) fn call_options(
    env: &Env,
    context: &str,
    value: Option<Unknown<'_>>,
) -> Result<Option<CallOptions>> {
    let Some(value) = options_value(env, context, value)? else {
        return Ok(None);
    };
    let options: JsCallOptions =
        serde_path_to_error::deserialize(value).map_err(|e| option_error(env, context, e))?;
    Ok(Some(CallOptions {
        retries: retries(env, context, "retries", options.retries)?,
        server_url: options.server_url,
        timeout: options.timeout_ms.map(Duration::from_millis),
        headers: options.http_headers.unwrap_or_default(),
        max_response_bytes: options.max_response_bytes,
        on_attempt: None,
    }))
}

/// `new Clerk({...})`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct JsClientConfig {
    bearer_auth: String,
    #[serde(default)]
    server_url: Option<String>,
    #[serde(default)]
    retry_config: Nullable<JsRetryConfig>,
    #[serde(default)]
    timeout_ms: Option<u64>,
    #[serde(default)]
    api_version: Option<String>,
    #[serde(default, deserialize_with = "header_pairs")]
    http_headers: Headers,
    #[serde(default)]
    max_response_bytes: Option<u64>,
    #[serde(default)]
    allow_insecure_http: bool,
    #[serde(default)]
    rate_limit: Option<JsRateLimit>,
    #[serde(default)]
    max_concurrency: Option<usize>,
}

/// `rateLimit`: `{ requests, perSeconds }`, or `'auto'` for Clerk's documented limit of the key.
#[derive(Deserialize)]
#[serde(untagged)]
enum JsRateLimit {
    Preset(String),
    Given(JsRate),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct JsRate {
    requests: u32,
    per_seconds: f64,
}

/// The client `config` describes: `{ bearerAuth, serverUrl?, retryConfig?, timeoutMs?,
/// apiVersion?, httpHeaders?, maxResponseBytes?, allowInsecureHttp? }`.
pub(crate) fn client(env: &Env, config: Unknown<'_>, on_attempt: Option<AttemptHook>) -> Result<Clerk> {
    let context = "new Clerk()";
    let Some(value) = options_value(env, context, Some(config))? else {
        let message = format!("{context}: expected an options object with `bearerAuth`");
        return Err(type_error(env, "ERR_INVALID_ARG_TYPE", message));
    };
    let config: JsClientConfig =
        serde_path_to_error::deserialize(value).map_err(|e| option_error(env, context, e))?;
    let mut builder: ClerkBuilder = Clerk::builder(config.bearer_auth).language("node");
    if let Some(url) = config.server_url {
        builder = builder.server_url(url);
    }
    if let Some(retry) = retries(env, context, "retryConfig", config.retry_config)? {
        builder = builder.retry_config(retry);
    }
    if let Some(ms) = config.timeout_ms {
        builder = builder.timeout(Duration::from_millis(ms));
    }
    if let Some(version) = config.api_version {
        builder = builder.api_version(version);
    }
    for (name, value) in config.http_headers.unwrap_or_default() {
        builder = builder.header(name, value);
    }
    if let Some(max) = config.max_response_bytes {
        builder = builder.max_response_bytes(max);
    }
    match config.rate_limit {
        Some(JsRateLimit::Preset(preset)) if preset == "auto" => builder = builder.rate_limit_for_key(),
        Some(JsRateLimit::Preset(other)) => {
            let message = format!(
                "{context}: option `rateLimit` must be {{ requests, perSeconds }} or 'auto', got {other:?}"
            );
            return Err(type_error(env, "ERR_INVALID_ARG_VALUE", message));
        }
        Some(JsRateLimit::Given(rate)) => {
            let Ok(per) = Duration::try_from_secs_f64(rate.per_seconds) else {
                let message =
                    format!("{context}: option `rateLimit.perSeconds` must be a positive number of seconds");
                return Err(type_error(env, "ERR_INVALID_ARG_VALUE", message));
            };
            builder = builder.rate_limit(RateLimit::new(rate.requests, per));
        }
        None => {}
    }
    if let Some(max) = config.max_concurrency {
        builder = builder.max_concurrency(max);
    }
    if let Some(hook) = on_attempt {
        builder = builder.on_attempt(hook);
    }
    builder
        .allow_insecure_http(config.allow_insecure_http)
        .build()
        .map_err(|e| invalid_argument_error(env, context, e))
}
