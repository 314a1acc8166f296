//! Emulator-only endpoints under `/emulator/v1` (state, faults, images) and the `/v1` guard
//! that injects faults and checks the secret key.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{OriginalUri, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use clerk_backend::models::User;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::{ApiError, ApiResult};
use crate::settings::InstanceSettings;
use crate::store::Data;
use crate::{Shared, Stats};

/// A fault: the next `count` requests to `/v1` that match `method` and `path` (a prefix) wait
/// `delay_ms`, then close the connection without a response (`drop_connection`), answer
/// `status` (with `Retry-After: retry_after`) or malformed JSON, or, with none of these, go on
/// to be served normally.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    #[serde(default)]
    pub malformed_json: bool,
    #[serde(default = "one")]
    pub count: u32,
    /// Close the connection without answering (the client sees a connection error).
    #[serde(default, skip_serializing_if = "is_false")]
    pub drop_connection: bool,
    /// `GET`, `POST`, ...; any method when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// A path prefix such as `/v1/users`; any path when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

fn one() -> u32 {
    1
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Default for Fault {
    /// A fault that does nothing yet: set `status`, `delay_ms`, `malformed_json` or
    /// `drop_connection` (and `count`, 1 by default).
    fn default() -> Self {
        Self {
            status: None,
            retry_after: None,
            delay_ms: None,
            malformed_json: false,
            count: 1,
            method: None,
            path: None,
            drop_connection: false,
        }
    }
}

impl Fault {
    /// The checks of `POST /emulator/v1/faults`: 422 when the fault does nothing, has a
    /// status outside 200..=599 or a count of 0.
    pub fn validate(&self) -> ApiResult<()> {
        if let Some(status) = self.status
            && !(200..=599).contains(&status)
        {
            return Err(ApiError::invalid("status", "status must be between 200 and 599."));
        }
        if self.status.is_none() && self.delay_ms.is_none() && !self.malformed_json && !self.drop_connection {
            return Err(ApiError::missing("status"));
        }
        if self.count == 0 {
            return Err(ApiError::invalid("count", "count must be at least 1."));
        }
        Ok(())
    }

    /// `path` is the request's full path (`/v1/users/...`); a fault's `path` may also leave
    /// out the `/v1`.
    pub(crate) fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.path.as_deref().is_none_or(|p| {
                path.starts_with(p) || path.strip_prefix("/v1").is_some_and(|rest| rest.starts_with(p))
            })
    }
}

/// A response that never starts: its body fails before a byte is written, so the server closes
/// the connection without sending even a status line.
fn dropped_connection() -> Response {
    let failing = futures_util::stream::iter([Err::<Bytes, _>(std::io::Error::other(
        "fault: drop the connection",
    ))]);
    Response::new(Body::from_stream(failing))
}

