//! Errors, classified once for every language.

use std::fmt;
use std::time::Duration;

use crate::models::ClerkErrorsBody;
use crate::ops::OperationSpec;

/// Result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An HTTP response that was not a success, or whose body could not be decoded.
#[derive(Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: http::HeaderMap,
    /// The body as text (invalid UTF-8 replaced).
    pub body: String,
    /// `Retry-After`, when the response had it.
    pub retry_after: Option<Duration>,
}

impl HttpResponse {
    /// Each header name once (lowercase) with its values joined by `, ` (invalid UTF-8
    /// replaced), as the bindings hand headers to their callers.
    #[doc(hidden)]
    pub fn joined_headers(&self) -> impl Iterator<Item = (&str, String)> + '_ {
        self.headers.keys().map(|name| {
            let values: Vec<String> = self
                .headers
                .get_all(name)
                .iter()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .collect();
            (name.as_str(), values.join(", "))
        })
    }

    /// The `Content-Type` header, or `""`.
    pub fn content_type(&self) -> &str {
        self.headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("content_type", &self.content_type())
            .field("body_len", &self.body.len())
            .field("retry_after", &self.retry_after)
            .finish()
    }
}

/// Why a request got no response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionErrorKind {
    /// The connection could not be opened (refused, DNS, TLS handshake): the request was not sent.
    Connect,
    /// The connection failed after the request may have been sent (reset, closed early).
    Transfer,
}

/// Everything that can go wrong in a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a status this operation's docs list for `ClerkErrors`, and a JSON error body.
    #[error("{}", clerk_errors_message(.response, .data))]
    ClerkErrors {
        response: Box<HttpResponse>,
        data: Box<ClerkErrorsBody>,
    },
    /// Any other 4XX/5XX answer (`SDKError` in the reference SDK).
    #[error("API error occurred: status {} (content type {:?}), body: {}", .0.status, .0.content_type(), truncate(&.0.body))]
    Sdk(Box<HttpResponse>),
    /// A success status whose body is not what the operation returns.
    #[error("response validation failed: status {}: {source}; body: {}", .response.status, truncate(&.response.body))]
    ResponseValidation {
        response: Box<HttpResponse>,
        #[source]
        source: serde_json::Error,
    },
    /// A response whose body is larger than `max_response_bytes` (its status and headers are
    /// kept; its body is not read past the limit, and not kept). Reported as a
    /// `ResponseValidationError` by the bindings.
    #[error(
        "response validation failed: status {}: the body is larger than max_response_bytes ({limit} bytes)",
        .response.status
    )]
    ResponseTooLarge { response: Box<HttpResponse>, limit: u64 },
    /// No response: the connection was refused, reset or could not be set up.
    #[error("connection error: {message}")]
    Connection {
        kind: ConnectionErrorKind,
        message: String,
    },
    /// No response within the per-attempt timeout.
    #[error("request timed out after {} ms", .timeout.as_millis())]
    Timeout {
        timeout: Duration,
        /// Whether the request may have reached the server before the timeout.
        maybe_sent: bool,
    },
    /// A bad argument, reported before any I/O.
    #[error("invalid argument `{parameter}`: {message}")]
    InvalidArgument { parameter: String, message: String },
}

/// The text of a panic's payload, for the bindings, which report a panic as an error of their
/// own instead of unwinding into the host process.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "(no message)".to_owned())
}

