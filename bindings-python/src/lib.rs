//! `clerk_backend._native`: marshals Python arguments into the core's request structs and the
//! core's results and errors back into Python objects. No HTTP, retry or encoding logic lives
//! here (ARCHITECTURE.md, rule 1): the pure-Python package `clerk_backend` wraps this module.

mod emulator;

use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::sync::OnceLock;
use std::sync::mpsc;
use std::time::Duration;

use clerk_backend::models::{self as m, Lenient};
use clerk_backend::requests::*;
use clerk_backend::{
    BackoffStrategy, CallOptions, Clerk, ClerkBuilder, Error, HttpResponse, RawItems, RawResponse,
    RetryConfig, RetryStrategy,
};
use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use pyo3::exceptions::{PyAttributeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyTuple, PyType};
use pyo3::{ffi, intern};
use pythonize::{Depythonizer, pythonize};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Turns a finished call into its Python value; runs with the GIL held.
type Convert = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;
type Outcome = Result<Convert, Error>;

/// The process the shared tokio runtime was started in: its threads do not survive a fork.
static RUNTIME_PID: OnceLock<u32> = OnceLock::new();

fn runtime(py: Python<'_>) -> PyResult<&'static tokio::runtime::Runtime> {
    let pid = *RUNTIME_PID.get_or_init(std::process::id);
    if pid != std::process::id() {
        // A forked child has the runtime's state but none of its threads: waiting would hang.
        return Err(library_error(
            py,
            "ClerkBaseError",
            "clerk_backend was used before this process was forked; its I/O threads do not exist \
             in the child. Create and use clients only after forking (e.g. in gunicorn's post_fork \
             or a multiprocessing 'spawn' context)."
                .to_owned(),
        ));
    }
    Ok(pyo3_async_runtimes::tokio::get_runtime())
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
/// wrong type becomes a `TypeError` naming the parameter, before any I/O.
fn parse<T: DeserializeOwned>(op: &str, kwargs: &Bound<'_, PyAny>) -> PyResult<T> {
    let mut de = Depythonizer::from_object(kwargs);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        // A Python error raised while converting reads "TypeError: ..."; the class is ours to set.
        let inner = inner.strip_prefix("TypeError: ").unwrap_or(&inner);
        if path.is_empty() || path == "." {
            PyTypeError::new_err(format!("{op}(): {inner}"))
        } else {
            PyTypeError::new_err(format!("{op}(): parameter `{path}`: {inner}"))
        }
    })
}

/// How an operation's result becomes a Python value. `prepare` runs on the runtime, without the
/// GIL; the conversion it returns runs with the GIL held.
trait IntoPython: Sized {
    fn prepare(raw: RawResponse) -> Result<Convert, Error>;
}

/// A single object: decoded by the core, converted in one pass.
macro_rules! into_python_whole {
    ($($model:ty),* $(,)?) => {
        $(
            impl IntoPython for $model {
                fn prepare(raw: RawResponse) -> Result<Convert, Error> {
                    let output: $model = raw.decode()?;
                    Ok(Box::new(move |py| Ok(pythonize(py, &output)?.unbind())))
                }
            }
        )*
    };
}

into_python_whole!(
    m::User,
    m::TotalCount,
    m::DeletedObject,
    m::BillingSubscription,
    m::CreditBalance,
    m::CreditLedgerEntry,
    m::OrganizationMemberships,
    m::OrganizationInvitations,
    m::VerifyPasswordResponse,
    m::VerifyTotpResponse,
    m::UserIdResponse,
);

/// A list: its shape is checked now (an array of objects, else `ResponseValidationError`), its
/// items are decoded only when Python reads them (see `LazyList`).
impl<T> IntoPython for Vec<T>
where
    T: DeserializeOwned + Lenient + Serialize + 'static,
{
    fn prepare(raw: RawResponse) -> Result<Convert, Error> {
        let status = raw.status;
        let items = raw.into_items()?;
        Ok(Box::new(move |py| {
            let list = LazyList {
                items,
                status,
                load: load_item::<T>,
            };
            Ok(Py::new(py, list)?.into_any())
        }))
    }
}

fn start<O>(clerk: Clerk, options: Option<CallOptions>, request: O) -> BoxFuture<'static, Outcome>
where
    O: Operation + 'static,
    O::Output: IntoPython,
{
    async move {
        let raw = clerk.execute_raw(&request, options.as_ref()).await?;
        <O::Output as IntoPython>::prepare(raw)
    }
    .boxed()
}

/// Decodes item `index` (as tolerantly as a whole response) into its JSON-shaped Python value.
fn load_item<T: DeserializeOwned + Lenient + Serialize>(
    py: Python<'_>,
    items: &RawItems,
    status: u16,
    index: usize,
) -> PyResult<Py<PyAny>> {
    match items.decode::<T>(index) {
        Ok(item) => Ok(pythonize(py, &item)?.unbind()),
        // Unreachable in practice: the list's shape was checked, and an object always decodes.
        Err(source) => {
            let response = HttpResponse {
                status,
                headers: http::HeaderMap::new(),
                body: String::from_utf8_lossy(items.raw(index)).into_owned(),
                retry_after: None,
            };
            let error = Error::ResponseValidation {
                response: Box::new(response),
                source,
            };
            Err(to_py_err(py, error))
        }
    }
}

