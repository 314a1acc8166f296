//! What a call's promise resolves with: the result as JSON text (camelCase keys; a long array as
//! the texts of arrays of its items, see `json.rs`) or `{ error }`
//! (a plain payload: `kind`, `message`, and the response's `statusCode`, `body`, `headers`,
//! `retryAfter`, `data` when there was one). The JavaScript facade turns `error` into the
//! matching error class, so that classes live in one place and `instanceof` works across
//! realms of the same module.

use std::any::Any;

use clerk_backend::Error as CoreError;
use napi::bindgen_prelude::*;
use serde_json::{Map, Value, json};

use crate::convert::{Out, to_camel, to_js};
use crate::{panic_text, type_error};

/// A finished call.
pub enum Reply {
    /// The result as ASCII JSON text, or the parts of a long array (`json.rs`).
    Json(Vec<Vec<u8>>),
    Error(Box<CoreError>),
    /// A panic inside native code (a bug): surfaces as `ClerkInternalError`.
    Panic(String),
    /// Cancelled through its [`crate::CancelToken`]: `{ cancelled: true }`, which the facade
    /// turns into the abort signal's reason.
    Cancelled,
}

impl From<std::result::Result<Vec<Vec<u8>>, CoreError>> for Reply {
    fn from(outcome: std::result::Result<Vec<Vec<u8>>, CoreError>) -> Self {
        match outcome {
            Ok(json) => Reply::Json(json),
            Err(error) => Reply::Error(Box::new(error)),
        }
    }
}

impl Reply {
    pub fn panic(payload: &(dyn Any + Send)) -> Self {
        Reply::Panic(format!(
            "internal error in clerk-backend (please report it): {}",
            panic_text(payload)
        ))
    }
}

/// The JavaScript name of a parameter the core refused (`user_ids` -> `userIds`,
/// `timeout` -> `timeoutMs`, `secret_key` -> `bearerAuth`).
pub fn js_parameter(parameter: &str) -> String {
    match parameter {
        "timeout" => "timeoutMs".to_owned(),
        "secret_key" => "bearerAuth".to_owned(),
        other => other.split('.').map(to_camel).collect::<Vec<_>>().join("."),
    }
}

/// V8's longest string (`v8::String::kMaxLength` on 64-bit targets): a text past it cannot reach
/// JavaScript at all, so the call rejects with a `ResponseValidationError` instead. Only a
/// `maxResponseBytes` raised far above its default lets a result grow this large.
const MAX_JS_STRING: usize = (1 << 29) - 24;

/// The error payload of a result too long to become a JavaScript string.
fn too_long_for_javascript(length: usize) -> Value {
    json!({
        "kind": "ResponseValidationError",
        "message": format!(
            "response validation failed: the result is {length} characters of JSON, more than \
             JavaScript's longest string ({MAX_JS_STRING}); lower maxResponseBytes"
        ),
        "cause": "the result does not fit in a JavaScript string",
    })
}

