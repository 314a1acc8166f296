//! `list_all`'s walk (the core's `UserPages`) and the per-attempt records sent to Python's
//! `logging` (the core's `on_attempt` hook).

use std::sync::Arc;

use clerk_backend::paging::{self, SharedUserPages, UserPages as CorePages};
use clerk_backend::requests::ListUsersRequest;
use clerk_backend::{AttemptEvent, AttemptHook};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use pythonize::pythonize;

use crate::errors::{guard, to_py_err};

/// The walk of `users.list_all`: the next page's `list` arguments, then the page's IDs and last
/// creation time, or the status of its failure. The core decides what can be walked, when the
/// walk ends, and how it recovers from a refused cursor.
#[pyclass(frozen, module = "clerk_backend._native")]
pub struct UserPages(SharedUserPages);

#[pymethods]
impl UserPages {
    /// The page size unless told otherwise (the core's).
    #[classattr]
    const DEFAULT_PAGE_SIZE: u32 = paging::DEFAULT_PAGE_SIZE;
    /// The largest page size (the core's).
    #[classattr]
    const MAX_PAGE_SIZE: u32 = paging::MAX_PAGE_SIZE;

    /// `request`: the `list` arguments (a dict); a walk that cannot be done by cursor is a
    /// `ValueError` naming the parameter.
    #[new]
    fn new(py: Python<'_>, request: &Bound<'_, PyAny>, page_size: u32) -> PyResult<Self> {
        guard(py, || {
            let request: ListUsersRequest = crate::parse("list_all", request)?;
            let pages = CorePages::new(request, page_size).map_err(|e| to_py_err(py, e))?;
            Ok(Self(SharedUserPages::new(pages)))
        })
    }

    /// The next page's `list` arguments, or `None` once the walk is over.
    fn next_request<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        guard(py, || {
            let args = self.0.next_args();
            args.map(|args| pythonize(py, &args).map_err(PyErr::from))
                .transpose()
        })
    }

    /// Records the page just received: its users' IDs and its last user's `created_at`.
    /// Returns the positions of the users not to yield (already yielded by the previous page).
    #[pyo3(signature = (ids, last_created_at=None))]
    fn advance(&self, ids: Vec<String>, last_created_at: Option<i64>) -> Vec<usize> {
        self.0.advance(&ids, last_created_at)
    }

    /// Whether the walk goes on after its page request failed with `ClerkErrors` of this
    /// status (the next request is then re-anchored).
    fn recover(&self, status_code: u16) -> bool {
        self.0.recover(status_code)
    }
}

/// `logging.getLogger("clerk_backend")`, once.
fn logger(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    LOGGER
        .get_or_try_init(py, || {
            py.import("logging")?
                .call_method1("getLogger", ("clerk_backend",))
                .map(Bound::unbind)
        })
        .map(|logger| logger.bind(py))
}

const DEBUG: u8 = 10;
const WARNING: u8 = 30;

fn log(py: Python<'_>, event: &AttemptEvent, attempts: bool) -> PyResult<()> {
    let logger = logger(py)?;
    let extra = PyDict::new(py);
    extra.set_item("clerk_operation", event.operation)?;
    extra.set_item("clerk_method", event.method)?;
    extra.set_item("clerk_path", event.path)?;
    extra.set_item("clerk_status", event.status)?;
    extra.set_item("clerk_duration_ms", event.duration.as_secs_f64() * 1000.0)?;
    extra.set_item("clerk_attempt", event.attempt)?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("extra", extra)?;
    let status = event.status.map_or_else(
        || event.error.unwrap_or("no response").to_owned(),
        |s| s.to_string(),
    );
    if attempts {
        let message = "%s %s %s -> %s in %.1f ms (attempt %d)";
        let args = (
            DEBUG,
            message,
            event.operation,
            event.method,
            event.path,
            &status,
            event.duration.as_secs_f64() * 1000.0,
            event.attempt,
        );
        logger.call_method("log", args, Some(&kwargs))?;
    }
    if let Some(pause) = event.paused_for {
        let message = "%s: rate limited (%s), every call of the client pauses for %d ms";
        let args = (
            WARNING,
            message,
            event.operation,
            &status,
            pause.as_millis() as u64,
        );
        logger.call_method("log", args, Some(&kwargs))?;
    }
    if let Some(delay) = event.retry_in {
        let message = "%s %s %s -> %s (attempt %d), retrying in %d ms";
        let args = (
            WARNING,
            message,
            event.operation,
            event.method,
            event.path,
            &status,
            event.attempt,
            delay.as_millis() as u64,
        );
        logger.call_method("log", args, Some(&kwargs))?;
    }
    Ok(())
}

/// The hook that logs retries and pauses at WARNING, and with `attempts` every attempt at
/// DEBUG. It takes the GIL only when it logs; a failure to log is reported by `logging`'s own
/// means and never fails the call.
pub fn logging_hook(attempts: bool) -> AttemptHook {
    Arc::new(move |event: &AttemptEvent| {
        if !attempts && event.retry_in.is_none() && event.paused_for.is_none() {
            return;
        }
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Python::attach(|py| {
                if let Err(error) = log(py, event, attempts) {
                    error.write_unraisable(py, None);
                }
            })
        }));
    })
}
