//! `clerk-backend/testing`: the Rust emulator (`clerk-emulator`), started in-process on a free
//! port, with reset, faults and data loading. Keys of the data and faults given from JavaScript
//! may be camelCase or snake_case (metadata contents are never renamed); what comes back is
//! camelCase, as every result of the client.

use std::sync::Mutex;

use clerk_emulator::{Config, Data, Emulator, EmulatorState, Fault, InstanceSettings, RateLimit};
use napi::ValueType;
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::convert::{Keys, Out, from_js, to_js};
use crate::errors::type_error;
use crate::runtime::guard;

/// `new Emulator({ host?, port?, secretKey?, data?, instance?, rateLimit? })`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsEmulatorConfig {
    #[serde(default)]
    host: Option<String>,
    #[serde(default)]
    port: Option<u16>,
    #[serde(default)]
    secret_key: Option<String>,
    #[serde(default)]
    data: Option<Value>,
    /// Settings, or a preset's name.
    #[serde(default)]
    instance: Option<Value>,
    /// `{ requests, perSeconds }` or `"20/1s"`.
    #[serde(default)]
    rate_limit: Option<RateLimit>,
}

/// Instance settings given as a preset's name (`"new_application"`) or a settings document.
fn instance_settings(env: &Env, context: &str, value: Value) -> Result<InstanceSettings> {
    let document = match value {
        Value::String(preset) => serde_json::json!({ "preset": preset }),
        other => other,
    };
    InstanceSettings::from_document(&document).map_err(|e| invalid(env, context, e))
}

/// A JavaScript value of any JSON-like kind, with object keys in snake_case.
fn snake_value(env: &Env, context: &str, value: Unknown<'_>) -> Result<Value> {
    from_js(value, "", Keys::ToSnake).map_err(|bad| {
        let message = format!("{context}: `{}` {}", bad.path, bad.message);
        type_error(env, "ERR_INVALID_ARG_TYPE", message)
    })
}

/// A JSON value as a JavaScript one, with camelCase keys.
fn camel<'a>(env: &Env, value: &Value) -> Result<Unknown<'a>> {
    let js = to_js(env, value, Out::ToCamel)?;
    Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), js) })
}

fn read<T: DeserializeOwned>(env: &Env, context: &str, value: Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        let message = if path.is_empty() || path == "." {
            format!("{context}: {inner}")
        } else {
            format!("{context}: `{path}`: {inner}")
        };
        type_error(env, "ERR_INVALID_ARG_TYPE", message)
    })
}

/// Reads a JavaScript object with its keys in snake_case (metadata contents untouched).
fn snake_object(env: &Env, context: &str, value: Option<Unknown<'_>>) -> Result<Value> {
    let Some(value) = value else {
        return Ok(Value::Object(Default::default()));
    };
    match value.get_type()? {
        ValueType::Undefined | ValueType::Null => Ok(Value::Object(Default::default())),
        ValueType::Object => from_js(value, "", Keys::ToSnake).map_err(|bad| {
            let message = format!("{context}: `{}` {}", bad.path, bad.message);
            type_error(env, "ERR_INVALID_ARG_TYPE", message)
        }),
        _ => Err(type_error(
            env,
            "ERR_INVALID_ARG_TYPE",
            format!("{context}: expected an object"),
        )),
    }
}

fn api_error(error: clerk_emulator::ApiError) -> Error {
    Error::new(
        Status::InvalidArg,
        format!("{}: {}", error.code, error.long_message),
    )
}

/// A `TypeError` for a value the emulator refuses (its own 422 checks).
fn invalid(env: &Env, context: &str, error: clerk_emulator::ApiError) -> Error {
    let message = format!("{context}: {}", error.long_message);
    type_error(env, "ERR_INVALID_ARG_VALUE", message)
}

/// A data document given as a JavaScript object (or a list of users).
fn data_from_js(env: &Env, context: &str, value: Unknown<'_>) -> Result<Data> {
    let converted = match value.get_type()? {
        ValueType::Object => from_js(value, "", Keys::ToSnake).map_err(|bad| {
            let message = format!("{context}: `{}` {}", bad.path, bad.message);
            type_error(env, "ERR_INVALID_ARG_TYPE", message)
        })?,
        _ => {
            return Err(type_error(
                env,
                "ERR_INVALID_ARG_TYPE",
                format!("{context}: expected a data document or a list of users"),
            ));
        }
    };
    let document = match converted {
        Value::Array(users) => serde_json::json!({ "users": users }),
        other => other,
    };
    read(env, context, document)
}

