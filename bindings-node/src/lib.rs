//! The native addon of the npm package `clerk-backend`: marshals JavaScript arguments into the
//! core's request structs and the core's results and errors back into plain JavaScript objects.
//! No HTTP, retry or encoding logic lives here (docs/ARCHITECTURE.md, rule 1); the JavaScript facade
//! (`index.js`) gives every operation its method and turns error payloads into error classes.

#![deny(clippy::all)]

mod convert;
mod emulator;
mod json;
mod reply;

use std::any::Any;
use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::time::Duration;

use clerk_backend::models::shape::Shaped;
use clerk_backend::ops::{self, BodyKind, OperationSpec};
use clerk_backend::requests::*;
use clerk_backend::{BackoffStrategy, CallOptions, Clerk, Nullable, RetryConfig, RetryStrategy};
use futures_util::FutureExt;
use futures_util::future::{AbortHandle, AbortRegistration, Abortable, BoxFuture};
use napi::bindgen_prelude::*;
use napi::{JsValue, ValueType};
use napi_derive::napi;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use convert::{BadValue, Keys, from_js, parameter_from_js, to_camel};
use reply::Reply;

/// What a finished call hands back to JavaScript: the result as JSON text with JavaScript's
/// keys, in parts when it is a long array (see `json.rs`), or the error.
type Outcome = std::result::Result<Vec<Vec<u8>>, clerk_backend::Error>;

/// mimalloc instead of the system allocator for the addon's own memory (response bodies, the
/// JSON text of results, decoded models). A page of 100 users is about 10,000
/// allocations, freed together; glibc's per-thread arenas gave those pages back to the system
/// after each call and faulted them in again on the next (the process took about 265 page
/// faults per call, 70 with mimalloc), and its `malloc`/`free` were a tenth of the native
/// thread's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// napi's tokio runtime, with half as many workers as cores (at least one) instead of one per
/// core: the JavaScript thread needs a core of its own to parse results, and with idle
/// workers to spare every call woke a second one to look for work to steal, which doubled the
/// context switches of sequential calls and cost about a tenth of their CPU. A
/// `TOKIO_WORKER_THREADS` in the environment is left to napi's own runtime, which reads it.
#[napi_derive::module_init]
fn init_runtime() {
    if std::env::var_os("TOKIO_WORKER_THREADS").is_some() {
        return;
    }
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let runtime = napi::tokio::runtime::Builder::new_multi_thread()
            .worker_threads((cores / 2).max(1))
            .enable_all()
            .build();
        // Should it fail, napi builds its default runtime on first use.
        if let Ok(runtime) = runtime {
            create_custom_tokio_runtime(runtime);
        }
    });
}

/// The text of a panic payload.
pub(crate) fn panic_text(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "(no message)".to_owned())
}

/// A JavaScript `TypeError` with a Node-style `code`, thrown (or rejected) as is.
pub(crate) fn type_error(env: &Env, code: &str, message: String) -> Error {
    let error = JsTypeError::from(Error::new(code, message));
    Error::from(error.into_unknown(*env))
}

/// Runs `body`, turning a panic into an error instead of unwinding into Node (which aborts).
pub(crate) fn guard<T>(what: &str, body: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        Err(Error::new(
            Status::GenericFailure,
            format!(
                "internal error in clerk-backend ({what}; please report it): {}",
                panic_text(&*payload)
            ),
        ))
    })
}

fn bad_value(env: &Env, context: &str, bad: BadValue) -> Error {
    let message = if bad.path.is_empty() {
        format!("{context}: {}", bad.message)
    } else {
        format!("{context}: `{}` {}", bad.path, bad.message)
    };
    type_error(env, "ERR_INVALID_ARG_TYPE", message)
}

/// A serde error of a value that was converted from JavaScript, as a `TypeError` naming the
/// parameter by its JavaScript name.
fn serde_error(env: &Env, context: &str, error: serde_path_to_error::Error<serde_json::Error>) -> Error {
    let path = error.path().to_string();
    let inner = error.into_inner().to_string();
    let message = match inner.strip_prefix("missing field `") {
        Some(rest) => {
            let name = rest.split('`').next().unwrap_or(rest);
            let at = if path.is_empty() || path == "." {
                String::new()
            } else {
                format!("{}.", camel_path(&path))
            };
            format!("{context}: missing required parameter `{at}{}`", to_camel(name))
        }
        None if path.is_empty() || path == "." => format!("{context}: {inner}"),
        None => format!("{context}: parameter `{}`: {inner}", camel_path(&path)),
    };
    type_error(env, "ERR_INVALID_ARG_TYPE", message)
}