/// The `/v1` guard: faults first (as a proxy in front of Clerk would fail), then the key, then
/// the rate limit.
pub async fn guard(State(s): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    // Inside the `/v1` router the URI has lost its `/v1`: match faults on the original path.
    let path = request
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| request.uri().path().to_owned(), |uri| uri.path().to_owned());
    s.counters.requests.fetch_add(1, Ordering::Relaxed);
    if let Some(fault) = s.take_fault(request.method().as_str(), &path) {
        s.counters.faulted.fetch_add(1, Ordering::Relaxed);
        if let Some(ms) = fault.delay_ms {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        if fault.drop_connection {
            return dropped_connection();
        }
        if let Some(status) = fault.status {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            let mut error = ApiError::new(
                status,
                "emulator_fault",
                "Injected fault",
                "This response was injected with POST /emulator/v1/faults.",
            );
            error.retry_after = fault.retry_after;
            return error.into_response();
        }
        if fault.malformed_json {
            let mut response = Response::new(Body::from(r#"{"object": "user", "id": "#));
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            return response;
        }
    }
    let Some(key) = bearer(&request) else {
        return ApiError::authorization_header_invalid().into_response();
    };
    let accepted = match &s.secret_key {
        Some(expected) => key == expected,
        None => key.starts_with("sk_test_") && key.len() > "sk_test_".len(),
    };
    if !accepted {
        return ApiError::clerk_key_invalid().into_response();
    }
    if let Err(retry_after) = s.lock_rate_limiter().admit(key, Instant::now()) {
        s.counters.rate_limited.fetch_add(1, Ordering::Relaxed);
        return ApiError::too_many_requests(retry_after).into_response();
    }
    next.run(request).await
}

/// The key of `Authorization: Bearer <key>`, when the header has that form.
fn bearer(request: &Request) -> Option<&str> {
    request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .filter(|key| !key.is_empty())
}

/// A rate limit on `/v1`: at most `requests` requests per `per_seconds` seconds for each secret
/// key, as Clerk limits each instance's key (100 per 10 s on development instances). Over it,
/// requests get 429 `too_many_requests` with `Retry-After`, until the window ends. Read from
/// `{"requests": 20, "per_seconds": 1}` or from the text `"20/1s"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RateLimit {
    pub requests: u32,
    #[serde(default = "ten")]
    pub per_seconds: u64,
}

fn ten() -> u64 {
    10
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RateLimitFields {
    requests: u32,
    #[serde(default = "ten")]
    per_seconds: u64,
}

impl<'de> Deserialize<'de> for RateLimit {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(text) => text.parse().map_err(serde::de::Error::custom),
            value => {
                let fields: RateLimitFields =
                    serde_json::from_value(value).map_err(serde::de::Error::custom)?;
                Ok(Self {
                    requests: fields.requests,
                    per_seconds: fields.per_seconds,
                })
            }
        }
    }
}

impl RateLimit {
    /// `requests` per 10 seconds, Clerk's window.
    pub fn per_ten_seconds(requests: u32) -> Self {
        Self {
            requests,
            per_seconds: 10,
        }
    }

    /// 422 when the limit lets nothing through or has an empty window.
    pub fn validate(&self) -> ApiResult<()> {
        if self.requests == 0 {
            return Err(ApiError::invalid("requests", "requests must be at least 1."));
        }
        if self.per_seconds == 0 {
            return Err(ApiError::invalid(
                "per_seconds",
                "per_seconds must be at least 1.",
            ));
        }
        Ok(())
    }
}

impl std::str::FromStr for RateLimit {
    type Err = String;

    /// `100` (per 10 s), `100/10s`, `5/1s`, `5/60` (seconds).
    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("{text:?} is not a rate limit such as 100 or 100/10s");
        let (requests, window) = match text.split_once('/') {
            Some((requests, window)) => (requests, Some(window)),
            None => (text, None),
        };
        let requests: u32 = requests.trim().parse().map_err(|_| bad())?;
        let per_seconds = match window {
            None => 10,
            Some(window) => {
                let window = window.trim();
                window
                    .strip_suffix('s')
                    .unwrap_or(window)
                    .parse()
                    .map_err(|_| bad())?
            }
        };
        let limit = Self {
            requests,
            per_seconds,
        };
        limit.validate().map_err(|e| e.long_message.clone())?;
        Ok(limit)
    }
}

/// How many keys the rate limiter tracks at most: beyond it, windows that have ended are
/// forgotten, then the oldest, so that a client inventing keys cannot grow it without bound.
const MAX_TRACKED_KEYS: usize = 10_000;

/// Fixed windows per secret key.
#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    pub(crate) limit: Option<RateLimit>,
    /// Key -> (start of its window, requests in it).
    windows: HashMap<String, (Instant, u32)>,
}

impl RateLimiter {
    pub(crate) fn set(&mut self, limit: Option<RateLimit>) {
        self.limit = limit;
        self.windows.clear();
    }

    /// Forgets the counts, keeps the limit.
    pub(crate) fn clear(&mut self) {
        self.windows.clear();
    }

