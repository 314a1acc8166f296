//! The `NativeClient` class: one core `Clerk` per process (one connection pool), its calls
//! dispatched by operation name through the core's table.

use clerk_backend::models::shape::Shaped;
use clerk_backend::requests::*;
use clerk_backend::{CallOptions, Clerk};
use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::args;
use crate::errors::{guard, invalid_response, to_py_err};
use crate::options::{self, Settings, call_options};
use crate::results;
use crate::runtime::{self, Convert, Outcome, PerProcess};

/// The future of one call: the body is checked and indexed off the GIL; fields are decoded when
/// Python reads them.
fn start<O>(clerk: Clerk, options: Option<CallOptions>, request: O) -> BoxFuture<'static, Outcome>
where
    O: Operation + 'static,
{
    async move {
        let raw = clerk.execute_raw(&request, options.as_ref()).await?;
        match results::Prepared::new(raw.body.clone(), <O::Output as Shaped>::SHAPE) {
            Ok(prepared) => Ok(Box::new(move |py: Python<'_>| prepared.into_python(py)) as Convert),
            Err(problem) => Err(invalid_response(raw, problem)),
        }
    }
    .boxed()
}

/// Parses the arguments of `op` and returns the future of the call; a misspelt key or a value
/// of the wrong type is a `TypeError` naming the parameter, before any I/O (see `args`).
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
                    let request: $request = args::parse(stringify!($name), kwargs)?;
                    Ok(start(clerk.clone(), options, request))
                } )*
                other => Err(PyValueError::new_err(format!("unknown operation {other:?}"))),
            }
        };
    }
    clerk_backend::for_each_operation!(dispatch)
}

/// The native client: one `clerk_backend::Clerk` (one connection pool; the core makes its HTTP
/// client, which loads the system's TLS roots, on the first call) per process: in a child
/// forked after the client was made, a new one from the same settings.
#[pyclass(frozen, module = "clerk_backend._native")]
pub struct NativeClient {
    settings: Settings,
    clerk: PerProcess<Clerk>,
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
    // One argument per keyword argument of `Clerk(...)`.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (bearer_auth, server_url=None, retry_config=None, timeout_ms=None, api_version=None, http_headers=None, max_response_bytes=None, allow_insecure_http=false, rate_limit=None, max_concurrency=None))]
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
        rate_limit: Option<&Bound<'_, PyAny>>,
        max_concurrency: Option<usize>,
    ) -> PyResult<Self> {
        let settings = Settings {
            bearer_auth: bearer_auth.into(),
            server_url,
            retry_config: retry_config.map(options::retry_config).transpose()?,
            timeout: timeout_ms.map(options::timeout).transpose()?,
            api_version,
            headers: http_headers
                .map(options::headers)
                .transpose()?
                .unwrap_or_default(),
            max_response_bytes: max_response_bytes.map(options::max_response_bytes).transpose()?,
            allow_insecure_http,
            rate_limit: rate_limit.map(options::rate_limit).transpose()?,
            max_concurrency,
        };
        let clerk = settings.builder().build().map_err(|e| to_py_err(py, e))?;
        Ok(Self {
            settings,
            clerk: PerProcess::new(clerk),
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
            runtime::block_on(py, future)
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
            runtime::awaitable(py, future)
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
pub fn _panic_for_tests(py: Python<'_>, asynchronous: bool) -> PyResult<Bound<'_, PyAny>> {
    guard(py, || {
        let future: BoxFuture<'static, Outcome> = async { panic!("deliberate panic for tests") }.boxed();
        if asynchronous {
            runtime::awaitable(py, future)
        } else {
            runtime::block_on(py, future).map(|v| v.into_bound(py))
        }
    })
}