/// `public_metadata.x` -> `publicMetadata.x`: only the first segment is a parameter name.
fn camel_path(path: &str) -> String {
    match path.split_once('.') {
        Some((first, rest)) => format!("{}.{rest}", to_camel(first)),
        None => match path.split_once('[') {
            Some((first, rest)) => format!("{}[{rest}", to_camel(first)),
            None => to_camel(path),
        },
    }
}

fn deserialize<T: DeserializeOwned>(env: &Env, context: &str, value: Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| serde_error(env, context, e))
}

/// The parameters object of a call: its keys checked against the operation's description and
/// renamed to their wire names. `file` (multipart) is taken out, read as binary.
fn params_from_js(
    env: &Env,
    spec: &OperationSpec,
    context: &str,
    params: Option<Unknown<'_>>,
) -> Result<(Value, Option<File>)> {
    let mut fields = Map::new();
    let mut file = None;
    let Some(params) = params else {
        return Ok((Value::Object(fields), None));
    };
    match params.get_type()? {
        ValueType::Undefined | ValueType::Null => return Ok((Value::Object(fields), None)),
        ValueType::Object => {}
        other => {
            let message = format!(
                "{context}: the parameters must be an object, got {}",
                type_name(other)
            );
            return Err(type_error(env, "ERR_INVALID_ARG_TYPE", message));
        }
    }
    let object: Object<'_> = unsafe { params.cast() }?;
    if object.is_array()? {
        let message = format!("{context}: the parameters must be an object, got an array");
        return Err(type_error(env, "ERR_INVALID_ARG_TYPE", message));
    }
    for key in Object::keys(&object)? {
        let value: Unknown<'_> = object.get_named_property(&key)?;
        if value.get_type()? == ValueType::Undefined {
            continue;
        }
        let Some(name) = spec.params().find(|p| to_camel(p) == key) else {
            return Err(unknown_key(env, context, "parameter", &key, spec.params()));
        };
        if name == "file" && spec.body == BodyKind::Multipart {
            file = file_from_js(env, context, value)?;
            continue;
        }
        // Parameters are flat: what is below them (metadata) is user data, never renamed.
        let converted =
            parameter_from_js(value, &key, Keys::AsIs).map_err(|bad| bad_value(env, context, bad))?;
        fields.insert(name.to_owned(), converted);
    }
    Ok((Value::Object(fields), file))
}

fn unknown_key<'a>(
    env: &Env,
    context: &str,
    what: &str,
    key: &str,
    known: impl Iterator<Item = &'a str>,
) -> Error {
    let known: Vec<String> = known.map(to_camel).collect();
    let hint = known
        .iter()
        .find(|k| convert::to_snake(k) == key || k.eq_ignore_ascii_case(key))
        .map(|k| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default();
    let message = if known.is_empty() {
        format!("{context}: unknown {what} `{key}`: this operation takes no parameters")
    } else {
        format!(
            "{context}: unknown {what} `{key}`{hint}; expected one of {}",
            known.join(", ")
        )
    };
    type_error(env, "ERR_INVALID_ARG_VALUE", message)
}

fn type_name(kind: ValueType) -> &'static str {
    match kind {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "a boolean",
        ValueType::Number => "a number",
        ValueType::String => "a string",
        ValueType::Symbol => "a symbol",
        ValueType::Object => "an object",
        ValueType::Function => "a function",
        ValueType::BigInt => "a bigint",
        _ => "an unsupported value",
    }
}

