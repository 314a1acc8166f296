//! `listAll`'s walk (the core's `UserPages`) and the `onAttempt` hook of `new Clerk()` (the
//! core's per-attempt events, sent to JavaScript without blocking the client's threads).

use std::sync::Arc;

use clerk_backend::paging::{self, SharedUserPages, UserPages as CorePages};
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

/// `listAll`'s page size unless told otherwise (the core's).
#[napi]
#[cfg_attr(test, allow(dead_code))] // only the addon's registration reads it
pub const DEFAULT_PAGE_SIZE: u32 = paging::DEFAULT_PAGE_SIZE;

/// The largest page size (the core's).
#[napi]
#[cfg_attr(test, allow(dead_code))] // only the addon's registration reads it
pub const MAX_PAGE_SIZE: u32 = paging::MAX_PAGE_SIZE;

/// The walk of `users.listAll()`: the next page's `list` parameters, then the page's IDs and
/// last creation time, or the status of its failure. The core decides what can be walked, when
/// the walk ends, and how it recovers from a refused cursor.
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

    /// Records the page just received: its users' IDs and its last user's `createdAt`. Returns
    /// the positions of the users not to yield (already yielded by the previous page).
    #[napi(catch_unwind)]
    pub fn advance(&self, ids: Vec<String>, last_created_at: Option<i64>) -> Vec<u32> {
        self.0
            .advance(&ids, last_created_at)
            .into_iter()
            .map(|at| at as u32)
            .collect()
    }

    /// Whether the walk goes on after its page request failed with `ClerkErrors` of this
    /// status (the next request is then re-anchored).
    #[napi(catch_unwind)]
    pub fn recover(&self, status_code: u32) -> bool {
        u16::try_from(status_code).is_ok_and(|status| self.0.recover(status))
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
