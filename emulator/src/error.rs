//! Clerk's error bodies: `{"errors": [{message, long_message, code, meta}], "clerk_trace_id"}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use clerk_backend::models::{ClerkError, ClerkErrorsBody, Metadata};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::ids::trace_id;

pub type ApiResult<T> = Result<T, ApiError>;

/// One error answered with Clerk's body (boxed: results stay small on the happy path).
#[derive(Debug, Clone)]
pub struct ApiError(Box<ApiErrorData>);

/// What an [`ApiError`] holds.
#[derive(Debug, Clone)]
pub struct ApiErrorData {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    pub long_message: String,
    pub meta: Option<Metadata>,
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: &str, long_message: impl Into<String>) -> Self {
        Self(Box::new(ApiErrorData {
            status,
            code: code.to_owned(),
            message: message.to_owned(),
            long_message: long_message.into(),
            meta: None,
            retry_after: None,
        }))
    }

    /// Names the parameter at fault in `meta.param_name`, as Clerk does for form errors.
    pub fn param(mut self, name: &str) -> Self {
        self.meta
            .get_or_insert_with(Metadata::new)
            .insert("param_name".into(), Value::String(name.to_owned()));
        self
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "resource_not_found",
            "not found",
            format!("{what} not found"),
        )
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "authentication_invalid",
            "Invalid authentication",
            "The provided secret key is invalid. Send `Authorization: Bearer sk_test_...`.",
        )
    }

    /// 429 `too_many_requests` with `Retry-After` (the code is the emulator's guess: the spec
    /// gives 429 a Clerk error body but no code).
    pub fn too_many_requests(retry_after: u64) -> Self {
        let mut error = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            "Too many requests",
            format!("Too many requests, please retry in {retry_after} seconds."),
        );
        error.retry_after = Some(retry_after);
        error
    }

    pub fn identifier_exists(param: &str, what: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_identifier_exists",
            &format!("That {what} is taken. Please try another."),
            format!("That {what} is taken. Please try another."),
        )
        .param(param)
    }

    /// 422 `form_param_value_invalid`.
    pub fn invalid(param: &str, long_message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_value_invalid",
            "is invalid",
            long_message,
        )
        .param(param)
    }

    /// 422 `form_param_format_invalid`.
    pub fn format_invalid(param: &str, long_message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_format_invalid",
            "is invalid",
            long_message,
        )
        .param(param)
    }

    /// 422 `form_param_missing`.
    pub fn missing(param: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_missing",
            "missing required parameter",
            format!("{param} must be included."),
        )
        .param(param)
    }

    pub fn bad_request(code: &str, long_message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, "bad request", long_message)
    }

    pub fn body(&self) -> ClerkErrorsBody {
        let mut error = ClerkError::default();
        error.message = self.message.clone();
        error.long_message = self.long_message.clone();
        error.code = self.code.clone();
        error.meta = Some(self.meta.clone().unwrap_or_default());
        let mut body = ClerkErrorsBody::default();
        body.errors = vec![error];
        body.clerk_trace_id = Some(trace_id());
        body
    }
}

impl std::ops::Deref for ApiError {
    type Target = ApiErrorData;
    fn deref(&self) -> &ApiErrorData {
        &self.0
    }
}

impl std::ops::DerefMut for ApiError {
    fn deref_mut(&mut self) -> &mut ApiErrorData {
        &mut self.0
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.status, self.code, self.long_message)
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// The backtick-quoted name in a serde message (`unknown field `foo``).
fn quoted_name(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// Decodes a JSON body (empty means `{}`) into a request struct of the core crate. `path` adds
/// path parameters (such as `user_id`) that those structs hold but the body does not.
pub fn parse_body<T: DeserializeOwned>(bytes: &[u8], path: &[(&str, &str)]) -> ApiResult<T> {
    let mut value: Value = if bytes.iter().all(u8::is_ascii_whitespace) {
        Value::Object(Metadata::new())
    } else {
        serde_json::from_slice(bytes).map_err(|e| {
            ApiError::bad_request(
                "malformed_request",
                format!("The request body is not valid JSON: {e}"),
            )
        })?
    };
    let Value::Object(fields) = &mut value else {
        return Err(ApiError::bad_request(
            "malformed_request",
            "The request body must be a JSON object.",
        ));
    };
    for (name, val) in path {
        fields.insert((*name).to_owned(), Value::String((*val).to_owned()));
    }
    serde_json::from_value(value).map_err(|e| {
        let text = e.to_string();
        let name = quoted_name(&text).unwrap_or("body").to_owned();
        if text.starts_with("unknown field") {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "form_param_unknown",
                "is unknown",
                format!("{name} is not a valid parameter for this request."),
            )
            .param(&name)
        } else if text.starts_with("missing field") {
            ApiError::missing(&name)
        } else {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "form_param_format_invalid",
                "is invalid",
                format!("A parameter has the wrong type: {text}"),
            )
        }
    })
}