/// An emulator serving on a background thread (its own tokio runtime).
#[napi]
pub struct NativeEmulator {
    emulator: Mutex<Option<Emulator>>,
    state: EmulatorState,
    url: String,
}

#[napi]
impl NativeEmulator {
    #[napi(constructor, catch_unwind)]
    pub fn new(env: Env, options: Option<Unknown<'_>>) -> Result<Self> {
        guard("new Emulator()", || {
            let context = "new Emulator()";
            let options: JsEmulatorConfig = read(&env, context, snake_object(&env, context, options)?)?;
            let defaults = Config::default();
            let data = match options.data {
                None | Some(Value::Null) => None,
                Some(Value::Array(users)) => {
                    Some(read(&env, context, serde_json::json!({ "users": users }))?)
                }
                Some(document) => Some(read(&env, context, document)?),
            };
            let instance = match options.instance {
                None | Some(Value::Null) => None,
                Some(value) => Some(instance_settings(&env, context, value)?),
            };
            if let Some(limit) = &options.rate_limit {
                limit.validate().map_err(|e| invalid(&env, context, e))?;
            }
            let config = Config {
                host: options.host.unwrap_or(defaults.host),
                port: options.port.unwrap_or(defaults.port),
                secret_key: options.secret_key,
                data,
                instance,
                rate_limit: options.rate_limit,
            };
            let emulator = Emulator::start(config).map_err(|e| {
                Error::new(
                    Status::GenericFailure,
                    format!("the emulator could not start: {e}"),
                )
            })?;
            Ok(Self {
                state: emulator.state().clone(),
                url: emulator.url().to_owned(),
                emulator: Mutex::new(Some(emulator)),
            })
        })
    }

    /// `http://127.0.0.1:PORT`.
    #[napi(getter, catch_unwind)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// `http://127.0.0.1:PORT/v1`: the client's `serverUrl`.
    #[napi(getter, catch_unwind)]
    pub fn api_url(&self) -> String {
        format!("{}/v1", self.url)
    }

    /// Forgets every user, every loaded object and every pending fault.
    #[napi(catch_unwind)]
    pub fn reset(&self) -> Result<()> {
        guard("emulator.reset()", || {
            self.state.reset();
            Ok(())
        })
    }