/// The longest start of `text` within `max_bytes` that ends at a character boundary.
pub fn char_prefix(text: &str, max_bytes: usize) -> &str {
    if text.len() <= max_bytes {
        return text;
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn truncate(body: &str) -> &str {
    char_prefix(body, 512)
}

fn clerk_errors_message(response: &HttpResponse, data: &ClerkErrorsBody) -> String {
    let mut out = format!("Clerk API error (status {})", response.status);
    for (i, e) in data.errors.iter().enumerate() {
        out.push_str(if i == 0 { ": " } else { "; " });
        let text = if e.long_message.is_empty() {
            &e.message
        } else {
            &e.long_message
        };
        out.push_str(text);
        if !e.code.is_empty() {
            out.push_str(" (");
            out.push_str(&e.code);
            out.push(')');
        }
    }
    if let Some(trace) = &data.clerk_trace_id {
        out.push_str(" [clerk_trace_id ");
        out.push_str(trace);
        out.push(']');
    }
    out
}

impl Error {
    pub(crate) fn invalid(parameter: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidArgument {
            parameter: parameter.into(),
            message: message.into(),
        }
    }

    /// The variant's name, for logs and bindings: `ClerkErrors`, `SDKError`, `ResponseValidationError`,
    /// `ConnectionError`, `TimeoutError` or `InvalidArgument`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Error::ClerkErrors { .. } => "ClerkErrors",
            Error::Sdk(_) => "SDKError",
            Error::ResponseValidation { .. } | Error::ResponseTooLarge { .. } => "ResponseValidationError",
            Error::Connection { .. } => "ConnectionError",
            Error::Timeout { .. } => "TimeoutError",
            Error::InvalidArgument { .. } => "InvalidArgument",
        }
    }

    /// The response this error came from, if there was one.
    pub fn response(&self) -> Option<&HttpResponse> {
        match self {
            Error::ClerkErrors { response, .. }
            | Error::Sdk(response)
            | Error::ResponseValidation { response, .. }
            | Error::ResponseTooLarge { response, .. } => Some(response),
            _ => None,
        }
    }

    /// HTTP status, when there was a response.
    pub fn status_code(&self) -> Option<u16> {
        self.response().map(|r| r.status)
    }

    /// `Retry-After` of the response, when it had one.
    pub fn retry_after(&self) -> Option<Duration> {
        self.response().and_then(|r| r.retry_after)
    }

    /// The parsed `errors[]`, `meta` and `clerk_trace_id` of a `ClerkErrors` response.
    pub fn clerk_errors(&self) -> Option<&ClerkErrorsBody> {
        match self {
            Error::ClerkErrors { data, .. } => Some(data),
            _ => None,
        }
    }

    /// The trace ID Clerk's support asks for.
    pub fn clerk_trace_id(&self) -> Option<&str> {
        self.clerk_errors().and_then(|d| d.clerk_trace_id.as_deref())
    }

    /// Classifies a non-2XX response per the operation's error table.
    pub(crate) fn from_status(spec: &OperationSpec, response: HttpResponse) -> Self {
        let content_type = response.content_type();
        let json = content_type.is_empty() || content_type.contains("json");
        if spec.raises_clerk_errors(response.status)
            && json
            && let Some(data) = parse_clerk_errors(&response.body)
        {
            return Error::ClerkErrors {
                response: Box::new(response),
                data: Box::new(data),
            };
        }
        Error::Sdk(Box::new(response))
    }
}

/// A body is a Clerk error body only if it is an object with an `errors` array.
fn parse_clerk_errors(body: &str) -> Option<ClerkErrorsBody> {
    let value = crate::models::literal::from_slice(body.as_bytes()).ok()?;
    if !value.get("errors")?.is_array() {
        return None;
    }
    serde_json::from_value(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_end_at_character_boundaries() {
        assert_eq!(char_prefix("abc", 5), "abc");
        assert_eq!(char_prefix("abc", 2), "ab");
        assert_eq!(char_prefix("aé", 2), "a");
        assert_eq!(char_prefix("😀", 3), "");
    }

    #[test]
    fn panic_messages() {
        let text = std::panic::catch_unwind(|| panic!("boom {}", 1)).unwrap_err();
        assert_eq!(panic_message(&*text), "boom 1");
        let text = std::panic::catch_unwind(|| panic!("plain")).unwrap_err();
        assert_eq!(panic_message(&*text), "plain");
        let text = std::panic::catch_unwind(|| std::panic::panic_any(7_u8)).unwrap_err();
        assert_eq!(panic_message(&*text), "(no message)");
    }

    #[test]
    fn headers_are_joined_per_name() {
        let mut headers = http::HeaderMap::new();
        headers.append("x-a", "1".parse().unwrap());
        headers.append("x-a", "2".parse().unwrap());
        headers.append("x-b", http::HeaderValue::from_bytes(b"caf\xe9").unwrap());
        let response = HttpResponse {
            status: 500,
            headers,
            body: String::new(),
            retry_after: None,
        };
        let joined: Vec<(&str, String)> = response.joined_headers().collect();
        assert_eq!(
            joined,
            [("x-a", "1, 2".to_owned()), ("x-b", "caf\u{fffd}".to_owned())]
        );
    }
}
