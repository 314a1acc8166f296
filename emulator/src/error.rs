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

    /// Names several parameters in `meta.param_names` (Clerk's `form_data_missing`).
    pub fn params(mut self, names: &[&str]) -> Self {
        let names = names.iter().map(|n| Value::String((*n).to_owned())).collect();
        self.meta
            .get_or_insert_with(Metadata::new)
            .insert("param_names".into(), Value::Array(names));
        self
    }

    /// A Clerk error whose long message is its message, as Clerk sends the errors whose index
    /// entry has no long message of its own.
    fn short(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::new(status, code, &message, message.clone())
    }

    /// 404 `resource_not_found` for a path that names no endpoint.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "resource_not_found",
            "not found",
            format!("{what} not found"),
        )
    }

    /// 404 `resource_not_found`, Clerk's `UserNotFound`.
    pub fn user_not_found(user_id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "resource_not_found",
            "not found",
            format!("No user was found with id {user_id}"),
        )
    }

    /// 404 `resource_not_found`, Clerk's `IdentificationNotFound` and `ResourceNotFound` (a
    /// passkey, wallet, external account or subscription the user does not have).
    pub fn resource_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "resource_not_found",
            "Resource not found",
            "Resource not found",
        )
    }

    /// 401 `clerk_key_invalid`: a secret key the emulator does not accept.
    pub fn clerk_key_invalid() -> Self {
        Self::short(
            StatusCode::UNAUTHORIZED,
            "clerk_key_invalid",
            "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.",
        )
    }

    /// 401 `authorization_header_format_invalid`: no `Authorization: Bearer <key>` at all.
    pub fn authorization_header_invalid() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "authorization_header_format_invalid",
            "Invalid Authorization header format",
            "Invalid Authorization header format. Must be 'Bearer <YOUR_API_KEY>'",
        )
    }

    /// 429 `too_many_requests` with `Retry-After`.
    pub fn too_many_requests(retry_after: u64) -> Self {
        let mut error = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            "Too many requests",
            "Too many requests, retry later",
        );
        error.retry_after = Some(retry_after);
        error
    }

    /// 500 `internal_clerk_error`.
    pub fn unexpected() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_clerk_error",
            "Oops, an unexpected error occurred",
            "There was an internal error on our servers. We've been notified and are working on fixing it.",
        )
    }

    /// 400 `request_body_invalid`: a body that is not JSON, or not an object.
    pub fn request_body_invalid() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "request_body_invalid",
            "Request body invalid",
            "The request body is invalid. Please consult the API documentation for more information.",
        )
    }

    /// 422 `form_identifier_exists`: "That email address is taken. Please try another."
    pub fn identifier_exists(param: &str) -> Self {
        Self::short(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_identifier_exists",
            format!("That {} is taken. Please try another.", human(param)),
        )
        .param(param)
    }

    /// 422 `form_param_value_invalid` with the emulator's own explanation.
    pub fn invalid(param: &str, long_message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_value_invalid",
            "is invalid",
            long_message,
        )
        .param(param)
    }

    /// 422 `form_param_value_invalid`, Clerk's `FormInvalidParameterValueWithAllowed`.
    pub fn value_not_allowed(param: &str, value: &str, allowed: &[&str]) -> Self {
        Self::invalid(
            param,
            format!(
                "{value} does not match the allowed values for parameter {param}. Allowed values: {}",
                sentence(allowed)
            ),
        )
    }

    /// 422 `form_param_value_invalid`, Clerk's `FormMetadataInvalidType`.
    pub fn metadata_invalid(param: &str) -> Self {
        let kind = human(param);
        let mut title = kind.clone();
        title[..1].make_ascii_uppercase();
        Self::short(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_value_invalid",
            format!("{title} must be a valid key-value object. To reset the {kind}, use an empty object (\"{{}}\")."),
        )
        .param(param)
    }

    /// 422 `form_param_format_invalid` with the emulator's own explanation.
    pub fn format_invalid(param: &str, long_message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_format_invalid",
            "is invalid",
            long_message,
        )
        .param(param)
    }

    /// 422 `form_param_type_invalid`: "`first_name` must be a `string`."
    pub fn type_invalid(param: &str, expected: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_type_invalid",
            "is invalid",
            format!("`{param}` must be a `{expected}`."),
        )
        .param(param)
    }

    /// 422 `form_param_invalid_time`.
    pub fn invalid_time(param: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_invalid_time",
            "invalid format",
            format!(
                "{param} must contain a datetime specified in RFC3339 format (e.g. `2022-10-20T10:00:27.645Z`)."
            ),
        )
        .param(param)
    }

    /// 422 `form_param_missing`.
    pub fn missing(param: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_missing",
            "is missing",
            format!("{param} must be included."),
        )
        .param(param)
    }

    /// 422 `form_param_unknown`.
    pub fn unknown(param: &str) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_unknown",
            "is unknown",
            format!("{param} is not a valid parameter for this request."),
        )
        .param(param)
    }

    /// 422 `form_param_duplicate`: a query parameter given more than 100 times.
    pub fn too_many_values(param: &str) -> Self {
        Self::short(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_param_duplicate",
            format!("{param} is included more than the maximum of 100 times."),
        )
        .param(param)
    }

    /// 422 `form_data_missing`: identifiers (or a password) the instance requires.
    pub fn data_missing(params: &[&str]) -> Self {
        let quoted: Vec<String> = params.iter().map(|p| format!("{p:?}")).collect();
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_data_missing",
            "missing data",
            format!(
                "[{}] data doesn't match user requirements set for this instance",
                quoted.join(" ")
            ),
        )
        .params(params)
    }

    /// 400 with `code` and the emulator's own explanation.
    pub fn bad_request(code: &str, long_message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, "bad request", long_message)
    }

    /// 400 `bulk_size_exceeded`.
    pub fn bulk_size_exceeded(max: usize) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "bulk_size_exceeded",
            "bulk size exceeded",
            format!("Parameters exceed the maximum allowed bulk processing size of {max}."),
        )
    }

    /// 422 `form_username_invalid_length`: "Username must be between 4 and 64 characters long."
    pub fn username_length(min: usize, max: usize) -> Self {
        Self::short(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_username_invalid_length",
            format!("Username must be between {min} and {max} characters long."),
        )
        .param("username")
    }

    /// 422 `form_username_invalid_character`.
    pub fn username_characters() -> Self {
        Self::short(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_username_invalid_character",
            "Username can only contain letters, numbers and '_' or '-'.",
        )
        .param("username")
    }

    /// 422 `form_password_length_too_short`.
    pub fn password_too_short(min: usize) -> Self {
        Self::short(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_password_length_too_short",
            format!("Passwords must be {min} characters or more."),
        )
        .param("password")
    }

    /// 422 `form_password_length_too_long`.
    pub fn password_too_long(max: usize) -> Self {
        Self::short(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_password_length_too_long",
            format!("Passwords must be less than {max} characters."),
        )
        .param("password")
    }

    /// 422 `form_password_size_in_bytes_exceeded`: within 72 characters but over bcrypt's 72 bytes.
    pub fn password_bytes_exceeded() -> Self {
        Self::short(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_password_size_in_bytes_exceeded",
            "Your password is too long. Please use a shorter one.",
        )
        .param("password")
    }

    /// 422 `form_password_pwned`.
    pub fn password_pwned() -> Self {
        Self::short(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_password_pwned",
            "Password has been found in an online data breach. For account safety, please use a different password.",
        )
        .param("password")
    }

    /// 422 `form_password_digest_invalid_code`: Clerk's sentence, then what the emulator expected.
    pub fn digest_invalid(param: &str, hasher: &str, why: &str) -> Self {
        let message = format!("The provided {param} is not a valid {hasher} password hash.");
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_password_digest_invalid_code",
            &message,
            format!("{message} {why}"),
        )
        .param(param)
    }

    /// 400 `no_password_set`.
    pub fn no_password_set() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "no_password_set",
            "no password set",
            "This user does not have a password set for their account",
        )
    }

    /// 422 `incorrect_password` (`verify_password`).
    pub fn incorrect_password() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "incorrect_password",
            "incorrect password",
            "The provided password is not the one the user has set",
        )
    }

    /// 400 `totp_disabled` (`verify_totp` of a user without TOTP or backup codes).
    pub fn totp_disabled() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "totp_disabled",
            "TOTP is disabled",
            "This user does not have TOTP enabled in their account",
        )
    }

    /// 422 `totp_incorrect_code`.
    pub fn totp_incorrect() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "totp_incorrect_code",
            "incorrect TOTP",
            "The provided TOTP code is incorrect",
        )
    }

    /// 422 `totp_invalid_length`.
    pub fn totp_invalid_length() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "totp_invalid_length",
            "invalid length",
            "The provided TOTP code must be 6 characters long.",
        )
    }

    /// 422 `invalid_totp_secret_code`.
    pub fn invalid_totp_secret() -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_totp_secret_code",
            "invalid TOTP secret",
            "The TOTP secret is invalid, please provide a valid one base32 encoded",
        )
    }

    /// 413 `image_too_large`.
    pub fn image_too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "image_too_large",
            "Image too large",
            "The image being uploaded is more than 10MB. Please choose a smaller one.",
        )
    }

    /// 400 `request_body_invalid` for a file that is not a JPEG, PNG, GIF or WEBP image.
    pub fn image_type_not_supported(detected: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "request_body_invalid",
            "Unsupported image type",
            format!(
                "'{detected}' images are not currently supported. Please consult the API documentation for more information."
            ),
        )
    }

    /// 400 `form_param_missing`: a profile image upload without a `file` part.
    pub fn image_missing() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "form_param_missing",
            "Image file missing",
            "There was no image file present in the request",
        )
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