/// `{ fileName, content, contentType? }`: content is a Buffer, Uint8Array, ArrayBuffer or string.
fn file_from_js(env: &Env, context: &str, value: Unknown<'_>) -> Result<Option<File>> {
    match value.get_type()? {
        ValueType::Null => return Ok(None),
        ValueType::Object => {}
        other => {
            let message = format!(
                "{context}: parameter `file` must be an object {{ fileName, content, contentType? }}, got {}",
                type_name(other)
            );
            return Err(type_error(env, "ERR_INVALID_ARG_TYPE", message));
        }
    }
    let object: Object<'_> = unsafe { value.cast() }?;
    let mut file = File::default();
    let mut has_name = false;
    let mut has_content = false;
    for key in Object::keys(&object)? {
        let item: Unknown<'_> = object.get_named_property(&key)?;
        let kind = item.get_type()?;
        if kind == ValueType::Undefined {
            continue;
        }
        let path = format!("file.{key}");
        let not_string = || {
            let message = format!(
                "{context}: parameter `{path}` must be a string, got {}",
                type_name(kind)
            );
            type_error(env, "ERR_INVALID_ARG_TYPE", message)
        };
        match key.as_str() {
            "fileName" => {
                if kind != ValueType::String {
                    return Err(not_string());
                }
                file.file_name = unsafe { item.cast() }?;
                has_name = true;
            }
            "contentType" => match kind {
                ValueType::Null => file.content_type = None,
                ValueType::String => file.content_type = Some(unsafe { item.cast() }?),
                _ => return Err(not_string()),
            },
            "content" => {
                file.content =
                    convert::bytes_from_js(item, &path).map_err(|bad| bad_value(env, context, bad))?;
                has_content = true;
            }
            _ => {
                let known = ["file_name", "content", "content_type"].into_iter();
                return Err(unknown_key(env, context, "key of `file`", &key, known));
            }
        }
    }
    if !has_name || !has_content {
        let missing = if has_name { "file.content" } else { "file.fileName" };
        let message = format!("{context}: missing required parameter `{missing}`");
        return Err(type_error(env, "ERR_INVALID_ARG_TYPE", message));
    }
    Ok(Some(file))
}

/// The future of one call: runs the operation and writes its result as JSON text with camelCase
/// keys, all off the JS thread; the facade `JSON.parse`s it, which builds the objects far faster
/// than setting their properties through Node-API. The text comes from one pass over the body
/// checked against the result model's shape, or, when that pass cannot vouch for the body, from
/// the parsed body guided by the same shape, once the model's own decode accepts it (its error
/// when it does not).
fn start<O>(clerk: Clerk, options: Option<CallOptions>, request: O) -> BoxFuture<'static, Outcome>
where
    O: Operation + 'static,
    O::Output: serde::Serialize,
{
    async move {
        let response = clerk.execute_raw(&request, options.as_ref()).await?;
        if let Some(json) = json::transcode(&response.body, <O::Output as Shaped>::SHAPE) {
            return Ok(json);
        }
        // Keys get shorter, a few characters may become escapes: about the body's size.
        let capacity = response.body.len() + response.body.len() / 8 + 16;
        let body = response.body.clone();
        // The model's verdict on the body (and its error); the text is written from the body
        // itself, so that keys sent as null stay.
        let _: O::Output = response.decode()?;
        let value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        Ok(json::to_camel_json(
            &value,
            <O::Output as Shaped>::SHAPE,
            capacity,
        ))
    }
    .boxed()
}

/// Parses the parameters of `spec` into its request struct and returns the future of the call.
fn prepare(
    env: &Env,
    clerk: &Clerk,
    spec: &'static OperationSpec,
    params: Option<Unknown<'_>>,
    options: Option<CallOptions>,
) -> Result<BoxFuture<'static, Outcome>> {
    let context = format!("users.{}()", spec.js_name);
    let (fields, file) = params_from_js(env, spec, &context, params)?;
    macro_rules! dispatch {
        ($($name:ident: $request:ty,)*) => {
            match spec.python_name {
                $( stringify!($name) => {
                    let mut request: $request = deserialize(env, &context, fields)?;
                    // The file of `set_profile_image`, read apart from the other parameters.
                    request.set_file(file);
                    Ok(start(clerk.clone(), options, request))
                } )*
                other => Err(Error::new(Status::InvalidArg, format!("unknown operation {other:?}"))),
            }
        };
    }
    clerk_backend::for_each_operation!(dispatch)
}

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
    fn into_core(self, env: &Env, context: &str, name: &str) -> Result<RetryConfig> {
        let strategy = match self.strategy.as_str() {
            "backoff" => RetryStrategy::Backoff,
            "none" => RetryStrategy::None,
            other => {
                let message =
                    format!("{context}: `{name}.strategy` must be \"backoff\" or \"none\", got {other:?}");
                return Err(type_error(env, "ERR_INVALID_ARG_VALUE", message));
            }
        };
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
    #[serde(default)]
    http_headers: Option<BTreeMap<String, String>>,
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
    match value.get_type()? {
        ValueType::Undefined | ValueType::Null => Ok(None),
        ValueType::Object => from_js(value, "", Keys::AsIs)
            .map(Some)
            .map_err(|bad| bad_value(env, context, bad)),
        other => {
            let message = format!(
                "{context}: the options must be an object, got {}",
                type_name(other)
            );
            Err(type_error(env, "ERR_INVALID_ARG_TYPE", message))
        }
    }
}

