//! `NativeEmulator`: the Rust emulator (crate `clerk-emulator`) running in this process, behind
//! `clerk_backend.testing.Emulator`. Only marshalling: the emulator owns its behaviour.

use std::sync::{Mutex, MutexGuard};

use clerk_emulator::{ApiError, Config, Data, Emulator, EmulatorState, Fault, RateLimit};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pythonize::pythonize;

use crate::errors::guard;
use crate::parse;

/// An emulator serving on a free loopback port from its own background thread.
#[pyclass(frozen, module = "clerk_backend._native")]
pub struct NativeEmulator {
    /// `None` once stopped.
    server: Mutex<Option<Emulator>>,
    state: EmulatorState,
    url: String,
    /// The process that started the server: a forked child has its memory but not its thread.
    pid: u32,
}

impl NativeEmulator {
    /// The server, unless this is a forked child, which must not stop (join) a thread it lacks:
    /// there the parent's server is left alone (its memory is the child's to lose at exit).
    fn take_server_to_stop(&self) -> Option<Emulator> {
        let server = self.server().take();
        if self.pid != std::process::id() {
            std::mem::forget(server);
            return None;
        }
        server
    }
}

impl Drop for NativeEmulator {
    fn drop(&mut self) {
        drop(self.take_server_to_stop());
    }
}

/// The emulator's refusal of bad input, as a `ValueError` saying what was refused.
fn refused(what: &'static str) -> impl Fn(ApiError) -> PyErr {
    move |error| PyValueError::new_err(format!("{what}: {} ({})", error.long_message, error.code))
}

impl NativeEmulator {
    fn server(&self) -> MutexGuard<'_, Option<Emulator>> {
        // Nothing is left half-done under this lock: a poisoned one is still usable.
        self.server.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The state, or an error once the emulator has been stopped.
    fn running_state(&self) -> PyResult<&EmulatorState> {
        if self.server().is_none() {
            return Err(PyRuntimeError::new_err("the emulator has been closed"));
        }
        Ok(&self.state)
    }

    fn import(&self, py: Python<'_>, what: &'static str, data: Data) -> PyResult<Py<PyAny>> {
        let state = self.running_state()?;
        // Loading hashes plain passwords (bcrypt): let other threads run meanwhile.
        let users = py
            .detach(|| crate::args::with_room(|| state.import(data)))
            .map_err(refused(what))?;
        let converted = crate::results::to_python(py, &users)?.unbind();
        crate::args::with_room(move || drop(users));
        Ok(converted)
    }
}

#[pymethods]
impl NativeEmulator {
    /// Starts serving on `host:port` (`0`: a free port). With `secret_key`, only that key is
    /// accepted; otherwise any `sk_test_...` key is.
    #[new]
    #[pyo3(signature = (host=None, port=0, secret_key=None))]
    fn new(py: Python<'_>, host: Option<String>, port: u16, secret_key: Option<String>) -> PyResult<Self> {
        guard(py, || {
            let mut config = Config::default();
            if let Some(host) = host {
                config.host = host;
            }
            config.port = port;
            config.secret_key = secret_key;
            let emulator = py.detach(|| Emulator::start(config))?;
            Ok(Self {
                url: emulator.url().to_owned(),
                state: emulator.state().clone(),
                server: Mutex::new(Some(emulator)),
                pid: std::process::id(),
            })
        })
    }

    /// `http://127.0.0.1:PORT` (the control endpoints live under `/emulator/v1`).
    #[getter]
    fn url(&self) -> &str {
        &self.url
    }

    #[getter]
    fn running(&self) -> bool {
        self.server().is_some()
    }

    /// Forgets every user, every loaded object and every pending fault.
    fn reset(&self, py: Python<'_>) -> PyResult<()> {
        guard(py, || {
            self.running_state()?.reset();
            Ok(())
        })
    }

    /// Queues a fault, given as the dict `POST /emulator/v1/faults` takes (and checked as it is).
    fn add_fault(&self, py: Python<'_>, fault: &Bound<'_, PyAny>) -> PyResult<()> {
        guard(py, || {
            let fault: Fault = parse("fault", fault)?;
            fault.validate().map_err(refused("fault()"))?;
            self.running_state()?.add_fault(fault);
            Ok(())
        })
    }

    /// Limits `/v1` per secret key (`{"requests": N, "per_seconds": S}`); `None` lifts it.
    fn set_rate_limit(&self, py: Python<'_>, limit: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        guard(py, || {
            let limit: Option<RateLimit> = limit.map(|l| parse("rate_limit", l)).transpose()?;
            if let Some(limit) = &limit {
                limit.validate().map_err(refused("set_rate_limit()"))?;
            }
            self.running_state()?.set_rate_limit(limit);
            Ok(())
        })
    }

    /// The rate limit in force, as a dict, or `None`.
    fn rate_limit(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        guard(py, || {
            let limit = self.running_state()?.rate_limit();
            Ok(pythonize(py, &limit)?.unbind())
        })
    }

    /// Loads a data document (the emulator's `--data` format); returns the users added.
    fn import_data(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        guard(py, || {
            let data: Data = parse("import_data", data)?;
            self.import(py, "import_data()", data)
        })
    }

    /// Loads user objects (as the API returns them, plus `password`, `totp_secret`, ...).
    fn load_users(&self, py: Python<'_>, users: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        guard(py, || {
            let users: Vec<serde_json::Value> = parse("load_users", users)?;
            let data = Data {
                users,
                ..Data::default()
            };
            self.import(py, "load_users()", data)
        })
    }

    /// The whole state, in the format `import_data` reads.
    fn export_data(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        guard(py, || {
            let data = crate::args::with_room(|| self.running_state().map(|state| state.export()))?;
            let converted = crate::results::to_python(py, &data)?.unbind();
            crate::args::with_room(move || drop(data));
            Ok(converted)
        })
    }

    /// Stops serving (in-flight requests get a short grace period); idempotent.
    fn stop(&self, py: Python<'_>) -> PyResult<()> {
        guard(py, || {
            if let Some(server) = self.take_server_to_stop() {
                py.detach(|| server.stop());
            }
            Ok(())
        })
    }

    /// Panics inside a method, for the test of the panic guard of every method here.
    fn _panic_for_tests(&self, py: Python<'_>) -> PyResult<()> {
        guard(py, || panic!("deliberate panic for tests"))
    }

    fn __repr__(&self) -> String {
        let state = if self.running() { "running" } else { "stopped" };
        format!("NativeEmulator(url={:?}, {state})", self.url)
    }
}