/// `email_address` -> `email address`, as Clerk words a parameter in its messages.
pub fn human(param: &str) -> String {
    param.replace('_', " ")
}

/// `a, b or c`.
fn sentence(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The backtick-quoted name in a serde message (`unknown field `foo``).
fn quoted_name(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// The JSON type Clerk names in `form_param_type_invalid`, from serde's "expected ..." text.
fn expected_type(message: &str) -> &'static str {
    let expected = message.split("expected").nth(1).unwrap_or("");
    let types = [
        ("bool", "boolean"),
        ("string", "string"),
        ("i64", "integer"),
        ("u64", "integer"),
        ("i32", "integer"),
        ("u32", "integer"),
        ("integer", "integer"),
        ("f64", "number"),
        ("sequence", "array"),
        ("map", "object"),
        ("struct", "object"),
    ];
    types
        .iter()
        .find(|(word, _)| expected.contains(word))
        .map_or("valid value", |(_, name)| name)
}

const METADATA: [&str; 3] = ["public_metadata", "private_metadata", "unsafe_metadata"];

/// Decodes a JSON body (empty means `{}`) into a request struct of the core crate. `path` adds
/// path parameters (such as `user_id`) that those structs hold but the body does not.
pub fn parse_body<T: DeserializeOwned>(bytes: &[u8], path: &[(&str, &str)]) -> ApiResult<T> {
    let mut value: Value = if bytes.iter().all(u8::is_ascii_whitespace) {
        Value::Object(Metadata::new())
    } else {
        serde_json::from_slice(bytes).map_err(|_| ApiError::request_body_invalid())?
    };
    let Value::Object(fields) = &mut value else {
        return Err(ApiError::request_body_invalid());
    };
    // Clerk names metadata that is not an object with a message of its own.
    for name in METADATA {
        if fields.get(name).is_some_and(|v| !v.is_object() && !v.is_null()) {
            return Err(ApiError::metadata_invalid(name));
        }
    }
    for (name, val) in path {
        fields.insert((*name).to_owned(), Value::String((*val).to_owned()));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        // The top-level field at fault: `public_metadata.a` is `public_metadata`'s problem.
        let field = e.path().iter().find_map(|segment| match segment {
            serde_path_to_error::Segment::Map { key } => Some(key.clone()),
            _ => None,
        });
        let text = e.into_inner().to_string();
        if text.starts_with("unknown field") {
            ApiError::unknown(quoted_name(&text).unwrap_or("body"))
        } else if text.starts_with("missing field") {
            ApiError::missing(quoted_name(&text).unwrap_or("body"))
        } else {
            let name = field.unwrap_or_else(|| "body".into());
            ApiError::type_invalid(&name, expected_type(&text))
        }
    })
}
