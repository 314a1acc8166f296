//! `listAll`'s walk (the core's `UserPages`) and the `onAttempt` hook of `new Clerk()` (the
//! core's per-attempt events, sent to JavaScript without blocking the client's threads).

use std::sync::Arc;

use clerk_backend::paging::{SharedUserPages, UserPages as CorePages};
use clerk_backend::requests::ListUsersRequest;
use clerk_backend::{AttemptEvent, AttemptHook, ops};
use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi_derive::napi;
use serde_json::Value;

use crate::args::parse_params;
use crate::convert::to_camel;
use crate::errors::invalid_argument_error;
use crate::runtime::guard;

/// The walk of `users.listAll()`: the next page's `list` parameters, then the page's size and
/// last ID. The core decides what can be walked and when the walk ends.
#[napi]
pub struct UserPages(SharedUserPages);

#[napi]
impl UserPages {
    /// `params`: those of `list`; a walk that cannot be done by cursor is a `TypeError` naming
    /// the parameter.
    #[napi(constructor, catch_unwind)]
    pub fn new(env: Env, params: Option<Unknown<'_>>, page_size: u32) -> Result<Self> {
        guard("users.listAll()", || {
            let context = "users.listAll()";
            let request: ListUsersRequest = parse_params(&env, &ops::LIST, context, params)?;
            let pages =
                CorePages::new(request, page_size).map_err(|e| invalid_argument_error(&env, context, e))?;
            Ok(Self(SharedUserPages::new(pages)))
        })
    }

    /// The next page's `list` parameters (camelCase), or `null` once the walk is over.
    #[napi(catch_unwind)]
    pub fn next_params(&self) -> Option<Value> {
        let args = self.0.next_args()?;
        let Value::Object(fields) = args else {
            return None;
        };
        Some(Value::Object(
            fields
                .into_iter()
                .map(|(key, value)| (to_camel(&key), value))
                .collect(),
        ))
    }

    /// Records the page just received: its size and the ID of its last user.
    #[napi(catch_unwind)]
    pub fn advance(&self, count: u32, last_id: Option<String>) {
        self.0.advance(count as usize, last_id.as_deref());
    }
}

/// What `onAttempt` receives after each attempt of a call. Never keys, bodies or metadata.
#[napi(object)]
pub struct AttemptInfo {
    /// The operation's Node name (`getOAuthAccessToken`).
    pub operation: String,
    pub method: String,
    /// The path template (`/users/{user_id}`).
    pub path: String,
    /// 1 for the first try.
    pub attempt: u32,
    /// The response's status, when a response came.
    pub status: Option<u32>,
    pub duration_ms: f64,
    /// The error class's name when the attempt failed (`ClerkErrors`, `SDKError`, ...).
    pub error: Option<String>,
    /// Set when another attempt follows, after this many milliseconds.
    pub retry_in_ms: Option<f64>,
    /// Set when a 429 paused the whole (paced) client for this many milliseconds.
    pub paused_for_ms: Option<f64>,
}

type Hook = ThreadsafeFunction<AttemptInfo, (), AttemptInfo, Status, false, true>;

/// The core's hook that queues each event to `callback` on the JavaScript thread. Weak: the
/// hook does not keep the process alive; non-blocking: a full queue drops an event rather than
/// stall a call.
pub fn attempt_hook(callback: Function<'_, AttemptInfo, ()>) -> Result<AttemptHook> {
    let hook: Hook = callback
        .build_threadsafe_function()
        .callee_handled::<false>()
        .weak::<true>()
        .build()?;
    let hook = Arc::new(hook);
    Ok(Arc::new(move |event: &AttemptEvent| {
        let js_name = ops::find(event.operation).map_or(event.operation, |op| op.js_name);
        let info = AttemptInfo {
            operation: js_name.to_owned(),
            method: event.method.to_owned(),
            path: event.path.to_owned(),
            attempt: event.attempt,
            status: event.status.map(u32::from),
            duration_ms: event.duration.as_secs_f64() * 1000.0,
            error: event.error.map(str::to_owned),
            retry_in_ms: event.retry_in.map(|d| d.as_secs_f64() * 1000.0),
            paused_for_ms: event.paused_for.map(|d| d.as_secs_f64() * 1000.0),
        };
        hook.call(info, ThreadsafeFunctionCallMode::NonBlocking);
    }))
}
