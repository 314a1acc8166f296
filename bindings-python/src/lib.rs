//! `clerk_backend._native`: marshals Python arguments into the core's request structs and the
//! core's results and errors back into Python objects. No HTTP, retry or encoding logic lives
//! here (docs/ARCHITECTURE.md, rule 1): the pure-Python package `clerk_backend` wraps this module.

mod args;
mod emulator;
mod process;
mod results;

use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc;
use std::time::Duration;

use clerk_backend::models::shape::Shaped;
use clerk_backend::requests::*;
use clerk_backend::{
    BackoffStrategy, CallOptions, Clerk, ClerkBuilder, Error, HttpResponse, RawResponse, RetryConfig,
    RetryStrategy,
};
use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple};
use pythonize::pythonize;
use serde::de::DeserializeOwned;

/// Turns a finished call into its Python value; runs with the GIL held.
type Convert = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;
type Outcome = Result<Convert, Error>;

/// This process's tokio runtime (see `process`: a forked child makes its own).
fn runtime(py: Python<'_>) -> PyResult<&'static tokio::runtime::Runtime> {
    process::runtime().map_err(|e| {
        let message = format!("clerk_backend could not start its I/O threads: {e}");
        library_error(py, "ClerkBaseError", message)
    })
}

/// `clerk_backend.models`, imported once.
fn models(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static MODELS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    MODELS
        .get_or_try_init(py, || {
            py.import("clerk_backend.models").map(|m| m.into_any().unbind())
        })
        .map(|m| m.bind(py))
}

/// An exception of `clerk_backend.models` with only a message.
fn library_error(py: Python<'_>, class: &str, message: String) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let class = models(py)?.getattr(class)?;
        Ok(PyErr::from_value(class.call1((message.clone(),))?))
    };
    build().unwrap_or_else(|e| e)
}

fn panic_text(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "(no message)".to_owned())
}

/// A panic becomes `ClerkInternalError` (a `ClerkBaseError`), never pyo3's `PanicException`,
/// which derives from `BaseException` and escapes `except Exception`.
fn panic_error(py: Python<'_>, payload: &(dyn Any + Send)) -> PyErr {
    library_error(
        py,
        "ClerkInternalError",
        format!(
            "internal error in clerk_backend (please report it): {}",
            panic_text(payload)
        ),
    )
}

fn headers_dict<'py>(py: Python<'py>, headers: &http::HeaderMap) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for name in headers.keys() {
        let values: Vec<String> = headers
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        dict.set_item(name.as_str(), values.join(", "))?;
    }
    Ok(dict)
}

/// Converts a core error into the matching exception of `clerk_backend.models`.
fn to_py_err(py: Python<'_>, error: Error) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let message = error.to_string();
        if let Error::InvalidArgument { parameter, message } = &error {
            let text = format!("invalid argument `{parameter}`: {message}");
            return Ok(PyValueError::new_err(text));
        }
        let models = models(py)?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("message", &message)?;
        if let Some(response) = error.response() {
            kwargs.set_item("status_code", response.status)?;
            kwargs.set_item("body", &response.body)?;
            kwargs.set_item("headers", headers_dict(py, &response.headers)?)?;
            kwargs.set_item("retry_after", response.retry_after.map(|d| d.as_secs_f64()))?;
        }
        let class = match &error {
            Error::ClerkErrors { data, .. } => {
                kwargs.set_item("data", pythonize(py, &**data)?)?;
                "ClerkErrors"
            }
            Error::Sdk(_) => "SDKError",
            Error::ResponseValidation { source, .. } => {
                kwargs.set_item("cause", source.to_string())?;
                "ResponseValidationError"
            }
            Error::ResponseTooLarge { .. } => {
                kwargs.set_item("cause", &message)?;
                "ResponseValidationError"
            }
            Error::Connection { .. } => "ClerkConnectionError",
            Error::Timeout { .. } => "ClerkTimeoutError",
            _ => "ClerkBaseError",
        };
        let value = models.getattr(class)?.call((), Some(&kwargs))?;
        Ok(PyErr::from_value(value))
    };
    build().unwrap_or_else(|e| e)
}

