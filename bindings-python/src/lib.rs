//! `clerk_backend._native`: marshals Python arguments into the core's request structs and the
//! core's results and errors back into Python objects. No HTTP, retry or encoding logic lives
//! here: the core owns behaviour, the bindings only translate (see docs/ARCHITECTURE.md). The
//! pure-Python package `clerk_backend` wraps this module.
//!
//! - `client`: the `NativeClient` class, a call from its arguments to its future;
//! - `args`: keyword arguments into request structs, strictly and within the core's limits;
//! - `options`: client settings and per-call options;
//! - `pacing`: the walk of `list_all` and the records sent to `logging`;
//! - `results`: result objects decoded field by field as Python reads them;
//! - `errors`: the core's errors (and panics) as the library's exceptions;
//! - `runtime`: the tokio runtime, waiting on calls, and what must not cross a `fork()`;
//! - `emulator`: the in-process emulator of `clerk_backend.testing`.

mod args;
mod client;
#[cfg(feature = "emulator")]
mod emulator;
mod errors;
mod options;
mod pacing;
mod results;
mod runtime;

use pyo3::prelude::*;
use pyo3::types::PyTuple;

pub(crate) use args::parse;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<client::NativeClient>()?;
    #[cfg(feature = "emulator")]
    m.add_class::<emulator::NativeEmulator>()?;
    m.add_class::<pacing::UserPages>()?;
    m.add_class::<results::Model>()?;
    m.add_class::<results::FieldGetter>()?;
    m.add_function(wrap_pyfunction!(results::register_models, m)?)?;
    m.add_function(wrap_pyfunction!(client::_panic_for_tests, m)?)?;
    m.add("VERSION", clerk_backend::VERSION)?;
    m.add("DEFAULT_BACKOFF", options::default_backoff())?;
    m.add("RESULT_MODELS", PyTuple::new(m.py(), results::result_models())?)?;
    m.add(
        "OPERATIONS",
        // (python name, result model) of each operation, from the core's one description.
        PyTuple::new(
            m.py(),
            clerk_backend::ops::OPERATIONS
                .iter()
                .map(|op| (op.python_name, op.response)),
        )?,
    )?;
    Ok(())
}