type LoadItem = fn(Python<'_>, &RawItems, u16, usize) -> PyResult<Py<PyAny>>;

/// The body of a list result, split into undecoded items. Python holds one result object per item
/// (`LazyList.wrap`), each pointing here with its index; an item is decoded and converted the
/// first time it is read (`_materialize`), so a page of 100 users costs 100 small objects until
/// the caller looks at them.
#[pyclass(frozen, module = "clerk_backend._native")]
struct LazyList {
    items: RawItems,
    status: u16,
    load: LoadItem,
}

/// `object.__getattribute__(obj, name)` (bypasses a class's `__getattr__`), `None` if unset.
fn get_slot<'py>(obj: &Bound<'py, PyAny>, name: &Bound<'py, PyString>) -> Option<Bound<'py, PyAny>> {
    let py = obj.py();
    // SAFETY: both pointers are valid for the call; the result is a new reference or NULL.
    let ptr = unsafe { ffi::PyObject_GenericGetAttr(obj.as_ptr(), name.as_ptr()) };
    // SAFETY: `ptr` is an owned reference or NULL with an exception set.
    unsafe { Bound::from_owned_ptr_or_err(py, ptr) }.ok()
}

/// `object.__setattr__(obj, name, value)`, or `object.__delattr__` when `value` is `None`
/// (bypasses the read-only `__setattr__` of result classes).
fn set_slot(
    obj: &Bound<'_, PyAny>,
    name: &Bound<'_, PyString>,
    value: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    let value = value.map_or(std::ptr::null_mut(), |v| v.as_ptr());
    // SAFETY: valid pointers (a NULL value deletes); the call does not steal references.
    if unsafe { ffi::PyObject_GenericSetAttr(obj.as_ptr(), name.as_ptr(), value) } < 0 {
        return Err(PyErr::fetch(obj.py()));
    }
    Ok(())
}

#[pymethods]
impl LazyList {
    fn __len__(&self) -> usize {
        self.items.len()
    }

    /// The list of results: one instance of `cls` (a `ClerkModel` subclass) per item, not decoded.
    fn wrap<'py>(slf: &Bound<'py, Self>, cls: &Bound<'py, PyType>) -> PyResult<Bound<'py, PyList>> {
        let py = slf.py();
        guard(py, || {
            static NEW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
            let new = NEW
                .get_or_try_init(py, || {
                    py.get_type::<PyAny>().getattr("__new__").map(Bound::unbind)
                })?
                .bind(py);
            let (src, idx) = (intern!(py, "_src"), intern!(py, "_idx"));
            let list = PyList::empty(py);
            for index in 0..slf.get().items.len() {
                let item = new.call1((cls,))?;
                set_slot(&item, src, Some(slf.as_any()))?;
                set_slot(&item, idx, Some(&index.into_pyobject(py)?.into_any()))?;
                list.append(item)?;
            }
            Ok(list)
        })
    }
}

/// Decodes an unread item of a `LazyList` and stores its data in the result object: sets
/// `_data`, `_cache` and `_name`, drops `_src`. Idempotent and race-free: it runs with the GIL
/// held, and the object is filled only if no other thread filled it meanwhile.
#[pyfunction]
fn _materialize(obj: &Bound<'_, PyAny>) -> PyResult<()> {
    guard(obj.py(), || materialize(obj))
}

fn materialize(obj: &Bound<'_, PyAny>) -> PyResult<()> {
    let py = obj.py();
    let data_name = intern!(py, "_data");
    if get_slot(obj, data_name).is_some() {
        return Ok(());
    }
    let Some(src) = get_slot(obj, intern!(py, "_src")) else {
        return Err(PyAttributeError::new_err("_data"));
    };
    let list = src.cast::<LazyList>()?.get();
    let index: usize = get_slot(obj, intern!(py, "_idx"))
        .ok_or_else(|| PyAttributeError::new_err("_idx"))?
        .extract()?;
    if index >= list.items.len() {
        return Err(PyValueError::new_err("item index out of range"));
    }
    let data = (list.load)(py, &list.items, list.status, index)?.into_bound(py);
    // Converting ran Python's allocator (and perhaps the GC, hence other threads): check again.
    if get_slot(obj, data_name).is_some() {
        return Ok(());
    }
    set_slot(obj, data_name, Some(&data))?;
    set_slot(obj, intern!(py, "_cache"), Some(PyDict::new(py).as_any()))?;
    set_slot(obj, intern!(py, "_name"), Some(&py.None().into_bound(py)))?;
    // The body is freed once every item of the page has been read (or dropped).
    set_slot(obj, intern!(py, "_src"), None)
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
    bearer_auth: String,
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
            bearer_auth,
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
        let mut builder = Clerk::builder(self.bearer_auth.clone()).language("python");
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
/// client, which loads the system's TLS roots, on the first call).
#[pyclass(frozen, module = "clerk_backend._native")]
struct NativeClient {
    clerk: Clerk,
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
        Ok(Self { clerk })
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
            let future = prepare(&self.clerk, op, kwargs, call_options(options)?)?;
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
            let future = prepare(&self.clerk, op, kwargs, call_options(options)?)?;
            runtime(py)?;
            pyo3_async_runtimes::tokio::future_into_py(py, async move {
                let outcome = AssertUnwindSafe(future).catch_unwind().await;
                Python::attach(|py| finish(py, outcome))
            })
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "NativeClient(server_url={:?}, bearer_auth=<redacted>)",
            self.clerk.server_url()
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
            pyo3_async_runtimes::tokio::future_into_py(py, async move {
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
    m.add_class::<LazyList>()?;
    m.add_function(wrap_pyfunction!(_materialize, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add("VERSION", clerk_backend::VERSION)?;
    m.add(
        "OPERATIONS",
        // (python name, result model) of each operation, from the core's one description.
        PyTuple::new(
            m.py(),
            clerk_backend::ops::OPERATIONS
                .iter()
                .map(|op| (op.name, op.response)),
        )?,
    )?;
    Ok(())
}