/// Deserialises `kwargs` into the operation's request struct; a misspelt key or a value of the
/// wrong type becomes a `TypeError` naming the parameter, before any I/O (see `args`).
fn parse<T: DeserializeOwned>(op: &str, kwargs: &Bound<'_, PyAny>) -> PyResult<T> {
    args::parse(op, kwargs)
}

fn start<O>(clerk: Clerk, options: Option<CallOptions>, request: O) -> BoxFuture<'static, Outcome>
where
    O: Operation + 'static,
{
    async move {
        let raw = clerk.execute_raw(&request, options.as_ref()).await?;
        // Checked and indexed here, off the GIL; fields are decoded when Python reads them.
        match results::Prepared::new(raw.body.clone(), <O::Output as Shaped>::SHAPE) {
            Ok(prepared) => Ok(Box::new(move |py: Python<'_>| prepared.into_python(py)) as Convert),
            Err(problem) => Err(invalid_response(raw, problem)),
        }
    }
    .boxed()
}

/// `ResponseValidationError` for a success body that is not the operation's result.
fn invalid_response(raw: RawResponse, problem: String) -> Error {
    use serde::de::Error as _;
    Error::ResponseValidation {
        response: Box::new(HttpResponse {
            status: raw.status,
            body: String::from_utf8_lossy(&raw.body).into_owned(),
            headers: raw.headers,
            retry_after: None,
        }),
        source: serde_json::Error::custom(problem),
    }
}

/// Parses the arguments of `op` and returns the future of the call.
fn prepare(
    clerk: &Clerk,
    op: &str,
    kwargs: &Bound<'_, PyAny>,
    options: Option<CallOptions>,
) -> PyResult<BoxFuture<'static, Outcome>> {
    macro_rules! dispatch {
        ($($name:ident: $request:ty,)*) => {
            match op {
                $( stringify!($name) => {
                    let request: $request = parse(stringify!($name), kwargs)?;
                    Ok(start(clerk.clone(), options, request))
                } )*
                other => Err(PyValueError::new_err(format!("unknown operation {other:?}"))),
            }
        };
    }
    clerk_backend::for_each_operation!(dispatch)
}

/// `(strategy, initial_interval, max_interval, exponent, max_elapsed_time, retry_connection_errors)`,
/// built by `clerk_backend.utils` from a `RetryConfig`.
type RetryTuple = (String, u64, u64, f64, u64, bool);

fn retry_config(value: &Bound<'_, PyAny>) -> PyResult<RetryConfig> {
    let (strategy, initial, max, exponent, elapsed, connection_errors): RetryTuple = value
        .extract()
        .map_err(|e| PyTypeError::new_err(format!("retries: expected a RetryConfig ({e})")))?;
    let strategy = match strategy.as_str() {
        "backoff" => RetryStrategy::Backoff,
        "none" => RetryStrategy::None,
        other => {
            let text = format!("retries.strategy must be \"backoff\" or \"none\", got {other:?}");
            return Err(PyValueError::new_err(text));
        }
    };
    Ok(RetryConfig {
        strategy,
        backoff: BackoffStrategy::new(initial, max, exponent, elapsed),
        retry_connection_errors: connection_errors,
    })
}

fn timeout(value: &Bound<'_, PyAny>) -> PyResult<Duration> {
    let ms: u64 = value
        .extract()
        .map_err(|_| PyValueError::new_err("timeout_ms must be a positive integer (milliseconds)"))?;
    Ok(Duration::from_millis(ms))
}

fn max_response_bytes(value: &Bound<'_, PyAny>) -> PyResult<u64> {
    value
        .extract()
        .map_err(|_| PyValueError::new_err("max_response_bytes must be a positive integer (bytes)"))
}

fn headers(value: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
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
fn call_options(options: Option<&Bound<'_, PyDict>>) -> PyResult<Option<CallOptions>> {
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
            other => return Err(PyTypeError::new_err(format!("unknown call option {other:?}"))),
        }
    }
    Ok(Some(out))
}