    /// Loads a data document (or a list of users); returns the users added.
    #[napi(catch_unwind, ts_return_type = "unknown[]")]
    pub fn load(&self, env: Env, data: Unknown<'_>) -> Result<Unknown<'_>> {
        guard("emulator.load()", || {
            let data = data_from_js(&env, "emulator.load()", data)?;
            let users = self.state.import(data).map_err(api_error)?;
            let users = serde_json::to_value(users).unwrap_or(Value::Null);
            let js = to_js(&env, &users, Out::ToCamel)?;
            Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), js) })
        })
    }

    /// Everything, as a data document with camelCase keys.
    #[napi(catch_unwind, js_name = "export", ts_return_type = "unknown")]
    pub fn export_data(&self, env: Env) -> Result<Unknown<'_>> {
        guard("emulator.export()", || {
            let data = serde_json::to_value(self.state.export()).unwrap_or(Value::Null);
            let js = to_js(&env, &data, Out::ToCamel)?;
            Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), js) })
        })
    }

    /// Limits `/v1` to `{ requests, perSeconds? }` (or `"20/1s"`) per secret key (429 with
    /// `Retry-After` beyond); `null` lifts the limit.
    #[napi(catch_unwind)]
    pub fn set_rate_limit(&self, env: Env, limit: Option<Unknown<'_>>) -> Result<()> {
        guard("emulator.setRateLimit()", || {
            let context = "emulator.setRateLimit()";
            let Some(limit) = limit else {
                self.state.set_rate_limit(None);
                return Ok(());
            };
            let value = match limit.get_type()? {
                ValueType::Null | ValueType::Undefined => {
                    self.state.set_rate_limit(None);
                    return Ok(());
                }
                ValueType::Object | ValueType::String => snake_value(&env, context, limit)?,
                _ => {
                    return Err(type_error(
                        &env,
                        "ERR_INVALID_ARG_TYPE",
                        format!("{context}: expected {{ requests, perSeconds }}, \"20/1s\" or null"),
                    ));
                }
            };
            let limit: RateLimit = match value {
                // The text's own errors say what is wrong with it: a value error.
                Value::String(text) => text.parse().map_err(|why: String| {
                    type_error(&env, "ERR_INVALID_ARG_VALUE", format!("{context}: {why}"))
                })?,
                other => read(&env, context, other)?,
            };
            limit.validate().map_err(|e| invalid(&env, context, e))?;
            self.state.set_rate_limit(Some(limit));
            Ok(())
        })
    }

    /// The rate limit in force (`{ requests, perSeconds }`), or `null`.
    #[napi(catch_unwind, ts_return_type = "unknown")]
    pub fn current_rate_limit(&self, env: Env) -> Result<Unknown<'_>> {
        guard("emulator.getRateLimit()", || {
            let limit = serde_json::to_value(self.state.rate_limit()).unwrap_or(Value::Null);
            camel(&env, &limit)
        })
    }

    /// Sets the instance's settings (a settings object, camelCase or snake_case keys, or a
    /// preset's name); returns the settings now in force.
    #[napi(catch_unwind, ts_return_type = "unknown")]
    pub fn set_instance(&self, env: Env, settings: Unknown<'_>) -> Result<Unknown<'_>> {
        guard("emulator.setInstance()", || {
            let context = "emulator.setInstance()";
            let value = match settings.get_type()? {
                ValueType::Object | ValueType::String => snake_value(&env, context, settings)?,
                _ => {
                    return Err(type_error(
                        &env,
                        "ERR_INVALID_ARG_TYPE",
                        format!("{context}: expected settings or a preset's name"),
                    ));
                }
            };
            let settings = instance_settings(&env, context, value)?;
            self.state.set_instance(settings);
            camel(&env, &serde_json::to_value(settings).unwrap_or(Value::Null))
        })
    }

    /// The instance's settings in force.
    #[napi(catch_unwind, ts_return_type = "unknown")]
    pub fn instance(&self, env: Env) -> Result<Unknown<'_>> {
        guard("emulator.instance()", || {
            camel(
                &env,
                &serde_json::to_value(self.state.instance()).unwrap_or(Value::Null),
            )
        })
    }

    /// `{ requests, rateLimited, faulted }` since the start or the last reset.
    #[napi(catch_unwind, ts_return_type = "unknown")]
    pub fn stats(&self, env: Env) -> Result<Unknown<'_>> {
        guard("emulator.stats()", || {
            camel(
                &env,
                &serde_json::to_value(self.state.stats()).unwrap_or(Value::Null),
            )
        })
    }

    /// Queues a fault: `{ status?, retryAfter?, delayMs?, malformedJson?, dropConnection?, count?,
    /// method?, path? }`.
    #[napi(catch_unwind)]
    pub fn fault(&self, env: Env, fault: Unknown<'_>) -> Result<()> {
        guard("emulator.fault()", || {
            let context = "emulator.fault()";
            let value = snake_object(&env, context, Some(fault))?;
            let fault: Fault = read(&env, context, value)?;
            // `add_fault` takes a fault as is: the control endpoint's checks come first.
            fault.validate().map_err(|e| invalid(&env, context, e))?;
            self.state.add_fault(fault);
            Ok(())
        })
    }

    /// Stops serving (in-flight requests get a short grace period) on a worker thread.
    #[napi(catch_unwind)]
    pub fn close(&self) -> AsyncTask<Stop> {
        let emulator = self.emulator.lock().unwrap_or_else(|e| e.into_inner()).take();
        AsyncTask::new(Stop { emulator })
    }

    /// Whether `close` was called.
    #[napi(getter, catch_unwind)]
    pub fn closed(&self) -> bool {
        self.emulator.lock().unwrap_or_else(|e| e.into_inner()).is_none()
    }
}

/// Stops an emulator off the JavaScript thread.
pub struct Stop {
    emulator: Option<Emulator>,
}

impl Task for Stop {
    type Output = ();
    type JsValue = ();

    fn compute(&mut self) -> Result<()> {
        if let Some(emulator) = self.emulator.take() {
            emulator.stop();
        }
        Ok(())
    }

    fn resolve(&mut self, _env: Env, _output: ()) -> Result<()> {
        Ok(())
    }
}
