//! What a call's promise resolves with: the result as JSON text (camelCase keys; a long array as
//! the texts of arrays of its items, see `json.rs`) or `{ error }`
//! (a plain payload: `kind`, `message`, and the response's `statusCode`, `body`, `headers`,
//! `retryAfter`, `data` when there was one). The JavaScript facade turns `error` into the
//! matching error class, so that classes live in one place and `instanceof` works across
//! realms of the same module.

use std::any::Any;

use clerk_backend::Error as CoreError;
use clerk_backend::models::ClerkErrorsBody;
use clerk_backend::models::shape::Shaped;
use napi::bindgen_prelude::*;
use serde_json::{Map, Value, json};

use crate::convert::{Out, to_js};
use crate::errors::{invalid_message, js_parameter};
use crate::json::Json;
use crate::results::shaped_text;

/// A finished call.
pub enum Reply {
    /// The result as ASCII JSON text, or the parts of a long array (`json.rs`).
    Json(Json),
    Error(Box<CoreError>),
    /// A panic inside native code (a bug): surfaces as `ClerkInternalError`.
    Panic(String),
    /// Cancelled through its [`crate::runtime::CancelToken`]: `{ cancelled: true }`, which the facade
    /// turns into the abort signal's reason.
    Cancelled,
}

impl From<std::result::Result<Json, CoreError>> for Reply {
    fn from(outcome: std::result::Result<Json, CoreError>) -> Self {
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
            clerk_backend::panic_message(payload)
        ))
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

fn headers(response: &clerk_backend::HttpResponse) -> Value {
    let pairs = response.joined_headers();
    Value::Object(
        pairs
            .map(|(name, value)| (name.to_owned(), Value::String(value)))
            .collect::<Map<_, _>>(),
    )
}

/// The error payload; `data` (the Clerk error body) is returned apart, as JSON text with
/// JavaScript's keys written as a result's are (keys sent as null kept, numbers as a result's
/// are: `dataExact`), while header names are not renamed.
fn error_payload(error: &CoreError) -> (Value, Option<Vec<u8>>) {
    let mut payload = json!({
        "kind": error.kind_name(),
        "message": error.to_string(),
    });
    let fields = payload.as_object_mut().expect("an object");
    if let Some(response) = error.response() {
        fields.insert("statusCode".into(), response.status.into());
        fields.insert(
            "body".into(),
            // Cut at a character boundary so that it fits in a JavaScript string.
            Value::String(clerk_backend::char_prefix(&response.body, MAX_JS_STRING).to_owned()),
        );
        fields.insert("headers".into(), headers(response));
        if let Some(after) = response.retry_after {
            fields.insert("retryAfter".into(), json!(after.as_secs_f64()));
        }
    }
    let mut data = None;
    match error {
        CoreError::ClerkErrors { response, .. } => {
            // The core read this body as a Clerk error body: it is JSON.
            let json = shaped_text(response.body.as_bytes(), ClerkErrorsBody::SHAPE);
            let text = json.parts.concat();
            if !json.exact.is_empty() {
                fields.insert("dataExact".into(), Value::String(json.exact_text()));
            }
            // Only with a `maxResponseBytes` raised far beyond its default; `body` has the text.
            data = (text.len() <= MAX_JS_STRING).then_some(text);
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
            Reply::Json(json) if json.parts.iter().any(|part| part.len() > MAX_JS_STRING) => {
                let length = json.parts.iter().map(Vec::len).max().unwrap_or_default();
                let js = to_js(&env, &too_long_for_javascript(length), Out::AsIs)?;
                unsafe { Unknown::from_raw_unchecked(raw, js) }
            }
            Reply::Json(json) if json.exact.is_empty() => return texts(&env, &json.parts),
            Reply::Json(json) => {
                let mut envelope = Object::new(&env)?;
                // SAFETY: a value `texts` just made in this env.
                envelope.set("json", unsafe {
                    Unknown::from_raw_unchecked(raw, texts(&env, &json.parts)?)
                })?;
                envelope.set("exact", json.exact_text())?;
                return unsafe { ToNapiValue::to_napi_value(raw, envelope) };
            }
            Reply::Error(error) => {
                let (payload, data) = error_payload(&error);
                let js = to_js(&env, &payload, Out::AsIs)?;
                let mut payload: Object<'_> = unsafe { Unknown::from_raw_unchecked(raw, js).cast() }?;
                if let Some(data) = data {
                    payload.set("data", parse_json(&env, &data)?)?;
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

/// A result's text, or the texts of its parts. ASCII only, so the Latin-1 reading of a text is
/// the text: a one-byte string, copied as is.
fn texts(env: &Env, parts: &[Vec<u8>]) -> Result<sys::napi_value> {
    if let [text] = parts {
        return Ok(env.create_string_latin1(text)?.raw());
    }
    let mut array = env.create_array(parts.len() as u32)?;
    for (i, part) in parts.iter().enumerate() {
        array.set(i as u32, env.create_string_latin1(part)?)?;
    }
    unsafe { ToNapiValue::to_napi_value(env.raw(), array) }
}

/// `JSON.parse(text)` of ASCII JSON text.
fn parse_json<'env>(env: &'env Env, text: &[u8]) -> Result<Unknown<'env>> {
    let json: Object<'_> = env.get_global()?.get_named_property("JSON")?;
    let parse: Function<'_, napi::JsString<'_>, Unknown<'_>> = json.get_named_property("parse")?;
    // ASCII only, so its Latin-1 reading is the text.
    parse.apply(json, env.create_string_latin1(text)?)
}
