//! Emulator-only endpoints under `/emulator/v1` (state, faults, images) and the `/v1` guard
//! that injects faults and checks the secret key.

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use clerk_backend::models::User;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::Shared;
use crate::error::{ApiError, ApiResult};
use crate::store::Data;

/// A fault: the next `count` requests to `/v1` that match `method` and `path` (a prefix) wait
/// `delay_ms`, then answer `status` (with `Retry-After: retry_after`) or malformed JSON, or,
/// with neither, go on to be served normally.
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

impl Fault {
    fn validate(&self) -> ApiResult<()> {
        if let Some(status) = self.status
            && !(200..=599).contains(&status)
        {
            return Err(ApiError::invalid("status", "status must be between 200 and 599."));
        }
        if self.status.is_none() && self.delay_ms.is_none() && !self.malformed_json {
            return Err(ApiError::missing("status"));
        }
        if self.count == 0 {
            return Err(ApiError::invalid("count", "count must be at least 1."));
        }
        Ok(())
    }

    pub(crate) fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.path.as_deref().is_none_or(|p| path.starts_with(p))
    }
}

/// The `/v1` guard: faults first (as a proxy in front of Clerk would fail), then the key.
pub async fn guard(State(s): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    if let Some(fault) = s.take_fault(request.method().as_str(), request.uri().path()) {
        if let Some(ms) = fault.delay_ms {
            tokio::time::sleep(Duration::from_millis(ms)).await;
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
    let authorized = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|key| match &s.secret_key {
            Some(expected) => key == expected,
            None => key.starts_with("sk_test_") && key.len() > "sk_test_".len(),
        });
    if !authorized {
        return ApiError::unauthenticated().into_response();
    }
    next.run(request).await
}

pub async fn reset(State(s): State<Arc<Shared>>) -> Json<Value> {
    s.reset();
    Json(json!({ "reset": true }))
}

pub async fn export(State(s): State<Arc<Shared>>) -> Json<Data> {
    Json(s.read().export())
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> ApiResult<T> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request("malformed_request", format!("Bad request body: {e}")))
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
            return Err(ApiError::bad_request(
                "malformed_request",
                "Expected a list of users.",
            ));
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
    ([(header::CONTENT_TYPE, "image/svg+xml")], DEFAULT_AVATAR).into_response()
}

pub async fn image(State(s): State<Arc<Shared>>, Path((user_id, version)): Path<(String, u64)>) -> Response {
    let store = s.read();
    match store.users.get(&user_id).and_then(|r| r.image.as_ref()) {
        Some(image) if image.version == version => {
            let content_type = HeaderValue::from_str(&image.content_type)
                .unwrap_or(HeaderValue::from_static("application/octet-stream"));
            ([(header::CONTENT_TYPE, content_type)], image.bytes.clone()).into_response()
        }
        _ => ApiError::not_found("Image").into_response(),
    }
}
