//! Where calls run and how they end: napi's tokio runtime sized for a JavaScript process, panics
//! turned into errors instead of unwinding into Node (which aborts), and cancellation.

use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use futures_util::future::{AbortHandle, AbortRegistration, Abortable, BoxFuture};
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::reply::Reply;
use crate::results::Outcome;

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

/// Runs `body`, turning a panic into an error instead of unwinding into Node (which aborts).
pub(crate) fn guard<T>(what: &str, body: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        Err(Error::new(
            Status::GenericFailure,
            format!(
                "internal error in clerk-backend ({what}; please report it): {}",
                clerk_backend::panic_message(&*payload)
            ),
        ))
    })
}

/// Runs `future` on napi's runtime: the promise resolves with its reply, a panic's included,
/// or `{ cancelled: true }` once `registration`'s token is cancelled.
pub(crate) fn spawn<'env>(
    env: &'env Env,
    future: BoxFuture<'static, Outcome>,
    registration: Option<AbortRegistration>,
) -> Result<PromiseRaw<'env, Reply>> {
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

    /// The token's registration, for one call: a second call with it is not cancellable.
    pub(crate) fn registration(&self) -> Option<AbortRegistration> {
        self.registration.lock().ok()?.take()
    }
}

/// Panics inside native code, for the tests of panic containment: synchronously (a sync export
/// marked `catch_unwind`), or inside a call's future (`asynchronous`).
#[napi(js_name = "_panicForTests", catch_unwind)]
pub fn panic_for_tests(env: &Env, asynchronous: bool) -> Result<PromiseRaw<'_, Reply>> {
    if !asynchronous {
        panic!("deliberate panic for tests");
    }
    let future: BoxFuture<'static, Outcome> = async { panic!("deliberate panic for tests") }.boxed();
    spawn(env, future, None)
}
