//! Where calls run: this process's tokio runtime, a call waited for with the GIL released or
//! handed to asyncio, and what must not cross a `fork()`: the runtime, and each client's
//! connection pool. A forked child has a copy of their memory but none of the runtime's threads, and the
//! pool's connections are the parent's sockets. So each process gets its own runtime, made on
//! first use, and a client used in a child rebuilds its core `Clerk` (hence its pool) from its
//! settings. What the child inherited is left untouched, never dropped: dropping it would wait
//! for threads that do not exist in the child, or close and deregister sockets (from an epoll
//! instance shared with the parent) that the parent still uses.

use std::any::Any;
use std::cell::OnceCell;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::Duration;

use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use pyo3::prelude::*;
use pyo3_async_runtimes::TaskLocals;
use pyo3_async_runtimes::generic::{ContextExt, Runtime as GenericRuntime};
use tokio::runtime::Runtime;
use tokio::task::JoinHandle;

use crate::errors;

/// A runtime and the process it was made in.
struct ProcessRuntime {
    pid: u32,
    runtime: Runtime,
}

/// The current process's runtime; one made before a fork stays here until the child makes its
/// own, and is then leaked.
static RUNTIME: AtomicPtr<ProcessRuntime> = AtomicPtr::new(std::ptr::null_mut());

/// What a call's future ends with: the conversion of its result into Python (run with the GIL
/// held), or the core's error.
pub type Convert = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;
pub type Outcome = Result<Convert, clerk_backend::Error>;

/// This process's runtime, or `ClerkBaseError` when it cannot start.
fn started(py: Python<'_>) -> PyResult<&'static Runtime> {
    runtime().map_err(|e| {
        let message = format!("clerk_backend could not start its I/O threads: {e}");
        errors::library_error(py, "ClerkBaseError", message)
    })
}

/// Runs `outcome`'s conversion, or turns its error or panic into the library's exception.
fn finish(py: Python<'_>, outcome: std::thread::Result<Outcome>) -> PyResult<Py<PyAny>> {
    match outcome {
        Ok(Ok(convert)) => convert(py),
        Ok(Err(error)) => Err(errors::to_py_err(py, error)),
        Err(payload) => Err(errors::panic_error(py, &*payload)),
    }
}

/// Waits for `future` on this process's runtime with the GIL released; Ctrl-C cancels the call.
pub fn block_on(py: Python<'_>, future: BoxFuture<'static, Outcome>) -> PyResult<Py<PyAny>> {
    let runtime = started(py)?;
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
                return Err(errors::panic_error(py, &*payload));
            }
        }
    }
}

/// Runs `future` on this process's runtime; returns an asyncio awaitable of its result.
pub fn awaitable<'py>(py: Python<'py>, future: BoxFuture<'static, Outcome>) -> PyResult<Bound<'py, PyAny>> {
    started(py)?;
    pyo3_async_runtimes::generic::future_into_py::<ForkSafe, _, _>(py, async move {
        let outcome = AssertUnwindSafe(future).catch_unwind().await;
        Python::attach(|py| finish(py, outcome))
    })
}

/// This process's runtime (a multi-threaded one, as pyo3-async-runtimes makes), made on first
/// use. Lock-free, so that a fork at any moment cannot leave a lock held in the child.
pub fn runtime() -> std::io::Result<&'static Runtime> {
    let pid = std::process::id();
    loop {
        let current = RUNTIME.load(Ordering::Acquire);
        // SAFETY: a non-null pointer came from `Box::into_raw` below and is never freed.
        if let Some(existing) = unsafe { current.as_ref() }
            && existing.pid == pid
        {
            return Ok(&existing.runtime);
        }
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
        let fresh = Box::into_raw(Box::new(ProcessRuntime { pid, runtime }));
        match RUNTIME.compare_exchange(current, fresh, Ordering::AcqRel, Ordering::Acquire) {
            // The replaced runtime, if any, belonged to the parent: leaked, never dropped.
            // SAFETY: `fresh` is now shared and never freed.
            Ok(_) => return Ok(unsafe { &(*fresh).runtime }),
            Err(_) => {
                // Another thread of this process made one first: ours has never run anything.
                // SAFETY: `fresh` was not shared.
                drop(unsafe { Box::from_raw(fresh) });
            }
        }
    }
}

/// A value made for the process it is used in (a client's core `Clerk`): a forked child makes
/// its own on first use, and the parent's copy is left untouched.
pub struct PerProcess<T> {
    /// Only locked with the GIL held, and never across a release of the GIL: a `fork()` (which
    /// runs with the GIL held) cannot leave it locked in the child.
    slot: Mutex<(u32, T)>,
}

impl<T: Clone> PerProcess<T> {
    pub fn new(value: T) -> Self {
        Self {
            slot: Mutex::new((std::process::id(), value)),
        }
    }

    /// The value for this process; `make` builds it in a child forked after the value was made.
    pub fn get<E>(&self, make: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        // Nothing is left half-done under this lock: a poisoned one is still usable.
        let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
        let pid = std::process::id();
        if slot.0 != pid {
            let inherited = std::mem::replace(&mut slot.1, make()?);
            std::mem::forget(inherited);
            slot.0 = pid;
        }
        Ok(slot.1.clone())
    }

    /// The value as it is, whichever process made it (for `repr`).
    pub fn peek<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        read(&self.slot.lock().unwrap_or_else(|e| e.into_inner()).1)
    }
}

/// pyo3-async-runtimes' generic runtime over `runtime()`: its tokio runtime is global to the
/// library and has no threads in a forked child.
pub struct ForkSafe;

tokio::task_local! {
    static TASK_LOCALS: OnceCell<TaskLocals>;
}

impl GenericRuntime for ForkSafe {
    type JoinError = tokio::task::JoinError;
    type JoinHandle = JoinHandle<()>;

    fn spawn<F>(fut: F) -> Self::JoinHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        // Callers make sure of the runtime first (`runtime()?`); failing here is a panic, which
        // the binding's guards turn into `ClerkInternalError`.
        runtime()
            .expect("the tokio runtime could not be started")
            .spawn(fut)
    }

    fn spawn_blocking<F>(f: F) -> Self::JoinHandle
    where
        F: FnOnce() + Send + 'static,
    {
        runtime()
            .expect("the tokio runtime could not be started")
            .spawn_blocking(f)
    }
}

impl ContextExt for ForkSafe {
    fn scope<F, R>(locals: TaskLocals, fut: F) -> Pin<Box<dyn Future<Output = R> + Send>>
    where
        F: Future<Output = R> + Send + 'static,
    {
        let cell = OnceCell::new();
        let _ = cell.set(locals);
        Box::pin(TASK_LOCALS.scope(cell, fut))
    }

    fn get_task_locals() -> Option<TaskLocals> {
        TASK_LOCALS.try_with(|c| c.get().cloned()).unwrap_or_default()
    }
}