fn call_options(env: &Env, context: &str, value: Option<Unknown<'_>>) -> Result<Option<CallOptions>> {
    let Some(value) = options_value(env, context, value)? else {
        return Ok(None);
    };
    let options: JsCallOptions =
        serde_path_to_error::deserialize(value).map_err(|e| option_error(env, context, e))?;
    Ok(Some(CallOptions {
        retries: retries(env, context, "retries", options.retries)?,
        server_url: options.server_url,
        timeout: options.timeout_ms.map(Duration::from_millis),
        headers: options.http_headers.unwrap_or_default().into_iter().collect(),
        max_response_bytes: options.max_response_bytes,
    }))
}

fn option_error(env: &Env, context: &str, error: serde_path_to_error::Error<serde_json::Error>) -> Error {
    let path = error.path().to_string();
    let inner = error.into_inner().to_string();
    // "unknown field `x`, expected one of ..." with the path ending in `x`.
    if let Some(rest) = inner.strip_prefix("unknown field `") {
        let expected = rest.split_once('`').map_or("", |(_, tail)| tail);
        let message = format!("{context}: unknown option `{path}`{expected}");
        return type_error(env, "ERR_INVALID_ARG_VALUE", message);
    }
    let message = if path.is_empty() || path == "." {
        format!("{context}: {inner}")
    } else {
        format!("{context}: option `{path}`: {inner}")
    };
    type_error(env, "ERR_INVALID_ARG_TYPE", message)
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
    #[serde(default)]
    http_headers: Option<BTreeMap<String, String>>,
    #[serde(default)]
    max_response_bytes: Option<u64>,
    #[serde(default)]
    allow_insecure_http: bool,
}

/// The native client: one `clerk_backend::Clerk` (one connection pool).
#[napi]
pub struct NativeClient {
    clerk: Clerk,
}

#[napi]
impl NativeClient {
    /// `config`: `{ bearerAuth, serverUrl?, retryConfig?, timeoutMs?, apiVersion?, httpHeaders?,
    /// maxResponseBytes?, allowInsecureHttp? }`.
    #[napi(constructor, catch_unwind)]
    pub fn new(env: Env, config: Unknown<'_>) -> Result<Self> {
        guard("new Clerk()", || {
            let context = "new Clerk()";
            let Some(value) = options_value(&env, context, Some(config))? else {
                let message = format!("{context}: expected an options object with `bearerAuth`");
                return Err(type_error(&env, "ERR_INVALID_ARG_TYPE", message));
            };
            let config: JsClientConfig =
                serde_path_to_error::deserialize(value).map_err(|e| option_error(&env, context, e))?;
            let mut builder = Clerk::builder(config.bearer_auth).language("node");
            if let Some(url) = config.server_url {
                builder = builder.server_url(url);
            }
            if let Some(retry) = retries(&env, context, "retryConfig", config.retry_config)? {
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
            builder = builder.allow_insecure_http(config.allow_insecure_http);
            let clerk = builder
                .build()
                .map_err(|e| reply::invalid_argument_error(&env, context, e))?;
            Ok(Self { clerk })
        })
    }

    /// The server URL calls go to.
    #[napi(getter, catch_unwind)]
    pub fn server_url(&self) -> String {
        self.clerk.server_url().to_owned()
    }

    /// Runs operation `op` (its Node or Python name) on napi's tokio runtime. The promise always
    /// resolves, with the result as JSON text (camelCase keys; the facade `JSON.parse`s it), a
    /// long array as the texts of arrays of its items, or `{ error }` (a plain payload the
    /// facade turns into its error class); invalid arguments throw a `TypeError` before any I/O.
    /// With `cancel`, the call stops (its request dropped, the connection closed if it is in
    /// flight) when the token is cancelled, and resolves with `{ cancelled: true }`.
    #[napi(
        catch_unwind,
        ts_return_type = "Promise<string | string[] | { error: unknown } | { cancelled: true }>"
    )]
    pub fn call<'env>(
        &self,
        env: &'env Env,
        op: String,
        params: Option<Unknown<'env>>,
        options: Option<Unknown<'env>>,
        cancel: Option<&CancelToken>,
    ) -> Result<PromiseRaw<'env, Reply>> {
        let prepared = std::panic::catch_unwind(AssertUnwindSafe(|| -> Result<_> {
            let Some(spec) = ops::find(&op) else {
                let message = format!("unknown operation {op:?}");
                return Err(type_error(env, "ERR_INVALID_ARG_VALUE", message));
            };
            let context = format!("users.{}()", spec.js_name);
            let options = call_options(env, &context, options)?;
            prepare(env, &self.clerk, spec, params, options)
        }));
        let future = match prepared {
            Ok(Ok(future)) => future,
            Ok(Err(error)) => return Err(error),
            Err(payload) => return PromiseRaw::resolve(env, Reply::panic(&*payload)),
        };
        // A token serves one call; a second call with it is not cancellable.
        let registration = cancel.and_then(CancelToken::registration);
        env.spawn_future(async move {
            let guarded = AssertUnwindSafe(future).catch_unwind();
            let finished = match registration {
                Some(registration) => Abortable::new(guarded, registration).await.ok(),
                None => Some(guarded.await),
            };
            Ok(match finished {
                Some(Ok(outcome)) => Reply::from(outcome),
                Some(Err(payload)) => Reply::panic(&*payload),
                None => Reply::Cancelled,
            })
        })
    }
}

