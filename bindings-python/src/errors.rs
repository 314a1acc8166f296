//! The core's errors (and panics) as the exceptions of `clerk_backend.models`, with the
//! response's fields; bad arguments are `TypeError` or `ValueError` (see `args`).

use std::any::Any;
use std::panic::AssertUnwindSafe;

use clerk_backend::{Error, HttpResponse, RawResponse};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

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
pub fn library_error(py: Python<'_>, class: &str, message: String) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let class = models(py)?.getattr(class)?;
        Ok(PyErr::from_value(class.call1((message.clone(),))?))
    };
    build().unwrap_or_else(|e| e)
}

/// A panic becomes `ClerkInternalError` (a `ClerkBaseError`), never pyo3's `PanicException`,
/// which derives from `BaseException` and escapes `except Exception`.
pub fn panic_error(py: Python<'_>, payload: &(dyn Any + Send)) -> PyErr {
    library_error(
        py,
        "ClerkInternalError",
        format!(
            "internal error in clerk_backend (please report it): {}",
            clerk_backend::panic_message(payload)
        ),
    )
}

/// Runs `body` and turns a panic into `ClerkInternalError`.
pub fn guard<T>(py: Python<'_>, body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    std::panic::catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| Err(panic_error(py, &*payload)))
}

/// Converts a core error into the matching exception of `clerk_backend.models`.
pub fn to_py_err(py: Python<'_>, error: Error) -> PyErr {
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
            let headers = PyDict::new(py);
            for (name, value) in response.joined_headers() {
                headers.set_item(name, value)?;
            }
            kwargs.set_item("status_code", response.status)?;
            kwargs.set_item("body", &response.body)?;
            kwargs.set_item("headers", headers)?;
            kwargs.set_item("retry_after", response.retry_after.map(|d| d.as_secs_f64()))?;
        }
        let class = match &error {
            Error::ClerkErrors { data, .. } => {
                kwargs.set_item("data", crate::results::to_python(py, &**data)?)?;
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
    let converted = build().unwrap_or_else(|e| e);
    // A Clerk error body nests as deep as the server sent it: dropped with room.
    crate::args::with_room(move || drop(error));
    converted
}

/// `ResponseValidationError` for a success body that is not the operation's result.
pub fn invalid_response(raw: RawResponse, problem: String) -> Error {
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