    /// Counts one request of `key`; `Err(seconds to wait)` when over the limit.
    fn admit(&mut self, key: &str, now: Instant) -> Result<(), u64> {
        let Some(limit) = self.limit else {
            return Ok(());
        };
        let window = Duration::from_secs(limit.per_seconds);
        if self.windows.len() >= MAX_TRACKED_KEYS && !self.windows.contains_key(key) {
            self.windows
                .retain(|_, (start, _)| now.duration_since(*start) < window);
            if self.windows.len() >= MAX_TRACKED_KEYS
                && let Some(oldest) = self
                    .windows
                    .iter()
                    .min_by_key(|(_, (start, _))| *start)
                    .map(|(key, _)| key.clone())
            {
                self.windows.remove(&oldest);
            }
        }
        let (start, count) = self.windows.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(*start) >= window {
            *start = now;
            *count = 0;
        }
        if *count >= limit.requests {
            let left = window.saturating_sub(now.duration_since(*start));
            return Err(left.as_millis().div_ceil(1000).max(1) as u64);
        }
        *count += 1;
        Ok(())
    }
}

/// The guard of the control endpoints (all of `/emulator/v1` but `health` and `images`): with a
/// secret key set, they need it (`Authorization: Bearer <key>`), as the API does; and a request
/// with a body must say it is JSON. A web page can send a cross-origin `POST` without asking
/// (as `text/plain`, a form or no body at all), but not one of `application/json`: it cannot
/// reset or load the emulator from a browser.
pub async fn control_guard(State(s): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    if let Some(expected) = &s.secret_key {
        let Some(key) = bearer(&request) else {
            return ApiError::authorization_header_invalid().into_response();
        };
        let matches = key.len() == expected.len()
            && bool::from(subtle::ConstantTimeEq::ct_eq(key.as_bytes(), expected.as_bytes()));
        if !matches {
            return ApiError::clerk_key_invalid().into_response();
        }
    }
    let method = request.method();
    if method == axum::http::Method::POST
        || method == axum::http::Method::PUT
        || method == axum::http::Method::PATCH
    {
        let json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
        if !json {
            return ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "request_body_invalid",
                "Control requests must be JSON",
                "The emulator's control endpoints take only Content-Type: application/json (send {} when there is nothing to say).",
            )
            .into_response();
        }
    }
    next.run(request).await
}

/// `GET /emulator/v1/rate_limit`: the limit in force, or `null`.
pub async fn get_rate_limit(State(s): State<Arc<Shared>>) -> Json<Option<RateLimit>> {
    Json(s.lock_rate_limiter().limit)
}

/// `PUT` (or `POST`) `/emulator/v1/rate_limit` `{"requests": 5, "per_seconds": 10}`: sets the
/// limit, with fresh windows.
pub async fn set_rate_limit(State(s): State<Arc<Shared>>, body: Bytes) -> ApiResult<Json<RateLimit>> {
    let limit: RateLimit = parse(&body)?;
    limit.validate()?;
    s.lock_rate_limiter().set(Some(limit));
    Ok(Json(limit))
}

/// `DELETE /emulator/v1/rate_limit`: no limit.
pub async fn clear_rate_limit(State(s): State<Arc<Shared>>) -> Json<Value> {
    s.lock_rate_limiter().set(None);
    Json(json!({ "cleared": true }))
}

pub async fn reset(State(s): State<Arc<Shared>>) -> Json<Value> {
    s.reset();
    Json(json!({ "reset": true }))
}

pub async fn export(State(s): State<Arc<Shared>>) -> Json<Data> {
    Json(s.read().export())
}

/// A control request's body; what is wrong with it, named.
fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> ApiResult<T> {
    serde_json::from_slice(body).map_err(|e| {
        let mut error = ApiError::request_body_invalid();
        error.long_message = format!("Bad request body: {e}");
        error
    })
}

/// `GET /emulator/v1/instance`: the settings in force.
pub async fn get_instance(State(s): State<Arc<Shared>>) -> Json<InstanceSettings> {
    Json(s.settings())
}