/// Runs `outcome`'s conversion, or turns its error or panic into the library's exception.
fn finish(py: Python<'_>, outcome: std::thread::Result<Outcome>) -> PyResult<Py<PyAny>> {
    match outcome {
        Ok(Ok(convert)) => convert(py),
        Ok(Err(error)) => Err(to_py_err(py, error)),
        Err(payload) => Err(panic_error(py, &*payload)),
    }
}

/// Runs `body` and turns a panic into `ClerkInternalError`.
pub(crate) fn guard<T>(py: Python<'_>, body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    std::panic::catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| Err(panic_error(py, &*payload)))
}

/// Waits for `future` on the shared runtime with the GIL released; Ctrl-C cancels the call.
fn block_on(py: Python<'_>, future: BoxFuture<'static, Outcome>) -> PyResult<Py<PyAny>> {
    let runtime = runtime(py)?;
    let (tx, rx) = mpsc::sync_channel(1);
    let task = runtime.spawn(async move {
        let outcome = AssertUnwindSafe(future).catch_unwind().await;
        let _ = tx.send(outcome);
    });
    let mut rx = rx;
    loop {
        // The receiver moves in and out: it is `Send` but not `Sync`.
        let (received, back) = py.detach(move || (rx.recv_timeout(Duration::from_millis(100)), rx));
        rx = back;
        match received {
            Ok(outcome) => return finish(py, outcome),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Err(interrupt) = py.check_signals() {
                    task.abort();
                    return Err(interrupt);
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let payload: Box<dyn Any + Send> = Box::new("the call's task ended without a result");
                return Err(panic_error(py, &*payload));
            }
        }
    }
}

/// A client's settings, as given to `Clerk(...)`.
struct Settings {
    /// Kept to rebuild the client in a forked child; wiped when the client goes.
    bearer_auth: zeroize::Zeroizing<String>,
    server_url: Option<String>,
    retry_config: Option<RetryConfig>,
    timeout: Option<Duration>,
    api_version: Option<String>,
    headers: Vec<(String, String)>,
    max_response_bytes: Option<u64>,
    allow_insecure_http: bool,
}

impl Settings {
    // One argument per keyword argument of `Clerk(...)`.
    #[allow(clippy::too_many_arguments)]
    fn from_python(
        bearer_auth: String,
        server_url: Option<String>,
        retry_config: Option<&Bound<'_, PyAny>>,
        timeout_ms: Option<&Bound<'_, PyAny>>,
        api_version: Option<String>,
        http_headers: Option<&Bound<'_, PyAny>>,
        max_response_bytes: Option<&Bound<'_, PyAny>>,
        allow_insecure_http: bool,
    ) -> PyResult<Self> {
        Ok(Self {
            bearer_auth: bearer_auth.into(),
            server_url,
            retry_config: retry_config.map(self::retry_config).transpose()?,
            timeout: timeout_ms.map(timeout).transpose()?,
            api_version,
            headers: http_headers.map(headers).transpose()?.unwrap_or_default(),
            max_response_bytes: max_response_bytes.map(self::max_response_bytes).transpose()?,
            allow_insecure_http,
        })
    }

    fn builder(&self) -> ClerkBuilder {
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
        builder.allow_insecure_http(self.allow_insecure_http)
    }
}

/// The native client: one `clerk_backend::Clerk` (one connection pool; the core makes its HTTP
/// client, which loads the system's TLS roots, on the first call) per process: in a child
/// forked after the client was made, a new one from the same settings.
#[pyclass(frozen, module = "clerk_backend._native")]
struct NativeClient {
    settings: Settings,
    clerk: process::PerProcess<Clerk>,
}