/// `text` cut at a character boundary so that it fits in a JavaScript string.
fn fit_for_javascript(text: &str) -> &str {
    if text.len() <= MAX_JS_STRING {
        return text;
    }
    let mut end = MAX_JS_STRING;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn invalid_message(parameter: &str, message: &str) -> String {
    // The core names the client's options as Rust and Python spell them.
    let message = message.replace("allow_insecure_http", "allowInsecureHttp");
    format!("invalid argument `{}`: {message}", js_parameter(parameter))
}

/// A `TypeError` for an argument the core refused while building a client.
pub fn invalid_argument_error(env: &Env, context: &str, error: CoreError) -> Error {
    match error {
        CoreError::InvalidArgument { parameter, message } => {
            let parameter = parameter.replacen("retries", "retryConfig", 1);
            let text = format!("{context}: {}", invalid_message(&parameter, &message));
            type_error(env, "ERR_INVALID_ARG_VALUE", text)
        }
        other => Error::new(Status::GenericFailure, other.to_string()),
    }
}

fn headers(map: &http::HeaderMap) -> Value {
    let mut out = Map::new();
    for name in map.keys() {
        let values: Vec<String> = map
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        out.insert(name.as_str().to_owned(), Value::String(values.join(", ")));
    }
    Value::Object(out)
}

/// The error payload; `data` (the parsed Clerk error body) is returned apart because its keys
/// are renamed, while header names are not.
fn error_payload(error: &CoreError) -> (Value, Option<Value>) {
    let mut payload = json!({
        "kind": error.kind_name(),
        "message": error.to_string(),
    });
    let fields = payload.as_object_mut().expect("an object");
    if let Some(response) = error.response() {
        fields.insert("statusCode".into(), response.status.into());
        fields.insert(
            "body".into(),
            Value::String(fit_for_javascript(&response.body).to_owned()),
        );
        fields.insert("headers".into(), headers(&response.headers));
        if let Some(after) = response.retry_after {
            fields.insert("retryAfter".into(), json!(after.as_secs_f64()));
        }
    }
    let mut data = None;
    match error {
        CoreError::ClerkErrors { data: body, .. } => {
            data = Some(serde_json::to_value(&**body).unwrap_or(Value::Null));
        }
        CoreError::ResponseValidation { source, .. } => {
            fields.insert("cause".into(), Value::String(source.to_string()));
        }
        CoreError::Timeout { timeout, .. } => {
            fields.insert("timeoutMs".into(), json!(timeout.as_millis() as u64));
        }
        CoreError::InvalidArgument { parameter, message } => {
            fields.insert("parameter".into(), Value::String(js_parameter(parameter)));
            fields.insert(
                "message".into(),
                Value::String(invalid_message(parameter, message)),
            );
        }
        _ => {}
    }
    (payload, data)
}

impl ToNapiValue for Reply {
    unsafe fn to_napi_value(raw: sys::napi_env, reply: Self) -> Result<sys::napi_value> {
        let env = Env::from_raw(raw);
        let error = match reply {
            Reply::Json(parts) if parts.iter().any(|part| part.len() > MAX_JS_STRING) => {
                let length = parts.iter().map(Vec::len).max().unwrap_or_default();
                let js = to_js(&env, &too_long_for_javascript(length), Out::AsIs)?;
                unsafe { Unknown::from_raw_unchecked(raw, js) }
            }
            // ASCII only, so the Latin-1 reading of a text is the text: a one-byte string,
            // copied as is.
            Reply::Json(parts) if parts.len() == 1 => return Ok(env.create_string_latin1(&parts[0])?.raw()),
            Reply::Json(parts) => {
                let mut array = env.create_array(parts.len() as u32)?;
                for (i, part) in parts.iter().enumerate() {
                    array.set(i as u32, env.create_string_latin1(part)?)?;
                }
                return unsafe { ToNapiValue::to_napi_value(raw, array) };
            }
            Reply::Error(error) => {
                let (payload, data) = error_payload(&error);
                let js = to_js(&env, &payload, Out::AsIs)?;
                let mut payload: Object<'_> = unsafe { Unknown::from_raw_unchecked(raw, js).cast() }?;
                if let Some(data) = data {
                    let js = to_js(&env, &data, Out::ToCamel)?;
                    payload.set("data", unsafe { Unknown::from_raw_unchecked(raw, js) })?;
                }
                payload.to_unknown()
            }
            Reply::Panic(message) => {
                let payload = json!({ "kind": "InternalError", "message": message });
                let js = to_js(&env, &payload, Out::AsIs)?;
                unsafe { Unknown::from_raw_unchecked(raw, js) }
            }
            Reply::Cancelled => {
                let mut envelope = Object::new(&env)?;
                envelope.set("cancelled", true)?;
                return unsafe { ToNapiValue::to_napi_value(raw, envelope) };
            }
        };
        let mut envelope = Object::new(&env)?;
        envelope.set("error", error)?;
        unsafe { ToNapiValue::to_napi_value(raw, envelope) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_get_their_javascript_names() {
        assert_eq!(js_parameter("user_ids"), "userIds");
        assert_eq!(js_parameter("limit"), "limit");
        assert_eq!(js_parameter("timeout"), "timeoutMs");
        assert_eq!(js_parameter("secret_key"), "bearerAuth");
        assert_eq!(
            js_parameter("retries.backoff.initial_interval"),
            "retries.backoff.initialInterval"
        );
        assert_eq!(js_parameter("file.content_type"), "file.contentType");
    }
}
