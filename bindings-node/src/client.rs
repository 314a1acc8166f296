//! The `NativeClient` class (one core `Clerk`, one connection pool) and the operation table the
//! facade and the tests read.

use std::panic::AssertUnwindSafe;

use clerk_backend::Clerk;
use clerk_backend::ops;
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::{Value, json};

use crate::args::prepare;
use crate::convert::to_camel;
use crate::errors::type_error;
use crate::options::{call_options, client};
use crate::reply::Reply;
use crate::runtime::{CancelToken, guard, spawn};

/// The native client: one `clerk_backend::Clerk` (one connection pool).
#[napi]
pub struct NativeClient {
    clerk: Clerk,
}

#[napi]
impl NativeClient {
    /// `config`: `{ bearerAuth, serverUrl?, retryConfig?, timeoutMs?, apiVersion?, httpHeaders?,
    /// maxResponseBytes?, allowInsecureHttp? }`.
    /// `on_attempt`: called after each attempt of every call (the facade passes the
    /// `onAttempt` option here, wrapped so that it never throws).
    #[napi(constructor, catch_unwind)]
    pub fn new(
        env: Env,
        config: Unknown<'_>,
        on_attempt: Option<Function<'_, crate::pacing::AttemptInfo, ()>>,
    ) -> Result<Self> {
        guard("new Clerk()", || {
            let hook = on_attempt.map(crate::pacing::attempt_hook).transpose()?;
            Ok(Self {
                clerk: client(&env, config, hook)?,
            })
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
        match prepared {
            // A token serves one call; a second call with it is not cancellable.
            Ok(Ok(future)) => spawn(env, future, cancel.and_then(CancelToken::registration)),
            Ok(Err(error)) => Err(error),
            Err(payload) => PromiseRaw::resolve(env, Reply::panic(&*payload)),
        }
    }
}

/// Every operation, from the core's one description: its Python name (also the name of its wire
/// vectors file), its Node method name, its result model, its parameters by their JavaScript
/// names, and the statuses that reject with `ClerkErrors` (when the body is JSON).
#[napi(
    catch_unwind,
    ts_return_type = "Array<{ name: string, jsName: string, response: string, params: string[], clerkErrorStatuses: number[] }>"
)]
pub fn operations() -> Value {
    ops::OPERATIONS
        .iter()
        .map(|op| {
            json!({
                "name": op.python_name,
                "jsName": op.js_name,
                "response": op.response,
                "params": op.params().map(to_camel).collect::<Vec<_>>(),
                "clerkErrorStatuses": op.clerk_error_statuses,
            })
        })
        .collect()
}

/// The library's version (of the core crate).
#[napi(catch_unwind)]
pub fn version() -> String {
    clerk_backend::VERSION.to_owned()
}