/// `PUT` (or `POST`) `/emulator/v1/instance`: new settings; keys left out take the values of
/// `"preset"` (`permissive` unless given).
pub async fn set_instance(State(s): State<Arc<Shared>>, body: Bytes) -> ApiResult<Json<InstanceSettings>> {
    let document: Value = parse(&body)?;
    let settings = InstanceSettings::from_document(&document)?;
    s.set_settings(settings);
    Ok(Json(settings))
}

/// `GET /emulator/v1/stats`: requests served, rate-limited and faulted since the start (or the
/// last reset).
pub async fn stats(State(s): State<Arc<Shared>>) -> Json<Stats> {
    Json(s.counters.snapshot())
}

/// `DELETE /emulator/v1/stats`: counts from zero again.
pub async fn clear_stats(State(s): State<Arc<Shared>>) -> Json<Stats> {
    s.counters.clear();
    Json(s.counters.snapshot())
}

pub async fn import(State(s): State<Arc<Shared>>, body: Bytes) -> ApiResult<Json<Vec<User>>> {
    let data: Data = parse(&body)?;
    Ok(Json(s.import(data)?))
}

/// `POST /emulator/v1/users`: a list of user objects (or one).
pub async fn load_users(State(s): State<Arc<Shared>>, body: Bytes) -> ApiResult<Json<Vec<User>>> {
    let users = match parse::<Value>(&body)? {
        Value::Array(users) => users,
        one @ Value::Object(_) => vec![one],
        _ => {
            let mut error = ApiError::request_body_invalid();
            error.long_message = "Expected a list of users.".into();
            return Err(error);
        }
    };
    let data = Data {
        users,
        ..Data::default()
    };
    Ok(Json(s.import(data)?))
}

pub async fn add_fault(State(s): State<Arc<Shared>>, body: Bytes) -> ApiResult<Json<Fault>> {
    let fault: Fault = parse(&body)?;
    fault.validate()?;
    s.lock_faults().push(fault.clone());
    Ok(Json(fault))
}

pub async fn list_faults(State(s): State<Arc<Shared>>) -> Json<Vec<Fault>> {
    Json(s.lock_faults().clone())
}

pub async fn clear_faults(State(s): State<Arc<Shared>>) -> Json<Value> {
    s.lock_faults().clear();
    Json(json!({ "cleared": true }))
}

pub async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

const DEFAULT_AVATAR: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" fill="#6c47ff"/><circle cx="32" cy="25" r="11" fill="#fff"/><path d="M12 56c2-11 10-17 20-17s18 6 20 17z" fill="#fff"/></svg>"##;

pub async fn default_image() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        DEFAULT_AVATAR,
    )
        .into_response()
}

pub async fn image(State(s): State<Arc<Shared>>, Path((user_id, version)): Path<(String, u64)>) -> Response {
    let store = s.read();
    match store.users.get(&user_id).and_then(|r| r.image.as_ref()) {
        // The type was sniffed from the bytes when the image was stored: always an image type.
        Some(image) if image.version == version => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(image.content_type)),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
            ],
            image.bytes.clone(),
        )
            .into_response(),
        _ => ApiError::not_found("Image").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_limiter_tracks_a_bounded_number_of_keys() {
        let mut limiter = RateLimiter::default();
        limiter.set(Some(RateLimit::per_ten_seconds(5)));
        let now = Instant::now();
        for i in 0..MAX_TRACKED_KEYS * 3 {
            limiter.admit(&format!("sk_test_{i}"), now).unwrap();
        }
        assert_eq!(limiter.windows.len(), MAX_TRACKED_KEYS);
        // The newest keys are still counted.
        let last = format!("sk_test_{}", MAX_TRACKED_KEYS * 3 - 1);
        for _ in 0..4 {
            limiter.admit(&last, now).unwrap();
        }
        assert!(limiter.admit(&last, now).is_err());
        // Ended windows go first.
        let later = now + Duration::from_secs(11);
        limiter.admit("sk_test_new", later).unwrap();
        assert_eq!(limiter.windows.len(), 1);
    }
}