/// Cancels the call it is given to: the facade makes one per call that has an `AbortSignal`
/// and cancels it when the signal aborts.
#[napi]
pub struct CancelToken {
    handle: AbortHandle,
    registration: std::sync::Mutex<Option<AbortRegistration>>,
}

#[napi]
impl CancelToken {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        let (handle, registration) = AbortHandle::new_pair();
        CancelToken {
            handle,
            registration: std::sync::Mutex::new(Some(registration)),
        }
    }

    /// Stops the call (before it starts, or wherever it is); nothing when it has finished.
    #[napi]
    pub fn cancel(&self) {
        self.handle.abort();
    }

    fn registration(&self) -> Option<AbortRegistration> {
        self.registration.lock().ok()?.take()
    }
}

/// One operation of the core's table.
#[napi(object)]
pub struct OperationInfo {
    /// Python name (`get_o_auth_access_token`), also the name of its wire vectors file.
    pub name: String,
    /// Node method name (`getOAuthAccessToken`).
    pub js_name: String,
    /// The result model (`User`, `Vec<User>`, ...).
    pub response: String,
    /// The parameters, by their JavaScript names.
    pub params: Vec<String>,
    /// Statuses that reject with `ClerkErrors` (when the body is JSON).
    pub clerk_error_statuses: Vec<u32>,
}

/// Every operation, from the core's one description.
#[napi(catch_unwind)]
pub fn operations() -> Vec<OperationInfo> {
    ops::OPERATIONS
        .iter()
        .map(|op| OperationInfo {
            name: op.python_name.to_owned(),
            js_name: op.js_name.to_owned(),
            response: op.response.to_owned(),
            params: op.params().map(to_camel).collect(),
            clerk_error_statuses: op.clerk_error_statuses.iter().map(|&s| u32::from(s)).collect(),
        })
        .collect()
}

/// The library's version (of the core crate).
#[napi(catch_unwind)]
pub fn version() -> String {
    clerk_backend::VERSION.to_owned()
}

/// Panics inside native code, for the tests of panic containment: synchronously (a sync export
/// marked `catch_unwind`), or inside a call's future (`asynchronous`).
#[napi(js_name = "_panicForTests", catch_unwind)]
pub fn panic_for_tests(env: &Env, asynchronous: bool) -> Result<PromiseRaw<'_, Reply>> {
    if !asynchronous {
        panic!("deliberate panic for tests");
    }
    env.spawn_future(async move {
        let future: BoxFuture<'static, Outcome> = async { panic!("deliberate panic for tests") }.boxed();
        let reply = match AssertUnwindSafe(future).catch_unwind().await {
            Ok(outcome) => Reply::from(outcome),
            Err(payload) => Reply::panic(&*payload),
        };
        Ok(reply)
    })
}
