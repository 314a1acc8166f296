//! The native addon of the npm package `clerk-backend`: marshals JavaScript arguments into the
//! core's request structs and the core's results and errors back into JavaScript. No HTTP, retry
//! or encoding logic lives here: the core owns behaviour, the bindings only translate (see
//! docs/ARCHITECTURE.md). The JavaScript facade (`index.js`) gives every operation its method
//! and turns error payloads into error classes.
//!
//! - `client`: the `NativeClient` class and the operation table;
//! - `args`: a call's parameters into its request struct;
//! - `options`: client and call options (retries, timeouts, headers, pacing);
//! - `pacing`: the walk of `listAll` and the `onAttempt` hook;
//! - `convert`: JavaScript values to and from `serde_json` values, within the core's limits;
//! - `results`: a call's future, its result as JSON text (`json`);
//! - `reply`: what a call's promise resolves with, the error payloads among it;
//! - `errors`: the `TypeError`s of bad arguments;
//! - `runtime`: the tokio runtime, panic guards and cancellation;
//! - `emulator`: the in-process emulator of `clerk-backend/testing`.

#![deny(clippy::all)]

mod args;
mod client;
mod convert;
#[cfg(feature = "emulator")]
mod emulator;
mod errors;
mod json;
mod options;
mod pacing;
mod reply;
mod results;
mod runtime;

// What JavaScript sees (napi registers it wherever it is declared).
pub use client::{NativeClient, operations, version};
pub use runtime::{CancelToken, panic_for_tests};

/// mimalloc instead of the system allocator for the addon's own memory (response bodies, the
/// JSON text of results, decoded models). A page of 100 users is about 10,000
/// allocations, freed together; glibc's per-thread arenas gave those pages back to the system
/// after each call and faulted them in again on the next (the process took about 265 page
/// faults per call, 70 with mimalloc), and its `malloc`/`free` were a tenth of the native
/// thread's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