impl NativeClient {
    fn clerk(&self, py: Python<'_>) -> PyResult<Clerk> {
        self.clerk
            .get(|| self.settings.builder().build())
            .map_err(|e| to_py_err(py, e))
    }
}

#[pymethods]
impl NativeClient {
    #[new]
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (bearer_auth, server_url=None, retry_config=None, timeout_ms=None, api_version=None, http_headers=None, max_response_bytes=None, allow_insecure_http=false))]
    fn new(
        py: Python<'_>,
        bearer_auth: String,
        server_url: Option<String>,
        retry_config: Option<&Bound<'_, PyAny>>,
        timeout_ms: Option<&Bound<'_, PyAny>>,
        api_version: Option<String>,
        http_headers: Option<&Bound<'_, PyAny>>,
        max_response_bytes: Option<&Bound<'_, PyAny>>,
        allow_insecure_http: bool,
    ) -> PyResult<Self> {
        let settings = Settings::from_python(
            bearer_auth,
            server_url,
            retry_config,
            timeout_ms,
            api_version,
            http_headers,
            max_response_bytes,
            allow_insecure_http,
        )?;
        let clerk = settings.builder().build().map_err(|e| to_py_err(py, e))?;
        Ok(Self {
            settings,
            clerk: process::PerProcess::new(clerk),
        })
    }

    /// Runs operation `op` and waits for it with the GIL released.
    #[pyo3(signature = (op, kwargs, options=None))]
    fn call(
        &self,
        py: Python<'_>,
        op: &str,
        kwargs: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        guard(py, || {
            let future = prepare(&self.clerk(py)?, op, kwargs, call_options(options)?)?;
            block_on(py, future)
        })
    }

    /// Runs operation `op` on the shared runtime; returns an awaitable.
    #[pyo3(signature = (op, kwargs, options=None))]
    fn call_async<'py>(
        &self,
        py: Python<'py>,
        op: &str,
        kwargs: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let future = prepare(&self.clerk(py)?, op, kwargs, call_options(options)?)?;
            runtime(py)?;
            pyo3_async_runtimes::generic::future_into_py::<process::ForkSafe, _, _>(py, async move {
                let outcome = AssertUnwindSafe(future).catch_unwind().await;
                Python::attach(|py| finish(py, outcome))
            })
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "NativeClient(server_url={:?}, bearer_auth=<redacted>)",
            self.clerk.peek(|clerk| clerk.server_url().to_owned())
        )
    }
}

/// Panics inside native code, for the tests of panic conversion (sync and async).
#[pyfunction]
#[pyo3(signature = (asynchronous=false))]
fn _panic_for_tests(py: Python<'_>, asynchronous: bool) -> PyResult<Bound<'_, PyAny>> {
    guard(py, || {
        let future: BoxFuture<'static, Outcome> = async { panic!("deliberate panic for tests") }.boxed();
        if asynchronous {
            runtime(py)?;
            pyo3_async_runtimes::generic::future_into_py::<process::ForkSafe, _, _>(py, async move {
                let outcome = AssertUnwindSafe(future).catch_unwind().await;
                Python::attach(|py| finish(py, outcome))
            })
        } else {
            block_on(py, future).map(|v| v.into_bound(py))
        }
    })
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeClient>()?;
    m.add_class::<emulator::NativeEmulator>()?;
    m.add_class::<results::Model>()?;
    m.add_class::<results::FieldGetter>()?;
    m.add_function(wrap_pyfunction!(results::register_models, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add("VERSION", clerk_backend::VERSION)?;
    m.add("RESULT_MODELS", PyTuple::new(m.py(), results::result_models())?)?;
    m.add(
        "OPERATIONS",
        // (python name, result model) of each operation, from the core's one description.
        PyTuple::new(
            m.py(),
            clerk_backend::ops::OPERATIONS
                .iter()
                .map(|op| (op.python_name, op.response)),
        )?,
    )?;
    Ok(())
}
